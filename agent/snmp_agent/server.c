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
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "say.h"
#include "sys_io.h"
#include "snmp/framer.h"
#include "snmp/handler.h"

enum {
    /* Input: the framer never holds more than one maximum-size message. */
    IN_BUFFER_SIZE = SNMP_MAX_MESSAGE_SIZE,
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
    EVENTS_PER_WAIT = 256
};

typedef struct conn {
    int fd;                     /* -1 while the slot is free */
    bool reading_paused;        /* output backlog above the high-water mark */
    bool close_when_flushed;    /* peer sent EOF or broke its stream; finish writing, then close */
    bool failed;                /* its ERROR line is out: no "disconnected normally" */
    uint32_t armed_events;
    snmp_framer framer;
    uint8_t *in;                /* framer storage, attached on demand */
    uint8_t *out;               /* pending answers, attached on demand */
    size_t out_len;
    size_t out_sent;
    uint64_t deadline_ms;
    struct conn *older, *newer; /* the deadline list */
    struct conn *next_free;
    char ip[INET_ADDRSTRLEN];
} conn;

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
    conn *conns;
    conn *free_conns;
    size_t live;
    /* Every connection's deadline is "its last request + timeout", and the
     * timeout is the same for all, so appending on each touch keeps this
     * list sorted: the oldest deadline is always at the head. */
    conn *oldest, *newest;
    buffer_pool in_pool, out_pool;
    uint64_t now_ms;            /* the clock, read once per loop turn */
    uint64_t now_ticks;
    snmp_mib mib;
    snmp_handler_scratch scratch;
    /* Two more members of the epoll set, told apart from connections by
     * their addresses as the event's data.ptr (the listener's is NULL). */
    int signal_fd;              /* SIGINT and SIGTERM, read in the loop */
    int log_fd;                 /* stdout when it can be polled (say.h), else -1 */
    uint32_t log_armed;         /* EPOLLOUT while lines wait for stdout, else 0 */
} server;

/* ---- buffers ---- */

static uint8_t *pool_get(buffer_pool *pool)
{
    if (pool->count > 0)
        return pool->spare[--pool->count];
    return malloc(pool->size);
}

static void pool_put(buffer_pool *pool, uint8_t *buffer)
{
    if (buffer == NULL)
        return;
    if (pool->count < SPARE_BUFFERS_KEPT)
        pool->spare[pool->count++] = buffer;
    else
        free(buffer);
}

static void pool_drain(buffer_pool *pool)
{
    while (pool->count > 0)
        free(pool->spare[--pool->count]);
}

/* ---- the deadline list ---- */

static void deadline_unlink(server *srv, conn *c)
{
    if (c->older == NULL && c->newer == NULL && srv->oldest != c)
        return;   /* not in the list */
    if (c->older)
        c->older->newer = c->newer;
    else
        srv->oldest = c->newer;
    if (c->newer)
        c->newer->older = c->older;
    else
        srv->newest = c->older;
    c->older = c->newer = NULL;
}

static void deadline_reset(server *srv, conn *c, uint64_t now_ms)
{
    deadline_unlink(srv, c);
    c->deadline_ms = now_ms + srv->config.timeout_ms;
    c->older = srv->newest;
    if (srv->newest)
        srv->newest->newer = c;
    else
        srv->oldest = c;
    srv->newest = c;
}

/* ---- connection lifetime ---- */

static void conn_close(server *srv, conn *c)
{
    close(c->fd);   /* also removes it from the epoll set */
    c->fd = -1;
    deadline_unlink(srv, c);
    pool_put(&srv->in_pool, c->in);
    pool_put(&srv->out_pool, c->out);
    c->in = c->out = NULL;
    c->next_free = srv->free_conns;
    srv->free_conns = c;
    srv->live--;
}

/* One ERROR line per connection: one that already failed (its malformed
 * message reported, its earlier answers draining) closes quietly. */
static void conn_fail(server *srv, conn *c, const char *why)
{
    if (!c->failed)
        say_client("ERROR with client %s: %s", c->ip, why);
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
    if (events == c->armed_events)
        return true;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        conn_fail(srv, c, strerror(errno));
        return false;
    }
    c->armed_events = events;
    return true;
}

/* Gives the input buffer back once it holds nothing: idle costs no buffer. */
static void conn_release_input(server *srv, conn *c)
{
    if (c->in != NULL && snmp_framer_buffered(&c->framer) == 0) {
        (void)snmp_framer_set_storage(&c->framer, NULL, 0);
        pool_put(&srv->in_pool, c->in);
        c->in = NULL;
    }
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
        pool_put(&srv->out_pool, c->out);
        c->out = NULL;
        if (c->close_when_flushed) {
            if (!c->failed)
                say_client("Client %s disconnected normally", c->ip);
            conn_close(srv, c);
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
 * out, even to a client that reads them slowly; then c closes. Returns false
 * if c was closed.
 */
static bool conn_fail_after_flush(server *srv, conn *c, const char *why)
{
    if (!conn_flush(srv, c))
        return false;
    if (c->out_len == 0) {
        conn_fail(srv, c, why);
        return false;
    }
    say_client("ERROR with client %s: %s", c->ip, why);
    c->failed = true;
    c->close_when_flushed = true;
    return true;
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
        snmp_status status = snmp_framer_next(&c->framer, &msg, &msg_len);
        if (status == SNMP_INCOMPLETE)
            break;
        if (status != SNMP_OK) {
            char why[96];
            snprintf(why, sizeof why, "message size field out of range 9 to 65536 (got %u)",
                     (unsigned)snmp_msg_peek_size(c->framer.storage + c->framer.start));
            /* Earlier answers still go out; the stream has lost its framing. */
            return conn_fail_after_flush(srv, c, why);
        }
        if (c->out == NULL && (c->out = pool_get(&srv->out_pool)) == NULL) {
            conn_fail(srv, c, "out of memory");
            return false;
        }
        size_t answer_len;
        status = snmp_handle_request(&srv->mib, &srv->scratch, msg, msg_len, srv->now_ticks,
                                     c->out + c->out_len, OUT_BUFFER_SIZE - c->out_len,
                                     &answer_len);
        if (status != SNMP_OK) {
            /* Earlier answers still go out; this request gets none. */
            return conn_fail_after_flush(srv, c, status == SNMP_MALFORMED ? "malformed message"
                                                                          : "answer did not fit");
        }
        c->out_len += answer_len;
        deadline_reset(srv, c, srv->now_ms);
    }
    conn_release_input(srv, c);
    return conn_flush(srv, c);
}

/* Reads what the client sent and answers it. Returns false if c was closed. */
static bool conn_read(server *srv, conn *c)
{
    for (int turn = 0; turn < READS_PER_TURN && !c->reading_paused && !c->close_when_flushed;
         turn++) {
        if (c->in == NULL) {
            if ((c->in = pool_get(&srv->in_pool)) == NULL) {
                conn_fail(srv, c, "out of memory");
                return false;
            }
            (void)snmp_framer_set_storage(&c->framer, c->in, IN_BUFFER_SIZE);
        }
        size_t space;
        uint8_t *dst = snmp_framer_space(&c->framer, &space);
        ssize_t n = sys_recv(c->fd, dst, space, 0);
        if (n > 0) {
            snmp_framer_commit(&c->framer, (size_t)n);
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

static void conn_event(server *srv, conn *c, uint32_t events)
{
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

static void accept_clients(server *srv)
{
    for (int turn = 0; turn < ACCEPTS_PER_TURN; turn++) {
        struct sockaddr_in peer = {0};
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
        char ip[INET_ADDRSTRLEN] = "?";
        (void)inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
        say_client("Connection from %s:%u", ip, (unsigned)ntohs(peer.sin_port));

        if (srv->free_conns == NULL) {
            say_client("ERROR with client %s: too many clients (limit %u)", ip,
                       srv->config.max_clients);
            close(fd);
            continue;
        }
        conn *c = srv->free_conns;
        srv->free_conns = c->next_free;
        memset(c, 0, sizeof *c);
        c->fd = fd;
        memcpy(c->ip, ip, sizeof ip);
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
    while (srv->oldest != NULL && srv->oldest->deadline_ms <= srv->now_ms) {
        conn *c = srv->oldest;
        say_client("Client %s timed out after %.1fs", c->ip, (double)srv->config.timeout_ms / 1000.0);
        conn_close(srv, c);
    }
}

static int wait_timeout_ms(const server *srv)
{
    uint64_t now_ms = clock_now().ms;
    if (srv->oldest == NULL)
        return -1;
    if (srv->oldest->deadline_ms <= now_ms)
        return 0;
    uint64_t wait = srv->oldest->deadline_ms - now_ms;
    return wait > INT32_MAX ? INT32_MAX : (int)wait;
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

server *server_create(int listen_fd, const server_config *config, char *err, size_t err_cap)
{
    /* Large (the MIB and the handler's scratch): on the heap, not the stack. */
    server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    srv->listen_fd = listen_fd;
    srv->signal_fd = -1;
    srv->log_fd = -1;
    srv->config = *config;
    srv->in_pool.size = IN_BUFFER_SIZE;
    srv->out_pool.size = OUT_BUFFER_SIZE;
    srv->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    srv->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (srv->epoll_fd < 0) {
        snprintf(err, err_cap, "epoll_create1: %s", strerror(errno));
        server_destroy(srv);
        return NULL;
    }

    size_t table_count;
    const snmp_mib_object *table = snmp_mib_default_table(&table_count);
    if (snmp_mib_init(&srv->mib, table, table_count, clock_now().ticks) != SNMP_OK) {
        snprintf(err, err_cap, "the built-in MIB table is invalid");
        server_destroy(srv);
        return NULL;
    }
    srv->conns = calloc(config->max_clients, sizeof *srv->conns);
    if (srv->conns == NULL) {
        snprintf(err, err_cap, "cannot allocate %u connection slots", config->max_clients);
        server_destroy(srv);
        return NULL;
    }
    for (size_t i = config->max_clients; i-- > 0;) {
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
    if (!watch_signals_and_log(srv, err, err_cap)) {
        server_destroy(srv);
        return NULL;
    }
    return srv;
}

void server_destroy(server *srv)
{
    if (srv->conns != NULL) {
        for (size_t i = 0; i < srv->config.max_clients; i++) {
            if (srv->conns[i].fd >= 0)
                conn_close(srv, &srv->conns[i]);
        }
        free(srv->conns);
    }
    pool_drain(&srv->in_pool);
    pool_drain(&srv->out_pool);
    if (srv->epoll_fd >= 0)
        close(srv->epoll_fd);
    if (srv->reserve_fd >= 0)
        close(srv->reserve_fd);
    if (srv->signal_fd >= 0)
        close(srv->signal_fd);
    free(srv);
}

/*
 * Under unbroken load one turn can take long: up to EVENTS_PER_WAIT busy
 * connections, each allowed READS_PER_TURN full reads. So once a turn has
 * run this long, the signalfd is also read between two events: a stop signal
 * waits at most this plus one connection's share of a turn.
 */
enum { SIGNAL_CHECK_MS = 50 };

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
            void *tag = events[i].data.ptr;
            if (tag == NULL)
                accept_clients(srv);
            else if (tag == &srv->signal_fd) {
                if (stop_signal_arrived(srv))
                    return 0;   /* the rest of this turn's events no longer matter */
            } else if (tag == &srv->log_fd)
                log_event(srv, events[i].events);
            else
                conn_event(srv, tag, events[i].events);
            uint64_t t = clock_now().ms;
            if (t - signals_checked_ms >= SIGNAL_CHECK_MS) {
                if (stop_signal_arrived(srv))
                    return 0;
                signals_checked_ms = t;
            }
        }
        expire_idle(srv);
    }
}
