/*
 * Fault-injection sweep: one fixed client session against snmp_agent_faulty
 * (agent/snmp_agent/fault_injection.c), first without faults to record the
 * answers, then once per (fault, N) with the N-th recv or send of the agent
 * failing that way. Whatever the fault, the agent must never send a byte that
 * is not the expected answer stream, never hang, and exit 0 on SIGTERM with
 * ASan and LSan silent; a transient fault (short, partial, eagain, eintr)
 * must not change the answers at all.
 *
 * The harness starts whatever SNMP_AGENT_BIN names (this build points it at
 * snmp_agent_faulty) and its children inherit our environment, so a plan is
 * passed by setting SNMP_FAULT_PLAN around h_agent_start.
 *
 * Call counts come from the line the faulty agent prints on stderr at exit
 * (sys_io.h): the baseline run says how many recv and send calls the session
 * takes, and every faulty run says whether its fault fired.
 */
#include "harness.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SYS_DESCR "1.3.6.1.2.1.1.1.0"
#define SYS_CONTACT "1.3.6.1.2.1.1.4.0"
#define SYS_NAME "1.3.6.1.2.1.1.5.0"
#define SYS_LOCATION "1.3.6.1.2.1.1.6.0"
#define SYS_SERVICES "1.3.6.1.2.1.1.7.0"
#define IF_IN_OCTETS_1 "1.3.6.1.2.1.2.2.1.10.1"
#define IF_IN_OCTETS_2 "1.3.6.1.2.1.2.2.1.10.2"
#define IF_ALIAS_1 "1.3.6.1.2.1.2.2.1.18.1"
#define TCP_MAX_CONN "1.3.6.1.2.1.6.4.0"
#define UNKNOWN_OID "1.3.6.1.2.1.1.99.0"

#define PLAN_VARIABLE "SNMP_FAULT_PLAN"
/* The line snmp_agent_faulty prints on stderr at exit (sys_io.h). */
#define CALL_REPORT "snmp_agent_faulty: calls recv=%lu send=%lu accept4=%lu injected=%lu"

enum {
    /* The agent's -t: a connection that delivers no whole request for this
     * long is closed, so a close that takes longer may be the idle timer
     * covering for a connection the agent lost track of. */
    IDLE_TIMEOUT_MS = 2000,
    /* No single wait of the client may take longer: past it, the agent hung. */
    HANG_MS = 5000,
    LOG_CAP = 8192
};

/* The session: three connections, each over before the next opens, so the
 * agent makes its calls in the same order in every run and N names the same
 * call each time. The first pipelines six requests in one write and
 * half-closes; the second sends three requests one at a time, half-closing
 * after the last; the third sends a request and a broken size field. */
enum { CONN_PIPELINED, CONN_SEQUENTIAL, CONN_MALFORMED_TAIL, CONN_COUNT };
static const char *const conn_names[CONN_COUNT] = {"pipelined", "sequential", "malformed-tail"};
enum { SEQUENTIAL_STEPS = 3 };

typedef struct conn_log {
    uint8_t bytes[LOG_CAP];  /* everything the agent sent on this connection */
    size_t len;
    size_t framed;           /* bytes of whole messages read so far */
    bool closed;             /* EOF or reset seen */
    bool reset;
    int64_t last_send_ms;
    int64_t closed_ms;
} conn_log;

typedef struct session_log {
    conn_log conn[CONN_COUNT];
} session_log;

typedef struct call_counts {
    unsigned long recv, send, accept4, injected;
} call_counts;

typedef struct fault_kind {
    const char *kind;
    const char *fault;
    bool transient;          /* the answers must come through unchanged */
} fault_kind;

static const fault_kind recv_faults[] = {
    {"recv", "short", true},
    {"recv", "eagain", true},
    {"recv", "eintr", true},
    {"recv", "econnreset", false},
};

static const fault_kind send_faults[] = {
    {"send", "partial", true},
    {"send", "eagain", true},
    {"send", "eintr", true},
    {"send", "epipe", false},
    {"send", "econnreset", false},
};

static h_buf pipelined_req;
static h_buf sequential_req[SEQUENTIAL_STEPS];
static h_buf malformed_tail_req;
static h_reply rep;
static session_log expected;
static call_counts baseline_counts;
static bool have_baseline;
static session_log observed;
static char current_plan[128];

static void build_requests(void)
{
    /* Strings, an INTEGER, COUNTERs, a SET and the GET that sees it, and two
     * error answers, in one write. */
    hb_reset(&pipelined_req);
    hb_get1(&pipelined_req, 101, SYS_DESCR);
    const char *const numbers[] = {SYS_SERVICES, IF_IN_OCTETS_1, TCP_MAX_CONN};
    hb_get(&pipelined_req, 102, numbers, 3);
    hb_set_string(&pipelined_req, 103, SYS_NAME, "fault-sweep-a", 13);
    hb_get1(&pipelined_req, 104, SYS_NAME);
    hb_get1(&pipelined_req, 105, UNKNOWN_OID);
    hb_set_string(&pipelined_req, 106, SYS_DESCR, "x", 1);

    /* Sets its own sysName first, so its answers do not depend on whether a
     * fault cut the pipelined connection before or after its SET. */
    hb_reset(&sequential_req[0]);
    hb_set_string(&sequential_req[0], 201, SYS_NAME, "fault-sweep-b", 13);
    hb_reset(&sequential_req[1]);
    const char *const name_contact[] = {SYS_NAME, SYS_CONTACT};
    hb_get(&sequential_req[1], 202, name_contact, 2);
    hb_reset(&sequential_req[2]);
    const char *const alias_octets[] = {IF_ALIAS_1, IF_IN_OCTETS_2};
    hb_get(&sequential_req[2], 203, alias_octets, 2);

    /* A request, then a size field of 3 (out of range): the answer must
     * still go out before the agent closes the connection. */
    hb_reset(&malformed_tail_req);
    hb_get1(&malformed_tail_req, 301, SYS_LOCATION);
    hb_u32(&malformed_tail_req, 3);
}

/* ---- the client side of the session --------------------------------------- */

/* Reads what the agent sends until log holds want bytes or the agent closes;
 * fails the test if neither happens within HANG_MS. */
static void pull(int fd, conn_log *log, size_t want, const char *conn_name)
{
    int64_t deadline = h_now_ms() + HANG_MS;
    while (log->len < want && !log->closed) {
        if (log->len == LOG_CAP) {
            fail_msg("[%s] %s connection: the agent sent more than %d bytes", current_plan,
                     conn_name, LOG_CAP);
        }
        ssize_t n = recv(fd, log->bytes + log->len, LOG_CAP - log->len, 0);
        if (n > 0) {
            log->len += (size_t)n;
            continue;
        }
        if (n == 0 || errno == ECONNRESET) {
            log->closed = true;
            log->reset = n < 0;
            log->closed_ms = h_now_ms();
            continue;
        }
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
            fail_msg("[%s] %s connection: recv: %s", current_plan, conn_name, strerror(errno));
        int64_t left = deadline - h_now_ms();
        if (left <= 0) {
            fail_msg("[%s] %s connection: agent hung with %zu bytes received, waiting for %s",
                     current_plan, conn_name, log->len,
                     want == SIZE_MAX ? "the close" : "an answer");
        }
        struct pollfd pfd = {fd, POLLIN, 0};
        (void)poll(&pfd, 1, (int)left);
    }
}

/* Reads one whole message. Returns false if the agent closed first or sent a
 * size field no answer can have (the prefix check then reports it). */
static bool read_message(int fd, conn_log *log, const char *conn_name)
{
    pull(fd, log, log->framed + 4, conn_name);
    if (log->len < log->framed + 4)
        return false;
    uint32_t size = snmp_msg_peek_size(log->bytes + log->framed);
    if (size < SNMP_MIN_MESSAGE_SIZE || size > LOG_CAP)
        return false;
    pull(fd, log, log->framed + size, conn_name);
    if (log->len < log->framed + size)
        return false;
    log->framed += size;
    return true;
}

/* Sends a whole request. Returns false if the agent had already gone. */
static bool send_request(int fd, conn_log *log, const h_buf *request, const char *conn_name)
{
    h_io io = h_send_all(fd, request->data, request->len, HANG_MS);
    if (io == H_IO_RESET)
        return false;
    if (io != H_IO_OK)
        fail_msg("[%s] %s connection: cannot send a request (%s)", current_plan, conn_name,
                 h_io_name(io));
    log->last_send_ms = h_now_ms();
    return true;
}

/* Waits for the agent to close, logging anything it still sends, and checks
 * the close came from the agent itself rather than its idle timer. */
static void wait_closed(int fd, conn_log *log, const char *conn_name)
{
    pull(fd, log, SIZE_MAX, conn_name);
    if (log->closed_ms - log->last_send_ms >= IDLE_TIMEOUT_MS) {
        fail_msg("[%s] %s connection: closed only %lld ms after the last request; the idle "
                 "timeout, not the agent, ended it",
                 current_plan, conn_name, (long long)(log->closed_ms - log->last_send_ms));
    }
}

static void run_session(int port, session_log *s)
{
    memset(s, 0, sizeof *s);

    conn_log *log = &s->conn[CONN_PIPELINED];
    const char *name = conn_names[CONN_PIPELINED];
    int fd = h_connect(port);
    log->last_send_ms = h_now_ms();
    if (send_request(fd, log, &pipelined_req, name))
        (void)shutdown(fd, SHUT_WR);
    wait_closed(fd, log, name);
    h_close(fd);

    log = &s->conn[CONN_SEQUENTIAL];
    name = conn_names[CONN_SEQUENTIAL];
    fd = h_connect(port);
    log->last_send_ms = h_now_ms();
    for (size_t step = 0; step < SEQUENTIAL_STEPS; step++) {
        if (!send_request(fd, log, &sequential_req[step], name))
            break;
        if (step + 1 == SEQUENTIAL_STEPS) {
            /* The last answer is still owed after our half-close. */
            (void)shutdown(fd, SHUT_WR);
        } else if (!read_message(fd, log, name)) {
            break;
        }
    }
    wait_closed(fd, log, name);
    h_close(fd);

    log = &s->conn[CONN_MALFORMED_TAIL];
    name = conn_names[CONN_MALFORMED_TAIL];
    fd = h_connect(port);
    log->last_send_ms = h_now_ms();
    (void)send_request(fd, log, &malformed_tail_req, name);
    wait_closed(fd, log, name);
    h_close(fd);
}

/* ---- the agent ------------------------------------------------------------- */

/* Starts the faulty agent with plan in its environment (NULL: no plan). */
static void start_agent(h_agent *a, const char *plan)
{
    static const char *const opts[] = {"-q", "-t", "2", NULL};
    if (plan != NULL)
        assert_int_equal(setenv(PLAN_VARIABLE, plan, 1), 0);
    else
        assert_int_equal(unsetenv(PLAN_VARIABLE), 0);
    h_agent_start(a, opts);
    assert_int_equal(unsetenv(PLAN_VARIABLE), 0);
}

/* SIGTERM; asserts exit status 0 (ASan/LSan/UBSan found nothing), exactly the
 * listening and shutdown lines on stdout and exactly the call report on
 * stderr. Returns the report's counts. */
static call_counts stop_agent(h_agent *a)
{
    h_proc *p = a->proc;
    assert_int_equal(kill(p->pid, SIGTERM), 0);
    if (!h_proc_wait_exit(p, 10000))
        fail_msg("[%s] agent did not exit within 10 s of SIGTERM", current_plan);
    if (!WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0) {
        fail_msg("[%s] agent wait status 0x%x after SIGTERM; stdout:\n%s\nstderr:\n%s",
                 current_plan, (unsigned)p->status, p->out, p->err);
    }
    char want_out[128];
    snprintf(want_out, sizeof want_out, "SNMP Agent listening on port %d...\nShutting down...\n",
             a->port);
    if (strcmp(p->out, want_out) != 0)
        fail_msg("[%s] unexpected agent stdout:\n%s", current_plan, p->out);

    call_counts c = {0, 0, 0, 0};
    int fields = sscanf(p->err, CALL_REPORT, &c.recv, &c.send, &c.accept4, &c.injected);
    char again[160];
    snprintf(again, sizeof again, CALL_REPORT "\n", c.recv, c.send, c.accept4, c.injected);
    if (fields != 4 || strcmp(p->err, again) != 0)
        fail_msg("[%s] agent stderr is not exactly its call report:\n%s", current_plan, p->err);
    h_proc_free(p);
    a->proc = NULL;
    return c;
}

/* ---- checks ------------------------------------------------------------------ */

/* Asserts that what the agent sent on each connection is a prefix of the
 * expected answers. Returns how many connections got less than all of them,
 * and names them in lost. */
static size_t assert_prefixes(const session_log *got, char *lost, size_t lost_cap)
{
    size_t short_conns = 0;
    size_t used = 0;
    lost[0] = '\0';
    for (size_t i = 0; i < CONN_COUNT; i++) {
        const conn_log *g = &got->conn[i];
        const conn_log *e = &expected.conn[i];
        size_t n = g->len < e->len ? g->len : e->len;
        for (size_t k = 0; k < n; k++) {
            if (g->bytes[k] != e->bytes[k]) {
                fail_msg("[%s] %s connection: byte %zu is 0x%02x, expected 0x%02x "
                         "(%zu bytes received, %zu expected)",
                         current_plan, conn_names[i], k, g->bytes[k], e->bytes[k], g->len,
                         e->len);
            }
        }
        if (g->len > e->len) {
            fail_msg("[%s] %s connection: %zu bytes received, only %zu expected", current_plan,
                     conn_names[i], g->len, e->len);
        }
        if (g->len < e->len) {
            short_conns++;
            int n_text = snprintf(lost + used, lost_cap - used, " %s (%zu of %zu bytes)",
                                  conn_names[i], g->len, e->len);
            if (n_text > 0 && (size_t)n_text < lost_cap - used)
                used += (size_t)n_text;
        }
    }
    return short_conns;
}

/* Parses the next answer at *off in log and asserts its header; leaves it in rep. */
static void next_answer(const conn_log *log, size_t *off, uint32_t rid, uint8_t error,
                        uint16_t count)
{
    assert_true(log->len - *off >= 4);
    uint32_t size = snmp_msg_peek_size(log->bytes + *off);
    assert_true(size >= SNMP_MIN_MESSAGE_SIZE && size <= log->len - *off);
    memcpy(rep.buf, log->bytes + *off, size);
    rep.len = size;
    assert_int_equal(snmp_msg_unpack(rep.buf, rep.len, &rep.msg), SNMP_OK);
    assert_int_equal(rep.msg.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(rep.msg.request_id, rid);
    assert_int_equal(rep.msg.error_code, error);
    assert_int_equal(rep.msg.count, count);
    *off += size;
}

/* The recorded answers are only a reference if they are right: checks them
 * against AGENT.md and the MIB, so a broken agent cannot set the bar. */
static void assert_baseline_answers(const session_log *s)
{
    for (size_t i = 0; i < CONN_COUNT; i++) {
        assert_true(s->conn[i].closed);
        assert_false(s->conn[i].reset);
    }

    const conn_log *log = &s->conn[CONN_PIPELINED];
    size_t off = 0;
    next_answer(log, &off, 101, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_DESCR,
                            "Router Model X2000 - High Performance Edge Router", 49);
    next_answer(log, &off, 102, SNMP_ERR_SUCCESS, 3);
    h_assert_u32_binding(&rep, 0, SYS_SERVICES, SNMP_TYPE_INTEGER, 72);
    h_assert_u32_binding(&rep, 1, IF_IN_OCTETS_1, SNMP_TYPE_COUNTER, 3456789012u);
    h_assert_u32_binding(&rep, 2, TCP_MAX_CONN, SNMP_TYPE_INTEGER, 0xffffffffu);
    next_answer(log, &off, 103, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "fault-sweep-a", 13);
    next_answer(log, &off, 104, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "fault-sweep-a", 13);
    next_answer(log, &off, 105, SNMP_ERR_NO_SUCH_OID, 0);
    next_answer(log, &off, 106, SNMP_ERR_READ_ONLY, 0);
    assert_int_equal(off, log->len);

    log = &s->conn[CONN_SEQUENTIAL];
    off = 0;
    next_answer(log, &off, 201, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "fault-sweep-b", 13);
    next_answer(log, &off, 202, SNMP_ERR_SUCCESS, 2);
    h_assert_string_binding(&rep, 0, SYS_NAME, "fault-sweep-b", 13);
    h_assert_string_binding(&rep, 1, SYS_CONTACT, "admin@example.com", 17);
    next_answer(log, &off, 203, SNMP_ERR_SUCCESS, 2);
    h_assert_string_binding(&rep, 0, IF_ALIAS_1, "WAN Interface - ISP Connection", 30);
    h_assert_u32_binding(&rep, 1, IF_IN_OCTETS_2, SNMP_TYPE_COUNTER, 1876543210u);
    assert_int_equal(off, log->len);

    log = &s->conn[CONN_MALFORMED_TAIL];
    off = 0;
    next_answer(log, &off, 301, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_LOCATION, "Server Room, Building A, Floor 2", 32);
    assert_int_equal(off, log->len);
}

static void ensure_baseline(void)
{
    if (have_baseline)
        return;
    build_requests();
    snprintf(current_plan, sizeof current_plan, "no faults");
    h_agent agent;
    start_agent(&agent, NULL);
    run_session(agent.port, &expected);
    baseline_counts = stop_agent(&agent);
    assert_baseline_answers(&expected);
    /* Lower bounds any agent must meet: a recv per request-bearing write
     * (five) and per half-close (two), a send per answered batch (five). */
    assert_true(baseline_counts.recv >= 7);
    assert_true(baseline_counts.send >= 5);
    assert_true(baseline_counts.accept4 >= CONN_COUNT);
    assert_int_equal(baseline_counts.injected, 0);
    have_baseline = true;
}

typedef struct run_result {
    call_counts counts;      /* as the agent reported them */
    size_t short_conns;      /* connections that got less than all their answers */
} run_result;

/* One run: a fresh agent with plan, the session, the checks. */
static run_result run_with_plan(const char *plan, bool transient_only)
{
    snprintf(current_plan, sizeof current_plan, "%s", plan);
    h_agent agent;
    start_agent(&agent, plan);
    run_session(agent.port, &observed);
    run_result r;
    r.counts = stop_agent(&agent);
    char lost[256];
    r.short_conns = assert_prefixes(&observed, lost, sizeof lost);
    if ((transient_only || r.counts.injected == 0) && r.short_conns != 0) {
        fail_msg("[%s] answers lost although %s:%s", plan,
                 r.counts.injected == 0 ? "no fault fired" : "every fault was transient", lost);
    }
    /* One failed call ends at most the one connection it belonged to. */
    if (r.short_conns > r.counts.injected) {
        fail_msg("[%s] %lu fault(s) cut %zu connections short:%s", plan, r.counts.injected,
                 r.short_conns, lost);
    }
    return r;
}

static void sweep(const fault_kind *faults, size_t n_faults, unsigned long calls_in_session)
{
    int64_t started = h_now_ms();
    size_t runs = 0;
    int64_t slowest_ms = -1;
    char slowest[64] = "";
    for (size_t f = 0; f < n_faults; f++) {
        unsigned long fired = 0;
        size_t cut_runs = 0;
        for (unsigned long n = 1; n <= calls_in_session + 1; n++) {
            char plan[64];
            snprintf(plan, sizeof plan, "%s:%lu:%s", faults[f].kind, n, faults[f].fault);
            int64_t run_started = h_now_ms();
            run_result r = run_with_plan(plan, faults[f].transient);
            const call_counts *c = &r.counts;
            if (h_now_ms() - run_started > slowest_ms) {
                slowest_ms = h_now_ms() - run_started;
                snprintf(slowest, sizeof slowest, "%s", plan);
            }
            unsigned long made = strcmp(faults[f].kind, "recv") == 0 ? c->recv : c->send;
            /* The seam must fail exactly the call the plan names, if it came. */
            if (c->injected != (made >= n ? 1u : 0u)) {
                fail_msg("[%s] %lu %s calls made but %lu faults injected", plan, made,
                         faults[f].kind, c->injected);
            }
            fired += c->injected;
            cut_runs += r.short_conns > 0;
            runs++;
        }
        /* Every call of the fault-free session exists in a faulty one up to
         * the fault itself, so each N up to that count must have fired. */
        if (fired < calls_in_session) {
            fail_msg("%s:*:%s fired in %lu runs of %lu", faults[f].kind, faults[f].fault, fired,
                     calls_in_session + 1);
        }
        /* A fault that ends connections must have ended one somewhere in the
         * session (the first recv, at least, comes before any answer). */
        if (!faults[f].transient && cut_runs == 0) {
            fail_msg("%s:*:%s never cut a connection short: the fault did nothing",
                     faults[f].kind, faults[f].fault);
        }
    }
    printf("[ fault    ] %zu %s runs in %lld ms, the slowest %s in %lld ms\n", runs,
           faults[0].kind, (long long)(h_now_ms() - started), slowest, (long long)slowest_ms);
}

/* ---- tests ------------------------------------------------------------------- */

static void fault_free_session_gets_the_answers_agent_md_defines(void **state)
{
    (void)state;
    ensure_baseline();
    printf("[ fault    ] the session takes %lu recv, %lu send and %lu accept4 calls\n",
           baseline_counts.recv, baseline_counts.send, baseline_counts.accept4);
}

static void every_recv_fault_at_every_call_keeps_the_answers_right(void **state)
{
    (void)state;
    ensure_baseline();
    sweep(recv_faults, sizeof recv_faults / sizeof recv_faults[0], baseline_counts.recv);
}

static void every_send_fault_at_every_call_keeps_the_answers_right(void **state)
{
    (void)state;
    ensure_baseline();
    sweep(send_faults, sizeof send_faults / sizeof send_faults[0], baseline_counts.send);
}

static void several_transient_faults_in_one_plan_change_nothing(void **state)
{
    (void)state;
    ensure_baseline();
    const char *plan = "recv:1:short,recv:2:eagain,recv:3:eintr,recv:5:short,"
                       "send:1:partial,send:2:eagain,send:3:eintr,send:4:partial,send:5:eagain";
    run_result r = run_with_plan(plan, true);
    assert_int_equal(r.counts.injected, 9);
}

/* A malformed message after a request whose answer cannot be sent yet: the
 * agent reports the malformed message, keeps the connection to deliver the
 * answer, and then the send fails too. That connection gets one ERROR line,
 * not a second for the failure that followed. */
static void a_connection_that_fails_twice_gets_one_error_line(void **state)
{
    (void)state;
    snprintf(current_plan, sizeof current_plan, "send:1:eagain,send:2:eagain,send:3:econnreset");
    static const char *const opts[] = {"-t", "2", NULL};
    assert_int_equal(setenv(PLAN_VARIABLE, current_plan, 1), 0);
    h_agent a;
    h_agent_start(&a, opts);
    assert_int_equal(unsetenv(PLAN_VARIABLE), 0);

    static conn_log log;
    memset(&log, 0, sizeof log);
    int fd = h_connect(a.port);
    log.last_send_ms = h_now_ms();
    (void)send_request(fd, &log, &malformed_tail_req, "malformed-tail");
    wait_closed(fd, &log, "malformed-tail");
    h_close(fd);
    if (!h_agent_wait_lines(&a, "ERROR with client 127.0.0.1: ", 1, H_PROMPT_MS))
        fail_msg("[%s] no ERROR line; stdout:\n%s", current_plan, a.proc->out);
    h_agent_stop(&a, SIGTERM);
    size_t errors = h_count_lines_prefix(a.proc->out, "ERROR with client 127.0.0.1: ");
    if (errors != 1 || !h_has_line(a.proc->out, "ERROR with client 127.0.0.1: message size field "
                                                "out of range 9 to 65536 (got 3) at offset 0"))
        fail_msg("[%s] expected exactly the ERROR line of the bad size field; stdout:\n%s",
                 current_plan, a.proc->out);
    h_proc_free(a.proc);
}

static void malformed_plans_stop_the_agent_before_it_listens(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "recv",                        "recv:1",
        "recv:1:",                     ":1:short",
        "recv::short",                 "recv:0:short",
        "recv:01:short",               "recv:-1:short",
        "recv:+1:short",               "recv:1x:short",
        "recv:99999999999999999999999:short",
        "recv:1:partial",              "send:1:short",
        "recv:1:epipe",                "accept4:1:eintr",
        "RECV:1:short",                "recv:1:SHORT",
        "recv:1:short:",               "recv:1:short,",
        ",recv:1:short",               "recv:1:short,,send:1:eagain",
        "recv:1:short recv:2:eagain",  "recv:1:short,recv:1:eagain",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(current_plan, sizeof current_plan, "%s", bad[i]);
        char port[16];
        snprintf(port, sizeof port, "%d", h_free_port());
        const char *const argv[] = {SNMP_AGENT_BIN, "-q", "-b", "127.0.0.1", port, NULL};
        assert_int_equal(setenv(PLAN_VARIABLE, bad[i], 1), 0);
        h_proc *p = h_proc_spawn("snmp_agent_faulty", argv, NULL);
        assert_int_equal(unsetenv(PLAN_VARIABLE), 0);
        if (!h_proc_wait_exit(p, H_PROMPT_MS))
            fail_msg("plan '%s': agent still running", bad[i]);
        if (h_proc_exit_code(p) != 1 || strcmp(p->out, "Fatal error: bad SNMP_FAULT_PLAN\n") != 0) {
            fail_msg("plan '%s': exit %d, stdout:\n%s\nstderr:\n%s", bad[i], h_proc_exit_code(p),
                     p->out, p->err);
        }
        h_proc_free(p);
    }

    /* The example of sys_io.h is accepted, as is an empty plan. */
    static const char *const good[] = {"recv:3:short,send:2:partial,recv:7:econnreset", ""};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        snprintf(current_plan, sizeof current_plan, "%s", good[i]);
        h_agent agent;
        start_agent(&agent, good[i]);
        (void)stop_agent(&agent);
    }
}

static int teardown(void **state)
{
    /* A failed assertion may leave a plan set; the next test must not inherit it. */
    (void)unsetenv(PLAN_VARIABLE);
    return h_teardown(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fault_free_session_gets_the_answers_agent_md_defines,
                                        h_setup, teardown),
        cmocka_unit_test_setup_teardown(every_recv_fault_at_every_call_keeps_the_answers_right,
                                        h_setup, teardown),
        cmocka_unit_test_setup_teardown(every_send_fault_at_every_call_keeps_the_answers_right,
                                        h_setup, teardown),
        cmocka_unit_test_setup_teardown(several_transient_faults_in_one_plan_change_nothing,
                                        h_setup, teardown),
        cmocka_unit_test_setup_teardown(a_connection_that_fails_twice_gets_one_error_line, h_setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(malformed_plans_stop_the_agent_before_it_listens, h_setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("fault_injection_sweep", tests, h_group_setup, NULL);
}
