/* text/find.c — where normalised words occur in a text as its author wrote
 * it: the text is normalised one code point at a time, keeping for each
 * byte of the result the code point of the original it came from. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/text.h"

static size_t cp_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

size_t text_find_normalized(const char *s, size_t len, const char *const *words, size_t nw,
                            text_found **out)
{
    *out = NULL;
    if (!s || !len || !nw)
        return 0;
    buf norm = {0};
    size_t cap = len + 16, *from = qiao_malloc(cap * sizeof *from),
           *to = qiao_malloc(cap * sizeof *to);
    for (size_t o = 0; o < len;) {
        size_t l = cp_len((unsigned char)s[o]);
        if (o + l > len)
            l = len - o;
        size_t nl = 0;
        char *n = text_normalize(s + o, l, &nl);
        for (size_t j = 0; n && j < nl; j++) {
            if (norm.len == cap) {
                cap *= 2;
                from = qiao_realloc(from, cap * sizeof *from);
                to = qiao_realloc(to, cap * sizeof *to);
            }
            from[norm.len] = o;
            to[norm.len] = o + l;
            buf_putc(&norm, n[j]);
        }
        free(n);
        o += l;
    }
    const char *ns = buf_cstr(&norm);
    size_t n = 0, ncap = 0;
    for (size_t i = 0; i < nw; i++) {
        size_t wl = words[i] ? strlen(words[i]) : 0;
        for (const char *p = wl ? strstr(ns, words[i]) : NULL; p; p = strstr(p + wl, words[i])) {
            if (n == ncap) {
                ncap = ncap ? ncap * 2 : 8;
                *out = qiao_realloc(*out, ncap * sizeof **out);
            }
            size_t a = from[p - ns], z = to[p - ns + wl - 1];
            (*out)[n++] = (text_found){ (uint32_t)a, (uint32_t)(z - a), (uint32_t)i };
        }
    }
    free(from);
    free(to);
    buf_free(&norm);
    return n;
}
