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

bool snmp_msg_size_in_range(uint32_t size)
{
    return size >= SNMP_MIN_MESSAGE_SIZE && size <= SNMP_MAX_MESSAGE_SIZE;
}

static size_t header_size(uint8_t pdu_type)
{
    return pdu_type == SNMP_PDU_GET_RESPONSE ? SNMP_RESPONSE_HEADER_SIZE
                                             : SNMP_REQUEST_HEADER_SIZE;
}

/* Records a refusal and returns SNMP_MALFORMED, so that each rule is one line. */
static snmp_status refuse(snmp_refusal *why, snmp_reason reason, size_t offset, uint32_t detail)
{
    why->reason = reason;
    why->offset = (uint32_t)offset;   /* below len, and len is at most 65536 here */
    why->detail = detail;
    return SNMP_MALFORMED;
}

/*
 * The value rules of s.2 for binding b, whose type byte is at buf offset
 * type_at (its value_len follows, then the value). The same rules as
 * snmp_value_check, which cannot say which one failed or where.
 */
static snmp_status check_value(const snmp_binding *b, size_t type_at, snmp_refusal *why)
{
    switch (b->type) {
    case SNMP_TYPE_INTEGER:
    case SNMP_TYPE_COUNTER:
    case SNMP_TYPE_TIMETICKS:
        if (b->value_len != SNMP_INTEGER_LEN)
            return refuse(why, SNMP_REASON_INTEGER_LENGTH, type_at + 1, b->value_len);
        return SNMP_OK;
    case SNMP_TYPE_STRING: {
        size_t good = snmp_utf8_valid_prefix(b->value, b->value_len);
        if (good != b->value_len)
            return refuse(why, SNMP_REASON_STRING_NOT_UTF8, type_at + 3 + good, b->value[good]);
        return SNMP_OK;
    }
    default:
        return refuse(why, SNMP_REASON_VALUE_TYPE_UNKNOWN, type_at, b->type);
    }
}

/*
 * Decodes the count bindings that follow the header (the count byte is at
 * pos - 1); on any rule of s.4 records why and returns SNMP_MALFORMED. Every
 * field of each binding it reaches is written, so nothing of what the
 * caller's struct held before survives in bindings[0 .. count).
 */
static snmp_status unpack_bindings(const uint8_t *buf, size_t len, size_t pos, uint8_t pdu_type,
                                   uint8_t count, snmp_binding *bindings, snmp_refusal *why)
{
    bool has_values = pdu_type != SNMP_PDU_GET_REQUEST;
    size_t count_at = pos - 1;
    for (uint16_t i = 0; i < count; i++) {
        snmp_binding *b = &bindings[i];
        if (pos == len)
            return refuse(why, SNMP_REASON_COUNT_PAST_END, count_at, count);
        size_t binding_at = pos;
        b->oid_len = buf[pos++];
        if (b->oid_len > len - pos)
            return refuse(why, SNMP_REASON_OID_PAST_END, binding_at, b->oid_len);
        b->oid = buf + pos;
        pos += b->oid_len;
        if (!has_values) {
            b->type = 0;
            b->value = NULL;
            b->value_len = 0;
            continue;
        }
        if (3 > len - pos)
            return refuse(why, SNMP_REASON_VALUE_HEADER_PAST_END, binding_at,
                          (uint32_t)(len - pos));
        size_t type_at = pos;
        b->type = buf[pos];
        b->value_len = wire_get_u16(buf + pos + 1);
        pos += 3;
        if (b->value_len > len - pos)
            return refuse(why, SNMP_REASON_VALUE_PAST_END, type_at + 1, b->value_len);
        b->value = buf + pos;
        pos += b->value_len;
        if (check_value(b, type_at, why) != SNMP_OK)
            return SNMP_MALFORMED;
    }
    /* Nothing may be left over after the last binding. */
    if (pos != len)
        return refuse(why, SNMP_REASON_TRAILING_BYTES, pos, (uint32_t)(len - pos));
    return SNMP_OK;
}

snmp_status snmp_msg_unpack(const uint8_t *buf, size_t len, snmp_message *msg)
{
    snmp_refusal why;
    return snmp_msg_unpack_why(buf, len, msg, &why);
}

/*
 * Only the header and the bindings a message has are written: clearing the
 * whole 8 KiB struct (255 bindings) for every request was the largest single
 * cost of answering one (callgrind, README "Benchmark"). The header is
 * written last, so a refused message leaves count 0 and no binding to read.
 * The rules are checked in the order of s.4, the size field first.
 */
snmp_status snmp_msg_unpack_why(const uint8_t *buf, size_t len, snmp_message *msg,
                                snmp_refusal *why)
{
    msg->request_id = 0;
    msg->pdu_type = 0;
    msg->error_code = 0;
    msg->count = 0;
    why->reason = SNMP_REASON_NONE;
    why->offset = 0;
    why->detail = 0;

    if (len < 4)
        return refuse(why, SNMP_REASON_TOO_SHORT_FOR_SIZE, 0, (uint32_t)len);
    uint32_t size = snmp_msg_peek_size(buf);
    if (!snmp_msg_size_in_range(size))
        return refuse(why, SNMP_REASON_SIZE_OUT_OF_RANGE, 0, size);
    if (size != len)
        return refuse(why, SNMP_REASON_SIZE_MISMATCH, 0, size);
    uint8_t pdu_type = buf[8];
    if (snmp_pdu_name(pdu_type) == NULL)
        return refuse(why, SNMP_REASON_PDU_UNKNOWN, 8, pdu_type);
    size_t header = header_size(pdu_type);
    if (len < header) {
        return refuse(why,
                      pdu_type == SNMP_PDU_GET_RESPONSE ? SNMP_REASON_RESPONSE_TOO_SHORT
                                                        : SNMP_REASON_REQUEST_TOO_SHORT,
                      0, size);
    }

    uint8_t count = buf[header - 1];
    if (unpack_bindings(buf, len, header, pdu_type, count, msg->bindings, why) != SNMP_OK)
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
