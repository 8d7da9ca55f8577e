/* test_alert.c — standing subscriptions and deadlines (src/alert/alert.h):
 * a demand gets one new_match notice for a new achievement that ranks for it,
 * none for an unrelated one and none the second time; scores of
 * match_score_keys are those of match_search; a demand past its deadline is
 * closed; the 7-day deadline notice and an overdue milestone's notice are
 * sent once. */
#include "store/backend.h"
#include "teststore.h"

#include "alert/alert.h"
#include "interest/interest.h"
#include "match/match.h"
#include "notify/notify.h"
#include "project/project.h"
#include "store/store.h"
#include "text/text.h"

static void put(store *s, match_index *ix, const char *line)
{
    qiao_err e = {0};
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    if (!j)
        fail_msg("json: %s", je.text);
    model_record r = {0};
    model_errors errs = {0};
    if (model_from_json(j, &r, &errs) < 0)
        fail_msg("record: %s: %s", errs.v[0].field, errs.v[0].reason);
    json_decref(j);
    assert_int_equal(store_begin(s, &e), 0);
    if (store_put(s, &r, &e) < 0)
        fail_msg("put: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
    if (ix)
        assert_int_equal(match_index_put(ix, &r, &e), 0);
    model_record_clear(&r);
}

static void add_user(store *s, const char *login, const char *org)
{
    qiao_err e = {0};
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", org ? "enterprise" : "staff");
    snprintf(u.org, sizeof u.org, "%s", org ? org : "");
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

typedef struct seen {
    int n;
    char kind[40], body[600], link[200];
} seen;

static int on_notice(const store_notice *n, void *ud)
{
    seen *c = ud;
    if (c->n++ == 0) {
        snprintf(c->kind, sizeof c->kind, "%s", n->kind);
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

static const char *const background[] = {
    "{\"kind\":\"achievement\",\"id\":\"b1\",\"org\":\"uni\",\"title\":\"水稻抗倒伏育种技术\","
    "\"summary\":\"通过分子标记辅助选择培育抗倒伏水稻品种，亩产提高百分之十。\"}",
    "{\"kind\":\"achievement\",\"id\":\"b2\",\"org\":\"uni\",\"title\":\"城市污水生物脱氮工艺\","
    "\"summary\":\"一种低能耗的污水处理生物脱氮工艺，适用于中小城镇污水处理厂。\"}",
    "{\"kind\":\"achievement\",\"id\":\"b3\",\"org\":\"uni\",\"title\":\"锂电池正极材料包覆方法\","
    "\"summary\":\"在正极材料表面包覆氧化物，提高循环寿命与安全性。\"}",
};

#define DEMAND "{\"kind\":\"demand\",\"id\":\"d1\",\"org\":\"ent\",\"title\":\"冷链运输无源射频温度标签\"," \
    "\"description\":\"需要可贴在包装箱上的无源射频温度标签，运输途中记录温度，到仓后批量读取，读取距离不少于3米。\"," \
    "\"keywords\":[\"RFID\",\"温度标签\",\"冷链\"],\"deadline\":\"2030-12-31\"}"
#define MATCH "{\"kind\":\"achievement\",\"id\":\"a-rfid\",\"org\":\"uni\",\"title\":\"无源射频温度标签芯片\"," \
    "\"summary\":\"一种无源射频温度标签芯片，可贴在包装箱上记录冷链运输途中的温度，读取距离可达5米，适合仓库批量读取。\"," \
    "\"keywords\":[\"RFID\",\"温度标签\"]}"
#define OTHER "{\"kind\":\"achievement\",\"id\":\"a-far\",\"org\":\"uni\",\"title\":\"玉米秸秆还田机械\"," \
    "\"summary\":\"一种玉米秸秆粉碎还田机械，提高作业效率，降低油耗。\"}"

static void base(store *s)
{
    put(s, NULL, "{\"kind\":\"org\",\"id\":\"uni\",\"name\":\"某大学\",\"type\":\"university\"}");
    put(s, NULL, "{\"kind\":\"org\",\"id\":\"ent\",\"name\":\"某企业\",\"type\":\"enterprise\"}");
    add_user(s, "ent-user", "ent");
    add_user(s, "uni-user", "uni");
    for (size_t i = 0; i < sizeof background / sizeof *background; i++)
        put(s, NULL, background[i]);
}

static void test_new_match_once(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, DEMAND);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    alert_opts o = {.threads = 2, .today = "2026-12-07"};
    alert_report r;
    /* the first pass ranks the new demand and tells nobody */
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.demands_ranked, 1);
    assert_int_equal(r.new_matches, 0);
    assert_int_equal(notices(s, "ent-user").n, 0);
    /* nothing changed: nothing read */
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.changes, 0);
    /* an unrelated achievement: no notice */
    put(s, ix, OTHER);
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.achievements, 1);
    assert_int_equal(r.new_matches, 0);
    assert_int_equal(notices(s, "ent-user").n, 0);
    /* a matching one: one notice to the demand's org, about it */
    put(s, ix, MATCH);
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.new_matches, 1);
    seen c = notices(s, "ent-user");
    assert_int_equal(c.n, 1);
    assert_string_equal(c.kind, "new_match");
    assert_non_null(strstr(c.body, "无源射频温度标签芯片"));
    assert_string_equal(c.link, "/achievements/a-rfid");
    assert_int_equal(notices(s, "uni-user").n, 0);
    int yes = 0;
    assert_int_equal(store_alert_marked(s, "new_match", "d1", "a-rfid", &yes, &e), 0);
    assert_true(yes);
    /* changed again: still the one notice */
    put(s, ix, MATCH);
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.achievements, 1);
    assert_int_equal(r.new_matches, 0);
    assert_int_equal(notices(s, "ent-user").n, 1);
    match_index_free(ix);
    store_close(s);
}

/* A pair the demand's org marked 不合适 is never alerted (src/interest). */
static void test_dismissed_pair_not_alerted(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, DEMAND);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    alert_opts o = {.threads = 2, .today = "2026-12-07"};
    alert_report r;
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    store_dismissal d = {.org = "ent", .kind = "achievement", .target = "a-rfid", .via_kind = "",
                         .via = "", .reason = "immature", .note = "", .login = "ent-user"};
    assert_int_equal(store_dismissal_put(s, &d, &e), 0);
    int yes = 0;
    assert_int_equal(alert_pair_dismissed(s, "d1", "a-rfid", &yes, &e), 0);
    assert_true(yes);
    put(s, ix, MATCH);
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.new_matches, 0);
    assert_int_equal(notices(s, "ent-user").n, 0);
    /* undone: the pair may be alerted again */
    int removed = 0;
    assert_int_equal(store_dismissal_del(s, "ent", "achievement", "a-rfid", &removed, &e), 0);
    assert_int_equal(alert_pair_dismissed(s, "d1", "a-rfid", &yes, &e), 0);
    assert_false(yes);
    match_index_free(ix);
    store_close(s);
}

/* A demand past its deadline is no subscription: no notice. */
static void test_closed_demand_not_alerted(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, DEMAND);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    alert_opts o = {.today = "2031-01-05"};
    alert_report r;
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    put(s, ix, MATCH);
    assert_int_equal(alert_changes(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.new_matches, 0);
    assert_int_equal(notices(s, "ent-user").n, 0);
    match_index_free(ix);
    store_close(s);
}

static void test_score_keys_agree(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, DEMAND);
    put(s, NULL, MATCH);
    put(s, NULL, OTHER);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    model_record d = {0};
    assert_int_equal(store_get(s, MODEL_DEMAND, "d1", &d, &e), 0);
    match_query *q;
    assert_int_equal(match_query_from_record(ix, &d, &q, &e), 0);
    match_hits all = {0}, some = {0};
    assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 10, &all, &e), 0);
    assert_true(all.n >= 2);
    const char *keys[] = {"a-rfid", "nope", "a-far", "b1", "b2", "b3"};
    assert_int_equal(match_score_keys(ix, q, MODEL_ACHIEVEMENT, keys, 6, &some, &e), 0);
    assert_int_equal(some.n, 5);          /* "nope" is not indexed */
    for (size_t i = 0; i < all.n; i++) {
        size_t k = 0;
        while (k < some.n && strcmp(some.v[k].key, all.v[i].key))
            k++;
        assert_true(k < some.n);
        assert_float_equal(some.v[k].score, all.v[i].score, 1e-3 * (all.v[i].score + 1));
    }
    match_hits_free(&all);
    match_hits_free(&some);
    match_query_free(q);
    model_record_clear(&d);
    match_index_free(ix);
    store_close(s);
}

static void test_deadlines(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, "{\"kind\":\"demand\",\"id\":\"past\",\"org\":\"ent\",\"title\":\"已过期的需求\","
                 "\"deadline\":\"2026-12-06\"}");
    put(s, NULL, "{\"kind\":\"demand\",\"id\":\"soon\",\"org\":\"ent\",\"title\":\"快截止的需求\","
                 "\"deadline\":\"2026-12-10\"}");
    put(s, NULL, "{\"kind\":\"demand\",\"id\":\"later\",\"org\":\"ent\",\"title\":\"还早的需求\","
                 "\"deadline\":\"2027-03-01\"}");
    put(s, NULL, "{\"kind\":\"project\",\"id\":\"p1\",\"parties\":[\"uni\",\"ent\"],"
                 "\"milestones\":[{\"title\":\"样品交付\",\"due\":\"2026-12-01\"},"
                 "{\"title\":\"无人负责\",\"due\":\"2026-12-01\"}]}");
    assert_int_equal(project_milestone_owner(s, "p1", 1, "uni-user", &e), 0);
    assert_int_equal(project_milestone_owner(s, "p1", 1, "nobody", &e), QIAO_ENOTFOUND);
    alert_opts o = {.today = "2026-12-07"};
    alert_report r = {0};
    assert_int_equal(alert_deadlines(s, NULL, &o, &r, &e), 0);
    assert_int_equal(r.closed, 1);
    assert_int_equal(r.deadline_soon, 1);
    assert_int_equal(r.overdue, 1);
    model_record d = {0};
    assert_int_equal(store_get(s, MODEL_DEMAND, "past", &d, &e), 0);
    assert_string_equal(model_str(&d, "status"), "closed");
    model_record_clear(&d);
    assert_int_equal(store_get(s, MODEL_DEMAND, "soon", &d, &e), 0);
    assert_string_not_equal(model_str(&d, "status"), "closed");
    model_record_clear(&d);
    seen c = notices(s, "ent-user");
    assert_int_equal(c.n, 1);
    assert_string_equal(c.kind, "deadline_soon");
    assert_non_null(strstr(c.body, "2026年12月10日"));
    c = notices(s, "uni-user");
    assert_int_equal(c.n, 1);
    assert_string_equal(c.kind, "milestone_overdue");
    assert_string_equal(c.link, "/projects/p1");
    /* the next pass (and the next day) sends nothing again */
    memset(&r, 0, sizeof r);
    o.today = "2026-12-08";
    assert_int_equal(alert_deadlines(s, NULL, &o, &r, &e), 0);
    assert_int_equal(r.closed + r.deadline_soon + r.overdue, 0);
    assert_int_equal(notices(s, "ent-user").n, 1);
    assert_int_equal(notices(s, "uni-user").n, 1);
    store_close(s);
}

/* A demand closed by its deadline closes its open interests, with a notice
 * to the interested side, as a demand closed by hand does
 * (interest_record_changed). */
static void test_deadline_closes_interests(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    put(s, NULL, "{\"kind\":\"demand\",\"id\":\"past\",\"org\":\"ent\",\"title\":\"已过期的需求\","
                 "\"deadline\":\"2026-12-06\"}");
    interest_actor uni = {.login = "uni-user", .org = "uni"};
    interest_send_req ir = {.kind = "demand", .target = "past", .message = "我们有相关成果"};
    int64_t iid = 0;
    if (interest_send(s, &uni, &ir, &iid, &e) < 0)
        fail_msg("interest: %s", e.msg);
    int before = notices(s, "uni-user").n;
    alert_opts o = {.today = "2026-12-07"};
    alert_report r = {0};
    assert_int_equal(alert_deadlines(s, NULL, &o, &r, &e), 0);
    assert_int_equal(r.closed, 1);
    store_interest it = {0};
    assert_int_equal(store_interest_get(s, iid, &it, &e), 0);
    assert_string_equal(it.status, "closed");
    assert_int_equal(notices(s, "uni-user").n, before + 1);
    store_close(s);
}

/* A saved search's digest names only the results written since it was
 * saved, once; a followed chain's digest names the new achievements there. */
static void test_digests(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = tu_store_fresh(path, sizeof path);
    base(s);
    add_user(s, "inv", NULL);
    put(s, NULL, "{\"kind\":\"achievement\",\"id\":\"old\",\"org\":\"uni\","
                 "\"title\":\"旧的温度标签芯片\",\"chains\":[\"集成电路\"]}");
    sleep(2);                                /* change times are in seconds */
    store_saved ss = {0};
    snprintf(ss.login, sizeof ss.login, "ent-user");
    snprintf(ss.kind, sizeof ss.kind, "achievement");
    snprintf(ss.q, sizeof ss.q, "温度标签");
    snprintf(ss.freq, sizeof ss.freq, "daily");
    assert_int_equal(store_saved_add(s, &ss, &e), 0);
    store_follow f = {0};
    snprintf(f.login, sizeof f.login, "inv");
    snprintf(f.what, sizeof f.what, "chain");
    snprintf(f.value, sizeof f.value, "集成电路");
    assert_int_equal(store_follow_add(s, &f, &e), 0);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    put(s, NULL, "{\"kind\":\"achievement\",\"id\":\"new1\",\"org\":\"uni\","
                 "\"title\":\"新的温度标签读写器\",\"chains\":[\"集成电路\"]}");
    put(s, NULL, MATCH);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    /* not due yet: nothing */
    alert_opts o = {.now = ss.created + 3600};
    alert_report r = {0};
    assert_int_equal(alert_digests(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.digests, 0);
    o.now = ss.created + 86400 + 10;
    assert_int_equal(alert_digests(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.digests, 2);
    seen c = notices(s, "ent-user");
    assert_int_equal(c.n, 1);
    assert_string_equal(c.kind, "saved_search");
    assert_non_null(strstr(c.body, "新的温度标签读写器"));
    assert_non_null(strstr(c.body, "无源射频温度标签芯片"));
    assert_null(strstr(c.body, "旧的温度标签芯片"));
    assert_non_null(strstr(c.link, "/achievements?q="));
    c = notices(s, "inv");
    assert_int_equal(c.n, 1);
    assert_non_null(strstr(c.body, "新的温度标签读写器"));
    assert_null(strstr(c.body, "旧的"));
    assert_null(strstr(c.body, "无源射频"));   /* not in the followed chain */
    /* the next day: nothing new, nothing sent */
    memset(&r, 0, sizeof r);
    o.now += 86400 + 10;
    assert_int_equal(alert_digests(s, ix, &o, &r, &e), 0);
    assert_int_equal(r.digests, 0);
    assert_int_equal(notices(s, "ent-user").n, 1);
    assert_int_equal(notices(s, "inv").n, 1);
    /* a deleted saved search is someone else's to delete only by its owner */
    assert_int_equal(store_saved_delete(s, "inv", ss.id, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_saved_delete(s, "ent-user", ss.id, &e), 0);
    match_index_free(ix);
    store_close(s);
}

/* A store written before migration 013 is not alerted about its records. */
static void test_migration_starts_at_the_end(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    tu_tmp_db(path, sizeof path);
    store *s;
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    /* the version before the alerts migration, by its name (not by being the
     * last one: later migrations follow it) */
    size_t nm;
    const store_migration *mig = store_migrations(&nm);
    int before = 0;
    for (size_t i = 0; i < nm; i++)
        if (strcmp(mig[i].name, "alerts") == 0)
            before = i ? mig[i - 1].version : 0;
    assert_true(before > 0);
    assert_int_equal(store_migrate(s, before, &e), 0);
    put(s, NULL, "{\"kind\":\"org\",\"id\":\"uni\",\"name\":\"某大学\",\"type\":\"university\"}");
    put(s, NULL, MATCH);
    assert_int_equal(store_migrate(s, -1, &e), 0);
    int64_t pos = 0, gen = 0;
    char uid[STORE_UID_LEN];
    assert_int_equal(store_alert_pos_get(s, "changes", &pos, &e), 0);
    assert_int_equal(store_generation(s, &gen, uid, &e), 0);
    assert_true(gen > 0);
    assert_int_equal(pos, gen);
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
        cmocka_unit_test(test_new_match_once),
        cmocka_unit_test(test_closed_demand_not_alerted),
        cmocka_unit_test(test_dismissed_pair_not_alerted),
        cmocka_unit_test(test_score_keys_agree),
        cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_deadline_closes_interests),
        cmocka_unit_test(test_digests),
        cmocka_unit_test(test_migration_starts_at_the_end),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_shutdown();
    return rc;
}
