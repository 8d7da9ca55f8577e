/* test_store_lookup.c — the pages' lookups by index (store.h, migration 016):
 * the right records for an org and none of another's, drafts only for their
 * own org, a match's project, an org's projects through its persons, the
 * records of an event, the zones and chains; each statement's plan reads an
 * index, never a whole table; and a store at schema version 14 migrates
 * (projects already stored get their parties). */
#include "testutil.h"

#include <sqlite3.h>

#include "model/model.h"
#include "store/sqlite_int.h"     /* the statements' SQL, for their plans */
#include "store/store.h"

static void put(store *s, const char *text)
{
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    json_t *in = model_json_parse(text, strlen(text), NULL, 0);
    assert_non_null(in);
    if (model_from_json(in, &r, &errs) != 0)
        fail_msg("invalid test record %s: %s", text, errs.v[0].reason);
    json_decref(in);
    if (store_put(s, &r, &e) != 0)
        fail_msg("store_put: %s", e.msg);
    model_record_clear(&r);
}

/* Three orgs: a (two achievements, one a draft; one demand), b (one
 * achievement and a draft), c (a service org with a person); projects
 * between them, one through a person of c. */
static store *fixture(char *path, size_t cap)
{
    tu_tmp_db(path, cap);
    store *s;
    qiao_err e = {0};
    if (store_open(path, &s, &e) != 0)
        fail_msg("store_open: %s", e.msg);
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"org\",\"id\":\"a\",\"name\":\"甲大学\",\"type\":\"university\","
           "\"zone\":\"东区\",\"chains\":[\"集成电路\"]}");
    put(s, "{\"kind\":\"org\",\"id\":\"b\",\"name\":\"乙公司\",\"type\":\"enterprise\","
           "\"zone\":\"\"}");
    put(s, "{\"kind\":\"org\",\"id\":\"c\",\"name\":\"丙中心\",\"type\":\"service\"}");
    put(s, "{\"kind\":\"person\",\"id\":\"p-c\",\"name\":\"张三\",\"org\":\"c\"}");
    put(s, "{\"kind\":\"achievement\",\"id\":\"a1\",\"org\":\"a\",\"title\":\"芯片\","
           "\"published\":\"2026-12-01\",\"zone\":\"西区\",\"chains\":[\"新能源\",\"集成电路\"]}");
    put(s, "{\"kind\":\"achievement\",\"id\":\"a2\",\"org\":\"a\",\"title\":\"草稿\","
           "\"status\":\"draft\",\"published\":\"2026-12-03\",\"zone\":\"南区\"}");
    put(s, "{\"kind\":\"achievement\",\"id\":\"b1\",\"org\":\"b\",\"title\":\"电池\","
           "\"published\":\"2026-12-02\"}");
    put(s, "{\"kind\":\"achievement\",\"id\":\"b2\",\"org\":\"b\",\"title\":\"乙草稿\","
           "\"status\":\"draft\",\"published\":\"2026-12-05\"}");
    put(s, "{\"kind\":\"achievement\",\"id\":\"old\",\"org\":\"b\",\"title\":\"旧\","
           "\"published\":\"2020-01-01\"}");
    put(s, "{\"kind\":\"demand\",\"id\":\"d1\",\"org\":\"b\",\"title\":\"需求\","
           "\"published\":\"2026-12-04\",\"chains\":[\"航空\"]}");
    put(s, "{\"kind\":\"project\",\"id\":\"pr-ab\",\"parties\":[\"a\",\"b\"],"
           "\"achievement\":\"a1\",\"demand\":\"d1\",\"stage\":\"contact\"}");
    put(s, "{\"kind\":\"project\",\"id\":\"pr-person\",\"parties\":[\"b\",\"p-c\"],"
           "\"stage\":\"contact\"}");
    put(s, "{\"kind\":\"event\",\"id\":\"ev1\",\"title\":\"沙龙\",\"type\":\"salon\","
           "\"starts\":\"2026-12-01T14:00+08:00\"}");
    put(s, "{\"kind\":\"event\",\"id\":\"ev2\",\"title\":\"路演\",\"type\":\"roadshow\","
           "\"starts\":\"2026-12-02T14:00+08:00\"}");
    put(s, "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"p-c\"}");
    put(s, "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"a\"}");
    put(s, "{\"kind\":\"registration\",\"event\":\"ev2\",\"who\":\"b\"}");
    if (store_commit(s, &e) != 0)
        fail_msg("commit: %s", e.msg);
    return s;
}

/* The keys a lookup gave, joined by spaces. */
typedef struct keys {
    char list[256];
    int stop_after;
    int n;
} keys;

static int add_key(const model_record *r, void *ud)
{
    keys *k = ud;
    size_t len = strlen(k->list);
    snprintf(k->list + len, sizeof k->list - len, "%s%s", len ? " " : "", r->key);
    return ++k->n == k->stop_after ? 7 : 0;
}

static int add_value(const char *v, void *ud)
{
    keys *k = ud;
    size_t len = strlen(k->list);
    snprintf(k->list + len, sizeof k->list - len, "%s%s", len ? " " : "", v);
    return 0;
}

static const char *since(store *s, model_kind kind, const char *day, const char *org,
                         keys *k)
{
    qiao_err e = {0};
    if (store_published_since(s, kind, day, org, 100, add_key, k, &e) < 0)
        fail_msg("published_since: %s", e.msg);
    return k->list;
}

static void test_published_since(void **state)
{
    (void)state;
    char path[256];
    store *s = fixture(path, sizeof path);
    keys k = {0};
    /* staff: every status, newest first; nothing before the day */
    assert_string_equal(since(s, MODEL_ACHIEVEMENT, "2026-12-01", NULL, &k), "b2 a2 b1 a1");
    /* org a: the live ones and its own draft, never b's draft */
    k = (keys){0};
    assert_string_equal(since(s, MODEL_ACHIEVEMENT, "2026-12-01", "a", &k), "a2 b1 a1");
    k = (keys){0};
    assert_string_equal(since(s, MODEL_ACHIEVEMENT, "2026-12-01", "b", &k), "b2 b1 a1");
    /* no org: the live ones only */
    k = (keys){0};
    assert_string_equal(since(s, MODEL_ACHIEVEMENT, "2026-12-02", "", &k), "b1");
    k = (keys){0};
    assert_string_equal(since(s, MODEL_DEMAND, "2026-12-04", "", &k), "d1");
    k = (keys){0};
    assert_string_equal(since(s, MODEL_DEMAND, "2026-12-05", NULL, &k), "");
    /* the callback stops it */
    k = (keys){.stop_after = 2};
    qiao_err e = {0};
    assert_int_equal(store_published_since(s, MODEL_ACHIEVEMENT, "2000-01-01", NULL, 100,
                                           add_key, &k, &e), 7);
    assert_string_equal(k.list, "b2 a2");
    /* the limit */
    k = (keys){0};
    assert_int_equal(store_published_since(s, MODEL_ACHIEVEMENT, "2000-01-01", "", 2, add_key,
                                           &k, &e), 0);
    assert_string_equal(k.list, "b1 a1");
    /* wrong arguments */
    assert_int_equal(store_published_since(s, MODEL_ORG, "2026-12-01", NULL, 10, add_key, &k,
                                           &e), QIAO_EINVAL);
    assert_int_equal(store_published_since(s, MODEL_DEMAND, "2026-12-01' OR 1", NULL, 10,
                                           add_key, &k, &e), QIAO_EINVAL);
    assert_int_equal(store_published_since(s, MODEL_DEMAND, "2026-12-01", NULL, 0, add_key,
                                           &k, &e), QIAO_EINVAL);
    store_close(s);
}

static void test_projects(void **state)
{
    (void)state;
    char path[256];
    store *s = fixture(path, sizeof path);
    qiao_err e = {0};
    char key[MODEL_KEY_MAX];
    assert_int_equal(store_project_of_pair(s, "a1", "d1", key, &e), 1);
    assert_string_equal(key, "pr-ab");
    assert_int_equal(store_project_of_pair(s, "b1", "d1", key, &e), 0);
    assert_string_equal(key, "");
    assert_int_equal(store_project_of_pair(s, "d1", "a1", key, &e), 0);
    assert_int_equal(store_project_of_pair(s, "", "d1", key, &e), 0);

    keys k = {0};
    assert_int_equal(store_projects_of_org(s, "a", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr-ab");          /* not b's other project */
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "b", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr-ab pr-person");
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "c", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr-person");      /* through its person */
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "", add_key, &k, &e), 0);
    assert_string_equal(k.list, "");

    /* the parties follow the project's writes and deletion */
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"project\",\"id\":\"pr-ab\",\"parties\":[\"b\",\"c\"],"
           "\"achievement\":\"a1\",\"demand\":\"d1\",\"stage\":\"talks\"}");
    assert_int_equal(store_commit(s, &e), 0);
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "a", add_key, &k, &e), 0);
    assert_string_equal(k.list, "");
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "c", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr-ab pr-person");
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_del(s, MODEL_PROJECT, "pr-person", &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    k = (keys){0};
    assert_int_equal(store_projects_of_org(s, "c", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr-ab");
    store_close(s);
}

static void test_event_records(void **state)
{
    (void)state;
    char path[256];
    store *s = fixture(path, sizeof path);
    qiao_err e = {0};
    keys k = {0};
    assert_int_equal(store_event_records(s, MODEL_REGISTRATION, "ev1", add_key, &k, &e), 0);
    assert_string_equal(k.list, "ev1/a ev1/p-c");
    k = (keys){0};
    assert_int_equal(store_event_records(s, MODEL_REGISTRATION, "ev2", add_key, &k, &e), 0);
    assert_string_equal(k.list, "ev2/b");
    k = (keys){0};
    assert_int_equal(store_event_records(s, MODEL_MEETING_REQUEST, "ev1", add_key, &k, &e), 0);
    assert_string_equal(k.list, "");
    assert_int_equal(store_event_records(s, MODEL_ORG, "ev1", add_key, &k, &e), QIAO_EINVAL);
    store_close(s);
}

static void test_tags(void **state)
{
    (void)state;
    char path[256];
    store *s = fixture(path, sizeof path);
    qiao_err e = {0};
    keys k = {0};
    assert_int_equal(store_record_tags(s, "zone", add_value, &k, &e), 0);
    /* byte order (UTF-8): 东 E4B89C, 南 E58D97, 西 E8A5BF; "" left out */
    assert_string_equal(k.list, "东区 南区 西区");
    k = (keys){0};
    assert_int_equal(store_record_tags(s, "chain", add_value, &k, &e), 0);
    assert_string_equal(k.list, "新能源 航空 集成电路");
    assert_int_equal(store_record_tags(s, "org", add_value, &k, &e), QIAO_EINVAL);
    store_close(s);
}

/* The plan of sql on the file: every line of EXPLAIN QUERY PLAN joined. */
static void plan(const char *path, const char *sql, char *out, size_t cap)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char q[4096];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s; ", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Every table the plan reads is read through an index: no "SCAN <table>"
 * without "USING ... INDEX" (scans of the CTEs' own rows are fine). */
static void assert_indexed(const char *path, const char *sql)
{
    char p[4096];
    plan(path, sql, p, sizeof p);
    static const char *const tables[] = {"achievement", "demand", "org", "project",
                                         "project_parties", "person", "record_chains",
                                         "org_managers", "interests", "dismissals", "pe", "pp"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char bad[64];
        for (const char *at = p; (at = strstr(at, "SCAN ")); at += 5) {
            snprintf(bad, sizeof bad, "SCAN %s", tables[i]);
            if (strncmp(at, bad, strlen(bad)) == 0 &&
                (at[strlen(bad)] == ';' || at[strlen(bad)] == ' ') &&
                !strstr(at, "INDEX"))
                fail_msg("a whole table read: %s\n  plan: %s", sql, p);
        }
    }
    if (!strstr(p, "USING INDEX") && !strstr(p, "USING COVERING INDEX") &&
        !strstr(p, "USING PRIMARY KEY"))
        fail_msg("no index used: %s\n  plan: %s", sql, p);
}

static void test_plans(void **state)
{
    (void)state;
    char path[256];
    store *s = fixture(path, sizeof path);
    store_close(s);
    for (int i = 0; i < SQ_LOOKUP_N; i++)
        assert_indexed(path, store_sq_lookup_sql(i));
    buf sql = {0};
    store_sq_tags_sql("zone", &sql);
    assert_indexed(path, buf_cstr(&sql));
    buf_clear(&sql);
    store_sq_tags_sql("chain", &sql);
    assert_indexed(path, buf_cstr(&sql));
    assert_indexed(path, "SELECT org, login, granted_by, granted_at FROM org_managers WHERE "
                         "login = ?2 ORDER BY org, login");
    /* an account's interests (/me, /me/interests), a record's */
    for (int count = 0; count < 2; count++) {
        buf_clear(&sql);
        store_sq_interest_list_sql(&(store_interest_filter){.party = "a", .status = "live"},
                                   count, &sql);
        assert_indexed(path, buf_cstr(&sql));
        buf_clear(&sql);
        store_sq_interest_list_sql(&(store_interest_filter){.kind = "achievement",
                                                            .target = "a1"}, count, &sql);
        assert_indexed(path, buf_cstr(&sql));
    }
    /* an org's dismissals (/me, its matches), a record's */
    buf_clear(&sql);
    store_sq_dismissal_list_sql("a", NULL, NULL, &sql);
    assert_indexed(path, buf_cstr(&sql));
    buf_clear(&sql);
    store_sq_dismissal_list_sql(NULL, "achievement", "a1", &sql);
    assert_indexed(path, buf_cstr(&sql));
    buf_free(&sql);
    /* the check itself: a whole-table read is caught */
    char p[4096];
    plan(path, "SELECT doc FROM achievement WHERE json_extract(doc, '$.published') >= ?1", p,
         sizeof p);
    assert_non_null(strstr(p, "SCAN achievement"));
}

/* A store made by a qiao of schema version 14 with a project in it: the
 * migration gives the stored project its parties. */
static void test_migration(void **state)
{
    (void)state;
    char path[256];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    if (store_migrate(s, 14, &e) != 0)
        fail_msg("migrate 14: %s", e.msg);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO org(key, name, type, doc) VALUES ('a', 'A', "
                                      "'university', '{\"kind\":\"org\",\"id\":\"a\","
                                      "\"name\":\"A\",\"type\":\"university\"}');"
                                      "INSERT INTO project(key, doc) VALUES ('pr', '{\"kind\":"
                                      "\"project\",\"id\":\"pr\",\"parties\":[\"a\"]}');",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    if (store_open(path, &s, &e) != 0)
        fail_msg("store_open: %s", e.msg);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, store_latest_version());
    keys k = {0};
    assert_int_equal(store_projects_of_org(s, "a", add_key, &k, &e), 0);
    assert_string_equal(k.list, "pr");
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_since),
        cmocka_unit_test(test_projects),
        cmocka_unit_test(test_event_records),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_plans),
        cmocka_unit_test(test_migration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
