/* match/search.c — query evaluation: exact top k by MaxScore over the
 * posting lists, document at a time.
 *
 * A record's score is text * mult, text = sum over the query's terms t of
 * c(t) = w(t) * sat(tfn(t, doc)), mult = max(min_multiplier, 1 + factors).
 * Every list has an upper bound of its c (from its largest tfn, index.c) and
 * every block of MX_BLOCK postings one of its own. The lists are ordered by
 * bound; once the k best so far make a threshold, the lists whose bounds
 * together, times the largest multiplier a record can get, stay below it are
 * "non-essential": no record found only in them can enter the top k, so
 * candidates come from the other lists alone, and a candidate is probed in
 * the non-essential lists (skipping by block) only while its score so far
 * plus what those lists (or their blocks at this record) could add, times
 * its own multiplier, can still reach the threshold. Low-idf terms (single
 * characters, 技术, 方法) thus cost a few probes instead of whole lists.
 *
 * Results equal scoring every posting: each hit's text score is summed in
 * fixed point (mx_fx: the same number in any order, as term-at-a-time
 * accumulation gets it), and every comparison against a bound keeps a
 * margin of 1e-3 for rounding.
 * A record ties in at the threshold (a smaller key wins), so pruning is
 * strict (bound < threshold).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

#define MARGIN 1.001
#define SEED_EXACT_K 100

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int mx_passes(const match_query *q, const mx_coll *c, uint32_t doc)
{
    const mx_fhot *h = &c->fhot[doc];  /* 16 bytes, not the 44-byte doc */
    for (int i = 0; i < q->nfchain; i++) {
        int found = 0;
        for (int j = 0; j < h->nchains && !found; j++)
            found = c->chainv[h->chains + j] == q->fchain[i];
        if (!found)
            return 0;
    }
    if (q->fmodes && !(q->fmodes & h->modes))
        return 0;
    if (q->fzone != MX_NONE && h->zone != q->fzone)
        return 0;
    if (q->forg != MX_NONE && h->org != q->forg)
        return 0;
    if ((q->trl_lo > 1 || q->trl_hi < 9) && (h->trl < q->trl_lo || h->trl > q->trl_hi || !h->trl))
        return 0;
    if (q->has_forgs && (h->org == MX_NONE ||
                         !bsearch(&h->org, q->forgs, q->nforgs, sizeof *q->forgs, cmp_u32)))
        return 0;
    return 1;
}

/* ---- the best k ---- */
typedef struct cand { float score, text; mx_fx fx; uint32_t doc; } cand;

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

/* ---- phrases and exclusions ---- */

/* The docs holding every term of group g, as a bitmap of `words` words
 * (tmp: scratch of the same size). */
void mx_group_bits(const match_query *q, size_t g, const mx_coll *c, uint64_t *out,
                   uint64_t *tmp, size_t words)
{
    size_t a = q->gstart[g], b = q->gstart[g + 1];
    memset(out, 0, words * sizeof *out);
    for (size_t i = a; i < b; i++) {
        uint32_t t = q->gterm[i];
        if (t == MX_NONE || t >= c->npl)
            return;                   /* a term no record holds: no doc satisfies */
    }
    for (size_t i = a; i < b; i++) {
        uint64_t *into = i == a ? out : tmp;
        if (i > a)
            memset(tmp, 0, words * sizeof *tmp);
        const mx_plist *p = &c->pl[q->gterm[i]];
        const uint8_t *s = p->p, *end = mx_plist_end(p);
        uint32_t doc = 0;
        float tf[MATCH_NFIELDS];
        while (s < end) {
            s = mx_posting(s, &doc, tf);
            into[doc >> 6] |= (uint64_t)1 << (doc & 63);
        }
        if (i > a)
            for (size_t w = 0; w < words; w++)
                out[w] &= tmp[w];
    }
}

/* ---- posting list cursors ---- */
typedef struct cur {
    const mx_plist *pl;
    const mx_block *blk;           /* the list's blocks, or `one` for a short list */
    uint32_t nblk;
    mx_block one;
    const uint8_t *s, *end;        /* next posting to decode */
    uint32_t doc;                  /* doc of the current posting; UINT32_MAX at the end */
    uint32_t bi, sbi;              /* block of the current posting; block of the last shallow seek */
    float tf[MATCH_NFIELDS];
    float w;                       /* query weight * idf */
    double ub;                     /* bound of w * sat(tfn) over the list */
} cur;

static void cur_next(cur *c)
{
    if (c->s >= c->end) {
        c->doc = UINT32_MAX;
        return;
    }
    if (c->bi + 1 < c->nblk && (uint32_t)(c->s - c->pl->p) == c->blk[c->bi + 1].off)
        c->bi++;
    c->s = mx_posting(c->s, &c->doc, c->tf);
}

/* The block holding the first posting >= target, without decoding; the
 * list's block count when there is none. */
static uint32_t cur_block(cur *c, uint32_t target)
{
    if (c->sbi < c->bi)
        c->sbi = c->bi;
    while (c->sbi < c->nblk && c->blk[c->sbi].last < target)
        c->sbi++;
    return c->sbi;
}

/* Moves to the first posting >= target. */
static void cur_seek(cur *c, uint32_t target)
{
    if (c->doc >= target)
        return;
    if (c->blk[c->bi].last < target) {
        uint32_t b = cur_block(c, target);
        if (b >= c->nblk) {
            c->s = c->end;
            c->doc = UINT32_MAX;
            return;
        }
        c->bi = b;
        c->s = c->pl->p + c->blk[b].off;
        c->doc = c->blk[b].base;
    }
    /* the posting sought is in block bi (its last doc is >= target) */
    c->doc = mx_skip_to(&c->s, c->end, c->doc, target, c->tf);
}

static double contrib_ub(float w, double tfn)
{
    double k1 = match_w.k1;
    return w * (tfn * (k1 + 1) / (tfn + k1));
}

static float doc_mult(const match_query *q, int ci, const match_index *ix, const mx_doc *d,
                      int32_t today)
{
    float f[MATCH_NFACTORS], sum = 1;
    mx_factors(q, ci, ix, d, today, f);
    for (int x = 0; x < MATCH_NFACTORS; x++)
        sum += f[x];
    if (sum < match_w.min_multiplier)
        sum = match_w.min_multiplier;
    return sum;
}

/* The largest multiplier any record can get for q: each factor's value is
 * its weight times a number in [-1, 1] (modes: times modes_miss when no mode
 * is shared); a typed query has only freshness. */
static double max_mult(const match_query *q)
{
    double m = 1;
    for (int x = 0; x < MATCH_NFACTORS; x++) {
        if (!q->has_meta && x != MATCH_X_FRESH)
            continue;
        double v = fabs(match_w.factor[x]);
        if (x == MATCH_X_MODES && fabs(match_w.modes_miss) > 1)
            v *= fabs(match_w.modes_miss);
        m += v;
    }
    return m > match_w.min_multiplier ? m : match_w.min_multiplier;
}

static int cmp_doc(const void *a, const void *b)
{
    uint32_t x = ((const cand *)a)->doc, y = ((const cand *)b)->doc;
    return x < y ? -1 : x > y;
}

static int cmp_ub(const void *a, const void *b)
{
    const cur *p = a, *q = b;
    double x = p->ub / ((double)p->pl->df + 1), y = q->ub / ((double)q->pl->df + 1);
    return x < y ? -1 : x > y;
}

typedef struct ctx {
    const match_query *q;
    const match_index *ix;
    const mx_coll *c;
    int ci, self_here;
    int32_t today;
    const uint64_t *need;              /* docs holding every phrase (NULL: no phrase) */
    const uint64_t *neg;               /* docs holding an excluded group (NULL: none) */
    const uint64_t *allow;             /* docs passing the filters (mx_filter_bits; NULL:
                                          mx_passes checks them) */
    int checks;                        /* filters, groups or self: more than liveness */
} ctx;

static int has_filters(const match_query *q)
{
    return q->nfchain || q->fmodes || q->fzone != MX_NONE || q->forg != MX_NONE ||
           q->trl_lo > 1 || q->trl_hi < 9 || q->has_forgs;
}

/* Whether doc may be ranked: live (the hot bitmap), and when the query has
 * more to check, its filters, groups and not the query's own record. */
static int eligible(const ctx *x, uint32_t doc)
{
    if (!mx_live(x->c, doc))
        return 0;
    if (!x->checks)
        return 1;
    if (x->allow ? !((x->allow[doc >> 6] >> (doc & 63)) & 1) : !mx_passes(x->q, x->c, doc))
        return 0;
    if (x->need && !((x->need[doc >> 6] >> (doc & 63)) & 1))
        return 0;
    if (x->neg && ((x->neg[doc >> 6] >> (doc & 63)) & 1))
        return 0;
    if (x->self_here &&
        strcmp(mx_dict_str(&x->c->keys, x->c->docs[doc].key), x->q->self) == 0)
        return 0;
    if (x->q->has_meta && x->c->fhot[doc].findonly)  /* matching: matchable people only */
        return 0;
    return 1;
}

/* ---- a first threshold ---- */

/* A thread's scratch (the window's accumulators, the first threshold's
 * table of partial sums): allocated once, left clear between uses. */
typedef struct scratch scratch;
static scratch *thread_scratch(void);
static void seed_table(scratch *sc, size_t ns, uint32_t **sd, double **sv);

/* A min-heap of the best n (value, doc) pairs seen. */
typedef struct best { double v; uint32_t doc; } best;
static void best_add(best *b, size_t *n, size_t cap, double v, uint32_t doc)
{
    size_t i;
    if (*n < cap) {
        i = (*n)++;
        while (i > 0 && b[(i - 1) / 2].v > v) {
            b[i] = b[(i - 1) / 2];
            i = (i - 1) / 2;
        }
    } else {
        if (v <= b[0].v)
            return;
        i = 0;
        for (;;) {
            size_t l = 2 * i + 1, m = i;
            double mv = v;
            if (l < *n && b[l].v < mv) { m = l; mv = b[l].v; }
            if (l + 1 < *n && b[l + 1].v < mv)
                m = l + 1;
            if (m == i)
                break;
            b[i] = b[m];
            i = m;
        }
    }
    b[i] = (best){ v, doc };
}

static int cmp_best_v(const void *a, const void *b)
{
    double x = ((const best *)a)->v, y = ((const best *)b)->v;
    return x < y ? -1 : x > y;
}

static int cmp_best_doc(const void *a, const void *b)
{
    uint32_t x = ((const best *)a)->doc, y = ((const best *)b)->doc;
    return x < y ? -1 : x > y;
}

/* A first threshold, so that pruning starts at once. The lists of the
 * largest bounds (rare terms, the ones that decide the ranking), up to a
 * budget of postings (seed_postings: at 10^6 records an eighth of a
 * keyword query's postings was most of its time, and 4,096 gave a better
 * median than 16,384 for the same 99th percentile), are summed term at a time;
 * seed_exact_per_top * k records of the best partial sums then get their whole
 * scores (every list probed, block skips). Both the k-th best partial sum *
 * multiplier and the k-th best whole score are scores that k eligible
 * records reach at least, so their larger is a safe threshold; the whole
 * scores make it close to the final one, where the partial sums alone stay
 * well below it. -1 when there is none. */
static double seed_threshold(const ctx *x, const cur *cs, size_t m, size_t k, const mx_lnorm *ln)
{
    size_t cap = (size_t)match_w.seed_postings;
    if (m == 0 || k == 0)
        return -1;
    size_t ns = 64;
    while (ns < cap * 2)
        ns *= 2;
    uint32_t *sd;                      /* doc + 1, 0 = empty; all clear between uses */
    double *sv;
    seed_table(thread_scratch(), ns, &sd, &sv);
    size_t used = 0;                   /* slots taken */
    best *bb = NULL;
    size_t left = cap;
    for (size_t j = m; j-- > 0 && left > 0;) {
        const cur *k1 = &cs[j];
        const mx_plist *p = k1->pl;
        /* a whole list, or (the budget's last) its blocks of the largest bounds */
        uint32_t nblk = p->df <= left ? 1 : k1->nblk;
        if (nblk > 1) {
            bb = qiao_realloc(bb, nblk * sizeof *bb);
            for (uint32_t i = 0; i < nblk; i++)
                bb[i] = (best){ -(double)k1->blk[i].maxtfn, i };
            qsort(bb, nblk, sizeof *bb, cmp_best_v);
        }
        for (uint32_t bi = 0; bi < nblk && left > 0; bi++) {
            const uint8_t *s = p->p, *end = mx_plist_end(p);
            uint32_t doc = 0;
            if (nblk > 1) {
                uint32_t b = bb[bi].doc;
                s = p->p + k1->blk[b].off;
                doc = k1->blk[b].base;
                end = b + 1 < k1->nblk ? p->p + k1->blk[b + 1].off : end;
            }
            /* in chunks: the records' field lengths are cache misses at
             * scale (these records are anywhere), prefetched together */
            enum { CHUNK = 32 };
            uint32_t cd[CHUNK];
            float ct[CHUNK][MATCH_NFIELDS];
            while (s < end && left > 0) {
                size_t n = 0;
                while (n < CHUNK && s < end && left > 0) {
                    s = mx_posting(s, &doc, ct[n]);
                    left--;                /* the budget counts every posting read */
                    /* a record the filters (or liveness) leave out never
                     * counts below: not scored (filters before scoring) */
                    if (x->allow && !((x->allow[doc >> 6] >> (doc & 63)) & 1))
                        continue;
                    cd[n] = doc;
                    for (int f = 0; f < MATCH_NFIELDS; f++)
                        if (ct[n][f] > 0)
                            __builtin_prefetch(&x->c->flen[f][doc]);
                    n++;
                }
                for (size_t a = 0; a < n; a++) {
                    size_t i = (cd[a] * 2654435761u) & (ns - 1);
                    while (sd[i] && sd[i] != cd[a] + 1)
                        i = (i + 1) & (ns - 1);
                    used += !sd[i];
                    sd[i] = cd[a] + 1;
                    sv[i] += mx_score(k1->w, ln, x->c, cd[a], ct[a]);
                }
            }
        }
    }
    free(bb);
    /* whole scores cost a probe of every list each: for a small k only (a
     * first phase's k of 1,000 would probe every list 4,000 times) */
    size_t nex = k <= SEED_EXACT_K ? k * (size_t)match_w.seed_exact_per_top : 0, nb = 0, nx = 0;
    best *b = qiao_malloc(k * sizeof *b), *ex = qiao_malloc((nex ? nex : 1) * sizeof *ex);
    double mm = max_mult(x->q);
    for (size_t i = 0; used > 0 && i < ns; i++) {   /* in slot order, each slot cleared */
        if (!sd[i])
            continue;
        uint32_t doc = sd[i] - 1;
        double v = sv[i];
        sd[i] = 0;
        sv[i] = 0;
        used--;
        if (!eligible(x, doc))
            continue;
        if (nex)
            best_add(ex, &nx, nex, v, doc);
        if (nb == k && v * mm <= b[0].v)
            continue;                  /* cannot enter the k best partial scores */
        best_add(b, &nb, k, v * doc_mult(x->q, x->ci, x->ix, &x->c->docs[doc], x->today), doc);
    }
    double thr = nb == k ? b[0].v / MARGIN : -1;
    if (nex && nx >= k) {              /* whole scores of the best partial sums */
        qsort(ex, nx, sizeof *ex, cmp_best_doc);
        mx_probe *pr = qiao_malloc(m * sizeof *pr);
        for (size_t j = 0; j < m; j++)
            pr[j] = mx_probe_of(cs[j].pl, cs[j].w);
        nb = 0;
        for (size_t i = 0; i < nx; i++) {
            uint32_t doc = ex[i].doc;
            mx_fx fx = 0;
            for (size_t j = 0; j < m; j++)
                if (mx_probe_at(&pr[j], doc))
                    fx += mx_fx_of(mx_score(pr[j].w, ln, x->c, doc, pr[j].tf));
            float text = mx_fx_float(fx);
            float mult = doc_mult(x->q, x->ci, x->ix, &x->c->docs[doc], x->today);
            best_add(b, &nb, k, (double)(text * mult), doc);
        }
        if (nb == k && b[0].v / MARGIN > thr)
            thr = b[0].v / MARGIN;
        free(pr);
    }
    free(b);
    free(ex);
    return thr;
}

/* ---- MaxScore over windows of doc ids ----
 * The essential lists are read term at a time into accumulators for one
 * window of WIN doc ids (they and the window's share of the length arrays
 * stay in the core's cache), then the window's records are taken in doc
 * order: a record whose essential sum plus the non-essential bounds cannot
 * reach the threshold is passed over at once, the others are probed in the
 * non-essential lists as before. No heap of cursors: at 10^6 records a
 * keyword query's essential lists hold ~300,000 postings, and the cursor
 * heap cost more per posting than scoring it. With no threshold yet every
 * list is essential and this is plain term-at-a-time evaluation. */
#define WIN_MAX (1u << 16)
static unsigned win_bits = 12;         /* match_set_window */
#define WIN (1u << win_bits)

void match_set_window(unsigned bits)
{
    win_bits = bits < 6 ? 6 : bits > 16 ? 16 : bits;
}
#define TAB_MAX 8192u                  /* longest field length with a table entry */

/* The accumulators of one window, kept per thread and all zero between
 * uses (each window clears what it touched). Freed when the thread ends. */
struct scratch {
    mx_fx acc[WIN_MAX];
    uint64_t bits[WIN_MAX / 64];
    uint32_t *sd;                      /* seed_threshold's table of ns slots */
    double *sv;
    size_t ns;
};
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p)
{
    scratch *s = p;
    free(s->sd);
    free(s->sv);
    free(s);
}

static void scratch_init(void)
{
    pthread_key_create(&scratch_key, scratch_free);
}

/* The thread's first-threshold table of at least ns slots, clear (grown,
 * cleared, when a larger one is asked for). */
static void seed_table(scratch *sc, size_t ns, uint32_t **sd, double **sv)
{
    if (sc->ns < ns) {
        free(sc->sd);
        free(sc->sv);
        sc->sd = qiao_calloc(ns, sizeof *sc->sd);
        sc->sv = qiao_calloc(ns, sizeof *sc->sv);
        sc->ns = ns;
    }
    *sd = sc->sd;
    *sv = sc->sv;
}

static scratch *thread_scratch(void)
{
    pthread_once(&scratch_once, scratch_init);
    scratch *s = pthread_getspecific(scratch_key);
    if (!s) {
        s = qiao_calloc(1, sizeof *s);
        pthread_setspecific(scratch_key, s);
    }
    return s;
}

/* Contributions of a posting with a count of 1 in one field, by the
 * field's length, for a term of weight 1: w * t[f][len] is mx_score of
 * such a posting, the same operations in the same order, without its
 * division; and of counts 2..TAB_COUNTS in the body alone (a sixth of the
 * postings of common terms), body[count - 2][len], for the shorter bodies. */
#define TAB_COUNTS 4
#define TAB_BODY_MAX 2048u
typedef struct tabs {
    float *t[MATCH_NFIELDS];
    uint32_t n[MATCH_NFIELDS];
    float *body[TAB_COUNTS - 1];
    uint32_t nbody;
} tabs;

static float *tab_of(const mx_lnorm *ln, int f, float count, uint32_t n)
{
    const float k1 = match_w.k1;
    float *t = qiao_malloc(n * sizeof *t);
    float ft = match_w.field[f] * count;
    for (uint32_t l = 0; l < n; l++)
        t[l] = ft * (k1 + 1) / (ft + k1 * (ln->a[f] + ln->bl[f] * (float)l));
    return t;
}

static void tabs_make(tabs *tb, const mx_coll *c, const mx_lnorm *ln)
{
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        tb->n[f] = c->maxflen[f] < TAB_MAX ? c->maxflen[f] + 1 : TAB_MAX;
        tb->t[f] = tab_of(ln, f, 1.0f, tb->n[f]);
    }
    tb->nbody = tb->n[MATCH_F_BODY] < TAB_BODY_MAX ? tb->n[MATCH_F_BODY] : TAB_BODY_MAX;
    for (int i = 0; i < TAB_COUNTS - 1; i++)
        tb->body[i] = tab_of(ln, MATCH_F_BODY, (float)(i + 2), tb->nbody);
}

static void tabs_free(tabs *tb)
{
    for (int f = 0; f < MATCH_NFIELDS; f++)
        free(tb->t[f]);
    for (int i = 0; i < TAB_COUNTS - 1; i++)
        free(tb->body[i]);
}

/* One window's accumulation: where it starts and ends, its accumulators,
 * and what scoring a posting needs. bits NULL: the window's records are
 * found afterwards from the accumulators (mark_reaching): in a window
 * most records get a posting, and marking each cost more than the scan,
 * which also leaves out at once the records whose sums cannot pass. */
typedef struct win {
    uint32_t lo, hi;
    mx_fx *acc;
    uint64_t *bits;
    const tabs *tb;
    const mx_lnorm *ln;
    const mx_coll *c;
    const uint64_t *allow;             /* ctx.allow: postings of other docs are skipped */
    int sparse;                        /* allow passes at most an eighth of the docs */
} win;

/* Adds k's postings below hi to the window, marking them in bits when
 * `mark` (a constant where inlined: two copies of the loop); k then stands
 * on its first posting >= hi (or at the end), as cur_next leaves it. A
 * posting with a count of 1 in one field is scored from the table:
 * (w 2^32) t is the same float as (w t) 2^32 (a power of two only moves
 * the exponent), so mx_fx_scaled adds what mx_fx_of(w t) would. */
static inline __attribute__((always_inline)) void win_read(cur *k, const win *wn, int mark)
{
    const mx_coll *c = wn->c;
    const uint32_t lo = wn->lo, hi = wn->hi;
    /* by posting code (0 body, 1 title, 2 keywords once) */
    const uint16_t *const fl[3] = { c->flen[MATCH_F_BODY], c->flen[MATCH_F_TITLE],
                                    c->flen[MATCH_F_KEYWORDS] };
    const float *const tt[3] = { wn->tb->t[MATCH_F_BODY], wn->tb->t[MATCH_F_TITLE],
                                 wn->tb->t[MATCH_F_KEYWORDS] };
    const uint32_t tn[3] = { wn->tb->n[MATCH_F_BODY], wn->tb->n[MATCH_F_TITLE],
                             wn->tb->n[MATCH_F_KEYWORDS] };
    const float w = k->w, wfx = k->w * 4294967296.0f;
    mx_fx *acc = wn->acc;
    uint64_t *bits = wn->bits;
    const uint64_t *allow = wn->allow;
    const int sparse = wn->sparse;
    uint32_t doc = k->doc;
    if (!allow || ((allow[doc >> 6] >> (doc & 63)) & 1)) {
        acc[doc - lo] += mx_fx_of(mx_score(w, wn->ln, c, doc, k->tf));
        if (mark)
            bits[(doc - lo) >> 6] |= (uint64_t)1 << ((doc - lo) & 63);
    }
    const uint8_t *s = k->s, *end = k->end;
    while (s < end) {
        const uint8_t *at = s;
        uint64_t v;
        s = mx_varint_short(s, end, &v);
        doc += (uint32_t)(v >> 2);
        unsigned code = (unsigned)(v & 3);
        const uint8_t *cnt = s;
        if (code == 3)
            s += MATCH_NFIELDS;
        if (doc >= hi) {               /* the cursor's next posting */
            k->doc = doc;
            k->s = s;
            mx_tf_of(code, cnt, k->tf);
            uint32_t off = (uint32_t)(at - k->pl->p);
            while (k->bi + 1 < k->nblk && k->blk[k->bi + 1].off <= off)
                k->bi++;
            return;
        }
        /* a record the filters leave out gets nothing (never ranked): masked,
         * not branched on (which way goes at random, posting by posting),
         * unless the filters pass few records: then it is not scored (its
         * lengths are cache misses at scale) and the branch mostly skips */
        uint64_t ok = allow ? (allow[doc >> 6] >> (doc & 63)) & 1 : 1;
        if (sparse && !ok)
            continue;
        mx_fx x;
        if (code < 3 && fl[code][doc] < tn[code]) {
            x = mx_fx_scaled(wfx * tt[code][fl[code][doc]]);
        } else if (code == 3 && !(cnt[MATCH_F_TITLE] | cnt[MATCH_F_KEYWORDS]) &&
                   cnt[MATCH_F_BODY] - 2u < TAB_COUNTS - 1u &&
                   fl[0][doc] < wn->tb->nbody) {
            x = mx_fx_scaled(wfx * wn->tb->body[cnt[MATCH_F_BODY] - 2][fl[0][doc]]);
        } else {
            float tf[MATCH_NFIELDS];
            mx_tf_of(code, cnt, tf);
            x = mx_fx_of(mx_score(w, wn->ln, c, doc, tf));
        }
        uint32_t i = doc - lo;
        acc[i] += x & -(mx_fx)ok;
        if (mark)
            bits[i >> 6] |= ok << (i & 63);
    }
    k->s = end;
    k->doc = UINT32_MAX;
}

/* Adds k's postings below the window's end to it (k stands on its first
 * posting at or after lo). */
static void accumulate(cur *k, const win *wn)
{
    if (k->doc >= wn->hi)
        return;
    if (wn->bits)
        win_read(k, wn, 1);
    else
        win_read(k, wn, 0);
}

/* The window's records whose sums reach lim (>= 1) into bits; the others'
 * accumulators are cleared. */
static void mark_reaching(mx_fx *acc, uint64_t *bits, uint32_t n, mx_fx lim)
{
    for (uint32_t wi = 0; wi < n / 64; wi++) {
        uint64_t b = 0;
        for (uint32_t j = 0; j < 64; j++) {
            mx_fx v = acc[wi * 64 + j];
            uint64_t in = v >= lim;
            acc[wi * 64 + j] = in ? v : 0;
            b |= in << j;
        }
        bits[wi] = b;
    }
}

/* A probe's cost in postings read: a lookup in a list with random access
 * costs less than a block skip. */
static double probe_cost(const cur *k)
{
    return k->pl->dense ? match_w.dense_probe_cost : match_w.probe_cost;
}

static void maxscore(const ctx *x, heap *h)
{
    const match_query *q = x->q;
    const mx_coll *c = x->c;
    double avg[MATCH_NFIELDS], drift = 1;
    mx_avg(c, avg);
    mx_lnorm ln;
    mx_lnorm_of(c, &ln);
    for (int f = 0; f < MATCH_NFIELDS; f++)
        if (c->refavg[f] > 0 && avg[f] / c->refavg[f] > drift)
            drift = avg[f] / c->refavg[f];
    cur *cs = qiao_malloc((q->nt ? q->nt : 1) * sizeof *cs);
    size_t m = 0;
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t t = q->t[i].term;
        if (t >= c->npl || !c->pl[t].len || q->t[i].w <= 0)
            continue;
        const mx_plist *p = &c->pl[t];
        cur *k = &cs[m++];
        memset(k, 0, sizeof *k);
        k->pl = p;
        if (p->nblk) {
            k->blk = p->blk;
            k->nblk = p->nblk;
        } else {
            k->one = (mx_block){ 0, 0, p->last - 1, p->maxtfn };
            k->nblk = 1;
        }
        k->s = p->p;
        k->end = mx_plist_end(p);
        k->w = q->t[i].w * mx_idf(c, t);
        k->ub = contrib_ub(k->w, (double)p->maxtfn * drift);
        cur_next(k);
    }
    qsort(cs, m, sizeof *cs, cmp_ub);
    for (size_t j = 0; j < m; j++)     /* after the sort moved them */
        if (!cs[j].pl->nblk)
            cs[j].blk = &cs[j].one;
    double *pre = qiao_malloc((m + 1) * sizeof *pre);   /* pre[j]: bounds of cs[0..j-1] */
    pre[0] = 0;
    for (size_t j = 0; j < m; j++)
        pre[j + 1] = pre[j] + cs[j].ub;
    double mmax = max_mult(q) * MARGIN, thr = seed_threshold(x, cs, m, h->k, &ln);
    size_t ne = 0;                     /* cs[0..ne-1] are non-essential */
    while (thr >= 0 && ne < m && pre[ne + 1] * mmax < thr)
        ne++;
    tabs tb;
    tabs_make(&tb, c, &ln);
    scratch *sc = thread_scratch();
    int sparse = x->allow &&
                 mx_and_count(x->allow, NULL, ((size_t)c->ndocs + 63) / 64) * 8 <= c->ndocs;
    size_t nacc = m;                   /* lists [nacc, m) are read into a window */
    for (;;) {
        uint32_t lo = UINT32_MAX;      /* the window: from the first essential posting */
        for (size_t j = ne; j < m; j++)
            if (cs[j].doc < lo)
                lo = cs[j].doc;
        if (lo == UINT32_MAX)
            break;
        uint32_t hi = lo + WIN < lo ? UINT32_MAX : lo + WIN;
        /* Lists read into this window: the essential ones, and maybe a few
         * non-essential ones (nacc, below). Their cursors may stand before
         * the window. */
        size_t nw = nacc < ne ? nacc : ne;
        for (size_t j = nw; j < ne; j++)
            cur_seek(&cs[j], lo);
        /* postings expected in the window: marked one by one when few */
        double per = (double)WIN / (c->ndocs ? c->ndocs : 1), expect = 0;
        for (size_t j = nw; j < m; j++)
            expect += cs[j].pl->df * per;
        int scan = expect > WIN;
        win wn = { lo, hi, sc->acc, scan ? NULL : sc->bits, &tb, &ln, c, x->allow, sparse };
        for (size_t j = nw; j < m; j++)
            accumulate(&cs[j], &wn);
        if (scan) {
            /* only records that can pass the first check below: below
             * lim, (partial + pre[nw]) * mmax < thr (with room for
             * rounding) */
            mx_fx lim = 1;
            if (thr >= 0) {
                double l = (thr / mmax - pre[nw]) * 4294967296.0 * (1 - 1e-6) - 1;
                if (l > 1)
                    lim = l < 9e18 ? (mx_fx)l : INT64_MAX;
            }
            mark_reaching(sc->acc, sc->bits, WIN, lim);
        }
        size_t nprobe = 0;             /* probes of list nw - 1 in this window */
        for (uint32_t wi = 0; wi < WIN / 64; wi++) {
            uint64_t bits = sc->bits[wi];
            if (!bits)
                continue;
            sc->bits[wi] = 0;
            while (bits) {
                uint32_t i = wi * 64 + (uint32_t)__builtin_ctzll(bits);
                bits &= bits - 1;
                uint32_t doc = lo + i;
                mx_fx fx = sc->acc[i];
                sc->acc[i] = 0;
                if (!eligible(x, doc))
                    continue;
                double partial = (double)fx / 4294967296.0;
                /* The record's own multiplier reads its doc entry (a cache
                 * miss at scale): a typed query's multipliers differ by its
                 * freshness only (5 %), so until the record is through the
                 * probes the largest multiplier stands for it; a record's
                 * query (factors up to ±85 %) gets it once the largest does
                 * not rule the record out. */
                if (thr >= 0 && (partial + pre[nw]) * mmax < thr)
                    continue;
                nprobe++;
                float mult = q->has_meta ? doc_mult(q, x->ci, x->ix, &c->docs[doc], x->today) : 0;
                double dm = q->has_meta ? (double)mult * MARGIN : mmax;
                int ok = 1;
                for (size_t j = nw; j-- > 0;) {
                    if (thr >= 0 && (partial + pre[j + 1]) * dm < thr) {
                        ok = 0;
                        break;
                    }
                    cur *k = &cs[j];
                    float tf[MATCH_NFIELDS];
                    const float *at = NULL;
                    if (k->pl->dense) {        /* a common term: random access */
                        if (mx_dense_get(k->pl->dense, doc, tf))
                            at = tf;
                    } else {
                        cur_seek(k, doc);
                        if (k->doc == doc)
                            at = k->tf;
                    }
                    if (at) {
                        float v = mx_score(k->w, &ln, c, doc, at);
                        fx += mx_fx_of(v);
                        partial += v;
                    }
                }
                if (!ok || (thr >= 0 && partial * dm < thr))
                    continue;
                if (!q->has_meta)
                    mult = doc_mult(q, x->ci, x->ix, &c->docs[doc], x->today);
                float text = mx_fx_float(fx);
                heap_push(h, (cand){ text * mult, text, fx, doc });
                if (h->n == h->k && h->v[0].score > thr)
                    thr = h->v[0].score;
            }
        }
        while (thr >= 0 && ne < m && pre[ne + 1] * mmax < thr)
            ne++;
        /* A list probed more often in a window than it holds postings
         * there is cheaper read whole (a posting read costs less than a
         * probe): the next window reads one more list, or one fewer when
         * the last one read holds far more postings than the probes. */
        if (nw > 0 && (double)nprobe * probe_cost(&cs[nw - 1]) > cs[nw - 1].pl->df * per)
            nacc = nw - 1;
        else if (nw < ne && (double)nprobe * probe_cost(&cs[nw]) * 4 < cs[nw].pl->df * per)
            nacc = nw + 1;
        else
            nacc = nw;
    }
    tabs_free(&tb);
    free(cs);
    free(pre);
}

/* A query with a phrase that few records hold: those records scored whole,
 * each looked up in every list (random access or block skips, in doc
 * order), instead of reading the lists. 0 when the records are too many
 * for that to be cheaper. */
static size_t few_probes = 20000;      /* records needed x query terms */

size_t match_set_few_probes(size_t n)
{
    size_t old = few_probes;
    few_probes = n;
    return old;
}

static int few_needed(const ctx *x, heap *h, const uint64_t *need)
{
    const match_query *q = x->q;
    const mx_coll *c = x->c;
    size_t words = ((size_t)c->ndocs + 63) / 64, n = 0, m = 0;
    for (size_t w = 0; w < words; w++)
        n += (size_t)__builtin_popcountll(need[w]);
    for (size_t i = 0; i < q->nt; i++)
        m += q->t[i].term < c->npl && c->pl[q->t[i].term].len && q->t[i].w > 0;
    if (n * m > few_probes)
        return 0;
    mx_lnorm ln;
    mx_lnorm_of(c, &ln);
    mx_probe *pr = qiao_malloc((m ? m : 1) * sizeof *pr);
    m = 0;
    for (size_t i = 0; i < q->nt; i++) {
        uint32_t t = q->t[i].term;
        if (t < c->npl && c->pl[t].len && q->t[i].w > 0)
            pr[m++] = mx_probe_of(&c->pl[t], q->t[i].w * mx_idf(c, t));
    }
    for (size_t w = 0; w < words; w++)
        for (uint64_t bits = need[w]; bits; bits &= bits - 1) {
            uint32_t doc = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            if (!eligible(x, doc))
                continue;
            mx_fx fx = 0;
            for (size_t j = 0; j < m; j++)
                if (mx_probe_at(&pr[j], doc))
                    fx += mx_fx_of(mx_score(pr[j].w, &ln, c, doc, pr[j].tf));
            if (!fx)
                continue;              /* holds no query term (an exclusion-only query) */
            float mult = doc_mult(q, x->ci, x->ix, &c->docs[doc], x->today);
            float text = mx_fx_float(fx);
            heap_push(h, (cand){ text * mult, text, fx, doc });
        }
    free(pr);
    return 1;
}

/* Two phases (rescore.c) when the query holds terms in more than dense_df
 * of the records, with postings enough to matter, and the
 * candidates are fewer than the records: the best N by the other terms, then
 * their full scores. 0 when it does not apply (also when fewer than N
 * records hold a selective term: then one phase, which is exact). */
static int two_phase(const ctx *x, heap *h, size_t top)
{
    double want = (double)match_w.cand_per_top * (double)top;
    if (want < match_w.cand_min)
        want = match_w.cand_min;
    match_query sub;
    if (want >= x->c->nlive || !mx_phase1_query(x->ix, x->q, x->ci, &sub))
        return 0;
    size_t n = (size_t)want;
    heap h1 = { qiao_malloc(n * sizeof(cand)), 0, n, x->c };
    ctx x1 = *x;
    x1.q = &sub;
    maxscore(&x1, &h1);
    if (h1.n < n) {                    /* fewer records hold a selective term than N: */
        free(h1.v);                    /* others, holding dense terms only, may rank */
        free(sub.t);
        return 0;
    }
    qsort(h1.v, h1.n, sizeof *h1.v, cmp_doc);
    uint32_t *docs = qiao_malloc((h1.n ? h1.n : 1) * sizeof *docs);
    mx_fx *fx = qiao_malloc((h1.n ? h1.n : 1) * sizeof *fx);
    for (size_t i = 0; i < h1.n; i++) {
        docs[i] = h1.v[i].doc;
        fx[i] = h1.v[i].fx;
    }
    mx_rescore(x->ix, x->q, &sub, x->ci, docs, h1.n, fx);
    for (size_t i = 0; i < h1.n; i++) {
        float text = mx_fx_float(fx[i]);
        float mult = doc_mult(x->q, x->ci, x->ix, &x->c->docs[docs[i]], x->today);
        heap_push(h, (cand){ text * mult, text, fx[i], docs[i] });
    }
    free(docs);
    free(fx);
    free(h1.v);
    free(sub.t);
    return 1;
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
    match_query capped;
    int own = mx_query_capped(ix, q, ci, &capped);
    if (own)
        q = &capped;
    uint32_t nd = c->ndocs;
    ctx x = { q, ix, c, ci, q->self[0] && mx_coll_of(q->self_kind) == ci, mx_today(),
              NULL, NULL, NULL, 0 };
    uint64_t *need = NULL, *neg = NULL, *allow = NULL;
    if (has_filters(q)) {              /* the filters as a bitmap: a bit test a candidate */
        size_t words = ((size_t)nd + 63) / 64;
        uint64_t *tmp = qiao_malloc((words ? words : 1) * sizeof *tmp);
        allow = qiao_malloc((words ? words : 1) * sizeof *allow);
        mx_filter_bits(q, c, allow, tmp, words);
        free(tmp);
        x.allow = allow;
    }
    if (q->ng) {                       /* phrases and exclusions as bitmaps of the docs */
        size_t words = ((size_t)nd + 63) / 64;
        uint64_t *g1 = qiao_malloc((words ? words : 1) * sizeof *g1);
        uint64_t *tmp = qiao_malloc((words ? words : 1) * sizeof *tmp);
        for (size_t g = 0; g < q->ng; g++) {
            uint64_t **into = q->gneg[g] ? &neg : &need;
            mx_group_bits(q, g, c, g1, tmp, words);
            if (!*into) {
                *into = g1;
                g1 = qiao_malloc((words ? words : 1) * sizeof *g1);
            } else {
                for (size_t w = 0; w < words; w++)
                    (*into)[w] = q->gneg[g] ? (*into)[w] | g1[w] : (*into)[w] & g1[w];
            }
        }
        free(g1);
        free(tmp);
        x.need = need;
        x.neg = neg;
    }
    x.checks = has_filters(q) || need || neg || x.self_here || (q->has_meta && ci == MX_PER);
    heap h = { qiao_malloc((top < nd ? top : nd) * sizeof(cand)), 0, top < nd ? top : nd, c };
    if (q->has_text) {
        if (!(need && few_needed(&x, &h, need)) && !two_phase(&x, &h, top))
            maxscore(&x, &h);
    } else {                          /* filters alone: every eligible record, score 0 */
        for (uint32_t doc = 0; doc < nd; doc++)
            if (eligible(&x, doc))
                heap_push(&h, (cand){ 0, 0, 0, doc });
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
        o->text = h.v[i].text;
        mx_factors(q, ci, ix, d, x.today, o->factor);
    }
    out->n = h.n;
    free(h.v);
    free(need);
    free(neg);
    free(allow);
    if (own)
        free(capped.t);
    return 0;
}
