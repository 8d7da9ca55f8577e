/* web/page_show.c — GET /achievements/{id} and /demands/{id}: one record,
 * every field it has, and the owner's edit / withdraw / close buttons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/interests.h"
#include "web/pages.h"

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
    if (!web_may_see(rq, &r)) {
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
        if (!strcmp(key, "kind") || !strcmp(key, "id") || !strcmp(key, "title") ||
            !strcmp(key, "summary") || !strcmp(key, "description"))
            continue;
        model_field_info fi = {0};
        model_field_info_of(k, key, &fi);
        buf_puts(b, "<dt>");
        web_html_text(b, web_label(k, key));
        buf_printf(b, "</dt><dd class=\"f-%s\">", key);
        if (!strcmp(key, "org")) {
            web_party_link(rq, b, json_string_value(v));      /* to the org's page */
        } else if (!strcmp(key, "owners") && json_is_array(v)) {
            size_t i;                                         /* 完成人: their pages */
            json_t *o;
            json_array_foreach(v, i, o) {
                if (i)
                    buf_puts(b, "、");
                web_party_link(rq, b, json_string_value(o));
            }
        } else if (fi.amount && json_is_integer(v)) {
            web_show_amount(b, (long long)json_integer_value(v));
        } else if (fi.date && json_is_string(v)) {
            web_show_when(b, json_string_value(v));
        } else if (fi.trl && json_is_integer(v)) {
            web_html_text(b, model_trl_label((int)json_integer_value(v)));
        } else if (!strcmp(key, "status")) {
            web_html_text(b, web_status_text(k, r.doc));
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
        bool ended = model_is_public(&r) && !model_is_matchable(&r);   /* withdrawn, closed */
        if (!ended) {                   /* confirmed on a page of its own */
            buf_printf(b, " <a class=\"button danger\" href=\"%s/", base);
            web_url_arg(b, id);
            buf_printf(b, "/%s\">%s</a>", k == MODEL_ACHIEVEMENT ? "withdraw" : "close",
                       k == MODEL_ACHIEVEMENT ? "撤回成果" : "关闭需求");
        }
        buf_puts(b, "</p>");
    }
    buf_puts(b, "</article>");
    web_interest_record(rq, rs, &r);      /* 有意向 / 联系对方; the owner's feedback */
    model_kind target = k == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    web_matches_html(rq, rs, &r, target, 5, target == MODEL_ACHIEVEMENT ? "推荐对接的科技成果"
                     : "可能需要该成果的企业需求", 2);
    if (k == MODEL_DEMAND)                /* experts by expertise (qiao match --people) */
        web_matches_html(rq, rs, &r, MODEL_PERSON, 5, "可以咨询的专家", 2);
    buf_printf(b, "<p><a href=\"%s\">← 返回列表</a></p>", base);
    model_record_clear(&r);
    web_page_end(rq, rs);
    return 0;
}
