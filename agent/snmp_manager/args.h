/*
 * The manager's command line (MANAGER.md "Command line"):
 *     snmp_manager get <host:port> <oid> [<oid> ...]
 *     snmp_manager set <host:port> <oid> <type> <value>
 *     snmp_manager -h | --help
 * host is a name, an IPv4 address, or an IPv6 address in brackets
 * ("[::1]:1161"; issue 9).
 */
#ifndef SNMP_MANAGER_ARGS_H
#define SNMP_MANAGER_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum mgr_command {
    MGR_CMD_GET,
    MGR_CMD_SET
} mgr_command;

/* What is wrong with the command line, checked in argument order. */
typedef enum mgr_args_status {
    MGR_ARGS_OK = 0,
    MGR_ARGS_HELP,            /* -h or --help first: usage only, and exit 0 */
    MGR_ARGS_USAGE,           /* fewer than two arguments: usage only */
    MGR_ARGS_UNKNOWN_COMMAND, /* neither get nor set */
    MGR_ARGS_BAD_HOST_PORT,   /* no ':', more than one outside brackets, an empty side,
                                 or brackets around anything but an IPv6 address */
    MGR_ARGS_BAD_PORT,        /* port not all digits, or outside 1..65535 */
    MGR_ARGS_NO_OIDS,         /* get without OIDs */
    MGR_ARGS_SET_COUNT        /* set without exactly four arguments */
} mgr_args_status;

/*
 * A parsed command line. Every pointer is a view into argv and stays valid
 * as long as argv does. Fields after the one that failed are left zero.
 */
typedef struct mgr_args {
    mgr_command command;
    const char *command_text;  /* argv[1] as typed */
    const char *target;        /* argv[2], "host:port" as typed */
    const char *host;          /* the name or address to look up: host_len bytes, not
                                  NUL-terminated ("::1" for "[::1]:1161") */
    size_t host_len;
    const char *host_typed;    /* the host as typed, brackets included: host_typed_len bytes */
    size_t host_typed_len;
    const char *port_text;     /* port part of target, NUL-terminated */
    uint16_t port;
    const char *const *oids;   /* oid_count OID arguments (set: exactly one) */
    size_t oid_count;
    const char *type_text;     /* set only */
    const char *value_text;    /* set only */
} mgr_args;

/*
 * Parses argv[0 .. argc) (argv[0] is the program name). Clears *args first,
 * then fills it as far as the arguments are valid. Returns MGR_ARGS_OK or
 * the first problem found, in argument order.
 */
mgr_args_status mgr_parse_args(int argc, const char *const argv[], mgr_args *args);

/*
 * For a status other than MGR_ARGS_OK, prints its error line (none for
 * MGR_ARGS_HELP and MGR_ARGS_USAGE) and then the usage text. Prints nothing for MGR_ARGS_OK.
 * args is the one mgr_parse_args filled.
 */
void mgr_print_args_error(FILE *out, mgr_args_status status, const mgr_args *args);

/* Prints the usage text: the command forms, the type words, the host forms
 * and the SNMP_MANAGER_TIMEOUT variable. */
void mgr_print_usage(FILE *out);

#endif
