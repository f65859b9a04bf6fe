/*
 * Internal: unchecked big-endian writers. Every caller first computes the
 * exact size of what it writes and checks it against its capacity, so these
 * never need to (and a message is never half-written on failure).
 */
#ifndef SNMP_WIRE_H
#define SNMP_WIRE_H

#include <stdint.h>
#include <string.h>

#include "snmp/message.h"

static inline uint8_t *wire_put_u8(uint8_t *p, uint8_t v)
{
    *p = v;
    return p + 1;
}

static inline uint8_t *wire_put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    return p + 2;
}

static inline uint8_t *wire_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
    return p + 4;
}

static inline uint8_t *wire_put_bytes(uint8_t *p, const uint8_t *src, size_t n)
{
    if (n > 0)
        memcpy(p, src, n);
    return p + n;
}

static inline uint16_t wire_get_u16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Writes a GetResponse header for `count` bindings; total is the whole size. */
static inline uint8_t *wire_put_response_header(uint8_t *p, uint32_t total, uint32_t request_id,
                                                uint8_t error_code, uint8_t count)
{
    p = wire_put_u32(p, total);
    p = wire_put_u32(p, request_id);
    p = wire_put_u8(p, SNMP_PDU_GET_RESPONSE);
    p = wire_put_u8(p, error_code);
    return wire_put_u8(p, count);
}

/* Writes one binding: oid_len, oid, type, value_len, value. */
static inline uint8_t *wire_put_binding(uint8_t *p, const uint8_t *oid, uint8_t oid_len,
                                        uint8_t type, const uint8_t *value, uint16_t value_len)
{
    p = wire_put_u8(p, oid_len);
    p = wire_put_bytes(p, oid, oid_len);
    p = wire_put_u8(p, type);
    p = wire_put_u16(p, value_len);
    return wire_put_bytes(p, value, value_len);
}

/* Size on the wire of one binding with a value. */
static inline size_t wire_binding_size(size_t oid_len, size_t value_len)
{
    return 1 + oid_len + 3 + value_len;
}

/* Size of a GetResponse with no bindings: every error answer. */
enum { WIRE_ERROR_RESPONSE_SIZE = SNMP_RESPONSE_HEADER_SIZE };

/* Writes an error answer into out, which holds at least 11 bytes. */
static inline void wire_put_error_response(uint8_t *out, uint32_t request_id, uint8_t error_code)
{
    (void)wire_put_response_header(out, WIRE_ERROR_RESPONSE_SIZE, request_id, error_code, 0);
}

#endif
