/* match/fvals.c — the docs holding each facet value (internal.h, mx_fvals),
 * and a query's filters as a bitmap of the docs passing them.
 *
 * Filters used to be checked doc by doc (mx_passes: a record's hot fields,
 * a loop over its chains, a binary search in an org set) for every hit of a
 * query, in ranking and again in each facet count: at 10^5 records most of
 * a filtered search's time. Each value instead lists its docs (ascending:
 * docs are only ever appended; a removed doc stays listed until the next
 * compaction and is dropped by the liveness bitmap), so a filter is a few
 * lists ORed into a bitmap and ANDed a word at a time. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "match/internal.h"

static void dl_add(const mx_coll *c, mx_dlist *l, uint32_t doc)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap + l->cap / 2 : 16;
        l->v = qiao_realloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = doc;
    if (l->bits) {
        if ((doc >> 6) >= l->nbw) {
            uint32_t nw = l->nbw * 2 > (doc >> 6) + 1 ? l->nbw * 2 : (doc >> 6) + 1;
            l->bits = qiao_realloc(l->bits, (size_t)nw * sizeof *l->bits);
            memset(l->bits + l->nbw, 0, (size_t)(nw - l->nbw) * sizeof *l->bits);
            l->nbw = nw;
        }
        l->bits[doc >> 6] |= (uint64_t)1 << (doc & 63);
    } else if (l->n >= 64 && (uint64_t)l->n * 32 >= c->ndocs) {
        /* a common value: a bitmap too (no larger than its list now) */
        uint32_t nd = c->ndocs > doc ? c->ndocs : doc + 1;
        l->nbw = (nd + 63) / 64;
        l->bits = qiao_calloc(l->nbw, sizeof *l->bits);
        for (uint32_t i = 0; i < l->n; i++)
            l->bits[l->v[i] >> 6] |= (uint64_t)1 << (l->v[i] & 63);
    }
}

/* The list of name id `id` in the array *a (grown to hold it). */
static mx_dlist *by_name(mx_dlist **a, uint32_t *cap, uint32_t id)
{
    if (id >= *cap) {
        uint32_t n = *cap ? *cap : 16;
        while (n <= id)
            n *= 2;
        *a = qiao_realloc(*a, (size_t)n * sizeof **a);
        memset(*a + *cap, 0, (size_t)(n - *cap) * sizeof **a);
        *cap = n;
    }
    return &(*a)[id];
}

void mx_fvals_add(mx_coll *c, uint32_t doc)
{
    mx_fvals *v = &c->fv;
    const mx_fhot *h = &c->fhot[doc];
    for (uint32_t j = 0; j < h->nchains; j++) {
        uint32_t id = c->chainv[h->chains + j];
        int dup = 0;                   /* a chain named twice lists the doc once */
        for (uint32_t i = 0; i < j && !dup; i++)
            dup = c->chainv[h->chains + i] == id;
        if (!dup)
            dl_add(c, by_name(&v->chain, &v->nchain, id), doc);
        else
            v->dupchains = 1;
    }
    if (h->zone != MX_NONE)
        dl_add(c, by_name(&v->zone, &v->nzone, h->zone), doc);
    if (h->org != MX_NONE)
        dl_add(c, by_name(&v->org, &v->norg, h->org), doc);
    if (h->trl <= 9)
        dl_add(c, &v->trl[h->trl], doc);
    for (int m = 0; m < MATCH_NMODES; m++)
        if (h->modes >> m & 1)
            dl_add(c, &v->mode[m], doc);
}

static void dl_free_all(mx_dlist *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        free(a[i].v);
        free(a[i].bits);
    }
}

void mx_fvals_free(mx_coll *c)
{
    mx_fvals *v = &c->fv;
    dl_free_all(v->chain, v->nchain);
    dl_free_all(v->zone, v->nzone);
    dl_free_all(v->org, v->norg);
    free(v->chain);
    free(v->zone);
    free(v->org);
    dl_free_all(v->trl, 10);
    dl_free_all(v->mode, MATCH_NMODES);
    memset(v, 0, sizeof *v);
}

void mx_fvals_rebuild(mx_coll *c)
{
    mx_fvals_free(c);
    for (uint32_t d = 0; d < c->ndocs; d++)
        if (mx_live(c, d))
            mx_fvals_add(c, d);
}

static size_t dl_bytes(const mx_dlist *a, uint32_t n)
{
    size_t b = (size_t)n * sizeof *a;
    for (uint32_t i = 0; i < n; i++)
        b += (size_t)a[i].cap * sizeof *a[i].v + (size_t)a[i].nbw * sizeof *a[i].bits;
    return b;
}

size_t mx_fvals_bytes(const mx_coll *c)
{
    const mx_fvals *v = &c->fv;
    return dl_bytes(v->chain, v->nchain) + dl_bytes(v->zone, v->nzone) +
           dl_bytes(v->org, v->norg) + dl_bytes(v->trl, 10) - 10 * sizeof *v->trl +
           dl_bytes(v->mode, MATCH_NMODES) - MATCH_NMODES * sizeof *v->mode;
}

/* ORs the docs of l into bits (`words` words: every doc of the collection). */
static void dl_or(const mx_dlist *l, uint64_t *bits, size_t words)
{
    if (l->bits) {
        for (size_t w = 0; w < words && w < l->nbw; w++)
            bits[w] |= l->bits[w];
        return;
    }
    for (uint32_t i = 0; i < l->n; i++)
        bits[l->v[i] >> 6] |= (uint64_t)1 << (l->v[i] & 63);
}

/* The bits set in v, inline (without a popcount instruction in the target,
 * __builtin_popcountll is a library call). */
static inline unsigned ones(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

/* Bits set in a[w] & b[w] (b NULL: in a[w]) over n words: with the popcount
 * instruction when the machine has it (chosen at run time: the build assumes
 * no such instruction), else inline. */
static size_t and_count_soft(const uint64_t *a, const uint64_t *b, size_t n)
{
    size_t k = 0;
    for (size_t w = 0; w < n; w++) {
        uint64_t m = b ? a[w] & b[w] : a[w];
        if (m)
            k += ones(m);
    }
    return k;
}

__attribute__((target("popcnt"))) static size_t and_count_hw(const uint64_t *a,
                                                             const uint64_t *b, size_t n)
{
    size_t k = 0;
    if (!b) {
        for (size_t w = 0; w < n; w++)
            k += (size_t)__builtin_popcountll(a[w]);
        return k;
    }
    for (size_t w = 0; w < n; w++)
        k += (size_t)__builtin_popcountll(a[w] & b[w]);
    return k;
}

#if defined(__x86_64__)
/* The same, 8 words an instruction (a vector popcount: AVX-512 VPOPCNTQ). */
__attribute__((target("popcnt,avx512f,avx512vpopcntdq"))) static size_t
and_count_vec(const uint64_t *a, const uint64_t *b, size_t n)
{
    __m512i acc = _mm512_setzero_si512();
    size_t w = 0;
    if (b)
        for (; w + 8 <= n; w += 8)
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_and_si512(
                                            _mm512_loadu_si512(a + w), _mm512_loadu_si512(b + w))));
    else
        for (; w + 8 <= n; w += 8)
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_loadu_si512(a + w)));
    size_t k = (size_t)_mm512_reduce_add_epi64(acc);
    for (; w < n; w++)
        k += (size_t)__builtin_popcountll(b ? a[w] & b[w] : a[w]);
    return k;
}
#endif

/* 0: no popcount instruction, 1: popcnt, 2: also the vector one. */
static int hw_popcnt(void)
{
    static _Atomic int have = -1;      /* -1: not asked yet */
    int h = have;
    if (h < 0) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_cpu_init();
        h = __builtin_cpu_supports("popcnt") != 0;
#if defined(__x86_64__)
        h += h && __builtin_cpu_supports("avx512vpopcntdq");
#endif
#else
        h = 0;
#endif
        have = h;
    }
    return h;
}

size_t mx_and_count(const uint64_t *a, const uint64_t *b, size_t n)
{
    switch (hw_popcnt()) {
#if defined(__x86_64__)
    case 2: return and_count_vec(a, b, n);
#endif
    case 1: return and_count_hw(a, b, n);
    default: return and_count_soft(a, b, n);
    }
}

size_t mx_nonzero(const uint64_t *x, size_t words, uint32_t *nz)
{
    size_t k = 0;
    for (size_t w = 0; w < words; w++) {   /* without a branch: which way is random */
        nz[k] = (uint32_t)w;
        k += x[w] != 0;
    }
    return k;
}

static size_t nz_count_soft(const uint64_t *x, const uint64_t *b, uint32_t nb,
                            const uint32_t *nz, size_t nnz)
{
    size_t k = 0;
    for (size_t i = 0; i < nnz && nz[i] < nb; i++)
        k += ones(x[nz[i]] & b[nz[i]]);
    return k;
}

__attribute__((target("popcnt"))) static size_t nz_count_hw(const uint64_t *x,
                                                            const uint64_t *b, uint32_t nb,
                                                            const uint32_t *nz, size_t nnz)
{
    size_t k = 0;
    for (size_t i = 0; i < nnz && nz[i] < nb; i++)
        k += (size_t)__builtin_popcountll(x[nz[i]] & b[nz[i]]);
    return k;
}

size_t mx_dlist_count_nz(const mx_dlist *l, const uint64_t *x, const uint32_t *nz,
                         size_t nnz)
{
    if (!l->bits)
        return mx_dlist_count(l, x, 0);
    return hw_popcnt() ? nz_count_hw(x, l->bits, l->nbw, nz, nnz)
                       : nz_count_soft(x, l->bits, l->nbw, nz, nnz);
}

size_t mx_dlist_count(const mx_dlist *l, const uint64_t *x, size_t words)
{
    if (l->bits)
        return mx_and_count(x, l->bits, words < l->nbw ? words : l->nbw);
    size_t n = 0;
    for (uint32_t i = 0; i < l->n; i++)
        n += (x[l->v[i] >> 6] >> (l->v[i] & 63)) & 1;
    return n;
}

/* A doc read is a cache miss at scale (facets.c reads its hot fields); a
 * word of a bitmap (popcount of an AND) a sixteenth of one. */
size_t mx_dlist_cost(const mx_dlist *a, uint32_t n, size_t words)
{
    size_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += a[i].bits ? words / 16 : a[i].n;
    return k;
}

size_t mx_dlist_counts(const mx_dlist *a, uint32_t na, size_t nn, const mx_span *x,
                       uint32_t *n)
{
    if (mx_dlist_cost(a, na, x->nz ? x->nnz : x->words) >= x->pop * 4)
        return SIZE_MAX;
    size_t sum = 0;
    for (uint32_t i = 0; i < na && i < nn; i++) {
        size_t k = !a[i].n ? 0
                   : x->nz ? mx_dlist_count_nz(&a[i], x->x, x->nz, x->nnz)
                           : mx_dlist_count(&a[i], x->x, x->words);
        n[i] += (uint32_t)k;
        sum += k;
    }
    return sum;
}

static const mx_dlist *named(const mx_dlist *a, uint32_t n, uint32_t id)
{
    return id < n ? &a[id] : NULL;
}

/* out = out AND tmp (tmp: the docs of one filter), first: out = tmp. */
static void and_into(uint64_t *out, const uint64_t *tmp, size_t words, int *first)
{
    if (*first)
        memcpy(out, tmp, words * sizeof *out);
    else
        for (size_t w = 0; w < words; w++)
            out[w] &= tmp[w];
    *first = 0;
}

int mx_filter_bits(const match_query *q, const mx_coll *c, uint64_t *out, uint64_t *tmp,
                   size_t words)
{
    const mx_fvals *v = &c->fv;
    int trl = q->trl_lo > 1 || q->trl_hi < 9;
    if (!(q->nfchain || q->fmodes || q->fzone != MX_NONE || q->forg != MX_NONE || trl ||
          q->has_forgs || q->impossible))
        return 0;
    if (q->impossible) {
        memset(out, 0, words * sizeof *out);
        return 1;
    }
    int first = 1;
    const mx_dlist *l;
    for (int i = 0; i < q->nfchain; i++) {
        memset(tmp, 0, words * sizeof *tmp);
        if ((l = named(v->chain, v->nchain, q->fchain[i])))
            dl_or(l, tmp, words);
        and_into(out, tmp, words, &first);
    }
    if (q->fmodes) {
        memset(tmp, 0, words * sizeof *tmp);
        for (int m = 0; m < MATCH_NMODES; m++)
            if (q->fmodes >> m & 1)
                dl_or(&v->mode[m], tmp, words);
        and_into(out, tmp, words, &first);
    }
    if (q->fzone != MX_NONE) {
        memset(tmp, 0, words * sizeof *tmp);
        if ((l = named(v->zone, v->nzone, q->fzone)))
            dl_or(l, tmp, words);
        and_into(out, tmp, words, &first);
    }
    if (q->forg != MX_NONE) {
        memset(tmp, 0, words * sizeof *tmp);
        if ((l = named(v->org, v->norg, q->forg)))
            dl_or(l, tmp, words);
        and_into(out, tmp, words, &first);
    }
    if (trl) {                         /* a record without a TRL never passes */
        memset(tmp, 0, words * sizeof *tmp);
        for (int t = q->trl_lo > 1 ? q->trl_lo : 1; t <= q->trl_hi && t <= 9; t++)
            dl_or(&v->trl[t], tmp, words);
        and_into(out, tmp, words, &first);
    }
    if (q->has_forgs) {
        memset(tmp, 0, words * sizeof *tmp);
        for (uint32_t i = 0; i < q->nforgs; i++)
            if ((l = named(v->org, v->norg, q->forgs[i])))
                dl_or(l, tmp, words);
        and_into(out, tmp, words, &first);
    }
    return 1;
}
