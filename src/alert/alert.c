/* alert/alert.c — new matches for the standing subscriptions of open
 * demands, following the store's change log (the rules in alert.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/alert.h"
#include "alert/internal.h"
#include "notify/notify.h"
#include "project/project.h"

/* ---- the changed keys ---- */

typedef struct keys {
    char **v;
    size_t n, cap;
} keys;

static void keys_add(keys *k, const char *s)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 64;
        k->v = qiao_realloc(k->v, k->cap * sizeof *k->v);
    }
    k->v[k->n++] = qiao_strdup(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void keys_uniq(keys *k)
{
    if (k->n == 0)                       /* k->v may be NULL: qsort must not see it */
        return;
    qsort(k->v, k->n, sizeof *k->v, cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < k->n; i++) {
        if (w && strcmp(k->v[w - 1], k->v[i]) == 0) {
            free(k->v[i]);
            continue;
        }
        k->v[w++] = k->v[i];
    }
    k->n = w;
}

static void keys_free(keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    free(k->v);
    memset(k, 0, sizeof *k);
}

static int keys_has(const keys *k, const char *s)
{
    return k->n && bsearch(&s, k->v, k->n, sizeof *k->v, cmp_str) != NULL;
}

typedef struct changed {
    keys ach, dem, per;
} changed;

static int on_change(model_kind k, const char *key, void *ud)
{
    changed *c = ud;
    if (k == MODEL_ACHIEVEMENT)
        keys_add(&c->ach, key);
    else if (k == MODEL_DEMAND)
        keys_add(&c->dem, key);
    else if (k == MODEL_PERSON)
        keys_add(&c->per, key);
    return 0;
}

/* ---- applying changes to a shared index ---- */

static void apply_kind(store *s, match_index *ix, const alert_opts *o, model_kind k,
                       const keys *ks)
{
    for (size_t i = 0; i < ks->n; i++) {
        model_record r = {0};
        qiao_err e = {0};
        int rc = store_get(s, k, ks->v[i], &r, &e);
        if (o->lock)
            pthread_rwlock_wrlock(o->lock);
        if (rc == 0)
            match_index_put(ix, &r, &e);
        else if (rc == QIAO_ENOTFOUND)
            match_index_remove(ix, k, ks->v[i]);
        if (o->gen)
            atomic_fetch_add(o->gen, 1);
        if (o->lock)
            pthread_rwlock_unlock(o->lock);
        model_record_clear(&r);
    }
}

/* ---- a demand's kept best scores ---- */

/* Is the demand a subscription: open, and its deadline not before today? */
static int subscribed(const model_record *d, const char *today)
{
    const char *st = model_str(d, "status");
    if (*st && strcmp(st, "open") != 0)
        return 0;
    const char *dl = model_str(d, "deadline");
    return !*dl || strncmp(dl, today, 10) >= 0;
}

/* The demands changed in this pass: their best scores, no notices. */
static int rank_changed_demands(store *s, match_index *ix, const alert_opts *o,
                                const char *today, const keys *dem, alert_report *r,
                                qiao_err *e)
{
    alert_job *jobs = qiao_calloc(dem->n ? dem->n : 1, sizeof *jobs);
    size_t n = 0;
    for (size_t i = 0; i < dem->n; i++) {
        alert_job *j = &jobs[n];
        if (store_get(s, MODEL_DEMAND, dem->v[i], &j->demand, NULL) != 0)
            continue;
        if (!subscribed(&j->demand, today)) {
            model_record_clear(&j->demand);
            continue;
        }
        j->full = 1;
        n++;
    }
    alert_jobs_run(ix, o, jobs, n);
    int rc = 0;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (jobs[i].failed)
            continue;
        rc = store_alert_bar_put(s, jobs[i].demand.key, jobs[i].bar, jobs[i].nbar, now, e);
        r->demands_ranked++;
    }
    alert_jobs_free(jobs, n);
    return rc;
}

/* ---- candidates: each changed achievement against the demands ---- */

typedef struct pair {
    char *demand, *ach;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->demand, y->demand);
    return c ? c : strcmp(x->ach, y->ach);
}

/* Notifies the demand's org of the new matches of job j (in the caller's
 * transaction). */
static int notify_job(store *s, const alert_opts *o, alert_job *j, alert_report *r, qiao_err *e)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    int rc = 0;
    const char *dk = j->demand.key, *org = model_str(&j->demand, "org");
    for (size_t i = 0; i < j->nnew && rc == 0; i++) {
        const char *ak = j->newv[i];
        int dismissed = 0, fresh = 0;
        rc = alert_pair_dismissed(s, dk, ak, &dismissed, e);
        if (rc < 0 || dismissed)
            continue;
        rc = store_alert_mark(s, "new_match", dk, ak, now, &fresh, e);
        if (rc < 0 || !fresh)
            continue;
        model_record a = {0};
        if (store_get(s, MODEL_ACHIEVEMENT, ak, &a, NULL) != 0)
            continue;
        char link[MODEL_KEY_MAX * 3 + 32];
        alert_link(MODEL_ACHIEVEMENT, ak, link, sizeof link);
        buf body = {0};
        buf_printf(&body, "您的需求“%s”有一项新的匹配成果：“%s”。",
                   model_str(&j->demand, "title"), model_str(&a, "title"));
        size_t count = 0;
        rc = notify_org(s, org, "new_match", "新匹配", body.p, link, &count, e);
        buf_free(&body);
        model_record_clear(&a);
        if (rc < 0)
            break;
        r->new_matches++;
        r->notices += count;
        if (o->log)
            fprintf(o->log, "new_match demand %s achievement %s: %zu notice%s\n", dk, ak,
                    count, count == 1 ? "" : "s");
    }
    if (rc == 0 && !j->failed)
        rc = store_alert_bar_put(s, dk, j->bar, j->nbar, now, e);
    return rc;
}

/* Writes the notices of jobs[0..n), ALERT_TX_JOBS demands a transaction. */
#define ALERT_TX_JOBS 100
static int notify_jobs(store *s, const alert_opts *o, alert_job *jobs, size_t n,
                       alert_report *r, qiao_err *e)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i += ALERT_TX_JOBS) {
        if ((rc = store_begin(s, e)) < 0)
            break;
        for (size_t k = i; k < n && k < i + ALERT_TX_JOBS && rc == 0; k++)
            rc = notify_job(s, o, &jobs[k], r, e);
        if (rc == 0)
            rc = store_commit(s, e);
        if (rc < 0)
            store_rollback(s);
    }
    return rc;
}

static int confirm(store *s, match_index *ix, const alert_opts *o, const char *today,
                   const keys *fresh_dem, pair *pv, size_t np, alert_report *r, qiao_err *e)
{
    if (np > 0)                  /* pv may be NULL when empty */
        qsort(pv, np, sizeof *pv, cmp_pair);
    size_t ndem = 0;
    for (size_t i = 0; i < np; i++)
        ndem += !i || strcmp(pv[i].demand, pv[i - 1].demand) != 0;
    alert_job *jobs = qiao_calloc(ndem ? ndem : 1, sizeof *jobs);
    size_t n = 0;
    for (size_t i = 0; i < np;) {
        size_t end = i;
        while (end < np && strcmp(pv[end].demand, pv[i].demand) == 0)
            end++;
        alert_job *j = &jobs[n];
        if (!keys_has(fresh_dem, pv[i].demand) &&
            store_get(s, MODEL_DEMAND, pv[i].demand, &j->demand, NULL) == 0) {
            if (subscribed(&j->demand, today)) {
                j->ncand = end - i;
                j->cand = qiao_malloc(j->ncand * sizeof *j->cand);
                for (size_t k = i; k < end; k++)
                    j->cand[k - i] = pv[k].ach;
                if (store_alert_bar_get(s, j->demand.key, j->bar, ALERT_BAR_MAX, &j->nbar,
                                        NULL) != 0)
                    j->full = 1;
                n++;
            } else {
                model_record_clear(&j->demand);
            }
        }
        i = end;
    }
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    alert_jobs_run(ix, o, jobs, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (size_t i = 0; i < n; i++) {
        r->demands_ranked += jobs[i].full;
        r->candidates += jobs[i].ncand;
    }
    int rc = notify_jobs(s, o, jobs, n, r, e);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    r->sec_confirm = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->sec_write = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
    alert_jobs_free(jobs, n);
    return rc;
}

int alert_changes(store *s, match_index *ix, const alert_opts *o, alert_report *r, qiao_err *e)
{
    alert_opts dflt = {0};
    if (!o)
        o = &dflt;
    memset(r, 0, sizeof *r);
    struct timespec t0, t1, u0, u1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &u0);
    char uid[STORE_UID_LEN], today[11];
    int64_t gen = 0, pos = 0;
    int rc = store_generation(s, &gen, uid, e);
    if (rc == 0)
        rc = store_alert_pos_get(s, "changes", &pos, e);
    if (rc < 0)
        return rc;
    r->from = r->to = pos;
    if (gen <= pos)
        goto out;
    alert_today(o, today);
    changed c = {0};
    rc = store_changes(s, pos, on_change, &c, e);
    if (rc < 0)
        goto done;
    r->changes = c.ach.n + c.dem.n + c.per.n;
    keys_uniq(&c.ach);
    keys_uniq(&c.dem);
    keys_uniq(&c.per);
    if (o->apply_changes) {
        struct timespec a0, a1;
        clock_gettime(CLOCK_MONOTONIC, &a0);
        apply_kind(s, ix, o, MODEL_ACHIEVEMENT, &c.ach);
        apply_kind(s, ix, o, MODEL_DEMAND, &c.dem);
        apply_kind(s, ix, o, MODEL_PERSON, &c.per);
        clock_gettime(CLOCK_MONOTONIC, &a1);
        r->sec_apply = (double)(a1.tv_sec - a0.tv_sec) + (double)(a1.tv_nsec - a0.tv_nsec) / 1e9;
    }
    rc = rank_changed_demands(s, ix, o, today, &c.dem, r, e);
    if (rc < 0)
        goto done;
    /* the changed achievements that can match, and their candidate demands */
    alert_cand *cv = qiao_calloc(c.ach.n ? c.ach.n : 1, sizeof *cv);
    size_t na = 0;
    for (size_t i = 0; i < c.ach.n; i++) {
        if (store_get(s, MODEL_ACHIEVEMENT, c.ach.v[i], &cv[na].ach, NULL) != 0)
            continue;
        const char *st = model_str(&cv[na].ach, "status");
        if (!strcmp(st, "draft") || !strcmp(st, "withdrawn")) {
            model_record_clear(&cv[na].ach);
            continue;
        }
        na++;
    }
    r->achievements = na;
    /* every indexed demand is new in this pass (a store being loaded): no
     * demand can be told, so no candidates are looked for */
    if (o->lock)
        pthread_rwlock_rdlock(o->lock);
    size_t ndem = match_index_count(ix, MODEL_DEMAND);
    if (o->lock)
        pthread_rwlock_unlock(o->lock);
    struct timespec c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &c0);
    if (r->demands_ranked < ndem)
        alert_cands_run(ix, o, cv, na);
    clock_gettime(CLOCK_MONOTONIC, &c1);
    r->sec_candidates = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    size_t np = 0, cap = 0;
    pair *pv = NULL;
    for (size_t i = 0; i < na; i++)
        for (size_t k = 0; k < cv[i].hits.n; k++) {
            if (np == cap) {
                cap = cap ? 2 * cap : 256;
                pv = qiao_realloc(pv, cap * sizeof *pv);
            }
            pv[np++] = (pair){cv[i].hits.v[k].key, cv[i].ach.key};
        }
    rc = confirm(s, ix, o, today, &c.dem, pv, np, r, e);
    free(pv);
    for (size_t i = 0; i < na; i++) {
        match_hits_free(&cv[i].hits);
        model_record_clear(&cv[i].ach);
    }
    free(cv);
    if (rc == 0)
        rc = store_alert_pos_set(s, "changes", gen, e);
    if (rc == 0)
        r->to = gen;
done:
    keys_free(&c.ach);
    keys_free(&c.dem);
    keys_free(&c.per);
out:
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &u1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->cpu = (double)(u1.tv_sec - u0.tv_sec) + (double)(u1.tv_nsec - u0.tv_nsec) / 1e9;
    return rc;
}

static int count_one(const store_dismissal *d, void *ud)
{
    (void)d;
    *(int *)ud = 1;
    return 0;
}

int alert_pair_dismissed(store *s, const char *demand, const char *achievement, int *yes,
                         qiao_err *e)
{
    /* the demand's org marked the achievement 不合适 (src/interest) */
    *yes = 0;
    model_record d = {0};
    int rc = store_get(s, MODEL_DEMAND, demand, &d, e);
    if (rc == QIAO_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    const char *org = model_str(&d, "org");
    if (*org)
        rc = store_dismissal_list(s, org, "achievement", achievement, count_one, yes, e);
    model_record_clear(&d);
    return rc < 0 ? rc : 0;
}

void alert_report_print(const alert_report *r, FILE *out)
{
    fprintf(out, "changes %zu (log %lld..%lld): %zu achievement%s, %zu demand%s ranked, "
            "%zu pair%s confirmed, %zu new match%s (%zu notice%s) in %.2f s\n",
            r->changes, (long long)r->from, (long long)r->to, r->achievements,
            r->achievements == 1 ? "" : "s", r->demands_ranked, r->demands_ranked == 1 ? "" : "s",
            r->candidates, r->candidates == 1 ? "" : "s", r->new_matches,
            r->new_matches == 1 ? "" : "es", r->notices, r->notices == 1 ? "" : "s", r->seconds);
    fprintf(out, "  of which: index %.2f s, candidates %.2f s, confirmation %.2f s, notices %.2f s;"
            " CPU of this thread %.2f s\n", r->sec_apply, r->sec_candidates, r->sec_confirm,
            r->sec_write, r->cpu);
    fprintf(out, "deadlines: %zu demand%s closed, %zu due soon; milestones: %zu overdue notified; "
            "digests: %zu sent\n", r->closed, r->closed == 1 ? "" : "s", r->deadline_soon,
            r->overdue, r->digests);
}

void alert_link(model_kind k, const char *key, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t w = (size_t)snprintf(out, n, "/%s/", k == MODEL_ACHIEVEMENT ? "achievements"
                                                 : k == MODEL_DEMAND ? "demands" : "projects");
    for (const unsigned char *p = (const unsigned char *)key; *p && w + 4 < n; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            out[w++] = (char)*p;
        } else {
            out[w++] = '%';
            out[w++] = hex[*p >> 4];
            out[w++] = hex[*p & 15];
        }
    }
    out[w < n ? w : n - 1] = '\0';
}
