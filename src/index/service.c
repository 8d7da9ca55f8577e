/* index/service.c — the index service (index/index.h): open (snapshot +
 * replay, or a fresh build), catch-up in chunks, the lock and generation,
 * the follower thread and the background snapshot. */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index/internal.h"
#include "text/text.h"

/* Records applied under one hold of the write lock. They are read and
 * analysed (segmented) before the lock is taken, on o.threads threads: the
 * lock is held only to insert them, a few milliseconds per chunk. */
#define CHUNK 256
#define PREP_THREADS 8
/* The longest the write lock is held at once while a chunk is inserted (s):
 * inserting a record costs 50-150 us at 10^5 achievements, so a whole
 * chunk held it for 20-40 ms, and a request arriving then waited as long
 * (bench/alerts.sh). Between slices the waiting searches go first. */
#define HOLD_MAX 0.002

void index_opts_env(index_opts *o)
{
    const char *no = getenv("QIAO_NO_SNAPSHOT");
    if (no && *no && strcmp(no, "0") != 0)
        o->snapshot = false;
}

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct chg { model_kind k; char key[MODEL_KEY_MAX]; } chg;
typedef struct chgv { chg *v; size_t n, cap; } chgv;

static int collect(model_kind k, const char *key, void *ud)
{
    chgv *c = ud;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = qiao_realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n].k = k;
    snprintf(c->v[c->n].key, sizeof c->v[c->n].key, "%s", key);
    c->n++;
    return 0;
}

static int chg_cmp(const void *a, const void *b)
{
    const chg *x = a, *y = b;
    if (x->k != y->k)
        return x->k < y->k ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Analyses records [from, n) step `step` (match_prepare); a record that
 * fails gets NULL and is analysed again, and reported, when it is put. */
typedef struct prep_job {
    const model_record *recs;
    const bool *got;
    match_prepared **prep;
    size_t n, from, step;
} prep_job;

static void *prep_run(void *ud)
{
    prep_job *j = ud;
    for (size_t i = j->from; i < j->n; i += j->step) {
        qiao_err e = {0};
        if (!j->got[i] || match_prepare(&j->recs[i], &j->prep[i], &e) < 0)
            j->prep[i] = NULL;
    }
    return NULL;
}

static void prepare(index_svc *s, const model_record *recs, const bool *got,
                    match_prepared **prep, size_t n)
{
    int t = s->o.threads > 0 ? s->o.threads : 2;
    if (t > PREP_THREADS)
        t = PREP_THREADS;
    if (n < 16)
        t = 1;
    prep_job job[PREP_THREADS];
    pthread_t th[PREP_THREADS];
    bool started[PREP_THREADS] = {0};
    for (int i = 0; i < t; i++) {
        job[i] = (prep_job){ recs, got, prep, n, (size_t)i, (size_t)t };
        if (i > 0)
            started[i] = pthread_create(&th[i], NULL, prep_run, &job[i]) == 0;
    }
    prep_run(&job[0]);
    for (int i = 1; i < t; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            prep_run(&job[i]);
    }
}

/* The catch-up proper; s->mu held. */
static int catch_up_locked(index_svc *s, size_t *applied, qiao_err *e)
{
    if (applied)
        *applied = 0;
    int64_t now = 0;
    char uid[STORE_UID_LEN];
    int rc = store_generation(s->st, &now, uid, e);     /* FIRST: the position to reach */
    if (rc < 0)
        return rc;
    int64_t pos = atomic_load(&s->pos);
    if (now <= pos)
        return 0;
    if (!s->ix) {                         /* no index: only the position moves */
        atomic_store(&s->pos, now);
        return 0;
    }
    chgv c = {0};
    rc = store_changes(s->st, pos, collect, &c, e);
    if (rc != 0) {
        free(c.v);
        return rc < 0 ? rc : QIAO_EIO;
    }
    if (c.n > 1) {                        /* each record once: it is re-read as it is now */
        qsort(c.v, c.n, sizeof *c.v, chg_cmp);
        size_t m = 1;
        for (size_t i = 1; i < c.n; i++)
            if (chg_cmp(&c.v[i], &c.v[m - 1]) != 0)
                c.v[m++] = c.v[i];
        c.n = m;
    }
    if (s->hook)
        s->hook(s->hook_ud);
    model_record recs[CHUNK];
    bool got[CHUNK], partial = false;
    match_prepared *prep[CHUNK];
    for (size_t at = 0; at < c.n && rc == 0; at += CHUNK) {
        size_t n = c.n - at < CHUNK ? c.n - at : CHUNK;
        for (size_t i = 0; i < n && rc == 0; i++) {   /* read outside the lock */
            int g = store_get(s->st, c.v[at + i].k, c.v[at + i].key, &recs[i], e);
            got[i] = g == 0;
            if (g < 0 && g != QIAO_ENOTFOUND) {
                for (size_t j = 0; j < i; j++)
                    if (got[j])
                        model_record_clear(&recs[j]);
                rc = g;
            }
        }
        if (rc < 0)
            break;
        prepare(s, recs, got, prep, n);   /* segmentation: outside the lock, in parallel */
        pthread_rwlock_wrlock(&s->lock);
        double held = mono();
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && mono() - held > HOLD_MAX) {   /* let the readers waiting in */
                pthread_rwlock_unlock(&s->lock);
                pthread_rwlock_wrlock(&s->lock);
                held = mono();
            }
            qiao_err pe = {0};
            if (got[i] ? match_index_put_prepared(s->ix, &recs[i], prep[i], &pe) < 0
                       : match_index_remove(s->ix, c.v[at + i].k, c.v[at + i].key) < 0)
                fprintf(stderr, "qiao: index: %s %s not indexed: %s\n",
                        model_kind_name(c.v[at + i].k), c.v[at + i].key, pe.msg);
        }
        partial = true;
        if (at + n >= c.n) {
            /* one generation per catch-up, not per chunk: cached answers stay
             * usable while a bulk import is being applied (they were right
             * before it began) and are all dropped once it is in */
            atomic_fetch_add(&s->gen, 1);
            partial = false;
            atomic_store(&s->pos, now);   /* every change up to `now` is in */
        }
        pthread_rwlock_unlock(&s->lock);
        for (size_t i = 0; i < n; i++) {
            match_prepared_free(prep[i]);
            if (got[i])
                model_record_clear(&recs[i]);
        }
    }
    if (partial)                          /* stopped by an error after some chunks */
        atomic_fetch_add(&s->gen, 1);
    if (rc == 0 && c.n == 0) {            /* log rows of no record left: still moved */
        pthread_rwlock_wrlock(&s->lock);
        atomic_store(&s->pos, now);
        pthread_rwlock_unlock(&s->lock);
    }
    if (rc == 0) {
        if (s->since_save == 0)
            s->first_change_at = mono();
        s->since_save += c.n ? c.n : 1;
        s->st_stats.catch_ups++;
        s->st_stats.applied += c.n;
        if (applied)
            *applied = c.n;
    }
    free(c.v);
    return rc;
}

int index_catch_up(index_svc *s, size_t *applied, qiao_err *e)
{
    if (applied)
        *applied = 0;
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    int rc = catch_up_locked(s, applied, e);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int index_catch_up_wait(index_svc *s, long wait_ms, size_t *applied, qiao_err *e)
{
    if (applied)
        *applied = 0;
    if (!s)
        return 0;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&s->mu, &until) != 0)
        return 1;
    int rc = catch_up_locked(s, applied, e);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

int64_t index_position(index_svc *s)
{
    return s ? atomic_load(&s->pos) : 0;
}

/* The snapshot, if usable: 0 with the index loaded and s->pos its
 * generation; else the index is left empty and the reason in *why. */
static int from_snapshot(index_svc *s, int64_t now, const char *uid, size_t *replay, buf *why)
{
    qiao_err le = {0};
    int64_t since = -1;
    char suid[STORE_UID_LEN];
    if (match_index_load(s->ix, s->snap, &since, suid, &le) < 0) {
        buf_puts(why, le.msg);
        return -1;
    }
    int64_t nchanged = 0;
    size_t total = 0;
    for (int k = 0; k < 3; k++)
        total += match_index_count(s->ix, k == 0 ? MODEL_ACHIEVEMENT
                                          : k == 1 ? MODEL_DEMAND : MODEL_PERSON);
    if (strcmp(suid, uid) != 0)
        buf_puts(why, "the snapshot belongs to another store");
    else if (since > now)
        buf_puts(why, "the snapshot is newer than the store");
    else if (store_changes_count(s->st, since, &nchanged, &le) < 0)
        buf_puts(why, le.msg);
    else if ((size_t)nchanged > total / 4 + 1000)
        buf_printf(why, "%" PRId64 " changes since the snapshot: rebuilding is faster", nchanged);
    else {
        atomic_store(&s->pos, since);
        s->saved_pos = since;
        s->compact_due = true;            /* index_compact: by the follower, after start */
        if (s->o.defer_replay) {          /* the follower replays, once serving */
            *replay = (size_t)nchanged;
            s->replay_due = nchanged > 0;
            return 0;
        }
        qiao_err ce = {0};
        if (catch_up_locked(s, replay, &ce) == 0)
            return 0;
        buf_puts(why, ce.msg);
    }
    match_index_free(s->ix);              /* unusable: start empty */
    s->ix = NULL;
    qiao_err ne = {0};
    return match_index_new(&s->ix, &ne) < 0 ? -2 : -1;
}

int index_open(const char *db, const index_opts *o, index_svc **out, qiao_err *e)
{
    *out = NULL;
    index_svc *s = qiao_calloc(1, sizeof *s);
    s->o = *o;
    if (s->o.follow_ms <= 0)
        s->o.follow_ms = INDEX_FOLLOW_MS;
    pthread_rwlock_init(&s->lock, NULL);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->fmu, NULL);
    pthread_cond_init(&s->fcv, NULL);
    atomic_init(&s->gen, 0);
    atomic_init(&s->pos, 0);
    s->saved_pos = -1;
    s->last_save_at = mono();
    s->sc = index_search_cache_new(o->search_cache);
    if (o->match_cache)
        index_mcache_init(s);
    if (o->item_cache)
        index_items_init(s);
    s->snap_on = o->snapshot && match_snapshot_path(db, s->snap, sizeof s->snap) == 0;
    int rc = store_open(db, &s->st, e);
    if (rc < 0) {
        index_close(s);
        return rc;
    }
    int64_t now = 0;
    qiao_err be = {0};
    buf why = {0};
    size_t replay = 0;
    double t0 = mono();
    int built = -1;
    if ((rc = store_generation(s->st, &now, s->uid, e)) < 0) {
        buf_free(&why);
        index_close(s);
        return rc;
    }
    if (text_init(&be) < 0 || match_index_new(&s->ix, &be) < 0) {
        built = -2;
    } else if (s->snap_on && from_snapshot(s, now, s->uid, &replay, &why) == 0) {
        built = 0;
        snprintf(s->how, sizeof s->how, "snapshot + %zu changes%s", replay,
                 s->replay_due ? " (applied after the start)" : "");
    } else if (s->ix) {
        if (!s->snap_on)
            buf_puts(&why, "snapshots off");
        atomic_store(&s->pos, now);       /* read before the build: nothing is skipped */
        if (match_index_build(s->ix, s->st, o->threads, &be) == 0) {
            built = 1;
            s->saved_pos = -1;            /* the snapshot is behind: written soon */
            s->since_save = 1;
            snprintf(s->how, sizeof s->how, "built (%s)", why.len ? buf_cstr(&why) : "no snapshot");
        } else {
            built = -2;
        }
    }
    buf_free(&why);
    if (built < 0) {
        match_index_free(s->ix);
        s->ix = NULL;
        snprintf(s->how, sizeof s->how, "none (%s)", be.msg[0] ? be.msg : "no index");
        snprintf(s->why, sizeof s->why, "%s", be.msg);
        *e = be;
    }
    s->open_secs = mono() - t0;
    *out = s;
    return 0;
}

const char *index_how(const index_svc *s)
{
    return s ? s->how : "none";
}

bool index_ready(const index_svc *s)
{
    return s && s->ix;
}

double index_open_secs(const index_svc *s)
{
    return s ? s->open_secs : 0;
}

match_index *index_read(index_svc *s)
{
    if (!s)
        return NULL;
    pthread_rwlock_rdlock(&s->lock);
    return s->ix;
}

void index_read_end(index_svc *s)
{
    if (s)
        pthread_rwlock_unlock(&s->lock);
}

pthread_rwlock_t *index_rwlock(index_svc *s)
{
    return s ? &s->lock : NULL;
}

unsigned long index_generation(index_svc *s)
{
    return s ? atomic_load(&s->gen) : 0;
}

void index_invalidate(index_svc *s)
{
    if (s)
        atomic_fetch_add(&s->gen, 1);
}

/* Drops the postings of replaced and removed records. The new lists are
 * built under the read lock only — catch-ups are not held up for the
 * seconds that takes at 10^6 — and put in place under the catch-up mutex and
 * the write lock, unless the index changed meanwhile (the generation moved):
 * then the work is dropped and the follower tries again on its next round. */
size_t index_compact(index_svc *s)
{
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    s->compact_due = false;
    pthread_mutex_unlock(&s->mu);
    double t0 = mono();
    pthread_rwlock_rdlock(&s->lock);      /* searches and catch-ups' reading go on */
    unsigned long gen0 = atomic_load(&s->gen);
    match_compaction *m = s->ix ? match_compact_prepare(s->ix) : NULL;
    pthread_rwlock_unlock(&s->lock);
    size_t n = 0;
    if (!m)
        return 0;
    pthread_mutex_lock(&s->mu);
    pthread_rwlock_wrlock(&s->lock);
    if (atomic_load(&s->gen) != gen0) {  /* a catch-up applied changes meanwhile */
        pthread_rwlock_unlock(&s->lock);
        match_compaction_free(m);
        s->compact_due = true;
        pthread_mutex_unlock(&s->mu);
        return 0;
    }
    n = match_compact_commit(s->ix, m);
    atomic_fetch_add(&s->gen, 1);
    pthread_rwlock_unlock(&s->lock);
    if (s->since_save == 0)
        s->first_change_at = mono();
    s->since_save++;
    if (!s->o.quiet)
        fprintf(stderr, "qiao: index: compacted: %zu replaced or removed records dropped "
                "in %.2f s\n", n, mono() - t0);
    pthread_mutex_unlock(&s->mu);
    return n;
}

/* s->mu held. */
static int snapshot_locked(index_svc *s, qiao_err *e)
{
    if (!s->snap_on || !s->ix || s->since_save == 0)
        return 0;
    double t0 = mono();
    pthread_rwlock_rdlock(&s->lock);      /* searches go on; catch-ups wait (s->mu) */
    int64_t pos = atomic_load(&s->pos);
    int rc = match_index_save(s->ix, s->snap, pos, s->uid, e);
    pthread_rwlock_unlock(&s->lock);
    s->last_save_at = mono();
    if (rc == 0) {
        s->saved_pos = pos;
        s->since_save = 0;
        s->st_stats.snapshots++;
        s->st_stats.snapshot_secs = s->last_save_at - t0;
        if (!s->o.quiet)
            fprintf(stderr, "qiao: index: snapshot at generation %" PRId64 " written in "
                    "%.2f s\n", pos, s->st_stats.snapshot_secs);
    }
    return rc;
}

int index_snapshot(index_svc *s, qiao_err *e)
{
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    int rc = snapshot_locked(s, e);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void index_get_stats(index_svc *s, index_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    *out = s->st_stats;
    pthread_mutex_unlock(&s->mu);
}

void index_close(index_svc *s)
{
    if (!s)
        return;
    index_unfollow(s);
    if (s->st) {
        qiao_err e = {0};
        if (index_snapshot(s, &e) < 0)
            fprintf(stderr, "qiao: index: %s\n", e.msg);
        store_close(s->st);
    }
    match_index_free(s->ix);
    index_search_cache_free(s->sc);
    index_mcache_free(s);
    index_items_free(s);
    pthread_cond_destroy(&s->fcv);
    pthread_mutex_destroy(&s->fmu);
    pthread_mutex_destroy(&s->mu);
    pthread_rwlock_destroy(&s->lock);
    free(s);
}

void index_set_test_hook(index_svc *s, void (*fn)(void *ud), void *ud)
{
    pthread_mutex_lock(&s->mu);
    s->hook = fn;
    s->hook_ud = ud;
    pthread_mutex_unlock(&s->mu);
}

index_search_cache *index_searches(index_svc *s)
{
    return s ? s->sc : NULL;
}

int index_open_read(const char *db, int threads, index_svc **svc, match_index **ix,
                    qiao_err *e)
{
    *svc = NULL;
    *ix = NULL;
    index_opts o = INDEX_OPTS_DEFAULT;
    o.threads = threads;
    index_opts_env(&o);
    index_svc *s;
    int rc = index_open(db, &o, &s, e);
    if (rc < 0)
        return rc;
    if (!s->ix) {
        rc = e->code ? e->code : QIAO_EIO;
        index_close(s);
        return rc;
    }
    *svc = s;
    *ix = index_read(s);
    return 0;
}

void index_close_read(index_svc *s)
{
    if (!s)
        return;
    index_read_end(s);
    index_close(s);
}
