/* model/ascii.c — typed text as ASCII tokens; see ascii.h. */
#include <string.h>

#include "model/ascii.h"

long model_ascii_of(const char *s, size_t len, const char *keep, const model_glyph *map,
                    size_t nmap, char *out, size_t cap)
{
    size_t n = 0, nkeep = strlen(keep);
    for (size_t i = 0; i < len;) {
        if (n + 1 >= cap)
            return -1;
        unsigned char b = (unsigned char)s[i];
        if (b && memchr(keep, b, nkeep)) {
            out[n++] = b == '\t' ? ' ' : (char)b;
            i++;
            continue;
        }
        /* full-width digits U+FF10..U+FF19: EF BC 90..99 */
        if (i + 2 < len && b == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
            (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
            out[n++] = (char)('0' + ((unsigned char)s[i + 2] - 0x90));
            i += 3;
            continue;
        }
        size_t j;
        for (j = 0; j < nmap; j++) {
            size_t m = strlen(map[j].utf8);
            if (i + m <= len && memcmp(s + i, map[j].utf8, m) == 0) {
                out[n++] = map[j].c;
                i += m;
                break;
            }
        }
        if (j == nmap)
            return -1;
    }
    out[n] = '\0';
    return (long)n;
}
