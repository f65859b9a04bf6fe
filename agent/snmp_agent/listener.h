/* The listening socket (AGENT.md "Command line"). */
#ifndef AGENT_LISTENER_H
#define AGENT_LISTENER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Opens a non-blocking TCP socket listening on address:port, with
 * SO_REUSEADDR set before bind. address is an IPv4 or an IPv6 address (an
 * IPv6 one serves IPv6 only), or NULL for every address of both kinds: one
 * IPv6 socket that also takes IPv4 (IPV6_V6ONLY off), or, on a host without
 * IPv6, the IPv4 wildcard. Returns the fd, or -1 with the reason written to
 * err (e.g. "cannot bind on :: port 1161: Address already in use").
 */
int listener_open(const char *address, uint16_t port, char *err, size_t err_cap);

#endif
