/* alert/alert.h — standing subscriptions and deadlines: what the platform
 * tells people without being asked.
 *
 *   alert_opts o = {0};                          // defaults below
 *   alert_report r;
 *   alert_changes(store, ix, &o, &r, &e);        // new matches since the last pass
 *   alert_deadlines(store, ix, &o, &r, &e);      // past deadlines, 7-day notices, overdue milestones
 *   alert_report_print(&r, stdout);
 *
 * New matches (every open demand is a standing subscription). A pass reads
 * the store's change log (store_changes) after the position it kept
 * (store_alert_pos, "changes"), so it sees the writes of every process (the
 * web, `qiao import` elsewhere). For each new or changed achievement:
 *
 *   1. candidates: the achievement as a query against the demands
 *      (match_query_from_record + match_search over demands): its best
 *      `candidates` demands;
 *   2. confirmation, per candidate demand: the demand's query scores the
 *      achievement (match_score_keys, the same score ranking gives); it is a
 *      new match when it would enter the demand's top `top` — it beats the
 *      top-th of the demand's kept best scores (store_alert_bar), which the
 *      pass merges it into — with a score of at least `min_score` and at
 *      least `min_share` of the demand's best score (scores of record
 *      queries grow with the texts' lengths: the share makes the rule the
 *      same for short and long demands);
 *   3. the pair (demand, achievement) is notified once (store_alert_mark,
 *      kind new_match): notify_org to the demand's org, link to the
 *      achievement.
 *
 * A demand's best scores are computed (its full ranking, once) when it is
 * new or changed, or when it is first a candidate without them. A demand new
 * in this pass gets its scores and no notices in this pass: its page shows
 * its matches. Only open demands whose deadline has not passed are
 * subscriptions. Pairs the demand's side dismissed are skipped
 * (alert_pair_dismissed, the single place the exclusion is applied).
 *
 * Digests (alert_digests): saved searches and followed chains and zones.
 *
 * Deadlines (alert_deadlines), on Beijing dates: an open demand whose
 * deadline is before today is closed (its stored status becomes closed, so
 * that lists, statistics and the API agree; pages label it 已截止); one
 * whose deadline is within `soon_days` days notifies its org once per
 * deadline (deadline_soon); an overdue milestone with an owner notifies the
 * owner once (milestone_overdue).
 *
 * Threads: the searches of a pass run on `threads` threads, each reading the
 * index; the store handle is used by the calling thread only. When the index
 * is shared (the server), pass its lock: the pass takes it for reading while
 * it ranks and for writing while it applies a change (apply_changes).
 */
#ifndef QIAO_ALERT_ALERT_H
#define QIAO_ALERT_ALERT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "match/match.h"
#include "store/store.h"

#define ALERT_TOP 10              /* a new match enters the demand's top 10 */
#define ALERT_CANDIDATES 20       /* demands looked at per changed achievement */
#define ALERT_MIN_SCORE 50.0f     /* and scores at least this (docs/matching.md) */
#define ALERT_MIN_SHARE 0.3f      /* and at least this share of the demand's best score */
#define ALERT_SOON_DAYS 7         /* deadline_soon: due within a week */

typedef struct alert_opts {
    size_t top, candidates;       /* 0: ALERT_TOP, ALERT_CANDIDATES */
    float min_score;              /* 0: ALERT_MIN_SCORE; negative: no floor */
    float min_share;              /* 0: ALERT_MIN_SHARE; negative: none */
    int soon_days;                /* 0: ALERT_SOON_DAYS */
    int threads;                  /* 0: 2 */
    const char *today;            /* "YYYY-MM-DD" in Beijing; NULL: today */
    int64_t now;                  /* unix seconds; 0: now */
    /* The index does not see writes of other processes: re-read each
     * changed record and put it into the index first (the server). */
    int apply_changes;
    pthread_rwlock_t *lock;       /* the index's lock, or NULL */
    _Atomic unsigned long *gen;   /* bumped after applying changes, or NULL */
    FILE *log;                    /* one line per notice sent, or NULL */
} alert_opts;

typedef struct alert_report {
    int64_t from, to;             /* change-log positions read (from, to] */
    size_t changes;               /* log entries read */
    size_t achievements;          /* changed achievements that can match */
    size_t demands_ranked;        /* demands whose best scores were (re)computed */
    size_t candidates;            /* (demand, achievement) pairs confirmed */
    size_t new_matches;           /* pairs notified (first time) */
    size_t notices;               /* notifications written (accounts reached) */
    size_t closed;                /* demands closed by their deadline */
    size_t deadline_soon;         /* deadline notices (demands) */
    size_t overdue;               /* milestone notices */
    size_t digests;               /* saved-search and follow digests sent */
    double seconds;               /* time of alert_changes */
    double sec_candidates;        /* of which: achievements against demands */
    double sec_confirm;           /* demands scoring their candidates */
    double sec_write;             /* notices, marks and kept scores */
    double sec_apply;             /* changed records put into the index (apply_changes) */
    double cpu;                   /* CPU seconds of the calling thread in alert_changes */
} alert_report;

/* One pass over the changes since the kept position; then keeps the new
 * position. Fills r (zeroed first). The notices, marks and kept scores of
 * each demand are written in one transaction. */
int alert_changes(store *s, match_index *ix, const alert_opts *o, alert_report *r, qiao_err *e);

/* Closes demands past their deadline, sends the deadline and overdue
 * milestone notices (each once). ix (may be NULL): closed demands are
 * removed from it (under o->lock). Adds to r's closed, deadline_soon,
 * overdue. */
int alert_deadlines(store *s, match_index *ix, const alert_opts *o, alert_report *r,
                    qiao_err *e);

/* The digests that are due: each saved search (store_saved_list; daily or
 * weekly) whose results (its query ranked, best 200) include records
 * written since its last digest and not sent before gets one saved_search
 * notification naming them (at most 5 titles, and how many), linking to
 * its list page; each account following chains or zones (daily) gets one
 * about the new achievements there (kind saved_search, link /me/follows).
 * ix: the index to rank with (under o->lock). Adds to r->digests. */
int alert_digests(store *s, match_index *ix, const alert_opts *o, alert_report *r,
                  qiao_err *e);
/* The list page of a saved search ("/achievements?q=…&chain=…"). */
void alert_saved_link(const store_saved *ss, buf *b);

/* Whether the demand's side dismissed this achievement (then no alert).
 * The single place dismissals apply to alerts: 0 until interests and
 * dismissals are in the store. */
int alert_pair_dismissed(store *s, const char *demand, const char *achievement, int *yes,
                         qiao_err *e);

/* "changes 12 (gen 40..52): 3 achievements, 1 demand ranked, 2 new matches
 * (4 notices); deadlines: 1 closed, 1 due soon; milestones: 0 overdue" */
void alert_report_print(const alert_report *r, FILE *out);

/* A site path for a record page: "/achievements/KEY" with KEY
 * percent-encoded (out of size n). */
void alert_link(model_kind k, const char *key, char *out, size_t n);

#endif
