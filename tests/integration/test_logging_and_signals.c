/*
 * Logging never stalls the agent, and signals (issue 9, section 3): a stdout
 * pipe nobody reads, a reader that goes away, SIGTERM under a request flood,
 * SIGHUP and SIGPIPE.
 *
 * The agent's stdout is the harness's pipe, shrunk to one page once the
 * listening line is read, and then not read: that is `snmp_agent | sleep
 * 1000` with a smaller pipe, so a few thousand lines overflow it and the
 * agent's 64 KiB log buffer.
 */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

enum {
    /* Connects and closes into an unread pipe: two lines each, about 105 KB,
     * more than the one-page pipe and the agent's 64 KiB buffer hold. */
    STORM_CONNECTIONS = 1500,
    /* How long the request flood runs before SIGTERM (pacing, not a result). */
    FLOOD_BEFORE_SIGNAL_MS = 500,
    FLOOD_CONNECTIONS = 16,
    FLOOD_BATCH_REQUESTS = 64
};

static h_agent agent;

/* Starts the agent, then shrinks its stdout pipe to one page and stops reading it. */
static void start_agent_with_unread_log(const char *const *opts)
{
    h_agent_start(&agent, opts);
    /* The listening line has been read, so the pipe is empty and may shrink. */
    int size = fcntl(agent.proc->out_fd, F_SETPIPE_SZ, 4096);
    if (size < 0 || size > 4096) {
        fail_msg("cannot shrink the agent's stdout pipe to one page: %d (%s)", size,
                 strerror(errno));
    }
}

/* Connects and closes at once, n times, one after the other. */
static void connect_and_close(int n)
{
    for (int i = 0; i < n; i++) {
        h_close(h_connect(agent.port));
    }
}

/* Whether the agent has exited, without reaping it or reading its output. */
static bool agent_exited(void)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int r = waitid(P_PID, (id_t)agent.proc->pid, &info, WEXITED | WNOHANG | WNOWAIT);
    return r == 0 && info.si_pid == agent.proc->pid;
}

/* Waits (give-up deadline) for the agent to exit without reading its stdout. */
static bool wait_exit_without_reading(int timeout_ms)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    while (!agent_exited()) {
        if (h_now_ms() >= deadline) {
            return false;
        }
        h_sleep_ms(10);
    }
    return true;
}

/* Sum of N over the `N log lines dropped` lines of text; *lines counts them. */
static unsigned long dropped_total(const char *text, size_t *lines)
{
    unsigned long total = 0;
    *lines = 0;
    for (const char *line = text; line != NULL && *line != '\0';) {
        const char *end = strchr(line, '\n');
        char *after = NULL;
        unsigned long n = strtoul(line, &after, 10);
        static const char tail[] = " log lines dropped\n";
        if (after != line && line[0] >= '0' && line[0] <= '9' &&
            strncmp(after, tail, sizeof tail - 1) == 0) {
            if (n == 0) {
                fail_msg("a drop count of 0 was printed:\n%s", text);
            }
            total += n;
            (*lines)++;
        }
        line = end ? end + 1 : NULL;
    }
    return total;
}

/* Per-connection lines printed plus those counted as dropped. */
static unsigned long connection_lines_accounted(const char *text)
{
    size_t notes;
    return h_count_lines_prefix(text, "Connection from 127.0.0.1:") +
           h_count_lines_prefix(text, "Client 127.0.0.1 ") +
           h_count_lines_prefix(text, "ERROR with client 127.0.0.1: ") + dropped_total(text, &notes);
}

static void assert_listening_line_first(void)
{
    char first[64];
    snprintf(first, sizeof first, "SNMP Agent listening on port %d...\n", agent.port);
    if (strncmp(agent.proc->out, first, strlen(first)) != 0) {
        fail_msg("the listening line is not the first line:\n%.400s", agent.proc->out);
    }
}

static void unread_log_pipe_does_not_stall_serving_and_drops_are_counted(void **state)
{
    (void)state;
    start_agent_with_unread_log(NULL);
    connect_and_close(STORM_CONNECTIONS);
    /* Its log is full and unread, yet it answers at once. */
    int fd = h_connect(agent.port);
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    h_close(fd);

    /* Output flows again: every per-connection line (two per connection) is
     * either printed or counted in a drop line. */
    const unsigned long expected = 2UL * (STORM_CONNECTIONS + 1);
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    while (connection_lines_accounted(agent.proc->out) < expected && h_now_ms() < deadline) {
        h_proc_pump(agent.proc, 20);
    }
    size_t notes = 0;
    unsigned long dropped = dropped_total(agent.proc->out, &notes);
    print_message("[info] %lu of %lu per-connection lines dropped, in %zu drop lines\n", dropped,
                  expected, notes);
    if (connection_lines_accounted(agent.proc->out) != expected) {
        fail_msg("expected %lu per-connection lines printed or counted as dropped, got %lu; "
                 "stdout:\n%s", expected, connection_lines_accounted(agent.proc->out),
                 agent.proc->out);
    }
    if (notes == 0 || dropped == 0) {
        fail_msg("no `N log lines dropped` line although %lu lines cannot fit in 68 KiB",
                 expected);
    }
    assert_listening_line_first();

    h_agent_stop(&agent, SIGTERM);   /* exit status 0 and `Shutting down...` */
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

static void sigterm_stops_agent_whose_log_pipe_is_never_read(void **state)
{
    (void)state;
    start_agent_with_unread_log(NULL);
    connect_and_close(STORM_CONNECTIONS);
    int fd = h_connect(agent.port);
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    h_close(fd);

    assert_int_equal(kill(agent.proc->pid, SIGTERM), 0);
    if (!wait_exit_without_reading(5000)) {
        fail_msg("the agent did not exit on SIGTERM within %d ms while its stdout was full",
                 h_slow_ms(5000));
    }
    assert_true(h_proc_wait_exit(agent.proc, 1000));
    assert_int_equal(h_proc_exit_code(agent.proc), 0);
    assert_listening_line_first();
    h_assert_output_rule(agent.proc->out);
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

/* SIGTERM while the buffer is full and lines are being dropped; then the
 * reader reads again: the drop count and the shutdown line both arrive, the
 * shutdown line last. */
static void shutdown_line_is_not_dropped_when_the_log_is_full(void **state)
{
    (void)state;
    start_agent_with_unread_log(NULL);
    connect_and_close(STORM_CONNECTIONS);
    int fd = h_connect(agent.port);
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    h_close(fd);
    h_agent_stop(&agent, SIGTERM);   /* reads while it waits: exit 0, `Shutting down...` */
    size_t notes = 0;
    if (dropped_total(agent.proc->out, &notes) == 0 || notes == 0) {
        fail_msg("no `N log lines dropped` line; stdout:\n%s", agent.proc->out);
    }
    static const char last[] = "\nShutting down...\n";
    size_t len = strlen(agent.proc->out);
    if (len < sizeof last - 1 || strcmp(agent.proc->out + len - (sizeof last - 1), last) != 0) {
        fail_msg("`Shutting down...` is not the last line; stdout ends:\n%s",
                 agent.proc->out + (len > 300 ? len - 300 : 0));
    }
    assert_listening_line_first();
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

static void agent_keeps_serving_after_its_log_reader_goes_away(void **state)
{
    (void)state;
    /* The reader goes away while lines wait for it (the loop sees EPOLLERR
     * on stdout), or while none do (the next write fails with EPIPE): in
     * both cases the agent must go on serving, and neither kill it. */
    for (int lines_waiting = 1; lines_waiting >= 0; lines_waiting--) {
        start_agent_with_unread_log(NULL);
        if (lines_waiting) {
            connect_and_close(STORM_CONNECTIONS);
        }
        close(agent.proc->out_fd);
        agent.proc->out_fd = -1;
        connect_and_close(100);
        int fd = h_connect(agent.port);
        h_get_string_expect(fd, 1, SYS_NAME, "router-main");
        h_close(fd);
        assert_false(agent_exited());

        assert_int_equal(kill(agent.proc->pid, SIGTERM), 0);
        if (!h_proc_wait_exit(agent.proc, 5000)) {
            fail_msg("the agent did not exit on SIGTERM after its stdout reader went away");
        }
        assert_int_equal(h_proc_exit_code(agent.proc), 0);
        h_proc_free(agent.proc);
        agent.proc = NULL;
    }
}

static void sighup_and_sigpipe_do_not_stop_agent(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    assert_int_equal(kill(agent.proc->pid, SIGHUP), 0);
    assert_int_equal(kill(agent.proc->pid, SIGPIPE), 0);
    /* Same connection and a new one: both still served. */
    h_get_string_expect(fd, 2, SYS_NAME, "router-main");
    int fd2 = h_connect(agent.port);
    h_get_string_expect(fd2, 3, SYS_NAME, "router-main");
    h_close(fd2);
    h_close(fd);
    assert_false(agent_exited());
    assert_int_equal(h_agent_count(&agent, "Shutting down..."), 0);
    h_agent_stop_free(&agent);
}

/* Flooding clients: each keeps sending pipelined GETs and reading answers. */
typedef struct flooder {
    int fd;
    size_t sent;      /* bytes of the batch sent so far */
    size_t answered;  /* answer bytes read */
} flooder;

/* Fills the socket with requests, so the agent always has input waiting,
 * then reads what answers are there. */
static void flood_turn(flooder *f, const h_buf *batch)
{
    ssize_t n = 0;
    for (int i = 0; i < 64; i++) {
        n = send(f->fd, batch->data + f->sent, batch->len - f->sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n <= 0) {
            break;
        }
        f->sent = (f->sent + (size_t)n) % batch->len;
    }
    static uint8_t sink[65536];
    for (int i = 0; i < 16; i++) {
        n = recv(f->fd, sink, sizeof sink, MSG_DONTWAIT);
        if (n <= 0) {
            break;
        }
        f->answered += (size_t)n;
    }
}

static void sigterm_stops_agent_under_request_flood(void **state)
{
    (void)state;
    static const char *const opts[] = {"-q", NULL};
    h_agent_start(&agent, opts);
    static h_buf batch;
    hb_reset(&batch);
    for (uint32_t i = 0; i < FLOOD_BATCH_REQUESTS; i++) {
        hb_get1(&batch, i + 1, SYS_NAME);
    }
    flooder floods[FLOOD_CONNECTIONS];
    for (size_t i = 0; i < FLOOD_CONNECTIONS; i++) {
        floods[i] = (flooder){.fd = h_connect(agent.port)};
    }
    int64_t signal_at = h_now_ms() + FLOOD_BEFORE_SIGNAL_MS;
    int64_t give_up = 0;
    int64_t signalled = 0;
    bool exited = false;
    for (long turn = 0; turn < 100000000L && !exited; turn++) {
        for (size_t i = 0; i < FLOOD_CONNECTIONS; i++) {
            flood_turn(&floods[i], &batch);
        }
        if (give_up == 0 && h_now_ms() >= signal_at) {
            assert_int_equal(kill(agent.proc->pid, SIGTERM), 0);
            signalled = h_now_ms();
            give_up = signalled + h_slow_ms(5000);
        }
        if (give_up != 0 && (turn % 16) == 0) {
            exited = agent_exited();
            if (!exited && h_now_ms() >= give_up) {
                break;
            }
        }
    }
    size_t answered = 0;
    for (size_t i = 0; i < FLOOD_CONNECTIONS; i++) {
        answered += floods[i].answered;
        h_close(floods[i].fd);
    }
    print_message("[info] %zu answer bytes read during the flood; exit seen %lld ms after "
                  "SIGTERM\n", answered, (long long)(h_now_ms() - signalled));
    if (!exited) {
        fail_msg("the agent did not exit on SIGTERM within %d ms while clients flooded it",
                 h_slow_ms(5000));
    }
    assert_true(answered > 0);
    assert_true(h_proc_wait_exit(agent.proc, 1000));
    assert_int_equal(h_proc_exit_code(agent.proc), 0);
    assert_true(h_has_line(agent.proc->out, "Shutting down..."));
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

/* ---- the agent started directly, with stdout of the test's choosing ---- */

/* The agent started by spawn_direct, killed by teardown if a test fails. */
static pid_t direct_pid;

static int direct_teardown(void **state)
{
    if (direct_pid > 0) {
        kill(direct_pid, SIGKILL);
        waitpid(direct_pid, NULL, 0);
        direct_pid = 0;
    }
    return h_teardown(state);
}

/* In a child about to exec: hides /proc/<pid>/fd (so /proc/self/fd/1 cannot
 * be opened) in a mount namespace of its own. Exits 126 if it cannot. */
static void hide_own_proc_fd_dir(void)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", (int)getpid());
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("none", dir, "tmpfs", 0, NULL) != 0) {
        _exit(126);
    }
}

/*
 * Starts the agent on port with stdout_fd as its stdout, or with stdout
 * closed if stdout_fd is -1 (stdin and stderr as the test's); with
 * hide_proc_fd, /proc/self/fd is an empty directory for it. Not through
 * SNMP_TEST_WRAPPER: these tests need stdout to be a file, a socket, or a
 * pipe whose other copies they control.
 */
static void spawn_direct(int stdout_fd, int port, bool hide_proc_fd)
{
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (hide_proc_fd) {
            hide_own_proc_fd_dir();
        }
        if (stdout_fd < 0) {
            close(STDOUT_FILENO);
        } else {
            dup2(stdout_fd, STDOUT_FILENO);
        }
        execl(SNMP_AGENT_BIN, SNMP_AGENT_BIN, "-b", "127.0.0.1", port_text, (char *)NULL);
        _exit(127);
    }
    direct_pid = pid;
}

/* Sends SIGTERM and waits (give-up deadline); asserts exit status 0. */
static void stop_direct(void)
{
    assert_int_equal(kill(direct_pid, SIGTERM), 0);
    int status = 0;
    bool reaped = false;
    int64_t deadline = h_now_ms() + h_slow_ms(5000);
    while (!reaped && h_now_ms() < deadline) {
        reaped = waitpid(direct_pid, &status, WNOHANG) == direct_pid;
        if (!reaped) {
            h_sleep_ms(10);
        }
    }
    if (!reaped) {
        fail_msg("the agent did not exit on SIGTERM within %d ms", h_slow_ms(5000));
    }
    direct_pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* Appends what fd (non-blocking) has now to text; false at end of stream. */
static bool read_some(int fd, char *text, size_t cap, size_t *len)
{
    for (int i = 0; i < 1000 && *len + 1 < cap; i++) {
        ssize_t n = read(fd, text + *len, cap - 1 - *len);
        if (n <= 0) {
            return n != 0;
        }
        *len += (size_t)n;
        text[*len] = '\0';
    }
    return true;
}

/* Reads fd into text until it holds needle (give-up deadline). */
static bool read_until(int fd, char *text, size_t cap, size_t *len, const char *needle)
{
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    /* A regular file's end is not the end of its stream: keep reading. */
    while (strstr(text, needle) == NULL) {
        (void)read_some(fd, text, cap, len);
        if (strstr(text, needle) != NULL) {
            break;
        }
        if (h_now_ms() >= deadline) {
            return false;
        }
        h_sleep_ms(5);
    }
    return true;
}

/* The O_NONBLOCK flag of /proc/<pid>/fdinfo/<fd> ("flags:" is octal). */
static bool fdinfo_nonblocking(pid_t pid, int fd)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", (int)pid, fd);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[128];
    unsigned long flags = 0;
    bool found = false;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        found = sscanf(line, "flags: %lo", &flags) == 1;
    }
    fclose(f);
    assert_true(found);
    return (flags & (unsigned long)O_NONBLOCK) != 0;
}

/* Room for everything the direct agents print in these tests. */
static char direct_out[512 * 1024];

/*
 * O_NONBLOCK belongs to an open file description, which a pipeline or a
 * terminal shares with other processes: the agent must make its own stdout
 * non-blocking without making theirs so. Here the test keeps the write end
 * of the agent's stdout pipe, as a shell or a sibling command would.
 */
static void nonblocking_stdout_is_the_agents_own_not_the_shared_one(void **state)
{
    (void)state;
    int pipe_fds[2];
    assert_int_equal(pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK), 0);
    int read_end = pipe_fds[0];
    int shared_write_end = pipe_fds[1];
    /* Our copy blocks, as a shell's would; the read end stays non-blocking. */
    assert_int_equal(fcntl(shared_write_end, F_SETFL, 0), 0);
    int port = h_free_port();
    spawn_direct(shared_write_end, port, false);
    char listening[64];
    snprintf(listening, sizeof listening, "SNMP Agent listening on port %d...\n", port);
    size_t len = 0;
    direct_out[0] = '\0';
    if (!read_until(read_end, direct_out, sizeof direct_out, &len, listening)) {
        fail_msg("no listening line; got: %s", direct_out);
    }
    /* say_open() has run before the listening line. */
    assert_true(fdinfo_nonblocking(direct_pid, STDOUT_FILENO));
    int shared_flags = fcntl(shared_write_end, F_GETFL);
    assert_true(shared_flags >= 0);
    if ((shared_flags & O_NONBLOCK) != 0) {
        fail_msg("the agent set O_NONBLOCK on the stdout description it shares with others");
    }
    stop_direct();
    assert_true(read_until(read_end, direct_out, sizeof direct_out, &len, "Shutting down...\n"));
    close(read_end);
    close(shared_write_end);
}

/*
 * Without /proc the agent cannot get a description of its own, and sets
 * O_NONBLOCK on the shared one (logging must never block); it gives the
 * original flags back at exit. /proc/<pid>/fd is hidden in a private mount
 * namespace (the test needs CAP_SYS_ADMIN, as ci/test's root has).
 */
static void without_proc_the_shared_flag_is_set_and_given_back(void **state)
{
    (void)state;
    int pipe_fds[2];
    assert_int_equal(pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK), 0);
    int read_end = pipe_fds[0];
    int shared_write_end = pipe_fds[1];
    assert_int_equal(fcntl(shared_write_end, F_SETFL, 0), 0);
    int port = h_free_port();
    spawn_direct(shared_write_end, port, true);
    char listening[64];
    snprintf(listening, sizeof listening, "SNMP Agent listening on port %d...\n", port);
    size_t len = 0;
    direct_out[0] = '\0';
    if (!read_until(read_end, direct_out, sizeof direct_out, &len, listening)) {
        int status = 0;
        if (waitpid(direct_pid, &status, WNOHANG) == direct_pid && WIFEXITED(status) &&
            WEXITSTATUS(status) == 126) {
            direct_pid = 0;
            fail_msg("cannot hide /proc/<pid>/fd: this test needs a private mount namespace "
                     "(CAP_SYS_ADMIN)");
        }
        fail_msg("no listening line; got: %s", direct_out);
    }
    int running_flags = fcntl(shared_write_end, F_GETFL);
    int c = h_connect(port);
    h_get_string_expect(c, 1, SYS_NAME, "router-main");
    h_close(c);
    stop_direct();
    int after_flags = fcntl(shared_write_end, F_GETFL);
    assert_true(read_until(read_end, direct_out, sizeof direct_out, &len, "Shutting down...\n"));
    close(read_end);
    close(shared_write_end);
    assert_true(running_flags >= 0 && after_flags >= 0);
    if ((running_flags & O_NONBLOCK) == 0) {
        fail_msg("without /proc the agent's stdout stayed blocking");
    }
    if ((after_flags & O_NONBLOCK) != 0) {
        fail_msg("the agent left O_NONBLOCK set on the shared stdout description at exit");
    }
}

/* A regular file never blocks a writer: every line is written, none dropped. */
static void stdout_to_a_regular_file_keeps_every_line(void **state)
{
    (void)state;
    char path[] = "/tmp/snmp_agent_log_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    int port = h_free_port();
    spawn_direct(fd, port, false);
    char listening[64];
    snprintf(listening, sizeof listening, "SNMP Agent listening on port %d...\n", port);
    char proc_path[64];
    snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
    int reader = open(proc_path, O_RDONLY | O_NONBLOCK);   /* its own offset, from 0 */
    assert_true(reader >= 0);
    size_t len = 0;
    direct_out[0] = '\0';
    if (!read_until(reader, direct_out, sizeof direct_out, &len, listening)) {
        fail_msg("no listening line in the file; got: %s", direct_out);
    }
    agent.port = port;
    connect_and_close(STORM_CONNECTIONS);
    int c = h_connect(port);
    h_get_string_expect(c, 1, SYS_NAME, "router-main");
    h_close(c);
    /* Two lines per connection, the GET's included, all in the file. */
    const size_t expected = 2 * (STORM_CONNECTIONS + 1);
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    while (connection_lines_accounted(direct_out) < expected && h_now_ms() < deadline) {
        (void)read_some(reader, direct_out, sizeof direct_out, &len);
        h_sleep_ms(5);
    }
    stop_direct();
    (void)read_some(reader, direct_out, sizeof direct_out, &len);
    close(reader);
    close(fd);
    size_t notes = 0;
    assert_int_equal(dropped_total(direct_out, &notes), 0);
    assert_int_equal(connection_lines_accounted(direct_out), expected);
    assert_true(strncmp(direct_out, listening, strlen(listening)) == 0);
    assert_true(h_has_line(direct_out, "Shutting down..."));
}

/* A socket (systemd's journal stream is one) that nobody reads: the same
 * bounded buffer and drop count as a pipe. */
static void stdout_to_an_unread_socket_drops_and_counts(void **state)
{
    (void)state;
    int pair[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    /* The agent's end holds little; the kernel's minimum is a few KiB. */
    int small = 4096;
    assert_int_equal(setsockopt(pair[1], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
    assert_int_equal(setsockopt(pair[0], SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    assert_int_equal(fcntl(pair[0], F_SETFL, O_NONBLOCK), 0);
    int port = h_free_port();
    spawn_direct(pair[1], port, false);
    close(pair[1]);
    char listening[64];
    snprintf(listening, sizeof listening, "SNMP Agent listening on port %d...\n", port);
    size_t len = 0;
    direct_out[0] = '\0';
    if (!read_until(pair[0], direct_out, sizeof direct_out, &len, listening)) {
        fail_msg("no listening line on the socket; got: %s", direct_out);
    }
    /* Not read from here on. */
    agent.port = port;
    connect_and_close(STORM_CONNECTIONS);
    int c = h_connect(port);
    h_get_string_expect(c, 1, SYS_NAME, "router-main");
    h_close(c);
    const unsigned long expected = 2UL * (STORM_CONNECTIONS + 1);
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    while (connection_lines_accounted(direct_out) < expected && h_now_ms() < deadline) {
        (void)read_some(pair[0], direct_out, sizeof direct_out, &len);
        h_sleep_ms(5);
    }
    size_t notes = 0;
    unsigned long dropped = dropped_total(direct_out, &notes);
    print_message("[info] socket: %lu of %lu per-connection lines dropped\n", dropped, expected);
    assert_int_equal(connection_lines_accounted(direct_out), expected);
    assert_true(notes > 0);
    stop_direct();
    if (!read_until(pair[0], direct_out, sizeof direct_out, &len, "Shutting down...\n")) {
        fail_msg("no shutdown line; the last bytes:\n%s", direct_out + (len > 300 ? len - 300 : 0));
    }
    close(pair[0]);
    assert_true(strncmp(direct_out, listening, strlen(listening)) == 0);
}

/* `snmp_agent >&-`: the first socket it opens gets descriptor 1, and no log
 * line may ever be written into it. */
static void closed_stdout_logs_nothing_into_sockets(void **state)
{
    (void)state;
    int port = h_free_port();
    spawn_direct(-1, port, false);
    int fd = -1;
    int64_t deadline = h_now_ms() + h_slow_ms(H_PROMPT_MS);
    while ((fd = h_try_connect(port)) < 0 && h_now_ms() < deadline) {
        h_sleep_ms(10);
    }
    assert_true(fd >= 0);
    /* Lines are due now (a connection); its answer must be the answer alone. */
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    int other = h_connect(port);
    h_get_string_expect(other, 2, SYS_NAME, "router-main");
    h_close(other);
    h_get_string_expect(fd, 3, SYS_NAME, "router-main");
    h_close(fd);
    stop_direct();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            unread_log_pipe_does_not_stall_serving_and_drops_are_counted, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(sigterm_stops_agent_whose_log_pipe_is_never_read, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(shutdown_line_is_not_dropped_when_the_log_is_full, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(agent_keeps_serving_after_its_log_reader_goes_away,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(sighup_and_sigpipe_do_not_stop_agent, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(sigterm_stops_agent_under_request_flood, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(nonblocking_stdout_is_the_agents_own_not_the_shared_one,
                                        h_setup, direct_teardown),
        cmocka_unit_test_setup_teardown(without_proc_the_shared_flag_is_set_and_given_back,
                                        h_setup, direct_teardown),
        cmocka_unit_test_setup_teardown(stdout_to_a_regular_file_keeps_every_line, h_setup,
                                        direct_teardown),
        cmocka_unit_test_setup_teardown(stdout_to_an_unread_socket_drops_and_counts, h_setup,
                                        direct_teardown),
        cmocka_unit_test_setup_teardown(closed_stdout_logs_nothing_into_sockets, h_setup,
                                        direct_teardown),
    };
    return cmocka_run_group_tests_name("integration_logging_and_signals", tests, h_group_setup,
                                       NULL);
}
