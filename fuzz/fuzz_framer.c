/*
 * Target framer: a byte stream cut into chunks that the input chooses.
 * Input: 4 bytes of chunking seed, then the stream.
 * Property: the messages (and the final verdict) are the same whether the
 * stream is fed whole, in the chosen chunks, or read straight into the
 * framer's space; every message handed out carries its own size; a refused
 * size field has its reason (fuzz_refusal.h), the size as detail, and a
 * framer that has not refused anything has none.
 */
#include <string.h>

#include "fuzz_refusal.h"
#include "fuzz_stream.h"
#include "fuzz_target.h"
#include "snmp/framer.h"
#include "snmp/message.h"

/* Longer inputs are skipped; at most this many 9-byte messages fit. */
enum { MAX_STREAM = 1 << 20, MAX_MESSAGES = MAX_STREAM / SNMP_MIN_MESSAGE_SIZE + 1 };

typedef struct outcome {
    size_t count;
    size_t consumed;                /* stream bytes handed out as messages */
    uint32_t lens[MAX_MESSAGES];
    snmp_status last;
    size_t buffered;
} outcome;

static uint8_t storage[SNMP_MAX_MESSAGE_SIZE];
static outcome reference, other;

/* What a drain compares the messages with, and records them in. */
typedef struct run {
    const uint8_t *stream;
    outcome *out;
} run;

/* Drains whole messages; false once the framer refused the stream. */
static bool drain(snmp_framer *f, void *ctx)
{
    const uint8_t *stream = ((run *)ctx)->stream;
    outcome *out = ((run *)ctx)->out;
    for (;;) {
        const uint8_t *m;
        size_t len;
        snmp_status st = snmp_framer_next(f, &m, &len);
        out->last = st;
        snmp_refusal why = snmp_framer_why(f);
        fuzz_check_refusal(&why, 4, st == SNMP_MALFORMED);
        if (st == SNMP_MALFORMED)
            fuzz_check(why.reason == SNMP_REASON_SIZE_OUT_OF_RANGE &&
                       !snmp_msg_size_in_range(why.detail));
        if (st != SNMP_OK)
            return st == SNMP_INCOMPLETE;
        fuzz_check(len >= SNMP_MIN_MESSAGE_SIZE && len <= SNMP_MAX_MESSAGE_SIZE);
        fuzz_check(snmp_msg_peek_size(m) == len);
        fuzz_check(out->count < MAX_MESSAGES);
        /* Messages come out in stream order, back to back. */
        fuzz_check(memcmp(m, stream + out->consumed, len) == 0);
        out->lens[out->count++] = (uint32_t)len;
        out->consumed += len;
    }
}

/* Feeds the stream in chunks (a zero seed: all at once). */
static void run_feed(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    memset(out, 0, sizeof *out);
    run r = {stream, out};
    fuzz_stream_feed(&f, stream, size, seed, drain, &r);
    out->buffered = out->last == SNMP_MALFORMED ? 0 : snmp_framer_buffered(&f);
    fuzz_check(snmp_framer_buffered(&f) <= sizeof storage);
}

/* The zero-copy path: read straight into the framer's space. */
static void run_space(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    memset(out, 0, sizeof *out);
    run r = {stream, out};
    fuzz_stream_space(&f, stream, size, seed, drain, &r);
    out->buffered = out->last == SNMP_MALFORMED ? 0 : snmp_framer_buffered(&f);
}

static void check_same(const outcome *a, const outcome *b)
{
    fuzz_check(a->count == b->count);
    fuzz_check(memcmp(a->lens, b->lens, a->count * sizeof a->lens[0]) == 0);
    fuzz_check((a->last == SNMP_MALFORMED) == (b->last == SNMP_MALFORMED));
    fuzz_check(a->buffered == b->buffered);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || size - 4 > MAX_STREAM)
        return 0;
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
