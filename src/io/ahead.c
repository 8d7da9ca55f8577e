/* io/ahead.c — JSON Lines read ahead: the lines of a chunk parsed and
 * validated on a second thread while the importer writes the records of
 * the chunk before (import.c). Nothing here touches the store or the
 * import's state; each job owns its record and its messages until the
 * importer takes them. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "io/internal.h"

int io_parse_line(const char *line, size_t len, const io_import_opts *o, model_record *out,
                  model_errors *errs)
{
    memset(out, 0, sizeof *out);
    char err[160];
    json_t *in = model_json_parse(line, len, err, sizeof err);
    if (!in) {
        model_errors_add(errs, "json", "not valid JSON: %s", err);
        return QIAO_EINVAL;
    }
    int rc = o && o->has_kind ? model_from_json_kind(o->kind, in, out, errs)
                              : model_from_json(in, out, errs);
    json_decref(in);
    return rc;
}

io_ahead_job *io_ahead_add(io_ahead *a)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        a->jobs = qiao_realloc(a->jobs, cap * sizeof *a->jobs);
        memset(a->jobs + a->cap, 0, (cap - a->cap) * sizeof *a->jobs);
        a->cap = cap;
    }
    io_ahead_job *j = &a->jobs[a->n++];
    j->errs.n = 0;    /* the messages' memory is kept from chunk to chunk */
    return j;
}

static void *parse_all(void *arg)
{
    io_ahead *a = arg;
    for (size_t i = 0; i < a->n; i++) {
        io_ahead_job *j = &a->jobs[i];
        j->rc = io_parse_line(a->data + j->off, j->len, a->o, &j->r, &j->errs);
    }
    return NULL;
}

void io_ahead_start(io_ahead *a, const char *data, const io_import_opts *o)
{
    a->data = data;
    a->o = o;
    a->running = a->n > 0 && pthread_create(&a->th, NULL, parse_all, a) == 0;
    if (!a->running)
        parse_all(a);   /* no thread: parsed here, at once */
}

void io_ahead_wait(io_ahead *a)
{
    if (a->running)
        pthread_join(a->th, NULL);
    a->running = 0;
}

void io_ahead_reset(io_ahead *a)
{
    io_ahead_wait(a);
    for (size_t i = 0; i < a->n; i++)
        model_record_clear(&a->jobs[i].r);
    a->n = 0;
}

void io_ahead_free(io_ahead *a)
{
    io_ahead_reset(a);
    for (size_t i = 0; i < a->cap; i++)
        model_errors_clear(&a->jobs[i].errs);
    free(a->jobs);
    memset(a, 0, sizeof *a);
}
