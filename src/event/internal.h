/* event/internal.h — internal to src/event/: shared helpers. */
#ifndef QIAO_EVENT_INTERNAL_H
#define QIAO_EVENT_INTERNAL_H

#include "event/event.h"

/* A role check for staff-only actions: 0, or QIAO_EPERM "... may not WHAT". */
int ev_require_staff(const event_actor *a, const char *what, qiao_err *e);

/* Loads event `id`; QIAO_ENOTFOUND naming field "event". */
int ev_load(store *s, const char *id, model_record *ev, qiao_err *e);

/* The moment of an action: `at` parsed (field "at") or now. */
int ev_at(const char *at, int64_t *t, qiao_err *e);

/* An instant from a DATA.md date field; a date alone counts as the end of
 * that day in Beijing when end_of_day, else its start. 0 when absent. */
int64_t ev_field_time(const model_record *r, const char *field, int end_of_day);

/* The event's end: ends, else starts + slots × slot_minutes, else starts. */
int64_t ev_end(const model_record *ev);
/* When registration closes: registration_deadline (end of a date), else starts. */
int64_t ev_registration_closes(const model_record *ev, const char **which);
/* When requests and answers close: requests_deadline, else the event's end. */
int64_t ev_requests_close(const model_record *ev, const char **which);

/* Validates doc as a record of kind k and stores it (inside a transaction);
 * the first model error becomes e (field and reason). */
int ev_put(store *s, model_kind k, const json_t *doc, qiao_err *e);

/* 1 when id is a person or org of the store, 0 when neither, <0 on error. */
int ev_party_exists(store *s, const char *id, qiao_err *e);
/* The name of a person ("name") or an org, or the id itself; appended. */
void ev_party_name(store *s, const char *id, buf *out);
/* The org of a person, or "" (also for an org). Writes into out. */
void ev_party_org(store *s, const char *id, char out[MODEL_KEY_MAX]);

/* The registration of who at event: 1 found (r filled), 0 none, <0 error. */
int ev_registration(store *s, const char *event, const char *who, model_record *r,
                    qiao_err *e);

/* The records of one kind and one event, copied (scan then filter). */
typedef struct ev_list {
    model_record *v;   /* owned */
    size_t n, cap;
} ev_list;
int ev_list_of(store *s, model_kind k, const char *event, ev_list *out, qiao_err *e);
void ev_list_free(ev_list *l);

/* 1 when the registration is on the waiting list. */
int ev_waitlisted(const model_record *reg);

/* Formats an instant as "09:30" (Beijing). */
void ev_hhmm(int64_t t, char out[8]);

/* Notifications (notices.c), inside the caller's transaction; the accounts
 * of a party are its org's (a person's org's; a person without one: none).
 * The invited party of a request from -> to: "meeting_request". */
int ev_notice_request(store *s, const model_record *ev, const char *from, const char *to,
                      const char *message, qiao_err *e);
/* The requesting party (from): "meeting_answered", with the reason if any. */
int ev_notice_answer(store *s, const model_record *ev, const char *from, const char *to,
                     int accepted, const char *reason, qiao_err *e);
/* Each confirmed participant: "timetable_published" with its own agenda. */
int ev_notice_timetable(store *s, const char *event, qiao_err *e);

#endif
