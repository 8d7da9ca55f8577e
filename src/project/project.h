/* project/project.h — cooperation projects: the stage workflow, its dated and
 * attributed history, milestones, and the Beijing-time clock qiao reports in.
 *
 * A project moves contact → talks → signed → implementing → done, one stage
 * at a time, or stops (stopped) from any open stage with a reason. done and
 * stopped are final. Every change is one row of project_history (store.h,
 * store_history_*): from, to, at (ISO 8601, Beijing time +08:00), by, note.
 * The rules and their reasons are in docs/projects.md.
 *
 *   project_advance_req rq = {.id = "proj-1", .to = "talks", .by = "p-luo"};
 *   if (project_advance(store, &rq, &e) < 0) fprintf(stderr, "%s\n", e.msg);
 *
 * Each write function runs its own transaction (store_begin .. commit): the
 * record and its history entry are written together or not at all; call
 * them outside a transaction.
 *
 * Threads: reentrant; a store handle is used by one thread at a time.
 */
#ifndef QIAO_PROJECT_PROJECT_H
#define QIAO_PROJECT_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/model.h"
#include "store/store.h"

/* ---- time: instants, Beijing days ---- */

/* Seconds east of UTC of Beijing time, the zone qiao reports in. */
#define PROJECT_TZ_OFFSET (8 * 3600)

/* Parses a DATA.md date ("2023-03-10") or date-time with offset
 * ("2023-03-10T09:30+08:00", "…T09:30:15Z", "…T09:30:15.250+08:00"). Sets *t
 * to the instant in seconds since 1970 UTC (a date alone: its midnight in
 * Beijing) and day (if non-NULL) to the calendar date in Beijing time. Returns
 * 0, or QIAO_EINVAL when s is not such a date. */
int project_time_parse(const char *s, int64_t *t, char day[11]);
/* The instant as "2023-03-10T09:30:00+08:00" (Beijing time). */
void project_time_format(int64_t t, char out[32]);
/* The current instant (time(2)). */
int64_t project_time_now(void);
/* The Beijing calendar date of instant t. */
void project_day_of(int64_t t, char day[11]);
/* Days from date a to date b ("YYYY-MM-DD" each; b - a). */
long project_days_between(const char *a, const char *b);

/* ---- stages ---- */

typedef enum project_stage {
    PROJECT_CONTACT,
    PROJECT_TALKS,
    PROJECT_SIGNED,
    PROJECT_IMPLEMENTING,
    PROJECT_DONE,
    PROJECT_STOPPED,
    PROJECT_NSTAGES
} project_stage;

const char *project_stage_name(project_stage s);            /* "contact", ... */
int project_stage_parse(const char *name, project_stage *out); /* 0 or -1 */
/* The stage of a project record (absent = contact). */
project_stage project_stage_of(const model_record *r);
/* 1 when the project reached signed: it is signed, implementing or done, or it
 * was stopped after signing (it has signed_on). */
int project_reached_signed(const model_record *r);

/* 0 when a project `id` at `from` may move to `to`; otherwise QIAO_ECONFLICT
 * with a message that names both stages and what to do instead. */
int project_transition_check(const char *id, project_stage from, project_stage to,
                             qiao_err *e);

/* ---- writes ---- */

/* A new project at stage contact. It starts from a match (achievement and
 * demand; parties default to their two orgs), from a meeting at an event
 * (meeting: the key of an accepted meeting_request; parties default to its
 * from and to, event to its event), or by hand (parties required). Given
 * fields override the defaults. at: ISO 8601 or NULL for now; by, note may
 * be NULL. The first history entry has from "" and a note saying where the
 * project came from. QIAO_ECONFLICT when the id exists. */
typedef struct project_start_req {
    const char *id;
    const char *const *parties;
    size_t nparties;
    const char *achievement, *demand, *event, *meeting, *mode;
    const char *by, *note, *at;
    /* optional: the logins of the technology managers who brokered it (the
     * record's `brokers`) */
    const char *const *brokers;
    size_t nbrokers;
} project_start_req;
int project_start(store *s, const project_start_req *rq, qiao_err *e);
/* The same inside the caller's transaction (store_begin done; the caller
 * commits, or rolls back on an error): a project started together with other
 * writes (an interest's, its notifications). */
int project_start_in_tx(store *s, const project_start_req *rq, qiao_err *e);

/* Moves project `id` to stage `to` (see project_transition_check). signed
 * needs signed_on (a date), mode and agreement, each given here or already
 * on the record; amount (yuan) is optional. stopped needs reason (it becomes
 * stop_reason). signed_on, mode, agreement and amount go only with signed,
 * reason only with stopped. at: ISO 8601 (not in the future, not before the
 * project's last history entry) or NULL for now. Sets *from (if non-NULL). */
typedef struct project_advance_req {
    const char *id, *to;
    const char *by, *note, *at;
    const char *signed_on, *mode, *agreement, *reason;
    long long amount;
    int has_amount;
} project_advance_req;
int project_advance(store *s, const project_advance_req *rq, project_stage *from,
                    qiao_err *e);
/* The same inside the caller's transaction (as project_start_in_tx). */
int project_advance_in_tx(store *s, const project_advance_req *rq, project_stage *from,
                          qiao_err *e);

/* Signing needs both parties (or staff). project_sign with `party` (an org or
 * person among the project's parties, on whose behalf rq->by acts): when no
 * other party has proposed signing at the project's current stage, records
 * this party's proposal (the terms: signed_on, mode, agreement, amount, given
 * or already on the record) and a history entry (from = to = the current
 * stage, note "… 提议签约，待另一方确认：…") and sets *pending = 1; the project
 * stays where it is. When another party proposed, this confirms: the project
 * moves to signed (project_advance) with the proposal's terms, those given
 * here overriding, and *pending = 0. party NULL or "" (staff, the command
 * line): project_advance at once. QIAO_EPERM when party is not a party. */
int project_sign(store *s, const project_advance_req *rq, const char *party, int *pending,
                 qiao_err *e);
/* Tells the other parties of project r that it moved to stage `to`
 * ("project_advanced", inside the caller's transaction): the accounts of each
 * org party and of each person party's org, once each, but not the side of
 * `by` (an account's org, or a party). project_advance calls it for every
 * stage but signed (signing has its own news, project_sign). */
int project_notify_advanced(store *s, const model_record *r, const char *by, const char *to,
                            qiao_err *e);
/* 1 (and *out) when project r has a pending signing proposal, 0 when not. */
int project_sign_pending(store *s, const model_record *r, store_sign *out, qiao_err *e);

/* Milestones: adds one (title, due date) or marks the one numbered `done`
 * (counted from 1) as done. No history entry: milestones are not stages. */
int project_milestone_add(store *s, const char *id, const char *title, const char *due,
                          qiao_err *e);
int project_milestone_done(store *s, const char *id, size_t number, qiao_err *e);
/* Makes account `login` the owner of milestone `number` (from 1): the one
 * told when it is overdue (src/alert). QIAO_ENOTFOUND for an unknown login;
 * "" removes the owner. */
int project_milestone_owner(store *s, const char *id, size_t number, const char *login,
                            qiao_err *e);

/* ---- reads ---- */

/* Appends project `id`'s history: text (one line per change: at, from → to,
 * by, note) or JSON ({"project":..,"stage":..,"history":[{"from","to","at",
 * "by","note"}]}). QIAO_ENOTFOUND when there is no such project. */
int project_history_render(store *s, const char *id, int json, buf *out, qiao_err *e);

typedef struct project_overdue_item {
    char project[MODEL_KEY_MAX];
    char stage[16];
    size_t number;            /* the milestone's place in the list, from 1 */
    char *title;              /* owned */
    char due[11];
    long days;                /* today - due, >= 1 */
    char owner[65];           /* the account answering for it, "" when none */
} project_overdue_item;

typedef struct project_overdue_list {
    project_overdue_item *v;  /* owned; by due date, then project, then number */
    size_t n, cap;
} project_overdue_list;

/* Milestones due before `today` ("YYYY-MM-DD", NULL = today in Beijing) and
 * not done, of projects that are not done or stopped. */
int project_overdue(store *s, const char *today, project_overdue_list *out, qiao_err *e);
void project_overdue_free(project_overdue_list *l);
/* Text (a table) or JSON ({"today":..,"overdue":[...]}). */
void project_overdue_render(const project_overdue_list *l, const char *today, int json,
                            buf *out);

#endif
