/* event/notices.c — what the people of an event are told (notify.h): a
 * meeting request received, a request answered, the timetable published.
 * Called inside the transaction of the change, so that the change and the
 * news of it commit or roll back together. Chinese product text, names and
 * never ids. */
#include <stdio.h>
#include <string.h>

#include "event/internal.h"
#include "notify/notify.h"

/* "刘晨（芯思源）" for a person of an org, the name alone otherwise. */
static void label(store *s, const char *id, buf *out)
{
    ev_party_name(s, id, out);
    char org[MODEL_KEY_MAX];
    ev_party_org(s, id, org);
    if (*org) {
        buf_puts(out, "（");
        ev_party_name(s, org, out);
        buf_puts(out, "）");
    }
}

/* The accounts of a party: an org's own, a person's org's; a person
 * without an org has no account to tell (0, nothing sent). */
static int tell(store *s, const char *who, const char *kind, const char *title,
                const char *body, const char *link, qiao_err *e)
{
    char org[MODEL_KEY_MAX] = "";
    int rc = store_exists(s, MODEL_ORG, who, e);
    if (rc < 0)
        return rc;
    if (rc == 1)
        snprintf(org, sizeof org, "%s", who);
    else
        ev_party_org(s, who, org);
    if (!*org)
        return 0;
    return notify_org(s, org, kind, title, body, link, NULL, e);
}

static void event_title(const model_record *ev, buf *out)
{
    const char *t = model_str(ev, "title");
    buf_printf(out, "“%s”", *t ? t : "洽谈活动");
}

int ev_notice_request(store *s, const model_record *ev, const char *from, const char *to,
                      const char *message, qiao_err *e)
{
    buf body = {0};
    char link[MODEL_KEY_MAX + 16];
    snprintf(link, sizeof link, "/events/%s", ev->key);
    label(s, from, &body);
    buf_puts(&body, "希望在");
    event_title(ev, &body);
    buf_puts(&body, "中与您洽谈，请在活动页面接受或婉拒。");
    if (message && *message)
        buf_printf(&body, "\n留言：%s", message);
    int rc = tell(s, to, "meeting_request", "收到洽谈请求", buf_cstr(&body), link, e);
    buf_free(&body);
    return rc;
}

int ev_notice_answer(store *s, const model_record *ev, const char *from, const char *to,
                     int accepted, const char *reason, qiao_err *e)
{
    buf body = {0};
    char link[MODEL_KEY_MAX + 16];
    snprintf(link, sizeof link, "/events/%s", ev->key);
    label(s, to, &body);
    buf_puts(&body, accepted ? "已接受您在" : "已婉拒您在");
    event_title(ev, &body);
    buf_puts(&body, accepted ? "的洽谈请求，组织方排定日程后会通知您时间和洽谈桌。"
                             : "的洽谈请求。");
    if (!accepted && reason && *reason)
        buf_printf(&body, "\n原因：%s", reason);
    int rc = tell(s, from, "meeting_answered", accepted ? "洽谈请求已接受" : "洽谈请求已婉拒",
                  buf_cstr(&body), link, e);
    buf_free(&body);
    return rc;
}

/* The agenda of one participant: each of its scheduled meetings, a line. */
static void agenda_of(const event_view *v, const char *who, buf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const event_meeting *m = &v->m[i];
        int mine = strcmp(m->from, who) == 0, theirs = strcmp(m->to, who) == 0;
        if ((!mine && !theirs) || !m->slot)
            continue;
        char when[48];
        if (m->start)
            notify_time_text(m->start, when);
        else
            snprintf(when, sizeof when, "第%d时段", m->slot);
        buf_printf(out, "\n%s　第%d桌　与%s洽谈", when, m->table, mine ? m->to_name : m->from_name);
        n++;
    }
    if (!n)
        buf_puts(out, "\n本次活动没有为您排定洽谈。");
}

int ev_notice_timetable(store *s, const char *event, qiao_err *e)
{
    event_view v;
    ev_list regs = {0};
    int rc = event_view_load(s, event, &v, e);
    if (rc)
        return rc;
    if ((rc = ev_list_of(s, MODEL_REGISTRATION, event, &regs, e)))
        goto out;
    for (size_t i = 0; rc == 0 && i < regs.n; i++) {
        if (ev_waitlisted(&regs.v[i]))
            continue;
        const char *who = model_str(&regs.v[i], "who");
        buf body = {0}, link = {0};
        buf_printf(&body, "“%s”的洽谈日程已发布。", *v.title ? v.title : "洽谈活动");
        if (*v.venue)
            buf_printf(&body, "地点：%s。", v.venue);
        buf_puts(&body, "您的日程：");
        agenda_of(&v, who, &body);
        buf_printf(&link, "/events/%s/agenda?who=%s", v.id, who);
        rc = tell(s, who, "timetable_published", "活动日程已发布", buf_cstr(&body),
                  buf_cstr(&link), e);
        buf_free(&body);
        buf_free(&link);
    }
out:
    ev_list_free(&regs);
    event_view_free(&v);
    return rc;
}
