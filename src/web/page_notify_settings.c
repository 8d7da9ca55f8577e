/* web/page_notify_settings.c — the mail settings of the signed-in account
 * (each kind: at once, in the daily digest, or no mail) and the one-click
 * unsubscribe page of the links in mail. */
#include <stdio.h>
#include <string.h>

#include "notify/notify.h"
#include "web/notify_web.h"

static const char *const choices[][2] = {
    {"now", "即时发送"}, {"digest", "每日摘要"}, {"off", "不发邮件"},
};

int web_page_notice_settings(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    store_user u;
    qiao_err e = {0};
    if (store_user_get(st, rq->user.login, &u, &e) < 0)
        return -1;
    size_t n;
    const notify_kind *k = notify_kinds(&n);
    web_page_begin(rq, rs, "邮件通知设置");
    buf *b = &rs->body;
    buf_puts(b, "<h1>邮件通知设置</h1>");
    if (web_query(rq, "saved"))
        buf_puts(b, "<p class=\"ok\" role=\"status\">设置已保存。</p>");
    if (u.email[0]) {
        buf_puts(b, "<p class=\"meta\">邮件发往 ");
        web_html_text(b, u.email);
        buf_puts(b, "。站内通知总会保留在“我的通知”中；这里只决定是否同时发邮件。"
                    "选择“每日摘要”的通知，每天早上 8 点（北京时间）汇总成一封邮件。</p>");
    } else {
        buf_puts(b, "<p class=\"meta\">您的账号还没有登记电子邮箱，暂时不会收到邮件；"
                    "站内通知照常显示。请联系平台工作人员登记邮箱。</p>");
    }
    buf_puts(b, "<form method=\"post\" action=\"/me/notifications/settings\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<table class=\"prefs\"><thead><tr><th>通知类型</th>");
    for (size_t c = 0; c < 3; c++)
        buf_printf(b, "<th>%s</th>", choices[c][1]);
    buf_puts(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        int mail, digest;
        if (notify_kind_requested(k[i].code))
            continue;
        if (store_pref_get(st, rq->user.login, k[i].code, &mail, &digest, &e) < 0)
            return -1;
        size_t on = !mail ? 2 : digest ? 1 : 0;
        buf_puts(b, "<tr><th scope=\"row\">");
        web_html_text(b, k[i].label);
        buf_puts(b, "</th>");
        for (size_t c = 0; c < 3; c++) {
            buf_printf(b, "<td><input type=\"radio\" name=\"%s\" value=\"%s\" aria-label=\"",
                       k[i].code, choices[c][0]);
            web_html_attr(b, k[i].label);
            buf_printf(b, "：%s\"%s></td>", choices[c][1], c == on ? " checked" : "");
        }
        buf_puts(b, "</tr>");
    }
    buf_puts(b, "</tbody></table><p class=\"meta\">重设密码、账号邀请等您本人请求的邮件总会"
                "即时发送。</p><p><button type=\"submit\">保存设置</button> "
                "<a href=\"/me/notifications\">返回我的通知</a></p></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_notice_settings_post(web_req *rq, web_resp *rs)
{
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    size_t n;
    const notify_kind *k = notify_kinds(&n);
    if (store_begin(st, &e) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *v = notify_kind_requested(k[i].code) ? NULL : web_form(rq, k[i].code);
        if (!v)
            continue;      /* a kind the form did not show stays as it was */
        if (strcmp(v, "now") && strcmp(v, "digest") && strcmp(v, "off")) {
            store_rollback(st);
            return web_fail(rq, rs, 400, "bad_parameter", k[i].code,
                            "“%s”只能选即时发送、每日摘要或不发邮件。", k[i].label);
        }
        rc = store_pref_set(st, rq->user.login, k[i].code, strcmp(v, "off") != 0,
                            strcmp(v, "digest") == 0, &e);
    }
    if (rc == 0)
        rc = store_commit(st, &e);
    else
        store_rollback(st);
    if (rc < 0)
        return rc;
    return web_redirect(rq, rs, "/me/notifications/settings?saved=1");
}

int web_page_unsubscribe(web_req *rq, web_resp *rs)
{
    const char *login = web_param(rq, "u"), *kind = web_param(rq, "k"), *sig = web_param(rq, "t");
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    const notify_kind *k = strcmp(kind, "*") == 0 ? NULL : notify_kind_find(kind);
    int rc = strcmp(kind, "*") != 0 && (!k || notify_kind_requested(kind)) ? QIAO_EPERM
                                          : notify_unsub_verify(st, login, kind, sig, &e);
    if (rc == QIAO_EPERM) {
        rs->status = 403;
        web_page_begin(rq, rs, "退订链接无效");
        buf_puts(&rs->body, "<h1>退订链接无效</h1><p class=\"error\">这个退订链接不完整或已被改动，"
                            "没有更改任何设置。请使用邮件中的原始链接，或登录后在"
                            "<a href=\"/me/notifications/settings\">邮件通知设置</a>中修改。</p>");
        web_page_end(rq, rs);
        return 0;
    }
    if (rc == 0)
        rc = notify_unsubscribe(st, login, kind, &e);
    if (rc < 0)
        return rc;
    web_page_begin(rq, rs, "已退订");
    buf_puts(&rs->body, "<h1>已退订</h1><p class=\"ok\" role=\"status\">");
    if (k) {
        buf_puts(&rs->body, "您将不再收到“");
        web_html_text(&rs->body, k->label);
        buf_puts(&rs->body, "”的邮件。");
    } else {
        buf_puts(&rs->body, "您将不再收到平台的任何通知邮件。");
    }
    buf_puts(&rs->body, "</p><p>站内通知仍会显示在“我的通知”中。想重新开启，请登录后在"
                        "<a href=\"/me/notifications/settings\">邮件通知设置</a>中修改。</p>");
    web_page_end(rq, rs);
    return 0;
}
