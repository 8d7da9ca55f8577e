/* web/page_applications.c — the staff's review queue of applications to
 * join (/admin/applications): pending first, each with its details, an
 * approve button and a reject form that asks for the reason. */
#include <stdio.h>
#include <string.h>

#include "join/join.h"
#include "web/join_web.h"

typedef struct qctx {
    web_req *rq;
    web_resp *rs;
    int64_t err_id;            /* the application whose form has an error */
    const char *err_msg;
    int n, pending;
} qctx;

static int item(const store_application *a, void *ud)
{
    qctx *c = ud;
    buf *b = &c->rs->body;
    bool pending = !strcmp(a->status, "pending");
    c->n++;
    c->pending += pending;
    buf_printf(b, "<li class=\"application %s\" id=\"app-%lld\"><h2>", a->status,
               (long long)a->id);
    web_html_text(b, a->name);
    buf_printf(b, " <small>%s</small></h2>",
               pending ? "待审核" : !strcmp(a->status, "approved") ? "已通过" : "未通过");
    web_join_details(b, a);
    if (!pending) {
        buf_puts(b, "<p>");
        if (a->reviewed_at) {
            web_join_date(b, a->reviewed_at);
            buf_puts(b, " 由 ");
            web_html_text(b, a->reviewed_by);
            buf_puts(b, " 审核");
        }
        if (!strcmp(a->status, "approved") && *a->org) {
            buf_puts(b, "，已开通 <a href=\"/orgs/");
            web_url_arg(b, a->org);
            buf_puts(b, "\">");
            web_html_text(b, a->name);
            buf_puts(b, "</a>");
        } else if (*a->reason) {
            buf_puts(b, "。原因：");
            web_html_text(b, a->reason);
        }
        buf_puts(b, "。</p></li>");
        return 0;
    }
    bool err = c->err_id == a->id;
    buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/applications/%lld/"
               "approve\">", (long long)a->id);
    web_csrf_input(c->rq, c->rs);
    buf_printf(b, "<button type=\"submit\" id=\"approve-%lld\">通过并开通账号</button></form>",
               (long long)a->id);
    buf_printf(b, "<form method=\"post\" action=\"/admin/applications/%lld/reject\">",
               (long long)a->id);
    web_csrf_input(c->rq, c->rs);
    buf_printf(b, "<label for=\"reason-%lld\">不通过的原因 <small>（申请人会收到）</small>"
               "</label><textarea id=\"reason-%lld\" name=\"reason\" rows=\"2\" "
               "maxlength=\"1000\">", (long long)a->id, (long long)a->id);
    if (err && web_form(c->rq, "reason"))
        web_html_text(b, web_form(c->rq, "reason"));
    buf_puts(b, "</textarea>");
    if (err && c->err_msg) {
        buf_puts(b, "<span class=\"field-error\" id=\"err-reason\">");
        web_html_text(b, c->err_msg);
        buf_puts(b, "</span>");
    }
    buf_printf(b, "<p><button type=\"submit\" id=\"reject-%lld\">不通过</button></p></form></li>",
               (long long)a->id);
    return 0;
}

static int render(web_req *rq, web_resp *rs, int64_t err_id, const char *msg, bool field_err)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "入驻审核");
    buf_puts(b, "<h1>入驻审核</h1>");
    if (msg && !field_err) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"form-error\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    } else if (web_param(rq, "done")) {
        buf_printf(b, "<p class=\"notice\" id=\"done\">%s</p>",
                   !strcmp(web_param(rq, "done"), "approved") ? "已通过，单位和账号已开通，"
                   "通知邮件已排队发送。" : "已记录不通过的原因，并通知申请人。");
    }
    buf_puts(b, "<ol class=\"applications\">");
    qctx c = {.rq = rq, .rs = rs, .err_id = err_id, .err_msg = field_err ? msg : NULL};
    qiao_err e = {0};
    int rc = store_application_list(web_w(rq)->st, NULL, 200, item, &c, &e);
    buf_puts(b, "</ol>");
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (!c.n)
        buf_puts(b, "<p>还没有入驻申请。</p>");
    else if (!c.pending)
        buf_puts(b, "<p id=\"none-pending\">没有待审核的申请。</p>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_applications(web_req *rq, web_resp *rs)
{
    return render(rq, rs, 0, NULL, false);
}

int web_page_application_approve_post(web_req *rq, web_resp *rs)
{
    int64_t id = web_param_long(rq, "id", 0);
    char org[65];
    qiao_err e = {0};
    int rc = join_approve(web_w(rq)->st, id, rq->user.login, org, &e);
    if (rc == 0)
        return web_redirect(rq, rs, "/admin/applications?done=approved");
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这份申请。");
    if (rc != QIAO_ECONFLICT && rc != QIAO_EINVAL)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    rs->status = 409;
    return render(rq, rs, id, e.msg, false);
}

int web_page_application_reject_post(web_req *rq, web_resp *rs)
{
    int64_t id = web_param_long(rq, "id", 0);
    qiao_err e = {0};
    int rc = join_reject(web_w(rq)->st, id, rq->user.login, web_form(rq, "reason"), &e);
    if (rc == 0)
        return web_redirect(rq, rs, "/admin/applications?done=rejected");
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这份申请。");
    if (rc != QIAO_ECONFLICT && rc != QIAO_EINVAL)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    rs->status = rc == QIAO_EINVAL ? 422 : 409;
    return render(rq, rs, id, e.msg, rc == QIAO_EINVAL);
}
