/*
 * snmp_agent: the daemon. Parses the command line, opens the listening
 * socket, and hands it to the event loop until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "listener.h"
#include "options.h"
#include "say.h"
#include "server.h"

/*
 * SIGINT and SIGTERM are blocked for the whole run and read from a signalfd
 * in the event loop (server.c), so they stop the agent whatever it is doing.
 * SIGPIPE is ignored: a client that vanishes must not kill the agent.
 * SIGHUP is ignored too: by convention it asks a daemon to reload its
 * configuration, which the agent does not have yet; it must not kill it.
 */
static int install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) != 0 || sigaction(SIGHUP, &sa, NULL) != 0)
        return -1;
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    return sigprocmask(SIG_BLOCK, &stop_signals, NULL);
}

/* Each client needs one descriptor; raise the soft limit as far as the hard
 * limit allows, and say so when the client cap cannot be reached. */
static void raise_fd_limit(unsigned max_clients)
{
    enum { RESERVED_FDS = 16 };  /* stdio, listener, epoll, reserve, slack */
    rlim_t wanted = (rlim_t)max_clients + RESERVED_FDS;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= wanted)
        return;
    rlim_t target = lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= wanted ? wanted : lim.rlim_max;
    lim.rlim_cur = target;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0 || target < wanted) {
        getrlimit(RLIMIT_NOFILE, &lim);
        say("Warning: open file limit %llu allows fewer than %u clients",
            (unsigned long long)lim.rlim_cur, max_clients);
    }
}

int main(int argc, char **argv)
{
    agent_options opts;
    char err[256];
    if (!agent_options_parse(argc, argv, &opts, err, sizeof err)) {
        say("%s", err);
        say_final(SAY_EXIT_WAIT_MS, "Try 'snmp_agent --help' for more information.");
        return 1;
    }
    if (opts.help) {
        fputs(agent_options_usage(), stdout);
        return 0;
    }
    say_set_quiet(opts.quiet);

    /* Before anything else can take time: a stop signal sent from now on
     * waits in the signalfd instead of killing the agent half-way. */
    if (install_signals() != 0) {
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: cannot install signal handlers");
        return 1;
    }
    say_open();
    raise_fd_limit(opts.max_clients);

    int listen_fd = listener_open(opts.bind_address, opts.port, err, sizeof err);
    if (listen_fd < 0) {
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
        return 1;
    }
    say("SNMP Agent listening on port %u...", (unsigned)opts.port);

    server_config config = {.timeout_ms = opts.timeout_ms, .max_clients = opts.max_clients};
    server *srv = server_create(listen_fd, &config, err, sizeof err);
    int status = srv ? server_run(srv, err, sizeof err) : -1;
    /* The sockets are closed first, so the port is free while the last
     * line waits for stdout. */
    if (srv)
        server_destroy(srv);
    close(listen_fd);
    if (status != 0)
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
    else
        say_final(SAY_EXIT_WAIT_MS, "Shutting down...");
    return status == 0 ? 0 : 1;
}
