#include "value_format.h"

#include <stdbool.h>
#include <string.h>

#include "snmp/value.h"

/* Bounded text being built in the caller's buffer; once something does not
 * fit, everything after is dropped and the result is SNMP_NO_SPACE. */
typedef struct text_buf {
    char *out;
    size_t cap;
    size_t len;
    bool full;
} text_buf;

static void tb_init(text_buf *tb, char *out, size_t cap)
{
    tb->out = out;
    tb->cap = cap;
    tb->len = 0;
    tb->full = cap == 0;
    if (cap > 0)
        out[0] = '\0';
}

static void tb_bytes(text_buf *tb, const char *bytes, size_t n)
{
    if (tb->full)
        return;
    /* One byte stays free for the NUL. */
    if (n > tb->cap - 1 - tb->len) {
        tb->full = true;
        return;
    }
    memcpy(tb->out + tb->len, bytes, n);
    tb->len += n;
    tb->out[tb->len] = '\0';
}

static void tb_str(text_buf *tb, const char *s)
{
    tb_bytes(tb, s, strlen(s));
}

/* Decimal digits of value, at least min_digits of them (zero-padded). */
static void tb_unsigned(text_buf *tb, uint32_t value, size_t min_digits)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n] = (char)('0' + value % 10u);
        value /= 10u;
        n++;
    } while (value != 0);
    while (n < min_digits && n < sizeof digits) {
        digits[sizeof digits - 1 - n] = '0';
        n++;
    }
    tb_bytes(tb, digits + sizeof digits - n, n);
}

static snmp_status tb_finish(text_buf *tb, size_t *out_len)
{
    if (tb->full) {
        if (tb->cap > 0)
            tb->out[0] = '\0';
        *out_len = 0;
        return SNMP_NO_SPACE;
    }
    *out_len = tb->len;
    return SNMP_OK;
}

snmp_status mgr_format_integer(int32_t value, char *out, size_t cap, size_t *out_len)
{
    text_buf tb;
    tb_init(&tb, out, cap);
    /* The magnitude in unsigned arithmetic, so INT32_MIN needs no special case. */
    uint32_t magnitude = (uint32_t)value;
    if (value < 0) {
        magnitude = 0u - magnitude;
        tb_str(&tb, "-");
    }
    tb_unsigned(&tb, magnitude, 1);
    return tb_finish(&tb, out_len);
}

snmp_status mgr_format_counter(uint32_t value, char *out, size_t cap, size_t *out_len)
{
    text_buf tb;
    tb_init(&tb, out, cap);
    /* Groups of three from the left: the first group holds 1..3 digits. */
    uint32_t groups[4];
    size_t count = 0;
    do {
        groups[count++] = value % 1000u;
        value /= 1000u;
    } while (value != 0);
    tb_unsigned(&tb, groups[count - 1], 1);
    for (size_t i = count - 1; i > 0; i--) {
        tb_str(&tb, ",");
        tb_unsigned(&tb, groups[i - 1], 3);
    }
    return tb_finish(&tb, out_len);
}

static void tb_unit(text_buf *tb, bool *listed, uint32_t amount, const char *unit)
{
    if (amount == 0)
        return;
    if (*listed)
        tb_str(tb, ", ");
    tb_unsigned(tb, amount, 1);
    tb_str(tb, unit);
    *listed = true;
}

snmp_status mgr_format_timeticks(uint32_t ticks, char *out, size_t cap, size_t *out_len)
{
    enum {
        TICKS_PER_MINUTE = 60 * SNMP_TICKS_PER_SECOND,
        TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE,
        TICKS_PER_DAY = 24 * TICKS_PER_HOUR
    };
    uint32_t days = ticks / TICKS_PER_DAY;
    uint32_t hours = ticks % TICKS_PER_DAY / TICKS_PER_HOUR;
    uint32_t minutes = ticks % TICKS_PER_HOUR / TICKS_PER_MINUTE;
    uint32_t centis = ticks % TICKS_PER_MINUTE;

    text_buf tb;
    tb_init(&tb, out, cap);
    tb_unsigned(&tb, ticks, 1);
    tb_str(&tb, " (");
    bool listed = false;
    tb_unit(&tb, &listed, days, " days");
    tb_unit(&tb, &listed, hours, " hours");
    tb_unit(&tb, &listed, minutes, " minutes");
    /* Integer arithmetic for the two decimals: no floating-point rounding. */
    if (centis > 0 || !listed) {
        if (listed)
            tb_str(&tb, ", ");
        tb_unsigned(&tb, centis / SNMP_TICKS_PER_SECOND, 1);
        tb_str(&tb, ".");
        tb_unsigned(&tb, centis % SNMP_TICKS_PER_SECOND, 2);
        tb_str(&tb, " seconds");
    }
    tb_str(&tb, ")");
    return tb_finish(&tb, out_len);
}

snmp_status mgr_format_number(uint8_t type, const uint8_t *payload, size_t len, char *out,
                              size_t cap, size_t *out_len)
{
    if (len == SNMP_INTEGER_LEN) {
        switch (type) {
        case SNMP_TYPE_INTEGER:
            return mgr_format_integer(snmp_value_get_i32(payload), out, cap, out_len);
        case SNMP_TYPE_COUNTER:
            return mgr_format_counter(snmp_value_get_u32(payload), out, cap, out_len);
        case SNMP_TYPE_TIMETICKS:
            return mgr_format_timeticks(snmp_value_get_u32(payload), out, cap, out_len);
        default:
            break;
        }
    }
    if (cap > 0)
        out[0] = '\0';
    *out_len = 0;
    return SNMP_MALFORMED;
}
