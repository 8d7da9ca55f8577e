/* event/ics.c — a participant's agenda as iCalendar (RFC 5545), for
 * event_agenda (agenda.c): VTIMEZONE Asia/Shanghai, one VEVENT per scheduled
 * meeting, CRLF, folded at 75 octets; its own words through core/label.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/label.h"
#include "event/internal.h"
#include "project/project.h"

static int is_party(const event_meeting *m, const char *who)
{
    return strcmp(m->from, who) == 0 || strcmp(m->to, who) == 0;
}

/* Appends one content line, folded at 75 octets (never inside a UTF-8
 * sequence), ending in CRLF. */
static void ics_line(buf *out, const char *line)
{
    size_t n = strlen(line), used = 0, limit = 75;
    while (n - used > limit) {
        size_t cut = used + limit;
        while (cut > used && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        buf_append(out, line + used, cut - used);
        buf_puts(out, "\r\n ");
        used = cut;
        limit = 74;   /* the leading space counts */
    }
    buf_append(out, line + used, n - used);
    buf_puts(out, "\r\n");
}

/* TEXT value escaping: backslash, semicolon, comma, newline. */
static void ics_text(buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == ';' || *s == ',')
            buf_putc(b, '\\');
        if (*s == '\r')
            continue;
        if (*s == '\n')
            buf_puts(b, "\\n");
        else
            buf_putc(b, *s);
    }
}

static void ics_prop_text(buf *out, const char *name, const char *value)
{
    buf b = {0};
    buf_printf(&b, "%s:", name);
    ics_text(&b, value);
    ics_line(out, buf_cstr(&b));
    buf_free(&b);
}

/* 20230310T090000 in Beijing (local) or 20230310T010000Z in UTC. */
static void ics_time(int64_t t, int utc, char out[20])
{
    time_t tt = (time_t)(t + (utc ? 0 : PROJECT_TZ_OFFSET));
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 20, utc ? "%Y%m%dT%H%M%SZ" : "%Y%m%dT%H%M%S", &tm);
}

void event_ics(const event_view *v, const char *who, int64_t dtstamp, buf *out)
{
    event_ics_labeled(v, who, dtstamp, NULL, out);
}

/* Appends the label fmt (one %d) for n, through lb. */
static void label_n(const qiao_labels *lb, const char *fmt, int n, buf *out)
    __attribute__((format(printf, 2, 0)));
static void label_n(const qiao_labels *lb, const char *fmt, int n, buf *out)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, n);
    qiao_label_put(lb, tmp, out);
}

void event_ics_labeled(const event_view *v, const char *who, int64_t dtstamp,
                       const qiao_labels *lb, buf *out)
{
    char stamp[20], a[20], b[20];
    ics_time(dtstamp, 1, stamp);
    ics_line(out, "BEGIN:VCALENDAR");
    ics_line(out, "VERSION:2.0");
    ics_line(out, "PRODID:-//qiao//matchmaking event agenda//ZH");
    ics_line(out, "CALSCALE:GREGORIAN");
    ics_line(out, "METHOD:PUBLISH");
    ics_prop_text(out, "X-WR-CALNAME", v->title);
    ics_line(out, "BEGIN:VTIMEZONE");
    ics_line(out, "TZID:Asia/Shanghai");
    ics_line(out, "BEGIN:STANDARD");
    ics_line(out, "DTSTART:19700101T000000");
    ics_line(out, "TZOFFSETFROM:+0800");
    ics_line(out, "TZOFFSETTO:+0800");
    ics_line(out, "TZNAME:CST");
    ics_line(out, "END:STANDARD");
    ics_line(out, "END:VTIMEZONE");
    buf line = {0};
    for (size_t i = 0; i < v->n; i++) {
        const event_meeting *m = &v->m[i];
        if (!is_party(m, who) || !m->slot || !m->start)
            continue;
        const char *other = strcmp(m->from, who) == 0 ? m->to_name : m->from_name;
        ics_line(out, "BEGIN:VEVENT");
        buf_clear(&line);
        buf_printf(&line, "%s/%s@qiao", m->key, who);
        ics_prop_text(out, "UID", buf_cstr(&line));
        buf_clear(&line);
        buf_printf(&line, "DTSTAMP:%s", stamp);
        ics_line(out, buf_cstr(&line));
        ics_time(m->start, 0, a);
        ics_time(m->end, 0, b);
        buf_clear(&line);
        buf_printf(&line, "DTSTART;TZID=Asia/Shanghai:%s", a);
        ics_line(out, buf_cstr(&line));
        buf_clear(&line);
        buf_printf(&line, "DTEND;TZID=Asia/Shanghai:%s", b);
        ics_line(out, buf_cstr(&line));
        buf_clear(&line);
        qiao_label_put(lb, "会谈：", &line);
        buf_puts(&line, other);
        ics_prop_text(out, "SUMMARY", buf_cstr(&line));
        buf_clear(&line);
        buf_printf(&line, "%s%s", v->venue, *v->venue ? " " : "");
        label_n(lb, "第%d桌", m->table, &line);
        ics_prop_text(out, "LOCATION", buf_cstr(&line));
        buf_clear(&line);
        buf_printf(&line, "%s\n%s%s", v->title, m->message, *m->message ? "\n" : "");
        label_n(lb, "第%d时段，", m->slot, &line);
        label_n(lb, "第%d桌；优先级：", m->table, &line);
        qiao_label_put(lb, event_priority_label(m->priority), &line);
        buf_printf(&line, "（%s）", m->key);
        ics_prop_text(out, "DESCRIPTION", buf_cstr(&line));
        ics_line(out, "END:VEVENT");
    }
    buf_free(&line);
    ics_line(out, "END:VCALENDAR");
}
