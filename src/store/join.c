/* store/join.c — applications to join and invitations: the interface's
 * checks and the secrets (made here, handed to the backend only as their
 * BLAKE2b hash). Contract in store.h. */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/backend.h"

static int hash_secret(const char *secret, char out[STORE_SECRET_HEX], qiao_err *e)
{
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium could not be initialised");
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, STORE_SECRET_HEX, h, sizeof h);
    return 0;
}

/* A secret as handed out is 64 lower-case hex digits; anything else is unknown. */
static int secret_shape(const char *t)
{
    return t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

static int need_tx(store *s, const char *fn, qiao_err *e)
{
    if (!s->in_tx)
        return qiao_errf(e, QIAO_EINVAL, "%s outside a transaction: call store_begin first", fn);
    return 0;
}

int store_application_add(store *s, store_application *a, char token[STORE_SECRET_HEX],
                          qiao_err *e)
{
    token[0] = '\0';
    if (!*a->name || !*a->type || !*a->credit_code || !*a->login || !*a->pwhash ||
        !*a->contact_email)
        return qiao_errf(e, QIAO_EINVAL, "store_application_add: name, type, credit_code, "
                         "login, pwhash and contact_email are required");
    if (!a->created)
        a->created = (int64_t)time(NULL);
    char h[STORE_SECRET_HEX];
    store_random_hex(token);
    int rc = hash_secret(token, h, e);
    if (rc == 0)
        rc = s->ops->app_add(s, a, h, e);
    if (rc < 0)
        token[0] = '\0';
    return rc;
}

int store_application_get(store *s, int64_t id, store_application *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    if (id <= 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "no application %lld", (long long)id);
    return s->ops->app_get(s, id, NULL, out, e);
}

int store_application_by_token(store *s, const char *token, store_application *out,
                               qiao_err *e)
{
    memset(out, 0, sizeof *out);
    char h[STORE_SECRET_HEX];
    if (!secret_shape(token))
        return qiao_errf(e, QIAO_ENOTFOUND, "no application with this link");
    if (hash_secret(token, h, e) < 0)
        return QIAO_EIO;
    return s->ops->app_get(s, 0, h, out, e);
}

int store_application_list(store *s, const char *status, int64_t limit,
                           store_application_fn fn, void *ud, qiao_err *e)
{
    if (limit < 1 || limit > 10000)
        return qiao_errf(e, QIAO_EINVAL, "store_application_list: limit must be 1-10000");
    return s->ops->app_list(s, status, limit, fn, ud, e);
}

int store_application_review(store *s, int64_t id, const char *status, const char *reason,
                             const char *org, const char *by, qiao_err *e)
{
    if (need_tx(s, "store_application_review", e) < 0)
        return QIAO_EINVAL;
    if (!status || (strcmp(status, "approved") && strcmp(status, "rejected")))
        return qiao_errf(e, QIAO_EINVAL, "store_application_review: status must be approved "
                         "or rejected");
    return s->ops->app_review(s, id, status, reason ? reason : "", org ? org : "",
                              by ? by : "", (int64_t)time(NULL), e);
}

int store_application_pending(store *s, const char *credit_code, const char *login,
                              int *code_taken, int *login_taken, qiao_err *e)
{
    *code_taken = *login_taken = 0;
    return s->ops->app_pending(s, credit_code, login, code_taken, login_taken, e);
}

int store_org_by_credit_code(store *s, const char *code, char org[65], qiao_err *e)
{
    org[0] = '\0';
    if (!code || !*code)
        return qiao_errf(e, QIAO_ENOTFOUND, "no credit code given");
    return s->ops->org_by_credit_code(s, code, org, e);
}

int store_invitation_add(store *s, store_invitation *iv, char token[STORE_SECRET_HEX],
                         qiao_err *e)
{
    token[0] = '\0';
    if (!*iv->org || !*iv->role || !*iv->email || !*iv->invited_by || iv->expires <= 0)
        return qiao_errf(e, QIAO_EINVAL, "store_invitation_add: org, role, email, invited_by "
                         "and expires are required");
    if (!iv->created)
        iv->created = (int64_t)time(NULL);
    char h[STORE_SECRET_HEX];
    store_random_hex(token);
    int rc = hash_secret(token, h, e);
    if (rc == 0)
        rc = s->ops->invite_add(s, iv, h, e);
    if (rc < 0)
        token[0] = '\0';
    return rc;
}

int store_invitation_get(store *s, const char *token, store_invitation *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    char h[STORE_SECRET_HEX];
    if (!secret_shape(token))
        return qiao_errf(e, QIAO_ENOTFOUND, "no invitation with this link");
    if (hash_secret(token, h, e) < 0)
        return QIAO_EIO;
    return s->ops->invite_get(s, h, out, e);
}

int store_invitation_use(store *s, int64_t id, const char *login, qiao_err *e)
{
    if (need_tx(s, "store_invitation_use", e) < 0)
        return QIAO_EINVAL;
    return s->ops->invite_use(s, id, login, (int64_t)time(NULL), e);
}

int store_org_admin_set(store *s, const char *login, int on, qiao_err *e)
{
    return s->ops->org_admin_set(s, login, on ? 1 : 0, e);
}

int store_org_admin_get(store *s, const char *login, int *on, qiao_err *e)
{
    *on = 0;
    return s->ops->org_admin_get(s, login, on, e);
}
