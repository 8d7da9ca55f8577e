/* core/csv.c — the one CSV cell writer (see csv.h). */
#include <string.h>

#include "core/csv.h"

/* "-3", "+1.5", "-0.25": a sign, digits, at most one '.', digits. */
static bool plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    bool dot = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits > 0;
}

bool csv_risky(const char *s, size_t n)
{
    if (!n)
        return false;
    switch (s[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
        return !plain_number(s, n);
    default:
        return false;
    }
}

void csv_put_cell(buf *out, const char *s, size_t n, unsigned flags)
{
    bool neutral = (flags & CSV_FOR_PEOPLE) && csv_risky(s, n);
    bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote && !neutral) {
        buf_append(out, s, n);
        return;
    }
    if (quote)
        buf_putc(out, '"');
    if (neutral)
        buf_putc(out, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            buf_putc(out, '"');
        buf_putc(out, s[i]);
    }
    if (quote)
        buf_putc(out, '"');
}
