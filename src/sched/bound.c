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
 *              bounds the optimum (it is the LP dual objective); block
 *              coordinate descent (sched_bound_descent) drives it toward the
 *              LP bound, which on the benchmark instances it reaches. */
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

/* The value at index k of d[0..n) sorted in descending order (quickselect;
 * the same value a full sort would put there). Reorders d. */
static double kth_largest(double *d, int n, int k)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = d[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (d[i] > pivot)
                i++;
            while (d[j] < pivot)
                j--;
            if (i <= j) {
                double x = d[i];
                d[i++] = d[j];
                d[j--] = x;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return d[k];
    }
    return d[k];
}

/* The two best values of each open meeting over its open slots, kept while
 * the λ step changes one slot at a time: best_other(m, t) is then O(1). */
typedef struct top2 {
    double v1, v2;   /* best and second best value (-HUGE_VAL: none) */
    int s1, s2;      /* their slots */
} top2;

static void top2_build(const sched_state *st, const residual *rs, const sched_bound *b, int m, top2 *o)
{
    o->v1 = o->v2 = -HUGE_VAL;
    o->s1 = o->s2 = -1;
    for (int u = 0; u < st->S; u++)
        if (sched_slots_has(&rs->r[m], u)) {
            double v = mval(st, b, m, u);
            if (v > o->v1) {
                o->v2 = o->v1;
                o->s2 = o->s1;
                o->v1 = v;
                o->s1 = u;
            } else if (v > o->v2) {
                o->v2 = v;
                o->s2 = u;
            }
        }
}

/* The value of m at slot t became x (λ_t changed). */
static void top2_update(const sched_state *st, const residual *rs, const sched_bound *b, int m, int t,
                        double x, top2 *o)
{
    if (t == o->s1) {
        if (x >= o->v2)
            o->v1 = x;
        else
            top2_build(st, rs, b, m, o);
    } else if (t == o->s2) {
        if (x > o->v1) {
            o->v2 = o->v1;
            o->s2 = o->s1;
            o->v1 = x;
            o->s1 = t;
        } else if (x >= o->v2) {
            o->v2 = x;
        } else {
            top2_build(st, rs, b, m, o);
        }
    } else if (x > o->v1) {
        o->v2 = o->v1;
        o->s2 = o->s1;
        o->v1 = x;
        o->s1 = t;
    } else if (x > o->v2) {
        o->v2 = x;
        o->s2 = t;
    }
}

/* max(0, the best value of m over its open slots other than t) from top2 */
static double top2_other(const top2 *o, int t)
{
    double q = o->s1 != t ? o->v1 : o->v2;
    return q > 0 ? q : 0;
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
    b->lagrangian = HUGE_VAL;
}

/* Min-cost assignment of n rows to m >= n columns (Kuhn–Munkres with
 * potentials, 1-indexed as in the classic O(n^2 m) formulation); leaves the
 * column potentials in v[1..m] (all <= 0). a is n x m, row-major, 0-indexed. */
static void hungarian(int n, int m, const double *a, double *u, double *v, int *p, int *way,
                      double *minv, unsigned char *used)
{
    for (int j = 0; j <= m; j++) {
        v[j] = 0;
        p[j] = 0;
    }
    for (int i = 0; i <= n; i++)
        u[i] = 0;
    for (int i = 1; i <= n; i++) {
        p[0] = i;
        int j0 = 0;
        for (int j = 0; j <= m; j++) {
            minv[j] = HUGE_VAL;
            used[j] = 0;
        }
        do {
            used[j0] = 1;
            int i0 = p[j0], j1 = 0;
            double delta = HUGE_VAL;
            for (int j = 1; j <= m; j++)
                if (!used[j]) {
                    double cur = a[(size_t)(i0 - 1) * (size_t)m + (size_t)(j - 1)] - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            for (int j = 0; j <= m; j++)
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            int j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
}

/* Block coordinate descent on L. For one participant v, with every other
 * multiplier fixed, L in μ_{v,·} is Σ_t μ_{v,t} + Σ_{m∋v} max(0, max_t c_{m,t} −
 * μ_{v,t}): the dual of assigning v's slots to v's meetings with values
 * c_{m,t}, so the slot prices of an optimal assignment minimise it (an
 * O(S² (deg + S)) Hungarian step per participant). λ_t, with
 * the rest fixed, is minimised at the (tables_t + 1)-th largest margin
 * (value at t minus the best elsewhere). L never increases. */
void sched_bound_descent(const sched_state *st, sched_bound *b, int sweeps, const sched_clock *c)
{
    int S = st->S, maxdeg = 0;
    residual rs;
    residual_build(st, &rs);
    ensure_multipliers(st, b);
    for (int v = 0; v < st->P; v++)
        if (st->adj_start[v + 1] - st->adj_start[v] > maxdeg)
            maxdeg = st->adj_start[v + 1] - st->adj_start[v];
    size_t cols = 2 * (size_t)S + (size_t)maxdeg + 1;
    double *a = qiao_malloc(sizeof(double) * ((size_t)S * cols + 1));
    double *u = qiao_malloc(sizeof(double) * ((size_t)S + 2));
    double *pv = qiao_malloc(sizeof(double) * (cols + 2));
    double *minv = qiao_malloc(sizeof(double) * (cols + 2));
    int *p = qiao_malloc(sizeof(int) * (cols + 2));
    int *way = qiao_malloc(sizeof(int) * (cols + 2));
    unsigned char *used = qiao_malloc(cols + 2);
    int *rows = qiao_malloc(sizeof(int) * ((size_t)maxdeg + 1));
    double *d = qiao_malloc(sizeof(double) * ((size_t)st->M + 1));
    top2 *tops = qiao_malloc(sizeof(top2) * ((size_t)st->M + 1));
    unsigned char *dirty = qiao_malloc((size_t)st->P + 1);
    double old[SCHED_MAX_SLOTS];
    memset(dirty, 1, (size_t)st->P + 1);
    double prev = lagrangian_value(st, &rs, b);
    if (prev < b->lagrangian)
        b->lagrangian = prev;
    for (int sw = 0; sw < sweeps && !sched_clock_out(c); sw++) {
        for (int v = 0; v < st->P; v++) {
            /* Rows: v's free slots; columns: v's open meetings, then S + 1
             * empty-slot columns of cost 0 (one stays unmatched, so every
             * row potential is <= 0 and the slot prices -u are >= 0).
             * Its inputs are the other parties' μ and λ: when none changed
             * since v was last solved, the answer would be the same. */
            if (!dirty[v])
                continue;
            dirty[v] = 0;
            double *mu = b->mu + (size_t)v * (size_t)S;
            memcpy(old, mu, sizeof(double) * (size_t)S);
            int n = 0, ns = 0, slots[SCHED_MAX_SLOTS];
            for (int k = st->adj_start[v]; k < st->adj_start[v + 1]; k++)
                if (!st->pinned[st->adj[k]] && !slots_empty(&rs.r[st->adj[k]]))
                    rows[n++] = st->adj[k];
            for (int t = 0; t < S; t++) {
                mu[t] = 0;
                if (n > 0 && rs.free_vt[(size_t)v * (size_t)S + (size_t)t])
                    slots[ns++] = t;
            }
            if (n > 0 && ns > 0) {
                int m = n + ns + 1;
                for (int i = 0; i < ns; i++)
                    for (int j = 0; j < m; j++) {
                        double cost = 0;
                        if (j < n)
                            cost = sched_slots_has(&rs.r[rows[j]], slots[i]) ? -mval(st, b, rows[j], slots[i]) : 1e9;
                        a[(size_t)i * (size_t)m + (size_t)j] = cost;
                    }
                hungarian(ns, m, a, u, pv, p, way, minv, used);
                for (int i = 0; i < ns; i++)
                    mu[slots[i]] = u[i + 1] < 0 ? -u[i + 1] : 0;
            }
            if (memcmp(old, mu, sizeof(double) * (size_t)S) != 0)
                for (int k = st->adj_start[v]; k < st->adj_start[v + 1]; k++)
                    dirty[st_other(st, st->adj[k], v)] = 1;
        }
        for (int m = 0; m < st->M; m++)
            if (!st->pinned[m])
                top2_build(st, &rs, b, m, &tops[m]);
        for (int t = 0; t < S; t++) {
            int n = 0;
            for (int m = 0; m < st->M; m++)
                if (!st->pinned[m] && sched_slots_has(&rs.r[m], t))
                    d[n++] = mval(st, b, m, t) + b->lambda[t] - top2_other(&tops[m], t);
            double l = 0;
            if (n > rs.tables[t]) {
                double k = kth_largest(d, n, rs.tables[t]);
                l = k > 0 ? k : 0;
            }
            if (l == b->lambda[t])
                continue;
            b->lambda[t] = l;
            memset(dirty, 1, (size_t)st->P);
            for (int m = 0; m < st->M; m++)
                if (!st->pinned[m] && sched_slots_has(&rs.r[m], t))
                    top2_update(st, &rs, b, m, t, mval(st, b, m, t), &tops[m]);
        }
        double L = lagrangian_value(st, &rs, b);
        if (L < b->lagrangian)
            b->lagrangian = L;
        if (prev - L < 1e-6 * (1 + fabs(L)))
            break;
        prev = L;
    }
    free(a);
    free(u);
    free(pv);
    free(minv);
    free(p);
    free(way);
    free(used);
    free(rows);
    free(d);
    free(tops);
    free(dirty);
    residual_free(&rs);
}

/* st->bestm: each unpinned meeting's best LP margin (at least 0) over the
 * slots where neither party has a pinned meeting and the pinned ones leave
 * a table — the same residual problem the bound was computed on. */
void sched_best_margins(sched_state *st)
{
    int *npinned = qiao_calloc((size_t)st->S + 1, sizeof(int));
    st->bestm = qiao_calloc((size_t)st->M + 1, sizeof(double));
    for (int m = 0; m < st->M; m++)
        if (st->pinned[m])
            npinned[st->slot[m]]++;
    for (int m = 0; m < st->M; m++) {
        if (st->pinned[m])
            continue;
        const sched_meeting *mm = &st->in->meetings[m];
        double b = 0;
        for (int t = 0; t < st->S; t++) {
            int ea = st_busy(st, mm->a, t), eb = st_busy(st, mm->b, t);
            if (!sched_slots_has(&st->common[m], t) || npinned[t] >= st->T ||
                (ea != SCHED_NONE && st->pinned[ea]) || (eb != SCHED_NONE && st->pinned[eb]))
                continue;
            if (sched_margin(st, m, t) > b)
                b = sched_margin(st, m, t);
        }
        st->bestm[m] = b;
    }
    free(npinned);
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
