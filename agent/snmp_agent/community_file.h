/*
 * --community-file FILE: SNMP communities read from a file, because a name
 * given on the command line is visible to every user in `ps`. One
 * `ro NAME` or `rw NAME` per line; blank lines and lines whose first
 * non-blank byte is `#` are skipped. NAME is the rest of the line after the
 * blanks that follow the keyword, taken as it is (inner spaces included),
 * 1 to 255 bytes; a name ending in a blank or holding a control byte (a
 * CR from DOS line endings, a NUL) is refused, so that no invisible byte
 * becomes part of a community.
 */
#ifndef AGENT_COMMUNITY_FILE_H
#define AGENT_COMMUNITY_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

enum { COMMUNITY_FILE_MAX_BYTES = 1024 * 1024 };

/* The communities of one file; names are views into text. */
typedef struct community_list {
    agent_community *items;
    size_t count;
    char *text;   /* the file's bytes (owned) */
} community_list;

/*
 * Parses text[0 .. len) (pure). items must hold one entry per line of text
 * (community_file_max_entries). Returns true with *count set, or false with
 * the error line in err: `Error: community file <path>: line N: <why>`.
 */
bool community_file_parse(const char *path, const char *text, size_t len, agent_community *items,
                          size_t *count, char *err, size_t err_cap);

/* An upper bound of the entries text[0 .. len) can hold: its line count. */
size_t community_file_max_entries(const char *text, size_t len);

/*
 * Reads and parses the file at path into *list. Refuses (false, the error
 * line in err, *list empty) a file that cannot be opened or read, is not a
 * regular file, is larger than COMMUNITY_FILE_MAX_BYTES, is readable by
 * group or others (mode & 044: it holds secrets), or has a bad line.
 */
bool community_file_load(const char *path, community_list *list, char *err, size_t err_cap);

/* Frees what community_file_load allocated; *list becomes empty. */
void community_list_free(community_list *list);

#endif
