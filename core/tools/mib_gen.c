/*
 * Build-time generator: mib.tsv -> a sorted C table for snmp_mib_default_table().
 *
 *   snmp_mib_gen <mib.tsv> <out.c>
 *
 * Every row is checked here, with the same OID codec the agent uses, so a bad
 * row fails the build instead of the agent: a valid OID, a known type and
 * access, a value in range for its type, valid UTF-8, no repeated OID, and
 * writable strings within the 255-byte DisplayString limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/mib.h"
#include "snmp/oid.h"
#include "snmp/value.h"

enum { MAX_ROWS = 4096 };

typedef struct row {
    char *oid_text;
    const char *type_macro;
    char *string;       /* owned copy of the value text for strings */
    unsigned long number;
    size_t oid_len;
    unsigned line;
    int writable;
    int is_uptime;
    int is_string;
    uint8_t oid[SNMP_MAX_OID_LEN];
} row;

static row rows[MAX_ROWS];
static size_t row_count;

static const uint8_t uptime_oid[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};

static void die(const char *path, unsigned line, const char *what)
{
    fprintf(stderr, "%s:%u: %s\n", path, line, what);
    exit(1);
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy == NULL) {
        fprintf(stderr, "snmp_mib_gen: out of memory\n");
        exit(1);
    }
    memcpy(copy, s, n);
    return copy;
}

/* Parses a whole decimal number within [min, max]; returns 0 on failure. */
static int parse_number(const char *text, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

/* Non-empty runs of digits separated by single dots. */
static int dotted_decimal(const char *text)
{
    size_t digits = 0;
    for (const char *p = text;; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
        } else if (*p == '.' || *p == '\0') {
            if (digits == 0)
                return 0;
            if (*p == '\0')
                return 1;
            digits = 0;
        } else {
            return 0;
        }
    }
}

/* The type and value columns: checks the value against its type's range. */
static void parse_value(const char *path, unsigned line, row *r, const char *type,
                        const char *value)
{
    long long number = 0;
    if (strcmp(type, "STRING") == 0 || strcmp(type, "OID") == 0) {
        size_t len = strlen(value);
        /* OID-typed objects are served as STRING holding the dotted text.
         * Its components need not fit our one-byte wire form (sysObjectID
         * has 1234), so only the dotted-decimal shape is checked. */
        if (strcmp(type, "OID") == 0 && !dotted_decimal(value))
            die(path, line, "OID-typed value is not dotted decimal");
        if (len > SNMP_MAX_VALUE_LEN)
            die(path, line, "string longer than 65535 bytes");
        if (!snmp_utf8_valid((const uint8_t *)value, len))
            die(path, line, "string is not valid UTF-8");
        if (r->writable && len > SNMP_MIB_STRING_MAX)
            die(path, line, "writable string longer than 255 bytes");
        r->type_macro = "SNMP_TYPE_STRING";
        r->is_string = 1;
        r->string = dup_text(value);
    } else if (strcmp(type, "INTEGER") == 0) {
        if (!parse_number(value, INT32_MIN, INT32_MAX, &number))
            die(path, line, "INTEGER value is not a whole number in -2^31..2^31-1");
        r->type_macro = "SNMP_TYPE_INTEGER";
        /* Stored as its two's complement bit pattern. */
        r->number = (unsigned long)(uint32_t)(int32_t)number;
    } else if (strcmp(type, "COUNTER") == 0 || strcmp(type, "TIMETICKS") == 0) {
        if (!parse_number(value, 0, UINT32_MAX, &number))
            die(path, line, "value is not a whole number in 0..2^32-1");
        r->type_macro = strcmp(type, "COUNTER") == 0 ? "SNMP_TYPE_COUNTER" : "SNMP_TYPE_TIMETICKS";
        r->number = (unsigned long)number;
    } else {
        die(path, line, "type must be STRING, INTEGER, COUNTER, TIMETICKS or OID");
    }
}

static void parse_row(const char *path, unsigned line, char *text)
{
    char *fields[4];
    char *cursor = text;
    for (int i = 0; i < 3; i++) {
        char *tab = strchr(cursor, '\t');
        if (tab == NULL)
            die(path, line, "expected four tab-separated fields: oid, type, access, value");
        *tab = '\0';
        fields[i] = cursor;
        cursor = tab + 1;
    }
    fields[3] = cursor; /* the value is the rest of the line, possibly empty */

    if (row_count == MAX_ROWS)
        die(path, line, "too many rows");
    row *r = &rows[row_count];
    r->line = line;
    if (snmp_oid_from_text(fields[0], strlen(fields[0]), r->oid, sizeof r->oid, &r->oid_len) !=
        SNMP_OK)
        die(path, line, "not a valid OID");
    r->oid_text = dup_text(fields[0]);

    if (strcmp(fields[2], "read-write") == 0)
        r->writable = 1;
    else if (strcmp(fields[2], "read-only") == 0)
        r->writable = 0;
    else
        die(path, line, "access must be read-only or read-write");

    parse_value(path, line, r, fields[1], fields[3]);
    r->is_uptime = snmp_oid_compare(r->oid, r->oid_len, uptime_oid, sizeof uptime_oid) == 0;
    if (r->is_uptime && (r->writable || strcmp(r->type_macro, "SNMP_TYPE_TIMETICKS") != 0))
        die(path, line, "sysUpTime must be a read-only TIMETICKS object");
    row_count++;
}

static int compare_rows(const void *a, const void *b)
{
    const row *x = a;
    const row *y = b;
    return snmp_oid_compare(x->oid, x->oid_len, y->oid, y->oid_len);
}

/* Writes s as a C string literal, escaping everything but plain ASCII. */
static void put_c_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p >= 0x20 && *p < 0x7f)
            fputc(*p, out);
        else
            fprintf(out, "\\%03o", *p);
    }
    fputc('"', out);
}

static void write_table(FILE *out, const char *source)
{
    fprintf(out, "/* Generated by snmp_mib_gen from %s. Do not edit. */\n", source);
    fprintf(out, "#include \"snmp/mib.h\"\n#include \"snmp/value.h\"\n\n");
    for (size_t i = 0; i < row_count; i++) {
        fprintf(out, "static const uint8_t oid_%zu[] = {", i);
        for (size_t k = 0; k < rows[i].oid_len; k++)
            fprintf(out, "%s%u", k ? ", " : "", rows[i].oid[k]);
        fprintf(out, "}; /* %s */\n", rows[i].oid_text);
    }
    fprintf(out, "\nstatic const snmp_mib_object table[] = {\n");
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        fprintf(out, "    {.oid = oid_%zu, .oid_len = %zu, .type = %s, .writable = %s, "
                     ".is_uptime = %s, .number = %luu, .string = ",
                i, r->oid_len, r->type_macro, r->writable ? "true" : "false",
                r->is_uptime ? "true" : "false", r->number);
        if (r->is_string)
            put_c_string(out, r->string);
        else
            fputs("NULL", out);
        fprintf(out, ", .string_len = %zu},\n", r->is_string ? strlen(r->string) : (size_t)0);
    }
    fprintf(out, "};\n\n");
    fprintf(out, "const snmp_mib_object *snmp_mib_default_table(size_t *count)\n{\n"
                 "    *count = sizeof table / sizeof table[0];\n    return table;\n}\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: snmp_mib_gen <mib.tsv> <out.c>\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (in == NULL) {
        fprintf(stderr, "snmp_mib_gen: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t line_cap = 0;
    unsigned line_no = 0;
    ssize_t n;
    while ((n = getline(&line, &line_cap, in)) >= 0) {
        line_no++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        parse_row(argv[1], line_no, line);
    }
    free(line);
    fclose(in);

    qsort(rows, row_count, sizeof rows[0], compare_rows);
    size_t writable = 0;
    for (size_t i = 0; i < row_count; i++) {
        if (i > 0 && compare_rows(&rows[i - 1], &rows[i]) == 0)
            die(argv[1], rows[i].line, "OID appears twice");
        writable += rows[i].writable ? 1u : 0u;
    }
    if (writable > SNMP_MIB_MAX_WRITABLE)
        die(argv[1], 0, "more writable objects than SNMP_MIB_MAX_WRITABLE");

    /* Write to a temporary name first so a failed run leaves no half table. */
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]) >= (int)sizeof tmp) {
        fprintf(stderr, "snmp_mib_gen: output path too long\n");
        return 1;
    }
    FILE *out = fopen(tmp, "w");
    if (out == NULL) {
        fprintf(stderr, "snmp_mib_gen: %s: %s\n", tmp, strerror(errno));
        return 1;
    }
    write_table(out, "core/mib.tsv");
    if (fclose(out) != 0 || rename(tmp, argv[2]) != 0) {
        fprintf(stderr, "snmp_mib_gen: cannot write %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    for (size_t i = 0; i < row_count; i++) {
        free(rows[i].oid_text);
        free(rows[i].string);
    }
    return 0;
}
