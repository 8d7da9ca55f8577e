/* web/records.c — listing, visibility and saving of records, shared by the
 * JSON API and the HTML pages. Lists are filtered, sorted and paged by the
 * store (store_list); a query text goes through the match index (ranked,
 * filtered and counted by facet in the engine: match/facets.c), or is a
 * substring filter in the store when there is no index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "interest/interest.h"
#include "model/input.h"
#include "web/app.h"

static const char *const plurals[MODEL_KIND_COUNT] = {
    [MODEL_ORG] = "orgs", [MODEL_PERSON] = "people", [MODEL_ACHIEVEMENT] = "achievements",
    [MODEL_DEMAND] = "demands",
};

const char *web_kind_plural(model_kind k)
{
    return (unsigned)k < MODEL_KIND_COUNT && plurals[k] ? plurals[k] : "records";
}

int web_kind_of_path(const char *path, model_kind *k)
{
    if (strncmp(path, "/api/v1/", 8) == 0)
        path += 7;
    for (int i = 0; i < MODEL_KIND_COUNT; i++) {
        size_t n = plurals[i] ? strlen(plurals[i]) : 0;
        if (n && path[0] == '/' && strncmp(path + 1, plurals[i], n) == 0 &&
            (path[n + 1] == '/' || path[n + 1] == '\0')) {
            *k = (model_kind)i;
            return 0;
        }
    }
    return -1;
}

static const char *str(const json_t *doc, const char *f)
{
    const char *s = json_string_value(json_object_get(doc, f));
    return s ? s : "";
}

/* Is the record hidden from lists by default (draft, withdrawn, closed)? */
static bool hidden_status(model_kind k, const char *status)
{
    return !model_status_matchable(k, status);
}

/* Who may see people's email and phone (docs/web.md, "Accounts and roles"):
 * signed-in staff, and the roles whose work is to reach the other side —
 * technology managers, universities and enterprises. */
bool web_may_contact(const web_req *rq)
{
    if (!rq->signed_in)
        return false;
    switch (rq->user.role) {
    case WEB_ROLE_ADMIN:
    case WEB_ROLE_STAFF:
    case WEB_ROLE_TECH_MANAGER:
    case WEB_ROLE_UNIVERSITY:
    case WEB_ROLE_ENTERPRISE:
        return true;
    default:
        return false;
    }
}

json_t *web_public_doc(const web_req *rq, const model_record *r)
{
    if (r->kind == MODEL_PERSON && !web_may_contact(rq)) {
        json_t *d = json_copy(r->doc);   /* shallow: only top-level keys go */
        json_object_del(d, "email");
        json_object_del(d, "phone");
        return d;
    }
    return json_incref(r->doc);
}

typedef struct list_ctx {
    web_req *rq;
    web_list *out;
} list_ctx;

static int collect(const model_record *r, void *ud)
{
    list_ctx *c = ud;
    json_t *d = web_public_doc(c->rq, r);
    if (c->out->texts) {               /* lq->texts: as web_item_text gives it */
        buf b = {0};
        model_json_dump(d, &b);
        json_decref(d);
        c->out->lens[c->out->n] = b.len;
        c->out->texts[c->out->n++] = buf_steal(&b);
    } else {
        c->out->items[c->out->n++] = d;
    }
    return 0;
}

/* The store filter of a list query, as the caller may see it. false when the
 * caller may see nothing at all (someone else's drafts). */
static bool make_filter(const web_req *rq, const web_list_query *lq, store_filter *f)
{
    *f = (store_filter){.org = lq->org, .zone = lq->zone, .chain = lq->chain,
                        .trl_min = lq->trl_min, .trl_max = lq->trl_max};
    if (lq->status && *lq->status) {
        f->status = lq->status;
        if (!model_status_public(lq->kind, lq->status)) {
            /* drafts: only to those who may edit them */
            if (!web_may_create(rq, lq->kind))
                return false;
            if (!web_is_staff(rq)) {
                if (lq->org && *lq->org && strcmp(lq->org, rq->user.org) != 0)
                    return false;
                f->org = rq->user.org;
            }
        }
    } else if (!lq->include_hidden) {
        f->status = lq->kind == MODEL_ACHIEVEMENT ? "published"
                    : lq->kind == MODEL_DEMAND    ? "open" : NULL;
    }
    return true;
}

static bool index_covers(const web_list_query *lq)
{
    /* the index holds what is public: published achievements, open demands, people */
    return (lq->kind == MODEL_ACHIEVEMENT || lq->kind == MODEL_DEMAND ||
            lq->kind == MODEL_PERSON) && !lq->include_hidden &&
           !hidden_status(lq->kind, lq->status);
}

static bool has(const char *s)
{
    return s && *s;
}

/* The index filter of a list query: chain, zone, org, mode and TRL range
 * (the org type, a set of orgs, is a second filter: list_query). */
static int index_filter(const web_list_query *lq, match_filter *mf, const char **chain,
                        const char **org, qiao_err *e)
{
    *mf = (match_filter){ .zone = lq->zone, .trl_min = lq->trl_min, .trl_max = lq->trl_max };
    if (has(lq->chain)) {
        *chain = lq->chain;
        mf->chains = chain;
        mf->nchains = 1;
    }
    if (has(lq->org)) {
        *org = lq->org;
        mf->orgs = org;
        mf->norgs = 1;
        mf->by_orgs = 1;
    }
    if (has(lq->mode)) {
        int m = match_mode_of(lq->mode);
        if (m < 0)
            return qiao_field_errf(e, QIAO_EINVAL, "mode", "unknown transfer mode '%s'; modes "
                                   "are self, assign, license, cooperate, equity, other",
                                   lq->mode);
        mf->modes = 1u << m;
    }
    return 0;
}

/* The cache key of a ranked search: the query text and every filter. */
static void search_key(const web_list_query *lq, buf *k)
{
    buf_printf(k, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d", lq->q,
               lq->chain ? lq->chain : "", lq->zone ? lq->zone : "", lq->org ? lq->org : "",
               lq->mode ? lq->mode : "", lq->org_type ? lq->org_type : "", lq->trl_min,
               lq->trl_max, lq->facets);
}

/* The query of a list: the search text (or every record) narrowed by the
 * list's filters, under the index's read lock (held by the caller). */
static int list_query(web_req *rq, match_index *ix, const web_list_query *lq, match_query **q,
                      match_query **parsed, qiao_err *e)
{
    match_filter mf;
    const char *chain = NULL, *org = NULL;
    int rc = index_filter(lq, &mf, &chain, &org, e);
    if (rc == 0)
        rc = has(lq->q) ? match_query_parse(ix, lq->q, strlen(lq->q), q, e)
                        : match_query_all(q, e);
    if (rc == 0 && parsed)             /* the text alone, for the facets (web_facets_of_list) */
        *parsed = match_query_copy(*q);
    if (rc == 0)
        rc = match_query_filter(ix, *q, &mf, e);
    if (rc == 0 && has(lq->org_type)) {
        size_t n = 0;
        char **orgs = web_orgs_of_type(rq, lq->org_type, &n);
        match_filter tf = { .orgs = (const char *const *)orgs, .norgs = n, .by_orgs = 1 };
        rc = match_query_filter(ix, *q, &tf, e);
        web_strings_free(orgs, n);
    }
    return rc;
}

/* Record k/key onto the page: an item, or its JSON text (lq->texts);
 * indexed but gone from the store: skipped. */
static void page_add(web_req *rq, const web_list_query *lq, const char *key, web_list *out)
{
    if (out->texts) {
        size_t len = 0;
        char *t = web_item_text(rq, lq->kind, key, &len);
        if (t) {
            out->lens[out->n] = len;
            out->texts[out->n++] = t;
        }
        return;
    }
    model_record r = {0};
    if (store_get(web_w(rq)->st, lq->kind, key, &r, NULL) < 0)
        return;
    out->items[out->n++] = web_public_doc(rq, &r);
    model_record_clear(&r);
}

static int read_page(web_req *rq, const web_list_query *lq, const match_hits *h, size_t from,
                     size_t to, web_list *out)
{
    for (size_t i = from; i < h->n && i < to; i++)
        page_add(rq, lq, h->v[i].key, out);
    return 0;
}

/* Ranked search through the match index, filters and all (list_query):
 * by relevance the engine is asked for the hits up to the end of the page
 * and one more (which tells whether a next page exists), and only the page
 * is read from the store; newest first and by deadline, the engine orders
 * every hit; by a field of the store (title, budget, ...) the best
 * WEB_SEARCH_WINDOW hits are ordered by the store. With facets the total is
 * exact (every hit is counted); without, exact only when the engine
 * returned fewer hits than asked. */
static int search(web_req *rq, web_app *app, const web_list_query *lq, const store_sort *so,
                  int64_t first, int64_t per, web_list *out, index_hits **pending,
                  bool *facets_final, qiao_err *e)
{
    match_query *q = NULL;
    match_hits hits = {0};
    const char **keys = NULL;
    int rc;
    bool relevance = !has(so->field) || strcmp(so->field, "relevance") == 0;
    bool newest = !relevance && strcmp(so->field, "published") == 0 && so->desc;
    bool deadline = !relevance && strcmp(so->field, "deadline") == 0 && !so->desc;
    out->search = relevance || (!newest && !deadline);
    if (out->search && first + per > WEB_SEARCH_WINDOW)
        return qiao_field_errf(e, QIAO_EINVAL, "page", "a search reads its best %d results "
                               "only: page %ld at %lld per page is beyond them; refine the "
                               "query (more words, \"phrases\", -exclusions, filters) instead",
                               WEB_SEARCH_WINDOW, lq->page > 0 ? lq->page : 1L,
                               (long long)per);
    if (has(lq->q) && web_query_vague(lq->q))
        return qiao_field_errf(e, QIAO_EINVAL, "q", "%s", WEB_VAGUE_QUERY);
    size_t top = relevance ? (size_t)(first + per + 1) : WEB_SEARCH_WINDOW;
    buf key = {0};
    index_hits *cached = NULL;
    unsigned long gen = index_generation(app->idx);
    if (relevance && has(lq->q)) {
        search_key(lq, &key);
        cached = index_search_cache_get(index_searches(app->idx), lq->kind, top, buf_cstr(&key), gen);
    }
    if (cached) {
        size_t n = index_hits_count(cached);
        out->total = n;
        out->total_exact = n < top;
        if (lq->facets) {             /* the list's final facets, cached with its hits */
            out->facets = web_facets_copy(index_hits_extra(cached));
            out->total = out->facets->total;
            out->total_exact = true;
            *facets_final = true;
        }
        for (size_t i = (size_t)first; i < n && i < (size_t)(first + per); i++)
            page_add(rq, lq, index_hits_key(cached, i), out);
        index_hits_release(cached);
        buf_free(&key);
        return 0;
    }
    size_t total = 0;
    /* by relevance, the facets too under the same read lock, from the same
     * parse of the text (else list_facets, after) */
    bool facets_here = relevance && lq->facets;
    match_query *parsed = NULL;
    match_index *ix = index_read(app->idx);
    gen = index_generation(app->idx);  /* the generation these hits belong to */
    rc = list_query(rq, ix, lq, &q, facets_here ? &parsed : NULL, e);
    if (rc == 0 && (newest || deadline))
        rc = match_search_ordered(ix, q, lq->kind, newest ? MATCH_ORDER_NEWEST
                                  : MATCH_ORDER_DEADLINE, (size_t)first, (size_t)per, &hits,
                                  &total, e);
    else if (rc == 0)
        rc = match_search(ix, q, lq->kind, top, &hits, e);
    if (rc == 0 && parsed) {
        int frc = web_facets_of_list(rq, ix, lq, parsed, &out->facets, e);
        parsed = NULL;                 /* taken */
        if (frc < 0)
            rc = frc;
        else if (frc == 0)
            *facets_final = true;      /* list_facets is not needed */
    }
    match_query_free(parsed);
    index_read_end(app->idx);
    if (rc < 0)
        goto out;
    if (newest || deadline) {
        out->total = total;
        out->total_exact = true;
        read_page(rq, lq, &hits, 0, (size_t)per, out);
    } else if (relevance) {
        out->total = hits.n;
        out->total_exact = hits.n < top;
        if (out->facets) {             /* every hit counted (as list_facets does) */
            out->total = out->facets->total;
            out->total_exact = true;
        }
        read_page(rq, lq, &hits, (size_t)first, (size_t)(first + per), out);
        if (key.len && index_searches(app->idx)) {  /* put by the caller, with the facets when asked */
            index_hits *v = index_hits_new(lq->kind, top, buf_cstr(&key), gen, &hits);
            if (lq->facets)
                *pending = v;
            else {
                index_search_cache_put(index_searches(app->idx), v);
                index_hits_release(v);
            }
        }
    } else {                           /* a field of the store orders the best hits */
        keys = qiao_calloc(hits.n ? hits.n : 1, sizeof *keys);
        for (size_t i = 0; i < hits.n; i++)
            keys[i] = hits.v[i].key;
        store_filter f = { .keys = keys, .nkeys = hits.n };
        int64_t n = 0;
        list_ctx c = {rq, out};
        rc = store_list(web_w(rq)->st, lq->kind, &f, so, first, per, collect, &c, &n, e);
        out->total = (size_t)n;
        out->total_exact = hits.n < top;
    }
out:
    buf_free(&key);
    free(keys);
    match_hits_free(&hits);
    match_query_free(q);
    return rc;
}

/* The facets of the records lq selects: counted by the index over every
 * hit (a search, or browsing the public achievements and demands it holds:
 * exactly the default list), else over the records read from the store. */
static int facets_of(web_req *rq, web_app *app, const web_list_query *lq, web_facets **out,
                     qiao_err *e)
{
    *out = NULL;
    if (app && index_ready(app->idx) && index_covers(lq) &&
        (has(lq->q) || lq->kind != MODEL_PERSON)) {
        match_query *q = NULL;
        match_facets mf = {0};
        match_index *ix = index_read(app->idx);
        int rc = list_query(rq, ix, lq, &q, NULL, e);
        if (rc == 0)
            rc = match_facets_count(ix, q, lq->kind, &mf, e);
        index_read_end(app->idx);
        if (rc == 0)
            *out = web_facets_of_hits(rq, lq->kind, &mf);
        match_facets_free(&mf);
        match_query_free(q);
        return rc;
    }
    store_filter f;
    if (!make_filter(rq, lq, &f)) {
        *out = qiao_calloc(1, sizeof **out);
        return 0;
    }
    size_t norgs = 0;
    char **orgs = has(lq->org_type) ? web_orgs_of_type(rq, lq->org_type, &norgs) : NULL;
    f.orgs = (const char *const *)orgs;
    f.norgs = norgs;
    f.by_orgs = orgs != NULL;
    f.mode = lq->mode;
    f.text = lq->q;
    int rc = web_facets_of_store(rq, lq->kind, &f, out, e);
    web_strings_free(orgs, norgs);
    return rc;
}

/* The facets of a list. A chosen facet's values are counted without its
 * own filter (the others stay), so that each value's count is the total
 * choosing it instead would give. */
static int list_facets(web_req *rq, web_app *app, const web_list_query *lq, web_list *out,
                       qiao_err *e)
{
    int rc = 1;
    if (app && index_ready(app->idx) && index_covers(lq) &&
        (has(lq->q) || lq->kind != MODEL_PERSON)) {
        match_index *ix = index_read(app->idx);  /* every facet in one pass over the hits */
        rc = web_facets_of_list(rq, ix, lq, NULL, &out->facets, e);
        index_read_end(app->idx);
        if (rc < 0)
            return rc;
    }
    if (rc == 0)
        goto done;
    rc = facets_of(rq, app, lq, &out->facets, e);
    static const char *const names[] = { "chain", "zone", "mode", "org", "org_type", "trl" };
    for (size_t i = 0; rc == 0 && i < sizeof names / sizeof *names; i++) {
        web_list_query lq2 = *lq;
        const char **field = i == 0 ? &lq2.chain : i == 1 ? &lq2.zone : i == 2 ? &lq2.mode
                             : i == 3 ? &lq2.org : i == 4 ? &lq2.org_type : NULL;
        if (field ? !has(*field) : !(lq->trl_min || lq->trl_max))
            continue;
        if (field)
            *field = NULL;
        else
            lq2.trl_min = lq2.trl_max = 0;
        web_facets *other = NULL;
        if ((rc = facets_of(rq, app, &lq2, &other, e)) < 0)
            break;
        for (size_t a = 0; a < out->facets->nf; a++)
            for (size_t b = 0; b < other->nf; b++)
                if (strcmp(out->facets->f[a].name, names[i]) == 0 &&
                    strcmp(other->f[b].name, names[i]) == 0) {
                    web_facet t = out->facets->f[a];
                    out->facets->f[a] = other->f[b];
                    other->f[b] = t;
                }
        web_facets_free(other);
    }
done:
    if (rc == 0 && out->search) {
        out->total = out->facets->total;   /* every hit counted */
        out->total_exact = true;
    }
    return rc;
}

int web_list_records(web_req *rq, const web_list_query *lq, web_list *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    out->total_exact = true;
    int64_t per = lq->per_page > 0 ? lq->per_page : 20;
    int64_t first = (int64_t)((lq->page > 0 ? lq->page : 1) - 1) * per;
    out->items = qiao_calloc((size_t)per, sizeof *out->items);
    store_filter f;
    if (!make_filter(rq, lq, &f))
        return 0;
    store_sort so = {NULL, 0};
    if (has(lq->sort) && strcmp(lq->sort, "newest") == 0) {
        so = (store_sort){"published", 1};
    } else if (has(lq->sort) && strcmp(lq->sort, "relevance") != 0) {
        so.desc = lq->sort[0] == '-';
        so.field = lq->sort + so.desc;
    }
    web_app *app = rq->cfg->app;
    int rc;
    if (has(lq->q) && app && index_ready(app->idx) && index_covers(lq)) {
        if (lq->texts) {
            out->texts = qiao_calloc((size_t)per, sizeof *out->texts);
            out->lens = qiao_calloc((size_t)per, sizeof *out->lens);
        }
        index_hits *pending = NULL;     /* to cache once the facets are final */
        bool final = false;            /* the facets came from the cache */
        rc = search(rq, app, lq, &so, first, per, out, &pending, &final, e);
        if (rc == 0 && lq->facets && !final)
            rc = list_facets(rq, app, lq, out, e);
        if (pending) {
            if (rc == 0) {
                web_facets *c = web_facets_copy(out->facets);
                index_hits_set_extra(pending, c, (void (*)(void *))web_facets_free,
                                   web_facets_bytes(c));
                index_search_cache_put(index_searches(app->idx), pending);
            }
            index_hits_release(pending);
        }
    } else {
        char **orgs = NULL;
        size_t norgs = 0;
        if (has(lq->org_type)) {
            orgs = web_orgs_of_type(rq, lq->org_type, &norgs);
            f.orgs = (const char *const *)orgs;
            f.norgs = norgs;
            f.by_orgs = 1;
        }
        f.mode = lq->mode;
        f.text = lq->q;                /* no index: a substring filter in the store */
        int64_t total = 0;
        list_ctx c = {rq, out};
        rc = store_list(web_w(rq)->st, lq->kind, &f, &so, first, per, collect, &c, &total, e);
        out->total = (size_t)total;
        if (rc == 0 && lq->facets)
            rc = list_facets(rq, app, lq, out, e);
        web_strings_free(orgs, norgs);
    }
    if (rc < 0)
        web_list_free(out);
    return rc;
}

void web_list_free(web_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->texts)
            free(l->texts[i]);
        else
            json_decref(l->items[i]);
    free(l->items);
    free(l->texts);
    free(l->lens);
    web_facets_free(l->facets);
    memset(l, 0, sizeof *l);
}

typedef struct ref_ctx {
    model_kind kind;
    store *st;
    model_errors *errs;
    qiao_err *e;
    int rc;
} ref_ctx;

static int check_ref(const model_ref *ref, void *ud)
{
    ref_ctx *c = ud;
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {
        if (!(ref->kinds & (1u << k)))
            continue;
        int x = store_exists(c->st, (model_kind)k, ref->id, c->e);
        if (x < 0)
            return c->rc = x;
        if (x > 0)
            return 0;
    }
    model_errors_addc(c->errs, c->kind, ref->field, "ref_missing", ref->id,
                      "%s: no record with id '%s'", ref->field, ref->id);
    c->rc = QIAO_EINVAL;
    return 0;
}

/* The prefix of the ids the server gives records of kind k. */
static const char *id_prefix(model_kind k)
{
    static const char *const p[MODEL_KIND_COUNT] = {
        [MODEL_ORG] = "org", [MODEL_PERSON] = "per", [MODEL_ACHIEVEMENT] = "ach",
        [MODEL_DEMAND] = "dem", [MODEL_EVENT] = "ev", [MODEL_PROJECT] = "prj",
    };
    return (unsigned)k < MODEL_KIND_COUNT && p[k] ? p[k] : "rec";
}

int web_new_id(store *st, model_kind k, char out[MODEL_KEY_MAX], qiao_err *e)
{
    char today[11];
    model_today(time(NULL), today);
    int64_t n = 0;
    int rc = store_count(st, k, &n, e);
    if (rc < 0)
        return rc;
    for (int64_t i = n + 1;; i++) {
        snprintf(out, MODEL_KEY_MAX, "%s-%.4s-%06lld", id_prefix(k), today, (long long)i);
        int x = store_exists(st, k, out, e);
        if (x <= 0)
            return x;
    }
}

/* A record published through the web (created, or a draft made public)
 * gets its publication date (Beijing today) when it has none: an
 * achievement that is not a draft or withdrawn, a demand not a draft. */
static void date_publication(model_kind k, json_t *doc)
{
    if ((k != MODEL_ACHIEVEMENT && k != MODEL_DEMAND) || json_object_get(doc, "published"))
        return;
    const char *st = json_string_value(json_object_get(doc, "status"));
    if (st && (strcmp(st, "draft") == 0 || strcmp(st, "withdrawn") == 0))
        return;
    char today[11];
    model_today(time(NULL), today);
    json_object_set_new(doc, "published", json_string(today));
}

int web_save_record(web_req *rq, model_kind k, const json_t *in, bool create,
                    const char *path_id, model_errors *errs, qiao_err *e)
{
    return web_save_record_as(rq, k, in, create, path_id, NULL, errs, e);
}

int web_save_record_as(web_req *rq, model_kind k, const json_t *in, bool create,
                       const char *path_id, char *saved_key, model_errors *errs, qiao_err *e)
{
    store *st = web_w(rq)->st;
    model_record r = {0}, old = {0};
    int rc;
    json_t *doc = json_deep_copy(in);
    const json_t *given = json_object_get(doc, "id");
    bool auto_id = create && (!given || json_is_null(given) ||
                              (json_is_string(given) && !*json_string_value(given)));
    if (path_id) {
        const char *id = json_string_value(json_object_get(doc, "id"));
        if (json_object_get(doc, "id") && (!id || strcmp(id, path_id) != 0)) {
            model_errors_addc(errs, k, "id", "id_mismatch", path_id,
                              "id: must be '%s' as in the address, or absent", path_id);
            rc = QIAO_EINVAL;
            goto out;
        }
        json_object_set_new(doc, "id", json_string(path_id));
    }
    if (auto_id) {
        char id[MODEL_KEY_MAX];
        if ((rc = web_new_id(st, k, id, e)) < 0)
            goto out;
        json_object_set_new(doc, "id", json_string(id));
    }
    /* published through the web: created, or a draft made public */
    bool publishing = create;
    if (!create && path_id) {
        model_record prev = {0};
        if (store_get(st, k, path_id, &prev, NULL) == 0)
            publishing = strcmp(model_str(&prev, "status"), "draft") == 0;
        model_record_clear(&prev);
    }
    if (publishing)
        date_publication(k, doc);
    bool org_kind = k == MODEL_ACHIEVEMENT || k == MODEL_DEMAND || k == MODEL_PERSON;
    if (org_kind && !json_object_get(doc, "org") && rq->signed_in && *rq->user.org &&
        k != MODEL_PERSON)
        json_object_set_new(doc, "org", json_string(rq->user.org));
    if ((rc = model_from_json_kind(k, doc, &r, errs)) < 0)
        goto out;
    if (create && (rc = model_check_new(&r, (long long)time(NULL), errs)) < 0)
        goto out;
    const char *org = org_kind ? str(r.doc, "org") : NULL;
    if (!web_may_edit(rq, k, org)) {
        rc = web_may_create(rq, k)
                 ? qiao_field_errf(e, QIAO_EPERM, "org", "your account may only change %s of "
                                   "org '%s'", web_kind_plural(k), rq->user.org)
                 : qiao_errf(e, QIAO_EPERM, "a %s account may not change %s",
                             web_role_name(rq->user.role), web_kind_plural(k));
        goto out;
    }
    rc = store_get(st, k, r.key, &old, e);
    if (rc < 0 && rc != QIAO_ENOTFOUND)
        goto out;
    if (create && rc == 0) {
        model_errors_addc(errs, k, "id", "exists", r.key, "%s %s exists already; change it "
                          "with PUT or the edit page", model_kind_name(k), r.key);
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "id", "%s %s exists already; change it with "
                             "PUT or the edit page", model_kind_name(k), r.key);
        goto out;
    }
    if (!create && rc == QIAO_ENOTFOUND) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no %s with id %s", model_kind_name(k), r.key);
        goto out;
    }
    if (!create && !web_may_edit(rq, k, org_kind ? str(old.doc, "org") : NULL)) {
        rc = qiao_errf(e, QIAO_EPERM, "your account may only change %s of org '%s'",
                       web_kind_plural(k), rq->user.org);
        goto out;
    }
    ref_ctx rc2 = {.kind = k, .st = st, .errs = errs, .e = e, .rc = 0};
    model_each_ref(&r, check_ref, &rc2);
    if ((rc = rc2.rc) < 0)
        goto out;
    if ((rc = store_begin(st, e)) < 0)
        goto out;
    /* the id given by the server may have been taken since (another request
     * in between): the next free one, now under the write lock */
    while (auto_id && (rc = store_exists(st, k, r.key, e)) > 0) {
        char id[MODEL_KEY_MAX];
        if ((rc = web_new_id(st, k, id, e)) < 0)
            break;
        json_object_set_new(r.doc, "id", json_string(id));
        snprintf(r.key, sizeof r.key, "%s", id);
    }
    if (rc < 0 || (rc = store_put(st, &r, e)) < 0 ||
        (rc = interest_record_changed(st, &r, NULL, e)) < 0 || (rc = store_commit(st, e)) < 0) {
        store_rollback(st);
        goto out;
    }
    web_app *app = rq->cfg->app;
    if (k == MODEL_ORG)
        web_orgs_changed(app);
    if (app) {                         /* the writer catches the index up: seen at once */
        qiao_err ie = {0};
        if (index_catch_up_wait(app->idx, WEB_CATCH_UP_WAIT_MS, NULL, &ie) < 0)
            fprintf(stderr, "qiao serve: %s %s saved but not indexed yet: %s\n",
                    model_kind_name(k), r.key, ie.msg);
    }
    if (saved_key)
        snprintf(saved_key, MODEL_KEY_MAX, "%s", r.key);
    rc = 0;
out:
    json_decref(doc);
    model_record_clear(&r);
    model_record_clear(&old);
    return rc;
}
