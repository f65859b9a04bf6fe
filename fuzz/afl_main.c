/*
 * AFL++ persistent-mode driver: one process runs many inputs from shared
 * memory. Only built with afl-clang-fast / afl-clang-lto, which define the
 * __AFL_* macros.
 */
#include <unistd.h>

#include "fuzz_target.h"

__AFL_FUZZ_INIT();

int main(void)
{
    __AFL_INIT();
    const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) {
        size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        LLVMFuzzerTestOneInput(buf, len);
    }
    return 0;
}
