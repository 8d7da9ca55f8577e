/* web/items.c — the records of a list page as JSON text (app.h
 * "web_item_text"), for the API's lists: a record's public document dumped
 * once and kept in memory for the index's generation, so that a page of
 * search results costs neither a store read nor a JSON parse and dump per
 * record. Every catch-up of the index (a write here or in another process,
 * seen by the follower) moves the generation, and the first lookup at a new
 * generation empties the cache: a list shows a record as the index ranked
 * it. People are not cached (their public document depends on the caller). */
#include <stdlib.h>
#include <string.h>

#include "web/app.h"

#define NBUCKETS 8192u
#define MAX_BYTES ((size_t)64 << 20)   /* beyond: emptied, then filled again */

typedef struct item {
    struct item *next;
    model_kind kind;
    size_t len;
    char *text;
    char key[];
} item;

typedef struct web_item_cache {
    pthread_mutex_t lock;
    unsigned long gen;
    size_t bytes;
    item *b[NBUCKETS];
} web_item_cache;

void web_item_cache_new(web_app *app)
{
    app->items = qiao_calloc(1, sizeof *app->items);
    pthread_mutex_init(&app->items->lock, NULL);
}

static void empty(web_item_cache *c)
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

void web_item_cache_free(web_app *app)
{
    if (!app->items)
        return;
    empty(app->items);
    pthread_mutex_destroy(&app->items->lock);
    free(app->items);
    app->items = NULL;
}

static unsigned hash(model_kind k, const char *key)
{
    unsigned h = 2166136261u ^ (unsigned)k;
    for (const unsigned char *s = (const unsigned char *)key; *s; s++)
        h = (h ^ *s) * 16777619u;
    return h & (NBUCKETS - 1);
}

/* At generation gen: c emptied when gen is newer; 0 when c is newer (an
 * answer read before the latest catch-up: not kept). c->lock held. */
static int at_gen(web_item_cache *c, unsigned long gen)
{
    if (c->gen == gen)
        return 1;
    if (gen < c->gen)
        return 0;
    empty(c);
    c->gen = gen;
    return 1;
}

char *web_item_text(web_req *rq, model_kind k, const char *key, size_t *len)
{
    web_app *app = rq->cfg->app;
    web_item_cache *c = app && app->idx && k != MODEL_PERSON ? app->items : NULL;
    unsigned long gen = c ? index_generation(app->idx) : 0;  /* BEFORE the store read */
    unsigned h = hash(k, key);
    if (c) {
        char *t = NULL;
        pthread_mutex_lock(&c->lock);
        if (at_gen(c, gen))
            for (item *x = c->b[h]; x; x = x->next)
                if (x->kind == k && strcmp(x->key, key) == 0) {
                    t = qiao_malloc(x->len + 1);
                    memcpy(t, x->text, x->len + 1);
                    *len = x->len;
                    break;
                }
        pthread_mutex_unlock(&c->lock);
        if (t)
            return t;
    }
    model_record r = {0};
    if (store_get(web_w(rq)->st, k, key, &r, NULL) < 0)
        return NULL;
    json_t *d = web_public_doc(rq, &r);
    buf b = {0};
    model_json_dump(d, &b);            /* as web_json_reply writes it */
    json_decref(d);
    model_record_clear(&r);
    *len = b.len;
    char *t = buf_steal(&b);
    if (c) {
        size_t kl = strlen(key);
        item *x = qiao_malloc(sizeof *x + kl + 1);
        x->kind = k;
        x->len = *len;
        x->text = qiao_malloc(*len + 1);
        memcpy(x->text, t, *len + 1);
        memcpy(x->key, key, kl + 1);
        pthread_mutex_lock(&c->lock);
        int keep = at_gen(c, gen);
        if (keep && c->bytes + *len > MAX_BYTES)
            empty(c);
        for (item *o = c->b[h]; keep && o; o = o->next)   /* another thread was first */
            keep = !(o->kind == k && strcmp(o->key, key) == 0);
        if (keep) {
            x->next = c->b[h];
            c->b[h] = x;
            c->bytes += *len + sizeof *x + kl + 1;
        }
        pthread_mutex_unlock(&c->lock);
        if (!keep) {
            free(x->text);
            free(x);
        }
    }
    return t;
}
