/*
 * The seam between the event loop and the kernel's socket calls, so tests
 * can make any one of them misbehave the way a real network sometimes does.
 *
 * Normal build: each sys_* is a static inline wrapper that calls the libc
 * function directly, so the seam costs nothing.
 *
 * Built with -DSNMP_FAULT_INJECTION (the test-only snmp_agent_faulty,
 * fault_injection.c): every call is counted per kind, and the plan in the
 * environment variable SNMP_FAULT_PLAN, read once at start-up, decides which
 * calls fail. The plan is a comma-separated list of KIND:N:FAULT, where
 *
 *   KIND   recv or send
 *   N      the 1-based number of the call of that kind, counted over the
 *          whole process (every connection), a decimal without leading zeros
 *   FAULT  for recv:  short       real recv of at most 1 byte
 *                     eagain      -1 with errno EAGAIN, kernel not called
 *                     eintr       -1 with errno EINTR, kernel not called
 *                     econnreset  -1 with errno ECONNRESET, kernel not called
 *          for send:  partial     real send of half the bytes, at least 1
 *                     eagain, eintr, econnreset  as for recv
 *                     epipe       -1 with errno EPIPE, kernel not called
 *
 * for example `recv:3:short,send:2:partial,recv:7:econnreset`. A (KIND, N)
 * pair may appear once; at most 64 entries. An unset or empty variable
 * injects nothing. Anything else makes the agent print
 * `Fatal error: bad SNMP_FAULT_PLAN` on stdout and exit with status 1
 * before it listens. At exit the faulty agent prints one line on stderr,
 *
 *   snmp_agent_faulty: calls recv=R send=S accept4=A injected=I
 *
 * (calls made of each kind, faults actually injected), so a test can learn
 * how many calls a session takes and check that its fault fired.
 */
#ifndef AGENT_SYS_IO_H
#define AGENT_SYS_IO_H

#ifndef _GNU_SOURCE
#error "sys_io.h needs _GNU_SOURCE (accept4) defined before the first #include"
#endif

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifdef SNMP_FAULT_INJECTION

/* recv(2), or the planned fault: returns what recv returns (errno set on -1). */
ssize_t sys_recv(int fd, void *buf, size_t len, int flags);

/* send(2), or the planned fault: returns what send returns (errno set on -1). */
ssize_t sys_send(int fd, const void *buf, size_t len, int flags);

/* accept4(2), counted only: returns what accept4 returns (errno set on -1). */
int sys_accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags);

#else

/* recv(2): returns what recv returns (errno set on -1). */
static inline ssize_t sys_recv(int fd, void *buf, size_t len, int flags)
{
    return recv(fd, buf, len, flags);
}

/* send(2): returns what send returns (errno set on -1). */
static inline ssize_t sys_send(int fd, const void *buf, size_t len, int flags)
{
    return send(fd, buf, len, flags);
}

/* accept4(2): returns what accept4 returns (errno set on -1). */
static inline int sys_accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags)
{
    return accept4(fd, addr, addr_len, flags);
}

#endif

#endif
