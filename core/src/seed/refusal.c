#include "snmp/refusal.h"

/*
 * A bounded writer: counts every byte of the phrase, stores only those that
 * fit before the NUL. The core has no snprintf (it imports only the mem*
 * functions), so digits are written here.
 */
typedef struct text_out {
    char *out;
    size_t cap;
    size_t len;
} text_out;

static void put_char(text_out *t, char c)
{
    if (t->len + 1 < t->cap)
        t->out[t->len] = c;
    t->len++;
}

static void put_str(text_out *t, const char *s)
{
    while (*s != '\0')
        put_char(t, *s++);
}

static void put_dec(text_out *t, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v > 0);
    while (n > 0)
        put_char(t, digits[--n]);
}

/* "0x" and two lower-case hex digits: every caller's detail is one byte. */
static void put_hex_byte(text_out *t, uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    put_str(t, "0x");
    put_char(t, hex[(v >> 4) & 0xFu]);
    put_char(t, hex[v & 0xFu]);
}

/* Writes the reason's phrase, without the offset. */
static void put_reason(text_out *t, const snmp_refusal *why)
{
    switch (why->reason) {
    case SNMP_REASON_NONE:
        put_str(t, "not refused");
        return;
    case SNMP_REASON_TOO_SHORT_FOR_SIZE:
        put_str(t, "message of ");
        put_dec(t, why->detail);
        put_str(t, " bytes too short for its size field");
        break;
    case SNMP_REASON_SIZE_OUT_OF_RANGE:
        /* The agent's line before issue 9, kept: scripts may match it. */
        put_str(t, "message size field out of range 9 to 65536 (got ");
        put_dec(t, why->detail);
        put_str(t, ")");
        break;
    case SNMP_REASON_SIZE_MISMATCH:
        put_str(t, "message size field ");
        put_dec(t, why->detail);
        put_str(t, " differs from the bytes given");
        break;
    case SNMP_REASON_REQUEST_TOO_SHORT:
        put_str(t, "message of ");
        put_dec(t, why->detail);
        put_str(t, " bytes too short for a request header and count");
        break;
    case SNMP_REASON_RESPONSE_TOO_SHORT:
        put_str(t, "message of ");
        put_dec(t, why->detail);
        put_str(t, " bytes too short for a response header and count");
        break;
    case SNMP_REASON_PDU_UNKNOWN:
        put_str(t, "pdu type ");
        put_hex_byte(t, why->detail);
        put_str(t, " unknown");
        break;
    case SNMP_REASON_RESPONSE_TO_AGENT:
        put_str(t, "response pdu type ");
        put_hex_byte(t, why->detail);
        put_str(t, " sent to an agent");
        break;
    case SNMP_REASON_COUNT_PAST_END:
        put_str(t, "count ");
        put_dec(t, why->detail);
        put_str(t, " goes past the end");
        break;
    case SNMP_REASON_OID_PAST_END:
        put_str(t, "oid length ");
        put_dec(t, why->detail);
        put_str(t, " past the end");
        break;
    case SNMP_REASON_VALUE_HEADER_PAST_END:
        put_str(t, "value header past the end in the binding");
        break;
    case SNMP_REASON_VALUE_PAST_END:
        put_str(t, "value length ");
        put_dec(t, why->detail);
        put_str(t, " past the end");
        break;
    case SNMP_REASON_VALUE_TYPE_UNKNOWN:
        put_str(t, "value type ");
        put_hex_byte(t, why->detail);
        put_str(t, " unknown");
        break;
    case SNMP_REASON_INTEGER_LENGTH:
        put_str(t, "integer value length ");
        put_dec(t, why->detail);
        put_str(t, " not 4");
        break;
    case SNMP_REASON_STRING_NOT_UTF8:
        put_str(t, "string not valid UTF-8 (byte ");
        put_hex_byte(t, why->detail);
        put_str(t, ")");
        break;
    case SNMP_REASON_TRAILING_BYTES:
        put_str(t, "trailing bytes after the last binding");
        break;
    default:
        put_str(t, "unknown refusal reason ");
        put_dec(t, (uint32_t)why->reason);
        break;
    }
    put_str(t, " at offset ");
    put_dec(t, why->offset);
}

size_t snmp_refusal_format(const snmp_refusal *why, char *out, size_t cap)
{
    text_out t = {out, cap, 0};
    put_reason(&t, why);
    if (cap > 0)
        out[t.len < cap ? t.len : cap - 1] = '\0';
    return t.len;
}
