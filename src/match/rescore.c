/* match/rescore.c — the second phase of query evaluation, and the forward
 * lists it reads.
 *
 * A long query (a demand's description) holds hundreds of single
 * characters, most of them in half or more of the records: their posting
 * lists are nearly the whole index, and MaxScore cannot leave them out
 * because together they add a lot. So a query with such terms is ranked in
 * two phases (search.c): the first ranks with every other term (words,
 * bigrams, rare characters) and keeps the best max(cand_min, cand_per_top ×
 * top) candidates with their text scores over those terms; the second adds
 * the terms the first left out — the same formula, summed in fixed point
 * (mx_fx, where order does not matter), so a record's score is bit for bit
 * the one exhaustive evaluation gives, and the final ranking equals the
 * exhaustive one whenever its top k lie among the candidates (always when
 * the candidates are all the records).
 *
 * The second phase reads the candidates' dense single characters from
 * forward lists (per doc its unigrams with their counts, ~1/3 of the
 * postings' bytes), not from the dense posting lists, and probes the other
 * dense terms' postings with block skips (candidates in doc order).
 */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

uint32_t mx_uni_of(match_index *ix, uint32_t term)
{
    if (term >= ix->nunimap) {
        if (ix->terms.n > ix->capuni) {
            ix->capuni = ix->terms.n * 2 + 1024;
            ix->uni = qiao_realloc(ix->uni, ix->capuni * sizeof *ix->uni);
        }
        for (uint32_t t = ix->nunimap; t < ix->terms.n; t++)
            ix->uni[t] = mx_dict_str(&ix->terms, t)[0] == 'u' ? ix->nuni++ : MX_NONE;
        ix->nunimap = ix->terms.n;
    }
    return term < ix->nunimap ? ix->uni[term] : MX_NONE;
}

/* One entry, coded as a posting (index.c): varint(delta << 2 | c), c = 3
 * followed by the three counts. */
static size_t enc(uint8_t *o, uint32_t delta, const uint8_t tf[MATCH_NFIELDS])
{
    int c;
    if (tf[MATCH_F_BODY] == 1 && !tf[MATCH_F_TITLE] && !tf[MATCH_F_KEYWORDS])
        c = 0;
    else if (tf[MATCH_F_TITLE] == 1 && !tf[MATCH_F_BODY] && !tf[MATCH_F_KEYWORDS])
        c = 1;
    else if (tf[MATCH_F_KEYWORDS] == 1 && !tf[MATCH_F_BODY] && !tf[MATCH_F_TITLE])
        c = 2;
    else
        c = 3;
    uint64_t v = ((uint64_t)delta << 2) | (uint64_t)c;
    size_t n = 0;
    while (v >= 0x80) {
        o[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    o[n++] = (uint8_t)v;
    if (c == 3)
        for (int f = 0; f < MATCH_NFIELDS; f++)
            o[n++] = tf[f];
    return n;
}

static void fw_reserve(mx_coll *c, size_t more, uint32_t ndocs)
{
    if (c->fwlen + more > c->fwcap) {
        c->fwcap = (c->fwlen + more) * 3 / 2 + 4096;
        c->fw = qiao_realloc(c->fw, c->fwcap);
    }
    if (ndocs + 1 > c->capfwoff) {
        c->capfwoff = (ndocs + 1) * 2 + 1024;
        c->fwoff = qiao_realloc(c->fwoff, c->capfwoff * sizeof *c->fwoff);
    }
}

void mx_fwd_clear(mx_coll *c)
{
    free(c->fw);
    free(c->fwoff);
    c->fw = NULL;
    c->fwoff = NULL;
    c->fwlen = c->fwcap = 0;
    c->capfwoff = 0;
}

void mx_fwd_add(match_index *ix, mx_coll *c, uint32_t doc, const uint32_t *term,
                const uint8_t (*tf)[MATCH_NFIELDS], size_t n)
{
    fw_reserve(c, n * 8, doc + 1);
    if (doc == 0)
        c->fwoff[0] = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u = mx_uni_of(ix, term[i]);
        if (u == MX_NONE)
            continue;
        c->fwlen += enc(c->fw + c->fwlen, u - prev, tf[i]);
        prev = u;
    }
    c->fwoff[doc + 1] = c->fwlen;
}

void mx_fwd_rebuild(match_index *ix)
{
    if (ix->terms.n)
        mx_uni_of(ix, ix->terms.n - 1);
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        mx_coll *c = &ix->coll[ci];
        mx_fwd_clear(c);
        if (!c->ndocs)
            continue;
        uint32_t *prev = qiao_calloc(c->ndocs, sizeof *prev);
        size_t *pos = qiao_calloc(c->ndocs + 1, sizeof *pos);
        uint8_t tmp[16];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {               /* sizes -> offsets */
                size_t total = 0;
                for (uint32_t d = 0; d < c->ndocs; d++) {
                    size_t sz = pos[d];
                    pos[d] = total;
                    total += sz;
                }
                c->fwcap = mx_slack(total);               /* rebuilt whole */
                c->fw = qiao_malloc(c->fwcap);
                fw_reserve(c, 0, c->ndocs);
                for (uint32_t d = 0; d < c->ndocs; d++)
                    c->fwoff[d] = pos[d];
                c->fwoff[c->ndocs] = total;
                c->fwlen = total;
                memset(prev, 0, c->ndocs * sizeof *prev);
            }
            for (uint32_t t = 0; t < c->npl && t < ix->nunimap; t++) {
                uint32_t u = ix->uni[t];
                const mx_plist *p = &c->pl[t];
                if (u == MX_NONE || !p->len)
                    continue;
                const uint8_t *s = p->p, *end = mx_plist_end(p);
                uint32_t doc = 0;
                float tf[MATCH_NFIELDS];
                while (s < end) {
                    s = mx_posting(s, &doc, tf);
                    if (!c->docs[doc].live)
                        continue;
                    uint8_t t8[MATCH_NFIELDS];
                    for (int f = 0; f < MATCH_NFIELDS; f++)
                        t8[f] = (uint8_t)tf[f];
                    uint8_t *o = pass ? c->fw + pos[doc] : tmp;
                    pos[doc] += enc(o, u - prev[doc], t8);
                    prev[doc] = u;
                }
            }
        }
        free(prev);
        free(pos);
    }
}

int mx_phase1_query(const match_index *ix, const match_query *q, int ci, match_query *sub)
{
    const mx_coll *c = &ix->coll[ci];
    double lim = (double)match_w.dense_df * c->nlive;
    double limo = (double)match_w.dense_df_other * c->nlive;
    size_t keep = 0, dense = 0;
    double dpost = 0;
    mx_qterm *t = qiao_malloc((q->nt ? q->nt : 1) * sizeof *t);
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t id = q->t[i].term;
        int uni = id < ix->nunimap && ix->uni[id] != MX_NONE;
        if (id < c->npl && c->pl[id].df > (uni ? lim : limo) && q->t[i].w > 0) {
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
    while (k->s < k->end) {
        k->s = mx_posting(k->s, &k->doc, k->tf);
        k->have = 1;
        if (k->doc >= target)
            return k->doc == target;
    }
    k->have = 1;
    k->doc = UINT32_MAX;
    return 0;
}

void mx_rescore(const match_index *ix, const match_query *q, const match_query *sub, int ci,
                const uint32_t *cand, size_t n, mx_fx *fx)
{
    const mx_coll *c = &ix->coll[ci];
    mx_lnorm ln;
    mx_lnorm_of(c, &ln);
    size_t nt = q->nt ? q->nt : 1;
    int32_t *qmap = qiao_malloc((ix->nuni ? ix->nuni : 1) * sizeof *qmap);
    memset(qmap, 0xff, (ix->nuni ? ix->nuni : 1) * sizeof *qmap);
    float *w = qiao_calloc(nt, sizeof *w);
    mx_probe *pr = qiao_malloc(nt * sizeof *pr);
    size_t np = 0, si = 0;
    for (size_t i = 0; i < q->nt; i++) {    /* q's terms sub left out (both sorted by term) */
        uint32_t t = q->t[i].term;
        while (si < sub->nt && sub->t[si].term < t)
            si++;
        if (si < sub->nt && sub->t[si].term == t)
            continue;
        if (t >= c->npl || !c->pl[t].len || q->t[i].w <= 0)
            continue;
        w[i] = q->t[i].w * mx_idf(c, t);
        if (t < ix->nunimap && ix->uni[t] != MX_NONE) {
            qmap[ix->uni[t]] = (int32_t)i;
        } else {
            const mx_plist *p = &c->pl[t];
            pr[np++] = mx_probe_of(p, w[i]);
        }
    }
    for (size_t j = 0; j < n; j++) {
        uint32_t doc = cand[j];
        mx_fx sum = 0;
        for (size_t a = 0; a < np; a++)
            if (mx_probe_at(&pr[a], doc))
                sum += mx_fx_of(mx_score(pr[a].w, &ln, c, doc, pr[a].tf));
        const uint8_t *s = c->fw + c->fwoff[doc], *end = c->fw + c->fwoff[doc + 1];
        uint32_t u = 0;
        while (s < end) {              /* an entry as mx_posting reads it, counts */
            uint64_t v = 0;            /* decoded only for the query's characters */
            int sh = 0;
            while (*s & 0x80) {
                v |= (uint64_t)(*s++ & 0x7f) << sh;
                sh += 7;
            }
            v |= (uint64_t)*s++ << sh;
            u += (uint32_t)(v >> 2);
            const uint8_t *cnt = s;
            if ((v & 3) == 3)
                s += MATCH_NFIELDS;
            int32_t qi = u < ix->nuni ? qmap[u] : -1;
            if (qi < 0)
                continue;
            float tf[MATCH_NFIELDS];
            mx_tf_of((unsigned)(v & 3), cnt, tf);
            sum += mx_fx_of(mx_score(w[qi], &ln, c, doc, tf));
        }
        fx[j] += sum;
    }
    free(qmap);
    free(w);
    free(pr);
}
