/* web/page_event_form.c — staff: GET/POST /events/new and /events/{id}/edit.
 * The model checks every field (all its errors are shown, each beside its
 * field); then event_create / event_edit add the event rules (ends after
 * starts, slots within the event, deadlines, slots or tables not below a
 * placed meeting), whose error is shown beside the field it names. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "model/input.h"
#include "web/events.h"
#include "web/pages.h"

/* Which fields the form shows, in which order, with the hint beside the
 * label; labels, kinds of value and choices are the model's. */
typedef struct fdef {
    const char *name, *hint;
} fdef;

static const fdef fields[] = {
    {"title", NULL},
    {"type", NULL},
    {"starts", "如 2030年5月20日 09:00（北京时间）"},
    {"ends", "如 2030年5月20日 17:00"},
    {"venue", NULL},
    {"organisers", "输入单位名称，从列表中选择"},
    {"chains", "每行一项，或用逗号、顿号、分号分开"},
    {"capacity", "不填为不限"},
    {"slot_minutes", NULL},
    {"slots", NULL},
    {"tables", NULL},
    {"registration_deadline", "日期或时间；不填为活动开始时"},
    {"requests_deadline", "日期或时间；不填为活动结束时"},
    {"max_requests", NULL},
    {"max_meetings", NULL},
    {NULL, NULL},
};

/* Rows for organisers: those the event has, and this many empty ones. */
#define ORGANISER_ROWS_FREE 2

/* The event's id from the path (edit), or NULL (new: the form's "id" is the new one). */
static const char *path_id(const web_req *rq)
{
    for (size_t i = 0; i < rq->npath; i++)
        if (!strcmp(rq->path_params[i].name, "id"))
            return rq->path_params[i].value;
    return NULL;
}

static int refuse(web_req *rq, web_resp *rs)
{
    return web_fail(rq, rs, 403, "forbidden", "role", "只有平台工作人员可以新建或修改活动。");
}

/* A past event is read-only: 409 with the reason (0 when it may change). */
static int closed(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    int rc = web_ev_check_open(rq, &e);
    if (rc == 0)
        return 0;
    web_fail(rq, rs, web_status_of(rc), web_code_of(rc), "event", "%s", e.msg);
    return 1;
}

/* The organisers' rows: each an org's name (typed, or the stored org's). */
static void organisers(web_req *rq, buf *b, const json_t *v, const json_t *raw)
{
    const json_t *typed = json_object_get(raw, "organisers");
    const json_t *rows = typed ? typed : v;
    size_t n = json_array_size(rows);
    for (size_t i = 0; i < n + ORGANISER_ROWS_FREE; i++) {
        buf_printf(b, "<input%s name=\"organisers\" list=\"f-org-list\" autocomplete=\"off\" "
                   "aria-label=\"主办单位 %zu\" value=\"", i ? "" : " id=\"f-organisers\"", i + 1);
        const char *x = i < n ? json_string_value(json_array_get(rows, i)) : NULL;
        if (x && typed) {
            web_html_attr(b, x);
        } else if (x) {
            char *name = web_record_name(rq, MODEL_ORG, x);
            web_html_attr(b, name);
            free(name);
        }
        buf_puts(b, "\">");
    }
    web_pick_datalist(rq, b, 1u << MODEL_ORG, "f-org-list");
}

static void render(web_req *rq, web_resp *rs, const json_t *doc, const json_t *raw,
                   const model_errors *errs, const char *id)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, id ? "修改活动" : "新建活动");
    buf_printf(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><h1>%s</h1>",
               id ? "修改活动" : "新建活动");
    if (errs && errs->n)
        buf_puts(b, "<p class=\"error\" role=\"alert\">请修改下面标出的内容后重新提交。</p>");
    buf_puts(b, "<form class=\"record-form\" method=\"post\" action=\"/events/");
    if (id) {
        web_url_arg(b, id);
        buf_puts(b, "/edit\">");
    } else {
        buf_puts(b, "new\">");
    }
    web_csrf_input(rq, rs);
    web_field_errors(b, errs, "id");
    for (const fdef *f = fields; f->name; f++) {
        const json_t *v = json_object_get(doc, f->name);
        const char *r = json_string_value(json_object_get(raw, f->name));
        model_field_info fi = {0};
        model_field_info_of(MODEL_EVENT, f->name, &fi);
        buf_printf(b, "<label for=\"f-%s\">%s", f->name, model_field_label(MODEL_EVENT, f->name));
        if (f->hint)
            buf_printf(b, " <small>（%s）</small>", f->hint);
        buf_puts(b, "</label>");
        if (fi.en) {
            buf_printf(b, "<select id=\"f-%s\" name=\"%s\">", f->name, f->name);
            for (int i = 0; fi.en[i]; i++)
                buf_printf(b, "<option value=\"%s\"%s>%s</option>", fi.en[i],
                           json_is_string(v) && !strcmp(json_string_value(v), fi.en[i])
                               ? " selected" : "", web_ev_type_label(fi.en[i]));
            buf_puts(b, "</select>");
        } else if (!strcmp(f->name, "organisers")) {
            organisers(rq, b, v, raw);
        } else {
            buf tmp = {0};
            char t[96];
            if (r) {
                buf_puts(&tmp, r);
            } else if (fi.date && json_is_string(v)) {
                model_when_format(json_string_value(v), t, sizeof t);
                buf_puts(&tmp, t);
            } else if (json_is_array(v)) {
                size_t i;
                json_t *x;
                json_array_foreach(v, i, x) {
                    buf_puts(&tmp, i ? "、" : "");
                    buf_puts(&tmp, json_string_value(x));
                }
            } else if (json_is_string(v)) {
                buf_puts(&tmp, json_string_value(v));
            } else if (json_is_integer(v)) {
                buf_printf(&tmp, "%lld", (long long)json_integer_value(v));
            }
            buf_printf(b, "<input id=\"f-%s\" name=\"%s\"%s%s value=\"", f->name, f->name,
                       fi.integer ? " inputmode=\"numeric\"" : "",
                       fi.required ? " required" : "");
            web_html_attr(b, buf_cstr(&tmp));
            buf_free(&tmp);
            buf_puts(b, "\">");
        }
        web_field_errors(b, errs, f->name);
    }
    buf_printf(b, "<p><button type=\"submit\" id=\"submit\">%s</button></p></form>",
               id ? "保存" : "创建活动");
    web_page_end(rq, rs);
}

int web_page_event_form(web_req *rq, web_resp *rs)
{
    if (!web_is_staff(rq))
        return refuse(rq, rs);
    const char *id = path_id(rq);
    if (id && closed(rq, rs))
        return 0;
    if (!id) {
        json_t *doc = json_pack("{s:s}", "type", "salon");
        render(rq, rs, doc, NULL, NULL, NULL);
        json_decref(doc);
        return 0;
    }
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    render(rq, rs, r.doc, NULL, NULL, id);
    model_record_clear(&r);
    return 0;
}

/* A field the form could not read: its rule's message, the text kept. */
static void unread(const char *name, const char *code, const char *arg, json_t *keep,
                   json_t *raw, model_errors *errs)
{
    model_errors_addc(errs, MODEL_EVENT, name, code, arg, "%s: refused (%s)", name, code);
    if (keep)
        json_object_set(raw, name, keep);
}

/* The organisers' rows: names resolved to org ids (empty rows skipped). */
static json_t *organisers_of(web_req *rq, json_t *raw, model_errors *errs)
{
    json_t *ids = json_array(), *typed = json_array();
    bool failed = false;
    for (size_t i = 0; i < rq->nform; i++) {
        if (strcmp(rq->form[i].name, "organisers"))
            continue;
        json_t *items = model_split_list(rq->form[i].value);
        size_t j;
        json_t *x;
        json_array_foreach(items, j, x) {
            char id[MODEL_KEY_MAX];
            const char *code;
            json_array_append(typed, x);
            if (web_pick_resolve(rq, 1u << MODEL_ORG, json_string_value(x), id, &code) < 0) {
                if (!failed)
                    unread("organisers", code, json_string_value(x), NULL, raw, errs);
                failed = true;
            } else {
                json_array_append_new(ids, json_string(id));
            }
        }
        json_decref(items);
    }
    if (failed)
        json_object_set(raw, "organisers", typed);
    json_decref(typed);
    return ids;
}

/* The form's fields as a changes object: an empty field is null (removed).
 * Values it cannot read go to errs, their text to raw. */
static json_t *changes_of(web_req *rq, json_t *raw, model_errors *errs)
{
    json_t *c = json_object();
    for (const fdef *f = fields; f->name; f++) {
        model_field_info fi = {0};
        model_field_info_of(MODEL_EVENT, f->name, &fi);
        if (!strcmp(f->name, "organisers")) {
            bool sent = false;
            for (size_t i = 0; i < rq->nform; i++)
                sent |= !strcmp(rq->form[i].name, "organisers");
            if (!sent)
                continue;
            json_t *a = organisers_of(rq, raw, errs);
            json_object_set_new(c, f->name, json_array_size(a) ? a : json_null());
            if (!json_array_size(a))
                json_decref(a);
            continue;
        }
        const char *v = web_form(rq, f->name);
        if (!v)
            continue;
        json_t *items = fi.list ? model_split_list(v) : NULL;
        if (!*v || (items && !json_array_size(items))) {
            json_decref(items);
            json_object_set_new(c, f->name, json_null());
        } else if (items) {
            json_object_set_new(c, f->name, items);
        } else if (fi.date) {
            char iso[64];
            const char *code;
            json_t *keep = json_string(v);
            if (model_when_parse(v, strlen(v), iso, sizeof iso, &code) < 0)
                unread(f->name, code, NULL, keep, raw, errs);
            else
                json_object_set_new(c, f->name, json_string(iso));
            json_decref(keep);
        } else if (fi.integer) {
            char *end;
            errno = 0;
            long long x = strtoll(v, &end, 10);
            json_t *keep = json_string(v);
            char range[48];
            snprintf(range, sizeof range, "%lld 到 %lld", fi.lo, fi.hi);
            if (*end || errno || end == v)
                unread(f->name, "integer", range, keep, raw, errs);
            else
                json_object_set_new(c, f->name, json_integer(x));
            json_decref(keep);
        } else {
            json_object_set_new(c, f->name, json_string(v));
        }
    }
    return c;
}

int web_page_event_form_post(web_req *rq, web_resp *rs)
{
    if (!web_is_staff(rq))
        return refuse(rq, rs);
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = path_id(rq);
    if (id && closed(rq, rs))
        return 0;
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    json_t *doc;
    if (id) {
        model_record r = {0};
        int rc = store_get(st, MODEL_EVENT, id, &r, &e);
        if (rc < 0)
            return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
        doc = json_deep_copy(r.doc);
        model_record_clear(&r);
        json_object_del(doc, "kind");
    } else {
        char nid[MODEL_KEY_MAX];      /* the server gives the id */
        int rc = web_new_id(st, MODEL_EVENT, nid, &e);
        if (rc < 0)
            return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
        doc = json_pack("{s:s}", "id", nid);
    }
    json_t *raw = json_object();
    model_errors errs = {0};
    json_t *changes = changes_of(rq, raw, &errs);
    const char *k;
    json_t *v;
    json_object_foreach(changes, k, v) {
        if (json_is_null(v))
            json_object_del(doc, k);
        else
            json_object_set(doc, k, v);
    }
    model_errors more = {0};
    model_record check = {0};
    int rc = model_from_json_kind(MODEL_EVENT, doc, &check, &more);
    model_record_clear(&check);
    for (size_t i = 0; i < more.n; i++) {
        char top[64];
        snprintf(top, sizeof top, "%.*s", (int)strcspn(more.v[i].field, "[."), more.v[i].field);
        if (json_object_get(raw, top))
            continue;              /* already said, with what was typed */
        model_errors_addc(&errs, MODEL_EVENT, more.v[i].field, more.v[i].code, NULL, "%s",
                          more.v[i].reason);
        snprintf(errs.v[errs.n - 1].msg, sizeof errs.v[0].msg, "%s", more.v[i].msg);
    }
    model_errors_clear(&more);
    if (errs.n)
        rc = QIAO_EINVAL;
    if (rc == 0) {
        int promoted = 0;
        rc = id ? event_edit(st, &me.actor, id, changes, &promoted, &e)
                : event_create(st, &me.actor, doc, &e);
        if (rc < 0)
            model_errors_add(&errs, *e.field ? e.field : "title", "%s", e.msg);
    }
    if (rc < 0) {
        rs->status = rc == QIAO_EINVAL ? 422 : web_status_of(rc);
        render(rq, rs, doc, raw, &errs, id);
    } else {
        buf loc = {0};
        buf_puts(&loc, "/events/");
        web_url_arg(&loc, id ? id : json_string_value(json_object_get(doc, "id")));
        buf_printf(&loc, "?done=%s", id ? "saved" : "created");
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&loc)));
        buf_free(&loc);
    }
    model_errors_clear(&errs);
    json_decref(raw);
    json_decref(changes);
    json_decref(doc);
    return 0;
}
