/*
 * Every fuzz target is one function with libFuzzer's signature; the same
 * source builds three ways (fuzz/CMakeLists.txt): with libFuzzer's main,
 * with AFL++'s persistent-mode main (afl_main.c), and with a plain replay
 * main (replay_main.c) that CTest runs over the target's corpus.
 *
 * A target checks properties, not only the absence of crashes: a broken
 * property calls fuzz_fail(), which aborts so every engine records it.
 */
#ifndef FUZZ_TARGET_H
#define FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * For a target's own checking code: coverage feedback should come from the
 * core, not from the loops that verify it (they would also cost most of the
 * executions per second).
 */
#if defined(__clang__)
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NO_COVERAGE
#endif

#define fuzz_fail(what)                                                              \
    do {                                                                             \
        fprintf(stderr, "broken property at %s:%d: %s\n", __FILE__, __LINE__, what); \
        abort();                                                                     \
    } while (0)

#define fuzz_check(cond)             \
    do {                             \
        if (!(cond))                 \
            fuzz_fail(#cond);        \
    } while (0)

/* The big-endian number in p[0 .. n), n at most 8: how targets read the
 * fields ("now", a chunking seed, a request-id) that prefix their input. */
static inline uint64_t fuzz_load_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* xorshift32: the input's own seed decides how a stream is cut into chunks. */
static inline uint32_t fuzz_next_random(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

#endif
