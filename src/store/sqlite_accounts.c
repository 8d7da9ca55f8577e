/* store/sqlite_accounts.c — accounts and credentials on SQLite (tables of
 * migrations/011_accounts.sql): the atomic sign-in throttle, API tokens as a
 * list with expiry, disabled accounts, the account search of the admin
 * page, one-time password reset links (hashes only), the account audit, the
 * server's keys and the records version. The revocation rule itself lives in
 * the migration's triggers. Statements are prepared once per handle. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char *const sa_sql[SA_N] = {
    /* one statement counts and answers: parallel attempts each see their
     * own number. A window that has passed starts again at this attempt. */
    [SA_THR_ADD] = "INSERT INTO web_throttle(key, failures, first_at) "
                   "VALUES (?1, max(?4, 0), ?2) "
                   "ON CONFLICT(key) DO UPDATE SET "
                   "failures = CASE WHEN ?2 - first_at < ?3 THEN max(failures + ?4, 0) "
                   "ELSE max(?4, 0) END, "
                   "first_at = CASE WHEN ?2 - first_at < ?3 THEN first_at ELSE ?2 END "
                   "RETURNING failures, first_at",
    [SA_TOK_LIST] = "SELECT id, login, label, created, expires, last_used FROM web_tokens "
                    "WHERE login = ?1 ORDER BY created DESC, id DESC",
    [SA_TOK_REVOKE] = "DELETE FROM web_tokens WHERE login = ?1 AND id = ?2",
    [SA_DISABLE] = "UPDATE users SET disabled = ?2 WHERE login = ?1",
    [SA_RESET_PUT] = "INSERT INTO password_resets(hash, login, created, expires, by) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SA_RESET_PEEK] = "SELECT login FROM password_resets "
                      "WHERE hash = ?1 AND used_at = 0 AND expires >= ?2",
    [SA_RESET_TAKE] = "UPDATE password_resets SET used_at = ?2 "
                      "WHERE hash = ?1 AND used_at = 0 AND expires >= ?2 RETURNING login",
    [SA_AUDIT_ADD] = "INSERT INTO account_audit(at, actor, target, action, detail) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SA_KEY_PUT] = "INSERT INTO server_keys(name, key) VALUES (?1, ?2) "
                   "ON CONFLICT(name) DO NOTHING",
    [SA_KEY_GET] = "SELECT key FROM server_keys WHERE name = ?1",
    [SA_RVERSION] = "SELECT v FROM records_version WHERE id = 1",
};

void store_sq_accounts_unprepare(sq *q)
{
    store_sq_finalize(q->sa, SA_N);
}

static sqlite3_stmt *stmt(sq *q, int which, qiao_err *e)
{
    return store_sq_stmt(q, q->sa, sa_sql, which, e);
}

static void reset(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Steps a statement that returns no row; resets it; *changed (may be NULL)
 * tells how many rows it changed. */
static int done(sq *q, sqlite3_stmt *st, int64_t *changed, qiao_err *e, const char *what)
{
    int step = sqlite3_step(st);
    reset(st);
    if (step != SQLITE_DONE)
        return store_sq_dberr(q, e, what);
    if (changed)
        *changed = sqlite3_changes(q->db);
    return 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

int store_sq_throttle_add(store *s, const char *key, int64_t now, int64_t window, int delta,
                          int64_t *failures, int64_t *first_at, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_THR_ADD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, window);
    sqlite3_bind_int(st, 4, delta);
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *failures = sqlite3_column_int64(st, 0);
        *first_at = sqlite3_column_int64(st, 1);
        step = sqlite3_step(st);
    }
    if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "counting a sign-in attempt");
    reset(st);
    return rc;
}

int store_sq_token_list(store *s, const char *login, int64_t now, store_token_fn fn, void *ud,
                        qiao_err *e)
{
    (void)now;
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_TOK_LIST, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_token_info t = {
            .id = sqlite3_column_int64(st, 0), .login = col(st, 1), .label = col(st, 2),
            .created = sqlite3_column_int64(st, 3), .expires = sqlite3_column_int64(st, 4),
            .last_used = sqlite3_column_int64(st, 5),
        };
        if ((rc = fn(&t, ud)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing API tokens");
    reset(st);
    return rc;
}

int store_sq_token_revoke(store *s, const char *login, int64_t id, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_TOK_REVOKE, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int64_t n = 0;
    int rc = done(q, st, &n, e, "revoking an API token");
    if (rc == 0 && n == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "%s has no API token %lld", login, (long long)id);
    return rc;
}

int store_sq_user_disable(store *s, const char *login, int disabled, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_DISABLE, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    int64_t n = 0;
    int rc = done(q, st, &n, e, "disabling an account");
    if (rc == 0 && n == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no user with login %s", login);
    return rc;
}

/* Built per call (two shapes), not kept: the admin page is not a hot path. */
int store_sq_users_find(store *s, const char *text, int64_t offset, int64_t limit,
                        store_user_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    sq *q = (sq *)s;
    static const char where[] =
        " FROM users u LEFT JOIN org o ON o.key = u.org LEFT JOIN web_visits v "
        "ON v.login = u.login WHERE ?1 = '' OR instr(lower(u.login), lower(?1)) > 0 "
        "OR instr(u.name, ?1) > 0 OR instr(coalesce(o.name, ''), ?1) > 0";
    char sql[700];
    const char *pattern = text ? text : "";
    sqlite3_stmt *st;
    int rc = 0, step;
    if (total) {
        snprintf(sql, sizeof sql, "SELECT count(*)%s", where);
        if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
            return store_sq_dberr(q, e, "counting accounts");
        sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
        if ((step = sqlite3_step(st)) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = store_sq_dberr(q, e, "counting accounts");
        sqlite3_finalize(st);
        if (rc)
            return rc;
    }
    if (limit == 0)
        return 0;
    snprintf(sql, sizeof sql, "SELECT u.id, u.login, u.pwhash, u.role, coalesce(u.org, ''), "
             "u.created, u.email, u.name, u.phone, u.disabled, coalesce(v.last, 0)%s "
             "ORDER BY u.login LIMIT ?2 OFFSET ?3", where);
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "listing accounts");
    sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_user u = {.id = sqlite3_column_int64(st, 0)};
        snprintf(u.login, sizeof u.login, "%s", col(st, 1));
        snprintf(u.pwhash, sizeof u.pwhash, "%s", col(st, 2));
        snprintf(u.role, sizeof u.role, "%s", col(st, 3));
        snprintf(u.org, sizeof u.org, "%s", col(st, 4));
        snprintf(u.created, sizeof u.created, "%s", col(st, 5));
        store_sq_user_contact(st, 6, &u);
        u.disabled = sqlite3_column_int(st, 9);
        u.last_signin = sqlite3_column_int64(st, 10);
        if ((rc = fn(&u, ud)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing accounts");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_reset_put(store *s, const char *hash, const char *login, int64_t created,
                       int64_t expires, const char *by, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_RESET_PUT, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, created);
    sqlite3_bind_int64(st, 4, expires);
    sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
    return done(q, st, NULL, e, "storing a password reset link");
}

int store_sq_reset_get(store *s, const char *hash, int64_t now, int take, char login[65],
                       qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, take ? SA_RESET_TAKE : SA_RESET_PEEK, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(login, 65, "%s", col(st, 0));
        step = sqlite3_step(st);
        if (step != SQLITE_DONE)
            rc = store_sq_dberr(q, e, "reading a password reset link");
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "the link is unknown, used or expired");
    } else {
        rc = store_sq_dberr(q, e, "reading a password reset link");
    }
    reset(st);
    return rc;
}

int store_sq_audit_add(store *s, store_audit *a, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_AUDIT_ADD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, a->at);
    sqlite3_bind_text(st, 2, a->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->target, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, a->detail ? a->detail : "", -1, SQLITE_STATIC);
    int rc = done(q, st, NULL, e, "recording an account change");
    if (rc == 0)
        a->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_audit_list(store *s, const char *target, int64_t offset, int64_t limit,
                        store_audit_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    int rc = 0, step;
    const char *cond = target ? " WHERE target = ?1" : " WHERE ?1 IS NULL";
    char sql[300];
    if (total) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM account_audit%s", cond);
        if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
            return store_sq_dberr(q, e, "counting account changes");
        if (target)
            sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = store_sq_dberr(q, e, "counting account changes");
        sqlite3_finalize(st);
        if (rc)
            return rc;
    }
    snprintf(sql, sizeof sql, "SELECT id, at, actor, target, action, detail FROM account_audit"
             "%s ORDER BY id DESC LIMIT ?2 OFFSET ?3", cond);
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "listing account changes");
    if (target)
        sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_audit a = {.id = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1),
                         .actor = col(st, 2), .target = col(st, 3), .action = col(st, 4),
                         .detail = col(st, 5)};
        if ((rc = fn(&a, ud)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing account changes");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_server_key(store *s, const char *name, const char *fresh,
                        char out[STORE_SECRET_HEX], qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *put = stmt(q, SA_KEY_PUT, e), *get = put ? stmt(q, SA_KEY_GET, e) : NULL;
    if (!get)
        return QIAO_EIO;
    sqlite3_bind_text(put, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 2, fresh, -1, SQLITE_STATIC);
    int rc = done(q, put, NULL, e, "storing a server key");
    if (rc)
        return rc;
    sqlite3_bind_text(get, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(get) == SQLITE_ROW)
        snprintf(out, STORE_SECRET_HEX, "%s", col(get, 0));
    else
        rc = store_sq_dberr(q, e, "reading a server key");
    reset(get);
    return rc;
}

int store_sq_records_version(store *s, int64_t *v, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SA_RVERSION, e);
    if (!st)
        return QIAO_EIO;
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    else
        rc = store_sq_dberr(q, e, "reading the records version");
    reset(st);
    return rc;
}
