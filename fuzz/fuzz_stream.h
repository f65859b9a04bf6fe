/*
 * The two ways the stream targets push a byte stream into a framer (the seed
 * framer's storage, whatever rule cuts it into messages): fed in chunks
 * (snmp_framer_feed), or read straight into the framer's space (zero copy).
 * After each chunk, drain(framer, ctx) takes out what it can and returns
 * false once the connection has ended, which ends the run.
 */
#ifndef FUZZ_STREAM_H
#define FUZZ_STREAM_H

#include <stdbool.h>
#include <string.h>

#include "fuzz_target.h"
#include "snmp/framer.h"

typedef bool (*fuzz_drain_fn)(snmp_framer *framer, void *ctx);

/* Feeds stream in chunks the seed chooses; a zero seed feeds all that is
 * left at once. */
static inline void fuzz_stream_feed(snmp_framer *f, const uint8_t *stream, size_t size,
                                    uint32_t seed, fuzz_drain_fn drain, void *ctx)
{
    size_t pos = 0;
    while (pos < size) {
        size_t chunk = seed ? 1 + fuzz_next_random(&seed) % 700 : size - pos;
        if (chunk > size - pos)
            chunk = size - pos;
        size_t end = pos + chunk;
        while (pos < end) {
            size_t took = snmp_framer_feed(f, stream + pos, end - pos);
            pos += took;
            if (!drain(f, ctx))
                return;
            if (took == 0 && pos < end)
                fuzz_fail("framer took nothing yet holds no whole message");
        }
    }
}

/* Reads stream straight into the framer's space, in chunks the seed chooses. */
static inline void fuzz_stream_space(snmp_framer *f, const uint8_t *stream, size_t size,
                                     uint32_t seed, fuzz_drain_fn drain, void *ctx)
{
    size_t pos = 0;
    while (pos < size) {
        size_t space;
        uint8_t *dst = snmp_framer_space(f, &space);
        fuzz_check(space > 0);
        size_t chunk = 1 + fuzz_next_random(&seed) % 997;
        if (chunk > space)
            chunk = space;
        if (chunk > size - pos)
            chunk = size - pos;
        memcpy(dst, stream + pos, chunk);
        snmp_framer_commit(f, chunk);
        pos += chunk;
        if (!drain(f, ctx))
            return;
    }
}

#endif
