/* Stream framer (PROTOCOL.md s.5). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snmp/framer.h"
#include "snmp/message.h"
#include "test_util.h"

enum { MAX_MSGS = 64, STREAM_CAP = 300000 };

/* A stream of pipelined messages and where each one is. */
typedef struct stream {
    uint8_t bytes[STREAM_CAP];
    size_t len;
    size_t offset[MAX_MSGS];
    size_t size[MAX_MSGS];
    size_t count;
} stream;

static stream s_main;

static void stream_add(stream *s, const uint8_t *msg, size_t len)
{
    assert_true(s->count < MAX_MSGS);
    assert_true(len <= STREAM_CAP - s->len);
    memcpy(s->bytes + s->len, msg, len);
    s->offset[s->count] = s->len;
    s->size[s->count] = len;
    s->count++;
    s->len += len;
}

static void stream_add_golden(stream *s, const char *name)
{
    uint8_t buf[64];
    size_t n = load_golden(name, buf, sizeof buf);
    stream_add(s, buf, n);
}

/* A valid SetRequest of exactly total bytes (total >= 23). */
static void stream_add_set(stream *s, size_t total, uint8_t fill)
{
    static uint8_t buf[SNMP_MAX_MESSAGE_SIZE];
    static uint8_t value[SNMP_MAX_MESSAGE_SIZE];
    memset(value, fill, sizeof value);
    msg_builder b;
    mb_init(&b, buf, sizeof buf);
    mb_header(&b, (uint32_t)total, SNMP_PDU_SET_REQUEST);
    mb_u8(&b, 1);
    mb_binding(&b, OID_SYS_NAME, SNMP_TYPE_STRING, value, total - 23);
    assert_int_equal(mb_finish(&b), total);
    stream_add(s, buf, total);
}

/* A frame whose size field is right but whose body is arbitrary (the framer
   only frames; it does not decode). */
static void stream_add_raw_frame(stream *s, size_t total)
{
    uint8_t buf[64];
    assert_true(total >= 4 && total <= sizeof buf);
    memset(buf, 0x5A, total);
    buf[0] = 0;
    buf[1] = 0;
    buf[2] = (uint8_t)(total >> 8);
    buf[3] = (uint8_t)total;
    stream_add(s, buf, total);
}

static void build_main_stream(void)
{
    stream *s = &s_main;
    memset(s, 0, sizeof *s);
    stream_add_golden(s, GOLDEN_GET_REQUEST_1234);
    stream_add_golden(s, GOLDEN_SET_REQUEST_1);
    stream_add_set(s, SNMP_MAX_MESSAGE_SIZE, 'A');
    stream_add_golden(s, GOLDEN_GET_RESPONSE_1234);
    stream_add_raw_frame(s, 9);
    stream_add_golden(s, GOLDEN_GET_REQUEST_EMPTY);
    stream_add_golden(s, GOLDEN_NO_SUCH_OID_7);
    stream_add_set(s, SNMP_MAX_MESSAGE_SIZE - 1, 'B');
    stream_add_raw_frame(s, 10);
    stream_add_set(s, SNMP_MAX_MESSAGE_SIZE, 'C');
    stream_add_golden(s, GOLDEN_GET_REQUEST_1234);
    stream_add_set(s, 1000, 'D');
    stream_add_golden(s, GOLDEN_NO_SUCH_OID_7);
}

static int setup_stream(void **state)
{
    (void)state;
    build_main_stream();
    return 0;
}

/* A framer over guarded storage: a write at storage[cap] crashes. */
typedef struct rig {
    snmp_framer framer;
    guarded_buf storage;
    size_t next_msg;         /* index of the next expected message */
    bool exact_reads;        /* the reader never takes beyond the message */
} rig;

static rig r;

static void rig_init(rig *x, size_t cap)
{
    memset(x, 0, sizeof *x);
    uint8_t *st = guarded_alloc(&x->storage, cap);
    snmp_framer_init(&x->framer, st, cap);
}

static void rig_free(rig *x)
{
    guarded_free(&x->storage);
}

/* Takes every whole message out and checks it against the stream. Returns how many. */
static size_t drain(rig *x, const stream *s, const char *mode)
{
    size_t got = 0;
    for (;;) {
        const uint8_t *m = (const uint8_t *)"junk";
        size_t m_len = 999;
        size_t held = snmp_framer_buffered(&x->framer);
        snmp_status st = snmp_framer_next(&x->framer, &m, &m_len);
        if (st == SNMP_INCOMPLETE) {
            CHECK_CASE(m == NULL && m_len == 0, mode);
            return got;
        }
        CHECK_CASE(st == SNMP_OK, mode);
        CHECK_CASE(x->next_msg < s->count, mode);
        size_t k = x->next_msg++;
        CHECK_CASE(m_len == s->size[k], mode);
        CHECK_CASE(memcmp(m, s->bytes + s->offset[k], m_len) == 0, mode);
        /* The view lies inside the storage. */
        CHECK_CASE(m >= x->storage.data && m_len <= x->framer.cap &&
                       (size_t)(m - x->storage.data) <= x->framer.cap - m_len,
                   mode);
        if (x->exact_reads) {
            /* A reader guided by wanted() holds exactly this message. */
            CHECK_CASE(held == m_len, mode);
            CHECK_CASE(snmp_framer_buffered(&x->framer) == 0, mode);
        }
        CHECK_CASE(snmp_framer_buffered(&x->framer) <= x->framer.cap, mode);
        got++;
    }
}

/* Feeds s with chunk sizes from next_chunk (0 = whole rest). */
typedef size_t (*chunker)(uint32_t *rng, size_t remaining);

static void run_feed(const stream *s, chunker next_chunk, uint32_t seed, bool guard_chunks,
                     const char *mode)
{
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    uint32_t rng = seed;
    size_t off = 0;
    while (off < s->len) {
        size_t want = next_chunk(&rng, s->len - off);
        if (want == 0 || want > s->len - off) {
            want = s->len - off;
        }
        /* Feed this chunk until all of it is taken. */
        guarded_buf g = {0};
        const uint8_t *chunk = guard_chunks ? guarded_copy(&g, s->bytes + off, want)
                                            : s->bytes + off;
        size_t done = 0;
        while (done < want) {
            size_t taken = snmp_framer_feed(&r.framer, chunk + done, want - done);
            CHECK_CASE(taken <= want - done, mode);
            CHECK_CASE(snmp_framer_buffered(&r.framer) <= SNMP_MAX_MESSAGE_SIZE, mode);
            done += taken;
            size_t got = drain(&r, s, mode);
            if (taken == 0 && got == 0) {
                print_error("%s: framer stuck at stream offset %zu\n", mode, off + done);
                fail();
            }
        }
        guarded_free(&g);
        off += want;
    }
    CHECK_CASE(r.next_msg == s->count, mode);
    CHECK_CASE(snmp_framer_buffered(&r.framer) == 0, mode);
    CHECK_CASE(snmp_framer_wanted(&r.framer) == 4, mode);
    rig_free(&r);
}

static size_t chunk_whole(uint32_t *rng, size_t remaining)
{
    (void)rng;
    return remaining;
}

static size_t chunk_one(uint32_t *rng, size_t remaining)
{
    (void)rng;
    (void)remaining;
    return 1;
}

static size_t chunk_small(uint32_t *rng, size_t remaining)
{
    (void)remaining;
    return 1 + xorshift32(rng) % 13;
}

static size_t chunk_medium(uint32_t *rng, size_t remaining)
{
    (void)remaining;
    return 1 + xorshift32(rng) % 4099;
}

static size_t chunk_large(uint32_t *rng, size_t remaining)
{
    (void)remaining;
    return 1 + xorshift32(rng) % 100000;
}

/* ---- same stream, many splits, identical messages ---- */

static void test_feed_whole_stream(void **state)
{
    (void)state;
    run_feed(&s_main, chunk_whole, 1, false, "whole");
}

static void test_feed_byte_by_byte(void **state)
{
    (void)state;
    run_feed(&s_main, chunk_one, 1, false, "byte by byte");
}

static void test_feed_pseudo_random_splits(void **state)
{
    (void)state;
    static const uint32_t seeds[] = {1u, 2u, 0xDEADBEEFu, 12345u, 0x9E3779B9u};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char mode[64];
        snprintf(mode, sizeof mode, "small splits seed %u", seeds[i]);
        run_feed(&s_main, chunk_small, seeds[i], false, mode);
        snprintf(mode, sizeof mode, "medium splits seed %u", seeds[i]);
        run_feed(&s_main, chunk_medium, seeds[i], true, mode);
        snprintf(mode, sizeof mode, "large splits seed %u", seeds[i]);
        run_feed(&s_main, chunk_large, seeds[i], true, mode);
    }
}

/* space()+commit(); with exact, reads never go past the current message. */
static void run_space_commit(const stream *s, uint32_t seed, size_t max_chunk, bool exact,
                             const char *mode)
{
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    r.exact_reads = exact;
    uint32_t rng = seed;
    size_t off = 0;
    while (off < s->len) {
        size_t space = 12345;
        uint8_t *dst = snmp_framer_space(&r.framer, &space);
        CHECK_CASE(space <= SNMP_MAX_MESSAGE_SIZE - snmp_framer_buffered(&r.framer), mode);
        size_t n = max_chunk == 0 ? space : 1 + xorshift32(&rng) % max_chunk;
        if (n > space) {
            n = space;
        }
        if (exact) {
            size_t wanted = snmp_framer_wanted(&r.framer);
            CHECK_CASE(wanted > 0, mode);
            if (n > wanted) {
                n = wanted;
            }
        }
        if (n > s->len - off) {
            n = s->len - off;
        }
        if (n > 0) {
            CHECK_CASE(dst != NULL, mode);
            CHECK_CASE(dst >= r.storage.data &&
                           (size_t)(dst - r.storage.data) <= r.framer.cap - n,
                       mode);
            memcpy(dst, s->bytes + off, n);
        }
        snmp_framer_commit(&r.framer, n);
        off += n;
        size_t got = drain(&r, s, mode);
        if (n == 0 && got == 0) {
            print_error("%s: framer stuck at stream offset %zu\n", mode, off);
            fail();
        }
    }
    CHECK_CASE(r.next_msg == s->count, mode);
    CHECK_CASE(snmp_framer_buffered(&r.framer) == 0, mode);
    rig_free(&r);
}

static void test_space_commit_gives_the_same_messages(void **state)
{
    (void)state;
    run_space_commit(&s_main, 7, 0, false, "space+commit, all the space");
    run_space_commit(&s_main, 7, 1, false, "space+commit, byte by byte");
    run_space_commit(&s_main, 7, 17, false, "space+commit, small");
    run_space_commit(&s_main, 99, 5000, false, "space+commit, medium");
    run_space_commit(&s_main, 3, 70000, false, "space+commit, large");
}

static void test_reader_guided_by_wanted_never_reads_ahead(void **state)
{
    (void)state;
    run_space_commit(&s_main, 5, 0, true, "wanted, all");
    run_space_commit(&s_main, 5, 1, true, "wanted, byte by byte");
    run_space_commit(&s_main, 11, 3, true, "wanted, small");
    run_space_commit(&s_main, 13, 3000, true, "wanted, medium");
}

/* ---- bad sizes ---- */

static void expect_failed_for_good(rig *x, const char *name)
{
    for (int i = 0; i < 3; i++) {
        const uint8_t *m = (const uint8_t *)"junk";
        size_t m_len = 999;
        CHECK_CASE(snmp_framer_next(&x->framer, &m, &m_len) == SNMP_MALFORMED, name);
        CHECK_CASE(m == NULL && m_len == 0, name);
        CHECK_CASE(snmp_framer_wanted(&x->framer) == 0, name);
        size_t space = 12345;
        (void)snmp_framer_space(&x->framer, &space);
        CHECK_CASE(space == 0, name);
        /* More bytes change nothing. */
        static const uint8_t more[16] = {0, 0, 0, 10, 0, 0, 0, 0, 0xA0, 0};
        (void)snmp_framer_feed(&x->framer, more, sizeof more);
    }
}

static const uint32_t bad_sizes[] = {0, 1, 4, 8, 65537, 65538, 0x00100000u, 0x7FFFFFFFu,
                                     0x80000000u, 0xFFFFFFFFu};

static void test_bad_size_refused_on_fourth_byte(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "size %u", bad_sizes[i]);
        uint8_t hdr[4];
        hdr[0] = (uint8_t)(bad_sizes[i] >> 24);
        hdr[1] = (uint8_t)(bad_sizes[i] >> 16);
        hdr[2] = (uint8_t)(bad_sizes[i] >> 8);
        hdr[3] = (uint8_t)bad_sizes[i];

        /* Through feed, one byte at a time. */
        rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
        for (size_t k = 0; k < 3; k++) {
            CHECK_CASE(snmp_framer_feed(&r.framer, hdr + k, 1) == 1, name);
            const uint8_t *m;
            size_t m_len;
            CHECK_CASE(snmp_framer_next(&r.framer, &m, &m_len) == SNMP_INCOMPLETE, name);
            CHECK_CASE(snmp_framer_wanted(&r.framer) == 3 - k, name);
        }
        CHECK_CASE(snmp_framer_feed(&r.framer, hdr + 3, 1) == 1, name);
        CHECK_CASE(snmp_framer_wanted(&r.framer) == 0, name);
        expect_failed_for_good(&r, name);
        rig_free(&r);

        /* Through space+commit, three bytes then the fourth. */
        rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
        size_t space;
        uint8_t *dst = snmp_framer_space(&r.framer, &space);
        CHECK_CASE(space >= 4, name);
        memcpy(dst, hdr, 3);
        snmp_framer_commit(&r.framer, 3);
        const uint8_t *m;
        size_t m_len;
        CHECK_CASE(snmp_framer_next(&r.framer, &m, &m_len) == SNMP_INCOMPLETE, name);
        dst = snmp_framer_space(&r.framer, &space);
        CHECK_CASE(space >= 1, name);
        dst[0] = hdr[3];
        snmp_framer_commit(&r.framer, 1);
        expect_failed_for_good(&r, name);
        rig_free(&r);

        /* All four in one feed, with body bytes after them. */
        rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
        uint8_t chunk[32] = {0};
        memcpy(chunk, hdr, 4);
        (void)snmp_framer_feed(&r.framer, chunk, sizeof chunk);
        expect_failed_for_good(&r, name);
        rig_free(&r);
    }
}

static void test_bad_size_after_good_message(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = load_golden(GOLDEN_GET_REQUEST_1234, buf, sizeof buf);
    static const uint8_t bad[4] = {0, 0, 0, 8};
    memcpy(buf + n, bad, 4);
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_framer_feed(&r.framer, buf, n + 4), n + 4);
    const uint8_t *m;
    size_t m_len;
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(m_len, n);
    assert_memory_equal(m, buf, n);
    expect_failed_for_good(&r, "size 8 after a good message");
    rig_free(&r);
}

static void test_sizes_9_and_65536_accepted(void **state)
{
    (void)state;
    static const size_t sizes[] = {9, 10, 65535, 65536};
    static uint8_t frame[SNMP_MAX_MESSAGE_SIZE];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "size %zu", sizes[i]);
        size_t size = sizes[i];
        memset(frame, 0x33, size);
        frame[0] = (uint8_t)(size >> 24);
        frame[1] = (uint8_t)(size >> 16);
        frame[2] = (uint8_t)(size >> 8);
        frame[3] = (uint8_t)size;
        rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
        CHECK_CASE(snmp_framer_feed(&r.framer, frame, 4) == 4, name);
        const uint8_t *m;
        size_t m_len;
        CHECK_CASE(snmp_framer_next(&r.framer, &m, &m_len) == SNMP_INCOMPLETE, name);
        CHECK_CASE(snmp_framer_wanted(&r.framer) == size - 4, name);
        CHECK_CASE(snmp_framer_feed(&r.framer, frame + 4, size - 5) == size - 5, name);
        CHECK_CASE(snmp_framer_next(&r.framer, &m, &m_len) == SNMP_INCOMPLETE, name);
        CHECK_CASE(snmp_framer_wanted(&r.framer) == 1, name);
        CHECK_CASE(snmp_framer_feed(&r.framer, frame + size - 1, 1) == 1, name);
        CHECK_CASE(snmp_framer_wanted(&r.framer) == 0, name);
        CHECK_CASE(snmp_framer_next(&r.framer, &m, &m_len) == SNMP_OK, name);
        CHECK_CASE(m_len == size && memcmp(m, frame, size) == 0, name);
        CHECK_CASE(snmp_framer_buffered(&r.framer) == 0, name);
        rig_free(&r);
    }
}

/* ---- wanted() and buffered() ---- */

static void test_wanted_counts_down_size_then_body(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = load_golden(GOLDEN_SET_REQUEST_1, buf, sizeof buf);
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    for (int round = 0; round < 2; round++) {
        /* 4, 3, 2, 1, then total - 4 down to 1. */
        for (size_t k = 0; k < n; k++) {
            size_t want = k < 4 ? 4 - k : n - k;
            size_t got = snmp_framer_wanted(&r.framer);
            if (got != want) {
                print_error("round %d after %zu bytes: wanted %zu, expected %zu\n", round, k, got,
                            want);
                fail();
            }
            assert_int_equal(snmp_framer_feed(&r.framer, buf + k, 1), 1);
        }
        assert_int_equal(snmp_framer_wanted(&r.framer), 0);
        const uint8_t *m;
        size_t m_len;
        assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
        assert_int_equal(m_len, n);
        assert_int_equal(snmp_framer_wanted(&r.framer), 4);
    }
    rig_free(&r);
}

static void test_buffered_nonzero_mid_message_zero_between(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = load_golden(GOLDEN_GET_REQUEST_1234, buf, sizeof buf);
    memcpy(buf + n, buf, n); /* two pipelined copies */
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_framer_buffered(&r.framer), 0);
    /* Mid-message: every cut from 1 to n-1 leaves bytes held. */
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(snmp_framer_feed(&r.framer, buf + k, 1), 1);
        assert_int_equal(snmp_framer_buffered(&r.framer), k + 1);
    }
    const uint8_t *m;
    size_t m_len;
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(snmp_framer_buffered(&r.framer), 0);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_INCOMPLETE);
    assert_int_equal(snmp_framer_buffered(&r.framer), 0);

    /* Two at once: held until each is handed out. */
    assert_int_equal(snmp_framer_feed(&r.framer, buf, 2 * n), 2 * n);
    assert_int_equal(snmp_framer_buffered(&r.framer), 2 * n);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(snmp_framer_buffered(&r.framer), n);
    assert_int_equal(snmp_framer_wanted(&r.framer), 0);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(snmp_framer_buffered(&r.framer), 0);

    /* One message and a half: the half is what an end of stream would strand. */
    assert_int_equal(snmp_framer_feed(&r.framer, buf, n + 3), n + 3);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_INCOMPLETE);
    assert_int_equal(snmp_framer_buffered(&r.framer), 3);
    assert_int_equal(snmp_framer_wanted(&r.framer), 1);
    rig_free(&r);
}

/* ---- capacity ---- */

static void test_never_holds_more_than_cap(void **state)
{
    (void)state;
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    /* One call offering the whole ~200 KB stream. */
    size_t taken = snmp_framer_feed(&r.framer, s_main.bytes, s_main.len);
    assert_true(taken <= SNMP_MAX_MESSAGE_SIZE);
    assert_true(snmp_framer_buffered(&r.framer) <= SNMP_MAX_MESSAGE_SIZE);
    size_t space = 1;
    (void)snmp_framer_space(&r.framer, &space);
    assert_true(space <= SNMP_MAX_MESSAGE_SIZE - snmp_framer_buffered(&r.framer));
    rig_free(&r);

    /* A full 65536-byte message fills the storage exactly; then no room. */
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    size_t big = s_main.offset[2];
    assert_int_equal(s_main.size[2], SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_framer_feed(&r.framer, s_main.bytes + big, SNMP_MAX_MESSAGE_SIZE + 100),
                     SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_framer_buffered(&r.framer), SNMP_MAX_MESSAGE_SIZE);
    (void)snmp_framer_space(&r.framer, &space);
    assert_int_equal(space, 0);
    assert_int_equal(snmp_framer_feed(&r.framer, s_main.bytes, 10), 0);
    const uint8_t *m;
    size_t m_len;
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_int_equal(m_len, SNMP_MAX_MESSAGE_SIZE);
    assert_memory_equal(m, s_main.bytes + big, SNMP_MAX_MESSAGE_SIZE);
    /* Handed out: the whole storage is free again. */
    (void)snmp_framer_space(&r.framer, &space);
    assert_int_equal(space, SNMP_MAX_MESSAGE_SIZE);
    rig_free(&r);
}

static void test_max_message_after_a_partial_consume(void **state)
{
    (void)state;
    /* A small message, then a 65536-byte one starting mid-storage: the held
       bytes must move to make room. */
    stream *s = &s_main;
    size_t start = s->offset[1]; /* golden SET (30), then the 65536 SET */
    assert_int_equal(s->size[2], SNMP_MAX_MESSAGE_SIZE);
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    r.next_msg = 1;
    size_t first = 30 + 100;
    assert_int_equal(snmp_framer_feed(&r.framer, s->bytes + start, first), first);
    assert_int_equal(drain(&r, s, "partial"), 1);
    size_t off = start + first;
    size_t end = s->offset[3];
    while (off < end) {
        size_t taken = snmp_framer_feed(&r.framer, s->bytes + off, end - off);
        off += taken;
        size_t got = drain(&r, s, "partial");
        assert_true(taken > 0 || got > 0);
    }
    assert_int_equal(r.next_msg, 3);
    rig_free(&r);
}

/* ---- storage ---- */

static void test_set_storage_refused_while_bytes_held(void **state)
{
    (void)state;
    static uint8_t other[SNMP_MAX_MESSAGE_SIZE];
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    uint8_t buf[64];
    size_t n = load_golden(GOLDEN_GET_REQUEST_1234, buf, sizeof buf);

    assert_int_equal(snmp_framer_feed(&r.framer, buf, 2), 2);
    snmp_framer before = r.framer;
    assert_false(snmp_framer_set_storage(&r.framer, other, sizeof other));
    assert_memory_equal(&before, &r.framer, sizeof before);

    /* A whole message held but not handed out: still refused. */
    assert_int_equal(snmp_framer_feed(&r.framer, buf + 2, n - 2), n - 2);
    assert_false(snmp_framer_set_storage(&r.framer, other, sizeof other));
    assert_ptr_equal(r.framer.storage, r.storage.data);

    const uint8_t *m;
    size_t m_len;
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_memory_equal(m, buf, n);
    /* Empty now: allowed, and the new storage is used. */
    assert_true(snmp_framer_set_storage(&r.framer, other, sizeof other));
    assert_int_equal(snmp_framer_feed(&r.framer, buf, n), n);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    assert_true(m >= other && m < other + sizeof other);
    assert_memory_equal(m, buf, n);

    /* Detach (NULL) while empty, then reattach. */
    assert_true(snmp_framer_set_storage(&r.framer, NULL, 0));
    assert_int_equal(snmp_framer_feed(&r.framer, buf, n), 0);
    assert_true(snmp_framer_set_storage(&r.framer, r.storage.data, SNMP_MAX_MESSAGE_SIZE));
    assert_int_equal(snmp_framer_feed(&r.framer, buf, n), n);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_OK);
    rig_free(&r);
}

/* The agent's way: small storage first, moved to a large one once the size
 * field asks for more than fits, mid-message, with a partial next message
 * held behind a whole one. */
static void test_move_storage_grows_mid_message(void **state)
{
    (void)state;
    enum { SMALL = 64 };
    guarded_buf gs = {0};
    guarded_buf gl = {0};
    uint8_t *small = guarded_alloc(&gs, SMALL);
    uint8_t *large = guarded_alloc(&gl, SNMP_MAX_MESSAGE_SIZE);
    static stream s;
    memset(&s, 0, sizeof s);
    stream_add_golden(&s, GOLDEN_GET_REQUEST_1234);
    stream_add_set(&s, 1000, 'x');

    snmp_framer f;
    snmp_framer_init(&f, NULL, 0);
    /* Nothing held, old storage NULL: moving attaches. */
    assert_true(snmp_framer_move_storage(&f, small, SMALL));
    size_t taken = snmp_framer_feed(&f, s.bytes, s.len);
    assert_int_equal(taken, SMALL);
    const uint8_t *m;
    size_t m_len;
    assert_int_equal(snmp_framer_next(&f, &m, &m_len), SNMP_OK);
    assert_int_equal(m_len, s.size[0]);
    assert_int_equal(snmp_framer_next(&f, &m, &m_len), SNMP_INCOMPLETE);
    size_t held = snmp_framer_buffered(&f);
    assert_int_equal(held, SMALL - s.size[0]);
    /* The second message is larger than the small storage. */
    assert_true(held + snmp_framer_wanted(&f) > SMALL);

    /* Refused: too small for what is held, or NULL; nothing changes. */
    snmp_framer before = f;
    assert_false(snmp_framer_move_storage(&f, large, held - 1));
    assert_false(snmp_framer_move_storage(&f, NULL, SNMP_MAX_MESSAGE_SIZE));
    assert_memory_equal(&before, &f, sizeof before);

    /* The large storage takes what is held; the message completes there. */
    assert_true(snmp_framer_move_storage(&f, large, SNMP_MAX_MESSAGE_SIZE));
    assert_int_equal(snmp_framer_buffered(&f), held);
    memset(small, 0, SMALL);   /* the old storage is no longer read */
    assert_int_equal(snmp_framer_feed(&f, s.bytes + taken, s.len - taken), s.len - taken);
    assert_int_equal(snmp_framer_next(&f, &m, &m_len), SNMP_OK);
    assert_int_equal(m_len, s.size[1]);
    assert_memory_equal(m, s.bytes + s.offset[1], s.size[1]);
    assert_int_equal(snmp_framer_buffered(&f), 0);
    guarded_free(&gs);
    guarded_free(&gl);
}

static void test_null_storage_offers_no_space(void **state)
{
    (void)state;
    snmp_framer f;
    snmp_framer_init(&f, NULL, 0);
    size_t space = 12345;
    (void)snmp_framer_space(&f, &space);
    assert_int_equal(space, 0);
    static const uint8_t some[4] = {0, 0, 0, 10};
    assert_int_equal(snmp_framer_feed(&f, some, sizeof some), 0);
    assert_int_equal(snmp_framer_buffered(&f), 0);
    assert_int_equal(snmp_framer_wanted(&f), 4);
    const uint8_t *m = (const uint8_t *)"junk";
    size_t m_len = 5;
    assert_int_equal(snmp_framer_next(&f, &m, &m_len), SNMP_INCOMPLETE);
    assert_null(m);
    assert_int_equal(m_len, 0);
    snmp_framer_commit(&f, 0);
    assert_int_equal(snmp_framer_buffered(&f), 0);

    /* Attach lazily, then it works. */
    guarded_buf g = {0};
    uint8_t *st = guarded_alloc(&g, SNMP_MAX_MESSAGE_SIZE);
    assert_true(snmp_framer_set_storage(&f, st, SNMP_MAX_MESSAGE_SIZE));
    uint8_t buf[64];
    size_t n = load_golden(GOLDEN_GET_REQUEST_EMPTY, buf, sizeof buf);
    assert_int_equal(snmp_framer_feed(&f, buf, n), n);
    assert_int_equal(snmp_framer_next(&f, &m, &m_len), SNMP_OK);
    assert_int_equal(m_len, n);
    guarded_free(&g);
}

static void test_next_on_fresh_framer_is_incomplete(void **state)
{
    (void)state;
    rig_init(&r, SNMP_MAX_MESSAGE_SIZE);
    const uint8_t *m = (const uint8_t *)"junk";
    size_t m_len = 5;
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_INCOMPLETE);
    assert_null(m);
    assert_int_equal(m_len, 0);
    assert_int_equal(snmp_framer_buffered(&r.framer), 0);
    assert_int_equal(snmp_framer_wanted(&r.framer), 4);
    assert_int_equal(snmp_framer_feed(&r.framer, s_main.bytes, 0), 0);
    assert_int_equal(snmp_framer_next(&r.framer, &m, &m_len), SNMP_INCOMPLETE);
    rig_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feed_whole_stream),
        cmocka_unit_test(test_feed_byte_by_byte),
        cmocka_unit_test(test_feed_pseudo_random_splits),
        cmocka_unit_test(test_space_commit_gives_the_same_messages),
        cmocka_unit_test(test_reader_guided_by_wanted_never_reads_ahead),
        cmocka_unit_test(test_bad_size_refused_on_fourth_byte),
        cmocka_unit_test(test_bad_size_after_good_message),
        cmocka_unit_test(test_sizes_9_and_65536_accepted),
        cmocka_unit_test(test_wanted_counts_down_size_then_body),
        cmocka_unit_test(test_buffered_nonzero_mid_message_zero_between),
        cmocka_unit_test(test_never_holds_more_than_cap),
        cmocka_unit_test(test_max_message_after_a_partial_consume),
        cmocka_unit_test(test_set_storage_refused_while_bytes_held),
        cmocka_unit_test(test_move_storage_grows_mid_message),
        cmocka_unit_test(test_null_storage_offers_no_space),
        cmocka_unit_test(test_next_on_fresh_framer_is_incomplete),
    };
    return cmocka_run_group_tests(tests, setup_stream, NULL);
}
