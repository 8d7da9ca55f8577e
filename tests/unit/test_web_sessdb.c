/* Sessions, API tokens and sign-in throttling (web/sessdb.c). */
#include "testutil.h"

#include <sqlite3.h>

#include "web/sessdb.h"

static void test_sessions(void **state)
{
    (void)state;
    char db[512];
    tu_tmp_db(db, sizeof db);
    web_sessdb *s;
    qiao_err e = {0};
    assert_int_equal(web_sessdb_open(db, &s, &e), 0);
    char id[WEB_SECRET_HEX], csrf[WEB_SECRET_HEX], login[65], c2[WEB_SECRET_HEX];
    assert_int_equal(web_session_create(s, "alice", 3600, id, csrf, &e), 0);
    assert_int_equal(strlen(id), 64);
    assert_string_not_equal(id, csrf);
    assert_int_equal(web_session_get(s, id, login, c2, &e), 0);
    assert_string_equal(login, "alice");
    assert_string_equal(c2, csrf);
    /* the id itself is not stored, only its hash */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM web_sessions WHERE id_hash = ?",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    /* a forged id, an expired session, a deleted one */
    char forged[WEB_SECRET_HEX];
    memcpy(forged, id, sizeof forged);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    assert_int_equal(web_session_get(s, forged, login, c2, &e), QIAO_ENOTFOUND);
    char old[WEB_SECRET_HEX];
    assert_int_equal(web_session_create(s, "bob", -10, old, c2, &e), 0);
    assert_int_equal(web_session_get(s, old, login, c2, &e), QIAO_ENOTFOUND);
    assert_int_equal(web_session_delete(s, id, &e), 0);
    assert_int_equal(web_session_get(s, id, login, c2, &e), QIAO_ENOTFOUND);
    web_sessdb_close(s);
}

static void test_tokens(void **state)
{
    (void)state;
    char db[512];
    tu_tmp_db(db, sizeof db);
    web_sessdb *s;
    qiao_err e = {0};
    assert_int_equal(web_sessdb_open(db, &s, &e), 0);
    char tok[WEB_TOKEN_LEN], tok2[WEB_TOKEN_LEN], login[65];
    assert_int_equal(web_token_create(s, "importer", "nightly", tok, &e), 0);
    assert_int_equal(web_token_create(s, "importer", "other", tok2, &e), 0);
    assert_string_not_equal(tok, tok2);
    assert_int_equal(strncmp(tok, WEB_TOKEN_PREFIX, 5), 0);
    assert_int_equal(web_token_lookup(s, tok, login, &e), 0);
    assert_string_equal(login, "importer");
    tok[10] ^= 1;
    assert_int_equal(web_token_lookup(s, tok, login, &e), QIAO_ENOTFOUND);
    web_sessdb_close(s);
}

static void test_throttle(void **state)
{
    (void)state;
    char db[512];
    tu_tmp_db(db, sizeof db);
    web_sessdb *s;
    qiao_err e = {0};
    long retry = 0;
    assert_int_equal(web_sessdb_open(db, &s, &e), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(web_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
        assert_int_equal(web_throttle_fail(s, "login:x", 900, &e), 0);
    }
    assert_int_equal(web_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
    assert_int_equal(web_throttle_fail(s, "login:x", 900, &e), 0);
    assert_int_equal(web_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 1);
    assert_true(retry > 0 && retry <= 900);
    assert_int_equal(web_throttle_blocked(s, "login:y", 5, 900, &retry, &e), 0);
    /* a window of 0 seconds has always passed: failures start again */
    assert_int_equal(web_throttle_fail(s, "login:x", 0, &e), 0);
    assert_int_equal(web_throttle_blocked(s, "login:x", 5, 900, &retry, &e), 0);
    assert_int_equal(web_throttle_clear(s, "login:x", &e), 0);
    web_sessdb_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sessions), cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_throttle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
