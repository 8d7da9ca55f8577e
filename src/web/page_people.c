/* web/page_people.c — GET /people (searchable) and /people/{id}: a person,
 * their expertise, contacts (only to those web_may_contact allows) and, for
 * experts, scientists and technology managers, the demands that match them. */
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

int web_page_people(web_req *rq, web_resp *rs)
{
    web_people_list_page(rq, rs, MODEL_PERSON);
    return 0;
}

static bool has_role(const json_t *roles, const char *role)
{
    size_t i;
    json_t *v;
    json_array_foreach(roles, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), role) == 0)
            return true;
    return false;
}

typedef struct owned { const char *who; buf *b; int n; } owned;

static int owned_one(const model_record *a, void *ud)
{
    owned *o = ud;
    if (!has_role(json_object_get(a->doc, "owners"), o->who) || o->n >= 20)
        return 0;
    buf_puts(o->b, o->n++ ? "、" : "<li>完成的科技成果：");
    buf_puts(o->b, "<a href=\"/achievements/");
    web_url_arg(o->b, a->key);
    buf_puts(o->b, "\">");
    web_html_text(o->b, model_str(a, "title"));
    buf_puts(o->b, "</a>");
    return 0;
}

/* What a person can be contacted about: their expertise and the published
 * achievements of their org that name them among the 完成人. */
static void contact_about(web_req *rq, buf *b, const model_record *r)
{
    const char *exp = model_str(r, "expertise");
    buf items = {0};
    if (*exp) {
        buf_puts(&items, "<li>专长：");
        web_html_text(&items, exp);
        buf_puts(&items, "</li>");
    }
    owned o = { r->key, &items, 0 };
    store_filter f = { .org = model_str(r, "org"), .status = "published" };
    if (*f.org)
        store_list(web_w(rq)->st, MODEL_ACHIEVEMENT, &f, &(store_sort){ "published", 1 }, 0,
                   1000, owned_one, &o, NULL, NULL);
    if (o.n)
        buf_puts(&items, "</li>");
    if (items.len) {
        buf_puts(b, "<h2>可联系的事项</h2><ul class=\"contact-about\">");
        buf_append(b, items.p, items.len);
        buf_puts(b, "</ul>");
    }
    buf_free(&items);
}

int web_page_person(web_req *rq, web_resp *rs)
{
    const char *id = web_param(rq, "id");
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_PERSON, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    json_t *d = web_public_doc(rq, &r);
    buf *b = &rs->body;
    web_page_begin(rq, rs, model_str(&r, "name"));
    buf_puts(b, "<article class=\"record\"><h1>");
    web_html_text(b, model_str(&r, "name"));
    buf_puts(b, "</h1><dl>");
    const char *s;
    if (*(s = model_str(&r, "title"))) {
        buf_puts(b, "<dt>职务</dt><dd class=\"f-title\">");
        web_html_text(b, s);
        buf_puts(b, "</dd>");
    }
    if (*(s = model_str(&r, "org"))) {
        buf_puts(b, "<dt>单位</dt><dd class=\"f-org\">");
        web_party_link(rq, b, s);
        buf_puts(b, "</dd>");
    }
    const json_t *roles = json_object_get(r.doc, "roles");
    if (json_array_size(roles)) {
        buf_puts(b, "<dt>角色</dt><dd class=\"f-roles\">");
        size_t i;
        json_t *v;
        json_array_foreach(roles, i, v) {
            if (i)
                buf_puts(b, "、");
            web_html_text(b, web_role_label(json_string_value(v)));
        }
        buf_puts(b, "</dd>");
    }
    if (json_array_size(json_object_get(r.doc, "keywords"))) {
        buf_puts(b, "<dt>关键词</dt><dd class=\"f-keywords\">");
        web_html_value(b, json_object_get(r.doc, "keywords"));
        buf_puts(b, "</dd>");
    }
    const char *email = json_string_value(json_object_get(d, "email"));
    const char *phone = json_string_value(json_object_get(d, "phone"));
    if (email) {
        buf_puts(b, "<dt>邮箱</dt><dd class=\"f-email\"><a href=\"mailto:");
        web_html_attr(b, email);
        buf_puts(b, "\">");
        web_html_text(b, email);
        buf_puts(b, "</a></dd>");
    }
    if (phone) {
        buf_puts(b, "<dt>电话</dt><dd class=\"f-phone\">");
        web_html_text(b, phone);
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "</dl>");
    bool hidden = (json_object_get(r.doc, "email") || json_object_get(r.doc, "phone")) &&
                  !web_may_contact(rq);
    if (hidden)
        buf_printf(b, "<p class=\"meta\">联系方式仅对已登录的工作人员、技术经理人、高校和企业账号显示"
                   "%s。</p>", rq->signed_in ? "" : "（<a href=\"/login\">登录</a>）");
    contact_about(rq, b, &r);
    buf_puts(b, "</article>");
    if (has_role(roles, "expert") || has_role(roles, "scientist") ||
        has_role(roles, "tech_manager"))
        web_matches_html(rq, rs, &r, MODEL_DEMAND, 5, "与其专长匹配的技术需求", 2);
    buf_puts(b, "<p><a href=\"/people\">← 全部人员</a></p>");
    json_decref(d);
    model_record_clear(&r);
    web_page_end(rq, rs);
    return 0;
}
