#include "args.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "text.h"

/* The first four lines are the usage of the original contract; the rest
 * was added by issue 9 after them, so a script matching the start still does. */
static const char usage_text[] =
    "Usage:\n"
    "    snmp_manager get <host:port> <oid> [<oid> ...]\n"
    "    snmp_manager set <host:port> <oid> <type> <value>\n"
    "Types: integer, string, counter, timeticks\n"
    "Host: a name, an IPv4 address, or an IPv6 address in brackets ([::1]:1161)\n"
    "Options: -h, --help   show this text and exit\n"
    "Environment: SNMP_MANAGER_TIMEOUT   seconds to wait for the agent, name lookup\n"
    "    included (default 10; above 0, at most 86400, up to 3 decimals)\n";

/* Digits only, 1..65535. Saturates instead of overflowing on long input. */
static bool parse_port(const char *text, uint16_t *port)
{
    uint32_t value = 0;
    size_t i = 0;
    for (; text[i] != '\0'; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        if (value <= 65535u)
            value = value * 10u + (uint32_t)(text[i] - '0');
    }
    if (i == 0 || value < 1u || value > 65535u)
        return false;
    *port = (uint16_t)value;
    return true;
}

/* True when text[0 .. len) is an IPv6 address inet_pton accepts (no zone). */
static bool is_ipv6_literal(const char *text, size_t len)
{
    char literal[INET6_ADDRSTRLEN];
    struct in6_addr addr;
    if (len >= sizeof literal)
        return false;
    memcpy(literal, text, len);
    literal[len] = '\0';
    return inet_pton(AF_INET6, literal, &addr) == 1;
}

/*
 * Splits target into host and port text: "host:port" with exactly one ':',
 * or "[ipv6]:port", whose brackets keep the address's colons apart from the
 * port's. Both sides must be non-empty.
 */
static bool split_host_port(const char *target, mgr_args *args)
{
    const char *colon;
    if (target[0] == '[') {
        const char *bracket_end = strchr(target, ']');
        if (bracket_end == NULL || bracket_end[1] != ':' ||
            !is_ipv6_literal(target + 1, (size_t)(bracket_end - target - 1)))
            return false;
        args->host = target + 1;
        args->host_len = (size_t)(bracket_end - target - 1);
        colon = bracket_end + 1;
    } else {
        colon = strchr(target, ':');
        if (colon == NULL || colon == target)
            return false;
        args->host = target;
        args->host_len = (size_t)(colon - target);
    }
    if (colon[1] == '\0' || strchr(colon + 1, ':') != NULL) {
        args->host = NULL;
        args->host_len = 0;
        return false;
    }
    args->host_typed = target;
    args->host_typed_len = (size_t)(colon - target);
    args->port_text = colon + 1;
    return true;
}

mgr_args_status mgr_parse_args(int argc, const char *const argv[], mgr_args *args)
{
    memset(args, 0, sizeof *args);
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return MGR_ARGS_HELP;
    if (argc < 3)
        return MGR_ARGS_USAGE;

    args->command_text = argv[1];
    if (mgr_equal_nocase(argv[1], "get"))
        args->command = MGR_CMD_GET;
    else if (mgr_equal_nocase(argv[1], "set"))
        args->command = MGR_CMD_SET;
    else
        return MGR_ARGS_UNKNOWN_COMMAND;

    args->target = argv[2];
    if (!split_host_port(argv[2], args))
        return MGR_ARGS_BAD_HOST_PORT;
    if (!parse_port(args->port_text, &args->port))
        return MGR_ARGS_BAD_PORT;

    size_t rest = (size_t)argc - 3;
    if (args->command == MGR_CMD_GET) {
        if (rest == 0)
            return MGR_ARGS_NO_OIDS;
        args->oids = argv + 3;
        args->oid_count = rest;
        return MGR_ARGS_OK;
    }
    if (rest != 3)
        return MGR_ARGS_SET_COUNT;
    args->oids = argv + 3;
    args->oid_count = 1;
    args->type_text = argv[4];
    args->value_text = argv[5];
    return MGR_ARGS_OK;
}

void mgr_print_usage(FILE *out)
{
    fputs(usage_text, out);
}

void mgr_print_args_error(FILE *out, mgr_args_status status, const mgr_args *args)
{
    switch (status) {
    case MGR_ARGS_OK:
        return;
    case MGR_ARGS_HELP:
    case MGR_ARGS_USAGE:
        break;
    case MGR_ARGS_UNKNOWN_COMMAND:
        fputs("Error: Unknown command '", out);
        mgr_print_echo(out, args->command_text, strlen(args->command_text));
        fputs("'\n", out);
        break;
    case MGR_ARGS_BAD_HOST_PORT:
        fputs("Error: Invalid host:port format. Use 'hostname:port' or 'ip:port'\n", out);
        break;
    case MGR_ARGS_BAD_PORT:
        fputs("Error: Invalid port number: ", out);
        mgr_print_echo(out, args->port_text, strlen(args->port_text));
        fputs("\n", out);
        break;
    case MGR_ARGS_NO_OIDS:
        fputs("Error: No OIDs specified\n", out);
        break;
    case MGR_ARGS_SET_COUNT:
        fputs("Error: Set requires exactly 4 arguments: host:port oid type value\n", out);
        break;
    }
    mgr_print_usage(out);
}
