/* store/sqlite_bulk.c — bulk writes (store_bulk_begin / store_bulk_end,
 * contract in store.h; migration 017).
 *
 * While a bulk is open, the row of bulk_writer makes the INSERT and UPDATE
 * triggers of the record tables skip their work; each put is noted instead in
 * the connection's temp table bulk_rows (one row per (kind, key): whether it
 * was new, whether its document changed, its chains). store_bulk_end then
 * does what the triggers would have done, with one statement each, in key
 * order: the change log (index_changes), the chains of list filters
 * (record_chains), web_record_changes and records_version. It all happens in
 * the caller's transaction: a rollback takes it back with the records. */
#include <string.h>

#include "store/sqlite_int.h"

static const char *const stage_sql[SB_N] = {
    [SB_STAGE] =
        "INSERT INTO temp.bulk_rows(kind, key, created, changed, chains) "
        "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(kind, key) DO UPDATE SET "
        "changed = changed OR excluded.changed, "
        "chains = CASE WHEN excluded.changed THEN excluded.chains ELSE chains END",
    [SB_UNSTAGE] = "DELETE FROM temp.bulk_rows WHERE kind = ?1 AND key = ?2",
};

/* What the triggers of migrations 004, 006, 007 and 011 do per row, once for
 * the whole bulk. Same order as the triggers' effects; each sorted by the
 * key of the table it fills. */
static const char *const flush_sql =
    "INSERT INTO index_changes(kind, key) SELECT kind, key FROM temp.bulk_rows "
    " WHERE kind IN ('achievement', 'demand', 'person') ORDER BY id;"
    "DELETE FROM record_chains WHERE (kind, key) IN (SELECT kind, key FROM temp.bulk_rows "
    " WHERE NOT created AND changed AND kind IN ('org', 'achievement', 'demand', 'event'));"
    "INSERT OR IGNORE INTO record_chains(kind, key, chain) "
    " SELECT b.kind, b.key, j.value FROM temp.bulk_rows b, json_each(b.chains) j "
    " WHERE b.changed AND b.chains IS NOT NULL AND j.type = 'text';"
    "INSERT OR REPLACE INTO web_record_changes(kind, key, at) "
    " SELECT kind, key, CAST(strftime('%s', 'now') AS INTEGER) FROM temp.bulk_rows "
    " WHERE changed AND kind IN ('achievement', 'demand') ORDER BY kind, key;"
    "UPDATE records_version SET v = v + 1 WHERE id = 1 "
    " AND EXISTS (SELECT 1 FROM temp.bulk_rows);"
    "DELETE FROM temp.bulk_rows;"
    "DELETE FROM bulk_writer;";

void store_sq_bulk_unprepare(sq *q)
{
    for (int i = 0; i < SB_N; i++) {
        sqlite3_finalize(q->sb[i]);
        q->sb[i] = NULL;
    }
    buf_free(&q->bulk_sql);
}

void store_sq_bulk_reset(sq *q)
{
    q->bulk = 0;
    /* the temp table may have gone with a rolled-back transaction */
    store_sq_bulk_unprepare(q);
}

static int exec(sq *q, const char *sql, const char *what, qiao_err *e)
{
    if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, what);
    return 0;
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
    int rc = exec(q, "CREATE TEMP TABLE IF NOT EXISTS bulk_rows ("
                     " id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL,"
                     " created INTEGER NOT NULL, changed INTEGER NOT NULL, chains TEXT,"
                     " UNIQUE (kind, key));"
                     "DELETE FROM temp.bulk_rows;"
                     "INSERT OR IGNORE INTO bulk_writer(id) VALUES (1)",
                  "starting a bulk write", e);
    if (rc == 0)
        rc = drop_gated(q, e);
    for (int i = 0; rc == 0 && i < SB_N; i++)
        if (!q->sb[i])
            rc = store_sq_prep(q, stage_sql[i], &q->sb[i], e);
    if (rc == 0)
        q->bulk = 1;
    return rc;
}

int store_sq_bulk_end(store *s, qiao_err *e)
{
    sq *q = (sq *)s;
    if (!q->bulk)
        return qiao_errf(e, QIAO_EINVAL, "store_bulk_end: no bulk write is open");
    int rc = exec(q, flush_sql, "writing the change log of a bulk write", e);
    if (rc == 0 && q->bulk_sql.len)
        rc = exec(q, q->bulk_sql.p, "ending a bulk write", e);
    if (rc == 0) {
        q->bulk = 0;
        buf_free(&q->bulk_sql);
    }
    return rc;
}

/* The chains[] of r as JSON text into b; 0 when its kind has none or it has
 * none. */
static int chains_of(const model_record *r, buf *b)
{
    if (r->kind != MODEL_ORG && r->kind != MODEL_ACHIEVEMENT && r->kind != MODEL_DEMAND &&
        r->kind != MODEL_EVENT)
        return 0;
    const json_t *c = json_object_get(r->doc, "chains");
    if (!json_is_array(c) || !json_array_size(c))
        return 0;
    model_json_dump(c, b);
    return 1;
}

int store_sq_bulk_stage(sq *q, const model_record *r, int created, int changed, qiao_err *e)
{
    sqlite3_stmt *st = q->sb[SB_STAGE];
    buf chains = {0};
    sqlite3_bind_text(st, 1, model_kind_name(r->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, created);
    sqlite3_bind_int(st, 4, created || changed);
    if ((created || changed) && chains_of(r, &chains))
        sqlite3_bind_text(st, 5, chains.p, (int)chains.len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    buf_free(&chains);
    return step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "noting a bulk write");
}

int store_sq_bulk_unstage(sq *q, model_kind k, const char *key, qiao_err *e)
{
    sqlite3_stmt *st = q->sb[SB_UNSTAGE];
    sqlite3_bind_text(st, 1, model_kind_name(k), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    return step == SQLITE_DONE ? 0 : store_sq_dberr(q, e, "noting a bulk delete");
}
