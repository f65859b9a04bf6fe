/*
 * Target set: the SET engine, phase 1 (snmp_set_check, binding by binding)
 * and phase 2 (snmp_set_apply), against a fresh default MIB.
 *
 * The input is decoded as a structured SET so that most inputs name real
 * objects: count, then per binding
 *   a name selector: below 0x80, row (selector % rows); 0x80..0xEF, row
 *     ((selector - 0x80) % rows) with its last arc replaced by the next byte
 *     (another instance of the same object type: noCreation or a
 *     neighbour); 0xF0..0xF7, a raw name of the next byte's count of
 *     one-byte arcs; 0xF8..0xFF, of 4-byte big-endian arcs;
 *   a type selector: below 0xF0, one of ten SMI types (selector % 10, the
 *     first four being the seed protocol's); else the next byte as a tag;
 *   a 16-bit length and that many value bytes (fewer if the input ends):
 *     the payload of OCTET STRING, IpAddress and Opaque; for the numeric
 *     types up to 8 of them are the big-endian number (so Counter32 values
 *     of 2^32 and more occur), its low 32 bits the INTEGER.
 *
 * Properties:
 *   - check never changes the MIB (its arena compared byte for byte);
 *   - the first failing binding and its failure equal a reference model
 *     built on linear searches, applying SNMP.md s.4's checks in order;
 *   - a refused SET is never applied, so the MIB is unchanged;
 *   - an accepted SET, applied, changes exactly the objects it names, each
 *     to the value of its last binding.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_target.h"
#include "snmp/set.h"
#include "snmp/utf8.h"

enum { MAX_BINDINGS = 255 };

static fuzz_mib fm, before;

typedef struct binding {
    uint32_t name[SNMP_OID_MAX_ARCS + 127];   /* raw names may pass 128 arcs */
    size_t name_len;
    snmp_smi value;
} binding;

static binding bindings[MAX_BINDINGS];
static size_t binding_count;
static snmp_set_step steps[MAX_BINDINGS];

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

FUZZ_NO_COVERAGE static void take_name(reader *r, binding *b, const snmp_mib_row *rows,
                                       size_t count)
{
    uint8_t selector = take_byte(r);
    if (selector < 0xF0) {
        const snmp_mib_row *row = &rows[(selector & 0x7Fu) % count];
        memcpy(b->name, row->arcs, row->arc_count * sizeof b->name[0]);
        b->name_len = row->arc_count;
        if (selector >= 0x80)
            b->name[b->name_len - 1] = take_byte(r);
        return;
    }
    b->name_len = take_byte(r);
    for (size_t k = 0; k < b->name_len; k++) {
        uint32_t arc = take_byte(r);
        for (int extra = 0; selector >= 0xF8 && extra < 3; extra++)
            arc = arc << 8 | take_byte(r);
        b->name[k] = arc;
    }
}

FUZZ_NO_COVERAGE static void take_value(reader *r, binding *b)
{
    static const uint8_t types[] = {
        SNMP_SMI_OCTET_STRING, SNMP_SMI_INTEGER, SNMP_SMI_COUNTER32, SNMP_SMI_TIMETICKS,
        SNMP_SMI_GAUGE32,      SNMP_SMI_IPADDRESS, SNMP_SMI_OBJECT_ID, SNMP_SMI_NULL,
        SNMP_SMI_OPAQUE,       SNMP_SMI_COUNTER64};
    uint8_t type = take_byte(r);
    snmp_smi *v = &b->value;
    memset(v, 0, sizeof *v);
    v->type = type < 0xF0 ? types[type % 10] : take_byte(r);
    size_t len = (size_t)take_byte(r) << 8;
    len |= take_byte(r);
    if (len > r->left)
        len = r->left;
    v->bytes = r->p;
    v->len = len;
    for (size_t k = 0; k < len && k < 8; k++)
        v->number = v->number << 8 | r->p[k];
    v->integer = (int32_t)(uint32_t)v->number;
    r->p += len;
    r->left -= len;
}

FUZZ_NO_COVERAGE static void build_request(const uint8_t *data, size_t size,
                                           const snmp_mib_row *rows, size_t count)
{
    reader r = {data, size};
    binding_count = take_byte(&r);
    for (size_t i = 0; i < binding_count; i++) {
        take_name(&r, &bindings[i], rows, count);
        take_value(&r, &bindings[i]);
    }
}

/* The row named exactly name, by linear search, or -1. */
FUZZ_NO_COVERAGE static long linear_find(const snmp_mib_row *rows, size_t count,
                                         const uint32_t *name, size_t len)
{
    for (size_t k = 0; k < count; k++) {
        if (rows[k].arc_count == len &&
            memcmp(rows[k].arcs, name, len * sizeof name[0]) == 0)
            return (long)k;
    }
    return -1;
}

/* A writable row whose object type is name without its last arc, or NULL. */
FUZZ_NO_COVERAGE static const snmp_mib_row *writable_sibling(const snmp_mib_row *rows,
                                                             size_t count, const uint32_t *name,
                                                             size_t len)
{
    for (size_t k = 0; len > 0 && k < count; k++) {
        if (rows[k].writable && rows[k].arc_count == len &&
            memcmp(rows[k].arcs, name, (len - 1) * sizeof name[0]) == 0)
            return &rows[k];
    }
    return NULL;
}

/* SNMP.md s.4's checks for one binding, written as plainly as possible. */
FUZZ_NO_COVERAGE static snmp_set_failure reference_check(const snmp_mib_row *rows, size_t count,
                                                         const binding *b)
{
    long named = linear_find(rows, count, b->name, b->name_len);
    const snmp_mib_row *model = named >= 0 ? &rows[named] : NULL;
    if (model == NULL)
        model = writable_sibling(rows, count, b->name, b->name_len);
    if (model == NULL || !model->writable)
        return SNMP_SET_NOT_WRITABLE;
    const snmp_smi *v = &b->value;
    if (v->type != model->value.type)
        return SNMP_SET_WRONG_TYPE;
    if (v->type == SNMP_SMI_OCTET_STRING && v->len > 255)
        return SNMP_SET_WRONG_LENGTH;
    if (v->type == SNMP_SMI_IPADDRESS && v->len != 4)
        return SNMP_SET_WRONG_LENGTH;
    if (v->type == SNMP_SMI_OCTET_STRING && !snmp_utf8_valid(v->bytes, v->len))
        return SNMP_SET_WRONG_VALUE;
    if ((v->type == SNMP_SMI_COUNTER32 || v->type == SNMP_SMI_GAUGE32 ||
         v->type == SNMP_SMI_TIMETICKS) &&
        v->number > UINT32_MAX)
        return SNMP_SET_WRONG_VALUE;
    return named < 0 ? SNMP_SET_NO_CREATION : SNMP_SET_OK;
}

/* Each object holds its last writer's value, or what it held before. */
FUZZ_NO_COVERAGE static void check_applied(const snmp_mib_row *rows, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        long last = -1;
        for (size_t i = 0; i < binding_count; i++) {
            if (linear_find(rows, count, bindings[i].name, bindings[i].name_len) == (long)k)
                last = (long)i;
        }
        snmp_smi now, was;
        snmp_mib_read(&fm.mib, k, 0, &now);
        snmp_mib_read(&before.mib, k, 0, &was);
        const snmp_smi *want = last >= 0 ? &bindings[last].value : &was;
        fuzz_check(now.type == rows[k].value.type);
        if (now.type == SNMP_SMI_OCTET_STRING || now.type == SNMP_SMI_IPADDRESS) {
            fuzz_check(now.len == want->len);
            fuzz_check(want->len == 0 || memcmp(now.bytes, want->bytes, want->len) == 0);
        } else if (now.type == SNMP_SMI_INTEGER) {
            fuzz_check(now.integer == want->integer);
        } else if (rows[k].writable) {
            fuzz_check(now.number == want->number);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    fuzz_fresh_mib(&fm);
    build_request(data, size, rows, count);
    fuzz_mib_copy(&before, &fm);

    snmp_set_failure verdict = SNMP_SET_OK;
    for (size_t i = 0; i < binding_count && verdict == SNMP_SET_OK; i++) {
        const binding *b = &bindings[i];
        verdict = snmp_set_check(&fm.mib, b->name, b->name_len, &b->value, &steps[i]);
        fuzz_check(verdict == reference_check(rows, count, b));
        fuzz_check(fuzz_mib_same(&before, &fm));
        fuzz_check(snmp_set_failure_name(verdict) != NULL);
    }
    if (verdict != SNMP_SET_OK)
        return 0;

    snmp_set_apply(&fm.mib, steps, binding_count);
    check_applied(rows, count);
    return 0;
}
