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
    AGENT_MAX_TIMEOUT_MS = 86400000,
    /* --community and --rw-community together; more go in --community-file,
     * which has no such limit (and keeps them out of `ps`). */
    AGENT_MAX_CLI_COMMUNITIES = 64,
    AGENT_COMMUNITY_MAX = 255   /* bytes of one community name (SNMP.md s.3) */
};

/* One community the agent accepts: a view into argv or a community file. */
typedef struct agent_community {
    const uint8_t *name;
    size_t len;                 /* 1 .. AGENT_COMMUNITY_MAX */
    bool can_write;             /* --rw-community, or `rw` in the file */
} agent_community;

typedef struct agent_options {
    uint16_t port;
    const char *bind_address;   /* an IPv4 or IPv6 address; NULL: every address of both */
    bool quiet;
    bool help;
    unsigned timeout_ms;        /* idle timeout, > 0 */
    unsigned max_clients;       /* simultaneous connections asked for, > 0 */
    bool max_clients_given;     /* -c was on the command line */
    /* --community and --rw-community, in command-line order. */
    agent_community communities[AGENT_MAX_CLI_COMMUNITIES];
    size_t community_count;
    const char *community_file; /* --community-file, or NULL */
} agent_options;

/*
 * Fills opts from argv (argv[0] is skipped). Returns true on success; on
 * failure returns false and writes the exact line to print (without newline)
 * into err, e.g. "Error: Invalid port number: abc".
 */
bool agent_options_parse(int argc, char *const argv[], agent_options *opts, char *err,
                         size_t err_cap);

/*
 * The communities the agent accepts: opts' (command line), then extra[0 ..
 * extra_count) (a community file), then `public` (read-only) if none of
 * these is read-only. out must hold community_count + extra_count + 1.
 * Returns how many were written.
 */
size_t agent_options_communities(const agent_options *opts, const agent_community *extra,
                                 size_t extra_count, agent_community *out);

/* The --help text, every line ending in '\n'. */
const char *agent_options_usage(void);

#endif
