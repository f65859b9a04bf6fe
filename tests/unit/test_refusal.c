/*
 * Why a message was refused (issue 9): one case per reason of
 * snmp/refusal.h at the boundary of its rule, pinning the reason, the
 * offset of the field at fault and the detail, for the decoder, the framer
 * and the handler; then the phrase of every reason, and the formatter under
 * every small capacity. Inputs and outputs sit at the end of a readable page
 * (test_util.h), so any over-read or over-write crashes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/framer.h"
#include "snmp/handler.h"
#include "snmp/message.h"
#include "snmp/mib.h"
#include "snmp/refusal.h"
#include "snmp/value.h"
#include "test_util.h"

static snmp_message msg;
static uint8_t inbuf[SNMP_MAX_MESSAGE_SIZE + 16];

/* Unpacks a guarded copy of buf[0 .. len) and returns why; checks that the
 * status and the reason agree and that the offset is inside the message. */
static snmp_refusal unpack_why(const uint8_t *buf, size_t len, const char *name)
{
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, buf, len);
    snmp_refusal why;
    memset(&why, 0xAA, sizeof why);
    snmp_status st = snmp_msg_unpack_why(in, len, &msg, &why);
    guarded_free(&g);
    CHECK_CASE((st == SNMP_OK) == (why.reason == SNMP_REASON_NONE), name);
    CHECK_CASE(st == SNMP_OK || st == SNMP_MALFORMED, name);
    CHECK_CASE(len == 0 ? why.offset == 0 : why.offset < len, name);
    if (st != SNMP_OK)
        CHECK_CASE(msg.count == 0 && msg.pdu_type == 0 && msg.request_id == 0, name);
    return why;
}

static void check_why(snmp_refusal got, snmp_reason reason, uint32_t offset, uint32_t detail,
                      const char *name)
{
    if (got.reason != reason || got.offset != offset || got.detail != detail) {
        print_error("case '%s': got reason %d offset %u detail %u, want %d %u %u\n", name,
                    (int)got.reason, (unsigned)got.offset, (unsigned)got.detail, (int)reason,
                    (unsigned)offset, (unsigned)detail);
        fail();
    }
}

/* ---- the size field, the length, the pdu_type, the header ---- */

typedef struct raw_case {
    const char *name;
    uint8_t bytes[16];
    size_t len;
    snmp_reason reason;
    uint32_t offset;
    uint32_t detail;
} raw_case;

static void test_header_rules_each_give_their_reason(void **state)
{
    (void)state;
    static const raw_case cases[] = {
        {"0 bytes", {0}, 0, SNMP_REASON_TOO_SHORT_FOR_SIZE, 0, 0},
        {"1 byte", {0}, 1, SNMP_REASON_TOO_SHORT_FOR_SIZE, 0, 1},
        {"3 bytes", {0, 0, 0}, 3, SNMP_REASON_TOO_SHORT_FOR_SIZE, 0, 3},
        {"4 bytes, size 4", {0, 0, 0, 4}, 4, SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 4},
        {"size 8 in 8 bytes", {0, 0, 0, 8, 0, 0, 0, 1}, 8, SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 8},
        {"size 0 in 10 bytes", {0, 0, 0, 0, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 0},
        {"size 65537 in 10 bytes", {0, 1, 0, 1, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 65537},
        {"size 0xFFFFFFFF in 10 bytes", {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 0xffffffffu},
        {"size 9 in 8 bytes", {0, 0, 0, 9, 0, 0, 0, 1}, 8, SNMP_REASON_SIZE_MISMATCH, 0, 9},
        {"size 11 in 10 bytes", {0, 0, 0, 11, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_REASON_SIZE_MISMATCH, 0, 11},
        {"size 9 in 10 bytes", {0, 0, 0, 9, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_REASON_SIZE_MISMATCH,
         0, 9},
        {"size 65536 in 10 bytes", {0, 1, 0, 0, 0, 0, 0, 1, 0xA0, 0}, 10,
         SNMP_REASON_SIZE_MISMATCH, 0, 65536},
        {"pdu 0xA2 in 10 bytes", {0, 0, 0, 10, 0, 0, 0, 1, 0xA2, 0}, 10,
         SNMP_REASON_PDU_UNKNOWN, 8, 0xA2},
        {"pdu 0x00 in 9 bytes: the pdu before the header size", {0, 0, 0, 9, 0, 0, 0, 1, 0x00}, 9,
         SNMP_REASON_PDU_UNKNOWN, 8, 0x00},
        {"pdu 0xFF", {0, 0, 0, 11, 0, 0, 0, 1, 0xFF, 0, 0}, 11, SNMP_REASON_PDU_UNKNOWN, 8, 0xFF},
        {"GetRequest of 9", {0, 0, 0, 9, 0, 0, 0, 1, 0xA0}, 9, SNMP_REASON_REQUEST_TOO_SHORT, 0,
         9},
        {"SetRequest of 9", {0, 0, 0, 9, 0, 0, 0, 1, 0xA3}, 9, SNMP_REASON_REQUEST_TOO_SHORT, 0,
         9},
        {"GetRequest of 10 accepted", {0, 0, 0, 10, 0, 0, 0, 1, 0xA0, 0}, 10, SNMP_REASON_NONE,
         0, 0},
        {"GetResponse of 9", {0, 0, 0, 9, 0, 0, 0, 1, 0xA1}, 9, SNMP_REASON_RESPONSE_TOO_SHORT,
         0, 9},
        {"GetResponse of 10", {0, 0, 0, 10, 0, 0, 0, 1, 0xA1, 0}, 10,
         SNMP_REASON_RESPONSE_TOO_SHORT, 0, 10},
        {"GetResponse of 11 accepted", {0, 0, 0, 11, 0, 0, 0, 1, 0xA1, 0, 0}, 11,
         SNMP_REASON_NONE, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snmp_refusal why = unpack_why(cases[i].bytes, cases[i].len, cases[i].name);
        check_why(why, cases[i].reason, cases[i].offset, cases[i].detail, cases[i].name);
    }
}

static void test_size_bounds_at_65536_and_65537(void **state)
{
    (void)state;
    /* A SetRequest whose one STRING value fills the message to total bytes. */
    static const struct {
        size_t total;
        size_t given;
        snmp_reason reason;
        uint32_t detail;
    } cases[] = {
        {65536, 65536, SNMP_REASON_NONE, 0},
        {65537, 65537, SNMP_REASON_SIZE_OUT_OF_RANGE, 65537},
        {65536, 65537, SNMP_REASON_SIZE_MISMATCH, 65536},
        {65536, 65535, SNMP_REASON_SIZE_MISMATCH, 65536},
    };
    static uint8_t value[SNMP_MAX_VALUE_LEN];
    memset(value, 'v', sizeof value);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[48];
        snprintf(name, sizeof name, "total %zu given %zu", cases[i].total, cases[i].given);
        msg_builder b;
        mb_init(&b, inbuf, sizeof inbuf);
        mb_header(&b, 5, SNMP_PDU_SET_REQUEST);
        mb_u8(&b, 1);
        mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, value, cases[i].total - 23);
        CHECK_CASE(mb_finish(&b) == cases[i].total, name);
        inbuf[cases[i].total] = 0;
        snmp_refusal why = unpack_why(inbuf, cases[i].given, name);
        check_why(why, cases[i].reason, 0, cases[i].detail, name);
    }
}

/* ---- the bindings ---- */

typedef struct body_case {
    const char *name;
    uint8_t pdu;
    uint8_t body[40];
    size_t body_len;
    snmp_reason reason;
    uint32_t offset;
    uint32_t detail;
} body_case;

#define SYSNAME_OID 9, 1, 3, 6, 1, 2, 1, 1, 5, 0
/* A body's bytes and their count, counted by the compiler. */
#define BODY(...) {__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define GET 0xA0
#define RSP 0xA1
#define SET 0xA3

/*
 * Offsets: a request's count is at 9 and its first binding at 10 (oid_len);
 * with a 9-byte OID the value type is at 20, value_len at 21-22 and the
 * value from 23. A response is one byte later (its error_code is at 9).
 */
static void test_binding_rules_each_give_their_reason(void **state)
{
    (void)state;
    static const body_case cases[] = {
        {"get: count 1, no OID", GET, BODY(1), SNMP_REASON_COUNT_PAST_END, 9, 1},
        {"get: count 2, one OID", GET, BODY(2, SYSNAME_OID), SNMP_REASON_COUNT_PAST_END, 9, 2},
        {"get: count 255, one OID", GET, BODY(255, SYSNAME_OID), SNMP_REASON_COUNT_PAST_END, 9,
         255},
        {"rsp: count 2, one binding", RSP, BODY(0, 2, SYSNAME_OID, 4, 0, 1, 'x'),
         SNMP_REASON_COUNT_PAST_END, 10, 2},
        {"get: oid_len 9, 8 bytes", GET, BODY(1, 9, 1, 3, 6, 1, 2, 1, 1, 5),
         SNMP_REASON_OID_PAST_END, 10, 9},
        {"get: oid_len 9, 9 bytes", GET, BODY(1, SYSNAME_OID), SNMP_REASON_NONE, 0, 0},
        {"get: oid_len 255, nothing after", GET, BODY(1, 255), SNMP_REASON_OID_PAST_END, 10, 255},
        {"get: second oid_len past the end", GET, BODY(2, SYSNAME_OID, 3, 1, 3),
         SNMP_REASON_OID_PAST_END, 20, 3},
        {"set: no value header", SET, BODY(1, SYSNAME_OID), SNMP_REASON_VALUE_HEADER_PAST_END,
         10, 0},
        {"set: value header of 2 bytes", SET, BODY(1, SYSNAME_OID, 4, 0),
         SNMP_REASON_VALUE_HEADER_PAST_END, 10, 2},
        {"set: value_len 0, 3 header bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 0), SNMP_REASON_NONE,
         0, 0},
        {"rsp: no value header", RSP, BODY(0, 1, SYSNAME_OID), SNMP_REASON_VALUE_HEADER_PAST_END,
         11, 0},
        {"set: value_len 4, 3 bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 4, 't', 'e', 's'),
         SNMP_REASON_VALUE_PAST_END, 21, 4},
        {"set: value_len 4, 4 bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 4, 't', 'e', 's', 't'),
         SNMP_REASON_NONE, 0, 0},
        {"set: value_len 0xFFFF", SET, BODY(1, SYSNAME_OID, 4, 0xff, 0xff, 'a'),
         SNMP_REASON_VALUE_PAST_END, 21, 0xffff},
        {"set: tag 0x05", SET, BODY(1, SYSNAME_OID, 0x05, 0, 0), SNMP_REASON_VALUE_TYPE_UNKNOWN, 20,
         0x05},
        {"set: tag 0x42", SET, BODY(1, SYSNAME_OID, 0x42, 0, 4, 0, 0, 0, 1),
         SNMP_REASON_VALUE_TYPE_UNKNOWN, 20, 0x42},
        {"rsp: tag 0x00", RSP, BODY(0, 1, SYSNAME_OID, 0x00, 0, 0),
         SNMP_REASON_VALUE_TYPE_UNKNOWN, 21, 0x00},
        {"set: INTEGER of 3", SET, BODY(1, SYSNAME_OID, 0x02, 0, 3, 0, 0, 1),
         SNMP_REASON_INTEGER_LENGTH, 21, 3},
        {"set: INTEGER of 5", SET, BODY(1, SYSNAME_OID, 0x02, 0, 5, 0, 0, 0, 0, 1),
         SNMP_REASON_INTEGER_LENGTH, 21, 5},
        {"set: INTEGER of 4", SET, BODY(1, SYSNAME_OID, 0x02, 0, 4, 0, 0, 0, 1), SNMP_REASON_NONE,
         0, 0},
        {"set: COUNTER of 0", SET, BODY(1, SYSNAME_OID, 0x41, 0, 0),
         SNMP_REASON_INTEGER_LENGTH, 21, 0},
        {"rsp: TIMETICKS of 5", RSP, BODY(0, 1, SYSNAME_OID, 0x43, 0, 5, 0, 0, 0, 0, 1),
         SNMP_REASON_INTEGER_LENGTH, 22, 5},
        {"set: STRING 0xFF first", SET, BODY(1, SYSNAME_OID, 0x04, 0, 1, 0xff),
         SNMP_REASON_STRING_NOT_UTF8, 23, 0xff},
        {"set: STRING sequence cut by its end", SET, BODY(1, SYSNAME_OID, 0x04, 0, 2, 'a', 0xe2),
         SNMP_REASON_STRING_NOT_UTF8, 24, 0xe2},
        {"set: STRING complete sequence", SET,
         BODY(1, SYSNAME_OID, 0x04, 0, 4, 'a', 0xe2, 0x82, 0xac), SNMP_REASON_NONE, 0, 0},
        {"rsp: STRING overlong after two good", RSP,
         BODY(0, 1, SYSNAME_OID, 0x04, 0, 4, 'o', 'k', 0xc0, 0x80), SNMP_REASON_STRING_NOT_UTF8,
         26, 0xc0},
        {"set: bad second binding", SET,
         BODY(2, SYSNAME_OID, 0x04, 0, 1, 'a', SYSNAME_OID, 0x04, 0, 1, 0xff),
         SNMP_REASON_STRING_NOT_UTF8, 37, 0xff},
        {"get: count 0 plus a byte", GET, BODY(0, 0), SNMP_REASON_TRAILING_BYTES, 10, 1},
        {"get: one OID plus a byte", GET, BODY(1, SYSNAME_OID, 0), SNMP_REASON_TRAILING_BYTES,
         20, 1},
        {"set: binding plus two bytes", SET, BODY(1, SYSNAME_OID, 4, 0, 1, 'x', 'y', 'z'),
         SNMP_REASON_TRAILING_BYTES, 24, 2},
        {"rsp: count 0 plus a byte", RSP, BODY(1, 0, 0), SNMP_REASON_TRAILING_BYTES, 11, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msg_builder b;
        mb_init(&b, inbuf, sizeof inbuf);
        mb_header(&b, 0x01020304, cases[i].pdu);
        mb_bytes(&b, cases[i].body, cases[i].body_len);
        size_t len = mb_finish(&b);
        snmp_refusal why = unpack_why(inbuf, len, cases[i].name);
        check_why(why, cases[i].reason, cases[i].offset, cases[i].detail, cases[i].name);
    }
}

/* Every proper prefix of a golden vector, its size field patched or not, is
 * refused with a reason and an offset inside it. */
static void test_every_truncation_has_a_reason_inside_the_message(void **state)
{
    (void)state;
    static const char *const goldens[] = {GOLDEN_GET_REQUEST_1234, GOLDEN_SET_REQUEST_1,
                                          GOLDEN_GET_RESPONSE_1234, GOLDEN_GET_REQUEST_EMPTY,
                                          GOLDEN_NO_SUCH_OID_7};
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
        uint8_t full[64];
        size_t n = load_golden(goldens[i], full, sizeof full);
        check_why(unpack_why(full, n, goldens[i]), SNMP_REASON_NONE, 0, 0, goldens[i]);
        for (size_t cut = 0; cut < n; cut++) {
            char name[96];
            snprintf(name, sizeof name, "%s cut to %zu", goldens[i], cut);
            CHECK_CASE(unpack_why(full, cut, name).reason != SNMP_REASON_NONE, name);
            if (cut >= 4) {
                uint8_t copy[64];
                memcpy(copy, full, n);
                copy[0] = copy[1] = copy[2] = 0;
                copy[3] = (uint8_t)cut;
                CHECK_CASE(unpack_why(copy, cut, name).reason != SNMP_REASON_NONE, name);
            }
        }
    }
}

/* ---- the framer and the handler ---- */

static void test_framer_says_why_its_size_field_was_refused(void **state)
{
    (void)state;
    static uint8_t storage[SNMP_MAX_MESSAGE_SIZE];
    static const struct {
        uint32_t size;
        snmp_reason reason;
    } cases[] = {
        {8, SNMP_REASON_SIZE_OUT_OF_RANGE},     {9, SNMP_REASON_NONE},
        {65536, SNMP_REASON_NONE},              {65537, SNMP_REASON_SIZE_OUT_OF_RANGE},
        {0, SNMP_REASON_SIZE_OUT_OF_RANGE},     {0xffffffffu, SNMP_REASON_SIZE_OUT_OF_RANGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "size %u", (unsigned)cases[i].size);
        snmp_framer f;
        snmp_framer_init(&f, storage, sizeof storage);
        snmp_refusal why = snmp_framer_why(&f);
        check_why(why, SNMP_REASON_NONE, 0, 0, name);
        uint8_t field[4];
        snmp_value_put_u32(field, cases[i].size);
        CHECK_CASE(snmp_framer_feed(&f, field, sizeof field) == sizeof field, name);
        const uint8_t *m;
        size_t m_len;
        snmp_status st = snmp_framer_next(&f, &m, &m_len);
        why = snmp_framer_why(&f);
        if (cases[i].reason == SNMP_REASON_NONE) {
            CHECK_CASE(st == SNMP_INCOMPLETE, name);
            check_why(why, SNMP_REASON_NONE, 0, 0, name);
        } else {
            CHECK_CASE(st == SNMP_MALFORMED, name);
            check_why(why, cases[i].reason, 0, cases[i].size, name);
        }
    }
}

static snmp_mib mib;
static snmp_handler_scratch scratch;
static uint8_t answer[SNMP_MAX_MESSAGE_SIZE];

/* Handles a guarded copy of req with the given output capacity. */
static snmp_status handle(const uint8_t *req, size_t len, size_t cap)
{
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, req, len);
    size_t answer_len;
    snmp_status st = snmp_handle_request(&mib, &scratch, in, len, 0, answer, cap, &answer_len);
    guarded_free(&g);
    return st;
}

static void test_handler_keeps_the_reason_of_a_refused_request(void **state)
{
    (void)state;
    assert_int_equal(default_mib_init(&mib, 0), SNMP_OK);

    /* A GetResponse is well-formed but not for an agent. */
    static const uint8_t response[] = {0, 0, 0, 11, 0, 0, 0, 7, 0xA1, 0, 0};
    assert_int_equal(handle(response, sizeof response, sizeof answer), SNMP_MALFORMED);
    check_why(scratch.refusal, SNMP_REASON_RESPONSE_TO_AGENT, 8, 0xA1, "response to agent");

    /* An accepted request clears it. */
    uint8_t get[32];
    size_t get_len = load_golden(GOLDEN_GET_REQUEST_1234, get, sizeof get);
    assert_int_equal(handle(get, get_len, sizeof answer), SNMP_OK);
    check_why(scratch.refusal, SNMP_REASON_NONE, 0, 0, "accepted get");

    /* A decoder refusal is kept as the decoder gave it. */
    static const uint8_t trailing[] = {0, 0, 0, 11, 0, 0, 0, 1, 0xA0, 0, 0x55};
    assert_int_equal(handle(trailing, sizeof trailing, sizeof answer), SNMP_MALFORMED);
    check_why(scratch.refusal, SNMP_REASON_TRAILING_BYTES, 10, 1, "trailing");

    /* No room for the answer is not a refusal of the request. */
    assert_int_equal(handle(get, get_len, 10), SNMP_NO_SPACE);
    check_why(scratch.refusal, SNMP_REASON_NONE, 0, 0, "no space");
}

/* ---- the phrases ---- */

typedef struct phrase_case {
    snmp_refusal why;
    const char *text;
} phrase_case;

static const phrase_case phrases[] = {
    {{SNMP_REASON_NONE, 0, 0}, "not refused"},
    {{SNMP_REASON_TOO_SHORT_FOR_SIZE, 0, 3},
     "message of 3 bytes too short for its size field at offset 0"},
    {{SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 3},
     "message size field out of range 9 to 65536 (got 3) at offset 0"},
    {{SNMP_REASON_SIZE_OUT_OF_RANGE, 0, 4294967295u},
     "message size field out of range 9 to 65536 (got 4294967295) at offset 0"},
    {{SNMP_REASON_SIZE_MISMATCH, 0, 21},
     "message size field 21 differs from the bytes given at offset 0"},
    {{SNMP_REASON_REQUEST_TOO_SHORT, 0, 9},
     "message of 9 bytes too short for a request header and count at offset 0"},
    {{SNMP_REASON_RESPONSE_TOO_SHORT, 0, 10},
     "message of 10 bytes too short for a response header and count at offset 0"},
    {{SNMP_REASON_PDU_UNKNOWN, 8, 0xA2}, "pdu type 0xa2 unknown at offset 8"},
    {{SNMP_REASON_PDU_UNKNOWN, 8, 0x0F}, "pdu type 0x0f unknown at offset 8"},
    {{SNMP_REASON_RESPONSE_TO_AGENT, 8, 0xA1},
     "response pdu type 0xa1 sent to an agent at offset 8"},
    {{SNMP_REASON_COUNT_PAST_END, 9, 2}, "count 2 goes past the end at offset 9"},
    {{SNMP_REASON_OID_PAST_END, 10, 50}, "oid length 50 past the end at offset 10"},
    {{SNMP_REASON_VALUE_HEADER_PAST_END, 10, 0},
     "value header past the end in the binding at offset 10"},
    {{SNMP_REASON_VALUE_PAST_END, 21, 100}, "value length 100 past the end at offset 21"},
    {{SNMP_REASON_VALUE_TYPE_UNKNOWN, 22, 0x05}, "value type 0x05 unknown at offset 22"},
    {{SNMP_REASON_INTEGER_LENGTH, 21, 3}, "integer value length 3 not 4 at offset 21"},
    {{SNMP_REASON_STRING_NOT_UTF8, 65535, 0xff},
     "string not valid UTF-8 (byte 0xff) at offset 65535"},
    {{SNMP_REASON_TRAILING_BYTES, 29, 1}, "trailing bytes after the last binding at offset 29"},
    {{SNMP_REASON_COUNT, 4294967295u, 0}, "unknown refusal reason 16 at offset 4294967295"},
};

static void test_every_reason_has_its_phrase(void **state)
{
    (void)state;
    bool seen[SNMP_REASON_COUNT + 1] = {false};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        char out[SNMP_REFUSAL_TEXT_MAX];
        size_t n = snmp_refusal_format(&phrases[i].why, out, sizeof out);
        CHECK_CASE(strcmp(out, phrases[i].text) == 0, phrases[i].text);
        CHECK_CASE(n == strlen(phrases[i].text), phrases[i].text);
        CHECK_CASE(strchr(out, '=') == NULL && strchr(out, '.') == NULL, phrases[i].text);
        seen[phrases[i].why.reason] = true;
    }
    for (int r = 0; r <= SNMP_REASON_COUNT; r++)
        CHECK_CASE(seen[r], "every reason, and one past them, has a phrase case");
}

/* The longest phrases, with the largest numbers, fit in SNMP_REFUSAL_TEXT_MAX. */
static void test_longest_phrases_fit_the_documented_maximum(void **state)
{
    (void)state;
    for (int r = 0; r <= SNMP_REASON_COUNT; r++) {
        snmp_refusal why = {(snmp_reason)r, 4294967295u, 4294967295u};
        char out[SNMP_REFUSAL_TEXT_MAX];
        size_t n = snmp_refusal_format(&why, out, sizeof out);
        CHECK_CASE(n < SNMP_REFUSAL_TEXT_MAX, "largest numbers");
        CHECK_CASE(strlen(out) == n, "largest numbers");
    }
}

/* Every capacity from 0 to one past the phrase: at most cap bytes written,
 * NUL-terminated, a prefix of the whole phrase, the whole length returned.
 * The output ends at a page boundary, so one byte too many crashes. */
static void test_small_capacities_truncate_without_overflow(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        size_t full = strlen(phrases[i].text);
        for (size_t cap = 0; cap <= full + 1; cap++) {
            guarded_buf g = {0};
            char *out = (char *)guarded_alloc(&g, cap);
            size_t n = snmp_refusal_format(&phrases[i].why, out, cap);
            CHECK_CASE(n == full, phrases[i].text);
            if (cap > 0) {
                size_t kept = full < cap ? full : cap - 1;
                CHECK_CASE(out[kept] == '\0', phrases[i].text);
                CHECK_CASE(memcmp(out, phrases[i].text, kept) == 0, phrases[i].text);
            }
            guarded_free(&g);
        }
    }
}

/* ---- where a string stops being UTF-8 ---- */

static void test_utf8_valid_prefix_stops_at_the_first_bad_sequence(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint8_t bytes[8];
        size_t len;
        size_t want;
    } cases[] = {
        {"empty", {0}, 0, 0},
        {"all valid", {'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac}, 6, 6},
        {"bad lead first", {0xff, 'a'}, 2, 0},
        {"lone continuation after ascii", {'a', 'b', 0x80}, 3, 2},
        {"sequence cut by the end", {'a', 0xf0, 0x9f, 0x98}, 4, 1},
        {"surrogate after a 2-byte char", {0xc3, 0xa9, 0xed, 0xa0, 0x80}, 5, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, cases[i].bytes, cases[i].len);
        CHECK_CASE(snmp_utf8_valid_prefix(in, cases[i].len) == cases[i].want, cases[i].name);
        CHECK_CASE(snmp_utf8_valid(in, cases[i].len) == (cases[i].want == cases[i].len),
                   cases[i].name);
        guarded_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_rules_each_give_their_reason),
        cmocka_unit_test(test_size_bounds_at_65536_and_65537),
        cmocka_unit_test(test_binding_rules_each_give_their_reason),
        cmocka_unit_test(test_every_truncation_has_a_reason_inside_the_message),
        cmocka_unit_test(test_framer_says_why_its_size_field_was_refused),
        cmocka_unit_test(test_handler_keeps_the_reason_of_a_refused_request),
        cmocka_unit_test(test_every_reason_has_its_phrase),
        cmocka_unit_test(test_longest_phrases_fit_the_documented_maximum),
        cmocka_unit_test(test_small_capacities_truncate_without_overflow),
        cmocka_unit_test(test_utf8_valid_prefix_stops_at_the_first_bad_sequence),
    };
    return cmocka_run_group_tests_name("unit_refusal", tests, NULL, NULL);
}
