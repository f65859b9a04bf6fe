/*
 * A fresh default MIB for every fuzz input. snmp_mib_init checks the order of the
 * whole table, which would cost more than most inputs, so the MIB is
 * initialised once and each input starts from a copy of it.
 */
#ifndef FUZZ_MIB_H
#define FUZZ_MIB_H

#include <stdbool.h>
#include <string.h>

#include "fuzz_target.h"
#include "snmp/mib.h"

/* Sets *mib to the default table as it is when the agent starts (start 0). */
static inline void fuzz_fresh_mib(snmp_mib *mib)
{
    static snmp_mib pristine;
    static bool ready;
    if (!ready) {
        size_t count;
        const snmp_mib_object *table = snmp_mib_default_table(&count);
        fuzz_check(snmp_mib_init(&pristine, table, count, 0) == SNMP_OK);
        ready = true;
    }
    memcpy(mib, &pristine, sizeof *mib);
}

#endif
