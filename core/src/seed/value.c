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
