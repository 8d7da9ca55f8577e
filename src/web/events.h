/* web/events.h — the event pages (page_event*.c) and the event API
 * (api_events.c) over src/event: their route handlers and parameter specs
 * (listed in routes.c), and the helpers they share (event_web.c).
 *
 * Who acts: a signed-in account speaks for the person whose id is its login
 * (when the store has one; that person's org too) and otherwise for its org
 * (`qiao user add --org`). Staff and admin speak for everyone. Every rule
 * (deadlines, caps, who may answer what) is src/event's: the handlers only
 * build the event_actor, call the event function and show its error beside
 * the field it names.
 *
 * Internal to src/web; handlers run on a pool thread with its store handle.
 */
#ifndef QIAO_WEB_EVENTS_H
#define QIAO_WEB_EVENTS_H

#include "event/event.h"
#include "web/pages.h"

/* ---- parameter specs (event_web.c) ---- */
extern const web_pspec web_p_event_list[];     /* when, type, page */
extern const web_pspec web_p_event_id[];       /* {id} */
extern const web_pspec web_p_event_page[];     /* {id}, as, done */
extern const web_pspec web_p_event_new[];      /* the create form's fields */
extern const web_pspec web_p_event_edit[];     /* {id} and the edit form's fields */
extern const web_pspec web_p_event_reg[];      /* {id}, who, slot (repeated), late */
extern const web_pspec web_p_event_unreg[];    /* {id}, who */
extern const web_pspec web_p_event_req[];      /* {id}, from, to, message, priority */
extern const web_pspec web_p_event_answer[];   /* {id}, request, as, reason */
extern const web_pspec web_p_event_answer_q[]; /* {id}; request, as in the query */
extern const web_pspec web_p_event_plan[];     /* {id}, allow_moving */
extern const web_pspec web_p_event_agenda[];   /* {id}, who */
extern const web_pspec web_p_api_event_who[];  /* {id}, who (query) */
extern const web_pspec web_p_api_suggest[];    /* {id}, who, top */
extern const web_pspec web_p_api_agenda[];     /* {id}, who, format */
extern const web_pspec web_p_api_unreg[];      /* {id}, who (path) */

/* ---- who acts ---- */
typedef struct web_ev_me {
    char person[MODEL_KEY_MAX];   /* the account's person, "" when none */
    char org[MODEL_KEY_MAX];      /* the person's org, else the account's org, or "" */
    bool staff;
    event_actor actor;            /* points into this struct: do not copy */
} web_ev_me;

void web_ev_me_init(web_req *rq, web_ev_me *me);
/* true when me may act for party (staff, its person, or its org). */
bool web_ev_speaks(const web_ev_me *me, const char *party);

/* ---- reading ---- */

/* The event's fields for the API and pages, with "registered" (confirmed),
 * "waitlisted" (counts) and "past" (bool) added. New reference. */
json_t *web_ev_summary(web_req *rq, const model_record *ev);
/* Events (summaries) sorted by start; when "upcoming" (not ended), "past" or
 * NULL/"all"; type NULL for every type. New reference. */
json_t *web_ev_list(web_req *rq, const char *when, const char *type, qiao_err *e);
/* The records of kind k (registration, meeting_request) of `event`, each a
 * copy of its document with "key" added. New reference. */
json_t *web_ev_records(web_req *rq, model_kind k, const char *event);
/* The party's name (a person's with their org, an org's), or the id. */
void web_ev_party_name(web_req *rq, const char *id, buf *out);
/* 1-based place of who on the waiting list (0: not waitlisted). */
int web_ev_wait_position(const json_t *regs, const char *who);
/* The instant of a DATA.md date/date-time as "2023年3月10日 09:00" (Beijing). */
void web_ev_when(buf *b, const char *iso);
/* "对接会" for "salon", ... */
const char *web_ev_type_label(const char *type);
/* The clock time of slot s (1-based) as "09:00–09:15", or "" when the event
 * has no slot_minutes. */
void web_ev_slot_time(const model_record *ev, int s, char out[32]);

/* "待答复" for pending, ... */
const char *web_ev_status_label(const char *status);
/* A suggestion's side ("achievement 《…》", "expertise of 林致远") as HTML, in Chinese. */
void web_ev_reason_html(buf *b, const char *label);
/* A suggestion's matched words and factors ("射频; chains 集成电路; modes license")
 * as HTML with the factors named in Chinese. */
void web_ev_why_html(buf *b, const char *why);

/* "非常重要" for 3, "重要" for 2, "一般" for 1 (and anything else). */
const char *web_ev_priority_label(long long p);
/* true when the event has ended (its end, else start + slots × minutes). */
bool web_ev_is_past(const model_record *ev);
/* 0 while event {id} of the request's path may still change; QIAO_ECONFLICT
 * with "活动已结束…" (field "event") once it has ended, or the store's
 * error. Every form of a page that changes an event checks it first. */
int web_ev_check_open(web_req *rq, qiao_err *e);
/* Replaces e->msg, an English refusal of src/event, by what the pages say
 * (event_msg.c); event (may be NULL) gives the limits and deadlines quoted.
 * A message already in Chinese is kept. */
void web_ev_msg_zh(web_req *rq, const char *event, qiao_err *e);

/* ---- the organiser's panel and the timetable (page_event_panel.c) ---- */

/* Why each meeting of `in` without a slot is left out, given the slots and
 * tables of the others (0-based, SCHED_NONE when none): the solver's
 * reasons, and SCHED_SCHEDULED for one that would fit (not yet planned). */
void web_ev_unplaced_reasons(const sched_instance *in, const int *slot, const int *table,
                             sched_reason *out);
/* "双方没有共同的可参加时段", ...; SCHED_SCHEDULED: "尚未排入日程…". */
const char *web_ev_reason_label(sched_reason r);
/* The placed meetings (table #scheduled-list) and those left out with their
 * reasons (list #unscheduled) of a timetable of `in`. */
void web_ev_timetable_html(web_req *rq, buf *b, const model_record *ev, const sched_instance *in,
                           const int *slot, const int *table, const sched_reason *reason);
/* The organiser's panel of the event page (staff): requests by state with
 * counts, the waiting list, accepted meetings not placed with the reason,
 * the participants; when not past, the links and the timetable form. err:
 * the timetable form's error, or NULL. */
void web_ev_panel(web_req *rq, web_resp *rs, const model_record *ev, const json_t *regs,
                  const json_t *reqs, bool past, const qiao_err *err);

/* ---- handlers: pages ---- */
int web_page_events(web_req *rq, web_resp *rs);
int web_page_event(web_req *rq, web_resp *rs);
int web_page_event_form(web_req *rq, web_resp *rs);
int web_page_event_form_post(web_req *rq, web_resp *rs);
int web_page_event_register_post(web_req *rq, web_resp *rs);
int web_page_event_unregister_post(web_req *rq, web_resp *rs);
int web_page_event_request_post(web_req *rq, web_resp *rs);
int web_page_event_accept_post(web_req *rq, web_resp *rs);
int web_page_event_decline_post(web_req *rq, web_resp *rs);
int web_page_event_cancel_post(web_req *rq, web_resp *rs);
/* GET …/decline and …/cancel: the confirmation page whose button posts it. */
int web_page_event_answer_confirm(web_req *rq, web_resp *rs);
int web_page_event_plan_post(web_req *rq, web_resp *rs);
int web_page_event_timetable(web_req *rq, web_resp *rs);
int web_page_event_grid(web_req *rq, web_resp *rs);
int web_page_event_grid_csv(web_req *rq, web_resp *rs);
int web_page_event_meetings_csv(web_req *rq, web_resp *rs);
int web_page_event_xlsx(web_req *rq, web_resp *rs);
int web_page_event_agenda(web_req *rq, web_resp *rs);
int web_page_event_ics(web_req *rq, web_resp *rs);

/* The event page with an error of a form on it (page_event.c): section is
 * the form ("register", "request", "answer", ...), e the event module's
 * error (its field is marked). Sets the status from e->code. */
int web_ev_page_error(web_req *rq, web_resp *rs, const char *section, const qiao_err *e);

/* ---- handlers: API ---- */
int web_api_events(web_req *rq, web_resp *rs);
int web_api_event_create(web_req *rq, web_resp *rs);
int web_api_event_get(web_req *rq, web_resp *rs);
int web_api_event_edit(web_req *rq, web_resp *rs);
int web_api_event_register(web_req *rq, web_resp *rs);
int web_api_event_unregister(web_req *rq, web_resp *rs);
int web_api_event_requests(web_req *rq, web_resp *rs);
int web_api_event_request(web_req *rq, web_resp *rs);
int web_api_event_answer(web_req *rq, web_resp *rs);
int web_api_event_suggest(web_req *rq, web_resp *rs);
int web_api_event_timetable(web_req *rq, web_resp *rs);
int web_api_event_grid(web_req *rq, web_resp *rs);
int web_api_event_agenda(web_req *rq, web_resp *rs);
/* The OpenAPI schemas of the event API, added to `schemas`. */
void web_event_schemas(json_t *schemas);

#endif
