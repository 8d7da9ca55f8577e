/* web/format.c — numbers as people read them on the pages: counts with
 * thousands separators (1,234) and sums of money in 元, 万元 or 亿元
 * (30 万元, 1.25 亿元). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "web/pages.h"

void web_fmt_count(buf *b, int64_t n)
{
    char d[32];
    int len = snprintf(d, sizeof d, "%" PRId64, n < 0 ? -n : n);
    if (n < 0)
        buf_putc(b, '-');
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf_putc(b, ',');
        buf_putc(b, d[i]);
    }
}

/* v / unit with at most two decimals, trailing zeros dropped */
static void scaled(buf *b, int64_t v, int64_t unit)
{
    int64_t whole = v / unit, cents = (v % unit) * 100 / unit;
    web_fmt_count(b, whole);
    if (cents) {
        char f[8];
        snprintf(f, sizeof f, ".%02d", (int)cents);
        if (f[2] == '0')
            f[2] = '\0';
        buf_puts(b, f);
    }
}

void web_fmt_yuan(buf *b, int64_t yuan)
{
    if (yuan < 0) {
        buf_putc(b, '-');
        yuan = -yuan;
    }
    if (yuan >= 100000000) {
        scaled(b, yuan, 100000000);
        buf_puts(b, " 亿元");
    } else if (yuan >= 10000) {
        scaled(b, yuan, 10000);
        buf_puts(b, " 万元");
    } else {
        web_fmt_count(b, yuan);
        buf_puts(b, " 元");
    }
}
