/*
 * Every strict-BER refusal of SNMP.md s.2 over the network: a message
 * broken in exactly one way gets no answer over UDP (and closes its TCP
 * connection), the counter it belongs to grows by one
 * (snmpInASNParseErrs, or snmpInBadVersions for a version), and the next
 * good request is answered. Each broken message is the same GetRequest of
 * sysName.0 with one piece replaced, so the piece is the only fault.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "snmp_msg.h"
#include "test_util.h"   /* CHECK_CASE */

/* How long a refused datagram is given to (wrongly) draw an answer. */
enum { SILENCE_MS = 300 };

/* The pieces of a message, as hex; NULL takes the good one. */
typedef struct pieces {
    const char *version, *community, *pdu_tag, *request_id, *error_status, *error_index;
    const char *name, *value, *trailing;
} pieces;

static const pieces good = {
    "020101", "04067075626c6963", "a0", "02020539", "020100", "020100",
    "06082b06010201010500", "0500", "",
};

typedef struct bytes {
    uint8_t b[2048];
    size_t n;
} bytes;

static void put_hex(bytes *out, const char *hex)
{
    for (const char *c = hex; *c != '\0';) {
        if (*c == ' ') {
            c++;
            continue;
        }
        unsigned v;
        assert_int_equal(sscanf(c, "%2x", &v), 1);
        assert_true(out->n < sizeof out->b);
        out->b[out->n++] = (uint8_t)v;
        c += 2;
    }
}

/* tag, minimal length, content. */
static void put_tlv(bytes *out, uint8_t tag, const bytes *content)
{
    assert_true(out->n + content->n + 4 <= sizeof out->b);
    out->b[out->n++] = tag;
    if (content->n < 0x80) {
        out->b[out->n++] = (uint8_t)content->n;
    } else {
        out->b[out->n++] = 0x82;
        out->b[out->n++] = (uint8_t)(content->n >> 8);
        out->b[out->n++] = (uint8_t)content->n;
    }
    memcpy(out->b + out->n, content->b, content->n);
    out->n += content->n;
}

#define PIECE(p, field) ((p)->field != NULL ? (p)->field : good.field)

static void build(const pieces *p, bytes *msg)
{
    bytes vb = {0}, list = {0}, pdu = {0}, body = {0};
    put_hex(&vb, PIECE(p, name));
    put_hex(&vb, PIECE(p, value));
    put_tlv(&list, 0x30, &vb);
    put_hex(&pdu, PIECE(p, request_id));
    put_hex(&pdu, PIECE(p, error_status));
    put_hex(&pdu, PIECE(p, error_index));
    put_tlv(&pdu, 0x30, &list);
    put_hex(&body, PIECE(p, version));
    put_hex(&body, PIECE(p, community));
    bytes tag = {0};
    put_hex(&tag, PIECE(p, pdu_tag));
    put_tlv(&body, tag.b[0], &pdu);
    msg->n = 0;
    put_tlv(msg, 0x30, &body);
    put_hex(msg, PIECE(p, trailing));
}

/* One refusal: a piece replaced, or (raw) a whole message. */
typedef struct refusal_case {
    const char *rule;
    pieces replace;
    const char *raw;
    bool bad_version;   /* counted in snmpInBadVersions, not snmpInASNParseErrs */
} refusal_case;

static const refusal_case cases[] = {
    {"indefinite length", {0}, "3080" "020101" "04067075626c6963" "a00c020205390201000201003000" "0000", false},
    {"five length octets", {0}, "308500000000050201010400", false},
    {"a length past its enclosing element", {.community = "047f7075626c6963"}, NULL, false},
    {"bytes after the message", {.trailing = "00"}, NULL, false},
    {"high-tag-number form", {.pdu_tag = "bf"}, NULL, false},
    {"a constructed OCTET STRING", {.community = "240804067075626c6963"}, NULL, false},
    {"a tag the position does not take", {.request_id = "04020539"}, NULL, false},
    {"an INTEGER of 0 bytes", {.request_id = "0200"}, NULL, false},
    {"an INTEGER with a redundant 00", {.request_id = "0203000539"}, NULL, false},
    {"an INTEGER with a redundant ff", {.error_status = "0202ff80"}, NULL, false},
    {"an INTEGER wider than 32 bits", {.request_id = "02050100000000"}, NULL, false},
    {"a Counter32 of 5 bytes without a leading 00", {.value = "41050100000000"}, NULL, false},
    {"a Counter64 of 9 bytes", {.value = "4609010000000000000000"}, NULL, false},
    {"an empty OBJECT IDENTIFIER", {.name = "0600"}, NULL, false},
    {"a subidentifier starting with 0x80", {.name = "06042b800601"}, NULL, false},
    {"an arc above 2^32-1", {.name = "06072b908080800000"}, NULL, false},
    {"an OID cut inside a subidentifier", {.name = "06022b86"}, NULL, false},
    {"NULL with content", {.value = "050100"}, NULL, false},
    {"noSuchObject with content", {.value = "800100"}, NULL, false},
    {"an IpAddress of 3 octets", {.value = "40037f0000"}, NULL, false},
    {"a Response sent to the agent", {.pdu_tag = "a2"}, NULL, false},
    {"a Trap", {.pdu_tag = "a4"}, NULL, false},
    {"an InformRequest", {.pdu_tag = "a6"}, NULL, false},
    {"a Report", {.pdu_tag = "a8"}, NULL, false},
    {"GetBulkRequest in v1", {.version = "020100", .pdu_tag = "a5"}, NULL, false},
    {"version 2 (SNMPv2u)", {.version = "020102"}, NULL, true},
    {"version 3", {.version = "020103"}, NULL, true},
};

#define N_CASES (sizeof cases / sizeof cases[0])

static void case_bytes(const refusal_case *c, bytes *msg)
{
    if (c->raw != NULL) {
        msg->n = 0;
        put_hex(msg, c->raw);
    } else {
        build(&c->replace, msg);
    }
}

/* A UDP socket connected to the agent. */
static int udp_to(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    return fd;
}

/* Waits up to ms for a datagram; its size, or 0 if none came. */
static size_t udp_recv(int fd, uint8_t *buf, size_t cap, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, ms) <= 0)
        return 0;
    ssize_t n = recv(fd, buf, cap, 0);
    assert_true(n > 0);
    return (size_t)n;
}

static uint8_t reply[65536];
static resp answer;

/* snmpInASNParseErrs and snmpInBadVersions, asked over UDP. */
static void counters(int fd, uint32_t *parse_errs, uint32_t *bad_versions)
{
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.11.6.0"), TVB_NULL("1.3.6.1.2.1.11.3.0"),
                              TVB_NULL("1.3.6.1.2.1.1.5.0")};
    uint8_t req[512];
    size_t n = snmp_msg_build(req, sizeof req, 1, "public", 0xa0, 77, 0, 0, vbs, 3);
    assert_int_equal(send(fd, req, n, 0), (ssize_t)n);
    size_t got = udp_recv(fd, reply, sizeof reply, h_slow_ms(H_PROMPT_MS));
    assert_true(got > 0);
    snmp_msg_parse(reply, got, &answer);
    assert_int_equal(answer.request_id, 77);
    assert_int_equal(answer.count, 3);
    assert_string_equal(answer.vbs[2].value, "STRING: router-main");
    assert_int_equal(sscanf(answer.vbs[0].value, "Counter32: %u", parse_errs), 1);
    assert_int_equal(sscanf(answer.vbs[1].value, "Counter32: %u", bad_versions), 1);
}

static void test_the_good_message_is_answered(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, NULL);
    int fd = udp_to(a.port);
    bytes msg;
    build(&good, &msg);
    assert_int_equal(send(fd, msg.b, msg.n, 0), (ssize_t)msg.n);
    size_t got = udp_recv(fd, reply, sizeof reply, h_slow_ms(H_PROMPT_MS));
    assert_true(got > 0);
    snmp_msg_parse(reply, got, &answer);
    assert_int_equal(answer.request_id, 0x0539);
    assert_string_equal(answer.vbs[0].value, "STRING: router-main");
    close(fd);
    h_agent_stop_free(&a);
}

static void test_each_refusal_over_udp_is_silent_counted_and_harmless(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, NULL);
    int fd = udp_to(a.port);
    uint32_t parse_errs, bad_versions;
    counters(fd, &parse_errs, &bad_versions);
    for (size_t i = 0; i < N_CASES; i++) {
        bytes msg;
        case_bytes(&cases[i], &msg);
        assert_int_equal(send(fd, msg.b, msg.n, 0), (ssize_t)msg.n);
        CHECK_CASE(udp_recv(fd, reply, sizeof reply, SILENCE_MS) == 0, cases[i].rule);
        uint32_t pe, bv;
        counters(fd, &pe, &bv);
        CHECK_CASE(pe == parse_errs + (cases[i].bad_version ? 0 : 1), cases[i].rule);
        CHECK_CASE(bv == bad_versions + (cases[i].bad_version ? 1 : 0), cases[i].rule);
        parse_errs = pe;
        bad_versions = bv;
    }
    close(fd);
    h_agent_stop_free(&a);
}

static void test_each_refusal_over_tcp_closes_only_its_connection(void **state)
{
    (void)state;
    h_agent a;
    h_agent_start(&a, NULL);
    int udp = udp_to(a.port);
    int bystander = h_connect(a.port);
    bytes good_msg;
    build(&good, &good_msg);
    for (size_t i = 0; i < N_CASES; i++) {
        if (cases[i].replace.trailing != NULL)
            continue;   /* over TCP, bytes after a frame are the next frame */
        bytes msg;
        case_bytes(&cases[i], &msg);
        int fd = h_connect(a.port);
        assert_int_equal(h_send_all(fd, msg.b, msg.n, h_slow_ms(H_PROMPT_MS)), H_IO_OK);
        h_assert_closed_without_reply(fd, h_slow_ms(H_PROMPT_MS));
        close(fd);
        /* The connection next to it is still served. */
        assert_int_equal(h_send_all(bystander, good_msg.b, good_msg.n, h_slow_ms(H_PROMPT_MS)),
                         H_IO_OK);
        size_t got = 0;
        assert_int_equal(h_recv_exact(bystander, reply, 2, h_slow_ms(H_PROMPT_MS), &got), H_IO_OK);
        size_t len = reply[1] < 0x80 ? reply[1] : 0;
        CHECK_CASE(len > 0, cases[i].rule);
        assert_int_equal(h_recv_exact(bystander, reply + 2, len, h_slow_ms(H_PROMPT_MS), &got),
                         H_IO_OK);
        snmp_msg_parse(reply, len + 2, &answer);
        CHECK_CASE(strcmp(answer.vbs[0].value, "STRING: router-main") == 0, cases[i].rule);
    }
    uint32_t parse_errs, bad_versions;
    counters(udp, &parse_errs, &bad_versions);
    assert_int_equal(parse_errs, N_CASES - 3);   /* all but two versions and the trailing bytes */
    assert_int_equal(bad_versions, 2);
    close(bystander);
    close(udp);
    h_agent_stop_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_good_message_is_answered, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_each_refusal_over_udp_is_silent_counted_and_harmless,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_each_refusal_over_tcp_closes_only_its_connection,
                                        h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
