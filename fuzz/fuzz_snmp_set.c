/*
 * Target snmp_set: structured SETs as real SNMP messages, through the whole
 * responder (decoder, communities, SET engine, v1 mapping, tooBig, encoder),
 * against a reference model of SNMP.md s.3-4 (RFC 3416 4.2.5's order of
 * checks, RFC 3584's v1 mapping) that predicts the answer byte for byte.
 *
 * Input: 1 byte of options, 4 bytes of request-id, then a structured SET
 * (fuzz_set_model.h). The options byte:
 *   bit 0     v2c (else v1);
 *   bits 1-2  the community: "private" (read-write), "public" (read-only),
 *             "nobody" (unknown: dropped), "private";
 *   bit 3     a small size limit, 484 + 64 * (bits 4-7) bytes, so tooBig
 *             and the silent drop are reached; else bit 4 picks TCP's
 *             65,535 over UDP's 65,507.
 * Only the bindings begun before the input ends are sent. Names the BER
 * encoding cannot carry are made encodable (at least 2 arcs,
 * at most 128, valid first two arcs); a tag of none of the 13 SMI types
 * becomes one of them; an OBJECT IDENTIFIER value's arcs are its bytes.
 * The message is written here, with ber.h's element writers, not with the
 * responder's varbind writer; so is the answer the model expects.
 *
 * Properties, for every input:
 *   - a message the strict rules refuse (a Counter32, Gauge32 or TimeTicks
 *     wider than 32 bits, an IpAddress not 4 bytes, more than 65,535 bytes)
 *     is refused with a reason, and counted in snmpInASNParseErrs;
 *   - an unknown community is dropped, counted in snmpInBadCommunityNames;
 *   - otherwise the answer equals, byte for byte, the model's: noAccess
 *     (v1 noSuchName) at index 1 for a read-only community, counted in
 *     snmpInBadCommunityUses; else the first binding the model refuses,
 *     with SMIv2's error or v1's, at its 1-based index; else noError; each
 *     echoing the request's varbinds, or tooBig with none when that does
 *     not fit the limit, or a silent drop (counted) when neither fits;
 *   - only a noError answer that echoes the varbinds changes the MIB, and
 *     then exactly the objects named, each to its last binding's value;
 *     every other outcome leaves the MIB byte for byte unchanged.
 */
#include <string.h>

#include "fuzz_mib.h"
#include "fuzz_set_model.h"
#include "fuzz_target.h"
#include "snmp/ber.h"
#include "snmp/pdu.h"
#include "snmp/responder.h"

enum { BUILD_CAP = 2 * SNMP_TCP_MAX_MESSAGE };

static fuzz_mib fm, before;
static fuzz_set_request request;
static uint32_t value_arcs[FUZZ_SET_MAX_BINDINGS][SNMP_OID_MAX_ARCS];
static snmp_responder responder;
static snmp_responder_scratch *scratch;

static uint8_t message[BUILD_CAP];
static uint8_t answer[SNMP_TCP_MAX_MESSAGE];
static uint8_t expected[BUILD_CAP];
static uint8_t too_big[BUILD_CAP];
static uint8_t list[BUILD_CAP], pdu[BUILD_CAP], body[BUILD_CAP];

static const snmp_community communities[] = {
    {(const uint8_t *)"public", 6, false},
    {(const uint8_t *)"private", 7, true},
};
static const char *const community_choice[4] = {"private", "public", "nobody", "private"};

/* ---- making the input's SET sendable ---- */

/* A name BER can carry: 2 .. 128 arcs, a first arc of 0..2 and, under 0 or
 * 1, a second of 0..39 (the arcs past the original name are 0). */
FUZZ_NO_COVERAGE static void encodable_name(fuzz_binding *b)
{
    for (size_t k = b->name_len; k < 2; k++)
        b->name[k] = 0;
    if (b->name_len < 2)
        b->name_len = 2;
    if (b->name_len > SNMP_OID_MAX_ARCS)
        b->name_len = SNMP_OID_MAX_ARCS;
    b->name[0] %= 3;
    if (b->name[0] < 2)
        b->name[1] %= 40;
}

/* One of the 13 types; an OBJECT IDENTIFIER's arcs from its bytes. */
FUZZ_NO_COVERAGE static void sendable_value(fuzz_binding *b, uint32_t *arcs)
{
    static const uint8_t known[] = {
        SNMP_SMI_INTEGER,       SNMP_SMI_OCTET_STRING,    SNMP_SMI_NULL,
        SNMP_SMI_OBJECT_ID,     SNMP_SMI_IPADDRESS,       SNMP_SMI_COUNTER32,
        SNMP_SMI_GAUGE32,       SNMP_SMI_TIMETICKS,       SNMP_SMI_OPAQUE,
        SNMP_SMI_COUNTER64,     SNMP_SMI_NO_SUCH_OBJECT,  SNMP_SMI_NO_SUCH_INSTANCE,
        SNMP_SMI_END_OF_MIB_VIEW};
    snmp_smi *v = &b->value;
    if (!snmp_smi_type_known(v->type))
        v->type = known[v->type % sizeof known];
    if (v->type != SNMP_SMI_OBJECT_ID)
        return;
    size_t n = v->len < 2 ? 2 : v->len > SNMP_OID_MAX_ARCS ? SNMP_OID_MAX_ARCS : v->len;
    for (size_t k = 0; k < n; k++)
        arcs[k] = k < v->len ? v->bytes[k] : 0;
    arcs[0] %= 3;
    if (arcs[0] < 2)
        arcs[1] %= 40;
    v->arcs = arcs;
    v->len = n;
}

/* Whether the strict rules refuse this value on the wire (SNMP.md s.2). */
FUZZ_NO_COVERAGE static bool refused_on_wire(const snmp_smi *v)
{
    bool u32 = v->type == SNMP_SMI_COUNTER32 || v->type == SNMP_SMI_GAUGE32 ||
               v->type == SNMP_SMI_TIMETICKS;
    return (u32 && v->number > UINT32_MAX) || (v->type == SNMP_SMI_IPADDRESS && v->len != 4);
}

/* ---- writing messages with ber.h's element writers ---- */

/* Where elements are appended; each append is false when it does not fit. */
typedef struct out_buf {
    uint8_t *p;
    size_t len, cap;
} out_buf;

/* Counts the *n bytes a ber.h writer put at o's end, if it succeeded. A
 * pointer, read here, after the writer has run: an argument n would be
 * read in an unspecified order with the writer's call beside it. */
FUZZ_NO_COVERAGE static bool took(out_buf *o, snmp_status st, const size_t *n)
{
    o->len += st == SNMP_OK ? *n : 0;
    return st == SNMP_OK;
}

FUZZ_NO_COVERAGE static bool put_int(out_buf *o, int32_t v)
{
    size_t n = 0;
    return took(o, snmp_ber_put_int32(o->p + o->len, o->cap - o->len, 0x02, v, &n), &n);
}

FUZZ_NO_COVERAGE static bool put_name(out_buf *o, const uint32_t *arcs, size_t len)
{
    size_t n = 0;
    return took(o, snmp_ber_put_oid(o->p + o->len, o->cap - o->len, arcs, len, &n), &n);
}

FUZZ_NO_COVERAGE static bool put_value(out_buf *o, const snmp_smi *v)
{
    uint8_t *at = o->p + o->len;
    size_t room = o->cap - o->len, n = 0;
    switch (v->type) {
    case SNMP_SMI_INTEGER:
        return took(o, snmp_ber_put_int32(at, room, v->type, v->integer, &n), &n);
    case SNMP_SMI_OCTET_STRING:
    case SNMP_SMI_IPADDRESS:
    case SNMP_SMI_OPAQUE:
        return took(o, snmp_ber_put_octets(at, room, v->type, v->bytes, v->len, &n), &n);
    case SNMP_SMI_OBJECT_ID:
        return put_name(o, v->arcs, v->len);
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
    case SNMP_SMI_COUNTER64:
        return took(o, snmp_ber_put_uint(at, room, v->type, v->number, &n), &n);
    default:
        return took(o, snmp_ber_put_empty(at, room, v->type, &n), &n);
    }
}

/* Writes tag and length of content[0 .. n), then the content. */
FUZZ_NO_COVERAGE static bool wrap(out_buf *o, uint8_t tag, const uint8_t *content, size_t n)
{
    size_t h = 0;
    if (snmp_ber_put_header(o->p + o->len, o->cap - o->len, tag, n, &h) != SNMP_OK ||
        n > o->cap - o->len - h)
        return false;
    memcpy(o->p + o->len + h, content, n);
    o->len += h + n;
    return true;
}

/* The varbind list's content: every binding, or none. */
FUZZ_NO_COVERAGE static bool put_list(out_buf *o, bool with_varbinds)
{
    static uint8_t vb[BUILD_CAP];
    for (size_t i = 0; with_varbinds && i < request.count; i++) {
        const fuzz_binding *b = &request.bindings[i];
        out_buf one = {vb, 0, sizeof vb};
        if (!put_name(&one, b->name, b->name_len) || !put_value(&one, &b->value) ||
            !wrap(o, 0x30, vb, one.len))
            return false;
    }
    return true;
}

/* A whole message; its size, or 0 when it does not fit cap. */
FUZZ_NO_COVERAGE static size_t build(uint8_t *out, size_t cap, int32_t version,
                                     const char *community, uint8_t pdu_tag, int32_t request_id,
                                     int32_t status, int32_t index, bool with_varbinds)
{
    out_buf l = {list, 0, sizeof list}, p = {pdu, 0, sizeof pdu}, b = {body, 0, sizeof body};
    out_buf m = {out, 0, cap};
    bool ok = put_list(&l, with_varbinds) && put_int(&p, request_id) && put_int(&p, status) &&
              put_int(&p, index) && wrap(&p, 0x30, list, l.len) && put_int(&b, version) &&
              wrap(&b, 0x04, (const uint8_t *)community, strlen(community)) &&
              wrap(&b, pdu_tag, pdu, p.len) && wrap(&m, 0x30, body, b.len);
    return ok ? m.len : 0;
}

/* ---- the model ---- */

/* SMIv2's error for a failure of the engine, or v1's (RFC 3584 4.3). */
FUZZ_NO_COVERAGE static int32_t model_error(snmp_set_failure f, bool v1)
{
    switch (f) {
    case SNMP_SET_NOT_WRITABLE:
        return v1 ? SNMP_PDU_NO_SUCH_NAME : SNMP_PDU_NOT_WRITABLE;
    case SNMP_SET_WRONG_TYPE:
        return v1 ? SNMP_PDU_BAD_VALUE : SNMP_PDU_WRONG_TYPE;
    case SNMP_SET_WRONG_LENGTH:
        return v1 ? SNMP_PDU_BAD_VALUE : SNMP_PDU_WRONG_LENGTH;
    case SNMP_SET_WRONG_VALUE:
        return v1 ? SNMP_PDU_BAD_VALUE : SNMP_PDU_WRONG_VALUE;
    case SNMP_SET_NO_CREATION:
        return v1 ? SNMP_PDU_NO_SUCH_NAME : SNMP_PDU_NO_CREATION;
    default:
        return SNMP_PDU_NO_ERROR;
    }
}

FUZZ_NO_COVERAGE static void check_counters(uint32_t parse_errs, uint32_t bad_names,
                                            uint32_t bad_uses, uint32_t drops, uint32_t out)
{
    const snmp_counters *c = snmp_responder_counters(&responder);
    fuzz_check(c->in_pkts == 1 && c->in_bad_versions == 0);
    fuzz_check(c->in_asn_parse_errs == parse_errs);
    fuzz_check(c->in_bad_community_names == bad_names);
    fuzz_check(c->in_bad_community_uses == bad_uses);
    fuzz_check(c->silent_drops == drops);
    fuzz_check(c->out_pkts == out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    if (scratch == NULL) {
        scratch = malloc(snmp_responder_scratch_size());
        fuzz_check(scratch != NULL);
    }
    uint8_t options = data[0];
    int32_t version = (options & 1) ? SNMP_VERSION_2C : SNMP_VERSION_1;
    const char *community = community_choice[(options >> 1) & 3];
    bool known = (options & 6) != 4, can_write = (options & 6) != 2;
    size_t limit = (options & 16) ? SNMP_TCP_MAX_MESSAGE : SNMP_UDP_MAX_MESSAGE;
    if (options & 8)
        limit = 484 + (size_t)(options >> 4) * 64;
    int32_t request_id = (int32_t)(uint32_t)fuzz_load_be(data + 1, 4);

    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    (void)fuzz_take_set(data + 5, size - 5, rows, count, &request);
    /* Bindings past the input's end would be all zeros: 255 of them from
     * a 6-byte input, each decoded four times by the responder, which cost
     * most of the executions and explored nothing new. */
    request.count = request.begun;
    bool wire_refused = false;
    for (size_t i = 0; i < request.count; i++) {
        encodable_name(&request.bindings[i]);
        sendable_value(&request.bindings[i], value_arcs[i]);
        wire_refused = wire_refused || refused_on_wire(&request.bindings[i].value);
    }
    size_t len = build(message, sizeof message, version, community, SNMP_BER_SET_REQUEST,
                       request_id, 0, 0, true);
    if (len == 0)
        return 0;   /* larger than this target writes: not a message */
    wire_refused = wire_refused || len > SNMP_PDU_MAX_MESSAGE;

    fuzz_fresh_mib(&fm);
    fuzz_check(snmp_responder_init(&responder, &fm.mib, communities, 2) == SNMP_OK);
    fuzz_mib_copy(&before, &fm);
    size_t got = 0;
    snmp_status st = snmp_respond(&responder, scratch, message, len, 0, limit, answer,
                                  sizeof answer, &got);
    const snmp_pdu_why *why = snmp_responder_refusal(scratch);

    if (wire_refused) {
        fuzz_check(st == SNMP_MALFORMED && got == 0 && why->reason != SNMP_PDU_R_NONE);
        fuzz_check(fuzz_mib_same(&before, &fm));
        check_counters(1, 0, 0, 0, 0);
        return 0;
    }
    fuzz_check(st == SNMP_OK && why->reason == SNMP_PDU_R_NONE);
    if (!known) {
        fuzz_check(got == 0 && fuzz_mib_same(&before, &fm));
        check_counters(0, 1, 0, 0, 0);
        return 0;
    }

    bool v1 = version == SNMP_VERSION_1;
    bool denied = !can_write && request.count > 0;
    size_t failed = 0;
    snmp_set_failure verdict = denied ? SNMP_SET_OK : fuzz_reference_set(rows, count, &request,
                                                                         &failed);
    int32_t status = denied ? (v1 ? SNMP_PDU_NO_SUCH_NAME : SNMP_PDU_NO_ACCESS)
                            : model_error(verdict, v1);
    int32_t index = status == SNMP_PDU_NO_ERROR ? 0 : (int32_t)failed + 1;
    size_t want = build(expected, sizeof expected, version, community, SNMP_BER_RESPONSE,
                        request_id, status, index, true);
    bool echoed = want != 0 && want <= limit;
    if (!echoed) {
        want = build(too_big, sizeof too_big, version, community, SNMP_BER_RESPONSE, request_id,
                     SNMP_PDU_TOO_BIG, 0, false);
        fuzz_check(want != 0);
        memcpy(expected, too_big, want);
    }
    if (want > limit) {
        fuzz_check(got == 0 && fuzz_mib_same(&before, &fm));
        check_counters(0, 0, denied, 1, 0);
        return 0;
    }
    fuzz_check(got == want && memcmp(answer, expected, want) == 0);
    check_counters(0, 0, denied, 0, 1);
    if (echoed && status == SNMP_PDU_NO_ERROR)
        fuzz_check_applied(&fm, &before, rows, count, &request);
    else
        fuzz_check(fuzz_mib_same(&before, &fm));
    return 0;
}
