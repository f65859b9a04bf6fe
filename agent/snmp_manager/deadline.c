#include "deadline.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <time.h>

static const int64_t ns_per_ms = 1000000;

int64_t mgr_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}

int mgr_remaining_ms(int64_t deadline)
{
    int64_t left = deadline - mgr_now_ns();
    if (left <= 0)
        return 0;
    int64_t ms = (left + ns_per_ms - 1) / ns_per_ms;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int mgr_wait_ready(int fd, short events, int64_t deadline)
{
    for (;;) {
        int ms = mgr_remaining_ms(deadline);
        struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
        int n = poll(&pfd, 1, ms);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return -1;
        if (n == 0 && ms == 0)
            return 0;
    }
}
