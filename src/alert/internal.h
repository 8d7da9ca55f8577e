/* alert/internal.h — internal to src/alert: the searches of a pass, run on
 * several threads (jobs.c). */
#ifndef QIAO_ALERT_INTERNAL_H
#define QIAO_ALERT_INTERNAL_H

#include "alert/alert.h"

#define ALERT_BAR_MAX 100

/* One demand to confirm candidates for (or to rank in full). */
typedef struct alert_job {
    model_record demand;          /* owned */
    const char **cand;            /* owned array of borrowed achievement keys */
    size_t ncand;
    int full;                     /* no kept scores: rank in full (match_search) */
    float bar[ALERT_BAR_MAX];     /* in: kept best scores; out: merged (best first) */
    size_t nbar;
    char **newv;                  /* out: the candidates that enter the top (owned) */
    size_t nnew;
    int failed;                   /* the search failed: nothing changes */
} alert_job;

/* One changed achievement and its candidate demands. */
typedef struct alert_cand {
    model_record ach;             /* owned */
    match_hits hits;              /* out: its best demands */
} alert_cand;

void alert_jobs_run(match_index *ix, const alert_opts *o, alert_job *jobs, size_t n);
void alert_jobs_free(alert_job *jobs, size_t n);
void alert_cands_run(match_index *ix, const alert_opts *o, alert_cand *cv, size_t n);
/* o->today, or today in Beijing. */
void alert_today(const alert_opts *o, char today[11]);

#endif
