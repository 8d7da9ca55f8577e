/* project/report.c — reading projects back: the history of one project and
 * the overdue milestones of all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/project.h"

typedef struct hist_ud {
    int json;
    size_t rows;
    json_t *arr;
    buf *out;
} hist_ud;

static int hist_row(const store_history *h, void *p)
{
    hist_ud *u = p;
    u->rows++;
    if (u->json) {
        json_t *o = json_object();
        json_object_set_new(o, "from", *h->from ? json_string(h->from) : json_null());
        json_object_set_new(o, "to", json_string(h->to));
        json_object_set_new(o, "at", json_string(h->at));
        json_object_set_new(o, "by", json_string(h->by));
        json_object_set_new(o, "note", json_string(h->note));
        json_array_append_new(u->arr, o);
    } else {
        buf_printf(u->out, "%s  %-12s → %-12s  by %s%s%s\n", h->at, *h->from ? h->from : "(start)",
                   h->to, *h->by ? h->by : "(unknown)", *h->note ? "  " : "", h->note);
    }
    return 0;
}

int project_history_render(store *s, const char *id, int json, buf *out, qiao_err *e)
{
    model_record r = {0};
    int rc = store_get(s, MODEL_PROJECT, id, &r, e);
    if (rc == QIAO_ENOTFOUND)
        return qiao_field_errf(e, rc, "id", "no project with id \"%s\" in the store", id);
    if (rc)
        return rc;
    hist_ud u = {json, 0, json_array(), out};
    if (!json)
        buf_printf(out, "project %s — stage %s\n", id, project_stage_name(project_stage_of(&r)));
    rc = store_history_scan(s, id, hist_row, &u, e);
    if (rc == 0 && json) {
        json_t *o = json_object();
        json_object_set_new(o, "project", json_string(id));
        json_object_set_new(o, "stage", json_string(project_stage_name(project_stage_of(&r))));
        json_object_set(o, "history", u.arr);
        model_json_dump(o, out);
        buf_putc(out, '\n');
        json_decref(o);
    } else if (rc == 0 && u.rows == 0) {
        buf_puts(out, "no stage changes recorded (the project was imported, not started or "
                      "advanced with qiao project)\n");
    }
    json_decref(u.arr);
    model_record_clear(&r);
    return rc;
}

typedef struct od_ud {
    const char *today;
    project_overdue_list *l;
} od_ud;

static int od_project(const model_record *r, void *p)
{
    od_ud *u = p;
    project_stage st = project_stage_of(r);
    if (st == PROJECT_DONE || st == PROJECT_STOPPED)
        return 0;
    json_t *ms = json_object_get(r->doc, "milestones");
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        const char *due = json_string_value(json_object_get(m, "due"));
        if (!due || json_is_true(json_object_get(m, "done")))
            continue;
        int64_t t;
        char day[11];
        if (project_time_parse(due, &t, day) < 0 || strcmp(day, u->today) >= 0)
            continue;
        project_overdue_list *l = u->l;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 16;
            l->v = qiao_realloc(l->v, l->cap * sizeof *l->v);
        }
        project_overdue_item *it = &l->v[l->n++];
        memset(it, 0, sizeof *it);
        snprintf(it->project, sizeof it->project, "%s", r->key);
        snprintf(it->stage, sizeof it->stage, "%s", project_stage_name(st));
        it->number = i + 1;
        it->title = qiao_strdup(json_string_value(json_object_get(m, "title")));
        memcpy(it->due, day, sizeof it->due);
        it->days = project_days_between(day, u->today);
        const char *owner = json_string_value(json_object_get(m, "owner"));
        snprintf(it->owner, sizeof it->owner, "%s", owner ? owner : "");
    }
    return 0;
}

static int od_cmp(const void *a, const void *b)
{
    const project_overdue_item *x = a, *y = b;
    int c = strcmp(x->due, y->due);
    if (!c)
        c = strcmp(x->project, y->project);
    return c ? c : (x->number > y->number) - (x->number < y->number);
}

int project_overdue(store *s, const char *today, project_overdue_list *out, qiao_err *e)
{
    char day[11];
    int64_t t;
    memset(out, 0, sizeof *out);
    if (!today)
        project_day_of(project_time_now(), day);
    else if (project_time_parse(today, &t, day) < 0 || strlen(today) != 10)
        return qiao_field_errf(e, QIAO_EINVAL, "today", "today: \"%.40s\" is not a date such "
                               "as 2023-03-10", today);
    od_ud u = {day, out};
    int rc = store_scan(s, MODEL_PROJECT, od_project, &u, e);
    if (rc) {
        project_overdue_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, od_cmp);
    return 0;
}

void project_overdue_free(project_overdue_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].title);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void project_overdue_render(const project_overdue_list *l, const char *today, int json,
                            buf *out)
{
    char day[11];
    if (!today) {
        project_day_of(project_time_now(), day);
        today = day;
    }
    if (json) {
        json_t *o = json_object(), *arr = json_array();
        json_object_set_new(o, "today", json_string(today));
        for (size_t i = 0; i < l->n; i++) {
            const project_overdue_item *it = &l->v[i];
            json_t *m = json_object();
            json_object_set_new(m, "project", json_string(it->project));
            json_object_set_new(m, "stage", json_string(it->stage));
            json_object_set_new(m, "milestone", json_integer((json_int_t)it->number));
            json_object_set_new(m, "title", json_string(it->title));
            json_object_set_new(m, "due", json_string(it->due));
            json_object_set_new(m, "days_overdue", json_integer(it->days));
            json_array_append_new(arr, m);
        }
        json_object_set_new(o, "overdue", arr);
        model_json_dump(o, out);
        buf_putc(out, '\n');
        json_decref(o);
        return;
    }
    buf_printf(out, "overdue milestones on %s (Beijing time): %zu\n", today, l->n);
    for (size_t i = 0; i < l->n; i++) {
        const project_overdue_item *it = &l->v[i];
        buf_printf(out, "%s  %4ld days  %s (%s) #%zu  %s\n", it->due, it->days, it->project,
                   it->stage, it->number, it->title);
    }
}
