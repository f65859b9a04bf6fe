/*
 * A fresh default MIB for every fuzz input. snmp_mib_init checks the order of
 * the whole table and builds its index, which would cost more than most
 * inputs, so the MIB is initialised once and each input starts from a copy
 * of it: the arena's bytes, and the struct with its pointers moved to the
 * copy's arena.
 */
#ifndef FUZZ_MIB_H
#define FUZZ_MIB_H

#include <stdbool.h>
#include <string.h>

#include "fuzz_target.h"
#include "snmp/mib.h"

enum { FUZZ_MIB_ARENA = 1 << 13 };   /* the default table needs about 2.8 KiB */

/* A MIB and the arena it lives in. */
typedef struct fuzz_mib {
    snmp_mib mib;
    _Alignas(16) unsigned char arena[FUZZ_MIB_ARENA];
} fuzz_mib;

/* Where p lies in arena, as an offset. */
static inline size_t fuzz_mib_offset(const void *p, const unsigned char *arena)
{
    return (size_t)((const unsigned char *)p - arena);
}

/* dst becomes a copy of src, over dst's own arena. */
static inline void fuzz_mib_copy(fuzz_mib *dst, const fuzz_mib *src)
{
    memcpy(dst->arena, src->arena, sizeof dst->arena);
    dst->mib = src->mib;
    dst->mib.slots =
        (snmp_mib_slot *)(void *)(dst->arena + fuzz_mib_offset(src->mib.slots, src->arena));
    dst->mib.writable_rows =
        (uint32_t *)(void *)(dst->arena + fuzz_mib_offset(src->mib.writable_rows, src->arena));
    dst->mib.types = (uint32_t *)(void *)(dst->arena + fuzz_mib_offset(src->mib.types, src->arena));
    dst->mib.smiv1_from =
        (uint32_t *)(void *)(dst->arena + fuzz_mib_offset(src->mib.smiv1_from, src->arena));
}

/* Whether two MIBs hold the same state: their arenas byte for byte, and the
 * same fields (pointers compared as places in their own arenas). */
static inline bool fuzz_mib_same(const fuzz_mib *a, const fuzz_mib *b)
{
    return memcmp(a->arena, b->arena, sizeof a->arena) == 0 && a->mib.rows == b->mib.rows &&
           a->mib.count == b->mib.count && a->mib.type_count == b->mib.type_count &&
           a->mib.slot_count == b->mib.slot_count && a->mib.start_ticks == b->mib.start_ticks &&
           fuzz_mib_offset(a->mib.slots, a->arena) == fuzz_mib_offset(b->mib.slots, b->arena) &&
           fuzz_mib_offset(a->mib.writable_rows, a->arena) ==
               fuzz_mib_offset(b->mib.writable_rows, b->arena) &&
           fuzz_mib_offset(a->mib.types, a->arena) == fuzz_mib_offset(b->mib.types, b->arena) &&
           fuzz_mib_offset(a->mib.smiv1_from, a->arena) ==
               fuzz_mib_offset(b->mib.smiv1_from, b->arena);
}

/* Sets *m to the default table as it is when the agent starts (start 0). */
static inline void fuzz_fresh_mib(fuzz_mib *m)
{
    static fuzz_mib pristine;
    static bool ready;
    if (!ready) {
        size_t count;
        const snmp_mib_row *rows = snmp_mib_default_rows(&count);
        fuzz_check(snmp_mib_arena_size(rows, count) <= sizeof pristine.arena);
        fuzz_check(snmp_mib_init(&pristine.mib, rows, count, pristine.arena,
                                 sizeof pristine.arena, 0) == SNMP_OK);
        ready = true;
    }
    fuzz_mib_copy(m, &pristine);
}

#endif
