/* index/search_cache.c — the ranked hits of recent searches (index/index.h,
 * "search cache"). Sharded: each shard has its own mutex, hash chains and
 * LRU list, and holds only pointers to immutable, reference-counted values,
 * so a lock is held for a lookup or a relink, never for copying or freeing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index/internal.h"

#define SC_SHARDS_MAX 16
#define SC_BYTES_PER_ENTRY 4096   /* the memory budget: entries × this */

struct index_hits {
    /* immutable once published */
    _Atomic size_t refs;
    uint64_t hash;
    unsigned long gen;
    model_kind kind;
    size_t top;
    size_t n;
    size_t bytes;
    const char **keys;
    float *scores;
    const char *q;
    void *extra;                     /* index_hits_set_extra: owned, freed with the value */
    void (*extra_free)(void *);
    /* the shard's links, touched only under its lock */
    index_hits *hnext, *prev, *next;
};

typedef struct sc_shard {
    pthread_mutex_t lock;
    index_hits **bucket;
    size_t nbucket;            /* a power of 2 */
    index_hits *head, *tail;     /* most / least recently used */
    size_t n, cap, bytes, bytes_cap;
} sc_shard;

struct index_search_cache {
    size_t nshard;             /* a power of 2 */
    sc_shard shard[SC_SHARDS_MAX];
};

static uint64_t sc_hash(model_kind k, size_t top, const char *q)
{
    uint64_t h = 1469598103934665603ull;
    unsigned char pre[2 * sizeof(size_t)];
    size_t kk = (size_t)k;
    memcpy(pre, &kk, sizeof kk);
    memcpy(pre + sizeof kk, &top, sizeof top);
    for (size_t i = 0; i < sizeof pre; i++)
        h = (h ^ pre[i]) * 1099511628211ull;
    for (const unsigned char *p = (const unsigned char *)q; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h ^ (h >> 29);
}

index_search_cache *index_search_cache_new(size_t entries)
{
    if (entries == 0)
        return NULL;
    index_search_cache *c = qiao_calloc(1, sizeof *c);
    c->nshard = entries >= 64 ? SC_SHARDS_MAX : 1;
    for (size_t i = 0; i < c->nshard; i++) {
        sc_shard *s = &c->shard[i];
        pthread_mutex_init(&s->lock, NULL);
        s->cap = entries / c->nshard + (i < entries % c->nshard);
        s->bytes_cap = s->cap * SC_BYTES_PER_ENTRY;
        s->nbucket = 8;
        while (s->nbucket < 2 * s->cap)
            s->nbucket <<= 1;
        s->bucket = qiao_calloc(s->nbucket, sizeof *s->bucket);
    }
    return c;
}

index_hits *index_hits_new(model_kind k, size_t top, const char *q, unsigned long gen,
                       const match_hits *h)
{
    size_t qlen = strlen(q) + 1, klen = 0;
    for (size_t i = 0; i < h->n; i++)
        klen += strlen(h->v[i].key) + 1;
    size_t bytes = sizeof(index_hits) + h->n * (sizeof(char *) + sizeof(float)) + klen + qlen;
    index_hits *v = qiao_malloc(bytes);
    memset(v, 0, sizeof *v);
    atomic_init(&v->refs, 1);
    v->hash = sc_hash(k, top, q);
    v->gen = gen;
    v->kind = k;
    v->top = top;
    v->n = h->n;
    v->bytes = bytes;
    v->keys = (const char **)(v + 1);
    v->scores = (float *)(v->keys + h->n);
    char *p = (char *)(v->scores + h->n);
    for (size_t i = 0; i < h->n; i++) {
        size_t n = strlen(h->v[i].key) + 1;
        memcpy(p, h->v[i].key, n);
        v->keys[i] = p;
        v->scores[i] = h->v[i].score;
        p += n;
    }
    memcpy(p, q, qlen);
    v->q = p;
    return v;
}

size_t index_hits_count(const index_hits *v)
{
    return v->n;
}

const char *index_hits_key(const index_hits *v, size_t i)
{
    return v->keys[i];
}

float index_hits_score(const index_hits *v, size_t i)
{
    return v->scores[i];
}

void index_hits_set_extra(index_hits *v, void *extra, void (*extra_free)(void *), size_t bytes)
{
    v->extra = extra;
    v->extra_free = extra_free;
    v->bytes += bytes;
}

const void *index_hits_extra(const index_hits *v)
{
    return v->extra;
}

void index_hits_release(index_hits *v)
{
    if (v && atomic_fetch_sub(&v->refs, 1) == 1) {
        if (v->extra_free)
            v->extra_free(v->extra);
        free(v);
    }
}

static sc_shard *shard_of(index_search_cache *c, uint64_t hash)
{
    return &c->shard[(hash >> 56) & (c->nshard - 1)];
}

/* --- under the shard's lock --- */

static void lru_unlink(sc_shard *s, index_hits *v)
{
    if (v->prev)
        v->prev->next = v->next;
    else
        s->head = v->next;
    if (v->next)
        v->next->prev = v->prev;
    else
        s->tail = v->prev;
    v->prev = v->next = NULL;
}

static void lru_front(sc_shard *s, index_hits *v)
{
    v->prev = NULL;
    v->next = s->head;
    if (s->head)
        s->head->prev = v;
    s->head = v;
    if (!s->tail)
        s->tail = v;
}

/* Takes v out of the shard; its reference passes to the caller. */
static void sc_remove(sc_shard *s, index_hits *v)
{
    index_hits **pp = &s->bucket[v->hash & (s->nbucket - 1)];
    while (*pp != v)
        pp = &(*pp)->hnext;
    *pp = v->hnext;
    v->hnext = NULL;
    lru_unlink(s, v);
    s->n--;
    s->bytes -= v->bytes;
}

static index_hits *sc_find(sc_shard *s, uint64_t hash, model_kind k, size_t top, const char *q)
{
    for (index_hits *v = s->bucket[hash & (s->nbucket - 1)]; v; v = v->hnext)
        if (v->hash == hash && v->kind == k && v->top == top && strcmp(v->q, q) == 0)
            return v;
    return NULL;
}

/* --- */

index_hits *index_search_cache_get(index_search_cache *c, model_kind k, size_t top, const char *q,
                               unsigned long gen)
{
    if (!c)
        return NULL;
    uint64_t hash = sc_hash(k, top, q);
    sc_shard *s = shard_of(c, hash);
    index_hits *stale = NULL, *v;
    pthread_mutex_lock(&s->lock);
    v = sc_find(s, hash, k, top, q);
    if (v && v->gen != gen) {
        if (v->gen < gen) {        /* computed before the index changed: never used again */
            sc_remove(s, v);
            stale = v;
        }
        v = NULL;
    } else if (v) {
        lru_unlink(s, v);
        lru_front(s, v);
        atomic_fetch_add(&v->refs, 1);
    }
    pthread_mutex_unlock(&s->lock);
    index_hits_release(stale);
    return v;
}

void index_search_cache_put(index_search_cache *c, index_hits *v)
{
    if (!c)
        return;
    sc_shard *s = shard_of(c, v->hash);
    if (v->bytes > s->bytes_cap)
        return;                    /* larger than the shard's whole budget */
    index_hits *gone = NULL;         /* released after the lock, chained by hnext */
    atomic_fetch_add(&v->refs, 1);
    pthread_mutex_lock(&s->lock);
    index_hits *old = sc_find(s, v->hash, v->kind, v->top, v->q);
    if (old) {
        sc_remove(s, old);
        old->hnext = gone;
        gone = old;
    }
    index_hits **b = &s->bucket[v->hash & (s->nbucket - 1)];
    v->hnext = *b;
    *b = v;
    lru_front(s, v);
    s->n++;
    s->bytes += v->bytes;
    while (s->tail && (s->n > s->cap || s->bytes > s->bytes_cap)) {
        index_hits *t = s->tail;
        sc_remove(s, t);
        t->hnext = gone;
        gone = t;
    }
    pthread_mutex_unlock(&s->lock);
    while (gone) {
        index_hits *next = gone->hnext;
        index_hits_release(gone);
        gone = next;
    }
}

size_t index_search_cache_size(index_search_cache *c)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->nshard; i++) {
        pthread_mutex_lock(&c->shard[i].lock);
        n += c->shard[i].n;
        pthread_mutex_unlock(&c->shard[i].lock);
    }
    return n;
}

void index_search_cache_free(index_search_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nshard; i++) {
        sc_shard *s = &c->shard[i];
        for (index_hits *v = s->head, *next; v; v = next) {
            next = v->next;
            index_hits_release(v);
        }
        free(s->bucket);
        pthread_mutex_destroy(&s->lock);
    }
    free(c);
}
