/* web/page_accounts.c — account administration for staff (/admin/accounts):
 * the accounts, paged and searchable by login, name or org name, with their
 * last sign-in; one account's page: disable or enable it (after a
 * confirmation), change its role, issue a password reset link (shown once
 * to staff, mailed to the holder when there is an address), and its
 * history. Every change is written to the audit (/admin/audit) in the
 * change's transaction. Staff manage the accounts that are neither admin nor
 * staff; only admin grants or changes those roles; nobody changes their own
 * account here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/accounts.h"
#include "web/advice_web.h"
#include "web/pages.h"

#define PER_PAGE 20

static const char *const roles[] = {"admin", "staff", "university", "enterprise",
                                    "tech_manager", "investor", "expert", NULL};

static const char *role_label(const char *r)
{
    static const char *const t[][2] = {
        {"admin", "管理员"}, {"staff", "工作人员"}, {"university", "高校院所"},
        {"enterprise", "企业"}, {"tech_manager", "技术经理人"}, {"investor", "投资人"},
        {"expert", "专家"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!strcmp(t[i][0], r))
            return t[i][1];
    return r;
}

static const char *action_label(const char *a)
{
    static const char *const t[][2] = {
        {"disable", "停用账号"}, {"enable", "启用账号"}, {"role", "更改角色"},
        {"reset_link", "发放重设密码链接"}, {"password", "修改密码"}, {"person", "关联人员"},
        {"add", "创建或重设账号"}, {"token_revoke", "吊销 API 令牌"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!strcmp(t[i][0], a))
            return t[i][1];
    return a;
}

static bool high(const char *role)
{
    return !strcmp(role, "admin") || !strcmp(role, "staff");
}

bool web_may_manage(const web_req *rq, const store_user *u)
{
    if (!web_is_staff(rq) || !strcmp(rq->user.login, u->login))
        return false;
    return rq->user.role == WEB_ROLE_ADMIN || !high(u->role);
}

static void account_href(buf *b, const char *login, const char *suffix)
{
    buf_puts(b, "/admin/accounts/");
    web_url_arg(b, login);
    buf_puts(b, suffix);
}

/* ---- the list ---- */

typedef struct list_ctx {
    web_req *rq;
    buf *b;
} list_ctx;

static int row(const store_user *u, void *ud)
{
    list_ctx *c = ud;
    buf *b = c->b;
    buf_puts(b, "<tr><td><a href=\"");
    account_href(b, u->login, "");
    buf_puts(b, "\">");
    web_html_text(b, u->login);
    buf_puts(b, "</a></td><td>");
    web_html_text(b, u->name);
    buf_printf(b, "</td><td>%s</td><td>", role_label(u->role));
    if (*u->org) {
        char *org = web_org_name(c->rq, u->org);
        web_html_text(b, org);
        free(org);
    }
    buf_printf(b, "</td><td>%s</td><td>", u->disabled ? "<span class=\"tag\">已停用</span>"
                                                       : "正常");
    if (u->last_signin)
        web_unix_when(b, u->last_signin);
    else
        buf_puts(b, "从未登录");
    buf_puts(b, "</td></tr>");
    return 0;
}

int web_page_accounts(web_req *rq, web_resp *rs)
{
    const char *q = web_param(rq, "q");
    long page = web_param_long(rq, "page", 1);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "账号管理");
    buf_puts(b, "<h1>账号管理</h1><p class=\"meta\"><a href=\"/admin/audit\">账号操作记录</a></p>"
                "<form class=\"search\" method=\"get\" action=\"/admin/accounts\">"
                "<input type=\"search\" name=\"q\" aria-label=\"搜索账号\" "
                "placeholder=\"账号、姓名或单位名称\" maxlength=\"100\" value=\"");
    web_html_attr(b, q ? q : "");
    buf_puts(b, "\"><button type=\"submit\">搜索</button></form>");
    int64_t total = 0;
    list_ctx c = {.rq = rq, .b = b};
    size_t at = b->len;
    buf_puts(b, "<table class=\"accounts\"><thead><tr><th>账号</th><th>姓名</th><th>角色</th>"
                "<th>单位</th><th>状态</th><th>最近登录</th></tr></thead><tbody>");
    qiao_err e = {0};
    if (store_users_find(web_w(rq)->st, q, (page - 1) * PER_PAGE, PER_PAGE, row, &c, &total,
                         &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    buf_puts(b, "</tbody></table>");
    if (total == 0) {
        b->len = at;
        b->p[at] = '\0';
        buf_puts(b, "<p>没有找到账号。</p>");
    }
    long pages = (long)((total + PER_PAGE - 1) / PER_PAGE);
    buf_printf(b, "<p class=\"meta\">共 %lld 个账号", (long long)total);
    if (pages > 1)
        buf_printf(b, "，第 %ld / %ld 页", page, pages);
    buf_puts(b, "</p><nav class=\"pager\">");
    for (int d = -1; d <= 1; d += 2) {
        long to = page + d;
        if (to < 1 || to > pages)
            continue;
        buf_printf(b, "<a href=\"/admin/accounts?page=%ld", to);
        if (q && *q) {
            buf_puts(b, "&amp;q=");
            web_url_arg(b, q);
        }
        buf_printf(b, "\">%s</a> ", d < 0 ? "上一页" : "下一页");
    }
    buf_puts(b, "</nav>");
    web_page_end(rq, rs);
    return 0;
}

/* ---- the audit ---- */

static int audit_row(const store_audit *a, void *ud)
{
    buf *b = ud;
    buf_puts(b, "<tr><td>");
    web_unix_when(b, a->at);
    buf_puts(b, "</td><td>");
    web_html_text(b, a->actor);
    buf_puts(b, "</td><td><a href=\"");
    account_href(b, a->target, "");
    buf_puts(b, "\">");
    web_html_text(b, a->target);
    buf_printf(b, "</a></td><td>%s</td><td>", action_label(a->action));
    if (!strcmp(a->action, "role")) {
        const char *arrow = strstr(a->detail, "->");
        if (arrow) {
            char from[32];
            snprintf(from, sizeof from, "%.*s", (int)(arrow - a->detail), a->detail);
            buf_printf(b, "%s → %s", role_label(from), role_label(arrow + 2));
        }
    } else if (!strcmp(a->detail, "reset_link")) {
        buf_puts(b, "通过重设链接");
    }
    buf_puts(b, "</td></tr>");
    return 0;
}

static int audit_table(web_req *rq, buf *b, const char *target, long page, int64_t *total)
{
    size_t at = b->len;
    buf_puts(b, "<table class=\"audit\"><thead><tr><th>时间</th><th>操作人</th><th>账号</th>"
                "<th>操作</th><th>说明</th></tr></thead><tbody>");
    qiao_err e = {0};
    if (store_audit_list(web_w(rq)->st, target, (page - 1) * PER_PAGE, PER_PAGE, audit_row, b,
                         total, &e) < 0)
        return -1;
    buf_puts(b, "</tbody></table>");
    if (*total == 0) {
        b->len = at;
        b->p[at] = '\0';
        buf_puts(b, "<p>还没有记录。</p>");
    }
    return 0;
}

int web_page_audit(web_req *rq, web_resp *rs)
{
    long page = web_param_long(rq, "page", 1);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "账号操作记录");
    buf_puts(b, "<h1>账号操作记录</h1><p class=\"meta\"><a href=\"/admin/accounts\">返回账号管理"
                "</a></p>");
    int64_t total = 0;
    if (audit_table(rq, b, NULL, page, &total) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "the audit could not be read");
    long pages = (long)((total + PER_PAGE - 1) / PER_PAGE);
    if (page > 1)
        buf_printf(b, "<a href=\"/admin/audit?page=%ld\">上一页</a> ", page - 1);
    if (page < pages)
        buf_printf(b, "<a href=\"/admin/audit?page=%ld\">下一页</a>", page + 1);
    web_page_end(rq, rs);
    return 0;
}

/* ---- one account ---- */

/* The account of the path, or an answer (404) and -1. */
static int target(web_req *rq, web_resp *rs, store_user *u)
{
    qiao_err e = {0};
    int rc = store_user_get(web_w(rq)->st, web_param(rq, "login"), u, &e);
    if (rc == QIAO_ENOTFOUND) {
        web_fail(rq, rs, 404, "not_found", NULL, "没有这个账号。");
        return -1;
    }
    if (rc < 0) {
        web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
        return -1;
    }
    return 0;
}

static int account_page(web_req *rq, web_resp *rs, const store_user *u, const char *notice,
                        const char *reset_link)
{
    buf *b = &rs->body;
    bool may = web_may_manage(rq, u);
    web_page_begin(rq, rs, "账号");
    buf_puts(b, "<h1>账号 ");
    web_html_text(b, u->login);
    buf_puts(b, "</h1><p class=\"meta\"><a href=\"/admin/accounts\">返回账号管理</a></p>");
    if (notice) {
        buf_puts(b, "<p class=\"notice\" role=\"status\" id=\"msg\">");
        web_html_text(b, notice);
        buf_puts(b, "</p>");
    }
    if (reset_link) {
        buf_puts(b, "<section class=\"notice\" id=\"reset-link\"><p>重设密码链接（1 小时内有效，"
                    "只能使用一次，只显示这一次）：</p><p><code id=\"link\">");
        web_html_text(b, reset_link);
        buf_puts(b, "</code></p></section>");
    }
    buf_printf(b, "<dl><dt>角色</dt><dd id=\"role\">%s</dd><dt>状态</dt><dd id=\"status\">%s</dd>",
               role_label(u->role), u->disabled ? "已停用" : "正常");
    buf_puts(b, "<dt>姓名</dt><dd>");
    web_html_text(b, *u->name ? u->name : "—");
    buf_puts(b, "</dd><dt>邮箱</dt><dd>");
    web_html_text(b, *u->email ? u->email : "未登记");
    buf_puts(b, "</dd>");
    if (*u->org) {
        buf_puts(b, "<dt>单位</dt><dd>");
        web_party_link(rq, b, u->org);
        buf_puts(b, "</dd>");
    }
    int64_t last = 0, prev = 0;
    store_visit_get(web_w(rq)->st, u->login, &last, &prev, NULL);
    buf_puts(b, "<dt>最近登录</dt><dd>");
    if (last)
        web_unix_when(b, last);
    else
        buf_puts(b, "从未登录");
    buf_puts(b, "</dd></dl>");
    if (may) {
        buf_puts(b, "<h2>操作</h2><p><a class=\"button\" id=\"toggle\" href=\"");
        account_href(b, u->login, u->disabled ? "/enable" : "/disable");
        buf_printf(b, "\">%s</a></p><form method=\"post\" action=\"",
                   u->disabled ? "启用账号" : "停用账号");
        account_href(b, u->login, "/role");
        buf_puts(b, "\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<label for=\"new-role\">角色</label><select id=\"new-role\" name=\"role\">");
        for (size_t i = 0; roles[i]; i++) {
            if (high(roles[i]) && rq->user.role != WEB_ROLE_ADMIN)
                continue;
            buf_printf(b, "<option value=\"%s\"%s>%s</option>", roles[i],
                       !strcmp(roles[i], u->role) ? " selected" : "", role_label(roles[i]));
        }
        buf_puts(b, "</select> <button type=\"submit\" id=\"change-role\">更改角色</button></form>"
                    "<form method=\"post\" action=\"");
        account_href(b, u->login, "/reset");
        buf_puts(b, "\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<p><button type=\"submit\" id=\"issue-reset\">发放重设密码链接</button> "
                    "<span class=\"meta\">链接会显示在本页，并发送到账号登记的邮箱。</span></p>"
                    "</form>");
        web_advice_account_section(rq, rs, u);     /* the person this account is */
    } else {
        buf_puts(b, "<p class=\"meta\">您不能更改这个账号（自己的账号，或只有管理员才能更改的账号）。"
                    "</p>");
    }
    buf_puts(b, "<h2>操作记录</h2>");
    int64_t total = 0;
    if (audit_table(rq, b, u->login, 1, &total) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "the audit could not be read");
    web_page_end(rq, rs);
    return 0;
}

int web_page_account(web_req *rq, web_resp *rs)
{
    store_user u;
    if (target(rq, rs, &u) < 0)
        return 0;
    return account_page(rq, rs, &u, NULL, NULL);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

static int refuse(web_req *rq, web_resp *rs, const store_user *u)
{
    return web_fail(rq, rs, 403, "forbidden", NULL, "%s",
                    !strcmp(rq->user.login, u->login) ? "不能在这里更改自己的账号。"
                                                      : "只有管理员才能更改管理员或工作人员的账号。");
}

/* GET .../disable and .../enable: the confirmation. */
int web_page_account_confirm(web_req *rq, web_resp *rs)
{
    store_user u;
    if (target(rq, rs, &u) < 0)
        return 0;
    if (!web_may_manage(rq, &u))
        return refuse(rq, rs, &u);
    bool off = ends_with(rq->path, "/disable");
    buf *b = &rs->body;
    web_page_begin(rq, rs, off ? "停用账号" : "启用账号");
    buf_printf(b, "<h1>%s</h1><p>确定要%s账号 ", off ? "停用账号" : "启用账号",
               off ? "停用" : "启用");
    web_html_text(b, u.login);
    buf_puts(b, off ? " 吗？停用后该账号不能登录，它的所有登录和 API 令牌会立即失效；之后可以重新启用，"
                      "但令牌不会恢复。</p>"
                    : " 吗？启用后该账号可以重新登录。</p>");
    buf_puts(b, "<form method=\"post\" action=\"");
    account_href(b, u.login, off ? "/disable" : "/enable");
    buf_puts(b, "\">");
    web_csrf_input(rq, rs);
    buf_printf(b, "<p><button type=\"submit\" id=\"confirm\"%s>确认%s</button> <a href=\"",
               off ? " class=\"danger\"" : "", off ? "停用" : "启用");
    account_href(b, u.login, "");
    buf_puts(b, "\">取消</a></p></form>");
    web_page_end(rq, rs);
    return 0;
}

/* Runs the change and its audit entry in one transaction. */
static int audited(web_req *rq, web_resp *rs, const store_user *u, const char *action,
                   const char *detail, int (*change)(store *, const store_user *, void *,
                                                     qiao_err *), void *ud)
{
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    store_audit a = {.actor = rq->user.login, .target = u->login, .action = action,
                     .detail = detail};
    if (store_begin(st, &e) < 0 || change(st, u, ud, &e) < 0 || store_audit_add(st, &a, &e) < 0 ||
        store_commit(st, &e) < 0) {
        store_rollback(st);
        web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
        return -1;
    }
    return 0;
}

static int set_disabled(store *st, const store_user *u, void *ud, qiao_err *e)
{
    return store_user_disable(st, u->login, *(int *)ud, e);
}

int web_page_account_status_post(web_req *rq, web_resp *rs)
{
    store_user u;
    if (target(rq, rs, &u) < 0)
        return 0;
    if (!web_may_manage(rq, &u))
        return refuse(rq, rs, &u);
    int off = ends_with(rq->path, "/disable");
    if (audited(rq, rs, &u, off ? "disable" : "enable", "", set_disabled, &off) < 0)
        return 0;
    u.disabled = off;
    return account_page(rq, rs, &u, off ? "账号已停用，它的所有登录和 API 令牌已失效。"
                                         : "账号已启用。", NULL);
}

static int set_role(store *st, const store_user *u, void *ud, qiao_err *e)
{
    store_user n = *u;
    snprintf(n.role, sizeof n.role, "%s", (const char *)ud);
    return store_user_put(st, &n, e);
}

int web_page_account_role_post(web_req *rq, web_resp *rs)
{
    store_user u;
    if (target(rq, rs, &u) < 0)
        return 0;
    const char *to = web_param(rq, "role");
    if (!web_may_manage(rq, &u) || (high(to) && rq->user.role != WEB_ROLE_ADMIN))
        return refuse(rq, rs, &u);
    if (!strcmp(to, u.role))
        return account_page(rq, rs, &u, "角色没有变化。", NULL);
    if ((!strcmp(to, "university") || !strcmp(to, "enterprise")) && !*u.org) {
        rs->status = 422;
        return account_page(rq, rs, &u, "高校院所和企业账号需要所属单位，这个账号没有登记单位，"
                                        "请用命令行 qiao user add 设置。", NULL);
    }
    char detail[80];
    snprintf(detail, sizeof detail, "%s->%s", u.role, to);
    if (audited(rq, rs, &u, "role", detail, set_role, (void *)to) < 0)
        return 0;
    snprintf(u.role, sizeof u.role, "%s", to);
    return account_page(rq, rs, &u, "角色已更改。", NULL);
}

typedef struct reset_ctx {
    web_req *rq;
    char token[STORE_SECRET_HEX];
} reset_ctx;

static int issue(store *st, const store_user *u, void *ud, qiao_err *e)
{
    (void)st;
    reset_ctx *c = ud;
    return web_reset_mail(c->rq, u, c->rq->user.login, c->token, e);
}

int web_page_account_reset_post(web_req *rq, web_resp *rs)
{
    store_user u;
    if (target(rq, rs, &u) < 0)
        return 0;
    if (!web_may_manage(rq, &u))
        return refuse(rq, rs, &u);
    reset_ctx c = {.rq = rq};
    if (audited(rq, rs, &u, "reset_link", "", issue, &c) < 0)
        return 0;
    buf link = {0};
    buf_printf(&link, "/password/reset?token=%s", c.token);
    web_add_header(rq, rs, "Cache-Control", "no-store");
    int rc = account_page(rq, rs, &u, *u.email ? "重设密码链接已生成，并已发送到账号登记的邮箱。"
                                               : "重设密码链接已生成。这个账号没有登记邮箱，请把链接"
                                                 "交给账号持有人。", link.p);
    buf_free(&link);
    return rc;
}
