/*
 * The one deadline of an exchange (name lookup, connect, send, reply) on the
 * monotonic clock, and waiting on a descriptor until it.
 */
#ifndef SNMP_MANAGER_DEADLINE_H
#define SNMP_MANAGER_DEADLINE_H

#include <stdint.h>

/* Nanoseconds on a clock that never goes back, so clock changes cannot move the deadline. */
int64_t mgr_now_ns(void);

/* Milliseconds left until deadline, rounded up (poll never wakes early and spins), 0 once passed. */
int mgr_remaining_ms(int64_t deadline);

/*
 * Waits until fd is ready for events (or reports an error or hang-up, which
 * the next call on it then returns). Returns 1 when ready, 0 once the
 * deadline has passed, -1 with errno on failure.
 */
int mgr_wait_ready(int fd, short events, int64_t deadline);

#endif
