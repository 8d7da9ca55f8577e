/* web/router.c — parameters, route matching, validation, dispatch.
 * Nothing here knows about MHD: server.c fills a web_req and calls
 * web_dispatch, which is what the unit tests drive too. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/model.h"
#include "web/html.h"
#include "web/web.h"

const char *web_method_name(web_method m)
{
    switch (m) {
    case WEB_GET: return "GET";
    case WEB_POST: return "POST";
    case WEB_PUT: return "PUT";
    case WEB_PATCH: return "PATCH";
    case WEB_DELETE: return "DELETE";
    case WEB_HEAD: return "HEAD";
    }
    return "?";
}

static const char *const role_names[WEB_ROLE_COUNT] = {
    "admin", "staff", "university", "enterprise", "tech_manager", "investor", "expert",
};

const char *web_role_name(web_role r)
{
    return (unsigned)r < WEB_ROLE_COUNT ? role_names[r] : "?";
}

int web_role_parse(const char *s, web_role *out)
{
    for (int i = 0; i < WEB_ROLE_COUNT; i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (web_role)i;
            return 0;
        }
    return -1;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *web_pct_decode(web_arena *a, const char *s, size_t n, bool plus_space)
{
    char *out = web_arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return NULL;
            int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == '\0')
            return NULL;
        out[k++] = c;
    }
    out[k] = '\0';
    return qiao_utf8_valid(out, k, NULL) ? out : NULL;
}

int web_parse_params(web_arena *a, const char *s, size_t n, size_t max, web_kv **out,
                     size_t *nout, qiao_err *e)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)      /* non-empty pieces between '&' */
        cap += s[i] != '&' && (i + 1 == n || s[i + 1] == '&');
    if (cap > max) {
        *out = NULL;
        *nout = cap;
        return qiao_errf(e, QIAO_EINVAL, "there are %zu parameters; at most %zu are accepted",
                         cap, max);
    }
    web_kv *v = web_arena_alloc(a, (cap ? cap : 1) * sizeof *v);
    size_t cnt = 0, i = 0;
    while (i <= n && n > 0) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        if (j > i) {
            const char *eq = memchr(s + i, '=', j - i);
            size_t klen = eq ? (size_t)(eq - (s + i)) : j - i;
            char *k = web_pct_decode(a, s + i, klen, true);
            if (!k || !*k)
                return qiao_errf(e, QIAO_EINVAL, "parameter %zu: its name is empty, badly "
                                 "percent-encoded or not UTF-8", cnt + 1);
            char *val = eq ? web_pct_decode(a, eq + 1, (size_t)(s + j - eq - 1), true)
                           : web_arena_strdup(a, "");
            if (!val)
                return qiao_field_errf(e, QIAO_EINVAL, k, "parameter '%.60s': its value is badly "
                                       "percent-encoded, holds a NUL byte or is not valid UTF-8", k);
            v[cnt].name = k;
            v[cnt].value = val;
            cnt++;
        }
        i = j + 1;
    }
    *out = v;
    *nout = cnt;
    return 0;
}

bool web_match(web_arena *a, const char *pattern, const char *path, web_kv **params,
               size_t *nparams)
{
    web_kv tmp[8];
    size_t n = 0;
    const char *p = pattern, *s = path;
    while (*p) {
        if (*p == '*') {             /* the rest of the path, may be empty */
            tmp[n].name = "path";
            tmp[n].value = s;
            n++;
            s += strlen(s);
            p++;
            break;
        }
        if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end || n == 8)
                return false;
            size_t len = strcspn(s, "/");
            if (len == 0)
                return false;
            tmp[n].name = web_arena_strndup(a, p + 1, (size_t)(end - p - 1));
            tmp[n].value = web_arena_strndup(a, s, len);
            n++;
            s += len;
            p = end + 1;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*s)
        return false;
    web_kv *v = web_arena_alloc(a, (n ? n : 1) * sizeof *v);
    memcpy(v, tmp, n * sizeof *v);
    *params = v;
    *nparams = n;
    return true;
}

static bool id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("._:-", *s))
            return false;
    return true;
}

int web_check_param(const web_pspec *p, const char *v, qiao_err *e)
{
    switch (p->type) {
    case WEB_P_TEXT: {
        long max = p->max ? p->max : 1000;
        size_t len = qiao_utf8_chars(v);
        if ((long)len > max)
            return qiao_field_errf(e, QIAO_EINVAL, p->name, "parameter '%s' is %zu characters "
                                   "long; at most %ld are allowed", p->name, len, max);
        return 0;
    }
    case WEB_P_INT: {
        /* strtol alone would take " 5", "+5" and "05" */
        const char *d = v + (*v == '-');
        bool plain = *d >= '0' && *d <= '9' && (d[0] != '0' || (d[1] == '\0' && d == v));
        char *end = (char *)v;
        errno = 0;
        long x = plain ? strtol(v, &end, 10) : 0;
        if (!plain || *end || errno || x < p->min || x > p->max)
            return qiao_field_errf(e, QIAO_EINVAL, p->name, "parameter '%s' must be an integer "
                                   "from %ld to %ld, got '%.40s'", p->name, p->min, p->max, v);
        return 0;
    }
    case WEB_P_ID:
        if (!id_ok(v))
            return qiao_field_errf(e, QIAO_EINVAL, p->name, "parameter '%s' must be 1-64 of "
                                   "A-Za-z0-9._:- , got '%.40s'", p->name, v);
        return 0;
    case WEB_P_ENUM:
        for (const char *const *c = p->choices; c && *c; c++)
            if (strcmp(*c, v) == 0)
                return 0;
        return qiao_field_errf(e, QIAO_EINVAL, p->name, "parameter '%s' has no value '%.40s'",
                               p->name, v);
    case WEB_P_BOOL:
        if (!strcmp(v, "1") || !strcmp(v, "0") || !strcmp(v, "true") || !strcmp(v, "false") ||
            !strcmp(v, "on"))
            return 0;
        return qiao_field_errf(e, QIAO_EINVAL, p->name, "parameter '%s' must be true or false",
                               p->name);
    }
    return qiao_errf(e, QIAO_EINVAL, "parameter '%s' has an unknown type", p->name);
}

static const char *kv_find(const web_kv *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return v[i].value;
    return NULL;
}

const char *web_query(web_req *rq, const char *name)
{
    return kv_find(rq->query, rq->nquery, name);
}

const char *web_form(web_req *rq, const char *name)
{
    return kv_find(rq->form, rq->nform, name);
}

static const char *param_in(web_req *rq, web_pin in, const char *name)
{
    switch (in) {
    case WEB_IN_PATH: return kv_find(rq->path_params, rq->npath, name);
    case WEB_IN_QUERY: return web_query(rq, name);
    case WEB_IN_FORM: return web_form(rq, name);
    }
    return NULL;
}

const char *web_param(web_req *rq, const char *name)
{
    const char *v = kv_find(rq->path_params, rq->npath, name);
    if (!v && rq->route && rq->route->params)
        for (const web_pspec *p = rq->route->params; p->name; p++)
            if (strcmp(p->name, name) == 0 && (v = param_in(rq, p->in, name)))
                break;
    return v;
}

long web_param_long(web_req *rq, const char *name, long dflt)
{
    const char *v = web_param(rq, name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

void web_add_header(web_req *rq, web_resp *rs, const char *name, const char *value)
{
    (void)rq;
    if (rs->nheaders < WEB_MAX_HEADERS) {
        rs->headers[rs->nheaders].name = name;
        rs->headers[rs->nheaders].value = value;
        rs->nheaders++;
    }
}

int web_redirect(web_req *rq, web_resp *rs, const char *location)
{
    rs->status = 303;
    web_add_header(rq, rs, "Location", web_safe_next(location));   /* only ever local */
    return 0;
}

int web_status_of(int code)
{
    switch (code) {
    case QIAO_OK: return 200;
    case QIAO_EINVAL: return 422;
    case QIAO_ENOTFOUND: return 404;
    case QIAO_ECONFLICT: return 409;
    case QIAO_EPERM: return 403;
    default: return 500;
    }
}

const char *web_code_of(int code)
{
    switch (code) {
    case QIAO_EINVAL: return "invalid";
    case QIAO_ENOTFOUND: return "not_found";
    case QIAO_ECONFLICT: return "conflict";
    case QIAO_EPERM: return "forbidden";
    default: return "internal";
    }
}

int web_json_reply(web_resp *rs, int status, json_t *v)
{
    rs->status = status;
    rs->ctype = "application/json";
    buf_clear(&rs->body);
    model_json_dump(v, &rs->body);     /* compact, keys in order; faster than json_dumps */
    json_decref(v);
    return 0;
}

static bool is_api(web_req *rq)
{
    return rq->route ? (rq->route->flags & WEB_F_API) != 0 : strncmp(rq->path, "/api/", 5) == 0;
}

int web_fail(web_req *rq, web_resp *rs, int status, const char *code, const char *field,
             const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rs->status = status;
    buf_clear(&rs->body);
    rs->nheaders = 0;
    if (is_api(rq)) {
        rs->ctype = "application/json";
        buf_puts(&rs->body, "{\"error\":{\"code\":");
        web_json_str(&rs->body, code);
        buf_puts(&rs->body, ",\"message\":");
        web_json_str(&rs->body, msg);
        if (field && *field) {
            buf_puts(&rs->body, ",\"field\":");
            web_json_str(&rs->body, field);
        }
        buf_puts(&rs->body, "}}");
        return 0;
    }
    rs->ctype = "text/html; charset=utf-8";
    if (rq->cfg && rq->cfg->error_page) {
        rq->cfg->error_page(rq, rs, msg);
        return 0;
    }
    buf_printf(&rs->body, "<!doctype html><meta charset=utf-8><title>%d</title><p>", status);
    web_html_text(&rs->body, msg);
    return 0;
}

/* --- dispatch --- */

static const web_route *find_route(web_req *rq, unsigned *allowed)
{
    *allowed = 0;
    web_method m = rq->method == WEB_HEAD ? WEB_GET : rq->method;
    for (size_t i = 0; i < rq->cfg->nroutes; i++) {
        const web_route *r = &rq->cfg->routes[i];
        web_kv *pp;
        size_t np;
        if (!web_match(&rq->arena, r->pattern, rq->path, &pp, &np))
            continue;
        *allowed |= r->methods;
        if (r->methods & m) {
            rq->path_params = pp;
            rq->npath = np;
            return r;
        }
    }
    return NULL;
}

static void allow_header(web_req *rq, web_resp *rs, unsigned allowed)
{
    buf b = {0};
    for (unsigned m = 1; m <= WEB_HEAD; m <<= 1)
        if (allowed & m)
            buf_printf(&b, "%s%s", b.len ? ", " : "", web_method_name((web_method)m));
    web_add_header(rq, rs, "Allow", web_arena_strdup(&rq->arena, buf_cstr(&b)));
    buf_free(&b);
}

/* 400 for a query or form web_parse_params refused: too many parameters
 * (n > max; a Chinese page, JSON under /api/) or a bad one. */
static void params_fail(web_req *rq, web_resp *rs, size_t n, size_t max, const qiao_err *e)
{
    if (n <= max)
        web_fail(rq, rs, 400, "bad_parameter", e->field, "%s", e->msg);
    else if (is_api(rq))
        web_fail(rq, rs, 400, "too_many_parameters", NULL, "%s", e->msg);
    else
        web_fail(rq, rs, 400, "too_many_parameters", NULL,
                 "请求参数过多（%zu 个），最多可带 %zu 个。请返回上一页重新提交。", n, max);
}

static int parse_body(web_req *rq, web_resp *rs)
{
    const web_route *r = rq->route;
    bool has_body = rq->method == WEB_POST || rq->method == WEB_PUT || rq->method == WEB_PATCH;
    if (!has_body)
        return 0;
    if (r->flags & WEB_F_JSON) {
        if (strcmp(rq->content_type, "application/json") != 0)
            return web_fail(rq, rs, 415, "unsupported_media_type", NULL,
                            "this endpoint takes Content-Type: application/json, not '%.60s'",
                            *rq->content_type ? rq->content_type : "(none)"), -1;
        if (rq->body_len == 0)
            return 0;
        json_error_t je;
        rq->json = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!rq->json)
            return web_fail(rq, rs, 400, "malformed_json", NULL,
                            "the body is not valid JSON: %s (line %d, column %d)", je.text,
                            je.line, je.column), -1;
        if (!json_is_object(rq->json))
            return web_fail(rq, rs, 400, "malformed_json", NULL,
                            "the body must be a JSON object"), -1;
    } else if (r->flags & WEB_F_FORM) {
        if (strcmp(rq->content_type, "application/x-www-form-urlencoded") != 0)
            return web_fail(rq, rs, 415, "unsupported_media_type", NULL,
                            "this form takes application/x-www-form-urlencoded, not '%.60s'",
                            *rq->content_type ? rq->content_type : "(none)"), -1;
        qiao_err e = {0};
        if (web_parse_params(&rq->arena, rq->body, rq->body_len, WEB_FORM_PARAMS_MAX, &rq->form,
                             &rq->nform, &e) < 0)
            return params_fail(rq, rs, rq->nform, WEB_FORM_PARAMS_MAX, &e), -1;
    }
    return 0;
}

static int check_params(web_req *rq, web_resp *rs)
{
    if (!rq->route->params)
        return 0;
    for (const web_pspec *p = rq->route->params; p->name; p++) {
        const char *v = param_in(rq, p->in, p->name);
        if (!v || (!*v && p->in != WEB_IN_PATH && p->type != WEB_P_TEXT)) {
            if (p->required)
                return web_fail(rq, rs, 400, "missing_parameter", p->name,
                                "parameter '%s' is required", p->name), -1;
            continue;
        }
        qiao_err e = {0};
        if (web_check_param(p, v, &e) < 0)
            return web_fail(rq, rs, 400, "bad_parameter", p->name, "%s", e.msg), -1;
    }
    return 0;
}

static void dispatch(web_req *rq, web_resp *rs);

/* Every answer — error pages and refusals included — passes the finish hook
 * (the 简/繁 switch). */
void web_dispatch(web_req *rq, web_resp *rs)
{
    dispatch(rq, rs);
    if (rq->cfg && rq->cfg->finish)
        rq->cfg->finish(rq, rs);
}

static void dispatch(web_req *rq, web_resp *rs)
{
    unsigned allowed;
    if (!rs->status)
        rs->status = 200;
    if (!rs->ctype)
        rs->ctype = "text/html; charset=utf-8";
    rq->route = find_route(rq, &allowed);
    if (!rq->route) {
        if (allowed) {
            web_fail(rq, rs, 405, "method_not_allowed", NULL, "%s is not allowed on %.200s",
                     web_method_name(rq->method), rq->path);
            allow_header(rq, rs, allowed);
        } else {
            web_fail(rq, rs, 404, "not_found", NULL, "没有找到这个页面：它可能已被删除，或者链接有误");
        }
        return;
    }
    qiao_err e = {0};
    if (web_parse_params(&rq->arena, rq->query_raw, strlen(rq->query_raw), WEB_QUERY_PARAMS_MAX,
                         &rq->query, &rq->nquery, &e) < 0) {
        params_fail(rq, rs, rq->nquery, WEB_QUERY_PARAMS_MAX, &e);
        return;
    }
    /* who is asking comes first: a caller who may not use the route learns
     * that (401, or 403 for the wrong role) before its body is even parsed */
    if (rq->cfg->authenticate && rq->cfg->authenticate(rq, &e) < 0) {
        web_fail(rq, rs, e.code == QIAO_EINVAL ? 401 : 500,
                 e.code == QIAO_EINVAL ? "unauthorized" : "internal", NULL, "%s", e.msg);
        return;
    }
    const web_route *r = rq->route;
    if (r->roles) {
        if (!rq->signed_in) {
            if (r->flags & WEB_F_API) {
                web_fail(rq, rs, 401, "unauthorized", NULL, "sign in or send "
                         "'Authorization: Bearer TOKEN' to use this endpoint");
                web_add_header(rq, rs, "WWW-Authenticate", "Bearer");
            } else {
                buf b = {0};
                buf_puts(&b, "/login?next=");
                web_url_arg(&b, rq->path);
                web_redirect(rq, rs, web_arena_strdup(&rq->arena, b.p));
                buf_free(&b);
            }
            return;
        }
        if (!(r->roles & WEB_R(rq->user.role))) {
            web_fail(rq, rs, 403, "forbidden", NULL, "您的账号没有权限进行这项操作");
            return;
        }
    }
    if (parse_body(rq, rs) < 0 || check_params(rq, rs) < 0)
        return;
    if ((r->flags & WEB_F_FORM) && rq->method == WEB_POST &&
        !(rq->cfg->csrf_ok && rq->cfg->csrf_ok(rq, web_form(rq, "_csrf")))) {
        web_fail(rq, rs, 403, "csrf", "_csrf", "这个表单已过期或不是从本站提交的，"
                 "请刷新页面后重新提交");
        return;
    }
    if (r->handler(rq, rs) < 0 && rs->status < 400)
        web_fail(rq, rs, 500, "internal", NULL, "the server failed to answer this request");
}
