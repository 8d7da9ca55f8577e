/* web/auth.c — who is asking: sessions (cookie), API tokens (Bearer),
 * passwords (argon2id via libsodium), CSRF tokens, sign-in throttling and
 * ownership rules. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/app.h"

/* A valid argon2id hash of a password nobody has: verified against when the
 * login does not exist, so that unknown and known logins take equally long. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$+UaLwq4loWsJCZ9TSRc5Ag$"
    "gNZ8xoiKapWCEuSgzSqLVN8w9v9cFSCHVgmezngCknw";

/* QIAO_EPERM for a disabled account. */
static int load_user(web_req *rq, const char *login, qiao_err *e)
{
    store_user u;
    int rc = store_user_get(web_w(rq)->st, login, &u, e);
    if (rc < 0)
        return rc;
    if (u.disabled)
        return qiao_errf(e, QIAO_EPERM, "the account %s is disabled", login);
    web_role role;
    if (web_role_parse(u.role, &role) < 0)
        return qiao_errf(e, QIAO_EIO, "user %s has an unknown role '%s'", login, u.role);
    snprintf(rq->user.login, sizeof rq->user.login, "%s", u.login);
    snprintf(rq->user.org, sizeof rq->user.org, "%s", u.org);
    rq->user.role = role;
    rq->signed_in = true;
    return 0;
}

/* A visitor's form token: a MAC of the visitor's cookie under the server's
 * key (kept in the store, shared by every node), so that a page for a
 * visitor writes nothing and a token works only with the cookie it was made
 * for. NULL when the key cannot be read (logged). */
static const char *visitor_csrf(web_req *rq, const char *cookie)
{
    web_worker *w = web_w(rq);
    if (!w->csrf_key_ready) {
        qiao_err e = {0};
        if (store_server_key(w->st, "visitor_csrf", w->csrf_key, &e) < 0) {
            fprintf(stderr, "qiao serve: %s\n", e.msg);
            return NULL;
        }
        w->csrf_key_ready = true;
    }
    _Static_assert(crypto_auth_KEYBYTES == 32, "key size");
    unsigned char mac[crypto_auth_BYTES];
    char msg[16 + STORE_SECRET_HEX];
    snprintf(msg, sizeof msg, "visitor:%s", cookie);
    crypto_auth(mac, (const unsigned char *)msg, strlen(msg), w->csrf_key);
    char hex[2 * crypto_auth_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return web_arena_strdup(&rq->arena, hex);
}

int web_authenticate(web_req *rq, qiao_err *e)
{
    web_worker *w = web_w(rq);
    const char *auth = web_header(rq, "Authorization");
    if (auth && (rq->route->flags & WEB_F_API)) {
        if (strncasecmp(auth, "Bearer ", 7) != 0)
            return qiao_errf(e, QIAO_EINVAL, "the Authorization header must be 'Bearer TOKEN'");
        const char *tok = auth + 7;
        char login[65];
        int rc = strlen(tok) == STORE_TOKEN_LEN - 1 ? store_token_lookup(w->st, tok, login, e)
                                                    : QIAO_ENOTFOUND;
        if (rc == QIAO_ENOTFOUND)
            return qiao_errf(e, QIAO_EINVAL, "the API token is not valid");
        if (rc < 0)
            return rc;
        if ((rc = load_user(rq, login, e)) < 0)
            return rc == QIAO_ENOTFOUND ? qiao_errf(e, QIAO_EINVAL, "the token's user is gone")
                 : rc == QIAO_EPERM ? qiao_errf(e, QIAO_EINVAL, "the token's account is disabled")
                 : rc;
        rq->via_token = true;
        return 0;
    }
    const char *sid = web_cookie(rq, WEB_SESSION_COOKIE);
    if (!sid || strlen(sid) != STORE_SECRET_HEX - 1)
        return 0;
    char login[65], csrf[STORE_SECRET_HEX];
    int rc = store_session_get(w->st, sid, login, csrf, e);
    if (rc == QIAO_ENOTFOUND) {           /* a visitor (or an ended session) */
        rq->csrf = visitor_csrf(rq, sid);
        return 0;
    }
    if (rc < 0)
        return rc;
    rq->session = web_arena_strdup(&rq->arena, sid);
    rq->csrf = web_arena_strdup(&rq->arena, csrf);
    if (*login && (rc = load_user(rq, login, e)) < 0 && rc != QIAO_ENOTFOUND &&
        rc != QIAO_EPERM)
        return rc;
    return 0;
}

bool web_csrf_ok(web_req *rq, const char *token)
{
    if (!rq->csrf || !token || strlen(token) != strlen(rq->csrf))
        return false;
    return sodium_memcmp(rq->csrf, token, strlen(token)) == 0;
}

static void set_cookie(web_req *rq, web_resp *rs, const char *id, long max_age)
{
    bool secure = rq->cfg->secure_cookies || rq->https;
    web_add_header(rq, rs, "Set-Cookie",
                   web_arena_printf(&rq->arena, WEB_SESSION_COOKIE "=%s; Path=/; Max-Age=%ld; "
                                    "HttpOnly; SameSite=Lax%s", id, max_age,
                                    secure ? "; Secure" : ""));
}

const char *web_csrf_token(web_req *rq, web_resp *rs)
{
    if (rq->csrf)
        return rq->csrf;
    char id[STORE_SECRET_HEX];
    store_random_hex(id);                 /* a visitor's cookie: nothing stored */
    const char *csrf = visitor_csrf(rq, id);
    if (!csrf)
        return "";
    set_cookie(rq, rs, id, WEB_SESSION_TTL);
    rq->csrf = csrf;
    return rq->csrf;
}

int web_session_start(web_req *rq, web_resp *rs, const char *login, qiao_err *e)
{
    if (rq->session)                      /* a new id: no session fixation */
        store_session_delete(web_w(rq)->st, rq->session, NULL);
    char id[STORE_SECRET_HEX], csrf[STORE_SECRET_HEX];
    int rc = store_session_create(web_w(rq)->st, login, WEB_SESSION_TTL, id, csrf, e);
    if (rc < 0)
        return rc;
    set_cookie(rq, rs, id, WEB_SESSION_TTL);
    rq->session = web_arena_strdup(&rq->arena, id);
    rq->csrf = web_arena_strdup(&rq->arena, csrf);
    return 0;
}

int web_login(web_req *rq, web_resp *rs, const char *login, const char *password,
              long *retry_after, qiao_err *e)
{
    web_worker *w = web_w(rq);
    char klogin[100], kip[80];
    snprintf(klogin, sizeof klogin, "login:%.64s", login);
    snprintf(kip, sizeof kip, "ip:%.64s", rq->client_ip);
    *retry_after = 0;
    /* the attempt is counted before the password is checked, each count in
     * one statement: parallel attempts cannot all pass the limit */
    int b1 = store_throttle_attempt(w->st, klogin, WEB_THROTTLE_LOGIN, WEB_THROTTLE_WINDOW,
                                    retry_after, e);
    if (b1 < 0)
        return b1;
    long ra2 = 0;
    int b2 = store_throttle_attempt(w->st, kip, WEB_THROTTLE_IP, WEB_THROTTLE_WINDOW, &ra2, e);
    if (b2 < 0)
        return b2;
    if (b1 || b2) {
        if (ra2 > *retry_after)
            *retry_after = ra2;
        return qiao_errf(e, QIAO_EPERM, "too many failed sign-ins; try again in %ld minutes",
                         (*retry_after + 59) / 60);
    }
    store_user u;
    qiao_err ge = {0};
    int rc = store_user_get(w->st, login, &u, &ge);
    if (rc < 0 && rc != QIAO_ENOTFOUND)
        return qiao_errf(e, rc, "%s", ge.msg);
    bool ok = crypto_pwhash_str_verify(rc == 0 ? u.pwhash : dummy_hash, password,
                                       strlen(password)) == 0 && rc == 0;
    if (!ok)
        return qiao_errf(e, QIAO_EPERM, "the login or the password is wrong");
    store_throttle_clear(w->st, klogin, NULL);
    store_throttle_forgive(w->st, kip, WEB_THROTTLE_WINDOW, NULL);
    if (u.disabled)
        return qiao_errf(e, QIAO_ECONFLICT, "the account %s is disabled", u.login);
    if ((rc = web_session_start(rq, rs, u.login, e)) < 0)
        return rc;
    return load_user(rq, u.login, e);
}

void web_logout(web_req *rq, web_resp *rs)
{
    if (rq->session)
        store_session_delete(web_w(rq)->st, rq->session, NULL);
    set_cookie(rq, rs, "", 0);
    rq->session = rq->csrf = NULL;
    rq->signed_in = false;
}

bool web_may_create(const web_req *rq, model_kind k)
{
    if (!rq->signed_in)
        return false;
    switch (rq->user.role) {
    case WEB_ROLE_ADMIN:
    case WEB_ROLE_STAFF:
        return true;
    case WEB_ROLE_UNIVERSITY:
        return k == MODEL_ACHIEVEMENT && *rq->user.org;
    case WEB_ROLE_ENTERPRISE:
        return k == MODEL_DEMAND && *rq->user.org;
    default:
        return false;
    }
}

bool web_is_staff(const web_req *rq)
{
    return rq->signed_in &&
           (rq->user.role == WEB_ROLE_ADMIN || rq->user.role == WEB_ROLE_STAFF);
}

bool web_may_edit(const web_req *rq, model_kind k, const char *org)
{
    if (!web_may_create(rq, k))
        return false;
    if (web_is_staff(rq))
        return true;
    return org && strcmp(org, rq->user.org) == 0;
}

bool web_may_see(const web_req *rq, const model_record *r)
{
    return model_is_public(r) || web_is_staff(rq) ||
           web_may_edit(rq, r->kind, model_str(r, "org"));
}
