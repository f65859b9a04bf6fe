/*
 * Target ber_decode: the strict v1/v2c decoder (snmp/pdu.h) on any bytes.
 *
 * Properties:
 *   - a refused message clears every field of the request and has a reason
 *     whose offset lies within the message (at its end at most);
 *   - an accepted one has exactly varbind_count varbinds, each read again
 *     by snmp_pdu_next_varbind and encodable at the size
 *     snmp_pdu_varbind_size says; then the list ends;
 *   - re-encoded minimally (the Response encoder over the request's own
 *     fields and varbinds), it is never longer than the input, and when it
 *     is as long it is the input byte for byte but for the PDU tag, which
 *     becomes a Response's: a message of minimal forms re-encodes to itself,
 *     and only a non-minimal length (which BER allows) can make the two
 *     differ.
 */
#include <string.h>

#include "fuzz_snmp.h"
#include "fuzz_target.h"
#include "snmp/pdu.h"

static uint8_t again[SNMP_PDU_MAX_MESSAGE];

FUZZ_NO_COVERAGE static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    snmp_pdu_request req;
    snmp_pdu_why why;
    if (snmp_pdu_decode(data, size, &req, &why) != SNMP_OK) {
        fuzz_check(all_zero(&req, sizeof req));
        fuzz_check(why.reason != SNMP_PDU_R_NONE);
        fuzz_check(why.offset <= size);
        return 0;
    }
    fuzz_check(why.reason == SNMP_PDU_R_NONE);
    fuzz_check(req.version == SNMP_VERSION_1 || req.version == SNMP_VERSION_2C);

    /* Every varbind reads again, and sizes as it encodes. */
    snmp_ber_reader list = req.varbinds;
    snmp_oid name;
    snmp_smi value;
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
    size_t count = 0, list_len = 0;
    snmp_status st;
    while ((st = snmp_pdu_next_varbind(&list, &name, &value, value_arcs)) == SNMP_OK) {
        count++;
        size_t vb_size = snmp_pdu_varbind_size(name.arcs, name.len, &value);
        fuzz_check(vb_size > 0);
        list_len += vb_size;
    }
    fuzz_check(st == SNMP_INCOMPLETE);
    fuzz_check(count == req.varbind_count);
    fuzz_check(list_len <= req.varbinds.len);

    size_t len = fuzz_reencode(&req, list_len, again, sizeof again);
    fuzz_check(len > 0 && len <= size);
    if (len == size) {
        size_t differ = 0;
        for (size_t i = 0; i < size; i++) {
            if (again[i] == data[i])
                continue;
            differ++;
            fuzz_check(again[i] == 0xa2 && data[i] == req.pdu_type);
        }
        fuzz_check(differ == 1);   /* the decoder takes no Response (a2) */
    }
    return 0;
}
