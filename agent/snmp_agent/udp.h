/*
 * SNMP over UDP (SNMP.md s.1): one request per datagram, one reply datagram
 * to its sender. The socket is one more entry of the event loop's epoll set;
 * on readiness udp_serve() receives a batch with recvmmsg, has the handler
 * answer each datagram, and sends the answers with sendmmsg. It never
 * blocks: a reply the kernel cannot take now is dropped and counted.
 */
#ifndef AGENT_UDP_H
#define AGENT_UDP_H

#include <stddef.h>
#include <stdint.h>

enum {
    /* SNMP.md s.2: the largest message over UDP, in and out. A datagram
     * above it arrives truncated (MSG_TRUNC) and is refused. */
    UDP_MAX_MESSAGE = 65507,
    /* Datagrams per recvmmsg/sendmmsg call. */
    UDP_BATCH = 16,
    /* Fairness with TCP clients: at most this many batches per readiness
     * event; the rest waits for the next loop turn (the socket stays ready). */
    UDP_BATCHES_PER_TURN = 4
};

/* What the endpoint does with the datagrams it receives (the SNMP responder). */
typedef struct udp_handler {
    /* Answers msg[0 .. len) into out[0 .. cap) (cap is UDP_MAX_MESSAGE);
     * returns the answer's length, 0 for no answer. */
    size_t (*answer)(void *ctx, const uint8_t *msg, size_t len, uint8_t *out, size_t cap);
    /* Counts a datagram refused before it was handed to answer (above
     * UDP_MAX_MESSAGE bytes, so truncated). */
    void (*refuse)(void *ctx);
    void *ctx;
} udp_handler;

typedef struct udp_endpoint udp_endpoint;

/* Prepares the endpoint over a bound non-blocking UDP socket (not owned);
 * allocates its batch buffers once. NULL if out of memory. */
udp_endpoint *udp_create(int fd, const udp_handler *handler);

/* Receives, answers and sends up to UDP_BATCHES_PER_TURN batches. */
void udp_serve(udp_endpoint *u);

/* Answers that could not be sent now and were dropped, so far. */
unsigned long long udp_dropped_replies(const udp_endpoint *u);

/* Datagrams refused as above UDP_MAX_MESSAGE bytes, so far. */
unsigned long long udp_refused(const udp_endpoint *u);

/* Frees the endpoint (not its socket). NULL is a no-op. */
void udp_destroy(udp_endpoint *u);

#endif
