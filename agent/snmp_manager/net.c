#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "deadline.h"
#include "resolve.h"
#include "snmp/framer.h"
#include "snmp/message.h"

static mgr_net_result net_result(mgr_net_status status, int error)
{
    mgr_net_result result = {status, error, 0};
    return result;
}

static mgr_net_result from_errno(int error)
{
    if (error == ECONNREFUSED)
        return net_result(MGR_NET_REFUSED, error);
    if (error == ETIMEDOUT)
        return net_result(MGR_NET_TIMED_OUT, error);
    return net_result(MGR_NET_SYSTEM, error);
}

static mgr_net_result connect_one(const mgr_address *address, int64_t deadline, int *fd_out)
{
    *fd_out = -1;
    int fd = socket(address->addr.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        return net_result(MGR_NET_SYSTEM, errno);
    /* Non-blocking, so that connect and every read obey the deadline. */
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        int error = errno;
        close(fd);
        return net_result(MGR_NET_SYSTEM, error);
    }
    if (connect(fd, (const struct sockaddr *)&address->addr, address->len) != 0) {
        /* After EINTR the connection goes on in the background, as after EINPROGRESS. */
        if (errno != EINPROGRESS && errno != EINTR) {
            int error = errno;
            close(fd);
            return from_errno(error);
        }
        int ready = mgr_wait_ready(fd, POLLOUT, deadline);
        int error = 0;
        socklen_t error_len = sizeof error;
        if (ready == 0) {
            close(fd);
            return net_result(MGR_NET_TIMED_OUT, 0);
        }
        /* Either poll failed, or the socket says why the connect did. */
        if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_len) != 0)
            error = errno;
        if (error != 0) {
            close(fd);
            return from_errno(error);
        }
    }
    *fd_out = fd;
    return net_result(MGR_NET_OK, 0);
}

static mgr_net_result connect_host(const char *host, size_t host_len, uint16_t port,
                                   int64_t deadline, int *fd_out)
{
    *fd_out = -1;
    mgr_address addresses[MGR_RESOLVE_MAX];
    size_t count;
    mgr_net_result result = mgr_resolve(host, host_len, port, deadline, addresses, &count);
    if (result.status != MGR_NET_OK)
        return result;

    /* Try each address in turn (a name may have an IPv6 and an IPv4 one,
     * and only one may listen); a timeout ends the search, since the
     * deadline covers them all. A refusal from any address is the more
     * useful report than, say, an unreachable IPv6 network from another. */
    bool refused = false;
    for (size_t i = 0; i < count; i++) {
        result = connect_one(&addresses[i], deadline, fd_out);
        if (result.status == MGR_NET_OK || result.status == MGR_NET_TIMED_OUT)
            return result;
        refused = refused || result.status == MGR_NET_REFUSED;
    }
    return refused ? net_result(MGR_NET_REFUSED, ECONNREFUSED) : result;
}

/* One send of the whole request; a short write (a full socket buffer) is
 * finished under the same deadline. MSG_NOSIGNAL: a closed peer must give
 * EPIPE, not a SIGPIPE that kills the manager. */
static mgr_net_result send_request(int fd, const uint8_t *request, size_t len, int64_t deadline)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, request + off, len - off, MSG_NOSIGNAL);
        if (n >= 0) {
            off += (size_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return from_errno(errno);
        int ready = mgr_wait_ready(fd, POLLOUT, deadline);
        if (ready == 0)
            return net_result(MGR_NET_TIMED_OUT, 0);
        if (ready < 0)
            return from_errno(errno);
    }
    return net_result(MGR_NET_OK, 0);
}

/* The two-phase read of PROTOCOL.md s.5: the framer says how many bytes the
 * reply still lacks (the size field first, then the rest), and no read asks
 * for more, so nothing after the reply is ever taken from the stream. */
static mgr_net_result read_reply(int fd, uint8_t *storage, size_t cap, int64_t deadline,
                                 const uint8_t **reply, size_t *reply_len)
{
    snmp_framer framer;
    snmp_framer_init(&framer, storage, cap);
    for (size_t wanted = snmp_framer_wanted(&framer); wanted > 0;
         wanted = snmp_framer_wanted(&framer)) {
        size_t space;
        uint8_t *dst = snmp_framer_space(&framer, &space);
        if (wanted > space)
            wanted = space;
        ssize_t n = recv(fd, dst, wanted, 0);
        if (n > 0) {
            snmp_framer_commit(&framer, (size_t)n);
            continue;
        }
        if (n == 0)
            return net_result(MGR_NET_CLOSED, 0);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return from_errno(errno);
        int ready = mgr_wait_ready(fd, POLLIN, deadline);
        if (ready == 0)
            return net_result(MGR_NET_TIMED_OUT, 0);
        if (ready < 0)
            return from_errno(errno);
    }
    /* wanted is 0: either the whole reply is held or the size field was
     * refused, and snmp_framer_next tells which. */
    if (snmp_framer_next(&framer, reply, reply_len) != SNMP_OK) {
        mgr_net_result result = net_result(MGR_NET_BAD_SIZE, 0);
        result.size = snmp_msg_peek_size(storage);
        return result;
    }
    return net_result(MGR_NET_OK, 0);
}

mgr_net_result mgr_exchange(const char *host, size_t host_len, uint16_t port,
                            const uint8_t *request, size_t request_len, double timeout_seconds,
                            uint8_t *storage, size_t cap, const uint8_t **reply,
                            size_t *reply_len)
{
    *reply = NULL;
    *reply_len = 0;
    int64_t deadline = mgr_now_ns() + (int64_t)(timeout_seconds * 1e9);

    int fd;
    mgr_net_result result = connect_host(host, host_len, port, deadline, &fd);
    if (result.status != MGR_NET_OK)
        return result;
    result = send_request(fd, request, request_len, deadline);
    if (result.status == MGR_NET_OK)
        result = read_reply(fd, storage, cap, deadline, reply, reply_len);
    close(fd);
    return result;
}
