/*
 * Strict BER for SNMP v1/v2c (SNMP.md s.2, X.690): a decoder that refuses
 * everything section 2 refuses, and an encoder that writes only minimal
 * forms. Pure: no allocation, no copies of the input, no I/O.
 *
 * Decoding follows BoringSSL's CBS: a snmp_ber_reader is a cursor (pointer
 * and length) over the caller's bytes. Reading an element gives a view of
 * its content, itself a reader, which stays valid as long as the caller's
 * bytes do. A failed read leaves the cursor where it was, clears every
 * output, returns a snmp_status and records in the reader's `reason` which
 * rule refused the input (SNMP_BER_R_NONE after a success).
 *
 * Encoding: every snmp_ber_put_* writes one whole element into (out, cap)
 * and sets *len to its size. When it does not fit, it returns SNMP_NO_SPACE,
 * writes nothing at all, and *len is the size it needs. The snmp_ber_*_size
 * functions give the same sizes without writing, so a caller sizes the
 * children of a SEQUENCE first, then writes its header and the children
 * forward (see ber.c for why forward and not backward).
 */
#ifndef SNMP_BER_H
#define SNMP_BER_H

#include "snmp/status.h"

/* Tags of SNMP.md s.2: the whole identifier octet (class, constructed, number). */
enum snmp_ber_tag {
    SNMP_BER_INTEGER = 0x02,
    SNMP_BER_OCTET_STRING = 0x04,
    SNMP_BER_NULL = 0x05,
    SNMP_BER_OID = 0x06,
    SNMP_BER_SEQUENCE = 0x30,
    SNMP_BER_IPADDRESS = 0x40,
    SNMP_BER_COUNTER32 = 0x41,
    SNMP_BER_GAUGE32 = 0x42,
    SNMP_BER_TIMETICKS = 0x43,
    SNMP_BER_OPAQUE = 0x44,
    SNMP_BER_COUNTER64 = 0x46,
    SNMP_BER_NO_SUCH_OBJECT = 0x80,
    SNMP_BER_NO_SUCH_INSTANCE = 0x81,
    SNMP_BER_END_OF_MIB_VIEW = 0x82,
    SNMP_BER_GET_REQUEST = 0xa0,
    SNMP_BER_GET_NEXT_REQUEST = 0xa1,
    SNMP_BER_RESPONSE = 0xa2,
    SNMP_BER_SET_REQUEST = 0xa3,
    SNMP_BER_TRAP_V1 = 0xa4,
    SNMP_BER_GET_BULK_REQUEST = 0xa5,
    SNMP_BER_INFORM_REQUEST = 0xa6,
    SNMP_BER_TRAP_V2 = 0xa7,
    SNMP_BER_REPORT = 0xa8
};

enum {
    SNMP_BER_MAX_ARCS = 128,        /* arcs of an OID, the first two included */
    SNMP_BER_MAX_LEN_OCTETS = 4,    /* octets of a long-form length */
    SNMP_BER_MAX_HEADER = 6,        /* tag, 0x84, four length octets */
    SNMP_BER_IPADDRESS_LEN = 4
};

/* Largest content length the encoder writes (4 length octets). */
#define SNMP_BER_MAX_CONTENT_LEN ((size_t)0xFFFFFFFFu)

/* Which rule of SNMP.md s.2 refused an input (a later step maps these to
 * refusal.h's reasons). */
typedef enum snmp_ber_reason {
    SNMP_BER_R_NONE = 0,
    SNMP_BER_R_TRUNCATED,          /* the tag or length octets are cut short */
    SNMP_BER_R_HIGH_TAG,           /* tag number 31: high-tag-number form */
    SNMP_BER_R_INDEFINITE_LENGTH,  /* length octet 0x80 */
    SNMP_BER_R_LENGTH_OCTETS,      /* more than 4 length octets (0x85..0xff) */
    SNMP_BER_R_LENGTH_PAST_END,    /* the content runs past what remains */
    SNMP_BER_R_WRONG_TAG,          /* not the tag this position requires */
    SNMP_BER_R_INT_EMPTY,          /* INTEGER of 0 bytes */
    SNMP_BER_R_INT_NOT_MINIMAL,    /* redundant leading 00 or ff */
    SNMP_BER_R_INT_TOO_WIDE,       /* wider than the type */
    SNMP_BER_R_INT_NEGATIVE,       /* negative value of an unsigned type */
    SNMP_BER_R_OID_EMPTY,          /* OBJECT IDENTIFIER of 0 bytes */
    SNMP_BER_R_OID_NOT_MINIMAL,    /* a subidentifier starting with 0x80 */
    SNMP_BER_R_OID_TRUNCATED,      /* the last byte has bit 8 set */
    SNMP_BER_R_OID_ARC_TOO_BIG,    /* an arc above 2^32-1 */
    SNMP_BER_R_OID_TOO_MANY_ARCS,  /* more than 128 arcs */
    SNMP_BER_R_NOT_EMPTY,          /* NULL or an exception with content */
    SNMP_BER_R_IPADDRESS_LEN       /* IpAddress not 4 octets */
} snmp_ber_reason;

/* A read cursor over bytes the caller owns, and the last refusal's reason. */
typedef struct snmp_ber_reader {
    const uint8_t *p;
    size_t len;
    snmp_ber_reason reason;
} snmp_ber_reader;

/* A reader over p[0 .. len); p may be NULL when len is 0. */
snmp_ber_reader snmp_ber_reader_of(const uint8_t *p, size_t len);

/* ---- decoding ---- */

/*
 * Reads the tag and length octets at the start of r without moving r, and
 * without looking at the content (what a stream framer needs). Returns
 *   SNMP_OK         *tag, *header_len (2..6) and *content_len are set;
 *   SNMP_INCOMPLETE r ends inside the header (reason TRUNCATED): more bytes
 *                   may complete it;
 *   SNMP_MALFORMED  high-tag-number form, indefinite length, or more than 4
 *                   length octets (reason says which).
 * Non-minimal lengths (81 05, 84 00 00 00 05) are accepted. On failure
 * every output is 0.
 */
SNMP_MUST_USE snmp_status snmp_ber_peek_header(snmp_ber_reader *r, uint8_t *tag,
                                               size_t *header_len, size_t *content_len);

/*
 * Reads one whole element (tag, length, content) and moves r past it.
 * Returns SNMP_OK with *tag, *content (a view into r's bytes, its reason
 * NONE) and *header_len set; or SNMP_MALFORMED, r unmoved, outputs cleared:
 * everything peek_header refuses, a header cut short, or a content length
 * running past the end of r (LENGTH_PAST_END).
 */
SNMP_MUST_USE snmp_status snmp_ber_read_tlv(snmp_ber_reader *r, uint8_t *tag,
                                            snmp_ber_reader *content, size_t *header_len);

/*
 * Like read_tlv, but the element's tag byte must equal `expected` (class,
 * constructed bit and number: a constructed encoding of a primitive type is
 * a mismatch): SNMP_MALFORMED with reason WRONG_TAG otherwise, r unmoved.
 */
SNMP_MUST_USE snmp_status snmp_ber_read_expect(snmp_ber_reader *r, uint8_t expected,
                                               snmp_ber_reader *content);

/*
 * The snmp_ber_get_* functions interpret a whole content view. They return
 * SNMP_OK with the value, or SNMP_MALFORMED with c->reason set and the output
 * 0. c's cursor is not moved.
 */

/* INTEGER / Integer32: 1..4 bytes, minimal two's complement. */
SNMP_MUST_USE snmp_status snmp_ber_get_int32(snmp_ber_reader *c, int32_t *v);

/* Counter32, Gauge32, TimeTicks: 1..5 bytes, minimal, not negative (so a
 * fifth byte only as the leading 00 of a value >= 2^31). */
SNMP_MUST_USE snmp_status snmp_ber_get_u32(snmp_ber_reader *c, uint32_t *v);

/* Counter64: 1..9 bytes, minimal, not negative. */
SNMP_MUST_USE snmp_status snmp_ber_get_u64(snmp_ber_reader *c, uint64_t *v);

/* NULL and the three exceptions: the content must be empty (NOT_EMPTY). */
SNMP_MUST_USE snmp_status snmp_ber_get_empty(snmp_ber_reader *c);

/* IpAddress: exactly 4 octets, copied to out[0..3]. */
SNMP_MUST_USE snmp_status snmp_ber_get_ipaddress(snmp_ber_reader *c,
                                                 uint8_t out[SNMP_BER_IPADDRESS_LEN]);

/*
 * OBJECT IDENTIFIER into arcs[0 .. *count), 2 <= *count <= 128.
 * The first subidentifier S holds two arcs (X.690 8.19.4): X = min(S/40, 2),
 * Y = S - 40X, so S may reach 80 + 2^32-1 while every arc, Y included, fits
 * 32 bits. Refused: empty content, a subidentifier starting with 0x80, a
 * last byte with bit 8 set, an arc above 2^32-1, more than 128 arcs.
 * On failure *count is 0 (arcs may be partly written).
 */
SNMP_MUST_USE snmp_status snmp_ber_get_oid(snmp_ber_reader *c,
                                           uint32_t arcs[SNMP_BER_MAX_ARCS], size_t *count);

/* read_expect(r, tag) then get_int32; on any failure r is unmoved and
 * r->reason says why. */
SNMP_MUST_USE snmp_status snmp_ber_read_int32(snmp_ber_reader *r, uint8_t tag, int32_t *v);

/* read_expect(r, SNMP_BER_OID) then get_oid; on failure r is unmoved. */
SNMP_MUST_USE snmp_status snmp_ber_read_oid(snmp_ber_reader *r,
                                            uint32_t arcs[SNMP_BER_MAX_ARCS], size_t *count);

/* ---- encoding (always the shortest length and integer forms) ---- */

/* Size of a tag plus the shortest length octets for content_len. */
size_t snmp_ber_header_size(size_t content_len);

/* Whole element sizes of the minimal INTEGER / unsigned encodings of v. */
size_t snmp_ber_int32_size(int32_t v);
size_t snmp_ber_uint_size(uint64_t v);

/*
 * Whole element size of an OID: SNMP_OK and *size, or SNMP_MALFORMED for
 * fewer than 2 arcs, a first arc above 2, or a second arc above 39 under a
 * first arc of 0 or 1; SNMP_LIMIT for more than 128 arcs (*size 0).
 */
SNMP_MUST_USE snmp_status snmp_ber_oid_size(const uint32_t *arcs, size_t count, size_t *size);

/*
 * Writes a tag and the length octets of content_len: the header of a
 * SEQUENCE or PDU whose content the caller writes next. SNMP_LIMIT (and
 * *len 0) for content_len above SNMP_BER_MAX_CONTENT_LEN.
 */
SNMP_MUST_USE snmp_status snmp_ber_put_header(uint8_t *out, size_t cap, uint8_t tag,
                                              size_t content_len, size_t *len);

/* INTEGER (or any signed type's tag): the minimal two's complement of v. */
SNMP_MUST_USE snmp_status snmp_ber_put_int32(uint8_t *out, size_t cap, uint8_t tag, int32_t v,
                                             size_t *len);

/* Counter32, Gauge32, TimeTicks, Counter64: minimal, a leading 00 when the
 * top bit of the value is set. */
SNMP_MUST_USE snmp_status snmp_ber_put_uint(uint8_t *out, size_t cap, uint8_t tag, uint64_t v,
                                            size_t *len);

/* OCTET STRING, IpAddress, Opaque: bytes[0 .. n) as content (bytes may be
 * NULL when n is 0). SNMP_LIMIT for n above SNMP_BER_MAX_CONTENT_LEN. */
SNMP_MUST_USE snmp_status snmp_ber_put_octets(uint8_t *out, size_t cap, uint8_t tag,
                                              const uint8_t *bytes, size_t n, size_t *len);

/* NULL or an exception: the tag and a zero length. */
SNMP_MUST_USE snmp_status snmp_ber_put_empty(uint8_t *out, size_t cap, uint8_t tag, size_t *len);

/* OBJECT IDENTIFIER: the minimal subidentifiers; refuses as oid_size does. */
SNMP_MUST_USE snmp_status snmp_ber_put_oid(uint8_t *out, size_t cap, const uint32_t *arcs,
                                           size_t count, size_t *len);

#endif
