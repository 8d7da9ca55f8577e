/* match/batch.c — top k counterparts for every record of a kind at once
 * (`qiao match --all`), on several threads.
 *
 * The records are read from the store first (the calling thread), then
 * `threads` workers take them in chunks, build each query, search and
 * format TREC lines into the record's own buffer; the buffers are written
 * out in store order, so the output is the same for any number of threads
 * and equals one `qiao match --format trec` per record. The index is only
 * read (concurrent readers are allowed); the store is not touched by the
 * workers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/internal.h"
#include "store/store.h"

typedef struct batch {
    match_index *ix;
    model_record *rec;
    buf *out;
    size_t n, next;
    model_kind target;
    size_t top;
    int rc;
    qiao_err err;
    pthread_mutex_t mu;
} batch;

static int collect(const model_record *r, void *ud)
{
    batch *b = ud;
    if (!mx_record_matchable(r))
        return 0;
    if ((b->n & (b->n - 1)) == 0 || b->n == 0)
        b->rec = qiao_realloc(b->rec, (b->n ? b->n * 2 : 64) * sizeof *b->rec);
    model_record *d = &b->rec[b->n++];
    d->kind = r->kind;
    memcpy(d->key, r->key, sizeof d->key);
    d->doc = json_incref(r->doc);
    return 0;
}

static void *work(void *ud)
{
    batch *b = ud;
    match_hits h = {0};
    for (;;) {
        pthread_mutex_lock(&b->mu);
        size_t from = b->next, to = from + 16 < b->n ? from + 16 : b->n;
        b->next = to;
        int stop = b->rc != 0;
        pthread_mutex_unlock(&b->mu);
        if (from >= b->n || stop)
            break;
        for (size_t i = from; i < to; i++) {
            qiao_err e = {0};
            match_query *q = NULL;
            int rc = match_query_from_record(b->ix, &b->rec[i], &q, &e);
            if (rc == 0)
                rc = match_search(b->ix, q, b->target, b->top, &h, &e);
            if (rc == 0)
                rc = match_report(b->ix, q, &h, NULL, MATCH_FMT_TREC, b->rec[i].key, &b->out[i], &e);
            match_query_free(q);
            if (rc < 0) {
                pthread_mutex_lock(&b->mu);
                if (b->rc == 0) {
                    b->rc = rc;
                    b->err = e;
                }
                pthread_mutex_unlock(&b->mu);
                break;
            }
        }
    }
    match_hits_free(&h);
    return NULL;
}

int match_batch(match_index *ix, struct store *s, model_kind src, model_kind target,
                size_t top, int threads, FILE *out, size_t *nrec, qiao_err *e)
{
    if (threads <= 0)
        threads = 2;
    if (threads > 64)
        threads = 64;
    batch b = { .ix = ix, .target = target, .top = top };
    pthread_mutex_init(&b.mu, NULL);
    int rc = store_scan(s, src, collect, &b, e);
    if (rc > 0)
        rc = e->code ? e->code : QIAO_EIO;
    if (rc == 0) {
        b.out = qiao_calloc(b.n ? b.n : 1, sizeof *b.out);
        pthread_t th[64];
        int nth = 0;
        for (int i = 1; i < threads; i++)
            if (pthread_create(&th[nth], NULL, work, &b) == 0)
                nth++;
        work(&b);
        for (int i = 0; i < nth; i++)
            pthread_join(th[i], NULL);
        if (b.rc < 0) {
            rc = b.rc;
            *e = b.err;
        }
        for (size_t i = 0; i < b.n && rc == 0; i++)
            if (b.out[i].len && fwrite(b.out[i].p, 1, b.out[i].len, out) != b.out[i].len)
                rc = qiao_errf(e, QIAO_EIO, "writing the matches failed (disk full?)");
    }
    for (size_t i = 0; i < b.n; i++) {
        model_record_clear(&b.rec[i]);
        if (b.out)
            buf_free(&b.out[i]);
    }
    if (nrec)
        *nrec = b.n;
    free(b.rec);
    free(b.out);
    pthread_mutex_destroy(&b.mu);
    return rc;
}
