/*
 * How many connections the agent can hold: one descriptor each, so the cap
 * follows from the open-file limit (issue 9: the default is sized from what
 * the process may open, and a cap lower than asked is said at start).
 */
#ifndef AGENT_CLIENT_CAP_H
#define AGENT_CLIENT_CAP_H

#include <stdbool.h>
#include <stddef.h>

enum {
    /* stdin/out/err, the listener, epoll, the signal descriptor, the fd kept
     * in reserve, and slack for the libc and sanitizers. */
    CLIENT_CAP_RESERVED_FDS = 16
};

typedef struct client_caps {
    unsigned max_clients;     /* open connections at once */
    unsigned max_lingering;   /* connections in a lingering close, on top */
} client_caps;

/*
 * Lingering closes (server.c) keep a descriptor for a few seconds after a
 * connection has left its slot: room for one in eight clients, at least one.
 */
unsigned client_caps_lingering_for(unsigned max_clients);

/* Descriptors the agent needs for max_clients clients, lingering ones included. */
unsigned long long client_caps_fds_needed(unsigned max_clients);

/*
 * The most clients, up to asked, whose descriptors fit in fd_limit (0 when
 * not even one does).
 */
unsigned client_caps_for_fd_limit(unsigned asked, unsigned long long fd_limit);

/*
 * Raises the soft open-file limit as far as asked clients need and the hard
 * limit allows, and sets *caps to what fits. When that is fewer clients
 * than asked, writes one warning line into warning (otherwise ""), e.g.
 * "Warning: open file limit 64 allows 42 clients, fewer than the 200 asked";
 * asked_by_user false says "the default 16384" instead. Returns false (with
 * the line in warning, starting "Fatal error: ") when not one client fits.
 */
bool client_caps_fit(unsigned asked, bool asked_by_user, client_caps *caps, char *warning,
                     size_t warning_cap);

#endif
