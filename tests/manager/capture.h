/*
 * Capturing what the manager's printers write: a FILE* backed by a temporary
 * file, read back as one NUL-terminated string.
 *
 * Include after <stdarg.h>, <stddef.h>, <stdint.h>, <setjmp.h> and <cmocka.h>.
 */
#ifndef SNMP_MANAGER_TEST_CAPTURE_H
#define SNMP_MANAGER_TEST_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct capture {
    FILE *file;
    char *text;  /* what was written, NUL-terminated; owned by the capture */
    size_t len;  /* bytes written (the text may hold NUL bytes) */
} capture;

/* Starts a capture and returns the stream to print into. Fails the test on error. */
FILE *capture_open(capture *c);

/* Everything printed so far; valid until the next capture_text or capture_close. */
const char *capture_text(capture *c);

/* Releases the stream and the text. */
void capture_close(capture *c);

/* Closes the capture and hands over its text (NUL-terminated; caller frees). */
char *capture_finish(capture *c);

/*
 * Table-driven check: on failure names the case and the condition, then fails
 * the current test.
 */
#define CHECK_CASE(cond, name)                                                  \
    do {                                                                        \
        if (!(cond)) {                                                          \
            print_error("case '%s': check failed: %s\n", (name), #cond);        \
            fail();                                                             \
        }                                                                       \
    } while (0)

/* Fails the test (naming the case) unless got equals expected exactly. */
#define CHECK_TEXT(got, expected, name)                                         \
    do {                                                                        \
        if (strcmp((got), (expected)) != 0) {                                   \
            print_error("case '%s':\n  expected: \"%s\"\n  got:      \"%s\"\n", \
                        (name), (expected), (got));                             \
            fail();                                                             \
        }                                                                       \
    } while (0)

/* True when some line of text contains both '=' and '.' (scripts count such lines). */
bool has_binding_like_line(const char *text);

#endif
