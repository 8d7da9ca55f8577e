/* match/index.c — the collections of the index: documents, postings,
 * adding and removing records.
 *
 * Postings of a term are a byte string of entries, doc ids ascending:
 *   varint((doc - previous doc) << 2 | c)
 *   c = 0: once in the body; 1: once in the title; 2: once in the keywords;
 *   c = 3: followed by three bytes, the term's count in title, keywords and
 *          body (each capped at 255; BM25 has long saturated by then).
 * A changed record gets a new doc id at the end, so postings only ever grow
 * at their tail; the old doc is marked dead and skipped, and dead postings
 * are dropped by a compaction once they outnumber the live records.
 *
 * Every MX_BLOCK postings of a list form a block (mx_block): where it starts,
 * its last doc, and the largest tfn in it computed at the collection's
 * reference average lengths (refavg). Query evaluation (search.c) skips with
 * the blocks and bounds scores with their maxtfn: as lengths drift, a bound
 * times max(1, avg/refavg) of the worst field stays an upper bound, so no
 * bound is ever recomputed on a write; a bulk build and a compaction
 * recompute them at the current averages (mx_rebound).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

int mx_coll_of(model_kind k)
{
    return k == MODEL_ACHIEVEMENT ? MX_ACH : k == MODEL_DEMAND ? MX_DEM
         : k == MODEL_PERSON ? MX_PER : -1;
}

int match_index_new(match_index **out, qiao_err *e)
{
    (void)e;
    *out = qiao_calloc(1, sizeof **out);
    return 0;
}

static void coll_free(mx_coll *c)
{
    for (uint32_t t = 0; t < c->npl; t++) {
        free(c->pl[t].p);
        free(c->pl[t].blk);
        mx_dense_free(c->pl[t].dense);
    }
    free(c->pl);
    free(c->docs);
    free(c->keydoc);
    free(c->chainv);
    mx_dict_free(&c->keys);
    for (int f = 0; f < MATCH_NFIELDS; f++)
        free(c->flen[f]);
    free(c->livebit);
    free(c->fhot);
    mx_fvals_free(c);
}

static void hot_reserve(mx_coll *c, uint32_t cap)
{
    if (c->caphot >= cap)
        return;
    uint32_t words = (cap + 63) / 64, oldw = (c->caphot + 63) / 64;
    for (int f = 0; f < MATCH_NFIELDS; f++)
        c->flen[f] = qiao_realloc(c->flen[f], (size_t)cap * sizeof *c->flen[f]);
    c->livebit = qiao_realloc(c->livebit, (size_t)words * sizeof *c->livebit);
    memset(c->livebit + oldw, 0, (size_t)(words - oldw) * sizeof *c->livebit);
    c->fhot = qiao_realloc(c->fhot, (size_t)cap * sizeof *c->fhot);
    c->caphot = cap;
}

void mx_hot_set(mx_coll *c, uint32_t doc)
{
    hot_reserve(c, c->cap > doc ? c->cap : doc + 1);
    const mx_doc *d = &c->docs[doc];
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        c->flen[f][doc] = (uint16_t)(d->len[f] < MX_LEN_MAX ? d->len[f] : MX_LEN_MAX);
        if (c->flen[f][doc] > c->maxflen[f])
            c->maxflen[f] = c->flen[f][doc];
    }
    c->fhot[doc] = (mx_fhot){ d->zone, d->org, d->chains, d->trl, d->modes, d->nchains,
                              d->findonly };
    uint64_t bit = (uint64_t)1 << (doc & 63);
    if (d->live)
        c->livebit[doc >> 6] |= bit;
    else
        c->livebit[doc >> 6] &= ~bit;
}

void mx_hot_rebuild(mx_coll *c)
{
    for (int f = 0; f < MATCH_NFIELDS; f++) {
        free(c->flen[f]);
        c->flen[f] = NULL;
    }
    free(c->livebit);
    c->livebit = NULL;
    free(c->fhot);
    c->fhot = NULL;
    c->caphot = 0;
    hot_reserve(c, c->cap ? c->cap : 1);
    for (uint32_t d = 0; d < c->ndocs; d++)
        mx_hot_set(c, d);
    mx_fvals_rebuild(c);
}

void match_index_free(match_index *ix)
{
    if (!ix)
        return;
    for (int i = 0; i < MX_NCOLL; i++)
        coll_free(&ix->coll[i]);
    mx_dict_free(&ix->terms);
    mx_dict_free(&ix->names);
    free(ix);
}

size_t match_index_count(const match_index *ix, model_kind kind)
{
    int c = mx_coll_of(kind);
    return c < 0 ? 0 : ix->coll[c].nlive;
}

static size_t pow2(size_t n)
{
    size_t p = 1;
    while (p < n)
        p *= 2;
    return p;
}

size_t match_index_bytes(const match_index *ix)
{
    size_t n = sizeof *ix;
    const mx_dict *d[] = { &ix->terms, &ix->names };
    for (int i = 0; i < 2; i++)
        n += (d[i]->nslot + d[i]->nold) * 4 + d[i]->cap * 4 + d[i]->ccap;
    for (int i = 0; i < MX_NCOLL; i++) {
        const mx_coll *c = &ix->coll[i];
        n += c->cap * sizeof *c->docs + c->npl * sizeof *c->pl + c->capchainv * 4;
        n += (c->keys.nslot + c->keys.nold) * 4 + c->keys.cap * 8 + c->keys.ccap;
        n += (size_t)c->caphot * (MATCH_NFIELDS * sizeof(uint16_t) + sizeof(mx_fhot)) +
             (c->caphot + 63) / 64 * 8 + mx_fvals_bytes(c);
        for (uint32_t t = 0; t < c->npl; t++)
            n += c->pl[t].cap + (c->pl[t].nblk ? pow2(c->pl[t].nblk) * sizeof(mx_block) : 0) +
                 mx_dense_bytes(c->pl[t].dense);
    }
    return n;
}

static void pl_put(mx_plist *p, uint32_t doc, const uint8_t tf[MATCH_NFIELDS], float tfn)
{
    if (p->len + 16 > p->cap) {
        p->cap = p->cap < 8 ? 8 : p->cap + p->cap / 2 + 8;
        p->p = qiao_realloc(p->p, p->cap);
    }
    uint32_t prev = p->last ? p->last - 1 : 0;
    /* a short list is one implicit block (p->maxtfn); blocks are kept from
     * the second on, the array growing by powers of two */
    if (p->df && p->df % MX_BLOCK == 0) {
        if (!p->nblk) {
            p->blk = qiao_malloc(2 * sizeof *p->blk);
            p->blk[0] = (mx_block){ 0, 0, prev, p->maxtfn };
            p->nblk = 1;
        } else if ((p->nblk & (p->nblk - 1)) == 0) {
            p->blk = qiao_realloc(p->blk, p->nblk * 2 * sizeof *p->blk);
        }
        p->blk[p->nblk++] = (mx_block){ p->len, prev, doc, 0 };
    }
    if (p->nblk) {
        mx_block *b = &p->blk[p->nblk - 1];
        b->last = doc;
        if (tfn > b->maxtfn)
            b->maxtfn = tfn;
    }
    if (tfn > p->maxtfn)
        p->maxtfn = tfn;
    int c;
    if (tf[MATCH_F_BODY] == 1 && !tf[MATCH_F_TITLE] && !tf[MATCH_F_KEYWORDS])
        c = 0;
    else if (tf[MATCH_F_TITLE] == 1 && !tf[MATCH_F_BODY] && !tf[MATCH_F_KEYWORDS])
        c = 1;
    else if (tf[MATCH_F_KEYWORDS] == 1 && !tf[MATCH_F_BODY] && !tf[MATCH_F_TITLE])
        c = 2;
    else
        c = 3;
    uint64_t v = ((uint64_t)(doc - prev) << 2) | (uint64_t)c;
    while (v >= 0x80) {
        p->p[p->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p->p[p->len++] = (uint8_t)v;
    if (c == 3)
        for (int f = 0; f < MATCH_NFIELDS; f++)
            p->p[p->len++] = tf[f];
    p->last = doc + 1;
    p->df++;
}

static float tfn8(const double avg[MATCH_NFIELDS], const mx_doc *d, const uint8_t t8[MATCH_NFIELDS])
{
    float tf[MATCH_NFIELDS];
    for (int f = 0; f < MATCH_NFIELDS; f++)
        tf[f] = t8[f];
    return mx_tfn_avg(avg, d, tf);
}

/* ---- analysis (any thread) ---- */
void mx_arec_free(mx_arec *a)
{
    free(a->v);
    free(a->chars);
    free(a->slot);
    text_tokens_free(&a->tt);
    buf_free(&a->sc);
    memset(a, 0, sizeof *a);
}

typedef struct an_ctx { mx_arec *a; uint32_t field, first; } an_ctx;

static int an_tok(const mx_tok *t, void *ud)
{
    an_ctx *x = ud;
    mx_arec *a = x->a;
    if ((a->n - x->first + 1) * 2 > a->nslot) {      /* grow the dedup table */
        size_t ns = a->nslot ? a->nslot * 2 : 1024;
        uint32_t *slot = qiao_calloc(ns, sizeof *slot);
        for (size_t i = x->first; i < a->n; i++) {
            const mx_aterm *w = &a->v[i];
            size_t h = mx_hash(a->chars + w->off, w->len) & (ns - 1);
            while (slot[h])
                h = (h + 1) & (ns - 1);
            slot[h] = (uint32_t)(i + 1);
        }
        free(a->slot);
        a->slot = slot;
        a->nslot = ns;
    }
    size_t m = a->nslot - 1, h = mx_hash(t->term, t->len) & m;
    for (; a->slot[h]; h = (h + 1) & m) {
        mx_aterm *w = &a->v[a->slot[h] - 1];
        if (w->len == t->len && memcmp(a->chars + w->off, t->term, t->len) == 0) {
            w->count++;
            a->flen[x->field]++;
            return 0;
        }
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->v = qiao_realloc(a->v, a->cap * sizeof *a->v);
    }
    if (a->clen + t->len + 1 > a->ccap) {
        while (a->clen + t->len + 1 > a->ccap)
            a->ccap = a->ccap ? a->ccap * 2 : 4096;
        a->chars = qiao_realloc(a->chars, a->ccap);
    }
    memcpy(a->chars + a->clen, t->term, t->len);
    a->chars[a->clen + t->len] = '\0';
    a->v[a->n] = (mx_aterm){ (uint32_t)a->clen, (uint32_t)t->len, 1, x->field };
    a->clen += t->len + 1;
    a->slot[h] = (uint32_t)(++a->n);
    a->flen[x->field]++;
    return 0;
}

int mx_arec_analyze(mx_arec *a, const model_record *r, qiao_err *e)
{
    a->n = a->clen = 0;
    memset(a->flen, 0, sizeof a->flen);
    mx_fields f;
    mx_fields_of(r, &f);
    an_ctx x = { a, 0, 0 };
    int rc = 0;
    for (int fi = 0; fi < MATCH_NFIELDS && rc == 0; fi++) {
        x.field = (uint32_t)fi;
        x.first = (uint32_t)a->n;
        if (a->nslot)
            memset(a->slot, 0, a->nslot * sizeof *a->slot);
        rc = mx_analyze(f.text[fi], f.len[fi], mx_field_words(fi), &a->tt, &a->sc, an_tok, &x, e);
    }
    mx_fields_free(&f);
    if (a->nslot > 65536) {            /* do not keep a huge table after a huge record */
        free(a->slot);
        a->slot = NULL;
        a->nslot = 0;
    }
    return rc;
}

static void coll_remove(mx_coll *c, uint32_t doc)
{
    mx_doc *d = &c->docs[doc];
    if (!d->live)
        return;
    d->live = 0;
    c->nlive--;
    c->ndead++;
    for (int f = 0; f < MATCH_NFIELDS; f++)
        c->lensum[f] -= d->len[f];
    mx_hot_set(c, doc);
}

static void set_refavg(mx_coll *c)
{
    mx_avg(c, c->refavg);
}

/* The postings of p whose docs are live, into np (bounds at the average
 * lengths avg): what both compactions keep of a list. */
static void plist_live(const mx_coll *c, const mx_plist *p, const double avg[MATCH_NFIELDS],
                       mx_plist *np)
{
    const uint8_t *s = p->p, *end = mx_plist_end(p);
    uint32_t doc = 0;
    float tf[MATCH_NFIELDS];
    while (s < end) {
        s = mx_posting(s, &doc, tf);
        uint8_t t8[MATCH_NFIELDS];
        for (int f = 0; f < MATCH_NFIELDS; f++)
            t8[f] = (uint8_t)tf[f];
        const mx_doc *d = &c->docs[doc];
        if (d->live)
            pl_put(np, doc, t8, mx_tfn_avg(avg, d, tf));
    }
}

/* Drops the postings of dead docs and recomputes document frequencies and
 * bounds. */
static void coll_compact(mx_coll *c)
{
    set_refavg(c);
    for (uint32_t t = 0; t < c->npl; t++) {
        mx_plist *p = &c->pl[t];
        if (!p->len)
            continue;
        mx_plist np = {0};
        plist_live(c, p, c->refavg, &np);
        free(p->p);
        free(p->blk);
        mx_dense_free(p->dense);
        *p = np;
    }
    c->ndead = 0;
    mx_dense_rebuild(c, 1);
    mx_fvals_rebuild(c);               /* drops the dead docs from the value lists */
}

int match_index_remove(match_index *ix, model_kind kind, const char *key)
{
    int ci = mx_coll_of(kind);
    if (ci < 0 || !key)
        return 0;
    mx_coll *c = &ix->coll[ci];
    uint32_t k = mx_dict_find(&c->keys, key, strlen(key));
    if (k == MX_NONE || c->keydoc[k] == MX_NONE)
        return 0;
    coll_remove(c, c->keydoc[k]);
    c->keydoc[k] = MX_NONE;
    if (c->ndead > 1024 && c->ndead > c->nlive)
        coll_compact(c);
    return 0;
}

size_t match_index_compact(match_index *ix)
{
    size_t n = 0;
    for (int ci = 0; ci < MX_NCOLL; ci++)
        if (ix->coll[ci].ndead) {
            n += ix->coll[ci].ndead;
            coll_compact(&ix->coll[ci]);
        }
    return n;
}

/* A compaction in two steps (match.h): the new lists built aside by a
 * reader, then put in place by the writer. */
struct match_compaction {
    int todo[MX_NCOLL];
    double avg[MX_NCOLL][MATCH_NFIELDS];
    mx_plist *pl[MX_NCOLL];
    uint32_t npl[MX_NCOLL];
    size_t ndead;
};

match_compaction *match_compact_prepare(const match_index *ix)
{
    match_compaction *m = NULL;
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        const mx_coll *c = &ix->coll[ci];
        if (!c->ndead)
            continue;
        if (!m)
            m = qiao_calloc(1, sizeof *m);
        m->todo[ci] = 1;
        m->ndead += c->ndead;
        mx_avg(c, m->avg[ci]);
        m->npl[ci] = c->npl;
        m->pl[ci] = qiao_calloc(c->npl ? c->npl : 1, sizeof *m->pl[ci]);
        for (uint32_t t = 0; t < c->npl; t++) {
            const mx_plist *p = &c->pl[t];
            if (!p->len)
                continue;
            plist_live(c, p, m->avg[ci], &m->pl[ci][t]);
        }
    }
    return m;
}

size_t match_compact_commit(match_index *ix, match_compaction *m)
{
    if (!m)
        return 0;
    size_t n = m->ndead;
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        if (!m->todo[ci])
            continue;
        mx_coll *c = &ix->coll[ci];
        for (uint32_t t = 0; t < c->npl; t++) {
            mx_plist *p = &c->pl[t];
            free(p->p);
            free(p->blk);
            mx_dense_free(p->dense);
            *p = t < m->npl[ci] ? m->pl[ci][t] : (mx_plist){0};
        }
        free(m->pl[ci]);
        memcpy(c->refavg, m->avg[ci], sizeof c->refavg);
        c->ndead = 0;
        mx_dense_rebuild(c, 1);
        mx_fvals_rebuild(c);           /* as coll_compact: the value lists lose the dead docs */
    }
    free(m);
    return n;
}

void match_compaction_free(match_compaction *m)
{
    if (!m)
        return;
    for (int ci = 0; ci < MX_NCOLL; ci++)
        if (m->todo[ci]) {
            for (uint32_t t = 0; t < m->npl[ci]; t++) {
                free(m->pl[ci][t].p);
                free(m->pl[ci][t].blk);
                mx_dense_free(m->pl[ci][t].dense);
            }
            free(m->pl[ci]);
        }
    free(m);
}

int match_index_put(match_index *ix, const model_record *r, qiao_err *e)
{
    if (mx_coll_of(r->kind) < 0)
        return 0;
    if (!mx_record_live(r))
        return match_index_remove(ix, r->kind, r->key);
    mx_arec a = {0};
    int rc = mx_arec_analyze(&a, r, e);
    if (rc == 0)
        rc = mx_index_add(ix, r, &a, e);
    mx_arec_free(&a);
    return rc;
}

/* Sorts v (id << 10 | field << 8 | count, ids below maxid) by term id:
 * a radix sort on the id's bytes (qsort's calls were a seventh of a build). */
static void sort_by_term(uint64_t *v, size_t n, uint32_t maxid)
{
    if (n < 32) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && (v[j - 1] >> 10) > (v[j] >> 10); j--) {
                uint64_t t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        return;
    }
    uint64_t *tmp = qiao_malloc(n * sizeof *tmp), *src = v, *dst = tmp;
    for (int sh = 10; sh < 42 && ((uint64_t)maxid - 1) >> (sh - 10) != 0; sh += 8) {
        size_t cnt[257] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[((src[i] >> sh) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            cnt[b + 1] += cnt[b];
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> sh) & 0xff]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    free(tmp);
}

int mx_index_add(match_index *ix, const model_record *r, const mx_arec *a, qiao_err *e)
{
    (void)e;
    int ci = mx_coll_of(r->kind);
    if (ci < 0)
        return 0;
    if (!mx_record_live(r))
        return match_index_remove(ix, r->kind, r->key);
    mx_coll *c = &ix->coll[ci];
    /* term ids, in order of first appearance (as the token stream gives them) */
    uint64_t *v = qiao_malloc((a->n ? a->n : 1) * sizeof *v);
    uint32_t maxid = 0;
    for (size_t i = 0; i < a->n; i++) {
        const mx_aterm *w = &a->v[i];
        uint32_t id = mx_dict_id(&ix->terms, a->chars + w->off, w->len, 1);
        if (id + 1 > maxid)
            maxid = id + 1;
        v[i] = (uint64_t)id << 10 | (uint64_t)w->field << 8 | (w->count < 255 ? w->count : 255);
    }
    match_index_remove(ix, r->kind, r->key);
    /* the new doc */
    if (c->ndocs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->docs = qiao_realloc(c->docs, c->cap * sizeof *c->docs);
    }
    uint32_t doc = c->ndocs++;
    mx_doc *d = &c->docs[doc];
    memset(d, 0, sizeof *d);
    uint32_t k = mx_dict_id(&c->keys, r->key, strlen(r->key), 1);
    c->keydoc = qiao_realloc(c->keydoc, c->keys.cap * sizeof *c->keydoc);
    c->keydoc[k] = doc;
    d->key = k;
    mx_meta m;
    mx_meta_of(ix, r, &m, 1);
    d->zone = m.zone;
    d->org = m.org;
    d->trl = m.trl;
    d->modes = m.modes;
    d->day = m.day;
    d->deadline = m.deadline;
    d->findonly = !mx_record_matchable(r);
    d->nchains = m.nchains;
    if (c->nchainv + m.nchains > c->capchainv) {
        c->capchainv = c->capchainv * 2 + m.nchains + 64;
        c->chainv = qiao_realloc(c->chainv, c->capchainv * sizeof *c->chainv);
    }
    d->chains = (uint32_t)c->nchainv;
    if (m.nchains)
        memcpy(c->chainv + c->nchainv, m.chain, m.nchains * sizeof *m.chain);
    c->nchainv += m.nchains;
    for (int fi = 0; fi < MATCH_NFIELDS; fi++) {
        d->len[fi] = a->flen[fi] < MX_LEN_MAX ? a->flen[fi] : MX_LEN_MAX;
        c->lensum[fi] += d->len[fi];
    }
    d->live = 1;
    c->nlive++;
    mx_hot_set(c, doc);
    mx_fvals_add(c, doc);
    for (int fi = 0; fi < MATCH_NFIELDS; fi++)  /* first lengths of a field: the reference */
        if (c->refavg[fi] == 0 && c->lensum[fi] > 0)
            c->refavg[fi] = c->lensum[fi] / c->nlive;
    /* postings: the lists of this collection grow to the largest term id,
     * by a sixteenth at a time: doubling zeroed 50 MB of new list headers in
     * one write at 10^6 records (17 ms; docs/matching.md, session 5) */
    if (c->npl < maxid) {
        uint32_t n = c->npl;
        while (n < maxid)
            n += n / 16 + 1024;
        c->pl = qiao_realloc(c->pl, n * sizeof *c->pl);
        memset(c->pl + c->npl, 0, (n - c->npl) * sizeof *c->pl);
        c->npl = n;
    }
    if (a->n > 1)
        sort_by_term(v, a->n, maxid);
    for (size_t i = 0; i < a->n;) {
        uint32_t term = (uint32_t)(v[i] >> 10);
        uint8_t tf[MATCH_NFIELDS] = {0};
        for (; i < a->n && (uint32_t)(v[i] >> 10) == term; i++)
            tf[(v[i] >> 8) & 3] = (uint8_t)(v[i] & 0xff);
        pl_put(&c->pl[term], doc, tf, tfn8(c->refavg, d, tf));
        if (c->pl[term].dense)
            mx_dense_put(c->pl[term].dense, doc, tf);
    }
    free(v);
    return 0;
}

/* ---- bounds after a bulk build ---- */
static void rebound_range(mx_coll *c, uint32_t from, uint32_t to)
{
    for (uint32_t t = from; t < to; t++) {
        mx_plist *p = &c->pl[t];
        if (p->len && p->cap > mx_slack(p->len)) {  /* a bulk load's growth slack goes */
            p->cap = (uint32_t)mx_slack(p->len);     /* back, but for a little room */
            p->p = qiao_realloc(p->p, p->cap);
        }
        const uint8_t *s = p->p, *end = mx_plist_end(p);
        uint32_t doc = 0, n = 0;
        float tf[MATCH_NFIELDS];
        p->maxtfn = 0;
        mx_dense_free(p->dense);       /* random access filled in the same pass */
        p->dense = mx_dense_wanted(c, p) ? mx_dense_new(p->last) : NULL;
        while (s < end) {
            s = mx_posting(s, &doc, tf);
            uint32_t len[MATCH_NFIELDS];   /* the hot copies: no doc entry read */
            for (int f = 0; f < MATCH_NFIELDS; f++)
                len[f] = c->flen[f][doc];
            float x = mx_tfn_lens(c->refavg, len, tf);
            if (p->nblk) {
                mx_block *b = &p->blk[n / MX_BLOCK];
                if (n % MX_BLOCK == 0 || x > b->maxtfn)
                    b->maxtfn = x;
            }
            n++;
            if (x > p->maxtfn)
                p->maxtfn = x;
            if (p->dense) {
                uint8_t t8[MATCH_NFIELDS];
                for (int f = 0; f < MATCH_NFIELDS; f++)
                    t8[f] = (uint8_t)tf[f];
                mx_dense_put(p->dense, doc, t8);
            }
        }
        if (p->dense)
            mx_dense_trim(p->dense);
    }
}

void match_index_finish(match_index *ix, int threads)
{
    mx_rebound(ix, threads > 0 ? threads : 2);
}

/* ---- work over the terms of a collection on several threads ---- */
typedef struct tjob {
    mx_coll *c;
    uint32_t from, to;
    void (*fn)(mx_coll *c, uint32_t from, uint32_t to);
} tjob;

static void *run_tjob(void *ud)
{
    tjob *j = ud;
    j->fn(j->c, j->from, j->to);
    return NULL;
}

void mx_terms_parallel(mx_coll *c, int threads, uint64_t (*weight)(const mx_coll *, const mx_plist *),
                       void (*fn)(mx_coll *c, uint32_t from, uint32_t to))
{
    if (threads < 1)
        threads = 1;
    if (threads > 16)
        threads = 16;
    tjob job[16];
    pthread_t th[16];
    int started[16] = {0};
    uint64_t total = 0, sum = 0;
    for (uint32_t t = 0; t < c->npl; t++)
        total += weight(c, &c->pl[t]);
    uint32_t t = 0;
    for (int i = 0; i < threads; i++) {
        uint32_t from = t;
        uint64_t goal = total * (uint64_t)(i + 1) / (uint64_t)threads;
        while (t < c->npl && (sum < goal || i == threads - 1))
            sum += weight(c, &c->pl[t++]);
        job[i] = (tjob){ c, from, t, fn };
        if (i > 0)
            started[i] = pthread_create(&th[i], NULL, run_tjob, &job[i]) == 0;
    }
    run_tjob(&job[0]);
    for (int i = 1; i < threads; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            run_tjob(&job[i]);
    }
}

/* A list's share of the bounds pass: its bytes (and a little per term). */
static uint64_t list_bytes(const mx_coll *c, const mx_plist *p)
{
    (void)c;
    return (uint64_t)p->len + 64;
}

void mx_rebound(match_index *ix, int threads)
{
    for (int ci = 0; ci < MX_NCOLL; ci++) {
        mx_coll *c = &ix->coll[ci];
        set_refavg(c);
        /* equal shares of posting bytes, not of terms: the common terms
         * (long lists, random-access arrays) have the first term ids */
        mx_terms_parallel(c, threads, list_bytes, rebound_range);
    }
}
