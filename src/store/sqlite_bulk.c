/* store/sqlite_bulk.c — bulk writes (store_bulk_begin / store_bulk_end,
 * contract in store.h; migration 017).
 *
 * While a bulk is open, the row of bulk_writer makes the INSERT and UPDATE
 * triggers of the record tables skip their work; each put is noted instead in
 * memory (sqlite_bulk_rows.c: one row per (kind, key): whether it was new,
 * whether its document changed, its chains). store_bulk_end then does what
 * the triggers would have done, with one statement each: the change log
 * (index_changes), the chains of list filters (record_chains),
 * web_record_changes and records_version. It all happens in the caller's
 * transaction: a rollback takes it back with the records. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* What the triggers of migrations 004, 006, 007 and 011 do per row, once for
 * the whole bulk, reading the records noted in memory (sqlite_bulk_rows.c).
 * Same order as the triggers' effects: the change log in the order the
 * records were first put, web_record_changes by its key. */
static const char *const flush_sql =
    "INSERT INTO index_changes(kind, key) SELECT kind, key FROM qiao_bulk_rows "
    " WHERE kind IN ('achievement', 'demand', 'person');"
    "DELETE FROM record_chains WHERE (kind, key) IN (SELECT kind, key FROM qiao_bulk_rows "
    " WHERE NOT created AND changed AND kind IN ('org', 'achievement', 'demand', 'event'));"
    "INSERT OR IGNORE INTO record_chains(kind, key, chain) "
    " SELECT kind, key, chain FROM qiao_bulk_chains;"
    "INSERT OR REPLACE INTO web_record_changes(kind, key, at) "
    " SELECT kind, key, CAST(strftime('%s', 'now') AS INTEGER) FROM qiao_bulk_rows "
    " WHERE changed AND kind IN ('achievement', 'demand') ORDER BY kind, key;"
    "UPDATE records_version SET v = v + 1 WHERE id = 1 "
    " AND EXISTS (SELECT 1 FROM qiao_bulk_rows);"
    "DELETE FROM bulk_writer;";

/* The page cache of a bulk write, in KiB: room for the pages a large import
 * writes, so that they go to the WAL once, at the commit, rather than being
 * spilled while the transaction runs (and read and written again when an
 * index page is touched after its spill). It is memory taken only as pages
 * are used, and given back after the commit (or the rollback): the handle's
 * own size comes back then (store_sqlite_open sets 64 MiB). About an eighth less time per
 * record at 200,000 achievements (bench/import.sh). */
#define BULK_CACHE_KIB 262144

static int exec(sq *q, const char *sql, const char *what, qiao_err *e)
{
    if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
}

static void set_cache(sq *q, int64_t kib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)-kib);
    sqlite3_exec(q->db, sql, NULL, NULL, NULL);   /* a size, never an error */
}

/* Remembers the handle's cache size and widens it for the bulk. */
static void widen_cache(sq *q)
{
    sqlite3_stmt *st;
    q->bulk_cache = 0;
    if (sqlite3_prepare_v2(q->db, "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW)
        q->bulk_cache = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (q->bulk_cache)
        set_cache(q, BULK_CACHE_KIB);
}

void store_sq_bulk_cache_restore(sq *q)
{
    if (!q->bulk_cache)
        return;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)q->bulk_cache);
    sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    q->bulk_cache = 0;
}

void store_sq_bulk_unprepare(sq *q)
{
    store_sq_bulk_rows_clear(q);
    buf_free(&q->bulk_sql);
}

void store_sq_bulk_reset(sq *q)
{
    q->bulk = 0;
    store_sq_bulk_unprepare(q);
    store_sq_bulk_cache_restore(q);
}

/* The triggers that skip their work in a bulk (their WHEN names bulk_writer,
 * migration 017) are dropped for the bulk's transaction and made again at
 * its end, from their own text: a trigger program entered per row only to
 * find its WHEN false still cost about a sixth of an import. Nobody else can
 * write meanwhile (one writer) nor see the schema without them (it is never
 * committed so); a rollback brings them back by itself. Triggers of other
 * kinds keep firing. q->bulk_sql keeps the CREATE statements. */
static int drop_gated(sq *q, qiao_err *e)
{
    sqlite3_stmt *st;
    buf drop = {0};
    buf_clear(&q->bulk_sql);
    if (sqlite3_prepare_v2(q->db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND sql LIKE '%bulk_writer%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "starting a bulk write");
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        buf_printf(&drop, "DROP TRIGGER \"%s\";", (const char *)sqlite3_column_text(st, 0));
        buf_printf(&q->bulk_sql, "%s;\n", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    int rc = step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "starting a bulk write");
    if (rc == 0 && drop.len)
        rc = exec(q, drop.p, "starting a bulk write", e);
    buf_free(&drop);
    return rc;
}

int store_sq_bulk_begin(store *s, qiao_err *e)
{
    sq *q = (sq *)s;
    if (q->bulk)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_begin: a bulk write is already open");
    int rc = store_sq_bulk_rows_open(q, e);
    if (rc == 0)
        rc = exec(q, "INSERT OR IGNORE INTO bulk_writer(id) VALUES (1)", "starting a bulk write",
                  e);
    if (rc == 0)
        rc = drop_gated(q, e);
    if (rc)
        return rc;
    store_sq_bulk_rows_clear(q);
    widen_cache(q);
    q->bulk = 1;
    return 0;
}

int store_sq_bulk_end(store *s, qiao_err *e)
{
    sq *q = (sq *)s;
    if (!q->bulk)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_end: no bulk write is open");
    int rc = exec(q, flush_sql, "writing the change log of a bulk write", e);
    if (rc == 0 && q->bulk_sql.len)
        rc = exec(q, q->bulk_sql.p, "ending a bulk write", e);
    if (rc == 0) {   /* the cache stays wide for the commit (sq_commit narrows it) */
        q->bulk = 0;
        store_sq_bulk_unprepare(q);
    }
    return rc;
}

int store_sq_bulk_stage(sq *q, const model_record *r, int created, int changed, qiao_err *e)
{
    (void)e;
    const json_t *chains = NULL;
    if (r->kind == MODEL_ORG || r->kind == MODEL_ACHIEVEMENT || r->kind == MODEL_DEMAND ||
        r->kind == MODEL_EVENT)
        chains = json_object_get(r->doc, "chains");
    store_sq_bulk_rows_put(q, r->kind, r->key, created, changed, chains);
    return 0;
}

int store_sq_bulk_unstage(sq *q, model_kind k, const char *key, qiao_err *e)
{
    (void)e;
    store_sq_bulk_rows_del(q, k, key);
    return 0;
}
