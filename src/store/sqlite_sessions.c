/* store/sqlite_sessions.c — sessions, API tokens and sign-in throttling on
 * SQLite (tables of migrations/005_sessions.sql). store.c hashes the secrets;
 * this file only ever sees their hashes. Statements are prepared once per
 * handle, on first use. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char *const ss_sql[SS_N] = {
    [SS_PUT] = "INSERT INTO web_sessions(id_hash, login, csrf, created, expires) "
               "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SS_GET] = "SELECT login, csrf FROM web_sessions WHERE id_hash = ?1 AND expires >= ?2",
    [SS_DEL] = "DELETE FROM web_sessions WHERE id_hash = ?1",
    [SS_EXPIRE] = "DELETE FROM web_sessions WHERE expires < ?1",
    [SS_TOK_PUT] = "INSERT INTO web_tokens(hash, login, label, created, expires) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SS_TOK_GET] = "SELECT login, last_used FROM web_tokens WHERE hash = ?1 AND expires >= ?2",
    [SS_TOK_USE] = "UPDATE web_tokens SET last_used = ?2 WHERE hash = ?1",
    [SS_THR_GET] = "SELECT failures, first_at FROM web_throttle WHERE key = ?1",
    /* a failure after the window starts a new window */
    [SS_THR_FAIL] = "INSERT INTO web_throttle(key, failures, first_at) VALUES (?1, 1, ?2) "
                    "ON CONFLICT(key) DO UPDATE SET "
                    "failures = CASE WHEN excluded.first_at - first_at < ?3 "
                    "THEN failures + 1 ELSE 1 END, "
                    "first_at = CASE WHEN excluded.first_at - first_at < ?3 "
                    "THEN first_at ELSE excluded.first_at END",
    [SS_THR_CLEAR] = "DELETE FROM web_throttle WHERE key = ?1",
};

void store_sq_sessions_unprepare(sq *q)
{
    store_sq_finalize(q->ss, SS_N);
}

static sqlite3_stmt *stmt(sq *q, int which, qiao_err *e)
{
    return store_sq_stmt(q, q->ss, ss_sql, which, e);
}

/* Steps a statement that returns no row; resets it. */
static int done(sq *q, sqlite3_stmt *st, qiao_err *e, const char *what)
{
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, what);
}

int store_sq_session_put(store *s, const char *id_hash, const char *login, const char *csrf,
                         int64_t created, int64_t expires, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_PUT, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, created);
    sqlite3_bind_int64(st, 5, expires);
    return done(q, st, e, "storing a session");
}

int store_sq_session_get(store *s, const char *id_hash, int64_t now, char login[65],
                         char csrf[STORE_SECRET_HEX], qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_GET, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(login, 65, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(csrf, STORE_SECRET_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "the session has expired; sign in again");
    } else {
        rc = store_sq_dberr(q, e, "reading a session");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int store_sq_session_del(store *s, const char *id_hash, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_DEL, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
    return done(q, st, e, "deleting a session");
}

int store_sq_session_expire(store *s, int64_t now, int64_t *removed, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_EXPIRE, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, now);
    int rc = done(q, st, e, "removing expired sessions");
    if (rc == 0 && removed)
        *removed = sqlite3_changes(q->db);
    return rc;
}

int store_sq_token_put(store *s, const char *hash, const char *login, const char *label,
                       int64_t created, int64_t expires, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_TOK_PUT, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, created);
    sqlite3_bind_int64(st, 5, expires);
    return done(q, st, e, "storing an API token");
}

/* The last use is written at most once a minute per token: an API client
 * making many calls does not make as many writes. */
int store_sq_token_get(store *s, const char *hash, int64_t now, char login[65], qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_TOK_GET, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = 0, step = sqlite3_step(st);
    int64_t last = 0;
    if (step == SQLITE_ROW) {
        snprintf(login, 65, "%s", (const char *)sqlite3_column_text(st, 0));
        last = sqlite3_column_int64(st, 1);
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "the API token is not valid or has expired");
    } else {
        rc = store_sq_dberr(q, e, "reading an API token");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == 0 && (last > now || now - last >= 60)) {
        sqlite3_stmt *u = stmt(q, SS_TOK_USE, e);
        if (!u)
            return QIAO_EIO;
        sqlite3_bind_text(u, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(u, 2, now);
        rc = done(q, u, e, "recording an API token's use");
    }
    return rc;
}

int store_sq_throttle_get(store *s, const char *key, int64_t *failures, int64_t *first_at,
                          qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_THR_GET, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = 0, step = sqlite3_step(st);
    *failures = *first_at = 0;
    if (step == SQLITE_ROW) {
        *failures = sqlite3_column_int64(st, 0);
        *first_at = sqlite3_column_int64(st, 1);
    } else if (step != SQLITE_DONE) {
        rc = store_sq_dberr(q, e, "reading sign-in failures");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int store_sq_throttle_fail(store *s, const char *key, int64_t now, int64_t window, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_THR_FAIL, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, window);
    return done(q, st, e, "counting a sign-in failure");
}

int store_sq_throttle_clear(store *s, const char *key, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SS_THR_CLEAR, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    return done(q, st, e, "clearing sign-in failures");
}
