#define _DEFAULT_SOURCE 1 /* mmap's MAP_ANONYMOUS */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "snmp/oid.h"
#include "test_util.h"

#ifndef SNMP_CORPUS_DIR
#error "SNMP_CORPUS_DIR must name the corpus directory"
#endif

static size_t page_size(void)
{
    long ps = sysconf(_SC_PAGESIZE);
    assert_true(ps > 0);
    return (size_t)ps;
}

uint8_t *guarded_alloc(guarded_buf *g, size_t len)
{
    size_t ps = page_size();
    size_t data_pages = (len + ps - 1) / ps;
    size_t map_len = (data_pages + 1) * ps;
    void *map = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(map != MAP_FAILED);
    uint8_t *base = map;
    assert_int_equal(mprotect(base + data_pages * ps, ps, PROT_NONE), 0);
    g->map = base;
    g->map_len = map_len;
    g->len = len;
    g->data = base + data_pages * ps - len;
    memset(base, 0xA5, data_pages * ps);
    return g->data;
}

const uint8_t *guarded_copy(guarded_buf *g, const void *src, size_t len)
{
    uint8_t *p = guarded_alloc(g, len);
    if (len > 0) {
        memcpy(p, src, len);
    }
    return p;
}

void guarded_free(guarded_buf *g)
{
    if (g->map != NULL) {
        assert_int_equal(munmap(g->map, g->map_len), 0);
    }
    memset(g, 0, sizeof *g);
}

void mb_init(msg_builder *b, uint8_t *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 0;
}

static void mb_need(msg_builder *b, size_t n)
{
    if (n > b->cap - b->len) {
        print_error("message builder overflow: %zu + %zu > %zu\n", b->len, n, b->cap);
        fail();
    }
}

void mb_u8(msg_builder *b, uint8_t v)
{
    mb_need(b, 1);
    b->buf[b->len++] = v;
}

void mb_u16(msg_builder *b, uint16_t v)
{
    mb_u8(b, (uint8_t)(v >> 8));
    mb_u8(b, (uint8_t)v);
}

void mb_u32(msg_builder *b, uint32_t v)
{
    mb_u8(b, (uint8_t)(v >> 24));
    mb_u8(b, (uint8_t)(v >> 16));
    mb_u8(b, (uint8_t)(v >> 8));
    mb_u8(b, (uint8_t)v);
}

void mb_bytes(msg_builder *b, const void *p, size_t n)
{
    mb_need(b, n);
    if (n > 0) {
        memcpy(b->buf + b->len, p, n);
    }
    b->len += n;
}

void mb_fill(msg_builder *b, uint8_t byte, size_t n)
{
    mb_need(b, n);
    memset(b->buf + b->len, byte, n);
    b->len += n;
}

void mb_header(msg_builder *b, uint32_t request_id, uint8_t pdu_type)
{
    mb_u32(b, 0);
    mb_u32(b, request_id);
    mb_u8(b, pdu_type);
}

size_t oid_enc(const char *text, uint8_t *out)
{
    size_t len = 99999;
    snmp_status st = snmp_oid_from_text(text, strlen(text), out, SNMP_MAX_OID_LEN, &len);
    if (st != SNMP_OK) {
        print_error("cannot encode OID '%s'\n", text);
        fail();
    }
    return len;
}

void mb_oid_text(msg_builder *b, const char *text)
{
    uint8_t oid[SNMP_MAX_OID_LEN];
    size_t len = oid_enc(text, oid);
    mb_u8(b, (uint8_t)len);
    mb_bytes(b, oid, len);
}

void mb_binding(msg_builder *b, const char *oid_text, uint8_t type, const void *value,
                size_t value_len)
{
    mb_oid_text(b, oid_text);
    mb_u8(b, type);
    assert_true(value_len <= 0xFFFF);
    mb_u16(b, (uint16_t)value_len);
    mb_bytes(b, value, value_len);
}

size_t mb_finish(msg_builder *b)
{
    assert_true(b->len >= 4);
    uint32_t size = (uint32_t)b->len;
    b->buf[0] = (uint8_t)(size >> 24);
    b->buf[1] = (uint8_t)(size >> 16);
    b->buf[2] = (uint8_t)(size >> 8);
    b->buf[3] = (uint8_t)size;
    return b->len;
}

size_t load_file(const char *path, uint8_t *out, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        print_error("cannot open %s\n", path);
        fail();
    }
    size_t got = fread(out, 1, cap, f);
    int extra = fgetc(f);
    fclose(f);
    assert_true(extra == EOF);
    return got;
}

size_t load_golden(const char *name, uint8_t *out, size_t cap)
{
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/msg_unpack/%s", SNMP_CORPUS_DIR, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    return load_file(path, out, cap);
}

uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

void set_binding(snmp_binding *bind, const uint8_t *oid, size_t oid_len, uint8_t type,
                 const uint8_t *value, size_t value_len)
{
    assert_true(oid_len <= 255);
    assert_true(value_len <= 0xFFFF);
    bind->oid = oid;
    bind->oid_len = (uint8_t)oid_len;
    bind->type = type;
    bind->value = value;
    bind->value_len = (uint16_t)value_len;
}

snmp_status default_mib_init(snmp_mib *mib, uint64_t now_ticks)
{
    static void *arena;
    static size_t arena_size;
    size_t count = 0;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    if (arena == NULL) {
        arena_size = snmp_mib_arena_size(rows, count);
        arena = malloc(arena_size);
        assert_non_null(arena);
    }
    return snmp_mib_init(mib, rows, count, arena, arena_size, now_ticks);
}

/* The saved state: the struct and copies of the three arena arrays. */
static snmp_mib saved;
static snmp_mib_slot *saved_slots;
static uint32_t *saved_writable;
static uint32_t *saved_types;
static uint32_t *saved_smiv1;

static void *copy_of(void *old, const void *src, size_t n)
{
    void *copy = realloc(old, n > 0 ? n : 1);
    assert_non_null(copy);
    if (n > 0)
        memcpy(copy, src, n);
    return copy;
}

void mib_state_save(const snmp_mib *mib)
{
    saved = *mib;
    saved_slots = copy_of(saved_slots, mib->slots, mib->slot_count * sizeof *mib->slots);
    saved_writable =
        copy_of(saved_writable, mib->writable_rows, mib->slot_count * sizeof *mib->writable_rows);
    saved_types = copy_of(saved_types, mib->types, mib->type_count * sizeof *mib->types);
    saved_smiv1 = copy_of(saved_smiv1, mib->smiv1_from, mib->count * sizeof *mib->smiv1_from);
}

bool mib_state_unchanged(const snmp_mib *mib)
{
    return memcmp(&saved, mib, sizeof *mib) == 0 &&
           memcmp(saved_slots, mib->slots, mib->slot_count * sizeof *mib->slots) == 0 &&
           memcmp(saved_writable, mib->writable_rows,
                  mib->slot_count * sizeof *mib->writable_rows) == 0 &&
           memcmp(saved_types, mib->types, mib->type_count * sizeof *mib->types) == 0 &&
           memcmp(saved_smiv1, mib->smiv1_from, mib->count * sizeof *mib->smiv1_from) == 0;
}
