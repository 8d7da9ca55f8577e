/* match/build.c — building the index from the store at command start.
 *
 * Segmentation is the slow part, so it runs in `threads` worker threads
 * while this thread scans the store and adds the analysed records to the
 * index in scan order (so that term and doc ids, and thus every score, are
 * the same whatever the number of threads). Records travel in batches
 * through a ring of slots: the scanner fills the slot at `fill`, a worker
 * analyses the next filled one, and the scanner adds the slot at `merge`
 * once it is analysed, then reuses it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"
#include "store/store.h"

#define BATCH 64
#define NSLOT 16

enum { S_FREE, S_FILLED, S_TAKEN, S_DONE };

typedef struct slot {
    model_record rec[BATCH];
    mx_arec ar[BATCH];
    int n, state, rc;
    qiao_err err;
} slot;

typedef struct pipe {
    match_index *ix;
    slot *s;
    size_t fill, merge, work;          /* sequence numbers; slot = seq % NSLOT */
    int quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int rc;
    qiao_err *e;
} pipe_t;

static void *worker(void *ud)
{
    pipe_t *p = ud;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && !(p->work < p->fill && p->s[p->work % NSLOT].state == S_FILLED))
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->quit)
            break;
        slot *s = &p->s[p->work++ % NSLOT];
        s->state = S_TAKEN;
        pthread_mutex_unlock(&p->mu);
        s->rc = 0;
        for (int i = 0; i < s->n && s->rc == 0; i++)
            if (mx_record_live(&s->rec[i]))
                s->rc = mx_arec_analyze(&s->ar[i], &s->rec[i], &s->err);
        pthread_mutex_lock(&p->mu);
        s->state = S_DONE;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Adds the oldest batch once analysed (waits for it); called with mu held. */
static void merge_one(pipe_t *p)
{
    slot *s = &p->s[p->merge % NSLOT];
    while (s->state != S_DONE)
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    if (s->rc < 0 && p->rc == 0) {
        p->rc = s->rc;
        *p->e = s->err;
    }
    for (int i = 0; i < s->n; i++) {
        if (p->rc == 0) {
            int rc = mx_record_live(&s->rec[i]) ? mx_index_add(p->ix, &s->rec[i], &s->ar[i], p->e)
                                                 : match_index_put(p->ix, &s->rec[i], p->e);
            if (rc < 0)
                p->rc = rc;
        }
        model_record_clear(&s->rec[i]);
    }
    s->n = 0;
    pthread_mutex_lock(&p->mu);
    s->state = S_FREE;
    p->merge++;
}

static void submit(pipe_t *p)
{
    pthread_mutex_lock(&p->mu);
    p->s[p->fill % NSLOT].state = S_FILLED;
    p->fill++;
    pthread_cond_broadcast(&p->cv);
    while (p->fill - p->merge == NSLOT || (p->merge < p->fill &&
                                           p->s[p->merge % NSLOT].state == S_DONE))
        merge_one(p);
    pthread_mutex_unlock(&p->mu);
}

static int scan_one(const model_record *r, void *ud)
{
    pipe_t *p = ud;
    if (p->rc)
        return 1;
    slot *s = &p->s[p->fill % NSLOT];
    model_record *d = &s->rec[s->n++];
    d->kind = r->kind;
    memcpy(d->key, r->key, sizeof d->key);
    d->doc = json_incref(r->doc);
    if (s->n == BATCH)
        submit(p);
    return 0;
}

static int build_one(const model_record *r, void *ud)
{
    void **p = ud;
    return match_index_put(p[0], r, p[1]) < 0 ? -1 : 0;
}

static const model_kind kinds[] = { MODEL_ACHIEVEMENT, MODEL_DEMAND, MODEL_PERSON };

static int build_serial(match_index *ix, struct store *s, qiao_err *e)
{
    void *ud[2] = { ix, e };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int rc = store_scan(s, kinds[i], build_one, ud, e);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return e->code ? e->code : QIAO_EIO;
    }
    return 0;
}

int match_index_build(match_index *ix, struct store *s, int threads, qiao_err *e)
{
    if (threads <= 0)
        threads = 2;
    if (threads > 64)
        threads = 64;
    int rc = 0;
    if (threads == 1) {
        rc = build_serial(ix, s, e);
        goto out;
    }
    pipe_t p = { .ix = ix, .e = e };
    p.s = qiao_calloc(NSLOT, sizeof *p.s);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t th[64];
    int nth = 0;
    for (int i = 0; i < threads; i++)
        if (pthread_create(&th[nth], NULL, worker, &p) == 0)
            nth++;
    if (nth == 0) {                    /* no threads to be had: do it here */
        rc = build_serial(ix, s, e);
    } else {
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && rc == 0 && p.rc == 0; i++) {
            rc = store_scan(s, kinds[i], scan_one, &p, e);
            if (rc > 0)
                rc = 0;                /* stopped by an error in p.rc */
        }
        if (p.s[p.fill % NSLOT].n)
            submit(&p);
        pthread_mutex_lock(&p.mu);
        while (p.merge < p.fill)
            merge_one(&p);
        p.quit = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < nth; i++)
            pthread_join(th[i], NULL);
        if (rc == 0)
            rc = p.rc;
    }
    for (int i = 0; i < NSLOT; i++)
        for (int j = 0; j < BATCH; j++) {
            model_record_clear(&p.s[i].rec[j]);
            mx_arec_free(&p.s[i].ar[j]);
        }
    free(p.s);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
out:
    if (rc == 0)
        mx_rebound(ix, threads);
    return rc;
}
