/* notify/mime.c — one mail as an RFC 5322 / MIME message (notify.h):
 * headers in ASCII (RFC 2047 encoded-words for Chinese), a plain-text UTF-8
 * body in base64, CRLF line ends, no line longer than 76 characters. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "notify/notify.h"

#define LINE_MAX_CHARS 76
/* bytes of text per encoded-word: 39 bytes -> 52 base64 characters, so that
 * "Subject: =?UTF-8?B?...?=" stays within 76 characters */
#define WORD_BYTES 39

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(buf *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n) v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        buf_putc(out, b64[(v >> 18) & 63]);
        buf_putc(out, b64[(v >> 12) & 63]);
        buf_putc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
        buf_putc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

int notify_addr_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 254)
        return 0;
    const char *at = strrchr(s, '@');
    if (!at || at == s || !at[1])
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || strchr("<>\"(),;:\\[]", *p))
            return 0;
    return strchr(s, '@') == at;
}

static int plain_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < ' ' || *p >= 0x7f)
            return 0;
    return strstr(s, "=?") == NULL;
}

/* The length of the longest prefix of s[0..n) of at most max bytes that
 * ends on a UTF-8 character boundary (at least one character). */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    if (k == 0) {          /* one character longer than max: never with UTF-8 */
        k = 1;
        while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
    }
    return k;
}

/* "Name: value" where value is text: as is when short plain ASCII, else
 * encoded-words of whole UTF-8 characters, one per line after the first. */
static void header_text(buf *out, const char *name, const char *value)
{
    buf clean = {0};
    for (const char *p = value; *p; p++)
        buf_putc(&clean, *p == '\r' || *p == '\n' || *p == '\t' ? ' ' : *p);
    const char *v = buf_cstr(&clean);
    size_t n = clean.len;
    buf_printf(out, "%s:", name);
    if (plain_ascii(v) && strlen(name) + 2 + n <= LINE_MAX_CHARS) {
        buf_printf(out, " %s\r\n", v);
    } else {
        size_t i = 0;
        do {
            size_t k = utf8_cut(v + i, n - i, WORD_BYTES);
            buf_puts(out, i ? "\r\n =?UTF-8?B?" : " =?UTF-8?B?");
            base64(out, (const unsigned char *)v + i, k);
            buf_puts(out, "?=");
            i += k;
        } while (i < n);
        buf_puts(out, "\r\n");
    }
    buf_free(&clean);
}

static void header_date(buf *out, int64_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t bj = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&bj, &tm);
    buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0800\r\n", days[tm.tm_wday],
               tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
               tm.tm_sec);
}

/* The body with CRLF line ends, base64 in lines of 76. */
static void body_base64(buf *out, const char *body)
{
    buf crlf = {0};
    for (const char *p = body; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p == '\n')
            buf_putc(&crlf, '\r');
        buf_putc(&crlf, *p);
    }
    if (crlf.len < 2 || memcmp(crlf.p + crlf.len - 2, "\r\n", 2) != 0)
        buf_puts(&crlf, "\r\n");
    /* 57 bytes -> 76 characters */
    for (size_t i = 0; i < crlf.len; i += 57) {
        size_t k = crlf.len - i < 57 ? crlf.len - i : 57;
        base64(out, (const unsigned char *)crlf.p + i, k);
        buf_puts(out, "\r\n");
    }
    buf_free(&crlf);
}

static int url_ok(const char *u)
{
    if (!u || (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0))
        return 0;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == '"')
            return 0;
    return strlen(u) <= 900;
}

int notify_mime(buf *out, const notify_message *m, qiao_err *e)
{
    if (!notify_addr_ok(m->from))
        return qiao_errf(e, QIAO_EINVAL, "mail: the sender address \"%.80s\" is not an "
                         "address (local@domain)", m->from ? m->from : "");
    if (!notify_addr_ok(m->to))
        return qiao_errf(e, QIAO_EINVAL, "mail: the recipient address \"%.80s\" is not an "
                         "address (local@domain)", m->to ? m->to : "");
    if (m->unsubscribe && !url_ok(m->unsubscribe))
        return qiao_errf(e, QIAO_EINVAL, "mail: the unsubscribe link is not an http(s) URL");
    if (!m->message_id || !*m->message_id || !plain_ascii(m->message_id) ||
        strchr(m->message_id, ' ') || strlen(m->message_id) > 200)
        return qiao_errf(e, QIAO_EINVAL, "mail: bad Message-ID");
    header_date(out, m->date);
    buf_puts(out, "From: =?UTF-8?B?");
    base64(out, (const unsigned char *)"桥 qiao", strlen("桥 qiao"));
    buf_printf(out, "?= <%s>\r\n", m->from);
    buf_printf(out, "To: <%s>\r\n", m->to);
    header_text(out, "Subject", m->subject ? m->subject : "");
    buf_printf(out, "Message-ID: <%s>\r\n", m->message_id);
    if (m->unsubscribe) {
        /* a long URL goes on its own folded line */
        if (strlen(m->unsubscribe) + 20 > LINE_MAX_CHARS)
            buf_printf(out, "List-Unsubscribe:\r\n <%s>\r\n", m->unsubscribe);
        else
            buf_printf(out, "List-Unsubscribe: <%s>\r\n", m->unsubscribe);
    }
    buf_puts(out, "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n"
                  "\r\n");
    body_base64(out, m->body ? m->body : "");
    return 0;
}
