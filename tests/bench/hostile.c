/*
 * snmp_hostile: the hostile clients of ci/bench.
 *
 *   snmp_hostile --port P [--host 127.0.0.1] --scenario SCENARIO --clients N
 *                [--reopen tick|at-once]
 *
 * Runs one attack on the server until SIGTERM or SIGINT. SCENARIO is one of:
 *
 *   idle       N connections that send nothing. One the server closes (its
 *              idle timeout) is opened again at the next tick (every 100 ms),
 *              so N stay open.
 *   slowloris  N connections, each sending one byte of a valid 20-byte
 *              GetRequest per second and never the whole message (it stops
 *              at 19 bytes). One the server closes is opened again and starts
 *              the request over.
 *   nonreader  N connections (SO_RCVBUF 4096, set before connect, so answers
 *              pile up at the server) that pipeline whole GetRequests as fast
 *              as the socket takes them and never read. One the server closes
 *              is opened again.
 *   storm      N slots, each looping as fast as it can: a non-blocking
 *              connect, and once connected, in turn: close at once; send half
 *              a request, close; send a whole request, close without reading;
 *              close with SO_LINGER 0 (a reset).
 *
 * With --reopen at-once, an idle, slowloris or nonreader connection the
 * server closes is opened again at once instead of at the next tick (issue
 * 9's attacker against a server at its client cap: each connection it
 * closes to make room comes straight back); the attack is then ready once
 * every one of the N has connected once.
 *
 * Connects are non-blocking and at most CONNECTS_IN_FLIGHT are in progress at
 * once, since the server's listen backlog is finite. As soon as the attack is
 * fully established, one line goes to stdout (and is flushed):
 *
 *   idle, slowloris:  ready open=N           (all N connected at once)
 *   nonreader:        ready blocked=N        (every connection's send has
 *                                              met EAGAIN: it is stuck)
 *   storm:            ready cycles=1000      (1000 connect/close cycles done)
 *
 * After the signal everything is closed and one summary line goes to stdout
 * (one line each; wrapped here):
 *
 *   scenario=idle clients=N opened=O closed_by_agent=A open_at_end=K
 *   connect_failures=F unexpected_replies=U seconds=T
 *
 *   scenario=slowloris clients=N opened=O closed_by_agent=A open_at_end=K
 *   bytes_trickled=B connect_failures=F unexpected_replies=U seconds=T
 *
 *   scenario=nonreader clients=N opened=O closed_by_agent=A open_at_end=K
 *   requests_sent=R bytes_sent=B connect_failures=F seconds=T
 *
 *   scenario=storm clients=N cycles=C cycles_per_sec=X closed_at_once=A
 *   half_request=H whole_request=W reset=R connect_failures=F seconds=T
 *
 * opened counts completed connects; closed_by_agent the connections the
 * server ended (end of stream, reset); connect_failures the connects refused
 * or failed (retried at the next tick). unexpected_replies counts idle or
 * slowloris connections that received any byte: none of them ever sent a
 * whole request, so any answer is wrong.
 *
 * Exit status: 0 after the signal, 1 if unexpected_replies is not 0, 2 on a
 * usage error or a resource the run cannot get (descriptors, memory).
 *
 * Single-threaded and event-driven (epoll). SIGINT and SIGTERM are blocked
 * except inside epoll_pwait, so one cannot slip in between the check of the
 * flag and the wait; and since epoll_pwait takes a pending signal only when
 * it has no event to return, a loop that always has events (the storm)
 * also looks for one with sigpending.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fd_limit.h"
#include "snmp/message.h"
#include "snmp/oid.h"

enum {
    MAX_CLIENTS = 60000,       /* bounds the tables; the ephemeral ports end first */
    EVENTS_PER_WAIT = 1024,
    CONNECTS_IN_FLIGHT = 256,  /* well below the agent's listen backlog of 1024 */
    REQUEST_LEN = 20,          /* GET 1.3.6.1.2.1.1.5.0, checked when built */
    PIPELINE_REQUESTS = 205,   /* one block of requests back to back: 4100 bytes */
    SENDS_PER_TURN = 64,       /* a nonreader that keeps taking does not starve others */
    NONREADER_RCVBUF = 4096,
    STORM_READY_CYCLES = 1000,
    STORM_KINDS = 4,
    ERRORS_DESCRIBED = 10      /* on stderr; the rest are only counted */
};

static const char REQUEST_OID[] = "1.3.6.1.2.1.1.5.0";
static const uint64_t NS_PER_MS = 1000000u;

typedef enum scenario { IDLE, SLOWLORIS, NONREADER, STORM } scenario;
static const char *const SCENARIO_NAMES[] = {"idle", "slowloris", "nonreader", "storm"};
/* Ticks pace the reopening of closed connections, so a server that
 * refuses at once is not hammered in a loop, and the slowloris trickle
 * (every TRICKLE_TICKS ticks: one byte per second). The storm's tick only
 * retries connects that failed at once. */
static const unsigned TICK_MS[] = {100, 100, 100, 10};
static const uint64_t TRICKLE_TICKS = 10;

typedef enum storm_kind { CLOSE_AT_ONCE, HALF_REQUEST, WHOLE_REQUEST, RESET } storm_kind;

typedef struct options {
    const char *host;
    uint16_t port;
    scenario what;
    bool scenario_given;
    bool reopen_at_once;
    unsigned clients;
} options;

typedef enum slot_state { SLOT_CLOSED, SLOT_CONNECTING, SLOT_OPEN } slot_state;

typedef struct slot {
    int fd;
    slot_state state;
    bool blocked;       /* nonreader: a send met EAGAIN on this connection */
    bool hot;           /* nonreader: SENDS_PER_TURN taken, no EAGAIN yet */
    unsigned trickled;  /* slowloris: bytes of the request sent on this connection */
    size_t offset;      /* nonreader: where in the pipeline block the stream is */
} slot;

typedef struct run {
    options opt;
    int epoll_fd;
    struct sockaddr_in addr;
    slot *slots;
    /* Closed slots waiting to connect again: "waiting" connect at the next
     * refill, "cooling" (just closed by the server or failed) at the next
     * tick. Each holds slot indices; a slot is in at most one. */
    unsigned *waiting, *cooling;
    unsigned waiting_count, cooling_count;
    uint8_t request[REQUEST_LEN];
    uint8_t pipeline[PIPELINE_REQUESTS * REQUEST_LEN];
    unsigned connecting, open, blocked, hot;
    unsigned storm_next_kind;
    uint64_t ticks;
    bool ready;
    uint64_t start_ns;
    uint64_t opened, closed_by_agent, connect_failures, unexpected_replies;
    uint64_t bytes_trickled, bytes_sent, cycles;
    uint64_t kind_done[STORM_KINDS];
} run;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u * NS_PER_MS + (uint64_t)ts.tv_nsec;
}

/* ---- options ---- */

static void usage(FILE *out)
{
    fputs("Usage: snmp_hostile --port P [--host ADDRESS] --scenario SCENARIO --clients N\n"
          "\n"
          "Attacks the server until SIGTERM or SIGINT, prints 'ready ...' once the attack\n"
          "is established and one summary line at the end. SCENARIO:\n"
          "  idle        N connections that send nothing\n"
          "  slowloris   N connections trickling one byte of a request per second\n"
          "  nonreader   N connections pipelining requests, never reading\n"
          "  storm       N slots looping connect and close as fast as they can\n"
          "  --host ADDRESS   IPv4 address of the server (default 127.0.0.1)\n"
          "  --reopen WHEN    a connection the server closes is opened again at the\n"
          "                   next tick (tick, the default) or at once (at-once)\n"
          "Exit status: 0 clean run, 1 the server answered an incomplete request,\n"
          "2 usage or resources.\n",
          out);
}

static bool parse_option(const char *name, const char *arg, options *opt)
{
    char *end;
    if (arg == NULL)
        return false;
    if (strcmp(name, "--port") == 0 || strcmp(name, "--clients") == 0) {
        errno = 0;
        unsigned long v = strtoul(arg, &end, 10);
        bool port = name[2] == 'p';
        if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v < 1 ||
            v > (port ? 65535u : (unsigned long)MAX_CLIENTS))
            return false;
        if (port)
            opt->port = (uint16_t)v;
        else
            opt->clients = (unsigned)v;
        return true;
    }
    if (strcmp(name, "--host") == 0) {
        opt->host = arg;
        return true;
    }
    if (strcmp(name, "--reopen") == 0) {
        opt->reopen_at_once = strcmp(arg, "at-once") == 0;
        return opt->reopen_at_once || strcmp(arg, "tick") == 0;
    }
    if (strcmp(name, "--scenario") == 0) {
        for (size_t i = 0; i < sizeof SCENARIO_NAMES / sizeof SCENARIO_NAMES[0]; i++) {
            if (strcmp(arg, SCENARIO_NAMES[i]) == 0) {
                opt->what = (scenario)i;
                opt->scenario_given = true;
                return true;
            }
        }
    }
    return false;
}

/* Returns -1 to run, or the exit status (0 after --help, 2 on a bad option). */
static int parse_options(int argc, char **argv, options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->host = "127.0.0.1";
    for (int i = 1; i < argc; i += 2) {   /* every option but --help takes a value */
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (!parse_option(argv[i], i + 1 < argc ? argv[i + 1] : NULL, opt)) {
            fprintf(stderr, "snmp_hostile: unknown option, or a bad or missing value: %s\n",
                    argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (opt->port == 0 || !opt->scenario_given || opt->clients == 0) {
        fputs("snmp_hostile: --port, --scenario and --clients are required\n", stderr);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* ---- setup ---- */

/* The request all scenarios send (pipelined with ids 0, 1, 2, ...). */
static bool build_requests(run *r)
{
    static snmp_message msg;   /* 255 binding slots: kept off the stack */
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t oid_len;
    size_t len;
    if (snmp_oid_from_text(REQUEST_OID, strlen(REQUEST_OID), oid, sizeof oid, &oid_len) !=
        SNMP_OK)
        return false;
    memset(&msg, 0, sizeof msg);
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    msg.count = 1;
    msg.bindings[0].oid = oid;
    msg.bindings[0].oid_len = (uint8_t)oid_len;
    for (uint32_t i = 0; i < PIPELINE_REQUESTS; i++) {
        msg.request_id = i;
        if (snmp_msg_pack(&msg, r->pipeline + i * REQUEST_LEN, REQUEST_LEN, &len) != SNMP_OK ||
            len != REQUEST_LEN)
            return false;
    }
    memcpy(r->request, r->pipeline, REQUEST_LEN);
    return true;
}

/* SIGINT and SIGTERM only set a flag and are blocked except in epoll_pwait
 * (wait_mask); every send uses MSG_NOSIGNAL, SIGPIPE is ignored anyway. */
static bool install_signals(sigset_t *wait_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &blocked, wait_mask) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
        sigaction(SIGTERM, &sa, NULL) != 0)
        return false;
    signal(SIGPIPE, SIG_IGN);
    sigdelset(wait_mask, SIGINT);
    sigdelset(wait_mask, SIGTERM);
    return true;
}

static bool run_setup(run *r)
{
    unsigned n = r->opt.clients;
    memset(&r->addr, 0, sizeof r->addr);
    r->addr.sin_family = AF_INET;
    r->addr.sin_port = htons(r->opt.port);
    if (inet_pton(AF_INET, r->opt.host, &r->addr.sin_addr) != 1) {
        fprintf(stderr, "snmp_hostile: invalid host address %s\n", r->opt.host);
        return false;
    }
    if (!build_requests(r)) {
        fputs("snmp_hostile: cannot encode the GetRequest\n", stderr);
        return false;
    }
    r->slots = calloc(n, sizeof *r->slots);
    r->waiting = calloc(n, sizeof *r->waiting);
    r->cooling = calloc(n, sizeof *r->cooling);
    r->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (r->slots == NULL || r->waiting == NULL || r->cooling == NULL || r->epoll_fd < 0) {
        fputs("snmp_hostile: out of memory or descriptors\n", stderr);
        return false;
    }
    /* All start waiting; pushed in reverse so slot 0 connects first. */
    for (unsigned i = n; i-- > 0;) {
        r->slots[i].fd = -1;
        r->waiting[r->waiting_count++] = i;
    }
    r->start_ns = now_ns();
    return true;
}

static void run_teardown(run *r)
{
    if (r->slots != NULL) {
        for (unsigned i = 0; i < r->opt.clients; i++) {
            if (r->slots[i].state != SLOT_CLOSED)
                close(r->slots[i].fd);
        }
    }
    if (r->epoll_fd >= 0)
        close(r->epoll_fd);
    free(r->slots);
    free(r->waiting);
    free(r->cooling);
}

/* ---- slots ---- */

static unsigned slot_index(const run *r, const slot *s)
{
    return (unsigned)(s - r->slots);
}

/* Closes s and leaves it off both lists (the storm connects it again at once). */
static void slot_close(run *r, slot *s)
{
    if (s->state == SLOT_CLOSED)
        return;
    close(s->fd);   /* also leaves the epoll set */
    if (s->state == SLOT_CONNECTING)
        r->connecting--;
    else
        r->open--;
    if (s->blocked)
        r->blocked--;
    if (s->hot)
        r->hot--;
    s->fd = -1;
    s->state = SLOT_CLOSED;
    s->blocked = s->hot = false;
}

/* Closes s; it connects again after the next tick, not in a tight loop
 * against a server that refuses. */
static void slot_cool(run *r, slot *s)
{
    if (s->state == SLOT_CLOSED)
        return;
    slot_close(r, s);
    r->cooling[r->cooling_count++] = slot_index(r, s);
}

static void slot_closed_by_agent(run *r, slot *s)
{
    r->closed_by_agent++;
    if (r->opt.reopen_at_once && s->state != SLOT_CLOSED) {
        slot_close(r, s);
        r->waiting[r->waiting_count++] = slot_index(r, s);   /* connects at the next refill */
        return;
    }
    slot_cool(r, s);
}

/* Starts a non-blocking connect. False only when out of descriptors or
 * memory; a connect refused at once is counted and cools. */
static bool slot_connect(run *r, slot *s)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "snmp_hostile: socket: %s\n", strerror(errno));
        return false;
    }
    if (r->opt.what == NONREADER) {
        /* Before connect, so the window the server sees is small from the start. */
        int size = NONREADER_RCVBUF;
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = s};
    if (epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        fprintf(stderr, "snmp_hostile: epoll_ctl: %s\n", strerror(errno));
        close(fd);
        return false;
    }
    s->fd = fd;
    s->state = SLOT_CONNECTING;
    s->trickled = 0;
    s->offset = 0;
    r->connecting++;
    if (connect(fd, (const struct sockaddr *)&r->addr, sizeof r->addr) != 0 &&
        errno != EINPROGRESS) {
        /* EADDRNOTAVAIL (no ephemeral port free), ECONNREFUSED: try again later. */
        r->connect_failures++;
        slot_cool(r, s);
    }
    return true;
}

/* Starts connects for waiting slots while fewer than CONNECTS_IN_FLIGHT are
 * in progress. False when out of descriptors or memory. */
static bool refill(run *r)
{
    while (r->waiting_count > 0 && r->connecting < CONNECTS_IN_FLIGHT) {
        if (!slot_connect(r, &r->slots[r->waiting[--r->waiting_count]]))
            return false;
    }
    return true;
}

static void announce_ready(run *r, const char *what, uint64_t count)
{
    r->ready = true;
    printf("ready %s=%llu\n", what, (unsigned long long)count);
    fflush(stdout);
}

/* ---- the scenarios' events ---- */

/* Storm: the connect is done; close it one of the four ways, connect again. */
static bool storm_cycle(run *r, slot *s)
{
    storm_kind kind = (storm_kind)(r->storm_next_kind++ % STORM_KINDS);
    if (kind == HALF_REQUEST || kind == WHOLE_REQUEST) {
        size_t len = kind == HALF_REQUEST ? REQUEST_LEN / 2 : REQUEST_LEN;
        (void)send(s->fd, r->request, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    } else if (kind == RESET) {
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        (void)setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    r->cycles++;
    r->kind_done[kind]++;
    slot_close(r, s);
    if (!r->ready && r->cycles >= STORM_READY_CYCLES)
        announce_ready(r, "cycles", r->cycles);
    return slot_connect(r, s);
}

/* A connect completed (or failed). False when out of descriptors. */
static bool slot_connected(run *r, slot *s)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        r->connect_failures++;
        slot_cool(r, s);
        return true;
    }
    r->connecting--;
    r->open++;
    r->opened++;
    s->state = SLOT_OPEN;
    if (r->opt.what == STORM)
        return storm_cycle(r, s);
    /* Idle and slowloris listen for the server's close (or a wrong answer);
     * the nonreader only ever writes, and a reset shows as EPOLLERR. */
    uint32_t events = r->opt.what == NONREADER ? EPOLLOUT : EPOLLIN | EPOLLRDHUP;
    struct epoll_event ev = {.events = events, .data.ptr = s};
    if (epoll_ctl(r->epoll_fd, EPOLL_CTL_MOD, s->fd, &ev) != 0) {
        fprintf(stderr, "snmp_hostile: epoll_ctl: %s\n", strerror(errno));
        return false;
    }
    if (!r->ready && r->opt.what != NONREADER &&
        (r->open == r->opt.clients || (r->opt.reopen_at_once && r->opened >= r->opt.clients)))
        announce_ready(r, "open", r->open);
    return true;
}

/* Idle or slowloris: the server closed the connection, or answered it. */
static void listener_readable(run *r, slot *s)
{
    uint8_t buf[256];
    ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
        /* Nothing was ever a whole request: any byte is a wrong answer. */
        if (r->unexpected_replies++ < ERRORS_DESCRIBED)
            fprintf(stderr, "snmp_hostile: %zd unexpected bytes on a connection that sent %u "
                            "of %d request bytes\n", n, s->trickled, REQUEST_LEN);
        slot_cool(r, s);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        slot_closed_by_agent(r, s);
    }
}

/*
 * Nonreader: sends requests back to back until send meets EAGAIN. Only
 * EAGAIN ends the turn for good: TCP reports EPOLLOUT only once a third of
 * the send buffer is free, while send takes bytes as long as any room is
 * left, so a socket left short of EAGAIN might never be reported writable
 * again. One that is still taking after SENDS_PER_TURN stays hot and goes
 * on at the next loop turn, so the others get their turns.
 */
static void nonreader_pump(run *r, slot *s)
{
    for (int turn = 0; turn < SENDS_PER_TURN; turn++) {
        ssize_t n = send(s->fd, r->pipeline + s->offset, sizeof r->pipeline - s->offset,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            r->bytes_sent += (uint64_t)n;
            s->offset = (s->offset + (size_t)n) % sizeof r->pipeline;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (s->hot) {
                s->hot = false;
                r->hot--;
            }
            if (!s->blocked) {
                s->blocked = true;
                r->blocked++;
                if (!r->ready && r->blocked == r->opt.clients)
                    announce_ready(r, "blocked", r->blocked);
            }
            return;
        } else {
            slot_closed_by_agent(r, s);   /* EPIPE, ECONNRESET */
            return;
        }
    }
    if (!s->hot) {
        s->hot = true;
        r->hot++;
    }
}

static void nonreader_pump_hot(run *r)
{
    for (unsigned i = 0; i < r->opt.clients && r->hot > 0; i++) {
        if (r->slots[i].hot)
            nonreader_pump(r, &r->slots[i]);
    }
}

/* Slowloris, once per second: one more byte on every open connection. */
static void slowloris_trickle(run *r)
{
    for (unsigned i = 0; i < r->opt.clients; i++) {
        slot *s = &r->slots[i];
        if (s->state != SLOT_OPEN || s->trickled >= REQUEST_LEN - 1)
            continue;   /* never the last byte: the request stays incomplete */
        ssize_t n = send(s->fd, r->request + s->trickled, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n == 1) {
            s->trickled++;
            r->bytes_trickled++;
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            slot_closed_by_agent(r, s);
        }
    }
}

/* False when out of descriptors or memory. */
static bool handle_event(run *r, slot *s, uint32_t events)
{
    if (s->state == SLOT_CONNECTING)
        return slot_connected(r, s);
    if (s->state != SLOT_OPEN)
        return true;
    if (r->opt.what == NONREADER) {
        if (events & (EPOLLERR | EPOLLHUP))
            slot_closed_by_agent(r, s);
        else
            nonreader_pump(r, s);
    } else {
        listener_readable(r, s);
    }
    return true;
}

/* Once per tick: connections closed since the last one go back to waiting.
 * A slowloris connection that comes back starts its request over at the
 * next trickle. */
static bool tick(run *r)
{
    if (r->opt.what == SLOWLORIS && ++r->ticks % TRICKLE_TICKS == 0)
        slowloris_trickle(r);
    while (r->cooling_count > 0)
        r->waiting[r->waiting_count++] = r->cooling[--r->cooling_count];
    return refill(r);
}

/* Until the signal. False when out of descriptors or memory. */
static bool run_attack(run *r, const sigset_t *wait_mask)
{
    static struct epoll_event events[EVENTS_PER_WAIT];
    uint64_t tick_ns = TICK_MS[r->opt.what] * NS_PER_MS;
    uint64_t next_tick = r->start_ns + tick_ns;
    if (!refill(r))
        return false;
    while (!stop_requested) {
        uint64_t now = now_ns();
        int timeout = now >= next_tick || r->hot > 0
                          ? 0
                          : (int)((next_tick - now + NS_PER_MS - 1) / NS_PER_MS);
        int n = epoll_pwait(r->epoll_fd, events, EVENTS_PER_WAIT, timeout, wait_mask);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "snmp_hostile: epoll_pwait: %s\n", strerror(errno));
            return false;
        }
        /* epoll_pwait delivers a pending signal only when it would sleep;
         * the storm always has events ready, so look for it here too. */
        sigset_t pending;
        if (n > 0 && sigpending(&pending) == 0 &&
            (sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1))
            break;
        for (int i = 0; i < n; i++) {
            if (!handle_event(r, events[i].data.ptr, events[i].events))
                return false;
        }
        nonreader_pump_hot(r);
        if (!refill(r))
            return false;
        if (now_ns() >= next_tick) {
            if (!tick(r))
                return false;
            /* Ticks missed while busy are not made up: one byte per second
             * at most, never a burst. */
            while (next_tick <= now_ns())
                next_tick += tick_ns;
        }
    }
    return true;
}

static void print_summary(const run *r)
{
    double seconds = (double)(now_ns() - r->start_ns) / 1e9;
    const char *name = SCENARIO_NAMES[r->opt.what];
    unsigned long long opened = r->opened, closed = r->closed_by_agent;
    unsigned long long failures = r->connect_failures, unexpected = r->unexpected_replies;
    switch (r->opt.what) {
    case IDLE:
    case SLOWLORIS:
        printf("scenario=%s clients=%u opened=%llu closed_by_agent=%llu open_at_end=%u ", name,
               r->opt.clients, opened, closed, r->open);
        if (r->opt.what == SLOWLORIS)
            printf("bytes_trickled=%llu ", (unsigned long long)r->bytes_trickled);
        printf("connect_failures=%llu unexpected_replies=%llu seconds=%.1f\n", failures,
               unexpected, seconds);
        break;
    case NONREADER:
        printf("scenario=%s clients=%u opened=%llu closed_by_agent=%llu open_at_end=%u "
               "requests_sent=%llu bytes_sent=%llu connect_failures=%llu seconds=%.1f\n",
               name, r->opt.clients, opened, closed, r->open,
               (unsigned long long)(r->bytes_sent / REQUEST_LEN),
               (unsigned long long)r->bytes_sent, failures, seconds);
        break;
    case STORM:
        printf("scenario=%s clients=%u cycles=%llu cycles_per_sec=%.0f closed_at_once=%llu "
               "half_request=%llu whole_request=%llu reset=%llu connect_failures=%llu "
               "seconds=%.1f\n",
               name, r->opt.clients, (unsigned long long)r->cycles,
               seconds > 0.0 ? (double)r->cycles / seconds : 0.0,
               (unsigned long long)r->kind_done[CLOSE_AT_ONCE],
               (unsigned long long)r->kind_done[HALF_REQUEST],
               (unsigned long long)r->kind_done[WHOLE_REQUEST],
               (unsigned long long)r->kind_done[RESET], failures, seconds);
        break;
    }
}

int main(int argc, char **argv)
{
    static run r;   /* the tables' heads and the pipeline block: kept off the stack */
    int status = parse_options(argc, argv, &r.opt);
    if (status >= 0)
        return status;
    r.epoll_fd = -1;
    sigset_t wait_mask;
    if (!install_signals(&wait_mask)) {
        fprintf(stderr, "snmp_hostile: cannot install signal handlers: %s\n", strerror(errno));
        return 2;
    }
    if (!bench_raise_fd_limit("snmp_hostile", r.opt.clients, "clients") || !run_setup(&r) ||
        !run_attack(&r, &wait_mask)) {
        run_teardown(&r);
        return 2;
    }
    /* Counted before the teardown closes them. */
    print_summary(&r);
    run_teardown(&r);
    return r.unexpected_replies == 0 ? 0 : 1;
}
