/* Numeric OIDs (arcs.h): order, prefixes, dotted text, the seed's one-byte form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/arcs.h"
#include "test_util.h"

enum { MAX = 8 };

typedef struct arcs_case {
    const char *name;
    uint32_t a[MAX];
    size_t a_len;
    uint32_t b[MAX];
    size_t b_len;
    int order;      /* sign of compare(a, b) */
    bool prefix;    /* b is a prefix of a (or equal) */
} arcs_case;

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void test_compare_and_has_prefix(void **state)
{
    (void)state;
    static const arcs_case cases[] = {
        {"equal", {1, 3, 6}, 3, {1, 3, 6}, 3, 0, true},
        {"both empty", {0}, 0, {0}, 0, 0, true},
        {"empty is a prefix of all", {1}, 1, {0}, 0, 1, true},
        {"proper prefix sorts first", {1, 3}, 2, {1, 3, 6}, 3, -1, false},
        {"extension sorts after", {1, 3, 6, 0}, 4, {1, 3, 6}, 3, 1, true},
        {"numeric, not textual: 9 < 10", {1, 9}, 2, {1, 10}, 2, -1, false},
        {"first arc decides before length", {2}, 1, {1, 3, 6, 1}, 4, 1, false},
        {"255 < 256", {1, 255}, 2, {1, 256}, 2, -1, false},
        {"2^31-1 < 2^31", {2147483647u}, 1, {2147483648u}, 1, -1, false},
        {"2^31 < 2^32-1", {1, 2147483648u}, 2, {1, 4294967295u}, 2, -1, false},
        {"2^32-1 > 0", {4294967295u}, 1, {0}, 1, 1, false},
        {"arcs above 2^31 equal", {4294967295u, 2147483648u}, 2, {4294967295u, 2147483648u}, 2,
         0, true},
        {"same prefix, differs in the last", {1, 3, 6, 1, 5}, 5, {1, 3, 6, 1, 4}, 5, 1, false},
        {"prefix with a big arc", {7, 4000000000u, 1}, 3, {7, 4000000000u}, 2, 1, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const arcs_case *c = &cases[i];
        CHECK_CASE(sign(snmp_arcs_compare(c->a, c->a_len, c->b, c->b_len)) == c->order, c->name);
        CHECK_CASE(sign(snmp_arcs_compare(c->b, c->b_len, c->a, c->a_len)) == -c->order, c->name);
        CHECK_CASE(snmp_arcs_has_prefix(c->a, c->a_len, c->b, c->b_len) == c->prefix, c->name);
        /* a is a prefix of b only when equal or b extends a. */
        bool reverse = c->order <= 0 && c->a_len <= c->b_len &&
                       snmp_arcs_compare(c->a, c->a_len, c->b, c->a_len) == 0;
        CHECK_CASE(snmp_arcs_has_prefix(c->b, c->b_len, c->a, c->a_len) == reverse, c->name);
    }
}

static void test_from_text_table(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t cap;
        snmp_status want;
        uint32_t arcs[MAX];
        size_t len;
    } cases[] = {
        {"1.3.6.1", MAX, SNMP_OK, {1, 3, 6, 1}, 4},
        {"0", MAX, SNMP_OK, {0}, 1},
        {"4294967295", MAX, SNMP_OK, {4294967295u}, 1},
        {"1.4294967295.2", MAX, SNMP_OK, {1, 4294967295u, 2}, 3},
        {"007.010", MAX, SNMP_OK, {7, 10}, 2},
        {"4294967296", MAX, SNMP_MALFORMED, {0}, 0},
        {"1.42949672950", MAX, SNMP_MALFORMED, {0}, 0},
        {"99999999999999999999999999", MAX, SNMP_MALFORMED, {0}, 0},
        {"", MAX, SNMP_MALFORMED, {0}, 0},
        {".", MAX, SNMP_MALFORMED, {0}, 0},
        {".1", MAX, SNMP_MALFORMED, {0}, 0},
        {"1.", MAX, SNMP_MALFORMED, {0}, 0},
        {"1..2", MAX, SNMP_MALFORMED, {0}, 0},
        {"1.a", MAX, SNMP_MALFORMED, {0}, 0},
        {"1 .2", MAX, SNMP_MALFORMED, {0}, 0},
        {"-1", MAX, SNMP_MALFORMED, {0}, 0},
        {"+1", MAX, SNMP_MALFORMED, {0}, 0},
        {"1.2.3", 3, SNMP_OK, {1, 2, 3}, 3},
        {"1.2.3", 2, SNMP_LIMIT, {0}, 0},
        {"1", 0, SNMP_LIMIT, {0}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t out[MAX];
        size_t len = 99;
        const char *t = cases[i].text;
        guarded_buf g = {0};
        const char *in = (const char *)guarded_copy(&g, t, strlen(t));
        snmp_status st = snmp_arcs_from_text(in, strlen(t), out, cases[i].cap, &len);
        guarded_free(&g);
        CHECK_CASE(st == cases[i].want, t);
        CHECK_CASE(len == cases[i].len, t);
        CHECK_CASE(len == 0 || memcmp(out, cases[i].arcs, len * sizeof out[0]) == 0, t);
    }
}

/* 128 arcs of 4294967295 are the longest text: 128 * 11 - 1 bytes. */
static void test_text_both_ways_at_128_and_129_arcs(void **state)
{
    (void)state;
    static uint32_t arcs[SNMP_OID_MAX_ARCS + 1];
    for (size_t i = 0; i <= SNMP_OID_MAX_ARCS; i++)
        arcs[i] = 4294967295u;
    static char text[SNMP_ARCS_TEXT_MAX + 32];
    size_t text_len = 0;
    assert_int_equal(snmp_arcs_to_text(arcs, 128, text, SNMP_ARCS_TEXT_MAX + 1, &text_len),
                     SNMP_OK);
    assert_int_equal(text_len, SNMP_ARCS_TEXT_MAX - 1);
    assert_int_equal(text[text_len], '\0');
    uint32_t back[SNMP_OID_MAX_ARCS + 1];
    size_t len = 0;
    assert_int_equal(snmp_arcs_from_text(text, text_len, back, SNMP_OID_MAX_ARCS, &len), SNMP_OK);
    assert_int_equal(len, 128);
    assert_memory_equal(back, arcs, 128 * sizeof arcs[0]);

    /* 129 arcs: the text is 11 bytes longer; 128 of room is the limit. */
    assert_int_equal(snmp_arcs_to_text(arcs, 129, text, sizeof text, &text_len), SNMP_OK);
    assert_int_equal(text_len, SNMP_ARCS_TEXT_MAX + 10);
    assert_int_equal(snmp_arcs_from_text(text, text_len, back, SNMP_OID_MAX_ARCS, &len),
                     SNMP_LIMIT);
    assert_int_equal(len, 0);
    assert_int_equal(snmp_arcs_from_text(text, text_len, back, SNMP_OID_MAX_ARCS + 1, &len),
                     SNMP_OK);
    assert_int_equal(len, 129);

    /* 4294967295 and 4294967296 as the last arc of 128 (the 129th cut off). */
    size_t short_len = text_len - 11;
    memcpy(text + short_len - 10, "4294967295", 10);
    assert_int_equal(snmp_arcs_from_text(text, short_len, back, SNMP_OID_MAX_ARCS, &len), SNMP_OK);
    assert_true(back[127] == 4294967295u);
    memcpy(text + short_len - 10, "4294967296", 10);
    assert_int_equal(snmp_arcs_from_text(text, short_len, back, SNMP_OID_MAX_ARCS, &len),
                     SNMP_MALFORMED);
    assert_int_equal(len, 0);
}

/* to_text at every capacity from 0 up: SNMP_NO_SPACE until text and NUL fit. */
static void test_to_text_every_capacity(void **state)
{
    (void)state;
    static const struct {
        uint32_t arcs[MAX];
        size_t len;
        const char *want;
    } cases[] = {
        {{1, 3, 6, 1, 4, 1, 9, 1234}, 8, "1.3.6.1.4.1.9.1234"},
        {{0}, 1, "0"},
        {{4294967295u, 0}, 2, "4294967295.0"},
        {{0}, 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t need = strlen(cases[i].want) + 1;
        for (size_t cap = 0; cap <= need; cap++) {
            guarded_buf g = {0};
            char *out = (char *)guarded_alloc(&g, cap);
            size_t text_len = 99;
            snmp_status st = snmp_arcs_to_text(cases[i].arcs, cases[i].len, out, cap, &text_len);
            if (cap < need) {
                CHECK_CASE(st == SNMP_NO_SPACE && text_len == 0, cases[i].want);
                CHECK_CASE(cap == 0 || out[0] == '\0', cases[i].want);
            } else {
                CHECK_CASE(st == SNMP_OK && text_len == need - 1, cases[i].want);
                CHECK_CASE(strcmp(out, cases[i].want) == 0, cases[i].want);
            }
            guarded_free(&g);
        }
    }
}

static void test_seed_both_ways(void **state)
{
    (void)state;
    /* from_seed: every byte value, and seed_len at cap and cap + 1. */
    static uint8_t seed[255];
    for (size_t i = 0; i < sizeof seed; i++)
        seed[i] = (uint8_t)(255 - i);
    static uint32_t arcs[255];
    size_t len = 99;
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, seed, 128);
    assert_int_equal(snmp_arcs_from_seed(in, 128, arcs, SNMP_OID_MAX_ARCS, &len), SNMP_OK);
    guarded_free(&g);
    assert_int_equal(len, 128);
    for (size_t i = 0; i < 128; i++)
        assert_true(arcs[i] == seed[i]);
    len = 99;
    assert_int_equal(snmp_arcs_from_seed(seed, 129, arcs, SNMP_OID_MAX_ARCS, &len), SNMP_LIMIT);
    assert_int_equal(len, 0);
    assert_int_equal(snmp_arcs_from_seed(seed, 255, arcs, 255, &len), SNMP_OK);
    assert_int_equal(len, 255);
    assert_int_equal(snmp_arcs_from_seed(seed, 0, arcs, 0, &len), SNMP_OK);
    assert_int_equal(len, 0);

    /* to_seed: 255 fits, 256 and above do not; len above cap. */
    static const struct {
        const char *name;
        uint32_t arcs[MAX];
        size_t len;
        size_t cap;
        snmp_status want;
    } cases[] = {
        {"bytes", {1, 3, 0, 255}, 4, MAX, SNMP_OK},
        {"256", {1, 3, 256}, 3, MAX, SNMP_MALFORMED},
        {"2^32-1", {4294967295u}, 1, MAX, SNMP_MALFORMED},
        {"at cap", {1, 2, 3}, 3, 3, SNMP_OK},
        {"cap + 1", {1, 2, 3}, 3, 2, SNMP_NO_SPACE},
        {"empty", {0}, 0, 0, SNMP_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        guarded_buf go = {0};
        uint8_t *out = guarded_alloc(&go, cases[i].cap);
        size_t seed_len = 99;
        snmp_status st = snmp_arcs_to_seed(cases[i].arcs, cases[i].len, out, cases[i].cap,
                                           &seed_len);
        CHECK_CASE(st == cases[i].want, cases[i].name);
        if (st == SNMP_OK) {
            CHECK_CASE(seed_len == cases[i].len, cases[i].name);
            for (size_t k = 0; k < seed_len; k++)
                CHECK_CASE(out[k] == cases[i].arcs[k], cases[i].name);
        } else {
            CHECK_CASE(seed_len == 0, cases[i].name);
        }
        guarded_free(&go);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_and_has_prefix),
        cmocka_unit_test(test_from_text_table),
        cmocka_unit_test(test_text_both_ways_at_128_and_129_arcs),
        cmocka_unit_test(test_to_text_every_capacity),
        cmocka_unit_test(test_seed_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
