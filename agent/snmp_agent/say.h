/*
 * The agent's output lines (AGENT.md "What it prints"): one line each, to
 * stdout, written at once when stdout takes them. Per-connection lines are
 * dropped under --quiet.
 *
 * Logging never makes the agent wait (README "Logging under back-pressure"):
 * after say_open(), a line stdout cannot take now waits in a 64 KiB buffer
 * that the event loop flushes when stdout becomes writable; a line that does
 * not fit is dropped and counted, and once output flows again the count is
 * printed as `N log lines dropped`. Every line is escaped: control bytes,
 * DEL, bytes above 0x7F, '\' and '=' print as \xNN, so a line is one line of
 * ASCII and never holds both '=' and '.' from text the agent did not write.
 */
#ifndef AGENT_SAY_H
#define AGENT_SAY_H

#include <stdbool.h>

/* How long say_final() waits, at most, for stdout to take the last lines. */
enum { SAY_EXIT_WAIT_MS = 500 };

/* Makes later say_client() calls print nothing. */
void say_set_quiet(bool quiet);

/*
 * Makes writing to stdout never block (see say.c for how, per kind of
 * stdout). Before it, lines are written the way stdout was opened.
 */
void say_open(void);

/* A line about the agent itself (always printed; may use the buffer's reserve). */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A per-connection line (suppressed by --quiet; dropped first under back-pressure). */
void say_client(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The descriptor the event loop polls for writability, or -1 if none is needed. */
int say_poll_fd(void);

/* Whether lines wait for stdout to become writable (arm EPOLLOUT on say_poll_fd()). */
bool say_waiting(void);

/* stdout became writable: writes what it takes now, then the drop count if any. */
void say_flush(void);

/* stdout reported an error or hang-up: nothing more can be written to it. */
void say_output_lost(void);

/*
 * The agent's last line before it exits (the shutdown line, a fatal error,
 * the hint after a bad argument): waits up to wait_ms for stdout to take
 * every pending line and the drop count, then this line, then gives stdout
 * back its original flags (if say_open changed them). Call nothing after it.
 */
void say_final(int wait_ms, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
