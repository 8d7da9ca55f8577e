/* web/event_web.c — what the event pages and the event API share: their
 * parameter specs, who the signed-in account acts for, event summaries and
 * lists, times in Beijing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "web/events.h"

/* ---- parameter specs ---- */

static const char *const when_choices[] = {"upcoming", "past", "all", NULL};
static const char *const type_choices[] = {"release", "park_visit", "salon", "school_enterprise",
                                           "roadshow", "other", NULL};
static const char *const done_choices[] = {"created", "saved", "registered", "waitlisted",
    "updated", "withdrawn", "requested", "accepted", "declined", "cancelled", NULL};
static const char *const agenda_formats[] = {"json", "ics", "text", NULL};

#define EV_ID {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, \
               .doc = "the event's id"}
#define FTEXT(n, m) {.name = n, .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = m}

const web_pspec web_p_event_list[] = {
    {.name = "when", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = when_choices,
     .doc = "upcoming (default: not yet ended), past or all"},
    {.name = "type", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = type_choices,
     .doc = "only events of this type"},
    {0},
};
const web_pspec web_p_event_id[] = {EV_ID, {0}};
const web_pspec web_p_event_page[] = {
    EV_ID,
    {.name = "as", .in = WEB_IN_QUERY, .type = WEB_P_ID,
     .doc = "the party (person or org) to act for: one of the account's, any for staff"},
    {.name = "done", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = done_choices,
     .doc = "the action just done (shows a notice)"},
    {0},
};
#define EVENT_FORM_FIELDS \
    FTEXT("title", 200), FTEXT("type", 40), FTEXT("starts", 40), FTEXT("ends", 40), \
    FTEXT("venue", 200), FTEXT("organisers", 2000), FTEXT("chains", 2000), \
    FTEXT("capacity", 20), FTEXT("slot_minutes", 20), FTEXT("slots", 20), FTEXT("tables", 20), \
    FTEXT("registration_deadline", 40), FTEXT("requests_deadline", 40), \
    FTEXT("max_requests", 20), FTEXT("max_meetings", 20)
const web_pspec web_p_event_new[] = {FTEXT("id", 64), EVENT_FORM_FIELDS, {0}};
const web_pspec web_p_event_edit[] = {EV_ID, EVENT_FORM_FIELDS, {0}};
const web_pspec web_p_event_reg[] = {
    EV_ID,   /* who: an id, or (staff) a person's or an org's name, resolved by the handler */
    {.name = "who", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 200, .required = true},
    {.name = "slot", .in = WEB_IN_FORM, .type = WEB_P_INT, .min = 1, .max = 1000},
    {.name = "late", .in = WEB_IN_FORM, .type = WEB_P_BOOL},
    {0},
};
const web_pspec web_p_event_unreg[] = {
    EV_ID, {.name = "who", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true}, {0},
};
const web_pspec web_p_event_req[] = {
    EV_ID,
    {.name = "from", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {.name = "to", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    FTEXT("message", 2000),
    {.name = "priority", .in = WEB_IN_FORM, .type = WEB_P_INT, .min = 1, .max = 3},
    {0},
};
const web_pspec web_p_event_answer[] = {
    EV_ID,
    {.name = "request", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 199, .required = true},
    {.name = "as", .in = WEB_IN_FORM, .type = WEB_P_ID},
    FTEXT("reason", 2000),
    {0},
};
const web_pspec web_p_event_answer_q[] = {
    EV_ID,
    {.name = "request", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 199, .required = true},
    {.name = "as", .in = WEB_IN_QUERY, .type = WEB_P_ID},
    {0},
};
const web_pspec web_p_event_plan[] = {
    EV_ID, {.name = "allow_moving", .in = WEB_IN_FORM, .type = WEB_P_BOOL}, {0},
};
const web_pspec web_p_event_agenda[] = {
    EV_ID,
    {.name = "who", .in = WEB_IN_QUERY, .type = WEB_P_ID,
     .doc = "whose agenda (default: the account's party)"},
    {0},
};
const web_pspec web_p_api_event_who[] = {
    EV_ID,
    {.name = "who", .in = WEB_IN_QUERY, .type = WEB_P_ID,
     .doc = "the party (default: the account's; staff: every party)"},
    {0},
};
const web_pspec web_p_api_suggest[] = {
    EV_ID,
    {.name = "who", .in = WEB_IN_QUERY, .type = WEB_P_ID,
     .doc = "for whom (default: the account's party)"},
    {.name = "top", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, .max = 50,
     .doc = "how many (default 10)"},
    {0},
};
const web_pspec web_p_api_agenda[] = {
    EV_ID,
    {.name = "who", .in = WEB_IN_QUERY, .type = WEB_P_ID,
     .doc = "whose agenda (default: the account's party)"},
    {.name = "format", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = agenda_formats,
     .doc = "json (default), ics (text/calendar) or text"},
    {0},
};
const web_pspec web_p_api_unreg[] = {
    EV_ID,
    {.name = "who", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true,
     .doc = "the registered person or org"},
    {0},
};

/* ---- who acts ---- */

void web_ev_me_init(web_req *rq, web_ev_me *me)
{
    memset(me, 0, sizeof *me);
    me->staff = web_is_staff(rq);
    if (rq->signed_in) {
        model_record p = {0};
        if (store_get(web_w(rq)->st, MODEL_PERSON, rq->user.login, &p, NULL) == 0) {
            snprintf(me->person, sizeof me->person, "%s", p.key);
            snprintf(me->org, sizeof me->org, "%s", model_str(&p, "org"));
            model_record_clear(&p);
        }
        if (!*me->org)
            snprintf(me->org, sizeof me->org, "%s", rq->user.org);
    }
    me->actor.user = rq->signed_in ? rq->user.login : "(visitor)";
    me->actor.role = rq->signed_in ? web_role_name(rq->user.role) : "visitor";
    me->actor.party = *me->person ? me->person : me->org;
}

bool web_ev_speaks(const web_ev_me *me, const char *party)
{
    if (!party || !*party)
        return false;
    return me->staff || (*me->person && strcmp(me->person, party) == 0) ||
           (*me->org && strcmp(me->org, party) == 0);
}

/* ---- times ---- */

void web_ev_when(buf *b, const char *iso)
{
    int64_t t;
    if (!iso || !*iso || project_time_parse(iso, &t, NULL) < 0) {
        web_html_text(b, iso ? iso : "");
        return;
    }
    char f[32];
    project_time_format(t, f);
    buf_printf(b, "%.4s年%d月%d日", f, atoi(f + 5), atoi(f + 8));
    if (strchr(iso, 'T'))
        buf_printf(b, " %.5s", f + 11);
}

void web_ev_slot_time(const model_record *ev, int s, char out[32])
{
    out[0] = '\0';
    json_t *mins = json_object_get(ev->doc, "slot_minutes");
    int64_t t;
    if (!json_is_integer(mins) || project_time_parse(model_str(ev, "starts"), &t, NULL) < 0)
        return;
    int64_t a = t + (int64_t)(s - 1) * json_integer_value(mins) * 60;
    int64_t z = a + json_integer_value(mins) * 60;
    char fa[32], fz[32];
    project_time_format(a, fa);
    project_time_format(z, fz);
    snprintf(out, 32, "%.5s–%.5s", fa + 11, fz + 11);
}

const char *web_ev_type_label(const char *type)
{
    static const char *const t[][2] = {
        {"release", "成果发布会"}, {"park_visit", "科学家进园区"}, {"salon", "企业家沙龙"},
        {"school_enterprise", "校企对接会"}, {"roadshow", "路演"}, {"other", "其他活动"},
    };
    for (size_t i = 0; type && i < sizeof t / sizeof *t; i++)
        if (strcmp(t[i][0], type) == 0)
            return t[i][1];
    return type ? type : "";
}

/* ---- reading ---- */

typedef struct scan_ud {
    const char *event;
    json_t *out;
} scan_ud;

static int collect(const model_record *r, void *p)
{
    scan_ud *u = p;
    if (u->event && strcmp(model_str(r, "event"), u->event) != 0)
        return 0;
    json_t *d = json_deep_copy(r->doc);
    json_object_del(d, "kind");
    json_object_set_new(d, "key", json_string(r->key));
    json_array_append_new(u->out, d);
    return 0;
}

json_t *web_ev_records(web_req *rq, model_kind k, const char *event)
{
    scan_ud u = {event, json_array()};
    qiao_err e = {0};
    /* one event's: by index; every event's (counts of the list): all of them */
    if ((event ? store_event_records(web_w(rq)->st, k, event, collect, &u, &e)
               : store_scan(web_w(rq)->st, k, collect, &u, &e)) < 0)
        fprintf(stderr, "qiao serve: reading %ss of %s: %s\n", model_kind_name(k), event, e.msg);
    return u.out;
}

static int64_t end_of(const json_t *ev)
{
    int64_t t = 0, s = 0;
    const char *ends = json_string_value(json_object_get(ev, "ends"));
    if (ends && project_time_parse(ends, &t, NULL) == 0)
        return strchr(ends, 'T') ? t : t + 86400;
    if (project_time_parse(json_string_value(json_object_get(ev, "starts")), &s, NULL) < 0)
        return 0;
    json_int_t n = json_integer_value(json_object_get(ev, "slots"));
    json_int_t m = json_integer_value(json_object_get(ev, "slot_minutes"));
    return s + (int64_t)(n * m * 60);
}

/* Counts confirmed and waitlisted registrations of every event into an
 * object {event: [confirmed, waitlisted]}. */
static json_t *reg_counts(web_req *rq, const char *event)
{
    json_t *regs = web_ev_records(rq, MODEL_REGISTRATION, event), *c = json_object(), *r;
    size_t i;
    json_array_foreach(regs, i, r) {
        const char *ev = json_string_value(json_object_get(r, "event"));
        json_t *pair = json_object_get(c, ev);
        if (!pair) {
            pair = json_pack("[i, i]", 0, 0);
            json_object_set_new(c, ev, pair);
        }
        int w = json_is_true(json_object_get(r, "waitlisted"));
        json_array_set_new(pair, (size_t)w, json_integer(json_integer_value(
                                                 json_array_get(pair, (size_t)w)) + 1));
    }
    json_decref(regs);
    return c;
}

static json_t *summary_of(const json_t *doc, const json_t *counts, int64_t now)
{
    json_t *d = json_deep_copy(doc);
    json_object_del(d, "kind");
    json_t *pair = json_object_get(counts, json_string_value(json_object_get(doc, "id")));
    json_object_set_new(d, "registered", json_integer(json_integer_value(json_array_get(pair, 0))));
    json_object_set_new(d, "waitlisted", json_integer(json_integer_value(json_array_get(pair, 1))));
    json_object_set_new(d, "past", json_boolean(end_of(doc) < now));
    return d;
}

json_t *web_ev_summary(web_req *rq, const model_record *ev)
{
    json_t *c = reg_counts(rq, ev->key);
    json_t *d = summary_of(ev->doc, c, project_time_now());
    json_decref(c);
    return d;
}

static int by_start(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int64_t tx = 0, ty = 0;
    project_time_parse(json_string_value(json_object_get(x, "starts")), &tx, NULL);
    project_time_parse(json_string_value(json_object_get(y, "starts")), &ty, NULL);
    if (tx != ty)
        return tx < ty ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x, "id")),
                  json_string_value(json_object_get(y, "id")));
}

json_t *web_ev_list(web_req *rq, const char *when, const char *type, qiao_err *e)
{
    scan_ud u = {NULL, json_array()};
    if (store_scan(web_w(rq)->st, MODEL_EVENT, collect, &u, e) < 0) {
        json_decref(u.out);
        return NULL;
    }
    json_t *c = reg_counts(rq, NULL), *out = json_array(), *d;
    int64_t now = project_time_now();
    size_t i, n = 0;
    json_t **v = qiao_calloc(json_array_size(u.out) + 1, sizeof *v);
    json_array_foreach(u.out, i, d) {
        if (type && strcmp(type, json_string_value(json_object_get(d, "type"))) != 0)
            continue;
        json_t *s = summary_of(d, c, now);
        json_object_del(s, "key");
        bool past = json_is_true(json_object_get(s, "past"));
        if ((when && !strcmp(when, "past") && !past) ||
            ((!when || !strcmp(when, "upcoming")) && past)) {
            json_decref(s);
            continue;
        }
        v[n++] = s;
    }
    if (n)
        qsort(v, n, sizeof *v, by_start);
    /* past events: the most recent first */
    bool rev = when && !strcmp(when, "past");
    for (i = 0; i < n; i++)
        json_array_append_new(out, v[rev ? n - 1 - i : i]);
    free(v);
    json_decref(c);
    json_decref(u.out);
    return out;
}

void web_ev_party_name(web_req *rq, const char *id, buf *out)
{
    model_record r = {0};
    store *st = web_w(rq)->st;
    if (store_get(st, MODEL_PERSON, id, &r, NULL) == 0) {
        buf_puts(out, model_str(&r, "name"));
        const char *org = model_str(&r, "org");
        if (*org) {
            char *on = web_org_name(rq, org);
            buf_printf(out, "（%s）", on);
            free(on);
        }
        model_record_clear(&r);
    } else if (store_get(st, MODEL_ORG, id, &r, NULL) == 0) {
        buf_puts(out, model_str(&r, "name"));
        model_record_clear(&r);
    } else {
        buf_puts(out, id);
    }
}

static int by_registered(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *rx = json_string_value(json_object_get(x, "registered"));
    const char *ry = json_string_value(json_object_get(y, "registered"));
    int64_t tx = 0, ty = 0;
    if (rx)
        project_time_parse(rx, &tx, NULL);
    if (ry)
        project_time_parse(ry, &ty, NULL);
    if (tx != ty)
        return tx < ty ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x, "key")),
                  json_string_value(json_object_get(y, "key")));
}

int web_ev_wait_position(const json_t *regs, const char *who)
{
    size_t i, n = 0;
    json_t *r;
    json_t **v = qiao_calloc(json_array_size(regs) + 1, sizeof *v);
    json_array_foreach(regs, i, r)
        if (json_is_true(json_object_get(r, "waitlisted")))
            v[n++] = r;
    if (n)
        qsort(v, n, sizeof *v, by_registered);
    int pos = 0;
    for (i = 0; i < n && !pos; i++)
        if (!strcmp(json_string_value(json_object_get(v[i], "who")), who))
            pos = (int)i + 1;
    free(v);
    return pos;
}

/* ---- suggestion reasons and request states in Chinese ---- */

const char *web_ev_status_label(const char *st)
{
    static const char *const t[][2] = {
        {"pending", "待答复"}, {"accepted", "已接受"}, {"declined", "已婉拒"},
        {"expired", "已过期"}, {"cancelled", "已取消"},
    };
    for (size_t i = 0; st && i < sizeof t / sizeof *t; i++)
        if (!strcmp(t[i][0], st))
            return t[i][1];
    return st && *st ? st : "待答复";
}

void web_ev_reason_html(buf *b, const char *s)
{
    static const char *const t[][3] = {
        {"achievement ", "成果", ""}, {"demand ", "需求", ""}, {"expertise of ", "专长（", "）"},
    };
    for (size_t i = 0; s && i < sizeof t / sizeof *t; i++) {
        size_t n = strlen(t[i][0]);
        if (!strncmp(s, t[i][0], n)) {
            buf_puts(b, t[i][1]);
            web_html_text(b, s + n);
            buf_puts(b, t[i][2]);
            return;
        }
    }
    web_html_text(b, s);
}

/* The reason's words and factors ("射频标签、无源; chains 集成电路, 智能终端;
 * trl 5 >= trl_min 4; modes license, cooperate; zone …; fresh published
 * 2023-03-08") as Chinese sentences: 同属集成电路、智能终端产业链；技术成熟度
 * 5 级，达到需求要求的 4 级；转化方式相同：许可、合作实施；同在…；2023年3月8日发布. */
void web_ev_why_html(buf *b, const char *why)
{
    char *copy = qiao_strdup(why), *save = NULL;
    int n = 0;
    for (char *seg = strtok_r(copy, ";", &save); seg; seg = strtok_r(NULL, ";", &save)) {
        while (*seg == ' ')
            seg++;
        if (!*seg)
            continue;
        buf_puts(b, n++ ? "；" : "");
        int trl, need, y, m, d;
        char *s2 = NULL;
        if (!strncmp(seg, "chains ", 7)) {
            buf_puts(b, "同属");
            int k = 0;
            for (char *c = strtok_r(seg + 7, ",", &s2); c; c = strtok_r(NULL, ",", &s2)) {
                while (*c == ' ')
                    c++;
                buf_puts(b, k++ ? "、" : "");
                web_html_text(b, c);
            }
            buf_puts(b, "产业链");
        } else if (sscanf(seg, "trl %d >= trl_min %d", &trl, &need) == 2 ||
                   sscanf(seg, "trl %d < trl_min %d", &trl, &need) == 2) {
            buf_printf(b, "技术成熟度 %d 级，%s需求要求的 %d 级", trl,
                       trl >= need ? "达到" : "低于", need);
        } else if (!strncmp(seg, "modes ", 6)) {
            buf_puts(b, "转化方式相同：");
            int k = 0;
            for (char *c = strtok_r(seg + 6, ", ", &s2); c; c = strtok_r(NULL, ", ", &s2)) {
                buf_puts(b, k++ ? "、" : "");
                web_html_text(b, web_value_label(c));
            }
        } else if (!strncmp(seg, "zone ", 5)) {
            buf_puts(b, "同在");
            web_html_text(b, seg + 5);
        } else if (sscanf(seg, "fresh published %d-%d-%d", &y, &m, &d) == 3) {
            buf_printf(b, "%d年%d月%d日发布", y, m, d);
        } else {
            web_html_text(b, seg);         /* the shared words */
        }
    }
    free(copy);
}

const char *web_ev_priority_label(long long p)
{
    return event_priority_label(p >= 3 ? 3 : p == 2 ? 2 : 1);
}

bool web_ev_is_past(const model_record *ev)
{
    return end_of(ev->doc) < project_time_now();
}

int web_ev_check_open(web_req *rq, qiao_err *e)
{
    model_record ev = {0};
    const char *id = web_param(rq, "id");
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &ev, e);
    if (rc < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "event", "没有找到这场活动，它可能已被删除。");
        return rc;
    }
    bool past = web_ev_is_past(&ev);
    model_record_clear(&ev);
    if (past)
        return qiao_field_errf(e, QIAO_ECONFLICT, "event", "活动已结束，报名、邀约和会谈日程都不能再更改；"
                               "本页仅供查阅。");
    return 0;
}
