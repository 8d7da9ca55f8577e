/* store/sqlite_visits.c — "new since my last visit" on SQLite (tables and
 * triggers of migrations/007_visits.sql; contract in store.h): each account's
 * last two sign-ins, and when each achievement and demand was last written
 * (kept by the triggers, so that every writer counts). */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char *const sv_sql[SV_N] = {
    [SV_RECORD] = "INSERT INTO web_visits(login, last, previous) VALUES (?1, ?2, 0) "
                  "ON CONFLICT(login) DO UPDATE SET previous = last, last = ?2",
    [SV_GET] = "SELECT last, previous FROM web_visits WHERE login = ?1",
};

/* Prepared for each call, so that a callback may call it again. */
static const char changed_sql[] =
    "SELECT kind, key, at FROM web_record_changes WHERE at >= ?1 "
    "ORDER BY at DESC, kind, key LIMIT ?2";

void store_sq_visits_unprepare(sq *q)
{
    store_sq_finalize(q->sv, SV_N);
}

static sqlite3_stmt *stmt(sq *q, int which, qiao_err *e)
{
    return store_sq_stmt(q, q->sv, sv_sql, which, e);
}

int store_sq_visit_record(store *s, const char *login, int64_t now, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SV_RECORD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "recording a sign-in");
}

int store_sq_visit_get(store *s, const char *login, int64_t *last, int64_t *previous,
                       qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SV_GET, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *last = sqlite3_column_int64(st, 0);
        *previous = sqlite3_column_int64(st, 1);
    } else if (step != SQLITE_DONE) {
        rc = store_sq_dberr(q, e, "reading the last sign-ins");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int store_sq_changed_since(store *s, int64_t since, int64_t limit, store_changed_fn fn,
                           void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = NULL;
    int rc = store_sq_prep(q, changed_sql, &st, e);
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, limit);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        model_kind k;
        const char *kind = (const char *)sqlite3_column_text(st, 0);
        if (!kind || model_kind_parse(kind, &k) < 0)
            continue;
        if ((rc = fn(k, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
                     ud)) != 0)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading the changed records");
out:
    sqlite3_finalize(st);
    return rc;
}
