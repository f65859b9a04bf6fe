/*
 * snmp_probe: the legitimate newcomers of ci/bench's "at the cap" scenarios.
 *
 *   snmp_probe --port P --seconds T [--manager PATH]
 *
 * For T seconds, one after another: a raw client that opens a new
 * connection to 127.0.0.1:P, sends DEPTH GetRequests for sysName in one
 * write, reads every answer (each checked byte for byte) and closes; and,
 * with --manager, a run of `PATH get 127.0.0.1:P 1.3.6.1.2.1.1.5.0` whose
 * output must be exactly the sysName line. Each is timed from its start (the
 * connect, or the fork) to its last answer. One line goes to stdout:
 *
 *   raw=N raw_p50_us=A raw_p99_us=B raw_max_us=C manager=M manager_p50_us=D
 *   manager_p99_us=E manager_max_us=F errors=X
 *
 * (one line; wrapped here). A connect refused, an answer wrong, missing or
 * later than STEP_TIMEOUT_MS, or a manager line or status other than
 * expected is an error: described on stderr, and the exit status is 1.
 * Exit status 2 is a usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum {
    DEPTH = 8,
    REQUEST_LEN = 20,
    REPLY_LEN = 35,
    MAX_SAMPLES = 100000,
    STEP_TIMEOUT_MS = 10000,
    ERRORS_DESCRIBED = 10
};

static const char SYS_NAME_LINE[] = "1.3.6.1.2.1.1.5.0 = router-main\n";

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* GetRequest(rid, [sysName]) and its exact answer, PROTOCOL.md section 6. */
static void sysname_request(uint8_t out[REQUEST_LEN], uint32_t rid)
{
    static const uint8_t tmpl[REQUEST_LEN] = {0x00, 0x00, 0x00, 0x14, 0, 0, 0, 0, 0xa0, 0x01,
                                              0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01,
                                              0x05, 0x00};
    memcpy(out, tmpl, sizeof tmpl);
    put_be32(out + 4, rid);
}

static void sysname_reply(uint8_t out[REPLY_LEN], uint32_t rid)
{
    static const uint8_t tmpl[REPLY_LEN] = {
        0x00, 0x00, 0x00, 0x23, 0, 0, 0, 0, 0xa1, 0x00, 0x01, 0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01,
        0x01, 0x05, 0x00, 0x04, 0x00, 0x0b, 'r', 'o', 'u', 't', 'e', 'r', '-', 'm', 'a', 'i', 'n'};
    memcpy(out, tmpl, sizeof tmpl);
    put_be32(out + 4, rid);
}

typedef struct samples {
    uint64_t us[MAX_SAMPLES];
    size_t count;
} samples;

static unsigned errors;

__attribute__((format(printf, 1, 2))) static void error(const char *format, ...);

static void error(const char *format, ...)
{
    if (errors++ < ERRORS_DESCRIBED) {
        va_list args;
        va_start(args, format);
        fputs("snmp_probe: ", stderr);
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
        va_end(args);
    }
}

/* Waits for fd to be ready for events until deadline_us; false on timeout. */
static bool wait_for(int fd, short events, uint64_t deadline_us)
{
    for (;;) {
        uint64_t now = now_us();
        if (now >= deadline_us)
            return false;
        struct pollfd pfd = {fd, events, 0};
        int n = poll(&pfd, 1, (int)((deadline_us - now + 999) / 1000));
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return false;
    }
}

/* One raw cycle; returns its duration in us, or 0 after an error. */
static uint64_t raw_cycle(uint16_t port, uint32_t first_rid)
{
    uint64_t start = now_us();
    uint64_t deadline = start + (uint64_t)STEP_TIMEOUT_MS * 1000u;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error("socket: %s", strerror(errno));
        return 0;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    uint64_t took = 0;
    int err = 0;
    socklen_t err_len = sizeof err;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 &&
        (errno != EINPROGRESS || !wait_for(fd, POLLOUT, deadline) ||
         getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0 || err != 0)) {
        error("connect: %s", err != 0 ? strerror(err) : "timed out");
        close(fd);
        return 0;
    }
    uint8_t batch[DEPTH * REQUEST_LEN];
    for (uint32_t i = 0; i < DEPTH; i++)
        sysname_request(batch + i * REQUEST_LEN, first_rid + i);
    /* 160 bytes always fit in a new connection's send buffer. */
    if (send(fd, batch, sizeof batch, MSG_NOSIGNAL) != (ssize_t)sizeof batch) {
        error("send: %s", strerror(errno));
        close(fd);
        return 0;
    }
    uint8_t got[DEPTH * REPLY_LEN];
    size_t have = 0;
    while (have < sizeof got) {
        if (!wait_for(fd, POLLIN, deadline)) {
            error("answers: %zu of %zu bytes within %d ms", have, sizeof got, STEP_TIMEOUT_MS);
            close(fd);
            return 0;
        }
        ssize_t n = recv(fd, got + have, sizeof got - have, 0);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) {
            error("answers: %zu of %zu bytes, then %s", have, sizeof got,
                  n == 0 ? "end of stream" : strerror(errno));
            close(fd);
            return 0;
        }
        if (n > 0)
            have += (size_t)n;
    }
    took = now_us() - start;
    close(fd);
    for (uint32_t i = 0; i < DEPTH; i++) {
        uint8_t want[REPLY_LEN];
        sysname_reply(want, first_rid + i);
        if (memcmp(got + i * REPLY_LEN, want, REPLY_LEN) != 0) {
            error("answer %u of %d is not the expected sysName answer", i + 1, DEPTH);
            return 0;
        }
    }
    return took > 0 ? took : 1;
}

/* One manager run; returns its duration in us, or 0 after an error. */
static uint64_t manager_run(const char *manager, uint16_t port)
{
    char target[32];
    snprintf(target, sizeof target, "127.0.0.1:%u", (unsigned)port);
    int out[2];
    if (pipe(out) != 0) {
        error("pipe: %s", strerror(errno));
        return 0;
    }
    uint64_t start = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        error("fork: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        return 0;
    }
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(manager, manager, "get", target, "1.3.6.1.2.1.1.5.0", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    char text[256];
    size_t len = 0;
    ssize_t n;
    while ((n = read(out[0], text + len, sizeof text - 1 - len)) > 0 && len < sizeof text - 1)
        len += (size_t)n;
    text[len] = '\0';
    close(out[0]);
    int status = 0;
    (void)waitpid(pid, &status, 0);
    uint64_t took = now_us() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strcmp(text, SYS_NAME_LINE) != 0) {
        error("manager: status %d, output '%s'", status, text);
        return 0;
    }
    return took > 0 ? took : 1;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a;
    uint64_t y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The value at rank ceil(count * num / den) of the sorted samples; 0 if none. */
static uint64_t percentile(samples *s, uint64_t num, uint64_t den)
{
    if (s->count == 0)
        return 0;
    qsort(s->us, s->count, sizeof s->us[0], compare_u64);
    uint64_t rank = (s->count * num + den - 1) / den;
    return s->us[rank == 0 ? 0 : rank - 1];
}

static void usage(FILE *out)
{
    fputs("Usage: snmp_probe --port P --seconds T [--manager PATH]\n"
          "Times new clients one after another for T seconds: a raw connection with 8\n"
          "pipelined GETs, and with --manager a run of PATH get; prints p50, p99, max.\n"
          "Exit status: 0 all served right, 1 any error, 2 usage.\n",
          out);
}

int main(int argc, char **argv)
{
    unsigned long port = 0;
    double seconds = 0.0;
    const char *manager = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--port") == 0) {
            port = strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--seconds") == 0) {
            seconds = strtod(argv[i + 1], NULL);
        } else if (strcmp(argv[i], "--manager") == 0) {
            manager = argv[i + 1];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (argc % 2 != 1 || port == 0 || port > 65535 || !(seconds > 0.0 && seconds <= 3600.0)) {
        usage(stderr);
        return 2;
    }
    static samples raw;
    static samples mgr;
    uint64_t end = now_us() + (uint64_t)(seconds * 1e6);
    uint32_t rid = 1;
    while (now_us() < end && raw.count < MAX_SAMPLES && mgr.count < MAX_SAMPLES) {
        uint64_t took = raw_cycle((uint16_t)port, rid);
        rid += DEPTH;
        if (took > 0)
            raw.us[raw.count++] = took;
        if (manager != NULL && (took = manager_run(manager, (uint16_t)port)) > 0)
            mgr.us[mgr.count++] = took;
    }
    uint64_t raw_max = percentile(&raw, 1, 1);
    uint64_t mgr_max = percentile(&mgr, 1, 1);
    printf("raw=%zu raw_p50_us=%llu raw_p99_us=%llu raw_max_us=%llu manager=%zu "
           "manager_p50_us=%llu manager_p99_us=%llu manager_max_us=%llu errors=%u\n",
           raw.count, (unsigned long long)percentile(&raw, 1, 2),
           (unsigned long long)percentile(&raw, 99, 100), (unsigned long long)raw_max, mgr.count,
           (unsigned long long)percentile(&mgr, 1, 2), (unsigned long long)percentile(&mgr, 99, 100),
           (unsigned long long)mgr_max, errors);
    return errors == 0 && raw.count > 0 ? 0 : 1;
}
