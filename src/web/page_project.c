/* web/page_project.c — cooperation projects (src/project): GET /projects (the
 * projects the visitor takes part in; every one for staff), GET
 * /projects/{id} (stages, parties, milestones, the dated and attributed
 * history, and the advance form), POST /projects/{id}/advance, and POST
 * /projects/new (the "start a project from this match" button).
 *
 * Only staff and the project's parties see a project: a user is a party when
 * their org is one of the parties, or the org of a person who is. Everyone
 * else gets 404, as if the project did not exist. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "model/input.h"
#include "web/pages.h"

bool web_is_party(web_req *rq, const json_t *project)
{
    if (!rq->signed_in || !*rq->user.org)
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(project, "parties"), i, v) {
        const char *id = json_string_value(v);
        if (!id)
            continue;
        if (strcmp(id, rq->user.org) == 0)
            return true;
        model_record p = {0};
        if (store_get(web_w(rq)->st, MODEL_PERSON, id, &p, NULL) == 0) {
            bool same = strcmp(model_str(&p, "org"), rq->user.org) == 0;
            model_record_clear(&p);
            if (same)
                return true;
        }
    }
    return false;
}

static bool may_see(web_req *rq, const json_t *project)
{
    return web_is_staff(rq) || web_is_party(rq, project);
}

static const char *jstr(const json_t *d, const char *f)
{
    const char *s = json_string_value(json_object_get(d, f));
    return s ? s : "";
}

/* ---- a match's project ---- */

bool web_project_of_pair(web_req *rq, const char *ach, const char *dem, char out[MODEL_KEY_MAX])
{
    qiao_err e = {0};
    int rc = store_project_of_pair(web_w(rq)->st, ach, dem, out, &e);
    if (rc < 0)
        fprintf(stderr, "qiao serve: %s\n", e.msg);
    return rc > 0;
}

/* ---- the list ---- */

typedef struct list_ctx {
    web_req *rq;
    json_t *items;
} list_ctx;

static int collect(const model_record *r, void *ud)
{
    list_ctx *c = ud;
    if (may_see(c->rq, r->doc))
        json_array_append(c->items, r->doc);
    return 0;
}

/* Staff: every project; a party: those of its org (by index, store_projects_of_org);
 * anyone else: none. */
int web_projects_visible(web_req *rq, json_t **out, qiao_err *e)
{
    list_ctx c = {rq, json_array()};
    int rc = web_is_staff(rq) ? store_scan(web_w(rq)->st, MODEL_PROJECT, collect, &c, e)
             : rq->signed_in && *rq->user.org
                 ? store_projects_of_org(web_w(rq)->st, rq->user.org, collect, &c, e) : 0;
    if (rc < 0) {
        json_decref(c.items);
        return rc;
    }
    *out = c.items;
    return 0;
}

void web_project_item(web_req *rq, buf *b, const json_t *p)
{
    buf_puts(b, "<li><h3><a href=\"/projects/");
    web_url_arg(b, jstr(p, "id"));
    buf_puts(b, "\">");
    web_project_title(rq, b, p);
    buf_printf(b, "</a> <span class=\"stage stage-%s\">%s</span></h3><p class=\"meta\">",
               *jstr(p, "stage") ? jstr(p, "stage") : "contact", web_stage_label(jstr(p, "stage")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(p, "parties"), i, v) {
        if (i)
            buf_puts(b, "、");
        web_party_link(rq, b, json_string_value(v));
    }
    buf_puts(b, "</p></li>");
}

int web_page_projects(web_req *rq, web_resp *rs)
{
    json_t *items = NULL;
    qiao_err e = {0};
    if (web_projects_visible(rq, &items, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "合作项目");
    buf_printf(b, "<h1>合作项目</h1><p class=\"count\">%s共 %zu 个</p><ul class=\"records\">",
               web_is_staff(rq) ? "全部项目，" : "你所在单位参与的项目，", json_array_size(items));
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
        web_project_item(rq, b, p);
    buf_puts(b, "</ul>");
    json_decref(items);
    web_page_end(rq, rs);
    return 0;
}

/* ---- one project ---- */

typedef struct history_ctx {
    web_req *rq;
    buf *b;
} history_ctx;

static int history_row(const store_history *h, void *ud)
{
    history_ctx *c = ud;
    buf *b = c->b;
    buf_puts(b, "<tr><td data-label=\"时间\">");
    web_show_minute(b, h->at);
    buf_puts(b, "</td><td data-label=\"阶段\">");
    if (*h->from && strcmp(h->from, h->to) == 0) {
        buf_puts(b, "提议签约");                 /* project_sign: one party so far */
    } else {
        if (*h->from) {
            web_html_text(b, web_stage_label(h->from));
            buf_puts(b, " → ");
        }
        web_html_text(b, web_stage_label(h->to));
    }
    buf_puts(b, "</td><td data-label=\"操作人\">");
    web_html_text(b, *h->by ? h->by : "—");
    buf_puts(b, "</td><td data-label=\"备注\">");
    web_history_note(c->rq, b, h->note);
    buf_puts(b, "</td></tr>");
    return 0;
}

typedef struct form_state {
    const char *to, *signed_on, *mode, *agreement, *amount, *reason, *note;
    const char *field;        /* the field the error is about, or "" */
    const char *msg;          /* the error, or NULL */
} form_state;

static void err_at(buf *b, const form_state *f, const char *field)
{
    if (!f->msg || strcmp(f->field, field) != 0)
        return;
    buf_printf(b, "<span class=\"field-error\" id=\"err-%s\">", field);
    web_html_text(b, f->msg);
    buf_puts(b, "</span>");
}

static void text_input(buf *b, const form_state *f, const char *name, const char *label,
                       const char *type, const char *value, const char *extra)
{
    buf_printf(b, "<label for=\"p-%s\">%s</label><input id=\"p-%s\" name=\"%s\" type=\"%s\"%s "
               "value=\"", name, label, name, name, type, extra);
    web_html_attr(b, value);
    buf_puts(b, "\">");
    err_at(b, f, name);
}

/* The pending signing (project_sign): who proposed it, and what is asked of
 * the visitor — to confirm, or to wait for the other party. */
static void sign_notice(web_req *rq, buf *b, const store_sign *sp)
{
    bool mine = *rq->user.org && strcmp(rq->user.org, sp->party) == 0;
    buf_puts(b, "<p class=\"notice sign-pending\" role=\"status\">");
    web_party_link(rq, b, sp->party);
    buf_puts(b, mine ? " 已提出签约，等待另一方确认后项目进入“已签约”。"
                     : " 已提出签约。核对下面的签约信息后选择“推进到：已签约”并提交，即为确认签约。");
    buf_puts(b, "</p>");
}

static void advance_form(web_req *rq, web_resp *rs, const model_record *r, const form_state *f)
{
    buf *b = &rs->body;
    project_stage cur = project_stage_of(r);
    if (cur == PROJECT_DONE || cur == PROJECT_STOPPED)
        return;
    project_stage next = (project_stage)(cur + 1);
    char today[11];
    project_day_of(project_time_now(), today);
    buf_puts(b, "<section class=\"advance\"><h2>推进项目</h2>");
    if (f->msg && !*f->field) {
        buf_puts(b, "<p class=\"error\" role=\"alert\">");
        web_html_text(b, f->msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form class=\"record-form\" method=\"post\" action=\"/projects/");
    web_url_arg(b, r->key);
    buf_puts(b, "/advance\">");
    web_csrf_input(rq, rs);
    const char *to = f->to ? f->to : project_stage_name(next);
    buf_puts(b, "<label for=\"p-to\">推进到</label><select id=\"p-to\" name=\"to\">");
    project_stage opts[] = {next, PROJECT_STOPPED};
    for (size_t i = 0; i < 2; i++) {
        if (i == 1 && next == PROJECT_STOPPED)
            break;
        const char *n = project_stage_name(opts[i]);
        buf_printf(b, "<option value=\"%s\"%s>%s</option>", n, !strcmp(to, n) ? " selected" : "",
                   web_stage_label(n));
    }
    buf_puts(b, "</select>");
    err_at(b, f, "to");
    err_at(b, f, "stage");
    store_sign sp;
    bool pending = next == PROJECT_SIGNED && project_sign_pending(web_w(rq)->st, r, &sp, NULL) > 0;
    if (pending)
        sign_notice(rq, b, &sp);
    if (next == PROJECT_SIGNED) {
        buf_puts(b, "<fieldset><legend>签约信息（推进到“已签约”时必填；签约需双方确认）</legend>");
        text_input(b, f, "signed_on", "签约日期", "date",
                   f->signed_on ? f->signed_on : pending ? sp.signed_on
                   : *model_str(r, "signed_on") ? model_str(r, "signed_on") : today, "");
        static const char *const modes[] = {"self", "assign", "license", "cooperate", "equity",
                                            "other", NULL};
        const char *mode = f->mode ? f->mode : pending ? sp.mode : model_str(r, "mode");
        buf_puts(b, "<label for=\"p-mode\">转化方式</label><select id=\"p-mode\" name=\"mode\">"
                    "<option value=\"\">—</option>");
        for (int i = 0; modes[i]; i++)
            buf_printf(b, "<option value=\"%s\"%s>%s</option>", modes[i],
                       !strcmp(mode, modes[i]) ? " selected" : "", web_value_label(modes[i]));
        buf_puts(b, "</select>");
        err_at(b, f, "mode");
        text_input(b, f, "agreement", "协议名称", "text",
                   f->agreement ? f->agreement : pending ? sp.agreement : model_str(r, "agreement"),
                   " maxlength=\"200\"");
        char amount[32] = "";
        if (pending && sp.has_amount)
            snprintf(amount, sizeof amount, "%lld", sp.amount);
        text_input(b, f, "amount", "合同金额（如 50万、1.2亿；可不填）", "text",
                   f->amount ? f->amount : amount, "");
        buf_puts(b, "</fieldset>");
    }
    buf_puts(b, "<fieldset><legend>终止原因（终止项目时必填）</legend>");
    buf_puts(b, "<label for=\"p-reason\">原因</label><textarea id=\"p-reason\" name=\"reason\" "
                "rows=\"3\" maxlength=\"2000\">");
    web_html_text(b, f->reason);
    buf_puts(b, "</textarea>");
    err_at(b, f, "stop_reason");
    buf_puts(b, "</fieldset>");
    text_input(b, f, "note", "备注（记入项目历史）", "text", f->note ? f->note : "",
               " maxlength=\"500\"");
    err_at(b, f, "at");
    buf_puts(b, "<p><button type=\"submit\" id=\"advance\">提交</button></p></form></section>");
}

static void render(web_req *rq, web_resp *rs, const model_record *r, const form_state *f)
{
    buf *b = &rs->body;
    const json_t *d = r->doc;
    buf t = {0};
    web_project_title(rq, &t, d);
    web_page_begin(rq, rs, "合作项目");
    buf_puts(b, "<article class=\"record project\"><h1><small>合作项目</small> ");
    buf_append(b, t.p, t.len);
    buf_free(&t);
    buf_puts(b, "</h1><ol class=\"stages\" aria-label=\"项目阶段\">");
    project_stage cur = project_stage_of(r);
    for (int s = PROJECT_CONTACT; s <= PROJECT_DONE; s++) {
        const char *cls = (int)cur == s ? "now" : (cur != PROJECT_STOPPED && s < (int)cur) ||
                          (cur == PROJECT_STOPPED && s == PROJECT_SIGNED && project_reached_signed(r))
                          ? "past" : "";
        buf_printf(b, "<li class=\"%s\"%s>%s</li>", cls,
                   (int)cur == s ? " aria-current=\"step\"" : "",
                   web_stage_label(project_stage_name((project_stage)s)));
    }
    if (cur == PROJECT_STOPPED)
        buf_puts(b, "<li class=\"now stopped\" aria-current=\"step\">已终止</li>");
    buf_puts(b, "</ol><dl><dt>参与方</dt><dd class=\"f-parties\">");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(d, "parties"), i, v) {
        if (i)
            buf_puts(b, "、");
        web_party_link(rq, b, json_string_value(v));
    }
    buf_puts(b, "</dd>");
    static const char *const refs[][3] = {{"achievement", "科技成果", "/achievements/"},
                                          {"demand", "技术需求", "/demands/"}};
    for (size_t k = 0; k < 2; k++) {
        const char *id = jstr(d, refs[k][0]);
        if (!*id)
            continue;
        model_record x = {0};
        model_kind kind = k ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
        buf_printf(b, "<dt>%s</dt><dd class=\"f-%s\"><a href=\"%s", refs[k][1], refs[k][0], refs[k][2]);
        web_url_arg(b, id);
        buf_puts(b, "\">");
        bool found = store_get(web_w(rq)->st, kind, id, &x, NULL) == 0;
        web_html_text(b, !found ? id : web_may_see(rq, &x) ? model_str(&x, "title") : "（未公开）");
        buf_puts(b, "</a></dd>");
        model_record_clear(&x);
    }
    static const char *const fields[][2] = {
        {"event", "对接活动"}, {"mode", "转化方式"}, {"signed_on", "签约日期"},
        {"agreement", "协议"}, {"amount", "合同金额"}, {"stop_reason", "终止原因"},
    };
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        const json_t *x = json_object_get(d, fields[k][0]);
        if (!x)
            continue;
        buf_printf(b, "<dt>%s</dt><dd class=\"f-%s\">", fields[k][1], fields[k][0]);
        model_record ev = {0};
        if (k == 0 && store_get(web_w(rq)->st, MODEL_EVENT, json_string_value(x), &ev, NULL) == 0) {
            web_html_text(b, model_str(&ev, "title"));      /* the event's name, not its id */
            buf_puts(b, "</dd>");
            model_record_clear(&ev);
            continue;
        }
        if (json_is_integer(x) && !strcmp(fields[k][0], "amount"))
            web_show_amount(b, (long long)json_integer_value(x));
        else if (json_is_string(x) && !strcmp(fields[k][0], "signed_on"))
            web_show_when(b, json_string_value(x));
        else
            web_html_value(b, x);
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "</dl>");
    const json_t *ms = json_object_get(d, "milestones");
    if (json_array_size(ms)) {
        buf_puts(b, "<h2>里程碑</h2><table class=\"data cards\"><thead><tr><th scope=\"col\">事项</th>"
                    "<th scope=\"col\">截止</th><th scope=\"col\">完成</th></tr></thead><tbody>");
        json_array_foreach(ms, i, v) {
            buf_puts(b, "<tr><td data-label=\"事项\">");
            web_html_text(b, jstr(v, "title"));
            buf_puts(b, "</td><td data-label=\"截止\">");
            if (*jstr(v, "due"))
                web_show_when(b, jstr(v, "due"));
            else
                buf_puts(b, "—");
            buf_printf(b, "</td><td data-label=\"完成\">%s</td></tr>", json_is_true(json_object_get(v, "done"))
                       ? "已完成" : "未完成");
        }
        buf_puts(b, "</tbody></table>");
    }
    buf_puts(b, "<h2>项目历史</h2><table class=\"data history cards\"><thead><tr><th scope=\"col\">时间"
                "</th><th scope=\"col\">阶段</th><th scope=\"col\">操作人</th><th scope=\"col\">"
                "备注</th></tr></thead><tbody>");
    size_t mark = b->len;
    qiao_err e = {0};
    history_ctx hc = {rq, b};
    if (store_history_scan(web_w(rq)->st, r->key, history_row, &hc, &e) < 0)
        fprintf(stderr, "qiao serve: history of %s: %s\n", r->key, e.msg);
    if (b->len == mark)
        buf_puts(b, "<tr><td colspan=\"4\">暂无记录（项目由导入创建）。</td></tr>");
    buf_puts(b, "</tbody></table></article>");
    advance_form(rq, rs, r, f);
    buf_puts(b, "<p><a href=\"/projects\">← 全部项目</a> · <a href=\"/me\">我的工作台</a></p>");
    web_page_end(rq, rs);
}

/* The project, if the visitor may see it (404 otherwise, already answered). */
static int load(web_req *rq, web_resp *rs, model_record *r)
{
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_PROJECT, id, r, &e);
    if (rc == 0 && !may_see(rq, r->doc)) {
        model_record_clear(r);
        rc = QIAO_ENOTFOUND;
        qiao_errf(&e, rc, "没有找到这个合作项目：它可能已被删除，或者链接有误");
    }
    if (rc < 0)
        web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    return rc;
}

int web_page_project(web_req *rq, web_resp *rs)
{
    model_record r = {0};
    if (load(rq, rs, &r) < 0)
        return 0;
    form_state f = {.field = ""};
    render(rq, rs, &r, &f);
    model_record_clear(&r);
    return 0;
}

static const char *opt(web_req *rq, const char *name)
{
    const char *v = web_form(rq, name);
    return v && *v ? v : NULL;
}

/* Stopping ends a project for good: a page of its own says so, with the
 * reason given, and its button (confirm=1) posts the same form again. */
static void confirm_stop(web_req *rq, web_resp *rs, const model_record *r, const char *reason,
                         const char *note)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "终止合作项目");
    buf_puts(b, "<h1>确认终止这个合作项目？</h1><p>");
    web_project_title(rq, b, r->doc);
    buf_puts(b, "</p><p>终止后项目不能再推进，各参与方会在项目历史中看到终止原因。</p>"
                "<dl class=\"facts\"><dt>终止原因</dt><dd>");
    web_html_text(b, reason);
    buf_puts(b, "</dd></dl><form method=\"post\" action=\"/projects/");
    web_url_arg(b, r->key);
    buf_puts(b, "/advance\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"to\" value=\"stopped\">"
                "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
                "<input type=\"hidden\" name=\"reason\" value=\"");
    web_html_attr(b, reason);
    buf_puts(b, "\">");
    if (note) {
        buf_puts(b, "<input type=\"hidden\" name=\"note\" value=\"");
        web_html_attr(b, note);
        buf_puts(b, "\">");
    }
    buf_puts(b, "<p><button type=\"submit\" class=\"danger\" id=\"confirm\">确认终止</button> "
                "<a href=\"/projects/");
    web_url_arg(b, r->key);
    buf_puts(b, "\">返回，不做改动</a></p></form>");
    web_page_end(rq, rs);
}

int web_page_project_advance_post(web_req *rq, web_resp *rs)
{
    model_record r = {0};
    if (load(rq, rs, &r) < 0)
        return 0;
    form_state f = {.to = opt(rq, "to"), .signed_on = opt(rq, "signed_on"),
                    .mode = opt(rq, "mode"), .agreement = opt(rq, "agreement"),
                    .amount = opt(rq, "amount"), .reason = opt(rq, "reason"),
                    .note = opt(rq, "note"), .field = ""};
    bool sign = f.to && !strcmp(f.to, "signed"), stop = f.to && !strcmp(f.to, "stopped");
    project_advance_req ar = {.id = r.key, .to = f.to, .by = rq->user.login, .note = f.note};
    char msg[1100] = "";
    if (sign) {
        ar.signed_on = f.signed_on;
        ar.mode = f.mode;
        ar.agreement = f.agreement;
        if (f.amount) {
            const char *code;      /* as people write it: 50万, 1.2亿, 300,000 */
            ar.has_amount = 1;
            if (model_amount_parse(f.amount, strlen(f.amount), &ar.amount, &code) < 0) {
                f.field = "amount";
                model_message(MODEL_PROJECT, "amount", code, NULL, msg, sizeof msg);
            }
        }
        static const char *const need[][2] = {{"signed_on", "请填写签约日期"},
                                              {"mode", "请选择转化方式"},
                                              {"agreement", "请填写协议名称"}};
        for (size_t i = 0; i < 3 && !*msg; i++)
            if (!opt(rq, need[i][0]) && !*model_str(&r, need[i][0])) {
                f.field = need[i][0];
                snprintf(msg, sizeof msg, "%s：签约需要日期、转化方式和协议", need[i][1]);
            }
    } else if (stop) {
        ar.reason = f.reason;
        if (!f.reason) {
            f.field = "stop_reason";
            snprintf(msg, sizeof msg, "终止项目需要填写原因");
        }
    }
    if (!*msg && stop && !opt(rq, "confirm")) {
        confirm_stop(rq, rs, &r, f.reason, f.note);
        model_record_clear(&r);
        return 0;
    }
    qiao_err e = {0};
    int pending = 0;
    /* a party's "signed" needs the other party's too (project_sign); staff sign at once */
    const char *party = sign && !web_is_staff(rq) ? rq->user.org : NULL;
    if (!*msg && sign && !web_is_staff(rq) && !web_is_party(rq, r.doc)) {
        f.field = "";
        snprintf(msg, sizeof msg, "只有项目的参与方可以签约。");
        rs->status = 403;
    }
    if (!*msg && project_sign(web_w(rq)->st, &ar, party, &pending, &e) < 0) {
        f.field = e.field;
        snprintf(msg, sizeof msg, "%.1000s", e.msg);
        rs->status = web_status_of(e.code) == 404 ? 404 : e.code == QIAO_ECONFLICT ? 409 : 422;
    }
    if (*msg) {
        if (!rs->status || rs->status == 200)
            rs->status = 422;
        /* the error goes beside its field when the form shows that field */
        bool signing_shown = project_stage_of(&r) + 1 == PROJECT_SIGNED;
        static const char *const known[] = {"to", "stage", "stop_reason", "at", "signed_on",
                                            "mode", "agreement", "amount", NULL};
        bool shown = false;
        for (int i = 0; known[i]; i++)
            shown |= !strcmp(known[i], f.field) && (i < 4 || signing_shown);
        if (!shown)
            f.field = "";
        f.msg = msg;
        render(rq, rs, &r, &f);
    } else {
        buf loc = {0};
        buf_puts(&loc, "/projects/");
        web_url_arg(&loc, r.key);
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
        buf_free(&loc);
    }
    model_record_clear(&r);
    return 0;
}

int web_page_project_new_post(web_req *rq, web_resp *rs)
{
    const char *ach = web_param(rq, "achievement"), *dem = web_param(rq, "demand");
    model_record a = {0}, d = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_ACHIEVEMENT, ach, &a, &e);
    if (rc == 0)
        rc = store_get(web_w(rq)->st, MODEL_DEMAND, dem, &d, &e);
    if (rc < 0) {
        web_fail(rq, rs, rc == QIAO_ENOTFOUND ? 422 : web_status_of(rc), web_code_of(rc),
                 NULL, "%s", e.msg);
        goto out;
    }
    if (!web_may_see(rq, &a) || !web_may_see(rq, &d)) {   /* someone else's draft */
        web_fail(rq, rs, 422, "not_found", NULL, "没有找到这项%s",
                 web_may_see(rq, &a) ? "技术需求" : "科技成果");
        goto out;
    }
    if (!web_may_register_project(rq)) {
        web_fail(rq, rs, 403, "forbidden", NULL,
                 "合作项目要由双方确认后开始：请先在这条匹配上点击“有意向”联系对方，对方接受后，"
                 "在沟通页提议合作项目，对方确认即开始。双方已经商定的项目，可请平台工作人员登记。");
        goto out;
    }
    char existing[MODEL_KEY_MAX];
    if (web_project_of_pair(rq, ach, dem, existing)) {      /* one project per match */
        buf loc = {0};
        buf_puts(&loc, "/projects/");
        web_url_arg(&loc, existing);
        web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
        buf_free(&loc);
        goto out;
    }
    char id[64], hex[STORE_SECRET_HEX], day[11];
    store_random_hex(hex);
    project_day_of(project_time_now(), day);
    snprintf(id, sizeof id, "proj-%.4s%.2s%.2s-%.8s", day, day + 5, day + 8, hex);
    project_start_req sr = {.id = id, .achievement = ach, .demand = dem, .by = rq->user.login,
                            .note = "从匹配列表发起"};
    if ((rc = project_start(web_w(rq)->st, &sr, &e)) < 0) {
        web_fail(rq, rs, rc == QIAO_EINVAL ? 422 : web_status_of(rc), web_code_of(rc),
                 e.field[0] ? e.field : NULL, "%s", e.msg);
        goto out;
    }
    buf loc = {0};
    buf_puts(&loc, "/projects/");
    web_url_arg(&loc, id);
    web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc.p));
    buf_free(&loc);
out:
    model_record_clear(&a);
    model_record_clear(&d);
    return 0;
}
