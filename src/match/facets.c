/* match/facets.c — filters from outside the query language, facet counts
 * over every hit of a query, and orders other than the score (match.h,
 * "filters, facets and other orders").
 *
 * The hits of a query are found as a bitmap of doc ids: the union of the
 * posting lists of its counting terms (those match_search ranks by, after
 * the same cut of a long query, mx_query_capped), then each doc of the union
 * checked as match_search checks it (live, filters, phrases, exclusions,
 * not the query's own record). A keyword query reads a few bigram lists,
 * so counting costs about what ranking does; facets of the whole collection
 * (match_query_all) read no list at all. */
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

int match_mode_of(const char *s)
{
    return s ? mx_mode_bit(s, strlen(s)) : -1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int match_query_filter(match_index *ix, match_query *q, const match_filter *f, qiao_err *e)
{
    if (f->trl_min < 0 || f->trl_min > 9 || f->trl_max < 0 || f->trl_max > 9)
        return qiao_field_errf(e, QIAO_EINVAL, "trl", "TRL must be a whole number from 1 to 9");
    if (q->nfchain + f->nchains > 16)
        return qiao_field_errf(e, QIAO_EINVAL, "chain", "at most 16 industry chains at once");
    for (size_t i = 0; i < f->nchains; i++) {
        const char *v = f->chains[i];
        if (!v || !*v)
            continue;
        uint32_t id = mx_name_id(ix, v, strlen(v), 0);
        if (id == MX_NONE)
            q->impossible = 1;
        else
            q->fchain[q->nfchain++] = id;
    }
    if (f->zone && *f->zone) {
        uint32_t id = mx_name_id(ix, f->zone, strlen(f->zone), 0);
        if (id == MX_NONE || (q->fzone != MX_NONE && q->fzone != id))
            q->impossible = 1;
        q->fzone = id;
    }
    if (f->by_orgs) {
        uint32_t *v = qiao_malloc((f->norgs ? f->norgs : 1) * sizeof *v), n = 0;
        for (size_t i = 0; i < f->norgs; i++) {
            uint32_t id = f->orgs[i] && *f->orgs[i]
                              ? mx_name_id(ix, f->orgs[i], strlen(f->orgs[i]), 0) : MX_NONE;
            if (id != MX_NONE)
                v[n++] = id;
        }
        if (n > 0)                  /* v may be NULL when empty */
            qsort(v, n, sizeof *v, cmp_u32);
        if (q->has_forgs) {            /* both: the orgs in both sets */
            uint32_t m = 0;
            for (uint32_t i = 0; i < n; i++)
                if (q->nforgs && bsearch(&v[i], q->forgs, q->nforgs, sizeof *v, cmp_u32))
                    v[m++] = v[i];
            n = m;
            free(q->forgs);
        }
        q->forgs = v;
        q->nforgs = n;
        q->has_forgs = 1;
        if (n == 0)
            q->impossible = 1;
    }
    q->fmodes |= (uint8_t)(f->modes & 0x3f);
    if (f->trl_min > q->trl_lo)
        q->trl_lo = (uint8_t)f->trl_min;
    if (f->trl_max && f->trl_max < q->trl_hi)
        q->trl_hi = (uint8_t)f->trl_max;
    if (q->trl_lo > q->trl_hi)
        q->impossible = 1;
    return 0;
}

int match_query_all(match_query **out, qiao_err *e)
{
    (void)e;
    *out = mx_query_new();
    return 0;
}

/* ORs the docs holding a term with random access (dense.c: 2 bits a doc,
 * 0 = absent) into bits: reading 2 bits a doc beats decoding the postings
 * of a term held by an eighth of the records or more. */
static void dense_bits(const mx_dense *dn, uint64_t *bits, size_t words)
{
    size_t nw = ((size_t)dn->cap + 31) / 32;
    for (size_t i = 0; i < nw && i / 2 < words; i++) {
        uint64_t x = dn->w[i];
        if (!x)
            continue;
        x = (x | (x >> 1)) & 0x5555555555555555ull;   /* a doc's 2 bits -> its even bit */
        x = (x | (x >> 1)) & 0x3333333333333333ull;   /* even bits packed into 32 */
        x = (x | (x >> 2)) & 0x0f0f0f0f0f0f0f0full;
        x = (x | (x >> 4)) & 0x00ff00ff00ff00ffull;
        x = (x | (x >> 8)) & 0x0000ffff0000ffffull;
        x = (x | (x >> 16)) & 0x00000000ffffffffull;
        bits[i / 2] |= x << (32 * (i & 1));
    }
}

/* The candidates of q in collection ci — live, holding a counting term
 * (or every live record for a query without words), passing q's filters
 * (mx_filter_bits: a word at a time, not a doc at a time), phrases present
 * and exclusions absent — as a bitmap of ((ndocs + 63) / 64) words (owned
 * by the caller); NULL when there are none. The hits are the candidates
 * that pass hit_ok (a query from a record: not itself, matchable people):
 * the callers check it while they read each candidate's doc anyway. */
static uint64_t *hit_bits(const match_index *ix, const match_query *q, int ci, size_t *nwords)
{
    const mx_coll *c = &ix->coll[ci];
    size_t words = ((size_t)c->ndocs + 63) / 64;
    *nwords = words;
    if (q->impossible || c->nlive == 0 || words == 0)
        return NULL;
    match_query capped;
    int own = mx_query_capped(ix, q, ci, &capped);
    const match_query *qq = own ? &capped : q;
    uint64_t *bits = qiao_calloc(words, sizeof *bits);
    if (qq->has_text) {
        for (size_t i = 0; i < qq->nt; i++) {
            uint32_t t = qq->t[i].term;
            if (qq->t[i].w <= 0 || t >= c->npl)
                continue;
            const mx_plist *p = &c->pl[t];
            if (p->dense) {            /* a common term: its random-access array, 32 docs a word */
                dense_bits(p->dense, bits, words);
                continue;
            }
            const uint8_t *s = p->p, *end = mx_plist_end(p);
            uint32_t doc = 0;
            while (s < end) {          /* the docs alone: counts skipped, not decoded */
                uint64_t v;
                s = mx_varint_short(s, end, &v);
                doc += (uint32_t)(v >> 2);
                s += (v & 3) == 3 ? MATCH_NFIELDS : 0;
                bits[doc >> 6] |= (uint64_t)1 << (doc & 63);
            }
        }
    } else {
        memset(bits, 0xff, words * sizeof *bits);
    }
    for (size_t w = 0; w < words; w++)
        bits[w] &= c->livebit[w];
    if (c->ndocs & 63)
        bits[words - 1] &= ((uint64_t)1 << (c->ndocs & 63)) - 1;
    uint64_t *g = qiao_malloc(words * sizeof *g), *tmp = qiao_malloc(words * sizeof *tmp);
    if (mx_filter_bits(qq, c, g, tmp, words))
        for (size_t w = 0; w < words; w++)
            bits[w] &= g[w];
    if (qq->ng) {                      /* phrases must be there, exclusions not */
        for (size_t i = 0; i < qq->ng; i++) {
            mx_group_bits(qq, i, c, g, tmp, words);
            for (size_t w = 0; w < words; w++)
                bits[w] &= qq->gneg[i] ? ~g[w] : g[w];
        }
    }
    free(g);
    free(tmp);
    if (own)
        free(capped.t);
    return bits;
}

typedef struct hitck { const match_query *q; const mx_coll *c; int checks, self_here; } hitck;

static hitck hit_checks(const match_query *q, const mx_coll *c, int ci)
{
    int self_here = q->self[0] && mx_coll_of(q->self_kind) == ci;
    int checks = self_here || (q->has_meta && ci == MX_PER);
    return (hitck){ q, c, checks, self_here };
}

/* Whether candidate doc (its filters passed: hit_bits) is a hit: matchable
 * (a query from a record), not the query's own record. */
static inline int hit_ok(const hitck *k, uint32_t doc)
{
    if (!k->checks)
        return 1;
    return !(k->q->has_meta && k->c->fhot[doc].findonly) &&
           !(k->self_here &&
             strcmp(mx_dict_str(&k->c->keys, k->c->docs[doc].key), k->q->self) == 0);
}

static int cmp_count(const void *a, const void *b)
{
    const match_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->value, y->value);
}

static match_count *counts_of(const match_index *ix, const uint32_t *n, size_t *out)
{
    size_t k = 0;
    for (uint32_t i = 0; i < ix->names.n; i++)
        k += n[i] > 0;
    match_count *v = qiao_calloc(k ? k : 1, sizeof *v);
    k = 0;
    for (uint32_t i = 0; i < ix->names.n; i++)
        if (n[i])
            v[k++] = (match_count){ qiao_strdup(mx_dict_str(&ix->names, i)), n[i] };
    qsort(v, k, sizeof *v, cmp_count);
    *out = k;
    return v;
}

/* Facet counts by name id and value, before they become match_facets. */
typedef struct raw {
    size_t total, trl[10], modes[64], no_zone, no_org;
    uint32_t *chains, *zones, *orgs;   /* by name id */
} raw;

static void raw_init(raw *r, size_t nn)
{
    memset(r, 0, sizeof *r);
    r->chains = qiao_calloc(nn, sizeof *r->chains);
    r->zones = qiao_calloc(nn, sizeof *r->zones);
    r->orgs = qiao_calloc(nn, sizeof *r->orgs);
}

/* The facets a count covers (raw_word): every one, or a group's own. */
enum { D_TRL = 1, D_MODES = 2, D_CHAINS = 4, D_ZONES = 8, D_ORGS = 16, D_ALL = 31 };

static inline void raw_doc(raw *r, const mx_coll *c, uint32_t doc, unsigned dims)
{
    const mx_fhot *d = &c->fhot[doc];
    if (dims & D_TRL)
        r->trl[d->trl <= 9 ? d->trl : 0]++;
    if (dims & D_MODES)
        r->modes[d->modes & 63]++;     /* a histogram of mode sets, split in raw_finish */
    for (uint32_t j = 0, i = 0; (dims & D_CHAINS) && j < d->nchains; j++, i = 0) {
        const uint32_t *cv = c->chainv + d->chains;   /* a chain named twice counts once */
        while (i < j && cv[i] != cv[j])
            i++;
        r->chains[cv[j]] += i == j;
    }
    if (dims & D_ZONES) {
        if (d->zone != MX_NONE)
            r->zones[d->zone]++;
        else
            r->no_zone++;
    }
    if (dims & D_ORGS) {
        if (d->org != MX_NONE)
            r->orgs[d->org]++;
        else
            r->no_org++;
    }
}

/* The hits among the docs of one bitmap word w (bits m) into r: the facets
 * of dims, and the total when `total`. */
static inline void raw_word(raw *r, const hitck *ck, size_t w, uint64_t m, unsigned dims,
                            int total)
{
    while (m) {
        uint32_t doc = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(m));
        m &= m - 1;
        if (hit_ok(ck, doc)) {
            r->total += total != 0;
            raw_doc(r, ck->c, doc, dims);
        }
    }
}

/* The hits in bitmap x into r: the total and the facets of dims; a facet
 * counted value by value when its lists are cheaper to read than the docs
 * (a large x: a list's facet without its own filter), else doc by doc. */
static void raw_bits(raw *r, const hitck *ck, const uint64_t *x, size_t words, unsigned dims,
                     size_t nn)
{
    if (ck->checks) {                  /* a query from a record: doc by doc */
        for (size_t w = 0; w < words; w++)
            raw_word(r, ck, w, x[w], dims, 1);
        return;
    }
    const mx_fvals *v = &ck->c->fv;
    size_t pop = mx_and_count(x, NULL, words), s;
    r->total += pop;
    if (pop == 0)
        return;
    /* a sparse x (few words not zero): counts read those words alone */
    uint32_t *nz = qiao_malloc(words * sizeof *nz);
    mx_span sp = { x, words, pop, nz, mx_nonzero(x, words, nz) };
    if (sp.nnz * 2 > words)
        sp.nz = NULL;
    unsigned left = 0;
    if ((dims & D_CHAINS) &&          /* each chain lists a doc once (fvals.c) */
        mx_dlist_counts(v->chain, v->nchain, nn, &sp, r->chains) == SIZE_MAX)
        left |= D_CHAINS;
    if ((dims & D_ZONES) &&
        (s = mx_dlist_counts(v->zone, v->nzone, nn, &sp, r->zones)) != SIZE_MAX)
        r->no_zone += pop - s;         /* one zone a doc at most */
    else if (dims & D_ZONES)
        left |= D_ZONES;
    if ((dims & D_ORGS) &&
        (s = mx_dlist_counts(v->org, v->norg, nn, &sp, r->orgs)) != SIZE_MAX)
        r->no_org += pop - s;
    else if (dims & D_ORGS)
        left |= D_ORGS;
    if (dims & D_TRL) {                /* levels 1-9; [0]: none (or out of range) */
        uint32_t t[10] = {0};
        if ((s = mx_dlist_counts(v->trl + 1, 9, 9, &sp, t + 1)) != SIZE_MAX) {
            for (int i = 1; i < 10; i++)
                r->trl[i] += t[i];
            r->trl[0] += pop - s;
        } else {
            left |= D_TRL;
        }
    }
    if (dims & D_MODES) {              /* as mode sets of one mode each */
        uint32_t m[MATCH_NMODES] = {0};
        if (mx_dlist_counts(v->mode, MATCH_NMODES, MATCH_NMODES, &sp, m) != SIZE_MAX)
            for (int i = 0; i < MATCH_NMODES; i++)
                r->modes[1u << i] += m[i];
        else
            left |= D_MODES;
    }
    for (size_t i = 0; left && i < (sp.nz ? sp.nnz : words); i++) {
        size_t w = sp.nz ? nz[i] : i;
        raw_word(r, ck, w, x[w], left, 0);
    }
    free(nz);
}

/* The facets group g filters by. */
static unsigned dims_of(const match_query *g)
{
    return (g->trl_lo > 1 || g->trl_hi < 9 ? D_TRL : 0) | (g->fmodes ? D_MODES : 0) |
           (g->nfchain ? D_CHAINS : 0) | (g->fzone != MX_NONE ? D_ZONES : 0) |
           (g->forg != MX_NONE || g->has_forgs ? D_ORGS : 0);
}

/* into += r, the total and the facets of dims. */
static void raw_add(raw *into, const raw *r, size_t nn, unsigned dims)
{
    into->total += r->total;
    for (int i = 0; i < 10 && (dims & D_TRL); i++)
        into->trl[i] += r->trl[i];
    for (int i = 0; i < 64 && (dims & D_MODES); i++)
        into->modes[i] += r->modes[i];
    for (size_t i = 0; i < nn && (dims & D_CHAINS); i++)
        into->chains[i] += r->chains[i];
    if (dims & D_ZONES) {
        into->no_zone += r->no_zone;
        for (size_t i = 0; i < nn; i++)
            into->zones[i] += r->zones[i];
    }
    if (dims & D_ORGS) {
        into->no_org += r->no_org;
        for (size_t i = 0; i < nn; i++)
            into->orgs[i] += r->orgs[i];
    }
}

/* r as match_facets (r's arrays freed). */
static void raw_finish(const match_index *ix, raw *r, match_facets *out)
{
    memset(out, 0, sizeof *out);
    out->total = r->total;
    out->no_zone = r->no_zone;
    out->no_org = r->no_org;
    memcpy(out->trl, r->trl, sizeof out->trl);
    for (int m = 1; m < 64; m++)
        for (int b = 0; b < MATCH_NMODES; b++)
            if (m >> b & 1)
                out->modes[b] += r->modes[m];
    out->chains = counts_of(ix, r->chains, &out->nchains);
    out->zones = counts_of(ix, r->zones, &out->nzones);
    out->orgs = counts_of(ix, r->orgs, &out->norgs);
    free(r->chains);
    free(r->zones);
    free(r->orgs);
}

int match_facets_count(match_index *ix, const match_query *q, model_kind target,
                       match_facets *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: cannot count records of kind %s",
                         model_kind_name(target));
    const mx_coll *c = &ix->coll[ci];
    size_t words;
    uint64_t *bits = hit_bits(ix, q, ci, &words);
    hitck ck = hit_checks(q, c, ci);
    raw r;
    size_t nn = ix->names.n ? ix->names.n : 1;
    raw_init(&r, nn);
    if (bits)
        raw_bits(&r, &ck, bits, words, D_ALL, nn);
    raw_finish(ix, &r, out);
    free(bits);
    return 0;
}

int match_facets_multi(match_index *ix, const match_query *q, model_kind target,
                       const match_query *const *groups, size_t ngroups, match_facets *all,
                       match_facets *without, qiao_err *e)
{
    memset(all, 0, sizeof *all);
    for (size_t g = 0; g < ngroups; g++)
        memset(&without[g], 0, sizeof without[g]);
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: cannot count records of kind %s",
                         model_kind_name(target));
    if (ngroups > MATCH_FACET_GROUPS)
        return qiao_errf(e, QIAO_EINVAL, "match: at most %d filter groups",
                         MATCH_FACET_GROUPS);
    for (size_t g = 0; g < ngroups; g++)  /* modes ANDed into q's own would OR (see match.h) */
        if (q->fmodes && groups[g]->fmodes)
            return 1;
    const mx_coll *c = &ix->coll[ci];
    size_t words, nn = ix->names.n ? ix->names.n : 1;
    uint64_t *h = hit_bits(ix, q, ci, &words);
    hitck ck = hit_checks(q, c, ci);
    size_t nw = words ? words : 1;
    uint64_t *gb[MATCH_FACET_GROUPS], *xb[MATCH_FACET_GROUPS], *tmp = qiao_malloc(nw * sizeof *tmp);
    raw ra, rw[MATCH_FACET_GROUPS];
    unsigned dims[MATCH_FACET_GROUPS];
    raw_init(&ra, nn);
    for (size_t g = 0; g < ngroups; g++) {
        raw_init(&rw[g], nn);
        gb[g] = qiao_malloc(nw * sizeof *gb[g]);
        xb[g] = qiao_calloc(nw, sizeof *xb[g]);
        /* a group that filters nothing, or names a value no record holds
         * (which facet it meant is not known then): every facet */
        dims[g] = groups[g]->impossible ? D_ALL : dims_of(groups[g]);
        if (!mx_filter_bits(groups[g], c, gb[g], tmp, words)) {
            memset(gb[g], 0xff, words * sizeof *gb[g]);
            dims[g] = D_ALL;
        }
    }
    /* each hit once: into `all` when it passes every group, into without[g]
     * (its own facets only) when it fails group g alone; every without[g]
     * then adds `all` */
    for (size_t w = 0; h && w < words; w++) {
        uint64_t hw = h[w];
        tmp[w] = 0;
        if (!hw)
            continue;
        uint64_t a = hw;
        for (size_t g = 0; g < ngroups; g++)
            a &= gb[g][w];
        tmp[w] = a;
        for (size_t g = 0; g < ngroups; g++) {
            uint64_t x = hw & ~gb[g][w];
            for (size_t o = 0; o < ngroups && x; o++)
                if (o != g)
                    x &= gb[o][w];
            xb[g][w] = x;
        }
    }
    if (h)
        raw_bits(&ra, &ck, tmp, words, D_ALL, nn);
    for (size_t g = 0; g < ngroups; g++) {
        if (h)
            raw_bits(&rw[g], &ck, xb[g], words, dims[g], nn);
        raw_add(&rw[g], &ra, nn, dims[g]);
        raw_finish(ix, &rw[g], &without[g]);
        free(gb[g]);
        free(xb[g]);
    }
    raw_finish(ix, &ra, all);
    free(tmp);
    free(h);
    return 0;
}

static void counts_free(match_count *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].value);
    free(v);
}

void match_facets_free(match_facets *f)
{
    counts_free(f->chains, f->nchains);
    counts_free(f->zones, f->nzones);
    counts_free(f->orgs, f->norgs);
    memset(f, 0, sizeof *f);
}

/* ---- other orders ---- */
typedef struct ord { int64_t v; uint32_t doc; } ord;
typedef struct ordctx { const mx_coll *c; } ordctx;

/* 1 when a comes before b: smaller v, then smaller key */
static int before(const mx_coll *c, const ord *a, const ord *b)
{
    if (a->v != b->v)
        return a->v < b->v;
    return strcmp(mx_dict_str(&c->keys, c->docs[a->doc].key),
                  mx_dict_str(&c->keys, c->docs[b->doc].key)) < 0;
}

static int cmp_ord(const void *a, const void *b, void *c)
{
    return before(c, a, b) ? -1 : before(c, b, a) ? 1 : 0;
}

/* A max-heap (by `before`) of the first k seen: the root is the last of them. */
static void keep_first(const mx_coll *c, ord *h, size_t *n, size_t k, ord x)
{
    size_t i;
    if (*n < k) {
        i = (*n)++;
        while (i > 0 && before(c, &h[(i - 1) / 2], &x)) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = x;
        return;
    }
    if (!before(c, &x, &h[0]))
        return;
    i = 0;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const ord *mv = &x;
        if (l < *n && before(c, mv, &h[l])) { m = l; mv = &h[l]; }
        if (l + 1 < *n && before(c, mv, &h[l + 1]))
            m = l + 1;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
}

int match_search_ordered(match_index *ix, const match_query *q, model_kind target,
                         match_order order, size_t first, size_t n, match_hits *out,
                         size_t *total, qiao_err *e)
{
    int ci = mx_coll_of(target);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: cannot rank records of kind %s",
                         model_kind_name(target));
    out->n = 0;
    const mx_coll *c = &ix->coll[ci];
    size_t words, all = 0, k = first + n, nh = 0;
    uint64_t *bits = hit_bits(ix, q, ci, &words);
    hitck ck = hit_checks(q, c, ci);
    ord *h = qiao_malloc((k ? k : 1) * sizeof *h);
    for (size_t w = 0; bits && w < words; w++) {
        uint64_t m = bits[w];
        while (m) {
            uint32_t doc = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(m));
            m &= m - 1;
            if (!hit_ok(&ck, doc))
                continue;
            const mx_doc *d = &c->docs[doc];
            all++;
            int32_t day = order == MATCH_ORDER_NEWEST ? d->day : d->deadline;
            /* no date: after every date */
            int64_t v = day == MX_NODAY ? INT64_MAX
                        : order == MATCH_ORDER_NEWEST ? -(int64_t)day : (int64_t)day;
            if (k)
                keep_first(c, h, &nh, k, (ord){ v, doc });
        }
    }
    qsort_r(h, nh, sizeof *h, cmp_ord, (void *)c);
    size_t from = first < nh ? first : nh;
    if (out->cap < nh - from) {
        out->cap = nh - from;
        out->v = qiao_realloc(out->v, out->cap * sizeof *out->v);
    }
    for (size_t i = from; i < nh; i++) {
        match_hit *o = &out->v[out->n++];
        memset(o, 0, sizeof *o);
        snprintf(o->key, sizeof o->key, "%s", mx_dict_str(&c->keys, c->docs[h[i].doc].key));
        o->kind = target;
    }
    if (total)
        *total = all;
    free(h);
    free(bits);
    return 0;
}
