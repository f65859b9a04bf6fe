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

#endif
