/* web/page_invite.c — invitations: the form on an org's page for staff and
 * the org's admin account (/orgs/{id}/invite), and the one-time link that
 * sets up the invited person's account (/invite/{token}). Rules in
 * src/join/join.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "join/join.h"
#include "web/join_web.h"

static const char *const roles[] = {"university", "enterprise", "investor", "tech_manager",
                                    "expert", NULL};

bool web_may_invite(web_req *rq, const char *org)
{
    if (!rq->signed_in)
        return false;
    if (web_is_staff(rq))
        return true;
    if (!org || strcmp(rq->user.org, org) != 0)
        return false;
    int admin = 0;
    qiao_err e = {0};
    return store_org_admin_get(web_w(rq)->st, rq->user.login, &admin, &e) == 0 && admin;
}

static void render_form(web_req *rq, web_resp *rs, const model_record *org,
                        const model_errors *errs, const char *msg)
{
    buf *b = &rs->body;
    const char *id = org->key, *type = model_str(org, "type");
    web_page_begin(rq, rs, "邀请成员");
    buf_puts(b, "<h1>邀请成员加入 ");
    web_html_text(b, model_str(org, "name"));
    buf_puts(b, "</h1><p>被邀请人会收到一封邮件，用其中的链接设置登录账号和密码；"
                "链接只能使用一次，过期失效。</p>");
    if (msg) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"form-error\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form class=\"record-form\" method=\"post\" action=\"/orgs/");
    web_url_arg(b, id);
    buf_puts(b, "/invite\">");
    web_csrf_input(rq, rs);
    web_join_input(rq, b, errs, "email", "被邀请人的电子邮箱", "email",
                   "required maxlength=\"254\"", NULL);
    const char *sel = rq->method == WEB_POST ? web_form(rq, "role") : NULL;
    buf_puts(b, "<label for=\"f-role\">账号类型</label><select id=\"f-role\" name=\"role\">");
    for (size_t i = 0; roles[i]; i++)
        if (join_role_fits(type, roles[i]))
            buf_printf(b, "<option value=\"%s\"%s>%s</option>", roles[i],
                       sel && !strcmp(sel, roles[i]) ? " selected" : "",
                       join_role_label(roles[i]));
    buf_puts(b, "</select>");
    web_field_errors(b, errs, "role");
    const char *days = rq->method == WEB_POST ? web_form(rq, "days") : NULL;
    buf_puts(b, "<label for=\"f-days\">链接有效期</label><select id=\"f-days\" name=\"days\">");
    static const int opts[] = {1, 3, 7, 14, 30};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        char v[8];
        snprintf(v, sizeof v, "%d", opts[i]);
        bool on = days ? !strcmp(days, v) : opts[i] == JOIN_INVITE_DAYS;
        buf_printf(b, "<option value=\"%d\"%s>%d 天</option>", opts[i], on ? " selected" : "",
                   opts[i]);
    }
    buf_puts(b, "</select>");
    web_field_errors(b, errs, "days");
    buf_puts(b, "<p><button type=\"submit\" id=\"submit\">发送邀请</button></p></form>");
    web_page_end(rq, rs);
}

/* The org of the route, or a 404/403 answer (returns false). */
static bool load_org(web_req *rq, web_resp *rs, model_record *org)
{
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_ORG, web_param(rq, "id"), org, &e);
    if (rc < 0) {
        web_fail(rq, rs, rc == QIAO_ENOTFOUND ? 404 : 500, web_code_of(rc), NULL, "%s",
                 rc == QIAO_ENOTFOUND ? "没有这个单位。" : e.msg);
        return false;
    }
    if (!web_may_invite(rq, org->key)) {
        model_record_clear(org);
        web_fail(rq, rs, 403, "forbidden", NULL,
                 "只有本单位的平台账号管理员或平台工作人员可以邀请成员。");
        return false;
    }
    return true;
}

int web_page_org_invite(web_req *rq, web_resp *rs)
{
    model_record org = {0};
    if (!load_org(rq, rs, &org))
        return 0;
    render_form(rq, rs, &org, NULL, NULL);
    model_record_clear(&org);
    return 0;
}

int web_page_org_invite_post(web_req *rq, web_resp *rs)
{
    model_record org = {0};
    if (!load_org(rq, rs, &org))
        return 0;
    join_inviter by = {.login = rq->user.login, .staff = web_is_staff(rq), .org = rq->user.org};
    const char *days = web_form(rq, "days");
    char token[STORE_SECRET_HEX];
    store_invitation iv;
    model_errors errs = {0};
    qiao_err e = {0};
    int rc = join_invite(web_w(rq)->st, &by, org.key, web_form(rq, "email"),
                         web_form(rq, "role"), days ? atoi(days) : 0, token, &iv, &errs, &e);
    if (rc == 0) {
        buf *b = &rs->body;
        web_page_begin(rq, rs, "邀请已发送");
        buf_puts(b, "<h1>邀请已发送</h1><p id=\"sent\">邀请邮件已排队发往 ");
        web_html_text(b, iv.email);
        buf_puts(b, "。链接在 ");
        web_join_date(b, iv.expires);
        buf_puts(b, " 前有效，只能使用一次。如对方没有收到邮件，也可以把下面的链接直接发给对方："
                    "</p><p><a id=\"invite-link\" href=\"/invite/");
        buf_puts(b, token);                /* 64 hex digits */
        buf_puts(b, "\">/invite/");
        buf_puts(b, token);
        buf_puts(b, "</a></p><p><a href=\"/orgs/");
        web_url_arg(b, org.key);
        buf_puts(b, "\">返回单位页面</a></p>");
        web_page_end(rq, rs);
    } else if (rc == QIAO_EINVAL) {
        rs->status = 422;
        render_form(rq, rs, &org, &errs, e.msg);
    } else {
        web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    }
    model_errors_clear(&errs);
    model_record_clear(&org);
    return 0;
}

static void link_gone(web_req *rq, web_resp *rs, join_link st)
{
    rs->status = st == JOIN_LINK_UNKNOWN ? 404 : 410;
    web_page_begin(rq, rs, "邀请链接不可用");
    buf_puts(&rs->body, "<h1>邀请链接不可用</h1><p class=\"error\" role=\"alert\" "
                        "id=\"link-error\">");
    web_html_text(&rs->body, join_link_message(st));
    buf_puts(&rs->body, "</p><p><a href=\"/login\">登录</a> · <a href=\"/\">返回首页</a></p>");
    web_page_end(rq, rs);
}

static void render_accept(web_req *rq, web_resp *rs, const store_invitation *iv,
                          const model_errors *errs, const char *msg)
{
    buf *b = &rs->body;
    model_record org = {0};
    qiao_err e = {0};
    store_get(web_w(rq)->st, MODEL_ORG, iv->org, &org, &e);
    web_page_begin(rq, rs, "设置账号");
    buf_puts(b, "<h1>设置账号</h1><p>您受邀以“");
    web_html_text(b, join_role_label(iv->role));
    buf_puts(b, "”的身份加入 <strong>");
    web_html_text(b, org.doc ? model_str(&org, "name") : "");
    buf_puts(b, "</strong>。账号的电子邮箱为 ");
    web_html_text(b, iv->email);
    buf_puts(b, "。请在 ");
    web_join_date(b, iv->expires);
    buf_puts(b, " 前完成设置。</p>");
    model_record_clear(&org);
    if (msg) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"form-error\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form class=\"record-form\" method=\"post\" action=\"/invite/");
    web_url_arg(b, web_param(rq, "token"));
    buf_puts(b, "\">");
    web_csrf_input(rq, rs);
    web_join_input(rq, b, errs, "login", "登录账号", "text",
                   "required minlength=\"3\" maxlength=\"64\" autocomplete=\"username\" "
                   "autocapitalize=\"none\"", "3–64 位英文字母、数字或 . _ @ -");
    web_join_input(rq, b, errs, "name", "姓名", "text",
                   "required maxlength=\"20\" autocomplete=\"name\"", NULL);
    web_join_input(rq, b, errs, "phone", "手机号", "tel",
                   "required maxlength=\"32\" autocomplete=\"tel\"", NULL);
    web_join_input(rq, b, errs, "password", "密码", "password",
                   "required minlength=\"8\" maxlength=\"128\" autocomplete=\"new-password\"",
                   "至少 8 个字符");
    web_join_input(rq, b, errs, "password2", "再次输入密码", "password",
                   "required minlength=\"8\" maxlength=\"128\" autocomplete=\"new-password\"",
                   NULL);
    buf_puts(b, "<p><button type=\"submit\" id=\"submit\">完成设置</button></p></form>");
    web_page_end(rq, rs);
}

int web_page_invite(web_req *rq, web_resp *rs)
{
    store_invitation iv;
    qiao_err e = {0};
    join_link st = join_invite_state(web_w(rq)->st, web_param(rq, "token"), &iv, &e);
    if (st != JOIN_LINK_OK)
        link_gone(rq, rs, st);
    else
        render_accept(rq, rs, &iv, NULL, NULL);
    return 0;
}

int web_page_invite_post(web_req *rq, web_resp *rs)
{
    const char *token = web_param(rq, "token");
    join_link st = JOIN_LINK_OK;
    model_errors errs = {0};
    qiao_err e = {0};
    int rc = join_invite_accept(web_w(rq)->st, token, web_form(rq, "login"),
                                web_form(rq, "name"), web_form(rq, "phone"),
                                web_form(rq, "password"), web_form(rq, "password2"), &st,
                                &errs, &e);
    if (rc == 0) {
        buf *b = &rs->body;
        web_page_begin(rq, rs, "账号已设置");
        buf_puts(b, "<h1>账号已设置</h1><p id=\"done\">请用刚才设置的登录账号 <strong>");
        web_html_text(b, web_form(rq, "login"));
        buf_puts(b, "</strong> 和密码<a href=\"/login\">登录</a>。</p>");
        web_page_end(rq, rs);
    } else if (st != JOIN_LINK_OK) {
        link_gone(rq, rs, st);
    } else if (rc == QIAO_EINVAL || rc == QIAO_ECONFLICT) {
        store_invitation iv;
        qiao_err ie = {0};
        join_invite_state(web_w(rq)->st, token, &iv, &ie);
        rs->status = rc == QIAO_EINVAL ? 422 : 409;
        render_accept(rq, rs, &iv, &errs, e.msg);
    } else {
        web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    }
    model_errors_clear(&errs);
    return 0;
}
