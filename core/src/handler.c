#include "snmp/handler.h"

#include "wire.h"

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

/*
 * A successful SET echoes the request's bindings. They are byte-for-byte the
 * request's payload, so the answer is its header plus one memcpy; it is one
 * byte longer than the request (the error_code).
 */
static snmp_status handle_set(snmp_mib *mib, snmp_handler_scratch *scratch, const uint8_t *req,
                              size_t req_len, uint8_t *out, size_t cap, size_t *out_len)
{
    const snmp_message *request = &scratch->request;
    snmp_error error = snmp_mib_set_validate(mib, request, &scratch->plan);
    if (error != SNMP_ERR_SUCCESS)
        return snmp_error_response(request->request_id, (uint8_t)error, out, cap, out_len);

    size_t size = req_len + 1;
    if (size > SNMP_MAX_MESSAGE_SIZE)
        return snmp_error_response(request->request_id, SNMP_ERR_TOO_BIG, out, cap, out_len);
    if (size > cap)
        return SNMP_NO_SPACE;

    snmp_mib_set_apply(mib, &scratch->plan);
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
        return snmp_mib_get(mib, &scratch->request, now_ticks, out, cap, out_len);
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
