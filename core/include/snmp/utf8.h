/*
 * Strict UTF-8 (RFC 3629), shared by both front ends and the MIB: a seed
 * STRING and a writable DisplayString must be valid UTF-8.
 */
#ifndef SNMP_UTF8_H
#define SNMP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, <= U+10FFFF. */
bool snmp_utf8_valid(const uint8_t *bytes, size_t len);

/*
 * Length of the longest valid UTF-8 prefix of bytes[0 .. len) that ends on a
 * whole sequence: len when all is valid, else where the first bad sequence
 * starts (so a decoder can say where it is).
 */
size_t snmp_utf8_valid_prefix(const uint8_t *bytes, size_t len);

#endif
