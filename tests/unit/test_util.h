/*
 * Shared pieces of the unit tests: guarded buffers (any read or write past
 * the end faults at once), a tiny big-endian message builder, golden-vector
 * loading, and a case-reporting check for table-driven tests.
 *
 * Include after <stdarg.h>, <stddef.h>, <stdint.h>, <setjmp.h> and <cmocka.h>.
 */
#ifndef SNMP_TEST_UTIL_H
#define SNMP_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snmp/message.h"
#include "snmp/mib.h"

/*
 * Table-driven check: on failure names the case and the condition, then fails
 * the current test.
 */
#define CHECK_CASE(cond, name)                                                  \
    do {                                                                        \
        if (!(cond)) {                                                          \
            print_error("case '%s': check failed: %s\n", (name), #cond);        \
            fail();                                                             \
        }                                                                       \
    } while (0)

/*
 * A guarded buffer: len bytes placed so that the last one is the last byte of
 * a readable, writable page and the next page is PROT_NONE. Reading or writing
 * one byte past the end crashes the test. len 0 gives a pointer right at the
 * boundary.
 */
typedef struct guarded_buf {
    uint8_t *map;
    size_t map_len;
    uint8_t *data;
    size_t len;
} guarded_buf;

/* Maps a guarded buffer of len bytes (contents 0xA5). Fails the test on error. */
uint8_t *guarded_alloc(guarded_buf *g, size_t len);
/* Maps a guarded buffer holding a copy of src[0 .. len). */
const uint8_t *guarded_copy(guarded_buf *g, const void *src, size_t len);
void guarded_free(guarded_buf *g);

/* Message builder over caller storage; overflow fails the test. */
typedef struct msg_builder {
    uint8_t *buf;
    size_t cap;
    size_t len;
} msg_builder;

void mb_init(msg_builder *b, uint8_t *buf, size_t cap);
void mb_u8(msg_builder *b, uint8_t v);
void mb_u16(msg_builder *b, uint16_t v);
void mb_u32(msg_builder *b, uint32_t v);
void mb_bytes(msg_builder *b, const void *p, size_t n);
void mb_fill(msg_builder *b, uint8_t byte, size_t n);
/* Starts a message: a placeholder size, request_id and pdu_type. */
void mb_header(msg_builder *b, uint32_t request_id, uint8_t pdu_type);
/* Writes oid_len and the encoding of dotted text (fails the test if invalid). */
void mb_oid_text(msg_builder *b, const char *text);
/* Writes a whole binding: OID text, type, 16-bit length, payload. */
void mb_binding(msg_builder *b, const char *oid_text, uint8_t type, const void *value,
                size_t value_len);
/* Patches total_size with the current length and returns it. */
size_t mb_finish(msg_builder *b);

/* Encodes dotted text with the core codec into out (cap >= 255); fails on error. */
size_t oid_enc(const char *text, uint8_t *out);

/* Reads the whole file at path into out; returns its size, failing the
 * test if it is missing or larger than cap. */
size_t load_file(const char *path, uint8_t *out, size_t cap);

/*
 * Reads corpus/msg_unpack/<name> (SNMP_CORPUS_DIR) into out; returns the
 * size, failing the test if the file is missing or larger than cap.
 */
size_t load_golden(const char *name, uint8_t *out, size_t cap);

/* Deterministic xorshift32 for pseudo-random splits. */
uint32_t xorshift32(uint32_t *state);

/* Fills a binding from parts. */
void set_binding(snmp_binding *bind, const uint8_t *oid, size_t oid_len, uint8_t type,
                 const uint8_t *value, size_t value_len);

/*
 * The default MIB (mib.tsv) over an arena the test program keeps (one for
 * all callers: one default MIB at a time). Returns snmp_mib_init's status.
 */
snmp_status default_mib_init(snmp_mib *mib, uint64_t now_ticks);

/*
 * The MIB's whole state, its arena included (a memcmp of the struct alone
 * would only compare pointers): saved aside, then compared with the saved
 * copy.
 */
void mib_state_save(const snmp_mib *mib);
bool mib_state_unchanged(const snmp_mib *mib);

/* The five golden vectors of PROTOCOL.md s.6. */
#define GOLDEN_GET_REQUEST_1234 "golden-get-request-1234.bin"
#define GOLDEN_SET_REQUEST_1 "golden-set-request-1.bin"
#define GOLDEN_GET_RESPONSE_1234 "golden-get-response-1234-test.bin"
#define GOLDEN_GET_REQUEST_EMPTY "golden-get-request-empty.bin"
#define GOLDEN_NO_SUCH_OID_7 "golden-get-response-7-no-such-oid.bin"

/* sysName and friends, as dotted text. */
#define OID_SYS_DESCR "1.3.6.1.2.1.1.1.0"
#define OID_SYS_OBJECT_ID "1.3.6.1.2.1.1.2.0"
#define OID_SYS_UPTIME "1.3.6.1.2.1.1.3.0"
#define OID_SYS_CONTACT "1.3.6.1.2.1.1.4.0"
#define OID_SYS_NAME "1.3.6.1.2.1.1.5.0"
#define OID_SYS_LOCATION "1.3.6.1.2.1.1.6.0"
#define OID_SYS_SERVICES "1.3.6.1.2.1.1.7.0"
#define OID_IF_ALIAS_1 "1.3.6.1.2.1.2.2.1.18.1"
#define OID_IF_ALIAS_2 "1.3.6.1.2.1.2.2.1.18.2"
#define OID_IF_ALIAS_3 "1.3.6.1.2.1.2.2.1.18.3"
#define OID_IF_IN_OCTETS_1 "1.3.6.1.2.1.2.2.1.10.1"
#define OID_IF_LAST_CHANGE_1 "1.3.6.1.2.1.2.2.1.9.1"
#define OID_UNKNOWN "1.3.6.1.2.1.1.99.0"

#endif
