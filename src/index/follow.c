/* index/follow.c — the follower thread (index_follow): watches the store
 * cheaply, catches up with every process's writes, and writes the snapshot
 * in the background. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include "index/internal.h"

/* The follower's nice value (0 = as the requests; 19 = lowest). */
#define INDEX_FOLLOW_NICE 5

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One look at the store, then the snapshot if it is due. */
static void tick(index_svc *s)
{
    qiao_err e = {0};
    uint64_t dv = 0;
    int64_t gen = 0;
    bool behind = false;
    pthread_mutex_lock(&s->mu);
    bool replay = s->replay_due;
    s->replay_due = false;
    if (store_data_version(s->st, &dv, &e) < 0) {
        fprintf(stderr, "qiao: index: %s\n", e.msg);
    } else if (dv != s->dv || replay) {   /* something was committed: did the log move? */
        char uid[STORE_UID_LEN];
        s->dv = dv;
        if (store_generation(s->st, &gen, uid, &e) < 0)
            fprintf(stderr, "qiao: index: %s\n", e.msg);
        else
            behind = gen > atomic_load(&s->pos);
    }
    bool compact = s->compact_due;
    pthread_mutex_unlock(&s->mu);
    double t0 = mono();
    size_t n = 0;
    if (behind && index_catch_up(s, &n, &e) < 0)
        fprintf(stderr, "qiao: index: catching up: %s\n", e.msg);
    else if (replay && !s->o.quiet)
        fprintf(stderr, "qiao: index: caught up with the %zu changes since the snapshot in "
                "%.2f s\n", n, mono() - t0);
    if (compact)                          /* after the replay: the index as a fresh build */
        index_compact(s);
    pthread_mutex_lock(&s->mu);
    double now = mono();
    bool due = s->snap_on && s->ix && s->since_save > 0 &&
               (s->saved_pos < 0 ||
                (s->o.snapshot_every > 0 && s->since_save >= (uint64_t)s->o.snapshot_every) ||
                (s->o.snapshot_secs > 0 && now - s->last_save_at >= (double)s->o.snapshot_secs));
    pthread_mutex_unlock(&s->mu);
    if (due && index_snapshot(s, &e) < 0)
        fprintf(stderr, "qiao: index: %s\n", e.msg);
}

static void *loop(void *ud)
{
    index_svc *s = ud;
    /* requests first: the follower's catch-ups (and the segmenting threads
     * they start, which inherit it) and snapshots run a little below them
     * (Linux: per thread); the write lock is held only to insert */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), INDEX_FOLLOW_NICE) < 0 &&
        !s->o.quiet)
        fprintf(stderr, "qiao: index: follower at normal priority (setpriority failed)\n");
    pthread_mutex_lock(&s->fmu);
    while (!s->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long ns = until.tv_nsec + (s->o.follow_ms % 1000) * 1000000L;
        until.tv_sec += s->o.follow_ms / 1000 + ns / 1000000000L;
        until.tv_nsec = ns % 1000000000L;
        while (!s->stop && pthread_cond_timedwait(&s->fcv, &s->fmu, &until) == 0)
            ;
        if (s->stop)
            break;
        pthread_mutex_unlock(&s->fmu);
        tick(s);
        pthread_mutex_lock(&s->fmu);
    }
    pthread_mutex_unlock(&s->fmu);
    return NULL;
}

int index_follow(index_svc *s, qiao_err *e)
{
    if (!s || s->following)
        return 0;
    pthread_mutex_lock(&s->mu);
    qiao_err de = {0};
    if (store_data_version(s->st, &s->dv, &de) < 0)
        s->dv = 0;
    pthread_mutex_unlock(&s->mu);
    s->stop = false;
    if (pthread_create(&s->th, NULL, loop, s) != 0)
        return qiao_errf(e, QIAO_EIO, "cannot start the index follower thread");
    s->following = true;
    return 0;
}

void index_unfollow(index_svc *s)
{
    if (!s->following)
        return;
    pthread_mutex_lock(&s->fmu);
    s->stop = true;
    pthread_cond_signal(&s->fcv);
    pthread_mutex_unlock(&s->fmu);
    pthread_join(s->th, NULL);
    s->following = false;
}
