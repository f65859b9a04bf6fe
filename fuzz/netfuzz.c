/*
 * snmp_netfuzz: the network fuzzer (ci/netfuzz). Sends seeded, bounded
 * mutations of valid SNMP requests (and a few seed-protocol ones) to a
 * running agent on the loopback, over UDP and over TCP, in bursts, and
 * checks every byte the agent sends back (netfuzz_check.h); after each
 * burst the agent must still answer a GET of sysDescr exactly, over UDP and
 * over a new TCP connection. The first failure prints the seed and the
 * burst, writes the burst's messages to a file, and exits 1.
 *
 *   snmp_netfuzz --agent 127.0.0.1:PORT [--agent [::1]:PORT] --corpus DIR
 *                [--seed N] [--time SECONDS] [--messages N] [--out DIR]
 *                [--burst N]
 *
 * Bursts alternate between the agents given. --burst runs that one burst
 * alone (the same messages as in the run that printed it; the agent's MIB
 * and counters may differ). Everything is bounded: the run by --time and
 * --messages, each burst by BURST_MAX_MS, each wait by its own deadline.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "netfuzz_check.h"
#include "netfuzz_gen.h"
#include "snmp/responder.h"

enum {
    MAX_AGENTS = 2,
    MAX_CONNS = 6,
    BURST_MIN = 50,
    BURST_SPREAD = 151,          /* 50 .. 200 messages a burst */
    BURST_MAX_MS = 30000,        /* a burst that has not ended by then fails */
    UDP_QUIET_MS = 300,          /* after the last datagram: how long to wait for answers */
    UDP_WINDOW = 8,              /* unanswered datagrams in flight before waiting */
    UDP_WINDOW_WAIT_MS = 200,
    KNOWN_GOOD_TRIES = 3,
    KNOWN_GOOD_WAIT_MS = 3000,   /* per try */
    UDP4_MAX_SEND = 65507,       /* IPv4's largest UDP payload */
    UDP6_MAX_SEND = 65527,       /* IPv6's, without jumbograms */
    RX_DATAGRAM = 65536 + 1
};

typedef struct agent {
    struct sockaddr_storage addr;
    socklen_t addr_len;
    char text[64];
    bool v6;
} agent;

typedef struct options {
    agent agents[MAX_AGENTS];
    size_t agent_count;
    const char *corpus;
    const char *out_dir;
    uint64_t seed;
    double seconds;
    uint64_t messages;
    long only_burst;   /* -1: all */
} options;

typedef struct totals {
    uint64_t udp_sent, udp_unsendable, udp_answers, udp_unanswered;
    uint64_t tcp_messages, tcp_conns, tcp_answers, seed_answers, lazy, lazy_blocked;
    uint64_t bursts, known_good;
} totals;

/* ---- time ---- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- options ---- */

static void usage(FILE *to)
{
    fprintf(to, "usage: snmp_netfuzz --agent 127.0.0.1:PORT [--agent [::1]:PORT] --corpus DIR\n"
                "                    [--seed N] [--time SECONDS] [--messages N] [--out DIR]"
                " [--burst N]\n");
}

static bool parse_agent(const char *text, agent *a)
{
    memset(a, 0, sizeof *a);
    const char *colon = strrchr(text, ':');
    if (colon == NULL)
        return false;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
        return false;
    size_t host_len = (size_t)(colon - text);
    /* Loopback only: the fuzzer never sends anywhere else. */
    if (host_len == 9 && memcmp(text, "127.0.0.1", 9) == 0) {
        struct sockaddr_in *sa = (struct sockaddr_in *)&a->addr;
        sa->sin_family = AF_INET;
        sa->sin_port = htons((uint16_t)port);
        sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a->addr_len = sizeof *sa;
    } else if (host_len == 5 && memcmp(text, "[::1]", 5) == 0) {
        struct sockaddr_in6 *sa = (struct sockaddr_in6 *)&a->addr;
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons((uint16_t)port);
        sa->sin6_addr = in6addr_loopback;
        a->addr_len = sizeof *sa;
        a->v6 = true;
    } else {
        return false;
    }
    snprintf(a->text, sizeof a->text, "%s", text);
    return true;
}

static bool parse_number(const char *text, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v >= min && v <= max))
        return false;
    *out = v;
    return true;
}

static bool parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->out_dir = ".";
    o->seed = 1;
    o->seconds = 60;
    o->messages = 100000000;
    o->only_burst = -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        double v;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (val == NULL) {
            fprintf(stderr, "snmp_netfuzz: %s needs a value\n", arg);
            return false;
        }
        i++;
        if (strcmp(arg, "--agent") == 0) {
            if (o->agent_count == MAX_AGENTS || !parse_agent(val, &o->agents[o->agent_count])) {
                fprintf(stderr, "snmp_netfuzz: --agent takes 127.0.0.1:PORT or [::1]:PORT"
                                " (at most %d), not %s\n", MAX_AGENTS, val);
                return false;
            }
            o->agent_count++;
        } else if (strcmp(arg, "--corpus") == 0) {
            o->corpus = val;
        } else if (strcmp(arg, "--out") == 0) {
            o->out_dir = val;
        } else if (strcmp(arg, "--seed") == 0 && parse_number(val, 0, 1e15, &v)) {
            o->seed = (uint64_t)v;
        } else if (strcmp(arg, "--time") == 0 && parse_number(val, 0.1, 86400, &v)) {
            o->seconds = v;
        } else if (strcmp(arg, "--messages") == 0 && parse_number(val, 1, 1e12, &v)) {
            o->messages = (uint64_t)v;
        } else if (strcmp(arg, "--burst") == 0 && parse_number(val, 0, 1e9, &v)) {
            o->only_burst = (long)v;
        } else {
            fprintf(stderr, "snmp_netfuzz: bad option %s %s\n", arg, val);
            return false;
        }
    }
    if (o->agent_count == 0 || o->corpus == NULL) {
        usage(stderr);
        return false;
    }
    return true;
}

/* ---- the corpus: every *.bin of a directory, in name order ---- */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool load_corpus(const char *dir, nf_bases *b, size_t *loaded)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "snmp_netfuzz: cannot open %s: %s\n", dir, strerror(errno));
        return false;
    }
    char *names[NF_MAX_BASES];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < NF_MAX_BASES) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".bin") == 0)
            names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    bool ok = true;
    *loaded = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        static uint8_t buf[NF_MAX_OUT];
        FILE *f = names[i] ? fopen(path, "rb") : NULL;
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (f)
            fclose(f);
        if (f == NULL || !nf_bases_add_snmp(b, buf, n)) {
            fprintf(stderr, "snmp_netfuzz: %s is not a request this fuzzer takes apart\n", path);
            ok = false;
        } else {
            ++*loaded;
        }
        free(names[i]);
    }
    return ok;
}

/* ---- one burst ---- */

enum conn_mode { MODE_COMPLETE, MODE_EARLY_CLOSE, MODE_RESET };
static const char *const mode_names[] = {"complete", "early-close", "reset"};

typedef struct conn {
    int fd;
    bool seed;
    uint32_t break_one_in;   /* a message may be broken with chance 1/this (0: none is) */
    enum conn_mode mode;
    uint8_t *tx;
    size_t tx_len, tx_cap, tx_sent;
    size_t *cuts;       /* write boundaries, ascending, the last == tx_len */
    size_t cut_count, next_cut;
    size_t stop_at;     /* early close / reset: once this much is sent */
    uint8_t *rx;
    size_t rx_len, rx_cap;
    bool connected, shut, done, reset_seen;
    /* A lazy reader reads nothing until its writes block or end, so the
     * agent's answers back up and it must stop reading and resume. */
    bool lazy, blocked;
    nf_tcp_model model;
    size_t messages;
} conn;

typedef struct sent_udp {
    nf_expect e;
    bool expected, answered;
} sent_udp;

typedef struct burst {
    uint64_t number;
    const agent *a;
    nf_message *msgs;
    int *where;          /* -1 UDP, else the connection */
    size_t count;
    conn conns[MAX_CONNS];
    size_t conn_count;
    sent_udp *udp;       /* per message (UDP ones only) */
    int udp_fd;
    size_t udp_next;     /* next message index to consider for UDP */
    int64_t udp_last;    /* last datagram sent or answer received */
    char why[512];
} burst;

static uint8_t rx_datagram[RX_DATAGRAM];

__attribute__((format(printf, 2, 3))) static bool burst_fail(burst *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->why, sizeof b->why, fmt, ap);
    va_end(ap);
    return false;
}

static bool append(uint8_t **buf, size_t *len, size_t *cap, const uint8_t *p, size_t n)
{
    if (n == 0)
        return true;
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n)
            c *= 2;
        uint8_t *q = realloc(*buf, c);
        if (q == NULL)
            return false;
        *buf = q;
        *cap = c;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return true;
}

/* Messages, transports, and each connection's bytes and write boundaries. */
static bool plan_burst(burst *b, nf_bases *bases, nf_rng *r, uint64_t budget)
{
    b->count = BURST_MIN + nf_below(r, BURST_SPREAD);
    if (b->count > budget)
        b->count = (size_t)budget;
    b->conn_count = 1 + nf_below(r, MAX_CONNS);
    for (size_t c = 0; c < b->conn_count; c++)
        b->conns[c].fd = -1;   /* before anything can fail: burst_free closes them */
    b->msgs = calloc(b->count, sizeof *b->msgs);
    b->where = calloc(b->count, sizeof *b->where);
    b->udp = calloc(b->count, sizeof *b->udp);
    if (b->msgs == NULL || b->where == NULL || b->udp == NULL)
        return burst_fail(b, "out of memory");
    for (size_t c = 0; c < b->conn_count; c++) {
        conn *k = &b->conns[c];
        k->seed = nf_one_in(r, 8);
        /* The agent closes at the first message it refuses, so most
         * messages of a connection are valid and a few are broken. */
        static const uint32_t rates[] = {0, 40, 10, 3};
        k->break_one_in = rates[nf_below(r, 4)];
        uint32_t m = nf_below(r, 10);
        k->mode = m < 7 ? MODE_COMPLETE : m < 9 ? MODE_EARLY_CLOSE : MODE_RESET;
        k->lazy = k->mode == MODE_COMPLETE && nf_one_in(r, 4);
    }
    size_t udp_limit = b->a->v6 ? UDP6_MAX_SEND : UDP4_MAX_SEND;
    for (size_t i = 0; i < b->count; i++) {
        int where = nf_one_in(r, 2) ? -1 : (int)nf_below(r, (uint32_t)b->conn_count);
        b->where[i] = where;
        bool valid_only = where >= 0 && (b->conns[where].break_one_in == 0 ||
                                         !nf_one_in(r, b->conns[where].break_one_in));
        bool ok = where >= 0 && b->conns[where].seed
                      ? nf_make_seed(bases, r, valid_only, &b->msgs[i])
                      : nf_make_snmp(bases, r, where < 0 ? udp_limit : SNMP_TCP_MAX_MESSAGE,
                                     valid_only, &b->msgs[i]);
        if (!ok)
            return burst_fail(b, "out of memory");
    }
    for (size_t c = 0; c < b->conn_count; c++) {
        conn *k = &b->conns[c];
        size_t cut_cap = 0;
        /* How this connection's writes are cut: one message each, several
         * per write, or split at random points inside messages. */
        uint32_t style = nf_below(r, 3);
        for (size_t i = 0; i < b->count; i++) {
            if (b->where[i] != (int)c)
                continue;
            size_t start = k->tx_len;
            if (!append(&k->tx, &k->tx_len, &k->tx_cap, b->msgs[i].bytes, b->msgs[i].len))
                return burst_fail(b, "out of memory");
            k->messages++;
            size_t splits = style == 2 ? nf_below(r, 4) : 0;
            size_t need = k->cut_count + splits + 1;
            if (need > cut_cap) {
                cut_cap = need * 2;
                size_t *q = realloc(k->cuts, cut_cap * sizeof *q);
                if (q == NULL)
                    return burst_fail(b, "out of memory");
                k->cuts = q;
            }
            /* Random split points, ascending, inside this message. */
            size_t len = b->msgs[i].len, last = start;
            for (size_t s = 0; s < splits && len > 1; s++) {
                size_t at = start + 1 + nf_below(r, (uint32_t)(len - 1));
                if (at > last)
                    k->cuts[k->cut_count++] = last = at;
            }
            if (style != 1 || nf_one_in(r, 4))
                k->cuts[k->cut_count++] = k->tx_len;
        }
        if (k->cut_count == 0 || k->cuts[k->cut_count - 1] != k->tx_len) {
            size_t *q = realloc(k->cuts, (k->cut_count + 1) * sizeof *q);
            if (q == NULL)
                return burst_fail(b, "out of memory");
            k->cuts = q;
            k->cuts[k->cut_count++] = k->tx_len;
        }
        k->stop_at = k->mode == MODE_COMPLETE ? k->tx_len
                                              : k->cuts[nf_below(r, (uint32_t)k->cut_count)];
        if (k->mode == MODE_RESET && nf_one_in(r, 4))
            k->stop_at = 0;
        if (!nf_tcp_model_build(k->tx, k->tx_len, &k->model))
            return burst_fail(b, "out of memory");
    }
    return true;
}

static void burst_free(burst *b)
{
    for (size_t i = 0; i < b->count && b->msgs; i++)
        free(b->msgs[i].bytes);
    free(b->msgs);
    free(b->where);
    free(b->udp);
    for (size_t c = 0; c < b->conn_count; c++) {
        conn *k = &b->conns[c];
        if (k->fd >= 0)
            close(k->fd);
        free(k->tx);
        free(k->cuts);
        free(k->rx);
        nf_tcp_model_free(&k->model);
    }
    if (b->udp_fd >= 0)
        close(b->udp_fd);
}

/* A socket connecting to a (non-blocking); small: small TCP buffers, so a
 * lazy reader's answers back up in the agent within a few requests. */
static int open_socket(const agent *a, int type, bool small)
{
    int fd = socket(a->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (type == SOCK_DGRAM) {
        int big = 4 << 20;
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    } else {
        int one = 1, rcv = 4096, snd = 16384;
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (small) {
            (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
            (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof snd);
        }
    }
    if (connect(fd, (const struct sockaddr *)&a->addr, a->addr_len) != 0 &&
        errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Checks what a connection received; it is over. */
static bool conn_finish(burst *b, size_t c, totals *t)
{
    conn *k = &b->conns[c];
    /* Complete unless we cut it, or the agent reset it after a refusal
     * (it may, once a refused stream's lingering bound is reached). */
    bool complete = k->mode == MODE_COMPLETE && !k->reset_seen;
    size_t answers = 0;
    char why[400];
    if (!nf_check_tcp_answers(&k->model, k->rx, k->rx_len, complete, &answers, why, sizeof why))
        return burst_fail(b, "TCP connection %zu (%s, %s%s, %zu messages, %zu of %zu bytes "
                          "sent, %zu received): %s", c, k->model.seed ? "seed protocol" : "SNMP",
                          mode_names[k->mode], k->lazy ? ", lazy reader" : "", k->messages,
                          k->tx_sent, k->tx_len, k->rx_len, why);
    if (k->model.seed)
        t->seed_answers += answers;
    else
        t->tcp_answers += answers;
    k->done = true;
    t->lazy += k->lazy;
    t->lazy_blocked += k->lazy && k->blocked;
    if (k->fd >= 0) {
        if (k->mode == MODE_RESET) {
            struct linger lg = {1, 0};
            (void)setsockopt(k->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        close(k->fd);
        k->fd = -1;
    }
    return true;
}

static bool conn_read(burst *b, size_t c, totals *t)
{
    conn *k = &b->conns[c];
    for (int turn = 0; turn < 16; turn++) {
        uint8_t buf[65536];
        ssize_t n = recv(k->fd, buf, sizeof buf, 0);
        if (n > 0) {
            if (!append(&k->rx, &k->rx_len, &k->rx_cap, buf, (size_t)n))
                return burst_fail(b, "out of memory");
            continue;
        }
        if (n == 0)
            return conn_finish(b, c, t);
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return true;
        if (errno == ECONNRESET && k->model.refused) {
            k->reset_seen = true;
            return conn_finish(b, c, t);
        }
        return burst_fail(b, "TCP connection %zu: %s from the agent%s", c, strerror(errno),
                          k->model.refused ? "" : " (it refused nothing on it)");
    }
    return true;
}

static bool conn_write(burst *b, size_t c, totals *t)
{
    conn *k = &b->conns[c];
    if (!k->connected) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
            return burst_fail(b, "TCP connection %zu: connect failed: %s", c, strerror(err));
        k->connected = true;
    }
    while (k->tx_sent < k->stop_at) {
        while (k->next_cut < k->cut_count && k->cuts[k->next_cut] <= k->tx_sent)
            k->next_cut++;
        size_t end = k->next_cut < k->cut_count ? k->cuts[k->next_cut] : k->tx_len;
        if (end > k->stop_at)
            end = k->stop_at;
        ssize_t n = send(k->fd, k->tx + k->tx_sent, end - k->tx_sent, MSG_NOSIGNAL);
        if (n > 0) {
            /* A partial write means the send buffer is full: POLLOUT will
             * not come until the agent reads, which it may not do until
             * its answers are read. */
            k->blocked = k->blocked || (size_t)n < end - k->tx_sent;
            k->tx_sent += (size_t)n;
            return true;   /* one write per turn, so the agent sees the cuts */
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            k->blocked = k->blocked || errno != EINTR;
            return true;
        }
        if (n < 0 && (errno == EPIPE || errno == ECONNRESET) && k->model.refused) {
            k->stop_at = k->tx_sent;   /* the agent has closed after a refusal */
            k->reset_seen = errno == ECONNRESET;
            break;
        }
        return burst_fail(b, "TCP connection %zu: send: %s%s", c, strerror(errno),
                          k->model.refused ? "" : " (the agent refused nothing on it)");
    }
    if (k->mode != MODE_COMPLETE) {
        /* Cut short: take what has arrived, then close (or reset). */
        if (!conn_read(b, c, t))
            return false;
        return k->done || conn_finish(b, c, t);
    }
    if (!k->shut) {
        (void)shutdown(k->fd, SHUT_WR);
        k->shut = true;
    }
    return true;
}

/* Sends the next UDP datagram, if the window allows. */
static bool udp_send_next(burst *b, totals *t)
{
    while (b->udp_next < b->count && b->where[b->udp_next] != -1)
        b->udp_next++;
    if (b->udp_next == b->count)
        return true;
    size_t outstanding = 0;
    for (size_t i = 0; i < b->udp_next; i++)
        outstanding += b->udp[i].expected && !b->udp[i].answered;
    if (outstanding >= UDP_WINDOW && now_ms() - b->udp_last < UDP_WINDOW_WAIT_MS)
        return true;
    size_t i = b->udp_next;
    const nf_message *m = &b->msgs[i];
    ssize_t n = send(b->udp_fd, m->bytes, m->len, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return true;
    b->udp_next++;
    b->udp_last = now_ms();
    if (n < 0 && errno == EMSGSIZE) {
        t->udp_unsendable++;   /* above what IPv4 or IPv6 carries */
        return true;
    }
    if (n < 0)
        return burst_fail(b, "UDP send of message %zu: %s", i, strerror(errno));
    t->udp_sent++;
    b->udp[i].expected = nf_snmp_answered(m->bytes, m->len, SNMP_UDP_MAX_MESSAGE, &b->udp[i].e);
    return true;
}

static bool udp_receive(burst *b, totals *t)
{
    for (int turn = 0; turn < 64; turn++) {
        ssize_t n = recv(b->udp_fd, rx_datagram, sizeof rx_datagram, MSG_TRUNC);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return true;
        if (n < 0)
            return burst_fail(b, "UDP receive: %s (is the agent still there?)", strerror(errno));
        nf_expect got;
        char why[300];
        if ((size_t)n >= sizeof rx_datagram)
            return burst_fail(b, "UDP answer of %zd bytes", n);
        if (!nf_check_response(rx_datagram, (size_t)n, SNMP_UDP_MAX_MESSAGE, &got, why,
                               sizeof why))
            return burst_fail(b, "UDP answer: %s", why);
        size_t i = 0;
        while (i < b->count && !(b->udp[i].expected && !b->udp[i].answered &&
                                 nf_expect_same(&b->udp[i].e, &got)))
            i++;
        if (i == b->count)
            return burst_fail(b, "UDP answer (request-id %d, version %d) to no request sent",
                              (int)got.request_id, (int)got.version);
        b->udp[i].answered = true;
        b->udp_last = now_ms();
        t->udp_answers++;
    }
    return true;
}

static bool udp_settled(const burst *b)
{
    if (b->udp_next < b->count)
        return false;
    bool all = true;
    for (size_t i = 0; i < b->count; i++)
        all = all && (!b->udp[i].expected || b->udp[i].answered);
    return all || now_ms() - b->udp_last >= UDP_QUIET_MS;
}

static bool run_burst(burst *b, totals *t)
{
    b->udp_fd = open_socket(b->a, SOCK_DGRAM, false);
    if (b->udp_fd < 0)
        return burst_fail(b, "UDP socket: %s", strerror(errno));
    for (size_t c = 0; c < b->conn_count; c++) {
        b->conns[c].fd = open_socket(b->a, SOCK_STREAM, b->conns[c].lazy);
        if (b->conns[c].fd < 0)
            return burst_fail(b, "TCP connect to %s: %s", b->a->text, strerror(errno));
        t->tcp_conns++;
        t->tcp_messages += b->conns[c].messages;
    }
    b->udp_last = now_ms();
    int64_t deadline = now_ms() + BURST_MAX_MS;
    for (;;) {
        struct pollfd fds[MAX_CONNS + 1];
        size_t map[MAX_CONNS];
        nfds_t n = 0;
        fds[n++] = (struct pollfd){b->udp_fd, POLLIN | (b->udp_next < b->count ? POLLOUT : 0), 0};
        bool tcp_open = false;
        for (size_t c = 0; c < b->conn_count; c++) {
            conn *k = &b->conns[c];
            if (k->done)
                continue;
            tcp_open = true;
            short ev = (short)(!k->lazy || k->blocked || k->tx_sent >= k->stop_at ? POLLIN : 0);
            if (!k->connected || k->tx_sent < k->stop_at || (k->mode != MODE_COMPLETE) ||
                !k->shut)
                ev |= POLLOUT;
            map[n - 1] = c;
            fds[n++] = (struct pollfd){k->fd, ev, 0};
        }
        if (!tcp_open && udp_settled(b)) {
            for (size_t i = 0; i < b->count; i++)
                t->udp_unanswered += b->udp[i].expected && !b->udp[i].answered;
            return true;
        }
        if (now_ms() > deadline) {
            for (size_t c = 0; c < b->conn_count; c++)
                if (!b->conns[c].done)
                    return burst_fail(b, "TCP connection %zu (%s): no end of stream from the "
                                      "agent within %d ms (%zu of %zu bytes sent, %zu received)",
                                      c, mode_names[b->conns[c].mode], BURST_MAX_MS,
                                      b->conns[c].tx_sent, b->conns[c].tx_len,
                                      b->conns[c].rx_len);
            return true;
        }
        if (poll(fds, n, 20) < 0 && errno != EINTR)
            return burst_fail(b, "poll: %s", strerror(errno));
        if ((fds[0].revents & POLLIN) && !udp_receive(b, t))
            return false;
        if (!udp_send_next(b, t))
            return false;
        for (nfds_t i = 1; i < n; i++) {
            size_t c = map[i - 1];
            conn *k = &b->conns[c];
            if (k->done)
                continue;
            /* POLLOUT asked for and not given: the send buffer is full, so
             * a write would block. A lazy reader must start reading now;
             * waiting for a send to fail would wait for ever when the last
             * write filled the buffer exactly (seed 1796543555, burst 815). */
            if (k->connected && k->tx_sent < k->stop_at && !(fds[i].revents & POLLOUT))
                k->blocked = true;
            if ((fds[i].revents & (POLLOUT | POLLERR | POLLHUP)) && !k->connected &&
                !conn_write(b, c, t))
                return false;
            if (k->done)
                continue;
            if (k->connected && (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) &&
                !conn_read(b, c, t))
                return false;
            if (!k->done && k->connected && (fds[i].revents & POLLOUT) && !conn_write(b, c, t))
                return false;
        }
    }
}

/* ---- the known-good request, after every burst ---- */

static bool known_good(const agent *a, uint64_t burst_number, char *why, size_t cap)
{
    uint8_t req[128], want[256], got[512];
    int32_t rid = (int32_t)(0x10000000u + (uint32_t)(burst_number & 0x0fffffff));
    size_t req_len = nf_sysdescr_get(rid, req, sizeof req);
    size_t want_len = nf_sysdescr_answer(rid, want, sizeof want);
    int fd = open_socket(a, SOCK_DGRAM, false);
    if (fd < 0) {
        snprintf(why, cap, "known-good GET: UDP socket: %s", strerror(errno));
        return false;
    }
    bool ok = false;
    for (int try = 0; try < KNOWN_GOOD_TRIES && !ok; try++) {
        if (send(fd, req, req_len, 0) != (ssize_t)req_len)
            break;
        int64_t until = now_ms() + KNOWN_GOOD_WAIT_MS;
        while (!ok && now_ms() < until) {
            struct pollfd p = {fd, POLLIN, 0};
            if (poll(&p, 1, (int)(until - now_ms())) <= 0)
                continue;
            ssize_t n = recv(fd, got, sizeof got, 0);
            if (n == (ssize_t)want_len && memcmp(got, want, want_len) == 0)
                ok = true;
            else if (n >= 0) {
                snprintf(why, cap, "known-good GET over UDP: a wrong answer of %zd bytes", n);
                close(fd);
                return false;
            }
        }
    }
    close(fd);
    if (!ok) {
        snprintf(why, cap, "known-good GET over UDP: no answer in %d tries of %d ms",
                 KNOWN_GOOD_TRIES, KNOWN_GOOD_WAIT_MS);
        return false;
    }
    fd = open_socket(a, SOCK_STREAM, false);
    if (fd < 0) {
        snprintf(why, cap, "known-good GET: TCP connect: %s", strerror(errno));
        return false;
    }
    size_t sent = 0, have = 0;
    int64_t until = now_ms() + KNOWN_GOOD_TRIES * KNOWN_GOOD_WAIT_MS;
    while (have < want_len && now_ms() < until) {
        struct pollfd p = {fd, (short)(POLLIN | (sent < req_len ? POLLOUT : 0)), 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        if ((p.revents & POLLOUT) && sent < req_len) {
            ssize_t n = send(fd, req + sent, req_len - sent, MSG_NOSIGNAL);
            if (n > 0)
                sent += (size_t)n;
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                break;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(fd, got + have, sizeof got - have, 0);
            if (n > 0)
                have += (size_t)n;
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                break;
        }
    }
    close(fd);
    if (have != want_len || memcmp(got, want, want_len) != 0) {
        snprintf(why, cap, "known-good GET over a new TCP connection: %zu bytes, not the %zu "
                 "of the right answer", have, want_len);
        return false;
    }
    return true;
}

/* ---- reproduction file ---- */

static void write_repro(const options *o, const burst *b, const char *why)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/netfuzz-seed%" PRIu64 "-burst%" PRIu64 ".txt", o->out_dir,
             o->seed, b->number);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "snmp_netfuzz: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    fprintf(f, "# snmp_netfuzz --seed %" PRIu64 " --burst %" PRIu64 " against %s\n", o->seed,
            b->number, b->a->text);
    fprintf(f, "# failure: %s\n", why);
    fprintf(f, "# one message a line, in the order made: udp, or tcp CONNECTION MODE; "
               "length; bytes in hex\n");
    for (size_t i = 0; i < b->count && b->msgs; i++) {
        if (b->msgs[i].bytes == NULL)
            break;
        if (b->where[i] < 0)
            fprintf(f, "udp %zu ", b->msgs[i].len);
        else
            fprintf(f, "tcp %d %s %zu ", b->where[i], mode_names[b->conns[b->where[i]].mode],
                    b->msgs[i].len);
        for (size_t j = 0; j < b->msgs[i].len; j++)
            fprintf(f, "%02x", b->msgs[i].bytes[j]);
        fputc('\n', f);
    }
    fclose(f);
    fprintf(stderr, "snmp_netfuzz: the burst's %zu messages are in %s\n", b->count, path);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    options o;
    if (!parse_options(argc, argv, &o))
        return 2;
    signal(SIGPIPE, SIG_IGN);
    nf_bases *bases = nf_bases_new();
    size_t loaded = 0;
    if (bases == NULL || !load_corpus(o.corpus, bases, &loaded) || !nf_bases_add_builtin(bases)) {
        fprintf(stderr, "snmp_netfuzz: could not set up the requests\n");
        nf_bases_free(bases);
        return 2;
    }
    printf("snmp_netfuzz: seed %" PRIu64 ", %.0f s, %zu requests from %s and %zu built, "
           "%zu seed-protocol ones; agents:", o.seed, o.seconds, loaded, o.corpus,
           nf_bases_snmp_count(bases) - loaded, nf_bases_seed_count(bases));
    for (size_t i = 0; i < o.agent_count; i++)
        printf(" %s", o.agents[i].text);
    printf("\n");
    fflush(stdout);

    totals t;
    memset(&t, 0, sizeof t);
    int64_t start = now_ms(), stop = start + (int64_t)(o.seconds * 1000);
    uint64_t sent = 0;
    int status = 0;
    for (uint64_t number = o.only_burst >= 0 ? (uint64_t)o.only_burst : 0;
         sent < o.messages && now_ms() < stop; number++) {
        burst b;
        memset(&b, 0, sizeof b);
        b.udp_fd = -1;
        b.number = number;
        b.a = &o.agents[number % o.agent_count];
        nf_rng r = nf_rng_of(o.seed, number);
        bool ok = plan_burst(&b, bases, &r, o.messages - sent) && run_burst(&b, &t);
        if (ok)
            ok = known_good(b.a, number, b.why, sizeof b.why);
        if (!ok) {
            fprintf(stderr, "snmp_netfuzz: FAILED at seed %" PRIu64 " burst %" PRIu64
                    " (%s): %s\n", o.seed, number, b.a->text, b.why);
            write_repro(&o, &b, b.why);
            status = 1;
        }
        sent += b.count;
        t.bursts++;
        t.known_good += ok;
        burst_free(&b);
        if (status != 0 || o.only_burst >= 0)
            break;
    }
    double secs = (double)(now_ms() - start) / 1000.0;
    printf("snmp_netfuzz: seed %" PRIu64 ", %" PRIu64 " bursts in %.1f s: UDP %" PRIu64
           " datagrams sent (%" PRIu64 " answers checked, %" PRIu64 " expected answers not "
           "seen, %" PRIu64 " too big to send), TCP %" PRIu64 " messages on %" PRIu64
           " connections (%" PRIu64 " lazy readers, %" PRIu64 " of them blocked; %" PRIu64
           " SNMP and %" PRIu64 " seed-protocol answers checked), "
           "known-good GET answered after %" PRIu64 " bursts; %s\n",
           o.seed, t.bursts, secs, t.udp_sent, t.udp_answers, t.udp_unanswered,
           t.udp_unsendable, t.tcp_messages, t.tcp_conns, t.lazy, t.lazy_blocked, t.tcp_answers, t.seed_answers,
           t.known_good, status == 0 ? "no failure" : "FAILED");
    nf_bases_free(bases);
    return status;
}
