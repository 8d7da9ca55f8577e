/* match/report.c — ranked hits as TREC lines, text for people, or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"
#include "store/store.h"

int match_format_parse(const char *s)
{
    return strcmp(s, "text") == 0 ? MATCH_FMT_TEXT : strcmp(s, "json") == 0 ? MATCH_FMT_JSON
         : strcmp(s, "trec") == 0 ? MATCH_FMT_TREC : -1;
}

static void jstr(buf *b, const char *s)
{
    json_t *j = json_string(s ? s : "");
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    buf_puts(b, t ? t : "\"\"");
    free(t);
    json_decref(j);
}

static const char *title_of(const model_record *r)
{
    const char *k = r->kind == MODEL_PERSON ? "name" : "title";
    const char *t = json_string_value(json_object_get(r->doc, k));
    return t ? t : "";
}

static void text_hit(buf *b, size_t rank, const match_hit *h, const model_record *r,
                     const match_explanation *x, float self)
{
    buf_printf(b, "%2zu. %s  %.3f  %s\n", rank, h->key, (double)h->score, title_of(r));
    if (self > 0) {
        int lv = match_level(h->score, self);
        buf_printf(b, "    level: %d (%s)\n", lv, match_level_label(lv));
    }
    size_t idx[6], n = match_explanation_pick(x, 6, idx);
    if (n) {
        buf_puts(b, "    terms:");
        for (size_t i = 0; i < n; i++)
            buf_printf(b, "%s %s (%s %.2f)", i ? "," : "", x->terms[idx[i]].text,
                       match_field_name(x->terms[idx[i]].field), (double)x->terms[idx[i]].score);
        buf_putc(b, '\n');
    }
    int any = 0;
    for (int f = 0; f < MATCH_NFACTORS; f++) {
        if (x->factor_share[f] == 0 && !x->factor_detail[f][0])
            continue;
        buf_printf(b, "%s %s %+.0f%%%s%s%s", any ? "," : "    factors:", match_factor_name(f),
                   (double)x->factor_share[f] * 100, x->factor_detail[f][0] ? " (" : "",
                   x->factor_detail[f], x->factor_detail[f][0] ? ")" : "");
        any = 1;
    }
    if (any)
        buf_putc(b, '\n');
}

int match_report(match_index *ix, const match_query *q, const match_hits *h,
                 struct store *s, match_format fmt, const char *qid, buf *out,
                 qiao_err *e)
{
    if (fmt == MATCH_FMT_TREC) {
        for (size_t i = 0; i < h->n; i++)
            buf_printf(out, "%s Q0 %s %zu %.6f qiao\n", qid, h->v[i].key, i + 1,
                       (double)h->v[i].score);
        return 0;
    }
    if (fmt == MATCH_FMT_JSON) {
        buf_puts(out, "{\"query\":");
        jstr(out, qid);
        buf_puts(out, ",\"hits\":[");
    } else if (h->n == 0) {
        buf_printf(out, "%s: no match\n", qid);
    }
    int rc = 0;
    float self = 0;          /* the query record against itself: the level's base */
    if (q->has_meta && h->n) {
        model_record qr;
        if (store_get(s, q->self_kind, q->self, &qr, NULL) == 0) {
            if (match_self_score(ix, q, &qr, h->v[0].kind, &self, NULL) < 0)
                self = 0;
            model_record_clear(&qr);
        }
    }
    for (size_t i = 0; i < h->n && rc == 0; i++) {
        model_record r;
        rc = store_get(s, h->v[i].kind, h->v[i].key, &r, e);
        if (rc < 0)
            break;
        match_explanation x;
        rc = match_explain(ix, q, &r, &h->v[i], &x, e);
        if (rc == 0) {
            if (fmt == MATCH_FMT_TEXT) {
                text_hit(out, i + 1, &h->v[i], &r, &x, self);
            } else {
                buf_printf(out, "%s{\"rank\":%zu,\"id\":", i ? "," : "", i + 1);
                jstr(out, h->v[i].key);
                buf_printf(out, ",\"kind\":\"%s\",\"title\":", model_kind_name(h->v[i].kind));
                jstr(out, title_of(&r));
                buf_printf(out, ",\"score\":%.6g,", (double)h->v[i].score);
                if (self > 0) {
                    int lv = match_level(h->v[i].score, self);
                    buf_printf(out, "\"level\":%d,\"level_label\":", lv);
                    jstr(out, match_level_label(lv));
                    buf_putc(out, ',');
                }
                buf_puts(out, "\"explanation\":");
                match_explanation_json(&x, out);
                buf_putc(out, '}');
            }
            match_explanation_free(&x);
        }
        model_record_clear(&r);
    }
    if (fmt == MATCH_FMT_JSON)
        buf_puts(out, "]}\n");
    return rc;
}
