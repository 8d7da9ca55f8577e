/* text/text.h — the Chinese text pipeline, one for import, search and
 * matching alike (docs/text.md has the rules and the figures).
 *
 *   1. text_strip_pinyin: removes pinyin annotations a content farm injected
 *      after Han characters (成(chéng)都(dōu) -> 成都); real parentheses stay
 *      (科技园(天府园), 射频标签(RFID), (1), (a), 芯片(ADC)). An annotation is
 *      "(" or "（", one pinyin syllable, ")" or "）", directly after a Han
 *      character; a toneless syllable (著(zhe)) counts only when the same
 *      text (the one call's input) also has a tone-marked annotation, and
 *      only when it is lower case with two or more letters.
 *   2. text_normalize: strip_pinyin, then Unicode NFKC and case folding
 *      (utf8proc; default-ignorable characters such as U+200B dropped, NUL
 *      becomes a space), then traditional -> simplified (OpenCC t2s, only
 *      when the text holds a character that t2s changes). NFKC runs before
 *      t2s so that compatibility ideographs reach OpenCC in their unified
 *      form. 電子科大, 电子科大 give the same key; so do ＡＤＣ and adc.
 *   3. text_tokenize: normalises, then emits for each run of Han characters
 *      the friso words (complex mode) and the overlapping bigrams (a lone
 *      Han character: a unigram), and for the rest latin words and numbers;
 *      punctuation, symbols and spaces make no token. Each token has its
 *      position and the byte span of the ORIGINAL input it came from (so
 *      that explanations can show the author's own script).
 *
 * Stored text is never changed by this module: it returns new strings.
 *
 * Threads: text_init loads the dictionaries once (OpenCC, friso, and a
 * bitmap of the code points t2s changes); after that every function may be
 * called from many threads at once. Each thread gets its own friso task and
 * reusable buffers on first use (freed when the thread exits); a call
 * allocates nothing of its own once they have grown, except the string that
 * text_strip_pinyin/text_normalize return and growth of `out`.
 */
#ifndef QIAO_TEXT_TEXT_H
#define QIAO_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Loads dictionaries once (idempotent, thread-safe; ~0.15 s). friso reads
 * /etc/friso/friso.ini unless QIAO_FRISO_INI names another file; qiao forces
 * complex mode, no synonyms and keeps stopwords whatever the file says.
 * text_normalize and text_tokenize call it themselves if needed.
 * text_shutdown frees the dictionaries and the calling thread's buffers;
 * call it once at exit when no other thread uses the module. */
int text_init(qiao_err *e);
void text_shutdown(void);

/* Each returns a new NUL-terminated string (caller frees) and its length in
 * *out_len when out_len is non-NULL. Invalid UTF-8 bytes are kept as U+FFFD
 * (one per byte). text_strip_pinyin needs no dictionaries and changes
 * nothing but the annotations (and invalid bytes). text_normalize returns
 * NULL only when the dictionaries cannot be loaded (text_init says why) or
 * OpenCC fails. */
char *text_strip_pinyin(const char *s, size_t len, size_t *out_len);
char *text_normalize(const char *s, size_t len, size_t *out_len);

typedef enum text_tok_kind {
    TEXT_TOK_WORD = 1,     /* a friso dictionary word of two or more Han characters;
                              a two-character word has the same term and position
                              as the bigram beside it: key by (kind, term) or skip
                              one of them if double counting is not wanted */
    TEXT_TOK_BIGRAM = 2,   /* two adjacent Han characters */
    TEXT_TOK_UNIGRAM = 3,  /* a Han character with no Han neighbour */
    TEXT_TOK_LATIN = 4,    /* a run of letters (case-folded), e.g. "adc", "rfid" */
    TEXT_TOK_NUM = 5,      /* a run of digits, e.g. "12", "2023", with at most one
                              decimal point between digits: "2.4" */
} text_tok_kind;

typedef struct text_token {
    uint32_t off, len;     /* the normalised term: tokens->terms + off, len bytes */
    uint32_t pos;          /* position: index of the token's first character in the
                              normalised text, counted in characters */
    uint32_t src_off, src_len; /* the span of the original input it came from;
                              it includes any annotation removed inside the
                              token: 成都 from "成(chéng)都" */
    uint8_t kind;          /* text_tok_kind */
} text_token;

typedef struct text_tokens {
    text_token *v;         /* owned */
    size_t n, cap;
    char *terms;           /* owned; term bytes, each term NUL-terminated */
    size_t terms_len, terms_cap;
} text_tokens;

/* Appends the tokens of s to out (out may already hold tokens of another
 * field; positions restart at 0 for each call). Tokens come in order of
 * position; at one position a word comes before the bigram. "12位" gives
 * 12 (num) and 位 (unigram); "1GSPS" gives 1 (num) and gsps (latin).
 * Returns 0, or an error (dictionaries missing, input of 2 GB or more). */
int text_tokenize(const char *s, size_t len, text_tokens *out, qiao_err *e);
/* The same tokens without the friso words (TEXT_TOK_WORD): segmentation is
 * most of the cost of tokenising, and long bodies can do without it. */
int text_tokenize_nowords(const char *s, size_t len, text_tokens *out, qiao_err *e);
static inline const char *text_token_term(const text_tokens *t, size_t i)
{
    return t->terms + t->v[i].off;
}
void text_tokens_clear(text_tokens *t);  /* n = 0, keeps memory */
void text_tokens_free(text_tokens *t);

/* Where words occur in s as its author wrote it (text/find.c): each span of
 * s (len bytes) whose normalised form is one of the words (given
 * normalised: text_normalize), so that 射频 is found in 射頻 and adc in
 * ＡＤＣ. Spans are in order of word, then position; `word` is the index
 * into words. Returns how many; *out (caller frees) is NULL when none.
 * Normalises s a code point at a time: for short texts (titles, excerpts). */
typedef struct text_found { uint32_t off, len, word; } text_found;
size_t text_find_normalized(const char *s, size_t len, const char *const *words, size_t nw,
                            text_found **out);

#endif
