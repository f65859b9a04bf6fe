#include "snmp/framer.h"

#include <string.h>

#include "snmp/message.h"

enum { SIZE_FIELD_LEN = 4 };

void snmp_framer_init(snmp_framer *framer, uint8_t *storage, size_t cap)
{
    framer->storage = storage;
    framer->cap = storage ? cap : 0;
    framer->start = 0;
    framer->end = 0;
    framer->failed = false;
}

bool snmp_framer_set_storage(snmp_framer *framer, uint8_t *storage, size_t cap)
{
    if (framer->end != framer->start)
        return false;
    framer->storage = storage;
    framer->cap = storage ? cap : 0;
    framer->start = 0;
    framer->end = 0;
    return true;
}

bool snmp_framer_move_storage(snmp_framer *framer, uint8_t *storage, size_t cap)
{
    size_t held = framer->end - framer->start;
    if (storage == NULL || cap < held)
        return false;
    /* held > 0 implies the old storage is not NULL. */
    if (held > 0)
        memcpy(storage, framer->storage + framer->start, held);
    framer->storage = storage;
    framer->cap = cap;
    framer->start = 0;
    framer->end = held;
    return true;
}

uint8_t *snmp_framer_space(snmp_framer *framer, size_t *space)
{
    *space = 0;
    if (framer->failed || framer->storage == NULL)
        return NULL;
    /* Move the unfinished message to the front so that a maximum-size
     * message always fits once its first byte is in. */
    if (framer->start > 0) {
        /* Never empty here: snmp_framer_next rewinds an emptied framer. */
        size_t held = framer->end - framer->start;
        memmove(framer->storage, framer->storage + framer->start, held);
        framer->start = 0;
        framer->end = held;
    }
    *space = framer->cap - framer->end;
    return framer->storage + framer->end;
}

void snmp_framer_commit(snmp_framer *framer, size_t n)
{
    framer->end += n;
}

size_t snmp_framer_feed(snmp_framer *framer, const uint8_t *data, size_t len)
{
    size_t space;
    uint8_t *dst = snmp_framer_space(framer, &space);
    size_t take = len < space ? len : space;
    if (take > 0) {
        memcpy(dst, data, take);
        snmp_framer_commit(framer, take);
    }
    return take;
}

/* The current message's size field; the caller has checked its four bytes are held. */
static uint32_t current_size(const snmp_framer *framer)
{
    return snmp_msg_peek_size(framer->storage + framer->start);
}

snmp_status snmp_framer_next(snmp_framer *framer, const uint8_t **msg, size_t *msg_len)
{
    *msg = NULL;
    *msg_len = 0;
    if (framer->failed)
        return SNMP_MALFORMED;
    size_t held = framer->end - framer->start;
    if (held < SIZE_FIELD_LEN)
        return SNMP_INCOMPLETE;
    uint32_t size = current_size(framer);
    if (!snmp_msg_size_in_range(size)) {
        framer->failed = true;
        return SNMP_MALFORMED;
    }
    if (held < size)
        return SNMP_INCOMPLETE;
    *msg = framer->storage + framer->start;
    *msg_len = size;
    framer->start += size;
    if (framer->start == framer->end) {
        /* Empty again: the next message starts at the front, no move needed. */
        framer->start = 0;
        framer->end = 0;
    }
    return SNMP_OK;
}

size_t snmp_framer_wanted(const snmp_framer *framer)
{
    if (framer->failed)
        return 0;
    size_t held = framer->end - framer->start;
    if (held < SIZE_FIELD_LEN)
        return SIZE_FIELD_LEN - held;
    uint32_t size = current_size(framer);
    if (!snmp_msg_size_in_range(size) || held >= size)
        return 0;
    return size - held;
}

size_t snmp_framer_buffered(const snmp_framer *framer)
{
    return framer->end - framer->start;
}

snmp_refusal snmp_framer_why(const snmp_framer *framer)
{
    snmp_refusal why = {SNMP_REASON_NONE, 0, 0};
    if (framer->failed) {
        /* A failed framer keeps the refused size field at start: it is never
         * handed out, and nothing more is taken in. */
        why.reason = SNMP_REASON_SIZE_OUT_OF_RANGE;
        why.detail = current_size(framer);
    }
    return why;
}
