#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "capture.h"

#include <stdlib.h>
#include <string.h>

FILE *capture_open(capture *c)
{
    c->text = NULL;
    c->len = 0;
    /* tmpfile() is ISO C, so the tests need no POSIX feature macros. */
    c->file = tmpfile();
    assert_non_null(c->file);
    return c->file;
}

const char *capture_text(capture *c)
{
    assert_int_equal(fflush(c->file), 0);
    long end = ftell(c->file);
    assert_true(end >= 0);
    free(c->text);
    c->len = (size_t)end;
    c->text = malloc(c->len + 1);
    assert_non_null(c->text);
    rewind(c->file);
    assert_int_equal(fread(c->text, 1, c->len, c->file), c->len);
    c->text[c->len] = '\0';
    /* Back to the end, so later prints append. */
    assert_int_equal(fseek(c->file, 0, SEEK_END), 0);
    return c->text;
}

void capture_close(capture *c)
{
    if (c->file != NULL)
        fclose(c->file);
    free(c->text);
    c->file = NULL;
    c->text = NULL;
    c->len = 0;
}

char *capture_finish(capture *c)
{
    capture_text(c);
    char *text = c->text;
    c->text = NULL;
    capture_close(c);
    return text;
}

bool has_binding_like_line(const char *text)
{
    bool equals = false;
    bool dot = false;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n') {
            equals = false;
            dot = false;
            continue;
        }
        equals = equals || *p == '=';
        dot = dot || *p == '.';
        if (equals && dot)
            return true;
    }
    return false;
}
