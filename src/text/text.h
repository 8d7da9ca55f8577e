/* text/text.h — the Chinese text pipeline, one for import, search and
 * matching alike.
 *
 *   1. text_strip_pinyin: removes pinyin annotations a content farm injected
 *      after Han characters (成(chéng)都(dōu) -> 成都); real parentheses stay
 *      (科技园(天府园), 射频标签(RFID), (1), (a), 芯片(ADC)).
 *   2. text_normalize: strip_pinyin, then traditional -> simplified (OpenCC
 *      t2s, only when the text holds a character that may be traditional),
 *      then Unicode NFKC and case folding (utf8proc). 電子科大, 电子科大 give
 *      the same key; so do ＡＤＣ and adc.
 *   3. text_tokenize: normalises, then emits friso words (complex mode),
 *      overlapping CJK bigrams (a lone Han character stays a unigram), and
 *      latin words and numbers, each with its position and the byte span of
 *      the ORIGINAL input it came from (so that explanations can show the
 *      author's own script).
 *
 * Stored text is never changed by this module: it returns new strings.
 *
 * Threads: call text_init once (it loads the OpenCC and friso dictionaries);
 * after that every function may be called from many threads at once.
 */
#ifndef QIAO_TEXT_TEXT_H
#define QIAO_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Loads dictionaries once (idempotent, thread-safe). friso reads
 * /etc/friso/friso.ini unless QIAO_FRISO_INI names another file. */
int text_init(qiao_err *e);
void text_shutdown(void);

/* Each returns a new NUL-terminated string (caller frees) and its length in
 * *out_len when out_len is non-NULL. Invalid UTF-8 bytes are kept as U+FFFD. */
char *text_strip_pinyin(const char *s, size_t len, size_t *out_len);
char *text_normalize(const char *s, size_t len, size_t *out_len);

typedef enum text_tok_kind {
    TEXT_TOK_WORD = 1,     /* a friso dictionary word of two or more Han characters */
    TEXT_TOK_BIGRAM = 2,   /* two adjacent Han characters */
    TEXT_TOK_UNIGRAM = 3,  /* a Han character with no Han neighbour */
    TEXT_TOK_LATIN = 4,    /* a run of letters (case-folded), e.g. "adc", "rfid" */
    TEXT_TOK_NUM = 5,      /* a run of digits, e.g. "12", "2023" */
} text_tok_kind;

typedef struct text_token {
    uint32_t off, len;     /* the normalised term: tokens->terms + off, len bytes */
    uint32_t pos;          /* position: index of the token's first character in the
                              normalised text, counted in characters */
    uint32_t src_off, src_len; /* the span of the original input it came from */
    uint8_t kind;          /* text_tok_kind */
} text_token;

typedef struct text_tokens {
    text_token *v;         /* owned */
    size_t n, cap;
    char *terms;           /* owned; term bytes, each term NUL-terminated */
    size_t terms_len, terms_cap;
} text_tokens;

/* Appends the tokens of s to out (out may already hold tokens of another
 * field; positions restart at 0 for each call). Returns 0 or an error. */
int text_tokenize(const char *s, size_t len, text_tokens *out, qiao_err *e);
static inline const char *text_token_term(const text_tokens *t, size_t i)
{
    return t->terms + t->v[i].off;
}
void text_tokens_clear(text_tokens *t);  /* n = 0, keeps memory */
void text_tokens_free(text_tokens *t);

#endif
