#include "listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Far above the original's 5: a burst of connects must not be refused by
 * the kernel before the agent gets to accept them. */
enum { LISTEN_BACKLOG = 1024 };

typedef union any_address {
    struct sockaddr sa;
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
} any_address;

static void close_keeping_errno(int fd)
{
    int saved = errno;
    close(fd);
    errno = saved;
}

/*
 * Socket, options, bind, and listen for TCP; -1 with errno and the failed
 * step on failure.
 */
static int open_on(const any_address *addr, int type, bool v6_only, const char **failed_step)
{
    int family = addr->sa.sa_family;
    *failed_step = "create socket";
    int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    int v6_only_flag = v6_only;
    socklen_t len = family == AF_INET6 ? sizeof addr->v6 : sizeof addr->v4;
    bool tcp = type == SOCK_STREAM;
    *failed_step = "set SO_REUSEADDR";
    if (!tcp || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0) {
        *failed_step = "set IPV6_V6ONLY";
        if (family != AF_INET6 ||
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6_only_flag, sizeof v6_only_flag) == 0) {
            *failed_step = tcp ? "bind" : "bind UDP";
            if (bind(fd, &addr->sa, len) == 0) {
                *failed_step = "listen";
                if (!tcp || listen(fd, LISTEN_BACKLOG) == 0)
                    return fd;
            }
        }
    }
    close_keeping_errno(fd);
    return -1;
}

static void set_port(any_address *addr, uint16_t port)
{
    if (addr->sa.sa_family == AF_INET6)
        addr->v6.sin6_port = htons(port);
    else
        addr->v4.sin_port = htons(port);
}

/* The port a bound socket got. */
static uint16_t bound_port(int fd)
{
    any_address addr;
    socklen_t len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    if (getsockname(fd, &addr.sa, &len) != 0)
        return 0;
    return ntohs(addr.sa.sa_family == AF_INET6 ? addr.v6.sin6_port : addr.v4.sin_port);
}

/*
 * TCP then UDP on addr (its port 0 or not). At port 0 a UDP port taken
 * after the kernel chose the TCP one starts over with a new port.
 */
static bool open_pair(any_address *addr, bool v6_only, listener_sockets *out,
                      const char **failed_step)
{
    bool any_port = (addr->sa.sa_family == AF_INET6 ? addr->v6.sin6_port : addr->v4.sin_port) == 0;
    for (int attempt = 0; attempt < LISTENER_PORT0_TRIES; attempt++) {
        if (any_port)
            set_port(addr, 0);
        out->tcp_fd = open_on(addr, SOCK_STREAM, v6_only, failed_step);
        if (out->tcp_fd < 0)
            return false;
        out->port = bound_port(out->tcp_fd);
        set_port(addr, out->port);
        out->udp_fd = open_on(addr, SOCK_DGRAM, v6_only, failed_step);
        if (out->udp_fd >= 0)
            return true;
        close_keeping_errno(out->tcp_fd);
        out->tcp_fd = -1;
        if (!any_port || errno != EADDRINUSE)
            return false;
    }
    return false;
}

bool listener_open(const char *address, uint16_t port, listener_sockets *out, char *err,
                   size_t err_cap)
{
    *out = (listener_sockets){-1, -1, port};
    any_address addr;
    memset(&addr, 0, sizeof addr);
    const char *step = "bind";
    bool ok;
    if (address == NULL) {
        /* Both kinds on one socket each; IPv4 peers arrive as ::ffff:a.b.c.d. */
        address = "::";
        addr.v6.sin6_family = AF_INET6;
        addr.v6.sin6_port = htons(port);
        addr.v6.sin6_addr = in6addr_any;
        ok = open_pair(&addr, false, out, &step);
        if (!ok && (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL)) {
            /* A host without IPv6: the IPv4 wildcard alone. */
            address = "0.0.0.0";
            memset(&addr, 0, sizeof addr);
            addr.v4.sin_family = AF_INET;
            addr.v4.sin_port = htons(port);
            addr.v4.sin_addr.s_addr = htonl(INADDR_ANY);
            ok = open_pair(&addr, false, out, &step);
        }
    } else if (inet_pton(AF_INET, address, &addr.v4.sin_addr) == 1) {
        addr.v4.sin_family = AF_INET;
        addr.v4.sin_port = htons(port);
        ok = open_pair(&addr, false, out, &step);
    } else if (inet_pton(AF_INET6, address, &addr.v6.sin6_addr) == 1) {
        addr.v6.sin6_family = AF_INET6;
        addr.v6.sin6_port = htons(port);
        ok = open_pair(&addr, true, out, &step);
    } else {
        snprintf(err, err_cap, "invalid bind address %s", address);
        return false;
    }
    if (ok)
        return true;
    snprintf(err, err_cap, "cannot %s on %s port %u: %s", step, address, (unsigned)out->port,
             strerror(errno));
    *out = (listener_sockets){-1, -1, port};
    return false;
}

void listener_close(listener_sockets *sockets)
{
    if (sockets->tcp_fd >= 0)
        close(sockets->tcp_fd);
    if (sockets->udp_fd >= 0)
        close(sockets->udp_fd);
    sockets->tcp_fd = sockets->udp_fd = -1;
}
