/* alert/jobs.c — the searches of an alert pass on several threads: each
 * changed achievement against the demands (candidates), each candidate
 * demand against its candidates (confirmation). The index is only read,
 * under the caller's lock (alert_opts.lock) one item at a time, so that a
 * writer waits for one search at most. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "alert/internal.h"
#include "project/project.h"

#define ALERT_CAND_CHARS 120

static size_t opt_top(const alert_opts *o)
{
    size_t t = o->top ? o->top : ALERT_TOP;
    return t > ALERT_BAR_MAX ? ALERT_BAR_MAX : t;
}

static float opt_min(const alert_opts *o)
{
    return o->min_score > 0 ? o->min_score : o->min_score < 0 ? -1e30f : ALERT_MIN_SCORE;
}

static float opt_share(const alert_opts *o)
{
    return o->min_share > 0 ? o->min_share : o->min_share < 0 ? 0 : ALERT_MIN_SHARE;
}

typedef struct scored { float score; int cand; size_t at; } scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->cand - y->cand;     /* ties: the kept score first */
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void job_one(match_index *ix, const alert_opts *o, alert_job *j)
{
    size_t top = opt_top(o);
    float min = opt_min(o), share = opt_share(o);
    match_query *q = NULL;
    match_hits h = {0};
    if (match_query_from_record(ix, &j->demand, &q, NULL) < 0) {
        j->failed = 1;
        return;
    }
    int rc;
    if (j->full) {
        rc = match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, NULL);
        if (rc == 0) {
            if (j->ncand)
                qsort(j->cand, j->ncand, sizeof *j->cand, cmp_cstr);
            j->nbar = 0;
            j->newv = qiao_malloc((h.n ? h.n : 1) * sizeof *j->newv);
            float best = h.n ? h.v[0].score : 0;
            for (size_t i = 0; i < h.n; i++) {
                j->bar[j->nbar++] = h.v[i].score;
                const char *k = h.v[i].key;
                if (h.v[i].score >= min && h.v[i].score >= share * best && j->ncand &&
                    bsearch(&k, j->cand, j->ncand, sizeof *j->cand, cmp_cstr))
                    j->newv[j->nnew++] = qiao_strdup(k);
            }
        }
    } else {
        rc = match_score_keys(ix, q, MODEL_ACHIEVEMENT, j->cand, j->ncand, &h, NULL);
        if (rc == 0) {
            scored *v = qiao_malloc((j->nbar + h.n + 1) * sizeof *v);
            size_t n = 0;
            for (size_t i = 0; i < j->nbar; i++)
                v[n++] = (scored){j->bar[i], 0, 0};
            for (size_t i = 0; i < h.n; i++)
                if (h.v[i].score >= min)
                    v[n++] = (scored){h.v[i].score, 1, i};
            if (n > 0)                  /* v may be NULL when empty */
                qsort(v, n, sizeof *v, cmp_scored);
            j->nbar = 0;
            j->newv = qiao_malloc((n ? n : 1) * sizeof *j->newv);
            float best = n ? v[0].score : 0;
            for (size_t i = 0; i < n && i < top; i++) {
                j->bar[j->nbar++] = v[i].score;
                if (v[i].cand && v[i].score >= share * best)
                    j->newv[j->nnew++] = qiao_strdup(h.v[v[i].at].key);
            }
            free(v);
        }
    }
    if (rc < 0)
        j->failed = 1;
    match_hits_free(&h);
    match_query_free(q);
}

/* The candidates' query: the achievement's title, keywords and the start of
 * its summary as a typed keyword query (at most 128 characters: the fast
 * keyword evaluation, docs/matching.md), the query language's punctuation
 * blanked. A record query (hundreds of terms) ranks better but costs 10-30
 * times more, and the demands' own queries confirm every candidate. */
static int cand_query(match_index *ix, const model_record *a, match_query **q)
{
    buf t = {0};
    buf_puts(&t, model_str(a, "title"));
    json_t *kw = json_object_get(a->doc, "keywords"), *k;
    size_t i;
    json_array_foreach(kw, i, k)
        buf_printf(&t, " %s", json_string_value(k));
    buf_printf(&t, " %s", model_str(a, "summary"));
    size_t chars = 0, cut = 0;
    for (cut = 0; cut < t.len && chars < ALERT_CAND_CHARS; cut++)
        if (((unsigned char)t.p[cut] & 0xC0) != 0x80)
            chars++;
    while (cut < t.len && ((unsigned char)t.p[cut] & 0xC0) == 0x80)
        cut++;
    for (size_t j = 0; j < cut; j++)
        if ((unsigned char)t.p[j] < 0x80 && !((t.p[j] >= 'a' && t.p[j] <= 'z') ||
                                              (t.p[j] >= 'A' && t.p[j] <= 'Z') ||
                                              (t.p[j] >= '0' && t.p[j] <= '9')))
            t.p[j] = ' ';
    int rc = cut ? match_query_parse(ix, t.p, cut, q, NULL) : -1;
    buf_free(&t);
    return rc;
}

static void cand_one(match_index *ix, const alert_opts *o, alert_cand *c)
{
    match_query *q = NULL;
    if (cand_query(ix, &c->ach, &q) < 0 && match_query_from_record(ix, &c->ach, &q, NULL) < 0)
        return;
    if (match_search(ix, q, MODEL_DEMAND, o->candidates ? o->candidates : ALERT_CANDIDATES,
                     &c->hits, NULL) < 0)
        c->hits.n = 0;
    match_query_free(q);
}

typedef struct pool {
    match_index *ix;
    const alert_opts *o;
    alert_job *jobs;
    alert_cand *cands;
    size_t n;
    atomic_size_t next;
} pool;

static void *work(void *ud)
{
    pool *p = ud;
    size_t i;
    while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
        if (p->o->lock)
            pthread_rwlock_rdlock(p->o->lock);
        if (p->jobs)
            job_one(p->ix, p->o, &p->jobs[i]);
        else
            cand_one(p->ix, p->o, &p->cands[i]);
        if (p->o->lock)
            pthread_rwlock_unlock(p->o->lock);
    }
    return NULL;
}

static void run(pool *p)
{
    int nt = p->o->threads > 0 ? p->o->threads : 2;
    if (nt > 64)
        nt = 64;
    if ((size_t)nt > p->n)
        nt = p->n ? (int)p->n : 1;
    pthread_t th[64];
    int started = 0;
    for (int i = 1; i < nt; i++)
        if (pthread_create(&th[started], NULL, work, p) == 0)
            started++;
    work(p);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
}

void alert_jobs_run(match_index *ix, const alert_opts *o, alert_job *jobs, size_t n)
{
    pool p = {ix, o, jobs, NULL, n, 0};
    run(&p);
}

void alert_cands_run(match_index *ix, const alert_opts *o, alert_cand *cv, size_t n)
{
    pool p = {ix, o, NULL, cv, n, 0};
    run(&p);
}

void alert_jobs_free(alert_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        model_record_clear(&jobs[i].demand);
        free(jobs[i].cand);
        for (size_t k = 0; k < jobs[i].nnew; k++)
            free(jobs[i].newv[k]);
        free(jobs[i].newv);
    }
    free(jobs);
}

void alert_today(const alert_opts *o, char today[11])
{
    if (o->today && strlen(o->today) >= 10) {
        memcpy(today, o->today, 10);
        today[10] = '\0';
        return;
    }
    project_day_of(o->now ? o->now : project_time_now(), today);
}
