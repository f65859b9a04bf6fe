/* The agent's command line (AGENT.md "Command line"), parsed in-process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "client_cap.h"
#include "options.h"

enum { MAX_ARGS = 12 };

/* A community as the options hold it, compared with a C string. */
static bool community_is(const agent_community *c, const char *name, bool can_write)
{
    return c->len == strlen(name) && memcmp(c->name, name, c->len) == 0 && c->can_write == can_write;
}

/* Parses a NULL-terminated list of arguments (argv[0] is added). */
static bool parse(agent_options *opts, char *err, const char *first, ...)
{
    char *argv[MAX_ARGS + 2] = {"snmp_agent"};
    int argc = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a != NULL && argc <= MAX_ARGS; a = va_arg(ap, const char *))
        argv[argc++] = (char *)(uintptr_t)a;
    va_end(ap);
    err[0] = '\0';
    return agent_options_parse(argc, argv, opts, err, 256);
}

static void defaults_without_arguments(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    assert_true(parse(&o, err, NULL));
    assert_int_equal(o.port, 1161);
    /* No address: every address of both kinds (listener.h). */
    assert_null(o.bind_address);
    assert_false(o.quiet);
    assert_false(o.help);
    assert_int_equal(o.timeout_ms, 10000);
    assert_int_equal(o.max_clients, AGENT_DEFAULT_MAX_CLIENTS);
    assert_false(o.max_clients_given);
    /* Issue 9: the default must hold at least 10,000 clients. */
    assert_true(AGENT_DEFAULT_MAX_CLIENTS >= 10000);
}

static void port_limits_are_1_and_65535(void **state)
{
    (void)state;
    static const struct {
        const char *arg;
        bool ok;
        unsigned port;
        const char *error;
    } cases[] = {
        {"1", true, 1, ""},
        {"2161", true, 2161, ""},
        {"65535", true, 65535, ""},
        {"0", false, 0, "Error: Port must be between 1 and 65535"},
        {"65536", false, 0, "Error: Port must be between 1 and 65535"},
        {"-5", false, 0, "Error: Port must be between 1 and 65535"},
        {"99999999999999999999999", false, 0, "Error: Port must be between 1 and 65535"},
        {"abc", false, 0, "Error: Invalid port number: abc"},
        {"12.5", false, 0, "Error: Invalid port number: 12.5"},
        {"", false, 0, "Error: Invalid port number: "},
        {"80x", false, 0, "Error: Invalid port number: 80x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        agent_options o;
        char err[256];
        bool ok = parse(&o, err, cases[i].arg, NULL);
        assert_int_equal(ok, cases[i].ok);
        if (ok)
            assert_int_equal(o.port, cases[i].port);
        else
            assert_string_equal(err, cases[i].error);
    }
}

static void options_short_long_and_inline(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    assert_true(parse(&o, err, "-q", "-t", "0.5", "-b", "127.0.0.1", "-c", "3", "2161", NULL));
    assert_true(o.quiet);
    assert_int_equal(o.timeout_ms, 500);
    assert_string_equal(o.bind_address, "127.0.0.1");
    assert_int_equal(o.max_clients, 3);
    assert_true(o.max_clients_given);
    assert_int_equal(o.port, 2161);

    /* IPv6 addresses bind too. */
    assert_true(parse(&o, err, "-b", "::1", NULL));
    assert_string_equal(o.bind_address, "::1");
    assert_true(parse(&o, err, "--bind=::", NULL));
    assert_string_equal(o.bind_address, "::");
    assert_true(parse(&o, err, "-b", "0.0.0.0", NULL));
    assert_string_equal(o.bind_address, "0.0.0.0");

    assert_true(parse(&o, err, "--quiet", "--timeout=2", "--max-clients=10000", NULL));
    assert_true(o.quiet);
    assert_int_equal(o.timeout_ms, 2000);
    assert_int_equal(o.max_clients, 10000);

    assert_true(parse(&o, err, "--help", NULL));
    assert_true(o.help);
}

static void bad_option_values_are_refused(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"-t", "0"}, {"-t", "abc"}, {"-t", "1.5x"}, {"-t", "86400.001"}, {"-t", "."},
        {"-c", "0"}, {"-c", "1000001"}, {"-c", "ten"}, {"-b", "localhost"}, {"-b", "1.2.3"},
        {"-b", "[::1]"}, {"-b", "::1%lo"}, {"-b", "1::2::3"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        agent_options o;
        char err[256];
        assert_false(parse(&o, err, bad[i][0], bad[i][1], NULL));
        assert_true(strncmp(err, "Error: ", 7) == 0);
    }
    agent_options o;
    char err[256];
    assert_true(parse(&o, err, "-t", "86400", NULL));
    assert_true(parse(&o, err, "-t", "0.001", NULL));
    assert_int_equal(o.timeout_ms, 1);
    assert_true(parse(&o, err, "-c", "1000000", NULL));
    assert_true(parse(&o, err, "-c", "1", NULL));
}

static void unknown_option_and_missing_value(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    assert_false(parse(&o, err, "--verbose", NULL));
    assert_string_equal(err, "Error: Unknown option '--verbose'");
    assert_false(parse(&o, err, "--bogus=1.2", NULL));
    assert_string_equal(err, "Error: Unknown option '--bogus'");
    assert_false(parse(&o, err, "-t", NULL));
    assert_string_equal(err, "Error: Option -t needs a value");
    assert_false(parse(&o, err, "1161", "1162", NULL));
    assert_string_equal(err, "Error: Too many arguments (one port at most)");
}

/* Scripts count lines holding both '=' and '.' as bindings (AGENT.md). */
static void help_has_no_line_with_equals_and_dot(void **state)
{
    (void)state;
    const char *text = agent_options_usage();
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        bool eq = memchr(line, '=', (size_t)(end - line)) != NULL;
        bool dot = memchr(line, '.', (size_t)(end - line)) != NULL;
        assert_false(eq && dot);
        line = end + 1;
    }
    static const char *const options[] = {"--quiet",     "--timeout",        "--bind",
                                          "--max-clients", "--community",  "--rw-community",
                                          "--community-file", "--help"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        assert_non_null(strstr(text, options[i]));
}

static void communities_repeatable_in_order(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    assert_true(parse(&o, err, NULL));
    assert_int_equal(o.community_count, 0);
    assert_null(o.community_file);

    assert_true(parse(&o, err, "--community", "one", "--rw-community=two", "--community=a b",
                      "--rw-community", "four", "--community-file", "/etc/x", NULL));
    assert_int_equal(o.community_count, 4);
    assert_true(community_is(&o.communities[0], "one", false));
    assert_true(community_is(&o.communities[1], "two", true));
    assert_true(community_is(&o.communities[2], "a b", false));
    assert_true(community_is(&o.communities[3], "four", true));
    assert_string_equal(o.community_file, "/etc/x");
    assert_true(parse(&o, err, "--community-file=f", NULL));
    assert_string_equal(o.community_file, "f");
}

static void community_limits(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    char name[AGENT_COMMUNITY_MAX + 2];
    /* 255 bytes (cap) is a name; 256 (cap+1) and 0 are not. */
    memset(name, 'n', sizeof name);
    name[AGENT_COMMUNITY_MAX] = '\0';
    assert_true(parse(&o, err, "--community", name, NULL));
    assert_int_equal(o.communities[0].len, AGENT_COMMUNITY_MAX);
    name[AGENT_COMMUNITY_MAX - 1] = '\0';
    assert_true(parse(&o, err, "--rw-community", name, NULL));
    assert_int_equal(o.communities[0].len, AGENT_COMMUNITY_MAX - 1);
    memset(name, 'n', sizeof name);
    name[AGENT_COMMUNITY_MAX + 1] = '\0';
    assert_false(parse(&o, err, "--community", name, NULL));
    assert_string_equal(err, "Error: Invalid community: give 1 to 255 bytes");
    assert_false(parse(&o, err, "--rw-community", "", NULL));
    assert_string_equal(err, "Error: Invalid community: give 1 to 255 bytes");
    assert_false(parse(&o, err, "--community=", NULL));
    assert_false(parse(&o, err, "--community", NULL));
    assert_string_equal(err, "Error: Option --community needs a value");
    assert_false(parse(&o, err, "--community-file", "", NULL));
    assert_string_equal(err, "Error: Invalid community file: give a file name");
    /* Not a prefix match: --communities is unknown. */
    assert_false(parse(&o, err, "--communities", "x", NULL));
    assert_string_equal(err, "Error: Unknown option '--communities'");

    /* At most AGENT_MAX_CLI_COMMUNITIES on the command line (cap-1, cap, cap+1). */
    enum { MANY = AGENT_MAX_CLI_COMMUNITIES + 1 };
    char *argv[1 + 2 * MANY] = {"snmp_agent"};
    for (size_t n = AGENT_MAX_CLI_COMMUNITIES - 1; n <= MANY; n++) {
        for (size_t i = 0; i < n; i++) {
            argv[1 + 2 * i] = "--community";
            argv[2 + 2 * i] = "c";
        }
        bool ok = agent_options_parse((int)(1 + 2 * n), argv, &o, err, sizeof err);
        assert_int_equal(ok, n <= AGENT_MAX_CLI_COMMUNITIES);
        if (ok)
            assert_int_equal(o.community_count, n);
        else
            assert_string_equal(err, "Error: Too many communities on the command line (at most "
                                     "64; use --community-file)");
    }
}

/* `public` is read-only and added only when no read-only community was given. */
static void public_only_without_a_read_only_community(void **state)
{
    (void)state;
    agent_options o;
    char err[256];
    agent_community out[AGENT_MAX_CLI_COMMUNITIES + 4];
    static const agent_community file_ro[] = {{(const uint8_t *)"fro", 3, false}};
    static const agent_community file_rw[] = {{(const uint8_t *)"frw", 3, true}};

    assert_true(parse(&o, err, NULL));
    assert_int_equal(agent_options_communities(&o, NULL, 0, out), 1);
    assert_true(community_is(&out[0], "public", false));

    assert_true(parse(&o, err, "--rw-community", "w", NULL));
    assert_int_equal(agent_options_communities(&o, file_rw, 1, out), 3);
    assert_true(community_is(&out[0], "w", true));
    assert_true(community_is(&out[1], "frw", true));
    assert_true(community_is(&out[2], "public", false));

    /* A read-only one from the file replaces the default. */
    assert_int_equal(agent_options_communities(&o, file_ro, 1, out), 2);
    assert_true(community_is(&out[1], "fro", false));

    assert_true(parse(&o, err, "--community", "r", NULL));
    assert_int_equal(agent_options_communities(&o, NULL, 0, out), 1);
    assert_true(community_is(&out[0], "r", false));
}

/* The cap that fits an open-file limit: clients + one lingering place per
 * eight clients (at least one) + the reserve, never more than asked. */
static void client_cap_follows_the_open_file_limit(void **state)
{
    (void)state;
    assert_int_equal(client_caps_lingering_for(1), 1);
    assert_int_equal(client_caps_lingering_for(7), 1);
    assert_int_equal(client_caps_lingering_for(8), 2);
    assert_int_equal(client_caps_lingering_for(16384), 2049);
    assert_int_equal(client_caps_fds_needed(16384), 16384 + 2049 + CLIENT_CAP_RESERVED_FDS);

    static const struct {
        unsigned asked;
        unsigned long long limit;
        unsigned fit;
    } cases[] = {
        {200, 64, 42},            /* 42 + 6 + 16 = 64 */
        {200, 63, 41},            /* 41 + 6 + 16 = 63 */
        {200, 65, 43},            /* 43 + 6 + 16 = 65 */
        {200, 1ULL << 40, 200},   /* plenty: what was asked */
        {200, 200 + 26 + 16, 200},
        {200, 200 + 26 + 15, 199},
        {16384, 20000, 16384},    /* this machine's hard limit fits the default */
        {16384, 1024, 895},       /* 895 + 112 + 16 = 1023; 896 + 113 + 16 = 1025 */
        {1, 18, 1},               /* 1 + 1 + 16: the smallest that fits one */
        {1, 17, 0},
        {5, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned fit = client_caps_for_fd_limit(cases[i].asked, cases[i].limit);
        /* Whatever the table says, the answer is the largest that fits. */
        assert_true(fit <= cases[i].asked);
        if (fit > 0)
            assert_true(client_caps_fds_needed(fit) <= cases[i].limit);
        if (fit < cases[i].asked)
            assert_true(client_caps_fds_needed(fit + 1) > cases[i].limit);
        assert_int_equal(fit, cases[i].fit);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_without_arguments),
        cmocka_unit_test(port_limits_are_1_and_65535),
        cmocka_unit_test(options_short_long_and_inline),
        cmocka_unit_test(bad_option_values_are_refused),
        cmocka_unit_test(unknown_option_and_missing_value),
        cmocka_unit_test(help_has_no_line_with_equals_and_dot),
        cmocka_unit_test(client_cap_follows_the_open_file_limit),
        cmocka_unit_test(communities_repeatable_in_order),
        cmocka_unit_test(community_limits),
        cmocka_unit_test(public_only_without_a_read_only_community),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
