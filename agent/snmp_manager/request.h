/*
 * Building the request the manager sends: a GetRequest of the OID arguments
 * or a SetRequest of one binding, encoded by the core (PROTOCOL.md s.3).
 * Everything is checked here, before any connection is made.
 */
#ifndef SNMP_MANAGER_REQUEST_H
#define SNMP_MANAGER_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "set_value.h"
#include "snmp/message.h"

typedef enum mgr_request_status {
    MGR_REQUEST_OK = 0,
    MGR_REQUEST_BAD_OID,        /* an OID argument is not an OID (PROTOCOL.md s.1) */
    MGR_REQUEST_TOO_MANY_OIDS,  /* more than 255 OIDs */
    MGR_REQUEST_TOO_LARGE       /* the message would pass 65536 bytes */
} mgr_request_status;

/*
 * A request being built, and its encoding. Large (about 140 KiB): keep it
 * static or on the heap. msg's views point into oid_bytes and into the
 * caller's value text.
 */
typedef struct mgr_request {
    snmp_message msg;
    uint8_t oid_bytes[SNMP_MAX_BINDINGS][SNMP_MAX_OID_LEN];
    const char *bad_oid;    /* the first OID argument that is not an OID, or NULL */
    uint8_t wire[SNMP_MAX_MESSAGE_SIZE];
    size_t wire_len;        /* the encoded request is wire[0 .. wire_len) once packed */
} mgr_request;

/*
 * Starts a GetRequest or SetRequest (by args->command) with request_id and
 * encodes every OID argument. Returns MGR_REQUEST_BAD_OID (req->bad_oid set
 * to the first bad one) before MGR_REQUEST_TOO_MANY_OIDS. args must be one
 * that mgr_parse_args accepted; req keeps no view of it.
 */
mgr_request_status mgr_request_start(mgr_request *req, const mgr_args *args, uint32_t request_id);

/*
 * Adds the value of a set (value: accepted by mgr_parse_value; NULL for a
 * get) and encodes the message into req->wire. Returns MGR_REQUEST_OK or
 * MGR_REQUEST_TOO_LARGE. value's text must stay valid until this returns.
 */
mgr_request_status mgr_request_pack(mgr_request *req, const mgr_value *value);

/* Prints the error line of a status other than MGR_REQUEST_OK (nothing for OK). */
void mgr_print_request_error(FILE *out, mgr_request_status status, const mgr_request *req);

#endif
