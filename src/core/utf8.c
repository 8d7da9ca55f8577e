/* core/utf8.c — UTF-8 validation and cutting (utf8.h). */
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/utf8.h"

int qiao_utf8_valid(const char *str, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, 8 bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEC && i + 3 <= len) {
            /* the three-byte form of almost all CJK text: no overlong or
             * surrogate possible with these lead bytes */
            if ((s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
                goto fail;
            i += 3;
            continue;
        }
        size_t n;
        unsigned min;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; cp = c & 0x07; }
        else goto fail;
        if (i + n > len)
            goto fail;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto fail;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto fail;
        i += n;
    }
    return 1;
fail:
    if (bad)
        *bad = i;
    return 0;
}

size_t qiao_utf8_prefix(const char *s, size_t max_chars)
{
    size_t n = 0, i = 0;
    if (!s)
        return 0;
    while (s[i] && n < max_chars) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n++;
    }
    return i;
}

size_t qiao_utf8_floor(const char *s, size_t n)
{
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

size_t qiao_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

bool qiao_utf8_blank(const char *s)
{
    for (; s && *s; s++) {
        if (strncmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 2;
            continue;
        }
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    }
    return true;
}

int qiao_text_check(const char *field, const char *what, const char *v, size_t max,
                    qiao_err *e)
{
    if (qiao_utf8_blank(v))
        return qiao_field_errf(e, QIAO_EINVAL, field, "请填写%s。", what);
    size_t n = qiao_utf8_chars(v);
    if (n > max)
        return qiao_field_errf(e, QIAO_EINVAL, field, "%s最多 %zu 字，现在是 %zu 字，请删减后再提交。",
                               what, max, n);
    return 0;
}
