/*
 * The agent's output: escaping, and a bounded buffer so that a stdout nobody
 * reads (`snmp_agent | sleep 1000`) never stops the agent serving.
 *
 * How stdout is made non-blocking, per kind (say_open):
 *  - a pipe, FIFO, terminal or other character device: O_NONBLOCK is a flag
 *    of the open file description, which the shell, the other commands of a
 *    pipeline or a terminal session share with us; setting it there would
 *    make their own writes fail with EAGAIN, during and after our run. So
 *    the agent opens the same pipe or device again through /proc/self/fd/1,
 *    which gives it a description of its own, non-blocking, and puts it on
 *    descriptor 1. Only if that fails (no /proc) is O_NONBLOCK set on the
 *    shared description, and the original flags are given back at exit.
 *  - a socket (systemd's journal stream, for one): send() with MSG_DONTWAIT
 *    makes each call non-blocking without touching any flag.
 *  - a regular file or block device: written directly. Such a write never
 *    waits for a reader, and epoll cannot watch these files anyway.
 */
#include "say.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    /* Longer formatted text is cut; every line the agent prints is far shorter. */
    LINE_MAX_BYTES = 512,
    /* Each byte may become \xNN, plus the newline. */
    ESCAPED_MAX_BYTES = 4 * LINE_MAX_BYTES + 1,
    /* Lines waiting for a slow stdout: about 1,500 per-connection lines. */
    LOG_BUFFER_SIZE = 65536,
    /* The last part of the buffer only lines about the agent itself (and the
     * drop count) may use, so a flood of per-connection lines cannot crowd
     * them out: about 40 such lines. */
    AGENT_LINE_RESERVE = 4096
};

typedef enum out_kind {
    OUT_WRITE,   /* write(2): a pipe, terminal or file */
    OUT_SEND,    /* send(2) with MSG_DONTWAIT: a socket */
    OUT_GONE     /* stdout is closed or its reader went away: lines are discarded */
} out_kind;

static bool quiet_mode;

static struct {
    out_kind kind;
    bool pollable;          /* the event loop tells us when stdout is writable */
    bool blocked;           /* the last write met EAGAIN: wait for say_flush() */
    bool restore_flags;     /* O_NONBLOCK was set on the shared description */
    int saved_flags;
    size_t head, tail;      /* pending bytes are buf[head, tail) */
    unsigned long long dropped;   /* lines dropped since the last drop count */
    char buf[LOG_BUFFER_SIZE];
} out;

void say_set_quiet(bool quiet)
{
    quiet_mode = quiet;
}

/* Whether epoll can watch fd (it refuses regular files and /dev/null: EPERM). */
static bool can_poll(int fd)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        return false;
    struct epoll_event ev = {.events = 0, .data.fd = fd};
    bool ok = epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0;
    close(ep);
    return ok;
}

void say_open(void)
{
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) != 0) {
        out.kind = OUT_GONE;
        return;
    }
    if (S_ISSOCK(st.st_mode)) {
        out.kind = OUT_SEND;
        out.pollable = true;
        return;
    }
    if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
        return;
    /* A pipe or a character device: a non-blocking description of our own. */
    int fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
        int moved = dup2(fd, STDOUT_FILENO);
        close(fd);
        if (moved != STDOUT_FILENO)
            return;   /* descriptor 1 is as it was: written as opened */
    } else {
        int flags = fcntl(STDOUT_FILENO, F_GETFL);
        if (flags < 0 || fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK) != 0)
            return;
        out.saved_flags = flags;
        out.restore_flags = (flags & O_NONBLOCK) == 0;
    }
    out.pollable = can_poll(STDOUT_FILENO);
}

static ssize_t out_write(const char *bytes, size_t len)
{
    if (out.kind == OUT_SEND)
        return send(STDOUT_FILENO, bytes, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    return write(STDOUT_FILENO, bytes, len);
}

/* The pending bytes can never be written: count the lines among them as dropped. */
static void discard_pending(void)
{
    for (size_t i = out.head; i < out.tail; i++) {
        if (out.buf[i] == '\n')
            out.dropped++;
    }
    out.head = out.tail = 0;
}

/* Writes pending bytes until stdout would block or all are out. */
static void out_flush(void)
{
    while (out.head < out.tail && out.kind != OUT_GONE) {
        ssize_t n = out_write(out.buf + out.head, out.tail - out.head);
        if (n > 0) {
            out.head += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Without a poller nobody would tell us when to retry, so a
             * stdout that cannot be polled is simply retried at the next line. */
            out.blocked = out.pollable;
            return;
        } else {
            /* EPIPE (the reader went away), ENOSPC, EIO: these bytes are lost.
             * After EPIPE or EBADF nothing will ever be read again. */
            if (n < 0 && (errno == EPIPE || errno == EBADF || errno == ECONNRESET))
                out.kind = OUT_GONE;
            discard_pending();
            return;
        }
    }
    if (out.head == out.tail)
        out.head = out.tail = 0;
}

/* Appends len bytes if they fit below limit (counting what is pending). */
static bool out_append(const char *bytes, size_t len, size_t limit)
{
    if (out.tail - out.head + len > limit)
        return false;
    if (out.tail + len > sizeof out.buf) {
        memmove(out.buf, out.buf + out.head, out.tail - out.head);
        out.tail -= out.head;
        out.head = 0;
    }
    memcpy(out.buf + out.tail, bytes, len);
    out.tail += len;
    return true;
}

/* Once output flows again, the number of lines lost meanwhile, in their place. */
static void note_drops(void)
{
    if (out.dropped == 0 || out.kind == OUT_GONE)
        return;
    char line[64];
    int n = snprintf(line, sizeof line, "%llu log lines dropped\n", out.dropped);
    if (n > 0 && out_append(line, (size_t)n, sizeof out.buf))
        out.dropped = 0;
}

/* One escaped line into out, with its newline; returns its length. */
static size_t escape_line(const char *text, char *dst)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '\\' || *p == '=') {
            dst[n++] = '\\';
            dst[n++] = 'x';
            dst[n++] = hex[*p >> 4];
            dst[n++] = hex[*p & 0x0f];
        } else {
            dst[n++] = (char)*p;
        }
    }
    dst[n++] = '\n';
    return n;
}

/* Queues one line (below limit) and writes what stdout takes now. */
static void put_line(const char *text, size_t limit)
{
    if (out.kind == OUT_GONE)
        return;
    char line[ESCAPED_MAX_BYTES];
    size_t len = escape_line(text, line);
    if (!out.blocked)
        note_drops();
    /* A line after a gap must not come before the count of that gap. */
    if (out.dropped > 0 || !out_append(line, len, limit)) {
        out.dropped++;
        return;
    }
    /* A script waits for these lines, so none may sit here while stdout
     * would take it; once blocked, the loop's say_flush() resumes. */
    if (!out.blocked)
        out_flush();
}

void say(const char *format, ...)
{
    char text[LINE_MAX_BYTES];
    va_list args;
    va_start(args, format);
    /* The analyzer misreads x86-64's array-typed va_list after va_start. */
    vsnprintf(text, sizeof text, format, args); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(args);
    put_line(text, sizeof out.buf);
}

void say_client(const char *format, ...)
{
    if (quiet_mode)
        return;
    char text[LINE_MAX_BYTES];
    va_list args;
    va_start(args, format);
    /* The analyzer misreads x86-64's array-typed va_list after va_start. */
    vsnprintf(text, sizeof text, format, args); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(args);
    put_line(text, sizeof out.buf - AGENT_LINE_RESERVE);
}

int say_poll_fd(void)
{
    return out.pollable && out.kind != OUT_GONE ? STDOUT_FILENO : -1;
}

bool say_waiting(void)
{
    return out.blocked && out.kind != OUT_GONE && out.head < out.tail;
}

void say_flush(void)
{
    out.blocked = false;
    out_flush();
    if (!out.blocked) {
        note_drops();
        out_flush();
    }
}

void say_output_lost(void)
{
    out.kind = OUT_GONE;
    out.blocked = false;
    discard_pending();
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes the pending lines, then the drop count, until all are out or the
 * deadline passes: bounded, as a stdout nobody reads must not keep a
 * stopping agent alive. */
static void drain_until(long long deadline)
{
    out.blocked = false;
    for (;;) {
        out_flush();
        if (out.head == out.tail) {
            note_drops();
            out_flush();
            if (out.head == out.tail && out.dropped == 0)
                return;
        }
        long long left = deadline - now_ms();
        if (out.kind == OUT_GONE || left <= 0)
            return;
        struct pollfd pfd = {.fd = STDOUT_FILENO, .events = POLLOUT, .revents = 0};
        if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
            return;
        if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
            return;
    }
}

void say_final(int wait_ms, const char *format, ...)
{
    long long deadline = now_ms() + wait_ms;
    /* First room: the line must not be the one dropped because the buffer
     * was full when the agent decided to stop. */
    drain_until(deadline);
    char text[LINE_MAX_BYTES];
    va_list args;
    va_start(args, format);
    /* The analyzer misreads x86-64's array-typed va_list after va_start. */
    vsnprintf(text, sizeof text, format, args); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(args);
    char line[ESCAPED_MAX_BYTES];
    size_t len = escape_line(text, line);
    note_drops();
    if (out.dropped > 0 || !out_append(line, len, sizeof out.buf))
        out.dropped++;   /* only when stdout took nothing for wait_ms */
    drain_until(deadline);
    if (out.restore_flags)
        (void)fcntl(STDOUT_FILENO, F_SETFL, out.saved_flags);
}
