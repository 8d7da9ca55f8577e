/* model/ascii.h — internal to src/model: typed text (amounts, dates) as a
 * short ASCII string that a plain parser reads. */
#ifndef QIAO_MODEL_ASCII_H
#define QIAO_MODEL_ASCII_H

#include <stddef.h>

/* A character people type (UTF-8) and the ASCII byte it stands for. */
typedef struct model_glyph {
    const char *utf8;
    char c;
} model_glyph;

/* s[0..len) into out (cap bytes, NUL-terminated): each byte of `keep` as it
 * is (a tab as a space), full-width digits (U+FF10..U+FF19) as digits, each
 * glyph of map[0..nmap) as its byte. Returns the length, or -1 for any other
 * character or when out is too small. */
long model_ascii_of(const char *s, size_t len, const char *keep, const model_glyph *map,
                    size_t nmap, char *out, size_t cap);

#endif
