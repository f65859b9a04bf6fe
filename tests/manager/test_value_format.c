/* Display text of INTEGER, COUNTER and TIMETICKS values (MANAGER.md), and the
 * (out, cap) contract of the formatters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "capture.h"
#include "snmp/value.h"
#include "value_format.h"

typedef struct number_case {
    uint32_t raw;       /* the payload as u32 (two's complement for INTEGER) */
    const char *text;
} number_case;

typedef snmp_status (*formatter)(const number_case *tc, char *out, size_t cap, size_t *len);

static snmp_status fmt_integer(const number_case *tc, char *out, size_t cap, size_t *len)
{
    uint8_t payload[4];
    snmp_value_put_u32(payload, tc->raw);
    return mgr_format_integer(snmp_value_get_i32(payload), out, cap, len);
}

static snmp_status fmt_counter(const number_case *tc, char *out, size_t cap, size_t *len)
{
    return mgr_format_counter(tc->raw, out, cap, len);
}

static snmp_status fmt_timeticks(const number_case *tc, char *out, size_t cap, size_t *len)
{
    return mgr_format_timeticks(tc->raw, out, cap, len);
}

/* Checks each case in a roomy buffer, through mgr_format_number by tag, and
 * at the capacity limit: cap = length (no room for the NUL), length + 1, + 2. */
static void run_number_cases(const number_case *cases, size_t n, formatter fmt, uint8_t tag)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = cases[i].text;
        size_t want = strlen(cases[i].text);
        char out[MGR_NUMBER_TEXT_MAX];
        size_t len = 99;
        CHECK_CASE(fmt(&cases[i], out, sizeof out, &len) == SNMP_OK, name);
        CHECK_TEXT(out, cases[i].text, name);
        CHECK_CASE(len == want, name);

        uint8_t payload[4];
        snmp_value_put_u32(payload, cases[i].raw);
        memset(out, 'x', sizeof out);
        CHECK_CASE(mgr_format_number(tag, payload, 4, out, sizeof out, &len) == SNMP_OK, name);
        CHECK_TEXT(out, cases[i].text, name);

        char exact[MGR_NUMBER_TEXT_MAX + 2];
        memset(exact, 'x', sizeof exact);
        CHECK_CASE(fmt(&cases[i], exact, want, &len) == SNMP_NO_SPACE, name);
        CHECK_CASE(len == 0 && (want == 0 || exact[0] == '\0'), name);
        CHECK_CASE(exact[want] == 'x', name);   /* nothing written past cap */
        CHECK_CASE(fmt(&cases[i], exact, want + 1, &len) == SNMP_OK, name);
        CHECK_CASE(len == want && strcmp(exact, cases[i].text) == 0, name);
        CHECK_CASE(fmt(&cases[i], exact, want + 2, &len) == SNMP_OK, name);
        CHECK_CASE(len == want && strcmp(exact, cases[i].text) == 0, name);
    }
}

static void test_timeticks_examples_of_manager_md(void **state)
{
    (void)state;
    static const number_case cases[] = {
        {0, "0 (0.00 seconds)"},
        {100, "100 (1.00 seconds)"},
        {123456, "123456 (20 minutes, 34.56 seconds)"},
        {360000, "360000 (1 hours)"},
        {366100, "366100 (1 hours, 1 minutes, 1.00 seconds)"},
        {8640000, "8640000 (1 days)"},
        {86400000, "86400000 (10 days)"},
        {4321, "4321 (43.21 seconds)"},
    };
    run_number_cases(cases, sizeof cases / sizeof cases[0], fmt_timeticks, SNMP_TYPE_TIMETICKS);
}

static void test_timeticks_lists_only_units_above_zero(void **state)
{
    (void)state;
    static const number_case cases[] = {
        {1, "1 (0.01 seconds)"},
        {5, "5 (0.05 seconds)"},
        {99, "99 (0.99 seconds)"},
        {5999, "5999 (59.99 seconds)"},
        {6000, "6000 (1 minutes)"},
        {6001, "6001 (1 minutes, 0.01 seconds)"},
        {359999, "359999 (59 minutes, 59.99 seconds)"},
        {360100, "360100 (1 hours, 1.00 seconds)"},
        {8639999, "8639999 (23 hours, 59 minutes, 59.99 seconds)"},
        {8640001, "8640001 (1 days, 0.01 seconds)"},
        {8646000, "8646000 (1 days, 1 minutes)"},
        {9000000, "9000000 (1 days, 1 hours)"},
        {4294967295u, "4294967295 (497 days, 2 hours, 27 minutes, 52.95 seconds)"},
    };
    run_number_cases(cases, sizeof cases / sizeof cases[0], fmt_timeticks, SNMP_TYPE_TIMETICKS);
}

static void test_counter_groups_three_digits_with_commas(void **state)
{
    (void)state;
    static const number_case cases[] = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1,000"},
        {1001, "1,001"},
        {100000, "100,000"},
        {999999, "999,999"},
        {1000000, "1,000,000"},
        {1234567, "1,234,567"},
        {1000000000, "1,000,000,000"},
        {3456789012u, "3,456,789,012"},
        {4294967295u, "4,294,967,295"},
    };
    run_number_cases(cases, sizeof cases / sizeof cases[0], fmt_counter, SNMP_TYPE_COUNTER);
}

static void test_integer_is_signed_decimal(void **state)
{
    (void)state;
    static const number_case cases[] = {
        {0, "0"},
        {72, "72"},
        {1000, "1000"},
        {0xffffffffu, "-1"},
        {0x7fffffffu, "2147483647"},
        {0x80000000u, "-2147483648"},
        {0x80000001u, "-2147483647"},
    };
    run_number_cases(cases, sizeof cases / sizeof cases[0], fmt_integer, SNMP_TYPE_INTEGER);
}

static void test_zero_capacity_and_bad_payloads_are_refused(void **state)
{
    (void)state;
    size_t len = 99;
    assert_int_equal(mgr_format_counter(1, NULL, 0, &len), SNMP_NO_SPACE);
    assert_int_equal(len, 0);
    assert_int_equal(mgr_format_integer(1, NULL, 0, &len), SNMP_NO_SPACE);
    assert_int_equal(mgr_format_timeticks(1, NULL, 0, &len), SNMP_NO_SPACE);

    static const struct {
        const char *name;
        uint8_t tag;
        size_t len;
    } cases[] = {
        {"string tag", SNMP_TYPE_STRING, 4},
        {"unknown tag", 0x05, 4},
        {"integer of 3 bytes", SNMP_TYPE_INTEGER, 3},
        {"counter of 5 bytes", SNMP_TYPE_COUNTER, 5},
        {"timeticks of 0 bytes", SNMP_TYPE_TIMETICKS, 0},
    };
    const uint8_t payload[5] = {1, 2, 3, 4, 5};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[MGR_NUMBER_TEXT_MAX];
        memset(out, 'x', sizeof out);
        len = 99;
        CHECK_CASE(mgr_format_number(cases[i].tag, payload, cases[i].len, out, sizeof out, &len) ==
                       SNMP_MALFORMED,
                   cases[i].name);
        CHECK_CASE(len == 0 && out[0] == '\0', cases[i].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeticks_examples_of_manager_md),
        cmocka_unit_test(test_timeticks_lists_only_units_above_zero),
        cmocka_unit_test(test_counter_groups_three_digits_with_commas),
        cmocka_unit_test(test_integer_is_signed_decimal),
        cmocka_unit_test(test_zero_capacity_and_bad_payloads_are_refused),
    };
    return cmocka_run_group_tests_name("manager_value_format", tests, NULL, NULL);
}
