/*
 * The seed protocol: stream framer (PROTOCOL.md s.5): bytes arrive in chunks of any size, whole
 * messages come out. The framer owns no memory: the caller attaches storage
 * of at least SNMP_MAX_MESSAGE_SIZE bytes, and the framer never holds more
 * than that, so one connection never buffers more than one maximum-size
 * message of input.
 *
 * Two ways to put bytes in:
 *   - snmp_framer_feed() copies from a chunk the caller already has;
 *   - snmp_framer_space() + snmp_framer_commit() let the caller read(2)
 *     straight into the storage, with no copy.
 * snmp_framer_wanted() says how many bytes the current message still lacks,
 * for a reader that must never take bytes beyond the current message.
 *
 * A size field out of 9..65536 is refused as soon as its four bytes are in.
 * After that the framer is failed for good: the stream has lost its framing.
 */
#ifndef SNMP_FRAMER_H
#define SNMP_FRAMER_H

#include <stdbool.h>

#include "snmp/refusal.h"
#include "snmp/status.h"

typedef struct snmp_framer {
    uint8_t *storage;
    size_t cap;
    size_t start;   /* first byte not yet handed out by snmp_framer_next */
    size_t end;     /* one past the last byte held */
    bool failed;
} snmp_framer;

/*
 * Starts an empty framer over storage[0 .. cap). storage may be NULL (cap 0)
 * while nothing is buffered: snmp_framer_space() then offers no room and
 * snmp_framer_feed() takes nothing, so a caller can attach storage lazily.
 * A message larger than cap cannot complete: a caller either gives at least
 * SNMP_MAX_MESSAGE_SIZE, or starts smaller and moves to larger storage
 * (snmp_framer_move_storage) once snmp_framer_buffered() +
 * snmp_framer_wanted() passes cap.
 */
void snmp_framer_init(snmp_framer *framer, uint8_t *storage, size_t cap);

/*
 * Replaces the storage of a framer that holds no bytes (snmp_framer_buffered
 * is 0). Returns false, changing nothing, if bytes are held.
 */
bool snmp_framer_set_storage(snmp_framer *framer, uint8_t *storage, size_t cap);

/*
 * Moves the bytes held to storage[0 .. cap), which replaces the old storage
 * (the caller may free that afterwards); views from snmp_framer_next end.
 * Returns false, changing nothing, if cap < snmp_framer_buffered() or
 * storage is NULL.
 */
bool snmp_framer_move_storage(snmp_framer *framer, uint8_t *storage, size_t cap);

/*
 * Where the caller may write newly received bytes, and how many (*space).
 * May move held bytes to the front of the storage, which ends the validity of
 * views returned by snmp_framer_next. *space is 0 when full, when no storage
 * is attached, or once the framer has failed.
 */
uint8_t *snmp_framer_space(snmp_framer *framer, size_t *space);

/* Records that n bytes were written at snmp_framer_space(); n <= *space. */
void snmp_framer_commit(snmp_framer *framer, size_t n);

/*
 * Copies as much of data[0 .. len) as fits and returns how many bytes were
 * taken. Call snmp_framer_next until it stops returning SNMP_OK, then feed
 * the rest.
 */
size_t snmp_framer_feed(snmp_framer *framer, const uint8_t *data, size_t len);

/*
 * Hands out the next whole message, if one is held.
 * Returns SNMP_OK with msg and msg_len set to a view into the storage (valid
 * until the next space, commit or feed call); SNMP_INCOMPLETE when more bytes
 * are needed; SNMP_MALFORMED when the size field is out of range (and for
 * every call after that). *msg is NULL and *msg_len 0 unless SNMP_OK.
 */
SNMP_MUST_USE snmp_status snmp_framer_next(snmp_framer *framer, const uint8_t **msg,
                                           size_t *msg_len);

/*
 * How many more bytes the current message needs before snmp_framer_next can
 * return it: first up to 4 (the size field), then total_size minus what is
 * held. 0 when a whole message is already held or the framer has failed.
 */
size_t snmp_framer_wanted(const snmp_framer *framer);

/*
 * Bytes held that snmp_framer_next has not handed out. Non-zero at end of
 * stream means the stream ended in the middle of a message.
 */
size_t snmp_framer_buffered(const snmp_framer *framer);

/*
 * Why the framer failed (issue 9): SNMP_REASON_SIZE_OUT_OF_RANGE with the
 * refused size field as detail and offset 0 (the field starts the message
 * it was to frame); SNMP_REASON_NONE while it has not failed.
 */
snmp_refusal snmp_framer_why(const snmp_framer *framer);

#endif
