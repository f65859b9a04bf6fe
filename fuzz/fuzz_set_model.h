/*
 * What the two SET targets share (set: the engine alone, for the seed
 * protocol; snmp_set: the same SETs as SNMP messages, through the
 * responder): the structured SET they decode from the input, and the
 * reference model of RFC 3416 4.2.5's order of checks (SNMP.md s.4),
 * written on linear searches so it shares no code with set.c.
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
 */
#ifndef FUZZ_SET_MODEL_H
#define FUZZ_SET_MODEL_H

#include <stdbool.h>
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_target.h"
#include "snmp/set.h"
#include "snmp/utf8.h"

enum { FUZZ_SET_MAX_BINDINGS = 255 };

typedef struct fuzz_binding {
    uint32_t name[SNMP_OID_MAX_ARCS + 127];   /* raw names may pass 128 arcs */
    size_t name_len;
    snmp_smi value;
} fuzz_binding;

/* One decoded SET: its bindings, views into the input. */
typedef struct fuzz_set_request {
    fuzz_binding bindings[FUZZ_SET_MAX_BINDINGS];
    size_t count;
    size_t begun;   /* the bindings begun before the input ran out */
} fuzz_set_request;

typedef struct fuzz_reader {
    const uint8_t *p;
    size_t left;
} fuzz_reader;

FUZZ_NO_COVERAGE static inline uint8_t fuzz_take_byte(fuzz_reader *r)
{
    if (r->left == 0)
        return 0;
    r->left--;
    return *r->p++;
}

FUZZ_NO_COVERAGE static inline void fuzz_take_name(fuzz_reader *r, fuzz_binding *b,
                                                   const snmp_mib_row *rows, size_t count)
{
    uint8_t selector = fuzz_take_byte(r);
    if (selector < 0xF0) {
        const snmp_mib_row *row = &rows[(selector & 0x7Fu) % count];
        memcpy(b->name, row->arcs, row->arc_count * sizeof b->name[0]);
        b->name_len = row->arc_count;
        if (selector >= 0x80)
            b->name[b->name_len - 1] = fuzz_take_byte(r);
        return;
    }
    b->name_len = fuzz_take_byte(r);
    for (size_t k = 0; k < b->name_len; k++) {
        uint32_t arc = fuzz_take_byte(r);
        for (int extra = 0; selector >= 0xF8 && extra < 3; extra++)
            arc = arc << 8 | fuzz_take_byte(r);
        b->name[k] = arc;
    }
}

FUZZ_NO_COVERAGE static inline void fuzz_take_value(fuzz_reader *r, fuzz_binding *b)
{
    static const uint8_t types[] = {
        SNMP_SMI_OCTET_STRING, SNMP_SMI_INTEGER, SNMP_SMI_COUNTER32, SNMP_SMI_TIMETICKS,
        SNMP_SMI_GAUGE32,      SNMP_SMI_IPADDRESS, SNMP_SMI_OBJECT_ID, SNMP_SMI_NULL,
        SNMP_SMI_OPAQUE,       SNMP_SMI_COUNTER64};
    uint8_t type = fuzz_take_byte(r);
    snmp_smi *v = &b->value;
    memset(v, 0, sizeof *v);
    v->type = type < 0xF0 ? types[type % 10] : fuzz_take_byte(r);
    size_t len = (size_t)fuzz_take_byte(r) << 8;
    len |= fuzz_take_byte(r);
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

/* Decodes data as a structured SET (the layout above); returns where the
 * bindings end. */
FUZZ_NO_COVERAGE static inline fuzz_reader fuzz_take_set(const uint8_t *data, size_t size,
                                                         const snmp_mib_row *rows, size_t count,
                                                         fuzz_set_request *out)
{
    fuzz_reader r = {data, size};
    out->count = fuzz_take_byte(&r);
    out->begun = 0;
    for (size_t i = 0; i < out->count; i++) {
        out->begun += r.left > 0;
        fuzz_take_name(&r, &out->bindings[i], rows, count);
        fuzz_take_value(&r, &out->bindings[i]);
    }
    return r;
}

/* The row named exactly name, by linear search, or -1. */
FUZZ_NO_COVERAGE static inline long fuzz_linear_find(const snmp_mib_row *rows, size_t count,
                                                     const uint32_t *name, size_t len)
{
    for (size_t k = 0; k < count; k++) {
        if (rows[k].arc_count == len && memcmp(rows[k].arcs, name, len * sizeof name[0]) == 0)
            return (long)k;
    }
    return -1;
}

/* A writable row whose object type is name without its last arc, or NULL. */
FUZZ_NO_COVERAGE static inline const snmp_mib_row *
fuzz_writable_sibling(const snmp_mib_row *rows, size_t count, const uint32_t *name, size_t len)
{
    for (size_t k = 0; len > 0 && k < count; k++) {
        if (rows[k].writable && rows[k].arc_count == len &&
            memcmp(rows[k].arcs, name, (len - 1) * sizeof name[0]) == 0)
            return &rows[k];
    }
    return NULL;
}

/* SNMP.md s.4's checks for one binding, written as plainly as possible. */
FUZZ_NO_COVERAGE static inline snmp_set_failure
fuzz_reference_check(const snmp_mib_row *rows, size_t count, const fuzz_binding *b)
{
    long named = fuzz_linear_find(rows, count, b->name, b->name_len);
    const snmp_mib_row *model = named >= 0 ? &rows[named] : NULL;
    if (model == NULL)
        model = fuzz_writable_sibling(rows, count, b->name, b->name_len);
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

/* The first failing binding of the request (its index in *failed) and its
 * failure, or SNMP_SET_OK. */
FUZZ_NO_COVERAGE static inline snmp_set_failure
fuzz_reference_set(const snmp_mib_row *rows, size_t count, const fuzz_set_request *req,
                   size_t *failed)
{
    for (size_t i = 0; i < req->count; i++) {
        snmp_set_failure f = fuzz_reference_check(rows, count, &req->bindings[i]);
        if (f != SNMP_SET_OK) {
            *failed = i;
            return f;
        }
    }
    return SNMP_SET_OK;
}

/* After an accepted SET: each object of now holds its last writer's value
 * in req, or what it held in before. */
FUZZ_NO_COVERAGE static inline void fuzz_check_applied(const fuzz_mib *now_mib,
                                                       const fuzz_mib *before_mib,
                                                       const snmp_mib_row *rows, size_t count,
                                                       const fuzz_set_request *req)
{
    for (size_t k = 0; k < count; k++) {
        long last = -1;
        for (size_t i = 0; i < req->count; i++) {
            const fuzz_binding *b = &req->bindings[i];
            if (fuzz_linear_find(rows, count, b->name, b->name_len) == (long)k)
                last = (long)i;
        }
        snmp_smi now, was;
        snmp_mib_read(&now_mib->mib, k, 0, &now);
        snmp_mib_read(&before_mib->mib, k, 0, &was);
        const snmp_smi *want = last >= 0 ? &req->bindings[last].value : &was;
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

#endif
