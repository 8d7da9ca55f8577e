/* web/page_home.c — GET /: the programme's key figures and the way in. */
#include "web/pages.h"

int web_page_home(web_req *rq, web_resp *rs)
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
    web_page_begin(rq, rs, "首页");
    buf_puts(b, "<section class=\"hero\"><h1>科技成果供需对接</h1><p>高校院所发布科技成果，"
                "企业发布技术需求，平台撮合供需双方、精准对接。</p>"
                "<form class=\"search\" method=\"get\" action=\"/achievements\">"
                "<input type=\"search\" name=\"q\" placeholder=\"搜索科技成果，如：射频、芯片\" "
                "aria-label=\"搜索科技成果\" maxlength=\"100\"><button type=\"submit\">搜索"
                "</button></form></section><ul class=\"figures\">");
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++) {
        int64_t n = 0;
        qiao_err e = {0};
        if (store_count(web_w(rq)->st, figs[i].k, &n, &e) < 0)
            return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
        buf_puts(b, "<li>");
        if (figs[i].href)
            buf_printf(b, "<a href=\"%s\">", figs[i].href);
        buf_printf(b, "<strong>%lld</strong><span>%s</span>", (long long)n, figs[i].label);
        if (figs[i].href)
            buf_puts(b, "</a>");
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
    web_stats_summary(rq, rs);
    if (web_may_create(rq, MODEL_ACHIEVEMENT))
        buf_puts(b, "<p><a class=\"button\" href=\"/achievements/new\">发布科技成果</a></p>");
    if (web_may_create(rq, MODEL_DEMAND))
        buf_puts(b, "<p><a class=\"button\" href=\"/demands/new\">发布技术需求</a></p>");
    web_page_end(rq, rs);
    return 0;
}
