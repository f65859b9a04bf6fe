/*
 * Several clients at once: slow or stuck clients must cost the others
 * nothing, every client is answered, and at the client cap the connection
 * that has gone longest without a whole request makes room for a newcomer.
 */
#include "harness.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"
#define SYS_LOCATION "1.3.6.1.2.1.1.6.0"

static h_agent agent;
static h_buf req;
static h_reply rep;

/* A GetRequest of 255 OIDs (50 large objects, repeated) whose answer is
 * about 25 KB: a few of them fill any buffer on the way. */
static void build_big_get(h_buf *big)
{
    static char names[50][32];
    const char *oids[255];
    for (size_t i = 0; i < 50; i++) {
        snprintf(names[i], sizeof names[i], "1.3.6.1.4.1.99.1.%zu.0", i + 1);
    }
    for (size_t i = 0; i < 255; i++) {
        oids[i] = names[i % 50];
    }
    hb_reset(big);
    hb_get(big, 0, oids, 255);
}

static void idle_half_and_nonreading_clients_do_not_block_others(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);

    /* 1: connects and says nothing. */
    int idle = h_connect(agent.port);

    /* 2: sends half a message. */
    int half = h_connect(agent.port);
    hb_reset(&req);
    hb_get1(&req, 2, SYS_NAME);
    assert_int_equal(req.len, 20);
    uint8_t half_msg[20];
    memcpy(half_msg, req.data, 20);
    assert_int_equal(h_send_all(half, half_msg, 10, H_PROMPT_MS), H_IO_OK);

    /* 3: pipelines requests with large answers and never reads. */
    /* A small receive buffer, so the agent's answers back up soon. */
    int hog = h_try_connect_rcvbuf(agent.port, 32 * 1024);
    assert_true(hog >= 0);
    static h_buf big;
    build_big_get(&big);
    /* 400 answers are ~9.9 MB, more than the kernel can buffer on the way
     * (the agent's send buffer grows to 4 MB at most, ours holds 32 KB), so
     * an agent with a bounded backlog must stop reading this client. */
    uint32_t sent = 0;
    bool blocked = false;
    int64_t fill_deadline = h_now_ms() + 3000;
    for (; sent < 400 && h_now_ms() < fill_deadline; sent++) {
        big.data[4] = (uint8_t)(sent >> 24);
        big.data[5] = (uint8_t)(sent >> 16);
        big.data[6] = (uint8_t)(sent >> 8);
        big.data[7] = (uint8_t)sent;
        h_io io = h_send_all(hog, big.data, big.len, 300);
        if (io != H_IO_OK) {
            assert_int_equal(io, H_IO_TIMEOUT); /* blocked: the agent stopped reading */
            blocked = true;
            break;
        }
    }
    uint64_t total = (uint64_t)sent * big.len;
    long consumed = -1;
    if (!blocked && sent == 400) {
        /* Wait until the agent stops reading (the same count over 0.4 s), then
         * check that it stopped before reading everything. */
        long previous = -2;
        int same = 0;
        int64_t settle_deadline = h_now_ms() + 8000;
        for (int i = 0; i < 100 && h_now_ms() < settle_deadline; i++) {
            consumed = h_peer_consumed(hog);
            if (consumed < 0) {
                fail_msg("cannot look the connection up with sock_diag");
            }
            same = consumed == previous ? same + 1 : 0;
            if (same >= 2 || (uint64_t)consumed >= total) {
                break;
            }
            previous = consumed;
            h_sleep_ms(200); /* pacing between samples */
        }
    }
    print_message("[info] non-reading client: %u requests sent (%llu bytes), %s; the agent read "
                  "%ld bytes of them\n",
                  (unsigned)sent, (unsigned long long)total,
                  blocked ? "then blocked" : "never blocked", consumed);
    if (!blocked && sent == 400 && (uint64_t)consumed >= total) {
        fail_msg("the agent read all %u requests (%.1f MB of answers) of a client that reads "
                 "nothing: its backlog of answers is not bounded",
                 (unsigned)sent, (double)sent * 24.7 / 1000.0);
    }

    /* 4: a newcomer is served promptly (within H_PROMPT_MS) all the same. */
    int fresh = h_connect(agent.port);
    h_get_string_expect(fresh, 40, SYS_NAME, "router-main");
    hb_reset(&req);
    hb_set_string(&req, 41, SYS_NAME, "busy-day", 8);
    assert_int_equal(h_send_all(fresh, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fresh, &rep, 41, SNMP_ERR_SUCCESS, 1);

    /* The idle and half-way clients are still being served too. */
    h_get_string_expect(idle, 10, SYS_NAME, "busy-day");
    assert_int_equal(h_send_all(half, half_msg + 10, 10, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(half, &rep, 2, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "busy-day", 8);

    /* The hog, once it reads, gets every complete request answered in order. */
    int64_t drain_deadline = h_now_ms() + 30000;
    for (uint32_t i = 0; i < sent; i++) {
        if (h_now_ms() > drain_deadline) {
            fail_msg("non-reading client: only %u of %u answers read in 30 s", (unsigned)i,
                     (unsigned)sent);
        }
        h_io io = h_read_msg(hog, &rep, 10000);
        if (io != H_IO_OK) {
            fail_msg("non-reading client: answer %u of %u missing (%s)", (unsigned)i,
                     (unsigned)sent, h_io_name(io));
        }
        assert_int_equal(rep.msg.request_id, i);
        assert_int_equal(rep.msg.error_code, SNMP_ERR_SUCCESS);
        assert_int_equal(rep.msg.count, 255);
    }

    h_close(hog);
    h_close(fresh);
    h_close(half);
    h_close(idle);
    h_agent_stop_free(&agent);
}

static void thirty_simultaneous_clients_are_all_answered(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    enum { N = 30 };
    int fds[N];
    for (int i = 0; i < N; i++) {
        fds[i] = h_connect(agent.port);
    }
    /* Every client sends before any reads. */
    for (int i = 0; i < N; i++) {
        hb_reset(&req);
        char value[32];
        int n = snprintf(value, sizeof value, "client-%d", i);
        hb_set_string(&req, (uint32_t)(1000 + i), SYS_LOCATION, value, (size_t)n);
        hb_get1(&req, (uint32_t)(2000 + i), SYS_NAME);
        assert_int_equal(h_send_all(fds[i], req.data, req.len, H_PROMPT_MS), H_IO_OK);
    }
    for (int i = N - 1; i >= 0; i--) {
        char value[32];
        int n = snprintf(value, sizeof value, "client-%d", i);
        h_expect_reply(fds[i], &rep, (uint32_t)(1000 + i), SNMP_ERR_SUCCESS, 1);
        h_assert_string_binding(&rep, 0, SYS_LOCATION, value, (size_t)n);
        h_expect_reply(fds[i], &rep, (uint32_t)(2000 + i), SNMP_ERR_SUCCESS, 1);
        h_assert_string_binding(&rep, 0, SYS_NAME, "router-main", 11);
    }
    /* The SETs were applied one at a time: the value is one of them, whole. */
    hb_reset(&req);
    hb_get1(&req, 3000, SYS_LOCATION);
    assert_int_equal(h_send_all(fds[0], req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fds[0], &rep, 3000, SNMP_ERR_SUCCESS, 1);
    char got[64] = {0};
    assert_true(rep.msg.bindings[0].value_len < sizeof got);
    memcpy(got, rep.msg.bindings[0].value, rep.msg.bindings[0].value_len);
    int which = -1;
    assert_int_equal(sscanf(got, "client-%d", &which), 1);
    assert_in_range(which, 0, N - 1);
    for (int i = 0; i < N; i++) {
        h_close(fds[i]);
    }
    h_agent_stop_free(&agent);
}

/* Pipelines GETs with large answers without reading until the agent stops
 * reading this client: it is then being served (answers owed). */
static void pipeline_until_agent_stops_reading(int fd)
{
    static h_buf big;
    build_big_get(&big);
    int64_t deadline = h_now_ms() + h_slow_ms(10000);
    /* 4,000 requests are 20 MB, more than the kernel buffers on both sides hold. */
    for (uint32_t sent = 0; sent < 4000 && h_now_ms() < deadline; sent++) {
        if (h_send_all(fd, big.data, big.len, 300) == H_IO_TIMEOUT) {
            return;   /* blocked: the agent stopped reading */
        }
    }
    fail_msg("the agent kept reading a client that does not read its answers");
}

static void at_the_cap_the_longest_idle_connection_makes_room(void **state)
{
    (void)state;
    static const char *const opts[] = {"-c", "2", NULL};
    h_agent_start(&agent, opts);
    int a = h_connect(agent.port);
    int b = h_connect(agent.port);
    h_get_string_expect(a, 1, SYS_NAME, "router-main");
    h_get_string_expect(b, 2, SYS_NAME, "router-main");
    /* b delivered a request last, so a has gone longest without one. */
    h_get_string_expect(b, 3, SYS_NAME, "router-main");

    int c = h_connect(agent.port);
    h_get_string_expect(c, 4, SYS_NAME, "router-main");
    h_assert_closed_without_reply(a, 3000);
    h_close(a);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 closed to make room for a new connection",
                                   1, H_PROMPT_MS));
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 closed to make room"), 1);
    h_get_string_expect(b, 5, SYS_NAME, "router-main");
    h_get_string_expect(c, 6, SYS_NAME, "router-main");
    h_close(b);
    h_close(c);
    h_agent_stop(&agent, SIGTERM);
    /* The count is printed at shutdown. */
    assert_true(h_has_line(agent.proc->out, "1 connections were closed to make room for new ones"));
    h_proc_free(agent.proc);
    agent.proc = NULL;
}

/* A client being served (answers owed) is never closed to make room: when
 * every connection is being served, the newcomer is refused instead. */
static void at_the_cap_a_client_being_served_is_not_evicted(void **state)
{
    (void)state;
    /* A long idle timeout: filling the hogs' buffers can take longer than
     * 10 s under valgrind, and the idle rule must not free a slot here. */
    static const char *const opts[] = {"-c", "2", "-t", "600", NULL};
    h_agent_start(&agent, opts);
    int idle = h_connect(agent.port);
    int hog = h_try_connect_rcvbuf(agent.port, 32 * 1024);
    assert_true(hog >= 0);
    /* The idle one connected first, so it heads the list; the hog then
     * becomes the oldest by request once the idle one is gone. */
    pipeline_until_agent_stops_reading(hog);

    /* The idle connection makes room for the first newcomer... */
    int first = h_try_connect_rcvbuf(agent.port, 32 * 1024);
    assert_true(first >= 0);
    h_get_string_expect(first, 1, SYS_NAME, "router-main");
    h_assert_closed_without_reply(idle, 3000);
    h_close(idle);
    /* ...which, once it too is being served, leaves nobody to evict. */
    pipeline_until_agent_stops_reading(first);
    int refused = h_connect(agent.port);
    h_assert_closed_without_reply(refused, 3000);
    h_close(refused);
    assert_true(h_agent_wait_lines(
        &agent, "ERROR with client 127.0.0.1: too many clients, all being served (limit 2)", 1,
        H_PROMPT_MS));
    assert_int_equal(h_agent_count(&agent, "Client 127.0.0.1 closed to make room"), 1);
    /* The hogs were not closed: their answers are still there to read. */
    assert_int_equal(h_read_msg(hog, &rep, H_PROMPT_MS), H_IO_OK);
    assert_int_equal(h_read_msg(first, &rep, H_PROMPT_MS), H_IO_OK);
    h_close(hog);
    h_close(first);
    h_agent_stop_free(&agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_half_and_nonreading_clients_do_not_block_others,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(thirty_simultaneous_clients_are_all_answered, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(at_the_cap_the_longest_idle_connection_makes_room, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(at_the_cap_a_client_being_served_is_not_evicted, h_setup,
                                        h_teardown),
    };
    return cmocka_run_group_tests_name("integration_concurrency_and_limits", tests, h_group_setup,
                                       NULL);
}
