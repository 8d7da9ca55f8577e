/* interest/dismiss.c — 不合适 with a reason: dismissals, the one place where
 * they leave the ranked matches (interest_search), and the feedback the
 * dismissed record's owner sees (interest.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "interest/interest.h"

static const interest_reason reasons[] = {
    {"immature", "技术尚不成熟"},
    {"benefit", "相对现有技术优势不明确"},
    {"commercial", "商业化路径不清晰"},
    {"unclear", "描述不清楚"},
    {"price", "价格不合适"},
    {"other", "其他"},
};

const interest_reason *interest_reasons(size_t *n)
{
    *n = sizeof reasons / sizeof reasons[0];
    return reasons;
}

const interest_reason *interest_reason_find(const char *code)
{
    for (size_t i = 0; code && i < sizeof reasons / sizeof reasons[0]; i++)
        if (strcmp(reasons[i].code, code) == 0)
            return &reasons[i];
    return NULL;
}

/* The record (kind, target) for a dismissal by org: it exists and is not org's. */
static int check_target(store *s, const char *org, const char *kind, const char *target,
                        model_kind *k, qiao_err *e)
{
    if (!kind || model_kind_parse(kind, k) < 0 || (*k != MODEL_ACHIEVEMENT && *k != MODEL_DEMAND))
        return qiao_field_errf(e, QIAO_EINVAL, "kind", "只能把成果或需求标记为不合适。");
    model_record r = {0};
    int rc = store_get(s, *k, target ? target : "", &r, e);
    if (rc == QIAO_ENOTFOUND)
        return qiao_field_errf(e, rc, "target", "没有找到这条%s。",
                               *k == MODEL_ACHIEVEMENT ? "成果" : "需求");
    if (rc == 0 && strcmp(model_str(&r, "org"), org) == 0)
        rc = qiao_field_errf(e, QIAO_EPERM, "target", "这是本单位的%s，不需要标记为不合适。",
                             *k == MODEL_ACHIEVEMENT ? "成果" : "需求");
    model_record_clear(&r);
    return rc;
}

int interest_dismiss(store *s, const interest_actor *a, const char *kind, const char *target,
                     const char *via, const char *reason, const char *note, qiao_err *e)
{
    model_kind k;
    const interest_reason *why = interest_reason_find(reason);
    if (!a->org || !*a->org)
        return qiao_errf(e, QIAO_EPERM, "只有所属单位的账号可以把推荐标记为不合适。");
    int rc = check_target(s, a->org, kind, target, &k, e);
    if (rc)
        return rc;
    if (!why)
        return qiao_field_errf(e, QIAO_EINVAL, "reason", "请选择不合适的原因。");
    if (!strcmp(why->code, "other") && (!note || !*note))
        return qiao_field_errf(e, QIAO_EINVAL, "note", "选择“其他”时请写明原因。");
    if (note && qiao_utf8_chars(note) > INTEREST_REASON_MAX)
        return qiao_field_errf(e, QIAO_EINVAL, "note", "说明最多 %d 字，现在是 %zu 字。",
                               INTEREST_REASON_MAX, qiao_utf8_chars(note));
    const char *via_kind = "";
    if (via && *via) {
        model_record v = {0};
        model_kind vk = k == MODEL_ACHIEVEMENT ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
        int own = store_get(s, vk, via, &v, NULL) == 0 && !strcmp(model_str(&v, "org"), a->org);
        model_record_clear(&v);
        if (!own)
            return qiao_field_errf(e, QIAO_EINVAL, "via", "所选的匹配来源不是本单位的%s。",
                                   vk == MODEL_DEMAND ? "需求" : "成果");
        via_kind = model_kind_name(vk);
    }
    store_dismissal d = {.org = a->org, .kind = model_kind_name(k), .target = target,
                         .via_kind = via_kind, .via = via && *via ? via : "",
                         .reason = why->code, .note = note ? note : "", .login = a->login};
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_dismissal_put(s, &d, e)) == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    return rc;
}

int interest_undismiss(store *s, const interest_actor *a, const char *kind, const char *target,
                       qiao_err *e)
{
    model_kind k;
    int removed = 0, rc;
    if (!a->org || !*a->org)
        return qiao_errf(e, QIAO_EPERM, "只有所属单位的账号可以撤销不合适标记。");
    if (!kind || model_kind_parse(kind, &k) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, "kind", "只能撤销成果或需求的不合适标记。");
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_dismissal_del(s, a->org, kind, target, &removed, e)) == 0 && !removed)
        rc = qiao_field_errf(e, QIAO_ENOTFOUND, "target", "本单位没有把这条记录标记为不合适。");
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    return rc;
}

/* ---- the dismissed set of an org ---- */

static int add_key(const store_dismissal *d, void *ud)
{
    interest_dismissed *x = ud;
    x->keys = qiao_realloc(x->keys, (x->n + 1) * sizeof *x->keys);
    x->keys[x->n++] = qiao_strdup(d->target);
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int interest_dismissed_load(store *s, const char *org, model_kind kind,
                            interest_dismissed *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    if (!org || !*org)
        return 0;
    int rc = store_dismissal_list(s, org, model_kind_name(kind), NULL, add_key, out, e);
    if (rc) {
        interest_dismissed_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->keys, out->n, sizeof *out->keys, cmp_key);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < out->n; i++)
        for (const unsigned char *p = (const unsigned char *)out->keys[i];; p++) {
            h = (h ^ *p) * 1099511628211ull;   /* the NUL separates keys */
            if (!*p)
                break;
        }
    out->hash = out->n ? h : 0;
    return 0;
}

int interest_dismissed_has(const interest_dismissed *d, const char *key)
{
    if (!d || !d->n)
        return 0;
    const char *k = key;
    return d->n && bsearch(&k, d->keys, d->n, sizeof *d->keys, cmp_key) != NULL;
}

void interest_dismissed_free(interest_dismissed *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->keys[i]);
    free(d->keys);
    memset(d, 0, sizeof *d);
}

int interest_search(match_index *ix, const match_query *q, model_kind target, size_t top,
                    const interest_dismissed *d, match_hits *out, qiao_err *e)
{
    size_t extra = d ? d->n : 0;
    int rc = match_search(ix, q, target, top + extra, out, e);
    if (rc < 0 || !extra) {
        if (rc == 0 && out->n > top)
            out->n = top;
        return rc;
    }
    size_t w = 0;
    for (size_t i = 0; i < out->n; i++)
        if (!interest_dismissed_has(d, out->v[i].key))
            out->v[w++] = out->v[i];
    out->n = w < top ? w : top;
    return 0;
}

int interest_search_for(match_index *ix, store *s, const char *org, const match_query *q,
                        model_kind target, size_t top, match_hits *out, qiao_err *e)
{
    interest_dismissed d;
    int rc = interest_dismissed_load(s, org, target, &d, e);
    if (rc == 0)
        rc = interest_search(ix, q, target, top, &d, out, e);
    interest_dismissed_free(&d);
    return rc;
}

/* ---- feedback for the owner ---- */

typedef struct fb_ctx {
    interest_feedback *f;
    size_t max;
} fb_ctx;

static int add_feedback(const store_dismissal *d, void *ud)
{
    fb_ctx *c = ud;
    size_t n;
    const interest_reason *all = interest_reasons(&n);
    for (size_t i = 0; i < n && i < 16; i++)
        if (strcmp(all[i].code, d->reason) == 0)
            c->f->count[i]++;
    c->f->total++;
    if (*d->note && c->f->nnotes < c->max) {
        c->f->notes = qiao_realloc(c->f->notes, (c->f->nnotes + 1) * sizeof *c->f->notes);
        c->f->notes[c->f->nnotes++] = qiao_strdup(d->note);
    }
    return 0;
}

int interest_feedback_of(store *s, const char *kind, const char *target, size_t max_notes,
                         interest_feedback *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    fb_ctx c = {out, max_notes};
    int rc = store_dismissal_list(s, NULL, kind, target, add_feedback, &c, e);
    if (rc)
        interest_feedback_free(out);
    return rc;
}

void interest_feedback_free(interest_feedback *f)
{
    for (size_t i = 0; i < f->nnotes; i++)
        free(f->notes[i]);
    free(f->notes);
    memset(f, 0, sizeof *f);
}
