/*
 * snmp_agent: the daemon. Parses the command line, opens the listening
 * socket, and hands it to the event loop until SIGINT or SIGTERM.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_cap.h"
#include "community_file.h"
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

_Static_assert((int)AGENT_COMMUNITY_MAX == (int)SNMP_COMMUNITY_MAX,
               "the options and the responder agree on the longest community");

/*
 * The SNMP communities: the command line's, the file's, or `public`
 * (SNMP.md s.3), as the responder takes them. NULL if out of memory.
 */
static snmp_community *gather_communities(const agent_options *opts, const community_list *file,
                                          size_t *count)
{
    size_t cap = opts->community_count + file->count + 1;
    agent_community *all = malloc(cap * sizeof *all);
    snmp_community *out = malloc(cap * sizeof *out);
    if (all != NULL && out != NULL) {
        *count = agent_options_communities(opts, file->items, file->count, all);
        for (size_t i = 0; i < *count; i++)
            out[i] = (snmp_community){all[i].name, all[i].len, all[i].can_write};
    } else {
        free(out);
        out = NULL;
    }
    free(all);
    return out;
}

/* Opens the port and serves until a stop signal; returns the exit status. */
static int serve(const agent_options *opts, const client_caps *caps,
                 const snmp_community *communities, size_t community_count)
{
    char err[256];
    listener_sockets sockets;
    if (!listener_open(opts->bind_address, opts->port, &sockets, err, sizeof err)) {
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
        return 1;
    }
    say("SNMP Agent listening on port %u...", (unsigned)sockets.port);

    server_config config = {.timeout_ms = opts->timeout_ms,
                            .max_clients = caps->max_clients,
                            .max_lingering = caps->max_lingering,
                            .communities = communities,
                            .community_count = community_count};
    server *srv = server_create(&sockets, &config, err, sizeof err);
    int status = srv ? server_run(srv, err, sizeof err) : -1;
    /* The sockets are closed first, so the port is free while the last
     * line waits for stdout. */
    if (srv) {
        unsigned long long evicted = server_evictions(srv);
        if (evicted > 0)
            say_client("%llu connections were closed to make room for new ones", evicted);
        unsigned long long dropped = server_udp_dropped(srv);
        if (dropped > 0)
            say_client("%llu SNMP replies over UDP could not be sent at once and were dropped",
                       dropped);
        server_destroy(srv);
    }
    listener_close(&sockets);
    if (status != 0)
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: %s", err);
    else
        say_final(SAY_EXIT_WAIT_MS, "Shutting down...");
    return status == 0 ? 0 : 1;
}

/* Signals, stdout, the client cap, then serve(). */
static int start(const agent_options *opts, const snmp_community *communities,
                 size_t community_count)
{
    char err[256];

    /* Before anything else can take time: a stop signal sent from now on
     * waits in the signalfd instead of killing the agent half-way. */
    if (install_signals() != 0) {
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: cannot install signal handlers");
        return 1;
    }
    say_open();
    client_caps caps;
    bool caps_fit = client_caps_fit(opts->max_clients, opts->max_clients_given, &caps, err,
                                    sizeof err);
    if (!caps_fit) {
        say_final(SAY_EXIT_WAIT_MS, "%s", err);
        return 1;
    }
    if (err[0] != '\0')
        say("%s", err);

    return serve(opts, &caps, communities, community_count);
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
    /* Before anything listens: a community file that is unsafe or wrong
     * stops the agent at once (exit 1, as a bad argument does). */
    community_list file = {NULL, 0, NULL};
    if (opts.community_file != NULL &&
        !community_file_load(opts.community_file, &file, err, sizeof err)) {
        say_final(SAY_EXIT_WAIT_MS, "%s", err);
        return 1;
    }
    size_t community_count = 0;
    snmp_community *communities = gather_communities(&opts, &file, &community_count);
    if (communities == NULL) {
        community_list_free(&file);
        say_final(SAY_EXIT_WAIT_MS, "Fatal error: out of memory");
        return 1;
    }
    int status = start(&opts, communities, community_count);
    free(communities);
    community_list_free(&file);
    return status;
}
