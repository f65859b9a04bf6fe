#include "text.h"

void mgr_print_echo(FILE *out, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7f || c == '\\' || c == '=') {
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 0x0f]};
            fwrite(esc, 1, sizeof esc, out);
        } else {
            fputc(c, out);
        }
    }
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
