/* match/dense.c — random access into the posting lists of common terms.
 *
 * A term held by random_access_df (weights.c) or more of the records (single characters such as
 * 的 or 研, bigrams such as 技术 or 研究) gets, beside its posting list, two
 * bits per doc id: 0 the doc does not hold it, 1 once in the body, 2 once in
 * the title, 3 its counts are in `side` (in doc order; a rank directory of
 * one count per 256 docs finds the entry). Finding whether one doc holds the
 * term then costs a few memory reads instead of a skip through the list and
 * the decoding of up to a block (MX_BLOCK postings) — what MaxScore's probes of
 * common terms and the second phase's scoring of candidates did most. At
 * 10^6 records the array is 250 KB, about the size of a posting list of an
 * eighth of the records; from a sixteenth (weights.c) the arrays cost 10 %
 * more memory than the lists they index (at 10^6 records, +300 MB for
 * keyword queries 10 % faster, docs/matching.md).
 *
 * The arrays are derived: built from the posting lists after a build, a
 * snapshot load or a compaction (mx_dense_rebuild), extended by every doc
 * added (mx_dense_put from mx_index_add), never written to the snapshot. A
 * term that becomes common between two rebuilds has none until the next one
 * and is read from its list as before. A removed doc's entry stays (dead docs
 * are never looked up: only live candidates are scored).
 */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

#define DIR_SHIFT 8                     /* a directory entry per 256 docs */

static void grow(mx_dense *d, uint32_t doc)
{
    if (doc < d->cap)
        return;
    uint32_t cap = (uint32_t)mx_slack((size_t)doc + 1);
    size_t ow = ((size_t)d->cap + 31) / 32, nw = ((size_t)cap + 31) / 32;
    d->w = qiao_realloc(d->w, nw * sizeof *d->w);
    memset(d->w + ow, 0, (nw - ow) * sizeof *d->w);
    d->dir = qiao_realloc(d->dir, (((size_t)cap >> DIR_SHIFT) + 1) * sizeof *d->dir);
    d->cap = cap;
}

void mx_dense_put(mx_dense *d, uint32_t doc, const uint8_t tf[MATCH_NFIELDS])
{
    grow(d, doc);
    uint32_t blk = doc >> DIR_SHIFT;
    while (d->dirfill <= blk)           /* docs arrive in order: earlier blocks are final */
        d->dir[d->dirfill++] = d->nside;
    unsigned st;
    if (tf[MATCH_F_BODY] == 1 && !tf[MATCH_F_TITLE] && !tf[MATCH_F_KEYWORDS])
        st = 1;
    else if (tf[MATCH_F_TITLE] == 1 && !tf[MATCH_F_BODY] && !tf[MATCH_F_KEYWORDS])
        st = 2;
    else {
        st = 3;
        if (d->nside == d->capside) {
            d->capside = d->capside ? d->capside * 2 : 256;
            d->side = qiao_realloc(d->side, d->capside * sizeof *d->side);
        }
        memcpy(d->side[d->nside++], tf, MATCH_NFIELDS);
    }
    d->w[doc >> 5] |= (uint64_t)st << ((doc & 31) * 2);
}

/* Entries of state 3 in a word of 32 two-bit states. */
static inline unsigned threes(uint64_t w)
{
    return (unsigned)__builtin_popcountll(w & (w >> 1) & 0x5555555555555555ull);
}

/* The index in side of doc's counts (its state is 3; w: its word of states). */
static inline uint32_t side_of(const mx_dense *d, uint32_t doc, uint64_t w)
{
    unsigned sh = (doc & 31) * 2;
    uint32_t r = d->dir[doc >> DIR_SHIFT];
    for (uint32_t i = (doc >> DIR_SHIFT) << (DIR_SHIFT - 5); i < doc >> 5; i++)
        r += threes(d->w[i]);
    if (sh)
        r += threes(w & (((uint64_t)1 << sh) - 1));
    return r;
}

/* doc's state as mx_dense_states gives it: 0 absent, 1 once in the body, 2
 * once in the title, 3 + the index of its counts in side. */
static inline uint32_t state_of(const mx_dense *d, uint32_t doc)
{
    if (doc >= d->cap)
        return 0;
    uint64_t w = d->w[doc >> 5];
    unsigned v = (unsigned)(w >> ((doc & 31) * 2)) & 3;
    return v < 3 ? v : 3 + side_of(d, doc, w);
}

int mx_dense_get(const mx_dense *d, uint32_t doc, float tf[MATCH_NFIELDS])
{
    uint32_t st = state_of(d, doc);
    if (!st)
        return 0;
    mx_dense_tf(d, st, tf);
    return 1;
}

void mx_dense_states(const mx_dense *d, const uint32_t *docs, size_t n, uint32_t *st)
{
    enum { AHEAD = 16 };
    for (size_t j = 0; j < n; j++) {
        if (j + AHEAD < n && docs[j + AHEAD] < d->cap) {
            __builtin_prefetch(&d->w[docs[j + AHEAD] >> 5]);
            __builtin_prefetch(&d->dir[docs[j + AHEAD] >> DIR_SHIFT]);
        }
        st[j] = state_of(d, docs[j]);
        if (st[j] >= 3)
            __builtin_prefetch(d->side[st[j] - 3]);
    }
}

void mx_dense_free(mx_dense *d)
{
    if (!d)
        return;
    free(d->w);
    free(d->dir);
    free(d->side);
    free(d);
}

size_t mx_dense_bytes(const mx_dense *d)
{
    return d ? ((size_t)d->cap + 31) / 32 * 8 + (((size_t)d->cap >> DIR_SHIFT) + 1) * 4 +
               (size_t)d->capside * MATCH_NFIELDS + sizeof *d
             : 0;
}

mx_dense *mx_dense_new(uint32_t ndocs)
{
    mx_dense *d = qiao_calloc(1, sizeof *d);
    grow(d, ndocs ? ndocs - 1 : 0);
    return d;
}

void mx_dense_trim(mx_dense *d)
{
    if (d->capside > mx_slack(d->nside)) {   /* a little room for the docs to come */
        d->capside = (uint32_t)mx_slack(d->nside);
        d->side = qiao_realloc(d->side, d->capside * sizeof *d->side);
    }
}

/* The arrays of a whole list, from its raw codes (index.c: 0 body once, 1
 * title once, 2 keywords once, 3 three counts follow) — what mx_dense_put
 * of each posting would give, without the counts as floats. */
static mx_dense *from_list(const mx_plist *p)
{
    mx_dense *d = mx_dense_new(p->last);
    const uint8_t *s = p->p, *end = mx_plist_end(p);
    uint32_t doc = 0;
    while (s < end) {
        uint64_t v;
        s = mx_varint(s, &v);
        doc += (uint32_t)(v >> 2);
        unsigned code = (unsigned)(v & 3);
        while (d->dirfill <= doc >> DIR_SHIFT)
            d->dir[d->dirfill++] = d->nside;
        unsigned st = code == 0 ? 1 : code == 1 ? 2 : 3;
        if (st == 3) {
            if (d->nside == d->capside) {
                d->capside = d->capside ? d->capside * 2 : 256;
                d->side = qiao_realloc(d->side, d->capside * sizeof *d->side);
            }
            uint8_t *o = d->side[d->nside++];
            if (code == 3) {
                memcpy(o, s, MATCH_NFIELDS);
                s += MATCH_NFIELDS;
            } else {
                memset(o, 0, MATCH_NFIELDS);
                o[MATCH_F_KEYWORDS] = 1;
            }
        }
        d->w[doc >> 5] |= (uint64_t)st << ((doc & 31) * 2);
    }
    mx_dense_trim(d);
    return d;
}

int mx_dense_wanted(const mx_coll *c, const mx_plist *p)
{
    return c->nlive >= MX_DENSE_MIN && p->len && p->df >= (double)c->nlive * match_w.random_access_df;
}

void mx_dense_rebuild_range(mx_coll *c, uint32_t from, uint32_t to)
{
    for (uint32_t t = from; t < to && t < c->npl; t++) {
        mx_plist *p = &c->pl[t];
        mx_dense_free(p->dense);
        p->dense = NULL;
        if (mx_dense_wanted(c, p))
            p->dense = from_list(p);
    }
}

/* A list's share of the rebuild: its bytes when it gets random access. */
static uint64_t dense_bytes(const mx_coll *c, const mx_plist *p)
{
    return mx_dense_wanted(c, p) ? p->len : 0;
}

void mx_dense_rebuild(mx_coll *c, int threads)
{
    mx_terms_parallel(c, threads, dense_bytes, mx_dense_rebuild_range);
}
