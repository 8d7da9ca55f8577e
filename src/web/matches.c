/* web/matches.c — the index service's lifetime in the server (index/index.h),
 * and the ranked, explained matches of one record for the pages and the API. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "interest/interest.h"
#include "text/text.h"
#include "web/app.h"

void web_app_open(web_app *app, const char *db, const index_opts *o)
{
    qiao_err e = {0};
    app->idx = NULL;
    app->wcache = match_wcache_new(0);
    web_org_cache_new(app);
    if (index_open(db, o, &app->idx, &e) < 0) {
        fprintf(stderr, "qiao serve: no search index (%s); searching scans the store\n", e.msg);
        return;
    }
    match_index *ix = index_read(app->idx);
    if (!ix)
        fprintf(stderr, "qiao serve: no search index (%s); searching scans the store\n", e.msg);
    else
        fprintf(stderr, "qiao serve: index: %s in %.2f s: %zu achievements, %zu demands, "
                "%zu people\n", index_how(app->idx), index_open_secs(app->idx),
                match_index_count(ix, MODEL_ACHIEVEMENT), match_index_count(ix, MODEL_DEMAND),
                match_index_count(ix, MODEL_PERSON));
    index_read_end(app->idx);
}

void web_app_close(web_app *app)
{
    bool had = index_ready(app->idx);
    index_close(app->idx);
    app->idx = NULL;
    if (had)
        text_shutdown();
    web_org_cache_free(app);
    match_wcache_free(app->wcache);
    app->wcache = NULL;
}

void web_app_finish(web_req *rq, web_resp *rs)
{
    web_app *app = rq->cfg->app;
    if (app && rq->method != WEB_GET && rq->method != WEB_HEAD && rs->status < 400) {
        qiao_err e = {0};
        int64_t gen = 0;
        char uid[STORE_UID_LEN];
        /* nothing indexed was written (a sign-in, an interest...): no catch-up,
         * and no wait for one in progress or for a snapshot being written */
        if (store_generation(web_w(rq)->st, &gen, uid, &e) == 0 &&
            gen <= index_position(app->idx))
            ;
        else if (index_catch_up_wait(app->idx, WEB_CATCH_UP_WAIT_MS, NULL, &e) < 0)
            fprintf(stderr, "qiao serve: index: catching up after %s %s: %s\n",
                    web_method_name(rq->method), rq->path, e.msg);
    }
    web_zh_finish(rq, rs);
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
    size_t i = qiao_utf8_prefix(s, max);
    buf b = {0};
    buf_append(&b, s, i);
    if (s[i])
        buf_puts(&b, "…");
    char *r = qiao_strdup(buf_cstr(&b));
    buf_free(&b);
    return r;
}

static json_t *explain_json(match_index *ix, const match_query *q, const match_reasons *qr,
                            float self, const model_record *doc, const match_hit *h)
{
    match_explanation x = {0};
    json_t *terms = json_array(), *factors = json_array(), *words = json_array();
    if (match_explain(ix, q, doc, h, &x, NULL) == 0) {
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
    if (!app || !index_ready(app->idx))
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
    char ckey[INDEX_MCACHE_KEY_MAX];
    snprintf(ckey, sizeof ckey, "%d/%d/%zu/%016llx/%s", (int)r->kind, (int)target, top,
             (unsigned long long)dis.hash, r->key);
    match_query *q = NULL;
    match_hits hits = {0};
    match_index *ix = index_read(app->idx);
    unsigned long gen = index_generation(app->idx);
    /* a transient record (a pasted text, /try) has no key and is never kept */
    bool keep = r->key[0] != '\0';
    char *cached = keep ? index_mcache_get(app->idx, ckey, gen) : NULL;
    if (cached) {
        index_read_end(app->idx);
        *out = json_loads(cached, 0, NULL);
        free(cached);
        interest_dismissed_free(&dis);
        return *out ? 0 : qiao_errf(e, QIAO_EIO, "a cached answer of the matches is unreadable");
    }
    if (!ix) {                             /* gone since (cannot happen): no matches */
        rc = 0;
        goto out;
    }
    if ((rc = match_query_from_record(ix, r, &q, e)) < 0 ||
        (rc = interest_search(ix, q, target, top, &dis, &hits, e)) < 0)
        goto out;
    float self = 0;        /* the level's base (match_self_score) */
    if (match_self_score(ix, q, r, target, &self, NULL) < 0)
        self = 0;
    match_reasons *qr = NULL;  /* r's words, for the reasons of every hit */
    if (match_reasons_cached(r, app->wcache, &qr, NULL) < 0)
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
        json_array_append_new(*out, explain_json(ix, q, qr, self, &doc, &hits.v[i]));
        model_record_clear(&doc);
    }
    match_reasons_free(qr);
    if (keep) {
        char *text = json_dumps(*out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        index_mcache_put(app->idx, ckey, gen, text);
        free(text);
    }
    rc = 0;
out:
    index_read_end(app->idx);
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
