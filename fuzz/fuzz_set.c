/*
 * Target set: SET phase 1 (validate) and phase 2 (apply) against a fresh MIB.
 *
 * The input is decoded as a structured SetRequest so that most inputs name
 * real objects: count, then per binding a selector (below 0xF0: the MIB
 * object selector % table size; otherwise a raw OID of the next length byte),
 * a type selector, a 16-bit length and that many value bytes (fewer if the
 * input ends).
 *
 * Properties:
 *   - validate never changes the MIB;
 *   - its verdict equals a reference model built on a linear search, applying
 *     AGENT.md's checks in order;
 *   - a refused SET leaves the MIB byte for byte unchanged;
 *   - an accepted SET changes exactly the objects it names, each to the value
 *     of its last binding.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_target.h"
#include "snmp/mib.h"

static snmp_mib mib, before;
static snmp_message request;
static snmp_set_plan plan;

typedef struct reader {
    const uint8_t *p;
    size_t left;
} reader;

FUZZ_NO_COVERAGE static uint8_t take_byte(reader *r)
{
    if (r->left == 0)
        return 0;
    r->left--;
    return *r->p++;
}

FUZZ_NO_COVERAGE static void build_request(const uint8_t *data, size_t size, const snmp_mib_object *table,
                          size_t table_count)
{
    static const uint8_t types[] = {SNMP_TYPE_STRING, SNMP_TYPE_INTEGER, SNMP_TYPE_COUNTER,
                                    SNMP_TYPE_TIMETICKS};
    reader r = {data, size};
    memset(&request, 0, sizeof request);
    request.pdu_type = SNMP_PDU_SET_REQUEST;
    request.count = take_byte(&r);
    for (uint16_t i = 0; i < request.count; i++) {
        snmp_binding *b = &request.bindings[i];
        uint8_t selector = take_byte(&r);
        if (selector < 0xF0) {
            const snmp_mib_object *obj = &table[selector % table_count];
            b->oid = obj->oid;
            b->oid_len = obj->oid_len;
        } else {
            uint8_t n = take_byte(&r);
            b->oid_len = n <= r.left ? n : (uint8_t)r.left;
            b->oid = r.p;
            r.p += b->oid_len;
            r.left -= b->oid_len;
        }
        uint8_t type = take_byte(&r);
        b->type = type < 0xF0 ? types[type % 4] : take_byte(&r);
        size_t len = (size_t)take_byte(&r) << 8;
        len |= take_byte(&r);
        if (len > r.left)
            len = r.left;
        b->value_len = (uint16_t)len;
        b->value = r.p;
        r.p += len;
        r.left -= len;
    }
}

/* Object each binding names, by linear search (-1: none): the reference
 * for the core's binary search. */
static long named[SNMP_MAX_BINDINGS];
/* The last binding naming each object (-1: none). */
static int last_writer[4096];

FUZZ_NO_COVERAGE static void find_named_objects(const snmp_mib_object *table, size_t table_count)
{
    for (uint16_t i = 0; i < request.count; i++) {
        const snmp_binding *b = &request.bindings[i];
        named[i] = -1;
        for (size_t k = 0; k < table_count && named[i] < 0; k++) {
            if (table[k].oid_len == b->oid_len && memcmp(table[k].oid, b->oid, b->oid_len) == 0)
                named[i] = (long)k;
        }
    }
}

/* AGENT.md's phase-1 checks, written as plainly as possible. */
FUZZ_NO_COVERAGE static snmp_error reference_verdict(const snmp_mib_object *table)
{
    for (uint16_t i = 0; i < request.count; i++) {
        const snmp_binding *b = &request.bindings[i];
        if (named[i] < 0)
            return SNMP_ERR_NO_SUCH_OID;
        const snmp_mib_object *obj = &table[named[i]];
        if (!obj->writable)
            return SNMP_ERR_READ_ONLY;
        if (b->type != obj->type)
            return SNMP_ERR_BAD_VALUE;
        if (b->type == SNMP_TYPE_STRING ? b->value_len > 255 : b->value_len != 4)
            return SNMP_ERR_BAD_VALUE;
    }
    return SNMP_ERR_SUCCESS;
}

/* Each object holds its last writer's value, or what it held before. */
FUZZ_NO_COVERAGE static void check_applied(const snmp_mib_object *table, size_t table_count)
{
    for (size_t k = 0; k < table_count; k++)
        last_writer[k] = -1;
    for (uint16_t i = 0; i < request.count; i++)
        last_writer[named[i]] = i;   /* verdict SUCCESS: every binding names an object */
    for (size_t k = 0; k < table_count; k++) {
        snmp_mib_value now, was;
        snmp_mib_read(&mib, k, 0, &now);
        snmp_mib_read(&before, k, 0, &was);
        const uint8_t *want = was.bytes;
        size_t want_len = was.len;
        if (last_writer[k] >= 0) {
            want = request.bindings[last_writer[k]].value;
            want_len = request.bindings[last_writer[k]].value_len;
        }
        fuzz_check(now.type == table[k].type);
        fuzz_check(now.len == want_len);
        fuzz_check(want_len == 0 || memcmp(now.bytes, want, want_len) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t table_count;
    const snmp_mib_object *table = snmp_mib_default_table(&table_count);
    fuzz_check(table_count <= sizeof last_writer / sizeof last_writer[0]);
    fuzz_fresh_mib(&mib);
    build_request(data, size, table, table_count);
    memcpy(&before, &mib, sizeof mib);
    find_named_objects(table, table_count);

    snmp_error verdict = snmp_mib_set_validate(&mib, &request, &plan);
    fuzz_check(memcmp(&before, &mib, sizeof mib) == 0);
    fuzz_check(verdict == reference_verdict(table));
    if (verdict != SNMP_ERR_SUCCESS)
        return 0;

    snmp_mib_set_apply(&mib, &plan);
    check_applied(table, table_count);
    return 0;
}
