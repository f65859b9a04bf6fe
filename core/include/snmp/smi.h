/*
 * SMI values (RFC 2578, SNMP.md s.2), shared by both front ends and the
 * MIB: a typed value with its payload as numbers or as a view of bytes or
 * arcs the owner keeps. The MIB stores these; each front end encodes them.
 */
#ifndef SNMP_SMI_H
#define SNMP_SMI_H

#include <stdbool.h>

#include "snmp/status.h"

/* The BER tag of each type, so the SNMP front end writes it as it is. */
typedef enum snmp_smi_type {
    SNMP_SMI_INTEGER = 0x02,
    SNMP_SMI_OCTET_STRING = 0x04,
    SNMP_SMI_NULL = 0x05,
    SNMP_SMI_OBJECT_ID = 0x06,
    SNMP_SMI_IPADDRESS = 0x40,
    SNMP_SMI_COUNTER32 = 0x41,
    SNMP_SMI_GAUGE32 = 0x42,
    SNMP_SMI_TIMETICKS = 0x43,
    SNMP_SMI_OPAQUE = 0x44,
    SNMP_SMI_COUNTER64 = 0x46,
    SNMP_SMI_NO_SUCH_OBJECT = 0x80,
    SNMP_SMI_NO_SUCH_INSTANCE = 0x81,
    SNMP_SMI_END_OF_MIB_VIEW = 0x82
} snmp_smi_type;

enum { SNMP_DISPLAY_STRING_MAX = 255 };   /* RFC 2579 DisplayString SIZE (0..255) */

/*
 * One value. Which fields mean something depends on type:
 *   INTEGER                          integer
 *   Counter32, Gauge32, TimeTicks    number (below 2^32)
 *   Counter64                        number
 *   OCTET STRING, Opaque, IpAddress  bytes[0 .. len) (IpAddress: len 4)
 *   OBJECT IDENTIFIER                arcs[0 .. len), 2 <= len <= 128
 *   NULL and the three exceptions    nothing
 * Views (bytes, arcs) belong to whoever made the value.
 */
typedef struct snmp_smi {
    const uint8_t *bytes;
    const uint32_t *arcs;
    uint64_t number;
    size_t len;
    int32_t integer;
    uint8_t type;     /* an snmp_smi_type */
} snmp_smi;

/* True for the thirteen tags above. */
bool snmp_smi_type_known(uint8_t type);

/* True for NULL-like types: NULL and the three exceptions. */
bool snmp_smi_type_is_empty(uint8_t type);

#endif
