/* match/rank.c — BM25F scoring pieces and the structured factors (search.c
 * evaluates queries with them). */
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
    double avg[MATCH_NFIELDS];
    mx_avg(c, avg);
    return mx_tfn_avg(avg, d, tf);
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

