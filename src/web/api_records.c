/* web/api_records.c — /api/v1 handlers for achievements, demands, orgs and
 * people: list, get, create, update, withdraw/close. The record kind comes
 * from the route's path; validation is the model's (model_from_json_kind). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"

static model_kind route_kind(web_req *rq)
{
    model_kind k = MODEL_ACHIEVEMENT;
    web_kind_of_path(rq->path, &k);
    return k;
}

int web_api_list(web_req *rq, web_resp *rs)
{
    web_list_query lq = {
        .kind = route_kind(rq), .q = web_param(rq, "q"), .org = web_param(rq, "org"),
        .status = web_param(rq, "status"), .chain = web_param(rq, "chain"),
        .zone = web_param(rq, "zone"), .sort = web_param(rq, "sort"),
        .trl_min = (int)web_param_long(rq, "trl_min", 0),
        .trl_max = (int)web_param_long(rq, "trl_max", 0),
        .page = web_param_long(rq, "page", 1), .per_page = web_param_long(rq, "per_page", 20),
        .mode = web_param(rq, "mode"), .org_type = web_param(rq, "org_type"),
    };
    const char *fp = web_param(rq, "facets");
    lq.facets = !fp || !(strcmp(fp, "0") == 0 || strcmp(fp, "false") == 0);
    lq.texts = true;                   /* a ranked page's records as JSON text */
    web_list l;
    qiao_err e = {0};
    int rc = web_list_records(rq, &lq, &l, &e);
    if (rc == QIAO_EINVAL)
        return web_fail(rq, rs, 400, strcmp(e.field, "q") == 0 && web_query_vague(lq.q)
                                         ? "vague_query" : "bad_parameter",
                        strcmp(e.field, "page") == 0 || strcmp(e.field, "mode") == 0 ||
                        strcmp(e.field, "trl") == 0 || strcmp(e.field, "chain") == 0
                            ? e.field : "q", "%s", e.msg);
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    json_t *items = json_array();
    for (size_t i = 0; !l.texts && i < l.n; i++)
        json_array_append(items, l.items[i]);
    json_t *o = json_pack("{s:o, s:I, s:I, s:I, s:b}", "items", items, "page",
                          (json_int_t)lq.page, "per_page", (json_int_t)lq.per_page, "total",
                          (json_int_t)l.total, "total_exact", l.total_exact);
    if (!l.texts) {
        if (l.facets)
            json_object_set_new(o, "facets", web_facets_json(l.facets));
        web_list_free(&l);
        return web_json_reply(rs, 200, o);
    }
    /* the same bytes as web_json_reply's dump of o with the items and the
     * facets in it: "items" comes first, each text is its record's dump, and
     * "facets" (web_facets_dump) comes last */
    json_object_del(o, "items");
    buf rest = {0};
    model_json_dump(o, &rest);         /* {"page":...} */
    json_decref(o);
    if (l.facets) {
        rest.len--;                    /* its closing brace */
        buf_puts(&rest, ",\"facets\":");
        web_facets_dump(l.facets, &rest);
        buf_putc(&rest, '}');
    }
    rs->status = 200;
    rs->ctype = "application/json";
    buf_clear(&rs->body);
    size_t n = rest.len + 16;
    for (size_t i = 0; i < l.n; i++)
        n += l.lens[i] + 1;
    buf_reserve(&rs->body, n);
    buf_puts(&rs->body, "{\"items\":[");
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            buf_putc(&rs->body, ',');
        buf_append(&rs->body, l.texts[i], l.lens[i]);
    }
    buf_puts(&rs->body, "],");
    buf_append(&rs->body, rest.p + 1, rest.len - 1);
    buf_free(&rest);
    web_list_free(&l);
    return 0;
}

int web_api_get(web_req *rq, web_resp *rs)
{
    model_kind k = route_kind(rq);
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, web_param(rq, "id"), &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    if (!web_may_see(rq, &r)) {
        model_record_clear(&r);
        return web_fail(rq, rs, 404, "not_found", NULL, "no %s with id %s", model_kind_name(k),
                        web_param(rq, "id"));
    }
    json_t *d = web_public_doc(rq, &r);
    model_record_clear(&r);
    return web_json_reply(rs, 200, d);
}

/* The message of x as the caller reads it: 繁體 on request. Caller frees. */
static char *message_for(web_req *rq, bool hant, const model_error *x)
{
    char *t = hant ? web_zh_hant(rq, model_error_text(x)) : NULL;
    return t ? t : qiao_strdup(model_error_text(x));
}

int web_api_invalid(web_req *rq, web_resp *rs, int status, const model_errors *errs)
{
    bool hant = web_api_wants_hant(rq);
    json_t *list = json_array();
    for (size_t i = 0; i < errs->n; i++) {
        const model_error *x = &errs->v[i];
        char *m = message_for(rq, hant, x);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "field", x->field,
                                              "code", x->code[0] ? x->code : "invalid",
                                              "message", m, "detail", x->reason));
        free(m);
    }
    const model_error *f = &errs->v[0];
    char *m = message_for(rq, hant, f);
    json_t *o = json_pack("{s:{s:s, s:s, s:s, s:s, s:o}}", "error",
                          "code", f->code[0] ? f->code : "invalid",
                          "message", m, "field", f->field,
                          "detail", f->reason, "errors", list);
    free(m);
    return web_json_reply(rs, status, o);
}

/* 422 with every failing field (409 for an id in use), or the status of e. */
static int save_failed(web_req *rq, web_resp *rs, int rc, const model_errors *errs,
                       const qiao_err *e)
{
    if ((rc == QIAO_EINVAL || rc == QIAO_ECONFLICT) && errs->n)
        return web_api_invalid(rq, rs, rc == QIAO_EINVAL ? 422 : web_status_of(rc), errs);
    int status = web_status_of(rc);
    return web_fail(rq, rs, status, web_code_of(rc), e->field, "%s", e->msg);
}

static int reply_record(web_req *rq, web_resp *rs, model_kind k, const char *id, int status)
{
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    json_t *d = web_public_doc(rq, &r);
    model_record_clear(&r);
    return web_json_reply(rs, status, d);
}

int web_api_create(web_req *rq, web_resp *rs)
{
    model_kind k = route_kind(rq);
    if (!rq->json)
        return web_fail(rq, rs, 400, "malformed_json", NULL, "the body must be a JSON object");
    model_errors errs = {0};
    qiao_err e = {0};
    char id[MODEL_KEY_MAX];
    int rc = web_save_record_as(rq, k, rq->json, true, NULL, id, &errs, &e);
    if (rc < 0) {
        save_failed(rq, rs, rc, &errs, &e);
        model_errors_clear(&errs);
        return 0;
    }
    buf loc = {0};
    buf_printf(&loc, "/api/v1/%s/", web_kind_plural(k));
    web_url_arg(&loc, id);
    reply_record(rq, rs, k, id, 201);
    web_add_header(rq, rs, "Location", web_arena_strdup(&rq->arena, loc.p));
    buf_free(&loc);
    return 0;
}

int web_api_update(web_req *rq, web_resp *rs)
{
    model_kind k = route_kind(rq);
    if (!rq->json)
        return web_fail(rq, rs, 400, "malformed_json", NULL, "the body must be a JSON object");
    model_errors errs = {0};
    qiao_err e = {0};
    const char *id = web_param(rq, "id");
    int rc = web_save_record(rq, k, rq->json, false, id, &errs, &e);
    if (rc < 0) {
        save_failed(rq, rs, rc, &errs, &e);
        model_errors_clear(&errs);
        return 0;
    }
    return reply_record(rq, rs, k, id, 200);
}

/* POST .../{id}/withdraw (achievements) and .../{id}/close (demands). */
int web_api_status(web_req *rq, web_resp *rs)
{
    model_kind k = route_kind(rq);
    const char *id = web_param(rq, "id");
    const char *to = k == MODEL_ACHIEVEMENT ? "withdrawn" : "closed";
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    json_t *doc = json_deep_copy(r.doc);
    model_record_clear(&r);
    json_object_set_new(doc, "status", json_string(to));
    model_errors errs = {0};
    rc = web_save_record(rq, k, doc, false, id, &errs, &e);
    json_decref(doc);
    if (rc < 0) {
        save_failed(rq, rs, rc, &errs, &e);
        model_errors_clear(&errs);
        return 0;
    }
    return reply_record(rq, rs, k, id, 200);
}

int web_api_me(web_req *rq, web_resp *rs)
{
    return web_json_reply(rs, 200, json_pack("{s:s, s:s, s:s}", "login", rq->user.login, "role",
                                             web_role_name(rq->user.role), "org", rq->user.org));
}
