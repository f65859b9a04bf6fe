/*
 * The manager's deadline for connecting and for the whole reply: 10 seconds
 * (PROTOCOL.md s.7), or the SNMP_MANAGER_TIMEOUT environment variable, which
 * lets tests of the timeout run in a fraction of that.
 */
#ifndef SNMP_MANAGER_TIMEOUT_H
#define SNMP_MANAGER_TIMEOUT_H

/* The name of the environment variable that overrides the default. */
#define MGR_TIMEOUT_ENV "SNMP_MANAGER_TIMEOUT"

/* Seconds when nothing (valid) overrides it. */
#define MGR_DEFAULT_TIMEOUT_SECONDS 10.0

/* Longest timeout the override may ask for: one day. */
#define MGR_MAX_TIMEOUT_SECONDS 86400.0

/*
 * The timeout in seconds given by text: digits, optionally '.' and one to
 * three more digits, above 0 and at most MGR_MAX_TIMEOUT_SECONDS. Returns
 * MGR_DEFAULT_TIMEOUT_SECONDS for NULL or any other text.
 */
double mgr_timeout_from_text(const char *text);

#endif
