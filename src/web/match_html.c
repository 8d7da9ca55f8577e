/* web/match_html.c — a record's best matches as HTML (the achievement,
 * demand, person and dashboard pages share it): each hit with the words and
 * factors that made it match, and, where the visitor may, a button that
 * starts a cooperation project from the match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/interests.h"
#include "web/pages.h"

bool web_is_match_party(const web_req *rq, const char *ach_org, const char *dem_org)
{
    if (!rq->signed_in || rq->via_token)
        return false;
    if (web_is_staff(rq))
        return true;
    return *rq->user.org && ((ach_org && !strcmp(ach_org, rq->user.org)) ||
                             (dem_org && !strcmp(dem_org, rq->user.org)));
}

bool web_may_register_project(const web_req *rq)
{
    return rq->signed_in && !rq->via_token && web_is_staff(rq);
}

/* The words of a hit (its "words"), at most 8, into w; returns how many. */
static size_t hit_words(const json_t *h, const char **w)
{
    size_t j, n = 0;
    json_t *t;
    json_array_foreach(json_object_get(h, "words"), j, t)
        if (json_is_string(t) && n < 8)
            w[n++] = json_string_value(t);
    return n;
}

/* The reasons of one hit as sentences: the shared words, then each factor
 * that counted for the match. */
static void reasons(buf *b, const json_t *h)
{
    const char *w[8];
    size_t nw = hit_words(h, w);
    buf l = {0};
    if (nw) {
        buf_puts(&l, "<li>共同的关键词：");
        for (size_t i = 0; i < nw; i++) {
            if (i)
                buf_puts(&l, "、");
            web_html_text(&l, w[i]);
        }
        buf_puts(&l, "</li>");
    }
    size_t j;
    json_t *t;
    json_array_foreach(json_object_get(h, "factors"), j, t) {
        const char *text = json_string_value(json_object_get(t, "text"));
        if (json_real_value(json_object_get(t, "share")) <= 0 || !text || !*text)
            continue;
        buf_puts(&l, "<li>");
        web_html_text(&l, text);
        buf_puts(&l, "</li>");
    }
    if (l.len) {
        buf_puts(b, "<ul class=\"why\">");
        buf_append(b, l.p, l.len);
        buf_puts(b, "</ul>");
    } else {
        buf_puts(b, "<p class=\"why\">只有零散的字词相近，没有共同的关键词。</p>");
    }
    buf_free(&l);
}

/* For a party or staff: a link to the project the match already has; else,
 * for staff only, a button that registers a project the two sides agreed on
 * (the parties themselves propose one from an accepted interest, and it
 * starts when the other side confirms: src/interest). */
static void start_button(web_req *rq, web_resp *rs, const model_record *r, const char *hit_id)
{
    buf *b = &rs->body;
    bool ach = r->kind == MODEL_ACHIEVEMENT;
    char existing[MODEL_KEY_MAX];
    if (web_project_of_pair(rq, ach ? r->key : hit_id, ach ? hit_id : r->key, existing)) {
        buf_puts(b, "<p class=\"meta\">已有合作项目：<a href=\"/projects/");
        web_url_arg(b, existing);
        buf_puts(b, "\">查看项目进展</a></p>");
        return;
    }
    if (!web_may_register_project(rq))
        return;
    buf_puts(b, "<form class=\"inline start\" method=\"post\" action=\"/projects/new\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"achievement\" value=\"");
    web_html_attr(b, ach ? r->key : hit_id);
    buf_puts(b, "\"><input type=\"hidden\" name=\"demand\" value=\"");
    web_html_attr(b, ach ? hit_id : r->key);
    buf_puts(b, "\"><button type=\"submit\">登记双方已商定的合作项目</button></form>");
}

int web_matches_html(web_req *rq, web_resp *rs, const model_record *r, model_kind target,
                     size_t top, const char *heading, int level)
{
    const char *tbase = target == MODEL_ACHIEVEMENT ? "/achievements"
                        : target == MODEL_PERSON ? "/people" : "/demands";
    json_t *hits = NULL;
    qiao_err e = {0};
    if (web_matches(rq, r, target, top, &hits, &e) < 0 || !hits) {
        if (e.msg[0])
            fprintf(stderr, "qiao serve: matching %s: %s\n", r->key, e.msg);
        json_decref(hits);
        return 0;
    }
    buf *b = &rs->body;
    bool pair = (r->kind == MODEL_ACHIEVEMENT && target == MODEL_DEMAND) ||
                (r->kind == MODEL_DEMAND && target == MODEL_ACHIEVEMENT);
    const char *own_org = model_str(r, "org");
    buf_printf(b, "<section class=\"matches\"><h%d>", level);
    web_html_text(b, heading);
    buf_printf(b, "</h%d>", level);
    if (json_array_size(hits) == 0)
        buf_puts(b, "<p class=\"empty\">暂无匹配。</p>");
    buf_puts(b, "<ol class=\"records\">");
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        const char *id = json_string_value(json_object_get(h, "id"));
        const char *org = json_string_value(json_object_get(h, "org"));
        buf_printf(b, "<li><h%d><a href=\"%s/", level + 1, tbase);
        web_url_arg(b, id);
        buf_puts(b, "\">");
        const char *w[8];
        size_t nw = hit_words(h, w);
        const char *title = json_string_value(json_object_get(h, "title"));
        web_html_marked(b, title, title ? strlen(title) : 0, w, nw);
        buf_printf(b, "</a></h%d><p class=\"meta\">", level + 1);
        char *name = web_org_name(rq, org);
        web_html_text(b, name);
        free(name);
        const char *label = json_string_value(json_object_get(h, "level_label"));
        buf_puts(b, " · <span class=\"level\">匹配程度：");
        web_html_text(b, label ? label : "低");
        buf_printf(b, "（%lld/100）</span></p>",
                   (long long)json_integer_value(json_object_get(h, "level")));
        const char *ex = json_string_value(json_object_get(h, "excerpt"));
        if (ex && *ex) {
            buf_puts(b, "<p class=\"excerpt\">");
            web_html_marked(b, ex, strlen(ex), w, nw);
            buf_puts(b, "</p>");
        }
        reasons(b, h);
        if (pair && web_is_match_party(rq, r->kind == MODEL_ACHIEVEMENT ? own_org : org,
                                          r->kind == MODEL_DEMAND ? own_org : org))
            start_button(rq, rs, r, id);
        web_interest_match_actions(rq, rs, r, target, id);   /* 有意向, 不合适 */
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ol></section>");
    size_t n = json_array_size(hits);
    json_decref(hits);
    return (int)n;
}
