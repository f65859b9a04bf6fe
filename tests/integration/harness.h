/*
 * Shared harness of the integration tests: starts the real snmp_agent and
 * snmp_manager as child processes, captures their output, and talks to the
 * agent over raw sockets on 127.0.0.1.
 *
 * Every wait has a deadline and every loop a bound. Helpers that can only
 * fail because the system under test misbehaved report through cmocka
 * assertions (which leave the test); h_teardown() then kills every child
 * still running and closes every socket still open, so a failing test leaves
 * no process behind. Children also get PR_SET_PDEATHSIG, so they die with
 * the test process even if it crashes.
 */
#ifndef SNMP_IT_HARNESS_H
#define SNMP_IT_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

#include "snmp/message.h"
#include "snmp/oid.h"
#include "snmp/status.h"
#include "snmp/value.h"

/* How long to wait for something that should happen at once. */
enum { H_PROMPT_MS = 5000 };
/* How long a manager may run before it is killed (its own timeout is 10 s). */
enum { H_MANAGER_DEADLINE_MS = 20000 };

/*
 * Running the children under a checker (ci/valgrind). Two environment
 * variables, read once per test program; both unset means the harness
 * behaves exactly as without them.
 *
 * SNMP_TEST_WRAPPER   a command prefix for every agent and manager the
 *     harness starts: "valgrind --leak-check=full" runs them as
 *     `valgrind --leak-check=full <program> <args>`. Split on spaces and
 *     tabs, no quoting, at most H_WRAPPER_MAX_WORDS words and
 *     H_WRAPPER_MAX_LEN bytes; the first word is looked up in PATH. The pid
 *     the harness signals is the wrapper's, so the wrapper must exec the
 *     program in its own process (valgrind does; a script must `exec`).
 *     Blank counts as unset.
 *
 * SNMP_TEST_SLOWDOWN  an integer 1 to H_SLOWDOWN_MAX (default 1) that
 *     multiplies the harness's "give up" deadlines, for children slowed
 *     down by the wrapper: waiting for the listening line, for a child to
 *     exit (h_proc_wait_exit, h_manager_finish, h_agent_stop), for agent
 *     lines (h_agent_wait_lines), for a connection (h_try_connect,
 *     h_accept), and for bytes to go out or come in (h_send_all,
 *     h_recv_exact, h_read_msg, h_expect_reply). It never scales a duration
 *     that is itself under test: how soon a connection is closed or that it
 *     stays open (h_wait_closed, h_assert_closed_without_reply,
 *     h_assert_quiet_open), pacing (h_sleep_ms, h_proc_pump), the children's
 *     own timeouts (-t, SNMP_MANAGER_TIMEOUT), or the tests' own elapsed-time
 *     assertions.
 *
 * An invalid value of either fails the test program (h_group_setup).
 */
enum { H_WRAPPER_MAX_WORDS = 32, H_WRAPPER_MAX_LEN = 4096, H_SLOWDOWN_MAX = 100 };

/* ms times SNMP_TEST_SLOWDOWN: for a "give up" deadline only (see above). */
int h_slow_ms(int ms);

/* Monotonic milliseconds. */
int64_t h_now_ms(void);

/* Pauses for pacing (never used to wait for a result: those poll with deadlines). */
void h_sleep_ms(int ms);

/* cmocka group setup / per-test setup and teardown. */
int h_group_setup(void **state);
int h_setup(void **state);
int h_teardown(void **state);

/* ---- child processes --------------------------------------------------- */

typedef struct h_proc {
    pid_t pid;           /* 0 when not started */
    int out_fd;          /* read end of the child's stdout; -1 after EOF */
    int err_fd;          /* read end of the child's stderr; -1 after EOF */
    char *out;           /* everything read from stdout, NUL-terminated */
    size_t out_len;
    size_t out_cap;
    char *err;           /* everything read from stderr, NUL-terminated */
    size_t err_len;
    size_t err_cap;
    bool reaped;
    int status;          /* wait status once reaped */
    const char *name;    /* for diagnostics */
} h_proc;

/*
 * Starts argv[0] with argv (through SNMP_TEST_WRAPPER if set). If env_timeout is not NULL the child gets
 * SNMP_MANAGER_TIMEOUT=env_timeout, otherwise that variable is removed.
 * The h_proc lives in the harness (so teardown can reach it after a failed
 * assertion) until h_proc_free. Asserts that the fork succeeded.
 */
h_proc *h_proc_spawn(const char *name, const char *const *argv, const char *env_timeout);

/*
 * Starts an outside tool (net-snmp's snmpget, tshark, python3, ...): argv[0]
 * is looked up in PATH and never run under SNMP_TEST_WRAPPER, which is for
 * our own programs. Otherwise as h_proc_spawn.
 */
h_proc *h_tool_spawn(const char *const *argv);

/*
 * The open-file limits (RLIMIT_NOFILE) of the processes spawned from now on:
 * soft and hard, each 0 for "as inherited". h_teardown sets both back to 0.
 * For the agent's own raising of its limit, and its warning when it cannot.
 */
void h_set_child_fd_limit(unsigned long soft, unsigned long hard);

/* Whether children run under SNMP_TEST_WRAPPER (valgrind, in ci/valgrind). */
bool h_wrapped(void);

/* Reads whatever output is available, waiting at most timeout_ms for some. */
void h_proc_pump(h_proc *p, int timeout_ms);

/* Waits up to timeout_ms for the child to exit (collecting all output). */
bool h_proc_wait_exit(h_proc *p, int timeout_ms);

/* Exit status if the child exited normally, else -1 (signal, or still running). */
int h_proc_exit_code(const h_proc *p);

/* Kills (SIGKILL) if still running, reaps, closes pipes, frees it. NULL is a no-op. */
void h_proc_free(h_proc *p);

/* ---- the manager -------------------------------------------------------- */

/* Spawns the manager with args[0 .. n) after the program name. */
h_proc *h_manager_spawn(const char *env_timeout, const char *const *args, size_t n);

/* Waits for a spawned manager; asserts it exited on its own in time. */
void h_manager_finish(h_proc *p);

/* Spawn + finish; args is a NULL-terminated list after the program name. */
h_proc *h_manager_run(const char *env_timeout, ...);

/*
 * Runs the manager (NULL-terminated args) and asserts its stdout is exactly
 * expected_out and its exit status expected_code; frees it.
 */
void h_manager_expect(const char *expected_out, int expected_code, ...);

/* ---- the agent ---------------------------------------------------------- */

typedef struct h_agent {
    h_proc *proc;
    int port;
} h_agent;

/*
 * Starts the agent on a free port of 127.0.0.1 with the extra options opts
 * (NULL-terminated, may be NULL) and waits for its listening line. Retries on
 * a new port if the chosen one was taken meanwhile.
 */
void h_agent_start(h_agent *a, const char *const *opts);

/* Starts the agent on exactly this port; returns false if it did not listen. */
bool h_agent_start_on(h_agent *a, int port, const char *const *opts);

/* Number of stdout lines that start with prefix (reads pending output first). */
size_t h_agent_count(h_agent *a, const char *prefix);

/* Waits until at least count stdout lines start with prefix. */
bool h_agent_wait_lines(h_agent *a, const char *prefix, size_t count, int timeout_ms);

/* Asserts that no stdout line contains both '=' and '.' (AGENT.md). */
void h_assert_output_rule(const char *out);

/*
 * Sends sig, waits for exit, and asserts: exit status 0, a `Shutting down...`
 * line, the output rule. The process is reaped but its output kept until
 * h_proc_free(a->proc).
 */
void h_agent_stop(h_agent *a, int sig);

/* h_agent_stop(SIGTERM) then free. */
void h_agent_stop_free(h_agent *a);

/* ---- sockets ------------------------------------------------------------- */

typedef enum h_io {
    H_IO_OK = 0,
    H_IO_EOF,      /* orderly end of stream */
    H_IO_RESET,    /* ECONNRESET / EPIPE */
    H_IO_TIMEOUT,
    H_IO_ERROR
} h_io;

const char *h_io_name(h_io io);

/* Connects to 127.0.0.1:port (non-blocking socket); -1 on failure. */
int h_try_connect(int port);

/* Same with SO_RCVBUF set to rcvbuf bytes before connecting (0: default). */
int h_try_connect_rcvbuf(int port, int rcvbuf);

/* Same, asserting success. The socket is closed by teardown if still open. */
int h_connect(int port);

/* Closes a socket from h_connect/h_listen/h_accept. */
void h_close(int fd);

/* The local port of a connected socket. */
int h_local_port(int fd);

/* A listening socket on 127.0.0.1 with a kernel-chosen port. */
int h_listen(int *port);

/* The same with a chosen listen() backlog. */
int h_listen_backlog(int *port, int backlog);

/* Starts a non-blocking connect and returns at once (-1 on immediate failure). */
int h_start_connect(int port);

/* The same, but the socket is the caller's to close (the harness tracks at
 * most 64): for tests that hold thousands. -1 with errno on failure. */
int h_start_connect_untracked(int port);

/* Accepts one connection within timeout_ms; -1 if none. */
int h_accept(int lfd, int timeout_ms);

/*
 * For a connection to a local peer process: how many of the bytes we sent
 * the peer process has read so far (from its socket's tcp_info and receive
 * queue, via sock_diag), or -1 if the connection cannot be looked up.
 */
long h_peer_consumed(int fd);

/* A port that was free a moment ago. */
int h_free_port(void);

h_io h_send_all(int fd, const void *buf, size_t len, int timeout_ms);
h_io h_recv_exact(int fd, void *buf, size_t n, int timeout_ms, size_t *got);

/*
 * Reads until the peer closes; *extra counts the bytes that arrived first.
 * Returns H_IO_EOF or H_IO_RESET once closed, H_IO_TIMEOUT if still open.
 */
h_io h_wait_closed(int fd, int timeout_ms, size_t *extra);

/* Asserts the peer closes within timeout_ms having sent no byte at all. */
void h_assert_closed_without_reply(int fd, int timeout_ms);

/* Asserts nothing arrives and the connection stays open for wait_ms. */
void h_assert_quiet_open(int fd, int wait_ms);

/* ---- messages ----------------------------------------------------------- */

/* A byte builder big enough for one maximum message and then some. */
typedef struct h_buf {
    size_t len;
    uint8_t data[4 * SNMP_MAX_MESSAGE_SIZE];
} h_buf;

void hb_reset(h_buf *b);
void hb_u8(h_buf *b, unsigned v);
void hb_u16(h_buf *b, unsigned v);
void hb_u32(h_buf *b, uint32_t v);
void hb_mem(h_buf *b, const void *p, size_t n);
/* oid_len byte then the encoded OID (asserts the text is an OID). */
void hb_oid(h_buf *b, const char *text);
/* Starts a request (size placeholder, request_id, pdu_type); returns its offset. */
size_t hb_begin(h_buf *b, uint32_t request_id, unsigned pdu_type);
/* Writes the size of the message that starts at offset start. */
void hb_end(h_buf *b, size_t start);
/* Appends a whole GetRequest. */
void hb_get(h_buf *b, uint32_t request_id, const char *const *oids, size_t n);
void hb_get1(h_buf *b, uint32_t request_id, const char *oid);
/* Appends a whole SetRequest of one STRING binding. */
void hb_set_string(h_buf *b, uint32_t request_id, const char *oid, const char *s, size_t len);
/* Appends a binding oid/type/value (value_len bytes). */
void hb_binding(h_buf *b, const char *oid, unsigned type, const void *value, size_t value_len);
void hb_binding_u32(h_buf *b, const char *oid, unsigned type, uint32_t v);

typedef struct h_reply {
    size_t len;
    uint8_t buf[SNMP_MAX_MESSAGE_SIZE];
    snmp_message msg;
} h_reply;

/*
 * Reads one framed message and decodes it strictly. Returns H_IO_OK (and
 * asserts the message is well-formed) or the reason nothing was read.
 */
h_io h_read_msg(int fd, h_reply *r, int timeout_ms);

/* Reads a reply, asserting it arrives in time, is a GetResponse for rid. */
void h_expect_reply(int fd, h_reply *r, uint32_t rid, uint8_t error_code, uint16_t count);

/* Asserts binding i of r is oid_text = STRING value. */
void h_assert_string_binding(const h_reply *r, size_t i, const char *oid_text, const char *value,
                             size_t value_len);

/* Asserts binding i of r is oid_text with a 4-byte value of type and v. */
void h_assert_u32_binding(const h_reply *r, size_t i, const char *oid_text, unsigned type,
                          uint32_t v);

/* GetRequest(rid, [sysName]) (20 bytes) and the default MIB's exact
 * answer to it (35 bytes, "router-main"). */
enum { H_SYSNAME_GET_LEN = 20, H_SYSNAME_REPLY_LEN = 35 };
void h_sysname_get(uint8_t out[H_SYSNAME_GET_LEN], uint32_t rid);
void h_sysname_reply(uint8_t out[H_SYSNAME_REPLY_LEN], uint32_t rid);

/* One GET of a STRING object over a fresh read on fd; asserts the value. */
void h_get_string_expect(int fd, uint32_t rid, const char *oid, const char *value);

/* Contains / counts in a NUL-terminated text. */
bool h_contains(const char *haystack, const char *needle);
size_t h_count_lines_prefix(const char *text, const char *prefix);
bool h_has_line(const char *text, const char *line);

#endif
