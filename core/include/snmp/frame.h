/*
 * SNMP over TCP (RFC 3430, SNMP.md s.1): each message is framed by its own
 * BER header, a SEQUENCE (0x30) and its length. Pure: no allocation, no I/O.
 *
 * snmp_ber_frame_size() sizes one frame from its first bytes. The two
 * snmp_ber_framer_* functions put that framing over the seed framer's
 * storage (framer.h: space, commit, move_storage, buffered), so an SNMP
 * connection reuses the same buffers and zero-copy reads as a seed one;
 * only the rule that says where a message ends differs.
 */
#ifndef SNMP_FRAME_H
#define SNMP_FRAME_H

#include "snmp/framer.h"
#include "snmp/status.h"

/* What a TCP connection speaks, fixed by its first byte (SNMP.md s.1). */
typedef enum snmp_tcp_protocol {
    SNMP_TCP_SEED = 0,   /* the seed protocol (PROTOCOL.md), framed by size fields */
    SNMP_TCP_SNMP        /* SNMP, framed by each message's BER header */
} snmp_tcp_protocol;

/* 0x30 (a BER SEQUENCE) picks SNMP; any other byte the seed protocol, whose
 * framer then refuses a first byte other than 0x00 as a size above 65536. */
snmp_tcp_protocol snmp_tcp_protocol_of(uint8_t first_byte);

/* Why a frame was refused. */
typedef enum snmp_frame_reason {
    SNMP_FRAME_R_NONE = 0,
    SNMP_FRAME_R_NOT_SEQUENCE,   /* the first byte is not 0x30 */
    SNMP_FRAME_R_BAD_LENGTH,     /* indefinite length, or more than 4 length octets */
    SNMP_FRAME_R_TOO_LONG        /* header and content above the largest message */
} snmp_frame_reason;

/*
 * Sizes the frame that starts at bytes[0] (len bytes held, more may come).
 * Returns
 *   SNMP_OK         its header is in: *size is the whole frame, header
 *                   included, 2 .. max (the frame itself may not all be held);
 *   SNMP_INCOMPLETE the header is not all in yet (len may be 0);
 *   SNMP_MALFORMED  *why says which rule: the first byte is not 0x30, the
 *                   length is indefinite or has more than 4 octets, or the
 *                   frame is above max bytes (refused as soon as its header
 *                   is in, however few content bytes have arrived).
 * *size is 0 unless SNMP_OK; *why is SNMP_FRAME_R_NONE unless SNMP_MALFORMED.
 */
SNMP_MUST_USE snmp_status snmp_ber_frame_size(const uint8_t *bytes, size_t len, size_t max,
                                              size_t *size, snmp_frame_reason *why);

/*
 * Hands out the next whole frame the framer holds, as snmp_framer_next does
 * for the seed protocol: SNMP_OK with *msg a view into the storage (valid
 * until the next space, commit or feed call) and *msg_len its size;
 * SNMP_INCOMPLETE; or SNMP_MALFORMED with *why, after which the framer is
 * failed for good (space offers no room, every later call is MALFORMED with
 * SNMP_FRAME_R_NONE: the reason was given once).
 */
SNMP_MUST_USE snmp_status snmp_ber_framer_next(snmp_framer *framer, size_t max,
                                               const uint8_t **msg, size_t *msg_len,
                                               snmp_frame_reason *why);

/*
 * How many more bytes the current frame needs before snmp_ber_framer_next
 * can hand it out: 1 while its header is not all in (the header's own length
 * is known only byte by byte), then the frame's size minus what is held.
 * 0 when a whole frame is held, or the frame is refused, or the framer has
 * failed.
 */
size_t snmp_ber_framer_wanted(const snmp_framer *framer, size_t max);

/* A short phrase for a refused frame ("frame is not a BER SEQUENCE", ...); no '=' or '.'. */
const char *snmp_frame_reason_text(snmp_frame_reason why);

#endif
