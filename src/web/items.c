/* web/items.c — the records of a list page as JSON text (app.h
 * "web_item_text"), for the API's lists: a record's public document dumped
 * once and kept by the index service for its generation (index_item_get/put,
 * src/index/item_cache.c), so that a page of search results costs neither a
 * store read nor a JSON parse and dump per record. Every catch-up of the
 * index (a write here or in another process, seen by the follower) moves the
 * generation: a list shows a record as the index ranked it. People are not
 * kept (their public document depends on the caller). */
#include <stdlib.h>
#include <string.h>

#include "web/app.h"

char *web_item_text(web_req *rq, model_kind k, const char *key, size_t *len)
{
    web_app *app = rq->cfg->app;
    index_svc *idx = app && k != MODEL_PERSON ? app->idx : NULL;
    unsigned long gen = idx ? index_generation(idx) : 0;   /* BEFORE the store read */
    char *t = idx ? index_item_get(idx, k, key, gen, len) : NULL;
    if (t)
        return t;
    model_record r = {0};
    if (store_get(web_w(rq)->st, k, key, &r, NULL) < 0)
        return NULL;
    json_t *d = web_public_doc(rq, &r);
    buf b = {0};
    model_json_dump(d, &b);            /* as web_json_reply writes it */
    json_decref(d);
    model_record_clear(&r);
    *len = b.len;
    t = buf_steal(&b);
    if (idx)
        index_item_put(idx, k, key, gen, t, *len);
    return t;
}
