/*
 * The seed protocol's handler, in one pure function: request bytes and "now"
 * in, response bytes out. No sockets, clocks or allocation: the caller owns
 * every buffer and passes the time.
 */
#ifndef SNMP_HANDLER_H
#define SNMP_HANDLER_H

#include "snmp/arcs.h"
#include "snmp/message.h"
#include "snmp/mib.h"
#include "snmp/set.h"
#include "snmp/status.h"

/*
 * Scratch space the handler needs besides the output buffer; the caller
 * keeps one per thread (it is large, so it does not belong on a small stack).
 */
typedef struct snmp_handler_scratch {
    snmp_message request;
    snmp_set_step steps[SNMP_MAX_BINDINGS];   /* a SET's staged bindings */
    uint32_t rows[SNMP_MAX_BINDINGS];         /* a GET's rows, one per OID */
    uint32_t arcs[SNMP_OID_MAX_ARCS];         /* one seed OID as numbers */
    char text[SNMP_ARCS_TEXT_MAX + 1];        /* an OBJECT IDENTIFIER value as dotted text */
    snmp_refusal refusal; /* why the last request was SNMP_MALFORMED, else none */
} snmp_handler_scratch;

/*
 * Handles one whole request message of req_len bytes.
 * Returns
 *   SNMP_OK        the GetResponse is in out[0 .. *out_len); mib may have
 *                  changed (a successful SET);
 *   SNMP_MALFORMED the request breaks PROTOCOL.md s.4, or is a GetResponse:
 *                  send nothing and close the connection; mib is unchanged;
 *                  scratch->refusal says why (it is SNMP_REASON_NONE after
 *                  any other result);
 *   SNMP_NO_SPACE  cap is too small for the answer; mib is unchanged.
 *                  cap >= SNMP_MAX_MESSAGE_SIZE always suffices.
 * A SET whose echo would pass 65536 bytes is answered TOO_BIG and changes
 * nothing. The MIB is the shared one (mib.h): a name with more than 128
 * arcs, and an object whose value the seed protocol cannot say (an SMI type
 * other than OCTET STRING, INTEGER, Counter32, TimeTicks and OBJECT
 * IDENTIFIER, which it serves as dotted text; an OCTET STRING over 65535
 * bytes), are NO_SUCH_OID here, for GET and SET alike.
 */
SNMP_MUST_USE snmp_status snmp_handle_request(snmp_mib *mib, snmp_handler_scratch *scratch,
                                              const uint8_t *req, size_t req_len,
                                              uint64_t now_ticks, uint8_t *out, size_t cap,
                                              size_t *out_len);

/*
 * Writes an 11-byte GetResponse with no bindings (used for every error
 * answer). Returns SNMP_OK, or SNMP_NO_SPACE if cap < 11.
 */
SNMP_MUST_USE snmp_status snmp_error_response(uint32_t request_id, uint8_t error_code,
                                              uint8_t *out, size_t cap, size_t *out_len);

#endif
