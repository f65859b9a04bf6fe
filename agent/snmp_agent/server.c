#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "clock.h"
#include "say.h"
#include "sys_io.h"
#include "udp.h"
#include "snmp/frame.h"
#include "snmp/framer.h"
#include "snmp/handler.h"
#include "snmp/responder.h"

enum {
    /* Input: a connection starts with a small buffer, enough for dozens of
     * ordinary pipelined requests per read, and gets a large one only when
     * a message's size field asks for more than fits: a trickle of bytes
     * (slowloris) costs 1 KiB, not 64 KiB. The framer never holds more than
     * one maximum-size message. */
    IN_SMALL_SIZE = 1024,
    IN_LARGE_SIZE = SNMP_MAX_MESSAGE_SIZE,
    /* Output: answers waiting for a slow reader. Past the high-water mark
     * the agent stops reading and answering that client until it drains;
     * the extra 64 KiB is room for the one answer being written. */
    OUT_HIGH_WATER = 16384,
    OUT_BUFFER_SIZE = OUT_HIGH_WATER + SNMP_MAX_MESSAGE_SIZE,
    /* Buffers are attached only while a connection has bytes in flight, so
     * an idle connection costs its struct and nothing else. A few freed
     * buffers are kept to avoid a malloc/free pair per request. */
    SPARE_BUFFERS_KEPT = 32,
    /* The kernel's send buffer of each client socket. Left alone, Linux
     * grows it up to tcp_wmem's maximum (4 MiB by default) for a client
     * that does not read, and the answers queued there are outside
     * OUT_HIGH_WATER: 1024 such clients could pin 4 GiB of kernel memory.
     * Fixed at 64 KiB (the kernel doubles it for its bookkeeping), one
     * maximum-size answer; autotuning is off for these sockets. */
    SOCKET_SEND_BUFFER = 65536,
    /* Fairness: no single client or burst of connects monopolises a turn. */
    ACCEPTS_PER_TURN = 64,
    READS_PER_TURN = 4,
    EVENTS_PER_WAIT = 256,
    /* A lingering close (nginx's lingering_close): after the owed answers
     * are handed to the kernel, shut the sending side and read and discard
     * what the client still sends, so that closing with unread input does
     * not make the kernel reset the connection and drop answers it has not
     * delivered yet. Bounded in time and bytes. */
    LINGER_TIMEOUT_MS = 5000,
    LINGER_MAX_BYTES = 1024 * 1024,
    LINGER_DISCARD_SIZE = 16384,
    /* At the cap, the oldest connections are looked at for one that is not
     * being served; past this many, the newcomer is refused instead. */
    EVICTION_SCAN_MAX = 256,
    /* Give freed heap pages back to the kernel once the buffers in use have
     * fallen to an eighth of a peak of at least this many (after an attack). */
    TRIM_PEAK_MIN = 256
};

_Static_assert((int)UDP_MAX_MESSAGE == (int)SNMP_UDP_MAX_MESSAGE, "udp.h and SNMP.md agree");
_Static_assert((int)IN_LARGE_SIZE >= (int)SNMP_TCP_MAX_MESSAGE,
               "one whole SNMP frame fits the input");
_Static_assert((int)OUT_BUFFER_SIZE - (int)OUT_HIGH_WATER >= (int)SNMP_TCP_MAX_MESSAGE,
               "room for one whole SNMP answer past the high-water mark");

/* A TCP connection's first byte picks its protocol, once (SNMP.md s.1). */
typedef enum conn_proto {
    PROTO_UNKNOWN = 0,   /* no byte yet */
    PROTO_SEED,          /* 0x00 (or any byte but 0x30): the seed protocol (PROTOCOL.md) */
    PROTO_SNMP           /* 0x30: SNMP over TCP, framed by BER (RFC 3430) */
} conn_proto;

typedef enum conn_state {
    CONN_FREE = 0,
    CONN_OPEN,        /* reading requests, writing answers */
    CONN_LINGERING    /* sending side shut; reading and discarding until EOF or a bound */
} conn_state;

/* A client's address: IPv6 in bytes[0 .. 16), or IPv4 in bytes[0 .. 4). */
typedef struct peer_address {
    uint8_t bytes[16];
    bool v6;
} peer_address;

typedef struct conn {
    int fd;                     /* -1 while the slot is free */
    uint8_t state;              /* a conn_state */
    uint8_t proto;              /* a conn_proto */
    bool reading_paused;        /* output backlog above the high-water mark */
    bool close_when_flushed;    /* peer sent EOF or broke its stream; finish writing, then close */
    bool failed;                /* its ERROR line is out: no "disconnected normally" */
    uint32_t armed_events;
    snmp_framer framer;
    uint8_t *in;                /* framer storage, attached on demand */
    uint8_t *out;               /* pending answers, attached on demand */
    size_t out_len;             /* lingering: bytes discarded so far */
    size_t out_sent;
    uint64_t deadline_ms;       /* idle deadline, or the end of a lingering close */
    struct conn *older, *newer; /* the idle list while open, the linger list while lingering */
    struct conn *next_free;
    peer_address peer;
} conn;

/* A list of connections in deadline order: each list's deadlines are "last
 * touch + a duration the same for all", so appending keeps it sorted. */
typedef struct conn_list {
    conn *oldest, *newest;
} conn_list;

typedef struct buffer_pool {
    uint8_t *spare[SPARE_BUFFERS_KEPT];
    size_t count;
    size_t size;
} buffer_pool;

typedef struct server {
    int epoll_fd;
    int listen_fd;
    int reserve_fd;             /* kept open to shed connections at EMFILE */
    server_config config;
    conn *conns;                /* max_clients + max_lingering slots */
    size_t slot_count;
    conn *free_conns;
    size_t live;                /* open connections, at most max_clients */
    size_t lingering;           /* at most max_lingering */
    unsigned long long evictions;
    /* Open connections by idle deadline ("last request + timeout"): the head
     * is the one that has gone longest without delivering a whole request,
     * the first to time out and the first to make room at the cap. */
    conn_list idle;
    conn_list linger;           /* lingering closes by their end */
    buffer_pool in_small_pool, in_large_pool, out_pool;
    size_t buffers_in_use;      /* attached to connections */
    size_t buffers_peak;        /* since the last trim */
    uint8_t discard[LINGER_DISCARD_SIZE];
    uint64_t now_ms;            /* the clock, read once per loop turn */
    uint64_t now_ticks;
    snmp_mib mib;
    void *mib_arena;            /* the MIB's state (snmp_mib_arena_size bytes) */
    snmp_handler_scratch scratch;
    /* SNMP (both transports) over the same MIB: a SET by one protocol is
     * seen at once by the other. The scratch is large: allocated once. */
    snmp_responder responder;
    snmp_responder_scratch *snmp_scratch;
    udp_endpoint *udp;
    int udp_fd;                 /* an epoll entry too, tagged with its address */
    /* Two more members of the epoll set, told apart from connections by
     * their addresses as the event's data.ptr (the listener's is NULL). */
    int signal_fd;              /* SIGINT and SIGTERM, read in the loop */
    int log_fd;                 /* stdout when it can be polled (say.h), else -1 */
    uint32_t log_armed;         /* EPOLLOUT while lines wait for stdout, else 0 */
} server;

/* ---- buffers ---- */

static uint8_t *pool_get(server *srv, buffer_pool *pool)
{
    uint8_t *buffer = pool->count > 0 ? pool->spare[--pool->count] : malloc(pool->size);
    if (buffer != NULL && ++srv->buffers_in_use > srv->buffers_peak)
        srv->buffers_peak = srv->buffers_in_use;
    return buffer;
}

static void pool_put(server *srv, buffer_pool *pool, uint8_t *buffer)
{
    if (buffer == NULL)
        return;
    srv->buffers_in_use--;
    if (pool->count < SPARE_BUFFERS_KEPT)
        pool->spare[pool->count++] = buffer;
    else
        free(buffer);
}

/* The pool an input buffer came from, told by the framer's capacity. */
static buffer_pool *in_pool_of(server *srv, const conn *c)
{
    return c->framer.cap == IN_LARGE_SIZE ? &srv->in_large_pool : &srv->in_small_pool;
}

/*
 * malloc keeps freed memory for reuse, so the pages that thousands of
 * attacking connections touched would stay in the agent's RSS for good.
 * Once the buffers in use have fallen far below their peak, hand the free
 * pages back (glibc's malloc_trim releases free pages anywhere in the heap).
 */
static void trim_after_peak(server *srv)
{
    if (srv->buffers_peak >= TRIM_PEAK_MIN && srv->buffers_in_use <= srv->buffers_peak / 8) {
        (void)malloc_trim(0);
        srv->buffers_peak = srv->buffers_in_use;
    }
}

static void pool_drain(buffer_pool *pool)
{
    while (pool->count > 0)
        free(pool->spare[--pool->count]);
}

/* ---- the deadline lists ---- */

static void list_unlink(conn_list *list, conn *c)
{
    if (c->older == NULL && c->newer == NULL && list->oldest != c)
        return;   /* not in the list */
    if (c->older)
        c->older->newer = c->newer;
    else
        list->oldest = c->newer;
    if (c->newer)
        c->newer->older = c->older;
    else
        list->newest = c->older;
    c->older = c->newer = NULL;
}

static void list_append(conn_list *list, conn *c, uint64_t deadline_ms)
{
    list_unlink(list, c);
    c->deadline_ms = deadline_ms;
    c->older = list->newest;
    if (list->newest)
        list->newest->newer = c;
    else
        list->oldest = c;
    list->newest = c;
}

static void deadline_reset(server *srv, conn *c, uint64_t now_ms)
{
    list_append(&srv->idle, c, now_ms + srv->config.timeout_ms);
}

/* ---- the client's address, as printed ---- */

enum { PEER_TEXT_MAX = INET6_ADDRSTRLEN };

/*
 * Reads the address accept gave; an IPv4 client of the dual-stack socket
 * (::ffff:a.b.c.d) is kept, and so printed, as plain IPv4. Returns the port.
 */
static uint16_t peer_from_sockaddr(const struct sockaddr_storage *sa, peer_address *peer)
{
    if (sa->ss_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)(const void *)sa;
        peer->v6 = !IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr);
        memcpy(peer->bytes, v6->sin6_addr.s6_addr + (peer->v6 ? 0 : 12), peer->v6 ? 16 : 4);
        return ntohs(v6->sin6_port);
    }
    const struct sockaddr_in *v4 = (const struct sockaddr_in *)(const void *)sa;
    peer->v6 = false;
    memcpy(peer->bytes, &v4->sin_addr, 4);
    return ntohs(v4->sin_port);
}

static const char *peer_text(const peer_address *peer, char out[PEER_TEXT_MAX])
{
    if (inet_ntop(peer->v6 ? AF_INET6 : AF_INET, peer->bytes, out, PEER_TEXT_MAX) == NULL)
        memcpy(out, "?", 2);
    return out;
}

/* ---- connection lifetime ---- */

/* Gives the input buffer back to its pool, with whatever it holds. */
static void conn_drop_input(server *srv, conn *c)
{
    if (c->in != NULL)
        pool_put(srv, in_pool_of(srv, c), c->in);
    c->in = NULL;
    snmp_framer_init(&c->framer, NULL, 0);
}

static void conn_release_buffers(server *srv, conn *c)
{
    conn_drop_input(srv, c);
    pool_put(srv, &srv->out_pool, c->out);
    c->out = NULL;
    c->out_len = c->out_sent = 0;
}

/* Closes at once, whatever the connection still holds. */
static void conn_close(server *srv, conn *c)
{
    close(c->fd);   /* also removes it from the epoll set */
    c->fd = -1;
    if (c->state == CONN_LINGERING) {
        list_unlink(&srv->linger, c);
        srv->lingering--;
    } else {
        list_unlink(&srv->idle, c);
        srv->live--;
    }
    c->state = CONN_FREE;
    conn_release_buffers(srv, c);
    c->next_free = srv->free_conns;
    srv->free_conns = c;
}

/* Arms exactly the events the connection waits for now; false if that failed. */
static bool conn_set_events(server *srv, conn *c, uint32_t events)
{
    if (events == c->armed_events)
        return true;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev) != 0)
        return false;
    c->armed_events = events;
    return true;
}

/*
 * Moves an open connection whose owed answers are all with the kernel (or
 * given up) into a lingering close: its slot is free for a newcomer at once,
 * and it takes one of the lingering places, the oldest of which gives way
 * when they are all taken.
 */
static void conn_linger(server *srv, conn *c)
{
    conn_release_buffers(srv, c);
    if (shutdown(c->fd, SHUT_WR) != 0 || !conn_set_events(srv, c, EPOLLIN)) {
        conn_close(srv, c);
        return;
    }
    if (srv->lingering >= srv->config.max_lingering)
        conn_close(srv, srv->linger.oldest);
    list_unlink(&srv->idle, c);
    srv->live--;
    c->state = CONN_LINGERING;
    srv->lingering++;
    c->out_len = 0;   /* bytes discarded */
    list_append(&srv->linger, c, srv->now_ms + LINGER_TIMEOUT_MS);
}

/*
 * Every close the agent decides on (a malformed message, the idle rule, an
 * eviction): when the kernel holds neither unread input nor unacknowledged
 * answers, closing loses nothing and the peer gets an orderly end; otherwise
 * the close lingers, so no answer already sent is lost to a reset.
 */
static void conn_end(server *srv, conn *c)
{
    int unread = 0;
    int unacked = 0;
    if (ioctl(c->fd, FIONREAD, &unread) == 0 && unread == 0 &&
        ioctl(c->fd, SIOCOUTQ, &unacked) == 0 && unacked == 0) {
        conn_close(srv, c);
        return;
    }
    conn_linger(srv, c);
}

/* One ERROR line per connection: one that already failed (its malformed
 * message reported, its earlier answers draining) closes quietly. The peer
 * is gone or its stream unusable, so the close is immediate. */
static void conn_fail(server *srv, conn *c, const char *why)
{
    if (!c->failed) {
        char ip[PEER_TEXT_MAX];
        say_client("ERROR with client %s: %s", peer_text(&c->peer, ip), why);
    }
    conn_close(srv, c);
}

/* Arms exactly the events the connection waits for now. */
static bool conn_arm(server *srv, conn *c)
{
    uint32_t events = 0;
    if (!c->reading_paused && !c->close_when_flushed)
        events |= EPOLLIN;
    if (c->out_sent < c->out_len)
        events |= EPOLLOUT;
    if (!conn_set_events(srv, c, events)) {
        conn_fail(srv, c, strerror(errno));
        return false;
    }
    return true;
}

/* Gives the input buffer back once it holds nothing: idle costs no buffer. */
static void conn_release_input(server *srv, conn *c)
{
    if (c->in != NULL && snmp_framer_buffered(&c->framer) == 0)
        conn_drop_input(srv, c);
}

/*
 * Makes sure the framer has room for the rest of the current message: a
 * small buffer first, a large one once the size field asks for more than
 * the small one holds. Returns false if c was closed.
 */
static bool conn_input_room(server *srv, conn *c)
{
    if (c->in == NULL) {
        if ((c->in = pool_get(srv, &srv->in_small_pool)) == NULL) {
            conn_fail(srv, c, "out of memory");
            return false;
        }
        (void)snmp_framer_set_storage(&c->framer, c->in, IN_SMALL_SIZE);
        return true;
    }
    size_t wanted = c->proto == PROTO_SNMP
                        ? snmp_ber_framer_wanted(&c->framer, SNMP_TCP_MAX_MESSAGE)
                        : snmp_framer_wanted(&c->framer);
    size_t needed = snmp_framer_buffered(&c->framer) + wanted;
    if (needed <= c->framer.cap)
        return true;
    uint8_t *large = pool_get(srv, &srv->in_large_pool);
    if (large == NULL) {
        conn_fail(srv, c, "out of memory");
        return false;
    }
    uint8_t *small = c->in;
    /* Cannot fail: a large buffer holds what a small one does. */
    (void)snmp_framer_move_storage(&c->framer, large, IN_LARGE_SIZE);
    pool_put(srv, &srv->in_small_pool, small);
    c->in = large;
    return true;
}

/* Writes what it can of the pending answers. Returns false if c was closed. */
static bool conn_flush(server *srv, conn *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = sys_send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_sent += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            conn_fail(srv, c, n < 0 ? strerror(errno) : "send returned 0");
            return false;
        }
    }
    if (c->out_sent == c->out_len) {
        c->out_len = c->out_sent = 0;
        pool_put(srv, &srv->out_pool, c->out);
        c->out = NULL;
        if (c->close_when_flushed) {
            if (c->failed) {
                /* Input may still be arriving behind the bad message. */
                conn_end(srv, c);
            } else {
                char ip[PEER_TEXT_MAX];
                say_client("Client %s disconnected normally", peer_text(&c->peer, ip));
                conn_close(srv, c);
            }
            return false;
        }
    } else if (c->out_sent > 0) {
        /* Reclaim the sent prefix so the room for the next answer is whole. */
        memmove(c->out, c->out + c->out_sent, c->out_len - c->out_sent);
        c->out_len -= c->out_sent;
        c->out_sent = 0;
    }
    return true;
}

/*
 * The stream cannot go on, but the answers to the earlier requests still go
 * out, even to a client that reads them slowly; then c closes, lingering.
 * Returns false if c was closed.
 */
static bool conn_fail_after_flush(server *srv, conn *c, const char *why)
{
    char ip[PEER_TEXT_MAX];
    say_client("ERROR with client %s: %s", peer_text(&c->peer, ip), why);
    c->failed = true;
    c->close_when_flushed = true;
    /* Nothing more is read from this stream: its input goes. */
    conn_drop_input(srv, c);
    if (c->out_len == 0) {
        conn_end(srv, c);
        return false;
    }
    return conn_flush(srv, c);
}

/*
 * The next whole message of c's stream, framed by its protocol. On
 * SNMP_MALFORMED, why says which framing rule was broken.
 */
static snmp_status conn_next_message(server *srv, conn *c, const uint8_t **msg, size_t *msg_len,
                                     char *why, size_t why_cap)
{
    if (c->proto == PROTO_SNMP) {
        snmp_frame_reason reason;
        snmp_status status =
            snmp_ber_framer_next(&c->framer, SNMP_TCP_MAX_MESSAGE, msg, msg_len, &reason);
        if (status == SNMP_MALFORMED) {
            snmp_responder_count_refusal(&srv->responder);
            /* The length octets follow the tag; the other rules are about the whole header. */
            snprintf(why, why_cap, "%s at offset %d", snmp_frame_reason_text(reason),
                     reason == SNMP_FRAME_R_BAD_LENGTH ? 1 : 0);
        }
        return status;
    }
    snmp_status status = snmp_framer_next(&c->framer, msg, msg_len);
    if (status == SNMP_MALFORMED) {
        snmp_refusal refusal = snmp_framer_why(&c->framer);
        (void)snmp_refusal_format(&refusal, why, why_cap);
    }
    return status;
}

/*
 * Answers one whole message into c's output by its protocol: SNMP_OK with
 * *answer_len bytes (0: an SNMP message dropped and counted, no answer), or
 * the status with why the stream cannot go on.
 */
static snmp_status conn_handle(server *srv, conn *c, const uint8_t *msg, size_t msg_len,
                               size_t *answer_len, char *why, size_t why_cap)
{
    uint8_t *out = c->out + c->out_len;
    size_t cap = OUT_BUFFER_SIZE - c->out_len;
    if (c->proto == PROTO_SNMP) {
        snmp_status status = snmp_respond(&srv->responder, srv->snmp_scratch, msg, msg_len,
                                          srv->now_ticks, SNMP_TCP_MAX_MESSAGE, out, cap,
                                          answer_len);
        if (status != SNMP_OK) {
            const snmp_pdu_why *refusal = snmp_responder_refusal(srv->snmp_scratch);
            snprintf(why, why_cap, "SNMP message refused, %s (%s) at offset %zu",
                     snmp_pdu_reason_text(refusal), snmp_pdu_at_name(refusal->at),
                     refusal->offset);
        }
        return status;
    }
    snmp_status status = snmp_handle_request(&srv->mib, &srv->scratch, msg, msg_len,
                                             srv->now_ticks, out, cap, answer_len);
    if (status == SNMP_MALFORMED)
        (void)snmp_refusal_format(&srv->scratch.refusal, why, why_cap);
    else if (status != SNMP_OK)
        snprintf(why, why_cap, "answer did not fit");
    return status;
}

/*
 * Answers every whole request the framer holds, in order, until the output
 * backlog passes the high-water mark. Returns false if c was closed.
 */
static bool conn_answer(server *srv, conn *c)
{
    for (;;) {
        if (c->out_len >= OUT_HIGH_WATER) {
            if (!conn_flush(srv, c))
                return false;
            if (c->out_len >= OUT_HIGH_WATER) {
                c->reading_paused = true;
                return true;
            }
        }
        const uint8_t *msg;
        size_t msg_len;
        char why[SNMP_REFUSAL_TEXT_MAX];
        snmp_status status = conn_next_message(srv, c, &msg, &msg_len, why, sizeof why);
        if (status == SNMP_INCOMPLETE)
            break;
        if (status != SNMP_OK)   /* earlier answers still go out; the stream has lost its framing */
            return conn_fail_after_flush(srv, c, why);
        if (c->out == NULL && (c->out = pool_get(srv, &srv->out_pool)) == NULL) {
            conn_fail(srv, c, "out of memory");
            return false;
        }
        size_t answer_len;
        /* Earlier answers still go out; this request gets none. The ERROR
         * line names the rule the core found broken (issue 9). */
        if (conn_handle(srv, c, msg, msg_len, &answer_len, why, sizeof why) != SNMP_OK)
            return conn_fail_after_flush(srv, c, why);
        c->out_len += answer_len;
        deadline_reset(srv, c, srv->now_ms);
    }
    conn_release_input(srv, c);
    return conn_flush(srv, c);
}

/*
 * Hands n bytes received at dst to the framer. A connection's first byte
 * picks its protocol for good (SNMP.md s.1); nothing was held before it, so
 * it is dst[0]. 0x30 is SNMP; anything else is the seed protocol, where a
 * first byte other than 0x00 makes a size field above 65536: a malformed
 * seed message, refused and reported exactly as before issue 10.
 */
static void conn_commit_input(conn *c, const uint8_t *dst, size_t n)
{
    if (c->proto == PROTO_UNKNOWN)
        c->proto = snmp_tcp_protocol_of(dst[0]) == SNMP_TCP_SNMP ? PROTO_SNMP : PROTO_SEED;
    snmp_framer_commit(&c->framer, n);
}

/* Reads what the client sent and answers it. Returns false if c was closed. */
static bool conn_read(server *srv, conn *c)
{
    for (int turn = 0; turn < READS_PER_TURN && !c->reading_paused && !c->close_when_flushed;
         turn++) {
        if (!conn_input_room(srv, c))
            return false;
        size_t space;
        uint8_t *dst = snmp_framer_space(&c->framer, &space);
        ssize_t n = sys_recv(c->fd, dst, space, 0);
        if (n > 0) {
            conn_commit_input(c, dst, (size_t)n);
            if (!conn_answer(srv, c))
                return false;
            if ((size_t)n < space)
                break;  /* the socket is most likely drained */
        } else if (n == 0) {
            if (snmp_framer_buffered(&c->framer) > 0) {
                conn_fail(srv, c, "connection closed in the middle of a message");
                return false;
            }
            c->close_when_flushed = true;
            return conn_flush(srv, c);
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else {
            conn_fail(srv, c, strerror(errno));
            return false;
        }
    }
    conn_release_input(srv, c);
    return true;
}

/* A lingering close reads and discards until EOF, an error or its byte bound. */
static void conn_linger_read(server *srv, conn *c)
{
    for (;;) {
        ssize_t n = sys_recv(c->fd, srv->discard, sizeof srv->discard, 0);
        if (n > 0) {
            c->out_len += (size_t)n;
            if (c->out_len <= LINGER_MAX_BYTES)
                continue;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        conn_close(srv, c);
        return;
    }
}

static void conn_event(server *srv, conn *c, uint32_t events)
{
    if (c->state == CONN_LINGERING) {
        conn_linger_read(srv, c);
        return;
    }
    if (c->state != CONN_OPEN)
        return;   /* closed earlier in this turn (evicted) */
    if (events & EPOLLOUT) {
        if (!conn_flush(srv, c))
            return;
        if (c->reading_paused && c->out_len < OUT_HIGH_WATER) {
            c->reading_paused = false;
            if (!conn_answer(srv, c))
                return;
        }
    }
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        if (c->reading_paused || c->close_when_flushed) {
            /* Not reading now; a hang-up means the answers can never be delivered. */
            if (events & (EPOLLHUP | EPOLLERR)) {
                conn_fail(srv, c, "connection lost before its answers were read");
                return;
            }
        } else if (!conn_read(srv, c)) {
            return;
        }
    }
    (void)conn_arm(srv, c);
}

/* ---- accepting ---- */

/* At the descriptor limit, accept and drop the waiting connection so the
 * level-triggered listener does not spin, using the fd kept in reserve. */
static void shed_one_connection(server *srv)
{
    if (srv->reserve_fd < 0)
        return;
    close(srv->reserve_fd);
    int fd = accept(srv->listen_fd, NULL, NULL);
    if (fd >= 0)
        close(fd);
    srv->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    say("ERROR: out of file descriptors; a new connection was closed");
}

/* A connection being served: answers owed, or whole requests waiting. */
static bool conn_being_served(const conn *c)
{
    return c->out_len > 0 || c->reading_paused || c->close_when_flushed;
}

/*
 * At the cap, the connection that has gone longest without delivering a
 * whole request makes room (nginx drains idle keep-alive connections the
 * same way when it runs out): the head of the idle list, skipping any that
 * is being served. Returns false when none was found to close.
 */
static bool evict_one(server *srv)
{
    conn *c = srv->idle.oldest;
    for (int scanned = 0; c != NULL && scanned < EVICTION_SCAN_MAX; scanned++, c = c->newer) {
        if (!conn_being_served(c)) {
            char ip[PEER_TEXT_MAX];
            say_client("Client %s closed to make room for a new connection", peer_text(&c->peer, ip));
            srv->evictions++;
            conn_end(srv, c);
            return true;
        }
    }
    return false;
}

static void accept_clients(server *srv)
{
    for (int turn = 0; turn < ACCEPTS_PER_TURN; turn++) {
        struct sockaddr_storage peer;
        memset(&peer, 0, sizeof peer);
        socklen_t peer_len = sizeof peer;
        int fd = sys_accept4(srv->listen_fd, (struct sockaddr *)&peer, &peer_len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE)
                shed_one_connection(srv);
            return;
        }
        peer_address address;
        unsigned port = peer_from_sockaddr(&peer, &address);
        char ip[PEER_TEXT_MAX];
        /* An IPv6 address is bracketed so that its port stands apart. */
        if (address.v6)
            say_client("Connection from [%s]:%u", peer_text(&address, ip), port);
        else
            say_client("Connection from %s:%u", peer_text(&address, ip), port);

        if (srv->live >= srv->config.max_clients && !evict_one(srv)) {
            say_client("ERROR with client %s: too many clients, all being served (limit %u)", ip,
                       srv->config.max_clients);
            close(fd);
            continue;
        }
        conn *c = srv->free_conns;
        srv->free_conns = c->next_free;
        memset(c, 0, sizeof *c);
        c->fd = fd;
        c->state = CONN_OPEN;
        c->peer = address;
        snmp_framer_init(&c->framer, NULL, 0);
        srv->live++;

        /* Answers are written in one send per batch; don't let Nagle hold
         * the next batch back waiting for an ACK. */
        int one = 1;
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        int send_buffer = SOCKET_SEND_BUFFER;
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            conn_fail(srv, c, strerror(errno));
            continue;
        }
        c->armed_events = EPOLLIN;
        deadline_reset(srv, c, srv->now_ms);
    }
}

/* ---- the loop ---- */

static void expire_idle(server *srv)
{
    while (srv->idle.oldest != NULL && srv->idle.oldest->deadline_ms <= srv->now_ms) {
        conn *c = srv->idle.oldest;
        char ip[PEER_TEXT_MAX];
        say_client("Client %s timed out after %.1fs", peer_text(&c->peer, ip),
                   (double)srv->config.timeout_ms / 1000.0);
        /* Answers it has not taken in time are given up; the rest lingers. */
        conn_end(srv, c);
    }
    while (srv->linger.oldest != NULL && srv->linger.oldest->deadline_ms <= srv->now_ms)
        conn_close(srv, srv->linger.oldest);
}

static int wait_timeout_ms(const server *srv)
{
    uint64_t now_ms = clock_now().ms;
    const conn *idle = srv->idle.oldest;
    const conn *lingering = srv->linger.oldest;
    const conn *next = idle == NULL || (lingering != NULL && lingering->deadline_ms < idle->deadline_ms)
                           ? lingering
                           : idle;
    if (next == NULL)
        return -1;
    if (next->deadline_ms <= now_ms)
        return 0;
    uint64_t wait = next->deadline_ms - now_ms;
    return wait > INT32_MAX ? INT32_MAX : (int)wait;
}

unsigned long long server_evictions(const server *srv)
{
    return srv->evictions;
}

unsigned long long server_udp_dropped(const server *srv)
{
    return srv->udp != NULL ? udp_dropped_replies(srv->udp) : 0;
}

/* ---- SNMP over UDP: the endpoint's handler is the responder ---- */

static size_t udp_answer(void *ctx, const uint8_t *msg, size_t len, uint8_t *out, size_t cap)
{
    server *srv = ctx;
    size_t answer_len = 0;
    snmp_status status = snmp_respond(&srv->responder, srv->snmp_scratch, msg, len,
                                      srv->now_ticks, SNMP_UDP_MAX_MESSAGE, out, cap, &answer_len);
    /* Refused or dropped: counted by the responder, and no answer either way. */
    return status == SNMP_OK ? answer_len : 0;
}

/* A datagram above 65507 bytes never reaches the responder (it arrived
 * truncated): received and refused, as the responder counts a malformed one. */
static void udp_refuse(void *ctx)
{
    server *srv = ctx;
    snmp_responder_count_refusal(&srv->responder);
}

/* The responder over the MIB, its scratch, and the UDP endpoint in the epoll set. */
static bool serve_snmp(server *srv, int udp_fd, char *err, size_t err_cap)
{
    if (snmp_responder_init(&srv->responder, &srv->mib, srv->config.communities,
                            srv->config.community_count) != SNMP_OK) {
        snprintf(err, err_cap, "an SNMP community is not 1 to 255 bytes");
        return false;
    }
    srv->snmp_scratch = malloc(snmp_responder_scratch_size());
    udp_handler handler = {udp_answer, udp_refuse, srv};
    srv->udp = udp_create(udp_fd, &handler);
    if (srv->snmp_scratch == NULL || srv->udp == NULL) {
        snprintf(err, err_cap, "out of memory");
        return false;
    }
    srv->udp_fd = udp_fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &srv->udp_fd};
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, udp_fd, &ev) != 0) {
        snprintf(err, err_cap, "epoll_ctl: %s", strerror(errno));
        return false;
    }
    return true;
}

/*
 * A stop signal is an event like any other: epoll_pwait() would deliver it
 * only when no socket is ready, so under unbroken load it never would. A
 * level-triggered epoll set hands out ready descriptors round-robin (those
 * not returned in one wait come first in the next), so the signalfd is
 * reported within a few turns however many clients are busy.
 */
static bool watch_signals_and_log(server *srv, char *err, size_t err_cap)
{
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    srv->signal_fd = signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &srv->signal_fd};
    if (srv->signal_fd < 0 || epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, srv->signal_fd, &ev) != 0) {
        snprintf(err, err_cap, "signalfd: %s", strerror(errno));
        return false;
    }
    /* Watched with no events until lines wait for it (EPOLLOUT on a pipe
     * that has room would fire every turn). */
    int log_fd = say_poll_fd();
    struct epoll_event log_ev = {.events = 0, .data.ptr = &srv->log_fd};
    if (log_fd >= 0 && epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, log_fd, &log_ev) == 0)
        srv->log_fd = log_fd;
    return true;
}

/* Reads the pending stop signals; true if one arrived. */
static bool stop_signal_arrived(const server *srv)
{
    struct signalfd_siginfo info;
    bool arrived = false;
    while (read(srv->signal_fd, &info, sizeof info) == (ssize_t)sizeof info)
        arrived = true;   /* only SIGINT and SIGTERM are in its set */
    return arrived;
}

/* stdout can take more, or is gone (its reader closed the pipe). */
static void log_event(server *srv, uint32_t events)
{
    if (events & (EPOLLERR | EPOLLHUP)) {
        say_output_lost();
        /* Still in the set, it would report the error every turn. */
        (void)epoll_ctl(srv->epoll_fd, EPOLL_CTL_DEL, srv->log_fd, NULL);
        srv->log_fd = -1;
        return;
    }
    say_flush();
}

/* Asks for EPOLLOUT on stdout exactly while lines wait for it. */
static void log_arm(server *srv)
{
    if (srv->log_fd < 0)
        return;
    uint32_t want = say_waiting() ? (uint32_t)EPOLLOUT : 0;
    if (want == srv->log_armed)
        return;
    struct epoll_event ev = {.events = want, .data.ptr = &srv->log_fd};
    /* On failure the lines keep waiting and this is tried next turn. */
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_MOD, srv->log_fd, &ev) == 0)
        srv->log_armed = want;
}

server *server_create(const listener_sockets *sockets, const server_config *config, char *err,
                      size_t err_cap)
{
    int listen_fd = sockets->tcp_fd;
    /* Large (the MIB and the handler's scratch): on the heap, not the stack. */
    server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    srv->listen_fd = listen_fd;
    srv->signal_fd = -1;
    srv->log_fd = -1;
    srv->udp_fd = -1;
    srv->config = *config;
    srv->in_small_pool.size = IN_SMALL_SIZE;
    srv->in_large_pool.size = IN_LARGE_SIZE;
    srv->out_pool.size = OUT_BUFFER_SIZE;
    srv->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    srv->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (srv->epoll_fd < 0) {
        snprintf(err, err_cap, "epoll_create1: %s", strerror(errno));
        server_destroy(srv);
        return NULL;
    }

    size_t row_count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&row_count);
    size_t arena_size = snmp_mib_arena_size(rows, row_count);
    srv->mib_arena = malloc(arena_size);
    if (srv->mib_arena == NULL ||
        snmp_mib_init(&srv->mib, rows, row_count, srv->mib_arena, arena_size,
                      clock_now().ticks) != SNMP_OK) {
        snprintf(err, err_cap, "cannot set up the built-in MIB");
        server_destroy(srv);
        return NULL;
    }
    /* Open connections take at most max_clients slots and lingering ones at
     * most max_lingering, so the free list is never empty when one is needed. */
    srv->slot_count = (size_t)config->max_clients + config->max_lingering;
    srv->conns = calloc(srv->slot_count, sizeof *srv->conns);
    if (srv->conns == NULL) {
        snprintf(err, err_cap, "cannot allocate %zu connection slots", srv->slot_count);
        server_destroy(srv);
        return NULL;
    }
    for (size_t i = srv->slot_count; i-- > 0;) {
        srv->conns[i].fd = -1;
        srv->conns[i].next_free = srv->free_conns;
        srv->free_conns = &srv->conns[i];
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) != 0) {
        snprintf(err, err_cap, "epoll_ctl: %s", strerror(errno));
        server_destroy(srv);
        return NULL;
    }
    if (!watch_signals_and_log(srv, err, err_cap) ||
        !serve_snmp(srv, sockets->udp_fd, err, err_cap)) {
        server_destroy(srv);
        return NULL;
    }
    return srv;
}

void server_destroy(server *srv)
{
    if (srv->conns != NULL) {
        for (size_t i = 0; i < srv->slot_count; i++) {
            if (srv->conns[i].state != CONN_FREE)
                conn_close(srv, &srv->conns[i]);
        }
        free(srv->conns);
    }
    pool_drain(&srv->in_small_pool);
    pool_drain(&srv->in_large_pool);
    pool_drain(&srv->out_pool);
    if (srv->epoll_fd >= 0)
        close(srv->epoll_fd);
    if (srv->reserve_fd >= 0)
        close(srv->reserve_fd);
    if (srv->signal_fd >= 0)
        close(srv->signal_fd);
    free(srv->mib_arena);
    udp_destroy(srv->udp);
    free(srv->snmp_scratch);
    free(srv);
}

/*
 * Under unbroken load one turn can take long: up to EVENTS_PER_WAIT busy
 * connections, each allowed READS_PER_TURN full reads. So once a turn has
 * run this long, the signalfd is also read between two events: a stop signal
 * waits at most this plus one connection's share of a turn.
 */
enum {
    SIGNAL_CHECK_MS = 50,
    /* The clock is read for that every this many events, not after each:
     * one clock read per event cost measurable throughput at 16x8 (README
     * "Benchmark"), and 16 events take far less than SIGNAL_CHECK_MS. */
    SIGNAL_CHECK_EVERY = 16
};

/* Handles one event of the epoll set; false when it was a stop signal. */
static bool handle_event(server *srv, const struct epoll_event *event)
{
    void *tag = event->data.ptr;
    if (tag == NULL)
        accept_clients(srv);
    else if (tag == &srv->signal_fd)
        return !stop_signal_arrived(srv);
    else if (tag == &srv->log_fd)
        log_event(srv, event->events);
    else if (tag == &srv->udp_fd)
        udp_serve(srv->udp);
    else
        conn_event(srv, tag, event->events);
    return true;
}

/* After every SIGNAL_CHECK_EVERY-th event of a turn that has run
 * SIGNAL_CHECK_MS since *checked_ms: reads the signalfd; true if a stop
 * signal arrived. */
static bool stop_signal_mid_turn(const server *srv, int event_index, uint64_t *checked_ms)
{
    if (event_index % SIGNAL_CHECK_EVERY != SIGNAL_CHECK_EVERY - 1)
        return false;
    uint64_t t = clock_now().ms;
    if (t - *checked_ms < SIGNAL_CHECK_MS)
        return false;
    *checked_ms = t;
    return stop_signal_arrived(srv);
}

int server_run(server *srv, char *err, size_t err_cap)
{
    struct epoll_event events[EVENTS_PER_WAIT];
    for (;;) {
        /* Before waiting: lines printed since the last wait (the listening
         * line, last turn's lines) may be waiting for stdout. */
        log_arm(srv);
        int n = epoll_wait(srv->epoll_fd, events, EVENTS_PER_WAIT, wait_timeout_ms(srv));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, err_cap, "epoll_wait: %s", strerror(errno));
            return -1;
        }
        clock_reading now = clock_now();
        srv->now_ms = now.ms;
        srv->now_ticks = now.ticks;
        uint64_t signals_checked_ms = now.ms;
        for (int i = 0; i < n; i++) {
            /* Once a stop signal arrived, the rest of the turn no longer matters. */
            if (!handle_event(srv, &events[i]) ||
                stop_signal_mid_turn(srv, i, &signals_checked_ms))
                return 0;
        }
        expire_idle(srv);
        trim_after_peak(srv);
    }
}
