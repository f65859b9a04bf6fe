/*
 * Availability at default settings (issue 9): at the client cap a newcomer
 * takes the place of the connection that has gone longest without a whole
 * request, so an attacker who holds or churns every slot locks nobody out;
 * a connection the agent closes lingers, so answers already owed are not
 * lost to a reset; and the agent listens on IPv6 and IPv4 at once.
 *
 * Only behaviour is asserted. The attacks run for a bounded time in a
 * child process of the test; give-up deadlines are generous.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

enum {
    GET_REQ_LEN = H_SYSNAME_GET_LEN,
    GET_REPLY_LEN = H_SYSNAME_REPLY_LEN,
    /* Issue 9's scenario: a cap of 1,000 and 1,100 attackers. */
    CAP = 1000,
    ATTACKERS = 1100,
    ATTACK_MS = 4000,          /* legitimate clients keep coming this long */
    ATTACKER_MAX_MS = 120000,  /* the attacker's own bound, should the test die */
    PIPELINE_DEPTH = 8,
    /* The lingering-close scenario. */
    OWED_ANSWERS = 5000,
    TRAILING_GARBAGE = 100 * 1024
};

static h_agent agent;

/* ---- the attacker: a child process holding ATTACKERS connections ---- */

typedef enum attack_kind { ATTACK_IDLE, ATTACK_SLOWLORIS } attack_kind;

static volatile sig_atomic_t attacker_stop;

static void on_attacker_stop(int signo)
{
    (void)signo;
    attacker_stop = 1;
}

/*
 * Runs in the child: keeps ATTACKERS connections open until SIGTERM (or
 * ATTACKER_MAX_MS at most), re-opening each one as soon as the agent closes
 * it; a slowloris sends one byte of a request per second on each. Exits 0
 * if the agent closed (and so the attacker re-opened) at least one, 2 if it
 * never did, 3 on a local failure, 4 if an incomplete request was answered.
 * Never returns.
 */
static void run_attacker(int port, attack_kind kind)
{
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_attacker_stop;
    (void)sigaction(SIGTERM, &sa, NULL);
    static struct pollfd pfds[ATTACKERS];
    static size_t trickled[ATTACKERS];
    uint8_t get[GET_REQ_LEN];
    h_sysname_get(get, 9);
    for (size_t i = 0; i < ATTACKERS; i++) {
        pfds[i].fd = h_start_connect_untracked(port);
        pfds[i].events = POLLIN;
        trickled[i] = 0;
        if (pfds[i].fd < 0) {
            _exit(3);
        }
    }
    unsigned long reopened = 0;
    int64_t start = h_now_ms();
    int64_t next_trickle = start + 1000;
    for (int round = 0; round < 10000000 && !attacker_stop; round++) {
        int64_t now = h_now_ms();
        if (now - start >= ATTACKER_MAX_MS) {
            break;
        }
        if (kind == ATTACK_SLOWLORIS && now >= next_trickle) {
            next_trickle += 1000;
            for (size_t i = 0; i < ATTACKERS; i++) {
                /* Never the whole request: at most GET_REQ_LEN - 1 bytes. */
                if (trickled[i] < GET_REQ_LEN - 1 &&
                    send(pfds[i].fd, get + trickled[i], 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
                    trickled[i]++;
                }
            }
        }
        int n = poll(pfds, ATTACKERS, 50);
        for (size_t i = 0; n > 0 && i < ATTACKERS; i++) {
            if (pfds[i].revents == 0) {
                continue;
            }
            uint8_t sink[64];
            ssize_t r = recv(pfds[i].fd, sink, sizeof sink, MSG_DONTWAIT);
            if (r > 0) {
                _exit(4);   /* an answer to a request never completed */
            }
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            }
            close(pfds[i].fd);
            pfds[i].fd = h_start_connect_untracked(port);
            trickled[i] = 0;
            reopened++;
            if (pfds[i].fd < 0) {
                _exit(3);
            }
        }
    }
    _exit(reopened > 0 ? 0 : 2);
}

static pid_t start_attacker(int port, attack_kind kind)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        run_attacker(port, kind);
    }
    return pid;
}

/* Stops the attacker (SIGTERM) and asserts it did its job. */
static void finish_attacker(pid_t pid)
{
    int status = 0;
    kill(pid, SIGTERM);
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    pid_t got = 0;
    while ((got = waitpid(pid, &status, WNOHANG)) == 0 && h_now_ms() < deadline) {
        h_sleep_ms(20);
    }
    if (got != pid) {
        kill(pid, SIGKILL);
        (void)waitpid(pid, &status, 0);
        fail_msg("the attacker did not finish");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail_msg("attacker: %s (status %d)",
                 WIFEXITED(status) && WEXITSTATUS(status) == 2   ? "the agent never closed one"
                 : WIFEXITED(status) && WEXITSTATUS(status) == 4 ? "an incomplete request was answered"
                                                                  : "failed",
                 status);
    }
}

static void raise_own_fd_limit(void)
{
    struct rlimit lim;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &lim), 0);
    rlim_t need = ATTACKERS + 256;
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < need) {
        if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need) {
            fail_msg("the hard open-file limit %llu is below the %llu this test needs",
                     (unsigned long long)lim.rlim_max, (unsigned long long)need);
        }
        lim.rlim_cur = need;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &lim), 0);
    }
}

/* ---- legitimate clients ---- */

/* The real manager: one GET, its exact line. */
static void manager_get_succeeds(void)
{
    char target[32];
    snprintf(target, sizeof target, "127.0.0.1:%d", agent.port);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", target, SYS_NAME, NULL);
}

/* A raw client: PIPELINE_DEPTH GETs in one write, every answer byte-exact. */
static void pipelined_client_succeeds(uint32_t first_rid)
{
    int fd = h_connect(agent.port);
    uint8_t batch[PIPELINE_DEPTH * GET_REQ_LEN];
    for (uint32_t i = 0; i < PIPELINE_DEPTH; i++) {
        h_sysname_get(batch + i * GET_REQ_LEN, first_rid + i);
    }
    h_io io = h_send_all(fd, batch, sizeof batch, H_PROMPT_MS);
    if (io != H_IO_OK) {
        fail_msg("pipelined client: not sent (%s)", h_io_name(io));
    }
    for (uint32_t i = 0; i < PIPELINE_DEPTH; i++) {
        uint8_t got[GET_REPLY_LEN];
        uint8_t want[GET_REPLY_LEN];
        size_t n = 0;
        io = h_recv_exact(fd, got, sizeof got, H_PROMPT_MS, &n);
        if (io != H_IO_OK) {
            fail_msg("pipelined client: answer %u of %d missing (%s after %zu bytes)", i + 1,
                     PIPELINE_DEPTH, h_io_name(io), n);
        }
        h_sysname_reply(want, first_rid + i);
        assert_memory_equal(got, want, sizeof want);
    }
    h_close(fd);
}

/* While the attack lasts, legitimate clients of both kinds keep succeeding. */
static void legit_clients_succeed_throughout(pid_t attacker, int64_t end)
{
    uint32_t rid = 1000;
    int rounds = 0;
    for (; rounds < 1000 && h_now_ms() < end; rounds++) {
        manager_get_succeeds();
        pipelined_client_succeeds(rid);
        rid += PIPELINE_DEPTH;
        int status;
        if (waitpid(attacker, &status, WNOHANG) == attacker) {
            fail_msg("the attacker stopped early (status %d)", status);
        }
    }
    print_message("[info] %d rounds of a manager GET and %d pipelined GETs, all served\n", rounds,
                  PIPELINE_DEPTH);
    assert_true(rounds >= 1);
}

static void attack_does_not_lock_out_legit_clients(attack_kind kind)
{
    raise_own_fd_limit();
    char cap[16];
    snprintf(cap, sizeof cap, "%d", CAP);
    const char *const opts[] = {"-q", "-c", cap, NULL};
    h_agent_start(&agent, opts);
    pid_t attacker = start_attacker(agent.port, kind);
    /* Let the attacker fill every slot before the legitimate clients come. */
    h_sleep_ms(500);
    legit_clients_succeed_throughout(attacker, h_now_ms() + ATTACK_MS);
    finish_attacker(attacker);
    /* Every attacker connection is gone: the agent serves as before. */
    manager_get_succeeds();
    h_agent_stop(&agent, SIGTERM);
    /* Evictions made room; the count is not printed under --quiet. */
    assert_false(h_contains(agent.proc->out, "closed to make room"));
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

static void idle_connections_beyond_the_cap_lock_nobody_out(void **state)
{
    (void)state;
    attack_does_not_lock_out_legit_clients(ATTACK_IDLE);
}

static void slowloris_beyond_the_cap_locks_nobody_out(void **state)
{
    (void)state;
    attack_does_not_lock_out_legit_clients(ATTACK_SLOWLORIS);
}

/* ---- lingering close ---- */

/* Sends buf while reading nothing, until all of it is sent or timeout_ms
 * has passed; returns the bytes sent. */
static size_t send_without_reading(int fd, const uint8_t *buf, size_t len, int timeout_ms)
{
    size_t sent = 0;
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    while (sent < len && h_now_ms() < deadline) {
        ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd pfd = {fd, POLLOUT, 0};
            (void)poll(&pfd, 1, 50);
        } else {
            fail_msg("send: %s after %zu bytes", strerror(errno), sent);
        }
    }
    return sent;
}

/*
 * Reads 1 KiB at a time (with slow, pausing every 8 reads) until end of
 * stream, a reset, or timeout_ms; fails if more than cap bytes arrive.
 * Returns H_IO_EOF, H_IO_RESET or H_IO_TIMEOUT, with the bytes in buf[0 ..
 * *have).
 */
static h_io read_to_end(int fd, uint8_t *buf, size_t cap, bool slow, int timeout_ms,
                        size_t *have)
{
    *have = 0;
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    for (int i = 0; i < 1000000 && h_now_ms() < deadline; i++) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 100) <= 0) {
            continue;
        }
        uint8_t chunk[1024];
        ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            if ((size_t)n > cap - *have) {
                fail_msg("more than the %zu bytes of answers expected", cap);
            }
            memcpy(buf + *have, chunk, (size_t)n);
            *have += (size_t)n;
            if (slow && i % 8 == 0) {
                h_sleep_ms(1);   /* pacing: the slow reader */
            }
        } else if (n == 0) {
            return H_IO_EOF;
        } else if (errno == ECONNRESET) {
            return H_IO_RESET;
        } else if (errno != EAGAIN && errno != EINTR) {
            fail_msg("recv: %s", strerror(errno));
        }
    }
    return H_IO_TIMEOUT;
}

/*
 * 5,000 pipelined GETs, then a message whose size field says 70,000, then
 * 100 KB more, from a client that reads slowly: the agent refuses the bad
 * message, but every answer owed before it still arrives, byte-exact, and
 * then an orderly end of stream, never a reset.
 */
static void answers_owed_before_a_malformed_message_survive_a_slow_reader(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    /* A small receive buffer keeps most answers queued in the agent. */
    int fd = h_try_connect_rcvbuf(agent.port, 16 * 1024);
    assert_true(fd >= 0);

    static uint8_t stream[OWED_ANSWERS * GET_REQ_LEN + 4 + TRAILING_GARBAGE];
    size_t len = 0;
    for (uint32_t i = 0; i < OWED_ANSWERS; i++) {
        h_sysname_get(stream + len, i + 1);
        len += GET_REQ_LEN;
    }
    static const uint8_t bad_size[4] = {0x00, 0x01, 0x11, 0x70};   /* 70,000 */
    memcpy(stream + len, bad_size, sizeof bad_size);
    len += sizeof bad_size;
    memset(stream + len, 0x5a, TRAILING_GARBAGE);
    len += TRAILING_GARBAGE;

    /* Send it all while reading nothing: the kernel's buffers take it. */
    size_t sent = send_without_reading(fd, stream, len, H_PROMPT_MS);
    if (sent < len) {
        fail_msg("only %zu of %zu bytes could be sent without reading", sent, len);
    }
    /* The agent reaches the bad message only as the answers drain; read
     * slowly. */
    static uint8_t got[OWED_ANSWERS * GET_REPLY_LEN];
    size_t have = 0;
    h_io end = read_to_end(fd, got, sizeof got, true, 60000, &have);
    if (have != sizeof got || end != H_IO_EOF) {
        fail_msg("got %zu of %zu bytes of answers, then %s", have, sizeof got, h_io_name(end));
    }
    for (uint32_t i = 0; i < OWED_ANSWERS; i++) {
        uint8_t want[GET_REPLY_LEN];
        h_sysname_reply(want, i + 1);
        assert_memory_equal(got + (size_t)i * GET_REPLY_LEN, want, GET_REPLY_LEN);
    }
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "ERROR with client 127.0.0.1: message size field", 1,
                                   H_PROMPT_MS));
    /* One ERROR line, and the agent serves on. */
    assert_int_equal(h_agent_count(&agent, "ERROR with client"), 1);
    pipelined_client_succeeds(1);
    h_agent_stop_free(&agent);
}

/*
 * The idle rule lingers too. A client pipelines 20,000 GETs and reads
 * nothing, so the agent stops reading it with input unread; once it has
 * delivered no whole request for the timeout, the agent closes it. Closing
 * with unread input would reset the connection; lingering, the answers the
 * kernel already holds arrive (a byte-exact prefix of the answer stream,
 * possibly ending inside an answer, since the agent gives up the ones it
 * had not sent) and then an orderly end of stream.
 */
static void idle_timeout_close_lingers_so_answers_sent_arrive(void **state)
{
    (void)state;
    enum { REQUESTS = 20000 };
    static const char *const opts[] = {"-t", "1", NULL};
    h_agent_start(&agent, opts);
    int fd = h_try_connect_rcvbuf(agent.port, 4096);
    assert_true(fd >= 0);
    static uint8_t stream[REQUESTS * GET_REQ_LEN];
    for (uint32_t i = 0; i < REQUESTS; i++) {
        h_sysname_get(stream + (size_t)i * GET_REQ_LEN, i + 1);
    }
    /* Send what the kernel takes without our reading anything. */
    size_t sent = send_without_reading(fd, stream, sizeof stream, 2000);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 1.0s", 1,
                                   H_PROMPT_MS * 2));
    /* Now read everything that arrives. */
    static uint8_t got[REQUESTS * GET_REPLY_LEN];
    size_t have = 0;
    h_io end = read_to_end(fd, got, sizeof got, false, 20000, &have);
    if (end != H_IO_EOF) {
        fail_msg("after %zu bytes of answers: %s, not an orderly end of stream", have,
                 h_io_name(end));
    }
    /* Some answers, never all (the agent stopped reading), each byte right. */
    assert_true(have >= GET_REPLY_LEN);
    assert_true(have < sizeof got);
    for (size_t off = 0; off < have; off += GET_REPLY_LEN) {
        uint8_t want[GET_REPLY_LEN];
        h_sysname_reply(want, (uint32_t)(off / GET_REPLY_LEN) + 1);
        size_t n = have - off < GET_REPLY_LEN ? have - off : GET_REPLY_LEN;
        assert_memory_equal(got + off, want, n);
    }
    print_message("[info] %zu bytes sent, %zu bytes of answers received before the end\n", sent,
                  have);
    h_close(fd);
    h_agent_stop_free(&agent);
}

/* ---- IPv6 and IPv4 ---- */

/* Connects to [::1]:port; -1 on failure. */
static int connect_v6(int port)
{
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in6 sa;
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons((uint16_t)port);
    sa.sin6_addr = in6addr_loopback;
    if (connect(fd, (const struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One GET on a blocking socket of our own, byte-exact. */
static void get_on(int fd, uint32_t rid)
{
    uint8_t get[GET_REQ_LEN];
    h_sysname_get(get, rid);
    assert_int_equal(h_send_all(fd, get, sizeof get, H_PROMPT_MS), H_IO_OK);
    uint8_t got[GET_REPLY_LEN];
    uint8_t want[GET_REPLY_LEN];
    size_t n = 0;
    assert_int_equal(h_recv_exact(fd, got, sizeof got, H_PROMPT_MS, &n), H_IO_OK);
    h_sysname_reply(want, rid);
    assert_memory_equal(got, want, sizeof want);
}

/* Starts the agent exactly as a user would, with no -b (the harness always
 * adds one), on a free port. */
static void start_agent_without_bind(void)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        int port = h_free_port();
        char port_text[16];
        snprintf(port_text, sizeof port_text, "%d", port);
        const char *argv[] = {SNMP_AGENT_BIN, port_text, NULL};
        agent.proc = h_proc_spawn("snmp_agent", argv, NULL);
        agent.port = port;
        char line[64];
        snprintf(line, sizeof line, "SNMP Agent listening on port %d...", port);
        int64_t deadline = h_now_ms() + h_slow_ms(15000);
        while (!h_has_line(agent.proc->out, line) && h_now_ms() < deadline &&
               !h_contains(agent.proc->out, "Fatal error")) {
            h_proc_pump(agent.proc, 20);
        }
        if (h_has_line(agent.proc->out, line)) {
            return;
        }
        h_proc_free(agent.proc);
        agent.proc = NULL;
    }
    fail_msg("snmp_agent did not start without -b");
}

static void default_agent_serves_ipv6_and_ipv4_and_prints_ipv4_plainly(void **state)
{
    (void)state;
    start_agent_without_bind();
    int v6 = connect_v6(agent.port);
    assert_true(v6 >= 0);
    get_on(v6, 1);
    int v4 = h_connect(agent.port);
    get_on(v4, 2);
    close(v6);
    h_close(v4);
    assert_true(h_agent_wait_lines(&agent, "Client ::1 disconnected normally", 1, H_PROMPT_MS));
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 disconnected normally", 1, H_PROMPT_MS));
    assert_int_equal(h_agent_count(&agent, "Connection from [::1]:"), 1);
    assert_int_equal(h_agent_count(&agent, "Connection from 127.0.0.1:"), 1);
    /* An IPv4 client is never shown as ::ffff:127.0.0.1. */
    assert_false(h_contains(agent.proc->out, "ffff"));
    /* The manager reaches it both ways. */
    char target[32];
    snprintf(target, sizeof target, "[::1]:%d", agent.port);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", target, SYS_NAME, NULL);
    manager_get_succeeds();
    assert_true(h_agent_wait_lines(&agent, "Client ::1 disconnected normally", 2, H_PROMPT_MS));
    h_agent_stop_free(&agent);
}

static void bind_to_ipv6_loopback_serves_ipv6_only(void **state)
{
    (void)state;
    static const char *const opts[] = {"-b", "::1", NULL};
    h_agent_start(&agent, opts);
    int v6 = connect_v6(agent.port);
    assert_true(v6 >= 0);
    get_on(v6, 1);
    close(v6);
    /* Nothing listens on 127.0.0.1 at that port. */
    assert_int_equal(h_try_connect(agent.port), -1);
    h_agent_stop_free(&agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_connections_beyond_the_cap_lock_nobody_out, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(slowloris_beyond_the_cap_locks_nobody_out, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(
            answers_owed_before_a_malformed_message_survive_a_slow_reader, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(idle_timeout_close_lingers_so_answers_sent_arrive, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(default_agent_serves_ipv6_and_ipv4_and_prints_ipv4_plainly,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(bind_to_ipv6_loopback_serves_ipv6_only, h_setup,
                                        h_teardown),
    };
    return cmocka_run_group_tests_name("integration_availability", tests, h_group_setup, NULL);
}
