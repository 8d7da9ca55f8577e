/* test_event_notify.c — the news of an event and of a project (notify.h):
 * a meeting request reaches the invited party's accounts, its answer the
 * requesting party's, a published timetable each participant's with its own
 * agenda, a stage change the other parties'; nobody else hears, and a change
 * that fails leaves no news (and the news failing undoes the change). */
#include "testutil.h"

#include <sqlite3.h>

#include "event/event.h"
#include "model/model.h"
#include "project/project.h"
#include "store/store.h"
#include "text/text.h"

static const char *const world[] = {
    "{\"kind\":\"org\",\"id\":\"u1\",\"name\":\"成都理工示例大学\",\"type\":\"university\"}",
    "{\"kind\":\"org\",\"id\":\"e1\",\"name\":\"蓉城物流科技\",\"type\":\"enterprise\"}",
    "{\"kind\":\"org\",\"id\":\"e2\",\"name\":\"天府电子\",\"type\":\"enterprise\"}",
    "{\"kind\":\"org\",\"id\":\"o3\",\"name\":\"旁观者公司\",\"type\":\"enterprise\"}",
    "{\"kind\":\"person\",\"id\":\"s1\",\"name\":\"林教授\",\"org\":\"u1\"}",
    "{\"kind\":\"person\",\"id\":\"w1\",\"name\":\"王经理\",\"org\":\"e1\"}",
    "{\"kind\":\"person\",\"id\":\"w2\",\"name\":\"赵总\",\"org\":\"e2\"}",
    "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"无源射频温度标签\",\"org\":\"u1\"}",
};

static const event_actor staff = {"organiser", "staff", NULL};
static const event_actor ent = {"u-e1", "enterprise", "w1"};
static const event_actor sci = {"u-u1", "university", "s1"};
static const event_actor zhao = {"u-e2", "enterprise", "w2"};

#define BEFORE "2030-05-01T10:00+08:00"

static void add_user(store *s, const char *login, const char *org, const char *email)
{
    qiao_err e = {0};
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "enterprise");
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.email, sizeof u.email, "%s", email);
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

static store *open_world(char *path, size_t cap)
{
    tu_tmp_db(path, cap);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++) {
        model_record r;
        model_errors errs = {0};
        json_t *in = model_json_parse(world[i], strlen(world[i]), NULL, 0);
        assert_non_null(in);
        if (model_from_json(in, &r, &errs) != 0)
            fail_msg("invalid test record %zu: %s", i, errs.v[0].reason);
        json_decref(in);
        assert_int_equal(store_put(s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_commit(s, &e), 0);
    add_user(s, "u-u1", "u1", "lin@uni.example");
    add_user(s, "u-e1", "e1", "");
    add_user(s, "u-e1b", "e1", "");          /* a second account of e1 */
    add_user(s, "u-e2", "e2", "");
    add_user(s, "u-o3", "o3", "");
    json_t *j = json_loads("{\"id\":\"ev1\",\"title\":\"冷链技术对接会\",\"type\":\"salon\","
                           "\"starts\":\"2030-05-10T09:00+08:00\",\"ends\":\"2030-05-10T12:00+08:00\","
                           "\"venue\":\"天府园A座\",\"slot_minutes\":20,\"slots\":6,\"tables\":3}",
                           0, NULL);
    if (event_create(s, &staff, j, &e) != 0)
        fail_msg("event_create: %s", e.msg);
    json_decref(j);
    const char *who[] = {"s1", "w1", "w2"};
    for (int i = 0; i < 3; i++) {
        event_reg_req rq = {.event = "ev1", .who = who[i], .at = BEFORE};
        event_reg_result res;
        if (event_register(s, &staff, &rq, &res, &e) != 0)
            fail_msg("register %s: %s", who[i], e.msg);
    }
    return s;
}

typedef struct seen {
    int n;
    char kind[40], title[200], body[2000], link[200];
} seen;

static int on_notice(const store_notice *n, void *ud)
{
    seen *c = ud;
    if (c->n++ == 0) {   /* the newest first */
        snprintf(c->kind, sizeof c->kind, "%s", n->kind);
        snprintf(c->title, sizeof c->title, "%s", n->title);
        snprintf(c->body, sizeof c->body, "%s", n->body);
        snprintf(c->link, sizeof c->link, "%s", n->link);
    }
    return 0;
}

static seen notices(store *s, const char *login)
{
    seen c = {0};
    qiao_err e = {0};
    if (store_notice_list(s, login, 0, 0, 100, on_notice, &c, NULL, &e) < 0)
        fail_msg("notices: %s", e.msg);
    return c;
}

static void has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" not in \"%s\"", part, text);
}

static void lacks(const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("\"%s\" should not be in \"%s\"", part, text);
}

/* Makes every mail to the outbox fail (raw SQL beside the store): a notice
 * to an account with an address then fails its transaction. */
static void break_outbox(const char *path, int on)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    const char *sql = on ? "CREATE TRIGGER no_mail BEFORE INSERT ON mail_outbox "
                           "BEGIN SELECT RAISE(ABORT, 'no mail'); END"
                         : "DROP TRIGGER no_mail";
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_requests_and_answers(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = open_world(path, sizeof path);
    char k1[MODEL_KEY_MAX], k2[MODEL_KEY_MAX];
    event_request_req rq = {.event = "ev1", .from = "w1", .to = "s1", .priority = 2,
                            .message = "想了解标签的读取距离", .at = BEFORE};
    assert_int_equal(event_request(s, &ent, &rq, k1, &e), 0);
    seen u = notices(s, "u-u1");
    assert_int_equal(u.n, 1);                       /* the invited party's org */
    assert_string_equal(u.kind, "meeting_request");
    assert_string_equal(u.title, "收到洽谈请求");
    has(u.body, "王经理（蓉城物流科技）");
    has(u.body, "冷链技术对接会");
    has(u.body, "想了解标签的读取距离");
    lacks(u.body, "w1");
    lacks(u.body, "ev1");
    assert_string_equal(u.link, "/events/ev1");
    assert_int_equal(notices(s, "u-e1").n, 0);      /* not the sender */
    assert_int_equal(notices(s, "u-e2").n, 0);
    assert_int_equal(notices(s, "u-o3").n, 0);

    /* a refused request (the same again) tells nobody */
    assert_int_equal(event_request(s, &ent, &rq, NULL, &e), QIAO_ECONFLICT);
    assert_int_equal(notices(s, "u-u1").n, 1);

    /* the news failing undoes the request: neither stored nor announced */
    event_request_req rq2 = {.event = "ev1", .from = "w2", .to = "s1", .at = BEFORE};
    break_outbox(path, 1);
    assert_true(event_request(s, &zhao, &rq2, k2, &e) < 0);
    break_outbox(path, 0);
    assert_int_equal(notices(s, "u-u1").n, 1);
    assert_int_equal(store_exists(s, MODEL_MEETING_REQUEST, "ev1/w2/s1", &e), 0);
    assert_int_equal(event_request(s, &zhao, &rq2, k2, &e), 0);
    assert_int_equal(notices(s, "u-u1").n, 2);

    /* answers go to the requesting party: both accounts of e1 */
    assert_int_equal(event_accept(s, &sci, k1, BEFORE, &e), 0);
    seen a = notices(s, "u-e1");
    assert_int_equal(a.n, 1);
    assert_string_equal(a.kind, "meeting_answered");
    assert_string_equal(a.title, "洽谈请求已接受");
    has(a.body, "林教授（成都理工示例大学）");
    has(a.body, "冷链技术对接会");
    assert_int_equal(notices(s, "u-e1b").n, 1);
    assert_int_equal(notices(s, "u-u1").n, 2);      /* the one who answered: nothing new */
    assert_int_equal(notices(s, "u-e2").n, 0);
    assert_int_equal(event_decline(s, &sci, k2, "当天时间冲突", BEFORE, &e), 0);
    seen d = notices(s, "u-e2");
    assert_int_equal(d.n, 1);
    assert_string_equal(d.title, "洽谈请求已婉拒");
    has(d.body, "原因：当天时间冲突");
    assert_int_equal(notices(s, "u-e1").n, 1);
    store_close(s);
}

static int plan(store *s)
{
    qiao_err e = {0};
    sched_instance *in = NULL;
    sched_result res = {0};
    sched_options o = sched_default_options();
    o.keep_existing = 1;
    int changed = 0;
    int rc = event_timetable_plan(s, &staff, "ev1", &o, 1, &in, &res, &changed, &e);
    sched_result_free(&res);
    sched_instance_free(in);
    return rc < 0 ? rc : changed;
}

static void test_timetable(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = open_world(path, sizeof path);
    char k1[MODEL_KEY_MAX];
    event_request_req rq = {.event = "ev1", .from = "w1", .to = "s1", .at = BEFORE};
    assert_int_equal(event_request(s, &ent, &rq, k1, &e), 0);
    assert_int_equal(event_accept(s, &sci, k1, BEFORE, &e), 0);
    int u1 = notices(s, "u-u1").n, e1 = notices(s, "u-e1").n, e2 = notices(s, "u-e2").n;

    /* the news failing undoes the timetable: nothing written, nothing told */
    break_outbox(path, 1);
    assert_true(plan(s) < 0);
    break_outbox(path, 0);
    assert_int_equal(notices(s, "u-u1").n, u1);
    assert_int_equal(notices(s, "u-e1").n, e1);
    model_record r;
    assert_int_equal(store_get(s, MODEL_MEETING_REQUEST, k1, &r, &e), 0);
    assert_int_equal(model_int(&r, "slot", 0), 0);
    model_record_clear(&r);

    assert_int_equal(plan(s), 1);
    seen u = notices(s, "u-u1");
    assert_int_equal(u.n, u1 + 1);
    assert_string_equal(u.kind, "timetable_published");
    assert_string_equal(u.title, "活动日程已发布");
    has(u.body, "冷链技术对接会");
    has(u.body, "2030年5月10日 ");
    has(u.body, "桌");
    has(u.body, "与王经理（蓉城物流科技）洽谈");
    lacks(u.body, "w1");
    assert_string_equal(u.link, "/events/ev1/agenda?who=s1");
    seen w = notices(s, "u-e1");
    assert_int_equal(w.n, e1 + 1);
    has(w.body, "与林教授（成都理工示例大学）洽谈");
    assert_string_equal(w.link, "/events/ev1/agenda?who=w1");
    seen z = notices(s, "u-e2");                     /* registered, no meeting */
    assert_int_equal(z.n, e2 + 1);
    has(z.body, "没有为您排定洽谈");
    assert_int_equal(notices(s, "u-o3").n, 0);       /* not a participant */
    /* written again unchanged: no news again */
    assert_int_equal(plan(s), 0);
    assert_int_equal(notices(s, "u-u1").n, u1 + 1);
    store_close(s);
}

static void test_project_advanced(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = open_world(path, sizeof path);
    const char *parties[] = {"u1", "w1"};           /* an org and a person of e1 */
    project_start_req ps = {.id = "p1", .parties = parties, .nparties = 2,
                            .achievement = "a1", .by = "u-u1"};
    assert_int_equal(project_start(s, &ps, &e), 0);
    assert_int_equal(notices(s, "u-e1").n, 0);       /* the start is not a stage change */
    project_advance_req talks = {.id = "p1", .to = "talks", .by = "u-u1"};
    assert_int_equal(project_advance(s, &talks, NULL, &e), 0);
    seen n = notices(s, "u-e1");
    assert_int_equal(n.n, 1);
    assert_string_equal(n.kind, "project_advanced");
    assert_string_equal(n.title, "合作项目进展");
    has(n.body, "无源射频温度标签");
    has(n.body, "洽谈中");
    lacks(n.body, "talks");
    lacks(n.body, "p1");
    assert_string_equal(n.link, "/projects/p1");
    assert_int_equal(notices(s, "u-e1b").n, 1);
    assert_int_equal(notices(s, "u-u1").n, 0);       /* the side that moved it */
    assert_int_equal(notices(s, "u-e2").n, 0);       /* not a party */

    /* signing has its own news, not this one */
    project_advance_req sign = {.id = "p1", .to = "signed", .by = "u-u1",
                                .signed_on = "2026-12-01", .mode = "license",
                                .agreement = "《许可合同》"};
    assert_int_equal(project_advance(s, &sign, NULL, &e), 0);
    assert_int_equal(notices(s, "u-e1").n, 1);

    /* the news failing (u-u1 has an address) undoes the stage change */
    project_advance_req impl = {.id = "p1", .to = "implementing", .by = "u-e1"};
    break_outbox(path, 1);
    assert_true(project_advance(s, &impl, NULL, &e) < 0);
    break_outbox(path, 0);
    model_record r;
    assert_int_equal(store_get(s, MODEL_PROJECT, "p1", &r, &e), 0);
    assert_int_equal(project_stage_of(&r), PROJECT_SIGNED);
    model_record_clear(&r);
    assert_int_equal(notices(s, "u-u1").n, 0);
    assert_int_equal(project_advance(s, &impl, NULL, &e), 0);
    n = notices(s, "u-u1");
    assert_int_equal(n.n, 1);
    has(n.body, "实施中");
    assert_int_equal(notices(s, "u-e1").n, 1);
    store_close(s);
}

int main(void)
{
    qiao_err e = {0};
    if (text_init(&e) < 0) {
        fprintf(stderr, "text_init: %s\n", e.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests_and_answers),
        cmocka_unit_test(test_timetable),
        cmocka_unit_test(test_project_advanced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
