/* store/sqlite_saved.c — saved searches and follows on SQLite (tables of
 * migrations/013_alerts.sql; contract in store.h). Statements are prepared
 * per call: a list's callback may use the store. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static int prep(sq *q, const char *sql, sqlite3_stmt **st, qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK) {
        qiao_errf(e, QIAO_EIO, "%s: saved searches: %s (run `qiao migrate`)", q->path,
                  sqlite3_errmsg(q->db));
        return QIAO_EIO;
    }
    return 0;
}

static void col(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", v ? (const char *)v : "");
}

static int done(sq *q, sqlite3_stmt *st, const char *what, qiao_err *e)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_sq_dberr(q, e, what);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_saved_add(store *s, store_saved *ss, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO saved_searches(login, kind, q, chain, zone, trl_min, freq, "
                "created, last_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, ss->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ss->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ss->q, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ss->chain, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ss->zone, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, ss->trl_min);
    sqlite3_bind_text(st, 7, ss->freq, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, ss->created);
    sqlite3_bind_int64(st, 9, ss->last_run);
    int rc = done(q, st, "saving a search", e);
    if (rc == 0)
        ss->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_saved_list(store *s, const char *login, int64_t due_before_daily,
                        int64_t due_before_weekly, store_saved_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    static const char cols[] = "SELECT id, login, kind, q, chain, zone, trl_min, freq, created, "
                               "last_run FROM saved_searches ";
    char sql[400];
    snprintf(sql, sizeof sql, "%s%s", cols, login ? "WHERE login = ?1 ORDER BY id"
             : "WHERE (freq = 'daily' AND last_run <= ?2) OR (freq = 'weekly' AND last_run <= ?3) "
               "ORDER BY id");
    if (prep(q, sql, &st, e) < 0)
        return QIAO_EIO;
    if (login)
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    else {
        sqlite3_bind_int64(st, 2, due_before_daily);
        sqlite3_bind_int64(st, 3, due_before_weekly);
    }
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_saved ss = {0};
        ss.id = sqlite3_column_int64(st, 0);
        col(st, 1, ss.login, sizeof ss.login);
        col(st, 2, ss.kind, sizeof ss.kind);
        col(st, 3, ss.q, sizeof ss.q);
        col(st, 4, ss.chain, sizeof ss.chain);
        col(st, 5, ss.zone, sizeof ss.zone);
        ss.trl_min = sqlite3_column_int(st, 6);
        col(st, 7, ss.freq, sizeof ss.freq);
        ss.created = sqlite3_column_int64(st, 8);
        ss.last_run = sqlite3_column_int64(st, 9);
        if ((rc = fn(&ss, ud)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing saved searches");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_saved_del(store *s, const char *login, int64_t id, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "DELETE FROM saved_searches WHERE id = ?1 AND login = ?2", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    int rc = done(q, st, "deleting a saved search", e);
    if (rc == 0 && sqlite3_changes(q->db) == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "没有这条保存的搜索");
    return rc;
}

int store_sq_saved_ran(store *s, int64_t id, int64_t at, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE saved_searches SET last_run = ?2 WHERE id = ?1", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    return done(q, st, "keeping a digest's time", e);
}

int store_sq_follow_add(store *s, store_follow *f, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO follows(login, what, value, created, last_run) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, f->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->what, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->created);
    sqlite3_bind_int64(st, 5, f->last_run);
    return done(q, st, "following", e);
}

int store_sq_follow_del(store *s, const char *login, const char *what, const char *value,
                        qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "DELETE FROM follows WHERE login = ?1 AND what = ?2 AND value = ?3", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
    int rc = done(q, st, "unfollowing", e);
    if (rc == 0 && sqlite3_changes(q->db) == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "没有这项关注");
    return rc;
}

int store_sq_follow_list(store *s, const char *login, int64_t due_before, store_follow_fn fn,
                         void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, login ? "SELECT login, what, value, created, last_run FROM follows "
                        "WHERE login = ?1 ORDER BY login, what, value"
                      : "SELECT login, what, value, created, last_run FROM follows "
                        "WHERE last_run <= ?2 ORDER BY login, what, value", &st, e) < 0)
        return QIAO_EIO;
    if (login)
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 2, due_before);
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_follow f = {0};
        col(st, 0, f.login, sizeof f.login);
        col(st, 1, f.what, sizeof f.what);
        col(st, 2, f.value, sizeof f.value);
        f.created = sqlite3_column_int64(st, 3);
        f.last_run = sqlite3_column_int64(st, 4);
        if ((rc = fn(&f, ud)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing follows");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_follow_ran(store *s, const char *login, int64_t at, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE follows SET last_run = ?2 WHERE login = ?1", &st, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, at);
    return done(q, st, "keeping a follow digest's time", e);
}
