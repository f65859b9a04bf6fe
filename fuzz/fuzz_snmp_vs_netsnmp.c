/*
 * Target snmp_vs_netsnmp: a differential of our strict v1/v2c decoder
 * (snmp/pdu.h) against net-snmp's own parser (snmp_parse, through
 * netsnmp_side.c), on one message of any bytes. The only target that links
 * net-snmp; the core and the agent never do.
 *
 * Every input falls in exactly one class (the table `classes` below), and
 * every disagreement must be one the table explains:
 *   - net-snmp accepts, we refuse: our reason must be a strictness rule of
 *     SNMP.md section 2 (the allowlist `allowed`, one class per reason);
 *     any other reason is a finding. And the input must not be a
 *     well-formed request: when net-snmp's reading of it is a request
 *     SNMP.md accepts, that reading encoded minimally (by an encoder of
 *     this file's own) must differ from the input with its lengths made
 *     minimal (BER's longer definite lengths, up to 4 octets, being
 *     allowed). The encoder is itself checked on every message both sides
 *     read alike (check_encoder);
 *   - we accept, net-snmp refuses: a finding, unless the message has one of
 *     the exact properties that net-snmp's own limits refuse (the ns-*
 *     classes, each explained where it is tested);
 *   - both accept: version, PDU type, request-id, community, error-status
 *     and error-index (non-repeaters and max-repetitions), the varbind
 *     count, and each varbind's name, value type and value (number, bytes
 *     or arcs) must agree, except where net-snmp reads a value its own way
 *     (the ns-* classes again).
 *
 * SNMP_DIFF_REPORT=1 in the environment prints, at exit, how many inputs
 * fell in each class; SNMP_DIFF_REPORT=each also prints each input's class
 * as it runs. SNMP_DIFF_EXPECT=<class> makes any input of another class a
 * broken property, so a named example pins its class (CTest does so).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "netsnmp_side.h"
#include "snmp/pdu.h"

/* ---- the classes ---- */

typedef enum diff_class {
    /* agreement */
    C_BOTH_REFUSE,
    C_BOTH_ACCEPT,
    /* net-snmp accepts, we refuse: one per allowlisted reason */
    C_BAD_VERSION,
    C_TRAILING,
    C_EXTRA_CONTENT,
    C_PDU_TYPE,
    C_BULK_IN_V1,
    C_VALUE_TYPE,
    C_TOO_LONG,
    C_BER_TRUNCATED,
    C_BER_HIGH_TAG,
    C_BER_INDEFINITE,
    C_BER_LENGTH_OCTETS,
    C_BER_LENGTH_PAST_END,
    C_BER_WRONG_TAG,
    C_INT_EMPTY,
    C_INT_NOT_MINIMAL,
    C_INT_TOO_WIDE,
    C_INT_NEGATIVE,
    C_OID_EMPTY,
    C_OID_NOT_MINIMAL,
    C_OID_ARC_TOO_BIG,
    C_OID_TOO_MANY_ARCS,
    C_NOT_EMPTY,
    C_IPADDRESS_LEN,
    /* we accept, net-snmp refuses: net-snmp's own limits */
    C_NS_COMMUNITY_OVER_256,
    C_NS_FIRST_SUBID,
    C_NS_OPAQUE_SPECIAL_REFUSED,
    /* both accept, net-snmp reads something its own way */
    C_NS_COMMUNITY_256,
    C_NS_OPAQUE_SPECIAL,
    C_COUNT
} diff_class;

static const char *const classes[C_COUNT] = {
    [C_BOTH_REFUSE] = "both-refuse",
    [C_BOTH_ACCEPT] = "both-accept",
    [C_BAD_VERSION] = "bad-version",
    [C_TRAILING] = "trailing-bytes",
    [C_EXTRA_CONTENT] = "extra-content",
    [C_PDU_TYPE] = "pdu-not-a-request",
    [C_BULK_IN_V1] = "getbulk-in-v1",
    [C_VALUE_TYPE] = "value-type-unknown",
    [C_TOO_LONG] = "message-too-long",
    [C_BER_TRUNCATED] = "header-truncated",
    [C_BER_HIGH_TAG] = "high-tag-number",
    [C_BER_INDEFINITE] = "indefinite-length",
    [C_BER_LENGTH_OCTETS] = "length-octets-over-4",
    [C_BER_LENGTH_PAST_END] = "length-past-end",
    [C_BER_WRONG_TAG] = "wrong-tag",
    [C_INT_EMPTY] = "integer-empty",
    [C_INT_NOT_MINIMAL] = "integer-not-minimal",
    [C_INT_TOO_WIDE] = "integer-too-wide",
    [C_INT_NEGATIVE] = "unsigned-negative",
    [C_OID_EMPTY] = "oid-empty",
    [C_OID_NOT_MINIMAL] = "oid-subidentifier-0x80",
    [C_OID_ARC_TOO_BIG] = "oid-arc-over-32-bits",
    [C_OID_TOO_MANY_ARCS] = "oid-over-128-arcs",
    [C_NOT_EMPTY] = "null-not-empty",
    [C_IPADDRESS_LEN] = "ipaddress-not-4",
    [C_NS_COMMUNITY_OVER_256] = "ns-community-over-256",
    [C_NS_FIRST_SUBID] = "ns-first-subid-over-32-bits",
    [C_NS_OPAQUE_SPECIAL_REFUSED] = "ns-opaque-special-refused",
    [C_NS_COMMUNITY_256] = "ns-community-256-last-byte",
    [C_NS_OPAQUE_SPECIAL] = "ns-opaque-special-type",
};

/*
 * The allowlist: every reason of ours that may refuse a message net-snmp
 * accepts, with the rule of SNMP.md section 2 it applies. A refusal for
 * any reason not here (SNMP_BER_R_OID_TRUNCATED, a last subidentifier byte
 * with bit 8 set, which net-snmp refuses too) is a finding.
 */
typedef struct allowed_reason {
    snmp_pdu_reason reason;
    snmp_ber_reason ber;
    diff_class cls;
    const char *rule;   /* for the reader: SNMP.md s.2's words */
} allowed_reason;

static const allowed_reason allowed[] = {
    {SNMP_PDU_R_BAD_VERSION, SNMP_BER_R_NONE, C_BAD_VERSION, "version other than 0 or 1"},
    {SNMP_PDU_R_TRAILING, SNMP_BER_R_NONE, C_TRAILING, "bytes left over after the Message"},
    {SNMP_PDU_R_EXTRA_CONTENT, SNMP_BER_R_NONE, C_EXTRA_CONTENT,
     "the grammar: a SEQUENCE holds its fields and nothing after them"},
    {SNMP_PDU_R_PDU_TYPE, SNMP_BER_R_NONE, C_PDU_TYPE,
     "a Response, Trap, InformRequest or Report sent to the agent"},
    {SNMP_PDU_R_BULK_IN_V1, SNMP_BER_R_NONE, C_BULK_IN_V1, "GetBulkRequest in a v1 message"},
    {SNMP_PDU_R_VALUE_TYPE, SNMP_BER_R_NONE, C_VALUE_TYPE, "Types: a value of none of the 13"},
    {SNMP_PDU_R_TOO_LONG, SNMP_BER_R_NONE, C_TOO_LONG, "the largest message, 65535 bytes"},
    {SNMP_PDU_R_BER, SNMP_BER_R_TRUNCATED, C_BER_TRUNCATED,
     "a length that runs past its enclosing element (its own octets)"},
    {SNMP_PDU_R_BER, SNMP_BER_R_HIGH_TAG, C_BER_HIGH_TAG, "high-tag-number form"},
    {SNMP_PDU_R_BER, SNMP_BER_R_INDEFINITE_LENGTH, C_BER_INDEFINITE, "indefinite length"},
    {SNMP_PDU_R_BER, SNMP_BER_R_LENGTH_OCTETS, C_BER_LENGTH_OCTETS, "more than 4 length octets"},
    {SNMP_PDU_R_BER, SNMP_BER_R_LENGTH_PAST_END, C_BER_LENGTH_PAST_END,
     "a length that runs past its enclosing element"},
    {SNMP_PDU_R_BER, SNMP_BER_R_WRONG_TAG, C_BER_WRONG_TAG,
     "a tag other than the one the position requires"},
    {SNMP_PDU_R_BER, SNMP_BER_R_INT_EMPTY, C_INT_EMPTY, "an INTEGER of 0 bytes"},
    {SNMP_PDU_R_BER, SNMP_BER_R_INT_NOT_MINIMAL, C_INT_NOT_MINIMAL,
     "an INTEGER with a redundant leading 00 or ff byte"},
    {SNMP_PDU_R_BER, SNMP_BER_R_INT_TOO_WIDE, C_INT_TOO_WIDE, "an INTEGER wider than the type"},
    {SNMP_PDU_R_BER, SNMP_BER_R_INT_NEGATIVE, C_INT_NEGATIVE,
     "wider than the type: a negative Counter32, Gauge32, TimeTicks or Counter64"},
    {SNMP_PDU_R_BER, SNMP_BER_R_OID_EMPTY, C_OID_EMPTY, "an OBJECT IDENTIFIER that is empty"},
    {SNMP_PDU_R_BER, SNMP_BER_R_OID_NOT_MINIMAL, C_OID_NOT_MINIMAL,
     "a subidentifier whose first byte is 0x80"},
    {SNMP_PDU_R_BER, SNMP_BER_R_OID_ARC_TOO_BIG, C_OID_ARC_TOO_BIG, "an arc above 2^32-1"},
    {SNMP_PDU_R_BER, SNMP_BER_R_OID_TOO_MANY_ARCS, C_OID_TOO_MANY_ARCS, "more than 128 arcs"},
    {SNMP_PDU_R_BER, SNMP_BER_R_NOT_EMPTY, C_NOT_EMPTY, "NULL or an exception with non-zero length"},
    {SNMP_PDU_R_BER, SNMP_BER_R_IPADDRESS_LEN, C_IPADDRESS_LEN, "an IpAddress not 4 octets"},
};

static unsigned long long counts[C_COUNT];
static int report_mode;   /* 0 none, 1 counts at exit, 2 each input too */
static const char *expect_class;

FUZZ_NO_COVERAGE static void print_counts(void)
{
    for (int c = 0; c < C_COUNT; c++) {
        if (counts[c] != 0)
            fprintf(stderr, "snmp_vs_netsnmp: %-30s %llu\n", classes[c], counts[c]);
    }
}

FUZZ_NO_COVERAGE static void init_once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    nsp_init();
    const char *report = getenv("SNMP_DIFF_REPORT");
    if (report != NULL && report[0] != '\0') {
        report_mode = strcmp(report, "each") == 0 ? 2 : 1;
        atexit(print_counts);
    }
    expect_class = getenv("SNMP_DIFF_EXPECT");
}

/* Counts the input's class (and prints or checks it, as the environment asks). */
FUZZ_NO_COVERAGE static void note(diff_class c)
{
    counts[c]++;
    if (report_mode == 2)
        fprintf(stderr, "class %s\n", classes[c]);
    if (expect_class != NULL && strcmp(expect_class, classes[c]) != 0)
        fuzz_fail("the input is not of the class SNMP_DIFF_EXPECT names");
}

/* ---- a minimal encoder of net-snmp's reading, this file's own ---- */

/*
 * Writes backwards from the end of buf, so each length is known when its
 * header is written. Running out of room sets `over`; the result is then
 * thrown away.
 */
typedef struct back_writer {
    uint8_t *buf;
    size_t pos;
    bool over;
} back_writer;

FUZZ_NO_COVERAGE static void put_byte(back_writer *w, uint8_t b)
{
    if (w->pos == 0) {
        w->over = true;
        return;
    }
    w->buf[--w->pos] = b;
}

/* Tag and shortest definite length of the content written since `end`. */
FUZZ_NO_COVERAGE static void put_header(back_writer *w, uint8_t tag, size_t end)
{
    size_t n = end - w->pos;
    if (n < 0x80) {
        put_byte(w, (uint8_t)n);
    } else {
        uint8_t octets = 0;
        for (; n != 0; n >>= 8, octets++)
            put_byte(w, (uint8_t)(n & 0xff));
        put_byte(w, (uint8_t)(0x80 | octets));
    }
    put_byte(w, tag);
}

/* Shortest two's complement of v. */
FUZZ_NO_COVERAGE static void put_signed(back_writer *w, uint8_t tag, int64_t v)
{
    size_t end = w->pos;
    uint64_t u = (uint64_t)v;
    size_t n = 1;
    while (n < 8) {
        /* n bytes suffice when the bits from the top one of the n bytes up
         * (65 - 8n of them) are all copies of the sign bit */
        uint64_t top = u >> (8 * n - 1);
        uint64_t all = (UINT64_C(1) << (65 - 8 * n)) - 1;
        if (top == 0 || top == all)
            break;
        n++;
    }
    for (size_t i = 0; i < n; i++)
        put_byte(w, (uint8_t)(u >> (8 * i)));
    put_header(w, tag, end);
}

/* Shortest unsigned form: big-endian, a leading 00 when the top bit is set. */
FUZZ_NO_COVERAGE static void put_unsigned(back_writer *w, uint8_t tag, uint64_t v)
{
    size_t end = w->pos;
    uint8_t last = 0;
    do {
        last = (uint8_t)(v & 0xff);
        put_byte(w, last);
        v >>= 8;
    } while (v != 0);
    if (last & 0x80)
        put_byte(w, 0);
    put_header(w, tag, end);
}

FUZZ_NO_COVERAGE static void put_subid(back_writer *w, uint64_t s)
{
    put_byte(w, (uint8_t)(s & 0x7f));
    for (s >>= 7; s != 0; s >>= 7)
        put_byte(w, (uint8_t)(0x80 | (s & 0x7f)));
}

/* An OID SNMP.md accepts: 2 to 128 arcs, each below 2^32, the first two
 * X.Y with X <= 2 and Y <= 39 under X < 2. */
FUZZ_NO_COVERAGE static bool oid_ok(const unsigned long *arcs, size_t n)
{
    if (n < 2 || n > SNMP_OID_MAX_ARCS || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39))
        return false;
    for (size_t i = 0; i < n; i++)
        if (arcs[i] > UINT32_MAX)
            return false;
    return true;
}

FUZZ_NO_COVERAGE static bool put_oid(back_writer *w, const unsigned long *arcs, size_t n)
{
    if (!oid_ok(arcs, n))
        return false;
    size_t end = w->pos;
    for (size_t i = n; i-- > 2;)
        put_subid(w, arcs[i]);
    put_subid(w, (uint64_t)arcs[0] * 40 + arcs[1]);
    put_header(w, SNMP_BER_OID, end);
    return true;
}

FUZZ_NO_COVERAGE static bool fits_int32(long v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* One varbind's value, when its type and value are ones SNMP.md takes. */
FUZZ_NO_COVERAGE static bool put_value(back_writer *w, const nsp_varbind *vb)
{
    size_t end = w->pos;
    switch (vb->type) {
    case SNMP_BER_INTEGER:
        if (!fits_int32(vb->integer))
            return false;
        put_signed(w, vb->type, vb->integer);
        return true;
    case SNMP_BER_IPADDRESS:
        if (vb->len != SNMP_BER_IPADDRESS_LEN)
            return false;
        /* fall through */
    case SNMP_BER_OCTET_STRING:
    case SNMP_BER_OPAQUE:
        for (size_t i = vb->len; i-- > 0;)
            put_byte(w, vb->bytes[i]);
        put_header(w, vb->type, end);
        return true;
    case SNMP_BER_COUNTER32:
    case SNMP_BER_GAUGE32:
    case SNMP_BER_TIMETICKS:
        if (vb->number > UINT32_MAX)
            return false;
        put_unsigned(w, vb->type, vb->number);
        return true;
    case SNMP_BER_COUNTER64:
        put_unsigned(w, vb->type, vb->number64);
        return true;
    case SNMP_BER_OID:
        return put_oid(w, vb->arcs, vb->arcs_len);
    case SNMP_BER_NULL:
    case SNMP_BER_NO_SUCH_OBJECT:
    case SNMP_BER_NO_SUCH_INSTANCE:
    case SNMP_BER_END_OF_MIB_VIEW:
        put_header(w, vb->type, end);
        return true;
    default:
        return false;
    }
}

enum { MAX_VARBINDS = SNMP_PDU_MAX_MESSAGE / 6 + 1 };   /* 30 04 06 00 05 00 */
static const void *cursors[MAX_VARBINDS];
static uint8_t canonical[SNMP_PDU_MAX_MESSAGE];

/*
 * net-snmp's reading of a message, encoded minimally; 0 when that reading
 * is not a request SNMP.md accepts (so no minimal encoding of it could be
 * one we must accept), or does not fit 65535 bytes.
 */
FUZZ_NO_COVERAGE static size_t encode_canonical(const nsp_message *m)
{
    if (m->version != SNMP_VERSION_1 && m->version != SNMP_VERSION_2C)
        return 0;
    bool request = m->command == SNMP_BER_GET_REQUEST || m->command == SNMP_BER_GET_NEXT_REQUEST ||
                   m->command == SNMP_BER_SET_REQUEST ||
                   (m->command == SNMP_BER_GET_BULK_REQUEST && m->version == SNMP_VERSION_2C);
    if (!request)
        return 0;
    /* Integer32 and INTEGER fields: net-snmp reads up to 8 bytes into a
     * long, and its 32-bit truncation (CHECK_OVERFLOW_S) leaves values
     * from 2^31 to 2^32-1 as they are. */
    if (!fits_int32(m->request_id) || !fits_int32(m->error_status) ||
        !fits_int32(m->error_index))
        return 0;
    size_t n = 0;
    for (const void *c = nsp_first_varbind(m); c != NULL; n++) {
        if (n == MAX_VARBINDS)
            return 0;
        cursors[n] = c;
        nsp_varbind vb;
        c = nsp_read_varbind(c, &vb);
    }
    back_writer w = {canonical, sizeof canonical, false};
    size_t end_message = w.pos, end_pdu = w.pos, end_list = w.pos;
    while (n-- > 0) {
        nsp_varbind vb;
        (void)nsp_read_varbind(cursors[n], &vb);
        size_t end_varbind = w.pos;
        if (!put_value(&w, &vb) || !put_oid(&w, vb.name, vb.name_len))
            return 0;
        put_header(&w, SNMP_BER_SEQUENCE, end_varbind);
    }
    put_header(&w, SNMP_BER_SEQUENCE, end_list);
    put_signed(&w, SNMP_BER_INTEGER, m->error_index);
    put_signed(&w, SNMP_BER_INTEGER, m->error_status);
    put_signed(&w, SNMP_BER_INTEGER, m->request_id);
    put_header(&w, (uint8_t)m->command, end_pdu);
    size_t end_community = w.pos;
    for (size_t i = m->community_len; i-- > 0;)
        put_byte(&w, m->community[i]);
    put_header(&w, SNMP_BER_OCTET_STRING, end_community);
    put_signed(&w, SNMP_BER_INTEGER, m->version);
    put_header(&w, SNMP_BER_SEQUENCE, end_message);
    if (w.over)
        return 0;
    return sizeof canonical - w.pos;
}

/*
 * The input with every length in its shortest form (BER allows longer ones,
 * and SNMP.md s.2 accepts them): each element's tag and content as they
 * are, constructed ones (tag bit 0x20) taken apart and rebuilt. Only as
 * deep as a request goes (Message, PDU, varbind list, varbind, value): a
 * deeper input cannot be the minimal encoding of one anyway.
 */
enum { NORMALIZE_DEPTH = 5 };

/* One element's header at p[0 .. len) as SNMP.md s.2 takes it:
 * single-byte tag, definite length of at most 4 octets (minimal or not),
 * content within len. */
FUZZ_NO_COVERAGE static bool element(const uint8_t *p, size_t len, size_t *hlen, size_t *clen)
{
    if (len < 2 || (p[0] & 0x1f) == 0x1f)
        return false;
    *hlen = 2;
    *clen = p[1];
    if (p[1] & 0x80) {
        size_t octets = p[1] & 0x7fu;
        if (octets == 0 || octets > SNMP_BER_MAX_LEN_OCTETS || len - 2 < octets)
            return false;
        *clen = 0;
        for (size_t i = 0; i < octets; i++)
            *clen = *clen << 8 | p[2 + i];
        *hlen += octets;
    }
    return *clen <= len - *hlen;
}

FUZZ_NO_COVERAGE static size_t length_octets(size_t n)
{
    size_t k = 1;
    if (n >= 0x80)
        for (; n != 0; n >>= 8)
            k++;
    return k;
}

/* Size of the elements of p[0 .. len) with minimal lengths; false when
 * they are not whole elements, or nest deeper than depth. */
FUZZ_NO_COVERAGE static bool normalized_size(const uint8_t *p, size_t len, int depth, size_t *size)
{
    *size = 0;
    if (depth == 0)
        return false;
    while (len != 0) {
        size_t hlen, clen, csize;
        if (!element(p, len, &hlen, &clen))
            return false;
        csize = clen;
        if ((p[0] & 0x20) && !normalized_size(p + hlen, clen, depth - 1, &csize))
            return false;
        *size += 1 + length_octets(csize) + csize;
        p += hlen + clen;
        len -= hlen + clen;
    }
    return true;
}

/* Writes what normalized_size measured (which said yes) to out. */
FUZZ_NO_COVERAGE static uint8_t *put_normalized(uint8_t *out, const uint8_t *p, size_t len,
                                                int depth)
{
    while (len != 0) {
        size_t hlen = 0, clen = 0, csize = 0;
        (void)element(p, len, &hlen, &clen);
        csize = clen;
        if (p[0] & 0x20)
            (void)normalized_size(p + hlen, clen, depth - 1, &csize);
        *out++ = p[0];
        size_t k = length_octets(csize);
        if (k == 1) {
            *out++ = (uint8_t)csize;
        } else {
            *out++ = (uint8_t)(0x80 | (k - 1));
            for (size_t i = k - 1; i-- > 0;)
                *out++ = (uint8_t)(csize >> (8 * i));
        }
        if (p[0] & 0x20) {
            out = put_normalized(out, p + hlen, clen, depth - 1);
        } else {
            memcpy(out, p + hlen, clen);
            out += clen;
        }
        p += hlen + clen;
        len -= hlen + clen;
    }
    return out;
}

static uint8_t normalized[SNMP_PDU_MAX_MESSAGE];

/* ---- we refuse, net-snmp accepts ---- */

FUZZ_NO_COVERAGE static diff_class refused_by_us(const uint8_t *data, size_t size,
                                                 const snmp_pdu_why *why, const nsp_message *m)
{
    size_t len = encode_canonical(m);
    size_t nsize = 0;
    if (len != 0 && normalized_size(data, size, NORMALIZE_DEPTH, &nsize) && nsize == len) {
        fuzz_check(put_normalized(normalized, data, size, NORMALIZE_DEPTH) == normalized + len);
        if (memcmp(normalized, canonical + sizeof canonical - len, len) == 0)
            fuzz_fail("we refuse a well-formed request: net-snmp's reading, encoded minimally, "
                      "is the input with its lengths made minimal");
    }
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        if (allowed[i].reason == why->reason && allowed[i].ber == why->ber)
            return allowed[i].cls;
    }
    fprintf(stderr, "refused for \"%s\" at %s, offset %zu\n", snmp_pdu_reason_text(why),
            snmp_pdu_at_name(why->at), why->offset);
    fuzz_fail("net-snmp accepts a message we refuse for a reason outside SNMP.md s.2's rules");
}

/* ---- what our decoder read ---- */

/* One of our decoded varbinds, read back by snmp_pdu_next_varbind. */
typedef struct our_varbind {
    snmp_oid name;
    snmp_smi value;
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
} our_varbind;

static our_varbind ours;

/* ---- we accept, net-snmp refuses ---- */

static uint8_t patched[SNMP_PDU_MAX_MESSAGE];

/* The value of the subidentifier at p (whole and minimal: our decoder took it). */
FUZZ_NO_COVERAGE static uint64_t first_subid(const uint8_t *p)
{
    uint64_t s = 0;
    do
        s = s << 7 | (*p & 0x7fu);
    while (*p++ & 0x80);
    return s;
}

/*
 * If the OID content at c starts with a subidentifier above 2^32-1 (2.Y
 * for Y > 2^32-81; always 5 bytes, below 2^35), writes 8f ff ff ff 7f
 * (2^32-1, so 2.(2^32-81)) over it in patched; true if it did.
 */
FUZZ_NO_COVERAGE static bool patch_first_subid(const uint8_t *data, const snmp_ber_reader *c)
{
    if (first_subid(c->p) <= UINT32_MAX)
        return false;
    static const uint8_t below[5] = {0x8f, 0xff, 0xff, 0xff, 0x7f};
    memcpy(patched + (c->p - data), below, sizeof below);
    return true;
}

/* The next varbind of a list our decoder checked: its name's and value's
 * contents (views into the message); returns the value's tag. */
FUZZ_NO_COVERAGE static uint8_t raw_varbind(snmp_ber_reader *list, snmp_ber_reader *name,
                                            snmp_ber_reader *value)
{
    snmp_ber_reader vb;
    uint8_t tag;
    size_t hlen;
    fuzz_check(snmp_ber_read_tlv(list, &tag, &vb, &hlen) == SNMP_OK);
    fuzz_check(snmp_ber_read_tlv(&vb, &tag, name, &hlen) == SNMP_OK);
    fuzz_check(snmp_ber_read_tlv(&vb, &tag, value, &hlen) == SNMP_OK);
    return tag;
}

/*
 * A message we accept and net-snmp refuses must be one that net-snmp's own
 * limits refuse, shown exactly: net-snmp must accept the same message once
 * the property is taken out of it (in a copy, the same length).
 */
FUZZ_NO_COVERAGE static diff_class refused_by_netsnmp(const uint8_t *data, size_t size,
                                                      const snmp_pdu_request *req)
{
    /* snmp_parse reads the community into a COMMUNITY_MAX_LEN (256) byte
     * buffer, and asn_parse_string refuses a longer string; the community
     * is the first thing it reads after the version. */
    if (req->community_len > 256)
        return C_NS_COMMUNITY_OVER_256;

    /* net-snmp bounds every subidentifier at 2^32-1 (MAX_SUBID), the first
     * one too, which holds two arcs (X.690 8.19.4): 2.Y for Y > 2^32-81 is
     * an OID whose arcs all fit 32 bits (SNMP.md s.2) that it cannot read.
     * And it reads an Opaque whose content starts 9f 76 (Counter64), 9f 78
     * (float), 9f 79 (double), 9f 7a (I64) or 9f 7b (U64) as that type of
     * its own (NETSNMP_WITH_OPAQUE_SPECIAL_TYPES, on in Debian), refusing
     * the message when the rest is not that type's form. */
    memcpy(patched, data, size);
    bool subids = false, opaques = false;
    snmp_ber_reader list = req->varbinds;
    while (list.len != 0) {
        snmp_ber_reader name, value;
        uint8_t tag = raw_varbind(&list, &name, &value);
        if (patch_first_subid(data, &name))
            subids = true;
        if (tag == SNMP_BER_OID && patch_first_subid(data, &value))
            subids = true;
        if (tag == SNMP_BER_OPAQUE && value.len > 2 && value.p[0] == 0x9f &&
            (value.p[1] == 0x76 || (value.p[1] >= 0x78 && value.p[1] <= 0x7b)))
            opaques = true;
    }
    nsp_message m;
    bool not_v1v2c = false;
    if (subids && nsp_parse(patched, size, &m, &not_v1v2c)) {
        nsp_free(&m);
        return C_NS_FIRST_SUBID;
    }
    if (opaques) {
        /* 9f becomes 00: a plain Opaque to net-snmp too */
        list = req->varbinds;
        while (list.len != 0) {
            snmp_ber_reader name, value;
            uint8_t tag = raw_varbind(&list, &name, &value);
            if (tag == SNMP_BER_OPAQUE && value.len > 2 && value.p[0] == 0x9f)
                patched[value.p - data] = 0x00;
        }
        if (nsp_parse(patched, size, &m, &not_v1v2c)) {
            nsp_free(&m);
            return C_NS_OPAQUE_SPECIAL_REFUSED;
        }
    }
    fuzz_fail("net-snmp refuses a message we accept, and not for a known limit of its own");
}

/* net-snmp's reading of an Opaque (see refused_by_netsnmp): true when v is
 * an Opaque net-snmp reads as one of its special types. */
FUZZ_NO_COVERAGE static bool opaque_special(const snmp_smi *v)
{
    if (v->type != SNMP_BER_OPAQUE || v->len <= 2 || v->bytes[0] != 0x9f)
        return false;
    uint8_t t = v->bytes[1];
    return t == 0x76 || (t >= 0x78 && t <= 0x7b);
}

/* ---- both accept ---- */

FUZZ_NO_COVERAGE static bool same_arcs(const uint32_t *a, size_t n, const unsigned long *b,
                                       size_t m)
{
    if (n != m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

FUZZ_NO_COVERAGE static bool same_bytes(const uint8_t *a, size_t n, const uint8_t *b, size_t m)
{
    return n == m && (n == 0 || memcmp(a, b, n) == 0);
}

/* One varbind's value; true when net-snmp read an Opaque special type where
 * we read the Opaque it is. */
FUZZ_NO_COVERAGE static bool compare_value(const snmp_smi *v, const nsp_varbind *vb)
{
    if (vb->type != v->type && opaque_special(v) && vb->type == v->bytes[1])
        return true;
    fuzz_check(vb->type == v->type);
    switch (v->type) {
    case SNMP_BER_INTEGER:
        fuzz_check(vb->integer == v->integer);
        break;
    case SNMP_BER_COUNTER32:
    case SNMP_BER_GAUGE32:
    case SNMP_BER_TIMETICKS:
        fuzz_check(vb->number == v->number);
        break;
    case SNMP_BER_COUNTER64:
        fuzz_check(vb->number64 == v->number);
        break;
    case SNMP_BER_OCTET_STRING:
    case SNMP_BER_OPAQUE:
    case SNMP_BER_IPADDRESS:
        fuzz_check(same_bytes(v->bytes, v->len, vb->bytes, vb->len));
        break;
    case SNMP_BER_OID:
        fuzz_check(same_arcs(v->arcs, v->len, vb->arcs, vb->arcs_len));
        break;
    default:   /* NULL and the exceptions: the type is all */
        break;
    }
    return false;
}

FUZZ_NO_COVERAGE static diff_class both_accept(const snmp_pdu_request *req, const nsp_message *m)
{
    diff_class cls = C_BOTH_ACCEPT;
    fuzz_check(m->version == req->version);
    fuzz_check(m->command == req->pdu_type);
    fuzz_check(m->request_id == req->request_id);
    fuzz_check(m->error_status == req->error_status);
    fuzz_check(m->error_index == req->error_index);
    if (!same_bytes(req->community, req->community_len, m->community, m->community_len)) {
        /* snmp_comstr_parse ends the community with a NUL at
         * psid[min(len, 255)] of its 256-byte buffer: a 256-byte community
         * loses its last byte to that NUL (net-snmp's bug). */
        fuzz_check(req->community_len == 256 && m->community_len == 256);
        fuzz_check(memcmp(req->community, m->community, 255) == 0 && m->community[255] == 0);
        cls = C_NS_COMMUNITY_256;
    }
    snmp_ber_reader list = req->varbinds;
    const void *c = nsp_first_varbind(m);
    size_t count = 0;
    while (snmp_pdu_next_varbind(&list, &ours.name, &ours.value, ours.value_arcs) == SNMP_OK) {
        fuzz_check(c != NULL);
        nsp_varbind vb;
        c = nsp_read_varbind(c, &vb);
        fuzz_check(same_arcs(ours.name.arcs, ours.name.len, vb.name, vb.name_len));
        if (compare_value(&ours.value, &vb) && cls == C_BOTH_ACCEPT)
            cls = C_NS_OPAQUE_SPECIAL;
        count++;
    }
    fuzz_check(c == NULL);
    fuzz_check(count == req->varbind_count);
    return cls;
}

/*
 * The well-formedness check of refused_by_us trusts encode_canonical and
 * the length normalizer; this checks both on every message the two sides
 * read alike. Our decoder takes only minimal integers and subidentifiers
 * and lengths of at most 4 octets, so the input with its lengths made
 * minimal is exactly the minimal encoding of that reading.
 */
FUZZ_NO_COVERAGE static void check_encoder(const uint8_t *data, size_t size, const nsp_message *m)
{
    size_t len = encode_canonical(m);
    fuzz_check(len > 0 && len <= size);
    size_t nsize = 0;
    fuzz_check(normalized_size(data, size, NORMALIZE_DEPTH, &nsize) && nsize == len);
    fuzz_check(put_normalized(normalized, data, size, NORMALIZE_DEPTH) == normalized + len);
    fuzz_check(memcmp(normalized, canonical + sizeof canonical - len, len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init_once();
    snmp_pdu_request req;
    snmp_pdu_why why;
    bool we_accept = snmp_pdu_decode(data, size, &req, &why) == SNMP_OK;
    nsp_message m;
    bool not_v1v2c = false;
    bool they_accept = nsp_parse(data, size, &m, &not_v1v2c);

    diff_class cls;
    if (we_accept && they_accept) {
        cls = both_accept(&req, &m);
        if (cls == C_BOTH_ACCEPT)
            check_encoder(data, size, &m);
    } else if (we_accept)
        cls = refused_by_netsnmp(data, size, &req);
    else if (they_accept)
        cls = refused_by_us(data, size, &why, &m);
    else
        cls = C_BOTH_REFUSE;
    if (they_accept)
        nsp_free(&m);
    note(cls);
    return 0;
}
