/*
 * How an exchange with the agent can fail before there is a reply to show,
 * and the line the manager prints for each (MANAGER.md "Network and protocol
 * failures").
 */
#ifndef SNMP_MANAGER_NET_ERROR_H
#define SNMP_MANAGER_NET_ERROR_H

#include <stdint.h>
#include <stdio.h>

#include "args.h"

typedef enum mgr_net_status {
    MGR_NET_OK = 0,
    MGR_NET_UNRESOLVED, /* the host name did not resolve to an address */
    MGR_NET_REFUSED,    /* connection refused */
    MGR_NET_TIMED_OUT,  /* no address, connection or complete reply within the timeout */
    MGR_NET_CLOSED,     /* the agent closed the connection before a whole reply */
    MGR_NET_BAD_SIZE,   /* the reply's size field is outside 9..65536 */
    MGR_NET_SYSTEM      /* anything else; error holds the errno value */
} mgr_net_status;

typedef struct mgr_net_result {
    mgr_net_status status;
    int error;          /* the errno value, for MGR_NET_SYSTEM */
    uint32_t size;      /* the refused size field, for MGR_NET_BAD_SIZE */
} mgr_net_result;

/*
 * Prints the line for a failed exchange (nothing for MGR_NET_OK). args gives
 * the host and host:port as the user typed them; timeout_seconds is the
 * deadline that was in force, printed with one decimal.
 */
void mgr_print_net_error(FILE *out, const mgr_net_result *result, const mgr_args *args,
                         double timeout_seconds);

#endif
