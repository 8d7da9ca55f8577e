/* alert/deadline.c — demands past their deadline close themselves; a
 * deadline within a week and an overdue milestone are told once (alert.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/internal.h"
#include "interest/interest.h"
#include "notify/notify.h"
#include "project/project.h"

typedef struct due {
    char **key;
    size_t n, cap;
    const char *limit;            /* the last deadline day of interest */
} due;

static int collect(const model_record *r, void *ud)
{
    due *d = ud;
    const char *dl = model_str(r, "deadline");
    if (!*dl || strncmp(dl, d->limit, 10) > 0)
        return 1;                 /* sorted by deadline: nothing further is due */
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 32;
        d->key = qiao_realloc(d->key, d->cap * sizeof *d->key);
    }
    d->key[d->n++] = qiao_strdup(r->key);
    return 0;
}

/* "2026年12月7日" from "2026-12-07". */
static void day_zh(const char *day, char out[32])
{
    int y = atoi(day), m = atoi(day + 5), dd = atoi(day + 8);
    snprintf(out, 32, "%d年%d月%d日", y, m, dd);
}

static int close_demand(store *s, match_index *ix, const alert_opts *o, model_record *r,
                        qiao_err *e)
{
    json_t *doc = json_deep_copy(r->doc);
    json_object_set_new(doc, "status", json_string("closed"));
    model_record nr = {0};
    model_errors errs = {0};
    int rc = model_from_json(doc, &nr, &errs);
    json_decref(doc);
    model_errors_clear(&errs);
    if (rc < 0)
        return qiao_errf(e, QIAO_EINVAL, "demand %s: cannot be closed (invalid record)", r->key);
    if ((rc = store_begin(s, e)) == 0) {
        rc = store_put(s, &nr, e);
        if (rc == 0)          /* its open interests and invitations close, with notices */
            rc = interest_record_changed(s, &nr, NULL, e);
        if (rc == 0)
            rc = store_commit(s, e);
        else
            store_rollback(s);
    }
    if (rc == 0 && ix) {
        if (o->lock)
            pthread_rwlock_wrlock(o->lock);
        match_index_put(ix, &nr, NULL);   /* a closed demand leaves the index */
        if (o->gen)
            atomic_fetch_add(o->gen, 1);
        if (o->lock)
            pthread_rwlock_unlock(o->lock);
    }
    model_record_clear(&nr);
    return rc;
}

static int soon_notice(store *s, const alert_opts *o, const model_record *r, alert_report *rep,
                       qiao_err *e)
{
    const char *dl = model_str(r, "deadline");
    char day[11], when[32], link[MODEL_KEY_MAX * 3 + 32];
    snprintf(day, sizeof day, "%.10s", dl);
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    int fresh = 0;
    int rc = store_begin(s, e);
    if (rc < 0)
        return rc;
    rc = store_alert_mark(s, "deadline_soon", r->key, day, now, &fresh, e);
    if (rc == 0 && fresh) {
        day_zh(day, when);
        alert_link(MODEL_DEMAND, r->key, link, sizeof link);
        buf body = {0};
        buf_printf(&body, "您的需求“%s”将于%s截止，截止后不再接受对接。",
                   model_str(r, "title"), when);
        rc = notify_org(s, model_str(r, "org"), "deadline_soon", "需求即将截止", body.p, link,
                        NULL, e);
        buf_free(&body);
        if (rc == 0) {
            rep->deadline_soon++;
            if (o->log)
                fprintf(o->log, "deadline_soon demand %s (%s)\n", r->key, day);
        }
    }
    if (rc == 0)
        rc = store_commit(s, e);
    if (rc < 0)
        store_rollback(s);
    return rc;
}

static int milestones(store *s, const alert_opts *o, const char *today, alert_report *rep,
                      qiao_err *e)
{
    project_overdue_list l = {0};
    int rc = project_overdue(s, today, &l, e);
    if (rc < 0)
        return rc;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        const project_overdue_item *it = &l.v[i];
        if (!it->owner[0])
            continue;
        char obj[64], when[32], link[MODEL_KEY_MAX * 3 + 32];
        snprintf(obj, sizeof obj, "%zu/%s", it->number, it->due);
        int fresh = 0;
        if ((rc = store_begin(s, e)) < 0)
            break;
        rc = store_alert_mark(s, "milestone_overdue", it->project, obj, now, &fresh, e);
        if (rc == 0 && fresh) {
            day_zh(it->due, when);
            alert_link(MODEL_PROJECT, it->project, link, sizeof link);
            buf body = {0};
            buf_printf(&body, "您负责的里程碑“%s”应于%s完成，现已逾期%ld天。", it->title, when,
                       it->days);
            rc = notify_user(s, it->owner, "milestone_overdue", "里程碑逾期", body.p, link, e);
            buf_free(&body);
            if (rc == QIAO_ENOTFOUND)
                rc = 0;           /* the owner's account is gone: nobody to tell */
            else if (rc == 0)
                rep->overdue++;
        }
        if (rc == 0)
            rc = store_commit(s, e);
        if (rc < 0)
            store_rollback(s);
    }
    project_overdue_free(&l);
    return rc;
}

int alert_deadlines(store *s, match_index *ix, const alert_opts *o, alert_report *r,
                    qiao_err *e)
{
    alert_opts dflt = {0};
    if (!o)
        o = &dflt;
    char today[11], limit[11];
    alert_today(o, today);
    int64_t t;
    if (project_time_parse(today, &t, NULL) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, "today", "today: \"%s\" is not a date such as "
                               "2026-12-07", today);
    project_day_of(t + (int64_t)(o->soon_days ? o->soon_days : ALERT_SOON_DAYS) * 86400, limit);
    store_filter f = {.status = "open"};
    store_sort sort = {.field = "deadline", .desc = 0};
    due d = {.limit = limit};
    int rc = store_list(s, MODEL_DEMAND, &f, &sort, 0, 10000, collect, &d, NULL, e);
    if (rc == 1)
        rc = 0;
    for (size_t i = 0; i < d.n && rc >= 0; i++) {
        model_record rec = {0};
        if (store_get(s, MODEL_DEMAND, d.key[i], &rec, NULL) != 0)
            continue;
        if (strncmp(model_str(&rec, "deadline"), today, 10) < 0) {
            rc = close_demand(s, ix, o, &rec, e);
            if (rc == 0) {
                r->closed++;
                if (o->log)
                    fprintf(o->log, "closed demand %s (deadline %.10s)\n", rec.key,
                            model_str(&rec, "deadline"));
            }
        } else {
            rc = soon_notice(s, o, &rec, r, e);
        }
        model_record_clear(&rec);
    }
    for (size_t i = 0; i < d.n; i++)
        free(d.key[i]);
    free(d.key);
    if (rc >= 0)
        rc = milestones(s, o, today, r, e);
    return rc < 0 ? rc : 0;
}
