/*
 * Real SNMP clients against the real agent (SNMP.md): net-snmp's snmpget,
 * snmpgetnext, snmpwalk, snmpbulkwalk, snmpset and snmptable, v1 and v2c,
 * over UDP and over TCP, each output compared exactly; a SET by one
 * protocol read back by the other (the seed manager and net-snmp); and
 * every packet of a session captured on the loopback and decoded by tshark
 * with nothing flagged. Every tool runs with a timeout of its own and no
 * retries, so a lost answer fails fast.
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snmp/arcs.h"

/* snmp_agent options of every test: a write community besides "public". */
static const char *const agent_opts[] = {"--rw-community", "private", NULL};

enum { TOOL_DEADLINE_MS = 20000, MAX_ARGS = 40 };

/* Runs a tool to its end: argv is NULL-terminated. The caller frees it. */
static h_proc *run(const char *const *argv)
{
    h_proc *p = h_tool_spawn(argv);
    assert_true(h_proc_wait_exit(p, h_slow_ms(TOOL_DEADLINE_MS)));
    return p;
}

/* "udp:127.0.0.1:PORT" or "tcp:127.0.0.1:PORT". */
static const char *target(const h_agent *a, const char *transport)
{
    static char text[2][64];
    static int which;
    which ^= 1;
    snprintf(text[which], sizeof text[which], "%s:127.0.0.1:%d", transport, a->port);
    return text[which];
}

/*
 * Runs a net-snmp command: tool, version ("1" or "2c"), community,
 * transport, then the rest (NULL-terminated). -On prints numeric OIDs
 * (Debian ships no IETF MIBs); -t 5 -r 0: one try, five seconds.
 */
static h_proc *snmp_tool(const h_agent *a, const char *tool, const char *version,
                         const char *community, const char *transport, ...)
{
    const char *argv[MAX_ARGS];
    size_t n = 0;
    argv[n++] = tool;
    argv[n++] = "-v";
    argv[n++] = version;
    argv[n++] = "-c";
    argv[n++] = community;
    argv[n++] = "-On";
    argv[n++] = "-t";
    argv[n++] = "5";
    argv[n++] = "-r";
    argv[n++] = "0";
    argv[n++] = target(a, transport);
    va_list ap;
    va_start(ap, transport);
    for (const char *arg = va_arg(ap, const char *); arg != NULL; arg = va_arg(ap, const char *)) {
        assert_true(n < MAX_ARGS - 1);
        argv[n++] = arg;
    }
    va_end(ap);
    argv[n] = NULL;
    return run(argv);
}

static void expect_output(h_proc *p, const char *want_out, int want_code)
{
    if (strcmp(p->out, want_out) != 0 || h_proc_exit_code(p) != want_code) {
        print_error("%s exited %d\nstdout:\n%s\nwanted:\n%s\nstderr:\n%s\n", p->name,
                    h_proc_exit_code(p), p->out, want_out, p->err);
        fail();
    }
    h_proc_free(p);
}

static void expect_error(h_proc *p, const char *reason)
{
    if (strstr(p->err, reason) == NULL || h_proc_exit_code(p) == 0) {
        print_error("%s exited %d, stderr without \"%s\":\n%s\n", p->name, h_proc_exit_code(p),
                    reason, p->err);
        fail();
    }
    h_proc_free(p);
}

static const char *const transports[] = {"udp", "tcp"};

/* "127.0.0.1:PORT" for the seed manager. */
static const char *seed_target(const h_agent *a)
{
    static char text[32];
    snprintf(text, sizeof text, "127.0.0.1:%d", a->port);
    return text;
}

/* ---- GET and GETNEXT ---- */

static void test_snmpget_over_udp_and_tcp(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    static const char five[] =
        ".1.3.6.1.2.1.1.5.0 = STRING: \"router-main\"\n"
        ".1.3.6.1.2.1.1.6.0 = STRING: \"Server Room, Building A, Floor 2\"\n"
        ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.1234\n"
        ".1.3.6.1.2.1.1.7.0 = INTEGER: 72\n"
        ".1.3.6.1.2.1.2.2.1.10.1 = Counter32: 3456789012\n";
    static const char exceptions[] =
        ".1.3.6.1.2.1.1.99.0 = No Such Object available on this agent at this OID\n"
        ".1.3.6.1.2.1.1.5.1 = No Such Instance currently exists at this OID\n";
    char want[sizeof five + sizeof exceptions];
    snprintf(want, sizeof want, "%s%s", five, exceptions);
    for (size_t t = 0; t < 2; t++) {
        expect_output(snmp_tool(&a, "snmpget", "2c", "public", transports[t], "1.3.6.1.2.1.1.5.0",
                                "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.7.0",
                                "1.3.6.1.2.1.2.2.1.10.1", "1.3.6.1.2.1.1.99.0",
                                "1.3.6.1.2.1.1.5.1", NULL),
                      want, 0);
        expect_output(snmp_tool(&a, "snmpget", "1", "public", transports[t], "1.3.6.1.2.1.1.5.0",
                                "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.7.0",
                                "1.3.6.1.2.1.2.2.1.10.1", NULL),
                      five, 0);
        /* v1 has no exceptions: an unknown instance is noSuchName. */
        expect_error(snmp_tool(&a, "snmpget", "1", "public", transports[t], "1.3.6.1.2.1.1.5.0",
                               "1.3.6.1.2.1.1.5.1", NULL),
                     "(noSuchName)");
    }
    h_agent_stop_free(&a);
}

static void test_snmpgetnext_over_udp_and_tcp(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    static const char want[] =
        ".1.3.6.1.2.1.1.6.0 = STRING: \"Server Room, Building A, Floor 2\"\n"
        ".1.3.6.1.2.1.11.30.0 = INTEGER: 2\n";
    for (size_t t = 0; t < 2; t++) {
        for (int v1 = 0; v1 < 2; v1++)
            expect_output(snmp_tool(&a, "snmpgetnext", v1 ? "1" : "2c", "public", transports[t],
                                    "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.11.6.0", NULL),
                          want, 0);
    }
    h_agent_stop_free(&a);
}

/* ---- walks ---- */

enum { MIB_OBJECTS = 142 + 3 };   /* mib.tsv's objects and three snmp group rows */

/*
 * The object lines of a walk's output, without the values that change
 * from one walk to the next (sysUpTime, snmpInPkts, snmpOutPkts) and
 * without the end-of-MIB line; checks the names are in strictly
 * increasing order. Returns the count; out gets the kept lines.
 */
static size_t walk_lines(const char *output, char *out, size_t cap)
{
    size_t count = 0, used = 0;
    uint32_t prev[SNMP_OID_MAX_ARCS];
    size_t prev_len = 0;
    out[0] = '\0';
    for (const char *line = output; *line != '\0';) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *space = memchr(line, ' ', len);
        bool end_of_mib = memmem(line, len, "No more variables", 17) != NULL;
        if (len > 1 && line[0] == '.' && space != NULL && !end_of_mib) {
            uint32_t arcs[SNMP_OID_MAX_ARCS];
            size_t n;
            assert_int_equal(snmp_arcs_from_text(line + 1, (size_t)(space - line) - 1, arcs,
                                                 SNMP_OID_MAX_ARCS, &n),
                             SNMP_OK);
            assert_true(prev_len == 0 || snmp_arcs_compare(prev, prev_len, arcs, n) < 0);
            memcpy(prev, arcs, n * sizeof arcs[0]);
            prev_len = n;
            count++;
            bool changing = strncmp(line, ".1.3.6.1.2.1.1.3.0 ", 19) == 0 ||
                            strncmp(line, ".1.3.6.1.2.1.11.1.0 ", 20) == 0 ||
                            strncmp(line, ".1.3.6.1.2.1.11.2.0 ", 20) == 0;
            if (!changing) {
                assert_true(used + len + 2 < cap);
                memcpy(out + used, line, len);
                used += len;
                out[used++] = '\n';
                out[used] = '\0';
            }
        }
        line = end ? end + 1 : line + len;
    }
    return count;
}

static void test_walks_return_every_object_in_order_by_any_route(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    static char first[64 * 1024], other[64 * 1024];
    h_proc *p = snmp_tool(&a, "snmpwalk", "2c", "public", "udp", ".1", NULL);
    assert_int_equal(h_proc_exit_code(p), 0);
    assert_int_equal(walk_lines(p->out, first, sizeof first), MIB_OBJECTS);
    assert_non_null(strstr(first, ".1.3.6.1.4.1.99.1.50.0 = STRING: \"Test OID 50"));
    h_proc_free(p);
    h_proc *routes[] = {
        snmp_tool(&a, "snmpwalk", "1", "public", "tcp", ".1", NULL),
        snmp_tool(&a, "snmpwalk", "2c", "public", "tcp", ".1", NULL),
        snmp_tool(&a, "snmpbulkwalk", "2c", "public", "udp", "-Cr25", ".1", NULL),
        snmp_tool(&a, "snmpbulkwalk", "2c", "public", "tcp", "-Cr7", ".1", NULL),
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        assert_int_equal(h_proc_exit_code(routes[i]), 0);
        assert_int_equal(walk_lines(routes[i]->out, other, sizeof other), MIB_OBJECTS);
        assert_string_equal(other, first);
        h_proc_free(routes[i]);
    }
    h_agent_stop_free(&a);
}

static void test_snmptable_over_udp_and_tcp(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    for (size_t t = 0; t < 2; t++) {
        /* Debian ships no IF-MIB: tests/mibs has just enough of ifTable. */
        const char *argv[] = {"snmptable", "-M", SNMP_TEST_MIBS_DIR, "-m", "TEST-IF-MIB", "-v", "2c",
                              "-c", "public", "-t", "5", "-r", "0", "-Cf", ",",
                              target(&a, transports[t]), "TEST-IF-MIB::ifTable", NULL};
        expect_output(run(argv),
                      "SNMP table: TEST-IF-MIB::ifTable\n\n"
                      "ifIndex,ifDescr,ifType,ifMtu,ifSpeed,ifPhysAddress,ifAdminStatus,"
                      "ifOperStatus,ifLastChange,ifInOctets,ifInUcastPkts,ifInNUcastPkts,"
                      "ifInDiscards,ifInErrors,ifInUnknownProtos,ifOutOctets,ifOutUcastPkts,"
                      "ifAlias\n"
                      "1,\"eth0\",6,1500,1000000000,\"00:1B:44:11:3A:B7\",1,1,0:0:00:00.00,"
                      "3456789012,23456789,123456,234,12,0,2345678901,12345678,"
                      "\"WAN Interface - ISP Connection\"\n"
                      "2,\"eth1\",6,1500,1000000000,\"00:1B:44:11:3A:B8\",1,1,0:0:00:00.00,"
                      "1876543210,8765432,54321,123,5,0,987654321,4567890,"
                      "\"LAN Interface - Internal Network\"\n"
                      "3,\"lo\",24,65536,0,\"\",1,1,0:0:00:00.00,567890,4567,0,0,0,0,567890,4567,"
                      "\"Loopback Interface\"\n",
                      0);
    }
    h_agent_stop_free(&a);
}

/* ---- SET ---- */

static void test_a_set_by_one_protocol_is_read_by_the_other(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    expect_output(snmp_tool(&a, "snmpset", "2c", "private", "udp", "1.3.6.1.2.1.1.5.0", "s", "lab-7",
                            NULL),
                  ".1.3.6.1.2.1.1.5.0 = STRING: \"lab-7\"\n", 0);
    h_manager_expect("1.3.6.1.2.1.1.5.0 = lab-7\n", 0, "get", seed_target(&a), "1.3.6.1.2.1.1.5.0",
                     NULL);
    h_manager_expect("Set operation successful:\n1.3.6.1.2.1.1.6.0 = Rack 9\n", 0, "set",
                     seed_target(&a), "1.3.6.1.2.1.1.6.0", "string", "Rack 9", NULL);
    expect_output(snmp_tool(&a, "snmpget", "1", "public", "tcp", "1.3.6.1.2.1.1.6.0", NULL),
                  ".1.3.6.1.2.1.1.6.0 = STRING: \"Rack 9\"\n", 0);
    /* Two at once over TCP, v1; both seen over UDP and by the seed manager. */
    expect_output(snmp_tool(&a, "snmpset", "1", "private", "tcp", "1.3.6.1.2.1.1.4.0", "s",
                            "noc@example.net", "1.3.6.1.2.1.2.2.1.18.2", "s", "uplink", NULL),
                  ".1.3.6.1.2.1.1.4.0 = STRING: \"noc@example.net\"\n"
                  ".1.3.6.1.2.1.2.2.1.18.2 = STRING: \"uplink\"\n",
                  0);
    expect_output(snmp_tool(&a, "snmpget", "2c", "public", "udp", "1.3.6.1.2.1.1.4.0",
                            "1.3.6.1.2.1.2.2.1.18.2", NULL),
                  ".1.3.6.1.2.1.1.4.0 = STRING: \"noc@example.net\"\n"
                  ".1.3.6.1.2.1.2.2.1.18.2 = STRING: \"uplink\"\n",
                  0);
    h_manager_expect("1.3.6.1.2.1.2.2.1.18.2 = uplink\n", 0, "get", seed_target(&a),
                     "1.3.6.1.2.1.2.2.1.18.2", NULL);
    h_agent_stop_free(&a);
}

static void test_refused_sets_say_why_and_change_nothing(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    static char too_long[257];
    memset(too_long, 'x', 256);
    static const struct {
        const char *version, *community, *oid, *type, *value, *reason;
    } cases[] = {
        {"2c", "public", "1.3.6.1.2.1.1.5.0", "s", "x", "Reason: noAccess"},
        {"1", "public", "1.3.6.1.2.1.1.5.0", "s", "x", "(noSuchName)"},
        {"2c", "private", "1.3.6.1.2.1.1.1.0", "s", "x", "Reason: notWritable"},
        {"2c", "private", "1.3.6.1.2.1.1.5.0", "i", "5", "Reason: wrongType"},
        {"2c", "private", "1.3.6.1.2.1.1.5.0", "s", too_long, "Reason: wrongLength"},
        {"2c", "private", "1.3.6.1.2.1.1.5.0", "x", "C328", "Reason: wrongValue"},
        {"2c", "private", "1.3.6.1.2.1.1.5.1", "s", "x", "Reason: noCreation"},
        {"1", "private", "1.3.6.1.2.1.1.5.0", "i", "5", "(badValue)"},
        {"1", "private", "1.3.6.1.2.1.1.5.1", "s", "x", "(noSuchName)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_error(snmp_tool(&a, "snmpset", cases[i].version, cases[i].community,
                               transports[i % 2], cases[i].oid, cases[i].type, cases[i].value,
                               NULL),
                     cases[i].reason);
    }
    expect_output(snmp_tool(&a, "snmpget", "2c", "public", "udp", "1.3.6.1.2.1.1.5.0", NULL),
                  ".1.3.6.1.2.1.1.5.0 = STRING: \"router-main\"\n", 0);
    h_agent_stop_free(&a);
}

/* ---- every packet through tshark ---- */

static void test_tshark_flags_nothing_in_a_whole_session(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, agent_opts);
    char pcap[] = "/tmp/snmp-agent-session-XXXXXX";
    int fd = mkstemp(pcap);
    assert_true(fd >= 0);
    close(fd);
    char filter[64], decode_udp[64], decode_tcp[64];
    snprintf(filter, sizeof filter, "port %d", a.port);
    snprintf(decode_udp, sizeof decode_udp, "udp.port==%d,snmp", a.port);
    snprintf(decode_tcp, sizeof decode_tcp, "tcp.port==%d,snmp", a.port);
    const char *capture[] = {"tshark", "-n", "-q", "-i", "lo", "-f", filter, "-w", pcap, NULL};
    h_proc *tshark = h_tool_spawn(capture);
    for (int i = 0; i < 500 && strstr(tshark->err, "Capturing on") == NULL; i++)
        h_proc_pump(tshark, 20);
    assert_non_null(strstr(tshark->err, "Capturing on"));

    for (size_t t = 0; t < 2; t++) {
        h_proc_free(snmp_tool(&a, "snmpget", "2c", "public", transports[t], "1.3.6.1.2.1.1.2.0",
                              "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.99.0", NULL));
        h_proc_free(snmp_tool(&a, "snmpbulkwalk", "2c", "public", transports[t], "-Cr20", ".1", NULL));
        h_proc_free(snmp_tool(&a, "snmpwalk", "1", "public", transports[t], "1.3.6.1.2.1.2", NULL));
        h_proc_free(snmp_tool(&a, "snmpset", "2c", "private", transports[t], "1.3.6.1.2.1.1.5.0",
                              "s", "seen", "1.3.6.1.2.1.1.4.0", "i", "1", NULL));
        h_proc_free(snmp_tool(&a, "snmpset", "1", "private", transports[t], "1.3.6.1.2.1.1.5.0",
                              "s", "seen", NULL));
    }
    h_sleep_ms(500);   /* the last packets reach the capture */
    kill(tshark->pid, SIGINT);
    assert_true(h_proc_wait_exit(tshark, h_slow_ms(10000)));
    h_proc_free(tshark);

    const char *decoded[] = {"tshark", "-n", "-r", pcap, "-d", decode_udp, "-d", decode_tcp,
                             "-Y", "snmp", NULL};
    h_proc *all = run(decoded);
    size_t frames = 0;
    for (const char *c = all->out; *c != '\0'; c++)
        frames += *c == '\n';
    /* At least a request and an answer per command (the walks take more). */
    assert_true(frames >= 20);
    h_proc_free(all);
    const char *flagged[] = {"tshark", "-n", "-r", pcap, "-d", decode_udp, "-d", decode_tcp,
                             "-Y", "_ws.malformed or _ws.expert.severity >= warning", NULL};
    expect_output(run(flagged), "", 0);
    unlink(pcap);
    h_agent_stop_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_snmpget_over_udp_and_tcp, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_snmpgetnext_over_udp_and_tcp, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_walks_return_every_object_in_order_by_any_route,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_snmptable_over_udp_and_tcp, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_a_set_by_one_protocol_is_read_by_the_other, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(test_refused_sets_say_why_and_change_nothing, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(test_tshark_flags_nothing_in_a_whole_session, h_setup,
                                        h_teardown),
    };
    return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
