/*
 * snmp_manager: the command-line client of MANAGER.md. Argument errors exit
 * with status 1; every other outcome prints exactly one result and exits 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "net.h"
#include "net_error.h"
#include "reply.h"
#include "request.h"
#include "set_value.h"
#include "snmp/status.h"
#include "timeout.h"

/* Request ids start at a random number in 1..10000 (MANAGER.md); each run
 * sends one request, so the start is the id. */
static uint32_t first_request_id(void)
{
    uint32_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
        seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
    return 1u + seed % 10000u;
}

/* A result nobody could read is a failure, whatever it said. */
static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("snmp_manager: cannot write to standard output\n", stderr);
        return 1;
    }
    return status;
}

int main(int argc, char *argv[])
{
    /* Large, so static rather than on the stack. */
    static mgr_request request;
    static uint8_t reply_storage[SNMP_MAX_MESSAGE_SIZE];

    mgr_args args;
    mgr_args_status args_status = mgr_parse_args(argc, (const char *const *)argv, &args);
    if (args_status == MGR_ARGS_HELP) {
        mgr_print_usage(stdout);
        return finish(0);
    }
    if (args_status != MGR_ARGS_OK) {
        mgr_print_args_error(stdout, args_status, &args);
        return finish(1);
    }
    /* The environment after the command line: a bad override is an
     * argument error too, never a silent 10 seconds. */
    const char *timeout_text = getenv(MGR_TIMEOUT_ENV);
    double timeout;
    if (!mgr_timeout_parse(timeout_text, &timeout)) {
        mgr_print_timeout_error(stdout, timeout_text);
        return finish(1);
    }

    /* Everything is checked in argument order, before any connection:
     * the OIDs, then the type and value of a set. */
    mgr_request_status request_status = mgr_request_start(&request, &args, first_request_id());
    if (request_status != MGR_REQUEST_OK) {
        mgr_print_request_error(stdout, request_status, &request);
        return finish(0);
    }
    mgr_value value;
    const mgr_value *set_value = NULL;
    if (args.command == MGR_CMD_SET) {
        mgr_value_status value_status = mgr_parse_value(args.type_text, args.value_text, &value);
        if (value_status != MGR_VALUE_OK) {
            mgr_print_value_error(stdout, value_status, &value);
            return finish(0);
        }
        set_value = &value;
    }
    request_status = mgr_request_pack(&request, set_value);
    if (request_status != MGR_REQUEST_OK) {
        mgr_print_request_error(stdout, request_status, &request);
        return finish(0);
    }

    const uint8_t *reply;
    size_t reply_len;
    mgr_net_result net = mgr_exchange(args.host, args.host_len, args.port, request.wire,
                                      request.wire_len, timeout, reply_storage,
                                      sizeof reply_storage, &reply, &reply_len);
    if (net.status != MGR_NET_OK) {
        mgr_print_net_error(stdout, &net, &args, timeout);
        return finish(0);
    }
    mgr_print_reply(stdout, reply, reply_len, request.msg.request_id, args.command);
    return finish(0);
}
