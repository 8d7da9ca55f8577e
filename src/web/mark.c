/* web/mark.c — matched words highlighted in result lists: text escaped for
 * HTML with each occurrence of a word inside <mark>, the words compared
 * after normalisation (text_find_normalized: 射頻 marks 射频, ＡＤＣ marks ADC). */
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "text/text.h"
#include "web/pages.h"

void web_html_marked(buf *b, const char *s, size_t len, const char *const *words, size_t nw)
{
    if (!s)
        return;
    char **norm = qiao_calloc(nw ? nw : 1, sizeof *norm);
    for (size_t i = 0; i < nw; i++)
        norm[i] = words[i] ? text_normalize(words[i], strlen(words[i]), NULL) : NULL;
    text_found *sp = NULL;
    size_t nsp = text_find_normalized(s, len, (const char *const *)norm, nw, &sp);
    unsigned char *mark = qiao_calloc(len + 1, 1);
    for (size_t i = 0; i < nsp; i++)
        memset(mark + sp[i].off, 1, sp[i].len);
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && mark[j] == mark[i])
            j++;
        if (mark[i])
            buf_puts(b, "<mark>");
        web_html_textn(b, s + i, j - i);
        if (mark[i])
            buf_puts(b, "</mark>");
        i = j;
    }
    free(mark);
    free(sp);
    for (size_t i = 0; i < nw; i++)
        free(norm[i]);
    free(norm);
}

static void add_word(char ***v, size_t *n, const char *s, size_t len)
{
    *v = qiao_realloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = qiao_strndup(s, len);
}

size_t web_query_words(const char *q, char ***out)
{
    *out = NULL;
    size_t n = 0;
    text_tokens tt = {0};
    for (const char *p = q ? q : ""; *p;) {
        /* a word runs to a space (ASCII or U+3000) */
        while (*p == ' ' || *p == '\t' || strncmp(p, "\u3000", 3) == 0)
            p += *p == ' ' || *p == '\t' ? 1 : 3;
        const char *a = p;
        while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\u3000", 3) != 0)
            p++;
        if (p == a || *a == '-' || memchr(a, ':', (size_t)(p - a)) ||
            memchr(a, '>', (size_t)(p - a)) || memchr(a, '<', (size_t)(p - a)) ||
            memchr(a, '=', (size_t)(p - a)))
            continue;                          /* an exclusion or a filter */
        buf w = {0};                           /* without quotes */
        for (const char *c = a; c < p;) {
            if (*c == '"') {
                c++;
            } else if (strncmp(c, "\u201c", 3) == 0 || strncmp(c, "\u201d", 3) == 0) {
                c += 3;
            } else {
                buf_putc(&w, *c++);
            }
        }
        if (w.len) {
            add_word(out, &n, buf_cstr(&w), w.len);
            /* and its whole words, which a record may hold apart */
            text_tokens_clear(&tt);
            if (text_tokenize(buf_cstr(&w), w.len, &tt, NULL) == 0)
                for (size_t i = 0; i < tt.n; i++) {
                    const text_token *t = &tt.v[i];
                    if ((t->kind == TEXT_TOK_WORD || t->kind == TEXT_TOK_LATIN) &&
                        t->src_len < w.len && !match_is_stopword(text_token_term(&tt, i)))
                        add_word(out, &n, buf_cstr(&w) + t->src_off, t->src_len);
                }
        }
        buf_free(&w);
    }
    text_tokens_free(&tt);
    return n;
}

void web_words_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
