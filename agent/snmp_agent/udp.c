#include "udp.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct udp_endpoint {
    int fd;
    udp_handler handler;
    /* UDP_BATCH slots of UDP_MAX_MESSAGE bytes each, in and out. malloc'd,
     * so only the pages datagrams actually touched count in the RSS. */
    uint8_t *in;
    uint8_t *out;
    struct mmsghdr in_msgs[UDP_BATCH];
    struct iovec in_iov[UDP_BATCH];
    struct sockaddr_storage peers[UDP_BATCH];
    struct mmsghdr out_msgs[UDP_BATCH];
    struct iovec out_iov[UDP_BATCH];
    unsigned long long dropped_replies;
    unsigned long long refused;
};

udp_endpoint *udp_create(int fd, const udp_handler *handler)
{
    udp_endpoint *u = calloc(1, sizeof *u);
    if (u == NULL)
        return NULL;
    u->fd = fd;
    u->handler = *handler;
    u->in = malloc((size_t)UDP_BATCH * UDP_MAX_MESSAGE);
    u->out = malloc((size_t)UDP_BATCH * UDP_MAX_MESSAGE);
    if (u->in == NULL || u->out == NULL) {
        udp_destroy(u);
        return NULL;
    }
    for (size_t i = 0; i < UDP_BATCH; i++) {
        u->in_iov[i] = (struct iovec){u->in + i * UDP_MAX_MESSAGE, UDP_MAX_MESSAGE};
        u->in_msgs[i].msg_hdr.msg_iov = &u->in_iov[i];
        u->in_msgs[i].msg_hdr.msg_iovlen = 1;
        u->in_msgs[i].msg_hdr.msg_name = &u->peers[i];
    }
    return u;
}

/*
 * Sends out_msgs[0 .. count) without waiting. sendmmsg stops at the first
 * datagram the kernel refuses: EAGAIN (the send buffer is full) drops that
 * one and every later one of the batch, as waiting is not an option; any
 * other error (an address the kernel will not send to) drops that one
 * alone and the rest are tried.
 */
static void send_replies(udp_endpoint *u, unsigned count)
{
    unsigned sent = 0;
    while (sent < count) {
        int n = sendmmsg(u->fd, u->out_msgs + sent, count - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            sent += (unsigned)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            u->dropped_replies += count - sent;
            return;
        } else {
            u->dropped_replies++;
            sent++;
        }
    }
}

/* Answers the n datagrams received and sends the answers. */
static void answer_batch(udp_endpoint *u, unsigned n)
{
    unsigned replies = 0;
    for (unsigned i = 0; i < n; i++) {
        const struct msghdr *h = &u->in_msgs[i].msg_hdr;
        if (h->msg_flags & MSG_TRUNC) {
            u->refused++;
            u->handler.refuse(u->handler.ctx);
            continue;
        }
        uint8_t *out = u->out + (size_t)replies * UDP_MAX_MESSAGE;
        size_t len = u->handler.answer(u->handler.ctx, u->in_iov[i].iov_base,
                                       u->in_msgs[i].msg_len, out, UDP_MAX_MESSAGE);
        if (len == 0)
            continue;
        u->out_iov[replies] = (struct iovec){out, len};
        u->out_msgs[replies].msg_hdr = (struct msghdr){
            .msg_name = h->msg_name,
            .msg_namelen = h->msg_namelen,
            .msg_iov = &u->out_iov[replies],
            .msg_iovlen = 1,
        };
        replies++;
    }
    send_replies(u, replies);
}

void udp_serve(udp_endpoint *u)
{
    for (int batch = 0; batch < UDP_BATCHES_PER_TURN; batch++) {
        for (size_t i = 0; i < UDP_BATCH; i++) {
            u->in_msgs[i].msg_hdr.msg_namelen = sizeof u->peers[i];
            u->in_msgs[i].msg_hdr.msg_flags = 0;
            u->in_msgs[i].msg_len = 0;
        }
        int n = recvmmsg(u->fd, u->in_msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;   /* drained (EAGAIN), or an error the next readiness retries */
        answer_batch(u, (unsigned)n);
        if (n < UDP_BATCH)
            return;   /* the socket is most likely drained */
    }
}

unsigned long long udp_dropped_replies(const udp_endpoint *u)
{
    return u->dropped_replies;
}

unsigned long long udp_refused(const udp_endpoint *u)
{
    return u->refused;
}

void udp_destroy(udp_endpoint *u)
{
    if (u == NULL)
        return;
    free(u->in);
    free(u->out);
    free(u);
}
