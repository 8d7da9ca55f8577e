/* match/score.c — the scores of given records for a query (match.h,
 * match_score_keys): the same formula as match_search, for a few records
 * looked up by key instead of the best of all of them. Used to confirm that a
 * record would rank for a query without ranking the whole collection. */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

typedef struct kd { uint32_t doc; size_t at; } kd;

static int cmp_kd(const void *a, const void *b)
{
    uint32_t x = ((const kd *)a)->doc, y = ((const kd *)b)->doc;
    return x < y ? -1 : x > y;
}

int match_score_keys(match_index *ix, const match_query *q, model_kind target,
                     const char *const *keys, size_t n, match_hits *out, qiao_err *e)
{
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: cannot score records of kind %s",
                         model_kind_name(target));
    out->n = 0;
    const mx_coll *c = &ix->coll[ci];
    if (!n || q->impossible || !c->nlive)
        return 0;
    kd *v = qiao_malloc(n * sizeof *v);
    size_t m = 0;
    int self_here = q->self[0] && mx_coll_of(q->self_kind) == ci;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = mx_dict_find(&c->keys, keys[i], strlen(keys[i]));
        if (id == MX_NONE || !c->keydoc || c->keydoc[id] == MX_NONE)
            continue;
        uint32_t doc = c->keydoc[id];
        if (doc >= c->ndocs || !mx_live(c, doc))
            continue;
        if (self_here && strcmp(keys[i], q->self) == 0)
            continue;
        v[m++] = (kd){doc, i};
    }
    qsort(v, m, sizeof *v, cmp_kd);
    size_t w = 0;                      /* the same key twice: once */
    for (size_t i = 0; i < m; i++)
        if (!w || v[w - 1].doc != v[i].doc)
            v[w++] = v[i];
    m = w;
    match_query capped;
    int own = mx_query_capped(ix, q, ci, &capped);
    if (own)
        q = &capped;
    uint32_t *docs = qiao_malloc((m ? m : 1) * sizeof *docs);
    mx_fx *fx = qiao_calloc(m ? m : 1, sizeof *fx);
    for (size_t i = 0; i < m; i++)
        docs[i] = v[i].doc;
    match_query none = *q;             /* the second phase over every term of q */
    none.nt = 0;
    if (q->has_text)
        mx_rescore(ix, q, &none, ci, docs, m, fx);
    if (out->cap < m) {
        out->cap = m;
        out->v = qiao_realloc(out->v, out->cap * sizeof *out->v);
    }
    int32_t today = mx_today();
    for (size_t i = 0; i < m; i++) {
        const mx_doc *d = &c->docs[docs[i]];
        match_hit *o = &out->v[i];
        memset(o, 0, sizeof *o);
        snprintf(o->key, sizeof o->key, "%s", keys[v[i].at]);
        o->kind = target;
        o->text = mx_fx_float(fx[i]);
        mx_factors(q, ci, ix, d, today, o->factor);
        float mult = 1;
        for (int x = 0; x < MATCH_NFACTORS; x++)
            mult += o->factor[x];
        if (mult < match_w.min_multiplier)
            mult = match_w.min_multiplier;
        o->score = o->text * mult;
    }
    out->n = m;
    free(docs);
    free(fx);
    free(v);
    if (own)
        free(capped.t);
    return 0;
}
