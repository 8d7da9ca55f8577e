/* sched/internal.h — the solver's working state, shared by solve.c (greedy,
 * Kempe repair, tables, reasons), lns.c (large-neighbourhood search and gap
 * polishing) and bound.c (upper bounds). Not part of the public API. */
#ifndef QIAO_SCHED_INTERNAL_H
#define QIAO_SCHED_INTERNAL_H

#include <stdint.h>

#include "sched/sched.h"

typedef struct sched_state {
    const sched_instance *in;
    int P, S, T, M;
    int *busy;              /* P*S: meeting of participant v in slot t, or SCHED_NONE */
    int *used;              /* S: meetings in slot t */
    int *slot;              /* M: slot of meeting, or SCHED_NONE */
    int cap;                /* min(T, M): room per slot in `members` */
    int *members;           /* S*cap: the meetings in each slot (first used[t]) */
    int *pos;               /* M: index of the meeting in its slot's members */
    unsigned char *pinned;  /* M: locked, or kept by keep_existing */
    sched_slots *common;    /* M: slots both parties are available */
    int *adj_start, *adj;   /* CSR: the meetings of each participant */
    sched_slots *busyset;   /* P: the slots v is meeting in (busy as a bit set) */
    sched_slots full;       /* slots whose tables are all taken */
    long weight;            /* sum of priorities scheduled */
    long total_weight;
    uint64_t rng;
    const double *mu;       /* P*S LP slot prices of participants, or NULL */
    const double *lambda;   /* S LP table prices, or NULL */
    double *bestm;          /* M: max(0, the best LP margin of the meeting over
                             * the slots the pinned ones leave open); NULL
                             * without prices. With them the weight of any
                             * timetable is L minus its "loss": Σ_m rc(m) +
                             * Σ_{v,t free} μ_{v,t} + Σ_t λ_t (free tables),
                             * every term >= 0 (see sched_rc) */
    double lag;             /* the Lagrangian value L of mu, lambda (HUGE_VAL: none) */
    /* scratch for lns.c */
    int *mark;              /* P: participant stamp */
    int *mmark;             /* M: meeting stamp */
    int stamp;
} sched_state;

static inline int st_busy(const sched_state *st, int v, int t)
{
    return st->busy[(size_t)v * (size_t)st->S + (size_t)t];
}

static inline int st_other(const sched_state *st, int m, int v)
{
    const sched_meeting *mm = &st->in->meetings[m];
    return mm->a == v ? mm->b : mm->a;
}

/* Whether meeting m fits slot t now (both free, available, a table left). */
static inline int st_fits(const sched_state *st, int m, int t)
{
    const sched_meeting *mm = &st->in->meetings[m];
    return sched_slots_has(&st->common[m], t) && st_busy(st, mm->a, t) == SCHED_NONE &&
           st_busy(st, mm->b, t) == SCHED_NONE && st->used[t] < st->T;
}

/* The slots meeting m fits now, as a bit set (st_fits for every slot). */
static inline sched_slots st_fits_set(const sched_state *st, int m)
{
    const sched_meeting *mm = &st->in->meetings[m];
    sched_slots f;
    for (int w = 0; w < SCHED_SLOT_WORDS; w++)
        f.w[w] = st->common[m].w[w] & ~st->busyset[mm->a].w[w] & ~st->busyset[mm->b].w[w] &
                 ~st->full.w[w];
    return f;
}

/* A meeting's priority less the LP prices of its slot (needs st->mu). */
static inline double sched_margin(const sched_state *st, int m, int t)
{
    const sched_meeting *mm = &st->in->meetings[m];
    size_t S = (size_t)st->S;
    return mm->priority - st->mu[(size_t)mm->a * S + (size_t)t] - st->mu[(size_t)mm->b * S + (size_t)t] -
           st->lambda[t];
}

/* The reduced cost of meeting m in slot t (SCHED_NONE: unscheduled) — what
 * the choice loses against the LP; needs st->bestm. */
static inline double sched_rc(const sched_state *st, int m, int t)
{
    return t == SCHED_NONE ? st->bestm[m] : st->bestm[m] - sched_margin(st, m, t);
}

/* Σ_t μ_{v,t} over the slots v is free in (the LP prices v leaves unused). */
double sched_free_mu(const sched_state *st, int v);

uint64_t sched_rand(sched_state *st);                 /* xorshift64* */
void sched_place(sched_state *st, int m, int t);      /* requires st_fits */
void sched_unplace(sched_state *st, int m);
long sched_gaps_of(const sched_state *st, int v);     /* idle slots of participant v */
/* Gaps of v if slot t were added (add=1) or removed (add=0) from v's meetings. */
long sched_gaps_delta(const sched_state *st, int v, int t, int add);

/* Places m in its best free slot, or by one Kempe-chain recolouring;
 * returns 1 if placed. */
int sched_insert(sched_state *st, int m, int use_kempe);

typedef struct sched_clock {
    double start_ms, limit_ms;   /* limit_ms <= 0: none */
} sched_clock;
static inline int sched_clock_out(const sched_clock *c)
{
    return c->limit_ms > 0 && sched_now_ms() - c->start_ms >= c->limit_ms;
}

/* lns.c: improves st (weight first, then gaps) until `max_iter` iterations,
 * `stall` iterations without improvement, the clock, or weight == bound with
 * no gaps (with until_bound: weight == bound). Returns the iterations done; *why gets "iterations"/"time"/"optimal". */
long sched_lns(sched_state *st, long max_iter, long stall, long bound, int until_bound,
               const sched_clock *c, const char **why);
/* The whole search after the greedy start (lns.c): gap descent, weight LNS,
 * rounds of gap descent and LNS, polish. Returns the LNS iterations; *why
 * gets "optimal", "iterations" or "time". */
long sched_search(sched_state *st, long bound, long max_iter, const sched_clock *c,
                  const char **why);
/* Moves and swaps that cut idle slots without changing the weight. */
void sched_polish(sched_state *st, const sched_clock *c);
/* gaps.c: Kempe-chain and whole-slot swaps that cut idle slots, the weight
 * unchanged, until none is left; returns the moves made. */
long sched_gaps_descent(sched_state *st, const sched_clock *c);

/* repair.c: an exact search, guided by the LP prices, for a timetable one
 * weight better in a neighbourhood grown from where the current one loses
 * against the bound. sched_repair_try returns 1 if it raised the weight. */
typedef struct sched_repair sched_repair;
sched_repair *sched_repair_new(sched_state *st, int global);
void sched_repair_free(sched_repair *r);   /* NULL is fine */
int sched_repair_try(sched_repair *r);

/* exact.c: an exact search (exact cover under the LP prices, restarts with
 * a growing node limit, at most max_nodes nodes in all) for a timetable of
 * weight >= target, where L is the Lagrangian value st->mu, st->lambda give.
 * Returns 1 and leaves it in st, or 0 and leaves st as it was. */
int sched_exact(sched_state *st, double L, long target, long max_nodes, const sched_clock *c);

/* parse.c: the instance read straight from its JSON text when it has the
 * usual shape; 0 (nothing allocated) for anything else — the caller then
 * reads it through jansson. Not validated. */
int sched_instance_read(const char *text, size_t len, sched_instance **out);

/* bound.c: upper bounds on the weight of any timetable given the pinned
 * meetings already placed in st (only those are read from st). */
typedef struct sched_bound {
    long capacity;        /* the cheap bound */
    double lagrangian;    /* the best Lagrangian (LP dual) value, or HUGE_VAL */
    double *mu;           /* P*S multipliers μ_{v,t} (owned) */
    double *lambda;       /* S multipliers λ_t (owned) */
} sched_bound;
void sched_bound_capacity(const sched_state *st, sched_bound *b);
/* At most `sweeps` rounds of block coordinate descent on the multipliers. */
void sched_bound_descent(const sched_state *st, sched_bound *b, int sweeps, const sched_clock *c);
long sched_bound_value(const sched_bound *b, const char **kind);
/* Fills st->bestm from st->mu, st->lambda (after the descent). */
void sched_best_margins(sched_state *st);
void sched_bound_free(sched_bound *b);

#endif
