/*
 * Target handle: the agent's whole request path without sockets. A stream of
 * requests goes through the framer (cut into input-chosen chunks) and the
 * handler, as one connection would, with "now" taken from the input.
 * Input: 8 bytes of now (big-endian ticks), 4 bytes of chunking seed, stream.
 *
 * Properties, for every request:
 *   - the answer is a well-formed GetResponse (strict unpack), at most
 *     65536 bytes, carrying the request's request_id;
 *   - an error answer has no bindings;
 *   - a GET, a refused SET, or a malformed request leaves the MIB byte for
 *     byte unchanged; a malformed request ends the connection;
 *   - a malformed request has a refusal reason with its offset inside the
 *     request, an answered one none (fuzz_refusal.h); so has a size field
 *     the framer refuses.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_refusal.h"
#include "fuzz_target.h"
#include "snmp/framer.h"
#include "snmp/handler.h"

static fuzz_mib fm, before;
static snmp_handler_scratch scratch;
static snmp_message answer_msg;
static uint8_t storage[SNMP_MAX_MESSAGE_SIZE];
static uint8_t answer[SNMP_MAX_MESSAGE_SIZE];

/* Returns false when the connection would be closed. */
static bool handle_one(const uint8_t *req, size_t req_len, uint64_t now)
{
    fuzz_mib_copy(&before, &fm);
    size_t answer_len = 0;
    snmp_status st = snmp_handle_request(&fm.mib, &scratch, req, req_len, now, answer,
                                         sizeof answer, &answer_len);
    fuzz_check_refusal(&scratch.refusal, req_len, st == SNMP_MALFORMED);
    if (st == SNMP_MALFORMED) {
        fuzz_check(fuzz_mib_same(&before, &fm));
        return false;
    }
    fuzz_check(st == SNMP_OK);
    fuzz_check(answer_len >= SNMP_RESPONSE_HEADER_SIZE && answer_len <= SNMP_MAX_MESSAGE_SIZE);
    fuzz_check(snmp_msg_unpack(answer, answer_len, &answer_msg) == SNMP_OK);
    fuzz_check(answer_msg.pdu_type == SNMP_PDU_GET_RESPONSE);
    fuzz_check(memcmp(answer + 4, req + 4, 4) == 0);   /* request_id echoed */
    if (answer_msg.error_code != SNMP_ERR_SUCCESS)
        fuzz_check(answer_msg.count == 0);
    bool is_set = req[8] == SNMP_PDU_SET_REQUEST;
    if (!is_set || answer_msg.error_code != SNMP_ERR_SUCCESS)
        fuzz_check(fuzz_mib_same(&before, &fm));
    if (is_set && answer_msg.error_code == SNMP_ERR_SUCCESS) {
        /* The echo is the request's bindings, byte for byte. */
        fuzz_check(answer_len == req_len + 1);
        fuzz_check(memcmp(answer + SNMP_RESPONSE_HEADER_SIZE, req + SNMP_REQUEST_HEADER_SIZE,
                          req_len - SNMP_REQUEST_HEADER_SIZE) == 0);
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 12)
        return 0;
    uint64_t now = fuzz_load_be(data, 8);
    uint32_t seed = (uint32_t)fuzz_load_be(data + 8, 4);
    const uint8_t *stream = data + 12;
    size -= 12;

    fuzz_fresh_mib(&fm);
    /* The agent started at some earlier moment; any start must work. */
    fm.mib.start_ticks = now / 2;

    snmp_framer framer;
    snmp_framer_init(&framer, storage, sizeof storage);
    size_t pos = 0;
    while (pos < size) {
        size_t chunk = 1 + fuzz_next_random(&seed) % 1500;
        if (chunk > size - pos)
            chunk = size - pos;
        size_t end = pos + chunk;
        while (pos < end) {
            pos += snmp_framer_feed(&framer, stream + pos, end - pos);
            const uint8_t *req;
            size_t req_len;
            snmp_status st;
            while ((st = snmp_framer_next(&framer, &req, &req_len)) == SNMP_OK) {
                if (!handle_one(req, req_len, now))
                    return 0;
                now += 7;   /* time moves on between requests */
            }
            snmp_refusal why = snmp_framer_why(&framer);
            /* The refused size field is the 4-byte "message" at fault. */
            fuzz_check_refusal(&why, 4, st == SNMP_MALFORMED);
            if (st == SNMP_MALFORMED)
                return 0;
        }
    }
    return 0;
}
