/*
 * Writes the seed corpora: corpus/<target>/seed-*.bin. Run it again after
 * changing it (ci/fuzz --seeds does); the files are committed, so a fresh
 * clone has them without building this.
 *
 *   snmp_make_seeds <corpus directory>
 *
 * Seeds: the golden vectors of PROTOCOL.md s.6 (as corpus/msg_unpack holds
 * them), one file per refusal rule of s.4, boundary sizes (9, 10, 11 and
 * 65536 bytes), a request with 255 OIDs, and 255-byte strings. Messages are
 * built with the core's own encoder, so a valid seed is valid by
 * construction, and broken ones are broken in exactly one way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "snmp/message.h"
#include "snmp/oid.h"

static const char *corpus_dir;
static snmp_message msg;
static uint8_t buf[2 * SNMP_MAX_MESSAGE_SIZE];

static const uint8_t sys_descr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
static const uint8_t sys_uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
static const uint8_t sys_contact[] = {1, 3, 6, 1, 2, 1, 1, 4, 0};
static const uint8_t sys_name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
static const uint8_t if_alias_1[] = {1, 3, 6, 1, 2, 1, 2, 2, 1, 18, 1};
static const uint8_t no_such[] = {1, 3, 6, 1, 2, 1, 1, 99, 0};

static void die(const char *what)
{
    fprintf(stderr, "snmp_make_seeds: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void write_seed(const char *target, const char *name, const uint8_t *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", corpus_dir, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        die(path);
    snprintf(path, sizeof path, "%s/%s/seed-%s.bin", corpus_dir, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die(path);
}

static void start(uint8_t pdu, uint32_t request_id)
{
    memset(&msg, 0, sizeof msg);
    msg.pdu_type = pdu;
    msg.request_id = request_id;
}

static void add(const uint8_t *oid, size_t oid_len, uint8_t type, const void *value,
                size_t value_len)
{
    snmp_binding *b = &msg.bindings[msg.count++];
    b->oid = oid;
    b->oid_len = (uint8_t)oid_len;
    b->type = type;
    b->value = value;
    b->value_len = (uint16_t)value_len;
}

static size_t pack(void)
{
    size_t len;
    if (snmp_msg_pack(&msg, buf, sizeof buf, &len) != SNMP_OK) {
        fprintf(stderr, "snmp_make_seeds: a seed did not encode\n");
        exit(1);
    }
    return len;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A stream of messages, kept for the framer and handle targets. */
static uint8_t stream[8 * SNMP_MAX_MESSAGE_SIZE];
static size_t stream_len;

static void stream_add(const uint8_t *data, size_t len)
{
    if (len > sizeof stream - stream_len) {
        fprintf(stderr, "snmp_make_seeds: stream too long\n");
        exit(1);
    }
    memcpy(stream + stream_len, data, len);
    stream_len += len;
}

/* framer input: 4 bytes of chunking seed, then the stream. */
static void write_framer_seed(const char *name, uint32_t chunk_seed)
{
    static uint8_t out[sizeof stream + 4];
    put_u32(out, chunk_seed);
    memcpy(out + 4, stream, stream_len);
    write_seed("framer", name, out, stream_len + 4);
}

/* handle input: 8 bytes of "now", 4 bytes of chunking seed, then the stream. */
static void write_handle_seed(const char *name, uint64_t now, uint32_t chunk_seed)
{
    static uint8_t out[sizeof stream + 12];
    put_u32(out, (uint32_t)(now >> 32));
    put_u32(out + 4, (uint32_t)now);
    put_u32(out + 8, chunk_seed);
    memcpy(out + 12, stream, stream_len);
    write_seed("handle", name, out, stream_len + 12);
}

static void write_msg_and_streams(const char *name)
{
    size_t len = pack();
    write_seed("msg_unpack", name, buf, len);
    stream_len = 0;
    stream_add(buf, len);
    write_framer_seed(name, 0x01020304u);
    if (msg.pdu_type != SNMP_PDU_GET_RESPONSE)
        write_handle_seed(name, 4321, 0x0a0b0c0du);
}

/* A valid message, then one change that breaks exactly one rule of s.4. */
static void refusal(const char *name, size_t len)
{
    write_seed("msg_unpack", name, buf, len);
}

static void refusal_seeds(void)
{
    static const char router1[] = "router1";
    size_t len;

    /* total_size below 9: an 8-byte message that says 8. */
    memset(buf, 0, 8);
    put_u32(buf, 8);
    refusal("refuse-size-below-9", 8);

    /* total_size above 65536: the field says 65537. */
    start(SNMP_PDU_GET_REQUEST, 1);
    add(sys_name, sizeof sys_name, 0, NULL, 0);
    len = pack();
    put_u32(buf, 65537);
    refusal("refuse-size-above-65536", len);

    /* total_size differs from the bytes handed over, both ways. */
    len = pack();
    buf[len] = 0;
    refusal("refuse-size-less-than-bytes", len + 1);
    put_u32(buf, (uint32_t)len + 1);
    refusal("refuse-size-more-than-bytes", len);

    /* Too short for header and count: 9-byte request, 10-byte response. */
    memset(buf, 0, 16);
    put_u32(buf, 9);
    buf[8] = SNMP_PDU_GET_REQUEST;
    refusal("refuse-request-shorter-than-10", 9);
    put_u32(buf, 10);
    buf[8] = SNMP_PDU_GET_RESPONSE;
    refusal("refuse-response-shorter-than-11", 10);

    /* Unknown pdu_type. */
    start(SNMP_PDU_GET_REQUEST, 2);
    add(sys_name, sizeof sys_name, 0, NULL, 0);
    len = pack();
    buf[8] = 0xA2;
    refusal("refuse-unknown-pdu-type", len);

    /* An OID length past the end. */
    len = pack();
    buf[10] = 0x20;
    refusal("refuse-oid-length-past-end", len);

    /* A value length past the end. */
    start(SNMP_PDU_SET_REQUEST, 3);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, router1, strlen(router1));
    len = pack();
    buf[len - strlen(router1) - 1] = 0x40;
    refusal("refuse-value-length-past-end", len);

    /* Bytes left over after the last binding. */
    len = pack();
    buf[len] = 0x00;
    put_u32(buf, (uint32_t)len + 1);
    refusal("refuse-trailing-bytes", len + 1);

    /* count claims more bindings than there are. */
    len = pack();
    buf[9] = 2;
    refusal("refuse-count-beyond-bindings", len);

    /* Integer-typed value of length 3, and of length 5. */
    static const uint8_t three[3] = {0, 0, 1};
    start(SNMP_PDU_SET_REQUEST, 4);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, three, 3);
    len = pack();
    buf[10 + 1 + sizeof sys_name] = SNMP_TYPE_INTEGER;
    refusal("refuse-integer-length-3", len);
    static const uint8_t five[5] = {0, 0, 0, 0, 1};
    start(SNMP_PDU_SET_REQUEST, 4);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, five, 5);
    len = pack();
    buf[10 + 1 + sizeof sys_name] = SNMP_TYPE_COUNTER;
    refusal("refuse-counter-length-5", len);

    /* Unknown type tag. */
    start(SNMP_PDU_SET_REQUEST, 5);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, router1, strlen(router1));
    len = pack();
    buf[10 + 1 + sizeof sys_name] = 0x05;
    refusal("refuse-unknown-type-tag", len);

    /* A STRING that is not UTF-8 (an overlong NUL). */
    static const uint8_t ascii2[2] = {'h', 'i'};
    start(SNMP_PDU_SET_REQUEST, 6);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, ascii2, 2);
    len = pack();
    buf[len - 2] = 0xC0;
    buf[len - 1] = 0x80;
    refusal("refuse-string-not-utf8", len);

    /* A GetResponse inside a GetResponse-sized frame but with a bad value. */
    start(SNMP_PDU_GET_RESPONSE, 7);
    add(sys_uptime, sizeof sys_uptime, SNMP_TYPE_STRING, three, 3);
    len = pack();
    buf[11 + 1 + sizeof sys_uptime] = SNMP_TYPE_TIMETICKS;
    refusal("refuse-response-timeticks-length-3", len);
}

static void valid_seeds(void)
{
    static uint8_t text255[255], text256[256], big[SNMP_MAX_MESSAGE_SIZE];
    memset(text255, 'a', sizeof text255);
    memset(text256, 'b', sizeof text256);
    static const uint8_t answer42[4] = {0, 0, 0, 42};

    /* Boundary sizes: 10 (empty GetRequest), 11 (empty GetResponse). */
    start(SNMP_PDU_GET_REQUEST, 0);
    write_msg_and_streams("size-10-empty-get");
    start(SNMP_PDU_GET_RESPONSE, 7);
    msg.error_code = SNMP_ERR_NO_SUCH_OID;
    write_msg_and_streams("size-11-empty-response");
    /* A response with an error code nobody knows is still well-formed. */
    msg.error_code = 9;
    write_msg_and_streams("response-unknown-error-9");

    /* 255 OIDs (all sysName), and 255 OIDs with one unknown at the end. */
    start(SNMP_PDU_GET_REQUEST, 255);
    for (int i = 0; i < SNMP_MAX_BINDINGS; i++)
        add(sys_name, sizeof sys_name, 0, NULL, 0);
    write_msg_and_streams("get-255-oids");
    msg.bindings[254].oid = no_such;
    write_msg_and_streams("get-255-oids-last-unknown");

    /* 255-byte strings: allowed; 256: BAD_VALUE. */
    start(SNMP_PDU_SET_REQUEST, 10);
    add(sys_contact, sizeof sys_contact, SNMP_TYPE_STRING, text255, sizeof text255);
    add(if_alias_1, sizeof if_alias_1, SNMP_TYPE_STRING, text255, sizeof text255);
    write_msg_and_streams("set-255-byte-strings");
    start(SNMP_PDU_SET_REQUEST, 11);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, text256, sizeof text256);
    write_msg_and_streams("set-256-byte-string");

    /* SET refusals: read-only, wrong type, unknown; and a repeated OID. */
    start(SNMP_PDU_SET_REQUEST, 12);
    add(sys_descr, sizeof sys_descr, SNMP_TYPE_STRING, "x", 1);
    write_msg_and_streams("set-read-only");
    start(SNMP_PDU_SET_REQUEST, 13);
    add(sys_name, sizeof sys_name, SNMP_TYPE_INTEGER, answer42, 4);
    write_msg_and_streams("set-wrong-type");
    start(SNMP_PDU_SET_REQUEST, 14);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, "first", 5);
    add(no_such, sizeof no_such, SNMP_TYPE_STRING, "x", 1);
    write_msg_and_streams("set-second-binding-unknown");
    start(SNMP_PDU_SET_REQUEST, 15);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, "first", 5);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, "last", 4);
    write_msg_and_streams("set-repeated-oid");

    /* A SetRequest of exactly 65536 bytes: its echo would be 65537 (TOO_BIG),
     * and the same with one byte less, which succeeds. Each binding of
     * sysName costs 13 bytes plus its value; 255 of them leave 62211 value
     * bytes = 255 * 243 + 246, all within the 255-byte limit. */
    start(SNMP_PDU_SET_REQUEST, 16);
    memset(big, 'z', sizeof big);
    size_t per = 1 + sizeof sys_name + 3;
    size_t values = SNMP_MAX_MESSAGE_SIZE - SNMP_REQUEST_HEADER_SIZE - SNMP_MAX_BINDINGS * per;
    for (size_t i = 0; i < SNMP_MAX_BINDINGS; i++) {
        size_t value = values / SNMP_MAX_BINDINGS + (i < values % SNMP_MAX_BINDINGS ? 1 : 0);
        add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, big, value);
    }
    write_msg_and_streams("size-65536-set-too-big");
    msg.bindings[254].value_len--;
    write_msg_and_streams("size-65535-set");

    /* A 65536-byte GetResponse. */
    start(SNMP_PDU_GET_RESPONSE, 17);
    add(sys_descr, sizeof sys_descr, SNMP_TYPE_STRING, big,
        SNMP_MAX_MESSAGE_SIZE - SNMP_RESPONSE_HEADER_SIZE - (1 + sizeof sys_descr + 3));
    write_msg_and_streams("size-65536-response");

    /* Framer boundaries: a size field of exactly 9 (refused later by the
     * decoder, but a whole frame), and a stream of several messages. */
    memset(buf, 0, 9);
    put_u32(buf, 9);
    buf[8] = SNMP_PDU_GET_REQUEST;
    stream_len = 0;
    stream_add(buf, 9);
    write_framer_seed("size-9-frame", 7);
    write_seed("msg_unpack", "size-9-refused", buf, 9);

    stream_len = 0;
    start(SNMP_PDU_GET_REQUEST, 20);
    add(sys_name, sizeof sys_name, 0, NULL, 0);
    add(sys_uptime, sizeof sys_uptime, 0, NULL, 0);
    size_t len = pack();
    stream_add(buf, len);
    start(SNMP_PDU_SET_REQUEST, 21);
    add(sys_name, sizeof sys_name, SNMP_TYPE_STRING, "pipelined", 9);
    len = pack();
    stream_add(buf, len);
    start(SNMP_PDU_GET_REQUEST, 22);
    add(sys_name, sizeof sys_name, 0, NULL, 0);
    len = pack();
    stream_add(buf, len);
    write_framer_seed("pipelined-get-set-get", 0xdeadbeefu);
    write_handle_seed("pipelined-get-set-get", 100, 0xdeadbeefu);
    /* sysUpTime across the 2^32 wrap. */
    write_handle_seed("uptime-wrap", (uint64_t)1 << 33, 3);

    /* Then a bad size field in the middle of the stream. */
    uint8_t bad[4];
    put_u32(bad, 65537);
    stream_add(bad, 4);
    stream_add(buf, len);
    write_framer_seed("bad-size-mid-stream", 0x11111111u);
    write_handle_seed("bad-size-mid-stream", 100, 0x11111111u);
}

/* The set target's own structured format (see fuzz_set.c). */
static void set_seeds(void)
{
    /* count 1: object selector 4 (sysName), type selector 0 (STRING), "router1" */
    static const uint8_t one[] = {1, 4, 0, 0, 7, 'r', 'o', 'u', 't', 'e', 'r', '1'};
    write_seed("set", "one-string", one, sizeof one);
    /* count 2: sysName twice, last wins */
    static const uint8_t twice[] = {2, 4, 0, 0, 1, 'a', 4, 0, 0, 1, 'b'};
    write_seed("set", "repeated-oid", twice, sizeof twice);
    /* count 2: sysContact ok, then sysDescr (read-only) */
    static const uint8_t ro[] = {2, 3, 0, 0, 1, 'a', 0, 0, 0, 1, 'b'};
    write_seed("set", "second-read-only", ro, sizeof ro);
    /* count 1: sysName as INTEGER */
    static const uint8_t wrong[] = {1, 4, 1, 0, 4, 0, 0, 0, 42};
    write_seed("set", "wrong-type", wrong, sizeof wrong);
    /* count 1: raw unknown OID */
    static const uint8_t raw[] = {1, 0xF0, 3, 1, 3, 6, 0, 0, 1, 'x'};
    write_seed("set", "raw-unknown-oid", raw, sizeof raw);
    /* count 1: sysName, 255 and 256 bytes */
    static uint8_t s255[5 + 255], s256[5 + 256];
    memcpy(s255, (const uint8_t[]){1, 4, 0, 0, 255}, 5);
    memset(s255 + 5, 'x', 255);
    write_seed("set", "string-255", s255, sizeof s255);
    memcpy(s256, (const uint8_t[]){1, 4, 0, 1, 0}, 5);
    memset(s256 + 5, 'y', 256);
    write_seed("set", "string-256", s256, sizeof s256);
    /* count 1: sysName.1 (selector 0x84: row 4 with last arc 1), a string: noCreation */
    static const uint8_t no_creation[] = {1, 0x84, 1, 0, 0, 1, 'x'};
    write_seed("set", "no-creation", no_creation, sizeof no_creation);
    /* count 1: sysName.1 as INTEGER: wrongType before noCreation */
    static const uint8_t no_creation_type[] = {1, 0x84, 1, 1, 0, 4, 0, 0, 0, 1};
    write_seed("set", "no-creation-wrong-type", no_creation_type, sizeof no_creation_type);
    /* count 1: sysName, a string that is not UTF-8: wrongValue */
    static const uint8_t not_utf8[] = {1, 4, 0, 0, 2, 0xC0, 0xAF};
    write_seed("set", "not-utf8", not_utf8, sizeof not_utf8);
    /* count 1: a raw name of two 4-byte arcs, 1.4294967295 */
    static const uint8_t big_arcs[] = {1, 0xF8, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 1, 'x'};
    write_seed("set", "raw-big-arcs", big_arcs, sizeof big_arcs);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: snmp_make_seeds <corpus directory>\n");
        return 2;
    }
    corpus_dir = argv[1];
    refusal_seeds();
    valid_seeds();
    set_seeds();

    /* The golden vectors are corpus/msg_unpack/golden-*.bin; streams of them
     * seed the framer and handle targets too. */
    static const char *const golden[] = {
        "00000014000004d2a00109010306010201010500",
        "0000001e00000001a30109010306010201010500040007726f7574657231",
        "0000001c000004d2a100010901030601020101050004000474657374",
        "0000000a00000000a000",
        "0000000b00000007a10100",
    };
    stream_len = 0;
    for (size_t i = 0; i < sizeof golden / sizeof golden[0]; i++) {
        size_t n = strlen(golden[i]) / 2;
        for (size_t k = 0; k < n; k++) {
            unsigned v;
            sscanf(golden[i] + 2 * k, "%2x", &v);
            buf[k] = (uint8_t)v;
        }
        stream_add(buf, n);
    }
    write_framer_seed("golden-stream", 0x5eed5eedu);
    write_handle_seed("golden-stream", 360000, 0x5eed5eedu);
    return 0;
}
