/* interest/interest.h — from a match to a conversation: interests (有意向),
 * their short messages, the project proposed from an accepted interest, and
 * dismissals (不合适) with a reason, which the matching never suggests again.
 *
 *   interest_actor a = {.login = "demo-ent", .org = "org-xinsiyuan"};
 *   interest_send_req rq = {.kind = "achievement", .target = "ach-01",
 *                           .message = "想了解授权条件", .per_day = 20};
 *   int64_t id;
 *   if (interest_send(store, &a, &rq, &id, &e) < 0) puts(e.msg);  // Chinese
 *   interest_accept(store, &other_side, id, &e);
 *
 * Parties. The sender's side of an interest is its sender's org (or the
 * sender alone when the account has no org); the receiving side is the org
 * of the record. Either side's accounts may read the thread and write to it;
 * only the receiving side accepts or declines; staff read everything and act
 * for no one. Contacts (name, phone, e-mail of the sender and of the account
 * that accepted) are given only for an accepted interest.
 *
 * Limits. A message is 1–INTEREST_MESSAGE_MAX characters; an account sends at
 * most `per_day` interests in any 24 hours (interest_send_req.per_day, from
 * `qiao serve --interests-per-day`); a side has at most one live (open or
 * accepted) interest in one record. Not on one's own org's record, nor on a
 * draft, withdrawn or closed one.
 *
 * Every write runs its own transaction (interest_record_changed excepted)
 * and adds its notifications (src/notify) in it: all or nothing. Error
 * messages are Chinese product text (they reach the pages as they are).
 */
#ifndef QIAO_INTEREST_INTEREST_H
#define QIAO_INTEREST_INTEREST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "match/match.h"
#include "model/model.h"
#include "store/store.h"

#define INTEREST_MESSAGE_MAX 2000     /* characters of one message */
#define INTEREST_REASON_MAX 500       /* characters of a decline reason or a note */
#define INTEREST_PER_DAY_DEFAULT 20

#define INTEREST_ACTS_MAX 16      /* orgs one technology manager acts for, at most */

typedef struct interest_actor {
    const char *login;       /* the account acting (required) */
    const char *org;         /* its org, "" or NULL when none */
    int staff;               /* admin or staff: may read every interest */
    /* the orgs login acts for as an authorised technology manager, besides
     * its own (interest_actor_load_acts; zero when not loaded) */
    char acts[INTEREST_ACTS_MAX][65];
    size_t nacts;
} interest_actor;

/* ---- technology managers (技术经理人) ----
 *
 * An org's admin (users.org_admin) or staff authorises an account (usually
 * role tech_manager, possibly of a service org) to act for the org
 * (store_manager_set). The manager then acts as one of the org's accounts for
 * interests and matches: sends interests for it (interest_send_req.for_org),
 * accepts, declines and writes in its threads, sees its records' matches, and
 * requests meetings at events for it. A project started from an interest a
 * manager sent or accepted credits the manager (the project's `brokers`). */

/* 1 when account `login` may act for `org`: org is its own org, or it is
 * authorised for org; 0 when not (or org empty); < 0 on a store error. THE
 * rule: the web and the event requests ask it. */
int interest_may_act(store *s, const char *login, const char *org, qiao_err *e);
/* Fills a->acts and a->nacts from the store (the orgs a->login manages). */
int interest_actor_load_acts(store *s, interest_actor *a, qiao_err *e);
/* 1 when a acts for org (its own org or one of a->acts). */
int interest_actor_acts_for(const interest_actor *a, const char *org);
/* Grants (on = 1) or revokes (on = 0) `login` acting for org, by `by`, who
 * must be staff (by_staff) or org's admin. The account must exist and not be
 * staff; an org's own accounts need no grant. Revoking a grant that does not
 * exist is QIAO_ENOTFOUND. Messages are Chinese. */
int interest_manager_set(store *s, const char *org, const char *login, const char *by,
                         int by_staff, int on, qiao_err *e);

/* ---- interests ---- */

typedef struct interest_send_req {
    const char *kind;        /* "achievement" or "demand" */
    const char *target;      /* the record's id */
    const char *via;         /* optional: the sender's own record the match came from */
    const char *message;     /* the first message, required */
    long per_day;            /* <= 0: INTEREST_PER_DAY_DEFAULT */
    const char *for_org;     /* optional: the org a manager sends for (one of a->acts);
                                NULL or "": the actor's own org */
} interest_send_req;

int interest_send(store *s, const interest_actor *a, const interest_send_req *rq, int64_t *id,
                  qiao_err *e);
/* The receiving side accepts (contacts become visible to both) or declines
 * with a reason (1–INTEREST_REASON_MAX characters). Only an open interest. */
int interest_accept(store *s, const interest_actor *a, int64_t id, qiao_err *e);
int interest_decline(store *s, const interest_actor *a, int64_t id, const char *reason,
                     qiao_err *e);
/* A message in the thread of an open or accepted interest (either side). */
int interest_message(store *s, const interest_actor *a, int64_t id, const char *body,
                     qiao_err *e);
/* From an accepted interest: one side proposes a cooperation project; the
 * other side confirms, which starts it (project_start_in_tx, stage contact,
 * id proj-int-N, in the same transaction as the interest's update and the
 * notification) and sets *project (if non-NULL, MODEL_KEY_MAX bytes). Proposing twice, or
 * confirming one's own proposal, is QIAO_ECONFLICT. */
int interest_propose(store *s, const interest_actor *a, int64_t id, qiao_err *e);
int interest_confirm(store *s, const interest_actor *a, int64_t id, char *project,
                     qiao_err *e);

/* Reads interest `id` for a: QIAO_ENOTFOUND when it does not exist or a is
 * neither side (nor staff) — a third party learns nothing. *side: 1 sender's
 * side, 2 receiving side, 0 staff. */
int interest_load(store *s, const interest_actor *a, int64_t id, store_interest *out,
                  int *side, qiao_err *e);
/* The contact of each side of an accepted interest (the sender; the account
 * that accepted). QIAO_EPERM before it is accepted. */
int interest_contacts(store *s, const store_interest *i, store_user *sender,
                      store_user *receiver, qiao_err *e);
/* The interests of a's side (as sender or receiver), newest first (staff:
 * all), at most limit. */
int interest_list(store *s, const interest_actor *a, int64_t limit, store_interest_fn fn,
                  void *ud, qiao_err *e);
/* The live interest of a's side in (kind, target), if any: 1 and *out, or 0. */
int interest_live_of(store *s, const interest_actor *a, const char *kind, const char *target,
                     store_interest *out, qiao_err *e);
/* 1 when a may express interest in r now (signed in, not its own org's
 * record, r live); no check of the limits. It looks at a's own org only:
 * interest_send checks the sending side (for_org) itself. */
int interest_may_send(const interest_actor *a, const model_record *r);

/* Inside the caller's transaction, after record r was written: when r is an
 * achievement or demand that is no longer live (draft, withdrawn, closed),
 * its open and accepted interests are closed and both sides notified.
 * *closed (may be NULL) counts them. Called by the web and by import. */
int interest_record_changed(store *s, const model_record *r, size_t *closed, qiao_err *e);

/* Chinese label of a status (open → 待回复, ...). */
const char *interest_status_label(const char *status);

/* ---- dismissals ---- */

typedef struct interest_reason {
    const char *code;        /* "immature" */
    const char *label;       /* "技术尚不成熟" */
} interest_reason;
/* The reasons of 不合适, in the order forms show them; *n their number. */
const interest_reason *interest_reasons(size_t *n);
/* The reason with this code, or NULL. */
const interest_reason *interest_reason_find(const char *code);

/* a's org dismisses record (kind, target), suggested for its record `via`
 * (optional), with a reason code and a note (required for "other"; at most
 * INTEREST_REASON_MAX characters). Needs an org; not its own record. Again
 * replaces the reason. undismiss: takes it back (QIAO_ENOTFOUND when there
 * was none). */
int interest_dismiss(store *s, const interest_actor *a, const char *kind, const char *target,
                     const char *via, const char *reason, const char *note, qiao_err *e);
int interest_undismiss(store *s, const interest_actor *a, const char *kind, const char *target,
                       qiao_err *e);

/* The records of kind `kind` an org dismissed: a sorted set of keys. */
typedef struct interest_dismissed {
    char **keys;             /* owned, sorted (strcmp) */
    size_t n;
    uint64_t hash;           /* of the set: changes whenever the set does */
} interest_dismissed;
int interest_dismissed_load(store *s, const char *org, model_kind kind,
                            interest_dismissed *out, qiao_err *e);
int interest_dismissed_has(const interest_dismissed *d, const char *key);
void interest_dismissed_free(interest_dismissed *d);

/* THE place where dismissals leave the matching (the web, `qiao match`, event
 * suggestions all rank through it): match_search for top + d->n hits, then
 * the dismissed ones dropped and the list cut to top. d NULL or empty: as
 * match_search. */
int interest_search(match_index *ix, const match_query *q, model_kind target, size_t top,
                    const interest_dismissed *d, match_hits *out, qiao_err *e);
/* The same, loading org's dismissals (org "" or NULL: none). */
int interest_search_for(match_index *ix, store *s, const char *org, const match_query *q,
                        model_kind target, size_t top, match_hits *out, qiao_err *e);

/* What the owner of a record learns from the dismissals of it: how many per
 * reason (in interest_reasons() order) and the newest notes, without who
 * wrote them (docs/projects.md says why). notes: at most max_notes, owned. */
typedef struct interest_feedback {
    size_t total;
    size_t count[16];
    char **notes;
    size_t nnotes;
} interest_feedback;
int interest_feedback_of(store *s, const char *kind, const char *target, size_t max_notes,
                         interest_feedback *out, qiao_err *e);
void interest_feedback_free(interest_feedback *f);

#endif
