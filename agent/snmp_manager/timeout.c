#include "timeout.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "args.h"
#include "text.h"

/* Parsed by hand in whole milliseconds: strtod would accept "inf", "nan",
 * hex and leading spaces, and its decimal point follows the locale. */
bool mgr_timeout_parse(const char *text, double *seconds)
{
    if (text == NULL) {
        *seconds = MGR_DEFAULT_TIMEOUT_SECONDS;
        return true;
    }

    const uint64_t max_seconds = (uint64_t)MGR_MAX_TIMEOUT_SECONDS;
    uint64_t whole = 0;
    size_t i = 0;
    for (; text[i] >= '0' && text[i] <= '9'; i++) {
        /* Saturate: anything past the maximum is refused below anyway. */
        if (whole <= max_seconds)
            whole = whole * 10u + (uint64_t)(text[i] - '0');
    }
    if (i == 0 || whole > max_seconds)
        return false;

    uint64_t ms = whole * 1000u;
    if (text[i] == '.') {
        i++;
        uint64_t scale = 100;
        size_t digits = 0;
        for (; text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            if (digits == 3)
                return false;
            ms += (uint64_t)(text[i] - '0') * scale;
            scale /= 10u;
        }
        if (digits == 0)
            return false;
    }
    if (text[i] != '\0' || ms == 0 || ms > max_seconds * 1000u)
        return false;
    *seconds = (double)ms / 1000.0;
    return true;
}

void mgr_print_timeout_error(FILE *out, const char *text)
{
    fputs("Error: Invalid " MGR_TIMEOUT_ENV " '", out);
    mgr_print_echo(out, text, strlen(text));
    fputs("': seconds above 0, at most 86400, up to 3 decimals\n", out);
    mgr_print_usage(out);
}
