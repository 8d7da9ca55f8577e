/* web/visits.h — what a signed-in user has not seen yet: each account's last
 * two sign-ins and when each achievement and demand last changed (tables of
 * migrations/011_visits.sql; the changes are kept by triggers on the store's
 * tables, so that imports count too).
 *
 * The store's interface has none of this yet, so this module opens
 * its own SQLite connection to the same file, for the duration of one call
 * (sign-in and the dashboard are rare enough). Times are unix seconds.
 * Reentrant; each call uses its own connection.
 */
#ifndef QIAO_WEB_VISITS_H
#define QIAO_WEB_VISITS_H

#include <stdint.h>

#include "core/err.h"
#include "model/model.h"

/* Creates the tables and triggers (idempotent); the server calls it at start. */
int web_visits_install(const char *db, qiao_err *e);
/* Records a sign-in of `login` at `now`: the last one becomes the previous. */
int web_visit_signed_in(const char *db, const char *login, int64_t now, qiao_err *e);
/* The sign-in before the current session's (0 when there is none). */
int web_visit_previous(const char *db, const char *login, int64_t *prev, qiao_err *e);

typedef int (*web_change_fn)(model_kind k, const char *key, int64_t at, void *ud);
/* Achievements and demands written at or after `since`, newest first, at
 * most `limit`; fn's non-zero return stops and is returned. */
int web_changes_since(const char *db, int64_t since, int limit, web_change_fn fn, void *ud,
                      qiao_err *e);

#endif
