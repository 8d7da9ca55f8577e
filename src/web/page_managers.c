/* web/page_managers.c — technology managers on the org page: who acts for
 * the org, granting by login, revoking after a confirmation (managers.h). */
#include <stdio.h>
#include <string.h>

#include "interest/interest.h"
#include "web/interests.h"
#include "web/join_web.h"
#include "web/managers.h"

const web_pspec web_p_org_managers[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, .doc = "the org's id"},
    {.name = "login", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64,
     .doc = "the manager's login"},
    {0},
};
const web_pspec web_p_org_manager_confirm[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, .doc = "the org's id"},
    {.name = "login", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 64,
     .doc = "the manager's login"},
    {0},
};

static void managers_href(buf *b, const char *org, const char *tail)
{
    buf_puts(b, "/orgs/");
    web_url_arg(b, org);
    buf_puts(b, "/managers");
    buf_puts(b, tail);
}

typedef struct row_ctx {
    web_req *rq;
    buf *b;
    size_t n;
} row_ctx;

static int manager_row(const store_manager *m, void *ud)
{
    row_ctx *c = ud;
    buf *b = c->b;
    store_user u;
    buf_puts(b, "<li class=\"manager\">");
    if (store_user_get(web_w(c->rq)->st, m->login, &u, NULL) == 0 && *u.name) {
        web_html_text(b, u.name);
        buf_puts(b, "（");
        web_html_text(b, m->login);
        buf_puts(b, "）");
    } else {
        web_html_text(b, m->login);
    }
    buf_puts(b, " <span class=\"meta\">");
    if (store_user_get(web_w(c->rq)->st, m->login, &u, NULL) == 0 && *u.org) {
        web_party_link(c->rq, b, u.org);
        buf_puts(b, " · ");
    }
    buf_puts(b, "授权于 ");
    web_interest_when(b, m->granted_at);
    buf_puts(b, "</span> <a class=\"revoke\" href=\"");
    managers_href(b, m->org, "/revoke?login=");
    web_url_arg(b, m->login);
    buf_puts(b, "\">撤销授权</a></li>");
    c->n++;
    return 0;
}

void web_org_managers(web_req *rq, web_resp *rs, const char *org)
{
    if (!web_may_invite(rq, org))
        return;
    buf *b = &rs->body;
    buf_puts(b, "<section class=\"org-managers\" id=\"managers\"><h2>技术经理人</h2>"
                "<p class=\"meta\">获得授权的技术经理人可以代表本单位查看匹配、表达和回复合作意向、"
                "在对接活动中申请洽谈；经其促成的合作项目会记入其名下。</p><ul class=\"managers\">");
    row_ctx c = {rq, b, 0};
    size_t mark = b->len;
    if (store_manager_list(web_w(rq)->st, org, NULL, manager_row, &c, NULL) < 0)
        b->len = mark, b->p[mark] = '\0';
    if (!c.n)
        buf_puts(b, "<li class=\"empty\">暂无授权的技术经理人。</li>");
    buf_puts(b, "</ul><form class=\"record-form\" method=\"post\" action=\"");
    managers_href(b, org, "");
    buf_puts(b, "\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label>技术经理人的登录名<input name=\"login\" maxlength=\"64\" required></label>"
                "<p><button type=\"submit\" id=\"grant\">授权</button></p></form></section>");
}

static int back_to_org(web_req *rq, web_resp *rs, const char *org)
{
    buf p = {0};
    buf_puts(&p, "/orgs/");
    web_url_arg(&p, org);
    buf_puts(&p, "#managers");
    int rc = web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&p)));
    buf_free(&p);
    return rc;
}

static int change(web_req *rq, web_resp *rs, int on)
{
    const char *org = web_param(rq, "id"), *login = web_param(rq, "login");
    qiao_err e = {0};
    if (interest_manager_set(web_w(rq)->st, org, login, rq->user.login, web_is_staff(rq), on,
                             &e) < 0)
        return web_fail(rq, rs, web_status_of(e.code), web_code_of(e.code),
                        e.field[0] ? e.field : NULL, "%s", e.msg);
    return back_to_org(rq, rs, org);
}

int web_page_org_manager_grant_post(web_req *rq, web_resp *rs)
{
    return change(rq, rs, 1);
}

int web_page_org_manager_revoke_post(web_req *rq, web_resp *rs)
{
    return change(rq, rs, 0);
}

int web_page_org_manager_revoke(web_req *rq, web_resp *rs)
{
    const char *org = web_param(rq, "id"), *login = web_param(rq, "login");
    if (!web_may_invite(rq, org))
        return web_fail(rq, rs, 403, "forbidden", NULL,
                        "只有本单位的管理员或平台工作人员可以授权或撤销技术经理人。");
    model_record o = {0};
    if (store_get(web_w(rq)->st, MODEL_ORG, org, &o, NULL) < 0)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有找到这个单位。");
    buf *b = &rs->body;
    web_page_begin(rq, rs, "撤销技术经理人授权");
    buf_puts(b, "<h1>撤销技术经理人授权</h1><p>确定要撤销账号 ");
    web_html_text(b, login ? login : "");
    buf_puts(b, " 代表“");
    web_html_text(b, model_str(&o, "name"));
    buf_puts(b, "”的授权吗？撤销后，对方立即不能再代表本单位查看匹配、表达或回复合作意向；"
                "已经发出的意向和已建立的合作项目不受影响。</p><form method=\"post\" action=\"");
    managers_href(b, org, "/revoke");
    buf_puts(b, "\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"login\" value=\"");
    web_html_attr(b, login ? login : "");
    buf_puts(b, "\"><p><button type=\"submit\" id=\"confirm\" class=\"danger\">确认撤销</button> "
                "<a href=\"/orgs/");
    web_url_arg(b, org);
    buf_puts(b, "\">取消</a></p></form>");
    model_record_clear(&o);
    web_page_end(rq, rs);
    return 0;
}
