/*
 * Turning the host of host:port into addresses to connect to, within the
 * exchange's one deadline (issue 9 s.5).
 */
#ifndef SNMP_MANAGER_RESOLVE_H
#define SNMP_MANAGER_RESOLVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "net_error.h"

/* At most this many addresses of one name are kept and tried. */
enum { MGR_RESOLVE_MAX = 16 };

/* One address to connect to, port included. */
typedef struct mgr_address {
    socklen_t len;
    struct sockaddr_storage addr;
} mgr_address;

/*
 * Resolves host[0 .. host_len) with port into out[0 .. MGR_RESOLVE_MAX), in
 * the resolver's order (IPv4 and IPv6), setting *count. A numeric address
 * (IPv4, or IPv6 as the text between brackets) is converted in place and
 * never reaches the resolver. A name is looked up by getaddrinfo in a child
 * process, because getaddrinfo cannot be given a time limit: at the deadline
 * the child is killed and the result is MGR_NET_TIMED_OUT. A name that does
 * not resolve gives MGR_NET_UNRESOLVED.
 */
mgr_net_result mgr_resolve(const char *host, size_t host_len, uint16_t port, int64_t deadline,
                           mgr_address out[MGR_RESOLVE_MAX], size_t *count);

#endif
