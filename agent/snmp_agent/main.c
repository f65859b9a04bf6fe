/*
 * snmp_agent: the daemon. Parses the command line, opens the listening
 * socket, and hands it to the event loop until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "client_cap.h"
#include "listener.h"
#include "options.h"
#include "say.h"
#include "server.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

/* Blocks SIGINT and SIGTERM except while the loop waits (see server_run),
 * and ignores SIGPIPE: a client that vanishes must not kill the agent. */
static int install_signals(sigset_t *run_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return -1;
    signal(SIGPIPE, SIG_IGN);

    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &blocked, run_mask) != 0)
        return -1;
    sigdelset(run_mask, SIGINT);
    sigdelset(run_mask, SIGTERM);
    return 0;
}

int main(int argc, char **argv)
{
    agent_options opts;
    char err[256];
    if (!agent_options_parse(argc, argv, &opts, err, sizeof err)) {
        say("%s", err);
        fputs("Try 'snmp_agent --help' for more information.\n", stdout);
        return 1;
    }
    if (opts.help) {
        fputs(agent_options_usage(), stdout);
        return 0;
    }
    say_set_quiet(opts.quiet);

    sigset_t run_mask;
    if (install_signals(&run_mask) != 0) {
        say("Fatal error: cannot install signal handlers");
        return 1;
    }
    client_caps caps;
    bool caps_fit = client_caps_fit(opts.max_clients, opts.max_clients_given, &caps, err,
                                    sizeof err);
    if (err[0] != '\0')
        say("%s", err);
    if (!caps_fit)
        return 1;

    int listen_fd = listener_open(opts.bind_address, opts.port, err, sizeof err);
    if (listen_fd < 0) {
        say("Fatal error: %s", err);
        return 1;
    }
    say("SNMP Agent listening on port %u...", (unsigned)opts.port);

    server_config config = {.timeout_ms = opts.timeout_ms,
                            .max_clients = caps.max_clients,
                            .max_lingering = caps.max_lingering};
    server *srv = server_create(listen_fd, &config, err, sizeof err);
    int status = srv ? server_run(srv, &stop_requested, &run_mask, err, sizeof err) : -1;
    if (status != 0)
        say("Fatal error: %s", err);
    else
        say("Shutting down...");
    if (srv) {
        unsigned long long evicted = server_evictions(srv);
        if (evicted > 0)
            say_client("%llu connections were closed to make room for new ones", evicted);
        server_destroy(srv);
    }
    close(listen_fd);
    return status == 0 ? 0 : 1;
}
