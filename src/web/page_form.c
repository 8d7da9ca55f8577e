/* web/page_form.c — new/edit forms for achievements and demands, their
 * POST handlers, and withdrawing or closing (a confirmation page, then its POST).
 *
 * The fields, their labels, limits and choices are the model's (schema.c,
 * messages.c): this file only says which fields a form shows, in which
 * order. Values are taken as people write them (model/input.h: 50万,
 * 2027-01-15 09:00, lists one per line or separated by ，、；) and shown back
 * the same way; the server gives new records their ids, and an org is picked
 * by its name. Every error is shown beside its field, with what was typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/input.h"
#include "web/pages.h"

static const char *const ach_fields[] = {"title", "summary", "keywords", "discipline",
    "chains", "trl", "modes", "price", "zone", "status", NULL};
static const char *const dem_fields[] = {"title", "description", "keywords", "chains",
    "trl_min", "modes", "budget", "deadline", "zone", "status", NULL};

/* The model's description of a field (model.h: model_field_info). */
static bool info(model_kind k, const char *name, model_field_info *fi)
{
    return model_field_info_of(k, name, fi) == 0;
}

static const char *hint(const model_field_info *fi, const char *name)
{
    if (fi->list)
        return "每行一项，或用逗号、顿号、分号分开";
    if (fi->amount)
        return strcmp(name, "price") == 0 ? "如 50万、1.2亿；不填为面议" : "如 50万、1.2亿、300,000";
    if (fi->date)
        return "如 2027年1月15日 或 2027年1月15日 09:00，北京时间";
    return NULL;
}

/* What the field shows (plain text, escaped by the caller): the text the
 * person typed (raw) when the form came back with errors, else the stored
 * value written as people write it. */
static void field_text(buf *b, const model_field_info *fi, const json_t *v, const char *raw)
{
    char t[96];
    if (raw) {
        buf_puts(b, raw);
    } else if (fi->amount && json_is_integer(v)) {
        model_amount_format((long long)json_integer_value(v), t, sizeof t);
        buf_puts(b, t);
    } else if (fi->date && json_is_string(v)) {
        model_when_format(json_string_value(v), t, sizeof t);
        buf_puts(b, t);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            buf_puts(b, i ? "\n" : "");
            buf_puts(b, json_string_value(x) ? json_string_value(x) : "");
        }
    } else if (json_is_string(v)) {
        buf_puts(b, json_string_value(v));
    } else if (json_is_integer(v)) {
        buf_printf(b, "%lld", (long long)json_integer_value(v));
    }
}

static void choice(buf *b, model_kind k, const char *name, const model_field_info *fi,
                   const json_t *v, const char *raw)
{
    buf_printf(b, "<select id=\"f-%s\" name=\"%s\">", name, name);
    if (fi->trl) {
        buf_puts(b, "<option value=\"\">不填</option>");
        for (int t = 1; t <= 9; t++)
            buf_printf(b, "<option value=\"%d\"%s>%s</option>", t,
                       (raw ? atoi(raw) : json_integer_value(v)) == t ? " selected" : "",
                       model_trl_label(t));
    } else {
        const char *cur = raw ? raw : json_is_string(v) ? json_string_value(v)
                                                        : model_status_default(k);
        for (int i = 0; fi->en[i]; i++)
            buf_printf(b, "<option value=\"%s\"%s>%s</option>", fi->en[i],
                       cur && !strcmp(cur, fi->en[i]) ? " selected" : "",
                       model_value_label(k, name, fi->en[i]));
    }
    buf_puts(b, "</select>");
}

static void checkboxes(buf *b, model_kind k, const char *name, const model_field_info *fi,
                       const json_t *v)
{
    buf_printf(b, "<fieldset><legend>%s</legend>", model_field_label(k, name));
    for (int i = 0; fi->en[i]; i++) {
        bool on = false;
        size_t j;
        json_t *x;
        json_array_foreach(v, j, x)
            on |= json_is_string(x) && !strcmp(json_string_value(x), fi->en[i]);
        buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" "
                   "value=\"%s\"%s> %s</label>", name, fi->en[i], on ? " checked" : "",
                   model_value_label(k, name, fi->en[i]));
    }
    buf_puts(b, "</fieldset>");
}

/* raw: {field: text typed} of fields whose text the model could not take. */
static void render(web_req *rq, web_resp *rs, model_kind k, const json_t *doc,
                   const json_t *raw, const model_errors *errs, const char *msg, bool is_new,
                   const char *id)
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
    if (errs)   /* errors about the id can only be the server's: say them first */
        web_field_errors(b, errs, "id");
    if (web_is_staff(rq)) {
        const char *r = json_string_value(json_object_get(raw, "org"));
        buf_printf(b, "<label for=\"f-org\">%s <small>（输入名称，从列表中选择）</small></label>"
                   "<input id=\"f-org\" name=\"org\" list=\"f-org-list\" required "
                   "autocomplete=\"off\" value=\"", model_field_label(k, "org"));
        if (r) {
            web_html_attr(b, r);
        } else {
            char *name = web_org_name(rq, json_string_value(json_object_get(doc, "org")));
            web_html_attr(b, name);
            free(name);
        }
        buf_puts(b, "\">");
        web_pick_datalist(rq, b, 1u << MODEL_ORG, "f-org-list");
        web_field_errors(b, errs, "org");
    }
    for (const char *const *f = k == MODEL_ACHIEVEMENT ? ach_fields : dem_fields; *f; f++) {
        model_field_info fi;
        if (!info(k, *f, &fi))
            continue;
        const json_t *v = json_object_get(doc, *f);
        const char *r = json_string_value(json_object_get(raw, *f));
        if (fi.enumlist) {
            checkboxes(b, k, *f, &fi, v);
            web_field_errors(b, errs, *f);
            continue;
        }
        const char *h = hint(&fi, *f);
        buf_printf(b, "<label for=\"f-%s\">%s", *f, model_field_label(k, *f));
        if (h)
            buf_printf(b, " <small>（%s）</small>", h);
        buf_puts(b, "</label>");
        if (fi.en || fi.trl) {
            choice(b, k, *f, &fi, v, r);
        } else if (fi.list || fi.max > 2000) {
            buf_printf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\">", *f, *f,
                       fi.list ? 4 : 8);
            buf tmp = {0};
            field_text(&tmp, &fi, v, r);
            web_html_text(b, buf_cstr(&tmp));
            buf_free(&tmp);
            buf_puts(b, "</textarea>");
        } else {
            buf_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"text\"%s%s value=\"", *f, *f,
                       fi.amount ? " inputmode=\"decimal\"" : "",
                       fi.required ? " required" : "");
            buf tmp = {0};
            field_text(&tmp, &fi, v, r);
            web_html_attr(b, buf_cstr(&tmp));
            buf_free(&tmp);
            buf_puts(b, "\">");
        }
        web_field_errors(b, errs, *f);
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
        render(rq, rs, k, doc, NULL, NULL, NULL, true, NULL);
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
    render(rq, rs, k, r.doc, NULL, NULL, NULL, false, id);
    model_record_clear(&r);
    return 0;
}

/* A field the form could not turn into the model's value: its rule's
 * message beside it, and the text kept for the form. */
static void refuse(model_kind k, const char *name, const char *code, const char *arg,
                   const char *text, json_t *raw, model_errors *errs)
{
    model_errors_addc(errs, k, name, code, arg, "%s: \"%.60s\" refused (%s)", name, text, code);
    json_object_set_new(raw, name, json_string(text));
}

/* The form's fields over `doc` (the stored record when editing); fields it
 * cannot read go to errs and raw. */
static void apply_form(web_req *rq, model_kind k, json_t *doc, json_t *raw, model_errors *errs)
{
    const char *code;
    if (web_is_staff(rq) && web_form(rq, "org")) {
        const char *t = web_form(rq, "org");
        char id[MODEL_KEY_MAX];
        if (!*t)
            refuse(k, "org", "required", NULL, t, raw, errs);
        else if (web_pick_resolve(rq, 1u << MODEL_ORG, t, id, &code) < 0)
            refuse(k, "org", code, t, t, raw, errs);
        else
            json_object_set_new(doc, "org", json_string(id));
    }
    for (const char *const *f = k == MODEL_ACHIEVEMENT ? ach_fields : dem_fields; *f; f++) {
        model_field_info fi;
        if (!info(k, *f, &fi))
            continue;
        if (fi.enumlist) {
            json_t *a = json_array();
            for (size_t i = 0; i < rq->nform; i++)
                if (!strcmp(rq->form[i].name, *f))
                    json_array_append_new(a, json_string(rq->form[i].value));
            if (json_array_size(a))
                json_object_set_new(doc, *f, a);
            else {
                json_object_del(doc, *f);
                json_decref(a);
            }
            continue;
        }
        const char *v = web_form(rq, *f);
        json_t *items = v && fi.list ? model_split_list(v) : NULL;
        bool empty = !v || (items ? json_array_size(items) == 0 : !*v);
        if (empty) {
            json_decref(items);
            json_object_del(doc, *f);
            continue;
        }
        if (items) {
            json_object_set_new(doc, *f, items);
        } else if (fi.amount) {
            long long yuan;
            if (model_amount_parse(v, strlen(v), &yuan, &code) < 0)
                refuse(k, *f, code, NULL, v, raw, errs);
            else
                json_object_set_new(doc, *f, json_integer(yuan));
        } else if (fi.date) {
            char iso[64];
            if (model_when_parse(v, strlen(v), iso, sizeof iso, &code) < 0)
                refuse(k, *f, code, NULL, v, raw, errs);
            else
                json_object_set_new(doc, *f, json_string(iso));
        } else if (fi.integer) {
            char *end;
            long long x = strtoll(v, &end, 10);
            char range[48];
            snprintf(range, sizeof range, "%lld 到 %lld", fi.lo, fi.hi);
            if (*end || end == v)
                refuse(k, *f, "integer", range, v, raw, errs);
            else
                json_object_set_new(doc, *f, json_integer(x));
        } else {
            json_object_set_new(doc, *f, json_string(v));
        }
    }
}

int web_page_form_post(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    bool is_new = id == NULL;
    json_t *doc = NULL, *raw = json_object();
    qiao_err e = {0};
    if (is_new) {
        doc = json_object();
    } else {
        model_record r = {0};
        int rc = store_get(web_w(rq)->st, k, id, &r, &e);
        if (rc < 0) {
            json_decref(raw);
            return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
        }
        doc = json_deep_copy(r.doc);
        model_record_clear(&r);
        json_object_del(doc, "kind");
    }
    model_errors errs = {0};
    apply_form(rq, k, doc, raw, &errs);
    int rc;
    char saved[MODEL_KEY_MAX];
    if (errs.n) {
        /* the other fields' errors too, in one go (the id is the server's) */
        json_t *check = json_deep_copy(doc);
        if (is_new)
            json_object_set_new(check, "id", json_string("new"));
        model_record r = {0};
        model_errors more = {0};
        model_from_json_kind(k, check, &r, &more);
        for (size_t i = 0; i < more.n; i++) {
            const model_error *x = &more.v[i];
            char top[64];
            snprintf(top, sizeof top, "%.*s", (int)strcspn(x->field, "[."), x->field);
            if (json_object_get(raw, top) || !strcmp(top, "org"))
                continue;      /* already said, with what was typed */
            model_errors_addc(&errs, k, x->field, x->code, NULL, "%s", x->reason);
            snprintf(errs.v[errs.n - 1].msg, sizeof errs.v[0].msg, "%s", x->msg);
        }
        if (is_new && !json_object_get(raw, "deadline")) {
            model_record unchecked = {.kind = k, .doc = check};
            model_check_new(&unchecked, (long long)time(NULL), &errs);
        }
        model_errors_clear(&more);
        model_record_clear(&r);
        json_decref(check);
        rc = QIAO_EINVAL;
    } else {
        rc = web_save_record_as(rq, k, doc, is_new, id, saved, &errs, &e);
    }
    if (rc == 0) {
        buf loc = {0};
        buf_printf(&loc, "%s/", k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands");
        web_url_arg(&loc, saved);
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
        buf_free(&loc);
    } else {
        rs->status = rc == QIAO_EINVAL ? 422 : web_status_of(rc);
        bool said = false;
        for (size_t i = 0; i < errs.n; i++)
            said |= e.field[0] && !strcmp(errs.v[i].field, e.field);
        const char *msg = rc == QIAO_EINVAL || said ? NULL
                        : rc == QIAO_EPERM ? "你的账号不能修改这条记录。"
                        : "保存没有成功，请稍后再试。";
        render(rq, rs, k, doc, raw, &errs, msg, is_new, id);
    }
    model_errors_clear(&errs);
    json_decref(raw);
    json_decref(doc);
    return 0;
}

/* GET …/withdraw, …/close: what withdrawing or closing does, and a button
 * (danger style) that posts it; 返回 goes back to the record. */
int web_page_status_confirm(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    bool ach = k == MODEL_ACHIEVEMENT;
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    if (!web_may_edit(rq, k, model_str(&r, "org"))) {
        model_record_clear(&r);
        return web_fail(rq, rs, 403, "forbidden", NULL, "%s",
                        ach ? "只有成果所属单位的账号可以撤回这项成果。"
                            : "只有需求所属单位的账号可以关闭这项需求。");
    }
    buf *b = &rs->body;
    web_page_begin(rq, rs, ach ? "撤回成果" : "关闭需求");
    buf_printf(b, "<h1>%s</h1><p>", ach ? "确认撤回这项成果？" : "确认关闭这项需求？");
    web_html_text(b, model_str(&r, "title"));
    buf_printf(b, "</p><p>%s</p><form method=\"post\" action=\"%s/",
               ach ? "撤回后，成果不再出现在列表、搜索和匹配中，进行中的合作意向随之关闭，"
                     "对方会收到通知。之后可以修改成果并重新发布。"
                   : "关闭后，需求不再征集，不再出现在匹配中，进行中的合作意向随之关闭，"
                     "对方会收到通知。之后可以修改需求并重新开放。", base);
    web_url_arg(b, id);
    buf_printf(b, "/%s\">", ach ? "withdraw" : "close");
    web_csrf_input(rq, rs);
    buf_printf(b, "<p><button type=\"submit\" class=\"danger\" id=\"confirm\">%s</button> "
               "<a href=\"%s/", ach ? "确认撤回" : "确认关闭", base);
    web_url_arg(b, id);
    buf_puts(b, "\">返回，不做改动</a></p></form>");
    model_record_clear(&r);
    web_page_end(rq, rs);
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
        const char *m = errs.n ? model_error_text(&errs.v[0]) : e.msg;
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
