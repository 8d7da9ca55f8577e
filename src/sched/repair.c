/* sched/repair.c — exact repair guided by the LP prices.
 *
 * With the Lagrangian multipliers (μ, λ) of the bound, the weight of any
 * timetable is L − loss, where loss = Σ_m rc(m) + Σ_{v,t free} μ_{v,t} +
 * Σ_t λ_t · (free tables in t) and every term is >= 0 (internal.h). A
 * timetable one better than the current one must therefore lose at most
 * L − (weight + 1): when that is small, nearly every meeting must sit in a
 * slot of zero reduced cost and nearly every priced (participant, slot) must
 * be busy. The repair frees the meetings of a neighbourhood grown from a
 * loss term of the current timetable (a priced idle slot, an unscheduled or
 * badly placed meeting) and searches it as a constraint problem: branch on
 * the most constrained "must" — a priced idle slot too dear to leave idle,
 * or a meeting too dear to leave out — over the meetings or slots that
 * could satisfy it within the remaining loss budget; when no must is left,
 * the rest is inserted greedily. Complete for the musts, with a node limit.
 * It keeps the result only if the weight rises. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

#define REP_PMAX 10
#define REP_CMAX 80
#define REP_NODES 300
#define EPS 1e-7

struct sched_repair {
    sched_state *st;
    int *pidx;          /* P: index in aff, or -1 */
    int n, naff, cmax, pmax;
    int *cand, *old;                /* cmax */
    unsigned char *fixed;           /* cmax: decided: 1 placed, 2 left out */
    sched_slots *gone;              /* 2 cmax: idle slots of aff[k] given up */
    int *aff;                       /* 2 cmax */
    int *cstart, *clist;            /* 2 cmax + 1, 2 cmax: candidates of aff[k] */
    int (*ends)[2];                 /* cmax: aff index of the parties */
    int *vs, *placed, *fill;        /* scratch */
    double budget;
    long w, target;     /* candidates' weight placed; weight needed */
    long nodes, limit;
    int depth;
    struct option { int i, t; double rc; } *obuf;   /* per depth: S + REP_CMAX */
    int ocap;
    double *rcv;        /* cmax x S: reduced cost of candidate i in slot t */
};

sched_repair *sched_repair_new(sched_state *st, int global)
{
    sched_repair *R = qiao_calloc(1, sizeof *R);
    int maxdeg = 0;
    for (int v = 0; v < st->P; v++)
        if (st->adj_start[v + 1] - st->adj_start[v] > maxdeg)
            maxdeg = st->adj_start[v + 1] - st->adj_start[v];
    R->st = st;
    R->cmax = global || st->M < REP_CMAX ? st->M : REP_CMAX;
    R->pmax = global ? st->P : REP_PMAX;
    size_t c = (size_t)R->cmax + 1;
    R->pidx = qiao_malloc(sizeof(int) * ((size_t)st->P + 1));
    R->cand = qiao_malloc(sizeof(int) * c);
    R->old = qiao_malloc(sizeof(int) * c);
    R->fixed = qiao_malloc(c);
    R->gone = qiao_malloc(sizeof(sched_slots) * 2 * c);
    R->aff = qiao_malloc(sizeof(int) * 2 * c);
    R->cstart = qiao_malloc(sizeof(int) * (2 * c + 1));
    R->clist = qiao_malloc(sizeof(int) * 2 * c);
    R->ends = qiao_malloc(sizeof *R->ends * c);
    R->vs = qiao_malloc(sizeof(int) * ((size_t)st->P + 1));
    R->placed = qiao_malloc(sizeof(int) * c);
    R->fill = qiao_malloc(sizeof(int) * 2 * c);
    R->ocap = st->S + maxdeg;
    R->rcv = qiao_malloc(sizeof(double) * c * (size_t)st->S);
    R->obuf = qiao_malloc(sizeof *R->obuf * (c + 1) * (size_t)R->ocap);
    for (int v = 0; v < st->P; v++)
        R->pidx[v] = -1;
    return R;
}

void sched_repair_free(sched_repair *R)
{
    if (!R)
        return;
    free(R->pidx);
    free(R->obuf);
    free(R->rcv);
    free(R->cand);
    free(R->old);
    free(R->fixed);
    free(R->gone);
    free(R->aff);
    free(R->cstart);
    free(R->clist);
    free(R->ends);
    free(R->vs);
    free(R->placed);
    free(R->fill);
    free(R);
}

static double rc_of(const sched_repair *R, int i, int t)
{
    return R->rcv[(size_t)i * (size_t)R->st->S + (size_t)t];
}

/* Candidate i fits slot t now within the remaining budget r. */
static int fits_rc(const sched_repair *R, int i, int t, double r)
{
    return rc_of(R, i, t) <= r + EPS && st_fits(R->st, R->cand[i], t);
}

/* Inserts the undecided candidates greedily (priority first, the slot of
 * least reduced cost); returns 1 if the weight target is met, else undoes. */
static int complete(sched_repair *R)
{
    sched_state *st = R->st;
    int *placed = R->placed, np = 0;
    long w = R->w;
    for (int p = 3; p >= 1; p--)
        for (int i = 0; i < R->n; i++) {
            int m = R->cand[i];
            if (R->fixed[i] || st->in->meetings[m].priority != p)
                continue;
            int bt = SCHED_NONE;
            double br = 0;
            for (int t = 0; t < st->S; t++)
                if (st_fits(st, m, t) && (bt == SCHED_NONE || sched_rc(st, m, t) < br)) {
                    bt = t;
                    br = sched_rc(st, m, t);
                }
            if (bt != SCHED_NONE) {
                sched_place(st, m, bt);
                placed[np++] = m;
                w += p;
            }
        }
    if (w >= R->target)
        return 1;
    while (np > 0)
        sched_unplace(st, placed[--np]);
    return 0;
}

static int search(sched_repair *R, double loss)
{
    sched_state *st = R->st;
    if (++R->nodes > R->limit)
        return 0;
    double r = R->budget - loss, lb = 0;
    if (r < -EPS)
        return 0;
    /* The item to branch on: the most constrained must — a hole (v, t)
     * too dear to leave idle or a meeting too dear to leave out — else the
     * dearest item that can still be had. */
    int bestn = 1 << 30, hv = -1, ht = -1, hi = -1, must = 0;
    double value = 0;
    for (int k = 0; k < R->naff; k++) {
        int v = R->aff[k];
        const double *mu = st->mu + (size_t)v * (size_t)st->S;
        for (int t = 0; t < st->S; t++) {
            if (mu[t] <= EPS || st_busy(st, v, t) != SCHED_NONE || sched_slots_has(&R->gone[k], t))
                continue;
            int cnt = 0;
            for (int j = R->cstart[k]; j < R->cstart[k + 1]; j++)
                cnt += !R->fixed[R->clist[j]] && fits_rc(R, R->clist[j], t, r);
            int ismust = mu[t] > r + EPS;
            if (cnt == 0)
                lb += mu[t];
            else if (ismust ? !must || cnt < bestn : !must && mu[t] > value) {
                must = ismust;
                bestn = cnt;
                value = mu[t];
                hv = v;
                ht = t;
                hi = -1;
            }
        }
    }
    for (int i = 0; i < R->n; i++) {
        if (R->fixed[i])
            continue;
        int m = R->cand[i], cnt = 0;
        for (int t = 0; t < st->S; t++)
            cnt += fits_rc(R, i, t, r);
        int ismust = st->bestm[m] > r + EPS;
        if (cnt == 0)
            lb += st->bestm[m];
        else if (ismust ? !must || cnt < bestn : !must && st->bestm[m] > value) {
            must = ismust;
            bestn = cnt;
            value = st->bestm[m];
            hi = i;
            hv = -1;
        }
    }
    if (lb > r + EPS)
        return 0;
    if (hv < 0 && hi < 0)
        return complete(R);
    /* Options (candidate index, slot), cheapest first. */
    struct option *o = R->obuf + (size_t)R->depth * (size_t)R->ocap;
    int no = 0;
    if (hv >= 0) {
        int k = R->pidx[hv];
        for (int j = R->cstart[k]; j < R->cstart[k + 1]; j++) {
            int i = R->clist[j];
            if (!R->fixed[i] && fits_rc(R, i, ht, r))
                o[no++] = (struct option){i, ht, rc_of(R, i, ht)};
        }
    } else {
        for (int t = 0; t < st->S; t++)
            if (fits_rc(R, hi, t, r))
                o[no++] = (struct option){hi, t, rc_of(R, hi, t)};
    }
    for (int a = 1; a < no; a++)   /* insertion sort by rc, stable */
        for (int b = a; b > 0 && o[b].rc < o[b - 1].rc - EPS; b--) {
            struct option x = o[b];
            o[b] = o[b - 1];
            o[b - 1] = x;
        }
    int ok = 0;
    R->depth++;
    for (int k = 0; k < no && !ok; k++) {
        int i = o[k].i, m = R->cand[i];
        sched_place(st, m, o[k].t);
        R->fixed[i] = 1;
        R->w += st->in->meetings[m].priority;
        ok = search(R, loss + o[k].rc);
        if (ok)
            break;
        R->w -= st->in->meetings[m].priority;
        R->fixed[i] = 0;
        sched_unplace(st, m);
        if (R->nodes > R->limit)
            break;
    }
    if (!ok && !must && R->nodes <= R->limit) {   /* give the item up */
        if (hv >= 0) {
            int k = R->pidx[hv];
            sched_slots_set(&R->gone[k], ht);
            ok = search(R, loss + value);
            R->gone[k].w[ht >> 6] &= ~((uint64_t)1 << (ht & 63));
        } else {
            R->fixed[hi] = 2;
            ok = search(R, loss + value);
            if (!ok)
                R->fixed[hi] = 0;
        }
    }
    R->depth--;
    return ok;
}

/* Adds v's unpinned meetings to the candidates (and v's partners to aff). */
static void add_participant(sched_repair *R, int v, int *vs, int *nv)
{
    sched_state *st = R->st;
    if (st->mark[v] == st->stamp || *nv >= R->pmax)
        return;
    st->mark[v] = st->stamp;
    vs[(*nv)++] = v;
    for (int k = st->adj_start[v]; k < st->adj_start[v + 1] && R->n < R->cmax; k++) {
        int m = st->adj[k];
        if (st->pinned[m] || st->mmark[m] == st->stamp)
            continue;
        st->mmark[m] = st->stamp;
        R->cand[R->n++] = m;
    }
}

/* Frees R->cand[0..n) and searches them for one more weight; restores the
 * old timetable if none is found within `limit` nodes. */
static int solve_candidates(sched_repair *R, long limit)
{
    sched_state *st = R->st;
    /* aff: every party of a candidate; cstart/clist: their candidates. */
    R->naff = 0;
    long w0 = 0;
    double loss0 = 0;
    for (int i = 0; i < R->n; i++) {
        const sched_meeting *mm = &st->in->meetings[R->cand[i]];
        int ends[2] = {mm->a, mm->b};
        for (int j = 0; j < 2; j++) {
            if (R->pidx[ends[j]] < 0) {
                R->pidx[ends[j]] = R->naff;
                memset(&R->gone[R->naff], 0, sizeof(sched_slots));
                R->aff[R->naff++] = ends[j];
            }
            R->ends[i][j] = R->pidx[ends[j]];
        }
        R->old[i] = st->slot[R->cand[i]];
        for (int t = 0; t < st->S; t++)
            R->rcv[(size_t)i * (size_t)st->S + (size_t)t] =
                sched_slots_has(&st->common[R->cand[i]], t) ? sched_rc(st, R->cand[i], t) : HUGE_VAL;
        R->fixed[i] = 0;
        if (R->old[i] != SCHED_NONE)
            w0 += mm->priority;
        loss0 += sched_rc(st, R->cand[i], R->old[i]);
    }
    for (int k = 0; k < R->naff; k++)
        loss0 += sched_free_mu(st, R->aff[k]);
    for (int t = 0; t < st->S; t++)
        loss0 += st->lambda[t] * (st->T - st->used[t]);
    memset(R->cstart, 0, sizeof(int) * ((size_t)R->naff + 1));
    for (int i = 0; i < R->n; i++) {
        R->cstart[R->ends[i][0] + 1]++;
        R->cstart[R->ends[i][1] + 1]++;
    }
    for (int k = 0; k < R->naff; k++)
        R->cstart[k + 1] += R->cstart[k];
    int *fill = R->fill;
    memcpy(fill, R->cstart, sizeof(int) * (size_t)R->naff);
    for (int i = 0; i < R->n; i++) {
        R->clist[fill[R->ends[i][0]]++] = i;
        R->clist[fill[R->ends[i][1]]++] = i;
    }
    /* The candidates' weight + loss is a constant: w0 + loss0. */
    R->target = w0 + 1;
    R->budget = (double)w0 + loss0 - (double)R->target;
    int ok = 0;
    if (R->budget >= -EPS && R->budget < 1.5) {
        R->limit = limit;
        for (int i = 0; i < R->n; i++)
            if (R->old[i] != SCHED_NONE)
                sched_unplace(st, R->cand[i]);
        R->w = 0;
        R->nodes = 0;
        R->depth = 0;
        ok = search(R, 0);
        if (!ok) {
            for (int i = 0; i < R->n; i++)
                if (st->slot[R->cand[i]] != SCHED_NONE)
                    sched_unplace(st, R->cand[i]);
            for (int i = 0; i < R->n; i++)
                if (R->old[i] != SCHED_NONE)
                    sched_place(st, R->cand[i], R->old[i]);
        }
    }
    for (int k = 0; k < R->naff; k++)
        R->pidx[R->aff[k]] = -1;
    return ok;
}

/* A loss term of the current timetable to start from: a participant with
 * a priced idle slot, or the two parties of a meeting that loses. */
static int seed(sched_repair *R, int *vs, int *nv)
{
    sched_state *st = R->st;
    for (int tries = 0; tries < 64; tries++) {
        if (sched_rand(st) & 1) {
            int v = (int)(sched_rand(st) % (uint64_t)st->P);
            if (sched_free_mu(st, v) > EPS) {
                add_participant(R, v, vs, nv);
                return 1;
            }
        } else {
            int m = (int)(sched_rand(st) % (uint64_t)st->M);
            if (!st->pinned[m] && sched_rc(st, m, st->slot[m]) > EPS) {
                add_participant(R, st->in->meetings[m].a, vs, nv);
                add_participant(R, st->in->meetings[m].b, vs, nv);
                return 1;
            }
        }
    }
    return 0;
}

int sched_repair_try(sched_repair *R)
{
    sched_state *st = R->st;
    if (!st->bestm || st->M == 0 || st->P == 0)
        return 0;
    int *vs = R->vs, nv = 0;
    R->n = 0;
    st->stamp++;
    if (!seed(R, vs, &nv))
        return 0;
    /* Grow breadth-first. Chain mode follows where a better timetable
     * would have to change: a meeting of v that could fill one of v's
     * priced idle slots t brings its other party u and, if u meets someone
     * in t, that partner too (u must leave t); an unscheduled meeting that
     * the LP wants brings its other party. Then, or in plain mode, the
     * partners of the freed participants' meetings, at random. */
    int want = 4 + (int)(sched_rand(st) % (REP_PMAX - 3));
    if (sched_rand(st) & 1)
        for (int h = 0; h < nv && nv < want; h++) {
            int v = vs[h];
            const double *mu = st->mu + (size_t)v * (size_t)st->S;
            for (int k = st->adj_start[v]; k < st->adj_start[v + 1] && nv < want; k++) {
                int m = st->adj[k], u = st_other(st, m, v);
                if (st->pinned[m])
                    continue;
                if (st->slot[m] == SCHED_NONE && st->bestm[m] > EPS)
                    add_participant(R, u, vs, &nv);
                for (int t = 0; t < st->S && nv < want; t++) {
                    if (mu[t] <= EPS || st_busy(st, v, t) != SCHED_NONE ||
                        !sched_slots_has(&st->common[m], t) || sched_rc(st, m, t) > 0.5)
                        continue;
                    add_participant(R, u, vs, &nv);
                    int e = st_busy(st, u, t);
                    if (e != SCHED_NONE && !st->pinned[e])
                        add_participant(R, st_other(st, e, u), vs, &nv);
                }
            }
        }
    for (int h = 0; h < nv && nv < want; h++) {
        int v = vs[h], deg = st->adj_start[v + 1] - st->adj_start[v];
        int off = deg ? (int)(sched_rand(st) % (uint64_t)deg) : 0;
        for (int k = 0; k < deg && nv < want; k++) {
            int m = st->adj[st->adj_start[v] + (k + off) % deg];
            add_participant(R, st_other(st, m, v), vs, &nv);
        }
    }
    return solve_candidates(R, REP_NODES);
}
