/* store/store.c — the store interface: picks the backend from the URL,
 * dispatches through store_ops, and checks what every backend shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/backend.h"

static int open_url(const char *url, int migrate, store **out, qiao_err *e)
{
    *out = NULL;
    if (!url || !*url)
        return qiao_errf(e, QIAO_EINVAL, "no store given: use --db PATH (a SQLite file)");
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return qiao_errf(e, QIAO_EINVAL, "%s: this build of qiao has no PostgreSQL backend; "
                         "give a SQLite file path", url);
    if (strncmp(url, "sqlite:", 7) == 0)
        url += 7;
    return store_sqlite_open(url, migrate, out, e);
}

int store_open(const char *url, store **out, qiao_err *e)
{
    return open_url(url, 1, out, e);
}

int store_open_nomigrate(const char *url, store **out, qiao_err *e)
{
    return open_url(url, 0, out, e);
}

void store_close(store *s)
{
    if (s)
        s->ops->close(s);
}

int store_begin(store *s, qiao_err *e)
{
    if (s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_begin: a transaction is already open");
    int rc = s->ops->begin(s, e);
    if (rc == 0)
        s->in_tx = 1;
    return rc;
}

int store_commit(store *s, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_commit: no transaction is open");
    if (s->in_bulk) {              /* a bulk still open: its work first */
        s->in_bulk = 0;
        int rc = s->ops->bulk_end(s, e);
        if (rc) {
            s->in_tx = 0;
            s->ops->rollback(s);
            return rc;
        }
    }
    s->in_tx = 0;
    return s->ops->commit(s, e);   /* on failure the backend has rolled back */
}

void store_rollback(store *s)
{
    if (!s->in_tx)
        return;
    s->in_tx = 0;
    s->in_bulk = 0;
    s->ops->rollback(s);
}

static int check_kind(model_kind k, qiao_err *e)
{
    if ((unsigned)k >= MODEL_KIND_COUNT)
        return qiao_errf(e, QIAO_EINVAL, "no record kind number %d", (int)k);
    return 0;
}

int store_upsert(store *s, const model_record *r, int *created, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_put outside a transaction: call store_begin "
                         "first so that a failure leaves the store as it was");
    if (check_kind(r->kind, e) < 0)
        return QIAO_EINVAL;
    if (!r->doc || !r->key[0])
        return qiao_errf(e, QIAO_EINVAL, "store_put: the record is empty (not built by "
                         "model_from_json)");
    int c = 0;
    int rc = s->ops->put(s, r, &c, e);
    if (created)
        *created = c;
    return rc;
}

int store_put(store *s, const model_record *r, qiao_err *e)
{
    return store_upsert(s, r, NULL, e);
}

int store_get(store *s, model_kind k, const char *key, model_record *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    return s->ops->get(s, k, key, out, e);
}

int store_exists(store *s, model_kind k, const char *key, qiao_err *e)
{
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    return s->ops->exists(s, k, key, e);
}

int store_del(store *s, model_kind k, const char *key, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_del outside a transaction: call store_begin "
                         "first");
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    return s->ops->del(s, k, key, e);
}

int store_scan(store *s, model_kind k, store_scan_fn fn, void *ud, qiao_err *e)
{
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    return s->ops->scan(s, k, fn, ud, e);
}

int store_count(store *s, model_kind k, int64_t *n, qiao_err *e)
{
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    return s->ops->count(s, k, n, e);
}

int store_schema_version(store *s, int *version, qiao_err *e)
{
    return s->ops->schema_version(s, version, e);
}

int store_migrate(store *s, int target, qiao_err *e)
{
    if (s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_migrate inside a transaction");
    int latest = store_latest_version();
    if (target < 0)
        target = latest;
    if (target > latest)
        return qiao_errf(e, QIAO_EINVAL, "no migration %d: this build knows migrations 1 to %d",
                         target, latest);
    return s->ops->migrate(s, target, e);
}

int store_latest_version(void)
{
    size_t n;
    const store_migration *m = store_migrations(&n);
    return n ? m[n - 1].version : 0;
}

int store_generation(store *s, int64_t *gen, char uid[STORE_UID_LEN], qiao_err *e)
{
    *gen = 0;
    uid[0] = '\0';
    return s->ops->generation(s, gen, uid, e);
}

int store_changes(store *s, int64_t since, store_change_fn fn, void *ud, qiao_err *e)
{
    if (!fn)
        return qiao_errf(e, QIAO_EINVAL, "store_changes: no callback");
    return s->ops->changes(s, since, fn, ud, NULL, e);
}

int store_changes_count(store *s, int64_t since, int64_t *n, qiao_err *e)
{
    *n = 0;
    return s->ops->changes(s, since, NULL, NULL, n, e);
}

int store_data_version(store *s, uint64_t *v, qiao_err *e)
{
    *v = 0;
    return s->ops->data_version(s, v, e);
}

static const char *const user_roles[] = {"admin", "staff", "university", "enterprise",
    "tech_manager", "investor", "expert", NULL};

int store_user_put(store *s, store_user *u, qiao_err *e)
{
    size_t n = strlen(u->login);
    if (n < 1 || n > 64 || strspn(u->login, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789._@-") != n)
        return qiao_field_errf(e, QIAO_EINVAL, "login", "user \"%.64s\": login must be 1-64 of "
                               "A-Za-z0-9._@-", u->login);
    int ok = 0;
    for (size_t i = 0; user_roles[i]; i++)
        ok |= strcmp(user_roles[i], u->role) == 0;
    if (!ok)
        return qiao_field_errf(e, QIAO_EINVAL, "role", "user %s: role must be one of admin, "
                               "staff, university, enterprise, tech_manager, investor, expert; "
                               "got \"%.32s\"", u->login, u->role);
    if (strncmp(u->pwhash, "$argon2id$", 10) != 0)
        return qiao_field_errf(e, QIAO_EINVAL, "pwhash", "user %s: pwhash must be an argon2id "
                               "hash (store_user_set_password)", u->login);
    return s->ops->user_put(s, u, e);
}

int store_user_get(store *s, const char *login, store_user *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    return s->ops->user_get(s, login, out, e);
}

int store_history_add(store *s, store_history *h, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "store_history_add outside a transaction: call "
                         "store_begin first");
    if (!h->project || !*h->project || !h->to || !*h->to || !h->at || !*h->at)
        return qiao_errf(e, QIAO_EINVAL, "store_history_add: project, to and at are required");
    return s->ops->history_add(s, h, e);
}

int store_history_scan(store *s, const char *project, store_history_fn fn, void *ud,
                       qiao_err *e)
{
    return s->ops->history_scan(s, project, fn, ud, e);
}

int store_user_set_password(store_user *u, const char *password, qiao_err *e)
{
    _Static_assert(sizeof u->pwhash >= crypto_pwhash_STRBYTES, "pwhash too small");
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium could not be initialised");
    if (crypto_pwhash_str(u->pwhash, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return qiao_errf(e, QIAO_ENOMEM, "not enough memory to hash the password");
    return 0;
}

int store_user_check_password(const store_user *u, const char *password)
{
    if (sodium_init() < 0)
        return 0;
    return crypto_pwhash_str_verify(u->pwhash, password, strlen(password)) == 0;
}

/* --- lists --- */

int store_list(store *s, model_kind k, const store_filter *f, const store_sort *sort,
               int64_t offset, int64_t limit, store_scan_fn fn, void *ud, int64_t *total,
               qiao_err *e)
{
    static const store_filter none;
    if (check_kind(k, e) < 0)
        return QIAO_EINVAL;
    if (offset < 0 || limit < 0 || limit > 10000)
        return qiao_errf(e, QIAO_EINVAL, "store_list: offset must be >= 0 and limit 0-10000 "
                         "(got %lld, %lld)", (long long)offset, (long long)limit);
    if (limit > 0 && !fn)
        return qiao_errf(e, QIAO_EINVAL, "store_list: no callback for the records");
    if (f && f->nkeys && !f->keys)
        return qiao_errf(e, QIAO_EINVAL, "store_list: nkeys without keys");
    if (sort && sort->field && strcmp(sort->field, "rank") == 0 && !(f && f->keys))
        return qiao_errf(e, QIAO_EINVAL, "store_list: sort by rank needs filter keys");
    if (total)
        *total = 0;
    return s->ops->list(s, k, f ? f : &none, sort, offset, limit, fn, ud, total, e);
}

/* --- sessions, tokens, throttling --- */

static int sodium_ready(qiao_err *e)
{
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium could not be initialised");
    return 0;
}

void store_random_hex(char hex[STORE_SECRET_HEX])
{
    unsigned char r[32];
    if (sodium_init() < 0)
        abort();                  /* no randomness: never hand out guessable secrets */
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, STORE_SECRET_HEX, r, sizeof r);
    sodium_memzero(r, sizeof r);
}

/* What the backends store in place of a secret. */
static void secret_hash(const char *secret, char out[STORE_SECRET_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, STORE_SECRET_HEX, h, sizeof h);
}

int store_session_create(store *s, const char *login, long ttl, char id[STORE_SECRET_HEX],
                         char csrf[STORE_SECRET_HEX], qiao_err *e)
{
    if (sodium_ready(e) < 0)
        return QIAO_EIO;
    if (!login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "store_session_create: login must be 0-64 bytes");
    int64_t now = (int64_t)time(NULL);
    int rc = s->ops->session_expire(s, now, NULL, e);
    if (rc < 0)
        return rc;
    char h[STORE_SECRET_HEX];
    store_random_hex(id);
    store_random_hex(csrf);
    secret_hash(id, h);
    return s->ops->session_put(s, h, login, csrf, now, now + ttl, e);
}

int store_session_get(store *s, const char *id, char login[65], char csrf[STORE_SECRET_HEX],
                      qiao_err *e)
{
    if (sodium_ready(e) < 0)
        return QIAO_EIO;
    char h[STORE_SECRET_HEX];
    secret_hash(id, h);
    return s->ops->session_get(s, h, (int64_t)time(NULL), login, csrf, e);
}

int store_session_delete(store *s, const char *id, qiao_err *e)
{
    if (sodium_ready(e) < 0)
        return QIAO_EIO;
    char h[STORE_SECRET_HEX];
    secret_hash(id, h);
    return s->ops->session_del(s, h, e);
}

int store_session_expire(store *s, int64_t *removed, qiao_err *e)
{
    return s->ops->session_expire(s, (int64_t)time(NULL), removed, e);
}

int store_token_create(store *s, const char *login, const char *label,
                       char token[STORE_TOKEN_LEN], qiao_err *e)
{
    if (sodium_ready(e) < 0)
        return QIAO_EIO;
    if (!login || !*login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "store_token_create: login must be 1-64 bytes");
    char hex[STORE_SECRET_HEX], h[STORE_SECRET_HEX];
    store_random_hex(hex);
    snprintf(token, STORE_TOKEN_LEN, STORE_TOKEN_PREFIX "%s", hex);
    sodium_memzero(hex, sizeof hex);
    secret_hash(token, h);
    int64_t now = (int64_t)time(NULL);
    return s->ops->token_put(s, h, login, label ? label : "", now,
                             now + (int64_t)STORE_TOKEN_DAYS * 86400, e);
}

int store_token_lookup(store *s, const char *token, char login[65], qiao_err *e)
{
    if (sodium_ready(e) < 0)
        return QIAO_EIO;
    char h[STORE_SECRET_HEX];
    secret_hash(token, h);
    return s->ops->token_get(s, h, (int64_t)time(NULL), login, e);
}

int store_throttle_blocked(store *s, const char *key, int max, long window, long *retry_after,
                           qiao_err *e)
{
    int64_t failures = 0, first = 0;
    *retry_after = 0;
    int rc = s->ops->throttle_get(s, key, &failures, &first, e);
    if (rc < 0)
        return rc;
    int64_t age = (int64_t)time(NULL) - first;
    if (failures >= max && age < window) {
        *retry_after = (long)(window - age);
        return 1;
    }
    return 0;
}

int store_throttle_fail(store *s, const char *key, long window, qiao_err *e)
{
    return s->ops->throttle_fail(s, key, (int64_t)time(NULL), window, e);
}

int store_throttle_clear(store *s, const char *key, qiao_err *e)
{
    return s->ops->throttle_clear(s, key, e);
}

/* --- "new since my last visit" --- */

static int check_login(const char *fn, const char *login, qiao_err *e)
{
    if (!login || !*login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: login must be 1-64 bytes", fn);
    return 0;
}

int store_visit_record(store *s, const char *login, int64_t now, qiao_err *e)
{
    if (check_login("store_visit_record", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->visit_record(s, login, now, e);
}

int store_visit_get(store *s, const char *login, int64_t *last, int64_t *previous,
                    qiao_err *e)
{
    *last = *previous = 0;
    if (check_login("store_visit_get", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->visit_get(s, login, last, previous, e);
}

int store_changed_since(store *s, int64_t since, int64_t limit, store_changed_fn fn, void *ud,
                        qiao_err *e)
{
    if (limit < 0 || limit > 10000)
        return qiao_errf(e, QIAO_EINVAL, "store_changed_since: limit must be 0-10000 (got %lld)",
                         (long long)limit);
    if (!fn)
        return qiao_errf(e, QIAO_EINVAL, "store_changed_since: no callback");
    if (limit == 0)
        return 0;
    return s->ops->changed_since(s, since, limit, fn, ud, e);
}

/* --- accounts, notifications and the mail outbox --- */

int store_users_scan(store *s, const char *org, store_user_fn fn, void *ud, qiao_err *e)
{
    return s->ops->users_scan(s, org && *org ? org : NULL, fn, ud, e);
}

int store_notice_add(store *s, store_notice *n, qiao_err *e)
{
    if (check_login("store_notice_add", n->login, e) < 0)
        return QIAO_EINVAL;
    if (!n->kind || !*n->kind || !n->title || !*n->title)
        return qiao_errf(e, QIAO_EINVAL, "store_notice_add: kind and title are required");
    if (!n->created)
        n->created = (int64_t)time(NULL);
    return s->ops->notice_add(s, n, e);
}

int store_notice_list(store *s, const char *login, int unread_only, int64_t offset,
                      int64_t limit, store_notice_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    if (total)
        *total = 0;
    if (check_login("store_notice_list", login, e) < 0)
        return QIAO_EINVAL;
    if (offset < 0 || limit < 0 || limit > 1000)
        return qiao_errf(e, QIAO_EINVAL, "store_notice_list: offset >= 0 and limit 0-1000");
    return s->ops->notice_list(s, login, unread_only, offset, limit, fn, ud, total, e);
}

int store_notice_unread(store *s, const char *login, int64_t *n, qiao_err *e)
{
    *n = 0;
    if (check_login("store_notice_unread", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->notice_unread(s, login, n, e);
}

int store_notice_mark_read(store *s, const char *login, int64_t id, qiao_err *e)
{
    if (check_login("store_notice_mark_read", login, e) < 0)
        return QIAO_EINVAL;
    if (id < 0)
        return qiao_errf(e, QIAO_EINVAL, "store_notice_mark_read: id must be >= 0");
    return s->ops->notice_mark_read(s, login, id, (int64_t)time(NULL), e);
}

int store_mail_add(store *s, store_mail *m, qiao_err *e)
{
    if (!m->to || !*m->to || !m->subject || !*m->subject || !m->body)
        return qiao_errf(e, QIAO_EINVAL, "store_mail_add: to, subject and body are required");
    if (!m->created)
        m->created = (int64_t)time(NULL);
    if (!m->next_at)
        m->next_at = m->created;
    return s->ops->mail_add(s, m, e);
}

int store_mail_due(store *s, int64_t now, int64_t limit, store_mail_fn fn, void *ud,
                   qiao_err *e)
{
    if (limit < 1 || limit > 1000)
        return qiao_errf(e, QIAO_EINVAL, "store_mail_due: limit must be 1-1000");
    return s->ops->mail_due(s, now, limit, fn, ud, e);
}

int store_mail_sent(store *s, int64_t id, qiao_err *e)
{
    return s->ops->mail_sent(s, id, (int64_t)time(NULL), e);
}

int store_mail_failed(store *s, int64_t id, int64_t next_at, const char *error, qiao_err *e)
{
    return s->ops->mail_failed(s, id, next_at, error ? error : "", e);
}

/* --- mail preferences, claiming, digest, keys (migration 009) --- */

static int check_kind_arg(const char *fn, const char *kind, qiao_err *e)
{
    if (!kind || !*kind || strlen(kind) > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: kind must be 1-64 bytes", fn);
    return 0;
}

int store_pref_get(store *s, const char *login, const char *kind, int *mail, int *digest,
                   qiao_err *e)
{
    *mail = 1;
    *digest = 0;
    if (check_login("store_pref_get", login, e) < 0 || check_kind_arg("store_pref_get", kind, e) < 0)
        return QIAO_EINVAL;
    return s->ops->pref_get(s, login, kind, mail, digest, e);
}

int store_pref_set(store *s, const char *login, const char *kind, int mail, int digest,
                   qiao_err *e)
{
    if (check_login("store_pref_set", login, e) < 0 || check_kind_arg("store_pref_set", kind, e) < 0)
        return QIAO_EINVAL;
    return s->ops->pref_set(s, login, kind, mail ? 1 : 0, digest ? 1 : 0, e);
}

int store_mail_claim(store *s, int64_t now, int64_t until, int64_t limit, store_mail_fn fn,
                     void *ud, qiao_err *e)
{
    if (limit < 1 || limit > 1000)
        return qiao_errf(e, QIAO_EINVAL, "store_mail_claim: limit must be 1-1000");
    if (until <= now)
        return qiao_errf(e, QIAO_EINVAL, "store_mail_claim: the lease must end after now");
    return s->ops->mail_claim(s, now, until, limit, fn, ud, e);
}

int store_mail_held(store *s, int64_t before, store_mail_fn fn, void *ud, qiao_err *e)
{
    return s->ops->mail_held(s, before, fn, ud, e);
}

int store_mail_held_done(store *s, const char *login, int64_t upto, qiao_err *e)
{
    if (check_login("store_mail_held_done", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->mail_held_done(s, login, upto, (int64_t)time(NULL), e);
}

int store_mail_list(store *s, int pending_only, int64_t limit, store_mail_fn fn, void *ud,
                    qiao_err *e)
{
    if (limit < 1 || limit > 1000)
        return qiao_errf(e, QIAO_EINVAL, "store_mail_list: limit must be 1-1000");
    return s->ops->mail_list(s, pending_only, limit, fn, ud, e);
}

int store_key_get(store *s, const char *name, char hex[STORE_SECRET_HEX], qiao_err *e)
{
    hex[0] = '\0';
    if (!name || !*name || strlen(name) > 64)
        return qiao_errf(e, QIAO_EINVAL, "store_key_get: name must be 1-64 bytes");
    char fresh[STORE_SECRET_HEX];
    store_random_hex(fresh);
    int rc = s->ops->server_key(s, name, fresh, hex, e);
    sodium_memzero(fresh, sizeof fresh);
    return rc;
}

int store_notice_get(store *s, const char *login, int64_t id, store_notice_fn fn, void *ud,
                     qiao_err *e)
{
    if (check_login("store_notice_get", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->notice_get(s, login, id, fn, ud, e);
}
