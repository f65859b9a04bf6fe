/*
 * Marks for defensive checks that can never fire (SQLite's ALWAYS/NEVER).
 *
 *   if (SNMP_NEVER(x > cap)) return SNMP_NO_SPACE;
 *
 * In every normal build the check runs as written. In a coverage build
 * (SNMP_COVERAGE_BUILD, set by -DSNMP_COVERAGE=ON) it becomes a constant,
 * so a branch no input can take does not count against 100% branch
 * coverage, and is never excluded silently: ci/coverage lists and counts
 * every use of these macros.
 */
#ifndef SNMP_COVERAGE_H
#define SNMP_COVERAGE_H

#if defined(SNMP_COVERAGE_BUILD)
#define SNMP_NEVER(cond) 0
#define SNMP_ALWAYS(cond) 1
#else
#define SNMP_NEVER(cond) (cond)
#define SNMP_ALWAYS(cond) (cond)
#endif

#endif
