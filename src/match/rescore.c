/* match/rescore.c — the second phase of query evaluation.
 *
 * A long query (a demand's description) holds hundreds of single
 * characters and common bigrams, many of them in an eighth or more of the
 * records: their posting lists are most of the index, and MaxScore cannot
 * leave them out because together they add a lot. So a query with such terms
 * is ranked in two phases (search.c): the first ranks with every other term
 * (words, rarer bigrams and characters) and keeps the best max(cand_min,
 * cand_per_top × top) candidates with their text scores over those terms;
 * the second adds the terms the first left out — the same formula, summed in
 * fixed point (mx_fx, where order does not matter), so a record's score is
 * bit for bit the one exhaustive evaluation gives, and the final ranking
 * equals the exhaustive one whenever its top k lie among the candidates
 * (always when the candidates are all the records).
 *
 * The terms left out are those held by more than dense_df of the records,
 * and random_access_df <= dense_df gives each of them random access
 * (dense.c): the second phase looks each candidate up in them directly. A
 * term that became that common after the arrays were built is probed in its
 * list with block skips (candidates in doc order).
 */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

int mx_phase1_query(const match_index *ix, const match_query *q, int ci, match_query *sub)
{
    const mx_coll *c = &ix->coll[ci];
    double lim = (double)match_w.dense_df * c->nlive;
    size_t keep = 0, dense = 0;
    double dpost = 0;
    mx_qterm *t = qiao_malloc((q->nt ? q->nt : 1) * sizeof *t);
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t id = q->t[i].term;
        if (id < c->npl && c->pl[id].df > lim && q->t[i].w > 0) {
            dense++;
            dpost += c->pl[id].df;
            continue;
        }
        t[keep++] = q->t[i];
    }
    if (!dense || !keep || dpost < (double)match_w.dense_postings * c->nlive) {
        free(t);
        return 0;
    }
    *sub = *q;
    sub->t = t;
    sub->nt = sub->capt = keep;
    return 1;
}

int mx_probe_at(mx_probe *k, uint32_t target)
{
    if (k->pl->dense)                  /* a common term: random access */
        return mx_dense_get(k->pl->dense, target, k->tf);
    if (k->have && k->doc >= target)
        return k->doc == target;
    const mx_plist *p = k->pl;
    if (p->nblk && p->blk[k->bi].last < target) {  /* skip to the block holding target */
        uint32_t lo = k->bi + 1, hi = p->nblk;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (p->blk[mid].last < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == p->nblk) {
            k->s = k->end;
            k->have = 1;
            k->doc = UINT32_MAX;
            return 0;
        }
        k->bi = lo;
        k->s = p->p + p->blk[lo].off;
        k->doc = p->blk[lo].base;
        k->have = 0;
    }
    k->doc = mx_skip_to(&k->s, k->end, k->doc, target, k->tf);
    k->have = 1;
    return k->doc == target;
}

void mx_rescore(const match_index *ix, const match_query *q, const match_query *sub, int ci,
                const uint32_t *cand, size_t n, mx_fx *fx)
{
    const mx_coll *c = &ix->coll[ci];
    mx_lnorm ln;
    mx_lnorm_of(c, &ln);
    mx_probe *pr = qiao_malloc((q->nt ? q->nt : 1) * sizeof *pr);
    size_t np = 0, si = 0;
    for (size_t i = 0; i < q->nt; i++) {    /* q's terms sub left out (both sorted by term) */
        uint32_t t = q->t[i].term;
        while (si < sub->nt && sub->t[si].term < t)
            si++;
        if (si < sub->nt && sub->t[si].term == t)
            continue;
        if (t >= c->npl || !c->pl[t].len || q->t[i].w <= 0)
            continue;
        pr[np++] = mx_probe_of(&c->pl[t], q->t[i].w * mx_idf(c, t));
    }
    /* Term by term over the candidates (doc order): a candidate's lookups
     * in the arrays of hundreds of terms are each a cache miss or two; taken
     * a term at a time, the states of all candidates first
     * (mx_dense_states), they overlap. The fixed-point sums do not depend on
     * the order. */
    uint32_t *st = qiao_malloc((n ? n : 1) * sizeof *st);
    for (size_t a = 0; a < np; a++) {
        mx_probe *k = &pr[a];
        const mx_dense *d = k->pl->dense;
        if (d) {
            mx_dense_states(d, cand, n, st);
            for (size_t j = 0; j < n; j++)
                if (st[j]) {
                    float tf[MATCH_NFIELDS];
                    mx_dense_tf(d, st[j], tf);
                    fx[j] += mx_fx_of(mx_score(k->w, &ln, c, cand[j], tf));
                }
            continue;
        }
        for (size_t j = 0; j < n; j++)
            if (mx_probe_at(k, cand[j]))
                fx[j] += mx_fx_of(mx_score(k->w, &ln, c, cand[j], k->tf));
    }
    free(st);
    free(pr);
}
