/* web/page_try.c — try a match without publishing (/try): a visitor or
 * member pastes a demand's description (or an achievement's) and gets the
 * matches with reasons and levels, ranked as a stored record of that kind
 * would be (match_record_from_text → web_matches, the record-query path).
 * Nothing is stored but the per-address count of the rate limit. */
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "match/match.h"
#include "web/pages.h"
#include "web/try.h"

/* A public, CPU-heavy page: at most TRY_PER_WINDOW tries per address in
 * TRY_WINDOW seconds (the store's throttle, shared by every worker). */
#define TRY_PER_WINDOW 20
#define TRY_WINDOW 60

static const char *const sides[] = {"demand", "achievement", NULL};

const web_pspec web_p_try[] = {
    /* the 5,000-character rule is match_record_from_text's (said in Chinese here) */
    {.name = "text", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 400000},
    {.name = "as", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = sides},
    {0},
};

void web_try_box(web_req *rq, web_resp *rs, const char *text, const char *as)
{
    buf *b = &rs->body;
    bool ach = as && strcmp(as, "achievement") == 0;
    buf_puts(b, "<form class=\"try\" method=\"post\" action=\"/try\">");
    web_csrf_input(rq, rs);
    buf_printf(b, "<fieldset class=\"try-side\"><legend>不用发布，先试试匹配</legend>"
                  "<label><input type=\"radio\" name=\"as\" value=\"demand\"%s> 我有需求（找科技成果）"
                  "</label> <label><input type=\"radio\" name=\"as\" value=\"achievement\"%s> "
                  "我有成果（找企业需求）</label></fieldset>",
               ach ? "" : " checked", ach ? " checked" : "");
    buf_printf(b, "<label>粘贴需求或成果的介绍（第一行作为标题，最多 %d 字）"
                  "<textarea name=\"text\" rows=\"6\" maxlength=\"%d\" required>",
               MATCH_PASTE_MAX, MATCH_PASTE_MAX);
    if (text)
        web_html_text(b, text);
    buf_puts(b, "</textarea></label><p><button type=\"submit\">找匹配</button></p></form>");
}

int web_page_try(web_req *rq, web_resp *rs)
{
    web_page_begin(rq, rs, "试试匹配");
    buf_puts(&rs->body, "<h1>试试匹配</h1><p>把需求或成果的介绍粘贴到下面，就能看到平台会为它推荐哪些"
                        "成果或需求，以及推荐的理由。内容不会保存，也不会公开。</p>");
    web_try_box(rq, rs, NULL, NULL);
    web_page_end(rq, rs);
    return 0;
}

int web_page_try_post(web_req *rq, web_resp *rs)
{
    const char *text = web_param(rq, "text"), *as = web_param(rq, "as");
    model_kind kind = as && strcmp(as, "achievement") == 0 ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    qiao_err e = {0};
    char key[96];
    long retry = 0;
    snprintf(key, sizeof key, "try:%.64s", rq->client_ip ? rq->client_ip : "-");
    int rc = store_throttle_attempt(web_w(rq)->st, key, TRY_PER_WINDOW, TRY_WINDOW, &retry, &e);
    if (rc < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    if (rc > 0) {
        web_add_header(rq, rs, "Retry-After", web_arena_printf(&rq->arena, "%ld", retry));
        return web_fail(rq, rs, 429, "rate_limited", NULL,
                        "试用太频繁了：每个网络地址每分钟最多试 %d 次，请 %ld 秒后再试。",
                        TRY_PER_WINDOW, retry);
    }
    size_t n = text ? qiao_utf8_chars(text) : 0;
    if (n > MATCH_PASTE_MAX)
        return web_fail(rq, rs, 422, "invalid", "text", "内容最多 %d 字，现在是 %zu 字，"
                        "请删减后再试（保留标题和最主要的描述即可）。", MATCH_PASTE_MAX, n);
    model_record r = {0};
    if (match_record_from_text(kind, text, &r, &e) < 0)
        return web_fail(rq, rs, 422, "invalid", "text", "请粘贴需求或成果的介绍，第一行写标题。");
    buf *b = &rs->body;
    web_page_begin(rq, rs, "试试匹配");
    buf_puts(b, "<h1>试试匹配</h1><p class=\"meta\">以下结果按平台为已发布的");
    buf_puts(b, kind == MODEL_DEMAND ? "需求" : "成果");
    buf_puts(b, "做匹配的同一方法排序，内容没有保存。标题：");
    web_html_text(b, model_str(&r, "title"));
    buf_puts(b, "</p>");
    web_matches_html(rq, rs, &r, kind == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND, 10,
                     kind == MODEL_DEMAND ? "推荐对接的科技成果" : "可能需要该成果的企业需求", 2);
    web_try_box(rq, rs, text, as);
    model_record_clear(&r);
    web_page_end(rq, rs);
    return 0;
}
