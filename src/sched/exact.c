/* sched/exact.c — an exact search for a timetable that reaches a target
 * weight, guided and pruned by the LP prices.
 *
 * With the Lagrangian multipliers (μ, λ) of the bound, the weight of any
 * timetable is L − loss, loss = Σ_m rc(m) + Σ_{v,t free} μ_{v,t} +
 * Σ_t λ_t · (free tables in t), every term >= 0 (internal.h). A timetable of
 * weight >= target therefore loses at most budget = L − target; when the
 * bound is reached (budget < 1) nearly everything is decided by the prices:
 * each meeting sits in a slot of (near) zero reduced cost, each priced
 * (participant, slot) cell is busy, each priced meeting is scheduled.
 *
 * That is an exact-cover problem, searched in the manner of Knuth's
 * Algorithm X with costs: items are the meetings (cost bestm) and the cells
 * (cost μ); options are (meeting, slot) pairs of reduced cost <= budget,
 * each covering its meeting and its two parties' cells in that slot; a slot
 * with all its tables taken kills its remaining options. Every item may be
 * covered at most once; an item may be left uncovered by paying its cost.
 * Branch on the open item that must be covered (cost above what is left of
 * the budget) with the fewest live options, else on the dearest open item
 * (cover it, or give it up and pay). Items left without live options are
 * paid at once (a lower bound on the loss). Live-option counts are kept
 * incrementally (a row is dead while any of its items is closed), so a node
 * costs a scan of the priced items, not of the timetable. Values are tried
 * by reduced cost, the preferred slot first: the incumbent's, then the one
 * tried last (phase saving); runs restart every M + EXACT_RESTART nodes
 * (just over one dive) with fresh random tie-breaks, so that successive
 * dives act as a local search around the last one — a growing restart limit
 * thrashes near the leaves instead. At a leaf the remaining meetings are
 * inserted greedily and the weight checked against the target.
 *
 * Pinned meetings stay where they are; nothing is changed unless the target
 * is reached. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

#define EPS 1e-7
#define EXACT_RESTART 300   /* nodes per restart beyond one dive (M) */
#define EXACT_SCAN_MAX 1000  /* the scanning search up to this many requests */


typedef struct exact {
    sched_state *st;
    int nitems, nrows;
    double *cost;           /* item: bestm (meeting) or μ (cell) */
    unsigned char *closed;  /* item: covered or given up */
    int *live;              /* item: rows alive */
    int *istart, *irows;    /* item -> rows (CSR) */
    int *tstart, *trows;    /* slot -> rows (CSR) */
    int *rm, *rt, *dead;    /* row: meeting, slot, reasons it is dead */
    double *rrc;            /* row: reduced cost */
    int *priced, npriced;   /* items with cost > EPS */
    /* Hard items (cost > budget: never to be given up) that are open, in
     * doubly-linked buckets by live count; with no soft priced item (cost
     * in (0, budget]) a node picks from them without a scan. */
    unsigned char *hard;
    int *bnext, *bprev, *bhead, nbuckets, nsoft;
    int *inc;               /* M: preferred slot: the incumbent's, then the last tried */
    int *orig;              /* M: the incumbent's slot */
    int *stack, nstack;     /* rows chosen, for the leaf */
    int *leaf;              /* meetings the leaf inserted */
    int (*obuf);            /* per depth: options (rows), nrows at most */
    size_t ocap;
    double budget;
    long target, nodes, limit, total;
    int depth;
    const sched_clock *clk;
    int timeout;
} exact;

static int cell(const exact *X, int v, int t)
{
    return X->st->M + v * X->st->S + t;
}

static void bucket_out(exact *X, int i)
{
    if (X->bprev[i] >= 0)
        X->bnext[X->bprev[i]] = X->bnext[i];
    else
        X->bhead[X->live[i]] = X->bnext[i];
    if (X->bnext[i] >= 0)
        X->bprev[X->bnext[i]] = X->bprev[i];
}

static void bucket_in(exact *X, int i)
{
    int h = X->bhead[X->live[i]];
    X->bprev[i] = -1;
    X->bnext[i] = h;
    if (h >= 0)
        X->bprev[h] = i;
    X->bhead[X->live[i]] = i;
}

/* live[i] += d, keeping an open hard item in its bucket. */
static void live_add(exact *X, int i, int d)
{
    int b = X->hard[i] && !X->closed[i];
    if (b)
        bucket_out(X, i);
    X->live[i] += d;
    if (b)
        bucket_in(X, i);
}

static void kill_row(exact *X, int r)
{
    if (X->dead[r]++ == 0) {
        const sched_meeting *mm = &X->st->in->meetings[X->rm[r]];
        live_add(X, X->rm[r], -1);
        live_add(X, cell(X, mm->a, X->rt[r]), -1);
        live_add(X, cell(X, mm->b, X->rt[r]), -1);
    }
}

static void revive_row(exact *X, int r)
{
    if (--X->dead[r] == 0) {
        const sched_meeting *mm = &X->st->in->meetings[X->rm[r]];
        live_add(X, X->rm[r], 1);
        live_add(X, cell(X, mm->a, X->rt[r]), 1);
        live_add(X, cell(X, mm->b, X->rt[r]), 1);
    }
}

static void close_item(exact *X, int i)
{
    if (X->hard[i])
        bucket_out(X, i);
    X->closed[i] = 1;
    for (int k = X->istart[i]; k < X->istart[i + 1]; k++)
        kill_row(X, X->irows[k]);
}

static void open_item(exact *X, int i)
{
    for (int k = X->istart[i + 1] - 1; k >= X->istart[i]; k--)
        revive_row(X, X->irows[k]);
    X->closed[i] = 0;
    if (X->hard[i])
        bucket_in(X, i);
}

/* Takes row r: places its meeting, closes its three items; returns whether
 * the slot became full (its rows killed). */
static int take(exact *X, int r)
{
    sched_state *st = X->st;
    int m = X->rm[r], t = X->rt[r];
    const sched_meeting *mm = &st->in->meetings[m];
    close_item(X, m);
    close_item(X, cell(X, mm->a, t));
    close_item(X, cell(X, mm->b, t));
    sched_place(st, m, t);
    X->inc[m] = t;   /* phase saving: the next dive tries it first */
    X->stack[X->nstack++] = r;
    if (st->used[t] < st->T)
        return 0;
    for (int k = X->tstart[t]; k < X->tstart[t + 1]; k++)
        kill_row(X, X->trows[k]);
    return 1;
}

static void untake(exact *X, int r, int full)
{
    sched_state *st = X->st;
    int m = X->rm[r], t = X->rt[r];
    const sched_meeting *mm = &st->in->meetings[m];
    if (full)
        for (int k = X->tstart[t + 1] - 1; k >= X->tstart[t]; k--)
            revive_row(X, X->trows[k]);
    X->nstack--;
    sched_unplace(st, m);
    open_item(X, cell(X, mm->b, t));
    open_item(X, cell(X, mm->a, t));
    open_item(X, m);
}

/* The rest of the meetings greedily (fits, least reduced cost); keeps them
 * and returns 1 if the target is reached, else undoes. */
static int leaf(exact *X)
{
    sched_state *st = X->st;
    int n = 0;
    for (int m = 0; m < st->M; m++) {
        if (st->pinned[m] || st->slot[m] != SCHED_NONE)
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
            X->leaf[n++] = m;
        }
    }
    if (st->weight >= X->target)
        return 1;
    while (n > 0)
        sched_unplace(st, X->leaf[--n]);
    return 0;
}

static int search(exact *X, double loss)
{
    sched_state *st = X->st;
    if (++X->nodes > X->limit)
        return 0;
    if ((X->nodes & 1023) == 0 && sched_clock_out(X->clk)) {
        X->timeout = 1;
        return 0;
    }
    int bi = -1, must = 0, bn = 1 << 30;
    double lb = 0, r = X->budget - loss;
    if (X->nsoft == 0) {
        /* Every priced item is hard: one without live rows fails; else the
         * fewest live rows (bucket order varies with the moves). */
        if (X->bhead[0] >= 0)
            return 0;
        for (int b = 1; b < X->nbuckets && bi < 0; b++)
            if (X->bhead[b] >= 0) {
                /* at random among the first few of the bucket */
                int k = (int)(sched_rand(st) % 8);
                bi = X->bhead[b];
                for (int j = 0; j < k && X->bnext[bi] >= 0; j++)
                    bi = X->bnext[bi];
                must = 1;
            }
        goto branch;
    }
    /* Open priced items without live rows are lost for good. */
    for (int k = 0; k < X->npriced; k++) {
        int i = X->priced[k];
        if (!X->closed[i] && X->live[i] == 0)
            lb += X->cost[i];
    }
    r = X->budget - loss - lb;
    if (r < -EPS)
        return 0;
    double bc = 0;
    uint64_t br = 0;
    for (int k = 0; k < X->npriced; k++) {
        int i = X->priced[k];
        if (X->closed[i] || X->live[i] == 0)
            continue;
        int ism = X->cost[i] > r + EPS;
        if (ism) {
            uint64_t rnd = sched_rand(st);
            if (!must || X->live[i] < bn || (X->live[i] == bn && rnd < br)) {
                must = 1;
                bn = X->live[i];
                bi = i;
                br = rnd;
                if (bn == 1)
                    break;
            }
        } else if (!must && X->cost[i] > bc) {
            bc = X->cost[i];
            bi = i;
        }
    }
branch:
    if (bi < 0)
        return leaf(X);
    /* Options: live rows of the item within the budget, by reduced cost,
     * the incumbent's slot first, ties at random. */
    int *o = X->obuf + (size_t)X->depth * X->ocap, no = 0;
    for (int k = X->istart[bi]; k < X->istart[bi + 1]; k++) {
        int row = X->irows[k];
        if (X->dead[row] == 0 && X->rrc[row] <= r + EPS)
            o[no++] = row;
    }
    /* shuffle, then stable insertion sort */
    for (int a = no - 1; a > 0; a--) {
        int b = (int)(sched_rand(st) % (uint64_t)(a + 1)), x = o[a];
        o[a] = o[b];
        o[b] = x;
    }
    for (int a = 1; a < no; a++)
        for (int b = a; b > 0; b--) {
            int p = o[b - 1], q = o[b];
            double kp = X->rrc[p] - (X->inc[X->rm[p]] == X->rt[p] ? 1e-4 : 0);
            double kq = X->rrc[q] - (X->inc[X->rm[q]] == X->rt[q] ? 1e-4 : 0);
            if (kq >= kp)
                break;
            o[b - 1] = q;
            o[b] = p;
        }
    X->depth++;
    int ok = 0;
    for (int k = 0; k < no && !ok; k++) {
        int full = take(X, o[k]);
        ok = search(X, loss + X->rrc[o[k]]);
        if (!ok)
            untake(X, o[k], full);
        if (X->nodes > X->limit || X->timeout)
            break;
    }
    if (!ok && !must && X->nodes <= X->limit && !X->timeout) {
        close_item(X, bi);
        ok = search(X, loss + X->cost[bi]);
        if (!ok)
            open_item(X, bi);
    }
    X->depth--;
    return ok;
}

int sched_exact(sched_state *st, double L, long target, long max_nodes, const sched_clock *clk)
{
    if (!st->bestm || st->M == 0 || st->P == 0 || st->weight >= target)
        return 0;
    double budget = L - (double)target;
    if (budget < -1e-6)   /* L is floored with a 1e-6 tolerance in the bound */
        return 0;
    if (budget < 0)
        budget = 0;
    /* A priced item that may be given up (cost in (0, budget]) needs the
     * scan of every priced item per node: only on small instances. */
    if (st->M > EXACT_SCAN_MAX) {
        for (int m = 0; m < st->M; m++)
            if (!st->pinned[m] && st->bestm[m] > EPS && st->bestm[m] <= budget + EPS)
                return 0;
        for (size_t i = 0; i < (size_t)st->P * (size_t)st->S; i++)
            if (st->mu[i] > EPS && st->mu[i] <= budget + EPS)
                return 0;
    }
    exact X;
    memset(&X, 0, sizeof X);
    X.st = st;
    X.budget = budget;
    X.target = target;
    X.clk = clk;
    int M = st->M, S = st->S;
    X.nitems = M + st->P * S;
    X.cost = qiao_calloc((size_t)X.nitems + 1, sizeof(double));
    X.closed = qiao_calloc((size_t)X.nitems + 1, 1);
    X.live = qiao_calloc((size_t)X.nitems + 1, sizeof(int));
    X.istart = qiao_calloc((size_t)X.nitems + 2, sizeof(int));
    X.tstart = qiao_calloc((size_t)S + 2, sizeof(int));
    X.priced = qiao_malloc(sizeof(int) * ((size_t)X.nitems + 1));
    X.inc = qiao_malloc(sizeof(int) * ((size_t)M + 1));
    X.leaf = qiao_malloc(sizeof(int) * ((size_t)M + 1));
    X.stack = qiao_malloc(sizeof(int) * ((size_t)M + 1));
    X.orig = qiao_malloc(sizeof(int) * ((size_t)M + 1));
    memcpy(X.inc, st->slot, sizeof(int) * (size_t)M);
    memcpy(X.orig, st->slot, sizeof(int) * (size_t)M);
    for (int m = 0; m < M; m++)
        if (!st->pinned[m] && st->slot[m] != SCHED_NONE)
            sched_unplace(st, m);
    /* Rows: unpinned meetings in open slots within the budget. */
    size_t rcap = (size_t)M * (size_t)S + 1;
    X.rm = qiao_malloc(sizeof(int) * rcap);
    X.rt = qiao_malloc(sizeof(int) * rcap);
    X.rrc = qiao_malloc(sizeof(double) * rcap);
    X.dead = qiao_calloc(rcap, sizeof(int));
    for (int m = 0; m < M; m++) {
        if (st->pinned[m])
            continue;
        X.cost[m] = st->bestm[m];
        for (int t = 0; t < S; t++) {
            if (!st_fits(st, m, t) || sched_rc(st, m, t) > budget + EPS)
                continue;
            X.rm[X.nrows] = m;
            X.rt[X.nrows] = t;
            X.rrc[X.nrows++] = sched_rc(st, m, t) > 0 ? sched_rc(st, m, t) : 0;
        }
    }
    for (int v = 0; v < st->P; v++)
        for (int t = 0; t < S; t++)
            X.cost[cell(&X, v, t)] =
                st_busy(st, v, t) == SCHED_NONE && sched_slots_has(&st->in->participants[v].avail, t)
                    ? st->mu[(size_t)v * (size_t)S + (size_t)t]
                    : 0;
    for (int i = 0; i < X.nitems; i++)
        if (X.cost[i] > EPS)
            X.priced[X.npriced++] = i;
    /* Item and slot CSR. */
    for (int r = 0; r < X.nrows; r++) {
        const sched_meeting *mm = &st->in->meetings[X.rm[r]];
        X.istart[X.rm[r] + 1]++;
        X.istart[cell(&X, mm->a, X.rt[r]) + 1]++;
        X.istart[cell(&X, mm->b, X.rt[r]) + 1]++;
        X.tstart[X.rt[r] + 1]++;
    }
    for (int i = 0; i < X.nitems; i++)
        X.istart[i + 1] += X.istart[i];
    for (int t = 0; t < S; t++)
        X.tstart[t + 1] += X.tstart[t];
    X.irows = qiao_malloc(sizeof(int) * (3 * (size_t)X.nrows + 1));
    X.trows = qiao_malloc(sizeof(int) * ((size_t)X.nrows + 1));
    int *fi = qiao_malloc(sizeof(int) * ((size_t)X.nitems + 1));
    int *ft = qiao_malloc(sizeof(int) * ((size_t)S + 1));
    memcpy(fi, X.istart, sizeof(int) * (size_t)X.nitems);
    memcpy(ft, X.tstart, sizeof(int) * (size_t)S);
    for (int r = 0; r < X.nrows; r++) {
        const sched_meeting *mm = &st->in->meetings[X.rm[r]];
        X.irows[fi[X.rm[r]]++] = r;
        X.irows[fi[cell(&X, mm->a, X.rt[r])]++] = r;
        X.irows[fi[cell(&X, mm->b, X.rt[r])]++] = r;
        X.trows[ft[X.rt[r]]++] = r;
    }
    free(fi);
    free(ft);
    X.hard = qiao_calloc((size_t)X.nitems + 1, 1);
    X.bnext = qiao_malloc(sizeof(int) * ((size_t)X.nitems + 1));
    X.bprev = qiao_malloc(sizeof(int) * ((size_t)X.nitems + 1));
    X.nbuckets = 1;
    for (int i = 0; i < X.nitems; i++) {
        X.live[i] = X.istart[i + 1] - X.istart[i];
        if (X.live[i] + 1 > X.nbuckets)
            X.nbuckets = X.live[i] + 1;
    }
    X.bhead = qiao_malloc(sizeof(int) * (size_t)X.nbuckets);
    for (int b = 0; b < X.nbuckets; b++)
        X.bhead[b] = -1;
    for (int k = 0; k < X.npriced; k++) {
        int i = X.priced[k];
        X.hard[i] = X.cost[i] > budget + EPS;
        X.nsoft += !X.hard[i];
        if (X.hard[i])
            bucket_in(&X, i);
    }
    /* Cells taken by pinned meetings are closed (they have no rows). */
    int maxlen = 1;
    for (int i = 0; i < X.nitems; i++)
        if (X.istart[i + 1] - X.istart[i] > maxlen)
            maxlen = X.istart[i + 1] - X.istart[i];
    X.ocap = (size_t)maxlen;
    X.obuf = qiao_malloc(sizeof(int) * ((size_t)M + (size_t)X.npriced + 2) * X.ocap);
    int ok = 0;
    for (long lim = (long)M + EXACT_RESTART; !ok && !sched_clock_out(clk);) {
        X.limit = lim;
        X.nodes = 0;
        X.depth = 0;
        X.timeout = 0;
        ok = search(&X, 0);
        X.total += X.nodes;
        if (X.timeout || (!ok && X.nodes <= X.limit) || X.total >= max_nodes)
            break;   /* out of time, exhausted, or out of nodes */
    }
    if (!ok) {
        for (int m = 0; m < M; m++)
            if (!st->pinned[m] && st->slot[m] != SCHED_NONE)
                sched_unplace(st, m);
        for (int m = 0; m < M; m++)
            if (!st->pinned[m] && X.orig[m] != SCHED_NONE)
                sched_place(st, m, X.orig[m]);
    }
    free(X.hard);
    free(X.bnext);
    free(X.bprev);
    free(X.bhead);
    free(X.cost);
    free(X.closed);
    free(X.live);
    free(X.istart);
    free(X.tstart);
    free(X.priced);
    free(X.inc);
    free(X.orig);
    free(X.leaf);
    free(X.stack);
    free(X.rm);
    free(X.rt);
    free(X.rrc);
    free(X.dead);
    free(X.irows);
    free(X.trows);
    free(X.obuf);
    return ok;
}
