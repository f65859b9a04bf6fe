#include "set_value.h"

#include <stdbool.h>
#include <string.h>

#include "text.h"

/* Magnitudes are only ever compared with 2^32 - 1 or less; stopping once past
 * 2^32 keeps arbitrarily long digit strings from overflowing. */
static const uint64_t magnitude_cap = 4294967296u;

/* [+-]digits, nothing else. *magnitude saturates just above magnitude_cap. */
static bool parse_whole(const char *text, bool *negative, uint64_t *magnitude)
{
    size_t i = 0;
    *negative = false;
    *magnitude = 0;
    if (text[0] == '+' || text[0] == '-') {
        *negative = text[0] == '-';
        i = 1;
    }
    if (text[i] == '\0')
        return false;
    for (; text[i] != '\0'; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        if (*magnitude <= magnitude_cap)
            *magnitude = *magnitude * 10u + (uint64_t)(text[i] - '0');
    }
    return true;
}

static mgr_value_status convert_integer(mgr_value *value)
{
    bool negative;
    uint64_t magnitude;
    if (!parse_whole(value->text, &negative, &magnitude))
        return MGR_VALUE_NOT_NUMBER;
    int32_t number;
    if (negative) {
        if (magnitude > 2147483648u)
            return MGR_VALUE_OUT_OF_RANGE;
        number = (int32_t)(-(int64_t)magnitude);
    } else {
        if (magnitude > 2147483647u)
            return MGR_VALUE_OUT_OF_RANGE;
        number = (int32_t)magnitude;
    }
    snmp_value_put_i32(value->number, number);
    return MGR_VALUE_OK;
}

/* COUNTER and TIMETICKS: "-0" is zero, so a sign alone does not make a value negative. */
static mgr_value_status convert_unsigned(mgr_value *value)
{
    bool negative;
    uint64_t magnitude;
    if (!parse_whole(value->text, &negative, &magnitude))
        return MGR_VALUE_NOT_NUMBER;
    if (negative && magnitude > 0)
        return MGR_VALUE_NEGATIVE;
    if (magnitude > 4294967295u)
        return MGR_VALUE_OUT_OF_RANGE;
    snmp_value_put_u32(value->number, (uint32_t)magnitude);
    return MGR_VALUE_OK;
}

static mgr_value_status convert_string(const mgr_value *value)
{
    if (value->text_len > SNMP_MAX_VALUE_LEN)
        return MGR_VALUE_OUT_OF_RANGE;
    if (!snmp_utf8_valid((const uint8_t *)value->text, value->text_len))
        return MGR_VALUE_NOT_UTF8;
    return MGR_VALUE_OK;
}

static const struct {
    const char *word;
    uint8_t type;
} type_words[] = {
    {"integer", SNMP_TYPE_INTEGER},
    {"string", SNMP_TYPE_STRING},
    {"counter", SNMP_TYPE_COUNTER},
    {"timeticks", SNMP_TYPE_TIMETICKS},
};

const char *mgr_type_word(uint8_t type)
{
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++) {
        if (type_words[i].type == type)
            return type_words[i].word;
    }
    return "unknown";
}

mgr_value_status mgr_parse_value(const char *type_text, const char *value_text, mgr_value *value)
{
    memset(value, 0, sizeof *value);
    value->type_text = type_text;
    value->text = value_text;
    value->text_len = strlen(value_text);

    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++) {
        if (mgr_equal_nocase(type_text, type_words[i].word)) {
            value->type = type_words[i].type;
            break;
        }
    }
    switch (value->type) {
    case SNMP_TYPE_INTEGER:
        return convert_integer(value);
    case SNMP_TYPE_COUNTER:
    case SNMP_TYPE_TIMETICKS:
        return convert_unsigned(value);
    case SNMP_TYPE_STRING:
        return convert_string(value);
    default:
        return MGR_VALUE_BAD_TYPE;
    }
}

const uint8_t *mgr_value_payload(const mgr_value *value, size_t *len)
{
    if (value->type == SNMP_TYPE_STRING) {
        *len = value->text_len;
        return (const uint8_t *)value->text;
    }
    *len = SNMP_INTEGER_LEN;
    return value->number;
}

void mgr_print_value_error(FILE *out, mgr_value_status status, const mgr_value *value)
{
    const char *word = mgr_type_word(value->type);
    switch (status) {
    case MGR_VALUE_OK:
        return;
    case MGR_VALUE_BAD_TYPE:
        fputs("Error: Invalid value type '", out);
        mgr_print_echo(out, value->type_text, strlen(value->type_text));
        fputs("'. Must be one of: integer, string, counter, timeticks\n", out);
        return;
    case MGR_VALUE_NOT_NUMBER:
        fputs("Error: Cannot convert '", out);
        mgr_print_echo(out, value->text, value->text_len);
        fprintf(out, "' to %s\n", word);
        return;
    case MGR_VALUE_NEGATIVE:
        fputs(value->type == SNMP_TYPE_COUNTER ? "Error: Counter values must be >= 0\n"
                                               : "Error: Timeticks values must be >= 0\n",
              out);
        return;
    case MGR_VALUE_OUT_OF_RANGE:
        fprintf(out, "Error: Value out of range for %s\n", word);
        return;
    case MGR_VALUE_NOT_UTF8:
        fputs("Error: Value is not valid UTF-8\n", out);
        return;
    }
}
