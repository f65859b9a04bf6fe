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
    "Answers simplified SNMP GetRequest and SetRequest messages over TCP.\n"
    "port                  TCP port to listen on, 1 to 65535 (default 1161)\n"
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

/* Matches "-s", "--long" or "--long=value"; sets *inline_value for the last. */
static bool option_is(const char *arg, const char *short_name, const char *long_name,
                      const char **inline_value)
{
    *inline_value = NULL;
    if (strcmp(arg, short_name) == 0 || strcmp(arg, long_name) == 0)
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

/* Stores the value of -t, -b or -c (told apart by their first letter). */
static bool apply_valued_option(agent_options *opts, char name, const char *value, char *err,
                                size_t err_cap)
{
    if (name == 't') {
        if (!parse_seconds(value, &opts->timeout_ms)) {
            snprintf(err, err_cap, "Error: Invalid timeout: give seconds above 0 and up to 86400");
            return false;
        }
    } else if (name == 'b') {
        struct in6_addr addr;   /* room for either kind */
        if (inet_pton(AF_INET, value, &addr) != 1 && inet_pton(AF_INET6, value, &addr) != 1) {
            snprintf(err, err_cap, "Error: Invalid bind address: give an IPv4 or IPv6 address");
            return false;
        }
        opts->bind_address = value;
    } else {
        long long n;
        if (!parse_whole_number(value, &n) || n < 1 || n > AGENT_MAX_MAX_CLIENTS) {
            snprintf(err, err_cap, "Error: Invalid client limit: give 1 to %d",
                     AGENT_MAX_MAX_CLIENTS);
            return false;
        }
        opts->max_clients = (unsigned)n;
        opts->max_clients_given = true;
    }
    return true;
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
    if (!option_is(arg, "-t", "--timeout", &value) && !option_is(arg, "-b", "--bind", &value) &&
        !option_is(arg, "-c", "--max-clients", &value)) {
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
    const char *name = arg[1] == '-' ? arg + 2 : arg + 1;
    return apply_valued_option(opts, name[0], value, err, err_cap);
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
