/*
 * --community-file (community_file.h): the line format table-driven, and
 * the file checks against real temporary files: modes 0600 and 0400 read,
 * 0640, 0604 and 0644 refused, a missing or unreadable file, a directory, a
 * file over the size limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "community_file.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static bool community_is(const agent_community *c, const char *name, bool can_write)
{
    return c->len == strlen(name) && memcmp(c->name, name, c->len) == 0 &&
           c->can_write == can_write;
}

/* Parses text; returns the count, or -1 with err set. */
static long parse_text(const char *text, size_t len, agent_community *items, char *err)
{
    assert_true(community_file_max_entries(text, len) <= 16);
    size_t count = 99;
    err[0] = '\0';
    if (!community_file_parse("f", text, len, items, &count, err, 256))
        return -1;
    return (long)count;
}

static void good_files(void **state)
{
    (void)state;
    agent_community items[16];
    char err[256];
    static const char text[] = "# communities\n"
                               "\n"
                               "ro public2\n"
                               "  \t\n"
                               "rw  private\n"
                               "   # indented comment\n"
                               "ro\tname with spaces\n"
                               "rw last-no-newline";
    assert_int_equal(parse_text(text, sizeof text - 1, items, err), 4);
    assert_true(community_is(&items[0], "public2", false));
    assert_true(community_is(&items[1], "private", true));
    assert_true(community_is(&items[2], "name with spaces", false));
    assert_true(community_is(&items[3], "last-no-newline", true));

    assert_int_equal(parse_text("", 0, items, err), 0);
    assert_int_equal(parse_text("\n\n", 2, items, err), 0);
    /* Names are bytes: '=' '.' '#' and UTF-8 are fine inside. */
    static const char odd[] = "ro a=b.c#d\xc3\xa9\n";
    assert_int_equal(parse_text(odd, sizeof odd - 1, items, err), 1);
    assert_true(community_is(&items[0], "a=b.c#d\xc3\xa9", false));
}

static void bad_lines_name_their_line(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *text;
        const char *error;
    } cases[] = {
        {"unknown keyword", "ro a\nrx b\n", "Error: community file f: line 2: expected `ro NAME` or `rw NAME`"},
        {"keyword glued", "rwname\n", "Error: community file f: line 1: expected `ro NAME` or `rw NAME`"},
        {"upper case", "RO a\n", "Error: community file f: line 1: expected `ro NAME` or `rw NAME`"},
        {"one letter", "r\n", "Error: community file f: line 1: expected `ro NAME` or `rw NAME`"},
        {"keyword alone", "\n\nro\n", "Error: community file f: line 3: no community name after the keyword"},
        {"keyword and blanks", "rw  \t\n", "Error: community file f: line 1: no community name after the keyword"},
        {"trailing blank", "ro abc \n", "Error: community file f: line 1: blank at the end of the community name"},
        {"CR line end", "ro abc\r\n", "Error: community file f: line 1: control byte in the community name (a CR? save with Unix line endings)"},
        {"DEL", "ro a\x7f" "b\n", "Error: community file f: line 1: control byte in the community name (a CR? save with Unix line endings)"},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        agent_community items[16];
        char err[256];
        long n = parse_text(cases[i].text, strlen(cases[i].text), items, err);
        if (n != -1 || strcmp(err, cases[i].error) != 0) {
            print_error("case '%s': got %ld, '%s'\n", cases[i].name, n, err);
            fail();
        }
    }
    /* A NUL byte is a control byte too. */
    agent_community items[16];
    char err[256];
    assert_int_equal(parse_text("ro a\0b\n", 7, items, err), -1);
}

/* 255 bytes (cap) is a name, 256 (cap+1) is not; 254 (cap-1) is. */
static void name_length_limits(void **state)
{
    (void)state;
    for (size_t n = AGENT_COMMUNITY_MAX - 1; n <= AGENT_COMMUNITY_MAX + 1; n++) {
        char text[3 + AGENT_COMMUNITY_MAX + 2];
        memcpy(text, "rw ", 3);
        memset(text + 3, 'x', n);
        agent_community items[4];
        char err[256];
        long got = parse_text(text, 3 + n, items, err);
        if (n <= AGENT_COMMUNITY_MAX) {
            assert_int_equal(got, 1);
            assert_int_equal(items[0].len, n);
        } else {
            assert_int_equal(got, -1);
            assert_string_equal(err,
                                "Error: community file f: line 1: community name longer than 255 bytes");
        }
    }
}

/* ---- real files ---- */

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

typedef struct tmp_dir {
    char dir[64];
    char path[96];
} tmp_dir;

static void tmp_make(tmp_dir *t)
{
    strcpy(t->dir, "/tmp/snmp-community-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/communities", t->dir);
}

static void tmp_remove(tmp_dir *t)
{
    (void)unlink(t->path);
    assert_int_equal(rmdir(t->dir), 0);
}

static void modes_0600_and_0400_are_read(void **state)
{
    (void)state;
    static const mode_t modes[] = {0600, 0400, 0700, 0622, 0602};
    for (size_t i = 0; i < N_ELEMS(modes); i++) {
        tmp_dir t;
        tmp_make(&t);
        write_file(t.path, "ro secret-ro\nrw secret-rw\n", modes[i]);
        community_list list;
        char err[256] = "";
        assert_true(community_file_load(t.path, &list, err, sizeof err));
        assert_int_equal(list.count, 2);
        assert_true(community_is(&list.items[0], "secret-ro", false));
        assert_true(community_is(&list.items[1], "secret-rw", true));
        community_list_free(&list);
        assert_null(list.items);
        assert_int_equal(list.count, 0);
        tmp_remove(&t);
    }
}

static void group_or_world_readable_is_refused(void **state)
{
    (void)state;
    static const mode_t modes[] = {0640, 0604, 0644, 0440, 0404, 0666, 0777};
    for (size_t i = 0; i < N_ELEMS(modes); i++) {
        tmp_dir t;
        tmp_make(&t);
        write_file(t.path, "ro secret\n", modes[i]);
        community_list list;
        char err[256];
        assert_false(community_file_load(t.path, &list, err, sizeof err));
        char expected[256];
        snprintf(expected, sizeof expected,
                 "Error: community file %s is readable by group or others (mode %04o); chmod it "
                 "to 600",
                 t.path, (unsigned)modes[i]);
        assert_string_equal(err, expected);
        assert_null(list.items);
        tmp_remove(&t);
    }
}

static void unreadable_missing_directory_and_large_are_refused(void **state)
{
    (void)state;
    tmp_dir t;
    tmp_make(&t);
    community_list list;
    char err[256];
    char expected[256];

    assert_false(community_file_load(t.path, &list, err, sizeof err));
    snprintf(expected, sizeof expected,
             "Error: cannot read community file %s: No such file or directory", t.path);
    assert_string_equal(err, expected);

    assert_false(community_file_load(t.dir, &list, err, sizeof err));
    snprintf(expected, sizeof expected, "Error: cannot read community file %s: not a regular file",
             t.dir);
    assert_string_equal(err, expected);

    /* Mode 0000: unreadable, unless the test runs as root (who reads anything). */
    write_file(t.path, "ro a\n", 0000);
    bool loaded = community_file_load(t.path, &list, err, sizeof err);
    if (geteuid() != 0) {
        assert_false(loaded);
        snprintf(expected, sizeof expected,
                 "Error: cannot read community file %s: Permission denied", t.path);
        assert_string_equal(err, expected);
    } else {
        assert_true(loaded);
        community_list_free(&list);
    }
    assert_int_equal(unlink(t.path), 0);

    /* The size limit: 1 MiB (cap) is read, one byte more (cap+1) is not. */
    for (size_t size = COMMUNITY_FILE_MAX_BYTES; size <= COMMUNITY_FILE_MAX_BYTES + 1; size++) {
        char *text = malloc(size + 1);
        assert_non_null(text);
        memset(text, '\n', size);
        memcpy(text, "ro x\n", 5);
        text[size] = '\0';
        write_file(t.path, text, 0600);
        free(text);
        bool ok = community_file_load(t.path, &list, err, sizeof err);
        assert_int_equal(ok, size == COMMUNITY_FILE_MAX_BYTES);
        if (ok) {
            assert_int_equal(list.count, 1);
            community_list_free(&list);
        } else {
            snprintf(expected, sizeof expected,
                     "Error: cannot read community file %s: larger than 1 MiB", t.path);
            assert_string_equal(err, expected);
        }
        assert_int_equal(unlink(t.path), 0);
    }

    /* A bad line in a real file names the file and the line. */
    write_file(t.path, "ro good\nxx bad\n", 0600);
    assert_false(community_file_load(t.path, &list, err, sizeof err));
    snprintf(expected, sizeof expected,
             "Error: community file %s: line 2: expected `ro NAME` or `rw NAME`", t.path);
    assert_string_equal(err, expected);
    assert_null(list.items);
    tmp_remove(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_files),
        cmocka_unit_test(bad_lines_name_their_line),
        cmocka_unit_test(name_length_limits),
        cmocka_unit_test(modes_0600_and_0400_are_read),
        cmocka_unit_test(group_or_world_readable_is_refused),
        cmocka_unit_test(unreadable_missing_directory_and_large_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
