#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "snmp/ber.h"
#include "snmp_msg.h"

/* ---- building ---- */

typedef struct sink {
    uint8_t *out;
    size_t cap, len;
} sink;

/* n is read only after the call that wrote it has returned. */
static void put_status(snmp_status st, sink *s, const size_t *n)
{
    assert_int_equal(st, SNMP_OK);
    s->len += *n;
}

static void put_value(sink *s, const tvb *v)
{
    size_t n = 0;
    uint8_t *at = s->out + s->len;
    size_t room = s->cap - s->len;
    switch (v->type) {
    case 0x02:
        put_status(snmp_ber_put_int32(at, room, 0x02, (int32_t)v->number, &n), s, &n);
        break;
    case 0x41: case 0x42: case 0x43: case 0x46:
        put_status(snmp_ber_put_uint(at, room, v->type, (uint64_t)v->number, &n), s, &n);
        break;
    case 0x04: case 0x40: case 0x44: {
        size_t len = v->len ? v->len : strlen(v->bytes);
        put_status(snmp_ber_put_octets(at, room, v->type, (const uint8_t *)v->bytes, len, &n), s, &n);
        break;
    }
    case 0x06: {
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t count;
        assert_int_equal(snmp_arcs_from_text(v->bytes, strlen(v->bytes), arcs, SNMP_OID_MAX_ARCS, &count), SNMP_OK);
        put_status(snmp_ber_put_oid(at, room, arcs, count, &n), s, &n);
        break;
    }
    default:
        put_status(snmp_ber_put_empty(at, room, v->type, &n), s, &n);
    }
}

/* Writes content[0 .. len) wrapped in tag's header at the end of s. */
static void wrap(sink *s, uint8_t tag, const uint8_t *content, size_t len)
{
    size_t n;
    put_status(snmp_ber_put_header(s->out + s->len, s->cap - s->len, tag, len, &n), s, &n);
    assert_true(len <= s->cap - s->len);
    memcpy(s->out + s->len, content, len);
    s->len += len;
}

static uint8_t vb_buf[1 << 17], list_buf[1 << 17], pdu_buf[1 << 17], msg_buf[1 << 17];

size_t snmp_msg_build(uint8_t *out, size_t cap, int32_t version, const char *community,
                      uint8_t pdu_type, int32_t request_id, int32_t e1, int32_t e2,
                      const tvb *vbs, size_t count)
{
    sink list = {list_buf, sizeof list_buf, 0};
    for (size_t i = 0; i < count; i++) {
        sink vb = {vb_buf, sizeof vb_buf, 0};
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t n, arc_count;
        assert_int_equal(snmp_arcs_from_text(vbs[i].name, strlen(vbs[i].name), arcs,
                                             SNMP_OID_MAX_ARCS, &arc_count), SNMP_OK);
        put_status(snmp_ber_put_oid(vb.out, vb.cap, arcs, arc_count, &n), &vb, &n);
        put_value(&vb, &vbs[i]);
        wrap(&list, 0x30, vb.out, vb.len);
    }
    sink pdu = {pdu_buf, sizeof pdu_buf, 0};
    size_t n;
    put_status(snmp_ber_put_int32(pdu.out, pdu.cap, 0x02, request_id, &n), &pdu, &n);
    put_status(snmp_ber_put_int32(pdu.out + pdu.len, pdu.cap - pdu.len, 0x02, e1, &n), &pdu, &n);
    put_status(snmp_ber_put_int32(pdu.out + pdu.len, pdu.cap - pdu.len, 0x02, e2, &n), &pdu, &n);
    wrap(&pdu, 0x30, list.out, list.len);
    sink msg = {msg_buf, sizeof msg_buf, 0};
    put_status(snmp_ber_put_int32(msg.out, msg.cap, 0x02, version, &n), &msg, &n);
    put_status(snmp_ber_put_octets(msg.out + msg.len, msg.cap - msg.len, 0x04,
                                   (const uint8_t *)community, strlen(community), &n), &msg, &n);
    wrap(&msg, pdu_type, pdu.out, pdu.len);
    sink whole = {out, cap, 0};
    wrap(&whole, 0x30, msg.out, msg.len);
    return whole.len;
}

/* ---- parsing ---- */

static void expect(snmp_ber_reader *r, uint8_t tag, snmp_ber_reader *content)
{
    assert_int_equal(snmp_ber_read_expect(r, tag, content), SNMP_OK);
}

static int32_t read_int(snmp_ber_reader *r)
{
    int32_t v;
    assert_int_equal(snmp_ber_read_int32(r, 0x02, &v), SNMP_OK);
    return v;
}

static void value_text(uint8_t tag, snmp_ber_reader *c, char *out, size_t cap)
{
    int32_t i;
    uint32_t u;
    uint64_t u64;
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    size_t count, n;
    char text[SNMP_ARCS_TEXT_MAX + 1];
    uint8_t ip[4];
    switch (tag) {
    case 0x02:
        assert_int_equal(snmp_ber_get_int32(c, &i), SNMP_OK);
        snprintf(out, cap, "INTEGER: %" PRId32, i);
        break;
    case 0x04:
        snprintf(out, cap, "STRING: %.*s", (int)c->len, (const char *)c->p);
        break;
    case 0x06:
        assert_int_equal(snmp_ber_get_oid(c, arcs, &count), SNMP_OK);
        assert_int_equal(snmp_arcs_to_text(arcs, count, text, sizeof text, &n), SNMP_OK);
        snprintf(out, cap, "OID: %s", text);
        break;
    case 0x40:
        assert_int_equal(snmp_ber_get_ipaddress(c, ip), SNMP_OK);
        snprintf(out, cap, "IpAddress: %u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        break;
    case 0x41: case 0x42: case 0x43: {
        static const char *const names[] = {"Counter32", "Gauge32", "Timeticks"};
        assert_int_equal(snmp_ber_get_u32(c, &u), SNMP_OK);
        snprintf(out, cap, "%s: %" PRIu32, names[tag - 0x41], u);
        break;
    }
    case 0x46:
        assert_int_equal(snmp_ber_get_u64(c, &u64), SNMP_OK);
        snprintf(out, cap, "Counter64: %" PRIu64, u64);
        break;
    case 0x05: case 0x80: case 0x81: case 0x82: {
        static const char *const names[] = {"noSuchObject", "noSuchInstance", "endOfMibView"};
        assert_int_equal(snmp_ber_get_empty(c), SNMP_OK);
        snprintf(out, cap, "%s", tag == 0x05 ? "NULL" : names[tag - 0x80]);
        break;
    }
    default:
        snprintf(out, cap, "tag %02x: %zu bytes", tag, c->len);
    }
}

void snmp_msg_parse(const uint8_t *in, size_t len, resp *out)
{
    memset(out, 0, sizeof *out);
    snmp_ber_reader whole = snmp_ber_reader_of(in, len), msg, community, pdu, list;
    expect(&whole, 0x30, &msg);
    assert_int_equal(whole.len, 0);
    out->version = read_int(&msg);
    expect(&msg, 0x04, &community);
    snprintf(out->community, sizeof out->community, "%.*s", (int)community.len,
             (const char *)community.p);
    size_t header_len;
    assert_int_equal(snmp_ber_read_tlv(&msg, &out->pdu_type, &pdu, &header_len), SNMP_OK);
    assert_int_equal(msg.len, 0);
    out->request_id = read_int(&pdu);
    out->error_status = read_int(&pdu);
    out->error_index = read_int(&pdu);
    expect(&pdu, 0x30, &list);
    assert_int_equal(pdu.len, 0);
    while (list.len > 0) {
        assert_true(out->count < RESP_MAX_VARBINDS);
        rvb *v = &out->vbs[out->count++];
        snmp_ber_reader vb, value;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t count, n;
        uint8_t tag;
        expect(&list, 0x30, &vb);
        assert_int_equal(snmp_ber_read_oid(&vb, arcs, &count), SNMP_OK);
        assert_int_equal(snmp_arcs_to_text(arcs, count, v->name, sizeof v->name, &n), SNMP_OK);
        assert_int_equal(snmp_ber_read_tlv(&vb, &tag, &value, &header_len), SNMP_OK);
        assert_int_equal(vb.len, 0);
        value_text(tag, &value, v->value, sizeof v->value);
    }
}
