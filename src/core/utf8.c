/* core/utf8.c — UTF-8 validation and cutting (utf8.h). */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/err.h"
#include "core/utf8.h"

/* Lead bytes of three-byte forms that need no check beyond two continuation
 * bytes: E1..EC and EE..EF (code points U+1000..U+CFFF and U+E000..U+FFFF:
 * never overlong, never a surrogate). A bit per low nibble of the lead;
 * E0 (overlong possible) and ED (surrogates) take the general path. */
#define EASY3_NIBBLES 0xDFFEu

static int easy3(unsigned c0, unsigned c1, unsigned c2)
{
    return (c0 & 0xF0) == 0xE0 && ((EASY3_NIBBLES >> (c0 & 0x0F)) & 1) &&
           (c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80;
}

#ifdef __SSE2__
/* How many bytes of p[0..16), p at a character boundary, are known valid by a
 * test sixteen bytes at a time: 16 (or 14, 15 when a character begun there
 * ends in the next block) when they are ASCII and easy three-byte forms only
 * (the bulk of Chinese text); 0 when the block needs the byte-wise path (any
 * other form, E0 or ED leads, a stray continuation byte, an error). Bit k of
 * each mask is byte k: its top bit, then bits 6, 5 and 4 shifted up to it. */
static size_t block16(const unsigned char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned hi = (unsigned)_mm_movemask_epi8(x);
    if (!hi)
        return 16;
    unsigned b6 = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(x, 1));
    unsigned b5 = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(x, 2));
    unsigned b4 = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(x, 3));
    unsigned hard = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE0)),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xED))));
    unsigned cont = hi & ~b6, lead = hi & b6, lead3 = lead & b5 & ~b4;
    if (lead != lead3 || hard || cont != (((lead3 << 1) | (lead3 << 2)) & 0xFFFF))
        return 0;
    return lead3 & 0x8000 ? 15 : lead3 & 0x4000 ? 14 : 16;
}
#endif

int qiao_utf8_valid(const char *str, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        size_t step;
        while (i + 16 <= len && (step = block16(s + i)) != 0)
            i += step;
#else
        /* ASCII fast path, 8 bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
#endif
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (i + 3 <= len && easy3(c, s[i + 1], s[i + 2])) {
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
