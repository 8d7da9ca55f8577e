/* project/project.c — the stage workflow: starting a project, moving it from
 * stage to stage with a history entry each time, and milestones. */
#include <stdio.h>
#include <string.h>

#include "project/project.h"

static const char *const stage_names[PROJECT_NSTAGES] = {
    "contact", "talks", "signed", "implementing", "done", "stopped",
};

const char *project_stage_name(project_stage s)
{
    return (unsigned)s < PROJECT_NSTAGES ? stage_names[s] : "?";
}

int project_stage_parse(const char *name, project_stage *out)
{
    for (int i = 0; name && i < PROJECT_NSTAGES; i++)
        if (strcmp(name, stage_names[i]) == 0) {
            *out = (project_stage)i;
            return 0;
        }
    return -1;
}

project_stage project_stage_of(const model_record *r)
{
    project_stage st = PROJECT_CONTACT;
    const char *s = model_str(r, "stage");
    if (*s && project_stage_parse(s, &st) < 0)
        st = PROJECT_CONTACT;
    return st;
}

int project_reached_signed(const model_record *r)
{
    project_stage st = project_stage_of(r);
    return st == PROJECT_SIGNED || st == PROJECT_IMPLEMENTING || st == PROJECT_DONE ||
           (st == PROJECT_STOPPED && *model_str(r, "signed_on"));
}

int project_transition_check(const char *id, project_stage from, project_stage to,
                             qiao_err *e)
{
    const char *f = project_stage_name(from), *t = project_stage_name(to);
    if (from == to)
        return qiao_field_errf(e, QIAO_ECONFLICT, "stage", "project %s is already at %s", id, f);
    if (from == PROJECT_DONE)
        return qiao_field_errf(e, QIAO_ECONFLICT, "stage", "project %s is done: a finished "
                               "project does not change stage (asked for %s)", id, t);
    if (from == PROJECT_STOPPED)
        return qiao_field_errf(e, QIAO_ECONFLICT, "stage", "project %s was stopped: a stopped "
                               "project does not change stage (asked for %s); to take the "
                               "cooperation up again, start a new project", id, t);
    if (to == PROJECT_STOPPED)
        return 0;
    if (to < from)
        return qiao_field_errf(e, QIAO_ECONFLICT, "stage", "project %s is at %s and cannot "
                               "go back to %s: stages only move forward (contact → talks → "
                               "signed → implementing → done)", id, f, t);
    if (to > from + 1) {
        buf skipped = {0};
        for (int i = (int)from + 1; i < (int)to; i++)
            buf_printf(&skipped, "%s%s", i > (int)from + 1 ? " and " : "",
                       project_stage_name((project_stage)i));
        qiao_field_errf(e, QIAO_ECONFLICT, "stage", "project %s is at %s; %s → %s skips %s: "
                        "advance to %s first (each stage is dated in the history)", id, f, f,
                        t, buf_cstr(&skipped), project_stage_name((project_stage)(from + 1)));
        buf_free(&skipped);
        return QIAO_ECONFLICT;
    }
    return 0;
}

/* Validates doc as a project and stores it. */
static int put_doc(store *s, json_t *doc, qiao_err *e)
{
    model_record r;
    model_errors errs = {0};
    int rc = model_from_json(doc, &r, &errs);
    if (rc < 0) {
        qiao_field_errf(e, QIAO_EINVAL, errs.n ? errs.v[0].field : "", "%s: %s",
                        errs.n ? errs.v[0].field : "project",
                        errs.n ? errs.v[0].reason : "not a valid project");
        model_errors_clear(&errs);
        return QIAO_EINVAL;
    }
    rc = store_put(s, &r, e);
    model_record_clear(&r);
    return rc;
}

/* The moment of a change: `at` as given (normalised to Beijing time) or now. */
static int resolve_at(const char *at, char out[32], int64_t *t, qiao_err *e)
{
    if (!at || !*at) {
        *t = project_time_now();
    } else if (project_time_parse(at, t, NULL) < 0) {
        return qiao_field_errf(e, QIAO_EINVAL, "at", "at: \"%.40s\" is not a date or a "
                               "date-time with an offset (2023-03-10T09:30+08:00)", at);
    } else if (*t > project_time_now()) {
        return qiao_field_errf(e, QIAO_EINVAL, "at", "at: %s is in the future; the history "
                               "records changes that happened", at);
    }
    project_time_format(*t, out);
    return 0;
}

static int exists_party(store *s, const char *id, qiao_err *e)
{
    int rc = store_exists(s, MODEL_ORG, id, e);
    if (rc == 0)
        rc = store_exists(s, MODEL_PERSON, id, e);
    if (rc == 0)
        return qiao_field_errf(e, QIAO_ENOTFOUND, "parties", "parties: \"%s\" is neither an "
                               "org nor a person in the store", id);
    return rc < 0 ? rc : 0;
}

static int get_kind(store *s, model_kind k, const char *id, const char *opt, model_record *r,
                    qiao_err *e)
{
    int rc = store_get(s, k, id, r, e);
    if (rc == QIAO_ENOTFOUND)
        qiao_field_errf(e, rc, opt, "%s: no %s with id \"%s\" in the store", opt,
                        model_kind_name(k), id);
    return rc;
}

static void add_party(json_t *parties, const char *id)
{
    if (!*id)
        return;
    size_t i;
    json_t *v;
    json_array_foreach(parties, i, v)
        if (strcmp(json_string_value(v), id) == 0)
            return;
    json_array_append_new(parties, json_string(id));
}

/* in_tx: inside the caller's transaction (no begin, commit or rollback here). */
static int start(store *s, const project_start_req *rq, int in_tx, qiao_err *e)
{
    char at[32], origin[512];
    int64_t t;
    model_record mr = {0}, ach = {0}, dem = {0};
    json_t *doc = NULL, *parties = json_array();
    int rc = resolve_at(rq->at, at, &t, e);
    if (rc)
        goto out;
    if (!rq->id || !*rq->id) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "id", "a new project needs an id (--id P)");
        goto out;
    }
    rc = store_exists(s, MODEL_PROJECT, rq->id, e);
    if (rc != 0) {
        if (rc > 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "id", "project %s exists already; "
                                 "`qiao project advance` moves it on", rq->id);
        goto out;
    }
    const char *event = rq->event;
    snprintf(origin, sizeof origin, "started by hand");
    if (rq->meeting && *rq->meeting) {
        if ((rc = get_kind(s, MODEL_MEETING_REQUEST, rq->meeting, "meeting", &mr, e)))
            goto out;
        const char *status = model_str(&mr, "status");
        if (strcmp(status, "accepted") != 0) {
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "meeting", "meeting request %s is %s, not "
                                 "accepted: a project starts from a meeting that takes place",
                                 rq->meeting, *status ? status : "pending");
            goto out;
        }
        if (!rq->nparties) {
            add_party(parties, model_str(&mr, "from"));
            add_party(parties, model_str(&mr, "to"));
        }
        if (!event || !*event)
            event = model_str(&mr, "event");
        snprintf(origin, sizeof origin, "started from meeting %s at event %s", rq->meeting,
                 model_str(&mr, "event"));
    }
    if (rq->achievement && *rq->achievement &&
        (rc = get_kind(s, MODEL_ACHIEVEMENT, rq->achievement, "achievement", &ach, e)))
        goto out;
    if (rq->demand && *rq->demand &&
        (rc = get_kind(s, MODEL_DEMAND, rq->demand, "demand", &dem, e)))
        goto out;
    if (ach.doc && dem.doc && !mr.doc)
        snprintf(origin, sizeof origin, "started from the match of achievement %s and "
                 "demand %s", rq->achievement, rq->demand);
    if (!rq->nparties && !mr.doc) {
        if (ach.doc)
            add_party(parties, model_str(&ach, "org"));
        if (dem.doc)
            add_party(parties, model_str(&dem, "org"));
    }
    for (size_t i = 0; i < rq->nparties; i++)
        add_party(parties, rq->parties[i]);
    if (json_array_size(parties) == 0) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "parties", "project %s: name its parties "
                             "(--parties A,B), or start it from a match (--achievement and "
                             "--demand) or a meeting (--meeting)", rq->id);
        goto out;
    }
    size_t i;
    json_t *v;
    json_array_foreach(parties, i, v)
        if ((rc = exists_party(s, json_string_value(v), e)))
            goto out;
    if (event && *event && (rc = store_exists(s, MODEL_EVENT, event, e)) <= 0) {
        if (rc == 0)
            rc = qiao_field_errf(e, QIAO_ENOTFOUND, "event", "event: no event with id \"%s\" "
                                 "in the store", event);
        goto out;
    }
    doc = json_object();
    json_object_set_new(doc, "kind", json_string("project"));
    json_object_set_new(doc, "id", json_string(rq->id));
    json_object_set(doc, "parties", parties);
    if (ach.doc)
        json_object_set_new(doc, "achievement", json_string(rq->achievement));
    if (dem.doc)
        json_object_set_new(doc, "demand", json_string(rq->demand));
    if (event && *event)
        json_object_set_new(doc, "event", json_string(event));
    json_object_set_new(doc, "stage", json_string("contact"));
    if (rq->mode && *rq->mode)
        json_object_set_new(doc, "mode", json_string(rq->mode));
    if (rq->nbrokers) {                /* the technology managers who brokered it */
        json_t *b = json_array();
        for (size_t k = 0; k < rq->nbrokers; k++)
            json_array_append_new(b, json_string(rq->brokers[k]));
        json_object_set_new(doc, "brokers", b);
    }
    if (!in_tx && (rc = store_begin(s, e)))
        goto out;
    buf note = {0};
    buf_puts(&note, origin);
    if (rq->note && *rq->note)
        buf_printf(&note, ": %s", rq->note);
    store_history h = {0, rq->id, "", "contact", at, rq->by ? rq->by : "", buf_cstr(&note)};
    rc = put_doc(s, doc, e);
    if (rc == 0)
        rc = store_history_add(s, &h, e);
    buf_free(&note);
    if (!in_tx && rc == 0)
        rc = store_commit(s, e);
    else if (!in_tx)
        store_rollback(s);
out:
    json_decref(doc);
    json_decref(parties);
    model_record_clear(&mr);
    model_record_clear(&ach);
    model_record_clear(&dem);
    return rc;
}

static int last_at(const store_history *h, void *ud)
{
    snprintf(ud, 32, "%s", h->at);
    return 0;
}

static int set_str(json_t *doc, const char *field, const char *v)
{
    if (v && *v)
        json_object_set_new(doc, field, json_string(v));
    return v && *v;
}

int project_start(store *s, const project_start_req *rq, qiao_err *e)
{
    return start(s, rq, 0, e);
}

int project_start_in_tx(store *s, const project_start_req *rq, qiao_err *e)
{
    return start(s, rq, 1, e);
}

static int advance(store *s, const project_advance_req *rq, project_stage *from, int in_tx,
                   qiao_err *e)
{
    model_record r = {0};
    json_t *doc = NULL;
    char at[32], prev[32] = "";
    int64_t t, tp;
    project_stage to, cur;
    int rc;
    if (!rq->to || project_stage_parse(rq->to, &to) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, "to", "--to: the stage is one of contact, "
                               "talks, signed, implementing, done, stopped; got \"%.32s\"",
                               rq->to ? rq->to : "");
    if (to != PROJECT_SIGNED &&
        ((rq->signed_on && *rq->signed_on) || (rq->mode && *rq->mode) ||
         (rq->agreement && *rq->agreement) || rq->has_amount))
        return qiao_errf(e, QIAO_EINVAL, "--signed-on, --amount, --mode and --agreement go "
                         "with --to signed");
    if (to != PROJECT_STOPPED && rq->reason && *rq->reason)
        return qiao_field_errf(e, QIAO_EINVAL, "stop_reason", "--reason goes with --to stopped");
    if ((rc = resolve_at(rq->at, at, &t, e)))
        return rc;
    if ((rc = get_kind(s, MODEL_PROJECT, rq->id, "id", &r, e)))
        return rc;
    cur = project_stage_of(&r);
    if (from)
        *from = cur;
    if ((rc = project_transition_check(rq->id, cur, to, e)))
        goto out;
    if ((rc = store_history_scan(s, rq->id, last_at, prev, e)))
        goto out;
    if (*prev && project_time_parse(prev, &tp, NULL) == 0 && t < tp) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "at", "project %s: at %s is before its last "
                             "change (%s); the history is in order", rq->id, at, prev);
        goto out;
    }
    doc = json_deep_copy(r.doc);
    json_object_set_new(doc, "stage", json_string(project_stage_name(to)));
    if (to == PROJECT_SIGNED) {
        set_str(doc, "signed_on", rq->signed_on);
        set_str(doc, "mode", rq->mode);
        set_str(doc, "agreement", rq->agreement);
        if (rq->has_amount)
            json_object_set_new(doc, "amount", json_integer(rq->amount));
        buf miss = {0};
        static const char *const need[][2] = {{"signed_on", "--signed-on DATE"},
            {"mode", "--mode M (self, assign, license, cooperate, equity or other)"},
            {"agreement", "--agreement TEXT (the agreement, e.g. 《技术许可合同》)"}};
        for (size_t i = 0; i < 3; i++)
            if (!json_is_string(json_object_get(doc, need[i][0])))
                buf_printf(&miss, "%s%s", miss.len ? ", " : "", need[i][1]);
        if (miss.len) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "signed_on", "project %s: signing needs the "
                                 "date, the transfer mode and the agreement; missing: %s",
                                 rq->id, miss.p);
            buf_free(&miss);
            goto out;
        }
        int64_t ts;
        const char *so = json_string_value(json_object_get(doc, "signed_on"));
        if (project_time_parse(so, &ts, NULL) < 0 || strlen(so) != 10) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "signed_on", "project %s: --signed-on must "
                                 "be a date such as 2023-03-10; got \"%.40s\"", rq->id, so);
            goto out;
        }
    } else if (to == PROJECT_STOPPED) {
        if (!set_str(doc, "stop_reason", rq->reason)) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "stop_reason", "project %s: stopping needs "
                                 "a reason (--reason TEXT), kept as stop_reason", rq->id);
            goto out;
        }
    }
    if (!in_tx && (rc = store_begin(s, e)))
        goto out;
    store_history h = {0, rq->id, project_stage_name(cur), project_stage_name(to), at,
                       rq->by ? rq->by : "", rq->note ? rq->note : ""};
    rc = put_doc(s, doc, e);
    if (rc == 0)
        rc = store_history_add(s, &h, e);
    if (rc == 0 && to != PROJECT_SIGNED)
        rc = project_notify_advanced(s, &r, rq->by, project_stage_name(to), e);
    if (!in_tx && rc == 0)
        rc = store_commit(s, e);
    else if (!in_tx)
        store_rollback(s);
out:
    json_decref(doc);
    model_record_clear(&r);
    return rc;
}

int project_advance(store *s, const project_advance_req *rq, project_stage *from,
                    qiao_err *e)
{
    return advance(s, rq, from, 0, e);
}

int project_advance_in_tx(store *s, const project_advance_req *rq, project_stage *from,
                          qiao_err *e)
{
    return advance(s, rq, from, 1, e);
}

static int update_milestones(store *s, const char *id, const char *title, const char *due,
                             size_t number, qiao_err *e)
{
    model_record r = {0};
    int rc = get_kind(s, MODEL_PROJECT, id, "id", &r, e);
    if (rc)
        return rc;
    json_t *doc = json_deep_copy(r.doc);
    json_t *ms = json_object_get(doc, "milestones");
    if (!json_is_array(ms)) {
        ms = json_array();
        json_object_set_new(doc, "milestones", ms);
    }
    if (title) {
        json_t *m = json_object();
        json_object_set_new(m, "title", json_string(title));
        if (due && *due)
            json_object_set_new(m, "due", json_string(due));
        json_object_set_new(m, "done", json_false());
        json_array_append_new(ms, m);
    } else if (number < 1 || number > json_array_size(ms)) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "milestones", "project %s has %zu milestone%s; "
                             "--done takes a number from 1 to %zu", id, json_array_size(ms),
                             json_array_size(ms) == 1 ? "" : "s", json_array_size(ms));
        goto out;
    } else {
        json_object_set_new(json_array_get(ms, number - 1), "done", json_true());
    }
    if ((rc = store_begin(s, e)))
        goto out;
    rc = put_doc(s, doc, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
out:
    json_decref(doc);
    model_record_clear(&r);
    return rc;
}

int project_milestone_add(store *s, const char *id, const char *title, const char *due,
                          qiao_err *e)
{
    if (!title || !*title)
        return qiao_field_errf(e, QIAO_EINVAL, "milestones", "a milestone needs a title");
    return update_milestones(s, id, title, due, 0, e);
}

int project_milestone_done(store *s, const char *id, size_t number, qiao_err *e)
{
    return update_milestones(s, id, NULL, NULL, number, e);
}

int project_milestone_owner(store *s, const char *id, size_t number, const char *login,
                            qiao_err *e)
{
    if (login && *login) {
        store_user u;
        int rc = store_user_get(s, login, &u, e);
        if (rc == QIAO_ENOTFOUND)
            return qiao_field_errf(e, QIAO_ENOTFOUND, "owner", "there is no account \"%.64s\"",
                                   login);
        if (rc < 0)
            return rc;
    }
    model_record r = {0};
    int rc = get_kind(s, MODEL_PROJECT, id, "id", &r, e);
    if (rc)
        return rc;
    json_t *doc = json_deep_copy(r.doc);
    json_t *ms = json_object_get(doc, "milestones");
    size_t n = json_is_array(ms) ? json_array_size(ms) : 0;
    if (number < 1 || number > n) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "milestones", "project %s has %zu milestone%s; "
                             "give a number from 1 to %zu", id, n, n == 1 ? "" : "s", n);
        goto out;
    }
    json_t *m = json_array_get(ms, number - 1);
    if (login && *login)
        json_object_set_new(m, "owner", json_string(login));
    else
        json_object_del(m, "owner");
    if ((rc = store_begin(s, e)))
        goto out;
    rc = put_doc(s, doc, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
out:
    json_decref(doc);
    model_record_clear(&r);
    return rc;
}
