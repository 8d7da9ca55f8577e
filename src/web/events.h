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
int web_page_event_plan_post(web_req *rq, web_resp *rs);
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
