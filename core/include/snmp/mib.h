/*
 * The MIB: a constant table of objects sorted by OID, plus per-agent mutable
 * state in fixed storage. GET is all-or-nothing; SET runs in two phases,
 * snmp_mib_set_validate (checks everything, changes nothing) and
 * snmp_mib_set_apply (stores what validate staged, and cannot fail).
 * Order of checks and results: AGENT.md.
 */
#ifndef SNMP_MIB_H
#define SNMP_MIB_H

#include <stdbool.h>

#include "snmp/message.h"
#include "snmp/status.h"

/* Writable strings are DisplayStrings: at most this many bytes. */
enum { SNMP_MIB_STRING_MAX = 255 };

/* How many writable objects one MIB may have (each gets a fixed slot). */
#ifndef SNMP_MIB_MAX_WRITABLE
#define SNMP_MIB_MAX_WRITABLE 16
#endif

/* How many objects one MIB may have: the lookup index below has room for
 * twice as many, so it is never more than half full and every probe
 * sequence ends at an empty entry within a few steps. */
#ifndef SNMP_MIB_MAX_OBJECTS
#define SNMP_MIB_MAX_OBJECTS 1024
#endif
#define SNMP_MIB_INDEX_SIZE (2 * SNMP_MIB_MAX_OBJECTS)

/* One object of a constant table. Built by the generator from mib.tsv. */
typedef struct snmp_mib_object {
    const uint8_t *oid;
    const char *string;     /* STRING starting value (OID-typed: dotted text) */
    uint32_t number;        /* INTEGER (as two's complement), COUNTER, TIMETICKS */
    uint16_t string_len;
    uint8_t oid_len;
    uint8_t type;           /* snmp_type the object is served as */
    bool writable;
    bool is_uptime;         /* value computed from "now" (sysUpTime) */
} snmp_mib_object;

typedef struct snmp_mib_slot {
    uint32_t number;
    uint8_t len;
    uint8_t bytes[SNMP_MIB_STRING_MAX];
} snmp_mib_slot;

typedef struct snmp_mib {
    const snmp_mib_object *objects;   /* sorted by snmp_oid_compare, no repeats */
    size_t count;
    /* Open-addressing hash of each object's OID: 1 + its index, 0 empty.
     * A GET or SET finds each OID in one or two probes instead of the ~8
     * comparisons a binary search of the 143-object table needs. */
    uint16_t index[SNMP_MIB_INDEX_SIZE];
    uint64_t start_ticks;             /* "now" when the agent started */
    /* The slot of each writable object, by object index (0 for the others):
     * reading a writable value costs one load, not a search. */
    uint8_t slot_of[SNMP_MIB_MAX_OBJECTS];
    snmp_mib_slot slots[SNMP_MIB_MAX_WRITABLE];
    size_t slot_count;
} snmp_mib;

/* The built-in table of mib.tsv, sorted. */
const snmp_mib_object *snmp_mib_default_table(size_t *count);

/*
 * Prepares mib over a table (sorted, no repeated OIDs, at most
 * SNMP_MIB_MAX_OBJECTS objects and SNMP_MIB_MAX_WRITABLE writable ones,
 * writable strings at most 255 bytes, known types, sysUpTime a read-only
 * TIMETICKS).
 * now_ticks is the agent's start in hundredths of a second on a clock that
 * never goes back. Returns SNMP_OK; SNMP_LIMIT for too many objects or
 * writable objects; SNMP_MALFORMED for any other broken rule (mib is then
 * unusable).
 */
SNMP_MUST_USE snmp_status snmp_mib_init(snmp_mib *mib, const snmp_mib_object *table,
                                        size_t count, uint64_t now_ticks);

/* Index of the object with this OID, or -1. O(1) expected: a hash probe. */
long snmp_mib_find(const snmp_mib *mib, const uint8_t *oid, size_t oid_len);

/*
 * The current value of object `index`: its type, and its payload written to
 * value_buf (4 bytes for integer types) or pointed to (strings, which stay
 * valid until the next apply). sysUpTime is (now - start) mod 2^32.
 */
typedef struct snmp_mib_value {
    const uint8_t *bytes;
    uint16_t len;
    uint8_t type;
    uint8_t number[4];
} snmp_mib_value;
void snmp_mib_read(const snmp_mib *mib, size_t index, uint64_t now_ticks, snmp_mib_value *out);

/*
 * GET: writes the GetResponse for the OIDs of request into out.
 * Answers NO_SUCH_OID if any OID is unknown, TOO_BIG if the full answer would
 * pass 65536 bytes, else SUCCESS with one binding per OID in request order.
 * Returns SNMP_OK with *out_len set, or SNMP_NO_SPACE if cap is too small for
 * the answer (cap >= SNMP_MAX_MESSAGE_SIZE always suffices).
 */
SNMP_MUST_USE snmp_status snmp_mib_get(const snmp_mib *mib, const snmp_message *request,
                                       uint64_t now_ticks, uint8_t *out, size_t cap,
                                       size_t *out_len);

/* What phase 1 staged for phase 2: one entry per binding, in order. */
typedef struct snmp_set_plan {
    struct snmp_set_step {
        const uint8_t *bytes;   /* view into the request */
        uint32_t number;
        uint16_t slot;
        uint8_t len;
    } steps[SNMP_MAX_BINDINGS];
    uint8_t count;
} snmp_set_plan;

/*
 * SET phase 1: checks every binding of request, in order: the OID is known
 * (else NO_SUCH_OID), writable (else READ_ONLY), the type matches and a
 * string is at most 255 bytes (else BAD_VALUE). Returns the first failure, or
 * SNMP_ERR_SUCCESS with plan filled. Changes nothing in mib.
 * The plan holds views into the request's buffer: apply it before that
 * buffer changes.
 */
snmp_error snmp_mib_set_validate(const snmp_mib *mib, const snmp_message *request,
                                 snmp_set_plan *plan);

/* SET phase 2: stores each staged value in order (last write wins). */
void snmp_mib_set_apply(snmp_mib *mib, const snmp_set_plan *plan);

#endif
