/* advice/advice.h — experts answer an invitation to advise (咨询邀请): the
 * owner of a demand invites one of the experts suggested for it (people
 * matched by expertise) to advise; the expert's account accepts (then both
 * sides see each other's contacts) or declines with a reason.
 *
 *   advice_actor a = {.login = "demo-ent"};
 *   int64_t id;
 *   if (advice_invite(store, &a, "dem-01", "p-liu-chen", "想请您评估技术路线", &id, &e) < 0)
 *       puts(e.msg);                                   // Chinese
 *   advice_actor x = {.login = "liu"};                 // linked to p-liu-chen
 *   advice_accept(store, &x, id, &e);
 *
 * Accounts and people. An account may be linked to the person record it is
 * (users.person: advice_link, by staff or the server's operator); a person
 * has at most one account. Only a person's linked account answers for them.
 *
 * Who may. The inviting side is the demand's org: its accounts and the
 * technology managers it authorised (interest_may_act), and staff. The
 * person invited must be expert-like (roles expert, scientist or
 * tech_manager, or an expertise) and have a linked account; one live
 * (invited or accepted) invitation per (demand, person). Only an open
 * demand invites. A third party reading an invitation learns nothing
 * (QIAO_ENOTFOUND); one answering it is refused (QIAO_EPERM) and nothing is
 * stored.
 *
 * Every write runs its own transaction (advice_record_changed excepted) and
 * adds its notifications (src/notify: kinds advice_invited, advice_answered,
 * advice_closed) in it. Error messages are Chinese product text.
 */
#ifndef QIAO_ADVICE_ADVICE_H
#define QIAO_ADVICE_ADVICE_H

#include <stdint.h>

#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

#define ADVICE_MESSAGE_MAX 2000   /* characters of the invitation's message */
#define ADVICE_REASON_MAX 500     /* characters of a decline reason */

typedef struct advice_actor {
    const char *login;       /* the account acting (required) */
    int staff;               /* admin or staff: invites for any demand, reads all */
} advice_actor;

/* Links account `login` to person `person` ("" or NULL unlinks). The person
 * must exist and not be linked to another account (QIAO_ECONFLICT, naming
 * it); the account must exist (QIAO_ENOTFOUND). by: who changes it, recorded
 * in the account audit (action "person", detail "OLD->NEW") in the same
 * transaction; NULL: not recorded. The caller checks that `by` is staff. */
int advice_link(store *s, const char *login, const char *person, const char *by, qiao_err *e);
/* The account linked to person: 1 and login filled, 0 when none. */
int advice_account_of(store *s, const char *person, char login[65], qiao_err *e);

/* 1 when person p may be invited to advise: roles expert, scientist or
 * tech_manager, or a non-empty expertise. */
int advice_is_expert(const model_record *p);
/* 1 when a may invite experts to advise on demand d now: staff or acting for
 * its org (interest_may_act), and d open. */
int advice_may_invite(store *s, const advice_actor *a, const model_record *d);

/* a invites person to advise on demand with a message (1-ADVICE_MESSAGE_MAX
 * characters); the expert's account is notified. *id: the invitation. */
int advice_invite(store *s, const advice_actor *a, const char *demand, const char *person,
                  const char *message, int64_t *id, qiao_err *e);
/* The expert's account accepts, or declines with a reason
 * (1-ADVICE_REASON_MAX characters); only an invitation still invited. The
 * inviting account is notified. */
int advice_accept(store *s, const advice_actor *a, int64_t id, qiao_err *e);
int advice_decline(store *s, const advice_actor *a, int64_t id, const char *reason,
                   qiao_err *e);

/* Reads invitation id for a: QIAO_ENOTFOUND when there is none or a is
 * neither side (nor staff). *side: 1 the inviting side, 2 the expert, 0
 * staff. */
int advice_load(store *s, const advice_actor *a, int64_t id, store_advice *out, int *side,
                qiao_err *e);
/* The contacts of an accepted invitation: the inviting account and the
 * expert's. QIAO_EPERM before it is accepted. */
int advice_contacts(store *s, const store_advice *v, store_user *inviter, store_user *expert,
                    qiao_err *e);
/* The invitations a sees, newest first, at most limit each way: received (to
 * the person linked to a's account) and sent (for a demand of an org a acts
 * for); staff: all. *side of each as in advice_load. */
typedef int (*advice_fn)(const store_advice *v, int side, void *ud);
int advice_list(store *s, const advice_actor *a, int64_t limit, advice_fn fn, void *ud,
                qiao_err *e);
/* The live invitation of (demand, person), if any: 1 and *out, or 0. */
int advice_live_of(store *s, const char *demand, const char *person, store_advice *out,
                   qiao_err *e);

/* Inside the caller's transaction, after record r was written: when r is a
 * demand no longer open, its open (invited) invitations are closed (accepted
 * ones keep their contacts) and the experts
 * notified. *closed (may be NULL) counts them. interest_record_changed calls
 * it, so the web and import need nothing more. */
int advice_record_changed(store *s, const model_record *r, size_t *closed, qiao_err *e);

/* Chinese label of a status (invited → 待回复, ...). */
const char *advice_status_label(const char *status);

#endif
