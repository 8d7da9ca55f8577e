/* web/page_login.c — GET/POST /login and POST /logout. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/pages.h"

static void render(web_req *rq, web_resp *rs, const char *login, const char *next,
                   const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "登录");
    buf_puts(b, "<h1>登录</h1>");
    if (msg) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"login-error\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form class=\"login\" method=\"post\" action=\"/login\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"next\" value=\"");
    web_html_attr(b, web_safe_next(next));
    buf_puts(b, "\"><label for=\"login\">账号</label><input id=\"login\" name=\"login\" "
                "autocomplete=\"username\" required maxlength=\"64\" value=\"");
    web_html_attr(b, login);
    buf_puts(b, "\"><label for=\"password\">密码</label><input id=\"password\" name=\"password\" "
                "type=\"password\" autocomplete=\"current-password\" required>"
                "<p><button type=\"submit\" id=\"signin\">登录</button></p></form>"
                "<p><a href=\"/password/forgot\" id=\"forgot\">忘记密码？</a></p>"
                "<p>单位还没有入驻？<a href=\"/join\" id=\"join-link\">申请入驻</a></p>");
    web_page_end(rq, rs);
}

int web_page_login(web_req *rq, web_resp *rs)
{
    render(rq, rs, "", web_param(rq, "next"), NULL);
    return 0;
}

int web_page_login_post(web_req *rq, web_resp *rs)
{
    const char *login = web_param(rq, "login"), *next = web_param(rq, "next");
    long retry = 0;
    qiao_err e = {0};
    int rc = web_login(rq, rs, login, web_param(rq, "password"), &retry, &e);
    if (rc == 0) {
        qiao_err ve = {0};
        if (store_visit_record(web_w(rq)->st, rq->user.login, (int64_t)time(NULL), &ve) < 0)
            fprintf(stderr, "qiao serve: %s\n", ve.msg);
        return web_redirect(rq, rs, web_safe_next(next));
    }
    if (rc == QIAO_ECONFLICT) {
        rs->status = 403;
        render(rq, rs, login, next, "该账号已停用，请联系平台工作人员。");
        return 0;
    }
    if (rc != QIAO_EPERM)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (retry > 0) {
        rs->status = 429;
        web_add_header(rq, rs, "Retry-After", web_arena_printf(&rq->arena, "%ld", retry));
        char msg[160];
        snprintf(msg, sizeof msg, "登录失败次数过多，请 %ld 分钟后再试。", (retry + 59) / 60);
        render(rq, rs, login, next, msg);
    } else {
        rs->status = 401;
        render(rq, rs, login, next, "账号或密码不正确。");
    }
    return 0;
}

int web_page_logout_post(web_req *rq, web_resp *rs)
{
    web_logout(rq, rs);
    return web_redirect(rq, rs, "/");
}
