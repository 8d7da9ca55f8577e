/* sched/gaps.c — cutting idle slots with the weight held fixed.
 *
 * Idle slots ("gaps") of a participant: the slots strictly between their
 * first and last meeting in which they are available but not meeting.
 *
 * Kempe-chain moves. Take a scheduled meeting in slot s and another slot t.
 * The meetings in s or t form, through their participants, paths and cycles
 * (everyone has at most one meeting per slot); swapping s and t along the
 * component that holds the meeting keeps every participant in at most one
 * meeting per slot. It is valid when no meeting of the component is pinned,
 * each is available in its new slot and both slots keep within the tables.
 * Only the ends of a path change their set of busy slots (the middle ones
 * trade one meeting for another), so a move is judged on at most two
 * participants. Whole-slot swaps exchange the contents of two slots when
 * everyone in them is available in the other.
 *
 * sched_gaps_descent applies improving moves until none is left (or the
 * clock runs out). */
#include <stdlib.h>
#include <string.h>

#include "sched/internal.h"

#define CHAIN_MAX 96

/* Gaps of v if its meeting in slot `from` moved to slot `to` (v free there). */
static long gaps_moved(const sched_state *st, int v, int from, int to)
{
    const int *row = st->busy + (size_t)v * (size_t)st->S;
    const sched_slots *av = &st->in->participants[v].avail;
    int first = -1, last = -1;
    for (int u = 0; u < st->S; u++) {
        int b = u == from ? 0 : u == to ? 1 : row[u] != SCHED_NONE;
        if (b) {
            if (first < 0)
                first = u;
            last = u;
        }
    }
    long g = 0;
    for (int u = first + 1; first >= 0 && u < last; u++) {
        int b = u == from ? 0 : u == to ? 1 : row[u] != SCHED_NONE;
        if (!b && sched_slots_has(av, u))
            g++;
    }
    return g;
}

typedef struct chain {
    int n, ms[CHAIN_MAX];      /* meetings of the component */
    int ne, ends[CHAIN_MAX];   /* participants busy in only one of s, t */
} chain;

/* The component of meeting m between its slot s and slot t; returns the
 * change in idle slots if swapping it is valid, else a large number. */
static long chain_eval(sched_state *st, int m, int t, chain *c)
{
    int s = st->slot[m];
    const long NO = 1L << 40;
    c->n = c->ne = 0;
    st->stamp++;
    int stack[2 * CHAIN_MAX + 2], sp = 0;
    const sched_meeting *mm = &st->in->meetings[m];
    st->mmark[m] = st->stamp;
    c->ms[c->n++] = m;
    stack[sp++] = mm->a;
    stack[sp++] = mm->b;
    st->mark[mm->a] = st->mark[mm->b] = st->stamp;
    int ins = 1, int_ = 0;   /* meetings in s, in t */
    while (sp > 0) {
        int p = stack[--sp];
        int es = st_busy(st, p, s), et = st_busy(st, p, t);
        if (es == SCHED_NONE || et == SCHED_NONE)
            c->ends[c->ne++] = p;
        int es2[2] = {es, et};
        for (int j = 0; j < 2; j++) {
            int e = es2[j];
            if (e == SCHED_NONE || st->mmark[e] == st->stamp)
                continue;
            if (st->pinned[e] || c->n >= CHAIN_MAX)
                return NO;
            st->mmark[e] = st->stamp;
            c->ms[c->n++] = e;
            if (j == 0)
                ins++;
            else
                int_++;
            int o = st_other(st, e, p);
            if (st->mark[o] != st->stamp) {
                st->mark[o] = st->stamp;
                stack[sp++] = o;
            }
        }
    }
    if (st->pinned[m])
        return NO;
    for (int i = 0; i < c->n; i++) {
        int e = c->ms[i];
        if (!sched_slots_has(&st->common[e], st->slot[e] == s ? t : s))
            return NO;
    }
    if (st->used[s] - ins + int_ > st->T || st->used[t] - int_ + ins > st->T)
        return NO;
    long d = 0;
    for (int i = 0; i < c->ne; i++) {
        int p = c->ends[i];
        int from = st_busy(st, p, s) != SCHED_NONE ? s : t, to = from == s ? t : s;
        d += gaps_moved(st, p, from, to) - sched_gaps_of(st, p);
    }
    return d;
}

static void chain_apply(sched_state *st, const chain *c, int s, int t)
{
    int to[CHAIN_MAX];
    for (int i = 0; i < c->n; i++) {
        to[i] = st->slot[c->ms[i]] == s ? t : s;
        sched_unplace(st, c->ms[i]);
    }
    for (int i = 0; i < c->n; i++)
        sched_place(st, c->ms[i], to[i]);
}

/* Swaps the whole contents of slots s and t if valid and it cuts gaps;
 * returns the gaps cut. */
static long slot_swap(sched_state *st, int s, int t)
{
    const int *rs = st->members + (size_t)s * (size_t)st->cap;
    const int *rt = st->members + (size_t)t * (size_t)st->cap;
    for (int i = 0; i < st->used[s]; i++)
        if (st->pinned[rs[i]] || !sched_slots_has(&st->common[rs[i]], t))
            return 0;
    for (int i = 0; i < st->used[t]; i++)
        if (st->pinned[rt[i]] || !sched_slots_has(&st->common[rt[i]], s))
            return 0;
    int ns = st->used[s], nt = st->used[t];
    int *ms = qiao_malloc(sizeof(int) * ((size_t)ns + (size_t)nt + 1));
    memcpy(ms, rs, sizeof(int) * (size_t)ns);
    memcpy(ms + ns, rt, sizeof(int) * (size_t)nt);
    /* Participants who change: busy in exactly one of the two slots. */
    long before = 0, after = 0;
    st->stamp++;
    for (int i = 0; i < ns + nt; i++) {
        const sched_meeting *mm = &st->in->meetings[ms[i]];
        int ends[2] = {mm->a, mm->b};
        for (int j = 0; j < 2; j++) {
            int p = ends[j];
            if (st->mark[p] == st->stamp)
                continue;
            st->mark[p] = st->stamp;
            int bs = st_busy(st, p, s) != SCHED_NONE, bt = st_busy(st, p, t) != SCHED_NONE;
            if (bs != bt) {
                before += sched_gaps_of(st, p);
                after += gaps_moved(st, p, bs ? s : t, bs ? t : s);
            }
        }
    }
    long ok = after < before ? before - after : 0;
    if (ok) {
        for (int i = 0; i < ns + nt; i++)
            sched_unplace(st, ms[i]);
        for (int i = 0; i < ns + nt; i++)
            sched_place(st, ms[i], i < ns ? t : s);
    }
    free(ms);
    return ok;
}

long sched_gaps_descent(sched_state *st, const sched_clock *clk)
{
    chain c;
    long cut = 0, moves = 0;
    int *order = qiao_malloc(sizeof(int) * ((size_t)st->M + 1));
    for (int m = 0; m < st->M; m++)
        order[m] = m;
    for (int pass = 0, idle = 0; pass < 100 && idle < 2; pass++) {
        long before = cut;
        for (int s = 0; s < st->S; s++)
            for (int t = s + 1; t < st->S; t++)
                cut += slot_swap(st, s, t);
        for (int i = st->M - 1; i > 0; i--) {   /* a fresh order each pass */
            int j = (int)(sched_rand(st) % (uint64_t)(i + 1)), x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        for (int i = 0; i < st->M; i++) {
            if ((i & 255) == 0 && sched_clock_out(clk))
                goto out;
            int m = order[i];
            if (st->slot[m] == SCHED_NONE || st->pinned[m])
                continue;
            const sched_meeting *mm = &st->in->meetings[m];
            if (sched_gaps_of(st, mm->a) == 0 && sched_gaps_of(st, mm->b) == 0)
                continue;
            int bt = SCHED_NONE;
            long bd = 0;
            for (int t = 0; t < st->S; t++) {
                if (t == st->slot[m] || !sched_slots_has(&st->common[m], t))
                    continue;
                long d = chain_eval(st, m, t, &c);
                if (d < bd || (d == 0 && bt == SCHED_NONE && sched_rand(st) % 8 == 0)) {
                    bd = d;
                    bt = t;
                }
            }
            if (bt != SCHED_NONE) {
                int s = st->slot[m];
                chain_eval(st, m, bt, &c);
                chain_apply(st, &c, s, bt);
                cut -= bd;
                moves++;
            }
        }
        idle = cut == before ? idle + 1 : 0;
    }
out:
    free(order);
    return moves;
}
