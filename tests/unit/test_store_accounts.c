/* test_store_accounts.c — accounts and credentials in the store (store.h,
 * migrations/011_accounts.sql): a new password or a disabled account ends
 * every session, API token and reset link of the account (and nobody
 * else's); tokens expire, are listed and revoked; the throttle counts before
 * the check it guards, so that 40 parallel attempts get 5 through; one-time
 * reset links; the audit; the server key; the records version moving on
 * record writes only. */
#include "teststore.h"

#include <sys/stat.h>

#include <pthread.h>
#include <sqlite3.h>

#include "model/model.h"
#include "store/store.h"

static void sql(const char *path, const char *text)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
    sqlite3_close(db);
}

static void add_user(store *s, const char *login, const char *role, const char *pw)
{
    store_user u = {0};
    qiao_err e = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", role);
    assert_int_equal(store_user_set_password(&u, pw, &e), 0);
    assert_int_equal(store_user_put(s, &u, &e), 0);
}

typedef struct creds {
    char sid[STORE_SECRET_HEX], csrf[STORE_SECRET_HEX], tok[STORE_TOKEN_LEN];
    char reset[STORE_SECRET_HEX];
} creds;

static void give(store *s, const char *login, creds *c)
{
    qiao_err e = {0};
    assert_int_equal(store_session_create(s, login, 3600, c->sid, c->csrf, &e), 0);
    assert_int_equal(store_token_create(s, login, "ci", c->tok, &e), 0);
    assert_int_equal(store_reset_create(s, login, 3600, "", c->reset, &e), 0);
}

/* 1 when every credential of c still works, 0 when none does; fails the
 * test on a mix */
static int works(store *s, const creds *c)
{
    char login[65], csrf[STORE_SECRET_HEX];
    qiao_err e = {0};
    int a = store_session_get(s, c->sid, login, csrf, &e) == 0;
    int b = store_token_lookup(s, c->tok, login, &e) == 0;
    int r = store_reset_peek(s, c->reset, login, &e) == 0;
    if (a != b || b != r)
        fail_msg("session %d, token %d, reset link %d", a, b, r);
    return a;
}

static void test_password_ends_credentials(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "alice", "enterprise", "alice-pass-1");
    add_user(s, "bob", "enterprise", "bob-pass-12");
    creds a, b;
    give(s, "alice", &a);
    give(s, "bob", &b);
    assert_int_equal(works(s, &a), 1);
    /* a write that leaves the password alone ends nothing */
    store_user u;
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    snprintf(u.name, sizeof u.name, "%s", "爱丽丝");
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_int_equal(works(s, &a), 1);
    /* a new password ends alice's, not bob's */
    assert_int_equal(store_user_password(s, "alice", "alice-pass-2", &e), 0);
    assert_int_equal(works(s, &a), 0);
    assert_int_equal(works(s, &b), 1);
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_true(store_user_check_password(&u, "alice-pass-2"));
    /* also when the hash is written another way (qiao user add) */
    give(s, "alice", &a);
    assert_int_equal(store_user_set_password(&u, "alice-pass-3", &e), 0);
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_int_equal(works(s, &a), 0);
    /* inside a transaction that rolls back, nothing ends */
    give(s, "alice", &a);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_user_password(s, "alice", "alice-pass-4", &e), 0);
    store_rollback(s);
    assert_int_equal(works(s, &a), 1);
    assert_int_equal(store_user_password(s, "nobody", "x-pass-123", &e), QIAO_ENOTFOUND);
    store_close(s);
}

static void test_disable_ends_credentials(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "alice", "staff", "alice-pass-1");
    add_user(s, "bob", "staff", "bob-pass-12");
    creds a, b;
    give(s, "alice", &a);
    give(s, "bob", &b);
    assert_int_equal(store_user_disable(s, "alice", 1, &e), 0);
    assert_int_equal(works(s, &a), 0);
    assert_int_equal(works(s, &b), 1);
    store_user u;
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_int_equal(u.disabled, 1);
    /* user_put (a role change) leaves it disabled */
    snprintf(u.role, sizeof u.role, "%s", "expert");
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_int_equal(u.disabled, 1);
    assert_int_equal(store_user_disable(s, "alice", 0, &e), 0);
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_int_equal(u.disabled, 0);
    /* enabling gives nothing back */
    assert_int_equal(works(s, &a), 0);
    assert_int_equal(store_user_disable(s, "nobody", 1, &e), QIAO_ENOTFOUND);
    store_close(s);
}

typedef struct tok_seen {
    int n;
    int64_t id[8];
    char label[8][32];
    int64_t expires[8];
} tok_seen;

static int on_token(const store_token_info *t, void *ud)
{
    tok_seen *c = ud;
    if (c->n < 8) {
        c->id[c->n] = t->id;
        snprintf(c->label[c->n], sizeof c->label[0], "%s", t->label);
        c->expires[c->n] = t->expires - t->created;
    }
    c->n++;
    return 0;
}

static void test_tokens_expire_list_revoke(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    char t1[STORE_TOKEN_LEN], t2[STORE_TOKEN_LEN], t3[STORE_TOKEN_LEN], login[65];
    assert_int_equal(store_token_create(s, "alice", "默认", t1, &e), 0);
    assert_int_equal(store_token_create_ttl(s, "alice", "nightly import", 7, t2, &e), 0);
    assert_int_equal(store_token_create_ttl(s, "bob", "", 1, t3, &e), 0);
    assert_int_equal(store_token_create_ttl(s, "alice", "", 0, t3, &e), QIAO_EINVAL);
    assert_int_equal(store_token_create_ttl(s, "alice", "", 3651, t3, &e), QIAO_EINVAL);
    tok_seen c = {0};
    assert_int_equal(store_token_list(s, "alice", on_token, &c, &e), 0);
    assert_int_equal(c.n, 2);
    /* newest first; the default lasts STORE_TOKEN_DAYS */
    assert_string_equal(c.label[0], "nightly import");
    assert_int_equal(c.expires[0], 7 * 86400);
    assert_string_equal(c.label[1], "默认");
    assert_int_equal(c.expires[1], (int64_t)STORE_TOKEN_DAYS * 86400);
    /* a use is recorded */
    assert_int_equal(store_token_lookup(s, t2, login, &e), 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT last_used FROM web_tokens WHERE label = "
                                        "'nightly import'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int64(st, 0) > 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* bob cannot revoke alice's token; alice can */
    assert_int_equal(store_token_revoke(s, "bob", c.id[0], &e), QIAO_ENOTFOUND);
    assert_int_equal(store_token_lookup(s, t2, login, &e), 0);
    assert_int_equal(store_token_revoke(s, "alice", c.id[0], &e), 0);
    assert_int_equal(store_token_lookup(s, t2, login, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_token_lookup(s, t1, login, &e), 0);
    /* an expired token is refused */
    sql(path, "UPDATE web_tokens SET expires = created - 1");
    assert_int_equal(store_token_lookup(s, t1, login, &e), QIAO_ENOTFOUND);
    store_close(s);
}

/* ---- the throttle under parallel attempts ---- */

typedef struct race {
    const char *path;
    pthread_barrier_t *go;
    int checked;              /* the attempt was let through to a password check */
    int err;
} race;

static void *attempt(void *p)
{
    race *r = p;
    store *s;
    qiao_err e = {0};
    if (store_open(r->path, &s, &e) != 0) {
        r->err = 1;
        return NULL;
    }
    pthread_barrier_wait(r->go);
    long retry = 0;
    int b = store_throttle_attempt(s, "login:victim", 5, 900, &retry, &e);
    r->err = b < 0;
    r->checked = b == 0;
    store_close(s);
    return NULL;
}

static void test_throttle_parallel(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    enum { N = 40 };
    pthread_t th[N];
    race r[N];
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, N);
    for (int i = 0; i < N; i++) {
        r[i] = (race){.path = path, .go = &go};
        assert_int_equal(pthread_create(&th[i], NULL, attempt, &r[i]), 0);
    }
    int checked = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].err, 0);
        checked += r[i].checked;
    }
    pthread_barrier_destroy(&go);
    assert_int_equal(checked, 5);
    /* a success forgives one attempt; clear forgets them; after the window a
     * new one starts */
    qiao_err e = {0};
    long retry = 0;
    assert_int_equal(store_throttle_clear(s, "login:victim", &e), 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(store_throttle_attempt(s, "ip:1", 5, 900, &retry, &e), 0);
    assert_int_equal(store_throttle_attempt(s, "ip:1", 5, 900, &retry, &e), 1);
    assert_true(retry > 0 && retry <= 900);
    assert_int_equal(store_throttle_forgive(s, "ip:1", 900, &e), 0);
    assert_int_equal(store_throttle_forgive(s, "ip:1", 900, &e), 0);
    assert_int_equal(store_throttle_attempt(s, "ip:1", 5, 900, &retry, &e), 0);
    assert_int_equal(store_throttle_attempt(s, "ip:1", 5, 0, &retry, &e), 0);
    store_close(s);
}

static void test_reset_links(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "alice", "enterprise", "alice-pass-1");
    char tok[STORE_SECRET_HEX], tok2[STORE_SECRET_HEX], login[65];
    assert_int_equal(store_reset_create(s, "alice", 3600, "", tok, &e), 0);
    assert_int_equal(store_reset_create(s, "alice", 3600, "admin", tok2, &e), 0);
    /* only the hash is stored */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM password_resets WHERE "
                                        "hash = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, tok, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(store_reset_peek(s, tok, login, &e), 0);
    assert_string_equal(login, "alice");
    assert_int_equal(store_reset_use(s, tok, "alice-new-1", login, &e), 0);
    store_user u;
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_true(store_user_check_password(&u, "alice-new-1"));
    /* used once; the other link ended with the new password */
    assert_int_equal(store_reset_use(s, tok, "alice-new-2", login, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_reset_peek(s, tok2, login, &e), QIAO_ENOTFOUND);
    /* an expired link */
    assert_int_equal(store_reset_create(s, "alice", 3600, "", tok, &e), 0);
    sql(path, "UPDATE password_resets SET expires = created - 1");
    assert_int_equal(store_reset_use(s, tok, "alice-new-3", login, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_user_get(s, "alice", &u, &e), 0);
    assert_true(store_user_check_password(&u, "alice-new-1"));
    assert_int_equal(store_reset_peek(s, "not-a-token", login, &e), QIAO_ENOTFOUND);
    store_close(s);
}

static int on_audit(const store_audit *a, void *ud)
{
    char *out = ud;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s:%s:%s;", a->actor, a->target, a->action);
    return 0;
}

static int on_user(const store_user *u, void *ud)
{
    char *out = ud;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s%s;", u->login, u->last_signin ? "*" : "");
    return 0;
}

static void test_audit_find_key(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "alice", "enterprise", "alice-pass-1");
    add_user(s, "bob", "staff", "bob-pass-12");
    store_user u;
    assert_int_equal(store_user_get(s, "bob", &u, &e), 0);
    snprintf(u.name, sizeof u.name, "%s", "王小明");
    assert_int_equal(store_user_put(s, &u, &e), 0);
    assert_int_equal(store_visit_record(s, "bob", 1700000000, &e), 0);
    store_audit a = {.actor = "bob", .target = "alice", .action = "disable"};
    assert_int_equal(store_audit_add(s, &a, &e), 0);
    assert_true(a.id > 0 && a.at > 0);
    store_audit a2 = {.actor = "bob", .target = "carol", .action = "role", .detail = "x"};
    assert_int_equal(store_audit_add(s, &a2, &e), 0);
    char out[256] = "";
    int64_t total = 0;
    assert_int_equal(store_audit_list(s, NULL, 0, 10, on_audit, out, &total, &e), 0);
    assert_string_equal(out, "bob:carol:role;bob:alice:disable;");
    assert_int_equal(total, 2);
    out[0] = '\0';
    assert_int_equal(store_audit_list(s, "alice", 0, 10, on_audit, out, &total, &e), 0);
    assert_string_equal(out, "bob:alice:disable;");
    out[0] = '\0';
    assert_int_equal(store_users_find(s, "", 0, 10, on_user, out, &total, &e), 0);
    assert_string_equal(out, "alice;bob*;");
    out[0] = '\0';
    assert_int_equal(store_users_find(s, "小明", 0, 10, on_user, out, &total, &e), 0);
    assert_string_equal(out, "bob*;");
    assert_int_equal(total, 1);
    out[0] = '\0';
    assert_int_equal(store_users_find(s, "ALI", 0, 10, on_user, out, &total, &e), 0);
    assert_string_equal(out, "alice;");
    /* the server key is made once and kept */
    unsigned char k1[32], k2[32];
    assert_int_equal(store_server_key(s, "visitor_csrf", k1, &e), 0);
    store *s2;
    assert_int_equal(store_open(path, &s2, &e), 0);
    assert_int_equal(store_server_key(s2, "visitor_csrf", k2, &e), 0);
    assert_memory_equal(k1, k2, 32);
    assert_int_equal(store_server_key(s2, "other", k2, &e), 0);
    assert_memory_not_equal(k1, k2, 32);
    /* one secret per name whichever way it is read: the hex form
     * (store_key_get, the unsubscribe links) is the same key */
    char hex[STORE_SECRET_HEX], want[2 * 32 + 1];
    assert_int_equal(store_key_get(s2, "visitor_csrf", hex, &e), 0);
    for (int i = 0; i < 32; i++)
        snprintf(want + 2 * i, 3, "%02x", k1[i]);
    assert_string_equal(hex, want);
    /* a name asked first in hex is then the same in bytes */
    assert_int_equal(store_key_get(s, "unsub", hex, &e), 0);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(store_server_key(s2, "unsub", k2, &e), 0);
    for (int i = 0; i < 32; i++)
        snprintf(want + 2 * i, 3, "%02x", k2[i]);
    assert_string_equal(hex, want);
    store_close(s2);
    store_close(s);
}

static void put_org(store *s, const char *id);

/* The WAL is bounded (finding 1 of the hardening issue): after a transaction
 * that grew it past 64 MiB, the next write truncates it to the limit
 * (journal_size_limit on the store's own connection, which a test cannot
 * read from outside). */
/* Small commits: the WAL is checkpointed after about 4 MB whatever the page
 * size (1000 pages of a new store's 16 KiB grew it to 16 MB, and the web
 * write that ran that checkpoint waited for it: p99 13 ms instead of 5). */
static void test_wal_checkpoint_bytes(void **state)
{
    (void)state;
    char path[512], wal[600];
    tu_tmp_db(path, sizeof path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    static char text[40400];
    char desc[40001];
    memset(desc, 'b', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    for (int i = 0; i < 300; i++) {         /* 300 commits of about 40 KB: 12 MB */
        snprintf(text, sizeof text, "{\"kind\":\"org\",\"id\":\"c%d\",\"name\":\"机构%d\","
                 "\"type\":\"park\",\"description\":\"%s\"}", i, i, desc);
        model_record r;
        assert_int_equal(model_from_canonical(text, strlen(text), &r, &e), 0);
        assert_int_equal(store_begin(s, &e), 0);
        assert_int_equal(store_put(s, &r, &e), 0);
        assert_int_equal(store_commit(s, &e), 0);
        model_record_clear(&r);
    }
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size <= 6LL * 1024 * 1024);
    store_close(s);
}

static void test_wal_bounded(void **state)
{
    (void)state;
    char path[512], wal[600];
    tu_tmp_db(path, sizeof path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    static char text[20200];
    char desc[19001];
    memset(desc, 'a', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    assert_int_equal(store_begin(s, &e), 0);
    for (int i = 0; i < 4600; i++) {        /* about 90 MB of documents */
        snprintf(desc, 12, "%011d", i);
        desc[11] = 'a';
        snprintf(text, sizeof text, "{\"kind\":\"org\",\"id\":\"w%d\",\"name\":\"机构%d\","
                 "\"type\":\"park\",\"description\":\"%s\"}", i, i, desc);
        model_record r;
        assert_int_equal(model_from_canonical(text, strlen(text), &r, &e), 0);
        assert_int_equal(store_put(s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_commit(s, &e), 0);
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size > 64LL * 1024 * 1024);   /* the big transaction grew it */
    put_org(s, "after");                   /* the next write starts the log again */
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size <= 64LL * 1024 * 1024);
    store_close(s);
}

static void put_org(store *s, const char *id)
{
    char text[200];
    snprintf(text, sizeof text, "{\"kind\":\"org\",\"id\":\"%s\",\"name\":\"机构\","
             "\"type\":\"park\"}", id);
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    json_t *in = model_json_parse(text, strlen(text), NULL, 0);
    assert_non_null(in);
    assert_int_equal(model_from_json(in, &r, &errs), 0);
    json_decref(in);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_put(s, &r, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

static void test_records_version(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path), *other;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &other, &e), 0);
    int64_t v0, v;
    assert_int_equal(store_records_version(s, &v0, &e), 0);
    /* sessions, tokens, throttling, visits, accounts and mail do not move it */
    add_user(other, "alice", "staff", "alice-pass-1");
    creds c;
    give(other, "alice", &c);
    long retry;
    assert_int_equal(store_throttle_attempt(other, "login:alice", 5, 900, &retry, &e), 0);
    assert_int_equal(store_visit_record(other, "alice", 1700000000, &e), 0);
    assert_int_equal(store_user_password(other, "alice", "alice-pass-2", &e), 0);
    store_audit a = {.actor = "x", .target = "alice", .action = "disable"};
    assert_int_equal(store_audit_add(other, &a, &e), 0);
    store_mail m = {.to = "a@example.org", .subject = "s", .body = "b"};
    assert_int_equal(store_mail_add(other, &m, &e), 0);
    assert_int_equal(store_records_version(s, &v, &e), 0);
    assert_int_equal(v, v0);
    /* a record written by another handle does */
    put_org(other, "o1");
    assert_int_equal(store_records_version(s, &v, &e), 0);
    assert_true(v > v0);
    v0 = v;
    assert_int_equal(store_begin(other, &e), 0);
    assert_int_equal(store_del(other, MODEL_ORG, "o1", &e), 0);
    assert_int_equal(store_commit(other, &e), 0);
    assert_int_equal(store_records_version(s, &v, &e), 0);
    assert_true(v > v0);
    store_close(other);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_ends_credentials),
        cmocka_unit_test(test_disable_ends_credentials),
        cmocka_unit_test(test_tokens_expire_list_revoke),
        cmocka_unit_test(test_throttle_parallel),
        cmocka_unit_test(test_reset_links),
        cmocka_unit_test(test_audit_find_key),
        cmocka_unit_test(test_records_version),
        cmocka_unit_test(test_wal_bounded),
        cmocka_unit_test(test_wal_checkpoint_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
