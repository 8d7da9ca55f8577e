/* web/page_event_staff.c — the organiser's pages: build the timetable (the
 * optimiser through the store, keeping confirmed meetings unless "allow
 * moving" is ticked), the slots × tables grid, CSV and XLSX downloads; and
 * each participant's printable agenda and its ICS download. Staff-only
 * actions are refused by src/event (403 naming the role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web/events.h"

static int fail_e(web_req *rq, web_resp *rs, const qiao_err *e0)
{
    qiao_err zh = *e0, *e = &zh;
    web_ev_msg_zh(rq, web_param(rq, "id"), e);
    return web_fail(rq, rs, web_status_of(e->code), web_code_of(e->code),
                    *e->field ? e->field : NULL, "%s", e->msg);
}

/* Content-Disposition for a download: an ASCII filename and the UTF-8 one. */
int web_page_event_plan_post(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id"), *mv = web_param(rq, "allow_moving");
    bool moving = mv && strcmp(mv, "0") && strcmp(mv, "false");
    store *st = web_w(rq)->st;
    sched_instance *in = NULL;
    sched_result r = {0};
    sched_options opt = sched_default_options();
    opt.keep_existing = !moving;
    qiao_err e = {0};
    int changed = 0;
    model_record ev = {0};
    if (web_ev_check_open(rq, &e) < 0)
        return e.code == QIAO_ENOTFOUND ? fail_e(rq, rs, &e) : web_ev_page_error(rq, rs, "timetable", &e);
    if (event_timetable_plan(st, &me.actor, id, &opt, 1, &in, &r, &changed, &e) < 0) {
        if (e.code == QIAO_EPERM || e.code == QIAO_ENOTFOUND)
            return fail_e(rq, rs, &e);
        return web_ev_page_error(rq, rs, "timetable", &e);
    }
    store_get(st, MODEL_EVENT, id, &ev, NULL);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "会谈日程");
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><p class=\"meta\"><a href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "\">");
    web_html_text(b, model_str(&ev, "title"));
    buf_puts(b, "</a></p><h1>会谈日程已生成</h1>");
    buf_printf(b, "<p class=\"notice\" role=\"status\" id=\"plan-summary\">安排了 <strong id=\"scheduled\">%d"
               "</strong> / %d 场会谈（权重 %ld / %ld）；上界 %ld（%s），达成率 <strong id=\"ratio\">"
               "%.1f%%</strong>；%d 场会谈的时段或桌号有变动。%s</p>", r.scheduled, r.nmeetings,
               r.weight, r.total_weight, r.bound,
               !strcmp(r.bound_kind, "capacity") ? "按容量" : "拉格朗日松弛", r.ratio * 100, changed,
               moving ? "本次允许调整已安排的会谈（锁定的除外）。" : "已确定的会谈保持原时段。");
    web_ev_timetable_html(rq, b, &ev, in, r.slot, r.table, r.reason);
    buf_puts(b, "<p class=\"actions\"><a class=\"button\" href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "/grid\">查看会谈安排表</a></p>");
    web_page_end(rq, rs);
    model_record_clear(&ev);
    sched_instance_free(in);
    sched_result_free(&r);
    return 0;
}

int web_page_event_grid(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id");
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    buf probe = {0};
    /* event_grid checks the role and that the event has slots and tables */
    int rc = event_grid(st, &me.actor, id, EVENT_FMT_JSON, &probe, &e);
    buf_free(&probe);
    if (rc < 0)
        return fail_e(rq, rs, &e);
    event_view v;
    model_record ev = {0};
    if ((rc = event_view_load(st, id, &v, &e)) < 0)
        return fail_e(rq, rs, &e);
    store_get(st, MODEL_EVENT, id, &ev, NULL);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "会谈安排表");
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><p class=\"meta\"><a href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "\">");
    web_html_text(b, v.title);
    buf_printf(b, "</a></p><h1>会谈安排表</h1><p class=\"meta\">%d 个时段 × %d 张洽谈桌</p>"
               "<p class=\"actions\">", v.slots, v.tables);
    static const char *const dl[][2] = {{"grid.csv", "安排表 CSV"}, {"meetings.csv", "会谈清单 CSV"},
                                        {"export.xlsx", "电子表格（XLSX）"}};
    for (int i = 0; i < 3; i++) {
        buf_puts(b, "<a class=\"button secondary\" href=\"/events/");
        web_url_arg(b, id);
        buf_printf(b, "/%s\">下载%s</a>", dl[i][0], dl[i][1]);
    }
    buf_puts(b, "</p><div class=\"scroll\"><table class=\"grid timetable cards\" id=\"grid\"><thead><tr>"
                "<th>时段</th><th>时间</th>");
    for (int t = 1; t <= v.tables; t++)
        buf_printf(b, "<th>第%d桌</th>", t);
    buf_puts(b, "</tr></thead><tbody>");
    for (int s = 1; s <= v.slots; s++) {
        char tm[32];
        web_ev_slot_time(&ev, s, tm);
        buf_printf(b, "<tr><th scope=\"row\">第%d段</th><td data-label=\"时间\">%s</td>", s, tm);
        for (int t = 1; t <= v.tables; t++) {
            buf_printf(b, "<td data-label=\"第%d桌\">", t);
            for (size_t i = 0; i < v.n; i++)
                if (v.m[i].slot == s && v.m[i].table == t) {
                    web_html_text(b, v.m[i].from_name);
                    buf_puts(b, " ↔ ");
                    web_html_text(b, v.m[i].to_name);
                }
            buf_puts(b, "</td>");
        }
        buf_puts(b, "</tr>");
    }
    buf_puts(b, "</tbody></table></div>");
    size_t unplaced = 0;
    for (size_t i = 0; i < v.n; i++)
        unplaced += v.m[i].slot == 0;
    if (unplaced)
        buf_printf(b, "<p class=\"meta\">另有 %zu 场已接受的会谈尚未安排：请生成会谈日程。</p>", unplaced);
    web_page_end(rq, rs);
    model_record_clear(&ev);
    event_view_free(&v);
    return 0;
}

static int csv_download(web_req *rq, web_resp *rs, bool grid)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    buf out = {0};
    const qiao_labels *lb = web_export_labels(rq);
    int rc = grid ? event_grid_labeled(web_w(rq)->st, &me.actor, id, EVENT_FMT_CSV, lb, &out, &e)
                  : event_meetings_labeled(web_w(rq)->st, &me.actor, id, EVENT_FMT_CSV, lb, &out,
                                           &e);
    if (rc < 0) {
        buf_free(&out);
        return fail_e(rq, rs, &e);
    }
    buf_append(&rs->body, out.p, out.len);
    buf_free(&out);
    rs->ctype = "text/csv; charset=utf-8";
    const char *what = grid ? "grid" : "meetings";
    web_attachment(rq, rs, web_arena_printf(&rq->arena, "%s-%s.csv", id, what),
               web_arena_printf(&rq->arena, "%s-%s-%s.csv", grid ? "会谈安排表" : "会谈清单", id,
                                what));
    return 0;
}

int web_page_event_grid_csv(web_req *rq, web_resp *rs)
{
    return csv_download(rq, rs, true);
}

int web_page_event_meetings_csv(web_req *rq, web_resp *rs)
{
    return csv_download(rq, rs, false);
}

int web_page_event_xlsx(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    char dir[] = "/tmp/qiao-xlsx-XXXXXX";
    if (!mkdtemp(dir))
        return web_fail(rq, rs, 500, "internal", NULL, "cannot make a temporary directory");
    char *path = web_arena_printf(&rq->arena, "%s/export.xlsx", dir);
    int rc = event_export_xlsx_labeled(web_w(rq)->st, &me.actor, id, path,
                                       web_export_labels(rq), &e);
    if (rc == 0) {
        FILE *f = fopen(path, "rb");
        char chunk[8192];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_append(&rs->body, chunk, n);
        if (!f)
            rc = qiao_errf(&e, QIAO_EIO, "cannot read the workbook back");
        else
            fclose(f);
    }
    unlink(path);
    rmdir(dir);
    if (rc < 0) {
        buf_clear(&rs->body);
        return fail_e(rq, rs, &e);
    }
    rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    web_attachment(rq, rs, web_arena_printf(&rq->arena, "%s.xlsx", id),
               web_arena_printf(&rq->arena, "会谈安排-%s.xlsx", id));
    return 0;
}

/* The party whose agenda: ?who=, else the account's (person, else org). */
static const char *agenda_who(web_req *rq, const web_ev_me *me)
{
    const char *who = web_param(rq, "who");
    if (who && *who)
        return who;
    return *me->person ? me->person : *me->org ? me->org : NULL;
}

int web_page_event_agenda(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id"), *who = agenda_who(rq, &me);
    if (!who)
        return web_fail(rq, rs, 422, "invalid", "who", "请先登录，或从活动页打开参会方的会谈日程。");
    qiao_err e = {0};
    buf out = {0};
    if (event_agenda(web_w(rq)->st, &me.actor, id, who, EVENT_FMT_JSON, 0, &out, &e) < 0) {
        buf_free(&out);
        return fail_e(rq, rs, &e);
    }
    json_t *a = json_loads(buf_cstr(&out), 0, NULL);
    buf_free(&out);
    model_record ev = {0};
    store_get(web_w(rq)->st, MODEL_EVENT, id, &ev, NULL);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "会谈日程");
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><article class=\"agenda\">"
                "<p class=\"meta noprint\"><a href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "?as=");
    web_url_arg(b, who);
    buf_puts(b, "\">← 返回活动</a></p><h1>");
    web_html_text(b, model_str(&ev, "title"));
    buf_puts(b, "</h1><p class=\"meta\">");
    web_ev_when(b, model_str(&ev, "starts"));
    if (*model_str(&ev, "venue")) {
        buf_puts(b, " · ");
        web_html_text(b, model_str(&ev, "venue"));
    }
    buf_puts(b, "</p><h2>会谈日程：<span id=\"agenda-name\">");
    web_html_text(b, json_string_value(json_object_get(a, "name")));
    buf_puts(b, "</span></h2><table class=\"grid cards\" id=\"agenda\"><thead><tr><th>时段</th><th>时间</th>"
                "<th>桌号</th><th>会谈对象</th><th>留言</th></tr></thead><tbody>");
    size_t i, placed = 0, unplaced = 0;
    json_t *m;
    json_array_foreach(json_object_get(a, "meetings"), i, m) {
        json_t *slot = json_object_get(m, "slot");
        if (!json_is_integer(slot)) {
            unplaced++;
            continue;
        }
        placed++;
        char t[32];
        web_ev_slot_time(&ev, (int)json_integer_value(slot), t);
        buf_printf(b, "<tr><td data-label=\"时段\">第%lld段</td><td data-label=\"时间\">%s</td>"
                   "<td data-label=\"桌号\">", (long long)json_integer_value(slot), t);
        if (json_is_integer(json_object_get(m, "table")))
            buf_printf(b, "第%lld桌", (long long)json_integer_value(json_object_get(m, "table")));
        buf_puts(b, "</td><td class=\"with\" data-label=\"会谈对象\">");
        web_html_text(b, json_string_value(json_object_get(m, "with_name")));
        buf_puts(b, "</td><td data-label=\"留言\">");
        web_html_text(b, json_string_value(json_object_get(m, "message")));
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table>");
    if (!placed)
        buf_puts(b, "<p class=\"empty\">还没有安排好的会谈。</p>");
    if (unplaced) {
        buf_printf(b, "<h3>已接受、待安排时段（%zu）</h3><ul>", unplaced);
        json_array_foreach(json_object_get(a, "meetings"), i, m) {
            if (json_is_integer(json_object_get(m, "slot")))
                continue;
            buf_puts(b, "<li>");
            web_html_text(b, json_string_value(json_object_get(m, "with_name")));
            buf_puts(b, "</li>");
        }
        buf_puts(b, "</ul>");
    }
    buf_puts(b, "<p class=\"actions noprint\"><a class=\"button\" id=\"ics-link\" href=\"/events/");
    web_url_arg(b, id);
    buf_puts(b, "/agenda.ics?who=");
    web_url_arg(b, who);
    buf_puts(b, "\">下载到手机日历 (ICS)</a><span class=\"meta\">用浏览器的“打印”即可打印本页。</span></p>"
                "</article>");
    web_page_end(rq, rs);
    json_decref(a);
    model_record_clear(&ev);
    return 0;
}

int web_page_event_ics(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id"), *who = agenda_who(rq, &me);
    if (!who)
        return web_fail(rq, rs, 422, "invalid", "who", "请先登录，或从活动页打开参会方的会谈日程。");
    qiao_err e = {0};
    buf out = {0};
    if (event_agenda_labeled(web_w(rq)->st, &me.actor, id, who, EVENT_FMT_ICS, 0,
                             web_export_labels(rq), &out, &e) < 0) {
        buf_free(&out);
        return fail_e(rq, rs, &e);
    }
    buf_append(&rs->body, out.p, out.len);
    buf_free(&out);
    rs->ctype = "text/calendar; charset=utf-8";
    web_attachment(rq, rs, web_arena_printf(&rq->arena, "%s-%s.ics", id, who),
               web_arena_printf(&rq->arena, "会谈日程-%s-%s.ics", id, who));
    return 0;
}
