/* Two-phase SET (AGENT.md "SetRequest: two phases"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/message.h"
#include "snmp/mib.h"
#include "snmp/value.h"
#include "test_util.h"

static snmp_mib mib;
static snmp_mib mib_before;
static snmp_message req;
static snmp_set_plan plan;

/* Per-binding storage for OIDs and values. */
static uint8_t oids[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];
static uint8_t values[SNMP_MAX_BINDINGS][512];

static int fresh_mib(void **state)
{
    (void)state;
    size_t count = 0;
    const snmp_mib_object *table = snmp_mib_default_table(&count);
    return snmp_mib_init(&mib, table, count, 0) == SNMP_OK ? 0 : -1;
}

static void req_reset(void)
{
    memset(&req, 0, sizeof req);
    req.request_id = 1;
    req.pdu_type = SNMP_PDU_SET_REQUEST;
}

/* Adds a binding; value is `len` bytes of `fill` unless bytes is given. */
static void req_add(const char *oid_text, uint8_t type, const void *bytes, size_t len)
{
    assert_true(req.count < SNMP_MAX_BINDINGS);
    assert_true(len <= sizeof values[0]);
    size_t i = req.count++;
    size_t ol = oid_enc(oid_text, oids[i]);
    if (bytes != NULL) {
        memcpy(values[i], bytes, len);
    }
    set_binding(&req.bindings[i], oids[i], ol, type, values[i], len);
}

static void req_add_fill(const char *oid_text, uint8_t type, size_t len, uint8_t fill)
{
    uint8_t tmp[512];
    assert_true(len <= sizeof tmp);
    memset(tmp, fill, len);
    req_add(oid_text, type, tmp, len);
}

static void req_add_u32(const char *oid_text, uint8_t type, uint32_t v)
{
    uint8_t tmp[4];
    snmp_value_put_u32(tmp, v);
    req_add(oid_text, type, tmp, 4);
}

static void req_add_str(const char *oid_text, const char *s)
{
    req_add(oid_text, SNMP_TYPE_STRING, s, strlen(s));
}

/* Reads a string object's current value. */
static void expect_stored(const char *oid_text, const void *want, size_t want_len)
{
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t ol = oid_enc(oid_text, oid);
    long idx = snmp_mib_find(&mib, oid, ol);
    CHECK_CASE(idx >= 0, oid_text);
    snmp_mib_value v;
    memset(&v, 0, sizeof v);
    snmp_mib_read(&mib, (size_t)idx, 0, &v);
    CHECK_CASE(v.type == SNMP_TYPE_STRING, oid_text);
    CHECK_CASE(v.len == want_len, oid_text);
    CHECK_CASE(want_len == 0 || memcmp(v.bytes, want, want_len) == 0, oid_text);
}

/* Validates and requires `want`; on failure checks mib is byte-for-byte unchanged. */
static snmp_error validate(void)
{
    memcpy(&mib_before, &mib, sizeof mib);
    memset(&plan, 0xCC, sizeof plan);
    snmp_error e = snmp_mib_set_validate(&mib, &req, &plan);
    assert_memory_equal(&mib_before, &mib, sizeof mib);
    return e;
}

/* ---- validation order ---- */

enum obj_kind {
    K_OK,          /* writable string, valid */
    K_UNKNOWN,     /* not in the MIB */
    K_UNKNOWN_BAD, /* not in the MIB, and wrong type */
    K_RO,          /* read-only, right type */
    K_RO_BADTYPE,  /* read-only and wrong type */
    K_RO_LONG,     /* read-only string of 300 bytes */
    K_BADTYPE,     /* writable string given an INTEGER */
    K_LONG,        /* writable string of 256 bytes */
    K_END
};

static void add_kind(enum obj_kind k)
{
    switch (k) {
    case K_OK:
        req_add_str(OID_SYS_LOCATION, "ok");
        break;
    case K_UNKNOWN:
        req_add_str(OID_UNKNOWN, "x");
        break;
    case K_UNKNOWN_BAD:
        req_add_u32(OID_UNKNOWN, SNMP_TYPE_COUNTER, 5);
        break;
    case K_RO:
        req_add_str(OID_SYS_DESCR, "new descr");
        break;
    case K_RO_BADTYPE:
        req_add_str(OID_SYS_SERVICES, "not an integer");
        break;
    case K_RO_LONG:
        req_add_fill(OID_SYS_DESCR, SNMP_TYPE_STRING, 300, 'd');
        break;
    case K_BADTYPE:
        req_add_u32(OID_SYS_NAME, SNMP_TYPE_INTEGER, 1);
        break;
    case K_LONG:
        req_add_fill(OID_SYS_NAME, SNMP_TYPE_STRING, 256, 'l');
        break;
    case K_END:
        break;
    }
}

static void test_validation_order_first_failing_binding_decides(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum obj_kind kinds[4];
        snmp_error want;
    } cases[] = {
        {"unknown", {K_UNKNOWN, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"unknown with a wrong type", {K_UNKNOWN_BAD, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"read-only", {K_RO, K_END}, SNMP_ERR_READ_ONLY},
        {"read-only with a wrong type", {K_RO_BADTYPE, K_END}, SNMP_ERR_READ_ONLY},
        {"read-only with a long string", {K_RO_LONG, K_END}, SNMP_ERR_READ_ONLY},
        {"wrong type", {K_BADTYPE, K_END}, SNMP_ERR_BAD_VALUE},
        {"too long", {K_LONG, K_END}, SNMP_ERR_BAD_VALUE},
        {"[read-only, unknown]", {K_RO, K_UNKNOWN, K_END}, SNMP_ERR_READ_ONLY},
        {"[unknown, read-only]", {K_UNKNOWN, K_RO, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[bad value, unknown]", {K_BADTYPE, K_UNKNOWN, K_END}, SNMP_ERR_BAD_VALUE},
        {"[unknown, bad value]", {K_UNKNOWN, K_BADTYPE, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[bad value, read-only]", {K_LONG, K_RO, K_END}, SNMP_ERR_BAD_VALUE},
        {"[read-only, bad value]", {K_RO, K_LONG, K_END}, SNMP_ERR_READ_ONLY},
        {"[ok, ok, read-only]", {K_OK, K_OK, K_RO, K_END}, SNMP_ERR_READ_ONLY},
        {"[ok, bad value, unknown]", {K_OK, K_BADTYPE, K_UNKNOWN, K_END}, SNMP_ERR_BAD_VALUE},
        {"[ok, unknown, bad value]", {K_OK, K_UNKNOWN, K_BADTYPE, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[ok, ok, ok]", {K_OK, K_OK, K_OK, K_END}, SNMP_ERR_SUCCESS},
        {"[ok, ok, ok, unknown]", {K_OK, K_OK, K_OK, K_UNKNOWN}, SNMP_ERR_NO_SUCH_OID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        req_reset();
        for (size_t k = 0; k < 4 && cases[i].kinds[k] != K_END; k++) {
            add_kind(cases[i].kinds[k]);
        }
        snmp_error got = validate();
        if (got != cases[i].want) {
            print_error("case '%s': got error %d, want %d\n", cases[i].name, (int)got,
                        (int)cases[i].want);
            fail();
        }
        if (got == SNMP_ERR_SUCCESS) {
            CHECK_CASE(plan.count == req.count, cases[i].name);
        }
    }
}

static void test_read_only_objects_refuse_any_set(void **state)
{
    (void)state;
    static const char *const ro[] = {OID_SYS_DESCR, OID_SYS_OBJECT_ID, OID_SYS_UPTIME,
                                     OID_SYS_SERVICES, OID_IF_IN_OCTETS_1, OID_IF_LAST_CHANGE_1,
                                     "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.4.1.99.1.1.0"};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
        /* Whatever the type: READ_ONLY, never BAD_VALUE. */
        static const uint8_t types[] = {SNMP_TYPE_STRING, SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER,
                                        SNMP_TYPE_TIMETICKS};
        for (size_t t = 0; t < 4; t++) {
            req_reset();
            if (types[t] == SNMP_TYPE_STRING) {
                req_add_str(ro[i], "x");
            } else {
                req_add_u32(ro[i], types[t], 7);
            }
            CHECK_CASE(validate() == SNMP_ERR_READ_ONLY, ro[i]);
        }
    }
}

static void test_wrong_type_to_string_object_is_bad_value(void **state)
{
    (void)state;
    static const char *const writable[] = {OID_SYS_CONTACT, OID_SYS_NAME, OID_SYS_LOCATION,
                                           OID_IF_ALIAS_1, OID_IF_ALIAS_2, OID_IF_ALIAS_3};
    static const uint8_t types[] = {SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER, SNMP_TYPE_TIMETICKS};
    for (size_t w = 0; w < 6; w++) {
        for (size_t t = 0; t < 3; t++) {
            req_reset();
            req_add_u32(writable[w], types[t], 0);
            CHECK_CASE(validate() == SNMP_ERR_BAD_VALUE, writable[w]);
        }
        req_reset();
        req_add_str(writable[w], "fine");
        CHECK_CASE(validate() == SNMP_ERR_SUCCESS, writable[w]);
    }
}

static void test_string_length_254_255_ok_256_bad_value(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        snmp_error want;
    } cases[] = {
        {0, SNMP_ERR_SUCCESS},   {1, SNMP_ERR_SUCCESS},     {254, SNMP_ERR_SUCCESS},
        {255, SNMP_ERR_SUCCESS}, {256, SNMP_ERR_BAD_VALUE}, {257, SNMP_ERR_BAD_VALUE},
        {511, SNMP_ERR_BAD_VALUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "length %zu", cases[i].len);
        req_reset();
        req_add_fill(OID_IF_ALIAS_2, SNMP_TYPE_STRING, cases[i].len, 'z');
        CHECK_CASE(validate() == cases[i].want, name);
        if (cases[i].want == SNMP_ERR_SUCCESS) {
            snmp_mib_set_apply(&mib, &plan);
            uint8_t want[512];
            memset(want, 'z', cases[i].len);
            expect_stored(OID_IF_ALIAS_2, want, cases[i].len);
        }
    }
    /* 255 bytes of multi-byte UTF-8 (85 euro signs) count as 255, not 85. */
    uint8_t euros[258];
    for (size_t k = 0; k < 86; k++) {
        memcpy(euros + 3 * k, "\xe2\x82\xac", 3);
    }
    req_reset();
    req_add(OID_SYS_NAME, SNMP_TYPE_STRING, euros, 255);
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    req_reset();
    req_add(OID_SYS_NAME, SNMP_TYPE_STRING, euros, 258);
    assert_int_equal(validate(), SNMP_ERR_BAD_VALUE);
}

/* ---- phase 1 changes nothing; phase 2 stores ---- */

static void test_validate_changes_nothing_even_on_success(void **state)
{
    (void)state;
    req_reset();
    req_add_str(OID_SYS_NAME, "changed?");
    req_add_str(OID_SYS_CONTACT, "nobody");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS); /* validate() memcmps the mib */
    expect_stored(OID_SYS_NAME, "router-main", 11);
    expect_stored(OID_SYS_CONTACT, "admin@example.com", 17);
    snmp_mib_set_apply(&mib, &plan);
    expect_stored(OID_SYS_NAME, "changed?", 8);
    expect_stored(OID_SYS_CONTACT, "nobody", 6);
}

static void test_failing_set_leaves_mib_byte_for_byte_unchanged(void **state)
{
    (void)state;
    /* Change something first so the state is not just the defaults. */
    req_reset();
    req_add_str(OID_SYS_LOCATION, "Lab 3");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);

    static snmp_mib snapshot;
    memcpy(&snapshot, &mib, sizeof mib);
    static const struct {
        const char *name;
        enum obj_kind last;
        snmp_error want;
    } cases[] = {
        {"valid bindings then unknown", K_UNKNOWN, SNMP_ERR_NO_SUCH_OID},
        {"valid bindings then read-only", K_RO, SNMP_ERR_READ_ONLY},
        {"valid bindings then wrong type", K_BADTYPE, SNMP_ERR_BAD_VALUE},
        {"valid bindings then too long", K_LONG, SNMP_ERR_BAD_VALUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        req_reset();
        req_add_str(OID_SYS_NAME, "should-not-stick");
        req_add_fill(OID_SYS_CONTACT, SNMP_TYPE_STRING, 255, 'q');
        req_add_str(OID_IF_ALIAS_1, "");
        add_kind(cases[i].last);
        CHECK_CASE(validate() == cases[i].want, cases[i].name);
        CHECK_CASE(memcmp(&snapshot, &mib, sizeof mib) == 0, cases[i].name);
    }
    expect_stored(OID_SYS_NAME, "router-main", 11);
    expect_stored(OID_SYS_LOCATION, "Lab 3", 5);
}

static void test_repeated_oid_last_wins(void **state)
{
    (void)state;
    req_reset();
    req_add_str(OID_SYS_NAME, "first");
    req_add_str(OID_SYS_CONTACT, "c1");
    req_add_str(OID_SYS_NAME, "second");
    req_add_str(OID_SYS_NAME, "third-and-last");
    req_add_str(OID_SYS_CONTACT, "");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(plan.count, 5);
    snmp_mib_set_apply(&mib, &plan);
    expect_stored(OID_SYS_NAME, "third-and-last", 14);
    expect_stored(OID_SYS_CONTACT, "", 0);
    /* A longer value then a shorter one: no stale tail. */
    req_reset();
    req_add_fill(OID_SYS_NAME, SNMP_TYPE_STRING, 255, 'L');
    req_add_str(OID_SYS_NAME, "s");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
    expect_stored(OID_SYS_NAME, "s", 1);
}

static void test_empty_set_succeeds_and_changes_nothing(void **state)
{
    (void)state;
    req_reset();
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(plan.count, 0);
    snmp_mib_set_apply(&mib, &plan);
    assert_memory_equal(&mib_before, &mib, sizeof mib);
}

static void test_apply_copies_values_out_of_the_request(void **state)
{
    (void)state;
    req_reset();
    req_add_str(OID_IF_ALIAS_3, "kept");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
    /* The request buffer is reused for the next message. */
    memset(values, 0xEE, sizeof values);
    expect_stored(OID_IF_ALIAS_3, "kept", 4);
}

static void test_every_writable_object_stores_and_reads_back(void **state)
{
    (void)state;
    static const char *const writable[] = {OID_SYS_CONTACT, OID_SYS_NAME, OID_SYS_LOCATION,
                                           OID_IF_ALIAS_1, OID_IF_ALIAS_2, OID_IF_ALIAS_3};
    req_reset();
    for (size_t w = 0; w < 6; w++) {
        req_add_fill(writable[w], SNMP_TYPE_STRING, 10 + w, (uint8_t)('A' + w));
    }
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
    for (size_t w = 0; w < 6; w++) {
        uint8_t want[16];
        memset(want, 'A' + (int)w, sizeof want);
        expect_stored(writable[w], want, 10 + w);
    }
    /* Read-only neighbours are untouched. */
    expect_stored(OID_SYS_DESCR, "Router Model X2000 - High Performance Edge Router", 49);
}

static void test_255_bindings_validate_and_the_last_can_fail(void **state)
{
    (void)state;
    req_reset();
    for (size_t i = 0; i < SNMP_MAX_BINDINGS; i++) {
        char v[16];
        snprintf(v, sizeof v, "v%zu", i);
        req_add_str(i % 2 ? OID_SYS_NAME : OID_SYS_LOCATION, v);
    }
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(plan.count, 255);
    /* Now make only the last one unknown. */
    size_t ol = oid_enc(OID_UNKNOWN, oids[254]);
    req.bindings[254].oid_len = (uint8_t)ol;
    assert_int_equal(validate(), SNMP_ERR_NO_SUCH_OID);
    /* And restore it: the last writes win. */
    ol = oid_enc(OID_SYS_LOCATION, oids[254]);
    req.bindings[254].oid_len = (uint8_t)ol;
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
    expect_stored(OID_SYS_LOCATION, "v254", 4);
    expect_stored(OID_SYS_NAME, "v253", 4);
}

/* ---- a custom table with writable numbers ---- */

static void test_custom_table_writable_integer_and_counter(void **state)
{
    (void)state;
    static const uint8_t oid_int[] = {1, 1};
    static const uint8_t oid_cnt[] = {1, 2};
    static const uint8_t oid_str[] = {1, 3};
    static snmp_mib_object t[3];
    memset(t, 0, sizeof t);
    t[0].oid = oid_int;
    t[0].oid_len = 2;
    t[0].type = SNMP_TYPE_INTEGER;
    t[0].writable = true;
    t[0].number = 5;
    t[1].oid = oid_cnt;
    t[1].oid_len = 2;
    t[1].type = SNMP_TYPE_COUNTER;
    t[1].writable = true;
    t[1].number = 6;
    t[2].oid = oid_str;
    t[2].oid_len = 2;
    t[2].type = SNMP_TYPE_STRING;
    t[2].writable = true;
    t[2].string = "s";
    t[2].string_len = 1;
    assert_int_equal(snmp_mib_init(&mib, t, 3, 0), SNMP_OK);

    req_reset();
    req_add_u32("1.1", SNMP_TYPE_INTEGER, (uint32_t)-12345);
    req_add_u32("1.2", SNMP_TYPE_COUNTER, 4000000000u);
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
    snmp_mib_value v;
    snmp_mib_read(&mib, 0, 0, &v);
    assert_int_equal(v.type, SNMP_TYPE_INTEGER);
    assert_true(snmp_value_get_i32(v.number) == -12345);
    snmp_mib_read(&mib, 1, 0, &v);
    assert_int_equal(v.type, SNMP_TYPE_COUNTER);
    assert_true(snmp_value_get_u32(v.number) == 4000000000u);

    /* Types must match exactly: COUNTER to INTEGER, TIMETICKS to COUNTER,
       STRING to INTEGER, INTEGER to STRING are all BAD_VALUE. */
    static const struct {
        const char *oid;
        uint8_t type;
    } wrong[] = {
        {"1.1", SNMP_TYPE_COUNTER},
        {"1.2", SNMP_TYPE_TIMETICKS},
        {"1.1", SNMP_TYPE_STRING},
        {"1.3", SNMP_TYPE_INTEGER},
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        req_reset();
        if (wrong[i].type == SNMP_TYPE_STRING) {
            req_add_str(wrong[i].oid, "abcd");
        } else {
            req_add_u32(wrong[i].oid, wrong[i].type, 1);
        }
        CHECK_CASE(validate() == SNMP_ERR_BAD_VALUE, wrong[i].oid);
    }

    /* A caller-built message (not from snmp_msg_unpack) with an INTEGER of
     * the wrong length is refused, not read past its 3 bytes; 4 is fine. */
    static const uint8_t three[3] = {0, 0, 7};
    for (size_t len = 3; len <= 5; len++) {
        static uint8_t bytes[5];
        req_reset();
        req_add("1.1", SNMP_TYPE_INTEGER, len == 3 ? three : bytes, len);
        assert_int_equal(validate(), len == 4 ? SNMP_ERR_SUCCESS : SNMP_ERR_BAD_VALUE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_validation_order_first_failing_binding_decides, fresh_mib),
        cmocka_unit_test_setup(test_read_only_objects_refuse_any_set, fresh_mib),
        cmocka_unit_test_setup(test_wrong_type_to_string_object_is_bad_value, fresh_mib),
        cmocka_unit_test_setup(test_string_length_254_255_ok_256_bad_value, fresh_mib),
        cmocka_unit_test_setup(test_validate_changes_nothing_even_on_success, fresh_mib),
        cmocka_unit_test_setup(test_failing_set_leaves_mib_byte_for_byte_unchanged, fresh_mib),
        cmocka_unit_test_setup(test_repeated_oid_last_wins, fresh_mib),
        cmocka_unit_test_setup(test_empty_set_succeeds_and_changes_nothing, fresh_mib),
        cmocka_unit_test_setup(test_apply_copies_values_out_of_the_request, fresh_mib),
        cmocka_unit_test_setup(test_every_writable_object_stores_and_reads_back, fresh_mib),
        cmocka_unit_test_setup(test_255_bindings_validate_and_the_last_can_fail, fresh_mib),
        cmocka_unit_test_setup(test_custom_table_writable_integer_and_counter, fresh_mib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
