/* web/page_show.c — GET /achievements/{id} and /demands/{id}: one record,
 * every field it has, and the owner's edit / withdraw / close buttons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

static const char *factor_label(const char *name)
{
    static const char *const t[][2] = {
        {"chains", "同一产业链"}, {"trl", "成熟度符合"}, {"modes", "转化方式一致"},
        {"zone", "同一知识经济圈"}, {"fresh", "近期发布"},
    };
    for (size_t i = 0; name && i < sizeof t / sizeof *t; i++)
        if (strcmp(t[i][0], name) == 0)
            return t[i][1];
    return "其他因素";
}

/* The best matches of the other side, each with the words and factors that
 * made it match. */
static void show_matches(web_req *rq, web_resp *rs, const model_record *r, model_kind k)
{
    model_kind target = k == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    const char *tbase = target == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    json_t *hits = NULL;
    qiao_err e = {0};
    if (web_matches(rq, r, target, 5, &hits, &e) < 0 || !hits) {
        if (e.msg[0])
            fprintf(stderr, "qiao serve: matching %s: %s\n", r->key, e.msg);
        json_decref(hits);
        return;
    }
    buf *b = &rs->body;
    buf_printf(b, "<section class=\"matches\"><h2>%s</h2>", target == MODEL_ACHIEVEMENT
               ? "推荐对接的科技成果" : "可能需要该成果的企业需求");
    if (json_array_size(hits) == 0)
        buf_puts(b, "<p class=\"empty\">暂无匹配。</p>");
    buf_puts(b, "<ol class=\"records\">");
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        buf_printf(b, "<li><h3><a href=\"%s/", tbase);
        web_url_arg(b, json_string_value(json_object_get(h, "id")));
        buf_puts(b, "\">");
        web_html_text(b, json_string_value(json_object_get(h, "title")));
        buf_puts(b, "</a></h3><p class=\"meta\">");
        char *org = web_org_name(rq, json_string_value(json_object_get(h, "org")));
        web_html_text(b, org);
        free(org);
        buf_printf(b, " · 匹配度 %.2f</p><p class=\"why\">",
                   json_real_value(json_object_get(h, "score")));
        size_t j;
        json_t *t;
        json_t *terms = json_object_get(h, "terms");
        if (json_array_size(terms))
            buf_puts(b, "共同词语：");
        const char *seen[8];
        size_t nseen = 0;
        json_array_foreach(terms, j, t) {
            const char *text = json_string_value(json_object_get(t, "text"));
            bool dup = !text;
            for (size_t k2 = 0; !dup && k2 < nseen; k2++)
                dup = strcmp(seen[k2], text) == 0;
            if (dup || nseen == 8)
                continue;
            if (nseen)
                buf_puts(b, "、");
            seen[nseen++] = text;
            web_html_text(b, text);
        }
        json_array_foreach(json_object_get(h, "factors"), j, t) {
            if (json_real_value(json_object_get(t, "share")) <= 0)
                continue;
            const char *d = json_string_value(json_object_get(t, "detail"));
            buf_printf(b, "；%s", factor_label(json_string_value(json_object_get(t, "name"))));
            if (d && *d) {
                buf_puts(b, "（");
                web_html_text(b, d);
                buf_puts(b, "）");
            }
        }
        buf_puts(b, "</p></li>");
    }
    buf_puts(b, "</ol></section>");
    json_decref(hits);
}

int web_page_show(web_req *rq, web_resp *rs)
{
    model_kind k = web_page_kind(rq);
    const char *id = web_param(rq, "id");
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements" : "/demands";
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, k, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    const char *org = model_str(&r, "org");
    bool mine = web_may_edit(rq, k, org);
    if (strcmp(model_str(&r, "status"), "draft") == 0 && !mine) {
        model_record_clear(&r);
        return web_fail(rq, rs, 404, "not_found", NULL, "no %s with id %s", model_kind_name(k), id);
    }
    buf *b = &rs->body;
    web_page_begin(rq, rs, model_str(&r, "title"));
    buf_puts(b, "<article class=\"record\"><h1>");
    web_html_text(b, model_str(&r, "title"));
    buf_puts(b, "</h1><dl>");
    const char *key;
    json_t *v;
    json_object_foreach(r.doc, key, v) {
        if (!strcmp(key, "kind") || !strcmp(key, "title") || !strcmp(key, "summary") ||
            !strcmp(key, "description"))
            continue;
        buf_puts(b, "<dt>");
        web_html_text(b, web_label(k, key));
        buf_printf(b, "</dt><dd class=\"f-%s\">", key);
        if (!strcmp(key, "org")) {
            char *name = web_org_name(rq, json_string_value(v));
            web_html_text(b, name);
            free(name);
        } else {
            web_html_value(b, v);
        }
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "</dl>");
    const char *text = model_str(&r, k == MODEL_ACHIEVEMENT ? "summary" : "description");
    if (*text) {
        buf_printf(b, "<h2>%s</h2><div class=\"text\">",
                   web_label(k, k == MODEL_ACHIEVEMENT ? "summary" : "description"));
        web_html_text(b, text);
        buf_puts(b, "</div>");
    }
    if (mine) {
        buf_printf(b, "<p class=\"actions\"><a class=\"button\" href=\"%s/", base);
        web_url_arg(b, id);
        buf_puts(b, "/edit\">修改</a>");
        const char *st = model_str(&r, "status");
        bool live = k == MODEL_ACHIEVEMENT ? strcmp(st, "withdrawn") != 0 : strcmp(st, "closed") != 0;
        if (live) {
            buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"%s/", base);
            web_url_arg(b, id);
            buf_printf(b, "/%s\">", k == MODEL_ACHIEVEMENT ? "withdraw" : "close");
            web_csrf_input(rq, rs);
            buf_printf(b, "<button type=\"submit\">%s</button></form>",
                       k == MODEL_ACHIEVEMENT ? "撤回成果" : "关闭需求");
        }
        buf_puts(b, "</p>");
    }
    buf_puts(b, "</article>");
    show_matches(rq, rs, &r, k);
    buf_printf(b, "<p><a href=\"%s\">← 返回列表</a></p>", base);
    model_record_clear(&r);
    web_page_end(rq, rs);
    return 0;
}
