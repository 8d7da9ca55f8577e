/* store/sqlite_int.h — internal to the SQLite backend (sqlite.c,
 * sqlite_list.c, sqlite_sessions.c, sqlite_visits.c): the handle and shared
 * helpers. */
#ifndef QIAO_STORE_SQLITE_INT_H
#define QIAO_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "core/buf.h"
#include "store/backend.h"

enum { ST_INS, ST_UPD, ST_GET, ST_EXISTS, ST_DEL, ST_N };

/* Sessions, tokens and throttling statements (sqlite_sessions.c). */
enum { SS_PUT, SS_GET, SS_DEL, SS_EXPIRE, SS_TOK_PUT, SS_TOK_GET, SS_THR_GET, SS_THR_FAIL,
       SS_THR_CLEAR, SS_TOK_USE, SS_N };

/* Account and credential statements (sqlite_accounts.c). */
enum { SA_THR_ADD, SA_TOK_LIST, SA_TOK_REVOKE, SA_DISABLE, SA_RESET_PUT, SA_RESET_PEEK,
       SA_RESET_TAKE, SA_AUDIT_ADD, SA_KEY_PUT, SA_KEY_GET, SA_RVERSION, SA_N };

/* Visit statements (sqlite_visits.c). */
enum { SV_RECORD, SV_GET, SV_N };

/* Notification and outbox statements (sqlite_notify.c). */
enum { SN_ADD, SN_UNREAD, SN_READ_ONE, SN_READ_ALL, SN_MAIL_ADD, SN_MAIL_SENT, SN_MAIL_FAILED,
       SN_N };

/* Prepared list statements kept by SQL text (sqlite_list.c). */
#define SQ_LIST_CACHE 24
typedef struct sq_cached {
    char *sql;            /* NULL: empty slot */
    sqlite3_stmt *st;
    int busy;             /* in use by a running list (a callback may list again) */
    unsigned long used;   /* last use, for eviction */
} sq_cached;

typedef struct sq {
    store base;
    sqlite3 *db;
    char path[512];
    int prepared;
    sqlite3_stmt *st[MODEL_KIND_COUNT][ST_N];
    sqlite3_stmt *user_put, *user_get;
    sqlite3_stmt *ss[SS_N];
    sqlite3_stmt *sv[SV_N];
    sqlite3_stmt *sn[SN_N];
    sqlite3_stmt *sa[SA_N];
    sq_cached cache[SQ_LIST_CACHE];
    unsigned long clock;
    buf doc;                 /* the canonical line being written */
    /* store_data_version: the last PRAGMA data_version (others' commits) and
     * sqlite3_total_changes64 (this handle's writes) seen, and the counter
     * bumped whenever either moved */
    int64_t dv_pragma, dv_changes;
    uint64_t dv;
    int bulk;                /* a bulk write is open (sqlite_bulk.c) */
    struct sq_bulk *bk;      /* the records it put (sqlite_bulk_rows.c) */
    buf bulk_sql;            /* the triggers to make again at its end */
    int64_t bulk_cache;      /* PRAGMA cache_size before it, 0 none */
} sq;

int store_sq_dberr(sq *q, qiao_err *e, const char *what);
/* Prepares a statement kept for the handle's life (a schema too old for it
 * gets an error that says to run `qiao migrate`). */
int store_sq_prep(sq *q, const char *sql, sqlite3_stmt **st, qiao_err *e);
/* Statement `which` of a file's table of SQL, prepared on first use into
 * slots[which] (store_sq_prep); NULL on an error. */
sqlite3_stmt *store_sq_stmt(sq *q, sqlite3_stmt **slots, const char *const *sqls, int which,
                            qiao_err *e);
/* Finalizes slots[0..n) and clears them. */
void store_sq_finalize(sqlite3_stmt **slots, int n);
/* The column of kind k's table holding top-level field `field`, or NULL. */
const char *store_sq_column(model_kind k, const char *field);

int store_sq_list(store *s, model_kind k, const store_filter *f, const store_sort *sort,
                  int64_t offset, int64_t limit, store_scan_fn fn, void *ud, int64_t *total,
                  qiao_err *e);
void store_sq_list_unprepare(sq *q);
/* A statement for sql from the handle's cache (kept by SQL text, as the
 * lists' are; a busy one is never handed out twice), or NULL with e filled;
 * give it back with store_sq_stmt_put (which resets it and clears its
 * bindings). For lookups asked on every request (sqlite_lookup.c). */
sqlite3_stmt *store_sq_stmt_get(sq *q, const char *sql, int *slot, qiao_err *e);
void store_sq_stmt_put(sq *q, sqlite3_stmt *st, int slot);

int store_sq_session_put(store *s, const char *id_hash, const char *login, const char *csrf,
                         int64_t created, int64_t expires, qiao_err *e);
int store_sq_session_get(store *s, const char *id_hash, int64_t now, char login[65],
                         char csrf[STORE_SECRET_HEX], qiao_err *e);
int store_sq_session_del(store *s, const char *id_hash, qiao_err *e);
int store_sq_session_expire(store *s, int64_t now, int64_t *removed, qiao_err *e);
int store_sq_token_put(store *s, const char *hash, const char *login, const char *label,
                       int64_t created, int64_t expires, qiao_err *e);
int store_sq_token_get(store *s, const char *hash, int64_t now, char login[65], qiao_err *e);
int store_sq_throttle_get(store *s, const char *key, int64_t *failures, int64_t *first_at,
                          qiao_err *e);
int store_sq_throttle_fail(store *s, const char *key, int64_t now, int64_t window, qiao_err *e);
int store_sq_throttle_clear(store *s, const char *key, qiao_err *e);
void store_sq_sessions_unprepare(sq *q);

int store_sq_visit_record(store *s, const char *login, int64_t now, qiao_err *e);
int store_sq_visit_get(store *s, const char *login, int64_t *last, int64_t *previous,
                       qiao_err *e);
int store_sq_changed_since(store *s, int64_t since, int64_t limit, store_changed_fn fn,
                           void *ud, qiao_err *e);
void store_sq_visits_unprepare(sq *q);

/* sqlite_notify.c */
/* Fills u's email, name and phone from columns col, col+1, col+2 of st. */
void store_sq_user_contact(sqlite3_stmt *st, int col, store_user *u);
int store_sq_users_scan(store *s, const char *org, store_user_fn fn, void *ud, qiao_err *e);
int store_sq_notice_add(store *s, store_notice *n, qiao_err *e);
int store_sq_notice_list(store *s, const char *login, int unread_only, int64_t offset,
                         int64_t limit, store_notice_fn fn, void *ud, int64_t *total,
                         qiao_err *e);
int store_sq_notice_unread(store *s, const char *login, int64_t *n, qiao_err *e);
int store_sq_notice_mark_read(store *s, const char *login, int64_t id, int64_t now,
                              qiao_err *e);
int store_sq_mail_add(store *s, store_mail *m, qiao_err *e);
int store_sq_mail_due(store *s, int64_t now, int64_t limit, store_mail_fn fn, void *ud,
                      qiao_err *e);
int store_sq_mail_sent(store *s, int64_t id, int64_t now, qiao_err *e);
int store_sq_mail_failed(store *s, int64_t id, int64_t next_at, const char *error, qiao_err *e);
void store_sq_notify_unprepare(sq *q);


/* sqlite_join.c */
int store_sq_app_add(store *s, store_application *a, const char *token_hash, qiao_err *e);
int store_sq_app_get(store *s, int64_t id, const char *token_hash, store_application *out,
                     qiao_err *e);
int store_sq_app_list(store *s, const char *status, int64_t limit, store_application_fn fn,
                      void *ud, qiao_err *e);
int store_sq_app_review(store *s, int64_t id, const char *status, const char *reason,
                        const char *org, const char *by, int64_t at, qiao_err *e);
int store_sq_app_pending(store *s, const char *credit_code, const char *login, int *code_taken,
                         int *login_taken, qiao_err *e);
int store_sq_org_by_credit_code(store *s, const char *code, char org[65], qiao_err *e);
int store_sq_invite_add(store *s, store_invitation *iv, const char *token_hash, qiao_err *e);
int store_sq_invite_get(store *s, const char *token_hash, store_invitation *out, qiao_err *e);
int store_sq_invite_use(store *s, int64_t id, const char *login, int64_t now, qiao_err *e);
int store_sq_org_admin_set(store *s, const char *login, int on, qiao_err *e);
int store_sq_org_admin_get(store *s, const char *login, int *on, qiao_err *e);
/* sqlite_interest.c */
int store_sq_interest_add(store *s, store_interest *i, qiao_err *e);
int store_sq_interest_get(store *s, int64_t id, store_interest *out, qiao_err *e);
int store_sq_interest_update(store *s, const store_interest *i, qiao_err *e);
int store_sq_interest_list(store *s, const store_interest_filter *f, int64_t limit,
                           store_interest_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_sq_message_add(store *s, store_message *m, qiao_err *e);
int store_sq_message_list(store *s, int64_t interest, store_message_fn fn, void *ud,
                          qiao_err *e);
int store_sq_dismissal_put(store *s, store_dismissal *d, qiao_err *e);
int store_sq_dismissal_del(store *s, const char *org, const char *kind, const char *target,
                           int *removed, qiao_err *e);
int store_sq_dismissal_list(store *s, const char *org, const char *kind, const char *target,
                            store_dismissal_fn fn, void *ud, qiao_err *e);
int store_sq_sign_put(store *s, const store_sign *p, qiao_err *e);
int store_sq_sign_get(store *s, const char *project, store_sign *out, qiao_err *e);
int store_sq_sign_del(store *s, const char *project, qiao_err *e);
/* sqlite_accounts.c */
int store_sq_throttle_add(store *s, const char *key, int64_t now, int64_t window, int delta,
                          int64_t *failures, int64_t *first_at, qiao_err *e);
int store_sq_token_list(store *s, const char *login, int64_t now, store_token_fn fn, void *ud,
                        qiao_err *e);
int store_sq_token_revoke(store *s, const char *login, int64_t id, qiao_err *e);
int store_sq_user_disable(store *s, const char *login, int disabled, qiao_err *e);
int store_sq_users_find(store *s, const char *q, int64_t offset, int64_t limit,
                        store_user_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_sq_reset_put(store *s, const char *hash, const char *login, int64_t created,
                       int64_t expires, const char *by, qiao_err *e);
int store_sq_reset_get(store *s, const char *hash, int64_t now, int take, char login[65],
                       qiao_err *e);
int store_sq_audit_add(store *s, store_audit *a, qiao_err *e);
int store_sq_audit_list(store *s, const char *target, int64_t offset, int64_t limit,
                        store_audit_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_sq_server_key(store *s, const char *name, const char *fresh,
                        char out[STORE_SECRET_HEX], qiao_err *e);
int store_sq_records_version(store *s, int64_t *v, qiao_err *e);
void store_sq_accounts_unprepare(sq *q);
/* sqlite_mail.c */
int store_sq_pref_get(store *s, const char *login, const char *kind, int *mail, int *digest,
                      qiao_err *e);
int store_sq_pref_set(store *s, const char *login, const char *kind, int mail, int digest,
                      qiao_err *e);
int store_sq_mail_claim(store *s, int64_t now, int64_t until, int64_t limit, store_mail_fn fn,
                        void *ud, qiao_err *e);
int store_sq_mail_held(store *s, int64_t before, store_mail_fn fn, void *ud, qiao_err *e);
int store_sq_mail_held_done(store *s, const char *login, int64_t upto, int64_t now, qiao_err *e);
int store_sq_mail_list(store *s, int pending_only, int64_t limit, store_mail_fn fn, void *ud,
                       qiao_err *e);
int store_sq_notice_get(store *s, const char *login, int64_t id, store_notice_fn fn, void *ud,
                        qiao_err *e);
/* sqlite_bulk.c: store_bulk_begin / _end; stage: a put while the bulk is
 * open (changed: the document differs from the stored one); unstage: a
 * delete; reset: after a rollback. */
int store_sq_bulk_begin(store *s, qiao_err *e);
int store_sq_bulk_end(store *s, qiao_err *e);
int store_sq_bulk_stage(sq *q, const model_record *r, int created, int changed, qiao_err *e);
int store_sq_bulk_unstage(sq *q, model_kind k, const char *key, qiao_err *e);
void store_sq_bulk_reset(sq *q);
void store_sq_bulk_unprepare(sq *q);
/* The handle's page cache size back as before its last bulk (after a commit). */
void store_sq_bulk_cache_restore(sq *q);
/* sqlite_bulk_rows.c: the records a bulk put, in memory, read by SQL as the
 * virtual tables qiao_bulk_rows(kind, key, created, changed) and
 * qiao_bulk_chains(kind, key, chain) of the handle's connection. open:
 * registers them (once per handle); put: notes a put (chains: the record's
 * chains list or NULL; a key put again keeps its first position, its last
 * chains); del: forgets a deleted one; clear: forgets all; free: after the
 * connection closed. */
int store_sq_bulk_rows_open(sq *q, qiao_err *e);
void store_sq_bulk_rows_put(sq *q, model_kind k, const char *key, int created, int changed,
                            const json_t *chains);
void store_sq_bulk_rows_del(sq *q, model_kind k, const char *key);
void store_sq_bulk_rows_clear(sq *q);
void store_sq_bulk_rows_free(sq *q);
/* sqlite_managers.c */
int store_sq_manager_set(store *s, const store_manager *m, int on, int *changed, qiao_err *e);
int store_sq_manager_list(store *s, const char *org, const char *login, store_manager_fn fn,
                          void *ud, qiao_err *e);
/* sqlite_interest.c: the SQL of store_interest_list (count: its count(*)) */
void store_sq_interest_list_sql(const store_interest_filter *f, int count, buf *sql);
/* ... and of store_dismissal_list */
void store_sq_dismissal_list_sql(const char *org, const char *kind, const char *target, buf *sql);
/* sqlite_lookup.c; the SQL of its statements (store_sq_lookup_sql: one of
 * SQ_LOOKUP_*, store_sq_tags_sql: record_tags' for "zone" or "chain") for
 * the test of their plans */
enum { SQ_LOOKUP_ACH_SINCE, SQ_LOOKUP_DEM_SINCE, SQ_LOOKUP_PAIR, SQ_LOOKUP_ORG_PROJECTS,
       SQ_LOOKUP_EV_REGISTRATION, SQ_LOOKUP_EV_MEETING_REQUEST, SQ_LOOKUP_EV_PROJECT,
       SQ_LOOKUP_N };
const char *store_sq_lookup_sql(int which);
void store_sq_tags_sql(const char *what, buf *sql);
int store_sq_published_since(store *s, model_kind k, const char *day, const char *org,
                             int64_t limit, store_scan_fn fn, void *ud, qiao_err *e);
int store_sq_project_of_pair(store *s, const char *achievement, const char *demand,
                             char key[MODEL_KEY_MAX], qiao_err *e);
int store_sq_projects_of_org(store *s, const char *org, store_scan_fn fn, void *ud,
                             qiao_err *e);
int store_sq_record_tags(store *s, const char *what, store_value_fn fn, void *ud, qiao_err *e);
int store_sq_event_records(store *s, model_kind k, const char *event, store_scan_fn fn, void *ud,
                           qiao_err *e);

/* sqlite_advice.c */
int store_sq_user_person_set(store *s, const char *login, const char *person, qiao_err *e);
int store_sq_user_person_get(store *s, const char *login, char person[MODEL_KEY_MAX],
                             qiao_err *e);
int store_sq_person_account(store *s, const char *person, char login[65], qiao_err *e);
int store_sq_advice_add(store *s, store_advice *a, qiao_err *e);
int store_sq_advice_get(store *s, int64_t id, store_advice *out, qiao_err *e);
int store_sq_advice_update(store *s, const store_advice *a, qiao_err *e);
int store_sq_advice_list(store *s, const store_advice_filter *f, int64_t limit,
                         store_advice_fn fn, void *ud, qiao_err *e);

/* sqlite_alerts.c */
int store_sq_alert_pos_get(store *s, const char *name, int64_t *pos, qiao_err *e);
int store_sq_alert_pos_set(store *s, const char *name, int64_t pos, qiao_err *e);
int store_sq_alert_mark(store *s, const char *kind, const char *subject, const char *object,
                        int64_t at, int *fresh, qiao_err *e);
int store_sq_alert_marked(store *s, const char *kind, const char *subject, const char *object,
                          int *yes, qiao_err *e);
int store_sq_alert_bar_get(store *s, const char *demand, float *scores, size_t cap, size_t *n,
                           qiao_err *e);
int store_sq_alert_bar_put(store *s, const char *demand, const float *scores, size_t n,
                           int64_t at, qiao_err *e);
/* sqlite_saved.c */
int store_sq_saved_add(store *s, store_saved *ss, qiao_err *e);
int store_sq_saved_list(store *s, const char *login, int64_t due_before_daily,
                        int64_t due_before_weekly, store_saved_fn fn, void *ud, qiao_err *e);
int store_sq_saved_del(store *s, const char *login, int64_t id, qiao_err *e);
int store_sq_saved_ran(store *s, int64_t id, int64_t at, qiao_err *e);
int store_sq_follow_add(store *s, store_follow *f, qiao_err *e);
int store_sq_follow_del(store *s, const char *login, const char *what, const char *value,
                        qiao_err *e);
int store_sq_follow_list(store *s, const char *login, int64_t due_before, store_follow_fn fn,
                         void *ud, qiao_err *e);
int store_sq_follow_ran(store *s, const char *login, int64_t at, qiao_err *e);

#endif
