/* web/page_orgs.c — GET /orgs (organisations, searchable) and /orgs/{id}:
 * an organisation, its achievements, demands and people (email and phone
 * only to those web_may_contact allows). */
#include <stdlib.h>
#include <string.h>

#include "web/join_web.h"
#include "web/managers.h"
#include "web/pages.h"

#define PER_PAGE 20

static const char *jstr(const json_t *d, const char *f)
{
    const char *s = json_string_value(json_object_get(d, f));
    return s ? s : "";
}

void web_people_list_page(web_req *rq, web_resp *rs, model_kind k)
{
    bool orgs = k == MODEL_ORG;
    const char *base = orgs ? "/orgs" : "/people";
    const char *q = web_param(rq, "q");
    long page = web_param_long(rq, "page", 1);
    web_list_query lq = {.kind = k, .q = q, .zone = web_param(rq, "zone"),
                         .chain = orgs ? web_param(rq, "chain") : NULL,
                         .org = orgs ? NULL : web_param(rq, "org"),
                         .org_type = web_param(rq, "org_type"),
                         .sort = q && *q ? NULL : "name", .page = page, .per_page = PER_PAGE,
                         .facets = true};
    web_list l;
    qiao_err e = {0};
    buf *b = &rs->body;
    int rc = web_list_records(rq, &lq, &l, &e);
    if (rc < 0 && rc != QIAO_EINVAL) {
        web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
        return;
    }
    const char *title = orgs ? "参与单位" : "专家与人才";
    web_page_begin(rq, rs, title);
    buf_printf(b, "<h1>%s</h1><form class=\"search\" method=\"get\" action=\"%s\">"
               "<input type=\"search\" name=\"q\" maxlength=\"100\" aria-label=\"搜索\" "
               "placeholder=\"%s\" value=\"", title, base, orgs ? "单位名称或简介" : "姓名或专长");
    web_html_attr(b, q);
    buf_puts(b, "\"><button type=\"submit\">搜索</button></form>");
    web_search_help_link(b);
    if (rc == QIAO_EINVAL && strcmp(e.field, "page") == 0) {
        web_search_window_error(rs);
        web_page_end(rq, rs);
        return;
    }
    if (rc == QIAO_EINVAL && web_query_vague(q)) {
        buf_puts(b, "<p class=\"error\" role=\"alert\">" WEB_VAGUE_QUERY "</p>");
        web_page_end(rq, rs);
        return;
    }
    if (rc == QIAO_EINVAL) {
        rs->status = 400;
        buf_puts(b, "<p class=\"error\" role=\"alert\">搜索语法有误：");
        web_html_text(b, e.msg);
        buf_puts(b, "</p>");
        web_page_end(rq, rs);
        return;
    }
    web_facets_block(b, rq, base, l.facets, k);
    web_list_count(b, &l, "个", "");
    buf_puts(b, "<ul class=\"records\">");
    for (size_t i = 0; i < l.n; i++) {
        const json_t *d = l.items[i];
        buf_printf(b, "<li><h2><a href=\"%s/", base);
        web_url_arg(b, jstr(d, "id"));
        buf_puts(b, "\">");
        web_html_text(b, jstr(d, "name"));
        buf_puts(b, "</a></h2><p class=\"meta\">");
        if (orgs) {
            web_html_text(b, web_org_type_label(jstr(d, "type")));
            if (*jstr(d, "zone")) {
                buf_puts(b, " · ");
                web_html_text(b, jstr(d, "zone"));
            }
            if (json_array_size(json_object_get(d, "chains"))) {
                buf_puts(b, " · ");
                web_html_value(b, json_object_get(d, "chains"));
            }
        } else {
            web_html_text(b, jstr(d, "title"));
            if (*jstr(d, "org")) {
                char *name = web_org_name(rq, jstr(d, "org"));
                buf_puts(b, *jstr(d, "title") ? " · " : "");
                web_html_text(b, name);
                free(name);
            }
        }
        buf_puts(b, "</p>");
        const char *text = jstr(d, orgs ? "description" : "expertise");
        if (*text) {
            buf_puts(b, "<p>");
            web_html_excerpt(b, text, 120);
            buf_puts(b, "</p>");
        }
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul>");
    if (l.n == 0)
        buf_puts(b, "<p class=\"empty\">没有找到。</p>");
    buf state = {0};
    web_list_state(&state, rq, "page");
    web_list_pager_state(b, base, buf_cstr(&state), page, PER_PAGE, &l);
    buf_free(&state);
    web_list_free(&l);
    web_page_end(rq, rs);
}

int web_page_orgs(web_req *rq, web_resp *rs)
{
    web_people_list_page(rq, rs, MODEL_ORG);
    return 0;
}

/* The org's achievements or demands (drafts and withdrawn ones too for
 * those who may edit them). */
static void org_records(web_req *rq, web_resp *rs, const char *org, model_kind k)
{
    bool mine = web_may_edit(rq, k, org);
    web_list_query lq = {.kind = k, .org = org, .sort = "-published", .page = 1,
                         .per_page = 100, .include_hidden = mine};
    web_list l;
    qiao_err e = {0};
    buf *b = &rs->body;
    const char *base = k == MODEL_ACHIEVEMENT ? "/achievements/" : "/demands/";
    buf_printf(b, "<section class=\"org-%s\"><h2>%s</h2>", web_kind_plural(k), web_kind_label(k));
    if (web_list_records(rq, &lq, &l, &e) < 0) {
        buf_puts(b, "<p class=\"error\">");
        web_html_text(b, e.msg);
        buf_puts(b, "</p></section>");
        return;
    }
    if (l.n == 0)
        buf_puts(b, "<p class=\"empty\">暂无。</p>");
    else
        buf_puts(b, "<ul class=\"records\">");
    for (size_t i = 0; i < l.n; i++) {
        const json_t *d = l.items[i];
        buf_printf(b, "<li><a href=\"%s", base);
        web_url_arg(b, jstr(d, "id"));
        buf_puts(b, "\">");
        web_html_text(b, jstr(d, "title"));
        buf_puts(b, "</a><p class=\"meta\">");
        web_html_text(b, web_status_text(k, d));
        if (*jstr(d, "published")) {
            buf_puts(b, " · ");
            web_show_when(b, jstr(d, "published"));
        }
        buf_puts(b, "</p></li>");
    }
    if (l.n)
        buf_puts(b, "</ul>");
    if (l.total > l.n)
        buf_printf(b, "<p class=\"meta\">另有 %zu 条未列出。</p>", l.total - l.n);
    buf_puts(b, "</section>");
    web_list_free(&l);
}

void web_person_item(web_req *rq, buf *b, const json_t *d)
{
    (void)rq;
    buf_puts(b, "<li><a href=\"/people/");
    web_url_arg(b, jstr(d, "id"));
    buf_puts(b, "\">");
    web_html_text(b, jstr(d, "name"));
    buf_puts(b, "</a>");
    if (*jstr(d, "title")) {
        buf_puts(b, " <span class=\"meta\">");
        web_html_text(b, jstr(d, "title"));
        buf_puts(b, "</span>");
    }
    if (*jstr(d, "email") || *jstr(d, "phone")) {
        buf_puts(b, "<p class=\"contact\">");
        if (*jstr(d, "email")) {
            buf_puts(b, "邮箱 <a href=\"mailto:");
            web_html_attr(b, jstr(d, "email"));
            buf_puts(b, "\">");
            web_html_text(b, jstr(d, "email"));
            buf_puts(b, "</a> ");
        }
        if (*jstr(d, "phone")) {
            buf_puts(b, "电话 ");
            web_html_text(b, jstr(d, "phone"));
        }
        buf_puts(b, "</p>");
    }
    buf_puts(b, "</li>");
}

int web_page_org(web_req *rq, web_resp *rs)
{
    const char *id = web_param(rq, "id");
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_ORG, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    buf *b = &rs->body;
    const json_t *d = r.doc;
    web_page_begin(rq, rs, model_str(&r, "name"));
    buf_puts(b, "<article class=\"record\"><h1>");
    web_html_text(b, jstr(d, "name"));
    buf_puts(b, "</h1><dl><dt>类型</dt><dd class=\"f-type\">");
    web_html_text(b, web_org_type_label(jstr(d, "type")));
    if (json_is_true(json_object_get(d, "external")))
        buf_puts(b, "（外地）");
    buf_puts(b, "</dd>");
    static const char *const fields[][2] = {
        {"region", "地区"}, {"zone", "知识经济圈"}, {"chains", "产业链"}, {"founded", "成立日期"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const json_t *v = json_object_get(d, fields[i][0]);
        if (!v)
            continue;
        buf_printf(b, "<dt>%s</dt><dd class=\"f-%s\">", fields[i][1], fields[i][0]);
        web_html_value(b, v);
        buf_puts(b, "</dd>");
    }
    if (*jstr(d, "website")) {
        buf_puts(b, "<dt>网站</dt><dd class=\"f-website\"><a rel=\"nofollow noopener\" href=\"");
        web_html_href(b, jstr(d, "website"));
        buf_puts(b, "\">");
        web_html_text(b, jstr(d, "website"));
        buf_puts(b, "</a></dd>");
    }
    buf_puts(b, "</dl>");
    if (*jstr(d, "description")) {
        buf_puts(b, "<h2>简介</h2><div class=\"text\">");
        web_html_text(b, jstr(d, "description"));
        buf_puts(b, "</div>");
    }
    buf_puts(b, "</article>");
    if (web_may_invite(rq, id)) {
        buf_puts(b, "<p><a class=\"button\" id=\"invite\" href=\"/orgs/");
        web_url_arg(b, id);
        buf_puts(b, "/invite\">邀请成员加入本单位</a></p>");
    }
    web_org_managers(rq, rs, id);         /* 技术经理人 (admin and staff only) */
    org_records(rq, rs, id, MODEL_ACHIEVEMENT);
    org_records(rq, rs, id, MODEL_DEMAND);

    web_list_query lq = {.kind = MODEL_PERSON, .org = id, .sort = "name", .page = 1,
                         .per_page = 100};
    web_list l;
    buf_puts(b, "<section class=\"org-people\"><h2>人员</h2>");
    if (web_list_records(rq, &lq, &l, &e) == 0) {
        if (l.n == 0)
            buf_puts(b, "<p class=\"empty\">暂无。</p>");
        else
            buf_puts(b, "<ul class=\"people\">");
        for (size_t i = 0; i < l.n; i++)
            web_person_item(rq, b, l.items[i]);
        if (l.n)
            buf_puts(b, "</ul>");
        if (l.n && !web_may_contact(rq))
            buf_puts(b, "<p class=\"meta\">联系方式仅对已登录的工作人员、技术经理人、高校和企业账号显示。</p>");
        web_list_free(&l);
    }
    buf_puts(b, "</section><p><a href=\"/orgs\">← 全部单位</a></p>");
    model_record_clear(&r);
    web_page_end(rq, rs);
    return 0;
}
