#include "community_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A C0 control byte or DEL. */
static bool is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* The index of the first byte at or after i that is not a blank (len if none). */
static size_t skip_blanks(const char *line, size_t len, size_t i)
{
    while (i < len && is_blank(line[i]))
        i++;
    return i;
}

size_t community_file_max_entries(const char *text, size_t len)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    return lines;
}

/*
 * One line (without its '\n'). Returns NULL and fills *entry (or leaves
 * entry->len 0 for a line with no community), or returns why it is refused.
 */
static const char *parse_line(const char *line, size_t len, agent_community *entry)
{
    entry->len = 0;
    size_t i = skip_blanks(line, len, 0);
    if (i == len || line[i] == '#')
        return NULL;   /* blank or a comment */
    bool rw = len - i >= 2 && memcmp(line + i, "rw", 2) == 0;
    bool ro = len - i >= 2 && memcmp(line + i, "ro", 2) == 0;
    if ((!rw && !ro) || (len - i > 2 && !is_blank(line[i + 2])))
        return "expected `ro NAME` or `rw NAME`";
    i = skip_blanks(line, len, i + 2);
    const char *name = line + i;
    size_t name_len = len - i;
    if (name_len == 0)
        return "no community name after the keyword";
    if (name_len > AGENT_COMMUNITY_MAX)
        return "community name longer than 255 bytes";
    for (size_t k = 0; k < name_len; k++) {
        if (is_control((unsigned char)name[k]))
            return "control byte in the community name (a CR? save with Unix line endings)";
    }
    if (is_blank(name[name_len - 1]))
        return "blank at the end of the community name";
    *entry = (agent_community){(const uint8_t *)name, name_len, rw};
    return NULL;
}

bool community_file_parse(const char *path, const char *text, size_t len, agent_community *items,
                          size_t *count, char *err, size_t err_cap)
{
    *count = 0;
    size_t line_no = 1;
    for (size_t start = 0; start < len; line_no++) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t line_len = nl != NULL ? (size_t)(nl - (text + start)) : len - start;
        agent_community entry;
        const char *why = parse_line(text + start, line_len, &entry);
        if (why != NULL) {
            snprintf(err, err_cap, "Error: community file %s: line %zu: %s", path, line_no, why);
            return false;
        }
        if (entry.len > 0)
            items[(*count)++] = entry;
        start += line_len + 1;
    }
    return true;
}

/* Reads the whole of fd (a regular file of `size` bytes at open) into a new buffer. */
static char *read_all(int fd, size_t size, size_t *len)
{
    /* One more byte than expected shows a file that grew meanwhile. */
    char *text = malloc(size + 1);
    if (text == NULL)
        return NULL;
    size_t got = 0;
    while (got < size + 1) {
        ssize_t n = read(fd, text + got, size + 1 - got);
        if (n > 0) {
            got += (size_t)n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            free(text);
            return NULL;
        }
    }
    *len = got;
    return text;
}

/* Opens path and checks what fstat says of it; -1 with the error line in err. */
static int open_checked(const char *path, size_t *size, char *err, size_t err_cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, err_cap, "Error: cannot read community file %s: %s", path, strerror(errno));
        return -1;
    }
    /* Checked on the open file, so the file checked is the file read. */
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (st.st_size > COMMUNITY_FILE_MAX_BYTES)
        why = "larger than 1 MiB";
    if (why != NULL) {
        snprintf(err, err_cap, "Error: cannot read community file %s: %s", path, why);
        close(fd);
        return -1;
    }
    if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
        snprintf(err, err_cap,
                 "Error: community file %s is readable by group or others (mode %04o); "
                 "chmod it to 600",
                 path, (unsigned)(st.st_mode & 07777));
        close(fd);
        return -1;
    }
    *size = (size_t)st.st_size;
    return fd;
}

bool community_file_load(const char *path, community_list *list, char *err, size_t err_cap)
{
    *list = (community_list){NULL, 0, NULL};
    size_t size;
    int fd = open_checked(path, &size, err, err_cap);
    if (fd < 0)
        return false;
    size_t len = 0;
    int saved = 0;
    char *text = read_all(fd, size, &len);
    if (text == NULL)
        saved = errno;
    close(fd);
    if (text == NULL || len > size) {
        snprintf(err, err_cap, "Error: cannot read community file %s: %s", path,
                 text == NULL ? strerror(saved) : "it changed while being read");
        free(text);
        return false;
    }
    agent_community *items = malloc(community_file_max_entries(text, len) * sizeof *items);
    if (items == NULL) {
        snprintf(err, err_cap, "Error: cannot read community file %s: out of memory", path);
        free(text);
        return false;
    }
    size_t count;
    if (!community_file_parse(path, text, len, items, &count, err, err_cap)) {
        free(items);
        free(text);
        return false;
    }
    *list = (community_list){items, count, text};
    return true;
}

void community_list_free(community_list *list)
{
    free(list->items);
    free(list->text);
    *list = (community_list){NULL, 0, NULL};
}
