/* sched/json.c — the instance and result JSON forms (see sched.h and
 * docs/scheduling.md). Slots and tables are counted from 1 here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

static int get_int(const json_t *obj, const char *key, const char *where, int lo, int hi,
                   int dflt, int *out, qiao_err *e)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = dflt;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return qiao_field_errf(e, QIAO_EINVAL, key, "%s.%s must be an integer from %d to %d",
                               where, key, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

static int get_str(const json_t *obj, const char *key, const char *where, const char **out,
                   qiao_err *e)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = NULL;
        return 0;
    }
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v))
        return qiao_field_errf(e, QIAO_EINVAL, key, "%s.%s must be a non-empty string", where, key);
    *out = json_string_value(v);
    return 0;
}

static int parse_event(const json_t *root, sched_instance **in, qiao_err *e)
{
    const json_t *ev = json_object_get(root, "event");
    if (!json_is_object(ev))
        return qiao_field_errf(e, QIAO_EINVAL, "event",
                               "the instance needs an \"event\" object with slots and tables");
    int slots, tables;
    const char *id;
    if (get_int(ev, "slots", "event", 0, SCHED_MAX_SLOTS, 0, &slots, e) < 0 ||
        get_int(ev, "tables", "event", 0, SCHED_MAX_TABLES, 0, &tables, e) < 0 ||
        get_str(ev, "id", "event", &id, e) < 0)
        return QIAO_EINVAL;
    if (slots < 1)
        return qiao_field_errf(e, QIAO_EINVAL, "event.slots",
                               "the event has no slots; set event.slots (1 to %d)", SCHED_MAX_SLOTS);
    if (tables < 1)
        return qiao_field_errf(e, QIAO_EINVAL, "event.tables",
                               "the event has no tables; set event.tables (1 to %d)", SCHED_MAX_TABLES);
    *in = sched_instance_new(slots, tables);
    (*in)->event = id ? qiao_strdup(id) : NULL;
    return 0;
}

static int parse_registrations(const json_t *root, sched_instance *in, json_t *index, qiao_err *e)
{
    const json_t *regs = json_object_get(root, "registrations");
    if (!json_is_array(regs))
        return qiao_field_errf(e, QIAO_EINVAL, "registrations",
                               "the instance needs a \"registrations\" array (one per participant)");
    size_t n = json_array_size(regs);
    in->participants = qiao_calloc(n + 1, sizeof *in->participants);
    char where[64];
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(regs, i);
        snprintf(where, sizeof where, "registrations[%zu]", i);
        if (!json_is_object(r))
            return qiao_field_errf(e, QIAO_EINVAL, where, "%s must be an object", where);
        const char *who;
        if (get_str(r, "who", where, &who, e) < 0)
            return QIAO_EINVAL;
        if (!who)
            return qiao_field_errf(e, QIAO_EINVAL, where, "%s has no \"who\"", where);
        if (json_object_get(index, who))
            return qiao_field_errf(e, QIAO_EINVAL, where,
                                   "participant '%s' is registered twice; keep one registration", who);
        sched_participant *p = &in->participants[in->nparticipants];
        const json_t *av = json_object_get(r, "availability");
        if (!av || json_is_null(av)) {
            for (int t = 0; t < in->nslots; t++)
                sched_slots_set(&p->avail, t);
        } else if (!json_is_array(av)) {
            return qiao_field_errf(e, QIAO_EINVAL, where,
                                   "%s.availability must be a list of slot numbers", where);
        } else {
            for (size_t j = 0; j < json_array_size(av); j++) {
                const json_t *s = json_array_get(av, j);
                if (!json_is_integer(s) || json_integer_value(s) < 1 ||
                    json_integer_value(s) > in->nslots)
                    return qiao_field_errf(e, QIAO_EINVAL, where,
                                           "%s.availability[%zu]: '%s' can only be available in "
                                           "slots 1 to %d", where, j, who, in->nslots);
                sched_slots_set(&p->avail, (int)json_integer_value(s) - 1);
            }
            if (json_array_size(av) == 0)
                return qiao_field_errf(e, QIAO_EINVAL, where,
                                       "participant '%s' is available in no slot; give at least one "
                                       "slot (or omit availability for all)", who);
        }
        p->id = qiao_strdup(who);
        json_object_set_new(index, who, json_integer(in->nparticipants));
        in->nparticipants++;
    }
    return 0;
}

static int lookup(const json_t *index, const char *who, const char *where, const char *key,
                  int *out, qiao_err *e)
{
    if (!who)
        return qiao_field_errf(e, QIAO_EINVAL, where, "%s has no \"%s\"", where, key);
    const json_t *v = json_object_get(index, who);
    if (!v)
        return qiao_field_errf(e, QIAO_EINVAL, where,
                               "%s.%s: unknown participant '%s' (no registration for it)",
                               where, key, who);
    *out = (int)json_integer_value(v);
    return 0;
}

static int parse_requests(const json_t *root, sched_instance *in, const json_t *index, qiao_err *e)
{
    const json_t *reqs = json_object_get(root, "meeting_requests");
    if (!reqs)
        reqs = json_object_get(root, "meetings");
    if (!json_is_array(reqs))
        return qiao_field_errf(e, QIAO_EINVAL, "meeting_requests",
                               "the instance needs a \"meeting_requests\" array");
    size_t n = json_array_size(reqs);
    in->meetings = qiao_calloc(n + 1, sizeof *in->meetings);
    char where[64];
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(reqs, i);
        snprintf(where, sizeof where, "meeting_requests[%zu]", i);
        if (!json_is_object(r))
            return qiao_field_errf(e, QIAO_EINVAL, where, "%s must be an object", where);
        const char *id, *from, *to, *status;
        if (get_str(r, "id", where, &id, e) < 0 || get_str(r, "from", where, &from, e) < 0 ||
            get_str(r, "to", where, &to, e) < 0 || get_str(r, "status", where, &status, e) < 0)
            return QIAO_EINVAL;
        if (status && strcmp(status, "accepted") != 0) {
            if (strcmp(status, "pending") && strcmp(status, "declined") &&
                strcmp(status, "expired") && strcmp(status, "cancelled"))
                return qiao_field_errf(e, QIAO_EINVAL, where, "%s.status must be pending, "
                                       "accepted, declined, expired or cancelled", where);
            continue;
        }
        sched_meeting m = {.slot = SCHED_NONE, .table = SCHED_NONE};
        if (lookup(index, from, where, "from", &m.a, e) < 0 ||
            lookup(index, to, where, "to", &m.b, e) < 0)
            return QIAO_EINVAL;
        int slot, table;
        if (get_int(r, "priority", where, 1, 3, 1, &m.priority, e) < 0 ||
            get_int(r, "slot", where, 1, in->nslots, 0, &slot, e) < 0 ||
            get_int(r, "table", where, 1, in->ntables, 0, &table, e) < 0)
            return QIAO_EINVAL;
        m.slot = slot - 1;
        m.table = table - 1;
        const json_t *lk = json_object_get(r, "locked");
        if (lk && !json_is_boolean(lk) && !json_is_null(lk))
            return qiao_field_errf(e, QIAO_EINVAL, where, "%s.locked must be true or false", where);
        m.locked = json_is_true(lk);
        if (id) {
            m.id = qiao_strdup(id);
        } else {
            size_t len = strlen(from) + strlen(to) + (in->event ? strlen(in->event) : 0) + 3;
            m.id = qiao_malloc(len);
            if (in->event)
                snprintf(m.id, len, "%s/%s/%s", in->event, from, to);
            else
                snprintf(m.id, len, "%s/%s", from, to);
        }
        in->meetings[in->nmeetings++] = m;
    }
    return 0;
}

int sched_instance_from_json(const json_t *root, sched_instance **out, qiao_err *e)
{
    sched_instance *in = NULL;
    json_t *index = json_object();
    int rc;
    if (!json_is_object(root)) {
        rc = qiao_errf(e, QIAO_EINVAL, "the instance must be a JSON object with event, "
                       "registrations and meeting_requests");
        goto out;
    }
    if ((rc = parse_event(root, &in, e)) < 0 ||
        (rc = parse_registrations(root, in, index, e)) < 0 ||
        (rc = parse_requests(root, in, index, e)) < 0 ||
        (rc = sched_instance_validate(in, 0, e)) < 0)
        goto out;
    *out = in;
    in = NULL;
out:
    sched_instance_free(in);
    json_decref(index);
    return rc;
}

int sched_instance_parse(const char *text, size_t len, sched_instance **out, qiao_err *e)
{
    /* The usual shape straight from the text (parse.c); anything it does not
     * take, or an instance that does not validate, goes through jansson,
     * which also words the errors. */
    sched_instance *fast = NULL;
    if (sched_instance_read(text, len, &fast)) {
        qiao_err ignore = {0};
        if (sched_instance_validate(fast, 0, &ignore) == 0) {
            *out = fast;
            return 0;
        }
        sched_instance_free(fast);
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return qiao_errf(e, QIAO_EINVAL, "instance is not valid JSON: line %d column %d: %s",
                         je.line, je.column, je.text);
    int rc = sched_instance_from_json(root, out, e);
    json_decref(root);
    return rc;
}

json_t *sched_result_to_json(const sched_instance *in, const sched_result *res)
{
    json_t *o = json_object();
    json_t *met = json_array(), *uns = json_array();
    if (in->event)
        json_object_set_new(o, "event", json_string(in->event));
    for (int i = 0; i < in->nmeetings && i < res->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(m->id));
        json_object_set_new(r, "from", json_string(in->participants[m->a].id));
        json_object_set_new(r, "to", json_string(in->participants[m->b].id));
        json_object_set_new(r, "priority", json_integer(m->priority));
        if (res->slot[i] != SCHED_NONE) {
            json_object_set_new(r, "slot", json_integer(res->slot[i] + 1));
            json_object_set_new(r, "table", json_integer(res->table[i] + 1));
            if (m->locked)
                json_object_set_new(r, "locked", json_true());
            json_array_append_new(met, r);
        } else {
            json_object_set_new(r, "reason", json_string(sched_reason_name(res->reason[i])));
            json_array_append_new(uns, r);
        }
    }
    json_object_set_new(o, "meetings", met);
    json_object_set_new(o, "unscheduled", uns);
    json_object_set_new(o, "scheduled", json_integer(res->scheduled));
    json_object_set_new(o, "requests", json_integer(res->nmeetings));
    json_object_set_new(o, "weight", json_integer(res->weight));
    json_object_set_new(o, "total_weight", json_integer(res->total_weight));
    json_object_set_new(o, "bound", json_integer(res->bound));
    json_object_set_new(o, "bound_kind", json_string(res->bound_kind ? res->bound_kind : ""));
    json_object_set_new(o, "ratio", json_real(res->ratio));
    json_object_set_new(o, "gaps", json_integer(res->gaps));
    json_object_set_new(o, "iterations", json_integer(res->iterations));
    json_object_set_new(o, "elapsed_ms", json_real(res->elapsed_ms));
    json_object_set_new(o, "stopped", json_string(res->stopped ? res->stopped : ""));
    return o;
}
