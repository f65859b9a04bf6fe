/*
 * Build-time generator: mib.tsv -> the sorted rows of snmp_mib_default_rows()
 * (numeric arcs, typed SMI values; mib.h).
 *
 *   snmp_mib_gen <mib.tsv> <out.c>
 *
 * Every row is checked here, with the same OID codec the core uses, so a bad
 * row fails the build instead of the agent: a valid OID of 2..128 arcs, a
 * known type and access, a value in range for its type, valid UTF-8, no
 * repeated OID, writable strings within the 255-byte DisplayString limit, an
 * OID-typed value of 2..128 arcs written the way the seed protocol serves it
 * (no leading zeros), and OID-typed objects read-only. Types map to SMI:
 * STRING is OCTET STRING, OID is OBJECT IDENTIFIER, COUNTER is Counter32,
 * TIMETICKS is TimeTicks, INTEGER is INTEGER (SNMP.md s.5).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snmp/arcs.h"
#include "snmp/mib.h"
#include "snmp/utf8.h"

typedef struct row {
    char *oid_text;
    const char *type_macro;
    char *string;       /* owned copy of the value text for strings */
    long long number;
    size_t oid_len;
    size_t value_arc_count;  /* OID-typed values */
    unsigned line;
    int writable;
    int is_uptime;
    int is_string;
    uint32_t oid[SNMP_OID_MAX_ARCS];
    uint32_t value_arcs[SNMP_OID_MAX_ARCS];
} row;

/* As many rows as mib.tsv has: the array grows as it is read. */
static row *rows;
static size_t row_count;
static size_t row_cap;

static const uint32_t uptime_oid[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};

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

/* An OID-typed value: 2..128 arcs whose dotted text is exactly the value's
 * (the seed protocol serves it as that text, so no leading zeros). */
static void parse_oid_value(const char *path, unsigned line, row *r, const char *value)
{
    size_t len = strlen(value);
    char canonical[SNMP_ARCS_TEXT_MAX + 1];
    size_t canonical_len;
    if (snmp_arcs_from_text(value, len, r->value_arcs, SNMP_OID_MAX_ARCS, &r->value_arc_count) !=
            SNMP_OK ||
        r->value_arc_count < 2)
        die(path, line, "OID-typed value is not an OID of 2..128 arcs below 2^32");
    if (snmp_arcs_to_text(r->value_arcs, r->value_arc_count, canonical, sizeof canonical,
                          &canonical_len) != SNMP_OK ||
        canonical_len != len || memcmp(canonical, value, len) != 0)
        die(path, line, "OID-typed value is not written canonically (a leading zero?)");
    if (r->writable)
        die(path, line, "an OID-typed object cannot be read-write");
}

/* The type and value columns: checks the value against its type's range. */
static void parse_value(const char *path, unsigned line, row *r, const char *type,
                        const char *value)
{
    long long number = 0;
    if (strcmp(type, "OID") == 0) {
        parse_oid_value(path, line, r, value);
        r->type_macro = "SNMP_SMI_OBJECT_ID";
    } else if (strcmp(type, "STRING") == 0) {
        size_t len = strlen(value);
        /* 65535: the most a seed STRING can carry. */
        if (len > 65535)
            die(path, line, "string longer than 65535 bytes");
        if (!snmp_utf8_valid((const uint8_t *)value, len))
            die(path, line, "string is not valid UTF-8");
        if (r->writable && len > SNMP_DISPLAY_STRING_MAX)
            die(path, line, "writable string longer than 255 bytes");
        r->type_macro = "SNMP_SMI_OCTET_STRING";
        r->is_string = 1;
        r->string = dup_text(value);
    } else if (strcmp(type, "INTEGER") == 0) {
        if (!parse_number(value, INT32_MIN, INT32_MAX, &number))
            die(path, line, "INTEGER value is not a whole number in -2^31..2^31-1");
        r->type_macro = "SNMP_SMI_INTEGER";
        r->number = number;
    } else if (strcmp(type, "COUNTER") == 0 || strcmp(type, "TIMETICKS") == 0) {
        if (!parse_number(value, 0, UINT32_MAX, &number))
            die(path, line, "value is not a whole number in 0..2^32-1");
        r->type_macro = strcmp(type, "COUNTER") == 0 ? "SNMP_SMI_COUNTER32" : "SNMP_SMI_TIMETICKS";
        r->number = number;
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

    if (row_count == row_cap) {
        row_cap = row_cap ? 2 * row_cap : 256;
        rows = realloc(rows, row_cap * sizeof *rows);
        if (rows == NULL)
            die(path, line, "out of memory");
    }
    row *r = &rows[row_count];
    memset(r, 0, sizeof *r);
    r->line = line;
    if (snmp_arcs_from_text(fields[0], strlen(fields[0]), r->oid, SNMP_OID_MAX_ARCS,
                            &r->oid_len) != SNMP_OK ||
        r->oid_len < 2)
        die(path, line, "not a valid OID of 2..128 arcs below 2^32");
    r->oid_text = dup_text(fields[0]);

    if (strcmp(fields[2], "read-write") == 0)
        r->writable = 1;
    else if (strcmp(fields[2], "read-only") == 0)
        r->writable = 0;
    else
        die(path, line, "access must be read-only or read-write");

    parse_value(path, line, r, fields[1], fields[3]);
    r->is_uptime = snmp_arcs_compare(r->oid, r->oid_len, uptime_oid,
                                     sizeof uptime_oid / sizeof uptime_oid[0]) == 0;
    if (r->is_uptime && (r->writable || strcmp(r->type_macro, "SNMP_SMI_TIMETICKS") != 0))
        die(path, line, "sysUpTime must be a read-only TIMETICKS object");
    row_count++;
}

static int compare_rows(const void *a, const void *b)
{
    const row *x = a;
    const row *y = b;
    return snmp_arcs_compare(x->oid, x->oid_len, y->oid, y->oid_len);
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

static void put_arcs(FILE *out, const uint32_t *arcs, size_t n)
{
    for (size_t k = 0; k < n; k++)
        fprintf(out, "%s%luu", k ? ", " : "", (unsigned long)arcs[k]);
}

/* The value initialiser of one row, by type. */
static void put_value(FILE *out, size_t i, const row *r)
{
    fprintf(out, ".value = {.type = %s", r->type_macro);
    if (r->is_string) {
        fputs(", .bytes = (const uint8_t *)", out);
        put_c_string(out, r->string);
        fprintf(out, ", .len = %zu", strlen(r->string));
    } else if (r->value_arc_count > 0) {
        fprintf(out, ", .arcs = value_%zu, .len = %zu", i, r->value_arc_count);
    } else if (strcmp(r->type_macro, "SNMP_SMI_INTEGER") == 0) {
        /* -2147483648 is not a C constant: write it as an expression. */
        if (r->number == INT32_MIN)
            fputs(", .integer = INT32_MIN", out);
        else
            fprintf(out, ", .integer = %lld", r->number);
    } else {
        fprintf(out, ", .number = %lluu", (unsigned long long)r->number);
    }
    fputs("}", out);
}

static void write_table(FILE *out, const char *source)
{
    fprintf(out, "/* Generated by snmp_mib_gen from %s. Do not edit. */\n", source);
    fprintf(out, "#include \"snmp/mib.h\"\n\n");
    for (size_t i = 0; i < row_count; i++) {
        fprintf(out, "static const uint32_t arcs_%zu[] = {", i);
        put_arcs(out, rows[i].oid, rows[i].oid_len);
        fprintf(out, "}; /* %s */\n", rows[i].oid_text);
        if (rows[i].value_arc_count > 0) {
            fprintf(out, "static const uint32_t value_%zu[] = {", i);
            put_arcs(out, rows[i].value_arcs, rows[i].value_arc_count);
            fprintf(out, "};\n");
        }
    }
    fprintf(out, "\nstatic const snmp_mib_row rows[] = {\n");
    for (size_t i = 0; i < row_count; i++) {
        const row *r = &rows[i];
        fprintf(out, "    {.arcs = arcs_%zu, .arc_count = %zu, .writable = %s, .is_uptime = %s, ",
                i, r->oid_len, r->writable ? "true" : "false", r->is_uptime ? "true" : "false");
        put_value(out, i, r);
        fprintf(out, "},\n");
    }
    fprintf(out, "};\n\n");
    fprintf(out, "const snmp_mib_row *snmp_mib_default_rows(size_t *count)\n{\n"
                 "    *count = sizeof rows / sizeof rows[0];\n    return rows;\n}\n");
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
    for (size_t i = 1; i < row_count; i++) {
        if (compare_rows(&rows[i - 1], &rows[i]) == 0)
            die(argv[1], rows[i].line, "OID appears twice");
    }

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
    free(rows);
    return 0;
}
