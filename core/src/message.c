#include "snmp/message.h"

#include "wire.h"

const char *snmp_pdu_name(uint8_t pdu_type)
{
    switch (pdu_type) {
    case SNMP_PDU_GET_REQUEST:
        return "GetRequest";
    case SNMP_PDU_GET_RESPONSE:
        return "GetResponse";
    case SNMP_PDU_SET_REQUEST:
        return "SetRequest";
    default:
        return NULL;
    }
}

uint32_t snmp_msg_peek_size(const uint8_t buf[4])
{
    return snmp_value_get_u32(buf);
}

static size_t header_size(uint8_t pdu_type)
{
    return pdu_type == SNMP_PDU_GET_RESPONSE ? SNMP_RESPONSE_HEADER_SIZE
                                             : SNMP_REQUEST_HEADER_SIZE;
}

/*
 * Decodes the count bindings that follow the header; false on any rule of
 * s.4. Every field of each binding it reaches is written, so nothing of what
 * the caller's struct held before survives in bindings[0 .. count).
 */
static bool unpack_bindings(const uint8_t *buf, size_t len, size_t pos, uint8_t pdu_type,
                            uint8_t count, snmp_binding *bindings)
{
    bool has_values = pdu_type != SNMP_PDU_GET_REQUEST;
    for (uint16_t i = 0; i < count; i++) {
        snmp_binding *b = &bindings[i];
        if (pos == len)
            return false;
        b->oid_len = buf[pos++];
        if (b->oid_len > len - pos)
            return false;
        b->oid = buf + pos;
        pos += b->oid_len;
        if (!has_values) {
            b->type = 0;
            b->value = NULL;
            b->value_len = 0;
            continue;
        }
        if (3 > len - pos)
            return false;
        b->type = buf[pos];
        b->value_len = wire_get_u16(buf + pos + 1);
        pos += 3;
        if (b->value_len > len - pos)
            return false;
        b->value = buf + pos;
        pos += b->value_len;
        if (snmp_value_check(b->type, b->value, b->value_len) != SNMP_OK)
            return false;
    }
    return pos == len;   /* nothing may be left over after the last binding */
}

/*
 * Only the header and the bindings a message has are written: clearing the
 * whole 8 KiB struct (255 bindings) for every request was the largest single
 * cost of answering one (callgrind, README "Benchmark"). The header is
 * written last, so a refused message leaves count 0 and no binding to read.
 */
snmp_status snmp_msg_unpack(const uint8_t *buf, size_t len, snmp_message *msg)
{
    msg->request_id = 0;
    msg->pdu_type = 0;
    msg->error_code = 0;
    msg->count = 0;

    if (len < SNMP_MIN_MESSAGE_SIZE || len > SNMP_MAX_MESSAGE_SIZE)
        return SNMP_MALFORMED;
    if (snmp_msg_peek_size(buf) != len)
        return SNMP_MALFORMED;
    uint8_t pdu_type = buf[8];
    if (snmp_pdu_name(pdu_type) == NULL)
        return SNMP_MALFORMED;
    size_t header = header_size(pdu_type);
    if (len < header)
        return SNMP_MALFORMED;

    uint8_t count = buf[header - 1];
    if (!unpack_bindings(buf, len, header, pdu_type, count, msg->bindings))
        return SNMP_MALFORMED;
    msg->request_id = snmp_value_get_u32(buf + 4);
    msg->pdu_type = pdu_type;
    if (pdu_type == SNMP_PDU_GET_RESPONSE)
        msg->error_code = buf[9];
    msg->count = count;
    return SNMP_OK;
}

size_t snmp_msg_packed_size(const snmp_message *msg)
{
    if (snmp_pdu_name(msg->pdu_type) == NULL)
        return 0;
    bool has_values = msg->pdu_type != SNMP_PDU_GET_REQUEST;
    size_t size = header_size(msg->pdu_type);
    for (uint16_t i = 0; i < msg->count; i++) {
        const snmp_binding *b = &msg->bindings[i];
        size += has_values ? wire_binding_size(b->oid_len, b->value_len) : 1u + b->oid_len;
        /* Stop early: with 255 bindings of 64 KiB values size_t is safe, but
         * there is no point summing past the limit. */
        if (size > SNMP_MAX_MESSAGE_SIZE)
            return 0;
    }
    return size;
}

snmp_status snmp_msg_pack(const snmp_message *msg, uint8_t *out, size_t cap, size_t *out_len)
{
    *out_len = 0;
    if (snmp_pdu_name(msg->pdu_type) == NULL)
        return SNMP_MALFORMED;
    bool has_values = msg->pdu_type != SNMP_PDU_GET_REQUEST;
    if (has_values) {
        for (uint16_t i = 0; i < msg->count; i++) {
            const snmp_binding *b = &msg->bindings[i];
            if (snmp_value_check(b->type, b->value, b->value_len) != SNMP_OK)
                return SNMP_MALFORMED;
        }
    }
    size_t size = snmp_msg_packed_size(msg);
    if (size == 0)
        return SNMP_LIMIT;
    if (size > cap)
        return SNMP_NO_SPACE;

    uint8_t *p = out;
    p = wire_put_u32(p, (uint32_t)size);
    p = wire_put_u32(p, msg->request_id);
    p = wire_put_u8(p, msg->pdu_type);
    if (msg->pdu_type == SNMP_PDU_GET_RESPONSE)
        p = wire_put_u8(p, msg->error_code);
    p = wire_put_u8(p, msg->count);
    for (uint16_t i = 0; i < msg->count; i++) {
        const snmp_binding *b = &msg->bindings[i];
        if (has_values) {
            p = wire_put_binding(p, b->oid, b->oid_len, b->type, b->value, b->value_len);
        } else {
            p = wire_put_u8(p, b->oid_len);
            p = wire_put_bytes(p, b->oid, b->oid_len);
        }
    }
    *out_len = size;
    return SNMP_OK;
}
