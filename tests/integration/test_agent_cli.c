/*
 * The agent's command line and what it prints: --help, bad ports, escaped
 * echoes, a port in use, --quiet, the long options, and AGENT.md's output rule.
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

static h_agent agent;
static h_buf req;
static h_reply rep;

/* Runs the agent with exactly these arguments; waits for it to exit. */
static h_proc *run_agent_to_exit(const char *const *args)
{
    const char *argv[16];
    size_t n = 0;
    argv[n++] = SNMP_AGENT_BIN;
    for (size_t i = 0; args[i] != NULL; i++) {
        assert_true(n < 15);
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    h_proc *p = h_proc_spawn("snmp_agent", argv, NULL);
    if (!h_proc_wait_exit(p, 10000)) {
        fail_msg("snmp_agent %s did not exit; stdout:\n%s", args[0] ? args[0] : "", p->out);
    }
    return p;
}

static void help_exits_0_and_mentions_every_option(void **state)
{
    (void)state;
    static const char *const forms[2][2] = {{"--help", NULL}, {"-h", NULL}};
    for (size_t f = 0; f < 2; f++) {
        h_proc *p = run_agent_to_exit(forms[f]);
        assert_int_equal(h_proc_exit_code(p), 0);
        static const char *const words[] = {"-q", "--quiet", "-t", "--timeout", "-b", "--bind",
                                            "-c", "--max-clients", "-h", "--help", "port"};
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            if (!h_contains(p->out, words[i])) {
                fail_msg("%s output does not mention %s:\n%s", forms[f][0], words[i], p->out);
            }
        }
        assert_false(h_contains(p->out, "SNMP Agent listening on port"));
        h_proc_free(p);
    }
}

static void bad_port_arguments_print_error_and_exit_1(void **state)
{
    (void)state;
    static const struct {
        const char *arg;
        const char *line;
    } cases[] = {
        {"abc", "Error: Invalid port number: abc"},
        {"12ab", "Error: Invalid port number: 12ab"},
        {"1.5", "Error: Invalid port number: 1.5"},
        {"0", "Error: Port must be between 1 and 65535"},
        {"65536", "Error: Port must be between 1 and 65535"},
        {"99999999999", "Error: Port must be between 1 and 65535"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {"-b", "127.0.0.1", cases[i].arg, NULL};
        h_proc *p = run_agent_to_exit(args);
        /* AGENT.md names the line, not the stream: either will do. */
        if (!h_has_line(p->out, cases[i].line) && !h_has_line(p->err, cases[i].line)) {
            fail_msg("port `%s`: expected `%s`; stdout:\n%s\nstderr:\n%s", cases[i].arg,
                     cases[i].line, p->out, p->err);
        }
        if (h_proc_exit_code(p) != 1) {
            fail_msg("port `%s`: exit status %d, expected 1", cases[i].arg, h_proc_exit_code(p));
        }
        assert_false(h_contains(p->out, "SNMP Agent listening on port"));
        h_proc_free(p);
    }
}

/* Issue 9: every agent line escapes control bytes, DEL, non-ASCII bytes, '\'
 * and '=' as \xNN, so an echoed argument is one line and no forged binding. */
static void echoed_arguments_are_escaped_onto_one_line(void **state)
{
    (void)state;
    static const struct {
        const char *arg;
        const char *out;
    } cases[] = {
        {"12\n1.3 = x\x1b[31m\x7f\xc3\xa9\\",
         "Error: Invalid port number: 12\\x0a1.3 \\x3d x\\x1b[31m\\x7f\\xc3\\xa9\\x5c\n"
         "Try 'snmp_agent --help' for more information.\n"},
        {"-\x1b]0;owned\a\r",
         "Error: Unknown option '-\\x1b]0;owned\\x07\\x0d'\n"
         "Try 'snmp_agent --help' for more information.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {cases[i].arg, NULL};
        h_proc *p = run_agent_to_exit(args);
        assert_string_equal(p->out, cases[i].out);
        assert_int_equal(h_proc_exit_code(p), 1);
        h_assert_output_rule(p->out);
        h_proc_free(p);
    }
}

static void port_in_use_prints_fatal_error_and_exits_1(void **state)
{
    (void)state;
    int port = 0;
    int lfd = h_listen(&port);
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    const char *args[] = {"-b", "127.0.0.1", port_text, NULL};
    h_proc *p = run_agent_to_exit(args);
    if (h_count_lines_prefix(p->out, "Fatal error: ") + h_count_lines_prefix(p->err, "Fatal error: ") !=
        1) {
        fail_msg("expected one `Fatal error: ...` line; stdout:\n%s\nstderr:\n%s", p->out, p->err);
    }
    assert_int_equal(h_proc_exit_code(p), 1);
    assert_false(h_contains(p->out, "SNMP Agent listening on port"));
    h_proc_free(p);
    h_close(lfd);
}

static void quiet_prints_only_listening_and_shutdown_lines(void **state)
{
    (void)state;
    static const char *const opt_sets[2][4] = {{"-q", "-t", "0.5", NULL},
                                               {"--quiet", "--timeout", "0.5", NULL}};
    for (size_t s = 0; s < 2; s++) {
        h_agent_start(&agent, opt_sets[s]);
        /* A served client that closes cleanly. */
        int fd = h_connect(agent.port);
        h_get_string_expect(fd, 1, SYS_NAME, "router-main");
        h_close(fd);
        /* A malformed message. */
        fd = h_connect(agent.port);
        static const uint8_t size8[] = {0, 0, 0, 8};
        assert_int_equal(h_send_all(fd, size8, sizeof size8, H_PROMPT_MS), H_IO_OK);
        h_assert_closed_without_reply(fd, 3000);
        h_close(fd);
        /* End of stream mid-message. */
        fd = h_connect(agent.port);
        assert_int_equal(h_send_all(fd, size8, 3, H_PROMPT_MS), H_IO_OK);
        h_close(fd);
        /* An idle timeout. */
        fd = h_connect(agent.port);
        h_assert_closed_without_reply(fd, 5000);
        h_close(fd);
        /* The agent still answers, so it has handled all of the above. */
        fd = h_connect(agent.port);
        h_get_string_expect(fd, 2, SYS_NAME, "router-main");
        h_close(fd);

        int port = agent.port;
        h_agent_stop(&agent, SIGTERM);
        char expected[96];
        snprintf(expected, sizeof expected,
                 "SNMP Agent listening on port %d...\nShutting down...\n", port);
        assert_string_equal(agent.proc->out, expected);
        h_proc_free(agent.proc);
        agent.proc = NULL;
    }
}

/* The agent raises its open-file limit as far as the hard limit allows;
 * when that is not enough for -c, it says so in one line (kept by --quiet),
 * lowers its cap to what fits, and serves. */
static void fd_limit_below_client_cap_is_reported_and_agent_still_serves(void **state)
{
    (void)state;
    h_set_child_fd_limit(64, 64);
    static const char *const opts[] = {"-q", "-c", "200", NULL};
    h_agent_start(&agent, opts);
    h_set_child_fd_limit(0, 0);
    /* Under valgrind the agent sees a limit a little below 64 (valgrind
     * keeps some descriptors for itself), so the numbers are read back and
     * checked against each other: the cap is the most clients whose
     * descriptors (one each, one lingering place per eight, 16 reserved) fit. */
    unsigned long long limit = 0;
    unsigned fit = 0;
    unsigned asked = 0;
    size_t warnings = 0;
    for (const char *line = agent.proc->out; line != NULL && *line != '\0';) {
        char tail[8] = "";
        if (sscanf(line, "Warning: open file limit %llu allows %u clients, fewer than the %u %7s",
                   &limit, &fit, &asked, tail) == 4 &&
            strcmp(tail, "asked") == 0) {
            warnings++;
        }
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    if (warnings != 1) {
        fail_msg("expected one `Warning: open file limit N allows M clients, fewer than the 200 "
                 "asked` line; stdout:\n%s", agent.proc->out);
    }
    assert_int_equal(asked, 200);
    assert_true(limit <= 64);
    assert_true(fit > 0 && fit < 200);
    assert_true(fit + fit / 8 + 1 + 16 <= limit);
    assert_true((fit + 1) + (fit + 1) / 8 + 1 + 16 > limit);
    int fd = h_connect(agent.port);
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void long_options_set_timeout_and_client_cap(void **state)
{
    (void)state;
    static const char *const opts[] = {"--timeout", "0.5", "--max-clients", "1", NULL};
    h_agent_start(&agent, opts);
    int a = h_connect(agent.port);
    h_get_string_expect(a, 1, SYS_NAME, "router-main");
    /* The cap is one: the second connection takes the idle first one's place. */
    int b = h_connect(agent.port);
    h_get_string_expect(b, 2, SYS_NAME, "router-main");
    h_assert_closed_without_reply(a, 3000);
    h_close(a);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 closed to make room for a new connection",
                                   1, H_PROMPT_MS));
    h_assert_closed_without_reply(b, 5000);
    h_close(b);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 0.5s", 1, H_PROMPT_MS));
    h_agent_stop_free(&agent);
}

static void no_output_line_has_both_equals_and_dot(void **state)
{
    (void)state;
    static const char *const opts[] = {"-t", "0.5", NULL};
    h_agent_start(&agent, opts);
    int fd = h_connect(agent.port);
    /* Values and OIDs full of '=' and '.' must not leak into the log. */
    hb_reset(&req);
    hb_set_string(&req, 1, SYS_NAME, "a=b.c", 5);
    hb_get1(&req, 2, SYS_NAME);
    hb_get1(&req, 3, "1.3.6.1.2.1.1.99.0");
    hb_set_string(&req, 4, "1.3.6.1.2.1.1.1.0", "x=1.2", 5);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 1, SNMP_ERR_SUCCESS, 1);
    h_expect_reply(fd, &rep, 2, SNMP_ERR_SUCCESS, 1);
    h_expect_reply(fd, &rep, 3, SNMP_ERR_NO_SUCH_OID, 0);
    h_expect_reply(fd, &rep, 4, SNMP_ERR_READ_ONLY, 0);
    /* A malformed SET with such a value. */
    int bad = h_connect(agent.port);
    hb_reset(&req);
    size_t start = hb_begin(&req, 5, SNMP_PDU_SET_REQUEST);
    hb_u8(&req, 1);
    hb_binding(&req, SYS_NAME, SNMP_TYPE_STRING, "k=v.\xff", 5);
    hb_end(&req, start);
    assert_int_equal(h_send_all(bad, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_assert_closed_without_reply(bad, 3000);
    h_close(bad);
    /* Then a timeout, and a clean close. */
    h_assert_closed_without_reply(fd, 5000);
    h_close(fd);
    fd = h_connect(agent.port);
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 disconnected normally", 1, H_PROMPT_MS));
    assert_true(h_agent_wait_lines(&agent, "ERROR with client 127.0.0.1: ", 1, H_PROMPT_MS));
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out", 1, H_PROMPT_MS));
    h_agent_stop(&agent, SIGTERM); /* asserts the rule over the whole output */
    h_assert_output_rule(agent.proc->err);
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(help_exits_0_and_mentions_every_option, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(bad_port_arguments_print_error_and_exit_1, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(echoed_arguments_are_escaped_onto_one_line, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(port_in_use_prints_fatal_error_and_exits_1, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(quiet_prints_only_listening_and_shutdown_lines, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(fd_limit_below_client_cap_is_reported_and_agent_still_serves,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(long_options_set_timeout_and_client_cap, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(no_output_line_has_both_equals_and_dot, h_setup, h_teardown),
    };
    return cmocka_run_group_tests_name("integration_agent_cli", tests, h_group_setup, NULL);
}
