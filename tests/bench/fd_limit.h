/*
 * The open-file limit of the bench's clients (snmp_loadgen, snmp_hostile):
 * one descriptor per connection, so raise the soft limit before connecting,
 * and say so, rather than fail at connection 1010.
 */
#ifndef SNMP_BENCH_FD_LIMIT_H
#define SNMP_BENCH_FD_LIMIT_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

enum { BENCH_RESERVED_FDS = 16 };   /* stdio, epoll, slack */

/* Room for count connections (called `noun` in messages) beside the
 * reserved descriptors. False, with the reason on stderr, if the hard limit
 * is too low or the raise is refused. */
static inline bool bench_raise_fd_limit(const char *program, unsigned count, const char *noun)
{
    rlim_t wanted = (rlim_t)count + BENCH_RESERVED_FDS;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return false;
    if (lim.rlim_cur >= wanted)
        return true;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < wanted) {
        fprintf(stderr, "%s: %u %s need %llu open files; the hard limit is %llu\n", program, count,
                noun, (unsigned long long)wanted, (unsigned long long)lim.rlim_max);
        return false;
    }
    lim.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
        fprintf(stderr, "%s: cannot raise the open file limit to %llu: %s\n", program,
                (unsigned long long)wanted, strerror(errno));
        return false;
    }
    fprintf(stderr, "%s: raised the open file limit to %llu\n", program,
            (unsigned long long)wanted);
    return true;
}

#endif
