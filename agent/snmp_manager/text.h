/*
 * Small text helpers shared by the manager's parsers and printers.
 */
#ifndef SNMP_MANAGER_TEXT_H
#define SNMP_MANAGER_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Writes text[0 .. len) to out for quoting in an error line. Control bytes
 * (C0, DEL and both bytes of a UTF-8 C1 control), '\\' and '=' are written as
 * \xNN, so that an argument echoed back can neither split the line, drive
 * the terminal, nor look like a binding line ("<oid> = <value>", which
 * scripts count). All other bytes are written as they are.
 */
void mgr_print_echo(FILE *out, const char *text, size_t len);

/*
 * Writes a STRING value from the network, value[0 .. len), to out. The C0
 * controls (0x00-0x1F), DEL (0x7F) and the two bytes of each C1 control
 * (U+0080-U+009F, UTF-8 C2 80 .. C2 9F) are written as \xNN, so that a value
 * can neither end its line nor drive the terminal; every other byte,
 * '\\' and '=' included, is written as it is (MANAGER.md, amended by issue 9).
 */
void mgr_print_value_text(FILE *out, const uint8_t *value, size_t len);

/* True when NUL-terminated text equals lower (lower-case ASCII) in any letter case. */
bool mgr_equal_nocase(const char *text, const char *lower);

#endif
