#include "snmp/utf8.h"

/*
 * Length of the UTF-8 sequence starting at bytes[0] (available bytes left),
 * or 0 if it is not valid. The allowed range of the first continuation byte
 * is what rules out overlong forms, surrogates and code points above
 * U+10FFFF (RFC 3629, section 4).
 */
static size_t utf8_sequence_len(const uint8_t *bytes, size_t left)
{
    uint8_t lead = bytes[0];
    if (lead < 0x80)
        return 1;
    size_t extra;
    uint8_t lo = 0x80;
    uint8_t hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        extra = 2;
        lo = lead == 0xE0 ? 0xA0 : lo;
        hi = lead == 0xED ? 0x9F : hi;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        extra = 3;
        lo = lead == 0xF0 ? 0x90 : lo;
        hi = lead == 0xF4 ? 0x8F : hi;
    } else {
        return 0;
    }
    if (extra > left - 1 || bytes[1] < lo || bytes[1] > hi)
        return 0;
    for (size_t k = 2; k <= extra; k++) {
        if (bytes[k] < 0x80 || bytes[k] > 0xBF)
            return 0;
    }
    return extra + 1;
}

size_t snmp_utf8_valid_prefix(const uint8_t *bytes, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence_len(bytes + i, len - i);
        if (n == 0)
            break;
        i += n;
    }
    return i;
}

bool snmp_utf8_valid(const uint8_t *bytes, size_t len)
{
    return snmp_utf8_valid_prefix(bytes, len) == len;
}
