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
 */
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
    for (uint32_t t = 0; t < c->npl; t++)
        free(c->pl[t].p);
    free(c->pl);
    free(c->docs);
    free(c->keydoc);
    free(c->chainv);
    mx_dict_free(&c->keys);
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

size_t match_index_bytes(const match_index *ix)
{
    size_t n = sizeof *ix;
    const mx_dict *d[] = { &ix->terms, &ix->names };
    for (int i = 0; i < 2; i++)
        n += d[i]->nslot * 4 + d[i]->cap * 4 + d[i]->ccap;
    for (int i = 0; i < MX_NCOLL; i++) {
        const mx_coll *c = &ix->coll[i];
        n += c->cap * sizeof *c->docs + c->npl * sizeof *c->pl + c->capchainv * 4;
        n += c->keys.nslot * 4 + c->keys.cap * 8 + c->keys.ccap;
        for (uint32_t t = 0; t < c->npl; t++)
            n += c->pl[t].cap;
    }
    return n;
}

static void pl_put(mx_plist *p, uint32_t doc, const uint8_t tf[MATCH_NFIELDS])
{
    if (p->len + 16 > p->cap) {
        p->cap = p->cap < 8 ? 8 : p->cap + p->cap / 2 + 8;
        p->p = qiao_realloc(p->p, p->cap);
    }
    uint32_t prev = p->last ? p->last - 1 : 0;
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

typedef struct add_ctx {
    match_index *ix;
    uint64_t *v;
    size_t n, cap;
    int field;
} add_ctx;

static int add_tok(const mx_tok *t, void *ud)
{
    add_ctx *a = ud;
    uint32_t id = mx_dict_id(&a->ix->terms, t->term, t->len, 1);
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->v = qiao_realloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = ((uint64_t)id << 2) | (uint64_t)a->field;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
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
}

/* Drops the postings of dead docs and recomputes document frequencies. */
static void coll_compact(mx_coll *c)
{
    for (uint32_t t = 0; t < c->npl; t++) {
        mx_plist *p = &c->pl[t];
        if (!p->len)
            continue;
        mx_plist np = {0};
        const uint8_t *s = p->p, *end = p->p + p->len;
        uint32_t doc = 0;
        while (s < end) {
            uint64_t v = 0;
            int sh = 0;
            while (*s & 0x80) {
                v |= (uint64_t)(*s++ & 0x7f) << sh;
                sh += 7;
            }
            v |= (uint64_t)*s++ << sh;
            doc += (uint32_t)(v >> 2);
            uint8_t tf[MATCH_NFIELDS] = {0};
            switch (v & 3) {
            case 0: tf[MATCH_F_BODY] = 1; break;
            case 1: tf[MATCH_F_TITLE] = 1; break;
            case 2: tf[MATCH_F_KEYWORDS] = 1; break;
            default: memcpy(tf, s, MATCH_NFIELDS); s += MATCH_NFIELDS; break;
            }
            if (c->docs[doc].live)
                pl_put(&np, doc, tf);
        }
        free(p->p);
        *p = np;
    }
    c->ndead = 0;
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

int match_index_put(match_index *ix, const model_record *r, qiao_err *e)
{
    int ci = mx_coll_of(r->kind);
    if (ci < 0)
        return 0;
    if (!mx_record_live(r))
        return match_index_remove(ix, r->kind, r->key);
    mx_coll *c = &ix->coll[ci];
    mx_fields f;
    mx_fields_of(r, &f);
    add_ctx a = { ix, NULL, 0, 0, 0 };
    text_tokens tt = {0};
    buf sc = {0};
    uint32_t len[MATCH_NFIELDS] = {0};
    int rc = 0;
    for (int fi = 0; fi < MATCH_NFIELDS && rc == 0; fi++) {
        size_t before = a.n;
        a.field = fi;
        rc = mx_analyze(f.text[fi], f.len[fi], &tt, &sc, add_tok, &a, e);
        len[fi] = (uint32_t)(a.n - before);
    }
    text_tokens_free(&tt);
    buf_free(&sc);
    mx_fields_free(&f);
    if (rc < 0)
        goto out;
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
        d->len[fi] = len[fi];
        c->lensum[fi] += len[fi];
    }
    d->live = 1;
    c->nlive++;
    /* postings */
    if (c->npl < ix->terms.n) {
        uint32_t n = ix->terms.cap;
        c->pl = qiao_realloc(c->pl, n * sizeof *c->pl);
        memset(c->pl + c->npl, 0, (n - c->npl) * sizeof *c->pl);
        c->npl = n;
    }
    if (a.n > 1)
        qsort(a.v, a.n, sizeof *a.v, cmp_u64);
    for (size_t i = 0; i < a.n;) {
        uint32_t term = (uint32_t)(a.v[i] >> 2);
        uint8_t tf[MATCH_NFIELDS] = {0};
        for (; i < a.n && (uint32_t)(a.v[i] >> 2) == term; i++) {
            uint8_t *x = &tf[a.v[i] & 3];
            if (*x < 255)
                (*x)++;
        }
        pl_put(&c->pl[term], doc, tf);
    }
out:
    free(a.v);
    return rc;
}
