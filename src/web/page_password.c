/* web/page_password.c — passwords: "forgot password" (a one-time link by
 * mail; the same answer whether or not the account exists), setting a new
 * password from the link, and changing one's own (/me/password). A new
 * password ends every session and API token of the account (a store rule);
 * the session that changed it gets a new one. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "notify/notify.h"
#include "web/accounts.h"
#include "web/pages.h"

#define RESET_TTL 3600L         /* a reset link lasts an hour */
#define RESET_MAX 5             /* links mailed per account (and per address) an hour */

void web_unix_when(buf *b, int64_t t)
{
    time_t tt = (time_t)t + 8 * 3600;    /* Beijing time, no daylight saving */
    struct tm tm;
    gmtime_r(&tt, &tm);
    buf_printf(b, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min);
}

const char *web_password_problem(const char *pw, const char *again)
{
    if (!pw || qiao_utf8_chars(pw) < WEB_PASSWORD_MIN)
        return "新密码至少需要 8 个字符。";
    if (!again || strcmp(pw, again) != 0)
        return "两次输入的新密码不一致，请重新输入。";
    return NULL;
}

void web_password_fields(buf *b)
{
    buf_puts(b, "<label for=\"password\">新密码（至少 8 个字符）</label><input id=\"password\" "
                "name=\"password\" type=\"password\" autocomplete=\"new-password\" required "
                "minlength=\"8\"><label for=\"password2\">再次输入新密码</label><input "
                "id=\"password2\" name=\"password2\" type=\"password\" "
                "autocomplete=\"new-password\" required minlength=\"8\">");
}

static void message(buf *b, const char *cls, const char *msg)
{
    buf_printf(b, "<p class=\"%s\" role=\"%s\" id=\"msg\">", cls,
               strcmp(cls, "error") ? "status" : "alert");
    web_html_text(b, msg);
    buf_puts(b, "</p>");
}

int web_reset_mail(web_req *rq, const store_user *u, const char *by, char token[STORE_SECRET_HEX],
                   qiao_err *e)
{
    store *st = web_w(rq)->st;
    int rc = store_reset_create(st, u->login, RESET_TTL, by, token, e);
    if (rc < 0 || !*u->email)
        return rc;
    buf link = {0}, body = {0};
    buf_printf(&link, "/password/reset?token=%s", token);
    buf_printf(&body, "您好，%s：\n\n%s为您的账号 %s 申请了重设密码。请在 1 小时内打开下面的链接设置"
               "新密码（链接只能使用一次）：\n\n%s\n\n如果这不是您本人的操作，请忽略本邮件，"
               "您的密码不会改变。\n\n桥 qiao · 科技成果转化对接平台\n",
               *u->name ? u->name : u->login, *by ? "平台工作人员" : "有人", u->login, link.p);
    rc = notify_mail(st, u->email, u->login, "password_reset", "重设您在桥 qiao 的密码", body.p,
                     link.p, e);
    buf_free(&link);
    buf_free(&body);
    return rc;
}

/* ---- forgot password ---- */

static void forgot_form(web_req *rq, web_resp *rs, const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "忘记密码");
    buf_puts(b, "<h1>忘记密码</h1>");
    if (msg)
        message(b, "notice", msg);
    buf_puts(b, "<p>请输入您的账号或登记的邮箱，我们会向该账号登记的邮箱发送一个重设密码的链接，"
                "链接 1 小时内有效，只能使用一次。</p><form class=\"login\" method=\"post\" "
                "action=\"/password/forgot\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label for=\"who\">账号或邮箱</label><input id=\"who\" name=\"who\" required "
                "maxlength=\"254\" autocomplete=\"username\"><p><button type=\"submit\" "
                "id=\"send\">发送重设链接</button></p></form><p><a href=\"/login\">返回登录</a>"
                "</p>");
    web_page_end(rq, rs);
}

int web_page_forgot(web_req *rq, web_resp *rs)
{
    forgot_form(rq, rs, NULL);
    return 0;
}

typedef struct by_mail {
    const char *addr;
    store_user u;
    int found;
} by_mail;

static int match_mail(const store_user *u, void *ud)
{
    by_mail *m = ud;
    if (*u->email && strcasecmp(u->email, m->addr) == 0) {
        m->u = *u;
        m->found = 1;
        return 1;
    }
    return 0;
}

int web_page_forgot_post(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    const char *who = web_param(rq, "who");
    qiao_err e = {0};
    by_mail m = {.addr = who};
    if (store_user_get(st, who, &m.u, &e) == 0)
        m.found = 1;
    else if (strchr(who, '@'))
        store_users_scan(st, NULL, match_mail, &m, &e);
    /* the same answer whatever happened: no one learns which accounts exist */
    if (m.found && !m.u.disabled && *m.u.email) {
        char kacc[100], kip[80];
        long retry = 0;
        snprintf(kacc, sizeof kacc, "reset:%.64s", m.u.login);
        snprintf(kip, sizeof kip, "reset-ip:%.64s", rq->client_ip);
        int b1 = store_throttle_attempt(st, kacc, RESET_MAX, RESET_TTL, &retry, &e);
        int b2 = b1 == 0 ? store_throttle_attempt(st, kip, 4 * RESET_MAX, RESET_TTL, &retry, &e)
                         : 1;
        char token[STORE_SECRET_HEX];
        if (b1 == 0 && b2 == 0) {
            if (store_begin(st, &e) < 0 || web_reset_mail(rq, &m.u, "", token, &e) < 0 ||
                store_commit(st, &e) < 0) {
                store_rollback(st);
                fprintf(stderr, "qiao serve: password reset for %s: %s\n", m.u.login, e.msg);
            }
            sodium_memzero(token, sizeof token);
        }
    }
    forgot_form(rq, rs, "如果该账号存在并登记了邮箱，重设密码的链接已发送到该邮箱，请在 1 小时内"
                        "查收并使用。没有收到？请检查垃圾邮件，或联系平台工作人员。");
    return 0;
}

/* ---- setting a new password from a link ---- */

static void reset_form(web_req *rq, web_resp *rs, const char *token, const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "设置新密码");
    buf_puts(b, "<h1>设置新密码</h1>");
    if (msg)
        message(b, "error", msg);
    buf_puts(b, "<form class=\"login\" method=\"post\" action=\"/password/reset\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"token\" value=\"");
    web_html_attr(b, token);
    buf_puts(b, "\">");
    web_password_fields(b);
    buf_puts(b, "<p><button type=\"submit\" id=\"save\">保存新密码</button></p></form>");
    web_page_end(rq, rs);
}

static int link_dead(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    rs->status = 410;
    web_page_begin(rq, rs, "链接已失效");
    buf_puts(b, "<h1>链接已失效</h1>");
    message(b, "error", "这个重设密码的链接已经用过、已过期或不完整。");
    buf_puts(b, "<p><a href=\"/password/forgot\">重新申请重设链接</a></p>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_reset(web_req *rq, web_resp *rs)
{
    const char *token = web_param(rq, "token");
    char login[65];
    if (store_reset_peek(web_w(rq)->st, token, login, NULL) < 0)
        return link_dead(rq, rs);
    reset_form(rq, rs, token, NULL);
    return 0;
}

int web_page_reset_post(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    const char *token = web_param(rq, "token"), *pw = web_param(rq, "password");
    char login[65];
    if (store_reset_peek(st, token, login, NULL) < 0)
        return link_dead(rq, rs);
    const char *bad = web_password_problem(pw, web_param(rq, "password2"));
    if (bad) {
        rs->status = 422;
        reset_form(rq, rs, token, bad);
        return 0;
    }
    qiao_err e = {0};
    int rc = store_reset_use(st, token, pw, login, &e);
    if (rc == QIAO_ENOTFOUND)
        return link_dead(rq, rs);
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    store_audit a = {.actor = login, .target = login, .action = "password",
                     .detail = "reset_link"};
    if (store_audit_add(st, &a, &e) < 0)
        fprintf(stderr, "qiao serve: %s\n", e.msg);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "密码已重设");
    buf_puts(b, "<h1>密码已重设</h1>");
    message(b, "notice", "新密码已生效。为了安全，此账号在所有设备上的登录和 API 令牌都已失效，"
                         "请用新密码重新登录。");
    buf_puts(b, "<p><a class=\"button\" href=\"/login\" id=\"to-login\">去登录</a></p>");
    web_page_end(rq, rs);
    return 0;
}

/* ---- /me/password ---- */

static void change_form(web_req *rq, web_resp *rs, const char *cls, const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "修改密码");
    buf_puts(b, "<h1>修改密码</h1><p class=\"meta\"><a href=\"/me/tokens\">API 令牌</a></p>");
    if (msg)
        message(b, cls, msg);
    buf_puts(b, "<form class=\"login\" method=\"post\" action=\"/me/password\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label for=\"current\">当前密码</label><input id=\"current\" name=\"current\" "
                "type=\"password\" autocomplete=\"current-password\" required>");
    web_password_fields(b);
    buf_puts(b, "<p>修改后，此账号在其他设备上的登录和全部 API 令牌都会失效。</p>"
                "<p><button type=\"submit\" id=\"save\">修改密码</button></p></form>");
    web_page_end(rq, rs);
}

int web_page_me_password(web_req *rq, web_resp *rs)
{
    change_form(rq, rs, NULL, NULL);
    return 0;
}

int web_page_me_password_post(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    const char *login = rq->user.login, *pw = web_param(rq, "password");
    qiao_err e = {0};
    char key[100];
    long retry = 0;
    snprintf(key, sizeof key, "login:%.64s", login);
    int blocked = store_throttle_attempt(st, key, WEB_THROTTLE_LOGIN, WEB_THROTTLE_WINDOW,
                                         &retry, &e);
    if (blocked < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (blocked) {
        rs->status = 429;
        char msg[160];
        snprintf(msg, sizeof msg, "密码输错次数过多，请 %ld 分钟后再试。", (retry + 59) / 60);
        change_form(rq, rs, "error", msg);
        return 0;
    }
    store_user u;
    if (store_user_get(st, login, &u, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (!store_user_check_password(&u, web_param(rq, "current"))) {
        rs->status = 422;
        change_form(rq, rs, "error", "当前密码不正确。");
        return 0;
    }
    store_throttle_clear(st, key, NULL);
    const char *bad = web_password_problem(pw, web_param(rq, "password2"));
    if (bad) {
        rs->status = 422;
        change_form(rq, rs, "error", bad);
        return 0;
    }
    store_audit a = {.actor = login, .target = login, .action = "password"};
    if (store_begin(st, &e) < 0 || store_user_password(st, login, pw, &e) < 0 ||
        store_audit_add(st, &a, &e) < 0 || store_commit(st, &e) < 0) {
        store_rollback(st);
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    }
    /* every session ended with the old password; this one goes on under a new id */
    rq->session = NULL;
    if (web_session_start(rq, rs, login, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    change_form(rq, rs, "notice", "密码已修改。此账号在其他设备上的登录和全部 API 令牌已失效。");
    return 0;
}
