#include "text.h"

/* Writes byte c as the four characters \xNN, lower-case hex. */
static void print_hex_escape(FILE *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 0x0f]};
    fwrite(esc, 1, sizeof esc, out);
}

/* True when text[i] starts a C1 control (U+0080-U+009F, UTF-8 C2 80 .. C2 9F):
 * terminals obey U+009B as ESC [, so neither of its bytes may go out raw. */
static bool is_c1_at(const uint8_t *text, size_t len, size_t i)
{
    return text[i] == 0xc2 && i + 1 < len && text[i + 1] >= 0x80 && text[i + 1] <= 0x9f;
}

/* Writes text[0 .. len) with every C0 control, DEL and C1 control escaped,
 * and also '\\' and '=' when also_quote_marks. */
static void print_escaped(FILE *out, const uint8_t *text, size_t len, bool also_quote_marks)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = text[i];
        if (c < 0x20 || c == 0x7f || (also_quote_marks && (c == '\\' || c == '='))) {
            print_hex_escape(out, c);
        } else if (is_c1_at(text, len, i)) {
            print_hex_escape(out, c);
            print_hex_escape(out, text[++i]);
        } else {
            fputc(c, out);
        }
    }
}

void mgr_print_echo(FILE *out, const char *text, size_t len)
{
    print_escaped(out, (const uint8_t *)text, len, true);
}

void mgr_print_value_text(FILE *out, const uint8_t *value, size_t len)
{
    print_escaped(out, value, len, false);
}

bool mgr_equal_nocase(const char *text, const char *lower)
{
    size_t i = 0;
    /* Only ASCII letters fold: tolower() would depend on the locale. */
    for (; text[i] != '\0' && lower[i] != '\0'; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return text[i] == '\0' && lower[i] == '\0';
}
