#include "request.h"

#include <string.h>

#include "snmp/oid.h"
#include "text.h"

mgr_request_status mgr_request_start(mgr_request *req, const mgr_args *args, uint32_t request_id)
{
    memset(&req->msg, 0, sizeof req->msg);
    req->bad_oid = NULL;
    req->wire_len = 0;
    req->msg.request_id = request_id;
    req->msg.pdu_type =
        args->command == MGR_CMD_SET ? SNMP_PDU_SET_REQUEST : SNMP_PDU_GET_REQUEST;

    /* Every argument is checked even past the 255th, so that a bad OID is
     * reported as such whatever its position. */
    for (size_t i = 0; i < args->oid_count; i++) {
        const char *text = args->oids[i];
        uint8_t scratch[SNMP_MAX_OID_LEN];
        uint8_t *dst = i < SNMP_MAX_BINDINGS ? req->oid_bytes[i] : scratch;
        size_t oid_len;
        if (snmp_oid_from_text(text, strlen(text), dst, SNMP_MAX_OID_LEN, &oid_len) != SNMP_OK) {
            req->bad_oid = text;
            return MGR_REQUEST_BAD_OID;
        }
        if (i < SNMP_MAX_BINDINGS) {
            snmp_binding *b = &req->msg.bindings[i];
            b->oid = req->oid_bytes[i];
            b->oid_len = (uint8_t)oid_len;
        }
    }
    if (args->oid_count > SNMP_MAX_BINDINGS)
        return MGR_REQUEST_TOO_MANY_OIDS;
    req->msg.count = (uint8_t)args->oid_count;
    return MGR_REQUEST_OK;
}

mgr_request_status mgr_request_pack(mgr_request *req, const mgr_value *value)
{
    req->wire_len = 0;
    if (value != NULL && req->msg.count > 0) {
        snmp_binding *b = &req->msg.bindings[0];
        size_t len;
        const uint8_t *payload = mgr_value_payload(value, &len);
        /* mgr_parse_value caps a string at 65535 bytes, so len fits. */
        if (len > SNMP_MAX_VALUE_LEN)
            return MGR_REQUEST_TOO_LARGE;
        b->type = value->type;
        b->value = payload;
        b->value_len = (uint16_t)len;
    }
    /* The OIDs and value were checked already and wire holds the largest
     * message, so the size limit is the only way packing can fail. */
    if (snmp_msg_pack(&req->msg, req->wire, sizeof req->wire, &req->wire_len) != SNMP_OK)
        return MGR_REQUEST_TOO_LARGE;
    return MGR_REQUEST_OK;
}

void mgr_print_request_error(FILE *out, mgr_request_status status, const mgr_request *req)
{
    switch (status) {
    case MGR_REQUEST_OK:
        return;
    case MGR_REQUEST_BAD_OID:
        fputs("Error: Invalid OID '", out);
        mgr_print_echo(out, req->bad_oid, strlen(req->bad_oid));
        fputs("'\n", out);
        return;
    case MGR_REQUEST_TOO_MANY_OIDS:
        fprintf(out, "Error: Too many OIDs (limit %d per request)\n", SNMP_MAX_BINDINGS);
        return;
    case MGR_REQUEST_TOO_LARGE:
        fprintf(out, "Error: Request too large (limit %d bytes)\n", SNMP_MAX_MESSAGE_SIZE);
        return;
    }
}
