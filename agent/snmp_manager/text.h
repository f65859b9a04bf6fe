/*
 * Small text helpers shared by the manager's parsers and printers.
 */
#ifndef SNMP_MANAGER_TEXT_H
#define SNMP_MANAGER_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Writes text[0 .. len) to out for quoting in an error line. Control bytes,
 * '\\' and '=' are written as \xNN, so that an argument echoed back can
 * neither split the line nor make it look like a binding line ("<oid> =
 * <value>", which scripts count). All other bytes are written as they are.
 */
void mgr_print_echo(FILE *out, const char *text, size_t len);

/* True when NUL-terminated text equals lower (lower-case ASCII) in any letter case. */
bool mgr_equal_nocase(const char *text, const char *lower);

#endif
