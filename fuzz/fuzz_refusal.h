/*
 * The refusal property shared by the targets (issue 9): a refused message
 * always has a reason, and the field at fault lies inside the message; an
 * accepted one has none. Its phrase fits SNMP_REFUSAL_TEXT_MAX, is one
 * NUL-terminated line and holds no '=' (AGENT.md's output rule).
 */
#ifndef FUZZ_REFUSAL_H
#define FUZZ_REFUSAL_H

#include <stdbool.h>
#include <string.h>

#include "fuzz_target.h"
#include "snmp/refusal.h"

/* Checks why for a message of len bytes that was refused (or not). */
static FUZZ_NO_COVERAGE void fuzz_check_refusal(const snmp_refusal *why, size_t len, bool refused)
{
    if (!refused) {
        fuzz_check(why->reason == SNMP_REASON_NONE);
        return;
    }
    fuzz_check(why->reason > SNMP_REASON_NONE && why->reason < SNMP_REASON_COUNT);
    fuzz_check(len == 0 ? why->offset == 0 : why->offset < len);
    char text[SNMP_REFUSAL_TEXT_MAX];
    size_t n = snmp_refusal_format(why, text, sizeof text);
    fuzz_check(n < sizeof text && strlen(text) == n);
    fuzz_check(strchr(text, '=') == NULL && strchr(text, '\n') == NULL);
}

#endif
