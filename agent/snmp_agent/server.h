/*
 * The agent's event loop: one thread, epoll, non-blocking sockets, over the
 * core's framer and request handler (AGENT.md "Connections").
 */
#ifndef AGENT_SERVER_H
#define AGENT_SERVER_H

#include <stddef.h>

#include "listener.h"
#include "snmp/responder.h"

typedef struct server_config {
    unsigned timeout_ms;     /* close a connection with no whole request for this long */
    unsigned max_clients;    /* open connections; at the cap the longest-idle one makes room */
    unsigned max_lingering;  /* connections in a lingering close, on top of max_clients */
    const snmp_community *communities;   /* SNMP's; must outlive the server */
    size_t community_count;
} server_config;

typedef struct server server;

/*
 * Prepares a loop over the sockets of one port (neither is owned): the MIB
 * from the built-in table, the SNMP responder over it, the connection slots,
 * the epoll set with the TCP listener, the UDP endpoint (udp.h), a signalfd
 * for SIGINT and SIGTERM (the caller must have blocked both) and stdout
 * (say.h). Returns NULL with the reason in err.
 */
server *server_create(const listener_sockets *sockets, const server_config *config, char *err,
                      size_t err_cap);

/*
 * Serves until SIGINT or SIGTERM arrives, within one loop turn however busy
 * the agent is. Returns 0, or -1 with the reason in err.
 */
int server_run(server *srv, char *err, size_t err_cap);

/* Connections closed to make room for a newcomer at the cap, so far. */
unsigned long long server_evictions(const server *srv);

/* SNMP replies over UDP that could not be sent at once and were dropped, so far. */
unsigned long long server_udp_dropped(const server *srv);

/* Closes every connection (not the listening socket) and frees srv. */
void server_destroy(server *srv);

#endif
