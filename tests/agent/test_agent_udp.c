/*
 * The agent's sockets of one port (listener.h) and its UDP endpoint (udp.h),
 * in-process over loopback: port 0 gives TCP and UDP the same port, a taken
 * port fails clearly without leaking a descriptor, datagrams are answered in
 * order to their senders (IPv4, IPv6, and both on the dual-stack default),
 * the 65507-byte limit at cap-1, cap and cap+1, the work bound per call, and
 * replies that cannot be sent dropped and counted.
 *
 * On loopback the kernel never answers a UDP send with EAGAIN (the packet
 * leaves the socket's accounting within the call), so the full-send-buffer
 * and EINTR paths are reached by wrapping sendmmsg and recvmmsg at link time
 * (-Wl,--wrap, tests/agent/CMakeLists.txt): a plan says what each call does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "listener.h"
#include "udp.h"

enum { WAIT_MS = 5000 };

/* ---- the wrapped system calls ---- */

typedef enum call_fault {
    CALL_REAL = 0,      /* the real call (also once the plan has run out) */
    CALL_FIRST_TWO,     /* sendmmsg: the real call on at most the first two datagrams */
    CALL_EAGAIN,        /* -1 with EAGAIN, the kernel not called */
    CALL_EINTR          /* -1 with EINTR, the kernel not called */
} call_fault;

enum { PLAN_MAX = 8 };

typedef struct call_plan {
    call_fault faults[PLAN_MAX];
    unsigned calls;
} call_plan;

static call_plan send_plan, recv_plan;

/* What call number `calls` of a plan does, counting it. */
static call_fault plan_next(call_plan *plan)
{
    call_fault f = plan->calls < PLAN_MAX ? plan->faults[plan->calls] : CALL_REAL;
    plan->calls++;
    return f;
}

int __real_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags);
int __wrap_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags);
int __real_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                    struct timespec *timeout);
int __wrap_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                    struct timespec *timeout);

int __wrap_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags)
{
    switch (plan_next(&send_plan)) {
    case CALL_FIRST_TWO:
        return __real_sendmmsg(fd, msgs, n < 2 ? n : 2, flags);
    case CALL_EAGAIN:
        errno = EAGAIN;
        return -1;
    case CALL_EINTR:
        errno = EINTR;
        return -1;
    case CALL_REAL:
        break;
    }
    return __real_sendmmsg(fd, msgs, n, flags);
}

int __wrap_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                    struct timespec *timeout)
{
    switch (plan_next(&recv_plan)) {
    case CALL_EAGAIN:
        errno = EAGAIN;
        return -1;
    case CALL_EINTR:
        errno = EINTR;
        return -1;
    case CALL_FIRST_TWO:
    case CALL_REAL:
        break;
    }
    return __real_recvmmsg(fd, msgs, n, flags, timeout);
}

static void plans_reset(void)
{
    memset(&send_plan, 0, sizeof send_plan);
    memset(&recv_plan, 0, sizeof recv_plan);
}

/* The handler: answers "re:" + the datagram, nothing for one starting 'x',
 * "ok" for one of 1000 bytes or more (so large requests get small answers). */
typedef struct test_handler {
    unsigned answered;
    unsigned refused;
} test_handler;

static size_t test_answer(void *ctx, const uint8_t *msg, size_t len, uint8_t *out, size_t cap)
{
    test_handler *h = ctx;
    h->answered++;
    assert_int_equal(cap, UDP_MAX_MESSAGE);
    if (len > 0 && msg[0] == 'x')
        return 0;
    if (len >= 1000) {
        memcpy(out, "ok", 2);
        return 2;
    }
    memcpy(out, "re:", 3);
    memcpy(out + 3, msg, len);
    return len + 3;
}

static void test_refuse(void *ctx)
{
    test_handler *h = ctx;
    h->refused++;
}

static size_t open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    size_t n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

static uint16_t local_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* A socket of `type` connected to address:port ("127.0.0.1" or "::1"). */
static int client(const char *address, uint16_t port, int type)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    int family;
    if (strchr(address, ':') != NULL) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        assert_int_equal(inet_pton(AF_INET6, address, &a->sin6_addr), 1);
        len = sizeof *a;
        family = AF_INET6;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        assert_int_equal(inet_pton(AF_INET, address, &a->sin_addr), 1);
        len = sizeof *a;
        family = AF_INET;
    }
    int fd = socket(family, type | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&ss, len), 0);
    return fd;
}

/* Waits for the UDP socket to be readable (a deadline, not a timing assertion). */
static bool readable(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, timeout_ms) == 1;
}

static void expect_reply(int fd, const char *text)
{
    assert_true(readable(fd, WAIT_MS));
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    assert_int_equal(n, (ssize_t)strlen(text));
    assert_memory_equal(buf, text, strlen(text));
}

static void send_text(int fd, const char *text)
{
    assert_int_equal(send(fd, text, strlen(text), 0), (ssize_t)strlen(text));
}

/* Replies waiting on fd right now (all sent before the caller asks). */
static unsigned drain_replies(int fd)
{
    unsigned n = 0;
    char buf[64];
    while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
        n++;
    return n;
}

typedef struct fixture {
    listener_sockets sockets;
    test_handler h;
    udp_endpoint *udp;
} fixture;

static void fixture_open(fixture *f, const char *address)
{
    char err[256];
    memset(f, 0, sizeof *f);
    assert_true(listener_open(address, 0, &f->sockets, err, sizeof err));
    udp_handler handler = {test_answer, test_refuse, &f->h};
    f->udp = udp_create(f->sockets.udp_fd, &handler);
    assert_non_null(f->udp);
}

static void fixture_close(fixture *f)
{
    udp_destroy(f->udp);
    listener_close(&f->sockets);
    assert_int_equal(f->sockets.tcp_fd, -1);
    assert_int_equal(f->sockets.udp_fd, -1);
}

/* ---- listener ---- */

static void port0_gives_tcp_and_udp_the_same_port(void **state)
{
    (void)state;
    static const char *const addresses[] = {"127.0.0.1", "::1", NULL};
    for (size_t i = 0; i < 3; i++) {
        for (int round = 0; round < 20; round++) {
            listener_sockets s;
            char err[256];
            assert_true(listener_open(addresses[i], 0, &s, err, sizeof err));
            assert_true(s.port > 0);
            assert_int_equal(local_port(s.tcp_fd), s.port);
            assert_int_equal(local_port(s.udp_fd), s.port);
            int type = -1;
            socklen_t len = sizeof type;
            assert_int_equal(getsockopt(s.udp_fd, SOL_SOCKET, SO_TYPE, &type, &len), 0);
            assert_int_equal(type, SOCK_DGRAM);
            /* TCP listens: a connect completes. */
            int c = client(addresses[i] ? addresses[i] : "127.0.0.1", s.port, SOCK_STREAM);
            close(c);
            listener_close(&s);
        }
    }
}

static void a_taken_port_fails_clearly_without_leaks(void **state)
{
    (void)state;
    size_t fds_before = open_fds();
    /* A UDP socket holds a port; the agent cannot have it. The same TCP port
     * may be in use by another program meanwhile: then try another. */
    listener_sockets s;
    char err[256];
    char expected[256];
    bool udp_refused = false;
    for (int attempt = 0; attempt < 50 && !udp_refused; attempt++) {
        int holder = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        assert_int_equal(bind(holder, (struct sockaddr *)&a, sizeof a), 0);
        uint16_t port = local_port(holder);
        assert_false(listener_open("127.0.0.1", port, &s, err, sizeof err));
        assert_int_equal(s.tcp_fd, -1);
        assert_int_equal(s.udp_fd, -1);
        snprintf(expected, sizeof expected,
                 "cannot bind UDP on 127.0.0.1 port %u: Address already in use", (unsigned)port);
        udp_refused = strcmp(err, expected) == 0;
        close(holder);
    }
    assert_true(udp_refused);

    /* A TCP listener holds a port. */
    int holder = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(holder, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(holder, 1), 0);
    uint16_t port = local_port(holder);
    assert_false(listener_open("127.0.0.1", port, &s, err, sizeof err));
    snprintf(expected, sizeof expected, "cannot bind on 127.0.0.1 port %u: Address already in use",
             (unsigned)port);
    assert_string_equal(err, expected);
    close(holder);

    assert_false(listener_open("nonsense", 1161, &s, err, sizeof err));
    assert_string_equal(err, "invalid bind address nonsense");
    assert_int_equal(open_fds(), fds_before);
}

/* ---- the UDP endpoint ---- */

static void datagrams_answered_in_order_to_their_sender(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "127.0.0.1");
    int c = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    send_text(c, "a");
    send_text(c, "xsilent");
    send_text(c, "c");
    assert_int_equal(send(c, "", 0, 0), 0);   /* an empty datagram is handed over too */
    assert_true(readable(f.sockets.udp_fd, WAIT_MS));
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, 4);
    expect_reply(c, "re:a");
    expect_reply(c, "re:c");
    expect_reply(c, "re:");
    assert_int_equal(drain_replies(c), 0);
    assert_int_equal(udp_dropped_replies(f.udp), 0);
    /* Nothing waiting: serving does nothing and does not block. */
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, 4);
    close(c);
    fixture_close(&f);
}

static void dual_stack_default_serves_ipv4_and_ipv6(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, NULL);
    int c4 = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    int c6 = client("::1", f.sockets.port, SOCK_DGRAM);
    send_text(c4, "four");
    send_text(c6, "six");
    for (int i = 0; i < 100 && f.h.answered < 2; i++) {
        assert_true(readable(f.sockets.udp_fd, WAIT_MS));
        udp_serve(f.udp);
    }
    expect_reply(c4, "re:four");
    expect_reply(c6, "re:six");
    close(c4);
    close(c6);
    fixture_close(&f);
}

/* One call serves at most UDP_BATCHES_PER_TURN batches of UDP_BATCH. */
static void work_per_call_is_bounded(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "127.0.0.1");
    int c = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    enum { SENT = 100, PER_CALL = UDP_BATCH * UDP_BATCHES_PER_TURN };
    for (int i = 0; i < SENT; i++)
        send_text(c, "q");
    assert_true(readable(f.sockets.udp_fd, WAIT_MS));
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, PER_CALL);
    assert_int_equal(drain_replies(c), PER_CALL);
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, SENT);
    assert_int_equal(drain_replies(c), SENT - PER_CALL);
    close(c);
    fixture_close(&f);
}

/* 65506 and 65507 bytes are handed over; 65508 (possible over IPv6) is
 * refused as truncated, and the datagram after it is still answered. */
static void the_65507_byte_limit(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "::1");
    int c = client("::1", f.sockets.port, SOCK_DGRAM);
    int big = 1 << 20;
    assert_int_equal(setsockopt(f.sockets.udp_fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big), 0);
    uint8_t *payload = calloc(1, UDP_MAX_MESSAGE + 1);
    assert_non_null(payload);
    static const size_t sizes[] = {UDP_MAX_MESSAGE - 1, UDP_MAX_MESSAGE, UDP_MAX_MESSAGE + 1};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(send(c, payload, sizes[i], 0), (ssize_t)sizes[i]);
    send_text(c, "after");
    free(payload);
    for (int i = 0; i < 100 && f.h.answered + f.h.refused < 4; i++) {
        assert_true(readable(f.sockets.udp_fd, WAIT_MS));
        udp_serve(f.udp);
    }
    assert_int_equal(f.h.answered, 3);
    assert_int_equal(f.h.refused, 1);
    assert_int_equal(udp_refused(f.udp), 1);
    expect_reply(c, "ok");
    expect_reply(c, "ok");
    expect_reply(c, "re:after");
    close(c);
    fixture_close(&f);
}

/* A reply the kernel will not take is dropped and counted; serving goes on.
 * A UDP socket shut for writing refuses every send (EPIPE). */
static void unsendable_replies_are_dropped_and_counted(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "127.0.0.1");
    (void)shutdown(f.sockets.udp_fd, SHUT_WR);   /* ENOTCONN, but sends now fail */
    int c = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    send_text(c, "one");
    send_text(c, "xnone");
    send_text(c, "two");
    assert_true(readable(f.sockets.udp_fd, WAIT_MS));
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, 3);
    assert_int_equal(udp_dropped_replies(f.udp), 2);
    assert_int_equal(drain_replies(c), 0);
    close(c);
    fixture_close(&f);
}

/* A full send buffer (EAGAIN) part-way through a batch: what was sent
 * arrives, the rest of the batch is dropped and counted, nothing waits. */
static void a_full_send_buffer_drops_the_rest_of_the_batch(void **state)
{
    (void)state;
    plans_reset();
    fixture f;
    fixture_open(&f, "127.0.0.1");
    int c = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    static const char *const texts[] = {"1", "2", "3", "4", "5"};
    for (size_t i = 0; i < 5; i++)
        send_text(c, texts[i]);
    send_plan.faults[0] = CALL_FIRST_TWO;
    send_plan.faults[1] = CALL_EAGAIN;
    /* Loopback queues all five before serving starts: one batch of five,
     * two sent, then EAGAIN for the other three. */
    assert_true(readable(f.sockets.udp_fd, WAIT_MS));
    udp_serve(f.udp);
    assert_int_equal(f.h.answered, 5);
    assert_int_equal(send_plan.calls, 2);
    assert_int_equal(udp_dropped_replies(f.udp), 3);
    expect_reply(c, "re:1");
    expect_reply(c, "re:2");
    assert_int_equal(drain_replies(c), 0);
    close(c);
    fixture_close(&f);
    plans_reset();
}

/* EINTR from either call is retried: nothing is lost. */
static void interrupted_calls_are_retried(void **state)
{
    (void)state;
    plans_reset();
    fixture f;
    fixture_open(&f, "127.0.0.1");
    int c = client("127.0.0.1", f.sockets.port, SOCK_DGRAM);
    send_text(c, "a");
    send_text(c, "b");
    recv_plan.faults[0] = CALL_EINTR;
    send_plan.faults[0] = CALL_EINTR;
    for (int i = 0; i < 100 && f.h.answered < 2; i++) {
        assert_true(readable(f.sockets.udp_fd, WAIT_MS));
        udp_serve(f.udp);
    }
    assert_true(recv_plan.calls >= 2);
    assert_true(send_plan.calls >= 2);
    expect_reply(c, "re:a");
    expect_reply(c, "re:b");
    assert_int_equal(udp_dropped_replies(f.udp), 0);
    /* EAGAIN from recvmmsg: nothing to read now, the call returns. */
    recv_plan = (call_plan){{CALL_EAGAIN}, 0};
    udp_serve(f.udp);
    assert_int_equal(recv_plan.calls, 1);
    close(c);
    fixture_close(&f);
    plans_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(port0_gives_tcp_and_udp_the_same_port),
        cmocka_unit_test(a_taken_port_fails_clearly_without_leaks),
        cmocka_unit_test(datagrams_answered_in_order_to_their_sender),
        cmocka_unit_test(dual_stack_default_serves_ipv4_and_ipv6),
        cmocka_unit_test(work_per_call_is_bounded),
        cmocka_unit_test(the_65507_byte_limit),
        cmocka_unit_test(unsendable_replies_are_dropped_and_counted),
        cmocka_unit_test(a_full_send_buffer_drops_the_rest_of_the_batch),
        cmocka_unit_test(interrupted_calls_are_retried),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
