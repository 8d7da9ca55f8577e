/* web/page_interest.c — interests on the site: my interests (/me/interests),
 * one interest's thread (/interests/{id}: the record, both sides, messages,
 * contacts once accepted, accept / decline / reply / propose a project), and
 * the form posts of interests and 不合适 (web/interests.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/interests.h"

static const char *const kinds[] = {"achievement", "demand", NULL};

const web_pspec web_p_interest_new[] = {
    {.name = "kind", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = kinds, .required = true},
    {.name = "target", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {.name = "via", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64},
    /* the 2,000-character rule is src/interest's (its message is Chinese) */
    {.name = "message", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {.name = "for", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64},
    {0},
};
const web_pspec web_p_interest_id[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = 1000000000000L,
     .required = true, .doc = "the interest's number"},
    {0},
};
const web_pspec web_p_interest_decline[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = 1000000000000L,
     .required = true},
    {.name = "reason", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {0},
};
const web_pspec web_p_interest_message[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = 1000000000000L,
     .required = true},
    {.name = "body", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {0},
};
static const char *const reason_codes[] = {"immature", "benefit", "commercial", "unclear",
                                           "price", "other", NULL};
const web_pspec web_p_dismiss[] = {
    {.name = "kind", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = kinds, .required = true},
    {.name = "target", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {.name = "via", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64},
    {.name = "reason", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = reason_codes,
     .required = true},
    {.name = "note", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {.name = "next", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 300},
    {0},
};
const web_pspec web_p_undismiss[] = {
    {.name = "kind", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = kinds, .required = true},
    {.name = "target", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {.name = "next", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 300},
    {0},
};

interest_actor web_interest_actor(const web_req *rq)
{
    interest_actor a = {.login = rq->user.login, .org = rq->user.org,
                        .staff = web_is_staff(rq)};
    /* the orgs a technology manager acts for (none when the store fails) */
    if (rq->signed_in && rq->worker &&
        interest_actor_load_acts(((web_worker *)rq->worker)->st, &a, NULL) < 0)
        a.nacts = 0;
    return a;
}

bool web_acts_for(web_req *rq, const char *org)
{
    if (!rq->signed_in || !org || !*org || web_is_staff(rq))
        return false;
    if (strcmp(rq->user.org, org) == 0)
        return true;
    return interest_may_act(web_w(rq)->st, rq->user.login, org, NULL) > 0;
}

int web_interest_status(const qiao_err *e)
{
    if (e->code == QIAO_EPERM && strcmp(e->field, "rate") == 0)
        return 429;
    return web_status_of(e->code);
}

void web_interest_when(buf *b, int64_t t)
{
    time_t bj = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&bj, &tm);
    buf_printf(b, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min);
}

static const char *kind_label(const char *kind)
{
    return strcmp(kind, "demand") == 0 ? "需求" : "成果";
}

/* A link to the record an interest is in, with its title. */
static void target_link(web_req *rq, buf *b, const store_interest *i)
{
    model_kind k = strcmp(i->kind, "demand") == 0 ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
    model_record r = {0};
    buf_printf(b, "<a href=\"/%s/", web_kind_plural(k));
    web_url_arg(b, i->target);
    buf_puts(b, "\">");
    if (store_get(web_w(rq)->st, k, i->target, &r, NULL) == 0) {
        web_html_text(b, model_str(&r, "title"));
        model_record_clear(&r);
    } else {
        buf_puts(b, "（已删除的记录）");
    }
    buf_puts(b, "</a>");
}

static void sender_party(web_req *rq, buf *b, const store_interest *i)
{
    if (*i->from_org)
        web_party_link(rq, b, i->from_org);
    else
        web_html_text(b, i->from_login);
}

/* ---- GET /me/interests ---- */

typedef struct list_ctx {
    web_req *rq;
    buf *b;
    size_t n;
    const interest_actor *a;     /* read once per page, not per row */
} list_ctx;

static int list_row(const store_interest *i, void *ud)
{
    list_ctx *c = ud;
    bool sent = !interest_actor_acts_for(c->a, i->to_org);
    buf *b = c->b;
    buf_printf(b, "<li class=\"interest %s\"><span class=\"tag\">%s</span> ", i->status,
               sent ? "我方发出" : "我方收到");
    target_link(c->rq, b, i);
    buf_printf(b, " <span class=\"meta\">%s%s · ", kind_label(i->kind), sent ? " · 对方：" : " · 来自：");
    if (sent)
        web_party_link(c->rq, b, i->to_org);
    else
        sender_party(c->rq, b, i);
    buf_puts(b, " · ");
    web_interest_when(b, i->updated);
    buf_printf(b, "</span> <span class=\"status\">%s</span> <a class=\"open\" href=\"/interests/%lld\">"
               "查看沟通</a></li>", interest_status_label(i->status), (long long)i->id);
    c->n++;
    return 0;
}

int web_page_interests(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "我的合作意向");
    buf_puts(b, "<h1>我的合作意向</h1><p class=\"meta\">在成果、需求页面或匹配列表中点“有意向 / "
                "联系对方”即可发出意向；对方接受后，双方可以看到彼此的联系人。</p>"
                "<ul class=\"records interests\">");
    list_ctx c = {rq, b, 0, &a};
    qiao_err e = {0};
    if (interest_list(web_w(rq)->st, &a, 500, list_row, &c, &e) < 0)
        fprintf(stderr, "qiao serve: interests: %s\n", e.msg);
    if (!c.n)
        buf_puts(b, "<li class=\"empty\">暂无合作意向。</li>");
    buf_puts(b, "</ul><p><a href=\"/me\">← 我的工作台</a></p>");
    web_page_end(rq, rs);
    return 0;
}

/* ---- GET /interests/{id} ---- */

/* An account as people know it: its holder's name, else its login. */
static void account_name(web_req *rq, buf *b, const char *login)
{
    store_user u;
    if (store_user_get(web_w(rq)->st, login, &u, NULL) == 0 && *u.name)
        web_html_text(b, u.name);
    else
        web_html_text(b, login);
}

typedef struct msg_ctx {
    web_req *rq;
    buf *b;
} msg_ctx;

static int msg_row(const store_message *m, void *ud)
{
    msg_ctx *c = ud;
    buf *b = c->b;
    buf_puts(b, "<li><p class=\"meta\">");
    account_name(c->rq, b, m->login);
    buf_puts(b, " · ");
    web_interest_when(b, m->created);
    buf_puts(b, "</p><p class=\"text\">");
    web_html_text(b, m->body);
    buf_puts(b, "</p></li>");
    return 0;
}

static void contact(web_req *rq, buf *b, const char *side_org, const store_user *u)
{
    buf_puts(b, "<li>");
    if (*side_org) {
        web_party_link(rq, b, side_org);
        buf_puts(b, "：");
    }
    web_html_text(b, *u->name ? u->name : u->login);
    buf_puts(b, " · 电话 ");
    web_html_text(b, *u->phone ? u->phone : "未填写");
    buf_puts(b, " · 邮箱 ");
    web_html_text(b, *u->email ? u->email : "未填写");
    buf_puts(b, "</li>");
}

static void action_form(web_req *rq, web_resp *rs, int64_t id, const char *what,
                        const char *button, const char *field, const char *label)
{
    buf *b = &rs->body;
    buf_printf(b, "<form class=\"record-form interest-%s\" method=\"post\" action=\"/interests/"
               "%lld/%s\">", what, (long long)id, what);
    web_csrf_input(rq, rs);
    if (field)
        buf_printf(b, "<label for=\"i-%s\">%s</label><textarea id=\"i-%s\" name=\"%s\" rows=\"3\" "
                   "maxlength=\"2000\" required></textarea>", what, label, what, field);
    buf_printf(b, "<p><button type=\"submit\" id=\"btn-%s\"%s>%s</button></p></form>", what,
               !strcmp(what, "decline") ? " class=\"danger\"" : "", button);
}

/* The side (1 sender's, 2 receiving) of the account that proposed a project. */
static int proposer_side(web_req *rq, const store_interest *i)
{
    store_user u;
    if (store_user_get(web_w(rq)->st, i->proposed_by, &u, NULL) < 0)
        return 0;
    return *u.org && strcmp(u.org, i->to_org) == 0 ? 2 : 1;
}

int web_page_interest(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    int64_t id = web_param_long(rq, "id", 0);
    store_interest i;
    int side;
    qiao_err e = {0};
    if (interest_load(web_w(rq)->st, &a, id, &i, &side, &e) < 0)
        return web_fail(rq, rs, web_interest_status(&e), web_code_of(e.code), NULL, "%s", e.msg);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "合作意向");
    buf_printf(b, "<article class=\"interest\"><h1>合作意向：");
    target_link(rq, b, &i);
    buf_printf(b, "</h1><dl><dt>状态</dt><dd class=\"f-status\">%s</dd><dt>发出方</dt><dd>",
               interest_status_label(i.status));
    sender_party(rq, b, &i);
    buf_puts(b, "</dd><dt>接收方</dt><dd>");
    web_party_link(rq, b, i.to_org);
    buf_puts(b, "</dd><dt>发出时间</dt><dd>");
    web_interest_when(b, i.created);
    buf_puts(b, "</dd>");
    if (*i.reason) {
        buf_puts(b, "<dt>原因</dt><dd class=\"f-reason\">");
        web_html_text(b, i.reason);
        buf_puts(b, "</dd>");
    }
    if (*i.project) {
        buf_puts(b, "<dt>合作项目</dt><dd><a href=\"/projects/");
        web_url_arg(b, i.project);
        buf_puts(b, "\">查看合作项目</a></dd>");
    }
    buf_puts(b, "</dl><section class=\"contacts\"><h2>联系人</h2>");
    store_user su, ru;
    if (interest_contacts(web_w(rq)->st, &i, &su, &ru, &e) == 0) {
        buf_puts(b, "<ul class=\"contacts\">");
        contact(rq, b, i.from_org, &su);
        contact(rq, b, i.to_org, &ru);
        buf_puts(b, "</ul>");
    } else {
        buf_puts(b, "<p class=\"meta hidden-contacts\">对方接受合作意向后，双方才能看到彼此的联系人、"
                    "电话和邮箱。</p>");
    }
    buf_puts(b, "</section><section class=\"thread\"><h2>沟通记录</h2><ol class=\"messages\">");
    msg_ctx mc = {rq, b};
    store_message_list(web_w(rq)->st, i.id, msg_row, &mc, NULL);
    buf_puts(b, "</ol>");
    bool live = !strcmp(i.status, "open") || !strcmp(i.status, "accepted");
    if (side && live)
        action_form(rq, rs, i.id, "messages", "发送留言", "body", "留言（最多 2,000 字）");
    buf_puts(b, "</section>");
    if (side == 2 && !strcmp(i.status, "open")) {
        buf_puts(b, "<section class=\"answer\"><h2>回复意向</h2>");
        action_form(rq, rs, i.id, "accept", "接受意向（双方可见联系人）", NULL, NULL);
        action_form(rq, rs, i.id, "decline", "婉拒", "reason", "婉拒的原因（对方可见）");
        buf_puts(b, "</section>");
    }
    if (side && !strcmp(i.status, "accepted") && !*i.project) {
        buf_puts(b, "<section class=\"propose\"><h2>合作项目</h2>");
        if (!*i.proposed_by) {
            buf_puts(b, "<p class=\"meta\">任何一方都可以提议建立合作项目，对方确认后项目开始。</p>");
            action_form(rq, rs, i.id, "propose", "提议建立合作项目", NULL, NULL);
        } else if (proposer_side(rq, &i) == side) {
            buf_puts(b, "<p class=\"meta\">我方已提议建立合作项目，等待对方确认。</p>");
        } else {
            buf_puts(b, "<p class=\"meta\">");
            account_name(rq, b, i.proposed_by);
            buf_puts(b, " 提议建立合作项目。</p>");
            action_form(rq, rs, i.id, "confirm", "确认建立合作项目", NULL, NULL);
        }
        buf_puts(b, "</section>");
    }
    buf_puts(b, "</article><p><a href=\"/me/interests\">← 我的合作意向</a></p>");
    web_page_end(rq, rs);
    return 0;
}

/* ---- form posts ---- */

static int fail(web_req *rq, web_resp *rs, const qiao_err *e)
{
    return web_fail(rq, rs, web_interest_status(e), web_code_of(e->code), e->field[0] ? e->field
                    : NULL, "%s", e->msg);
}

int web_page_interest_new_post(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    web_app *app = rq->cfg->app;
    interest_send_req sr = {.kind = web_param(rq, "kind"), .target = web_param(rq, "target"),
                            .via = web_param(rq, "via"), .message = web_param(rq, "message"),
                            .per_day = app ? app->interests_per_day : 0,
                            .for_org = web_param(rq, "for")};
    int64_t id = 0;
    qiao_err e = {0};
    if (interest_send(web_w(rq)->st, &a, &sr, &id, &e) < 0)
        return fail(rq, rs, &e);
    char loc[64];
    snprintf(loc, sizeof loc, "/interests/%lld", (long long)id);
    return web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc));
}

int web_page_interest_act_post(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    int64_t id = web_param_long(rq, "id", 0);
    const char *what = strrchr(rq->path, '/') + 1;
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    char project[MODEL_KEY_MAX] = "";
    int rc = !strcmp(what, "accept")   ? interest_accept(st, &a, id, &e)
           : !strcmp(what, "decline")  ? interest_decline(st, &a, id, web_param(rq, "reason"), &e)
           : !strcmp(what, "messages") ? interest_message(st, &a, id, web_param(rq, "body"), &e)
           : !strcmp(what, "propose")  ? interest_propose(st, &a, id, &e)
           : interest_confirm(st, &a, id, project, &e);
    if (rc < 0)
        return fail(rq, rs, &e);
    char loc[MODEL_KEY_MAX + 64];
    if (*project) {
        buf p = {0};
        buf_puts(&p, "/projects/");
        web_url_arg(&p, project);
        snprintf(loc, sizeof loc, "%s", buf_cstr(&p));
        buf_free(&p);
    } else {
        snprintf(loc, sizeof loc, "/interests/%lld", (long long)id);
    }
    return web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc));
}

/* Back where the form was (a local path only). */
static int back(web_req *rq, web_resp *rs)
{
    const char *next = web_param(rq, "next");
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        next = "/me";
    return web_redirect(rq, rs, next);
}

int web_page_dismiss_post(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    qiao_err e = {0};
    if (interest_dismiss(web_w(rq)->st, &a, web_param(rq, "kind"), web_param(rq, "target"),
                         web_param(rq, "via"), web_param(rq, "reason"), web_param(rq, "note"),
                         &e) < 0)
        return fail(rq, rs, &e);
    return back(rq, rs);
}

int web_page_undismiss_post(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    qiao_err e = {0};
    if (interest_undismiss(web_w(rq)->st, &a, web_param(rq, "kind"), web_param(rq, "target"),
                           &e) < 0)
        return fail(rq, rs, &e);
    return back(rq, rs);
}
