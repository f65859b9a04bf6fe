#include "snmp/mib.h"

#include <stdalign.h>
#include <string.h>

#include "mib_index.h"
#include "snmp/utf8.h"

/*
 * The arena, from its first suitably aligned byte:
 *   slots[slot_count]         the values of the writable rows
 *   writable_rows[slot_count] their row indexes, ascending
 *   types[count]              one row per distinct object type (room for
 *                             count; type_count are used), sorted by type
 *   smiv1_from[count]         per row, the first row at or after it that is
 *                             not a Counter64 (count when none is)
 * Row indexes are uint32_t, so a MIB has at most 2^32-1 rows (and no more
 * than a size_t can measure the arena of).
 */
enum { ARENA_ALIGN = alignof(snmp_mib_slot) };

static size_t max_rows(void)
{
    size_t by_size = (SIZE_MAX - ARENA_ALIGN) / (sizeof(snmp_mib_slot) + 3 * sizeof(uint32_t));
    return by_size < UINT32_MAX ? by_size : UINT32_MAX;
}

size_t snmp_mib_arena_size(const snmp_mib_row *rows, size_t count)
{
    if (count > max_rows())
        return SIZE_MAX;
    size_t writable = 0;
    for (size_t i = 0; i < count; i++)
        writable += rows[i].writable ? 1u : 0u;
    return (ARENA_ALIGN - 1) + writable * sizeof(snmp_mib_slot) +
           (writable + 2 * count) * sizeof(uint32_t);
}

bool mib_type_holds_bytes(uint8_t type)
{
    return type == SNMP_SMI_OCTET_STRING || type == SNMP_SMI_IPADDRESS;
}

/* A value well-formed for its type (smi.h); exceptions are not values. */
static bool value_valid(const snmp_smi *v)
{
    switch (v->type) {
    case SNMP_SMI_INTEGER:
    case SNMP_SMI_NULL:
    case SNMP_SMI_COUNTER64:
        return true;
    case SNMP_SMI_OCTET_STRING:
    case SNMP_SMI_OPAQUE:
        return v->bytes != NULL || v->len == 0;   /* a length with no bytes */
    case SNMP_SMI_IPADDRESS:
        return v->len == 4 && v->bytes != NULL;
    case SNMP_SMI_OBJECT_ID:
        return v->len >= 2 && v->len <= SNMP_OID_MAX_ARCS && v->arcs != NULL;
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
        return v->number <= UINT32_MAX;
    default:
        return false;
    }
}

/* A starting value a writable row may have (mib.h lists the types). */
static bool writable_valid(const snmp_smi *v)
{
    switch (v->type) {
    case SNMP_SMI_INTEGER:
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
    case SNMP_SMI_IPADDRESS:
        return true;
    case SNMP_SMI_OCTET_STRING:
        return v->len <= SNMP_DISPLAY_STRING_MAX && snmp_utf8_valid(v->bytes, v->len);
    default:
        return false;
    }
}

static bool row_valid(const snmp_mib_row *row)
{
    if (row->arc_count < 2 || row->arc_count > SNMP_OID_MAX_ARCS)
        return false;
    if (!value_valid(&row->value))
        return false;
    if (row->writable && !writable_valid(&row->value))
        return false;
    return !row->is_uptime || (!row->writable && row->value.type == SNMP_SMI_TIMETICKS);
}

static int compare_rows(const snmp_mib_row *a, const snmp_mib_row *b)
{
    return snmp_arcs_compare(a->arcs, a->arc_count, b->arcs, b->arc_count);
}

/* Object types of two rows: their names without the last arc. */
static int compare_types(const snmp_mib_row *rows, uint32_t a, uint32_t b)
{
    return snmp_arcs_compare(rows[a].arcs, rows[a].arc_count - 1u, rows[b].arcs,
                             rows[b].arc_count - 1u);
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* Heap order below root among t[0 .. n), by object type. */
static void sift_down(const snmp_mib_row *rows, uint32_t *t, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && compare_types(rows, t[child], t[child + 1]) < 0)
            child++;
        if (compare_types(rows, t[root], t[child]) >= 0)
            return;
        swap(&t[root], &t[child]);
        root = child;
    }
}

/* Heapsort: in place, no recursion, O(n log n) at worst, for any row count. */
static void sort_by_type(const snmp_mib_row *rows, uint32_t *t, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(rows, t, i, n);
    for (size_t end = n; end-- > 1;) {
        swap(&t[0], &t[end]);
        sift_down(rows, t, 0, end);
    }
}

/*
 * Keeps one entry per run of equal object types in t[0 .. n) and returns
 * how many are left. The one kept is writable if any of the run is, so
 * that "is this object type writable" is one lookup (set.c).
 */
static size_t unique_types(const snmp_mib_row *rows, uint32_t *t, size_t n)
{
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        if (kept > 0 && compare_types(rows, t[kept - 1], t[k]) == 0) {
            if (rows[t[k]].writable)
                t[kept - 1] = t[k];
            continue;
        }
        t[kept++] = t[k];
    }
    return kept;
}

void mib_slot_store(snmp_mib_slot *slot, const snmp_smi *value)
{
    slot->integer = value->integer;
    slot->number = value->number;
    slot->len = 0;
    if (mib_type_holds_bytes(value->type)) {
        slot->len = (uint16_t)value->len;
        if (value->len > 0)
            memcpy(slot->bytes, value->bytes, value->len);
    }
}

/* Lays the arena out over rows already checked, and fills it. */
static void build_arena(snmp_mib *mib, unsigned char *base)
{
    const snmp_mib_row *rows = mib->rows;
    size_t writable = 0;
    for (size_t i = 0; i < mib->count; i++)
        writable += rows[i].writable ? 1u : 0u;
    mib->slots = (snmp_mib_slot *)(void *)base;
    mib->writable_rows = (uint32_t *)(void *)(base + writable * sizeof(snmp_mib_slot));
    mib->types = mib->writable_rows + writable;
    mib->smiv1_from = mib->types + mib->count;
    /* Backwards: a row that is not a Counter64 is its own answer, a
     * Counter64 takes the answer of the row after it. */
    uint32_t next = (uint32_t)mib->count;
    for (size_t i = mib->count; i-- > 0;) {
        if (rows[i].value.type != SNMP_SMI_COUNTER64)
            next = (uint32_t)i;
        mib->smiv1_from[i] = next;
    }
    for (size_t i = 0; i < mib->count; i++) {
        mib->types[i] = (uint32_t)i;
        if (!rows[i].writable)
            continue;
        mib_slot_store(&mib->slots[mib->slot_count], &rows[i].value);
        mib->writable_rows[mib->slot_count++] = (uint32_t)i;
    }
    /* The cells of one column are neighbours in a sorted MIB: dropping
     * repeats first leaves the sort about one entry per column. */
    size_t n = unique_types(rows, mib->types, mib->count);
    sort_by_type(rows, mib->types, n);
    mib->type_count = unique_types(rows, mib->types, n);
}

snmp_status snmp_mib_init(snmp_mib *mib, const snmp_mib_row *rows, size_t count, void *arena,
                          size_t arena_size, uint64_t now_ticks)
{
    memset(mib, 0, sizeof *mib);
    size_t need = snmp_mib_arena_size(rows, count);
    if (need == SIZE_MAX || arena_size < need)
        return SNMP_NO_SPACE;
    for (size_t i = 0; i < count; i++) {
        if (!row_valid(&rows[i]))
            return SNMP_MALFORMED;
        /* Strictly increasing: the binary searches rely on it. */
        if (i > 0 && compare_rows(&rows[i - 1], &rows[i]) >= 0)
            return SNMP_MALFORMED;
    }
    unsigned char *base = arena;
    size_t misalign = (size_t)((uintptr_t)base % ARENA_ALIGN);
    if (misalign != 0)
        base += ARENA_ALIGN - misalign;
    mib->rows = rows;
    mib->count = count;
    mib->start_ticks = now_ticks;
    build_arena(mib, base);
    return SNMP_OK;
}

/* Compares row i's name with name[0 .. len). */
static int compare_name(const snmp_mib *mib, size_t i, const uint32_t *name, size_t len)
{
    const snmp_mib_row *row = &mib->rows[i];
    return snmp_arcs_compare(row->arcs, row->arc_count, name, len);
}

long snmp_mib_find(const snmp_mib *mib, const uint32_t *name, size_t name_len)
{
    size_t lo = 0;
    size_t hi = mib->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int order = compare_name(mib, mid, name, name_len);
        if (order == 0)
            return (long)mid;
        if (order < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

long snmp_mib_next(const snmp_mib *mib, const uint32_t *name, size_t name_len)
{
    /* The first row above name: every row before lo is at or below it. */
    size_t lo = 0;
    size_t hi = mib->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_name(mib, mid, name, name_len) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < mib->count ? (long)lo : -1;
}

long snmp_mib_smiv1_from(const snmp_mib *mib, size_t i)
{
    if (i >= mib->count)
        return -1;
    uint32_t at = mib->smiv1_from[i];
    return at < mib->count ? (long)at : -1;
}

long mib_find_type(const snmp_mib *mib, const uint32_t *type, size_t len)
{
    size_t lo = 0;
    size_t hi = mib->type_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const snmp_mib_row *row = &mib->rows[mib->types[mid]];
        int order = snmp_arcs_compare(row->arcs, row->arc_count - 1u, type, len);
        if (order == 0)
            return (long)mid;
        if (order < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

bool snmp_mib_under_object_type(const snmp_mib *mib, const uint32_t *name, size_t name_len)
{
    /* Object types have at least one arc (names at least two). */
    for (size_t len = 1; len <= name_len; len++) {
        if (mib_find_type(mib, name, len) >= 0)
            return true;
    }
    return false;
}

const snmp_mib_row *snmp_mib_row_at(const snmp_mib *mib, size_t i)
{
    return &mib->rows[i];
}

size_t mib_slot_of(const snmp_mib *mib, size_t i)
{
    /* writable_rows is ascending and holds i: the first entry not below i. */
    size_t lo = 0;
    size_t hi = mib->slot_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mib->writable_rows[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void snmp_mib_read(const snmp_mib *mib, size_t i, uint64_t now_ticks, snmp_smi *out)
{
    const snmp_mib_row *row = &mib->rows[i];
    *out = row->value;
    if (row->is_uptime) {
        out->number = (uint32_t)(now_ticks - mib->start_ticks);   /* mod 2^32 by design */
        return;
    }
    if (!row->writable)
        return;
    const snmp_mib_slot *slot = &mib->slots[mib_slot_of(mib, i)];
    if (mib_type_holds_bytes(row->value.type)) {
        out->bytes = slot->bytes;
        out->len = slot->len;
    } else {
        out->integer = slot->integer;
        out->number = slot->number;
    }
}
