/*
 * The seed protocol: object identifiers (PROTOCOL.md s.1), dotted decimal
 * text <-> one byte per component on the wire. (Numeric OIDs, shared by
 * both front ends, are arcs.h.)
 */
#ifndef SNMP_OID_H
#define SNMP_OID_H

#include "snmp/status.h"

/* Longest dotted text of an encodable OID: 255 components of "255." */
enum { SNMP_OID_TEXT_MAX = SNMP_MAX_OID_LEN * 4 };

/*
 * Encodes dotted text (text_len bytes, need not be NUL-terminated) into out.
 * Returns SNMP_OK and sets *out_len, or
 *   SNMP_MALFORMED for empty text, an empty component, any byte that is not
 *                  a decimal digit or '.', (so signs and spaces too), or a
 *                  component above 255;
 *   SNMP_LIMIT     for more than 255 components;
 *   SNMP_NO_SPACE  when the encoding does not fit in cap.
 * *out_len is 0 on every failure; out may be partly written.
 */
SNMP_MUST_USE snmp_status snmp_oid_from_text(const char *text, size_t text_len,
                                             uint8_t *out, size_t cap, size_t *out_len);

/*
 * Writes the dotted text of an encoded OID into out, NUL-terminated.
 * A zero-length OID gives "". Returns SNMP_OK and sets *text_len (without the
 * NUL), or SNMP_NO_SPACE when text plus NUL does not fit in cap (*text_len is
 * then 0 and out, if cap > 0, holds "").
 * SNMP_OID_TEXT_MAX + 1 bytes always suffice for oid_len <= 255.
 */
SNMP_MUST_USE snmp_status snmp_oid_to_text(const uint8_t *oid, size_t oid_len,
                                           char *out, size_t cap, size_t *text_len);

/*
 * Numeric OID order: memcmp of the encodings, the shorter first on a tie.
 * Returns <0, 0 or >0.
 */
int snmp_oid_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

#endif
