/*
 * The network fuzzer's requests (ci/netfuzz): valid SNMP and seed-protocol
 * requests, and seeded, bounded mutations of them. Everything here is a
 * pure function of its random generator's state, so a seed and a burst
 * number give the same bytes again.
 */
#ifndef NETFUZZ_GEN_H
#define NETFUZZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, and good enough to pick mutations. */
typedef struct nf_rng {
    uint64_t s;
} nf_rng;

/* A generator for (seed, stream): each burst gets its own stream. */
nf_rng nf_rng_of(uint64_t seed, uint64_t stream);
/* The next 64 random bits. */
uint64_t nf_next(nf_rng *r);
/* Uniform in 0 .. n-1 (n > 0). */
uint32_t nf_below(nf_rng *r, uint32_t n);
/* True with probability 1/n. */
bool nf_one_in(nf_rng *r, uint32_t n);

enum {
    NF_MAX_BASES = 128,    /* valid requests to mutate */
    NF_MAX_VBS = 12000,    /* varbinds of one message (7 bytes each fill 65535 ones) */
    NF_MAX_OUT = 70000     /* largest message made: 65535 + a few past it */
};

/* One message: bytes the caller frees with free(). */
typedef struct nf_message {
    uint8_t *bytes;
    size_t len;
    uint32_t how;   /* NF_HOW_* bits: what made it (for the summary and the repro file) */
} nf_message;

enum {
    NF_HOW_VERBATIM = 1u << 0,
    NF_HOW_STRUCTURE = 1u << 1,   /* length forms, varbinds spliced, fields replaced */
    NF_HOW_BYTES = 1u << 2,       /* bit flips, byte values, inserts, deletes, truncation */
    NF_HOW_SIZED = 1u << 3,       /* grown to a size limit */
    NF_HOW_SEED = 1u << 4         /* a seed-protocol request */
};

/* The valid requests: captured ones read from files and our own. */
typedef struct nf_bases nf_bases;

/* Empty set of bases (NULL when out of memory). */
nf_bases *nf_bases_new(void);
/* Frees b and every base in it (NULL is a no-op). */
void nf_bases_free(nf_bases *b);

/* Adds one SNMP request; false if it is not a v1/v2c request this fuzzer
 * can take apart (the caller says which file). The bytes are copied. */
bool nf_bases_add_snmp(nf_bases *b, const uint8_t *msg, size_t len);

/* Adds the requests built here: GET, GETNEXT, GETBULK and SET, v1 and v2c,
 * communities public and private; and the seed protocol's GET and SET. */
bool nf_bases_add_builtin(nf_bases *b);

/* How many SNMP and seed bases there are. */
size_t nf_bases_snmp_count(const nf_bases *b);
size_t nf_bases_seed_count(const nf_bases *b);

/*
 * One SNMP request for a transport whose largest message is limit bytes
 * (65507 for UDP over IPv4, 65527 over IPv6, 65535 for TCP): a base, mostly
 * mutated, sometimes grown to near limit (or near 484 or 1472), sometimes
 * past it. valid_only: only changes that keep it a request the agent
 * answers (a fresh request-id, varbinds spliced, repeated, dropped or
 * swapped, non-minimal length forms, grown up to limit), for the
 * pipelined requests of a TCP connection before its broken ones: the
 * agent closes a connection at the first message it refuses. false only
 * when out of memory.
 */
bool nf_make_snmp(nf_bases *b, nf_rng *r, size_t limit, bool valid_only, nf_message *out);

/* One seed-protocol request: valid with a fresh request_id, or (unless
 * valid_only) sometimes mutated. */
bool nf_make_seed(nf_bases *b, nf_rng *r, bool valid_only, nf_message *out);

/* GetRequest v2c "public" for sysDescr.0 with this request-id, and the
 * exact Response the default MIB gives. Return the sizes (0: no room). */
size_t nf_sysdescr_get(int32_t request_id, uint8_t *out, size_t cap);
size_t nf_sysdescr_answer(int32_t request_id, uint8_t *out, size_t cap);

#endif
