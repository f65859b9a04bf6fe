/*
 * Turning the agent's reply into the manager's result lines (MANAGER.md
 * "Results of get", "Results of set", "Network and protocol failures").
 */
#ifndef SNMP_MANAGER_REPLY_H
#define SNMP_MANAGER_REPLY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "snmp/message.h"

/*
 * Prints the one result for the whole reply message reply[0 .. len) to a
 * request sent with sent_id. Checks, in order: the pdu_type byte (anything
 * but GetResponse is "Expected GetResponse, got ..."), strict decoding
 * ("Malformed reply: ..."), the request_id, then the error code; on SUCCESS
 * prints the binding lines, after "Set operation successful:" for a set.
 * Reads only reply[0 .. len).
 */
void mgr_print_reply(FILE *out, const uint8_t *reply, size_t len, uint32_t sent_id,
                     mgr_command command);

/* Prints the line for a non-zero error_code: the four named ones, else "Unknown error (<code>)". */
void mgr_print_agent_error(FILE *out, uint8_t error_code);

/* Prints "<oid> = <value>" and a newline for one binding of a strictly decoded message. */
void mgr_print_binding(FILE *out, const snmp_binding *binding);

#endif
