#include "clock.h"

#include <time.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC cannot fail with a valid pointer on Linux. */
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t clock_now_ms(void)
{
    return now_ns() / 1000000u;
}

uint64_t clock_now_ticks(void)
{
    return now_ns() / 10000000u;
}
