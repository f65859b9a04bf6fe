/*
 * Connection life cycle: the idle timeout (and that a trickle does not defeat
 * it), the per-connection lines, and shutdown on SIGTERM / SIGINT.
 */
#include "harness.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

static h_agent agent;
static h_buf req;
static h_reply rep;

static void idle_connection_closed_after_half_second_with_line(void **state)
{
    (void)state;
    static const char *const opts[] = {"-t", "0.5", NULL};
    h_agent_start(&agent, opts);
    int64_t t0 = h_now_ms();
    int fd = h_connect(agent.port);
    h_assert_closed_without_reply(fd, 5000);
    int64_t elapsed = h_now_ms() - t0;
    print_message("[info] idle connection closed after %lld ms\n", (long long)elapsed);
    assert_true(elapsed >= 400); /* not before its time */
    h_close(fd);
    if (!h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after ", 1, H_PROMPT_MS)) {
        fail_msg("no timed-out line; agent output:\n%s", agent.proc->out);
    }
    if (!h_has_line(agent.proc->out, "Client 127.0.0.1 timed out after 0.5s")) {
        fail_msg("expected `Client 127.0.0.1 timed out after 0.5s`; agent output:\n%s",
                 agent.proc->out);
    }
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 disconnected normally"), 0);
    h_agent_stop_free(&agent);
}

static void trickle_of_bytes_does_not_keep_connection_alive(void **state)
{
    (void)state;
    static const char *const opts[] = {"-t", "0.5", NULL};
    h_agent_start(&agent, opts);
    int64_t t0 = h_now_ms();
    int fd = h_connect(agent.port);
    /* A 1000-byte GetRequest that will never be finished, one byte per 0.2 s. */
    static const uint8_t head[] = {0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x01, 0xa0, 0xff};
    bool closed = false;
    size_t extra = 0;
    for (size_t i = 0; i < 25 && !closed; i++) {
        uint8_t byte = i < sizeof head ? head[i] : 0x01;
        h_io io = h_send_all(fd, &byte, 1, 1000);
        if (io != H_IO_OK) {
            closed = true;
            break;
        }
        io = h_wait_closed(fd, 200, &extra);
        closed = io == H_IO_EOF || io == H_IO_RESET;
        assert_int_equal(extra, 0);
    }
    int64_t elapsed = h_now_ms() - t0;
    print_message("[info] trickling connection closed after %lld ms\n", (long long)elapsed);
    if (!closed) {
        fail_msg("a connection trickling one byte per 0.2 s was still open after %lld ms with a "
                 "0.5 s timeout",
                 (long long)elapsed);
    }
    assert_true(elapsed < 4000);
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 0.5s", 1, H_PROMPT_MS));
    h_agent_stop_free(&agent);
}

static void completed_requests_reset_the_idle_clock(void **state)
{
    (void)state;
    static const char *const opts[] = {"-t", "1", NULL};
    h_agent_start(&agent, opts);
    int fd = h_connect(agent.port);
    int64_t t0 = h_now_ms();
    for (uint32_t i = 0; i < 8; i++) {
        /* 0.3 s of silence each time: 2.4 s in all, well past the 1 s timeout. */
        h_assert_quiet_open(fd, 300);
        h_get_string_expect(fd, i, SYS_NAME, "router-main");
    }
    print_message("[info] connection served for %lld ms with a 1 s timeout\n",
                  (long long)(h_now_ms() - t0));
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 timed out"), 0);
    /* Then silence closes it. */
    h_assert_closed_without_reply(fd, 5000);
    h_close(fd);
    if (!h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 1.0s", 1, H_PROMPT_MS)) {
        fail_msg("expected `Client 127.0.0.1 timed out after 1.0s`; agent output:\n%s",
                 agent.proc->out);
    }
    h_agent_stop_free(&agent);
}

static void connection_lines_name_client_and_how_it_left(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);

    /* A clean close after a request. */
    int fd = h_connect(agent.port);
    char line[96];
    snprintf(line, sizeof line, "Connection from 127.0.0.1:%d", h_local_port(fd));
    h_get_string_expect(fd, 1, SYS_NAME, "router-main");
    assert_true(h_agent_wait_lines(&agent, line, 1, H_PROMPT_MS));
    h_close(fd);
    if (!h_agent_wait_lines(&agent, "Client 127.0.0.1 disconnected normally", 1, H_PROMPT_MS)) {
        fail_msg("no `disconnected normally` line; agent output:\n%s", agent.proc->out);
    }
    assert_true(h_has_line(agent.proc->out, line));
    assert_true(h_has_line(agent.proc->out, "Client 127.0.0.1 disconnected normally"));

    /* A clean close without any request. */
    fd = h_connect(agent.port);
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 disconnected normally", 2, H_PROMPT_MS));

    /* End of stream in the middle of a message is an error, not a normal close. */
    fd = h_connect(agent.port);
    hb_reset(&req);
    hb_get1(&req, 2, SYS_NAME);
    assert_int_equal(h_send_all(fd, req.data, 10, H_PROMPT_MS), H_IO_OK);
    assert_int_equal(shutdown(fd, SHUT_WR), 0);
    h_assert_closed_without_reply(fd, 3000);
    h_close(fd);
    if (!h_agent_wait_lines(&agent, "ERROR with client 127.0.0.1: ", 1, H_PROMPT_MS)) {
        fail_msg("no `ERROR with client` line for EOF mid-message; agent output:\n%s",
                 agent.proc->out);
    }
    /* ... also when only part of the size field came. */
    fd = h_connect(agent.port);
    assert_int_equal(h_send_all(fd, req.data, 2, H_PROMPT_MS), H_IO_OK);
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "ERROR with client 127.0.0.1: ", 2, H_PROMPT_MS));
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 disconnected normally"), 2);
    assert_int_equal(h_agent_count(&agent, "Connection from 127.0.0.1:"), 4);
    h_agent_stop_free(&agent);
}

/* Binding the port ourselves (as a restarted agent would) works at once. */
static void assert_port_free(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    int one = 1;
    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = bind(fd, (const struct sockaddr *)&sa, sizeof sa);
    if (rc == 0) {
        rc = listen(fd, 1);
    }
    close(fd);
    assert_int_equal(rc, 0);
}

static void shutdown_with_clients(int sig)
{
    h_agent_start(&agent, NULL);
    int port = agent.port;
    int idle = h_connect(port);
    int half = h_connect(port);
    int served = h_connect(port);
    hb_reset(&req);
    hb_get1(&req, 3, SYS_NAME);
    assert_int_equal(h_send_all(half, req.data, 7, H_PROMPT_MS), H_IO_OK);
    hb_reset(&req);
    hb_set_string(&req, 4, SYS_NAME, "changed", 7);
    assert_int_equal(h_send_all(served, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(served, &rep, 4, SNMP_ERR_SUCCESS, 1);
    /* One that has answers waiting that it does not read. */
    int hog = h_try_connect_rcvbuf(port, 16 * 1024);
    assert_true(hog >= 0);
    static const char *const big_oids[] = {
        "1.3.6.1.4.1.99.1.1.0", "1.3.6.1.4.1.99.1.2.0", "1.3.6.1.4.1.99.1.3.0",
        "1.3.6.1.4.1.99.1.4.0", "1.3.6.1.4.1.99.1.5.0", "1.3.6.1.4.1.99.1.6.0",
        "1.3.6.1.4.1.99.1.7.0", "1.3.6.1.4.1.99.1.8.0"};
    hb_reset(&req);
    for (uint32_t i = 0; i < 200; i++) {
        hb_get(&req, i, big_oids, 8);
    }
    assert_int_equal(h_send_all(hog, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    assert_true(h_agent_wait_lines(&agent, "Connection from 127.0.0.1:", 4, H_PROMPT_MS));

    int64_t t0 = h_now_ms();
    h_agent_stop(&agent, sig);
    int64_t elapsed = h_now_ms() - t0;
    print_message("[info] agent exited %lld ms after signal %d\n", (long long)elapsed, sig);
    assert_true(elapsed < 5000);
    /* The last line is the shutdown line. */
    const char *out = agent.proc->out;
    size_t len = strlen(out);
    assert_true(len >= 17);
    assert_string_equal(out + len - 17, "Shutting down...\n");

    /* Every client sees its connection closed. */
    h_assert_closed_without_reply(idle, 2000);
    h_assert_closed_without_reply(half, 2000);
    h_assert_closed_without_reply(served, 2000);
    h_io io = h_wait_closed(hog, 2000, NULL);
    assert_true(io == H_IO_EOF || io == H_IO_RESET);
    h_close(idle);
    h_close(half);
    h_close(served);
    h_close(hog);
    h_proc_free(agent.proc);
    agent.proc = NULL;

    /* The port is free again at once, and a new agent starts from the table. */
    assert_port_free(port);
    if (!h_agent_start_on(&agent, port, NULL)) {
        fail_msg("a new agent could not listen on port %d again; stdout:\n%s", port,
                 agent.proc->out);
    }
    int again = h_connect(port);
    h_get_string_expect(again, 5, SYS_NAME, "router-main");
    h_close(again);
    h_agent_stop_free(&agent);
}

static void sigterm_with_clients_exits_0_and_frees_port(void **state)
{
    (void)state;
    shutdown_with_clients(SIGTERM);
}

static void sigint_with_clients_exits_0_and_frees_port(void **state)
{
    (void)state;
    shutdown_with_clients(SIGINT);
}

static void sigterm_without_clients_exits_0(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int port = agent.port;
    h_agent_stop(&agent, SIGTERM);
    /* Only the two lines. */
    char expected[96];
    snprintf(expected, sizeof expected, "SNMP Agent listening on port %d...\nShutting down...\n",
             port);
    assert_string_equal(agent.proc->out, expected);
    h_proc_free(agent.proc);
    agent.proc = NULL;
    assert_port_free(port);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_connection_closed_after_half_second_with_line, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(trickle_of_bytes_does_not_keep_connection_alive, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(completed_requests_reset_the_idle_clock, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(connection_lines_name_client_and_how_it_left, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(sigterm_with_clients_exits_0_and_frees_port, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(sigint_with_clients_exits_0_and_frees_port, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(sigterm_without_clients_exits_0, h_setup, h_teardown),
    };
    return cmocka_run_group_tests_name("integration_timeouts_and_shutdown", tests, h_group_setup,
                                       NULL);
}
