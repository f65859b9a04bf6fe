/*
 * The seed protocol over the shared MIB and SET engine, through
 * snmp_handle_request: GET (AGENT.md "The MIB", "GetRequest"; mib.tsv) and
 * two-phase SET (AGENT.md "SetRequest: two phases"), everything the old
 * test_mib_get.c and test_mib_set.c asserted of the seed-level MIB, plus the
 * seed's view of objects it cannot say (SNMP.md s.5).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/arcs.h"
#include "snmp/handler.h"
#include "snmp/message.h"
#include "snmp/mib.h"
#include "snmp/oid.h"
#include "snmp/value.h"
#include "test_util.h"

#ifndef SNMP_MIB_TSV
#error "SNMP_MIB_TSV must name core/mib.tsv"
#endif

/* ---- what mib.tsv says, parsed independently of the generator ---- */

enum { MAX_ROWS = 512 };

typedef struct row {
    char text[128];
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t oid_len;
    char type_name[16];
    uint8_t type;          /* served as */
    bool writable;
    char value[256];
    size_t value_len;
    uint32_t number;
} row;

static row rows[MAX_ROWS];
static size_t row_count;

static snmp_mib mib;
static snmp_handler_scratch scratch;
static snmp_message req;
static snmp_message resp;
static uint8_t out[SNMP_MAX_MESSAGE_SIZE + 1024];
static uint8_t req_bytes[SNMP_MAX_MESSAGE_SIZE];

/* Packs req and hands it to the seed handler with an output of cap bytes. */
static snmp_status seed_handle(uint64_t now, uint8_t *o, size_t cap, size_t *out_len)
{
    size_t n = 0;
    assert_int_equal(snmp_msg_pack(&req, req_bytes, sizeof req_bytes, &n), SNMP_OK);
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, req_bytes, n);
    snmp_status st = snmp_handle_request(&mib, &scratch, in, n, now, o, cap, out_len);
    guarded_free(&g);
    return st;
}

/* The row a seed OID names, through the shared MIB (-1: none). */
static long seed_find(const uint8_t *oid, size_t oid_len)
{
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    size_t len = 0;
    if (snmp_arcs_from_seed(oid, oid_len, arcs, SNMP_OID_MAX_ARCS, &len) != SNMP_OK)
        return -1;
    return snmp_mib_find(&mib, arcs, len);
}

static int load_tsv(void **state)
{
    (void)state;
    FILE *f = fopen(SNMP_MIB_TSV, "r");
    if (f == NULL) {
        print_error("cannot open %s\n", SNMP_MIB_TSV);
        return -1;
    }
    char line[1024];
    row_count = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            line[--len] = '\0';
        }
        if (len == 0 || line[0] == '#') {
            continue;
        }
        if (row_count == MAX_ROWS) {
            fclose(f);
            return -1;
        }
        row *r = &rows[row_count++];
        char *fields[4];
        char *p = line;
        for (int i = 0; i < 3; i++) {
            fields[i] = p;
            p = strchr(p, '\t');
            if (p == NULL) {
                fclose(f);
                print_error("bad mib.tsv line: %s\n", line);
                return -1;
            }
            *p++ = '\0';
        }
        fields[3] = p;
        snprintf(r->text, sizeof r->text, "%s", fields[0]);
        snprintf(r->type_name, sizeof r->type_name, "%s", fields[1]);
        r->writable = strcmp(fields[2], "read-write") == 0;
        snprintf(r->value, sizeof r->value, "%s", fields[3]);
        r->value_len = strlen(r->value);
        if (snmp_oid_from_text(r->text, strlen(r->text), r->oid, sizeof r->oid, &r->oid_len) !=
            SNMP_OK) {
            fclose(f);
            return -1;
        }
        if (strcmp(r->type_name, "STRING") == 0 || strcmp(r->type_name, "OID") == 0) {
            r->type = SNMP_TYPE_STRING;
        } else if (strcmp(r->type_name, "INTEGER") == 0) {
            r->type = SNMP_TYPE_INTEGER;
            errno = 0;
            long v = strtol(r->value, NULL, 10);
            if (errno != 0 || v < INT32_MIN || v > INT32_MAX) {
                fclose(f);
                return -1;
            }
            r->number = (uint32_t)(int32_t)v;
        } else if (strcmp(r->type_name, "COUNTER") == 0 || strcmp(r->type_name, "TIMETICKS") == 0) {
            r->type = strcmp(r->type_name, "COUNTER") == 0 ? SNMP_TYPE_COUNTER : SNMP_TYPE_TIMETICKS;
            errno = 0;
            unsigned long long v = strtoull(r->value, NULL, 10);
            if (errno != 0 || v > UINT32_MAX) {
                fclose(f);
                return -1;
            }
            r->number = (uint32_t)v;
        } else {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return row_count > 0 ? 0 : -1;
}

static int fresh_mib(void **state)
{
    (void)state;
    return default_mib_init(&mib, 0) == SNMP_OK ? 0 : -1;
}

static const row *row_by_text(const char *text)
{
    for (size_t i = 0; i < row_count; i++) {
        if (strcmp(rows[i].text, text) == 0) {
            return &rows[i];
        }
    }
    print_error("no row %s in mib.tsv\n", text);
    fail();
    return NULL;
}

/* ---- building requests, reading answers ---- */

static uint8_t oid_store[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];

static void req_reset(uint32_t rid)
{
    memset(&req, 0, sizeof req);
    req.request_id = rid;
    req.pdu_type = SNMP_PDU_GET_REQUEST;
}

static void req_add_raw(const uint8_t *oid, size_t oid_len)
{
    assert_true(req.count < SNMP_MAX_BINDINGS);
    memcpy(oid_store[req.count], oid, oid_len);
    set_binding(&req.bindings[req.count], oid_store[req.count], oid_len, 0, NULL, 0);
    req.count++;
}

static void req_add(const char *text)
{
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t len = oid_enc(text, oid);
    req_add_raw(oid, len);
}

/* Runs GET into out (cap bytes) and decodes the answer into resp. */
static size_t do_get(uint64_t now, size_t cap)
{
    size_t out_len = 0;
    assert_int_equal(seed_handle(now, out, cap, &out_len), SNMP_OK);
    assert_true(out_len <= cap && out_len <= SNMP_MAX_MESSAGE_SIZE);
    assert_int_equal(snmp_msg_peek_size(out), out_len);
    assert_int_equal(snmp_msg_unpack(out, out_len, &resp), SNMP_OK);
    assert_int_equal(resp.pdu_type, SNMP_PDU_GET_RESPONSE);
    assert_int_equal(resp.request_id, req.request_id);
    return out_len;
}

/* The answer must be the 11-byte error GetResponse. */
static void expect_error_answer(size_t out_len, uint8_t code)
{
    assert_int_equal(out_len, 11);
    assert_int_equal(resp.error_code, code);
    assert_int_equal(resp.count, 0);
    uint8_t want[11] = {0, 0, 0, 11, 0, 0, 0, 0, 0xA1, code, 0};
    want[4] = (uint8_t)(req.request_id >> 24);
    want[5] = (uint8_t)(req.request_id >> 16);
    want[6] = (uint8_t)(req.request_id >> 8);
    want[7] = (uint8_t)req.request_id;
    assert_memory_equal(out, want, 11);
}

/* The binding answers row r. */
static void expect_binding_is_row(const snmp_binding *b, const row *r, uint64_t uptime)
{
    CHECK_CASE(b->oid_len == r->oid_len && memcmp(b->oid, r->oid, r->oid_len) == 0, r->text);
    CHECK_CASE(b->type == r->type, r->text);
    if (r->type == SNMP_TYPE_STRING) {
        CHECK_CASE(b->value_len == r->value_len, r->text);
        CHECK_CASE(r->value_len == 0 || memcmp(b->value, r->value, r->value_len) == 0, r->text);
    } else {
        CHECK_CASE(b->value_len == 4, r->text);
        uint32_t want = strcmp(r->text, OID_SYS_UPTIME) == 0 ? (uint32_t)uptime : r->number;
        CHECK_CASE(snmp_value_get_u32(b->value) == want, r->text);
    }
}

/* ---- the table ---- */

/* The SMI type a mib.tsv type is stored as (SNMP.md s.5). */
static uint8_t smi_type_of(const char *tsv_type)
{
    static const struct {
        const char *tsv;
        uint8_t smi;
    } map[] = {{"STRING", SNMP_SMI_OCTET_STRING}, {"OID", SNMP_SMI_OBJECT_ID},
               {"INTEGER", SNMP_SMI_INTEGER},     {"COUNTER", SNMP_SMI_COUNTER32},
               {"TIMETICKS", SNMP_SMI_TIMETICKS}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].tsv, tsv_type) == 0)
            return map[i].smi;
    }
    fail();
    return 0;
}

static void test_default_table_matches_mib_tsv(void **state)
{
    (void)state;
    size_t count = 0;
    const snmp_mib_row *table = snmp_mib_default_rows(&count);
    assert_non_null(table);
    assert_int_equal(count, row_count);
    assert_int_equal(count, 142);
    for (size_t i = 1; i < count; i++) {
        /* Sorted numerically, no repeats. */
        assert_true(snmp_arcs_compare(table[i - 1].arcs, table[i - 1].arc_count, table[i].arcs,
                                      table[i].arc_count) < 0);
    }
    size_t writable = 0;
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        long idx = seed_find(r->oid, r->oid_len);
        CHECK_CASE(idx >= 0 && (size_t)idx < count, r->text);
        const snmp_mib_row *o = &table[idx];
        CHECK_CASE(o->arc_count == r->oid_len, r->text);
        for (size_t k = 0; k < r->oid_len; k++)
            CHECK_CASE(o->arcs[k] == r->oid[k], r->text);
        CHECK_CASE(o->value.type == smi_type_of(r->type_name), r->text);
        CHECK_CASE(o->writable == r->writable, r->text);
        CHECK_CASE(o->is_uptime == (strcmp(r->text, OID_SYS_UPTIME) == 0), r->text);
        writable += r->writable;
    }
    assert_int_equal(writable, 6);
    /* sysObjectID's value is OBJECT IDENTIFIER arcs, 1234 among them. */
    static const uint32_t want[] = {1, 3, 6, 1, 4, 1, 9, 1, 1234};
    const snmp_mib_row *oid_row = &table[seed_find((const uint8_t *)"\x01\x03\x06\x01\x02\x01\x01\x02\x00", 9)];
    assert_int_equal(oid_row->value.len, 9);
    assert_memory_equal(oid_row->value.arcs, want, sizeof want);
}

static void test_every_object_reads_back_with_its_type_and_value(void **state)
{
    (void)state;
    const uint64_t start = 0;
    const uint64_t now = 4242;
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        req_reset((uint32_t)i);
        req_add_raw(r->oid, r->oid_len);
        do_get(now, sizeof out);
        CHECK_CASE(resp.error_code == SNMP_ERR_SUCCESS, r->text);
        CHECK_CASE(resp.count == 1, r->text);
        expect_binding_is_row(&resp.bindings[0], r, now - start);

        /* snmp_mib_read agrees, in SMI terms. */
        long idx = seed_find(r->oid, r->oid_len);
        CHECK_CASE(idx >= 0, r->text);
        snmp_smi v;
        memset(&v, 0, sizeof v);
        snmp_mib_read(&mib, (size_t)idx, now, &v);
        CHECK_CASE(v.type == smi_type_of(r->type_name), r->text);
        if (v.type == SNMP_SMI_OCTET_STRING) {
            CHECK_CASE(v.len == r->value_len, r->text);
            CHECK_CASE(r->value_len == 0 || memcmp(v.bytes, r->value, r->value_len) == 0, r->text);
        } else if (v.type == SNMP_SMI_OBJECT_ID) {
            char text[SNMP_ARCS_TEXT_MAX + 1];
            size_t text_len = 0;
            CHECK_CASE(snmp_arcs_to_text(v.arcs, v.len, text, sizeof text, &text_len) == SNMP_OK,
                       r->text);
            CHECK_CASE(text_len == r->value_len && memcmp(text, r->value, text_len) == 0, r->text);
        } else if (v.type == SNMP_SMI_INTEGER) {
            CHECK_CASE((uint32_t)v.integer == r->number, r->text);
        } else {
            uint32_t want = strcmp(r->text, OID_SYS_UPTIME) == 0 ? (uint32_t)(now - start) : r->number;
            CHECK_CASE(v.number == want, r->text);
        }
    }
}

static void test_spot_values_from_mib_tsv(void **state)
{
    (void)state;
    static const struct {
        const char *oid;
        uint8_t type;
        const char *string;
        uint32_t number;
    } cases[] = {
        {OID_SYS_DESCR, SNMP_TYPE_STRING, "Router Model X2000 - High Performance Edge Router", 0},
        {OID_SYS_OBJECT_ID, SNMP_TYPE_STRING, "1.3.6.1.4.1.9.1.1234", 0},
        {OID_SYS_NAME, SNMP_TYPE_STRING, "router-main", 0},
        {OID_SYS_SERVICES, SNMP_TYPE_INTEGER, NULL, 72},
        {"1.3.6.1.2.1.2.2.1.4.3", SNMP_TYPE_INTEGER, NULL, 65536},
        {"1.3.6.1.2.1.6.4.0", SNMP_TYPE_INTEGER, NULL, 0xFFFFFFFFu}, /* -1 */
        {"1.3.6.1.2.1.6.3.0", SNMP_TYPE_INTEGER, NULL, 120000},
        {OID_IF_IN_OCTETS_1, SNMP_TYPE_COUNTER, NULL, 3456789012u},
        {OID_IF_LAST_CHANGE_1, SNMP_TYPE_TIMETICKS, NULL, 0},
        {"1.3.6.1.2.1.2.2.1.6.3", SNMP_TYPE_STRING, "", 0},
        {"1.3.6.1.4.1.99.1.50.0", SNMP_TYPE_STRING,
         "Test OID 50 - This is a longer string to help test buffering of large SNMP messages", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        req_reset(1);
        req_add(cases[i].oid);
        do_get(777, sizeof out);
        CHECK_CASE(resp.error_code == SNMP_ERR_SUCCESS && resp.count == 1, cases[i].oid);
        const snmp_binding *b = &resp.bindings[0];
        CHECK_CASE(b->type == cases[i].type, cases[i].oid);
        if (cases[i].string != NULL) {
            size_t n = strlen(cases[i].string);
            CHECK_CASE(b->value_len == n, cases[i].oid);
            CHECK_CASE(n == 0 || memcmp(b->value, cases[i].string, n) == 0, cases[i].oid);
        } else {
            CHECK_CASE(b->value_len == 4, cases[i].oid);
            CHECK_CASE(snmp_value_get_u32(b->value) == cases[i].number, cases[i].oid);
        }
    }
}

/* ---- sysUpTime ---- */

static void test_sys_uptime_is_now_minus_start_mod_2_32(void **state)
{
    (void)state;
    static const struct {
        uint64_t start;
        uint64_t now;
        uint32_t want;
    } cases[] = {
        {0, 0, 0},
        {1000, 1000, 0},
        {1000, 1000 + 360000, 360000},
        {0, 4294967295u, 4294967295u},        /* 2^32 - 1 */
        {0, 4294967296u, 0},                  /* 2^32 wraps */
        {0, 4294967296u + 5, 5},
        {10, 10 + 4294967296u, 0},
        {5, 5 + 8589934592u + 7, 7},           /* 2^33 + 7 */
        {1099511627776u, 1099511627776u + 100, 100}, /* start 2^40 */
        {123456789, 123456789 + 4294967295u, 4294967295u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[96];
        snprintf(name, sizeof name, "start %llu now %llu", (unsigned long long)cases[i].start,
                 (unsigned long long)cases[i].now);
        CHECK_CASE(default_mib_init(&mib, cases[i].start) == SNMP_OK, name);
        req_reset(3);
        req_add(OID_SYS_UPTIME);
        req_add(OID_IF_LAST_CHANGE_1); /* a TIMETICKS that is not the clock */
        do_get(cases[i].now, sizeof out);
        CHECK_CASE(resp.error_code == SNMP_ERR_SUCCESS && resp.count == 2, name);
        CHECK_CASE(resp.bindings[0].type == SNMP_TYPE_TIMETICKS, name);
        CHECK_CASE(resp.bindings[0].value_len == 4, name);
        CHECK_CASE(snmp_value_get_u32(resp.bindings[0].value) == cases[i].want, name);
        CHECK_CASE(snmp_value_get_u32(resp.bindings[1].value) == 0, name);

        long idx = seed_find(oid_store[0], req.bindings[0].oid_len);
        CHECK_CASE(idx >= 0, name);
        snmp_smi v;
        snmp_mib_read(&mib, (size_t)idx, cases[i].now, &v);
        CHECK_CASE(v.type == SNMP_SMI_TIMETICKS, name);
        CHECK_CASE(v.number == cases[i].want, name);
    }
}

/* ---- all or nothing ---- */

static void test_unknown_oid_anywhere_gives_no_such_oid_and_no_bindings(void **state)
{
    (void)state;
    static const uint8_t oid255[255] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    static const struct {
        const char *name;
        const uint8_t *oid;
        size_t oid_len;
    } unknown[] = {
        {"sibling", (const uint8_t *)"\x01\x03\x06\x01\x02\x01\x01\x63\x00", 9},
        {"prefix of sysName", (const uint8_t *)"\x01\x03\x06\x01\x02\x01\x01\x05", 8},
        {"extension of sysName", (const uint8_t *)"\x01\x03\x06\x01\x02\x01\x01\x05\x00\x00", 10},
        {"empty OID", (const uint8_t *)"", 0},
        {"255-byte OID", oid255, 255},
        {"before the table", (const uint8_t *)"\x00", 1},
        {"after the table", (const uint8_t *)"\xff", 1},
    };
    for (size_t u = 0; u < sizeof unknown / sizeof unknown[0]; u++) {
        for (size_t pos = 0; pos < 4; pos++) {
            char name[64];
            snprintf(name, sizeof name, "%s at %zu", unknown[u].name, pos);
            /* pos 0: alone; 1: first of 3; 2: middle of 3; 3: last of 3 */
            req_reset(0xA5A5A5A5u);
            if (pos == 0) {
                req_add_raw(unknown[u].oid, unknown[u].oid_len);
            } else {
                for (size_t k = 1; k <= 3; k++) {
                    if (k == pos) {
                        req_add_raw(unknown[u].oid, unknown[u].oid_len);
                    } else {
                        req_add(k == 1 ? OID_SYS_DESCR : OID_SYS_NAME);
                    }
                }
            }
            size_t n = do_get(10, sizeof out);
            CHECK_CASE(n == 11, name);
            expect_error_answer(n, SNMP_ERR_NO_SUCH_OID);
        }
    }
}

static void test_repeated_oids_answered_each_time_in_request_order(void **state)
{
    (void)state;
    static const char *const oids[] = {OID_SYS_NAME, OID_SYS_DESCR, OID_SYS_NAME, OID_SYS_NAME,
                                       OID_IF_IN_OCTETS_1, OID_SYS_UPTIME, OID_SYS_NAME,
                                       OID_SYS_DESCR};
    const size_t n = sizeof oids / sizeof oids[0];
    req_reset(42);
    for (size_t i = 0; i < n; i++) {
        req_add(oids[i]);
    }
    do_get(5000, sizeof out);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
    assert_int_equal(resp.count, n);
    for (size_t i = 0; i < n; i++) {
        expect_binding_is_row(&resp.bindings[i], row_by_text(oids[i]), 5000);
    }

    /* 255 copies of one OID. */
    req_reset(43);
    for (size_t i = 0; i < SNMP_MAX_BINDINGS; i++) {
        req_add(OID_SYS_DESCR);
    }
    do_get(0, sizeof out);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
    assert_int_equal(resp.count, 255);
    for (size_t i = 0; i < 255; i++) {
        expect_binding_is_row(&resp.bindings[i], row_by_text(OID_SYS_DESCR), 0);
    }
}

static void test_empty_request_gets_success_with_no_bindings(void **state)
{
    (void)state;
    req_reset(0);
    size_t n = do_get(0, sizeof out);
    expect_error_answer(n, SNMP_ERR_SUCCESS);
    static const uint8_t want[11] = {0, 0, 0, 0x0b, 0, 0, 0, 0, 0xa1, 0, 0};
    assert_memory_equal(out, want, 11);
}

/* ---- TOO_BIG at the 65536-byte line ---- */

/* Stores a len-byte string of `fill` in a writable object through a seed SET. */
static void set_string(const char *oid_text, size_t len, uint8_t fill)
{
    static uint8_t value[SNMP_DISPLAY_STRING_MAX + 1];
    static uint8_t set_oid[SNMP_MAX_OID_LEN];
    snmp_message saved = req;
    memset(&req, 0, sizeof req);
    req.pdu_type = SNMP_PDU_SET_REQUEST;
    req.count = 1;
    size_t ol = oid_enc(oid_text, set_oid);
    memset(value, fill, len);
    set_binding(&req.bindings[0], set_oid, ol, SNMP_TYPE_STRING, value, len);
    size_t out_len = 0;
    assert_int_equal(seed_handle(0, out, sizeof out, &out_len), SNMP_OK);
    assert_int_equal(out[9], SNMP_ERR_SUCCESS);
    req = saved;
}

/* sysContact binding with 255 bytes: 1 + 9 + 3 + 255. */
enum { BIG_BINDING = 268 };

static void test_too_big_at_65537_success_at_65536(void **state)
{
    (void)state;
    set_string(OID_SYS_CONTACT, 255, 'c');
    static const struct {
        size_t name_len;  /* sysName length */
        size_t size;      /* full answer */
        uint8_t want;
    } cases[] = {
        {119, 65535, SNMP_ERR_SUCCESS},
        {120, 65536, SNMP_ERR_SUCCESS},
        {121, 65537, SNMP_ERR_TOO_BIG},
        {255, 65671, SNMP_ERR_TOO_BIG},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "answer of %zu bytes", cases[i].size);
        set_string(OID_SYS_NAME, cases[i].name_len, 'n');
        req_reset(0x0BADF00Du);
        for (size_t k = 0; k < 244; k++) {
            req_add(OID_SYS_CONTACT);
        }
        req_add(OID_SYS_NAME);
        /* The arithmetic the test relies on. */
        CHECK_CASE(11 + 244 * BIG_BINDING + 1 + 9 + 3 + cases[i].name_len == cases[i].size, name);
        size_t n = do_get(0, sizeof out);
        CHECK_CASE(resp.error_code == cases[i].want, name);
        if (cases[i].want == SNMP_ERR_SUCCESS) {
            CHECK_CASE(n == cases[i].size, name);
            CHECK_CASE(resp.count == 245, name);
            CHECK_CASE(resp.bindings[244].value_len == cases[i].name_len, name);
            CHECK_CASE(resp.bindings[0].value_len == 255, name);
        } else {
            expect_error_answer(n, SNMP_ERR_TOO_BIG);
        }
    }

    /* All 255-byte strings: 244 copies fit (65403), 245 do not (65671). */
    for (size_t copies = 244; copies <= 245; copies++) {
        req_reset(9);
        for (size_t k = 0; k < copies; k++) {
            req_add(OID_SYS_CONTACT);
        }
        size_t n = do_get(0, sizeof out);
        if (copies == 244) {
            assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
            assert_int_equal(n, 11 + 244 * BIG_BINDING);
        } else {
            expect_error_answer(n, SNMP_ERR_TOO_BIG);
        }
    }
    /* All six writable strings at 255, 255 OIDs: far past the limit. */
    static const char *const writable[] = {OID_SYS_CONTACT, OID_SYS_NAME, OID_SYS_LOCATION,
                                           OID_IF_ALIAS_1, OID_IF_ALIAS_2, OID_IF_ALIAS_3};
    for (size_t w = 0; w < 6; w++) {
        set_string(writable[w], 255, (uint8_t)('a' + w));
    }
    req_reset(10);
    for (size_t k = 0; k < 255; k++) {
        req_add(writable[k % 6]);
    }
    expect_error_answer(do_get(0, sizeof out), SNMP_ERR_TOO_BIG);
}

static void test_get_cap_minus_1_no_space_cap_ok(void **state)
{
    (void)state;
    /* sysName "router-main": 11 + 1 + 9 + 3 + 11 = 35 bytes. */
    static const struct {
        const char *name;
        const char *oid; /* NULL: empty request */
        size_t need;
    } cases[] = {
        {"sysName", OID_SYS_NAME, 35},
        {"sysServices", OID_SYS_SERVICES, 28},
        {"unknown", OID_UNKNOWN, 11},
        {"empty", NULL, 11},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        req_reset(77);
        if (cases[i].oid != NULL) {
            req_add(cases[i].oid);
        }
        for (size_t cap = 0; cap <= cases[i].need; cap++) {
            guarded_buf g = {0};
            uint8_t *o = guarded_alloc(&g, cap);
            size_t out_len = 999;
            snmp_status st = seed_handle(0, o, cap, &out_len);
            if (cap < cases[i].need) {
                CHECK_CASE(st == SNMP_NO_SPACE, cases[i].name);
            } else {
                CHECK_CASE(st == SNMP_OK, cases[i].name);
                CHECK_CASE(out_len == cases[i].need, cases[i].name);
                CHECK_CASE(snmp_msg_peek_size(o) == cases[i].need, cases[i].name);
            }
            guarded_free(&g);
        }
    }
}

static void test_too_big_answer_needs_only_11_bytes_of_cap(void **state)
{
    (void)state;
    /* The full answer would be 65671 bytes; the answer actually sent is the
       11-byte TOO_BIG, so an 11-byte buffer suffices. */
    set_string(OID_SYS_CONTACT, 255, 'c');
    req_reset(0x11223344u);
    for (size_t k = 0; k < 245; k++) {
        req_add(OID_SYS_CONTACT);
    }
    guarded_buf g = {0};
    uint8_t *o = guarded_alloc(&g, 11);
    size_t out_len = 0;
    assert_int_equal(seed_handle(0, o, 11, &out_len), SNMP_OK);
    assert_int_equal(out_len, 11);
    static const uint8_t want[11] = {0, 0, 0, 11, 0x11, 0x22, 0x33, 0x44, 0xA1, 4, 0};
    assert_memory_equal(o, want, 11);
    guarded_free(&g);
}

static void test_answer_of_exactly_65536_needs_cap_65536(void **state)
{
    (void)state;
    set_string(OID_SYS_CONTACT, 255, 'c');
    set_string(OID_SYS_NAME, 120, 'n');
    req_reset(5);
    for (size_t k = 0; k < 244; k++) {
        req_add(OID_SYS_CONTACT);
    }
    req_add(OID_SYS_NAME);
    for (size_t cap = SNMP_MAX_MESSAGE_SIZE - 1; cap <= SNMP_MAX_MESSAGE_SIZE; cap++) {
        guarded_buf g = {0};
        uint8_t *o = guarded_alloc(&g, cap);
        size_t out_len = 0;
        snmp_status st = seed_handle(0, o, cap, &out_len);
        if (cap < SNMP_MAX_MESSAGE_SIZE) {
            assert_int_equal(st, SNMP_NO_SPACE);
        } else {
            assert_int_equal(st, SNMP_OK);
            assert_int_equal(out_len, SNMP_MAX_MESSAGE_SIZE);
            assert_int_equal(o[9], SNMP_ERR_SUCCESS);
        }
        guarded_free(&g);
    }
}

/* ---- find, through the seed's names ---- */

static long brute_find(const uint8_t *oid, size_t len)
{
    for (size_t i = 0; i < row_count; i++) {
        if (rows[i].oid_len == len && memcmp(rows[i].oid, oid, len) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void expect_find(const uint8_t *oid, size_t len, const char *what)
{
    size_t count = 0;
    const snmp_mib_row *table = snmp_mib_default_rows(&count);
    long got = seed_find(oid, len);
    bool present = brute_find(oid, len) >= 0;
    if (present) {
        CHECK_CASE(got >= 0 && (size_t)got < count, what);
        CHECK_CASE(table[got].arc_count == len, what);
        for (size_t k = 0; k < len; k++)
            CHECK_CASE(table[got].arcs[k] == oid[k], what);
    } else {
        CHECK_CASE(got == -1, what);
    }
}

static void test_find_every_oid_and_near_misses(void **state)
{
    (void)state;
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        uint8_t o[SNMP_MAX_OID_LEN];
        memcpy(o, r->oid, r->oid_len);
        expect_find(o, r->oid_len, r->text);
        /* Every proper prefix, the empty one included. */
        for (size_t len = 0; len < r->oid_len; len++) {
            expect_find(o, len, r->text);
        }
        /* Extensions. */
        o[r->oid_len] = 0;
        expect_find(o, r->oid_len + 1, r->text);
        o[r->oid_len] = 255;
        expect_find(o, r->oid_len + 1, r->text);
        /* Neighbours in the last and first byte. */
        uint8_t last = r->oid[r->oid_len - 1];
        for (int d = -1; d <= 1; d += 2) {
            memcpy(o, r->oid, r->oid_len);
            o[r->oid_len - 1] = (uint8_t)(last + d);
            expect_find(o, r->oid_len, r->text);
            memcpy(o, r->oid, r->oid_len);
            o[0] = (uint8_t)(o[0] + d);
            expect_find(o, r->oid_len, r->text);
        }
    }
    static const uint8_t big[255] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    assert_int_equal(seed_find(big, sizeof big), -1);
    assert_int_equal(seed_find(big, 0), -1);
}

/* ==== SET ==== */

/* Per-binding storage for OIDs and values. */
static uint8_t oids[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];
static uint8_t values[SNMP_MAX_BINDINGS][512];

static void set_reset(void)
{
    memset(&req, 0, sizeof req);
    req.request_id = 1;
    req.pdu_type = SNMP_PDU_SET_REQUEST;
}

/* Adds a binding; value is `len` bytes of `fill` unless bytes is given. */
static void set_add(const char *oid_text, uint8_t type, const void *bytes, size_t len)
{
    assert_true(req.count < SNMP_MAX_BINDINGS);
    assert_true(len <= sizeof values[0]);
    size_t i = req.count++;
    size_t ol = oid_enc(oid_text, oids[i]);
    if (bytes != NULL) {
        memcpy(values[i], bytes, len);
    }
    set_binding(&req.bindings[i], oids[i], ol, type, values[i], len);
}

static void set_add_fill(const char *oid_text, uint8_t type, size_t len, uint8_t fill)
{
    uint8_t tmp[512];
    assert_true(len <= sizeof tmp);
    memset(tmp, fill, len);
    set_add(oid_text, type, tmp, len);
}

static void set_add_u32(const char *oid_text, uint8_t type, uint32_t v)
{
    uint8_t tmp[4];
    snmp_value_put_u32(tmp, v);
    set_add(oid_text, type, tmp, 4);
}

static void set_add_str(const char *oid_text, const char *s)
{
    set_add(oid_text, SNMP_TYPE_STRING, s, strlen(s));
}

/* Reads a string object's current value. */
static void expect_stored(const char *oid_text, const void *want, size_t want_len)
{
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t ol = oid_enc(oid_text, oid);
    long idx = seed_find(oid, ol);
    CHECK_CASE(idx >= 0, oid_text);
    snmp_smi v;
    memset(&v, 0, sizeof v);
    snmp_mib_read(&mib, (size_t)idx, 0, &v);
    CHECK_CASE(v.type == SNMP_SMI_OCTET_STRING, oid_text);
    CHECK_CASE(v.len == want_len, oid_text);
    CHECK_CASE(want_len == 0 || memcmp(v.bytes, want, want_len) == 0, oid_text);
}

/*
 * Sends req as a seed SET and returns the answer's error_code. A refused SET
 * must leave the MIB byte for byte unchanged (its arena included) and be the
 * 11-byte error answer; an accepted one echoes every binding.
 */
static snmp_error validate(void)
{
    mib_state_save(&mib);
    size_t out_len = 0;
    assert_int_equal(seed_handle(0, out, sizeof out, &out_len), SNMP_OK);
    assert_int_equal(snmp_msg_unpack(out, out_len, &resp), SNMP_OK);
    snmp_error e = (snmp_error)resp.error_code;
    if (e != SNMP_ERR_SUCCESS) {
        assert_true(mib_state_unchanged(&mib));
        assert_int_equal(out_len, 11);
    } else {
        assert_int_equal(resp.count, req.count);
    }
    return e;
}

/* ---- validation order ---- */

enum obj_kind {
    K_OK,          /* writable string, valid */
    K_UNKNOWN,     /* not in the MIB */
    K_UNKNOWN_BAD, /* not in the MIB, and wrong type */
    K_RO,          /* read-only, right type */
    K_RO_BADTYPE,  /* read-only and wrong type */
    K_RO_LONG,     /* read-only string of 300 bytes */
    K_BADTYPE,     /* writable string given an INTEGER */
    K_LONG,        /* writable string of 256 bytes */
    K_END
};

static void add_kind(enum obj_kind k)
{
    switch (k) {
    case K_OK:
        set_add_str(OID_SYS_LOCATION, "ok");
        break;
    case K_UNKNOWN:
        set_add_str(OID_UNKNOWN, "x");
        break;
    case K_UNKNOWN_BAD:
        set_add_u32(OID_UNKNOWN, SNMP_TYPE_COUNTER, 5);
        break;
    case K_RO:
        set_add_str(OID_SYS_DESCR, "new descr");
        break;
    case K_RO_BADTYPE:
        set_add_str(OID_SYS_SERVICES, "not an integer");
        break;
    case K_RO_LONG:
        set_add_fill(OID_SYS_DESCR, SNMP_TYPE_STRING, 300, 'd');
        break;
    case K_BADTYPE:
        set_add_u32(OID_SYS_NAME, SNMP_TYPE_INTEGER, 1);
        break;
    case K_LONG:
        set_add_fill(OID_SYS_NAME, SNMP_TYPE_STRING, 256, 'l');
        break;
    case K_END:
        break;
    }
}

static void test_validation_order_first_failing_binding_decides(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum obj_kind kinds[4];
        snmp_error want;
    } cases[] = {
        {"unknown", {K_UNKNOWN, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"unknown with a wrong type", {K_UNKNOWN_BAD, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"read-only", {K_RO, K_END}, SNMP_ERR_READ_ONLY},
        {"read-only with a wrong type", {K_RO_BADTYPE, K_END}, SNMP_ERR_READ_ONLY},
        {"read-only with a long string", {K_RO_LONG, K_END}, SNMP_ERR_READ_ONLY},
        {"wrong type", {K_BADTYPE, K_END}, SNMP_ERR_BAD_VALUE},
        {"too long", {K_LONG, K_END}, SNMP_ERR_BAD_VALUE},
        {"[read-only, unknown]", {K_RO, K_UNKNOWN, K_END}, SNMP_ERR_READ_ONLY},
        {"[unknown, read-only]", {K_UNKNOWN, K_RO, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[bad value, unknown]", {K_BADTYPE, K_UNKNOWN, K_END}, SNMP_ERR_BAD_VALUE},
        {"[unknown, bad value]", {K_UNKNOWN, K_BADTYPE, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[bad value, read-only]", {K_LONG, K_RO, K_END}, SNMP_ERR_BAD_VALUE},
        {"[read-only, bad value]", {K_RO, K_LONG, K_END}, SNMP_ERR_READ_ONLY},
        {"[ok, ok, read-only]", {K_OK, K_OK, K_RO, K_END}, SNMP_ERR_READ_ONLY},
        {"[ok, bad value, unknown]", {K_OK, K_BADTYPE, K_UNKNOWN, K_END}, SNMP_ERR_BAD_VALUE},
        {"[ok, unknown, bad value]", {K_OK, K_UNKNOWN, K_BADTYPE, K_END}, SNMP_ERR_NO_SUCH_OID},
        {"[ok, ok, ok]", {K_OK, K_OK, K_OK, K_END}, SNMP_ERR_SUCCESS},
        {"[ok, ok, ok, unknown]", {K_OK, K_OK, K_OK, K_UNKNOWN}, SNMP_ERR_NO_SUCH_OID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_reset();
        for (size_t k = 0; k < 4 && cases[i].kinds[k] != K_END; k++) {
            add_kind(cases[i].kinds[k]);
        }
        snmp_error got = validate();
        if (got != cases[i].want) {
            print_error("case '%s': got error %d, want %d\n", cases[i].name, (int)got,
                        (int)cases[i].want);
            fail();
        }
        if (got == SNMP_ERR_SUCCESS) {
            CHECK_CASE(resp.count == req.count, cases[i].name);
        }
    }
}

static void test_read_only_objects_refuse_any_set(void **state)
{
    (void)state;
    static const char *const ro[] = {OID_SYS_DESCR, OID_SYS_OBJECT_ID, OID_SYS_UPTIME,
                                     OID_SYS_SERVICES, OID_IF_IN_OCTETS_1, OID_IF_LAST_CHANGE_1,
                                     "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.4.1.99.1.1.0"};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
        /* Whatever the type: READ_ONLY, never BAD_VALUE. */
        static const uint8_t types[] = {SNMP_TYPE_STRING, SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER,
                                        SNMP_TYPE_TIMETICKS};
        for (size_t t = 0; t < 4; t++) {
            set_reset();
            if (types[t] == SNMP_TYPE_STRING) {
                set_add_str(ro[i], "x");
            } else {
                set_add_u32(ro[i], types[t], 7);
            }
            CHECK_CASE(validate() == SNMP_ERR_READ_ONLY, ro[i]);
        }
    }
}

static void test_wrong_type_to_string_object_is_bad_value(void **state)
{
    (void)state;
    static const char *const writable[] = {OID_SYS_CONTACT, OID_SYS_NAME, OID_SYS_LOCATION,
                                           OID_IF_ALIAS_1, OID_IF_ALIAS_2, OID_IF_ALIAS_3};
    static const uint8_t types[] = {SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER, SNMP_TYPE_TIMETICKS};
    for (size_t w = 0; w < 6; w++) {
        for (size_t t = 0; t < 3; t++) {
            set_reset();
            set_add_u32(writable[w], types[t], 0);
            CHECK_CASE(validate() == SNMP_ERR_BAD_VALUE, writable[w]);
        }
        set_reset();
        set_add_str(writable[w], "fine");
        CHECK_CASE(validate() == SNMP_ERR_SUCCESS, writable[w]);
    }
}

static void test_string_length_254_255_ok_256_bad_value(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        snmp_error want;
    } cases[] = {
        {0, SNMP_ERR_SUCCESS},   {1, SNMP_ERR_SUCCESS},     {254, SNMP_ERR_SUCCESS},
        {255, SNMP_ERR_SUCCESS}, {256, SNMP_ERR_BAD_VALUE}, {257, SNMP_ERR_BAD_VALUE},
        {511, SNMP_ERR_BAD_VALUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "length %zu", cases[i].len);
        set_reset();
        set_add_fill(OID_IF_ALIAS_2, SNMP_TYPE_STRING, cases[i].len, 'z');
        CHECK_CASE(validate() == cases[i].want, name);
        if (cases[i].want == SNMP_ERR_SUCCESS) {
            uint8_t want[512];
            memset(want, 'z', cases[i].len);
            expect_stored(OID_IF_ALIAS_2, want, cases[i].len);
        }
    }
    /* 255 bytes of multi-byte UTF-8 (85 euro signs) count as 255, not 85. */
    uint8_t euros[258];
    for (size_t k = 0; k < 86; k++) {
        memcpy(euros + 3 * k, "\xe2\x82\xac", 3);
    }
    set_reset();
    set_add(OID_SYS_NAME, SNMP_TYPE_STRING, euros, 255);
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    set_reset();
    set_add(OID_SYS_NAME, SNMP_TYPE_STRING, euros, 258);
    assert_int_equal(validate(), SNMP_ERR_BAD_VALUE);
}

/* ---- phase 1 changes nothing; phase 2 stores ---- */

/* (That phase 1 alone changes nothing is test_set.c's, at the engine.) */
static void test_successful_set_stores_every_binding(void **state)
{
    (void)state;
    expect_stored(OID_SYS_NAME, "router-main", 11);
    expect_stored(OID_SYS_CONTACT, "admin@example.com", 17);
    set_reset();
    set_add_str(OID_SYS_NAME, "changed?");
    set_add_str(OID_SYS_CONTACT, "nobody");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    expect_stored(OID_SYS_NAME, "changed?", 8);
    expect_stored(OID_SYS_CONTACT, "nobody", 6);
}

static void test_failing_set_leaves_mib_byte_for_byte_unchanged(void **state)
{
    (void)state;
    /* Change something first so the state is not just the defaults. */
    set_reset();
    set_add_str(OID_SYS_LOCATION, "Lab 3");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);

    mib_state_save(&mib);
    static const struct {
        const char *name;
        enum obj_kind last;
        snmp_error want;
    } cases[] = {
        {"valid bindings then unknown", K_UNKNOWN, SNMP_ERR_NO_SUCH_OID},
        {"valid bindings then read-only", K_RO, SNMP_ERR_READ_ONLY},
        {"valid bindings then wrong type", K_BADTYPE, SNMP_ERR_BAD_VALUE},
        {"valid bindings then too long", K_LONG, SNMP_ERR_BAD_VALUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_reset();
        set_add_str(OID_SYS_NAME, "should-not-stick");
        set_add_fill(OID_SYS_CONTACT, SNMP_TYPE_STRING, 255, 'q');
        set_add_str(OID_IF_ALIAS_1, "");
        add_kind(cases[i].last);
        CHECK_CASE(validate() == cases[i].want, cases[i].name);   /* and unchanged */
    }
    expect_stored(OID_SYS_NAME, "router-main", 11);
    expect_stored(OID_SYS_LOCATION, "Lab 3", 5);
}

static void test_repeated_oid_last_wins(void **state)
{
    (void)state;
    set_reset();
    set_add_str(OID_SYS_NAME, "first");
    set_add_str(OID_SYS_CONTACT, "c1");
    set_add_str(OID_SYS_NAME, "second");
    set_add_str(OID_SYS_NAME, "third-and-last");
    set_add_str(OID_SYS_CONTACT, "");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(resp.count, 5);
    expect_stored(OID_SYS_NAME, "third-and-last", 14);
    expect_stored(OID_SYS_CONTACT, "", 0);
    /* A longer value then a shorter one: no stale tail. */
    set_reset();
    set_add_fill(OID_SYS_NAME, SNMP_TYPE_STRING, 255, 'L');
    set_add_str(OID_SYS_NAME, "s");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    expect_stored(OID_SYS_NAME, "s", 1);
}

static void test_empty_set_succeeds_and_changes_nothing(void **state)
{
    (void)state;
    set_reset();
    mib_state_save(&mib);
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(resp.count, 0);
    assert_true(mib_state_unchanged(&mib));
}

static void test_apply_copies_values_out_of_the_request(void **state)
{
    (void)state;
    set_reset();
    set_add_str(OID_IF_ALIAS_3, "kept");
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    /* The request buffer is reused for the next message. */
    memset(values, 0xEE, sizeof values);
    expect_stored(OID_IF_ALIAS_3, "kept", 4);
}

static void test_every_writable_object_stores_and_reads_back(void **state)
{
    (void)state;
    static const char *const writable[] = {OID_SYS_CONTACT, OID_SYS_NAME, OID_SYS_LOCATION,
                                           OID_IF_ALIAS_1, OID_IF_ALIAS_2, OID_IF_ALIAS_3};
    set_reset();
    for (size_t w = 0; w < 6; w++) {
        set_add_fill(writable[w], SNMP_TYPE_STRING, 10 + w, (uint8_t)('A' + w));
    }
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    for (size_t w = 0; w < 6; w++) {
        uint8_t want[16];
        memset(want, 'A' + (int)w, sizeof want);
        expect_stored(writable[w], want, 10 + w);
    }
    /* Read-only neighbours are untouched. */
    expect_stored(OID_SYS_DESCR, "Router Model X2000 - High Performance Edge Router", 49);
}

static void test_255_bindings_validate_and_the_last_can_fail(void **state)
{
    (void)state;
    set_reset();
    for (size_t i = 0; i < SNMP_MAX_BINDINGS; i++) {
        char v[16];
        snprintf(v, sizeof v, "v%zu", i);
        set_add_str(i % 2 ? OID_SYS_NAME : OID_SYS_LOCATION, v);
    }
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    assert_int_equal(resp.count, 255);
    /* Now make only the last one unknown. */
    size_t ol = oid_enc(OID_UNKNOWN, oids[254]);
    req.bindings[254].oid_len = (uint8_t)ol;
    assert_int_equal(validate(), SNMP_ERR_NO_SUCH_OID);
    /* And restore it: the last writes win. */
    ol = oid_enc(OID_SYS_LOCATION, oids[254]);
    req.bindings[254].oid_len = (uint8_t)ol;
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    expect_stored(OID_SYS_LOCATION, "v254", 4);
    expect_stored(OID_SYS_NAME, "v253", 4);
}

/* ---- a custom table with writable numbers ---- */

static _Alignas(16) uint8_t custom_arena[1 << 16];

static void custom_mib(const snmp_mib_row *table, size_t count)
{
    assert_true(snmp_mib_arena_size(table, count) <= sizeof custom_arena);
    assert_int_equal(snmp_mib_init(&mib, table, count, custom_arena, sizeof custom_arena, 0),
                     SNMP_OK);
}

static const uint32_t A_INT[] = {1, 1};
static const uint32_t A_CNT[] = {1, 2};
static const uint32_t A_STR[] = {1, 3};

static void test_custom_table_writable_integer_and_counter(void **state)
{
    (void)state;
    static snmp_mib_row t[3];
    memset(t, 0, sizeof t);
    t[0] = (snmp_mib_row){.arcs = A_INT, .arc_count = 2, .writable = true,
                          .value = {.type = SNMP_SMI_INTEGER, .integer = 5}};
    t[1] = (snmp_mib_row){.arcs = A_CNT, .arc_count = 2, .writable = true,
                          .value = {.type = SNMP_SMI_COUNTER32, .number = 6}};
    t[2] = (snmp_mib_row){.arcs = A_STR, .arc_count = 2, .writable = true,
                          .value = {.type = SNMP_SMI_OCTET_STRING, .bytes = (const uint8_t *)"s", .len = 1}};
    custom_mib(t, 3);

    set_reset();
    set_add_u32("1.1", SNMP_TYPE_INTEGER, (uint32_t)-12345);
    set_add_u32("1.2", SNMP_TYPE_COUNTER, 4000000000u);
    assert_int_equal(validate(), SNMP_ERR_SUCCESS);
    snmp_smi v;
    snmp_mib_read(&mib, 0, 0, &v);
    assert_int_equal(v.type, SNMP_SMI_INTEGER);
    assert_true(v.integer == -12345);
    snmp_mib_read(&mib, 1, 0, &v);
    assert_int_equal(v.type, SNMP_SMI_COUNTER32);
    assert_true(v.number == 4000000000u);
    /* And a GET says them in the seed's types. */
    req_reset(8);
    req_add("1.1");
    req_add("1.2");
    do_get(0, sizeof out);
    assert_int_equal(resp.bindings[0].type, SNMP_TYPE_INTEGER);
    assert_true(snmp_value_get_i32(resp.bindings[0].value) == -12345);
    assert_int_equal(resp.bindings[1].type, SNMP_TYPE_COUNTER);
    assert_true(snmp_value_get_u32(resp.bindings[1].value) == 4000000000u);

    /* Types must match exactly: COUNTER to INTEGER, TIMETICKS to COUNTER,
       STRING to INTEGER, INTEGER to STRING are all BAD_VALUE. */
    static const struct {
        const char *oid;
        uint8_t type;
    } wrong[] = {
        {"1.1", SNMP_TYPE_COUNTER},
        {"1.2", SNMP_TYPE_TIMETICKS},
        {"1.1", SNMP_TYPE_STRING},
        {"1.3", SNMP_TYPE_INTEGER},
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        set_reset();
        if (wrong[i].type == SNMP_TYPE_STRING) {
            set_add_str(wrong[i].oid, "abcd");
        } else {
            set_add_u32(wrong[i].oid, wrong[i].type, 1);
        }
        CHECK_CASE(validate() == SNMP_ERR_BAD_VALUE, wrong[i].oid);
    }
}

/* ---- objects the seed protocol cannot say (SNMP.md s.5) ---- */

static const uint32_t A_GAUGE[] = {1, 4};
static const uint32_t A_IP[] = {1, 5};
static const uint32_t A_BIG_ARC[] = {1, 6, 256};
static const uint32_t A_LONG[] = {1, 7};
static const uint32_t A_C64[] = {1, 8};
static const uint32_t A_NULL[] = {1, 9};
static const uint32_t A_OPAQUE[] = {1, 10};
static const uint32_t A_OID[] = {1, 11};
static const uint32_t A_OK[] = {1, 12};
static const uint32_t OID_VALUE[] = {1, 3, 4294967295u};

/*
 * A Gauge32, an IpAddress (both writable), a name with an arc above 255, an
 * OCTET STRING of 65536 bytes, Counter64, NULL and Opaque are NO_SUCH_OID to
 * the seed for GET and for SET whatever the failure; an OBJECT IDENTIFIER
 * is a STRING of its dotted text, read-only; an OCTET STRING of 65535 bytes
 * is said.
 */
static void test_objects_the_seed_cannot_say_are_no_such_oid(void **state)
{
    (void)state;
    static uint8_t big[65536];
    memset(big, 'b', sizeof big);
    static const uint8_t ip[4] = {10, 0, 0, 1};
    static snmp_mib_row t[10];
    t[0] = (snmp_mib_row){.arcs = A_GAUGE, .arc_count = 2, .writable = true,
                          .value = {.type = SNMP_SMI_GAUGE32, .number = 7}};
    t[1] = (snmp_mib_row){.arcs = A_IP, .arc_count = 2, .writable = true,
                          .value = {.type = SNMP_SMI_IPADDRESS, .bytes = ip, .len = 4}};
    t[2] = (snmp_mib_row){.arcs = A_BIG_ARC, .arc_count = 3,
                          .value = {.type = SNMP_SMI_INTEGER, .integer = 1}};
    t[3] = (snmp_mib_row){.arcs = A_LONG, .arc_count = 2,
                          .value = {.type = SNMP_SMI_OCTET_STRING, .bytes = big, .len = 65536}};
    t[4] = (snmp_mib_row){.arcs = A_C64, .arc_count = 2,
                          .value = {.type = SNMP_SMI_COUNTER64, .number = 1}};
    t[5] = (snmp_mib_row){.arcs = A_NULL, .arc_count = 2, .value = {.type = SNMP_SMI_NULL}};
    t[6] = (snmp_mib_row){.arcs = A_OPAQUE, .arc_count = 2,
                          .value = {.type = SNMP_SMI_OPAQUE, .bytes = ip, .len = 4}};
    t[7] = (snmp_mib_row){.arcs = A_OID, .arc_count = 2,
                          .value = {.type = SNMP_SMI_OBJECT_ID, .arcs = OID_VALUE, .len = 3}};
    t[8] = (snmp_mib_row){.arcs = A_OK, .arc_count = 2,
                          .value = {.type = SNMP_SMI_OCTET_STRING, .bytes = big, .len = 65535}};
    custom_mib(t, 9);

    static const char *const unsayable[] = {"1.4", "1.5", "1.7", "1.8", "1.9", "1.10"};
    for (size_t i = 0; i < sizeof unsayable / sizeof unsayable[0]; i++) {
        req_reset(3);
        req_add(unsayable[i]);
        expect_error_answer(do_get(0, sizeof out), SNMP_ERR_NO_SUCH_OID);
        /* SET: wrong type (the seed has no Gauge32 or IpAddress) or read-only. */
        for (uint8_t type = 0; type < 2; type++) {
            set_reset();
            if (type == 0)
                set_add_str(unsayable[i], "x");
            else
                set_add_u32(unsayable[i], SNMP_TYPE_COUNTER, 7);
            CHECK_CASE(validate() == SNMP_ERR_NO_SUCH_OID, unsayable[i]);
        }
    }
    /* A seed name of 129 or more arcs is in no MIB: NO_SUCH_OID, GET and SET. */
    static const uint8_t long_oid[200] = {1, 4};
    for (size_t len = 128; len <= 129; len++) {
        req_reset(3);
        req_add_raw(long_oid, len);
        expect_error_answer(do_get(0, sizeof out), SNMP_ERR_NO_SUCH_OID);
        set_reset();
        memcpy(oids[0], long_oid, len);
        set_binding(&req.bindings[0], oids[0], len, SNMP_TYPE_STRING, (const uint8_t *)"x", 1);
        req.count = 1;
        assert_int_equal(validate(), SNMP_ERR_NO_SUCH_OID);
    }
    /* 1.6.0 is as close as a seed name gets to 1.6.256. */
    req_reset(3);
    req_add("1.6.0");
    expect_error_answer(do_get(0, sizeof out), SNMP_ERR_NO_SUCH_OID);

    req_reset(4);
    req_add("1.11");
    do_get(0, sizeof out);
    assert_int_equal(resp.error_code, SNMP_ERR_SUCCESS);
    assert_int_equal(resp.bindings[0].type, SNMP_TYPE_STRING);
    assert_int_equal(resp.bindings[0].value_len, 14);
    assert_memory_equal(resp.bindings[0].value, "1.3.4294967295", 14);
    /* 65535 bytes can be said, but not in a 65536-byte answer: TOO_BIG,
     * where 65536 bytes (1.7 above) cannot be said at all. */
    req_reset(5);
    req_add("1.12");
    expect_error_answer(do_get(0, sizeof out), SNMP_ERR_TOO_BIG);
    set_reset();
    set_add_str("1.11", "1.3.6");
    assert_int_equal(validate(), SNMP_ERR_READ_ONLY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_default_table_matches_mib_tsv, fresh_mib),
        cmocka_unit_test_setup(test_every_object_reads_back_with_its_type_and_value, fresh_mib),
        cmocka_unit_test_setup(test_spot_values_from_mib_tsv, fresh_mib),
        cmocka_unit_test_setup(test_sys_uptime_is_now_minus_start_mod_2_32, fresh_mib),
        cmocka_unit_test_setup(test_unknown_oid_anywhere_gives_no_such_oid_and_no_bindings,
                               fresh_mib),
        cmocka_unit_test_setup(test_repeated_oids_answered_each_time_in_request_order, fresh_mib),
        cmocka_unit_test_setup(test_empty_request_gets_success_with_no_bindings, fresh_mib),
        cmocka_unit_test_setup(test_too_big_at_65537_success_at_65536, fresh_mib),
        cmocka_unit_test_setup(test_get_cap_minus_1_no_space_cap_ok, fresh_mib),
        cmocka_unit_test_setup(test_too_big_answer_needs_only_11_bytes_of_cap, fresh_mib),
        cmocka_unit_test_setup(test_answer_of_exactly_65536_needs_cap_65536, fresh_mib),
        cmocka_unit_test_setup(test_find_every_oid_and_near_misses, fresh_mib),
        cmocka_unit_test_setup(test_validation_order_first_failing_binding_decides, fresh_mib),
        cmocka_unit_test_setup(test_read_only_objects_refuse_any_set, fresh_mib),
        cmocka_unit_test_setup(test_wrong_type_to_string_object_is_bad_value, fresh_mib),
        cmocka_unit_test_setup(test_string_length_254_255_ok_256_bad_value, fresh_mib),
        cmocka_unit_test_setup(test_successful_set_stores_every_binding, fresh_mib),
        cmocka_unit_test_setup(test_failing_set_leaves_mib_byte_for_byte_unchanged, fresh_mib),
        cmocka_unit_test_setup(test_repeated_oid_last_wins, fresh_mib),
        cmocka_unit_test_setup(test_empty_set_succeeds_and_changes_nothing, fresh_mib),
        cmocka_unit_test_setup(test_apply_copies_values_out_of_the_request, fresh_mib),
        cmocka_unit_test_setup(test_every_writable_object_stores_and_reads_back, fresh_mib),
        cmocka_unit_test_setup(test_255_bindings_validate_and_the_last_can_fail, fresh_mib),
        cmocka_unit_test(test_custom_table_writable_integer_and_counter),
        cmocka_unit_test(test_objects_the_seed_cannot_say_are_no_such_oid),
    };
    return cmocka_run_group_tests(tests, load_tsv, NULL);
}
