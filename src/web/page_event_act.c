/* web/page_event_act.c — the event page's forms: register (with
 * availability by slot) and withdraw, send a meeting request, accept,
 * decline or cancel one. Each calls src/event with the account's actor; on
 * success it goes back to the event page with a notice (303), on refusal it
 * shows the event page with the error beside the field (422, 403, 404, 409). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/events.h"
#include "web/pages.h"

static int back(web_req *rq, web_resp *rs, const char *as, const char *done, const char *anchor)
{
    buf loc = {0};
    buf_puts(&loc, "/events/");
    web_url_arg(&loc, web_param(rq, "id"));
    buf_printf(&loc, "?done=%s", done);
    if (as && *as) {
        buf_puts(&loc, "&as=");
        web_url_arg(&loc, as);
    }
    buf_printf(&loc, "#%s", anchor);
    web_redirect(rq, rs, web_arena_strdup(&rq->arena, buf_cstr(&loc)));
    buf_free(&loc);
    return 0;
}

int web_page_event_register_post(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id"), *who = web_param(rq, "who");
    qiao_err e = {0};
    if (web_ev_check_open(rq, &e) < 0)
        return web_ev_page_error(rq, rs, "register", &e);
    /* staff pick whom they register by name: a person's or an org's */
    char who_id[MODEL_KEY_MAX];
    const char *code;
    if (web_pick_resolve(rq, 1u << MODEL_PERSON | 1u << MODEL_ORG, who, who_id, &code) < 0) {
        char msg[256];
        model_message(MODEL_REGISTRATION, "who", code, who, msg, sizeof msg);
        qiao_field_errf(&e, QIAO_EINVAL, "who", "%s", msg);
        return web_ev_page_error(rq, rs, "register", &e);
    }
    who = web_arena_strdup(&rq->arena, who_id);
    model_record ev = {0};
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &ev, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    int slots = (int)json_integer_value(json_object_get(ev.doc, "slots"));
    model_record_clear(&ev);
    int *av = qiao_calloc(rq->nform + 1, sizeof *av);
    size_t n = 0;
    for (size_t i = 0; i < rq->nform; i++) {
        if (strcmp(rq->form[i].name, "slot") != 0)
            continue;
        char *end;
        long v = strtol(rq->form[i].value, &end, 10);
        if (*end || end == rq->form[i].value || v < 1 || v > 1000) {
            qiao_field_errf(&e, QIAO_EINVAL, "availability", "请从列出的时段中勾选。");
            free(av);
            return web_ev_page_error(rq, rs, "register", &e);
        }
        av[n++] = (int)v;
    }
    if (slots && !n) {
        free(av);
        qiao_field_errf(&e, QIAO_EINVAL, "availability", "请至少勾选一个可以参加的时段。");
        return web_ev_page_error(rq, rs, "register", &e);
    }
    event_reg_req r = {.event = id, .who = who, .availability = slots ? av : NULL,
                       .navail = slots ? n : 0,
                       .late = me.staff && web_param(rq, "late") &&
                               strcmp(web_param(rq, "late"), "0") &&
                               strcmp(web_param(rq, "late"), "false")};
    event_reg_result res = {0};
    rc = event_register(web_w(rq)->st, &me.actor, &r, &res, &e);
    free(av);
    if (rc < 0)
        return web_ev_page_error(rq, rs, "register", &e);
    return back(rq, rs, who, !res.created ? "updated" : res.waitlisted ? "waitlisted" : "registered",
                "register");
}

int web_page_event_unregister_post(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *who = web_param(rq, "who");
    char promoted[MODEL_KEY_MAX];
    qiao_err e = {0};
    if (web_ev_check_open(rq, &e) < 0)
        return web_ev_page_error(rq, rs, "register", &e);
    if (event_unregister(web_w(rq)->st, &me.actor, web_param(rq, "id"), who, promoted, &e) < 0)
        return web_ev_page_error(rq, rs, "register", &e);
    return back(rq, rs, who, "withdrawn", "register");
}

int web_page_event_request_post(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *from = web_param(rq, "from");
    event_request_req r = {.event = web_param(rq, "id"), .from = from, .to = web_param(rq, "to"),
                           .message = web_param(rq, "message"),
                           .priority = (int)web_param_long(rq, "priority", 1)};
    if (r.message && !*r.message)
        r.message = NULL;
    qiao_err e = {0};
    if (web_ev_check_open(rq, &e) < 0)
        return web_ev_page_error(rq, rs, "request", &e);
    if (event_request(web_w(rq)->st, &me.actor, &r, NULL, &e) < 0)
        return web_ev_page_error(rq, rs, "request", &e);
    return back(rq, rs, from, "requested", "mine");
}

/* The request must be one of this event's (else 404: the URL names the event). */
static int request_of_event(web_req *rq, const char *key, qiao_err *e)
{
    model_record r = {0};
    int rc = store_get(web_w(rq)->st, MODEL_MEETING_REQUEST, key, &r, e);
    if (rc == 0 && strcmp(model_str(&r, "event"), web_param(rq, "id")) != 0)
        rc = QIAO_ENOTFOUND;
    model_record_clear(&r);
    if (rc == QIAO_ENOTFOUND)
        return qiao_field_errf(e, rc, "request", "这场活动没有这个会谈邀约，它可能已被撤回。请刷新页面。");
    return rc;
}

typedef enum { ACCEPT, DECLINE, CANCEL } answer;

static int answer_post(web_req *rq, web_resp *rs, answer what)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *key = web_param(rq, "request"), *reason = web_param(rq, "reason");
    if (reason && !*reason)
        reason = NULL;
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    int rc = web_ev_check_open(rq, &e);
    if (rc == 0)
        rc = request_of_event(rq, key, &e);
    if (rc == 0)
        rc = what == ACCEPT ? event_accept(st, &me.actor, key, NULL, &e)
           : what == DECLINE ? event_decline(st, &me.actor, key, reason, NULL, &e)
           : event_cancel(st, &me.actor, key, reason, &e);
    if (rc < 0)
        return web_ev_page_error(rq, rs, what == CANCEL ? "cancel" : "answer", &e);
    static const char *const done[] = {"accepted", "declined", "cancelled"};
    return back(rq, rs, web_param(rq, "as"), done[what], what == CANCEL ? "mine" : "incoming");
}

int web_page_event_accept_post(web_req *rq, web_resp *rs)
{
    return answer_post(rq, rs, ACCEPT);
}

int web_page_event_decline_post(web_req *rq, web_resp *rs)
{
    return answer_post(rq, rs, DECLINE);
}

int web_page_event_cancel_post(web_req *rq, web_resp *rs)
{
    return answer_post(rq, rs, CANCEL);
}

/* Declining a request and cancelling a meeting end something the other side
 * is waiting for: each is confirmed on a page of its own (works without
 * JavaScript), whose button posts the change. */
int web_page_event_answer_confirm(web_req *rq, web_resp *rs)
{
    const char *id = web_param(rq, "id"), *key = web_param(rq, "request");
    const char *as = web_param(rq, "as");
    bool decline = strstr(rq->path, "/decline") != NULL;
    model_record ev = {0}, mr = {0};
    qiao_err e = {0};
    store *st = web_w(rq)->st;
    int rc = store_get(st, MODEL_EVENT, id, &ev, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "找不到这个活动。");
    if (store_get(st, MODEL_MEETING_REQUEST, key, &mr, &e) < 0) {
        model_record_clear(&ev);
        return web_fail(rq, rs, 404, "not_found", NULL, "找不到这个洽谈请求，它可能已被取消。");
    }
    buf *b = &rs->body;
    web_page_begin(rq, rs, decline ? "婉拒洽谈请求" : "取消会谈");
    buf_printf(b, "<h1>%s</h1><p>", decline ? "确认婉拒这个洽谈请求？" : "确认取消这次会谈？");
    web_html_text(b, model_str(&ev, "title"));
    buf_puts(b, "：");
    web_party_link(rq, b, model_str(&mr, "from"));
    buf_puts(b, " → ");
    web_party_link(rq, b, model_str(&mr, "to"));
    buf_printf(b, "</p><p>%s</p><form method=\"post\" action=\"/events/",
               decline ? "婉拒后对方会收到答复，这个请求不再排入日程。"
                       : "取消后对方会收到通知，已排好的时段和洽谈桌随之释放。");
    web_url_arg(b, id);
    buf_printf(b, "/%s\">", decline ? "decline" : "cancel");
    web_csrf_input(rq, rs);
    buf_puts(b, "<input type=\"hidden\" name=\"request\" value=\"");
    web_html_attr(b, key);
    buf_puts(b, "\">");
    if (as && *as) {
        buf_puts(b, "<input type=\"hidden\" name=\"as\" value=\"");
        web_html_attr(b, as);
        buf_puts(b, "\">");
    }
    if (decline)
        buf_puts(b, "<label for=\"reason\">婉拒理由（可不填）</label>"
                    "<input id=\"reason\" name=\"reason\" maxlength=\"2000\">");
    buf_printf(b, "<p><button type=\"submit\" class=\"danger\" id=\"confirm\">%s</button> "
               "<a href=\"/events/", decline ? "确认婉拒" : "确认取消");
    web_url_arg(b, id);
    buf_puts(b, "\">返回，不做改动</a></p></form>");
    model_record_clear(&mr);
    model_record_clear(&ev);
    web_page_end(rq, rs);
    return 0;
}
