/* stats/internal.h — internal to src/stats/: the in-memory tables a
 * computation works on (load.c fills them from the store; compute.c reads
 * them). Everything is owned by the st_ctx and its arena. */
#ifndef QIAO_STATS_INTERNAL_H
#define QIAO_STATS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "stats/stats.h"

typedef struct st_blk st_blk;
typedef struct st_arena {
    st_blk *head;
} st_arena;
void *st_alloc(st_arena *a, size_t n);
char *st_dup(st_arena *a, const char *s);
void st_arena_free(st_arena *a);

/* String -> int, open addressing; keys live in the arena (or are borrowed). */
typedef struct st_map {
    const char **k;
    int *v;
    size_t cap, n;
} st_map;
int st_map_get(const st_map *m, const char *k);      /* -1 when absent or k NULL */
int st_map_put(st_map *m, st_arena *a, const char *k, int v);
const char *st_map_key(const st_map *m, const char *k); /* the stored copy of k (present) */
void st_map_free(st_map *m);

/* A set of interned zone or chain ids. */
typedef struct st_ids {
    int *v;
    int n;
} st_ids;
int st_has(st_ids s, int id);

typedef struct st_tagset {
    st_map map;
    const char **names;    /* id -> name */
    size_t n, cap;
} st_tagset;

typedef struct st_org {
    int type;              /* index in stats_org_type_name, -1 unknown */
    st_ids zones, chains;
    int external;
    char founded[11];
    const char **founders;
    int nfounders;
} st_org;

/* person roles, bits */
enum { ST_SCIENTIST = 1, ST_EXPERT = 2 };

typedef struct st_person {
    int org;
    unsigned roles;
} st_person;

typedef struct st_item {   /* an achievement or a demand */
    const char *key;
    int org;
    st_ids zones, chains;  /* own, else the org's */
    char day[11];          /* published, Beijing date, "" when absent */
    int published;         /* achievement: published; demand: open or closed */
    int open;              /* can be matched (achievement published, demand open) */
} st_item;

typedef struct st_event {
    int type;
    int64_t starts;        /* INT64_MAX when unreadable */
    char day[11];
    st_ids zones, chains;  /* organisers' zones; own chains, else organisers' */
} st_event;

typedef struct st_reg {
    int event, org, person;  /* -1 when absent */
} st_reg;

typedef struct st_mr {
    int event, accepted, slotted;
} st_mr;

typedef struct st_proj {
    int ach, dem, event;
    st_ids zones, chains;
    const char **parties;
    int nparties;
    int reached_signed, has_mode;
    int64_t amount;
    char signed_on[11];
    char start[11];        /* the start entry of its history, else its event's date */
    int has_start_entry;
    const char **brokers;  /* the technology managers who brokered it */
    int nbrokers;
} st_proj;

typedef struct st_ctx {
    st_arena arena;
    st_map org_m, person_m, ach_m, dem_m, event_m, proj_m;
    st_tagset zones, chains;
    st_org *orgs;
    st_person *persons;
    st_item *achs, *dems;
    st_event *events;
    st_reg *regs;
    st_mr *mrs;
    st_proj *projs;
    size_t norgs, corgs, npersons, cpersons, nachs, cachs, ndems, cdems, nevents, cevents;
    size_t nregs, cregs, nmrs, cmrs, nprojs, cprojs;
} st_ctx;

int st_load(st_ctx *c, store *s, qiao_err *e);
/* interests.c: the interest funnel and the dismissals per reason of the
 * period f (zone and chain do not apply to them). */
int st_interests(store *s, const stats_filter *f, stats *out, qiao_err *e);
/* brokers.c: one project of a technology manager (started; signed), and at
 * the end the order and the accounts' names. */
void st_broker_add(stats *out, const char *login, int started, int sig);
void st_brokers_finish(store *s, stats *out);
void st_ctx_free(st_ctx *c);

#endif
