/*
 * The value of a `set`: the type word and the value text turned into a
 * protocol value (PROTOCOL.md s.2), or the exact error line of MANAGER.md
 * "Results of set" explaining why not.
 */
#ifndef SNMP_MANAGER_SET_VALUE_H
#define SNMP_MANAGER_SET_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snmp/value.h"

typedef enum mgr_value_status {
    MGR_VALUE_OK = 0,
    MGR_VALUE_BAD_TYPE,     /* not integer, string, counter or timeticks */
    MGR_VALUE_NOT_NUMBER,   /* not [+-]digits for an integer type */
    MGR_VALUE_NEGATIVE,     /* below 0 for counter or timeticks */
    MGR_VALUE_OUT_OF_RANGE, /* beyond the type's range, or a string over 65535 bytes */
    MGR_VALUE_NOT_UTF8      /* a string that is not valid UTF-8 */
} mgr_value_status;

/*
 * A converted value. type_text and text are views of the caller's strings;
 * the payload is number[] for the integer types and text[0 .. text_len) for
 * STRING (see mgr_value_payload).
 */
typedef struct mgr_value {
    const char *type_text;  /* the type word as given */
    const char *text;       /* the value as given */
    size_t text_len;
    uint8_t type;           /* an snmp_type tag; 0 while the type word is unknown */
    uint8_t number[SNMP_INTEGER_LEN];
} mgr_value;

/*
 * Converts the NUL-terminated type word (any letter case) and value text.
 * Whole numbers are an optional '+' or '-' then one or more ASCII digits,
 * nothing else; "-0" is 0. Checks run in the order of MGR_VALUE_* above.
 * Writes *value (cleared first). Returns MGR_VALUE_OK or the first problem.
 */
mgr_value_status mgr_parse_value(const char *type_text, const char *value_text, mgr_value *value);

/*
 * The payload of a value that mgr_parse_value accepted, and its length in
 * *len. The view lives as long as value and the caller's value text.
 */
const uint8_t *mgr_value_payload(const mgr_value *value, size_t *len);

/* "integer", "string", "counter", "timeticks", or "unknown" for other tags. */
const char *mgr_type_word(uint8_t type);

/*
 * Prints the error line of a status other than MGR_VALUE_OK (nothing for
 * MGR_VALUE_OK). value is the one mgr_parse_value filled.
 */
void mgr_print_value_error(FILE *out, mgr_value_status status, const mgr_value *value);

#endif
