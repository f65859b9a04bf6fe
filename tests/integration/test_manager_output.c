/*
 * Every result line of MANAGER.md, produced by the real snmp_manager against
 * the real snmp_agent, or against a fake agent in this process where only a
 * misbehaving agent can provoke the line.
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYS_DESCR "1.3.6.1.2.1.1.1.0"
#define SYS_OBJECT_ID "1.3.6.1.2.1.1.2.0"
#define SYS_UPTIME "1.3.6.1.2.1.1.3.0"
#define SYS_CONTACT "1.3.6.1.2.1.1.4.0"
#define SYS_NAME "1.3.6.1.2.1.1.5.0"
#define SYS_LOCATION "1.3.6.1.2.1.1.6.0"
#define SYS_SERVICES "1.3.6.1.2.1.1.7.0"
#define IF_ALIAS_1 "1.3.6.1.2.1.2.2.1.18.1"

static h_agent agent;
static char target[64];

static void start_agent(void)
{
    h_agent_start(&agent, NULL);
    snprintf(target, sizeof target, "127.0.0.1:%d", agent.port);
}

static void stop_agent(void)
{
    h_agent_stop_free(&agent);
}

/* Our own rendering of MANAGER.md's TIMETICKS rule, to check the manager's. */
static void format_ticks(uint32_t t, char *out, size_t cap)
{
    uint32_t days = t / 8640000u;
    uint32_t rem = t % 8640000u;
    uint32_t hours = rem / 360000u;
    rem %= 360000u;
    uint32_t minutes = rem / 6000u;
    rem %= 6000u;
    size_t n = (size_t)snprintf(out, cap, "%u (", (unsigned)t);
    int parts = 0;
    const uint32_t vals[3] = {days, hours, minutes};
    const char *const names[3] = {"days", "hours", "minutes"};
    for (size_t i = 0; i < 3; i++) {
        if (vals[i] > 0 && n < cap) {
            n += (size_t)snprintf(out + n, cap - n, "%s%u %s", parts ? ", " : "", (unsigned)vals[i],
                                  names[i]);
            parts++;
        }
    }
    if ((rem > 0 || parts == 0) && n < cap) {
        n += (size_t)snprintf(out + n, cap - n, "%s%u.%02u seconds", parts ? ", " : "",
                              (unsigned)(rem / 100), (unsigned)(rem % 100));
    }
    if (n < cap) {
        snprintf(out + n, cap - n, ")");
    }
}

/* ---- GET results against the real agent ------------------------------------ */

static void get_string_prints_oid_equals_text(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", target, SYS_NAME, NULL);
    h_manager_expect(SYS_DESCR " = Router Model X2000 - High Performance Edge Router\n", 0, "get",
                     target, SYS_DESCR, NULL);
    h_manager_expect(SYS_LOCATION " = Server Room, Building A, Floor 2\n", 0, "get", target,
                     SYS_LOCATION, NULL);
    stop_agent();
}

static void get_integer_prints_signed_decimal(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect(SYS_SERVICES " = 72\n", 0, "get", target, SYS_SERVICES, NULL);
    h_manager_expect("1.3.6.1.2.1.6.4.0 = -1\n", 0, "get", target, "1.3.6.1.2.1.6.4.0", NULL);
    h_manager_expect("1.3.6.1.2.1.2.2.1.4.3 = 65536\n", 0, "get", target, "1.3.6.1.2.1.2.2.1.4.3",
                     NULL);
    stop_agent();
}

static void get_counter_groups_digits_with_commas(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("1.3.6.1.2.1.2.2.1.10.1 = 3,456,789,012\n"
                     "1.3.6.1.2.1.2.2.1.15.1 = 0\n"
                     "1.3.6.1.2.1.2.2.1.13.1 = 234\n"
                     "1.3.6.1.2.1.4.4.0 = 1,234\n"
                     "1.3.6.1.2.1.2.2.1.12.1 = 123,456\n"
                     "1.3.6.1.2.1.2.2.1.11.1 = 23,456,789\n"
                     "1.3.6.1.2.1.2.2.1.5.1 = 1,000,000,000\n",
                     0, "get", target, "1.3.6.1.2.1.2.2.1.10.1", "1.3.6.1.2.1.2.2.1.15.1",
                     "1.3.6.1.2.1.2.2.1.13.1", "1.3.6.1.2.1.4.4.0", "1.3.6.1.2.1.2.2.1.12.1",
                     "1.3.6.1.2.1.2.2.1.11.1", "1.3.6.1.2.1.2.2.1.5.1", NULL);
    stop_agent();
}

static void get_timeticks_zero_prints_zero_seconds(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("1.3.6.1.2.1.2.2.1.9.1 = 0 (0.00 seconds)\n", 0, "get", target,
                     "1.3.6.1.2.1.2.2.1.9.1", NULL);
    stop_agent();
}

static void get_multiple_oids_prints_in_request_order(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect(SYS_SERVICES " = 72\n" SYS_NAME " = router-main\n"
                     "1.3.6.1.2.1.2.2.1.2.1 = eth0\n" SYS_NAME " = router-main\n"
                     "1.3.6.1.2.1.1.2.0 = 1.3.6.1.4.1.9.1.1234\n",
                     0, "get", target, SYS_SERVICES, SYS_NAME, "1.3.6.1.2.1.2.2.1.2.1", SYS_NAME,
                     SYS_OBJECT_ID, NULL);
    stop_agent();
}

static void get_sysobjectid_prints_dotted_text(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect(SYS_OBJECT_ID " = 1.3.6.1.4.1.9.1.1234\n", 0, "get", target, SYS_OBJECT_ID,
                     NULL);
    stop_agent();
}

static void get_empty_string_line_ends_with_equals_space(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("1.3.6.1.2.1.2.2.1.6.3 = \n", 0, "get", target, "1.3.6.1.2.1.2.2.1.6.3", NULL);
    stop_agent();
}

static void get_command_and_localhost_name_are_accepted(void **state)
{
    (void)state;
    start_agent();
    char by_name[64];
    snprintf(by_name, sizeof by_name, "localhost:%d", agent.port);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", by_name, SYS_NAME, NULL);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "GET", target, SYS_NAME, NULL);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "Get", target, SYS_NAME, NULL);
    stop_agent();
}

static void get_unknown_oid_prints_no_such_oid(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("Error: No such OID exists\n", 0, "get", target, "1.3.6.1.2.1.1.99.0", NULL);
    /* One unknown OID among known ones: no partial answer. */
    h_manager_expect("Error: No such OID exists\n", 0, "get", target, SYS_NAME, "1.3.6.1.2.1.1.99.0",
                     SYS_DESCR, NULL);
    /* A prefix of a known OID is not an object. */
    h_manager_expect("Error: No such OID exists\n", 0, "get", target, "1.3.6.1.2.1.1.5", NULL);
    stop_agent();
}

/* ---- SET results against the real agent --------------------------------------- */

static void set_read_only_object_prints_read_only(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("Error: OID is read-only\n", 0, "set", target, SYS_UPTIME, "timeticks", "0",
                     NULL);
    h_manager_expect("Error: OID is read-only\n", 0, "set", target, SYS_DESCR, "string", "x", NULL);
    h_manager_expect("Error: OID is read-only\n", 0, "set", target, SYS_SERVICES, "integer", "1",
                     NULL);
    h_manager_expect(SYS_DESCR " = Router Model X2000 - High Performance Edge Router\n", 0, "get",
                     target, SYS_DESCR, NULL);
    stop_agent();
}

static void set_wrong_type_prints_bad_value(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("Error: Bad value for OID type\n", 0, "set", target, SYS_NAME, "integer", "5",
                     NULL);
    /* The most negative integer is converted and sent (the agent refuses the type). */
    h_manager_expect("Error: Bad value for OID type\n", 0, "set", target, SYS_NAME, "integer",
                     "-2147483648", NULL);
    h_manager_expect("Error: Bad value for OID type\n", 0, "set", target, SYS_NAME, "counter",
                     "4294967295", NULL);
    h_manager_expect(SYS_NAME " = router-main\n", 0, "get", target, SYS_NAME, NULL);
    stop_agent();
}

static void set_unknown_oid_prints_no_such_oid(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("Error: No such OID exists\n", 0, "set", target, "1.3.6.1.2.1.1.99.0", "string",
                     "x", NULL);
    stop_agent();
}

static void set_success_echoes_and_get_sees_new_value(void **state)
{
    (void)state;
    start_agent();
    h_manager_expect("Set operation successful:\n" SYS_NAME " = my-router\n", 0, "set", target,
                     SYS_NAME, "string", "my-router", NULL);
    h_manager_expect(SYS_NAME " = my-router\n", 0, "get", target, SYS_NAME, NULL);
    h_manager_expect("Set operation successful:\n" SYS_LOCATION " = Lab 3, rack 7\n", 0, "SET",
                     target, SYS_LOCATION, "STRING", "Lab 3, rack 7", NULL);
    h_manager_expect("Set operation successful:\n" SYS_CONTACT " = \n", 0, "set", target,
                     SYS_CONTACT, "String", "", NULL);
    h_manager_expect(SYS_LOCATION " = Lab 3, rack 7\n" SYS_CONTACT " = \n", 0, "get", target,
                     SYS_LOCATION, SYS_CONTACT, NULL);
    stop_agent();
}

static void set_string_of_255_bytes_ok_and_256_bad_value(void **state)
{
    (void)state;
    start_agent();
    char s255[256];
    char s256[257];
    memset(s255, 'a', 255);
    s255[255] = '\0';
    memset(s256, 'b', 256);
    s256[256] = '\0';
    char expected[512];
    snprintf(expected, sizeof expected, "Set operation successful:\n" IF_ALIAS_1 " = %s\n", s255);
    h_manager_expect(expected, 0, "set", target, IF_ALIAS_1, "string", s255, NULL);
    h_manager_expect("Error: Bad value for OID type\n", 0, "set", target, IF_ALIAS_1, "string", s256,
                     NULL);
    snprintf(expected, sizeof expected, IF_ALIAS_1 " = %s\n", s255);
    h_manager_expect(expected, 0, "get", target, IF_ALIAS_1, NULL);
    stop_agent();
}

static uint32_t get_uptime(void)
{
    h_proc *p = h_manager_run(NULL, "get", target, SYS_UPTIME, NULL);
    assert_int_equal(h_proc_exit_code(p), 0);
    const char *prefix = SYS_UPTIME " = ";
    if (strncmp(p->out, prefix, strlen(prefix)) != 0) {
        fail_msg("unexpected sysUpTime line: %s", p->out);
    }
    char *end = NULL;
    unsigned long long ticks = strtoull(p->out + strlen(prefix), &end, 10);
    assert_true(ticks <= 0xFFFFFFFFull);
    char expected[160];
    format_ticks((uint32_t)ticks, expected, sizeof expected);
    char line[200];
    snprintf(line, sizeof line, "%s%s\n", prefix, expected);
    assert_string_equal(p->out, line);
    h_proc_free(p);
    return (uint32_t)ticks;
}

static void sysuptime_is_formatted_and_increases(void **state)
{
    (void)state;
    start_agent();
    uint32_t first = get_uptime();
    uint32_t later = first;
    int64_t deadline = h_now_ms() + 5000;
    for (int i = 0; i < 200 && later <= first && h_now_ms() < deadline; i++) {
        uint32_t next = get_uptime();
        assert_true(next >= later);
        later = next;
    }
    if (later <= first) {
        fail_msg("sysUpTime did not increase within 5 s (stayed at %u)", (unsigned)first);
    }
    stop_agent();
}

static void get_of_255_strings_past_64k_prints_response_too_big(void **state)
{
    (void)state;
    start_agent();
    char s255[256];
    memset(s255, 'z', 255);
    s255[255] = '\0';
    const char *const writable[4] = {SYS_CONTACT, SYS_NAME, SYS_LOCATION, IF_ALIAS_1};
    for (size_t i = 0; i < 4; i++) {
        char expected[512];
        snprintf(expected, sizeof expected, "Set operation successful:\n%s = %s\n", writable[i], s255);
        h_manager_expect(expected, 0, "set", target, writable[i], "string", s255, NULL);
    }
    const char *args[2 + 255];
    args[0] = "get";
    args[1] = target;
    for (size_t i = 0; i < 255; i++) {
        args[2 + i] = writable[i % 4];
    }
    /* 240 of them fit (64451 bytes): every line printed. */
    h_proc *p = h_manager_spawn(NULL, args, 2 + 240);
    h_manager_finish(p);
    assert_int_equal(h_proc_exit_code(p), 0);
    assert_int_equal(h_count_lines_prefix(p->out, "1.3.6.1.2.1."), 240);
    assert_false(h_contains(p->out, "Error"));
    h_proc_free(p);
    /* 255 of them do not (68k). */
    p = h_manager_spawn(NULL, args, 2 + 255);
    h_manager_finish(p);
    assert_string_equal(p->out, "Error: Response too big\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
    stop_agent();
}

static void more_than_255_oids_print_one_error_line(void **state)
{
    (void)state;
    /* A message carries at most 255 OIDs: 256 cannot be asked for. */
    start_agent();
    const char *args[2 + 256];
    args[0] = "get";
    args[1] = target;
    for (size_t i = 0; i < 256; i++) {
        args[2 + i] = SYS_NAME;
    }
    h_proc *p = h_manager_spawn(NULL, args, 2 + 256);
    h_manager_finish(p);
    if (strncmp(p->out, "Error: ", 7) != 0 || h_count_lines_prefix(p->out, "") != 1) {
        fail_msg("expected one `Error: ...` line for 256 OIDs, got:\n%s", p->out);
    }
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
    /* 255 are fine. */
    p = h_manager_spawn(NULL, args, 2 + 255);
    h_manager_finish(p);
    assert_int_equal(h_count_lines_prefix(p->out, SYS_NAME " = router-main"), 255);
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
    stop_agent();
}

/* ---- network failures -------------------------------------------------------- */

static void connection_refused_prints_is_agent_running(void **state)
{
    (void)state;
    start_agent();
    int port = agent.port;
    stop_agent();
    char expected[160];
    snprintf(expected, sizeof expected,
             "Error: Cannot connect to 127.0.0.1:%d - is the agent running?\n", port);
    h_manager_expect(expected, 0, "get", target, SYS_NAME, NULL);
    h_manager_expect(expected, 0, "set", target, SYS_NAME, "string", "x", NULL);
}

static void invalid_oid_prints_error_and_sends_nothing(void **state)
{
    (void)state;
    int port = 0;
    int lfd = h_listen(&port);
    char fake[64];
    snprintf(fake, sizeof fake, "127.0.0.1:%d", port);
    static const char *const bad[] = {
        "1..3", "1.3.", ".1.3", "1.3.6.x", "1.-3", "1.+3", "1.256", "", "abc", "1.3.6.1.2.1.1.5.0 ",
        "1.3.6.1.2.1.1.1000.0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char expected[160];
        snprintf(expected, sizeof expected, "Error: Invalid OID '%s'\n", bad[i]);
        h_manager_expect(expected, 0, "get", fake, bad[i], NULL);
        h_manager_expect(expected, 0, "get", fake, SYS_NAME, bad[i], NULL);
        h_manager_expect(expected, 0, "set", fake, bad[i], "string", "x", NULL);
    }
    /* Nothing was sent: any connection made carried no bytes. */
    for (int i = 0; i < 100; i++) {
        int c = h_accept(lfd, 0);
        if (c < 0) {
            break;
        }
        size_t extra = 0;
        h_io io = h_wait_closed(c, H_PROMPT_MS, &extra);
        assert_true(io == H_IO_EOF || io == H_IO_RESET);
        assert_int_equal(extra, 0);
        h_close(c);
    }
    h_close(lfd);
}

static void silent_agent_prints_timed_out_after_env_seconds(void **state)
{
    (void)state;
    int port = 0;
    int lfd = h_listen(&port);
    char fake[64];
    snprintf(fake, sizeof fake, "127.0.0.1:%d", port);
    const char *args[] = {"get", fake, SYS_NAME};
    int64_t t0 = h_now_ms();
    h_proc *p = h_manager_spawn("0.5", args, 3);
    int c = h_accept(lfd, H_PROMPT_MS);
    assert_true(c >= 0);
    h_manager_finish(p);
    int64_t elapsed = h_now_ms() - t0;
    assert_string_equal(p->out, "Error: Request timed out after 0.5 seconds\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    assert_true(elapsed < 8000);
    h_proc_free(p);

    /* A reply that stops half-way is no reply either. */
    const char *args2[] = {"get", fake, SYS_NAME};
    p = h_manager_spawn("0.5", args2, 3);
    int c2 = h_accept(lfd, H_PROMPT_MS);
    assert_true(c2 >= 0);
    static const uint8_t half[] = {0x00, 0x00, 0x00, 0x1c, 0x00, 0x00};
    assert_int_equal(h_send_all(c2, half, sizeof half, H_PROMPT_MS), H_IO_OK);
    h_manager_finish(p);
    assert_string_equal(p->out, "Error: Request timed out after 0.5 seconds\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
    h_close(c);
    h_close(c2);
    h_close(lfd);
}

static void unanswered_connect_prints_timed_out(void **state)
{
    (void)state;
    /* A listener that never accepts, its queue filled: the manager's SYN
     * goes unanswered (or, if the kernel still lets it in, its request does). */
    int port = 0;
    int lfd = h_listen_backlog(&port, 0);
    int fillers[4];
    for (size_t i = 0; i < 4; i++) {
        fillers[i] = h_start_connect(port);
    }
    char fake[64];
    snprintf(fake, sizeof fake, "127.0.0.1:%d", port);
    const char *args[] = {"get", fake, SYS_NAME};
    h_proc *p = h_manager_spawn("0.5", args, 3);
    h_manager_finish(p);
    assert_string_equal(p->out, "Error: Request timed out after 0.5 seconds\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
    for (size_t i = 0; i < 4; i++) {
        h_close(fillers[i]);
    }
    h_close(lfd);
}

/* A fake agent: reads the manager's request, answers with what make() builds. */
typedef void (*fake_answer)(const h_reply *request, h_buf *answer);

static h_reply fake_request;
static h_buf fake_answer_buf;
static size_t fake_chunk; /* 0: the answer in one write; else in pieces of this size */

static h_proc *run_against_fake(fake_answer make, const char *const *args_tail, size_t n)
{
    int port = 0;
    int lfd = h_listen(&port);
    char fake[64];
    snprintf(fake, sizeof fake, "127.0.0.1:%d", port);
    const char *args[32];
    assert_true(n + 2 <= 32);
    args[0] = args_tail[0];
    args[1] = fake;
    for (size_t i = 1; i < n; i++) {
        args[i + 1] = args_tail[i];
    }
    h_proc *p = h_manager_spawn(NULL, args, n + 1);
    int c = h_accept(lfd, H_PROMPT_MS);
    if (c < 0) {
        h_manager_finish(p);
        fail_msg("the manager never connected; it printed:\n%s", p->out);
    }
    assert_int_equal(h_read_msg(c, &fake_request, H_PROMPT_MS), H_IO_OK);
    hb_reset(&fake_answer_buf);
    make(&fake_request, &fake_answer_buf);
    size_t chunk = fake_chunk > 0 ? fake_chunk : fake_answer_buf.len;
    for (size_t off = 0; off < fake_answer_buf.len; off += chunk) {
        size_t piece = fake_answer_buf.len - off < chunk ? fake_answer_buf.len - off : chunk;
        assert_int_equal(h_send_all(c, fake_answer_buf.data + off, piece, H_PROMPT_MS), H_IO_OK);
        if (fake_chunk > 0) {
            /* pacing only, so the pieces arrive as separate segments */
            (void)h_wait_closed(c, 2, NULL);
        }
    }
    /* We read the whole request, so closing sends FIN after the answer. */
    h_close(c);
    h_close(lfd);
    h_manager_finish(p);
    return p;
}

static void answer_with_request_itself(const h_reply *request, h_buf *answer)
{
    hb_mem(answer, request->buf, request->len);
}

static void answer_with_set_request(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_SET_REQUEST);
    hb_u8(answer, 1);
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, "x", 1);
    hb_end(answer, start);
}

static void reply_of_wrong_pdu_prints_expected_getresponse(void **state)
{
    (void)state;
    const char *args[] = {"get", SYS_NAME};
    h_proc *p = run_against_fake(answer_with_request_itself, args, 2);
    assert_int_equal(fake_request.msg.pdu_type, SNMP_PDU_GET_REQUEST);
    assert_string_equal(p->out, "Error: Expected GetResponse, got GetRequest\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);

    p = run_against_fake(answer_with_set_request, args, 2);
    assert_string_equal(p->out, "Error: Expected GetResponse, got SetRequest\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static void answer_with_next_request_id(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id + 1, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 1);
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, "x", 1);
    hb_end(answer, start);
}

static void reply_with_other_request_id_prints_mismatch(void **state)
{
    (void)state;
    const char *args[] = {"get", SYS_NAME};
    h_proc *p = run_against_fake(answer_with_next_request_id, args, 2);
    uint32_t sent = fake_request.msg.request_id;
    assert_in_range(sent, 1, 10000);
    char expected[160];
    snprintf(expected, sizeof expected, "Error: Request ID mismatch - sent %u, received %u\n",
             (unsigned)sent, (unsigned)(sent + 1));
    assert_string_equal(p->out, expected);
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static uint8_t fake_error_code;

static void answer_with_error_code(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, fake_error_code);
    hb_u8(answer, 0);
    hb_end(answer, start);
}

static void error_codes_from_agent_print_their_lines(void **state)
{
    (void)state;
    static const struct {
        uint8_t code;
        const char *line;
    } cases[] = {
        {1, "Error: No such OID exists\n"},
        {2, "Error: Bad value for OID type\n"},
        {3, "Error: OID is read-only\n"},
        {4, "Error: Response too big\n"},
        {5, "Error: Unknown error (5)\n"},
        {9, "Error: Unknown error (9)\n"},
        {255, "Error: Unknown error (255)\n"},
    };
    const char *args[] = {"get", SYS_NAME};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_error_code = cases[i].code;
        h_proc *p = run_against_fake(answer_with_error_code, args, 2);
        assert_string_equal(p->out, cases[i].line);
        assert_int_equal(h_proc_exit_code(p), 0);
        h_proc_free(p);
    }
    /* Same for set. */
    fake_error_code = 9;
    const char *set_args[] = {"set", SYS_NAME, "string", "x"};
    h_proc *p = run_against_fake(answer_with_error_code, set_args, 4);
    assert_string_equal(p->out, "Error: Unknown error (9)\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static const struct {
    const char *oid;
    uint8_t type;
    uint32_t value;
    const char *text;
} formatted[] = {
    {"1.3.6.1.9.1", SNMP_TYPE_TIMETICKS, 0, "0 (0.00 seconds)"},
    {"1.3.6.1.9.2", SNMP_TYPE_TIMETICKS, 100, "100 (1.00 seconds)"},
    {"1.3.6.1.9.3", SNMP_TYPE_TIMETICKS, 123456, "123456 (20 minutes, 34.56 seconds)"},
    {"1.3.6.1.9.4", SNMP_TYPE_TIMETICKS, 360000, "360000 (1 hours)"},
    {"1.3.6.1.9.5", SNMP_TYPE_TIMETICKS, 366100, "366100 (1 hours, 1 minutes, 1.00 seconds)"},
    {"1.3.6.1.9.6", SNMP_TYPE_TIMETICKS, 8640000, "8640000 (1 days)"},
    {"1.3.6.1.9.7", SNMP_TYPE_TIMETICKS, 86400000, "86400000 (10 days)"},
    {"1.3.6.1.9.8", SNMP_TYPE_TIMETICKS, 1, "1 (0.01 seconds)"},
    {"1.3.6.1.9.9", SNMP_TYPE_TIMETICKS, 6000, "6000 (1 minutes)"},
    {"1.3.6.1.9.10", SNMP_TYPE_TIMETICKS, 8640001, "8640001 (1 days, 0.01 seconds)"},
    {"1.3.6.1.9.11", SNMP_TYPE_TIMETICKS, 4294967295u,
     "4294967295 (497 days, 2 hours, 27 minutes, 52.95 seconds)"},
    {"1.3.6.1.9.12", SNMP_TYPE_COUNTER, 4294967295u, "4,294,967,295"},
    {"1.3.6.1.9.13", SNMP_TYPE_COUNTER, 1234567, "1,234,567"},
    {"1.3.6.1.9.14", SNMP_TYPE_COUNTER, 999, "999"},
    {"1.3.6.1.9.15", SNMP_TYPE_COUNTER, 1000, "1,000"},
    {"1.3.6.1.9.16", SNMP_TYPE_INTEGER, 0x80000000u, "-2147483648"},
    {"1.3.6.1.9.17", SNMP_TYPE_INTEGER, 0x7FFFFFFFu, "2147483647"},
    {"1.3.6.1.9.18", SNMP_TYPE_INTEGER, 0xFFFFFFFFu, "-1"},
    {"1.3.6.1.9.19", SNMP_TYPE_COUNTER, 100000, "100,000"},
};

static void answer_with_formatted_values(const h_reply *request, h_buf *answer)
{
    size_t n = sizeof formatted / sizeof formatted[0];
    assert_int_equal(request->msg.count, n);
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, (unsigned)n);
    for (size_t i = 0; i < n; i++) {
        hb_binding_u32(answer, formatted[i].oid, formatted[i].type, formatted[i].value);
    }
    hb_end(answer, start);
}

static void numbers_are_formatted_as_manager_md_says(void **state)
{
    (void)state;
    size_t n = sizeof formatted / sizeof formatted[0];
    const char *args[2 + sizeof formatted / sizeof formatted[0]];
    args[0] = "get";
    args[1] = "placeholder";
    char expected[4096];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        args[1 + i] = formatted[i].oid;
        len += (size_t)snprintf(expected + len, sizeof expected - len, "%s = %s\n", formatted[i].oid,
                                formatted[i].text);
        assert_true(len < sizeof expected);
    }
    h_proc *p = run_against_fake(answer_with_formatted_values, args, 1 + n);
    assert_string_equal(p->out, expected);
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static void answer_with_echo_of_set(const h_reply *request, h_buf *answer)
{
    /* A SetRequest's body after the pdu_type is exactly a GetResponse's body
     * after the error code. */
    assert_true(request->len >= 10);
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_mem(answer, request->buf + 9, request->len - 9);
    hb_end(answer, start);
}

static void set_sends_typed_values_and_prints_the_echo(void **state)
{
    (void)state;
    static const struct {
        const char *type_word;
        const char *value;
        uint8_t type;
        uint32_t number;
        const char *echo;
    } cases[] = {
        {"counter", "4294967295", SNMP_TYPE_COUNTER, 4294967295u, "4,294,967,295"},
        {"Counter", "0", SNMP_TYPE_COUNTER, 0, "0"},
        {"integer", "-2147483648", SNMP_TYPE_INTEGER, 0x80000000u, "-2147483648"},
        {"INTEGER", "2147483647", SNMP_TYPE_INTEGER, 0x7FFFFFFFu, "2147483647"},
        {"timeticks", "360000", SNMP_TYPE_TIMETICKS, 360000, "360000 (1 hours)"},
        {"TimeTicks", "4294967295", SNMP_TYPE_TIMETICKS, 4294967295u,
         "4294967295 (497 days, 2 hours, 27 minutes, 52.95 seconds)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {"set", SYS_NAME, cases[i].type_word, cases[i].value};
        h_proc *p = run_against_fake(answer_with_echo_of_set, args, 4);
        assert_int_equal(fake_request.msg.pdu_type, SNMP_PDU_SET_REQUEST);
        assert_int_equal(fake_request.msg.count, 1);
        assert_int_equal(fake_request.msg.bindings[0].type, cases[i].type);
        assert_int_equal(fake_request.msg.bindings[0].value_len, 4);
        assert_int_equal(snmp_value_get_u32(fake_request.msg.bindings[0].value), cases[i].number);
        char expected[256];
        snprintf(expected, sizeof expected, "Set operation successful:\n" SYS_NAME " = %s\n",
                 cases[i].echo);
        assert_string_equal(p->out, expected);
        assert_int_equal(h_proc_exit_code(p), 0);
        h_proc_free(p);
    }
    /* A string goes out as its UTF-8 bytes. */
    const char *args[] = {"set", SYS_NAME, "string", "h\xc3\xa9llo w\xe2\x82\xac"};
    h_proc *p = run_against_fake(answer_with_echo_of_set, args, 4);
    assert_int_equal(fake_request.msg.bindings[0].type, SNMP_TYPE_STRING);
    assert_int_equal(fake_request.msg.bindings[0].value_len, 11);
    assert_memory_equal(fake_request.msg.bindings[0].value, "h\xc3\xa9llo w\xe2\x82\xac", 11);
    assert_string_equal(p->out, "Set operation successful:\n" SYS_NAME " = h\xc3\xa9llo w\xe2\x82\xac\n");
    h_proc_free(p);
}

static void answer_then_garbage(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 1);
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, "framed", 6);
    hb_end(answer, start);
    for (unsigned i = 0; i < 100; i++) {
        hb_u8(answer, 0xff - i);
    }
}

static void answer_normal(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 2);
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, "in pieces", 9);
    hb_binding_u32(answer, SYS_SERVICES, SNMP_TYPE_INTEGER, 72);
    hb_end(answer, start);
}

static void reply_is_read_by_framing_rules(void **state)
{
    (void)state;
    /* Bytes after the reply are not part of it. */
    const char *args[] = {"get", SYS_NAME};
    h_proc *p = run_against_fake(answer_then_garbage, args, 2);
    assert_string_equal(p->out, SYS_NAME " = framed\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);

    /* A reply that arrives a byte at a time. */
    const char *args2[] = {"get", SYS_NAME, SYS_SERVICES};
    fake_chunk = 1;
    p = run_against_fake(answer_normal, args2, 3);
    fake_chunk = 0;
    assert_string_equal(p->out, SYS_NAME " = in pieces\n" SYS_SERVICES " = 72\n");
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static void answer_size_8(const h_reply *request, h_buf *answer)
{
    (void)request;
    hb_u32(answer, 8);
    hb_u32(answer, 0);
}

static void answer_size_70000(const h_reply *request, h_buf *answer)
{
    hb_u32(answer, 70000);
    hb_u32(answer, request->msg.request_id);
    hb_u8(answer, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 0);
}

static void answer_nothing(const h_reply *request, h_buf *answer)
{
    (void)request;
    (void)answer;
}

static void answer_malformed(const h_reply *request, h_buf *answer)
{
    /* A GetResponse with one trailing byte after its last binding. */
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 0);
    hb_u8(answer, 0x55);
    hb_end(answer, start);
}

static void answer_bad_utf8(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 1);
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, "\xff\xfe", 2);
    hb_end(answer, start);
}

static void broken_replies_print_one_error_line(void **state)
{
    (void)state;
    /* A malformed reply names the core's reason, with the offset of the
     * field at fault counted from the reply's first byte (issue 9). */
    static const struct {
        fake_answer make;
        const char *line;
    } cases[] = {
        {answer_nothing, "Error: Connection closed by agent before a complete reply\n"},
        {answer_malformed,
         "Error: Malformed reply: trailing bytes after the last binding at offset 11\n"},
        {answer_bad_utf8,
         "Error: Malformed reply: string not valid UTF-8 (byte 0xff) at offset 24\n"},
        {answer_size_8, "Error: Malformed reply: message size field out of range 9 to 65536 "
                        "(got 8) at offset 0\n"},
        {answer_size_70000, "Error: Malformed reply: message size field out of range 9 to 65536 "
                            "(got 70000) at offset 0\n"},
    };
    const char *args[] = {"get", SYS_NAME};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h_proc *p = run_against_fake(cases[i].make, args, 2);
        if (strcmp(p->out, cases[i].line) != 0) {
            fail_msg("case %zu: expected `%s`, got:\n%s", i, cases[i].line, p->out);
        }
        assert_int_equal(h_proc_exit_code(p), 0);
        h_proc_free(p);
    }
}

/* ---- argument handling ----------------------------------------------------------- */

static void argument_errors_print_error_then_usage_and_exit_1(void **state)
{
    (void)state;
    static const struct {
        const char *args[8];
        const char *first_line; /* NULL: usage only */
    } cases[] = {
        {{NULL}, NULL},
        {{"get", NULL}, NULL},
        {{"get", "localhost1161", SYS_NAME, NULL},
         "Error: Invalid host:port format. Use 'hostname:port' or 'ip:port'"},
        {{"get", "127.0.0.1:abc", SYS_NAME, NULL}, "Error: Invalid port number: abc"},
        {{"get", "127.0.0.1:0", SYS_NAME, NULL}, "Error: Invalid port number: 0"},
        {{"get", "127.0.0.1:65536", SYS_NAME, NULL}, "Error: Invalid port number: 65536"},
        {{"get", "127.0.0.1:-5", SYS_NAME, NULL}, "Error: Invalid port number: -5"},
        {{"get", "127.0.0.1:1161", NULL}, "Error: No OIDs specified"},
        {{"set", "127.0.0.1:1161", SYS_NAME, "string", NULL},
         "Error: Set requires exactly 4 arguments: host:port oid type value"},
        {{"set", "127.0.0.1:1161", SYS_NAME, "string", "a", "b", NULL},
         "Error: Set requires exactly 4 arguments: host:port oid type value"},
        {{"walk", "127.0.0.1:1161", SYS_NAME, NULL}, "Error: Unknown command 'walk'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        while (cases[i].args[n] != NULL) {
            n++;
        }
        h_proc *p = h_manager_spawn(NULL, cases[i].args, n);
        h_manager_finish(p);
        if (h_proc_exit_code(p) != 1) {
            fail_msg("case %zu: exit status %d, expected 1; output:\n%s", i, h_proc_exit_code(p),
                     p->out);
        }
        if (cases[i].first_line == NULL) {
            if (p->out_len == 0 || h_contains(p->out, "Error")) {
                fail_msg("case %zu: expected the usage text only, got:\n%s", i, p->out);
            }
        } else {
            size_t flen = strlen(cases[i].first_line);
            if (strncmp(p->out, cases[i].first_line, flen) != 0 || p->out[flen] != '\n' ||
                p->out[flen + 1] == '\0') {
                fail_msg("case %zu: expected `%s` then the usage text, got:\n%s", i,
                         cases[i].first_line, p->out);
            }
        }
        h_proc_free(p);
    }
}

/* The usage text as the manager prints it (tests/manager/test_args.c pins it). */
static const char usage_start[] = "Usage:\n    snmp_manager get <host:port> <oid> [<oid> ...]\n";

static void help_options_print_usage_and_exit_0(void **state)
{
    (void)state;
    static const char *const words[] = {"--help", "-h"};
    for (size_t i = 0; i < 2; i++) {
        const char *args[] = {words[i]};
        h_proc *p = h_manager_spawn(NULL, args, 1);
        h_manager_finish(p);
        if (h_proc_exit_code(p) != 0 || strncmp(p->out, usage_start, strlen(usage_start)) != 0 ||
            !h_contains(p->out, "SNMP_MANAGER_TIMEOUT") || h_contains(p->out, "Error")) {
            fail_msg("%s: expected the usage and status 0, got status %d:\n%s", words[i],
                     h_proc_exit_code(p), p->out);
        }
        h_proc_free(p);
    }
    /* The usage of an argument error is the same text, and still exit 1. */
    const char *none[] = {"get"};
    h_proc *help = h_manager_spawn(NULL, (const char *const[]){"--help"}, 1);
    h_manager_finish(help);
    h_proc *p = h_manager_spawn(NULL, none, 1);
    h_manager_finish(p);
    assert_int_equal(h_proc_exit_code(p), 1);
    assert_string_equal(p->out, help->out);
    h_proc_free(p);
    h_proc_free(help);
}

static void invalid_timeout_variable_is_an_argument_error(void **state)
{
    (void)state;
    /* A listener that would show whether the manager connected anyway. */
    int port = 0;
    int lfd = h_listen(&port);
    char fake[64];
    snprintf(fake, sizeof fake, "127.0.0.1:%d", port);
    static const char *const bad[] = {"abc", "0", "-1", "", "1e9x", "0.0001", "86401", " 1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[] = {"get", fake, SYS_NAME};
        h_proc *p = h_manager_spawn(bad[i], args, 3);
        h_manager_finish(p);
        char line[160];
        snprintf(line, sizeof line,
                 "Error: Invalid SNMP_MANAGER_TIMEOUT '%s': seconds above 0, at most 86400, up "
                 "to 3 decimals\n",
                 bad[i]);
        if (h_proc_exit_code(p) != 1 || strncmp(p->out, line, strlen(line)) != 0 ||
            strncmp(p->out + strlen(line), usage_start, strlen(usage_start)) != 0) {
            fail_msg("SNMP_MANAGER_TIMEOUT='%s': expected `%s` then the usage, status 1; got "
                     "status %d:\n%s",
                     bad[i], line, h_proc_exit_code(p), p->out);
        }
        h_proc_free(p);
    }
    /* The command line is checked first, then the variable. */
    const char *bad_port[] = {"get", "127.0.0.1:0", SYS_NAME};
    h_proc *p = h_manager_spawn("abc", bad_port, 3);
    h_manager_finish(p);
    assert_int_equal(h_proc_exit_code(p), 1);
    static const char port_line[] = "Error: Invalid port number: 0\n";
    assert_true(strncmp(p->out, port_line, sizeof port_line - 1) == 0);
    h_proc_free(p);
    /* Nothing connected. */
    assert_int_equal(h_accept(lfd, 0), -1);
    h_close(lfd);
}

static void control_bytes_in_a_stored_value_print_escaped_on_one_line(void **state)
{
    (void)state;
    start_agent();
    /* The forged binding: a newline, then "b=c.d". */
    h_manager_expect("Set operation successful:\n" SYS_NAME " = a\\x0ab=c.d\n", 0, "set", target,
                     SYS_NAME, "string", "a\nb=c.d", NULL);
    h_manager_expect(SYS_NAME " = a\\x0ab=c.d\n", 0, "get", target, SYS_NAME, NULL);
    /* A terminal escape sequence, DEL and a C1 CSI stored by a raw client
     * (the agent takes any UTF-8) come back escaped too. */
    int fd = h_connect(agent.port);
    static const char evil[] = "\x1b[31mred\x1b[0m\x7f\xc2\x9b" "2J\ttab";
    h_buf b;
    hb_reset(&b);
    hb_set_string(&b, 77, SYS_LOCATION, evil, sizeof evil - 1);
    assert_int_equal(h_send_all(fd, b.data, b.len, H_PROMPT_MS), H_IO_OK);
    h_reply r;
    h_expect_reply(fd, &r, 77, SNMP_ERR_SUCCESS, 1);
    h_close(fd);
    h_manager_expect(SYS_LOCATION " = \\x1b[31mred\\x1b[0m\\x7f\\xc2\\x9b2J\\x09tab\n" SYS_NAME
                                  " = a\\x0ab=c.d\n",
                     0, "get", target, SYS_LOCATION, SYS_NAME, NULL);
    stop_agent();
}

static void answer_with_escape_sequences(const h_reply *request, h_buf *answer)
{
    size_t start = hb_begin(answer, request->msg.request_id, SNMP_PDU_GET_RESPONSE);
    hb_u8(answer, 0);
    hb_u8(answer, 2);
    /* Clear the screen, set the window title, then a forged second binding. */
    static const char first[] = "\x1b[2J\x1b]0;pwned\x07ok\r\n1.3.6.1.2.1.1.1.0 = fake";
    hb_binding(answer, SYS_NAME, SNMP_TYPE_STRING, first, sizeof first - 1);
    hb_binding(answer, SYS_LOCATION, SNMP_TYPE_STRING, "\0\xc2\x80\xc2\xa0", 5);
    hb_end(answer, start);
}

static void fake_agent_escape_sequences_print_escaped(void **state)
{
    (void)state;
    const char *args[] = {"get", SYS_NAME, SYS_LOCATION};
    h_proc *p = run_against_fake(answer_with_escape_sequences, args, 3);
    assert_string_equal(p->out, SYS_NAME " = \\x1b[2J\\x1b]0;pwned\\x07ok\\x0d\\x0a1.3.6.1.2.1.1.1.0 "
                                "= fake\n" SYS_LOCATION " = \\x00\\xc2\\x80\xc2\xa0\n");
    assert_int_equal(h_count_lines_prefix(p->out, ""), 2);
    assert_int_equal(h_proc_exit_code(p), 0);
    h_proc_free(p);
}

static void set_value_errors_print_their_line_before_connecting(void **state)
{
    (void)state;
    /* Nothing listens there: a manager that connected first would say so. */
    char nowhere[64];
    snprintf(nowhere, sizeof nowhere, "127.0.0.1:%d", h_free_port());
    static const struct {
        const char *type;
        const char *value;
        const char *line;
    } cases[] = {
        {"float", "1",
         "Error: Invalid value type 'float'. Must be one of: integer, string, counter, timeticks\n"},
        {"Float", "1",
         "Error: Invalid value type 'Float'. Must be one of: integer, string, counter, timeticks\n"},
        {"integer", "abc", "Error: Cannot convert 'abc' to integer\n"},
        {"INTEGER", "1.5", "Error: Cannot convert '1.5' to integer\n"},
        {"counter", "", "Error: Cannot convert '' to counter\n"},
        {"Timeticks", "12x", "Error: Cannot convert '12x' to timeticks\n"},
        {"counter", "-1", "Error: Counter values must be >= 0\n"},
        {"timeticks", "-5", "Error: Timeticks values must be >= 0\n"},
        {"integer", "2147483648", "Error: Value out of range for integer\n"},
        {"integer", "-2147483649", "Error: Value out of range for integer\n"},
        {"counter", "4294967296", "Error: Value out of range for counter\n"},
        {"timeticks", "4294967296", "Error: Value out of range for timeticks\n"},
        {"COUNTER", "99999999999999999999999", "Error: Value out of range for counter\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {"set", nowhere, SYS_NAME, cases[i].type, cases[i].value};
        h_proc *p = h_manager_spawn(NULL, args, 5);
        h_manager_finish(p);
        if (strcmp(p->out, cases[i].line) != 0 || h_proc_exit_code(p) != 0) {
            fail_msg("set %s '%s': expected `%s` and status 0, got status %d:\n%s", cases[i].type,
                     cases[i].value, cases[i].line, h_proc_exit_code(p), p->out);
        }
        h_proc_free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(get_string_prints_oid_equals_text, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_integer_prints_signed_decimal, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_counter_groups_digits_with_commas, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_timeticks_zero_prints_zero_seconds, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_multiple_oids_prints_in_request_order, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(get_sysobjectid_prints_dotted_text, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_empty_string_line_ends_with_equals_space, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(get_command_and_localhost_name_are_accepted, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(get_unknown_oid_prints_no_such_oid, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(set_read_only_object_prints_read_only, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(set_wrong_type_prints_bad_value, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(set_unknown_oid_prints_no_such_oid, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(set_success_echoes_and_get_sees_new_value, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(set_string_of_255_bytes_ok_and_256_bad_value, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(sysuptime_is_formatted_and_increases, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(get_of_255_strings_past_64k_prints_response_too_big, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(more_than_255_oids_print_one_error_line, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(connection_refused_prints_is_agent_running, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(invalid_oid_prints_error_and_sends_nothing, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(silent_agent_prints_timed_out_after_env_seconds, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(unanswered_connect_prints_timed_out, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(reply_is_read_by_framing_rules, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(reply_of_wrong_pdu_prints_expected_getresponse, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(reply_with_other_request_id_prints_mismatch, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(error_codes_from_agent_print_their_lines, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(numbers_are_formatted_as_manager_md_says, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(set_sends_typed_values_and_prints_the_echo, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(broken_replies_print_one_error_line, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(argument_errors_print_error_then_usage_and_exit_1, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(set_value_errors_print_their_line_before_connecting, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(help_options_print_usage_and_exit_0, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(invalid_timeout_variable_is_an_argument_error, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(control_bytes_in_a_stored_value_print_escaped_on_one_line,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(fake_agent_escape_sequences_print_escaped, h_setup,
                                        h_teardown),
    };
    return cmocka_run_group_tests_name("integration_manager_output", tests, h_group_setup, NULL);
}
