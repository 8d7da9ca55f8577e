/* match/wcache.c — the whole words of a clause, segmented once (match.h
 * match_wcache): the reason words of a match segment the hit's clauses with
 * friso, which is most of what explaining a page of matches costs; the
 * hits of a record's matches are mostly the same records from one view to
 * the next (and across the index's generations), so their clauses' words
 * are kept. The key is the clause's bytes themselves (compared in full), so
 * a kept entry is what text_tokenize gives for those bytes: a changed
 * record brings other bytes, and nothing needs invalidating.
 *
 * Direct-mapped by a hash of the clause, one mutex; entries are copied out
 * under it. Clauses longer than WCACHE_CLAUSE_MAX bytes are not kept, nor
 * entries that would take the cache past WCACHE_BYTES_MAX. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"

#define WCACHE_CLAUSE_MAX 2048
#define WCACHE_BYTES_MAX (32u << 20)   /* entries beyond it are not kept */

typedef struct went {
    uint64_t h;
    char *key;                   /* the clause's bytes */
    size_t klen;
    mx_cword *v;                 /* its words; terms in `terms` */
    size_t n;
    char *terms;
    size_t tlen;
} went;

struct match_wcache {
    pthread_mutex_t lock;
    went *slot;
    size_t nslot;
    size_t bytes;
    atomic_size_t hits, misses;
};

match_wcache *match_wcache_new(size_t slots)
{
    match_wcache *c = qiao_calloc(1, sizeof *c);
    c->nslot = slots ? slots : MATCH_WCACHE_SLOTS;
    c->slot = qiao_calloc(c->nslot, sizeof *c->slot);
    pthread_mutex_init(&c->lock, NULL);
    atomic_init(&c->hits, 0);
    atomic_init(&c->misses, 0);
    return c;
}

static size_t went_bytes(const went *x)
{
    return x->key ? x->klen + x->n * sizeof *x->v + x->tlen : 0;
}

static void went_clear(went *x)
{
    free(x->key);
    free(x->v);
    free(x->terms);
    memset(x, 0, sizeof *x);
}

void match_wcache_free(match_wcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nslot; i++)
        went_clear(&c->slot[i]);
    free(c->slot);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void match_wcache_stats(match_wcache *c, size_t *hits, size_t *misses, size_t *bytes)
{
    pthread_mutex_lock(&c->lock);
    if (bytes)
        *bytes = c->bytes + c->nslot * sizeof *c->slot;
    pthread_mutex_unlock(&c->lock);
    if (hits)
        *hits = atomic_load(&c->hits);
    if (misses)
        *misses = atomic_load(&c->misses);
}

void mx_cwords_free(mx_cwords *w)
{
    free(w->v);
    free(w->terms);
    memset(w, 0, sizeof *w);
}

static void cw_reserve(mx_cwords *w, size_t n, size_t tlen)
{
    if (n > w->cap) {
        w->cap = n > 2 * w->cap ? n : 2 * w->cap;
        w->v = qiao_realloc(w->v, w->cap * sizeof *w->v);
    }
    if (tlen > w->tcap) {
        w->tcap = tlen > 2 * w->tcap ? tlen : 2 * w->tcap;
        w->terms = qiao_realloc(w->terms, w->tcap);
    }
}

/* Copies a kept entry into out. */
static void from_entry(const went *x, mx_cwords *out)
{
    cw_reserve(out, x->n, x->tlen);
    if (x->n)
        memcpy(out->v, x->v, x->n * sizeof *x->v);
    if (x->tlen)
        memcpy(out->terms, x->terms, x->tlen);
    out->n = x->n;
    out->tlen = x->tlen;
}

int mx_clause_words(match_wcache *c, const char *s, size_t len, text_tokens *tt,
                    mx_cwords *out, qiao_err *e)
{
    out->n = 0;
    out->tlen = 0;
    bool keep = c && len <= WCACHE_CLAUSE_MAX;
    uint64_t h = keep ? mx_hash(s, len) : 0;
    went *x = keep ? &c->slot[h % c->nslot] : NULL;
    if (keep) {
        bool found = false;
        pthread_mutex_lock(&c->lock);
        if (x->key && x->h == h && x->klen == len && memcmp(x->key, s, len) == 0) {
            from_entry(x, out);
            found = true;
        }
        pthread_mutex_unlock(&c->lock);
        if (found) {
            atomic_fetch_add(&c->hits, 1);
            return 0;
        }
        atomic_fetch_add(&c->misses, 1);
    }
    text_tokens_clear(tt);
    int rc = text_tokenize(s, len, tt, e);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < tt->n; i++) {
        const text_token *t = &tt->v[i];
        if (t->kind != TEXT_TOK_WORD && t->kind != TEXT_TOK_LATIN)
            continue;
        cw_reserve(out, out->n + 1, out->tlen + t->len + 1);
        out->v[out->n++] = (mx_cword){ (uint32_t)out->tlen, t->len, t->src_off, t->src_len };
        memcpy(out->terms + out->tlen, text_token_term(tt, i), t->len);
        out->terms[out->tlen + t->len] = '\0';
        out->tlen += t->len + 1;
    }
    if (!keep)
        return 0;
    went y = { .h = h, .key = qiao_strndup(s, len), .klen = len, .n = out->n, .tlen = out->tlen };
    y.v = qiao_malloc((out->n ? out->n : 1) * sizeof *y.v);
    y.terms = qiao_malloc(out->tlen ? out->tlen : 1);
    if (out->n)
        memcpy(y.v, out->v, out->n * sizeof *y.v);
    if (out->tlen)
        memcpy(y.terms, out->terms, out->tlen);
    pthread_mutex_lock(&c->lock);
    went old = *x;
    if (c->bytes - went_bytes(&old) + went_bytes(&y) > WCACHE_BYTES_MAX) {
        old = y;                           /* full: not kept */
    } else {
        c->bytes = c->bytes - went_bytes(&old) + went_bytes(&y);
        *x = y;
    }
    pthread_mutex_unlock(&c->lock);
    went_clear(&old);
    return 0;
}
