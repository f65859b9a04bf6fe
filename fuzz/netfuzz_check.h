/*
 * The network fuzzer's checks (ci/netfuzz): which requests the agent must
 * answer, and whether what it sent back is a strict answer to one of them.
 *
 * Which requests are answered is decided with the core's own decoders, as
 * the agent decides it (a strict SNMP decode and a known community; the
 * seed protocol's strict unpack). Whether an answer is right is decided
 * independently, by a strict reader of Responses written here on ber.h's
 * cursor: every element minimally encoded, nothing left over, values of
 * the 13 types only, and error-status and error-index as RFC 3416 allows.
 */
#ifndef NETFUZZ_CHECK_H
#define NETFUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What identifies an answer: the request's request-id, version, community. */
typedef struct nf_expect {
    int32_t request_id;
    int32_t version;
    uint8_t community_len;
    uint8_t community[255];
} nf_expect;

/* Whether two nf_expect name the same request. */
bool nf_expect_same(const nf_expect *a, const nf_expect *b);

/*
 * Whether the agent (communities public and private) answers this one
 * SNMP message on a transport whose largest message is limit: it has at
 * most limit bytes, decodes strictly, and names a known community. *e is
 * what its answer must carry.
 */
bool nf_snmp_answered(const uint8_t *msg, size_t len, size_t limit, nf_expect *e);

/*
 * The answers a TCP connection must get, in order, for the bytes sent on
 * it: its first byte picks the protocol (0x30 SNMP, anything else the seed
 * protocol); frames are cut as the agent cuts them, and the first frame or
 * message the agent refuses ends the list (it closes the connection
 * there). A stream ending inside a frame gets no answer for that frame.
 */
typedef struct nf_tcp_model {
    bool seed;
    bool refused;        /* the agent refuses something in the stream and closes there */
    size_t count;
    nf_expect *snmp;     /* SNMP: count entries (malloc'd) */
    uint32_t *seed_ids;  /* seed: count request_ids (malloc'd) */
} nf_tcp_model;

/* Builds the model of stream[0 .. len); false when out of memory. */
bool nf_tcp_model_build(const uint8_t *stream, size_t len, nf_tcp_model *m);
/* Frees the model's lists and clears it. */
void nf_tcp_model_free(nf_tcp_model *m);

/*
 * Checks one SNMP answer strictly (see the top of this file), at most
 * limit bytes; *got is what it carries. On failure, why says what is wrong.
 */
bool nf_check_response(const uint8_t *msg, size_t len, size_t limit, nf_expect *got, char *why,
                       size_t why_cap);

/*
 * Checks everything the agent sent on one TCP connection, rx[0 .. len):
 * back-to-back answers of the model's protocol, each a strict answer to the
 * model's next request, in order. complete: the connection ran to the
 * agent's end of stream, so every request of the model must be answered
 * and no answer may be cut short; otherwise (we closed it early) a prefix
 * of the answers, the last possibly cut, is right. *answers counts the
 * whole answers checked.
 */
bool nf_check_tcp_answers(const nf_tcp_model *m, const uint8_t *rx, size_t len, bool complete,
                          size_t *answers, char *why, size_t why_cap);

#endif
