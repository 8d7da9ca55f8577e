/* web/page_event_panel.c — the organiser's panel of the event page (meeting
 * requests by state with counts, the waiting list, the accepted meetings left
 * out of the timetable with the reason, the participants; the timetable form
 * while the event is on), and GET /events/{id}/timetable: the last timetable
 * written, opened again. Staff only (src/event refuses the others). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/events.h"

const char *web_ev_reason_label(sched_reason r)
{
    switch (r) {
    case SCHED_NO_COMMON_SLOT: return "双方没有共同的可参加时段";
    case SCHED_A_BUSY: return "共同时段里邀约方都已有其他会谈";
    case SCHED_B_BUSY: return "共同时段里受邀方都已有其他会谈";
    case SCHED_TABLES_FULL: return "双方都有空的时段洽谈桌已满";
    case SCHED_CROWDED: return "共同时段均被其他会谈或桌位占满";
    default: return "尚未排入日程：请生成会谈日程";
    }
}

void web_ev_unplaced_reasons(const sched_instance *in, const int *slot, const int *table,
                             sched_reason *out)
{
    (void)table;
    for (int m = 0; m < in->nmeetings; m++) {
        out[m] = SCHED_SCHEDULED;
        if (slot[m] != SCHED_NONE)
            continue;
        const sched_meeting *mm = &in->meetings[m];
        int n = 0, na = 0, nb = 0, nt = 0, fits = 0;
        for (int t = 0; t < in->nslots; t++) {
            if (!sched_slots_has(&in->participants[mm->a].avail, t) ||
                !sched_slots_has(&in->participants[mm->b].avail, t))
                continue;
            n++;
            int ba = 0, bb = 0, used = 0;
            for (int k = 0; k < in->nmeetings; k++) {
                if (slot[k] != t)
                    continue;
                used++;
                const sched_meeting *o = &in->meetings[k];
                ba |= o->a == mm->a || o->b == mm->a;
                bb |= o->a == mm->b || o->b == mm->b;
            }
            na += ba;
            nb += bb;
            nt += !ba && !bb && used >= in->ntables;
            fits += !ba && !bb && used < in->ntables;
        }
        out[m] = !n ? SCHED_NO_COMMON_SLOT : fits ? SCHED_SCHEDULED : na == n ? SCHED_A_BUSY
               : nb == n ? SCHED_B_BUSY : nt == n ? SCHED_TABLES_FULL : SCHED_CROWDED;
    }
}

static void party(web_req *rq, buf *b, const char *id)
{
    buf n = {0};
    web_ev_party_name(rq, id, &n);
    web_html_text(b, buf_cstr(&n));
    buf_free(&n);
}

void web_ev_timetable_html(web_req *rq, buf *b, const model_record *ev, const sched_instance *in,
                           const int *slot, const int *table, const sched_reason *reason)
{
    int placed = 0;
    for (int m = 0; m < in->nmeetings; m++)
        placed += slot[m] != SCHED_NONE;
    buf_printf(b, "<h2>已安排（%d）</h2>", placed);
    if (placed)
        buf_puts(b, "<table class=\"grid cards\" id=\"scheduled-list\"><thead><tr><th>时段</th>"
                    "<th>时间</th><th>桌号</th><th>邀约方</th><th>受邀方</th><th>优先级</th></tr>"
                    "</thead><tbody>");
    else
        buf_puts(b, "<p class=\"empty\">还没有安排好的会谈。</p>");
    for (int s = 0; s < in->nslots; s++)
        for (int m = 0; m < in->nmeetings; m++) {
            if (slot[m] != s)
                continue;
            char t[32];
            web_ev_slot_time(ev, s + 1, t);
            buf_printf(b, "<tr><td data-label=\"时段\">第%d段</td><td data-label=\"时间\">%s</td>"
                       "<td data-label=\"桌号\">第%d桌</td><td data-label=\"邀约方\">", s + 1, t,
                       table[m] + 1);
            party(rq, b, in->participants[in->meetings[m].a].id);
            buf_puts(b, "</td><td data-label=\"受邀方\">");
            party(rq, b, in->participants[in->meetings[m].b].id);
            buf_printf(b, "</td><td data-label=\"优先级\">%s%s</td></tr>",
                       web_ev_priority_label(in->meetings[m].priority),
                       in->meetings[m].locked ? "（锁定）" : "");
        }
    if (placed)
        buf_puts(b, "</tbody></table>");
    if (placed == in->nmeetings)
        return;
    buf_printf(b, "<h2>未能安排（%d）</h2><ul class=\"records\" id=\"unscheduled\">",
               in->nmeetings - placed);
    for (int m = 0; m < in->nmeetings; m++) {
        if (slot[m] != SCHED_NONE)
            continue;
        buf_puts(b, "<li>");
        party(rq, b, in->participants[in->meetings[m].a].id);
        buf_puts(b, " ↔ ");
        party(rq, b, in->participants[in->meetings[m].b].id);
        buf_printf(b, "（%s）：<span class=\"why-left\">%s</span></li>",
                   web_ev_priority_label(in->meetings[m].priority), web_ev_reason_label(reason[m]));
    }
    buf_puts(b, "</ul>");
}

/* The instance of the event as stored, with each meeting's slot and table
 * and the reasons of those without; NULL (e filled) when it cannot load. */
static sched_instance *stored(web_req *rq, const char *id, int **slot, int **table,
                              sched_reason **reason, qiao_err *e)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    sched_instance *in = NULL;
    if (event_timetable_load(web_w(rq)->st, &me.actor, id, &in, e) < 0)
        return NULL;
    size_t n = (size_t)in->nmeetings + 1;
    *slot = qiao_calloc(n, sizeof **slot);
    *table = qiao_calloc(n, sizeof **table);
    *reason = qiao_calloc(n, sizeof **reason);
    for (int m = 0; m < in->nmeetings; m++) {
        bool at = in->meetings[m].slot != SCHED_NONE && in->meetings[m].table != SCHED_NONE;
        (*slot)[m] = at ? in->meetings[m].slot : SCHED_NONE;
        (*table)[m] = at ? in->meetings[m].table : SCHED_NONE;
    }
    web_ev_unplaced_reasons(in, *slot, *table, *reason);
    return in;
}

int web_page_event_timetable(web_req *rq, web_resp *rs)
{
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    int *slot = NULL, *table = NULL;
    sched_reason *reason = NULL;
    sched_instance *in = stored(rq, id, &slot, &table, &reason, &e);
    if (!in) {
        web_ev_msg_zh(rq, id, &e);
        return web_fail(rq, rs, web_status_of(e.code), web_code_of(e.code),
                        *e.field ? e.field : NULL, "%s", e.msg);
    }
    model_record ev = {0};
    store_get(web_w(rq)->st, MODEL_EVENT, id, &ev, NULL);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "会谈日程");
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><p class=\"meta\"><a href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "\">");
    web_html_text(b, model_str(&ev, "title"));
    buf_puts(b, "</a></p><h1>会谈日程</h1><p class=\"meta\" id=\"timetable-note\">这是目前保存的会谈日程。");
    if (web_ev_is_past(&ev))
        buf_puts(b, "活动已结束，日程仅供查阅。");
    else
        buf_puts(b, "有新接受的会谈或有人取消时，可在活动页重新生成。");
    buf_puts(b, "</p>");
    web_ev_timetable_html(rq, b, &ev, in, slot, table, reason);
    buf_puts(b, "<p class=\"actions\"><a class=\"button\" href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "/grid\">查看会谈安排表</a></p>");
    web_page_end(rq, rs);
    model_record_clear(&ev);
    free(slot);
    free(table);
    free(reason);
    sched_instance_free(in);
    return 0;
}

/* ---- the panel ---- */

static const char *const states[][2] = {
    {"pending", "待答复"}, {"accepted", "已接受"}, {"declined", "已婉拒"},
    {"expired", "已过期"}, {"cancelled", "已取消"},
};

static const char *status_of(const json_t *r)
{
    const char *st = json_string_value(json_object_get(r, "status"));
    return st && *st ? st : "pending";
}

static void by_state(web_req *rq, buf *b, const model_record *ev, const json_t *reqs)
{
    size_t count[5] = {0}, i;
    json_t *r;
    json_array_foreach(reqs, i, r)
        for (int k = 0; k < 5; k++)
            count[k] += !strcmp(status_of(r), states[k][0]);
    buf_printf(b, "<h3>会谈邀约（%zu）</h3><ul class=\"counts\" id=\"request-counts\">",
               json_array_size(reqs));
    for (int k = 0; k < 5; k++)
        buf_printf(b, "<li><a href=\"#st-%s\">%s <strong id=\"count-%s\">%zu</strong></a></li>",
                   states[k][0], states[k][1], states[k][0], count[k]);
    buf_puts(b, "</ul>");
    for (int k = 0; k < 5; k++) {
        buf_printf(b, "<details class=\"state\" id=\"st-%s\"%s><summary>%s（%zu）</summary>",
                   states[k][0], k == 0 && count[k] ? " open" : "", states[k][1], count[k]);
        if (!count[k]) {
            buf_puts(b, "<p class=\"empty\">没有。</p></details>");
            continue;
        }
        buf_puts(b, "<ul class=\"records\">");
        json_array_foreach(reqs, i, r) {
            if (strcmp(status_of(r), states[k][0]))
                continue;
            buf_puts(b, "<li>");
            party(rq, b, json_string_value(json_object_get(r, "from")));
            buf_puts(b, " → ");
            party(rq, b, json_string_value(json_object_get(r, "to")));
            json_t *p = json_object_get(r, "priority");
            buf_printf(b, " <small>优先级：%s</small>",
                       web_ev_priority_label(json_is_integer(p) ? json_integer_value(p) : 1));
            json_t *slot = json_object_get(r, "slot"), *table = json_object_get(r, "table");
            if (json_is_integer(slot)) {
                char t[32];
                web_ev_slot_time(ev, (int)json_integer_value(slot), t);
                buf_printf(b, " <small>第%lld段 %s", (long long)json_integer_value(slot), t);
                if (json_is_integer(table))
                    buf_printf(b, " · 第%lld桌", (long long)json_integer_value(table));
                buf_puts(b, "</small>");
            }
            const char *why = json_string_value(json_object_get(r, "reason"));
            if (why && *why) {
                buf_puts(b, " <small>理由：");
                web_html_text(b, why);
                buf_puts(b, "</small>");
            }
            buf_puts(b, "</li>");
        }
        buf_puts(b, "</ul></details>");
    }
}

static void waiting(web_req *rq, buf *b, const json_t *regs)
{
    size_t n = 0, i;
    json_t *r;
    json_array_foreach(regs, i, r)
        n += json_is_true(json_object_get(r, "waitlisted"));
    buf_printf(b, "<h3>候补名单（<span id=\"count-waitlist\">%zu</span>）</h3>", n);
    if (!n) {
        buf_puts(b, "<p class=\"empty\">没有候补。</p>");
        return;
    }
    /* in order of their place */
    buf_puts(b, "<ol class=\"records\" id=\"waitlist\">");
    for (size_t pos = 1; pos <= n; pos++)
        json_array_foreach(regs, i, r) {
            const char *who = json_string_value(json_object_get(r, "who"));
            if (json_is_true(json_object_get(r, "waitlisted")) &&
                web_ev_wait_position(regs, who) == (int)pos) {
                buf_puts(b, "<li>");
                party(rq, b, who);
                buf_puts(b, "</li>");
            }
        }
    buf_puts(b, "</ol>");
}

static void unplaced(web_req *rq, buf *b, const model_record *ev)
{
    qiao_err e = {0};
    int *slot = NULL, *table = NULL;
    sched_reason *reason = NULL;
    sched_instance *in = stored(rq, ev->key, &slot, &table, &reason, &e);
    int n = 0;
    for (int m = 0; in && m < in->nmeetings; m++)
        n += slot[m] == SCHED_NONE;
    buf_printf(b, "<h3>未排入日程的会谈（<span id=\"count-unscheduled\">%d</span>）</h3>", n);
    if (!in) {
        web_ev_msg_zh(rq, ev->key, &e);
        buf_puts(b, "<p class=\"empty\">");
        web_html_text(b, e.msg);
        buf_puts(b, "</p>");
        return;
    }
    if (!n)
        buf_puts(b, "<p class=\"empty\">已接受的会谈都已排入日程。</p>");
    else
        buf_puts(b, "<ul class=\"records\" id=\"unscheduled-panel\">");
    for (int m = 0; m < in->nmeetings; m++) {
        if (slot[m] != SCHED_NONE)
            continue;
        buf_puts(b, "<li>");
        party(rq, b, in->participants[in->meetings[m].a].id);
        buf_puts(b, " ↔ ");
        party(rq, b, in->participants[in->meetings[m].b].id);
        buf_printf(b, "：<span class=\"why-left\">%s</span></li>", web_ev_reason_label(reason[m]));
    }
    if (n)
        buf_puts(b, "</ul>");
    free(slot);
    free(table);
    free(reason);
    sched_instance_free(in);
}

void web_ev_panel(web_req *rq, web_resp *rs, const model_record *ev, const json_t *regs,
                  const json_t *reqs, bool past, const qiao_err *err)
{
    buf *b = &rs->body;
    buf_puts(b, "<section class=\"panel\" id=\"organiser\"><h2>组织者</h2><p class=\"actions\">");
    if (!past) {
        buf_puts(b, "<a class=\"button\" id=\"edit-event\" href=\"/events/");
        web_url_arg(b, ev->key);
        buf_puts(b, "/edit\">修改活动</a>");
    }
    buf_puts(b, "<a class=\"button secondary\" id=\"grid-link\" href=\"/events/");
    web_url_arg(b, ev->key);
    buf_puts(b, "/grid\">会谈安排表</a><a class=\"button secondary\" id=\"timetable-link\" "
                "href=\"/events/");
    web_url_arg(b, ev->key);
    buf_puts(b, "/timetable\">查看上次生成的会谈日程</a></p>");
    if (!past) {
        buf_puts(b, "<form class=\"event-form\" method=\"post\" action=\"/events/");
        web_url_arg(b, ev->key);
        buf_puts(b, "/timetable\">");
        web_csrf_input(rq, rs);
        buf_puts(b, "<p>按已接受的邀约和各方可参加的时段排出一对一会谈（已确定的会谈保持原时段）。</p>"
                    "<label class=\"check\"><input type=\"checkbox\" name=\"allow_moving\" value=\"1\"> "
                    "允许调整已安排的会谈</label> <button type=\"submit\" id=\"build-timetable\">生成会谈日程"
                    "</button></form>");
        if (err) {
            buf_puts(b, "<span class=\"field-error\" id=\"err-timetable-");
            web_html_attr(b, *err->field ? err->field : "event");
            buf_puts(b, "\">");
            web_html_text(b, err->msg);
            buf_puts(b, "</span>");
        }
    }
    by_state(rq, b, ev, reqs);
    waiting(rq, b, regs);
    unplaced(rq, b, ev);
    buf_printf(b, "<h3>参会方（%zu）</h3><ul class=\"participants\">", json_array_size(regs));
    size_t i;
    json_t *r;
    json_array_foreach(regs, i, r) {
        const char *who = json_string_value(json_object_get(r, "who"));
        buf_puts(b, "<li><a href=\"/events/");
        web_url_arg(b, ev->key);
        buf_puts(b, "?as=");
        web_url_arg(b, who);
        buf_puts(b, "\">");
        party(rq, b, who);
        buf_puts(b, "</a>");
        if (json_is_true(json_object_get(r, "waitlisted")))
            buf_printf(b, " <small>候补第 %d 位</small>", web_ev_wait_position(regs, who));
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul></section>");
}
