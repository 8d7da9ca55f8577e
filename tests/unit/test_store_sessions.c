/* test_store_sessions.c — sessions, API tokens and sign-in throttling in the
 * store (store.h, migrations/005_sessions.sql): expiry, only hashes stored,
 * the throttle window, and a store at schema version 3 migrating to 4. */
#include "teststore.h"

#include <sodium.h>
#include <sqlite3.h>

#include "model/model.h"
#include "store/store.h"

/* Number of rows of `table` in which any text column contains `needle`. */
static int rows_containing(const char *path, const char *table, const char *needle)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int hit = 0;
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            hit |= v && strstr(v, needle) != NULL;
        }
        n += hit;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static int64_t count_rows(const char *path, const char *table)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void blake2b_hex(const char *s, char out[STORE_SECRET_HEX])
{
    unsigned char h[32];
    assert_true(sodium_init() >= 0);
    crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL, 0);
    sodium_bin2hex(out, STORE_SECRET_HEX, h, sizeof h);
}

static void test_sessions(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    char id[STORE_SECRET_HEX], csrf[STORE_SECRET_HEX], login[65], c2[STORE_SECRET_HEX];
    assert_int_equal(store_session_create(s, "alice", 3600, id, csrf, &e), 0);
    assert_int_equal(strlen(id), 64);
    assert_int_equal(strspn(id, "0123456789abcdef"), 64);
    assert_string_not_equal(id, csrf);
    assert_int_equal(store_session_get(s, id, login, c2, &e), 0);
    assert_string_equal(login, "alice");
    assert_string_equal(c2, csrf);
    /* the id is not stored anywhere, its BLAKE2b hash is */
    char h[STORE_SECRET_HEX];
    blake2b_hex(id, h);
    assert_int_equal(rows_containing(path, "web_sessions", id), 0);
    assert_int_equal(rows_containing(path, "web_sessions", h), 1);
    /* a forged id, a visitor session, an expired one, a deleted one */
    char forged[STORE_SECRET_HEX];
    memcpy(forged, id, sizeof forged);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    assert_int_equal(store_session_get(s, forged, login, c2, &e), QIAO_ENOTFOUND);
    char vis[STORE_SECRET_HEX];
    assert_int_equal(store_session_create(s, "", 3600, vis, c2, &e), 0);
    assert_int_equal(store_session_get(s, vis, login, c2, &e), 0);
    assert_string_equal(login, "");
    char old[STORE_SECRET_HEX], old2[STORE_SECRET_HEX];
    assert_int_equal(store_session_create(s, "bob", -10, old, c2, &e), 0);
    assert_int_equal(store_session_create(s, "carol", -10, old2, c2, &e), 0);
    assert_int_equal(store_session_get(s, old, login, c2, &e), QIAO_ENOTFOUND);
    /* creating a session removed the expired one made before it */
    assert_int_equal(count_rows(path, "web_sessions"), 3);
    int64_t removed = -1;
    assert_int_equal(store_session_expire(s, &removed, &e), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(count_rows(path, "web_sessions"), 2);
    assert_int_equal(store_session_expire(s, &removed, &e), 0);
    assert_int_equal(removed, 0);
    assert_int_equal(store_session_delete(s, id, &e), 0);
    assert_int_equal(store_session_get(s, id, login, c2, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_session_get(s, vis, login, c2, &e), 0);   /* the others stay */
    /* another handle on the same store (another thread, another node) sees them */
    store *s2;
    assert_int_equal(store_open(path, &s2, &e), 0);
    assert_int_equal(store_session_get(s2, vis, login, c2, &e), 0);
    assert_int_equal(store_session_delete(s2, vis, &e), 0);
    assert_int_equal(store_session_get(s, vis, login, c2, &e), QIAO_ENOTFOUND);
    store_close(s2);
    assert_true(store_session_create(s, "a-login-much-longer-than-sixty-four-bytes-is-refused-"
                                        "by-the-store", 60, id, csrf, &e) < 0);
    store_close(s);
}

static void test_tokens(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    char tok[STORE_TOKEN_LEN], tok2[STORE_TOKEN_LEN], login[65];
    assert_int_equal(store_token_create(s, "importer", "nightly", tok, &e), 0);
    assert_int_equal(store_token_create(s, "importer", "other", tok2, &e), 0);
    assert_string_not_equal(tok, tok2);
    assert_int_equal(strlen(tok), STORE_TOKEN_LEN - 1);
    assert_int_equal(strncmp(tok, STORE_TOKEN_PREFIX, 5), 0);
    assert_int_equal(store_token_lookup(s, tok, login, &e), 0);
    assert_string_equal(login, "importer");
    /* neither the token nor its random part is stored; its hash is */
    char h[STORE_SECRET_HEX];
    blake2b_hex(tok, h);
    assert_int_equal(rows_containing(path, "web_tokens", tok + 5), 0);
    assert_int_equal(rows_containing(path, "web_tokens", h), 1);
    assert_int_equal(rows_containing(path, "web_tokens", "nightly"), 1);
    tok[10] ^= 1;
    assert_int_equal(store_token_lookup(s, tok, login, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_token_lookup(s, "", login, &e), QIAO_ENOTFOUND);
    assert_true(store_token_create(s, "", "x", tok, &e) < 0);
    store_close(s);
}

static void test_throttle(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    long retry = -1;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(store_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
        assert_int_equal(retry, 0);
        assert_int_equal(store_throttle_fail(s, "login:x", 900, &e), 0);
    }
    assert_int_equal(store_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
    assert_int_equal(store_throttle_fail(s, "login:x", 900, &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 1);
    assert_true(retry > 0 && retry <= 900);
    /* a larger limit is not reached yet; other keys are not affected */
    assert_int_equal(store_throttle_blocked(s, "login:x", 6, 900, &retry, &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:y", 5, 900, &retry, &e), 0);
    /* the window is counted from the first failure: once it has passed, the
     * key is not blocked any more, and the next failure starts a new window */
    assert_int_equal(store_throttle_blocked(s, "login:x", 5, 0, &retry, &e), 0);
    assert_int_equal(store_throttle_fail(s, "login:x", 0, &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:x", 1, 900, &retry, &e), 1);
    for (int i = 0; i < 4; i++)
        assert_int_equal(store_throttle_fail(s, "login:x", 900, &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 1);
    assert_int_equal(store_throttle_clear(s, "login:x", &e), 0);
    assert_int_equal(store_throttle_blocked(s, "login:x", 1, 900, &retry, &e), 0);
    store_close(s);
}

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
    assert_int_equal(store_put(s, &r, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

static int count_cb(const model_record *r, void *ud)
{
    (void)r;
    ++*(int *)ud;
    return 0;
}

/* A store at version 3 (sessions kept by the web module on its own in an
 * earlier qiao, records with chains) opened by this qiao: migrated to the
 * latest version, nothing lost. */
static void test_migrate_from_3(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open_nomigrate(path, &s, &e), 0);
    assert_int_equal(store_migrate(s, 3, &e), 0);
    put_json(s, "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"机构\",\"type\":\"park\","
                "\"chains\":[\"集成电路\"]}");
    put_json(s, "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"成果\",\"org\":\"o1\","
                "\"chains\":[\"集成电路\",\"新能源\"]}");
    char id[STORE_SECRET_HEX], csrf[STORE_SECRET_HEX], login[65];
    assert_true(store_session_create(s, "alice", 60, id, csrf, &e) < 0);  /* no table yet */
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char h[STORE_SECRET_HEX], sql[512];
    blake2b_hex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", h);
    snprintf(sql, sizeof sql,
             "CREATE TABLE web_sessions (id_hash TEXT PRIMARY KEY NOT NULL, login TEXT NOT NULL,"
             " csrf TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL);"
             "INSERT INTO web_sessions VALUES ('%s', 'old', 'c', 0, 9999999999);", h);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    assert_int_equal(store_open(path, &s, &e), 0);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), 0);
    assert_int_equal(v, store_latest_version());
    assert_true(v >= 4);
    assert_int_equal(store_session_get(s, "0123456789abcdef0123456789abcdef0123456789abcdef"
                                          "0123456789abcdef", login, csrf, &e), 0);
    assert_string_equal(login, "old");
    assert_int_equal(store_session_create(s, "alice", 60, id, csrf, &e), 0);
    char tok[STORE_TOKEN_LEN];
    assert_int_equal(store_token_create(s, "alice", "", tok, &e), 0);
    /* records stored before the migration are found by chain */
    store_filter f = {.chain = "新能源"};
    int n = 0;
    int64_t total = -1;
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &f, NULL, 0, 10, count_cb, &n, &total,
                                &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    f.chain = "集成电路";
    assert_int_equal(store_list(s, MODEL_ORG, &f, NULL, 0, 10, count_cb, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sessions), cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_throttle), cmocka_unit_test(test_migrate_from_3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
