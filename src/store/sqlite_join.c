/* store/sqlite_join.c — applications to join, invitations and org admins on
 * SQLite (tables of migrations/009_join.sql; contract in store.h). Every
 * statement is prepared for its call: these are rare writes and small reads,
 * and a list's callback may use the store again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

#define APP_COLS "id, name, type, credit_code, region, zone, contact_name, contact_phone, " \
                 "contact_email, login, pwhash, status, reason, org, reviewed_by, created, " \
                 "reviewed_at"

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

#define COPY(dst, i) snprintf(dst, sizeof dst, "%s", col(st, i))

static void read_app(sqlite3_stmt *st, store_application *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    COPY(a->name, 1);
    COPY(a->type, 2);
    COPY(a->credit_code, 3);
    COPY(a->region, 4);
    COPY(a->zone, 5);
    COPY(a->contact_name, 6);
    COPY(a->contact_phone, 7);
    COPY(a->contact_email, 8);
    COPY(a->login, 9);
    COPY(a->pwhash, 10);
    COPY(a->status, 11);
    COPY(a->reason, 12);
    COPY(a->org, 13);
    COPY(a->reviewed_by, 14);
    a->created = sqlite3_column_int64(st, 15);
    a->reviewed_at = sqlite3_column_int64(st, 16);
}

static int prep(sq *q, const char *sql, sqlite3_stmt **st, const char *what, qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
}

/* Steps a one-shot write and finalizes it; *changed (may be NULL) tells
 * whether a row changed. */
static int run(sq *q, sqlite3_stmt *st, const char *what, int *changed, qiao_err *e)
{
    int step = sqlite3_step(st);
    int rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0 : store_sq_dberr(q, e, what);
    if (rc == 0 && changed)
        *changed = sqlite3_changes(q->db) > 0;
    sqlite3_finalize(st);
    return rc;
}

int store_sq_app_add(store *s, store_application *a, const char *token_hash, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO applications(name, type, credit_code, region, zone, contact_name, "
             "contact_phone, contact_email, login, pwhash, token_hash, created) VALUES "
             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st,
             "storing an application", e) < 0)
        return QIAO_EIO;
    const char *v[] = {a->name, a->type, a->credit_code, a->region, a->zone, a->contact_name,
                       a->contact_phone, a->contact_email, a->login, a->pwhash, token_hash};
    for (int i = 0; i < 11; i++)
        sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, a->created);
    int rc = run(q, st, "storing an application", NULL, e);
    if (rc == 0) {
        a->id = sqlite3_last_insert_rowid(q->db);
        snprintf(a->status, sizeof a->status, "pending");
    }
    return rc;
}

int store_sq_app_get(store *s, int64_t id, const char *token_hash, store_application *out,
                     qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, token_hash ? "SELECT " APP_COLS " FROM applications WHERE token_hash = ?1"
                           : "SELECT " APP_COLS " FROM applications WHERE id = ?2",
             &st, "reading an application", e) < 0)
        return QIAO_EIO;
    if (token_hash)
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 2, id);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW)
        read_app(st, out);
    else if (step == SQLITE_DONE)
        rc = token_hash ? qiao_errf(e, QIAO_ENOTFOUND, "no application with this link")
                        : qiao_errf(e, QIAO_ENOTFOUND, "no application %lld", (long long)id);
    else
        rc = store_sq_dberr(q, e, "reading an application");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_app_list(store *s, const char *status, int64_t limit, store_application_fn fn,
                      void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, status ? "SELECT " APP_COLS " FROM applications WHERE status = ?1 "
                         "ORDER BY id DESC LIMIT ?2"
                       : "SELECT " APP_COLS " FROM applications "
                         "ORDER BY status <> 'pending', id DESC LIMIT ?2",
             &st, "listing applications", e) < 0)
        return QIAO_EIO;
    if (status)
        sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    int rc = 0, step;
    store_application *a = qiao_malloc(sizeof *a);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        read_app(st, a);
        rc = fn(a, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing applications");
    free(a);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_app_review(store *s, int64_t id, const char *status, const char *reason,
                        const char *org, const char *by, int64_t at, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE applications SET status = ?2, reason = ?3, org = ?4, reviewed_by = ?5, "
             "reviewed_at = ?6 WHERE id = ?1 AND status = 'pending'", &st,
             "recording a review", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, at);
    int changed = 0, rc = run(q, st, "recording a review", &changed, e);
    if (rc == 0 && !changed)
        rc = qiao_errf(e, QIAO_ECONFLICT, "application %lld is not pending (already reviewed, "
                       "or no such application)", (long long)id);
    return rc;
}

/* 1 when `sql` with ?1 = v finds a row, 0 when not, negative on error. */
static int found(sq *q, const char *sql, const char *v, char *out, size_t cap, qiao_err *e)
{
    sqlite3_stmt *st;
    if (prep(q, sql, &st, "looking up", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
    int step = sqlite3_step(st), rc;
    if (step == SQLITE_ROW) {
        rc = 1;
        if (out)
            snprintf(out, cap, "%s", col(st, 0));
    } else {
        rc = step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "looking up");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sq_app_pending(store *s, const char *credit_code, const char *login, int *code_taken,
                         int *login_taken, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc;
    if (credit_code && *credit_code) {
        rc = found(q, "SELECT id FROM applications WHERE credit_code = ?1 AND status = 'pending'",
                   credit_code, NULL, 0, e);
        if (rc < 0)
            return rc;
        *code_taken = rc;
    }
    if (login && *login) {
        rc = found(q, "SELECT id FROM applications WHERE login = ?1 AND status = 'pending'",
                   login, NULL, 0, e);
        if (rc < 0)
            return rc;
        *login_taken = rc;
    }
    return 0;
}

int store_sq_org_by_credit_code(store *s, const char *code, char org[65], qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = found(q, "SELECT key FROM org WHERE json_extract(doc, '$.credit_code') = ?1", code,
                   org, 65, e);
    if (rc == 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "no org has credit code %s", code);
    return rc < 0 ? rc : 0;
}

int store_sq_invite_add(store *s, store_invitation *iv, const char *token_hash, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO invitations(token_hash, org, role, email, invited_by, created, "
             "expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, "storing an invitation",
             e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, iv->org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, iv->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, iv->email, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, iv->invited_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, iv->created);
    sqlite3_bind_int64(st, 7, iv->expires);
    int rc = run(q, st, "storing an invitation", NULL, e);
    if (rc == 0)
        iv->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_invite_get(store *s, const char *token_hash, store_invitation *out, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT id, org, role, email, invited_by, created, expires, used_at, login "
             "FROM invitations WHERE token_hash = ?1", &st, "reading an invitation", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        COPY(out->org, 1);
        COPY(out->role, 2);
        COPY(out->email, 3);
        COPY(out->invited_by, 4);
        out->created = sqlite3_column_int64(st, 5);
        out->expires = sqlite3_column_int64(st, 6);
        out->used_at = sqlite3_column_int64(st, 7);
        COPY(out->login, 8);
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no invitation with this link");
    } else {
        rc = store_sq_dberr(q, e, "reading an invitation");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sq_invite_use(store *s, int64_t id, const char *login, int64_t now, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE invitations SET used_at = ?3, login = ?2 WHERE id = ?1 AND used_at = 0",
             &st, "using an invitation", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int changed = 0, rc = run(q, st, "using an invitation", &changed, e);
    if (rc == 0 && !changed)
        rc = qiao_errf(e, QIAO_ECONFLICT, "invitation %lld was used already", (long long)id);
    return rc;
}

int store_sq_org_admin_set(store *s, const char *login, int on, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE users SET org_admin = ?2 WHERE login = ?1", &st,
             "marking an org admin", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, on);
    int changed = 0, rc = run(q, st, "marking an org admin", &changed, e);
    if (rc == 0 && !changed)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no account %s", login);
    return rc;
}

int store_sq_org_admin_get(store *s, const char *login, int *on, qiao_err *e)
{
    sq *q = (sq *)s;
    char v[8] = "";
    int rc = found(q, "SELECT org_admin FROM users WHERE login = ?1", login, v, sizeof v, e);
    if (rc == 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "no account %s", login);
    if (rc < 0)
        return rc;
    *on = v[0] == '1';
    return 0;
}
