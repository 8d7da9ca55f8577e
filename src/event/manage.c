/* event/manage.c — events (create, edit) and registration with a waiting
 * list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/internal.h"
#include "project/project.h"

/* Rules across fields that the model does not know. */
static int check_event(const model_record *ev, qiao_err *e)
{
    const char *id = ev->key;
    int64_t starts = ev_field_time(ev, "starts", 0);
    int64_t ends = ev_field_time(ev, "ends", 1);
    char a[32], b[32];
    if (ends && ends < starts)
        return qiao_field_errf(e, QIAO_EINVAL, "ends", "ends: event %s ends (%s) before it "
                               "starts (%s)", id, model_str(ev, "ends"), model_str(ev, "starts"));
    long long slots = model_int(ev, "slots", 0), mins = model_int(ev, "slot_minutes", 0);
    if (ends && slots && mins && starts + slots * mins * 60 > ends) {
        project_time_format(starts + slots * mins * 60, a);
        return qiao_field_errf(e, QIAO_EINVAL, "slots", "slots: event %s has %lld slots of %lld "
                               "minutes from %s, which run to %s, after its end %s: fewer or "
                               "shorter slots, or a later end", id, slots, mins,
                               model_str(ev, "starts"), a, model_str(ev, "ends"));
    }
    int64_t end = ev_end(ev);
    static const char *const deadlines[] = {"registration_deadline", "requests_deadline"};
    for (int i = 0; i < 2; i++) {
        int64_t d = ev_field_time(ev, deadlines[i], 1);
        if (d && end && d > end) {
            project_time_format(end, b);
            return qiao_field_errf(e, QIAO_EINVAL, deadlines[i], "%s: event %s ends at %s; "
                                   "its %s (%s) must not be later", deadlines[i], id, b,
                                   deadlines[i], model_str(ev, deadlines[i]));
        }
    }
    return 0;
}

static int build_event(const json_t *doc, model_record *r, qiao_err *e)
{
    model_errors errs = {0};
    if (model_from_json_kind(MODEL_EVENT, doc, r, &errs) < 0) {
        const char *f = errs.n ? errs.v[0].field : "";
        qiao_field_errf(e, QIAO_EINVAL, f, "%s: %s", *f ? f : "event",
                        errs.n ? errs.v[0].reason : "not a valid event");
        model_errors_clear(&errs);
        return QIAO_EINVAL;
    }
    int rc = check_event(r, e);
    if (rc)
        model_record_clear(r);
    return rc;
}

int event_create(store *s, const event_actor *a, const json_t *fields, qiao_err *e)
{
    model_record r = {0};
    int rc = ev_require_staff(a, "create events", e);
    if (rc == 0)
        rc = build_event(fields, &r, e);
    if (rc)
        return rc;
    rc = store_exists(s, MODEL_EVENT, r.key, e);
    if (rc > 0)
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "id", "id: event %s exists already; edit it "
                             "instead", r.key);
    if (rc == 0 && (rc = store_begin(s, e)) == 0) {
        rc = store_put(s, &r, e);
        if (rc == 0)
            rc = store_commit(s, e);
        else
            store_rollback(s);
    }
    model_record_clear(&r);
    return rc;
}

static int cmp_waiting(const void *x, const void *y)
{
    const model_record *a = x, *b = y;
    int c = strcmp(model_str(a, "registered"), model_str(b, "registered"));
    return c ? c : strcmp(a->key, b->key);
}

/* Registrations of the event: confirmed count, and the waiting list sorted
 * (by registered, then key) into *wait (borrowed from l). */
static size_t split_regs(ev_list *l, model_record ***wait, size_t *nwait)
{
    size_t confirmed = 0;
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_waiting);
    *wait = qiao_calloc(l->n + 1, sizeof **wait);
    *nwait = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (ev_waitlisted(&l->v[i]))
            (*wait)[(*nwait)++] = &l->v[i];
        else
            confirmed++;
    }
    return confirmed;
}

/* Moves up to `places` waitlisted registrations onto the list (inside a
 * transaction). The first promoted who goes to first (may be NULL). */
static int promote(store *s, const char *event, long long places, int *n, char *first,
                   qiao_err *e)
{
    ev_list l;
    model_record **wait = NULL;
    size_t nwait;
    int rc = ev_list_of(s, MODEL_REGISTRATION, event, &l, e);
    if (rc)
        return rc;
    split_regs(&l, &wait, &nwait);
    for (size_t i = 0; rc == 0 && i < nwait && (long long)i < places; i++) {
        json_t *doc = json_deep_copy(wait[i]->doc);
        json_object_del(doc, "waitlisted");
        rc = ev_put(s, MODEL_REGISTRATION, doc, e);
        json_decref(doc);
        if (rc == 0 && first && i == 0)
            snprintf(first, MODEL_KEY_MAX, "%s", model_str(wait[i], "who"));
        if (rc == 0 && n)
            (*n)++;
    }
    free(wait);
    ev_list_free(&l);
    return rc;
}

static long long free_places(store *s, const model_record *ev, qiao_err *e, int *rc)
{
    const json_t *cap = json_object_get(ev->doc, "capacity");
    ev_list l;
    model_record **wait = NULL;
    size_t nwait;
    *rc = ev_list_of(s, MODEL_REGISTRATION, ev->key, &l, e);
    if (*rc)
        return 0;
    size_t confirmed = split_regs(&l, &wait, &nwait);
    free(wait);
    ev_list_free(&l);
    if (!cap)
        return 1000000000LL;
    long long left = json_integer_value(cap) - (long long)confirmed;
    return left > 0 ? left : 0;
}

/* Accepted meetings beyond the new slots or tables. */
static int check_shrink(store *s, const model_record *ev, qiao_err *e)
{
    long long slots = model_int(ev, "slots", 0), tables = model_int(ev, "tables", 0);
    ev_list l;
    int rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev->key, &l, e);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        long long slot = model_int(&l.v[i], "slot", 0), table = model_int(&l.v[i], "table", 0);
        if (slot && (!slots || slot > slots))
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "slots", "slots: meeting %s is at slot %lld; "
                                 "event %s cannot have %lld slots until it is re-planned or "
                                 "cancelled", l.v[i].key, slot, ev->key, slots);
        else if (table && (!tables || table > tables))
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "tables", "tables: meeting %s is at table "
                                 "%lld; event %s cannot have %lld tables until it is "
                                 "re-planned or cancelled", l.v[i].key, table, ev->key, tables);
    }
    ev_list_free(&l);
    return rc;
}

int event_edit(store *s, const event_actor *a, const char *id, const json_t *changes,
               int *promoted, qiao_err *e)
{
    model_record old = {0}, r = {0};
    json_t *doc = NULL;
    if (promoted)
        *promoted = 0;
    int rc = ev_require_staff(a, "edit events", e);
    if (rc == 0)
        rc = ev_load(s, id, &old, e);
    if (rc)
        return rc;
    if (!json_is_object(changes)) {
        rc = qiao_errf(e, QIAO_EINVAL, "event %s: the changes must be a JSON object", id);
        goto out;
    }
    doc = json_deep_copy(old.doc);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)changes, k, v) {
        if (strcmp(k, "kind") == 0)
            continue;
        if (strcmp(k, "id") == 0 && !(json_is_string(v) && strcmp(json_string_value(v), id) == 0)) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "id", "id: an event's id does not change "
                                 "(event %s); create a new event instead", id);
            goto out;
        }
        if (json_is_null(v))
            json_object_del(doc, k);
        else
            json_object_set(doc, k, v);
    }
    if ((rc = build_event(doc, &r, e)) || (rc = check_shrink(s, &r, e)))
        goto out;
    if ((rc = store_begin(s, e)))
        goto out;
    rc = store_put(s, &r, e);
    long long places = rc == 0 ? free_places(s, &r, e, &rc) : 0;
    if (rc == 0 && places > 0)
        rc = promote(s, id, places, promoted, NULL, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc && promoted)
        *promoted = 0;
out:
    json_decref(doc);
    model_record_clear(&old);
    model_record_clear(&r);
    return rc;
}

static int check_availability(const model_record *ev, const event_reg_req *rq, qiao_err *e)
{
    if (!rq->availability)
        return 0;
    if (rq->navail == 0)
        return qiao_field_errf(e, QIAO_EINVAL, "availability", "availability: give at least "
                               "one slot, or none at all for every slot");
    long long slots = model_int(ev, "slots", 0);
    for (size_t i = 0; i < rq->navail; i++) {
        char f[48];
        snprintf(f, sizeof f, "availability[%zu]", i);
        int t = rq->availability[i];
        if (t < 1 || (slots && t > slots))
            return qiao_field_errf(e, QIAO_EINVAL, f, "%s: event %s has slots 1 to %lld; got "
                                   "%d", f, ev->key, slots ? slots : 1000, t);
        for (size_t j = 0; j < i; j++)
            if (rq->availability[j] == t)
                return qiao_field_errf(e, QIAO_EINVAL, f, "%s: slot %d is listed twice", f, t);
    }
    return 0;
}

/* The place of who on the waiting list (from 1), 0 when not on it. */
static int wait_position(store *s, const char *event, const char *who, qiao_err *e, int *rc)
{
    ev_list l;
    model_record **wait = NULL;
    size_t nwait;
    int pos = 0;
    *rc = ev_list_of(s, MODEL_REGISTRATION, event, &l, e);
    if (*rc)
        return 0;
    split_regs(&l, &wait, &nwait);
    for (size_t i = 0; i < nwait; i++)
        if (strcmp(model_str(wait[i], "who"), who) == 0)
            pos = (int)i + 1;
    free(wait);
    ev_list_free(&l);
    return pos;
}

int event_register(store *s, const event_actor *a, const event_reg_req *rq,
                   event_reg_result *out, qiao_err *e)
{
    model_record ev = {0}, old = {0};
    json_t *doc = NULL;
    event_reg_result res = {0};
    int64_t t;
    int rc = ev_load(s, rq->event, &ev, e);
    if (rc)
        return rc;
    if (!rq->who || !*rq->who) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "who", "who: give the person or org to register");
        goto out;
    }
    if ((rc = ev_party_exists(s, rq->who, e)) <= 0) {
        if (rc == 0)
            rc = qiao_field_errf(e, QIAO_ENOTFOUND, "who", "who: \"%s\" is neither a person nor "
                                 "an org in the store", rq->who);
        goto out;
    }
    if ((rc = event_actor_speaks_for(s, a, rq->who, "who", e)) || (rc = ev_at(rq->at, &t, e)))
        goto out;
    const char *which;
    int64_t closes = ev_registration_closes(&ev, &which);
    if (t > closes && !(rq->late && event_actor_is_staff(a))) {
        char c[32];
        project_time_format(closes, c);
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "registration_deadline", "registration for "
                             "event %s closed at %s (%s); %s", ev.key, c, which,
                             rq->late ? "only staff may register late" :
                             "ask the organiser, who may register a late participant");
        goto out;
    }
    if ((rc = check_availability(&ev, rq, e)))
        goto out;
    /* Read and write in one transaction: the places counted are the places left. */
    if ((rc = store_begin(s, e)))
        goto out;
    int found = ev_registration(s, ev.key, rq->who, &old, e);
    if (found < 0)
        rc = found;
    if (rc == 0 && found) {
        doc = json_deep_copy(old.doc);
        res.waitlisted = ev_waitlisted(&old);
    } else if (rc == 0) {
        char at[32];
        doc = json_object();
        json_object_set_new(doc, "event", json_string(ev.key));
        json_object_set_new(doc, "who", json_string(rq->who));
        long long places = free_places(s, &ev, e, &rc);
        res.waitlisted = places <= 0;
        if (res.waitlisted)
            json_object_set_new(doc, "waitlisted", json_true());
        project_time_format(t, at);
        json_object_set_new(doc, "registered", json_string(at));
        res.created = 1;
    }
    if (rc == 0) {
        json_object_del(doc, "availability");
        if (rq->availability) {
            json_t *av = json_array();
            for (size_t i = 0; i < rq->navail; i++)
                json_array_append_new(av, json_integer(rq->availability[i]));
            json_object_set_new(doc, "availability", av);
        }
        rc = ev_put(s, MODEL_REGISTRATION, doc, e);
    }
    if (rc == 0 && res.waitlisted)
        res.position = wait_position(s, ev.key, rq->who, e, &rc);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc == 0 && out)
        *out = res;
out:
    json_decref(doc);
    model_record_clear(&ev);
    model_record_clear(&old);
    return rc;
}

int event_unregister(store *s, const event_actor *a, const char *event, const char *who,
                     char promoted[MODEL_KEY_MAX], qiao_err *e)
{
    model_record ev = {0}, reg = {0};
    ev_list reqs = {0};
    if (promoted)
        promoted[0] = '\0';
    int rc = ev_load(s, event, &ev, e);
    if (rc)
        return rc;
    if ((rc = event_actor_speaks_for(s, a, who, "who", e)))
        goto out;
    int found = ev_registration(s, ev.key, who, &reg, e);
    if (found <= 0) {
        rc = found < 0 ? found : qiao_field_errf(e, QIAO_ENOTFOUND, "who", "who: %s is not "
                                                 "registered for event %s", who, ev.key);
        goto out;
    }
    if ((rc = store_begin(s, e)))
        goto out;
    rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e);
    if (rc == 0)
        rc = store_del(s, MODEL_REGISTRATION, reg.key, e);
    for (size_t i = 0; rc == 0 && i < reqs.n; i++) {
        const model_record *m = &reqs.v[i];
        const char *st = model_str(m, "status");
        if (strcmp(model_str(m, "from"), who) && strcmp(model_str(m, "to"), who))
            continue;
        if (*st && strcmp(st, "pending") && strcmp(st, "accepted"))
            continue;
        json_t *doc = json_deep_copy(m->doc);
        json_object_set_new(doc, "status", json_string("cancelled"));
        json_object_set_new(doc, "reason", json_string("withdrew from the event"));
        json_object_del(doc, "slot");
        json_object_del(doc, "table");
        json_object_del(doc, "locked");
        rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
        json_decref(doc);
    }
    if (rc == 0 && !ev_waitlisted(&reg)) {
        long long places = free_places(s, &ev, e, &rc);
        if (rc == 0 && places > 0)
            rc = promote(s, ev.key, 1, NULL, promoted, e);
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc && promoted)
        promoted[0] = '\0';
out:
    ev_list_free(&reqs);
    model_record_clear(&ev);
    model_record_clear(&reg);
    return rc;
}
