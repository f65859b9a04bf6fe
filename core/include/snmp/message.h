/*
 * The seed protocol: messages (PROTOCOL.md s.3) and their strict decoding (s.4).
 *
 * A decoded message is a set of views into the caller's buffer: nothing is
 * copied and nothing is allocated. Views stay valid while that buffer does.
 */
#ifndef SNMP_MESSAGE_H
#define SNMP_MESSAGE_H

#include "snmp/refusal.h"
#include "snmp/status.h"
#include "snmp/value.h"

typedef enum snmp_pdu {
    SNMP_PDU_GET_REQUEST = 0xA0,
    SNMP_PDU_GET_RESPONSE = 0xA1,
    SNMP_PDU_SET_REQUEST = 0xA3
} snmp_pdu;

/*
 * One OID (GetRequest) or one binding (SetRequest, GetResponse).
 * For a GetRequest only oid/oid_len are meaningful; the value fields are 0.
 */
typedef struct snmp_binding {
    const uint8_t *oid;
    const uint8_t *value;
    uint16_t value_len;
    uint8_t oid_len;
    uint8_t type;   /* an snmp_type tag */
} snmp_binding;

typedef struct snmp_message {
    uint32_t request_id;
    uint8_t pdu_type;    /* an snmp_pdu */
    uint8_t error_code;  /* GetResponse only; any value is well-formed */
    uint8_t count;       /* only bindings[0 .. count) are meaningful; the type caps it at 255 */
    snmp_binding bindings[SNMP_MAX_BINDINGS];
} snmp_message;

/* "GetRequest", "GetResponse", "SetRequest", or NULL for any other byte. */
const char *snmp_pdu_name(uint8_t pdu_type);

/*
 * Strictly decodes one whole message of exactly len bytes.
 * Returns SNMP_OK, or SNMP_MALFORMED when any rule of PROTOCOL.md s.4 is
 * broken (total_size out of 9..65536 or different from len, too short, an
 * unknown pdu_type, a length past the end, trailing bytes, a bad value).
 * On success the header fields and every field of bindings[0 .. count) are
 * set (for a GetRequest the value fields are 0 and NULL); bindings[count ..)
 * are left as they were, never read and never written. On failure
 * request_id, pdu_type, error_code and count are 0, so no binding is
 * meaningful; bindings may hold part of the refused message.
 * Reads only buf[0 .. len).
 */
SNMP_MUST_USE snmp_status snmp_msg_unpack(const uint8_t *buf, size_t len, snmp_message *msg);

/*
 * snmp_msg_unpack that also says why (issue 9): *why is SNMP_REASON_NONE on
 * success, else the first rule broken, checked in the order of s.4 (the
 * size field, the length, the pdu_type, the header, then each binding from
 * the first), with the offset of the field at fault (below len when len > 0).
 */
SNMP_MUST_USE snmp_status snmp_msg_unpack_why(const uint8_t *buf, size_t len, snmp_message *msg,
                                              snmp_refusal *why);

/*
 * The exact encoded size of msg, or 0 when msg cannot be encoded (an unknown
 * pdu_type) or the size would pass 65536.
 */
size_t snmp_msg_packed_size(const snmp_message *msg);

/*
 * Encodes msg into out. For a GetRequest only the OIDs are written.
 * Returns SNMP_OK and sets *out_len, or
 *   SNMP_MALFORMED when a binding's value is not well-formed (snmp_value_check)
 *                  or pdu_type is not one of the three;
 *   SNMP_LIMIT     when the message would pass 65536 bytes;
 *   SNMP_NO_SPACE  when it does not fit in cap.
 * *out_len is 0 on failure and nothing past out[cap) is ever written.
 */
SNMP_MUST_USE snmp_status snmp_msg_pack(const snmp_message *msg, uint8_t *out, size_t cap,
                                        size_t *out_len);

/* Reads the big-endian total_size field at the start of buf (4 bytes). */
uint32_t snmp_msg_peek_size(const uint8_t buf[4]);

/* Whether a size field is within 9..65536 (PROTOCOL.md s.4 and s.5). */
bool snmp_msg_size_in_range(uint32_t size);

#endif
