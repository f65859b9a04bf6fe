#include "resolve.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deadline.h"

/* Longest host name handed to the resolver; DNS names stop at 253 bytes,
 * so anything longer cannot resolve. */
enum { HOST_NAME_CAP = 1025 };

/* What the resolver child sends back through its pipe, in one write (it is
 * smaller than PIPE_BUF, so the write is atomic). */
typedef struct lookup_answer {
    int gai_status;  /* getaddrinfo's result */
    int error;       /* errno, for EAI_SYSTEM */
    size_t count;
    mgr_address addrs[MGR_RESOLVE_MAX];
} lookup_answer;

_Static_assert(sizeof(lookup_answer) <= PIPE_BUF, "the answer must go in one atomic write");

static mgr_net_result net_result(mgr_net_status status, int error)
{
    mgr_net_result result = {status, error, 0};
    return result;
}

/* getaddrinfo into answer, keeping the first MGR_RESOLVE_MAX addresses. */
static void lookup(const char *name, const char *service, int flags, lookup_answer *answer)
{
    memset(answer, 0, sizeof *answer);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | flags;
    struct addrinfo *list = NULL;
    answer->gai_status = getaddrinfo(name, service, &hints, &list);
    answer->error = errno;
    if (answer->gai_status != 0)
        return;
    for (const struct addrinfo *ai = list; ai != NULL && answer->count < MGR_RESOLVE_MAX;
         ai = ai->ai_next) {
        if (ai->ai_addrlen > sizeof answer->addrs[0].addr)
            continue;
        mgr_address *a = &answer->addrs[answer->count++];
        a->len = ai->ai_addrlen;
        memcpy(&a->addr, ai->ai_addr, ai->ai_addrlen);
    }
    freeaddrinfo(list);
}

/* The resolver child: looks the name up, writes the answer, ends. */
static void run_child(const char *name, const char *service, int answer_fd)
{
    /* Die with the manager rather than outlive it in a slow lookup. */
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
    lookup_answer answer;
    lookup(name, service, 0, &answer);
    const char *p = (const char *)&answer;
    size_t left = sizeof answer;
    while (left > 0) {
        ssize_t n = write(answer_fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    close(answer_fd);
    /* exit, not _exit: stdout was flushed before the fork so nothing is
     * written twice, and coverage and leak checkers see the child end. */
    exit(0);
}

/*
 * Reads the child's whole answer before the deadline. Returns MGR_NET_OK,
 * MGR_NET_TIMED_OUT, or MGR_NET_SYSTEM (EIO if the child ended without
 * answering).
 */
static mgr_net_result read_answer(int fd, int64_t deadline, lookup_answer *answer)
{
    char *p = (char *)answer;
    size_t got = 0;
    while (got < sizeof *answer) {
        int ready = mgr_wait_ready(fd, POLLIN, deadline);
        if (ready == 0)
            return net_result(MGR_NET_TIMED_OUT, 0);
        if (ready < 0)
            return net_result(MGR_NET_SYSTEM, errno);
        ssize_t n = read(fd, p + got, sizeof *answer - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return net_result(MGR_NET_SYSTEM, errno);
        if (n == 0)
            return net_result(MGR_NET_SYSTEM, EIO);
        got += (size_t)n;
    }
    return net_result(MGR_NET_OK, 0);
}

/* Runs lookup in a child process and waits for it until the deadline. */
static mgr_net_result lookup_in_child(const char *name, const char *service, int64_t deadline,
                                      lookup_answer *answer)
{
    int fds[2];
    if (pipe(fds) != 0)
        return net_result(MGR_NET_SYSTEM, errno);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        int error = errno;
        close(fds[0]);
        close(fds[1]);
        return net_result(MGR_NET_SYSTEM, error);
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(name, service, fds[1]);
    }
    close(fds[1]);
    mgr_net_result result = read_answer(fds[0], deadline, answer);
    close(fds[0]);
    /* A child still in getaddrinfo at the deadline is stopped; one that
     * answered is ending on its own. Either way it is reaped here. */
    if (result.status != MGR_NET_OK)
        kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    return result;
}

/* The manager's result for a getaddrinfo status. */
static mgr_net_result from_gai(const lookup_answer *answer)
{
    if (answer->gai_status == 0)
        return net_result(answer->count > 0 && answer->count <= MGR_RESOLVE_MAX
                              ? MGR_NET_OK
                              : MGR_NET_UNRESOLVED,
                          0);
    if (answer->gai_status == EAI_SYSTEM)
        return net_result(MGR_NET_SYSTEM, answer->error);
    if (answer->gai_status == EAI_MEMORY)
        return net_result(MGR_NET_SYSTEM, ENOMEM);
    return net_result(MGR_NET_UNRESOLVED, 0);
}

mgr_net_result mgr_resolve(const char *host, size_t host_len, uint16_t port, int64_t deadline,
                           mgr_address out[MGR_RESOLVE_MAX], size_t *count)
{
    *count = 0;
    char name[HOST_NAME_CAP];
    if (host_len >= sizeof name)
        return net_result(MGR_NET_UNRESOLVED, 0);
    memcpy(name, host, host_len);
    name[host_len] = '\0';
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);

    lookup_answer answer;
    /* A numeric address first, in this process: it needs no resolver and
     * must never wait on one. */
    lookup(name, service, AI_NUMERICHOST, &answer);
    if (answer.gai_status == EAI_NONAME) {
        mgr_net_result result = lookup_in_child(name, service, deadline, &answer);
        if (result.status != MGR_NET_OK)
            return result;
    }
    mgr_net_result result = from_gai(&answer);
    if (result.status == MGR_NET_OK) {
        memcpy(out, answer.addrs, answer.count * sizeof answer.addrs[0]);
        *count = answer.count;
    }
    return result;
}
