/* The lines for failures before a reply: refused, unresolved, timed out,
 * closed early, a bad size field, and any other errno; and the timeout
 * override of SNMP_MANAGER_TIMEOUT. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "capture.h"
#include "net_error.h"
#include "timeout.h"

static mgr_args target_args(const char *target)
{
    const char *argv[] = {"snmp_manager", "get", target, "1.3"};
    mgr_args args;
    assert_int_equal(mgr_parse_args(4, argv, &args), MGR_ARGS_OK);
    return args;
}

static char *net_line(mgr_net_status status, int error, uint32_t size, const char *target,
                      double timeout)
{
    mgr_args args = target_args(target);
    mgr_net_result result = {status, error, size};
    capture c;
    mgr_print_net_error(capture_open(&c), &result, &args, timeout);
    return capture_finish(&c);
}

static void test_each_failure_prints_its_line(void **state)
{
    (void)state;
    static const struct {
        mgr_net_status status;
        uint32_t size;
        const char *target;
        double timeout;
        const char *line;
    } cases[] = {
        {MGR_NET_OK, 0, "localhost:1161", 10.0, ""},
        {MGR_NET_REFUSED, 0, "localhost:1161", 10.0,
         "Error: Cannot connect to localhost:1161 - is the agent running?\n"},
        {MGR_NET_REFUSED, 0, "127.0.0.1:01161", 10.0,
         "Error: Cannot connect to 127.0.0.1:01161 - is the agent running?\n"},
        {MGR_NET_UNRESOLVED, 0, "no-such-host.invalid:1161", 10.0,
         "Error: Cannot resolve host 'no-such-host.invalid'\n"},
        {MGR_NET_UNRESOLVED, 0, "a=b.example:1161", 10.0,
         "Error: Cannot resolve host 'a\\x3db.example'\n"},
        /* The host as the user gave it, brackets included. */
        {MGR_NET_UNRESOLVED, 0, "[::1]:1161", 10.0, "Error: Cannot resolve host '[::1]'\n"},
        {MGR_NET_REFUSED, 0, "[::1]:01161", 10.0,
         "Error: Cannot connect to [::1]:01161 - is the agent running?\n"},
        {MGR_NET_TIMED_OUT, 0, "localhost:1161", 10.0,
         "Error: Request timed out after 10.0 seconds\n"},
        {MGR_NET_TIMED_OUT, 0, "localhost:1161", 0.5,
         "Error: Request timed out after 0.5 seconds\n"},
        {MGR_NET_TIMED_OUT, 0, "localhost:1161", 2.5,
         "Error: Request timed out after 2.5 seconds\n"},
        {MGR_NET_CLOSED, 0, "localhost:1161", 10.0,
         "Error: Connection closed by agent before a complete reply\n"},
        {MGR_NET_BAD_SIZE, 8, "localhost:1161", 10.0,
         "Error: Malformed reply: message size field out of range 9 to 65536 "
         "(got 8) at offset 0\n"},
        {MGR_NET_BAD_SIZE, 65537, "localhost:1161", 10.0,
         "Error: Malformed reply: message size field out of range 9 to 65536 "
         "(got 65537) at offset 0\n"},
        {MGR_NET_BAD_SIZE, 4294967295u, "localhost:1161", 10.0,
         "Error: Malformed reply: message size field out of range 9 to 65536 "
         "(got 4294967295) at offset 0\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = net_line(cases[i].status, 0, cases[i].size, cases[i].target, cases[i].timeout);
        CHECK_TEXT(out, cases[i].line, cases[i].line);
        CHECK_CASE(!has_binding_like_line(out), cases[i].line);
        free(out);
    }
}

static void test_other_errno_prints_strerror(void **state)
{
    (void)state;
    static const int errors[] = {ECONNRESET, EPIPE, ENETUNREACH, EHOSTUNREACH, ENOMEM};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        char expected[256];
        snprintf(expected, sizeof expected, "Error: %s\n", strerror(errors[i]));
        char *out = net_line(MGR_NET_SYSTEM, errors[i], 0, "h:1", 10.0);
        CHECK_TEXT(out, expected, expected);
        CHECK_CASE(!has_binding_like_line(out), expected);
        free(out);
    }
}

static void test_timeout_override_accepts_plain_decimal_seconds(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double seconds;
    } cases[] = {
        {"0.5", 0.5},
        {"2.5", 2.5},
        {"1", 1.0},
        {"30", 30.0},
        {"0.001", 0.001},
        {"0.25", 0.25},
        {"007", 7.0},
        {"86400", 86400.0},
        {"86399.999", 86399.999},
        {"86400.000", 86400.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double seconds = -1.0;
        CHECK_CASE(mgr_timeout_parse(cases[i].text, &seconds), cases[i].text);
        CHECK_CASE(seconds == cases[i].seconds, cases[i].text);
    }
    double seconds = -1.0;
    assert_true(mgr_timeout_parse(NULL, &seconds));
    assert_true(seconds == MGR_DEFAULT_TIMEOUT_SECONDS);
    assert_true(seconds == 10.0);
}

static void test_invalid_timeout_override_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "0", "0.0", "0.000", "0.0001", "-1", "+1", " 1", "1 ", "1.", ".5", "1..2", "1.2.3",
        "abc", "1e3", "1e9x", "inf", "nan", "0x10", "86400.001", "86401", "99999999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double seconds = -1.0;
        CHECK_CASE(!mgr_timeout_parse(bad[i], &seconds), bad[i]);
        CHECK_CASE(seconds == -1.0, bad[i]);
    }
}

static void test_invalid_timeout_override_prints_error_then_usage(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *line;
    } cases[] = {
        {"abc", "Error: Invalid SNMP_MANAGER_TIMEOUT 'abc': seconds above 0, at most 86400, up to 3 "
                "decimals\n"},
        {"", "Error: Invalid SNMP_MANAGER_TIMEOUT '': seconds above 0, at most 86400, up to 3 "
             "decimals\n"},
        /* Echoed like any user text: no second line, no '=' next to a '.'. */
        {"1\n1.3 = x", "Error: Invalid SNMP_MANAGER_TIMEOUT '1\\x0a1.3 \\x3d x': seconds above 0, "
                       "at most 86400, up to 3 decimals\n"},
    };
    capture u;
    mgr_print_usage(capture_open(&u));
    const char *usage = capture_text(&u);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        capture c;
        mgr_print_timeout_error(capture_open(&c), cases[i].text);
        const char *out = capture_text(&c);
        size_t line_len = strlen(cases[i].line);
        CHECK_CASE(strncmp(out, cases[i].line, line_len) == 0, cases[i].text);
        CHECK_TEXT(out + line_len, usage, cases[i].text);
        CHECK_CASE(!has_binding_like_line(out), cases[i].text);
        capture_close(&c);
    }
    capture_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_failure_prints_its_line),
        cmocka_unit_test(test_other_errno_prints_strerror),
        cmocka_unit_test(test_timeout_override_accepts_plain_decimal_seconds),
        cmocka_unit_test(test_invalid_timeout_override_is_refused),
        cmocka_unit_test(test_invalid_timeout_override_prints_error_then_usage),
    };
    return cmocka_run_group_tests_name("manager_net_error", tests, NULL, NULL);
}
