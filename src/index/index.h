/* index/index.h — the index service: the one in-memory match index of a
 * process, a follower of the store's change log.
 *
 * Every caller that ranks (the web's search, matches, facets and event
 * suggestions, statistics, `qiao search`, `qiao match`, `qiao stats`,
 * `qiao alerts`, the server's alerts pass) reads the index through this
 * module; none builds its own. Writes go only to the store: whoever commits
 * calls index_catch_up() afterwards (the web does it after every successful
 * non-GET request), and in a server a follower thread catches up with the
 * writes of other processes (`qiao import`, another server on the same
 * file, `qiao` edits) within a fraction of a second.
 *
 *   index_svc *ix;
 *   index_opts o = INDEX_OPTS_DEFAULT;
 *   if (index_open("qiao.db", &o, &ix, &e) < 0) ...   // snapshot + replay, or build
 *   match_index *m = index_read(ix);                   // read lock (NULL: no index)
 *   ... match_search(m, ...) ...
 *   index_read_end(ix);
 *   index_close(ix);                                   // writes the snapshot if behind
 *
 * The position rule. The index reflects the store up to a generation (its
 * position, store_generation). A catch-up reads the store's generation
 * FIRST, then the changes after the old position (store_changes) and applies
 * each changed record as it is now in the store (absent = removed); only
 * then does the position move to the generation read first. A change
 * committed meanwhile is applied now or at the next catch-up, never skipped;
 * applying one twice is harmless. This relies on the store's rule that a
 * change never appears below a position a reader has already passed (see
 * store_changes in store/store.h).
 *
 * Thread-safety: everything here may be called from any thread. Catch-ups
 * are serialised (a mutex); they apply changes in chunks, segmented before
 * the write lock is taken, which is held at most 2 ms at a time while they
 * are inserted, so a bulk import does not stop searches for more than a
 * few milliseconds at a time. */
#ifndef QIAO_INDEX_INDEX_H
#define QIAO_INDEX_INDEX_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "match/match.h"
#include "model/model.h"

typedef struct index_svc index_svc;

typedef struct index_opts {
    bool snapshot;            /* use and write "<db>.qix" (match_snapshot_path) */
    int threads;              /* tokeniser threads of a fresh build (0 = 2) */
    size_t search_cache;      /* entries of the ranked-search cache (0 = off) */
    bool match_cache;         /* keep recent answers of record matches (index_mcache_*) */
    bool item_cache;          /* keep what lists show of each record (index_item_*) */
    /* the follower (index_follow): */
    long snapshot_every;      /* write the snapshot after this many changes (0 = never by count) */
    long snapshot_secs;       /* ... or this many seconds after a change (0 = never by time) */
    long follow_ms;           /* how often the follower looks at the store */
    bool quiet;               /* no log lines on stderr */
    /* open from a snapshot without replaying the changes since it: the
     * follower applies them once started (in chunks, searches going on), so
     * that a server answers its first search after the load alone. Only
     * with index_follow. */
    bool defer_replay;
} index_opts;

#define INDEX_SEARCH_CACHE_DEFAULT 4096
#define INDEX_SNAPSHOT_EVERY 10000
#define INDEX_SNAPSHOT_SECS 600
#define INDEX_FOLLOW_MS 150
#define INDEX_OPTS_DEFAULT { .snapshot = true, .threads = 0, .search_cache = 0, \
    .match_cache = false, .item_cache = false, .snapshot_every = INDEX_SNAPSHOT_EVERY, \
    .snapshot_secs = INDEX_SNAPSHOT_SECS, .follow_ms = INDEX_FOLLOW_MS, .quiet = true, \
    .defer_replay = false }
/* QIAO_NO_SNAPSHOT=1 in the environment: o->snapshot = false. */
void index_opts_env(index_opts *o);

/* Opens the service on the store at db (its own store handle): text_init,
 * then the snapshot beside the store plus a replay of the change log since
 * it when the snapshot is usable (this analyser, this store, not too far
 * behind), else a fresh build (whose snapshot is written later: by the
 * follower at once, or by index_close). When the index cannot be had at all
 * (the store opens but building fails) the service still opens, without an
 * index: index_read answers NULL and callers fall back to the store; *e says
 * why and index_why() keeps it. Returns 0 or the store's error (no service). */
int index_open(const char *db, const index_opts *o, index_svc **out, qiao_err *e);
/* Stops the follower, writes the snapshot when it is behind (a clean
 * shutdown), frees everything. NULL: nothing. */
void index_close(index_svc *s);

/* For a command that reads the index once (the CLI): index_open with the
 * defaults (QIAO_NO_SNAPSHOT honoured) and `threads`, then index_read.
 * Fails (no service) when there is no index. On success the read lock is
 * held: end with index_close_read, which releases it and closes. */
int index_open_read(const char *db, int threads, index_svc **svc, match_index **ix,
                    qiao_err *e);
void index_close_read(index_svc *s);      /* NULL: nothing */

/* How the index was opened, for logs and tests: "snapshot + 12 changes",
 * "built (no snapshot)", "none (reason)". */
const char *index_how(const index_svc *s);
bool index_ready(const index_svc *s);   /* an index is there */
double index_open_secs(const index_svc *s);   /* what index_open took */

/* Applies the store's changes after the index's position (the rule above);
 * bumps the generation when anything changed. *applied (may be NULL): the
 * changed records applied. 0, or the store's error (the position stays). */
int index_catch_up(index_svc *s, size_t *applied, qiao_err *e);
/* The same, waiting at most wait_ms for a catch-up or a snapshot already in
 * progress (the web, after a write: a request never hangs behind a snapshot
 * being written at 10^6 records). 1 when it gave up waiting — the follower
 * applies the changes within about a second — else as index_catch_up. */
int index_catch_up_wait(index_svc *s, long wait_ms, size_t *applied, qiao_err *e);
/* The store generation the index reflects. */
int64_t index_position(index_svc *s);

/* The read lock and the index (NULL when there is none — the lock is held
 * all the same: always pair with index_read_end). Readers: search, explain,
 * facets, suggestions, statistics, alerts' ranking. s NULL: NULL, no lock. */
match_index *index_read(index_svc *s);
void index_read_end(index_svc *s);
/* The lock itself, for code that takes it as a pthread_rwlock_t (alert_opts). */
pthread_rwlock_t *index_rwlock(index_svc *s);

/* The generation: bumped by every change of the index (and by
 * index_invalidate). Answers cached for an older generation are not used. */
unsigned long index_generation(index_svc *s);
/* Bumps the generation without a change of the index: what the cached
 * answers show changed elsewhere (an org's name). */
void index_invalidate(index_svc *s);

/* Starts the follower thread: every o->follow_ms it asks the store whether
 * anything was committed (store_data_version on the service's handle), and
 * if the generation moved, catches up; it writes the snapshot in the
 * background after o->snapshot_every changes or o->snapshot_secs seconds,
 * whichever first. Writing the snapshot holds the read lock (searches go
 * on) but a catch-up waits for it: about 0.6 s at 10^5 achievements, 6-8 s
 * at 10^6 (docs/architecture.md). 0, or QIAO_EIO when the thread cannot start. */
int index_follow(index_svc *s, qiao_err *e);
/* Drops the postings of replaced and removed records (match_compact_prepare
 * under the read lock — searches go on, catch-ups wait — then a short
 * write lock): the index then ranks exactly as a fresh build. The follower
 * does it once after an open from a snapshot, so the first search is not
 * kept waiting for it; catch-ups wait meanwhile (4.6 s at 10^5 achievements
 * with 10,000 replaced, docs/architecture.md). Returns the dead records dropped. */
size_t index_compact(index_svc *s);
/* Writes the snapshot now (under the read lock) if it is behind; 0 when
 * written or not needed, else the error (the old snapshot stays). */
int index_snapshot(index_svc *s, qiao_err *e);
/* Counters for tests and benchmarks. */
typedef struct index_stats {
    uint64_t catch_ups;       /* catch-ups that applied something */
    uint64_t applied;         /* changed records applied in all */
    uint64_t snapshots;       /* snapshots written */
    double snapshot_secs;     /* the last one's writing time */
} index_stats;
void index_get_stats(index_svc *s, index_stats *out);
/* For tests: fn(ud) runs inside every catch-up that finds changes, after
 * they are read and before they are applied (a write racing the catch-up). */
void index_set_test_hook(index_svc *s, void (*fn)(void *ud), void *ud);

/* ---- The cache of ranked searches (search_cache.c) ----
 * The ranked hits (keys and scores) of recent searches, keyed by (query
 * text as given, kind, hits asked), each valid for the generation it was
 * computed at: a search after any change of the index misses. At most
 * `entries` values and entries × 4 KiB of them (least recently used go
 * first). Thread-safe: sharded mutexes held only to look up or relink;
 * values are immutable and reference-counted. */
typedef struct index_search_cache index_search_cache;
typedef struct index_hits index_hits;
index_search_cache *index_search_cache_new(size_t entries);   /* NULL when entries == 0 */
void index_search_cache_free(index_search_cache *c);
/* The service's cache (NULL when off). */
index_search_cache *index_searches(index_svc *s);
/* A new value (one reference, the caller's) holding a copy of h's keys and
 * scores, for the search (k, top, q) at generation gen. */
index_hits *index_hits_new(model_kind k, size_t top, const char *q, unsigned long gen,
                           const match_hits *h);
size_t index_hits_count(const index_hits *v);
const char *index_hits_key(const index_hits *v, size_t i);
float index_hits_score(const index_hits *v, size_t i);
void index_hits_release(index_hits *v);       /* NULL: nothing */
/* Before the value is put in the cache: something computed with the hits (a
 * list's facets), owned by the value from then on (extra_free(extra) when it
 * goes), counted as `bytes` more. index_hits_extra: NULL when none. */
void index_hits_set_extra(index_hits *v, void *extra, void (*extra_free)(void *), size_t bytes);
const void *index_hits_extra(const index_hits *v);
/* The cached value of (k, top, q) at generation gen (a new reference), or
 * NULL (also when c is NULL). Entries of an older generation are dropped. */
index_hits *index_search_cache_get(index_search_cache *c, model_kind k, size_t top,
                                   const char *q, unsigned long gen);
/* Stores v (the cache takes its own reference; a NULL cache takes nothing). */
void index_search_cache_put(index_search_cache *c, index_hits *v);
/* How many values the cache holds (for tests). */
size_t index_search_cache_size(index_search_cache *c);

/* ---- The cache of a record's matches (match_cache.c) ----
 * Recent answers (as text: callers parse their own copy) by a caller's key
 * (what was asked: kind, record, target, top, ...), each valid for the
 * generation it was computed at. Direct-mapped; thread-safe. */
#define INDEX_MCACHE_KEY_MAX 256
/* A copy of the answer of key at generation gen (caller frees), or NULL. */
char *index_mcache_get(index_svc *s, const char *key, unsigned long gen);
/* Keeps text (copied) as the answer of key at generation gen. */
void index_mcache_put(index_svc *s, const char *key, unsigned long gen, const char *text);

/* ---- The cache of list items (item_cache.c) ----
 * What a list shows of a record (as text: the caller's rendering, e.g. its
 * public document as JSON) by kind and key, valid for one generation: the
 * first lookup at a newer generation empties the cache; a text made at an
 * older one is not kept. Read the generation BEFORE reading the record from
 * the store. At most 64 MB. Thread-safe; off unless index_opts.item_cache. */
/* A copy of the text of (k, key) at generation gen (caller frees; its length
 * in *len), or NULL. */
char *index_item_get(index_svc *s, model_kind k, const char *key, unsigned long gen,
                     size_t *len);
/* Keeps text[0..len) (copied) as what (k, key) shows at generation gen. */
void index_item_put(index_svc *s, model_kind k, const char *key, unsigned long gen,
                    const char *text, size_t len);

#endif
