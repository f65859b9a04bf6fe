/*
 * Hostile clients, each against a freshly started agent: ten thousand idle
 * connections, slowloris on every connection slot, a client that pipelines
 * forever and never reads, and a storm of connects and closes. In every case
 * a legitimate client keeps being served (byte-exact answers), the agent's
 * memory stays bounded, and SIGTERM still ends it with status 0.
 *
 * Only behaviour is asserted; times appear only as generous give-up
 * deadlines and as the pacing of the slowloris trickle.
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

enum {
    IDLE_CLIENTS = 10000,
    /* Beyond IDLE_CLIENTS: stdio, harness pipes, tracked sockets, slack. */
    TEST_FD_HEADROOM = 200,
    CONNECT_BATCH = 500,
    /* The project's target for one idle connection in the agent's RSS. */
    IDLE_CONN_BYTES_MAX = 8192,
    GET_REQ_LEN = 20,
    /* Requests the agent may read from a client that never reads: answers
     * are ~2.4x the request here, so 512 KiB read is > 1 MiB of answers held
     * (see endless_pipeliner_that_never_reads_is_bounded). */
    HOG_READ_MAX = 512 * 1024,
    GET_REPLY_LEN = 35
};

static h_agent agent;
static h_buf req;

/* Sockets not tracked by the harness (it tracks at most 64); teardown closes them. */
static int own_fds[IDLE_CLIENTS];
static size_t own_count;

static void own_reset(void)
{
    own_count = 0;
}

static void own_close_all(void)
{
    for (size_t i = 0; i < own_count; i++) {
        if (own_fds[i] >= 0) {
            close(own_fds[i]);
            own_fds[i] = -1;
        }
    }
    own_count = 0;
}

static void own_close(size_t i)
{
    if (i < own_count && own_fds[i] >= 0) {
        close(own_fds[i]);
        own_fds[i] = -1;
    }
}

static int hostile_setup(void **state)
{
    own_reset();
    return h_setup(state);
}

static int hostile_teardown(void **state)
{
    own_close_all();
    return h_teardown(state);
}

/* ---- the agent process, seen from /proc ---- */

/* VmRSS of pid in KiB (asserts it can be read). */
static long rss_kib(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s: %s", path, strerror(errno));
    }
    char line[256];
    long kib = -1;
    for (int i = 0; i < 200 && fgets(line, sizeof line, f) != NULL; i++) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    if (kib < 0) {
        fail_msg("no VmRSS line in %s", path);
    }
    return kib;
}

/* Number of open descriptors of pid (asserts /proc/<pid>/fd can be read). */
static long fd_count(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (d == NULL) {
        fail_msg("cannot open %s: %s", path, strerror(errno));
    }
    long n = 0;
    for (long i = 0; i < 1000000; i++) {
        struct dirent *e = readdir(d);
        if (e == NULL) {
            break;
        }
        if (e->d_name[0] != '.') {
            n++;
        }
    }
    closedir(d);
    return n;
}

/* Waits until the agent holds exactly (exact) or at least (!exact) want descriptors. */
static bool wait_fd_count(pid_t pid, long want, bool exact, int timeout_ms, long *seen)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    long n = -1;
    for (int i = 0; i < 100000; i++) {
        n = fd_count(pid);
        if (exact ? n == want : n >= want) {
            break;
        }
        if (h_now_ms() > deadline) {
            break;
        }
        h_sleep_ms(10); /* pacing between samples */
    }
    *seen = n;
    return exact ? n == want : n >= want;
}

static void assert_agent_running(void)
{
    if (h_proc_wait_exit(agent.proc, 0)) {
        fail_msg("the agent exited (status %d): %s", agent.proc->status, agent.proc->out);
    }
}

/* ---- a legitimate client ---- */

/* One GetRequest for sysName on fd; asserts the exact 35-byte answer. */
static void legit_get(int fd, uint32_t rid)
{
    hb_reset(&req);
    hb_get1(&req, rid, SYS_NAME);
    assert_int_equal(req.len, GET_REQ_LEN);
    h_io io = h_send_all(fd, req.data, req.len, H_PROMPT_MS);
    if (io != H_IO_OK) {
        fail_msg("legitimate client: request %u not sent (%s)", (unsigned)rid, h_io_name(io));
    }
    uint8_t got[GET_REPLY_LEN];
    uint8_t want[GET_REPLY_LEN];
    size_t n = 0;
    io = h_recv_exact(fd, got, sizeof got, H_PROMPT_MS, &n);
    if (io != H_IO_OK) {
        fail_msg("legitimate client: answer %u missing (%s after %zu bytes)", (unsigned)rid,
                 h_io_name(io), n);
    }
    h_sysname_reply(want, rid);
    assert_memory_equal(got, want, sizeof want);
}

/* A fresh connection, one exact GET, closed. */
static void legit_client_served(uint32_t rid)
{
    int fd = h_connect(agent.port);
    legit_get(fd, rid);
    h_close(fd);
}

/*
 * Retries a fresh connection until it is served (the agent may still be
 * working through earlier connections); asserts success within timeout_ms.
 */
static void legit_client_served_eventually(uint32_t rid, int timeout_ms)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    for (int attempt = 0; attempt < 500; attempt++) {
        int fd = h_try_connect(agent.port);
        if (fd >= 0) {
            hb_reset(&req);
            hb_get1(&req, rid, SYS_NAME);
            h_io io = h_send_all(fd, req.data, req.len, H_PROMPT_MS);
            uint8_t got[GET_REPLY_LEN];
            size_t n = 0;
            if (io == H_IO_OK) {
                io = h_recv_exact(fd, got, sizeof got, H_PROMPT_MS, &n);
            }
            h_close(fd);
            if (io == H_IO_OK) {
                uint8_t want[GET_REPLY_LEN];
                h_sysname_reply(want, rid);
                assert_memory_equal(got, want, sizeof want);
                return;
            }
            if (io != H_IO_EOF && io != H_IO_RESET) {
                fail_msg("legitimate client: %s", h_io_name(io));
            }
        }
        if (h_now_ms() > deadline) {
            break;
        }
        h_sleep_ms(20); /* pacing between attempts */
    }
    fail_msg("no legitimate client was served within %d ms", timeout_ms);
}

/* ---- raw sockets of our own ---- */

/* Starts a non-blocking connect; the socket goes to own_fds. -1 on failure. */
static int own_start_connect(int port)
{
    if (own_count >= IDLE_CLIENTS) {
        fail_msg("too many own sockets");
    }
    int fd = h_start_connect_untracked(port);
    if (fd >= 0) {
        own_fds[own_count++] = fd;
    }
    return fd;
}

/* Waits for one connect to complete; true if connected. */
static bool connect_done(int fd, int timeout_ms)
{
    struct pollfd pfd = {fd, POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    return poll(&pfd, 1, timeout_ms) == 1 &&
           getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
}

/* ---- 1: ten thousand idle connections ---- */

/* "Max open files" soft limit of pid, from /proc/PID/limits; -1 if unknown
 * ("unlimited" reads as LONG_MAX). */
static long open_files_soft_limit(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    char line[256];
    long soft = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        static const char name[] = "Max open files";
        if (strncmp(line, name, sizeof name - 1) == 0) {
            const char *p = line + sizeof name - 1;
            while (*p == ' ') {
                p++;
            }
            soft = strncmp(p, "unlimited", 9) == 0 ? LONG_MAX : strtol(p, NULL, 10);
            break;
        }
    }
    fclose(f);
    return soft;
}

static void raise_own_fd_limit(void)
{
    struct rlimit lim;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &lim), 0);
    rlim_t need = (rlim_t)IDLE_CLIENTS + TEST_FD_HEADROOM;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need) {
        fail_msg("the hard open-file limit (%llu) is below the %llu descriptors this test needs "
                 "for %d idle connections; raise it (ulimit -Hn) to run this test",
                 (unsigned long long)lim.rlim_max, (unsigned long long)need, IDLE_CLIENTS);
    }
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < need) {
        lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? need : lim.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
            fail_msg("cannot raise the open-file soft limit to %llu: %s",
                     (unsigned long long)lim.rlim_cur, strerror(errno));
        }
    }
}

static void ten_thousand_idle_connections_cost_little_and_block_nobody(void **state)
{
    (void)state;
    raise_own_fd_limit();
    /* Default settings (issue 9): the default cap holds 10,000 clients
     * wherever the hard open-file limit allows it. */
    static const char *const opts[] = {"-q", NULL};
    /* Started with a soft limit far below 10,050 descriptors: the agent must
     * raise its own limit (the hard one allows it), and so say nothing.
     * Not under valgrind, which fixes its client's limit when it starts:
     * there the agent inherits the limit this test raised for itself. */
    bool check_raise = !h_wrapped();
    if (check_raise) {
        h_set_child_fd_limit(1024, 0);
    }
    h_agent_start(&agent, opts);
    h_set_child_fd_limit(0, 0);
    pid_t pid = agent.proc->pid;
    /* Silent where the hard limit fits the default cap (16,384 clients and
     * their lingering places); a lower hard limit may cap it, with a warning,
     * but never below what this test needs. */
    unsigned allowed = 0;
    const char *warning = strstr(agent.proc->out, "Warning: open file limit ");
    if (warning != NULL &&
        (sscanf(warning, "Warning: open file limit %*u allows %u clients", &allowed) != 1 ||
         allowed < IDLE_CLIENTS + 16)) {
        fail_msg("the agent's default cap is too low for %d clients:\n%s", IDLE_CLIENTS,
                 agent.proc->out);
    }
    long soft_limit = open_files_soft_limit(pid);
    if (check_raise && soft_limit < IDLE_CLIENTS + 16) {
        fail_msg("the agent's open-file soft limit is %ld, too low for %d clients", soft_limit,
                 IDLE_CLIENTS);
    }

    /* Warm up (the first answer allocates the spare buffers), then measure. */
    legit_client_served(1);
    h_sleep_ms(100); /* let the agent go back to waiting */
    long fds_before = fd_count(pid);
    long rss_before = rss_kib(pid);

    /* Open them in batches so the listen backlog never overflows: each batch
     * completes its connects and is accepted before the next starts. */
    static struct pollfd pfds[CONNECT_BATCH];
    int64_t open_deadline = h_now_ms() + h_slow_ms(60000);
    for (size_t opened = 0; opened < IDLE_CLIENTS;) {
        size_t batch = IDLE_CLIENTS - opened < CONNECT_BATCH ? IDLE_CLIENTS - opened : CONNECT_BATCH;
        for (size_t i = 0; i < batch; i++) {
            int fd = own_start_connect(agent.port);
            if (fd < 0) {
                fail_msg("connect %zu of %d failed at once: %s", opened + i + 1, IDLE_CLIENTS,
                         strerror(errno));
            }
            pfds[i].fd = fd;
            pfds[i].events = POLLOUT;
            pfds[i].revents = 0;
        }
        /* Poll the batch until every connect has completed. */
        size_t pending = batch;
        for (int round = 0; round < 10000 && pending > 0; round++) {
            int left = (int)(open_deadline - h_now_ms());
            if (left <= 0) {
                fail_msg("only %zu of %d connections completed in time", opened + batch - pending,
                         IDLE_CLIENTS);
            }
            int n = poll(pfds, (nfds_t)batch, left < 1000 ? left : 1000);
            if (n < 0 && errno != EINTR) {
                fail_msg("poll: %s", strerror(errno));
            }
            for (size_t i = 0; n > 0 && i < batch; i++) {
                if (pfds[i].fd < 0 || pfds[i].revents == 0) {
                    continue;
                }
                int err = 0;
                socklen_t len = sizeof err;
                if (getsockopt(pfds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
                    fail_msg("connection %zu of %d failed: %s", opened + i + 1, IDLE_CLIENTS,
                             strerror(err));
                }
                pfds[i].fd = -1; /* poll ignores it from now on */
                pending--;
            }
        }
        assert_int_equal(pending, 0);
        opened += batch;
        long seen = 0;
        if (!wait_fd_count(pid, fds_before + (long)opened, false,
                           (int)(open_deadline - h_now_ms() > 0 ? open_deadline - h_now_ms() : 1),
                           &seen)) {
            fail_msg("after %zu connects the agent holds %ld descriptors, expected at least %ld",
                     opened, seen, fds_before + (long)opened);
        }
    }

    /* A legitimate client is served all the same. */
    legit_client_served(2);
    int legit = h_connect(agent.port);
    legit_get(legit, 3);
    legit_get(legit, 4);
    h_close(legit);

    /* The agent still holds every one of them open: it has their descriptors,
     * and none of them got an end of stream or any byte. */
    long seen = 0;
    if (!wait_fd_count(pid, fds_before + IDLE_CLIENTS, true, H_PROMPT_MS, &seen)) {
        fail_msg("with %d idle clients the agent holds %ld descriptors, expected %ld", IDLE_CLIENTS,
                 seen, fds_before + IDLE_CLIENTS);
    }
    size_t readable = 0;
    for (size_t start = 0; start < own_count; start += CONNECT_BATCH) {
        size_t batch = own_count - start < CONNECT_BATCH ? own_count - start : CONNECT_BATCH;
        for (size_t i = 0; i < batch; i++) {
            pfds[i].fd = own_fds[start + i];
            pfds[i].events = POLLIN | POLLRDHUP;
            pfds[i].revents = 0;
        }
        int n = poll(pfds, (nfds_t)batch, 0);
        assert_true(n >= 0);
        readable += (size_t)n;
    }
    if (readable != 0) {
        fail_msg("%zu of %d idle connections got an end of stream or data", readable, IDLE_CLIENTS);
    }

    long rss_with = rss_kib(pid);
    long per_conn = (rss_with - rss_before) * 1024 / IDLE_CLIENTS;
    print_message("[info] agent VmRSS: %ld KiB before, %ld KiB with %d idle connections: "
                  "%ld bytes per idle connection (target at most %d)\n",
                  rss_before, rss_with, IDLE_CLIENTS, per_conn, IDLE_CONN_BYTES_MAX);
    if (per_conn > IDLE_CONN_BYTES_MAX) {
        fail_msg("an idle connection costs the agent %ld bytes of RSS, more than %d", per_conn,
                 IDLE_CONN_BYTES_MAX);
    }

    /* Close them all: the agent notices and recovers. */
    own_close_all();
    if (!wait_fd_count(pid, fds_before, true, 20000, &seen)) {
        fail_msg("after every idle client left the agent holds %ld descriptors, expected %ld",
                 seen, fds_before);
    }
    legit_client_served(5);
    long rss_after = rss_kib(pid);
    legit = h_connect(agent.port);
    for (uint32_t i = 0; i < 50; i++) {
        legit_get(legit, 100 + i);
    }
    h_close(legit);
    long rss_later = rss_kib(pid);
    print_message("[info] agent VmRSS after they all left: %ld KiB, after 50 more requests: %ld "
                  "KiB\n",
                  rss_after, rss_later);
    /* Nothing is allocated per connection beyond the slots allocated up
     * front: leaving must not make the agent grow. */
    if (rss_later > rss_with + 1024) {
        fail_msg("the agent kept growing after the idle clients left: %ld KiB -> %ld KiB",
                 rss_with, rss_later);
    }
    assert_agent_running();
    h_agent_stop_free(&agent);
}

/* ---- 2: slowloris on every slot ---- */

static void slowloris_on_every_slot_is_timed_out_and_capped(void **state)
{
    (void)state;
    enum { SLOTS = 50, TICK_MS = 500, MAX_TICKS = 16 };
    /* Not quiet: the connection, cap and timeout lines are what we check. */
    static const char *const opts[] = {"-c", "50", "-t", "2", NULL};
    h_agent_start(&agent, opts);

    hb_reset(&req);
    hb_get1(&req, 77, SYS_NAME);
    assert_int_equal(req.len, GET_REQ_LEN);
    uint8_t msg[GET_REQ_LEN];
    memcpy(msg, req.data, sizeof msg);

    int fds[SLOTS];
    size_t sent[SLOTS];
    bool closed[SLOTS];
    for (size_t i = 0; i < SLOTS; i++) {
        fds[i] = own_start_connect(agent.port);
        if (fds[i] < 0 || !connect_done(fds[i], h_slow_ms(H_PROMPT_MS))) {
            fail_msg("slowloris connection %zu failed", i + 1);
        }
        sent[i] = 0;
        closed[i] = false;
    }
    if (!h_agent_wait_lines(&agent, "Connection from 127.0.0.1:", SLOTS, H_PROMPT_MS)) {
        fail_msg("the agent accepted %zu of %d connections",
                 h_agent_count(&agent, "Connection from 127.0.0.1:"), SLOTS);
    }

    /* Every slot is taken: a 51st connection makes room. The oldest
     * connection without a whole request (the first one) is closed, and the
     * newcomer is served. */
    int extra = h_connect(agent.port);
    legit_get(extra, 78);
    h_close(extra);
    h_assert_closed_without_reply(fds[0], 3000);
    own_close(0);
    closed[0] = true;
    assert_true(h_agent_wait_lines(
        &agent, "Client 127.0.0.1 closed to make room for a new connection", 1, H_PROMPT_MS));

    /* Trickle one byte per connection per tick, never a whole message, until
     * the agent closes them all. */
    size_t open_count = SLOTS - 1;
    int64_t t0 = h_now_ms();
    for (int tick = 0; tick < MAX_TICKS && open_count > 0; tick++) {
        for (size_t i = 0; i < SLOTS; i++) {
            if (closed[i]) {
                continue;
            }
            assert_true(sent[i] < GET_REQ_LEN - 1);
            ssize_t n = send(fds[i], msg + sent[i], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n == 1) {
                sent[i]++;
            } else if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
                closed[i] = true;
                open_count--;
            } else if (!(n < 0 && (errno == EAGAIN || errno == EINTR))) {
                fail_msg("slowloris %zu: send: %s", i + 1, strerror(errno));
            }
        }
        /* Until the next tick, watch for the agent closing them. */
        int64_t tick_end = t0 + (int64_t)(tick + 1) * TICK_MS;
        for (int round = 0; round < 1000 && open_count > 0; round++) {
            int left = (int)(tick_end - h_now_ms());
            if (left <= 0) {
                break;
            }
            struct pollfd pfds[SLOTS];
            size_t map[SLOTS];
            nfds_t np = 0;
            for (size_t i = 0; i < SLOTS; i++) {
                if (!closed[i]) {
                    pfds[np].fd = fds[i];
                    pfds[np].events = POLLIN;
                    pfds[np].revents = 0;
                    map[np++] = i;
                }
            }
            int n = poll(pfds, np, left);
            if (n < 0 && errno != EINTR) {
                fail_msg("poll: %s", strerror(errno));
            }
            for (nfds_t k = 0; n > 0 && k < np; k++) {
                if (pfds[k].revents == 0) {
                    continue;
                }
                size_t i = map[k];
                uint8_t b[64];
                ssize_t r = recv(fds[i], b, sizeof b, MSG_DONTWAIT);
                if (r > 0) {
                    fail_msg("slowloris %zu got %zd bytes for an incomplete message", i + 1, r);
                }
                if (r == 0 || errno == ECONNRESET) {
                    closed[i] = true;
                    open_count--;
                } else if (errno != EAGAIN && errno != EINTR) {
                    fail_msg("slowloris %zu: recv: %s", i + 1, strerror(errno));
                }
            }
        }
    }
    if (open_count > 0) {
        fail_msg("%zu of %d slowloris connections were still open after %d ms of trickle",
                 open_count, SLOTS - 1, MAX_TICKS * TICK_MS);
    }
    size_t min_sent = GET_REQ_LEN;
    size_t max_sent = 0;
    for (size_t i = 1; i < SLOTS; i++) {
        min_sent = sent[i] < min_sent ? sent[i] : min_sent;
        max_sent = sent[i] > max_sent ? sent[i] : max_sent;
    }
    print_message("[info] slowloris: all %d closed by the agent after %lld ms, each having "
                  "trickled %zu to %zu bytes of a %d-byte request\n",
                  SLOTS - 1, (long long)(h_now_ms() - t0), min_sent, max_sent, GET_REQ_LEN);
    /* The trickle was going on (more than the first byte) when they were closed. */
    assert_true(min_sent >= 2);
    assert_true(max_sent < GET_REQ_LEN);
    if (!h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 2.0s", SLOTS - 1,
                            H_PROMPT_MS)) {
        fail_msg("%zu timeout lines, expected %d",
                 h_agent_count(&agent, "Client 127.0.0.1 timed out after 2.0s"), SLOTS - 1);
    }
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 closed to make room"), 1);
    for (size_t i = 1; i < SLOTS; i++) {
        own_close(i);
    }

    /* The slots are free again: legitimate clients are served. */
    legit_client_served_eventually(200, H_PROMPT_MS);
    int legit = h_connect(agent.port);
    for (uint32_t i = 0; i < 10; i++) {
        legit_get(legit, 300 + i);
    }
    h_close(legit);
    assert_agent_running();
    h_agent_stop_free(&agent);
}

/* ---- 3: pipelining forever, never reading ---- */

static void endless_pipeliner_that_never_reads_is_bounded(void **state)
{
    (void)state;
    static const char *const opts[] = {"-q", NULL};
    h_agent_start(&agent, opts);
    pid_t pid = agent.proc->pid;

    int legit = h_connect(agent.port);
    legit_get(legit, 1);
    h_sleep_ms(100); /* let the agent go back to waiting */
    long rss_start = rss_kib(pid);

    /* 255 x sysName per request: ~2.5 KB in, ~6 KB out. */
    const char *oids[255];
    for (size_t i = 0; i < 255; i++) {
        oids[i] = SYS_NAME;
    }
    static h_buf big;
    hb_reset(&big);
    hb_get(&big, 0, oids, 255);

    /* A small receive buffer on the hog's side: what piles up is then the
     * agent's, not the hog's kernel's. */
    int hog = h_try_connect_rcvbuf(agent.port, 4096);
    assert_true(hog >= 0);
    uint64_t hog_bytes = 0;
    size_t offset = 0; /* within the current request */
    uint32_t hog_rid = 0;
    unsigned stalls = 0;
    long rss_max = rss_start;
    uint32_t served = 0;
    int64_t t0 = h_now_ms();
    int64_t give_up = t0 + h_slow_ms(30000);
    for (int iter = 0; iter < 100000; iter++) {
        int64_t now = h_now_ms();
        if (now - t0 >= 2000 && served >= 100) {
            break;
        }
        if (now > give_up) {
            fail_msg("only %u legitimate requests served while the hog pipelined", served);
        }
        /* The hog writes until the kernel takes no more (bounded per turn). */
        for (int k = 0; k < 64; k++) {
            if (offset == 0) {
                big.data[4] = (uint8_t)(hog_rid >> 24);
                big.data[5] = (uint8_t)(hog_rid >> 16);
                big.data[6] = (uint8_t)(hog_rid >> 8);
                big.data[7] = (uint8_t)hog_rid;
            }
            ssize_t n = send(hog, big.data + offset, big.len - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                hog_bytes += (uint64_t)n;
                offset += (size_t)n;
                if (offset == big.len) {
                    offset = 0;
                    hog_rid++;
                }
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                stalls++;
                break;
            } else if (!(n < 0 && errno == EINTR)) {
                fail_msg("the hog's connection broke: %s", n < 0 ? strerror(errno) : "send 0");
            }
        }
        /* Meanwhile the legitimate client is served, request after request. */
        legit_get(legit, 1000 + served);
        served++;
        if (served % 10 == 0) {
            long r = rss_kib(pid);
            rss_max = r > rss_max ? r : rss_max;
        }
    }
    long rss_end = rss_kib(pid);
    rss_max = rss_end > rss_max ? rss_end : rss_max;
    print_message("[info] hog: %u whole requests (%llu bytes) sent in %lld ms, %s; legitimate "
                  "client: %u GETs answered\n",
                  (unsigned)hog_rid, (unsigned long long)hog_bytes,
                  (long long)(h_now_ms() - t0),
                  stalls > 0 ? "then the kernel took no more (stalled)" : "never stalled", served);
    print_message("[info] agent VmRSS: %ld KiB at start, at most %ld KiB while the hog pipelined "
                  "(+%ld KiB)\n",
                  rss_start, rss_max, rss_max - rss_start);
    assert_true(served >= 100);
    /* Everything the agent read of the hog's requests was answered, and the
     * answers wait somewhere on the agent's side: its output backlog (at
     * most 80 KiB) or its socket's send queue, which it caps (the kernel
     * alone would let that grow to tcp_wmem's maximum, 4 MiB by default,
     * per client). Plus one message in its framer. */
    long consumed = h_peer_consumed(hog);
    print_message("[info] the agent read %ld of the hog's %llu bytes\n", consumed,
                  (unsigned long long)hog_bytes);
    if (consumed < 0 || consumed > HOG_READ_MAX) {
        fail_msg("the agent read %ld bytes of requests from a client that never reads its "
                 "answers (bound %d): answers are piling up in its kernel",
                 consumed, HOG_READ_MAX);
    }
    if (rss_max - rss_start >= 4096) {
        fail_msg("the agent grew by %ld KiB serving a client that never reads (bound 4096 KiB)",
                 rss_max - rss_start);
    }

    /* The hog leaves without reading; the agent recovers. */
    h_close(hog);
    legit_get(legit, 5000);
    legit_client_served(5001);
    h_sleep_ms(100); /* let the agent notice the hang-up */
    long rss_after = rss_kib(pid);
    for (uint32_t i = 0; i < 50; i++) {
        legit_get(legit, 6000 + i);
    }
    long rss_later = rss_kib(pid);
    print_message("[info] agent VmRSS after the hog left: %ld KiB, after 50 more requests: %ld "
                  "KiB\n",
                  rss_after, rss_later);
    if (rss_later - rss_start >= 4096) {
        fail_msg("the agent grew by %ld KiB", rss_later - rss_start);
    }
    h_close(legit);
    assert_agent_running();
    h_agent_stop_free(&agent);
}

/* ---- 4: a storm of connects and closes ---- */

static void storm_of_connects_and_closes_leaves_agent_healthy(void **state)
{
    (void)state;
    static const char *const opts[] = {"-q", NULL};
    h_agent_start(&agent, opts);
    pid_t pid = agent.proc->pid;
    legit_client_served(1);
    h_sleep_ms(100); /* let the agent go back to waiting */
    long fds_before = fd_count(pid);

    hb_reset(&req);
    hb_get1(&req, 9, SYS_NAME);
    uint8_t msg[GET_REQ_LEN];
    memcpy(msg, req.data, sizeof msg);

    /* Kinds: 0 close at once (maybe before the handshake ends), 1 reset
     * (linger 0) once connected, 2 half a request then close, 3 a whole
     * request then close without reading. */
    unsigned long done[4] = {0, 0, 0, 0};
    unsigned long not_connected = 0;
    int64_t t0 = h_now_ms();
    unsigned long iter = 0;
    for (; iter < 200000 && h_now_ms() - t0 < 2000; iter++) {
        unsigned kind = (unsigned)(iter % 4);
        own_reset();
        int fd = own_start_connect(agent.port);
        if (fd < 0) {
            not_connected++;
            own_close_all();
            continue;
        }
        if (kind != 0) {
            if (!connect_done(fd, 1000)) {
                not_connected++;
                own_close_all();
                continue;
            }
            if (kind == 1) {
                struct linger lg = {1, 0};
                (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            } else {
                size_t len = kind == 2 ? GET_REQ_LEN / 2 : GET_REQ_LEN;
                (void)send(fd, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT);
            }
        }
        own_close_all();
        done[kind]++;
    }
    own_reset();
    print_message("[info] storm: %lu connections in %lld ms: %lu closed at once, %lu reset, %lu "
                  "half a request, %lu a whole request unread; %lu did not connect\n",
                  iter, (long long)(h_now_ms() - t0), done[0], done[1], done[2], done[3],
                  not_connected);
    assert_true(done[0] > 0 && done[1] > 0 && done[2] > 0 && done[3] > 0);

    /* Afterwards: still running, every storm connection let go, and serving. */
    assert_agent_running();
    legit_client_served_eventually(2, 10000);
    long seen = 0;
    if (!wait_fd_count(pid, fds_before, true, 10000, &seen)) {
        fail_msg("after the storm the agent holds %ld descriptors, expected %ld", seen, fds_before);
    }
    int legit = h_connect(agent.port);
    for (uint32_t i = 0; i < 20; i++) {
        legit_get(legit, 100 + i);
    }
    h_close(legit);
    assert_agent_running();
    /* SIGTERM: exit status 0 (under the sanitizers, also free of leaks). */
    h_agent_stop_free(&agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ten_thousand_idle_connections_cost_little_and_block_nobody,
                                        hostile_setup, hostile_teardown),
        cmocka_unit_test_setup_teardown(slowloris_on_every_slot_is_timed_out_and_capped,
                                        hostile_setup, hostile_teardown),
        cmocka_unit_test_setup_teardown(endless_pipeliner_that_never_reads_is_bounded,
                                        hostile_setup, hostile_teardown),
        cmocka_unit_test_setup_teardown(storm_of_connects_and_closes_leaves_agent_healthy,
                                        hostile_setup, hostile_teardown),
    };
    return cmocka_run_group_tests_name("integration_hostile_clients", tests, h_group_setup, NULL);
}
