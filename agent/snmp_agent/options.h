/*
 * The agent's command line (AGENT.md "Command line"), parsed without side
 * effects so it can be tested directly.
 */
#ifndef AGENT_OPTIONS_H
#define AGENT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    AGENT_DEFAULT_TIMEOUT_MS = 10000,
    /* Asked for when -c is not given; lowered to what the open-file limit
     * allows (client_cap.h). An idle connection costs the agent about 130
     * bytes, so a small default would protect nothing. */
    AGENT_DEFAULT_MAX_CLIENTS = 16384,
    AGENT_MAX_MAX_CLIENTS = 1000000,
    AGENT_MAX_TIMEOUT_MS = 86400000
};

typedef struct agent_options {
    uint16_t port;
    const char *bind_address;   /* an IPv4 or IPv6 address; NULL: every address of both */
    bool quiet;
    bool help;
    unsigned timeout_ms;        /* idle timeout, > 0 */
    unsigned max_clients;       /* simultaneous connections asked for, > 0 */
    bool max_clients_given;     /* -c was on the command line */
} agent_options;

/*
 * Fills opts from argv (argv[0] is skipped). Returns true on success; on
 * failure returns false and writes the exact line to print (without newline)
 * into err, e.g. "Error: Invalid port number: abc".
 */
bool agent_options_parse(int argc, char *const argv[], agent_options *opts, char *err,
                         size_t err_cap);

/* The --help text, every line ending in '\n'. */
const char *agent_options_usage(void);

#endif
