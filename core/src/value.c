#include "snmp/value.h"

bool snmp_type_known(uint8_t tag)
{
    return tag == SNMP_TYPE_INTEGER || tag == SNMP_TYPE_STRING || tag == SNMP_TYPE_COUNTER ||
           tag == SNMP_TYPE_TIMETICKS;
}

const char *snmp_type_name(uint8_t tag)
{
    switch (tag) {
    case SNMP_TYPE_INTEGER:
        return "INTEGER";
    case SNMP_TYPE_STRING:
        return "STRING";
    case SNMP_TYPE_COUNTER:
        return "COUNTER";
    case SNMP_TYPE_TIMETICKS:
        return "TIMETICKS";
    default:
        return "unknown";
    }
}

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

snmp_status snmp_value_check(uint8_t tag, const uint8_t *payload, size_t len)
{
    switch (tag) {
    case SNMP_TYPE_INTEGER:
    case SNMP_TYPE_COUNTER:
    case SNMP_TYPE_TIMETICKS:
        return len == SNMP_INTEGER_LEN ? SNMP_OK : SNMP_MALFORMED;
    case SNMP_TYPE_STRING:
        if (len > SNMP_MAX_VALUE_LEN)
            return SNMP_MALFORMED;
        return snmp_utf8_valid(payload, len) ? SNMP_OK : SNMP_MALFORMED;
    default:
        return SNMP_MALFORMED;
    }
}

void snmp_value_put_u32(uint8_t out[SNMP_INTEGER_LEN], uint32_t value)
{
    out[0] = (uint8_t)(value >> 24);
    out[1] = (uint8_t)(value >> 16);
    out[2] = (uint8_t)(value >> 8);
    out[3] = (uint8_t)value;
}

void snmp_value_put_i32(uint8_t out[SNMP_INTEGER_LEN], int32_t value)
{
    /* Conversion to unsigned is defined as modulo 2^32: two's complement. */
    snmp_value_put_u32(out, (uint32_t)value);
}

uint32_t snmp_value_get_u32(const uint8_t in[SNMP_INTEGER_LEN])
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | (uint32_t)in[3];
}

int32_t snmp_value_get_i32(const uint8_t in[SNMP_INTEGER_LEN])
{
    uint32_t raw = snmp_value_get_u32(in);
    /* Converting an out-of-range unsigned to int32_t is implementation-defined;
     * do the two's complement arithmetic explicitly instead. */
    if (raw <= INT32_MAX)
        return (int32_t)raw;
    return (int32_t)(raw - 2147483648u) - INT32_MAX - 1;
}
