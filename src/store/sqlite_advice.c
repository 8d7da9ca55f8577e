/* store/sqlite_advice.c — accounts linked to people and invitations to
 * advise on SQLite (users.person and table advice of
 * migrations/015_advice.sql; contract in store.h). Rare, small writes and
 * reads: each statement is prepared per call, so a callback may use the
 * store again. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

#define CPY(field, i) snprintf(field, sizeof field, "%s", col(st, i))

static void bind_s(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static int prep(sq *q, const char *sql, sqlite3_stmt **st, const char *what, qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
}

int store_sq_user_person_set(store *s, const char *login, const char *person, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE users SET person = ?2 WHERE login = ?1", &st, "linking an account", e))
        return QIAO_EIO;
    bind_s(st, 1, login);
    bind_s(st, 2, person);
    int step = sqlite3_step(st), rc = 0;
    if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = qiao_errf(e, QIAO_ECONFLICT, "person %s is linked to another account already",
                       person);
    else if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "linking an account");
    else if (sqlite3_changes(q->db) == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no account %s", login);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_user_person_get(store *s, const char *login, char person[MODEL_KEY_MAX],
                             qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    person[0] = '\0';
    if (prep(q, "SELECT person FROM users WHERE login = ?1", &st, "reading an account", e))
        return QIAO_EIO;
    bind_s(st, 1, login);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW)
        snprintf(person, MODEL_KEY_MAX, "%s", col(st, 0));
    else if (step == SQLITE_DONE)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no account %s", login);
    else
        rc = store_sq_dberr(q, e, "reading an account");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_person_account(store *s, const char *person, char login[65], qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    login[0] = '\0';
    if (prep(q, "SELECT login FROM users WHERE person = ?1 AND person <> ''", &st,
             "reading an account", e))
        return QIAO_EIO;
    bind_s(st, 1, person);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW)
        snprintf(login, 65, "%s", col(st, 0));
    else if (step == SQLITE_DONE)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no account is linked to person %s", person);
    else
        rc = store_sq_dberr(q, e, "reading an account");
    sqlite3_finalize(st);
    return rc;
}

#define ACOLS "id, demand, person, org, login, message, status, reason, expert, created, updated"

static void read_advice(sqlite3_stmt *st, store_advice *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    CPY(a->demand, 1);
    CPY(a->person, 2);
    CPY(a->org, 3);
    CPY(a->login, 4);
    CPY(a->message, 5);
    CPY(a->status, 6);
    CPY(a->reason, 7);
    CPY(a->expert, 8);
    a->created = sqlite3_column_int64(st, 9);
    a->updated = sqlite3_column_int64(st, 10);
}

int store_sq_advice_add(store *s, store_advice *a, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO advice(demand, person, org, login, message, status, reason, "
             "expert, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st,
             "storing an invitation to advise", e))
        return QIAO_EIO;
    bind_s(st, 1, a->demand);
    bind_s(st, 2, a->person);
    bind_s(st, 3, a->org);
    bind_s(st, 4, a->login);
    bind_s(st, 5, a->message);
    bind_s(st, 6, a->status);
    bind_s(st, 7, a->reason);
    bind_s(st, 8, a->expert);
    sqlite3_bind_int64(st, 9, a->created);
    sqlite3_bind_int64(st, 10, a->updated);
    int step = sqlite3_step(st), rc = 0;
    if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = qiao_errf(e, QIAO_ECONFLICT, "demand %s has a live invitation of person %s already",
                       a->demand, a->person);
    else if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "storing an invitation to advise");
    else
        a->id = sqlite3_last_insert_rowid(q->db);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_advice_get(store *s, int64_t id, store_advice *out, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT " ACOLS " FROM advice WHERE id = ?1", &st,
             "reading an invitation to advise", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW)
        read_advice(st, out);
    else if (step == SQLITE_DONE)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no invitation to advise %lld", (long long)id);
    else
        rc = store_sq_dberr(q, e, "reading an invitation to advise");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_advice_update(store *s, const store_advice *a, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE advice SET status = ?2, reason = ?3, expert = ?4, updated = ?5 "
             "WHERE id = ?1", &st, "updating an invitation to advise", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, a->id);
    bind_s(st, 2, a->status);
    bind_s(st, 3, a->reason);
    bind_s(st, 4, a->expert);
    sqlite3_bind_int64(st, 5, a->updated);
    int step = sqlite3_step(st), rc = 0;
    if ((step & 0xff) == SQLITE_CONSTRAINT)
        rc = qiao_errf(e, QIAO_ECONFLICT, "demand %s has a live invitation of person %s already",
                       a->demand, a->person);
    else if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "updating an invitation to advise");
    else if (sqlite3_changes(q->db) == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no invitation to advise %lld", (long long)a->id);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_advice_list(store *s, const store_advice_filter *f, int64_t limit,
                         store_advice_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT " ACOLS " FROM advice WHERE (?1 IS NULL OR demand = ?1) "
             "AND (?2 IS NULL OR person = ?2) AND (?3 IS NULL OR org = ?3) "
             "AND (?4 IS NULL OR login = ?4) AND (?5 IS NULL OR status = ?5 "
             "OR (?5 = 'live' AND status IN ('invited', 'accepted'))) "
             "ORDER BY id DESC LIMIT ?6", &st, "listing invitations to advise", e))
        return QIAO_EIO;
    const char *v[5] = {f->demand, f->person, f->org, f->login, f->status};
    for (int i = 0; i < 5; i++)
        if (v[i] && *v[i])
            sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, limit);
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_advice a;
        read_advice(st, &a);
        if (fn && fn(&a, ud))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing invitations to advise");
    sqlite3_finalize(st);
    return rc;
}
