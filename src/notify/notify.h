/* notify/notify.h — what the platform tells people, and how.
 *
 * Two ways out, both written to the store in the caller's transaction, so
 * that a change and the news of it commit (or roll back) together:
 *
 *   - notify_user: an in-app notification to an account (/me/notifications)
 *     and, when the account has an e-mail address, a mail in the outbox;
 *   - notify_mail: a mail to an address that has no account yet (an
 *     application reviewed, an invitation, a password reset link).
 *
 *   store_begin(s, &e);
 *   store_put(s, &interest_record, &e);
 *   notify_user(s, "uestc", "interest_received", "新的合作意向",
 *               "成都新思源科技有限公司对您的成果“……”有合作意向。", "/me/interests", &e);
 *   store_commit(s, &e);
 *
 * A sender delivers the outbox later (retrying with backoff): mail is never
 * sent from inside a request. Titles and bodies are Chinese product text; the
 * link is a path on the site ("/me/interests/12"), made absolute when mailed.
 *
 * Kinds are the codes of notify_kinds(); each has a label people read (the
 * preferences page lists them). An unknown kind is an error (QIAO_EINVAL).
 */
#ifndef QIAO_NOTIFY_NOTIFY_H
#define QIAO_NOTIFY_NOTIFY_H

#include <stddef.h>

#include "core/err.h"
#include "store/store.h"

typedef struct notify_kind {
    const char *code;     /* "interest_received" */
    const char *label;    /* "收到合作意向" */
} notify_kind;

/* Every kind, in the order the preferences page shows them; *n their number. */
const notify_kind *notify_kinds(size_t *n);
/* The kind with this code, or NULL. */
const notify_kind *notify_kind_find(const char *code);

/* Notifies account `login`: stores the in-app notification and queues a mail
 * to the account's address when it has one. title: one line, non-empty; body
 * and link may be "" or NULL. QIAO_ENOTFOUND when there is no such account,
 * QIAO_EINVAL for an unknown kind. */
int notify_user(store *s, const char *login, const char *kind, const char *title,
                const char *body, const char *link, qiao_err *e);

/* notify_user for every account of org `org`; *count (may be NULL) tells how
 * many were notified (0 when the org has no account). */
int notify_org(store *s, const char *org, const char *kind, const char *title,
               const char *body, const char *link, size_t *count, qiao_err *e);

/* Queues a mail to an address (no in-app notification). login: the account
 * it concerns, or "" / NULL. */
int notify_mail(store *s, const char *to, const char *login, const char *kind,
                const char *subject, const char *body, const char *link, qiao_err *e);

#endif
