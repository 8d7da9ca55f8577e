/* stats/compute.c — the figures of docs/stats.md over the tables load.c
 * built. Each block below is one figure; its comment is its definition. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "project/project.h"
#include "stats/internal.h"

static const char *const funnel_names[STATS_NFUNNEL] = {"suggestions", "meeting_requests",
    "accepted_meetings", "projects", "signed"};

const char *stats_funnel_name(int i)
{
    return i >= 0 && i < STATS_NFUNNEL ? funnel_names[i] : "?";
}

void stats_filter_init(stats_filter *f)
{
    memset(f, 0, sizeof *f);
}

static int set_day(char out[11], const char *v, const char *opt, qiao_err *e)
{
    int64_t t;
    out[0] = '\0';
    if (!v || !*v)
        return 0;
    if (strlen(v) != 10 || project_time_parse(v, &t, NULL) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, opt, "%s: \"%.40s\" is not a date such as "
                               "2023-03-01", opt, v);
    memcpy(out, v, 11);
    return 0;
}

int stats_filter_set(stats_filter *f, const char *from, const char *to, const char *zone,
                     const char *chain, qiao_err *e)
{
    int rc = set_day(f->from, from, "--from", e);
    if (rc == 0)
        rc = set_day(f->to, to, "--to", e);
    if (rc)
        return rc;
    if (*f->from && *f->to && strcmp(f->from, f->to) > 0)
        return qiao_field_errf(e, QIAO_EINVAL, "--from", "--from %s is after --to %s", f->from,
                               f->to);
    if ((zone && strlen(zone) >= sizeof f->zone) || (chain && strlen(chain) >= sizeof f->chain))
        return qiao_errf(e, QIAO_EINVAL, "--zone and --chain take at most %zu bytes",
                         sizeof f->zone - 1);
    snprintf(f->zone, sizeof f->zone, "%s", zone ? zone : "");
    snprintf(f->chain, sizeof f->chain, "%s", chain ? chain : "");
    return 0;
}

/* ---- the computation's state ---- */

enum { SL_ACH, SL_DEM, SL_EV, SL_PSTART, SL_PSIGNED, SL_AMOUNT };
enum { MON_ACH, MON_DEM, MON_EV, MON_SIGNED, MON_N };
#define MON_Y0 1900
#define MON_SPAN (300 * 12)

typedef struct run {
    st_ctx c;
    const stats_filter *f;
    int fzone, fchain;      /* ids of the filter's zone and chain; -2 none such; -1 open */
    int64_t (*sl_chain)[6], (*sl_zone)[6];   /* [id + 1]: index 0 is "none" */
    int64_t (*mon)[MON_N];
    int mon_lo, mon_hi;     /* used month indexes */
} run;

static int in_dates(const stats_filter *f, const char *day)
{
    if (!*f->from && !*f->to)
        return 1;
    if (!*day)
        return 0;
    return (!*f->from || strcmp(day, f->from) >= 0) && (!*f->to || strcmp(day, f->to) <= 0);
}

static int pass_tags(const run *r, st_ids zones, st_ids chains)
{
    return (r->fzone == -1 || st_has(zones, r->fzone)) &&
           (r->fchain == -1 || st_has(chains, r->fchain));
}

/* Counts v under each of the record's chains and zones ("none" when it has
 * none), within the filter's chain and zone when one is given. */
static void slice_add(run *r, st_ids zones, st_ids chains, int field, int64_t v)
{
    if (!chains.n)
        r->sl_chain[0][field] += v;
    for (int i = 0; i < chains.n; i++)
        if (r->fchain == -1 || chains.v[i] == r->fchain)
            r->sl_chain[chains.v[i] + 1][field] += v;
    if (!zones.n)
        r->sl_zone[0][field] += v;
    for (int i = 0; i < zones.n; i++)
        if (r->fzone == -1 || zones.v[i] == r->fzone)
            r->sl_zone[zones.v[i] + 1][field] += v;
}

static void month_add(run *r, const char *day, int field)
{
    int y = atoi(day), m = atoi(day + 5);
    int i = (y - MON_Y0) * 12 + m - 1;
    if (i < 0 || i >= MON_SPAN)
        return;
    r->mon[i][field]++;
    if (i < r->mon_lo)
        r->mon_lo = i;
    if (i > r->mon_hi)
        r->mon_hi = i;
}

static int month_index(const char *day)
{
    return (atoi(day) - MON_Y0) * 12 + atoi(day + 5) - 1;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static stats_slice *make_slices(int64_t (*sl)[6], const st_tagset *t, int only, size_t *n)
{
    stats_slice *v = qiao_calloc(t->n + 1, sizeof *v);
    size_t k = 0;
    /* names in byte order, "" (none) last */
    size_t *order = qiao_malloc((t->n ? t->n : 1) * sizeof *order);
    for (size_t i = 0; i < t->n; i++)
        order[i] = i;
    for (size_t i = 1; i < t->n; i++)
        for (size_t j = i; j > 0 && strcmp(t->names[order[j - 1]], t->names[order[j]]) > 0; j--) {
            size_t x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    for (size_t oi = 0; oi <= t->n; oi++) {
        size_t id = oi < t->n ? order[oi] + 1 : 0;
        const int64_t *a = sl[id];
        if (only >= 0 && (int)id != only + 1)
            continue;
        if (!a[0] && !a[1] && !a[2] && !a[3] && !a[4] && !a[5])
            continue;
        stats_slice *s = &v[k++];
        s->name = qiao_strdup(id ? t->names[id - 1] : "");
        s->achievements = a[SL_ACH];
        s->demands = a[SL_DEM];
        s->events = a[SL_EV];
        s->projects_started = a[SL_PSTART];
        s->projects_signed = a[SL_PSIGNED];
        s->contract_amount = a[SL_AMOUNT];
    }
    free(order);
    *n = k;
    return v;
}

/* The funnel's first stage: achievements the matching engine suggests for
 * each open demand counted in demands_published (top STATS_SUGGEST_TOP). */
static int count_suggestions(run *r, store *s, match_index *ix, const char *counted,
                             int64_t *n, qiao_err *e)
{
    *n = 0;
    for (size_t i = 0; i < r->c.ndems; i++) {
        if (!counted[i] || !r->c.dems[i].open)
            continue;
        model_record rec;
        match_query *q = NULL;
        match_hits h = {0};
        int rc = store_get(s, MODEL_DEMAND, r->c.dems[i].key, &rec, e);
        if (rc)
            return rc;
        rc = match_query_from_record(ix, &rec, &q, e);
        if (rc == QIAO_EINVAL) {          /* nothing searchable in the demand */
            rc = 0;
        } else if (rc == 0) {
            rc = match_search(ix, q, MODEL_ACHIEVEMENT, STATS_SUGGEST_TOP, &h, e);
            *n += (int64_t)h.n;
        }
        match_hits_free(&h);
        match_query_free(q);
        model_record_clear(&rec);
        if (rc)
            return rc;
    }
    return 0;
}

static void compute(run *r, stats *st, char *dem_counted)
{
    const stats_filter *f = r->f;
    st_ctx *c = &r->c;
    char *ext = qiao_calloc(c->norgs + 1, 1), *ent = qiao_calloc(c->norgs + 1, 1);
    char *expert = qiao_calloc(c->npersons + 1, 1);
    char *ach_done = qiao_calloc(c->nachs + 1, 1), *dem_done = qiao_calloc(c->ndems + 1, 1);
    char *held = qiao_calloc(c->nevents + 1, 1), *ev_in = qiao_calloc(c->nevents + 1, 1);
    long *days = qiao_malloc((c->nprojs + 1) * sizeof *days);
    size_t ndays = 0;

    /* orgs_by_type: every org, by type (dates do not apply) */
    for (size_t i = 0; i < c->norgs; i++) {
        const st_org *o = &c->orgs[i];
        if (!pass_tags(r, o->zones, o->chains))
            continue;
        st->orgs_total++;
        if (o->type >= 0)
            st->orgs_by_type[o->type]++;
        /* companies_founded_by_researchers: enterprises founded (founded in
         * the dates) by at least one person with the role scientist */
        if (o->type == 4 && in_dates(f, o->founded)) {
            int sci = 0;
            for (int k = 0; k < o->nfounders && !sci; k++) {
                int p = st_map_get(&c->person_m, o->founders[k]);
                sci = p >= 0 && (c->persons[p].roles & ST_SCIENTIST);
            }
            st->companies_founded_by_researchers += sci;
        }
    }
    /* achievements_published: status published, published in the dates */
    for (size_t i = 0; i < c->nachs; i++) {
        const st_item *a = &c->achs[i];
        if (!a->published || !in_dates(f, a->day) || !pass_tags(r, a->zones, a->chains))
            continue;
        st->achievements_published++;
        slice_add(r, a->zones, a->chains, SL_ACH, 1);
        if (*a->day)
            month_add(r, a->day, MON_ACH);
    }
    /* demands_published: status open or closed (not draft), published in the dates */
    for (size_t i = 0; i < c->ndems; i++) {
        const st_item *d = &c->dems[i];
        if (!d->published || !in_dates(f, d->day) || !pass_tags(r, d->zones, d->chains))
            continue;
        dem_counted[i] = 1;
        st->demands_published++;
        slice_add(r, d->zones, d->chains, SL_DEM, 1);
        if (*d->day)
            month_add(r, d->day, MON_DEM);
    }
    /* events_held: started (starts <= now) with the start date in the dates */
    for (size_t i = 0; i < c->nevents; i++) {
        const st_event *ev = &c->events[i];
        if (!in_dates(f, ev->day) || !pass_tags(r, ev->zones, ev->chains))
            continue;
        ev_in[i] = 1;
        if (ev->starts > f->now)
            continue;
        held[i] = 1;
        st->events_held++;
        if (ev->type >= 0)
            st->events_by_type[ev->type]++;
        slice_add(r, ev->zones, ev->chains, SL_EV, 1);
        month_add(r, ev->day, MON_EV);
    }
    /* event_participants (registered at events held) and the external
     * universities registered there */
    for (size_t i = 0; i < c->nregs; i++) {
        const st_reg *g = &c->regs[i];
        if (g->event < 0 || !held[g->event])
            continue;
        int o = g->org >= 0 ? g->org : g->person >= 0 ? c->persons[g->person].org : -1;
        if (g->person >= 0 && (c->persons[g->person].roles & (ST_SCIENTIST | ST_EXPERT)))
            expert[g->person] = 1;
        if (o >= 0 && c->orgs[o].type == 4)
            ent[o] = 1;
        if (o >= 0 && c->orgs[o].external && (c->orgs[o].type == 0 || c->orgs[o].type == 1))
            ext[o] = 1;
    }
    /* meetings_held: accepted with a slot at events held; funnel: requests
     * and accepted ones at events in the dates, held or not */
    for (size_t i = 0; i < c->nmrs; i++) {
        const st_mr *m = &c->mrs[i];
        if (m->event < 0 || !ev_in[m->event])
            continue;
        st->funnel[STATS_F_MEETING_REQUESTS]++;
        st->funnel[STATS_F_ACCEPTED] += m->accepted;
        st->meetings_held += m->event >= 0 && held[m->event] && m->accepted && m->slotted;
    }
    /* projects */
    for (size_t i = 0; i < c->nprojs; i++) {
        const st_proj *p = &c->projs[i];
        if (!pass_tags(r, p->zones, p->chains))
            continue;
        int started = in_dates(f, p->start);
        int sig = p->reached_signed && in_dates(f, p->signed_on);
        for (int k = 0; k < p->nbrokers && (started || sig); k++)
            st_broker_add(st, p->brokers[k], started, sig);
        if (started) {
            st->projects_started++;
            slice_add(r, p->zones, p->chains, SL_PSTART, 1);
            if (p->ach >= 0 && p->dem >= 0) {
                st->matched_projects++;
                st->matched_projects_signed += p->reached_signed;
            }
        }
        if (started || sig)
            for (int k = 0; k < p->nparties; k++) {
                int o = st_map_get(&c->org_m, p->parties[k]);
                if (o < 0) {
                    int pp = st_map_get(&c->person_m, p->parties[k]);
                    o = pp >= 0 ? c->persons[pp].org : -1;
                }
                if (o >= 0 && c->orgs[o].external &&
                    (c->orgs[o].type == 0 || c->orgs[o].type == 1))
                    ext[o] = 1;
            }
        if (!sig)
            continue;
        st->projects_signed++;
        st->contract_amount += p->amount;
        slice_add(r, p->zones, p->chains, SL_PSIGNED, 1);
        slice_add(r, p->zones, p->chains, SL_AMOUNT, p->amount);
        if (*p->signed_on)
            month_add(r, p->signed_on, MON_SIGNED);
        if (p->has_mode && p->ach >= 0 && !ach_done[p->ach] &&
            pass_tags(r, c->achs[p->ach].zones, c->achs[p->ach].chains)) {
            ach_done[p->ach] = 1;
            st->achievements_transferred++;
        }
        if (p->dem >= 0 && !dem_done[p->dem] &&
            pass_tags(r, c->dems[p->dem].zones, c->dems[p->dem].chains)) {
            dem_done[p->dem] = 1;
            st->demands_met++;
        }
        if (*p->start && *p->signed_on)
            days[ndays++] = project_days_between(p->start, p->signed_on);
    }
    for (size_t i = 0; i < c->norgs; i++) {
        st->external_universities += ext[i];
        st->participant_enterprises += ent[i];
    }
    for (size_t i = 0; i < c->npersons; i++)
        st->participant_experts += expert[i];
    st->match_to_signing_rate = st->matched_projects
        ? (double)st->matched_projects_signed / (double)st->matched_projects : NAN;
    st->days_to_sign_samples = (int64_t)ndays;
    st->median_days_to_sign = NAN;
    if (ndays) {
        qsort(days, ndays, sizeof *days, cmp_long);
        st->median_days_to_sign = ndays % 2 ? (double)days[ndays / 2]
                                  : ((double)days[ndays / 2 - 1] + (double)days[ndays / 2]) / 2;
    }
    st->funnel[STATS_F_PROJECTS] = st->projects_started;
    st->funnel[STATS_F_SIGNED] = st->projects_signed;
    free(ext);
    free(ent);
    free(expert);
    free(ach_done);
    free(dem_done);
    free(held);
    free(ev_in);
    free(days);
}

int stats_compute(store *s, struct match_index *ix, const stats_filter *f, stats *out,
                  qiao_err *e)
{
    memset(out, 0, sizeof *out);
    run r = {0};
    r.f = &out->filter;
    out->filter = *f;
    if (!out->filter.now)
        out->filter.now = project_time_now();
    project_time_format(project_time_now(), out->generated);
    char *dem_counted = NULL;
    int rc = st_load(&r.c, s, e);
    if (rc)
        goto out;
    r.fzone = *f->zone ? st_map_get(&r.c.zones.map, f->zone) : -1;
    r.fchain = *f->chain ? st_map_get(&r.c.chains.map, f->chain) : -1;
    if (*f->zone && r.fzone < 0)
        r.fzone = -2;
    if (*f->chain && r.fchain < 0)
        r.fchain = -2;
    r.sl_chain = qiao_calloc(r.c.chains.n + 1, sizeof *r.sl_chain);
    r.sl_zone = qiao_calloc(r.c.zones.n + 1, sizeof *r.sl_zone);
    r.mon = qiao_calloc(MON_SPAN, sizeof *r.mon);
    r.mon_lo = MON_SPAN;
    r.mon_hi = -1;
    dem_counted = qiao_calloc(r.c.ndems + 1, 1);
    compute(&r, out, dem_counted);
    if ((rc = st_interests(s, &out->filter, out, e)))
        goto out;
    st_brokers_finish(s, out);
    out->funnel[STATS_F_SUGGESTIONS] = -1;
    if (ix && (rc = count_suggestions(&r, s, ix, dem_counted,
                                      &out->funnel[STATS_F_SUGGESTIONS], e)))
        goto out;
    /* the monthly span: the dates when both are given, else the data's */
    int lo = *f->from ? month_index(f->from) : r.mon_lo;
    int hi = *f->to ? month_index(f->to) : r.mon_hi;
    if (lo < 0)
        lo = 0;
    if (hi >= MON_SPAN)
        hi = MON_SPAN - 1;
    if (r.mon_hi >= 0 || (*f->from && *f->to)) {
        out->months = qiao_calloc((size_t)(hi >= lo ? hi - lo + 1 : 1), sizeof *out->months);
        for (int i = lo; i <= hi; i++) {
            stats_month *m = &out->months[out->nmonths++];
            snprintf(m->month, sizeof m->month, "%04u-%02u", (unsigned)(MON_Y0 + i / 12) % 10000u,
                     (unsigned)(i % 12 + 1) % 13u);
            m->achievements = r.mon[i][MON_ACH];
            m->demands = r.mon[i][MON_DEM];
            m->events = r.mon[i][MON_EV];
            m->signed_projects = r.mon[i][MON_SIGNED];
        }
    }
    out->by_chain = make_slices(r.sl_chain, &r.c.chains, r.fchain == -1 ? -1 : r.fchain,
                                &out->nchains);
    out->by_zone = make_slices(r.sl_zone, &r.c.zones, r.fzone == -1 ? -1 : r.fzone,
                               &out->nzones);
out:
    free(dem_counted);
    free(r.sl_chain);
    free(r.sl_zone);
    free(r.mon);
    st_ctx_free(&r.c);
    if (rc)
        stats_free(out);
    return rc;
}

void stats_free(stats *st)
{
    for (size_t i = 0; i < st->nchains; i++)
        free(st->by_chain[i].name);
    for (size_t i = 0; i < st->nzones; i++)
        free(st->by_zone[i].name);
    for (size_t i = 0; i < st->nbrokers; i++) {
        free(st->brokers[i].login);
        free(st->brokers[i].name);
    }
    free(st->brokers);
    st->brokers = NULL;
    st->nbrokers = 0;
    free(st->by_chain);
    free(st->by_zone);
    free(st->months);
    st->by_chain = st->by_zone = NULL;
    st->months = NULL;
    st->nchains = st->nzones = st->nmonths = 0;
}
