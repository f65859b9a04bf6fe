#include "snmp/handler.h"

#include "snmp/value.h"
#include "wire.h"

/* The seed protocol's four type tags are the BER tags of the SMI types
 * they stand for, so a seed value's tag is its SMI type as it is. */
_Static_assert((int)SNMP_TYPE_INTEGER == (int)SNMP_SMI_INTEGER, "seed INTEGER is SMI INTEGER");
_Static_assert((int)SNMP_TYPE_STRING == (int)SNMP_SMI_OCTET_STRING, "seed STRING is OCTET STRING");
_Static_assert((int)SNMP_TYPE_COUNTER == (int)SNMP_SMI_COUNTER32, "seed COUNTER is Counter32");
_Static_assert((int)SNMP_TYPE_TIMETICKS == (int)SNMP_SMI_TIMETICKS, "seed TIMETICKS is TimeTicks");

snmp_status snmp_error_response(uint32_t request_id, uint8_t error_code, uint8_t *out, size_t cap,
                                size_t *out_len)
{
    *out_len = 0;
    if (cap < WIRE_ERROR_RESPONSE_SIZE)
        return SNMP_NO_SPACE;
    wire_put_error_response(out, request_id, error_code);
    *out_len = WIRE_ERROR_RESPONSE_SIZE;
    return SNMP_OK;
}

/* A value as the seed protocol says it: a tag and its payload. */
typedef struct seed_value {
    const uint8_t *bytes;
    size_t len;
    uint8_t type;
    uint8_t number[SNMP_INTEGER_LEN];
} seed_value;

/*
 * The seed form of an SMI value, or false when the seed protocol cannot say
 * it (its object is then NO_SUCH_OID here, SNMP.md s.5). An OBJECT
 * IDENTIFIER is a STRING of its dotted text, written into text.
 */
static bool seed_value_of(const snmp_smi *v, char *text, seed_value *out)
{
    out->type = v->type;
    switch (v->type) {
    case SNMP_SMI_OCTET_STRING:
        out->bytes = v->bytes;
        out->len = v->len;
        return v->len <= SNMP_MAX_VALUE_LEN;
    case SNMP_SMI_OBJECT_ID: {
        /* The MIB holds 2..128 arcs, so the text always fits. */
        size_t n = 0;
        snmp_status st = snmp_arcs_to_text(v->arcs, v->len, text, SNMP_ARCS_TEXT_MAX + 1, &n);
        (void)st;
        out->type = SNMP_TYPE_STRING;
        out->bytes = (const uint8_t *)text;
        out->len = n;
        return true;
    }
    case SNMP_SMI_INTEGER:
        snmp_value_put_i32(out->number, v->integer);
        break;
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_TIMETICKS:
        snmp_value_put_u32(out->number, (uint32_t)v->number);
        break;
    default:
        return false;
    }
    out->bytes = out->number;
    out->len = SNMP_INTEGER_LEN;
    return true;
}

/* The row a seed OID names, or -1 (a name of more than 128 arcs is in no MIB). */
static long seed_find(const snmp_mib *mib, snmp_handler_scratch *scratch, const uint8_t *oid,
                      size_t oid_len, size_t *arc_count)
{
    if (snmp_arcs_from_seed(oid, oid_len, scratch->arcs, SNMP_OID_MAX_ARCS, arc_count) != SNMP_OK)
        return -1;
    return snmp_mib_find(mib, scratch->arcs, *arc_count);
}

/* Row i's current value in seed form, or false when the seed cannot say it. */
static bool seed_read(const snmp_mib *mib, snmp_handler_scratch *scratch, size_t i,
                      uint64_t now_ticks, seed_value *out)
{
    snmp_smi v;
    snmp_mib_read(mib, i, now_ticks, &v);
    return seed_value_of(&v, scratch->text, out);
}

/*
 * GET, all or nothing: every OID must name an object the seed can say and
 * the whole answer must fit 65536 bytes before a byte of it is written.
 */
static snmp_status handle_get(const snmp_mib *mib, snmp_handler_scratch *scratch,
                              uint64_t now_ticks, uint8_t *out, size_t cap, size_t *out_len)
{
    const snmp_message *request = &scratch->request;
    size_t count = request->count;
    size_t size = SNMP_RESPONSE_HEADER_SIZE;
    for (size_t i = 0; i < count; i++) {
        const snmp_binding *b = &request->bindings[i];
        size_t arc_count;
        long row = seed_find(mib, scratch, b->oid, b->oid_len, &arc_count);
        seed_value value;
        if (row < 0 || !seed_read(mib, scratch, (size_t)row, now_ticks, &value))
            return snmp_error_response(request->request_id, SNMP_ERR_NO_SUCH_OID, out, cap,
                                       out_len);
        scratch->rows[i] = (uint32_t)row;
        size += wire_binding_size(b->oid_len, value.len);
    }
    if (size > SNMP_MAX_MESSAGE_SIZE)
        return snmp_error_response(request->request_id, SNMP_ERR_TOO_BIG, out, cap, out_len);
    if (size > cap)
        return SNMP_NO_SPACE;

    uint8_t *p = wire_put_response_header(out, (uint32_t)size, request->request_id,
                                          SNMP_ERR_SUCCESS, (uint8_t)count);
    for (size_t i = 0; i < count; i++) {
        const snmp_binding *b = &request->bindings[i];
        seed_value value = {0};
        /* Pass 1 read this row at the same "now": it is sayable. */
        (void)seed_read(mib, scratch, scratch->rows[i], now_ticks, &value);
        p = wire_put_binding(p, b->oid, b->oid_len, value.type, value.bytes,
                             (uint16_t)value.len);
    }
    *out_len = size;
    return SNMP_OK;
}

/* A decoded seed binding's value as SMI (unpack checked its payload). */
static snmp_smi smi_of_seed(const snmp_binding *b)
{
    snmp_smi v;
    memset(&v, 0, sizeof v);
    v.type = b->type;
    if (b->type == SNMP_TYPE_STRING) {
        v.bytes = b->value;
        v.len = b->value_len;
    } else {
        v.integer = snmp_value_get_i32(b->value);
        v.number = snmp_value_get_u32(b->value);
    }
    return v;
}

/*
 * The seed's code for a binding the SET engine refused (AGENT.md): a name
 * that is not an object the seed can see is NO_SUCH_OID whatever the
 * failure; an object: notWritable is READ_ONLY, wrongType, wrongLength and
 * wrongValue are BAD_VALUE (noCreation needs a name that is no row).
 */
static snmp_error seed_set_error(const snmp_mib *mib, snmp_handler_scratch *scratch,
                                 size_t arc_count, snmp_set_failure failure)
{
    long row = snmp_mib_find(mib, scratch->arcs, arc_count);
    seed_value value;
    if (row < 0 || !seed_read(mib, scratch, (size_t)row, 0, &value))
        return SNMP_ERR_NO_SUCH_OID;
    return failure == SNMP_SET_NOT_WRITABLE ? SNMP_ERR_READ_ONLY : SNMP_ERR_BAD_VALUE;
}

/* SET phase 1 over every binding in order; the first failure decides. */
static snmp_error seed_set_check(const snmp_mib *mib, snmp_handler_scratch *scratch)
{
    const snmp_message *request = &scratch->request;
    for (size_t i = 0; i < request->count; i++) {
        const snmp_binding *b = &request->bindings[i];
        size_t arc_count;
        if (snmp_arcs_from_seed(b->oid, b->oid_len, scratch->arcs, SNMP_OID_MAX_ARCS,
                                &arc_count) != SNMP_OK)
            return SNMP_ERR_NO_SUCH_OID;
        snmp_smi value = smi_of_seed(b);
        snmp_set_failure failure =
            snmp_set_check(mib, scratch->arcs, arc_count, &value, &scratch->steps[i]);
        if (failure != SNMP_SET_OK)
            return seed_set_error(mib, scratch, arc_count, failure);
    }
    return SNMP_ERR_SUCCESS;
}

/*
 * A successful SET echoes the request's bindings. They are byte-for-byte the
 * request's payload, so the answer is its header plus one memcpy; it is one
 * byte longer than the request (the error_code).
 */
static snmp_status handle_set(snmp_mib *mib, snmp_handler_scratch *scratch, const uint8_t *req,
                              size_t req_len, uint8_t *out, size_t cap, size_t *out_len)
{
    const snmp_message *request = &scratch->request;
    snmp_error error = seed_set_check(mib, scratch);
    if (error != SNMP_ERR_SUCCESS)
        return snmp_error_response(request->request_id, (uint8_t)error, out, cap, out_len);

    size_t size = req_len + 1;
    if (size > SNMP_MAX_MESSAGE_SIZE)
        return snmp_error_response(request->request_id, SNMP_ERR_TOO_BIG, out, cap, out_len);
    if (size > cap)
        return SNMP_NO_SPACE;

    snmp_set_apply(mib, scratch->steps, request->count);
    uint8_t *p = wire_put_response_header(out, (uint32_t)size, request->request_id,
                                          SNMP_ERR_SUCCESS, (uint8_t)request->count);
    (void)wire_put_bytes(p, req + SNMP_REQUEST_HEADER_SIZE, req_len - SNMP_REQUEST_HEADER_SIZE);
    *out_len = size;
    return SNMP_OK;
}

snmp_status snmp_handle_request(snmp_mib *mib, snmp_handler_scratch *scratch, const uint8_t *req,
                                size_t req_len, uint64_t now_ticks, uint8_t *out, size_t cap,
                                size_t *out_len)
{
    *out_len = 0;
    if (snmp_msg_unpack_why(req, req_len, &scratch->request, &scratch->refusal) != SNMP_OK)
        return SNMP_MALFORMED;
    switch (scratch->request.pdu_type) {
    case SNMP_PDU_GET_REQUEST:
        return handle_get(mib, scratch, now_ticks, out, cap, out_len);
    case SNMP_PDU_SET_REQUEST:
        return handle_set(mib, scratch, req, req_len, out, cap, out_len);
    default:
        /* Agents do not accept responses (PROTOCOL.md s.4): the only other
         * pdu_type a decoded message can have. */
        scratch->refusal.reason = SNMP_REASON_RESPONSE_TO_AGENT;
        scratch->refusal.offset = 8;
        scratch->refusal.detail = scratch->request.pdu_type;
        return SNMP_MALFORMED;
    }
}
