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

/* Drains whole messages; false once the framer refused the stream. */
static bool drain(snmp_framer *f, const uint8_t *stream, outcome *out)
{
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

/* Feeds the stream in chunks; chunk 0 means "all that is left". */
static void run_feed(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    memset(out, 0, sizeof *out);
    size_t pos = 0;
    while (pos < size) {
        size_t chunk = seed ? 1 + fuzz_next_random(&seed) % 700 : size - pos;
        if (chunk > size - pos)
            chunk = size - pos;
        size_t end = pos + chunk;
        while (pos < end) {
            size_t took = snmp_framer_feed(&f, stream + pos, end - pos);
            pos += took;
            if (!drain(&f, stream, out))
                goto finished;
            if (took == 0 && pos < end)
                fuzz_fail("framer took nothing yet holds no whole message");
        }
    }
finished:
    out->buffered = out->last == SNMP_MALFORMED ? 0 : snmp_framer_buffered(&f);
    fuzz_check(snmp_framer_buffered(&f) <= sizeof storage);
}

/* The zero-copy path: read straight into the framer's space. */
static void run_space(const uint8_t *stream, size_t size, uint32_t seed, outcome *out)
{
    snmp_framer f;
    snmp_framer_init(&f, storage, sizeof storage);
    memset(out, 0, sizeof *out);
    size_t pos = 0;
    while (pos < size) {
        size_t space;
        uint8_t *dst = snmp_framer_space(&f, &space);
        fuzz_check(space > 0);
        size_t chunk = 1 + fuzz_next_random(&seed) % 997;
        if (chunk > space)
            chunk = space;
        if (chunk > size - pos)
            chunk = size - pos;
        memcpy(dst, stream + pos, chunk);
        snmp_framer_commit(&f, chunk);
        pos += chunk;
        if (!drain(&f, stream, out))
            break;
    }
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
