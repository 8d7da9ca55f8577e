/* web/visits.c — sign-in times and record change times (web/visits.h). The
 * schema is migrations/011_visits.sql, embedded at build time. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "web/visits.h"

__asm__(".pushsection .rodata\n"
        ".global web_mig_011\n"
        ".hidden web_mig_011\n"
        ".type web_mig_011, @object\n"
        "web_mig_011:\n"
        ".incbin \"migrations/011_visits.sql\"\n"
        ".byte 0\n"
        ".popsection\n");
extern const char web_mig_011[] __attribute__((visibility("hidden")));

static int open_db(const char *path, sqlite3 **db, qiao_err *e)
{
    if (strncmp(path, "sqlite:", 7) == 0)
        path += 7;
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = qiao_errf(e, QIAO_EIO, "%s: cannot open: %s", path,
                           *db ? sqlite3_errmsg(*db) : "out of memory");
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*db, 5000);
    return 0;
}

static int fail(sqlite3 *db, qiao_err *e, const char *what)
{
    return qiao_errf(e, QIAO_EIO, "%s: %s: %s", sqlite3_db_filename(db, "main"), what,
                     sqlite3_errmsg(db));
}

int web_visits_install(const char *path, qiao_err *e)
{
    sqlite3 *db = NULL;
    int rc = open_db(path, &db, e);
    if (rc < 0)
        return rc;
    char *msg = NULL;
    if (sqlite3_exec(db, web_mig_011, NULL, NULL, &msg) != SQLITE_OK) {
        rc = qiao_errf(e, QIAO_EIO, "%s: creating the visit tables: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
    }
    sqlite3_close(db);
    return rc;
}

int web_visit_signed_in(const char *path, const char *login, int64_t now, qiao_err *e)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = open_db(path, &db, e);
    if (rc < 0)
        return rc;
    if (sqlite3_prepare_v2(db, "INSERT INTO web_visits(login, last, previous) VALUES (?1, ?2, 0) "
                           "ON CONFLICT(login) DO UPDATE SET previous = last, last = ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = fail(db, e, "recording a sign-in");
        goto out;
    }
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, e, "recording a sign-in");
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int web_visit_previous(const char *path, const char *login, int64_t *prev, qiao_err *e)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    *prev = 0;
    int rc = open_db(path, &db, e);
    if (rc < 0)
        return rc;
    if (sqlite3_prepare_v2(db, "SELECT previous FROM web_visits WHERE login = ?1", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = fail(db, e, "reading the last visit");
        goto out;
    }
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *prev = sqlite3_column_int64(st, 0);
    else if (s != SQLITE_DONE)
        rc = fail(db, e, "reading the last visit");
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int web_changes_since(const char *path, int64_t since, int limit, web_change_fn fn, void *ud,
                      qiao_err *e)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = open_db(path, &db, e);
    if (rc < 0)
        return rc;
    if (sqlite3_prepare_v2(db, "SELECT kind, key, at FROM web_record_changes WHERE at >= ?1 "
                           "ORDER BY at DESC, kind, key LIMIT ?2", -1, &st, NULL) != SQLITE_OK) {
        rc = fail(db, e, "reading the changed records");
        goto out;
    }
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int(st, 2, limit);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        model_kind k;
        if (model_kind_parse((const char *)sqlite3_column_text(st, 0), &k) < 0)
            continue;
        if ((rc = fn(k, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
                     ud)) != 0)
            goto out;
    }
    if (s != SQLITE_DONE)
        rc = fail(db, e, "reading the changed records");
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}
