/*
 * The MIB, shared by both front ends: rows the caller owns (a generated
 * table, later a recording loaded from a file), sorted by numeric OID, plus
 * the per-MIB state in an arena the caller hands over (the core says how
 * much it needs and allocates nothing). It knows no wire format: it answers
 * find, next and "is this name under an object type", and reads typed
 * values. The SET engine that changes it is set.h.
 */
#ifndef SNMP_MIB_H
#define SNMP_MIB_H

#include <stdbool.h>

#include "snmp/arcs.h"
#include "snmp/smi.h"
#include "snmp/status.h"

/* One object as its owner describes it. */
typedef struct snmp_mib_row {
    const uint32_t *arcs;     /* the name, 2..128 arcs */
    snmp_smi value;           /* starting value; its views stay valid as long as the row */
    uint8_t arc_count;
    bool writable;            /* writable types: INTEGER, OCTET STRING (a DisplayString:
                                 at most 255 bytes, UTF-8), Counter32, Gauge32, TimeTicks,
                                 IpAddress */
    bool is_uptime;           /* a read-only TimeTicks computed from "now" (sysUpTime) */
} snmp_mib_row;

/* The value of one writable object (the arena holds one per writable row). */
typedef struct snmp_mib_slot {
    uint64_t number;
    int32_t integer;
    uint16_t len;
    uint8_t bytes[SNMP_DISPLAY_STRING_MAX];
} snmp_mib_slot;

/* A MIB. Its fields belong to mib.c and set.c; read it through the functions. */
typedef struct snmp_mib {
    const snmp_mib_row *rows;   /* sorted by snmp_arcs_compare, no repeats */
    size_t count;
    uint32_t *types;            /* arena: one row per distinct object type, sorted by type */
    size_t type_count;
    uint32_t *writable_rows;    /* arena: the indexes of the writable rows, ascending */
    uint32_t *smiv1_from;       /* arena: per row, the first row at or after it whose
                                   type is not Counter64 (count when none is) */
    snmp_mib_slot *slots;       /* arena: slots[k] is the value of writable_rows[k] */
    size_t slot_count;
    uint64_t start_ticks;
} snmp_mib;

/* The built-in table of mib.tsv, sorted. */
const snmp_mib_row *snmp_mib_default_rows(size_t *count);

/* Bytes of arena snmp_mib_init needs for these rows (alignment slack included). */
size_t snmp_mib_arena_size(const snmp_mib_row *rows, size_t count);

/*
 * Prepares mib over rows[0 .. count) and an arena of arena_size bytes (any
 * alignment) that must outlive mib. now_ticks is the start (hundredths of a
 * second, a clock that never goes back). Returns SNMP_OK; SNMP_NO_SPACE if
 * the arena is smaller than snmp_mib_arena_size; SNMP_MALFORMED for rows not
 * strictly increasing, a name outside 2..128 arcs, an unknown or exception
 * type, a value that breaks smi.h's rules for its type (an IpAddress not 4
 * bytes, an OID outside 2..128 arcs, a 32-bit type at or above 2^32, a
 * length with no bytes or arcs), a writable row of a type that cannot be written (or a writable
 * OCTET STRING over 255 bytes or not UTF-8), an uptime row that is not a
 * read-only TimeTicks. On failure mib is unusable.
 */
SNMP_MUST_USE snmp_status snmp_mib_init(snmp_mib *mib, const snmp_mib_row *rows, size_t count,
                                        void *arena, size_t arena_size, uint64_t now_ticks);

/* The row named exactly name, or -1. O(log n). */
long snmp_mib_find(const snmp_mib *mib, const uint32_t *name, size_t name_len);

/* The first row after name in numeric order, or -1 (end of the MIB). O(log n). */
long snmp_mib_next(const snmp_mib *mib, const uint32_t *name, size_t name_len);

/*
 * Whether name equals or extends the object type (the name without its
 * last arc) of some row: GET answers noSuchInstance then, else
 * noSuchObject (SNMP.md s.4). O(name_len * log n).
 */
bool snmp_mib_under_object_type(const snmp_mib *mib, const uint32_t *name, size_t name_len);

/*
 * The first row at or after row i whose type SMIv1 has (every type but
 * Counter64), or -1: where a v1 GETNEXT that lands on row i goes (RFC 3584
 * 4.2.2.1 skips Counter64 objects). O(1), so a long run of Counter64 rows
 * costs a v1 request nothing more than a short one.
 */
long snmp_mib_smiv1_from(const snmp_mib *mib, size_t i);

/* Row i as its owner gave it (its name, type, access). */
const snmp_mib_row *snmp_mib_row_at(const snmp_mib *mib, size_t i);

/*
 * The current value of row i: a writable row's slot, sysUpTime as
 * (now - start) mod 2^32, else the row's own value. Views stay valid until
 * the next snmp_set_apply.
 */
void snmp_mib_read(const snmp_mib *mib, size_t i, uint64_t now_ticks, snmp_smi *out);

#endif
