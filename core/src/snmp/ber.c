/*
 * Strict BER decoder and minimal BER encoder (SNMP.md s.2). See ber.h.
 *
 * Every length is checked against what remains before it is trusted, in the
 * form `n > len - off`, which cannot overflow. Each refusal rule lives in
 * exactly one place: lengths in peek_header and read_tlv, integers in
 * check_integer, subidentifiers in get_oid.
 *
 * The encoder writes forward, sizes first. Writing backward from the end of
 * the buffer (as many DER encoders do) saves the sizing pass but leaves the
 * message at the end of the caller's buffer, and the SNMP answers built on
 * this layer (GETBULK cut to fit, tooBig) need every element's size before
 * they decide what to write anyway; so each put_ computes its whole size,
 * checks it against cap once, and only then writes, which also gives the
 * "nothing written on failure" rule for free.
 */
#include "snmp/ber.h"

#include <stdbool.h>
#include <string.h>

enum {
    TAG_NUMBER_MASK = 0x1f,     /* low five bits; 31 = high-tag-number form */
    LENGTH_LONG_FORM = 0x80,    /* bit 8 of the first length octet */
    SUBID_MORE = 0x80,          /* bit 8 of a subidentifier byte: more follow */
    SUBID_BITS = 7,
    FIRST_ARC_SPAN = 40         /* X.690 8.19.4: first subid = 40X + Y */
};

#define ARC_MAX ((uint64_t)UINT32_MAX)
/* The first subidentifier: 40 * 2 + (2^32 - 1), see get_oid. */
#define FIRST_SUBID_MAX (ARC_MAX + 2 * (uint64_t)FIRST_ARC_SPAN)

snmp_ber_reader snmp_ber_reader_of(const uint8_t *p, size_t len)
{
    snmp_ber_reader r = {p, len, SNMP_BER_R_NONE};
    return r;
}

static snmp_status refuse(snmp_ber_reader *r, snmp_ber_reason why, snmp_status st)
{
    r->reason = why;
    return st;
}

/* ---- decoding ---- */

snmp_status snmp_ber_peek_header(snmp_ber_reader *r, uint8_t *tag, size_t *header_len,
                                 size_t *content_len)
{
    *tag = 0;
    *header_len = 0;
    *content_len = 0;
    if (r->len == 0)
        return refuse(r, SNMP_BER_R_TRUNCATED, SNMP_INCOMPLETE);
    if ((r->p[0] & TAG_NUMBER_MASK) == TAG_NUMBER_MASK)
        return refuse(r, SNMP_BER_R_HIGH_TAG, SNMP_MALFORMED);
    if (r->len < 2)
        return refuse(r, SNMP_BER_R_TRUNCATED, SNMP_INCOMPLETE);

    uint8_t first = r->p[1];
    size_t value = first;
    size_t hlen = 2;
    if (first & LENGTH_LONG_FORM) {
        size_t octets = first & (uint8_t)~LENGTH_LONG_FORM;
        if (octets == 0)
            return refuse(r, SNMP_BER_R_INDEFINITE_LENGTH, SNMP_MALFORMED);
        if (octets > SNMP_BER_MAX_LEN_OCTETS)
            return refuse(r, SNMP_BER_R_LENGTH_OCTETS, SNMP_MALFORMED);
        if (octets > r->len - hlen)
            return refuse(r, SNMP_BER_R_TRUNCATED, SNMP_INCOMPLETE);
        /* At most 4 octets: the value fits 32 bits, so size_t holds it. */
        value = 0;
        for (size_t i = 0; i < octets; i++)
            value = value << 8 | r->p[hlen + i];
        hlen += octets;
    }
    *tag = r->p[0];
    *header_len = hlen;
    *content_len = value;
    r->reason = SNMP_BER_R_NONE;
    return SNMP_OK;
}

snmp_status snmp_ber_read_tlv(snmp_ber_reader *r, uint8_t *tag, snmp_ber_reader *content,
                              size_t *header_len)
{
    *content = snmp_ber_reader_of(NULL, 0);
    size_t clen;
    snmp_status st = snmp_ber_peek_header(r, tag, header_len, &clen);
    if (st != SNMP_OK)
        return SNMP_MALFORMED;  /* a whole message has no "more bytes later" */
    if (clen > r->len - *header_len) {
        *tag = 0;
        *header_len = 0;
        return refuse(r, SNMP_BER_R_LENGTH_PAST_END, SNMP_MALFORMED);
    }
    *content = snmp_ber_reader_of(r->p + *header_len, clen);
    r->p += *header_len + clen;
    r->len -= *header_len + clen;
    return SNMP_OK;
}

snmp_status snmp_ber_read_expect(snmp_ber_reader *r, uint8_t expected, snmp_ber_reader *content)
{
    snmp_ber_reader probe = *r;
    uint8_t tag;
    size_t hlen;
    snmp_status st = snmp_ber_read_tlv(&probe, &tag, content, &hlen);
    if (st != SNMP_OK)
        return refuse(r, probe.reason, st);
    if (tag != expected) {
        *content = snmp_ber_reader_of(NULL, 0);
        return refuse(r, SNMP_BER_R_WRONG_TAG, SNMP_MALFORMED);
    }
    *r = probe;
    return SNMP_OK;
}

/*
 * The integer rules, for every integer type: not empty, minimal (X.690
 * 8.3.2: the first 9 bits are not all 0 or all 1), not negative when
 * unsigned, and at most max_bytes of value (a leading 00 that only carries
 * the sign of an unsigned value does not count).
 */
static snmp_status check_integer(snmp_ber_reader *c, size_t max_bytes, bool is_unsigned)
{
    const uint8_t *p = c->p;
    size_t len = c->len;
    if (len == 0)
        return refuse(c, SNMP_BER_R_INT_EMPTY, SNMP_MALFORMED);
    if (len >= 2 && ((p[0] == 0x00 && (p[1] & 0x80) == 0) || (p[0] == 0xff && (p[1] & 0x80))))
        return refuse(c, SNMP_BER_R_INT_NOT_MINIMAL, SNMP_MALFORMED);
    if (is_unsigned && (p[0] & 0x80))
        return refuse(c, SNMP_BER_R_INT_NEGATIVE, SNMP_MALFORMED);
    size_t value_bytes = len - (is_unsigned && p[0] == 0x00 ? 1u : 0u);
    if (value_bytes > max_bytes)
        return refuse(c, SNMP_BER_R_INT_TOO_WIDE, SNMP_MALFORMED);
    c->reason = SNMP_BER_R_NONE;
    return SNMP_OK;
}

snmp_status snmp_ber_get_int32(snmp_ber_reader *c, int32_t *v)
{
    *v = 0;
    snmp_status st = check_integer(c, sizeof(int32_t), false);
    if (st != SNMP_OK)
        return st;
    /* Sign from the first byte, then base 256: at most 4 bytes, so the
     * value stays within int32 and never shifts a negative number. */
    int64_t value = (c->p[0] & 0x80) ? -1 : 0;
    for (size_t i = 0; i < c->len; i++)
        value = value * 256 + c->p[i];
    *v = (int32_t)value;
    return SNMP_OK;
}

/* An unsigned value of at most max_bytes bytes (plus a sign 00). */
static snmp_status get_unsigned(snmp_ber_reader *c, size_t max_bytes, uint64_t *v)
{
    *v = 0;
    snmp_status st = check_integer(c, max_bytes, true);
    if (st != SNMP_OK)
        return st;
    uint64_t value = 0;
    for (size_t i = 0; i < c->len; i++)
        value = value << 8 | c->p[i];
    *v = value;
    return SNMP_OK;
}

snmp_status snmp_ber_get_u32(snmp_ber_reader *c, uint32_t *v)
{
    uint64_t wide;
    snmp_status st = get_unsigned(c, sizeof(uint32_t), &wide);
    *v = (uint32_t)wide;    /* 0 on failure; at most 4 value bytes on success */
    return st;
}

snmp_status snmp_ber_get_u64(snmp_ber_reader *c, uint64_t *v)
{
    return get_unsigned(c, sizeof(uint64_t), v);
}

snmp_status snmp_ber_get_empty(snmp_ber_reader *c)
{
    if (c->len != 0)
        return refuse(c, SNMP_BER_R_NOT_EMPTY, SNMP_MALFORMED);
    c->reason = SNMP_BER_R_NONE;
    return SNMP_OK;
}

snmp_status snmp_ber_get_ipaddress(snmp_ber_reader *c, uint8_t out[SNMP_BER_IPADDRESS_LEN])
{
    memset(out, 0, SNMP_BER_IPADDRESS_LEN);
    if (c->len != SNMP_BER_IPADDRESS_LEN)
        return refuse(c, SNMP_BER_R_IPADDRESS_LEN, SNMP_MALFORMED);
    memcpy(out, c->p, SNMP_BER_IPADDRESS_LEN);
    c->reason = SNMP_BER_R_NONE;
    return SNMP_OK;
}

snmp_status snmp_ber_get_oid(snmp_ber_reader *c, uint32_t arcs[SNMP_BER_MAX_ARCS], size_t *count)
{
    *count = 0;
    const uint8_t *p = c->p;
    size_t len = c->len;
    if (len == 0)
        return refuse(c, SNMP_BER_R_OID_EMPTY, SNMP_MALFORMED);

    size_t n = 0;
    size_t i = 0;
    /* Each pass takes one subidentifier; i only grows, bounded by len. */
    while (i < len) {
        if (p[i] == SUBID_MORE)     /* a leading zero septet */
            return refuse(c, SNMP_BER_R_OID_NOT_MINIMAL, SNMP_MALFORMED);
        uint64_t limit = n == 0 ? FIRST_SUBID_MAX : ARC_MAX;
        uint64_t value = 0;
        uint8_t b;
        do {
            if (i == len)
                return refuse(c, SNMP_BER_R_OID_TRUNCATED, SNMP_MALFORMED);
            b = p[i++];
            /* value <= limit < 2^33 before the shift: no overflow. */
            value = value << SUBID_BITS | (b & (uint8_t)~SUBID_MORE);
            if (value > limit)
                return refuse(c, SNMP_BER_R_OID_ARC_TOO_BIG, SNMP_MALFORMED);
        } while (b & SUBID_MORE);

        if (n == 0) {
            uint64_t x = value / FIRST_ARC_SPAN;
            if (x > 2)
                x = 2;
            arcs[0] = (uint32_t)x;
            arcs[1] = (uint32_t)(value - x * FIRST_ARC_SPAN);
            n = 2;
        } else {
            if (n == SNMP_BER_MAX_ARCS)
                return refuse(c, SNMP_BER_R_OID_TOO_MANY_ARCS, SNMP_MALFORMED);
            arcs[n++] = (uint32_t)value;
        }
    }
    *count = n;
    c->reason = SNMP_BER_R_NONE;
    return SNMP_OK;
}

snmp_status snmp_ber_read_int32(snmp_ber_reader *r, uint8_t tag, int32_t *v)
{
    *v = 0;
    snmp_ber_reader probe = *r;
    snmp_ber_reader content;
    snmp_status st = snmp_ber_read_expect(&probe, tag, &content);
    if (st != SNMP_OK)
        return refuse(r, probe.reason, st);
    st = snmp_ber_get_int32(&content, v);
    if (st != SNMP_OK)
        return refuse(r, content.reason, st);
    *r = probe;
    return SNMP_OK;
}

snmp_status snmp_ber_read_oid(snmp_ber_reader *r, uint32_t arcs[SNMP_BER_MAX_ARCS], size_t *count)
{
    *count = 0;
    snmp_ber_reader probe = *r;
    snmp_ber_reader content;
    snmp_status st = snmp_ber_read_expect(&probe, SNMP_BER_OID, &content);
    if (st != SNMP_OK)
        return refuse(r, probe.reason, st);
    st = snmp_ber_get_oid(&content, arcs, count);
    if (st != SNMP_OK)
        return refuse(r, content.reason, st);
    *r = probe;
    return SNMP_OK;
}

/* ---- encoding ---- */

size_t snmp_ber_header_size(size_t content_len)
{
    if (content_len < LENGTH_LONG_FORM)
        return 2;
    size_t octets = 0;
    for (size_t v = content_len; v != 0; v >>= 8)
        octets++;
    return 2 + octets;
}

/* Minimal two's complement bytes of a signed 32-bit value (1..4): grow
 * while v is outside [-2^(8n-1), 2^(8n-1)). */
static size_t int_bytes(int32_t v)
{
    int64_t w = v;
    size_t n = 1;
    while (n < 4 && (w < -(INT64_C(1) << (8 * n - 1)) || w >= (INT64_C(1) << (8 * n - 1))))
        n++;
    return n;
}

/* Minimal bytes of an unsigned value: a leading 00 when the top bit is set. */
static size_t uint_bytes(uint64_t v)
{
    size_t n = 1;
    while (n < 9 && (v >> (8 * n - 1)) != 0)
        n++;
    return n;
}

size_t snmp_ber_int32_size(int32_t v)
{
    return 2 + int_bytes(v);
}

size_t snmp_ber_uint_size(uint64_t v)
{
    return 2 + uint_bytes(v);
}

/* Writes the header of content_len at out; the caller checked the room. */
static uint8_t *write_header(uint8_t *out, uint8_t tag, size_t content_len)
{
    size_t hlen = snmp_ber_header_size(content_len);
    *out++ = tag;
    if (hlen == 2) {
        *out++ = (uint8_t)content_len;
        return out;
    }
    size_t octets = hlen - 2;
    *out++ = (uint8_t)(LENGTH_LONG_FORM | octets);
    for (size_t i = octets; i > 0; i--)
        *out++ = (uint8_t)(content_len >> (8 * (i - 1)));
    return out;
}

/* The common gate of every put_: sets *len to need; fits or not. */
static bool fits(size_t need, size_t cap, size_t *len)
{
    *len = need;
    return need <= cap;
}

snmp_status snmp_ber_put_header(uint8_t *out, size_t cap, uint8_t tag, size_t content_len,
                                size_t *len)
{
    *len = 0;
    if (content_len > SNMP_BER_MAX_CONTENT_LEN)
        return SNMP_LIMIT;
    if (!fits(snmp_ber_header_size(content_len), cap, len))
        return SNMP_NO_SPACE;
    (void)write_header(out, tag, content_len);
    return SNMP_OK;
}

/* Writes tag, length n and the low n bytes of x, big-endian; shifts by 8
 * only, so a 9-byte Counter64 gets its leading 00 without a 64-bit shift. */
static void write_integer(uint8_t *out, uint8_t tag, uint64_t x, size_t n)
{
    out = write_header(out, tag, n);
    for (size_t i = n; i > 0; i--) {
        out[i - 1] = (uint8_t)x;
        x >>= 8;
    }
}

snmp_status snmp_ber_put_int32(uint8_t *out, size_t cap, uint8_t tag, int32_t v, size_t *len)
{
    if (!fits(snmp_ber_int32_size(v), cap, len))
        return SNMP_NO_SPACE;
    /* The conversion to uint64_t is modulo 2^64: the two's complement bytes. */
    write_integer(out, tag, (uint64_t)(int64_t)v, int_bytes(v));
    return SNMP_OK;
}

snmp_status snmp_ber_put_uint(uint8_t *out, size_t cap, uint8_t tag, uint64_t v, size_t *len)
{
    if (!fits(snmp_ber_uint_size(v), cap, len))
        return SNMP_NO_SPACE;
    write_integer(out, tag, v, uint_bytes(v));
    return SNMP_OK;
}

snmp_status snmp_ber_put_octets(uint8_t *out, size_t cap, uint8_t tag, const uint8_t *bytes,
                                size_t n, size_t *len)
{
    *len = 0;
    if (n > SNMP_BER_MAX_CONTENT_LEN)
        return SNMP_LIMIT;
    if (!fits(snmp_ber_header_size(n) + n, cap, len))
        return SNMP_NO_SPACE;
    out = write_header(out, tag, n);
    if (n > 0)
        memcpy(out, bytes, n);
    return SNMP_OK;
}

snmp_status snmp_ber_put_empty(uint8_t *out, size_t cap, uint8_t tag, size_t *len)
{
    return snmp_ber_put_octets(out, cap, tag, NULL, 0, len);
}

/* Bytes of one subidentifier in base 128. */
static size_t subid_bytes(uint64_t v)
{
    size_t n = 1;
    while (v >>= SUBID_BITS)
        n++;
    return n;
}

/* The OID's content length, or a refusal (see oid_size in ber.h). */
static snmp_status oid_content(const uint32_t *arcs, size_t count, size_t *content_len)
{
    *content_len = 0;
    if (count > SNMP_BER_MAX_ARCS)
        return SNMP_LIMIT;
    if (count < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= FIRST_ARC_SPAN))
        return SNMP_MALFORMED;
    size_t total = subid_bytes((uint64_t)arcs[0] * FIRST_ARC_SPAN + arcs[1]);
    for (size_t i = 2; i < count; i++)
        total += subid_bytes(arcs[i]);
    *content_len = total;
    return SNMP_OK;
}

snmp_status snmp_ber_oid_size(const uint32_t *arcs, size_t count, size_t *size)
{
    size_t content_len;
    snmp_status st = oid_content(arcs, count, &content_len);
    *size = st == SNMP_OK ? snmp_ber_header_size(content_len) + content_len : 0;
    return st;
}

/* Writes one subidentifier of n bytes, most significant septet first. */
static uint8_t *write_subid(uint8_t *out, uint64_t v)
{
    size_t n = subid_bytes(v);
    for (size_t i = n; i > 0; i--) {
        uint8_t more = i > 1 ? SUBID_MORE : 0;
        *out++ = (uint8_t)(((v >> (SUBID_BITS * (i - 1))) & 0x7f) | more);
    }
    return out;
}

snmp_status snmp_ber_put_oid(uint8_t *out, size_t cap, const uint32_t *arcs, size_t count,
                             size_t *len)
{
    size_t content_len;
    *len = 0;
    snmp_status st = oid_content(arcs, count, &content_len);
    if (st != SNMP_OK)
        return st;
    if (!fits(snmp_ber_header_size(content_len) + content_len, cap, len))
        return SNMP_NO_SPACE;
    out = write_header(out, SNMP_BER_OID, content_len);
    out = write_subid(out, (uint64_t)arcs[0] * FIRST_ARC_SPAN + arcs[1]);
    for (size_t i = 2; i < count; i++)
        out = write_subid(out, arcs[i]);
    return SNMP_OK;
}
