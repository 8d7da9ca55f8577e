/* web/html.c — escapers per output context; UTF-8 checks. */
#include <stdio.h>
#include <string.h>

#include "web/html.h"

size_t web_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Walks s[0..n) as UTF-8: calls put for each code point with its bytes;
 * invalid bytes come as U+FFFD, one per byte. */
typedef void (*put_fn)(buf *b, uint32_t cp, const char *bytes, size_t len);

static void walk(buf *b, const char *s, size_t n, put_fn put)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = web_utf8_decode(p + i, n - i, &cp);
        if (!k) {
            put(b, 0xFFFD, REPLACEMENT, 3);
            i++;
            continue;
        }
        put(b, cp, s + i, k);
        i += k;
    }
}

static bool bad_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F;
}

static void put_text(buf *b, uint32_t cp, const char *bytes, size_t len)
{
    switch (cp) {
    case '&': buf_puts(b, "&amp;"); return;
    case '<': buf_puts(b, "&lt;"); return;
    case '>': buf_puts(b, "&gt;"); return;
    case '"': buf_puts(b, "&quot;"); return;
    case '\'': buf_puts(b, "&#39;"); return;
    default: break;
    }
    if (bad_control(cp))
        buf_puts(b, REPLACEMENT);
    else
        buf_append(b, bytes, len);
}

static void put_attr(buf *b, uint32_t cp, const char *bytes, size_t len)
{
    switch (cp) {
    case '`': buf_puts(b, "&#96;"); return;
    case '=': buf_puts(b, "&#61;"); return;
    case '\n': buf_puts(b, "&#10;"); return;
    case '\r': buf_puts(b, "&#13;"); return;
    case '\t': buf_puts(b, "&#9;"); return;
    default: put_text(b, cp, bytes, len);
    }
}

void web_html_textn(buf *b, const char *s, size_t n)
{
    walk(b, s, n, put_text);
}

void web_html_text(buf *b, const char *s)
{
    if (s)
        walk(b, s, strlen(s), put_text);
}

void web_html_attr(buf *b, const char *s)
{
    if (s)
        walk(b, s, strlen(s), put_attr);
}

void web_url_arg(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 3);
        }
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The rule of web_safe_next for one form of the target (s[0..n)). */
static bool local_path(const unsigned char *s, size_t n)
{
    if (n < 2 || s[0] != '/' || s[1] == '/' || s[1] == '\\')
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

const char *web_safe_next(const char *next)
{
    if (!next)
        return "/";
    size_t n = strlen(next);
    if (n > 4096 || !local_path((const unsigned char *)next, n))
        return "/";
    unsigned char cur[4097];                /* the decoded forms */
    memcpy(cur, next, n + 1);
    bool ok = true, again = true;
    while (ok && again) {        /* decode while an escape remains; each pass shrinks */
        again = false;
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            int hi, lo;
            if (cur[i] == '%' && i + 2 < n && (hi = hexval(cur[i + 1])) >= 0 &&
                (lo = hexval(cur[i + 2])) >= 0) {
                cur[j++] = (unsigned char)(hi << 4 | lo);
                i += 2;
                again = true;
            } else {
                cur[j++] = cur[i];
            }
        }
        n = j;
        cur[n] = '\0';
        ok = local_path(cur, n);
    }
    return ok ? next : "/";
}

void web_html_href(buf *b, const char *url)
{
    if (url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 ||
                (url[0] == '/' && (!url[1] || web_safe_next(url) == url))))
        web_html_attr(b, url);
    else
        buf_putc(b, '#');
}

static void put_u(buf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        put_u(b, 0xD800 + (cp >> 10));
        put_u(b, 0xDC00 + (cp & 0x3FF));
        return;
    }
    buf_printf(b, "\\u%04x", (unsigned)cp);
}

static void put_json(buf *b, uint32_t cp, const char *bytes, size_t len)
{
    switch (cp) {
    case '"': buf_puts(b, "\\\""); return;
    case '\\': buf_puts(b, "\\\\"); return;
    case '\n': buf_puts(b, "\\n"); return;
    case '\r': buf_puts(b, "\\r"); return;
    case '\t': buf_puts(b, "\\t"); return;
    case '\b': buf_puts(b, "\\b"); return;
    case '\f': buf_puts(b, "\\f"); return;
    case '<': case '>': case '&': case '\'':
    case 0x2028: case 0x2029:
        put_u(b, cp);
        return;
    default: break;
    }
    if (cp < 0x20 || cp == 0x7F)
        put_u(b, cp);
    else
        buf_append(b, bytes, len);
}

void web_json_strn(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    walk(b, s, n, put_json);
    buf_putc(b, '"');
}

void web_json_str(buf *b, const char *s)
{
    web_json_strn(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_js(buf *b, uint32_t cp, const char *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
        cp == ' ' || cp == ',' || cp == '.' || cp == '_' || cp == '-')
        buf_putc(b, (char)cp);
    else if (cp < 0x80)
        buf_printf(b, "\\x%02x", (unsigned)cp);
    else
        put_u(b, cp);
}

void web_js_str(buf *b, const char *s)
{
    buf_putc(b, '"');
    if (s)
        walk(b, s, strlen(s), put_js);
    buf_putc(b, '"');
}
