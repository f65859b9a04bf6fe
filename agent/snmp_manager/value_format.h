/*
 * Display text of the integer-typed values (MANAGER.md "Results of get"):
 * INTEGER signed decimal, COUNTER with ',' every three digits, TIMETICKS the
 * raw ticks then a readable duration. STRING values print as they are and
 * need no formatting.
 *
 * Every function writes NUL-terminated text into out[0 .. cap) and returns
 * SNMP_OK with *out_len (without the NUL), or SNMP_NO_SPACE when text plus
 * NUL does not fit (*out_len is then 0 and out, if cap > 0, holds "").
 */
#ifndef SNMP_MANAGER_VALUE_FORMAT_H
#define SNMP_MANAGER_VALUE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "snmp/status.h"

/* A buffer this size holds any formatted INTEGER, COUNTER or TIMETICKS and its NUL. */
enum { MGR_NUMBER_TEXT_MAX = 64 };

/* "-1", "72", "-2147483648". */
SNMP_MUST_USE snmp_status mgr_format_integer(int32_t value, char *out, size_t cap,
                                             size_t *out_len);

/* "0", "999", "1,000", "4,294,967,295". */
SNMP_MUST_USE snmp_status mgr_format_counter(uint32_t value, char *out, size_t cap,
                                             size_t *out_len);

/* "123456 (20 minutes, 34.56 seconds)", "0 (0.00 seconds)", "360000 (1 hours)". */
SNMP_MUST_USE snmp_status mgr_format_timeticks(uint32_t ticks, char *out, size_t cap,
                                               size_t *out_len);

/*
 * Formats the payload[0 .. len) of an INTEGER, COUNTER or TIMETICKS value by
 * its type tag. Besides the results above, returns SNMP_MALFORMED (out "" if
 * cap > 0) for any other tag or a len other than 4.
 */
SNMP_MUST_USE snmp_status mgr_format_number(uint8_t type, const uint8_t *payload, size_t len,
                                            char *out, size_t cap, size_t *out_len);

#endif
