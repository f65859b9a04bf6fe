#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SNMP_AGENT_BIN
#error "SNMP_AGENT_BIN must be defined by the build"
#endif
#ifndef SNMP_MANAGER_BIN
#error "SNMP_MANAGER_BIN must be defined by the build"
#endif

enum { H_MAX_PROCS = 32, H_MAX_FDS = 64, H_OUTPUT_MAX = 32 * 1024 * 1024 };

static h_proc proc_pool[H_MAX_PROCS];
static bool proc_used[H_MAX_PROCS];
static int live_fds[H_MAX_FDS];

/* SNMP_TEST_WRAPPER split into words, and SNMP_TEST_SLOWDOWN (harness.h). */
static bool config_loaded;
static char wrapper_text[H_WRAPPER_MAX_LEN + 1];
static const char *wrapper_words[H_WRAPPER_MAX_WORDS];
static size_t wrapper_count;
static int slowdown = 1;

/* h_set_child_fd_limit: 0 leaves that limit as the child inherits it. */
static rlim_t child_fd_soft, child_fd_hard;

int64_t h_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + (int64_t)(ts.tv_nsec / 1000000);
}

void h_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    for (int i = 0; i < 1000 && nanosleep(&ts, &ts) != 0; i++) {
    }
}

/* Reads both variables once; false, with the reason on stderr, if one is invalid. */
static bool load_config(void)
{
    if (config_loaded) {
        return true;
    }
    size_t count = 0;
    const char *wrapper = getenv("SNMP_TEST_WRAPPER");
    if (wrapper != NULL) {
        size_t len = strlen(wrapper);
        if (len > H_WRAPPER_MAX_LEN) {
            fprintf(stderr, "[harness] SNMP_TEST_WRAPPER is longer than %d bytes\n",
                    H_WRAPPER_MAX_LEN);
            return false;
        }
        memcpy(wrapper_text, wrapper, len + 1);
        char *save = NULL;
        for (char *word = strtok_r(wrapper_text, " \t", &save); word != NULL;
             word = strtok_r(NULL, " \t", &save)) {
            if (count == H_WRAPPER_MAX_WORDS) {
                fprintf(stderr, "[harness] SNMP_TEST_WRAPPER has more than %d words\n",
                        H_WRAPPER_MAX_WORDS);
                return false;
            }
            wrapper_words[count++] = word;
        }
    }
    int factor = 1;
    const char *slow = getenv("SNMP_TEST_SLOWDOWN");
    if (slow != NULL && *slow != '\0') {
        char *end = NULL;
        errno = 0;
        long v = strtol(slow, &end, 10);
        if (errno != 0 || end == slow || *end != '\0' || v < 1 || v > H_SLOWDOWN_MAX) {
            fprintf(stderr, "[harness] SNMP_TEST_SLOWDOWN must be an integer from 1 to %d, not '%s'\n",
                    H_SLOWDOWN_MAX, slow);
            return false;
        }
        factor = (int)v;
    }
    wrapper_count = count;
    slowdown = factor;
    config_loaded = true;
    if (wrapper_count > 0 || slowdown > 1) {
        fprintf(stderr, "[harness] children run under SNMP_TEST_WRAPPER '%s'; deadlines x%d\n",
                wrapper_count > 0 ? wrapper : "", slowdown);
    }
    return true;
}

static void need_config(void)
{
    if (!load_config()) {
        fail_msg("invalid SNMP_TEST_WRAPPER or SNMP_TEST_SLOWDOWN (see harness.h)");
    }
}

int h_slow_ms(int ms)
{
    need_config();
    int64_t scaled = (int64_t)ms * slowdown;
    return scaled > INT_MAX ? INT_MAX : (int)scaled;
}

static int remaining_ms(int64_t deadline)
{
    int64_t left = deadline - h_now_ms();
    if (left <= 0) {
        return 0;
    }
    return left > 60000 ? 60000 : (int)left;
}

/* ---- registries ----------------------------------------------------------- */

static h_proc *alloc_proc(void)
{
    for (size_t i = 0; i < H_MAX_PROCS; i++) {
        if (!proc_used[i]) {
            proc_used[i] = true;
            memset(&proc_pool[i], 0, sizeof proc_pool[i]);
            proc_pool[i].out_fd = -1;
            proc_pool[i].err_fd = -1;
            return &proc_pool[i];
        }
    }
    fail_msg("too many child processes at once");
    abort(); /* fail_msg does not return; this tells the compiler so */
}

static void release_proc(const h_proc *p)
{
    for (size_t i = 0; i < H_MAX_PROCS; i++) {
        if (&proc_pool[i] == p) {
            proc_used[i] = false;
        }
    }
}

static void register_fd(int fd)
{
    for (size_t i = 0; i < H_MAX_FDS; i++) {
        if (live_fds[i] < 0) {
            live_fds[i] = fd;
            return;
        }
    }
    close(fd);
    fail_msg("too many sockets open at once");
}

static void unregister_fd(int fd)
{
    for (size_t i = 0; i < H_MAX_FDS; i++) {
        if (live_fds[i] == fd) {
            live_fds[i] = -1;
        }
    }
}

int h_group_setup(void **state)
{
    (void)state;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
    for (size_t i = 0; i < H_MAX_FDS; i++) {
        live_fds[i] = -1;
    }
    return load_config() ? 0 : -1;
}

int h_setup(void **state)
{
    (void)state;
    return 0;
}

int h_teardown(void **state)
{
    (void)state;
    h_set_child_fd_limit(0, 0);
    for (size_t i = 0; i < H_MAX_PROCS; i++) {
        if (!proc_used[i]) {
            continue;
        }
        h_proc *p = &proc_pool[i];
        if (p->pid > 0 && !p->reaped) {
            h_proc_pump(p, 0);
            fprintf(stderr, "[harness] killing %s (pid %d) left running; its stdout so far:\n%s\n"
                    "[harness] its stderr so far:\n%s\n",
                    p->name, (int)p->pid, p->out ? p->out : "", p->err ? p->err : "");
        }
        h_proc_free(p);
    }
    for (size_t i = 0; i < H_MAX_FDS; i++) {
        if (live_fds[i] >= 0) {
            close(live_fds[i]);
            live_fds[i] = -1;
        }
    }
    return 0;
}

/* ---- processes ------------------------------------------------------------ */

/* argv[0] is a path, or with use_path (a wrapper) a name looked up in PATH. */
bool h_wrapped(void)
{
    need_config();
    return wrapper_count > 0;
}

void h_set_child_fd_limit(unsigned long soft, unsigned long hard)
{
    child_fd_soft = (rlim_t)soft;
    child_fd_hard = (rlim_t)hard;
}

/* In the child: lowering is always allowed; if raising is not, the child
 * runs with what it has, and the test sees that in its output. */
static void apply_child_fd_limit(void)
{
    struct rlimit lim;
    if ((child_fd_soft == 0 && child_fd_hard == 0) || getrlimit(RLIMIT_NOFILE, &lim) != 0) {
        return;
    }
    if (child_fd_hard != 0) {
        lim.rlim_max = child_fd_hard;
    }
    if (child_fd_soft != 0) {
        lim.rlim_cur = child_fd_soft;
    }
    if (lim.rlim_cur > lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
    }
    (void)setrlimit(RLIMIT_NOFILE, &lim);
}

static void child_exec(const char *const *argv, bool use_path, const char *env_timeout, int out_w,
                       int err_w)
{
    apply_child_fd_limit();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        if (devnull > STDERR_FILENO) {
            close(devnull);   /* the child must not inherit a stray descriptor */
        }
    }
    dup2(out_w, STDOUT_FILENO);
    dup2(err_w, STDERR_FILENO);
    if (env_timeout != NULL) {
        setenv("SNMP_MANAGER_TIMEOUT", env_timeout, 1);
    } else {
        unsetenv("SNMP_MANAGER_TIMEOUT");
    }
    if (use_path) {
        execvp(argv[0], (char *const *)(uintptr_t)argv);
    } else {
        execv(argv[0], (char *const *)(uintptr_t)argv);
    }
    static const char msg[] = "[harness] execv failed\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
}

/* Spawns argv, through the wrapper's words when wrapped (else argv[0] is
 * looked up in PATH). */
static h_proc *spawn(const char *name, const char *const *argv, const char *env_timeout,
                     bool wrapped)
{
    need_config();
    size_t words = wrapped ? wrapper_count : 0;
    h_proc *p = alloc_proc();
    assert_non_null(p);
    p->name = name;
    int outp[2];
    int errp[2];
    assert_int_equal(pipe2(outp, O_CLOEXEC), 0);
    assert_int_equal(pipe2(errp, O_CLOEXEC), 0);
    /* Room for a burst of per-connection lines even if we read late. */
    (void)fcntl(outp[0], F_SETPIPE_SZ, 1024 * 1024);

    /* The command: the wrapper's words (if any), then argv. */
    size_t argc = 0;
    while (argc < 100000 && argv[argc] != NULL) {
        argc++;
    }
    assert_null(argv[argc]);
    const char **cmd = calloc(words + argc + 1, sizeof *cmd);
    assert_non_null(cmd);
    for (size_t i = 0; i < words; i++) {
        cmd[i] = wrapper_words[i];
    }
    for (size_t i = 0; i < argc; i++) {
        cmd[words + i] = argv[i];
    }

    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        child_exec(cmd, words > 0 || !wrapped, env_timeout, outp[1], errp[1]);
    }
    free(cmd);
    close(outp[1]);
    close(errp[1]);
    if (pid < 0) {
        close(outp[0]);
        close(errp[0]);
        release_proc(p);
        fail_msg("fork failed: %s", strerror(errno));
    }
    p->pid = pid;
    p->out_fd = outp[0];
    p->err_fd = errp[0];
    (void)fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
    (void)fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
    h_proc_pump(p, 0); /* allocates the (empty) output buffers */
    return p;
}

h_proc *h_proc_spawn(const char *name, const char *const *argv, const char *env_timeout)
{
    return spawn(name, argv, env_timeout, true);
}

h_proc *h_tool_spawn(const char *const *argv)
{
    return spawn(argv[0], argv, NULL, false);
}

static void read_available(int *fd, char **buf, size_t *len, size_t *cap)
{
    for (int i = 0; i < 4096 && *fd >= 0; i++) {
        if (*cap - *len < 4097) {
            size_t ncap = *cap == 0 ? 16384 : *cap * 2;
            if (ncap > H_OUTPUT_MAX) {
                fail_msg("a child printed more than %d bytes", H_OUTPUT_MAX);
            }
            char *nbuf = realloc(*buf, ncap);
            assert_non_null(nbuf);
            *buf = nbuf;
            *cap = ncap;
            (*buf)[*len] = '\0';
        }
        ssize_t n = read(*fd, *buf + *len, *cap - *len - 1);
        if (n > 0) {
            *len += (size_t)n;
            (*buf)[*len] = '\0';
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(*fd);
            *fd = -1;
        }
        break;
    }
    if (*buf == NULL) {
        *buf = calloc(1, 1);
        assert_non_null(*buf);
        *cap = 1;
    }
}

void h_proc_pump(h_proc *p, int timeout_ms)
{
    struct pollfd pfd[2];
    nfds_t n = 0;
    if (p->out_fd >= 0) {
        pfd[n].fd = p->out_fd;
        pfd[n].events = POLLIN;
        pfd[n].revents = 0;
        n++;
    }
    if (p->err_fd >= 0) {
        pfd[n].fd = p->err_fd;
        pfd[n].events = POLLIN;
        pfd[n].revents = 0;
        n++;
    }
    if (n > 0 && timeout_ms > 0) {
        (void)poll(pfd, n, timeout_ms);
    }
    read_available(&p->out_fd, &p->out, &p->out_len, &p->out_cap);
    read_available(&p->err_fd, &p->err, &p->err_len, &p->err_cap);
}

static bool try_reap(h_proc *p)
{
    if (p->reaped || p->pid <= 0) {
        return p->reaped;
    }
    int status = 0;
    pid_t r = waitpid(p->pid, &status, WNOHANG);
    if (r == p->pid) {
        p->reaped = true;
        p->status = status;
    }
    return p->reaped;
}

bool h_proc_wait_exit(h_proc *p, int timeout_ms)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    for (int i = 0; i < 100000; i++) {
        h_proc_pump(p, 0);
        if (try_reap(p)) {
            break;
        }
        if (remaining_ms(deadline) == 0) {
            return false;
        }
        int step = remaining_ms(deadline);
        h_proc_pump(p, step < 20 ? step : 20);
        if (p->out_fd < 0 && p->err_fd < 0) {
            /* Pipes closed: nothing to poll on, so pace the waitpid loop. */
            struct timespec ts = {0, 5 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (!p->reaped) {
        return false;
    }
    /* Collect what is still in the pipes (a grandchild could hold them open,
     * so bounded). */
    int64_t drain = h_now_ms() + 2000;
    for (int i = 0; i < 1000 && (p->out_fd >= 0 || p->err_fd >= 0); i++) {
        int left = remaining_ms(drain);
        if (left == 0) {
            break;
        }
        h_proc_pump(p, left < 50 ? left : 50);
    }
    return true;
}

int h_proc_exit_code(const h_proc *p)
{
    if (!p->reaped || !WIFEXITED(p->status)) {
        return -1;
    }
    return WEXITSTATUS(p->status);
}

void h_proc_free(h_proc *p)
{
    if (p == NULL) {
        return;
    }
    if (p->pid > 0 && !p->reaped) {
        kill(p->pid, SIGKILL);
        int status = 0;
        if (waitpid(p->pid, &status, 0) == p->pid) {
            p->reaped = true;
            p->status = status;
        }
    }
    if (p->out_fd >= 0) {
        close(p->out_fd);
        p->out_fd = -1;
    }
    if (p->err_fd >= 0) {
        close(p->err_fd);
        p->err_fd = -1;
    }
    free(p->out);
    free(p->err);
    p->out = NULL;
    p->err = NULL;
    p->out_len = p->out_cap = p->err_len = p->err_cap = 0;
    release_proc(p);
}

/* ---- manager -------------------------------------------------------------- */

h_proc *h_manager_spawn(const char *env_timeout, const char *const *args, size_t n)
{
    const char **argv = calloc(n + 2, sizeof *argv);
    assert_non_null(argv);
    argv[0] = SNMP_MANAGER_BIN;
    for (size_t i = 0; i < n; i++) {
        argv[i + 1] = args[i];
    }
    argv[n + 1] = NULL;
    h_proc *p = h_proc_spawn("snmp_manager", argv, env_timeout);
    free(argv);
    return p;
}

void h_manager_finish(h_proc *p)
{
    if (!h_proc_wait_exit(p, H_MANAGER_DEADLINE_MS)) {
        fail_msg("snmp_manager did not exit within %d ms; stdout so far:\n%s",
                 h_slow_ms(H_MANAGER_DEADLINE_MS), p->out);
    }
    if (!WIFEXITED(p->status)) {
        fail_msg("snmp_manager died from signal %d; stdout:\n%s\nstderr:\n%s",
                 WIFSIGNALED(p->status) ? WTERMSIG(p->status) : -1, p->out, p->err);
    }
    if (p->err_len > 0) {
        fprintf(stderr, "[harness] snmp_manager stderr:\n%s\n", p->err);
    }
}

static h_proc *manager_run_va(const char *env_timeout, va_list ap)
{
    const char *args[64];
    size_t n = 0;
    for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *)) {
        assert_true(n < 64);
        args[n++] = a;
    }
    h_proc *p = h_manager_spawn(env_timeout, args, n);
    h_manager_finish(p);
    return p;
}

h_proc *h_manager_run(const char *env_timeout, ...)
{
    va_list ap;
    va_start(ap, env_timeout);
    h_proc *p = manager_run_va(env_timeout, ap);
    va_end(ap);
    return p;
}

void h_manager_expect(const char *expected_out, int expected_code, ...)
{
    va_list ap;
    va_start(ap, expected_code);
    h_proc *p = manager_run_va(NULL, ap);
    va_end(ap);
    assert_string_equal(p->out, expected_out);
    assert_int_equal(h_proc_exit_code(p), expected_code);
    h_proc_free(p);
}

/* ---- agent ---------------------------------------------------------------- */

bool h_agent_start_on(h_agent *a, int port, const char *const *opts)
{
    const char *argv[32];
    size_t n = 0;
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    argv[n++] = SNMP_AGENT_BIN;
    argv[n++] = "-b";
    argv[n++] = "127.0.0.1";
    for (size_t i = 0; opts != NULL && opts[i] != NULL; i++) {
        assert_true(n < 28);
        argv[n++] = opts[i];
    }
    argv[n++] = port_text;
    argv[n] = NULL;

    a->port = port;
    a->proc = h_proc_spawn("snmp_agent", argv, NULL);
    char line[64];
    snprintf(line, sizeof line, "SNMP Agent listening on port %d...", port);
    int64_t deadline = h_now_ms() + h_slow_ms(15000);
    for (int i = 0; i < 100000; i++) {
        h_proc_pump(a->proc, 0);
        if (h_has_line(a->proc->out, line)) {
            return true;
        }
        if (try_reap(a->proc) || remaining_ms(deadline) == 0) {
            break;
        }
        h_proc_pump(a->proc, 20);
    }
    h_proc_wait_exit(a->proc, 1000);
    return false;
}

void h_agent_start(h_agent *a, const char *const *opts)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        int port = h_free_port();
        if (h_agent_start_on(a, port, opts)) {
            return;
        }
        bool taken = h_contains(a->proc->out, "Fatal error") || h_contains(a->proc->err, "Fatal error");
        if (!taken) {
            fail_msg("snmp_agent did not start listening on port %d; stdout:\n%s\nstderr:\n%s",
                     port, a->proc->out, a->proc->err);
        }
        h_proc_free(a->proc);
        a->proc = NULL;
    }
    fail_msg("snmp_agent could not bind a free port in 5 attempts");
}

size_t h_agent_count(h_agent *a, const char *prefix)
{
    h_proc_pump(a->proc, 0);
    return h_count_lines_prefix(a->proc->out, prefix);
}

bool h_agent_wait_lines(h_agent *a, const char *prefix, size_t count, int timeout_ms)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    for (int i = 0; i < 100000; i++) {
        if (h_agent_count(a, prefix) >= count) {
            return true;
        }
        int left = remaining_ms(deadline);
        if (left == 0 || a->proc->out_fd < 0) {
            return false;
        }
        h_proc_pump(a->proc, left < 20 ? left : 20);
    }
    return false;
}

void h_assert_output_rule(const char *out)
{
    const char *line = out;
    for (int i = 0; i < 10000000 && *line != '\0'; i++) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (memchr(line, '=', n) != NULL && memchr(line, '.', n) != NULL) {
            fail_msg("agent output line contains both '=' and '.': %.*s", (int)n, line);
        }
        if (end == NULL) {
            break;
        }
        line = end + 1;
    }
}

void h_agent_stop(h_agent *a, int sig)
{
    assert_int_equal(kill(a->proc->pid, sig), 0);
    if (!h_proc_wait_exit(a->proc, 10000)) {
        fail_msg("snmp_agent did not exit within %d ms of signal %d; stdout:\n%s",
                 h_slow_ms(10000), sig, a->proc->out);
    }
    if (a->proc->err_len > 0) {
        fprintf(stderr, "[harness] snmp_agent stderr:\n%s\n", a->proc->err);
    }
    if (!WIFEXITED(a->proc->status) || WEXITSTATUS(a->proc->status) != 0) {
        fail_msg("snmp_agent did not exit with status 0 after signal %d (wait status 0x%x); "
                 "stdout:\n%s\nstderr:\n%s",
                 sig, (unsigned)a->proc->status, a->proc->out, a->proc->err);
    }
    if (!h_has_line(a->proc->out, "Shutting down...")) {
        fail_msg("no `Shutting down...` line; stdout:\n%s", a->proc->out);
    }
    h_assert_output_rule(a->proc->out);
}

void h_agent_stop_free(h_agent *a)
{
    h_agent_stop(a, SIGTERM);
    h_proc_free(a->proc);
    a->proc = NULL;
}

/* ---- sockets -------------------------------------------------------------- */

const char *h_io_name(h_io io)
{
    switch (io) {
    case H_IO_OK: return "ok";
    case H_IO_EOF: return "eof";
    case H_IO_RESET: return "reset";
    case H_IO_TIMEOUT: return "timeout";
    case H_IO_ERROR: return "error";
    }
    return "?";
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

int h_try_connect(int port)
{
    return h_try_connect_rcvbuf(port, 0);
}

int h_try_connect_rcvbuf(int port, int rcvbuf)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    /* Before connect, so the window scale fits the buffer (shrinking it on a
     * connected socket can stall the stream). */
    if (rcvbuf > 0) {
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    struct sockaddr_in sa = loopback(port);
    if (connect(fd, (const struct sockaddr *)&sa, sizeof sa) != 0) {
        if (errno != EINPROGRESS) {
            close(fd);
            return -1;
        }
        struct pollfd pfd = {fd, POLLOUT, 0};
        int err = 0;
        socklen_t len = sizeof err;
        if (poll(&pfd, 1, h_slow_ms(H_PROMPT_MS)) != 1 ||
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
            close(fd);
            return -1;
        }
    }
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    register_fd(fd);
    return fd;
}

int h_connect(int port)
{
    int fd = h_try_connect(port);
    if (fd < 0) {
        fail_msg("cannot connect to 127.0.0.1:%d", port);
    }
    return fd;
}

void h_close(int fd)
{
    if (fd >= 0) {
        unregister_fd(fd);
        close(fd);
    }
}

int h_local_port(int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    return ntohs(sa.sin_port);
}

int h_listen(int *port)
{
    return h_listen_backlog(port, 16);
}

int h_listen_backlog(int *port, int backlog)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = loopback(0);
    if (bind(fd, (const struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, backlog) != 0) {
        close(fd);
        fail_msg("cannot listen on 127.0.0.1: %s", strerror(errno));
    }
    register_fd(fd);
    *port = h_local_port(fd);
    return fd;
}

int h_accept(int lfd, int timeout_ms)
{
    struct pollfd pfd = {lfd, POLLIN, 0};
    if (poll(&pfd, 1, h_slow_ms(timeout_ms)) != 1) {
        return -1;
    }
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        register_fd(fd);
    }
    return fd;
}

int h_start_connect_untracked(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    struct sockaddr_in sa = loopback(port);
    if (connect(fd, (const struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int h_start_connect(int port)
{
    int fd = h_start_connect_untracked(port);
    if (fd >= 0) {
        register_fd(fd);
    }
    return fd;
}

static int remote_port(int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    assert_int_equal(getpeername(fd, (struct sockaddr *)&sa, &len), 0);
    return ntohs(sa.sin_port);
}

/*
 * How many bytes the owner of the TCP socket 127.0.0.1:local_port ->
 * 127.0.0.1:remote_port has read: what its kernel received (tcp_info) minus
 * what it still holds unread. Looked up exactly with sock_diag, an atomic
 * kernel query (/proc/net/tcp can skip entries while other sockets come and
 * go, and its queues overlap while acknowledgements are in flight).
 */
static bool socket_bytes_read(unsigned local_port, unsigned remote_port, uint64_t *read_out)
{
    int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) {
        return false;
    }
    struct {
        struct nlmsghdr nlh;
        struct inet_diag_req_v2 req;
    } msg;
    memset(&msg, 0, sizeof msg);
    msg.nlh.nlmsg_len = sizeof msg;
    msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.nlh.nlmsg_flags = NLM_F_REQUEST;
    msg.req.sdiag_family = AF_INET;
    msg.req.sdiag_protocol = IPPROTO_TCP;
    msg.req.idiag_ext = (uint8_t)(1u << (INET_DIAG_INFO - 1));
    msg.req.idiag_states = ~0u;
    msg.req.id.idiag_sport = htons((uint16_t)local_port);
    msg.req.id.idiag_dport = htons((uint16_t)remote_port);
    msg.req.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
    msg.req.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
    msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    bool found = false;
    static uint8_t reply[32768];
    struct pollfd pfd = {nl, POLLIN, 0};
    if (send(nl, &msg, sizeof msg, 0) == (ssize_t)sizeof msg && poll(&pfd, 1, 1000) == 1) {
        ssize_t n = recv(nl, reply, sizeof reply, 0);
        struct nlmsghdr hdr;
        struct inet_diag_msg diag;
        size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof diag);
        if (n >= (ssize_t)off) {
            memcpy(&hdr, reply, sizeof hdr);
            memcpy(&diag, reply + NLMSG_HDRLEN, sizeof diag);
            size_t end = hdr.nlmsg_len < (size_t)n ? hdr.nlmsg_len : (size_t)n;
            for (int i = 0; i < 64 && hdr.nlmsg_type == SOCK_DIAG_BY_FAMILY && off + 4 <= end;
                 i++) {
                uint16_t rta_len = 0;
                uint16_t rta_type = 0;
                memcpy(&rta_len, reply + off, 2);
                memcpy(&rta_type, reply + off + 2, 2);
                if (rta_len < 4 || rta_len > end - off) {
                    break;
                }
                size_t need = offsetof(struct tcp_info, tcpi_bytes_received) +
                              sizeof(uint64_t);
                if (rta_type == INET_DIAG_INFO && rta_len - 4u >= need) {
                    struct tcp_info info;
                    memset(&info, 0, sizeof info);
                    size_t len = rta_len - 4u < sizeof info ? rta_len - 4u : sizeof info;
                    memcpy(&info, reply + off + 4, len);
                    *read_out = (uint64_t)info.tcpi_bytes_received - diag.idiag_rqueue;
                    found = true;
                    break;
                }
                off += (rta_len + 3u) & ~3u;
            }
        }
    }
    close(nl);
    return found;
}

long h_peer_consumed(int fd)
{
    uint64_t read_bytes = 0;
    if (!socket_bytes_read((unsigned)remote_port(fd), (unsigned)h_local_port(fd), &read_bytes)) {
        return -1;
    }
    return (long)read_bytes;
}

int h_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = loopback(0);
    assert_int_equal(bind(fd, (const struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

h_io h_send_all(int fd, const void *buf, size_t len, int timeout_ms)
{
    const uint8_t *p = buf;
    size_t done = 0;
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    for (int i = 0; i < 10000000 && done < len; i++) {
        ssize_t n = send(fd, p + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
            return H_IO_RESET;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return H_IO_ERROR;
        }
        int left = remaining_ms(deadline);
        if (left == 0) {
            return H_IO_TIMEOUT;
        }
        struct pollfd pfd = {fd, POLLOUT, 0};
        (void)poll(&pfd, 1, left);
    }
    return done == len ? H_IO_OK : H_IO_TIMEOUT;
}

/*
 * One receive attempt into buf. Returns H_IO_OK when bytes arrived (*got) or
 * the caller should simply try again (EINTR, or poll woke up); otherwise the
 * outcome that ends the wait: EOF, reset, another error, or the deadline.
 */
static h_io recv_once(int fd, void *buf, size_t cap, int64_t deadline, size_t *got)
{
    *got = 0;
    ssize_t r = recv(fd, buf, cap, 0);
    if (r > 0) {
        *got = (size_t)r;
        return H_IO_OK;
    }
    if (r == 0) {
        return H_IO_EOF;
    }
    if (errno == EINTR) {
        return H_IO_OK;
    }
    if (errno == ECONNRESET || errno == EPIPE) {
        return H_IO_RESET;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return H_IO_ERROR;
    }
    int left = remaining_ms(deadline);
    if (left == 0) {
        return H_IO_TIMEOUT;
    }
    struct pollfd pfd = {fd, POLLIN, 0};
    (void)poll(&pfd, 1, left);
    return H_IO_OK;
}

/* h_recv_exact with an absolute deadline (already scaled). */
static h_io recv_until(int fd, void *buf, size_t n, int64_t deadline, size_t *got)
{
    uint8_t *p = buf;
    size_t have = 0;
    h_io result = H_IO_TIMEOUT;
    for (int i = 0; i < 10000000; i++) {
        if (have == n) {
            result = H_IO_OK;
            break;
        }
        size_t more;
        result = recv_once(fd, p + have, n - have, deadline, &more);
        have += more;
        if (result != H_IO_OK) {
            break;
        }
        result = H_IO_TIMEOUT;   /* if the loop bound runs out */
    }
    if (got != NULL) {
        *got = have;
    }
    return result;
}

h_io h_recv_exact(int fd, void *buf, size_t n, int timeout_ms, size_t *got)
{
    return recv_until(fd, buf, n, h_now_ms() + h_slow_ms(timeout_ms), got);
}

h_io h_wait_closed(int fd, int timeout_ms, size_t *extra)
{
    uint8_t scratch[4096];
    size_t total = 0;
    int64_t deadline = h_now_ms() + timeout_ms;
    h_io result = H_IO_TIMEOUT;
    for (int i = 0; i < 1000000; i++) {
        size_t more;
        h_io step = recv_once(fd, scratch, sizeof scratch, deadline, &more);
        total += more;
        if (step != H_IO_OK) {
            result = step;
            break;
        }
    }
    if (extra != NULL) {
        *extra = total;
    }
    return result;
}

void h_assert_closed_without_reply(int fd, int timeout_ms)
{
    size_t extra = 0;
    h_io io = h_wait_closed(fd, timeout_ms, &extra);
    if (io != H_IO_EOF && io != H_IO_RESET) {
        fail_msg("connection was not closed within %d ms (%s, %zu bytes received)", timeout_ms,
                 h_io_name(io), extra);
    }
    if (extra != 0) {
        fail_msg("connection was closed, but only after sending %zu bytes", extra);
    }
}

void h_assert_quiet_open(int fd, int wait_ms)
{
    size_t extra = 0;
    h_io io = h_wait_closed(fd, wait_ms, &extra);
    if (io != H_IO_TIMEOUT || extra != 0) {
        fail_msg("expected an open, silent connection for %d ms; got %s after %zu bytes", wait_ms,
                 h_io_name(io), extra);
    }
}

/* ---- messages ------------------------------------------------------------- */

void hb_reset(h_buf *b)
{
    b->len = 0;
}

void hb_mem(h_buf *b, const void *p, size_t n)
{
    assert_true(n <= sizeof b->data - b->len);
    if (n > 0) {
        memcpy(b->data + b->len, p, n);
    }
    b->len += n;
}

void hb_u8(h_buf *b, unsigned v)
{
    uint8_t x = (uint8_t)v;
    hb_mem(b, &x, 1);
}

void hb_u16(h_buf *b, unsigned v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    hb_mem(b, x, 2);
}

void hb_u32(h_buf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    hb_mem(b, x, 4);
}

void hb_oid(h_buf *b, const char *text)
{
    uint8_t enc[SNMP_MAX_OID_LEN];
    size_t n = 0;
    assert_int_equal(snmp_oid_from_text(text, strlen(text), enc, sizeof enc, &n), SNMP_OK);
    hb_u8(b, (unsigned)n);
    hb_mem(b, enc, n);
}

size_t hb_begin(h_buf *b, uint32_t request_id, unsigned pdu_type)
{
    size_t start = b->len;
    hb_u32(b, 0);
    hb_u32(b, request_id);
    hb_u8(b, pdu_type);
    return start;
}

void hb_end(h_buf *b, size_t start)
{
    size_t n = b->len - start;
    uint8_t *p = b->data + start;
    p[0] = (uint8_t)(n >> 24);
    p[1] = (uint8_t)(n >> 16);
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
}

void hb_get(h_buf *b, uint32_t request_id, const char *const *oids, size_t n)
{
    size_t start = hb_begin(b, request_id, SNMP_PDU_GET_REQUEST);
    hb_u8(b, (unsigned)n);
    for (size_t i = 0; i < n; i++) {
        hb_oid(b, oids[i]);
    }
    hb_end(b, start);
}

void hb_get1(h_buf *b, uint32_t request_id, const char *oid)
{
    hb_get(b, request_id, &oid, 1);
}

void hb_binding(h_buf *b, const char *oid, unsigned type, const void *value, size_t value_len)
{
    hb_oid(b, oid);
    hb_u8(b, type);
    hb_u16(b, (unsigned)value_len);
    hb_mem(b, value, value_len);
}

void hb_binding_u32(h_buf *b, const char *oid, unsigned type, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    hb_binding(b, oid, type, x, 4);
}

void hb_set_string(h_buf *b, uint32_t request_id, const char *oid, const char *s, size_t len)
{
    size_t start = hb_begin(b, request_id, SNMP_PDU_SET_REQUEST);
    hb_u8(b, 1);
    hb_binding(b, oid, SNMP_TYPE_STRING, s, len);
    hb_end(b, start);
}

h_io h_read_msg(int fd, h_reply *r, int timeout_ms)
{
    int64_t deadline = h_now_ms() + h_slow_ms(timeout_ms);
    r->len = 0;
    size_t got = 0;
    h_io io = recv_until(fd, r->buf, 4, deadline, &got);
    if (io != H_IO_OK) {
        if (got != 0) {
            fail_msg("stream ended (%s) after %zu bytes of a size field", h_io_name(io), got);
        }
        return io;
    }
    uint32_t size = snmp_msg_peek_size(r->buf);
    if (size < SNMP_MIN_MESSAGE_SIZE || size > SNMP_MAX_MESSAGE_SIZE) {
        fail_msg("received a message with total_size %u", (unsigned)size);
    }
    /* At least a millisecond for the body, as for any read. */
    int64_t body_deadline = h_now_ms() + 1;
    io = recv_until(fd, r->buf + 4, size - 4, deadline > body_deadline ? deadline : body_deadline,
                    &got);
    if (io != H_IO_OK) {
        fail_msg("stream ended (%s) inside a %u-byte message after %zu body bytes", h_io_name(io),
                 (unsigned)size, got);
    }
    r->len = size;
    snmp_status st = snmp_msg_unpack(r->buf, r->len, &r->msg);
    if (st != SNMP_OK) {
        fail_msg("received a malformed message (%s) of %u bytes", snmp_status_name(st),
                 (unsigned)size);
    }
    return H_IO_OK;
}

void h_expect_reply(int fd, h_reply *r, uint32_t rid, uint8_t error_code, uint16_t count)
{
    h_io io = h_read_msg(fd, r, H_PROMPT_MS);
    if (io != H_IO_OK) {
        fail_msg("no reply to request %u: %s", (unsigned)rid, h_io_name(io));
    }
    assert_int_equal(r->msg.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(r->msg.request_id, rid);
    assert_int_equal(r->msg.error_code, error_code);
    assert_int_equal(r->msg.count, count);
}

static void assert_binding_oid(const h_reply *r, size_t i, const char *oid_text)
{
    assert_true(i < r->msg.count);
    char text[SNMP_OID_TEXT_MAX + 1];
    size_t n = 0;
    const snmp_binding *b = &r->msg.bindings[i];
    assert_int_equal(snmp_oid_to_text(b->oid, b->oid_len, text, sizeof text, &n), SNMP_OK);
    assert_string_equal(text, oid_text);
}

void h_assert_string_binding(const h_reply *r, size_t i, const char *oid_text, const char *value,
                             size_t value_len)
{
    assert_binding_oid(r, i, oid_text);
    const snmp_binding *b = &r->msg.bindings[i];
    assert_int_equal(b->type, SNMP_TYPE_STRING);
    assert_int_equal(b->value_len, value_len);
    if (value_len > 0) {
        assert_memory_equal(b->value, value, value_len);
    }
}

void h_assert_u32_binding(const h_reply *r, size_t i, const char *oid_text, unsigned type,
                          uint32_t v)
{
    assert_binding_oid(r, i, oid_text);
    const snmp_binding *b = &r->msg.bindings[i];
    assert_int_equal(b->type, type);
    assert_int_equal(b->value_len, 4);
    assert_int_equal(snmp_value_get_u32(b->value), v);
}

void h_get_string_expect(int fd, uint32_t rid, const char *oid, const char *value)
{
    static h_buf req;
    static h_reply rep;
    hb_reset(&req);
    hb_get1(&req, rid, oid);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, rid, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, oid, value, strlen(value));
}

/* ---- text ----------------------------------------------------------------- */

bool h_contains(const char *haystack, const char *needle)
{
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

size_t h_count_lines_prefix(const char *text, const char *prefix)
{
    size_t count = 0;
    size_t plen = strlen(prefix);
    const char *line = text;
    for (int i = 0; line != NULL && *line != '\0' && i < 10000000; i++) {
        if (strncmp(line, prefix, plen) == 0) {
            count++;
        }
        const char *end = strchr(line, '\n');
        line = end ? end + 1 : NULL;
    }
    return count;
}

bool h_has_line(const char *text, const char *want)
{
    size_t wlen = strlen(want);
    const char *line = text;
    for (int i = 0; line != NULL && *line != '\0' && i < 10000000; i++) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n == wlen && memcmp(line, want, n) == 0) {
            return true;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

/* ---- the sysName GET, byte for byte (PROTOCOL.md section 6's layout) ---- */

static void put_rid(uint8_t *p, uint32_t rid)
{
    p[0] = (uint8_t)(rid >> 24);
    p[1] = (uint8_t)(rid >> 16);
    p[2] = (uint8_t)(rid >> 8);
    p[3] = (uint8_t)rid;
}

void h_sysname_get(uint8_t out[H_SYSNAME_GET_LEN], uint32_t rid)
{
    static const uint8_t tmpl[H_SYSNAME_GET_LEN] = {0x00, 0x00, 0x00, 0x14, 0, 0, 0, 0, 0xa0, 0x01,
                                                    0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01,
                                                    0x05, 0x00};
    memcpy(out, tmpl, sizeof tmpl);
    put_rid(out + 4, rid);
}

void h_sysname_reply(uint8_t out[H_SYSNAME_REPLY_LEN], uint32_t rid)
{
    static const uint8_t tmpl[H_SYSNAME_REPLY_LEN] = {
        0x00, 0x00, 0x00, 0x23, 0, 0, 0, 0, 0xa1, 0x00, 0x01, 0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01,
        0x01, 0x05, 0x00, 0x04, 0x00, 0x0b, 'r', 'o', 'u', 't', 'e', 'r', '-', 'm', 'a', 'i', 'n'};
    memcpy(out, tmpl, sizeof tmpl);
    put_rid(out + 4, rid);
}
