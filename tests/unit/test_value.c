/* Values (PROTOCOL.md s.2): payload codecs, value_check, strict UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/value.h"
#include "test_util.h"

/* value_check over a guarded copy: reading past len crashes. */
static snmp_status check_guarded(uint8_t tag, const void *payload, size_t len)
{
    guarded_buf g = {0};
    const uint8_t *p = guarded_copy(&g, payload, len);
    snmp_status st = snmp_value_check(tag, p, len);
    guarded_free(&g);
    return st;
}

static bool utf8_guarded(const void *bytes, size_t len)
{
    guarded_buf g = {0};
    const uint8_t *p = guarded_copy(&g, bytes, len);
    bool ok = snmp_utf8_valid(p, len);
    guarded_free(&g);
    return ok;
}

/* ---- the examples of s.2, byte-exact ---- */

static void test_examples_of_section_2_are_byte_exact(void **state)
{
    (void)state;
    uint8_t out[4];

    snmp_value_put_i32(out, 42);
    assert_memory_equal(out, "\x00\x00\x00\x2a", 4);
    snmp_value_put_i32(out, -1);
    assert_memory_equal(out, "\xff\xff\xff\xff", 4);
    snmp_value_put_u32(out, 4294967295u);
    assert_memory_equal(out, "\xff\xff\xff\xff", 4);
    snmp_value_put_u32(out, 360000u);
    assert_memory_equal(out, "\x00\x05\x7e\x40", 4);

    assert_int_equal(snmp_value_get_i32((const uint8_t *)"\x00\x00\x00\x2a"), 42);
    assert_true(snmp_value_get_i32((const uint8_t *)"\xff\xff\xff\xff") == -1);
    assert_true(snmp_value_get_u32((const uint8_t *)"\xff\xff\xff\xff") == 4294967295u);
    assert_true(snmp_value_get_u32((const uint8_t *)"\x00\x05\x7e\x40") == 360000u);

    /* The example payloads are well-formed values of their types. */
    assert_int_equal(check_guarded(SNMP_TYPE_INTEGER, "\x00\x00\x00\x2a", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_INTEGER, "\xff\xff\xff\xff", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_COUNTER, "\xff\xff\xff\xff", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_TIMETICKS, "\x00\x05\x7e\x40", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, "test", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, "", 0), SNMP_OK);
}

static void test_i32_extremes_round_trip(void **state)
{
    (void)state;
    static const struct {
        int32_t v;
        uint8_t bytes[4];
    } cases[] = {
        {0, {0, 0, 0, 0}},
        {1, {0, 0, 0, 1}},
        {-2, {0xff, 0xff, 0xff, 0xfe}},
        {INT32_MAX, {0x7f, 0xff, 0xff, 0xff}},
        {INT32_MIN, {0x80, 0x00, 0x00, 0x00}},
        {-120000, {0xff, 0xfe, 0x2b, 0x40}},
        {0x01020304, {1, 2, 3, 4}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[4];
        snmp_value_put_i32(out, cases[i].v);
        assert_memory_equal(out, cases[i].bytes, 4);
        assert_true(snmp_value_get_i32(cases[i].bytes) == cases[i].v);
    }
}

static void test_u32_extremes_round_trip(void **state)
{
    (void)state;
    static const struct {
        uint32_t v;
        uint8_t bytes[4];
    } cases[] = {
        {0, {0, 0, 0, 0}},
        {0x80000000u, {0x80, 0, 0, 0}},
        {3456789012u, {0xce, 0x0a, 0x6a, 0x14}},
        {0xdeadbeefu, {0xde, 0xad, 0xbe, 0xef}},
        {UINT32_MAX, {0xff, 0xff, 0xff, 0xff}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[4];
        snmp_value_put_u32(out, cases[i].v);
        assert_memory_equal(out, cases[i].bytes, 4);
        assert_true(snmp_value_get_u32(cases[i].bytes) == cases[i].v);
    }
}

/* ---- integer-typed lengths ---- */

static void test_integer_types_need_exactly_4_bytes(void **state)
{
    (void)state;
    static const uint8_t tags[] = {SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER, SNMP_TYPE_TIMETICKS};
    static const struct {
        size_t len;
        snmp_status want;
    } lens[] = {
        {0, SNMP_MALFORMED}, {1, SNMP_MALFORMED}, {3, SNMP_MALFORMED}, {4, SNMP_OK},
        {5, SNMP_MALFORMED}, {8, SNMP_MALFORMED}, {65535, SNMP_MALFORMED},
    };
    static uint8_t payload[65535];
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            char name[64];
            snprintf(name, sizeof name, "%s length %zu", snmp_type_name(tags[t]), lens[i].len);
            CHECK_CASE(check_guarded(tags[t], payload, lens[i].len) == lens[i].want, name);
        }
    }
}

/* ---- tags ---- */

static void test_unknown_tags_are_malformed(void **state)
{
    (void)state;
    static const uint8_t tags[] = {0x00, 0x01, 0x03, 0x05, 0x06, 0x40, 0x42, 0x44,
                                   0x82, 0x84, 0xA0, 0xC1, 0xFF};
    static const uint8_t four[4] = {0, 0, 0, 1};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "tag 0x%02x", tags[i]);
        CHECK_CASE(!snmp_type_known(tags[i]), name);
        CHECK_CASE(check_guarded(tags[i], four, 4) == SNMP_MALFORMED, name);
        CHECK_CASE(check_guarded(tags[i], "", 0) == SNMP_MALFORMED, name);
        CHECK_CASE(check_guarded(tags[i], "abc", 3) == SNMP_MALFORMED, name);
        CHECK_CASE(strcmp(snmp_type_name(tags[i]), "unknown") == 0, name);
    }
}

static void test_exactly_four_tags_are_known(void **state)
{
    (void)state;
    int known = 0;
    for (unsigned tag = 0; tag <= 255; tag++) {
        bool want = tag == 0x02 || tag == 0x04 || tag == 0x41 || tag == 0x43;
        char name[32];
        snprintf(name, sizeof name, "tag 0x%02x", tag);
        CHECK_CASE(snmp_type_known((uint8_t)tag) == want, name);
        if (!want) {
            CHECK_CASE(check_guarded((uint8_t)tag, "\0\0\0\0", 4) == SNMP_MALFORMED, name);
        }
        known += want;
    }
    assert_int_equal(known, 4);
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(snmp_type_name(SNMP_TYPE_INTEGER), "INTEGER");
    assert_string_equal(snmp_type_name(SNMP_TYPE_STRING), "STRING");
    assert_string_equal(snmp_type_name(SNMP_TYPE_COUNTER), "COUNTER");
    assert_string_equal(snmp_type_name(SNMP_TYPE_TIMETICKS), "TIMETICKS");
    assert_string_equal(snmp_type_name(0x06), "unknown");
}

/* ---- UTF-8 ---- */

typedef struct utf8_case {
    const char *name;
    const char *bytes;
    size_t len;
} utf8_case;

#define U8(name, lit) {name, lit, sizeof(lit) - 1}

static const utf8_case valid_utf8[] = {
    U8("empty", ""),
    U8("ascii", "router-main"),
    U8("NUL is U+0000", "a\0b"),
    U8("DEL U+007F", "\x7f"),
    U8("U+0080 lowest 2-byte", "\xc2\x80"),
    U8("e acute", "\xc3\xa9"),
    U8("U+07FF highest 2-byte", "\xdf\xbf"),
    U8("U+0800 lowest 3-byte", "\xe0\xa0\x80"),
    U8("euro sign", "\xe2\x82\xac"),
    U8("U+D7FF below surrogates", "\xed\x9f\xbf"),
    U8("U+E000 above surrogates", "\xee\x80\x80"),
    U8("U+FFFD", "\xef\xbf\xbd"),
    U8("U+FFFF", "\xef\xbf\xbf"),
    U8("U+10000 lowest 4-byte", "\xf0\x90\x80\x80"),
    U8("G clef", "\xf0\x9d\x84\x9e"),
    U8("U+10FFFF highest", "\xf4\x8f\xbf\xbf"),
    U8("mixed", "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9ez"),
};

static const utf8_case invalid_utf8[] = {
    U8("overlong NUL C0 80", "\xc0\x80"),
    U8("overlong C1 BF", "\xc1\xbf"),
    U8("overlong E0 80 80", "\xe0\x80\x80"),
    U8("overlong U+07FF E0 9F BF", "\xe0\x9f\xbf"),
    U8("overlong F0 80 80 80", "\xf0\x80\x80\x80"),
    U8("overlong U+FFFF F0 8F BF BF", "\xf0\x8f\xbf\xbf"),
    U8("surrogate D800 ED A0 80", "\xed\xa0\x80"),
    U8("surrogate DFFF ED BF BF", "\xed\xbf\xbf"),
    U8("surrogate pair", "\xed\xa0\xbd\xed\xb2\xa9"),
    U8("U+110000 F4 90 80 80", "\xf4\x90\x80\x80"),
    U8("F5 lead", "\xf5\x80\x80\x80"),
    U8("F7 BF BF BF", "\xf7\xbf\xbf\xbf"),
    U8("5-byte F8", "\xf8\x88\x80\x80\x80"),
    U8("6-byte FC", "\xfc\x84\x80\x80\x80\x80"),
    U8("FE", "\xfe"),
    U8("FF", "\xff"),
    U8("FF after ascii", "abc\xff"),
    U8("lone continuation 80", "\x80"),
    U8("lone continuation BF", "\xbf"),
    U8("continuation after ascii", "a\x80"),
    U8("extra continuation", "\xc3\xa9\xa9"),
    U8("truncated 2-byte", "\xc3"),
    U8("truncated 3-byte after 1", "\xe2"),
    U8("truncated 3-byte after 2", "\xe2\x82"),
    U8("truncated 4-byte after 3", "\xf0\x9d\x84"),
    U8("truncated at end after ascii", "ab\xf0\x9d"),
    U8("2-byte lead then ascii", "\xc3\x41"),
    U8("3-byte with ascii in middle", "\xe2\x28\xa1"),
    U8("4-byte with bad last", "\xf0\x9d\x84\x41"),
    U8("3-byte with lead in middle", "\xe2\xc3\xa9"),
    U8("3-byte with C0 last", "\xe2\x82\xc0"),
    U8("4-byte with FF last", "\xf0\x9d\x84\xff"),
};

static void test_utf8_valid_sequences_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_utf8 / sizeof valid_utf8[0]; i++) {
        const utf8_case *c = &valid_utf8[i];
        CHECK_CASE(utf8_guarded(c->bytes, c->len), c->name);
        CHECK_CASE(check_guarded(SNMP_TYPE_STRING, c->bytes, c->len) == SNMP_OK, c->name);
    }
}

static void test_utf8_invalid_sequences_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid_utf8 / sizeof invalid_utf8[0]; i++) {
        const utf8_case *c = &invalid_utf8[i];
        CHECK_CASE(!utf8_guarded(c->bytes, c->len), c->name);
        CHECK_CASE(check_guarded(SNMP_TYPE_STRING, c->bytes, c->len) == SNMP_MALFORMED, c->name);
    }
}

static void test_utf8_invalid_only_as_string(void **state)
{
    (void)state;
    /* Four bytes that are bad UTF-8 are a fine integer payload. */
    assert_int_equal(check_guarded(SNMP_TYPE_INTEGER, "\xff\xfe\xc0\x80", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_COUNTER, "\xff\xfe\xc0\x80", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_TIMETICKS, "\xff\xfe\xc0\x80", 4), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, "\xff\xfe\xc0\x80", 4), SNMP_MALFORMED);
}

static void test_utf8_every_lead_byte_single(void **state)
{
    (void)state;
    /* A single byte is valid exactly when it is ASCII. */
    for (unsigned b = 0; b <= 255; b++) {
        uint8_t byte = (uint8_t)b;
        char name[32];
        snprintf(name, sizeof name, "byte 0x%02x", b);
        CHECK_CASE(utf8_guarded(&byte, 1) == (b < 0x80), name);
    }
}

static void test_utf8_two_byte_boundaries(void **state)
{
    (void)state;
    /* Every lead C0..DF with every second byte: valid iff lead >= C2 and 80..BF. */
    for (unsigned lead = 0xC0; lead <= 0xDF; lead++) {
        for (unsigned cont = 0; cont <= 255; cont++) {
            uint8_t s[2] = {(uint8_t)lead, (uint8_t)cont};
            bool want = lead >= 0xC2 && cont >= 0x80 && cont <= 0xBF;
            if (utf8_guarded(s, 2) != want) {
                print_error("%02x %02x: want %d\n", lead, cont, want);
                fail();
            }
        }
    }
}

static void test_utf8_long_valid_string_at_max_length(void **state)
{
    (void)state;
    static uint8_t s[SNMP_MAX_VALUE_LEN];
    /* 3-byte euro signs filling 65535 bytes exactly. */
    for (size_t i = 0; i + 3 <= sizeof s; i += 3) {
        memcpy(s + i, "\xe2\x82\xac", 3);
    }
    assert_int_equal(sizeof s % 3, 0);
    assert_true(utf8_guarded(s, sizeof s));
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, s, sizeof s), SNMP_OK);
    /* Cut the last sequence short. */
    assert_false(utf8_guarded(s, sizeof s - 1));
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, s, sizeof s - 1), SNMP_MALFORMED);
}

static void test_string_of_65536_bytes_is_out_of_range(void **state)
{
    (void)state;
    /* Only a caller can hand this over (the wire length is 16 bits): 65535
     * plain bytes pass, one more is refused before any byte is looked at. */
    static uint8_t s[SNMP_MAX_VALUE_LEN + 1];
    memset(s, 'a', sizeof s);
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, s, SNMP_MAX_VALUE_LEN), SNMP_OK);
    assert_int_equal(check_guarded(SNMP_TYPE_STRING, s, SNMP_MAX_VALUE_LEN + 1), SNMP_MALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_of_section_2_are_byte_exact),
        cmocka_unit_test(test_i32_extremes_round_trip),
        cmocka_unit_test(test_u32_extremes_round_trip),
        cmocka_unit_test(test_integer_types_need_exactly_4_bytes),
        cmocka_unit_test(test_unknown_tags_are_malformed),
        cmocka_unit_test(test_exactly_four_tags_are_known),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_utf8_valid_sequences_accepted),
        cmocka_unit_test(test_utf8_invalid_sequences_refused),
        cmocka_unit_test(test_utf8_invalid_only_as_string),
        cmocka_unit_test(test_utf8_every_lead_byte_single),
        cmocka_unit_test(test_utf8_two_byte_boundaries),
        cmocka_unit_test(test_utf8_long_valid_string_at_max_length),
        cmocka_unit_test(test_string_of_65536_bytes_is_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
