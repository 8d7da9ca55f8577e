/* web/api_interests.c — the interest and dismissal API (/api/v1/interests,
 * /api/v1/dismissals) over src/interest; errors carry its Chinese message. */
#include <stdio.h>
#include <string.h>

#include "project/project.h"
#include "web/interests.h"

static int fail(web_req *rq, web_resp *rs, const qiao_err *e)
{
    return web_fail(rq, rs, web_interest_status(e), e->field[0] && !strcmp(e->field, "rate")
                    ? "rate_limited" : web_code_of(e->code), e->field[0] ? e->field : NULL,
                    "%s", e->msg);
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static json_t *contact_json(const store_user *u, const char *org)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "org", org, "name", *u->name ? u->name : u->login,
                     "phone", u->phone, "email", u->email);
}

static json_t *interest_json(store *s, const store_interest *i)
{
    char at[32], up[32];
    project_time_format(i->created, at);
    project_time_format(i->updated, up);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                          "id", (json_int_t)i->id, "kind", i->kind, "target", i->target,
                          "from_login", i->from_login, "from_org", i->from_org,
                          "to_org", i->to_org, "status", i->status,
                          "status_label", interest_status_label(i->status),
                          "reason", i->reason, "created", at, "updated", up);
    if (*i->via)
        json_object_set_new(o, "via", json_string(i->via));
    json_object_set_new(o, "proposed_by", *i->proposed_by ? json_string(i->proposed_by)
                                                          : json_null());
    json_object_set_new(o, "project", *i->project ? json_string(i->project) : json_null());
    store_user su, ru;
    if (interest_contacts(s, i, &su, &ru, NULL) == 0)
        json_object_set_new(o, "contacts", json_pack("[o, o]", contact_json(&su, i->from_org),
                                                     contact_json(&ru, i->to_org)));
    else
        json_object_set_new(o, "contacts", json_null());
    return o;
}

static int add_item(const store_interest *i, void *ud)
{
    json_t **c = ud;
    json_array_append_new(c[0], interest_json((store *)c[1], i));
    return 0;
}

int web_api_interests(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    json_t *arr = json_array();
    void *ctx[2] = {arr, web_w(rq)->st};
    qiao_err e = {0};
    if (interest_list(web_w(rq)->st, &a, 1000, add_item, ctx, &e) < 0) {
        json_decref(arr);
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    }
    return web_json_reply(rs, 200, json_pack("{s:o}", "interests", arr));
}

static int add_msg(const store_message *m, void *ud)
{
    char at[32];
    project_time_format(m->created, at);
    json_array_append_new(ud, json_pack("{s:s, s:s, s:s}", "login", m->login, "body", m->body,
                                        "at", at));
    return 0;
}

static int reply_one(web_req *rq, web_resp *rs, int status, int64_t id)
{
    interest_actor a = web_interest_actor(rq);
    store_interest i;
    qiao_err e = {0};
    if (interest_load(web_w(rq)->st, &a, id, &i, NULL, &e) < 0)
        return fail(rq, rs, &e);
    json_t *o = interest_json(web_w(rq)->st, &i), *msgs = json_array();
    store_message_list(web_w(rq)->st, i.id, add_msg, msgs, NULL);
    json_object_set_new(o, "messages", msgs);
    return web_json_reply(rs, status, o);
}

int web_api_interest_get(web_req *rq, web_resp *rs)
{
    return reply_one(rq, rs, 200, web_param_long(rq, "id", 0));
}

int web_api_interest_new(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    web_app *app = rq->cfg->app;
    const json_t *in = rq->json;
    interest_send_req sr = {.kind = jstr(in, "kind"), .target = jstr(in, "target"),
                            .via = jstr(in, "via"), .message = jstr(in, "message"),
                            .per_day = app ? app->interests_per_day : 0,
                            .for_org = jstr(in, "for")};
    int64_t id = 0;
    qiao_err e = {0};
    if (!json_is_object(in))
        return web_fail(rq, rs, 422, "invalid", NULL, "请求体应是一个 JSON 对象。");
    if (interest_send(web_w(rq)->st, &a, &sr, &id, &e) < 0)
        return fail(rq, rs, &e);
    return reply_one(rq, rs, 201, id);
}

int web_api_interest_act(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    int64_t id = web_param_long(rq, "id", 0);
    const char *what = strrchr(rq->path, '/') + 1;
    store *st = web_w(rq)->st;
    const json_t *in = rq->json;
    qiao_err e = {0};
    int rc = !strcmp(what, "accept")   ? interest_accept(st, &a, id, &e)
           : !strcmp(what, "decline")  ? interest_decline(st, &a, id, jstr(in, "reason"), &e)
           : !strcmp(what, "messages") ? interest_message(st, &a, id, jstr(in, "body"), &e)
           : !strcmp(what, "propose")  ? interest_propose(st, &a, id, &e)
           : interest_confirm(st, &a, id, NULL, &e);
    if (rc < 0)
        return fail(rq, rs, &e);
    return reply_one(rq, rs, 200, id);
}

int web_api_dismiss(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    const json_t *in = rq->json;
    qiao_err e = {0};
    if (interest_dismiss(web_w(rq)->st, &a, jstr(in, "kind"), jstr(in, "target"),
                         jstr(in, "via"), jstr(in, "reason"), jstr(in, "note"), &e) < 0)
        return fail(rq, rs, &e);
    return web_json_reply(rs, 200, json_pack("{s:s, s:s, s:s}", "kind", jstr(in, "kind"),
                                             "target", jstr(in, "target"), "reason",
                                             jstr(in, "reason")));
}

int web_api_undismiss(web_req *rq, web_resp *rs)
{
    interest_actor a = web_interest_actor(rq);
    const json_t *in = rq->json;
    qiao_err e = {0};
    if (interest_undismiss(web_w(rq)->st, &a, jstr(in, "kind"), jstr(in, "target"), &e) < 0)
        return fail(rq, rs, &e);
    return web_json_reply(rs, 200, json_pack("{s:s, s:s}", "kind", jstr(in, "kind"),
                                             "target", jstr(in, "target")));
}
