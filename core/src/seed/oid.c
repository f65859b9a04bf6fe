#include "snmp/oid.h"

#include <string.h>

snmp_status snmp_oid_from_text(const char *text, size_t text_len, uint8_t *out, size_t cap,
                               size_t *out_len)
{
    *out_len = 0;
    if (text_len == 0)
        return SNMP_MALFORMED;

    size_t count = 0;
    size_t pos = 0;
    /* Each pass takes one component and the dot after it; the loop ends on
     * the input's length, so it is bounded by text_len. */
    while (pos < text_len) {
        unsigned value = 0;
        size_t digits = 0;
        while (pos < text_len && text[pos] >= '0' && text[pos] <= '9') {
            /* Saturate instead of overflowing: anything above 255 is refused. */
            if (value <= 255)
                value = value * 10u + (unsigned)(text[pos] - '0');
            pos++;
            digits++;
        }
        if (digits == 0 || value > 255)
            return SNMP_MALFORMED;
        if (pos < text_len) {
            if (text[pos] != '.')
                return SNMP_MALFORMED;
            pos++;
            if (pos == text_len)    /* trailing dot: an empty last component */
                return SNMP_MALFORMED;
        }
        if (count == SNMP_MAX_OID_LEN)
            return SNMP_LIMIT;
        if (count == cap)
            return SNMP_NO_SPACE;
        out[count++] = (uint8_t)value;
    }
    *out_len = count;
    return SNMP_OK;
}

snmp_status snmp_oid_to_text(const uint8_t *oid, size_t oid_len, char *out, size_t cap,
                             size_t *text_len)
{
    *text_len = 0;
    if (cap == 0)
        return SNMP_NO_SPACE;
    out[0] = '\0';

    size_t len = 0;
    for (size_t i = 0; i < oid_len; i++) {
        char digits[4];
        size_t n = 0;
        unsigned value = oid[i];
        do {
            digits[n++] = (char)('0' + value % 10u);
            value /= 10u;
        } while (value != 0);

        size_t need = n + (i > 0 ? 1u : 0u);
        /* Keep one byte for the terminating NUL. */
        if (need > cap - 1 - len) {
            out[0] = '\0';
            return SNMP_NO_SPACE;
        }
        if (i > 0)
            out[len++] = '.';
        while (n > 0)
            out[len++] = digits[--n];
    }
    out[len] = '\0';
    *text_len = len;
    return SNMP_OK;
}

int snmp_oid_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    size_t common = a_len < b_len ? a_len : b_len;
    int order = common ? memcmp(a, b, common) : 0;
    if (order != 0)
        return order;
    if (a_len == b_len)
        return 0;
    return a_len < b_len ? -1 : 1;
}
