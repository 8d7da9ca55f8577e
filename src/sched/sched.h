/* sched/sched.h — the meeting-timetable optimiser.
 *
 * A pure module: from an event's slots and tables, the participants'
 * availability and the accepted meeting requests, it builds a timetable (a
 * slot and a table for as many meetings as it can) and an upper bound on what
 * any timetable could achieve. It reads no files and holds no global state;
 * every function is reentrant, and distinct instances may be solved on
 * distinct threads at once.
 *
 * Inside this API every number is counted from 0 (slot 0 is DATA.md's slot
 * 1); the JSON form counts from 1 as DATA.md does.
 *
 *   sched_instance *in = NULL;
 *   sched_result res = {0};
 *   qiao_err e = {0};
 *   if (sched_instance_parse(text, len, &in, &e) < 0) ...           // JSON → instance
 *   sched_options o = sched_default_options();
 *   if (sched_solve(in, &o, &res, &e) < 0) ...
 *   json_t *j = sched_result_to_json(in, &res);                    // new reference
 *   sched_result_free(&res);
 *   sched_instance_free(in);
 *
 * Constraints of a timetable: each participant is in at most one meeting per
 * slot and only in slots they are available; a slot holds at most `ntables`
 * meetings, each at a distinct table; locked meetings stay at their slot (and
 * table, when one is given); with options.keep_existing every meeting that
 * already has a slot stays there too.
 *
 * Objective, lexicographic: (1) the sum of the scheduled meetings' priorities
 * (1–3); (2) the fewest idle slots: for each participant, the slots between
 * their first and last meeting in which they are available but not meeting.
 *
 * The search is deterministic for a given seed as long as it stops for a
 * reason other than the wall-clock limit (sched_result.stopped says which).
 */
#ifndef QIAO_SCHED_SCHED_H
#define QIAO_SCHED_SCHED_H

#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

#define SCHED_MAX_SLOTS 256
#define SCHED_SLOT_WORDS (SCHED_MAX_SLOTS / 64)
#define SCHED_MAX_TABLES 100000
#define SCHED_NONE (-1)

/* Availability as a bit set: bit t of w[t / 64] is slot t. */
typedef struct sched_slots {
    uint64_t w[SCHED_SLOT_WORDS];
} sched_slots;

static inline int sched_slots_has(const sched_slots *s, int t)
{
    return (int)((s->w[t >> 6] >> (t & 63)) & 1u);
}
static inline void sched_slots_set(sched_slots *s, int t)
{
    s->w[t >> 6] |= (uint64_t)1 << (t & 63);
}

typedef struct sched_participant {
    char *id;             /* owned; the person or org id */
    sched_slots avail;    /* slots they can attend; never empty in a valid instance */
} sched_participant;

typedef struct sched_meeting {
    char *id;             /* owned; the request id */
    int a, b;             /* participant indices (from, to) */
    int priority;         /* 1..3; the meeting's weight */
    int slot, table;      /* existing assignment, or SCHED_NONE; table may be
                           * SCHED_NONE alone (any table in that slot) */
    int locked;           /* nonzero: must stay at slot (and table if given) */
} sched_meeting;

typedef struct sched_instance {
    char *event;          /* owned; event id, may be NULL */
    int nslots, ntables;
    int nparticipants;
    sched_participant *participants;   /* owned */
    int nmeetings;
    sched_meeting *meetings;           /* owned */
} sched_instance;

/* A new, empty instance (no participants or meetings); free with
 * sched_instance_free. Fields may then be filled directly: strings and arrays
 * must be malloc'ed, since sched_instance_free releases them. */
sched_instance *sched_instance_new(int nslots, int ntables);
void sched_instance_free(sched_instance *in);   /* NULL is fine */

/* Checks the rules every solvable instance obeys; returns 0 or QIAO_EINVAL
 * with a message naming the problem: no slots or tables, a participant
 * available in no slot, a request to oneself, duplicate requests, a request
 * naming an unknown participant, a priority outside 1–3, a locked meeting
 * outside its parties' availability, locked meetings that collide (and, with
 * keep_existing, existing meetings that collide). */
int sched_instance_validate(const sched_instance *in, int keep_existing, qiao_err *e);

/* The instance JSON (docs/scheduling.md):
 *   {"event": {"id": "e1", "slots": 10, "tables": 5, ...},
 *    "registrations": [{"who": "p1", "availability": [1, 2, 3]}, {"who": "p2"}],
 *    "meeting_requests": [{"id": "r1", "from": "p1", "to": "p2", "priority": 2,
 *                          "status": "accepted", "slot": 3, "table": 1, "locked": true}]}
 * Requests whose status is not "accepted" (absent means accepted) are left
 * out. On success *out is a new, validated instance (without keep_existing
 * rules); on failure *out is untouched and e names the problem. */
int sched_instance_from_json(const json_t *root, sched_instance **out, qiao_err *e);
int sched_instance_parse(const char *text, size_t len, sched_instance **out, qiao_err *e);

typedef struct sched_options {
    long time_limit_ms;   /* wall-clock cap, counted from start_ms; <= 0: none */
    long max_iterations;  /* search iterations; 0: chosen from the size */
    uint64_t seed;
    int keep_existing;    /* meetings that have a slot stay there (as if locked) */
    double start_ms;      /* when the time limit started, on sched_now_ms()'s
                           * clock; 0: when sched_solve is called. A caller
                           * whose limit covers its own work (reading the
                           * instance) passes the moment it started */
    double reserve_ms;    /* of the limit, kept for the caller's work after
                           * sched_solve returns (writing the result) */
} sched_options;

sched_options sched_default_options(void);   /* 2000 ms, auto iterations, seed 1 */

/* Milliseconds on a monotonic clock (the clock of sched_options.start_ms). */
double sched_now_ms(void);

/* The time sched_solve may use when called at now_ms: time_limit_ms less
 * what passed since start_ms (now_ms when 0) and less reserve_ms; never
 * below 1 ms (the greedy timetable and the bound are always built, so a
 * budget already spent still gives a timetable, late). 0 when there is no
 * limit. */
double sched_budget_ms(const sched_options *o, double now_ms);

typedef enum sched_reason {
    SCHED_SCHEDULED = 0,
    SCHED_NO_COMMON_SLOT,  /* the two are never available at the same time */
    SCHED_A_BUSY,          /* in every common slot the requester is in another meeting */
    SCHED_B_BUSY,          /* in every common slot the requested is in another meeting */
    SCHED_TABLES_FULL,     /* every common slot where both are free has no table left */
    SCHED_CROWDED,         /* each common slot is blocked by one of the above */
} sched_reason;

const char *sched_reason_name(sched_reason r);   /* "no_common_slot", ... */

typedef struct sched_result {
    int nmeetings;
    int *slot, *table;       /* owned, per meeting; SCHED_NONE if unscheduled */
    sched_reason *reason;    /* owned, per meeting */
    int scheduled;           /* meetings with a slot */
    long weight;             /* sum of their priorities */
    long total_weight;       /* sum of all requests' priorities */
    long bound;              /* no timetable schedules more weight than this */
    const char *bound_kind;  /* static: "capacity" or "lagrangian" (LP) */
    double ratio;            /* weight / bound (1 when bound is 0) */
    long gaps;               /* idle slots summed over participants */
    long iterations;         /* search iterations done */
    double elapsed_ms;
    const char *stopped;     /* static: "optimal", "iterations" or "time" */
} sched_result;

/* Solves `in` (which it validates first) into *res, which must be zeroed or
 * freed; on failure *res is left empty. Returns 0 or QIAO_EINVAL. */
int sched_solve(const sched_instance *in, const sched_options *opt,
                sched_result *res, qiao_err *e);
void sched_result_free(sched_result *res);

/* Checks `res` against `in`: every constraint above, the reported counts,
 * weight and gaps, and bound >= weight. Returns 0 or QIAO_EINVAL naming the
 * first violation. Does not know keep_existing (see sched_check_kept). */
int sched_check(const sched_instance *in, const sched_result *res, qiao_err *e);
/* Every meeting of `in` that has a slot is at that slot in res. */
int sched_check_kept(const sched_instance *in, const sched_result *res, qiao_err *e);

/* Recomputes the idle-slot total of a timetable (slot per meeting). */
long sched_count_gaps(const sched_instance *in, const int *slot);

/* The result as JSON (a new reference): {"event", "meetings": [{"id", "from",
 * "to", "priority", "slot", "table"}], "unscheduled": [{"id", "from", "to",
 * "priority", "reason"}], "scheduled", "weight", "total_weight", "bound",
 * "bound_kind", "ratio", "gaps", "iterations", "elapsed_ms", "stopped"}
 * with slots and tables counted from 1. */
json_t *sched_result_to_json(const sched_instance *in, const sched_result *res);
/* The same JSON as text, appended to out: exactly the bytes of json_dumps(
 * sched_result_to_json(in, res), JSON_INDENT(1) | JSON_REAL_PRECISION(6)),
 * written without building the tree (`qiao schedule`'s output). */
void sched_result_write_json(const sched_instance *in, const sched_result *res, buf *out);

#endif
