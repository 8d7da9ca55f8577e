/* match/query.c — queries: the search-box language and queries built from
 * a record for matching.
 *
 * Grammar (whitespace separates items; ASCII or ideographic space):
 *   item    := ['-'] (phrase | word) | filter
 *   phrase  := '"' text '"'  |  '“' text '”'
 *   filter  := ('chain' | 'mode' | 'zone' | 'org') ':' value
 *            | 'trl' ('>=' | '>' | '<=' | '<' | '=' | ':') digit
 * Words are ranked (any may match); a phrase must be present (all its
 * bigrams, as the index keeps no positions) and also ranks; -x excludes
 * records holding x. Filters restrict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

#define QUERY_MAX 65536

match_query *mx_query_new(void)
{
    match_query *q = qiao_calloc(1, sizeof *q);
    q->fzone = q->forg = MX_NONE;
    q->trl_lo = 1;
    q->trl_hi = 9;
    q->meta.zone = q->meta.org = MX_NONE;
    return q;
}

void match_query_free(match_query *q)
{
    if (!q)
        return;
    free(q->t);
    free(q->gterm);
    free(q->gstart);
    free(q->gneg);
    free(q->forgs);
    free(q);
}

static void *dup_mem(const void *p, size_t n)
{
    if (!p || n == 0)
        return NULL;
    void *d = qiao_malloc(n);
    memcpy(d, p, n);
    return d;
}

match_query *match_query_copy(const match_query *q)
{
    match_query *c = qiao_malloc(sizeof *c);
    *c = *q;
    c->t = dup_mem(q->t, q->capt * sizeof *q->t);
    c->gterm = dup_mem(q->gterm, q->capgt * sizeof *q->gterm);
    c->gstart = dup_mem(q->gstart, q->gstart ? (q->capg + 1) * sizeof *q->gstart : 0);
    c->gneg = dup_mem(q->gneg, q->gneg ? q->capg : 0);
    c->forgs = dup_mem(q->forgs, (q->nforgs ? q->nforgs : 1) * sizeof *q->forgs);
    if (!c->t)
        c->capt = c->nt = 0;
    if (!c->gterm)
        c->capgt = c->ngterm = 0;
    if (!c->gstart)
        c->capg = c->ng = 0;
    return c;
}

const char *match_query_self(const match_query *q)
{
    return q->self;
}

void mx_query_add(match_query *q, uint32_t term, float w)
{
    if (q->nt == q->capt) {
        q->capt = q->capt ? q->capt * 2 : 64;
        q->t = qiao_realloc(q->t, q->capt * sizeof *q->t);
    }
    q->t[q->nt++] = (mx_qterm){ term, w };
}

static int cmp_qterm(const void *a, const void *b)
{
    uint32_t x = ((const mx_qterm *)a)->term, y = ((const mx_qterm *)b)->term;
    return x < y ? -1 : x > y;
}

void mx_query_finish(match_query *q)
{
    if (q->nt > 1)
        qsort(q->t, q->nt, sizeof *q->t, cmp_qterm);
    size_t o = 0;
    for (size_t i = 0; i < q->nt; i++) {
        if (o && q->t[o - 1].term == q->t[i].term)
            q->t[o - 1].w += q->t[i].w;
        else
            q->t[o++] = q->t[i];
    }
    q->nt = o;
}

/* ---- the heaviest terms of a long query ----
 * A demand text of 400-800 characters makes a query of 190-370 terms, one
 * of a few thousand characters 500-750; the lightest ones (common, or
 * weighted down as boilerplate) add little to any score, but their lists
 * are read all the same. A typed query ranks by its max_query_terms (150)
 * heaviest: demand texts at 10^6 records take 2.7x less time at p99, and
 * techmatch-dev nDCG@10 of flat search stays 0.682 from 1,000 terms down to
 * 150 (0.676 at 125). A query built from a record keeps 300 (`qiao match`
 * nDCG@10 -0.0001; 150-200 would cost ~-0.002). docs/matching.md, session 5. */
static size_t qterms_set;              /* match_set_max_query_terms; 0: match_w */

size_t match_set_max_query_terms(size_t n)
{
    size_t old = qterms_set;
    qterms_set = n;
    return old;
}

typedef struct heavy { float key; uint32_t i; } heavy;

static int cmp_heavy(const void *a, const void *b)
{
    const heavy *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;     /* q->t is in term order */
}

int mx_query_capped(const match_index *ix, const match_query *q, int ci, match_query *out)
{
    size_t cap = qterms_set ? qterms_set
                 : (size_t)(q->has_meta ? match_w.max_record_terms : match_w.max_query_terms);
    if (cap == 0 || q->nt <= cap)
        return 0;
    const mx_coll *c = &ix->coll[ci];
    heavy *h = qiao_malloc(q->nt * sizeof *h);
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t t = q->t[i].term;
        int held = t < c->npl && c->pl[t].df > 0 && q->t[i].w > 0;
        h[i] = (heavy){ held ? q->t[i].w * mx_idf(c, t) : 0.0f, (uint32_t)i };
    }
    qsort(h, q->nt, sizeof *h, cmp_heavy);
    uint8_t *keep = qiao_calloc(q->nt, 1);
    for (size_t j = 0; j < cap; j++)
        keep[h[j].i] = 1;
    *out = *q;
    out->t = qiao_malloc(cap * sizeof *out->t);
    size_t n = 0;
    for (size_t i = 0; i < q->nt; i++)
        if (keep[i])
            out->t[n++] = q->t[i];
    out->nt = out->capt = n;
    free(keep);
    free(h);
    return 1;
}

/* ---- analysis into a query ---- */
typedef struct qctx {
    match_index *ix;
    match_query *q;
    float w;                    /* field weight */
    float lead;                 /* > 0: weigh a token lead / (lead + its position) */
    int group;                  /* collect group terms */
    int score;                  /* add scoring terms */
    uint32_t *gt;
    size_t ngt, capgt;
    uint32_t *gu;               /* unigram terms, used when no bigram */
    size_t ngu, capgu;
    int any;                    /* tokens seen */
    int cover;                  /* a keyword query: weigh unigrams a bigram covers by uni_covered */
    uint32_t *bpos;             /* cover: positions of the known bigrams */
    size_t nbpos, capbpos;
    struct pend { uint32_t id, pos; float w; } *pu;  /* cover: unigrams held back */
    size_t npu, cappu;
} qctx;

static void push_u32(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = qiao_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

/* A term no record holds any more (its records were replaced or removed and
 * their postings compacted away) counts as unknown, as in a fresh build of
 * the same records, which would not have it at all: else a known bigram
 * would hold back the unigrams it covers and the ranking would differ. */
static uint32_t held(const match_index *ix, uint32_t id)
{
    if (id == MX_NONE)
        return id;
    for (int ci = 0; ci < MX_NCOLL; ci++)
        if (id < ix->coll[ci].npl && ix->coll[ci].pl[id].df)
            return id;
    return MX_NONE;
}

static int q_tok(const mx_tok *t, void *ud)
{
    qctx *c = ud;
    c->any = 1;
    uint32_t id = held(c->ix, mx_dict_find(&c->ix->terms, t->term, t->len));
    float w = c->w * match_w.kind[t->kind] *
              (c->lead > 0 ? c->lead / (c->lead + (float)t->pos) : 1.0f);
    if (c->score && id != MX_NONE && c->cover && t->kind == TEXT_TOK_BIGRAM) {
        push_u32(&c->bpos, &c->nbpos, &c->capbpos, t->pos);
    } else if (c->score && id != MX_NONE && c->cover && t->kind == TEXT_TOK_UNIGRAM) {
        if (c->npu == c->cappu) {
            c->cappu = c->cappu ? c->cappu * 2 : 16;
            c->pu = qiao_realloc(c->pu, c->cappu * sizeof *c->pu);
        }
        c->pu[c->npu++] = (struct pend){ id, t->pos, w };
        return 0;
    }
    if (c->score && id != MX_NONE)
        mx_query_add(c->q, id, w);
    if (c->group) {
        if (t->kind == TEXT_TOK_BIGRAM || t->kind == TEXT_TOK_LATIN || t->kind == TEXT_TOK_NUM)
            push_u32(&c->gt, &c->ngt, &c->capgt, id);
        else if (t->kind == TEXT_TOK_UNIGRAM)
            push_u32(&c->gu, &c->ngu, &c->capgu, id);
    }
    return 0;
}

static int analyze_into(qctx *c, const char *s, size_t len, int words, qiao_err *e)
{
    text_tokens tt = {0};
    buf sc = {0};
    int rc = mx_analyze(s, len, words, &tt, &sc, q_tok, c, e);
    for (size_t i = 0; i < c->npu; i++) {  /* the unigrams held back (cover) */
        uint32_t pos = c->pu[i].pos;
        int covered = 0;
        for (size_t j = 0; j < c->nbpos && !covered; j++)
            covered = c->bpos[j] == pos || c->bpos[j] + 1 == pos;
        float w = c->pu[i].w * (covered ? match_w.uni_covered : 1.0f);
        if (w > 0)
            mx_query_add(c->q, c->pu[i].id, w);
    }
    c->npu = c->nbpos = 0;
    text_tokens_free(&tt);
    buf_free(&sc);
    return rc;
}

static void add_group(match_query *q, const uint32_t *t, size_t n, int neg)
{
    if (q->ng + 2 > q->capg) {
        q->capg = q->capg ? q->capg * 2 : 8;
        q->gstart = qiao_realloc(q->gstart, (q->capg + 1) * sizeof *q->gstart);
        q->gneg = qiao_realloc(q->gneg, q->capg);
    }
    if (q->ng == 0)
        q->gstart[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t j = q->gstart[q->ng]; j < q->ngterm && !dup; j++)
            dup = q->gterm[j] == t[i];
        if (!dup)
            push_u32(&q->gterm, &q->ngterm, &q->capgt, t[i]);
    }
    q->gneg[q->ng] = (uint8_t)neg;
    q->ng++;
    q->gstart[q->ng] = (uint32_t)q->ngterm;
}

/* ---- the search-box language ---- */
static size_t char_pos(const char *s, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}

static int space_at(const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xe3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
        return 3;            /* U+3000 ideographic space */
    return 0;
}

static int open_quote(const char *s, size_t i, size_t len)
{
    if (s[i] == '"')
        return 1;
    if (i + 2 < len && memcmp(s + i, "\xe2\x80\x9c", 3) == 0)   /* “ */
        return 3;
    return 0;
}

typedef struct perr {
    const char *s;
    qiao_err *e;
    int keywords;               /* at most keyword_chars characters: a keyword query */
} perr;

__attribute__((format(printf, 3, 4)))
static int fail(const perr *p, size_t off, const char *fmt, ...)
{
    char m[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    return qiao_field_errf(p->e, QIAO_EINVAL, "query", "query: position %zu: %s",
                           char_pos(p->s, off), m);
}

static const char *const filters[] = { "chain", "mode", "zone", "org", "trl" };

/* A filter starts with ASCII letters then ':' or a comparison; returns the
 * index in filters, -2 for an unknown name, -1 when not a filter. */
static int filter_name(const char *s, size_t len, size_t *nlen)
{
    size_t i = 0;
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'))
        i++;
    if (i == 0 || i == len || !(s[i] == ':' || s[i] == '>' || s[i] == '<' || s[i] == '='))
        return -1;
    *nlen = i;
    for (int f = 0; f < 5; f++)
        if (strlen(filters[f]) == i && strncasecmp(filters[f], s, i) == 0)
            return f;
    return -2;
}

static int parse_filter(match_index *ix, match_query *q, const perr *p, size_t off,
                        const char *s, size_t len)
{
    size_t n = 0;
    int f = filter_name(s, len, &n);
    if (f == -2)
        return fail(p, off, "unknown filter '%.*s'; known filters: chain:, mode:, zone:, org:, trl>=N",
                    (int)n, s);
    const char *op = s + n;
    size_t oplen = (op[0] == '>' || op[0] == '<') && n + 1 < len && op[1] == '=' ? 2 : 1;
    const char *v = op + oplen;
    size_t vlen = len - n - oplen;
    if (f != 4 && op[0] != ':')
        return fail(p, off, "filter %s takes ':' (as in %s:value), not '%.*s'", filters[f],
                    filters[f], (int)oplen, op);
    if (vlen == 0)
        return fail(p, off + n + oplen, "filter %s has no value", filters[f]);
    switch (f) {
    case 0: {
        if (q->nfchain == 16)
            return fail(p, off, "at most 16 chain: filters");
        uint32_t id = mx_name_id(ix, v, vlen, 0);
        if (id == MX_NONE)
            q->impossible = 1;
        else
            q->fchain[q->nfchain++] = id;
        return 0;
    }
    case 1: {
        int b = mx_mode_bit(v, vlen);
        if (b < 0)
            return fail(p, off + n + oplen, "unknown transfer mode '%.*s'; modes are self, assign, "
                        "license, cooperate, equity, other", (int)vlen, v);
        q->fmodes |= (uint8_t)(1u << b);
        return 0;
    }
    case 2:
    case 3: {
        uint32_t id = mx_name_id(ix, v, vlen, 0);
        uint32_t *dst = f == 2 ? &q->fzone : &q->forg;
        if (id == MX_NONE || (*dst != MX_NONE && *dst != id))
            q->impossible = 1;
        *dst = id;
        return 0;
    }
    default: {
        if (vlen != 1 || v[0] < '1' || v[0] > '9')
            return fail(p, off + n + oplen, "trl must be a whole number from 1 to 9, got '%.*s'",
                        (int)vlen, v);
        int t = v[0] - '0', lo = 1, hi = 9;
        if (op[0] == '>')
            lo = oplen == 2 ? t : t + 1;
        else if (op[0] == '<')
            hi = oplen == 2 ? t : t - 1;
        else
            lo = hi = t;
        if (lo > q->trl_lo)
            q->trl_lo = (uint8_t)lo;
        if (hi < q->trl_hi)
            q->trl_hi = (uint8_t)hi;
        if (q->trl_lo > q->trl_hi)
            q->impossible = 1;
        return 0;
    }
    }
}

/* A phrase or word: ranks (unless excluded) and, for phrases and
 * exclusions, forms a group. */
static int parse_text(match_index *ix, match_query *q, const perr *p, size_t off,
                      const char *s, size_t len, int phrase, int neg, int *any)
{
    qctx c = { .ix = ix, .q = q, .w = 1.0f, .group = phrase || neg, .score = !neg,
               .cover = p->keywords };
    int rc = analyze_into(&c, s, len, 1, p->e);
    if (rc == 0 && (phrase || neg) && c.any) {
        if (c.ngt)
            add_group(q, c.gt, c.ngt, neg);
        else if (c.ngu)
            add_group(q, c.gu, c.ngu, neg);
    }
    if (rc == 0 && phrase && !c.any)
        rc = fail(p, off, "the quoted phrase holds no searchable characters");
    if (rc == 0 && q->ng > 32)
        rc = fail(p, off, "at most 32 phrases and exclusions");
    *any |= c.any;
    if (c.any && !neg)
        q->has_text = 1;
    free(c.gt);
    free(c.gu);
    free(c.bpos);
    free(c.pu);
    return rc;
}

/* Characters of s (UTF-8 lead bytes). */
static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

int match_query_parse(match_index *ix, const char *s, size_t len, match_query **out,
                      qiao_err *e)
{
    *out = NULL;
    if (len > QUERY_MAX)
        return qiao_field_errf(e, QIAO_EINVAL, "query", "query: %zu bytes is too long; "
                               "a query holds at most %d bytes", len, QUERY_MAX);
    match_query *q = mx_query_new();
    perr p = { s, e, count_chars(s, len) <= (size_t)match_w.keyword_chars };
    int rc = 0, any = 0, nfilters = 0;
    size_t i = 0;
    while (i < len && rc == 0) {
        int sp = space_at(s, i, len);
        if (sp) {
            i += (size_t)sp;
            continue;
        }
        size_t start = i;
        int neg = 0;
        if (s[i] == '-') {
            neg = 1;
            i++;
            if (i == len || space_at(s, i, len))
                continue;   /* a lone '-' is punctuation */
        }
        int oq = open_quote(s, i, len);
        if (oq) {
            const char *close = oq == 1 ? "\"" : "\xe2\x80\x9d";
            size_t cl = strlen(close), j = i + (size_t)oq;
            while (j < len && !(j + cl <= len && memcmp(s + j, close, cl) == 0))
                j++;
            if (j >= len)
                rc = fail(&p, i, "the quote opened here is never closed");
            else
                rc = parse_text(ix, q, &p, i, s + i + oq, j - i - (size_t)oq, 1, neg, &any);
            i = j + cl;
            continue;
        }
        size_t j = i;
        while (j < len && !space_at(s, j, len))
            j++;
        size_t n;
        if (!neg && filter_name(s + i, j - i, &n) != -1) {
            rc = parse_filter(ix, q, &p, start, s + i, j - i);
            nfilters++;
        } else {
            rc = parse_text(ix, q, &p, start, s + i, j - i, 0, neg, &any);
        }
        i = j;
    }
    if (rc == 0 && !any && !nfilters)
        rc = qiao_field_errf(e, QIAO_EINVAL, "query", len ? "query: nothing to search for: "
                             "the query holds no letters, digits or Chinese characters"
                             : "query: the query is empty");
    if (rc < 0) {
        match_query_free(q);
        return rc;
    }
    mx_query_finish(q);
    *out = q;
    return 0;
}

/* ---- a query from a record ---- */

/* Appends each sentence of s once (a description that repeats itself counts once). */
static void unique_sentences(const char *s, size_t len, buf *out)
{
    uint64_t *seen = NULL;
    size_t n = 0, cap = 0;
    size_t a = 0;
    while (a < len) {
        size_t b = a;
        while (b < len) {
            unsigned char c = (unsigned char)s[b];
            if (c == '\n' || c == ';' || c == '!' || c == '?') {
                b++;
                break;
            }
            if (c == 0xe3 && b + 2 < len && (unsigned char)s[b + 1] == 0x80 &&
                (unsigned char)s[b + 2] == 0x82) {          /* 。 */
                b += 3;
                break;
            }
            if (c == 0xef && b + 2 < len && (unsigned char)s[b + 1] == 0xbc &&
                ((unsigned char)s[b + 2] == 0x9b || (unsigned char)s[b + 2] == 0x81 ||
                 (unsigned char)s[b + 2] == 0x9f)) {        /* ； ！ ？ */
                b += 3;
                break;
            }
            b++;
        }
        size_t x = a, y = b;   /* trim ASCII space for the comparison */
        while (x < y && (s[x] == ' ' || s[x] == '\t' || s[x] == '\r'))
            x++;
        while (y > x && (s[y - 1] == ' ' || s[y - 1] == '\t' || s[y - 1] == '\r'))
            y--;
        uint64_t h = mx_hash(s + x, y - x);
        int dup = 0;
        for (size_t i = 0; i < n && !dup; i++)
            dup = seen[i] == h;
        if (!dup) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                seen = qiao_realloc(seen, cap * sizeof *seen);
            }
            seen[n++] = h;
            buf_append(out, s + a, b - a);
        }
        a = b;
    }
    free(seen);
}

int match_query_from_record(match_index *ix, const model_record *r, match_query **out,
                            qiao_err *e)
{
    *out = NULL;
    if (mx_coll_of(r->kind) < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: a %s cannot be matched; use an achievement, "
                         "demand or person", model_kind_name(r->kind));
    match_query *q = mx_query_new();
    q->has_meta = 1;
    q->has_text = 1;
    q->self_kind = r->kind;
    snprintf(q->self, sizeof q->self, "%s", r->key);
    mx_meta_of(ix, r, &q->meta, 0);
    mx_fields f;
    mx_fields_of(r, &f);
    buf body = {0};
    unique_sentences(f.text[MATCH_F_BODY], f.len[MATCH_F_BODY], &body);
    f.text[MATCH_F_BODY] = buf_cstr(&body);
    f.len[MATCH_F_BODY] = body.len;
    qctx c = { .ix = ix, .q = q, .score = 1 };
    int rc = 0;
    for (int fi = 0; fi < MATCH_NFIELDS && rc == 0; fi++) {
        c.w = match_w.qfield[fi];
        c.lead = fi == MATCH_F_BODY ? match_w.lead_chars : 0;   /* a body states its point first */
        rc = analyze_into(&c, f.text[fi], f.len[fi], mx_field_words(fi), e);
    }
    buf_free(&body);
    mx_fields_free(&f);
    if (rc < 0) {
        match_query_free(q);
        return rc;
    }
    mx_query_finish(q);
    /* query-side idf over the query's own kind */
    const mx_coll *own = &ix->coll[mx_coll_of(r->kind)];
    if (own->nlive > 0)
        for (size_t i = 0; i < q->nt; i++)
            q->t[i].w *= mx_idf(own, q->t[i].term);
    *out = q;
    return 0;
}
