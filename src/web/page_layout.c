/* web/page_layout.c — the frame of every page (header, navigation, footer),
 * the error page, and labels shared by the pages. */
#include <stdlib.h>
#include <string.h>

#include "web/notify_web.h"
#include "project/project.h"
#include "web/pages.h"

/* The labels are the model's (model/messages.c): one catalogue. */
const char *web_label(model_kind k, const char *field)
{
    return model_field_label(k, field);
}

const char *web_value_label(const char *v)
{
    return model_value_label(MODEL_KIND_COUNT, NULL, v);
}

const char *web_status_text(model_kind k, const json_t *doc)
{
    const char *st = json_string_value(json_object_get(doc, "status"));
    if (!st || !*st)
        st = k == MODEL_ACHIEVEMENT ? "published" : "open";
    const char *dl = json_string_value(json_object_get(doc, "deadline"));
    if (k == MODEL_DEMAND && !strcmp(st, "closed") && dl && strlen(dl) >= 10) {
        char today[11];
        project_day_of(project_time_now(), today);
        if (strncmp(dl, today, 10) < 0)
            return "已截止";
    }
    return web_value_label(st);
}

const char *web_kind_label(model_kind k)
{
    return k == MODEL_ACHIEVEMENT ? "科技成果" : k == MODEL_DEMAND ? "技术需求" : model_kind_name(k);
}

model_kind web_page_kind(web_req *rq)
{
    return strncmp(rq->path, "/demands", 8) == 0 ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
}

void web_html_value(buf *b, const json_t *v)
{
    if (json_is_string(v)) {
        web_html_text(b, web_value_label(json_string_value(v)));
    } else if (json_is_integer(v)) {
        buf_printf(b, "%lld", (long long)json_integer_value(v));
    } else if (json_is_boolean(v)) {
        buf_puts(b, json_is_true(v) ? "是" : "否");
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i)
                buf_puts(b, "、");
            web_html_value(b, x);
        }
    } else if (json_is_object(v)) {
        const char *key;
        json_t *x;
        bool first = true;
        json_object_foreach((json_t *)v, key, x) {
            if (!first)
                buf_puts(b, "；");
            first = false;
            web_html_text(b, strcmp(key, "patents") == 0 ? "专利" : "");
            if (strcmp(key, "patents") == 0)
                buf_puts(b, "：");
            web_html_value(b, x);
        }
    }
}

char *web_org_name(web_req *rq, const char *org)
{
    model_record r = {0};
    if (!org || !*org)
        return qiao_strdup("");
    if (store_get(web_w(rq)->st, MODEL_ORG, org, &r, NULL) < 0)
        return qiao_strdup(org);
    char *s = qiao_strdup(model_str(&r, "name"));
    model_record_clear(&r);
    return s;
}

void web_field_errors(buf *b, const model_errors *errs, const char *field)
{
    size_t n = strlen(field);
    for (size_t i = 0; errs && i < errs->n; i++) {
        const char *f = errs->v[i].field;
        if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '[' || f[n] == '.')) {
            buf_printf(b, "<span class=\"field-error\" id=\"err-%s\">", field);
            web_html_text(b, model_error_text(&errs->v[i]));
            buf_puts(b, "</span>");
        }
    }
}

void web_form_value(buf *b, const json_t *v)
{
    if (json_is_string(v)) {
        web_html_attr(b, json_string_value(v));
    } else if (json_is_integer(v)) {
        buf_printf(b, "%lld", (long long)json_integer_value(v));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            buf_puts(b, i ? "、" : "");
            web_form_value(b, x);
        }
    }
}

void web_csrf_input(web_req *rq, web_resp *rs)
{
    const char *tok = web_csrf_token(rq, rs);
    buf_puts(&rs->body, "<input type=\"hidden\" name=\"_csrf\" value=\"");
    web_html_attr(&rs->body, tok);
    buf_puts(&rs->body, "\">");
}

void web_page_begin(web_req *rq, web_resp *rs, const char *title)
{
    buf *b = &rs->body;
    rs->ctype = "text/html; charset=utf-8";
    bool hant = web_wants_hant(rq);
    buf_printf(b, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>", hant ? "zh-Hant" : "zh-CN");
    web_html_text(b, title);
    buf_puts(b, " · 桥 qiao</title><link rel=\"stylesheet\" href=\"/static/qiao.css\">"
                "<link rel=\"icon\" href=\"data:,\"></head>\n<body><header><a class=\"brand\" "
                "href=\"/\">桥 <small>科技成果转化对接平台</small></a><nav>"
                "<a href=\"/achievements\">科技成果</a><a href=\"/demands\">技术需求</a>"
                "<a href=\"/orgs\">单位</a><a href=\"/people\">专家</a>"
                "<a href=\"/events\">对接活动</a>");
    if (rq->signed_in) {
        buf_puts(b, "<a href=\"/me\">工作台</a>");
        web_notice_badge(rq, b);
        if (web_is_staff(rq))
            buf_puts(b, "<a href=\"/stats\">统计</a><a href=\"/admin/applications\">入驻审核</a>"
                        "<a href=\"/admin/accounts\">账号</a>");
        buf_puts(b, "<a class=\"who\" href=\"/me/password\" title=\"修改密码、API 令牌\">");
        web_html_text(b, rq->user.login);
        buf_puts(b, "</a><form class=\"inline\" method=\"post\" action=\"/logout\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<button type=\"submit\">退出</button></form>");
    } else {
        buf_puts(b, "<a href=\"/login\">登录</a>");
    }
    /* the switch keeps the current address (path and query) */
    buf_printf(b, "<a class=\"zh\" lang=\"%s\" href=\"/zh?to=%s&amp;next=", hant ? "zh-CN" : "zh-Hant",
               hant ? "hans" : "hant");
    buf tmp = {0};
    buf_puts(&tmp, rq->path ? rq->path : "/");
    if (rq->query_raw && *rq->query_raw && rq->method == WEB_GET) {
        buf_putc(&tmp, '?');
        buf_puts(&tmp, rq->query_raw);
    }
    web_url_arg(b, tmp.p);
    buf_free(&tmp);
    buf_printf(b, "\">%s</a></nav></header>\n<main>", hant ? "简体" : "繁體");
}

void web_page_end(web_req *rq, web_resp *rs)
{
    (void)rq;
    buf_puts(&rs->body, "</main>\n<footer>桥 qiao · 架起科技成果供需对接的人才之桥、合作之桥"
                        "</footer></body></html>\n");
}

/* What an error page says when the refusal's message is not written for
 * people (the router's and the API's messages are English, for developers). */
static const char *plain_message(int status)
{
    switch (status) {
    case 401: return "请先登录。";
    case 403: return "您的账号没有权限进行这项操作。如需帮助，请联系平台工作人员。";
    case 404: return "没有找到这个页面：它可能已被删除，或者链接有误。";
    case 405: return "这个页面不能这样打开，请从页面上的链接或按钮进入。";
    case 409: return "这项内容刚刚被其他人修改过，请返回后重新打开页面再试。";
    case 410: return "这个链接已经失效。";
    case 413: return "提交的内容太大，请删减后再试。";
    case 429: return "操作太频繁，请稍后再试。";
    default: return status >= 500 ? "服务器暂时无法处理这个请求，请稍后再试。"
                                  : "请求有误，请返回上一页检查后再试。";
    }
}

/* true when s holds no Chinese (only ASCII): a message for developers */
static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

void web_error_page(web_req *rq, web_resp *rs, const char *msg)
{
    int status = rs->status;
    if (!msg || is_ascii(msg))
        msg = plain_message(status);
    buf_clear(&rs->body);
    rs->nheaders = 0;
    const char *title = status == 404 ? "找不到页面" : status == 403 ? "没有权限"
                      : status >= 500 ? "服务器错误" : "请求有误";
    bool frame = rq->worker != NULL && rq->path;
    if (frame) {
        web_page_begin(rq, rs, title);
    } else {
        buf_puts(&rs->body, "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                            "<link rel=\"stylesheet\" href=\"/static/qiao.css\"><main>");
    }
    buf_printf(&rs->body, "<h1>%d ", status);
    web_html_text(&rs->body, title);
    buf_puts(&rs->body, "</h1><p class=\"error\">");
    web_html_text(&rs->body, msg);
    buf_puts(&rs->body, "</p><p><a href=\"/\">返回首页</a></p>");
    if (frame)
        web_page_end(rq, rs);
    else
        buf_puts(&rs->body, "</main></html>");
}

const char *web_org_type_label(const char *type)
{
    return model_value_label(MODEL_ORG, "type", type);
}

const char *web_role_label(const char *role)
{
    return model_value_label(MODEL_PERSON, "roles", role);
}

const char *web_stage_label(const char *stage)
{
    return model_value_label(MODEL_PROJECT, "stage", stage && *stage ? stage : "contact");
}

void web_party_link(web_req *rq, buf *b, const char *id)
{
    model_record r = {0};
    const char *base = NULL;
    if (id && store_get(web_w(rq)->st, MODEL_ORG, id, &r, NULL) == 0)
        base = "/orgs/";
    else if (id && store_get(web_w(rq)->st, MODEL_PERSON, id, &r, NULL) == 0)
        base = "/people/";
    if (!base) {
        web_html_text(b, id);
        return;
    }
    buf_printf(b, "<a href=\"%s", base);
    web_url_arg(b, id);
    buf_puts(b, "\">");
    web_html_text(b, model_str(&r, "name"));
    buf_puts(b, "</a>");
    model_record_clear(&r);
}

void web_html_excerpt(buf *b, const char *s, size_t max_chars)
{
    if (!s)
        return;
    size_t i = qiao_utf8_prefix(s, max_chars);
    web_html_textn(b, s, i);
    if (s[i])
        buf_puts(b, "…");
}

void web_list_count(buf *b, const web_list *l, const char *unit, const char *suffix)
{
    if (l->total_exact)
        buf_printf(b, "<p class=\"count\">共 %zu %s%s</p>", l->total, unit, suffix);
    else
        buf_printf(b, "<p class=\"count\">%zu %s以上%s</p>", l->total, unit, suffix);
}

static void pager_link(buf *b, const char *base, const char *state, long page, const char *text)
{
    buf_printf(b, "<a href=\"%s?page=%ld%s\" rel=\"%s\">%s</a>", base, page, state,
               strcmp(text, "上一页") == 0 ? "prev" : "next", text);
}

void web_list_pager(buf *b, const char *base, const char *q, long page, long per,
                    const web_list *l)
{
    buf state = {0};
    if (q && *q) {
        buf_puts(&state, "&amp;q=");
        web_url_arg(&state, q);
    }
    web_list_pager_state(b, base, buf_cstr(&state), page, per, l);
    buf_free(&state);
}

void web_list_pager_state(buf *b, const char *base, const char *state, long page, long per,
                          const web_list *l)
{
    bool next = (size_t)page * (size_t)per < l->total;
    bool beyond = next && l->search && (page + 1) * per > WEB_SEARCH_WINDOW;
    if (page <= 1 && !next)
        return;
    buf_puts(b, "<nav class=\"pages\" aria-label=\"分页\">");
    if (page > 1)
        pager_link(b, base, state, page - 1, "上一页");
    if (l->total_exact)
        buf_printf(b, "<span>第 %ld / %ld 页</span>", page,
                   (long)((l->total + (size_t)per - 1) / (size_t)per));
    else
        buf_printf(b, "<span>第 %ld 页</span>", page);
    if (next && !beyond)
        pager_link(b, base, state, page + 1, "下一页");
    buf_puts(b, "</nav>");
    if (beyond)
        buf_printf(b, "<p class=\"meta\">搜索只列出相关度最高的前 %d 条，请细化搜索词"
                   "（增加词语、\"短语\"、-排除词）。</p>", WEB_SEARCH_WINDOW);
}

void web_search_window_error(web_resp *rs)
{
    rs->status = 400;
    buf_printf(&rs->body, "<p class=\"error\" role=\"alert\">搜索只列出相关度最高的前 %d 条"
               "结果，这一页已超出范围。请细化搜索词（增加词语、\"短语\"、-排除词）。</p>",
               WEB_SEARCH_WINDOW);
}
