/* web/page_advice.c — invitations to advise (咨询邀请) on the site: the
 * 邀请咨询 button under each expert suggested for a demand, the invitations
 * page (/me/advice: received and sent, accept / decline, contacts once
 * accepted), the /me link, the form posts, and the account page's link to
 * the person an account is (web/advice_web.h; the rules in src/advice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/accounts.h"
#include "web/advice_web.h"
#include "web/interests.h"

#define ID_MAX 1000000000000L

const web_pspec web_p_advice_invite[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, .doc = "the demand's id"},
    {.name = "person", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64},
    /* the 2,000-character rule is src/advice's (its message is Chinese) */
    {.name = "message", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {0},
};
const web_pspec web_p_advice_id[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = ID_MAX,
     .required = true, .doc = "the invitation's number"},
    {0},
};
const web_pspec web_p_advice_decline[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = ID_MAX,
     .required = true},
    {.name = "reason", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {0},
};
const web_pspec web_p_account_person[] = {
    {.name = "login", .in = WEB_IN_PATH, .type = WEB_P_TEXT, .max = 64, .required = true,
     .doc = "the account's login"},
    {.name = "person", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 300},
    {0},
};

advice_actor web_advice_actor(const web_req *rq)
{
    return (advice_actor){.login = rq->user.login, .staff = web_is_staff(rq)};
}

static int fail(web_req *rq, web_resp *rs, const qiao_err *e)
{
    return web_fail(rq, rs, web_status_of(e->code), web_code_of(e->code),
                    e->field[0] ? e->field : NULL, "%s", e->msg);
}

/* ---- under each expert suggested for a demand ---- */

void web_advice_match_action(web_req *rq, web_resp *rs, const model_record *d,
                             const char *person)
{
    if (!rq->signed_in || d->kind != MODEL_DEMAND)
        return;
    advice_actor a = web_advice_actor(rq);
    store *st = web_w(rq)->st;
    if (!advice_may_invite(st, &a, d))       /* not the demand's side, or it is closed */
        return;
    model_record p = {0};
    if (store_get(st, MODEL_PERSON, person, &p, NULL) < 0)
        return;
    buf *b = &rs->body;
    if (!advice_is_expert(&p))
        goto out;
    buf_puts(b, "<div class=\"advice-actions\">");
    store_advice live;
    char login[65];
    if (advice_live_of(st, d->key, person, &live, NULL) > 0) {
        buf_printf(b, "<p class=\"meta advice-live\">已邀请咨询（%s）· <a href=\"/me/advice#advice-%lld\">"
                   "查看邀请</a></p>", advice_status_label(live.status), (long long)live.id);
    } else if (advice_account_of(st, person, login, NULL) <= 0) {
        buf_puts(b, "<p class=\"meta advice-noaccount\">这位专家还没有平台账号，暂时无法在线邀请咨询。");
        const char *org = model_str(&p, "org");
        if (a.staff && *org) {
            buf_puts(b, " <a href=\"/orgs/");
            web_url_arg(b, org);
            buf_puts(b, "/invite\">邀请其开通账号</a>");
        } else if (a.staff) {
            buf_puts(b, " 这位专家没有登记所属单位，请先补充其所属单位，再邀请其开通账号。");
        } else {
            buf_puts(b, "可联系平台工作人员为其开通账号。");
        }
        buf_puts(b, "</p>");
    } else {
        buf_puts(b, "<details class=\"advice-form\"><summary>邀请咨询</summary>"
                    "<form class=\"record-form\" method=\"post\" action=\"/demands/");
        web_url_arg(b, d->key);
        buf_puts(b, "/advice\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<input type=\"hidden\" name=\"person\" value=\"");
        web_html_attr(b, person);
        buf_puts(b, "\"><label>给专家的留言（最多 2,000 字）<textarea name=\"message\" rows=\"3\" "
                    "maxlength=\"2000\" required></textarea></label>"
                    "<p><button type=\"submit\">发送咨询邀请</button></p></form></details>");
    }
    buf_puts(b, "</div>");
out:
    model_record_clear(&p);
}

/* ---- /me ---- */

static int count_waiting(const store_advice *v, int side, void *ud)
{
    if (side == 2 && !strcmp(v->status, "invited"))
        (*(size_t *)ud)++;
    return 0;
}

void web_advice_me(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    size_t n = 0;
    advice_list(web_w(rq)->st, &a, 500, count_waiting, &n, NULL);
    buf_puts(&rs->body, "<p class=\"advice-link\"><a href=\"/me/advice\">咨询邀请</a>");
    if (n)
        buf_printf(&rs->body, " <span class=\"badge\">%zu 条待您回复</span>", n);
    buf_puts(&rs->body, "</p>");
}

/* ---- GET /me/advice ---- */

static void person_link(web_req *rq, buf *b, const char *id)
{
    model_record p = {0};
    buf_puts(b, "<a href=\"/people/");
    web_url_arg(b, id);
    buf_puts(b, "\">");
    if (store_get(web_w(rq)->st, MODEL_PERSON, id, &p, NULL) == 0) {
        web_html_text(b, model_str(&p, "name"));
        model_record_clear(&p);
    } else {
        buf_puts(b, "（已删除的人员）");
    }
    buf_puts(b, "</a>");
}

static void demand_link(web_req *rq, buf *b, const char *id)
{
    model_record d = {0};
    buf_puts(b, "<a href=\"/demands/");
    web_url_arg(b, id);
    buf_puts(b, "\">");
    if (store_get(web_w(rq)->st, MODEL_DEMAND, id, &d, NULL) == 0) {
        web_html_text(b, model_str(&d, "title"));
        model_record_clear(&d);
    } else {
        buf_puts(b, "（已删除的需求）");
    }
    buf_puts(b, "</a>");
}

static void contact(web_req *rq, buf *b, const char *label, const store_user *u)
{
    buf_printf(b, "<li>%s：", label);
    if (*u->org) {
        web_party_link(rq, b, u->org);
        buf_puts(b, " ");
    }
    web_html_text(b, *u->name ? u->name : u->login);
    buf_puts(b, " · 电话 ");
    web_html_text(b, *u->phone ? u->phone : "未填写");
    buf_puts(b, " · 邮箱 ");
    web_html_text(b, *u->email ? u->email : "未填写");
    buf_puts(b, "</li>");
}

typedef struct page_ctx {
    web_req *rq;
    web_resp *rs;
    int want;          /* the side listed: 2 received, 1 sent, 0 staff */
    size_t n;
} page_ctx;

static int item(const store_advice *v, int side, void *ud)
{
    page_ctx *c = ud;
    if (side != c->want)
        return 0;
    web_req *rq = c->rq;
    buf *b = &c->rs->body;
    buf_puts(b, "<li class=\"advice ");
    web_html_attr(b, v->status);
    buf_printf(b, "\" id=\"advice-%lld\"><h3>", (long long)v->id);
    demand_link(rq, b, v->demand);
    buf_printf(b, "</h3><p class=\"meta\"><span class=\"status\">%s</span> · 邀请方：",
               advice_status_label(v->status));
    if (*v->org)
        web_party_link(rq, b, v->org);
    else
        buf_puts(b, "平台工作人员");
    buf_puts(b, " · 专家：");
    person_link(rq, b, v->person);
    buf_puts(b, " · ");
    web_interest_when(b, v->created);
    buf_puts(b, "</p><p class=\"text\">");
    web_html_text(b, v->message);
    buf_puts(b, "</p>");
    if (*v->reason) {
        buf_puts(b, "<p class=\"meta reason\">原因：");
        web_html_text(b, v->reason);
        buf_puts(b, "</p>");
    }
    store_user inv, exp;
    if (advice_contacts(web_w(rq)->st, v, &inv, &exp, NULL) == 0) {
        buf_puts(b, "<ul class=\"contacts\">");
        contact(rq, b, "邀请方联系人", &inv);
        contact(rq, b, "专家", &exp);
        buf_puts(b, "</ul>");
    } else if (!strcmp(v->status, "invited")) {
        buf_puts(b, "<p class=\"meta hidden-contacts\">专家接受邀请后，双方才能看到彼此的联系人、电话和邮箱。</p>");
    }
    if (side == 2 && !strcmp(v->status, "invited")) {
        buf_printf(b, "<form class=\"record-form advice-accept\" method=\"post\" "
                      "action=\"/advice/%lld/accept\">", (long long)v->id);
        web_csrf_input(rq, c->rs);
        buf_puts(b, "<p><button type=\"submit\">接受邀请（双方可见联系人）</button></p></form>");
        buf_printf(b, "<details class=\"advice-decline\"><summary>婉拒</summary><form class=\"record-form\" "
                      "method=\"post\" action=\"/advice/%lld/decline\">", (long long)v->id);
        web_csrf_input(rq, c->rs);
        buf_puts(b, "<label>婉拒的原因（邀请方可见，最多 500 字）<textarea name=\"reason\" rows=\"2\" "
                    "maxlength=\"500\" required></textarea></label><p><button type=\"submit\" "
                    "class=\"danger\">婉拒邀请</button></p></form></details>");
    }
    buf_puts(b, "</li>");
    c->n++;
    return 0;
}

static void section(web_req *rq, web_resp *rs, int want, const char *title, const char *empty)
{
    buf *b = &rs->body;
    advice_actor a = web_advice_actor(rq);
    page_ctx c = {rq, rs, want, 0};
    buf_printf(b, "<section class=\"advice-%s\"><h2>%s</h2><ul class=\"records advice-list\">",
               want == 2 ? "received" : want == 1 ? "sent" : "all", title);
    qiao_err e = {0};
    if (advice_list(web_w(rq)->st, &a, 500, item, &c, &e) < 0)
        fprintf(stderr, "qiao serve: advice: %s\n", e.msg);
    if (!c.n)
        buf_printf(b, "<li class=\"empty\">%s</li>", empty);
    buf_puts(b, "</ul></section>");
}

int web_page_advice(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "咨询邀请");
    buf_puts(b, "<h1>咨询邀请</h1><p class=\"meta\">需求的发布单位可以在需求页面“可以咨询的专家”中"
                "邀请专家提供咨询意见；专家接受后，双方可以看到彼此的联系人、电话和邮箱。</p>");
    if (web_is_staff(rq)) {
        section(rq, rs, 0, "全部咨询邀请", "暂无咨询邀请。");
    } else {
        section(rq, rs, 2, "我收到的邀请", "暂无邀请。");
        section(rq, rs, 1, "我方发出的邀请", "暂无发出的邀请。");
    }
    buf_puts(b, "<p><a href=\"/me\">← 我的工作台</a></p>");
    web_page_end(rq, rs);
    return 0;
}

/* ---- form posts ---- */

int web_page_advice_invite_post(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    const char *demand = web_param(rq, "id");
    qiao_err e = {0};
    int64_t id = 0;
    if (advice_invite(web_w(rq)->st, &a, demand, web_param(rq, "person"),
                      web_param(rq, "message"), &id, &e) < 0)
        return fail(rq, rs, &e);
    buf loc = {0};
    buf_puts(&loc, "/demands/");
    web_url_arg(&loc, demand);
    int rc = web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&loc)));
    buf_free(&loc);
    return rc;
}

int web_page_advice_act_post(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    int64_t id = web_param_long(rq, "id", 0);
    const char *what = strrchr(rq->path, '/') + 1;
    qiao_err e = {0};
    int rc = !strcmp(what, "accept") ? advice_accept(web_w(rq)->st, &a, id, &e)
                                     : advice_decline(web_w(rq)->st, &a, id,
                                                      web_param(rq, "reason"), &e);
    if (rc < 0)
        return fail(rq, rs, &e);
    char loc[64];
    snprintf(loc, sizeof loc, "/me/advice#advice-%lld", (long long)id);
    return web_redirect(rq, rs, web_arena_strdup(&rq->arena, loc));
}

/* ---- the account page (staff) ---- */

void web_advice_account_section(web_req *rq, web_resp *rs, const store_user *u)
{
    buf *b = &rs->body;
    char person[MODEL_KEY_MAX] = "";
    store_user_person_get(web_w(rq)->st, u->login, person, NULL);
    buf_puts(b, "<h2>关联人员</h2><p class=\"meta\" id=\"person\">");
    if (*person) {
        buf_puts(b, "这个账号是 ");
        person_link(rq, b, person);
        buf_puts(b, " 本人：邀请该人员咨询时，由这个账号接收和回复。");
    } else {
        buf_puts(b, "这个账号还没有关联人员。关联后，其他单位可以邀请该人员咨询，由这个账号回复。");
    }
    buf_puts(b, "</p><form method=\"post\" action=\"/admin/accounts/");
    web_url_arg(b, u->login);
    buf_puts(b, "/person\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label for=\"f-person\">人员</label><input id=\"f-person\" name=\"person\" "
                "list=\"person-list\" autocomplete=\"off\" placeholder=\"输入姓名，从列表中选择；"
                "留空则解除关联\" value=\"");
    if (*person) {
        char *name = web_record_name(rq, MODEL_PERSON, person);
        web_html_attr(b, name ? name : "");
        free(name);
    }
    buf_puts(b, "\">");
    web_pick_datalist(rq, b, 1u << MODEL_PERSON, "person-list");
    buf_puts(b, " <button type=\"submit\" id=\"link-person\">保存关联</button></form>");
}

int web_page_account_person_post(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    store_user u;
    qiao_err e = {0};
    int rc = store_user_get(st, web_param(rq, "login"), &u, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s",
                        rc == QIAO_ENOTFOUND ? "没有这个账号。" : e.msg);
    if (!web_may_manage(rq, &u))
        return web_fail(rq, rs, 403, "forbidden", NULL, "只有管理员才能更改管理员或工作人员的账号，"
                        "也不能在这里更改自己的账号。");
    const char *name = web_param(rq, "person");
    char id[MODEL_KEY_MAX] = "";
    const char *code = NULL;
    if (name && *name && web_pick_resolve(rq, 1u << MODEL_PERSON, name, id, &code) < 0)
        return web_fail(rq, rs, 422, "invalid", "person", "%s",
                        code && !strcmp(code, "name_ambiguous")
                            ? "有不止一位人员叫这个名字，请从列表中选择。"
                            : "没有找到这位人员，请从列表中选择。");
    if ((rc = advice_link(st, u.login, id, rq->user.login, &e)) < 0)
        return fail(rq, rs, &e);
    buf loc = {0};
    buf_puts(&loc, "/admin/accounts/");
    web_url_arg(&loc, u.login);
    rc = web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&loc)));
    buf_free(&loc);
    return rc;
}
