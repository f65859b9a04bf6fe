/*
 * Status codes of the codec layer and the protocol's constants.
 *
 * snmp_status says what happened to bytes (they were fine, too few, broken,
 * or did not fit); it is deliberately separate from snmp_error, which is the
 * protocol's own error_code carried inside a GetResponse.
 */
#ifndef SNMP_STATUS_H
#define SNMP_STATUS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define SNMP_MUST_USE __attribute__((warn_unused_result))
#else
#define SNMP_MUST_USE
#endif

typedef enum snmp_status {
    SNMP_OK = 0,        /* done; outputs are valid */
    SNMP_INCOMPLETE,    /* more input bytes are needed */
    SNMP_MALFORMED,     /* the input breaks the protocol (PROTOCOL.md s.1, 2, 4) */
    SNMP_NO_SPACE,      /* the output buffer given is too small */
    SNMP_LIMIT          /* a protocol limit would be exceeded (255 OIDs,
                           255 components, 65536-byte message, 65535-byte value) */
} snmp_status;

/* The protocol's error_code values (PROTOCOL.md s.3). */
typedef enum snmp_error {
    SNMP_ERR_SUCCESS = 0,
    SNMP_ERR_NO_SUCH_OID = 1,
    SNMP_ERR_BAD_VALUE = 2,
    SNMP_ERR_READ_ONLY = 3,
    SNMP_ERR_TOO_BIG = 4
} snmp_error;

enum {
    SNMP_DEFAULT_PORT = 1161,
    SNMP_MIN_MESSAGE_SIZE = 9,
    SNMP_MAX_MESSAGE_SIZE = 65536,
    SNMP_MAX_BINDINGS = 255,        /* OIDs or bindings per message */
    SNMP_MAX_OID_LEN = 255,         /* encoded bytes = components */
    SNMP_MAX_VALUE_LEN = 65535,
    SNMP_TICKS_PER_SECOND = 100,
    SNMP_REQUEST_HEADER_SIZE = 10,  /* size, request_id, pdu_type, count */
    SNMP_RESPONSE_HEADER_SIZE = 11  /* ... plus error_code */
};

/* A short, constant, lower-case description of a status ("malformed", ...). */
const char *snmp_status_name(snmp_status status);

#endif
