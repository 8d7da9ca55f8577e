/* store/sqlite_mail.c — mail preferences, claiming the outbox, the digest's
 * held mails and the server's keys on SQLite (migrations/009_mail.sql;
 * contract in store.h). Every statement is prepared for its call: these run
 * a few times a second at most, and a callback may use the store again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

#define MAIL_COLS "id, to_addr, subject, body, link, kind, login, created, next_at, sent_at, " \
                  "attempts, last_error, digest"

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

static store_mail row(sqlite3_stmt *st)
{
    return (store_mail){
        .id = sqlite3_column_int64(st, 0), .to = col(st, 1), .subject = col(st, 2),
        .body = col(st, 3), .link = col(st, 4), .kind = col(st, 5), .login = col(st, 6),
        .created = sqlite3_column_int64(st, 7), .next_at = sqlite3_column_int64(st, 8),
        .sent_at = sqlite3_column_int64(st, 9), .attempts = sqlite3_column_int(st, 10),
        .last_error = col(st, 11), .digest = sqlite3_column_int(st, 12),
    };
}

static int prep(sq *q, const char *sql, sqlite3_stmt **st, const char *what, qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
}

/* Steps st to its end (a write); finalizes it. */
static int exec(sq *q, sqlite3_stmt *st, const char *what, qiao_err *e)
{
    int step = sqlite3_step(st);
    int rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0 : store_sq_dberr(q, e, what);
    sqlite3_finalize(st);
    return rc;
}

/* Calls fn for each row of st (mail columns), then finalizes st. */
static int each_mail(sq *q, sqlite3_stmt *st, store_mail_fn fn, void *ud, const char *what,
                     qiao_err *e)
{
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_mail m = row(st);
        rc = fn(&m, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, what);
    sqlite3_finalize(st);
    return rc;
}

int store_sq_pref_get(store *s, const char *login, const char *kind, int *mail, int *digest,
                      qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT mail, digest FROM notify_prefs WHERE login = ?1 AND kind = ?2", &st,
             "reading mail preferences", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW) {
        *mail = sqlite3_column_int(st, 0) != 0;
        *digest = sqlite3_column_int(st, 1) != 0;
    } else if (step != SQLITE_DONE) {
        rc = store_sq_dberr(q, e, "reading mail preferences");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sq_pref_set(store *s, const char *login, const char *kind, int mail, int digest,
                      qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO notify_prefs(login, kind, mail, digest) VALUES (?1, ?2, ?3, ?4) "
             "ON CONFLICT(login, kind) DO UPDATE SET mail = excluded.mail, "
             "digest = excluded.digest", &st, "saving mail preferences", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, mail);
    sqlite3_bind_int(st, 4, digest);
    return exec(q, st, "saving mail preferences", e);
}

/* A claimed mail copied out of the claiming statement. */
typedef struct held_copy {
    store_mail m;
    char *strs[6];
} held_copy;

static char *dup(const char *s) { return qiao_strdup(s ? s : ""); }

static int cmp_due(const void *a, const void *b)
{
    const store_mail *x = &((const held_copy *)a)->m, *y = &((const held_copy *)b)->m;
    if (x->next_at != y->next_at)
        return x->next_at < y->next_at ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int store_sq_mail_claim(store *s, int64_t now, int64_t until, int64_t limit, store_mail_fn fn,
                        void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    /* one statement picks and leases: no other sender can pick the same rows */
    if (prep(q, "UPDATE mail_outbox SET claimed_until = ?2 WHERE id IN (SELECT id FROM "
             "mail_outbox WHERE sent_at = 0 AND digest = 0 AND next_at <= ?1 AND "
             "claimed_until <= ?1 ORDER BY next_at, id LIMIT ?3) RETURNING " MAIL_COLS, &st,
             "claiming mail of the outbox", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, until);
    sqlite3_bind_int64(st, 3, limit);
    held_copy *v = qiao_calloc((size_t)limit, sizeof *v);
    size_t n = 0;
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
        held_copy *h = &v[n++];
        h->m = row(st);
        h->m.to = h->strs[0] = dup(h->m.to);
        h->m.subject = h->strs[1] = dup(h->m.subject);
        h->m.body = h->strs[2] = dup(h->m.body);
        h->m.link = h->strs[3] = dup(h->m.link);
        h->m.kind = h->strs[4] = dup(h->m.kind);
        h->m.login = h->strs[5] = dup(h->m.login);
        h->m.last_error = "";
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        rc = store_sq_dberr(q, e, "claiming mail of the outbox");
    sqlite3_finalize(st);
    qsort(v, n, sizeof *v, cmp_due);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = fn(&v[i].m, ud);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 6; j++)
            free(v[i].strs[j]);
    free(v);
    return rc;
}

int store_sq_mail_held(store *s, int64_t before, store_mail_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT " MAIL_COLS " FROM mail_outbox WHERE sent_at = 0 AND digest = 1 AND "
             "created < ?1 ORDER BY login, id", &st, "reading the digest's mails", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, before);
    return each_mail(q, st, fn, ud, "reading the digest's mails", e);
}

int store_sq_mail_held_done(store *s, const char *login, int64_t upto, int64_t now, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE mail_outbox SET sent_at = ?3, last_error = '' WHERE login = ?1 AND "
             "id <= ?2 AND sent_at = 0 AND digest = 1", &st, "closing the digest's mails", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, upto);
    sqlite3_bind_int64(st, 3, now);
    return exec(q, st, "closing the digest's mails", e);
}

int store_sq_mail_list(store *s, int pending_only, int64_t limit, store_mail_fn fn, void *ud,
                       qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, pending_only ? "SELECT " MAIL_COLS " FROM mail_outbox WHERE sent_at = 0 "
                               "ORDER BY id DESC LIMIT ?1"
                             : "SELECT " MAIL_COLS " FROM mail_outbox ORDER BY id DESC LIMIT ?1",
             &st, "listing the outbox", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, limit);
    return each_mail(q, st, fn, ud, "listing the outbox", e);
}

int store_sq_notice_get(store *s, const char *login, int64_t id, store_notice_fn fn, void *ud,
                        qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT id, login, kind, title, body, link, created, read_at FROM notices "
             "WHERE login = ?1 AND id = ?2", &st, "reading a notification", e) < 0)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int step = sqlite3_step(st), rc;
    if (step == SQLITE_ROW) {
        store_notice n = {
            .id = sqlite3_column_int64(st, 0), .login = col(st, 1), .kind = col(st, 2),
            .title = col(st, 3), .body = col(st, 4), .link = col(st, 5),
            .created = sqlite3_column_int64(st, 6), .read_at = sqlite3_column_int64(st, 7),
        };
        rc = fn(&n, ud);
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no notification %lld for %s", (long long)id, login);
    } else {
        rc = store_sq_dberr(q, e, "reading a notification");
    }
    sqlite3_finalize(st);
    return rc;
}
