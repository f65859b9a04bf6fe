/* The listening sockets (AGENT.md "Command line", SNMP.md s.1). */
#ifndef AGENT_LISTENER_H
#define AGENT_LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One port number, two sockets: TCP (both protocols) and UDP (SNMP). */
typedef struct listener_sockets {
    int tcp_fd;      /* listening, non-blocking */
    int udp_fd;      /* bound, non-blocking */
    uint16_t port;   /* the port both got (the kernel's choice when 0 was asked) */
} listener_sockets;

/* Tries at port 0: the UDP port may be taken after the kernel gave the TCP one. */
enum { LISTENER_PORT0_TRIES = 32 };

/*
 * Opens a non-blocking TCP socket listening on address:port, with
 * SO_REUSEADDR set before bind, and a non-blocking UDP socket bound to the
 * same address and port (without SO_REUSEADDR, which for UDP would let a
 * second agent share the port). address is an IPv4 or an IPv6 address (an
 * IPv6 one serves IPv6 only), or NULL for every address of both kinds: IPv6
 * sockets that also take IPv4 (IPV6_V6ONLY off), or, on a host without
 * IPv6, the IPv4 wildcard. Port 0 asks the kernel for a TCP port and binds
 * UDP to the same one, trying again with a new port when that UDP port is
 * taken. Returns true, or false with both closed and the reason in err
 * (e.g. "cannot bind UDP on :: port 1161: Address already in use").
 */
bool listener_open(const char *address, uint16_t port, listener_sockets *out, char *err,
                   size_t err_cap);

/* Closes both sockets (either may be -1). */
void listener_close(listener_sockets *sockets);

#endif
