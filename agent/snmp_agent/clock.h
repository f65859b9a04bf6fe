/* The agent's one clock: CLOCK_MONOTONIC, which never goes back. */
#ifndef AGENT_CLOCK_H
#define AGENT_CLOCK_H

#include <stdint.h>

/* Milliseconds on the monotonic clock (for timeouts). */
uint64_t clock_now_ms(void);

/* Hundredths of a second on the same clock (the core's "now", sysUpTime). */
uint64_t clock_now_ticks(void);

#endif
