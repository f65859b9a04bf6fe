/*
 * SNMP v1/v2c message codec (snmp/pdu.h, SNMP.md s.2): every refusal at the
 * message and PDU level at its boundary, a representative of each BER rule
 * at each position, every accepted form, every value type round-tripped
 * (decode -> snmp_smi -> put_varbind gives the same bytes), the Response
 * encoder at every capacity, and the requests real net-snmp tools sent
 * (corpus/snmp_requests/, see its README.md) decoded field by field, whole
 * and as every prefix. Inputs sit at the end of a guarded page, outputs in
 * guarded buffers of exactly cap bytes, so any over-read or over-write
 * crashes the test.
 *
 * Messages are written in a small notation (see dsl_parse): hex bytes,
 * 'text', N*XX for N copies of a byte, and {...} for "the length of what
 * is inside, then it", so a case states its structure and never a length
 * by hand; ^ marks the offset the refusal must report.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/pdu.h"
#include "test_util.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { DSL_CAP = 4096 };

/* ---- the message notation ---- */

typedef struct dsl {
    uint8_t out[DSL_CAP];
    size_t n;
    size_t mark;
    int marked;
} dsl;

static void dsl_byte(dsl *d, uint8_t b)
{
    assert_true(d->n < DSL_CAP);
    d->out[d->n++] = b;
}

static unsigned hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    assert_true(c >= 'A' && c <= 'F');
    return (unsigned)(c - 'A' + 10);
}

/*
 * Tokens, separated by spaces:
 *   XX       one byte in hex
 *   N*XX     N copies of byte XX (N decimal)
 *   'text'   the bytes of text (no spaces inside)
 *   ^        the refusal's expected offset is here
 *   {  ...}  the minimal BER length of the content, then the content
 *   {8N ...} the length in N long-form octets (non-minimal: {81, {84)
 *   {+K ...} {-K ...}  a minimal length K more / less than the content
 */
static void dsl_parse(dsl *d, const char **s)
{
    for (;;) {
        while (**s == ' ')
            (*s)++;
        char c = **s;
        if (c == '\0' || c == '}')
            return;
        if (c == '^') {
            d->mark = d->n;
            d->marked = 1;
            (*s)++;
        } else if (c == '\'') {
            for ((*s)++; **s != '\''; (*s)++) {
                assert_true(**s != '\0');
                dsl_byte(d, (uint8_t)**s);
            }
            (*s)++;
        } else if (c == '{') {
            (*s)++;
            size_t long_octets = 0;
            long delta = 0;
            if (**s == '8') {
                long_octets = hex_digit((*s)[1]);
                *s += 2;
            } else if (**s == '+' || **s == '-') {
                char *end;
                delta = strtol(*s, &end, 10);
                *s = end;
            }
            size_t start = d->n;
            dsl_parse(d, s);
            assert_true(**s == '}');
            (*s)++;
            size_t clen = d->n - start;
            size_t said = (size_t)((long)clen + delta);
            uint8_t hdr[6];
            size_t hb = 0;
            if (long_octets == 0 && said < 0x80) {
                hdr[hb++] = (uint8_t)said;
            } else {
                if (long_octets == 0)
                    for (size_t v = said; v != 0; v >>= 8)
                        long_octets++;
                hdr[hb++] = (uint8_t)(0x80 | long_octets);
                for (size_t i = long_octets; i > 0; i--)
                    hdr[hb++] = (uint8_t)(said >> (8 * (i - 1)));
            }
            assert_true(d->n + hb <= DSL_CAP);
            memmove(d->out + start + hb, d->out + start, clen);
            memcpy(d->out + start, hdr, hb);
            d->n += hb;
            if (d->marked && d->mark >= start)
                d->mark += hb;
        } else {
            size_t token = strcspn(*s, " {}");
            const char *star = memchr(*s, '*', token);
            unsigned long count = 1;
            if (star != NULL) {
                count = strtoul(*s, NULL, 10);
                *s = star + 1;
            }
            uint8_t b = (uint8_t)(hex_digit((*s)[0]) << 4 | hex_digit((*s)[1]));
            *s += 2;
            for (unsigned long i = 0; i < count; i++)
                dsl_byte(d, b);
        }
    }
}

static void dsl_build(dsl *d, const char *text)
{
    memset(d, 0, sizeof(*d));
    const char *s = text;
    dsl_parse(d, &s);
    if (*s != '\0')
        print_error("notation stops at \"%s\" in \"%s\"\n", s, text);
    assert_true(*s == '\0');
}

/* Dotted text into arcs (test-local; arcs.c belongs to another module). */
static size_t arcs_of(const char *text, uint32_t *arcs)
{
    size_t n = 0;
    const char *s = text;
    for (;;) {
        char *end;
        unsigned long long v = strtoull(s, &end, 10);
        assert_true(end != s && v <= UINT32_MAX && n < SNMP_OID_MAX_ARCS);
        arcs[n++] = (uint32_t)v;
        if (*end == '\0')
            return n;
        assert_true(*end == '.');
        s = end + 1;
    }
}

/* ---- pieces of messages ---- */

#define SYSNAME_OID "06 08 2b 06 01 02 01 01 05 00"
#define VB_SYSNAME "30{" SYSNAME_OID " 05 00}"
#define RID "02 04 0a c4 29 6f"
#define ZERO2 "02 01 00 02 01 00"
#define COMMUNITY "04{'public'}"
/* A v2c message with this PDU tag and varbind-list content. */
#define MSG(tag, vbs) "30{02 01 01 " COMMUNITY " " tag "{" RID " " ZERO2 " 30{" vbs "}}}"
#define MSG_V1(tag, vbs) "30{02 01 00 " COMMUNITY " " tag "{" RID " " ZERO2 " 30{" vbs "}}}"
/* A v2c GetRequest whose one varbind is sysName.0 with this value. */
#define GET_WITH_VALUE(value) MSG("a0", "30{" SYSNAME_OID " " value "}")
/* The same with this name and a NULL value. */
#define GET_WITH_NAME(name) MSG("a0", "30{" name " 05 00}")

/* Decodes d's bytes from the end of a guarded page. */
static snmp_status decode_guarded(const dsl *d, snmp_pdu_request *req, snmp_pdu_why *why,
                                  guarded_buf *g)
{
    const uint8_t *in = guarded_copy(g, d->out, d->n);
    return snmp_pdu_decode(in, d->n, req, why);
}

/* ---- refusals ---- */

typedef struct refusal_case {
    const char *name;
    const char *msg;        /* with ^ at the offset the refusal names */
    snmp_pdu_reason reason;
    snmp_ber_reason ber;
    snmp_pdu_at at;
} refusal_case;

#define BER(rule) SNMP_PDU_R_BER, SNMP_BER_R_##rule
#define MSGR(reason) SNMP_PDU_R_##reason, SNMP_BER_R_NONE

static const refusal_case refusal_cases[] = {
    /* the Message SEQUENCE */
    {"empty input", "^", BER(TRUNCATED), SNMP_PDU_AT_MESSAGE},
    {"tag only", "^30", BER(TRUNCATED), SNMP_PDU_AT_MESSAGE},
    {"message not a SEQUENCE (a0)", "^a0{02 01 01 " COMMUNITY "}", BER(WRONG_TAG),
     SNMP_PDU_AT_MESSAGE},
    {"message primitive SEQUENCE (10)", "^10{02 01 01}", BER(WRONG_TAG), SNMP_PDU_AT_MESSAGE},
    {"message SET (31)", "^31{02 01 01}", BER(WRONG_TAG), SNMP_PDU_AT_MESSAGE},
    {"message high tag", "^3f 01 00", BER(HIGH_TAG), SNMP_PDU_AT_MESSAGE},
    {"message indefinite length", "^30 80 02 01 01 00 00", BER(INDEFINITE_LENGTH),
     SNMP_PDU_AT_MESSAGE},
    {"message 5 length octets", "^30 85 00 00 00 00 03 02 01 01", BER(LENGTH_OCTETS),
     SNMP_PDU_AT_MESSAGE},
    {"message length one past the end", "^30{+1 02 01 01 " COMMUNITY "}", BER(LENGTH_PAST_END),
     SNMP_PDU_AT_MESSAGE},
    {"message 84 ff ff ff ff", "^30 84 ff ff ff ff 02 01 01", BER(LENGTH_PAST_END),
     SNMP_PDU_AT_MESSAGE},
    /* version */
    {"message empty: no version", "30{^}", BER(TRUNCATED), SNMP_PDU_AT_VERSION},
    {"version 2", "30{^02 01 02 " COMMUNITY "}", MSGR(BAD_VERSION), SNMP_PDU_AT_VERSION},
    {"version 3 (SNMPv3)", "30{^02 01 03 " COMMUNITY "}", MSGR(BAD_VERSION),
     SNMP_PDU_AT_VERSION},
    {"version -1", "30{^02 01 ff " COMMUNITY "}", MSGR(BAD_VERSION), SNMP_PDU_AT_VERSION},
    {"version 256", "30{^02 02 01 00 " COMMUNITY "}", MSGR(BAD_VERSION), SNMP_PDU_AT_VERSION},
    {"version 2, garbage after it", "30{^02 01 02 ff ff ff}", MSGR(BAD_VERSION),
     SNMP_PDU_AT_VERSION},
    {"version 2, nothing after it", "30{^02 01 02}", MSGR(BAD_VERSION), SNMP_PDU_AT_VERSION},
    {"version 2 before trailing bytes", "30{^02 01 02} 00", MSGR(BAD_VERSION),
     SNMP_PDU_AT_VERSION},
    {"version empty", "30{^02 00 " COMMUNITY "}", BER(INT_EMPTY), SNMP_PDU_AT_VERSION},
    {"version 1 as 00 01", "30{^02 02 00 01 " COMMUNITY "}", BER(INT_NOT_MINIMAL),
     SNMP_PDU_AT_VERSION},
    {"version 5 bytes", "30{^02 05 01 00 00 00 00}", BER(INT_TOO_WIDE), SNMP_PDU_AT_VERSION},
    {"version as OCTET STRING", "30{^04 01 01 " COMMUNITY "}", BER(WRONG_TAG),
     SNMP_PDU_AT_VERSION},
    {"version as Gauge32", "30{^42 01 01 " COMMUNITY "}", BER(WRONG_TAG), SNMP_PDU_AT_VERSION},
    {"version constructed", "30{^22{02 01 01}}", BER(WRONG_TAG), SNMP_PDU_AT_VERSION},
    {"version past the message", "30{^02 02 01}", BER(LENGTH_PAST_END), SNMP_PDU_AT_VERSION},
    {"version indefinite", "30{^02 80 01 00 00}", BER(INDEFINITE_LENGTH), SNMP_PDU_AT_VERSION},
    /* bytes after the Message */
    {"one byte after the message", MSG("a0", VB_SYSNAME) " ^00", MSGR(TRAILING),
     SNMP_PDU_AT_MESSAGE},
    {"a second message after the message", MSG("a0", VB_SYSNAME) " ^" MSG("a0", VB_SYSNAME),
     MSGR(TRAILING), SNMP_PDU_AT_MESSAGE},
    {"message length one short", "30{-1 02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " 30{" VB_SYSNAME
     "}} ^00}",
     MSGR(TRAILING), SNMP_PDU_AT_MESSAGE},
    /* community */
    {"no community", "30{02 01 01 ^}", BER(TRUNCATED), SNMP_PDU_AT_COMMUNITY},
    {"community as INTEGER", "30{02 01 01 ^02 01 00 a0{" RID " " ZERO2 " 30{}}}", BER(WRONG_TAG),
     SNMP_PDU_AT_COMMUNITY},
    {"community constructed", "30{02 01 01 ^24{04{'public'}} a0{" RID " " ZERO2 " 30{}}}",
     BER(WRONG_TAG), SNMP_PDU_AT_COMMUNITY},
    {"community as Opaque", "30{02 01 01 ^44{'public'} a0{" RID " " ZERO2 " 30{}}}",
     BER(WRONG_TAG), SNMP_PDU_AT_COMMUNITY},
    {"community past the message", "30{02 01 01 ^04 07 'public'}", BER(LENGTH_PAST_END),
     SNMP_PDU_AT_COMMUNITY},
    {"community 5 length octets", "30{02 01 01 ^04 85 00 00 00 00 00}", BER(LENGTH_OCTETS),
     SNMP_PDU_AT_COMMUNITY},
    {"community high tag", "30{02 01 01 ^1f 04 00}", BER(HIGH_TAG), SNMP_PDU_AT_COMMUNITY},
    /* the PDU's tag */
    {"no PDU", "30{02 01 01 " COMMUNITY " ^}", BER(TRUNCATED), SNMP_PDU_AT_PDU},
    {"Response a2", MSG("^a2", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"v1 Trap a4", MSG_V1("^a4", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"InformRequest a6", MSG("^a6", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"SNMPv2-Trap a7", MSG("^a7", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"Report a8", MSG("^a8", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"unknown context tag a9", MSG("^a9", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"primitive GetRequest 80", MSG("^80", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"PDU as SEQUENCE 30", MSG("^30", VB_SYSNAME), MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    {"GetBulkRequest in v1", MSG_V1("^a5", VB_SYSNAME), MSGR(BULK_IN_V1), SNMP_PDU_AT_PDU},
    {"PDU high tag bf", "30{02 01 01 " COMMUNITY " ^bf 1f 00}", BER(HIGH_TAG), SNMP_PDU_AT_PDU},
    {"PDU indefinite length", "30{02 01 01 " COMMUNITY " ^a0 80 " RID " " ZERO2 " 30 00 00 00}",
     BER(INDEFINITE_LENGTH), SNMP_PDU_AT_PDU},
    {"PDU past the message", "30{02 01 01 " COMMUNITY " ^a0{+1 " RID " " ZERO2 " 30{}}}",
     BER(LENGTH_PAST_END), SNMP_PDU_AT_PDU},
    {"PDU tag without length", "30{02 01 01 " COMMUNITY " ^a0}", BER(TRUNCATED),
     SNMP_PDU_AT_PDU},
    {"element after the PDU", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " 30{}} ^05 00}",
     MSGR(EXTRA_CONTENT), SNMP_PDU_AT_MESSAGE},
    {"Response a2 with bytes after it", "30{02 01 01 " COMMUNITY " ^a2{" RID " " ZERO2
     " 30{}} 05 00}", MSGR(PDU_TYPE), SNMP_PDU_AT_PDU},
    /* request-id */
    {"empty PDU: no request-id", "30{02 01 01 " COMMUNITY " a0{^}}", BER(TRUNCATED),
     SNMP_PDU_AT_REQUEST_ID},
    {"request-id as Counter32", "30{02 01 01 " COMMUNITY " a0{^41 01 01 " ZERO2 " 30{}}}",
     BER(WRONG_TAG), SNMP_PDU_AT_REQUEST_ID},
    {"request-id empty", "30{02 01 01 " COMMUNITY " a0{^02 00 " ZERO2 " 30{}}}", BER(INT_EMPTY),
     SNMP_PDU_AT_REQUEST_ID},
    {"request-id 00 7f", "30{02 01 01 " COMMUNITY " a0{^02 02 00 7f " ZERO2 " 30{}}}",
     BER(INT_NOT_MINIMAL), SNMP_PDU_AT_REQUEST_ID},
    {"request-id -2^31 in 5 bytes (pysnmp)",
     "30{02 01 01 " COMMUNITY " a0{^02 05 ff 80 00 00 00 " ZERO2 " 30{}}}", BER(INT_NOT_MINIMAL),
     SNMP_PDU_AT_REQUEST_ID},
    {"request-id 2^31 (5 bytes)",
     "30{02 01 01 " COMMUNITY " a0{^02 05 00 80 00 00 00 " ZERO2 " 30{}}}", BER(INT_TOO_WIDE),
     SNMP_PDU_AT_REQUEST_ID},
    {"request-id past the PDU", "30{02 01 01 " COMMUNITY " a0{^02 05 01 02}}",
     BER(LENGTH_PAST_END), SNMP_PDU_AT_REQUEST_ID},
    /* error-status (GetBulk: non-repeaters) and error-index (max-repetitions) */
    {"no error-status", "30{02 01 01 " COMMUNITY " a0{" RID " ^}}", BER(TRUNCATED),
     SNMP_PDU_AT_ERROR_STATUS},
    {"error-status as NULL", "30{02 01 01 " COMMUNITY " a0{" RID " ^05 00 02 01 00 30{}}}",
     BER(WRONG_TAG), SNMP_PDU_AT_ERROR_STATUS},
    {"error-status ff ff", "30{02 01 01 " COMMUNITY " a0{" RID " ^02 02 ff ff 02 01 00 30{}}}",
     BER(INT_NOT_MINIMAL), SNMP_PDU_AT_ERROR_STATUS},
    {"non-repeaters 5 bytes", "30{02 01 01 " COMMUNITY " a5{" RID
     " ^02 05 01 00 00 00 00 02 01 00 30{}}}", BER(INT_TOO_WIDE), SNMP_PDU_AT_ERROR_STATUS},
    {"no error-index", "30{02 01 01 " COMMUNITY " a0{" RID " 02 01 00 ^}}", BER(TRUNCATED),
     SNMP_PDU_AT_ERROR_INDEX},
    {"error-index as OCTET STRING", "30{02 01 01 " COMMUNITY " a0{" RID
     " 02 01 00 ^04 01 00 30{}}}", BER(WRONG_TAG), SNMP_PDU_AT_ERROR_INDEX},
    {"max-repetitions empty", "30{02 01 01 " COMMUNITY " a5{" RID " 02 01 00 ^02 00 30{}}}",
     BER(INT_EMPTY), SNMP_PDU_AT_ERROR_INDEX},
    {"error-index high tag", "30{02 01 01 " COMMUNITY " a0{" RID " 02 01 00 ^1f 02 01 00}}",
     BER(HIGH_TAG), SNMP_PDU_AT_ERROR_INDEX},
    /* the varbind list */
    {"no varbind list", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " ^}}", BER(TRUNCATED),
     SNMP_PDU_AT_VARBIND_LIST},
    {"varbind list as SET (31)", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " ^31{" VB_SYSNAME
     "}}}", BER(WRONG_TAG), SNMP_PDU_AT_VARBIND_LIST},
    {"varbind list primitive (10)", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " ^10 00}}",
     BER(WRONG_TAG), SNMP_PDU_AT_VARBIND_LIST},
    {"varbind list past the PDU", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " ^30{+1 "
     VB_SYSNAME "}}}", BER(LENGTH_PAST_END), SNMP_PDU_AT_VARBIND_LIST},
    {"varbind list indefinite", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " ^30 80 "
     VB_SYSNAME " 00 00}}", BER(INDEFINITE_LENGTH), SNMP_PDU_AT_VARBIND_LIST},
    {"element after the varbind list", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " 30{"
     VB_SYSNAME "} ^05 00}}", MSGR(EXTRA_CONTENT), SNMP_PDU_AT_PDU},
    {"a second varbind list", "30{02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " 30{} ^30{}}}",
     MSGR(EXTRA_CONTENT), SNMP_PDU_AT_PDU},
    /* a varbind */
    {"varbind without its SEQUENCE", MSG("a0", "^" SYSNAME_OID " 05 00"), BER(WRONG_TAG),
     SNMP_PDU_AT_VARBIND},
    {"varbind as SET", MSG("a0", "^31{" SYSNAME_OID " 05 00}"), BER(WRONG_TAG),
     SNMP_PDU_AT_VARBIND},
    {"varbind past the list", MSG("a0", "^30{+1 " SYSNAME_OID " 05 00}"), BER(LENGTH_PAST_END),
     SNMP_PDU_AT_VARBIND},
    {"one stray byte in the list", MSG("a0", VB_SYSNAME " ^30"), BER(TRUNCATED),
     SNMP_PDU_AT_VARBIND},
    {"varbind with 5 length octets", MSG("a0", "^30 85 00 00 00 00 00"), BER(LENGTH_OCTETS),
     SNMP_PDU_AT_VARBIND},
    {"third element in a varbind", MSG("a0", "30{" SYSNAME_OID " 05 00 ^05 00}"),
     MSGR(EXTRA_CONTENT), SNMP_PDU_AT_VARBIND},
    {"second varbind broken", MSG("a0", VB_SYSNAME " " VB_SYSNAME " ^04 00"), BER(WRONG_TAG),
     SNMP_PDU_AT_VARBIND},
    /* a varbind's name */
    {"varbind empty: no name", MSG("a0", "30{^}"), BER(TRUNCATED), SNMP_PDU_AT_NAME},
    {"name as OCTET STRING", MSG("a0", "30{^04{'1.3.6'} 05 00}"), BER(WRONG_TAG),
     SNMP_PDU_AT_NAME},
    {"name constructed", MSG("a0", "30{^26{06 01 2b} 05 00}"), BER(WRONG_TAG), SNMP_PDU_AT_NAME},
    {"name empty", GET_WITH_NAME("^06 00"), BER(OID_EMPTY), SNMP_PDU_AT_NAME},
    {"name subidentifier 80 01", GET_WITH_NAME("^06 03 2b 80 01"), BER(OID_NOT_MINIMAL),
     SNMP_PDU_AT_NAME},
    {"name cut inside a subidentifier", GET_WITH_NAME("^06 02 2b 86"), BER(OID_TRUNCATED),
     SNMP_PDU_AT_NAME},
    {"name arc 2^32", GET_WITH_NAME("^06 06 2b 90 80 80 80 00"), BER(OID_ARC_TOO_BIG),
     SNMP_PDU_AT_NAME},
    {"name of 129 arcs", GET_WITH_NAME("^06{2b 127*01}"), BER(OID_TOO_MANY_ARCS),
     SNMP_PDU_AT_NAME},
    {"name past the varbind", MSG("a0", "30{^06 0b 2b 06 01 02 01 01 05 00 05 00}"),
     BER(LENGTH_PAST_END), SNMP_PDU_AT_NAME},
    {"second varbind's name empty", MSG("a0", VB_SYSNAME " 30{^06 00 05 00}"), BER(OID_EMPTY),
     SNMP_PDU_AT_NAME},
    /* a varbind's value: the element */
    {"no value", MSG("a0", "30{" SYSNAME_OID " ^}"), BER(TRUNCATED), SNMP_PDU_AT_VALUE},
    {"value tag without length", MSG("a0", "30{" SYSNAME_OID " ^04}"), BER(TRUNCATED),
     SNMP_PDU_AT_VALUE},
    {"value high tag", GET_WITH_VALUE("^5f 01 00"), BER(HIGH_TAG), SNMP_PDU_AT_VALUE},
    {"value indefinite", MSG("a0", "30{" SYSNAME_OID " ^04 80 00 00}"), BER(INDEFINITE_LENGTH),
     SNMP_PDU_AT_VALUE},
    {"value past the varbind", MSG("a0", "30{" SYSNAME_OID " ^04 02 41}"), BER(LENGTH_PAST_END),
     SNMP_PDU_AT_VALUE},
    /* a value of none of the 13 types */
    {"value BOOLEAN 01", GET_WITH_VALUE("^01 01 ff"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value BIT STRING 03", GET_WITH_VALUE("^03 01 00"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value constructed OCTET STRING 24", GET_WITH_VALUE("^24{04{'a'}}"), MSGR(VALUE_TYPE),
     SNMP_PDU_AT_VALUE},
    {"value SEQUENCE 30", GET_WITH_VALUE("^30{}"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value NsapAddress 45", GET_WITH_VALUE("^45 01 00"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value UInteger32 47", GET_WITH_VALUE("^47 01 00"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value context 83", GET_WITH_VALUE("^83 00"), MSGR(VALUE_TYPE), SNMP_PDU_AT_VALUE},
    {"value constructed exception a0", GET_WITH_VALUE("^a0 00"), MSGR(VALUE_TYPE),
     SNMP_PDU_AT_VALUE},
    /* each type's own rule */
    {"INTEGER empty", GET_WITH_VALUE("^02 00"), BER(INT_EMPTY), SNMP_PDU_AT_VALUE},
    {"INTEGER 00 7f", GET_WITH_VALUE("^02 02 00 7f"), BER(INT_NOT_MINIMAL), SNMP_PDU_AT_VALUE},
    {"INTEGER 5 bytes", GET_WITH_VALUE("^02 05 00 80 00 00 00"), BER(INT_TOO_WIDE),
     SNMP_PDU_AT_VALUE},
    {"Counter32 negative", GET_WITH_VALUE("^41 01 80"), BER(INT_NEGATIVE), SNMP_PDU_AT_VALUE},
    {"Counter32 2^32", GET_WITH_VALUE("^41 05 01 00 00 00 00"), BER(INT_TOO_WIDE),
     SNMP_PDU_AT_VALUE},
    {"Gauge32 empty", GET_WITH_VALUE("^42 00"), BER(INT_EMPTY), SNMP_PDU_AT_VALUE},
    {"Gauge32 00 00 ff ff ff ff", GET_WITH_VALUE("^42 06 00 00 ff ff ff ff"),
     BER(INT_NOT_MINIMAL), SNMP_PDU_AT_VALUE},
    {"TimeTicks 6 bytes", GET_WITH_VALUE("^43 06 00 ff ff ff ff ff"), BER(INT_TOO_WIDE),
     SNMP_PDU_AT_VALUE},
    {"Counter64 2^64", GET_WITH_VALUE("^46 09 01 00 00 00 00 00 00 00 00"), BER(INT_TOO_WIDE),
     SNMP_PDU_AT_VALUE},
    {"Counter64 negative", GET_WITH_VALUE("^46 01 ff"), BER(INT_NEGATIVE), SNMP_PDU_AT_VALUE},
    {"Counter64 empty", GET_WITH_VALUE("^46 00"), BER(INT_EMPTY), SNMP_PDU_AT_VALUE},
    {"NULL with content", GET_WITH_VALUE("^05 01 00"), BER(NOT_EMPTY), SNMP_PDU_AT_VALUE},
    {"noSuchObject with content", GET_WITH_VALUE("^80 01 00"), BER(NOT_EMPTY),
     SNMP_PDU_AT_VALUE},
    {"noSuchInstance with content", GET_WITH_VALUE("^81 01 00"), BER(NOT_EMPTY),
     SNMP_PDU_AT_VALUE},
    {"endOfMibView with content", GET_WITH_VALUE("^82 01 00"), BER(NOT_EMPTY),
     SNMP_PDU_AT_VALUE},
    {"IpAddress 3 octets", GET_WITH_VALUE("^40 03 7f 00 01"), BER(IPADDRESS_LEN),
     SNMP_PDU_AT_VALUE},
    {"IpAddress 5 octets", GET_WITH_VALUE("^40 05 7f 00 00 01 00"), BER(IPADDRESS_LEN),
     SNMP_PDU_AT_VALUE},
    {"IpAddress empty", GET_WITH_VALUE("^40 00"), BER(IPADDRESS_LEN), SNMP_PDU_AT_VALUE},
    {"OID value empty", GET_WITH_VALUE("^06 00"), BER(OID_EMPTY), SNMP_PDU_AT_VALUE},
    {"OID value 80 subidentifier", GET_WITH_VALUE("^06 02 80 01"), BER(OID_NOT_MINIMAL),
     SNMP_PDU_AT_VALUE},
    {"OID value cut", GET_WITH_VALUE("^06 01 ff"), BER(OID_TRUNCATED), SNMP_PDU_AT_VALUE},
    {"OID value arc too big", GET_WITH_VALUE("^06 06 2b 9f ff ff ff 7f"), BER(OID_ARC_TOO_BIG),
     SNMP_PDU_AT_VALUE},
    {"OID value 129 arcs", GET_WITH_VALUE("^06{2b 127*01}"), BER(OID_TOO_MANY_ARCS),
     SNMP_PDU_AT_VALUE},
    {"value broken in a GetBulk's third varbind",
     "30{02 01 01 " COMMUNITY " a5{" RID " 02 01 01 02 01 0a 30{" VB_SYSNAME " " VB_SYSNAME
     " 30{" SYSNAME_OID " ^41 00}}}}", BER(INT_EMPTY), SNMP_PDU_AT_VALUE},
};

static void test_refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(refusal_cases); i++) {
        const refusal_case *c = &refusal_cases[i];
        dsl d;
        dsl_build(&d, c->msg);
        CHECK_CASE(d.marked, c->name);
        guarded_buf g = {0};
        snmp_pdu_request req;
        memset(&req, 0x5a, sizeof(req));
        snmp_pdu_why why = {SNMP_PDU_R_TRAILING, SNMP_BER_R_NOT_EMPTY, SNMP_PDU_AT_NAME, 999};
        snmp_status st = decode_guarded(&d, &req, &why, &g);
        if (st != SNMP_MALFORMED || why.reason != c->reason || why.ber != c->ber ||
            why.at != c->at || why.offset != d.mark)
            print_error("case '%s': got status %d reason %d ber %d at %d offset %zu\n", c->name,
                        (int)st, (int)why.reason, (int)why.ber, (int)why.at, why.offset);
        CHECK_CASE(st == SNMP_MALFORMED, c->name);
        CHECK_CASE(why.reason == c->reason, c->name);
        CHECK_CASE(why.ber == c->ber, c->name);
        CHECK_CASE(why.at == c->at, c->name);
        CHECK_CASE(why.offset == d.mark, c->name);
        /* a refused message leaves nothing behind */
        snmp_pdu_request zero;
        memset(&zero, 0, sizeof(zero));
        CHECK_CASE(memcmp(&req, &zero, sizeof(req)) == 0, c->name);
        guarded_free(&g);
    }
}

/* ---- accepted forms ---- */

typedef struct accept_case {
    const char *name;
    const char *msg;
    int32_t version;
    const char *community;
    uint8_t pdu_type;
    int32_t request_id, error_status, error_index;
    size_t varbind_count;
} accept_case;

static const accept_case accept_cases[] = {
    {"v2c GetRequest", MSG("a0", VB_SYSNAME), 1, "public", 0xa0, 0x0ac4296f, 0, 0, 1},
    {"v1 GetRequest", MSG_V1("a0", VB_SYSNAME), 0, "public", 0xa0, 0x0ac4296f, 0, 0, 1},
    {"v2c GetNextRequest", MSG("a1", VB_SYSNAME), 1, "public", 0xa1, 0x0ac4296f, 0, 0, 1},
    {"v1 GetNextRequest", MSG_V1("a1", VB_SYSNAME), 0, "public", 0xa1, 0x0ac4296f, 0, 0, 1},
    {"v2c SetRequest", MSG("a3", VB_SYSNAME), 1, "public", 0xa3, 0x0ac4296f, 0, 0, 1},
    {"v1 SetRequest", MSG_V1("a3", VB_SYSNAME), 0, "public", 0xa3, 0x0ac4296f, 0, 0, 1},
    {"v2c GetBulkRequest", MSG("a5", VB_SYSNAME), 1, "public", 0xa5, 0x0ac4296f, 0, 0, 1},
    {"empty varbind list", MSG("a0", ""), 1, "public", 0xa0, 0x0ac4296f, 0, 0, 0},
    {"three varbinds", MSG("a1", VB_SYSNAME " " VB_SYSNAME " " VB_SYSNAME), 1, "public", 0xa1,
     0x0ac4296f, 0, 0, 3},
    {"empty community", "30{02 01 01 04 00 a0{" RID " " ZERO2 " 30{" VB_SYSNAME "}}}", 1, "",
     0xa0, 0x0ac4296f, 0, 0, 1},
    {"200-byte community (81 form, minimal)", "30{02 01 01 04{200*61} a0{" RID " " ZERO2 " 30{}}}",
     1, NULL, 0xa0, 0x0ac4296f, 0, 0, 0},
    {"GetBulk n=-1 r=-2^31", "30{02 01 01 " COMMUNITY " a5{02 01 07 02 01 ff 02 04 80 00 00 00 30{"
     VB_SYSNAME "}}}", 1, "public", 0xa5, 7, -1, INT32_MIN, 1},
    {"GetBulk n=2^31-1 r=10", "30{02 01 01 " COMMUNITY " a5{02 01 07 02 04 7f ff ff ff 02 01 0a 30{"
     VB_SYSNAME "}}}", 1, "public", 0xa5, 7, INT32_MAX, 10, 1},
    {"request-id 0", "30{02 01 00 " COMMUNITY " a0{02 01 00 " ZERO2 " 30{}}}", 0, "public", 0xa0,
     0, 0, 0, 0},
    {"request-id -1", "30{02 01 00 " COMMUNITY " a0{02 01 ff " ZERO2 " 30{}}}", 0, "public", 0xa0,
     -1, 0, 0, 0},
    {"request-id -2^31", "30{02 01 00 " COMMUNITY " a0{02 04 80 00 00 00 " ZERO2 " 30{}}}", 0,
     "public", 0xa0, INT32_MIN, 0, 0, 0},
    {"request-id 2^31-1", "30{02 01 00 " COMMUNITY " a0{02 04 7f ff ff ff " ZERO2 " 30{}}}", 0,
     "public", 0xa0, INT32_MAX, 0, 0, 0},
    {"error fields set in a request", "30{02 01 01 " COMMUNITY " a0{" RID " 02 01 05 02 01 02 30{"
     VB_SYSNAME "}}}", 1, "public", 0xa0, 0x0ac4296f, 5, 2, 1},
    /* non-minimal lengths are BER and real encoders send them */
    {"81 05 everywhere", "30{81 02{81 01} 04{81 'public'} a0{81 02{81 0a c4 29 6f} 02{81 00} "
     "02{81 00} 30{81 30{81 06{81 2b 06 01 02 01 01 05 00} 05{81}}}}}", 1, "public", 0xa0,
     0x0ac4296f, 0, 0, 1},
    {"84 00 00 00 LL everywhere", "30{84 02{84 01} 04{84 'public'} a0{84 02{84 0a c4 29 6f} "
     "02{84 00} 02{84 00} 30{84 30{84 06{84 2b 06 01 02 01 01 05 00} 05{84}}}}}", 1, "public",
     0xa0, 0x0ac4296f, 0, 0, 1},
    {"82 00 LL on the message", "30{82 02 01 01 " COMMUNITY " a0{" RID " " ZERO2 " 30{" VB_SYSNAME
     "}}}", 1, "public", 0xa0, 0x0ac4296f, 0, 0, 1},
    {"name of 128 arcs (cap)", GET_WITH_NAME("06{2b 126*01}"), 1, "public", 0xa0, 0x0ac4296f, 0, 0,
     1},
    {"name 0.0 (shortest)", GET_WITH_NAME("06 01 00"), 1, "public", 0xa0, 0x0ac4296f, 0, 0, 1},
    {"name with arc 2^32-1", GET_WITH_NAME("06 06 2b 8f ff ff ff 7f"), 1, "public", 0xa0,
     0x0ac4296f, 0, 0, 1},
    {"exception values in a request", MSG("a3", "30{" SYSNAME_OID " 80 00} 30{" SYSNAME_OID
     " 81 00} 30{" SYSNAME_OID " 82 00}"), 1, "public", 0xa3, 0x0ac4296f, 0, 0, 3},
};

static void test_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(accept_cases); i++) {
        const accept_case *c = &accept_cases[i];
        dsl d;
        dsl_build(&d, c->msg);
        guarded_buf g = {0};
        snmp_pdu_request req;
        snmp_pdu_why why = {SNMP_PDU_R_TRAILING, SNMP_BER_R_NOT_EMPTY, SNMP_PDU_AT_NAME, 999};
        const uint8_t *in = guarded_copy(&g, d.out, d.n);
        snmp_status st = snmp_pdu_decode(in, d.n, &req, &why);
        if (st != SNMP_OK)
            print_error("case '%s': reason %d ber %d at %d offset %zu\n", c->name,
                        (int)why.reason, (int)why.ber, (int)why.at, why.offset);
        CHECK_CASE(st == SNMP_OK, c->name);
        CHECK_CASE(why.reason == SNMP_PDU_R_NONE && why.ber == SNMP_BER_R_NONE &&
                       why.at == SNMP_PDU_AT_NONE && why.offset == 0,
                   c->name);
        CHECK_CASE(req.version == c->version, c->name);
        if (c->community != NULL) {
            CHECK_CASE(req.community_len == strlen(c->community), c->name);
            CHECK_CASE(memcmp(req.community, c->community, req.community_len) == 0, c->name);
        } else {
            CHECK_CASE(req.community_len == 200 && req.community[0] == 'a', c->name);
        }
        CHECK_CASE(req.community >= in && req.community + req.community_len <= in + d.n,
                   c->name);
        CHECK_CASE(req.pdu_type == c->pdu_type, c->name);
        CHECK_CASE(req.request_id == c->request_id, c->name);
        CHECK_CASE(req.error_status == c->error_status, c->name);
        CHECK_CASE(req.error_index == c->error_index, c->name);
        CHECK_CASE(req.varbind_count == c->varbind_count, c->name);
        /* the list view ends where the message does, and walks to the count */
        CHECK_CASE(req.varbinds.p + req.varbinds.len == in + d.n, c->name);
        snmp_ber_reader list = req.varbinds;
        snmp_oid name;
        snmp_smi value;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        size_t n = 0;
        while ((st = snmp_pdu_next_varbind(&list, &name, &value, arcs)) == SNMP_OK)
            n++;
        CHECK_CASE(st == SNMP_INCOMPLETE && n == c->varbind_count && list.len == 0, c->name);
        CHECK_CASE(name.len == 0 && value.type == 0, c->name);
        guarded_free(&g);
    }
}

/* ---- every value type: decode -> snmp_smi -> put_varbind ---- */

typedef struct value_case {
    const char *name;
    const char *value;      /* the value element, minimal */
    uint8_t type;
    int32_t integer;
    uint64_t number;
    const char *payload;    /* octets (notation), or dotted arcs for an OID */
} value_case;

static const value_case value_cases[] = {
    {"INTEGER 0", "02 01 00", 0x02, 0, 0, NULL},
    {"INTEGER -129", "02 02 ff 7f", 0x02, -129, 0, NULL},
    {"INTEGER 2^31-1", "02 04 7f ff ff ff", 0x02, INT32_MAX, 0, NULL},
    {"INTEGER -2^31", "02 04 80 00 00 00", 0x02, INT32_MIN, 0, NULL},
    {"OCTET STRING empty", "04 00", 0x04, 0, 0, ""},
    {"OCTET STRING text", "04{'router-7'}", 0x04, 0, 0, "'router-7'"},
    {"OCTET STRING 127 bytes", "04{127*41}", 0x04, 0, 0, "127*41"},
    {"OCTET STRING 128 bytes (81 80)", "04{128*00}", 0x04, 0, 0, "128*00"},
    {"OCTET STRING 300 bytes (82 01 2c)", "04{300*ff}", 0x04, 0, 0, "300*ff"},
    {"NULL", "05 00", 0x05, 0, 0, NULL},
    {"OID 0.0", "06 01 00", 0x06, 0, 0, "0.0"},
    {"OID sysObjectID", "06 0a 2b 06 01 04 01 bf 08 03 02 0a", 0x06, 0, 0,
     "1.3.6.1.4.1.8072.3.2.10"},
    {"OID 2.4294967215 (first subid 2^32-1)", "06 05 8f ff ff ff 7f", 0x06, 0, 0,
     "2.4294967215"},
    {"OID arc 2^32-1", "06 06 2b 8f ff ff ff 7f", 0x06, 0, 0, "1.3.4294967295"},
    {"IpAddress", "40 04 c0 00 02 01", 0x40, 0, 0, "c0 00 02 01"},
    {"Counter32 0", "41 01 00", 0x41, 0, 0, NULL},
    {"Counter32 2^32-1", "41 05 00 ff ff ff ff", 0x41, 0, UINT32_MAX, NULL},
    {"Gauge32 4000000000", "42 05 00 ee 6b 28 00", 0x42, 0, 4000000000u, NULL},
    {"Gauge32 128", "42 02 00 80", 0x42, 0, 128, NULL},
    {"TimeTicks 12345", "43 02 30 39", 0x43, 0, 12345, NULL},
    {"Opaque (net-snmp's U64)", "44 0c 9f 7b 09 00 ff ff ff ff ff ff ff ff", 0x44, 0, 0,
     "9f 7b 09 00 8*ff"},
    {"Opaque empty", "44 00", 0x44, 0, 0, ""},
    {"Counter64 0", "46 01 00", 0x46, 0, 0, NULL},
    {"Counter64 2^63", "46 09 00 80 00 00 00 00 00 00 00", 0x46, 0, UINT64_C(1) << 63, NULL},
    {"Counter64 2^64-1", "46 09 00 ff ff ff ff ff ff ff ff", 0x46, 0, UINT64_MAX, NULL},
    {"noSuchObject", "80 00", 0x80, 0, 0, NULL},
    {"noSuchInstance", "81 00", 0x81, 0, 0, NULL},
    {"endOfMibView", "82 00", 0x82, 0, 0, NULL},
};

/* put_varbind at every capacity from 0 to size + 1: NO_SPACE writes nothing
 * below size, exactly want at size and above. */
static void check_put_varbind_every_cap(const char *name, const uint32_t *arcs, size_t n,
                                        const snmp_smi *value, const uint8_t *want,
                                        size_t size)
{
    CHECK_CASE(snmp_pdu_varbind_size(arcs, n, value) == size, name);
    for (size_t cap = 0; cap <= size + 1; cap++) {
        guarded_buf g = {0};
        uint8_t *out = guarded_alloc(&g, cap);
        size_t len = 12345;
        snmp_status st = snmp_pdu_put_varbind(out, cap, arcs, n, value, &len);
        CHECK_CASE(len == size, name);
        if (cap < size) {
            CHECK_CASE(st == SNMP_NO_SPACE, name);
            for (size_t k = 0; k < cap; k++)
                CHECK_CASE(out[k] == 0xA5, name);
        } else {
            CHECK_CASE(st == SNMP_OK, name);
            CHECK_CASE(memcmp(out, want, size) == 0, name);
            if (cap > size)
                CHECK_CASE(out[size] == 0xA5, name);
        }
        guarded_free(&g);
    }
}

static void test_value_round_trips(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(value_cases); i++) {
        const value_case *c = &value_cases[i];
        char text[2048];
        snprintf(text, sizeof(text), GET_WITH_VALUE("%s"), c->value);
        dsl d;
        dsl_build(&d, text);
        dsl vb;
        snprintf(text, sizeof(text), "30{" SYSNAME_OID " %s}", c->value);
        dsl_build(&vb, text);

        guarded_buf g = {0};
        snmp_pdu_request req;
        snmp_pdu_why why;
        CHECK_CASE(decode_guarded(&d, &req, &why, &g) == SNMP_OK, c->name);
        CHECK_CASE(req.varbind_count == 1, c->name);
        snmp_ber_reader list = req.varbinds;
        snmp_oid name;
        snmp_smi value;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        CHECK_CASE(snmp_pdu_next_varbind(&list, &name, &value, arcs) == SNMP_OK, c->name);
        CHECK_CASE(list.len == 0, c->name);
        static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
        CHECK_CASE(name.len == N_ELEMS(sysname), c->name);
        CHECK_CASE(memcmp(name.arcs, sysname, sizeof(sysname)) == 0, c->name);

        CHECK_CASE(value.type == c->type, c->name);
        CHECK_CASE(value.integer == c->integer, c->name);
        CHECK_CASE(value.number == c->number, c->name);
        if (c->type == 0x06) {
            uint32_t want[SNMP_OID_MAX_ARCS];
            size_t n = arcs_of(c->payload, want);
            CHECK_CASE(value.arcs == arcs && value.len == n, c->name);
            CHECK_CASE(memcmp(arcs, want, n * sizeof(want[0])) == 0, c->name);
            CHECK_CASE(value.bytes == NULL, c->name);
        } else if (c->payload != NULL) {
            dsl p;
            dsl_build(&p, c->payload);
            CHECK_CASE(value.len == p.n, c->name);
            CHECK_CASE(p.n == 0 || memcmp(value.bytes, p.out, p.n) == 0, c->name);
            /* a view into the message, not a copy */
            CHECK_CASE(value.bytes == g.data + d.n - p.n, c->name);
            CHECK_CASE(value.arcs == NULL, c->name);
        } else {
            CHECK_CASE(value.len == 0 && value.bytes == NULL && value.arcs == NULL, c->name);
        }
        check_put_varbind_every_cap(c->name, name.arcs, name.len, &value, vb.out, vb.n);
        guarded_free(&g);
    }
}

/* ---- next_varbind on its own ---- */

static void test_next_varbind_end_and_unchecked_lists(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *list;
        snmp_status st;
    } cases[] = {
        {"empty list", "", SNMP_INCOMPLETE},
        {"one good varbind", VB_SYSNAME, SNMP_OK},
        {"not a varbind", "04 00", SNMP_MALFORMED},
        {"bad name", "30{06 00 05 00}", SNMP_MALFORMED},
        {"bad value", "30{" SYSNAME_OID " 41 00}", SNMP_MALFORMED},
        {"unknown value type", "30{" SYSNAME_OID " 01 01 00}", SNMP_MALFORMED},
        {"extra element", "30{" SYSNAME_OID " 05 00 05 00}", SNMP_MALFORMED},
        {"cut", "30{" SYSNAME_OID " 05 00} 30", SNMP_OK},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        dsl d;
        dsl_build(&d, cases[i].list);
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, d.out, d.n);
        snmp_ber_reader list = snmp_ber_reader_of(in, d.n);
        snmp_oid name;
        snmp_smi value;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        memset(&name, 0x5a, sizeof(name));
        memset(&value, 0x5a, sizeof(value));
        snmp_status st = snmp_pdu_next_varbind(&list, &name, &value, arcs);
        CHECK_CASE(st == cases[i].st, cases[i].name);
        if (st == SNMP_OK) {
            CHECK_CASE(name.len == 9 && value.type == 0x05, cases[i].name);
            CHECK_CASE(list.p == in + 14, cases[i].name);
            if (list.len != 0) {   /* the stray byte after it */
                st = snmp_pdu_next_varbind(&list, &name, &value, arcs);
                CHECK_CASE(st == SNMP_MALFORMED && list.p == in + 14 && list.len == 1,
                           cases[i].name);
                CHECK_CASE(name.len == 0 && value.type == 0, cases[i].name);
            }
        } else {
            snmp_oid zero_name;
            snmp_smi zero_value;
            memset(&zero_name, 0, sizeof(zero_name));
            memset(&zero_value, 0, sizeof(zero_value));
            CHECK_CASE(memcmp(&name, &zero_name, sizeof(name)) == 0, cases[i].name);
            CHECK_CASE(memcmp(&value, &zero_value, sizeof(value)) == 0, cases[i].name);
            CHECK_CASE(list.p == in && list.len == d.n, cases[i].name);
        }
        guarded_free(&g);
    }
}

/* ---- the varbind encoder's refusals ---- */

static void test_put_varbind_refusals(void **state)
{
    (void)state;
    static uint32_t arcs129[129];
    for (size_t i = 0; i < N_ELEMS(arcs129); i++)
        arcs129[i] = 1;
    static const uint32_t good[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    static const uint32_t one_arc[] = {1};
    static const uint32_t first3[] = {3, 1};
    static const uint32_t second40[] = {1, 40};
    static const uint8_t four[4] = {127, 0, 0, 1};
    /* lengths only: the encoder must refuse before touching these bytes */
    const uint8_t *huge = four;

    static const struct {
        const char *name;
        int name_kind;      /* 0 good, 1 one arc, 2 first arc 3, 3 129 arcs, 4 1.40 */
        snmp_smi value;
        snmp_status st;
    } cases[] = {
        {"name of one arc", 1, {.type = 0x05}, SNMP_MALFORMED},
        {"name with first arc 3", 2, {.type = 0x05}, SNMP_MALFORMED},
        {"name 1.40", 4, {.type = 0x05}, SNMP_MALFORMED},
        {"name of 129 arcs", 3, {.type = 0x05}, SNMP_LIMIT},
        {"unknown type 0x01", 0, {.type = 0x01}, SNMP_MALFORMED},
        {"unknown type 0x30", 0, {.type = 0x30}, SNMP_MALFORMED},
        {"unknown type 0x47", 0, {.type = 0x47}, SNMP_MALFORMED},
        {"IpAddress of 3", 0, {.type = 0x40, .bytes = four, .len = 3}, SNMP_MALFORMED},
        {"IpAddress of 5", 0, {.type = 0x40, .bytes = four, .len = 5}, SNMP_MALFORMED},
        {"Counter32 2^32", 0, {.type = 0x41, .number = UINT64_C(1) << 32}, SNMP_MALFORMED},
        {"Gauge32 2^64-1", 0, {.type = 0x42, .number = UINT64_MAX}, SNMP_MALFORMED},
        {"TimeTicks 2^32", 0, {.type = 0x43, .number = UINT64_C(1) << 32}, SNMP_MALFORMED},
        {"OID value of one arc", 0, {.type = 0x06, .arcs = one_arc, .len = 1}, SNMP_MALFORMED},
        {"OID value of 129 arcs", 0, {.type = 0x06, .arcs = arcs129, .len = 129}, SNMP_LIMIT},
    };
    const uint32_t *names[] = {good, one_arc, first3, arcs129, second40};
    const size_t name_lens[] = {N_ELEMS(good), 1, 2, 129, 2};
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const uint32_t *nm = names[cases[i].name_kind];
        size_t nl = name_lens[cases[i].name_kind];
        CHECK_CASE(snmp_pdu_varbind_size(nm, nl, &cases[i].value) == 0, cases[i].name);
        uint8_t out[64];
        memset(out, 0xA5, sizeof(out));
        size_t len = 999;
        snmp_status st = snmp_pdu_put_varbind(out, sizeof(out), nm, nl, &cases[i].value, &len);
        CHECK_CASE(st == cases[i].st && len == 0, cases[i].name);
        for (size_t k = 0; k < sizeof(out); k++)
            CHECK_CASE(out[k] == 0xA5, cases[i].name);
    }

    /* Lengths past BER's 4 length octets: the value itself, then the
     * varbind around a value that alone still fits. */
    static const struct {
        const char *name;
        size_t len;
    } longs[] = {
        {"OCTET STRING of 2^32 bytes", (size_t)SNMP_BER_MAX_CONTENT_LEN + 1},
        {"varbind content above 2^32-1", (size_t)SNMP_BER_MAX_CONTENT_LEN - 6},
    };
    for (size_t i = 0; i < N_ELEMS(longs); i++) {
        snmp_smi v = {.type = 0x04, .bytes = huge, .len = longs[i].len};
        CHECK_CASE(snmp_pdu_varbind_size(good, N_ELEMS(good), &v) == 0, longs[i].name);
        uint8_t out[8];
        size_t len = 999;
        CHECK_CASE(snmp_pdu_put_varbind(out, sizeof(out), good, N_ELEMS(good), &v, &len) ==
                           SNMP_LIMIT &&
                       len == 0,
                   longs[i].name);
    }
    /* the largest varbind that fits: sized, not written */
    snmp_smi v = {.type = 0x04, .bytes = huge, .len = (size_t)SNMP_BER_MAX_CONTENT_LEN - 16};
    size_t want = 6 + 10 + 6 + (size_t)SNMP_BER_MAX_CONTENT_LEN - 16;
    CHECK_CASE(snmp_pdu_varbind_size(good, N_ELEMS(good), &v) == want, "largest varbind");
    uint8_t out[8];
    size_t len = 0;
    CHECK_CASE(snmp_pdu_put_varbind(out, sizeof(out), good, N_ELEMS(good), &v, &len) ==
                       SNMP_NO_SPACE &&
                   len == want,
               "largest varbind");
}

/* ---- the Response encoder ---- */

typedef struct response_case {
    const char *name;
    const char *request;    /* decoded to get version, community, request-id */
    int32_t error_status, error_index;
    const char *varbinds;   /* the varbind list content the caller writes */
    const char *want;       /* the whole Response */
} response_case;

static const response_case response_cases[] = {
    {"v2c get answer", MSG("a0", VB_SYSNAME), 0, 0, "30{" SYSNAME_OID " 04{'router-7'}}",
     "30{02 01 01 " COMMUNITY " a2{" RID " " ZERO2 " 30{30{" SYSNAME_OID " 04{'router-7'}}}}}"},
    {"v1 noSuchName at 1", MSG_V1("a1", VB_SYSNAME), 2, 1, VB_SYSNAME,
     "30{02 01 00 " COMMUNITY " a2{" RID " 02 01 02 02 01 01 30{" VB_SYSNAME "}}}"},
    {"tooBig, empty list", MSG("a0", VB_SYSNAME), 1, 0, "",
     "30{02 01 01 " COMMUNITY " a2{" RID " 02 01 01 02 01 00 30 00}}"},
    {"error fields wide and negative", MSG("a3", VB_SYSNAME), 300, -1, "",
     "30{02 01 01 " COMMUNITY " a2{" RID " 02 02 01 2c 02 01 ff 30 00}}"},
    {"error-index 2^31-1", MSG("a3", VB_SYSNAME), 18, INT32_MAX, "",
     "30{02 01 01 " COMMUNITY " a2{" RID " 02 01 12 02 04 7f ff ff ff 30 00}}"},
    {"request-id -2^31, empty community",
     "30{02 01 00 04 00 a0{02 04 80 00 00 00 " ZERO2 " 30{}}}", 0, 0, "",
     "30{02 01 00 04 00 a2{02 04 80 00 00 00 " ZERO2 " 30 00}}"},
    {"request-id 0 sent as 84 form: answered minimal",
     "30{84 02{84 01} 04{84 'public'} a0{84 02{84 00} 02{84 00} 02{84 00} 30{84}}}", 0, 0, "",
     "30{02 01 01 " COMMUNITY " a2{02 01 00 " ZERO2 " 30 00}}"},
    {"200-byte community, 81 forms", "30{02 01 01 04{200*63} a0{" RID " " ZERO2 " 30{}}}", 0, 0,
     "", "30{02 01 01 04{200*63} a2{" RID " " ZERO2 " 30 00}}"},
    {"varbind list 127 bytes", MSG("a0", VB_SYSNAME), 0, 0, "04{125*41}",
     "30{02 01 01 " COMMUNITY " a2{" RID " " ZERO2 " 30{04{125*41}}}}"},
    {"varbind list 128 bytes", MSG("a0", VB_SYSNAME), 0, 0, "04{126*41}",
     "30{02 01 01 " COMMUNITY " a2{" RID " " ZERO2 " 30{04{126*41}}}}"},
    {"varbind list 300 bytes", MSG("a0", VB_SYSNAME), 0, 0, "04{296*41}",
     "30{02 01 01 " COMMUNITY " a2{" RID " " ZERO2 " 30{04{296*41}}}}"},
    {"varbind list 3000 bytes", MSG("a0", VB_SYSNAME), 0, 0, "04{2996*42}",
     "30{02 01 01 " COMMUNITY " a2{" RID " " ZERO2 " 30{04{2996*42}}}}"},
};

static void test_response_header(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(response_cases); i++) {
        const response_case *c = &response_cases[i];
        dsl rq;
        dsl vbs;
        dsl want;
        dsl_build(&rq, c->request);
        dsl_build(&vbs, c->varbinds);
        dsl_build(&want, c->want);

        snmp_pdu_request req;
        snmp_pdu_why why;
        CHECK_CASE(snmp_pdu_decode(rq.out, rq.n, &req, &why) == SNMP_OK, c->name);
        size_t total = snmp_pdu_response_size(&req, c->error_status, c->error_index, vbs.n);
        CHECK_CASE(total == want.n, c->name);
        size_t header = want.n - vbs.n;

        for (size_t cap = 0; cap <= header + 1; cap++) {
            guarded_buf g = {0};
            uint8_t *out = guarded_alloc(&g, cap);
            size_t len = 12345;
            snmp_status st = snmp_pdu_put_response_header(out, cap, &req, c->error_status,
                                                          c->error_index, vbs.n, &len);
            CHECK_CASE(len == header, c->name);
            if (cap < header) {
                CHECK_CASE(st == SNMP_NO_SPACE, c->name);
                for (size_t k = 0; k < cap; k++)
                    CHECK_CASE(out[k] == 0xA5, c->name);
            } else {
                CHECK_CASE(st == SNMP_OK, c->name);
                CHECK_CASE(memcmp(out, want.out, header) == 0, c->name);
                if (cap > header)
                    CHECK_CASE(out[header] == 0xA5, c->name);
            }
            guarded_free(&g);
        }
        /* header then varbinds in one buffer of the whole size */
        guarded_buf g = {0};
        uint8_t *out = guarded_alloc(&g, total);
        size_t len = 0;
        CHECK_CASE(snmp_pdu_put_response_header(out, total, &req, c->error_status, c->error_index,
                                                vbs.n, &len) == SNMP_OK,
                   c->name);
        memcpy(out + len, vbs.out, vbs.n);
        CHECK_CASE(len + vbs.n == want.n && memcmp(out, want.out, want.n) == 0, c->name);
        guarded_free(&g);
    }
}

static void test_response_limits(void **state)
{
    (void)state;
    dsl rq;
    dsl_build(&rq, MSG("a0", VB_SYSNAME));
    snmp_pdu_request req;
    snmp_pdu_why why;
    assert_int_equal(snmp_pdu_decode(rq.out, rq.n, &req, &why), SNMP_OK);
    static const struct {
        const char *name;
        size_t varbinds_len;
        size_t community_len;
        size_t want;    /* 0: refused */
    } cases[] = {
        {"varbinds 2^32", (size_t)SNMP_BER_MAX_CONTENT_LEN + 1, 6, 0},
        {"varbinds SIZE_MAX", SIZE_MAX, 6, 0},
        {"varbinds 2^32-1: the list fits, the PDU not", (size_t)SNMP_BER_MAX_CONTENT_LEN, 6, 0},
        {"message content just above 2^32-1", (size_t)SNMP_BER_MAX_CONTENT_LEN - 34, 6, 0},
        {"message content 2^32-1 exactly", (size_t)SNMP_BER_MAX_CONTENT_LEN - 35, 6,
         (size_t)SNMP_BER_MAX_CONTENT_LEN + 6},
        {"community of 2^32 bytes", 0, (size_t)SNMP_BER_MAX_CONTENT_LEN + 1, 0},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        snmp_pdu_request r = req;
        r.community_len = cases[i].community_len;
        CHECK_CASE(snmp_pdu_response_size(&r, 0, 0, cases[i].varbinds_len) == cases[i].want,
                   cases[i].name);
        uint8_t out[64];
        memset(out, 0xA5, sizeof(out));
        size_t len = 999;
        snmp_status st = snmp_pdu_put_response_header(out, sizeof(out), &r, 0, 0,
                                                      cases[i].varbinds_len, &len);
        if (cases[i].want == 0) {
            CHECK_CASE(st == SNMP_LIMIT && len == 0, cases[i].name);
        } else {
            /* 6 + 3 + 8 + 6 + 6 + 3 + 3 + 6 header bytes: fits in 64 */
            CHECK_CASE(st == SNMP_OK && len == 41, cases[i].name);
            CHECK_CASE(out[0] == 0x30 && out[1] == 0x84 && out[2] == 0xff && out[5] == 0xff,
                       cases[i].name);
        }
        for (size_t k = len; k < sizeof(out); k++)
            CHECK_CASE(out[k] == 0xA5, cases[i].name);
    }
}

/* ---- texts ---- */

static void test_texts(void **state)
{
    (void)state;
    const char *seen[64];
    size_t n = 0;
    for (int r = SNMP_PDU_R_NONE; r <= SNMP_PDU_R_TOO_LONG; r++) {
        if (r == SNMP_PDU_R_BER)
            continue;
        snmp_pdu_why why = {(snmp_pdu_reason)r, SNMP_BER_R_NONE, SNMP_PDU_AT_NONE, 0};
        seen[n++] = snmp_pdu_reason_text(&why);
    }
    for (int b = SNMP_BER_R_TRUNCATED; b <= SNMP_BER_R_IPADDRESS_LEN; b++) {
        snmp_pdu_why why = {SNMP_PDU_R_BER, (snmp_ber_reason)b, SNMP_PDU_AT_VALUE, 0};
        seen[n++] = snmp_pdu_reason_text(&why);
    }
    for (int a = SNMP_PDU_AT_NONE; a <= SNMP_PDU_AT_VALUE; a++)
        seen[n++] = snmp_pdu_at_name((snmp_pdu_at)a);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(seen[i]);
        assert_true(strlen(seen[i]) > 0 && strcmp(seen[i], "unknown") != 0);
        for (size_t j = 0; j < i; j++)
            assert_true(strcmp(seen[i], seen[j]) != 0);
    }
    snmp_pdu_why why = {SNMP_PDU_R_TRAILING, SNMP_BER_R_NONE, SNMP_PDU_AT_MESSAGE, 43};
    assert_string_equal(snmp_pdu_reason_text(&why), "bytes after the message");
    assert_string_equal(snmp_pdu_at_name(SNMP_PDU_AT_REQUEST_ID), "request-id");
    why.reason = (snmp_pdu_reason)99;
    assert_string_equal(snmp_pdu_reason_text(&why), "unknown");
    why.reason = SNMP_PDU_R_BER;
    why.ber = (snmp_ber_reason)99;
    assert_string_equal(snmp_pdu_reason_text(&why), "unknown");
    assert_string_equal(snmp_pdu_at_name((snmp_pdu_at)99), "unknown");
}

/* ---- golden requests from net-snmp (corpus/snmp_requests/) ---- */

typedef struct golden_varbind {
    const char *name;
    uint8_t type;
    int32_t integer;
    uint64_t number;
    const char *payload;    /* octets (notation) or dotted arcs of an OID value */
} golden_varbind;

enum { GOLDEN_MAX_VARBINDS = 6 };

typedef struct golden_request {
    const char *file;
    int32_t version;
    const char *community;
    uint8_t pdu_type;
    int32_t request_id;     /* as captured: net-snmp picks them at random */
    int32_t error_status, error_index;
    size_t count;
    golden_varbind vb[GOLDEN_MAX_VARBINDS];
} golden_request;

#define G_NULL(oid) {oid, 0x05, 0, 0, NULL}

static const golden_request golden[] = {
    {"get-v2c-sysname.bin", 1, "public", 0xa0, 0x0ac4296f, 0, 0, 1,
     {G_NULL("1.3.6.1.2.1.1.5.0")}},
    {"get-v1-sysname.bin", 0, "public", 0xa0, 0x3ec353fb, 0, 0, 1, {G_NULL("1.3.6.1.2.1.1.5.0")}},
    {"get-v2c-three.bin", 1, "public", 0xa0, 0x1d35fe71, 0, 0, 3,
     {G_NULL("1.3.6.1.2.1.1.1.0"), G_NULL("1.3.6.1.2.1.1.3.0"), G_NULL("1.3.6.1.2.1.1.5.0")}},
    {"get-v2c-tcp-sysname.bin", 1, "public", 0xa0, 0x5f4a2adf, 0, 0, 1,
     {G_NULL("1.3.6.1.2.1.1.5.0")}},
    {"getnext-v2c-system.bin", 1, "public", 0xa1, 0x1cb86c3b, 0, 0, 1,
     {G_NULL("1.3.6.1.2.1.1")}},
    {"getnext-v1-two.bin", 0, "public", 0xa1, 0x3c080f80, 0, 0, 2,
     {G_NULL("1.3.6.1.2.1.1.1.0"), G_NULL("1.3.6.1.2.1.2.2.1.18")}},
    {"bulkget-v2c-n0-r10.bin", 1, "public", 0xa5, 0x3043b3aa, 0, 10, 1,
     {G_NULL("1.3.6.1.2.1.1")}},
    {"bulkget-v2c-n1-r5.bin", 1, "public", 0xa5, 0x602ecec9, 1, 5, 3,
     {G_NULL("1.3.6.1.2.1.1.3.0"), G_NULL("1.3.6.1.2.1.2.2.1.18"),
      G_NULL("1.3.6.1.2.1.2.2.1.10")}},
    {"set-v2c-sysname-string.bin", 1, "private", 0xa3, 0x56aa9caf, 0, 0, 1,
     {{"1.3.6.1.2.1.1.5.0", 0x04, 0, 0, "'router-7'"}}},
    {"set-v1-sysname-string.bin", 0, "private", 0xa3, 0x02d07597, 0, 0, 1,
     {{"1.3.6.1.2.1.1.5.0", 0x04, 0, 0, "'router-7'"}}},
    {"set-v2c-types.bin", 1, "private", 0xa3, 0x11289e0b, 0, 0, 6,
     {{"1.3.6.1.2.1.1.7.0", 0x02, -129, 0, NULL},
      {"1.3.6.1.2.1.1.4.0", 0x42, 0, 4000000000u, NULL},
      {"1.3.6.1.2.1.1.3.0", 0x43, 0, 12345, NULL},
      {"1.3.6.1.2.1.4.20.1.1.192.0.2.1", 0x40, 0, 0, "c0 00 02 01"},
      {"1.3.6.1.2.1.1.2.0", 0x06, 0, 0, "1.3.6.1.4.1.8072.3.2.10"},
      {"1.3.6.1.2.1.1.6.0", 0x04, 0, 0, "de ad be ef 00"}}},
    {"set-v2c-opaque-u64.bin", 1, "private", 0xa3, 0x787d0483, 0, 0, 1,
     {{"1.3.6.1.4.1.99999.1.0", 0x44, 0, 0, "9f 7b 09 00 8*ff"}}},
    {"set-v1-integer.bin", 0, "private", 0xa3, 0x216b3c1e, 0, 0, 1,
     {{"1.3.6.1.2.1.1.7.0", 0x02, INT32_MAX, 0, NULL}}},
};

enum { GOLDEN_CAP = 2048 };

static size_t load_request(const char *file, uint8_t *out)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/snmp_requests/%s", SNMP_CORPUS_DIR, file);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        print_error("cannot open %s\n", path);
    assert_non_null(f);
    size_t n = fread(out, 1, GOLDEN_CAP, f);
    assert_true(feof(f) && n > 0);
    fclose(f);
    return n;
}

static void check_golden_varbind(const golden_request *gr, size_t i, const snmp_oid *name,
                                 const snmp_smi *value)
{
    const golden_varbind *want = &gr->vb[i];
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    size_t n = arcs_of(want->name, arcs);
    CHECK_CASE(name->len == n && memcmp(name->arcs, arcs, n * sizeof(arcs[0])) == 0, gr->file);
    CHECK_CASE(value->type == want->type, gr->file);
    CHECK_CASE(value->integer == want->integer && value->number == want->number, gr->file);
    if (want->type == 0x06) {
        n = arcs_of(want->payload, arcs);
        CHECK_CASE(value->len == n && memcmp(value->arcs, arcs, n * sizeof(arcs[0])) == 0,
                   gr->file);
    } else if (want->payload != NULL) {
        dsl p;
        dsl_build(&p, want->payload);
        CHECK_CASE(value->len == p.n && memcmp(value->bytes, p.out, p.n) == 0, gr->file);
    } else {
        CHECK_CASE(value->len == 0, gr->file);
    }
}

static void test_golden_requests(void **state)
{
    (void)state;
    static uint8_t buf[GOLDEN_CAP];
    for (size_t gi = 0; gi < N_ELEMS(golden); gi++) {
        const golden_request *gr = &golden[gi];
        size_t len = load_request(gr->file, buf);
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, buf, len);
        snmp_pdu_request req;
        snmp_pdu_why why;
        CHECK_CASE(snmp_pdu_decode(in, len, &req, &why) == SNMP_OK, gr->file);
        CHECK_CASE(req.version == gr->version, gr->file);
        CHECK_CASE(req.community_len == strlen(gr->community) &&
                       memcmp(req.community, gr->community, req.community_len) == 0,
                   gr->file);
        CHECK_CASE(req.pdu_type == gr->pdu_type, gr->file);
        CHECK_CASE(req.request_id == gr->request_id, gr->file);
        CHECK_CASE(req.error_status == gr->error_status, gr->file);
        CHECK_CASE(req.error_index == gr->error_index, gr->file);
        CHECK_CASE(req.varbind_count == gr->count, gr->file);

        /* each varbind as expected, and re-encoded to the very bytes net-snmp
         * sent (its encodings are minimal) */
        snmp_ber_reader list = req.varbinds;
        for (size_t i = 0; i < gr->count; i++) {
            const uint8_t *at = list.p;
            snmp_oid name;
            snmp_smi value;
            uint32_t arcs[SNMP_OID_MAX_ARCS];
            CHECK_CASE(snmp_pdu_next_varbind(&list, &name, &value, arcs) == SNMP_OK, gr->file);
            check_golden_varbind(gr, i, &name, &value);
            size_t size = (size_t)(list.p - at);
            check_put_varbind_every_cap(gr->file, name.arcs, name.len, &value, at, size);
        }
        snmp_oid name;
        snmp_smi value;
        uint32_t arcs[SNMP_OID_MAX_ARCS];
        CHECK_CASE(snmp_pdu_next_varbind(&list, &name, &value, arcs) == SNMP_INCOMPLETE,
                   gr->file);

        /* the Response header for it is exactly the request's, with a2 */
        size_t vbl = req.varbinds.len;
        int32_t es = gr->error_status;
        int32_t ei = gr->error_index;
        CHECK_CASE(snmp_pdu_response_size(&req, es, ei, vbl) == len, gr->file);
        uint8_t out[GOLDEN_CAP];
        size_t hlen = 0;
        CHECK_CASE(snmp_pdu_put_response_header(out, sizeof(out), &req, es, ei, vbl, &hlen) ==
                       SNMP_OK,
                   gr->file);
        CHECK_CASE(hlen + vbl == len, gr->file);
        size_t pdu_at = (size_t)(req.community - in) + req.community_len;
        CHECK_CASE(out[pdu_at] == 0xa2 && in[pdu_at] == gr->pdu_type, gr->file);
        out[pdu_at] = gr->pdu_type;
        CHECK_CASE(memcmp(out, in, hlen) == 0, gr->file);
        guarded_free(&g);
    }
}

/* Every .bin in corpus/snmp_requests/ is in the table above. */
static void test_golden_table_covers_the_folder(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof(path), "%s/snmp_requests", SNMP_CORPUS_DIR);
    DIR *dir = opendir(path);
    assert_non_null(dir);
    size_t bins = 0;
    for (struct dirent *e = readdir(dir); e != NULL; e = readdir(dir)) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".bin") != 0)
            continue;
        bins++;
        int found = 0;
        for (size_t i = 0; i < N_ELEMS(golden); i++)
            found |= strcmp(golden[i].file, e->d_name) == 0;
        if (!found)
            print_error("%s is not in the golden table\n", e->d_name);
        assert_true(found);
    }
    closedir(dir);
    assert_int_equal(bins, N_ELEMS(golden));
}

/* Every prefix of every golden request (and of the long built forms) is
 * refused, at the end of a guarded page; none reads past its end. */
static void check_prefixes(const char *name, const uint8_t *msg, size_t len)
{
    for (size_t n = 0; n < len; n++) {
        guarded_buf g = {0};
        const uint8_t *in = guarded_copy(&g, msg, n);
        snmp_pdu_request req;
        snmp_pdu_why why;
        CHECK_CASE(snmp_pdu_decode(in, n, &req, &why) == SNMP_MALFORMED, name);
        CHECK_CASE(why.reason != SNMP_PDU_R_NONE && why.offset <= n, name);
        guarded_free(&g);
    }
    guarded_buf g = {0};
    const uint8_t *in = guarded_copy(&g, msg, len);
    snmp_pdu_request req;
    snmp_pdu_why why;
    CHECK_CASE(snmp_pdu_decode(in, len, &req, &why) == SNMP_OK, name);
    guarded_free(&g);
}

static void test_every_prefix_refused(void **state)
{
    (void)state;
    static uint8_t buf[GOLDEN_CAP];
    for (size_t gi = 0; gi < N_ELEMS(golden); gi++) {
        size_t len = load_request(golden[gi].file, buf);
        check_prefixes(golden[gi].file, buf, len);
    }
    for (size_t i = 0; i < N_ELEMS(accept_cases); i++) {
        dsl d;
        dsl_build(&d, accept_cases[i].msg);
        check_prefixes(accept_cases[i].name, d.out, d.n);
    }
}

/* Every byte of every golden request replaced by each of a set of values
 * that matter to BER: never a crash, and what is accepted walks cleanly. */
static void test_every_byte_changed(void **state)
{
    (void)state;
    static const uint8_t values[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x1f, 0x30, 0x40, 0x41,
                                     0x46, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xa0, 0xa2, 0xa5,
                                     0xff};
    static uint8_t buf[GOLDEN_CAP];
    for (size_t gi = 0; gi < N_ELEMS(golden); gi++) {
        size_t len = load_request(golden[gi].file, buf);
        guarded_buf g = {0};
        uint8_t *in = guarded_alloc(&g, len);
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t v = 0; v < N_ELEMS(values); v++) {
                memcpy(in, buf, len);
                in[pos] = values[v];
                snmp_pdu_request req;
                snmp_pdu_why why;
                snmp_status st = snmp_pdu_decode(in, len, &req, &why);
                if (st != SNMP_OK) {
                    CHECK_CASE(st == SNMP_MALFORMED && why.reason != SNMP_PDU_R_NONE &&
                                   why.offset <= len,
                               golden[gi].file);
                    continue;
                }
                snmp_ber_reader list = req.varbinds;
                snmp_oid name;
                snmp_smi value;
                uint32_t arcs[SNMP_OID_MAX_ARCS];
                size_t n = 0;
                while ((st = snmp_pdu_next_varbind(&list, &name, &value, arcs)) == SNMP_OK)
                    n++;
                CHECK_CASE(st == SNMP_INCOMPLETE && n == req.varbind_count, golden[gi].file);
            }
        }
        guarded_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_value_round_trips),
        cmocka_unit_test(test_next_varbind_end_and_unchecked_lists),
        cmocka_unit_test(test_put_varbind_refusals),
        cmocka_unit_test(test_response_header),
        cmocka_unit_test(test_response_limits),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_golden_requests),
        cmocka_unit_test(test_golden_table_covers_the_folder),
        cmocka_unit_test(test_every_prefix_refused),
        cmocka_unit_test(test_every_byte_changed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
