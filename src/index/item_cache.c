/* index/item_cache.c — what a list shows of each record (index/index.h): an
 * API list page of 20 search results would otherwise read, parse and dump 20
 * stored documents per request. The text is the caller's (the web dumps the
 * record's public document); the cache keeps it by kind and key for one
 * generation of the index: the first lookup at a newer generation empties
 * it, and a text made at an older generation is not kept (it was read before
 * the latest catch-up). */
#include <stdlib.h>
#include <string.h>

#include "index/internal.h"

#define NBUCKETS 8192u
#define MAX_BYTES ((size_t)64 << 20)   /* beyond: emptied, then filled again */

typedef struct item {
    struct item *next;
    model_kind kind;
    size_t len;
    char *text;
    char key[];
} item;

struct index_items {
    pthread_mutex_t lock;
    unsigned long gen;
    size_t bytes;
    item *b[NBUCKETS];
};

void index_items_init(index_svc *s)
{
    s->items = qiao_calloc(1, sizeof *s->items);
    pthread_mutex_init(&s->items->lock, NULL);
}

static void empty(index_items *c)
{
    for (size_t i = 0; i < NBUCKETS; i++)
        while (c->b[i]) {
            item *x = c->b[i];
            c->b[i] = x->next;
            free(x->text);
            free(x);
        }
    c->bytes = 0;
}

void index_items_free(index_svc *s)
{
    if (!s->items)
        return;
    empty(s->items);
    pthread_mutex_destroy(&s->items->lock);
    free(s->items);
    s->items = NULL;
}

static unsigned hash(model_kind k, const char *key)
{
    unsigned h = 2166136261u ^ (unsigned)k;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h & (NBUCKETS - 1);
}

/* At generation gen: c emptied when gen is newer; 0 when c is newer (a text
 * made before the latest catch-up: not kept). c->lock held. */
static int at_gen(index_items *c, unsigned long gen)
{
    if (c->gen == gen)
        return 1;
    if (gen < c->gen)
        return 0;
    empty(c);
    c->gen = gen;
    return 1;
}

char *index_item_get(index_svc *s, model_kind k, const char *key, unsigned long gen,
                     size_t *len)
{
    index_items *c = s ? s->items : NULL;
    if (!c)
        return NULL;
    char *t = NULL;
    pthread_mutex_lock(&c->lock);
    if (at_gen(c, gen))
        for (item *x = c->b[hash(k, key)]; x; x = x->next)
            if (x->kind == k && strcmp(x->key, key) == 0) {
                t = qiao_malloc(x->len + 1);
                memcpy(t, x->text, x->len + 1);
                *len = x->len;
                break;
            }
    pthread_mutex_unlock(&c->lock);
    return t;
}

void index_item_put(index_svc *s, model_kind k, const char *key, unsigned long gen,
                    const char *text, size_t len)
{
    index_items *c = s ? s->items : NULL;
    if (!c || !text)
        return;
    size_t kl = strlen(key);
    item *x = qiao_malloc(sizeof *x + kl + 1);
    x->kind = k;
    x->len = len;
    x->text = qiao_malloc(len + 1);
    memcpy(x->text, text, len);
    x->text[len] = '\0';
    memcpy(x->key, key, kl + 1);
    unsigned h = hash(k, key);
    pthread_mutex_lock(&c->lock);
    int keep = at_gen(c, gen);
    if (keep && c->bytes + len > MAX_BYTES)
        empty(c);
    for (item *o = c->b[h]; keep && o; o = o->next)   /* another thread was first */
        keep = !(o->kind == k && strcmp(o->key, key) == 0);
    if (keep) {
        x->next = c->b[h];
        c->b[h] = x;
        c->bytes += len + sizeof *x + kl + 1;
    }
    pthread_mutex_unlock(&c->lock);
    if (!keep) {
        free(x->text);
        free(x);
    }
}
