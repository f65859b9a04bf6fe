/*
 * SNMP over TCP framing (frame.h). The header is read by the strict BER
 * reader's snmp_ber_peek_header, so a frame's length octets follow exactly
 * the rules of every other BER length (SNMP.md s.2); the whole message is
 * checked later by the responder.
 *
 * The framer functions work on the seed framer's fields (framer.h declares
 * them): the bytes held are storage[start .. end), and an emptied framer
 * rewinds to the front, as snmp_framer_next does.
 */
#include "snmp/frame.h"

#include "snmp/ber.h"

snmp_status snmp_ber_frame_size(const uint8_t *bytes, size_t len, size_t max, size_t *size,
                                snmp_frame_reason *why)
{
    *size = 0;
    *why = SNMP_FRAME_R_NONE;
    if (len == 0)
        return SNMP_INCOMPLETE;
    /* Decided on the first byte alone: a stream that is not SNMP must not
     * wait for a second byte to be refused. */
    if (bytes[0] != SNMP_BER_SEQUENCE) {
        *why = SNMP_FRAME_R_NOT_SEQUENCE;
        return SNMP_MALFORMED;
    }
    snmp_ber_reader r = snmp_ber_reader_of(bytes, len);
    uint8_t tag;
    size_t header_len;
    size_t content_len;
    snmp_status st = snmp_ber_peek_header(&r, &tag, &header_len, &content_len);
    if (st == SNMP_INCOMPLETE)
        return SNMP_INCOMPLETE;
    if (st != SNMP_OK) {
        /* 0x30 is never high-tag form: indefinite or too many length octets. */
        *why = SNMP_FRAME_R_BAD_LENGTH;
        return SNMP_MALFORMED;
    }
    /* Written so that nothing overflows, whatever max and the length say. */
    if (header_len > max || content_len > max - header_len) {
        *why = SNMP_FRAME_R_TOO_LONG;
        return SNMP_MALFORMED;
    }
    *size = header_len + content_len;
    return SNMP_OK;
}

snmp_status snmp_ber_framer_next(snmp_framer *framer, size_t max, const uint8_t **msg,
                                 size_t *msg_len, snmp_frame_reason *why)
{
    *msg = NULL;
    *msg_len = 0;
    *why = SNMP_FRAME_R_NONE;
    if (framer->failed)
        return SNMP_MALFORMED;
    size_t held = framer->end - framer->start;
    if (held == 0)
        return SNMP_INCOMPLETE;   /* storage may be NULL: no pointer arithmetic on it */
    size_t size;
    snmp_status st = snmp_ber_frame_size(framer->storage + framer->start, held, max, &size, why);
    if (st == SNMP_MALFORMED) {
        framer->failed = true;
        return SNMP_MALFORMED;
    }
    if (st == SNMP_INCOMPLETE || held < size)
        return SNMP_INCOMPLETE;
    *msg = framer->storage + framer->start;
    *msg_len = size;
    framer->start += size;
    if (framer->start == framer->end) {
        framer->start = 0;
        framer->end = 0;
    }
    return SNMP_OK;
}

size_t snmp_ber_framer_wanted(const snmp_framer *framer, size_t max)
{
    if (framer->failed)
        return 0;
    size_t held = framer->end - framer->start;
    if (held == 0)
        return 1;
    size_t size;
    snmp_frame_reason why;
    snmp_status st = snmp_ber_frame_size(framer->storage + framer->start, held, max, &size, &why);
    if (st == SNMP_INCOMPLETE)
        return 1;
    if (st != SNMP_OK || held >= size)
        return 0;
    return size - held;
}

snmp_tcp_protocol snmp_tcp_protocol_of(uint8_t first_byte)
{
    return first_byte == SNMP_BER_SEQUENCE ? SNMP_TCP_SNMP : SNMP_TCP_SEED;
}

const char *snmp_frame_reason_text(snmp_frame_reason why)
{
    switch (why) {
    case SNMP_FRAME_R_NONE:
        return "not refused";
    case SNMP_FRAME_R_NOT_SEQUENCE:
        return "frame does not start with a BER SEQUENCE (0x30)";
    case SNMP_FRAME_R_BAD_LENGTH:
        return "frame length indefinite or over 4 octets";
    case SNMP_FRAME_R_TOO_LONG:
        return "frame longer than the largest message";
    }
    return "unknown reason";
}
