/*
 * net-snmp's side of the snmp_vs_netsnmp differential: one message through
 * net-snmp's own v1/v2c parser (snmp_parse of Debian's libsnmp-dev), read
 * back through plain types. Its own translation unit because net-snmp's
 * headers and the core's cannot meet in one file (both define
 * SNMP_VERSION_1, for one), so this header includes neither.
 */
#ifndef NETSNMP_SIDE_H
#define NETSNMP_SIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What net-snmp made of a message it accepted. Its PDU stays owned here
 * until nsp_free; the views below point into it. */
typedef struct nsp_message {
    void *pdu;                  /* net-snmp's netsnmp_pdu */
    long version;               /* 0 (v1) or 1 (v2c) */
    long command;               /* the PDU tag: 0xa0 .. 0xa8 */
    long request_id;
    long error_status;          /* GetBulk: non-repeaters */
    long error_index;           /* GetBulk: max-repetitions */
    const uint8_t *community;   /* NULL when empty */
    size_t community_len;
} nsp_message;

/* One varbind of an accepted message, as net-snmp holds it. */
typedef struct nsp_varbind {
    const unsigned long *name;  /* net-snmp's oid is unsigned long here */
    size_t name_len;
    uint8_t type;               /* net-snmp's type byte: the BER tag, or one of
                                   its Opaque special types (0x76..0x7b) */
    long integer;               /* INTEGER */
    unsigned long number;       /* Counter32, Gauge32, TimeTicks (and 0x47) */
    uint64_t number64;          /* Counter64: high << 32 | low */
    const uint8_t *bytes;       /* OCTET STRING, Opaque, IpAddress: val_len bytes */
    size_t len;
    const unsigned long *arcs;  /* OBJECT IDENTIFIER value */
    size_t arcs_len;
} nsp_varbind;

/* Once per process: no configuration files, no persistent state, no
 * logging (net-snmp's messages go to a handler that drops them). */
void nsp_init(void);

/*
 * Parses msg[0 .. len) as snmpd would a datagram: the version and community
 * (snmp_comstr_parse), then, for version 0 or 1 only, snmp_parse with a
 * session of that version. true with *out filled (free it with nsp_free);
 * false when net-snmp refuses it, or when its version is neither v1 nor
 * v2c (*not_v1v2c true: SNMPv3 and others are outside the comparison).
 */
bool nsp_parse(const uint8_t *msg, size_t len, nsp_message *out, bool *not_v1v2c);

/* The first varbind of m (cursor NULL when there is none). */
const void *nsp_first_varbind(const nsp_message *m);

/* Reads the varbind at cursor into *out; returns the next cursor (NULL after
 * the last). */
const void *nsp_read_varbind(const void *cursor, nsp_varbind *out);

/* Frees everything net-snmp allocated for m. */
void nsp_free(nsp_message *m);

#endif
