/* match/level.c — the match level a person can read: a hit's score as a
 * share of the score the query's own record would get against itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

static int find_term(const match_query *q, uint32_t term)
{
    size_t lo = 0, hi = q->nt;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (q->t[m].term < term)
            lo = m + 1;
        else
            hi = m;
    }
    return lo < q->nt && q->t[lo].term == term ? (int)lo : -1;
}

int match_self_score(match_index *ix, const match_query *q, const model_record *r,
                     model_kind target, float *out, qiao_err *e)
{
    *out = 0;
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: no level against a %s", model_kind_name(target));
    const mx_coll *c = &ix->coll[ci];
    match_query capped;                /* the terms the ranking used */
    int own = mx_query_capped(ix, q, ci, &capped);
    if (own)
        q = &capped;
    mx_arec a = {0};
    int rc = mx_arec_analyze(&a, r, e);
    if (rc < 0)
        goto out;
    /* the record as a document: its counts of each query term per field */
    float (*tf)[MATCH_NFIELDS] = qiao_calloc(q->nt ? q->nt : 1, sizeof *tf);
    for (size_t i = 0; i < a.n; i++) {
        uint32_t id = mx_dict_find(&ix->terms, a.chars + a.v[i].off, a.v[i].len);
        int qi = id == MX_NONE ? -1 : find_term(q, id);
        if (qi >= 0)
            tf[qi][a.v[i].field] += (float)(a.v[i].count > 255 ? 255 : a.v[i].count);
    }
    uint32_t len[MATCH_NFIELDS];
    for (int f = 0; f < MATCH_NFIELDS; f++)
        len[f] = a.flen[f] > MX_LEN_MAX ? MX_LEN_MAX : a.flen[f];
    double avg[MATCH_NFIELDS];
    mx_avg(c, avg);
    double s = 0;
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t t = q->t[i].term;
        /* only what a record of the collection can hold counts */
        if (q->t[i].w <= 0 || t >= c->npl || c->pl[t].df == 0)
            continue;
        float tfn = mx_tfn_lens(avg, len, tf[i]);
        if (tfn > 0)
            s += q->t[i].w * mx_idf(c, t) * (tfn * (match_w.k1 + 1) / (tfn + match_w.k1));
    }
    free(tf);
    /* ... times the largest multiplier a record of the collection can get
     * from the factors that apply between the two kinds (rank.c) */
    int qc = mx_coll_of(q->self_kind), pair = (qc == MX_ACH && ci == MX_DEM) ||
                                              (qc == MX_DEM && ci == MX_ACH);
    double m = 1;
    for (int x = 0; x < MATCH_NFACTORS; x++)
        if (match_w.factor[x] > 0 && (pair || (x != MATCH_X_TRL && x != MATCH_X_MODES)))
            m += match_w.factor[x];
    *out = (float)(s * m);
out:
    mx_arec_free(&a);
    if (own)
        free(capped.t);
    return rc;
}

int match_level(float score, float self)
{
    if (!(self > 0) || !(score > 0))
        return 0;
    double v = 100.0 * score / self;
    return v >= 100 ? 100 : (int)lround(v);
}

const char *match_level_label(int level)
{
    return level >= MATCH_LEVEL_HIGH ? "高" : level >= MATCH_LEVEL_MID ? "中" : "低";
}
