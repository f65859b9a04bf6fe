/*
 * What the SNMP targets share: re-encoding a decoded message minimally, as
 * a Response with the message's own fields, to compare it with bytes.
 */
#ifndef FUZZ_SNMP_H
#define FUZZ_SNMP_H

#include "fuzz_target.h"
#include "snmp/pdu.h"

/*
 * Writes req (its version, community, request-id, error fields and every
 * varbind) as a Response into out, minimally, its varbind list list_len
 * bytes long; returns the size, or 0 when that is more than cap or than BER
 * can say. Every varbind must encode (fuzz_check).
 */
FUZZ_NO_COVERAGE static inline size_t fuzz_reencode(const snmp_pdu_request *req, size_t list_len,
                                                    uint8_t *out, size_t cap)
{
    size_t size = snmp_pdu_response_size(req, req->error_status, req->error_index, list_len);
    if (size == 0 || size > cap)
        return 0;
    size_t at = 0;
    fuzz_check(snmp_pdu_put_response_header(out, cap, req, req->error_status, req->error_index,
                                            list_len, &at) == SNMP_OK);
    snmp_ber_reader list = req->varbinds;
    snmp_oid name;
    snmp_smi value;
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
    while (snmp_pdu_next_varbind(&list, &name, &value, value_arcs) == SNMP_OK) {
        size_t n = 0;
        fuzz_check(snmp_pdu_put_varbind(out + at, cap - at, name.arcs, name.len, &value, &n) ==
                   SNMP_OK);
        at += n;
    }
    fuzz_check(at == size);
    return size;
}

#endif
