/* web/sessdb.h — sessions, API tokens and sign-in throttling, kept in the
 * store's database file (tables of migrations/010_sessions.sql).
 *
 * The store's interface (store/store.h) has no sessions, so this module
 * opens its own SQLite connection to the same file; one handle per thread,
 * like a store handle. Secrets (session ids, tokens) are 32 random bytes in
 * hex; only their BLAKE2b hash is stored.
 */
#ifndef QIAO_WEB_SESSDB_H
#define QIAO_WEB_SESSDB_H

#include <stdbool.h>

#include "core/err.h"

typedef struct web_sessdb web_sessdb;

#define WEB_SECRET_HEX 65     /* 64 hex digits + NUL */
#define WEB_TOKEN_PREFIX "qiao_"
#define WEB_TOKEN_LEN (5 + 64 + 1)

/* Opens `path` (a file path or "sqlite:PATH") and creates the tables. */
int web_sessdb_open(const char *path, web_sessdb **out, qiao_err *e);
void web_sessdb_close(web_sessdb *db);

/* A new session for `login` ("" = not signed in) living `ttl` seconds. */
int web_session_create(web_sessdb *db, const char *login, long ttl, char id[WEB_SECRET_HEX],
                       char csrf[WEB_SECRET_HEX], qiao_err *e);
/* QIAO_ENOTFOUND when unknown or expired. */
int web_session_get(web_sessdb *db, const char *id, char login[65], char csrf[WEB_SECRET_HEX],
                    qiao_err *e);
int web_session_delete(web_sessdb *db, const char *id, qiao_err *e);

/* A new API token for `login`; printed once, never retrievable again. */
int web_token_create(web_sessdb *db, const char *login, const char *label,
                     char token[WEB_TOKEN_LEN], qiao_err *e);
/* QIAO_ENOTFOUND when unknown. */
int web_token_lookup(web_sessdb *db, const char *token, char login[65], qiao_err *e);

/* Throttling: `key` has failed `max` times within `window` seconds?
 * Returns 1 (and *retry_after seconds) when blocked, 0 when not. */
int web_throttle_blocked(web_sessdb *db, const char *key, int max, long window,
                         long *retry_after, qiao_err *e);
int web_throttle_fail(web_sessdb *db, const char *key, long window, qiao_err *e);
int web_throttle_clear(web_sessdb *db, const char *key, qiao_err *e);

/* Fills hex with 32 random bytes in hex. */
void web_random_hex(char hex[WEB_SECRET_HEX]);

#endif
