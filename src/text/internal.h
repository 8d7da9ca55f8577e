/* text/internal.h — shared by the files of src/text only; not a contract for
 * other modules (they use text/text.h).
 *
 * The pipeline works on arrays of code points, each carrying the byte span
 * [s0, s1) of the ORIGINAL input it came from, so that every token can say
 * which bytes of the author's text it stands for:
 *
 *   decode (invalid bytes -> U+FFFD)  ->  strip pinyin annotations
 *   ->  NFKC + case folding  ->  OpenCC t2s  ->  encode UTF-8 (+ byte offsets)
 *
 * All working memory lives in a per-thread workspace (text_ws) that is reused
 * from call to call, so that a call allocates nothing once it has warmed up.
 */
#ifndef QIAO_TEXT_INTERNAL_H
#define QIAO_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <friso.h>

/* Code points with their source spans. */
typedef struct text_cps {
    uint32_t *cp, *s0, *s1;
    size_t n, cap;
} text_cps;

/* A friso word found inside a Han run: normalised character index and length. */
typedef struct text_span {
    uint32_t start, n;
} text_span;

typedef struct text_ws {
    text_cps a, b;          /* double buffer for the stages */
    char *u8;               /* the normalised text, NUL-terminated */
    size_t u8_len, u8_cap;
    uint32_t *boff;         /* byte offset in u8 of each char of b, n + 1 entries */
    size_t boff_cap;
    int32_t *tmp;           /* utf8proc scratch */
    size_t tmp_cap;
    text_span *words;       /* friso words of the current run */
    size_t nwords, words_cap;
    friso_task_t task;      /* this thread's friso task, created on first use */
} text_ws;

/* Process-wide read-only state, set by text_init. */
extern friso_t text_friso;
extern friso_config_t text_friso_cfg;

/* The calling thread's workspace, created on first use; NULL when text_init
 * has not run (only text_strip_pinyin works without it). */
text_ws *text_ws_get(void);
/* A workspace for callers that run before/without text_init (strip only). */
void text_ws_release_local(text_ws *ws);

void text_cps_reserve(text_cps *c, size_t n);
/* Decodes s into ws->a; invalid bytes become U+FFFD, one per byte. */
void text_decode(text_ws *ws, const char *s, size_t len);
/* Removes pinyin annotations from ws->a in place (pinyin.c). */
void text_pinyin_strip_cps(text_cps *a);
/* Runs NFKC + case folding and t2s; the result is in ws->b, its UTF-8 in
 * ws->u8 with ws->boff. Returns 0, or -1 if t2s was needed but failed. */
int text_fold(text_ws *ws);
/* Encodes c into ws->u8 and fills ws->boff. */
void text_encode(text_ws *ws, const text_cps *c);

int text_is_han(uint32_t cp);

#endif
