/* alert/digest.c — the digests of saved searches (daily or weekly) and of
 * followed chains and zones (daily): the results written since the last
 * digest, each sent once (alert.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/internal.h"
#include "notify/notify.h"

#define DIGEST_TOP 200        /* a saved search's results looked at */
#define DIGEST_TITLES 5       /* titles named in a notice */

static void url_arg(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

/* The list page of a saved search: "/achievements?q=…&chain=…". */
void alert_saved_link(const store_saved *ss, buf *b)
{
    buf_puts(b, strcmp(ss->kind, "demand") ? "/achievements" : "/demands");
    char sep = '?';
    const char *names[] = {"q", "chain", "zone"}, *vals[] = {ss->q, ss->chain, ss->zone};
    for (int i = 0; i < 3; i++)
        if (vals[i][0]) {
            buf_printf(b, "%c%s=", sep, names[i]);
            url_arg(b, vals[i]);
            sep = '&';
        }
    if (ss->trl_min)
        buf_printf(b, "%ctrl_min=%d", sep, ss->trl_min);
}

/* The query-language text of a saved search (match_query_parse). */
static void query_text(const store_saved *ss, buf *b)
{
    buf_puts(b, ss->q);
    if (ss->chain[0])
        buf_printf(b, " chain:\"%s\"", ss->chain);
    if (ss->zone[0])
        buf_printf(b, " zone:\"%s\"", ss->zone);
    if (ss->trl_min && !strcmp(ss->kind, "achievement"))
        buf_printf(b, " trl>=%d", ss->trl_min);
}

/* ---- the keys written since a time ---- */

typedef struct since {
    char **v;
    size_t n, cap;
    model_kind kind;
} since;

static int on_changed(model_kind k, const char *key, int64_t at, void *ud)
{
    since *c = ud;
    (void)at;
    if (k != c->kind)
        return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = qiao_realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = qiao_strdup(key);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int since_load(store *s, model_kind k, int64_t t, since *c, qiao_err *e)
{
    memset(c, 0, sizeof *c);
    c->kind = k;
    int rc = store_changed_since(s, t, 10000, on_changed, c, e);
    if (rc == 0 && c->n)
        qsort(c->v, c->n, sizeof *c->v, cmp_str);
    return rc;
}

static void since_free(since *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
}

static int since_has(const since *c, const char *key)
{
    return c->n && bsearch(&key, c->v, c->n, sizeof *c->v, cmp_str) != NULL;
}

/* Marks each of keys (subject: the digest) and notifies login of those not
 * marked before; then `ran` (the caller's transaction). *sent: 1 when a
 * notice was written. */
static int send(store *s, const alert_opts *o, const char *login, const char *mark,
                char **keys, size_t n, model_kind k, const char *title, const char *lead,
                const char *link, int *sent, qiao_err *e)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    buf body = {0};
    size_t fresh_n = 0;
    int rc = 0;
    *sent = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int fresh = 0;
        rc = store_alert_mark(s, "digest", mark, keys[i], now, &fresh, e);
        if (rc < 0 || !fresh)
            continue;
        if (fresh_n < DIGEST_TITLES) {
            model_record r = {0};
            if (store_get(s, k, keys[i], &r, NULL) == 0) {
                buf_printf(&body, "%s“%s”", fresh_n ? "、" : "", model_str(&r, "title"));
                fresh_n++;
            }
            model_record_clear(&r);
        } else {
            fresh_n++;
        }
    }
    if (rc == 0 && fresh_n) {
        buf text = {0};
        buf_printf(&text, "%s有%zu条新结果：%s%s。", lead, fresh_n, body.p,
                   fresh_n > DIGEST_TITLES ? "等" : "");
        rc = notify_user(s, login, "saved_search", title, text.p, link, e);
        if (rc == QIAO_ENOTFOUND)
            rc = 0;
        else if (rc == 0)
            *sent = 1;
        buf_free(&text);
    }
    buf_free(&body);
    return rc;
}

/* ---- saved searches ---- */

typedef struct saved_list {
    store_saved *v;
    size_t n, cap;
} saved_list;

static int on_saved(const store_saved *ss, void *ud)
{
    saved_list *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = qiao_realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = *ss;
    return 0;
}

static int one_saved(store *s, match_index *ix, const alert_opts *o, const store_saved *ss,
                     alert_report *r, qiao_err *e)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    model_kind k = strcmp(ss->kind, "demand") ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    buf qt = {0}, link = {0}, lead = {0};
    match_query *q = NULL;
    match_hits h = {0};
    since ch = {0};
    char **keys = NULL;
    size_t nk = 0;
    int rc = 0;
    query_text(ss, &qt);
    if (o->lock)
        pthread_rwlock_rdlock(o->lock);
    if (qt.len && match_query_parse(ix, qt.p, qt.len, &q, NULL) == 0)
        match_search(ix, q, k, DIGEST_TOP, &h, NULL);
    if (o->lock)
        pthread_rwlock_unlock(o->lock);
    rc = since_load(s, k, ss->last_run, &ch, e);
    if (rc < 0)
        goto out;
    keys = qiao_malloc((h.n ? h.n : 1) * sizeof *keys);
    for (size_t i = 0; i < h.n; i++)          /* best first */
        if (since_has(&ch, h.v[i].key))
            keys[nk++] = h.v[i].key;
    alert_saved_link(ss, &link);
    buf_printf(&lead, "您保存的搜索“%s%s%s”", ss->q[0] ? ss->q : "",
               ss->q[0] && ss->chain[0] ? " " : "", ss->chain);
    char mark[32];
    snprintf(mark, sizeof mark, "saved/%lld", (long long)ss->id);
    if ((rc = store_begin(s, e)) < 0)
        goto out;
    int sent = 0;
    rc = send(s, o, ss->login, mark, keys, nk, k, "订阅的搜索有新结果", lead.p, link.p, &sent, e);
    if (rc == 0)
        rc = store_saved_ran(s, ss->id, now, e);
    if (rc == 0)
        rc = store_commit(s, e);
    if (rc < 0)
        store_rollback(s);
    else if (sent) {
        r->digests++;
        if (o->log)
            fprintf(o->log, "saved_search %lld of %s: %zu result%s\n", (long long)ss->id,
                    ss->login, nk, nk == 1 ? "" : "s");
    }
out:
    free(keys);
    since_free(&ch);
    match_hits_free(&h);
    match_query_free(q);
    buf_free(&qt);
    buf_free(&link);
    buf_free(&lead);
    return rc;
}

/* ---- follows ---- */

typedef struct follow_list {
    store_follow *v;
    size_t n, cap;
} follow_list;

static int on_follow(const store_follow *f, void *ud)
{
    follow_list *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = qiao_realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = *f;
    return 0;
}

static int has_chain(const model_record *a, const char *chain)
{
    json_t *cs = json_object_get(a->doc, "chains"), *c;
    size_t i;
    json_array_foreach(cs, i, c)
        if (json_is_string(c) && !strcmp(json_string_value(c), chain))
            return 1;
    return 0;
}

/* The follows of one login: f[0..n). */
static int one_follower(store *s, const alert_opts *o, const store_follow *f, size_t n,
                        alert_report *r, qiao_err *e)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL), from = f[0].last_run;
    for (size_t i = 1; i < n; i++)
        if (f[i].last_run < from)
            from = f[i].last_run;
    since ch;
    int rc = since_load(s, MODEL_ACHIEVEMENT, from, &ch, e);
    if (rc < 0)
        return rc;
    char **keys = qiao_malloc((ch.n ? ch.n : 1) * sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < ch.n; i++) {
        model_record a = {0};
        if (store_get(s, MODEL_ACHIEVEMENT, ch.v[i], &a, NULL) != 0)
            continue;
        const char *st = model_str(&a, "status");
        int hit = 0;
        for (size_t k = 0; k < n && !hit && strcmp(st, "draft") && strcmp(st, "withdrawn"); k++)
            hit = !strcmp(f[k].what, "chain") ? has_chain(&a, f[k].value)
                                              : !strcmp(model_str(&a, "zone"), f[k].value);
        if (hit)
            keys[nk++] = ch.v[i];
        model_record_clear(&a);
    }
    char mark[80];
    snprintf(mark, sizeof mark, "follow/%s", f[0].login);
    int sent = 0;
    if ((rc = store_begin(s, e)) == 0) {
        rc = send(s, o, f[0].login, mark, keys, nk, MODEL_ACHIEVEMENT, "关注的领域有新成果",
                  "您关注的产业链和片区", "/me/follows", &sent, e);
        if (rc == 0)
            rc = store_follow_ran(s, f[0].login, now, e);
        if (rc == 0)
            rc = store_commit(s, e);
        if (rc < 0)
            store_rollback(s);
    }
    if (rc == 0 && sent) {
        r->digests++;
        if (o->log)
            fprintf(o->log, "follows of %s: %zu new achievement%s\n", f[0].login, nk,
                    nk == 1 ? "" : "s");
    }
    free(keys);
    since_free(&ch);
    return rc;
}

int alert_digests(store *s, match_index *ix, const alert_opts *o, alert_report *r,
                  qiao_err *e)
{
    alert_opts dflt = {0};
    if (!o)
        o = &dflt;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    saved_list sl = {0};
    int rc = store_saved_list(s, NULL, now, on_saved, &sl, e);
    for (size_t i = 0; i < sl.n && rc == 0; i++)
        rc = one_saved(s, ix, o, &sl.v[i], r, e);
    free(sl.v);
    if (rc < 0)
        return rc;
    follow_list fl = {0};
    rc = store_follow_list(s, NULL, now, on_follow, &fl, e);
    for (size_t i = 0; i < fl.n && rc == 0;) {
        size_t end = i;
        while (end < fl.n && !strcmp(fl.v[end].login, fl.v[i].login))
            end++;
        rc = one_follower(s, o, &fl.v[i], end - i, r, e);
        i = end;
    }
    free(fl.v);
    return rc < 0 ? rc : 0;
}
