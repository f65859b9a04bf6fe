#include "netfuzz_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/ber.h"
#include "snmp/frame.h"
#include "snmp/message.h"
#include "snmp/pdu.h"
#include "snmp/responder.h"

bool nf_expect_same(const nf_expect *a, const nf_expect *b)
{
    return a->request_id == b->request_id && a->version == b->version &&
           a->community_len == b->community_len &&
           memcmp(a->community, b->community, a->community_len) == 0;
}

static bool known_community(const uint8_t *name, size_t len)
{
    return (len == 6 && memcmp(name, "public", 6) == 0) ||
           (len == 7 && memcmp(name, "private", 7) == 0);
}

bool nf_snmp_answered(const uint8_t *msg, size_t len, size_t limit, nf_expect *e)
{
    snmp_pdu_request req;
    snmp_pdu_why why;
    memset(e, 0, sizeof *e);
    if (len > limit || snmp_pdu_decode(msg, len, &req, &why) != SNMP_OK ||
        !known_community(req.community, req.community_len))
        return false;
    e->request_id = req.request_id;
    e->version = req.version;
    e->community_len = (uint8_t)req.community_len;
    memcpy(e->community, req.community, req.community_len);
    return true;
}

/* ---- what a TCP connection must be answered ---- */

static bool grow(void **items, size_t size, size_t count, size_t *cap)
{
    if (count < *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, n * size);
    if (p == NULL)
        return false;
    *items = p;
    *cap = n;
    return true;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool nf_tcp_model_build(const uint8_t *stream, size_t len, nf_tcp_model *m)
{
    memset(m, 0, sizeof *m);
    size_t cap = 0, at = 0;
    m->seed = len > 0 && stream[0] != SNMP_BER_SEQUENCE;
    while (at < len) {
        size_t rest = len - at, size = 0;
        if (m->seed) {
            /* PROTOCOL.md s.5: the size field, refused as soon as it is in. */
            if (rest < 4)
                break;
            size = be32(stream + at);
            if (!snmp_msg_size_in_range((uint32_t)size)) {
                m->refused = true;
                break;
            }
            if (size > rest)
                break;
            snmp_message msg;
            /* The handler refuses what unpack refuses, and a GetResponse. */
            if (snmp_msg_unpack(stream + at, size, &msg) != SNMP_OK ||
                msg.pdu_type == SNMP_PDU_GET_RESPONSE) {
                m->refused = true;
                break;
            }
            if (!grow((void **)&m->seed_ids, sizeof *m->seed_ids, m->count, &cap))
                return false;
            m->seed_ids[m->count++] = msg.request_id;
        } else {
            snmp_frame_reason why;
            snmp_status st =
                snmp_ber_frame_size(stream + at, rest, SNMP_TCP_MAX_MESSAGE, &size, &why);
            if (st == SNMP_MALFORMED)
                m->refused = true;
            if (st != SNMP_OK || size > rest)
                break;
            nf_expect e;
            snmp_pdu_request req;
            snmp_pdu_why pwhy;
            if (snmp_pdu_decode(stream + at, size, &req, &pwhy) != SNMP_OK) {
                m->refused = true;
                break;
            }
            if (nf_snmp_answered(stream + at, size, SNMP_TCP_MAX_MESSAGE, &e)) {
                if (!grow((void **)&m->snmp, sizeof *m->snmp, m->count, &cap))
                    return false;
                m->snmp[m->count++] = e;
            }
        }
        at += size;
    }
    return true;
}

void nf_tcp_model_free(nf_tcp_model *m)
{
    free(m->snmp);
    free(m->seed_ids);
    memset(m, 0, sizeof *m);
}

/* ---- a strict reader of Responses ---- */

__attribute__((format(printf, 3, 4))) static bool fail(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return false;
}

/* One element of this tag, its length in the minimal form. */
static bool element(snmp_ber_reader *r, uint8_t tag, snmp_ber_reader *content, const char *what,
                    char *why, size_t cap)
{
    uint8_t got;
    size_t header;
    if (snmp_ber_read_tlv(r, &got, content, &header) != SNMP_OK)
        return fail(why, cap, "%s: not a BER element (rule %d)", what, (int)r->reason);
    if (got != tag)
        return fail(why, cap, "%s: tag %02x, not %02x", what, got, tag);
    if (header != snmp_ber_header_size(content->len))
        return fail(why, cap, "%s: length not in its minimal form", what);
    return true;
}

static bool integer(snmp_ber_reader *r, int32_t *v, const char *what, char *why, size_t cap)
{
    snmp_ber_reader c;
    if (!element(r, SNMP_BER_INTEGER, &c, what, why, cap))
        return false;
    if (snmp_ber_get_int32(&c, v) != SNMP_OK)
        return fail(why, cap, "%s: not a minimal INTEGER of 1 to 4 bytes", what);
    return true;
}

/* A value of one of the 13 types, strictly; *exception for v1's rules. */
static bool value(snmp_ber_reader *r, bool *exception_or_c64, char *why, size_t cap)
{
    uint8_t tag;
    size_t header;
    snmp_ber_reader c;
    if (snmp_ber_read_tlv(r, &tag, &c, &header) != SNMP_OK)
        return fail(why, cap, "value: not a BER element");
    if (header != snmp_ber_header_size(c.len))
        return fail(why, cap, "value: length not in its minimal form");
    int32_t i;
    uint32_t u;
    uint64_t u64;
    uint32_t arcs[SNMP_BER_MAX_ARCS];
    size_t count;
    uint8_t ip[SNMP_BER_IPADDRESS_LEN];
    snmp_status st = SNMP_OK;
    *exception_or_c64 = false;
    switch (tag) {
    case SNMP_BER_INTEGER: st = snmp_ber_get_int32(&c, &i); break;
    case SNMP_BER_OCTET_STRING: case SNMP_BER_OPAQUE: break;
    case SNMP_BER_OID: st = snmp_ber_get_oid(&c, arcs, &count); break;
    case SNMP_BER_IPADDRESS: st = snmp_ber_get_ipaddress(&c, ip); break;
    case SNMP_BER_COUNTER32: case SNMP_BER_GAUGE32: case SNMP_BER_TIMETICKS:
        st = snmp_ber_get_u32(&c, &u);
        break;
    case SNMP_BER_COUNTER64:
        st = snmp_ber_get_u64(&c, &u64);
        *exception_or_c64 = true;
        break;
    case SNMP_BER_NULL: st = snmp_ber_get_empty(&c); break;
    case SNMP_BER_NO_SUCH_OBJECT: case SNMP_BER_NO_SUCH_INSTANCE: case SNMP_BER_END_OF_MIB_VIEW:
        st = snmp_ber_get_empty(&c);
        *exception_or_c64 = true;
        break;
    default:
        return fail(why, cap, "value: tag %02x is none of the 13 types", tag);
    }
    if (st != SNMP_OK)
        return fail(why, cap, "value of tag %02x refused (rule %d)", tag, (int)c.reason);
    return true;
}

bool nf_check_response(const uint8_t *msg, size_t len, size_t limit, nf_expect *got, char *why,
                       size_t cap)
{
    memset(got, 0, sizeof *got);
    if (len > limit)
        return fail(why, cap, "answer of %zu bytes, above the limit of %zu", len, limit);
    snmp_ber_reader whole = snmp_ber_reader_of(msg, len), m, community, pdu, list;
    if (!element(&whole, SNMP_BER_SEQUENCE, &m, "message", why, cap))
        return false;
    if (whole.len != 0)
        return fail(why, cap, "%zu bytes after the message", whole.len);
    int32_t status, index;
    if (!integer(&m, &got->version, "version", why, cap))
        return false;
    if (got->version != 0 && got->version != 1)
        return fail(why, cap, "version %d", (int)got->version);
    if (!element(&m, SNMP_BER_OCTET_STRING, &community, "community", why, cap))
        return false;
    if (community.len > SNMP_COMMUNITY_MAX)
        return fail(why, cap, "community of %zu bytes", community.len);
    got->community_len = (uint8_t)community.len;
    memcpy(got->community, community.p, community.len);
    if (!element(&m, SNMP_BER_RESPONSE, &pdu, "PDU", why, cap))
        return false;
    if (m.len != 0)
        return fail(why, cap, "bytes after the PDU");
    if (!integer(&pdu, &got->request_id, "request-id", why, cap) ||
        !integer(&pdu, &status, "error-status", why, cap) ||
        !integer(&pdu, &index, "error-index", why, cap))
        return false;
    if (!element(&pdu, SNMP_BER_SEQUENCE, &list, "varbind list", why, cap))
        return false;
    if (pdu.len != 0)
        return fail(why, cap, "bytes after the varbind list");
    size_t count = 0;
    bool v1_forbidden = false;
    while (list.len > 0) {
        snmp_ber_reader vb, name;
        uint32_t arcs[SNMP_BER_MAX_ARCS];
        size_t arc_count;
        bool special;
        if (!element(&list, SNMP_BER_SEQUENCE, &vb, "varbind", why, cap))
            return false;
        if (!element(&vb, SNMP_BER_OID, &name, "name", why, cap))
            return false;
        if (snmp_ber_get_oid(&name, arcs, &arc_count) != SNMP_OK)
            return fail(why, cap, "name of varbind %zu refused (rule %d)", count + 1,
                        (int)name.reason);
        if (!value(&vb, &special, why, cap))
            return false;
        if (vb.len != 0)
            return fail(why, cap, "bytes after the value of varbind %zu", count + 1);
        v1_forbidden = v1_forbidden || special;
        count++;
    }
    /* RFC 3416 s.3 and 4.2; v1's five codes and no exceptions (RFC 3584 4.3). */
    if (status < 0 || status > SNMP_PDU_INCONSISTENT_NAME ||
        (got->version == 0 && status > SNMP_PDU_GEN_ERR))
        return fail(why, cap, "error-status %d in a v%d answer", (int)status,
                    (int)got->version + 1);
    if (status == SNMP_PDU_NO_ERROR && index != 0)
        return fail(why, cap, "error-index %d with noError", (int)index);
    if (status == SNMP_PDU_TOO_BIG && (index != 0 || count != 0))
        return fail(why, cap, "tooBig with error-index %d and %zu varbinds", (int)index, count);
    if (status > SNMP_PDU_TOO_BIG && (index < 1 || (size_t)index > count))
        return fail(why, cap, "error-index %d outside 1 .. %zu", (int)index, count);
    if (got->version == 0 && status == SNMP_PDU_NO_ERROR && v1_forbidden)
        return fail(why, cap, "a v1 answer with an exception or a Counter64");
    return true;
}

/* ---- a TCP connection's answers ---- */

static bool check_seed_answers(const nf_tcp_model *m, const uint8_t *rx, size_t len,
                               bool complete, size_t *answers, char *why, size_t cap)
{
    size_t at = 0;
    while (at < len) {
        size_t rest = len - at;
        if (rest < 4 || be32(rx + at) > rest) {
            if (complete)
                return fail(why, cap, "seed answer %zu cut short at the end of the stream",
                            *answers + 1);
            return true;
        }
        uint32_t size = be32(rx + at);
        snmp_message msg;
        if (size < 4 || snmp_msg_unpack(rx + at, size, &msg) != SNMP_OK)
            return fail(why, cap, "seed answer %zu does not unpack", *answers + 1);
        if (msg.pdu_type != SNMP_PDU_GET_RESPONSE)
            return fail(why, cap, "seed answer %zu is no GetResponse", *answers + 1);
        if (*answers >= m->count)
            return fail(why, cap, "seed answer %zu to no request", *answers + 1);
        if (msg.request_id != m->seed_ids[*answers])
            return fail(why, cap, "seed answer %zu has request_id %u, not %u", *answers + 1,
                        msg.request_id, m->seed_ids[*answers]);
        ++*answers;
        at += size;
    }
    if (complete && *answers != m->count)
        return fail(why, cap, "%zu seed answers for %zu requests", *answers, m->count);
    return true;
}

bool nf_check_tcp_answers(const nf_tcp_model *m, const uint8_t *rx, size_t len, bool complete,
                          size_t *answers, char *why, size_t cap)
{
    *answers = 0;
    if (m->seed)
        return check_seed_answers(m, rx, len, complete, answers, why, cap);
    size_t at = 0;
    while (at < len) {
        size_t rest = len - at, size = 0;
        snmp_frame_reason fwhy;
        snmp_status st = snmp_ber_frame_size(rx + at, rest, SNMP_TCP_MAX_MESSAGE, &size, &fwhy);
        if (st == SNMP_MALFORMED)
            return fail(why, cap, "answer %zu: not a frame (%s)", *answers + 1,
                        snmp_frame_reason_text(fwhy));
        if (st != SNMP_OK || size > rest) {
            if (complete)
                return fail(why, cap, "answer %zu cut short at the end of the stream",
                            *answers + 1);
            return true;
        }
        nf_expect got;
        char inner[200];
        if (!nf_check_response(rx + at, size, SNMP_TCP_MAX_MESSAGE, &got, inner, sizeof inner))
            return fail(why, cap, "answer %zu: %s", *answers + 1, inner);
        if (*answers >= m->count)
            return fail(why, cap, "answer %zu to no request (request-id %d)", *answers + 1,
                        (int)got.request_id);
        if (!nf_expect_same(&got, &m->snmp[*answers]))
            return fail(why, cap, "answer %zu has request-id %d, version %d, community of %u "
                        "bytes; expected %d, %d, %u",
                        *answers + 1, (int)got.request_id, (int)got.version,
                        got.community_len, (int)m->snmp[*answers].request_id,
                        (int)m->snmp[*answers].version, m->snmp[*answers].community_len);
        ++*answers;
        at += size;
    }
    if (complete && *answers != m->count)
        return fail(why, cap, "%zu answers for %zu requests", *answers, m->count);
    return true;
}
