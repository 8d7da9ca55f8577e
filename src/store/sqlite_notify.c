/* store/sqlite_notify.c — accounts by org, in-app notifications and the mail
 * outbox on SQLite (tables of migrations/008_notify.sql; contract in
 * store.h). Lists are prepared for each call, so that a callback may use the
 * store again; the small single-row statements are kept. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char *const sn_sql[SN_N] = {
    [SN_ADD] = "INSERT INTO notices(login, kind, title, body, link, created) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SN_UNREAD] = "SELECT count(*) FROM notices WHERE login = ?1 AND read_at = 0",
    [SN_READ_ONE] = "UPDATE notices SET read_at = ?3 WHERE login = ?1 AND id = ?2 "
                    "AND read_at = 0",
    [SN_READ_ALL] = "UPDATE notices SET read_at = ?2 WHERE login = ?1 AND read_at = 0",
    [SN_MAIL_ADD] = "INSERT INTO mail_outbox(to_addr, subject, body, link, kind, login, created, "
                    "next_at, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SN_MAIL_SENT] = "UPDATE mail_outbox SET sent_at = ?2, attempts = attempts + 1, "
                     "claimed_until = 0 WHERE id = ?1 AND sent_at = 0",
    [SN_MAIL_FAILED] = "UPDATE mail_outbox SET attempts = attempts + 1, next_at = ?2, "
                       "claimed_until = 0, last_error = substr(?3, 1, 500) "
                       "WHERE id = ?1 AND sent_at = 0",
};

void store_sq_notify_unprepare(sq *q)
{
    store_sq_finalize(q->sn, SN_N);
}

static sqlite3_stmt *stmt(sq *q, int which, qiao_err *e)
{
    return store_sq_stmt(q, q->sn, sn_sql, which, e);
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

void store_sq_user_contact(sqlite3_stmt *st, int c, store_user *u)
{
    snprintf(u->email, sizeof u->email, "%s", col(st, c));
    snprintf(u->name, sizeof u->name, "%s", col(st, c + 1));
    snprintf(u->phone, sizeof u->phone, "%s", col(st, c + 2));
}

/* Steps a kept single-row write; 0 or an error naming `what`. *changed (may
 * be NULL) tells whether a row changed. */
static int run(sq *q, sqlite3_stmt *st, const char *what, int *changed, qiao_err *e)
{
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return store_sq_dberr(q, e, what);
    if (changed)
        *changed = sqlite3_changes(q->db) > 0;
    return 0;
}

int store_sq_users_scan(store *s, const char *org, store_user_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *sql = org ? "SELECT id, login, pwhash, role, coalesce(org, ''), created, email, "
                            "name, phone FROM users WHERE org = ?1 ORDER BY login"
                          : "SELECT id, login, pwhash, role, coalesce(org, ''), created, email, "
                            "name, phone FROM users ORDER BY login";
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "listing accounts");
    if (org)
        sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_user u = {0};
        u.id = sqlite3_column_int64(st, 0);
        snprintf(u.login, sizeof u.login, "%s", col(st, 1));
        snprintf(u.pwhash, sizeof u.pwhash, "%s", col(st, 2));
        snprintf(u.role, sizeof u.role, "%s", col(st, 3));
        snprintf(u.org, sizeof u.org, "%s", col(st, 4));
        snprintf(u.created, sizeof u.created, "%s", col(st, 5));
        store_sq_user_contact(st, 6, &u);
        rc = fn(&u, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing accounts");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_notice_add(store *s, store_notice *n, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SN_ADD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, n->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, n->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, n->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, n->body ? n->body : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, n->link ? n->link : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, n->created);
    int rc = run(q, st, "storing a notification", NULL, e);
    if (rc == 0)
        n->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_notice_list(store *s, const char *login, int unread_only, int64_t offset,
                         int64_t limit, store_notice_fn fn, void *ud, int64_t *total,
                         qiao_err *e)
{
    sq *q = (sq *)s;
    const char *where = unread_only ? "login = ?1 AND read_at = 0" : "login = ?1";
    char sql[256];
    sqlite3_stmt *st;
    int rc = 0, step;
    if (total) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM notices WHERE %s", where);
        if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
            return store_sq_dberr(q, e, "counting notifications");
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = store_sq_dberr(q, e, "counting notifications");
        sqlite3_finalize(st);
        if (rc)
            return rc;
    }
    snprintf(sql, sizeof sql, "SELECT id, login, kind, title, body, link, created, read_at "
             "FROM notices WHERE %s ORDER BY id DESC LIMIT ?2 OFFSET ?3", where);
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "listing notifications");
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_notice n = {
            .id = sqlite3_column_int64(st, 0), .login = col(st, 1), .kind = col(st, 2),
            .title = col(st, 3), .body = col(st, 4), .link = col(st, 5),
            .created = sqlite3_column_int64(st, 6), .read_at = sqlite3_column_int64(st, 7),
        };
        rc = fn(&n, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing notifications");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_notice_unread(store *s, const char *login, int64_t *n, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SN_UNREAD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = store_sq_dberr(q, e, "counting unread notifications");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int store_sq_notice_mark_read(store *s, const char *login, int64_t id, int64_t now,
                              qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, id ? SN_READ_ONE : SN_READ_ALL, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    if (id) {
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_int64(st, 3, now);
    } else {
        sqlite3_bind_int64(st, 2, now);
    }
    int changed = 0, rc = run(q, st, "marking notifications read", &changed, e);
    if (rc || !id || changed)
        return rc;
    /* nothing changed: already read, or not this login's */
    sqlite3_stmt *chk;
    if (sqlite3_prepare_v2(q->db, "SELECT 1 FROM notices WHERE login = ?1 AND id = ?2", -1, &chk,
                           NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading a notification");
    sqlite3_bind_text(chk, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(chk, 2, id);
    int step = sqlite3_step(chk);
    sqlite3_finalize(chk);
    if (step == SQLITE_ROW)
        return 0;
    if (step == SQLITE_DONE)
        return qiao_errf(e, QIAO_ENOTFOUND, "no notification %lld for %s", (long long)id, login);
    return store_sq_dberr(q, e, "reading a notification");
}

int store_sq_mail_add(store *s, store_mail *m, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SN_MAIL_ADD, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, m->to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, m->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->body, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->link ? m->link : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, m->kind ? m->kind : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, m->login ? m->login : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, m->created);
    sqlite3_bind_int64(st, 8, m->next_at);
    sqlite3_bind_int(st, 9, m->digest ? 1 : 0);
    int rc = run(q, st, "queueing a mail", NULL, e);
    if (rc == 0)
        m->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_mail_due(store *s, int64_t now, int64_t limit, store_mail_fn fn, void *ud,
                      qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT id, to_addr, subject, body, link, kind, login, "
                           "created, next_at, sent_at, attempts, last_error FROM mail_outbox "
                           "WHERE sent_at = 0 AND digest = 0 AND next_at <= ?1 "
                           "ORDER BY next_at, id LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading the outbox");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, limit);
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_mail m = {
            .id = sqlite3_column_int64(st, 0), .to = col(st, 1), .subject = col(st, 2),
            .body = col(st, 3), .link = col(st, 4), .kind = col(st, 5), .login = col(st, 6),
            .created = sqlite3_column_int64(st, 7), .next_at = sqlite3_column_int64(st, 8),
            .sent_at = sqlite3_column_int64(st, 9), .attempts = sqlite3_column_int(st, 10),
            .last_error = col(st, 11),
        };
        rc = fn(&m, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading the outbox");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_mail_sent(store *s, int64_t id, int64_t now, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SN_MAIL_SENT, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return run(q, st, "marking a mail sent", NULL, e);
}

int store_sq_mail_failed(store *s, int64_t id, int64_t next_at, const char *error, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st = stmt(q, SN_MAIL_FAILED, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, next_at);
    sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
    return run(q, st, "recording a failed mail", NULL, e);
}
