/* match/rank.c — BM25F scoring, structured factors and the top k. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

float mx_idf(const mx_coll *c, uint32_t term)
{
    if (term >= c->npl)
        return 0;
    double n = c->pl[term].df, N = c->nlive;
    if (n > N)
        n = N;
    return (float)log(1.0 + (N - n + 0.5) / (n + 0.5));
}

float mx_tfn(const mx_coll *c, const mx_doc *d, const float tf[MATCH_NFIELDS])
{
    float s = 0;
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        if (tf[f] <= 0)
            continue;
        double avg = c->nlive ? c->lensum[f] / c->nlive : 0;
        double norm = avg > 0 ? 1 - match_w.b[f] + match_w.b[f] * d->len[f] / avg : 1;
        s += (float)(match_w.field[f] * tf[f] / norm);
    }
    return s;
}

float mx_sat(float tfn)
{
    return tfn * (match_w.k1 + 1) / (tfn + match_w.k1);
}

const uint8_t *mx_posting(const uint8_t *s, uint32_t *doc, float tf[MATCH_NFIELDS])
{
    uint64_t v = 0;
    int sh = 0;
    while (*s & 0x80) {
        v |= (uint64_t)(*s++ & 0x7f) << sh;
        sh += 7;
    }
    v |= (uint64_t)*s++ << sh;
    *doc += (uint32_t)(v >> 2);
    tf[0] = tf[1] = tf[2] = 0;
    switch (v & 3) {
    case 0: tf[MATCH_F_BODY] = 1; break;
    case 1: tf[MATCH_F_TITLE] = 1; break;
    case 2: tf[MATCH_F_KEYWORDS] = 1; break;
    default:
        for (int f = 0; f < MATCH_NFIELDS; f++)
            tf[f] = s[f];
        s += MATCH_NFIELDS;
    }
    return s;
}

static int popcount8(unsigned x)
{
    return __builtin_popcount(x & 0xffu);
}

void mx_factors(const match_query *q, int target, const match_index *ix,
                const mx_doc *d, int32_t today, float out[MATCH_NFACTORS])
{
    memset(out, 0, MATCH_NFACTORS * sizeof *out);
    if (d->day != MX_NODAY) {
        float v = 1.0f - (float)(today - d->day) / match_w.fresh_days;
        out[MATCH_X_FRESH] = match_w.factor[MATCH_X_FRESH] * (v < 0 ? 0 : v > 1 ? 1 : v);
    }
    if (!q->has_meta)
        return;
    const mx_meta *m = &q->meta;
    const mx_coll *c = &ix->coll[target];
    if (m->nchains && d->nchains) {
        int shared = 0;
        for (int i = 0; i < m->nchains; i++)
            for (int j = 0; j < d->nchains; j++)
                if (m->chain[i] == c->chainv[d->chains + j]) {
                    shared++;
                    break;
                }
        out[MATCH_X_CHAINS] = match_w.factor[MATCH_X_CHAINS] * (float)shared / m->nchains;
    }
    int qc = mx_coll_of(q->self_kind);
    if (m->trl && d->trl && qc != target && (qc == MX_ACH || qc == MX_DEM) &&
        (target == MX_ACH || target == MX_DEM)) {
        int trl = qc == MX_ACH ? m->trl : d->trl;
        int need = qc == MX_ACH ? d->trl : m->trl;
        float v = trl >= need ? 1.0f : -fminf(1.0f, (float)(need - trl) / match_w.trl_gap);
        out[MATCH_X_TRL] = match_w.factor[MATCH_X_TRL] * v;
    }
    if (m->modes && d->modes) {
        int shared = popcount8(m->modes & d->modes);
        float v = shared ? (float)shared / popcount8(m->modes) : match_w.modes_miss;
        out[MATCH_X_MODES] = match_w.factor[MATCH_X_MODES] * v;
    }
    if (m->zone != MX_NONE && d->zone == m->zone)
        out[MATCH_X_ZONE] = match_w.factor[MATCH_X_ZONE];
}

void match_hits_free(match_hits *h)
{
    free(h->v);
    memset(h, 0, sizeof *h);
}

static int passes(const match_query *q, const mx_coll *c, const mx_doc *d)
{
    for (int i = 0; i < q->nfchain; i++) {
        int found = 0;
        for (int j = 0; j < d->nchains && !found; j++)
            found = c->chainv[d->chains + j] == q->fchain[i];
        if (!found)
            return 0;
    }
    if (q->fmodes && !(q->fmodes & d->modes))
        return 0;
    if (q->fzone != MX_NONE && d->zone != q->fzone)
        return 0;
    if (q->forg != MX_NONE && d->org != q->forg)
        return 0;
    if ((q->trl_lo > 1 || q->trl_hi < 9) && (d->trl < q->trl_lo || d->trl > q->trl_hi || !d->trl))
        return 0;
    return 1;
}

typedef struct cand { float score; uint32_t doc; } cand;

typedef struct heap {
    cand *v;
    size_t n, k;
    const mx_coll *c;
} heap;

/* 1 when a ranks above b: higher score, then smaller key */
static int above(const heap *h, const cand *a, const cand *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    return strcmp(mx_dict_str(&h->c->keys, h->c->docs[a->doc].key),
                  mx_dict_str(&h->c->keys, h->c->docs[b->doc].key)) < 0;
}

static void heap_push(heap *h, cand x)
{
    if (h->n == h->k) {           /* min-heap of the best k: replace the worst */
        if (!above(h, &x, &h->v[0]))
            return;
        size_t i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, m = i;
            const cand *mv = &x;
            if (l < h->n && above(h, mv, &h->v[l])) { m = l; mv = &h->v[l]; }
            if (r < h->n && above(h, mv, &h->v[r])) { m = r; }
            if (m == i)
                break;
            h->v[i] = h->v[m];
            i = m;
        }
        h->v[i] = x;
        return;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!above(h, &h->v[p], &x))
            break;
        h->v[i] = h->v[p];
        i = p;
    }
    h->v[i] = x;
}

static int cmp_cand(const void *a, const void *b, void *h)
{
    return above(h, a, b) ? -1 : above(h, b, a) ? 1 : 0;
}

/* Marks the docs holding every term of group g: mask |= bit. */
static void group_docs(const match_query *q, size_t g, const mx_coll *c,
                       uint16_t *cnt, uint32_t *mask, uint32_t bit)
{
    size_t a = q->gstart[g], b = q->gstart[g + 1];
    for (size_t i = a; i < b; i++) {
        uint32_t t = q->gterm[i];
        if (t == MX_NONE || t >= c->npl)
            return;               /* a term no record holds: no doc satisfies */
    }
    for (size_t i = a; i < b; i++) {
        const mx_plist *p = &c->pl[q->gterm[i]];
        const uint8_t *s = p->p, *end = p->p + p->len;
        uint32_t doc = 0;
        float tf[MATCH_NFIELDS];
        while (s < end) {
            s = mx_posting(s, &doc, tf);
            if (cnt[doc] == i - a) {
                cnt[doc]++;
                if (i + 1 == b)
                    mask[doc] |= bit;
            }
        }
    }
    for (size_t i = a; i < b; i++) {   /* reset the counters we touched */
        const mx_plist *p = &c->pl[q->gterm[i]];
        const uint8_t *s = p->p, *end = p->p + p->len;
        uint32_t doc = 0;
        float tf[MATCH_NFIELDS];
        while (s < end) {
            s = mx_posting(s, &doc, tf);
            cnt[doc] = 0;
        }
    }
}

int match_search(match_index *ix, const match_query *q, model_kind target,
                 size_t top, match_hits *out, qiao_err *e)
{
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: cannot rank records of kind %s",
                         model_kind_name(target));
    out->n = 0;
    const mx_coll *c = &ix->coll[ci];
    if (q->impossible || top == 0 || c->nlive == 0)
        return 0;
    uint32_t nd = c->ndocs;
    float *acc = qiao_calloc(nd, sizeof *acc);
    uint32_t *touched = NULL;
    size_t nt = 0;
    uint32_t *mask = NULL;
    uint32_t need = 0, negmask = 0;
    if (q->has_text) {
        touched = qiao_malloc(nd * sizeof *touched);
        for (size_t i = 0; i < q->nt; i++) {
            uint32_t t = q->t[i].term;
            if (t >= c->npl || !c->pl[t].len || q->t[i].w <= 0)
                continue;
            float w = q->t[i].w * mx_idf(c, t);
            const mx_plist *p = &c->pl[t];
            const uint8_t *s = p->p, *end = p->p + p->len;
            uint32_t doc = 0;
            float tf[MATCH_NFIELDS];
            while (s < end) {
                s = mx_posting(s, &doc, tf);
                const mx_doc *d = &c->docs[doc];
                if (!d->live)
                    continue;
                if (acc[doc] == 0)
                    touched[nt++] = doc;
                acc[doc] += w * mx_sat(mx_tfn(c, d, tf));
            }
        }
    }
    if (q->ng) {
        mask = qiao_calloc(nd, sizeof *mask);
        uint16_t *cnt = qiao_calloc(nd, sizeof *cnt);
        for (size_t g = 0; g < q->ng && g < 32; g++) {
            uint32_t bit = 1u << g;
            if (q->gneg[g])
                negmask |= bit;
            else
                need |= bit;
            group_docs(q, g, c, cnt, mask, bit);
        }
        free(cnt);
    }
    heap h = { qiao_malloc((top < nd ? top : nd) * sizeof(cand)), 0, top < nd ? top : nd, c };
    int32_t today = mx_today();
    int self_here = q->self[0] && mx_coll_of(q->self_kind) == ci;
    size_t ncand = q->has_text ? nt : nd;
    for (size_t i = 0; i < ncand; i++) {
        uint32_t doc = q->has_text ? touched[i] : (uint32_t)i;
        const mx_doc *d = &c->docs[doc];
        if (!d->live || !passes(q, c, d))
            continue;
        if (mask && ((mask[doc] & need) != need || (mask[doc] & negmask)))
            continue;
        if (self_here && strcmp(mx_dict_str(&c->keys, d->key), q->self) == 0)
            continue;
        float f[MATCH_NFACTORS], sum = 1;
        mx_factors(q, ci, ix, d, today, f);
        for (int x = 0; x < MATCH_NFACTORS; x++)
            sum += f[x];
        if (sum < match_w.min_multiplier)
            sum = match_w.min_multiplier;
        heap_push(&h, (cand){ acc[doc] * sum, doc });
    }
    qsort_r(h.v, h.n, sizeof *h.v, cmp_cand, &h);
    if (out->cap < h.n) {
        out->cap = h.n;
        out->v = qiao_realloc(out->v, out->cap * sizeof *out->v);
    }
    for (size_t i = 0; i < h.n; i++) {
        const mx_doc *d = &c->docs[h.v[i].doc];
        match_hit *o = &out->v[i];
        memset(o, 0, sizeof *o);
        snprintf(o->key, sizeof o->key, "%s", mx_dict_str(&c->keys, d->key));
        o->kind = target;
        o->score = h.v[i].score;
        o->text = acc[h.v[i].doc];
        mx_factors(q, ci, ix, d, today, o->factor);
    }
    out->n = h.n;
    free(h.v);
    free(acc);
    free(touched);
    free(mask);
    (void)e;
    return 0;
}
