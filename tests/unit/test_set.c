/*
 * The shared SET engine (set.h) over the default MIB: every failure of
 * SNMP.md s.4 at its boundary and in its order, check changing nothing,
 * apply storing, the last binding winning. The seed's codes for these are
 * test_seed_get_set.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/arcs.h"
#include "snmp/set.h"
#include "test_util.h"

static snmp_mib mib;

static int fresh_mib(void **state)
{
    (void)state;
    return default_mib_init(&mib, 0) == SNMP_OK ? 0 : -1;
}

/* Arcs of dotted text (fails the test if invalid). */
static size_t arcs_of(const char *text, uint32_t *out)
{
    size_t len = 0;
    assert_int_equal(snmp_arcs_from_text(text, strlen(text), out, SNMP_OID_MAX_ARCS, &len),
                     SNMP_OK);
    return len;
}

static snmp_smi string_value(const void *bytes, size_t len)
{
    snmp_smi v;
    memset(&v, 0, sizeof v);
    v.type = SNMP_SMI_OCTET_STRING;
    v.bytes = bytes;
    v.len = len;
    return v;
}

static snmp_smi number_value(uint8_t type, uint64_t number)
{
    snmp_smi v;
    memset(&v, 0, sizeof v);
    v.type = type;
    v.number = number;
    v.integer = (int32_t)number;
    return v;
}

/* Checks one binding; check must change nothing, whatever it answers. */
static snmp_set_failure check(const char *name_text, const snmp_smi *value, snmp_set_step *step)
{
    uint32_t name[SNMP_OID_MAX_ARCS];
    size_t len = arcs_of(name_text, name);
    mib_state_save(&mib);
    snmp_set_failure f = snmp_set_check(&mib, name, len, value, step);
    assert_true(mib_state_unchanged(&mib));
    return f;
}

/* The current value of a string object. */
static void expect_stored_string(const char *name_text, const void *want, size_t want_len)
{
    uint32_t name[SNMP_OID_MAX_ARCS];
    size_t len = arcs_of(name_text, name);
    long i = snmp_mib_find(&mib, name, len);
    CHECK_CASE(i >= 0, name_text);
    snmp_smi v;
    snmp_mib_read(&mib, (size_t)i, 0, &v);
    CHECK_CASE(v.type == SNMP_SMI_OCTET_STRING && v.len == want_len, name_text);
    CHECK_CASE(want_len == 0 || memcmp(v.bytes, want, want_len) == 0, name_text);
}

static uint8_t fill255[255], fill256[256], euros[258];

typedef struct failure_case {
    const char *what;
    const char *name;
    snmp_smi value;
    snmp_set_failure want;
} failure_case;

static void test_every_failure_at_its_boundary(void **state)
{
    (void)state;
    memset(fill255, 'a', sizeof fill255);
    memset(fill256, 'a', sizeof fill256);
    for (size_t k = 0; k < 86; k++)
        memcpy(euros + 3 * k, "\xe2\x82\xac", 3);
    static const uint8_t bad_utf8[] = {'o', 'k', 0xED, 0xA0, 0x80};   /* a surrogate */
    static const uint8_t cut_utf8[] = {'o', 'k', 0xE2, 0x82};          /* cut short */
    const failure_case cases[] = {
        {"DisplayString of 255", "1.3.6.1.2.1.1.5.0", string_value(fill255, 255), SNMP_SET_OK},
        {"DisplayString of 256", "1.3.6.1.2.1.1.5.0", string_value(fill256, 256),
         SNMP_SET_WRONG_LENGTH},
        {"255 bytes of euro signs", "1.3.6.1.2.1.1.5.0", string_value(euros, 255), SNMP_SET_OK},
        {"258 bytes of euro signs", "1.3.6.1.2.1.1.5.0", string_value(euros, 258),
         SNMP_SET_WRONG_LENGTH},
        {"empty DisplayString", "1.3.6.1.2.1.1.5.0", string_value(NULL, 0), SNMP_SET_OK},
        {"a surrogate", "1.3.6.1.2.1.1.5.0", string_value(bad_utf8, sizeof bad_utf8),
         SNMP_SET_WRONG_VALUE},
        {"UTF-8 cut short", "1.3.6.1.2.1.1.5.0", string_value(cut_utf8, sizeof cut_utf8),
         SNMP_SET_WRONG_VALUE},
        {"256 bytes and not UTF-8: length first", "1.3.6.1.2.1.1.5.0",
         string_value(fill256, 256), SNMP_SET_WRONG_LENGTH},
        {"INTEGER to a DisplayString", "1.3.6.1.2.1.1.5.0", number_value(SNMP_SMI_INTEGER, 1),
         SNMP_SET_WRONG_TYPE},
        {"Counter32 to a DisplayString", "1.3.6.1.2.1.2.2.1.18.2",
         number_value(SNMP_SMI_COUNTER32, 1), SNMP_SET_WRONG_TYPE},
        {"read-only sysDescr", "1.3.6.1.2.1.1.1.0", string_value("x", 1),
         SNMP_SET_NOT_WRITABLE},
        {"read-only, wrong type too", "1.3.6.1.2.1.1.7.0", string_value("x", 1),
         SNMP_SET_NOT_WRITABLE},
        {"sysUpTime", "1.3.6.1.2.1.1.3.0", number_value(SNMP_SMI_TIMETICKS, 1),
         SNMP_SET_NOT_WRITABLE},
        {"sysObjectID", "1.3.6.1.2.1.1.2.0", string_value("1.3", 3), SNMP_SET_NOT_WRITABLE},
        {"unknown name", "1.3.6.1.2.1.1.99.0", string_value("x", 1), SNMP_SET_NOT_WRITABLE},
        {"unknown, wrong type too", "1.3.6.1.2.1.1.99.0", number_value(SNMP_SMI_GAUGE32, 1),
         SNMP_SET_NOT_WRITABLE},
        {"a prefix of sysName", "1.3.6.1.2.1.1.5", string_value("x", 1), SNMP_SET_NOT_WRITABLE},
        {"under sysName.0", "1.3.6.1.2.1.1.5.0.0", string_value("x", 1),
         SNMP_SET_NOT_WRITABLE},
        {"sysName.1", "1.3.6.1.2.1.1.5.1", string_value("x", 1), SNMP_SET_NO_CREATION},
        {"sysName.2^32-1", "1.3.6.1.2.1.1.5.4294967295", string_value("x", 1),
         SNMP_SET_NO_CREATION},
        {"ifAlias.4", "1.3.6.1.2.1.2.2.1.18.4", string_value("x", 1), SNMP_SET_NO_CREATION},
        {"sysName.1 with a wrong type", "1.3.6.1.2.1.1.5.1", number_value(SNMP_SMI_INTEGER, 1),
         SNMP_SET_WRONG_TYPE},
        {"sysName.1 too long", "1.3.6.1.2.1.1.5.1", string_value(fill256, 256),
         SNMP_SET_WRONG_LENGTH},
        {"sysName.1 not UTF-8", "1.3.6.1.2.1.1.5.1", string_value(bad_utf8, sizeof bad_utf8),
         SNMP_SET_WRONG_VALUE},
        {"sysDescr.1 (a read-only type)", "1.3.6.1.2.1.1.1.1", string_value("x", 1),
         SNMP_SET_NOT_WRITABLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snmp_set_step step;
        memset(&step, 0xCC, sizeof step);
        snmp_set_failure got = check(cases[i].name, &cases[i].value, &step);
        if (got != cases[i].want) {
            print_error("case '%s': got %s, want %s\n", cases[i].what, snmp_set_failure_name(got),
                        snmp_set_failure_name(cases[i].want));
            fail();
        }
        if (got == SNMP_SET_OK)
            CHECK_CASE(step.value.bytes == cases[i].value.bytes, cases[i].what);
    }
    /* A name of no arcs, and of one, has no object type. */
    snmp_smi v = string_value("x", 1);
    snmp_set_step step;
    static const uint32_t one[] = {1};
    assert_int_equal(snmp_set_check(&mib, one, 0, &v, &step), SNMP_SET_NOT_WRITABLE);
    assert_int_equal(snmp_set_check(&mib, one, 1, &v, &step), SNMP_SET_NOT_WRITABLE);
}

/* Writable numbers, IpAddress and Gauge32 in a table of their own. */
static void test_numbers_and_ip_addresses(void **state)
{
    (void)state;
    static const uint32_t n_int[] = {1, 1, 0};
    static const uint32_t n_cnt[] = {1, 2, 0};
    static const uint32_t n_gauge[] = {1, 3, 0};
    static const uint32_t n_ticks[] = {1, 4, 0};
    static const uint32_t n_ip[] = {1, 5, 0};
    static const uint8_t ip[4] = {192, 0, 2, 1};
    static const snmp_mib_row rows[] = {
        {.arcs = n_int, .arc_count = 3, .writable = true,
         .value = {.type = SNMP_SMI_INTEGER, .integer = 5}},
        {.arcs = n_cnt, .arc_count = 3, .writable = true,
         .value = {.type = SNMP_SMI_COUNTER32, .number = 6}},
        {.arcs = n_gauge, .arc_count = 3, .writable = true,
         .value = {.type = SNMP_SMI_GAUGE32, .number = 7}},
        {.arcs = n_ticks, .arc_count = 3, .writable = true,
         .value = {.type = SNMP_SMI_TIMETICKS, .number = 8}},
        {.arcs = n_ip, .arc_count = 3, .writable = true,
         .value = {.type = SNMP_SMI_IPADDRESS, .bytes = ip, .len = 4}},
    };
    static _Alignas(16) uint8_t arena[4096];
    assert_int_equal(snmp_mib_init(&mib, rows, 5, arena, sizeof arena, 0), SNMP_OK);
    static const uint8_t ip5[5] = {10, 0, 0, 1, 9};
    snmp_smi ip3 = {.type = SNMP_SMI_IPADDRESS, .bytes = ip5, .len = 3};
    snmp_smi ip4 = {.type = SNMP_SMI_IPADDRESS, .bytes = ip5, .len = 4};
    snmp_smi ip5v = {.type = SNMP_SMI_IPADDRESS, .bytes = ip5, .len = 5};
    const failure_case cases[] = {
        {"INTEGER -2^31", "1.1.0", {.type = SNMP_SMI_INTEGER, .integer = INT32_MIN}, SNMP_SET_OK},
        {"Counter32 2^32-1", "1.2.0", number_value(SNMP_SMI_COUNTER32, UINT32_MAX), SNMP_SET_OK},
        {"Counter32 2^32", "1.2.0", number_value(SNMP_SMI_COUNTER32, 1ull << 32),
         SNMP_SET_WRONG_VALUE},
        {"Gauge32 2^32-1", "1.3.0", number_value(SNMP_SMI_GAUGE32, UINT32_MAX), SNMP_SET_OK},
        {"Gauge32 2^32", "1.3.0", number_value(SNMP_SMI_GAUGE32, 1ull << 32),
         SNMP_SET_WRONG_VALUE},
        {"TimeTicks 2^32", "1.4.0", number_value(SNMP_SMI_TIMETICKS, 1ull << 32),
         SNMP_SET_WRONG_VALUE},
        {"TimeTicks to a Counter32", "1.2.0", number_value(SNMP_SMI_TIMETICKS, 1),
         SNMP_SET_WRONG_TYPE},
        {"Counter64 to a Counter32", "1.2.0", number_value(SNMP_SMI_COUNTER64, 1),
         SNMP_SET_WRONG_TYPE},
        {"OCTET STRING to an IpAddress", "1.5.0", string_value(ip5, 4), SNMP_SET_WRONG_TYPE},
        {"IpAddress of 3", "1.5.0", ip3, SNMP_SET_WRONG_LENGTH},
        {"IpAddress of 4", "1.5.0", ip4, SNMP_SET_OK},
        {"IpAddress of 5", "1.5.0", ip5v, SNMP_SET_WRONG_LENGTH},
        {"IpAddress .1 of 4", "1.5.1", ip4, SNMP_SET_NO_CREATION},
    };
    snmp_set_step steps[sizeof cases / sizeof cases[0]];
    size_t ok = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snmp_set_failure got = check(cases[i].name, &cases[i].value, &steps[ok]);
        CHECK_CASE(got == cases[i].want, cases[i].what);
        ok += got == SNMP_SET_OK;
    }
    snmp_set_apply(&mib, steps, ok);
    snmp_smi v;
    snmp_mib_read(&mib, 0, 0, &v);
    assert_true(v.integer == INT32_MIN);
    snmp_mib_read(&mib, 1, 0, &v);
    assert_true(v.number == UINT32_MAX);
    snmp_mib_read(&mib, 2, 0, &v);
    assert_true(v.number == UINT32_MAX);
    snmp_mib_read(&mib, 3, 0, &v);
    assert_true(v.number == 8);
    snmp_mib_read(&mib, 4, 0, &v);
    assert_int_equal(v.len, 4);
    assert_memory_equal(v.bytes, ip5, 4);
}

/* Check stages, changing nothing; apply stores; the last binding wins. */
static void test_check_changes_nothing_apply_stores_last_wins(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *value;
    } bindings[] = {
        {"1.3.6.1.2.1.1.5.0", "first"},
        {"1.3.6.1.2.1.1.4.0", "c1"},
        {"1.3.6.1.2.1.1.5.0", "second"},
        {"1.3.6.1.2.1.1.5.0", "third-and-last"},
        {"1.3.6.1.2.1.1.4.0", ""},
        {"1.3.6.1.2.1.2.2.1.18.3", "kept"},
    };
    enum { N = sizeof bindings / sizeof bindings[0] };
    static char values[N][32];
    snmp_set_step steps[N];
    for (size_t i = 0; i < N; i++) {
        snprintf(values[i], sizeof values[i], "%s", bindings[i].value);
        snmp_smi v = string_value(values[i], strlen(values[i]));
        assert_int_equal(check(bindings[i].name, &v, &steps[i]), SNMP_SET_OK);
    }
    expect_stored_string("1.3.6.1.2.1.1.5.0", "router-main", 11);
    expect_stored_string("1.3.6.1.2.1.1.4.0", "admin@example.com", 17);
    snmp_set_apply(&mib, steps, N);
    /* The values were copied out of the request's bytes. */
    memset(values, 0xEE, sizeof values);
    expect_stored_string("1.3.6.1.2.1.1.5.0", "third-and-last", 14);
    expect_stored_string("1.3.6.1.2.1.1.4.0", "", 0);
    expect_stored_string("1.3.6.1.2.1.2.2.1.18.3", "kept", 4);
    expect_stored_string("1.3.6.1.2.1.1.6.0", "Server Room, Building A, Floor 2", 32);

    /* A long value then a short one: no stale tail. */
    snmp_smi long_v = string_value(fill255, 255);
    memset(fill255, 'L', sizeof fill255);
    snmp_smi short_v = string_value("s", 1);
    assert_int_equal(check("1.3.6.1.2.1.1.5.0", &long_v, &steps[0]), SNMP_SET_OK);
    assert_int_equal(check("1.3.6.1.2.1.1.5.0", &short_v, &steps[1]), SNMP_SET_OK);
    snmp_set_apply(&mib, steps, 2);
    expect_stored_string("1.3.6.1.2.1.1.5.0", "s", 1);

    /* Applying nothing changes nothing. */
    mib_state_save(&mib);
    snmp_set_apply(&mib, steps, 0);
    assert_true(mib_state_unchanged(&mib));
}

static void test_failure_names(void **state)
{
    (void)state;
    static const struct {
        snmp_set_failure failure;
        const char *name;
    } cases[] = {
        {SNMP_SET_OK, "ok"},
        {SNMP_SET_NOT_WRITABLE, "notWritable"},
        {SNMP_SET_WRONG_TYPE, "wrongType"},
        {SNMP_SET_WRONG_LENGTH, "wrongLength"},
        {SNMP_SET_WRONG_VALUE, "wrongValue"},
        {SNMP_SET_NO_CREATION, "noCreation"},
        {(snmp_set_failure)99, "unknown"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_CASE(strcmp(snmp_set_failure_name(cases[i].failure), cases[i].name) == 0,
                   cases[i].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_failure_at_its_boundary, fresh_mib),
        cmocka_unit_test(test_numbers_and_ip_addresses),
        cmocka_unit_test_setup(test_check_changes_nothing_apply_stores_last_wins, fresh_mib),
        cmocka_unit_test(test_failure_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
