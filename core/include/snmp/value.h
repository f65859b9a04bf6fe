/*
 * The seed protocol: its four value types (PROTOCOL.md s.2). A value
 * travels as a type tag, a 16-bit length and its payload; these helpers
 * check and convert payloads. (The shared SMI values are smi.h.)
 */
#ifndef SNMP_VALUE_H
#define SNMP_VALUE_H

#include <stdbool.h>

#include "snmp/status.h"
#include "snmp/utf8.h"   /* snmp_utf8_valid, for STRING values */

typedef enum snmp_type {
    SNMP_TYPE_INTEGER = 0x02,
    SNMP_TYPE_STRING = 0x04,
    SNMP_TYPE_COUNTER = 0x41,
    SNMP_TYPE_TIMETICKS = 0x43
} snmp_type;

enum { SNMP_INTEGER_LEN = 4 }; /* payload size of INTEGER, COUNTER, TIMETICKS */

/* True for the four known tags. */
bool snmp_type_known(uint8_t tag);

/* "INTEGER", "STRING", "COUNTER", "TIMETICKS", or "unknown". */
const char *snmp_type_name(uint8_t tag);

/*
 * Whether a payload is a well-formed value of its type: a known tag, exactly
 * 4 bytes for the integer types, valid UTF-8 for STRING. Returns SNMP_OK or
 * SNMP_MALFORMED. Reads only payload[0 .. len).
 */
SNMP_MUST_USE snmp_status snmp_value_check(uint8_t tag, const uint8_t *payload, size_t len);

/* Big-endian 32-bit payloads. INTEGER is two's complement. */
void snmp_value_put_u32(uint8_t out[SNMP_INTEGER_LEN], uint32_t value);
void snmp_value_put_i32(uint8_t out[SNMP_INTEGER_LEN], int32_t value);
uint32_t snmp_value_get_u32(const uint8_t in[SNMP_INTEGER_LEN]);
int32_t snmp_value_get_i32(const uint8_t in[SNMP_INTEGER_LEN]);

#endif
