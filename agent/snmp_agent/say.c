#include "say.h"

#include <stdarg.h>
#include <stdio.h>

static bool quiet_mode;

void say_set_quiet(bool quiet)
{
    quiet_mode = quiet;
}

__attribute__((format(printf, 1, 0))) static void put_line(const char *format, va_list args)
{
    vfprintf(stdout, format, args);
    fputc('\n', stdout);
    /* A script waits for these lines, so none may sit in a buffer. */
    fflush(stdout);
}

void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    put_line(format, args);
    va_end(args);
}

void say_client(const char *format, ...)
{
    if (quiet_mode)
        return;
    va_list args;
    va_start(args, format);
    put_line(format, args);
    va_end(args);
}
