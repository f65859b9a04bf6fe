/*
 * Internal to the shared MIB and SET engine (mib.c, set.c): the lookups
 * over the arena that snmp_mib_init builds, and how a slot takes a value.
 */
#ifndef SNMP_MIB_INDEX_H
#define SNMP_MIB_INDEX_H

#include "snmp/mib.h"

/* Where in mib->types the object type type[0 .. len) is, or -1. O(log n). */
long mib_find_type(const snmp_mib *mib, const uint32_t *type, size_t len);

/* The slot of writable row i (which must be writable). O(log w). */
size_t mib_slot_of(const snmp_mib *mib, size_t i);

/* Stores a checked value of a writable type into a slot. */
void mib_slot_store(snmp_mib_slot *slot, const snmp_smi *value);

/* Whether a value of this type lives in bytes (else in integer or number). */
bool mib_type_holds_bytes(uint8_t type);

#endif
