/* Messages (PROTOCOL.md s.3), strict decoding (s.4) and the golden vectors (s.6). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/message.h"
#include "snmp/value.h"
#include "test_util.h"

static snmp_message msg;
static snmp_message msg2;
static uint8_t inbuf[70000];
static uint8_t outbuf[200000]; /* roomy: only LIMIT, never NO_SPACE, unless a test says */

static const uint8_t SYS_NAME[9] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

/* A refused message: the header says nothing was decoded, so no binding is. */
static void expect_refused_header(const snmp_message *m, const char *name)
{
    if (m->request_id != 0 || m->pdu_type != 0 || m->error_code != 0 || m->count != 0) {
        print_error("case '%s': refused, yet request_id %u pdu_type 0x%02x error_code %u "
                    "count %u (all must be 0)\n",
                    name, (unsigned)m->request_id, (unsigned)m->pdu_type,
                    (unsigned)m->error_code, (unsigned)m->count);
        fail();
    }
}

/* Unpacks a guarded copy into msg; the caller frees g once done with the views. */
static snmp_status unpack_g(guarded_buf *g, const uint8_t *buf, size_t len, snmp_message *m)
{
    const uint8_t *in = guarded_copy(g, buf, len);
    return snmp_msg_unpack(in, len, m);
}

/* Unpacks and discards: for cases that must be refused. */
static snmp_status unpack_status(const uint8_t *buf, size_t len)
{
    guarded_buf g = {0};
    memset(&msg, 0xAA, sizeof msg);
    snmp_status st = unpack_g(&g, buf, len, &msg);
    guarded_free(&g);
    return st;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* SetRequest with one sysName binding of a value_len-byte ASCII string. */
static size_t build_set_one(uint8_t *buf, size_t cap, uint32_t rid, size_t value_len)
{
    static uint8_t value[SNMP_MAX_VALUE_LEN];
    memset(value, 'v', sizeof value);
    msg_builder b;
    mb_init(&b, buf, cap);
    mb_header(&b, rid, SNMP_PDU_SET_REQUEST);
    mb_u8(&b, 1);
    mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, value, value_len);
    return mb_finish(&b);
}

/* A message struct with one sysName STRING binding of value_len bytes. */
static void fill_one_binding(snmp_message *m, uint8_t pdu, size_t value_len)
{
    static uint8_t value[SNMP_MAX_VALUE_LEN];
    memset(value, 'w', sizeof value);
    memset(m, 0, sizeof *m);
    m->request_id = 99;
    m->pdu_type = pdu;
    m->count = 1;
    set_binding(&m->bindings[0], SYS_NAME, sizeof SYS_NAME, SNMP_TYPE_STRING, value, value_len);
}

/* ---- golden vectors: unpack gives the documented fields ---- */

static void test_golden_files_have_documented_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        size_t size;
    } files[] = {
        {GOLDEN_GET_REQUEST_1234, 20}, {GOLDEN_SET_REQUEST_1, 30}, {GOLDEN_GET_RESPONSE_1234, 28},
        {GOLDEN_GET_REQUEST_EMPTY, 10}, {GOLDEN_NO_SUCH_OID_7, 11},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t n = load_golden(files[i].name, inbuf, sizeof inbuf);
        CHECK_CASE(n == files[i].size, files[i].name);
        CHECK_CASE(snmp_msg_peek_size(inbuf) == files[i].size, files[i].name);
    }
}

static void test_unpack_golden_get_request_1234(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_GET_REQUEST_1234, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    memset(&msg, 0xAA, sizeof msg);
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.request_id, 1234);
    assert_int_equal(msg.pdu_type, SNMP_PDU_GET_REQUEST);
    assert_int_equal(msg.error_code, 0);
    assert_int_equal(msg.count, 1);
    assert_int_equal(msg.bindings[0].oid_len, 9);
    assert_memory_equal(msg.bindings[0].oid, SYS_NAME, 9);
    /* A view into the input, not a copy. */
    assert_ptr_equal(msg.bindings[0].oid, g.data + 11);
    /* GetRequest: the value fields are 0. */
    assert_null(msg.bindings[0].value);
    assert_int_equal(msg.bindings[0].value_len, 0);
    assert_int_equal(msg.bindings[0].type, 0);
    guarded_free(&g);
}

static void test_unpack_golden_set_request_1(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_SET_REQUEST_1, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.request_id, 1);
    assert_int_equal(msg.pdu_type, SNMP_PDU_SET_REQUEST);
    assert_int_equal(msg.error_code, 0);
    assert_int_equal(msg.count, 1);
    assert_int_equal(msg.bindings[0].oid_len, 9);
    assert_memory_equal(msg.bindings[0].oid, SYS_NAME, 9);
    assert_int_equal(msg.bindings[0].type, SNMP_TYPE_STRING);
    assert_int_equal(msg.bindings[0].value_len, 7);
    assert_memory_equal(msg.bindings[0].value, "router1", 7);
    assert_ptr_equal(msg.bindings[0].value, g.data + 23);
    guarded_free(&g);
}

static void test_unpack_golden_get_response_1234_test(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_GET_RESPONSE_1234, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.request_id, 1234);
    assert_int_equal(msg.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(msg.error_code, SNMP_ERR_SUCCESS);
    assert_int_equal(msg.count, 1);
    assert_int_equal(msg.bindings[0].oid_len, 9);
    assert_memory_equal(msg.bindings[0].oid, SYS_NAME, 9);
    assert_int_equal(msg.bindings[0].type, SNMP_TYPE_STRING);
    assert_int_equal(msg.bindings[0].value_len, 4);
    assert_memory_equal(msg.bindings[0].value, "test", 4);
    guarded_free(&g);
}

static void test_unpack_golden_get_request_empty(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_GET_REQUEST_EMPTY, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    memset(&msg, 0xAA, sizeof msg);
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.request_id, 0);
    assert_int_equal(msg.pdu_type, SNMP_PDU_GET_REQUEST);
    assert_int_equal(msg.error_code, 0);
    assert_int_equal(msg.count, 0);
    guarded_free(&g);
}

static void test_unpack_golden_get_response_7_no_such_oid(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_NO_SUCH_OID_7, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.request_id, 7);
    assert_int_equal(msg.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(msg.error_code, SNMP_ERR_NO_SUCH_OID);
    assert_int_equal(msg.count, 0);
    guarded_free(&g);
}

/* ---- golden vectors: pack of the documented fields gives the file's bytes ---- */

static void expect_pack_equals_golden(const snmp_message *m, const char *golden)
{
    uint8_t want[64];
    size_t want_len = load_golden(golden, want, sizeof want);
    size_t out_len = 12345;
    memset(outbuf, 0xEE, sizeof outbuf);
    CHECK_CASE(snmp_msg_pack(m, outbuf, sizeof outbuf, &out_len) == SNMP_OK, golden);
    CHECK_CASE(out_len == want_len, golden);
    CHECK_CASE(memcmp(outbuf, want, want_len) == 0, golden);
    CHECK_CASE(outbuf[want_len] == 0xEE, golden);
    CHECK_CASE(snmp_msg_packed_size(m) == want_len, golden);
}

static void test_pack_documented_fields_gives_golden_bytes(void **state)
{
    (void)state;
    memset(&msg, 0, sizeof msg);
    msg.request_id = 1234;
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    msg.count = 1;
    set_binding(&msg.bindings[0], SYS_NAME, 9, 0, NULL, 0);
    expect_pack_equals_golden(&msg, GOLDEN_GET_REQUEST_1234);

    memset(&msg, 0, sizeof msg);
    msg.request_id = 1;
    msg.pdu_type = SNMP_PDU_SET_REQUEST;
    msg.count = 1;
    set_binding(&msg.bindings[0], SYS_NAME, 9, SNMP_TYPE_STRING, (const uint8_t *)"router1", 7);
    expect_pack_equals_golden(&msg, GOLDEN_SET_REQUEST_1);

    memset(&msg, 0, sizeof msg);
    msg.request_id = 1234;
    msg.pdu_type = SNMP_PDU_GET_RESPONSE;
    msg.error_code = SNMP_ERR_SUCCESS;
    msg.count = 1;
    set_binding(&msg.bindings[0], SYS_NAME, 9, SNMP_TYPE_STRING, (const uint8_t *)"test", 4);
    expect_pack_equals_golden(&msg, GOLDEN_GET_RESPONSE_1234);

    memset(&msg, 0, sizeof msg);
    msg.request_id = 0;
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    expect_pack_equals_golden(&msg, GOLDEN_GET_REQUEST_EMPTY);

    memset(&msg, 0, sizeof msg);
    msg.request_id = 7;
    msg.pdu_type = SNMP_PDU_GET_RESPONSE;
    msg.error_code = SNMP_ERR_NO_SUCH_OID;
    expect_pack_equals_golden(&msg, GOLDEN_NO_SUCH_OID_7);
}

static const char *const golden_names[] = {
    GOLDEN_GET_REQUEST_1234, GOLDEN_SET_REQUEST_1, GOLDEN_GET_RESPONSE_1234,
    GOLDEN_GET_REQUEST_EMPTY, GOLDEN_NO_SUCH_OID_7,
};

static void test_unpack_then_pack_is_byte_exact_for_every_golden(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof golden_names / sizeof golden_names[0]; i++) {
        size_t n = load_golden(golden_names[i], inbuf, sizeof inbuf);
        guarded_buf g = {0};
        CHECK_CASE(unpack_g(&g, inbuf, n, &msg) == SNMP_OK, golden_names[i]);
        size_t out_len = 0;
        CHECK_CASE(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len) == SNMP_OK,
                   golden_names[i]);
        CHECK_CASE(out_len == n && memcmp(outbuf, inbuf, n) == 0, golden_names[i]);
        guarded_free(&g);
    }
}

/* ---- strict decoding: total_size ---- */

typedef struct raw_case {
    const char *name;
    uint8_t bytes[32];
    size_t len;
    snmp_status want;
} raw_case;

static void run_raw_cases(const raw_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snmp_status st = unpack_status(cases[i].bytes, cases[i].len);
        CHECK_CASE(st == cases[i].want, cases[i].name);
        if (st != SNMP_OK) {
            expect_refused_header(&msg, cases[i].name);
        }
    }
}

static void test_unpack_total_size_bounds(void **state)
{
    (void)state;
    static const raw_case cases[] = {
        {"0 bytes", {0}, 0, SNMP_MALFORMED},
        {"1 byte", {0}, 1, SNMP_MALFORMED},
        {"3 bytes", {0, 0, 0}, 3, SNMP_MALFORMED},
        {"4 bytes size 4", {0, 0, 0, 4}, 4, SNMP_MALFORMED},
        {"size 8", {0, 0, 0, 8, 0, 0, 0, 1}, 8, SNMP_MALFORMED},
        {"size 9 GetRequest", {0, 0, 0, 9, 0, 0, 0, 1, 0xA0}, 9, SNMP_MALFORMED},
        {"size 9 SetRequest", {0, 0, 0, 9, 0, 0, 0, 1, 0xA3}, 9, SNMP_MALFORMED},
        {"size 9 GetResponse", {0, 0, 0, 9, 0, 0, 0, 1, 0xA1}, 9, SNMP_MALFORMED},
        {"size 10 GetRequest", {0, 0, 0, 10, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_OK},
        {"size 10 SetRequest", {0, 0, 0, 10, 0, 0, 0, 1, 0xA3, 0}, 10, SNMP_OK},
        {"size 10 GetResponse", {0, 0, 0, 10, 0, 0, 0, 1, 0xA1, 0}, 10, SNMP_MALFORMED},
        {"size 11 GetResponse", {0, 0, 0, 11, 0, 0, 0, 1, 0xA1, 0, 0}, 11, SNMP_OK},
        {"size 0 in 10 bytes", {0, 0, 0, 0, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_MALFORMED},
        {"size 0xFFFFFFFF in 10 bytes", {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_MALFORMED},
        {"size 0x0100000A in 10 bytes", {1, 0, 0, 10, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_MALFORMED},
        {"size 11 in 10 bytes", {0, 0, 0, 11, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_MALFORMED},
        {"size 9 in 10 bytes", {0, 0, 0, 9, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_MALFORMED},
        {"size 10 in 11 bytes", {0, 0, 0, 10, 0, 0, 0, 1, 0xA0, 0, 0}, 11, SNMP_MALFORMED},
    };
    run_raw_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_total_size_65536_ok_65537_refused(void **state)
{
    (void)state;
    static const struct {
        size_t total;
        snmp_status want;
    } cases[] = {
        {65535, SNMP_OK}, {65536, SNMP_OK}, {65537, SNMP_MALFORMED}, {65538, SNMP_MALFORMED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "total %zu", cases[i].total);
        size_t n = build_set_one(inbuf, sizeof inbuf, 5, cases[i].total - 23);
        CHECK_CASE(n == cases[i].total, name);
        guarded_buf g = {0};
        memset(&msg, 0xAA, sizeof msg);
        snmp_status st = unpack_g(&g, inbuf, n, &msg);
        CHECK_CASE(st == cases[i].want, name);
        if (st == SNMP_OK) {
            CHECK_CASE(msg.count == 1, name);
            CHECK_CASE(msg.bindings[0].value_len == cases[i].total - 23, name);
            CHECK_CASE(msg.bindings[0].value == g.data + 23, name);
        } else {
            expect_refused_header(&msg, name);
        }
        guarded_free(&g);
    }
}

static void test_unpack_total_size_mismatching_byte_count(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_GET_REQUEST_1234, inbuf, sizeof inbuf);
    assert_int_equal(n, 20);
    /* Handed fewer bytes than total_size says. */
    assert_int_equal(unpack_status(inbuf, 19), SNMP_MALFORMED);
    /* Handed more bytes than total_size says. */
    inbuf[20] = 0;
    assert_int_equal(unpack_status(inbuf, 21), SNMP_MALFORMED);
    /* The size field off by one either way. */
    put_be32(inbuf, 19);
    assert_int_equal(unpack_status(inbuf, 20), SNMP_MALFORMED);
    put_be32(inbuf, 21);
    assert_int_equal(unpack_status(inbuf, 20), SNMP_MALFORMED);
    put_be32(inbuf, 20);
    assert_int_equal(unpack_status(inbuf, 20), SNMP_OK);
}

static void test_unpack_every_truncation_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof golden_names / sizeof golden_names[0]; i++) {
        uint8_t full[64];
        size_t n = load_golden(golden_names[i], full, sizeof full);
        for (size_t cut = 0; cut < n; cut++) {
            char name[96];
            snprintf(name, sizeof name, "%s cut to %zu", golden_names[i], cut);
            /* As is: total_size no longer matches. */
            CHECK_CASE(unpack_status(full, cut) == SNMP_MALFORMED, name);
            /* With total_size patched to match: the structure is short. */
            if (cut >= 4) {
                uint8_t copy[64];
                memcpy(copy, full, n);
                put_be32(copy, (uint32_t)cut);
                snmp_status st = unpack_status(copy, cut);
                /* No proper prefix of a golden vector is a whole message. */
                CHECK_CASE(st == SNMP_MALFORMED, name);
                expect_refused_header(&msg, name);
            }
        }
    }
}

/* ---- strict decoding: pdu_type ---- */

static void test_unpack_unknown_pdu_types_refused(void **state)
{
    (void)state;
    for (unsigned pdu = 0; pdu <= 255; pdu++) {
        char name[32];
        snprintf(name, sizeof name, "pdu 0x%02x", pdu);
        /* A 10-byte request shape and an 11-byte response shape. */
        uint8_t req[10] = {0, 0, 0, 10, 0, 0, 0, 1, (uint8_t)pdu, 0};
        uint8_t resp[11] = {0, 0, 0, 11, 0, 0, 0, 1, (uint8_t)pdu, 0, 0};
        bool request = pdu == 0xA0 || pdu == 0xA3;
        bool response = pdu == 0xA1;
        CHECK_CASE((unpack_status(req, sizeof req) == SNMP_OK) == request, name);
        CHECK_CASE((unpack_status(resp, sizeof resp) == SNMP_OK) == response, name);
        if (!request && !response) {
            expect_refused_header(&msg, name);
            CHECK_CASE(snmp_pdu_name((uint8_t)pdu) == NULL, name);
        }
    }
    assert_string_equal(snmp_pdu_name(0xA0), "GetRequest");
    assert_string_equal(snmp_pdu_name(0xA1), "GetResponse");
    assert_string_equal(snmp_pdu_name(0xA3), "SetRequest");
}

/* ---- strict decoding: lengths, trailing bytes, counts ---- */

/*
 * Builds a message from a pdu and a raw body (everything after pdu_type,
 * i.e. [error_code] count ...), with a correct total_size.
 */
static size_t raw_msg(uint8_t *buf, uint8_t pdu, const uint8_t *body, size_t body_len)
{
    msg_builder b;
    mb_init(&b, buf, sizeof inbuf);
    mb_header(&b, 0x01020304, pdu);
    mb_bytes(&b, body, body_len);
    return mb_finish(&b);
}

typedef struct body_case {
    const char *name;
    uint8_t pdu;
    uint8_t body[48];
    size_t body_len;
    snmp_status want;
} body_case;

#define SYSNAME_OID 9, 1, 3, 6, 1, 2, 1, 1, 5, 0
/* A body's bytes and their count, counted by the compiler. */
#define BODY(...) {__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define GET 0xA0
#define RSP 0xA1
#define SET 0xA3

static void run_body_cases(const body_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = raw_msg(inbuf, cases[i].pdu, cases[i].body, cases[i].body_len);
        snmp_status st = unpack_status(inbuf, len);
        CHECK_CASE(st == cases[i].want, cases[i].name);
        if (st != SNMP_OK) {
            expect_refused_header(&msg, cases[i].name);
        }
    }
}

static void test_unpack_oid_len_past_end(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"get: oid_len byte missing", GET, BODY(1), SNMP_MALFORMED},
        {"get: oid_len 9, 8 bytes", GET, BODY(1, 9, 1, 3, 6, 1, 2, 1, 1, 5), SNMP_MALFORMED},
        {"get: oid_len 9, 9 bytes", GET, BODY(1, SYSNAME_OID), SNMP_OK},
        {"get: oid_len 255, 0 bytes", GET, BODY(1, 255), SNMP_MALFORMED},
        {"get: second oid_len past end", GET, BODY(2, SYSNAME_OID, 3, 1, 3), SNMP_MALFORMED},
        {"get: oid_len 0 is well-formed", GET, BODY(1, 0), SNMP_OK},
        {"set: oid_len byte missing", SET, BODY(1), SNMP_MALFORMED},
        {"set: oid_len past end", SET, BODY(1, 200, 1, 3, 6), SNMP_MALFORMED},
        {"rsp: oid_len past end", RSP, BODY(0, 1, 200, 1, 3, 6), SNMP_MALFORMED},
    };
    run_body_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_value_len_past_end(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"set: type missing", SET, BODY(1, SYSNAME_OID), SNMP_MALFORMED},
        {"set: value_len missing", SET, BODY(1, SYSNAME_OID, 4), SNMP_MALFORMED},
        {"set: value_len half", SET, BODY(1, SYSNAME_OID, 4, 0), SNMP_MALFORMED},
        {"set: value_len 0, ok", SET, BODY(1, SYSNAME_OID, 4, 0, 0), SNMP_OK},
        {"set: value_len 4, 3 bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 4, 't', 'e', 's'), SNMP_MALFORMED},
        {"set: value_len 4, 4 bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 4, 't', 'e', 's', 't'), SNMP_OK},
        {"set: value_len 0xFFFF", SET, BODY(1, SYSNAME_OID, 4, 0xff, 0xff, 'a'), SNMP_MALFORMED},
        {"set: value_len 0x0100 (high byte)", SET, BODY(1, SYSNAME_OID, 4, 1, 0, 'a'), SNMP_MALFORMED},
        {"rsp: value_len past end", RSP, BODY(0, 1, SYSNAME_OID, 2, 0, 4, 0, 0, 0), SNMP_MALFORMED},
        {"rsp: value_len exact", RSP, BODY(0, 1, SYSNAME_OID, 2, 0, 4, 0, 0, 0, 1), SNMP_OK},
    };
    run_body_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_trailing_bytes_refused(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"get: count 0 plus a byte", GET, BODY(0, 0), SNMP_MALFORMED},
        {"get: one oid plus a byte", GET, BODY(1, SYSNAME_OID, 0), SNMP_MALFORMED},
        {"get: one oid plus an uncounted oid", GET, BODY(1, SYSNAME_OID, 1, 5), SNMP_MALFORMED},
        {"set: count 0 plus a byte", SET, BODY(0, 0xA3), SNMP_MALFORMED},
        {"set: binding plus a byte", SET, BODY(1, SYSNAME_OID, 4, 0, 1, 'x', 'y'), SNMP_MALFORMED},
        {"rsp: count 0 plus a byte", RSP, BODY(1, 0, 0), SNMP_MALFORMED},
        {"rsp: binding plus a byte", RSP, BODY(0, 1, SYSNAME_OID, 4, 0, 1, 'x', 0), SNMP_MALFORMED},
    };
    run_body_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_count_claiming_more_than_present(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"get: count 1, none", GET, BODY(1), SNMP_MALFORMED},
        {"get: count 2, one", GET, BODY(2, SYSNAME_OID), SNMP_MALFORMED},
        {"get: count 255, one", GET, BODY(255, SYSNAME_OID), SNMP_MALFORMED},
        {"set: count 2, one", SET, BODY(2, SYSNAME_OID, 4, 0, 1, 'x'), SNMP_MALFORMED},
        {"rsp: count 1, none", RSP, BODY(0, 1), SNMP_MALFORMED},
        {"rsp: count 2, one", RSP, BODY(0, 2, SYSNAME_OID, 4, 0, 1, 'x'), SNMP_MALFORMED},
        /* count fewer than present is trailing bytes */
        {"get: count 1, two", GET, BODY(1, 1, 7, 1, 8), SNMP_MALFORMED},
        {"get: count 2, two", GET, BODY(2, 1, 7, 1, 8), SNMP_OK},
    };
    run_body_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_bad_value_in_set_and_response(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"set: INTEGER len 3", SET, BODY(1, SYSNAME_OID, 0x02, 0, 3, 0, 0, 1), SNMP_MALFORMED},
        {"set: INTEGER len 5", SET, BODY(1, SYSNAME_OID, 0x02, 0, 5, 0, 0, 0, 0, 1), SNMP_MALFORMED},
        {"set: INTEGER len 0", SET, BODY(1, SYSNAME_OID, 0x02, 0, 0), SNMP_MALFORMED},
        {"set: COUNTER len 3", SET, BODY(1, SYSNAME_OID, 0x41, 0, 3, 0, 0, 1), SNMP_MALFORMED},
        {"set: TIMETICKS len 5", SET, BODY(1, SYSNAME_OID, 0x43, 0, 5, 0, 0, 0, 0, 1), SNMP_MALFORMED},
        {"set: INTEGER len 4 ok", SET, BODY(1, SYSNAME_OID, 0x02, 0, 4, 0, 0, 0, 1), SNMP_OK},
        {"set: tag 0x05", SET, BODY(1, SYSNAME_OID, 0x05, 0, 0), SNMP_MALFORMED},
        {"set: tag 0x00", SET, BODY(1, SYSNAME_OID, 0x00, 0, 0), SNMP_MALFORMED},
        {"set: tag 0x42", SET, BODY(1, SYSNAME_OID, 0x42, 0, 4, 0, 0, 0, 1), SNMP_MALFORMED},
        {"set: STRING overlong", SET, BODY(1, SYSNAME_OID, 0x04, 0, 2, 0xc0, 0x80), SNMP_MALFORMED},
        {"set: STRING surrogate", SET, BODY(1, SYSNAME_OID, 0x04, 0, 3, 0xed, 0xa0, 0x80), SNMP_MALFORMED},
        {"set: STRING truncated seq", SET, BODY(1, SYSNAME_OID, 0x04, 0, 2, 'a', 0xe2), SNMP_MALFORMED},
        {"set: bad second binding", SET,
         BODY(2, SYSNAME_OID, 0x04, 0, 1, 'a', SYSNAME_OID, 0x04, 0, 1, 0xff), SNMP_MALFORMED},
        {"rsp: INTEGER len 3", RSP, BODY(0, 1, SYSNAME_OID, 0x02, 0, 3, 0, 0, 1), SNMP_MALFORMED},
        {"rsp: tag 0x44", RSP, BODY(0, 1, SYSNAME_OID, 0x44, 0, 4, 0, 0, 0, 1), SNMP_MALFORMED},
        {"rsp: STRING 0xFF", RSP, BODY(0, 1, SYSNAME_OID, 0x04, 0, 1, 0xff), SNMP_MALFORMED},
        {"rsp: STRING > U+10FFFF", RSP, BODY(0, 1, SYSNAME_OID, 0x04, 0, 4, 0xf4, 0x90, 0x80, 0x80), SNMP_MALFORMED},
        {"rsp: STRING ok", RSP, BODY(0, 1, SYSNAME_OID, 0x04, 0, 2, 0xc3, 0xa9), SNMP_OK},
    };
    run_body_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unpack_response_with_unknown_error_code_is_well_formed(void **state)
{
    (void)state;
    static const uint8_t codes[] = {0, 4, 5, 9, 0x7f, 0xff};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "error_code %u", codes[i]);
        uint8_t body[16] = {codes[i], 1, SYSNAME_OID, 0x04, 0, 1, 'x'};
        size_t len = raw_msg(inbuf, RSP, body, 16);
        guarded_buf g = {0};
        CHECK_CASE(unpack_g(&g, inbuf, len, &msg) == SNMP_OK, name);
        CHECK_CASE(msg.error_code == codes[i], name);
        CHECK_CASE(msg.request_id == 0x01020304, name);
        CHECK_CASE(msg.count == 1, name);
        guarded_free(&g);
    }
}

/* ---- 255 bindings ---- */

static size_t build_max_count(uint8_t *buf, uint8_t pdu, size_t count, size_t oid_len)
{
    msg_builder b;
    mb_init(&b, buf, sizeof inbuf);
    mb_header(&b, 77, pdu);
    if (pdu == SNMP_PDU_GET_RESPONSE) {
        mb_u8(&b, 0);
    }
    mb_u8(&b, (uint8_t)count);
    for (size_t i = 0; i < count; i++) {
        mb_u8(&b, (uint8_t)oid_len);
        for (size_t k = 0; k < oid_len; k++) {
            mb_u8(&b, (uint8_t)(i + k));
        }
        if (pdu != SNMP_PDU_GET_REQUEST) {
            mb_u8(&b, SNMP_TYPE_COUNTER);
            mb_u16(&b, 4);
            mb_u32(&b, (uint32_t)i);
        }
    }
    return mb_finish(&b);
}

static void test_unpack_255_bindings(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint8_t pdu;
        size_t oid_len;
    } cases[] = {
        {"GetRequest 255 x 9-byte OIDs", SNMP_PDU_GET_REQUEST, 9},
        {"GetRequest 255 x 255-byte OIDs", SNMP_PDU_GET_REQUEST, 255},
        {"GetRequest 255 x empty OIDs", SNMP_PDU_GET_REQUEST, 0},
        {"SetRequest 255 bindings", SNMP_PDU_SET_REQUEST, 9},
        {"GetResponse 255 bindings", SNMP_PDU_GET_RESPONSE, 200},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len = build_max_count(inbuf, cases[c].pdu, 255, cases[c].oid_len);
        guarded_buf g = {0};
        CHECK_CASE(unpack_g(&g, inbuf, len, &msg) == SNMP_OK, cases[c].name);
        CHECK_CASE(msg.count == 255, cases[c].name);
        for (size_t i = 0; i < 255; i++) {
            const snmp_binding *bd = &msg.bindings[i];
            CHECK_CASE(bd->oid_len == cases[c].oid_len, cases[c].name);
            if (cases[c].oid_len > 0) {
                CHECK_CASE(bd->oid[0] == (uint8_t)i, cases[c].name);
            }
            if (cases[c].pdu != SNMP_PDU_GET_REQUEST) {
                CHECK_CASE(bd->type == SNMP_TYPE_COUNTER && bd->value_len == 4, cases[c].name);
                CHECK_CASE(snmp_value_get_u32(bd->value) == i, cases[c].name);
            }
        }
        size_t out_len = 0;
        CHECK_CASE(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len) == SNMP_OK, cases[c].name);
        CHECK_CASE(out_len == len && memcmp(outbuf, inbuf, len) == 0, cases[c].name);
        CHECK_CASE(snmp_msg_packed_size(&msg) == len, cases[c].name);
        guarded_free(&g);
    }
}

/* ---- what unpack writes, and what it leaves alone ---- */

static void test_unpack_failure_leaves_header_zero(void **state)
{
    (void)state;
    uint32_t rng = 0xC0FFEEu;
    /* Random garbage of many lengths. */
    for (size_t len = 0; len < 64; len++) {
        uint8_t junk[64];
        for (size_t i = 0; i < len; i++) {
            junk[i] = (uint8_t)xorshift32(&rng);
        }
        char name[32];
        snprintf(name, sizeof name, "garbage %zu", len);
        CHECK_CASE(unpack_status(junk, len) == SNMP_MALFORMED, name);
        expect_refused_header(&msg, name);
    }
    /* A failure found late: 254 good bindings, then a bad value in the last. */
    size_t len = build_max_count(inbuf, SNMP_PDU_SET_REQUEST, 255, 9);
    inbuf[len - 7] = 0x02; /* the last binding's type: INTEGER */
    inbuf[len - 5] = 3;    /* ... with value_len 3 (and one byte less) */
    put_be32(inbuf, (uint32_t)(len - 1));
    assert_int_equal(unpack_status(inbuf, len - 1), SNMP_MALFORMED);
    expect_refused_header(&msg, "late failure");
}

/* Every field of bindings[0 .. count) is written, whatever the struct held. */
static void test_unpack_success_writes_every_field_of_each_binding(void **state)
{
    (void)state;
    size_t len = build_max_count(inbuf, SNMP_PDU_GET_REQUEST, 255, 3);
    guarded_buf g = {0};
    memset(&msg, 0xAA, sizeof msg);
    assert_int_equal(unpack_g(&g, inbuf, len, &msg), SNMP_OK);
    assert_int_equal(msg.count, 255);
    assert_int_equal(msg.error_code, 0);
    for (size_t i = 0; i < 255; i++) {
        /* A GetRequest has no values: they read as none, not as old bytes. */
        CHECK_CASE(msg.bindings[i].type == 0 && msg.bindings[i].value == NULL &&
                       msg.bindings[i].value_len == 0 && msg.bindings[i].oid_len == 3,
                   "GetRequest binding");
    }
    guarded_free(&g);
}

/* Past count nothing is written: the decoder's cost follows the message, not
 * the 255-binding struct. The bytes there are whatever the caller left. */
static void test_unpack_leaves_bindings_past_count_untouched(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_SET_REQUEST_1, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    memset(&msg, 0xAA, sizeof msg);
    memset(&msg2, 0xAA, sizeof msg2);
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.count, 1);
    assert_memory_equal(&msg.bindings[1], &msg2.bindings[1],
                        sizeof msg.bindings - sizeof msg.bindings[0]);
    guarded_free(&g);
}

/* A refusal after a success: nothing of the earlier message reads as valid. */
static void test_unpack_failure_after_success_leaves_no_binding(void **state)
{
    (void)state;
    size_t n = load_golden(GOLDEN_SET_REQUEST_1, inbuf, sizeof inbuf);
    guarded_buf g = {0};
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_OK);
    assert_int_equal(msg.count, 1);
    guarded_free(&g);
    inbuf[n - 1] ^= 0x80;      /* the string's last byte: no longer printable ASCII */
    assert_int_equal(unpack_g(&g, inbuf, n, &msg), SNMP_MALFORMED);
    expect_refused_header(&msg, "refused after a success");
    guarded_free(&g);
}

/* ---- mutation: whatever unpack accepts re-encodes to the same bytes ---- */

static void test_unpack_accepted_mutants_repack_identically(void **state)
{
    (void)state;
    uint32_t rng = 0xBEEF1234u;
    for (size_t i = 0; i < sizeof golden_names / sizeof golden_names[0]; i++) {
        uint8_t orig[64];
        size_t n = load_golden(golden_names[i], orig, sizeof orig);
        for (int iter = 0; iter < 3000; iter++) {
            uint8_t m[64];
            memcpy(m, orig, n);
            size_t flips = 1 + xorshift32(&rng) % 3;
            for (size_t f = 0; f < flips; f++) {
                m[xorshift32(&rng) % n] = (uint8_t)xorshift32(&rng);
            }
            guarded_buf g = {0};
            snmp_status st = unpack_g(&g, m, n, &msg);
            if (st == SNMP_OK) {
                size_t out_len = 0;
                CHECK_CASE(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len) == SNMP_OK,
                           golden_names[i]);
                CHECK_CASE(out_len == n && memcmp(outbuf, m, n) == 0, golden_names[i]);
            } else {
                CHECK_CASE(st == SNMP_MALFORMED, golden_names[i]);
                expect_refused_header(&msg, golden_names[i]);
            }
            guarded_free(&g);
        }
    }
}

/* ---- pack ---- */

static void test_pack_no_space_at_cap_minus_1_ok_at_cap(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof golden_names / sizeof golden_names[0]; i++) {
        size_t n = load_golden(golden_names[i], inbuf, sizeof inbuf);
        guarded_buf gin = {0};
        assert_int_equal(unpack_g(&gin, inbuf, n, &msg2), SNMP_OK);
        for (size_t cap = 0; cap <= n; cap++) {
            char name[96];
            snprintf(name, sizeof name, "%s cap %zu", golden_names[i], cap);
            /* out ends at a guard page: a write at out[cap] crashes. */
            guarded_buf g = {0};
            uint8_t *out = guarded_alloc(&g, cap);
            size_t out_len = 777;
            snmp_status st = snmp_msg_pack(&msg2, out, cap, &out_len);
            if (cap < n) {
                CHECK_CASE(st == SNMP_NO_SPACE, name);
                CHECK_CASE(out_len == 0, name);
            } else {
                CHECK_CASE(st == SNMP_OK, name);
                CHECK_CASE(out_len == n && memcmp(out, inbuf, n) == 0, name);
            }
            guarded_free(&g);
        }
        guarded_free(&gin);
    }
}

static void test_pack_limit_at_65537_ok_at_65536(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint8_t pdu;
        size_t value_len;
        size_t size; /* 0: refused with LIMIT */
    } cases[] = {
        /* SetRequest: 10 + 1 + 9 + 3 + value */
        {"set 65535", SNMP_PDU_SET_REQUEST, 65512, 65535},
        {"set 65536", SNMP_PDU_SET_REQUEST, 65513, 65536},
        {"set 65537", SNMP_PDU_SET_REQUEST, 65514, 0},
        {"set 65558 (max value)", SNMP_PDU_SET_REQUEST, 65535, 0},
        /* GetResponse: one byte more of header */
        {"response 65536", SNMP_PDU_GET_RESPONSE, 65512, 65536},
        {"response 65537", SNMP_PDU_GET_RESPONSE, 65513, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fill_one_binding(&msg, cases[i].pdu, cases[i].value_len);
        size_t out_len = 777;
        snmp_status st = snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len);
        if (cases[i].size != 0) {
            CHECK_CASE(st == SNMP_OK, cases[i].name);
            CHECK_CASE(out_len == cases[i].size, cases[i].name);
            CHECK_CASE(snmp_msg_peek_size(outbuf) == cases[i].size, cases[i].name);
            CHECK_CASE(snmp_msg_packed_size(&msg) == cases[i].size, cases[i].name);
            /* And it decodes back. */
            CHECK_CASE(snmp_msg_unpack(outbuf, out_len, &msg2) == SNMP_OK, cases[i].name);
            CHECK_CASE(msg2.bindings[0].value_len == cases[i].value_len, cases[i].name);
        } else {
            CHECK_CASE(st == SNMP_LIMIT, cases[i].name);
            CHECK_CASE(out_len == 0, cases[i].name);
            CHECK_CASE(snmp_msg_packed_size(&msg) == 0, cases[i].name);
        }
    }

    /* Many bindings summing past the limit: 255 x (1+255+3+255) = 131070+. */
    static uint8_t oid[255];
    static uint8_t value[255];
    memset(oid, 1, sizeof oid);
    memset(value, 'z', sizeof value);
    memset(&msg, 0, sizeof msg);
    msg.pdu_type = SNMP_PDU_GET_RESPONSE;
    msg.count = 255;
    for (size_t i = 0; i < 255; i++) {
        set_binding(&msg.bindings[i], oid, 255, SNMP_TYPE_STRING, value, 255);
    }
    size_t out_len = 777;
    assert_int_equal(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len), SNMP_LIMIT);
    assert_int_equal(out_len, 0);
    assert_int_equal(snmp_msg_packed_size(&msg), 0);
}

static void test_pack_refuses_value_that_fails_check(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint8_t pdu;
        uint8_t type;
        const char *value;
        size_t len;
    } cases[] = {
        {"set INTEGER len 3", SNMP_PDU_SET_REQUEST, SNMP_TYPE_INTEGER, "\0\0\1", 3},
        {"set COUNTER len 5", SNMP_PDU_SET_REQUEST, SNMP_TYPE_COUNTER, "\0\0\0\0\1", 5},
        {"set TIMETICKS len 0", SNMP_PDU_SET_REQUEST, SNMP_TYPE_TIMETICKS, "", 0},
        {"set unknown tag 0x05", SNMP_PDU_SET_REQUEST, 0x05, "", 0},
        {"set bad UTF-8", SNMP_PDU_SET_REQUEST, SNMP_TYPE_STRING, "\xc0\x80", 2},
        {"response INTEGER len 8", SNMP_PDU_GET_RESPONSE, SNMP_TYPE_INTEGER, "\0\0\0\0\0\0\0\1", 8},
        {"response tag 0x00", SNMP_PDU_GET_RESPONSE, 0x00, "\0\0\0\1", 4},
        {"response surrogate", SNMP_PDU_GET_RESPONSE, SNMP_TYPE_STRING, "\xed\xa0\x80", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&msg, 0, sizeof msg);
        msg.pdu_type = cases[i].pdu;
        msg.count = 2;
        set_binding(&msg.bindings[0], SYS_NAME, 9, SNMP_TYPE_STRING, (const uint8_t *)"ok", 2);
        set_binding(&msg.bindings[1], SYS_NAME, 9, cases[i].type, (const uint8_t *)cases[i].value,
                    cases[i].len);
        size_t out_len = 777;
        CHECK_CASE(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len) == SNMP_MALFORMED,
                   cases[i].name);
        CHECK_CASE(out_len == 0, cases[i].name);
    }
}

static void test_pack_refuses_bad_pdu_and_count(void **state)
{
    (void)state;
    memset(&msg, 0, sizeof msg);
    size_t out_len = 777;
    static const uint8_t bad_pdus[] = {0x00, 0xA2, 0xA4, 0xFF};
    for (size_t i = 0; i < sizeof bad_pdus / sizeof bad_pdus[0]; i++) {
        msg.pdu_type = bad_pdus[i];
        out_len = 777;
        assert_int_equal(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len), SNMP_MALFORMED);
        assert_int_equal(out_len, 0);
        assert_int_equal(snmp_msg_packed_size(&msg), 0);
    }
    /* 255 bindings, the most a message carries (count is 8 bits wide). */
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    for (size_t i = 0; i < 255; i++) {
        set_binding(&msg.bindings[i], SYS_NAME, 9, 0, NULL, 0);
    }
    msg.count = 255;
    out_len = 777;
    assert_int_equal(snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len), SNMP_OK);
    assert_int_equal(out_len, 10 + 255 * 10);
    assert_int_equal(snmp_msg_packed_size(&msg), 10 + 255 * 10);
}

static void test_pack_request_omits_error_code(void **state)
{
    (void)state;
    /* error_code is GetResponse only: a request never carries it. */
    memset(&msg, 0, sizeof msg);
    msg.request_id = 0;
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    msg.error_code = 3;
    expect_pack_equals_golden(&msg, GOLDEN_GET_REQUEST_EMPTY);
}

static void test_packed_size_matches_pack_length(void **state)
{
    (void)state;
    static uint8_t oid[255];
    static uint8_t value[1000];
    memset(oid, 9, sizeof oid);
    memset(value, 'q', sizeof value);
    uint32_t rng = 42;
    for (int iter = 0; iter < 500; iter++) {
        memset(&msg, 0, sizeof msg);
        static const uint8_t pdus[] = {SNMP_PDU_GET_REQUEST, SNMP_PDU_SET_REQUEST,
                                       SNMP_PDU_GET_RESPONSE};
        msg.pdu_type = pdus[xorshift32(&rng) % 3];
        msg.error_code = (uint8_t)(msg.pdu_type == SNMP_PDU_GET_RESPONSE ? xorshift32(&rng) % 6 : 0);
        msg.request_id = xorshift32(&rng);
        msg.count = (uint8_t)(xorshift32(&rng) % 256);
        size_t want = msg.pdu_type == SNMP_PDU_GET_RESPONSE ? 11 : 10;
        for (size_t i = 0; i < msg.count; i++) {
            size_t ol = xorshift32(&rng) % 256;
            if (msg.pdu_type == SNMP_PDU_GET_REQUEST) {
                set_binding(&msg.bindings[i], oid, ol, 0, NULL, 0);
                want += 1 + ol;
            } else if (xorshift32(&rng) % 2) {
                size_t vl = xorshift32(&rng) % 300;
                set_binding(&msg.bindings[i], oid, ol, SNMP_TYPE_STRING, value, vl);
                want += 1 + ol + 3 + vl;
            } else {
                set_binding(&msg.bindings[i], oid, ol, SNMP_TYPE_TIMETICKS, value, 4);
                want += 1 + ol + 3 + 4;
            }
        }
        size_t out_len = 0;
        snmp_status st = snmp_msg_pack(&msg, outbuf, sizeof outbuf, &out_len);
        size_t size = snmp_msg_packed_size(&msg);
        if (want <= SNMP_MAX_MESSAGE_SIZE) {
            assert_int_equal(st, SNMP_OK);
            assert_int_equal(out_len, want);
            assert_int_equal(size, want);
            assert_int_equal(snmp_msg_peek_size(outbuf), want);
        } else {
            assert_int_equal(st, SNMP_LIMIT);
            assert_int_equal(size, 0);
        }
    }
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(snmp_status_name(SNMP_OK), "ok");
    assert_string_equal(snmp_status_name(SNMP_INCOMPLETE), "incomplete");
    assert_string_equal(snmp_status_name(SNMP_MALFORMED), "malformed");
    assert_string_equal(snmp_status_name(SNMP_NO_SPACE), "no space");
    assert_string_equal(snmp_status_name(SNMP_LIMIT), "limit exceeded");
    assert_string_equal(snmp_status_name((snmp_status)99), "unknown status");
}

static void test_peek_size_is_big_endian(void **state)
{
    (void)state;
    assert_int_equal(snmp_msg_peek_size((const uint8_t *)"\x00\x00\x00\x14"), 20);
    assert_int_equal(snmp_msg_peek_size((const uint8_t *)"\x00\x01\x00\x00"), 65536);
    assert_true(snmp_msg_peek_size((const uint8_t *)"\xff\xff\xff\xff") == 0xFFFFFFFFu);
    assert_true(snmp_msg_peek_size((const uint8_t *)"\x01\x02\x03\x04") == 0x01020304u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_files_have_documented_sizes),
        cmocka_unit_test(test_unpack_golden_get_request_1234),
        cmocka_unit_test(test_unpack_golden_set_request_1),
        cmocka_unit_test(test_unpack_golden_get_response_1234_test),
        cmocka_unit_test(test_unpack_golden_get_request_empty),
        cmocka_unit_test(test_unpack_golden_get_response_7_no_such_oid),
        cmocka_unit_test(test_pack_documented_fields_gives_golden_bytes),
        cmocka_unit_test(test_unpack_then_pack_is_byte_exact_for_every_golden),
        cmocka_unit_test(test_unpack_total_size_bounds),
        cmocka_unit_test(test_unpack_total_size_65536_ok_65537_refused),
        cmocka_unit_test(test_unpack_total_size_mismatching_byte_count),
        cmocka_unit_test(test_unpack_every_truncation_is_refused),
        cmocka_unit_test(test_unpack_unknown_pdu_types_refused),
        cmocka_unit_test(test_unpack_oid_len_past_end),
        cmocka_unit_test(test_unpack_value_len_past_end),
        cmocka_unit_test(test_unpack_trailing_bytes_refused),
        cmocka_unit_test(test_unpack_count_claiming_more_than_present),
        cmocka_unit_test(test_unpack_bad_value_in_set_and_response),
        cmocka_unit_test(test_unpack_response_with_unknown_error_code_is_well_formed),
        cmocka_unit_test(test_unpack_255_bindings),
        cmocka_unit_test(test_unpack_failure_leaves_header_zero),
        cmocka_unit_test(test_unpack_success_writes_every_field_of_each_binding),
        cmocka_unit_test(test_unpack_leaves_bindings_past_count_untouched),
        cmocka_unit_test(test_unpack_failure_after_success_leaves_no_binding),
        cmocka_unit_test(test_unpack_accepted_mutants_repack_identically),
        cmocka_unit_test(test_pack_no_space_at_cap_minus_1_ok_at_cap),
        cmocka_unit_test(test_pack_limit_at_65537_ok_at_65536),
        cmocka_unit_test(test_pack_refuses_value_that_fails_check),
        cmocka_unit_test(test_pack_refuses_bad_pdu_and_count),
        cmocka_unit_test(test_pack_request_omits_error_code),
        cmocka_unit_test(test_packed_size_matches_pack_length),
        cmocka_unit_test(test_peek_size_is_big_endian),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
