/*
 * Strict BER codec (SNMP.md s.2): every refusal rule at its boundary, round
 * trips, every encoder at every capacity, every element truncated at every
 * length, and a real net-snmp GetRequest walked with the reader. Inputs sit
 * at the end of a guarded page, outputs in guarded buffers of exactly cap
 * bytes, so any over-read or over-write crashes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/ber.h"
#include "test_util.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ber_bytes {
    uint8_t b[24];
    size_t n;
} ber_bytes;

/* ---- headers ---- */

static void test_peek_header_table(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        snmp_status st;
        snmp_ber_reason why;
        uint8_t tag;
        size_t hlen;
        size_t clen;
    } cases[] = {
        {"short 0", {{0x04, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0x04, 2, 0},
        {"short 127", {{0x04, 0x7f}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0x04, 2, 127},
        {"long 1 octet", {{0x30, 0x81, 0x80}, 3}, SNMP_OK, SNMP_BER_R_NONE, 0x30, 3, 128},
        {"non-minimal 81 05", {{0x04, 0x81, 0x05}, 3}, SNMP_OK, SNMP_BER_R_NONE, 0x04, 3, 5},
        {"non-minimal 84 00 00 00 05", {{0x04, 0x84, 0, 0, 0, 5}, 6}, SNMP_OK, SNMP_BER_R_NONE,
         0x04, 6, 5},
        {"long 2 octets", {{0xa0, 0x82, 0x01, 0x00}, 4}, SNMP_OK, SNMP_BER_R_NONE, 0xa0, 4, 256},
        {"4 length octets (cap)", {{0x04, 0x84, 0xff, 0xff, 0xff, 0xff}, 6}, SNMP_OK,
         SNMP_BER_R_NONE, 0x04, 6, 0xFFFFFFFFu},
        {"5 length octets (cap+1)", {{0x04, 0x85, 0, 0, 0, 0, 1}, 7}, SNMP_MALFORMED,
         SNMP_BER_R_LENGTH_OCTETS, 0, 0, 0},
        {"127 length octets (ff)", {{0x04, 0xff}, 2}, SNMP_MALFORMED, SNMP_BER_R_LENGTH_OCTETS, 0,
         0, 0},
        {"indefinite", {{0x30, 0x80, 0x00, 0x00}, 4}, SNMP_MALFORMED,
         SNMP_BER_R_INDEFINITE_LENGTH, 0, 0, 0},
        {"tag number 30 (last low form)", {{0x1e, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0x1e, 2, 0},
        {"high tag 1f", {{0x1f, 0x01, 0x00}, 3}, SNMP_MALFORMED, SNMP_BER_R_HIGH_TAG, 0, 0, 0},
        {"high tag 3f", {{0x3f}, 1}, SNMP_MALFORMED, SNMP_BER_R_HIGH_TAG, 0, 0, 0},
        {"high tag bf", {{0xbf, 0x81, 0x00, 0x00}, 4}, SNMP_MALFORMED, SNMP_BER_R_HIGH_TAG, 0, 0,
         0},
        {"empty", {{0}, 0}, SNMP_INCOMPLETE, SNMP_BER_R_TRUNCATED, 0, 0, 0},
        {"tag only", {{0x30}, 1}, SNMP_INCOMPLETE, SNMP_BER_R_TRUNCATED, 0, 0, 0},
        {"81 without octet", {{0x30, 0x81}, 2}, SNMP_INCOMPLETE, SNMP_BER_R_TRUNCATED, 0, 0, 0},
        {"84 with 3 octets", {{0x30, 0x84, 0, 0, 1}, 5}, SNMP_INCOMPLETE, SNMP_BER_R_TRUNCATED,
         0, 0, 0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, cases[i].in.n);
        snmp_ber_reader r = snmp_ber_reader_of(in, cases[i].in.n);
        r.reason = SNMP_BER_R_IPADDRESS_LEN; /* stale: must be overwritten */
        uint8_t tag = 0x99;
        size_t hlen = 99;
        size_t clen = 99;
        snmp_status st = snmp_ber_peek_header(&r, &tag, &hlen, &clen);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(r.reason == cases[i].why, cases[i].name);
        CHECK_CASE(tag == cases[i].tag, cases[i].name);
        CHECK_CASE(hlen == cases[i].hlen, cases[i].name);
        CHECK_CASE(clen == cases[i].clen, cases[i].name);
        CHECK_CASE(r.p == in && r.len == cases[i].in.n, cases[i].name); /* never moves */
        guarded_free(&g);
    }
}

/* A whole element followed by `trailing` bytes: read_tlv takes exactly it. */
static void test_read_tlv_table(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        snmp_status st;
        snmp_ber_reason why;
        size_t hlen;
        size_t clen;
    } cases[] = {
        {"empty content", {{0x05, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 2, 0},
        {"content = remaining (cap)", {{0x04, 0x02, 0xaa, 0xbb}, 4}, SNMP_OK, SNMP_BER_R_NONE, 2,
         2},
        {"trailing byte left", {{0x04, 0x01, 0xaa, 0xbb}, 4}, SNMP_OK, SNMP_BER_R_NONE, 2, 1},
        {"content past end (cap+1)", {{0x04, 0x03, 0xaa, 0xbb}, 4}, SNMP_MALFORMED,
         SNMP_BER_R_LENGTH_PAST_END, 0, 0},
        {"81 05 non-minimal", {{0x04, 0x81, 0x05, 1, 2, 3, 4, 5}, 8}, SNMP_OK, SNMP_BER_R_NONE, 3,
         5},
        {"81 05 one short", {{0x04, 0x81, 0x05, 1, 2, 3, 4}, 7}, SNMP_MALFORMED,
         SNMP_BER_R_LENGTH_PAST_END, 0, 0},
        {"84 ff ff ff ff", {{0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0}, 7}, SNMP_MALFORMED,
         SNMP_BER_R_LENGTH_PAST_END, 0, 0},
        {"indefinite", {{0x30, 0x80, 0x00, 0x00}, 4}, SNMP_MALFORMED,
         SNMP_BER_R_INDEFINITE_LENGTH, 0, 0},
        {"header cut", {{0x30, 0x82, 0x01}, 3}, SNMP_MALFORMED, SNMP_BER_R_TRUNCATED, 0, 0},
        {"high tag", {{0x5f, 0x00}, 2}, SNMP_MALFORMED, SNMP_BER_R_HIGH_TAG, 0, 0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        size_t n = cases[i].in.n;
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, n);
        snmp_ber_reader r = snmp_ber_reader_of(in, n);
        uint8_t tag = 0x99;
        snmp_ber_reader c = snmp_ber_reader_of(in, 1);
        size_t hlen = 99;
        snmp_status st = snmp_ber_read_tlv(&r, &tag, &c, &hlen);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(r.reason == cases[i].why, cases[i].name);
        CHECK_CASE(hlen == cases[i].hlen, cases[i].name);
        CHECK_CASE(c.len == cases[i].clen, cases[i].name);
        if (st == SNMP_OK) {
            CHECK_CASE(tag == cases[i].in.b[0], cases[i].name);
            CHECK_CASE(c.p == in + hlen && c.reason == SNMP_BER_R_NONE, cases[i].name);
            CHECK_CASE(r.p == in + hlen + c.len && r.len == n - hlen - c.len, cases[i].name);
        } else {
            CHECK_CASE(tag == 0 && c.p == NULL, cases[i].name);
            CHECK_CASE(r.p == in && r.len == n, cases[i].name);
        }
        guarded_free(&g);
    }
}

static void test_read_expect_refuses_other_tags(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        uint8_t expected;
        snmp_status st;
        snmp_ber_reason why;
    } cases[] = {
        {"same tag", {{0x04, 0x01, 0x41}, 3}, 0x04, SNMP_OK, SNMP_BER_R_NONE},
        {"constructed OCTET STRING", {{0x24, 0x03, 0x04, 0x01, 0x41}, 5}, 0x04, SNMP_MALFORMED,
         SNMP_BER_R_WRONG_TAG},
        {"application class", {{0x44, 0x01, 0x41}, 3}, 0x04, SNMP_MALFORMED,
         SNMP_BER_R_WRONG_TAG},
        {"primitive SEQUENCE", {{0x10, 0x00}, 2}, 0x30, SNMP_MALFORMED, SNMP_BER_R_WRONG_TAG},
        {"Response where GetRequest", {{0xa2, 0x00}, 2}, 0xa0, SNMP_MALFORMED,
         SNMP_BER_R_WRONG_TAG},
        {"right tag, past end", {{0x04, 0x02, 0x41}, 3}, 0x04, SNMP_MALFORMED,
         SNMP_BER_R_LENGTH_PAST_END},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        size_t n = cases[i].in.n;
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, n);
        snmp_ber_reader r = snmp_ber_reader_of(in, n);
        snmp_ber_reader c = snmp_ber_reader_of(in, 1);
        snmp_status st = snmp_ber_read_expect(&r, cases[i].expected, &c);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(r.reason == cases[i].why, cases[i].name);
        if (st == SNMP_OK) {
            CHECK_CASE(r.len == 0 && c.len == 1 && c.p == in + 2, cases[i].name);
        } else {
            CHECK_CASE(r.p == in && r.len == n && c.p == NULL && c.len == 0, cases[i].name);
        }
        guarded_free(&g);
    }
}

/* ---- integers ---- */

enum int_kind { K_INT32, K_U32, K_U64 };

typedef struct int_case {
    const char *name;
    enum int_kind kind;
    ber_bytes content;
    snmp_status st;
    snmp_ber_reason why;
    int64_t sval;  /* K_INT32 */
    uint64_t uval; /* K_U32, K_U64 */
} int_case;

static const int_case int_cases[] = {
    /* INTEGER: 1..4 bytes, minimal */
    {"int empty", K_INT32, {{0}, 0}, SNMP_MALFORMED, SNMP_BER_R_INT_EMPTY, 0, 0},
    {"int 0", K_INT32, {{0x00}, 1}, SNMP_OK, SNMP_BER_R_NONE, 0, 0},
    {"int -1", K_INT32, {{0xff}, 1}, SNMP_OK, SNMP_BER_R_NONE, -1, 0},
    {"int 127", K_INT32, {{0x7f}, 1}, SNMP_OK, SNMP_BER_R_NONE, 127, 0},
    {"int -128", K_INT32, {{0x80}, 1}, SNMP_OK, SNMP_BER_R_NONE, -128, 0},
    {"int 128", K_INT32, {{0x00, 0x80}, 2}, SNMP_OK, SNMP_BER_R_NONE, 128, 0},
    {"int -129", K_INT32, {{0xff, 0x7f}, 2}, SNMP_OK, SNMP_BER_R_NONE, -129, 0},
    {"int 256", K_INT32, {{0x01, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 256, 0},
    {"int 127 as 00 7f", K_INT32, {{0x00, 0x7f}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL,
     0, 0},
    {"int 0 as 00 00", K_INT32, {{0x00, 0x00}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0,
     0},
    {"int -1 as ff ff", K_INT32, {{0xff, 0xff}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0,
     0},
    {"int -128 as ff 80", K_INT32, {{0xff, 0x80}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL,
     0, 0},
    {"int INT32_MAX (4 bytes, cap)", K_INT32, {{0x7f, 0xff, 0xff, 0xff}, 4}, SNMP_OK,
     SNMP_BER_R_NONE, INT32_MAX, 0},
    {"int INT32_MIN in 4 bytes", K_INT32, {{0x80, 0x00, 0x00, 0x00}, 4}, SNMP_OK,
     SNMP_BER_R_NONE, INT32_MIN, 0},
    {"int INT32_MIN in 5 bytes (pysnmp)", K_INT32, {{0xff, 0x80, 0x00, 0x00, 0x00}, 5},
     SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0, 0},
    {"int 2^31 (5 bytes, cap+1)", K_INT32, {{0x00, 0x80, 0x00, 0x00, 0x00}, 5}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"int 2^32 (5 bytes)", K_INT32, {{0x01, 0x00, 0x00, 0x00, 0x00}, 5}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"int -2^31-1 (5 bytes)", K_INT32, {{0xfe, 0x7f, 0xff, 0xff, 0xff}, 5}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    /* Counter32, Gauge32, TimeTicks: 1..5 bytes, the fifth a sign 00 */
    {"u32 empty", K_U32, {{0}, 0}, SNMP_MALFORMED, SNMP_BER_R_INT_EMPTY, 0, 0},
    {"u32 0", K_U32, {{0x00}, 1}, SNMP_OK, SNMP_BER_R_NONE, 0, 0},
    {"u32 127", K_U32, {{0x7f}, 1}, SNMP_OK, SNMP_BER_R_NONE, 0, 127},
    {"u32 128", K_U32, {{0x00, 0x80}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0, 128},
    {"u32 255", K_U32, {{0x00, 0xff}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0, 255},
    {"u32 256", K_U32, {{0x01, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 0, 256},
    {"u32 negative 80", K_U32, {{0x80}, 1}, SNMP_MALFORMED, SNMP_BER_R_INT_NEGATIVE, 0, 0},
    {"u32 negative ff 7f", K_U32, {{0xff, 0x7f}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NEGATIVE, 0,
     0},
    {"u32 -1 as ff ff", K_U32, {{0xff, 0xff}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0,
     0},
    {"u32 127 as 00 7f", K_U32, {{0x00, 0x7f}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0,
     0},
    {"u32 2^31-1 (4 bytes)", K_U32, {{0x7f, 0xff, 0xff, 0xff}, 4}, SNMP_OK, SNMP_BER_R_NONE, 0,
     0x7FFFFFFFu},
    {"u32 2^31 (5 bytes with sign 00)", K_U32, {{0x00, 0x80, 0x00, 0x00, 0x00}, 5}, SNMP_OK,
     SNMP_BER_R_NONE, 0, 0x80000000u},
    {"u32 UINT32_MAX (5 bytes, cap)", K_U32, {{0x00, 0xff, 0xff, 0xff, 0xff}, 5}, SNMP_OK,
     SNMP_BER_R_NONE, 0, UINT32_MAX},
    {"u32 2^32 (5 bytes, cap+1)", K_U32, {{0x01, 0x00, 0x00, 0x00, 0x00}, 5}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"u32 2^40-1 (6 bytes)", K_U32, {{0x00, 0xff, 0xff, 0xff, 0xff, 0xff}, 6}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"u32 UINT32_MAX with 00 00", K_U32, {{0x00, 0x00, 0xff, 0xff, 0xff, 0xff}, 6},
     SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL, 0, 0},
    {"u32 negative 4 bytes", K_U32, {{0xff, 0xff, 0xff, 0xfe}, 4}, SNMP_MALFORMED,
     SNMP_BER_R_INT_NOT_MINIMAL, 0, 0},
    {"u32 negative 80 00 00 00", K_U32, {{0x80, 0x00, 0x00, 0x00}, 4}, SNMP_MALFORMED,
     SNMP_BER_R_INT_NEGATIVE, 0, 0},
    /* Counter64: 1..9 bytes */
    {"u64 empty", K_U64, {{0}, 0}, SNMP_MALFORMED, SNMP_BER_R_INT_EMPTY, 0, 0},
    {"u64 0", K_U64, {{0x00}, 1}, SNMP_OK, SNMP_BER_R_NONE, 0, 0},
    {"u64 UINT32_MAX", K_U64, {{0x00, 0xff, 0xff, 0xff, 0xff}, 5}, SNMP_OK, SNMP_BER_R_NONE, 0,
     UINT32_MAX},
    {"u64 2^32", K_U64, {{0x01, 0x00, 0x00, 0x00, 0x00}, 5}, SNMP_OK, SNMP_BER_R_NONE, 0,
     UINT64_C(1) << 32},
    {"u64 2^63-1 (8 bytes)", K_U64, {{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 8}, SNMP_OK,
     SNMP_BER_R_NONE, 0, INT64_MAX},
    {"u64 2^63 (9 bytes with sign 00)", K_U64, {{0x00, 0x80, 0, 0, 0, 0, 0, 0, 0}, 9}, SNMP_OK,
     SNMP_BER_R_NONE, 0, UINT64_C(1) << 63},
    {"u64 UINT64_MAX (9 bytes, cap)", K_U64,
     {{0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9}, SNMP_OK, SNMP_BER_R_NONE, 0,
     UINT64_MAX},
    {"u64 2^64 (9 bytes, cap+1)", K_U64, {{0x01, 0, 0, 0, 0, 0, 0, 0, 0}, 9}, SNMP_MALFORMED,
     SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"u64 10 bytes", K_U64, {{0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 10},
     SNMP_MALFORMED, SNMP_BER_R_INT_TOO_WIDE, 0, 0},
    {"u64 255 as 00 00 ff", K_U64, {{0x00, 0x00, 0xff}, 3}, SNMP_MALFORMED,
     SNMP_BER_R_INT_NOT_MINIMAL, 0, 0},
    {"u64 negative", K_U64, {{0x80, 0, 0, 0, 0, 0, 0, 0}, 8}, SNMP_MALFORMED,
     SNMP_BER_R_INT_NEGATIVE, 0, 0},
};

static void test_integer_decoding_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(int_cases); i++) {
        const int_case *t = &int_cases[i];
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, t->content.b, t->content.n);
        snmp_ber_reader c = snmp_ber_reader_of(in, t->content.n);
        c.reason = SNMP_BER_R_HIGH_TAG;
        snmp_status st;
        int64_t sval = 99;
        uint64_t uval = 99;
        if (t->kind == K_INT32) {
            int32_t v = 99;
            st = snmp_ber_get_int32(&c, &v);
            sval = v;
            uval = 0;
        } else if (t->kind == K_U32) {
            uint32_t v = 99;
            st = snmp_ber_get_u32(&c, &v);
            uval = v;
            sval = 0;
        } else {
            st = snmp_ber_get_u64(&c, &uval);
            sval = 0;
        }
        CHECK_CASE(st == t->st, t->name);
        CHECK_CASE(c.reason == t->why, t->name);
        CHECK_CASE(sval == t->sval, t->name); /* 0 on failure */
        CHECK_CASE(uval == t->uval, t->name);
        CHECK_CASE(c.p == in && c.len == t->content.n, t->name);
        guarded_free(&g);
    }
}

/* Encodes with put and checks every capacity from 0 to need + 1: below need
 * NO_SPACE with *len = need and the guarded buffer untouched; from need on,
 * exactly want[0 .. need). */
typedef snmp_status (*put_fn)(uint8_t *out, size_t cap, const void *arg, size_t *len);

static void check_every_cap(const char *name, put_fn put, const void *arg, const uint8_t *want,
                            size_t need)
{
    for (size_t cap = 0; cap <= need + 1; cap++) {
        guarded_buf g = {0};
        uint8_t *out = guarded_alloc(&g, cap);
        size_t len = 12345;
        snmp_status st = put(out, cap, arg, &len);
        CHECK_CASE(len == need, name);
        if (cap < need) {
            CHECK_CASE(st == SNMP_NO_SPACE, name);
            for (size_t k = 0; k < cap; k++)
                CHECK_CASE(out[k] == 0xA5, name);
        } else {
            CHECK_CASE(st == SNMP_OK, name);
            CHECK_CASE(memcmp(out, want, need) == 0, name);
            if (cap > need)
                CHECK_CASE(out[need] == 0xA5, name);
        }
        guarded_free(&g);
    }
}

/* An encoded element parsed whole, then truncated at every length: always
 * refused, never read past the guarded end. */
static void check_truncations(const char *name, const uint8_t *enc, size_t n)
{
    for (size_t cut = 0; cut <= n; cut++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, enc, cut);
        snmp_ber_reader r = snmp_ber_reader_of(in, cut);
        uint8_t tag;
        snmp_ber_reader c;
        size_t hlen;
        snmp_status st = snmp_ber_read_tlv(&r, &tag, &c, &hlen);
        if (cut == n) {
            CHECK_CASE(st == SNMP_OK && r.len == 0 && hlen + c.len == n, name);
        } else {
            CHECK_CASE(st == SNMP_MALFORMED, name);
            CHECK_CASE(r.reason == SNMP_BER_R_TRUNCATED || r.reason == SNMP_BER_R_LENGTH_PAST_END,
                       name);
        }
        guarded_free(&g);
    }
}

typedef struct int_arg {
    uint8_t tag;
    int32_t s;
    uint64_t u;
} int_arg;

static snmp_status put_int32_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const int_arg *a = arg;
    return snmp_ber_put_int32(out, cap, a->tag, a->s, len);
}

static snmp_status put_uint_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const int_arg *a = arg;
    return snmp_ber_put_uint(out, cap, a->tag, a->u, len);
}

/* encode(decode(bytes)) == bytes for every minimal integer of the table,
 * at every capacity, and every encoding truncated is refused. */
static void test_integer_minimal_inputs_re_encode_exactly(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t i = 0; i < N_ELEMS(int_cases); i++) {
        const int_case *t = &int_cases[i];
        if (t->st != SNMP_OK)
            continue;
        uint8_t want[16];
        want[0] = t->kind == K_INT32 ? SNMP_BER_INTEGER
                  : t->kind == K_U32 ? SNMP_BER_TIMETICKS
                                     : SNMP_BER_COUNTER64;
        want[1] = (uint8_t)t->content.n;
        memcpy(want + 2, t->content.b, t->content.n);
        size_t need = 2 + t->content.n;
        int_arg a = {want[0], (int32_t)t->sval, t->uval};
        if (t->kind == K_INT32) {
            CHECK_CASE(snmp_ber_int32_size(a.s) == need, t->name);
            check_every_cap(t->name, put_int32_fn, &a, want, need);
        } else {
            CHECK_CASE(snmp_ber_uint_size(a.u) == need, t->name);
            check_every_cap(t->name, put_uint_fn, &a, want, need);
        }
        check_truncations(t->name, want, need);
        checked++;
    }
    assert_true(checked >= 20);
}

/* decode(encode(x)) == x over the interesting values of each type. */
static void test_integer_round_trips(void **state)
{
    (void)state;
    static const int32_t svals[] = {0,      -1,        1,         127,       128,      -128,
                                    -129,   255,       256,       32767,     32768,    -32768,
                                    -32769, 8388607,   8388608,   -8388608,  -8388609, INT32_MAX,
                                    INT32_MIN, INT32_MIN + 1, 0x12345678};
    static const uint64_t uvals[] = {0,           1,           127,         128,
                                     255,         256,         65535,       65536,
                                     0x7FFFFFFFu, 0x80000000u, UINT32_MAX,  UINT64_C(1) << 32,
                                     INT64_MAX,   UINT64_C(1) << 63, UINT64_MAX - 1, UINT64_MAX};
    for (size_t i = 0; i < N_ELEMS(svals); i++) {
        uint8_t buf[8];
        size_t len;
        assert_int_equal(snmp_ber_put_int32(buf, sizeof buf, SNMP_BER_INTEGER, svals[i], &len),
                         SNMP_OK);
        assert_int_equal(len, snmp_ber_int32_size(svals[i]));
        snmp_ber_reader r = snmp_ber_reader_of(buf, len);
        int32_t v;
        assert_int_equal(snmp_ber_read_int32(&r, SNMP_BER_INTEGER, &v), SNMP_OK);
        assert_int_equal(v, svals[i]);
        assert_int_equal(r.len, 0);
    }
    for (size_t i = 0; i < N_ELEMS(uvals); i++) {
        uint8_t buf[16];
        size_t len;
        assert_int_equal(snmp_ber_put_uint(buf, sizeof buf, SNMP_BER_COUNTER64, uvals[i], &len),
                         SNMP_OK);
        assert_int_equal(len, snmp_ber_uint_size(uvals[i]));
        snmp_ber_reader c = snmp_ber_reader_of(buf + 2, len - 2);
        uint64_t v64;
        assert_int_equal(snmp_ber_get_u64(&c, &v64), SNMP_OK);
        assert_true(v64 == uvals[i]);
        uint32_t v32;
        snmp_status st = snmp_ber_get_u32(&c, &v32);
        if (uvals[i] <= UINT32_MAX) {
            assert_int_equal(st, SNMP_OK);
            assert_true(v32 == uvals[i]);
        } else {
            assert_int_equal(st, SNMP_MALFORMED);
            assert_int_equal(c.reason, SNMP_BER_R_INT_TOO_WIDE);
            assert_int_equal(v32, 0);
        }
    }
}

static void test_read_int32_failures_leave_reader(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        snmp_status st;
        snmp_ber_reason why;
        int32_t v;
    } cases[] = {
        {"ok, trailing kept", {{0x02, 0x01, 0x05, 0x05, 0x00}, 5}, SNMP_OK, SNMP_BER_R_NONE, 5},
        {"wrong tag", {{0x41, 0x01, 0x05}, 3}, SNMP_MALFORMED, SNMP_BER_R_WRONG_TAG, 0},
        {"past end", {{0x02, 0x02, 0x05}, 3}, SNMP_MALFORMED, SNMP_BER_R_LENGTH_PAST_END, 0},
        {"empty INTEGER", {{0x02, 0x00}, 2}, SNMP_MALFORMED, SNMP_BER_R_INT_EMPTY, 0},
        {"non-minimal", {{0x02, 0x02, 0x00, 0x05}, 4}, SNMP_MALFORMED, SNMP_BER_R_INT_NOT_MINIMAL,
         0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        size_t n = cases[i].in.n;
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, n);
        snmp_ber_reader r = snmp_ber_reader_of(in, n);
        int32_t v = 99;
        snmp_status st = snmp_ber_read_int32(&r, SNMP_BER_INTEGER, &v);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(r.reason == cases[i].why, cases[i].name);
        CHECK_CASE(v == cases[i].v, cases[i].name);
        if (st == SNMP_OK)
            CHECK_CASE(r.p == in + 3 && r.len == 2, cases[i].name);
        else
            CHECK_CASE(r.p == in && r.len == n, cases[i].name);
        guarded_free(&g);
    }
}

/* ---- NULL, exceptions, IpAddress, OCTET STRING ---- */

static void test_empty_and_ipaddress_lengths(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        snmp_status st;
        snmp_ber_reason why;
    } cases[] = {
        {"NULL", {{0x05, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE},
        {"NULL with 1 byte", {{0x05, 0x01, 0x00}, 3}, SNMP_MALFORMED, SNMP_BER_R_NOT_EMPTY},
        {"noSuchObject", {{0x80, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE},
        {"noSuchInstance", {{0x81, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE},
        {"endOfMibView", {{0x82, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE},
        {"endOfMibView with 1 byte", {{0x82, 0x01, 0x00}, 3}, SNMP_MALFORMED,
         SNMP_BER_R_NOT_EMPTY},
        {"NULL 81 00 non-minimal length", {{0x05, 0x81, 0x00}, 3}, SNMP_OK, SNMP_BER_R_NONE},
        {"IpAddress 3 (cap-1)", {{0x40, 0x03, 10, 0, 0}, 5}, SNMP_MALFORMED,
         SNMP_BER_R_IPADDRESS_LEN},
        {"IpAddress 4 (cap)", {{0x40, 0x04, 10, 1, 2, 3}, 6}, SNMP_OK, SNMP_BER_R_NONE},
        {"IpAddress 5 (cap+1)", {{0x40, 0x05, 10, 1, 2, 3, 4}, 7}, SNMP_MALFORMED,
         SNMP_BER_R_IPADDRESS_LEN},
        {"IpAddress 0", {{0x40, 0x00}, 2}, SNMP_MALFORMED, SNMP_BER_R_IPADDRESS_LEN},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        size_t n = cases[i].in.n;
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, n);
        snmp_ber_reader r = snmp_ber_reader_of(in, n);
        uint8_t tag;
        snmp_ber_reader c;
        size_t hlen;
        assert_int_equal(snmp_ber_read_tlv(&r, &tag, &c, &hlen), SNMP_OK);
        snmp_status st;
        if (tag == SNMP_BER_IPADDRESS) {
            uint8_t ip[SNMP_BER_IPADDRESS_LEN] = {9, 9, 9, 9};
            st = snmp_ber_get_ipaddress(&c, ip);
            static const uint8_t want_ip[4] = {10, 1, 2, 3};
            static const uint8_t zero[4] = {0};
            CHECK_CASE(memcmp(ip, st == SNMP_OK ? want_ip : zero, 4) == 0, cases[i].name);
        } else {
            st = snmp_ber_get_empty(&c);
        }
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(c.reason == cases[i].why, cases[i].name);
        guarded_free(&g);
    }
}

typedef struct octets_arg {
    uint8_t tag;
    const uint8_t *p;
    size_t n;
} octets_arg;

static snmp_status put_octets_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const octets_arg *a = arg;
    return snmp_ber_put_octets(out, cap, a->tag, a->p, a->n, len);
}

static snmp_status put_empty_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const octets_arg *a = arg;
    return snmp_ber_put_empty(out, cap, a->tag, len);
}

static void test_octets_and_empty_encoders(void **state)
{
    (void)state;
    static uint8_t payload[300];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (uint8_t)(i * 7 + 1);
    static const size_t lens[] = {0, 1, 4, 127, 128, 255, 256, 300};
    for (size_t i = 0; i < N_ELEMS(lens); i++) {
        size_t n = lens[i];
        uint8_t want[310];
        size_t h = n < 128 ? 2 : n < 256 ? 3 : 4;
        want[0] = SNMP_BER_OCTET_STRING;
        if (h == 2) {
            want[1] = (uint8_t)n;
        } else if (h == 3) {
            want[1] = 0x81;
            want[2] = (uint8_t)n;
        } else {
            want[1] = 0x82;
            want[2] = (uint8_t)(n >> 8);
            want[3] = (uint8_t)n;
        }
        memcpy(want + h, payload, n);
        char name[32];
        snprintf(name, sizeof name, "octets %zu", n);
        octets_arg a = {SNMP_BER_OCTET_STRING, payload, n};
        check_every_cap(name, put_octets_fn, &a, want, h + n);
        check_truncations(name, want, h + n);
        /* and back: the content view is the payload, in place */
        snmp_ber_reader r = snmp_ber_reader_of(want, h + n);
        snmp_ber_reader c;
        assert_int_equal(snmp_ber_read_expect(&r, SNMP_BER_OCTET_STRING, &c), SNMP_OK);
        assert_true(c.p == want + h && c.len == n);
    }
    static const uint8_t tags[] = {SNMP_BER_NULL, SNMP_BER_NO_SUCH_OBJECT,
                                   SNMP_BER_NO_SUCH_INSTANCE, SNMP_BER_END_OF_MIB_VIEW};
    for (size_t i = 0; i < N_ELEMS(tags); i++) {
        uint8_t want[2] = {tags[i], 0x00};
        octets_arg a = {tags[i], NULL, 0};
        check_every_cap("empty", put_empty_fn, &a, want, 2);
    }
    uint8_t ip[4] = {192, 0, 2, 1};
    uint8_t want_ip[6] = {SNMP_BER_IPADDRESS, 4, 192, 0, 2, 1};
    octets_arg a = {SNMP_BER_IPADDRESS, ip, 4};
    check_every_cap("ipaddress", put_octets_fn, &a, want_ip, 6);
}

static void test_octets_above_four_length_octets_refused(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t len = 99;
    /* Refused before the bytes or the room are looked at. */
    assert_int_equal(snmp_ber_put_octets(out, sizeof out, SNMP_BER_OCTET_STRING, NULL,
                                         SNMP_BER_MAX_CONTENT_LEN + 1, &len),
                     SNMP_LIMIT);
    assert_int_equal(len, 0);
    len = 99;
    assert_int_equal(snmp_ber_put_header(out, sizeof out, SNMP_BER_SEQUENCE,
                                         SNMP_BER_MAX_CONTENT_LEN + 1, &len),
                     SNMP_LIMIT);
    assert_int_equal(len, 0);
}

/* ---- headers (encoder) ---- */

typedef struct header_arg {
    uint8_t tag;
    size_t clen;
} header_arg;

static snmp_status put_header_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const header_arg *a = arg;
    return snmp_ber_put_header(out, cap, a->tag, a->clen, len);
}

static void test_header_encoder_shortest_form(void **state)
{
    (void)state;
    static const struct {
        size_t clen;
        ber_bytes want;
    } cases[] = {
        {0, {{0x30, 0x00}, 2}},
        {127, {{0x30, 0x7f}, 2}},
        {128, {{0x30, 0x81, 0x80}, 3}},
        {255, {{0x30, 0x81, 0xff}, 3}},
        {256, {{0x30, 0x82, 0x01, 0x00}, 4}},
        {65535, {{0x30, 0x82, 0xff, 0xff}, 4}},
        {65536, {{0x30, 0x83, 0x01, 0x00, 0x00}, 5}},
        {0xFFFFFF, {{0x30, 0x83, 0xff, 0xff, 0xff}, 5}},
        {0x1000000, {{0x30, 0x84, 0x01, 0x00, 0x00, 0x00}, 6}},
        {0xFFFFFFFFu, {{0x30, 0x84, 0xff, 0xff, 0xff, 0xff}, 6}},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char name[48];
        snprintf(name, sizeof name, "header %zu", cases[i].clen);
        header_arg a = {SNMP_BER_SEQUENCE, cases[i].clen};
        CHECK_CASE(snmp_ber_header_size(cases[i].clen) == cases[i].want.n, name);
        check_every_cap(name, put_header_fn, &a, cases[i].want.b, cases[i].want.n);
        /* decoded back by peek_header */
        snmp_ber_reader r = snmp_ber_reader_of(cases[i].want.b, cases[i].want.n);
        uint8_t tag;
        size_t hlen;
        size_t clen;
        CHECK_CASE(snmp_ber_peek_header(&r, &tag, &hlen, &clen) == SNMP_OK, name);
        CHECK_CASE(tag == SNMP_BER_SEQUENCE && hlen == cases[i].want.n && clen == cases[i].clen,
                   name);
    }
    assert_int_equal(snmp_ber_header_size(SNMP_BER_MAX_CONTENT_LEN + 1), 7); /* not writable */
}

/* ---- OBJECT IDENTIFIER ---- */

typedef struct oid_case {
    const char *name;
    ber_bytes content;
    snmp_status st;
    snmp_ber_reason why;
    size_t count;
    uint32_t arcs[12];
} oid_case;

static const oid_case oid_cases[] = {
    {"sysName.0", {{0x2b, 6, 1, 2, 1, 1, 5, 0}, 8}, SNMP_OK, SNMP_BER_R_NONE, 9,
     {1, 3, 6, 1, 2, 1, 1, 5, 0}},
    {"0.0", {{0x00}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {0, 0}},
    {"0.39", {{0x27}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {0, 39}},
    {"1.0", {{0x28}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {1, 0}},
    {"1.39", {{0x4f}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {1, 39}},
    {"2.0", {{0x50}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {2, 0}},
    {"2.47", {{0x7f}, 1}, SNMP_OK, SNMP_BER_R_NONE, 2, {2, 47}},
    {"2.48 (two-byte first subid)", {{0x81, 0x00}, 2}, SNMP_OK, SNMP_BER_R_NONE, 2, {2, 48}},
    {"2.999", {{0x88, 0x37}, 2}, SNMP_OK, SNMP_BER_R_NONE, 2, {2, 999}},
    {"arcs 127, 128, 16383, 16384", {{0x2b, 0x7f, 0x81, 0x00, 0xff, 0x7f, 0x81, 0x80, 0x00}, 9},
     SNMP_OK, SNMP_BER_R_NONE, 6, {1, 3, 127, 128, 16383, 16384}},
    {"arc 2^32-1 (cap)", {{0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f}, 6}, SNMP_OK, SNMP_BER_R_NONE, 3,
     {1, 3, UINT32_MAX}},
    {"arc 2^32 (cap+1)", {{0x2b, 0x90, 0x80, 0x80, 0x80, 0x00}, 6}, SNMP_MALFORMED,
     SNMP_BER_R_OID_ARC_TOO_BIG, 0, {0}},
    {"arc of 10 bytes (no overflow)", {{0x2b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0x7f}, 11},
     SNMP_MALFORMED, SNMP_BER_R_OID_ARC_TOO_BIG, 0, {0}},
    {"first subid 80+2^32-1: 2.(2^32-1) (cap)", {{0x90, 0x80, 0x80, 0x80, 0x4f}, 5}, SNMP_OK,
     SNMP_BER_R_NONE, 2, {2, UINT32_MAX}},
    {"first subid 80+2^32: 2.2^32 (cap+1)", {{0x90, 0x80, 0x80, 0x80, 0x50}, 5}, SNMP_MALFORMED,
     SNMP_BER_R_OID_ARC_TOO_BIG, 0, {0}},
    {"empty", {{0}, 0}, SNMP_MALFORMED, SNMP_BER_R_OID_EMPTY, 0, {0}},
    {"first subid 80 01", {{0x80, 0x01}, 2}, SNMP_MALFORMED, SNMP_BER_R_OID_NOT_MINIMAL, 0, {0}},
    {"later subid 80 01", {{0x2b, 0x80, 0x01}, 3}, SNMP_MALFORMED, SNMP_BER_R_OID_NOT_MINIMAL, 0,
     {0}},
    {"later subid 80 alone", {{0x2b, 0x06, 0x80}, 3}, SNMP_MALFORMED,
     SNMP_BER_R_OID_NOT_MINIMAL, 0, {0}},
    {"81 80 00: minimal (0x4000)", {{0x2b, 0x81, 0x80, 0x00}, 4}, SNMP_OK, SNMP_BER_R_NONE, 3,
     {1, 3, 16384}},
    {"first subid truncated", {{0x86}, 1}, SNMP_MALFORMED, SNMP_BER_R_OID_TRUNCATED, 0, {0}},
    {"last subid truncated", {{0x2b, 0x06, 0x81}, 3}, SNMP_MALFORMED, SNMP_BER_R_OID_TRUNCATED, 0,
     {0}},
    {"last subid 2 bytes truncated", {{0x2b, 0x81, 0x81}, 3}, SNMP_MALFORMED,
     SNMP_BER_R_OID_TRUNCATED, 0, {0}},
};

typedef struct oid_arg {
    const uint32_t *arcs;
    size_t count;
} oid_arg;

static snmp_status put_oid_fn(uint8_t *out, size_t cap, const void *arg, size_t *len)
{
    const oid_arg *a = arg;
    return snmp_ber_put_oid(out, cap, a->arcs, a->count, len);
}

static void test_oid_decoding_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(oid_cases); i++) {
        const oid_case *t = &oid_cases[i];
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, t->content.b, t->content.n);
        snmp_ber_reader c = snmp_ber_reader_of(in, t->content.n);
        uint32_t arcs[SNMP_BER_MAX_ARCS];
        size_t count = 99;
        snmp_status st = snmp_ber_get_oid(&c, arcs, &count);
        CHECK_CASE(st == t->st, t->name);
        CHECK_CASE(c.reason == t->why, t->name);
        CHECK_CASE(count == t->count, t->name);
        if (st == SNMP_OK)
            CHECK_CASE(memcmp(arcs, t->arcs, count * sizeof arcs[0]) == 0, t->name);
        guarded_free(&g);
    }
}

/* encode(decode(bytes)) == bytes for every accepted OID, at every cap; and
 * every encoding truncated at every length is refused. */
static void test_oid_minimal_inputs_re_encode_exactly(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(oid_cases); i++) {
        const oid_case *t = &oid_cases[i];
        if (t->st != SNMP_OK)
            continue;
        uint8_t want[32];
        want[0] = SNMP_BER_OID;
        want[1] = (uint8_t)t->content.n;
        memcpy(want + 2, t->content.b, t->content.n);
        size_t need = 2 + t->content.n;
        size_t size = 0;
        CHECK_CASE(snmp_ber_oid_size(t->arcs, t->count, &size) == SNMP_OK && size == need,
                   t->name);
        oid_arg a = {t->arcs, t->count};
        check_every_cap(t->name, put_oid_fn, &a, want, need);
        check_truncations(t->name, want, need);
    }
}

/* 127 subidentifiers are 128 arcs (cap), 128 are 129 (cap+1); the encoder
 * agrees, and a long OID gets a long-form length. */
static void test_oid_arc_count_limit(void **state)
{
    (void)state;
    for (size_t subids = 126; subids <= 128; subids++) {
        uint8_t content[200];
        content[0] = 0x2b;
        uint32_t want[SNMP_BER_MAX_ARCS + 1] = {1, 3};
        size_t n = 1;
        for (size_t k = 1; k < subids; k++) {
            /* alternate one- and two-byte arcs: 5 and 300 (82 2c) */
            if (k % 2) {
                content[n++] = 5;
                want[k + 1] = 5;
            } else {
                content[n++] = 0x82;
                content[n++] = 0x2c;
                want[k + 1] = 300;
            }
        }
        size_t arcs_n = subids + 1;
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, content, n);
        snmp_ber_reader c = snmp_ber_reader_of(in, n);
        uint32_t arcs[SNMP_BER_MAX_ARCS];
        size_t count = 99;
        snmp_status st = snmp_ber_get_oid(&c, arcs, &count);
        if (arcs_n <= SNMP_BER_MAX_ARCS) {
            assert_int_equal(st, SNMP_OK);
            assert_int_equal(count, arcs_n);
            assert_memory_equal(arcs, want, count * sizeof arcs[0]);
            uint8_t out[256];
            size_t len;
            assert_int_equal(snmp_ber_put_oid(out, sizeof out, arcs, count, &len), SNMP_OK);
            assert_int_equal(len, 3 + n); /* 06 81 nn: content above 127 bytes */
            assert_int_equal(out[1], 0x81);
            assert_memory_equal(out + 3, content, n);
        } else {
            assert_int_equal(st, SNMP_MALFORMED);
            assert_int_equal(c.reason, SNMP_BER_R_OID_TOO_MANY_ARCS);
            assert_int_equal(count, 0);
            size_t size = 99;
            assert_int_equal(snmp_ber_oid_size(want, arcs_n, &size), SNMP_LIMIT);
            assert_int_equal(size, 0);
        }
        guarded_free(&g);
    }
}

static void test_oid_encoder_refuses_unencodable(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        uint32_t arcs[3];
        size_t count;
        snmp_status st;
    } cases[] = {
        {"no arcs", {0}, 0, SNMP_MALFORMED},
        {"one arc", {1}, 1, SNMP_MALFORMED},
        {"first arc 3", {3, 0}, 2, SNMP_MALFORMED},
        {"0.40", {0, 40}, 2, SNMP_MALFORMED},
        {"1.40", {1, 40}, 2, SNMP_MALFORMED},
        {"1.39", {1, 39}, 2, SNMP_OK},
        {"2.40", {2, 40}, 2, SNMP_OK},
        {"2.(2^32-1)", {2, UINT32_MAX}, 2, SNMP_OK},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t out[16];
        size_t len = 99;
        size_t size = 99;
        snmp_status st = snmp_ber_put_oid(out, sizeof out, cases[i].arcs, cases[i].count, &len);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(snmp_ber_oid_size(cases[i].arcs, cases[i].count, &size) == cases[i].st,
                   cases[i].name);
        CHECK_CASE(st == SNMP_OK ? (len == size && len > 2) : (len == 0 && size == 0),
                   cases[i].name);
    }
    uint32_t many[SNMP_BER_MAX_ARCS + 1] = {1, 3};
    uint8_t out[512];
    size_t len = 99;
    assert_int_equal(snmp_ber_put_oid(out, sizeof out, many, SNMP_BER_MAX_ARCS + 1, &len),
                     SNMP_LIMIT);
    assert_int_equal(len, 0);
    assert_int_equal(snmp_ber_put_oid(out, sizeof out, many, SNMP_BER_MAX_ARCS, &len), SNMP_OK);
    assert_int_equal(len, 2 + 127);
}

/* decode(encode(arcs)) == arcs over random OIDs of every arc size. */
static void test_oid_random_round_trips(void **state)
{
    (void)state;
    uint32_t seed = 0x0BE5EED5u;
    for (int round = 0; round < 2000; round++) {
        uint32_t arcs[SNMP_BER_MAX_ARCS];
        size_t count = 2 + xorshift32(&seed) % (SNMP_BER_MAX_ARCS - 1);
        arcs[0] = xorshift32(&seed) % 3;
        for (size_t k = 1; k < count; k++) {
            uint32_t bits = xorshift32(&seed) % 33;
            arcs[k] = bits == 32 ? xorshift32(&seed) : xorshift32(&seed) & ((1u << bits) - 1);
        }
        if (arcs[0] < 2)
            arcs[1] %= 40;
        uint8_t out[SNMP_BER_MAX_ARCS * 5 + 8];
        size_t len;
        assert_int_equal(snmp_ber_put_oid(out, sizeof out, arcs, count, &len), SNMP_OK);
        snmp_ber_reader r = snmp_ber_reader_of(out, len);
        uint32_t back[SNMP_BER_MAX_ARCS];
        size_t back_n;
        assert_int_equal(snmp_ber_read_oid(&r, back, &back_n), SNMP_OK);
        assert_int_equal(r.len, 0);
        assert_int_equal(back_n, count);
        assert_memory_equal(back, arcs, count * sizeof arcs[0]);
    }
}

static void test_read_oid_failures_leave_reader(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ber_bytes in;
        snmp_status st;
        snmp_ber_reason why;
    } cases[] = {
        {"ok", {{0x06, 0x02, 0x2b, 0x06}, 4}, SNMP_OK, SNMP_BER_R_NONE},
        {"OCTET STRING", {{0x04, 0x02, 0x2b, 0x06}, 4}, SNMP_MALFORMED, SNMP_BER_R_WRONG_TAG},
        {"constructed OID", {{0x26, 0x02, 0x2b, 0x06}, 4}, SNMP_MALFORMED, SNMP_BER_R_WRONG_TAG},
        {"empty OID", {{0x06, 0x00}, 2}, SNMP_MALFORMED, SNMP_BER_R_OID_EMPTY},
        {"past end", {{0x06, 0x03, 0x2b, 0x06}, 4}, SNMP_MALFORMED, SNMP_BER_R_LENGTH_PAST_END},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        size_t n = cases[i].in.n;
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, n);
        snmp_ber_reader r = snmp_ber_reader_of(in, n);
        uint32_t arcs[SNMP_BER_MAX_ARCS];
        size_t count = 99;
        snmp_status st = snmp_ber_read_oid(&r, arcs, &count);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(r.reason == cases[i].why, cases[i].name);
        if (st == SNMP_OK)
            CHECK_CASE(count == 3 && arcs[2] == 6 && r.len == 0, cases[i].name);
        else
            CHECK_CASE(count == 0 && r.p == in && r.len == n, cases[i].name);
        guarded_free(&g);
    }
}

/* ---- a real message ---- */

/*
 * net-snmp's `snmpget -v2c -c public localhost 1.3.6.1.2.1.1.5.0`, written
 * out from RFC 3416/1157 and X.690 (net-snmp sends a 4-byte request-id; this
 * one is 0x1a2b3c4d):
 *   30 29                       Message, 41 bytes
 *     02 01 01                  version 1 (v2c)
 *     04 06 70 75 62 6c 69 63   community "public"
 *     a0 1c                     GetRequest-PDU, 28 bytes
 *       02 04 1a 2b 3c 4d       request-id
 *       02 01 00                error-status 0
 *       02 01 00                error-index 0
 *       30 0e                   variable-bindings, 14 bytes
 *         30 0c                 VarBind, 12 bytes
 *           06 08 2b 06 01 02 01 01 05 00   1.3.6.1.2.1.1.5.0
 *           05 00               NULL
 */
static const uint8_t snmpget_sysname[] = {
    0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69, 0x63, 0xa0, 0x1c,
    0x02, 0x04, 0x1a, 0x2b, 0x3c, 0x4d, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30,
    0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x05, 0x00};

typedef struct get_request {
    int32_t version;
    snmp_ber_reader community;
    uint8_t pdu;
    int32_t request_id;
    int32_t error_status;
    int32_t error_index;
    uint32_t name[SNMP_BER_MAX_ARCS];
    size_t name_len;
    uint8_t value_tag;
} get_request;

/* Walks a one-varbind message the way the SNMP handler will: each level
 * read with the expected tag and consumed whole. */
static snmp_status walk_message(const uint8_t *bytes, size_t len, get_request *m)
{
    snmp_ber_reader in = snmp_ber_reader_of(bytes, len);
    snmp_ber_reader msg;
    snmp_ber_reader pdu;
    snmp_ber_reader list;
    snmp_ber_reader vb;
    snmp_ber_reader value;
    size_t hlen;
    if (snmp_ber_read_expect(&in, SNMP_BER_SEQUENCE, &msg) != SNMP_OK || in.len != 0)
        return SNMP_MALFORMED;
    if (snmp_ber_read_int32(&msg, SNMP_BER_INTEGER, &m->version) != SNMP_OK ||
        snmp_ber_read_expect(&msg, SNMP_BER_OCTET_STRING, &m->community) != SNMP_OK ||
        snmp_ber_read_tlv(&msg, &m->pdu, &pdu, &hlen) != SNMP_OK || msg.len != 0)
        return SNMP_MALFORMED;
    if (snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &m->request_id) != SNMP_OK ||
        snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &m->error_status) != SNMP_OK ||
        snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &m->error_index) != SNMP_OK ||
        snmp_ber_read_expect(&pdu, SNMP_BER_SEQUENCE, &list) != SNMP_OK || pdu.len != 0)
        return SNMP_MALFORMED;
    if (snmp_ber_read_expect(&list, SNMP_BER_SEQUENCE, &vb) != SNMP_OK || list.len != 0)
        return SNMP_MALFORMED;
    if (snmp_ber_read_oid(&vb, m->name, &m->name_len) != SNMP_OK ||
        snmp_ber_read_tlv(&vb, &m->value_tag, &value, &hlen) != SNMP_OK || vb.len != 0 ||
        snmp_ber_get_empty(&value) != SNMP_OK)
        return SNMP_MALFORMED;
    return SNMP_OK;
}

static void test_snmpget_request_walked(void **state)
{
    (void)state;
    size_t n = sizeof snmpget_sysname;
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, snmpget_sysname, n);
    get_request m;
    memset(&m, 0, sizeof m);
    assert_int_equal(walk_message(in, n, &m), SNMP_OK);
    assert_int_equal(m.version, 1);
    assert_int_equal(m.community.len, 6);
    assert_memory_equal(m.community.p, "public", 6);
    assert_true(m.community.p == in + 7); /* a view, not a copy */
    assert_int_equal(m.pdu, SNMP_BER_GET_REQUEST);
    assert_int_equal(m.request_id, 0x1a2b3c4d);
    assert_int_equal(m.error_status, 0);
    assert_int_equal(m.error_index, 0);
    static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    assert_int_equal(m.name_len, 9);
    assert_memory_equal(m.name, sysname, sizeof sysname);
    assert_int_equal(m.value_tag, SNMP_BER_NULL);
    guarded_free(&g);

    /* Every truncation is refused, never read past its end. */
    for (size_t cut = 0; cut < n; cut++) {
        in = guarded_copy(&g, snmpget_sysname, cut);
        CHECK_CASE(walk_message(in, cut, &m) == SNMP_MALFORMED, "truncated snmpget");
        guarded_free(&g);
    }
    /* A byte left over after the Message is refused too. */
    uint8_t longer[sizeof snmpget_sysname + 1];
    memcpy(longer, snmpget_sysname, n);
    longer[n] = 0x00;
    in = guarded_copy(&g, longer, n + 1);
    assert_int_equal(walk_message(in, n + 1, &m), SNMP_MALFORMED);
    guarded_free(&g);
}

/* The same message built with the encoder, sizes first: byte for byte. */
static void test_snmpget_request_encoded(void **state)
{
    (void)state;
    static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    size_t oid_size;
    assert_int_equal(snmp_ber_oid_size(sysname, 9, &oid_size), SNMP_OK);
    size_t vb_content = oid_size + 2;
    size_t vb = snmp_ber_header_size(vb_content) + vb_content;
    size_t list = snmp_ber_header_size(vb) + vb;
    size_t pdu_content = snmp_ber_int32_size(0x1a2b3c4d) + 2 * snmp_ber_int32_size(0) + list;
    size_t pdu = snmp_ber_header_size(pdu_content) + pdu_content;
    size_t msg_content = snmp_ber_int32_size(1) + snmp_ber_header_size(6) + 6 + pdu;
    size_t total = snmp_ber_header_size(msg_content) + msg_content;
    assert_int_equal(total, sizeof snmpget_sysname);

    guarded_buf g = {0};
    uint8_t *out = guarded_alloc(&g, total);
    size_t off = 0;
    size_t len;
#define PUT(call)                                                                              \
    do {                                                                                       \
        assert_int_equal((call), SNMP_OK);                                                     \
        off += len;                                                                            \
    } while (0)
    PUT(snmp_ber_put_header(out + off, total - off, SNMP_BER_SEQUENCE, msg_content, &len));
    PUT(snmp_ber_put_int32(out + off, total - off, SNMP_BER_INTEGER, 1, &len));
    PUT(snmp_ber_put_octets(out + off, total - off, SNMP_BER_OCTET_STRING,
                            (const uint8_t *)"public", 6, &len));
    PUT(snmp_ber_put_header(out + off, total - off, SNMP_BER_GET_REQUEST, pdu_content, &len));
    PUT(snmp_ber_put_int32(out + off, total - off, SNMP_BER_INTEGER, 0x1a2b3c4d, &len));
    PUT(snmp_ber_put_int32(out + off, total - off, SNMP_BER_INTEGER, 0, &len));
    PUT(snmp_ber_put_int32(out + off, total - off, SNMP_BER_INTEGER, 0, &len));
    PUT(snmp_ber_put_header(out + off, total - off, SNMP_BER_SEQUENCE, vb, &len));
    PUT(snmp_ber_put_header(out + off, total - off, SNMP_BER_SEQUENCE, vb_content, &len));
    PUT(snmp_ber_put_oid(out + off, total - off, sysname, 9, &len));
    PUT(snmp_ber_put_empty(out + off, total - off, SNMP_BER_NULL, &len));
#undef PUT
    assert_int_equal(off, total);
    assert_memory_equal(out, snmpget_sysname, total);
    guarded_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peek_header_table),
        cmocka_unit_test(test_read_tlv_table),
        cmocka_unit_test(test_read_expect_refuses_other_tags),
        cmocka_unit_test(test_integer_decoding_table),
        cmocka_unit_test(test_integer_minimal_inputs_re_encode_exactly),
        cmocka_unit_test(test_integer_round_trips),
        cmocka_unit_test(test_read_int32_failures_leave_reader),
        cmocka_unit_test(test_empty_and_ipaddress_lengths),
        cmocka_unit_test(test_octets_and_empty_encoders),
        cmocka_unit_test(test_octets_above_four_length_octets_refused),
        cmocka_unit_test(test_header_encoder_shortest_form),
        cmocka_unit_test(test_oid_decoding_table),
        cmocka_unit_test(test_oid_minimal_inputs_re_encode_exactly),
        cmocka_unit_test(test_oid_arc_count_limit),
        cmocka_unit_test(test_oid_encoder_refuses_unencodable),
        cmocka_unit_test(test_oid_random_round_trips),
        cmocka_unit_test(test_read_oid_failures_leave_reader),
        cmocka_unit_test(test_snmpget_request_walked),
        cmocka_unit_test(test_snmpget_request_encoded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
