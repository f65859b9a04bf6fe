/*
 * SNMP v1/v2c messages (SNMP.md s.2, RFC 3416, RFC 3584): a strict decoder
 * of the requests the agent accepts, and the encoder of its Responses.
 * Built on ber.h; pure: no allocation, no copies of the input, no I/O.
 *
 * Decoding checks the whole message, every varbind included, in one pass,
 * and keeps nothing per varbind: the request holds a view of the varbind
 * list, which snmp_pdu_next_varbind re-reads one varbind at a time.
 *
 * Encoding writes a Response forward, sizes first: the responder sizes its
 * varbinds (snmp_pdu_varbind_size), decides what fits
 * (snmp_pdu_response_size), writes the header
 * (snmp_pdu_put_response_header), then the varbinds right after it
 * (snmp_pdu_put_varbind). Every form written is minimal.
 */
#ifndef SNMP_PDU_H
#define SNMP_PDU_H

#include "snmp/arcs.h"
#include "snmp/ber.h"
#include "snmp/smi.h"
#include "snmp/status.h"

/* The version field's values. */
enum { SNMP_VERSION_1 = 0, SNMP_VERSION_2C = 1 };

/* error-status values (RFC 3416 s.3; v1 uses 0..5 only, RFC 3584 s.4.3). */
typedef enum snmp_pdu_error {
    SNMP_PDU_NO_ERROR = 0,
    SNMP_PDU_TOO_BIG = 1,
    SNMP_PDU_NO_SUCH_NAME = 2,
    SNMP_PDU_BAD_VALUE = 3,
    SNMP_PDU_READ_ONLY = 4,
    SNMP_PDU_GEN_ERR = 5,
    SNMP_PDU_NO_ACCESS = 6,
    SNMP_PDU_WRONG_TYPE = 7,
    SNMP_PDU_WRONG_LENGTH = 8,
    SNMP_PDU_WRONG_ENCODING = 9,
    SNMP_PDU_WRONG_VALUE = 10,
    SNMP_PDU_NO_CREATION = 11,
    SNMP_PDU_INCONSISTENT_VALUE = 12,
    SNMP_PDU_RESOURCE_UNAVAILABLE = 13,
    SNMP_PDU_COMMIT_FAILED = 14,
    SNMP_PDU_UNDO_FAILED = 15,
    SNMP_PDU_AUTHORIZATION_ERROR = 16,
    SNMP_PDU_NOT_WRITABLE = 17,
    SNMP_PDU_INCONSISTENT_NAME = 18
} snmp_pdu_error;

/* Why a message was refused. */
typedef enum snmp_pdu_reason {
    SNMP_PDU_R_NONE = 0,
    SNMP_PDU_R_BER,             /* a BER rule of ber.h: snmp_pdu_why.ber says which */
    SNMP_PDU_R_BAD_VERSION,     /* version neither 0 nor 1 (snmpInBadVersions) */
    SNMP_PDU_R_TRAILING,        /* bytes after the Message */
    SNMP_PDU_R_EXTRA_CONTENT,   /* content left in a SEQUENCE after its last field */
    SNMP_PDU_R_PDU_TYPE,        /* a PDU the agent does not take: Response, Trap,
                                   InformRequest, Report, or an unknown tag */
    SNMP_PDU_R_BULK_IN_V1,      /* GetBulkRequest in a v1 message */
    SNMP_PDU_R_VALUE_TYPE,      /* a varbind value of none of the 13 types */
    SNMP_PDU_R_TOO_LONG         /* more than SNMP_PDU_MAX_MESSAGE bytes */
} snmp_pdu_reason;

/* The largest message the agent accepts, over any transport (SNMP.md s.2:
 * 65507 bytes over UDP, which the datagram's own size bounds, and 65535
 * over TCP). It also bounds how many varbinds a request can hold. */
enum { SNMP_PDU_MAX_MESSAGE = 65535 };

/* Which element of the message a refusal is about. */
typedef enum snmp_pdu_at {
    SNMP_PDU_AT_NONE = 0,
    SNMP_PDU_AT_MESSAGE,        /* the Message SEQUENCE */
    SNMP_PDU_AT_VERSION,
    SNMP_PDU_AT_COMMUNITY,
    SNMP_PDU_AT_PDU,            /* the PDU's tag and length */
    SNMP_PDU_AT_REQUEST_ID,
    SNMP_PDU_AT_ERROR_STATUS,   /* GetBulk: non-repeaters */
    SNMP_PDU_AT_ERROR_INDEX,    /* GetBulk: max-repetitions */
    SNMP_PDU_AT_VARBIND_LIST,
    SNMP_PDU_AT_VARBIND,
    SNMP_PDU_AT_NAME,
    SNMP_PDU_AT_VALUE
} snmp_pdu_at;

/*
 * A refusal: the reason, the BER rule when reason is SNMP_PDU_R_BER (else
 * SNMP_BER_R_NONE), the element at fault, and its offset from the first
 * byte of the message (the first byte of that element, or for
 * SNMP_PDU_R_TRAILING the first byte after the Message).
 */
typedef struct snmp_pdu_why {
    snmp_pdu_reason reason;
    snmp_ber_reason ber;
    snmp_pdu_at at;
    size_t offset;
} snmp_pdu_why;

/* A decoded request: views into the caller's message bytes. */
typedef struct snmp_pdu_request {
    const uint8_t *community;
    size_t community_len;
    snmp_ber_reader varbinds;   /* content of the varbind list; every varbind in it already checked */
    size_t varbind_count;
    int32_t version;            /* SNMP_VERSION_1 or SNMP_VERSION_2C */
    int32_t request_id;
    int32_t error_status;       /* GetBulk: non-repeaters */
    int32_t error_index;        /* GetBulk: max-repetitions */
    uint8_t pdu_type;           /* SNMP_BER_GET_REQUEST, _GET_NEXT_REQUEST, _SET_REQUEST,
                                   _GET_BULK_REQUEST only */
} snmp_pdu_request;

/*
 * Strict decode of exactly msg[0 .. len) (SNMP.md s.2). SNMP_OK with *out
 * filled; or SNMP_MALFORMED with *why set and *out cleared. A message of
 * more than SNMP_PDU_MAX_MESSAGE bytes is refused before a byte is read
 * (SNMP_PDU_R_TOO_LONG, at offset SNMP_PDU_MAX_MESSAGE). The version is
 * refused (SNMP_PDU_R_BAD_VERSION, counted in snmpInBadVersions) as soon as
 * it is read; every other refusal counts in snmpInASNParseErrs: bytes after
 * the Message or inside a SEQUENCE after its last field, GetBulk in v1, a
 * PDU other than a0 a1 a3 a5, a value of none of the 13 types, and every
 * BER rule of ber.h at its position (a name must be an OID). *why is
 * cleared (SNMP_PDU_R_NONE) on success.
 */
SNMP_MUST_USE snmp_status snmp_pdu_decode(const uint8_t *msg, size_t len, snmp_pdu_request *out,
                                          snmp_pdu_why *why);

/*
 * Takes the next varbind of list (a decoded request's varbinds, copied by
 * the caller so the request keeps its own): the name into *name, the value
 * into *value (bytes are views into the message; an OBJECT IDENTIFIER
 * value's arcs go to value_arcs, which *value points at). SNMP_OK;
 * SNMP_INCOMPLETE at the end of the list; SNMP_MALFORMED only for a list
 * that snmp_pdu_decode did not check. On failure *name and *value are
 * cleared and list is not moved.
 */
SNMP_MUST_USE snmp_status snmp_pdu_next_varbind(snmp_ber_reader *list, snmp_oid *name,
                                                snmp_smi *value,
                                                uint32_t value_arcs[SNMP_OID_MAX_ARCS]);

/* Whole size of a varbind, or 0 when put_varbind would refuse it. */
size_t snmp_pdu_varbind_size(const uint32_t *name, size_t name_len, const snmp_smi *value);

/*
 * Writes one varbind SEQUENCE { name, value } into (out, cap); *len is its
 * size. SNMP_NO_SPACE: nothing written, *len the size it needs.
 * SNMP_MALFORMED (nothing written, *len 0): a name or OID value ber.h cannot
 * encode, an unknown type, an IpAddress not 4 bytes, a 32-bit type's number
 * at or above 2^32; SNMP_LIMIT: more than 128 arcs, or a value too long.
 */
SNMP_MUST_USE snmp_status snmp_pdu_put_varbind(uint8_t *out, size_t cap, const uint32_t *name,
                                               size_t name_len, const snmp_smi *value,
                                               size_t *len);

/*
 * Whole size of a Response to req with this error-status and error-index
 * whose varbind list content is varbinds_len bytes; 0 when that is beyond
 * what BER's 4 length octets can say.
 */
size_t snmp_pdu_response_size(const snmp_pdu_request *req, int32_t error_status,
                              int32_t error_index, size_t varbinds_len);

/*
 * Writes everything of that Response before its varbinds: the Message
 * SEQUENCE header, version, community, the Response (a2) header,
 * request-id, error-status, error-index and the varbind list header, with
 * req's version, community and request-id. *len is the bytes written; the
 * caller writes varbinds_len bytes of varbinds at out + *len.
 * SNMP_NO_SPACE when the header alone is more than cap (nothing written,
 * *len the header's size); SNMP_LIMIT (*len 0) when response_size is 0.
 */
SNMP_MUST_USE snmp_status snmp_pdu_put_response_header(uint8_t *out, size_t cap,
                                                       const snmp_pdu_request *req,
                                                       int32_t error_status, int32_t error_index,
                                                       size_t varbinds_len, size_t *len);

/* A short, constant, lower-case text of a refusal's reason (of its BER rule
 * when reason is SNMP_PDU_R_BER), e.g. "bytes after the message". */
const char *snmp_pdu_reason_text(const snmp_pdu_why *why);

/* A short, constant name of an element, e.g. "request-id". */
const char *snmp_pdu_at_name(snmp_pdu_at at);

#endif
