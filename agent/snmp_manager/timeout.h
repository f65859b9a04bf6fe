/*
 * The manager's deadline for name lookup, connecting and the whole reply:
 * 10 seconds (PROTOCOL.md s.7), or the SNMP_MANAGER_TIMEOUT environment
 * variable, which lets tests of the timeout run in a fraction of that.
 */
#ifndef SNMP_MANAGER_TIMEOUT_H
#define SNMP_MANAGER_TIMEOUT_H

#include <stdbool.h>
#include <stdio.h>

/* The name of the environment variable that overrides the default. */
#define MGR_TIMEOUT_ENV "SNMP_MANAGER_TIMEOUT"

/* Seconds when the variable is not set. */
#define MGR_DEFAULT_TIMEOUT_SECONDS 10.0

/* Longest timeout the override may ask for: one day. */
#define MGR_MAX_TIMEOUT_SECONDS 86400.0

/*
 * Parses the override text: digits, optionally '.' and one to three more
 * digits, above 0 and at most MGR_MAX_TIMEOUT_SECONDS. NULL (the variable
 * is not set) gives MGR_DEFAULT_TIMEOUT_SECONDS. Returns false, leaving
 * *seconds alone, for any other text: an argument error (issue 9), never a
 * silent fall-back to the default.
 */
bool mgr_timeout_parse(const char *text, double *seconds);

/*
 * Prints the argument error for a refused override text (echoed with
 * control bytes escaped), then the usage text.
 */
void mgr_print_timeout_error(FILE *out, const char *text);

#endif
