/* Result lines from the agent's reply: the order of the checks (pdu type,
 * strict decoding, request id, error code), every error-code line, and the
 * binding lines of get and set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "reply.h"
#include "snmp/oid.h"
#include "snmp/value.h"
#include "text.h"

/* ---- a small GetResponse builder ---------------------------------------- */

typedef struct builder {
    uint8_t buf[1024];
    size_t len;
} builder;

static void b_u8(builder *b, unsigned v)
{
    assert_true(b->len < sizeof b->buf);
    b->buf[b->len++] = (uint8_t)v;
}

static void b_u16(builder *b, unsigned v)
{
    b_u8(b, (v >> 8) & 0xffu);
    b_u8(b, v & 0xffu);
}

static void b_u32(builder *b, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        b_u8(b, (v >> shift) & 0xffu);
}

static void b_bytes(builder *b, const void *p, size_t n)
{
    assert_true(n <= sizeof b->buf - b->len);
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

/* Header of any message: size placeholder, request_id, pdu_type. */
static void b_header(builder *b, uint32_t request_id, uint8_t pdu_type)
{
    b->len = 0;
    b_u32(b, 0);
    b_u32(b, request_id);
    b_u8(b, pdu_type);
}

static void b_response(builder *b, uint32_t request_id, uint8_t error_code, uint8_t count)
{
    b_header(b, request_id, SNMP_PDU_GET_RESPONSE);
    b_u8(b, error_code);
    b_u8(b, count);
}

static void b_binding(builder *b, const char *oid_text, uint8_t type, const void *value,
                      size_t value_len)
{
    uint8_t oid[255];
    size_t oid_len;
    assert_int_equal(snmp_oid_from_text(oid_text, strlen(oid_text), oid, sizeof oid, &oid_len),
                     SNMP_OK);
    b_u8(b, (unsigned)oid_len);
    b_bytes(b, oid, oid_len);
    b_u8(b, type);
    b_u16(b, (unsigned)value_len);
    b_bytes(b, value, value_len);
}

static void b_binding_u32(builder *b, const char *oid_text, uint8_t type, uint32_t v)
{
    uint8_t payload[4];
    snmp_value_put_u32(payload, v);
    b_binding(b, oid_text, type, payload, 4);
}

/* Patches total_size with the length so far. */
static void b_finish(builder *b)
{
    uint32_t n = (uint32_t)b->len;
    b->buf[0] = (uint8_t)(n >> 24);
    b->buf[1] = (uint8_t)(n >> 16);
    b->buf[2] = (uint8_t)(n >> 8);
    b->buf[3] = (uint8_t)n;
}

/* Prints the result of reply[0 .. len) from an exact-size heap copy, so that
 * ASan catches any read past the end. Returns the captured text (caller frees). */
static char *render(const uint8_t *reply, size_t len, uint32_t sent_id, mgr_command command)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    assert_non_null(copy);
    if (len > 0)
        memcpy(copy, reply, len);
    capture c;
    mgr_print_reply(capture_open(&c), copy, len, sent_id, command);
    char *text = capture_finish(&c);
    free(copy);
    return text;
}

static void expect_reply(const builder *b, uint32_t sent_id, mgr_command command,
                         const char *expected, const char *name)
{
    char *out = render(b->buf, b->len, sent_id, command);
    CHECK_TEXT(out, expected, name);
    free(out);
}

#define SYS_NAME "1.3.6.1.2.1.1.5.0"

/* ---- success ------------------------------------------------------------ */

static void test_golden_get_response_prints_one_binding_line(void **state)
{
    (void)state;
    /* PROTOCOL.md s.6: GetResponse(1234, SUCCESS, [(sysName, STRING, "test")]). */
    static const uint8_t golden[] = {0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x04, 0xd2, 0xa1, 0x00,
                                     0x01, 0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05,
                                     0x00, 0x04, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74};
    char *out = render(golden, sizeof golden, 1234, MGR_CMD_GET);
    assert_string_equal(out, SYS_NAME " = test\n");
    free(out);
    out = render(golden, sizeof golden, 1234, MGR_CMD_SET);
    assert_string_equal(out, "Set operation successful:\n" SYS_NAME " = test\n");
    free(out);
}

static void test_every_type_prints_in_agent_order(void **state)
{
    (void)state;
    builder b;
    b_response(&b, 77, 0, 7);
    b_binding(&b, "1.3.6.1.2.1.1.1.0", SNMP_TYPE_STRING, "Router Model X2000", 18);
    b_binding_u32(&b, "1.3.6.1.2.1.1.3.0", SNMP_TYPE_TIMETICKS, 4321);
    b_binding_u32(&b, "1.3.6.1.2.1.1.7.0", SNMP_TYPE_INTEGER, 72);
    b_binding_u32(&b, "1.3.6.1.2.1.6.4.0", SNMP_TYPE_INTEGER, 0xffffffffu);
    b_binding_u32(&b, "1.3.6.1.2.1.2.2.1.10.1", SNMP_TYPE_COUNTER, 1234567);
    b_binding(&b, "1.3.6.1.2.1.1.4.0", SNMP_TYPE_STRING, "", 0);
    b_binding(&b, "1.3.6.1.2.1.1.2.0", SNMP_TYPE_STRING, "1.3.6.1.4.1.9.1.1234", 20);
    b_finish(&b);
    expect_reply(&b, 77, MGR_CMD_GET,
                 "1.3.6.1.2.1.1.1.0 = Router Model X2000\n"
                 "1.3.6.1.2.1.1.3.0 = 4321 (43.21 seconds)\n"
                 "1.3.6.1.2.1.1.7.0 = 72\n"
                 "1.3.6.1.2.1.6.4.0 = -1\n"
                 "1.3.6.1.2.1.2.2.1.10.1 = 1,234,567\n"
                 "1.3.6.1.2.1.1.4.0 = \n"
                 "1.3.6.1.2.1.1.2.0 = 1.3.6.1.4.1.9.1.1234\n",
                 "all types");
}

static void test_string_values_print_as_they_are(void **state)
{
    (void)state;
    builder b;
    /* UTF-8, an embedded " = ", a backslash and "\x" text all go out unchanged:
     * only control bytes are escaped. */
    static const char value[] = "h\xc3\xa9llo = w\xe2\x82\xac \\x41 \xc2\xa0\xc2\xbf\xc3\x80";
    b_response(&b, 5, 0, 1);
    b_binding(&b, SYS_NAME, SNMP_TYPE_STRING, value, sizeof value - 1);
    b_finish(&b);
    expect_reply(&b, 5, MGR_CMD_GET,
                 SYS_NAME " = h\xc3\xa9llo = w\xe2\x82\xac \\x41 \xc2\xa0\xc2\xbf\xc3\x80\n",
                 "printable UTF-8");
}

/* Renders one STRING binding of value[0 .. len) as get and as set. */
static void expect_string_value(const char *value, size_t len, const char *shown, const char *name)
{
    builder b;
    b_response(&b, 6, 0, 1);
    b_binding(&b, SYS_NAME, SNMP_TYPE_STRING, value, len);
    b_finish(&b);
    char expected[512];
    snprintf(expected, sizeof expected, SYS_NAME " = %s\n", shown);
    char *out = render(b.buf, b.len, 6, MGR_CMD_GET);
    CHECK_TEXT(out, expected, name);
    /* One binding, one line: the only newline is the last byte. */
    CHECK_CASE(strchr(out, '\n') == out + strlen(out) - 1, name);
    free(out);
    snprintf(expected, sizeof expected, "Set operation successful:\n" SYS_NAME " = %s\n", shown);
    out = render(b.buf, b.len, 6, MGR_CMD_SET);
    CHECK_TEXT(out, expected, name);
    free(out);
}

static void test_control_bytes_in_values_print_as_hex_escapes(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *value;
        size_t len;
        const char *shown;
    } cases[] = {
        {"newline forging a binding", "a\nb=c.d", 7, "a\\x0ab=c.d"},
        {"carriage return", "ok\rfake", 7, "ok\\x0dfake"},
        {"ESC colour sequence", "\x1b[31mred\x1b[0m", 12, "\\x1b[31mred\\x1b[0m"},
        {"ESC title sequence", "\x1b]0;owned\x07", 10, "\\x1b]0;owned\\x07"},
        {"tab", "a\tb", 3, "a\\x09b"},
        {"NUL", "a\0b", 3, "a\\x00b"},
        {"only NUL", "\0", 1, "\\x00"},
        {"0x01 and 0x1f", "\x01\x1f", 2, "\\x01\\x1f"},
        {"space is not a control", " ", 1, " "},
        {"DEL", "x\x7fy", 3, "x\\x7fy"},
        {"C1 first, U+0080", "\xc2\x80", 2, "\\xc2\\x80"},
        {"C1 CSI, U+009B", "\xc2\x9b" "31m", 5, "\\xc2\\x9b31m"},
        {"C1 last, U+009F", "a\xc2\x9f", 3, "a\\xc2\\x9f"},
        {"U+00A0 after C1 is printable", "\xc2\xa0", 2, "\xc2\xa0"},
        {"U+007F then U+0080", "\x7f\xc2\x80", 3, "\\x7f\\xc2\\x80"},
        {"C2 ending a multibyte char is not C1", "\xe0\xa0\x80", 3, "\xe0\xa0\x80"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_string_value(cases[i].value, cases[i].len, cases[i].shown, cases[i].name);
}

static void test_every_control_byte_is_escaped(void **state)
{
    (void)state;
    /* Each C0 byte and DEL alone in a value, lower-case hex. */
    for (unsigned c = 0; c <= 0x7f; c++) {
        if (c >= 0x20 && c != 0x7f)
            continue;
        char value[1] = {(char)c};
        char shown[8];
        snprintf(shown, sizeof shown, "\\x%02x", c);
        expect_string_value(value, 1, shown, shown);
    }
    /* Each C1 control, both of its bytes. */
    for (unsigned c = 0x80; c <= 0x9f; c++) {
        char value[2] = {(char)0xc2, (char)c};
        char shown[16];
        snprintf(shown, sizeof shown, "\\xc2\\x%02x", c);
        expect_string_value(value, 2, shown, shown);
    }
}

static void test_value_printer_never_reads_past_a_lone_c2(void **state)
{
    (void)state;
    /* mgr_print_value_text is also given raw bytes: a C2 at the very end is
     * printed as is (it is not a C1 control without its second byte). */
    uint8_t *lone = malloc(2);
    assert_non_null(lone);
    lone[0] = 'a';
    lone[1] = 0xc2;
    capture c;
    mgr_print_value_text(capture_open(&c), lone, 2);
    capture_text(&c);
    assert_int_equal(c.len, 2);
    assert_memory_equal(c.text, "a\xc2", 2);
    capture_close(&c);
    mgr_print_value_text(capture_open(&c), lone, 0);
    assert_string_equal(capture_text(&c), "");
    capture_close(&c);
    free(lone);
}

static void test_success_without_bindings(void **state)
{
    (void)state;
    builder b;
    b_response(&b, 9, 0, 0);
    b_finish(&b);
    expect_reply(&b, 9, MGR_CMD_SET, "Set operation successful:\n", "empty set");
    expect_reply(&b, 9, MGR_CMD_GET, "", "empty get");
}

static void test_a_255_component_oid_prints_whole(void **state)
{
    (void)state;
    char oid_text[255 * 4];
    size_t n = 0;
    for (int i = 0; i < 255; i++)
        n += (size_t)snprintf(oid_text + n, sizeof oid_text - n, "%s255", i ? "." : "");
    builder b;
    b_response(&b, 1, 0, 1);
    b_binding_u32(&b, oid_text, SNMP_TYPE_COUNTER, 1000);
    b_finish(&b);
    char expected[255 * 4 + 16];
    snprintf(expected, sizeof expected, "%s = 1,000\n", oid_text);
    expect_reply(&b, 1, MGR_CMD_GET, expected, "255 components");
}

/* ---- agent errors --------------------------------------------------------- */

static void test_error_codes_print_their_lines(void **state)
{
    (void)state;
    static const struct {
        uint8_t code;
        const char *line;
    } cases[] = {
        {1, "Error: No such OID exists\n"},
        {2, "Error: Bad value for OID type\n"},
        {3, "Error: OID is read-only\n"},
        {4, "Error: Response too big\n"},
        {5, "Error: Unknown error (5)\n"},
        {7, "Error: Unknown error (7)\n"},
        {128, "Error: Unknown error (128)\n"},
        {255, "Error: Unknown error (255)\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        builder b;
        b_response(&b, 4242, cases[i].code, 0);
        b_finish(&b);
        expect_reply(&b, 4242, MGR_CMD_GET, cases[i].line, cases[i].line);
        expect_reply(&b, 4242, MGR_CMD_SET, cases[i].line, cases[i].line);

        capture c;
        mgr_print_agent_error(capture_open(&c), cases[i].code);
        CHECK_TEXT(capture_text(&c), cases[i].line, cases[i].line);
        capture_close(&c);
    }
}

static void test_golden_no_such_oid_reply(void **state)
{
    (void)state;
    static const uint8_t golden[] = {0x00, 0x00, 0x00, 0x0b, 0x00, 0x00,
                                     0x00, 0x07, 0xa1, 0x01, 0x00};
    char *out = render(golden, sizeof golden, 7, MGR_CMD_GET);
    assert_string_equal(out, "Error: No such OID exists\n");
    free(out);
}

static void test_error_code_with_bindings_is_still_an_error(void **state)
{
    (void)state;
    /* Well-formed on the wire; an unknown code is never taken for success. */
    builder b;
    b_response(&b, 3, 7, 1);
    b_binding(&b, SYS_NAME, SNMP_TYPE_STRING, "x", 1);
    b_finish(&b);
    expect_reply(&b, 3, MGR_CMD_GET, "Error: Unknown error (7)\n", "code 7 with a binding");
}

/* ---- the order of the checks ---------------------------------------------- */

static void test_request_id_mismatch_comes_before_the_error_code(void **state)
{
    (void)state;
    builder b;
    b_response(&b, 1235, 0, 1);
    b_binding(&b, SYS_NAME, SNMP_TYPE_STRING, "x", 1);
    b_finish(&b);
    expect_reply(&b, 1234, MGR_CMD_GET, "Error: Request ID mismatch - sent 1234, received 1235\n",
                 "success, other id");
    b_response(&b, 4294967295u, 1, 0);
    b_finish(&b);
    expect_reply(&b, 10000, MGR_CMD_SET,
                 "Error: Request ID mismatch - sent 10000, received 4294967295\n",
                 "error code, other id");
}

static void test_other_pdu_types_are_named_before_decoding(void **state)
{
    (void)state;
    static const struct {
        uint8_t pdu;
        const char *line;
    } cases[] = {
        {0xA0, "Error: Expected GetResponse, got GetRequest\n"},
        {0xA3, "Error: Expected GetResponse, got SetRequest\n"},
        {0xA2, "Error: Expected GetResponse, got unknown PDU type 0xA2\n"},
        {0x00, "Error: Expected GetResponse, got unknown PDU type 0x00\n"},
        {0xFF, "Error: Expected GetResponse, got unknown PDU type 0xFF\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        builder b;
        /* Another id and a body that would not decode: the type is reported first. */
        b_header(&b, 99, cases[i].pdu);
        b_u8(&b, 5);
        b_finish(&b);
        expect_reply(&b, 1, MGR_CMD_GET, cases[i].line, cases[i].line);
    }
    /* The manager's own GetRequest echoed back (PROTOCOL.md s.6). */
    static const uint8_t echo[] = {0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x04, 0xd2, 0xa0, 0x01,
                                   0x09, 0x01, 0x03, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00};
    char *out = render(echo, sizeof echo, 1234, MGR_CMD_GET);
    assert_string_equal(out, "Error: Expected GetResponse, got GetRequest\n");
    free(out);
}

/* Every malformed reply prints the core's reason for it, exactly (issue 9):
 * offsets count from the first byte of the reply. */
static void test_malformed_replies_print_the_core_reason(void **state)
{
    (void)state;
    static const char prefix[] = "Error: Malformed reply: ";
    builder cases[10];
    const char *want[10];
    size_t n = 0;

    want[n] = "trailing bytes after the last binding at offset 11";
    b_response(&cases[n], 1, 0, 0);
    b_u8(&cases[n], 0x55);
    b_finish(&cases[n++]);

    /* header 11, oid_len 1 + 9, type at 21, value_len 22, value at 24 */
    want[n] = "string not valid UTF-8 (byte 0xff) at offset 24";
    b_response(&cases[n], 1, 0, 1);
    b_binding(&cases[n], SYS_NAME, SNMP_TYPE_STRING, "\xff\xfe", 2);
    b_finish(&cases[n++]);

    want[n] = "integer value length 3 not 4 at offset 22";
    b_response(&cases[n], 1, 0, 1);
    b_binding(&cases[n], SYS_NAME, SNMP_TYPE_INTEGER, "\x00\x00\x01", 3);
    b_finish(&cases[n++]);

    want[n] = "value type 0x05 unknown at offset 21";
    b_response(&cases[n], 1, 0, 1);
    b_binding(&cases[n], SYS_NAME, 0x05, "", 0);
    b_finish(&cases[n++]);

    want[n] = "count 2 goes past the end at offset 10";
    b_response(&cases[n], 1, 0, 2);
    b_binding(&cases[n], SYS_NAME, SNMP_TYPE_STRING, "x", 1);
    b_finish(&cases[n++]);

    want[n] = "value length 200 past the end at offset 14";
    b_response(&cases[n], 1, 0, 1);
    b_u8(&cases[n], 1);
    b_u8(&cases[n], 1);
    b_u8(&cases[n], SNMP_TYPE_STRING);
    b_u16(&cases[n], 200);
    b_finish(&cases[n++]);

    want[n] = "message of 10 bytes too short for a response header and count at offset 0";
    b_header(&cases[n], 1, SNMP_PDU_GET_RESPONSE);
    b_u8(&cases[n], 0);
    b_finish(&cases[n++]);

    want[n] = "message of 9 bytes too short for a response header and count at offset 0";
    b_header(&cases[n], 1, SNMP_PDU_GET_RESPONSE);
    b_finish(&cases[n++]);

    want[n] = "message size field 12 differs from the bytes given at offset 0";
    b_response(&cases[n], 1, 0, 0);
    b_finish(&cases[n]);
    cases[n++].buf[3] = 12;

    for (size_t i = 0; i < n; i++) {
        /* Also with a wrong request id: decoding comes first. */
        char *out = render(cases[i].buf, cases[i].len, 2, MGR_CMD_GET);
        char line[160];
        snprintf(line, sizeof line, "%s%s\n", prefix, want[i]);
        CHECK_TEXT(out, line, want[i]);
        CHECK_CASE(strchr(out, '=') == NULL, want[i]);
        free(out);
    }
}

/* Too short for a pdu_type: the decoder's reason, the size field's first. */
static void test_too_short_reply_is_malformed(void **state)
{
    (void)state;
    static const uint8_t eight[] = {0, 0, 0, 8, 0, 0, 0, 1};
    for (size_t len = 0; len <= sizeof eight; len++) {
        char *out = render(eight, len, 1, MGR_CMD_GET);
        char want[160];
        if (len < 4) {
            snprintf(want, sizeof want,
                     "Error: Malformed reply: message of %zu bytes too short for its size field "
                     "at offset 0\n",
                     len);
        } else {
            snprintf(want, sizeof want,
                     "Error: Malformed reply: message size field out of range 9 to 65536 "
                     "(got 8) at offset 0\n");
        }
        assert_string_equal(out, want);
        free(out);
    }
}

static void test_no_error_line_looks_like_a_binding(void **state)
{
    (void)state;
    for (unsigned code = 1; code < 256; code++) {
        capture c;
        mgr_print_agent_error(capture_open(&c), (uint8_t)code);
        assert_false(has_binding_like_line(capture_text(&c)));
        capture_close(&c);
    }
    builder b;
    b_response(&b, 1, 0, 0);
    b_u8(&b, 0x55);
    b_finish(&b);
    char *out = render(b.buf, b.len, 1, MGR_CMD_GET);
    assert_false(has_binding_like_line(out));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_get_response_prints_one_binding_line),
        cmocka_unit_test(test_every_type_prints_in_agent_order),
        cmocka_unit_test(test_string_values_print_as_they_are),
        cmocka_unit_test(test_control_bytes_in_values_print_as_hex_escapes),
        cmocka_unit_test(test_every_control_byte_is_escaped),
        cmocka_unit_test(test_value_printer_never_reads_past_a_lone_c2),
        cmocka_unit_test(test_success_without_bindings),
        cmocka_unit_test(test_a_255_component_oid_prints_whole),
        cmocka_unit_test(test_error_codes_print_their_lines),
        cmocka_unit_test(test_golden_no_such_oid_reply),
        cmocka_unit_test(test_error_code_with_bindings_is_still_an_error),
        cmocka_unit_test(test_request_id_mismatch_comes_before_the_error_code),
        cmocka_unit_test(test_other_pdu_types_are_named_before_decoding),
        cmocka_unit_test(test_malformed_replies_print_the_core_reason),
        cmocka_unit_test(test_too_short_reply_is_malformed),
        cmocka_unit_test(test_no_error_line_looks_like_a_binding),
    };
    return cmocka_run_group_tests_name("manager_reply", tests, NULL, NULL);
}
