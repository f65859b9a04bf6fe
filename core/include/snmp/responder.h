/*
 * The SNMP front end's command responder (SNMP.md s.3-5, RFC 3416 4.2): one
 * v1/v2c message in, one Response out, or a drop, over the MIB and SET
 * engine the seed front end uses too. Pure: the caller passes "now" and
 * owns every buffer; the counters live in the responder between calls.
 */
#ifndef SNMP_RESPONDER_H
#define SNMP_RESPONDER_H

#include <stdbool.h>

#include "snmp/mib.h"
#include "snmp/pdu.h"
#include "snmp/set.h"

enum {
    SNMP_UDP_MAX_MESSAGE = 65507,   /* SNMP.md s.2 */
    SNMP_TCP_MAX_MESSAGE = 65535,
    SNMP_COMMUNITY_MAX = 255,       /* bytes of one community name */
    /* The most varbinds one GetBulk answer carries, however many the
     * request asks for: one request buys at most this many lookups.
     * snmpd's default is 100. */
    SNMP_BULK_MAX_VARBINDS = 1000
};

/* One community the agent accepts. */
typedef struct snmp_community {
    const uint8_t *name;
    size_t len;            /* 1 .. SNMP_COMMUNITY_MAX */
    bool can_write;        /* --rw-community */
} snmp_community;

/* The SNMPv2-MIB snmp group's counters (RFC 3418), served live over SNMP.
 * Counter32s: they wrap at 2^32. */
typedef struct snmp_counters {
    uint32_t in_pkts;                 /* every message received, dropped ones too */
    uint32_t out_pkts;                /* every answer made */
    uint32_t in_bad_versions;
    uint32_t in_bad_community_names;
    uint32_t in_bad_community_uses;   /* a SET with a read-only community */
    uint32_t in_asn_parse_errs;       /* every other refusal of SNMP.md s.2 */
    uint32_t silent_drops;            /* a tooBig that did not fit either */
    uint32_t proxy_drops;             /* always 0: the agent is no proxy */
} snmp_counters;

enum { SNMP_GROUP_ROWS = 9 };   /* snmp group objects served over SNMP */

/*
 * One agent's responder. Its fields belong to responder.c: the group_*
 * ones are a small MIB of the snmp group's objects, laid over the agent's
 * MIB so that their values are the live counters. group points into the
 * struct itself: do not copy or move a responder after init.
 */
typedef struct snmp_responder {
    snmp_mib *mib;
    const snmp_community *communities;
    size_t community_count;
    snmp_counters counters;
    snmp_mib group;
    snmp_mib_row group_rows[SNMP_GROUP_ROWS];
    /* snmp_mib_arena_size of read-only rows: two uint32_t per row (the
     * type index and the SMIv1 index) and under 8 bytes of alignment slack;
     * unit_responder fails if it ever needs more (init refuses the group). */
    uint32_t group_arena[2 * SNMP_GROUP_ROWS + 4];
} snmp_responder;

/* Scratch one call needs (large: keep one, off the stack). */
typedef struct snmp_responder_scratch snmp_responder_scratch;

/* Bytes of an snmp_responder_scratch (for the caller's malloc). */
size_t snmp_responder_scratch_size(void);

/*
 * Sets up responder over mib (shared with the seed front end) and the
 * communities; the caller keeps both alive and mib initialised. Counters
 * start at 0. SNMP_OK, or SNMP_MALFORMED for a community of 0 or more than
 * SNMP_COMMUNITY_MAX bytes.
 */
SNMP_MUST_USE snmp_status snmp_responder_init(snmp_responder *responder, snmp_mib *mib,
                                              const snmp_community *communities, size_t count);

/*
 * Handles one whole message of len bytes received over a transport whose
 * largest message is max_message (SNMP_UDP_MAX_MESSAGE or
 * SNMP_TCP_MAX_MESSAGE). Returns
 *   SNMP_OK        *out_len > 0: the Response is in out[0 .. *out_len);
 *                  *out_len == 0: dropped and counted (an unknown
 *                  community, or a tooBig that does not fit either): no
 *                  answer, and on TCP the connection stays;
 *   SNMP_MALFORMED refused (SNMP.md s.2; a message over
 *                  SNMP_TCP_MAX_MESSAGE bytes too) and counted: no
 *                  answer; on TCP the connection closes.
 * Answers never pass min(max_message, cap). mib may change (a SET).
 */
SNMP_MUST_USE snmp_status snmp_respond(snmp_responder *responder, snmp_responder_scratch *scratch,
                                       const uint8_t *msg, size_t len, uint64_t now_ticks,
                                       size_t max_message, uint8_t *out, size_t cap,
                                       size_t *out_len);

/*
 * Why the last snmp_respond with this scratch returned SNMP_MALFORMED (for
 * the agent's log line; snmp_pdu_reason_text says it in words); reason
 * SNMP_PDU_R_NONE after any other result.
 */
const snmp_pdu_why *snmp_responder_refusal(const snmp_responder_scratch *scratch);

/*
 * Counts a message its transport refused before the responder saw it (a
 * TCP frame with a bad header or above SNMP_TCP_MAX_MESSAGE, a datagram
 * above SNMP_UDP_MAX_MESSAGE): received, and refused as SNMP.md s.2 says,
 * so in snmpInPkts and snmpInASNParseErrs.
 */
void snmp_responder_count_refusal(snmp_responder *responder);

/* The counters so far (e.g. to print at shutdown). */
const snmp_counters *snmp_responder_counters(const snmp_responder *responder);

#endif
