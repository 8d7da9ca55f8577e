/* web/page_form.c — new/edit forms for achievements and demands, their
 * POST handlers (validation by the model, errors shown beside each field),
 * and the withdraw/close buttons' POST handler. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

typedef struct fdef {
    const char *name;
    char type;      /* s text, t textarea, l list, i integer, d date, m modes, e status, r TRL */
} fdef;

static const fdef ach_fields[] = {
    {"title", 's'}, {"summary", 't'}, {"keywords", 'l'}, {"discipline", 's'}, {"chains", 'l'},
    {"trl", 'r'}, {"modes", 'm'}, {"price", 'i'}, {"zone", 's'}, {"status", 'e'}, {NULL, 0},
};
static const fdef dem_fields[] = {
    {"title", 's'}, {"description", 't'}, {"keywords", 'l'}, {"chains", 'l'},
    {"trl_min", 'r'}, {"modes", 'm'}, {"budget", 'i'}, {"deadline", 'd'}, {"zone", 's'},
    {"status", 'e'}, {NULL, 0},
};
static const char *const modes[] = {"self", "assign", "license", "cooperate", "equity", "other", NULL};
static const char *const ach_status[] = {"published", "draft", "withdrawn", NULL};
static const char *const dem_status[] = {"open", "draft", "closed", NULL};

static void render(web_req *rq, web_resp *rs, model_kind k, const json_t *doc,
                   const model_errors *errs, const char *msg, bool is_new, const char *id)
{
    buf *b = &rs->body;
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    web_page_begin(rq, rs, is_new ? (k == MODEL_ACHIEVEMENT ? "发布科技成果" : "发布技术需求")
                                  : "修改");
    buf_printf(b, "<h1>%s%s</h1>", is_new ? "发布" : "修改", web_kind_label(k));
    if (msg || (errs && errs->n)) {
        buf_puts(b, "<p class=\"error\" role=\"alert\">");
        web_html_text(b, msg ? msg : "请修改下面标出的内容后重新提交。");
        buf_puts(b, "</p>");
    }
    buf_printf(b, "<form class=\"record-form\" method=\"post\" action=\"%s/", base);
    if (is_new)
        buf_puts(b, "new");
    else {
        web_url_arg(b, id);
        buf_puts(b, "/edit");
    }
    buf_puts(b, "\">");
    web_csrf_input(rq, rs);
    if (is_new) {
        buf_puts(b, "<label for=\"f-id\">编号 <small>（1–64 位字母、数字或 . _ : -，"
                    "如 d-2024-001）</small></label><input id=\"f-id\" name=\"id\" required "
                    "maxlength=\"64\" value=\"");
        web_form_value(b, json_object_get(doc, "id"));
        buf_puts(b, "\">");
        web_field_errors(b, errs, "id");
    }
    if (web_is_staff(rq)) {
        buf_printf(b, "<label for=\"f-org\">%s <small>（单位编号）</small></label>"
                   "<input id=\"f-org\" name=\"org\" required maxlength=\"64\" value=\"",
                   web_label(k, "org"));
        web_form_value(b, json_object_get(doc, "org"));
        buf_puts(b, "\">");
        web_field_errors(b, errs, "org");
    }
    for (const fdef *f = k == MODEL_ACHIEVEMENT ? ach_fields : dem_fields; f->name; f++) {
        const json_t *v = json_object_get(doc, f->name);
        const char *label = web_label(k, f->name);
        if (f->type == 'm') {
            buf_printf(b, "<fieldset><legend>%s</legend>", label);
            for (int i = 0; modes[i]; i++) {
                bool on = false;
                size_t j;
                json_t *x;
                json_array_foreach(v, j, x)
                    on |= json_is_string(x) && !strcmp(json_string_value(x), modes[i]);
                buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"modes\" "
                           "value=\"%s\"%s> %s</label>", modes[i], on ? " checked" : "",
                           web_value_label(modes[i]));
            }
            buf_puts(b, "</fieldset>");
            web_field_errors(b, errs, f->name);
            continue;
        }
        buf_printf(b, "<label for=\"f-%s\">%s%s</label>", f->name, label,
                   f->type == 'l' ? " <small>（用分号 ; 分隔）</small>" : "");
        switch (f->type) {
        case 't':
            buf_printf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"8\" maxlength=\"20000\">",
                       f->name, f->name);
            web_html_text(b, json_string_value(v));
            buf_puts(b, "</textarea>");
            break;
        case 'r':
        case 'e': {
            const char *const *opts = f->type == 'e'
                ? (k == MODEL_ACHIEVEMENT ? ach_status : dem_status) : NULL;
            buf_printf(b, "<select id=\"f-%s\" name=\"%s\">", f->name, f->name);
            if (f->type == 'r') {
                buf_puts(b, "<option value=\"\">—</option>");
                for (int t = 1; t <= 9; t++)
                    buf_printf(b, "<option value=\"%d\"%s>TRL %d</option>", t,
                               json_integer_value(v) == t ? " selected" : "", t);
            } else {
                for (int i = 0; opts[i]; i++)
                    buf_printf(b, "<option value=\"%s\"%s>%s</option>", opts[i],
                               json_is_string(v) && !strcmp(json_string_value(v), opts[i])
                                   ? " selected" : "", web_value_label(opts[i]));
            }
            buf_puts(b, "</select>");
            break;
        }
        default:
            buf_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"%s%s value=\"", f->name,
                       f->name, f->type == 'd' ? "date" : "text",
                       f->type == 'i' ? " inputmode=\"numeric\"" : "",
                       !strcmp(f->name, "title") ? " required maxlength=\"200\"" : "");
            web_form_value(b, v);
            buf_puts(b, "\">");
        }
        web_field_errors(b, errs, f->name);
    }
    buf_printf(b, "<p><button type=\"submit\" id=\"submit\">%s</button></p></form>",
               is_new ? "发布" : "保存");
    web_page_end(rq, rs);
}

int web_page_form(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    if (!id) {
        json_t *doc = json_object();
        render(rq, rs, k, doc, NULL, NULL, true, NULL);
        json_decref(doc);
        return 0;
    }
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    if (!web_may_edit(rq, k, model_str(&r, "org"))) {
        model_record_clear(&r);
        return web_fail(rq, rs, 403, "forbidden", NULL, "你的账号不能修改其他单位的%s",
                        web_kind_label(k));
    }
    render(rq, rs, k, r.doc, NULL, NULL, false, id);
    model_record_clear(&r);
    return 0;
}

/* Splits "a; b；c" into a JSON array of the trimmed non-empty items. */
static json_t *split_list(const char *s)
{
    json_t *a = json_array();
    buf item = {0};
    for (const char *p = s;; p++) {
        bool sep = *p == ';' || *p == '\n' || *p == '\0' || !strncmp(p, "；", 3);
        if (!sep) {
            buf_putc(&item, *p);
            continue;
        }
        const char *t = buf_cstr(&item);
        size_t n = item.len;
        while (n && (t[n - 1] == ' ' || t[n - 1] == '\r' || t[n - 1] == '\t'))
            n--;
        while (n && (*t == ' ' || *t == '\t')) {
            t++;
            n--;
        }
        if (n)
            json_array_append_new(a, json_stringn(t, n));
        buf_clear(&item);
        if (!*p)
            break;
        if (*p != ';' && *p != '\n')
            p += 2;
    }
    buf_free(&item);
    return a;
}

/* The form's fields over `doc` (the stored record when editing). */
static void apply_form(web_req *rq, model_kind k, json_t *doc, bool is_new)
{
    if (is_new)
        json_object_set_new(doc, "id", json_string(web_form(rq, "id") ? web_form(rq, "id") : ""));
    if (web_is_staff(rq) && web_form(rq, "org"))
        json_object_set_new(doc, "org", json_string(web_form(rq, "org")));
    for (const fdef *f = k == MODEL_ACHIEVEMENT ? ach_fields : dem_fields; f->name; f++) {
        if (f->type == 'm') {
            json_t *a = json_array();
            for (size_t i = 0; i < rq->nform; i++)
                if (!strcmp(rq->form[i].name, "modes"))
                    json_array_append_new(a, json_string(rq->form[i].value));
            if (json_array_size(a))
                json_object_set_new(doc, f->name, a);
            else {
                json_object_del(doc, f->name);
                json_decref(a);
            }
            continue;
        }
        const char *v = web_form(rq, f->name);
        if (!v || !*v) {
            json_object_del(doc, f->name);
            continue;
        }
        if (f->type == 'l') {
            json_object_set_new(doc, f->name, split_list(v));
        } else if (f->type == 'i' || f->type == 'r') {
            char *end;
            errno = 0;
            long long x = strtoll(v, &end, 10);
            json_object_set_new(doc, f->name, *end || errno ? json_string(v) : json_integer(x));
        } else {
            json_object_set_new(doc, f->name, json_string(v));
        }
    }
}

int web_page_form_post(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    bool is_new = id == NULL;
    json_t *doc = NULL;
    qiao_err e = {0};
    if (is_new) {
        doc = json_object();
    } else {
        model_record r = {0};
        int rc = store_get(web_w(rq)->st, k, id, &r, &e);
        if (rc < 0)
            return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
        doc = json_deep_copy(r.doc);
        model_record_clear(&r);
        json_object_del(doc, "kind");
    }
    apply_form(rq, k, doc, is_new);
    model_errors errs = {0};
    int rc = web_save_record(rq, k, doc, is_new, id, &errs, &e);
    if (rc == 0) {
        buf loc = {0};
        buf_printf(&loc, "%s/", k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands");
        web_url_arg(&loc, json_string_value(json_object_get(doc, "id")));
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
        buf_free(&loc);
    } else {
        rs->status = rc == QIAO_EINVAL ? 422 : web_status_of(rc);
        if (rc != QIAO_EINVAL && e.field[0])
            model_errors_add(&errs, e.field, "%s", e.msg);
        render(rq, rs, k, doc, &errs, rc == QIAO_EINVAL ? NULL : e.msg, is_new, id);
    }
    model_errors_clear(&errs);
    json_decref(doc);
    return 0;
}

int web_page_status_post(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    json_t *doc = json_deep_copy(r.doc);
    model_record_clear(&r);
    json_object_set_new(doc, "status", json_string(k == MODEL_ACHIEVEMENT ? "withdrawn" : "closed"));
    model_errors errs = {0};
    rc = web_save_record(rq, k, doc, false, id, &errs, &e);
    json_decref(doc);
    if (rc < 0) {
        const char *m = errs.n ? errs.v[0].reason : e.msg;
        web_fail(rq, rs, rc == QIAO_EINVAL ? 422 : web_status_of(rc), web_code_of(rc), NULL,
                 "%s", m);
        model_errors_clear(&errs);
        return 0;
    }
    buf loc = {0};
    buf_printf(&loc, "%s/", k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands");
    web_url_arg(&loc, id);
    web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
    buf_free(&loc);
    return 0;
}
