#include "options.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* Lines here never hold both '=' and '.': scripts reading the agent's output
 * count such lines as bindings (AGENT.md "What it prints"). */
static const char usage_text[] =
    "Usage: snmp_agent [options] [port]\n"
    "\n"
    "Answers SNMP v1 and v2c over UDP and TCP, and the simplified protocol's\n"
    "GetRequest and SetRequest over TCP, on one port.\n"
    "port                  UDP and TCP port to listen on, 1 to 65535 (default 1161)\n"
    "\n"
    "Options:\n"
    "  -q, --quiet             print only the listening line, errors about the\n"
    "                          agent itself and the shutdown line\n"
    "  -t, --timeout SECONDS   close a connection that has not delivered a whole\n"
    "                          request for this long (default 10, fractions allowed)\n"
    "  -b, --bind ADDRESS      IPv4 or IPv6 address to listen on (default: every\n"
    "                          address, IPv6 and IPv4)\n"
    "  -c, --max-clients N     simultaneous clients (default 16384, or fewer if the\n"
    "                          open-file limit allows fewer); at the cap, the\n"
    "                          connection that has gone longest without a whole\n"
    "                          request is closed to make room\n"
    "      --community NAME    an SNMP community that may read (repeatable; default\n"
    "                          public when no read-only community is given)\n"
    "      --rw-community NAME an SNMP community that may read and write\n"
    "                          (repeatable; none by default)\n"
    "      --community-file FILE\n"
    "                          communities from FILE, one `ro NAME` or `rw NAME`\n"
    "                          per line (blank lines and # comments allowed); the\n"
    "                          file must not be readable by group or others, and\n"
    "                          keeps the names out of `ps`\n"
    "  -h, --help              show this text and exit\n";

const char *agent_options_usage(void)
{
    return usage_text;
}

/* Optional sign, then one or more digits, nothing else. Saturates. */
static bool parse_whole_number(const char *text, long long *out)
{
    const char *p = text;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    if (*p == '\0')
        return false;
    long long value = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        if (value < 1000000000000LL)
            value = value * 10 + (*p - '0');
    }
    *out = negative ? -value : value;
    return true;
}

/* Seconds with an optional fraction ("10", "0.5"), as milliseconds. */
static bool parse_seconds(const char *text, unsigned *out_ms)
{
    unsigned long long ms = 0;
    const char *p = text;
    size_t int_digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, int_digits++) {
        if (ms <= AGENT_MAX_TIMEOUT_MS)
            ms = ms * 10 + (unsigned)(*p - '0');
    }
    ms *= 1000;
    size_t frac_digits = 0;
    if (*p == '.') {
        unsigned scale = 100;
        for (p++; *p >= '0' && *p <= '9'; p++, frac_digits++) {
            ms += (unsigned long long)(*p - '0') * scale;
            scale /= 10;
        }
    }
    if (*p != '\0' || int_digits + frac_digits == 0 || ms == 0 || ms > AGENT_MAX_TIMEOUT_MS)
        return false;
    *out_ms = (unsigned)ms;
    return true;
}

/* Matches "-s" (if short_name is not NULL), "--long" or "--long=value"; sets
 * *inline_value for the last. */
static bool option_is(const char *arg, const char *short_name, const char *long_name,
                      const char **inline_value)
{
    *inline_value = NULL;
    if ((short_name != NULL && strcmp(arg, short_name) == 0) || strcmp(arg, long_name) == 0)
        return true;
    size_t n = strlen(long_name);
    if (strncmp(arg, long_name, n) == 0 && arg[n] == '=') {
        *inline_value = arg + n + 1;
        return true;
    }
    return false;
}

static bool looks_like_option(const char *arg)
{
    /* "-5" is a (bad) port, not an option. */
    return arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9');
}

/* The options that take a value. */
typedef enum valued_option {
    OPT_NONE = 0,
    OPT_TIMEOUT,
    OPT_BIND,
    OPT_MAX_CLIENTS,
    OPT_COMMUNITY,
    OPT_RW_COMMUNITY,
    OPT_COMMUNITY_FILE
} valued_option;

/* Which valued option arg names (OPT_NONE if none); *value for "--long=value". */
static valued_option valued_option_of(const char *arg, const char **value)
{
    static const struct {
        const char *short_name, *long_name;
        valued_option id;
    } table[] = {
        {"-t", "--timeout", OPT_TIMEOUT},
        {"-b", "--bind", OPT_BIND},
        {"-c", "--max-clients", OPT_MAX_CLIENTS},
        {NULL, "--community", OPT_COMMUNITY},
        {NULL, "--rw-community", OPT_RW_COMMUNITY},
        {NULL, "--community-file", OPT_COMMUNITY_FILE},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (option_is(arg, table[i].short_name, table[i].long_name, value))
            return table[i].id;
    }
    return OPT_NONE;
}

/* Adds one --community or --rw-community name. */
static bool add_community(agent_options *opts, const char *name, bool can_write, char *err,
                          size_t err_cap)
{
    size_t len = strlen(name);
    if (len == 0 || len > AGENT_COMMUNITY_MAX) {
        snprintf(err, err_cap, "Error: Invalid community: give 1 to %d bytes", AGENT_COMMUNITY_MAX);
        return false;
    }
    if (opts->community_count == AGENT_MAX_CLI_COMMUNITIES) {
        snprintf(err, err_cap,
                 "Error: Too many communities on the command line (at most %d; use "
                 "--community-file)",
                 AGENT_MAX_CLI_COMMUNITIES);
        return false;
    }
    opts->communities[opts->community_count++] =
        (agent_community){(const uint8_t *)name, len, can_write};
    return true;
}

static bool set_timeout(agent_options *opts, const char *value, char *err, size_t err_cap)
{
    if (parse_seconds(value, &opts->timeout_ms))
        return true;
    snprintf(err, err_cap, "Error: Invalid timeout: give seconds above 0 and up to 86400");
    return false;
}

static bool set_bind(agent_options *opts, const char *value, char *err, size_t err_cap)
{
    struct in6_addr addr;   /* room for either kind */
    if (inet_pton(AF_INET, value, &addr) != 1 && inet_pton(AF_INET6, value, &addr) != 1) {
        snprintf(err, err_cap, "Error: Invalid bind address: give an IPv4 or IPv6 address");
        return false;
    }
    opts->bind_address = value;
    return true;
}

static bool set_max_clients(agent_options *opts, const char *value, char *err, size_t err_cap)
{
    long long n;
    if (!parse_whole_number(value, &n) || n < 1 || n > AGENT_MAX_MAX_CLIENTS) {
        snprintf(err, err_cap, "Error: Invalid client limit: give 1 to %d", AGENT_MAX_MAX_CLIENTS);
        return false;
    }
    opts->max_clients = (unsigned)n;
    opts->max_clients_given = true;
    return true;
}

/* Stores the value of a valued option. */
static bool apply_valued_option(agent_options *opts, valued_option id, const char *value,
                                char *err, size_t err_cap)
{
    switch (id) {
    case OPT_TIMEOUT:
        return set_timeout(opts, value, err, err_cap);
    case OPT_BIND:
        return set_bind(opts, value, err, err_cap);
    case OPT_MAX_CLIENTS:
        return set_max_clients(opts, value, err, err_cap);
    case OPT_COMMUNITY:
    case OPT_RW_COMMUNITY:
        return add_community(opts, value, id == OPT_RW_COMMUNITY, err, err_cap);
    case OPT_COMMUNITY_FILE:
        if (value[0] == '\0') {
            snprintf(err, err_cap, "Error: Invalid community file: give a file name");
            return false;
        }
        opts->community_file = value;
        return true;
    case OPT_NONE:
        break;
    }
    return false;
}

/* The port argument, with AGENT.md's two error lines. */
static bool parse_port(const char *text, agent_options *opts, char *err, size_t err_cap)
{
    long long port;
    if (!parse_whole_number(text, &port)) {
        snprintf(err, err_cap, "Error: Invalid port number: %s", text);
        return false;
    }
    if (port < 1 || port > 65535) {
        snprintf(err, err_cap, "Error: Port must be between 1 and 65535");
        return false;
    }
    opts->port = (uint16_t)port;
    return true;
}

/*
 * Handles the option at argv[*i] (advancing *i past a separate value).
 * Returns false with the error line in err.
 */
static bool parse_option(int argc, char *const argv[], int *i, agent_options *opts, char *err,
                         size_t err_cap)
{
    const char *arg = argv[*i];
    const char *value = NULL;
    if (option_is(arg, "-q", "--quiet", &value) && value == NULL) {
        opts->quiet = true;
        return true;
    }
    if (option_is(arg, "-h", "--help", &value) && value == NULL) {
        opts->help = true;
        return true;
    }
    valued_option id = valued_option_of(arg, &value);
    if (id == OPT_NONE) {
        /* Echo only the name: a value could hold both '=' and '.'. */
        snprintf(err, err_cap, "Error: Unknown option '%.*s'", (int)strcspn(arg, "=."), arg);
        return false;
    }
    if (value == NULL) {
        if (*i + 1 == argc) {
            snprintf(err, err_cap, "Error: Option %.20s needs a value", arg);
            return false;
        }
        value = argv[++*i];
    }
    return apply_valued_option(opts, id, value, err, err_cap);
}

bool agent_options_parse(int argc, char *const argv[], agent_options *opts, char *err,
                         size_t err_cap)
{
    *opts = (agent_options){
        .port = 1161,
        .bind_address = NULL,
        .timeout_ms = AGENT_DEFAULT_TIMEOUT_MS,
        .max_clients = AGENT_DEFAULT_MAX_CLIENTS,
    };
    const char *port_text = NULL;
    bool options_done = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || !looks_like_option(arg)) {
            if (port_text != NULL) {
                snprintf(err, err_cap, "Error: Too many arguments (one port at most)");
                return false;
            }
            port_text = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (!parse_option(argc, argv, &i, opts, err, err_cap)) {
            return false;
        }
    }
    return port_text == NULL || parse_port(port_text, opts, err, err_cap);
}

size_t agent_options_communities(const agent_options *opts, const agent_community *extra,
                                 size_t extra_count, agent_community *out)
{
    size_t n = 0;
    bool any_read_only = false;
    for (size_t i = 0; i < opts->community_count; i++) {
        out[n++] = opts->communities[i];
        any_read_only |= !opts->communities[i].can_write;
    }
    for (size_t i = 0; i < extra_count; i++) {
        out[n++] = extra[i];
        any_read_only |= !extra[i].can_write;
    }
    /* SNMP.md s.3: `public` only when no read-only community was given. */
    if (!any_read_only)
        out[n++] = (agent_community){(const uint8_t *)"public", 6, false};
    return n;
}
