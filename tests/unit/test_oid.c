/* OID codec (PROTOCOL.md s.1) and the status names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "snmp/oid.h"
#include "snmp/status.h"
#include "test_util.h"

/* Runs from_text over a guarded copy of text[0 .. len) with a roomy output. */
static snmp_status from_text_len(const char *text, size_t len, uint8_t *out, size_t cap,
                                 size_t *out_len)
{
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, text, len);
    *out_len = 0xBADBAD;
    snmp_status st = snmp_oid_from_text((const char *)in, len, out, cap, out_len);
    guarded_free(&g);
    return st;
}

static snmp_status from_text(const char *text, uint8_t *out, size_t cap, size_t *out_len)
{
    return from_text_len(text, strlen(text), out, cap, out_len);
}

/* Every case must be refused with `want` and *out_len 0. */
static void expect_refused(const char *const *cases, size_t n, snmp_status want)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t out[1024];
        size_t out_len;
        snmp_status st = from_text(cases[i], out, sizeof out, &out_len);
        CHECK_CASE(st == want, cases[i]);
        CHECK_CASE(out_len == 0, cases[i]);
    }
}

/* ---- from_text: accepted ---- */

static void test_from_text_round_trips(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint8_t bytes[16];
        size_t len;
    } cases[] = {
        {"1.3.6.1.2.1.1.5.0", {1, 3, 6, 1, 2, 1, 1, 5, 0}, 9},
        {"1.3.6.1.2.1.2.2.1.18.3", {1, 3, 6, 1, 2, 1, 2, 2, 1, 18, 3}, 11},
        {"0", {0}, 1},
        {"255", {255}, 1},
        {"0.0", {0, 0}, 2},
        {"1.3.6.1.4.1.99.1.50.0", {1, 3, 6, 1, 4, 1, 99, 1, 50, 0}, 10},
        {"128.127.200.100.10.9", {128, 127, 200, 100, 10, 9}, 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[SNMP_MAX_OID_LEN];
        size_t out_len;
        snmp_status st = from_text(cases[i].text, out, sizeof out, &out_len);
        CHECK_CASE(st == SNMP_OK, cases[i].text);
        CHECK_CASE(out_len == cases[i].len, cases[i].text);
        CHECK_CASE(memcmp(out, cases[i].bytes, out_len) == 0, cases[i].text);

        char text[SNMP_OID_TEXT_MAX + 1];
        size_t text_len = 0xBADBAD;
        st = snmp_oid_to_text(out, out_len, text, sizeof text, &text_len);
        CHECK_CASE(st == SNMP_OK, cases[i].text);
        CHECK_CASE(text_len == strlen(cases[i].text), cases[i].text);
        CHECK_CASE(strcmp(text, cases[i].text) == 0, cases[i].text);
    }
}

static void test_from_text_every_component_value_round_trips(void **state)
{
    (void)state;
    for (unsigned v = 0; v <= 255; v++) {
        char text[16];
        snprintf(text, sizeof text, "1.%u", v);
        uint8_t out[4];
        size_t out_len;
        CHECK_CASE(from_text(text, out, sizeof out, &out_len) == SNMP_OK, text);
        CHECK_CASE(out_len == 2 && out[0] == 1 && out[1] == v, text);
        char back[16];
        size_t back_len;
        CHECK_CASE(snmp_oid_to_text(out, out_len, back, sizeof back, &back_len) == SNMP_OK, text);
        CHECK_CASE(strcmp(back, text) == 0 && back_len == strlen(text), text);
    }
}

static void test_from_text_reads_only_text_len_bytes(void **state)
{
    (void)state;
    /* "1.3" out of "1.3.6.1": the rest is never looked at. */
    uint8_t out[8];
    size_t out_len;
    assert_int_equal(from_text_len("1.3.6.1", 3, out, sizeof out, &out_len), SNMP_OK);
    assert_int_equal(out_len, 2);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 3);
    /* A prefix ending in a dot is an empty last component. */
    assert_int_equal(from_text_len("1.3.6.1", 4, out, sizeof out, &out_len), SNMP_MALFORMED);
    assert_int_equal(out_len, 0);
}

static void test_from_text_accepts_255_as_a_component(void **state)
{
    (void)state;
    static const char *const ok[] = {"255", "1.255", "255.255.255", "254.255.0"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint8_t out[8];
        size_t out_len;
        CHECK_CASE(from_text(ok[i], out, sizeof out, &out_len) == SNMP_OK, ok[i]);
    }
}

/* ---- from_text: each refusal rule ---- */

static void test_from_text_rejects_empty_text(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t out_len;
    assert_int_equal(from_text_len("", 0, out, sizeof out, &out_len), SNMP_MALFORMED);
    assert_int_equal(out_len, 0);
    /* Non-empty storage but a zero length is still empty text. */
    assert_int_equal(from_text_len("1.3", 0, out, sizeof out, &out_len), SNMP_MALFORMED);
    assert_int_equal(out_len, 0);
}

static void test_from_text_rejects_empty_component(void **state)
{
    (void)state;
    static const char *const cases[] = {"1..3", ".1", "1.3.", ".", "..", "1.3..", "..1",
                                        "1.3.6.1.2.1.1.5.0.", ".1.3.6.1.2.1.1.5.0"};
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);
}

static void test_from_text_rejects_non_digit(void **state)
{
    (void)state;
    /* '/' and ':' sit right next to '0' and '9' in ASCII. */
    static const char *const cases[] = {"a",   "1.a",  "1.3x", "x.1", "1,3",     "1/3",
                                        "1:3", "1.0x1", "1.3e2", "0x10", "1.\xc3\xa9", "1.3\x7f"};
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);

    /* An embedded NUL within text_len is a non-digit too. */
    uint8_t out[8];
    size_t out_len;
    assert_int_equal(from_text_len("1.3\0", 4, out, sizeof out, &out_len), SNMP_MALFORMED);
    assert_int_equal(out_len, 0);
    assert_int_equal(from_text_len("1\0.3", 4, out, sizeof out, &out_len), SNMP_MALFORMED);
    assert_int_equal(out_len, 0);
}

static void test_from_text_rejects_sign(void **state)
{
    (void)state;
    static const char *const cases[] = {"+1", "-1", "1.-3", "1.+3", "1.3-", "-0", "+0.1"};
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);
}

static void test_from_text_rejects_space(void **state)
{
    (void)state;
    static const char *const cases[] = {" 1", "1 ", "1. 3", "1 .3", "1.3\n", "1\t.3", " ", "1.3\r"};
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);
}

static void test_from_text_rejects_component_256(void **state)
{
    (void)state;
    static const char *const cases[] = {"256", "1.256", "1.3.256.1", "1000", "1.999", "300.1"};
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);
}

static void test_from_text_rejects_huge_component_without_overflow(void **state)
{
    (void)state;
    /* Values that wrap to small numbers in 32 or 64 bits must not slip through. */
    static const char *const cases[] = {
        "1.99999999999999999999",
        "1.4294967296",            /* 2^32     -> 0 in uint32 */
        "1.4294967297",            /* 2^32 + 1 -> 1 in uint32 */
        "1.4294967551",            /* 2^32 + 255 */
        "1.18446744073709551616",  /* 2^64     -> 0 in uint64 */
        "1.18446744073709551617",  /* 2^64 + 1 -> 1 in uint64 */
        "1.2147483648",            /* 2^31: would overflow a signed int */
        "1.9223372036854775808",   /* 2^63 */
        "340282366920938463463374607431768211457.1", /* 2^128 + 1 */
    };
    expect_refused(cases, sizeof cases / sizeof cases[0], SNMP_MALFORMED);
}

/* Builds "c.c.c...." with n components into text; returns its length. */
static size_t components_text(char *text, size_t cap, size_t n, const char *component)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(text + len, cap - len, "%s%s", i ? "." : "", component);
        assert_true(w > 0 && (size_t)w < cap - len);
        len += (size_t)w;
    }
    return len;
}

static void test_from_text_component_count_limit(void **state)
{
    (void)state;
    static char text[8192];
    static const struct {
        size_t components;
        snmp_status want;
    } cases[] = {
        {1, SNMP_OK}, {254, SNMP_OK}, {255, SNMP_OK}, {256, SNMP_LIMIT}, {257, SNMP_LIMIT},
        {1000, SNMP_LIMIT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "%zu components", cases[i].components);
        size_t len = components_text(text, sizeof text, cases[i].components, "255");
        /* Output far larger than needed: only the component rule can refuse. */
        uint8_t out[2048];
        memset(out, 0, sizeof out);
        size_t out_len;
        snmp_status st = from_text_len(text, len, out, sizeof out, &out_len);
        CHECK_CASE(st == cases[i].want, name);
        if (cases[i].want == SNMP_OK) {
            CHECK_CASE(out_len == cases[i].components, name);
            for (size_t k = 0; k < out_len; k++) {
                CHECK_CASE(out[k] == 255, name);
            }
        } else {
            CHECK_CASE(out_len == 0, name);
        }
    }
}

static void test_from_text_no_space_at_cap_minus_1(void **state)
{
    (void)state;
    static char text[2048];
    static const size_t sizes[] = {1, 2, 9, 255};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        size_t len = components_text(text, sizeof text, n, "7");
        char name[64];
        snprintf(name, sizeof name, "%zu components", n);
        for (size_t cap = 0; cap <= n + 1; cap++) {
            /* The output ends at a guard page: a write past cap crashes. */
            guarded_buf g = {0};
            uint8_t *out = guarded_alloc(&g, cap);
            size_t out_len;
            snmp_status st = from_text_len(text, len, out, cap, &out_len);
            if (cap < n) {
                CHECK_CASE(st == SNMP_NO_SPACE, name);
                CHECK_CASE(out_len == 0, name);
            } else {
                CHECK_CASE(st == SNMP_OK, name);
                CHECK_CASE(out_len == n, name);
                CHECK_CASE(out[n - 1] == 7, name);
            }
            guarded_free(&g);
        }
    }
}

/* ---- to_text ---- */

static void test_to_text_of_length_0_is_empty(void **state)
{
    (void)state;
    static const uint8_t oid[1] = {1};
    char text[8];
    memset(text, 'x', sizeof text);
    size_t text_len = 99;
    assert_int_equal(snmp_oid_to_text(oid, 0, text, sizeof text, &text_len), SNMP_OK);
    assert_int_equal(text_len, 0);
    assert_string_equal(text, "");

    /* Exactly one byte (the NUL) suffices. */
    guarded_buf g = {0};
    char *one = (char *)guarded_alloc(&g, 1);
    text_len = 99;
    assert_int_equal(snmp_oid_to_text(oid, 0, one, 1, &text_len), SNMP_OK);
    assert_int_equal(text_len, 0);
    assert_int_equal(one[0], '\0');
    guarded_free(&g);
}

static void test_to_text_cap_minus_1_and_cap(void **state)
{
    (void)state;
    static const struct {
        uint8_t oid[12];
        size_t oid_len;
        const char *text;
    } cases[] = {
        {{1, 3}, 2, "1.3"},
        {{0}, 1, "0"},
        {{255}, 1, "255"},
        {{1, 3, 6, 1, 2, 1, 1, 5, 0}, 9, "1.3.6.1.2.1.1.5.0"},
        {{200, 100, 10, 0}, 4, "200.100.10.0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t need = strlen(cases[i].text) + 1;
        for (size_t cap = 0; cap <= need; cap++) {
            guarded_buf g = {0};
            char *out = (char *)guarded_alloc(&g, cap);
            size_t text_len = 99;
            snmp_status st = snmp_oid_to_text(cases[i].oid, cases[i].oid_len, out, cap, &text_len);
            if (cap < need) {
                CHECK_CASE(st == SNMP_NO_SPACE, cases[i].text);
                CHECK_CASE(text_len == 0, cases[i].text);
                if (cap > 0) {
                    CHECK_CASE(out[0] == '\0', cases[i].text);
                }
            } else {
                CHECK_CASE(st == SNMP_OK, cases[i].text);
                CHECK_CASE(text_len == need - 1, cases[i].text);
                CHECK_CASE(strcmp(out, cases[i].text) == 0, cases[i].text);
            }
            guarded_free(&g);
        }
    }
}

static void test_to_text_longest_oid_fits_in_text_max(void **state)
{
    (void)state;
    static uint8_t oid[SNMP_MAX_OID_LEN];
    memset(oid, 255, sizeof oid);
    static char expect[SNMP_OID_TEXT_MAX + 1];
    size_t expect_len = components_text(expect, sizeof expect, SNMP_MAX_OID_LEN, "255");
    assert_int_equal(expect_len, 255 * 4 - 1);

    /* SNMP_OID_TEXT_MAX + 1 always suffices; the exact need is len + 1. */
    static const struct {
        size_t cap;
        snmp_status want;
    } caps[] = {
        {SNMP_OID_TEXT_MAX + 1, SNMP_OK},
        {255 * 4, SNMP_OK},          /* exactly text + NUL */
        {255 * 4 - 1, SNMP_NO_SPACE}, /* one short */
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        guarded_buf g = {0};
        char *out = (char *)guarded_alloc(&g, caps[i].cap);
        size_t text_len = 99;
        snmp_status st = snmp_oid_to_text(oid, sizeof oid, out, caps[i].cap, &text_len);
        assert_int_equal(st, caps[i].want);
        if (st == SNMP_OK) {
            assert_int_equal(text_len, expect_len);
            assert_string_equal(out, expect);
        } else {
            assert_int_equal(text_len, 0);
            assert_int_equal(out[0], '\0');
        }
        guarded_free(&g);
    }
}

static void test_to_text_reads_only_oid_len_bytes(void **state)
{
    (void)state;
    static const uint8_t src[3] = {1, 3, 6};
    guarded_buf g = {0};
    const uint8_t *oid = guarded_copy(&g, src, sizeof src);
    char text[32];
    size_t text_len;
    assert_int_equal(snmp_oid_to_text(oid, 3, text, sizeof text, &text_len), SNMP_OK);
    assert_string_equal(text, "1.3.6");
    assert_int_equal(text_len, 5);
    guarded_free(&g);
}

/* ---- compare ---- */

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void test_compare_memcmp_then_shorter_first(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint8_t a[8];
        size_t a_len;
        uint8_t b[8];
        size_t b_len;
        int want;
    } cases[] = {
        {"equal", {1, 3, 6}, 3, {1, 3, 6}, 3, 0},
        {"both empty", {0}, 0, {0}, 0, 0},
        {"empty first", {0}, 0, {0}, 1, -1},
        {"prefix first", {1, 3}, 2, {1, 3, 0}, 3, -1},
        {"longer after", {1, 3, 0}, 3, {1, 3}, 2, 1},
        {"last byte", {1, 3, 5}, 3, {1, 3, 6}, 3, -1},
        {"first byte wins over length", {1, 4}, 2, {1, 3, 9, 9}, 4, 1},
        {"bytes are unsigned", {1, 200}, 2, {1, 100}, 2, 1},
        {"127 vs 128", {1, 127}, 2, {1, 128}, 2, -1},
        {"0 vs 255", {0}, 1, {255}, 1, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = snmp_oid_compare(cases[i].a, cases[i].a_len, cases[i].b, cases[i].b_len);
        CHECK_CASE(sign(got) == cases[i].want, cases[i].name);
        int back = snmp_oid_compare(cases[i].b, cases[i].b_len, cases[i].a, cases[i].a_len);
        CHECK_CASE(sign(back) == -cases[i].want, cases[i].name);
    }
}

/* The numeric order of dotted text: component by component, shorter first. */
static int numeric_compare(const char *a, const char *b)
{
    for (;;) {
        if (*a == '\0' || *b == '\0') {
            return (*a != '\0') - (*b != '\0');
        }
        unsigned long x = 0;
        unsigned long y = 0;
        while (isdigit((unsigned char)*a)) {
            x = x * 10 + (unsigned long)(*a++ - '0');
        }
        while (isdigit((unsigned char)*b)) {
            y = y * 10 + (unsigned long)(*b++ - '0');
        }
        if (x != y) {
            return x < y ? -1 : 1;
        }
        if (*a == '.') {
            a++;
        }
        if (*b == '.') {
            b++;
        }
    }
}

static void test_compare_matches_numeric_order(void **state)
{
    (void)state;
    uint32_t rng = 0x12345678u;
    for (int iter = 0; iter < 20000; iter++) {
        char ta[256];
        char tb[256];
        char *texts[2] = {ta, tb};
        /* Shared prefixes make ties and near-ties common. */
        size_t common = xorshift32(&rng) % 4;
        unsigned prefix[4];
        for (size_t k = 0; k < common; k++) {
            prefix[k] = xorshift32(&rng) % 3 == 0 ? 255u - (xorshift32(&rng) % 3) : xorshift32(&rng) % 12;
        }
        for (int t = 0; t < 2; t++) {
            size_t n = common + xorshift32(&rng) % 4;
            if (n == 0) {
                n = 1;
            }
            size_t len = 0;
            for (size_t k = 0; k < n; k++) {
                unsigned c = k < common ? prefix[k] : xorshift32(&rng) % 256;
                int w = snprintf(texts[t] + len, 256 - len, "%s%u", k ? "." : "", c);
                len += (size_t)w;
            }
        }
        uint8_t a[16];
        uint8_t b[16];
        size_t a_len = oid_enc(ta, a);
        size_t b_len = oid_enc(tb, b);
        int want = numeric_compare(ta, tb);
        int got = sign(snmp_oid_compare(a, a_len, b, b_len));
        if (got != want) {
            print_error("compare(%s, %s) = %d, numeric order says %d\n", ta, tb, got, want);
            fail();
        }
    }
}

/* ---- status names ---- */

static void test_status_names_are_distinct_lower_case(void **state)
{
    (void)state;
    static const snmp_status all[] = {SNMP_OK, SNMP_INCOMPLETE, SNMP_MALFORMED, SNMP_NO_SPACE,
                                      SNMP_LIMIT};
    const char *names[5];
    for (size_t i = 0; i < 5; i++) {
        names[i] = snmp_status_name(all[i]);
        assert_non_null(names[i]);
        assert_true(strlen(names[i]) > 0);
        for (const char *p = names[i]; *p; p++) {
            assert_false(isupper((unsigned char)*p));
        }
        for (size_t k = 0; k < i; k++) {
            assert_string_not_equal(names[i], names[k]);
        }
    }
    assert_string_equal(snmp_status_name(SNMP_MALFORMED), "malformed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_text_round_trips),
        cmocka_unit_test(test_from_text_every_component_value_round_trips),
        cmocka_unit_test(test_from_text_reads_only_text_len_bytes),
        cmocka_unit_test(test_from_text_accepts_255_as_a_component),
        cmocka_unit_test(test_from_text_rejects_empty_text),
        cmocka_unit_test(test_from_text_rejects_empty_component),
        cmocka_unit_test(test_from_text_rejects_non_digit),
        cmocka_unit_test(test_from_text_rejects_sign),
        cmocka_unit_test(test_from_text_rejects_space),
        cmocka_unit_test(test_from_text_rejects_component_256),
        cmocka_unit_test(test_from_text_rejects_huge_component_without_overflow),
        cmocka_unit_test(test_from_text_component_count_limit),
        cmocka_unit_test(test_from_text_no_space_at_cap_minus_1),
        cmocka_unit_test(test_to_text_of_length_0_is_empty),
        cmocka_unit_test(test_to_text_cap_minus_1_and_cap),
        cmocka_unit_test(test_to_text_longest_oid_fits_in_text_max),
        cmocka_unit_test(test_to_text_reads_only_oid_len_bytes),
        cmocka_unit_test(test_compare_memcmp_then_shorter_first),
        cmocka_unit_test(test_compare_matches_numeric_order),
        cmocka_unit_test(test_status_names_are_distinct_lower_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
