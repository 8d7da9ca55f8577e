/* web/api_events.c — /api/v1/events: the event pages' actions as JSON.
 * Bodies are application/json; errors are {"error":{"code","message",
 * "field"}} with the field src/event names (422 invalid, 403 forbidden,
 * 404 not_found, 409 conflict) and the pages' Chinese message. Who acts is as on the pages (events.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/events.h"

/* src/event's refusal, in Chinese as on the pages (web_ev_msg_zh); the
 * field stays the module's. */
static int fail_e(web_req *rq, web_resp *rs, const qiao_err *e0)
{
    qiao_err zh = *e0, *e = &zh;
    web_ev_msg_zh(rq, web_param(rq, "id"), e);
    return web_fail(rq, rs, web_status_of(e->code), web_code_of(e->code),
                    *e->field ? e->field : NULL, "%s", e->msg);
}

/* A past event is read-only here as on the pages (web_ev_check_open): true
 * when the answer (409, or 404 for no such event) has been given. */
static bool closed(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    if (web_ev_check_open(rq, &e) == 0)
        return false;
    fail_e(rq, rs, &e);
    return true;
}

/* A string member of the body: NULL when absent or null; *bad when it is
 * there but not a string. */
static const char *body_str(web_req *rq, const char *name, bool *bad)
{
    json_t *v = json_object_get(rq->json, name);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

static int not_string(web_req *rq, web_resp *rs, const char *name)
{
    return web_fail(rq, rs, 422, "invalid", name, "%s: must be a string", name);
}

static int need_object(web_req *rq, web_resp *rs)
{
    if (json_is_object(rq->json))
        return 0;
    web_fail(rq, rs, 422, "invalid", NULL, "the body must be a JSON object");
    return -1;
}

static const char *default_party(const web_ev_me *me)
{
    return *me->person ? me->person : *me->org ? me->org : NULL;
}

/* ---- events ---- */

int web_api_events(web_req *rq, web_resp *rs)
{
    qiao_err e = {0};
    json_t *l = web_ev_list(rq, web_param(rq, "when"), web_param(rq, "type"), &e);
    if (!l)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    return web_json_reply(rs, 200, json_pack("{s:I, s:o}", "total",
                                             (json_int_t)json_array_size(l), "items", l));
}

static int reply_event(web_req *rq, web_resp *rs, const char *id, int status)
{
    model_record r = {0};
    qiao_err e = {0};
    int rc = store_get(web_w(rq)->st, MODEL_EVENT, id, &r, &e);
    if (rc < 0)
        return web_fail(rq, rs, web_status_of(rc), web_code_of(rc), NULL, "%s", e.msg);
    json_t *d = web_ev_summary(rq, &r);
    model_record_clear(&r);
    return web_json_reply(rs, status, d);
}

int web_api_event_get(web_req *rq, web_resp *rs)
{
    return reply_event(rq, rs, web_param(rq, "id"), 200);
}

/* 422 with every model error of doc, or 0 when the model accepts it. */
static int model_check(web_req *rq, web_resp *rs, const json_t *doc)
{
    model_errors errs = {0};
    model_record r = {0};
    int rc = model_from_json_kind(MODEL_EVENT, doc, &r, &errs);
    model_record_clear(&r);
    if (rc == 0)
        return 0;
    web_api_invalid(rq, rs, 422, &errs);
    model_errors_clear(&errs);
    return -1;
}

int web_api_event_create(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    qiao_err e = {0};
    if (!me.staff) {
        qiao_field_errf(&e, QIAO_EPERM, "role", "user %s (role %s) may not create events: only "
                        "staff and admin may", rq->user.login, web_role_name(rq->user.role));
        return fail_e(rq, rs, &e);
    }
    if (need_object(rq, rs) < 0)
        return 0;
    /* without an id the server gives one (ev-2026-000012) */
    json_t *doc = json_deep_copy(rq->json);
    const json_t *given = json_object_get(doc, "id");
    if (!given || json_is_null(given) || (json_is_string(given) && !*json_string_value(given))) {
        char id[MODEL_KEY_MAX];
        if (web_new_id(web_w(rq)->st, MODEL_EVENT, id, &e) < 0) {
            json_decref(doc);
            return fail_e(rq, rs, &e);
        }
        json_object_set_new(doc, "id", json_string(id));
    }
    int rc = model_check(rq, rs, doc) < 0 ? 1 : event_create(web_w(rq)->st, &me.actor, doc, &e);
    if (rc == 0)
        reply_event(rq, rs, json_string_value(json_object_get(doc, "id")), 201);
    else if (rc < 0)
        fail_e(rq, rs, &e);
    json_decref(doc);
    return 0;
}

int web_api_event_edit(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id");
    qiao_err e = {0};
    if (need_object(rq, rs) < 0 || closed(rq, rs))
        return 0;
    int promoted = 0;
    if (event_edit(web_w(rq)->st, &me.actor, id, rq->json, &promoted, &e) < 0)
        return fail_e(rq, rs, &e);
    return reply_event(rq, rs, id, 200);
}

/* ---- registration ---- */

int web_api_event_register(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    if (need_object(rq, rs) < 0 || closed(rq, rs))
        return 0;
    bool bad = false;
    const char *who = body_str(rq, "who", &bad);
    if (bad)
        return not_string(rq, rs, "who");
    if (!who)
        who = default_party(&me);
    json_t *av = json_object_get(rq->json, "availability");
    if (av && !json_is_null(av) && !json_is_array(av))
        return web_fail(rq, rs, 422, "invalid", "availability", "availability: a list of slot "
                        "numbers counted from 1");
    size_t n = json_array_size(av), i;
    int *slots = qiao_calloc(n + 1, sizeof *slots);
    json_t *x;
    json_array_foreach(av, i, x) {
        if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > 1000) {
            free(slots);
            return web_fail(rq, rs, 422, "invalid", "availability", "availability[%zu]: a slot "
                            "number from 1", i + 1);
        }
        slots[i] = (int)json_integer_value(x);
    }
    event_reg_req r = {.event = web_param(rq, "id"), .who = who,
                       .availability = json_is_array(av) ? slots : NULL, .navail = n,
                       .late = json_is_true(json_object_get(rq->json, "late"))};
    event_reg_result res = {0};
    qiao_err e = {0};
    int rc = event_register(web_w(rq)->st, &me.actor, &r, &res, &e);
    free(slots);
    if (rc < 0)
        return fail_e(rq, rs, &e);
    return web_json_reply(rs, res.created ? 201 : 200,
                          json_pack("{s:s, s:s, s:b, s:b, s:i}", "event", r.event, "who", who,
                                    "created", res.created, "waitlisted", res.waitlisted,
                                    "position", res.position));
}

int web_api_event_unregister(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    char promoted[MODEL_KEY_MAX] = "";
    qiao_err e = {0};
    if (closed(rq, rs))
        return 0;
    if (event_unregister(web_w(rq)->st, &me.actor, web_param(rq, "id"), web_param(rq, "who"),
                         promoted, &e) < 0)
        return fail_e(rq, rs, &e);
    return web_json_reply(rs, 200, json_pack("{s:s, s:s, s:o}", "event", web_param(rq, "id"),
                                             "withdrawn", web_param(rq, "who"), "promoted",
                                             *promoted ? json_string(promoted) : json_null()));
}

/* ---- meeting requests ---- */

int web_api_event_requests(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *id = web_param(rq, "id"), *who = web_param(rq, "who");
    qiao_err e = {0};
    int rc = store_exists(web_w(rq)->st, MODEL_EVENT, id, &e);
    if (rc == 0)
        return web_fail(rq, rs, 404, "not_found", "event", "no event with id %s", id);
    if (who && !web_ev_speaks(&me, who)) {
        event_actor_speaks_for(web_w(rq)->st, &me.actor, who, "who", &e);
        return fail_e(rq, rs, &e);
    }
    json_t *all = web_ev_records(rq, MODEL_MEETING_REQUEST, id), *out = json_array(), *r;
    size_t i;
    json_array_foreach(all, i, r) {
        const char *f = json_string_value(json_object_get(r, "from"));
        const char *t = json_string_value(json_object_get(r, "to"));
        bool keep = who ? !strcmp(f, who) || !strcmp(t, who)
                        : me.staff || web_ev_speaks(&me, f) || web_ev_speaks(&me, t);
        if (keep)
            json_array_append(out, r);
    }
    json_decref(all);
    return web_json_reply(rs, 200, json_pack("{s:s, s:I, s:o}", "event", id, "total",
                                             (json_int_t)json_array_size(out), "items", out));
}

static int reply_request(web_req *rq, web_resp *rs, const char *key, int status)
{
    model_record r = {0};
    qiao_err e = {0};
    if (store_get(web_w(rq)->st, MODEL_MEETING_REQUEST, key, &r, &e) < 0)
        return fail_e(rq, rs, &e);
    json_t *d = json_deep_copy(r.doc);
    json_object_del(d, "kind");
    json_object_set_new(d, "key", json_string(r.key));
    model_record_clear(&r);
    return web_json_reply(rs, status, d);
}

int web_api_event_request(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    if (need_object(rq, rs) < 0 || closed(rq, rs))
        return 0;
    bool bad = false;
    static const char *const names[] = {"from", "to", "message", "id"};
    const char *v[4];
    for (int i = 0; i < 4; i++)
        if ((v[i] = body_str(rq, names[i], &bad)), bad)
            return not_string(rq, rs, names[i]);
    json_t *pr = json_object_get(rq->json, "priority");
    if (pr && !json_is_integer(pr))
        return web_fail(rq, rs, 422, "invalid", "priority", "priority: 1, 2 or 3");
    event_request_req r = {.event = web_param(rq, "id"), .from = v[0] ? v[0] : default_party(&me),
                           .to = v[1], .message = v[2], .id = v[3],
                           .priority = pr ? (int)json_integer_value(pr) : 1};
    if (pr && (r.priority < 1 || r.priority > 3))
        return web_fail(rq, rs, 422, "invalid", "priority", "priority: 1, 2 or 3");
    if (!r.to)
        return web_fail(rq, rs, 422, "invalid", "to", "to: whom to meet (a registered person or org)");
    char key[MODEL_KEY_MAX];
    qiao_err e = {0};
    if (event_request(web_w(rq)->st, &me.actor, &r, key, &e) < 0)
        return fail_e(rq, rs, &e);
    return reply_request(rq, rs, key, 201);
}

int web_api_event_answer(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    if (need_object(rq, rs) < 0 || closed(rq, rs))
        return 0;
    bool bad = false;
    const char *key = body_str(rq, "request", &bad);
    if (bad || !key)
        return web_fail(rq, rs, 422, "invalid", "request", "request: the key of the meeting "
                        "request (a string)");
    const char *reason = body_str(rq, "reason", &bad);
    if (bad)
        return not_string(rq, rs, "reason");
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    model_record r = {0};
    int rc = store_get(st, MODEL_MEETING_REQUEST, key, &r, &e);
    if (rc == 0 && strcmp(model_str(&r, "event"), web_param(rq, "id")) != 0)
        rc = QIAO_ENOTFOUND;
    model_record_clear(&r);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", "request", "request: event %s has no meeting "
                        "request \"%.100s\"", web_param(rq, "id"), key);
    if (rc < 0)
        return fail_e(rq, rs, &e);
    const char *what = strrchr(rq->path, '/') + 1;
    rc = !strcmp(what, "accept") ? event_accept(st, &me.actor, key, NULL, &e)
       : !strcmp(what, "decline") ? event_decline(st, &me.actor, key, reason, NULL, &e)
       : event_cancel(st, &me.actor, key, reason, &e);
    if (rc < 0)
        return fail_e(rq, rs, &e);
    return reply_request(rq, rs, key, 200);
}

int web_api_event_suggest(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    web_app *app = rq->cfg->app;
    const char *id = web_param(rq, "id"), *who = web_param(rq, "who");
    if (!who)
        who = default_party(&me);
    if (!who)
        return web_fail(rq, rs, 422, "invalid", "who", "who: for whom (a registered person or org)");
    if (!app || !index_ready(app->idx))
        return web_fail(rq, rs, 503, "unavailable", NULL, "the matching index is not available");
    event_suggestions l = {0};
    qiao_err e = {0};
    match_index *ix = index_read(app->idx);
    int rc = event_suggest(web_w(rq)->st, ix, &me.actor, id, who,
                           (size_t)web_param_long(rq, "top", 10), &l, &e);
    index_read_end(app->idx);
    if (rc < 0)
        return fail_e(rq, rs, &e);
    buf out = {0};
    event_suggestions_render(&l, id, who, 1, &out);
    event_suggestions_free(&l);
    json_t *j = json_loads(buf_cstr(&out), 0, NULL);
    buf_free(&out);
    return web_json_reply(rs, 200, j ? j : json_object());
}

/* ---- organiser ---- */

int web_api_event_timetable(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    if (need_object(rq, rs) < 0)
        return 0;
    json_t *mv = json_object_get(rq->json, "allow_moving"), *wr = json_object_get(rq->json, "write");
    if ((mv && !json_is_boolean(mv)) || (wr && !json_is_boolean(wr)))
        return web_fail(rq, rs, 422, "invalid", mv && !json_is_boolean(mv) ? "allow_moving" : "write",
                        "allow_moving and write are true or false");
    sched_instance *in = NULL;
    sched_result r = {0};
    sched_options opt = sched_default_options();
    opt.keep_existing = !json_is_true(mv);
    bool write = !wr || json_is_true(wr);
    if (write && closed(rq, rs))
        return 0;
    int changed = 0;
    qiao_err e = {0};
    store *st = web_w(rq)->st;
    if (event_timetable_plan(st, &me.actor, web_param(rq, "id"), &opt, write, &in, &r, &changed,
                             &e) < 0)
        return fail_e(rq, rs, &e);
    json_t *j = sched_result_to_json(in, &r);
    json_object_set_new(j, "written", json_boolean(write));
    json_object_set_new(j, "changed", json_integer(changed));
    sched_instance_free(in);
    sched_result_free(&r);
    return web_json_reply(rs, 200, j);
}

static int json_out(web_req *rq, web_resp *rs, int rc, buf *out, const qiao_err *e)
{
    if (rc < 0) {
        buf_free(out);
        return fail_e(rq, rs, e);
    }
    json_t *j = json_loads(buf_cstr(out), 0, NULL);
    buf_free(out);
    return web_json_reply(rs, 200, j ? j : json_object());
}

int web_api_event_grid(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    buf out = {0};
    qiao_err e = {0};
    int rc = event_grid(web_w(rq)->st, &me.actor, web_param(rq, "id"), EVENT_FMT_JSON, &out, &e);
    return json_out(rq, rs, rc, &out, &e);
}

int web_api_event_agenda(web_req *rq, web_resp *rs)
{
    web_ev_me me;
    web_ev_me_init(rq, &me);
    const char *who = web_param(rq, "who"), *f = web_param(rq, "format");
    if (!who)
        who = default_party(&me);
    if (!who)
        return web_fail(rq, rs, 422, "invalid", "who", "who: whose agenda (a registered person or org)");
    event_format fmt = f ? (event_format)event_format_parse(f) : EVENT_FMT_JSON;
    buf out = {0};
    qiao_err e = {0};
    int rc = event_agenda(web_w(rq)->st, &me.actor, web_param(rq, "id"), who, fmt, 0, &out, &e);
    if (rc < 0 || fmt == EVENT_FMT_JSON)
        return json_out(rq, rs, rc, &out, &e);
    buf_append(&rs->body, out.p, out.len);
    buf_free(&out);
    rs->ctype = fmt == EVENT_FMT_ICS ? "text/calendar; charset=utf-8" : "text/plain; charset=utf-8";
    if (fmt == EVENT_FMT_ICS) {
        buf cd = {0};
        buf_printf(&cd, "attachment; filename=\"%s-%s.ics\"; filename*=UTF-8''", web_param(rq, "id"), who);
        web_url_arg(&cd, web_arena_printf(&rq->arena, "会谈日程-%s-%s.ics", web_param(rq, "id"), who));
        web_add_header(rq, rs, "Content-Disposition", web_arena_strdup(&rq->arena, buf_cstr(&cd)));
        buf_free(&cd);
    }
    return 0;
}

/* ---- OpenAPI ---- */

static json_t *obj(const char *const *props)
{
    json_t *p = json_object();
    for (const char *const *f = props; *f; f++) {
        const char *t = **f == 'i' ? "integer" : **f == 'b' ? "boolean" : **f == 'l' ? "array"
                      : **f == 'o' ? "object" : **f == 'n' ? "number" : "string";
        json_object_set_new(p, *f + 1, json_pack("{s:s}", "type", t));
    }
    return json_pack("{s:s, s:o}", "type", "object", "properties", p);
}

void web_event_schemas(json_t *s)
{
    static const char *const ev[] = {"sid", "stitle", "stype", "sstarts", "sends", "svenue",
        "lorganisers", "lchains", "icapacity", "islot_minutes", "islots", "itables",
        "sregistration_deadline", "srequests_deadline", "imax_requests", "imax_meetings",
        "iregistered", "iwaitlisted", "bpast", NULL};
    static const char *const ch[] = {"stitle", "stype", "sstarts", "sends", "svenue",
        "lorganisers", "lchains", "icapacity", "islot_minutes", "islots", "itables",
        "sregistration_deadline", "srequests_deadline", "imax_requests", "imax_meetings", NULL};
    static const char *const reg_in[] = {"swho", "lavailability", "blate", NULL};
    static const char *const reg[] = {"sevent", "swho", "bcreated", "bwaitlisted", "iposition", NULL};
    static const char *const unreg[] = {"sevent", "swithdrawn", "spromoted", NULL};
    static const char *const mr_in[] = {"sfrom", "sto", "smessage", "ipriority", "sid", NULL};
    static const char *const mr[] = {"skey", "sevent", "sfrom", "sto", "sid", "smessage",
        "ipriority", "sstatus", "sreason", "islot", "itable", "blocked", NULL};
    static const char *const ans[] = {"srequest", "sreason", NULL};
    static const char *const list[] = {"sevent", "itotal", "litems", NULL};
    static const char *const sug[] = {"sevent", "swho", "lsuggestions", NULL};
    static const char *const tt_in[] = {"ballow_moving", "bwrite", NULL};
    static const char *const tt[] = {"sevent", "lmeetings", "lunscheduled", "ischeduled",
        "iweight", "itotal_weight", "ibound", "sbound_kind", "nratio", "igaps", "bwritten",
        "ichanged", NULL};
    static const char *const grid[] = {"sevent", "islots", "itables", "lcells", NULL};
    static const char *const ag[] = {"sevent", "stitle", "swho", "sname", "lmeetings", NULL};
    static const char *const evl[] = {"itotal", "litems", NULL};
    json_object_set_new(s, "Event", obj(ev));
    json_object_set_new(s, "EventChanges", obj(ch));
    json_object_set_new(s, "EventList", obj(evl));
    json_object_set_new(s, "RegistrationIn", obj(reg_in));
    json_object_set_new(s, "Registration", obj(reg));
    json_object_set_new(s, "Withdrawal", obj(unreg));
    json_object_set_new(s, "MeetingRequestIn", obj(mr_in));
    json_object_set_new(s, "MeetingRequest", obj(mr));
    json_object_set_new(s, "MeetingRequestList", obj(list));
    json_object_set_new(s, "Answer", obj(ans));
    json_object_set_new(s, "Suggestions", obj(sug));
    json_object_set_new(s, "TimetableIn", obj(tt_in));
    json_object_set_new(s, "Timetable", obj(tt));
    json_object_set_new(s, "Grid", obj(grid));
    json_object_set_new(s, "Agenda", obj(ag));
}
