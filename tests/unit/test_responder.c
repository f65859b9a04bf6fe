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
    const snmp_counters *c = snmp_responder_counters(&a->responder);
    assert_int_equal(c->in_pkts, 4);
    assert_int_equal(c->in_asn_parse_errs, 2);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
