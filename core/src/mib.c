#include "snmp/mib.h"

#include <string.h>

#include "snmp/handler.h"
#include "snmp/oid.h"
#include "wire.h"

static bool is_integer_type(uint8_t type)
{
    return type == SNMP_TYPE_INTEGER || type == SNMP_TYPE_COUNTER || type == SNMP_TYPE_TIMETICKS;
}

static bool object_valid(const snmp_mib_object *obj)
{
    if (!snmp_type_known(obj->type))
        return false;
    if (obj->is_uptime && (obj->writable || obj->type != SNMP_TYPE_TIMETICKS))
        return false;
    if (obj->type == SNMP_TYPE_STRING) {
        if (obj->string == NULL && obj->string_len > 0)
            return false;
        if (obj->writable && obj->string_len > SNMP_MIB_STRING_MAX)
            return false;
    }
    return true;
}

/* FNV-1a over the OID's bytes: a few instructions per byte, and it spreads
 * OIDs that differ only in their last arc (most of a MIB's) apart. */
static uint32_t oid_hash(const uint8_t *oid, size_t oid_len)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < oid_len; i++) {
        hash ^= oid[i];
        hash *= 16777619u;
    }
    return hash;
}

static size_t index_start(const uint8_t *oid, size_t oid_len)
{
    return oid_hash(oid, oid_len) & (SNMP_MIB_INDEX_SIZE - 1);
}

static size_t index_next(size_t at)
{
    return (at + 1) & (SNMP_MIB_INDEX_SIZE - 1);
}

/* Object i's OID is new (the table is sorted without repeats, checked
 * before this): it takes the first empty entry of its probe sequence. */
static void index_insert(snmp_mib *mib, size_t i)
{
    const snmp_mib_object *obj = &mib->objects[i];
    size_t at = index_start(obj->oid, obj->oid_len);
    while (mib->index[at] != 0)
        at = index_next(at);
    mib->index[at] = (uint16_t)(i + 1);
}

snmp_status snmp_mib_init(snmp_mib *mib, const snmp_mib_object *table, size_t count,
                          uint64_t now_ticks)
{
    memset(mib, 0, sizeof *mib);
    /* The index must stay at most half full (and object indexes fit the
     * 16 bits of the index and of snmp_set_plan). */
    if (count > SNMP_MIB_MAX_OBJECTS)
        return SNMP_LIMIT;
    for (size_t i = 0; i < count; i++) {
        const snmp_mib_object *obj = &table[i];
        if (!object_valid(obj))
            return SNMP_MALFORMED;
        /* Strictly increasing: no OID twice (the index would find only one
         * of them), and the table in the order mib.tsv and GETs show it. */
        if (i > 0 && snmp_oid_compare(table[i - 1].oid, table[i - 1].oid_len, obj->oid,
                                      obj->oid_len) >= 0)
            return SNMP_MALFORMED;
        if (!obj->writable)
            continue;
        if (mib->slot_count == SNMP_MIB_MAX_WRITABLE)
            return SNMP_LIMIT;
        snmp_mib_slot *slot = &mib->slots[mib->slot_count];
        slot->number = obj->number;
        if (obj->type == SNMP_TYPE_STRING) {
            slot->len = (uint8_t)obj->string_len;
            if (obj->string_len > 0)
                memcpy(slot->bytes, obj->string, obj->string_len);
        }
        mib->slot_of[i] = (uint8_t)mib->slot_count++;
    }
    mib->objects = table;
    mib->count = count;
    mib->start_ticks = now_ticks;
    for (size_t i = 0; i < count; i++)
        index_insert(mib, i);
    return SNMP_OK;
}

long snmp_mib_find(const snmp_mib *mib, const uint8_t *oid, size_t oid_len)
{
    /* Never more than half full, so an empty entry ends every search. */
    for (size_t at = index_start(oid, oid_len); mib->index[at] != 0; at = index_next(at)) {
        size_t i = (size_t)mib->index[at] - 1;
        const snmp_mib_object *obj = &mib->objects[i];
        if (obj->oid_len == oid_len && memcmp(obj->oid, oid, oid_len) == 0)
            return (long)i;
    }
    return -1;
}

_Static_assert(SNMP_MIB_MAX_WRITABLE <= 256, "slot_of holds slot numbers in a uint8_t");
_Static_assert(SNMP_MIB_MAX_OBJECTS < 65536, "the index holds 1 + an object index in 16 bits");

/* The slot of a writable object. */
static size_t slot_of_object(const snmp_mib *mib, size_t index)
{
    return mib->slot_of[index];
}

void snmp_mib_read(const snmp_mib *mib, size_t index, uint64_t now_ticks, snmp_mib_value *out)
{
    const snmp_mib_object *obj = &mib->objects[index];
    out->type = obj->type;
    if (is_integer_type(obj->type)) {
        uint32_t number = obj->number;
        if (obj->is_uptime)
            number = (uint32_t)(now_ticks - mib->start_ticks);   /* mod 2^32 by design */
        else if (obj->writable)
            number = mib->slots[slot_of_object(mib, index)].number;
        snmp_value_put_u32(out->number, number);
        out->bytes = out->number;
        out->len = SNMP_INTEGER_LEN;
    } else if (obj->writable) {
        const snmp_mib_slot *slot = &mib->slots[slot_of_object(mib, index)];
        out->bytes = slot->bytes;
        out->len = slot->len;
    } else {
        out->bytes = (const uint8_t *)obj->string;
        out->len = obj->string_len;
    }
}

/* Length of an object's current value, without building it. */
static size_t value_len(const snmp_mib *mib, size_t index)
{
    const snmp_mib_object *obj = &mib->objects[index];
    if (is_integer_type(obj->type))
        return SNMP_INTEGER_LEN;
    if (obj->writable)
        return mib->slots[slot_of_object(mib, index)].len;
    return obj->string_len;
}

snmp_status snmp_mib_get(const snmp_mib *mib, const snmp_message *request, uint64_t now_ticks,
                         uint8_t *out, size_t cap, size_t *out_len)
{
    *out_len = 0;
    uint16_t found[SNMP_MAX_BINDINGS];
    size_t count = request->count;

    /* Pass 1: every OID must exist and the whole answer must fit the
     * protocol, before a single byte of it is written. */
    size_t size = SNMP_RESPONSE_HEADER_SIZE;
    for (size_t i = 0; i < count; i++) {
        const snmp_binding *b = &request->bindings[i];
        long index = snmp_mib_find(mib, b->oid, b->oid_len);
        if (index < 0)
            return snmp_error_response(request->request_id, (uint8_t)SNMP_ERR_NO_SUCH_OID, out, cap, out_len);
        found[i] = (uint16_t)index;
        size += wire_binding_size(b->oid_len, value_len(mib, (size_t)index));
    }
    if (size > SNMP_MAX_MESSAGE_SIZE)
        return snmp_error_response(request->request_id, (uint8_t)SNMP_ERR_TOO_BIG, out, cap, out_len);
    if (size > cap)
        return SNMP_NO_SPACE;

    uint8_t *p = wire_put_response_header(out, (uint32_t)size, request->request_id,
                                          SNMP_ERR_SUCCESS, (uint8_t)count);
    for (size_t i = 0; i < count; i++) {
        const snmp_mib_object *obj = &mib->objects[found[i]];
        snmp_mib_value value;
        snmp_mib_read(mib, found[i], now_ticks, &value);
        p = wire_put_binding(p, obj->oid, obj->oid_len, value.type, value.bytes, value.len);
    }
    *out_len = size;
    return SNMP_OK;
}

snmp_error snmp_mib_set_validate(const snmp_mib *mib, const snmp_message *request,
                                 snmp_set_plan *plan)
{
    plan->count = 0;
    size_t count = request->count;
    for (size_t i = 0; i < count; i++) {
        const snmp_binding *b = &request->bindings[i];
        long index = snmp_mib_find(mib, b->oid, b->oid_len);
        if (index < 0)
            return SNMP_ERR_NO_SUCH_OID;
        const snmp_mib_object *obj = &mib->objects[index];
        if (!obj->writable)
            return SNMP_ERR_READ_ONLY;
        if (b->type != obj->type)
            return SNMP_ERR_BAD_VALUE;
        struct snmp_set_step *step = &plan->steps[i];
        step->slot = (uint16_t)slot_of_object(mib, (size_t)index);
        if (obj->type == SNMP_TYPE_STRING) {
            if (b->value_len > SNMP_MIB_STRING_MAX)
                return SNMP_ERR_BAD_VALUE;
            step->bytes = b->value;
            step->len = (uint8_t)b->value_len;
            step->number = 0;
        } else {
            /* A caller-built message may not have passed snmp_msg_unpack. */
            if (b->value_len != SNMP_INTEGER_LEN)
                return SNMP_ERR_BAD_VALUE;
            step->bytes = NULL;
            step->len = 0;
            step->number = snmp_value_get_u32(b->value);
        }
    }
    plan->count = (uint8_t)count;
    return SNMP_ERR_SUCCESS;
}

void snmp_mib_set_apply(snmp_mib *mib, const snmp_set_plan *plan)
{
    for (size_t i = 0; i < plan->count; i++) {
        const struct snmp_set_step *step = &plan->steps[i];
        snmp_mib_slot *slot = &mib->slots[step->slot];
        slot->number = step->number;
        slot->len = step->len;
        if (step->len > 0)
            memcpy(slot->bytes, step->bytes, step->len);
    }
}
