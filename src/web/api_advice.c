/* web/api_advice.c — the invitations-to-advise API (/api/v1/me/advice,
 * /api/v1/demands/{id}/advice, /api/v1/advice/{id}/accept|decline) over
 * src/advice; errors carry its Chinese message. */
#include <stdio.h>
#include <string.h>

#include "project/project.h"
#include "web/advice_web.h"

static int fail(web_req *rq, web_resp *rs, const qiao_err *e)
{
    return web_fail(rq, rs, web_status_of(e->code), web_code_of(e->code),
                    e->field[0] ? e->field : NULL, "%s", e->msg);
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static json_t *contact_json(const store_user *u)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "org", u->org, "name", *u->name ? u->name : u->login,
                     "phone", u->phone, "email", u->email);
}

static json_t *advice_json(store *s, const store_advice *v, int side)
{
    static const char *const sides[] = {"staff", "sent", "received"};
    char at[32], up[32], title[1024] = "", name[1024] = "";
    model_record r = {0};
    if (store_get(s, MODEL_DEMAND, v->demand, &r, NULL) == 0) {
        snprintf(title, sizeof title, "%s", model_str(&r, "title"));
        model_record_clear(&r);
    }
    if (store_get(s, MODEL_PERSON, v->person, &r, NULL) == 0) {
        snprintf(name, sizeof name, "%s", model_str(&r, "name"));
        model_record_clear(&r);
    }
    project_time_format(v->created, at);
    project_time_format(v->updated, up);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                          "id", (json_int_t)v->id, "demand", v->demand, "demand_title", title,
                          "person", v->person, "person_name", name, "org", v->org,
                          "invited_by", v->login, "message", v->message, "status", v->status,
                          "status_label", advice_status_label(v->status), "reason", v->reason,
                          "created", at, "updated", up);
    json_object_set_new(o, "side", json_string(sides[side >= 0 && side <= 2 ? side : 0]));
    store_user inv, exp;
    if (advice_contacts(s, v, &inv, &exp, NULL) == 0)
        json_object_set_new(o, "contacts", json_pack("{s:o, s:o}", "inviter", contact_json(&inv),
                                                     "expert", contact_json(&exp)));
    else
        json_object_set_new(o, "contacts", json_null());
    return o;
}

typedef struct list_ctx {
    json_t *arr;
    store *s;
} list_ctx;

static int add_item(const store_advice *v, int side, void *ud)
{
    list_ctx *c = ud;
    json_array_append_new(c->arr, advice_json(c->s, v, side));
    return 0;
}

int web_api_advice_list(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    list_ctx c = {json_array(), web_w(rq)->st};
    qiao_err e = {0};
    if (advice_list(c.s, &a, 1000, add_item, &c, &e) < 0) {
        json_decref(c.arr);
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    }
    return web_json_reply(rs, 200, json_pack("{s:o}", "advice", c.arr));
}

static int reply_one(web_req *rq, web_resp *rs, int status, int64_t id)
{
    advice_actor a = web_advice_actor(rq);
    store_advice v;
    int side = 0;
    qiao_err e = {0};
    if (advice_load(web_w(rq)->st, &a, id, &v, &side, &e) < 0)
        return fail(rq, rs, &e);
    return web_json_reply(rs, status, advice_json(web_w(rq)->st, &v, side));
}

int web_api_advice_invite(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    const json_t *in = rq->json;
    int64_t id = 0;
    qiao_err e = {0};
    if (!json_is_object(in))
        return web_fail(rq, rs, 422, "invalid", NULL, "请求体应是一个 JSON 对象。");
    if (advice_invite(web_w(rq)->st, &a, web_param(rq, "id"), jstr(in, "person"),
                      jstr(in, "message"), &id, &e) < 0)
        return fail(rq, rs, &e);
    return reply_one(rq, rs, 201, id);
}

int web_api_advice_act(web_req *rq, web_resp *rs)
{
    advice_actor a = web_advice_actor(rq);
    int64_t id = web_param_long(rq, "id", 0);
    const char *what = strrchr(rq->path, '/') + 1;
    qiao_err e = {0};
    int rc = !strcmp(what, "accept") ? advice_accept(web_w(rq)->st, &a, id, &e)
                                     : advice_decline(web_w(rq)->st, &a, id,
                                                      jstr(rq->json, "reason"), &e);
    if (rc < 0)
        return fail(rq, rs, &e);
    return reply_one(rq, rs, 200, id);
}
