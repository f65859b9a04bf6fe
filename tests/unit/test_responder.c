/*
 * The SNMP command responder (SNMP.md s.3-5) over the default MIB and over
 * MIBs made for one rule: GET, GETNEXT, GETBULK and SET in v2c and v1, the
 * communities, tooBig and silent drops, the live snmp group, and the order
 * of SET's checks. Requests are built and answers parsed with snmp_msg.h,
 * so each case reads like a net-snmp session.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/ber.h"
#include "snmp/pdu.h"
#include "snmp/responder.h"
#include "snmp_msg.h"
#include "test_util.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { V1 = SNMP_VERSION_1, V2C = SNMP_VERSION_2C };
enum { GET = 0xa0, NEXT = 0xa1, SET = 0xa3, BULK = 0xa5 };

static const snmp_community communities[] = {
    {(const uint8_t *)"public", 6, false},
    {(const uint8_t *)"private", 7, true},
};

/* One agent: a MIB, its arena, a responder, scratch and buffers. */
typedef struct agent {
    snmp_mib mib;
    void *arena;
    snmp_responder responder;
    snmp_responder_scratch *scratch;
    uint8_t req[SNMP_TCP_MAX_MESSAGE + 16];
    size_t req_len;
    uint8_t out[SNMP_TCP_MAX_MESSAGE];
    size_t out_len;
    resp answer;
} agent;

static agent *agent_over(const snmp_mib_row *rows, size_t count)
{
    agent *a = calloc(1, sizeof *a);
    assert_non_null(a);
    size_t arena_size = snmp_mib_arena_size(rows, count);
    a->arena = malloc(arena_size);
    assert_non_null(a->arena);
    assert_int_equal(snmp_mib_init(&a->mib, rows, count, a->arena, arena_size, 1000), SNMP_OK);
    assert_int_equal(snmp_responder_init(&a->responder, &a->mib, communities, N_ELEMS(communities)),
                     SNMP_OK);
    a->scratch = malloc(snmp_responder_scratch_size());
    assert_non_null(a->scratch);
    return a;
}

static agent *default_agent(void)
{
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    return agent_over(rows, count);
}

static void agent_free(agent *a)
{
    free(a->scratch);
    free(a->arena);
    free(a);
}

/* Sends a->req[0 .. req_len) at now 1000 + 4200 ticks; returns the status. */
static snmp_status send_raw(agent *a, size_t max_message)
{
    return snmp_respond(&a->responder, a->scratch, a->req, a->req_len, 5200, max_message, a->out,
                        sizeof a->out, &a->out_len);
}

/* Asks and expects an answer, parsed into a->answer. */
static const resp *ask_max(agent *a, int32_t version, const char *community, uint8_t pdu,
                           int32_t e1, int32_t e2, const tvb *vbs, size_t n, size_t max_message)
{
    a->req_len = snmp_msg_build(a->req, sizeof a->req, version, community, pdu, 4242, e1, e2, vbs, n);
    assert_int_equal(send_raw(a, max_message), SNMP_OK);
    assert_true(a->out_len > 0);
    assert_true(a->out_len <= max_message);
    snmp_msg_parse(a->out, a->out_len, &a->answer);
    assert_int_equal(a->answer.pdu_type, 0xa2);
    assert_int_equal(a->answer.version, version);
    assert_int_equal(a->answer.request_id, 4242);
    assert_string_equal(a->answer.community, community);
    return &a->answer;
}

static const resp *ask(agent *a, int32_t version, const char *community, uint8_t pdu, const tvb *vbs,
                       size_t n)
{
    return ask_max(a, version, community, pdu, 0, 0, vbs, n, SNMP_UDP_MAX_MESSAGE);
}

static void expect_vb(const resp *r, size_t i, const char *name, const char *value)
{
    assert_true(i < r->count);
    assert_string_equal(r->vbs[i].name, name);
    assert_string_equal(r->vbs[i].value, value);
}

/* ---- GET ---- */

static void test_get_values_of_every_type_in_the_table(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {
        TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("1.3.6.1.2.1.1.2.0"), TVB_NULL("1.3.6.1.2.1.1.3.0"),
        TVB_NULL("1.3.6.1.2.1.1.7.0"), TVB_NULL("1.3.6.1.2.1.2.2.1.10.1"),
    };
    const resp *r = ask(a, V2C, "public", GET, vbs, N_ELEMS(vbs));
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->error_index, 0);
    assert_int_equal(r->count, 5);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    expect_vb(r, 1, "1.3.6.1.2.1.1.2.0", "OID: 1.3.6.1.4.1.9.1.1234");
    expect_vb(r, 2, "1.3.6.1.2.1.1.3.0", "Timeticks: 4200");   /* now - start */
    expect_vb(r, 3, "1.3.6.1.2.1.1.7.0", "INTEGER: 72");
    expect_vb(r, 4, "1.3.6.1.2.1.2.2.1.10.1", "Counter32: 3456789012");
    agent_free(a);
}

static void test_get_exceptions_say_object_or_instance(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {
        TVB_NULL("1.3.6.1.2.1.1.99.0"),     /* no such object type */
        TVB_NULL("1.3.6.1.2.1.1.5"),        /* the object type itself */
        TVB_NULL("1.3.6.1.2.1.1.5.1"),      /* another instance */
        TVB_NULL("1.3.6.1.2.1.1.5.0.7"),    /* under the instance */
        TVB_NULL("1.3.6.1.2.1.11.30.1"),    /* an snmp group type */
        TVB_NULL("1.3"),
        TVB_NULL("2.999.4294967295"),
    };
    const resp *r = ask(a, V2C, "public", GET, vbs, N_ELEMS(vbs));
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->count, N_ELEMS(vbs));
    static const char *const want[] = {"noSuchObject",   "noSuchInstance", "noSuchInstance",
                                       "noSuchInstance", "noSuchInstance", "noSuchObject",
                                       "noSuchObject"};
    for (size_t i = 0; i < N_ELEMS(vbs); i++)
        expect_vb(r, i, vbs[i].name, want[i]);
    agent_free(a);
}

static void test_get_v1_unknown_name_is_no_such_name_with_varbinds_as_sent(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("1.3.6.1.2.1.1.5.1")};
    const resp *r = ask(a, V1, "public", GET, vbs, 2);
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);
    assert_int_equal(r->error_index, 2);
    assert_int_equal(r->count, 2);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "NULL");
    expect_vb(r, 1, "1.3.6.1.2.1.1.5.1", "NULL");
    agent_free(a);
}

static void test_get_too_big_and_silent_drop(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.1.0"), TVB_NULL("1.3.6.1.2.1.1.6.0")};
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "public", GET, 4242, 0, 0, vbs, 2);
    /* The request itself fits 100 bytes, the answer (two long strings) not. */
    assert_true(a->req_len <= 70);
    const resp *r = ask_max(a, V2C, "public", GET, 0, 0, vbs, 2, 70);
    assert_int_equal(r->error_status, SNMP_PDU_TOO_BIG);
    assert_int_equal(r->error_index, 0);
    assert_int_equal(r->count, 0);
    /* Not even the tooBig fits: dropped and counted in snmpSilentDrops. */
    assert_int_equal(send_raw(a, 20), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    assert_int_equal(snmp_responder_counters(&a->responder)->silent_drops, 1);
    agent_free(a);
}

/* ---- GETNEXT and walks ---- */

static void test_get_next_steps_and_ends(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {
        TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("1.3.6.1.2.1.1.5"), TVB_NULL("1.3.6.1.2.1.1.5.0.1"),
        TVB_NULL("1.3.6.1.2.1.11.6.0"), TVB_NULL("2.1"),
    };
    const resp *r = ask(a, V2C, "public", NEXT, vbs, N_ELEMS(vbs));
    assert_int_equal(r->error_status, 0);
    expect_vb(r, 0, "1.3.6.1.2.1.1.6.0", "STRING: Server Room, Building A, Floor 2");
    expect_vb(r, 1, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    expect_vb(r, 2, "1.3.6.1.2.1.1.6.0", "STRING: Server Room, Building A, Floor 2");
    expect_vb(r, 3, "1.3.6.1.2.1.11.30.0", "INTEGER: 2");   /* snmpEnableAuthenTraps */
    expect_vb(r, 4, "2.1", "endOfMibView");
    /* v1: the end is noSuchName at its index. */
    r = ask(a, V1, "public", NEXT, vbs, N_ELEMS(vbs));
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);
    assert_int_equal(r->error_index, 5);
    agent_free(a);
}

/* Walks the whole MIB with GETNEXT; returns the number of objects. */
static size_t walk(agent *a, int32_t version, char names[][SNMP_ARCS_TEXT_MAX + 1], size_t cap)
{
    char at[SNMP_ARCS_TEXT_MAX + 1] = "0.0";
    size_t n = 0;
    for (;;) {
        tvb vb = TVB_NULL(at);
        const resp *r = ask(a, version, "public", NEXT, &vb, 1);
        if (r->error_status != 0 || strcmp(r->vbs[0].value, "endOfMibView") == 0)
            return n;
        assert_true(n < cap);
        snprintf(names[n++], SNMP_ARCS_TEXT_MAX + 1, "%s", r->vbs[0].name);
        snprintf(at, sizeof at, "%s", r->vbs[0].name);
    }
}

static void test_walk_returns_the_table_plus_three_group_rows_in_order(void **state)
{
    (void)state;
    agent *a = default_agent();
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    static char names[400][SNMP_ARCS_TEXT_MAX + 1];
    size_t n = walk(a, V2C, names, 400);
    assert_int_equal(n, count + 3);
    /* In numeric order, and each table row is there. */
    size_t row = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t len;
        assert_int_equal(snmp_arcs_from_text(names[i], strlen(names[i]), arcs, SNMP_OID_MAX_ARCS, &len),
                         SNMP_OK);
        if (row < count && snmp_arcs_compare(arcs, len, rows[row].arcs, rows[row].arc_count) == 0)
            row++;
    }
    assert_int_equal(row, count);
    assert_int_equal(walk(a, V1, names, 400), count + 3);   /* no Counter64 in the table */
    agent_free(a);
}

static void test_group_counters_are_live(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.11.1.0")};
    /* One bad community, one bad version, one parse error. */
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "nobody", GET, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    a->req_len = snmp_msg_build(a->req, sizeof a->req, 3, "public", GET, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_MALFORMED);
    a->req_len = 3;
    memcpy(a->req, "\x30\x01\x00", 3);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_MALFORMED);
    static const tvb group[] = {
        TVB_NULL("1.3.6.1.2.1.11.1.0"), TVB_NULL("1.3.6.1.2.1.11.2.0"), TVB_NULL("1.3.6.1.2.1.11.3.0"),
        TVB_NULL("1.3.6.1.2.1.11.4.0"), TVB_NULL("1.3.6.1.2.1.11.5.0"), TVB_NULL("1.3.6.1.2.1.11.6.0"),
        TVB_NULL("1.3.6.1.2.1.11.30.0"), TVB_NULL("1.3.6.1.2.1.11.31.0"), TVB_NULL("1.3.6.1.2.1.11.32.0"),
    };
    const resp *r = ask(a, V2C, "public", GET, group, N_ELEMS(group));
    static const char *const want[] = {"Counter32: 4", "Counter32: 0", "Counter32: 1",
                                       "Counter32: 1", "Counter32: 0", "Counter32: 1",
                                       "INTEGER: 2",   "Counter32: 0", "Counter32: 0"};
    for (size_t i = 0; i < N_ELEMS(group); i++)
        expect_vb(r, i, group[i].name, want[i]);
    r = ask(a, V2C, "public", GET, group, 2);
    expect_vb(r, 0, group[0].name, "Counter32: 5");
    expect_vb(r, 1, group[1].name, "Counter32: 1");
    /* A read-only community's SET counts in snmpInBadCommunityUses. */
    static const tvb set = {"1.3.6.1.2.1.1.5.0", 0x04, 0, "x", 0};
    (void)ask(a, V2C, "public", SET, &set, 1);
    const snmp_counters *c = snmp_responder_counters(&a->responder);
    assert_int_equal(c->in_pkts, 6);
    assert_int_equal(c->out_pkts, 3);
    assert_int_equal(c->in_bad_community_uses, 1);
    assert_int_equal(c->proxy_drops, 0);
    agent_free(a);
}

/* ---- GETBULK ---- */

#define LAST_VALUE                                                                        \
    "STRING: Test OID 50 - This is a longer string to help test buffering of large SNMP " \
    "messages"

static void test_bulk_lays_out_rounds_and_stops_after_an_all_ended_round(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {
        TVB_NULL("1.3.6.1.2.1.1.4.0"),        /* non-repeater */
        TVB_NULL("1.3.6.1.2.1.1.1.0"),        /* repeaters */
        TVB_NULL("1.3.6.1.4.1.99.1.49.0"),  /* the last row is .50.0 */
    };
    const resp *r = ask_max(a, V2C, "public", BULK, 1, 3, vbs, 3, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->count, 1 + 2 * 3);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    expect_vb(r, 1, "1.3.6.1.2.1.1.2.0", "OID: 1.3.6.1.4.1.9.1.1234");
    expect_vb(r, 2, "1.3.6.1.4.1.99.1.50.0", LAST_VALUE);
    expect_vb(r, 3, "1.3.6.1.2.1.1.3.0", "Timeticks: 4200");
    expect_vb(r, 4, "1.3.6.1.4.1.99.1.50.0", "endOfMibView");
    expect_vb(r, 5, "1.3.6.1.2.1.1.4.0", "STRING: admin@example.com");
    expect_vb(r, 6, "1.3.6.1.4.1.99.1.50.0", "endOfMibView");

    /* Every repeater at the end: that round is the last, however many are asked. */
    static const tvb end[] = {TVB_NULL("1.3.6.1.4.1.99.1.50.0"), TVB_NULL("2.5")};
    r = ask_max(a, V2C, "public", BULK, 0, 50, end, 2, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 2);
    expect_vb(r, 0, "1.3.6.1.4.1.99.1.50.0", "endOfMibView");
    expect_vb(r, 1, "2.5", "endOfMibView");

    /* Negative counts are 0; non-repeaters beyond the count are all of them. */
    r = ask_max(a, V2C, "public", BULK, -5, -1, vbs, 3, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 0);
    r = ask_max(a, V2C, "public", BULK, 99, 10, vbs, 3, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 3);
    expect_vb(r, 2, "1.3.6.1.4.1.99.1.50.0", LAST_VALUE);
    agent_free(a);
}

/* A MIB of `count` INTEGER rows 1.3.6.1.4.1.99999.1.<i>, plus one Counter64. */
static snmp_mib_row *big_rows(size_t count, uint32_t (**arcs)[9])
{
    snmp_mib_row *rows = calloc(count + 1, sizeof *rows);
    *arcs = calloc(count + 1, sizeof **arcs);
    assert_non_null(rows);
    assert_non_null(*arcs);
    for (size_t i = 0; i <= count; i++) {
        uint32_t *name = (*arcs)[i];
        const uint32_t prefix[8] = {1, 3, 6, 1, 4, 1, 99999, 1};
        memcpy(name, prefix, sizeof prefix);
        name[8] = (uint32_t)i + 1;
        rows[i].arcs = name;
        rows[i].arc_count = 9;
        rows[i].value.type = SNMP_SMI_INTEGER;
        rows[i].value.integer = (int32_t)i;
    }
    rows[count].value.type = SNMP_SMI_COUNTER64;
    rows[count].value.number = 1ull << 40;
    return rows;
}

static void test_bulk_caps_varbinds_and_cuts_to_fit(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(3000, &arcs);
    agent *a = agent_over(rows, 3001);
    static const tvb from[] = {TVB_NULL("1.3.6.1.4.1.99999")};
    const resp *r = ask_max(a, V2C, "public", BULK, 0, 100000, from, 1, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, SNMP_BULK_MAX_VARBINDS);
    expect_vb(r, 999, "1.3.6.1.4.1.99999.1.1000", "INTEGER: 999");
    /* A 300-byte limit: whole varbinds only, as many as fit. */
    r = ask_max(a, V2C, "public", BULK, 0, 100, from, 1, 300);
    assert_true(r->count > 5);
    assert_true(a->out_len <= 300);
    /* One more would not have fit: each of these varbinds is 17 or 18 bytes. */
    assert_true(a->out_len + 18 > 300);
    expect_vb(r, 0, "1.3.6.1.4.1.99999.1.1", "INTEGER: 0");
    agent_free(a);
    free(rows);
    free(arcs);
}

static void test_v1_counter64_is_invisible(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(2, &arcs);
    agent *a = agent_over(rows, 3);
    static const tvb c64[] = {TVB_NULL("1.3.6.1.4.1.99999.1.3")};
    const resp *r = ask(a, V2C, "public", GET, c64, 1);
    expect_vb(r, 0, "1.3.6.1.4.1.99999.1.3", "Counter64: 1099511627776");
    r = ask(a, V1, "public", GET, c64, 1);
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);
    assert_int_equal(r->error_index, 1);
    static const tvb before[] = {TVB_NULL("1.3.6.1.4.1.99999.1.2"), TVB_NULL("1.3.6.1.4.1.99999.1.1")};
    r = ask(a, V2C, "public", NEXT, before, 1);
    expect_vb(r, 0, "1.3.6.1.4.1.99999.1.3", "Counter64: 1099511627776");
    r = ask(a, V1, "public", NEXT, before, 2);
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);   /* skipped to the end */
    assert_int_equal(r->error_index, 1);
    agent_free(a);
    free(rows);
    free(arcs);
}

/* ---- SET ---- */

static void test_set_stores_all_and_echoes(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {
        {"1.3.6.1.2.1.1.5.0", 0x04, 0, "core-7", 0},
        {"1.3.6.1.2.1.1.6.0", 0x04, 0, "", 0},
        {"1.3.6.1.2.1.1.5.0", 0x04, 0, "last-wins", 0},
    };
    const resp *r = ask(a, V2C, "private", SET, vbs, 3);
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->count, 3);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: core-7");
    expect_vb(r, 2, "1.3.6.1.2.1.1.5.0", "STRING: last-wins");
    static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("1.3.6.1.2.1.1.6.0")};
    r = ask(a, V1, "public", GET, get, 2);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: last-wins");
    expect_vb(r, 1, "1.3.6.1.2.1.1.6.0", "STRING: ");
    agent_free(a);
}

static void test_set_failures_in_rfc_order_change_nothing(void **state)
{
    (void)state;
    static char long_name[257];
    memset(long_name, 'x', 256);
    static const struct {
        const char *name;
        tvb bad;
        int32_t v2, v1;
    } cases[] = {
        {"read-only object", {"1.3.6.1.2.1.1.1.0", 0x04, 0, "x", 0}, 17, 2},
        {"unknown object type", {"1.3.6.1.2.1.1.99.0", 0x04, 0, "x", 0}, 17, 2},
        {"snmp group row", {"1.3.6.1.2.1.11.30.0", 0x02, 1, NULL, 0}, 17, 2},
        {"wrong type", {"1.3.6.1.2.1.1.5.0", 0x02, 5, NULL, 0}, 7, 3},
        {"wrong type before no creation", {"1.3.6.1.2.1.1.5.1", 0x02, 5, NULL, 0}, 7, 3},
        {"NULL value", {"1.3.6.1.2.1.1.5.0", 0x05, 0, NULL, 0}, 7, 3},
        {"256 bytes", {"1.3.6.1.2.1.1.5.0", 0x04, 0, long_name, 256}, 8, 3},
        {"not UTF-8", {"1.3.6.1.2.1.1.5.0", 0x04, 0, "\xc3\x28", 2}, 10, 3},
        {"no creation", {"1.3.6.1.2.1.1.5.1", 0x04, 0, "x", 0}, 11, 2},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        for (int v = 0; v < 2; v++) {
            agent *a = default_agent();
            const tvb vbs[] = {{"1.3.6.1.2.1.1.6.0", 0x04, 0, "changed?", 0}, cases[i].bad,
                               {"1.3.6.1.2.1.1.4.0", 0x02, 1, NULL, 0}};
            const resp *r = ask(a, v == 0 ? V2C : V1, "private", SET, vbs, 3);
            CHECK_CASE(r->error_status == (v == 0 ? cases[i].v2 : cases[i].v1), cases[i].name);
            CHECK_CASE(r->error_index == 2, cases[i].name);
            CHECK_CASE(r->count == 3, cases[i].name);
            static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.6.0")};
            r = ask(a, V2C, "public", GET, get, 1);
            CHECK_CASE(strcmp(r->vbs[0].value, "STRING: Server Room, Building A, Floor 2") == 0,
                       cases[i].name);
            agent_free(a);
        }
    }
}

static void test_set_with_read_community_is_no_access(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.1.0"), {"1.3.6.1.2.1.1.5.0", 0x04, 0, "x", 0}};
    const resp *r = ask(a, V2C, "public", SET, vbs, 2);
    assert_int_equal(r->error_status, SNMP_PDU_NO_ACCESS);
    assert_int_equal(r->error_index, 1);
    expect_vb(r, 1, "1.3.6.1.2.1.1.5.0", "STRING: x");
    r = ask(a, V1, "public", SET, vbs, 2);
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);
    assert_int_equal(r->error_index, 1);
    /* An empty SET asks nothing: there is nothing to refuse. */
    r = ask(a, V2C, "public", SET, vbs, 0);
    assert_int_equal(r->error_status, 0);
    assert_int_equal(snmp_responder_counters(&a->responder)->in_bad_community_uses, 2);
    static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.5.0")};
    r = ask(a, V2C, "public", GET, get, 1);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    agent_free(a);
}

static void test_set_too_big_changes_nothing(void **state)
{
    (void)state;
    agent *a = default_agent();
    /* A successful SET's echo is exactly as big as the request (both
     * minimal): a limit one byte below the request makes it tooBig. */
    static const tvb vbs[] = {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "0123456789012345678901234567890123456789", 0}};
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "private", SET, 4242, 0, 0, vbs, 1);
    const resp *r = ask_max(a, V2C, "private", SET, 0, 0, vbs, 1, a->req_len - 1);
    assert_int_equal(r->error_status, SNMP_PDU_TOO_BIG);
    assert_int_equal(r->count, 0);
    static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.5.0")};
    r = ask(a, V2C, "public", GET, get, 1);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    agent_free(a);
}

/* ---- what is refused or dropped ---- */

static void test_refusals_and_drops_are_counted(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.5.0")};
    /* A Response sent to the agent, and GetBulk in v1: parse errors. */
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "public", 0xa2, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_MALFORMED);
    assert_int_equal(snmp_responder_refusal(a->scratch)->reason, SNMP_PDU_R_PDU_TYPE);
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V1, "public", BULK, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_MALFORMED);
    /* A community that differs in its last byte, or is a prefix: dropped. */
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "publiC", GET, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    a->req_len = snmp_msg_build(a->req, sizeof a->req, V2C, "publi", GET, 1, 0, 0, vbs, 1);
    assert_int_equal(send_raw(a, SNMP_UDP_MAX_MESSAGE), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    /* And one its transport refused before the responder saw it. */
    snmp_responder_count_refusal(&a->responder);
    const snmp_counters *c = snmp_responder_counters(&a->responder);
    assert_int_equal(c->in_pkts, 5);
    assert_int_equal(c->in_asn_parse_errs, 3);
    assert_int_equal(c->in_bad_community_names, 2);
    assert_int_equal(c->out_pkts, 0);
    /* The next good request is answered, and leaves no refusal behind. */
    const resp *r = ask(a, V2C, "public", GET, vbs, 1);
    assert_int_equal(snmp_responder_refusal(a->scratch)->reason, SNMP_PDU_R_NONE);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    agent_free(a);
}

static void test_init_refuses_bad_communities(void **state)
{
    (void)state;
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    agent *a = agent_over(rows, count);
    static uint8_t long_name[256];
    const snmp_community empty[] = {{(const uint8_t *)"", 0, false}};
    const snmp_community too_long[] = {{long_name, 256, true}};
    const snmp_community longest[] = {{long_name, 255, true}};
    assert_int_equal(snmp_responder_init(&a->responder, &a->mib, empty, 1), SNMP_MALFORMED);
    assert_int_equal(snmp_responder_init(&a->responder, &a->mib, too_long, 1), SNMP_MALFORMED);
    assert_int_equal(snmp_responder_init(&a->responder, &a->mib, longest, 1), SNMP_OK);
    agent_free(a);
}

/* ==== review (helper D): boundaries, overlay, large requests, every branch ==== */

/* Builds a request into a->req. */
static void build(agent *a, int32_t version, const char *community, uint8_t pdu, int32_t e1,
                  int32_t e2, const tvb *vbs, size_t n)
{
    a->req_len = snmp_msg_build(a->req, sizeof a->req, version, community, pdu, 4242, e1, e2, vbs, n);
}

/* Sends a->req with this max_message and out capacity. */
static snmp_status send_cap(agent *a, size_t max_message, size_t cap)
{
    assert_true(cap <= sizeof a->out);
    return snmp_respond(&a->responder, a->scratch, a->req, a->req_len, 5200, max_message, a->out,
                        cap, &a->out_len);
}

/* Sends a->req and parses the answer (which must come). */
static const resp *answer_of(agent *a, size_t max_message, size_t cap)
{
    assert_int_equal(send_cap(a, max_message, cap), SNMP_OK);
    assert_true(a->out_len > 0);
    assert_true(a->out_len <= max_message && a->out_len <= cap);
    snmp_msg_parse(a->out, a->out_len, &a->answer);
    assert_int_equal(a->answer.pdu_type, 0xa2);
    assert_int_equal(a->answer.request_id, 4242);
    return &a->answer;
}

static void expect_too_big(const resp *r)
{
    assert_int_equal(r->error_status, SNMP_PDU_TOO_BIG);
    assert_int_equal(r->error_index, 0);
    assert_int_equal(r->count, 0);
}

/* A MIB the test owns: rows over names it owns. */
typedef struct test_mib {
    snmp_mib_row *rows;
    uint32_t (*arcs)[SNMP_OID_MAX_ARCS];
    size_t count;
} test_mib;

static test_mib test_mib_new(size_t count)
{
    test_mib t = {calloc(count, sizeof(snmp_mib_row)), calloc(count, sizeof *t.arcs), count};
    assert_non_null(t.rows);
    assert_non_null(t.arcs);
    return t;
}

/* Row i named by dotted text, with value v. */
static void test_mib_set_row(test_mib *t, size_t i, const char *name, snmp_smi v, bool writable)
{
    size_t len;
    assert_int_equal(snmp_arcs_from_text(name, strlen(name), t->arcs[i], SNMP_OID_MAX_ARCS, &len),
                     SNMP_OK);
    t->rows[i].arcs = t->arcs[i];
    t->rows[i].arc_count = (uint8_t)len;
    t->rows[i].value = v;
    t->rows[i].writable = writable;
}

static void test_mib_free(test_mib *t)
{
    free(t->rows);
    free(t->arcs);
}

static snmp_smi smi_int(int32_t v)
{
    snmp_smi s = {0};
    s.type = SNMP_SMI_INTEGER;
    s.integer = v;
    return s;
}

static snmp_smi smi_bytes(uint8_t type, const void *bytes, size_t len)
{
    snmp_smi s = {0};
    s.type = type;
    s.bytes = bytes;
    s.len = len;
    return s;
}

static snmp_smi smi_number(uint8_t type, uint64_t v)
{
    snmp_smi s = {0};
    s.type = type;
    s.number = v;
    return s;
}

/* Names "<prefix>.<i>" for i in 1 .. n as GET varbinds (freed by the caller). */
static tvb *numbered_vbs(const char *prefix, size_t n, char (**names)[40])
{
    tvb *vbs = calloc(n, sizeof *vbs);
    *names = calloc(n, sizeof **names);
    assert_non_null(vbs);
    assert_non_null(*names);
    for (size_t i = 0; i < n; i++) {
        snprintf((*names)[i], sizeof (*names)[i], "%s.%zu", prefix, i + 1);
        vbs[i] = (tvb)TVB_NULL((*names)[i]);
    }
    return vbs;
}

/* Walks an answer with more varbinds than resp holds: error-status, and
 * the count of varbinds, each checked to be INTEGER value (i + 1) when
 * ints is set. */
static size_t count_answer(const uint8_t *p, size_t len, int32_t *status, bool ints)
{
    snmp_ber_reader whole = snmp_ber_reader_of(p, len), msg, x, pdu, list;
    int32_t v;
    uint8_t tag;
    size_t header;
    assert_int_equal(snmp_ber_read_expect(&whole, 0x30, &msg), SNMP_OK);
    assert_int_equal(whole.len, 0);
    assert_int_equal(snmp_ber_read_int32(&msg, 0x02, &v), SNMP_OK);
    assert_int_equal(snmp_ber_read_expect(&msg, 0x04, &x), SNMP_OK);
    assert_int_equal(snmp_ber_read_tlv(&msg, &tag, &pdu, &header), SNMP_OK);
    assert_int_equal(tag, 0xa2);
    assert_int_equal(snmp_ber_read_int32(&pdu, 0x02, &v), SNMP_OK);
    assert_int_equal(snmp_ber_read_int32(&pdu, 0x02, status), SNMP_OK);
    assert_int_equal(snmp_ber_read_int32(&pdu, 0x02, &v), SNMP_OK);
    assert_int_equal(snmp_ber_read_expect(&pdu, 0x30, &list), SNMP_OK);
    assert_int_equal(pdu.len, 0);
    size_t n = 0;
    while (list.len > 0) {
        snmp_ber_reader vb;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t arc_count;
        assert_int_equal(snmp_ber_read_expect(&list, 0x30, &vb), SNMP_OK);
        assert_int_equal(snmp_ber_read_oid(&vb, arcs, &arc_count), SNMP_OK);
        if (ints) {
            assert_int_equal(snmp_ber_read_int32(&vb, 0x02, &v), SNMP_OK);
            assert_int_equal(v, (int32_t)n + 1);
            assert_int_equal(arcs[arc_count - 1], n + 1);
            assert_int_equal(vb.len, 0);
        }
        n++;
    }
    return n;
}

/* ---- the size limit, to the byte ---- */

static void test_get_answer_at_limit_minus_one_limit_and_plus_one(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.1.0"), TVB_NULL("1.3.6.1.2.1.1.6.0"),
                              TVB_NULL("1.3.6.1.2.1.1.99.0")};
    build(a, V2C, "public", GET, 0, 0, vbs, 3);
    const resp *r = answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
    assert_int_equal(r->count, 3);
    const size_t full = a->out_len;
    /* The answer's size exactly: sent; one byte less: tooBig; one more: sent. */
    static const struct {
        int delta;
        bool whole;
    } cases[] = {{-1, false}, {0, true}, {1, true}};
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        size_t limit = (size_t)((long)full + cases[i].delta);
        /* The limit as max_message (cap larger), then as cap (max_message larger). */
        for (int as_cap = 0; as_cap < 2; as_cap++) {
            r = as_cap ? answer_of(a, SNMP_UDP_MAX_MESSAGE, limit)
                       : answer_of(a, limit, sizeof a->out);
            if (cases[i].whole) {
                assert_int_equal(r->error_status, 0);
                assert_int_equal(r->count, 3);
                assert_int_equal(a->out_len, full);
                expect_vb(r, 2, "1.3.6.1.2.1.1.99.0", "noSuchObject");
            } else {
                expect_too_big(r);
            }
        }
    }
    /* The tooBig itself: at its size it is sent, one byte less it is dropped
     * and counted in snmpSilentDrops, as max_message or as cap. */
    r = answer_of(a, full - 1, sizeof a->out);
    const size_t too_big = a->out_len;
    r = answer_of(a, too_big, sizeof a->out);
    expect_too_big(r);
    r = answer_of(a, SNMP_UDP_MAX_MESSAGE, too_big);
    expect_too_big(r);
    assert_int_equal(send_cap(a, too_big - 1, sizeof a->out), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    assert_int_equal(send_cap(a, SNMP_UDP_MAX_MESSAGE, too_big - 1), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    const snmp_counters *c = snmp_responder_counters(&a->responder);
    assert_int_equal(c->silent_drops, 2);
    assert_int_equal(c->out_pkts, c->in_pkts - 2);
    agent_free(a);
}

static void test_error_answers_too_at_the_limit(void **state)
{
    (void)state;
    agent *a = default_agent();
    /* A v1 noSuchName and a v2c SET error carry the request's varbinds:
     * they too become tooBig one byte short of their size. */
    static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("1.3.6.1.2.1.1.99.0")};
    static const tvb end[] = {TVB_NULL("1.3.6.1.2.1.1.5.0"), TVB_NULL("2.5")};
    static const tvb set[] = {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "a new name", 0},
                              {"1.3.6.1.2.1.1.1.0", 0x04, 0, "read-only", 0}};
    static const struct {
        int32_t version;
        const char *community;
        uint8_t pdu;
        const tvb *vbs;
        int32_t status, index;
    } cases[] = {
        {V1, "public", GET, get, SNMP_PDU_NO_SUCH_NAME, 2},
        {V1, "public", NEXT, end, SNMP_PDU_NO_SUCH_NAME, 2},
        {V2C, "private", SET, set, SNMP_PDU_NOT_WRITABLE, 2},
        {V1, "private", SET, set, SNMP_PDU_NO_SUCH_NAME, 2},
        {V2C, "public", SET, set, SNMP_PDU_NO_ACCESS, 1},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        build(a, cases[i].version, cases[i].community, cases[i].pdu, 0, 0, cases[i].vbs, 2);
        const resp *r = answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
        assert_int_equal(r->error_status, cases[i].status);
        assert_int_equal(r->error_index, cases[i].index);
        const size_t full = a->out_len;
        r = answer_of(a, full, sizeof a->out);
        assert_int_equal(r->error_status, cases[i].status);
        r = answer_of(a, full - 1, sizeof a->out);
        expect_too_big(r);
    }
    /* sysName did not change. */
    const resp *r = ask(a, V2C, "public", GET, get, 1);
    expect_vb(r, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    agent_free(a);
}

static void test_bulk_cut_at_limit_minus_one_limit_and_plus_one(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(3000, &arcs);
    agent *a = agent_over(rows, 3001);
    static const tvb from[] = {TVB_NULL("1.3.6.1.4.1.99999")};
    for (int32_t k = 1; k <= 12; k += 11) {
        /* The size of the answer of exactly k varbinds ... */
        build(a, V2C, "public", BULK, 0, k, from, 1);
        const resp *r = answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
        assert_int_equal(r->count, (size_t)k);
        const size_t size_k = a->out_len;
        /* ... is where an answer asking for 100 is cut, as max_message or as cap. */
        build(a, V2C, "public", BULK, 0, 100, from, 1);
        for (int as_cap = 0; as_cap < 2; as_cap++) {
            static const int deltas[] = {-1, 0, 1};
            for (size_t d = 0; d < N_ELEMS(deltas); d++) {
                size_t limit = (size_t)((long)size_k + deltas[d]);
                r = as_cap ? answer_of(a, SNMP_TCP_MAX_MESSAGE, limit)
                           : answer_of(a, limit, sizeof a->out);
                assert_int_equal(r->error_status, 0);
                assert_int_equal(r->count, (size_t)(deltas[d] < 0 ? k - 1 : k));
                if (r->count > 0) {   /* the rows in order, the last whole */
                    char name[40], value[24];
                    snprintf(name, sizeof name, "1.3.6.1.4.1.99999.1.%zu", r->count);
                    snprintf(value, sizeof value, "INTEGER: %zu", r->count - 1);
                    expect_vb(r, r->count - 1, name, value);
                }
            }
        }
    }
    /* Below the empty answer: dropped and counted. */
    build(a, V2C, "public", BULK, 0, 0, from, 1);
    (void)answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
    const size_t empty = a->out_len;
    build(a, V2C, "public", BULK, 0, 100, from, 1);
    assert_int_equal(send_cap(a, empty - 1, sizeof a->out), SNMP_OK);
    assert_int_equal(a->out_len, 0);
    assert_int_equal(snmp_responder_counters(&a->responder)->silent_drops, 1);
    agent_free(a);
    free(rows);
    free(arcs);
}

static void test_bulk_non_repeaters_are_cut_and_capped_too(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(3000, &arcs);
    agent *a = agent_over(rows, 3001);
    char(*names)[40];
    tvb *vbs = numbered_vbs("1.3.6.1.4.1.99999.1", 1100, &names);
    /* 1100 non-repeaters then one repeater: the cap of 1000 stops the
     * non-repeaters, and no repetition follows. */
    build(a, V2C, "public", BULK, 1099, 5, vbs, 1100);
    const resp *r = answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
    assert_int_equal(r->count, SNMP_BULK_MAX_VARBINDS);
    expect_vb(r, 0, "1.3.6.1.4.1.99999.1.2", "INTEGER: 1");
    expect_vb(r, 999, "1.3.6.1.4.1.99999.1.1001", "INTEGER: 1000");
    /* The non-repeaters alone cut by size: whole varbinds, in order. */
    build(a, V2C, "public", BULK, 3, 0, vbs, 3);
    (void)answer_of(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out);
    const size_t three = a->out_len;
    r = answer_of(a, three - 1, sizeof a->out);
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->count, 2);
    expect_vb(r, 1, "1.3.6.1.4.1.99999.1.3", "INTEGER: 2");
    agent_free(a);
    free(vbs);
    free(names);
    free(rows);
    free(arcs);
}

/* ---- requests as large as a message allows ---- */

/* Rows 1.3.<i> (i in 1 .. n), INTEGER i. */
static test_mib short_rows(size_t n)
{
    test_mib t = test_mib_new(n);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "1.3.%zu", i + 1);
        test_mib_set_row(&t, i, name, smi_int((int32_t)i + 1), false);
    }
    return t;
}

static void test_get_of_5000_varbinds_in_one_tcp_message(void **state)
{
    (void)state;
    test_mib t = short_rows(5000);
    agent *a = agent_over(t.rows, t.count);
    char(*names)[40];
    tvb *vbs = numbered_vbs("1.3", 5000, &names);
    build(a, V2C, "public", GET, 0, 0, vbs, 5000);
    assert_true(a->req_len > 40000 && a->req_len <= SNMP_TCP_MAX_MESSAGE);
    assert_int_equal(send_cap(a, SNMP_TCP_MAX_MESSAGE, sizeof a->out), SNMP_OK);
    int32_t status;
    assert_int_equal(count_answer(a->out, a->out_len, &status, true), 5000);
    assert_int_equal(status, 0);
    const size_t full = a->out_len;
    assert_true(full > 50000);
    /* One byte short: tooBig, with no varbinds. */
    assert_int_equal(send_cap(a, full - 1, sizeof a->out), SNMP_OK);
    assert_int_equal(count_answer(a->out, a->out_len, &status, false), 0);
    assert_int_equal(status, SNMP_PDU_TOO_BIG);
    /* A GETNEXT of the same 5000 names: 1.3.<i+1>, the last at the end. */
    build(a, V2C, "public", NEXT, 0, 0, vbs, 5000);
    assert_int_equal(send_cap(a, SNMP_TCP_MAX_MESSAGE, sizeof a->out), SNMP_OK);
    assert_int_equal(count_answer(a->out, a->out_len, &status, false), 5000);
    assert_int_equal(status, 0);
    agent_free(a);
    free(vbs);
    free(names);
    test_mib_free(&t);
}

static void test_message_over_65535_bytes_is_refused(void **state)
{
    (void)state;
    agent *a = default_agent();
    static uint8_t big[80000];
    static char pad[70000];
    memset(pad, 'p', sizeof pad - 1);
    /* One varbind whose OCTET STRING value pads the message to 65535 bytes
     * (answered), then to 65536 (refused, counted as a parse error). */
    tvb vb = {"1.3.6.1.2.1.1.5.0", 0x04, 0, pad, 65000};
    size_t len = snmp_msg_build(big, sizeof big, V2C, "public", GET, 7, 0, 0, &vb, 1);
    vb.len += SNMP_TCP_MAX_MESSAGE - len;
    len = snmp_msg_build(big, sizeof big, V2C, "public", GET, 7, 0, 0, &vb, 1);
    assert_int_equal(len, SNMP_TCP_MAX_MESSAGE);
    assert_int_equal(snmp_respond(&a->responder, a->scratch, big, len, 0, SNMP_TCP_MAX_MESSAGE,
                                  a->out, sizeof a->out, &a->out_len), SNMP_OK);
    snmp_msg_parse(a->out, a->out_len, &a->answer);
    expect_vb(&a->answer, 0, "1.3.6.1.2.1.1.5.0", "STRING: router-main");
    vb.len++;
    len = snmp_msg_build(big, sizeof big, V2C, "public", GET, 7, 0, 0, &vb, 1);
    assert_int_equal(len, SNMP_TCP_MAX_MESSAGE + 1);
    assert_int_equal(snmp_respond(&a->responder, a->scratch, big, len, 0, SNMP_TCP_MAX_MESSAGE,
                                  a->out, sizeof a->out, &a->out_len), SNMP_MALFORMED);
    assert_int_equal(a->out_len, 0);
    /* Told as the bytes after the largest message. */
    const snmp_pdu_why *why = snmp_responder_refusal(a->scratch);
    assert_int_equal(why->reason, SNMP_PDU_R_TOO_LONG);
    assert_int_equal(why->at, SNMP_PDU_AT_MESSAGE);
    assert_int_equal(why->offset, SNMP_TCP_MAX_MESSAGE);
    /* 10,000 varbinds of 7 bytes: more than the scratch is made for (the
     * most a 65,535-byte message holds); refused before they are read. */
    tvb *many = calloc(10000, sizeof *many);
    assert_non_null(many);
    for (size_t i = 0; i < 10000; i++)
        many[i] = (tvb)TVB_NULL("1.3");
    len = snmp_msg_build(big, sizeof big, V2C, "public", GET, 7, 0, 0, many, 10000);
    assert_true(len > 70000);
    assert_int_equal(snmp_respond(&a->responder, a->scratch, big, len, 0, SNMP_TCP_MAX_MESSAGE,
                                  a->out, sizeof a->out, &a->out_len), SNMP_MALFORMED);
    assert_int_equal(a->out_len, 0);
    const snmp_counters *c = snmp_responder_counters(&a->responder);
    assert_int_equal(c->in_pkts, 3);
    assert_int_equal(c->in_asn_parse_errs, 2);
    assert_int_equal(c->out_pkts, 1);
    free(many);
    agent_free(a);
}

static void test_answer_of_more_than_4_gib_is_too_big(void **state)
{
    (void)state;
    /* One row of a 600 KB Opaque, asked 8000 times in one message: the
     * answer would be 4.8 GB, more than BER's 4 length octets can say. */
    const size_t big = 600 * 1024;
    uint8_t *bytes = calloc(1, big);
    assert_non_null(bytes);
    test_mib t = test_mib_new(1);
    test_mib_set_row(&t, 0, "1.3.1", smi_bytes(SNMP_SMI_OPAQUE, bytes, big), false);
    agent *a = agent_over(t.rows, 1);
    tvb *vbs = calloc(8000, sizeof *vbs);
    assert_non_null(vbs);
    for (size_t i = 0; i < 8000; i++)
        vbs[i] = (tvb)TVB_NULL("1.3.1");
    build(a, V2C, "public", GET, 0, 0, vbs, 8000);
    const resp *r = answer_of(a, SNMP_TCP_MAX_MESSAGE, sizeof a->out);
    expect_too_big(r);
    /* One of them does not fit either; after it come the group's rows. */
    static const tvb before[] = {TVB_NULL("1.3"), TVB_NULL("1.3.1")};
    build(a, V2C, "public", NEXT, 0, 0, before, 1);
    expect_too_big(answer_of(a, SNMP_TCP_MAX_MESSAGE, sizeof a->out));
    build(a, V2C, "public", NEXT, 0, 0, before + 1, 1);
    r = answer_of(a, SNMP_TCP_MAX_MESSAGE, sizeof a->out);
    expect_vb(r, 0, "1.3.6.1.2.1.11.1.0", "Counter32: 3");   /* snmpInPkts */
    agent_free(a);
    free(vbs);
    test_mib_free(&t);
    free(bytes);
}

/* ---- the MIB over SNMP: what BER can say, and the group laid over it ---- */

static void test_rows_ber_cannot_say_are_invisible(void **state)
{
    (void)state;
    /* The MIB (and the seed protocol) take names such as 1.40.1 and OID
     * values such as 5.5, which X.690 cannot encode: over SNMP such a row
     * is not there, as an arc above 255 is not there for the seed. */
    static const uint32_t five[] = {5, 5};
    snmp_smi bad_oid = {0};
    bad_oid.type = SNMP_SMI_OBJECT_ID;
    bad_oid.arcs = five;
    bad_oid.len = 2;
    test_mib t = test_mib_new(4);
    test_mib_set_row(&t, 0, "1.3.6.1.4.1.5.1.0", bad_oid, false);
    test_mib_set_row(&t, 1, "1.3.6.1.4.1.5.2.0", smi_int(7), false);
    test_mib_set_row(&t, 2, "1.40.1", smi_int(8), false);
    test_mib_set_row(&t, 3, "2.1.0", smi_int(9), false);
    agent *a = agent_over(t.rows, 4);
    static const tvb next[] = {TVB_NULL("1.3.6.1.4.1.5"), TVB_NULL("1.3.6.1.4.1.5.2.0"),
                               TVB_NULL("1.39")};
    const resp *r = ask(a, V2C, "public", NEXT, next, 3);
    assert_int_equal(r->error_status, 0);
    expect_vb(r, 0, "1.3.6.1.4.1.5.2.0", "INTEGER: 7");
    expect_vb(r, 1, "2.1.0", "INTEGER: 9");
    expect_vb(r, 2, "2.1.0", "INTEGER: 9");
    static const tvb get[] = {TVB_NULL("1.3.6.1.4.1.5.2.0"), TVB_NULL("1.3.6.1.4.1.5.1.0")};
    r = ask(a, V2C, "public", GET, get, 2);
    expect_vb(r, 0, "1.3.6.1.4.1.5.2.0", "INTEGER: 7");
    expect_vb(r, 1, "1.3.6.1.4.1.5.1.0", "noSuchInstance");
    r = ask(a, V1, "public", GET, get, 2);
    assert_int_equal(r->error_status, SNMP_PDU_NO_SUCH_NAME);
    assert_int_equal(r->error_index, 2);
    /* A walk: the nine group rows, then .5.2.0 and 2.1.0. */
    static char names[20][SNMP_ARCS_TEXT_MAX + 1];
    assert_int_equal(walk(a, V2C, names, 20), 11);
    assert_string_equal(names[9], "1.3.6.1.4.1.5.2.0");
    assert_string_equal(names[10], "2.1.0");
    r = ask_max(a, V2C, "public", BULK, 0, 5, next, 1, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 3);
    expect_vb(r, 1, "2.1.0", "INTEGER: 9");
    expect_vb(r, 2, "2.1.0", "endOfMibView");
    agent_free(a);
    test_mib_free(&t);
}

static void test_get_next_from_a_mib_that_ends_before_the_group(void **state)
{
    (void)state;
    test_mib t = test_mib_new(2);
    test_mib_set_row(&t, 0, "1.3.6.1.2.1.1.1.0", smi_int(1), false);
    test_mib_set_row(&t, 1, "1.3.6.1.2.1.11.3.0", smi_number(SNMP_SMI_COUNTER32, 777), false);
    agent *a = agent_over(t.rows, 2);
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.1.0"), TVB_NULL("1.3.6.1.2.1.11.2.0"),
                              TVB_NULL("1.3.6.1.2.1.11.31.0"), TVB_NULL("1.3.6.1.2.1.11.32.0")};
    const resp *r = ask(a, V2C, "public", NEXT, vbs, 4);
    expect_vb(r, 0, "1.3.6.1.2.1.11.1.0", "Counter32: 1");
    /* The group's row shadows the MIB's .11.3.0 (777), never both. */
    expect_vb(r, 1, "1.3.6.1.2.1.11.3.0", "Counter32: 0");
    expect_vb(r, 2, "1.3.6.1.2.1.11.32.0", "Counter32: 0");
    expect_vb(r, 3, "1.3.6.1.2.1.11.32.0", "endOfMibView");
    static char names[20][SNMP_ARCS_TEXT_MAX + 1];
    assert_int_equal(walk(a, V2C, names, 20), 10);
    agent_free(a);
    test_mib_free(&t);
}

static void test_shadowed_group_rows_walk_once_with_live_values(void **state)
{
    (void)state;
    agent *a = default_agent();
    /* GETNEXT from each name around the group: .1 to .6 are the table's
     * names too, served once each with the counters' values. */
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.11"), TVB_NULL("1.3.6.1.2.1.11.1.0"),
                              TVB_NULL("1.3.6.1.2.1.11.5.0"), TVB_NULL("1.3.6.1.2.1.11.6.0"),
                              TVB_NULL("1.3.6.1.2.1.11.30.0"), TVB_NULL("1.3.6.1.2.1.11.32.0")};
    const resp *r = ask(a, V2C, "public", NEXT, vbs, N_ELEMS(vbs));
    expect_vb(r, 0, "1.3.6.1.2.1.11.1.0", "Counter32: 1");   /* this request */
    expect_vb(r, 1, "1.3.6.1.2.1.11.2.0", "Counter32: 0");
    expect_vb(r, 2, "1.3.6.1.2.1.11.6.0", "Counter32: 0");
    expect_vb(r, 3, "1.3.6.1.2.1.11.30.0", "INTEGER: 2");
    expect_vb(r, 4, "1.3.6.1.2.1.11.31.0", "Counter32: 0");
    /* after the group: the table's next row, not a group row again */
    assert_true(strncmp(r->vbs[5].name, "1.3.6.1.2.1.11.", 15) != 0);
    /* A GETBULK over the group reads the same live values. */
    r = ask_max(a, V2C, "public", BULK, 0, 9, vbs, 1, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 9);
    expect_vb(r, 0, "1.3.6.1.2.1.11.1.0", "Counter32: 2");
    expect_vb(r, 1, "1.3.6.1.2.1.11.2.0", "Counter32: 1");
    expect_vb(r, 6, "1.3.6.1.2.1.11.30.0", "INTEGER: 2");
    expect_vb(r, 8, "1.3.6.1.2.1.11.32.0", "Counter32: 0");
    /* snmpEnableAuthenTraps is read-only: notWritable, and it stays 2. */
    static const tvb set[] = {{"1.3.6.1.2.1.11.30.0", 0x02, 1, NULL, 0}};
    r = ask(a, V2C, "private", SET, set, 1);
    assert_int_equal(r->error_status, SNMP_PDU_NOT_WRITABLE);
    assert_int_equal(r->error_index, 1);
    agent_free(a);
}

/* ---- communities ---- */

static void test_a_name_both_read_only_and_read_write_may_write(void **state)
{
    (void)state;
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    agent *a = agent_over(rows, count);
    static const snmp_community both[] = {
        {(const uint8_t *)"ops", 3, false},
        {(const uint8_t *)"ops", 3, true},
        {(const uint8_t *)"ops", 3, false},
        {(const uint8_t *)"opz", 3, true},
    };
    static const tvb set[] = {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "by-ops", 0}};
    for (size_t order = 0; order < 2; order++) {
        /* rw listed second, then first */
        assert_int_equal(snmp_responder_init(&a->responder, &a->mib, both + order, 3), SNMP_OK);
        const resp *r = ask(a, V2C, "ops", SET, set, 1);
        assert_int_equal(r->error_status, 0);
    }
    assert_int_equal(snmp_responder_init(&a->responder, &a->mib, both, 1), SNMP_OK);
    const resp *r = ask(a, V2C, "ops", SET, set, 1);
    assert_int_equal(r->error_status, SNMP_PDU_NO_ACCESS);
    agent_free(a);
}

/* ---- SET ---- */

static void test_set_of_one_name_twice_last_wins(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int32_t version;
        tvb vbs[3];
        size_t n;
        int32_t status, index;
        const char *after;
    } cases[] = {
        {"twice, v2c", V2C, {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "first", 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "second", 0}}, 2, 0, 0, "STRING: second"},
        {"twice, v1", V1, {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "first", 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "second", 0}}, 2, 0, 0, "STRING: second"},
        {"three times", V2C, {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "a", 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "", 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "c", 0}}, 3, 0, 0, "STRING: c"},
        {"to empty", V2C, {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "a", 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "", 0}}, 2, 0, 0, "STRING: "},
        {"second bad", V2C, {{"1.3.6.1.2.1.1.5.0", 0x04, 0, "ok", 0}, {"1.3.6.1.2.1.1.5.0", 0x02, 3, NULL, 0}}, 2, SNMP_PDU_WRONG_TYPE, 2, "STRING: router-main"},
        {"first bad", V1, {{"1.3.6.1.2.1.1.5.0", 0x02, 3, NULL, 0}, {"1.3.6.1.2.1.1.5.0", 0x04, 0, "ok", 0}}, 2, SNMP_PDU_BAD_VALUE, 1, "STRING: router-main"},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        agent *a = default_agent();
        const resp *r = ask(a, cases[i].version, "private", SET, cases[i].vbs, cases[i].n);
        CHECK_CASE(r->error_status == cases[i].status, cases[i].name);
        CHECK_CASE(r->error_index == cases[i].index, cases[i].name);
        CHECK_CASE(r->count == cases[i].n, cases[i].name);   /* echoed as sent */
        static const tvb get[] = {TVB_NULL("1.3.6.1.2.1.1.5.0")};
        r = ask(a, V2C, "public", GET, get, 1);
        CHECK_CASE(strcmp(r->vbs[0].value, cases[i].after) == 0, cases[i].name);
        agent_free(a);
    }
}

static void test_set_of_every_writable_object_of_the_default_mib(void **state)
{
    (void)state;
    agent *a = default_agent();
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    static char names[16][SNMP_ARCS_TEXT_MAX + 1];
    static char values[16][48];
    tvb vbs[16];
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (!rows[i].writable)
            continue;
        assert_true(n < 16);
        size_t len;
        assert_int_equal(snmp_arcs_to_text(rows[i].arcs, rows[i].arc_count, names[n],
                                           sizeof names[n], &len), SNMP_OK);
        /* Every writable row of the default table is a DisplayString. */
        assert_int_equal(rows[i].value.type, SNMP_SMI_OCTET_STRING);
        snprintf(values[n], sizeof values[n], "new value %zu \xc3\xa9", n);
        vbs[n] = (tvb){names[n], 0x04, 0, values[n], 0};
        n++;
    }
    assert_int_equal(n, 6);
    const resp *r = ask(a, V2C, "private", SET, vbs, n);
    assert_int_equal(r->error_status, 0);
    assert_int_equal(r->count, n);
    tvb get[16];
    for (size_t i = 0; i < n; i++)
        get[i] = (tvb)TVB_NULL(names[i]);
    r = ask(a, V1, "public", GET, get, n);
    assert_int_equal(r->error_status, 0);
    for (size_t i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "STRING: %s", values[i]);
        expect_vb(r, i, names[i], want);
    }
    agent_free(a);
}

static void test_set_of_every_writable_smi_type(void **state)
{
    (void)state;
    /* mib.h's writable types, one row each. */
    static const uint8_t ip[4] = {10, 0, 0, 1};
    test_mib t = test_mib_new(6);
    test_mib_set_row(&t, 0, "1.3.6.1.4.1.7.1.0", smi_int(-5), true);
    test_mib_set_row(&t, 1, "1.3.6.1.4.1.7.2.0", smi_bytes(SNMP_SMI_OCTET_STRING, "x", 1), true);
    test_mib_set_row(&t, 2, "1.3.6.1.4.1.7.3.0", smi_bytes(SNMP_SMI_IPADDRESS, ip, 4), true);
    test_mib_set_row(&t, 3, "1.3.6.1.4.1.7.4.0", smi_number(SNMP_SMI_COUNTER32, 1), true);
    test_mib_set_row(&t, 4, "1.3.6.1.4.1.7.5.0", smi_number(SNMP_SMI_GAUGE32, 2), true);
    test_mib_set_row(&t, 5, "1.3.6.1.4.1.7.6.0", smi_number(SNMP_SMI_TIMETICKS, 3), true);
    agent *a = agent_over(t.rows, 6);
    static const tvb set[] = {
        {"1.3.6.1.4.1.7.1.0", 0x02, -2147483647 - 1, NULL, 0},
        {"1.3.6.1.4.1.7.2.0", 0x04, 0, "two", 0},
        {"1.3.6.1.4.1.7.3.0", 0x40, 0, "\xc0\xa8\x01\xfe", 4},
        {"1.3.6.1.4.1.7.4.0", 0x41, 4294967295, NULL, 0},
        {"1.3.6.1.4.1.7.5.0", 0x42, 0, NULL, 0},
        {"1.3.6.1.4.1.7.6.0", 0x43, 123456, NULL, 0},
    };
    const resp *r = ask(a, V2C, "private", SET, set, 6);
    assert_int_equal(r->error_status, 0);
    static const char *const want[] = {"INTEGER: -2147483648", "STRING: two",
                                       "IpAddress: 192.168.1.254", "Counter32: 4294967295",
                                       "Gauge32: 0", "Timeticks: 123456"};
    for (size_t i = 0; i < 6; i++)
        expect_vb(r, i, set[i].name, want[i]);
    tvb get[6];
    for (size_t i = 0; i < 6; i++)
        get[i] = (tvb)TVB_NULL(set[i].name);
    r = ask(a, V2C, "public", GET, get, 6);
    for (size_t i = 0; i < 6; i++)
        expect_vb(r, i, set[i].name, want[i]);
    /* Each type refuses the next one's: wrongType (v1 badValue) at that index. */
    for (size_t i = 0; i < 6; i++) {
        tvb wrong = set[(i + 1) % 6];
        wrong.name = set[i].name;
        for (int v = 0; v < 2; v++) {
            r = ask(a, v ? V1 : V2C, "private", SET, &wrong, 1);
            assert_int_equal(r->error_status, v ? SNMP_PDU_BAD_VALUE : SNMP_PDU_WRONG_TYPE);
            assert_int_equal(r->error_index, 1);
        }
    }
    /* An IpAddress of 5 bytes is refused by the decoder (SNMP.md s.2). */
    agent_free(a);
    test_mib_free(&t);
}

static void test_bulk_negative_and_extreme_fields(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(3000, &arcs);
    agent *a = agent_over(rows, 3001);
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.4.1.99999.1.1"), TVB_NULL("1.3.6.1.4.1.99999.1.2"),
                              TVB_NULL("1.3.6.1.4.1.99999.1.3")};
    static const struct {
        const char *name;
        int32_t non_repeaters, max_repetitions;
        size_t count;
        const char *last;   /* name of the last varbind */
    } cases[] = {
        {"negative N: all repeat", -5, 2, 6, "1.3.6.1.4.1.99999.1.5"},
        {"N INT32_MIN, M INT32_MAX: the cap", INT32_MIN, INT32_MAX, 1000, "1.3.6.1.4.1.99999.1.335"},
        {"N INT32_MAX: all non-repeaters", INT32_MAX, INT32_MIN, 3, "1.3.6.1.4.1.99999.1.4"},
        {"N 1, M negative", 1, -1, 1, "1.3.6.1.4.1.99999.1.2"},
        {"N 2, M 1", 2, 1, 3, "1.3.6.1.4.1.99999.1.4"},
        {"nothing", 0, 0, 0, NULL},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const resp *r = ask_max(a, V2C, "public", BULK, cases[i].non_repeaters,
                                cases[i].max_repetitions, vbs, 3, SNMP_UDP_MAX_MESSAGE);
        CHECK_CASE(r->error_status == 0 && r->error_index == 0, cases[i].name);
        CHECK_CASE(r->count == cases[i].count, cases[i].name);
        if (cases[i].last != NULL)
            CHECK_CASE(strcmp(r->vbs[r->count - 1].name, cases[i].last) == 0, cases[i].name);
    }
    agent_free(a);
    free(rows);
    free(arcs);
}

static void test_bulk_stops_after_the_round_where_the_last_column_ends(void **state)
{
    (void)state;
    uint32_t(*arcs)[9];
    snmp_mib_row *rows = big_rows(3000, &arcs);   /* ... .2999, .3000, .3001 (Counter64) */
    agent *a = agent_over(rows, 3001);
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.4.1.99999.1.2999"),
                              TVB_NULL("1.3.6.1.4.1.99999.1.3000")};
    /* Columns end in different rounds: the answer stops after the first
     * round where both are endOfMibView, each under its last name. */
    const resp *r = ask_max(a, V2C, "public", BULK, 0, 10, vbs, 2, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 6);
    expect_vb(r, 0, "1.3.6.1.4.1.99999.1.3000", "INTEGER: 2999");
    expect_vb(r, 1, "1.3.6.1.4.1.99999.1.3001", "Counter64: 1099511627776");
    expect_vb(r, 2, "1.3.6.1.4.1.99999.1.3001", "Counter64: 1099511627776");
    expect_vb(r, 3, "1.3.6.1.4.1.99999.1.3001", "endOfMibView");
    expect_vb(r, 4, "1.3.6.1.4.1.99999.1.3001", "endOfMibView");
    expect_vb(r, 5, "1.3.6.1.4.1.99999.1.3001", "endOfMibView");
    /* Asked for exactly as many rounds as there are: the same answer but
     * the all-ended round is not there. */
    r = ask_max(a, V2C, "public", BULK, 0, 2, vbs, 2, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 4);
    /* A non-repeater at the end does not stop the repetitions. */
    static const tvb mixed[] = {TVB_NULL("2.9"), TVB_NULL("1.3.6.1.4.1.99999.1.2999")};
    r = ask_max(a, V2C, "public", BULK, 1, 10, mixed, 2, SNMP_UDP_MAX_MESSAGE);
    assert_int_equal(r->count, 1 + 3);
    expect_vb(r, 0, "2.9", "endOfMibView");
    expect_vb(r, 3, "1.3.6.1.4.1.99999.1.3001", "endOfMibView");
    agent_free(a);
    free(rows);
    free(arcs);
}

static void test_requests_at_the_end_of_a_guarded_page_whole_and_cut(void **state)
{
    (void)state;
    agent *a = default_agent();
    static const tvb vbs[] = {TVB_NULL("1.3.6.1.2.1.1.5.0"), {"1.3.6.1.2.1.1.6.0", 0x04, 0, "lab", 0},
                              TVB_NULL("1.3.6.1.2.1.11.1.0")};
    static const struct {
        int32_t version;
        const char *community;
        uint8_t pdu;
        int32_t e1, e2;
    } cases[] = {
        {V2C, "public", GET, 0, 0},  {V1, "public", NEXT, 0, 0}, {V2C, "public", BULK, 1, 3},
        {V2C, "private", SET, 0, 0}, {V1, "private", SET, 0, 0}, {V2C, "nobody", GET, 0, 0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        build(a, cases[i].version, cases[i].community, cases[i].pdu, cases[i].e1, cases[i].e2,
              vbs, cases[i].pdu == SET ? 2 : 3);
        /* Whole, at the end of a page, answered into a guarded buffer of
         * exactly the answer's size. */
        assert_int_equal(send_cap(a, SNMP_UDP_MAX_MESSAGE, sizeof a->out), SNMP_OK);
        const size_t answer_len = a->out_len;
        guarded_buf in, out;
        const uint8_t *msg = guarded_copy(&in, a->req, a->req_len);
        uint8_t *dst = guarded_alloc(&out, answer_len);
        size_t len;
        assert_int_equal(snmp_respond(&a->responder, a->scratch, msg, a->req_len, 5200,
                                      SNMP_UDP_MAX_MESSAGE, dst, answer_len, &len), SNMP_OK);
        assert_int_equal(len, answer_len);
        guarded_free(&out);
        guarded_free(&in);
        /* Every proper prefix, at the end of a page: refused, nothing read past. */
        for (size_t cut = 0; cut < a->req_len; cut++) {
            msg = guarded_copy(&in, a->req, cut);
            assert_int_equal(snmp_respond(&a->responder, a->scratch, msg, cut, 5200,
                                          SNMP_UDP_MAX_MESSAGE, a->out, sizeof a->out, &len),
                             SNMP_MALFORMED);
            assert_int_equal(len, 0);
            guarded_free(&in);
        }
    }
    agent_free(a);
}

static void test_v1_get_next_skips_a_run_of_counter64(void **state)
{
    (void)state;
    /* 1.3.7.<i> (after the snmp group): 2000 Counter64 rows, then INTEGER 7
     * at 1.3.7.2001. */
    test_mib t = test_mib_new(2001);
    for (size_t i = 0; i < 2001; i++) {
        char name[32];
        snprintf(name, sizeof name, "1.3.7.%zu", i + 1);
        test_mib_set_row(&t, i, name,
                         i < 2000 ? smi_number(SNMP_SMI_COUNTER64, i) : smi_int(7), false);
    }
    agent *a = agent_over(t.rows, t.count);
    static const tvb vbs[] = {TVB_NULL("1.3.7"), TVB_NULL("1.3.7.1000"), TVB_NULL("1.3.7.2000")};
    const resp *r = ask(a, V1, "public", NEXT, vbs, 3);
    assert_int_equal(r->error_status, 0);
    for (size_t i = 0; i < 3; i++)
        expect_vb(r, i, "1.3.7.2001", "INTEGER: 7");
    r = ask(a, V2C, "public", NEXT, vbs, 3);
    expect_vb(r, 0, "1.3.7.1", "Counter64: 0");
    expect_vb(r, 1, "1.3.7.1001", "Counter64: 1000");
    expect_vb(r, 2, "1.3.7.2001", "INTEGER: 7");
    agent_free(a);
    test_mib_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_values_of_every_type_in_the_table),
        cmocka_unit_test(test_get_exceptions_say_object_or_instance),
        cmocka_unit_test(test_get_v1_unknown_name_is_no_such_name_with_varbinds_as_sent),
        cmocka_unit_test(test_get_too_big_and_silent_drop),
        cmocka_unit_test(test_get_next_steps_and_ends),
        cmocka_unit_test(test_walk_returns_the_table_plus_three_group_rows_in_order),
        cmocka_unit_test(test_group_counters_are_live),
        cmocka_unit_test(test_bulk_lays_out_rounds_and_stops_after_an_all_ended_round),
        cmocka_unit_test(test_bulk_caps_varbinds_and_cuts_to_fit),
        cmocka_unit_test(test_v1_counter64_is_invisible),
        cmocka_unit_test(test_set_stores_all_and_echoes),
        cmocka_unit_test(test_set_failures_in_rfc_order_change_nothing),
        cmocka_unit_test(test_set_with_read_community_is_no_access),
        cmocka_unit_test(test_set_too_big_changes_nothing),
        cmocka_unit_test(test_refusals_and_drops_are_counted),
        cmocka_unit_test(test_init_refuses_bad_communities),
        cmocka_unit_test(test_get_answer_at_limit_minus_one_limit_and_plus_one),
        cmocka_unit_test(test_error_answers_too_at_the_limit),
        cmocka_unit_test(test_bulk_cut_at_limit_minus_one_limit_and_plus_one),
        cmocka_unit_test(test_bulk_non_repeaters_are_cut_and_capped_too),
        cmocka_unit_test(test_get_of_5000_varbinds_in_one_tcp_message),
        cmocka_unit_test(test_message_over_65535_bytes_is_refused),
        cmocka_unit_test(test_answer_of_more_than_4_gib_is_too_big),
        cmocka_unit_test(test_rows_ber_cannot_say_are_invisible),
        cmocka_unit_test(test_get_next_from_a_mib_that_ends_before_the_group),
        cmocka_unit_test(test_shadowed_group_rows_walk_once_with_live_values),
        cmocka_unit_test(test_a_name_both_read_only_and_read_write_may_write),
        cmocka_unit_test(test_set_of_one_name_twice_last_wins),
        cmocka_unit_test(test_set_of_every_writable_object_of_the_default_mib),
        cmocka_unit_test(test_set_of_every_writable_smi_type),
        cmocka_unit_test(test_bulk_negative_and_extreme_fields),
        cmocka_unit_test(test_bulk_stops_after_the_round_where_the_last_column_ends),
        cmocka_unit_test(test_requests_at_the_end_of_a_guarded_page_whole_and_cut),
        cmocka_unit_test(test_v1_get_next_skips_a_run_of_counter64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
