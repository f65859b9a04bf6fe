/* MIB lookup and GET (AGENT.md "The MIB", "GetRequest"; mib.tsv). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static snmp_message req;
static snmp_message resp;
static uint8_t out[SNMP_MAX_MESSAGE_SIZE + 1024];

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
    size_t count = 0;
    const snmp_mib_object *table = snmp_mib_default_table(&count);
    return snmp_mib_init(&mib, table, count, 0) == SNMP_OK ? 0 : -1;
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
    assert_int_equal(snmp_mib_get(&mib, &req, now, out, cap, &out_len), SNMP_OK);
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

static void test_default_table_matches_mib_tsv(void **state)
{
    (void)state;
    size_t count = 0;
    const snmp_mib_object *table = snmp_mib_default_table(&count);
    assert_non_null(table);
    assert_int_equal(count, row_count);
    assert_int_equal(count, 142);
    for (size_t i = 1; i < count; i++) {
        /* Sorted, no repeats. */
        assert_true(snmp_oid_compare(table[i - 1].oid, table[i - 1].oid_len, table[i].oid,
                                     table[i].oid_len) < 0);
    }
    size_t writable = 0;
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        long idx = snmp_mib_find(&mib, r->oid, r->oid_len);
        CHECK_CASE(idx >= 0 && (size_t)idx < count, r->text);
        const snmp_mib_object *o = &table[idx];
        CHECK_CASE(o->oid_len == r->oid_len && memcmp(o->oid, r->oid, r->oid_len) == 0, r->text);
        CHECK_CASE(o->type == r->type, r->text);
        CHECK_CASE(o->writable == r->writable, r->text);
        CHECK_CASE(o->is_uptime == (strcmp(r->text, OID_SYS_UPTIME) == 0), r->text);
        writable += r->writable;
    }
    assert_int_equal(writable, 6);
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

        /* snmp_mib_read agrees. */
        long idx = snmp_mib_find(&mib, r->oid, r->oid_len);
        CHECK_CASE(idx >= 0, r->text);
        snmp_mib_value v;
        memset(&v, 0, sizeof v);
        snmp_mib_read(&mib, (size_t)idx, now, &v);
        CHECK_CASE(v.type == r->type, r->text);
        if (r->type == SNMP_TYPE_STRING) {
            CHECK_CASE(v.len == r->value_len, r->text);
            CHECK_CASE(r->value_len == 0 || memcmp(v.bytes, r->value, r->value_len) == 0, r->text);
        } else {
            uint32_t want = strcmp(r->text, OID_SYS_UPTIME) == 0 ? (uint32_t)(now - start) : r->number;
            CHECK_CASE(snmp_value_get_u32(v.number) == want, r->text);
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
    size_t count = 0;
    const snmp_mib_object *table = snmp_mib_default_table(&count);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[96];
        snprintf(name, sizeof name, "start %llu now %llu", (unsigned long long)cases[i].start,
                 (unsigned long long)cases[i].now);
        CHECK_CASE(snmp_mib_init(&mib, table, count, cases[i].start) == SNMP_OK, name);
        req_reset(3);
        req_add(OID_SYS_UPTIME);
        req_add(OID_IF_LAST_CHANGE_1); /* a TIMETICKS that is not the clock */
        do_get(cases[i].now, sizeof out);
        CHECK_CASE(resp.error_code == SNMP_ERR_SUCCESS && resp.count == 2, name);
        CHECK_CASE(resp.bindings[0].type == SNMP_TYPE_TIMETICKS, name);
        CHECK_CASE(resp.bindings[0].value_len == 4, name);
        CHECK_CASE(snmp_value_get_u32(resp.bindings[0].value) == cases[i].want, name);
        CHECK_CASE(snmp_value_get_u32(resp.bindings[1].value) == 0, name);

        long idx = snmp_mib_find(&mib, oid_store[0], req.bindings[0].oid_len);
        CHECK_CASE(idx >= 0, name);
        snmp_mib_value v;
        snmp_mib_read(&mib, (size_t)idx, cases[i].now, &v);
        CHECK_CASE(v.type == SNMP_TYPE_TIMETICKS, name);
        CHECK_CASE(snmp_value_get_u32(v.number) == cases[i].want, name);
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

static snmp_message set_req;
static snmp_set_plan plan;
static uint8_t set_values[SNMP_MAX_BINDINGS][SNMP_MIB_STRING_MAX + 1];
static uint8_t set_oids[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];

/* Stores a len-byte string of `fill` in a writable object through SET. */
static void set_string(const char *oid_text, size_t len, uint8_t fill)
{
    memset(&set_req, 0, sizeof set_req);
    set_req.pdu_type = SNMP_PDU_SET_REQUEST;
    set_req.count = 1;
    size_t ol = oid_enc(oid_text, set_oids[0]);
    memset(set_values[0], fill, len);
    set_binding(&set_req.bindings[0], set_oids[0], ol, SNMP_TYPE_STRING, set_values[0], len);
    assert_int_equal(snmp_mib_set_validate(&mib, &set_req, &plan), SNMP_ERR_SUCCESS);
    snmp_mib_set_apply(&mib, &plan);
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
            snmp_status st = snmp_mib_get(&mib, &req, 0, o, cap, &out_len);
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
    assert_int_equal(snmp_mib_get(&mib, &req, 0, o, 11, &out_len), SNMP_OK);
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
        snmp_status st = snmp_mib_get(&mib, &req, 0, o, cap, &out_len);
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

/* ---- find ---- */

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
    const snmp_mib_object *table = snmp_mib_default_table(&count);
    long got = snmp_mib_find(&mib, oid, len);
    bool present = brute_find(oid, len) >= 0;
    if (present) {
        CHECK_CASE(got >= 0 && (size_t)got < count, what);
        CHECK_CASE(table[got].oid_len == len && memcmp(table[got].oid, oid, len) == 0, what);
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
    assert_int_equal(snmp_mib_find(&mib, big, sizeof big), -1);
    assert_int_equal(snmp_mib_find(&mib, big, 0), -1);
}

/* ---- init refuses bad tables ---- */

static const uint8_t T_A[] = {1, 1};
static const uint8_t T_B[] = {1, 2};
static const uint8_t T_C[] = {1, 3};

static snmp_mib_object obj(const uint8_t *oid, size_t oid_len, uint8_t type, bool writable,
                           const char *string)
{
    snmp_mib_object o;
    memset(&o, 0, sizeof o);
    o.oid = oid;
    o.oid_len = (uint8_t)oid_len;
    o.type = type;
    o.writable = writable;
    o.string = string;
    o.string_len = (uint16_t)(string ? strlen(string) : 0);
    return o;
}

static void test_init_refuses_bad_tables(void **state)
{
    (void)state;
    static snmp_mib m;
    snmp_mib_object t[3];

    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, false, "a");
    t[1] = obj(T_B, 2, SNMP_TYPE_STRING, true, "b");
    t[2] = obj(T_C, 2, SNMP_TYPE_INTEGER, false, NULL);
    assert_int_equal(snmp_mib_init(&m, t, 3, 0), SNMP_OK);

    /* Unsorted. */
    t[0] = obj(T_B, 2, SNMP_TYPE_STRING, false, "a");
    t[1] = obj(T_A, 2, SNMP_TYPE_STRING, true, "b");
    assert_int_not_equal(snmp_mib_init(&m, t, 3, 0), SNMP_OK);

    /* Repeated OID. */
    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, false, "a");
    t[1] = obj(T_A, 2, SNMP_TYPE_STRING, true, "b");
    assert_int_not_equal(snmp_mib_init(&m, t, 3, 0), SNMP_OK);

    /* A writable string of 256 bytes; 255 is fine. */
    static char s256[257];
    memset(s256, 'x', 256);
    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, false, "a");
    t[1] = obj(T_B, 2, SNMP_TYPE_STRING, true, s256);
    assert_int_not_equal(snmp_mib_init(&m, t, 3, 0), SNMP_OK);
    s256[255] = '\0';
    t[1] = obj(T_B, 2, SNMP_TYPE_STRING, true, s256);
    assert_int_equal(snmp_mib_init(&m, t, 3, 0), SNMP_OK);
}

static void test_init_refuses_each_bad_object(void **state)
{
    (void)state;
    static snmp_mib m;
    snmp_mib_object t[1];

    t[0] = obj(T_A, 2, 0x05, false, NULL);   /* unknown type */
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_MALFORMED);

    t[0] = obj(T_A, 2, SNMP_TYPE_TIMETICKS, true, NULL);
    t[0].is_uptime = true;                    /* a writable sysUpTime */
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_MALFORMED);
    t[0] = obj(T_A, 2, SNMP_TYPE_INTEGER, false, NULL);
    t[0].is_uptime = true;                    /* sysUpTime that is not TIMETICKS */
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_MALFORMED);
    t[0] = obj(T_A, 2, SNMP_TYPE_TIMETICKS, false, NULL);
    t[0].is_uptime = true;
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_OK);

    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, false, NULL);
    t[0].string_len = 3;                      /* a length with no bytes */
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_MALFORMED);
}

static void test_init_writable_empty_string_reads_back_empty(void **state)
{
    (void)state;
    static snmp_mib m;
    snmp_mib_object t[1];
    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, true, NULL);
    assert_int_equal(snmp_mib_init(&m, t, 1, 0), SNMP_OK);
    snmp_mib_value v;
    snmp_mib_read(&m, 0, 0, &v);
    assert_int_equal(v.type, SNMP_TYPE_STRING);
    assert_int_equal(v.len, 0);
}

/* The lookup index stays at most half full: one object more than
 * SNMP_MIB_MAX_OBJECTS is refused before any is read. */
static void test_init_refuses_more_than_max_objects(void **state)
{
    (void)state;
    static snmp_mib m;
    snmp_mib_object t[1];
    t[0] = obj(T_A, 2, SNMP_TYPE_STRING, false, "a");
    assert_int_equal(snmp_mib_init(&m, t, SNMP_MIB_MAX_OBJECTS + 1, 0), SNMP_LIMIT);
}

/* A full table, where the hash index is as crowded as it can be and probe
 * sequences are longest. The OIDs are in order by their first three bytes,
 * and their last byte is scattered so that their hashes collide (with only
 * the last two bytes counting up, FNV-1a's low bits spread them perfectly
 * and no probe sequence would ever be longer than one). Every object is
 * found at its own index; the same OIDs with another last byte, a prefix or
 * one byte more are not found. */
static void test_find_in_a_table_of_max_objects(void **state)
{
    (void)state;
    enum { N = SNMP_MIB_MAX_OBJECTS };
    static snmp_mib m;
    static uint8_t oids[N][4];
    static snmp_mib_object t[N];
    for (size_t i = 0; i < N; i++) {
        oids[i][0] = 1;
        oids[i][1] = (uint8_t)(i >> 8);
        oids[i][2] = (uint8_t)i;
        oids[i][3] = (uint8_t)(i * 151u + 7u);
        t[i] = obj(oids[i], 4, SNMP_TYPE_STRING, false, "x");
    }
    assert_int_equal(snmp_mib_init(&m, t, N, 0), SNMP_OK);
    for (size_t i = 0; i < N; i++) {
        uint8_t o[5];
        memcpy(o, oids[i], 4);
        CHECK_CASE(snmp_mib_find(&m, o, 4) == (long)i, "a present OID");
        CHECK_CASE(snmp_mib_find(&m, o, 3) == -1, "a prefix");
        o[4] = 0;
        CHECK_CASE(snmp_mib_find(&m, o, 5) == -1, "one byte more");
        for (unsigned d = 1; d < 8; d++) {
            o[3] = (uint8_t)(oids[i][3] + d);
            CHECK_CASE(snmp_mib_find(&m, o, 4) == -1, "another last byte");
        }
    }
    assert_int_equal(snmp_mib_find(&m, oids[0], 0), -1);
}

static void test_init_writable_count_limit(void **state)
{
    (void)state;
    static snmp_mib m;
    static uint8_t oids[SNMP_MIB_MAX_WRITABLE + 1][2];
    static snmp_mib_object t[SNMP_MIB_MAX_WRITABLE + 1];
    for (size_t i = 0; i <= SNMP_MIB_MAX_WRITABLE; i++) {
        oids[i][0] = 1;
        oids[i][1] = (uint8_t)i;
        t[i] = obj(oids[i], 2, SNMP_TYPE_STRING, true, "w");
    }
    assert_int_equal(snmp_mib_init(&m, t, SNMP_MIB_MAX_WRITABLE - 1, 0), SNMP_OK);
    assert_int_equal(snmp_mib_init(&m, t, SNMP_MIB_MAX_WRITABLE, 0), SNMP_OK);
    assert_int_equal(snmp_mib_init(&m, t, SNMP_MIB_MAX_WRITABLE + 1, 0), SNMP_LIMIT);
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
        cmocka_unit_test(test_init_refuses_bad_tables),
        cmocka_unit_test(test_init_refuses_each_bad_object),
        cmocka_unit_test(test_init_writable_empty_string_reads_back_empty),
        cmocka_unit_test(test_init_refuses_more_than_max_objects),
        cmocka_unit_test(test_find_in_a_table_of_max_objects),
        cmocka_unit_test(test_init_writable_count_limit),
    };
    return cmocka_run_group_tests(tests, load_tsv, NULL);
}
