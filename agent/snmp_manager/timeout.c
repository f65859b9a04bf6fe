#include "timeout.h"

#include <stddef.h>
#include <stdint.h>

/* Parsed by hand in whole milliseconds: strtod would accept "inf", "nan",
 * hex and leading spaces, and its decimal point follows the locale. */
double mgr_timeout_from_text(const char *text)
{
    if (text == NULL)
        return MGR_DEFAULT_TIMEOUT_SECONDS;

    const uint64_t max_seconds = (uint64_t)MGR_MAX_TIMEOUT_SECONDS;
    uint64_t seconds = 0;
    size_t i = 0;
    for (; text[i] >= '0' && text[i] <= '9'; i++) {
        /* Saturate: anything past the maximum is refused below anyway. */
        if (seconds <= max_seconds)
            seconds = seconds * 10u + (uint64_t)(text[i] - '0');
    }
    if (i == 0 || seconds > max_seconds)
        return MGR_DEFAULT_TIMEOUT_SECONDS;

    uint64_t ms = seconds * 1000u;
    if (text[i] == '.') {
        i++;
        uint64_t scale = 100;
        size_t digits = 0;
        for (; text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            if (digits == 3)
                return MGR_DEFAULT_TIMEOUT_SECONDS;
            ms += (uint64_t)(text[i] - '0') * scale;
            scale /= 10u;
        }
        if (digits == 0)
            return MGR_DEFAULT_TIMEOUT_SECONDS;
    }
    if (text[i] != '\0' || ms == 0 || ms > max_seconds * 1000u)
        return MGR_DEFAULT_TIMEOUT_SECONDS;
    return (double)ms / 1000.0;
}
