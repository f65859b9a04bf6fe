#include "snmp/set.h"

#include "mib_index.h"
#include "snmp/utf8.h"

/*
 * The row whose syntax a SET of name must follow: the row itself when it
 * exists and is writable, else a writable row of the same object type (the
 * instance may then only be missing: noCreation). NULL: notWritable.
 */
static const snmp_mib_row *writable_model(const snmp_mib *mib, long row, const uint32_t *name,
                                          size_t name_len)
{
    if (row >= 0) {
        const snmp_mib_row *own = snmp_mib_row_at(mib, (size_t)row);
        return own->writable ? own : NULL;
    }
    /* A name of no arcs has no object type. */
    if (name_len == 0)
        return NULL;
    long type = mib_find_type(mib, name, name_len - 1);
    if (type < 0)
        return NULL;
    const snmp_mib_row *sibling = snmp_mib_row_at(mib, mib->types[type]);
    return sibling->writable ? sibling : NULL;
}

/* wrongLength and wrongValue for a value of the right (writable) type. */
static snmp_set_failure value_fits(const snmp_smi *value)
{
    switch (value->type) {
    case SNMP_SMI_OCTET_STRING:
        if (value->len > SNMP_DISPLAY_STRING_MAX)
            return SNMP_SET_WRONG_LENGTH;
        return snmp_utf8_valid(value->bytes, value->len) ? SNMP_SET_OK : SNMP_SET_WRONG_VALUE;
    case SNMP_SMI_IPADDRESS:
        return value->len == 4 ? SNMP_SET_OK : SNMP_SET_WRONG_LENGTH;
    case SNMP_SMI_COUNTER32:
    case SNMP_SMI_GAUGE32:
    case SNMP_SMI_TIMETICKS:
        return value->number <= UINT32_MAX ? SNMP_SET_OK : SNMP_SET_WRONG_VALUE;
    default:   /* INTEGER: every int32_t is a value */
        return SNMP_SET_OK;
    }
}

snmp_set_failure snmp_set_check(const snmp_mib *mib, const uint32_t *name, size_t name_len,
                                const snmp_smi *value, snmp_set_step *step)
{
    long row = snmp_mib_find(mib, name, name_len);
    const snmp_mib_row *model = writable_model(mib, row, name, name_len);
    if (model == NULL)
        return SNMP_SET_NOT_WRITABLE;
    if (value->type != model->value.type)
        return SNMP_SET_WRONG_TYPE;
    snmp_set_failure fits = value_fits(value);
    if (fits != SNMP_SET_OK)
        return fits;
    if (row < 0)
        return SNMP_SET_NO_CREATION;
    step->value = *value;
    step->slot = (uint32_t)mib_slot_of(mib, (size_t)row);
    return SNMP_SET_OK;
}

void snmp_set_apply(snmp_mib *mib, const snmp_set_step *steps, size_t count)
{
    for (size_t i = 0; i < count; i++)
        mib_slot_store(&mib->slots[steps[i].slot], &steps[i].value);
}

const char *snmp_set_failure_name(snmp_set_failure failure)
{
    switch (failure) {
    case SNMP_SET_OK:
        return "ok";
    case SNMP_SET_NOT_WRITABLE:
        return "notWritable";
    case SNMP_SET_WRONG_TYPE:
        return "wrongType";
    case SNMP_SET_WRONG_LENGTH:
        return "wrongLength";
    case SNMP_SET_WRONG_VALUE:
        return "wrongValue";
    case SNMP_SET_NO_CREATION:
        return "noCreation";
    default:
        return "unknown";
    }
}
