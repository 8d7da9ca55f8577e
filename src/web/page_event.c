/* web/page_event.c — GET /events/{id}: the public event page (title, type,
 * dates in Beijing time, venue, organisers, chains, capacity and how many
 * registered, the meeting set-up) and, for a signed-in account, its panel:
 * registration with availability by slot, whom to meet (event_suggest, with
 * reasons), a request form, incoming requests to accept or decline, its
 * meetings and agenda; for staff the organiser's panel. The POST handlers of
 * page_event_act.c show their errors on this page (web_ev_page_error). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/events.h"
#include "web/pages.h"

typedef struct evctx {
    web_req *rq;
    web_resp *rs;
    buf *b;
    model_record ev;
    web_ev_me me;
    json_t *regs, *reqs;
    const char *as;            /* the party shown, or NULL */
    const char *section;       /* the form an error belongs to, or NULL */
    const qiao_err *err;
    int slots;
    bool past;                 /* the event has ended: nothing on the page changes it */
} evctx;

/* The error of the form `section` about `field` (or a sub-field of it). */
static void ferr(evctx *c, const char *section, const char *field)
{
    if (!c->err || !c->section || strcmp(c->section, section) != 0)
        return;
    size_t n = strlen(field);
    const char *f = c->err->field;
    if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '[' || f[n] == '.')) {
        buf_printf(c->b, "<span class=\"field-error\" id=\"err-%s-%s\">", section, field);
        web_html_text(c->b, c->err->msg);
        buf_puts(c->b, "</span>");
    }
}

static const char *fval(evctx *c, const char *section, const char *name)
{
    if (!c->err || !c->section || strcmp(c->section, section) != 0)
        return NULL;
    return web_form(c->rq, name);
}

static json_t *reg_of(evctx *c, const char *who)
{
    size_t i;
    json_t *r;
    json_array_foreach(c->regs, i, r)
        if (!strcmp(json_string_value(json_object_get(r, "who")), who))
            return r;
    return NULL;
}

static void name_of(evctx *c, const char *id)
{
    buf n = {0};
    web_ev_party_name(c->rq, id, &n);
    web_html_text(c->b, buf_cstr(&n));
    buf_free(&n);
}

static void hidden(buf *b, const char *name, const char *value)
{
    buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
    web_html_attr(b, value);
    buf_puts(b, "\">");
}

static void form_open(evctx *c, const char *action, const char *cls)
{
    buf_printf(c->b, "<form class=\"%s\" method=\"post\" action=\"/events/", cls);
    web_url_arg(c->b, c->ev.key);
    buf_printf(c->b, "/%s\">", action);
    web_csrf_input(c->rq, c->rs);
}

/* ---- the event itself ---- */

static void facts(evctx *c)
{
    buf *b = c->b;
    const json_t *d = c->ev.doc;
    buf_puts(b, "<dl>");
    buf_printf(b, "<dt>类型</dt><dd class=\"f-type\">%s</dd>",
               web_ev_type_label(model_str(&c->ev, "type")));
    buf_puts(b, "<dt>时间</dt><dd class=\"f-starts\">");
    web_ev_when(b, model_str(&c->ev, "starts"));
    if (*model_str(&c->ev, "ends")) {
        buf_puts(b, " 至 ");
        web_ev_when(b, model_str(&c->ev, "ends"));
    }
    buf_puts(b, "（北京时间）</dd>");
    if (*model_str(&c->ev, "venue")) {
        buf_puts(b, "<dt>地点</dt><dd class=\"f-venue\">");
        web_html_text(b, model_str(&c->ev, "venue"));
        buf_puts(b, "</dd>");
    }
    size_t i;
    json_t *x;
    if (json_array_size(json_object_get(d, "organisers"))) {
        buf_puts(b, "<dt>主办单位</dt><dd class=\"f-organisers\">");
        json_array_foreach(json_object_get(d, "organisers"), i, x) {
            char *n = web_org_name(c->rq, json_string_value(x));
            buf_puts(b, i ? "、" : "");
            web_html_text(b, n);
            free(n);
        }
        buf_puts(b, "</dd>");
    }
    if (json_array_size(json_object_get(d, "chains"))) {
        buf_puts(b, "<dt>产业链</dt><dd class=\"f-chains\">");
        web_html_value(b, json_object_get(d, "chains"));
        buf_puts(b, "</dd>");
    }
    int confirmed = 0, waiting = 0;
    json_array_foreach(c->regs, i, x)
        json_is_true(json_object_get(x, "waitlisted")) ? waiting++ : confirmed++;
    buf_printf(b, "<dt>报名</dt><dd class=\"f-capacity\">已报名 <strong id=\"registered\">%d</strong>",
               confirmed);
    if (json_is_integer(json_object_get(d, "capacity")))
        buf_printf(b, " / 名额 %lld", (long long)json_integer_value(json_object_get(d, "capacity")));
    if (waiting)
        buf_printf(b, "，候补 %d", waiting);
    buf_puts(b, "</dd>");
    if (*model_str(&c->ev, "registration_deadline")) {
        buf_puts(b, "<dt>报名截止</dt><dd>");
        web_ev_when(b, model_str(&c->ev, "registration_deadline"));
        buf_puts(b, "</dd>");
    }
    /* the meeting set-up */
    json_t *mins = json_object_get(d, "slot_minutes"), *tables = json_object_get(d, "tables");
    if (c->slots || json_is_integer(tables)) {
        buf_puts(b, "<dt>一对一会谈</dt><dd class=\"f-setup\">");
        if (c->slots) {
            char t1[32], t2[32];
            web_ev_slot_time(&c->ev, 1, t1);
            web_ev_slot_time(&c->ev, c->slots, t2);
            buf_printf(b, "%d 个时段", c->slots);
            if (json_is_integer(mins))
                buf_printf(b, "（每段 %lld 分钟，%.5s 至 %s）", (long long)json_integer_value(mins),
                           t1, *t2 ? strstr(t2, "–") + 3 : "");
        }
        if (json_is_integer(tables))
            buf_printf(b, "，%lld 张洽谈桌", (long long)json_integer_value(tables));
        if (json_is_integer(json_object_get(d, "max_requests")))
            buf_printf(b, "；每方最多发出 %lld 个邀约",
                       (long long)json_integer_value(json_object_get(d, "max_requests")));
        if (json_is_integer(json_object_get(d, "max_meetings")))
            buf_printf(b, "；每方最多 %lld 场会谈",
                       (long long)json_integer_value(json_object_get(d, "max_meetings")));
        if (*model_str(&c->ev, "requests_deadline")) {
            buf_puts(b, "；邀约截止 ");
            web_ev_when(b, model_str(&c->ev, "requests_deadline"));
        }
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "</dl>");
}

/* ---- registration ---- */

static void availability(evctx *c, const json_t *reg)
{
    if (!c->slots)
        return;
    buf *b = c->b;
    const json_t *av = reg ? json_object_get(reg, "availability") : NULL;
    buf_puts(b, "<fieldset class=\"slots\"><legend>可参加的时段</legend>");
    for (int s = 1; s <= c->slots; s++) {
        bool on = !av;
        size_t i;
        json_t *x;
        json_array_foreach(av, i, x)
            on |= json_integer_value(x) == s;
        char t[32];
        web_ev_slot_time(&c->ev, s, t);
        buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"slot\" value=\"%d\"%s>"
                   " 第%d段%s%s</label>", s, on ? " checked" : "", s, *t ? " " : "", t);
    }
    buf_puts(b, "</fieldset>");
    ferr(c, "register", "availability");
}

static void registration(evctx *c)
{
    buf *b = c->b;
    buf_puts(b, "<section class=\"panel\" id=\"register\"><h2>报名</h2>");
    if (!c->rq->signed_in) {
        buf_puts(b, "<p><a class=\"button\" href=\"/login?next=/events/");
        web_url_arg(b, c->ev.key);
        buf_puts(b, "\">登录后报名</a></p></section>");
        return;
    }
    const json_t *reg = c->as ? reg_of(c, c->as) : NULL;
    if (reg) {
        buf_puts(b, "<p class=\"reg-status\" id=\"reg-status\">");
        name_of(c, c->as);
        int pos = web_ev_wait_position(c->regs, c->as);
        if (pos)
            buf_printf(b, " 在候补名单上（第 %d 位）：有人退出或名额增加时按顺序转为正式报名。</p>", pos);
        else
            buf_puts(b, " 已报名。</p>");
        form_open(c, "register", "event-form");
        hidden(b, "who", c->as);
        availability(c, reg);
        ferr(c, "register", "who");
        if (c->slots)
            buf_puts(b, "<p><button type=\"submit\" id=\"update-availability\">更新时段</button></p>");
        buf_puts(b, "</form>");
        form_open(c, "unregister", "inline");
        hidden(b, "who", c->as);
        buf_puts(b, "<button type=\"submit\" class=\"secondary\" id=\"unregister\">退出报名</button>"
                    "</form></section>");
        return;
    }
    if (!c->me.staff && !*c->me.person && !*c->me.org) {
        buf_puts(b, "<p class=\"empty\">你的账号没有关联单位或个人，不能报名；请联系管理员。</p></section>");
        return;
    }
    form_open(c, "register", "event-form");
    buf_puts(b, "<label for=\"reg-who\">报名身份</label>");
    const char *want = fval(c, "register", "who");
    if (!want)
        want = c->as;
    if (c->me.staff) {
        /* staff register anyone: picked by name (the handler resolves it) */
        buf_puts(b, "<input id=\"reg-who\" name=\"who\" required list=\"reg-who-list\" "
                    "autocomplete=\"off\" placeholder=\"输入姓名或单位名称，从列表中选择\" value=\"");
        char *name = want && *want ? web_record_name(c->rq, MODEL_PERSON, want) : NULL;
        if (name && !strcmp(name, want)) {
            free(name);
            name = web_record_name(c->rq, MODEL_ORG, want);
        }
        web_html_attr(b, name ? name : "");
        free(name);
        buf_puts(b, "\">");
        web_pick_datalist(c->rq, b, 1u << MODEL_PERSON | 1u << MODEL_ORG, "reg-who-list");
    } else {
        buf_puts(b, "<select id=\"reg-who\" name=\"who\">");
        const char *opts[2] = {c->me.person, c->me.org};
        for (int i = 0; i < 2; i++) {
            if (!*opts[i])
                continue;
            buf_puts(b, "<option value=\"");
            web_html_attr(b, opts[i]);
            buf_printf(b, "\"%s>%s：", want && !strcmp(want, opts[i]) ? " selected" : "",
                       i == 0 ? "本人" : "本单位");
            name_of(c, opts[i]);
            buf_puts(b, "</option>");
        }
        buf_puts(b, "</select>");
    }
    ferr(c, "register", "who");
    ferr(c, "register", "event");
    ferr(c, "register", "role");
    ferr(c, "register", "registration_deadline");
    availability(c, NULL);
    if (c->me.staff)
        buf_puts(b, "<label class=\"check\"><input type=\"checkbox\" name=\"late\" value=\"1\"> "
                    "截止后现场报名</label>");
    buf_puts(b, "<p><button type=\"submit\" id=\"register-submit\">报名参加</button></p></form></section>");
}

/* ---- the party's requests and meetings ---- */

static bool confirmed(evctx *c, const char *who)
{
    const json_t *r = reg_of(c, who);
    return r && !json_is_true(json_object_get(r, "waitlisted"));
}

static void priority_select(buf *b, const char *id, const char *cur)
{
    buf_printf(b, "<select id=\"%s\" name=\"priority\">", id);
    static const char *const names[] = {"一般", "重要", "非常重要"};
    for (int p = 1; p <= 3; p++)
        buf_printf(b, "<option value=\"%d\"%s>%s</option>", p,
                   cur && atoi(cur) == p ? " selected" : "", names[p - 1]);
    buf_puts(b, "</select>");
}

static void suggestions(evctx *c)
{
    buf *b = c->b;
    web_app *app = c->rq->cfg->app;
    buf_puts(b, "<section class=\"panel\" id=\"suggestions\"><h2>推荐会谈对象</h2>");
    if (!app || !index_ready(app->idx)) {
        buf_puts(b, "<p class=\"empty\">匹配索引不可用，暂无推荐。</p></section>");
        return;
    }
    event_suggestions l = {0};
    qiao_err e = {0};
    match_index *ix = index_read(app->idx);
    int rc = event_suggest(web_w(c->rq)->st, ix, &c->me.actor, c->ev.key, c->as, 5, &l, &e);
    index_read_end(app->idx);
    if (rc < 0) {
        buf_puts(b, "<p class=\"error\">");
        web_html_text(b, e.msg);
        buf_puts(b, "</p></section>");
        return;
    }
    if (!l.n)
        buf_puts(b, "<p class=\"empty\">暂无推荐：其他参会方中没有与你的成果、需求或专长相匹配的。</p>");
    buf_puts(b, "<ol class=\"records suggestions\">");
    for (size_t i = 0; i < l.n; i++) {
        const event_suggestion *s = &l.v[i];
        buf_puts(b, "<li><h3>");
        web_html_text(b, s->name);
        buf_printf(b, "</h3><p class=\"meta\">匹配程度：%s（%d/100）</p><ul class=\"why\">",
                   match_level_label(s->level), s->level);
        for (size_t j = 0; j < s->nreasons; j++) {
            buf_puts(b, "<li>你的");
            web_ev_reason_html(b, s->reasons[j].mine);
            buf_puts(b, " ↔ 对方的");
            web_ev_reason_html(b, s->reasons[j].theirs);
            if (*s->reasons[j].why) {
                buf_puts(b, "：");
                web_ev_why_html(b, s->reasons[j].why);
            }
            buf_puts(b, "</li>");
        }
        buf_puts(b, "</ul>");
        form_open(c, "requests", "event-form compact");
        hidden(b, "from", c->as);
        hidden(b, "to", s->who);
        buf_printf(b, "<label for=\"sg-msg-%zu\">留言</label><textarea id=\"sg-msg-%zu\" "
                   "name=\"message\" rows=\"2\" maxlength=\"2000\"></textarea>"
                   "<label for=\"sg-pri-%zu\">优先级</label>", i, i, i);
        char id[32];
        snprintf(id, sizeof id, "sg-pri-%zu", i);
        priority_select(b, id, NULL);
        buf_puts(b, " <button type=\"submit\">发出会谈邀约</button></form></li>");
    }
    buf_puts(b, "</ol></section>");
    event_suggestions_free(&l);
}

static void request_form(evctx *c)
{
    buf *b = c->b;
    buf_puts(b, "<section class=\"panel\" id=\"request\"><h2>发出会谈邀约</h2>");
    form_open(c, "requests", "event-form");
    hidden(b, "from", c->as);
    ferr(c, "request", "from");
    const char *to = fval(c, "request", "to");
    buf_puts(b, "<label for=\"req-to\">会谈对象</label><select id=\"req-to\" name=\"to\" required>"
                "<option value=\"\">—</option>");
    size_t i;
    json_t *r;
    json_array_foreach(c->regs, i, r) {
        const char *who = json_string_value(json_object_get(r, "who"));
        if (!strcmp(who, c->as) || json_is_true(json_object_get(r, "waitlisted")))
            continue;
        buf_puts(b, "<option value=\"");
        web_html_attr(b, who);
        buf_printf(b, "\"%s>", to && !strcmp(to, who) ? " selected" : "");
        name_of(c, who);
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select>");
    ferr(c, "request", "to");
    ferr(c, "request", "event");
    buf_puts(b, "<label for=\"req-message\">留言</label><textarea id=\"req-message\" name=\"message\" "
                "rows=\"3\" maxlength=\"2000\">");
    web_html_text(b, fval(c, "request", "message"));
    buf_puts(b, "</textarea>");
    ferr(c, "request", "message");
    buf_puts(b, "<label for=\"req-priority\">优先级</label>");
    priority_select(b, "req-priority", fval(c, "request", "priority"));
    ferr(c, "request", "priority");
    ferr(c, "request", "max_requests");
    ferr(c, "request", "requests_deadline");
    buf_puts(b, "<p><button type=\"submit\" id=\"request-submit\">发出邀约</button></p></form></section>");
}

/* A link to the confirmation page of declining or cancelling (page_event_act.c). */
static void confirm_link(evctx *c, const char *action, const char *key, const char *label)
{
    buf_puts(c->b, " <a class=\"button danger\" href=\"/events/");
    web_url_arg(c->b, c->ev.key);
    buf_printf(c->b, "/%s?request=", action);
    web_url_arg(c->b, key ? key : "");
    if (c->as && *c->as) {
        buf_puts(c->b, "&amp;as=");
        web_url_arg(c->b, c->as);
    }
    buf_printf(c->b, "\">%s</a>", label);
}

static void answer_forms(evctx *c, const char *key)
{
    buf *b = c->b;
    form_open(c, "accept", "inline");
    hidden(b, "request", key);
    hidden(b, "as", c->as);
    buf_puts(b, "<button type=\"submit\" class=\"accept\">接受</button></form>");
    confirm_link(c, "decline", key, "婉拒");     /* asks first, on a page of its own */
    const char *sent = web_form(c->rq, "request");
    if (c->err && c->section && !strcmp(c->section, "answer") && sent && !strcmp(sent, key)) {
        buf_puts(b, "<span class=\"field-error\" id=\"err-answer\">");
        web_html_text(b, c->err->msg);
        buf_puts(b, "</span>");
    }
}

static void requests(evctx *c)
{
    buf *b = c->b;
    size_t i, nin = 0, nmine = 0;
    json_t *r;
    buf_puts(b, "<section class=\"panel\" id=\"incoming\"><h2>收到的会谈邀约</h2><ul class=\"records\">");
    json_array_foreach(c->reqs, i, r) {
        const char *to = json_string_value(json_object_get(r, "to"));
        const char *st = json_string_value(json_object_get(r, "status"));
        if (strcmp(to, c->as) != 0 || (st && strcmp(st, "pending") != 0))
            continue;
        const char *key = json_string_value(json_object_get(r, "key"));
        nin++;
        buf_puts(b, "<li class=\"incoming\"><h3>");
        name_of(c, json_string_value(json_object_get(r, "from")));
        buf_printf(b, "</h3><p class=\"meta\">优先级：%s</p>",
                   web_ev_priority_label(json_integer_value(json_object_get(r, "priority"))));
        const char *msg = json_string_value(json_object_get(r, "message"));
        if (msg && *msg) {
            buf_puts(b, "<p class=\"message\">");
            web_html_text(b, msg);
            buf_puts(b, "</p>");
        }
        answer_forms(c, key);
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
    if (!nin)
        buf_puts(b, "<p class=\"empty\">暂无待答复的邀约。</p>");
    buf_puts(b, "</section><section class=\"panel\" id=\"mine\"><h2>我的邀约与会谈</h2>");
    buf rows = {0}, *body = b;
    c->b = b = &rows;   /* the rows first: no table when there are none */
    json_array_foreach(c->reqs, i, r) {
        const char *from = json_string_value(json_object_get(r, "from"));
        const char *to = json_string_value(json_object_get(r, "to"));
        const char *st = json_string_value(json_object_get(r, "status"));
        bool out = !strcmp(from, c->as);
        if (!out && strcmp(to, c->as) != 0)
            continue;
        if (!out && (!st || !strcmp(st, "pending")))
            continue;   /* listed above */
        nmine++;
        buf_puts(b, "<tr><td data-label=\"对象\">");
        name_of(c, out ? to : from);
        buf_printf(b, "</td><td data-label=\"方向\">%s</td><td data-label=\"状态\" class=\"st-%s\">%s",
                   out ? "发出" : "收到",
                   st ? st : "pending", web_ev_status_label(st));
        const char *why = json_string_value(json_object_get(r, "reason"));
        if (why && *why) {
            buf_puts(b, "（");
            web_html_text(b, why);
            buf_puts(b, "）");
        }
        buf_puts(b, "</td><td data-label=\"时段 / 桌号\">");
        json_t *slot = json_object_get(r, "slot"), *table = json_object_get(r, "table");
        if (json_is_integer(slot)) {
            char t[32];
            web_ev_slot_time(&c->ev, (int)json_integer_value(slot), t);
            buf_printf(b, "第%lld段 %s", (long long)json_integer_value(slot), t);
            if (json_is_integer(table))
                buf_printf(b, " · 第%lld桌", (long long)json_integer_value(table));
        }
        buf_puts(b, "</td><td class=\"act\">");
        if (!st || !strcmp(st, "pending") || !strcmp(st, "accepted")) {
            confirm_link(c, "cancel", json_string_value(json_object_get(r, "key")), "取消");
        }
        buf_puts(b, "</td></tr>");
    }
    c->b = b = body;
    if (nmine)
        buf_printf(b, "<table class=\"grid cards\"><thead><tr><th>对象</th><th>方向</th><th>状态</th>"
                   "<th>时段 / 桌号</th><th></th></tr></thead><tbody>%s</tbody></table>",
                   buf_cstr(&rows));
    else
        buf_puts(b, "<p class=\"empty\">还没有发出的邀约或已答复的会谈。</p>");
    buf_free(&rows);
    if (c->err && c->section && !strcmp(c->section, "cancel")) {
        buf_puts(b, "<p class=\"field-error\" id=\"err-cancel\">");
        web_html_text(b, c->err->msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<p class=\"actions\"><a class=\"button\" id=\"agenda-link\" href=\"/events/");
    web_url_arg(b, c->ev.key);
    buf_puts(b, "/agenda?who=");
    web_url_arg(b, c->as);
    buf_puts(b, "\">我的会谈日程</a><a class=\"button secondary\" href=\"/events/");
    web_url_arg(b, c->ev.key);
    buf_puts(b, "/agenda.ics?who=");
    web_url_arg(b, c->as);
    buf_puts(b, "\">下载日历 (ICS)</a></p></section>");
}

/* ---- the page ---- */

static const char *notice(const char *done)
{
    static const char *const t[][2] = {
        {"created", "活动已创建。"}, {"saved", "活动已保存。"}, {"registered", "报名成功。"},
        {"waitlisted", "名额已满，已加入候补名单。"}, {"updated", "可参加的时段已更新。"},
        {"withdrawn", "已退出报名。"}, {"requested", "会谈邀约已发出，等待对方答复。"},
        {"accepted", "已接受邀约。"}, {"declined", "已婉拒邀约。"}, {"cancelled", "已取消。"},
    };
    for (size_t i = 0; done && i < sizeof t / sizeof *t; i++)
        if (!strcmp(t[i][0], done))
            return t[i][1];
    return NULL;
}

static const char *choose_as(evctx *c, const char *want)
{
    if (want && *want && web_ev_speaks(&c->me, want))
        return want;
    if (c->me.staff || !c->rq->signed_in)
        return NULL;
    const char *opts[2] = {c->me.person, c->me.org};
    for (int i = 0; i < 2; i++)
        if (*opts[i] && reg_of(c, opts[i]))
            return opts[i];
    return *c->me.person ? c->me.person : *c->me.org ? c->me.org : NULL;
}

static int render(web_req *rq, web_resp *rs, const char *want_as, const char *section,
                  const qiao_err *err)
{
    evctx c = {.rq = rq, .rs = rs, .b = &rs->body, .section = section, .err = err};
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &c.ev, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    web_ev_me_init(rq, &c.me);
    c.regs = web_ev_records(rq, MODEL_REGISTRATION, id);
    c.reqs = web_ev_records(rq, MODEL_MEETING_REQUEST, id);
    c.slots = (int)json_integer_value(json_object_get(c.ev.doc, "slots"));
    c.as = choose_as(&c, want_as);
    c.past = web_ev_is_past(&c.ev);
    buf *b = c.b;
    web_page_begin(rq, rs, model_str(&c.ev, "title"));
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\">"
                "<article class=\"record event\"><p class=\"meta\"><a href=\"/events\">活动</a></p><h1>");
    web_html_text(b, model_str(&c.ev, "title"));
    buf_puts(b, "</h1>");
    const char *msg = notice(web_param(rq, "done"));
    if (msg && !err)
        buf_printf(b, "<p class=\"notice\" role=\"status\" id=\"notice\">%s</p>", msg);
    if (err) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"event-error\">");
        web_html_text(b, err->msg);
        buf_puts(b, "</p>");
    }
    if (c.past)
        buf_puts(b, "<p class=\"notice past\" id=\"past-note\">活动已结束，本页仅供查阅：报名、邀约和会谈日程都不能再更改。</p>");
    facts(&c);
    buf_puts(b, "</article>");
    if (c.me.staff && want_as && c.as) {
        buf_puts(b, "<p class=\"meta\">以下以 ");
        name_of(&c, c.as);
        buf_puts(b, " 的身份查看（组织者代办）。</p>");
    }
    if (!c.past)
        registration(&c);
    if (!c.past && c.as && confirmed(&c, c.as)) {
        requests(&c);
        suggestions(&c);
        request_form(&c);
    } else if (c.past && c.as && reg_of(&c, c.as)) {
        buf_puts(b, "<p class=\"actions\"><a class=\"button\" id=\"agenda-link\" href=\"/events/");
        web_url_arg(b, c.ev.key);
        buf_puts(b, "/agenda?who=");
        web_url_arg(b, c.as);
        buf_puts(b, "\">会谈日程</a></p>");
    }
    if (c.me.staff)
        web_ev_panel(rq, rs, &c.ev, c.regs, c.reqs, c.past,
                     err && section && !strcmp(section, "timetable") ? err : NULL);
    web_page_end(rq, rs);
    json_decref(c.regs);
    json_decref(c.reqs);
    model_record_clear(&c.ev);
    return 0;
}

int web_page_event(web_req *rq, web_resp *rs)
{
    return render(rq, rs, web_param(rq, "as"), NULL, NULL);
}

int web_ev_page_error(web_req *rq, web_resp *rs, const char *section, const qiao_err *e0)
{
    qiao_err zh = *e0, *e = &zh;
    web_ev_msg_zh(rq, web_param(rq, "id"), e);
    rs->status = web_status_of(e->code);
    const char *as = web_form(rq, "as");
    if (!as || !*as)
        as = !strcmp(section, "request") ? web_form(rq, "from") : web_form(rq, "who");
    int rc = render(rq, rs, as, section, e);
    if (rs->status < 400)
        rs->status = web_status_of(e->code);
    return rc;
}
