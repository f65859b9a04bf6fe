#include "listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
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

/* Socket, options, bind, listen; -1 with errno and the failed step on failure. */
static int open_on(const any_address *addr, bool v6_only, const char **failed_step)
{
    int family = addr->sa.sa_family;
    *failed_step = "create socket";
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    int v6_only_flag = v6_only;
    socklen_t len = family == AF_INET6 ? sizeof addr->v6 : sizeof addr->v4;
    *failed_step = "set SO_REUSEADDR";
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0) {
        *failed_step = "set IPV6_V6ONLY";
        if (family != AF_INET6 ||
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6_only_flag, sizeof v6_only_flag) == 0) {
            *failed_step = "bind";
            if (bind(fd, &addr->sa, len) == 0) {
                *failed_step = "listen";
                if (listen(fd, LISTEN_BACKLOG) == 0)
                    return fd;
            }
        }
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int listener_open(const char *address, uint16_t port, char *err, size_t err_cap)
{
    any_address addr;
    memset(&addr, 0, sizeof addr);
    const char *step;
    int fd;
    if (address == NULL) {
        /* Both kinds on one socket; IPv4 peers arrive as ::ffff:a.b.c.d. */
        address = "::";
        addr.v6.sin6_family = AF_INET6;
        addr.v6.sin6_port = htons(port);
        addr.v6.sin6_addr = in6addr_any;
        fd = open_on(&addr, false, &step);
        if (fd >= 0)
            return fd;
        if (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL) {
            /* A host without IPv6: the IPv4 wildcard alone. */
            address = "0.0.0.0";
            memset(&addr, 0, sizeof addr);
            addr.v4.sin_family = AF_INET;
            addr.v4.sin_port = htons(port);
            addr.v4.sin_addr.s_addr = htonl(INADDR_ANY);
            fd = open_on(&addr, false, &step);
        }
    } else if (inet_pton(AF_INET, address, &addr.v4.sin_addr) == 1) {
        addr.v4.sin_family = AF_INET;
        addr.v4.sin_port = htons(port);
        fd = open_on(&addr, false, &step);
    } else if (inet_pton(AF_INET6, address, &addr.v6.sin6_addr) == 1) {
        addr.v6.sin6_family = AF_INET6;
        addr.v6.sin6_port = htons(port);
        fd = open_on(&addr, true, &step);
    } else {
        snprintf(err, err_cap, "invalid bind address %s", address);
        return -1;
    }
    if (fd >= 0)
        return fd;
    snprintf(err, err_cap, "cannot %s on %s port %u: %s", step, address, (unsigned)port,
             strerror(errno));
    return -1;
}
