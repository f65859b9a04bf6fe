#include "say.h"

#include <stdarg.h>
#include <stdio.h>

/* Longer lines are cut; every line the agent prints is far shorter. */
enum { LINE_MAX_BYTES = 512 };

static bool quiet_mode;

void say_set_quiet(bool quiet)
{
    quiet_mode = quiet;
}

static void put_line(const char *line)
{
    fputs(line, stdout);
    fputc('\n', stdout);
    /* A script waits for these lines, so none may sit in a buffer. */
    fflush(stdout);
}

void say(const char *format, ...)
{
    char line[LINE_MAX_BYTES];
    va_list args;
    va_start(args, format);
    /* The analyzer misreads x86-64's array-typed va_list after va_start. */
    vsnprintf(line, sizeof line, format, args); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(args);
    put_line(line);
}

void say_client(const char *format, ...)
{
    if (quiet_mode)
        return;
    char line[LINE_MAX_BYTES];
    va_list args;
    va_start(args, format);
    /* The analyzer misreads x86-64's array-typed va_list after va_start. */
    vsnprintf(line, sizeof line, format, args); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(args);
    put_line(line);
}
