/* web/api_notify.c — the signed-in account's notifications as JSON:
 * GET /api/v1/me/notifications, POST /api/v1/me/notifications/read. */
#include <string.h>
#include <time.h>

#include "notify/notify.h"
#include "web/notify_web.h"

static json_t *iso(int64_t t)
{
    time_t bj = (time_t)(t + 8 * 3600);
    struct tm tm;
    char s[40];
    gmtime_r(&bj, &tm);
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    return json_string(s);
}

static int add_item(const store_notice *n, void *ud)
{
    const notify_kind *k = notify_kind_find(n->kind);
    json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b}",
                                        "id", (json_int_t)n->id, "kind", n->kind,
                                        "kind_label", k ? k->label : "", "title", n->title,
                                        "body", n->body ? n->body : "",
                                        "link", n->link ? n->link : "", "created", iso(n->created),
                                        "read", n->read_at != 0));
    return 0;
}

int web_api_notices(web_req *rq, web_resp *rs)
{
    long page = web_param_long(rq, "page", 1), per = web_param_long(rq, "per_page", 20);
    const char *u = web_param(rq, "unread");
    bool unread = u && (!strcmp(u, "1") || !strcmp(u, "true") || !strcmp(u, "on"));
    store *st = web_w(rq)->st;
    qiao_err e = {0};
    int64_t total = 0, nunread = 0;
    json_t *items = json_array();
    if (store_notice_unread(st, rq->user.login, &nunread, &e) < 0 ||
        store_notice_list(st, rq->user.login, unread, (int64_t)(page - 1) * per, per, add_item,
                          items, &total, &e) < 0) {
        json_decref(items);
        return -1;
    }
    return web_json_reply(rs, 200, json_pack("{s:o, s:I, s:I, s:i, s:i}", "items", items,
                                             "total", (json_int_t)total, "unread",
                                             (json_int_t)nunread, "page", (int)page,
                                             "per_page", (int)per));
}

int web_api_notices_read(web_req *rq, web_resp *rs)
{
    json_t *id = rq->json ? json_object_get(rq->json, "id") : NULL;
    int64_t n = 0;
    if (id && (!json_is_integer(id) || json_integer_value(id) < 1))
        return web_fail(rq, rs, 422, "invalid", "id", "id must be a notification's number "
                        "(a positive integer); leave it out to mark all read");
    qiao_err e = {0};
    store *st = web_w(rq)->st;
    int rc = store_notice_mark_read(st, rq->user.login, id ? json_integer_value(id) : 0, &e);
    if (rc == QIAO_ENOTFOUND)
        return web_fail(rq, rs, 404, "not_found", "id", "no notification %lld for this account",
                        (long long)json_integer_value(id));
    if (rc < 0 || store_notice_unread(st, rq->user.login, &n, &e) < 0)
        return -1;
    return web_json_reply(rs, 200, json_pack("{s:I}", "unread", (json_int_t)n));
}

void web_notify_schemas(json_t *s)
{
    json_object_set_new(s, "NoticeList", json_pack(
        "{s:s, s:{s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
        "s:{s:s}, s:{s:s}}}}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}",
        "type", "object", "properties", "items", "type", "array", "items", "type", "object",
        "properties", "id", "type", "integer", "kind", "type", "string", "kind_label", "type",
        "string", "title", "type", "string", "body", "type", "string", "link", "type", "string",
        "created", "type", "string", "read", "type", "boolean", "total", "type", "integer",
        "unread", "type", "integer", "page", "type", "integer", "per_page", "type", "integer"));
    json_object_set_new(s, "NoticesRead", json_pack(
        "{s:s, s:{s:{s:s, s:s}}}", "type", "object", "properties", "id", "type", "integer",
        "description", "the notification to mark read; absent: all"));
    json_object_set_new(s, "UnreadCount", json_pack(
        "{s:s, s:{s:{s:s}}}", "type", "object", "properties", "unread", "type", "integer"));
}
