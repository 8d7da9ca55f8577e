/* store/sqlite_managers.c — technology managers authorised to act for an org
 * on SQLite (table org_managers of migrations/014_managers.sql; contract in
 * store.h). Rare writes, prepared per call; reads (on every request of a
 * technology manager) by index, kept prepared (store_sq_stmt_get). */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

int store_sq_manager_set(store *s, const store_manager *m, int on, int *changed, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *sql = on ? "INSERT OR IGNORE INTO org_managers (org, login, granted_by, granted_at) "
                           "VALUES (?1, ?2, ?3, ?4)"
                         : "DELETE FROM org_managers WHERE org = ?1 AND login = ?2";
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "writing a technology manager");
    sqlite3_bind_text(st, 1, m->org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, m->login, -1, SQLITE_STATIC);
    if (on) {
        sqlite3_bind_text(st, 3, m->granted_by, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, m->granted_at);
    }
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0
             : store_sq_dberr(q, e, "writing a technology manager");
    if (rc == 0 && changed)
        *changed = sqlite3_changes(q->db) > 0;
    sqlite3_finalize(st);
    return rc;
}

int store_sq_manager_list(store *s, const char *org, const char *login, store_manager_fn fn,
                          void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    /* one shape per question, each answered by an index (the primary key,
     * or org_managers_login for a login's grants, asked on every request of
     * a technology manager); kept prepared */
    static const char *const sql[4] = {
        "SELECT org, login, granted_by, granted_at FROM org_managers ORDER BY org, login",
        "SELECT org, login, granted_by, granted_at FROM org_managers WHERE org = ?1 "
        "ORDER BY org, login",
        "SELECT org, login, granted_by, granted_at FROM org_managers WHERE login = ?2 "
        "ORDER BY org, login",
        "SELECT org, login, granted_by, granted_at FROM org_managers WHERE org = ?1 "
        "AND login = ?2",
    };
    int slot;
    sqlite3_stmt *st = store_sq_stmt_get(q, sql[(org ? 1 : 0) | (login ? 2 : 0)], &slot, e);
    if (!st)
        return QIAO_EIO;
    if (org)
        sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    if (login)
        sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_manager m;
        memset(&m, 0, sizeof m);
        snprintf(m.org, sizeof m.org, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(m.login, sizeof m.login, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(m.granted_by, sizeof m.granted_by, "%s", (const char *)sqlite3_column_text(st, 2));
        m.granted_at = sqlite3_column_int64(st, 3);
        if (fn && fn(&m, ud))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading technology managers");
    store_sq_stmt_put(q, st, slot);
    return rc;
}
