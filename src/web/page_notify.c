/* web/page_notify.c — the signed-in account's notifications: the list
 * (newest first, unread marked), following one (marks it read), marking
 * read, the mail settings per kind; and the one-click unsubscribe page of
 * the links in mail (no sign-in: the link's signature is the proof). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify/notify.h"
#include "web/notify_web.h"

#define P_NOTICE_PAGE {.name = "page", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, \
                       .max = 1000000, .doc = "page number, from 1"}
#define P_UNREAD {.name = "unread", .in = WEB_IN_QUERY, .type = WEB_P_BOOL, \
                  .doc = "only unread notifications"}

const web_pspec web_p_notices[] = {P_NOTICE_PAGE, P_UNREAD, {0}};
const web_pspec web_p_notice_id[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .required = true, .min = 1,
     .max = 9000000000000000000L, .doc = "the notification's number"},
    {0},
};
const web_pspec web_p_notice_read[] = {
    {.name = "id", .in = WEB_IN_FORM, .type = WEB_P_INT, .min = 1, .max = 9000000000000000000L,
     .doc = "the notification to mark read; none: all"},
    {0},
};
const web_pspec web_p_unsubscribe[] = {
    {.name = "u", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 64, .required = true,
     .doc = "the account"},
    {.name = "k", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 64, .required = true,
     .doc = "the kind of mail (* = all)"},
    {.name = "t", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 64, .required = true,
     .doc = "the link's signature"},
    {0},
};
const web_pspec web_p_api_notices[] = {
    P_NOTICE_PAGE,
    {.name = "per_page", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, .max = 100,
     .doc = "notifications per page (default 20)"},
    P_UNREAD,
    {0},
};

static bool param_true(web_req *rq, const char *name)
{
    const char *v = web_param(rq, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on"));
}

/* A link stored with a notification is followed only when it is a path on
 * this site. */
static bool local_link(const char *l)
{
    return l && l[0] == '/' && l[1] != '/' && l[1] != '\\' && !strpbrk(l, "\r\n");
}

void web_notice_badge(web_req *rq, buf *b)
{
    int64_t n = 0;
    qiao_err e = {0};
    if (store_notice_unread(web_w(rq)->st, rq->user.login, &n, &e) < 0)
        n = 0;
    buf_puts(b, "<a href=\"/me/notifications\" class=\"notices\">通知");
    if (n > 0)
        buf_printf(b, "<span class=\"badge\" id=\"unread-count\" aria-label=\"%lld 条未读\">%lld"
                   "</span>", (long long)n, (long long)n);
    buf_puts(b, "</a>");
}

/* ---- the list ---- */

typedef struct list_ctx {
    web_req *rq;
    web_resp *rs;
} list_ctx;

static int notice_item(const store_notice *n, void *ud)
{
    list_ctx *c = ud;
    buf *b = &c->rs->body;
    char when[48];
    notify_time_text(n->created, when);
    buf_printf(b, "<li class=\"notice%s\">", n->read_at ? "" : " unread");
    if (!n->read_at)
        buf_puts(b, "<span class=\"tag\">未读</span> ");
    if (local_link(n->link))
        buf_printf(b, "<a href=\"/me/notifications/%lld\"><strong>", (long long)n->id);
    else
        buf_puts(b, "<strong>");
    web_html_text(b, n->title);
    buf_puts(b, local_link(n->link) ? "</strong></a>" : "</strong>");
    if (n->body && *n->body) {
        buf_puts(b, "<p>");
        web_html_text(b, n->body);
        buf_puts(b, "</p>");
    }
    const notify_kind *k = notify_kind_find(n->kind);
    buf_puts(b, "<div class=\"meta\">");
    if (k) {
        web_html_text(b, k->label);
        buf_puts(b, " · ");
    }
    buf_printf(b, "<time>%s</time>", when);
    if (!n->read_at) {
        buf_printf(b, " <form class=\"inline\" method=\"post\" action=\"/me/notifications/read\">"
                   "<input type=\"hidden\" name=\"id\" value=\"%lld\">", (long long)n->id);
        web_csrf_input(c->rq, c->rs);
        buf_puts(b, "<button type=\"submit\">标为已读</button></form>");
    }
    buf_puts(b, "</div></li>");
    return 0;
}

int web_page_notices(web_req *rq, web_resp *rs)
{
    long page = web_param_long(rq, "page", 1);
    bool unread = param_true(rq, "unread");
    store *st = web_w(rq)->st;
    int64_t total = 0, nunread = 0;
    qiao_err e = {0};
    if (store_notice_unread(st, rq->user.login, &nunread, &e) < 0)
        return -1;
    web_page_begin(rq, rs, "我的通知");
    buf *b = &rs->body;
    buf_puts(b, "<h1>我的通知</h1><p class=\"meta\">");
    if (nunread)
        buf_printf(b, "%lld 条未读。", (long long)nunread);
    else
        buf_puts(b, "没有未读通知。");
    buf_printf(b, " <a href=\"/me/notifications%s\">%s</a> · "
               "<a href=\"/me/notifications/settings\">邮件通知设置</a></p>",
               unread ? "" : "?unread=1", unread ? "显示全部" : "只看未读");
    if (nunread) {
        buf_puts(b, "<form method=\"post\" action=\"/me/notifications/read\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<button type=\"submit\">全部标为已读</button></form>");
    }
    list_ctx c = {rq, rs};
    buf_puts(b, "<ul class=\"notices\">");
    size_t mark = b->len;
    int rc = store_notice_list(st, rq->user.login, unread, (int64_t)(page - 1) *
                               WEB_NOTICES_PER_PAGE, WEB_NOTICES_PER_PAGE, notice_item, &c,
                               &total, &e);
    if (rc < 0)
        return rc;
    bool none = b->len == mark;
    buf_puts(b, "</ul>");
    if (none)
        buf_puts(b, page > 1 ? "<p class=\"empty\">这一页没有通知。</p>"
                             : "<p class=\"empty\">还没有通知。有人对您的成果或需求感兴趣、"
                               "合作项目有进展时，会在这里告诉您。</p>");
    long pages = (long)((total + WEB_NOTICES_PER_PAGE - 1) / WEB_NOTICES_PER_PAGE);
    if (pages > 1) {
        buf_puts(b, "<nav class=\"pages\" aria-label=\"分页\">");
        if (page > 1)
            buf_printf(b, "<a rel=\"prev\" href=\"/me/notifications?page=%ld%s\">上一页</a>",
                       page - 1, unread ? "&amp;unread=1" : "");
        buf_printf(b, "<span>第 %ld / %ld 页</span>", page, pages);
        if (page < pages)
            buf_printf(b, "<a rel=\"next\" href=\"/me/notifications?page=%ld%s\">下一页</a>",
                       page + 1, unread ? "&amp;unread=1" : "");
        buf_puts(b, "</nav>");
    }
    web_page_end(rq, rs);
    return 0;
}

/* ---- following and marking ---- */

typedef struct link_ctx {
    web_req *rq;
    char *link;      /* in the request's arena */
} link_ctx;

static int keep_link(const store_notice *n, void *ud)
{
    link_ctx *c = ud;
    c->link = web_arena_strdup(&c->rq->arena, n->link ? n->link : "");
    return 0;
}

int web_page_notice_go(web_req *rq, web_resp *rs)
{
    int64_t id = web_param_long(rq, "id", 0);
    qiao_err e = {0};
    store *st = web_w(rq)->st;
    link_ctx c = {rq, NULL};
    int rc = store_notice_get(st, rq->user.login, id, keep_link, &c, &e);
    if (rc == 0)
        rc = store_notice_mark_read(st, rq->user.login, id, &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这条通知，或它不属于您的账号。");
    if (rc < 0)
        return rc;
    return web_redirect(rq, rs, c.link && local_link(c.link) ? c.link : "/me/notifications");
}

int web_page_notices_read_post(web_req *rq, web_resp *rs)
{
    int64_t id = web_param_long(rq, "id", 0);
    qiao_err e = {0};
    int rc = store_notice_mark_read(web_w(rq)->st, rq->user.login, id, &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这条通知，或它不属于您的账号。");
    if (rc < 0)
        return rc;
    return web_redirect(rq, rs, "/me/notifications");
}
