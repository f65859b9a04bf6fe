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

int listener_open(const char *address, uint16_t port, char *err, size_t err_cap)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, address, &addr.sin_addr) != 1) {
        snprintf(err, err_cap, "invalid bind address %s", address);
        return -1;
    }

    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, err_cap, "cannot create socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    const char *step = "set SO_REUSEADDR";
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0) {
        step = "bind";
        if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
            step = "listen";
            if (listen(fd, LISTEN_BACKLOG) == 0)
                return fd;
        }
    }
    int saved = errno;
    close(fd);
    snprintf(err, err_cap, "cannot %s on %s port %u: %s", step, address, (unsigned)port,
             strerror(saved));
    return -1;
}
