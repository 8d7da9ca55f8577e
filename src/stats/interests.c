/* stats/interests.c — the interest funnel (interest → accepted → project →
 * signed) and the dismissals per reason, over the period of the filter. */
#include <string.h>

#include "interest/interest.h"
#include "project/project.h"
#include "stats/internal.h"

static const char *const stage_names[STATS_NIFUNNEL] = {"interests", "accepted", "projects",
                                                        "signed"};

const char *stats_interest_stage_name(int i)
{
    return i >= 0 && i < STATS_NIFUNNEL ? stage_names[i] : "?";
}

typedef struct ictx {
    store *s;
    int64_t lo, hi;          /* [lo, hi) unix seconds */
    stats *out;
    int64_t last;            /* the lowest id seen (paging) */
    size_t n;                /* interests seen on this page */
} ictx;

static int in_period(const ictx *c, int64_t t)
{
    return t >= c->lo && t < c->hi;
}

static int one_interest(const store_interest *i, void *ud)
{
    ictx *c = ud;
    c->last = i->id;
    c->n++;
    if (!in_period(c, i->created))
        return 0;
    int64_t *f = c->out->interest_funnel;
    f[STATS_I_INTERESTS]++;
    /* accepted: accepted once (a project came from it, or it is accepted now) */
    if (!strcmp(i->status, "accepted") || *i->project)
        f[STATS_I_ACCEPTED]++;
    if (!*i->project)
        return 0;
    model_record p = {0};
    if (store_get(c->s, MODEL_PROJECT, i->project, &p, NULL) < 0)
        return 0;
    f[STATS_I_PROJECTS]++;
    if (project_reached_signed(&p))
        f[STATS_I_SIGNED]++;
    model_record_clear(&p);
    return 0;
}

static int one_dismissal(const store_dismissal *d, void *ud)
{
    ictx *c = ud;
    size_t n;
    const interest_reason *rs = interest_reasons(&n);
    if (!in_period(c, d->created))
        return 0;
    for (size_t i = 0; i < n && i < STATS_NDISMISS; i++)
        if (!strcmp(rs[i].code, d->reason))
            c->out->dismissals[i]++;
    return 0;
}

int st_interests(store *s, const stats_filter *f, stats *out, qiao_err *e)
{
    ictx c = {s, INT64_MIN, INT64_MAX, out, 0, 0};
    if (*f->from)
        project_time_parse(f->from, &c.lo, NULL);
    if (*f->to && project_time_parse(f->to, &c.hi, NULL) == 0)
        c.hi += 24 * 3600;
    store_interest_filter page = {.since = c.lo > 0 ? c.lo : 0};
    int rc;
    do {                         /* newest first, 10,000 at a time */
        c.n = 0;
        rc = store_interest_list(s, &page, 10000, one_interest, &c, NULL, e);
        page.before = c.last;
    } while (rc == 0 && c.n == 10000);
    if (rc == 0)
        rc = store_dismissal_list(s, NULL, NULL, NULL, one_dismissal, &c, e);
    return rc;
}
