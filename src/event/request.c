/* event/request.c — meeting requests: send, accept, decline, cancel, expire,
 * with the per-participant caps and the organiser's deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/internal.h"
#include "project/project.h"

static const char *status_of(const model_record *r)
{
    const char *st = model_str(r, "status");
    return *st ? st : "pending";
}

static int is_open(const char *st)
{
    return strcmp(st, "pending") == 0 || strcmp(st, "accepted") == 0;
}

/* A party of a request must be registered and confirmed. */
static int check_party(store *s, const model_record *ev, const char *who, const char *field,
                       qiao_err *e)
{
    model_record reg;
    int found = ev_registration(s, ev->key, who, &reg, e);
    if (found < 0)
        return found;
    if (!found) {
        int known = ev_party_exists(s, who, e);
        if (known < 0)
            return known;
        if (!known)
            return qiao_field_errf(e, QIAO_ENOTFOUND, field, "%s: \"%s\" is neither a person "
                                   "nor an org in the store", field, who);
        return qiao_field_errf(e, QIAO_ENOTFOUND, field, "%s: %s is not registered for event "
                               "%s; requests are between registered participants (register "
                               "first)", field, who, ev->key);
    }
    int wait = ev_waitlisted(&reg);
    model_record_clear(&reg);
    if (wait)
        return qiao_field_errf(e, QIAO_ECONFLICT, field, "%s: %s is on the waiting list of "
                               "event %s; requests go to and from confirmed participants only",
                               field, who, ev->key);
    return 0;
}

static int check_deadline(const model_record *ev, int64_t t, const char *what, qiao_err *e)
{
    const char *which;
    int64_t closes = ev_requests_close(ev, &which);
    if (t <= closes)
        return 0;
    char c[32];
    project_time_format(closes, c);
    return qiao_field_errf(e, QIAO_ECONFLICT, "requests_deadline", "%s for event %s closed at "
                           "%s (%s)", what, ev->key, c, which);
}

int event_request(store *s, const event_actor *a, const event_request_req *rq,
                  char key_out[MODEL_KEY_MAX], qiao_err *e)
{
    model_record ev = {0}, same = {0};
    ev_list reqs = {0};
    json_t *doc = NULL;
    int64_t t;
    int rc = ev_load(s, rq->event, &ev, e);
    if (rc)
        return rc;
    if (!rq->from || !*rq->from || !rq->to || !*rq->to) {
        rc = qiao_field_errf(e, QIAO_EINVAL, !rq->from || !*rq->from ? "from" : "to",
                             "a meeting request needs both from and to");
        goto out;
    }
    if (strcmp(rq->from, rq->to) == 0) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "to", "to: a request to oneself (%s asks %s); "
                             "choose another participant", rq->from, rq->to);
        goto out;
    }
    if ((rc = event_actor_speaks_for(s, a, rq->from, "from", e)) || (rc = ev_at(rq->at, &t, e)) ||
        (rc = check_deadline(&ev, t, "requests", e)) ||
        (rc = check_party(s, &ev, rq->from, "from", e)) ||
        (rc = check_party(s, &ev, rq->to, "to", e)))
        goto out;

    char key[MODEL_KEY_MAX];
    if (rq->id && *rq->id)
        snprintf(key, sizeof key, "%s", rq->id);
    else
        snprintf(key, sizeof key, "%.64s/%.64s/%.64s", ev.key, rq->from, rq->to);
    if ((rc = store_begin(s, e)))
        goto out;
    rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e);
    long long sent = 0, cap = model_int(&ev, "max_requests", 0);
    for (size_t i = 0; rc == 0 && i < reqs.n; i++) {
        const model_record *m = &reqs.v[i];
        const char *f = model_str(m, "from"), *to = model_str(m, "to"), *st = status_of(m);
        int fwd = strcmp(f, rq->from) == 0 && strcmp(to, rq->to) == 0;
        int back = strcmp(f, rq->to) == 0 && strcmp(to, rq->from) == 0;
        if (strcmp(f, rq->from) == 0 && (is_open(st) || strcmp(st, "declined") == 0))
            sent++;
        if ((fwd || back) && is_open(st))
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "to", "to: a duplicate request: %s from %s "
                                 "to %s is already %s", m->key, f, to, st);
        else if ((fwd || back) && strcmp(st, "declined") == 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "to", "to: %s from %s to %s was declined%s%s; "
                                 "a declined request is not sent again", m->key, f, to,
                                 *model_str(m, "reason") ? ": " : "", model_str(m, "reason"));
    }
    if (rc == 0 && cap && sent >= cap)
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "max_requests", "max_requests: %s has sent %lld "
                             "requests at event %s, its limit (max_requests %lld); a declined "
                             "or pending one still counts, a cancelled one does not", rq->from,
                             sent, ev.key, cap);
    if (rc == 0) {
        /* The key taken: only an expired or cancelled request of the same two, same
         * direction, is reopened; anything else is a conflict. */
        int found = store_get(s, MODEL_MEETING_REQUEST, key, &same, e);
        if (found == 0) {
            const char *st = status_of(&same);
            if (strcmp(model_str(&same, "event"), ev.key) || strcmp(model_str(&same, "from"), rq->from) ||
                strcmp(model_str(&same, "to"), rq->to) || is_open(st) ||
                strcmp(st, "declined") == 0)
                rc = qiao_field_errf(e, QIAO_ECONFLICT, "id", "id: a meeting request %s exists "
                                     "already; choose another id", key);
        } else if (found != QIAO_ENOTFOUND) {
            rc = found;
        }
    }
    if (rc == 0) {
        doc = json_object();
        json_object_set_new(doc, "event", json_string(ev.key));
        json_object_set_new(doc, "from", json_string(rq->from));
        json_object_set_new(doc, "to", json_string(rq->to));
        if (rq->id && *rq->id)
            json_object_set_new(doc, "id", json_string(rq->id));
        if (rq->message && *rq->message)
            json_object_set_new(doc, "message", json_string(rq->message));
        json_object_set_new(doc, "priority", json_integer(rq->priority ? rq->priority : 1));
        json_object_set_new(doc, "status", json_string("pending"));
        rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
    }
    if (rc == 0)
        rc = ev_notice_request(s, &ev, rq->from, rq->to, rq->message, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc == 0 && key_out)
        snprintf(key_out, MODEL_KEY_MAX, "%s", key);
out:
    json_decref(doc);
    ev_list_free(&reqs);
    model_record_clear(&ev);
    model_record_clear(&same);
    return rc;
}

static int get_request(store *s, const char *key, model_record *r, qiao_err *e)
{
    memset(r, 0, sizeof *r);
    if (!key || !*key)
        return qiao_field_errf(e, QIAO_EINVAL, "request", "request: no meeting request given");
    int rc = store_get(s, MODEL_MEETING_REQUEST, key, r, e);
    if (rc == QIAO_ENOTFOUND)
        qiao_field_errf(e, rc, "request", "request: no meeting request with key \"%s\"", key);
    return rc;
}

/* Accepted meetings of who at the event (inside the caller's transaction). */
static int count_meetings(const ev_list *l, const char *who)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(status_of(&l->v[i]), "accepted") == 0 &&
            (strcmp(model_str(&l->v[i], "from"), who) == 0 ||
             strcmp(model_str(&l->v[i], "to"), who) == 0))
            n++;
    return n;
}

static int answer(store *s, const event_actor *a, const char *key, int accept,
                  const char *reason, const char *at, qiao_err *e)
{
    model_record r = {0}, ev = {0};
    ev_list reqs = {0};
    json_t *doc = NULL;
    int64_t t;
    int rc = get_request(s, key, &r, e);
    if (rc)
        return rc;
    const char *st = status_of(&r), *verb = accept ? "accepted" : "declined";
    if ((rc = event_actor_speaks_for(s, a, model_str(&r, "to"), "to", e)) ||
        (rc = ev_at(at, &t, e)) || (rc = ev_load(s, model_str(&r, "event"), &ev, e)))
        goto out;
    if (strcmp(st, "pending") != 0) {
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "status", "status: meeting request %s is %s; "
                             "only a pending request can be %s", key, st, verb);
        goto out;
    }
    if ((rc = check_deadline(&ev, t, "answers to requests", e)))
        goto out;
    if ((rc = store_begin(s, e)))
        goto out;
    long long cap = model_int(&ev, "max_meetings", 0);
    if (accept && cap) {
        rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e);
        const char *sides[2] = {model_str(&r, "from"), model_str(&r, "to")};
        for (int i = 0; rc == 0 && i < 2; i++) {
            int n = count_meetings(&reqs, sides[i]);
            if (n >= cap)
                rc = qiao_field_errf(e, QIAO_ECONFLICT, "max_meetings", "max_meetings: %s already "
                                     "has %d accepted meetings at event %s, its limit "
                                     "(max_meetings %lld)", sides[i], n, ev.key, cap);
        }
    }
    if (rc == 0) {
        doc = json_deep_copy(r.doc);
        json_object_set_new(doc, "status", json_string(verb));
        if (!accept && reason && *reason)
            json_object_set_new(doc, "reason", json_string(reason));
        rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
    }
    if (rc == 0)
        rc = ev_notice_answer(s, &ev, model_str(&r, "from"), model_str(&r, "to"), accept,
                              reason, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
out:
    json_decref(doc);
    ev_list_free(&reqs);
    model_record_clear(&r);
    model_record_clear(&ev);
    return rc;
}

int event_accept(store *s, const event_actor *a, const char *key, const char *at, qiao_err *e)
{
    return answer(s, a, key, 1, NULL, at, e);
}

int event_decline(store *s, const event_actor *a, const char *key, const char *reason,
                  const char *at, qiao_err *e)
{
    return answer(s, a, key, 0, reason, at, e);
}

int event_cancel(store *s, const event_actor *a, const char *key, const char *reason,
                 qiao_err *e)
{
    model_record r = {0};
    json_t *doc = NULL;
    int rc = get_request(s, key, &r, e);
    if (rc)
        return rc;
    const char *st = status_of(&r);
    qiao_err first = {0};
    if (event_actor_speaks_for(s, a, model_str(&r, "from"), "from", &first) < 0 &&
        (rc = event_actor_speaks_for(s, a, model_str(&r, "to"), "to", e)))
        goto out;
    if (!is_open(st)) {
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "status", "status: meeting request %s is %s; "
                             "only a pending or accepted request can be cancelled", key, st);
        goto out;
    }
    doc = json_deep_copy(r.doc);
    json_object_set_new(doc, "status", json_string("cancelled"));
    if (reason && *reason)
        json_object_set_new(doc, "reason", json_string(reason));
    json_object_del(doc, "slot");
    json_object_del(doc, "table");
    json_object_del(doc, "locked");
    if ((rc = store_begin(s, e)))
        goto out;
    rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
out:
    json_decref(doc);
    model_record_clear(&r);
    return rc;
}

int event_expire(store *s, const event_actor *a, const char *event, const char *at, int *n,
                 qiao_err *e)
{
    model_record ev = {0};
    ev_list reqs = {0};
    int64_t t;
    int count = 0;
    if (n)
        *n = 0;
    int rc = ev_require_staff(a, "expire meeting requests", e);
    if (rc == 0)
        rc = ev_load(s, event, &ev, e);
    if (rc)
        return rc;
    const char *which;
    if ((rc = ev_at(at, &t, e)) || t <= ev_requests_close(&ev, &which))
        goto out;
    if ((rc = store_begin(s, e)))
        goto out;
    rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e);
    for (size_t i = 0; rc == 0 && i < reqs.n; i++) {
        if (strcmp(status_of(&reqs.v[i]), "pending") != 0)
            continue;
        json_t *doc = json_deep_copy(reqs.v[i].doc);
        json_object_set_new(doc, "status", json_string("expired"));
        rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
        json_decref(doc);
        count++;
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc == 0 && n)
        *n = count;
out:
    ev_list_free(&reqs);
    model_record_clear(&ev);
    return rc;
}
