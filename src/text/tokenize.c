/* text/tokenize.c — tokens of the normalised text: friso words and CJK
 * bigrams (or a unigram) for each run of Han characters, latin words and
 * numbers for the rest; punctuation, symbols and spaces are skipped.
 *
 * friso sees only the Han runs, one at a time (the run is NUL-terminated in
 * place in the workspace's UTF-8 buffer): it never spends time on latin text,
 * digits or punctuation, whose tokens we make ourselves. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/err.h"
#include "text/internal.h"
#include "text/text.h"

enum cls { C_OTHER, C_HAN, C_LETTER, C_DIGIT, C_MARK };

static enum cls classify(uint32_t c)
{
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z')
            return C_LETTER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        if (c >= 'A' && c <= 'Z') /* not after folding, but be safe */
            return C_LETTER;
        return C_OTHER;
    }
    if (text_is_han(c))
        return C_HAN;
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
        return C_MARK;
    default:
        return C_OTHER;
    }
}

static void emit(text_tokens *out, const text_ws *ws, size_t a, size_t b, text_tok_kind kind)
{
    const text_cps *c = &ws->b;
    size_t tlen = ws->boff[b] - ws->boff[a];
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->v = qiao_realloc(out->v, out->cap * sizeof *out->v);
    }
    if (out->terms_len + tlen + 1 > out->terms_cap) {
        size_t cap = out->terms_cap ? out->terms_cap : 256;
        while (cap < out->terms_len + tlen + 1)
            cap *= 2;
        out->terms = qiao_realloc(out->terms, cap);
        out->terms_cap = cap;
    }
    text_token *t = &out->v[out->n++];
    t->off = (uint32_t)out->terms_len;
    t->len = (uint32_t)tlen;
    t->pos = (uint32_t)a;
    t->src_off = c->s0[a];
    t->src_len = c->s1[b - 1] - c->s0[a];
    t->kind = (uint8_t)kind;
    memcpy(out->terms + out->terms_len, ws->u8 + ws->boff[a], tlen);
    out->terms_len += tlen;
    out->terms[out->terms_len++] = '\0';
}

/* friso words (two or more characters) of the Han run [i, j) into ws->words. */
static void run_words(text_ws *ws, size_t i, size_t j)
{
    ws->nwords = 0;
    char *u = ws->u8 + ws->boff[i];
    uint32_t base = ws->boff[i];
    char *end = ws->u8 + ws->boff[j];
    char saved = *end;
    *end = '\0';
    friso_set_text(ws->task, u);
    size_t k = i;
    friso_token_t tok;
    while ((tok = text_friso_cfg->next_token(text_friso, text_friso_cfg, ws->task))) {
        /* Not tok->offset: friso 1.6 stores a word's offset in the SHARED
         * dictionary entry and copies it back, so under threads it may be
         * another thread's. The task's own cursor is right: in a run of
         * Han characters it stands just past the word returned. */
        if (ws->task->idx < tok->rlen)
            continue;
        uint32_t stop = ws->task->idx, off = stop - tok->rlen;
        while (k < j && ws->boff[k] - base < off)
            k++;
        size_t e = k;
        while (e < j && ws->boff[e] - base < stop)
            e++;
        if (k >= j || ws->boff[k] - base != off || ws->boff[e] - base != stop || e - k < 2)
            continue;
        if (ws->nwords == ws->words_cap) {
            ws->words_cap = ws->words_cap ? ws->words_cap * 2 : 32;
            ws->words = qiao_realloc(ws->words, ws->words_cap * sizeof *ws->words);
        }
        ws->words[ws->nwords++] = (text_span){(uint32_t)k, (uint32_t)(e - k)};
    }
    *end = saved;
}

static void han_run(text_tokens *out, text_ws *ws, size_t i, size_t j, int words)
{
    if (j - i == 1) {
        emit(out, ws, i, j, TEXT_TOK_UNIGRAM);
        return;
    }
    if (words)
        run_words(ws, i, j);
    else
        ws->nwords = 0;
    size_t w = 0;
    for (size_t p = i; p + 1 < j; p++) {
        while (w < ws->nwords && ws->words[w].start < p)
            w++;
        for (; w < ws->nwords && ws->words[w].start == p; w++)
            emit(out, ws, p, p + ws->words[w].n, TEXT_TOK_WORD);
        emit(out, ws, p, p + 2, TEXT_TOK_BIGRAM);
    }
}

static int tokenize(const char *s, size_t len, text_tokens *out, int words, qiao_err *e)
{
    if (len >= UINT32_MAX / 2)
        return qiao_errf(e, QIAO_EINVAL, "text of %zu bytes is too long to tokenise "
                         "(at most 2 GB); split it", len);
    int rc = text_init(e);
    if (rc < 0)
        return rc;
    text_ws *ws = text_ws_get();
    if (!ws->task)
        ws->task = friso_new_task();
    text_decode(ws, s, len);
    text_pinyin_strip_cps(&ws->a);
    if (text_fold(ws) < 0) {
        text_ws_trim(ws);
        return qiao_errf(e, QIAO_EIO, "OpenCC could not convert the text to simplified Chinese");
    }

    const uint32_t *cp = ws->b.cp;
    size_t n = ws->b.n;
    for (size_t i = 0; i < n;) {
        enum cls k = classify(cp[i]);
        size_t j = i + 1;
        switch (k) {
        case C_HAN:
            while (j < n && text_is_han(cp[j]))
                j++;
            han_run(out, ws, i, j, words);
            break;
        case C_LETTER:
            for (enum cls kj; j < n && ((kj = classify(cp[j])) == C_LETTER || kj == C_MARK);)
                j++;
            emit(out, ws, i, j, TEXT_TOK_LATIN);
            break;
        case C_DIGIT:
            while (j < n && classify(cp[j]) == C_DIGIT)
                j++;
            /* one decimal point between digits: 2.4, 0.18 */
            if (j + 1 < n && cp[j] == '.' && classify(cp[j + 1]) == C_DIGIT) {
                j += 2;
                while (j < n && classify(cp[j]) == C_DIGIT)
                    j++;
            }
            emit(out, ws, i, j, TEXT_TOK_NUM);
            break;
        default:
            break;
        }
        i = j;
    }
    text_ws_trim(ws);
    return 0;
}

int text_tokenize(const char *s, size_t len, text_tokens *out, qiao_err *e)
{
    return tokenize(s, len, out, 1, e);
}

int text_tokenize_nowords(const char *s, size_t len, text_tokens *out, qiao_err *e)
{
    return tokenize(s, len, out, 0, e);
}

void text_tokens_clear(text_tokens *t)
{
    t->n = 0;
    t->terms_len = 0;
}

void text_tokens_free(text_tokens *t)
{
    free(t->v);
    free(t->terms);
    memset(t, 0, sizeof *t);
}
