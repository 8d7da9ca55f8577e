/* store/sqlite_interest.c — interests, their messages, dismissals and signing
 * proposals on SQLite (tables of migrations/010_interests.sql; contract in
 * store.h). Every statement is prepared for its call, so that a callback may
 * use the store again; these are rare, small writes and reads. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_int.h"

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

static void cpy(char *dst, size_t n, sqlite3_stmt *st, int i)
{
    snprintf(dst, n, "%s", col(st, i));
}

#define CPY(field, i) cpy(field, sizeof field, st, i)

static int prep(sq *q, const char *sql, sqlite3_stmt **st, const char *what, qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
}

/* Steps a one-shot write and finalizes it. */
static int exec1(sq *q, sqlite3_stmt *st, const char *what, qiao_err *e)
{
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return store_sq_dberr(q, e, what);
    return 0;
}

static void bind_s(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

#define ICOLS "id, from_login, from_org, kind, target, to_org, via_kind, via, status, reason, " \
              "decided_by, created, updated, proposed_by, project"

static void read_interest(sqlite3_stmt *st, store_interest *i)
{
    memset(i, 0, sizeof *i);
    i->id = sqlite3_column_int64(st, 0);
    CPY(i->from_login, 1);
    CPY(i->from_org, 2);
    CPY(i->kind, 3);
    CPY(i->target, 4);
    CPY(i->to_org, 5);
    CPY(i->via_kind, 6);
    CPY(i->via, 7);
    CPY(i->status, 8);
    CPY(i->reason, 9);
    CPY(i->decided_by, 10);
    i->created = sqlite3_column_int64(st, 11);
    i->updated = sqlite3_column_int64(st, 12);
    CPY(i->proposed_by, 13);
    CPY(i->project, 14);
}

int store_sq_interest_add(store *s, store_interest *i, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO interests(from_login, from_org, kind, target, to_org, via_kind, "
             "via, status, reason, decided_by, created, updated, proposed_by, project) VALUES "
             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", &st,
             "storing an interest", e))
        return QIAO_EIO;
    bind_s(st, 1, i->from_login);
    bind_s(st, 2, i->from_org);
    bind_s(st, 3, i->kind);
    bind_s(st, 4, i->target);
    bind_s(st, 5, i->to_org);
    bind_s(st, 6, i->via_kind);
    bind_s(st, 7, i->via);
    bind_s(st, 8, i->status);
    bind_s(st, 9, i->reason);
    bind_s(st, 10, i->decided_by);
    sqlite3_bind_int64(st, 11, i->created);
    sqlite3_bind_int64(st, 12, i->updated);
    bind_s(st, 13, i->proposed_by);
    bind_s(st, 14, i->project);
    int rc = exec1(q, st, "storing an interest", e);
    if (rc == 0)
        i->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_interest_get(store *s, int64_t id, store_interest *out, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT " ICOLS " FROM interests WHERE id = ?1", &st, "reading an interest", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW)
        read_interest(st, out);
    else if (step == SQLITE_DONE)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "没有编号为 %lld 的合作意向", (long long)id);
    else
        rc = store_sq_dberr(q, e, "reading an interest");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_interest_update(store *s, const store_interest *i, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "UPDATE interests SET status = ?2, reason = ?3, decided_by = ?4, updated = ?5, "
             "proposed_by = ?6, project = ?7 WHERE id = ?1", &st, "updating an interest", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, i->id);
    bind_s(st, 2, i->status);
    bind_s(st, 3, i->reason);
    bind_s(st, 4, i->decided_by);
    sqlite3_bind_int64(st, 5, i->updated ? i->updated : (int64_t)time(NULL));
    bind_s(st, 6, i->proposed_by);
    bind_s(st, 7, i->project);
    int rc = exec1(q, st, "updating an interest", e);
    if (rc == 0 && sqlite3_changes(q->db) == 0)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "没有编号为 %lld 的合作意向", (long long)i->id);
    return rc;
}

/* The WHERE clause of f, its values bound as ?1..?6 (absent ones are NULL and
 * the clause lets them pass). */
#define IWHERE " WHERE (?1 IS NULL OR from_login = ?1 OR from_org = ?1 OR to_org = ?1)"      \
               " AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR target = ?3)"           \
               " AND (?4 IS NULL OR status = ?4 OR (?4 = 'live' AND status IN "           \
               "('open', 'accepted'))) AND (?5 IS NULL OR from_login = ?5)"               \
               " AND created >= ?6 AND (?8 = 0 OR id < ?8)"

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_filter(sqlite3_stmt *st, const store_interest_filter *f)
{
    bind_opt(st, 1, f->party);
    bind_opt(st, 2, f->kind);
    bind_opt(st, 3, f->target);
    bind_opt(st, 4, f->status);
    bind_opt(st, 5, f->from_login);
    sqlite3_bind_int64(st, 6, f->since);
    sqlite3_bind_int64(st, 8, f->before);
}

/* The list's SQL (count: the count(*) of it). IWHERE lets every absent value
 * pass, which no index can answer; a party, or a record, also narrows the
 * rows by index first (interests_from, interests_from_org, interests_to_org;
 * interests_target), so that an account's page reads only its interests. */
void store_sq_interest_list_sql(const store_interest_filter *f, int count, buf *sql)
{
    buf_puts(sql, count ? "SELECT count(*) FROM interests" IWHERE
                        : "SELECT " ICOLS " FROM interests" IWHERE);
    if (f->party && *f->party)
        buf_puts(sql, " AND id IN (SELECT id FROM interests WHERE from_login = ?1 UNION ALL "
                      "SELECT id FROM interests WHERE from_org = ?1 UNION ALL "
                      "SELECT id FROM interests WHERE to_org = ?1)");
    else if (f->kind && *f->kind && f->target && *f->target)
        buf_puts(sql, " AND kind = ?2 AND target = ?3");
    if (!count)
        buf_puts(sql, " ORDER BY id DESC LIMIT ?7");
}

int store_sq_interest_list(store *s, const store_interest_filter *f, int64_t limit,
                           store_interest_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    int rc = 0, step;
    buf sql = {0};
    if (total) {
        store_sq_interest_list_sql(f, 1, &sql);
        rc = prep(q, buf_cstr(&sql), &st, "counting interests", e);
        buf_free(&sql);
        if (rc)
            return QIAO_EIO;
        bind_filter(st, f);
        if (sqlite3_step(st) == SQLITE_ROW)
            *total = sqlite3_column_int64(st, 0);
        else
            rc = store_sq_dberr(q, e, "counting interests");
        sqlite3_finalize(st);
        if (rc || limit == 0)
            return rc;
    }
    store_sq_interest_list_sql(f, 0, &sql);
    rc = prep(q, buf_cstr(&sql), &st, "listing interests", e);
    buf_free(&sql);
    if (rc)
        return QIAO_EIO;
    bind_filter(st, f);
    sqlite3_bind_int64(st, 7, limit);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_interest i;
        read_interest(st, &i);
        rc = fn(&i, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing interests");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_message_add(store *s, store_message *m, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT INTO interest_messages(interest, login, body, created) "
             "VALUES (?1, ?2, ?3, ?4)", &st, "storing a message", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, m->interest);
    bind_s(st, 2, m->login);
    bind_s(st, 3, m->body);
    sqlite3_bind_int64(st, 4, m->created);
    int rc = exec1(q, st, "storing a message", e);
    if (rc == 0)
        m->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_message_list(store *s, int64_t interest, store_message_fn fn, void *ud,
                          qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT id, interest, login, body, created FROM interest_messages "
             "WHERE interest = ?1 ORDER BY id", &st, "reading messages", e))
        return QIAO_EIO;
    sqlite3_bind_int64(st, 1, interest);
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_message m = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                           col(st, 2), col(st, 3), sqlite3_column_int64(st, 4)};
        rc = fn(&m, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading messages");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_dismissal_put(store *s, store_dismissal *d, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT OR REPLACE INTO dismissals(org, kind, target, via_kind, via, reason, "
             "note, login, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st,
             "storing a dismissal", e))
        return QIAO_EIO;
    bind_s(st, 1, d->org);
    bind_s(st, 2, d->kind);
    bind_s(st, 3, d->target);
    bind_s(st, 4, d->via_kind);
    bind_s(st, 5, d->via);
    bind_s(st, 6, d->reason);
    bind_s(st, 7, d->note);
    bind_s(st, 8, d->login);
    sqlite3_bind_int64(st, 9, d->created);
    int rc = exec1(q, st, "storing a dismissal", e);
    if (rc == 0)
        d->id = sqlite3_last_insert_rowid(q->db);
    return rc;
}

int store_sq_dismissal_del(store *s, const char *org, const char *kind, const char *target,
                           int *removed, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "DELETE FROM dismissals WHERE org = ?1 AND kind = ?2 AND target = ?3", &st,
             "removing a dismissal", e))
        return QIAO_EIO;
    bind_s(st, 1, org);
    bind_s(st, 2, kind);
    bind_s(st, 3, target);
    int rc = exec1(q, st, "removing a dismissal", e);
    *removed = rc == 0 && sqlite3_changes(q->db) > 0;
    return rc;
}

/* The dismissal list's SQL: an org's by its UNIQUE (org, kind, target), a
 * record's by dismissals_target (the catch-all clause alone reads every row). */
void store_sq_dismissal_list_sql(const char *org, const char *kind, const char *target, buf *sql)
{
    buf_puts(sql, "SELECT id, org, kind, target, via_kind, via, reason, note, login, created "
                  "FROM dismissals WHERE (?1 IS NULL OR org = ?1) AND (?2 IS NULL OR kind = ?2) "
                  "AND (?3 IS NULL OR target = ?3)");
    if (org && *org)
        buf_puts(sql, " AND org = ?1");
    if (kind && *kind && target && *target)
        buf_puts(sql, " AND kind = ?2 AND target = ?3");
    buf_puts(sql, " ORDER BY created DESC, id DESC");
}

int store_sq_dismissal_list(store *s, const char *org, const char *kind, const char *target,
                            store_dismissal_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    buf sql = {0};
    store_sq_dismissal_list_sql(org, kind, target, &sql);
    int bad = prep(q, buf_cstr(&sql), &st, "reading dismissals", e);
    buf_free(&sql);
    if (bad)
        return QIAO_EIO;
    bind_opt(st, 1, org);
    bind_opt(st, 2, kind);
    bind_opt(st, 3, target);
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        store_dismissal d = {
            .id = sqlite3_column_int64(st, 0), .org = col(st, 1), .kind = col(st, 2),
            .target = col(st, 3), .via_kind = col(st, 4), .via = col(st, 5),
            .reason = col(st, 6), .note = col(st, 7), .login = col(st, 8),
            .created = sqlite3_column_int64(st, 9),
        };
        rc = fn(&d, ud);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading dismissals");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_sign_put(store *s, const store_sign *p, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "INSERT OR REPLACE INTO sign_proposals(project, stage, party, login, at, "
             "signed_on, mode, agreement, amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
             &st, "storing a signing proposal", e))
        return QIAO_EIO;
    bind_s(st, 1, p->project);
    bind_s(st, 2, p->stage);
    bind_s(st, 3, p->party);
    bind_s(st, 4, p->login);
    sqlite3_bind_int64(st, 5, p->at);
    bind_s(st, 6, p->signed_on);
    bind_s(st, 7, p->mode);
    bind_s(st, 8, p->agreement);
    if (p->has_amount)
        sqlite3_bind_int64(st, 9, p->amount);
    else
        sqlite3_bind_null(st, 9);
    return exec1(q, st, "storing a signing proposal", e);
}

int store_sq_sign_get(store *s, const char *project, store_sign *out, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "SELECT project, stage, party, login, at, signed_on, mode, agreement, amount "
             "FROM sign_proposals WHERE project = ?1", &st, "reading a signing proposal", e))
        return QIAO_EIO;
    bind_s(st, 1, project);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW) {
        CPY(out->project, 0);
        CPY(out->stage, 1);
        CPY(out->party, 2);
        CPY(out->login, 3);
        out->at = sqlite3_column_int64(st, 4);
        CPY(out->signed_on, 5);
        CPY(out->mode, 6);
        CPY(out->agreement, 7);
        out->has_amount = sqlite3_column_type(st, 8) != SQLITE_NULL;
        out->amount = sqlite3_column_int64(st, 8);
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "project %s has no pending signing", project);
    } else {
        rc = store_sq_dberr(q, e, "reading a signing proposal");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sq_sign_del(store *s, const char *project, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (prep(q, "DELETE FROM sign_proposals WHERE project = ?1", &st,
             "removing a signing proposal", e))
        return QIAO_EIO;
    bind_s(st, 1, project);
    return exec1(q, st, "removing a signing proposal", e);
}
