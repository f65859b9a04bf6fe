/*
 * snmp_floor: the floor ci/bench compares the agent against.
 *
 *   snmp_floor [--port P] [--bind ADDRESS]
 *
 * It does the least work a correct server can do per request: frame it
 * (with the core's framer, so the size-field rules are the agent's) and
 * answer with one fixed, pre-encoded GetResponse into which the request's
 * request_id is copied, since snmp_loadgen checks it. Nothing is decoded and
 * no MIB is consulted. Answers to all the requests one read delivered go out
 * in one send. What is left between this and the agent is the agent's own
 * cost; what the floor costs is the transport's (loopback TCP, epoll, the
 * system calls) on this machine.
 *
 * The fixed answer is byte for byte the agent's answer to snmp_loadgen's
 * default request, GET 1.3.6.1.2.1.1.5.0 -> sysName STRING "router-main"
 * (35 bytes), so both sides move the same bytes; it is the right floor for
 * that request only (snmp_loadgen's sampled full decode notices another).
 *
 * Port 0 asks the kernel for a free port; the listening line says which:
 *   Floor listening on port P
 * SIGINT or SIGTERM closes everything and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "snmp/framer.h"
#include "snmp/message.h"
#include "snmp/oid.h"

enum {
    IN_CAP = SNMP_MAX_MESSAGE_SIZE,   /* the framer needs room for the largest message */
    OUT_CAP = 32768,                  /* answers batched per send */
    LISTEN_BACKLOG = 4096,            /* a burst of 1000 connects must not be refused */
    ACCEPTS_PER_TURN = 64,
    READS_PER_TURN = 4,
    EVENTS_PER_WAIT = 256,
    WANTED_FDS = 65536                /* open-file limit asked for, as far as allowed */
};

static const char REPLY_OID[] = "1.3.6.1.2.1.1.5.0";
static const char REPLY_VALUE[] = "router-main";

typedef struct conn {
    int fd;
    bool writing;        /* answers wait for the client: EPOLLOUT armed, reading paused */
    snmp_framer framer;
    uint8_t *in;         /* framer storage and the answer batch, attached at first read */
    uint8_t *out;
    size_t out_len;
    size_t out_sent;
} conn;

typedef struct floor_server {
    int epoll_fd;
    int listen_fd;
    uint8_t reply[64];
    size_t reply_len;
} floor_server;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

/* SIGINT and SIGTERM are blocked except inside epoll_pwait, so a signal can
 * never fall between the flag check and the wait. */
static bool install_signals(sigset_t *run_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return false;
    signal(SIGPIPE, SIG_IGN);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &blocked, run_mask) != 0)
        return false;
    sigdelset(run_mask, SIGINT);
    sigdelset(run_mask, SIGTERM);
    return true;
}

/* One descriptor per client: 1000 connections pass a default limit of 1024. */
static void raise_fd_limit(void)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= WANTED_FDS)
        return;
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= WANTED_FDS ? WANTED_FDS
                                                                               : lim.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &lim);
}

/* The agent's answer to GET 1.3.6.1.2.1.1.5.0 with request_id 0, encoded by
 * the core so it cannot drift from the wire format. */
static bool build_reply(floor_server *srv)
{
    /* Static, both: msg has 255 binding slots, and points into oid. */
    static snmp_message msg;
    static uint8_t oid[sizeof REPLY_OID];
    size_t oid_len;
    if (snmp_oid_from_text(REPLY_OID, strlen(REPLY_OID), oid, sizeof oid, &oid_len) != SNMP_OK)
        return false;
    memset(&msg, 0, sizeof msg);
    msg.pdu_type = SNMP_PDU_GET_RESPONSE;
    msg.error_code = SNMP_ERR_SUCCESS;
    msg.count = 1;
    msg.bindings[0].oid = oid;
    msg.bindings[0].oid_len = (uint8_t)oid_len;
    msg.bindings[0].type = SNMP_TYPE_STRING;
    msg.bindings[0].value = (const uint8_t *)REPLY_VALUE;
    msg.bindings[0].value_len = (uint16_t)strlen(REPLY_VALUE);
    return snmp_msg_pack(&msg, srv->reply, sizeof srv->reply, &srv->reply_len) == SNMP_OK;
}

static void conn_close(conn *c)
{
    close(c->fd);   /* also leaves the epoll set */
    free(c->in);
    free(c->out);
    free(c);
}

static bool conn_arm(floor_server *srv, conn *c, bool writing)
{
    if (c->writing == writing)
        return true;
    struct epoll_event ev = {.events = writing ? EPOLLOUT : EPOLLIN, .data.ptr = c};
    if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev) != 0)
        return false;
    c->writing = writing;
    return true;
}

/* Sends what it can of the batch. False on a broken connection. */
static bool conn_flush(conn *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (n > 0)
            c->out_sent += (size_t)n;
        else if (n < 0 && errno == EINTR)
            continue;
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        else
            return false;
    }
    c->out_len = c->out_sent = 0;
    return true;
}

/*
 * Answers every whole request the framer holds, a batch of at most OUT_CAP
 * bytes per send, until the framer is empty or the client stops reading.
 * Each pass either returns or consumes at least one request, so the loop
 * ends. False on a broken connection or a size field out of range.
 */
static bool conn_answer(const floor_server *srv, conn *c)
{
    for (;;) {
        snmp_status status = SNMP_OK;
        const uint8_t *msg;
        size_t msg_len;
        while (c->out_len + srv->reply_len <= OUT_CAP &&
               (status = snmp_framer_next(&c->framer, &msg, &msg_len)) == SNMP_OK) {
            uint8_t *answer = c->out + c->out_len;
            memcpy(answer, srv->reply, srv->reply_len);
            memcpy(answer + 4, msg + 4, 4);   /* request_id; the framer guarantees >= 9 bytes */
            c->out_len += srv->reply_len;
        }
        if (status == SNMP_MALFORMED || !conn_flush(c))
            return false;
        if (c->out_len > 0 || status == SNMP_INCOMPLETE)
            return true;
    }
}

/* Reads, answers, and pauses reading while answers wait. False: close c. */
static bool conn_read(const floor_server *srv, conn *c)
{
    if (c->in == NULL) {
        c->in = malloc(IN_CAP);
        c->out = malloc(OUT_CAP);
        if (c->in == NULL || c->out == NULL)
            return false;
        snmp_framer_init(&c->framer, c->in, IN_CAP);
    }
    for (int turn = 0; turn < READS_PER_TURN && c->out_len == 0; turn++) {
        size_t space;
        uint8_t *dst = snmp_framer_space(&c->framer, &space);
        ssize_t n = recv(c->fd, dst, space, 0);
        if (n > 0) {
            snmp_framer_commit(&c->framer, (size_t)n);
            if (!conn_answer(srv, c))
                return false;
            if ((size_t)n < space)
                break;   /* the socket is most likely drained */
        } else if (n == 0) {
            return false;   /* the client is done */
        } else if (errno == EINTR) {
            continue;
        } else {
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
    }
    return true;
}

static void conn_event(floor_server *srv, conn *c, uint32_t events)
{
    bool ok = true;
    if (c->writing) {
        /* The client drained some answers: send the rest, then answer what
         * arrived meanwhile before reading again. */
        ok = conn_flush(c) && (c->out_len > 0 || conn_answer(srv, c));
    } else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ok = conn_read(srv, c);
    }
    if (!ok || !conn_arm(srv, c, c->out_len > 0))
        conn_close(c);
}

/*
 * False when out of descriptors: the listener is level-triggered, so going on
 * would spin, and a floor that cannot take the load's connections measures
 * nothing; it stops and says so (the load generator sees the closes).
 */
static bool accept_clients(floor_server *srv)
{
    for (int turn = 0; turn < ACCEPTS_PER_TURN; turn++) {
        int fd = accept4(srv->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE) {
                fprintf(stderr, "snmp_floor: accept: %s\n", strerror(errno));
                return false;
            }
            return true;
        }
        conn *c = calloc(1, sizeof *c);
        if (c == NULL) {
            close(fd);
            continue;
        }
        c->fd = fd;
        snmp_framer_init(&c->framer, NULL, 0);
        /* As the agent does: a batch must not wait for the previous one's ACK. */
        int one = 1;
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0)
            conn_close(c);
    }
    return true;
}

static int open_listener(const char *address, uint16_t port)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, address, &addr.sin_addr) != 1) {
        fprintf(stderr, "snmp_floor: invalid bind address %s\n", address);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
        fprintf(stderr, "snmp_floor: cannot listen on %s port %u: %s\n", address, (unsigned)port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static uint16_t bound_port(int fd)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    socklen_t len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
        return 0;
    return ntohs(addr.sin_port);
}

static void usage(FILE *out)
{
    fputs("Usage: snmp_floor [--port P] [--bind ADDRESS]\n"
          "\n"
          "Answers every framed request with a fixed 35-byte GetResponse carrying the\n"
          "request's request_id: the transport floor ci/bench compares the agent to.\n"
          "  --port P        TCP port, 0 to 65535; 0 picks a free one (default 1161)\n"
          "  --bind ADDRESS  IPv4 address to listen on (default 127.0.0.1)\n",
          out);
}

static bool parse_port(const char *text, uint16_t *port)
{
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value > 65535)
        return false;
    *port = (uint16_t)value;
    return true;
}

/* Returns -1 to run, or the exit status (0 after --help, 2 on a bad option). */
static int parse_options(int argc, char **argv, uint16_t *port, const char **address)
{
    /* Every option but --help takes one value. */
    for (int i = 1; i < argc; i += 2) {
        const char *name = argv[i];
        const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (arg != NULL && strcmp(name, "--port") == 0) {
            if (!parse_port(arg, port)) {
                fprintf(stderr, "snmp_floor: invalid port %s\n", arg);
                return 2;
            }
        } else if (arg != NULL && strcmp(name, "--bind") == 0) {
            *address = arg;
        } else {
            fprintf(stderr, "snmp_floor: unknown or incomplete option %s\n", name);
            usage(stderr);
            return 2;
        }
    }
    return -1;
}

/* The reply, the signals, the listener and the epoll set. False: exit 1. */
static bool floor_setup(floor_server *srv, const char *address, uint16_t port,
                        sigset_t *run_mask)
{
    if (!build_reply(srv) || !install_signals(run_mask)) {
        fputs("snmp_floor: cannot set up the reply or the signal handlers\n", stderr);
        return false;
    }
    raise_fd_limit();
    srv->listen_fd = open_listener(address, port);
    if (srv->listen_fd < 0)
        return false;
    srv->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    if (srv->epoll_fd < 0 || epoll_ctl(srv->epoll_fd, EPOLL_CTL_ADD, srv->listen_fd, &lev) != 0) {
        fprintf(stderr, "snmp_floor: epoll: %s\n", strerror(errno));
        return false;
    }
    return true;
}

/* Serves until SIGINT or SIGTERM (status 0) or a fatal error (status 1). */
static int floor_run(floor_server *srv, const sigset_t *run_mask)
{
    struct epoll_event events[EVENTS_PER_WAIT];
    while (!stop_requested) {
        int n = epoll_pwait(srv->epoll_fd, events, EVENTS_PER_WAIT, -1, run_mask);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "snmp_floor: epoll_pwait: %s\n", strerror(errno));
            return 1;
        }
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr != NULL)
                conn_event(srv, events[i].data.ptr, events[i].events);
            else if (!accept_clients(srv))
                return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint16_t port = SNMP_DEFAULT_PORT;
    const char *address = "127.0.0.1";
    int status = parse_options(argc, argv, &port, &address);
    if (status >= 0)
        return status;

    floor_server srv = {.epoll_fd = -1, .listen_fd = -1};
    sigset_t run_mask;
    status = 1;
    if (floor_setup(&srv, address, port, &run_mask)) {
        printf("Floor listening on port %u\n", (unsigned)bound_port(srv.listen_fd));
        fflush(stdout);   /* ci/bench waits for this line */
        status = floor_run(&srv, &run_mask);
    }
    /* Connections still open are closed by exit; the kernel frees them all. */
    if (srv.epoll_fd >= 0)
        close(srv.epoll_fd);
    if (srv.listen_fd >= 0)
        close(srv.listen_fd);
    return status;
}
