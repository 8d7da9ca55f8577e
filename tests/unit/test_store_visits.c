/* test_store_visits.c — "new since my last visit" in the store (store.h,
 * migrations/007_visits.sql): sign-ins shift last -> previous, records
 * changed since a time are listed (an unchanged write is not), and stores at
 * schema version 6 migrate to 7, with or without the tables an earlier qiao
 * created on its own connection. */
#include "teststore.h"

#include <sqlite3.h>
#include <time.h>

#include "model/model.h"
#include "store/store.h"

static void put_json(store *s, const char *text)
{
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    json_t *in = model_json_parse(text, strlen(text), NULL, 0);
    assert_non_null(in);
    if (model_from_json(in, &r, &errs) != 0)
        fail_msg("invalid test record: %s", errs.v[0].reason);
    json_decref(in);
    assert_int_equal(store_begin(s, &e), 0);
    if (store_put(s, &r, &e) != 0)
        fail_msg("store_put: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

/* Runs SQL on the file through a connection of its own. */
static void sql(const char *path, const char *text)
{
    sqlite3 *db;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg ? msg : "?");
    sqlite3_close(db);
}

/* What store_changed_since listed: "kind/key" joined by spaces, and times. */
typedef struct seen {
    char list[512];
    int64_t at[16];
    int n;
    int stop_after;          /* > 0: return 7 after that many */
    store *s;                /* set: each callback reads the record and lists again */
} seen;

static int count_cb(model_kind k, const char *key, int64_t at, void *ud)
{
    (void)k, (void)key, (void)at;
    ++*(int *)ud;
    return 0;
}

static int seen_cb(model_kind k, const char *key, int64_t at, void *ud)
{
    seen *c = ud;
    size_t len = strlen(c->list);
    snprintf(c->list + len, sizeof c->list - len, "%s%s/%s", len ? " " : "",
             model_kind_name(k), key);
    if (c->n < 16)
        c->at[c->n] = at;
    c->n++;
    if (c->s) {
        /* the store is usable from the callback (the dashboard reads each record) */
        model_record r = {0};
        qiao_err e = {0};
        int rc = store_get(c->s, k, key, &r, &e);
        if (rc != 0 && rc != QIAO_ENOTFOUND)
            fail_msg("store_get in the callback: %s", e.msg);
        model_record_clear(&r);
        int inner = 0;
        assert_int_equal(store_changed_since(c->s, 0, 100, count_cb, &inner, &e), 0);
        assert_true(inner >= 1);
    }
    return c->stop_after > 0 && c->n >= c->stop_after ? 7 : 0;
}

static void list_since(store *s, int64_t since, int64_t limit, seen *c)
{
    qiao_err e = {0};
    memset(c->list, 0, sizeof c->list);
    c->n = 0;
    if (store_changed_since(s, since, limit, seen_cb, c, &e) != 0)
        fail_msg("store_changed_since: %s", e.msg);
}

static void test_sign_ins(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    int64_t last = -1, prev = -1;
    assert_int_equal(store_visit_get(s, "alice", &last, &prev, &e), 0);
    assert_true(last == 0 && prev == 0);                 /* never signed in */
    assert_int_equal(store_visit_record(s, "alice", 1000, &e), 0);
    assert_int_equal(store_visit_get(s, "alice", &last, &prev, &e), 0);
    assert_true(last == 1000 && prev == 0);              /* the first: nothing before */
    assert_int_equal(store_visit_record(s, "alice", 2000, &e), 0);
    assert_int_equal(store_visit_record(s, "bob", 1500, &e), 0);
    assert_int_equal(store_visit_get(s, "alice", &last, &prev, &e), 0);
    assert_true(last == 2000 && prev == 1000);
    assert_int_equal(store_visit_record(s, "alice", 3000, &e), 0);
    assert_int_equal(store_visit_get(s, "alice", &last, &prev, &e), 0);
    assert_true(last == 3000 && prev == 2000);           /* only the last two are kept */
    assert_int_equal(store_visit_get(s, "bob", &last, &prev, &e), 0);
    assert_true(last == 1500 && prev == 0);              /* accounts apart */
    /* inside a transaction too */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_visit_record(s, "bob", 2500, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(store_visit_get(s, "bob", &last, &prev, &e), 0);
    assert_true(last == 2500 && prev == 1500);
    /* checked arguments */
    assert_int_equal(store_visit_record(s, "", 1, &e), QIAO_EINVAL);
    assert_int_equal(store_visit_get(s, NULL, &last, &prev, &e), QIAO_EINVAL);
    char longer[80];
    memset(longer, 'x', 65);
    longer[65] = '\0';
    assert_int_equal(store_visit_record(s, longer, 1, &e), QIAO_EINVAL);
    store_close(s);
}

static const char org_o1[] = "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"电子科大\","
                             "\"type\":\"university\"}";
static const char ach_a1[] = "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"模数转换芯片\","
                             "\"org\":\"o1\"}";
static const char ach_a2[] = "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"雷达测试\","
                             "\"org\":\"o1\"}";
static const char dem_d1[] = "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"芯片测试服务\","
                               "\"org\":\"o1\"}";

/* Now, in unix seconds, from the clock SQLite's 'now' reads (the unix VFS:
 * gettimeofday, i.e. CLOCK_REALTIME). Not time(NULL): glibc answers that
 * from the kernel's coarse clock, which lags by up to a tick, so just after
 * a second boundary time(NULL) read *after* a write can still be one second
 * behind the write's strftime('%s','now') — the flake of 1 run in ~50. */
static int64_t db_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

static void test_changed_since(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    seen c = {0};
    put_json(s, org_o1);
    put_json(s, ach_a1);
    put_json(s, ach_a2);
    put_json(s, dem_d1);
    int64_t t0 = db_clock_now();
    list_since(s, t0 - 5, 100, &c);                    /* new ones */
    assert_int_equal(c.n, 3);
    assert_non_null(strstr(c.list, "achievement/a1"));
    assert_non_null(strstr(c.list, "achievement/a2"));
    assert_non_null(strstr(c.list, "demand/d1"));
    for (int i = 0; i < 3; i++)
        assert_true(c.at[i] >= t0 - 1 && c.at[i] <= db_clock_now());
    list_since(s, 0, 100, &c);
    assert_int_equal(c.n, 3);                          /* orgs are not tracked */

    /* make those writes old, then write again: only real changes count */
    sql(path, "UPDATE web_record_changes SET at = 1000");
    list_since(s, t0 - 5, 100, &c);
    assert_int_equal(c.n, 0);
    put_json(s, ach_a1);                                              /* unchanged */
    put_json(s, "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"77GHz 雷达测试\","
                "\"org\":\"o1\"}");                                   /* changed */
    put_json(s, "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"芯片测试服务\","
                "\"org\":\"o1\",\"budget\":50}");                     /* changed */
    put_json(s, "{\"kind\":\"demand\",\"id\":\"d2\",\"title\":\"新需求\",\"org\":\"o1\"}");
    list_since(s, t0 - 5, 100, &c);
    assert_int_equal(c.n, 3);
    assert_null(strstr(c.list, "a1"));
    assert_non_null(strstr(c.list, "achievement/a2"));
    assert_non_null(strstr(c.list, "demand/d1"));
    assert_non_null(strstr(c.list, "demand/d2"));
    for (int i = 0; i < 3; i++)
        assert_true(c.at[i] >= t0 && c.at[i] <= db_clock_now());
    list_since(s, 0, 100, &c);
    assert_string_equal(c.list + strlen(c.list) - strlen("achievement/a1"), "achievement/a1");
    assert_int_equal(c.at[3], 1000);                   /* the oldest last */

    /* newest first, ties by kind then key; since is inclusive; limit; stop */
    sql(path, "UPDATE web_record_changes SET at = CASE key WHEN 'a1' THEN 1000 "
              "WHEN 'a2' THEN 5000 WHEN 'd1' THEN 6000 ELSE 5000 END");
    list_since(s, 3000, 100, &c);
    assert_string_equal(c.list, "demand/d1 achievement/a2 demand/d2");
    assert_true(c.at[0] == 6000 && c.at[1] == 5000 && c.at[2] == 5000);
    list_since(s, 5000, 100, &c);
    assert_int_equal(c.n, 3);
    list_since(s, 5001, 100, &c);
    assert_string_equal(c.list, "demand/d1");
    list_since(s, 0, 2, &c);
    assert_string_equal(c.list, "demand/d1 achievement/a2");
    list_since(s, 0, 0, &c);
    assert_int_equal(c.n, 0);
    c.stop_after = 1;
    memset(c.list, 0, sizeof c.list);
    c.n = 0;
    assert_int_equal(store_changed_since(s, 0, 100, seen_cb, &c, &e), 7);
    assert_string_equal(c.list, "demand/d1");
    c.stop_after = 0;
    /* the store may be used from the callback, inside a transaction as well */
    c.s = s;
    list_since(s, 0, 100, &c);
    assert_int_equal(c.n, 4);
    assert_int_equal(store_begin(s, &e), 0);
    list_since(s, 0, 100, &c);
    assert_int_equal(c.n, 4);
    store_rollback(s);
    c.s = NULL;
    /* checked arguments */
    assert_int_equal(store_changed_since(s, 0, -1, seen_cb, &c, &e), QIAO_EINVAL);
    assert_int_equal(store_changed_since(s, 0, 10001, seen_cb, &c, &e), QIAO_EINVAL);
    assert_int_equal(store_changed_since(s, 0, 10, NULL, NULL, &e), QIAO_EINVAL);
    store_close(s);
}

static int64_t schema_version(store *s)
{
    int v = -1;
    qiao_err e = {0};
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    return v;
}

/* A store at version 6 that never saw the visit tables migrates to 7: the
 * triggers count writes from then on. */
static void test_migrate_from_6(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    seen c = {0};
    int64_t last = 0, prev = 0;
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    assert_int_equal(store_migrate(s, 6, &e), 0);
    assert_int_equal(schema_version(s), 6);
    put_json(s, org_o1);
    put_json(s, ach_a1);
    assert_true(store_visit_record(s, "alice", 1000, &e) < 0);      /* no table yet */
    assert_non_null(strstr(e.msg, "qiao migrate"));
    store_close(s);

    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(schema_version(s), store_latest_version());
    assert_true(store_latest_version() >= 7);
    list_since(s, 0, 100, &c);
    assert_int_equal(c.n, 0);               /* written before the triggers existed */
    put_json(s, dem_d1);
    put_json(s, "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"模数转换芯片（新版）\","
                "\"org\":\"o1\"}");
    list_since(s, 0, 100, &c);
    assert_int_equal(c.n, 2);
    assert_non_null(strstr(c.list, "achievement/a1"));
    assert_non_null(strstr(c.list, "demand/d1"));
    assert_int_equal(store_visit_record(s, "alice", 1000, &e), 0);
    assert_int_equal(store_visit_record(s, "alice", 2000, &e), 0);
    assert_int_equal(store_visit_get(s, "alice", &last, &prev, &e), 0);
    assert_true(last == 2000 && prev == 1000);
    store_close(s);
}

/* The tables and triggers that an earlier qiao's web module created on its
 * own connection ("011_visits", outside the numbered migrations). */
static const char old_011[] =
    "CREATE TABLE IF NOT EXISTS web_visits (login TEXT PRIMARY KEY NOT NULL,"
    " last INTEGER NOT NULL, previous INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS web_record_changes (kind TEXT NOT NULL, key TEXT NOT NULL,"
    " at INTEGER NOT NULL, PRIMARY KEY (kind, key));"
    "CREATE INDEX IF NOT EXISTS web_record_changes_at ON web_record_changes(at);"
    "CREATE TRIGGER IF NOT EXISTS web_changes_achievement_ins AFTER INSERT ON achievement BEGIN"
    " INSERT OR REPLACE INTO web_record_changes(kind, key, at)"
    " VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER)); END;"
    "CREATE TRIGGER IF NOT EXISTS web_changes_achievement_upd AFTER UPDATE ON achievement"
    " WHEN OLD.doc IS NOT NEW.doc BEGIN INSERT OR REPLACE INTO web_record_changes(kind, key, at)"
    " VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER)); END;"
    "CREATE TRIGGER IF NOT EXISTS web_changes_demand_ins AFTER INSERT ON demand BEGIN"
    " INSERT OR REPLACE INTO web_record_changes(kind, key, at)"
    " VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER)); END;"
    "CREATE TRIGGER IF NOT EXISTS web_changes_demand_upd AFTER UPDATE ON demand"
    " WHEN OLD.doc IS NOT NEW.doc BEGIN INSERT OR REPLACE INTO web_record_changes(kind, key, at)"
    " VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER)); END;";

/* A store at version 6 on which the old web module had already created the
 * tables: migration 7 goes through and keeps their rows. */
static void test_migrate_from_6_with_011(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    seen c = {0};
    int64_t last = 0, prev = 0;
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    assert_int_equal(store_migrate(s, 6, &e), 0);
    store_close(s);
    sql(path, old_011);
    sql(path, "INSERT INTO web_visits VALUES ('old', 2000, 1000);");
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    put_json(s, org_o1);
    put_json(s, ach_a1);                     /* counted by the old triggers */
    store_close(s);
    sql(path, "UPDATE web_record_changes SET at = 1500;");

    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(schema_version(s), store_latest_version());
    assert_int_equal(store_visit_get(s, "old", &last, &prev, &e), 0);
    assert_true(last == 2000 && prev == 1000);
    list_since(s, 0, 100, &c);
    assert_string_equal(c.list, "achievement/a1");
    assert_int_equal(c.at[0], 1500);
    put_json(s, ach_a1);                     /* unchanged: still not a change */
    put_json(s, dem_d1);
    list_since(s, 0, 100, &c);
    assert_string_equal(c.list, "demand/d1 achievement/a1");
    assert_int_equal(c.at[1], 1500);
    store_close(s);
    /* one trigger each, not two */
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE "
                                            "type = 'trigger' AND name LIKE 'web_changes_%'",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 4);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_ins), cmocka_unit_test(test_changed_since),
        cmocka_unit_test(test_migrate_from_6), cmocka_unit_test(test_migrate_from_6_with_011),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
