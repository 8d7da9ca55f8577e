/* web/page_event_list.c — GET /events: upcoming events (or past, or all),
 * by type, each with its dates in Beijing time, venue and registrations. */
#include <string.h>

#include "web/events.h"

static void tab(buf *b, const char *when, const char *type, const char *cur_when,
                const char *cur_type, const char *text)
{
    bool on = !strcmp(when, cur_when ? cur_when : "upcoming") &&
              ((!type && !cur_type) || (type && cur_type && !strcmp(type, cur_type)));
    buf_printf(b, "<a%s href=\"/events?when=%s", on ? " class=\"on\" aria-current=\"page\"" : "",
               when);
    if (type)
        buf_printf(b, "&amp;type=%s", type);
    buf_printf(b, "\">%s</a>", text);
}

int web_page_events(web_req *rq, web_resp *rs)
{
    const char *when = web_param(rq, "when"), *type = web_param(rq, "type");
    qiao_err e = {0};
    json_t *l = web_ev_list(rq, when, type, &e);
    if (!l)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    web_ev_me me;
    web_ev_me_init(rq, &me);
    buf *b = &rs->body;
    web_page_begin(rq, rs, "对接活动");
    buf_puts(b, "<link rel=\"stylesheet\" href=\"/static/events.css\"><h1>对接活动</h1>");
    if (me.staff)
        buf_puts(b, "<p><a class=\"button\" id=\"new-event\" href=\"/events/new\">新建活动</a></p>");
    buf_puts(b, "<nav class=\"tabs\" aria-label=\"时间\">");
    tab(b, "upcoming", type, when, type, "即将举行");
    tab(b, "past", type, when, type, "往期活动");
    tab(b, "all", type, when, type, "全部");
    buf_puts(b, "</nav><nav class=\"tabs types\" aria-label=\"类型\">");
    const char *w = when ? when : "upcoming";
    tab(b, w, NULL, w, type, "全部类型");
    static const char *const types[] = {"release", "park_visit", "salon", "school_enterprise",
                                        "roadshow", "other", NULL};
    for (int i = 0; types[i]; i++)
        tab(b, w, types[i], w, type, web_ev_type_label(types[i]));
    buf_printf(b, "</nav><p class=\"count\">共 %zu 场</p><ul class=\"records events\">",
               json_array_size(l));
    size_t i;
    json_t *d;
    json_array_foreach(l, i, d) {
        buf_puts(b, "<li><h2><a href=\"/events/");
        web_url_arg(b, json_string_value(json_object_get(d, "id")));
        buf_puts(b, "\">");
        web_html_text(b, json_string_value(json_object_get(d, "title")));
        buf_printf(b, "</a></h2><p class=\"meta\">%s · ",
                   web_ev_type_label(json_string_value(json_object_get(d, "type"))));
        web_ev_when(b, json_string_value(json_object_get(d, "starts")));
        const char *venue = json_string_value(json_object_get(d, "venue"));
        if (venue && *venue) {
            buf_puts(b, " · ");
            web_html_text(b, venue);
        }
        buf_printf(b, "</p><p class=\"meta\">已报名 %lld",
                   (long long)json_integer_value(json_object_get(d, "registered")));
        if (json_is_integer(json_object_get(d, "capacity")))
            buf_printf(b, " / 名额 %lld", (long long)json_integer_value(json_object_get(d, "capacity")));
        if (json_integer_value(json_object_get(d, "waitlisted")))
            buf_printf(b, "，候补 %lld",
                       (long long)json_integer_value(json_object_get(d, "waitlisted")));
        buf_puts(b, "</p></li>");
    }
    buf_puts(b, "</ul>");
    if (!json_array_size(l))
        buf_puts(b, "<p class=\"empty\">没有符合条件的活动。</p>");
    json_decref(l);
    web_page_end(rq, rs);
    return 0;
}
