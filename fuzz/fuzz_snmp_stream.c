/*
 * Target snmp_stream: SNMP over TCP as one connection sees it, a byte
 * stream cut into frames by their BER headers (snmp/frame.h, over the seed
 * framer's storage) and each frame answered by the responder, against a
 * fresh default MIB per run. Input: 4 bytes of chunking seed, the stream.
 *
 * Properties:
 *   - fed whole, fed in the chunks the seed chooses, and read straight into
 *     the framer's space (zero copy), the stream gives the same frames, the
 *     same answers byte for byte (SETs included, so the same MIB states) and
 *     the same end: a frame refused by the framer or a message refused by
 *     the responder ends the connection, as it does in the agent;
 *   - frames come out back to back in stream order, each a SEQUENCE at most
 *     65,535 bytes long; a refused frame has a reason, a handed-out one none;
 *   - every answer is at most 65,535 bytes.
 */
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_stream.h"
#include "fuzz_target.h"
#include "snmp/frame.h"
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
static uint8_t answer[SNMP_TCP_MAX_MESSAGE];
static fuzz_mib fm;
static snmp_responder responder;
static snmp_responder_scratch *scratch;
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

/* Answers every whole frame held; false once the connection has ended. */
static bool drain(snmp_framer *f, void *ctx)
{
    const uint8_t *stream = ((run *)ctx)->stream;
    outcome *out = ((run *)ctx)->out;
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
        out->frames++;
        out->consumed += len;
        size_t answer_len = 0;
        snmp_status answered = snmp_respond(&responder, scratch, m, len, 0, SNMP_TCP_MAX_MESSAGE,
                                            answer, sizeof answer, &answer_len);
        fuzz_check(answer_len <= SNMP_TCP_MAX_MESSAGE);
        uint8_t verdict = (uint8_t)answered;
        out->answers = fnv(fnv(out->answers, &verdict, 1), answer, answer_len);
        if (answered == SNMP_MALFORMED) {
            out->ended = true;
            return false;
        }
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
    if (size < 4 || size - 4 > MAX_STREAM)
        return 0;
    if (scratch == NULL) {
        scratch = malloc(snmp_responder_scratch_size());
        fuzz_check(scratch != NULL);
    }
    uint32_t seed = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 |
                    data[3];
    const uint8_t *stream = data + 4;
    size -= 4;

    run_feed(stream, size, 0, &reference);
    run_feed(stream, size, seed | 1u, &other);
    check_same(&reference, &other);
    run_space(stream, size, seed, &other);
    check_same(&reference, &other);
    return 0;
}
