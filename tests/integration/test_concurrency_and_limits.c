/*
 * Several clients at once: slow or stuck clients must cost the others
 * nothing, every client is answered, and the client cap closes extra
 * connections at once.
 */
#include "harness.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"
#define SYS_LOCATION "1.3.6.1.2.1.1.6.0"

static h_agent agent;
static h_buf req;
static h_reply rep;

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
    static char names[50][32];
    const char *oids[255];
    for (size_t i = 0; i < 50; i++) {
        snprintf(names[i], sizeof names[i], "1.3.6.1.4.1.99.1.%zu.0", i + 1);
    }
    for (size_t i = 0; i < 255; i++) {
        oids[i] = names[i % 50];
    }
    static h_buf big;
    hb_reset(&big);
    hb_get(&big, 0, oids, 255);
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

/* A GET on a fresh connection; true if answered, false if closed at once. */
static bool served_on_new_connection(int port, uint32_t rid)
{
    int fd = h_connect(port);
    hb_reset(&req);
    hb_get1(&req, rid, SYS_NAME);
    h_io io = h_send_all(fd, req.data, req.len, H_PROMPT_MS);
    if (io == H_IO_OK) {
        io = h_read_msg(fd, &rep, H_PROMPT_MS);
    }
    h_close(fd);
    if (io == H_IO_OK) {
        assert_int_equal(rep.msg.request_id, rid);
        assert_int_equal(rep.msg.error_code, SNMP_ERR_SUCCESS);
        return true;
    }
    assert_true(io == H_IO_EOF || io == H_IO_RESET);
    return false;
}

static void beyond_max_clients_new_connection_is_closed_at_once(void **state)
{
    (void)state;
    static const char *const opts[] = {"-c", "2", NULL};
    h_agent_start(&agent, opts);
    int a = h_connect(agent.port);
    int b = h_connect(agent.port);
    h_get_string_expect(a, 1, SYS_NAME, "router-main");
    h_get_string_expect(b, 2, SYS_NAME, "router-main");

    int c = h_connect(agent.port);
    int64_t t0 = h_now_ms();
    h_assert_closed_without_reply(c, 3000);
    print_message("[info] third connection closed after %lld ms\n", (long long)(h_now_ms() - t0));
    h_close(c);

    /* The first two keep working. */
    h_get_string_expect(a, 3, SYS_NAME, "router-main");
    h_get_string_expect(b, 4, SYS_NAME, "router-main");

    /* Once one leaves, a newcomer gets its place (the agent must notice the
     * close first, so retry for a while). */
    h_close(a);
    bool served = false;
    int64_t deadline = h_now_ms() + H_PROMPT_MS;
    for (uint32_t i = 0; i < 200 && !served && h_now_ms() < deadline; i++) {
        served = served_on_new_connection(agent.port, 100 + i);
    }
    assert_true(served);
    h_get_string_expect(b, 5, SYS_NAME, "router-main");
    h_close(b);
    h_agent_stop_free(&agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_half_and_nonreading_clients_do_not_block_others,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(thirty_simultaneous_clients_are_all_answered, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(beyond_max_clients_new_connection_is_closed_at_once, h_setup,
                                        h_teardown),
    };
    return cmocka_run_group_tests_name("integration_concurrency_and_limits", tests, h_group_setup,
                                       NULL);
}
