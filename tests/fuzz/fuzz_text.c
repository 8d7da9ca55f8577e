/* tests/fuzz/fuzz_text.c — libFuzzer harness for the text pipeline: strips,
 * normalises and tokenises arbitrary bytes and checks what every caller
 * relies on (spans inside the input, terms NUL-terminated, positions inside
 * the normalised text). Run with `bash tests/fuzz/run.sh SECONDS`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    static text_tokens t;
    if (!ready) {
        if (text_init(NULL) < 0)
            abort();
        ready = 1;
    }
    const char *s = (const char *)data;

    size_t n = 0;
    char *p = text_strip_pinyin(s, size, &n);
    if (!p || p[n] != '\0' || n > size * 3) /* U+FFFD: 3 bytes per invalid byte */
        abort();
    free(p);

    size_t nn = 0;
    char *norm = text_normalize(s, size, &nn);
    if (!norm || norm[nn] != '\0' || strlen(norm) != nn)
        abort();

    text_tokens_clear(&t);
    qiao_err e = {0};
    if (text_tokenize(s, size, &t, &e) < 0)
        abort();
    for (size_t i = 0; i < t.n; i++) {
        const text_token *k = &t.v[i];
        if ((size_t)k->src_off + k->src_len > size || k->src_len == 0 || k->len == 0)
            abort();
        if ((size_t)k->off + k->len >= t.terms_len + 1 || t.terms[k->off + k->len] != '\0' ||
            strlen(t.terms + k->off) != k->len)
            abort();
        if (k->kind < TEXT_TOK_WORD || k->kind > TEXT_TOK_NUM)
            abort();
        /* the term occurs in the normalised text */
        if (!memmem(norm, nn, t.terms + k->off, k->len))
            abort();
        if (i > 0 && k->pos < t.v[i - 1].pos)
            abort();
    }
    free(norm);
    return 0;
}
