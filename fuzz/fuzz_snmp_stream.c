/*
 * Target snmp_stream: one TCP connection as the agent sees it, against a
 * fresh default MIB per run. Input: 4 bytes of chunking seed, the stream.
 * The stream's first byte picks its protocol for good
 * (snmp_tcp_protocol_of, SNMP.md s.1): 0x30 is SNMP, cut into frames by
 * their BER headers (snmp/frame.h, over the seed framer's storage) and each
 * frame answered by the responder; any other byte is the seed protocol, cut
 * by its size fields and answered by the seed handler.
 *
 * Properties:
 *   - fed whole, fed in the chunks the seed chooses, and read straight into
 *     the framer's space (zero copy), the stream gives the same frames, the
 *     same answers byte for byte (SETs included, so the same MIB states) and
 *     the same end: a frame refused by the framer or a message refused by
 *     the responder or handler ends the connection, as it does in the agent;
 *   - frames come out back to back in stream order; an SNMP one is a
 *     SEQUENCE of at most 65,535 bytes, with no reason when handed out and
 *     a reason when refused;
 *   - every answer is at most 65,535 bytes (SNMP) or 65,536 (seed).
 */
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_stream.h"
#include "fuzz_target.h"
#include "snmp/frame.h"
#include "snmp/handler.h"
#include "snmp/responder.h"

enum { MAX_STREAM = 1 << 20 };

typedef struct outcome {
    size_t frames;       /* handed out by the framer */
    size_t consumed;     /* stream bytes handed out as frames */
    uint64_t answers;    /* FNV-1a over every (status, answer) in order */
    bool ended;          /* the connection would be closed */
} outcome;

static const snmp_community communities[] = {
    {(const uint8_t *)"public", 6, false},
    {(const uint8_t *)"private", 7, true},
};

static uint8_t storage[SNMP_MAX_MESSAGE_SIZE];
static uint8_t answer[SNMP_MAX_MESSAGE_SIZE];
static fuzz_mib fm;
static snmp_responder responder;
static snmp_responder_scratch *scratch;
static snmp_handler_scratch seed_scratch;
static outcome reference, other;

FUZZ_NO_COVERAGE static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* A connection's start: a fresh MIB and responder. */
static void start(outcome *out)
{
    memset(out, 0, sizeof *out);
    out->answers = 1469598103934665603u;
    fuzz_fresh_mib(&fm);
    fuzz_check(snmp_responder_init(&responder, &fm.mib, communities, 2) == SNMP_OK);
}

/* What a drain compares the frames with, and records them in. */
typedef struct run {
    const uint8_t *stream;
    outcome *out;
} run;

/* Records a handed-out frame and its answer; false once the connection has
 * ended (the message was refused). */
static bool answered(outcome *out, size_t len, snmp_status st, size_t answer_len)
{
    out->frames++;
    out->consumed += len;
    uint8_t verdict = (uint8_t)st;
    out->answers = fnv(fnv(out->answers, &verdict, 1), answer, answer_len);
    if (st != SNMP_OK)
        out->ended = true;
    return st == SNMP_OK;
}

/* The seed protocol: answers every whole message held, as drain does. */
static bool drain_seed(snmp_framer *f, const uint8_t *stream, outcome *out)
{
    for (;;) {
        const uint8_t *m;
        size_t len;
        snmp_status st = snmp_framer_next(f, &m, &len);
        if (st == SNMP_MALFORMED) {
            out->ended = true;
            return false;
        }
        if (st == SNMP_INCOMPLETE)
            return true;
        fuzz_check(memcmp(m, stream + out->consumed, len) == 0);
        size_t answer_len = 0;
        snmp_status handled = snmp_handle_request(&fm.mib, &seed_scratch, m, len, 0, answer,
                                                  sizeof answer, &answer_len);
        fuzz_check(answer_len <= SNMP_MAX_MESSAGE_SIZE);
        if (!answered(out, len, handled, answer_len))
            return false;
    }
}

/* Answers every whole frame held; false once the connection has ended. */
static bool drain(snmp_framer *f, void *ctx)
{
    const uint8_t *stream = ((run *)ctx)->stream;
    outcome *out = ((run *)ctx)->out;
    if (snmp_tcp_protocol_of(stream[0]) == SNMP_TCP_SEED)
        return drain_seed(f, stream, out);
    for (;;) {
        const uint8_t *m;
        size_t len;
        snmp_frame_reason why;
        snmp_status st = snmp_ber_framer_next(f, SNMP_TCP_MAX_MESSAGE, &m, &len, &why);
        if (st == SNMP_MALFORMED) {
            fuzz_check(why != SNMP_FRAME_R_NONE);
            out->ended = true;
            return false;
        }
        fuzz_check(why == SNMP_FRAME_R_NONE);
        if (st == SNMP_INCOMPLETE)
            return true;
        fuzz_check(len >= 2 && len <= SNMP_TCP_MAX_MESSAGE && m[0] == 0x30);
        fuzz_check(memcmp(m, stream + out->consumed, len) == 0);
        size_t answer_len = 0;
        snmp_status st_answer = snmp_respond(&responder, scratch, m, len, 0,
                                             SNMP_TCP_MAX_MESSAGE, answer, sizeof answer,
                                             &answer_len);
        fuzz_check(answer_len <= SNMP_TCP_MAX_MESSAGE);
        if (!answered(out, len, st_answer, answer_len))
            return false;
    }
}

/* Feeds the stream in chunks (a zero seed: all at once). */
static void run_feed(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    start(out);
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    run r = {stream, out};
    fuzz_stream_feed(&f, stream, size, seed, drain, &r);
}

/* The zero-copy path: read straight into the framer's space. */
static void run_space(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    start(out);
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    run r = {stream, out};
    fuzz_stream_space(&f, stream, size, seed, drain, &r);
}

FUZZ_NO_COVERAGE static void check_same(const outcome *a, const outcome *b)
{
    fuzz_check(a->frames == b->frames);
    fuzz_check(a->consumed == b->consumed);
    fuzz_check(a->answers == b->answers);
    fuzz_check(a->ended == b->ended);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= 4 || size - 4 > MAX_STREAM)
        return 0;   /* (a stream with no byte speaks no protocol) */
    if (scratch == NULL) {
        scratch = malloc(snmp_responder_scratch_size());
        fuzz_check(scratch != NULL);
    }
    uint32_t seed = (uint32_t)fuzz_load_be(data, 4);
    const uint8_t *stream = data + 4;
    size -= 4;

    run_feed(stream, size, 0, &reference);
    run_feed(stream, size, seed | 1u, &other);
    check_same(&reference, &other);
    run_space(stream, size, seed, &other);
    check_same(&reference, &other);
    return 0;
}
