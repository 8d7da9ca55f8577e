/* sched/bound.c — upper bounds on the weight any timetable can schedule.
 *
 * Pinned meetings are fixed: they take their parties' slots and a table, and
 * count in full. For the rest:
 *   capacity   min(Σ weights; ½ Σ_v the a_v heaviest meetings of v;
 *              the K heaviest meetings, K = Σ_t min(tables_t, ⌊n_t/2⌋))
 *   lagrangian the time-indexed model (x_{m,t}: ≤ 1 per meeting, ≤ 1 per
 *              participant and slot, ≤ tables per slot) with the participant
 *              and table rows moved into the objective with multipliers
 *              μ_{v,t}, λ_t ≥ 0. For any multipliers
 *                L = Σ μ + Σ_t tables_t λ_t + Σ_m max(0, max_t w_m − μ_{a,t} − μ_{b,t} − λ_t)
 *              bounds the optimum; projected subgradient steps drive it
 *              toward the LP bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

/* The residual problem left by the pinned meetings. */
typedef struct residual {
    long fixed;              /* weight of the pinned meetings */
    int *tables;             /* S: tables left per slot */
    unsigned char *free_vt;  /* P*S: v available at t and not pinned there */
    sched_slots *r;          /* M: slots still open to the meeting (pinned: empty) */
} residual;

static void ensure_multipliers(const sched_state *st, sched_bound *b);

static void residual_build(const sched_state *st, residual *rs)
{
    int P = st->P, S = st->S;
    rs->fixed = 0;
    rs->tables = qiao_malloc(sizeof(int) * (size_t)S);
    rs->free_vt = qiao_calloc((size_t)P * (size_t)S + 1, 1);
    rs->r = qiao_calloc((size_t)st->M + 1, sizeof(sched_slots));
    for (int t = 0; t < S; t++)
        rs->tables[t] = st->T;
    for (int v = 0; v < P; v++)
        for (int t = 0; t < S; t++)
            rs->free_vt[(size_t)v * (size_t)S + (size_t)t] =
                (unsigned char)sched_slots_has(&st->in->participants[v].avail, t);
    for (int m = 0; m < st->M; m++) {
        if (!st->pinned[m])
            continue;
        const sched_meeting *mm = &st->in->meetings[m];
        int t = st->slot[m];
        rs->fixed += mm->priority;
        rs->tables[t]--;
        rs->free_vt[(size_t)mm->a * (size_t)S + (size_t)t] = 0;
        rs->free_vt[(size_t)mm->b * (size_t)S + (size_t)t] = 0;
    }
    for (int m = 0; m < st->M; m++) {
        if (st->pinned[m])
            continue;
        const sched_meeting *mm = &st->in->meetings[m];
        for (int t = 0; t < S; t++)
            if (sched_slots_has(&st->common[m], t) && rs->tables[t] > 0 &&
                rs->free_vt[(size_t)mm->a * (size_t)S + (size_t)t] &&
                rs->free_vt[(size_t)mm->b * (size_t)S + (size_t)t])
                sched_slots_set(&rs->r[m], t);
    }
}

static void residual_free(residual *rs)
{
    free(rs->tables);
    free(rs->free_vt);
    free(rs->r);
}

static int slots_empty(const sched_slots *s)
{
    for (int i = 0; i < SCHED_SLOT_WORDS; i++)
        if (s->w[i])
            return 0;
    return 1;
}

/* Sum of the k heaviest weights among counts cnt[1..3] of weight 1..3. */
static long top_k(const long cnt[4], long k)
{
    long sum = 0;
    for (int w = 3; w >= 1 && k > 0; w--) {
        long take = cnt[w] < k ? cnt[w] : k;
        sum += take * w;
        k -= take;
    }
    return sum;
}

void sched_bound_capacity(const sched_state *st, sched_bound *b)
{
    residual rs;
    residual_build(st, &rs);
    int S = st->S;
    long all[4] = {0}, half = 0, ktab = 0;
    for (int m = 0; m < st->M; m++)
        if (!st->pinned[m] && !slots_empty(&rs.r[m]))
            all[st->in->meetings[m].priority]++;
    for (int v = 0; v < st->P; v++) {
        long cnt[4] = {0}, av = 0;
        for (int t = 0; t < S; t++)
            av += rs.free_vt[(size_t)v * (size_t)S + (size_t)t];
        for (int k = st->adj_start[v]; k < st->adj_start[v + 1]; k++) {
            int m = st->adj[k];
            if (!st->pinned[m] && !slots_empty(&rs.r[m]))
                cnt[st->in->meetings[m].priority]++;
        }
        half += top_k(cnt, av);
    }
    for (int t = 0; t < S; t++) {
        long n = 0;
        for (int v = 0; v < st->P; v++)
            n += rs.free_vt[(size_t)v * (size_t)S + (size_t)t];
        ktab += rs.tables[t] < n / 2 ? rs.tables[t] : n / 2;
    }
    long best = top_k(all, st->M);
    if (half / 2 < best)
        best = half / 2;
    if (top_k(all, ktab) < best)
        best = top_k(all, ktab);
    b->capacity = rs.fixed + best;
    residual_free(&rs);
}

void sched_bound_lagrange(const sched_state *st, sched_bound *b, long lower, int iters,
                          const sched_clock *c)
{
    int P = st->P, S = st->S, M = st->M;
    size_t PS = (size_t)P * (size_t)S;
    residual rs;
    residual_build(st, &rs);
    ensure_multipliers(st, b);
    double *g = qiao_malloc(sizeof(double) * (PS + 1));
    double *gl = qiao_malloc(sizeof(double) * ((size_t)S + 1));
    int stall = 0;
    for (int it = 0; it < iters; it++) {
        if (floor(b->lagrangian + 1e-6) <= (double)lower || (it % 16 == 15 && sched_clock_out(c)))
            break;
        double L = (double)rs.fixed;
        for (size_t i = 0; i < PS; i++) {
            g[i] = rs.free_vt[i] ? 1.0 : 0.0;
            L += rs.free_vt[i] ? b->mu[i] : 0.0;
        }
        for (int t = 0; t < S; t++) {
            gl[t] = rs.tables[t];
            L += rs.tables[t] * b->lambda[t];
        }
        for (int m = 0; m < M; m++) {
            if (st->pinned[m])
                continue;
            const sched_meeting *mm = &st->in->meetings[m];
            const double *ma = b->mu + (size_t)mm->a * (size_t)S;
            const double *mb = b->mu + (size_t)mm->b * (size_t)S;
            double best = 0;
            int bt = -1;
            for (int t = 0; t < S; t++) {
                if (!sched_slots_has(&rs.r[m], t))
                    continue;
                double v = mm->priority - ma[t] - mb[t] - b->lambda[t];
                if (v > best) {
                    best = v;
                    bt = t;
                }
            }
            if (bt >= 0) {
                L += best;
                g[(size_t)mm->a * (size_t)S + (size_t)bt] -= 1;
                g[(size_t)mm->b * (size_t)S + (size_t)bt] -= 1;
                gl[bt] -= 1;
            }
        }
        if (L < b->lagrangian - 1e-9) {
            b->lagrangian = L;
            stall = 0;
        } else if (++stall >= 20) {
            b->theta = b->theta > 1e-4 ? b->theta / 2 : b->theta;
            stall = 0;
        }
        /* Projected subgradient: a multiplier at 0 that would go negative stays. */
        double norm = 0;
        for (size_t i = 0; i < PS; i++) {
            if (!rs.free_vt[i] || (b->mu[i] <= 0 && g[i] > 0))
                g[i] = 0;
            norm += g[i] * g[i];
        }
        for (int t = 0; t < S; t++) {
            if (b->lambda[t] <= 0 && gl[t] > 0)
                gl[t] = 0;
            norm += gl[t] * gl[t];
        }
        if (norm <= 0)
            break;   /* the relaxed optimum is feasible: L is the LP value */
        double target = (double)lower;
        double step = b->theta * (L - target) / norm;
        if (step <= 0)
            step = 1e-3;
        for (size_t i = 0; i < PS; i++)
            if (g[i] != 0) {
                double v = b->mu[i] - step * g[i];
                b->mu[i] = v > 0 ? v : 0;
            }
        for (int t = 0; t < S; t++)
            if (gl[t] != 0) {
                double v = b->lambda[t] - step * gl[t];
                b->lambda[t] = v > 0 ? v : 0;
            }
        b->iters++;
    }
    free(g);
    free(gl);
    residual_free(&rs);
}

static double mval(const sched_state *st, const sched_bound *b, int m, int t)
{
    const sched_meeting *mm = &st->in->meetings[m];
    size_t S = (size_t)st->S;
    return mm->priority - b->mu[(size_t)mm->a * S + (size_t)t] - b->mu[(size_t)mm->b * S + (size_t)t] -
           b->lambda[t];
}

/* max(0, the best value of m over its open slots other than t) */
static double best_other(const sched_state *st, const residual *rs, const sched_bound *b, int m, int t)
{
    double q = 0;
    for (int u = 0; u < st->S; u++)
        if (u != t && sched_slots_has(&rs->r[m], u)) {
            double v = mval(st, b, m, u);
            if (v > q)
                q = v;
        }
    return q;
}

static int cmp_desc(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a > b ? -1 : a < b;
}

static double lagrangian_value(const sched_state *st, const residual *rs, const sched_bound *b)
{
    size_t PS = (size_t)st->P * (size_t)st->S;
    double L = (double)rs->fixed;
    for (size_t i = 0; i < PS; i++)
        L += rs->free_vt[i] ? b->mu[i] : 0.0;
    for (int t = 0; t < st->S; t++)
        L += rs->tables[t] * b->lambda[t];
    for (int m = 0; m < st->M; m++)
        if (!st->pinned[m])
            L += best_other(st, rs, b, m, -1);
    return L;
}

static void ensure_multipliers(const sched_state *st, sched_bound *b)
{
    if (b->mu)
        return;
    b->mu = qiao_calloc((size_t)st->P * (size_t)st->S + 1, sizeof(double));
    b->lambda = qiao_calloc((size_t)st->S + 1, sizeof(double));
    b->theta = 1.0;
    b->lagrangian = HUGE_VAL;
}

/* Exact minimisation of L in one multiplier at a time: with the others fixed,
 * L(μ_{v,t}) = μ_{v,t} + Σ_m max(q_m, r_m − μ_{v,t}) + const over the meetings
 * m of v open at t (r_m: their value at t without μ_{v,t}; q_m: their best
 * elsewhere), minimised at the second largest r_m − q_m (or 0); λ_t likewise
 * at the (tables_t + 1)-th largest. L never increases. */
void sched_bound_descent(const sched_state *st, sched_bound *b, int sweeps, const sched_clock *c)
{
    int S = st->S;
    residual rs;
    residual_build(st, &rs);
    ensure_multipliers(st, b);
    double *d = qiao_malloc(sizeof(double) * ((size_t)st->M + 1));
    double prev = lagrangian_value(st, &rs, b);
    if (prev < b->lagrangian)
        b->lagrangian = prev;
    for (int sw = 0; sw < sweeps && !sched_clock_out(c); sw++) {
        for (int v = 0; v < st->P; v++)
            for (int t = 0; t < S; t++) {
                size_t i = (size_t)v * (size_t)S + (size_t)t;
                if (!rs.free_vt[i])
                    continue;
                double d1 = -HUGE_VAL, d2 = -HUGE_VAL;
                for (int k = st->adj_start[v]; k < st->adj_start[v + 1]; k++) {
                    int m = st->adj[k];
                    if (st->pinned[m] || !sched_slots_has(&rs.r[m], t))
                        continue;
                    double x = mval(st, b, m, t) + b->mu[i] - best_other(st, &rs, b, m, t);
                    if (x > d1) {
                        d2 = d1;
                        d1 = x;
                    } else if (x > d2) {
                        d2 = x;
                    }
                }
                b->mu[i] = d2 > 0 ? d2 : 0;
            }
        for (int t = 0; t < S; t++) {
            int n = 0;
            for (int m = 0; m < st->M; m++)
                if (!st->pinned[m] && sched_slots_has(&rs.r[m], t))
                    d[n++] = mval(st, b, m, t) + b->lambda[t] - best_other(st, &rs, b, m, t);
            double l = 0;
            if (n > rs.tables[t]) {
                qsort(d, (size_t)n, sizeof *d, cmp_desc);
                l = d[rs.tables[t]] > 0 ? d[rs.tables[t]] : 0;
            }
            b->lambda[t] = l;
        }
        double L = lagrangian_value(st, &rs, b);
        if (L < b->lagrangian)
            b->lagrangian = L;
        if (prev - L < 1e-7 * (1 + fabs(L)))
            break;
        prev = L;
    }
    free(d);
    residual_free(&rs);
}

long sched_bound_value(const sched_bound *b, const char **kind)
{
    long lag = b->mu && isfinite(b->lagrangian) ? (long)floor(b->lagrangian + 1e-6) : b->capacity;
    if (lag < b->capacity) {
        *kind = "lagrangian";
        return lag;
    }
    *kind = "capacity";
    return b->capacity;
}

void sched_bound_free(sched_bound *b)
{
    free(b->mu);
    free(b->lambda);
    memset(b, 0, sizeof *b);
}
