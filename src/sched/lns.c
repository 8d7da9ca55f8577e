/* sched/lns.c — large-neighbourhood search and idle-slot polishing.
 *
 * One LNS iteration frees the schedules of a few participants (2–6, grown
 * from an unscheduled request or a participant with idle slots along their
 * meetings), then re-inserts the freed and the still-unscheduled requests of
 * those participants by a depth-first search with a node limit (exact for
 * small neighbourhoods), keeping the result only if it is no worse:
 * more weight, or the same weight and no more idle slots. With LP prices the
 * search is pruned by the loss (internal.h): a partial assignment that
 * already loses more than the best found allows is cut. While the weight is
 * below the bound every other iteration is an exact repair (repair.c).
 *
 * sched_search strings the phases together: gap descent (gaps.c), weight
 * LNS (on small instances alternating with the exact search, exact.c),
 * rounds of gap descent and LNS, polish. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

#define LNS_KMAX 6
#define LNS_CMAX 40
#define LNS_NODES 2000
#define EXACT_CHUNK 1000          /* LNS iterations between exact tries */
#define EXACT_NODES 200000        /* nodes per exact try */

typedef struct dfs {
    sched_state *st;
    int n;
    int cand[LNS_CMAX];
    long rem[LNS_CMAX + 1];       /* weight of cand[i..] */
    int cur[LNS_CMAX], best[LNS_CMAX];
    int aff[2 * LNS_CMAX], naff;  /* participants whose gaps count */
    long w, bestw, bestg;
    long nodes;
    int took;                     /* best differs from the start */
    /* Loss pruning (with LP prices): the neighbourhood's weight plus its
     * loss is a constant K, so a partial assignment whose loss already
     * exceeds K - bestw cannot reach bestw. */
    int prices;
    int ends[LNS_CMAX][2];        /* aff index of each candidate's parties */
    int und[2 * LNS_CMAX];        /* undecided candidates per aff participant */
    double K, loss;               /* loss: rc of decided + μ of settled participants */
    int *pidx;                    /* P: aff index of a participant */
} dfs;

double sched_free_mu(const sched_state *st, int v)
{
    const double *mu = st->mu + (size_t)v * (size_t)st->S;
    const int *row = st->busy + (size_t)v * (size_t)st->S;
    double s = 0;
    for (int t = 0; t < st->S; t++)
        if (row[t] == SCHED_NONE)
            s += mu[t];
    return s;
}

/* Candidate i is decided (dir = 1) or undecided again (dir = -1): the loss
 * of a participant with no undecided candidates left is final. */
static void settle(dfs *d, int i, int dir)
{
    if (!d->prices)
        return;
    for (int j = 0; j < 2; j++) {
        int k = d->ends[i][j];
        if (dir > 0 && --d->und[k] == 0)
            d->loss += sched_free_mu(d->st, d->aff[k]);
        else if (dir < 0 && d->und[k]++ == 0)
            d->loss -= sched_free_mu(d->st, d->aff[k]);
    }
}

static int loss_ok(const dfs *d)
{
    return !d->prices || d->loss <= d->K - (double)d->bestw + 1e-7;
}

static long aff_gaps(const dfs *d)
{
    long g = 0;
    for (int i = 0; i < d->naff; i++)
        g += sched_gaps_of(d->st, d->aff[i]);
    return g;
}

static void dfs_run(dfs *d, int i)
{
    sched_state *st = d->st;
    if (++d->nodes > LNS_NODES)
        return;
    if (i == d->n) {
        if (d->w < d->bestw)
            return;
        long g = aff_gaps(d);
        if (d->w > d->bestw || g < d->bestg || (g == d->bestg && !d->took)) {
            d->bestw = d->w;
            d->bestg = g;
            d->took = 1;
            memcpy(d->best, d->cur, sizeof(int) * (size_t)d->n);
        }
        return;
    }
    if (d->w + d->rem[i] < d->bestw)
        return;
    int m = d->cand[i];
    const sched_meeting *mm = &st->in->meetings[m];
    int ts[SCHED_MAX_SLOTS], nt = 0;
    double sc[SCHED_MAX_SLOTS];
    for (int t = 0; t < st->S; t++) {
        if (!st_fits(st, m, t))
            continue;
        double s = st->mu ? 8 * sched_margin(st, m, t) : 0;
        if (t > 0)
            s += (st_busy(st, mm->a, t - 1) != SCHED_NONE) + (st_busy(st, mm->b, t - 1) != SCHED_NONE);
        if (t + 1 < st->S)
            s += (st_busy(st, mm->a, t + 1) != SCHED_NONE) + (st_busy(st, mm->b, t + 1) != SCHED_NONE);
        int j = nt++;
        while (j > 0 && sc[j - 1] < s) {   /* most neighbours first, stable */
            ts[j] = ts[j - 1];
            sc[j] = sc[j - 1];
            j--;
        }
        ts[j] = t;
        sc[j] = s;
    }
    for (int k = 0; k < nt && d->nodes <= LNS_NODES; k++) {
        double rc = d->prices ? sched_rc(st, m, ts[k]) : 0;
        sched_place(st, m, ts[k]);
        d->cur[i] = ts[k];
        d->w += mm->priority;
        d->loss += rc;
        settle(d, i, 1);
        if (loss_ok(d))
            dfs_run(d, i + 1);
        settle(d, i, -1);
        d->loss -= rc;
        d->w -= mm->priority;
        sched_unplace(st, m);
    }
    double rc = d->prices ? sched_rc(st, m, SCHED_NONE) : 0;
    d->cur[i] = SCHED_NONE;
    d->loss += rc;
    settle(d, i, 1);
    if (loss_ok(d))
        dfs_run(d, i + 1);
    settle(d, i, -1);
    d->loss -= rc;
}

static int cmp_cand(const void *x, const void *y)
{
    const long *a = x, *b = y;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* Picks the participants to free; returns how many (into v). */
static int pick(sched_state *st, int *v)
{
    int n = 0, k = 2 + (int)(sched_rand(st) % (LNS_KMAX - 1));
    st->stamp++;
    if (sched_rand(st) % 100 < 70) {
        for (int tries = 0; tries < 16; tries++) {
            int m = (int)(sched_rand(st) % (uint64_t)st->M);
            if (st->slot[m] == SCHED_NONE && !st->pinned[m]) {
                const sched_slots *c = &st->common[m];
                int any = 0;
                for (int w = 0; w < SCHED_SLOT_WORDS; w++)
                    any |= c->w[w] != 0;
                if (!any)
                    continue;
                v[n++] = st->in->meetings[m].a;
                v[n++] = st->in->meetings[m].b;
                break;
            }
        }
    }
    if (n == 0) {
        int bestv = (int)(sched_rand(st) % (uint64_t)st->P);
        long bestg = sched_gaps_of(st, bestv);
        for (int tries = 0; tries < 3; tries++) {
            int u = (int)(sched_rand(st) % (uint64_t)st->P);
            long g = sched_gaps_of(st, u);
            if (g > bestg) {
                bestg = g;
                bestv = u;
            }
        }
        v[n++] = bestv;
    }
    for (int i = 0; i < n; i++)
        st->mark[v[i]] = st->stamp;
    for (int tries = 0; n < k && tries < 4 * k; tries++) {
        int u = v[sched_rand(st) % (uint64_t)n];
        int deg = st->adj_start[u + 1] - st->adj_start[u];
        if (deg == 0)
            continue;
        int m = st->adj[st->adj_start[u] + (int)(sched_rand(st) % (uint64_t)deg)];
        int o = st_other(st, m, u);
        if (st->mark[o] == st->stamp)
            continue;
        st->mark[o] = st->stamp;
        v[n++] = o;
    }
    return n;
}

static long total_gaps(const sched_state *st)
{
    long g = 0;
    for (int v = 0; v < st->P; v++)
        g += sched_gaps_of(st, v);
    return g;
}

long sched_lns(sched_state *st, long max_iter, long stall, long bound, int until_bound,
               const sched_clock *c, const char **why)
{
    dfs *d = qiao_calloc(1, sizeof *d);
    d->pidx = qiao_calloc((size_t)st->P + 1, sizeof(int));
    sched_repair *rep = sched_repair_new(st, 0);
    long gaps = total_gaps(st), it = 0, last = 0;
    int v[LNS_KMAX + 2];
    long key[LNS_CMAX][2];
    *why = "iterations";
    while (st->M > 0 && st->P > 0) {
        if (st->weight >= bound && (gaps == 0 || until_bound)) {
            *why = "optimal";
            break;
        }
        if (it >= max_iter || it - last > stall)
            break;
        if ((it & 31) == 0 && sched_clock_out(c)) {
            *why = "time";
            break;
        }
        it++;
        if (st->weight < bound && st->bestm && (it & 1)) {
            if (sched_repair_try(rep)) {
                last = it;
                gaps = total_gaps(st);
            }
            continue;
        }
        int nv = pick(st, v);
        /* Candidates: the unpinned requests of the chosen participants. */
        d->st = st;
        d->n = 0;
        d->naff = 0;
        st->stamp++;
        for (int i = 0; i < nv; i++)
            for (int k = st->adj_start[v[i]]; k < st->adj_start[v[i] + 1] && d->n < LNS_CMAX; k++) {
                int m = st->adj[k];
                if (st->pinned[m] || st->mmark[m] == st->stamp)
                    continue;
                st->mmark[m] = st->stamp;
                d->cand[d->n++] = m;
            }
        long w0 = 0;
        for (int i = 0; i < d->n; i++) {
            const sched_meeting *mm = &st->in->meetings[d->cand[i]];
            int ends[2] = {mm->a, mm->b};
            for (int j = 0; j < 2; j++)
                if (st->mark[ends[j]] != st->stamp) {
                    st->mark[ends[j]] = st->stamp;
                    d->aff[d->naff++] = ends[j];
                }
            d->best[i] = st->slot[d->cand[i]];
            if (d->best[i] != SCHED_NONE)
                w0 += mm->priority;
        }
        long g0 = aff_gaps(d);
        d->prices = st->bestm != NULL;
        if (d->prices) {
            double loss0 = 0;
            for (int i = 0; i < d->n; i++)
                loss0 += sched_rc(st, d->cand[i], st->slot[d->cand[i]]);
            for (int k = 0; k < d->naff; k++)
                loss0 += sched_free_mu(st, d->aff[k]);
            for (int t = 0; t < st->S; t++)
                loss0 += st->lambda[t] * (st->T - st->used[t]);
            d->K = (double)w0 + loss0;
        }
        for (int i = 0; i < d->n; i++)
            if (st->slot[d->cand[i]] != SCHED_NONE)
                sched_unplace(st, d->cand[i]);
        /* Heaviest first, then the fewest open slots, ties at random. */
        for (int i = 0; i < d->n; i++) {
            int m = d->cand[i], opts = 0;
            for (int t = 0; t < st->S; t++)
                opts += st_fits(st, m, t);
            long mg = 0;   /* the LP margin, when known, orders first */
            if (st->mu) {
                double best = -4;
                for (int t = 0; t < st->S; t++)
                    if (sched_slots_has(&st->common[m], t) && sched_margin(st, m, t) > best)
                        best = sched_margin(st, m, t);
                mg = (long)((4 - best) * 64);
            }
            key[i][0] = (mg << 44) | ((long)(3 - st->in->meetings[m].priority) << 40) |
                        ((long)opts << 32) | (long)(sched_rand(st) & 0xffff);
            key[i][1] = i;
        }
        qsort(key, (size_t)d->n, sizeof key[0], cmp_cand);
        int order[LNS_CMAX], saved[LNS_CMAX];
        for (int i = 0; i < d->n; i++) {
            order[i] = d->cand[key[i][1]];
            saved[i] = d->best[key[i][1]];
        }
        memcpy(d->cand, order, sizeof(int) * (size_t)d->n);
        memcpy(d->best, saved, sizeof(int) * (size_t)d->n);
        if (d->prices) {
            for (int k = 0; k < d->naff; k++) {
                d->und[k] = 0;
                d->pidx[d->aff[k]] = k;
            }
            for (int i = 0; i < d->n; i++) {
                const sched_meeting *mm = &st->in->meetings[d->cand[i]];
                d->ends[i][0] = d->pidx[mm->a];
                d->ends[i][1] = d->pidx[mm->b];
                d->und[d->ends[i][0]]++;
                d->und[d->ends[i][1]]++;
            }
            d->loss = 0;   /* λ terms (>= 0) are left out: a lower bound */
        }
        d->rem[d->n] = 0;
        for (int i = d->n - 1; i >= 0; i--)
            d->rem[i] = d->rem[i + 1] + st->in->meetings[d->cand[i]].priority;
        d->w = 0;   /* weight of the candidates placed so far */
        d->bestw = w0;
        d->bestg = g0;
        d->nodes = 0;
        d->took = 0;
        dfs_run(d, 0);
        for (int i = 0; i < d->n; i++)
            if (d->best[i] != SCHED_NONE)
                sched_place(st, d->cand[i], d->best[i]);
        if (d->bestw > w0 || d->bestg < g0)
            last = it;
        gaps += d->bestg - g0;
    }
    free(d->pidx);
    free(d);
    sched_repair_free(rep);
    return it;
}

/* The search after the greedy start: a gap descent (30% of the clock at
 * most); the LNS for weight
 * (85% of the clock) while the weight is below the bound; then rounds of
 * gap descent and LNS until the clock, the iteration budget, three rounds
 * without progress, or weight = bound with no idle slots; a last polish. */
long sched_search(sched_state *st, long bound, long max_iter, const sched_clock *clk,
                  const char **why)
{
    sched_clock lclk = *clk, dclk = *clk;
    if (lclk.limit_ms > 0) {
        lclk.limit_ms *= 0.85;
        dclk.limit_ms *= 0.3;
    }
    long it = 0, chunk = 20L * st->S + 200;
    *why = "iterations";
    sched_gaps_descent(st, &dclk);
    /* Weight. On small instances (<= 1,000 requests) the exact search
     * (exact.c) for a timetable at the bound comes first, then alternates
     * with chunks of LNS: after a chunk that raised the weight (it guides
     * the search) and after every fourth chunk otherwise. exact.c declines
     * large instances it would have to scan node by node. */
    int prices = st->bestm && isfinite(st->lag), small = prices && st->M <= 1000;
    if (small && st->weight < bound) {   /* the first try is the longest: up to half the clock */
        sched_clock hclk = *clk;
        if (hclk.limit_ms > 0)
            hclk.limit_ms *= 0.5;
        sched_exact(st, st->lag, bound, 3 * EXACT_NODES, &hclk);
    }
    if (prices && !small && st->weight < bound) {
        /* Large: the LNS alone usually gets to the bound; where it stalls
         * (until 60% of the clock), one exact try guided by its result. */
        sched_clock mclk = *clk;
        if (mclk.limit_ms > 0)
            mclk.limit_ms *= 0.6;
        it += sched_lns(st, max_iter, max_iter, bound, 1, &mclk, why);
        if (st->weight < bound)
            sched_exact(st, st->lag, bound, EXACT_NODES, &lclk);
    }
    long tried = st->weight;
    int since = 0;
    while (st->weight < bound && it < max_iter && !sched_clock_out(&lclk)) {
        long n = small ? (max_iter - it < EXACT_CHUNK ? max_iter - it : EXACT_CHUNK) : max_iter - it;
        it += sched_lns(st, n, n, bound, 1, &lclk, why);
        if (!small || st->weight >= bound)
            break;
        if (st->weight > tried || ++since >= 4) {
            tried = st->weight;
            since = 0;
            sched_exact(st, st->lag, bound, EXACT_NODES, &lclk);
        }
    }
    long gaps = sched_count_gaps(st->in, st->slot);
    for (int idle = 0; idle < 3;) {
        if (st->weight >= bound && gaps == 0) {
            *why = "optimal";
            break;
        }
        if (sched_clock_out(clk) || it >= max_iter) {
            *why = sched_clock_out(clk) ? "time" : "iterations";
            break;
        }
        long w0 = st->weight, g0 = gaps;
        sched_gaps_descent(st, clk);
        long n = max_iter - it < chunk ? max_iter - it : chunk;
        it += sched_lns(st, n, n, bound, 0, clk, why);
        sched_gaps_descent(st, clk);
        gaps = sched_count_gaps(st->in, st->slot);
        idle = st->weight > w0 || gaps < g0 ? 0 : idle + 1;
    }
    sched_polish(st, clk);
    sched_gaps_descent(st, clk);
    if (st->weight >= bound && sched_count_gaps(st->in, st->slot) == 0)
        *why = "optimal";
    else if (sched_clock_out(clk))
        *why = "time";
    return it;
}

/* Moves single meetings to slots that cut their parties' idle slots, and
 * swaps the slots of two meetings of one participant. */
static int polish_moves(sched_state *st)
{
    int improved = 0;
    for (int m = 0; m < st->M; m++) {
        if (st->pinned[m] || st->slot[m] == SCHED_NONE)
            continue;
        const sched_meeting *mm = &st->in->meetings[m];
        int s = st->slot[m], best = s;
        sched_unplace(st, m);
        long cur = sched_gaps_delta(st, mm->a, s, 1) + sched_gaps_delta(st, mm->b, s, 1);
        for (int t = 0; t < st->S; t++) {
            if (t == s || !st_fits(st, m, t))
                continue;
            long d = sched_gaps_delta(st, mm->a, t, 1) + sched_gaps_delta(st, mm->b, t, 1);
            if (d < cur) {
                cur = d;
                best = t;
            }
        }
        sched_place(st, m, best);
        improved |= best != s;
    }
    for (int v = 0; v < st->P; v++) {
        for (int i = st->adj_start[v]; i < st->adj_start[v + 1]; i++) {
            int m1 = st->adj[i];
            if (st->pinned[m1] || st->slot[m1] == SCHED_NONE)
                continue;
            for (int j = i + 1; j < st->adj_start[v + 1]; j++) {
                int m2 = st->adj[j];
                if (st->pinned[m2] || st->slot[m2] == SCHED_NONE)
                    continue;
                int s = st->slot[m1], t = st->slot[m2];
                int p1 = st_other(st, m1, v), p2 = st_other(st, m2, v);
                if (!sched_slots_has(&st->common[m1], t) || !sched_slots_has(&st->common[m2], s) ||
                    st_busy(st, p1, t) != SCHED_NONE || st_busy(st, p2, s) != SCHED_NONE)
                    continue;
                long before = sched_gaps_of(st, p1) + sched_gaps_of(st, p2);
                sched_unplace(st, m1);
                sched_unplace(st, m2);
                sched_place(st, m1, t);
                sched_place(st, m2, s);
                if (sched_gaps_of(st, p1) + sched_gaps_of(st, p2) < before) {
                    improved = 1;
                    continue;
                }
                sched_unplace(st, m1);
                sched_unplace(st, m2);
                sched_place(st, m1, s);
                sched_place(st, m2, t);
            }
        }
    }
    return improved;
}

void sched_polish(sched_state *st, const sched_clock *c)
{
    for (int pass = 0; pass < 20 && !sched_clock_out(c); pass++)
        if (!polish_moves(st))
            break;
}
