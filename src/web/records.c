/* web/records.c — listing, visibility and saving of records, shared by the
 * JSON API and the HTML pages. Listing scans the store (fine for a city
 * programme's thousands of records; the match module's index replaces the
 * text filter when it lands). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (!*status)
        return false;
    if (k == MODEL_ACHIEVEMENT)
        return strcmp(status, "published") != 0;
    if (k == MODEL_DEMAND)
        return strcmp(status, "open") != 0;
    return false;
}

static bool list_has(const json_t *arr, const char *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
        if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
            return true;
    return false;
}

static bool text_match(const json_t *doc, const char *q)
{
    static const char *const fields[] = {"title", "summary", "description", "name",
                                         "discipline", "expertise", "id", NULL};
    for (int i = 0; fields[i]; i++)
        if (strcasestr(str(doc, fields[i]), q))
            return true;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "keywords"), i, x)
        if (json_is_string(x) && strcasestr(json_string_value(x), q))
            return true;
    return false;
}

typedef struct scan_ctx {
    web_req *rq;
    const web_list_query *lq;
    json_t **v;
    size_t n, cap;
    bool presliced;      /* v holds only the requested page; total is set */
    size_t total;
} scan_ctx;

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
    json_t *d = json_deep_copy(r->doc);
    if (r->kind == MODEL_PERSON && !web_may_contact(rq)) {
        json_object_del(d, "email");
        json_object_del(d, "phone");
    }
    return d;
}

static int collect(const model_record *r, void *ud)
{
    scan_ctx *c = ud;
    const web_list_query *lq = c->lq;
    const json_t *d = r->doc;
    const char *status = str(d, "status");
    if (lq->status && *lq->status) {
        if (strcmp(status, lq->status) != 0)
            return 0;
        if (!strcmp(status, "draft") && !web_may_edit(c->rq, r->kind, str(d, "org")))
            return 0;
    } else if (!lq->include_hidden && hidden_status(r->kind, status)) {
        return 0;
    }
    if (lq->org && *lq->org && strcmp(str(d, "org"), lq->org) != 0)
        return 0;
    if (lq->zone && *lq->zone && strcmp(str(d, "zone"), lq->zone) != 0)
        return 0;
    if (lq->chain && *lq->chain && !list_has(json_object_get(d, "chains"), lq->chain))
        return 0;
    if (lq->q && *lq->q && !text_match(d, lq->q))
        return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = qiao_realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = web_public_doc(c->rq, r);
    return 0;
}

typedef struct sort_spec {
    const char *field;
    int dir;
} sort_spec;

static int cmp_docs(const void *a, const void *b, void *ud)
{
    const char *sort_field = ((const sort_spec *)ud)->field;
    int sort_dir = ((const sort_spec *)ud)->dir;
    const json_t *x = json_object_get(*(json_t *const *)a, sort_field);
    const json_t *y = json_object_get(*(json_t *const *)b, sort_field);
    int c = 0;
    if (!x || !y)
        c = x ? -1 : y ? 1 : 0;              /* absent values last, either way */
    else if (json_is_integer(x) && json_is_integer(y))
        c = (json_integer_value(x) > json_integer_value(y)) -
            (json_integer_value(x) < json_integer_value(y));
    else if (json_is_string(x) && json_is_string(y))
        c = strcmp(json_string_value(x), json_string_value(y)) * sort_dir;
    if (x && y && json_is_integer(x))
        c *= sort_dir;
    if (c == 0)
        c = strcmp(str(*(json_t *const *)a, "id"), str(*(json_t *const *)b, "id"));
    return c;
}

/* Ranked search through the match index: the hits in order, through the
 * same filters as a scan. */
static int search(web_req *rq, web_app *app, scan_ctx *c, qiao_err *e)
{
    const web_list_query *lq = c->lq;
    web_list_query plain = *lq;
    plain.q = NULL;                     /* the index did the text part */
    c->lq = &plain;
    match_query *q = NULL;
    match_hits hits = {0};
    pthread_rwlock_rdlock(&app->lock);
    int rc = match_query_parse(app->ix, lq->q, strlen(lq->q), &q, e);
    if (rc == 0)
        rc = match_search(app->ix, q, lq->kind, 10000, &hits, e);
    pthread_rwlock_unlock(&app->lock);
    /* Without other filters or a sort, the hits are the list: read only the page. */
    bool window = !(lq->org && *lq->org) && !(lq->zone && *lq->zone) &&
                  !(lq->chain && *lq->chain) && !(lq->status && *lq->status) &&
                  !(lq->sort && *lq->sort);
    size_t per = (size_t)(lq->per_page > 0 ? lq->per_page : 20);
    size_t first = (size_t)((lq->page > 0 ? lq->page : 1) - 1) * per;
    if (window) {
        c->presliced = true;
        c->total = hits.n;
    }
    for (size_t i = 0; rc == 0 && i < hits.n; i++) {
        if (window && (i < first || i >= first + per))
            continue;
        model_record r = {0};
        if (store_get(web_w(rq)->st, lq->kind, hits.v[i].key, &r, NULL) < 0)
            continue;
        collect(&r, c);
        model_record_clear(&r);
    }
    match_hits_free(&hits);
    match_query_free(q);
    c->lq = lq;
    return rc;
}

static bool index_covers(const web_list_query *lq)
{
    /* the index holds what is public: published achievements, open demands, people */
    return (lq->kind == MODEL_ACHIEVEMENT || lq->kind == MODEL_DEMAND ||
            lq->kind == MODEL_PERSON) && !lq->include_hidden &&
           (!lq->status || !*lq->status || !hidden_status(lq->kind, lq->status));
}

int web_list_records(web_req *rq, const web_list_query *lq, web_list *out, qiao_err *e)
{
    scan_ctx c = {.rq = rq, .lq = lq};
    memset(out, 0, sizeof *out);
    web_app *app = rq->cfg->app;
    bool ranked = lq->q && *lq->q && app && app->ix && index_covers(lq);
    int rc = ranked ? search(rq, app, &c, e) : store_scan(web_w(rq)->st, lq->kind, collect, &c, e);
    if (rc < 0) {
        for (size_t i = 0; i < c.n; i++)
            json_decref(c.v[i]);
        free(c.v);
        return rc;
    }
    if (c.n > 1 && lq->sort && *lq->sort && strcmp(lq->sort, "id") != 0) {
        sort_spec sp = {lq->sort + (lq->sort[0] == '-'), lq->sort[0] == '-' ? -1 : 1};
        qsort_r(c.v, c.n, sizeof *c.v, cmp_docs, &sp);
    }
    long per = lq->per_page > 0 ? lq->per_page : 20;
    size_t first = c.presliced ? 0 : (size_t)((lq->page > 0 ? lq->page : 1) - 1) * (size_t)per;
    out->total = c.presliced ? c.total : c.n;
    out->items = qiao_calloc((size_t)per, sizeof *out->items);
    for (size_t i = 0; i < c.n; i++) {
        if (i >= first && i < first + (size_t)per)
            out->items[out->n++] = c.v[i];
        else
            json_decref(c.v[i]);
    }
    free(c.v);
    return 0;
}

void web_list_free(web_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        json_decref(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

typedef struct ref_ctx {
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
    model_errors_add(c->errs, ref->field, "%s: no record with id '%s'", ref->field, ref->id);
    c->rc = QIAO_EINVAL;
    return 0;
}

int web_save_record(web_req *rq, model_kind k, const json_t *in, bool create,
                    const char *path_id, model_errors *errs, qiao_err *e)
{
    store *st = web_w(rq)->st;
    model_record r = {0}, old = {0};
    int rc;
    json_t *doc = json_deep_copy(in);
    if (path_id) {
        const char *id = json_string_value(json_object_get(doc, "id"));
        if (json_object_get(doc, "id") && (!id || strcmp(id, path_id) != 0)) {
            model_errors_add(errs, "id", "id: must be '%s' as in the address, or absent", path_id);
            rc = QIAO_EINVAL;
            goto out;
        }
        json_object_set_new(doc, "id", json_string(path_id));
    }
    bool org_kind = k == MODEL_ACHIEVEMENT || k == MODEL_DEMAND || k == MODEL_PERSON;
    if (org_kind && !json_object_get(doc, "org") && rq->signed_in && *rq->user.org &&
        k != MODEL_PERSON)
        json_object_set_new(doc, "org", json_string(rq->user.org));
    if ((rc = model_from_json_kind(k, doc, &r, errs)) < 0)
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
    ref_ctx rc2 = {.st = st, .errs = errs, .e = e, .rc = 0};
    model_each_ref(&r, check_ref, &rc2);
    if ((rc = rc2.rc) < 0)
        goto out;
    if ((rc = store_begin(st, e)) < 0)
        goto out;
    if ((rc = store_put(st, &r, e)) < 0 || (rc = store_commit(st, e)) < 0) {
        store_rollback(st);
        goto out;
    }
    web_app *app = rq->cfg->app;
    if (app && app->ix) {
        qiao_err ie = {0};
        pthread_rwlock_wrlock(&app->lock);
        if (match_index_put(app->ix, &r, &ie) < 0)
            fprintf(stderr, "qiao serve: %s %s saved but not indexed: %s\n",
                    model_kind_name(k), r.key, ie.msg);
        pthread_rwlock_unlock(&app->lock);
    }
    rc = 0;
out:
    json_decref(doc);
    model_record_clear(&r);
    model_record_clear(&old);
    return rc;
}
