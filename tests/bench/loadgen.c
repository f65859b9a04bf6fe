/*
 * snmp_loadgen: the load generator of ci/bench.
 *
 *   snmp_loadgen --port P [--host 127.0.0.1] --connections C --depth D
 *                --seconds T [--oid OID ...] [--warmup SECONDS]
 *
 * Opens C connections, and on each keeps exactly D GetRequests in flight: a
 * new request goes out as soon as a reply comes in. The load runs for the
 * warmup and then T seconds; only replies received within those T seconds
 * are counted and timed. Then no more requests are sent, and every reply
 * still owed must arrive within DRAIN_SECONDS. One line goes to stdout:
 *
 *   connections=C depth=D seconds=T replies=N replies_per_sec=X p50_us=A
 *   p99_us=B max_us=M reply_bytes=S errors=E
 *
 * (one line; wrapped here). Every reply is checked: its size field equals
 * its length, and every reply has the size of the first (the same request
 * to the same MIB), printed as reply_bytes; pdu_type is GetResponse;
 * error_code is SUCCESS; request_id is that of the oldest request in flight
 * on its connection, since answers come back in order. One reply in
 * SAMPLE_EVERY is also decoded whole with snmp_msg_unpack and must carry one
 * binding per OID asked. A failed check, a refused connect, a connection
 * error or close, or a missing reply is an error: the connection is closed,
 * the first few errors are described on stderr, and the exit status is 1.
 * Exit status 2 is a usage error or a resource the run cannot get.
 *
 * Single-threaded and event-driven (epoll), so the load generator's own cost
 * per request is one share of a recv and a send per batch of replies.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
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
#include "snmp/framer.h"
#include "snmp/message.h"
#include "snmp/oid.h"

enum {
    MAX_CONNECTIONS = 60000,   /* bounds the tables; the ephemeral ports (28232 by default) end first */
    MAX_DEPTH = 4096,
    EVENTS_PER_WAIT = 1024,
    READS_PER_EVENT = 4,
    SPARE_BUFFERS_KEPT = 64,
    SAMPLE_EVERY = 1024,       /* replies per full decode */
    ERRORS_DESCRIBED = 10
};

static const char DEFAULT_OID[] = "1.3.6.1.2.1.1.5.0";
static const uint64_t NS_PER_S = 1000000000u;
static const double CONNECT_SECONDS = 10.0;   /* all connects, even at a full backlog */
static const double DRAIN_SECONDS = 5.0;      /* replies still owed after the run */
static const double MAX_RUN_SECONDS = 3600.0;
/* Out buffers of all connections together: D requests of the request's
 * size each, which --oid lists could make large. */
static const size_t MAX_OUT_BYTES = (size_t)256 << 20;

/* ---- the latency histogram ---- */

/*
 * Log-linear, in nanoseconds: below 2^SUB_BITS each value has its bucket;
 * above, each power of two is split into 2^SUB_BITS buckets, so a bucket is
 * never wider than 1/64 (1.6%) of the values it holds. It spans 1 ns to
 * 2^TOP_BIT ns (34 s; longer waits land in the top bucket), so the fixed
 * table covers 1 us .. 10 s with room, and recording allocates nothing.
 */
enum {
    SUB_BITS = 6,
    SUB_COUNT = 1 << SUB_BITS,
    TOP_BIT = 35,
    HIST_BUCKETS = SUB_COUNT + (TOP_BIT - SUB_BITS) * SUB_COUNT
};

typedef struct histogram {
    uint64_t count[HIST_BUCKETS];
    uint64_t total;
    uint64_t max_ns;
} histogram;

static size_t hist_bucket(uint64_t ns)
{
    const uint64_t top = (UINT64_C(1) << TOP_BIT) - 1;
    if (ns > top)
        ns = top;
    if (ns < SUB_COUNT)
        return (size_t)ns;
    unsigned bit = 63u - (unsigned)__builtin_clzll(ns);   /* >= SUB_BITS */
    uint64_t sub = (ns >> (bit - SUB_BITS)) & (SUB_COUNT - 1);
    return SUB_COUNT + (size_t)(bit - SUB_BITS) * SUB_COUNT + (size_t)sub;
}

/* The middle of a bucket's range, the value reported for all it holds. */
static double hist_bucket_middle_ns(size_t bucket)
{
    if (bucket < SUB_COUNT)
        return (double)bucket;
    size_t shift = (bucket - SUB_COUNT) / SUB_COUNT;
    uint64_t low = (uint64_t)(SUB_COUNT + (bucket - SUB_COUNT) % SUB_COUNT) << shift;
    uint64_t width = UINT64_C(1) << shift;
    return (double)low + (double)(width - 1) / 2.0;
}

static void hist_record(histogram *h, uint64_t ns)
{
    h->count[hist_bucket(ns)]++;
    h->total++;
    if (ns > h->max_ns)
        h->max_ns = ns;
}

/* The value at rank ceil(total * num / den), in microseconds; 0 if empty. */
static double hist_percentile_us(const histogram *h, uint64_t num, uint64_t den)
{
    if (h->total == 0)
        return 0.0;
    uint64_t rank = (h->total * num + den - 1) / den;
    if (rank == 0)
        rank = 1;
    uint64_t seen = 0;
    for (size_t b = 0; b < HIST_BUCKETS; b++) {
        seen += h->count[b];
        if (seen >= rank)
            return hist_bucket_middle_ns(b) / 1000.0;
    }
    return (double)h->max_ns / 1000.0;
}

/* ---- options ---- */

typedef struct options {
    const char *host;
    uint16_t port;
    unsigned connections;
    unsigned depth;
    double seconds;
    double warmup;
    const char *oids[SNMP_MAX_BINDINGS];
    unsigned oid_count;
} options;

static void usage(FILE *out)
{
    fputs("Usage: snmp_loadgen --port P [--host ADDRESS] --connections C --depth D\n"
          "                    --seconds T [--oid OID ...] [--warmup SECONDS]\n"
          "\n"
          "Keeps D GetRequests in flight on each of C connections for T seconds, checks\n"
          "every reply, and prints one line: replies, replies_per_sec, p50_us, p99_us.\n"
          "  --host ADDRESS     IPv4 address of the server (default 127.0.0.1)\n"
          "  --oid OID          an OID every request asks for; repeat for more\n"
          "                     (default 1.3.6.1.2.1.1.5.0)\n"
          "  --warmup SECONDS   load run before counting starts (default 0)\n"
          "Exit status: 0 clean run, 1 any error or no reply, 2 usage or resources.\n",
          out);
}

static bool parse_unsigned(const char *text, unsigned long min, unsigned long max,
                           unsigned long *value)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > max)
        return false;
    *value = v;
    return true;
}

static bool parse_seconds(const char *text, double min, double *value)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(v >= min && v <= MAX_RUN_SECONDS))
        return false;
    *value = v;
    return true;
}

/* Takes one option and its value (arg, NULL if missing). False: bad or unknown. */
static bool parse_option(const char *name, const char *arg, options *opt)
{
    unsigned long value = 0;
    if (arg == NULL)
        return false;
    if (strcmp(name, "--port") == 0) {
        if (!parse_unsigned(arg, 1, 65535, &value))
            return false;
        opt->port = (uint16_t)value;
    } else if (strcmp(name, "--host") == 0) {
        opt->host = arg;
    } else if (strcmp(name, "--connections") == 0) {
        if (!parse_unsigned(arg, 1, MAX_CONNECTIONS, &value))
            return false;
        opt->connections = (unsigned)value;
    } else if (strcmp(name, "--depth") == 0) {
        if (!parse_unsigned(arg, 1, MAX_DEPTH, &value))
            return false;
        opt->depth = (unsigned)value;
    } else if (strcmp(name, "--seconds") == 0) {
        return parse_seconds(arg, 0.001, &opt->seconds);
    } else if (strcmp(name, "--warmup") == 0) {
        return parse_seconds(arg, 0.0, &opt->warmup);
    } else if (strcmp(name, "--oid") == 0) {
        if (opt->oid_count >= SNMP_MAX_BINDINGS)
            return false;
        opt->oids[opt->oid_count++] = arg;
    } else {
        return false;
    }
    return true;
}

/* Returns -1 to run, or the exit status (0 after --help, 2 on a bad option). */
static int parse_options(int argc, char **argv, options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->host = "127.0.0.1";
    opt->seconds = -1.0;
    /* Every option but --help takes one value. */
    for (int i = 1; i < argc; i += 2) {
        const char *name = argv[i];
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (!parse_option(name, i + 1 < argc ? argv[i + 1] : NULL, opt)) {
            fprintf(stderr, "snmp_loadgen: unknown option, or a bad or missing value: %s\n",
                    name);
            usage(stderr);
            return 2;
        }
    }
    if (opt->port == 0 || opt->connections == 0 || opt->depth == 0 || opt->seconds < 0.0) {
        fputs("snmp_loadgen: --port, --connections, --depth and --seconds are required\n",
              stderr);
        usage(stderr);
        return 2;
    }
    if (opt->oid_count == 0)
        opt->oids[opt->oid_count++] = DEFAULT_OID;
    return -1;
}

/* ---- the run ---- */

typedef struct conn {
    int fd;
    unsigned index;
    bool connected;
    bool open;
    bool writing;            /* EPOLLOUT armed: part of out waits for the socket */
    snmp_framer framer;
    uint8_t *in;             /* framer storage, attached while bytes are held */
    uint8_t *out;            /* requests not yet sent, depth * request_len bytes */
    size_t out_len;
    size_t out_sent;
    uint64_t *sent_ns;       /* ring of send times of the requests in flight */
    unsigned head;           /* the oldest in flight */
    unsigned in_flight;
    uint32_t next_id;        /* so the oldest in flight is next_id - in_flight */
} conn;

typedef struct run {
    options opt;
    int epoll_fd;
    conn *conns;
    uint64_t *sent_ns;        /* all connections' rings */
    uint8_t *out;             /* all connections' out buffers */
    uint8_t request[SNMP_MAX_MESSAGE_SIZE];
    size_t request_len;
    uint8_t *spare[SPARE_BUFFERS_KEPT];
    size_t spare_count;
    uint64_t window_start_ns; /* replies in [start, end) are counted */
    uint64_t window_end_ns;   /* and no request is sent from here on */
    uint64_t in_flight;       /* over all connections */
    uint64_t replies;         /* counted replies */
    uint64_t checked;         /* every reply, counted or not */
    uint32_t reply_bytes;     /* size of the first reply */
    unsigned connected;
    unsigned errors;
    histogram latency;
} run;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static uint64_t seconds_ns(double seconds)
{
    return (uint64_t)(seconds * (double)NS_PER_S);
}

/* epoll_wait's timeout until deadline, rounded up so the wait reaches it. */
static int wait_ms(uint64_t now, uint64_t deadline)
{
    if (now >= deadline)
        return 0;
    uint64_t ms = (deadline - now + 999999u) / 1000000u;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The request every connection sends, encoded once; only request_id changes. */
static bool build_request(run *r)
{
    static snmp_message msg;   /* 255 binding slots: kept off the stack */
    static uint8_t oids[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];
    memset(&msg, 0, sizeof msg);
    msg.pdu_type = SNMP_PDU_GET_REQUEST;
    msg.count = (uint8_t)r->opt.oid_count;
    for (unsigned i = 0; i < r->opt.oid_count; i++) {
        const char *text = r->opt.oids[i];
        size_t len;
        if (snmp_oid_from_text(text, strlen(text), oids[i], sizeof oids[i], &len) != SNMP_OK) {
            fprintf(stderr, "snmp_loadgen: invalid OID %s\n", text);
            return false;
        }
        msg.bindings[i].oid = oids[i];
        msg.bindings[i].oid_len = (uint8_t)len;
    }
    if (snmp_msg_pack(&msg, r->request, sizeof r->request, &r->request_len) != SNMP_OK) {
        fputs("snmp_loadgen: the request does not fit in one message\n", stderr);
        return false;
    }
    return true;
}

static void conn_close(run *r, conn *c)
{
    if (!c->open)
        return;
    close(c->fd);   /* also leaves the epoll set */
    c->open = false;
    r->in_flight -= c->in_flight;
    c->in_flight = 0;
    free(c->in);
    c->in = NULL;
}

__attribute__((format(printf, 3, 4)))
static void conn_fail(run *r, conn *c, const char *format, ...)
{
    if (r->errors < ERRORS_DESCRIBED) {
        va_list args;
        va_start(args, format);
        fprintf(stderr, "snmp_loadgen: connection %u: ", c->index);
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
        va_end(args);
    }
    r->errors++;
    conn_close(r, c);
}

static bool conn_arm(run *r, conn *c, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(r->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        conn_fail(r, c, "epoll_ctl: %s", strerror(errno));
        return false;
    }
    return true;
}

/* Appends one request, stamped now, to the connection's unsent bytes. */
static void conn_queue_request(run *r, conn *c, uint64_t now)
{
    if (c->out_sent > 0) {
        memmove(c->out, c->out + c->out_sent, c->out_len - c->out_sent);
        c->out_len -= c->out_sent;
        c->out_sent = 0;
    }
    uint8_t *req = c->out + c->out_len;
    memcpy(req, r->request, r->request_len);
    put_be32(req + 4, c->next_id++);
    c->out_len += r->request_len;
    c->sent_ns[(c->head + c->in_flight) % r->opt.depth] = now;
    c->in_flight++;
    r->in_flight++;
}

/* Sends what the socket takes, arming EPOLLOUT for the rest. False if c closed. */
static bool conn_flush(run *r, conn *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_sent += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->writing && !conn_arm(r, c, EPOLLIN | EPOLLOUT))
                return false;
            c->writing = true;
            return true;
        } else {
            conn_fail(r, c, "send: %s", n < 0 ? strerror(errno) : "returned 0");
            return false;
        }
    }
    c->out_len = c->out_sent = 0;
    if (c->writing && !conn_arm(r, c, EPOLLIN))
        return false;
    c->writing = false;
    return true;
}

/* Checks one reply against the oldest request in flight and retires that
 * request. False if c was closed. */
static bool conn_take_reply(run *r, conn *c, const uint8_t *msg, size_t len, uint64_t now)
{
    if (len < SNMP_RESPONSE_HEADER_SIZE || snmp_msg_peek_size(msg) != len) {
        /* The framer hands out only messages of 9 bytes or more. */
        conn_fail(r, c, "reply of %zu bytes: size field %u", len,
                  (unsigned)snmp_msg_peek_size(msg));
        return false;
    }
    if (r->reply_bytes == 0)
        r->reply_bytes = (uint32_t)len;
    if (len != r->reply_bytes) {
        conn_fail(r, c, "reply of %zu bytes, the first was %u", len, (unsigned)r->reply_bytes);
        return false;
    }
    if (msg[8] != SNMP_PDU_GET_RESPONSE) {
        conn_fail(r, c, "reply pdu_type 0x%02x, not GetResponse", (unsigned)msg[8]);
        return false;
    }
    if (c->in_flight == 0) {
        conn_fail(r, c, "a reply with no request in flight");
        return false;
    }
    uint32_t expected = c->next_id - c->in_flight;
    uint32_t id = get_be32(msg + 4);
    if (id != expected) {
        conn_fail(r, c, "reply request_id %u, expected %u", (unsigned)id, (unsigned)expected);
        return false;
    }
    if (msg[9] != SNMP_ERR_SUCCESS) {
        conn_fail(r, c, "reply error_code %u", (unsigned)msg[9]);
        return false;
    }
    if (r->checked++ % SAMPLE_EVERY == 0) {
        static snmp_message decoded;
        if (snmp_msg_unpack(msg, len, &decoded) != SNMP_OK) {
            conn_fail(r, c, "reply does not decode (PROTOCOL.md section 4)");
            return false;
        }
        if (decoded.count != r->opt.oid_count) {
            conn_fail(r, c, "reply carries %u bindings for %u OIDs", (unsigned)decoded.count,
                      r->opt.oid_count);
            return false;
        }
    }
    uint64_t sent = c->sent_ns[c->head];
    c->head = (c->head + 1) % r->opt.depth;
    c->in_flight--;
    r->in_flight--;
    if (now >= r->window_start_ns && now < r->window_end_ns) {
        r->replies++;
        hist_record(&r->latency, now - sent);
    }
    if (now < r->window_end_ns)
        conn_queue_request(r, c, now);
    return true;
}

/* Takes every whole reply the framer holds. False if c was closed. */
static bool conn_take_replies(run *r, conn *c, uint64_t now)
{
    const uint8_t *msg;
    size_t len;
    snmp_status status;
    while ((status = snmp_framer_next(&c->framer, &msg, &len)) == SNMP_OK) {
        if (!conn_take_reply(r, c, msg, len, now))
            return false;
    }
    if (status != SNMP_INCOMPLETE) {
        conn_fail(r, c, "reply size field out of range 9 to 65536");
        return false;
    }
    return true;
}

static uint8_t *buffer_get(run *r)
{
    return r->spare_count > 0 ? r->spare[--r->spare_count] : malloc(SNMP_MAX_MESSAGE_SIZE);
}

/* Input storage goes back once the framer holds nothing, so 1000 idle-looking
 * connections between replies do not each keep 64 KiB. */
static void conn_release_input(run *r, conn *c)
{
    if (c->in == NULL || snmp_framer_buffered(&c->framer) > 0)
        return;
    (void)snmp_framer_set_storage(&c->framer, NULL, 0);
    if (r->spare_count < SPARE_BUFFERS_KEPT)
        r->spare[r->spare_count++] = c->in;
    else
        free(c->in);
    c->in = NULL;
}

/* Reads replies, checks them, and sends one batch of follow-up requests. */
static void conn_read(run *r, conn *c)
{
    for (int turn = 0; turn < READS_PER_EVENT; turn++) {
        if (c->in == NULL) {
            if ((c->in = buffer_get(r)) == NULL) {
                conn_fail(r, c, "out of memory");
                return;
            }
            (void)snmp_framer_set_storage(&c->framer, c->in, SNMP_MAX_MESSAGE_SIZE);
        }
        size_t space;
        uint8_t *dst = snmp_framer_space(&c->framer, &space);
        ssize_t n = recv(c->fd, dst, space, 0);
        if (n > 0) {
            snmp_framer_commit(&c->framer, (size_t)n);
            if (!conn_take_replies(r, c, now_ns()))
                return;
            if ((size_t)n < space)
                break;   /* the socket is most likely drained */
        } else if (n == 0) {
            conn_fail(r, c, "closed by the server with %u replies owed", c->in_flight);
            return;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else {
            conn_fail(r, c, "recv: %s", strerror(errno));
            return;
        }
    }
    if (conn_flush(r, c))
        conn_release_input(r, c);
}

static void conn_connected(run *r, conn *c)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        err = errno;
    if (err != 0) {
        conn_fail(r, c, "connect: %s", strerror(err));
        return;
    }
    if (!conn_arm(r, c, EPOLLIN))
        return;
    c->connected = true;
    r->connected++;
}

static void handle_event(run *r, conn *c, uint32_t events)
{
    if (!c->open)
        return;
    if (!c->connected) {
        conn_connected(r, c);
        return;
    }
    if ((events & EPOLLOUT) && !conn_flush(r, c))
        return;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        conn_read(r, c);
}

/* Waits for and handles events until deadline. */
static void poll_until(run *r, struct epoll_event *events, uint64_t deadline)
{
    int n = epoll_wait(r->epoll_fd, events, EVENTS_PER_WAIT, wait_ms(now_ns(), deadline));
    for (int i = 0; i < n; i++)
        handle_event(r, events[i].data.ptr, events[i].events);
}

static bool start_connects(run *r)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(r->opt.port);
    if (inet_pton(AF_INET, r->opt.host, &addr.sin_addr) != 1) {
        fprintf(stderr, "snmp_loadgen: invalid host address %s\n", r->opt.host);
        return false;
    }
    for (unsigned i = 0; i < r->opt.connections; i++) {
        conn *c = &r->conns[i];
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            fprintf(stderr, "snmp_loadgen: socket: %s\n", strerror(errno));
            return false;
        }
        c->fd = fd;
        c->open = true;
        /* Requests go out as soon as replies come in; Nagle would hold them. */
        int one = 1;
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
        if (epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            fprintf(stderr, "snmp_loadgen: epoll_ctl: %s\n", strerror(errno));
            return false;
        }
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS)
            conn_fail(r, c, "connect: %s", strerror(errno));
    }
    return true;
}

static bool run_setup(run *r)
{
    size_t c = r->opt.connections;
    size_t d = r->opt.depth;
    if (c * d * r->request_len > MAX_OUT_BYTES) {
        fprintf(stderr, "snmp_loadgen: %zu connections x %zu requests of %zu bytes in flight "
                        "pass the %zu MiB allowed\n",
                c, d, r->request_len, MAX_OUT_BYTES >> 20);
        return false;
    }
    r->conns = calloc(c, sizeof *r->conns);
    r->sent_ns = calloc(c * d, sizeof *r->sent_ns);
    r->out = malloc(c * d * r->request_len);
    r->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (r->conns == NULL || r->sent_ns == NULL || r->out == NULL || r->epoll_fd < 0) {
        fputs("snmp_loadgen: out of memory or descriptors\n", stderr);
        return false;
    }
    for (size_t i = 0; i < c; i++) {
        conn *cn = &r->conns[i];
        cn->fd = -1;
        cn->index = (unsigned)i;
        cn->sent_ns = r->sent_ns + i * d;
        cn->out = r->out + i * d * r->request_len;
        /* Far-apart ids per connection, so a reply that crossed to another
         * connection cannot carry the id expected there. */
        cn->next_id = (uint32_t)(i * 2654435761u);
        snmp_framer_init(&cn->framer, NULL, 0);
    }
    return true;
}

static void run_teardown(run *r)
{
    if (r->conns != NULL) {
        for (unsigned i = 0; i < r->opt.connections; i++) {
            if (r->conns[i].open) {
                close(r->conns[i].fd);
                free(r->conns[i].in);
            }
        }
    }
    while (r->spare_count > 0)
        free(r->spare[--r->spare_count]);
    if (r->epoll_fd >= 0)
        close(r->epoll_fd);
    free(r->conns);
    free(r->sent_ns);
    free(r->out);
}

/* Connect, load, drain. Every phase ends at its own deadline. */
static void run_load(run *r)
{
    static struct epoll_event events[EVENTS_PER_WAIT];
    unsigned opened = r->opt.connections;

    uint64_t deadline = now_ns() + seconds_ns(CONNECT_SECONDS);
    while (r->connected + r->errors < opened && now_ns() < deadline)
        poll_until(r, events, deadline);
    if (r->connected + r->errors < opened) {
        for (unsigned i = 0; i < opened; i++) {
            if (r->conns[i].open && !r->conns[i].connected)
                conn_fail(r, &r->conns[i], "not connected after %.0f s", CONNECT_SECONDS);
        }
    }

    r->window_start_ns = now_ns() + seconds_ns(r->opt.warmup);
    r->window_end_ns = r->window_start_ns + seconds_ns(r->opt.seconds);
    for (unsigned i = 0; i < opened; i++) {
        conn *c = &r->conns[i];
        if (!c->open)
            continue;
        /* Stamped per connection: sending to 1000 takes a while. */
        uint64_t now = now_ns();
        for (unsigned k = 0; k < r->opt.depth; k++)
            conn_queue_request(r, c, now);
        (void)conn_flush(r, c);
    }
    while (now_ns() < r->window_end_ns)
        poll_until(r, events, r->window_end_ns);

    deadline = r->window_end_ns + seconds_ns(DRAIN_SECONDS);
    while (r->in_flight > 0 && now_ns() < deadline)
        poll_until(r, events, deadline);
    if (r->in_flight > 0) {
        for (unsigned i = 0; i < opened; i++) {
            conn *c = &r->conns[i];
            if (c->open && c->in_flight > 0)
                conn_fail(r, c, "%u replies still missing %.0f s after the run", c->in_flight,
                          DRAIN_SECONDS);
        }
    }
}

int main(int argc, char **argv)
{
    static run r;   /* the request buffer and histogram: kept off the stack */
    int status = parse_options(argc, argv, &r.opt);
    if (status >= 0)
        return status;
    r.epoll_fd = -1;
    if (!build_request(&r) ||
        !bench_raise_fd_limit("snmp_loadgen", r.opt.connections, "connections") ||
        !run_setup(&r) || !start_connects(&r)) {
        run_teardown(&r);
        return 2;
    }
    run_load(&r);

    double rate = (double)r.replies / r.opt.seconds;
    printf("connections=%u depth=%u seconds=%g replies=%llu replies_per_sec=%.0f p50_us=%.1f "
           "p99_us=%.1f max_us=%.1f reply_bytes=%u errors=%u\n",
           r.opt.connections, r.opt.depth, r.opt.seconds, (unsigned long long)r.replies, rate,
           hist_percentile_us(&r.latency, 1, 2), hist_percentile_us(&r.latency, 99, 100),
           (double)r.latency.max_ns / 1000.0, (unsigned)r.reply_bytes, r.errors);
    if (r.errors > ERRORS_DESCRIBED)
        fprintf(stderr, "snmp_loadgen: %u more errors not described\n",
                r.errors - ERRORS_DESCRIBED);
    if (r.replies == 0 && r.errors == 0)
        fputs("snmp_loadgen: no reply arrived within the measured time\n", stderr);
    run_teardown(&r);
    return r.errors == 0 && r.replies > 0 ? 0 : 1;
}
