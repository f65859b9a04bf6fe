/*
 * Target snmp_handle: the SNMP command responder (snmp/responder.h) on one
 * datagram, over a fresh default MIB.
 * Input: 8 bytes of "now" (big-endian ticks), 1 byte choosing the
 * communities and the transport's size limit, then the datagram.
 *
 * Properties, for every input:
 *   - an answer is a strictly decodable Response, minimally encoded (it
 *     re-encodes to itself), with the request's request-id, version and
 *     community, no larger than the size limit;
 *   - its error-index is 0 with noError and tooBig, else 1 .. the request's
 *     varbind count; tooBig carries no varbinds, and any other error answer
 *     carries the request's varbinds;
 *   - a GETNEXT answer names, for each varbind, something strictly after
 *     what was asked, or the same name with endOfMibView; a GETBULK answer
 *     holds at most 1,000 varbinds, laid out as non-repeaters then rounds
 *     of the repeaters, each name after the one before it in its column
 *     (or the same with endOfMibView), and no round follows one that was
 *     all endOfMibView;
 *   - a GET, GETNEXT, GETBULK, a refused SET, a SET with a read-only
 *     community, a dropped message and a refused one leave the MIB byte for
 *     byte unchanged;
 *   - a refused message has a reason; an answered or dropped one none.
 */
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_snmp.h"
#include "fuzz_target.h"
#include "snmp/pdu.h"
#include "snmp/responder.h"

static fuzz_mib fm, before;
static snmp_responder responder;
static snmp_responder_scratch *scratch;
static uint8_t answer[SNMP_TCP_MAX_MESSAGE];
static uint8_t as_request[SNMP_TCP_MAX_MESSAGE];
static uint8_t again[SNMP_TCP_MAX_MESSAGE];

/* The request's names (for GETNEXT and GETBULK's first round), and the
 * answer's, at most the varbinds of one message. */
enum { MAX_VARBINDS = SNMP_PDU_MAX_MESSAGE / 7 + 1 };
static snmp_oid asked[MAX_VARBINDS];
static snmp_oid told[MAX_VARBINDS];
static uint8_t told_type[MAX_VARBINDS];

static uint8_t long_name[SNMP_COMMUNITY_MAX];
static const snmp_community community_sets[4][2] = {
    {{(const uint8_t *)"public", 6, false}, {(const uint8_t *)"private", 7, true}},
    {{(const uint8_t *)"public", 6, true}, {(const uint8_t *)"public", 6, false}},
    {{long_name, SNMP_COMMUNITY_MAX, true}, {(const uint8_t *)"p", 1, false}},
    {{(const uint8_t *)"private", 7, true}, {(const uint8_t *)"private", 7, true}},
};

/* Reads a decoded list's names (and value types) into out; returns the count. */
FUZZ_NO_COVERAGE static size_t read_names(snmp_ber_reader list, snmp_oid *out, uint8_t *types)
{
    size_t n = 0;
    snmp_smi value;
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
    while (n < MAX_VARBINDS && snmp_pdu_next_varbind(&list, &out[n], &value, value_arcs) == SNMP_OK) {
        if (types != NULL)
            types[n] = value.type;
        n++;
    }
    return n;
}

FUZZ_NO_COVERAGE static int compare(const snmp_oid *a, const snmp_oid *b)
{
    return snmp_arcs_compare(a->arcs, a->len, b->arcs, b->len);
}

/* told[i] comes after from, or is from itself with endOfMibView. */
FUZZ_NO_COVERAGE static void check_next(const snmp_oid *from, size_t i)
{
    int order = compare(&told[i], from);
    fuzz_check(order > 0 || (order == 0 && told_type[i] == SNMP_SMI_END_OF_MIB_VIEW));
}

/* The Response re-read as a request (its tag made a GetRequest's), checked
 * against the request, and re-encoded: it must be byte for byte itself. */
FUZZ_NO_COVERAGE static void check_answer_encoding(const snmp_pdu_request *req, size_t len,
                                                   snmp_pdu_request *ans)
{
    memcpy(as_request, answer, len);
    snmp_ber_reader r = snmp_ber_reader_of(as_request, len), msg;
    fuzz_check(snmp_ber_read_expect(&r, 0x30, &msg) == SNMP_OK);
    int32_t version;
    fuzz_check(snmp_ber_read_int32(&msg, 0x02, &version) == SNMP_OK);
    snmp_ber_reader community;
    fuzz_check(snmp_ber_read_expect(&msg, 0x04, &community) == SNMP_OK);
    fuzz_check(msg.len > 0 && msg.p[0] == 0xa2);
    as_request[msg.p - as_request] = 0xa0;
    snmp_pdu_why why;
    fuzz_check(snmp_pdu_decode(as_request, len, ans, &why) == SNMP_OK);
    fuzz_check(ans->version == req->version && ans->request_id == req->request_id);
    fuzz_check(ans->community_len == req->community_len &&
               memcmp(ans->community, req->community, req->community_len) == 0);

    size_t at = fuzz_reencode(ans, ans->varbinds.len, again, sizeof again);
    fuzz_check(at == len && memcmp(again, answer, len) == 0);
}

FUZZ_NO_COVERAGE static void check_bulk(const snmp_pdu_request *req, size_t asked_n, size_t told_n)
{
    fuzz_check(told_n <= SNMP_BULK_MAX_VARBINDS);
    size_t non_rep = req->error_status < 0 ? 0 : (size_t)req->error_status;
    if (non_rep > asked_n)
        non_rep = asked_n;
    size_t reps = asked_n - non_rep;
    size_t i = 0;
    for (; i < told_n && i < non_rep; i++)
        check_next(&asked[i], i);
    if (i < told_n)
        fuzz_check(reps > 0 && req->error_index > 0);
    for (size_t round = 0; i < told_n; round++) {
        fuzz_check(round < (size_t)req->error_index);
        bool all_ended = true;
        for (size_t j = 0; j < reps && i < told_n; j++, i++) {
            check_next(round == 0 ? &asked[non_rep + j] : &told[i - reps], i);
            all_ended = all_ended && told_type[i] == SNMP_SMI_END_OF_MIB_VIEW;
        }
        if (all_ended)
            fuzz_check(i == told_n);   /* nothing after an all-ended round */
    }
}

FUZZ_NO_COVERAGE static void check(const snmp_pdu_request *req, size_t len, size_t limit,
                                   bool may_write)
{
    fuzz_check(len <= limit);
    snmp_pdu_request ans;
    check_answer_encoding(req, len, &ans);
    size_t asked_n = read_names(req->varbinds, asked, NULL);
    size_t told_n = read_names(ans.varbinds, told, told_type);
    int32_t status = ans.error_status;
    if (status == SNMP_PDU_NO_ERROR || status == SNMP_PDU_TOO_BIG)
        fuzz_check(ans.error_index == 0);
    else
        fuzz_check(ans.error_index >= 1 && (size_t)ans.error_index <= asked_n);
    if (status == SNMP_PDU_TOO_BIG)
        fuzz_check(told_n == 0);
    else if (status != SNMP_PDU_NO_ERROR || req->pdu_type == SNMP_BER_SET_REQUEST ||
             req->pdu_type == SNMP_BER_GET_REQUEST || req->pdu_type == SNMP_BER_GET_NEXT_REQUEST)
        fuzz_check(told_n == asked_n);
    for (size_t i = 0; i < told_n && status == SNMP_PDU_NO_ERROR; i++) {
        if (req->pdu_type == SNMP_BER_GET_NEXT_REQUEST)
            check_next(&asked[i], i);
        else if (req->pdu_type != SNMP_BER_GET_BULK_REQUEST)
            fuzz_check(compare(&told[i], &asked[i]) == 0);
    }
    if (req->pdu_type == SNMP_BER_GET_BULK_REQUEST && status == SNMP_PDU_NO_ERROR)
        check_bulk(req, asked_n, told_n);
    bool stored = req->pdu_type == SNMP_BER_SET_REQUEST && status == SNMP_PDU_NO_ERROR &&
                  may_write && asked_n > 0;
    if (!stored)
        fuzz_check(fuzz_mib_same(&before, &fm));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9)
        return 0;
    if (scratch == NULL) {
        scratch = malloc(snmp_responder_scratch_size());
        fuzz_check(scratch != NULL);
        memset(long_name, 'c', sizeof long_name);
    }
    uint64_t now = fuzz_load_be(data, 8);
    uint8_t choice = data[8];
    const uint8_t *msg = data + 9;
    size -= 9;
    const snmp_community *communities = community_sets[choice & 3];
    size_t limit = (choice & 4) ? SNMP_TCP_MAX_MESSAGE : SNMP_UDP_MAX_MESSAGE;
    if (choice & 8)
        limit = 484 + (size_t)(choice >> 4) * 64;   /* small limits: tooBig and the cut */

    fuzz_fresh_mib(&fm);
    fm.mib.start_ticks = now / 2;
    fuzz_check(snmp_responder_init(&responder, &fm.mib, communities, 2) == SNMP_OK);
    fuzz_mib_copy(&before, &fm);

    size_t len = 0;
    snmp_status st = snmp_respond(&responder, scratch, msg, size, now, limit, answer,
                                  sizeof answer, &len);
    const snmp_pdu_why *why = snmp_responder_refusal(scratch);
    if (st == SNMP_MALFORMED) {
        fuzz_check(why->reason != SNMP_PDU_R_NONE && len == 0);
        fuzz_check(fuzz_mib_same(&before, &fm));
        return 0;
    }
    fuzz_check(st == SNMP_OK && why->reason == SNMP_PDU_R_NONE);
    if (len == 0) {   /* dropped */
        fuzz_check(fuzz_mib_same(&before, &fm));
        return 0;
    }
    /* The request decodes (the responder answered it); which community? */
    snmp_pdu_request req;
    snmp_pdu_why req_why;
    fuzz_check(snmp_pdu_decode(msg, size, &req, &req_why) == SNMP_OK);
    bool may_write = false;
    for (size_t i = 0; i < 2; i++)
        may_write = may_write || (communities[i].len == req.community_len &&
                                  memcmp(communities[i].name, req.community, req.community_len) == 0 &&
                                  communities[i].can_write);
    check(&req, len, limit, may_write);
    return 0;
}
