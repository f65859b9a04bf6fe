#include "snmp/arcs.h"

int snmp_arcs_compare(const uint32_t *a, size_t a_len, const uint32_t *b, size_t b_len)
{
    size_t common = a_len < b_len ? a_len : b_len;
    for (size_t i = 0; i < common; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    if (a_len == b_len)
        return 0;
    return a_len < b_len ? -1 : 1;
}

bool snmp_arcs_has_prefix(const uint32_t *name, size_t name_len, const uint32_t *prefix,
                          size_t prefix_len)
{
    if (prefix_len > name_len)
        return false;
    for (size_t i = 0; i < prefix_len; i++) {
        if (name[i] != prefix[i])
            return false;
    }
    return true;
}

/*
 * One arc of dotted text starting at text[*pos]: its digits, then the dot
 * after it (a dot that ends the text is an empty last arc). SNMP_OK with
 * *arc and *pos past the dot, or SNMP_MALFORMED.
 */
static snmp_status take_arc(const char *text, size_t text_len, size_t *pos, uint32_t *arc)
{
    uint64_t value = 0;
    size_t at = *pos;
    size_t digits = 0;
    while (at < text_len && text[at] >= '0' && text[at] <= '9') {
        value = value * 10u + (uint64_t)(text[at] - '0');
        /* Stop at once past 2^32-1, before a long run of digits overflows. */
        if (value > UINT32_MAX)
            return SNMP_MALFORMED;
        at++;
        digits++;
    }
    if (digits == 0)
        return SNMP_MALFORMED;
    if (at < text_len) {
        if (text[at] != '.')
            return SNMP_MALFORMED;
        at++;
        if (at == text_len)   /* trailing dot: an empty last arc */
            return SNMP_MALFORMED;
    }
    *arc = (uint32_t)value;
    *pos = at;
    return SNMP_OK;
}

snmp_status snmp_arcs_from_text(const char *text, size_t text_len, uint32_t *out, size_t cap,
                                size_t *len)
{
    *len = 0;
    if (text_len == 0)
        return SNMP_MALFORMED;
    size_t count = 0;
    size_t pos = 0;
    /* Each pass takes one arc and advances pos by at least one byte. */
    while (pos < text_len) {
        uint32_t arc;
        if (take_arc(text, text_len, &pos, &arc) != SNMP_OK)
            return SNMP_MALFORMED;
        if (count == cap)
            return SNMP_LIMIT;
        out[count++] = arc;
    }
    *len = count;
    return SNMP_OK;
}

snmp_status snmp_arcs_to_text(const uint32_t *arcs, size_t len, char *out, size_t cap,
                              size_t *text_len)
{
    *text_len = 0;
    if (cap == 0)
        return SNMP_NO_SPACE;
    out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < len; i++) {
        char digits[10];   /* 4294967295 */
        size_t n = 0;
        uint32_t value = arcs[i];
        do {
            digits[n++] = (char)('0' + value % 10u);
            value /= 10u;
        } while (value != 0);
        size_t need = n + (i > 0 ? 1u : 0u);
        /* Keep one byte for the terminating NUL. */
        if (need > cap - 1 - at) {
            out[0] = '\0';
            return SNMP_NO_SPACE;
        }
        if (i > 0)
            out[at++] = '.';
        while (n > 0)
            out[at++] = digits[--n];
    }
    out[at] = '\0';
    *text_len = at;
    return SNMP_OK;
}

snmp_status snmp_arcs_from_seed(const uint8_t *seed, size_t seed_len, uint32_t *out, size_t cap,
                                size_t *len)
{
    *len = 0;
    if (seed_len > cap)
        return SNMP_LIMIT;
    for (size_t i = 0; i < seed_len; i++)
        out[i] = seed[i];
    *len = seed_len;
    return SNMP_OK;
}

snmp_status snmp_arcs_to_seed(const uint32_t *arcs, size_t len, uint8_t *out, size_t cap,
                              size_t *seed_len)
{
    *seed_len = 0;
    if (len > cap)
        return SNMP_NO_SPACE;
    for (size_t i = 0; i < len; i++) {
        if (arcs[i] > UINT8_MAX)
            return SNMP_MALFORMED;
        out[i] = (uint8_t)arcs[i];
    }
    *seed_len = len;
    return SNMP_OK;
}
