/*
 * SNMP v1/v2c messages: strict request decoder, Response encoder. See pdu.h.
 *
 * The decoder walks the message with ber.h's readers, one element at a
 * time, in the order the bytes come; the first rule broken refuses the
 * message and names the element at fault. The version is read and judged
 * before anything after it (snmpInBadVersions counts only messages whose
 * version is unknown, not ones that are also broken further on).
 *
 * The encoder lays each thing it writes out as a short list of elements
 * (a SEQUENCE or PDU header, an INTEGER, octets, an OID), sizes the list,
 * checks it against cap once, then writes it, so a refusal writes nothing.
 */
#include "snmp/pdu.h"

#include <stdbool.h>
#include <string.h>

#include "snmp/coverage.h"

_Static_assert((int)SNMP_OID_MAX_ARCS == (int)SNMP_BER_MAX_ARCS, "an OID of arcs.h is one of ber.h");

/* ---- decoding ---- */

/* A decode in progress: the first byte (offsets count from it) and the
 * refusal to fill. */
typedef struct decoder {
    const uint8_t *start;
    snmp_pdu_why *why;
} decoder;

static snmp_status refuse(decoder *d, snmp_pdu_reason reason, snmp_ber_reason ber,
                          snmp_pdu_at at, const uint8_t *where)
{
    d->why->reason = reason;
    d->why->ber = ber;
    d->why->at = at;
    d->why->offset = (size_t)(where - d->start);
    return SNMP_MALFORMED;
}

/* One element with the tag its position requires. */
static snmp_status expect(decoder *d, snmp_ber_reader *r, uint8_t tag, snmp_pdu_at at,
                          snmp_ber_reader *content)
{
    if (snmp_ber_read_expect(r, tag, content) != SNMP_OK)
        return refuse(d, SNMP_PDU_R_BER, r->reason, at, r->p);
    return SNMP_OK;
}

/* One INTEGER (Integer32) field. */
static snmp_status integer(decoder *d, snmp_ber_reader *r, snmp_pdu_at at, int32_t *v)
{
    if (snmp_ber_read_int32(r, SNMP_BER_INTEGER, v) != SNMP_OK)
        return refuse(d, SNMP_PDU_R_BER, r->reason, at, r->p);
    return SNMP_OK;
}

/* Nothing may follow the last field of a SEQUENCE. */
static snmp_status ends(decoder *d, const snmp_ber_reader *r, snmp_pdu_at at)
{
    if (r->len != 0)
        return refuse(d, SNMP_PDU_R_EXTRA_CONTENT, SNMP_BER_R_NONE, at, r->p);
    return SNMP_OK;
}

/*
 * A value's content under its tag: exactly the 13 types of SNMP.md s.2,
 * each checked by its own rule. SNMP_OK with *value set (bytes and arcs are
 * views); SNMP_MALFORMED with c->reason set, or with reason NONE for a tag
 * of none of the 13 types.
 */
static snmp_status get_value(uint8_t tag, snmp_ber_reader *c, snmp_smi *value,
                             uint32_t arcs[SNMP_OID_MAX_ARCS])
{
    uint32_t u32 = 0;
    uint8_t ip[SNMP_BER_IPADDRESS_LEN];
    snmp_status st;
    value->type = tag;
    switch (tag) {
    case SNMP_BER_INTEGER:
        return snmp_ber_get_int32(c, &value->integer);
    case SNMP_BER_OCTET_STRING:
    case SNMP_BER_OPAQUE:
        value->bytes = c->p;
        value->len = c->len;
        return SNMP_OK;
    case SNMP_BER_IPADDRESS:
        value->bytes = c->p;
        value->len = c->len;
        return snmp_ber_get_ipaddress(c, ip);
    case SNMP_BER_COUNTER32:
    case SNMP_BER_GAUGE32:
    case SNMP_BER_TIMETICKS:
        st = snmp_ber_get_u32(c, &u32);
        value->number = u32;
        return st;
    case SNMP_BER_COUNTER64:
        return snmp_ber_get_u64(c, &value->number);
    case SNMP_BER_OID:
        value->arcs = arcs;
        return snmp_ber_get_oid(c, arcs, &value->len);
    case SNMP_BER_NULL:
    case SNMP_BER_NO_SUCH_OBJECT:
    case SNMP_BER_NO_SUCH_INSTANCE:
    case SNMP_BER_END_OF_MIB_VIEW:
        return snmp_ber_get_empty(c);
    default:
        c->reason = SNMP_BER_R_NONE;
        return SNMP_MALFORMED;
    }
}

/* One varbind SEQUENCE { name OBJECT IDENTIFIER, value }, list moved past it. */
static snmp_status varbind(decoder *d, snmp_ber_reader *list, snmp_oid *name, snmp_smi *value,
                           uint32_t arcs[SNMP_OID_MAX_ARCS])
{
    snmp_ber_reader vb;
    if (expect(d, list, SNMP_BER_SEQUENCE, SNMP_PDU_AT_VARBIND, &vb) != SNMP_OK)
        return SNMP_MALFORMED;
    if (snmp_ber_read_oid(&vb, name->arcs, &name->len) != SNMP_OK)
        return refuse(d, SNMP_PDU_R_BER, vb.reason, SNMP_PDU_AT_NAME, vb.p);

    const uint8_t *at = vb.p;
    uint8_t tag;
    size_t hlen;
    snmp_ber_reader content;
    if (snmp_ber_read_tlv(&vb, &tag, &content, &hlen) != SNMP_OK)
        return refuse(d, SNMP_PDU_R_BER, vb.reason, SNMP_PDU_AT_VALUE, at);
    if (get_value(tag, &content, value, arcs) != SNMP_OK) {
        snmp_pdu_reason reason =
            content.reason == SNMP_BER_R_NONE ? SNMP_PDU_R_VALUE_TYPE : SNMP_PDU_R_BER;
        return refuse(d, reason, content.reason, SNMP_PDU_AT_VALUE, at);
    }
    return ends(d, &vb, SNMP_PDU_AT_VARBIND);
}

/* varbind() that leaves list, *name and *value as they were / cleared on failure. */
static snmp_status take_varbind(decoder *d, snmp_ber_reader *list, snmp_oid *name,
                                snmp_smi *value, uint32_t arcs[SNMP_OID_MAX_ARCS])
{
    snmp_ber_reader probe = *list;
    memset(name, 0, sizeof(*name));
    memset(value, 0, sizeof(*value));
    if (varbind(d, &probe, name, value, arcs) != SNMP_OK) {
        memset(name, 0, sizeof(*name));
        memset(value, 0, sizeof(*value));
        return SNMP_MALFORMED;
    }
    *list = probe;
    return SNMP_OK;
}

/* Message SEQUENCE, version (judged at once), nothing after the Message,
 * community; m is left at the PDU. */
static snmp_status decode_message(decoder *d, snmp_ber_reader *whole, snmp_ber_reader *m,
                                  snmp_pdu_request *out)
{
    if (expect(d, whole, SNMP_BER_SEQUENCE, SNMP_PDU_AT_MESSAGE, m) != SNMP_OK)
        return SNMP_MALFORMED;
    const uint8_t *version_at = m->p;
    if (integer(d, m, SNMP_PDU_AT_VERSION, &out->version) != SNMP_OK)
        return SNMP_MALFORMED;
    if (out->version != SNMP_VERSION_1 && out->version != SNMP_VERSION_2C)
        return refuse(d, SNMP_PDU_R_BAD_VERSION, SNMP_BER_R_NONE, SNMP_PDU_AT_VERSION,
                      version_at);
    if (whole->len != 0)
        return refuse(d, SNMP_PDU_R_TRAILING, SNMP_BER_R_NONE, SNMP_PDU_AT_MESSAGE, whole->p);
    snmp_ber_reader community;
    if (expect(d, m, SNMP_BER_OCTET_STRING, SNMP_PDU_AT_COMMUNITY, &community) != SNMP_OK)
        return SNMP_MALFORMED;
    out->community = community.p;
    out->community_len = community.len;
    return SNMP_OK;
}

/* The PDU's tag: the four requests a command responder takes, GetBulk in v2c only. */
static snmp_status pdu_tag(decoder *d, uint8_t tag, int32_t version, const uint8_t *at)
{
    switch (tag) {
    case SNMP_BER_GET_REQUEST:
    case SNMP_BER_GET_NEXT_REQUEST:
    case SNMP_BER_SET_REQUEST:
        return SNMP_OK;
    case SNMP_BER_GET_BULK_REQUEST:
        if (version == SNMP_VERSION_1)
            return refuse(d, SNMP_PDU_R_BULK_IN_V1, SNMP_BER_R_NONE, SNMP_PDU_AT_PDU, at);
        return SNMP_OK;
    default:
        return refuse(d, SNMP_PDU_R_PDU_TYPE, SNMP_BER_R_NONE, SNMP_PDU_AT_PDU, at);
    }
}

/* The PDU (the last element of m): tag, the three INTEGERs, the varbind list. */
static snmp_status decode_pdu(decoder *d, snmp_ber_reader *m, snmp_pdu_request *out,
                              snmp_ber_reader *list)
{
    const uint8_t *at = m->p;
    uint8_t tag;
    size_t hlen;
    snmp_ber_reader pdu;
    if (snmp_ber_read_tlv(m, &tag, &pdu, &hlen) != SNMP_OK)
        return refuse(d, SNMP_PDU_R_BER, m->reason, SNMP_PDU_AT_PDU, at);
    if (pdu_tag(d, tag, out->version, at) != SNMP_OK || ends(d, m, SNMP_PDU_AT_MESSAGE) != SNMP_OK)
        return SNMP_MALFORMED;
    out->pdu_type = tag;
    if (integer(d, &pdu, SNMP_PDU_AT_REQUEST_ID, &out->request_id) != SNMP_OK ||
        integer(d, &pdu, SNMP_PDU_AT_ERROR_STATUS, &out->error_status) != SNMP_OK ||
        integer(d, &pdu, SNMP_PDU_AT_ERROR_INDEX, &out->error_index) != SNMP_OK ||
        expect(d, &pdu, SNMP_BER_SEQUENCE, SNMP_PDU_AT_VARBIND_LIST, list) != SNMP_OK)
        return SNMP_MALFORMED;
    return ends(d, &pdu, SNMP_PDU_AT_PDU);
}

/* Every varbind of the list checked now, so the responder meets no broken
 * one halfway through an answer; nothing of them is kept, only the count. */
static snmp_status check_varbinds(decoder *d, snmp_ber_reader list, size_t *count)
{
    snmp_oid name;
    snmp_smi value;
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    for (*count = 0; list.len != 0; ++*count) {
        if (take_varbind(d, &list, &name, &value, arcs) != SNMP_OK)
            return SNMP_MALFORMED;
    }
    return SNMP_OK;
}

snmp_status snmp_pdu_decode(const uint8_t *msg, size_t len, snmp_pdu_request *out,
                            snmp_pdu_why *why)
{
    memset(out, 0, sizeof(*out));
    memset(why, 0, sizeof(*why));
    decoder d = {msg, why};
    if (len > SNMP_PDU_MAX_MESSAGE)
        return refuse(&d, SNMP_PDU_R_TOO_LONG, SNMP_BER_R_NONE, SNMP_PDU_AT_MESSAGE,
                      msg + SNMP_PDU_MAX_MESSAGE);
    snmp_ber_reader whole = snmp_ber_reader_of(msg, len);
    snmp_ber_reader m = snmp_ber_reader_of(NULL, 0);
    snmp_ber_reader list = snmp_ber_reader_of(NULL, 0);
    snmp_status st = decode_message(&d, &whole, &m, out);
    if (st == SNMP_OK)
        st = decode_pdu(&d, &m, out, &list);
    if (st == SNMP_OK)
        st = check_varbinds(&d, list, &out->varbind_count);
    if (st != SNMP_OK) {
        memset(out, 0, sizeof(*out));
        return SNMP_MALFORMED;
    }
    out->varbinds = list;
    return SNMP_OK;
}

snmp_status snmp_pdu_next_varbind(snmp_ber_reader *list, snmp_oid *name, snmp_smi *value,
                                  uint32_t value_arcs[SNMP_OID_MAX_ARCS])
{
    if (list->len == 0) {
        memset(name, 0, sizeof(*name));
        memset(value, 0, sizeof(*value));
        return SNMP_INCOMPLETE;
    }
    snmp_pdu_why why;
    decoder d = {list->p, &why};
    return take_varbind(&d, list, name, value, value_arcs);
}

/* ---- encoding ---- */

/* One element to write: a header (of a SEQUENCE, PDU or varbind list whose
 * content follows), an INTEGER, an unsigned number, octets, an OID. */
typedef enum elem_kind { E_HEADER, E_INT, E_UINT, E_OCTETS, E_OID } elem_kind;

typedef struct elem {
    elem_kind kind;
    uint8_t tag;
    int32_t integer;        /* E_INT */
    uint64_t number;        /* E_UINT */
    const uint8_t *bytes;   /* E_OCTETS */
    const uint32_t *arcs;   /* E_OID */
    size_t len;             /* E_HEADER: content length; E_OCTETS, E_OID: count */
} elem;

/* An element's whole size: SNMP_OK, or the refusal its put_ would give. */
static snmp_status elem_size(const elem *e, size_t *size)
{
    *size = 0;
    switch (e->kind) {
    case E_INT:
        *size = snmp_ber_int32_size(e->integer);
        return SNMP_OK;
    case E_UINT:
        *size = snmp_ber_uint_size(e->number);
        return SNMP_OK;
    case E_OID:
        return snmp_ber_oid_size(e->arcs, e->len, size);
    case E_OCTETS:
    case E_HEADER:
    default:
        if (e->len > SNMP_BER_MAX_CONTENT_LEN)
            return SNMP_LIMIT;
        *size = snmp_ber_header_size(e->len) + (e->kind == E_OCTETS ? e->len : 0);
        return SNMP_OK;
    }
}

static snmp_status elem_put(uint8_t *out, size_t cap, const elem *e, size_t *len)
{
    switch (e->kind) {
    case E_INT:
        return snmp_ber_put_int32(out, cap, e->tag, e->integer, len);
    case E_UINT:
        return snmp_ber_put_uint(out, cap, e->tag, e->number, len);
    case E_OID:
        return snmp_ber_put_oid(out, cap, e->arcs, e->len, len);
    case E_OCTETS:
        return snmp_ber_put_octets(out, cap, e->tag, e->bytes, e->len, len);
    case E_HEADER:
    default:
        return snmp_ber_put_header(out, cap, e->tag, e->len, len);
    }
}

/* Total size of elems[0 .. n), or the first refusal. */
static snmp_status elems_size(const elem *elems, size_t n, size_t *size)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t one;
        snmp_status st = elem_size(&elems[i], &one);
        if (st != SNMP_OK) {
            *size = 0;
            return st;
        }
        total += one;   /* each at most 2^32 + 6 and n small: no overflow */
    }
    *size = total;
    return SNMP_OK;
}

/* Writes elems[0 .. n) of total size `size` (elems_size), all or nothing. */
static snmp_status elems_put(uint8_t *out, size_t cap, const elem *elems, size_t n, size_t size,
                             size_t *len)
{
    *len = size;
    if (size > cap)
        return SNMP_NO_SPACE;
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t one;
        snmp_status st = elem_put(out + off, cap - off, &elems[i], &one);
        if (SNMP_NEVER(st != SNMP_OK))  /* sized and checked above */
            return st;
        off += one;
    }
    return SNMP_OK;
}

/* A value as the element that encodes it, or the refusal of an
 * unencodable one (pdu.h, put_varbind). */
static snmp_status value_elem(const snmp_smi *v, elem *e)
{
    memset(e, 0, sizeof(*e));
    e->tag = v->type;
    e->kind = E_OCTETS;
    switch (v->type) {
    case SNMP_SMI_INTEGER:
        e->kind = E_INT;
        e->integer = v->integer;
        return SNMP_OK;
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
    case SNMP_SMI_COUNTER64:
        e->kind = E_UINT;
        e->number = v->number;
        return v->type != SNMP_SMI_COUNTER64 && v->number > UINT32_MAX ? SNMP_MALFORMED : SNMP_OK;
    case SNMP_SMI_OBJECT_ID:
        e->kind = E_OID;
        e->arcs = v->arcs;
        e->len = v->len;
        return SNMP_OK;
    case SNMP_SMI_IPADDRESS:
    case SNMP_SMI_OCTET_STRING:
    case SNMP_SMI_OPAQUE:
        e->bytes = v->bytes;
        e->len = v->len;
        return v->type == SNMP_SMI_IPADDRESS && v->len != SNMP_BER_IPADDRESS_LEN ? SNMP_MALFORMED
                                                                                : SNMP_OK;
    case SNMP_SMI_NULL:
    case SNMP_SMI_NO_SUCH_OBJECT:
    case SNMP_SMI_NO_SUCH_INSTANCE:
    case SNMP_SMI_END_OF_MIB_VIEW:
        return SNMP_OK;   /* octets of length 0 */
    default:
        return SNMP_MALFORMED;
    }
}

/* The three elements of a varbind, sized: SEQUENCE header, name, value. */
static snmp_status varbind_elems(const uint32_t *name, size_t name_len, const snmp_smi *value,
                                 elem elems[3], size_t *size)
{
    *size = 0;
    memset(&elems[0], 0, sizeof(elems[0]));
    memset(&elems[1], 0, sizeof(elems[1]));
    elems[0].kind = E_HEADER;
    elems[0].tag = SNMP_BER_SEQUENCE;
    elems[1].kind = E_OID;
    elems[1].arcs = name;
    elems[1].len = name_len;
    snmp_status st = value_elem(value, &elems[2]);
    size_t content = 0;
    if (st == SNMP_OK)
        st = elems_size(&elems[1], 2, &content);
    if (st != SNMP_OK)
        return st;
    elems[0].len = content;
    return elems_size(elems, 3, size);
}

size_t snmp_pdu_varbind_size(const uint32_t *name, size_t name_len, const snmp_smi *value)
{
    elem elems[3];
    size_t size;
    return varbind_elems(name, name_len, value, elems, &size) == SNMP_OK ? size : 0;
}

snmp_status snmp_pdu_put_varbind(uint8_t *out, size_t cap, const uint32_t *name, size_t name_len,
                                 const snmp_smi *value, size_t *len)
{
    *len = 0;
    elem elems[3];
    size_t size;
    snmp_status st = varbind_elems(name, name_len, value, elems, &size);
    if (st != SNMP_OK)
        return st;
    return elems_put(out, cap, elems, 3, size, len);
}

enum { RESPONSE_ELEMS = 8 };

/*
 * The elements of a Response before its varbinds, content lengths filled
 * in from the inside out. *total is the whole message with varbinds_len
 * bytes of varbinds, *header what the elements take; SNMP_LIMIT when a
 * length does not fit BER's 4 length octets.
 */
static snmp_status response_elems(const snmp_pdu_request *req, int32_t error_status,
                                  int32_t error_index, size_t varbinds_len,
                                  elem e[RESPONSE_ELEMS], size_t *header, size_t *total)
{
    memset(e, 0, RESPONSE_ELEMS * sizeof(e[0]));
    *header = 0;
    *total = 0;
    e[0] = (elem){.kind = E_HEADER, .tag = SNMP_BER_SEQUENCE};
    e[1] = (elem){.kind = E_INT, .tag = SNMP_BER_INTEGER, .integer = req->version};
    e[2] = (elem){.kind = E_OCTETS, .tag = SNMP_BER_OCTET_STRING, .bytes = req->community,
                  .len = req->community_len};
    e[3] = (elem){.kind = E_HEADER, .tag = SNMP_BER_RESPONSE};
    e[4] = (elem){.kind = E_INT, .tag = SNMP_BER_INTEGER, .integer = req->request_id};
    e[5] = (elem){.kind = E_INT, .tag = SNMP_BER_INTEGER, .integer = error_status};
    e[6] = (elem){.kind = E_INT, .tag = SNMP_BER_INTEGER, .integer = error_index};
    e[7] = (elem){.kind = E_HEADER, .tag = SNMP_BER_SEQUENCE, .len = varbinds_len};

    /* Each content length is the elements after its header plus the varbinds. */
    size_t after = varbinds_len;
    size_t one;
    for (size_t i = RESPONSE_ELEMS; i > 0; i--) {
        if (e[i - 1].kind == E_HEADER)
            e[i - 1].len = after;
        if (elem_size(&e[i - 1], &one) != SNMP_OK)
            return SNMP_LIMIT;
        after += one;
    }
    *total = after;
    *header = after - varbinds_len;
    return SNMP_OK;
}

size_t snmp_pdu_response_size(const snmp_pdu_request *req, int32_t error_status,
                              int32_t error_index, size_t varbinds_len)
{
    elem e[RESPONSE_ELEMS];
    size_t header;
    size_t total;
    if (response_elems(req, error_status, error_index, varbinds_len, e, &header, &total) !=
        SNMP_OK)
        return 0;
    return total;
}

snmp_status snmp_pdu_put_response_header(uint8_t *out, size_t cap, const snmp_pdu_request *req,
                                         int32_t error_status, int32_t error_index,
                                         size_t varbinds_len, size_t *len)
{
    *len = 0;
    elem e[RESPONSE_ELEMS];
    size_t header;
    size_t total;
    snmp_status st =
        response_elems(req, error_status, error_index, varbinds_len, e, &header, &total);
    if (st != SNMP_OK)
        return st;
    return elems_put(out, cap, e, RESPONSE_ELEMS, header, len);
}

/* ---- texts ---- */

static const char *const reason_texts[] = {
    [SNMP_PDU_R_NONE] = "no refusal",
    [SNMP_PDU_R_BER] = "BER rule broken",
    [SNMP_PDU_R_BAD_VERSION] = "version neither 0 (v1) nor 1 (v2c)",
    [SNMP_PDU_R_TRAILING] = "bytes after the message",
    [SNMP_PDU_R_EXTRA_CONTENT] = "bytes after the last field of a sequence",
    [SNMP_PDU_R_PDU_TYPE] = "PDU type not accepted by a command responder",
    [SNMP_PDU_R_BULK_IN_V1] = "GetBulkRequest in a v1 message",
    [SNMP_PDU_R_VALUE_TYPE] = "value type unknown",
    [SNMP_PDU_R_TOO_LONG] = "message longer than 65535 bytes",
};

static const char *const ber_texts[] = {
    [SNMP_BER_R_NONE] = "BER rule broken",
    [SNMP_BER_R_TRUNCATED] = "tag or length cut short",
    [SNMP_BER_R_HIGH_TAG] = "high-tag-number form",
    [SNMP_BER_R_INDEFINITE_LENGTH] = "indefinite length",
    [SNMP_BER_R_LENGTH_OCTETS] = "more than 4 length octets",
    [SNMP_BER_R_LENGTH_PAST_END] = "length past the end of the enclosing element",
    [SNMP_BER_R_WRONG_TAG] = "tag not the one this position requires",
    [SNMP_BER_R_INT_EMPTY] = "integer of 0 bytes",
    [SNMP_BER_R_INT_NOT_MINIMAL] = "integer with a redundant leading byte",
    [SNMP_BER_R_INT_TOO_WIDE] = "integer wider than its type",
    [SNMP_BER_R_INT_NEGATIVE] = "negative value of an unsigned type",
    [SNMP_BER_R_OID_EMPTY] = "empty object identifier",
    [SNMP_BER_R_OID_NOT_MINIMAL] = "subidentifier starting with 0x80",
    [SNMP_BER_R_OID_TRUNCATED] = "object identifier cut inside a subidentifier",
    [SNMP_BER_R_OID_ARC_TOO_BIG] = "arc above 4294967295",
    [SNMP_BER_R_OID_TOO_MANY_ARCS] = "more than 128 arcs",
    [SNMP_BER_R_NOT_EMPTY] = "NULL or exception with content",
    [SNMP_BER_R_IPADDRESS_LEN] = "IpAddress not 4 octets",
};

static const char *const at_names[] = {
    [SNMP_PDU_AT_NONE] = "nothing",
    [SNMP_PDU_AT_MESSAGE] = "message",
    [SNMP_PDU_AT_VERSION] = "version",
    [SNMP_PDU_AT_COMMUNITY] = "community",
    [SNMP_PDU_AT_PDU] = "PDU",
    [SNMP_PDU_AT_REQUEST_ID] = "request-id",
    [SNMP_PDU_AT_ERROR_STATUS] = "error-status",
    [SNMP_PDU_AT_ERROR_INDEX] = "error-index",
    [SNMP_PDU_AT_VARBIND_LIST] = "varbind list",
    [SNMP_PDU_AT_VARBIND] = "varbind",
    [SNMP_PDU_AT_NAME] = "varbind name",
    [SNMP_PDU_AT_VALUE] = "varbind value",
};

#define N_TEXTS(t) (sizeof(t) / sizeof((t)[0]))

/* t[i], or "unknown" for a number outside the table (a value cast in). */
static const char *text_of(const char *const *t, size_t n, unsigned i)
{
    return i < n ? t[i] : "unknown";
}

const char *snmp_pdu_reason_text(const snmp_pdu_why *why)
{
    if (why->reason == SNMP_PDU_R_BER)
        return text_of(ber_texts, N_TEXTS(ber_texts), (unsigned)why->ber);
    return text_of(reason_texts, N_TEXTS(reason_texts), (unsigned)why->reason);
}

const char *snmp_pdu_at_name(snmp_pdu_at at)
{
    return text_of(at_names, N_TEXTS(at_names), (unsigned)at);
}
