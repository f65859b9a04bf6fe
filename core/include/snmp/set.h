/*
 * The SET engine, shared by both front ends: phase 1 checks one binding at
 * a time against the MIB and stages it (changing nothing); phase 2 stores
 * every staged binding at once and cannot fail. Failures are SMIv2's
 * (RFC 3416 4.2.5); each front end maps them to its own codes.
 */
#ifndef SNMP_SET_H
#define SNMP_SET_H

#include "snmp/mib.h"

typedef enum snmp_set_failure {
    SNMP_SET_OK = 0,
    SNMP_SET_NOT_WRITABLE,   /* no writable row has the name's object type:
                                the name is unknown, or its row is read-only */
    SNMP_SET_WRONG_TYPE,     /* the value's type is not the object type's */
    SNMP_SET_WRONG_LENGTH,   /* a DisplayString over 255 bytes, an IpAddress not 4 */
    SNMP_SET_WRONG_VALUE,    /* a DisplayString that is not UTF-8; a Counter32,
                                Gauge32 or TimeTicks at or above 2^32 */
    SNMP_SET_NO_CREATION     /* the object type is writable but no row has this name
                                (e.g. sysName.1) */
} snmp_set_failure;

/* One staged binding: which slot takes which value (views into the request). */
typedef struct snmp_set_step {
    snmp_smi value;
    uint32_t slot;
} snmp_set_step;

/*
 * Phase 1 for one binding, the checks in the order of the enum above (first
 * failure wins). On SNMP_SET_OK *step is filled; it holds views into value's
 * bytes, so apply it before they change. Changes nothing in mib.
 */
snmp_set_failure snmp_set_check(const snmp_mib *mib, const uint32_t *name, size_t name_len,
                                const snmp_smi *value, snmp_set_step *step);

/* Phase 2: stores steps[0 .. count) in order (a repeated name: the last wins). */
void snmp_set_apply(snmp_mib *mib, const snmp_set_step *steps, size_t count);

/* A short name of a failure ("notWritable", "wrongType", ...), for logs and tests. */
const char *snmp_set_failure_name(snmp_set_failure failure);

#endif
