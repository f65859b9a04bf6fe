/* The value of a set: type words, whole-number conversion at every range
 * boundary, string limits, and the exact error lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "set_value.h"
#include "snmp/value.h"

#define TYPE_LIST ". Must be one of: integer, string, counter, timeticks\n"

typedef struct value_case {
    const char *type;
    const char *value;
    mgr_value_status status;
    uint8_t tag;            /* expected type on success */
    uint8_t payload[4];     /* expected payload on success (integer types) */
    const char *line;       /* expected error line; "" on success */
} value_case;

static void run_value_cases(const value_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s '%s'", cases[i].type, cases[i].value);
        mgr_value v;
        mgr_value_status st = mgr_parse_value(cases[i].type, cases[i].value, &v);
        CHECK_CASE(st == cases[i].status, name);
        if (st == MGR_VALUE_OK) {
            CHECK_CASE(v.type == cases[i].tag, name);
            size_t len;
            const uint8_t *p = mgr_value_payload(&v, &len);
            if (v.type == SNMP_TYPE_STRING) {
                CHECK_CASE(len == strlen(cases[i].value), name);
                CHECK_CASE(p == (const uint8_t *)cases[i].value, name);
            } else {
                CHECK_CASE(len == 4, name);
                CHECK_CASE(memcmp(p, cases[i].payload, 4) == 0, name);
            }
        }
        capture c;
        mgr_print_value_error(capture_open(&c), st, &v);
        const char *out = capture_text(&c);
        CHECK_TEXT(out, cases[i].line, name);
        CHECK_CASE(!has_binding_like_line(out), name);
        capture_close(&c);
    }
}

static void test_integer_range_is_int32_at_both_ends(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"integer", "0", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 0}, ""},
        {"integer", "42", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 0x2a}, ""},
        {"integer", "+42", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 0x2a}, ""},
        {"integer", "-1", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0xff, 0xff, 0xff, 0xff}, ""},
        {"integer", "-0", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 0}, ""},
        {"integer", "007", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 7}, ""},
        {"integer", "2147483646", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0x7f, 0xff, 0xff, 0xfe}, ""},
        {"integer", "2147483647", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0x7f, 0xff, 0xff, 0xff}, ""},
        {"integer", "2147483648", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
        {"integer", "-2147483647", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0x80, 0, 0, 1}, ""},
        {"integer", "-2147483648", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0x80, 0, 0, 0}, ""},
        {"integer", "-2147483649", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
        {"integer", "4294967296", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
        {"integer", "99999999999999999999999999999999999999", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
        {"integer", "-99999999999999999999999999999999999999", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
        {"INTEGER", "2147483648", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for integer\n"},
    };
    run_value_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_counter_and_timeticks_are_uint32_and_not_negative(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"counter", "0", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0, 0, 0, 0}, ""},
        {"counter", "-0", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0, 0, 0, 0}, ""},
        {"counter", "+0", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0, 0, 0, 0}, ""},
        {"counter", "4294967294", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0xff, 0xff, 0xff, 0xfe}, ""},
        {"counter", "4294967295", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0xff, 0xff, 0xff, 0xff}, ""},
        {"counter", "4294967296", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for counter\n"},
        {"counter", "99999999999999999999999", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for counter\n"},
        {"counter", "-1", MGR_VALUE_NEGATIVE, 0, {0}, "Error: Counter values must be >= 0\n"},
        /* Negative is checked before the range. */
        {"counter", "-99999999999999999999999", MGR_VALUE_NEGATIVE, 0, {0},
         "Error: Counter values must be >= 0\n"},
        {"Counter", "-4294967296", MGR_VALUE_NEGATIVE, 0, {0},
         "Error: Counter values must be >= 0\n"},
        {"timeticks", "0", MGR_VALUE_OK, SNMP_TYPE_TIMETICKS, {0, 0, 0, 0}, ""},
        {"timeticks", "360000", MGR_VALUE_OK, SNMP_TYPE_TIMETICKS, {0x00, 0x05, 0x7e, 0x40}, ""},
        {"timeticks", "4294967295", MGR_VALUE_OK, SNMP_TYPE_TIMETICKS, {0xff, 0xff, 0xff, 0xff},
         ""},
        {"timeticks", "4294967296", MGR_VALUE_OUT_OF_RANGE, 0, {0},
         "Error: Value out of range for timeticks\n"},
        {"timeticks", "-1", MGR_VALUE_NEGATIVE, 0, {0}, "Error: Timeticks values must be >= 0\n"},
        {"TIMETICKS", "-0", MGR_VALUE_OK, SNMP_TYPE_TIMETICKS, {0, 0, 0, 0}, ""},
    };
    run_value_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_text_that_is_not_a_whole_number_cannot_convert(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"integer", "abc", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert 'abc' to integer\n"},
        {"integer", "", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '' to integer\n"},
        {"integer", "+", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '+' to integer\n"},
        {"integer", "-", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '-' to integer\n"},
        {"integer", "1.5", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '1.5' to integer\n"},
        {"integer", " 1", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert ' 1' to integer\n"},
        {"integer", "1 ", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '1 ' to integer\n"},
        {"integer", "++1", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '++1' to integer\n"},
        {"integer", "-+1", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '-+1' to integer\n"},
        {"integer", "0x10", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '0x10' to integer\n"},
        {"integer", "1e3", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '1e3' to integer\n"},
        {"integer", "\xd9\xa3", MGR_VALUE_NOT_NUMBER, 0, {0},
         "Error: Cannot convert '\xd9\xa3' to integer\n"},
        {"counter", "12x", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '12x' to counter\n"},
        {"Counter", "-x", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '-x' to counter\n"},
        {"timeticks", "1,000", MGR_VALUE_NOT_NUMBER, 0, {0},
         "Error: Cannot convert '1,000' to timeticks\n"},
        {"TimeTicks", "", MGR_VALUE_NOT_NUMBER, 0, {0}, "Error: Cannot convert '' to timeticks\n"},
        /* An echoed '=' is escaped, so the line never looks like a binding. */
        {"integer", "1.3=4", MGR_VALUE_NOT_NUMBER, 0, {0},
         "Error: Cannot convert '1.3\\x3d4' to integer\n"},
        {"integer", "1\n2", MGR_VALUE_NOT_NUMBER, 0, {0},
         "Error: Cannot convert '1\\x0a2' to integer\n"},
    };
    run_value_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unknown_type_word_is_refused_before_the_value(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"float", "1", MGR_VALUE_BAD_TYPE, 0, {0}, "Error: Invalid value type 'float'" TYPE_LIST},
        {"Float", "abc", MGR_VALUE_BAD_TYPE, 0, {0}, "Error: Invalid value type 'Float'" TYPE_LIST},
        {"", "1", MGR_VALUE_BAD_TYPE, 0, {0}, "Error: Invalid value type ''" TYPE_LIST},
        {"int", "1", MGR_VALUE_BAD_TYPE, 0, {0}, "Error: Invalid value type 'int'" TYPE_LIST},
        {"integers", "1", MGR_VALUE_BAD_TYPE, 0, {0},
         "Error: Invalid value type 'integers'" TYPE_LIST},
        {"integer ", "1", MGR_VALUE_BAD_TYPE, 0, {0},
         "Error: Invalid value type 'integer '" TYPE_LIST},
        {"OID", "1.3", MGR_VALUE_BAD_TYPE, 0, {0}, "Error: Invalid value type 'OID'" TYPE_LIST},
        {"str=ing", "x", MGR_VALUE_BAD_TYPE, 0, {0},
         "Error: Invalid value type 'str\\x3ding'" TYPE_LIST},
        {"STRING", "x", MGR_VALUE_OK, SNMP_TYPE_STRING, {0}, ""},
        {"String", "x", MGR_VALUE_OK, SNMP_TYPE_STRING, {0}, ""},
        {"InTeGeR", "1", MGR_VALUE_OK, SNMP_TYPE_INTEGER, {0, 0, 0, 1}, ""},
        {"COUNTER", "1", MGR_VALUE_OK, SNMP_TYPE_COUNTER, {0, 0, 0, 1}, ""},
        {"timeTicks", "1", MGR_VALUE_OK, SNMP_TYPE_TIMETICKS, {0, 0, 0, 1}, ""},
    };
    run_value_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_strings_are_utf8_of_at_most_65535_bytes(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"string", "", MGR_VALUE_OK, SNMP_TYPE_STRING, {0}, ""},
        {"string", "router-main", MGR_VALUE_OK, SNMP_TYPE_STRING, {0}, ""},
        {"string", "1.3 = 4", MGR_VALUE_OK, SNMP_TYPE_STRING, {0}, ""},
        {"string", "h\xc3\xa9llo w\xe2\x82\xac \xf0\x9f\x98\x80", MGR_VALUE_OK, SNMP_TYPE_STRING,
         {0}, ""},
        {"string", "\xff", MGR_VALUE_NOT_UTF8, 0, {0}, "Error: Value is not valid UTF-8\n"},
        {"string", "ab\xc3", MGR_VALUE_NOT_UTF8, 0, {0}, "Error: Value is not valid UTF-8\n"},
        {"string", "\xc0\xaf", MGR_VALUE_NOT_UTF8, 0, {0}, "Error: Value is not valid UTF-8\n"},
        {"string", "\xed\xa0\x80", MGR_VALUE_NOT_UTF8, 0, {0}, "Error: Value is not valid UTF-8\n"},
    };
    run_value_cases(cases, sizeof cases / sizeof cases[0]);

    static const struct {
        size_t len;
        mgr_value_status status;
        const char *line;
    } sizes[] = {
        {65534, MGR_VALUE_OK, ""},
        {65535, MGR_VALUE_OK, ""},
        {65536, MGR_VALUE_OUT_OF_RANGE, "Error: Value out of range for string\n"},
        {65537, MGR_VALUE_OUT_OF_RANGE, "Error: Value out of range for string\n"},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "string of %zu bytes", sizes[i].len);
        char *text = malloc(sizes[i].len + 1);
        assert_non_null(text);
        memset(text, 's', sizes[i].len);
        text[sizes[i].len] = '\0';
        mgr_value v;
        mgr_value_status st = mgr_parse_value("string", text, &v);
        CHECK_CASE(st == sizes[i].status, name);
        if (st == MGR_VALUE_OK) {
            size_t len;
            CHECK_CASE(mgr_value_payload(&v, &len) == (const uint8_t *)text, name);
            CHECK_CASE(len == sizes[i].len, name);
        }
        capture c;
        mgr_print_value_error(capture_open(&c), st, &v);
        CHECK_TEXT(capture_text(&c), sizes[i].line, name);
        capture_close(&c);
        free(text);
    }
    /* Too long and invalid: the length is reported. */
    char *text = malloc(65537);
    assert_non_null(text);
    memset(text, 0xff, 65536);
    text[65536] = '\0';
    mgr_value v;
    assert_int_equal(mgr_parse_value("string", text, &v), MGR_VALUE_OUT_OF_RANGE);
    free(text);
}

static void test_type_words_are_lower_case(void **state)
{
    (void)state;
    assert_string_equal(mgr_type_word(SNMP_TYPE_INTEGER), "integer");
    assert_string_equal(mgr_type_word(SNMP_TYPE_STRING), "string");
    assert_string_equal(mgr_type_word(SNMP_TYPE_COUNTER), "counter");
    assert_string_equal(mgr_type_word(SNMP_TYPE_TIMETICKS), "timeticks");
    assert_string_equal(mgr_type_word(0x05), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integer_range_is_int32_at_both_ends),
        cmocka_unit_test(test_counter_and_timeticks_are_uint32_and_not_negative),
        cmocka_unit_test(test_text_that_is_not_a_whole_number_cannot_convert),
        cmocka_unit_test(test_unknown_type_word_is_refused_before_the_value),
        cmocka_unit_test(test_strings_are_utf8_of_at_most_65535_bytes),
        cmocka_unit_test(test_type_words_are_lower_case),
    };
    return cmocka_run_group_tests_name("manager_set_value", tests, NULL, NULL);
}
