/*
 * The seed protocol: why a message was refused (issue 9). One reason per
 * rule of PROTOCOL.md section 4 (and the value rules of section 2 it refers to) that the decoder,
 * the framer or the handler checks, with the byte offset of the field at
 * fault and, where it helps, the offending value. Formatting is pure: no
 * libc, the digits are written by hand.
 */
#ifndef SNMP_REFUSAL_H
#define SNMP_REFUSAL_H

#include "snmp/status.h"

typedef enum snmp_reason {
    SNMP_REASON_NONE = 0,              /* accepted: nothing to explain */
    SNMP_REASON_TOO_SHORT_FOR_SIZE,    /* fewer than 4 bytes; detail: bytes given */
    SNMP_REASON_SIZE_OUT_OF_RANGE,     /* total_size not 9..65536; detail: the size field */
    SNMP_REASON_SIZE_MISMATCH,         /* total_size differs from the bytes given;
                                          detail: the size field */
    SNMP_REASON_REQUEST_TOO_SHORT,     /* a request below 10 bytes; detail: its size */
    SNMP_REASON_RESPONSE_TOO_SHORT,    /* a response below 11 bytes; detail: its size */
    SNMP_REASON_PDU_UNKNOWN,           /* pdu_type not A0, A1, A3; detail: the byte */
    SNMP_REASON_RESPONSE_TO_AGENT,     /* a GetResponse handed to the agent; detail: the byte */
    SNMP_REASON_COUNT_PAST_END,        /* the message ends before binding `count`; detail: count */
    SNMP_REASON_OID_PAST_END,          /* an oid_len past the end; detail: oid_len */
    SNMP_REASON_VALUE_HEADER_PAST_END, /* a binding's type and value_len past the end;
                                          detail: how many of their 3 bytes are there */
    SNMP_REASON_VALUE_PAST_END,        /* a value_len past the end; detail: value_len */
    SNMP_REASON_VALUE_TYPE_UNKNOWN,    /* a value type tag not 02, 04, 41, 43; detail: the tag */
    SNMP_REASON_INTEGER_LENGTH,        /* an integer-typed value_len not 4; detail: value_len */
    SNMP_REASON_STRING_NOT_UTF8,       /* a STRING not valid UTF-8; detail: the first bad byte */
    SNMP_REASON_TRAILING_BYTES,        /* bytes after the last OID or binding; detail: how many */
    SNMP_REASON_COUNT                  /* number of reasons, not a reason */
} snmp_reason;

/*
 * A refusal. offset is where in the message the field at fault starts:
 * always below the message length when that is above 0 (0 for an empty
 * input). For a value header past the end it is the binding's oid_len byte
 * (the header itself may start exactly at the end); for a message too short
 * for its header, its size field (offset 0).
 */
typedef struct snmp_refusal {
    snmp_reason reason;
    uint32_t offset;
    uint32_t detail;
} snmp_refusal;

/* Longest phrase snmp_refusal_format writes, its NUL included. */
enum { SNMP_REFUSAL_TEXT_MAX = 96 };

/*
 * Writes why as one lower-case English phrase ending in "at offset N"
 * ("trailing bytes after the last binding at offset 29"); SNMP_REASON_NONE
 * gives "not refused". Phrases never hold '=' or '.'. Writes at most cap
 * bytes, always NUL-terminated when cap > 0, truncating the phrase if it
 * does not fit. Returns the phrase's full length (as snprintf does), so a
 * result >= cap means it was truncated.
 */
size_t snmp_refusal_format(const snmp_refusal *why, char *out, size_t cap);

#endif
