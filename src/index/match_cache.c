/* index/match_cache.c — the answers of a record's matches shown most
 * recently (index/index.h): a record page asks for the same matches on every
 * view, and computing them (reading the record's text into a query, ranking,
 * explaining) costs far more than the rest of the page. Direct-mapped by a
 * hash of the caller's key; an entry counts only for the generation it was
 * computed at, so every change of the index invalidates them all. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/internal.h"

#define MCACHE_SLOTS 4096

typedef struct mcache_ent {
    char key[INDEX_MCACHE_KEY_MAX];
    unsigned long gen;
    char *text;
} mcache_ent;

struct index_mcache {
    pthread_mutex_t lock;
    mcache_ent e[MCACHE_SLOTS];
};

static size_t slot(const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % MCACHE_SLOTS;
}

void index_mcache_init(index_svc *s)
{
    s->mc = qiao_calloc(1, sizeof *s->mc);
    pthread_mutex_init(&s->mc->lock, NULL);
}

void index_mcache_free(index_svc *s)
{
    if (!s->mc)
        return;
    for (size_t i = 0; i < MCACHE_SLOTS; i++)
        free(s->mc->e[i].text);
    pthread_mutex_destroy(&s->mc->lock);
    free(s->mc);
    s->mc = NULL;
}

char *index_mcache_get(index_svc *s, const char *key, unsigned long gen)
{
    index_mcache *c = s ? s->mc : NULL;
    if (!c || strlen(key) >= INDEX_MCACHE_KEY_MAX)
        return NULL;
    mcache_ent *x = &c->e[slot(key)];
    char *copy = NULL;
    pthread_mutex_lock(&c->lock);
    if (x->text && x->gen == gen && strcmp(x->key, key) == 0)
        copy = qiao_strdup(x->text);
    pthread_mutex_unlock(&c->lock);
    return copy;
}

void index_mcache_put(index_svc *s, const char *key, unsigned long gen, const char *text)
{
    index_mcache *c = s ? s->mc : NULL;
    if (!c || !text || strlen(key) >= INDEX_MCACHE_KEY_MAX)
        return;
    char *t = qiao_strdup(text);
    mcache_ent *x = &c->e[slot(key)];
    pthread_mutex_lock(&c->lock);
    char *old = x->text;
    snprintf(x->key, sizeof x->key, "%s", key);
    x->gen = gen;
    x->text = t;
    pthread_mutex_unlock(&c->lock);
    free(old);
}
