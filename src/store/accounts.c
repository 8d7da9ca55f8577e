/* store/accounts.c — accounts and credentials (store.h, migration 009):
 * argument checks and secrets (made and hashed here; backends only see
 * hashes), then dispatch to the backend. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"

static int ready(qiao_err *e)
{
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium could not be initialised");
    return 0;
}

/* What the backends store in place of a secret (as store.c does). */
static void hash_hex(const char *secret, char out[STORE_SECRET_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, STORE_SECRET_HEX, h, sizeof h);
}

static int check_login(const char *fn, const char *login, qiao_err *e)
{
    if (!login || !*login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: login must be 1-64 bytes", fn);
    return 0;
}

int store_token_create_ttl(store *s, const char *login, const char *label, int days,
                           char token[STORE_TOKEN_LEN], qiao_err *e)
{
    if (ready(e) < 0 || check_login("store_token_create", login, e) < 0)
        return e->code;
    if (days < 1 || days > 3650)
        return qiao_field_errf(e, QIAO_EINVAL, "expires_days", "a token lasts 1-3650 days "
                               "(got %d)", days);
    if (label && strlen(label) > 100)
        return qiao_field_errf(e, QIAO_EINVAL, "name", "a token's name is at most 100 bytes");
    char hex[STORE_SECRET_HEX], h[STORE_SECRET_HEX];
    store_random_hex(hex);
    snprintf(token, STORE_TOKEN_LEN, STORE_TOKEN_PREFIX "%s", hex);
    sodium_memzero(hex, sizeof hex);
    hash_hex(token, h);
    int64_t now = (int64_t)time(NULL);
    return s->ops->token_put(s, h, login, label ? label : "", now, now + (int64_t)days * 86400,
                             e);
}

int store_token_list(store *s, const char *login, store_token_fn fn, void *ud, qiao_err *e)
{
    if (check_login("store_token_list", login, e) < 0)
        return e->code;
    return s->ops->token_list(s, login, (int64_t)time(NULL), fn, ud, e);
}

int store_token_revoke(store *s, const char *login, int64_t id, qiao_err *e)
{
    if (check_login("store_token_revoke", login, e) < 0)
        return e->code;
    return s->ops->token_revoke(s, login, id, e);
}

int store_throttle_attempt(store *s, const char *key, int max, long window, long *retry_after,
                           qiao_err *e)
{
    int64_t n = 0, first = 0, now = (int64_t)time(NULL);
    *retry_after = 0;
    int rc = s->ops->throttle_add(s, key, now, window, 1, &n, &first, e);
    if (rc < 0)
        return rc;
    if (n > max) {
        *retry_after = (long)(window - (now - first));
        if (*retry_after < 1)
            *retry_after = 1;
        return 1;
    }
    return 0;
}

int store_throttle_forgive(store *s, const char *key, long window, qiao_err *e)
{
    int64_t n = 0, first = 0;
    return s->ops->throttle_add(s, key, (int64_t)time(NULL), window, -1, &n, &first, e);
}

int store_user_disable(store *s, const char *login, int disabled, qiao_err *e)
{
    if (check_login("store_user_disable", login, e) < 0)
        return e->code;
    return s->ops->user_disable(s, login, disabled, e);
}

/* Sets login's password inside the caller's transaction. */
static int set_password(store *s, const char *login, const char *password, qiao_err *e)
{
    store_user u;
    int rc = store_user_get(s, login, &u, e);
    if (rc == 0)
        rc = store_user_set_password(&u, password, e);
    if (rc == 0)
        rc = store_user_put(s, &u, e);
    sodium_memzero(u.pwhash, sizeof u.pwhash);
    return rc;
}

/* Runs fn inside a transaction of its own unless the caller has one. */
static int in_tx(store *s, int rc_fn(store *, const char *, const char *, qiao_err *),
                 const char *a, const char *b, qiao_err *e)
{
    int own = !s->in_tx;
    if (own && store_begin(s, e) < 0)
        return e->code;
    int rc = rc_fn(s, a, b, e);
    if (own) {
        if (rc == 0)
            rc = store_commit(s, e);
        else
            store_rollback(s);
    }
    return rc;
}

int store_user_password(store *s, const char *login, const char *password, qiao_err *e)
{
    if (check_login("store_user_password", login, e) < 0)
        return e->code;
    if (!password || !*password)
        return qiao_field_errf(e, QIAO_EINVAL, "password", "the password is empty");
    return in_tx(s, set_password, login, password, e);
}

int store_users_find(store *s, const char *q, int64_t offset, int64_t limit, store_user_fn fn,
                     void *ud, int64_t *total, qiao_err *e)
{
    if (offset < 0 || limit < 0 || limit > 1000)
        return qiao_errf(e, QIAO_EINVAL, "store_users_find: offset must be >= 0 and limit "
                         "0-1000");
    if (limit > 0 && !fn)
        return qiao_errf(e, QIAO_EINVAL, "store_users_find: no callback");
    if (q && strlen(q) > 200)
        return qiao_field_errf(e, QIAO_EINVAL, "q", "the search text is at most 200 bytes");
    if (total)
        *total = 0;
    return s->ops->users_find(s, q ? q : "", offset, limit, fn, ud, total, e);
}

int store_reset_create(store *s, const char *login, long ttl, const char *by,
                       char token[STORE_SECRET_HEX], qiao_err *e)
{
    if (ready(e) < 0 || check_login("store_reset_create", login, e) < 0)
        return e->code;
    if (ttl < 1)
        return qiao_errf(e, QIAO_EINVAL, "store_reset_create: ttl must be positive");
    char h[STORE_SECRET_HEX];
    store_random_hex(token);
    hash_hex(token, h);
    int64_t now = (int64_t)time(NULL);
    return s->ops->reset_put(s, h, login, now, now + ttl, by ? by : "", e);
}

int store_reset_peek(store *s, const char *token, char login[65], qiao_err *e)
{
    if (ready(e) < 0)
        return e->code;
    char h[STORE_SECRET_HEX];
    hash_hex(token ? token : "", h);
    return s->ops->reset_get(s, h, (int64_t)time(NULL), 0, login, e);
}

int store_reset_use(store *s, const char *token, const char *password, char login[65],
                    qiao_err *e)
{
    if (ready(e) < 0)
        return e->code;
    if (!password || !*password)
        return qiao_field_errf(e, QIAO_EINVAL, "password", "the password is empty");
    char h[STORE_SECRET_HEX];
    hash_hex(token ? token : "", h);
    int own = !s->in_tx;
    if (own && store_begin(s, e) < 0)
        return e->code;
    int rc = s->ops->reset_get(s, h, (int64_t)time(NULL), 1, login, e);
    if (rc == 0)
        rc = set_password(s, login, password, e);
    if (own) {
        if (rc == 0)
            rc = store_commit(s, e);
        else
            store_rollback(s);
    }
    return rc;
}

int store_audit_add(store *s, store_audit *a, qiao_err *e)
{
    if (!a->actor || !*a->actor || !a->target || !*a->target || !a->action || !*a->action)
        return qiao_errf(e, QIAO_EINVAL, "store_audit_add: actor, target and action are "
                         "required");
    if (a->at == 0)
        a->at = (int64_t)time(NULL);
    return s->ops->audit_add(s, a, e);
}

int store_audit_list(store *s, const char *target, int64_t offset, int64_t limit,
                     store_audit_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    if (offset < 0 || limit < 0 || limit > 1000 || (limit > 0 && !fn))
        return qiao_errf(e, QIAO_EINVAL, "store_audit_list: offset must be >= 0, limit 0-1000, "
                         "and a callback given");
    if (total)
        *total = 0;
    return s->ops->audit_list(s, target, offset, limit, fn, ud, total, e);
}

int store_server_key(store *s, const char *name, unsigned char key[32], qiao_err *e)
{
    if (ready(e) < 0)
        return e->code;
    char fresh[STORE_SECRET_HEX], hex[STORE_SECRET_HEX];
    store_random_hex(fresh);
    int rc = s->ops->server_key(s, name, fresh, hex, e);
    sodium_memzero(fresh, sizeof fresh);
    size_t n = 0;
    if (rc == 0 && (sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &n, NULL) != 0 || n != 32))
        rc = qiao_errf(e, QIAO_EIO, "the server key '%s' in the store is damaged", name);
    sodium_memzero(hex, sizeof hex);
    return rc;
}

int store_records_version(store *s, int64_t *v, qiao_err *e)
{
    *v = 0;
    return s->ops->records_version(s, v, e);
}
