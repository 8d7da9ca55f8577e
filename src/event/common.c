/* event/common.c — what the event functions share: the acting user, times
 * and deadlines, loading and storing records, party names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/internal.h"
#include "interest/interest.h"
#include "project/project.h"

static const char *str_or(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

int event_actor_is_staff(const event_actor *a)
{
    return a && a->role && (strcmp(a->role, "staff") == 0 || strcmp(a->role, "admin") == 0);
}

int ev_require_staff(const event_actor *a, const char *what, qiao_err *e)
{
    if (event_actor_is_staff(a))
        return 0;
    return qiao_field_errf(e, QIAO_EPERM, "role", "user %s (role %s) may not %s: only staff "
                           "and admin may", a ? str_or(a->user, "(anonymous)") : "(anonymous)",
                           a ? str_or(a->role, "none") : "none", what);
}

void ev_party_org(store *s, const char *id, char out[MODEL_KEY_MAX])
{
    out[0] = '\0';
    model_record p;
    qiao_err ignore = {0};
    if (store_get(s, MODEL_PERSON, id, &p, &ignore) == 0) {
        snprintf(out, MODEL_KEY_MAX, "%s", model_str(&p, "org"));
        model_record_clear(&p);
    }
}

int event_actor_speaks_for(store *s, const event_actor *a, const char *who, const char *field,
                           qiao_err *e)
{
    if (event_actor_is_staff(a))
        return 0;
    const char *party = a ? a->party : NULL;
    if (party && *party && who) {
        if (strcmp(party, who) == 0)
            return 0;
        char org[MODEL_KEY_MAX];
        ev_party_org(s, party, org);
        if (*org && strcmp(org, who) == 0)
            return 0;
    }
    /* technology managers (技术经理人): an account the org `who` authorised
     * acts for it here too — the one rule is interest_may_act (src/interest) */
    if (a && a->user && who && interest_may_act(s, a->user, who, NULL) > 0)
        return 0;
    return qiao_field_errf(e, QIAO_EPERM, field, "%s: user %s (role %s, acting for %s) may not "
                           "act for %s: only that party, its people, staff or admin may",
                           field, a ? str_or(a->user, "(anonymous)") : "(anonymous)",
                           a ? str_or(a->role, "none") : "none", str_or(party, "nobody"),
                           who ? who : "?");
}

int ev_load(store *s, const char *id, model_record *ev, qiao_err *e)
{
    memset(ev, 0, sizeof *ev);
    if (!id || !*id)
        return qiao_field_errf(e, QIAO_EINVAL, "event", "event: no event given");
    int rc = store_get(s, MODEL_EVENT, id, ev, e);
    if (rc == QIAO_ENOTFOUND)
        qiao_field_errf(e, rc, "event", "event: no event with id \"%s\" in the store", id);
    return rc;
}

int ev_at(const char *at, int64_t *t, qiao_err *e)
{
    if (!at || !*at) {
        *t = project_time_now();
        return 0;
    }
    if (project_time_parse(at, t, NULL) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, "at", "at: \"%.40s\" is not a date-time with an "
                               "offset (2023-03-10T09:30+08:00)", at);
    return 0;
}

int64_t ev_field_time(const model_record *r, const char *field, int end_of_day)
{
    const char *s = model_str(r, field);
    int64_t t;
    if (!*s || project_time_parse(s, &t, NULL) < 0)
        return 0;
    if (strlen(s) == 10 && end_of_day)
        t += 86400 - 1;
    return t;
}

int64_t ev_end(const model_record *ev)
{
    int64_t t = ev_field_time(ev, "ends", 1);
    if (t)
        return t;
    int64_t starts = ev_field_time(ev, "starts", 0);
    long long slots = model_int(ev, "slots", 0), mins = model_int(ev, "slot_minutes", 0);
    return starts + (int64_t)(slots * mins * 60);
}

int64_t ev_registration_closes(const model_record *ev, const char **which)
{
    int64_t t = ev_field_time(ev, "registration_deadline", 1);
    *which = t ? "its registration_deadline" : "its start";
    return t ? t : ev_field_time(ev, "starts", 0);
}

int64_t ev_requests_close(const model_record *ev, const char **which)
{
    int64_t t = ev_field_time(ev, "requests_deadline", 1);
    *which = t ? "its requests_deadline" : "the end of the event";
    return t ? t : ev_end(ev);
}

int ev_put(store *s, model_kind k, const json_t *doc, qiao_err *e)
{
    model_record r;
    model_errors errs = {0};
    int rc = model_from_json_kind(k, doc, &r, &errs);
    if (rc < 0) {
        const char *f = errs.n ? errs.v[0].field : "";
        qiao_field_errf(e, QIAO_EINVAL, f, "%s: %s", *f ? f : model_kind_name(k),
                        errs.n ? errs.v[0].reason : "not a valid record");
        model_errors_clear(&errs);
        return QIAO_EINVAL;
    }
    rc = store_put(s, &r, e);
    model_record_clear(&r);
    return rc;
}

int ev_party_exists(store *s, const char *id, qiao_err *e)
{
    int rc = store_exists(s, MODEL_PERSON, id, e);
    if (rc == 0)
        rc = store_exists(s, MODEL_ORG, id, e);
    return rc;
}

void ev_party_name(store *s, const char *id, buf *out)
{
    model_record r;
    qiao_err ignore = {0};
    if (store_get(s, MODEL_PERSON, id, &r, &ignore) == 0 ||
        store_get(s, MODEL_ORG, id, &r, &ignore) == 0) {
        buf_puts(out, model_str(&r, "name"));
        model_record_clear(&r);
    } else {
        buf_puts(out, id);
    }
}

int ev_registration(store *s, const char *event, const char *who, model_record *r,
                    qiao_err *e)
{
    char key[MODEL_KEY_MAX];
    snprintf(key, sizeof key, "%s/%s", event, who);
    int rc = store_get(s, MODEL_REGISTRATION, key, r, e);
    if (rc == QIAO_ENOTFOUND)
        return 0;
    return rc < 0 ? rc : 1;
}

typedef struct list_ctx {
    const char *event;
    ev_list *l;
} list_ctx;

static int collect(const model_record *r, void *ud)
{
    list_ctx *c = ud;
    if (strcmp(model_str(r, "event"), c->event) != 0)
        return 0;
    ev_list *l = c->l;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = qiao_realloc(l->v, l->cap * sizeof *l->v);
    }
    model_record *d = &l->v[l->n++];
    *d = *r;
    d->doc = json_deep_copy(r->doc);
    if (!d->doc)
        qiao_oom();
    return 0;
}

int ev_list_of(store *s, model_kind k, const char *event, ev_list *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    list_ctx c = {event, out};
    int rc = store_scan(s, k, collect, &c, e);
    if (rc)
        ev_list_free(out);
    return rc;
}

void ev_list_free(ev_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_record_clear(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int ev_waitlisted(const model_record *reg)
{
    return json_is_true(json_object_get(reg->doc, "waitlisted"));
}

void ev_hhmm(int64_t t, char out[8])
{
    char full[32];
    project_time_format(t, full);
    snprintf(out, 8, "%.5s", full + 11);
}

const char *event_priority_label(int priority)
{
    return priority >= 3 ? "非常重要" : priority == 2 ? "重要" : "一般";
}
