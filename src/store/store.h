/* store/store.h — the system of record behind one interface.
 *
 * Callers use only the functions below; a backend fills a store_ops table.
 * SQLite (store/sqlite.c) is the embedded default; a PostgreSQL backend can
 * implement the same table later without any caller changing.
 *
 *   store *s;
 *   qiao_err e = {0};
 *   if (store_open("qiao.db", &s, &e) < 0) ...   // creates and migrates
 *   store_begin(s, &e);
 *   store_put(s, &record, &e);                    // upsert by (kind, key)
 *   store_commit(s, &e);                          // or store_rollback(s)
 *   store_close(s);
 *
 * Writes happen inside a transaction: store_put outside one is an error
 * (QIAO_EINVAL) so that "all or nothing" cannot be forgotten. Reads may be
 * done inside or outside one.
 *
 * A store handle is used by one thread at a time; open one per thread.
 */
#ifndef QIAO_STORE_STORE_H
#define QIAO_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "model/model.h"

typedef struct store store;

/* Called for each record of a scan; return non-zero to stop the scan (that
 * value is returned by store_scan). The record is valid only during the call. */
typedef int (*store_scan_fn)(const model_record *r, void *ud);

/* Called for each logged change of store_changes: the record (kind, key)
 * was written or deleted. Return non-zero to stop. */
typedef int (*store_change_fn)(model_kind k, const char *key, void *ud);
/* Called for each record of store_changed_since: (kind, key) was last written
 * at `at` (unix seconds). key is valid during the call only. Return non-zero
 * to stop. */
typedef int (*store_changed_fn)(model_kind k, const char *key, int64_t at, void *ud);
#define STORE_UID_LEN 33          /* 32 hex digits and NUL */

typedef struct store_user {
    int64_t id;
    char login[65];
    char pwhash[129];     /* argon2id string from crypto_pwhash_str */
    char role[32];        /* admin, staff, university, enterprise, tech_manager, investor, expert */
    char org[65];         /* org id or "" */
    char created[40];     /* ISO 8601 */
    /* the account holder's contact (migration 008; "" when not given): where
     * mail goes, and what the other side of an accepted interest sees */
    char email[255];
    char name[65];
    char phone[33];
    /* migration 011: a disabled account cannot sign in (store_user_disable;
     * store_user_put leaves it as it is); last_signin: unix seconds of the
     * last sign-in, filled by store_users_find only (0 elsewhere) */
    int disabled;
    int64_t last_signin;
} store_user;

/* A saved search (table saved_searches, migration 013). Plain data. */
typedef struct store_saved {
    int64_t id;                /* set by store_saved_add */
    char login[65];
    char kind[16];             /* achievement or demand */
    char q[301];               /* the words typed (up to 100 characters) */
    char chain[301], zone[601];
    int trl_min;               /* 0 = any */
    char freq[8];              /* daily or weekly */
    int64_t created, last_run; /* unix seconds */
} store_saved;
typedef int (*store_saved_fn)(const store_saved *ss, void *ud);

/* A chain or zone an account follows (table follows). Plain data. */
typedef struct store_follow {
    char login[65];
    char what[8];              /* chain or zone */
    char value[601];
    int64_t created, last_run;
} store_follow;
typedef int (*store_follow_fn)(const store_follow *f, void *ud);
/* A technology manager's authorisation to act for an org (migration 014). */
typedef struct store_manager {
    char org[65];
    char login[65];
    char granted_by[65];
    int64_t granted_at;   /* unix seconds; 0 = now (store_manager_set) */
} store_manager;
typedef int (*store_manager_fn)(const store_manager *m, void *ud);

/* Called for each value of store_record_tags. Valid during the call only. */
typedef int (*store_value_fn)(const char *value, void *ud);

/* Called for each account of store_users_scan. Valid during the call only. */
typedef int (*store_user_fn)(const store_user *u, void *ud);

/* An in-app notification (table notices). Strings borrowed: read during
 * notice_add, valid during the callback of a list. */
typedef struct store_notice {
    int64_t id;           /* set by store_notice_add */
    const char *login;    /* the recipient */
    const char *kind;     /* a code of notify_kinds() (src/notify/notify.h) */
    const char *title;    /* one line, Chinese */
    const char *body;     /* plain text, may be "" */
    const char *link;     /* "" or a path on the site ("/me/interests/12") */
    int64_t created;      /* unix seconds (set by store_notice_add when 0) */
    int64_t read_at;      /* unix seconds, 0 = unread */
} store_notice;
typedef int (*store_notice_fn)(const store_notice *n, void *ud);

/* A mail of the outbox (table mail_outbox). Strings borrowed as above. */
typedef struct store_mail {
    int64_t id;           /* set by store_mail_add */
    const char *to;       /* the address */
    const char *subject;
    const char *body;     /* plain text */
    const char *link;     /* "" or a path on the site, made absolute by the sender */
    const char *kind;     /* notify kind code, "" for none */
    const char *login;    /* the recipient's account, "" when none yet */
    int64_t created;      /* unix seconds (set by store_mail_add when 0) */
    int64_t next_at;      /* not before; store_mail_add sets it to created when 0 */
    int64_t sent_at;      /* 0 = not delivered yet */
    int attempts;
    const char *last_error;
    int digest;           /* 1: held for the daily digest (migration 009) */
} store_mail;
typedef int (*store_mail_fn)(const store_mail *m, void *ud);

/* An organisation's application to join (table applications, migration 009;
 * the rules in src/join/join.h). Plain data. */
typedef struct store_application {
    int64_t id;                /* set by store_application_add */
    char name[601];            /* the org's name (up to 200 characters) */
    char type[16];             /* university, institute, enterprise, investor, service */
    char credit_code[19];      /* canonical (model_credit_code_normalize) */
    char region[601], zone[601];
    char contact_name[65], contact_phone[33], contact_email[255];
    char login[65];            /* the account to create */
    char pwhash[129];          /* its argon2id hash */
    char status[12];           /* pending, approved, rejected */
    char reason[6001];         /* why it was rejected */
    char org[65];              /* the org created on approval */
    char reviewed_by[65];
    int64_t created, reviewed_at;   /* unix seconds (reviewed_at 0: not yet) */
} store_application;
typedef int (*store_application_fn)(const store_application *a, void *ud);

/* An invitation to set up an account (table invitations). Plain data. */
typedef struct store_invitation {
    int64_t id;
    char org[65];
    char role[32];
    char email[255];
    char invited_by[65];
    int64_t created, expires, used_at;   /* unix seconds; used_at 0 = not used */
    char login[65];                      /* the account made with it */
} store_invitation;

/* One stage change of a cooperation project (table project_history, see
 * src/project/project.h for the rules). Strings are borrowed: on add they are
 * read during the call; in a scan they are valid during the callback only. */
typedef struct store_history {
    int64_t id;           /* set by store_history_add; entries of a project in id order */
    const char *project;  /* project key */
    const char *from;     /* "" for the entry that started the project */
    const char *to;
    const char *at;       /* ISO 8601 with offset */
    const char *by;       /* user or person id, "" when unknown */
    const char *note;     /* "" when none */
} store_history;

typedef int (*store_history_fn)(const store_history *h, void *ud);

/* Lists (store_list): which records, in which order. Every filter field is
 * optional (NULL, "" or 0 = any); the conditions are ANDed. */
typedef struct store_filter {
    const char *org;      /* the record's org */
    const char *status;   /* the effective status (defaults of DATA.md applied) */
    const char *zone;
    const char *chain;    /* one of the record's chains[] (org, achievement, demand, event) */
    const char *text;     /* substring (ASCII case-insensitive) of title, summary,
                             description, name, discipline, expertise, id or a keyword */
    int trl_min, trl_max; /* 1-9: achievement trl / demand trl_min in [min, max] */
    const char *const *keys;  /* only these records (nkeys of them); sort field "rank"  */
    size_t nkeys;             /* keeps their order (e.g. the hits of a ranked search) */
    const char *mode;         /* one of the record's modes[] (achievement, demand) */
    const char *const *orgs;  /* with by_orgs: the record's org (an org: itself) is one of these norgs */
    size_t norgs;             /* (the orgs of an org type; none: no record) */
    int by_orgs;
} store_filter;

typedef struct store_sort {
    const char *field;    /* NULL/"" or "id": by id. Else one of: title, name, published,
                             trl, price (achievement), budget, deadline, trl_min (demand),
                             starts (event), rank (with filter keys). Records without the
                             field come last either way; ties by id. */
    int desc;             /* non-zero: descending */
} store_sort;

/* Sessions, API tokens and sign-in throttling (the web layer's state; in the
 * store so that several server nodes sharing a store share it). Secrets (a
 * session id, a token) are 32 random bytes in hex, made here and returned
 * once; the backends only ever see their BLAKE2b-256 hash. */
#define STORE_SECRET_HEX 65               /* 64 hex digits + NUL */
#define STORE_TOKEN_PREFIX "qiao_"
#define STORE_TOKEN_LEN (5 + 64 + 1)

/* Interests, their messages, dismissals and signing proposals (migration
 * 009; the rules in src/interest/interest.h). An interest is plain data. */
typedef struct store_interest {
    int64_t id;               /* set by store_interest_add */
    char from_login[65];
    char from_org[65];        /* "" when the sender's account has no org */
    char kind[16];            /* achievement | demand: the record it is in */
    char target[MODEL_KEY_MAX];
    char to_org[65];          /* the record's org */
    char via_kind[16];        /* "" or the sender's record it matched */
    char via[MODEL_KEY_MAX];
    char status[16];          /* open, accepted, declined, closed */
    char reason[2048];        /* why declined or closed, "" otherwise */
    char decided_by[65];      /* the login that accepted or declined */
    int64_t created, updated; /* unix seconds */
    char proposed_by[65];     /* a login that proposed a project, "" none */
    char project[MODEL_KEY_MAX]; /* the project started from it, "" none */
} store_interest;
typedef int (*store_interest_fn)(const store_interest *i, void *ud);

/* Which interests store_interest_list returns (every field optional, NULL or
 * "" = any; conditions ANDed). party: the sender's login, the sender's org or
 * the receiving org is this value (an account's view: give its org, or its
 * login when it has none). */
typedef struct store_interest_filter {
    const char *party;
    const char *kind, *target;   /* the record it is in */
    const char *status;          /* one status, or "live": open or accepted */
    const char *from_login;
    int64_t since;               /* created at or after (unix seconds), 0 = any */
    int64_t before;              /* id below this (paging newest first), 0 = any */
} store_interest_filter;

/* A message of an interest's thread, or a dismissal. Strings borrowed. */
typedef struct store_message {
    int64_t id;
    int64_t interest;
    const char *login, *body;
    int64_t created;
} store_message;
typedef int (*store_message_fn)(const store_message *m, void *ud);

typedef struct store_dismissal {
    int64_t id;
    const char *org;             /* the org that dismissed */
    const char *kind, *target;   /* the record dismissed */
    const char *via_kind, *via;  /* the org's record it was suggested for, or "" */
    const char *reason;          /* a code of interest_reasons() */
    const char *note;
    const char *login;
    int64_t created;             /* unix seconds; set when 0 */
} store_dismissal;
typedef int (*store_dismissal_fn)(const store_dismissal *d, void *ud);

/* The first party's "signed" of a project, waiting for the other's. */
typedef struct store_sign {
    char project[MODEL_KEY_MAX];
    char stage[16];
    char party[MODEL_KEY_MAX];
    char login[65];
    int64_t at;
    char signed_on[16];
    char mode[32];
    char agreement[640];
    long long amount;
    int has_amount;
} store_sign;
/* An API token as listed (never the token itself). Strings valid during the
 * callback only. */
typedef struct store_token_info {
    int64_t id;
    const char *login;
    const char *label;    /* its name, "" when none */
    int64_t created, expires, last_used;   /* unix seconds; last_used 0 = never */
} store_token_info;
typedef int (*store_token_fn)(const store_token_info *t, void *ud);

/* One change staff (or the holder) made to an account (table account_audit).
 * Strings borrowed as store_notice's. */
typedef struct store_audit {
    int64_t id;           /* set by store_audit_add */
    int64_t at;           /* unix seconds (set by store_audit_add when 0) */
    const char *actor;    /* who did it */
    const char *target;   /* the account changed */
    const char *action;   /* disable, enable, role, reset_link, password, token_revoke */
    const char *detail;   /* "" or e.g. "staff -> admin" */
} store_audit;
typedef int (*store_audit_fn)(const store_audit *a, void *ud);

/* An invitation to advise on a demand (table advice, migration 015; the
 * rules in src/advice/advice.h). Plain data. */
typedef struct store_advice {
    int64_t id;                    /* set by store_advice_add */
    char demand[MODEL_KEY_MAX];
    char person[MODEL_KEY_MAX];    /* the expert invited */
    char org[65];                  /* the demand's org when invited */
    char login[65];                /* the inviting account */
    char message[6001];            /* up to 2,000 characters */
    char status[16];               /* invited, accepted, declined, closed */
    char reason[1501];             /* why declined or closed, "" otherwise */
    char expert[65];               /* the account that answered, "" before */
    int64_t created, updated;      /* unix seconds */
} store_advice;
typedef int (*store_advice_fn)(const store_advice *a, void *ud);
/* Which invitations store_advice_list returns (NULL or "" = any; ANDed).
 * status: one status, or "live": invited or accepted. */
typedef struct store_advice_filter {
    const char *demand, *person, *org, *login, *status;
} store_advice_filter;

typedef struct store_ops {
    const char *name;                                   /* "sqlite" */
    int  (*begin)(store *s, qiao_err *e);
    int  (*commit)(store *s, qiao_err *e);
    void (*rollback)(store *s);
    int  (*put)(store *s, const model_record *r, int *created, qiao_err *e);
    int  (*get)(store *s, model_kind k, const char *key, model_record *out, qiao_err *e);
    int  (*exists)(store *s, model_kind k, const char *key, qiao_err *e);
    int  (*del)(store *s, model_kind k, const char *key, qiao_err *e);
    int  (*scan)(store *s, model_kind k, store_scan_fn fn, void *ud, qiao_err *e);
    int  (*count)(store *s, model_kind k, int64_t *n, qiao_err *e);
    int  (*schema_version)(store *s, int *version, qiao_err *e);
    int  (*migrate)(store *s, int target, qiao_err *e);
    int  (*user_put)(store *s, store_user *u, qiao_err *e);
    int  (*user_get)(store *s, const char *login, store_user *out, qiao_err *e);
    int  (*history_add)(store *s, store_history *h, qiao_err *e);
    int  (*history_scan)(store *s, const char *project, store_history_fn fn, void *ud,
                         qiao_err *e);
    int  (*generation)(store *s, int64_t *gen, char uid[STORE_UID_LEN], qiao_err *e);
    int  (*changes)(store *s, int64_t since, store_change_fn fn, void *ud, int64_t *count,
                    qiao_err *e);
    /* see store_data_version */
    int  (*data_version)(store *s, uint64_t *v, qiao_err *e);
    /* offset/limit already checked; total may be NULL */
    int  (*list)(store *s, model_kind k, const store_filter *f, const store_sort *sort,
                 int64_t offset, int64_t limit, store_scan_fn fn, void *ud, int64_t *total,
                 qiao_err *e);
    /* sessions etc.: hashes in hex, times in unix seconds */
    int  (*session_put)(store *s, const char *id_hash, const char *login, const char *csrf,
                        int64_t created, int64_t expires, qiao_err *e);
    int  (*session_get)(store *s, const char *id_hash, int64_t now, char login[65],
                        char csrf[STORE_SECRET_HEX], qiao_err *e);
    int  (*session_del)(store *s, const char *id_hash, qiao_err *e);
    int  (*session_expire)(store *s, int64_t now, int64_t *removed, qiao_err *e);
    int  (*token_put)(store *s, const char *hash, const char *login, const char *label,
                      int64_t created, int64_t expires, qiao_err *e);
    /* unexpired at `now`; records the use (at most once a minute) */
    int  (*token_get)(store *s, const char *hash, int64_t now, char login[65], qiao_err *e);
    /* *failures = 0 when the key has no row */
    int  (*throttle_get)(store *s, const char *key, int64_t *failures, int64_t *first_at,
                         qiao_err *e);
    int  (*throttle_fail)(store *s, const char *key, int64_t now, int64_t window, qiao_err *e);
    int  (*throttle_clear)(store *s, const char *key, qiao_err *e);
    /* "new since my last visit": *last = *previous = 0 when the login has no row;
     * limit already checked */
    int  (*visit_record)(store *s, const char *login, int64_t now, qiao_err *e);
    int  (*visit_get)(store *s, const char *login, int64_t *last, int64_t *previous,
                      qiao_err *e);
    int  (*changed_since)(store *s, int64_t since, int64_t limit, store_changed_fn fn,
                          void *ud, qiao_err *e);
    /* notify (sqlite_notify.c); limits already checked */
    int  (*users_scan)(store *s, const char *org, store_user_fn fn, void *ud, qiao_err *e);
    int  (*notice_add)(store *s, store_notice *n, qiao_err *e);
    int  (*notice_list)(store *s, const char *login, int unread_only, int64_t offset,
                        int64_t limit, store_notice_fn fn, void *ud, int64_t *total,
                        qiao_err *e);
    int  (*notice_unread)(store *s, const char *login, int64_t *n, qiao_err *e);
    int  (*notice_mark_read)(store *s, const char *login, int64_t id, int64_t now, qiao_err *e);
    int  (*mail_add)(store *s, store_mail *m, qiao_err *e);
    int  (*mail_due)(store *s, int64_t now, int64_t limit, store_mail_fn fn, void *ud,
                     qiao_err *e);
    int  (*mail_sent)(store *s, int64_t id, int64_t now, qiao_err *e);
    int  (*mail_failed)(store *s, int64_t id, int64_t next_at, const char *error, qiao_err *e);
    /* applications and invitations (sqlite_join.c); secrets already hashed */
    int  (*app_add)(store *s, store_application *a, const char *token_hash, qiao_err *e);
    int  (*app_get)(store *s, int64_t id, const char *token_hash, store_application *out,
                    qiao_err *e);
    int  (*app_list)(store *s, const char *status, int64_t limit, store_application_fn fn,
                     void *ud, qiao_err *e);
    int  (*app_review)(store *s, int64_t id, const char *status, const char *reason,
                       const char *org, const char *by, int64_t at, qiao_err *e);
    int  (*app_pending)(store *s, const char *credit_code, const char *login, int *code_taken,
                        int *login_taken, qiao_err *e);
    int  (*org_by_credit_code)(store *s, const char *code, char org[65], qiao_err *e);
    int  (*invite_add)(store *s, store_invitation *iv, const char *token_hash, qiao_err *e);
    int  (*invite_get)(store *s, const char *token_hash, store_invitation *out, qiao_err *e);
    int  (*invite_use)(store *s, int64_t id, const char *login, int64_t now, qiao_err *e);
    int  (*org_admin_set)(store *s, const char *login, int on, qiao_err *e);
    int  (*org_admin_get)(store *s, const char *login, int *on, qiao_err *e);
    /* interests (sqlite_interest.c); arguments already checked */
    int  (*interest_add)(store *s, store_interest *i, qiao_err *e);
    int  (*interest_get)(store *s, int64_t id, store_interest *out, qiao_err *e);
    int  (*interest_update)(store *s, const store_interest *i, qiao_err *e);
    int  (*interest_list)(store *s, const store_interest_filter *f, int64_t limit,
                          store_interest_fn fn, void *ud, int64_t *total, qiao_err *e);
    int  (*message_add)(store *s, store_message *m, qiao_err *e);
    int  (*message_list)(store *s, int64_t interest, store_message_fn fn, void *ud,
                         qiao_err *e);
    int  (*dismissal_put)(store *s, store_dismissal *d, qiao_err *e);
    int  (*dismissal_del)(store *s, const char *org, const char *kind, const char *target,
                          int *removed, qiao_err *e);
    int  (*dismissal_list)(store *s, const char *org, const char *kind, const char *target,
                           store_dismissal_fn fn, void *ud, qiao_err *e);
    int  (*sign_put)(store *s, const store_sign *p, qiao_err *e);
    int  (*sign_get)(store *s, const char *project, store_sign *out, qiao_err *e);
    int  (*sign_del)(store *s, const char *project, qiao_err *e);
    /* accounts and credentials (sqlite_accounts.c, migration 011) */
    int  (*throttle_add)(store *s, const char *key, int64_t now, int64_t window, int delta,
                         int64_t *failures, int64_t *first_at, qiao_err *e);
    int  (*token_list)(store *s, const char *login, int64_t now, store_token_fn fn, void *ud,
                       qiao_err *e);
    int  (*token_revoke)(store *s, const char *login, int64_t id, qiao_err *e);
    int  (*user_disable)(store *s, const char *login, int disabled, qiao_err *e);
    int  (*users_find)(store *s, const char *q, int64_t offset, int64_t limit,
                       store_user_fn fn, void *ud, int64_t *total, qiao_err *e);
    int  (*reset_put)(store *s, const char *hash, const char *login, int64_t created,
                      int64_t expires, const char *by, qiao_err *e);
    /* take: marks it used (once) and gives its login; peek: only reads */
    int  (*reset_get)(store *s, const char *hash, int64_t now, int take, char login[65],
                      qiao_err *e);
    int  (*audit_add)(store *s, store_audit *a, qiao_err *e);
    int  (*audit_list)(store *s, const char *target, int64_t offset, int64_t limit,
                       store_audit_fn fn, void *ud, int64_t *total, qiao_err *e);
    /* the key `name`, made from `fresh` (hex) when there is none yet */
    int  (*server_key)(store *s, const char *name, const char *fresh,
                       char out[STORE_SECRET_HEX], qiao_err *e);
    int  (*records_version)(store *s, int64_t *v, qiao_err *e);
    /* mail preferences, claiming, digest, keys (sqlite_mail.c); checked */
    int  (*pref_get)(store *s, const char *login, const char *kind, int *mail, int *digest,
                     qiao_err *e);
    int  (*pref_set)(store *s, const char *login, const char *kind, int mail, int digest,
                     qiao_err *e);
    int  (*mail_claim)(store *s, int64_t now, int64_t until, int64_t limit, store_mail_fn fn,
                       void *ud, qiao_err *e);
    int  (*mail_held)(store *s, int64_t before, store_mail_fn fn, void *ud, qiao_err *e);
    int  (*mail_held_done)(store *s, const char *login, int64_t upto, int64_t now, qiao_err *e);
    int  (*mail_list)(store *s, int pending_only, int64_t limit, store_mail_fn fn, void *ud,
                      qiao_err *e);
    int  (*notice_get)(store *s, const char *login, int64_t id, store_notice_fn fn, void *ud,
                       qiao_err *e);
    /* alerts (sqlite_alerts.c, migration 013); scores already checked */
    int  (*alert_pos_get)(store *s, const char *name, int64_t *pos, qiao_err *e);
    int  (*alert_pos_set)(store *s, const char *name, int64_t pos, qiao_err *e);
    int  (*alert_mark)(store *s, const char *kind, const char *subject, const char *object,
                       int64_t at, int *fresh, qiao_err *e);
    int  (*alert_marked)(store *s, const char *kind, const char *subject, const char *object,
                         int *yes, qiao_err *e);
    int  (*alert_bar_get)(store *s, const char *demand, float *scores, size_t cap, size_t *n,
                          qiao_err *e);
    int  (*alert_bar_put)(store *s, const char *demand, const float *scores, size_t n,
                          int64_t at, qiao_err *e);
    int  (*saved_add)(store *s, store_saved *ss, qiao_err *e);
    int  (*saved_list)(store *s, const char *login, int64_t due_before_daily,
                       int64_t due_before_weekly, store_saved_fn fn, void *ud, qiao_err *e);
    int  (*saved_del)(store *s, const char *login, int64_t id, qiao_err *e);
    int  (*saved_ran)(store *s, int64_t id, int64_t at, qiao_err *e);
    int  (*follow_add)(store *s, store_follow *f, qiao_err *e);
    int  (*follow_del)(store *s, const char *login, const char *what, const char *value,
                       qiao_err *e);
    int  (*follow_list)(store *s, const char *login, int64_t due_before, store_follow_fn fn,
                        void *ud, qiao_err *e);
    int  (*follow_ran)(store *s, const char *login, int64_t at, qiao_err *e);
    /* technology managers (sqlite_managers.c, migration 014); checked */
    int  (*manager_set)(store *s, const store_manager *m, int on, int *changed, qiao_err *e);
    int  (*manager_list)(store *s, const char *org, const char *login, store_manager_fn fn,
                         void *ud, qiao_err *e);
    /* accounts linked to people, invitations to advise (sqlite_advice.c,
     * migration 015); checked */
    int  (*user_person_set)(store *s, const char *login, const char *person, qiao_err *e);
    int  (*user_person_get)(store *s, const char *login, char person[MODEL_KEY_MAX],
                            qiao_err *e);
    int  (*person_account)(store *s, const char *person, char login[65], qiao_err *e);
    int  (*advice_add)(store *s, store_advice *a, qiao_err *e);
    int  (*advice_get)(store *s, int64_t id, store_advice *out, qiao_err *e);
    int  (*advice_update)(store *s, const store_advice *a, qiao_err *e);
    int  (*advice_list)(store *s, const store_advice_filter *f, int64_t limit,
                        store_advice_fn fn, void *ud, qiao_err *e);
    /* the pages' lookups by index (sqlite_lookup.c, migration 016); checked */
    int  (*published_since)(store *s, model_kind k, const char *day, const char *org,
                            int64_t limit, store_scan_fn fn, void *ud, qiao_err *e);
    int  (*project_of_pair)(store *s, const char *achievement, const char *demand,
                            char key[MODEL_KEY_MAX], qiao_err *e);
    int  (*projects_of_org)(store *s, const char *org, store_scan_fn fn, void *ud, qiao_err *e);
    int  (*record_tags)(store *s, const char *what, store_value_fn fn, void *ud, qiao_err *e);
    int  (*event_records)(store *s, model_kind k, const char *event, store_scan_fn fn, void *ud,
                          qiao_err *e);
    /* bulk writes (sqlite_bulk.c, migration 017); inside a transaction */
    int  (*bulk_begin)(store *s, qiao_err *e);
    int  (*bulk_end)(store *s, qiao_err *e);
    void (*close)(store *s);
} store_ops;

/* Opens (creating if needed) the store at `url`: a file path or
 * "sqlite:PATH" for SQLite. Brings the schema to the latest version.
 * Returns 0, or an error naming the path and what went wrong. */
int store_open(const char *url, store **out, qiao_err *e);
/* Like store_open but leaves the schema as it is (for `qiao migrate`). */
int store_open_nomigrate(const char *url, store **out, qiao_err *e);
void store_close(store *s);

int  store_begin(store *s, qiao_err *e);
int  store_commit(store *s, qiao_err *e);
void store_rollback(store *s);

/* Inserts or replaces the record with r->kind and r->key. The record must be
 * valid (model_from_json); references are checked by the caller (io/import)
 * and again by the database's foreign keys at commit. */
int store_put(store *s, const model_record *r, qiao_err *e);
/* The same, telling whether the record was new (*created = 1) or replaced
 * one with the same key (*created = 0). */
int store_upsert(store *s, const model_record *r, int *created, qiao_err *e);
/* QIAO_ENOTFOUND when absent. out is filled; model_record_clear releases it. */
int store_get(store *s, model_kind k, const char *key, model_record *out, qiao_err *e);
/* 1 if present, 0 if absent, negative on error. */
int store_exists(store *s, model_kind k, const char *key, qiao_err *e);
int store_del(store *s, model_kind k, const char *key, qiao_err *e);
/* Every record of kind k in key order (byte order). */
int store_scan(store *s, model_kind k, store_scan_fn fn, void *ud, qiao_err *e);
int store_count(store *s, model_kind k, int64_t *n, qiao_err *e);
/* The records of kind k that pass f (NULL = all), in `sort` order (NULL = by
 * id), skipping `offset` and calling fn for at most `limit` of them (fn as in
 * store_scan; a non-zero return stops and is returned). *total (if not NULL)
 * is the number of records passing f. Filtering, sorting and paging happen
 * in the backend (SQL with bound values and indexes), never by reading every
 * record. QIAO_EINVAL for a sort field the kind does not have, a negative
 * offset or limit, or a limit above 10000. */
int store_list(store *s, model_kind k, const store_filter *f, const store_sort *sort,
               int64_t offset, int64_t limit, store_scan_fn fn, void *ud, int64_t *total,
               qiao_err *e);

/* Schema version: the number of the last migration applied (0 = empty). */
int store_schema_version(store *s, int *version, qiao_err *e);
/* Applies migrations up to `target` (-1 = latest). */
int store_migrate(store *s, int target, qiao_err *e);
/* The latest migration number this build knows. */
int store_latest_version(void);

/* Change log of the indexed kinds (achievement, demand, person), for
 * indexes kept beside the store (match/persist.c). Every write or delete of
 * such a record, by any process, raises the store's generation and is
 * logged. store_generation: the current generation (0 when nothing was
 * written) and a name of this store that no other store shares.
 * store_changes: calls fn for each change after generation `since`, oldest
 * first (a record may come more than once; re-read it: absent = deleted).
 * store_changes_count: how many there are.
 *
 * The position rule (index/index.h follows it): a reader that has applied
 * every change up to generation G (read with store_generation BEFORE it read
 * the changes) must never later find a change at or below G that it did not
 * see. Every backend keeps it:
 *   - SQLite: one writer at a time, and the generation is the AUTOINCREMENT
 *     key of the log row written in the writer's transaction, so positions
 *     become visible in order; a reader sees a committed prefix.
 *   - PostgreSQL (issue #17), several writers at once: a sequence would hand
 *     out positions in start order while transactions commit in any order,
 *     so a follower could pass position 11 (committed) while 10 commits
 *     later — and never see it. The backend must either assign positions at
 *     commit (one log writer, e.g. a commit-time trigger taking an advisory
 *     lock and the next number), or record each row's transaction id
 *     (pg_current_xact_id) and let store_generation answer only up to the
 *     lowest position of a transaction still in progress (the snapshot's
 *     xmin horizon), so that nothing below the answer can still appear. */
int store_generation(store *s, int64_t *gen, char uid[STORE_UID_LEN], qiao_err *e);
int store_changes(store *s, int64_t since, store_change_fn fn, void *ud, qiao_err *e);
int store_changes_count(store *s, int64_t since, int64_t *n, qiao_err *e);

/* Bulk writes (migration 017), for writers of many records at once (`qiao
 * import`). Inside a transaction, store_bulk_begin makes this handle's puts
 * cheap: the bookkeeping every write of a record carries — the change log
 * above, the chains of list filters, store_changed_since's times and
 * store_records_version — is not done per record but noted, and done for all
 * of them by store_bulk_end, set-based, in the same transaction. A put that
 * leaves a stored document as it was is not rewritten (it is still logged).
 * store_commit ends a bulk still open first; store_rollback drops it with
 * everything else. What readers see after the commit is the same as after
 * the same puts without a bulk: every record put is in the change log (its
 * position after the generation before the transaction), the generation
 * rose, the records version moved. Other handles and processes are not
 * affected (they cannot write while the bulk's transaction is open). The
 * SQLite backend drops the gated triggers for the bulk's transaction (DDL):
 * call store_bulk_begin, store_bulk_end and the commit when no scan or list
 * of this handle is running (not from inside a callback); it also lets the
 * handle's page cache grow to 256 MiB until the bulk ends. */
int store_bulk_begin(store *s, qiao_err *e);
int store_bulk_end(store *s, qiao_err *e);

/* Any change at all, cheaply (one small query): two calls on the same handle
 * give the same value only when nothing was committed to the store in
 * between, by this handle or any other (another thread's, another
 * process's), to any table (records, events, projects, accounts, sessions);
 * it may also change when nothing visible did (a rolled-back write). Values
 * of different handles are unrelated. For caches of figures computed from
 * the whole store (the web home page). */
int store_data_version(store *s, uint64_t *v, qiao_err *e);

/* Insert or update by login; sets u->id and u->created. login: 1-64 of
 * A-Za-z0-9._@-; role: one of the list above; pwhash: an argon2id string;
 * org: "" or the id of a stored org (checked at commit, or at once outside a
 * transaction). May be called inside or outside a transaction. */
int store_user_put(store *s, store_user *u, qiao_err *e);
/* QIAO_ENOTFOUND when there is no such login. */
int store_user_get(store *s, const char *login, store_user *out, qiao_err *e);

/* Appends a project history entry (inside a transaction); sets h->id. The
 * project must exist (checked at commit). Values are checked by the caller
 * (src/project/), except that project, to and at must be non-empty. */
int store_history_add(store *s, store_history *h, qiao_err *e);
/* Calls fn for each history entry of `project` in order, or of every project
 * (project NULL: by project key, then in order); stops and returns fn's value
 * when it is non-zero. */
int store_history_scan(store *s, const char *project, store_history_fn fn, void *ud,
                       qiao_err *e);

/* Sessions. May be called inside or outside a transaction.
 * A new session for `login` ("" = a visitor not signed in) living `ttl`
 * seconds; fills id (for the cookie) and csrf (the session's form token).
 * Expired sessions are removed on the way. */
int store_session_create(store *s, const char *login, long ttl, char id[STORE_SECRET_HEX],
                         char csrf[STORE_SECRET_HEX], qiao_err *e);
/* QIAO_ENOTFOUND when unknown or expired. */
int store_session_get(store *s, const char *id, char login[65], char csrf[STORE_SECRET_HEX],
                      qiao_err *e);
int store_session_delete(store *s, const char *id, qiao_err *e);
/* Removes every expired session; *removed (may be NULL) tells how many. */
int store_session_expire(store *s, int64_t *removed, qiao_err *e);

/* A new API token "qiao_" + 64 hex digits for `login`; shown once, only its
 * hash is kept. */
int store_token_create(store *s, const char *login, const char *label,
                       char token[STORE_TOKEN_LEN], qiao_err *e);
/* The token's login; QIAO_ENOTFOUND when unknown. */
int store_token_lookup(store *s, const char *token, char login[65], qiao_err *e);

/* Sign-in throttling. blocked: has `key` failed `max` times within the
 * `window` seconds since its first failure? 1 (and *retry_after seconds) when
 * blocked, 0 when not, negative on error. fail: counts a failure (a failure
 * after the window starts a new one). clear: forgets the key. */
int store_throttle_blocked(store *s, const char *key, int max, long window, long *retry_after,
                           qiao_err *e);
int store_throttle_fail(store *s, const char *key, long window, qiao_err *e);
int store_throttle_clear(store *s, const char *key, qiao_err *e);

/* "New since my last visit" (the dashboard). May be called inside or outside
 * a transaction. Times are unix seconds.
 * visit_record: a sign-in of `login` (1-64 bytes) at `now`; the last sign-in
 * becomes the previous one. visit_get: the last and the previous sign-in (0
 * when there is none; both 0 for a login never recorded).
 * changed_since: the achievements and demands written at or after `since`
 * (by anyone: the web, `qiao import`, another node), newest first (ties by
 * kind, then key), at most `limit` (0-10000) of them; a write that leaves the
 * document as it was is not a change. Deleted records may still be listed
 * (reading them gives QIAO_ENOTFOUND). fn may use the store (read records,
 * even call changed_since again); its non-zero return stops and is returned. */
int store_visit_record(store *s, const char *login, int64_t now, qiao_err *e);
int store_visit_get(store *s, const char *login, int64_t *last, int64_t *previous,
                    qiao_err *e);
int store_changed_since(store *s, int64_t since, int64_t limit, store_changed_fn fn, void *ud,
                        qiao_err *e);

/* Accounts, notifications and the mail outbox (migration 008). May be called
 * inside or outside a transaction; a notification or mail caused by a change
 * must be added inside the change's transaction (src/notify does).
 * users_scan: every account (org NULL) or the accounts of `org`, by login.
 * notice_add: stores n for n->login (1-64 bytes; kind, title non-empty);
 *   sets n->id (and n->created when 0).
 * notice_list: n->login's notifications, newest first (unread only when
 *   unread_only), skipping offset, at most limit (0-1000); *total (may be
 *   NULL) counts them all. notice_unread: how many are unread.
 * notice_mark_read: marks notification `id` of `login` read (id 0: all of
 *   them); QIAO_ENOTFOUND when id is not login's.
 * mail_add: queues m (to and subject non-empty); sets m->id.
 * mail_due: the undelivered mails with next_at <= now, oldest first, at most
 *   limit (1-1000). mail_sent: marks delivered. mail_failed: counts an
 *   attempt, keeps the error (truncated to 500 bytes) and the next try. */
int store_users_scan(store *s, const char *org, store_user_fn fn, void *ud, qiao_err *e);
int store_notice_add(store *s, store_notice *n, qiao_err *e);
int store_notice_list(store *s, const char *login, int unread_only, int64_t offset,
                      int64_t limit, store_notice_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_notice_unread(store *s, const char *login, int64_t *n, qiao_err *e);
int store_notice_mark_read(store *s, const char *login, int64_t id, qiao_err *e);
int store_mail_add(store *s, store_mail *m, qiao_err *e);
int store_mail_due(store *s, int64_t now, int64_t limit, store_mail_fn fn, void *ud,
                   qiao_err *e);
int store_mail_sent(store *s, int64_t id, qiao_err *e);
int store_mail_failed(store *s, int64_t id, int64_t next_at, const char *error, qiao_err *e);

/* Applications to join and invitations (migration 009; src/store/join.c and
 * sqlite_join.c). The rules (who may, what is checked, what it creates) are
 * src/join's; these only keep the rows. Secrets are made here, returned once
 * and stored only as their BLAKE2b hash.
 * application_add: stores a (status pending; a->created set when 0) and
 *   fills token with the secret of its status link; sets a->id.
 * application_get: by id; application_by_token: by the status link's secret.
 *   QIAO_ENOTFOUND when there is none.
 * application_list: status NULL = all (pending first, then newest first),
 *   else those of that status (newest first); at most limit (1-10000).
 * application_review: status approved or rejected; QIAO_ECONFLICT when the
 *   application is no longer pending (inside a transaction).
 * application_pending: whether a pending application has this credit code /
 *   this login (either may be NULL).
 * org_by_credit_code: the org holding `code` in its credit_code field (org
 *   filled); QIAO_ENOTFOUND when none.
 * invitation_add: stores iv (iv->created set when 0) and fills token;
 *   sets iv->id. invitation_get: by secret (QIAO_ENOTFOUND when unknown).
 *   invitation_use: marks it used by `login`; QIAO_ECONFLICT when it was
 *   used already (inside a transaction).
 * org_admin_set / org_admin_get: whether account `login` is its org's admin
 *   (QIAO_ENOTFOUND for an unknown login). */
int store_application_add(store *s, store_application *a, char token[STORE_SECRET_HEX],
                          qiao_err *e);
int store_application_get(store *s, int64_t id, store_application *out, qiao_err *e);
int store_application_by_token(store *s, const char *token, store_application *out,
                               qiao_err *e);
int store_application_list(store *s, const char *status, int64_t limit,
                           store_application_fn fn, void *ud, qiao_err *e);
int store_application_review(store *s, int64_t id, const char *status, const char *reason,
                             const char *org, const char *by, qiao_err *e);
int store_application_pending(store *s, const char *credit_code, const char *login,
                              int *code_taken, int *login_taken, qiao_err *e);
int store_org_by_credit_code(store *s, const char *code, char org[65], qiao_err *e);
int store_invitation_add(store *s, store_invitation *iv, char token[STORE_SECRET_HEX],
                         qiao_err *e);
int store_invitation_get(store *s, const char *token, store_invitation *out, qiao_err *e);
int store_invitation_use(store *s, int64_t id, const char *login, qiao_err *e);
int store_org_admin_set(store *s, const char *login, int on, qiao_err *e);
int store_org_admin_get(store *s, const char *login, int *on, qiao_err *e);
/* Interests and dismissals (migration 010). May be called inside or outside
 * a transaction; src/interest writes them in the transaction of the change,
 * with its notifications.
 * interest_add: stores i (from_login, kind, target, to_org required; status
 *   "" = open; created/updated 0 = now); sets i->id.
 * interest_get: QIAO_ENOTFOUND when there is no interest `id`.
 * interest_update: writes i's status, reason, decided_by, updated (0 = now),
 *   proposed_by and project; QIAO_ENOTFOUND when i->id does not exist.
 * interest_list: those passing f, newest first, at most limit (0-10000);
 *   *total (may be NULL) counts them all. fn may use the store.
 * message_add: appends to interest m->interest (created 0 = now); sets m->id.
 * message_list: the thread, oldest first.
 * dismissal_put: org's dismissal of (kind, target); replaces an earlier one of
 *   the same org and record. dismissal_del: removes it (*removed 1 when there
 *   was one). dismissal_list: those of org and/or (kind, target) (NULL = any),
 *   newest first.
 * sign_put: replaces project's pending signing; sign_get: QIAO_ENOTFOUND when
 *   there is none; sign_del: removes it (no error when absent). */
int store_interest_add(store *s, store_interest *i, qiao_err *e);
int store_interest_get(store *s, int64_t id, store_interest *out, qiao_err *e);
int store_interest_update(store *s, const store_interest *i, qiao_err *e);
int store_interest_list(store *s, const store_interest_filter *f, int64_t limit,
                        store_interest_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_message_add(store *s, store_message *m, qiao_err *e);
int store_message_list(store *s, int64_t interest, store_message_fn fn, void *ud, qiao_err *e);
int store_dismissal_put(store *s, store_dismissal *d, qiao_err *e);
int store_dismissal_del(store *s, const char *org, const char *kind, const char *target,
                        int *removed, qiao_err *e);
int store_dismissal_list(store *s, const char *org, const char *kind, const char *target,
                         store_dismissal_fn fn, void *ud, qiao_err *e);
int store_sign_put(store *s, const store_sign *p, qiao_err *e);
int store_sign_get(store *s, const char *project, store_sign *out, qiao_err *e);
int store_sign_del(store *s, const char *project, qiao_err *e);
/* Accounts and credentials (migration 011). May be called inside or outside
 * a transaction.
 *
 * The rule, kept by the store itself (triggers in the same transaction as
 * the write, whoever writes): a new password hash or a disabled account
 * ends every session, API token and unused reset link of that account.
 *
 * store_token_create_ttl: as store_token_create, expiring after `days`
 *   (1-3650; store_token_create uses STORE_TOKEN_DAYS). store_token_lookup
 *   refuses an expired token (QIAO_ENOTFOUND) and records its use.
 * store_token_list: login's tokens, newest first, expired ones included.
 * store_token_revoke: deletes token `id` of `login` (QIAO_ENOTFOUND when it
 *   is not login's).
 * store_throttle_attempt: counts an attempt of `key` BEFORE the check it
 *   guards, in one statement, so that parallel attempts cannot pass a limit:
 *   1 (and *retry_after) when this attempt is beyond `max` within `window`
 *   seconds of the first, 0 when it may go on. store_throttle_forgive takes
 *   one attempt back (a success); store_throttle_clear forgets the key.
 * store_user_disable: disables (1) or enables (0) login; QIAO_ENOTFOUND.
 * store_user_password: a new password for login (store_user_set_password),
 *   ending its credentials as above.
 * store_users_find: the accounts whose login, name or org's name contains q
 *   ("" or NULL = all), by login, skipping offset, at most limit (0-1000);
 *   each with last_signin; *total (may be NULL) counts them.
 * store_reset_create: a one-time link token (64 hex digits; only its hash
 *   is kept) to set login's password, valid `ttl` seconds; by: the staff
 *   login that issued it, "" for the holder. store_reset_peek: its login
 *   while it is unused and unexpired (else QIAO_ENOTFOUND).
 *   store_reset_use: in one transaction, marks it used and sets the new
 *   password (which ends the account's other credentials); QIAO_ENOTFOUND
 *   when unknown, used or expired.
 * store_audit_add / store_audit_list: the account audit (newest first;
 *   target NULL = every account; limit 0-1000).
 * store_server_key: the server's secret `name` (32 bytes), made once and
 *   kept in the store, so that every node sharing the store shares it.
 * store_records_version: moves on every write of a record (any kind) or of
 *   project history, by any handle, and on nothing else (sessions,
 *   throttling, visits, accounts, mail): for caches of figures computed
 *   from the records (the web home page). */
#define STORE_TOKEN_DAYS 90
int store_token_create_ttl(store *s, const char *login, const char *label, int days,
                           char token[STORE_TOKEN_LEN], qiao_err *e);
int store_token_list(store *s, const char *login, store_token_fn fn, void *ud, qiao_err *e);
int store_token_revoke(store *s, const char *login, int64_t id, qiao_err *e);
int store_throttle_attempt(store *s, const char *key, int max, long window, long *retry_after,
                           qiao_err *e);
int store_throttle_forgive(store *s, const char *key, long window, qiao_err *e);
int store_user_disable(store *s, const char *login, int disabled, qiao_err *e);
int store_user_password(store *s, const char *login, const char *password, qiao_err *e);
int store_users_find(store *s, const char *q, int64_t offset, int64_t limit, store_user_fn fn,
                     void *ud, int64_t *total, qiao_err *e);
int store_reset_create(store *s, const char *login, long ttl, const char *by,
                       char token[STORE_SECRET_HEX], qiao_err *e);
int store_reset_peek(store *s, const char *token, char login[65], qiao_err *e);
int store_reset_use(store *s, const char *token, const char *password, char login[65],
                    qiao_err *e);
int store_audit_add(store *s, store_audit *a, qiao_err *e);
int store_audit_list(store *s, const char *target, int64_t offset, int64_t limit,
                     store_audit_fn fn, void *ud, int64_t *total, qiao_err *e);
int store_server_key(store *s, const char *name, unsigned char key[32], qiao_err *e);
int store_records_version(store *s, int64_t *v, qiao_err *e);
/* Mail preferences, claiming, the digest and the server's keys (migration
 * 009). A preference is per account and kind: mail on or off, and digest
 * (held for the daily digest) or at once; without a row: on, at once.
 * pref_get: fills *mail and *digest (defaults when no row). pref_set: sets
 * them (0/1 each).
 * mail_claim: takes up to limit (1-1000) mails that are due (not sent, not
 *   held, next_at <= now) and not claimed by another sender (claimed_until
 *   <= now), setting claimed_until = until in the SAME statement that picks
 *   them (one UPDATE ... WHERE id IN (SELECT ...); on PostgreSQL with FOR
 *   UPDATE SKIP LOCKED), then calls fn for each, oldest first. Every sender
 *   must claim before sending: that is the rule that lets several nodes
 *   share one outbox. mail_sent / mail_failed release the claim.
 * mail_held: the held (digest) mails created before `before`, by login then
 *   id. mail_held_done: marks login's held mails with id <= upto sent (they
 *   went out in a digest queued in the same transaction).
 * mail_list: the newest `limit` (1-1000) mails (pending_only: not yet sent),
 *   newest first, held ones included.
 * key_get: the secret named `name` as 64 hex digits — the same secret as
 *   store_server_key's (one op, server_key, keeps both), made at random the
 *   first time it is asked for, then the same for every handle and node.
 * notice_get: calls fn with notification `id` of `login`; QIAO_ENOTFOUND
 *   when there is none (or it is another account's). */
int store_pref_get(store *s, const char *login, const char *kind, int *mail, int *digest,
                   qiao_err *e);
int store_pref_set(store *s, const char *login, const char *kind, int mail, int digest,
                   qiao_err *e);
int store_mail_claim(store *s, int64_t now, int64_t until, int64_t limit, store_mail_fn fn,
                     void *ud, qiao_err *e);
int store_mail_held(store *s, int64_t before, store_mail_fn fn, void *ud, qiao_err *e);
int store_mail_held_done(store *s, const char *login, int64_t upto, qiao_err *e);
int store_mail_list(store *s, int pending_only, int64_t limit, store_mail_fn fn, void *ud,
                    qiao_err *e);
int store_key_get(store *s, const char *name, char hex[STORE_SECRET_HEX], qiao_err *e);
int store_notice_get(store *s, const char *login, int64_t id, store_notice_fn fn, void *ud,
                     qiao_err *e);

/* Alerts (migration 013; src/store/alerts.c and sqlite_alerts.c; the rules
 * are src/alert's). May be called inside or outside a transaction; a mark
 * belongs in the transaction of the notification it records.
 * alert_pos_get / _set: how far the log `name` ("changes": the generation of
 *   store_changes) was read; 0 when never set.
 * alert_mark: records that (kind, subject, object) was notified at `at`;
 *   *fresh = 1 when it was not recorded before, 0 when it was (then nothing
 *   changes). alert_marked: *yes = whether it is recorded.
 * alert_bar_get: demand's kept best scores (best first) into scores (at most
 *   cap), *n their number; QIAO_ENOTFOUND when none are kept.
 *   alert_bar_put: keeps them (n 0-100; replaces). */
int store_alert_pos_get(store *s, const char *name, int64_t *pos, qiao_err *e);
int store_alert_pos_set(store *s, const char *name, int64_t pos, qiao_err *e);
int store_alert_mark(store *s, const char *kind, const char *subject, const char *object,
                     int64_t at, int *fresh, qiao_err *e);
int store_alert_marked(store *s, const char *kind, const char *subject, const char *object,
                       int *yes, qiao_err *e);
int store_alert_bar_get(store *s, const char *demand, float *scores, size_t cap, size_t *n,
                        qiao_err *e);
int store_alert_bar_put(store *s, const char *demand, const float *scores, size_t n,
                        int64_t at, qiao_err *e);

/* Saved searches and follows (migration 013). May be called inside or
 * outside a transaction.
 * saved_add: stores ss (login 1-64 bytes, kind achievement or demand, freq
 *   daily or weekly; created and last_run set to now when 0); sets ss->id.
 * saved_list: login's saved searches (login NULL: every account's, and then
 *   only those due: daily ones last run at or before `now` - 1 day, weekly
 *   ones at or before `now` - 7 days), by id.
 * saved_delete: QIAO_ENOTFOUND when id is not login's.
 * saved_ran: the digest of search id was made at `at`.
 * follow_add: stores f (what chain or zone, value non-empty; an existing
 *   follow is left as it is). follow_delete: QIAO_ENOTFOUND when absent.
 * follow_list: login's follows (login NULL: every account's whose last_run is
 *   at or before `now` - 1 day), by login, what, value.
 * follow_ran: every follow of login was sent at `at`. */
int store_saved_add(store *s, store_saved *ss, qiao_err *e);
int store_saved_list(store *s, const char *login, int64_t now, store_saved_fn fn, void *ud,
                     qiao_err *e);
int store_saved_delete(store *s, const char *login, int64_t id, qiao_err *e);
int store_saved_ran(store *s, int64_t id, int64_t at, qiao_err *e);
int store_follow_add(store *s, store_follow *f, qiao_err *e);
int store_follow_delete(store *s, const char *login, const char *what, const char *value,
                        qiao_err *e);
int store_follow_list(store *s, const char *login, int64_t now, store_follow_fn fn, void *ud,
                      qiao_err *e);
int store_follow_ran(store *s, const char *login, int64_t at, qiao_err *e);
/* Technology managers (migration 014): account `login` authorised to act for
 * org `org` (interest_may_act holds the rule).
 * manager_set: on = 1 grants (again: keeps the first grant, *changed = 0);
 *   on = 0 revokes (*changed = 0 when there was no grant). changed may be NULL.
 * manager_list: the grants of org (login NULL), of login (org NULL) or the
 *   one of both; by org then login. */
int store_manager_set(store *s, const store_manager *m, int on, int *changed, qiao_err *e);
int store_manager_list(store *s, const char *org, const char *login, store_manager_fn fn,
                       void *ud, qiao_err *e);

/* Accounts linked to people, and invitations to advise (migration 015;
 * src/store/advice.c and sqlite_advice.c; the rules in src/advice). May be
 * called inside or outside a transaction.
 * user_person_set: links account `login` to person `person` ("" unlinks);
 *   QIAO_ENOTFOUND for an unknown login, QIAO_ECONFLICT when the person is
 *   linked to another account already (a person has at most one account).
 * user_person_get: the person of login ("" when none); QIAO_ENOTFOUND for an
 *   unknown login. person_account: the account linked to person;
 *   QIAO_ENOTFOUND when none.
 * advice_add: stores a (demand, person, login, message required; status ""
 *   = invited; created/updated 0 = now); sets a->id; QIAO_ECONFLICT when
 *   (demand, person) has a live invitation already.
 * advice_get: QIAO_ENOTFOUND when there is no invitation `id`.
 * advice_update: writes status, reason, expert and updated (0 = now).
 * advice_list: those passing f (NULL = all), newest first, at most limit
 *   (1-10000). fn may use the store. */
int store_user_person_set(store *s, const char *login, const char *person, qiao_err *e);
int store_user_person_get(store *s, const char *login, char person[MODEL_KEY_MAX], qiao_err *e);
int store_person_account(store *s, const char *person, char login[65], qiao_err *e);
int store_advice_add(store *s, store_advice *a, qiao_err *e);
int store_advice_get(store *s, int64_t id, store_advice *out, qiao_err *e);
int store_advice_update(store *s, const store_advice *a, qiao_err *e);
int store_advice_list(store *s, const store_advice_filter *f, int64_t limit,
                      store_advice_fn fn, void *ud, qiao_err *e);
/* What the pages ask on every request, answered by index (migration 016),
 * never by reading a whole table. May be called inside or outside a
 * transaction; fn (as in store_scan) may use the store, and its non-zero
 * return stops and is returned.
 * published_since: the achievements or demands (k) whose `published` is on
 *   or after `day` (YYYY-MM-DD, compared as text), newest first (ties by key,
 *   descending), at most limit (1-10000). Which statuses: org NULL, all of
 *   them (staff); otherwise the live ones (an achievement published, a demand
 *   open) and, when org is not "", every record of org (its drafts too).
 * project_of_pair: the project (lowest key) started from the match of
 *   achievement and demand: 1 and key filled, 0 when there is none.
 * projects_of_org: the projects org takes part in, by key: org is one of the
 *   project's parties, or the org of a person who is (the rule of
 *   web_is_party). No project for "" .
 * record_tags: the distinct non-empty values of `what` ("zone" or "chain")
 *   over orgs, achievements and demands (every status), in byte order.
 * event_records: below. */
int store_published_since(store *s, model_kind k, const char *day, const char *org,
                          int64_t limit, store_scan_fn fn, void *ud, qiao_err *e);
int store_project_of_pair(store *s, const char *achievement, const char *demand,
                          char key[MODEL_KEY_MAX], qiao_err *e);
int store_projects_of_org(store *s, const char *org, store_scan_fn fn, void *ud, qiao_err *e);
int store_record_tags(store *s, const char *what, store_value_fn fn, void *ud, qiao_err *e);
/* store_event_records: the registrations, meeting requests or projects (k) of
 * event `event`, by key. */
int store_event_records(store *s, model_kind k, const char *event, store_scan_fn fn, void *ud,
                        qiao_err *e);

/* Fills hex with 32 random bytes in hex (libsodium). */
void store_random_hex(char hex[STORE_SECRET_HEX]);

/* Sets u->pwhash to the argon2id hash of `password` (libsodium
 * crypto_pwhash_str, interactive limits). */
int store_user_set_password(store_user *u, const char *password, qiao_err *e);
/* 1 when `password` matches u->pwhash, 0 otherwise (constant time). */
int store_user_check_password(const store_user *u, const char *password);

#endif
