/* Building the request: byte-exact encodings, invalid OIDs refused before
 * anything is sent, and the 255-OID and 65536-byte limits at their edges. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "capture.h"
#include "request.h"
#include "set_value.h"

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

/* The request is large: one per test, on the heap. */
static int setup(void **state)
{
    *state = malloc(sizeof(mgr_request));
    return *state == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static mgr_args get_args(const char *const *oids, size_t count)
{
    mgr_args args;
    memset(&args, 0, sizeof args);
    args.command = MGR_CMD_GET;
    args.oids = oids;
    args.oid_count = count;
    return args;
}

static mgr_args set_args(const char *const *oid)
{
    mgr_args args = get_args(oid, 1);
    args.command = MGR_CMD_SET;
    return args;
}

static char *error_text(mgr_request_status st, const mgr_request *req)
{
    capture c;
    mgr_print_request_error(capture_open(&c), st, req);
    return capture_finish(&c);
}

static void test_get_request_matches_the_golden_bytes(void **state)
{
    mgr_request *req = *state;
    /* PROTOCOL.md s.6: GetRequest(request_id=1234, [sysName]). */
    static const uint8_t golden[] = {0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x04, 0xd2, 0xa0, 0x01,
                                     0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00};
    const char *oids[] = {SYS_NAME};
    mgr_args args = get_args(oids, 1);
    assert_int_equal(mgr_request_start(req, &args, 1234), MGR_REQUEST_OK);
    assert_int_equal(mgr_request_pack(req, NULL), MGR_REQUEST_OK);
    assert_int_equal(req->wire_len, sizeof golden);
    assert_memory_equal(req->wire, golden, sizeof golden);
}

static void test_set_request_matches_the_golden_bytes(void **state)
{
    mgr_request *req = *state;
    /* PROTOCOL.md s.6: SetRequest(1, [(sysName, STRING, "router1")]). */
    static const uint8_t golden[] = {0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x01, 0xa3, 0x01,
                                     0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,
                                     0x04, 0x00, 0x07, 0x72, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x31};
    const char *oids[] = {SYS_NAME};
    mgr_args args = set_args(oids);
    mgr_value value;
    assert_int_equal(mgr_parse_value("STRING", "router1", &value), MGR_VALUE_OK);
    assert_int_equal(mgr_request_start(req, &args, 1), MGR_REQUEST_OK);
    assert_int_equal(mgr_request_pack(req, &value), MGR_REQUEST_OK);
    assert_int_equal(req->wire_len, sizeof golden);
    assert_memory_equal(req->wire, golden, sizeof golden);
}

static void test_set_request_carries_typed_integers(void **state)
{
    mgr_request *req = *state;
    static const struct {
        const char *type;
        const char *text;
        uint8_t tag;
        uint8_t payload[4];
    } cases[] = {
        {"integer", "-2147483648", 0x02, {0x80, 0, 0, 0}},
        {"counter", "4294967295", 0x41, {0xff, 0xff, 0xff, 0xff}},
        {"timeticks", "360000", 0x43, {0x00, 0x05, 0x7e, 0x40}},
    };
    const char *oids[] = {"1.3"};
    mgr_args args = set_args(oids);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mgr_value value;
        CHECK_CASE(mgr_parse_value(cases[i].type, cases[i].text, &value) == MGR_VALUE_OK,
                   cases[i].type);
        CHECK_CASE(mgr_request_start(req, &args, 0x01020304) == MGR_REQUEST_OK, cases[i].type);
        CHECK_CASE(mgr_request_pack(req, &value) == MGR_REQUEST_OK, cases[i].type);
        const uint8_t expected[] = {0, 0, 0, 20, 1, 2, 3, 4, 0xa3, 1, 2, 1, 3, cases[i].tag,
                                    0, 4, cases[i].payload[0], cases[i].payload[1],
                                    cases[i].payload[2], cases[i].payload[3]};
        CHECK_CASE(req->wire_len == sizeof expected, cases[i].type);
        CHECK_CASE(memcmp(req->wire, expected, sizeof expected) == 0, cases[i].type);
    }
}

static void test_invalid_oids_are_refused_with_their_text(void **state)
{
    mgr_request *req = *state;
    static const struct {
        const char *oid;
        const char *line;
    } cases[] = {
        {"", "Error: Invalid OID ''\n"},
        {"1..3", "Error: Invalid OID '1..3'\n"},
        {"1.3.", "Error: Invalid OID '1.3.'\n"},
        {".1.3", "Error: Invalid OID '.1.3'\n"},
        {"1.3.6.x", "Error: Invalid OID '1.3.6.x'\n"},
        {"1.-3", "Error: Invalid OID '1.-3'\n"},
        {"+1.3", "Error: Invalid OID '+1.3'\n"},
        {"1.256", "Error: Invalid OID '1.256'\n"},
        {"1.3.6.1.2.1.1.1000.0", "Error: Invalid OID '1.3.6.1.2.1.1.1000.0'\n"},
        {"1.3 ", "Error: Invalid OID '1.3 '\n"},
        {"abc", "Error: Invalid OID 'abc'\n"},
        {"1.3=5", "Error: Invalid OID '1.3\\x3d5'\n"},
        {"1.3\n1.3 = x", "Error: Invalid OID '1.3\\x0a1.3 \\x3d x'\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* Alone, after a valid OID, and in a set: the first bad one is named. */
        const char *alone[] = {cases[i].oid};
        const char *second[] = {SYS_NAME, cases[i].oid, "also..bad"};
        mgr_args variants[3] = {get_args(alone, 1), get_args(second, 3), set_args(alone)};
        for (size_t v = 0; v < 3; v++) {
            mgr_request_status st = mgr_request_start(req, &variants[v], 1);
            CHECK_CASE(st == MGR_REQUEST_BAD_OID, cases[i].line);
            char *out = error_text(st, req);
            CHECK_TEXT(out, cases[i].line, cases[i].line);
            CHECK_CASE(!has_binding_like_line(out), cases[i].line);
            free(out);
        }
    }
}

static void test_oid_of_255_components_ok_and_256_invalid(void **state)
{
    mgr_request *req = *state;
    static char text[257 * 4];
    for (size_t components = 254; components <= 256; components++) {
        size_t n = 0;
        for (size_t i = 0; i < components; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s7", i ? "." : "");
        const char *oids[] = {text};
        mgr_args args = get_args(oids, 1);
        mgr_request_status st = mgr_request_start(req, &args, 1);
        if (components <= 255) {
            assert_int_equal(st, MGR_REQUEST_OK);
            assert_int_equal(mgr_request_pack(req, NULL), MGR_REQUEST_OK);
            assert_int_equal(req->wire_len, 10 + 1 + components);
        } else {
            assert_int_equal(st, MGR_REQUEST_BAD_OID);
            assert_ptr_equal(req->bad_oid, text);
        }
    }
}

static void test_at_most_255_oids_per_get(void **state)
{
    mgr_request *req = *state;
    static const char *oids[257];
    for (size_t i = 0; i < 257; i++)
        oids[i] = "1.3.6.1.2.1.1.5.0";
    for (size_t count = 254; count <= 256; count++) {
        mgr_args args = get_args(oids, count);
        mgr_request_status st = mgr_request_start(req, &args, 1);
        if (count <= 255) {
            assert_int_equal(st, MGR_REQUEST_OK);
            assert_int_equal(mgr_request_pack(req, NULL), MGR_REQUEST_OK);
            assert_int_equal(req->wire_len, 10 + count * 10);
            assert_int_equal(req->wire[9], count);
        } else {
            assert_int_equal(st, MGR_REQUEST_TOO_MANY_OIDS);
            char *out = error_text(st, req);
            assert_string_equal(out, "Error: Too many OIDs (limit 255 per request)\n");
            free(out);
        }
    }
    /* A bad OID past the 255th is still reported as a bad OID. */
    oids[256] = "1..2";
    mgr_args args = get_args(oids, 257);
    assert_int_equal(mgr_request_start(req, &args, 1), MGR_REQUEST_BAD_OID);
    assert_ptr_equal(req->bad_oid, oids[256]);
}

static void test_set_request_up_to_65536_bytes(void **state)
{
    mgr_request *req = *state;
    /* OID "1" (1 byte): 10 header + 1 + 1 + 3 + value = 65536 at a value of 65521. */
    static const struct {
        size_t value_len;
        mgr_request_status status;
    } cases[] = {
        {65520, MGR_REQUEST_OK},
        {65521, MGR_REQUEST_OK},
        {65522, MGR_REQUEST_TOO_LARGE},
        {65535, MGR_REQUEST_TOO_LARGE},
    };
    const char *oids[] = {"1"};
    mgr_args args = set_args(oids);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = malloc(cases[i].value_len + 1);
        assert_non_null(text);
        memset(text, 'v', cases[i].value_len);
        text[cases[i].value_len] = '\0';
        mgr_value value;
        assert_int_equal(mgr_parse_value("string", text, &value), MGR_VALUE_OK);
        assert_int_equal(mgr_request_start(req, &args, 1), MGR_REQUEST_OK);
        mgr_request_status st = mgr_request_pack(req, &value);
        assert_int_equal(st, cases[i].status);
        if (st == MGR_REQUEST_OK) {
            assert_int_equal(req->wire_len, 15 + cases[i].value_len);
        } else {
            assert_int_equal(req->wire_len, 0);
            char *out = error_text(st, req);
            assert_string_equal(out, "Error: Request too large (limit 65536 bytes)\n");
            free(out);
        }
        free(text);
    }
}

static void test_ok_prints_nothing(void **state)
{
    mgr_request *req = *state;
    const char *oids[] = {SYS_NAME};
    mgr_args args = get_args(oids, 1);
    assert_int_equal(mgr_request_start(req, &args, 1), MGR_REQUEST_OK);
    char *out = error_text(MGR_REQUEST_OK, req);
    assert_string_equal(out, "");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_get_request_matches_the_golden_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_request_matches_the_golden_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_request_carries_typed_integers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_oids_are_refused_with_their_text, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_oid_of_255_components_ok_and_256_invalid, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_at_most_255_oids_per_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_request_up_to_65536_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ok_prints_nothing, setup, teardown),
    };
    return cmocka_run_group_tests_name("manager_request", tests, NULL, NULL);
}
