/* event/agenda.c — a participant's agenda (text, JSON; iCalendar in ics.c)
 * and the organiser's grid and meeting list (text, JSON, CSV, XLSX). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/label.h"
#include "event/internal.h"
#include "project/project.h"

int event_format_parse(const char *s)
{
    static const char *const names[] = {"text", "json", "ics", "csv"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* ---- small table: rows of owned strings, rendered as text, CSV or XLSX ---- */

typedef struct tbl {
    int ncols;
    const qiao_labels *lb;   /* the table's own words go through it (core/label.h) */
    char **c;          /* row-major, owned; row 0 is the header */
    size_t nrows, cap;
} tbl;

static void tbl_row(tbl *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->c = qiao_realloc(t->c, t->cap * (size_t)t->ncols * sizeof *t->c);
    }
    memset(t->c + t->nrows * (size_t)t->ncols, 0, (size_t)t->ncols * sizeof *t->c);
    t->nrows++;
}

static void tbl_set(tbl *t, int col, const char *s)
{
    char **p = &t->c[(t->nrows - 1) * (size_t)t->ncols + (size_t)col];
    free(*p);
    *p = qiao_strdup(s ? s : "");
}

/* A cell of the table's own words (a header, 是/否, a priority), never a
 * record's text: converted by t->lb. */
static void tbl_label(tbl *t, int col, const char *s)
{
    char *c = qiao_label(t->lb, s);
    tbl_set(t, col, c);
    free(c);
}

static const char *tbl_get(const tbl *t, size_t row, int col)
{
    const char *s = t->c[row * (size_t)t->ncols + (size_t)col];
    return s ? s : "";
}

static void tbl_free(tbl *t)
{
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->c[i]);
    free(t->c);
    memset(t, 0, sizeof *t);
}

static size_t width(const char *s)
{
    size_t w = 0;
    utf8proc_int32_t cp;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            p++;
            w++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += n;
    }
    return w;
}

static void tbl_text(const tbl *t, buf *out)
{
    size_t *w = qiao_calloc((size_t)t->ncols, sizeof *w);
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (width(tbl_get(t, r, c)) > w[c])
                w[c] = width(tbl_get(t, r, c));
    for (size_t r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = tbl_get(t, r, c);
            buf_puts(out, s);
            if (c + 1 < t->ncols)
                for (size_t i = width(s); i < w[c] + 2; i++)
                    buf_putc(out, ' ');
        }
        while (out->len && out->p[out->len - 1] == ' ')
            out->p[--out->len] = '\0';
        buf_putc(out, '\n');
    }
    free(w);
}

static void csv_cell(const char *s, buf *out)
{
    csv_put_cell(out, s, strlen(s), CSV_FOR_PEOPLE);
}

static void tbl_csv(const tbl *t, buf *out)
{
    buf_puts(out, "\xEF\xBB\xBF");
    for (size_t r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                buf_putc(out, ',');
            csv_cell(tbl_get(t, r, c), out);
        }
        buf_puts(out, "\r\n");
    }
}

static void tbl_xlsx(lxw_workbook *wb, const char *name, const tbl *t, lxw_format *bold)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    for (size_t r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            const char *s = tbl_get(t, r, c);
            char *end;
            long v = strtol(s, &end, 10);
            if (r > 0 && *s && !*end && s[0] != '0' && s[0] != '-')
                worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, (double)v, NULL);
            else if (*s)
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, r ? NULL : bold);
        }
    for (int c = 0; c < t->ncols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < 2 ? 12 : 28, NULL);
    worksheet_freeze_panes(ws, 1, 1);
}

/* ---- times ---- */

static void slot_time(const event_meeting *m, char out[16])
{
    char a[8], b[8];
    if (!m->start) {
        out[0] = '\0';
        return;
    }
    ev_hhmm(m->start, a);
    ev_hhmm(m->end, b);
    snprintf(out, 16, "%s-%s", a, b);
}

static void slot_time_of(const event_view *v, int slot, char out[16])
{
    event_meeting m = {0};
    if (v->slot_minutes) {
        m.start = v->starts + (int64_t)(slot - 1) * v->slot_minutes * 60;
        m.end = m.start + (int64_t)v->slot_minutes * 60;
    }
    slot_time(&m, out);
}

/* ---- agenda ---- */

static int mine(const event_meeting *m, const char *who)
{
    return strcmp(m->from, who) == 0 || strcmp(m->to, who) == 0;
}

static void agenda_text(const event_view *v, const char *who, const char *name, buf *out)
{
    char day[11] = "";
    if (v->starts)
        project_day_of(v->starts, day);
    buf_printf(out, "%s %s\n%s%s%s\nagenda of %s %s\n\n", v->id, v->title, day,
               *v->venue ? ", " : "", v->venue, who, name);
    tbl t = {.ncols = 6};
    tbl_row(&t);
    const char *head[] = {"时段", "时间", "桌号", "邀约编号", "会谈对象", "优先级"};
    for (int i = 0; i < 6; i++)
        tbl_set(&t, i, head[i]);
    size_t n = 0, unplanned = 0;
    for (size_t i = 0; i < v->n; i++) {
        const event_meeting *m = &v->m[i];
        if (!mine(m, who))
            continue;
        if (!m->slot) {
            unplanned++;
            continue;
        }
        char num[16], tm[16];
        tbl_row(&t);
        snprintf(num, sizeof num, "%d", m->slot);
        tbl_set(&t, 0, num);
        slot_time(m, tm);
        tbl_set(&t, 1, tm);
        snprintf(num, sizeof num, "%d", m->table);
        tbl_set(&t, 2, num);
        tbl_set(&t, 3, m->key);
        tbl_set(&t, 4, strcmp(m->from, who) == 0 ? m->to_name : m->from_name);
        tbl_set(&t, 5, event_priority_label(m->priority));
        n++;
    }
    if (n)
        tbl_text(&t, out);
    else
        buf_puts(out, "no scheduled meetings\n");
    tbl_free(&t);
    if (unplanned) {
        buf_puts(out, "\naccepted, not yet scheduled:\n");
        for (size_t i = 0; i < v->n; i++)
            if (mine(&v->m[i], who) && !v->m[i].slot)
                buf_printf(out, "  %s with %s\n", v->m[i].key,
                           strcmp(v->m[i].from, who) == 0 ? v->m[i].to_name : v->m[i].from_name);
    }
}

static void agenda_json(const event_view *v, const char *who, const char *name, buf *out)
{
    json_t *root = json_object(), *ms = json_array();
    json_object_set_new(root, "event", json_string(v->id));
    json_object_set_new(root, "title", json_string(v->title));
    json_object_set_new(root, "who", json_string(who));
    json_object_set_new(root, "name", json_string(name));
    for (size_t i = 0; i < v->n; i++) {
        const event_meeting *m = &v->m[i];
        if (!mine(m, who))
            continue;
        int out_ = strcmp(m->from, who) == 0;
        json_t *j = json_object();
        json_object_set_new(j, "request", json_string(m->key));
        json_object_set_new(j, "with", json_string(out_ ? m->to : m->from));
        json_object_set_new(j, "with_name", json_string(out_ ? m->to_name : m->from_name));
        json_object_set_new(j, "slot", m->slot ? json_integer(m->slot) : json_null());
        json_object_set_new(j, "table", m->table ? json_integer(m->table) : json_null());
        if (m->start) {
            char a[32], b[32];
            project_time_format(m->start, a);
            project_time_format(m->end, b);
            json_object_set_new(j, "start", json_string(a));
            json_object_set_new(j, "end", json_string(b));
        }
        json_object_set_new(j, "priority", json_integer(m->priority));
        json_object_set_new(j, "locked", json_boolean(m->locked));
        json_object_set_new(j, "message", json_string(m->message));
        json_array_append_new(ms, j);
    }
    json_object_set_new(root, "meetings", ms);
    model_json_dump(root, out);
    buf_putc(out, '\n');
    json_decref(root);
}

int event_agenda(store *s, const event_actor *a, const char *event, const char *who,
                 event_format fmt, int64_t dtstamp, buf *out, qiao_err *e)
{
    return event_agenda_labeled(s, a, event, who, fmt, dtstamp, NULL, out, e);
}

int event_agenda_labeled(store *s, const event_actor *a, const char *event, const char *who,
                         event_format fmt, int64_t dtstamp, const qiao_labels *lb, buf *out,
                         qiao_err *e)
{
    event_view v;
    model_record reg = {0};
    buf name = {0};
    if (!who || !*who)
        return qiao_field_errf(e, QIAO_EINVAL, "who", "who: give the participant whose agenda "
                               "to show");
    int rc = event_actor_speaks_for(s, a, who, "who", e);
    if (rc)
        return rc;
    if ((rc = event_view_load(s, event, &v, e)))
        return rc;
    int found = ev_registration(s, v.id, who, &reg, e);
    if (found <= 0) {
        rc = found < 0 ? found : qiao_field_errf(e, QIAO_ENOTFOUND, "who", "who: %s is not "
                                                 "registered for event %s", who, v.id);
        goto out;
    }
    ev_party_name(s, who, &name);
    if (fmt == EVENT_FMT_ICS) {
        if (!v.slot_minutes || !v.starts) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "slot_minutes", "slot_minutes: event %s has no "
                                 "slot length, so its meetings have no times for a calendar; "
                                 "set slot_minutes", v.id);
            goto out;
        }
        event_ics_labeled(&v, who, dtstamp ? dtstamp : project_time_now(), lb, out);
    } else if (fmt == EVENT_FMT_JSON) {
        agenda_json(&v, who, buf_cstr(&name), out);
    } else if (fmt == EVENT_FMT_TEXT) {
        agenda_text(&v, who, buf_cstr(&name), out);
    } else {
        rc = qiao_field_errf(e, QIAO_EINVAL, "format", "format: an agenda is text, json or ics");
    }
out:
    buf_free(&name);
    model_record_clear(&reg);
    event_view_free(&v);
    return rc;
}

/* ---- the grid and the meeting list ---- */

/* "刘晨（芯思源）" → "刘晨" for the compact text grid. */
static void short_name(const char *s, buf *out)
{
    const char *p = strstr(s, "（");
    buf_append(out, s, p ? (size_t)(p - s) : strlen(s));
}

static void grid_table(const event_view *v, int compact, tbl *t)
{
    t->ncols = 2 + v->tables;
    tbl_row(t);
    tbl_label(t, 0, "时段");
    tbl_label(t, 1, "时间");
    char h[32];
    buf cell = {0};
    for (int k = 1; k <= v->tables; k++) {
        snprintf(h, sizeof h, "第%d桌", k);
        tbl_label(t, 1 + k, h);
    }
    for (int sl = 1; sl <= v->slots; sl++) {
        tbl_row(t);
        snprintf(h, sizeof h, "%d", sl);
        tbl_set(t, 0, h);
        slot_time_of(v, sl, h);
        tbl_set(t, 1, h);
        for (size_t i = 0; i < v->n; i++) {
            const event_meeting *m = &v->m[i];
            if (m->slot != sl || m->table < 1 || m->table > v->tables)
                continue;
            buf_clear(&cell);
            if (compact) {
                short_name(m->from_name, &cell);
                buf_puts(&cell, " ↔ ");
                short_name(m->to_name, &cell);
            } else {
                buf_printf(&cell, "%s ↔ %s", m->from_name, m->to_name);
            }
            tbl_set(t, 1 + m->table, buf_cstr(&cell));
        }
    }
    buf_free(&cell);
}

static void meetings_table(const event_view *v, tbl *t)
{
    static const char *const head[] = {"时段", "时间", "桌号", "邀约编号", "邀约方编号", "邀约方",
        "受邀方编号", "受邀方", "优先级", "锁定", "留言"};
    t->ncols = 11;
    tbl_row(t);
    for (int i = 0; i < 11; i++)
        tbl_label(t, i, head[i]);
    char num[16], tm[16];
    for (size_t i = 0; i < v->n; i++) {
        const event_meeting *m = &v->m[i];
        tbl_row(t);
        snprintf(num, sizeof num, "%d", m->slot);
        tbl_set(t, 0, m->slot ? num : "");
        slot_time(m, tm);
        tbl_set(t, 1, tm);
        snprintf(num, sizeof num, "%d", m->table);
        tbl_set(t, 2, m->table ? num : "");
        tbl_set(t, 3, m->key);
        tbl_set(t, 4, m->from);
        tbl_set(t, 5, m->from_name);
        tbl_set(t, 6, m->to);
        tbl_set(t, 7, m->to_name);
        tbl_label(t, 8, event_priority_label(m->priority));
        tbl_label(t, 9, m->locked ? "是" : "否");
        tbl_set(t, 10, m->message);
    }
}

static int staff_view(store *s, const event_actor *a, const char *event, const char *what,
                      event_view *v, qiao_err *e)
{
    int rc = ev_require_staff(a, what, e);
    return rc ? rc : event_view_load(s, event, v, e);
}

int event_grid(store *s, const event_actor *a, const char *event, event_format fmt,
               buf *out, qiao_err *e)
{
    return event_grid_labeled(s, a, event, fmt, NULL, out, e);
}

int event_grid_labeled(store *s, const event_actor *a, const char *event, event_format fmt,
                       const qiao_labels *lb, buf *out, qiao_err *e)
{
    event_view v;
    tbl t = {.lb = lb};
    int rc = staff_view(s, a, event, "see the organiser's grid", &v, e);
    if (rc)
        return rc;
    if (!v.slots || !v.tables) {
        rc = qiao_field_errf(e, QIAO_EINVAL, v.slots ? "tables" : "slots", "event %s has no "
                             "slots or tables, so no grid", v.id);
    } else if (fmt == EVENT_FMT_JSON) {
        json_t *root = json_object(), *rows = json_array();
        json_object_set_new(root, "event", json_string(v.id));
        json_object_set_new(root, "slots", json_integer(v.slots));
        json_object_set_new(root, "tables", json_integer(v.tables));
        for (size_t i = 0; i < v.n; i++) {
            if (!v.m[i].slot)
                continue;
            json_t *j = json_object();
            json_object_set_new(j, "slot", json_integer(v.m[i].slot));
            json_object_set_new(j, "table", json_integer(v.m[i].table));
            json_object_set_new(j, "request", json_string(v.m[i].key));
            json_object_set_new(j, "from", json_string(v.m[i].from));
            json_object_set_new(j, "to", json_string(v.m[i].to));
            json_object_set_new(j, "from_name", json_string(v.m[i].from_name));
            json_object_set_new(j, "to_name", json_string(v.m[i].to_name));
            json_array_append_new(rows, j);
        }
        json_object_set_new(root, "cells", rows);
        model_json_dump(root, out);
        buf_putc(out, '\n');
        json_decref(root);
    } else if (fmt == EVENT_FMT_CSV || fmt == EVENT_FMT_TEXT) {
        grid_table(&v, fmt == EVENT_FMT_TEXT, &t);
        if (fmt == EVENT_FMT_CSV) {
            tbl_csv(&t, out);
        } else {
            buf_printf(out, "%s %s: %d slots x %d tables\n\n", v.id, v.title, v.slots, v.tables);
            tbl_text(&t, out);
        }
    } else {
        rc = qiao_field_errf(e, QIAO_EINVAL, "format", "format: the grid is text, json or csv");
    }
    tbl_free(&t);
    event_view_free(&v);
    return rc;
}

int event_meetings(store *s, const event_actor *a, const char *event, event_format fmt,
                   buf *out, qiao_err *e)
{
    return event_meetings_labeled(s, a, event, fmt, NULL, out, e);
}

int event_meetings_labeled(store *s, const event_actor *a, const char *event, event_format fmt,
                           const qiao_labels *lb, buf *out, qiao_err *e)
{
    event_view v;
    tbl t = {.lb = lb};
    int rc = staff_view(s, a, event, "list the event's meetings", &v, e);
    if (rc)
        return rc;
    meetings_table(&v, &t);
    if (fmt == EVENT_FMT_CSV)
        tbl_csv(&t, out);
    else if (fmt == EVENT_FMT_TEXT)
        tbl_text(&t, out);
    else
        rc = qiao_field_errf(e, QIAO_EINVAL, "format", "format: the meeting list is text or csv");
    tbl_free(&t);
    event_view_free(&v);
    return rc;
}

int event_export_xlsx(store *s, const event_actor *a, const char *event, const char *path,
                      qiao_err *e)
{
    return event_export_xlsx_labeled(s, a, event, path, NULL, e);
}

int event_export_xlsx_labeled(store *s, const event_actor *a, const char *event,
                              const char *path, const qiao_labels *lb, qiao_err *e)
{
    event_view v;
    tbl grid = {.lb = lb}, list = {.lb = lb};
    int rc = staff_view(s, a, event, "export the event's timetable", &v, e);
    if (rc)
        return rc;
    size_t n = strlen(path);
    char *tmp = qiao_malloc(n + 5);
    snprintf(tmp, n + 5, "%s.tmp", path);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot create the workbook", tmp);
        goto out;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    grid_table(&v, 0, &grid);
    meetings_table(&v, &list);
    char *sheet = qiao_label(lb, EVENT_SHEET_GRID);
    tbl_xlsx(wb, sheet, &grid, bold);
    free(sheet);
    sheet = qiao_label(lb, EVENT_SHEET_MEETINGS);
    tbl_xlsx(wb, sheet, &list, bold);
    free(sheet);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        rc = qiao_errf(e, QIAO_EIO, "%s: writing the workbook failed: %s", tmp,
                       lxw_strerror(err));
        remove(tmp);
    } else if (rename(tmp, path) != 0) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot rename %s into place", path, tmp);
        remove(tmp);
    }
out:
    free(tmp);
    tbl_free(&grid);
    tbl_free(&list);
    event_view_free(&v);
    return rc;
}
