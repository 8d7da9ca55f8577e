/* event/timetable.c — the sched instance of an event from the store, the
 * solution written back, and the event's meetings as a view for agendas and
 * the grid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/internal.h"

static const char *status_of(const model_record *r)
{
    const char *st = model_str(r, "status");
    return *st ? st : "pending";
}

static int need_grid(const model_record *ev, qiao_err *e)
{
    if (!json_object_get(ev->doc, "slots") || !json_object_get(ev->doc, "tables"))
        return qiao_field_errf(e, QIAO_EINVAL, !json_object_get(ev->doc, "slots") ? "slots"
                               : "tables", "event %s has no %s: set slots and tables (and "
                               "slot_minutes for times) before planning meetings", ev->key,
                               !json_object_get(ev->doc, "slots") ? "slots" : "tables");
    return 0;
}

/* 1 when who has a confirmed registration in regs. */
static const model_record *confirmed(const ev_list *regs, const char *who)
{
    for (size_t i = 0; i < regs->n; i++)
        if (strcmp(model_str(&regs->v[i], "who"), who) == 0)
            return ev_waitlisted(&regs->v[i]) ? NULL : &regs->v[i];
    return NULL;
}

int event_timetable_load(store *s, const event_actor *a, const char *event,
                         sched_instance **out, qiao_err *e)
{
    model_record ev = {0};
    ev_list regs = {0}, reqs = {0};
    json_t *root = NULL;
    *out = NULL;
    int rc = ev_require_staff(a, "plan the meeting timetable", e);
    if (rc == 0)
        rc = ev_load(s, event, &ev, e);
    if (rc)
        return rc;
    if ((rc = need_grid(&ev, e)) ||
        (rc = ev_list_of(s, MODEL_REGISTRATION, ev.key, &regs, e)) ||
        (rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e)))
        goto out;
    long long nslots = model_int(&ev, "slots", 0);
    root = json_object();
    json_t *jev = json_object(), *jregs = json_array(), *jreqs = json_array();
    json_object_set_new(jev, "id", json_string(ev.key));
    json_object_set_new(jev, "slots", json_integer(nslots));
    json_object_set_new(jev, "tables", json_integer(model_int(&ev, "tables", 0)));
    json_object_set_new(root, "event", jev);
    json_object_set_new(root, "registrations", jregs);
    json_object_set_new(root, "meeting_requests", jreqs);
    for (size_t i = 0; i < regs.n; i++) {
        const model_record *r = &regs.v[i];
        if (ev_waitlisted(r))
            continue;
        json_t *j = json_object();
        json_object_set_new(j, "who", json_string(model_str(r, "who")));
        const json_t *av = json_object_get(r->doc, "availability");
        if (av) {
            /* slots past the event's (after an edit) are not slots any more */
            json_t *clip = json_array();
            size_t k;
            const json_t *v;
            json_array_foreach(av, k, v)
                if (json_integer_value(v) <= nslots)
                    json_array_append(clip, (json_t *)v);
            json_object_set_new(j, "availability", clip);
        }
        json_array_append_new(jregs, j);
    }
    for (size_t i = 0; rc == 0 && i < reqs.n; i++) {
        const model_record *m = &reqs.v[i];
        if (strcmp(status_of(m), "accepted") != 0)
            continue;
        const char *sides[2] = {model_str(m, "from"), model_str(m, "to")};
        for (int k = 0; k < 2 && rc == 0; k++)
            if (!confirmed(&regs, sides[k]))
                rc = qiao_field_errf(e, QIAO_ECONFLICT, k ? "to" : "from", "meeting request %s "
                                     "is accepted but %s is not a confirmed participant of "
                                     "event %s (not registered or waitlisted): register them "
                                     "or cancel the request", m->key, sides[k], ev.key);
        json_t *j = json_object();
        json_object_set_new(j, "id", json_string(m->key));
        json_object_set_new(j, "from", json_string(sides[0]));
        json_object_set_new(j, "to", json_string(sides[1]));
        json_object_set_new(j, "priority", json_integer(model_int(m, "priority", 1)));
        const char *f[] = {"slot", "table", "locked"};
        for (int k = 0; k < 3; k++) {
            json_t *v = json_object_get(m->doc, f[k]);
            if (v)
                json_object_set(j, f[k], v);
        }
        json_array_append_new(jreqs, j);
    }
    if (rc == 0)
        rc = sched_instance_from_json(root, out, e);
out:
    json_decref(root);
    ev_list_free(&regs);
    ev_list_free(&reqs);
    model_record_clear(&ev);
    return rc;
}

static int find_meeting(const sched_instance *in, const char *key)
{
    for (int m = 0; m < in->nmeetings; m++)
        if (strcmp(in->meetings[m].id, key) == 0)
            return m;
    return -1;
}

int event_timetable_write(store *s, const event_actor *a, const sched_instance *in,
                          const sched_result *res, int *changed, qiao_err *e)
{
    ev_list reqs = {0};
    int nchanged = 0;
    if (changed)
        *changed = 0;
    int rc = ev_require_staff(a, "write the meeting timetable", e);
    if (rc)
        return rc;
    if (!in || !in->event || !res || res->nmeetings != in->nmeetings)
        return qiao_errf(e, QIAO_EINVAL, "event_timetable_write: the result does not belong to "
                         "an instance of an event (build it with event_timetable_load)");
    if ((rc = store_begin(s, e)))
        return rc;
    rc = ev_list_of(s, MODEL_MEETING_REQUEST, in->event, &reqs, e);
    int seen = 0;
    for (size_t i = 0; rc == 0 && i < reqs.n; i++) {
        const model_record *r = &reqs.v[i];
        int m = find_meeting(in, r->key);
        int accepted = strcmp(status_of(r), "accepted") == 0;
        if (m >= 0 && !accepted) {
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "status", "meeting request %s is now %s, no "
                                 "longer accepted, since the timetable was built: build it "
                                 "again; nothing was written", r->key, status_of(r));
            break;
        }
        if (m < 0 && accepted) {
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "status", "meeting request %s was accepted "
                                 "after the timetable was built: build it again; nothing was "
                                 "written", r->key);
            break;
        }
        long long slot = m >= 0 && res->slot[m] != SCHED_NONE ? res->slot[m] + 1 : 0;
        long long table = m >= 0 && res->table[m] != SCHED_NONE ? res->table[m] + 1 : 0;
        seen += m >= 0;
        if (model_int(r, "slot", 0) == slot && model_int(r, "table", 0) == table)
            continue;
        json_t *doc = json_deep_copy(r->doc);
        if (slot) {
            json_object_set_new(doc, "slot", json_integer(slot));
            json_object_set_new(doc, "table", json_integer(table));
        } else {
            json_object_del(doc, "slot");
            json_object_del(doc, "table");
            json_object_del(doc, "locked");
        }
        rc = ev_put(s, MODEL_MEETING_REQUEST, doc, e);
        json_decref(doc);
        nchanged++;
    }
    if (rc == 0 && seen != in->nmeetings)
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "status", "%d meeting requests of the timetable "
                             "are no longer in the store: build it again; nothing was written",
                             in->nmeetings - seen);
    /* the participants hear of a timetable that changed (not of a rewrite
     * that moved nothing) */
    if (rc == 0 && nchanged)
        rc = ev_notice_timetable(s, in->event, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc == 0 && changed)
        *changed = nchanged;
    ev_list_free(&reqs);
    return rc;
}

int event_timetable_plan(store *s, const event_actor *a, const char *event,
                         const sched_options *opt, int write, sched_instance **out,
                         sched_result *res, int *changed, qiao_err *e)
{
    memset(res, 0, sizeof *res);
    if (changed)
        *changed = 0;
    int rc = event_timetable_load(s, a, event, out, e);
    if (rc == 0)
        rc = sched_solve(*out, opt, res, e);
    if (rc == 0 && write)
        rc = event_timetable_write(s, a, *out, res, changed, e);
    if (rc) {
        sched_result_free(res);
        sched_instance_free(*out);
        *out = NULL;
    }
    return rc;
}

/* "刘晨（芯思源）" for a person of an org, the name alone otherwise. */
static char *party_label(store *s, const char *id)
{
    buf b = {0};
    ev_party_name(s, id, &b);
    char org[MODEL_KEY_MAX];
    ev_party_org(s, id, org);
    if (*org) {
        buf_puts(&b, "（");
        ev_party_name(s, org, &b);
        buf_puts(&b, "）");
    }
    return buf_steal(&b);
}

static int cmp_meeting(const void *x, const void *y)
{
    const event_meeting *a = x, *b = y;
    int sa = a->slot ? a->slot : 1 << 30, sb = b->slot ? b->slot : 1 << 30;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (a->table != b->table)
        return a->table < b->table ? -1 : 1;
    return strcmp(a->key, b->key);
}

int event_view_load(store *s, const char *event, event_view *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    model_record ev;
    ev_list reqs = {0};
    int rc = ev_load(s, event, &ev, e);
    if (rc)
        return rc;
    if ((rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &reqs, e)))
        goto out;
    snprintf(out->id, sizeof out->id, "%s", ev.key);
    out->title = qiao_strdup(model_str(&ev, "title"));
    out->venue = qiao_strdup(model_str(&ev, "venue"));
    out->slots = (int)model_int(&ev, "slots", 0);
    out->tables = (int)model_int(&ev, "tables", 0);
    out->slot_minutes = (int)model_int(&ev, "slot_minutes", 0);
    out->starts = ev_field_time(&ev, "starts", 0);
    out->m = qiao_calloc(reqs.n + 1, sizeof *out->m);
    for (size_t i = 0; i < reqs.n; i++) {
        const model_record *r = &reqs.v[i];
        if (strcmp(status_of(r), "accepted") != 0)
            continue;
        event_meeting *m = &out->m[out->n++];
        snprintf(m->key, sizeof m->key, "%s", r->key);
        snprintf(m->from, sizeof m->from, "%s", model_str(r, "from"));
        snprintf(m->to, sizeof m->to, "%s", model_str(r, "to"));
        m->from_name = party_label(s, m->from);
        m->to_name = party_label(s, m->to);
        m->message = qiao_strdup(model_str(r, "message"));
        m->priority = (int)model_int(r, "priority", 1);
        m->locked = json_is_true(json_object_get(r->doc, "locked"));
        m->slot = (int)model_int(r, "slot", 0);
        m->table = (int)model_int(r, "table", 0);
        if (m->slot && out->slot_minutes) {
            m->start = out->starts + (int64_t)(m->slot - 1) * out->slot_minutes * 60;
            m->end = m->start + (int64_t)out->slot_minutes * 60;
        }
    }
    qsort(out->m, out->n, sizeof *out->m, cmp_meeting);
out:
    ev_list_free(&reqs);
    model_record_clear(&ev);
    if (rc)
        event_view_free(out);
    return rc;
}

void event_view_free(event_view *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->m[i].from_name);
        free(v->m[i].to_name);
        free(v->m[i].message);
    }
    free(v->m);
    free(v->title);
    free(v->venue);
    memset(v, 0, sizeof *v);
}
