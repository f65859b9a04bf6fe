/*
 * Test-side SNMP messages: a builder of v1/v2c requests from readable
 * varbinds, and a parser of Responses into text, both on ber.h's reader and
 * writer, so responder tests read like net-snmp sessions. Failures fail
 * the current cmocka test.
 */
#ifndef SNMP_TEST_SNMP_MSG_H
#define SNMP_TEST_SNMP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snmp/arcs.h"

/* One varbind to send. Which field counts depends on type:
 * INTEGER and the unsigned types: number; OCTET STRING, Opaque, IpAddress:
 * bytes (len, or strlen when len is 0); OBJECT IDENTIFIER: bytes as dotted
 * text; NULL and the exceptions: nothing. */
typedef struct tvb {
    const char *name;
    uint8_t type;
    int64_t number;
    const char *bytes;
    size_t len;
} tvb;

/* A GET-style varbind: the name with a NULL value. */
#define TVB_NULL(n) {(n), 0x05, 0, NULL, 0}

/* Builds a whole message; returns its size (fails the test if it does not fit cap). */
size_t snmp_msg_build(uint8_t *out, size_t cap, int32_t version, const char *community,
                      uint8_t pdu_type, int32_t request_id, int32_t e1, int32_t e2,
                      const tvb *vbs, size_t count);

/* One varbind of a parsed Response, as text. */
typedef struct rvb {
    char name[SNMP_ARCS_TEXT_MAX + 1];
    char value[640];   /* "STRING: router-main", "Counter32: 5", "noSuchObject", ... */
} rvb;

enum { RESP_MAX_VARBINDS = 1100 };

typedef struct resp {
    int32_t version, request_id, error_status, error_index;
    char community[256];
    uint8_t pdu_type;
    size_t count;
    rvb vbs[RESP_MAX_VARBINDS];
} resp;

/* Parses a whole Response strictly (minimal forms, nothing left over);
 * fails the test if it is not one. */
void snmp_msg_parse(const uint8_t *in, size_t len, resp *out);

#endif
