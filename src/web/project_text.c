/* web/project_text.c — a project as people read it: its title (never its
 * id), the time of a history entry in Beijing time, and the history's notes
 * in Chinese — earlier code wrote some notes in English with record ids
 * ("started from the match of achievement A and demand D"); they are stored
 * as written and shown mapped here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

static const char *sval(const json_t *d, const char *k)
{
    const char *s = json_string_value(json_object_get(d, k));
    return s ? s : "";
}

/* The title of the record k id as HTML text; false when there is none. */
static bool record_title(web_req *rq, buf *b, model_kind k, const char *id)
{
    model_record x = {0};
    if (!*id || store_get(web_w(rq)->st, k, id, &x, NULL) != 0)
        return false;
    const char *t = model_str(&x, "title");
    bool ok = *t != '\0';
    if (ok)
        web_html_text(b, t);
    model_record_clear(&x);
    return ok;
}

/* An org's or person's name as HTML text (the text as given when neither). */
static void party_name(web_req *rq, buf *b, const char *id)
{
    char *n = web_org_name(rq, id);
    if (n && strcmp(n, id) != 0) {
        web_html_text(b, n);
        free(n);
        return;
    }
    free(n);
    n = web_record_name(rq, MODEL_PERSON, id);
    web_html_text(b, n ? n : id);
    free(n);
}

void web_project_title(web_req *rq, buf *b, const json_t *doc)
{
    if (*sval(doc, "title")) {
        web_html_text(b, sval(doc, "title"));
        return;
    }
    if (record_title(rq, b, MODEL_ACHIEVEMENT, sval(doc, "achievement")) ||
        record_title(rq, b, MODEL_DEMAND, sval(doc, "demand")))
        return;
    if (*sval(doc, "agreement")) {
        web_html_text(b, sval(doc, "agreement"));
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(doc, "parties"), i, v) {
        if (i == 3) {
            buf_puts(b, "等");
            break;
        }
        if (i)
            buf_puts(b, "、");
        party_name(rq, b, json_string_value(v) ? json_string_value(v) : "");
    }
    buf_puts(b, i ? "的合作项目" : "合作项目");
}

void web_project_title_of(web_req *rq, buf *b, const char *id)
{
    model_record r = {0};
    if (store_get(web_w(rq)->st, MODEL_PROJECT, id, &r, NULL) == 0)
        web_project_title(rq, b, r.doc);
    else
        buf_puts(b, "合作项目");
    model_record_clear(&r);
}

void web_show_minute(buf *b, const char *iso)
{
    int y, mo, d, h, mi;
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
        buf_printf(b, "%d年%d月%d日 %02d:%02d", y, mo, d, h, mi);
    else
        web_show_when(b, iso);
}

/* Copies the word at *p (up to a blank, '，', '（' or the end) into out. */
static void word_at(const char **p, char *out, size_t cap)
{
    size_t n = 0;
    const char *s = *p;
    while (*s && *s != ' ' && strncmp(s, "，", 3) && strncmp(s, "（", 3) && n + 1 < cap)
        out[n++] = *s++;
    out[n] = '\0';
    *p = s;
}

/* the rest of an English origin note: ": text" → "：text" */
static void rest(buf *b, const char *s)
{
    if (!strncmp(s, ": ", 2)) {
        buf_puts(b, "：");
        web_html_text(b, s + 2);
    } else if (*s) {
        web_html_text(b, s);
    }
}

void web_history_note(web_req *rq, buf *b, const char *note)
{
    char a[MODEL_KEY_MAX], c[MODEL_KEY_MAX], d[MODEL_KEY_MAX];
    const char *p;
    if (!strncmp(note, "started by hand", 15)) {
        buf_puts(b, "直接发起");
        rest(b, note + 15);
    } else if (!strncmp(note, "started from meeting ", 21)) {
        p = note + 21;
        word_at(&p, a, sizeof a);
        if (!strncmp(p, " at event ", 10)) {
            p += 10;
            word_at(&p, c, sizeof c);
        } else {
            c[0] = '\0';
        }
        buf_puts(b, "由对接活动");
        buf_puts(b, "“");
        if (!record_title(rq, b, MODEL_EVENT, c))
            buf_puts(b, "（未知活动）");
        buf_puts(b, "”中的一对一洽谈发起");
        rest(b, p);
    } else if (!strncmp(note, "started from the match of achievement ", 38)) {
        p = note + 38;
        word_at(&p, a, sizeof a);
        c[0] = '\0';
        if (!strncmp(p, " and demand ", 12)) {
            p += 12;
            word_at(&p, c, sizeof c);
        }
        buf_puts(b, "由成果“");
        if (!record_title(rq, b, MODEL_ACHIEVEMENT, a))
            buf_puts(b, "（已删除）");
        buf_puts(b, "”与需求“");
        if (!record_title(rq, b, MODEL_DEMAND, c))
            buf_puts(b, "（已删除）");
        buf_puts(b, "”的匹配发起");
        rest(b, p);
    } else if ((p = strstr(note, " 提议签约，待另一方确认：签约日期 ")) != NULL &&
               (size_t)(p - note) < sizeof a) {
        /* "PARTY 提议签约，待另一方确认：签约日期 DATE，转化方式 MODE，协议 …" */
        memcpy(a, note, (size_t)(p - note));
        a[p - note] = '\0';
        party_name(rq, b, a);
        buf_puts(b, "提议签约，待另一方确认：签约日期 ");
        p += strlen(" 提议签约，待另一方确认：签约日期 ");
        word_at(&p, c, sizeof c);
        web_show_when(b, c);
        if (!strncmp(p, "，转化方式 ", strlen("，转化方式 "))) {
            p += strlen("，转化方式 ");
            word_at(&p, d, sizeof d);
            buf_puts(b, "，转化方式 ");
            web_html_text(b, model_value_label(MODEL_PROJECT, "mode", d));
        }
        web_html_text(b, p);
    } else if (!strncmp(note, "双方确认签约：", strlen("双方确认签约："))) {
        /* "双方确认签约：PARTY（login）提议，PARTY 确认…" */
        p = note + strlen("双方确认签约：");
        word_at(&p, a, sizeof a);
        buf_puts(b, "双方确认签约：");
        party_name(rq, b, a);
        const char *q = strstr(p, "提议，");
        if (!q) {
            web_html_text(b, p);
            return;
        }
        web_html_text(b, "提议，");
        p = q + strlen("提议，");
        word_at(&p, c, sizeof c);
        party_name(rq, b, c);
        web_html_text(b, p);
    } else {
        web_html_text(b, note);
    }
}
