/* event/event.h — matchmaking events (对接会, 路演, 科学家进园区): the event
 * record, registration with a waiting list, meeting requests and their
 * answers, suggestions of whom to meet, the 1:1 meeting timetable from the
 * store, agendas (text, JSON, iCalendar), the organiser's grid and exports.
 * The rules and their reasons are in docs/events.md.
 *
 * Every function takes the store, the acting user (event_actor) and returns 0
 * or a negative qiao_code with e filled: e->field names the field at fault
 * ("event", "who", "to", "capacity", "role", ...), e->msg a sentence a person
 * can act on. Write functions run their own transaction (store_begin ..
 * commit): on any error nothing is written. Call them outside a transaction.
 *
 *   event_actor me = {.user = "li", .role = "enterprise", .party = "p-liu-chen"};
 *   event_request_req rq = {.event = "ev1", .from = "p-liu-chen", .to = "p-zhou"};
 *   char key[MODEL_KEY_MAX];
 *   if (event_request(store, &me, &rq, key, &e) < 0) show(e.field, e.msg);
 *
 * Who may do what: staff and admin (role "staff" or "admin") may do
 * everything. Anyone else acts for one party (actor.party: a person, who then
 * also speaks for their org): they may register that party, send its
 * requests, answer requests sent to it, cancel its meetings, see its
 * suggestions and agenda. Creating and editing events, expiring requests,
 * building and writing the timetable, the grid and the exports are for staff.
 *
 * Times: `at` arguments are ISO 8601 with an offset (DATA.md) or NULL for
 * now; they let imports, tests and demos act at a given moment.
 *
 * Threads: reentrant; a store handle is used by one thread at a time.
 */
#ifndef QIAO_EVENT_EVENT_H
#define QIAO_EVENT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/label.h"
#include "model/model.h"
#include "sched/sched.h"
#include "store/store.h"

struct match_index;

typedef struct event_actor {
    const char *user;    /* login (or person id) of who acts; used in messages */
    const char *role;    /* admin, staff, university, enterprise, tech_manager, investor, expert */
    const char *party;   /* the person or org id the user speaks for; NULL or "" for none */
} event_actor;

/* 1 for role staff or admin. */
int event_actor_is_staff(const event_actor *a);
/* 0 when a may act for party `who` (staff; a->party == who; or a->party is a
 * person whose org is who), else QIAO_EPERM naming the user, field `field`. */
int event_actor_speaks_for(store *s, const event_actor *a, const char *who, const char *field,
                           qiao_err *e);

/* ---- events (staff) ---- */

/* A new event from the fields of DATA.md's event (with or without "kind").
 * Beyond the model: ends not before starts; slots × slot_minutes within
 * starts..ends when all are given; deadlines not after the event's end.
 * QIAO_ECONFLICT when the id exists. */
int event_create(store *s, const event_actor *a, const json_t *fields, qiao_err *e);
/* Changes fields of event `id`: each key of `changes` replaces that field,
 * null removes it; "id" cannot change. The same checks as create, and slots
 * or tables may not shrink below a scheduled meeting. A larger capacity
 * promotes waitlisted registrations in order (*promoted, may be NULL). */
int event_edit(store *s, const event_actor *a, const char *id, const json_t *changes,
               int *promoted, qiao_err *e);

/* ---- registration ---- */

typedef struct event_reg_req {
    const char *event, *who;       /* who: a person or an org */
    const int *availability;       /* slot numbers from 1; NULL: every slot */
    size_t navail;
    const char *at;                /* NULL: now */
    int late;                      /* staff only: register after the deadline (walk-ins) */
} event_reg_req;

typedef struct event_reg_result {
    int created;                   /* 0: an existing registration was updated */
    int waitlisted;                /* 1: on the waiting list (the event is full) */
    int position;                  /* place on the waiting list from 1, else 0 */
} event_reg_result;

/* Registers (or updates the availability of) `who`. Refused after the
 * deadline: registration_deadline when set (a date alone: the end of that day
 * in Beijing), else the event's start. Past `capacity` confirmed
 * registrations the new one is waitlisted (field waitlisted, in order of the
 * field registered). */
int event_register(store *s, const event_actor *a, const event_reg_req *rq,
                   event_reg_result *out, qiao_err *e);
/* Withdraws `who`: deletes the registration, cancels their pending and
 * accepted requests (reason "withdrew from the event") and, when a confirmed
 * place frees, promotes the first waitlisted registration; its who is copied
 * to promoted (promoted[0] = 0 when none; may be NULL). */
int event_unregister(store *s, const event_actor *a, const char *event, const char *who,
                     char promoted[MODEL_KEY_MAX], qiao_err *e);

/* ---- meeting requests ---- */

typedef struct event_request_req {
    const char *event, *from, *to;
    const char *id;                /* optional; without: key EVENT/FROM/TO */
    const char *message;           /* optional */
    int priority;                  /* 1–3; 0 means 1 */
    const char *at;                /* NULL: now */
} event_request_req;

/* A pending request from `from` to `to`; its key goes to key_out (may be
 * NULL). Refused: to oneself (field to); a party not registered or
 * waitlisted (from / to); an open (pending or accepted) or declined request
 * between the two in either direction (ECONFLICT); past the event's
 * max_requests (requests sent that are pending, accepted or declined); after
 * the requests deadline (requests_deadline, else the event's end). An
 * expired or cancelled request in the same direction is reopened. */
int event_request(store *s, const event_actor *a, const event_request_req *rq,
                  char key_out[MODEL_KEY_MAX], qiao_err *e);
/* The invited party (or staff) accepts a pending request. Refused past
 * max_meetings (accepted meetings of either party) or after the deadline. */
int event_accept(store *s, const event_actor *a, const char *key, const char *at,
                 qiao_err *e);
/* The invited party (or staff) declines a pending request; reason optional. */
int event_decline(store *s, const event_actor *a, const char *key, const char *reason,
                  const char *at, qiao_err *e);
/* Either party (or staff) cancels a pending or accepted request — a
 * cancellation or a no-show: status cancelled, slot, table and locked are
 * cleared so that the timetable can be re-planned; reason optional. */
int event_cancel(store *s, const event_actor *a, const char *key, const char *reason,
                 qiao_err *e);
/* Staff: pending requests of the event become expired when `at` is past the
 * requests deadline; *n (may be NULL) is how many. Before the deadline: 0. */
int event_expire(store *s, const event_actor *a, const char *event, const char *at, int *n,
                 qiao_err *e);

/* ---- suggestions ---- */

typedef struct event_reason {
    char *mine;       /* "achievement 《…》" — the side of the party asking */
    char *theirs;     /* "demand 《…》" — the other party's record */
    char *why;        /* shared words and factors: "射频标签、无源; chains 集成电路" */
    float score;
    int level;        /* the match level of the pair (match_level: 0-100) */
} event_reason;

typedef struct event_suggestion {
    char who[MODEL_KEY_MAX];
    char *name;                  /* owned; the person's (org's) name */
    float score;                 /* best pair score plus a tenth of the others */
    int level;                   /* the highest match level of its reasons (0-100) */
    event_reason *reasons;       /* owned, best first, at most 3 */
    size_t nreasons;
} event_suggestion;

typedef struct event_suggestions {
    event_suggestion *v;         /* owned, best first */
    size_t n, cap;
} event_suggestions;

/* Whom `who` might meet at `event`, ranked by the matching engine: `who`'s
 * achievements (owned; for an org, its own), its org's demands and, for a
 * person, their expertise, matched against the records of the other
 * confirmed participants (an achievement → its owners and org, a demand → its
 * org and that org's people, an expert → themself). Leaves out `who`, their
 * colleagues (same org), waitlisted parties and parties with a request either
 * way. ix: the index of the store, read under its service's lock
 * (index/index.h: index_read); NULL: QIAO_EIO once the request is checked. */
int event_suggest(store *s, struct match_index *ix, const event_actor *a, const char *event,
                  const char *who, size_t top, event_suggestions *out, qiao_err *e);
void event_suggestions_free(event_suggestions *l);
/* Text (one block per suggestion) or JSON ({"event","who","suggestions":
 * [{"who","name","score","level","level_label","reasons":[{"mine","theirs","why",
 * "score","level"}]}]}). */
void event_suggestions_render(const event_suggestions *l, const char *event, const char *who,
                              int json, buf *out);

/* ---- the timetable (staff) ---- */

/* The sched instance of the event from the store: slots and tables of the
 * event, the confirmed registrations with their availability (within the
 * event's slots), the accepted requests with priority, locked and their
 * existing slot and table. Each meeting's id is the request's key. */
int event_timetable_load(store *s, const event_actor *a, const char *event,
                         sched_instance **out, qiao_err *e);
/* Stores res (a solution of in, from event_timetable_load): slot and table
 * on each accepted request (removed from one left unscheduled), in one
 * transaction; a request whose status changed since the load is a conflict
 * and nothing is written. *changed (may be NULL): requests whose slot or
 * table changed. */
int event_timetable_write(store *s, const event_actor *a, const sched_instance *in,
                          const sched_result *res, int *changed, qiao_err *e);
/* The timetable in one call, as the CLI, the organiser's page and the API
 * build it: event_timetable_load, sched_solve with opt (NULL: the defaults),
 * and with `write` event_timetable_write. On success *out is the instance
 * and *res its solution (free them with sched_instance_free and
 * sched_result_free); on failure *out is NULL, *res is empty, e names the
 * problem and nothing was written. *changed (may be NULL): requests whose
 * slot or table the write changed (0 without write). */
int event_timetable_plan(store *s, const event_actor *a, const char *event,
                         const sched_options *opt, int write, sched_instance **out,
                         sched_result *res, int *changed, qiao_err *e);

/* ---- agendas, grid, exports ---- */

typedef struct event_meeting {
    char key[MODEL_KEY_MAX];
    char from[MODEL_KEY_MAX], to[MODEL_KEY_MAX];
    char *from_name, *to_name;   /* owned */
    char *message;               /* owned; "" when none */
    int priority, locked;
    int slot, table;             /* from 1; 0 when not scheduled */
    int64_t start, end;          /* instants of the slot, 0 when unknown */
} event_meeting;

typedef struct event_view {
    char id[MODEL_KEY_MAX];
    char *title, *venue;         /* owned; venue "" when none */
    int slots, tables, slot_minutes;   /* 0 when not set */
    int64_t starts;
    event_meeting *m;            /* owned; accepted requests by slot, table, key */
    size_t n;
} event_view;

/* The event and its accepted meetings (names resolved). No permission check:
 * callers check (event_agenda and event_grid do). */
int event_view_load(store *s, const char *event, event_view *out, qiao_err *e);
void event_view_free(event_view *v);

typedef enum event_format {
    EVENT_FMT_TEXT, EVENT_FMT_JSON, EVENT_FMT_ICS, EVENT_FMT_CSV
} event_format;
/* "text", "json", "ics", "csv"; -1 otherwise. */
int event_format_parse(const char *s);

/* `who`'s scheduled meetings (who itself or staff): text, JSON or ICS
 * (RFC 5545: VTIMEZONE Asia/Shanghai, one VEVENT per meeting, CRLF, folded at
 * 75 octets). dtstamp: the ICS DTSTAMP instant (0: now). ICS needs the
 * event's slot_minutes. ENOTFOUND when who is not registered. */
int event_agenda(store *s, const event_actor *a, const char *event, const char *who,
                 event_format fmt, int64_t dtstamp, buf *out, qiao_err *e);
/* The ICS text of v's meetings of who (used by event_agenda). */
void event_ics(const event_view *v, const char *who, int64_t dtstamp, buf *out);
/* The same with the calendar's own words (会谈：, 第N桌, 优先级) through lb
 * (core/label.h); titles, names and messages as stored. */
int event_agenda_labeled(store *s, const event_actor *a, const char *event, const char *who,
                         event_format fmt, int64_t dtstamp, const qiao_labels *lb, buf *out,
                         qiao_err *e);
void event_ics_labeled(const event_view *v, const char *who, int64_t dtstamp,
                       const qiao_labels *lb, buf *out);

/* Staff: the slots × tables grid (text, JSON or CSV), each cell "A ↔ B". */
int event_grid(store *s, const event_actor *a, const char *event, event_format fmt,
               buf *out, qiao_err *e);
/* Staff: the meeting list (时段, 时间, 桌号, the request, both sides' ids and
 * names, 优先级 in words, 锁定 是/否, 留言) as CSV (UTF-8 with BOM, CRLF) or
 * text. The grid's and the list's headers are Chinese, as on the pages. */
int event_meetings(store *s, const event_actor *a, const char *event, event_format fmt,
                   buf *out, qiao_err *e);
/* The grid and the list with their own words — headers, sheet names, 是/否,
 * priorities — passed through lb (core/label.h: 繁體 for the web's 繁
 * switch); names, requests and messages as stored. lb NULL: as above. */
int event_grid_labeled(store *s, const event_actor *a, const char *event, event_format fmt,
                       const qiao_labels *lb, buf *out, qiao_err *e);
int event_meetings_labeled(store *s, const event_actor *a, const char *event, event_format fmt,
                           const qiao_labels *lb, buf *out, qiao_err *e);
/* A meeting priority in words: "非常重要" (3), "重要" (2), "一般" (1 and else). */
const char *event_priority_label(int priority);

/* The XLSX workbook's sheets: the grid and the meeting list. */
#define EVENT_SHEET_GRID "会谈安排表"
#define EVENT_SHEET_MEETINGS "会谈清单"

/* Staff: both as an XLSX workbook at path (written to path.tmp, renamed). */
int event_export_xlsx(store *s, const event_actor *a, const char *event, const char *path,
                      qiao_err *e);
int event_export_xlsx_labeled(store *s, const event_actor *a, const char *event,
                              const char *path, const qiao_labels *lb, qiao_err *e);

#endif
