/* web/sessdb.c — sessions, tokens and throttling on SQLite. The schema is
 * migrations/010_sessions.sql, embedded at build time (as store/migrations.c
 * embeds its own). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/sessdb.h"

__asm__(".pushsection .rodata\n"
        ".global web_mig_010\n"
        ".hidden web_mig_010\n"
        ".type web_mig_010, @object\n"
        "web_mig_010:\n"
        ".incbin \"migrations/010_sessions.sql\"\n"
        ".byte 0\n"
        ".popsection\n");
extern const char web_mig_010[] __attribute__((visibility("hidden")));

struct web_sessdb {
    sqlite3 *db;
    char path[512];
};

static int dberr(web_sessdb *d, qiao_err *e, const char *what)
{
    return qiao_errf(e, QIAO_EIO, "%s: %s: %s", d->path, what, sqlite3_errmsg(d->db));
}

void web_random_hex(char hex[WEB_SECRET_HEX])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, WEB_SECRET_HEX, r, sizeof r);
}

static void hash_hex(const char *secret, char out[WEB_SECRET_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, WEB_SECRET_HEX, h, sizeof h);
}

int web_sessdb_open(const char *path, web_sessdb **out, qiao_err *e)
{
    if (sodium_init() < 0)
        return qiao_errf(e, QIAO_EIO, "libsodium cannot be initialised");
    if (strncmp(path, "sqlite:", 7) == 0)
        path += 7;
    web_sessdb *d = qiao_calloc(1, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", path);
    if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = qiao_errf(e, QIAO_EIO, "%s: cannot open: %s", path,
                           d->db ? sqlite3_errmsg(d->db) : "out of memory");
        web_sessdb_close(d);
        return rc;
    }
    sqlite3_busy_timeout(d->db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(d->db, web_mig_010, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = qiao_errf(e, QIAO_EIO, "%s: creating the session tables: %s", path,
                           msg ? msg : "?");
        sqlite3_free(msg);
        web_sessdb_close(d);
        return rc;
    }
    *out = d;
    return 0;
}

void web_sessdb_close(web_sessdb *d)
{
    if (!d)
        return;
    sqlite3_close(d->db);
    free(d);
}

/* Prepares sql, binds the texts of `args` (NULL-terminated) and int64s. */
static int run(web_sessdb *d, qiao_err *e, const char *sql, sqlite3_stmt **stp,
               const char *const *texts, const long long *ints, size_t nints)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dberr(d, e, "preparing a statement");
    int i = 1;
    for (; texts && *texts; texts++)
        sqlite3_bind_text(st, i++, *texts, -1, SQLITE_TRANSIENT);
    for (size_t k = 0; k < nints; k++)
        sqlite3_bind_int64(st, i++, ints[k]);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        int r = dberr(d, e, "running a statement");
        sqlite3_finalize(st);
        return r;
    }
    if (stp && rc == SQLITE_ROW) {
        *stp = st;
        return 1;
    }
    sqlite3_finalize(st);
    return 0;
}

int web_session_create(web_sessdb *d, const char *login, long ttl, char id[WEB_SECRET_HEX],
                       char csrf[WEB_SECRET_HEX], qiao_err *e)
{
    long long now = (long long)time(NULL);
    long long del[] = {now};
    if (run(d, e, "DELETE FROM web_sessions WHERE expires < ?", NULL, NULL, del, 1) < 0)
        return QIAO_EIO;
    char h[WEB_SECRET_HEX];
    web_random_hex(id);
    web_random_hex(csrf);
    hash_hex(id, h);
    const char *t[] = {h, login, csrf, NULL};
    long long n[] = {now, now + ttl};
    return run(d, e, "INSERT INTO web_sessions(id_hash, login, csrf, created, expires) "
               "VALUES (?, ?, ?, ?, ?)", NULL, t, n, 2) < 0 ? QIAO_EIO : 0;
}

int web_session_get(web_sessdb *d, const char *id, char login[65], char csrf[WEB_SECRET_HEX],
                    qiao_err *e)
{
    char h[WEB_SECRET_HEX];
    hash_hex(id, h);
    const char *t[] = {h, NULL};
    long long n[] = {(long long)time(NULL)};
    sqlite3_stmt *st = NULL;
    int rc = run(d, e, "SELECT login, csrf FROM web_sessions WHERE id_hash = ? AND expires >= ?",
                 &st, t, n, 1);
    if (rc < 0)
        return QIAO_EIO;
    if (rc == 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "the session has expired; sign in again");
    snprintf(login, 65, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(csrf, WEB_SECRET_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return 0;
}

int web_session_delete(web_sessdb *d, const char *id, qiao_err *e)
{
    char h[WEB_SECRET_HEX];
    hash_hex(id, h);
    const char *t[] = {h, NULL};
    return run(d, e, "DELETE FROM web_sessions WHERE id_hash = ?", NULL, t, NULL, 0) < 0
               ? QIAO_EIO : 0;
}

int web_token_create(web_sessdb *d, const char *login, const char *label,
                     char token[WEB_TOKEN_LEN], qiao_err *e)
{
    char hex[WEB_SECRET_HEX], h[WEB_SECRET_HEX];
    web_random_hex(hex);
    snprintf(token, WEB_TOKEN_LEN, WEB_TOKEN_PREFIX "%s", hex);
    hash_hex(token, h);
    const char *t[] = {h, login, label ? label : "", NULL};
    long long n[] = {(long long)time(NULL)};
    return run(d, e, "INSERT INTO web_tokens(hash, login, label, created) VALUES (?, ?, ?, ?)",
               NULL, t, n, 1) < 0 ? QIAO_EIO : 0;
}

int web_token_lookup(web_sessdb *d, const char *token, char login[65], qiao_err *e)
{
    char h[WEB_SECRET_HEX];
    hash_hex(token, h);
    const char *t[] = {h, NULL};
    sqlite3_stmt *st = NULL;
    int rc = run(d, e, "SELECT login FROM web_tokens WHERE hash = ?", &st, t, NULL, 0);
    if (rc < 0)
        return QIAO_EIO;
    if (rc == 0)
        return qiao_errf(e, QIAO_ENOTFOUND, "the API token is not valid");
    snprintf(login, 65, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return 0;
}

int web_throttle_blocked(web_sessdb *d, const char *key, int max, long window,
                         long *retry_after, qiao_err *e)
{
    const char *t[] = {key, NULL};
    sqlite3_stmt *st = NULL;
    int rc = run(d, e, "SELECT failures, first_at FROM web_throttle WHERE key = ?", &st, t,
                 NULL, 0);
    if (rc <= 0)
        return rc < 0 ? QIAO_EIO : 0;
    long long failures = sqlite3_column_int64(st, 0), first = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    long long age = (long long)time(NULL) - first;
    if (failures >= max && age < window) {
        *retry_after = (long)(window - age);
        return 1;
    }
    return 0;
}

int web_throttle_fail(web_sessdb *d, const char *key, long window, qiao_err *e)
{
    long long now = (long long)time(NULL);
    const char *t[] = {key, NULL};
    long long n[] = {now, (long long)window};
    return run(d, e, "INSERT INTO web_throttle(key, failures, first_at) VALUES (?, 1, ?) "
               "ON CONFLICT(key) DO UPDATE SET "
               "failures = CASE WHEN excluded.first_at - first_at < ?3 THEN failures + 1 ELSE 1 END, "
               "first_at = CASE WHEN excluded.first_at - first_at < ?3 THEN first_at "
               "ELSE excluded.first_at END", NULL, t, n, 2) < 0 ? QIAO_EIO : 0;
}

int web_throttle_clear(web_sessdb *d, const char *key, qiao_err *e)
{
    const char *t[] = {key, NULL};
    return run(d, e, "DELETE FROM web_throttle WHERE key = ?", NULL, t, NULL, 0) < 0
               ? QIAO_EIO : 0;
}
