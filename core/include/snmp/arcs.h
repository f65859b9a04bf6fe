/*
 * OIDs as numbers, shared by both front ends and the MIB: up to 128 arcs of
 * up to 2^32-1 each, compared arc by arc. (The seed protocol's own wire
 * form, one byte per arc, stays in oid.h; snmp_arcs_from_seed/to_seed
 * convert between the two.)
 */
#ifndef SNMP_ARCS_H
#define SNMP_ARCS_H

#include <stdbool.h>

#include "snmp/status.h"

enum {
    SNMP_OID_MAX_ARCS = 128,                      /* SNMP.md s.2 and s.5 */
    SNMP_ARCS_TEXT_MAX = SNMP_OID_MAX_ARCS * 11   /* "4294967295." per arc */
};

/* An OID the caller owns, e.g. a request's name decoded into scratch. */
typedef struct snmp_oid {
    uint32_t arcs[SNMP_OID_MAX_ARCS];
    size_t len;
} snmp_oid;

/* Numeric order, arc by arc; a proper prefix sorts first. <0, 0 or >0. */
int snmp_arcs_compare(const uint32_t *a, size_t a_len, const uint32_t *b, size_t b_len);

/* Whether name[0 .. name_len) starts with (or equals) prefix[0 .. prefix_len). */
bool snmp_arcs_has_prefix(const uint32_t *name, size_t name_len, const uint32_t *prefix,
                          size_t prefix_len);

/*
 * Dotted decimal text (text_len bytes, need not be NUL-terminated) into
 * out[0 .. *len). SNMP_OK; SNMP_MALFORMED for empty text, an empty arc, a
 * byte that is not a digit or '.', an arc above 4294967295; SNMP_LIMIT for
 * more than cap arcs. *len is 0 on failure.
 */
SNMP_MUST_USE snmp_status snmp_arcs_from_text(const char *text, size_t text_len, uint32_t *out,
                                              size_t cap, size_t *len);

/*
 * Dotted text of arcs[0 .. len), NUL-terminated, into out. SNMP_OK and
 * *text_len (without the NUL), or SNMP_NO_SPACE (*text_len 0, out "" when
 * cap > 0). SNMP_ARCS_TEXT_MAX + 1 bytes always suffice for len <= 128.
 */
SNMP_MUST_USE snmp_status snmp_arcs_to_text(const uint32_t *arcs, size_t len, char *out,
                                            size_t cap, size_t *text_len);

/*
 * The seed protocol's one-byte arcs into numbers. SNMP_OK, or SNMP_LIMIT
 * when seed_len > cap (such a name is in no MIB). *len 0 on failure.
 */
SNMP_MUST_USE snmp_status snmp_arcs_from_seed(const uint8_t *seed, size_t seed_len,
                                              uint32_t *out, size_t cap, size_t *len);

/*
 * Numbers into the seed protocol's one-byte arcs. SNMP_OK, or
 * SNMP_MALFORMED when an arc is above 255 (the name cannot be said in the
 * seed protocol), SNMP_NO_SPACE when len > cap. *seed_len 0 on failure.
 */
SNMP_MUST_USE snmp_status snmp_arcs_to_seed(const uint32_t *arcs, size_t len, uint8_t *out,
                                            size_t cap, size_t *seed_len);

#endif
