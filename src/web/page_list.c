/* web/page_list.c — GET /achievements and GET /demands: a search box (and
 * the link to its help), facets with counts (page_facets.c), the matching
 * records ranked by the match index or listed by the store, sort links, and
 * pagination keeping the search, filters and sort. */
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

#define PER_PAGE 20

static void excerpt(buf *b, const char *s, size_t max_chars, const char *const *w, size_t nw)
{
    size_t i = qiao_utf8_prefix(s, max_chars);
    web_html_marked(b, s, i, w, nw);
    if (s[i])
        buf_puts(b, "…");
}

int web_page_list(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    const char *q = web_param(rq, "q");
    const char *sort = web_param(rq, "sort");
    if (!sort || !*sort)
        sort = q && *q ? "relevance" : "newest";
    if (strcmp(sort, "deadline") == 0 && k != MODEL_DEMAND)
        sort = "newest";
    web_list_query lq = {.kind = k, .q = q, .chain = web_param(rq, "chain"),
                         .zone = web_param(rq, "zone"), .org = web_param(rq, "org"),
                         .mode = web_param(rq, "mode"), .org_type = web_param(rq, "org_type"),
                         .trl_min = (int)web_param_long(rq, "trl_min", 0),
                         .trl_max = (int)web_param_long(rq, "trl_max", 0),
                         .sort = !(q && *q) && strcmp(sort, "relevance") == 0 ? "newest" : sort,
                         .page = web_param_long(rq, "page", 1), .per_page = PER_PAGE,
                         .facets = true};
    web_list l;
    qiao_err e = {0};
    int rc = web_list_records(rq, &lq, &l, &e);
    if (rc < 0 && rc != QIAO_EINVAL)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    buf *b = &rs->body;
    web_page_begin(rq, rs, web_kind_label(k));
    buf_printf(b, "<h1>%s</h1><form class=\"search\" method=\"get\" action=\"%s\">"
               "<input type=\"search\" name=\"q\" maxlength=\"100\" aria-label=\"搜索\" "
               "placeholder=\"关键词\" value=\"", web_kind_label(k), base);
    web_html_attr(b, q);
    buf_puts(b, "\"><button type=\"submit\">搜索</button></form>");
    web_search_help_link(b);
    web_save_search_form(rq, rs, k, q, lq.chain, lq.zone);
    if (web_may_create(rq, k))
        buf_printf(b, "<p><a class=\"button\" id=\"new\" href=\"%s/new\">发布%s</a></p>", base,
                   k == MODEL_ACHIEVEMENT ? "科技成果" : "技术需求");
    if (rc == QIAO_EINVAL && strcmp(e.field, "page") == 0) {
        web_search_window_error(rs);
        web_page_end(rq, rs);
        return 0;
    }
    if (rc == QIAO_EINVAL && web_query_vague(q)) {
        buf_puts(b, "<p class=\"error\" role=\"alert\">" WEB_VAGUE_QUERY "</p>");
        web_page_end(rq, rs);
        return 0;
    }
    if (rc == QIAO_EINVAL) {
        rs->status = 400;
        buf_puts(b, "<p class=\"error\" role=\"alert\">搜索语法有误：");
        web_html_text(b, e.msg);
        buf_puts(b, "</p><p class=\"meta\">可用：词语、\"短语\"、-排除词、chain:产业链、"
                    "zone:知识经济圈、trl&gt;=6。</p>");
        web_page_end(rq, rs);
        return 0;
    }
    web_facets_block(b, rq, base, l.facets, k);
    web_list_count(b, &l, "条", "");
    char **words = NULL;          /* the query's words, marked in titles and excerpts */
    size_t nw = q && *q ? web_query_words(q, &words) : 0;
    buf_puts(b, "<ul class=\"records\">");
    for (size_t i = 0; i < l.n; i++) {
        const json_t *d = l.items[i];
        const char *id = json_string_value(json_object_get(d, "id"));
        buf_printf(b, "<li><h2><a href=\"%s/", base);
        web_url_arg(b, id);
        buf_puts(b, "\">");
        const char *title = json_string_value(json_object_get(d, "title"));
        web_html_marked(b, title, title ? strlen(title) : 0, (const char *const *)words, nw);
        buf_puts(b, "</a></h2><p class=\"meta\">");
        char *org = web_org_name(rq, json_string_value(json_object_get(d, "org")));
        web_html_text(b, org);
        free(org);
        const json_t *chains = json_object_get(d, "chains");
        if (json_array_size(chains)) {
            buf_puts(b, " · ");
            web_html_value(b, chains);
        }
        const json_t *trl = json_object_get(d, k == MODEL_ACHIEVEMENT ? "trl" : "trl_min");
        if (trl)
            buf_printf(b, " · TRL %lld", (long long)json_integer_value(trl));
        const char *amt = k == MODEL_ACHIEVEMENT ? "price" : "budget";
        const json_t *yuan = json_object_get(d, amt);
        if (json_is_integer(yuan)) {
            buf_printf(b, " · %s ", model_field_label(k, amt));
            web_show_amount(b, (long long)json_integer_value(yuan));
        }
        const char *dl = json_string_value(json_object_get(d, "deadline"));
        if (dl) {
            buf_puts(b, " · 截止 ");
            web_show_when(b, dl);
        }
        buf_puts(b, "</p><p>");
        const char *text = json_string_value(json_object_get(d, k == MODEL_ACHIEVEMENT
                                                                  ? "summary" : "description"));
        excerpt(b, text ? text : "", 120, (const char *const *)words, nw);
        buf_puts(b, "</p></li>");
    }
    buf_puts(b, "</ul>");
    web_words_free(words, nw);
    if (l.total == 0)
        buf_puts(b, "<p class=\"empty\">没有找到符合条件的记录。</p>");
    buf state = {0};
    web_list_state(&state, rq, "page");
    web_list_pager_state(b, base, buf_cstr(&state), lq.page, PER_PAGE, &l);
    buf_free(&state);
    web_list_free(&l);
    web_page_end(rq, rs);
    return 0;
}
