/* web/page_zh.c — the 简/繁 switch: pages are written in simplified Chinese
 * (and records as their authors wrote them); a visitor who chose 繁體 gets
 * the page through OpenCC s2t. Forms are never converted: their values would
 * come back converted and rewrite the stored text. */
#include <opencc.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/pages.h"

bool web_wants_hant(web_req *rq)
{
    const char *c = rq->conn ? web_cookie(rq, WEB_ZH_COOKIE) : NULL;
    return c && strcmp(c, "hant") == 0;
}

int web_page_zh(web_req *rq, web_resp *rs)
{
    const char *to = web_param(rq, "to"), *next = web_param(rq, "next");
    bool hant = strcmp(to, "hant") == 0;
    web_add_header(rq, rs, "Set-Cookie",
                   web_arena_printf(&rq->arena, WEB_ZH_COOKIE "=%s; Path=/; Max-Age=%d; "
                                    "SameSite=Lax", hant ? "hant" : "hans",
                                    hant ? 31536000 : 0));
    return web_redirect(rq, rs, web_safe_next(next));
}

static bool is_form_page(const char *path)
{
    size_t n = strlen(path);
    return (n >= 4 && !strcmp(path + n - 4, "/new")) || (n >= 5 && !strcmp(path + n - 5, "/edit")) ||
           !strcmp(path, "/login");
}

/* The worker's s2t converter, opened on first use; NULL when it cannot be. */
static opencc_t s2t_of(web_worker *w)
{
    if (!w->s2t) {
        opencc_t od = opencc_open("s2t.json");
        if (od == (opencc_t)-1) {
            fprintf(stderr, "qiao serve: OpenCC s2t.json cannot be opened: %s\n",
                    opencc_error());
            return NULL;
        }
        w->s2t = od;
    }
    return w->s2t;
}

bool web_api_wants_hant(web_req *rq)
{
    if (rq->conn && web_wants_hant(rq))
        return true;
    const char *al = rq->conn ? web_header(rq, "Accept-Language") : NULL;
    if (!al)
        return false;
    /* the first Chinese tag decides: zh-Hant, zh-TW, zh-HK, zh-MO are traditional */
    for (const char *p = al; (p = strcasestr(p, "zh")) != NULL; p += 2) {
        if (p != al && p[-1] != ' ' && p[-1] != ',')
            continue;
        const char *t = p[2] == '-' ? p + 3 : "";
        return !strncasecmp(t, "hant", 4) || !strncasecmp(t, "tw", 2) ||
               !strncasecmp(t, "hk", 2) || !strncasecmp(t, "mo", 2);
    }
    return false;
}

char *web_zh_hant(web_req *rq, const char *s)
{
    web_worker *w = web_w(rq);
    opencc_t od = w ? s2t_of(w) : NULL;
    char *t = od ? opencc_convert_utf8(od, s, strlen(s)) : NULL;
    if (!t)
        return NULL;
    char *out = qiao_strdup(t);
    opencc_convert_utf8_free(t);
    return out;
}

void web_zh_finish(web_req *rq, web_resp *rs)
{
    if (!rs->body.len || !rs->ctype || strncmp(rs->ctype, "text/html", 9) != 0 ||
        rq->method != WEB_GET || is_form_page(rq->path) || !web_wants_hant(rq))
        return;
    web_worker *w = web_w(rq);
    if (!w || !s2t_of(w))
        return;
    /* Parts between <!--zh:off--> and <!--zh:on--> (form fields whose values
     * go back to the server, such as a filter's zone) stay as they are. */
    static const char off[] = "<!--zh:off-->", on[] = "<!--zh:on-->";
    buf out = {0};
    const char *p = buf_cstr(&rs->body), *end = p + rs->body.len;
    while (p < end) {
        const char *o = strstr(p, off);
        size_t n = o ? (size_t)(o - p) : (size_t)(end - p);
        if (n) {
            char *t = opencc_convert_utf8(w->s2t, p, n);
            if (!t) {
                buf_free(&out);
                return;
            }
            buf_puts(&out, t);
            opencc_convert_utf8_free(t);
        }
        if (!o)
            break;
        const char *c = strstr(o, on);
        const char *stop = c ? c + sizeof on - 1 : end;
        buf_append(&out, o, (size_t)(stop - o));
        p = stop;
    }
    buf_free(&rs->body);
    rs->body = out;
}
