/* The manager's command line: parsing, the argument error lines and their order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "args.h"
#include "capture.h"

#define USAGE                                                                          \
    "Usage:\n"                                                                         \
    "    snmp_manager get <host:port> <oid> [<oid> ...]\n"                             \
    "    snmp_manager set <host:port> <oid> <type> <value>\n"                          \
    "Types: integer, string, counter, timeticks\n"                                     \
    "Host: a name, an IPv4 address, or an IPv6 address in brackets ([::1]:1161)\n"     \
    "Options: -h, --help   show this text and exit\n"                                  \
    "Environment: SNMP_MANAGER_TIMEOUT   seconds to wait for the agent, name lookup\n" \
    "    included (default 10; above 0, at most 86400, up to 3 decimals)\n"

#define HOST_PORT_LINE "Error: Invalid host:port format. Use 'hostname:port' or 'ip:port'\n"
#define SET_COUNT_LINE "Error: Set requires exactly 4 arguments: host:port oid type value\n"

enum { MAX_ARGS = 8 };

typedef struct args_case {
    const char *name;
    const char *argv[MAX_ARGS]; /* after the program name; NULL-terminated */
    mgr_args_status status;
    const char *output;         /* everything printed: error line, then usage */
} args_case;

static mgr_args_status parse(const args_case *tc, mgr_args *args)
{
    const char *argv[MAX_ARGS + 1];
    argv[0] = "snmp_manager";
    size_t n = 0;
    while (n < MAX_ARGS && tc->argv[n] != NULL) {
        argv[n + 1] = tc->argv[n];
        n++;
    }
    argv[n + 1] = NULL;
    return mgr_parse_args((int)n + 1, argv, args);
}

static void run_error_cases(const args_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mgr_args args;
        mgr_args_status st = parse(&cases[i], &args);
        CHECK_CASE(st == cases[i].status, cases[i].name);
        capture c;
        mgr_print_args_error(capture_open(&c), st, &args);
        const char *out = capture_text(&c);
        CHECK_TEXT(out, cases[i].output, cases[i].name);
        CHECK_CASE(!has_binding_like_line(out), cases[i].name);
        capture_close(&c);
    }
}

static void test_fewer_than_two_arguments_print_usage_only(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"no arguments", {NULL}, MGR_ARGS_USAGE, USAGE},
        {"get alone", {"get", NULL}, MGR_ARGS_USAGE, USAGE},
        {"unknown word alone", {"walk", NULL}, MGR_ARGS_USAGE, USAGE},
        {"set alone", {"set", NULL}, MGR_ARGS_USAGE, USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_help_options_print_usage_only(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"--help", {"--help", NULL}, MGR_ARGS_HELP, USAGE},
        {"-h", {"-h", NULL}, MGR_ARGS_HELP, USAGE},
        /* Help wins over whatever follows it. */
        {"-h then arguments", {"-h", "nonsense", "1..3", NULL}, MGR_ARGS_HELP, USAGE},
        {"--help then a get", {"--help", "h:1", "1.3", NULL}, MGR_ARGS_HELP, USAGE},
        /* Only the exact words; anything else is an unknown command. */
        {"-H", {"-H", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command '-H'\n" USAGE},
        {"--helps", {"--helps", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command '--helps'\n" USAGE},
        {"-help", {"-help", "h:1", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command '-help'\n" USAGE},
        /* Only as the first argument. */
        {"get --help", {"get", "--help", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_unknown_command_is_echoed_as_given(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"walk", {"walk", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'walk'\n" USAGE},
        {"case kept", {"GeTx", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'GeTx'\n" USAGE},
        {"empty", {"", "h:1", NULL}, MGR_ARGS_UNKNOWN_COMMAND, "Error: Unknown command ''\n" USAGE},
        {"prefix of get", {"ge", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'ge'\n" USAGE},
        {"get with suffix", {"gets", "h:1", "1.3", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'gets'\n" USAGE},
        /* Checked before host:port. */
        {"before a bad host:port", {"walk", "nonsense", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'walk'\n" USAGE},
        /* '=' and control bytes cannot forge a binding line or a second line. */
        {"equals escaped", {"a=1.2", "h:1", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'a\\x3d1.2'\n" USAGE},
        {"newline escaped", {"x\n1.3 = 4", "h:1", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'x\\x0a1.3 \\x3d 4'\n" USAGE},
        {"backslash escaped", {"a\\b", "h:1", NULL}, MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command 'a\\x5cb'\n" USAGE},
        /* ESC, DEL and a C1 control (U+009B, CSI) cannot reach the terminal. */
        {"terminal controls escaped", {"\x1b[2J\x7f\xc2\x9b" "1m\xc3\xa9", "h:1", NULL},
         MGR_ARGS_UNKNOWN_COMMAND,
         "Error: Unknown command '\\x1b[2J\\x7f\\xc2\\x9b1m\xc3\xa9'\n" USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_bad_host_port_is_refused_before_the_oids(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"no colon", {"get", "localhost1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"two colons", {"get", "a:1:2", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"ipv6 style", {"get", "::1:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"empty host", {"get", ":1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"empty port", {"get", "localhost:", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"only a colon", {"get", ":", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"empty", {"get", "", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"get without oids too", {"get", "nocolon", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"set with wrong count too", {"set", "nocolon", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_ipv6_literals_need_brackets(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"unbracketed ::1", {"get", "::1:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"unbracketed full", {"get", "2001:db8::1:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"no closing bracket", {"get", "[::1:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"no port", {"get", "[::1]", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"empty port", {"get", "[::1]:", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"junk before the colon", {"get", "[::1]x:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"second port", {"get", "[::1]:1:2", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"empty brackets", {"get", "[]:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"IPv4 in brackets", {"get", "[127.0.0.1]:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"name in brackets", {"get", "[localhost]:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"not an address", {"get", "[1:2:3:4:5:6:7:8:9]:1161", "1.3", NULL},
         MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"zone id", {"get", "[fe80::1%lo]:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"longer than any address", {"get", "[0000:0000:0000:0000:0000:0000:0000:0000:0000]:1",
         "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT, HOST_PORT_LINE USAGE},
        {"bracket inside a name", {"get", "a[::1]:1161", "1.3", NULL}, MGR_ARGS_BAD_HOST_PORT,
         HOST_PORT_LINE USAGE},
        {"bad port after brackets", {"get", "[::1]:0", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 0\n" USAGE},
        {"letters after brackets", {"get", "[::1]:http", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: http\n" USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);

    static const struct {
        const char *target;
        const char *host;
        const char *typed;
        uint16_t port;
    } good[] = {
        {"[::1]:1161", "::1", "[::1]", 1161},
        {"[2001:db8::17]:65535", "2001:db8::17", "[2001:db8::17]", 65535},
        {"[::ffff:127.0.0.1]:1", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", 1},
        {"[FE80:0:0:0:0:0:0:1]:161", "FE80:0:0:0:0:0:0:1", "[FE80:0:0:0:0:0:0:1]", 161},
        {"[::]:2", "::", "[::]", 2},
        {"localhost:1161", "localhost", "localhost", 1161},
        {"127.0.0.1:7", "127.0.0.1", "127.0.0.1", 7},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *argv[] = {"snmp_manager", "get", good[i].target, "1.3"};
        mgr_args args;
        CHECK_CASE(mgr_parse_args(4, argv, &args) == MGR_ARGS_OK, good[i].target);
        CHECK_CASE(args.host_len == strlen(good[i].host), good[i].target);
        CHECK_CASE(memcmp(args.host, good[i].host, args.host_len) == 0, good[i].target);
        CHECK_CASE(args.host_typed == argv[2], good[i].target);
        CHECK_CASE(args.host_typed_len == strlen(good[i].typed), good[i].target);
        CHECK_CASE(memcmp(args.host_typed, good[i].typed, args.host_typed_len) == 0,
                   good[i].target);
        CHECK_CASE(args.port == good[i].port, good[i].target);
        CHECK_CASE(args.target == argv[2], good[i].target);
    }
}

static void test_port_outside_1_to_65535_or_not_digits_is_invalid(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"letters", {"get", "h:abc", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: abc\n" USAGE},
        {"zero", {"get", "h:0", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 0\n" USAGE},
        {"zeros", {"get", "h:0000", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 0000\n" USAGE},
        {"65536", {"get", "h:65536", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 65536\n" USAGE},
        {"huge", {"get", "h:99999999999999999999999", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 99999999999999999999999\n" USAGE},
        {"negative", {"get", "h:-5", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: -5\n" USAGE},
        {"plus sign", {"get", "h:+80", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: +80\n" USAGE},
        {"space", {"get", "h: 80", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number:  80\n" USAGE},
        {"trailing junk", {"get", "h:80x", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 80x\n" USAGE},
        {"decimal", {"get", "h:80.5", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 80.5\n" USAGE},
        {"before no oids", {"get", "h:0", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 0\n" USAGE},
        {"before set count", {"set", "h:0", "1.3", NULL}, MGR_ARGS_BAD_PORT,
         "Error: Invalid port number: 0\n" USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_get_without_oids_and_set_without_four_arguments(void **state)
{
    (void)state;
    static const args_case cases[] = {
        {"get no oids", {"get", "localhost:1161", NULL}, MGR_ARGS_NO_OIDS,
         "Error: No OIDs specified\n" USAGE},
        {"GET no oids", {"GET", "localhost:1161", NULL}, MGR_ARGS_NO_OIDS,
         "Error: No OIDs specified\n" USAGE},
        {"set two", {"set", "h:1", NULL}, MGR_ARGS_SET_COUNT, SET_COUNT_LINE USAGE},
        {"set three", {"set", "h:1", "1.3", NULL}, MGR_ARGS_SET_COUNT, SET_COUNT_LINE USAGE},
        {"set four", {"set", "h:1", "1.3", "string", NULL}, MGR_ARGS_SET_COUNT,
         SET_COUNT_LINE USAGE},
        {"set six", {"set", "h:1", "1.3", "string", "a", "b", NULL}, MGR_ARGS_SET_COUNT,
         SET_COUNT_LINE USAGE},
    };
    run_error_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_valid_get_gives_views_of_argv(void **state)
{
    (void)state;
    const char *argv[] = {"snmp_manager", "GeT", "localhost:1161", "1.3.6.1.2.1.1.5.0",
                          "1.3.6.1.2.1.1.1.0", NULL};
    mgr_args args;
    assert_int_equal(mgr_parse_args(5, argv, &args), MGR_ARGS_OK);
    assert_int_equal(args.command, MGR_CMD_GET);
    assert_ptr_equal(args.command_text, argv[1]);
    assert_ptr_equal(args.target, argv[2]);
    assert_int_equal(args.host_len, 9);
    assert_memory_equal(args.host, "localhost", 9);
    assert_string_equal(args.port_text, "1161");
    assert_int_equal(args.port, 1161);
    assert_int_equal(args.oid_count, 2);
    assert_ptr_equal(args.oids[0], argv[3]);
    assert_ptr_equal(args.oids[1], argv[4]);
    assert_null(args.type_text);
    assert_null(args.value_text);

    capture c;
    mgr_print_args_error(capture_open(&c), MGR_ARGS_OK, &args);
    assert_string_equal(capture_text(&c), "");
    capture_close(&c);
}

static void test_valid_set_and_port_boundaries(void **state)
{
    (void)state;
    static const struct {
        const char *command;
        const char *target;
        uint16_t port;
        mgr_command parsed;
    } cases[] = {
        {"set", "127.0.0.1:1", 1, MGR_CMD_SET},
        {"SET", "h:65535", 65535, MGR_CMD_SET},
        {"Set", "h:065535", 65535, MGR_CMD_SET},
        {"sEt", "router-1:1161", 1161, MGR_CMD_SET},
        {"get", "h:2", 2, MGR_CMD_GET},
        {"GET", "h:65534", 65534, MGR_CMD_GET},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *argv[] = {"snmp_manager", cases[i].command, cases[i].target, "1.3",
                              "string", "value"};
        int argc = cases[i].parsed == MGR_CMD_SET ? 6 : 4;
        mgr_args args;
        CHECK_CASE(mgr_parse_args(argc, argv, &args) == MGR_ARGS_OK, cases[i].target);
        CHECK_CASE(args.command == cases[i].parsed, cases[i].target);
        CHECK_CASE(args.port == cases[i].port, cases[i].target);
        CHECK_CASE(args.oid_count == 1, cases[i].target);
        if (cases[i].parsed == MGR_CMD_SET) {
            CHECK_CASE(args.type_text == argv[4], cases[i].target);
            CHECK_CASE(args.value_text == argv[5], cases[i].target);
        }
    }
}

static void test_usage_text_is_the_manager_md_usage(void **state)
{
    (void)state;
    capture c;
    mgr_print_usage(capture_open(&c));
    const char *out = capture_text(&c);
    assert_string_equal(out, USAGE);
    assert_false(has_binding_like_line(out));
    /* The original four lines still come first; the variable is named. */
    assert_true(strncmp(out,
                        "Usage:\n"
                        "    snmp_manager get <host:port> <oid> [<oid> ...]\n"
                        "    snmp_manager set <host:port> <oid> <type> <value>\n"
                        "Types: integer, string, counter, timeticks\n",
                        155) == 0);
    assert_non_null(strstr(out, "SNMP_MANAGER_TIMEOUT"));
    capture_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fewer_than_two_arguments_print_usage_only),
        cmocka_unit_test(test_help_options_print_usage_only),
        cmocka_unit_test(test_unknown_command_is_echoed_as_given),
        cmocka_unit_test(test_bad_host_port_is_refused_before_the_oids),
        cmocka_unit_test(test_ipv6_literals_need_brackets),
        cmocka_unit_test(test_port_outside_1_to_65535_or_not_digits_is_invalid),
        cmocka_unit_test(test_get_without_oids_and_set_without_four_arguments),
        cmocka_unit_test(test_valid_get_gives_views_of_argv),
        cmocka_unit_test(test_valid_set_and_port_boundaries),
        cmocka_unit_test(test_usage_text_is_the_manager_md_usage),
    };
    return cmocka_run_group_tests_name("manager_args", tests, NULL, NULL);
}
