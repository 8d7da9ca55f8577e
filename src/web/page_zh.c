/* web/page_zh.c — the 简/繁 switch: pages are written in simplified Chinese
 * (and records as their authors wrote them); a visitor who chose 繁體 gets
 * the page through OpenCC s2t — every page, forms, error pages and the
 * messages of refused API requests included. What a form sends back is kept
 * as written (values, textareas, options without a value, <!--zh:off-->
 * regions), so that saving a form never rewrites the stored text. */
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "notify/notify.h"
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
    if (rq->signed_in) {
        /* the account's mail follows (notify.h NOTIFY_PREF_ZH); a failure only loses that */
        qiao_err e = {0};
        if (store_pref_set(web_w(rq)->st, rq->user.login, NOTIFY_PREF_ZH, 1, hant, &e) < 0)
            fprintf(stderr, "qiao serve: mail script of %s: %s\n", rq->user.login, e.msg);
    }
    return web_redirect(rq, rs, web_safe_next(next));
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

static char *label_hant(void *rq, const char *s)
{
    return web_zh_hant(rq, s);
}

const qiao_labels *web_export_labels(web_req *rq)
{
    if (!web_wants_hant(rq))
        return NULL;
    qiao_labels *lb = web_arena_alloc(&rq->arena, sizeof *lb);
    lb->convert = label_hant;
    lb->ctx = rq;
    return lb;
}

void web_attachment(web_req *rq, web_resp *rs, const char *ascii, const char *utf8)
{
    buf v = {0};
    buf_printf(&v, "attachment; filename=\"%s\"; filename*=UTF-8''", ascii);
    char *name = qiao_label(web_export_labels(rq), utf8);
    web_url_arg(&v, name);
    free(name);
    web_add_header(rq, rs, "Content-Disposition", web_arena_strdup(&rq->arena, buf_cstr(&v)));
    buf_free(&v);
}

/* Appends the s2t conversion of p[0..n) to out; false when OpenCC fails. */
static bool convert(opencc_t od, buf *out, const char *p, size_t n)
{
    if (!n)
        return true;
    char *t = opencc_convert_utf8(od, p, n);
    if (!t)
        return false;
    buf_puts(out, t);
    opencc_convert_utf8_free(t);
    return true;
}

/* The next part of an HTML page that must go back to the server as written,
 * at or after p: a value="…" attribute's text, a <textarea>'s text, the text
 * of an <option> without a value attribute (its text is its value), or a
 * <!--zh:off--> … <!--zh:on--> region. Sets *start and *stop (stop past the
 * part); false when there is none. Pages escape every '"' and '<' of user
 * data, so user data cannot open or close such a part. */
static bool next_kept(const char *p, const char *end, const char **start, const char **stop)
{
    static const char off[] = "<!--zh:off-->", on[] = "<!--zh:on-->";
    for (const char *q = p; q < end; q++) {
        if (*q == 'v' && end - q > 7 && !memcmp(q, "value=\"", 7) && q > p &&
            (q[-1] == ' ' || q[-1] == '\n')) {
            const char *c = memchr(q + 7, '"', (size_t)(end - q - 7));
            *start = q + 7;
            *stop = c ? c : end;
            return true;
        }
        if (*q != '<')
            continue;
        if (end - q >= (long)sizeof off - 1 && !memcmp(q, off, sizeof off - 1)) {
            const char *c = memmem(q, (size_t)(end - q), on, sizeof on - 1);
            *start = q;
            *stop = c ? c + sizeof on - 1 : end;
            return true;
        }
        if (end - q > 9 && !strncasecmp(q, "<textarea", 9)) {
            const char *gt = memchr(q, '>', (size_t)(end - q));
            const char *c = gt ? memmem(gt, (size_t)(end - gt), "</textarea>", 11) : NULL;
            *start = gt ? gt + 1 : end;
            *stop = c ? c : end;
            return true;
        }
        if (end - q > 7 && !strncasecmp(q, "<option", 7) && (q[7] == '>' || q[7] == ' ')) {
            const char *gt = memchr(q, '>', (size_t)(end - q));
            if (gt && !memmem(q, (size_t)(gt - q), " value=", 7)) {
                const char *c = memmem(gt, (size_t)(end - gt), "</option>", 9);
                const char *lt = memchr(gt, '<', (size_t)(end - gt));
                *start = gt + 1;
                *stop = c ? c : lt ? lt : end;
                return true;
            }
        }
    }
    return false;
}

/* Converts an HTML page, keeping what a form sends back (next_kept) as written. */
static bool convert_page(opencc_t od, buf *out, const char *p, const char *end)
{
    const char *start, *stop;
    while (p < end && next_kept(p, end, &start, &stop)) {
        if (!convert(od, out, p, (size_t)(start - p)))
            return false;
        buf_append(out, start, (size_t)(stop - start));
        p = stop;
    }
    return convert(od, out, p, (size_t)(end - p));
}

void web_zh_finish(web_req *rq, web_resp *rs)
{
    if (!rs->body.len || !rs->ctype)
        return;
    bool html = !strncmp(rs->ctype, "text/html", 9);
    /* JSON: only refusals (their messages); records stay as their authors wrote them */
    bool json = !strncmp(rs->ctype, "application/json", 16) && rs->status >= 400;
    if (!(html ? web_wants_hant(rq) : json && web_api_wants_hant(rq)))
        return;
    web_worker *w = web_w(rq);
    opencc_t od = w ? s2t_of(w) : NULL;
    if (!od)
        return;
    buf out = {0};
    const char *p = buf_cstr(&rs->body), *end = p + rs->body.len;
    if (!(html ? convert_page(od, &out, p, end) : convert(od, &out, p, (size_t)(end - p)))) {
        buf_free(&out);
        return;
    }
    buf_free(&rs->body);
    rs->body = out;
}
