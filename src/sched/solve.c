/* sched/solve.c — sched_solve: state, greedy insertion, Kempe-chain repair,
 * table numbering and the reasons for unscheduled requests. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched/internal.h"

double sched_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

uint64_t sched_rand(sched_state *st)
{
    uint64_t x = st->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    st->rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

void sched_place(sched_state *st, int m, int t)
{
    const sched_meeting *mm = &st->in->meetings[m];
    st->busy[(size_t)mm->a * (size_t)st->S + (size_t)t] = m;
    st->busy[(size_t)mm->b * (size_t)st->S + (size_t)t] = m;
    st->members[(size_t)t * (size_t)st->cap + (size_t)st->used[t]] = m;
    st->pos[m] = st->used[t]++;
    st->slot[m] = t;
    st->weight += mm->priority;
    uint64_t bit = (uint64_t)1 << (t & 63);
    st->busyset[mm->a].w[t >> 6] |= bit;
    st->busyset[mm->b].w[t >> 6] |= bit;
    if (st->used[t] >= st->T)
        st->full.w[t >> 6] |= bit;
}

void sched_unplace(sched_state *st, int m)
{
    const sched_meeting *mm = &st->in->meetings[m];
    int t = st->slot[m];
    st->busy[(size_t)mm->a * (size_t)st->S + (size_t)t] = SCHED_NONE;
    st->busy[(size_t)mm->b * (size_t)st->S + (size_t)t] = SCHED_NONE;
    int *row = st->members + (size_t)t * (size_t)st->cap;
    int last = row[--st->used[t]];
    row[st->pos[m]] = last;
    st->pos[last] = st->pos[m];
    st->slot[m] = SCHED_NONE;
    st->weight -= mm->priority;
    uint64_t bit = (uint64_t)1 << (t & 63);
    st->busyset[mm->a].w[t >> 6] &= ~bit;
    st->busyset[mm->b].w[t >> 6] &= ~bit;
    st->full.w[t >> 6] &= ~bit;
}

long sched_gaps_of(const sched_state *st, int v)
{
    const int *row = st->busy + (size_t)v * (size_t)st->S;
    const sched_slots *av = &st->in->participants[v].avail;
    int first = -1, last = -1;
    for (int t = 0; t < st->S; t++)
        if (row[t] != SCHED_NONE) {
            if (first < 0)
                first = t;
            last = t;
        }
    long g = 0;
    for (int t = first + 1; first >= 0 && t < last; t++)
        if (row[t] == SCHED_NONE && sched_slots_has(av, t))
            g++;
    return g;
}

long sched_gaps_delta(const sched_state *st, int v, int t, int add)
{
    const int *row = st->busy + (size_t)v * (size_t)st->S;
    const sched_slots *av = &st->in->participants[v].avail;
    long before = 0, after = 0;
    int f0 = -1, l0 = -1, f1 = -1, l1 = -1;
    for (int u = 0; u < st->S; u++) {
        int b0 = row[u] != SCHED_NONE;
        int b1 = u == t ? add : b0;
        if (b0) {
            if (f0 < 0)
                f0 = u;
            l0 = u;
        }
        if (b1) {
            if (f1 < 0)
                f1 = u;
            l1 = u;
        }
    }
    for (int u = f0 + 1; f0 >= 0 && u < l0; u++)
        if (row[u] == SCHED_NONE && sched_slots_has(av, u))
            before++;
    for (int u = f1 + 1; f1 >= 0 && u < l1; u++) {
        int b1 = u == t ? add : row[u] != SCHED_NONE;
        if (!b1 && sched_slots_has(av, u))
            after++;
    }
    return after - before;
}

/* Swaps slots s and t along the alternating path that starts at y with its
 * s-meeting, so that y becomes free in s; then places m in s. x (m's other
 * party) must not be on the path. Returns 1 if done. */
static int kempe_path(sched_state *st, int m, int x, int y, int s, int t, int *path)
{
    int k = 0, cur = y, col = s;
    for (;;) {
        int e = st_busy(st, cur, col);
        if (e == SCHED_NONE)
            break;
        int next = st_other(st, e, cur);
        int ncol = col == s ? t : s;
        if (st->pinned[e] || next == x || !sched_slots_has(&st->common[e], ncol) || k >= st->M)
            return 0;
        path[k++] = e;
        cur = next;
        col = ncol;
    }
    int ns = st->used[s] - (k + 1) / 2 + k / 2 + 1;
    int nt = st->used[t] - k / 2 + (k + 1) / 2;
    if (ns > st->T || nt > st->T)
        return 0;
    for (int i = 0; i < k; i++)
        sched_unplace(st, path[i]);
    for (int i = 0; i < k; i++)
        sched_place(st, path[i], i % 2 == 0 ? t : s);
    sched_place(st, m, s);
    return 1;
}

static int kempe(sched_state *st, int m)
{
    const sched_meeting *mm = &st->in->meetings[m];
    int *path = qiao_malloc(sizeof(int) * ((size_t)st->M + 1));
    int done = 0;
    for (int orient = 0; orient < 2 && !done; orient++) {
        int x = orient ? mm->b : mm->a, y = orient ? mm->a : mm->b;
        const sched_slots *avy = &st->in->participants[y].avail;
        for (int s = 0; s < st->S && !done; s++) {
            if (!sched_slots_has(&st->common[m], s) || st_busy(st, x, s) != SCHED_NONE)
                continue;
            int e = st_busy(st, y, s);
            if (e == SCHED_NONE || st->pinned[e])
                continue;
            for (int t = 0; t < st->S && !done; t++)
                if (t != s && sched_slots_has(avy, t) && st_busy(st, y, t) == SCHED_NONE)
                    done = kempe_path(st, m, x, y, s, t, path);
        }
    }
    /* Both free but the tables are full: move one meeting out of the slot. */
    for (int s = 0; s < st->S && !done; s++) {
        if (!sched_slots_has(&st->common[m], s) || st_busy(st, mm->a, s) != SCHED_NONE ||
            st_busy(st, mm->b, s) != SCHED_NONE)
            continue;
        const int *row = st->members + (size_t)s * (size_t)st->cap;
        for (int i = 0; i < st->used[s] && !done; i++) {
            int e = row[i];
            if (st->pinned[e])
                continue;
            for (int t = 0; t < st->S; t++)
                if (t != s && st_fits(st, e, t)) {
                    sched_unplace(st, e);
                    sched_place(st, e, t);
                    sched_place(st, m, s);
                    done = 1;
                    break;
                }
        }
    }
    free(path);
    return done;
}

static int popcount_slots(const sched_slots *s)
{
    int n = 0;
    for (int i = 0; i < SCHED_SLOT_WORDS; i++)
        n += __builtin_popcountll(s->w[i]);
    return n;
}

int sched_insert(sched_state *st, int m, int use_kempe)
{
    const sched_meeting *mm = &st->in->meetings[m];
    double harm[SCHED_MAX_SLOTS];
    sched_slots mine = st_fits_set(st, m);
    for (int t = 0; t < st->S; t++)
        harm[t] = 0;
    if (popcount_slots(&mine) == 0)
        return use_kempe ? kempe(st, m) : 0;
    /* How much each slot would take from the other unplaced meetings of a and b. */
    int ends[2] = {mm->a, mm->b};
    for (int j = 0; j < 2; j++) {
        int v = ends[j];
        for (int k = st->adj_start[v]; k < st->adj_start[v + 1]; k++) {
            int n = st->adj[k];
            if (n == m || st->slot[n] != SCHED_NONE || (j == 1 && st_other(st, n, v) == mm->a))
                continue;
            sched_slots f = st_fits_set(st, n);
            int opts = popcount_slots(&f);
            if (opts == 0)
                continue;
            double h = (double)st->in->meetings[n].priority / opts;
            for (int w = 0; w < SCHED_SLOT_WORDS; w++)
                for (uint64_t x = f.w[w]; x; x &= x - 1)
                    harm[w * 64 + __builtin_ctzll(x)] += h;
        }
    }
    int best = SCHED_NONE;
    double bestscore = HUGE_VAL;
    for (int t = 0; t < st->S; t++) {
        if (!sched_slots_has(&mine, t))
            continue;
        double score = harm[t] + 0.1 * (double)(sched_gaps_delta(st, mm->a, t, 1) +
                                                sched_gaps_delta(st, mm->b, t, 1)) +
                       1e-6 * (double)(sched_rand(st) & 1023);
        if (score < bestscore) {
            bestscore = score;
            best = t;
        }
    }
    sched_place(st, m, best);
    return 1;
}

typedef struct order_key {
    int m, w, ncommon;
    double pressure;
    uint64_t r;
} order_key;

static int cmp_order(const void *x, const void *y)
{
    const order_key *a = x, *b = y;
    if (a->w != b->w)
        return b->w - a->w;
    if (a->ncommon != b->ncommon)
        return a->ncommon - b->ncommon;
    if (a->pressure != b->pressure)
        return a->pressure > b->pressure ? -1 : 1;
    return a->r < b->r ? -1 : a->r > b->r;
}

static void greedy(sched_state *st)
{
    order_key *k = qiao_malloc(sizeof *k * ((size_t)st->M + 1));
    int n = 0;
    for (int m = 0; m < st->M; m++) {
        if (st->slot[m] != SCHED_NONE)
            continue;
        const sched_meeting *mm = &st->in->meetings[m];
        int da = st->adj_start[mm->a + 1] - st->adj_start[mm->a];
        int db = st->adj_start[mm->b + 1] - st->adj_start[mm->b];
        double pa = (double)da / popcount_slots(&st->in->participants[mm->a].avail);
        double pb = (double)db / popcount_slots(&st->in->participants[mm->b].avail);
        k[n++] = (order_key){m, mm->priority, popcount_slots(&st->common[m]),
                             pa > pb ? pa : pb, sched_rand(st)};
    }
    qsort(k, (size_t)n, sizeof *k, cmp_order);
    for (int i = 0; i < n; i++)
        if (k[i].ncommon > 0)
            sched_insert(st, k[i].m, 1);
    free(k);
}

/* The LP duals price each (participant, slot) and each slot's tables; a
 * meeting's margin in slot t is its priority less those prices. Rebuilds
 * the timetable greedily by margin (largest first, each in its best-margin
 * slot that fits) and keeps it if it beats the current one. */
static double margin(const sched_state *st, const sched_bound *bd, int m, int t)
{
    const sched_meeting *mm = &st->in->meetings[m];
    size_t S = (size_t)st->S;
    return mm->priority - bd->mu[(size_t)mm->a * S + (size_t)t] - bd->mu[(size_t)mm->b * S + (size_t)t] -
           bd->lambda[t];
}

static int cmp_dual(const void *x, const void *y)
{
    const double *a = x, *b = y;
    if (a[0] != b[0])
        return a[0] > b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

static void dual_greedy(sched_state *st, const sched_bound *bd)
{
    if (!bd->mu)
        return;
    int *keep = qiao_malloc(sizeof(int) * ((size_t)st->M + 1));
    double (*key)[2] = qiao_malloc(sizeof *key * ((size_t)st->M + 1));
    long w0 = st->weight, g0 = 0, g1 = 0;
    for (int v = 0; v < st->P; v++)
        g0 += sched_gaps_of(st, v);
    memcpy(keep, st->slot, sizeof(int) * (size_t)st->M);
    int n = 0;
    for (int m = 0; m < st->M; m++) {
        if (st->pinned[m])
            continue;
        if (st->slot[m] != SCHED_NONE)
            sched_unplace(st, m);
        double best = -HUGE_VAL;
        for (int t = 0; t < st->S; t++)
            if (sched_slots_has(&st->common[m], t) && margin(st, bd, m, t) > best)
                best = margin(st, bd, m, t);
        if (best > -HUGE_VAL) {
            key[n][0] = best + 1e-3 * st->in->meetings[m].priority;
            key[n++][1] = m;
        }
    }
    qsort(key, (size_t)n, sizeof *key, cmp_dual);
    for (int i = 0; i < n; i++) {
        int m = (int)key[i][1], bt = SCHED_NONE;
        double best = -HUGE_VAL;
        for (int t = 0; t < st->S; t++)
            if (st_fits(st, m, t)) {
                const sched_meeting *mm = &st->in->meetings[m];
                double s = margin(st, bd, m, t) - 1e-3 * (double)(sched_gaps_delta(st, mm->a, t, 1) +
                                                                  sched_gaps_delta(st, mm->b, t, 1));
                if (s > best) {
                    best = s;
                    bt = t;
                }
            }
        if (bt != SCHED_NONE)
            sched_place(st, m, bt);
        else
            sched_insert(st, m, 1);
    }
    for (int v = 0; v < st->P; v++)
        g1 += sched_gaps_of(st, v);
    if (st->weight < w0 || (st->weight == w0 && g1 > g0)) {
        for (int m = 0; m < st->M; m++)
            if (!st->pinned[m] && st->slot[m] != SCHED_NONE)
                sched_unplace(st, m);
        for (int m = 0; m < st->M; m++)
            if (!st->pinned[m] && keep[m] != SCHED_NONE)
                sched_place(st, m, keep[m]);
    }
    free(keep);
    free(key);
}

/* Numbers the tables: pinned tables first; then a meeting takes the table
 * one of its parties sat at in the slot before, if free, else the lowest. */
static void number_tables(const sched_state *st, int *table)
{
    unsigned char *taken = qiao_calloc((size_t)st->T, 1);
    for (int m = 0; m < st->M; m++)
        table[m] = SCHED_NONE;
    for (int s = 0; s < st->S; s++) {
        memset(taken, 0, (size_t)st->T);
        const int *row = st->members + (size_t)s * (size_t)st->cap;
        for (int i = 0; i < st->used[s]; i++) {
            const sched_meeting *mm = &st->in->meetings[row[i]];
            if (st->pinned[row[i]] && mm->table != SCHED_NONE) {
                table[row[i]] = mm->table;
                taken[mm->table] = 1;
            }
        }
        int low = 0;
        for (int i = 0; i < st->used[s]; i++) {
            int m = row[i];
            if (table[m] != SCHED_NONE)
                continue;
            const sched_meeting *mm = &st->in->meetings[m];
            int want = SCHED_NONE;
            for (int j = 0; j < 2 && s > 0 && want == SCHED_NONE; j++) {
                int prev = st_busy(st, j ? mm->b : mm->a, s - 1);
                if (prev != SCHED_NONE && table[prev] != SCHED_NONE && !taken[table[prev]])
                    want = table[prev];
            }
            if (want == SCHED_NONE) {
                while (taken[low])
                    low++;
                want = low;
            }
            table[m] = want;
            taken[want] = 1;
        }
    }
    free(taken);
}

static sched_reason reason_of(const sched_state *st, int m)
{
    const sched_meeting *mm = &st->in->meetings[m];
    int n = 0, na = 0, nb = 0, nt = 0;
    for (int t = 0; t < st->S; t++) {
        if (!sched_slots_has(&st->common[m], t))
            continue;
        n++;
        int ba = st_busy(st, mm->a, t) != SCHED_NONE, bb = st_busy(st, mm->b, t) != SCHED_NONE;
        na += ba;
        nb += bb;
        nt += !ba && !bb && st->used[t] >= st->T;
    }
    if (n == 0)
        return SCHED_NO_COMMON_SLOT;
    if (na == n)
        return SCHED_A_BUSY;
    if (nb == n)
        return SCHED_B_BUSY;
    if (nt == n)
        return SCHED_TABLES_FULL;
    return SCHED_CROWDED;
}

static void state_free(sched_state *st)
{
    free(st->busy);
    free(st->used);
    free(st->slot);
    free(st->members);
    free(st->pos);
    free(st->pinned);
    free(st->common);
    free(st->adj_start);
    free(st->adj);
    free(st->busyset);
    free(st->mark);
    free(st->mmark);
    free(st->bestm);
}

static void state_init(sched_state *st, const sched_instance *in, const sched_options *o)
{
    memset(st, 0, sizeof *st);
    st->in = in;
    st->P = in->nparticipants;
    st->S = in->nslots;
    st->T = in->ntables;
    st->M = in->nmeetings;
    st->cap = st->T < st->M ? st->T : st->M;
    if (st->cap < 1)
        st->cap = 1;
    size_t PS = (size_t)st->P * (size_t)st->S;
    st->busy = qiao_malloc(sizeof(int) * (PS + 1));
    for (size_t i = 0; i < PS; i++)
        st->busy[i] = SCHED_NONE;
    st->used = qiao_calloc((size_t)st->S, sizeof(int));
    st->members = qiao_malloc(sizeof(int) * (size_t)st->S * (size_t)st->cap);
    st->slot = qiao_malloc(sizeof(int) * ((size_t)st->M + 1));
    st->pos = qiao_calloc((size_t)st->M + 1, sizeof(int));
    st->pinned = qiao_calloc((size_t)st->M + 1, 1);
    st->common = qiao_calloc((size_t)st->M + 1, sizeof(sched_slots));
    st->adj_start = qiao_calloc((size_t)st->P + 2, sizeof(int));
    st->adj = qiao_malloc(sizeof(int) * (2 * (size_t)st->M + 1));
    st->busyset = qiao_calloc((size_t)st->P + 1, sizeof(sched_slots));
    st->mark = qiao_calloc((size_t)st->P + 1, sizeof(int));
    st->mmark = qiao_calloc((size_t)st->M + 1, sizeof(int));
    uint64_t z = o->seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    st->rng = (z ^ (z >> 31)) | 1;
    for (int m = 0; m < st->M; m++) {
        const sched_meeting *mm = &in->meetings[m];
        st->slot[m] = SCHED_NONE;
        st->total_weight += mm->priority;
        for (int w = 0; w < SCHED_SLOT_WORDS; w++)
            st->common[m].w[w] = in->participants[mm->a].avail.w[w] & in->participants[mm->b].avail.w[w];
        st->adj_start[mm->a + 1]++;
        st->adj_start[mm->b + 1]++;
    }
    for (int v = 0; v < st->P; v++)
        st->adj_start[v + 1] += st->adj_start[v];
    int *fill = qiao_malloc(sizeof(int) * ((size_t)st->P + 1));
    memcpy(fill, st->adj_start, sizeof(int) * (size_t)st->P);
    for (int m = 0; m < st->M; m++) {
        st->adj[fill[in->meetings[m].a]++] = m;
        st->adj[fill[in->meetings[m].b]++] = m;
    }
    free(fill);
}

int sched_solve(const sched_instance *in, const sched_options *opt, sched_result *res,
                qiao_err *e)
{
    sched_options o = opt ? *opt : sched_default_options();
    memset(res, 0, sizeof *res);
    int rc = sched_instance_validate(in, o.keep_existing, e);
    if (rc < 0)
        return rc;
    double now = sched_now_ms();
    sched_clock clk = {now, sched_budget_ms(&o, now)};
    sched_state st;
    sched_bound bd = {0};
    state_init(&st, in, &o);
    /* Pinned meetings first (validated not to collide), then existing
     * assignments as hints where they still fit. */
    for (int m = 0; m < st.M; m++) {
        const sched_meeting *mm = &in->meetings[m];
        if (mm->slot != SCHED_NONE && (mm->locked || o.keep_existing)) {
            st.pinned[m] = 1;
            sched_place(&st, m, mm->slot);
        }
    }
    for (int m = 0; m < st.M; m++) {
        const sched_meeting *mm = &in->meetings[m];
        if (!st.pinned[m] && mm->slot != SCHED_NONE && st_fits(&st, m, mm->slot))
            sched_place(&st, m, mm->slot);
    }
    greedy(&st);
    sched_bound_capacity(&st, &bd);
    sched_bound_descent(&st, &bd, 30, &clk);
    long bound = sched_bound_value(&bd, &res->bound_kind);
    st.mu = bd.mu;
    st.lambda = bd.lambda;
    sched_best_margins(&st);
    if (st.weight < bound)
        dual_greedy(&st, &bd);
    st.lag = bd.lagrangian;
    long max_iter = o.max_iterations > 0 ? o.max_iterations : 50L * st.M + 20000;
    res->iterations = sched_search(&st, bound, max_iter, &clk, &res->stopped);
    res->nmeetings = st.M;
    res->slot = qiao_malloc(sizeof(int) * ((size_t)st.M + 1));
    res->table = qiao_malloc(sizeof(int) * ((size_t)st.M + 1));
    res->reason = qiao_malloc(sizeof(sched_reason) * ((size_t)st.M + 1));
    memcpy(res->slot, st.slot, sizeof(int) * (size_t)st.M);
    number_tables(&st, res->table);
    for (int m = 0; m < st.M; m++) {
        res->reason[m] = st.slot[m] == SCHED_NONE ? reason_of(&st, m) : SCHED_SCHEDULED;
        res->scheduled += st.slot[m] != SCHED_NONE;
    }
    res->weight = st.weight;
    res->total_weight = st.total_weight;
    res->bound = bound;
    res->ratio = res->bound > 0 ? (double)res->weight / (double)res->bound : 1.0;
    res->gaps = 0;
    for (int v = 0; v < st.P; v++)
        res->gaps += sched_gaps_of(&st, v);
    res->elapsed_ms = sched_now_ms() - clk.start_ms;
    sched_bound_free(&bd);
    state_free(&st);
    return 0;
}

void sched_result_free(sched_result *res)
{
    free(res->slot);
    free(res->table);
    free(res->reason);
    memset(res, 0, sizeof *res);
}
