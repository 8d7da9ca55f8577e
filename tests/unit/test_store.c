/* test_store.c — the SQLite store: upserts, transactions, deferred foreign
 * keys, migrations, users with argon2id hashes. */
#include "testutil.h"

#include <sqlite3.h>

#include "model/model.h"
#include "store/store.h"

static model_record rec(const char *text)
{
    model_record r;
    model_errors errs = {0};
    json_t *in = model_json_parse(text, strlen(text), NULL, 0);
    assert_non_null(in);
    if (model_from_json(in, &r, &errs) != 0)
        fail_msg("invalid test record: %s", errs.v[0].reason);
    json_decref(in);
    return r;
}

static void put(store *s, const char *text, int expect_created)
{
    model_record r = rec(text);
    qiao_err e = {0};
    int created = -1;
    if (store_upsert(s, &r, &created, &e) != 0)
        fail_msg("store_upsert: %s", e.msg);
    assert_int_equal(created, expect_created);
    model_record_clear(&r);
}

static int64_t count(store *s, model_kind k)
{
    int64_t n = -1;
    assert_int_equal(store_count(s, k, &n, NULL), 0);
    return n;
}

static int collect(const model_record *r, void *ud)
{
    buf *b = ud;
    buf_printf(b, "%s ", r->key);
    return 0;
}

static void test_put_get_scan_del(void **state)
{
    (void)state;
    char path[4096];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    int v = -1;
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, store_latest_version());
    assert_true(v >= 2);

    model_record r = rec("{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"电子科大\",\"type\":\"university\"}");
    assert_int_equal(store_put(s, &r, &e), QIAO_EINVAL);   /* outside a transaction */
    assert_non_null(strstr(e.msg, "outside a transaction"));
    model_record_clear(&r);

    assert_int_equal(store_begin(s, &e), 0);
    /* the achievement arrives before its org: the foreign key waits for the commit */
    put(s, "{\"kind\":\"achievement\",\"id\":\"b\",\"title\":\"标签\",\"org\":\"o1\",\"trl\":5}", 1);
    put(s, "{\"kind\":\"achievement\",\"id\":\"a\",\"title\":\"芯片\",\"org\":\"o1\"}", 1);
    put(s, "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"电子科大\",\"type\":\"university\"}", 1);
    put(s, "{\"kind\":\"achievement\",\"id\":\"b\",\"title\":\"标签2\",\"org\":\"o1\"}", 0);
    assert_int_equal(store_commit(s, &e), 0);

    assert_int_equal(count(s, MODEL_ACHIEVEMENT), 2);
    assert_int_equal(count(s, MODEL_ORG), 1);
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "b", &r, &e), 0);
    assert_string_equal(model_str(&r, "title"), "标签2");
    assert_int_equal(model_int(&r, "trl", -1), -1);   /* replaced, not merged */
    model_record_clear(&r);
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "zz", &r, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_exists(s, MODEL_ACHIEVEMENT, "a", &e), 1);
    assert_int_equal(store_exists(s, MODEL_ORG, "a", &e), 0);
    buf b = {0};
    assert_int_equal(store_scan(s, MODEL_ACHIEVEMENT, collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "a b ");
    buf_free(&b);

    /* rollback leaves nothing */
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"achievement\",\"id\":\"c\",\"title\":\"t\",\"org\":\"o1\"}", 1);
    assert_int_equal(store_del(s, MODEL_ACHIEVEMENT, "a", &e), 0);
    store_rollback(s);
    assert_int_equal(count(s, MODEL_ACHIEVEMENT), 2);
    assert_int_equal(store_exists(s, MODEL_ACHIEVEMENT, "c", &e), 0);

    /* a dangling foreign key fails the commit and nothing is written */
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"achievement\",\"id\":\"d\",\"title\":\"t\",\"org\":\"nope\"}", 1);
    put(s, "{\"kind\":\"org\",\"id\":\"o2\",\"name\":\"n\",\"type\":\"park\"}", 1);
    assert_true(store_commit(s, &e) < 0);
    assert_non_null(strstr(e.msg, "refers to one that does not exist"));
    assert_int_equal(store_exists(s, MODEL_ACHIEVEMENT, "d", &e), 0);
    assert_int_equal(store_exists(s, MODEL_ORG, "o2", &e), 0);

    /* deleting an org that achievements refer to fails at commit */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_del(s, MODEL_ORG, "o1", &e), 0);
    assert_true(store_commit(s, &e) < 0);
    assert_int_equal(count(s, MODEL_ORG), 1);
    store_close(s);

    /* reopening keeps everything */
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(count(s, MODEL_ACHIEVEMENT), 2);
    store_close(s);
}

static void test_users_argon2id(void **state)
{
    (void)state;
    char path[4096];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"org\",\"id\":\"uestc\",\"name\":\"电子科大\",\"type\":\"university\"}", 1);
    assert_int_equal(store_commit(s, &e), 0);

    store_user u = {0};
    snprintf(u.login, sizeof u.login, "zhang.san@uestc");
    snprintf(u.role, sizeof u.role, "tech_manager");
    snprintf(u.org, sizeof u.org, "uestc");
    assert_int_equal(store_user_set_password(&u, "桥-correct horse", &e), 0);
    assert_memory_equal(u.pwhash, "$argon2id$", 10);
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_true(u.id > 0);

    store_user got;
    assert_int_equal(store_user_get(s, "zhang.san@uestc", &got, &e), 0);
    assert_int_equal(got.id, u.id);
    assert_string_equal(got.role, "tech_manager");
    assert_string_equal(got.org, "uestc");
    assert_string_equal(got.pwhash, u.pwhash);
    assert_true(got.created[0] != '\0');
    assert_int_equal(store_user_check_password(&got, "桥-correct horse"), 1);
    assert_int_equal(store_user_check_password(&got, "桥-correct horsE"), 0);
    assert_int_equal(store_user_get(s, "nobody", &got, &e), QIAO_ENOTFOUND);

    store_user bad = u;
    snprintf(bad.role, sizeof bad.role, "king");
    assert_int_equal(store_user_put(s, &bad, &e), QIAO_EINVAL);
    assert_string_equal(e.field, "role");
    bad = u;
    snprintf(bad.pwhash, sizeof bad.pwhash, "plaintext");
    assert_int_equal(store_user_put(s, &bad, &e), QIAO_EINVAL);
    bad = u;
    snprintf(bad.org, sizeof bad.org, "no-such-org");
    assert_true(store_user_put(s, &bad, &e) < 0);   /* foreign key, outside a transaction */
    assert_int_equal(store_user_get(s, "zhang.san@uestc", &got, &e), 0);
    assert_string_equal(got.org, "uestc");
    store_close(s);
}

static void test_migrations(void **state)
{
    (void)state;
    char path[4096];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    int v = -1;
    /* an empty store is at version 0 */
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, 0);
    /* the previous version, with data in it */
    int prev = 1;   /* before 002_users */
    assert_true(prev >= 1);
    assert_int_equal(store_migrate(s, prev, &e), 0);
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, prev);
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"机构\",\"type\":\"park\"}", 1);
    put(s, "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"成果\",\"org\":\"o1\"}", 1);
    assert_int_equal(store_commit(s, &e), 0);
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "admin");
    snprintf(u.role, sizeof u.role, "admin");
    assert_int_equal(store_user_set_password(&u, "pw", &e), 0);
    assert_true(store_user_put(s, &u, &e) < 0);      /* no users table yet */
    assert_non_null(strstr(e.msg, "qiao migrate"));
    store_close(s);

    /* store_open migrates to the latest version and keeps the data */
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, store_latest_version());
    model_record r;
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "a1", &r, &e), 0);
    assert_string_equal(model_str(&r, "title"), "成果");
    model_record_clear(&r);
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_int_equal(store_migrate(s, 1, &e), QIAO_EINVAL);   /* never backwards */
    assert_non_null(strstr(e.msg, "only go forward"));
    assert_int_equal(store_migrate(s, store_latest_version() + 1, &e), QIAO_EINVAL);
    store_close(s);

    /* a store from a newer qiao is refused, not damaged */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_migrations(version, name) VALUES(99, 'future')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_true(store_open(path, &s, &e) < 0);
    assert_non_null(strstr(e.msg, "newer than this qiao"));

    /* a file that is not a database is an error naming it */
    char junk[4096];
    const char *text = "this is not sqlite, just text padding padding padding padding padding "
                       "padding padding padding padding padding padding";
    tu_write_tmp(junk, sizeof junk, "junk.db", text, strlen(text));
    assert_true(store_open(junk, &s, &e) < 0);
    assert_non_null(strstr(e.msg, junk));
}

/* store_data_version: the same value on one handle only while nothing was
 * committed, by that handle or another one (another process alike). */
static void test_data_version(void **state)
{
    (void)state;
    char path[4096];
    tu_tmp_db(path, sizeof path);
    store *a, *b;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &a, &e), 0);
    assert_int_equal(store_open(path, &b, &e), 0);
    uint64_t v0, v1, v2, v3, v4, v5;
    assert_int_equal(store_data_version(a, &v0, &e), 0);
    assert_int_equal(store_data_version(a, &v1, &e), 0);
    assert_int_equal(v0, v1);                     /* nothing written */
    assert_int_equal(store_begin(b, &e), 0);      /* the other handle writes an org */
    put(b, "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"电子科大\",\"type\":\"university\"}", 1);
    assert_int_equal(store_data_version(a, &v2, &e), 0);
    assert_int_equal(v1, v2);                     /* not committed yet */
    assert_int_equal(store_commit(b, &e), 0);
    assert_int_equal(store_data_version(a, &v3, &e), 0);
    assert_true(v3 != v2);
    assert_int_equal(store_begin(a, &e), 0);      /* this handle writes (not an indexed kind) */
    put(a, "{\"kind\":\"org\",\"id\":\"o2\",\"name\":\"西南交大\",\"type\":\"university\"}", 1);
    assert_int_equal(store_commit(a, &e), 0);
    assert_int_equal(store_data_version(a, &v4, &e), 0);
    assert_true(v4 != v3);
    store_user u = {0};                           /* accounts count too */
    snprintf(u.login, sizeof u.login, "li");
    snprintf(u.role, sizeof u.role, "staff");
    assert_int_equal(store_user_set_password(&u, "a long password", &e), 0);
    assert_int_equal(store_user_put(b, &u, &e), 0);
    assert_int_equal(store_data_version(a, &v5, &e), 0);
    assert_true(v5 != v4);
    store_close(a);
    store_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_scan_del),
        cmocka_unit_test(test_users_argon2id),
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_data_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
