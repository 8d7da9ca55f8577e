/* web/page_me.c — GET /me, the signed-in user's dashboard: what is new since
 * the previous sign-in (achievements and demands published or changed since,
 * stage changes of my projects), my org's achievements or demands, the best
 * matches of each with their reasons, and my projects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "web/interests.h"
#include "web/advice_web.h"
#include "web/pages.h"

#define MAX_NEW 30
#define MAX_MATCHED 10       /* records whose matches are shown */
#define MATCH_TOP 3

static const char *account_label(web_role r)
{
    static const char *const t[WEB_ROLE_COUNT] = {
        [WEB_ROLE_ADMIN] = "管理员", [WEB_ROLE_STAFF] = "工作人员",
        [WEB_ROLE_UNIVERSITY] = "高校院所", [WEB_ROLE_ENTERPRISE] = "企业",
        [WEB_ROLE_TECH_MANAGER] = "技术经理人", [WEB_ROLE_INVESTOR] = "投资人",
        [WEB_ROLE_EXPERT] = "专家",
    };
    return (unsigned)r < WEB_ROLE_COUNT ? t[r] : "";
}

/* ---- new since the previous sign-in ---- */

typedef struct new_ctx {
    web_req *rq;
    buf *b;
    json_t *seen;            /* "kind/key" -> true */
    char day[11];            /* the previous sign-in's Beijing date */
    size_t n;
} new_ctx;

static void new_item(new_ctx *c, const model_record *r, const char *why)
{
    char k[MODEL_KEY_MAX + 16];
    snprintf(k, sizeof k, "%s/%s", model_kind_name(r->kind), r->key);
    if (json_object_get(c->seen, k) || c->n >= MAX_NEW)
        return;
    if (!model_is_matchable(r) && !web_may_edit(c->rq, r->kind, model_str(r, "org")))
        return;
    json_object_set_new(c->seen, k, json_true());
    c->n++;
    buf *b = c->b;
    buf_printf(b, "<li><span class=\"tag\">%s</span> <a href=\"/%s/",
               r->kind == MODEL_ACHIEVEMENT ? "成果" : "需求", web_kind_plural(r->kind));
    web_url_arg(b, r->key);
    buf_puts(b, "\">");
    web_html_text(b, model_str(r, "title"));
    buf_puts(b, "</a> <span class=\"meta\">");
    char *org = web_org_name(c->rq, model_str(r, "org"));
    web_html_text(b, org);
    free(org);
    buf_printf(b, " · %s</span></li>", why);
}

static int changed(model_kind k, const char *key, int64_t at, void *ud)
{
    (void)at;
    new_ctx *c = ud;
    model_record r = {0};
    if (store_get(web_w(c->rq)->st, k, key, &r, NULL) == 0) {
        new_item(c, &r, "有更新");
        model_record_clear(&r);
    }
    return 0;
}

static int published_since(const model_record *r, void *ud)
{
    new_ctx *c = ud;
    new_item(c, r, "新发布");
    return c->n >= MAX_NEW;          /* enough: stop reading */
}

/* Kind k's records published on or after c->day that the account may see
 * (the live ones; drafts only of the orgs whose records it may edit), newest
 * first, read by index (store_published_since). */
static void published(new_ctx *c, model_kind k)
{
    web_req *rq = c->rq;
    const char *org = !web_may_create(rq, k) ? "" : web_is_staff(rq) ? NULL : rq->user.org;
    qiao_err e = {0};
    /* up to MAX_NEW may be skipped as listed already ("有更新") */
    if (c->n < MAX_NEW &&
        store_published_since(web_w(rq)->st, k, c->day, org, 2 * MAX_NEW, published_since, c,
                              &e) < 0)
        fprintf(stderr, "qiao serve: %s\n", e.msg);
}

typedef struct hist_ctx {
    web_req *rq;
    buf *b;
    char since[32];
    size_t n;
} hist_ctx;

static int project_changed(const store_history *h, void *ud)
{
    hist_ctx *c = ud;
    int64_t t = 0, s = 0;
    if (project_time_parse(h->at, &t, NULL) < 0 || project_time_parse(c->since, &s, NULL) < 0 ||
        t < s)
        return 0;
    buf *b = c->b;
    buf_puts(b, "<li><span class=\"tag\">项目</span> <a href=\"/projects/");
    web_url_arg(b, h->project);
    buf_puts(b, "\">");
    web_project_title_of(c->rq, b, h->project);
    buf_printf(b, "</a> %s%s%s <span class=\"meta\">", *h->from ? web_stage_label(h->from) : "",
               *h->from ? " → " : "发起，", web_stage_label(h->to));
    web_show_minute(b, h->at);
    if (*h->by) {
        buf_puts(b, " · ");
        web_html_text(b, h->by);
    }
    buf_puts(b, "</span></li>");
    c->n++;
    return 0;
}

static void whats_new(web_req *rq, web_resp *rs, const json_t *projects)
{
    buf *b = &rs->body;
    int64_t last = 0, prev = 0;
    qiao_err e = {0};
    buf_puts(b, "<section class=\"new\"><h2>上次登录以来的新动态</h2>");
    if (store_visit_get(web_w(rq)->st, rq->user.login, &last, &prev, &e) < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        buf_puts(b, "<p class=\"meta\">暂时无法读取上次登录时间。</p></section>");
        return;
    }
    if (prev == 0) {
        buf_puts(b, "<p class=\"empty\">这是你第一次登录。以后这里会列出上次登录以来新发布或更新的"
                    "成果和需求，以及你的项目的进展。</p></section>");
        return;
    }
    char since[32];
    project_time_format(prev, since);
    buf_puts(b, "<p class=\"meta\">上次登录：");
    web_show_minute(b, since);          /* 2026年12月7日 14:00 (Beijing) */
    buf_puts(b, "</p><ul class=\"news\">");
    size_t mark = b->len;
    new_ctx c = {.rq = rq, .b = b, .seen = json_object()};
    project_day_of(prev, c.day);
    if (store_changed_since(web_w(rq)->st, prev, MAX_NEW, changed, &c, &e) < 0)
        fprintf(stderr, "qiao serve: %s\n", e.msg);
    published(&c, MODEL_ACHIEVEMENT);
    published(&c, MODEL_DEMAND);
    json_decref(c.seen);
    hist_ctx h = {.rq = rq, .b = b};
    snprintf(h.since, sizeof h.since, "%s", since);
    size_t i;
    json_t *p;
    json_array_foreach(projects, i, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id)
            store_history_scan(web_w(rq)->st, id, project_changed, &h, NULL);
    }
    if (b->len == mark)
        buf_puts(b, "<li class=\"empty\">没有新动态。</li>");
    buf_puts(b, "</ul></section>");
}

/* ---- my records and their matches ---- */

/* The records of kind k of `org` (the account's own, or one it acts for as a
 * technology manager: then `name` is that org's name) with their matches. */
static void org_records(web_req *rq, web_resp *rs, model_kind k, const char *org,
                        const char *name)
{
    buf *b = &rs->body;
    web_list_query lq = {.kind = k, .org = org, .sort = "-published", .page = 1,
                         .per_page = 100, .include_hidden = web_may_edit(rq, k, org)};
    web_list l;
    qiao_err e = {0};
    if (web_list_records(rq, &lq, &l, &e) < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        return;
    }
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    if (name) {
        buf_printf(b, "<section class=\"managed-%s\"><h3>", web_kind_plural(k));
        web_html_text(b, name);
        buf_printf(b, "的%s <small>（%zu）</small></h3>", web_kind_label(k), l.total);
    } else {
        buf_printf(b, "<section class=\"mine-%s\"><h2>我的%s <small>（%zu）</small></h2>",
                   web_kind_plural(k), web_kind_label(k), l.total);
    }
    if (!name && web_may_create(rq, k))
        buf_printf(b, "<p><a class=\"button\" href=\"%s/new\">发布%s</a></p>", base, web_kind_label(k));
    if (l.n == 0)
        buf_puts(b, "<p class=\"empty\">暂无。</p>");
    for (size_t i = 0; i < l.n; i++) {
        const json_t *d = l.items[i];
        const char *id = json_string_value(json_object_get(d, "id"));
        const char *st = json_string_value(json_object_get(d, "status"));
        buf_printf(b, "<article class=\"mine\"><h3><a href=\"%s/", base);
        web_url_arg(b, id);
        buf_puts(b, "\">");
        web_html_text(b, json_string_value(json_object_get(d, "title")));
        buf_puts(b, "</a> <span class=\"meta\">");
        web_html_text(b, web_status_text(k, d));
        buf_puts(b, "</span></h3>");
        bool live = model_status_matchable(k, st);
        if (live && i < MAX_MATCHED) {
            model_record r = {0};
            if (store_get(web_w(rq)->st, k, id, &r, NULL) == 0) {
                web_matches_html(rq, rs, &r, k == MODEL_ACHIEVEMENT ? MODEL_DEMAND
                                 : MODEL_ACHIEVEMENT, MATCH_TOP,
                                 k == MODEL_ACHIEVEMENT ? "最匹配的技术需求" : "最匹配的科技成果", 4);
                model_record_clear(&r);
            }
        }
        buf_puts(b, "</article>");
    }
    buf_puts(b, "</section>");
    web_list_free(&l);
}

/* A technology manager: the orgs it acts for, each with its records and
 * their matches. Nothing for other accounts. */
static void managed_orgs(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    if (!a.nacts)
        return;
    buf *b = &rs->body;
    buf_printf(b, "<section class=\"managed\"><h2>我受托代理的单位 <small>（%zu）</small></h2>"
                  "<p class=\"meta\">这些单位授权您作为技术经理人代表它们查看匹配、表达和回复合作意向。</p>",
               a.nacts);
    for (size_t i = 0; i < a.nacts; i++) {
        model_record o = {0};
        if (store_get(web_w(rq)->st, MODEL_ORG, a.acts[i], &o, NULL) < 0)
            continue;
        buf_puts(b, "<article class=\"managed-org\"><h3>");
        web_party_link(rq, b, a.acts[i]);
        buf_puts(b, "</h3>");
        org_records(rq, rs, MODEL_ACHIEVEMENT, a.acts[i], model_str(&o, "name"));
        org_records(rq, rs, MODEL_DEMAND, a.acts[i], model_str(&o, "name"));
        buf_puts(b, "</article>");
        model_record_clear(&o);
    }
    buf_puts(b, "</section>");
}

int web_page_me(web_req *rq, web_resp *rs)
{
    json_t *projects = NULL;
    qiao_err e = {0};
    if (web_projects_visible(rq, &projects, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "我的工作台");
    buf_puts(b, "<h1>我的工作台</h1><p class=\"meta\">");
    web_html_text(b, rq->user.login);
    buf_printf(b, " · %s", account_label(rq->user.role));
    if (*rq->user.org) {
        buf_puts(b, " · ");
        web_party_link(rq, b, rq->user.org);
    }
    buf_puts(b, "</p><p class=\"subscriptions\"><a href=\"/me/searches\">保存的搜索</a>");
    if (web_is_staff(rq) || rq->user.role == WEB_ROLE_INVESTOR)
        buf_puts(b, " · <a href=\"/me/follows\">关注的产业链和片区</a>");
    buf_puts(b, "</p>");
    whats_new(rq, rs, projects);
    web_interest_me(rq, rs);              /* interests, feedback, 不合适 with undo */
    web_advice_me(rq, rs);                /* 咨询邀请: the link, how many wait */
    if (*rq->user.org) {
        bool both = rq->user.role != WEB_ROLE_UNIVERSITY && rq->user.role != WEB_ROLE_ENTERPRISE;
        if (both || rq->user.role == WEB_ROLE_UNIVERSITY)
            org_records(rq, rs, MODEL_ACHIEVEMENT, rq->user.org, NULL);
        if (both || rq->user.role == WEB_ROLE_ENTERPRISE)
            org_records(rq, rs, MODEL_DEMAND, rq->user.org, NULL);
    } else {
        buf_puts(b, "<p class=\"meta\">你的账号没有所属单位，因此没有“我的成果/需求”。</p>");
    }
    managed_orgs(rq, rs);
    bool staff = web_is_staff(rq);
    buf_printf(b, "<section class=\"my-projects\"><h2>%s <small>（%zu）</small></h2>",
               staff ? "全部合作项目" : "我的合作项目", json_array_size(projects));
    if (json_array_size(projects) == 0)
        buf_puts(b, "<p class=\"empty\">暂无。在成果或需求页面的匹配列表中可以发起合作项目。</p>");
    else
        buf_puts(b, "<ul class=\"records\">");
    size_t i;
    json_t *p;
    json_array_foreach(projects, i, p)
        web_project_item(rq, b, p);
    if (json_array_size(projects))
        buf_puts(b, "</ul>");
    buf_puts(b, "</section>");
    if (staff)
        buf_puts(b, "<p><a class=\"button\" href=\"/stats\">统计数据</a></p>");
    json_decref(projects);
    web_page_end(rq, rs);
    return 0;
}
