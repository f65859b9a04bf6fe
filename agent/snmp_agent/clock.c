#include "clock.h"

#include <time.h>

clock_reading clock_now(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC cannot fail with a valid pointer on Linux. */
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return (clock_reading){.ms = ns / 1000000u, .ticks = ns / 10000000u};
}
