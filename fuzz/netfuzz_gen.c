/*
 * Requests for the network fuzzer: valid ones, taken apart into their
 * fields once, and mutations of them at two levels. Structure: a message
 * is its version, community, PDU tag, three integers and a list of varbinds,
 * each a view; mutations swap fields for edge values, splice, repeat or drop
 * varbinds, and write a SEQUENCE's length in another form (non-minimal,
 * wrong, indefinite, five octets), re-computing every enclosing length.
 * Bytes: bit flips, edge byte values, inserts, deletes, duplicated runs,
 * truncation, on the serialized message. A few go out untouched.
 */
#include "netfuzz_gen.h"

#include <stdlib.h>
#include <string.h>

#include "snmp/arcs.h"
#include "snmp/ber.h"
#include "snmp/message.h"

/* ---- random numbers ---- */

uint64_t nf_next(nf_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

nf_rng nf_rng_of(uint64_t seed, uint64_t stream)
{
    nf_rng r = {seed ^ (stream * 0xd1342543de82ef95u)};
    (void)nf_next(&r);
    return r;
}

uint32_t nf_below(nf_rng *r, uint32_t n)
{
    return (uint32_t)(nf_next(r) % n);
}

bool nf_one_in(nf_rng *r, uint32_t n)
{
    return nf_below(r, n) == 0;
}

/* ---- views and a per-message arena for the bytes mutations make ---- */

typedef struct view {
    const uint8_t *p;
    size_t len;
} view;

/* Big enough for a padding varbind of a 65535-byte message and the odd edits. */
static uint8_t arena[200000];
static size_t arena_used;

static uint8_t *arena_take(size_t n)
{
    if (n > sizeof arena - arena_used)
        return NULL;
    uint8_t *p = arena + arena_used;
    arena_used += n;
    return p;
}

/* ---- a message taken apart ---- */

enum len_kind { LEN_MINIMAL, LEN_81, LEN_82, LEN_84, LEN_DELTA, LEN_INDEFINITE, LEN_85 };

typedef struct len_form {
    enum len_kind kind;
    int32_t delta;
} len_form;

typedef struct parts {
    view version, community, rid, e1, e2;   /* whole TLVs */
    uint8_t pdu_tag;
    len_form msg_form, pdu_form, list_form;
    size_t odd_vb;        /* the varbind written with odd_form, or SIZE_MAX */
    len_form odd_form;
    size_t vb_count;
    view vbs[NF_MAX_VBS];   /* each varbind's content: name TLV, value TLV */
} parts;

typedef struct base {
    uint8_t *bytes;
    size_t len;
    bool seed;
    parts *p;   /* SNMP only */
} base;

struct nf_bases {
    base items[NF_MAX_BASES];
    size_t count;
    size_t snmp[NF_MAX_BASES], snmp_count;
    size_t seed[NF_MAX_BASES], seed_count;
};

nf_bases *nf_bases_new(void)
{
    return calloc(1, sizeof(nf_bases));
}

void nf_bases_free(nf_bases *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->count; i++) {
        free(b->items[i].bytes);
        free(b->items[i].p);
    }
    free(b);
}

size_t nf_bases_snmp_count(const nf_bases *b)
{
    return b->snmp_count;
}

size_t nf_bases_seed_count(const nf_bases *b)
{
    return b->seed_count;
}

/* Reads one TLV and gives its whole span. */
static bool read_span(snmp_ber_reader *r, view *whole, uint8_t *tag, snmp_ber_reader *content)
{
    const uint8_t *start = r->p;
    size_t header;
    if (snmp_ber_read_tlv(r, tag, content, &header) != SNMP_OK)
        return false;
    *whole = (view){start, (size_t)(r->p - start)};
    return true;
}

static bool take_apart(const uint8_t *msg, size_t len, parts *p)
{
    snmp_ber_reader whole = snmp_ber_reader_of(msg, len), m, pdu, list, c;
    uint8_t tag;
    view v;
    memset(p, 0, sizeof *p);
    p->odd_vb = SIZE_MAX;
    if (snmp_ber_read_expect(&whole, SNMP_BER_SEQUENCE, &m) != SNMP_OK || whole.len != 0)
        return false;
    if (!read_span(&m, &p->version, &tag, &c) || tag != SNMP_BER_INTEGER)
        return false;
    if (!read_span(&m, &p->community, &tag, &c) || tag != SNMP_BER_OCTET_STRING)
        return false;
    if (!read_span(&m, &v, &p->pdu_tag, &pdu) || m.len != 0)
        return false;
    if (!read_span(&pdu, &p->rid, &tag, &c) || !read_span(&pdu, &p->e1, &tag, &c) ||
        !read_span(&pdu, &p->e2, &tag, &c))
        return false;
    if (snmp_ber_read_expect(&pdu, SNMP_BER_SEQUENCE, &list) != SNMP_OK || pdu.len != 0)
        return false;
    while (list.len > 0) {
        snmp_ber_reader vb;
        if (p->vb_count == NF_MAX_VBS ||
            snmp_ber_read_expect(&list, SNMP_BER_SEQUENCE, &vb) != SNMP_OK)
            return false;
        p->vbs[p->vb_count++] = (view){vb.p, vb.len};
    }
    return true;
}

static bool add_base(nf_bases *b, const uint8_t *msg, size_t len, bool seed)
{
    if (b->count == NF_MAX_BASES || len == 0)
        return false;
    base *it = &b->items[b->count];
    it->bytes = malloc(len);
    if (it->bytes == NULL)
        return false;
    memcpy(it->bytes, msg, len);
    it->len = len;
    it->seed = seed;
    it->p = NULL;
    if (!seed) {
        it->p = malloc(sizeof *it->p);
        if (it->p == NULL || !take_apart(it->bytes, len, it->p)) {
            free(it->p);
            free(it->bytes);
            return false;
        }
        b->snmp[b->snmp_count++] = b->count;
    } else {
        b->seed[b->seed_count++] = b->count;
    }
    b->count++;
    return true;
}

bool nf_bases_add_snmp(nf_bases *b, const uint8_t *msg, size_t len)
{
    return add_base(b, msg, len, false);
}

/* ---- serializing parts, with each SEQUENCE's length form ---- */

static size_t minimal_octets(uint64_t v)
{
    if (v < 0x80)
        return 0;
    size_t n = 1;
    while (n < 8 && (v >> (8 * n)) != 0)
        n++;
    return n;
}

/* The value a length field says: the content's length, or off by delta. */
static uint64_t said_len(len_form f, size_t len)
{
    if (f.kind != LEN_DELTA)
        return len;
    int64_t v = (int64_t)len + f.delta;
    if (v < 0)
        return 0;
    if (v > 0xffffffffll)
        return 0xffffffffu;
    return (uint64_t)v;
}

/* The length form actually used: a non-minimal form that cannot hold the
 * value falls back to the minimal one. */
static enum len_kind form_kind(len_form f, uint64_t v)
{
    if ((f.kind == LEN_81 && v > 0xff) || (f.kind == LEN_82 && v > 0xffff))
        return LEN_MINIMAL;
    return f.kind;
}

static size_t header_size(len_form f, size_t len)
{
    uint64_t v = said_len(f, len);
    switch (form_kind(f, v)) {
    case LEN_81: return 3;
    case LEN_82: return 4;
    case LEN_84: return 6;
    case LEN_85: return 7;
    case LEN_INDEFINITE: return 2;
    default: return 2 + minimal_octets(v);
    }
}

static size_t put_header(uint8_t *out, uint8_t tag, len_form f, size_t len)
{
    uint64_t v = said_len(f, len);
    size_t n = 0;
    out[n++] = tag;
    switch (form_kind(f, v)) {
    case LEN_81: out[n++] = 0x81; out[n++] = (uint8_t)v; break;
    case LEN_82: out[n++] = 0x82; out[n++] = (uint8_t)(v >> 8); out[n++] = (uint8_t)v; break;
    case LEN_84:
    case LEN_85:
        out[n++] = form_kind(f, v) == LEN_84 ? 0x84 : 0x85;
        if (form_kind(f, v) == LEN_85)
            out[n++] = 0;
        for (int s = 24; s >= 0; s -= 8)
            out[n++] = (uint8_t)(v >> s);
        break;
    case LEN_INDEFINITE: out[n++] = 0x80; break;
    default: {
        size_t k = minimal_octets(v);
        if (k == 0) {
            out[n++] = (uint8_t)v;
        } else {
            out[n++] = (uint8_t)(0x80 | k);
            for (size_t i = k; i-- > 0;)
                out[n++] = (uint8_t)(v >> (8 * i));
        }
    }
    }
    return n;
}

static const len_form MINIMAL = {LEN_MINIMAL, 0};

static len_form vb_form(const parts *p, size_t i)
{
    return i == p->odd_vb ? p->odd_form : MINIMAL;
}

/* Whole size of the serialized message; writes it when out has room. */
static size_t serialize(const parts *p, uint8_t *out, size_t cap)
{
    size_t list = 0;
    for (size_t i = 0; i < p->vb_count; i++)
        list += header_size(vb_form(p, i), p->vbs[i].len) + p->vbs[i].len;
    size_t list_whole = header_size(p->list_form, list) + list;
    size_t pdu = p->rid.len + p->e1.len + p->e2.len + list_whole;
    size_t pdu_whole = header_size(p->pdu_form, pdu) + pdu;
    size_t msg = p->version.len + p->community.len + pdu_whole;
    size_t total = header_size(p->msg_form, msg) + msg;
    if (out == NULL || total > cap)
        return total;
    size_t n = put_header(out, SNMP_BER_SEQUENCE, p->msg_form, msg);
    const view *fields[] = {&p->version, &p->community};
    for (size_t i = 0; i < 2; i++) {
        memcpy(out + n, fields[i]->p, fields[i]->len);
        n += fields[i]->len;
    }
    n += put_header(out + n, p->pdu_tag, p->pdu_form, pdu);
    const view *ints[] = {&p->rid, &p->e1, &p->e2};
    for (size_t i = 0; i < 3; i++) {
        memcpy(out + n, ints[i]->p, ints[i]->len);
        n += ints[i]->len;
    }
    n += put_header(out + n, SNMP_BER_SEQUENCE, p->list_form, list);
    for (size_t i = 0; i < p->vb_count; i++) {
        n += put_header(out + n, SNMP_BER_SEQUENCE, vb_form(p, i), p->vbs[i].len);
        memcpy(out + n, p->vbs[i].p, p->vbs[i].len);
        n += p->vbs[i].len;
    }
    return n;
}

/* ---- building requests ---- */

typedef struct wbuf {
    uint8_t *p;
    size_t cap, len;
    bool ok;
} wbuf;

/* n is read only after the call that wrote it has returned (the order in
 * which a call's arguments are evaluated is unspecified). */
static void w_status(wbuf *w, snmp_status st, const size_t *n)
{
    if (st != SNMP_OK)
        w->ok = false;
    else
        w->len += *n;
}

static void w_int(wbuf *w, uint8_t tag, int32_t v)
{
    size_t n = 0;
    w_status(w, snmp_ber_put_int32(w->p + w->len, w->cap - w->len, tag, v, &n), &n);
}

static void w_octets(wbuf *w, uint8_t tag, const void *bytes, size_t len)
{
    size_t n = 0;
    w_status(w, snmp_ber_put_octets(w->p + w->len, w->cap - w->len, tag, bytes, len, &n), &n);
}

static void w_oid_text(wbuf *w, const char *text)
{
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    size_t count = 0, n = 0;
    if (snmp_arcs_from_text(text, strlen(text), arcs, SNMP_OID_MAX_ARCS, &count) != SNMP_OK) {
        w->ok = false;
        return;
    }
    w_status(w, snmp_ber_put_oid(w->p + w->len, w->cap - w->len, arcs, count, &n), &n);
}

/* Wraps w->p[start .. len) in a header of tag (moving the content). */
static void w_wrap(wbuf *w, size_t start, uint8_t tag)
{
    size_t content = w->len - start;
    size_t h = header_size(MINIMAL, content);
    if (!w->ok || w->cap - w->len < h) {
        w->ok = false;
        return;
    }
    memmove(w->p + start + h, w->p + start, content);
    (void)put_header(w->p + start, tag, MINIMAL, content);
    w->len += h;
}

/* One varbind to build: name, then a value of type (number or text). */
typedef struct bvb {
    const char *name;
    uint8_t type;
    int64_t number;
    const char *text;
} bvb;

static void w_varbind(wbuf *w, const bvb *v)
{
    size_t start = w->len, n = 0;
    w_oid_text(w, v->name);
    switch (v->type) {
    case SNMP_BER_INTEGER:
        w_int(w, SNMP_BER_INTEGER, (int32_t)v->number);
        break;
    case SNMP_BER_OCTET_STRING:
    case SNMP_BER_OPAQUE:
        w_octets(w, v->type, v->text, strlen(v->text));
        break;
    case SNMP_BER_OID:
        w_oid_text(w, v->text);
        break;
    case SNMP_BER_COUNTER32:
    case SNMP_BER_GAUGE32:
    case SNMP_BER_TIMETICKS:
    case SNMP_BER_COUNTER64:
        w_status(w, snmp_ber_put_uint(w->p + w->len, w->cap - w->len, v->type,
                                      (uint64_t)v->number, &n), &n);
        break;
    case SNMP_BER_IPADDRESS:
        w_octets(w, v->type, "\x7f\x00\x00\x01", 4);
        break;
    default:
        w_status(w, snmp_ber_put_empty(w->p + w->len, w->cap - w->len, v->type, &n), &n);
    }
    w_wrap(w, start, SNMP_BER_SEQUENCE);
}

static bool build(nf_bases *b, int32_t version, const char *community, uint8_t pdu,
                  int32_t rid, int32_t e1, int32_t e2, const bvb *vbs, size_t count)
{
    static uint8_t buf[NF_MAX_OUT];
    wbuf w = {buf, sizeof buf, 0, true};
    w_int(&w, SNMP_BER_INTEGER, version);
    w_octets(&w, SNMP_BER_OCTET_STRING, community, strlen(community));
    size_t pdu_start = w.len;
    w_int(&w, SNMP_BER_INTEGER, rid);
    w_int(&w, SNMP_BER_INTEGER, e1);
    w_int(&w, SNMP_BER_INTEGER, e2);
    size_t list_start = w.len;
    for (size_t i = 0; i < count; i++)
        w_varbind(&w, &vbs[i]);
    w_wrap(&w, list_start, SNMP_BER_SEQUENCE);
    w_wrap(&w, pdu_start, pdu);
    w_wrap(&w, 0, SNMP_BER_SEQUENCE);
    return w.ok && add_base(b, buf, w.len, false);
}

#define SYS(n) "1.3.6.1.2.1.1." n
#define NUL(n) {(n), SNMP_BER_NULL, 0, NULL}

static const bvb get_one[] = {NUL(SYS("1.0"))};
static const bvb get_mixed[] = {NUL(SYS("5.0")), NUL(SYS("3.0")), NUL(SYS("99.0")),
                                NUL(SYS("5.1")), NUL("1.3.6.1.2.1.2.2.1.2.1"),
                                NUL("1.3.6.1.2.1.11.1.0")};
static const bvb next_edges[] = {NUL("1.3.6.1.2.1.1"), NUL("1.3.6.1.2.1.11.32.0"),
                                 NUL("2.999"), NUL("0.0"), NUL("1.3.6.1.2.1.2.2.1.10")};
static const bvb bulk_cols[] = {NUL(SYS("3.0")), NUL("1.3.6.1.2.1.2.2.1.2"),
                                NUL("1.3.6.1.2.1.2.2.1.10")};
static const bvb bulk_all[] = {NUL("1.3")};
static const bvb set_ok[] = {{SYS("4.0"), SNMP_BER_OCTET_STRING, 0, "netfuzz@localhost"},
                             {SYS("6.0"), SNMP_BER_OCTET_STRING, 0, "rack 7"}};
static const bvb set_fails[] = {{SYS("5.0"), SNMP_BER_OCTET_STRING, 0, "fuzz"},
                                {SYS("1.0"), SNMP_BER_OCTET_STRING, 0, "read-only"},
                                {SYS("5.0"), SNMP_BER_INTEGER, 7, NULL},
                                {SYS("5.1"), SNMP_BER_OCTET_STRING, 0, "no creation"},
                                {SYS("6.0"), SNMP_BER_OCTET_STRING, 0, "\xc3\x28"}};
static const bvb set_types[] = {{SYS("4.0"), SNMP_BER_COUNTER32, 4294967295ll, NULL},
                                {SYS("4.0"), SNMP_BER_COUNTER64, 0x7fffffffffffffffll, NULL},
                                {SYS("4.0"), SNMP_BER_IPADDRESS, 0, NULL},
                                {SYS("4.0"), SNMP_BER_OID, 0, "1.3.6.1.4.1"},
                                {SYS("4.0"), SNMP_BER_OPAQUE, 0, "\x01\x02"},
                                {SYS("4.0"), SNMP_BER_TIMETICKS, 100, NULL},
                                {SYS("4.0"), SNMP_BER_GAUGE32, 0, NULL},
                                {SYS("4.0"), SNMP_BER_NO_SUCH_OBJECT, 0, NULL},
                                {SYS("4.0"), SNMP_BER_END_OF_MIB_VIEW, 0, NULL}};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool add_seed(nf_bases *b, uint8_t pdu, const snmp_binding *bs, uint8_t count)
{
    snmp_message m;
    memset(&m, 0, sizeof m);
    m.request_id = 0x6e66;
    m.pdu_type = pdu;
    m.count = count;
    memcpy(m.bindings, bs, count * sizeof *bs);
    uint8_t buf[1024];
    size_t len = 0;
    return snmp_msg_pack(&m, buf, sizeof buf, &len) == SNMP_OK && add_base(b, buf, len, true);
}

static bool add_seed_bases(nf_bases *b)
{
    static const uint8_t descr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
    static const uint8_t name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    static const uint8_t uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
    static const uint8_t missing[] = {1, 3, 6, 1, 2, 1, 1, 99, 0};
    static const uint8_t contact[] = {1, 3, 6, 1, 2, 1, 1, 4, 0};
    static const uint8_t seven[] = {0, 0, 0, 7};
    const snmp_binding get1[] = {{descr, NULL, 0, sizeof descr, 0}};
    const snmp_binding get3[] = {{name, NULL, 0, sizeof name, 0},
                                 {uptime, NULL, 0, sizeof uptime, 0},
                                 {missing, NULL, 0, sizeof missing, 0}};
    const snmp_binding set_contact[] = {{contact, (const uint8_t *)"seed@fuzz", 9, sizeof contact,
                                    SNMP_TYPE_STRING}};
    const snmp_binding set_bad[] = {{name, seven, 4, sizeof name, SNMP_TYPE_INTEGER}};
    return add_seed(b, SNMP_PDU_GET_REQUEST, get1, 1) &&
           add_seed(b, SNMP_PDU_GET_REQUEST, get3, 3) &&
           add_seed(b, SNMP_PDU_SET_REQUEST, set_contact, 1) &&
           add_seed(b, SNMP_PDU_SET_REQUEST, set_bad, 1);
}

bool nf_bases_add_builtin(nf_bases *b)
{
    static const char *const communities[] = {"public", "private"};
    bool ok = true;
    for (int32_t version = 0; version <= 1; version++) {
        for (size_t c = 0; c < 2; c++) {
            const char *com = communities[c];
            int32_t rid = 0x4e460000 + version * 16 + (int32_t)c;
            ok = ok && build(b, version, com, SNMP_BER_GET_REQUEST, rid, 0, 0, get_one, 1);
            ok = ok && build(b, version, com, SNMP_BER_GET_REQUEST, rid, 0, 0, get_mixed,
                             COUNT(get_mixed));
            ok = ok && build(b, version, com, SNMP_BER_GET_NEXT_REQUEST, rid, 0, 0, next_edges,
                             COUNT(next_edges));
            ok = ok && build(b, version, com, SNMP_BER_SET_REQUEST, rid, 0, 0, set_ok,
                             COUNT(set_ok));
            ok = ok && build(b, version, com, SNMP_BER_SET_REQUEST, rid, 0, 0, set_fails,
                             COUNT(set_fails));
            ok = ok && build(b, version, com, SNMP_BER_SET_REQUEST, rid, 0, 0, set_types,
                             COUNT(set_types));
            if (version == 1) {
                ok = ok && build(b, version, com, SNMP_BER_GET_BULK_REQUEST, rid, 1, 20,
                                 bulk_cols, COUNT(bulk_cols));
                ok = ok && build(b, version, com, SNMP_BER_GET_BULK_REQUEST, rid, 0,
                                 2147483647, bulk_all, 1);
                ok = ok && build(b, version, com, SNMP_BER_GET_BULK_REQUEST, rid, -1, -1,
                                 bulk_cols, COUNT(bulk_cols));
            }
        }
    }
    return ok && add_seed_bases(b);
}

/* ---- edge values for structure mutations ---- */

/* TLVs; "\0" inside a literal is a byte, so each has its length. */
typedef struct tlv {
    const char *bytes;
    size_t len;
} tlv;
#define T(s) {s, sizeof(s) - 1}

static const tlv versions[] = {T("\x02\x01\x00"), T("\x02\x01\x01"), T("\x02\x01\x02"),
                               T("\x02\x01\x03"), T("\x02\x01\xff"), T("\x02\x02\x00\x01"),
                               T("\x02\x00"), T("\x04\x01\x01"), T("\x02\x02\x01\x00")};
static const tlv communities_tlv[] = {T("\x04\x06public"), T("\x04\x07private"),
                                      T("\x04\x00"), T("\x04\x06PUBLIC"), T("\x04\x05publi"),
                                      T("\x04\x07public\x00"), T("\x24\x06public"),
                                      T("\x04\x81\x06public")};
static const tlv ints[] = {T("\x02\x01\x00"), T("\x02\x01\x01"), T("\x02\x01\xff"),
                           T("\x02\x04\x7f\xff\xff\xff"), T("\x02\x04\x80\x00\x00\x00"),
                           T("\x02\x02\x03\xe8"), T("\x02\x02\x03\xe9"), T("\x02\x02\x13\x88"),
                           T("\x02\x05\x00\x80\x00\x00\x00"), T("\x02\x02\x00\x01"),
                           T("\x02\x00"), T("\x02\x01\x7f"), T("\x02\x01\x80"),
                           T("\x02\x02\x00\x80"), T("\x41\x01\x01"), T("\x05\x00")};
static const tlv values[] = {
    T("\x05\x00"), T("\x05\x01\x00"), T("\x02\x01\x00"), T("\x02\x04\x80\x00\x00\x00"),
    T("\x02\x05\xff\x80\x00\x00\x00"), T("\x02\x00"), T("\x04\x00"), T("\x04\x02\xc3\x28"),
    T("\x04\x03\xef\xbf\xbf"), T("\x04\x04\xf4\x90\x80\x80"), T("\x06\x03\x2b\x06\x01"),
    T("\x06\x00"), T("\x06\x02\x2b\x80"), T("\x06\x03\x2b\x80\x01"),
    T("\x06\x06\x2b\x8f\xff\xff\xff\x7f"), T("\x06\x06\x2b\x90\x80\x80\x80\x00"),
    T("\x40\x04\x7f\x00\x00\x01"), T("\x40\x03\x7f\x00\x00"), T("\x41\x05\x00\xff\xff\xff\xff"),
    T("\x41\x01\x80"), T("\x41\x06\x00\x01\x00\x00\x00\x00"), T("\x42\x01\x00"),
    T("\x43\x04\x7f\xff\xff\xff"), T("\x44\x02\x01\x02"),
    T("\x46\x09\x00\xff\xff\xff\xff\xff\xff\xff\xff"), T("\x46\x08\xff\xff\xff\xff\xff\xff\xff\xff"),
    T("\x80\x00"), T("\x81\x00"), T("\x82\x00"), T("\x82\x01\x00"), T("\x24\x00"),
    T("\x1f\x01\x00"), T("\xa2\x00"), T("\x30\x00"), T("\x47\x00"), T("\x04\x80\x00\x00")};
static const uint8_t pdu_tags[] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
                                   0xa9, 0x30, 0x80, 0xbf, 0xe0, 0x20, 0x00};
static const char *const names[] = {
    SYS("1.0"), SYS("5.0"), SYS("4.0"), SYS("5.1"), SYS("5"), SYS("99.0"), SYS("3.0"),
    "1.3.6.1.2.1.11.30.0", "1.3.6.1.2.1.11.31.0", "1.3.6.1.2.1.11.1.0", "0.0", "2.999",
    "2.4294967215", "1.3.6.1.2.1.2.2.1.2.4294967295", "1.3.6.1.2.1.2.2.1.16", "1.3.6.1.4.1",
    "1.3", "1.3.6.1.2.1.2.2.1.10.3"};

/* The interesting bytes of the task: 0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff. */
static const uint8_t edge_bytes[] = {0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff,
                                     0x30, 0x02, 0x04, 0x05, 0x06, 0x01, 0x85};

static view view_of(const tlv *t)
{
    return (view){(const uint8_t *)t->bytes, t->len};
}

/* A name TLV of dotted text in the arena (or of 128/129 arcs). */
static view name_tlv(nf_rng *r)
{
    uint32_t arcs[SNMP_OID_MAX_ARCS + 1];
    size_t count = 0, n = 0;
    uint8_t *out = arena_take(SNMP_BER_MAX_HEADER + 5 * (SNMP_OID_MAX_ARCS + 1));
    if (out == NULL)
        return (view){(const uint8_t *)"\x06\x01\x2b", 3};
    if (nf_one_in(r, 6)) {
        /* 128 arcs (the most) or 129 (one too many): ber.h refuses to
         * write 129, so the content is written by hand. */
        size_t arc_count = nf_one_in(r, 2) ? 128 : 129;
        size_t len = arc_count - 1;   /* 1.3 shares one byte, then one byte per arc */
        size_t h = header_size(MINIMAL, len);
        (void)put_header(out, SNMP_BER_OID, MINIMAL, len);
        out[h] = 0x2b;
        memset(out + h + 1, 0x01, len - 1);
        return (view){out, h + len};
    }
    const char *text = names[nf_below(r, (uint32_t)COUNT(names))];
    if (snmp_arcs_from_text(text, strlen(text), arcs, SNMP_OID_MAX_ARCS, &count) != SNMP_OK ||
        snmp_ber_put_oid(out, SNMP_BER_MAX_HEADER + 5 * (SNMP_OID_MAX_ARCS + 1), arcs, count,
                         &n) != SNMP_OK)
        return (view){(const uint8_t *)"\x06\x01\x2b", 3};
    return (view){out, n};
}

/* The name TLV of a varbind content (whole content when it is not one). */
static size_t name_len_of(view vb)
{
    snmp_ber_reader r = snmp_ber_reader_of(vb.p, vb.len), c;
    view whole;
    uint8_t tag;
    if (!read_span(&r, &whole, &tag, &c))
        return vb.len;
    return whole.len;
}

/* Varbind content from a name and a value, in the arena. */
static bool set_vb(parts *p, size_t i, view name, view value)
{
    uint8_t *out = arena_take(name.len + value.len);
    if (out == NULL)
        return false;
    memcpy(out, name.p, name.len);
    memcpy(out + name.len, value.p, value.len);
    p->vbs[i] = (view){out, name.len + value.len};
    return true;
}

static len_form random_form(nf_rng *r)
{
    switch (nf_below(r, 10)) {
    case 0: case 1: return (len_form){LEN_81, 0};
    case 2: return (len_form){LEN_82, 0};
    case 3: case 4: return (len_form){LEN_84, 0};
    case 5: return (len_form){LEN_INDEFINITE, 0};
    case 6: return (len_form){LEN_85, 0};
    case 7: return (len_form){LEN_DELTA, nf_one_in(r, 2) ? 1 : -1};
    default: return (len_form){LEN_DELTA, (int32_t)nf_below(r, 200) - 100};
    }
}

/* A random 31-bit request-id TLV, so answers match one request each. */
static view fresh_rid(nf_rng *r)
{
    uint8_t *out = arena_take(6);
    size_t n = 0;
    int32_t v = (int32_t)(nf_next(r) & 0x7fffffff);
    if (out == NULL || snmp_ber_put_int32(out, 6, SNMP_BER_INTEGER, v, &n) != SNMP_OK)
        return (view){(const uint8_t *)"\x02\x01\x01", 3};
    return (view){out, n};
}

/* Writes f as the length form of one place the rng picks: the Message's,
 * the PDU's, the varbind list's, or one varbind's. */
static void set_length_form(nf_rng *r, parts *p, len_form f)
{
    switch (nf_below(r, 4)) {
    case 0: p->msg_form = f; break;
    case 1: p->pdu_form = f; break;
    case 2: p->list_form = f; break;
    default:
        if (p->vb_count > 0) {
            p->odd_vb = nf_below(r, (uint32_t)p->vb_count);
            p->odd_form = f;
        }
    }
}

/* Structure mutation number which (0 .. 11, see mutate_structure). */
static void mutate_structure_case(nf_bases *b, nf_rng *r, parts *p, uint32_t which)
{
    switch (which) {
    case 0:   /* a length in another form */
        set_length_form(r, p, random_form(r));
        break;
    case 1: {   /* varbinds of another request spliced in */
        const parts *o = b->items[b->snmp[nf_below(r, (uint32_t)b->snmp_count)]].p;
        if (o->vb_count == 0)
            break;
        size_t at = nf_below(r, (uint32_t)p->vb_count + 1);
        size_t k = 1 + nf_below(r, (uint32_t)o->vb_count);
        if (p->vb_count + k > NF_MAX_VBS)
            break;
        memmove(p->vbs + at + k, p->vbs + at, (p->vb_count - at) * sizeof p->vbs[0]);
        size_t from = nf_below(r, (uint32_t)o->vb_count);
        for (size_t i = 0; i < k; i++)
            p->vbs[at + i] = o->vbs[(from + i) % o->vb_count];
        p->vb_count += k;
        p->odd_vb = SIZE_MAX;
        break;
    }
    case 2: {   /* a varbind repeated: a few times, or many */
        if (p->vb_count == 0)
            break;
        size_t i = nf_below(r, (uint32_t)p->vb_count);
        size_t k = nf_one_in(r, 8) ? 100 + nf_below(r, 2000) : 1 + nf_below(r, 8);
        for (size_t j = 0; j < k && p->vb_count < NF_MAX_VBS; j++)
            p->vbs[p->vb_count++] = p->vbs[i];
        break;
    }
    case 3:   /* varbinds dropped: one, or all */
        if (p->vb_count > 0 && nf_one_in(r, 3)) {
            p->vb_count = 0;
        } else if (p->vb_count > 0) {
            size_t i = nf_below(r, (uint32_t)p->vb_count);
            memmove(p->vbs + i, p->vbs + i + 1, (p->vb_count - i - 1) * sizeof p->vbs[0]);
            p->vb_count--;
        }
        p->odd_vb = SIZE_MAX;
        break;
    case 4:   /* a value replaced by an edge value */
        if (p->vb_count > 0) {
            size_t i = nf_below(r, (uint32_t)p->vb_count);
            view name = {p->vbs[i].p, name_len_of(p->vbs[i])};
            (void)set_vb(p, i, name, view_of(&values[nf_below(r, (uint32_t)COUNT(values))]));
        }
        break;
    case 5:   /* a name replaced */
        if (p->vb_count > 0) {
            size_t i = nf_below(r, (uint32_t)p->vb_count);
            size_t nl = name_len_of(p->vbs[i]);
            view value = {p->vbs[i].p + nl, p->vbs[i].len - nl};
            (void)set_vb(p, i, name_tlv(r), value);
        }
        break;
    case 6:
        p->pdu_tag = pdu_tags[nf_below(r, (uint32_t)COUNT(pdu_tags))];
        break;
    case 7:
        p->version = view_of(&versions[nf_below(r, (uint32_t)COUNT(versions))]);
        break;
    case 8:
        p->community = view_of(&communities_tlv[nf_below(r, (uint32_t)COUNT(communities_tlv))]);
        break;
    case 9:
        p->rid = view_of(&ints[nf_below(r, (uint32_t)COUNT(ints))]);
        break;
    case 10:
        if (nf_one_in(r, 2))
            p->e1 = view_of(&ints[nf_below(r, (uint32_t)COUNT(ints))]);
        else
            p->e2 = view_of(&ints[nf_below(r, (uint32_t)COUNT(ints))]);
        break;
    default:   /* two varbinds swapped */
        if (p->vb_count > 1) {
            size_t i = nf_below(r, (uint32_t)p->vb_count), j = nf_below(r, (uint32_t)p->vb_count);
            view t = p->vbs[i];
            p->vbs[i] = p->vbs[j];
            p->vbs[j] = t;
            p->odd_vb = SIZE_MAX;
        }
    }
}

static void mutate_structure(nf_bases *b, nf_rng *r, parts *p)
{
    mutate_structure_case(b, r, p, nf_below(r, 12));
}

/*
 * Grows (or shrinks) p to serialize to exactly target bytes where the
 * length forms allow, else as near as they do: repeated varbinds, then a
 * padding OCTET STRING whose length is adjusted.
 */
static void size_to(nf_rng *r, parts *p, size_t target)
{
    while (p->vb_count > 0 && serialize(p, NULL, 0) > target)
        p->vb_count--;
    if (p->odd_vb >= p->vb_count)
        p->odd_vb = SIZE_MAX;
    size_t size = serialize(p, NULL, 0);
    if (size > target || p->vb_count + 2 > NF_MAX_VBS)
        return;
    if (p->vb_count > 0 && target - size > 400) {
        view v = p->vbs[nf_below(r, (uint32_t)p->vb_count)];
        size_t each = header_size(MINIMAL, v.len) + v.len;
        size_t k = (target - size - 300) / each;
        for (size_t j = 0; j < k && p->vb_count + 1 < NF_MAX_VBS; j++)
            p->vbs[p->vb_count++] = v;
    }
    static const uint8_t name[] = {0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 5, 0};
    static uint8_t filler[NF_MAX_OUT];
    if (filler[0] != 'A')
        memset(filler, 'A', sizeof filler);
    size_t room = SNMP_BER_MAX_HEADER + target;
    uint8_t *pad = arena_take(sizeof name + room);
    if (pad == NULL || target > sizeof filler)
        return;
    memcpy(pad, name, sizeof name);
    size_t i = p->vb_count++;
    size_t fill = 0;
    for (int tries = 0; tries < 8; tries++) {
        size_t n = 0;
        if (snmp_ber_put_octets(pad + sizeof name, room, SNMP_BER_OCTET_STRING, filler, fill,
                                &n) != SNMP_OK)
            break;
        p->vbs[i] = (view){pad, sizeof name + n};
        size = serialize(p, NULL, 0);
        if (size == target)
            return;
        if (size < target)
            fill += target - size;
        else if (fill >= size - target)
            fill -= size - target;
        else
            break;
        if (fill > target)
            break;
    }
}

/* ---- byte mutations of a serialized message, in place (len grows at most
 * 64 bytes per call; the caller's buffer has room) ---- */

static size_t mutate_bytes(nf_rng *r, uint8_t *m, size_t len, size_t cap)
{
    if (len == 0)
        return len;
    size_t at = nf_below(r, (uint32_t)len);
    /* Most of a message's structure is in its first bytes: favour them. */
    if (nf_one_in(r, 2) && len > 48)
        at = nf_below(r, 48);
    switch (nf_below(r, 8)) {
    case 0:
        m[at] ^= (uint8_t)(1u << nf_below(r, 8));
        break;
    case 1:
    case 2:
        m[at] = edge_bytes[nf_below(r, (uint32_t)COUNT(edge_bytes))];
        break;
    case 3: {   /* insert 1 to 4 bytes */
        size_t k = 1 + nf_below(r, 4);
        if (len + k > cap)
            break;
        memmove(m + at + k, m + at, len - at);
        for (size_t i = 0; i < k; i++)
            m[at + i] = nf_one_in(r, 2) ? edge_bytes[nf_below(r, (uint32_t)COUNT(edge_bytes))]
                                        : (uint8_t)nf_next(r);
        len += k;
        break;
    }
    case 4: {   /* delete 1 to 4 bytes */
        size_t k = 1 + nf_below(r, 4);
        if (k > len - at)
            k = len - at;
        memmove(m + at, m + at + k, len - at - k);
        len -= k;
        break;
    }
    case 5: {   /* duplicate a run of up to 64 bytes right after itself */
        size_t k = 1 + nf_below(r, 64);
        if (k > len - at)
            k = len - at;
        if (len + k > cap)
            break;
        memmove(m + at + k, m + at, len - at);
        len += k;
        break;
    }
    case 6:   /* truncate */
        len = at;
        break;
    default:
        m[at] = (uint8_t)nf_next(r);
    }
    return len;
}

static bool emit(const uint8_t *bytes, size_t len, uint32_t how, nf_message *out)
{
    out->bytes = malloc(len ? len : 1);
    if (out->bytes == NULL)
        return false;
    memcpy(out->bytes, bytes, len);
    out->len = len;
    out->how = how;
    return true;
}

/* Changes that keep a request one the agent answers (bases are valid, and
 * every varbind of any base is a valid varbind). */
static void mutate_valid(nf_bases *b, nf_rng *r, parts *p)
{
    static const enum len_kind forms[] = {LEN_81, LEN_82, LEN_84};
    switch (nf_below(r, 5)) {
    case 0: {
        len_form f = {forms[nf_below(r, 3)], 0};
        set_length_form(r, p, f);
        break;
    }
    case 1: mutate_structure_case(b, r, p, 1); break;   /* splice */
    case 2: mutate_structure_case(b, r, p, 2); break;   /* repeat */
    case 3:   /* drop one */
        if (p->vb_count > 1)
            mutate_structure_case(b, r, p, 3);
        break;
    default: mutate_structure_case(b, r, p, 11); break;   /* swap */
    }
}

bool nf_make_snmp(nf_bases *b, nf_rng *r, size_t limit, bool valid_only, nf_message *out)
{
    static parts work;
    static uint8_t buf[NF_MAX_OUT + 64 * 8];
    const base *from = &b->items[b->snmp[nf_below(r, (uint32_t)b->snmp_count)]];
    if (!valid_only && nf_one_in(r, 12))
        return emit(from->bytes, from->len, NF_HOW_VERBATIM, out);
    arena_used = 0;
    work = *from->p;
    uint32_t how = 0;
    if (valid_only || !nf_one_in(r, 10))
        work.rid = fresh_rid(r);
    unsigned structure = nf_below(r, 4);
    for (unsigned i = 0; i < structure; i++) {
        if (valid_only)
            mutate_valid(b, r, &work);
        else
            mutate_structure(b, r, &work);
    }
    if (structure > 0)
        how |= NF_HOW_STRUCTURE;
    if (nf_one_in(r, 10)) {
        /* Near a size limit: 484 and 1472 (RFC 3417's), the transport's,
         * or just past what any transport takes. */
        static const size_t limits[] = {484, 1472, 65535, 65536};
        size_t target = nf_one_in(r, 3) ? limit : limits[nf_below(r, 4)];
        target = target + nf_below(r, 5) - 2;
        if (target > NF_MAX_OUT)
            target = NF_MAX_OUT;
        if (valid_only && target > limit)
            target = limit;
        size_to(r, &work, target);
        how |= NF_HOW_SIZED;
    }
    /* Repeated varbinds past the buffer (or, valid_only, past the limit):
     * keep the first half until it fits. */
    size_t most = valid_only ? limit : NF_MAX_OUT;
    while (serialize(&work, NULL, 0) > most && work.vb_count > 0) {
        work.vb_count /= 2;
        if (work.odd_vb >= work.vb_count)
            work.odd_vb = SIZE_MAX;
    }
    size_t len = serialize(&work, buf, NF_MAX_OUT);
    if (len > most)
        return emit(from->bytes, from->len, NF_HOW_VERBATIM, out);
    if (!valid_only && (!(how & NF_HOW_SIZED) ? !nf_one_in(r, 3) : nf_one_in(r, 4))) {
        unsigned k = 1 + nf_below(r, 4);
        for (unsigned i = 0; i < k; i++)
            len = mutate_bytes(r, buf, len, sizeof buf);
        how |= NF_HOW_BYTES;
    }
    if (how == 0)
        how = NF_HOW_VERBATIM;   /* a fresh request-id only */
    return emit(buf, len, how, out);
}

bool nf_make_seed(nf_bases *b, nf_rng *r, bool valid_only, nf_message *out)
{
    static uint8_t buf[1024 + 64 * 8];
    const base *from = &b->items[b->seed[nf_below(r, (uint32_t)b->seed_count)]];
    memcpy(buf, from->bytes, from->len);
    size_t len = from->len;
    uint32_t v = (uint32_t)nf_next(r);   /* a fresh request_id */
    buf[4] = (uint8_t)(v >> 24), buf[5] = (uint8_t)(v >> 16), buf[6] = (uint8_t)(v >> 8),
    buf[7] = (uint8_t)v;
    uint32_t how = NF_HOW_SEED;
    if (!valid_only && nf_one_in(r, 3)) {
        unsigned k = 1 + nf_below(r, 3);
        for (unsigned i = 0; i < k; i++)
            len = mutate_bytes(r, buf, len, sizeof buf);
        how |= NF_HOW_BYTES;
    }
    return emit(buf, len, how, out);
}

/* ---- the known-good request ---- */

static const char sysdescr_value[] = "Router Model X2000 - High Performance Edge Router";

static size_t sysdescr_message(int32_t rid, uint8_t pdu, bool answer, uint8_t *out, size_t cap)
{
    wbuf w = {out, cap, 0, true};
    w_int(&w, SNMP_BER_INTEGER, 1);
    w_octets(&w, SNMP_BER_OCTET_STRING, "public", 6);
    size_t pdu_start = w.len;
    w_int(&w, SNMP_BER_INTEGER, rid);
    w_int(&w, SNMP_BER_INTEGER, 0);
    w_int(&w, SNMP_BER_INTEGER, 0);
    size_t list_start = w.len;
    bvb vb = {SYS("1.0"), SNMP_BER_NULL, 0, NULL};
    if (answer)
        vb = (bvb){SYS("1.0"), SNMP_BER_OCTET_STRING, 0, sysdescr_value};
    w_varbind(&w, &vb);
    w_wrap(&w, list_start, SNMP_BER_SEQUENCE);
    w_wrap(&w, pdu_start, pdu);
    w_wrap(&w, 0, SNMP_BER_SEQUENCE);
    return w.ok ? w.len : 0;
}

size_t nf_sysdescr_get(int32_t request_id, uint8_t *out, size_t cap)
{
    return sysdescr_message(request_id, SNMP_BER_GET_REQUEST, false, out, cap);
}

size_t nf_sysdescr_answer(int32_t request_id, uint8_t *out, size_t cap)
{
    return sysdescr_message(request_id, SNMP_BER_RESPONSE, true, out, cap);
}
