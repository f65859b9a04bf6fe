/* The listening socket (AGENT.md "Command line"). */
#ifndef AGENT_LISTENER_H
#define AGENT_LISTENER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Opens a non-blocking IPv4 TCP socket listening on address:port, with
 * SO_REUSEADDR set before bind. Returns the fd, or -1 with the reason
 * written to err (e.g. "cannot bind to 0.0.0.0 port 1161: Address already in use").
 */
int listener_open(const char *address, uint16_t port, char *err, size_t err_cap);

#endif
