/* match/words.c — the shared words of a match, as a person reads them:
 * whole words (friso words, latin words) and keyword entries that both
 * records hold and whose terms counted in the score, never the bigram
 * fragments an explanation's runs are made of, never stopwords or the
 * data's own boilerplate. */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

/* The data's boilerplate: phrases blanked out of both records before their
 * words are taken (the demo and sample records end with "（示例数据）"). */
static const char *const boilerplate[] = { "示例数据", "示例" };

/* Words that say nothing about what a record is about: what every demand
 * or achievement says of itself. Normalised (simplified) forms. */
static const char *const stopwords[] = {
    "需求", "技术", "需要", "要求", "希望", "寻找", "我们", "本公司", "公司", "企业",
    "进行", "实现", "提供", "具有", "可以", "能够", "一种", "采用", "方法", "研究",
    "开发", "应用", "相关", "以及", "方面", "方式", "问题", "目标", "内容", "需求内容",
    "预期目标", "合作", "产品", "场景", "适合", "适用", "面向", "通过", "基于", "用于",
    "获得", "一款", "一批", "不少", "不低于", "以上", "以下", "以内", "左右", "国内",
    "高校", "成果", "转化", "项目", "工作", "方案", "提高", "降低", "支持", "包括",
    "提升", "改进", "优化", "直接", "现有", "验证", "系统", "结构", "周期", "能力",
};

int match_is_stopword(const char *w)
{
    for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
        if (strcmp(stopwords[i], w) == 0)
            return 1;
    for (size_t i = 0; i < sizeof boilerplate / sizeof *boilerplate; i++)
        if (strcmp(boilerplate[i], w) == 0)
            return 1;
    return 0;
}

static size_t nchars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

typedef struct cand {
    char *norm;                  /* normalised word */
    char *orig;                  /* as the author wrote it */
    float score;
    int theirs;                  /* orig is the query record's spelling */
} cand;

typedef struct wset {
    cand *v;
    size_t n, cap;
    uint32_t *slot;              /* open addressing: index in v + 1, 0 empty */
    size_t nslot;                /* a power of two, at least 2 n */
} wset;

static cand *wset_find(const wset *s, const char *norm)
{
    if (!s->nslot)
        return NULL;
    size_t m = s->nslot - 1;
    for (size_t i = mx_hash(norm, strlen(norm)) & m; s->slot[i]; i = (i + 1) & m)
        if (strcmp(s->v[s->slot[i] - 1].norm, norm) == 0)
            return &s->v[s->slot[i] - 1];
    return NULL;
}

static void wset_slot(wset *s, size_t at)
{
    size_t m = s->nslot - 1, i = mx_hash(s->v[at].norm, strlen(s->v[at].norm)) & m;
    while (s->slot[i])
        i = (i + 1) & m;
    s->slot[i] = (uint32_t)at + 1;
}

static void wset_add(wset *s, const char *norm, size_t nlen, const char *orig, size_t olen)
{
    char *n = qiao_strndup(norm, nlen);
    if (wset_find(s, n)) {
        free(n);
        return;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = qiao_realloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (cand){ n, qiao_strndup(orig, olen), 0, 0 };
    if (2 * s->n > s->nslot) {           /* grow and rehash */
        free(s->slot);
        s->nslot = s->nslot ? 2 * s->nslot : 128;
        s->slot = qiao_calloc(s->nslot, sizeof *s->slot);
        for (size_t i = 0; i < s->n; i++)
            wset_slot(s, i);
    } else {
        wset_slot(s, s->n - 1);
    }
}

static void wset_free(wset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].norm);
        free(s->v[i].orig);
    }
    free(s->v);
    free(s->slot);
    memset(s, 0, sizeof *s);
}

/* A copy of s with every boilerplate phrase replaced by spaces of the same
 * byte length (so that offsets into it are offsets into s). */
static char *unboiled(const char *s, size_t len)
{
    char *c = qiao_strndup(s, len);
    for (size_t i = 0; i < sizeof boilerplate / sizeof *boilerplate; i++)
        for (char *p = strstr(c, boilerplate[i]); p; p = strstr(p, boilerplate[i]))
            memset(p, ' ', strlen(boilerplate[i]));
    return c;
}

/* Whether s[at..] starts a clause separator (CJK sentence punctuation or a
 * newline: never inside a word, a pinyin annotation or a number); its
 * length, else 0. */
static size_t separator(const char *s, size_t at, size_t len)
{
    static const char *const sep[] = { "，", "。", "；", "！", "？", "、", "：" };
    if (s[at] == '\n')
        return 1;
    for (size_t i = 0; i < sizeof sep / sizeof *sep; i++)
        if (at + 3 <= len && memcmp(s + at, sep[i], 3) == 0)
            return 3;
    return 0;
}

typedef struct span { size_t a, b; } span;

static int cmp_span(const void *x, const void *y)
{
    const span *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* The clauses of a field's text s (len bytes) that hold one of x's runs of
 * that field (every place the run's text occurs), merged, into *out; how
 * many, or (size_t)-1 when a run is not found (then the whole field is
 * wanted). friso segments each run of Han characters on its own (text.h),
 * and a clause ends where a run does, so a clause gives the words it gives
 * in the whole text. */
static size_t run_clauses(const char *s, size_t len, int field, const match_explanation *x,
                          span **out)
{
    size_t n = 0, cap = 16;
    *out = qiao_malloc(cap * sizeof **out);
    span *sep = NULL;                          /* the separators of s, in order */
    size_t nsep = 0, csep = 0;
    for (size_t i = 0; i < x->nterms; i++) {
        if (x->terms[i].field != field || nchars(x->terms[i].text) < 2)
            continue;                          /* a lone character holds no word */
        const char *t = x->terms[i].text;
        size_t tl = strlen(t);
        const char *p = tl ? memmem(s, len, t, tl) : NULL;
        if (!p) {
            free(*out);
            free(sep);
            *out = NULL;
            return (size_t)-1;
        }
        if (!sep) {        /* a separator starts only at a character's first byte */
            sep = qiao_malloc((csep = 16) * sizeof *sep);
            for (size_t at = 0, l; at < len; at += l ? l : 1)
                if ((l = separator(s, at, len))) {
                    if (nsep == csep)
                        sep = qiao_realloc(sep, (csep *= 2) * sizeof *sep);
                    sep[nsep++] = (span){ at, at + l };
                }
        }
        for (; p; p = memmem(p + tl, len - (size_t)(p + tl - s), t, tl)) {
            size_t a = (size_t)(p - s), b = a + tl;
            /* back to the end of the last separator before a, on to the
             * first separator at or after b */
            size_t lo = 0, hi = nsep;
            while (lo < hi) {
                size_t m = (lo + hi) / 2;
                if (sep[m].a < a)
                    lo = m + 1;
                else
                    hi = m;
            }
            a = lo ? sep[lo - 1].b : 0;
            while (lo < nsep && sep[lo].a < b)
                lo++;
            b = lo < nsep ? sep[lo].a : len;
            if (n == cap)
                *out = qiao_realloc(*out, (cap *= 2) * sizeof **out);
            (*out)[n++] = (span){ a, b };
        }
    }
    if (n > 1)
        qsort(*out, n, sizeof **out, cmp_span);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && (*out)[i].a <= (*out)[m - 1].b) {
            if ((*out)[i].b > (*out)[m - 1].b)
                (*out)[m - 1].b = (*out)[i].b;
        } else {
            (*out)[m++] = (*out)[i];
        }
    }
    free(sep);
    return m;
}

/* The whole words of r and its keyword entries into w; its normalised text,
 * fields joined by newlines, into all. x NULL: the words of every field;
 * else (r is x's hit) only the words in the clauses that hold one of x's
 * runs — the only words that can be reasons — without segmenting a long
 * body whole for every hit. */
static int words_of(const model_record *r, const match_explanation *x, match_wcache *wc,
                    wset *w, buf *all, qiao_err *e)
{
    mx_fields f;
    mx_fields_of(r, &f);
    text_tokens tt = {0};
    mx_cwords cw = {0};
    int rc = 0;
    for (int fi = 0; fi < MATCH_NFIELDS && rc == 0; fi++) {
        char *s = unboiled(f.text[fi] ? f.text[fi] : "", f.len[fi]);
        span whole = { 0, f.len[fi] }, *cl = &whole;
        size_t ncl = 1;
        if (x) {
            ncl = run_clauses(f.text[fi], f.len[fi], fi, x, &cl);  /* runs: as written */
            if (ncl == (size_t)-1) {
                ncl = 1;
                cl = &whole;
            }
        }
        for (size_t c = 0; c < ncl && rc == 0; c++) {
            rc = mx_clause_words(wc, s + cl[c].a, cl[c].b - cl[c].a, &tt, &cw, e);
            for (size_t i = 0; rc == 0 && i < cw.n; i++) {
                const mx_cword *t = &cw.v[i];
                wset_add(w, cw.terms + t->term, t->len, f.text[fi] + cl[c].a + t->src_off,
                         t->src_len);
            }
        }
        if (cl != &whole)
            free(cl);
        size_t nl;
        char *n = rc == 0 ? text_normalize(s, f.len[fi], &nl) : NULL;
        if (n) {
            buf_append(all, n, nl);
            buf_putc(all, '\n');
        }
        free(n);
        free(s);
    }
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r->doc, "keywords"), i, v) {
        if (rc < 0 || !json_is_string(v))
            continue;
        size_t nl;
        char *n = text_normalize(json_string_value(v), json_string_length(v), &nl);
        if (n && nl)
            wset_add(w, n, nl, json_string_value(v), json_string_length(v));
        free(n);
    }
    text_tokens_free(&tt);
    mx_cwords_free(&cw);
    mx_fields_free(&f);
    return rc;
}

/* The words of p spelt as the query's record wrote them get the hit's own
 * spelling where its text holds them (ＩＰ授权 in a demand, IP授权 in the
 * achievement that matched it). */
static void spell_as_hit(const model_record *doc, wset *p)
{
    const char **w = qiao_calloc(p->n ? p->n : 1, sizeof *w);
    size_t *at = qiao_calloc(p->n ? p->n : 1, sizeof *at), n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i].theirs) {
            at[n] = i;
            w[n++] = p->v[i].norm;
        }
    mx_fields f;
    mx_fields_of(doc, &f);
    size_t left = n;                   /* not yet found */
    for (int fi = 0; fi < MATCH_NFIELDS && left; fi++) {
        text_found *sp = NULL;
        size_t ns = text_find_normalized(f.text[fi], f.len[fi], w, n, &sp);
        for (size_t k = 0; k < ns; k++) {
            cand *c = &p->v[at[sp[k].word]];
            if (!c->theirs)
                continue;                  /* already spelt from an earlier field */
            free(c->orig);
            c->orig = qiao_strndup(f.text[fi] + sp[k].off, sp[k].len);
            c->theirs = 0;
            left--;
        }
        free(sp);
    }
    mx_fields_free(&f);
    free(at);
    free(w);
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->norm, y->norm);
}

/* Whether a word is worth showing: two or more characters, not only digits
 * or symbols, not a stopword. */
static int showable(const char *norm)
{
    if (nchars(norm) < 2 || match_is_stopword(norm))
        return 0;
    for (const char *p = norm; *p; p++)
        if ((*p < '0' || *p > '9') && *p != '.')
            return 1;
    return 0;
}

struct match_reasons {
    wset w;                      /* the query record's words and keyword entries */
    buf all;                     /* its normalised text */
    match_wcache *wc;            /* NULL, or the clauses' words seen before */
};

int match_reasons_new(const model_record *q, match_reasons **out, qiao_err *e)
{
    return match_reasons_cached(q, NULL, out, e);
}

int match_reasons_cached(const model_record *q, match_wcache *c, match_reasons **out,
                         qiao_err *e)
{
    match_reasons *r = qiao_calloc(1, sizeof *r);
    r->wc = c;
    int rc = words_of(q, NULL, c, &r->w, &r->all, e);
    if (rc < 0) {
        match_reasons_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

void match_reasons_free(match_reasons *r)
{
    if (!r)
        return;
    wset_free(&r->w);
    buf_free(&r->all);
    free(r);
}

int match_reason_words(const match_reasons *qr, const model_record *doc,
                       const match_explanation *x, size_t max, match_words *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    const wset qw = qr->w;
    wset dw = {0};
    const buf qall = qr->all;
    buf dall = {0};
    char **runs = qiao_calloc(x->nterms ? x->nterms : 1, sizeof *runs);
    int rc = words_of(doc, x, qr->wc, &dw, &dall, e);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < x->nterms; i++)
        runs[i] = text_normalize(x->terms[i].text, strlen(x->terms[i].text), NULL);
    /* candidates: the hit's words the query record holds too (as a word,
     * or a keyword entry found in the other's text), then the query
     * record's keyword entries found in the hit's text */
    wset pick = {0};
    for (int side = 0; side < 2; side++) {
        const wset *from = side ? &qw : &dw, *other = side ? &dw : &qw;
        const char *other_text = buf_cstr(side ? &dall : &qall);
        for (size_t i = 0; i < from->n; i++) {
            const cand *c = &from->v[i];
            if (!showable(c->norm) || wset_find(&pick, c->norm))
                continue;
            if (!wset_find(other, c->norm) && !strstr(other_text, c->norm))
                continue;
            float s = 0;        /* its share of the runs that scored */
            size_t n = nchars(c->norm);
            for (size_t j = 0; j < x->nterms; j++)
                if (runs[j] && strstr(runs[j], c->norm))
                    s += x->terms[j].score * (float)n / (float)nchars(runs[j]);
            if (s <= 0)
                continue;       /* shared, but its terms did not count */
            wset_add(&pick, c->norm, strlen(c->norm), c->orig, strlen(c->orig));
            pick.v[pick.n - 1].score = s;
            pick.v[pick.n - 1].theirs = side;
        }
    }
    spell_as_hit(doc, &pick);
    /* a word inside a longer word picked (集成 in 集成电路) adds nothing */
    unsigned char *inside = qiao_calloc(pick.n ? pick.n : 1, 1);
    for (size_t i = 0; i < pick.n; i++)
        for (size_t j = 0; j < pick.n && !inside[i]; j++)
            inside[i] = j != i && strlen(pick.v[j].norm) > strlen(pick.v[i].norm) &&
                        strstr(pick.v[j].norm, pick.v[i].norm);
    size_t keep = 0;
    for (size_t i = 0; i < pick.n; i++) {
        if (inside[i]) {
            free(pick.v[i].norm);
            free(pick.v[i].orig);
        } else {
            pick.v[keep++] = pick.v[i];
        }
    }
    free(inside);
    pick.n = keep;
    if (pick.n > 1)
        qsort(pick.v, pick.n, sizeof *pick.v, cmp_cand);
    out->v = qiao_calloc(pick.n ? pick.n : 1, sizeof *out->v);
    for (size_t i = 0; i < pick.n; i++) {
        if (out->n < max) {
            out->v[out->n++] = (match_word){ pick.v[i].orig, pick.v[i].norm, pick.v[i].score };
        } else {
            free(pick.v[i].norm);
            free(pick.v[i].orig);
        }
    }
    free(pick.v);
    free(pick.slot);
out:
    for (size_t i = 0; i < x->nterms; i++)
        free(runs[i]);
    free(runs);
    wset_free(&dw);
    buf_free(&dall);
    return rc;
}

void match_words_free(match_words *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].text);
        free(w->v[i].norm);
    }
    free(w->v);
    memset(w, 0, sizeof *w);
}
