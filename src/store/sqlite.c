/* store/sqlite.c — the SQLite backend: WAL, deferred foreign keys, one table
 * per kind (migrations/001_records.sql), statements prepared once and reused.
 * Every value is bound, never spliced into SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

/* A column a kind's table keeps beside the document: a copy of a top-level
 * field (its effective value: defaults of DATA.md applied). */
typedef struct colspec {
    const char *col, *field;
    char type;              /* 't' text, 'i' integer, 'b' boolean (0/1) */
    const char *dflt_s;     /* default text, or NULL */
    long long dflt_i;       /* default integer (type 'i', 'b') */
    int has_dflt_i;
} colspec;

#define T(c) {c, c, 't', NULL, 0, 0}
#define I(c) {c, c, 'i', NULL, 0, 0}
static const colspec c_org[] = {T("name"), T("type"), T("zone"),
    {"external", "external", 'b', NULL, 0, 1}, {0}};
static const colspec c_person[] = {T("name"), T("org"), {0}};
static const colspec c_achievement[] = {T("org"), {"status", "status", 't', "published", 0, 0},
    T("published"), I("trl"), I("price"), T("zone"), {0}};
static const colspec c_demand[] = {T("org"), {"status", "status", 't', "open", 0, 0},
    T("published"), I("trl_min"), I("budget"), T("deadline"), T("zone"), {0}};
static const colspec c_event[] = {T("type"), T("starts"), T("ends"), {0}};
static const colspec c_registration[] = {T("event"), T("who"), {0}};
static const colspec c_meeting_request[] = {T("event"), {"from_id", "from", 't', NULL, 0, 0},
    {"to_id", "to", 't', NULL, 0, 0}, {"status", "status", 't', "pending", 0, 0},
    {"priority", "priority", 'i', NULL, 1, 1}, I("slot"), {"tbl", "table", 'i', NULL, 0, 0},
    {"locked", "locked", 'b', NULL, 0, 1}, {0}};
static const colspec c_project[] = {T("achievement"), T("demand"), T("event"), T("stage"), {0}};
static const colspec *const colspecs[MODEL_KIND_COUNT] = {c_org, c_person, c_achievement,
    c_demand, c_event, c_registration, c_meeting_request, c_project};

int store_sq_dberr(sq *q, qiao_err *e, const char *what)
{
    return qiao_errf(e, QIAO_EIO, "%s: %s: %s", q->path, what, sqlite3_errmsg(q->db));
}

#define SQ_CHECKPOINT_BYTES (4 << 20)

/* The store's page size in bytes (4096 when it cannot be read). */
static long page_size(sq *q)
{
    sqlite3_stmt *st;
    long n = 4096;
    if (sqlite3_prepare_v2(q->db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) >= 512)
            n = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

static int exec(sq *q, const char *sql, qiao_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        qiao_errf(e, QIAO_EIO, "%s: %s", q->path, msg ? msg : sqlite3_errmsg(q->db));
        sqlite3_free(msg);
        return QIAO_EIO;
    }
    return 0;
}

static int sq_version(store *s, int *version, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    *version = 0;
    if (sqlite3_prepare_v2(q->db, "SELECT max(version) FROM schema_migrations", -1, &st,
                           NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading the schema version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_sq_dberr(q, e, "reading the schema version");
}

static void unprepare(sq *q)
{
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        for (int i = 0; i < ST_N; i++) {
            sqlite3_finalize(q->st[k][i]);
            q->st[k][i] = NULL;
        }
    sqlite3_finalize(q->user_put);
    sqlite3_finalize(q->user_get);
    q->user_put = q->user_get = NULL;
    store_sq_sessions_unprepare(q);
    store_sq_visits_unprepare(q);
    store_sq_notify_unprepare(q);
    store_sq_accounts_unprepare(q);
    store_sq_list_unprepare(q);
    store_sq_bulk_unprepare(q);
    q->prepared = 0;
}

int store_sq_prep(sq *q, const char *sql, sqlite3_stmt **st, qiao_err *e)
{
    if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK)
        return 0;
    int v = 0;
    qiao_err ignore = {0};
    sq_version(&q->base, &v, &ignore);
    if (v < store_latest_version())
        return qiao_errf(e, QIAO_EIO, "%s: the store is at schema version %d, this qiao needs "
                         "%d: run `qiao migrate --db %s`", q->path, v, store_latest_version(),
                         q->path);
    return store_sq_dberr(q, e, "preparing a statement");
}

/* Prepares every statement once, on first use (after migrations ran). */
static int prepare(sq *q, qiao_err *e)
{
    if (q->prepared)
        return 0;
    buf b = {0};
    int rc = 0;
    for (int k = 0; k < MODEL_KIND_COUNT && rc == 0; k++) {
        const char *t = model_kind_name((model_kind)k);
        const colspec *cs = colspecs[k];
        buf_clear(&b);
        buf_printf(&b, "INSERT INTO %s(key, doc", t);
        for (size_t i = 0; cs[i].col; i++)
            buf_printf(&b, ", %s", cs[i].col);
        buf_puts(&b, ") VALUES(?1, ?2");
        for (size_t i = 0; cs[i].col; i++)
            buf_printf(&b, ", ?%zu", i + 3);
        buf_puts(&b, ") ON CONFLICT(key) DO NOTHING");
        rc = store_sq_prep(q, b.p, &q->st[k][ST_INS], e);
        if (rc)
            break;
        buf_clear(&b);
        buf_printf(&b, "UPDATE %s SET doc = ?2", t);
        for (size_t i = 0; cs[i].col; i++)
            buf_printf(&b, ", %s = ?%zu", cs[i].col, i + 3);
        buf_puts(&b, " WHERE key = ?1");
        rc = store_sq_prep(q, b.p, &q->st[k][ST_UPD], e);
        if (rc)
            break;
        buf_clear(&b);
        buf_printf(&b, "SELECT doc FROM %s WHERE key = ?1", t);
        rc = store_sq_prep(q, b.p, &q->st[k][ST_GET], e);
        if (rc)
            break;
        buf_clear(&b);
        buf_printf(&b, "SELECT 1 FROM %s WHERE key = ?1", t);
        rc = store_sq_prep(q, b.p, &q->st[k][ST_EXISTS], e);
        if (rc)
            break;
        buf_clear(&b);
        buf_printf(&b, "DELETE FROM %s WHERE key = ?1", t);
        rc = store_sq_prep(q, b.p, &q->st[k][ST_DEL], e);
    }
    buf_free(&b);
    if (rc)
        unprepare(q);
    else
        q->prepared = 1;
    return rc;
}

/* The users statements, on first use (the users table comes with 002). */
static int prepare_users(sq *q, qiao_err *e)
{
    if (q->user_put)
        return 0;
    int rc = store_sq_prep(q, "INSERT INTO users(login, pwhash, role, org, email, name, phone) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(login) DO UPDATE "
                              "SET pwhash = excluded.pwhash, role = excluded.role, "
                              "org = excluded.org, email = excluded.email, "
                              "name = excluded.name, phone = excluded.phone "
                              "RETURNING id, created", &q->user_put, e);
    if (rc == 0)
        rc = store_sq_prep(q, "SELECT id, login, pwhash, role, coalesce(org, ''), created, "
                              "email, name, phone, disabled FROM users WHERE login = ?1", &q->user_get, e);
    if (rc) {
        sqlite3_finalize(q->user_put);
        q->user_put = NULL;
    }
    return rc;
}

static int sq_begin(store *s, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare(q, e);
    return rc ? rc : exec(q, "BEGIN IMMEDIATE", e);
}

static void sq_rollback(store *s)
{
    sq *q = (sq *)s;
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    if (q->bulk)
        store_sq_bulk_reset(q);
    store_sq_bulk_cache_restore(q);
}

static int sq_commit(store *s, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    store_sq_bulk_cache_restore(q);   /* after a bulk: its wide cache given back */
    if (rc == SQLITE_OK)
        return 0;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        qiao_errf(e, QIAO_ENOTFOUND, "%s: nothing was written: a record refers to one that "
                  "does not exist (%s)", q->path, sqlite3_errmsg(q->db));
    else
        store_sq_dberr(q, e, "commit failed, nothing was written");
    if (sqlite3_get_autocommit(q->db) == 0)
        sq_rollback(s);
    return QIAO_EIO;
}

static int bind_cols(sqlite3_stmt *st, const colspec *cs, const json_t *doc)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; cs[i].col && rc == SQLITE_OK; i++) {
        int ix = (int)i + 3;
        const json_t *v = json_object_get(doc, cs[i].field);
        if (cs[i].type == 't') {
            if (json_is_string(v))
                rc = sqlite3_bind_text(st, ix, json_string_value(v), (int)json_string_length(v),
                                       SQLITE_STATIC);
            else if (cs[i].dflt_s)
                rc = sqlite3_bind_text(st, ix, cs[i].dflt_s, -1, SQLITE_STATIC);
            else
                rc = sqlite3_bind_null(st, ix);
        } else {
            if (json_is_integer(v))
                rc = sqlite3_bind_int64(st, ix, json_integer_value(v));
            else if (json_is_boolean(v))
                rc = sqlite3_bind_int(st, ix, json_is_true(v));
            else if (cs[i].has_dflt_i)
                rc = sqlite3_bind_int64(st, ix, cs[i].dflt_i);
            else
                rc = sqlite3_bind_null(st, ix);
        }
    }
    return rc;
}

static int run_put(sq *q, sqlite3_stmt *st, const model_record *r, const char *doc,
                   qiao_err *e)
{
    int rc = sqlite3_bind_text(st, 1, r->key, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 2, doc, (int)strlen(doc), SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = bind_cols(st, colspecs[r->kind], r->doc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT && r->kind == MODEL_ORG &&
        strstr(sqlite3_errmsg(q->db), "org_credit_code"))    /* migration 009 */
        return qiao_field_errf(e, QIAO_ECONFLICT, "credit_code", "org %s: another org already "
                               "has credit code %s", r->key, model_str(r, "credit_code"));
    if (rc != SQLITE_DONE)
        return qiao_errf(e, QIAO_EIO, "%s: writing %s %s: %s", q->path,
                         model_kind_name(r->kind), r->key, sqlite3_errmsg(q->db));
    return 0;
}

/* 1 when the stored document of r's key is doc (a bulk write leaves it be). */
static int same_doc(sq *q, const model_record *r, const char *doc)
{
    sqlite3_stmt *st = q->st[r->kind][ST_GET];
    sqlite3_bind_text(st, 1, r->key, -1, SQLITE_STATIC);
    int same = sqlite3_step(st) == SQLITE_ROW &&
               (size_t)sqlite3_column_bytes(st, 0) == strlen(doc) &&
               memcmp(sqlite3_column_blob(st, 0), doc, strlen(doc)) == 0;
    sqlite3_reset(st);
    return same;
}

static int sq_put(store *s, const model_record *r, int *created, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare(q, e);
    if (rc)
        return rc;
    buf_clear(&q->doc);
    model_json_dump(r->doc, &q->doc);
    const char *doc = buf_cstr(&q->doc);
    rc = run_put(q, q->st[r->kind][ST_INS], r, doc, e);
    if (rc == 0) {
        *created = sqlite3_changes(q->db) > 0;
        int changed = *created || !q->bulk || !same_doc(q, r, doc);
        if (!*created && changed)
            rc = run_put(q, q->st[r->kind][ST_UPD], r, doc, e);
        if (rc == 0 && q->bulk)   /* the triggers' work, done at store_bulk_end */
            rc = store_sq_bulk_stage(q, r, *created, changed, e);
    }
    return rc;
}

static int sq_get(store *s, model_kind k, const char *key, model_record *out, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare(q, e);
    if (rc)
        return rc;
    sqlite3_stmt *st = q->st[k][ST_GET];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = model_from_canonical((const char *)sqlite3_column_text(st, 0),
                                  (size_t)sqlite3_column_bytes(st, 0), out, e);
    else if (step == SQLITE_DONE)
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no %s with id %s", model_kind_name(k), key);
    else
        rc = store_sq_dberr(q, e, "reading a record");
    sqlite3_reset(st);
    return rc;
}

static int sq_exists(store *s, model_kind k, const char *key, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare(q, e);
    if (rc)
        return rc;
    sqlite3_stmt *st = q->st[k][ST_EXISTS];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step == SQLITE_ROW)
        return 1;
    if (step == SQLITE_DONE)
        return 0;
    return store_sq_dberr(q, e, "looking up a record");
}

static int sq_del(store *s, model_kind k, const char *key, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare(q, e);
    if (rc)
        return rc;
    sqlite3_stmt *st = q->st[k][ST_DEL];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return store_sq_dberr(q, e, "deleting a record");
    if (sqlite3_changes(q->db) == 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "no %s with id %s", model_kind_name(k), key);
    /* the delete triggers fire in a bulk as well; nothing left to do at its end */
    return q->bulk ? store_sq_bulk_unstage(q, k, key, e) : 0;
}

/* Scans prepare their own statement so that a callback may read the store
 * (even scan it again) while the scan runs. */
static int sq_scan(store *s, model_kind k, store_scan_fn fn, void *ud, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = 0;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT doc FROM %s ORDER BY key", model_kind_name(k));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "scanning");
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        model_record r;
        rc = model_from_canonical((const char *)sqlite3_column_text(st, 0),
                                  (size_t)sqlite3_column_bytes(st, 0), &r, e);
        if (rc)
            break;
        rc = fn(&r, ud);
        model_record_clear(&r);
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "scanning");
    sqlite3_finalize(st);
    return rc;
}

static int sq_count(store *s, model_kind k, int64_t *n, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = 0;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", model_kind_name(k));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "counting");
    rc = sqlite3_step(st) == SQLITE_ROW ? 0 : store_sq_dberr(q, e, "counting");
    *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

static int sq_migrate(store *s, int target, qiao_err *e)
{
    sq *q = (sq *)s;
    int v, rc = sq_version(s, &v, e);
    if (rc)
        return rc;
    if (v > store_latest_version())
        return qiao_errf(e, QIAO_EINVAL, "%s is at schema version %d, newer than this qiao "
                         "knows (%d): use a newer qiao", q->path, v, store_latest_version());
    if (target < v)
        return qiao_errf(e, QIAO_EINVAL, "%s is at schema version %d; migrations only go "
                         "forward (asked for %d)", q->path, v, target);
    size_t n;
    const store_migration *m = store_migrations(&n);
    unprepare(q);
    int cur = v;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (m[i].version <= v || m[i].version > target)
            continue;
        rc = exec(q, "BEGIN IMMEDIATE", e);
        if (rc)
            break;
        rc = exec(q, m[i].sql, e);
        if (rc == 0) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(q->db, "INSERT INTO schema_migrations(version, name) "
                                          "VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK) {
                rc = store_sq_dberr(q, e, "recording a migration");
            } else {
                sqlite3_bind_int(st, 1, m[i].version);
                sqlite3_bind_text(st, 2, m[i].name, -1, SQLITE_STATIC);
                if (sqlite3_step(st) != SQLITE_DONE)
                    rc = store_sq_dberr(q, e, "recording a migration");
                sqlite3_finalize(st);
            }
        }
        if (rc == 0)
            rc = exec(q, "COMMIT", e);
        if (rc == 0)
            cur = m[i].version;
        if (rc) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
            sq_rollback(s);
            qiao_errf(e, QIAO_EIO, "migration %03d_%s failed, the store stays at version %d: %s",
                      m[i].version, m[i].name, cur, msg);
        }
    }
    return rc;
}

static int sq_user_put(store *s, store_user *u, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare_users(q, e);
    if (rc)
        return rc;
    sqlite3_stmt *st = q->user_put;
    sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->pwhash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
    if (u->org[0])
        sqlite3_bind_text(st, 4, u->org, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, u->email, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, u->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, u->phone, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        u->id = sqlite3_column_int64(st, 0);
        snprintf(u->created, sizeof u->created, "%s", (const char *)sqlite3_column_text(st, 1));
        step = sqlite3_step(st);
    }
    if (step != SQLITE_DONE)
        rc = qiao_errf(e, QIAO_EIO, "%s: storing user %s: %s", q->path, u->login,
                       sqlite3_errmsg(q->db));
    sqlite3_reset(st);
    return rc;
}

static int sq_user_get(store *s, const char *login, store_user *out, qiao_err *e)
{
    sq *q = (sq *)s;
    int rc = prepare_users(q, e);
    if (rc)
        return rc;
    sqlite3_stmt *st = q->user_get;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->login, sizeof out->login, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(out->pwhash, sizeof out->pwhash, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(out->role, sizeof out->role, "%s", (const char *)sqlite3_column_text(st, 3));
        snprintf(out->org, sizeof out->org, "%s", (const char *)sqlite3_column_text(st, 4));
        snprintf(out->created, sizeof out->created, "%s", (const char *)sqlite3_column_text(st, 5));
        store_sq_user_contact(st, 6, out);
        out->disabled = sqlite3_column_int(st, 9);
    } else if (step == SQLITE_DONE) {
        rc = qiao_errf(e, QIAO_ENOTFOUND, "no user with login %s", login);
    } else {
        rc = store_sq_dberr(q, e, "reading a user");
    }
    sqlite3_reset(st);
    return rc;
}

static int sq_history_add(store *s, store_history *h, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    int rc = store_sq_prep(q, "INSERT INTO project_history(project, from_stage, to_stage, at, "
                              "by, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", &st, e);
    if (rc)
        return rc;
    const char *v[6] = {h->project, h->from ? h->from : "", h->to, h->at,
                        h->by ? h->by : "", h->note ? h->note : ""};
    for (int i = 0; i < 6; i++)
        sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "recording a project stage change");
    else
        h->id = sqlite3_last_insert_rowid(q->db);
    sqlite3_finalize(st);
    return rc;
}

static int sq_history_scan(store *s, const char *project, store_history_fn fn, void *ud,
                           qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *sql = project
        ? "SELECT id, project, from_stage, to_stage, at, by, note FROM project_history "
          "WHERE project = ?1 ORDER BY id"
        : "SELECT id, project, from_stage, to_stage, at, by, note FROM project_history "
          "ORDER BY project, id";
    int rc = store_sq_prep(q, sql, &st, e);
    if (rc)
        return rc;
    if (project)
        sqlite3_bind_text(st, 1, project, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_history h = {
            sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
            (const char *)sqlite3_column_text(st, 6),
        };
        rc = fn(&h, ud);
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading project history");
    sqlite3_finalize(st);
    return rc;
}

static int sq_generation(store *s, int64_t *gen, char uid[STORE_UID_LEN], qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT (SELECT uid FROM store_uid WHERE id = 1), "
                           "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'index_changes'), 0)",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading the store generation");
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *u = (const char *)sqlite3_column_text(st, 0);
        snprintf(uid, STORE_UID_LEN, "%s", u ? u : "");
        *gen = sqlite3_column_int64(st, 1);
    } else {
        rc = store_sq_dberr(q, e, "reading the store generation");
    }
    sqlite3_finalize(st);
    return rc;
}

/* PRAGMA data_version moves when another connection (or process) commits;
 * sqlite3_total_changes64 when this one writes: together, any change. */
static int sq_data_version(store *s, uint64_t *v, qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading the data version");
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int64_t pv = sqlite3_column_int64(st, 0), ch = sqlite3_total_changes64(q->db);
        if (pv != q->dv_pragma || ch != q->dv_changes || q->dv == 0) {
            q->dv_pragma = pv;
            q->dv_changes = ch;
            q->dv++;
        }
        *v = q->dv;
    } else {
        rc = store_sq_dberr(q, e, "reading the data version");
    }
    sqlite3_finalize(st);
    return rc;
}

static int sq_changes(store *s, int64_t since, store_change_fn fn, void *ud, int64_t *count,
                      qiao_err *e)
{
    sq *q = (sq *)s;
    sqlite3_stmt *st;
    const char *sql = fn ? "SELECT kind, key FROM index_changes WHERE gen > ?1 ORDER BY gen"
                         : "SELECT count(*) FROM index_changes WHERE gen > ?1";
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sq_dberr(q, e, "reading the change log");
    sqlite3_bind_int64(st, 1, since);
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!fn) {
            *count = sqlite3_column_int64(st, 0);
            continue;
        }
        model_kind k;
        if (model_kind_parse((const char *)sqlite3_column_text(st, 0), &k) < 0)
            continue;
        rc = fn(k, (const char *)sqlite3_column_text(st, 1), ud);
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_sq_dberr(q, e, "reading the change log");
    sqlite3_finalize(st);
    return rc;
}

static void sq_close(store *s)
{
    sq *q = (sq *)s;
    unprepare(q);
    sqlite3_close(q->db);
    store_sq_bulk_rows_free(q);
    buf_free(&q->doc);
    free(q);
}

const char *store_sq_column(model_kind k, const char *field)
{
    if ((unsigned)k >= MODEL_KIND_COUNT)
        return NULL;
    for (const colspec *c = colspecs[k]; c->col; c++)
        if (strcmp(c->field, field) == 0)
            return c->col;
    return NULL;
}

static const store_ops sqlite_ops = {
    .name = "sqlite", .begin = sq_begin, .commit = sq_commit, .rollback = sq_rollback,
    .put = sq_put, .get = sq_get, .exists = sq_exists, .del = sq_del, .scan = sq_scan,
    .count = sq_count, .schema_version = sq_version, .migrate = sq_migrate,
    .user_put = sq_user_put, .user_get = sq_user_get, .history_add = sq_history_add,
    .history_scan = sq_history_scan, .generation = sq_generation,
    .changes = sq_changes, .data_version = sq_data_version, .list = store_sq_list,
    .session_put = store_sq_session_put, .session_get = store_sq_session_get,
    .session_del = store_sq_session_del, .session_expire = store_sq_session_expire,
    .token_put = store_sq_token_put, .token_get = store_sq_token_get,
    .throttle_get = store_sq_throttle_get, .throttle_fail = store_sq_throttle_fail,
    .throttle_clear = store_sq_throttle_clear, .visit_record = store_sq_visit_record,
    .visit_get = store_sq_visit_get, .changed_since = store_sq_changed_since,
    .users_scan = store_sq_users_scan, .notice_add = store_sq_notice_add,
    .notice_list = store_sq_notice_list, .notice_unread = store_sq_notice_unread,
    .notice_mark_read = store_sq_notice_mark_read, .mail_add = store_sq_mail_add,
    .mail_due = store_sq_mail_due, .mail_sent = store_sq_mail_sent,
    .mail_failed = store_sq_mail_failed,
    .app_add = store_sq_app_add, .app_get = store_sq_app_get, .app_list = store_sq_app_list,
    .app_review = store_sq_app_review, .app_pending = store_sq_app_pending,
    .org_by_credit_code = store_sq_org_by_credit_code, .invite_add = store_sq_invite_add,
    .invite_get = store_sq_invite_get, .invite_use = store_sq_invite_use,
    .org_admin_set = store_sq_org_admin_set, .org_admin_get = store_sq_org_admin_get,
    .interest_add = store_sq_interest_add, .interest_get = store_sq_interest_get,
    .interest_update = store_sq_interest_update, .interest_list = store_sq_interest_list,
    .message_add = store_sq_message_add, .message_list = store_sq_message_list,
    .dismissal_put = store_sq_dismissal_put, .dismissal_del = store_sq_dismissal_del,
    .dismissal_list = store_sq_dismissal_list, .sign_put = store_sq_sign_put,
    .sign_get = store_sq_sign_get, .sign_del = store_sq_sign_del,
    .throttle_add = store_sq_throttle_add, .token_list = store_sq_token_list,
    .token_revoke = store_sq_token_revoke, .user_disable = store_sq_user_disable,
    .users_find = store_sq_users_find, .reset_put = store_sq_reset_put,
    .reset_get = store_sq_reset_get, .audit_add = store_sq_audit_add,
    .audit_list = store_sq_audit_list, .server_key = store_sq_server_key,
    .records_version = store_sq_records_version,
    .pref_get = store_sq_pref_get, .pref_set = store_sq_pref_set,
    .mail_claim = store_sq_mail_claim, .mail_held = store_sq_mail_held,
    .mail_held_done = store_sq_mail_held_done, .mail_list = store_sq_mail_list,
    .notice_get = store_sq_notice_get,
    .alert_pos_get = store_sq_alert_pos_get, .alert_pos_set = store_sq_alert_pos_set,
    .alert_mark = store_sq_alert_mark, .alert_marked = store_sq_alert_marked,
    .alert_bar_get = store_sq_alert_bar_get, .alert_bar_put = store_sq_alert_bar_put,
    .saved_add = store_sq_saved_add, .saved_list = store_sq_saved_list,
    .saved_del = store_sq_saved_del, .saved_ran = store_sq_saved_ran,
    .follow_add = store_sq_follow_add, .follow_del = store_sq_follow_del,
    .follow_list = store_sq_follow_list, .follow_ran = store_sq_follow_ran,
    .manager_set = store_sq_manager_set, .manager_list = store_sq_manager_list,
    .user_person_set = store_sq_user_person_set, .user_person_get = store_sq_user_person_get,
    .person_account = store_sq_person_account, .advice_add = store_sq_advice_add,
    .advice_get = store_sq_advice_get, .advice_update = store_sq_advice_update,
    .advice_list = store_sq_advice_list,
    .published_since = store_sq_published_since, .project_of_pair = store_sq_project_of_pair,
    .projects_of_org = store_sq_projects_of_org, .record_tags = store_sq_record_tags,
    .event_records = store_sq_event_records,
    .bulk_begin = store_sq_bulk_begin, .bulk_end = store_sq_bulk_end,
    .close = sq_close,
};

int store_sqlite_open(const char *path, int migrate, store **out, qiao_err *e)
{
    *out = NULL;
    sq *q = qiao_calloc(1, sizeof *q);
    q->base.ops = &sqlite_ops;
    snprintf(q->path, sizeof q->path, "%s", path);
    int rc = 0;
    if (sqlite3_open_v2(path, &q->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot open the store: %s", path,
                       q->db ? sqlite3_errmsg(q->db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(q->db, 5000);
    /* WAL: readers do not block the writer; synchronous=NORMAL is durable
     * across application crashes and fast in WAL mode. A new store gets
     * 16 KiB pages (an existing one keeps its own): records of about 1 KB
     * fill them with less slack than 4 KiB ones, and a bulk import writes
     * (WAL, then checkpoint) a quarter of the pages — about a tenth less
     * time per imported record. */
    rc = exec(q, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                 "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
                 "PRAGMA temp_store = MEMORY; "
                 /* a WAL grown past 64 MB (readers kept a checkpoint from
                  * resetting it) is truncated back once one can */
                 "PRAGMA journal_size_limit = 67108864;"
                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                 " applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))", e);
    if (rc) {
        qiao_errf(e, QIAO_EIO, "%s: cannot open the store: %s", path, sqlite3_errmsg(q->db));
        goto out;
    }
    /* the WAL stays bounded: a checkpoint after every 4 MB of it, whatever the
     * page size (1000 pages of 16 KiB made the commit that ran the checkpoint
     * wait for 16 MB of writes: a web write's p99 went from 5 to 13 ms) */
    sqlite3_wal_autocheckpoint(q->db, (int)(SQ_CHECKPOINT_BYTES / page_size(q)));
    if (migrate)
        rc = sq_migrate(&q->base, store_latest_version(), e);
out:
    if (rc) {
        sq_close(&q->base);
        return rc;
    }
    *out = &q->base;
    return 0;
}
