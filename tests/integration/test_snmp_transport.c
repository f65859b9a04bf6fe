/*
 * Real SNMP on the agent's one port (SNMP.md s.1 and s.3): hand-built v2c
 * messages over UDP and over TCP (IPv4, and IPv6 on ::1), answers decoded
 * with the core's strict BER reader; a SET by one protocol read back by the
 * other; a TCP connection's first byte picking its protocol (a bad one
 * closes it with the rule named); a refused SNMP message closing its TCP
 * connection while the next one is served; a bad community getting no
 * answer; communities from a 0600 file, and a 0644 one refused at start-up.
 * Loopback only; every wait has a deadline.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "snmp/ber.h"

static h_agent agent;

#define SYS_NAME_ARCS 1, 3, 6, 1, 2, 1, 1, 5, 0
#define SYS_NAME_TEXT "1.3.6.1.2.1.1.5.0"

enum { V2C = 1, MSG_MAX = 70000 };

/* ---- building requests by hand ---------------------------------------- */

typedef struct msg {
    size_t n;
    uint8_t b[MSG_MAX];
} msg;

/* Appends tag, the shortest length octets, and content[0 .. len). */
static void put_tlv(msg *m, uint8_t tag, const uint8_t *content, size_t len)
{
    assert_true(m->n + 4 + len <= sizeof m->b);
    m->b[m->n++] = tag;
    if (len < 0x80) {
        m->b[m->n++] = (uint8_t)len;
    } else if (len < 0x100) {
        m->b[m->n++] = 0x81;
        m->b[m->n++] = (uint8_t)len;
    } else {
        assert_true(len <= 0xffff);
        m->b[m->n++] = 0x82;
        m->b[m->n++] = (uint8_t)(len >> 8);
        m->b[m->n++] = (uint8_t)len;
    }
    if (len > 0)
        memcpy(m->b + m->n, content, len);
    m->n += len;
}

/* Minimal two's complement INTEGER. */
static void put_int(msg *m, int32_t v)
{
    uint8_t bytes[4];
    size_t n = 4;
    for (int i = 0; i < 4; i++)
        bytes[i] = (uint8_t)((uint32_t)v >> (24 - 8 * i));
    size_t skip = 0;
    while (n - skip > 1 && ((bytes[skip] == 0x00 && !(bytes[skip + 1] & 0x80)) ||
                            (bytes[skip] == 0xff && (bytes[skip + 1] & 0x80))))
        skip++;
    put_tlv(m, SNMP_BER_INTEGER, bytes + skip, n - skip);
}

static void put_oid(msg *m, const uint32_t *arcs, size_t count)
{
    uint8_t bytes[5 * 128];
    size_t n = 0;
    for (size_t i = 1; i < count; i++) {
        uint32_t v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
        uint8_t tmp[5];
        size_t k = 0;
        do {
            tmp[k++] = (uint8_t)(v & 0x7f);
            v >>= 7;
        } while (v != 0);
        while (k > 0) {
            k--;
            bytes[n++] = (uint8_t)(tmp[k] | (k > 0 ? 0x80 : 0));
        }
    }
    put_tlv(m, SNMP_BER_OID, bytes, n);
}

/*
 * A v2c (or v1) message of one varbind: name, and a value (tag, bytes);
 * NULL value bytes with tag SNMP_BER_NULL for a GET.
 */
static void build_request(msg *out, int version, const char *community, uint8_t pdu_tag,
                          int32_t rid, const uint32_t *arcs, size_t arc_count, uint8_t value_tag,
                          const void *value, size_t value_len)
{
    /* Inside out: the varbind's content, the varbind, the list, the PDU, the message. */
    static msg name_value, varbind, list, pdu, body;
    name_value.n = varbind.n = list.n = pdu.n = body.n = 0;
    put_oid(&name_value, arcs, arc_count);
    put_tlv(&name_value, value_tag, value, value_len);
    put_tlv(&varbind, SNMP_BER_SEQUENCE, name_value.b, name_value.n);
    put_tlv(&list, SNMP_BER_SEQUENCE, varbind.b, varbind.n);
    put_int(&pdu, rid);
    put_int(&pdu, 0);
    put_int(&pdu, 0);
    memcpy(pdu.b + pdu.n, list.b, list.n);
    pdu.n += list.n;
    put_int(&body, version);
    put_tlv(&body, SNMP_BER_OCTET_STRING, (const uint8_t *)community, strlen(community));
    put_tlv(&body, pdu_tag, pdu.b, pdu.n);
    out->n = 0;
    put_tlv(out, SNMP_BER_SEQUENCE, body.b, body.n);
}

static const uint32_t sys_name[] = {SYS_NAME_ARCS};

static void build_get(msg *out, const char *community, int32_t rid, const uint32_t *arcs,
                      size_t count)
{
    build_request(out, V2C, community, SNMP_BER_GET_REQUEST, rid, arcs, count, SNMP_BER_NULL,
                  NULL, 0);
}

static void build_set_string(msg *out, const char *community, int32_t rid, const char *value)
{
    build_request(out, V2C, community, SNMP_BER_SET_REQUEST, rid, sys_name, 9,
                  SNMP_BER_OCTET_STRING, value, strlen(value));
}

/* ---- decoding answers ---------------------------------------------------- */

typedef struct answer {
    int32_t version;
    char community[256];
    uint8_t pdu_tag;
    int32_t rid, error_status, error_index;
    size_t varbinds;
    uint32_t arcs[SNMP_BER_MAX_ARCS];   /* the first varbind's name */
    size_t arc_count;
    uint8_t value_tag;                  /* and its value */
    uint8_t value[1024];
    size_t value_len;
} answer;

/* Decodes a whole Response strictly; asserts it is well-formed. */
static void decode_answer(const uint8_t *bytes, size_t len, answer *a)
{
    memset(a, 0, sizeof *a);
    snmp_ber_reader r = snmp_ber_reader_of(bytes, len);
    snmp_ber_reader body, community, pdu, list, varbind, value;
    assert_int_equal(snmp_ber_read_expect(&r, SNMP_BER_SEQUENCE, &body), SNMP_OK);
    assert_int_equal(r.len, 0);   /* nothing after the message */
    assert_int_equal(snmp_ber_read_int32(&body, SNMP_BER_INTEGER, &a->version), SNMP_OK);
    assert_int_equal(snmp_ber_read_expect(&body, SNMP_BER_OCTET_STRING, &community), SNMP_OK);
    assert_true(community.len < sizeof a->community);
    memcpy(a->community, community.p, community.len);
    size_t header_len;
    assert_int_equal(snmp_ber_read_tlv(&body, &a->pdu_tag, &pdu, &header_len), SNMP_OK);
    assert_int_equal(body.len, 0);
    assert_int_equal(snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &a->rid), SNMP_OK);
    assert_int_equal(snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &a->error_status), SNMP_OK);
    assert_int_equal(snmp_ber_read_int32(&pdu, SNMP_BER_INTEGER, &a->error_index), SNMP_OK);
    assert_int_equal(snmp_ber_read_expect(&pdu, SNMP_BER_SEQUENCE, &list), SNMP_OK);
    assert_int_equal(pdu.len, 0);
    while (list.len > 0) {
        assert_int_equal(snmp_ber_read_expect(&list, SNMP_BER_SEQUENCE, &varbind), SNMP_OK);
        if (a->varbinds++ == 0) {
            assert_int_equal(snmp_ber_read_oid(&varbind, a->arcs, &a->arc_count), SNMP_OK);
            assert_int_equal(snmp_ber_read_tlv(&varbind, &a->value_tag, &value, &header_len),
                             SNMP_OK);
            assert_true(value.len <= sizeof a->value);
            if (value.len > 0)
                memcpy(a->value, value.p, value.len);
            a->value_len = value.len;
            assert_int_equal(varbind.len, 0);
        }
    }
}

/* Asserts a is the v2c answer to rid holding sysName.0 = OCTET STRING text. */
static void assert_sysname_answer(const answer *a, const char *community, int32_t rid,
                                  const char *text)
{
    assert_int_equal(a->version, V2C);
    assert_string_equal(a->community, community);
    assert_int_equal(a->pdu_tag, SNMP_BER_RESPONSE);
    assert_int_equal(a->rid, rid);
    assert_int_equal(a->error_status, 0);
    assert_int_equal(a->error_index, 0);
    assert_int_equal(a->varbinds, 1);
    assert_int_equal(a->arc_count, 9);
    assert_memory_equal(a->arcs, sys_name, sizeof sys_name);
    assert_int_equal(a->value_tag, SNMP_BER_OCTET_STRING);
    assert_int_equal(a->value_len, strlen(text));
    assert_memory_equal(a->value, text, strlen(text));
}

/* ---- UDP ---------------------------------------------------------------- */

/* A UDP socket connected to the agent on address ("127.0.0.1" or "::1"). */
static int udp_client(const char *address, int port)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    int family;
    if (strchr(address, ':') != NULL) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET6, address, &a->sin6_addr), 1);
        len = sizeof *a;
        family = AF_INET6;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET, address, &a->sin_addr), 1);
        len = sizeof *a;
        family = AF_INET;
    }
    int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&ss, len), 0);
    return fd;
}

static void udp_send(int fd, const msg *m)
{
    assert_int_equal(send(fd, m->b, m->n, 0), (ssize_t)m->n);
}

/* The next datagram within timeout_ms (a give-up deadline); its length, or -1. */
static ssize_t udp_recv(int fd, uint8_t *buf, size_t cap, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, h_slow_ms(timeout_ms)) != 1)
        return -1;
    return recv(fd, buf, cap, MSG_DONTWAIT);
}

static void udp_expect_answer(int fd, answer *a)
{
    static uint8_t buf[MSG_MAX];
    ssize_t n = udp_recv(fd, buf, sizeof buf, H_PROMPT_MS);
    if (n <= 0)
        fail_msg("no answer over UDP");
    decode_answer(buf, (size_t)n, a);
}

/* Asserts nothing more is waiting on fd (every answer sent before it has arrived:
 * callers first read an answer sent after the one that must not come). */
static void udp_assert_nothing_waiting(int fd)
{
    uint8_t buf[64];
    assert_true(recv(fd, buf, sizeof buf, MSG_DONTWAIT) < 0);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
}

static void udp_get_sysname_expect(const char *address, const char *community, int32_t rid,
                                   const char *text)
{
    int fd = udp_client(address, agent.port);
    static msg m;
    build_get(&m, community, rid, sys_name, 9);
    udp_send(fd, &m);
    answer a;
    udp_expect_answer(fd, &a);
    assert_sysname_answer(&a, community, rid, text);
    close(fd);
}

/* ---- SNMP over TCP -------------------------------------------------------- */

/* Reads one BER-framed message; H_IO_OK with its length in *len, or why not. */
static h_io tcp_read_frame(int fd, uint8_t *buf, size_t cap, size_t *len)
{
    size_t got = 0;
    h_io io = h_recv_exact(fd, buf, 2, H_PROMPT_MS, &got);
    if (io != H_IO_OK)
        return io;
    size_t header = 2;
    size_t content = buf[1];
    if (buf[1] & 0x80) {
        size_t octets = buf[1] & 0x7fu;
        assert_true(octets >= 1 && octets <= 4);
        assert_int_equal(h_recv_exact(fd, buf + 2, octets, H_PROMPT_MS, &got), H_IO_OK);
        content = 0;
        for (size_t i = 0; i < octets; i++)
            content = content << 8 | buf[2 + i];
        header += octets;
    }
    assert_true(header + content <= cap);
    assert_int_equal(h_recv_exact(fd, buf + header, content, H_PROMPT_MS, &got), H_IO_OK);
    *len = header + content;
    return H_IO_OK;
}

static void tcp_expect_answer(int fd, answer *a)
{
    static uint8_t buf[MSG_MAX];
    size_t len = 0;
    h_io io = tcp_read_frame(fd, buf, sizeof buf, &len);
    if (io != H_IO_OK)
        fail_msg("no SNMP answer over TCP: %s", h_io_name(io));
    decode_answer(buf, len, a);
}

static void tcp_send(int fd, const msg *m)
{
    assert_int_equal(h_send_all(fd, m->b, m->n, H_PROMPT_MS), H_IO_OK);
}

/* Waits for a line of the agent starting with `line`; fails showing its output. */
static void expect_agent_line(const char *line)
{
    if (!h_agent_wait_lines(&agent, line, 1, H_PROMPT_MS))
        fail_msg("no agent line `%s`; agent output:\n%s", line, agent.proc->out);
}

/* ---- tests ----------------------------------------------------------------- */

static int start_default(void **state)
{
    (void)h_setup(state);
    h_agent_start(&agent, (const char *const[]){"--rw-community", "private", NULL});
    return 0;
}

static int stop_agent(void **state)
{
    if (agent.proc != NULL)
        h_agent_stop_free(&agent);
    agent.proc = NULL;
    return h_teardown(state);
}

static void udp_get_sysname_v2c(void **state)
{
    (void)state;
    udp_get_sysname_expect("127.0.0.1", "public", 0x1234, "router-main");
    /* The read-write community reads too. */
    udp_get_sysname_expect("127.0.0.1", "private", 7, "router-main");
    /* Neither SNMP over UDP nor the seed protocol's absence prints per-connection lines. */
    assert_int_equal(h_agent_count(&agent, "Connection from"), 0);
}

static void tcp_get_sysname_v2c_pipelined(void **state)
{
    (void)state;
    int fd = h_connect(agent.port);
    static msg two;
    static msg m;
    build_get(&m, "public", 1, sys_name, 9);
    memcpy(two.b, m.b, m.n);
    two.n = m.n;
    build_get(&m, "public", 2, sys_name, 9);
    memcpy(two.b + two.n, m.b, m.n);
    two.n += m.n;
    tcp_send(fd, &two);   /* both in one segment: answered in order */
    answer a;
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 1, "router-main");
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 2, "router-main");
    /* The connection stays: one more, split byte by byte. */
    build_get(&m, "public", 3, sys_name, 9);
    for (size_t i = 0; i < m.n; i++)
        assert_int_equal(h_send_all(fd, m.b + i, 1, H_PROMPT_MS), H_IO_OK);
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 3, "router-main");
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 disconnected normally", 1,
                                   H_PROMPT_MS));
    /* A seed connection beside it is served as ever. */
    int seed = h_connect(agent.port);
    h_get_string_expect(seed, 9, SYS_NAME_TEXT, "router-main");
    h_close(seed);
}

/* A SET by one protocol is seen at once by the other, both ways. */
static void set_by_one_protocol_read_by_the_other(void **state)
{
    (void)state;
    /* Seed SET, read over SNMP/UDP and SNMP/TCP. */
    int seed = h_connect(agent.port);
    static h_buf req;
    static h_reply rep;
    hb_reset(&req);
    hb_set_string(&req, 41, SYS_NAME_TEXT, "set-by-seed", 11);
    assert_int_equal(h_send_all(seed, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(seed, &rep, 41, SNMP_ERR_SUCCESS, 1);
    udp_get_sysname_expect("127.0.0.1", "public", 42, "set-by-seed");
    int tcp = h_connect(agent.port);
    static msg m;
    build_get(&m, "public", 43, sys_name, 9);
    tcp_send(tcp, &m);
    answer a;
    tcp_expect_answer(tcp, &a);
    assert_sysname_answer(&a, "public", 43, "set-by-seed");

    /* SNMP SET over UDP (read-write community), read by the seed protocol. */
    int udp = udp_client("127.0.0.1", agent.port);
    build_set_string(&m, "private", 44, "set-by-udp");
    udp_send(udp, &m);
    udp_expect_answer(udp, &a);
    assert_sysname_answer(&a, "private", 44, "set-by-udp");
    h_get_string_expect(seed, 45, SYS_NAME_TEXT, "set-by-udp");

    /* SNMP SET over TCP, read by the seed protocol and over UDP. */
    build_set_string(&m, "private", 46, "set-by-tcp");
    tcp_send(tcp, &m);
    tcp_expect_answer(tcp, &a);
    assert_sysname_answer(&a, "private", 46, "set-by-tcp");
    h_get_string_expect(seed, 47, SYS_NAME_TEXT, "set-by-tcp");
    udp_get_sysname_expect("127.0.0.1", "public", 48, "set-by-tcp");

    /* The read-only community cannot write (noAccess, error-index 1): nothing changes. */
    build_set_string(&m, "public", 49, "not-written");
    udp_send(udp, &m);
    udp_expect_answer(udp, &a);
    assert_int_equal(a.rid, 49);
    assert_int_equal(a.error_status, 6);   /* noAccess */
    assert_int_equal(a.error_index, 1);
    h_get_string_expect(seed, 50, SYS_NAME_TEXT, "set-by-tcp");
    close(udp);
    h_close(tcp);
    h_close(seed);
}

/* A first byte other than 0x00 and 0x30 closes the connection unanswered:
 * it is a seed message whose size field is above 65536, refused and
 * reported exactly as before SNMP came; the agent serves the next one. */
static void bad_first_byte_closes(void **state)
{
    (void)state;
    static const uint8_t firsts[] = {0x01, 0x2f, 0x31, 0xa0, 0xff, 'G'};
    for (size_t i = 0; i < sizeof firsts; i++) {
        int fd = h_connect(agent.port);
        uint8_t bytes[8] = {firsts[i], 0x00, 0x00, 0x14, 0, 0, 0, 1};
        assert_int_equal(h_send_all(fd, bytes, sizeof bytes, H_PROMPT_MS), H_IO_OK);
        h_assert_closed_without_reply(fd, H_PROMPT_MS);
        h_close(fd);
        char line[160];
        snprintf(line, sizeof line,
                 "ERROR with client 127.0.0.1: message size field out of range 9 to 65536 "
                 "(got %lu) at offset 0",
                 ((unsigned long)firsts[i] << 24) | 0x14ul);
        expect_agent_line(line);
    }
    udp_get_sysname_expect("127.0.0.1", "public", 5, "router-main");
    int seed = h_connect(agent.port);
    h_get_string_expect(seed, 6, SYS_NAME_TEXT, "router-main");
    h_close(seed);
}

/* A message the responder refuses closes its TCP connection, after the
 * answers owed; a dropped one (bad community) sends nothing and keeps it. */
static void refused_snmp_message_closes_dropped_one_keeps(void **state)
{
    (void)state;
    /* A good GET, then an INTEGER of 0 bytes as the version (strict BER). */
    int fd = h_connect(agent.port);
    static msg m;
    build_get(&m, "public", 11, sys_name, 9);
    static const uint8_t bad[] = {0x30, 0x02, 0x02, 0x00};
    memcpy(m.b + m.n, bad, sizeof bad);
    m.n += sizeof bad;
    tcp_send(fd, &m);
    answer a;
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 11, "router-main");
    size_t extra = 0;
    h_io io = h_wait_closed(fd, H_PROMPT_MS, &extra);
    assert_true(io == H_IO_EOF || io == H_IO_RESET);
    assert_int_equal(extra, 0);
    h_close(fd);
    expect_agent_line("ERROR with client 127.0.0.1: SNMP message refused, integer of 0 bytes "
                      "(version) at offset 2");

    /* The next connection is served. */
    fd = h_connect(agent.port);
    build_get(&m, "public", 12, sys_name, 9);
    tcp_send(fd, &m);
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 12, "router-main");

    /* A bad community: no answer, the connection stays, the next is answered. */
    build_get(&m, "wrong", 13, sys_name, 9);
    tcp_send(fd, &m);
    build_get(&m, "public", 14, sys_name, 9);
    tcp_send(fd, &m);
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 14, "router-main");
    h_close(fd);

    /* A frame above 65535 bytes is refused as soon as its header is in. */
    fd = h_connect(agent.port);
    static const uint8_t huge[] = {0x30, 0x83, 0x01, 0x00, 0x00};
    assert_int_equal(h_send_all(fd, huge, sizeof huge, H_PROMPT_MS), H_IO_OK);
    h_assert_closed_without_reply(fd, H_PROMPT_MS);
    h_close(fd);
    expect_agent_line(
        "ERROR with client 127.0.0.1: frame longer than the largest message at offset 0");

    /* Both refusals counted in snmpInASNParseErrs (1.3.6.1.2.1.11.6.0). */
    static const uint32_t parse_errs[] = {1, 3, 6, 1, 2, 1, 11, 6, 0};
    int udp = udp_client("127.0.0.1", agent.port);
    build_get(&m, "public", 15, parse_errs, 9);
    udp_send(udp, &m);
    udp_expect_answer(udp, &a);
    assert_int_equal(a.rid, 15);
    assert_int_equal(a.value_tag, SNMP_BER_COUNTER32);
    assert_int_equal(a.value_len, 1);
    assert_int_equal(a.value[0], 2);
    close(udp);
}

/* A bad community over UDP gets no answer and is counted
 * (snmpInBadCommunityNames, SNMPv2-MIB 1.3.6.1.2.1.11.4.0). */
static void bad_community_over_udp_gets_no_answer(void **state)
{
    (void)state;
    int fd = udp_client("127.0.0.1", agent.port);
    static msg m;
    build_get(&m, "wrong", 21, sys_name, 9);
    udp_send(fd, &m);
    build_get(&m, "PUBLIC", 22, sys_name, 9);
    udp_send(fd, &m);
    build_get(&m, "publi", 23, sys_name, 9);
    udp_send(fd, &m);
    /* (The table's own value of this row, served by the seed protocol, is 2.) */
    static const uint32_t bad_names[] = {1, 3, 6, 1, 2, 1, 11, 4, 0};
    build_get(&m, "public", 24, bad_names, 9);
    udp_send(fd, &m);
    /* Datagrams are answered in order: the first answer is the fourth's. */
    answer a;
    udp_expect_answer(fd, &a);
    assert_int_equal(a.rid, 24);
    assert_int_equal(a.error_status, 0);
    assert_int_equal(a.value_tag, SNMP_BER_COUNTER32);
    assert_int_equal(a.value_len, 1);
    assert_int_equal(a.value[0], 3);
    udp_assert_nothing_waiting(fd);
    close(fd);
}

/* IPv6 on ::1 over UDP, and a datagram above 65507 bytes (possible over
 * IPv6) refused and counted in snmpInASNParseErrs (1.3.6.1.2.1.11.6.0). */
static void ipv6_over_udp(void **state)
{
    (void)state;
    h_agent_start(&agent, (const char *const[]){"-b", "::1", NULL});
    udp_get_sysname_expect("::1", "public", 31, "router-main");
    int fd = udp_client("::1", agent.port);
    uint8_t *big = calloc(1, 65508);
    assert_non_null(big);
    big[0] = 0x30;
    big[1] = 0x83;
    big[2] = 0x00;
    big[3] = 0xff;
    big[4] = 0xdf;   /* 4 + 65503 + 1 = 65508 bytes */
    assert_int_equal(send(fd, big, 65508, 0), 65508);
    free(big);
    static const uint32_t parse_errs[] = {1, 3, 6, 1, 2, 1, 11, 6, 0};
    static msg m;
    build_get(&m, "public", 32, parse_errs, 9);
    udp_send(fd, &m);
    answer a;
    udp_expect_answer(fd, &a);
    assert_int_equal(a.rid, 32);
    assert_int_equal(a.value_tag, SNMP_BER_COUNTER32);
    assert_int_equal(a.value_len, 1);
    assert_int_equal(a.value[0], 1);
    udp_assert_nothing_waiting(fd);
    close(fd);
}

/* The idle rule holds for SNMP connections: half a frame does not keep
 * one open, and a whole request answered before does not either. */
static void idle_rule_closes_a_half_sent_snmp_frame(void **state)
{
    (void)state;
    h_agent_start(&agent, (const char *const[]){"-t", "0.5", NULL});
    int fd = h_connect(agent.port);
    static msg m;
    build_get(&m, "public", 61, sys_name, 9);
    tcp_send(fd, &m);
    answer a;
    tcp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "public", 61, "router-main");
    assert_int_equal(h_send_all(fd, m.b, m.n / 2, H_PROMPT_MS), H_IO_OK);
    size_t extra = 0;
    h_io io = h_wait_closed(fd, 10000, &extra);
    assert_true(io == H_IO_EOF || io == H_IO_RESET);
    assert_int_equal(extra, 0);
    h_close(fd);
    assert_true(h_agent_wait_lines(&agent, "Client 127.0.0.1 timed out after 0.5s", 1,
                                   H_PROMPT_MS));
}

/* ---- communities from a file ---- */

typedef struct tmp_file {
    char dir[64];
    char path[96];
} tmp_file;

static void tmp_write(tmp_file *t, const char *text, mode_t mode)
{
    strcpy(t->dir, "/tmp/snmp-it-community-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/communities", t->dir);
    FILE *f = fopen(t->path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(t->path, mode), 0);
}

static void tmp_remove(tmp_file *t)
{
    assert_int_equal(unlink(t->path), 0);
    assert_int_equal(rmdir(t->dir), 0);
}

static void communities_from_a_0600_file(void **state)
{
    (void)state;
    tmp_file t;
    tmp_write(&t, "# test\nro file-reader\nrw file-writer\n", 0600);
    h_agent_start(&agent, (const char *const[]){"--community-file", t.path, NULL});
    udp_get_sysname_expect("127.0.0.1", "file-reader", 51, "router-main");
    int fd = udp_client("127.0.0.1", agent.port);
    static msg m;
    /* `public` is not a community once the file gives a read-only one. */
    build_get(&m, "public", 52, sys_name, 9);
    udp_send(fd, &m);
    build_set_string(&m, "file-writer", 53, "from-file");
    udp_send(fd, &m);
    answer a;
    udp_expect_answer(fd, &a);
    assert_sysname_answer(&a, "file-writer", 53, "from-file");
    udp_assert_nothing_waiting(fd);
    close(fd);
    tmp_remove(&t);
}

static void a_0644_file_is_refused_at_start(void **state)
{
    (void)state;
    tmp_file t;
    tmp_write(&t, "ro file-reader\n", 0644);
    char port[16];
    snprintf(port, sizeof port, "%d", h_free_port());
    const char *argv[] = {SNMP_AGENT_BIN, "-b", "127.0.0.1", "--community-file", t.path, port,
                          NULL};
    h_proc *p = h_proc_spawn("snmp_agent", argv, NULL);
    assert_true(h_proc_wait_exit(p, H_PROMPT_MS));
    assert_int_equal(h_proc_exit_code(p), 1);
    char expected[256];
    snprintf(expected, sizeof expected,
             "Error: community file %s is readable by group or others (mode 0644); chmod it "
             "to 600\n",
             t.path);
    assert_string_equal(p->out, expected);
    h_proc_free(p);
    tmp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(udp_get_sysname_v2c, start_default, stop_agent),
        cmocka_unit_test_setup_teardown(tcp_get_sysname_v2c_pipelined, start_default, stop_agent),
        cmocka_unit_test_setup_teardown(set_by_one_protocol_read_by_the_other, start_default,
                                        stop_agent),
        cmocka_unit_test_setup_teardown(bad_first_byte_closes, start_default, stop_agent),
        cmocka_unit_test_setup_teardown(refused_snmp_message_closes_dropped_one_keeps,
                                        start_default, stop_agent),
        cmocka_unit_test_setup_teardown(bad_community_over_udp_gets_no_answer, start_default,
                                        stop_agent),
        cmocka_unit_test_setup_teardown(ipv6_over_udp, h_setup, stop_agent),
        cmocka_unit_test_setup_teardown(idle_rule_closes_a_half_sent_snmp_frame, h_setup,
                                        stop_agent),
        cmocka_unit_test_setup_teardown(communities_from_a_0600_file, h_setup, stop_agent),
        cmocka_unit_test_setup_teardown(a_0644_file_is_refused_at_start, h_setup, stop_agent),
    };
    return cmocka_run_group_tests(tests, h_group_setup, NULL);
}
