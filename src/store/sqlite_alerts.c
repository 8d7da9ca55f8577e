/* store/sqlite_alerts.c — the alerts' state on SQLite (tables of
 * migrations/013_alerts.sql; contract in store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

/* Prepares sql (for this call only); binds text parameters 1..n. */
static int prep(sq *q, const char *sql, sqlite3_stmt **st, const char *const *txt, int n,
                qiao_err *e)
{
    if (sqlite3_prepare_v2(q->db, sql, -1, st, NULL) != SQLITE_OK) {
        qiao_errf(e, QIAO_EIO, "%s: the alerts' tables: %s (run `qiao migrate`)", q->path,
                  sqlite3_errmsg(q->db));
        return QIAO_EIO;
    }
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(*st, i + 1, txt[i], -1, SQLITE_STATIC);
    return 0;
}

int store_sq_alert_pos_get(store *s, const char *name, int64_t *pos, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *v[] = {name};
    if (prep(q, "SELECT pos FROM alert_pos WHERE name = ?1", &st, v, 1, e) < 0)
        return QIAO_EIO;
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *pos = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading the alerts' position");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_alert_pos_set(store *s, const char *name, int64_t pos, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *v[] = {name};
    if (prep(q, "INSERT INTO alert_pos(name, pos) VALUES (?1, ?2) "
                "ON CONFLICT(name) DO UPDATE SET pos = ?2", &st, v, 1, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 2, pos);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0
             : store_sq_dberr(q, e, "keeping the alerts' position");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_alert_mark(store *s, const char *kind, const char *subject, const char *object,
                        int64_t at, int *fresh, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *v[] = {kind, subject, object};
    if (prep(q, "INSERT INTO alert_sent(kind, subject, object, at) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT DO NOTHING", &st, v, 3, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 4, at);
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_DONE)
        *fresh = sqlite3_changes(q->db) > 0;
    else
        rc = store_sq_dberr(q, e, "recording an alert");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_alert_marked(store *s, const char *kind, const char *subject, const char *object,
                          int *yes, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *v[] = {kind, subject, object};
    if (prep(q, "SELECT 1 FROM alert_sent WHERE kind = ?1 AND subject = ?2 AND object = ?3",
             &st, v, 3, e) < 0)
        return QIAO_EIO;
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *yes = 1;
    else if (step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading the alerts sent");
    sqlite3_finalize(st);
    return rc;
}

int store_sq_alert_bar_get(store *s, const char *demand, float *scores, size_t cap, size_t *n,
                           qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *v[] = {demand};
    if (prep(q, "SELECT scores FROM alert_bars WHERE demand = ?1", &st, v, 1, e) < 0)
        return QIAO_EIO;
    int rc = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        char *end;
        while (p && *n < cap) {
            float f = strtof(p, &end);
            if (end == p)
                break;
            scores[(*n)++] = f;
            p = end;
        }
    } else if (step == SQLITE_DONE) {
        rc = QIAO_ENOTFOUND;
        qiao_errf(e, rc, "no kept scores for demand %.64s", demand);
    } else {
        rc = store_sq_dberr(q, e, "reading a demand's kept scores");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sq_alert_bar_put(store *s, const char *demand, const float *scores, size_t n,
                           int64_t at, qiao_err *e)
{
    sq *q = (sq *)s;
    char text[100 * 20 + 1];
    size_t len = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n && len + 20 < sizeof text; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%.9g", i ? " " : "",
                                (double)scores[i]);
    sqlite3_stmt *st;
    const char *v[] = {demand, text};
    if (prep(q, "INSERT INTO alert_bars(demand, scores, at) VALUES (?1, ?2, ?3) "
                "ON CONFLICT(demand) DO UPDATE SET scores = ?2, at = ?3", &st, v, 2, e) < 0)
        return QIAO_EIO;
    sqlite3_bind_int64(st, 3, at);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0
             : store_sq_dberr(q, e, "keeping a demand's best scores");
    sqlite3_finalize(st);
    return rc;
}
