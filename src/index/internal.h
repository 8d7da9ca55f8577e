/* index/internal.h — the service's state, shared by the files of src/index. */
#ifndef QIAO_INDEX_INTERNAL_H
#define QIAO_INDEX_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "core/buf.h"
#include "index/index.h"
#include "store/store.h"

typedef struct index_mcache index_mcache;
typedef struct index_items index_items;

struct index_svc {
    index_opts o;
    store *st;                  /* the service's own handle: catch-ups, the follower (under mu) */
    match_index *ix;            /* NULL: no index */
    pthread_rwlock_t lock;      /* readers: searches...; writer: the chunks of a catch-up */
    pthread_mutex_t mu;         /* one catch-up or snapshot at a time; guards what follows */
    _Atomic unsigned long gen;
    _Atomic int64_t pos;        /* the store generation the index reflects (changed under lock) */
    char uid[STORE_UID_LEN];
    bool snap_on;
    char snap[4200];
    int64_t saved_pos;          /* the snapshot's generation on disk (-1: none or behind) */
    uint64_t since_save;        /* changes applied since the snapshot was written */
    double first_change_at, last_save_at;   /* monotonic seconds */
    index_stats st_stats;
    char how[1400];
    char why[1100];
    double open_secs;
    /* the follower */
    pthread_mutex_t fmu;
    pthread_cond_t fcv;
    pthread_t th;
    bool following, stop;
    uint64_t dv;                /* the last store_data_version seen */
    bool compact_due;           /* loaded from a snapshot: index_compact soon */
    bool replay_due;            /* o.defer_replay: the changes since the snapshot are still to apply */
    void (*hook)(void *ud);     /* index_set_test_hook */
    void *hook_ud;
    /* the caches */
    index_search_cache *sc;
    index_mcache *mc;
    index_items *items;
};

/* follow.c */
void index_unfollow(index_svc *s);
/* match_cache.c */
void index_mcache_init(index_svc *s);
void index_mcache_free(index_svc *s);
/* item_cache.c */
void index_items_init(index_svc *s);
void index_items_free(index_svc *s);

#endif
