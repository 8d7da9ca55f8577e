/* web/page_interest_me.c — the pieces of interests other pages show: a
 * match's 有意向 and 不合适 buttons, a record's interest form and the feedback
 * its owner gets, and the dashboard's sections (web/interests.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/advice_web.h"
#include "web/interests.h"

#define FEEDBACK_NOTES 5

/* Takes back what was appended since `mark`. */
static void cut(buf *b, size_t mark)
{
    b->len = mark;
    if (b->p)
        b->p[mark] = '\0';
}

/* The interest form: kind and target of the record, via (the visitor's own
 * record the match came from) or NULL. */
static void interest_form(web_req *rq, web_resp *rs, model_kind kind, const char *id,
                          const char *via, const char *side, bool open)
{
    buf *b = &rs->body;
    buf_printf(b, "<details class=\"interest-form\"%s><summary>有意向 / 联系对方</summary>"
                  "<form class=\"record-form\" method=\"post\" action=\"/interests\">",
               open ? " open" : "");
    web_csrf_input(rq, rs);
    buf_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", model_kind_name(kind));
    buf_puts(b, "<input type=\"hidden\" name=\"target\" value=\"");
    web_html_attr(b, id);
    buf_puts(b, "\">");
    if (via && *via) {
        buf_puts(b, "<input type=\"hidden\" name=\"via\" value=\"");
        web_html_attr(b, via);
        buf_puts(b, "\">");
    }
    /* a technology manager chooses the side it speaks for */
    interest_actor a = web_interest_actor(rq);
    if (a.nacts) {
        buf_puts(b, "<label>代表<select name=\"for\">");
        if (*rq->user.org) {
            buf_puts(b, "<option value=\"\">本单位</option>");
        }
        for (size_t i = 0; i < a.nacts; i++) {
            model_record o = {0};
            buf_puts(b, "<option value=\"");
            web_html_attr(b, a.acts[i]);
            buf_puts(b, side && strcmp(side, a.acts[i]) == 0 ? "\" selected>" : "\">");
            if (store_get(web_w(rq)->st, MODEL_ORG, a.acts[i], &o, NULL) == 0) {
                web_html_text(b, model_str(&o, "name"));
                model_record_clear(&o);
            } else {
                buf_puts(b, "（已删除的单位）");
            }
            buf_puts(b, "（受托）</option>");
        }
        buf_puts(b, "</select></label>");
    }
    buf_puts(b, "<label>给对方的留言（最多 2,000 字）<textarea name=\"message\" rows=\"3\" "
                "maxlength=\"2000\" required></textarea></label>"
                "<p><button type=\"submit\">发送意向</button></p></form></details>");
}

static void live_link(buf *b, const store_interest *i)
{
    bool accepted = strcmp(i->status, "accepted") == 0;
    buf_printf(b, "<p class=\"meta interest-live\">我方已表达意向（%s）· <a href=\"/interests/%lld\">"
               "%s</a></p>", interest_status_label(i->status), (long long)i->id,
               accepted ? "查看沟通、提议合作项目" : "查看沟通");
}

static void dismiss_form(web_req *rq, web_resp *rs, const model_record *r, model_kind kind,
                         const char *id)
{
    buf *b = &rs->body;
    size_t n;
    const interest_reason *rs_ = interest_reasons(&n);
    buf_puts(b, "<details class=\"dismiss-form\"><summary>不合适</summary><form class=\"record-form\" "
                "method=\"post\" action=\"/dismissals\">");
    web_csrf_input(rq, rs);
    buf_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", model_kind_name(kind));
    buf_puts(b, "<input type=\"hidden\" name=\"target\" value=\"");
    web_html_attr(b, id);
    buf_puts(b, "\"><input type=\"hidden\" name=\"via\" value=\"");
    web_html_attr(b, r->key);
    buf_puts(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
    web_html_attr(b, rq->path);
    buf_puts(b, "\"><label>原因<select name=\"reason\" required>");
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "<option value=\"%s\">%s</option>", rs_[i].code, rs_[i].label);
    buf_puts(b, "</select></label><label>补充说明（选择“其他”时必填，对方可见，不显示是谁写的）"
                "<textarea name=\"note\" rows=\"2\" maxlength=\"500\"></textarea></label>"
                "<p><button type=\"submit\">标记为不合适</button></p></form></details>");
}

void web_interest_match_actions(web_req *rq, web_resp *rs, const model_record *r,
                                model_kind kind, const char *id)
{
    if (kind == MODEL_PERSON) {         /* an expert suggested for a demand: 邀请咨询 */
        web_advice_match_action(rq, rs, r, id);
        return;
    }
    if (!rq->signed_in || web_is_staff(rq) || (kind != MODEL_ACHIEVEMENT && kind != MODEL_DEMAND))
        return;
    interest_actor a = web_interest_actor(rq);
    model_record hit = {0};
    if (store_get(web_w(rq)->st, kind, id, &hit, NULL) < 0)
        return;
    /* the org whose achievement or demand these are the matches of */
    bool owner = (r->kind == MODEL_ACHIEVEMENT || r->kind == MODEL_DEMAND) &&
                 web_acts_for(rq, model_str(r, "org"));
    buf_puts(&rs->body, "<div class=\"match-actions\">");
    store_interest live;
    if (interest_live_of(web_w(rq)->st, &a, model_kind_name(kind), id, &live, NULL) > 0)
        live_link(&rs->body, &live);
    else if (interest_may_send(&a, &hit))
        interest_form(rq, rs, kind, id, owner ? r->key : NULL,
                      owner ? model_str(r, "org") : NULL, false);
    if (owner && strcmp(model_str(&hit, "org"), model_str(r, "org")) != 0 &&
        strcmp(model_str(r, "org"), rq->user.org) == 0)
        dismiss_form(rq, rs, r, kind, id);
    buf_puts(&rs->body, "</div>");
    model_record_clear(&hit);
}

/* The reasons others gave for 不合适 of record (kind, key): counts per reason
 * and the newest notes, without who. Nothing when there are none. */
static void feedback(web_req *rq, buf *b, model_kind kind, const char *key, const char *title,
                     int level)
{
    interest_feedback f;
    if (interest_feedback_of(web_w(rq)->st, model_kind_name(kind), key, FEEDBACK_NOTES, &f,
                             NULL) < 0)
        return;
    if (!f.total) {
        interest_feedback_free(&f);
        return;
    }
    size_t n;
    const interest_reason *all = interest_reasons(&n);
    buf_printf(b, "<section class=\"feedback\"><h%d>", level);
    if (title) {
        buf_puts(b, "“");
        web_html_text(b, title);
        buf_puts(b, "”的");
    }
    buf_printf(b, "推荐反馈 <small>（%zu 家单位认为不合适）</small></h%d><ul class=\"reasons\">",
               f.total, level);
    for (size_t i = 0; i < n && i < 16; i++)
        if (f.count[i])
            buf_printf(b, "<li>%s：%zu</li>", all[i].label, f.count[i]);
    buf_puts(b, "</ul>");
    if (f.nnotes) {
        buf_puts(b, "<p class=\"meta\">最近的说明（不显示是谁写的）：</p><ul class=\"notes\">");
        for (size_t i = 0; i < f.nnotes; i++) {
            buf_puts(b, "<li>");
            web_html_text(b, f.notes[i]);
            buf_puts(b, "</li>");
        }
        buf_puts(b, "</ul>");
    }
    buf_puts(b, "</section>");
    interest_feedback_free(&f);
}

void web_interest_record(web_req *rq, web_resp *rs, const model_record *r)
{
    buf *b = &rs->body;
    bool owner = web_may_edit(rq, r->kind, model_str(r, "org"));
    if (owner) {
        feedback(rq, b, r->kind, r->key, NULL, 2);
        return;
    }
    interest_actor a = web_interest_actor(rq);
    if (!rq->signed_in) {
        buf_puts(b, "<p class=\"meta\"><a href=\"/login\">登录</a>后可以表达合作意向、联系对方。</p>");
        return;
    }
    store_interest live;
    if (interest_live_of(web_w(rq)->st, &a, model_kind_name(r->kind), r->key, &live, NULL) > 0)
        live_link(b, &live);
    else if (interest_may_send(&a, r))
        interest_form(rq, rs, r->kind, r->key, NULL, NULL, false);
}

/* ---- /me ---- */

typedef struct count_ctx {
    const char *org;
    size_t received_open, sent_live, total;
} count_ctx;

static int count_one(const store_interest *i, void *ud)
{
    count_ctx *c = ud;
    bool received = *c->org && strcmp(c->org, i->to_org) == 0;
    c->total++;
    if (received && !strcmp(i->status, "open"))
        c->received_open++;
    if (!received && (!strcmp(i->status, "open") || !strcmp(i->status, "accepted")))
        c->sent_live++;
    return 0;
}

typedef struct dis_ctx {
    web_req *rq;
    web_resp *rs;
    size_t n;
} dis_ctx;

static int dismissed_row(const store_dismissal *d, void *ud)
{
    dis_ctx *c = ud;
    buf *b = &c->rs->body;
    model_kind k = strcmp(d->kind, "demand") == 0 ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
    model_record r = {0};
    const interest_reason *why = interest_reason_find(d->reason);
    buf_printf(b, "<li><a href=\"/%s/", web_kind_plural(k));
    web_url_arg(b, d->target);
    buf_puts(b, "\">");
    if (store_get(web_w(c->rq)->st, k, d->target, &r, NULL) == 0) {
        web_html_text(b, model_str(&r, "title"));
        model_record_clear(&r);
    } else {
        buf_puts(b, "（已删除的记录）");
    }
    buf_printf(b, "</a> <span class=\"meta\">%s", why ? why->label : "其他");
    if (*d->note) {
        buf_puts(b, "：");
        web_html_text(b, d->note);
    }
    buf_puts(b, " · ");
    web_interest_when(b, d->created);
    buf_puts(b, "</span><form class=\"inline undismiss\" method=\"post\" action=\"/dismissals/undo\">");
    web_csrf_input(c->rq, c->rs);
    buf_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" "
               "name=\"target\" value=\"", d->kind);
    web_html_attr(b, d->target);
    buf_puts(b, "\"><input type=\"hidden\" name=\"next\" value=\"/me\"><button type=\"submit\">"
                "撤销（重新推荐）</button></form></li>");
    c->n++;
    return 0;
}

typedef struct own_ctx {
    web_req *rq;
    buf *b;
} own_ctx;

static int own_feedback(const model_record *r, void *ud)
{
    own_ctx *c = ud;
    feedback(c->rq, c->b, r->kind, r->key, model_str(r, "title"), 3);
    return 0;
}

void web_interest_me(web_req *rq, web_resp *rs)
{
    buf *b = &rs->body;
    interest_actor a = web_interest_actor(rq);
    count_ctx cc = {.org = rq->user.org};
    interest_list(web_w(rq)->st, &a, 10000, count_one, &cc, NULL);
    buf_printf(b, "<section class=\"my-interests\"><h2>合作意向 <small>（%zu）</small></h2><p>",
               cc.total);
    if (cc.received_open)
        buf_printf(b, "<strong class=\"interest-waiting\">%zu 条意向等待您回复</strong>。",
                   cc.received_open);
    buf_printf(b, "我方发出、正在沟通的意向 %zu 条。<a class=\"button\" href=\"/me/interests\">"
               "我的合作意向</a></p></section>", cc.sent_live);
    if (!*rq->user.org)
        return;
    /* the reasons others gave about my org's records */
    size_t mark = b->len;
    buf_puts(b, "<section class=\"my-feedback\"><h2>推荐反馈</h2>");
    size_t head = b->len;
    own_ctx oc = {rq, b};
    store_filter f = {.org = rq->user.org};
    store_list(web_w(rq)->st, MODEL_ACHIEVEMENT, &f, NULL, 0, 100, own_feedback, &oc, NULL, NULL);
    store_list(web_w(rq)->st, MODEL_DEMAND, &f, NULL, 0, 100, own_feedback, &oc, NULL, NULL);
    if (b->len == head)
        cut(b, mark);                    /* nothing to say */
    else
        buf_puts(b, "</section>");
    /* what my org marked 不合适, with undo */
    mark = b->len;
    buf_puts(b, "<section class=\"my-dismissals\"><h2>我方标记为不合适的推荐</h2><ul class=\"records\">");
    dis_ctx dc = {rq, rs, 0};
    store_dismissal_list(web_w(rq)->st, rq->user.org, NULL, NULL, dismissed_row, &dc, NULL);
    if (!dc.n)
        cut(b, mark);
    else
        buf_puts(b, "</ul><p class=\"meta\">标记为不合适的记录不会再推荐给本单位；撤销后会重新出现在匹配中。"
                    "</p></section>");
}
