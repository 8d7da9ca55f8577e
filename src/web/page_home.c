/* web/page_home.c — GET /: the programme's key figures and the way in.
 *
 * The figures (six record counts and the public summary of the statistics)
 * read the whole store; they are kept per worker as HTML and made again
 * only when store_records_version says a record or project history was
 * written since (by any thread or process; sign-ins, sessions and other
 * account writes do not count), or after HOME_TTL seconds — one figure,
 * events held, also moves with the clock when an event starts. */
#include <string.h>
#include <time.h>

#include "web/pages.h"
#include "web/try.h"

#define HOME_TTL 60

/* Appends the figures to rs's body: 0; 1 when the statistics summary failed
 * (logged; the page goes without it, and is not kept); or an error (e). */
static int figures_html(web_req *rq, web_resp *rs, qiao_err *e)
{
    static const struct { model_kind k; const char *label, *href; } figs[] = {
        {MODEL_ACHIEVEMENT, "科技成果", "/achievements"},
        {MODEL_DEMAND, "技术需求", "/demands"},
        {MODEL_ORG, "参与单位", "/orgs"},
        {MODEL_PERSON, "专家与人才", "/people"},
        {MODEL_EVENT, "对接活动", NULL},
        {MODEL_PROJECT, "合作项目", NULL},
    };
    buf *b = &rs->body;
    buf_puts(b, "<ul class=\"figures\">");
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++) {
        int64_t n = 0;
        int rc = store_count(web_w(rq)->st, figs[i].k, &n, e);
        if (rc < 0)
            return rc;
        buf_puts(b, "<li>");
        if (figs[i].href)
            buf_printf(b, "<a href=\"%s\">", figs[i].href);
        buf_printf(b, "<strong>%lld</strong><span>%s</span>", (long long)n, figs[i].label);
        if (figs[i].href)
            buf_puts(b, "</a>");
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
    return web_stats_summary(rq, rs) < 0 ? 1 : 0;
}

int web_page_home(web_req *rq, web_resp *rs)
{
    web_worker *w = web_w(rq);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "首页");
    buf_puts(b, "<section class=\"hero\"><h1>科技成果供需对接</h1><p>高校院所发布科技成果，"
                "企业发布技术需求，平台撮合供需双方、精准对接。</p>"
                "<form class=\"search\" method=\"get\" action=\"/achievements\">"
                "<input type=\"search\" name=\"q\" placeholder=\"搜索科技成果，如：射频、芯片\" "
                "aria-label=\"搜索科技成果\" maxlength=\"100\"><button type=\"submit\">搜索"
                "</button></form></section>");
    qiao_err e = {0};
    int64_t ver = 0;
    int64_t now = (int64_t)time(NULL);
    /* read before the figures: a commit while they are made changes the
     * version again, so they are made once more on the next request */
    bool known = store_records_version(w->st, &ver, &e) == 0;
    if (known && w->home_html && (uint64_t)ver == w->home_ver && now >= w->home_at &&
        now - w->home_at < HOME_TTL) {
        buf_puts(b, w->home_html);
    } else {
        size_t start = b->len;
        int rc = figures_html(rq, rs, &e);
        if (rc < 0)
            return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
        free(w->home_html);
        w->home_html = NULL;
        if (known && rc == 0) {
            w->home_html = qiao_malloc(b->len - start + 1);
            memcpy(w->home_html, b->p + start, b->len - start);
            w->home_html[b->len - start] = '\0';
            w->home_ver = (uint64_t)ver;
            w->home_at = now;
        }
    }
    if (web_may_create(rq, MODEL_ACHIEVEMENT))
        buf_puts(b, "<p><a class=\"button\" href=\"/achievements/new\">发布科技成果</a></p>");
    if (web_may_create(rq, MODEL_DEMAND))
        buf_puts(b, "<p><a class=\"button\" href=\"/demands/new\">发布技术需求</a></p>");
    web_try_box(rq, rs, NULL, NULL);      /* try a match without publishing (/try) */
    if (!rq->signed_in)
        buf_puts(b, "<p class=\"join\">单位还没有入驻？<a href=\"/join\" id=\"join-link\">"
                    "申请入驻</a></p>");
    web_page_end(rq, rs);
    return 0;
}
