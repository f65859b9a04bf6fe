/*
 * Target set: the SET engine, phase 1 (snmp_set_check, binding by binding)
 * and phase 2 (snmp_set_apply), against a fresh default MIB. The input is a
 * structured SET (fuzz_set_model.h says how it is read).
 *
 * Properties:
 *   - check never changes the MIB (its arena compared byte for byte);
 *   - the first failing binding and its failure equal a reference model
 *     built on linear searches, applying SNMP.md s.4's checks in order;
 *   - a refused SET is never applied, so the MIB is unchanged;
 *   - an accepted SET, applied, changes exactly the objects it names, each
 *     to the value of its last binding.
 */
#include "fuzz_mib.h"
#include "fuzz_set_model.h"
#include "fuzz_target.h"
#include "snmp/set.h"

static fuzz_mib fm, before;
static fuzz_set_request request;
static snmp_set_step steps[FUZZ_SET_MAX_BINDINGS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t count;
    const snmp_mib_row *rows = snmp_mib_default_rows(&count);
    fuzz_fresh_mib(&fm);
    (void)fuzz_take_set(data, size, rows, count, &request);
    fuzz_mib_copy(&before, &fm);

    snmp_set_failure verdict = SNMP_SET_OK;
    for (size_t i = 0; i < request.count && verdict == SNMP_SET_OK; i++) {
        const fuzz_binding *b = &request.bindings[i];
        verdict = snmp_set_check(&fm.mib, b->name, b->name_len, &b->value, &steps[i]);
        fuzz_check(verdict == fuzz_reference_check(rows, count, b));
        fuzz_check(fuzz_mib_same(&before, &fm));
        fuzz_check(snmp_set_failure_name(verdict) != NULL);
    }
    if (verdict != SNMP_SET_OK)
        return 0;

    snmp_set_apply(&fm.mib, steps, request.count);
    fuzz_check_applied(&fm, &before, rows, count, &request);
    return 0;
}
