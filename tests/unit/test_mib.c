/*
 * The shared MIB (mib.h): init and its refusals, the arena, find, next,
 * object types, read. The seed protocol's view of it is test_seed_get_set.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/mib.h"
#include "test_util.h"

static snmp_mib mib;
static _Alignas(16) uint8_t arena[1 << 16];

/* Initialises mib over rows with the test's arena; returns init's status. */
static snmp_status init(const snmp_mib_row *rows, size_t count, uint64_t now)
{
    assert_true(snmp_mib_arena_size(rows, count) <= sizeof arena);
    return snmp_mib_init(&mib, rows, count, arena, sizeof arena, now);
}

/* A row named by up to 8 arcs (0-terminated after the first two). */
typedef struct name {
    uint32_t arcs[8];
    uint8_t len;
} name;

static snmp_mib_row row_of(const name *n, uint8_t type, bool writable)
{
    snmp_mib_row r;
    memset(&r, 0, sizeof r);
    r.arcs = n->arcs;
    r.arc_count = n->len;
    r.value.type = type;
    r.writable = writable;
    return r;
}

/* ---- find, next, object types over a small table ---- */

/*
 * Sorted names whose object types are not sorted: 1.3.6.1.0 (type 1.3.6.1)
 * comes before 1.3.6.2 (type 1.3.6); also a table column (1.3.6.5.1.x), a
 * big arc, and a type that is a prefix of another's (1.3.6.1 and 1.3.6).
 */
static const name SMALL[] = {
    {{1, 3, 6, 1, 0}, 5},
    {{1, 3, 6, 1, 2}, 5},
    {{1, 3, 6, 2}, 4},
    {{1, 3, 6, 5, 1, 1}, 6},
    {{1, 3, 6, 5, 1, 2}, 6},
    {{1, 3, 6, 5, 1, 4000000000u}, 6},
    {{1, 3, 6, 7}, 4},
    {{2, 0}, 2},
};
enum { SMALL_N = sizeof SMALL / sizeof SMALL[0] };
static snmp_mib_row small_rows[SMALL_N];

static int small_mib(void **state)
{
    (void)state;
    for (size_t i = 0; i < SMALL_N; i++)
        small_rows[i] = row_of(&SMALL[i], SNMP_SMI_INTEGER, false);
    return init(small_rows, SMALL_N, 0) == SNMP_OK ? 0 : -1;
}

typedef struct probe_case {
    const char *name;
    uint32_t arcs[8];
    size_t len;
    long find;     /* row index or -1 */
    long next;     /* row index or -1 */
    bool under;    /* equals or extends some row's object type */
} probe_case;

static void test_find_next_under_small_table(void **state)
{
    (void)state;
    static const probe_case probes[] = {
        {"empty", {0}, 0, -1, 0, false},
        {"0", {0}, 1, -1, 0, false},
        {"1", {1}, 1, -1, 0, false},
        {"1.3.6 (a type)", {1, 3, 6}, 3, -1, 0, true},
        {"1.3.6.1 (a type, and a prefix of rows)", {1, 3, 6, 1}, 4, -1, 0, true},
        {"1.3.6.1.0", {1, 3, 6, 1, 0}, 5, 0, 1, true},
        {"1.3.6.1.1 (missing instance)", {1, 3, 6, 1, 1}, 5, -1, 1, true},
        {"1.3.6.1.2", {1, 3, 6, 1, 2}, 5, 1, 2, true},
        {"1.3.6.1.2.0 (under a row)", {1, 3, 6, 1, 2, 0}, 6, -1, 2, true},
        {"1.3.6.2", {1, 3, 6, 2}, 4, 2, 3, true},
        {"1.3.6.3", {1, 3, 6, 3}, 4, -1, 3, true},
        {"1.3.6.5 (no type: its rows' types are 1.3.6.5.1)", {1, 3, 6, 5}, 4, -1, 3, true},
        {"1.3.6.5.1", {1, 3, 6, 5, 1}, 5, -1, 3, true},
        {"1.3.6.5.1.3", {1, 3, 6, 5, 1, 3}, 6, -1, 5, true},
        {"1.3.6.5.1.2^32-1", {1, 3, 6, 5, 1, 4294967295u}, 6, -1, 6, true},
        {"1.3.6.5.1.4000000000", {1, 3, 6, 5, 1, 4000000000u}, 6, 5, 6, true},
        {"1.3.6.7", {1, 3, 6, 7}, 4, 6, 7, true},
        {"1.3.7", {1, 3, 7}, 3, -1, 7, false},
        {"1.4", {1, 4}, 2, -1, 7, false},
        {"2", {2}, 1, -1, 7, true},
        {"2.0", {2, 0}, 2, 7, -1, true},
        {"2.1", {2, 1}, 2, -1, -1, true},
        {"3", {3}, 1, -1, -1, false},
        {"2^32-1", {4294967295u}, 1, -1, -1, false},
    };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        const probe_case *p = &probes[i];
        CHECK_CASE(snmp_mib_find(&mib, p->arcs, p->len) == p->find, p->name);
        CHECK_CASE(snmp_mib_next(&mib, p->arcs, p->len) == p->next, p->name);
        CHECK_CASE(snmp_mib_under_object_type(&mib, p->arcs, p->len) == p->under, p->name);
    }
    for (size_t i = 0; i < SMALL_N; i++)
        assert_ptr_equal(snmp_mib_row_at(&mib, i), &small_rows[i]);
}

/* An empty MIB: nothing is found, nothing is next, nothing has a type. */
static void test_empty_mib(void **state)
{
    (void)state;
    static uint8_t small_arena[15];
    assert_int_equal(snmp_mib_arena_size(NULL, 0), _Alignof(snmp_mib_slot) - 1);
    assert_int_equal(snmp_mib_init(&mib, NULL, 0, small_arena, sizeof small_arena, 0), SNMP_OK);
    static const uint32_t n[] = {1, 3};
    assert_int_equal(snmp_mib_find(&mib, n, 2), -1);
    assert_int_equal(snmp_mib_next(&mib, n, 0), -1);
    assert_false(snmp_mib_under_object_type(&mib, n, 2));
}

/* ---- a brute-force check over random tables ---- */

static int brute_compare(const uint32_t *a, size_t al, const uint32_t *b, size_t bl)
{
    for (size_t i = 0; i < al && i < bl; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return (al > bl) - (al < bl);
}

static int compare_names(const void *x, const void *y)
{
    const name *a = x;
    const name *b = y;
    return brute_compare(a->arcs, a->len, b->arcs, b->len);
}

static bool brute_under(const snmp_mib_row *rows, size_t count, const uint32_t *n, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        size_t type_len = rows[i].arc_count - 1u;
        if (type_len <= len && brute_compare(rows[i].arcs, type_len, n, type_len) == 0)
            return true;
    }
    return false;
}

/*
 * Random tables of 1 to 600 rows, names of 2 to 5 arcs over a small alphabet
 * (so that types collide, nest, and fall out of order), each probed with
 * every row's name, its prefixes, its extensions and random names against
 * linear searches. The heapsort of the type index sees every shape.
 */
static void test_random_tables_against_brute_force(void **state)
{
    (void)state;
    static name names[600];
    static snmp_mib_row rows[600];
    uint32_t rng = 0x12345678u;
    for (int round = 0; round < 60; round++) {
        size_t want = 1 + xorshift32(&rng) % 600;
        for (size_t i = 0; i < want; i++) {
            names[i].len = (uint8_t)(2 + xorshift32(&rng) % 4);
            for (size_t k = 0; k < 8; k++)
                names[i].arcs[k] = k < names[i].len ? xorshift32(&rng) % 3 : 0;
        }
        qsort(names, want, sizeof names[0], compare_names);
        size_t count = 0;
        for (size_t i = 0; i < want; i++) {
            if (count == 0 || compare_names(&names[count - 1], &names[i]) != 0)
                names[count++] = names[i];
        }
        for (size_t i = 0; i < count; i++)
            rows[i] = row_of(&names[i], SNMP_SMI_INTEGER, (xorshift32(&rng) & 3) == 0);
        assert_int_equal(init(rows, count, 0), SNMP_OK);
        for (int t = 0; t < 400; t++) {
            uint32_t probe[7];
            size_t len = xorshift32(&rng) % 7;
            for (size_t k = 0; k < len; k++)
                probe[k] = xorshift32(&rng) % 4;
            long found = -1;
            long next = -1;
            for (size_t i = 0; i < count; i++) {
                int order = brute_compare(rows[i].arcs, rows[i].arc_count, probe, len);
                if (order == 0)
                    found = (long)i;
                if (order > 0 && next < 0)
                    next = (long)i;
            }
            assert_int_equal(snmp_mib_find(&mib, probe, len), found);
            assert_int_equal(snmp_mib_next(&mib, probe, len), next);
            assert_int_equal(snmp_mib_under_object_type(&mib, probe, len),
                             brute_under(rows, count, probe, len));
        }
        for (size_t i = 0; i < count; i++) {
            assert_int_equal(snmp_mib_find(&mib, rows[i].arcs, rows[i].arc_count), (long)i);
            assert_int_equal(snmp_mib_next(&mib, rows[i].arcs, rows[i].arc_count),
                             i + 1 < count ? (long)(i + 1) : -1);
            assert_true(snmp_mib_under_object_type(&mib, rows[i].arcs, rows[i].arc_count));
            assert_true(snmp_mib_under_object_type(&mib, rows[i].arcs, rows[i].arc_count - 1u));
        }
        /* The type index: sorted, no repeats, and each names a row of that type. */
        for (size_t k = 1; k < mib.type_count; k++) {
            const snmp_mib_row *a = &rows[mib.types[k - 1]];
            const snmp_mib_row *b = &rows[mib.types[k]];
            assert_true(brute_compare(a->arcs, a->arc_count - 1u, b->arcs, b->arc_count - 1u) < 0);
        }
    }
}

/* ---- 100,000 rows: far past the old caps of 1,024 objects and 16 writable ---- */

enum { BIG_N = 100000, BIG_COLUMNS = 100 };

static void test_a_generated_mib_of_100000_rows(void **state)
{
    (void)state;
    static uint32_t names[BIG_N][9];
    static snmp_mib_row rows[BIG_N];
    static const uint8_t text[] = "w";
    size_t writable = 0;
    for (size_t i = 0; i < BIG_N; i++) {
        static const uint32_t prefix[] = {1, 3, 6, 1, 4, 1, 99999};
        memcpy(names[i], prefix, sizeof prefix);
        names[i][7] = (uint32_t)(i / (BIG_N / BIG_COLUMNS)) + 1;                /* column */
        names[i][8] = (uint32_t)(i % (BIG_N / BIG_COLUMNS)) * 4294967u;         /* to 2^32 */
        memset(&rows[i], 0, sizeof rows[i]);
        rows[i].arcs = names[i];
        rows[i].arc_count = 9;
        rows[i].writable = i % 7 == 3;
        if (rows[i].writable) {
            rows[i].value.type = SNMP_SMI_OCTET_STRING;
            rows[i].value.bytes = text;
            rows[i].value.len = 1;
            writable++;
        } else {
            rows[i].value.type = SNMP_SMI_GAUGE32;
            rows[i].value.number = i;
        }
    }
    assert_true(writable > 16);
    size_t size = snmp_mib_arena_size(rows, BIG_N);
    assert_int_equal(size, _Alignof(snmp_mib_slot) - 1 + writable * sizeof(snmp_mib_slot) + (writable + 2 * BIG_N) * 4);
    uint8_t *big = malloc(size);
    assert_non_null(big);
    assert_int_equal(snmp_mib_init(&mib, rows, BIG_N, big, size - 1, 7), SNMP_NO_SPACE);
    assert_int_equal(snmp_mib_init(&mib, rows, BIG_N, big, size, 7), SNMP_OK);
    assert_int_equal(mib.slot_count, writable);
    assert_int_equal(mib.type_count, BIG_COLUMNS);
    for (size_t i = 0; i < BIG_N; i++) {
        CHECK_CASE(snmp_mib_find(&mib, names[i], 9) == (long)i, "every row is found");
        CHECK_CASE(snmp_mib_next(&mib, names[i], 9) == (i + 1 < BIG_N ? (long)(i + 1) : -1),
                   "next is the following row");
        snmp_smi v;
        snmp_mib_read(&mib, i, 0, &v);
        if (rows[i].writable)
            CHECK_CASE(v.len == 1 && v.bytes[0] == 'w' && v.bytes != text, "a slot");
        else
            CHECK_CASE(v.number == i, "the row's value");
    }
    uint32_t column[8];
    memcpy(column, names[0], sizeof column);
    column[7] = BIG_COLUMNS + 1;
    assert_false(snmp_mib_under_object_type(&mib, column, 8));
    column[7] = BIG_COLUMNS;
    assert_true(snmp_mib_under_object_type(&mib, column, 8));
    free(big);
}

/* ---- init: the arena ---- */

static const name N_A = {{1, 1}, 2};
static const name N_B = {{1, 2}, 2};
static const name N_C = {{1, 3}, 2};

static const name N_D = {{1, 4}, 2};
static const name N_E = {{1, 5}, 2};
static const name N_F = {{1, 6}, 2};
static const name N_G = {{1, 7}, 2};

/* Where a v1 GETNEXT landing on each row goes: Counter64 runs at the start,
 * in the middle and at the end of the MIB, of one and of two rows. */
static void test_smiv1_from_skips_counter64_runs(void **state)
{
    (void)state;
    const name *names[] = {&N_A, &N_B, &N_C, &N_D, &N_E, &N_F, &N_G};
    static const uint8_t types[] = {SNMP_SMI_COUNTER64, SNMP_SMI_COUNTER64, SNMP_SMI_INTEGER,
                                    SNMP_SMI_COUNTER64, SNMP_SMI_GAUGE32, SNMP_SMI_COUNTER64,
                                    SNMP_SMI_COUNTER64};
    static const long want[] = {2, 2, 2, 4, 4, -1, -1, -1, -1};
    snmp_mib_row t[7];
    for (size_t i = 0; i < 7; i++)
        t[i] = row_of(names[i], types[i], false);
    assert_int_equal(init(t, 7, 0), SNMP_OK);
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(snmp_mib_smiv1_from(&mib, i), want[i]);
    /* No Counter64 at all: every row is its own answer. */
    t[0].value.type = SNMP_SMI_INTEGER;
    assert_int_equal(init(t, 1, 0), SNMP_OK);
    assert_int_equal(snmp_mib_smiv1_from(&mib, 0), 0);
    assert_int_equal(snmp_mib_smiv1_from(&mib, 1), -1);
    /* An empty MIB has no rows to go to. */
    assert_int_equal(init(t, 0, 0), SNMP_OK);
    assert_int_equal(snmp_mib_smiv1_from(&mib, 0), -1);
}

/* NO_SPACE at size - 1, OK at size, whatever the arena's alignment. */
static void test_arena_size_minus_1_and_size_at_every_alignment(void **state)
{
    (void)state;
    snmp_mib_row t[3];
    t[0] = row_of(&N_A, SNMP_SMI_INTEGER, true);
    t[1] = row_of(&N_B, SNMP_SMI_INTEGER, false);
    t[2] = row_of(&N_C, SNMP_SMI_COUNTER32, true);
    t[2].value.number = 77;
    size_t size = snmp_mib_arena_size(t, 3);
    assert_int_equal(size, _Alignof(snmp_mib_slot) - 1 + 2 * sizeof(snmp_mib_slot) + 8 * sizeof(uint32_t));
    for (size_t shift = 0; shift < 16; shift++) {
        char what[32];
        snprintf(what, sizeof what, "arena at +%zu", shift);
        CHECK_CASE(snmp_mib_init(&mib, t, 3, arena + shift, size - 1, 0) == SNMP_NO_SPACE, what);
        CHECK_CASE(snmp_mib_init(&mib, t, 3, arena + shift, size, 0) == SNMP_OK, what);
        CHECK_CASE((uintptr_t)mib.slots % _Alignof(snmp_mib_slot) == 0, what);
        CHECK_CASE((uint8_t *)mib.slots >= arena + shift, what);
        CHECK_CASE((uint8_t *)(mib.types + mib.type_count) <= arena + shift + size, what);
        snmp_smi v;
        snmp_mib_read(&mib, 2, 0, &v);
        CHECK_CASE(v.type == SNMP_SMI_COUNTER32 && v.number == 77, what);
    }
}

/* A count no arena could hold (row indexes are 32 bits): refused before a
 * row is read. */
static void test_more_rows_than_2_32_minus_1(void **state)
{
    (void)state;
    size_t too_many = (size_t)UINT32_MAX + 1;
    assert_true(snmp_mib_arena_size(NULL, too_many) == SIZE_MAX);
    assert_int_equal(snmp_mib_init(&mib, NULL, too_many, arena, SIZE_MAX, 0), SNMP_NO_SPACE);
}

/* ---- init: every refusal ---- */

static void test_init_refuses_bad_tables(void **state)
{
    (void)state;
    snmp_mib_row t[3];
    t[0] = row_of(&N_A, SNMP_SMI_INTEGER, false);
    t[1] = row_of(&N_B, SNMP_SMI_INTEGER, true);
    t[2] = row_of(&N_C, SNMP_SMI_INTEGER, false);
    assert_int_equal(init(t, 3, 0), SNMP_OK);
    /* Unsorted. */
    t[0] = row_of(&N_B, SNMP_SMI_INTEGER, false);
    t[1] = row_of(&N_A, SNMP_SMI_INTEGER, true);
    assert_int_equal(init(t, 3, 0), SNMP_MALFORMED);
    /* Repeated name. */
    t[0] = row_of(&N_A, SNMP_SMI_INTEGER, false);
    t[1] = row_of(&N_A, SNMP_SMI_INTEGER, true);
    assert_int_equal(init(t, 3, 0), SNMP_MALFORMED);
    /* A prefix before its extension is in order. */
    static const name ext = {{1, 1, 0}, 3};
    t[1] = row_of(&ext, SNMP_SMI_INTEGER, true);
    assert_int_equal(init(t, 3, 0), SNMP_OK);
}

typedef struct row_case {
    const char *name;
    snmp_mib_row row;
    snmp_status want;
} row_case;

static void test_init_refuses_each_bad_row(void **state)
{
    (void)state;
    static const uint32_t arcs[SNMP_OID_MAX_ARCS + 1] = {1, 3};
    static const uint32_t oid2[] = {1, 3};
    static uint8_t s255[255], s256[256];
    memset(s255, 'x', sizeof s255);
    memset(s256, 'x', sizeof s256);
    static const uint8_t bad_utf8[] = {0xC0, 0xAF};
    static const uint8_t ip[5] = {1, 2, 3, 4, 5};
#define ROW(n, ty, w, up, ...)                                                                \
    {.arcs = arcs, .arc_count = (n), .writable = (w), .is_uptime = (up),                     \
     .value = {.type = (ty), __VA_ARGS__}}
    const row_case cases[] = {
        {"1 arc", ROW(1, SNMP_SMI_INTEGER, false, false, .integer = 0), SNMP_MALFORMED},
        {"2 arcs", ROW(2, SNMP_SMI_INTEGER, false, false, .integer = 0), SNMP_OK},
        {"128 arcs", ROW(128, SNMP_SMI_INTEGER, false, false, .integer = 0), SNMP_OK},
        {"129 arcs", ROW(129, SNMP_SMI_INTEGER, false, false, .integer = 0), SNMP_MALFORMED},
        {"unknown type 0x07", ROW(2, 0x07, false, false, .integer = 0), SNMP_MALFORMED},
        {"noSuchObject", ROW(2, SNMP_SMI_NO_SUCH_OBJECT, false, false, .len = 0), SNMP_MALFORMED},
        {"noSuchInstance", ROW(2, SNMP_SMI_NO_SUCH_INSTANCE, false, false, .len = 0),
         SNMP_MALFORMED},
        {"endOfMibView", ROW(2, SNMP_SMI_END_OF_MIB_VIEW, false, false, .len = 0),
         SNMP_MALFORMED},
        {"NULL", ROW(2, SNMP_SMI_NULL, false, false, .len = 0), SNMP_OK},
        {"Opaque", ROW(2, SNMP_SMI_OPAQUE, false, false, .bytes = ip, .len = 5), SNMP_OK},
        {"Counter64 2^64-1", ROW(2, SNMP_SMI_COUNTER64, false, false, .number = UINT64_MAX),
         SNMP_OK},
        {"IpAddress of 4", ROW(2, SNMP_SMI_IPADDRESS, false, false, .bytes = ip, .len = 4),
         SNMP_OK},
        {"IpAddress of 5", ROW(2, SNMP_SMI_IPADDRESS, false, false, .bytes = ip, .len = 5),
         SNMP_MALFORMED},
        {"OID of 1 arc", ROW(2, SNMP_SMI_OBJECT_ID, false, false, .arcs = arcs, .len = 1),
         SNMP_MALFORMED},
        {"OID of 2 arcs", ROW(2, SNMP_SMI_OBJECT_ID, false, false, .arcs = oid2, .len = 2),
         SNMP_OK},
        {"OID of 128 arcs", ROW(2, SNMP_SMI_OBJECT_ID, false, false, .arcs = arcs, .len = 128),
         SNMP_OK},
        {"OID of 129 arcs", ROW(2, SNMP_SMI_OBJECT_ID, false, false, .arcs = arcs, .len = 129),
         SNMP_MALFORMED},
        {"Counter32 2^32-1", ROW(2, SNMP_SMI_COUNTER32, false, false, .number = UINT32_MAX),
         SNMP_OK},
        {"Counter32 2^32", ROW(2, SNMP_SMI_COUNTER32, false, false, .number = 1ull << 32),
         SNMP_MALFORMED},
        {"Gauge32 2^32", ROW(2, SNMP_SMI_GAUGE32, false, false, .number = 1ull << 32),
         SNMP_MALFORMED},
        {"TimeTicks 2^32", ROW(2, SNMP_SMI_TIMETICKS, false, false, .number = 1ull << 32),
         SNMP_MALFORMED},
        {"writable INTEGER", ROW(2, SNMP_SMI_INTEGER, true, false, .integer = -1), SNMP_OK},
        {"writable Gauge32", ROW(2, SNMP_SMI_GAUGE32, true, false, .number = 1), SNMP_OK},
        {"writable TimeTicks", ROW(2, SNMP_SMI_TIMETICKS, true, false, .number = 1), SNMP_OK},
        {"writable IpAddress", ROW(2, SNMP_SMI_IPADDRESS, true, false, .bytes = ip, .len = 4),
         SNMP_OK},
        {"writable OID", ROW(2, SNMP_SMI_OBJECT_ID, true, false, .arcs = oid2, .len = 2),
         SNMP_MALFORMED},
        {"writable Counter64", ROW(2, SNMP_SMI_COUNTER64, true, false, .number = 1),
         SNMP_MALFORMED},
        {"writable Opaque", ROW(2, SNMP_SMI_OPAQUE, true, false, .bytes = ip, .len = 1),
         SNMP_MALFORMED},
        {"writable NULL", ROW(2, SNMP_SMI_NULL, true, false, .len = 0), SNMP_MALFORMED},
        {"writable string of 255", ROW(2, SNMP_SMI_OCTET_STRING, true, false, .bytes = s255,
                                       .len = 255), SNMP_OK},
        {"writable string of 256", ROW(2, SNMP_SMI_OCTET_STRING, true, false, .bytes = s256,
                                       .len = 256), SNMP_MALFORMED},
        {"read-only string of 256", ROW(2, SNMP_SMI_OCTET_STRING, false, false, .bytes = s256,
                                        .len = 256), SNMP_OK},
        {"writable string not UTF-8", ROW(2, SNMP_SMI_OCTET_STRING, true, false,
                                          .bytes = bad_utf8, .len = 2), SNMP_MALFORMED},
        {"read-only string not UTF-8", ROW(2, SNMP_SMI_OCTET_STRING, false, false,
                                           .bytes = bad_utf8, .len = 2), SNMP_OK},
        {"empty writable string", ROW(2, SNMP_SMI_OCTET_STRING, true, false, .len = 0), SNMP_OK},
        {"a string's length with no bytes", ROW(2, SNMP_SMI_OCTET_STRING, false, false, .len = 3),
         SNMP_MALFORMED},
        {"Opaque's length with no bytes", ROW(2, SNMP_SMI_OPAQUE, false, false, .len = 3),
         SNMP_MALFORMED},
        {"empty Opaque", ROW(2, SNMP_SMI_OPAQUE, false, false, .len = 0), SNMP_OK},
        {"IpAddress with no bytes", ROW(2, SNMP_SMI_IPADDRESS, false, false, .len = 4),
         SNMP_MALFORMED},
        {"OID with no arcs", ROW(2, SNMP_SMI_OBJECT_ID, false, false, .len = 2), SNMP_MALFORMED},
        {"uptime", ROW(2, SNMP_SMI_TIMETICKS, false, true, .number = 0), SNMP_OK},
        {"writable uptime", ROW(2, SNMP_SMI_TIMETICKS, true, true, .number = 0), SNMP_MALFORMED},
        {"uptime not TimeTicks", ROW(2, SNMP_SMI_COUNTER32, false, true, .number = 0),
         SNMP_MALFORMED},
    };
#undef ROW
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snmp_mib_row t[1] = {cases[i].row};
        CHECK_CASE(init(t, 1, 0) == cases[i].want, cases[i].name);
        if (cases[i].want != SNMP_OK)
            continue;
        /* An accepted row reads back as given (a slot for a writable one). */
        snmp_smi v;
        snmp_mib_read(&mib, 0, 0, &v);
        CHECK_CASE(v.type == cases[i].row.value.type, cases[i].name);
        CHECK_CASE(v.len == cases[i].row.value.len, cases[i].name);
        CHECK_CASE(v.number == cases[i].row.value.number, cases[i].name);
        CHECK_CASE(v.integer == cases[i].row.value.integer, cases[i].name);
        CHECK_CASE(v.len == 0 || v.type == SNMP_SMI_OBJECT_ID ||
                       memcmp(v.bytes, cases[i].row.value.bytes, v.len) == 0,
                   cases[i].name);
        CHECK_CASE(!cases[i].row.writable || v.len == 0 || v.bytes != cases[i].row.value.bytes,
                   cases[i].name);
    }
}

/* ---- read ---- */

static void test_uptime_is_now_minus_start_mod_2_32(void **state)
{
    (void)state;
    static const struct {
        uint64_t start;
        uint64_t now;
        uint32_t want;
    } cases[] = {
        {0, 0, 0},
        {1000, 1000 + 360000, 360000},
        {0, 4294967295u, 4294967295u},
        {0, 4294967296u, 0},
        {5, 5 + 8589934592u + 7, 7},
        {1099511627776u, 1099511627776u + 100, 100},
    };
    snmp_mib_row t[1];
    t[0] = row_of(&N_A, SNMP_SMI_TIMETICKS, false);
    t[0].is_uptime = true;
    t[0].value.number = 99;   /* the row's own value is not what is read */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(init(t, 1, cases[i].start), SNMP_OK);
        snmp_smi v;
        snmp_mib_read(&mib, 0, cases[i].now, &v);
        assert_int_equal(v.type, SNMP_SMI_TIMETICKS);
        assert_true(v.number == cases[i].want);
    }
}

/* The default table over the shared API: sysUpTime is the clock, sysName a
 * slot, sysObjectID arcs. */
static void test_default_rows(void **state)
{
    (void)state;
    assert_int_equal(default_mib_init(&mib, 100), SNMP_OK);
    static const uint32_t uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
    static const uint32_t sys_name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    static const uint32_t sys_name_1[] = {1, 3, 6, 1, 2, 1, 1, 5, 1};
    static const uint32_t sys_unknown[] = {1, 3, 6, 1, 2, 1, 1, 99, 0};
    long i = snmp_mib_find(&mib, uptime, 9);
    assert_true(i >= 0 && snmp_mib_row_at(&mib, (size_t)i)->is_uptime);
    snmp_smi v;
    snmp_mib_read(&mib, (size_t)i, 350, &v);
    assert_true(v.number == 250);
    i = snmp_mib_find(&mib, sys_name, 9);
    snmp_mib_read(&mib, (size_t)i, 0, &v);
    assert_int_equal(v.len, 11);
    assert_memory_equal(v.bytes, "router-main", 11);
    assert_true(snmp_mib_under_object_type(&mib, sys_name_1, 9));
    assert_false(snmp_mib_under_object_type(&mib, sys_unknown, 9));
    assert_int_equal(snmp_mib_next(&mib, sys_name, 9), i + 1);
    assert_int_equal(mib.slot_count, 6);
}

/* ---- smi.h ---- */

static void test_smi_types(void **state)
{
    (void)state;
    static const uint8_t known[] = {0x02, 0x04, 0x05, 0x06, 0x40, 0x41, 0x42,
                                    0x43, 0x44, 0x46, 0x80, 0x81, 0x82};
    static const uint8_t empty[] = {0x05, 0x80, 0x81, 0x82};
    for (unsigned t = 0; t < 256; t++) {
        bool is_known = memchr(known, (int)t, sizeof known) != NULL;
        bool is_empty = memchr(empty, (int)t, sizeof empty) != NULL;
        assert_int_equal(snmp_smi_type_known((uint8_t)t), is_known);
        assert_int_equal(snmp_smi_type_is_empty((uint8_t)t), is_empty);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_find_next_under_small_table, small_mib),
        cmocka_unit_test(test_empty_mib),
        cmocka_unit_test(test_smiv1_from_skips_counter64_runs),
        cmocka_unit_test(test_random_tables_against_brute_force),
        cmocka_unit_test(test_a_generated_mib_of_100000_rows),
        cmocka_unit_test(test_arena_size_minus_1_and_size_at_every_alignment),
        cmocka_unit_test(test_more_rows_than_2_32_minus_1),
        cmocka_unit_test(test_init_refuses_bad_tables),
        cmocka_unit_test(test_init_refuses_each_bad_row),
        cmocka_unit_test(test_uptime_is_now_minus_start_mod_2_32),
        cmocka_unit_test(test_default_rows),
        cmocka_unit_test(test_smi_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
