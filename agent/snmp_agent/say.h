/*
 * The agent's output lines (AGENT.md "What it prints"): one line each, to
 * stdout, flushed per line. Per-connection lines are dropped under --quiet.
 */
#ifndef AGENT_SAY_H
#define AGENT_SAY_H

#include <stdbool.h>

/* Makes later say_client() calls print nothing. */
void say_set_quiet(bool quiet);

/* A line about the agent itself (always printed). */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A per-connection line (suppressed by --quiet). */
void say_client(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
