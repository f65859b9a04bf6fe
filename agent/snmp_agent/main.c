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
    client_caps caps;
    bool caps_fit = client_caps_fit(opts.max_clients, opts.max_clients_given, &caps, err,
                                    sizeof err);
    if (!caps_fit) {
        say_final(SAY_EXIT_WAIT_MS, "%s", err);
        return 1;
    }
    if (err[0] != '\0')
        say("%s", err);

    /* The UDP socket is bound with the TCP one, so the port is the agent's
     * on both transports; the SNMP responder will serve it. */
    listener_sockets sockets;
    if (!listener_open(opts.bind_address, opts.port, &sockets, err, sizeof err)) {
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
        return 1;
    }
    int listen_fd = sockets.tcp_fd;
    say("SNMP Agent listening on port %u...", (unsigned)sockets.port);

    server_config config = {.timeout_ms = opts.timeout_ms,
                            .max_clients = caps.max_clients,
                            .max_lingering = caps.max_lingering};
    server *srv = server_create(listen_fd, &config, err, sizeof err);
    int status = srv ? server_run(srv, err, sizeof err) : -1;
    /* The sockets are closed first, so the port is free while the last
     * line waits for stdout. */
    if (srv) {
        unsigned long long evicted = server_evictions(srv);
        if (evicted > 0)
            say_client("%llu connections were closed to make room for new ones", evicted);
        server_destroy(srv);
    }
    listener_close(&sockets);
    if (status != 0)
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
    else
        say_final(SAY_EXIT_WAIT_MS, "Shutting down...");
    return status == 0 ? 0 : 1;
}
