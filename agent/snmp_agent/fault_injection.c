/*
 * The fault-injecting side of sys_io.h, linked only into snmp_agent_faulty.
 * The plan format is documented in sys_io.h.
 */
#include "sys_io.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

enum { MAX_PLAN_ENTRIES = 64 };

typedef enum io_kind { KIND_RECV, KIND_SEND, KIND_ACCEPT4, KIND_COUNT } io_kind;

/* A fault is the errno the call fails with, or this: the real call, made
 * with fewer bytes (short for recv, partial for send). */
enum { SHORTENED = 0 };

typedef struct plan_entry {
    unsigned long call;   /* 1-based number of the call of that kind */
    io_kind kind;
    int error;            /* SHORTENED or an errno */
} plan_entry;

static plan_entry plan[MAX_PLAN_ENTRIES];
static size_t plan_len;
static unsigned long calls[KIND_COUNT];
static unsigned long injected;

typedef struct name_value {
    const char *name;
    int value;
} name_value;

static const name_value kind_names[] = {{"recv", KIND_RECV}, {"send", KIND_SEND}};

static const name_value recv_faults[] = {
    {"short", SHORTENED}, {"eagain", EAGAIN}, {"eintr", EINTR}, {"econnreset", ECONNRESET}};

static const name_value send_faults[] = {
    {"partial", SHORTENED}, {"eagain", EAGAIN}, {"eintr", EINTR}, {"epipe", EPIPE},
    {"econnreset", ECONNRESET}};

/* Looks the n-byte word up in table; returns its value, or -1 if absent. */
static int lookup(const name_value *table, size_t count, const char *word, size_t n)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(table[i].name) == n && memcmp(table[i].name, word, n) == 0)
            return table[i].value;
    }
    return -1;
}

/* Parses a call number: digits only, no leading zero, no overflow. Returns
 * false if the n bytes at text are not one. */
static bool parse_call(const char *text, size_t n, unsigned long *out)
{
    if (n == 0 || text[0] == '0')
        return false;
    unsigned long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        unsigned long digit = (unsigned long)(text[i] - '0');
        if (v > (ULONG_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

/* Parses one KIND:N:FAULT of n bytes into *e. Returns false if malformed. */
static bool parse_entry(const char *text, size_t n, plan_entry *e)
{
    const char *end = text + n;
    const char *colon1 = memchr(text, ':', n);
    if (colon1 == NULL)
        return false;
    const char *colon2 = memchr(colon1 + 1, ':', (size_t)(end - colon1 - 1));
    if (colon2 == NULL)
        return false;

    int kind = lookup(kind_names, COUNT_OF(kind_names), text, (size_t)(colon1 - text));
    if (kind < 0 || !parse_call(colon1 + 1, (size_t)(colon2 - colon1 - 1), &e->call))
        return false;
    const char *word = colon2 + 1;
    size_t word_len = (size_t)(end - word);
    int error = kind == KIND_RECV ? lookup(recv_faults, COUNT_OF(recv_faults), word, word_len)
                                  : lookup(send_faults, COUNT_OF(send_faults), word, word_len);
    if (error < 0)
        return false;
    e->kind = (io_kind)kind;
    e->error = error;
    return true;
}

/* Parses the whole plan into plan[]. Returns false if malformed. */
static bool parse_plan(const char *text)
{
    size_t len = strlen(text);
    if (len == 0)
        return true;
    size_t start = 0;
    for (;;) {
        const char *comma = memchr(text + start, ',', len - start);
        size_t stop = comma ? (size_t)(comma - text) : len;
        if (plan_len == MAX_PLAN_ENTRIES)
            return false;
        plan_entry e;
        if (!parse_entry(text + start, stop - start, &e))
            return false;
        /* Two faults for one call would make the plan mean whichever won. */
        for (size_t i = 0; i < plan_len; i++) {
            if (plan[i].kind == e.kind && plan[i].call == e.call)
                return false;
        }
        plan[plan_len++] = e;
        if (comma == NULL)
            return true;
        start = stop + 1;
    }
}

/* At exit: a test sizes its sweep from these counts and checks from them
 * that its fault fired. */
static void report_calls(void)
{
    fprintf(stderr, "snmp_agent_faulty: calls recv=%lu send=%lu accept4=%lu injected=%lu\n",
            calls[KIND_RECV], calls[KIND_SEND], calls[KIND_ACCEPT4], injected);
}

/* Runs before main so a bad plan stops the agent before it listens, and the
 * plan cannot change while the agent runs. */
__attribute__((constructor)) static void load_plan(void)
{
    const char *text = getenv("SNMP_FAULT_PLAN");
    if (text != NULL && !parse_plan(text)) {
        say("Fatal error: bad SNMP_FAULT_PLAN");
        exit(1);
    }
    if (atexit(report_calls) != 0) {
        say("Fatal error: cannot register the fault injection report");
        exit(1);
    }
}

/* Counts a call of kind; returns the fault planned for it, or NULL. */
static const plan_entry *next_call(io_kind kind)
{
    unsigned long n = ++calls[kind];
    for (size_t i = 0; i < plan_len; i++) {
        if (plan[i].kind == kind && plan[i].call == n) {
            injected++;
            return &plan[i];
        }
    }
    return NULL;
}

ssize_t sys_recv(int fd, void *buf, size_t len, int flags)
{
    const plan_entry *e = next_call(KIND_RECV);
    if (e == NULL)
        return recv(fd, buf, len, flags);
    if (e->error == SHORTENED)
        return recv(fd, buf, len < 1 ? len : 1, flags);
    errno = e->error;
    return -1;
}

ssize_t sys_send(int fd, const void *buf, size_t len, int flags)
{
    const plan_entry *e = next_call(KIND_SEND);
    if (e == NULL)
        return send(fd, buf, len, flags);
    if (e->error == SHORTENED)
        return send(fd, buf, len - len / 2, flags);
    errno = e->error;
    return -1;
}

int sys_accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags)
{
    (void)next_call(KIND_ACCEPT4);
    return accept4(fd, addr, addr_len, flags);
}
