/* The request handler: bytes and "now" in, response bytes out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/handler.h"
#include "snmp/message.h"
#include "snmp/mib.h"
#include "snmp/value.h"
#include "test_util.h"

static snmp_mib mib;
static snmp_handler_scratch scratch;
static snmp_message resp;
static uint8_t req_buf[SNMP_MAX_MESSAGE_SIZE + 64];
static uint8_t out[SNMP_MAX_MESSAGE_SIZE + 64];

static int fresh_mib(void **state)
{
    (void)state;
    return default_mib_init(&mib, 0) == SNMP_OK ? 0 : -1;
}

/* Handles a guarded copy of req; returns the status, answer in out. */
static snmp_status handle(const uint8_t *req, size_t len, uint64_t now, size_t cap,
                          size_t *out_len)
{
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, req, len);
    mib_state_save(&mib);
    *out_len = 0xDEAD;
    snmp_status st = snmp_handle_request(&mib, &scratch, in, len, now, out, cap, out_len);
    guarded_free(&g);
    return st;
}

/* Handles and requires SNMP_OK and a well-formed answer, decoded into resp. */
static size_t handle_ok(const uint8_t *req, size_t len, uint64_t now)
{
    size_t out_len;
    assert_int_equal(handle(req, len, now, sizeof out, &out_len), SNMP_OK);
    assert_true(out_len >= 11 && out_len <= SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_msg_unpack(out, out_len, &resp), SNMP_OK);
    assert_int_equal(resp.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(resp.request_id, snmp_msg_peek_size(req + 4));
    return out_len;
}

static void expect_mib_unchanged(const char *name)
{
    CHECK_CASE(mib_state_unchanged(&mib), name);
}

static void expect_bytes(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len,
                         const char *name)
{
    if (got_len != want_len || memcmp(got, want, want_len) != 0) {
        print_error("case '%s': answer differs (got %zu bytes, want %zu)\n", name, got_len,
                    want_len);
        for (size_t i = 0; i < got_len && i < 64; i++) {
            print_error("%02x", got[i]);
        }
        print_error("\n");
        fail();
    }
}

/* The 11-byte error answer for rid/code. */
static void error_bytes(uint8_t want[11], uint32_t rid, uint8_t code)
{
    static const uint8_t tmpl[11] = {0, 0, 0, 11, 0, 0, 0, 0, 0xA1, 0, 0};
    memcpy(want, tmpl, 11);
    want[4] = (uint8_t)(rid >> 24);
    want[5] = (uint8_t)(rid >> 16);
    want[6] = (uint8_t)(rid >> 8);
    want[7] = (uint8_t)rid;
    want[9] = code;
}

/* A message: GetRequest with OIDs, or SetRequest with STRING bindings. */
static size_t build_get(uint8_t *buf, uint32_t rid, const char *const *oids, size_t n)
{
    msg_builder b;
    mb_init(&b, buf, SNMP_MAX_MESSAGE_SIZE + 64);
    mb_header(&b, rid, SNMP_PDU_GET_REQUEST);
    mb_u8(&b, (uint8_t)n);
    for (size_t i = 0; i < n; i++) {
        mb_oid_text(&b, oids[i]);
    }
    return mb_finish(&b);
}

static size_t build_set_str(uint8_t *buf, uint32_t rid, const char *oid, const char *value)
{
    msg_builder b;
    mb_init(&b, buf, SNMP_MAX_MESSAGE_SIZE + 64);
    mb_header(&b, rid, SNMP_PDU_SET_REQUEST);
    mb_u8(&b, 1);
    mb_binding(&b, oid, SNMP_TYPE_STRING, value, strlen(value));
    return mb_finish(&b);
}

/* ---- golden vectors ---- */

static void test_golden_get_request_gives_golden_response(void **state)
{
    (void)state;
    /* The golden answer says sysName is "test": set it so first. */
    size_t n = build_set_str(req_buf, 1, OID_SYS_NAME, "test");
    handle_ok(req_buf, n, 0);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);

    uint8_t req[64];
    uint8_t want[64];
    size_t req_len = load_golden(GOLDEN_GET_REQUEST_1234, req, sizeof req);
    size_t want_len = load_golden(GOLDEN_GET_RESPONSE_1234, want, sizeof want);
    size_t out_len = handle_ok(req, req_len, 100);
    expect_bytes(out, out_len, want, want_len, "golden GET 1234");
}

static void test_golden_set_request_echoes_its_binding(void **state)
{
    (void)state;
    uint8_t req[64];
    size_t req_len = load_golden(GOLDEN_SET_REQUEST_1, req, sizeof req);
    size_t out_len = handle_ok(req, req_len, 0);
    static const uint8_t want[] = {0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x01, 0xa1, 0x00,
                                   0x01, 0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05,
                                   0x00, 0x04, 0x00, 0x07, 'r',  'o',  'u',  't',  'e',  'r',
                                   '1'};
    expect_bytes(out, out_len, want, sizeof want, "golden SET 1");

    /* And the value stuck. */
    static const char *const name[] = {OID_SYS_NAME};
    size_t n = build_get(req_buf, 2, name, 1);
    handle_ok(req_buf, n, 0);
    assert_int_equal(resp.count, 1);
    assert_int_equal(resp.bindings[0].value_len, 7);
    assert_memory_equal(resp.bindings[0].value, "router1", 7);
}

static void test_golden_empty_get_gives_empty_success(void **state)
{
    (void)state;
    uint8_t req[64];
    size_t req_len = load_golden(GOLDEN_GET_REQUEST_EMPTY, req, sizeof req);
    size_t out_len = handle_ok(req, req_len, 0);
    static const uint8_t want[11] = {0, 0, 0, 0x0b, 0, 0, 0, 0, 0xa1, 0, 0};
    expect_bytes(out, out_len, want, sizeof want, "golden empty GET");
}

static void test_unknown_oid_gives_golden_no_such_oid(void **state)
{
    (void)state;
    static const char *const oids[] = {OID_UNKNOWN};
    size_t n = build_get(req_buf, 7, oids, 1);
    size_t out_len = handle_ok(req_buf, n, 0);
    uint8_t want[64];
    size_t want_len = load_golden(GOLDEN_NO_SUCH_OID_7, want, sizeof want);
    expect_bytes(out, out_len, want, want_len, "unknown OID, rid 7");
}

static void test_error_response_is_golden_no_such_oid(void **state)
{
    (void)state;
    uint8_t want[64];
    size_t want_len = load_golden(GOLDEN_NO_SUCH_OID_7, want, sizeof want);
    for (size_t cap = 0; cap <= 12; cap++) {
        guarded_buf g = {0};
        uint8_t *o = guarded_alloc(&g, cap);
        size_t out_len = 99;
        snmp_status st = snmp_error_response(7, SNMP_ERR_NO_SUCH_OID, o, cap, &out_len);
        if (cap < 11) {
            assert_int_equal(st, SNMP_NO_SPACE);
        } else {
            assert_int_equal(st, SNMP_OK);
            expect_bytes(o, out_len, want, want_len, "snmp_error_response");
        }
        guarded_free(&g);
    }
    /* Every code, and the extremes of request_id. */
    static const uint32_t rids[] = {0, 1, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu};
    for (size_t r = 0; r < 5; r++) {
        for (unsigned code = 0; code <= 4; code++) {
            uint8_t w[11];
            error_bytes(w, rids[r], (uint8_t)code);
            size_t out_len = 0;
            assert_int_equal(snmp_error_response(rids[r], (uint8_t)code, out, sizeof out, &out_len),
                             SNMP_OK);
            expect_bytes(out, out_len, w, 11, "error_response");
        }
    }
}

/* ---- refused requests ---- */

static void test_get_response_sent_to_agent_is_malformed(void **state)
{
    (void)state;
    static const char *const files[] = {GOLDEN_GET_RESPONSE_1234, GOLDEN_NO_SUCH_OID_7};
    for (size_t i = 0; i < 2; i++) {
        uint8_t req[64];
        size_t req_len = load_golden(files[i], req, sizeof req);
        size_t out_len;
        CHECK_CASE(handle(req, req_len, 0, sizeof out, &out_len) == SNMP_MALFORMED, files[i]);
        expect_mib_unchanged(files[i]);
    }
}

static void test_malformed_requests_refused_and_mib_unchanged(void **state)
{
    (void)state;
    uint8_t golden[64];
    size_t glen = load_golden(GOLDEN_SET_REQUEST_1, golden, sizeof golden);
    /* Every truncation of a SET that would change sysName, size fixed or not. */
    for (size_t cut = 0; cut < glen; cut++) {
        uint8_t m[64];
        memcpy(m, golden, glen);
        char name[48];
        snprintf(name, sizeof name, "SET cut to %zu", cut);
        size_t out_len;
        CHECK_CASE(handle(m, cut, 0, sizeof out, &out_len) == SNMP_MALFORMED, name);
        expect_mib_unchanged(name);
        if (cut >= 4) {
            m[0] = 0;
            m[1] = 0;
            m[2] = (uint8_t)(cut >> 8);
            m[3] = (uint8_t)cut;
            CHECK_CASE(handle(m, cut, 0, sizeof out, &out_len) == SNMP_MALFORMED, name);
            expect_mib_unchanged(name);
        }
    }
    static const struct {
        const char *name;
        size_t at;
        uint8_t byte;
    } patches[] = {
        {"pdu 0xA2", 8, 0xA2},
        {"pdu 0x00", 8, 0x00},
        {"count 2", 9, 2},
        {"count 0", 9, 0},
        {"oid_len 10", 10, 10},
        {"tag 0x05", 20, 0x05},
        {"INTEGER of 7 bytes", 20, 0x02},
        {"value_len 8", 22, 8},
        {"value_len 6", 22, 6},
        {"bad UTF-8 in value", 25, 0xC0},
        {"size field 8", 3, 8},
        {"size field 31", 3, 31},
    };
    for (size_t i = 0; i < sizeof patches / sizeof patches[0]; i++) {
        uint8_t m[64];
        memcpy(m, golden, glen);
        m[patches[i].at] = patches[i].byte;
        size_t out_len;
        CHECK_CASE(handle(m, glen, 0, sizeof out, &out_len) == SNMP_MALFORMED, patches[i].name);
        expect_mib_unchanged(patches[i].name);
    }
    /* A trailing byte. */
    uint8_t m[64];
    memcpy(m, golden, glen);
    m[glen] = 0;
    m[3] = (uint8_t)(glen + 1);
    size_t out_len;
    assert_int_equal(handle(m, glen + 1, 0, sizeof out, &out_len), SNMP_MALFORMED);
    expect_mib_unchanged("trailing byte");
    /* Nothing at all. */
    assert_int_equal(handle(m, 0, 0, sizeof out, &out_len), SNMP_MALFORMED);
}

/* ---- request_id echo on every code ---- */

static size_t build_big_set(uint8_t *buf, uint32_t rid, size_t total);

/* Checks resp carries rid and code; an error answer is exactly the 11-byte form. */
static void expect_answer(uint32_t rid, uint8_t code, size_t out_len, const char *name)
{
    CHECK_CASE(resp.request_id == rid, name);
    CHECK_CASE(resp.error_code == code, name);
    if (code != SNMP_ERR_SUCCESS) {
        uint8_t w[11];
        error_bytes(w, rid, code);
        CHECK_CASE(out_len == 11, name);
        CHECK_CASE(memcmp(out, w, 11) == 0, name);
    }
}

static void test_request_id_echoed_on_success_and_every_error(void **state)
{
    (void)state;
    static const uint32_t rids[] = {0, 1, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0xDEADBEEFu};
    static const char *const get_ok[] = {OID_SYS_DESCR};
    static const char *const get_bad[] = {OID_SYS_DESCR, OID_UNKNOWN};
    static const char *big[255];
    static char s255[256];
    memset(s255, 'k', 255);

    /* sysContact at 255 bytes makes 255 copies of it 68351 bytes of answer. */
    size_t n = build_set_str(req_buf, 1, OID_SYS_CONTACT, s255);
    handle_ok(req_buf, n, 0);
    for (size_t k = 0; k < 255; k++) {
        big[k] = OID_SYS_CONTACT;
    }

    for (size_t r = 0; r < sizeof rids / sizeof rids[0]; r++) {
        uint32_t rid = rids[r];
        size_t out_len;

        n = build_get(req_buf, rid, get_ok, 1);
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_SUCCESS, out_len, "GET success");

        n = build_get(req_buf, rid, get_bad, 2);
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_NO_SUCH_OID, out_len, "GET unknown");

        n = build_get(req_buf, rid, big, 255);
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_TOO_BIG, out_len, "GET too big");

        n = build_set_str(req_buf, rid, OID_SYS_LOCATION, "here");
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_SUCCESS, out_len, "SET success");

        n = build_set_str(req_buf, rid, OID_UNKNOWN, "x");
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_NO_SUCH_OID, out_len, "SET unknown");

        n = build_set_str(req_buf, rid, OID_SYS_DESCR, "x");
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_READ_ONLY, out_len, "SET read-only");

        msg_builder b;
        mb_init(&b, req_buf, sizeof req_buf);
        mb_header(&b, rid, SNMP_PDU_SET_REQUEST);
        mb_u8(&b, 1);
        mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_INTEGER, "\0\0\0\1", 4);
        n = mb_finish(&b);
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_BAD_VALUE, out_len, "SET bad value");

        n = build_big_set(req_buf, rid, 65536);
        out_len = handle_ok(req_buf, n, 0);
        expect_answer(rid, SNMP_ERR_TOO_BIG, out_len, "SET too big");
    }
}

/* ---- SET echo ---- */

static void test_set_echo_is_byte_exact(void **state)
{
    (void)state;
    msg_builder b;
    mb_init(&b, req_buf, sizeof req_buf);
    mb_header(&b, 0xCAFEBABEu, SNMP_PDU_SET_REQUEST);
    mb_u8(&b, 6);
    mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, "one", 3);
    mb_binding(&b, OID_SYS_CONTACT, SNMP_TYPE_STRING, "", 0);
    mb_binding(&b, OID_IF_ALIAS_1, SNMP_TYPE_STRING, "\xe2\x82\xac uro", 6);
    mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, "two", 3);
    static uint8_t s255[255];
    memset(s255, 'x', sizeof s255);
    mb_binding(&b, OID_IF_ALIAS_3, SNMP_TYPE_STRING, s255, 255);
    mb_binding(&b, OID_SYS_LOCATION, SNMP_TYPE_STRING, "loc", 3);
    size_t n = mb_finish(&b);

    size_t out_len = handle_ok(req_buf, n, 0);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
    /* size+1, same id, A1, error 0, then the request's count and bindings verbatim. */
    assert_int_equal(out_len, n + 1);
    assert_int_equal(snmp_msg_peek_size(out), n + 1);
    assert_memory_equal(out + 4, req_buf + 4, 4);
    assert_int_equal(out[8], 0xA1);
    assert_int_equal(out[9], 0);
    assert_memory_equal(out + 10, req_buf + 9, n - 9);

    /* Last write wins for the repeated sysName. */
    static const char *const name[] = {OID_SYS_NAME, OID_SYS_CONTACT, OID_IF_ALIAS_3};
    n = build_get(req_buf, 3, name, 3);
    handle_ok(req_buf, n, 0);
    assert_int_equal(resp.count, 3);
    assert_int_equal(resp.bindings[0].value_len, 3);
    assert_memory_equal(resp.bindings[0].value, "two", 3);
    assert_int_equal(resp.bindings[1].value_len, 0);
    assert_int_equal(resp.bindings[2].value_len, 255);
}

static void test_empty_set_succeeds_with_no_bindings(void **state)
{
    (void)state;
    static const uint8_t req[10] = {0, 0, 0, 10, 0, 0, 0, 9, 0xA3, 0};
    size_t out_len = handle_ok(req, sizeof req, 0);
    uint8_t w[11];
    error_bytes(w, 9, SNMP_ERR_SUCCESS);
    expect_bytes(out, out_len, w, 11, "empty SET");
    expect_mib_unchanged("empty SET");
}

/*
 * A SetRequest of exactly `total` bytes: 244 sysContact bindings of 255 bytes
 * (268 bytes each) and one sysName binding of total - 65415 bytes.
 */
static size_t build_big_set(uint8_t *buf, uint32_t rid, size_t total)
{
    static uint8_t fill[255];
    memset(fill, 'b', sizeof fill);
    size_t name_len = total - (10 + 244 * 268 + 13);
    assert_true(name_len <= 255);
    msg_builder b;
    mb_init(&b, buf, SNMP_MAX_MESSAGE_SIZE + 64);
    mb_header(&b, rid, SNMP_PDU_SET_REQUEST);
    mb_u8(&b, 245);
    for (size_t i = 0; i < 244; i++) {
        mb_binding(&b, OID_SYS_CONTACT, SNMP_TYPE_STRING, fill, 255);
    }
    static uint8_t name[255];
    memset(name, 'N', sizeof name);
    mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, name, name_len);
    return mb_finish(&b);
}

static void test_set_whose_echo_passes_65536_is_too_big(void **state)
{
    (void)state;
    /* 65536-byte request: echo would be 65537 -> TOO_BIG, nothing changes. */
    size_t n = build_big_set(req_buf, 0x5E7B16u, 65536);
    assert_int_equal(n, 65536);
    size_t out_len = handle_ok(req_buf, n, 0);
    uint8_t w[11];
    error_bytes(w, 0x5E7B16u, SNMP_ERR_TOO_BIG);
    expect_bytes(out, out_len, w, 11, "65536-byte SET");
    expect_mib_unchanged("65536-byte SET");

    /* 65535-byte request: echo is exactly 65536 -> SUCCESS, and it sticks. */
    n = build_big_set(req_buf, 0x5E7B17u, 65535);
    assert_int_equal(n, 65535);
    out_len = handle_ok(req_buf, n, 0);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
    assert_int_equal(out_len, 65536);
    assert_int_equal(resp.count, 245);
    assert_memory_equal(out + 10, req_buf + 9, n - 9);
    static const char *const oids[] = {OID_SYS_NAME, OID_SYS_CONTACT};
    n = build_get(req_buf, 1, oids, 2);
    handle_ok(req_buf, n, 0);
    assert_int_equal(resp.bindings[0].value_len, 65535 - (10 + 244 * 268 + 13));
    assert_int_equal(resp.bindings[1].value_len, 255);
}

/* ---- NO_SPACE ---- */

static void test_no_space_leaves_mib_unchanged(void **state)
{
    (void)state;
    uint8_t req[64];
    size_t req_len = load_golden(GOLDEN_SET_REQUEST_1, req, sizeof req);
    /* The echo is 31 bytes. */
    for (size_t cap = 0; cap <= 31; cap++) {
        char name[32];
        snprintf(name, sizeof name, "SET cap %zu", cap);
        guarded_buf go = {0};
        uint8_t *o = guarded_alloc(&go, cap);
        guarded_buf gi = {0};
        const uint8_t *in = guarded_copy(&gi, req, req_len);
        mib_state_save(&mib);
        size_t out_len = 0;
        snmp_status st = snmp_handle_request(&mib, &scratch, in, req_len, 0, o, cap, &out_len);
        if (cap < 31) {
            CHECK_CASE(st == SNMP_NO_SPACE, name);
            expect_mib_unchanged(name);
        } else {
            CHECK_CASE(st == SNMP_OK && out_len == 31, name);
            CHECK_CASE(memcmp(o + 10, req + 9, req_len - 9) == 0, name);
        }
        guarded_free(&gi);
        guarded_free(&go);
    }
    /* GET: sysName "router1" answer is 11 + 13 + 7 = 31 too. */
    static const char *const oids[] = {OID_SYS_NAME};
    size_t n = build_get(req_buf, 4, oids, 1);
    size_t out_len = 0;
    assert_int_equal(handle(req_buf, n, 0, 30, &out_len), SNMP_NO_SPACE);
    assert_int_equal(handle(req_buf, n, 0, 31, &out_len), SNMP_OK);
    assert_int_equal(out_len, 31);
}

/* ---- failing SET through the handler is atomic ---- */

static void test_failing_set_changes_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *oid2;
        uint8_t type2;
        size_t len2;
        uint8_t code;
    } cases[] = {
        {"then unknown", OID_UNKNOWN, SNMP_TYPE_STRING, 1, SNMP_ERR_NO_SUCH_OID},
        {"then read-only", OID_SYS_DESCR, SNMP_TYPE_STRING, 1, SNMP_ERR_READ_ONLY},
        {"then wrong type", OID_SYS_CONTACT, SNMP_TYPE_COUNTER, 4, SNMP_ERR_BAD_VALUE},
        {"then 256 bytes", OID_SYS_CONTACT, SNMP_TYPE_STRING, 256, SNMP_ERR_BAD_VALUE},
    };
    static uint8_t val[256];
    memset(val, 'v', sizeof val);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msg_builder b;
        mb_init(&b, req_buf, sizeof req_buf);
        mb_header(&b, 55, SNMP_PDU_SET_REQUEST);
        mb_u8(&b, 3);
        mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, "nope", 4);
        mb_binding(&b, OID_SYS_LOCATION, SNMP_TYPE_STRING, "nowhere", 7);
        mb_binding(&b, cases[i].oid2, cases[i].type2, val, cases[i].len2);
        size_t n = mb_finish(&b);
        size_t out_len = handle_ok(req_buf, n, 0);
        CHECK_CASE(resp.error_code == cases[i].code, cases[i].name);
        CHECK_CASE(out_len == 11 && resp.count == 0, cases[i].name);
        expect_mib_unchanged(cases[i].name);
    }
}

static void test_sys_uptime_uses_now(void **state)
{
    (void)state;
    assert_int_equal(default_mib_init(&mib, 500), SNMP_OK);
    static const char *const oids[] = {OID_SYS_UPTIME};
    size_t n = build_get(req_buf, 1, oids, 1);
    static const struct {
        uint64_t now;
        uint32_t want;
    } cases[] = {{500, 0}, {600, 100}, {500 + 4294967296u + 5, 5}, {500 + 4294967295u, 4294967295u}};
    for (size_t i = 0; i < 4; i++) {
        handle_ok(req_buf, n, cases[i].now);
        assert_int_equal(resp.bindings[0].type, SNMP_TYPE_TIMETICKS);
        assert_true(snmp_value_get_u32(resp.bindings[0].value) == cases[i].want);
    }
}

/* ---- property: mutants are answered well or refused cleanly ---- */

static void test_mutated_requests_answered_well_or_refused_cleanly(void **state)
{
    (void)state;
    static const char *const files[] = {GOLDEN_SET_REQUEST_1, GOLDEN_GET_REQUEST_1234,
                                        GOLDEN_GET_REQUEST_EMPTY};
    uint32_t rng = 0xABCDEF01u;
    for (size_t f = 0; f < 3; f++) {
        uint8_t orig[64];
        size_t n = load_golden(files[f], orig, sizeof orig);
        for (int iter = 0; iter < 4000; iter++) {
            uint8_t m[64];
            memcpy(m, orig, n);
            size_t flips = 1 + xorshift32(&rng) % 2;
            for (size_t k = 0; k < flips; k++) {
                m[xorshift32(&rng) % n] = (uint8_t)xorshift32(&rng);
            }
            size_t out_len;
            snmp_status st = handle(m, n, 0, sizeof out, &out_len);
            if (st == SNMP_OK) {
                CHECK_CASE(out_len >= 11 && out_len <= SNMP_MAX_MESSAGE_SIZE, files[f]);
                CHECK_CASE(snmp_msg_unpack(out, out_len, &resp) == SNMP_OK, files[f]);
                CHECK_CASE(resp.pdu_type == SNMP_PDU_GET_RESPONSE, files[f]);
                CHECK_CASE(resp.request_id == snmp_msg_peek_size(m + 4), files[f]);
                CHECK_CASE(resp.error_code <= SNMP_ERR_TOO_BIG, files[f]);
                if (resp.error_code != SNMP_ERR_SUCCESS) {
                    CHECK_CASE(out_len == 11, files[f]);
                    expect_mib_unchanged(files[f]);
                }
            } else {
                CHECK_CASE(st == SNMP_MALFORMED, files[f]);
                expect_mib_unchanged(files[f]);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_golden_get_request_gives_golden_response, fresh_mib),
        cmocka_unit_test_setup(test_golden_set_request_echoes_its_binding, fresh_mib),
        cmocka_unit_test_setup(test_golden_empty_get_gives_empty_success, fresh_mib),
        cmocka_unit_test_setup(test_unknown_oid_gives_golden_no_such_oid, fresh_mib),
        cmocka_unit_test_setup(test_error_response_is_golden_no_such_oid, fresh_mib),
        cmocka_unit_test_setup(test_get_response_sent_to_agent_is_malformed, fresh_mib),
        cmocka_unit_test_setup(test_malformed_requests_refused_and_mib_unchanged, fresh_mib),
        cmocka_unit_test_setup(test_request_id_echoed_on_success_and_every_error, fresh_mib),
        cmocka_unit_test_setup(test_set_echo_is_byte_exact, fresh_mib),
        cmocka_unit_test_setup(test_empty_set_succeeds_with_no_bindings, fresh_mib),
        cmocka_unit_test_setup(test_set_whose_echo_passes_65536_is_too_big, fresh_mib),
        cmocka_unit_test_setup(test_no_space_leaves_mib_unchanged, fresh_mib),
        cmocka_unit_test_setup(test_failing_set_changes_nothing, fresh_mib),
        cmocka_unit_test_setup(test_sys_uptime_uses_now, fresh_mib),
        cmocka_unit_test_setup(test_mutated_requests_answered_well_or_refused_cleanly, fresh_mib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
