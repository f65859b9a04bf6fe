#include "client_cap.h"

#include <stdio.h>
#include <sys/resource.h>

unsigned client_caps_lingering_for(unsigned max_clients)
{
    return max_clients / 8 + 1;
}

unsigned long long client_caps_fds_needed(unsigned max_clients)
{
    return (unsigned long long)max_clients + client_caps_lingering_for(max_clients) +
           CLIENT_CAP_RESERVED_FDS;
}

unsigned client_caps_for_fd_limit(unsigned asked, unsigned long long fd_limit)
{
    if (client_caps_fds_needed(asked) <= fd_limit)
        return asked;
    if (fd_limit < client_caps_fds_needed(1))
        return 0;
    /* 8/9 of what is left after the reserve is close; step down to exact.
     * The estimate is at most a few above the answer, so the loop is short. */
    unsigned long long estimate = (fd_limit - CLIENT_CAP_RESERVED_FDS) * 8 / 9 + 1;
    unsigned n = estimate < asked ? (unsigned)estimate : asked;
    while (n > 1 && client_caps_fds_needed(n) > fd_limit)
        n--;
    return n;
}

bool client_caps_fit(unsigned asked, bool asked_by_user, client_caps *caps, char *warning,
                     size_t warning_cap)
{
    warning[0] = '\0';
    unsigned long long wanted = client_caps_fds_needed(asked);
    struct rlimit lim;
    unsigned long long limit = wanted;   /* unknown limit: assume it fits */
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
        if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted) {
            rlim_t target = lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= wanted
                                ? (rlim_t)wanted
                                : lim.rlim_max;
            struct rlimit raised = {.rlim_cur = target, .rlim_max = lim.rlim_max};
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
                lim.rlim_cur = target;
        }
        if (lim.rlim_cur != RLIM_INFINITY)
            limit = lim.rlim_cur;
    }
    unsigned fit = client_caps_for_fd_limit(asked, limit);
    caps->max_clients = fit;
    caps->max_lingering = client_caps_lingering_for(fit);
    if (fit == 0) {
        snprintf(warning, warning_cap,
                 "Fatal error: open file limit %llu leaves no descriptor for a client", limit);
        return false;
    }
    if (fit < asked) {
        if (asked_by_user)
            snprintf(warning, warning_cap,
                     "Warning: open file limit %llu allows %u clients, fewer than the %u asked",
                     limit, fit, asked);
        else
            snprintf(warning, warning_cap,
                     "Warning: open file limit %llu allows %u clients, fewer than the default %u",
                     limit, fit, asked);
    }
    return true;
}
