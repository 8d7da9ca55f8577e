/* web/page_searches.c — saved searches (保存此搜索 on the list pages,
 * /me/searches) and followed chains and zones (/me/follows): what the
 * alerts' digests send (src/alert/alert.h). Deleting asks first. */
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "web/join_web.h"
#include "web/pages.h"

static const char *freq_label(const char *f)
{
    return !strcmp(f, "weekly") ? "每周" : "每天";
}

void web_save_search_form(web_req *rq, web_resp *rs, model_kind k, const char *q,
                          const char *chain, const char *zone)
{
    if (!rq->signed_in || ((!q || !*q) && (!chain || !*chain) && (!zone || !*zone)))
        return;
    buf *b = &rs->body;
    buf_puts(b, "<form class=\"save-search inline\" method=\"post\" action=\"/me/searches\">");
    web_csrf_input(rq, rs);
    buf_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">",
               k == MODEL_DEMAND ? "demand" : "achievement");
    const char *names[] = {"q", "chain", "zone"}, *vals[] = {q, chain, zone};
    for (int i = 0; i < 3; i++)
        if (vals[i] && *vals[i]) {
            buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", names[i]);
            web_html_attr(b, vals[i]);
            buf_puts(b, "\">");
        }
    buf_puts(b, "<label>新结果提醒 <select name=\"freq\"><option value=\"daily\">每天</option>"
                "<option value=\"weekly\">每周</option></select></label> "
                "<button type=\"submit\" id=\"save-search\">保存此搜索</button></form>");
}

int web_page_search_save_post(web_req *rq, web_resp *rs)
{
    store_saved ss = {0};
    const char *kind = web_param(rq, "kind"), *freq = web_param(rq, "freq");
    const char *q = web_param(rq, "q"), *chain = web_param(rq, "chain");
    const char *zone = web_param(rq, "zone");
    if ((!q || !*q) && (!chain || !*chain) && (!zone || !*zone))
        return web_fail(rq, rs, 422, "invalid", "q", "请先输入搜索词或选择筛选条件，再保存搜索。");
    snprintf(ss.login, sizeof ss.login, "%s", rq->user.login);
    snprintf(ss.kind, sizeof ss.kind, "%s", kind);
    snprintf(ss.freq, sizeof ss.freq, "%s", freq ? freq : "daily");
    snprintf(ss.q, sizeof ss.q, "%s", q ? q : "");
    snprintf(ss.chain, sizeof ss.chain, "%s", chain ? chain : "");
    snprintf(ss.zone, sizeof ss.zone, "%s", zone ? zone : "");
    qiao_err e = {0};
    if (store_saved_add(web_w(rq)->st, &ss, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "保存搜索没有成功，请稍后再试。");
    return web_redirect(rq, rs, "/me/searches");
}

typedef struct list_ctx {
    web_req *rq;
    buf *b;
    int n;
} list_ctx;

static void describe(buf *b, const store_saved *ss)
{
    buf_puts(b, strcmp(ss->kind, "demand") ? "科技成果" : "技术需求");
    if (ss->q[0]) {
        buf_puts(b, "：“");
        web_html_text(b, ss->q);
        buf_puts(b, "”");
    }
    if (ss->chain[0]) {
        buf_puts(b, " · 产业链 ");
        web_html_text(b, ss->chain);
    }
    if (ss->zone[0]) {
        buf_puts(b, " · 片区 ");
        web_html_text(b, ss->zone);
    }
}

static int list_one(const store_saved *ss, void *ud)
{
    list_ctx *c = ud;
    buf *b = c->b, link = {0};
    c->n++;
    alert_saved_link(ss, &link);
    buf_puts(b, "<li><a href=\"");
    web_html_attr(b, link.p);
    buf_puts(b, "\">");
    describe(b, ss);
    buf_printf(b, "</a><p class=\"meta\">%s提醒 · 保存于", freq_label(ss->freq));
    web_join_date(b, ss->created);
    buf_printf(b, " · <a href=\"/me/searches/%lld/delete\">删除</a></p></li>",
               (long long)ss->id);
    buf_free(&link);
    return 0;
}

int web_page_searches(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    qiao_err e = {0};
    web_page_begin(rq, rs, "保存的搜索");
    buf_puts(b, "<h1>保存的搜索</h1><p class=\"meta\">在科技成果或技术需求列表中搜索后点"
                "“保存此搜索”，有新结果时按您选择的频率（每天或每周）汇总提醒。</p><ul class=\"records\">");
    list_ctx c = {rq, b, 0};
    if (store_saved_list(web_w(rq)->st, rq->user.login, 0, list_one, &c, &e) < 0)
        buf_puts(b, "<li class=\"error\">暂时无法读取保存的搜索，请稍后再试。</li>");
    buf_puts(b, "</ul>");
    if (!c.n)
        buf_puts(b, "<p class=\"empty\">还没有保存的搜索。</p>");
    web_page_end(rq, rs);
    return 0;
}

typedef struct find_ctx {
    int64_t id;
    store_saved found;
    int ok;
} find_ctx;

static int find_one(const store_saved *ss, void *ud)
{
    find_ctx *f = ud;
    if (ss->id == f->id) {
        f->found = *ss;
        f->ok = 1;
        return 1;
    }
    return 0;
}

static int find_saved(web_req *rq, find_ctx *f)
{
    qiao_err e = {0};
    f->id = web_param_long(rq, "sid", 0);
    f->ok = 0;
    int rc = store_saved_list(web_w(rq)->st, rq->user.login, 0, find_one, f, &e);
    return rc < 0 ? rc : 0;
}

int web_page_search_delete(web_req *rq, web_resp *rs)
{
    find_ctx f;
    if (find_saved(rq, &f) < 0 || !f.ok)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这条保存的搜索。");
    buf *b = &rs->body;
    web_page_begin(rq, rs, "删除保存的搜索");
    buf_puts(b, "<h1>删除保存的搜索</h1><p>确定删除“");
    describe(b, &f.found);
    buf_printf(b, "”吗？删除后不再收到它的新结果提醒。</p><form method=\"post\" "
               "action=\"/me/searches/%lld/delete\">", (long long)f.id);
    web_csrf_input(rq, rs);
    buf_puts(b, "<button type=\"submit\" id=\"confirm-delete\">确定删除</button> "
                "<a href=\"/me/searches\">取消</a></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_search_delete_post(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    int rc = store_saved_delete(web_w(rq)->st, rq->user.login, web_param_long(rq, "sid", 0), &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这条保存的搜索。");
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "删除没有成功，请稍后再试。");
    return web_redirect(rq, rs, "/me/searches");
}

/* ---- follows ---- */

static const char *what_label(const char *w)
{
    return !strcmp(w, "zone") ? "片区" : "产业链";
}

static int follow_one(const store_follow *f, void *ud)
{
    list_ctx *c = ud;
    buf *b = c->b;
    c->n++;
    buf_printf(b, "<li>%s：", what_label(f->what));
    web_html_text(b, f->value);
    buf_printf(b, " <span class=\"meta\">关注于");
    web_join_date(b, f->created);
    buf_printf(b, " · <a href=\"/me/follows/delete?what=%s&amp;value=", f->what);
    buf link = {0};
    web_url_arg(&link, f->value);
    web_html_attr(b, link.p ? link.p : "");
    buf_free(&link);
    buf_puts(b, "\">取消关注</a></span></li>");
    return 0;
}

int web_page_follows(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    qiao_err e = {0};
    web_page_begin(rq, rs, "关注的产业链和片区");
    buf_puts(b, "<h1>关注的产业链和片区</h1><p class=\"meta\">关注后，这些产业链或片区有新的"
                "科技成果发布时，每天汇总提醒一次。</p><ul class=\"records\">");
    list_ctx c = {rq, b, 0};
    if (store_follow_list(web_w(rq)->st, rq->user.login, 0, follow_one, &c, &e) < 0)
        buf_puts(b, "<li class=\"error\">暂时无法读取关注，请稍后再试。</li>");
    buf_puts(b, "</ul>");
    if (!c.n)
        buf_puts(b, "<p class=\"empty\">还没有关注。</p>");
    buf_puts(b, "<h2>添加关注</h2><form method=\"post\" action=\"/me/follows\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label>类别 <select name=\"what\"><option value=\"chain\">产业链</option>"
                "<option value=\"zone\">片区</option></select></label> "
                "<label>名称 <input name=\"value\" required maxlength=\"100\" "
                "placeholder=\"如：集成电路\"></label> "
                "<button type=\"submit\" id=\"follow\">关注</button></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_follow_post(web_req *rq, web_resp *rs)
{
    store_follow f = {0};
    const char *what = web_param(rq, "what"), *value = web_param(rq, "value");
    while (value && (*value == ' ' || *value == '\t'))
        value++;
    if (!value || !*value)
        return web_fail(rq, rs, 422, "invalid", "value", "请填写要关注的产业链或片区名称。");
    snprintf(f.login, sizeof f.login, "%s", rq->user.login);
    snprintf(f.what, sizeof f.what, "%s", what);
    snprintf(f.value, sizeof f.value, "%s", value);
    qiao_err e = {0};
    if (store_follow_add(web_w(rq)->st, &f, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "关注没有成功，请稍后再试。");
    return web_redirect(rq, rs, "/me/follows");
}

int web_page_follow_delete(web_req *rq, web_resp *rs)
{
    const char *what = web_param(rq, "what"), *value = web_param(rq, "value");
    buf *b = &rs->body;
    web_page_begin(rq, rs, "取消关注");
    buf_printf(b, "<h1>取消关注</h1><p>确定不再关注%s“", what_label(what));
    web_html_text(b, value);
    buf_puts(b, "”吗？</p><form method=\"post\" action=\"/me/follows/delete\">");
    web_csrf_input(rq, rs);
    buf_printf(b, "<input type=\"hidden\" name=\"what\" value=\"%s\"><input type=\"hidden\" "
               "name=\"value\" value=\"", !strcmp(what, "zone") ? "zone" : "chain");
    web_html_attr(b, value);
    buf_puts(b, "\"><button type=\"submit\" id=\"confirm-delete\">确定取消</button> "
                "<a href=\"/me/follows\">返回</a></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_follow_delete_post(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    int rc = store_follow_delete(web_w(rq)->st, rq->user.login, web_param(rq, "what"),
                                 web_param(rq, "value"), &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这项关注。");
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "取消关注没有成功，请稍后再试。");
    return web_redirect(rq, rs, "/me/follows");
}
