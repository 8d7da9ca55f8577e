/* web/page_tokens.c — /me/tokens: the signed-in user's API tokens. Create
 * one with a name and a lifetime (the token is shown once, only its hash is
 * kept), list them with their last use, revoke one after a confirmation. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/accounts.h"
#include "web/pages.h"

typedef struct list_ctx {
    buf *b;
    int64_t now;
    int n;
} list_ctx;

static int row(const store_token_info *t, void *ud)
{
    list_ctx *c = ud;
    buf *b = c->b;
    buf_printf(b, "<tr id=\"token-%lld\"><td>", (long long)t->id);
    web_html_text(b, *t->label ? t->label : "（未命名）");
    buf_puts(b, "</td><td>");
    web_unix_when(b, t->created);
    buf_puts(b, "</td><td>");
    web_unix_when(b, t->expires);
    if (t->expires < c->now)
        buf_puts(b, "（已过期）");
    buf_puts(b, "</td><td>");
    if (t->last_used)
        web_unix_when(b, t->last_used);
    else
        buf_puts(b, "从未使用");
    buf_printf(b, "</td><td><a href=\"/me/tokens/%lld/revoke\">撤销</a></td></tr>",
               (long long)t->id);
    c->n++;
    return 0;
}

static const int lifetimes[] = {7, 30, 90, 180, 365};

static int render(web_req *rq, web_resp *rs, const char *fresh, const char *fresh_name,
                  const char *msg)
{
    buf *b = &rs->body;
    web_page_begin(rq, rs, "API 令牌");
    buf_puts(b, "<h1>API 令牌</h1><p class=\"meta\"><a href=\"/me/password\">修改密码</a></p>"
                "<p>API 令牌供程序调用平台接口（如批量导入）时使用，请求时放在 "
                "<code>Authorization: Bearer</code> 请求头中。令牌与您的账号权限相同，请妥善保管；"
                "修改密码后全部令牌都会失效。</p>");
    if (msg) {
        buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"msg\">");
        web_html_text(b, msg);
        buf_puts(b, "</p>");
    }
    if (fresh) {
        buf_puts(b, "<section class=\"notice\" id=\"new-token\"><h2>新令牌“");
        web_html_text(b, fresh_name);
        buf_puts(b, "”已创建</h2><p>令牌只显示这一次，请立即复制保存：</p><p><code id=\"token\">");
        web_html_text(b, fresh);
        buf_puts(b, "</code></p></section>");
    }
    buf_puts(b, "<h2>我的令牌</h2>");
    list_ctx c = {.b = b, .now = (int64_t)time(NULL)};
    size_t at = b->len;
    buf_puts(b, "<table class=\"tokens\"><thead><tr><th>名称</th><th>创建时间</th><th>到期时间"
                "</th><th>最近使用</th><th></th></tr></thead><tbody>");
    qiao_err e = {0};
    if (store_token_list(web_w(rq)->st, rq->user.login, row, &c, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    buf_puts(b, "</tbody></table>");
    if (c.n == 0) {
        b->len = at;
        b->p[at] = '\0';
        buf_puts(b, "<p id=\"no-tokens\">还没有令牌。</p>");
    }
    buf_puts(b, "<h2>新建令牌</h2><form method=\"post\" action=\"/me/tokens\">");
    web_csrf_input(rq, rs);
    buf_puts(b, "<label for=\"name\">名称（用途，如“夜间导入”）</label><input id=\"name\" "
                "name=\"name\" maxlength=\"100\" required><label for=\"days\">有效期</label>"
                "<select id=\"days\" name=\"days\">");
    for (size_t i = 0; i < sizeof lifetimes / sizeof *lifetimes; i++)
        buf_printf(b, "<option value=\"%d\"%s>%d 天</option>", lifetimes[i],
                   lifetimes[i] == STORE_TOKEN_DAYS ? " selected" : "", lifetimes[i]);
    buf_puts(b, "</select><p><button type=\"submit\" id=\"create\">创建令牌</button></p></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_tokens(web_req *rq, web_resp *rs)
{
    return render(rq, rs, NULL, NULL, NULL);
}

int web_page_tokens_post(web_req *rq, web_resp *rs)
{
    const char *name = web_param(rq, "name");
    int days = (int)web_param_long(rq, "days", STORE_TOKEN_DAYS);
    while (*name == ' ')
        name++;
    if (!*name) {
        rs->status = 422;
        return render(rq, rs, NULL, NULL, "请填写令牌的名称。");
    }
    char tok[STORE_TOKEN_LEN];
    qiao_err e = {0};
    if (store_token_create_ttl(web_w(rq)->st, rq->user.login, name, days, tok, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    web_add_header(rq, rs, "Cache-Control", "no-store");
    return render(rq, rs, tok, name, NULL);
}

typedef struct find_ctx {
    int64_t id;
    char label[101];
    int64_t expires;
    int found;
} find_ctx;

static int find(const store_token_info *t, void *ud)
{
    find_ctx *f = ud;
    if (t->id != f->id)
        return 0;
    snprintf(f->label, sizeof f->label, "%s", t->label);
    f->expires = t->expires;
    f->found = 1;
    return 1;
}

/* The token of the path, when it is the signed-in user's. */
static int mine(web_req *rq, find_ctx *f)
{
    qiao_err e = {0};
    f->id = web_param_long(rq, "id", 0);
    return store_token_list(web_w(rq)->st, rq->user.login, find, f, &e) < 0 ? -1 : f->found;
}

int web_page_token_revoke(web_req *rq, web_resp *rs)
{
    find_ctx f = {0};
    int m = mine(rq, &f);
    if (m < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "the tokens could not be read");
    if (!m)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这个令牌，它可能已被撤销。");
    buf *b = &rs->body;
    web_page_begin(rq, rs, "撤销令牌");
    buf_puts(b, "<h1>撤销令牌</h1><p>确定要撤销令牌“");
    web_html_text(b, *f.label ? f.label : "（未命名）");
    buf_puts(b, "”吗？撤销后，使用它的程序将立即无法访问平台，此操作不能恢复。</p>");
    buf_printf(b, "<form method=\"post\" action=\"/me/tokens/%lld/revoke\">", (long long)f.id);
    web_csrf_input(rq, rs);
    buf_puts(b, "<p><button type=\"submit\" class=\"danger\" id=\"confirm\">确认撤销</button> "
                "<a href=\"/me/tokens\">取消</a></p></form>");
    web_page_end(rq, rs);
    return 0;
}

int web_page_token_revoke_post(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    int rc = store_token_revoke(web_w(rq)->st, rq->user.login, web_param_long(rq, "id", 0), &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", NULL, "没有这个令牌，它可能已被撤销。");
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    return web_redirect(rq, rs, "/me/tokens");
}
