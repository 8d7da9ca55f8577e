/* web/matches.c — the shared matching index (match/), its lifetime, and the
 * ranked, explained matches of one record for the pages and the API. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interest/interest.h"
#include "text/text.h"
#include "web/app.h"

/* The answers of web_matches for the records shown most recently: a record
 * page asks for the same matches on every view, and computing them (reading
 * the record's text into a query, ranking) costs far more than the rest of
 * the page. Direct-mapped by a hash of (kind, key, target, top); an entry
 * counts only for the index generation it was computed at, so every saved
 * record invalidates them all. The JSON is kept as text: callers get their
 * own parsed copy. */
#define MCACHE_SLOTS 4096

typedef struct mcache_ent {
    char key[MODEL_KEY_MAX + 32];
    unsigned long gen;
    char *json;
} mcache_ent;

struct web_match_cache {
    pthread_mutex_t lock;
    mcache_ent e[MCACHE_SLOTS];
};

static size_t mcache_slot(const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % MCACHE_SLOTS;
}

static json_t *mcache_get(web_app *app, const char *key, unsigned long gen)
{
    web_match_cache *c = app->mcache;
    if (!c)
        return NULL;
    mcache_ent *x = &c->e[mcache_slot(key)];
    char *copy = NULL;
    pthread_mutex_lock(&c->lock);
    if (x->json && x->gen == gen && strcmp(x->key, key) == 0)
        copy = qiao_strdup(x->json);
    pthread_mutex_unlock(&c->lock);
    json_t *v = copy ? json_loads(copy, 0, NULL) : NULL;
    free(copy);
    return v;
}

static void mcache_put(web_app *app, const char *key, unsigned long gen, const json_t *v)
{
    web_match_cache *c = app->mcache;
    char *s = c ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (!s)
        return;
    mcache_ent *x = &c->e[mcache_slot(key)];
    pthread_mutex_lock(&c->lock);
    free(x->json);
    snprintf(x->key, sizeof x->key, "%s", key);
    x->gen = gen;
    x->json = s;
    pthread_mutex_unlock(&c->lock);
}

void web_app_open(web_app *app, const char *db, size_t search_cache)
{
    qiao_err e = {0};
    store *st = NULL;
    app->ix = NULL;
    atomic_init(&app->gen, 0);
    app->mcache = qiao_calloc(1, sizeof *app->mcache);
    app->scache = web_search_cache_new(search_cache);
    pthread_mutex_init(&app->mcache->lock, NULL);
    pthread_rwlock_init(&app->lock, NULL);
    web_org_cache_new(app);
    if (text_init(&e) < 0 || store_open(db, &st, &e) < 0 || match_index_new(&app->ix, &e) < 0 ||
        match_index_build(app->ix, st, 0, &e) < 0) {
        fprintf(stderr, "qiao serve: no search index (%s); searching scans the store\n", e.msg);
        match_index_free(app->ix);
        app->ix = NULL;
    } else {
        fprintf(stderr, "qiao serve: index of %zu achievements, %zu demands, %zu people\n",
                match_index_count(app->ix, MODEL_ACHIEVEMENT),
                match_index_count(app->ix, MODEL_DEMAND), match_index_count(app->ix, MODEL_PERSON));
    }
    if (st)
        store_close(st);
}

void web_app_close(web_app *app)
{
    if (app->ix) {
        match_index_free(app->ix);
        text_shutdown();
    }
    app->ix = NULL;
    web_search_cache_free(app->scache);
    app->scache = NULL;
    web_org_cache_free(app);
    if (app->mcache) {
        for (size_t i = 0; i < MCACHE_SLOTS; i++)
            free(app->mcache->e[i].json);
        pthread_mutex_destroy(&app->mcache->lock);
        free(app->mcache);
        app->mcache = NULL;
    }
    pthread_rwlock_destroy(&app->lock);
}

/* A factor in words, for people ("" when it says nothing worth reading). */
static void factor_text(int f, const match_explanation *x, buf *b)
{
    static const char *const modes[] = { "自行实施", "转让", "许可", "合作实施", "作价投资", "其他" };
    const char *d = x->factor_detail[f];
    switch (f) {
    case MATCH_X_CHAINS:
        if (*d) {                              /* "集成电路, 新能源汽车" */
            buf_puts(b, "同属");
            for (const char *p = d; *p;) {
                const char *c = strstr(p, ", ");
                buf_append(b, p, c ? (size_t)(c - p) : strlen(p));
                if (!c)
                    break;
                buf_puts(b, "、");
                p = c + 2;
            }
            buf_puts(b, "产业链");
        }
        break;
    case MATCH_X_TRL:
        if (x->trl && x->trl_min)
            buf_printf(b, "技术成熟度 %d 级，%s需求要求的 %d 级", x->trl,
                       x->trl >= x->trl_min ? "达到" : "低于", x->trl_min);
        break;
    case MATCH_X_MODES:
        if (x->modes_shared) {
            buf_puts(b, "转化方式相同：");
            for (int m = 0, n = 0; m < 6; m++)
                if (x->modes_shared & (1u << m))
                    buf_printf(b, "%s%s", n++ ? "、" : "", modes[m]);
        } else if (x->factor_share[f] < 0) {
            buf_puts(b, "转化方式没有相同的");
        }
        break;
    case MATCH_X_ZONE:
        if (*d)
            buf_printf(b, "同在%s", d);
        break;
    case MATCH_X_FRESH: {
        int y, mo, dd;                         /* "published 2023-03-08" */
        if (sscanf(d, "published %d-%d-%d", &y, &mo, &dd) == 3)
            buf_printf(b, "%d年%d月%d日发布", y, mo, dd);
        break;
    }
    default:
        break;
    }
}

/* The first `max` characters of a record's body, for result lists. */
static char *excerpt_of(const model_record *doc, size_t max)
{
    const char *s = model_str(doc, doc->kind == MODEL_ACHIEVEMENT ? "summary"
                                   : doc->kind == MODEL_DEMAND ? "description" : "expertise");
    size_t i = 0, n = 0;
    while (s[i] && n < max) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n++;
    }
    buf b = {0};
    buf_append(&b, s, i);
    if (s[i])
        buf_puts(&b, "…");
    char *r = qiao_strdup(buf_cstr(&b));
    buf_free(&b);
    return r;
}

static json_t *explain_json(web_app *app, const match_query *q, const match_reasons *qr,
                            float self, const model_record *doc, const match_hit *h)
{
    match_explanation x = {0};
    json_t *terms = json_array(), *factors = json_array(), *words = json_array();
    if (match_explain(app->ix, q, doc, h, &x, NULL) == 0) {
        size_t idx[8], n = match_explanation_pick(&x, 8, idx);
        for (size_t i = 0; i < n; i++) {
            const match_term *t = &x.terms[idx[i]];
            json_array_append_new(terms, json_pack("{s:s, s:s, s:f}", "text", t->text, "field",
                                                   match_field_name(t->field),
                                                   "score", (double)t->score));
        }
        match_words w;
        if (qr && match_reason_words(qr, doc, &x, 8, &w, NULL) == 0)
            for (size_t i = 0; i < w.n; i++)
                json_array_append_new(words, json_string(w.v[i].text));
        match_words_free(&w);
        for (int f = 0; f < MATCH_NFACTORS; f++)
            if (x.factor_share[f] != 0 || x.factor_detail[f][0]) {
                buf t = {0};
                factor_text(f, &x, &t);
                json_array_append_new(factors, json_pack("{s:s, s:f, s:s, s:s}", "name",
                                      match_factor_name(f), "share", (double)x.factor_share[f],
                                      "detail", x.factor_detail[f], "text", buf_cstr(&t)));
                buf_free(&t);
            }
    }
    match_explanation_free(&x);
    int level = match_level(h->score, self);
    char *ex = excerpt_of(doc, 120);
    json_t *v = json_pack("{s:s, s:s, s:s, s:f, s:i, s:s, s:o, s:o, s:o, s:s}", "id", doc->key,
                          "title", model_str(doc, doc->kind == MODEL_PERSON ? "name" : "title"),
                          "org", model_str(doc, "org"), "score", (double)h->score,
                          "level", level, "level_label", match_level_label(level),
                          "words", words, "terms", terms, "factors", factors, "excerpt", ex);
    free(ex);
    return v;
}

int web_matches(web_req *rq, const model_record *r, model_kind target, size_t top,
                json_t **out, qiao_err *e)
{
    web_app *app = rq->cfg->app;
    *out = NULL;
    if (!app || !app->ix)
        return 0;
    if (model_is_public(r) && !model_is_matchable(r)) {
        *out = json_array();               /* withdrawn or closed: no matches */
        return 0;
    }
    /* the records r's org dismissed never come back (interest_search); the
     * cache key names the set, so a dismissal or its undo is seen at once */
    interest_dismissed dis;
    int rc = interest_dismissed_load(web_w(rq)->st, model_str(r, "org"), target, &dis, e);
    if (rc < 0)
        return rc;
    char ckey[sizeof ((mcache_ent *)0)->key];
    snprintf(ckey, sizeof ckey, "%d/%d/%zu/%016llx/%s", (int)r->kind, (int)target, top,
             (unsigned long long)dis.hash, r->key);
    match_query *q = NULL;
    match_hits hits = {0};
    pthread_rwlock_rdlock(&app->lock);
    unsigned long gen = atomic_load(&app->gen);
    /* a transient record (a pasted text, /try) has no key and is never kept */
    bool keep = r->key[0] != '\0';
    if (keep && (*out = mcache_get(app, ckey, gen))) {
        pthread_rwlock_unlock(&app->lock);
        interest_dismissed_free(&dis);
        return 0;
    }
    if ((rc = match_query_from_record(app->ix, r, &q, e)) < 0 ||
        (rc = interest_search(app->ix, q, target, top, &dis, &hits, e)) < 0)
        goto out;
    float self = 0;        /* the level's base (match_self_score) */
    if (match_self_score(app->ix, q, r, target, &self, NULL) < 0)
        self = 0;
    match_reasons *qr = NULL;  /* r's words, for the reasons of every hit */
    if (match_reasons_new(r, &qr, NULL) < 0)
        qr = NULL;
    *out = json_array();
    for (size_t i = 0; i < hits.n; i++) {
        model_record doc = {0};
        if (store_get(web_w(rq)->st, hits.v[i].kind, hits.v[i].key, &doc, NULL) < 0)
            continue;                      /* removed since it was indexed */
        if (!model_is_matchable(&doc)) {   /* a draft, withdrawn or closed since */
            model_record_clear(&doc);
            continue;
        }
        json_array_append_new(*out, explain_json(app, q, qr, self, &doc, &hits.v[i]));
        model_record_clear(&doc);
    }
    match_reasons_free(qr);
    if (keep)
        mcache_put(app, ckey, gen, *out);
    rc = 0;
out:
    pthread_rwlock_unlock(&app->lock);
    interest_dismissed_free(&dis);
    match_hits_free(&hits);
    match_query_free(q);
    return rc;
}

/* GET /api/v1/demands/{id}/matches (achievements), .../achievements/{id}/matches (demands). */
int web_api_matches(web_req *rq, web_resp *rs)
{
    model_kind k = MODEL_DEMAND;
    web_kind_of_path(rq->path, &k);
    model_kind target = k == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, web_param(rq, "id"), &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    if (!web_may_see(rq, &r)) {            /* a draft of someone else: as if absent */
        model_record_clear(&r);
        return web_fail(rq, rs, 404, "not_found", NULL, "no %s with id %s", model_kind_name(k),
                        web_param(rq, "id"));
    }
    json_t *hits = NULL;
    rc = web_matches(rq, &r, target, (size_t)web_param_long(rq, "top", 10), &hits, &e);
    model_record_clear(&r);
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (!hits)
        return web_fail(rq, rs, 503, "unavailable", NULL, "matching is unavailable: the "
                        "server has no index (see its log)");
    return web_json_reply(rs, 200, json_pack("{s:s, s:s, s:o}", "of", web_param(rq, "id"),
                                             "kind", model_kind_name(target), "hits", hits));
}
