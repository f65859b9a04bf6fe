/*
 * The manager's name lookup, IPv6 and several-address handling (issue 9
 * s.5), tested for real: this program first moves itself into a private
 * mount and network namespace (it must run as root, as CI does; if it
 * cannot, it fails, it does not skip). There /etc/resolv.conf names a
 * nameserver of our own on 127.0.0.1:53 that reads queries and never
 * answers, /etc/hosts gives names one or two addresses, and /etc/nsswitch.conf
 * says "files dns". Every manager it starts inherits that view; nothing
 * outside this process sees it, and port 53 of the machine is not touched.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

/* The silent nameserver: a UDP socket on 127.0.0.1:53 that is only drained. */
static int dns_fd = -1;

static const char resolv_conf[] = "nameserver 127.0.0.1\n"
                                  /* glibc's longest wait, one try: a lookup that is not cut
                                   * off by the manager itself takes 30 s. */
                                  "options timeout:30 attempts:1\n";

static const char hosts[] = "127.0.0.1 localhost\n"
                            "::1 dual.test\n"
                            "127.0.0.1 dual.test\n"
                            "::1 six.test\n";

static const char nsswitch[] = "hosts: files dns\n";

static bool setup_failed(const char *what)
{
    fprintf(stderr,
            "integration_manager_network: %s: %s\n"
            "  This test needs to create a mount and a network namespace (run it as root);\n"
            "  it fails rather than skip.\n",
            what, strerror(errno));
    return false;
}

/* Writes text to a new file in dir and bind-mounts it over target. */
static bool mount_file_over(const char *dir, const char *name, const char *text, const char *target)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return setup_failed(path);
    size_t len = strlen(text);
    bool written = write(fd, text, len) == (ssize_t)len;
    close(fd);
    if (!written)
        return setup_failed(path);
    bool mounted = mount(path, target, NULL, MS_BIND, NULL) == 0;
    if (!mounted)
        (void)setup_failed(target);
    /* The mount holds the file; its name is no longer needed. */
    unlink(path);
    return mounted;
}

static bool bring_loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return setup_failed("socket");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    memcpy(ifr.ifr_name, "lo", 3);
    bool up = ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
    if (up) {
        ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
        up = ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
    }
    close(s);
    return up || setup_failed("bringing lo up");
}

static bool enter_private_network(void)
{
    if (unshare(CLONE_NEWNS | CLONE_NEWNET) != 0)
        return setup_failed("unshare(CLONE_NEWNS | CLONE_NEWNET)");
    /* Our mounts must not propagate back to the machine's namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return setup_failed("making / private");
    if (!bring_loopback_up())
        return false;
    char dir[] = "/tmp/snmp-manager-network-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return setup_failed("mkdtemp");
    bool ok = mount_file_over(dir, "resolv.conf", resolv_conf, "/etc/resolv.conf") &&
              mount_file_over(dir, "hosts", hosts, "/etc/hosts") &&
              mount_file_over(dir, "nsswitch.conf", nsswitch, "/etc/nsswitch.conf");
    rmdir(dir);
    if (!ok)
        return false;

    dns_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (dns_fd < 0)
        return setup_failed("socket for the nameserver");
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(53);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(dns_fd, (const struct sockaddr *)&sa, sizeof sa) != 0)
        return setup_failed("binding 127.0.0.1:53");
    return true;
}

/* Reads (and drops) every query waiting at the silent nameserver; returns how many. */
static size_t dns_queries(void)
{
    size_t n = 0;
    uint8_t datagram[1500];
    for (int i = 0; i < 10000 && recv(dns_fd, datagram, sizeof datagram, 0) >= 0; i++)
        n++;
    return n;
}

/*
 * Answers every waiting query with NXDOMAIN ("no such name"): the query's
 * header with QR, RA and RCODE 3 set and no records, then its question.
 * Returns how many it answered.
 */
static size_t dns_answer_nxdomain(void)
{
    size_t n = 0;
    for (int i = 0; i < 1000; i++) {
        uint8_t q[1500];
        struct sockaddr_storage from;
        socklen_t from_len = sizeof from;
        ssize_t len = recvfrom(dns_fd, q, sizeof q, 0, (struct sockaddr *)&from, &from_len);
        if (len < 0)
            break;
        /* The question: labels up to the root's zero byte, then type and class. */
        size_t end = 12;
        while (end < (size_t)len && q[end] != 0)
            end += 1u + q[end];
        end += 5;
        if (len < 12 || end > (size_t)len)
            continue;
        q[2] = (uint8_t)(0x80 | (q[2] & 0x01)); /* a response; RD copied */
        q[3] = 0x80 | 3;                        /* RA, NXDOMAIN */
        memset(q + 6, 0, 6);                    /* no answer, authority or additional records */
        assert_true(sendto(dns_fd, q, end, 0, (const struct sockaddr *)&from, from_len) ==
                    (ssize_t)end);
        n++;
    }
    return n;
}

/* A listening socket on [::1] with a kernel-chosen port (closed by the caller). */
static int listen_v6(int *port)
{
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in6 sa;
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_loopback;
    socklen_t len = sizeof sa;
    if (bind(fd, (const struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        fail_msg("cannot listen on [::1]: %s", strerror(errno));
    }
    *port = ntohs(sa.sin6_port);
    return fd;
}

/* A listening socket on 127.0.0.1 with exactly this port; -1 if it is taken. */
static int listen_v4_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (const struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 8) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/*
 * Runs `snmp_manager get <target> sysName` against a fake agent listening
 * on lfd, which answers sysName = "served"; asserts the manager printed
 * exactly that binding.
 */
static void get_served_by(int lfd, const char *target)
{
    const char *args[] = {"get", target, SYS_NAME};
    h_proc *p = h_manager_spawn(NULL, args, 3);
    int c = h_accept(lfd, H_PROMPT_MS);
    if (c < 0) {
        h_manager_finish(p);
        fail_msg("%s: the manager never reached the listener; it printed:\n%s", target, p->out);
    }
    h_reply request;
    assert_int_equal(h_read_msg(c, &request, H_PROMPT_MS), H_IO_OK);
    assert_int_equal(request.msg.pdu_type, SNMP_PDU_GET_REQUEST);
    h_buf answer;
    hb_reset(&answer);
    size_t start = hb_begin(&answer, request.msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(&answer, 0);
    hb_u8(&answer, 1);
    hb_binding(&answer, SYS_NAME, SNMP_TYPE_STRING, "served", 6);
    hb_end(&answer, start);
    assert_int_equal(h_send_all(c, answer.data, answer.len, H_PROMPT_MS), H_IO_OK);
    h_close(c);
    h_manager_finish(p);
    if (strcmp(p->out, SYS_NAME " = served\n") != 0 || h_proc_exit_code(p) != 0)
        fail_msg("%s: expected `" SYS_NAME " = served` and status 0, got status %d:\n%s", target,
                 h_proc_exit_code(p), p->out);
    h_proc_free(p);
}

static void name_lookup_ends_at_the_manager_timeout(void **state)
{
    (void)state;
    (void)dns_queries();
    static const struct {
        const char *timeout;
        const char *line;
    } cases[] = {
        {"1", "Error: Request timed out after 1.0 seconds\n"},
        {"0.5", "Error: Request timed out after 0.5 seconds\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* The nameserver never answers and the resolver would wait 30 s:
         * only the manager's own deadline can end this lookup. */
        const char *args[] = {"get", "silent.test:1161", SYS_NAME};
        h_proc *p = h_manager_spawn(cases[i].timeout, args, 3);
        h_manager_finish(p);
        if (strcmp(p->out, cases[i].line) != 0 || h_proc_exit_code(p) != 0)
            fail_msg("SNMP_MANAGER_TIMEOUT=%s: expected `%s` and status 0, got status %d:\n%s",
                     cases[i].timeout, cases[i].line, h_proc_exit_code(p), p->out);
        h_proc_free(p);
        /* The name really went to our nameserver. */
        assert_true(dns_queries() >= 1);
    }
    /* A set is looked up the same way. */
    const char *args[] = {"set", "silent.test:1161", SYS_NAME, "string", "x"};
    h_proc *p = h_manager_spawn("0.5", args, 5);
    h_manager_finish(p);
    assert_string_equal(p->out, "Error: Request timed out after 0.5 seconds\n");
    h_proc_free(p);
    assert_true(dns_queries() >= 1);
}

static void name_the_nameserver_denies_prints_cannot_resolve(void **state)
{
    (void)state;
    (void)dns_queries();
    const char *args[] = {"get", "missing.test:1161", SYS_NAME};
    h_proc *p = h_manager_spawn(NULL, args, 3);
    /* Serve NXDOMAIN until the manager is done (it has 10 s; the harness
     * gives up later than that). */
    size_t answered = 0;
    int64_t give_up = h_now_ms() + h_slow_ms(H_MANAGER_DEADLINE_MS);
    while (!h_proc_wait_exit(p, 10) && h_now_ms() < give_up)
        answered += dns_answer_nxdomain();
    h_manager_finish(p);
    if (strcmp(p->out, "Error: Cannot resolve host 'missing.test'\n") != 0 ||
        h_proc_exit_code(p) != 0)
        fail_msg("expected `Error: Cannot resolve host 'missing.test'` and status 0 after %zu "
                 "NXDOMAIN answers, got status %d:\n%s",
                 answered, h_proc_exit_code(p), p->out);
    assert_true(answered >= 1);
    h_proc_free(p);
}

static void numeric_hosts_never_reach_the_resolver(void **state)
{
    (void)state;
    (void)dns_queries();
    int port = 0;
    int lfd = h_listen(&port);
    char target[64];
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    get_served_by(lfd, target);
    h_close(lfd);

    int lfd6 = listen_v6(&port);
    snprintf(target, sizeof target, "[::1]:%d", port);
    get_served_by(lfd6, target);
    snprintf(target, sizeof target, "[0:0:0:0:0:0:0:1]:%d", port);
    get_served_by(lfd6, target);
    close(lfd6);

    assert_int_equal(dns_queries(), 0);
}

static void ipv6_literal_in_brackets_reaches_an_agent_on_ipv6(void **state)
{
    (void)state;
    int port = 0;
    int lfd6 = listen_v6(&port);
    char target[64];
    snprintf(target, sizeof target, "[::1]:%d", port);
    get_served_by(lfd6, target);
    close(lfd6);

    /* Nothing listens there now: the host:port is echoed as typed. */
    char expected[160];
    snprintf(expected, sizeof expected, "Error: Cannot connect to %s - is the agent running?\n",
             target);
    h_manager_expect(expected, 0, "get", target, SYS_NAME, NULL);

    /* Without brackets it is the host:port format error (exit 1, usage). */
    char bare[64];
    snprintf(bare, sizeof bare, "::1:%d", port);
    const char *args[] = {"get", bare, SYS_NAME};
    h_proc *p = h_manager_spawn(NULL, args, 3);
    h_manager_finish(p);
    static const char line[] = "Error: Invalid host:port format. Use 'hostname:port' or 'ip:port'\n";
    assert_int_equal(h_proc_exit_code(p), 1);
    assert_true(strncmp(p->out, line, sizeof line - 1) == 0);
    assert_true(h_contains(p->out, "Usage:"));
    h_proc_free(p);
}

static void name_with_two_addresses_tries_each_in_turn(void **state)
{
    (void)state;
    /* dual.test is ::1 and 127.0.0.1; whichever order the resolver gives,
     * the manager must reach a listener on either one alone. */
    int port = 0;
    int lfd6 = -1;
    int lfd4 = -1;
    /* Only [::1] listens (this namespace is ours: nothing else holds the port on 127.0.0.1). */
    lfd6 = listen_v6(&port);
    char target[64];
    snprintf(target, sizeof target, "dual.test:%d", port);
    get_served_by(lfd6, target);
    close(lfd6);

    /* Only 127.0.0.1 listens. */
    for (int tries = 0; tries < 100 && lfd4 < 0; tries++) {
        int probe = listen_v6(&port);
        close(probe);
        lfd4 = listen_v4_on(port);
    }
    assert_true(lfd4 >= 0);
    snprintf(target, sizeof target, "dual.test:%d", port);
    get_served_by(lfd4, target);
    close(lfd4);

    /* A name with only an IPv6 address. */
    lfd6 = listen_v6(&port);
    snprintf(target, sizeof target, "six.test:%d", port);
    get_served_by(lfd6, target);
    close(lfd6);

    /* Neither listens: refused on both is "is the agent running?", the
     * name echoed as typed. */
    char expected[160];
    snprintf(expected, sizeof expected, "Error: Cannot connect to %s - is the agent running?\n",
             target);
    h_manager_expect(expected, 0, "get", target, SYS_NAME, NULL);
    snprintf(target, sizeof target, "dual.test:%d", port);
    snprintf(expected, sizeof expected, "Error: Cannot connect to %s - is the agent running?\n",
             target);
    h_manager_expect(expected, 0, "get", target, SYS_NAME, NULL);
}

static void names_from_the_hosts_file_work_with_the_real_agent(void **state)
{
    (void)state;
    /* The real agent (IPv4) reached through a name with two addresses. */
    h_agent agent;
    h_agent_start(&agent, NULL);
    char target[64];
    snprintf(target, sizeof target, "dual.test:%d", agent.port);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", target, SYS_NAME, NULL);
    h_manager_expect("Set operation successful:\n" SYS_NAME " = via-name\n", 0, "set", target,
                     SYS_NAME, "string", "via-name", NULL);
    h_agent_stop_free(&agent);
}

int main(void)
{
    if (!enter_private_network())
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(name_lookup_ends_at_the_manager_timeout, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(name_the_nameserver_denies_prints_cannot_resolve, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(numeric_hosts_never_reach_the_resolver, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(ipv6_literal_in_brackets_reaches_an_agent_on_ipv6, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(name_with_two_addresses_tries_each_in_turn, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(names_from_the_hosts_file_work_with_the_real_agent,
                                        h_setup, h_teardown),
    };
    return cmocka_run_group_tests_name("integration_manager_network", tests, h_group_setup, NULL);
}
