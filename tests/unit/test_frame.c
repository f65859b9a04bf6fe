/*
 * SNMP over TCP framing (frame.h, SNMP.md s.1 and s.2): the frame size at
 * every boundary (the largest message at cap-1, cap and cap+1, length forms,
 * refusals as soon as the header is in), every prefix of a frame at the end
 * of a guarded page, and the framing over the seed framer's storage fed
 * whole, byte by byte and in pieces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "snmp/frame.h"
#include "test_util.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { TCP_MAX = 65535 };

typedef struct frame_bytes {
    uint8_t b[8];
    size_t n;
} frame_bytes;

static void test_frame_size_table(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        frame_bytes in;
        size_t max;
        snmp_status st;
        snmp_frame_reason why;
        size_t size;
    } cases[] = {
        {"empty", {{0}, 0}, TCP_MAX, SNMP_INCOMPLETE, SNMP_FRAME_R_NONE, 0},
        {"seed first byte", {{0x00}, 1}, TCP_MAX, SNMP_MALFORMED, SNMP_FRAME_R_NOT_SEQUENCE, 0},
        {"SET OF", {{0x31, 0x00}, 2}, TCP_MAX, SNMP_MALFORMED, SNMP_FRAME_R_NOT_SEQUENCE, 0},
        {"primitive 0x10", {{0x10, 0x00}, 2}, TCP_MAX, SNMP_MALFORMED, SNMP_FRAME_R_NOT_SEQUENCE,
         0},
        {"GetRequest tag first", {{0xa0, 0x00}, 2}, TCP_MAX, SNMP_MALFORMED,
         SNMP_FRAME_R_NOT_SEQUENCE, 0},
        {"tag only", {{0x30}, 1}, TCP_MAX, SNMP_INCOMPLETE, SNMP_FRAME_R_NONE, 0},
        {"empty sequence", {{0x30, 0x00}, 2}, TCP_MAX, SNMP_OK, SNMP_FRAME_R_NONE, 2},
        {"short form 127", {{0x30, 0x7f}, 2}, TCP_MAX, SNMP_OK, SNMP_FRAME_R_NONE, 129},
        {"non-minimal 81 05", {{0x30, 0x81, 0x05}, 3}, TCP_MAX, SNMP_OK, SNMP_FRAME_R_NONE, 8},
        {"non-minimal 84 00 00 00 05", {{0x30, 0x84, 0, 0, 0, 5}, 6}, TCP_MAX, SNMP_OK,
         SNMP_FRAME_R_NONE, 11},
        {"81 without its octet", {{0x30, 0x81}, 2}, TCP_MAX, SNMP_INCOMPLETE, SNMP_FRAME_R_NONE,
         0},
        {"82 with one octet", {{0x30, 0x82, 0xff}, 3}, TCP_MAX, SNMP_INCOMPLETE,
         SNMP_FRAME_R_NONE, 0},
        {"indefinite", {{0x30, 0x80}, 2}, TCP_MAX, SNMP_MALFORMED, SNMP_FRAME_R_BAD_LENGTH, 0},
        {"5 length octets", {{0x30, 0x85, 0, 0, 0, 0}, 6}, TCP_MAX, SNMP_MALFORMED,
         SNMP_FRAME_R_BAD_LENGTH, 0},
        {"65534 (cap-1)", {{0x30, 0x82, 0xff, 0xfa}, 4}, TCP_MAX, SNMP_OK, SNMP_FRAME_R_NONE,
         65534},
        {"65535 (cap)", {{0x30, 0x82, 0xff, 0xfb}, 4}, TCP_MAX, SNMP_OK, SNMP_FRAME_R_NONE, 65535},
        {"65536 (cap+1)", {{0x30, 0x82, 0xff, 0xfc}, 4}, TCP_MAX, SNMP_MALFORMED,
         SNMP_FRAME_R_TOO_LONG, 0},
        {"65535 in 84 form (cap)", {{0x30, 0x84, 0, 0, 0xff, 0xf9}, 6}, TCP_MAX, SNMP_OK,
         SNMP_FRAME_R_NONE, 65535},
        {"65536 in 84 form (cap+1)", {{0x30, 0x84, 0, 0, 0xff, 0xfa}, 6}, TCP_MAX,
         SNMP_MALFORMED, SNMP_FRAME_R_TOO_LONG, 0},
        {"2^32-1 content", {{0x30, 0x84, 0xff, 0xff, 0xff, 0xff}, 6}, TCP_MAX, SNMP_MALFORMED,
         SNMP_FRAME_R_TOO_LONG, 0},
        {"header alone at max", {{0x30, 0x00}, 2}, 2, SNMP_OK, SNMP_FRAME_R_NONE, 2},
        {"header above max", {{0x30, 0x00}, 2}, 1, SNMP_MALFORMED, SNMP_FRAME_R_TOO_LONG, 0},
        {"UDP max (cap)", {{0x30, 0x82, 0xff, 0xdf}, 4}, 65507, SNMP_OK, SNMP_FRAME_R_NONE,
         65507},
        {"UDP max (cap+1)", {{0x30, 0x82, 0xff, 0xe0}, 4}, 65507, SNMP_MALFORMED,
         SNMP_FRAME_R_TOO_LONG, 0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, cases[i].in.b, cases[i].in.n);
        size_t size = 99;
        snmp_frame_reason why = SNMP_FRAME_R_TOO_LONG;   /* stale: must be overwritten */
        snmp_status st = snmp_ber_frame_size(in, cases[i].in.n, cases[i].max, &size, &why);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        CHECK_CASE(why == cases[i].why, cases[i].name);
        CHECK_CASE(size == cases[i].size, cases[i].name);
        guarded_free(&g);
    }
}

/* Every prefix of a header sits at the end of a guarded page: incomplete
 * until the last length octet is in, never a read past the end. */
static void test_frame_size_every_prefix(void **state)
{
    (void)state;
    static const uint8_t header[] = {0x30, 0x84, 0x00, 0x00, 0x01, 0x00};
    for (size_t n = 0; n <= sizeof header; n++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, header, n);
        size_t size;
        snmp_frame_reason why;
        snmp_status st = snmp_ber_frame_size(in, n, TCP_MAX, &size, &why);
        if (n < sizeof header) {
            assert_int_equal(st, SNMP_INCOMPLETE);
            assert_int_equal(size, 0);
        } else {
            assert_int_equal(st, SNMP_OK);
            assert_int_equal(size, 6 + 256);
        }
        assert_int_equal(why, SNMP_FRAME_R_NONE);
        guarded_free(&g);
    }
}

/* ---- over the framer's storage ---- */

/* Three frames: 30 03 02 01 05 (5 bytes), 30 81 02 05 00 (5), 30 00 (2). */
static const uint8_t stream[] = {0x30, 0x03, 0x02, 0x01, 0x05, 0x30, 0x81, 0x02,
                                 0x05, 0x00, 0x30, 0x00};
static const size_t frame_ends[] = {5, 10, 12};

/* Feeds the stream in chunks of `chunk` bytes and checks the frames that come out. */
static void feed_stream_in_chunks(size_t chunk)
{
    uint8_t storage[64];
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    size_t fed = 0;
    size_t got = 0;
    size_t at = 0;
    while (got < N_ELEMS(frame_ends)) {
        const uint8_t *msg;
        size_t len;
        snmp_frame_reason why;
        snmp_status st = snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why);
        assert_int_equal(why, SNMP_FRAME_R_NONE);
        if (st == SNMP_OK) {
            assert_int_equal(len, frame_ends[got] - at);
            assert_memory_equal(msg, stream + at, len);
            at = frame_ends[got++];
            continue;
        }
        assert_int_equal(st, SNMP_INCOMPLETE);
        assert_null(msg);
        assert_int_equal(len, 0);
        assert_true(snmp_ber_framer_wanted(&f, TCP_MAX) > 0);
        assert_true(fed < sizeof stream);
        size_t n = sizeof stream - fed < chunk ? sizeof stream - fed : chunk;
        assert_int_equal(snmp_framer_feed(&f, stream + fed, n), n);
        fed += n;
    }
    assert_int_equal(snmp_framer_buffered(&f), 0);
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 1);
}

static void test_framer_whole_and_byte_by_byte(void **state)
{
    (void)state;
    for (size_t chunk = 1; chunk <= sizeof stream; chunk++)
        feed_stream_in_chunks(chunk);
}

static void test_framer_wanted(void **state)
{
    (void)state;
    uint8_t storage[16];
    snmp_framer f;
    snmp_framer_init(&f, NULL, 0);
    /* No storage yet, nothing held: one byte wanted, nothing handed out. */
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 1);
    const uint8_t *msg;
    size_t len;
    snmp_frame_reason why;
    assert_int_equal(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why), SNMP_INCOMPLETE);
    assert_true(snmp_framer_set_storage(&f, storage, sizeof storage));

    static const uint8_t part[] = {0x30, 0x82, 0x01};
    assert_int_equal(snmp_framer_feed(&f, part, 1), 1);
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 1);
    assert_int_equal(snmp_framer_feed(&f, part + 1, 2), 2);
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 1);   /* 82 needs two octets */
    static const uint8_t last = 0x00;
    assert_int_equal(snmp_framer_feed(&f, &last, 1), 1);
    /* 30 82 01 00: 4 + 256 bytes, 4 held. */
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 256);
    /* A smaller largest message refuses the same header. */
    assert_int_equal(snmp_ber_framer_wanted(&f, 100), 0);

    snmp_framer_init(&f, storage, sizeof storage);
    static const uint8_t whole[] = {0x30, 0x01, 0x05};
    assert_int_equal(snmp_framer_feed(&f, whole, sizeof whole), sizeof whole);
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 0);   /* a whole frame is held */
    static const uint8_t more[] = {0x30, 0x02, 0x05};
    assert_int_equal(snmp_framer_feed(&f, more, sizeof more), sizeof more);
    assert_int_equal(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why), SNMP_OK);
    assert_int_equal(len, 3);
    assert_int_equal(snmp_ber_framer_wanted(&f, TCP_MAX), 1);   /* the next frame lacks one */
}

static void test_framer_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        frame_bytes in;
        snmp_frame_reason why;
    } cases[] = {
        {"seed message", {{0x00, 0x00, 0x00, 0x14}, 4}, SNMP_FRAME_R_NOT_SEQUENCE},
        {"text", {{'G', 'E', 'T', ' '}, 4}, SNMP_FRAME_R_NOT_SEQUENCE},
        {"indefinite", {{0x30, 0x80, 0x02}, 3}, SNMP_FRAME_R_BAD_LENGTH},
        {"too long", {{0x30, 0x83, 0x01, 0x00, 0x00}, 5}, SNMP_FRAME_R_TOO_LONG},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t storage[16];
        snmp_framer f;
        snmp_framer_init(&f, storage, sizeof storage);
        /* A good frame first: it is handed out before the refusal. */
        static const uint8_t good[] = {0x30, 0x00};
        assert_int_equal(snmp_framer_feed(&f, good, sizeof good), sizeof good);
        assert_int_equal(snmp_framer_feed(&f, cases[i].in.b, cases[i].in.n), cases[i].in.n);
        const uint8_t *msg;
        size_t len;
        snmp_frame_reason why;
        CHECK_CASE(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why) == SNMP_OK, cases[i].name);
        CHECK_CASE(len == 2, cases[i].name);
        CHECK_CASE(snmp_ber_framer_wanted(&f, TCP_MAX) == 0, cases[i].name);
        CHECK_CASE(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why) == SNMP_MALFORMED,
                   cases[i].name);
        CHECK_CASE(why == cases[i].why, cases[i].name);
        CHECK_CASE(msg == NULL && len == 0, cases[i].name);
        /* Failed for good: the reason was given once, no room is offered. */
        CHECK_CASE(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why) == SNMP_MALFORMED,
                   cases[i].name);
        CHECK_CASE(why == SNMP_FRAME_R_NONE, cases[i].name);
        CHECK_CASE(snmp_ber_framer_wanted(&f, TCP_MAX) == 0, cases[i].name);
        size_t space;
        (void)snmp_framer_space(&f, &space);
        CHECK_CASE(space == 0, cases[i].name);
    }
}

/* A maximum-size frame moved from small to large storage mid-frame, as the
 * agent does, comes out whole. */
static void test_framer_largest_frame_moved(void **state)
{
    (void)state;
    static uint8_t frame[TCP_MAX];
    memset(frame, 0x5a, sizeof frame);
    frame[0] = 0x30;
    frame[1] = 0x82;
    frame[2] = 0xff;
    frame[3] = 0xfb;
    uint8_t small[1024];
    static uint8_t large[65536];
    snmp_framer f;
    snmp_framer_init(&f, small, sizeof small);
    assert_int_equal(snmp_framer_feed(&f, frame, 10), 10);
    size_t needed = snmp_framer_buffered(&f) + snmp_ber_framer_wanted(&f, TCP_MAX);
    assert_int_equal(needed, TCP_MAX);
    assert_true(snmp_framer_move_storage(&f, large, sizeof large));
    assert_int_equal(snmp_framer_feed(&f, frame + 10, sizeof frame - 10), sizeof frame - 10);
    const uint8_t *msg;
    size_t len;
    snmp_frame_reason why;
    assert_int_equal(snmp_ber_framer_next(&f, TCP_MAX, &msg, &len, &why), SNMP_OK);
    assert_int_equal(len, TCP_MAX);
    assert_memory_equal(msg, frame, TCP_MAX);
}

static void test_reason_text(void **state)
{
    (void)state;
    assert_string_equal(snmp_frame_reason_text(SNMP_FRAME_R_NONE), "not refused");
    assert_string_equal(snmp_frame_reason_text(SNMP_FRAME_R_NOT_SEQUENCE),
                        "frame does not start with a BER SEQUENCE (0x30)");
    assert_string_equal(snmp_frame_reason_text(SNMP_FRAME_R_BAD_LENGTH),
                        "frame length indefinite or over 4 octets");
    assert_string_equal(snmp_frame_reason_text(SNMP_FRAME_R_TOO_LONG),
                        "frame longer than the largest message");
    assert_string_equal(snmp_frame_reason_text((snmp_frame_reason)99), "unknown reason");
}

/* SNMP.md s.1: only 0x30 picks SNMP; every other first byte is the seed
 * protocol (whose framer refuses any but 0x00 as an oversized size field). */
static void test_tcp_protocol_of_first_byte(void **state)
{
    (void)state;
    for (unsigned b = 0; b < 256; b++) {
        snmp_tcp_protocol want = b == 0x30 ? SNMP_TCP_SNMP : SNMP_TCP_SEED;
        assert_int_equal(snmp_tcp_protocol_of((uint8_t)b), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_size_table),
        cmocka_unit_test(test_frame_size_every_prefix),
        cmocka_unit_test(test_framer_whole_and_byte_by_byte),
        cmocka_unit_test(test_framer_wanted),
        cmocka_unit_test(test_framer_refusals),
        cmocka_unit_test(test_framer_largest_frame_moved),
        cmocka_unit_test(test_reason_text),
        cmocka_unit_test(test_tcp_protocol_of_first_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
