/* web/page_event_form.c — staff: GET/POST /events/new and /events/{id}/edit.
 * The model checks every field (all its errors are shown, each beside its
 * field); then event_create / event_edit add the event rules (ends after
 * starts, slots within the event, deadlines, slots or tables not below a
 * placed meeting), whose error is shown beside the field it names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/events.h"

typedef struct fdef {
    const char *name, *label, *hint;
    char type;      /* s text, l list, i integer, e type */
} fdef;

static const fdef fields[] = {
    {"title", "活动名称", NULL, 's'},
    {"type", "类型", NULL, 'e'},
    {"starts", "开始时间", "如 2030-05-20T09:00+08:00（北京时间）", 's'},
    {"ends", "结束时间", "如 2030-05-20T17:00+08:00", 's'},
    {"venue", "地点", NULL, 's'},
    {"organisers", "主办单位", "单位编号，用分号 ; 分隔", 'l'},
    {"chains", "产业链", "用分号 ; 分隔", 'l'},
    {"capacity", "名额", "空为不限", 'i'},
    {"slot_minutes", "每个会谈时段（分钟）", NULL, 'i'},
    {"slots", "会谈时段数", NULL, 'i'},
    {"tables", "洽谈桌数", NULL, 'i'},
    {"registration_deadline", "报名截止", "日期或时间；空为活动开始时", 's'},
    {"requests_deadline", "邀约截止", "日期或时间；空为活动结束时", 's'},
    {"max_requests", "每方最多发出邀约数", NULL, 'i'},
    {"max_meetings", "每方最多会谈数", NULL, 'i'},
    {NULL, NULL, NULL, 0},
};

static const char *const types[] = {"release", "park_visit", "salon", "school_enterprise",
                                    "roadshow", "other", NULL};

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
    return web_fail(rq, rs, 403, "forbidden", "role", "only staff and admin may create or edit "
                    "events; the account %s (role %s) may not", rq->user.login,
                    web_role_name(rq->user.role));
}

static void render(web_req *rq, web_resp *rs, const json_t *doc, const model_errors *errs,
                   const char *id)
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
    if (!id) {
        buf_puts(b, "<label for=\"f-id\">编号 <small>（1–64 位字母、数字或 . _ : -，如 "
                    "ev-20300520-salon）</small></label><input id=\"f-id\" name=\"id\" required "
                    "maxlength=\"64\" value=\"");
        web_form_value(b, json_object_get(doc, "id"));
        buf_puts(b, "\">");
        web_field_errors(b, errs, "id");
    }
    for (const fdef *f = fields; f->name; f++) {
        const json_t *v = json_object_get(doc, f->name);
        buf_printf(b, "<label for=\"f-%s\">%s", f->name, f->label);
        if (f->hint)
            buf_printf(b, " <small>（%s）</small>", f->hint);
        buf_puts(b, "</label>");
        if (f->type == 'e') {
            buf_printf(b, "<select id=\"f-%s\" name=\"%s\">", f->name, f->name);
            for (int i = 0; types[i]; i++)
                buf_printf(b, "<option value=\"%s\"%s>%s</option>", types[i],
                           json_is_string(v) && !strcmp(json_string_value(v), types[i])
                               ? " selected" : "", web_ev_type_label(types[i]));
            buf_puts(b, "</select>");
        } else {
            buf_printf(b, "<input id=\"f-%s\" name=\"%s\"%s%s value=\"", f->name, f->name,
                       f->type == 'i' ? " inputmode=\"numeric\"" : "",
                       !strcmp(f->name, "title") || !strcmp(f->name, "starts")
                           ? " required maxlength=\"200\"" : "");
            web_form_value(b, v);
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
    if (!id) {
        json_t *doc = json_pack("{s:s}", "type", "salon");
        render(rq, rs, doc, NULL, NULL);
        json_decref(doc);
        return 0;
    }
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    render(rq, rs, r.doc, NULL, id);
    model_record_clear(&r);
    return 0;
}

/* "a; b；c" → ["a", "b", "c"] */
static json_t *split_list(const char *s)
{
    json_t *a = json_array();
    buf item = {0};
    for (const char *p = s;; p++) {
        bool full = !strncmp(p, "；", 3);
        if (*p && *p != ';' && *p != '\n' && !full) {
            buf_putc(&item, *p);
            continue;
        }
        const char *t = buf_cstr(&item);
        size_t n = item.len;
        while (n && strchr(" \t\r", t[n - 1]))
            n--;
        while (n && strchr(" \t", *t)) {
            t++;
            n--;
        }
        if (n)
            json_array_append_new(a, json_stringn(t, n));
        buf_clear(&item);
        if (!*p)
            break;
        if (full)
            p += 2;
    }
    buf_free(&item);
    return a;
}

/* The form's fields as a changes object: an empty field is null (removed). */
static json_t *changes_of(web_req *rq)
{
    json_t *c = json_object();
    for (const fdef *f = fields; f->name; f++) {
        const char *v = web_form(rq, f->name);
        if (!v)
            continue;
        if (!*v) {
            json_object_set_new(c, f->name, json_null());
        } else if (f->type == 'l') {
            json_t *a = split_list(v);
            json_object_set_new(c, f->name, json_array_size(a) ? a : json_null());
            if (!json_array_size(a))
                json_decref(a);
        } else if (f->type == 'i') {
            char *end;
            errno = 0;
            long long x = strtoll(v, &end, 10);
            json_object_set_new(c, f->name, *end || errno ? json_string(v) : json_integer(x));
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
        const char *nid = web_form(rq, "id");
        doc = json_pack("{s:s}", "id", nid ? nid : "");
    }
    json_t *changes = changes_of(rq);
    const char *k;
    json_t *v;
    json_object_foreach(changes, k, v) {
        if (json_is_null(v))
            json_object_del(doc, k);
        else
            json_object_set(doc, k, v);
    }
    model_errors errs = {0};
    model_record check = {0};
    int rc = model_from_json_kind(MODEL_EVENT, doc, &check, &errs);
    model_record_clear(&check);
    if (rc == 0) {
        int promoted = 0;
        rc = id ? event_edit(st, &me.actor, id, changes, &promoted, &e)
                : event_create(st, &me.actor, doc, &e);
        if (rc < 0)
            model_errors_add(&errs, *e.field ? e.field : "title", "%s", e.msg);
    }
    if (rc < 0) {
        rs->status = rc == QIAO_EINVAL ? 422 : web_status_of(rc);
        render(rq, rs, doc, &errs, id);
    } else {
        buf loc = {0};
        buf_puts(&loc, "/events/");
        web_url_arg(&loc, id ? id : json_string_value(json_object_get(doc, "id")));
        buf_printf(&loc, "?done=%s", id ? "saved" : "created");
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&loc)));
        buf_free(&loc);
    }
    model_errors_clear(&errs);
    json_decref(changes);
    json_decref(doc);
    return 0;
}
