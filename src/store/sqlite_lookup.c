/* store/sqlite_lookup.c — the pages' lookups on SQLite (contract in
 * store.h; tables and indexes of migrations/001, 006 and 016): each one a
 * single statement with bound values that reads only the rows it answers
 * with, through an index (tests/unit/test_store_lookup.c checks the plans).
 * Statements come from the handle's cache (store_sq_stmt_get). */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* Runs st (bound) and calls fn with the record of each row's column 0. */
static int each_record(sq *q, sqlite3_stmt *st, store_scan_fn fn, void *ud, const char *what,
                       qiao_err *e)
{
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        model_record r;
        rc = model_from_canonical((const char *)sqlite3_column_text(st, 0),
                                  (size_t)sqlite3_column_bytes(st, 0), &r, e);
        if (rc)
            return rc;
        rc = fn(&r, ud);
        model_record_clear(&r);
        if (rc)
            return rc;
    }
    return step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, what);
}

static const char *const lookup_sql[SQ_LOOKUP_N] = {
    /* the index (published, key) read backwards from the newest, stopping at
     * `day` or after `limit` rows that pass */
    [SQ_LOOKUP_ACH_SINCE] =
        "SELECT doc FROM achievement WHERE published >= ?1 AND (?2 IS NULL OR status = ?3 "
        "OR org = ?2) ORDER BY published DESC, key DESC LIMIT ?4",
    [SQ_LOOKUP_DEM_SINCE] =
        "SELECT doc FROM demand WHERE published >= ?1 AND (?2 IS NULL OR status = ?3 "
        "OR org = ?2) ORDER BY published DESC, key DESC LIMIT ?4",
    [SQ_LOOKUP_PAIR] =
        "SELECT key FROM project WHERE achievement = ?1 AND demand = ?2 ORDER BY key LIMIT 1",
    /* the org's own part, and its persons' (person_org, then by party) */
    [SQ_LOOKUP_ORG_PROJECTS] =
        "SELECT doc FROM project WHERE key IN ("
        "SELECT project FROM project_parties WHERE party = ?1 UNION "
        "SELECT pp.project FROM person pe JOIN project_parties pp ON pp.party = pe.key "
        "WHERE pe.org = ?1) ORDER BY key",
    /* registration_event, meeting_request_event, project_event */
    [SQ_LOOKUP_EV_REGISTRATION] = "SELECT doc FROM registration WHERE event = ?1 ORDER BY key",
    [SQ_LOOKUP_EV_MEETING_REQUEST] =
        "SELECT doc FROM meeting_request WHERE event = ?1 ORDER BY key",
    [SQ_LOOKUP_EV_PROJECT] = "SELECT doc FROM project WHERE event = ?1 ORDER BY key",
};

const char *store_sq_lookup_sql(int which)
{
    return which >= 0 && which < SQ_LOOKUP_N ? lookup_sql[which] : NULL;
}

int store_sq_published_since(store *s, model_kind k, const char *day, const char *org,
                             int64_t limit, store_scan_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    int slot;
    sqlite3_stmt *st = store_sq_stmt_get(
        q, lookup_sql[k == MODEL_ACHIEVEMENT ? SQ_LOOKUP_ACH_SINCE : SQ_LOOKUP_DEM_SINCE], &slot,
        e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    if (org)
        sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, k == MODEL_ACHIEVEMENT ? "published" : "open", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, limit);
    int rc = each_record(q, st, fn, ud, "listing the records published since a day", e);
    store_sq_stmt_put(q, st, slot);
    return rc;
}

int store_sq_project_of_pair(store *s, const char *achievement, const char *demand,
                             char key[MODEL_KEY_MAX], qiao_err *e)
{
    sq *q = (sq *)s;
    int slot;
    sqlite3_stmt *st = store_sq_stmt_get(q, lookup_sql[SQ_LOOKUP_PAIR], &slot, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, achievement, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, demand, -1, SQLITE_STATIC);
    int rc, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(key, MODEL_KEY_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 1;
    } else {
        rc = step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "finding a match's project");
    }
    store_sq_stmt_put(q, st, slot);
    return rc;
}

int store_sq_projects_of_org(store *s, const char *org, store_scan_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    int slot;
    sqlite3_stmt *st = store_sq_stmt_get(q, lookup_sql[SQ_LOOKUP_ORG_PROJECTS], &slot, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    int rc = each_record(q, st, fn, ud, "listing an org's projects", e);
    store_sq_stmt_put(q, st, slot);
    return rc;
}

int store_sq_event_records(store *s, model_kind k, const char *event, store_scan_fn fn, void *ud,
                           qiao_err *e)
{
    sq *q = (sq *)s;
    int which = k == MODEL_REGISTRATION ? SQ_LOOKUP_EV_REGISTRATION
                : k == MODEL_MEETING_REQUEST ? SQ_LOOKUP_EV_MEETING_REQUEST : SQ_LOOKUP_EV_PROJECT;
    int slot;
    sqlite3_stmt *st = store_sq_stmt_get(q, lookup_sql[which], &slot, e);
    if (!st)
        return QIAO_EIO;
    sqlite3_bind_text(st, 1, event, -1, SQLITE_STATIC);
    int rc = each_record(q, st, fn, ud, "listing an event's records", e);
    store_sq_stmt_put(q, st, slot);
    return rc;
}

/* A loose index scan: the distinct values of `col` in `from` (rows passing
 * `cond`) as CTE `name`, one index seek per value instead of one row read
 * per record. Only fixed names go into the SQL text. */
static void distinct_cte(buf *b, const char *name, const char *col, const char *from,
                         const char *cond)
{
    buf_printf(b, "%s(v) AS (SELECT (SELECT %s FROM %s WHERE %s%s > '' ORDER BY %s LIMIT 1) "
                  "UNION ALL SELECT (SELECT %s FROM %s WHERE %s%s > %s.v ORDER BY %s LIMIT 1) "
                  "FROM %s WHERE %s.v IS NOT NULL)",
               name, col, from, cond, col, col, col, from, cond, col, name, col, name, name);
}

void store_sq_tags_sql(const char *what, buf *sql)
{
    static const char *const kinds[] = {"org", "achievement", "demand"};
    bool zone = strcmp(what, "zone") == 0;
    buf_puts(sql, "WITH RECURSIVE ");
    for (int i = 0; i < 3; i++) {
        char name[16], cond[64];
        snprintf(name, sizeof name, "t%d", i);
        if (i)
            buf_puts(sql, ", ");
        if (zone) {
            distinct_cte(sql, name, "zone", kinds[i], "");
        } else {
            snprintf(cond, sizeof cond, "kind = '%s' AND ", kinds[i]);
            distinct_cte(sql, name, "chain", "record_chains", cond);
        }
    }
    buf_puts(sql, " SELECT v FROM t0 WHERE v IS NOT NULL UNION SELECT v FROM t1 WHERE v IS NOT "
                  "NULL UNION SELECT v FROM t2 WHERE v IS NOT NULL ORDER BY 1");
}

int store_sq_record_tags(store *s, const char *what, store_value_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    buf sql = {0};
    store_sq_tags_sql(what, &sql);
    int slot, rc = 0, step;
    sqlite3_stmt *st = store_sq_stmt_get(q, buf_cstr(&sql), &slot, e);
    buf_free(&sql);
    if (!st)
        return QIAO_EIO;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn((const char *)sqlite3_column_text(st, 0), ud)))
            break;
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "listing the zones or chains");
    store_sq_stmt_put(q, st, slot);
    return rc;
}
