/*
 * Raw-socket conversations with the real agent: golden vectors byte for byte,
 * GET/SET semantics as AGENT.md states them, pipelining, persistent
 * connections, and messages split across writes.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define SYS_NAME "1.3.6.1.2.1.1.5.0"
#define SYS_DESCR "1.3.6.1.2.1.1.1.0"
#define SYS_SERVICES "1.3.6.1.2.1.1.7.0"
#define SYS_CONTACT "1.3.6.1.2.1.1.4.0"
#define SYS_LOCATION "1.3.6.1.2.1.1.6.0"
#define IF_ALIAS_1 "1.3.6.1.2.1.2.2.1.18.1"
#define IF_IN_OCTETS_1 "1.3.6.1.2.1.2.2.1.10.1"

static h_agent agent;
static h_buf req;
static h_reply rep;

/* Sends bytes, reads one reply and asserts it equals expected exactly. */
static void exchange_exact(int fd, const uint8_t *request, size_t request_len,
                           const uint8_t *expected, size_t expected_len)
{
    assert_int_equal(h_send_all(fd, request, request_len, H_PROMPT_MS), H_IO_OK);
    h_io io = h_read_msg(fd, &rep, H_PROMPT_MS);
    if (io != H_IO_OK) {
        fail_msg("no reply: %s", h_io_name(io));
    }
    assert_int_equal(rep.len, expected_len);
    assert_memory_equal(rep.buf, expected, expected_len);
}

static void golden_vectors_get_byte_exact_replies(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);

    /* PROTOCOL.md s.6: GetRequest(1234, [sysName]). */
    static const uint8_t get_sysname[] = {0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x04, 0xd2, 0xa0, 0x01,
                                          0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00};
    static const uint8_t get_sysname_reply[] = {
        0x00, 0x00, 0x00, 0x23, 0x00, 0x00, 0x04, 0xd2, 0xa1, 0x00, 0x01, 0x09,
        0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x04, 0x00, 0x0b,
        'r',  'o',  'u',  't',  'e',  'r',  '-',  'm',  'a',  'i',  'n'};
    exchange_exact(fd, get_sysname, sizeof get_sysname, get_sysname_reply, sizeof get_sysname_reply);

    /* GetRequest(0, []) -> SUCCESS, no bindings. */
    static const uint8_t get_empty[] = {0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x00};
    static const uint8_t get_empty_reply[] = {0x00, 0x00, 0x00, 0x0b, 0x00, 0x00,
                                              0x00, 0x00, 0xa1, 0x00, 0x00};
    exchange_exact(fd, get_empty, sizeof get_empty, get_empty_reply, sizeof get_empty_reply);

    /* GetRequest(7, [1.3.6.1.2.1.1.99.0]) -> NO_SUCH_OID. */
    static const uint8_t get_unknown[] = {0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x07, 0xa0, 0x01,
                                          0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x63, 0x00};
    static const uint8_t no_such_7[] = {0x00, 0x00, 0x00, 0x0b, 0x00, 0x00,
                                        0x00, 0x07, 0xa1, 0x01, 0x00};
    exchange_exact(fd, get_unknown, sizeof get_unknown, no_such_7, sizeof no_such_7);

    /* sysServices INTEGER 72, request_id 0x0000abcd. */
    static const uint8_t get_services[] = {0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0xab, 0xcd, 0xa0, 0x01,
                                           0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x07, 0x00};
    static const uint8_t get_services_reply[] = {
        0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0xab, 0xcd, 0xa1, 0x00, 0x01, 0x09, 0x01, 0x03,
        0x06, 0x01, 0x02, 0x01, 0x01, 0x07, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x48};
    exchange_exact(fd, get_services, sizeof get_services, get_services_reply,
                   sizeof get_services_reply);

    /* ifInOctets.1 COUNTER 3456789012 = 0xce0a6a14, request_id 0xffffffff. */
    static const uint8_t get_counter[] = {0x00, 0x00, 0x00, 0x16, 0xff, 0xff, 0xff, 0xff,
                                          0xa0, 0x01, 0x0b, 0x01, 0x03, 0x06, 0x01, 0x02,
                                          0x01, 0x02, 0x02, 0x01, 0x0a, 0x01};
    static const uint8_t get_counter_reply[] = {
        0x00, 0x00, 0x00, 0x1e, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x00, 0x01, 0x0b, 0x01, 0x03, 0x06,
        0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0a, 0x01, 0x41, 0x00, 0x04, 0xce, 0x0a, 0x6a, 0x14};
    exchange_exact(fd, get_counter, sizeof get_counter, get_counter_reply, sizeof get_counter_reply);

    /* sysObjectID is served as a STRING of dotted text. */
    static const uint8_t get_objid[] = {0x00, 0x00, 0x00, 0x14, 0x12, 0x34, 0x56, 0x78, 0xa0, 0x01,
                                        0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00};
    static const uint8_t get_objid_reply[] = {
        0x00, 0x00, 0x00, 0x2c, 0x12, 0x34, 0x56, 0x78, 0xa1, 0x00, 0x01, 0x09, 0x01, 0x03, 0x06,
        0x01, 0x02, 0x01, 0x01, 0x02, 0x00, 0x04, 0x00, 0x14, '1',  '.',  '3',  '.',  '6',  '.',
        '1',  '.',  '4',  '.',  '1',  '.',  '9',  '.',  '1',  '.',  '1',  '2',  '3',  '4'};
    exchange_exact(fd, get_objid, sizeof get_objid, get_objid_reply, sizeof get_objid_reply);

    /* PROTOCOL.md s.6: SetRequest(1, [(sysName, STRING, "router1")]) echoes. */
    static const uint8_t set_router1[] = {0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x01, 0xa3, 0x01,
                                          0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,
                                          0x04, 0x00, 0x07, 'r',  'o',  'u',  't',  'e',  'r',  '1'};
    static const uint8_t set_router1_reply[] = {
        0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x01, 0xa1, 0x00, 0x01,
        0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x04,
        0x00, 0x07, 'r',  'o',  'u',  't',  'e',  'r',  '1'};
    exchange_exact(fd, set_router1, sizeof set_router1, set_router1_reply, sizeof set_router1_reply);
    h_get_string_expect(fd, 2, SYS_NAME, "router1");

    /* Empty SET: SUCCESS, no bindings. */
    static const uint8_t set_empty[] = {0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x05, 0xa3, 0x00};
    static const uint8_t set_empty_reply[] = {0x00, 0x00, 0x00, 0x0b, 0x00, 0x00,
                                              0x00, 0x05, 0xa1, 0x00, 0x00};
    exchange_exact(fd, set_empty, sizeof set_empty, set_empty_reply, sizeof set_empty_reply);

    h_close(fd);
    h_agent_stop_free(&agent);
}

static void set_errors_follow_agent_md_check_order(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    static const struct {
        const char *oid[2];
        uint8_t type[2];
        uint8_t expected;
    } cases[] = {
        /* read-only, then a wrong type: READ_ONLY comes from the first binding */
        {{SYS_DESCR, SYS_NAME}, {SNMP_TYPE_STRING, SNMP_TYPE_INTEGER}, SNMP_ERR_READ_ONLY},
        /* a valid binding, then an unknown OID */
        {{SYS_NAME, "1.3.6.1.2.1.1.99.0"}, {SNMP_TYPE_STRING, SNMP_TYPE_STRING},
         SNMP_ERR_NO_SUCH_OID},
        /* a valid binding, then a read-only one */
        {{SYS_NAME, SYS_SERVICES}, {SNMP_TYPE_STRING, SNMP_TYPE_INTEGER}, SNMP_ERR_READ_ONLY},
        /* a valid binding, then a wrong type */
        {{SYS_NAME, SYS_LOCATION}, {SNMP_TYPE_STRING, SNMP_TYPE_COUNTER}, SNMP_ERR_BAD_VALUE},
        /* wrong type first, unknown later: the first failure wins */
        {{SYS_NAME, "1.3.6.1.2.1.1.99.0"}, {SNMP_TYPE_TIMETICKS, SNMP_TYPE_STRING},
         SNMP_ERR_BAD_VALUE},
        /* read-only object with a wrong type: READ_ONLY is checked before the type */
        {{"1.3.6.1.2.1.1.3.0", SYS_NAME}, {SNMP_TYPE_STRING, SNMP_TYPE_STRING}, SNMP_ERR_READ_ONLY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t rid = (uint32_t)(100 + i);
        hb_reset(&req);
        size_t start = hb_begin(&req, rid, SNMP_PDU_SET_REQUEST);
        hb_u8(&req, 2);
        for (size_t j = 0; j < 2; j++) {
            if (cases[i].type[j] == SNMP_TYPE_STRING) {
                hb_binding(&req, cases[i].oid[j], SNMP_TYPE_STRING, "changed", 7);
            } else {
                hb_binding_u32(&req, cases[i].oid[j], cases[i].type[j], 7);
            }
        }
        hb_end(&req, start);
        assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
        h_expect_reply(fd, &rep, rid, cases[i].expected, 0);
        /* A failed SET changes nothing. */
        h_get_string_expect(fd, rid + 1000, SYS_NAME, "router-main");
        h_get_string_expect(fd, rid + 2000, SYS_LOCATION, "Server Room, Building A, Floor 2");
    }

    /* A repeated OID: the last one wins, and both are echoed. */
    hb_reset(&req);
    size_t start = hb_begin(&req, 77, SNMP_PDU_SET_REQUEST);
    hb_u8(&req, 2);
    hb_binding(&req, SYS_NAME, SNMP_TYPE_STRING, "first", 5);
    hb_binding(&req, SYS_NAME, SNMP_TYPE_STRING, "second", 6);
    hb_end(&req, start);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 77, SNMP_ERR_SUCCESS, 2);
    h_assert_string_binding(&rep, 0, SYS_NAME, "first", 5);
    h_assert_string_binding(&rep, 1, SYS_NAME, "second", 6);
    h_get_string_expect(fd, 78, SYS_NAME, "second");

    h_close(fd);
    h_agent_stop_free(&agent);
}

static void hundred_pipelined_gets_are_answered_in_order(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    enum { N = 100 };
    const char *const oids[3] = {SYS_NAME, SYS_SERVICES, IF_IN_OCTETS_1};
    hb_reset(&req);
    for (uint32_t i = 0; i < N; i++) {
        hb_get1(&req, 5000 + i * 7, oids[i % 3]);
    }
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    for (uint32_t i = 0; i < N; i++) {
        h_expect_reply(fd, &rep, 5000 + i * 7, SNMP_ERR_SUCCESS, 1);
        switch (i % 3) {
        case 0: h_assert_string_binding(&rep, 0, SYS_NAME, "router-main", 11); break;
        case 1: h_assert_u32_binding(&rep, 0, SYS_SERVICES, SNMP_TYPE_INTEGER, 72); break;
        default:
            h_assert_u32_binding(&rep, 0, IF_IN_OCTETS_1, SNMP_TYPE_COUNTER, 3456789012u);
            break;
        }
    }
    /* Exactly N answers: nothing more is pending. */
    h_assert_quiet_open(fd, 200);
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void pipelined_get_set_mix_applies_in_request_order(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    hb_reset(&req);
    hb_get1(&req, 1, SYS_NAME);
    hb_set_string(&req, 2, SYS_NAME, "piped-1", 7);
    hb_get1(&req, 3, SYS_NAME);
    hb_set_string(&req, 4, SYS_NAME, "piped-2", 7);
    hb_get1(&req, 5, SYS_NAME);
    hb_set_string(&req, 6, SYS_DESCR, "nope", 4);
    hb_get1(&req, 7, SYS_NAME);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);

    h_expect_reply(fd, &rep, 1, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "router-main", 11);
    h_expect_reply(fd, &rep, 2, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "piped-1", 7);
    h_expect_reply(fd, &rep, 3, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "piped-1", 7);
    h_expect_reply(fd, &rep, 4, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "piped-2", 7);
    h_expect_reply(fd, &rep, 5, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "piped-2", 7);
    h_expect_reply(fd, &rep, 6, SNMP_ERR_READ_ONLY, 0);
    h_expect_reply(fd, &rep, 7, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "piped-2", 7);

    /* Another connection sees the result. */
    int other = h_connect(agent.port);
    h_get_string_expect(other, 8, SYS_NAME, "piped-2");
    h_close(other);
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void persistent_connection_serves_many_sequential_requests(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    for (uint32_t i = 0; i < 500; i++) {
        uint32_t rid = i * 0x01000193u; /* spread over the whole u32 range, 0 included */
        hb_reset(&req);
        if (i % 50 == 49) {
            char value[32];
            int n = snprintf(value, sizeof value, "name-%u", (unsigned)i);
            hb_set_string(&req, rid, SYS_NAME, value, (size_t)n);
            assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
            h_expect_reply(fd, &rep, rid, SNMP_ERR_SUCCESS, 1);
            h_assert_string_binding(&rep, 0, SYS_NAME, value, (size_t)n);
        } else {
            hb_get1(&req, rid, SYS_SERVICES);
            assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
            h_expect_reply(fd, &rep, rid, SNMP_ERR_SUCCESS, 1);
            h_assert_u32_binding(&rep, 0, SYS_SERVICES, SNMP_TYPE_INTEGER, 72);
        }
    }
    h_get_string_expect(fd, 1, SYS_NAME, "name-499");
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void message_split_into_single_bytes_is_answered(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    hb_reset(&req);
    hb_get1(&req, 42, SYS_NAME);
    for (size_t i = 0; i < req.len; i++) {
        assert_int_equal(h_send_all(fd, req.data + i, 1, H_PROMPT_MS), H_IO_OK);
        if (i + 1 < req.len && i % 5 == 0) {
            /* Nothing may be answered before the message is complete. */
            h_assert_quiet_open(fd, 20);
        }
    }
    h_expect_reply(fd, &rep, 42, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "router-main", 11);

    /* Two messages with the boundary inside the second one's size field. */
    hb_reset(&req);
    hb_get1(&req, 43, SYS_NAME);
    hb_set_string(&req, 44, SYS_NAME, "split", 5);
    hb_get1(&req, 45, SYS_NAME);
    size_t first_len = 20 + 2;
    assert_int_equal(h_send_all(fd, req.data, first_len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 43, SNMP_ERR_SUCCESS, 1);
    assert_int_equal(h_send_all(fd, req.data + first_len, 9, H_PROMPT_MS), H_IO_OK);
    h_assert_quiet_open(fd, 50);
    assert_int_equal(h_send_all(fd, req.data + first_len + 9, req.len - first_len - 9, H_PROMPT_MS),
                     H_IO_OK);
    h_expect_reply(fd, &rep, 44, SNMP_ERR_SUCCESS, 1);
    h_expect_reply(fd, &rep, 45, SNMP_ERR_SUCCESS, 1);
    h_assert_string_binding(&rep, 0, SYS_NAME, "split", 5);
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void large_requests_and_replies_round_trip(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);

    /* 255 OIDs, the most a message carries: a ~24 KB reply. */
    static char names[50][32];
    const char *oids[255];
    for (size_t i = 0; i < 50; i++) {
        snprintf(names[i], sizeof names[i], "1.3.6.1.4.1.99.1.%zu.0", i + 1);
    }
    for (size_t i = 0; i < 255; i++) {
        oids[i] = names[(i * 7) % 50];
    }
    hb_reset(&req);
    hb_get(&req, 9001, oids, 255);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 9001, SNMP_ERR_SUCCESS, 255);
    for (size_t i = 0; i < 255; i++) {
        char value[128];
        int n = snprintf(value, sizeof value,
                         "Test OID %zu - This is a longer string to help test buffering of large "
                         "SNMP messages",
                         (i * 7) % 50 + 1);
        h_assert_string_binding(&rep, i, oids[i], value, (size_t)n);
    }

    /* A near-maximum request: 255 OIDs of 255 components each (65290 bytes),
     * none of them known. */
    static char long_oid[255 * 2];
    for (size_t i = 0; i < 255; i++) {
        long_oid[2 * i] = '1';
        long_oid[2 * i + 1] = i + 1 < 255 ? '.' : '\0';
    }
    const char *long_oids[255];
    for (size_t i = 0; i < 255; i++) {
        long_oids[i] = long_oid;
    }
    hb_reset(&req);
    hb_get(&req, 9002, long_oids, 255);
    assert_int_equal(req.len, 65290);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 9002, SNMP_ERR_NO_SUCH_OID, 0);

    /* Exactly 65536 bytes: a SET whose string is far too long -> BAD_VALUE. */
    static char big[SNMP_MAX_MESSAGE_SIZE];
    memset(big, 'q', sizeof big);
    size_t value_len = SNMP_MAX_MESSAGE_SIZE - 10 - (1 + 9 + 1 + 2);
    hb_reset(&req);
    hb_set_string(&req, 9003, SYS_NAME, big, value_len);
    assert_int_equal(req.len, SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 9003, SNMP_ERR_BAD_VALUE, 0);

    h_get_string_expect(fd, 9004, SYS_NAME, "router-main");
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void reply_past_64k_is_too_big_and_connection_goes_on(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    static char s255[255];
    memset(s255, 'w', sizeof s255);
    const char *const writable[4] = {SYS_CONTACT, SYS_NAME, SYS_LOCATION, IF_ALIAS_1};
    hb_reset(&req);
    for (uint32_t i = 0; i < 4; i++) {
        hb_set_string(&req, 10 + i, writable[i], s255, sizeof s255);
    }
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    for (uint32_t i = 0; i < 4; i++) {
        h_expect_reply(fd, &rep, 10 + i, SNMP_ERR_SUCCESS, 1);
    }
    const char *oids[255];
    for (size_t i = 0; i < 255; i++) {
        oids[i] = writable[i % 4];
    }
    hb_reset(&req);
    hb_get(&req, 0xdeadbeefu, oids, 255);
    hb_get(&req, 21, oids, 240);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 0xdeadbeefu, SNMP_ERR_TOO_BIG, 0);
    static const uint8_t too_big[] = {0x00, 0x00, 0x00, 0x0b, 0xde, 0xad,
                                      0xbe, 0xef, 0xa1, 0x04, 0x00};
    assert_int_equal(rep.len, sizeof too_big);
    assert_memory_equal(rep.buf, too_big, sizeof too_big);
    h_expect_reply(fd, &rep, 21, SNMP_ERR_SUCCESS, 240);
    assert_int_equal(rep.len, 64451);
    h_assert_string_binding(&rep, 239, IF_ALIAS_1, s255, sizeof s255);
    h_close(fd);
    h_agent_stop_free(&agent);
}

/* Sets sysContact to n bytes of 'c' over fd (asserting SUCCESS). */
static void set_contact_length(int fd, uint32_t rid, size_t n)
{
    static char s[255];
    memset(s, 'c', sizeof s);
    assert_true(n <= sizeof s);
    hb_reset(&req);
    hb_set_string(&req, rid, SYS_CONTACT, s, n);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, rid, SNMP_ERR_SUCCESS, 1);
}

static void get_reply_limit_is_65536_bytes_exactly(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    static char s255[255];
    memset(s255, 'n', sizeof s255);
    hb_reset(&req);
    hb_set_string(&req, 1, SYS_NAME, s255, sizeof s255);
    assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
    h_expect_reply(fd, &rep, 1, SNMP_ERR_SUCCESS, 1);

    /* 244 x sysName (268 bytes each) + sysContact (13 + length) + 11:
     * length 119 -> 65535 bytes, 120 -> 65536, 121 -> 65537. */
    const char *oids[245];
    for (size_t i = 0; i < 244; i++) {
        oids[i] = SYS_NAME;
    }
    oids[244] = SYS_CONTACT;
    static const struct {
        size_t contact_len;
        uint8_t error;
        size_t reply_len;
    } cases[] = {
        {119, SNMP_ERR_SUCCESS, 65535},
        {120, SNMP_ERR_SUCCESS, 65536},
        {121, SNMP_ERR_TOO_BIG, 11},
    };
    for (uint32_t i = 0; i < 3; i++) {
        set_contact_length(fd, 10 + i, cases[i].contact_len);
        hb_reset(&req);
        hb_get(&req, 20 + i, oids, 245);
        assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
        h_expect_reply(fd, &rep, 20 + i, cases[i].error,
                       cases[i].error == SNMP_ERR_SUCCESS ? 245 : 0);
        assert_int_equal(rep.len, cases[i].reply_len);
    }
    h_close(fd);
    h_agent_stop_free(&agent);
}

static void set_whose_echo_passes_65536_is_too_big_and_changes_nothing(void **state)
{
    (void)state;
    h_agent_start(&agent, NULL);
    int fd = h_connect(agent.port);
    static char s255[255];
    memset(s255, 'e', sizeof s255);
    static char contact[121];
    memset(contact, 'k', sizeof contact);
    /* 244 x (sysName, 255 bytes) + (sysContact, n bytes): the request is
     * 10 + 244 * 268 + 13 + n bytes and its echo one byte more.
     * n = 120: request 65535, echo 65536 -> SUCCESS;
     * n = 121: request 65536, echo 65537 -> TOO_BIG, nothing applied. */
    for (uint32_t round = 0; round < 2; round++) {
        size_t n = round == 0 ? 121 : 120;
        hb_reset(&req);
        size_t start = hb_begin(&req, 30 + round, SNMP_PDU_SET_REQUEST);
        hb_u8(&req, 245);
        for (size_t i = 0; i < 244; i++) {
            s255[0] = (char)('A' + round);
            hb_binding(&req, SYS_NAME, SNMP_TYPE_STRING, s255, sizeof s255);
        }
        hb_binding(&req, SYS_CONTACT, SNMP_TYPE_STRING, contact, n);
        hb_end(&req, start);
        assert_int_equal(req.len, 65415 + n);
        assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
        if (round == 0) {
            h_expect_reply(fd, &rep, 30, SNMP_ERR_TOO_BIG, 0);
            h_get_string_expect(fd, 40, SYS_NAME, "router-main");
            h_get_string_expect(fd, 41, SYS_CONTACT, "admin@example.com");
        } else {
            h_expect_reply(fd, &rep, 31, SNMP_ERR_SUCCESS, 245);
            assert_int_equal(rep.len, 65536);
            h_assert_string_binding(&rep, 244, SYS_CONTACT, contact, n);
            hb_reset(&req);
            hb_get1(&req, 42, SYS_NAME);
            assert_int_equal(h_send_all(fd, req.data, req.len, H_PROMPT_MS), H_IO_OK);
            h_expect_reply(fd, &rep, 42, SNMP_ERR_SUCCESS, 1);
            h_assert_string_binding(&rep, 0, SYS_NAME, s255, sizeof s255);
        }
    }
    h_close(fd);
    h_agent_stop_free(&agent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(golden_vectors_get_byte_exact_replies, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(set_errors_follow_agent_md_check_order, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(hundred_pipelined_gets_are_answered_in_order, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(pipelined_get_set_mix_applies_in_request_order, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(persistent_connection_serves_many_sequential_requests,
                                        h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(message_split_into_single_bytes_is_answered, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(large_requests_and_replies_round_trip, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(reply_past_64k_is_too_big_and_connection_goes_on, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(get_reply_limit_is_65536_bytes_exactly, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(set_whose_echo_passes_65536_is_too_big_and_changes_nothing,
                                        h_setup, h_teardown),
    };
    return cmocka_run_group_tests_name("integration_protocol_and_pipelining", tests, h_group_setup,
                                       NULL);
}
