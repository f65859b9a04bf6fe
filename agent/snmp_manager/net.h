/*
 * One request/reply exchange with an agent over TCP (PROTOCOL.md s.5).
 */
#ifndef SNMP_MANAGER_NET_H
#define SNMP_MANAGER_NET_H

#include <stddef.h>
#include <stdint.h>

#include "net_error.h"

/*
 * Resolves host[0 .. host_len) (a name, an IPv4 or an IPv6 address),
 * connects to port on its addresses in turn until one accepts, sends
 * request[0 .. request_len) in one write and reads exactly one framed reply
 * into storage[0 .. cap), never taking bytes beyond it; all of it, the name
 * lookup included, must be done within timeout_seconds. cap must be at least SNMP_MAX_MESSAGE_SIZE.
 * On MGR_NET_OK, *reply and *reply_len give the whole reply as a view into
 * storage; on failure they are NULL and 0. The socket is always closed.
 */
mgr_net_result mgr_exchange(const char *host, size_t host_len, uint16_t port,
                            const uint8_t *request, size_t request_len, double timeout_seconds,
                            uint8_t *storage, size_t cap, const uint8_t **reply,
                            size_t *reply_len);

#endif
