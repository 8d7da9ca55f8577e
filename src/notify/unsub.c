/* notify/unsub.c — one-click unsubscribe links (notify.h): a signature of
 * (account, kind) with libsodium crypto_auth (HMAC-SHA512-256) under a key
 * kept in the store, so that any node can check a link any other made, and
 * nobody without the key can make one for someone else's account. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "notify/notify.h"

#define KEY_NAME "unsubscribe"

static int load_key(store *s, unsigned char key[crypto_auth_KEYBYTES], qiao_err *e)
{
    char hex[STORE_SECRET_HEX];
    int rc = store_key_get(s, KEY_NAME, hex, e);
    if (rc < 0)
        return rc;
    size_t n = 0;
    if (sodium_hex2bin(key, crypto_auth_KEYBYTES, hex, strlen(hex), NULL, &n, NULL) != 0 ||
        n != crypto_auth_KEYBYTES)
        rc = qiao_errf(e, QIAO_EIO, "the store's unsubscribe key is damaged");
    sodium_memzero(hex, sizeof hex);
    return rc;
}

/* "unsubscribe\nLOGIN\nKIND": logins and kinds hold no line break. */
static int message(char *out, size_t cap, const char *login, const char *kind)
{
    if (!login || !*login || !kind || !*kind || strpbrk(login, "\n") || strpbrk(kind, "\n"))
        return -1;
    int n = snprintf(out, cap, "unsubscribe\n%s\n%s", login, kind);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int tag_of(store *s, const char *login, const char *kind,
                  unsigned char tag[crypto_auth_BYTES], qiao_err *e)
{
    char msg[200];
    int n = message(msg, sizeof msg, login, kind);
    if (n < 0)
        return qiao_errf(e, QIAO_EINVAL, "unsubscribe: bad account or kind");
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium cannot be initialised");
    unsigned char key[crypto_auth_KEYBYTES];
    int rc = load_key(s, key, e);
    if (rc == 0)
        crypto_auth(tag, (const unsigned char *)msg, (unsigned long long)n, key);
    sodium_memzero(key, sizeof key);
    return rc;
}

int notify_unsub_sign(store *s, const char *login, const char *kind, char sig[65], qiao_err *e)
{
    unsigned char tag[crypto_auth_BYTES];
    sig[0] = '\0';
    int rc = tag_of(s, login, kind, tag, e);
    if (rc == 0)
        sodium_bin2hex(sig, 65, tag, sizeof tag);
    return rc;
}

int notify_unsub_verify(store *s, const char *login, const char *kind, const char *sig,
                        qiao_err *e)
{
    unsigned char want[crypto_auth_BYTES], got[crypto_auth_BYTES];
    size_t n = 0;
    if (!sig || strlen(sig) != 2 * crypto_auth_BYTES ||
        sodium_hex2bin(got, sizeof got, sig, strlen(sig), NULL, &n, NULL) != 0 || n != sizeof got)
        return qiao_errf(e, QIAO_EPERM, "unsubscribe: the link is incomplete or altered");
    int rc = tag_of(s, login, kind, want, e);
    if (rc < 0)
        return rc == QIAO_EINVAL ? qiao_errf(e, QIAO_EPERM, "unsubscribe: bad link") : rc;
    if (sodium_memcmp(want, got, sizeof want) != 0)
        return qiao_errf(e, QIAO_EPERM, "unsubscribe: the link is not valid");
    return 0;
}

static void pct(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

int notify_unsub_url(store *s, const char *base, const char *login, const char *kind, buf *out,
                     qiao_err *e)
{
    char sig[65];
    int rc = notify_unsub_sign(s, login, kind, sig, e);
    if (rc < 0)
        return rc;
    size_t bl = strlen(base);
    buf_printf(out, "%.*s/unsubscribe?u=", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl), base);
    pct(out, login);
    buf_puts(out, "&k=");
    pct(out, kind);
    buf_printf(out, "&t=%s", sig);
    return 0;
}

int notify_unsubscribe(store *s, const char *login, const char *kind, qiao_err *e)
{
    size_t n;
    const notify_kind *k = notify_kinds(&n);
    int rc = 0, mail, digest;
    if (strcmp(kind, "*") != 0) {
        const notify_kind *one = notify_kind_find(kind);
        if (!one || notify_kind_requested(kind))
            return qiao_errf(e, QIAO_EINVAL, "unsubscribe: no mail of kind \"%.40s\" to turn "
                             "off", kind);
        if ((rc = store_pref_get(s, login, kind, &mail, &digest, e)) < 0)
            return rc;
        return store_pref_set(s, login, kind, 0, digest, e);
    }
    if ((rc = store_begin(s, e)) < 0)
        return rc;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (notify_kind_requested(k[i].code))
            continue;
        rc = store_pref_get(s, login, k[i].code, &mail, &digest, e);
        if (rc == 0)
            rc = store_pref_set(s, login, k[i].code, 0, digest, e);
    }
    if (rc == 0)
        return store_commit(s, e);
    store_rollback(s);
    return rc;
}
