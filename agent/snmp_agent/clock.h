/* The agent's one clock: CLOCK_MONOTONIC, which never goes back. */
#ifndef AGENT_CLOCK_H
#define AGENT_CLOCK_H

#include <stdint.h>

/* One reading of the clock in the two units the agent uses. */
typedef struct clock_reading {
    uint64_t ms;      /* milliseconds, for idle deadlines */
    uint64_t ticks;   /* hundredths of a second: the core's "now" (sysUpTime) */
} clock_reading;

clock_reading clock_now(void);

#endif
