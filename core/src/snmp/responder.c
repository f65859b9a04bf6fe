/*
 * The command responder of SNMP.md s.3-5. Every answer is made in two
 * passes over a list of answer entries: the first sizes it (so tooBig and
 * the GetBulk cut are decided before a byte is written), the second writes
 * it forward. An entry says where its name and value come from (a MIB row,
 * a row of the snmp group, or a varbind of the request) instead of copying
 * them, so a 65 KB request needs no per-varbind name storage.
 */
#include "snmp/responder.h"

#include <string.h>

#include "snmp/ber.h"
#include "snmp/coverage.h"

enum {
    /* The fewest bytes a varbind takes (30 05 06 01 2b 05 00), so the most
     * a TCP message can hold. */
    MIN_VARBIND_SIZE = 7,
    MAX_REQUEST_VARBINDS = SNMP_PDU_MAX_MESSAGE / MIN_VARBIND_SIZE + 1
};

/* Where an answer's name (and value) comes from. */
typedef enum ref_kind {
    REF_MIB,       /* row `index` of the agent's MIB */
    REF_GROUP,     /* row `index` of the snmp group */
    REF_REQUEST    /* the name of the request's varbind `index` */
} ref_kind;

typedef struct object_ref {
    uint32_t index;
    uint8_t kind;        /* a ref_kind */
} object_ref;

/* One varbind of an answer: a name, and either the value of the object it
 * names or an exception. */
typedef struct answer_vb {
    object_ref name;
    uint8_t exception;   /* 0, or noSuchObject/noSuchInstance/endOfMibView */
} answer_vb;

struct snmp_responder_scratch {
    snmp_pdu_request req;
    snmp_pdu_why why;                           /* the last refusal */
    uint32_t vb_offset[MAX_REQUEST_VARBINDS];   /* each request varbind's start in req.varbinds */
    answer_vb answer[MAX_REQUEST_VARBINDS];
    snmp_set_step steps[MAX_REQUEST_VARBINDS];
    snmp_oid name;                              /* the request name being looked at */
    snmp_smi value;                             /* ... and its value */
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
};

size_t snmp_responder_scratch_size(void)
{
    return sizeof(snmp_responder_scratch);
}

/* For calls that cannot fail here, each for the reason its caller's
 * comment gives (gcc's warn_unused_result does not accept a (void) cast). */
static void ignore_status(snmp_status status)
{
    (void)status;
}

/* One call's state: who answers, to what, within which limit. */
typedef struct call {
    snmp_responder *r;
    snmp_responder_scratch *s;
    uint64_t now;
    size_t limit;        /* the largest answer: min(max_message, cap) */
    uint8_t *out;
    size_t *out_len;
} call;

/* ---- the snmp group (SNMP.md s.5) ---- */

static const uint32_t group_arcs[SNMP_GROUP_ROWS][9] = {
    {1, 3, 6, 1, 2, 1, 11, 1, 0},  {1, 3, 6, 1, 2, 1, 11, 2, 0},  {1, 3, 6, 1, 2, 1, 11, 3, 0},
    {1, 3, 6, 1, 2, 1, 11, 4, 0},  {1, 3, 6, 1, 2, 1, 11, 5, 0},  {1, 3, 6, 1, 2, 1, 11, 6, 0},
    {1, 3, 6, 1, 2, 1, 11, 30, 0}, {1, 3, 6, 1, 2, 1, 11, 31, 0}, {1, 3, 6, 1, 2, 1, 11, 32, 0},
};

enum { ROW_ENABLE_AUTHEN_TRAPS = 6, AUTHEN_TRAPS_DISABLED = 2 };

/* The group rows' values are the counters: refreshed at the start of each
 * call (the MIB reads a read-only row's value from the row itself). */
static void refresh_group(snmp_responder *r)
{
    const snmp_counters *c = &r->counters;
    const uint32_t values[SNMP_GROUP_ROWS] = {
        c->in_pkts, c->out_pkts, c->in_bad_versions, c->in_bad_community_names,
        c->in_bad_community_uses, c->in_asn_parse_errs, 0, c->silent_drops, c->proxy_drops,
    };
    for (size_t i = 0; i < SNMP_GROUP_ROWS; i++)
        r->group_rows[i].value.number = values[i];
}

snmp_status snmp_responder_init(snmp_responder *r, snmp_mib *mib, const snmp_community *communities,
                                size_t count)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < count; i++) {
        if (communities[i].len == 0 || communities[i].len > SNMP_COMMUNITY_MAX)
            return SNMP_MALFORMED;
    }
    r->mib = mib;
    r->communities = communities;
    r->community_count = count;
    for (size_t i = 0; i < SNMP_GROUP_ROWS; i++) {
        snmp_mib_row *row = &r->group_rows[i];
        row->arcs = group_arcs[i];
        row->arc_count = 9;
        row->value.type = SNMP_SMI_COUNTER32;
    }
    r->group_rows[ROW_ENABLE_AUTHEN_TRAPS].value.type = SNMP_SMI_INTEGER;
    r->group_rows[ROW_ENABLE_AUTHEN_TRAPS].value.integer = AUTHEN_TRAPS_DISABLED;
    /* A fixed table that fits its fixed arena: this cannot fail. (The call
     * stays outside SNMP_NEVER, which a coverage build replaces by 0.) */
    snmp_status st = snmp_mib_init(&r->group, r->group_rows, SNMP_GROUP_ROWS, r->group_arena,
                                   sizeof r->group_arena, 0);
    (void)st;
    if (SNMP_NEVER(st != SNMP_OK))
        return SNMP_MALFORMED;
    return SNMP_OK;
}

const snmp_pdu_why *snmp_responder_refusal(const snmp_responder_scratch *s)
{
    return &s->why;
}

void snmp_responder_count_refusal(snmp_responder *r)
{
    r->counters.in_pkts++;
    r->counters.in_asn_parse_errs++;
}

const snmp_counters *snmp_responder_counters(const snmp_responder *r)
{
    return &r->counters;
}

/* ---- looking up names over the MIB with the snmp group laid over it ---- */

static const snmp_mib *ref_mib(const snmp_responder *r, object_ref ref)
{
    return ref.kind == REF_GROUP ? &r->group : r->mib;
}

static const snmp_mib_row *ref_row(const snmp_responder *r, object_ref ref)
{
    return snmp_mib_row_at(ref_mib(r, ref), ref.index);
}

/* The object named exactly name (the group's row wins over the MIB's). */
static bool find_exact(const snmp_responder *r, const snmp_oid *name, object_ref *found)
{
    long g = snmp_mib_find(&r->group, name->arcs, name->len);
    if (g >= 0) {
        *found = (object_ref){(uint32_t)g, REF_GROUP};
        return true;
    }
    long m = snmp_mib_find(r->mib, name->arcs, name->len);
    *found = (object_ref){(uint32_t)m, REF_MIB};
    return m >= 0;
}

/* The first row after name in mib; for v1 the first that is no Counter64
 * (RFC 3584 4.2.2.1), found in one step however long the run it skips. */
static long next_row(const snmp_mib *mib, const uint32_t *arcs, size_t len, bool v1)
{
    long i = snmp_mib_next(mib, arcs, len);
    return v1 && i >= 0 ? snmp_mib_smiv1_from(mib, (size_t)i) : i;
}

/* The first object after name, in numeric order over both tables (on a tie
 * the group's row, which shadows the MIB's). */
static bool find_next(const snmp_responder *r, const uint32_t *arcs, size_t len, bool v1,
                      object_ref *found)
{
    long g = next_row(&r->group, arcs, len, v1);
    long m = next_row(r->mib, arcs, len, v1);
    if (g < 0 && m < 0)
        return false;
    if (m < 0) {
        *found = (object_ref){(uint32_t)g, REF_GROUP};
        return true;
    }
    if (g >= 0) {
        const snmp_mib_row *gr = snmp_mib_row_at(&r->group, (size_t)g);
        const snmp_mib_row *mr = snmp_mib_row_at(r->mib, (size_t)m);
        if (snmp_arcs_compare(gr->arcs, gr->arc_count, mr->arcs, mr->arc_count) <= 0) {
            *found = (object_ref){(uint32_t)g, REF_GROUP};
            return true;
        }
    }
    *found = (object_ref){(uint32_t)m, REF_MIB};
    return true;
}

/*
 * Whether a row exists for this request: not a Counter64 asked for in v1
 * (RFC 3584 4.2.2.1), and a name and value BER can say. The MIB takes
 * names such as 1.40.1 or 3.1 and OID values such as 5.5, which the seed
 * protocol can say and X.690 8.19.4 cannot; over SNMP such a row is not
 * there, as a name with an arc above 255 is not there for the seed
 * protocol (SNMP.md s.5). A writable row's value is always sayable, so
 * its starting value decides.
 */
static bool visible(const call *c, const snmp_mib_row *row)
{
    if (c->s->req.version == SNMP_VERSION_1 && row->value.type == SNMP_SMI_COUNTER64)
        return false;
    return snmp_pdu_varbind_size(row->arcs, row->arc_count, &row->value) != 0;
}

/* GETNEXT for one name, over the visible rows. */
static bool next_object(const call *c, const uint32_t *arcs, size_t len, object_ref *found)
{
    while (find_next(c->r, arcs, len, c->s->req.version == SNMP_VERSION_1, found)) {
        const snmp_mib_row *row = ref_row(c->r, *found);
        if (visible(c, row))
            return true;
        arcs = row->arcs;
        len = row->arc_count;
    }
    return false;
}

/* ---- the request's varbinds ---- */

/* Notes where each request varbind starts, so any can be read again. */
static void index_request(snmp_responder_scratch *s)
{
    snmp_ber_reader list = s->req.varbinds;
    for (size_t i = 0; i < s->req.varbind_count; i++) {
        s->vb_offset[i] = (uint32_t)(list.p - s->req.varbinds.p);
        /* Checked whole by snmp_pdu_decode, which counted varbind_count of
         * them: reading again cannot fail. */
        snmp_status st = snmp_pdu_next_varbind(&list, &s->name, &s->value, s->value_arcs);
        (void)st;   /* read only by SNMP_NEVER, which a coverage build makes 0 */
        if (SNMP_NEVER(st != SNMP_OK))
            return;
    }
}

/* Request varbind i into s->name and s->value. */
static void read_request(snmp_responder_scratch *s, size_t i)
{
    size_t at = s->vb_offset[i];
    snmp_ber_reader vb = snmp_ber_reader_of(s->req.varbinds.p + at, s->req.varbinds.len - at);
    /* A varbind index_request read once already: it reads again. */
    ignore_status(snmp_pdu_next_varbind(&vb, &s->name, &s->value, s->value_arcs));
}

/* ---- sizing and writing answers ---- */

/* The name and value of answer entry a (request names via s->name). */
static void resolve(const call *c, const answer_vb *a, const uint32_t **arcs, size_t *len,
                    snmp_smi *value)
{
    if (a->name.kind == REF_REQUEST) {
        read_request(c->s, a->name.index);
        *arcs = c->s->name.arcs;
        *len = c->s->name.len;
    } else {
        const snmp_mib_row *row = ref_row(c->r, a->name);
        *arcs = row->arcs;
        *len = row->arc_count;
    }
    if (a->exception != 0) {
        memset(value, 0, sizeof *value);
        value->type = a->exception;
    } else {
        snmp_mib_read(ref_mib(c->r, a->name), a->name.index, c->now, value);
    }
}

static size_t answer_vb_size(const call *c, const answer_vb *a)
{
    const uint32_t *arcs;
    size_t len;
    snmp_smi value;
    resolve(c, a, &arcs, &len, &value);
    return snmp_pdu_varbind_size(arcs, len, &value);
}

static size_t request_vb_size(const call *c, size_t i)
{
    read_request(c->s, i);
    return snmp_pdu_varbind_size(c->s->name.arcs, c->s->name.len, &c->s->value);
}

/* Whether an answer of this size (snmp_pdu_response_size) may be sent: 0
 * means more than BER's 4 length octets can say (a GET of thousands of
 * large objects), which fits no limit either. */
static bool fits(const call *c, size_t size)
{
    return size != 0 && size <= c->limit;
}

/* Writes the Response header; the varbinds follow at out + *at. */
static void put_header(const call *c, int32_t status, int32_t index, size_t vlen, size_t size,
                       size_t *at)
{
    /* Sized by snmp_pdu_response_size against the limit: it fits. */
    snmp_status st =
        snmp_pdu_put_response_header(c->out, c->limit, &c->s->req, status, index, vlen, at);
    (void)st;
    if (SNMP_NEVER(st != SNMP_OK)) {
        *at = c->limit;   /* so put_vb finds no room either and sends nothing */
        return;
    }
    c->r->counters.out_pkts++;
    *c->out_len = size;
}

/* Writes one varbind at *at, within the limit. */
static void put_vb(const call *c, size_t *at, const uint32_t *arcs, size_t len,
                   const snmp_smi *value)
{
    size_t written;
    /* Every varbind was sized (snmp_pdu_varbind_size) into the whole
     * answer's size, and that fit the limit: it fits and encodes. */
    snmp_status st = snmp_pdu_put_varbind(c->out + *at, c->limit - *at, arcs, len, value, &written);
    (void)st;
    if (SNMP_NEVER(st != SNMP_OK)) {
        *c->out_len = 0;   /* never send a half-written answer */
        *at = c->limit;
        return;
    }
    *at += written;
}

/* tooBig with no varbinds, or a silent drop when even that does not fit. */
static snmp_status answer_too_big(const call *c)
{
    size_t size = snmp_pdu_response_size(&c->s->req, SNMP_PDU_TOO_BIG, 0, 0);
    if (!fits(c, size)) {
        c->r->counters.silent_drops++;
        return SNMP_OK;
    }
    size_t at;
    put_header(c, SNMP_PDU_TOO_BIG, 0, 0, size, &at);
    return SNMP_OK;
}

/* Answers with entries s->answer[0 .. n) and noError, or tooBig. */
static snmp_status answer_entries(const call *c, size_t n)
{
    size_t vlen = 0;
    for (size_t i = 0; i < n; i++)
        vlen += answer_vb_size(c, &c->s->answer[i]);
    size_t size = snmp_pdu_response_size(&c->s->req, SNMP_PDU_NO_ERROR, 0, vlen);
    if (!fits(c, size))
        return answer_too_big(c);
    size_t at;
    put_header(c, SNMP_PDU_NO_ERROR, 0, vlen, size, &at);
    for (size_t i = 0; i < n; i++) {
        const uint32_t *arcs;
        size_t len;
        snmp_smi value;
        resolve(c, &c->s->answer[i], &arcs, &len, &value);
        put_vb(c, &at, arcs, len, &value);
    }
    return SNMP_OK;
}

/* Size of the request's varbinds written again (minimally). */
static size_t echo_size(const call *c)
{
    size_t vlen = 0;
    for (size_t i = 0; i < c->s->req.varbind_count; i++)
        vlen += request_vb_size(c, i);
    return vlen;
}

/* Answers status/index with the request's varbinds, or tooBig. An error
 * answer carries the varbinds as they came; so does a successful SET. */
static snmp_status answer_echo(const call *c, int32_t status, int32_t index, size_t vlen)
{
    size_t size = snmp_pdu_response_size(&c->s->req, status, index, vlen);
    if (!fits(c, size))
        return answer_too_big(c);
    size_t at;
    put_header(c, status, index, vlen, size, &at);
    for (size_t i = 0; i < c->s->req.varbind_count; i++) {
        read_request(c->s, i);
        put_vb(c, &at, c->s->name.arcs, c->s->name.len, &c->s->value);
    }
    return SNMP_OK;
}

static snmp_status answer_error(const call *c, int32_t status, size_t failed)
{
    return answer_echo(c, status, (int32_t)(failed + 1), echo_size(c));
}

/* ---- the four requests ---- */

static bool is_v1(const call *c)
{
    return c->s->req.version == SNMP_VERSION_1;
}

static snmp_status answer_get(const call *c)
{
    snmp_responder_scratch *s = c->s;
    for (size_t i = 0; i < s->req.varbind_count; i++) {
        answer_vb *a = &s->answer[i];
        read_request(s, i);
        if (find_exact(c->r, &s->name, &a->name) && visible(c, ref_row(c->r, a->name))) {
            a->exception = 0;
            continue;
        }
        if (is_v1(c))
            return answer_error(c, SNMP_PDU_NO_SUCH_NAME, i);
        a->name = (object_ref){(uint32_t)i, REF_REQUEST};
        bool instance = snmp_mib_under_object_type(c->r->mib, s->name.arcs, s->name.len) ||
                        snmp_mib_under_object_type(&c->r->group, s->name.arcs, s->name.len);
        a->exception = instance ? SNMP_SMI_NO_SUCH_INSTANCE : SNMP_SMI_NO_SUCH_OBJECT;
    }
    return answer_entries(c, s->req.varbind_count);
}

/* GETNEXT of request varbind i into *a: the next object, or endOfMibView
 * with the requested name. */
static bool next_of_request(const call *c, size_t i, answer_vb *a)
{
    read_request(c->s, i);
    if (next_object(c, c->s->name.arcs, c->s->name.len, &a->name)) {
        a->exception = 0;
        return true;
    }
    a->name = (object_ref){(uint32_t)i, REF_REQUEST};
    a->exception = SNMP_SMI_END_OF_MIB_VIEW;
    return false;
}

static snmp_status answer_get_next(const call *c)
{
    for (size_t i = 0; i < c->s->req.varbind_count; i++) {
        if (!next_of_request(c, i, &c->s->answer[i]) && is_v1(c))
            return answer_error(c, SNMP_PDU_NO_SUCH_NAME, i);
    }
    return answer_entries(c, c->s->req.varbind_count);
}

/* GETNEXT continuing from an earlier answer entry (a GetBulk repetition). */
static bool next_of_answer(const call *c, const answer_vb *from, answer_vb *a)
{
    if (from->exception == 0) {
        const snmp_mib_row *row = ref_row(c->r, from->name);
        if (next_object(c, row->arcs, row->arc_count, &a->name)) {
            a->exception = 0;
            return true;
        }
    }
    /* The end stays the end, under the same name. */
    a->name = from->name;
    a->exception = SNMP_SMI_END_OF_MIB_VIEW;
    return false;
}

/* Builds a GetBulk answer entry by entry while it fits; returns how many. */
typedef struct bulk {
    size_t count;        /* entries so far */
    size_t vlen;         /* their varbinds' bytes */
} bulk;

/* Whether entry b->count (already filled) fits; if so it is kept. */
static bool bulk_keep(const call *c, bulk *b)
{
    size_t vlen = b->vlen + answer_vb_size(c, &c->s->answer[b->count]);
    if (!fits(c, snmp_pdu_response_size(&c->s->req, SNMP_PDU_NO_ERROR, 0, vlen)))
        return false;
    b->vlen = vlen;
    b->count++;
    return true;
}

static size_t clamp_count(int32_t v, size_t max)
{
    if (v < 0)
        return 0;
    return (size_t)v < max ? (size_t)v : max;
}

/* The repetitions of a GetBulk (RFC 3416 4.2.3): round by round, until
 * max-repetitions, the cap, the size limit, or a round that is all
 * endOfMibView (kept; the answer stops right after it). */
static void bulk_repeat(const call *c, bulk *b, size_t first, size_t repeaters, size_t rounds)
{
    answer_vb *answer = c->s->answer;
    for (size_t round = 0; round < rounds; round++) {
        bool all_ended = true;
        for (size_t j = 0; j < repeaters; j++) {
            if (b->count == SNMP_BULK_MAX_VARBINDS)
                return;
            bool more = round == 0 ? next_of_request(c, first + j, &answer[b->count])
                                   : next_of_answer(c, &answer[b->count - repeaters],
                                                    &answer[b->count]);
            if (!bulk_keep(c, b))
                return;
            all_ended = all_ended && !more;
        }
        if (all_ended)
            return;
    }
}

static snmp_status answer_get_bulk(const call *c)
{
    const snmp_pdu_request *req = &c->s->req;
    size_t count = req->varbind_count;
    size_t non_repeaters = clamp_count(req->error_status, count);
    size_t rounds = clamp_count(req->error_index, SIZE_MAX);
    bulk b = {0, 0};
    for (size_t i = 0; i < non_repeaters && b.count < SNMP_BULK_MAX_VARBINDS; i++) {
        (void)next_of_request(c, i, &c->s->answer[b.count]);
        if (!bulk_keep(c, &b))
            return answer_entries(c, b.count);
    }
    if (non_repeaters < count)
        bulk_repeat(c, &b, non_repeaters, count - non_repeaters, rounds);
    return answer_entries(c, b.count);
}

/* SMIv2's error for each failure of the SET engine, and v1's (RFC 3584 4.4). */
static int32_t set_error(const call *c, snmp_set_failure failure)
{
    static const int32_t v2[] = {
        [SNMP_SET_NOT_WRITABLE] = SNMP_PDU_NOT_WRITABLE,
        [SNMP_SET_WRONG_TYPE] = SNMP_PDU_WRONG_TYPE,
        [SNMP_SET_WRONG_LENGTH] = SNMP_PDU_WRONG_LENGTH,
        [SNMP_SET_WRONG_VALUE] = SNMP_PDU_WRONG_VALUE,
        [SNMP_SET_NO_CREATION] = SNMP_PDU_NO_CREATION,
    };
    static const int32_t v1[] = {
        [SNMP_SET_NOT_WRITABLE] = SNMP_PDU_NO_SUCH_NAME,
        [SNMP_SET_WRONG_TYPE] = SNMP_PDU_BAD_VALUE,
        [SNMP_SET_WRONG_LENGTH] = SNMP_PDU_BAD_VALUE,
        [SNMP_SET_WRONG_VALUE] = SNMP_PDU_BAD_VALUE,
        [SNMP_SET_NO_CREATION] = SNMP_PDU_NO_SUCH_NAME,
    };
    return is_v1(c) ? v1[failure] : v2[failure];
}

static snmp_status answer_set(const call *c, bool can_write)
{
    snmp_responder_scratch *s = c->s;
    size_t count = s->req.varbind_count;
    if (!can_write && count > 0) {
        c->r->counters.in_bad_community_uses++;
        return answer_error(c, is_v1(c) ? SNMP_PDU_NO_SUCH_NAME : SNMP_PDU_NO_ACCESS, 0);
    }
    for (size_t i = 0; i < count; i++) {
        read_request(s, i);
        snmp_set_failure failure =
            snmp_set_check(c->r->mib, s->name.arcs, s->name.len, &s->value, &s->steps[i]);
        if (failure != SNMP_SET_OK)
            return answer_error(c, set_error(c, failure), i);
    }
    size_t vlen = echo_size(c);
    if (!fits(c, snmp_pdu_response_size(&s->req, SNMP_PDU_NO_ERROR, 0, vlen)))
        return answer_too_big(c);   /* and nothing changes */
    snmp_set_apply(c->r->mib, s->steps, count);
    return answer_echo(c, SNMP_PDU_NO_ERROR, 0, vlen);
}

/* ---- the entry point ---- */

/* The community, compared in time independent of where names differ. */
static const snmp_community *find_community(const snmp_responder *r, const uint8_t *name,
                                            size_t len)
{
    const snmp_community *found = NULL;
    for (size_t i = 0; i < r->community_count; i++) {
        const snmp_community *c = &r->communities[i];
        if (c->len != len)
            continue;
        uint8_t diff = 0;
        for (size_t k = 0; k < len; k++)
            diff |= (uint8_t)(c->name[k] ^ name[k]);
        if (diff == 0 && (found == NULL || c->can_write))
            found = c;
    }
    return found;
}

/* out is written through call.out, which clang-tidy does not follow. */
snmp_status snmp_respond(snmp_responder *r, snmp_responder_scratch *s, const uint8_t *msg,
                         size_t len, uint64_t now_ticks, size_t max_message,
                         uint8_t *out, /* NOLINT(readability-non-const-parameter) */
                         size_t cap, size_t *out_len)
{
    *out_len = 0;
    r->counters.in_pkts++;
    if (snmp_pdu_decode(msg, len, &s->req, &s->why) != SNMP_OK) {
        if (s->why.reason == SNMP_PDU_R_BAD_VERSION)
            r->counters.in_bad_versions++;
        else
            r->counters.in_asn_parse_errs++;
        return SNMP_MALFORMED;
    }
    const snmp_community *community = find_community(r, s->req.community, s->req.community_len);
    if (community == NULL) {
        r->counters.in_bad_community_names++;
        return SNMP_OK;
    }
    /* A 65,535-byte message holds fewer varbinds than this. */
    if (SNMP_NEVER(s->req.varbind_count > MAX_REQUEST_VARBINDS)) {
        r->counters.in_asn_parse_errs++;
        return SNMP_MALFORMED;
    }
    refresh_group(r);
    index_request(s);
    call c = {r, s, now_ticks, max_message < cap ? max_message : cap, out, out_len};
    switch (s->req.pdu_type) {
    case SNMP_BER_GET_REQUEST:
        return answer_get(&c);
    case SNMP_BER_GET_NEXT_REQUEST:
        return answer_get_next(&c);
    case SNMP_BER_GET_BULK_REQUEST:
        return answer_get_bulk(&c);
    default: /* the decoder accepts only these four */
        return answer_set(&c, community->can_write);
    }
}
