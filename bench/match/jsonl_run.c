/* bench/match/jsonl_run.c — builds the match index straight from JSONL
 * files (no store) and runs either every demand as a match query or a TREC
 * query file as searches; writes a TREC run to stdout and timings to stderr.
 *
 *   jsonl_run match  TOP FILE.jsonl...             every demand -> achievements
 *   jsonl_run search TOP QUERIES.tsv FILE.jsonl... each line qid<TAB>query
 *   jsonl_run passes TOP NQ Q1.tsv..QNQ.tsv FILE.jsonl...
 *
 * passes (for bench/peers/scale_peers.py): builds the index once, writes
 * `ready build_s S bytes B achievements A` to stdout, then for each line I
 * read from stdin runs every query of file I (0-based) once as a top-TOP
 * search and writes `pass I n N p50_ms X p99_ms Y qps Q hits H` (latency =
 * parse + search of one query; H = mean hits per query); ends at EOF.
 *
 * A development and benchmark tool: the product path is `qiao match` /
 * `qiao search` over the store, which use the same index code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/match.h"
#include "text/text.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double *lat, *slat;
static size_t nlat, caplat;

static void note(double t, double st)
{
    if (nlat == caplat) {
        caplat = caplat ? caplat * 2 : 1024;
        lat = realloc(lat, caplat * sizeof *lat);
        slat = realloc(slat, caplat * sizeof *slat);
    }
    slat[nlat] = st;
    lat[nlat++] = t;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static model_record *recs;
static size_t nrecs, caprecs;

static void load(match_index *ix, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_error_t je;
        json_t *j = json_loadb(line, (size_t)n, 0, &je);
        if (!j)
            continue;
        model_record r;
        model_errors errs = {0};
        if (model_from_json(j, &r, &errs) == 0) {
            qiao_err e = {0};
            if (match_index_put(ix, &r, &e) < 0)
                fprintf(stderr, "%s\n", e.msg);
            if (r.kind == MODEL_DEMAND) {
                if (nrecs == caprecs) {
                    caprecs = caprecs ? caprecs * 2 : 256;
                    recs = realloc(recs, caprecs * sizeof *recs);
                }
                recs[nrecs++] = r;
            } else {
                model_record_clear(&r);
            }
        }
        model_errors_clear(&errs);
        json_decref(j);
    }
    free(line);
    fclose(f);
}

typedef struct qfile {
    char **q;                  /* query texts */
    char **id;                 /* their ids */
    size_t n;
} qfile;

static void read_queries(const char *path, qfile *qf)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0, capq = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        if (qf->n == capq) {
            capq = capq ? capq * 2 : 256;
            qf->q = realloc(qf->q, capq * sizeof *qf->q);
            qf->id = realloc(qf->id, capq * sizeof *qf->id);
        }
        *tab = '\0';
        qf->id[qf->n] = strdup(line);
        qf->q[qf->n++] = strdup(tab + 1);
    }
    free(line);
    fclose(f);
}

static void qfile_free(qfile *qf)
{
    for (size_t i = 0; i < qf->n; i++) {
        free(qf->q[i]);
        free(qf->id[i]);
    }
    free(qf->q);
    free(qf->id);
}

/* The passes mode (see the top of the file). */
static int passes(int argc, char **argv)
{
    size_t top = (size_t)atol(argv[2]);
    int nq = atoi(argv[3]);
    if (nq < 1 || 4 + nq >= argc) {
        fputs("usage: jsonl_run passes TOP NQ Q1.tsv..QNQ.tsv FILE...\n", stderr);
        return 2;
    }
    qfile *qf = calloc((size_t)nq, sizeof *qf);
    for (int i = 0; i < nq; i++)
        read_queries(argv[4 + i], &qf[i]);
    qiao_err e = {0};
    match_index *ix;
    match_index_new(&ix, &e);
    double t0 = now();
    for (int i = 4 + nq; i < argc; i++)
        load(ix, argv[i]);
    match_index_finish(ix, 0);
    printf("ready build_s %.3f bytes %zu achievements %zu\n", now() - t0, match_index_bytes(ix),
           match_index_count(ix, MODEL_ACHIEVEMENT));
    fflush(stdout);
    match_hits h = {0};
    char cmd[64];
    while (fgets(cmd, sizeof cmd, stdin)) {
        int k = atoi(cmd);
        if (k < 0 || k >= nq)
            continue;
        nlat = 0;
        size_t hits = 0;
        for (size_t i = 0; i < qf[k].n; i++) {
            match_query *q;
            double qt = now();
            if (match_query_parse(ix, qf[k].q[i], strlen(qf[k].q[i]), &q, &e) < 0)
                continue;
            if (match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e) < 0) {
                match_query_free(q);
                continue;
            }
            note(now() - qt, 0);
            hits += h.n;
            match_query_free(q);
        }
        double sum = 0;
        for (size_t i = 0; i < nlat; i++)
            sum += lat[i];
        qsort(lat, nlat, sizeof *lat, cmp_d);
        if (nlat)
            printf("pass %d n %zu p50_ms %.4f p99_ms %.4f qps %.2f hits %.2f\n", k, nlat,
                   lat[nlat / 2] * 1e3, lat[(size_t)((double)nlat * 0.99)] * 1e3,
                   (double)nlat / sum, (double)hits / (double)nlat);
        else
            printf("pass %d n 0\n", k);
        fflush(stdout);
    }
    for (int i = 0; i < nq; i++)
        qfile_free(&qf[i]);
    free(qf);
    free(lat);
    free(slat);
    match_hits_free(&h);
    match_index_free(ix);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: jsonl_run match TOP FILE... | jsonl_run search TOP QUERIES FILE...\n"
              "       jsonl_run passes TOP NQ Q1.tsv..QNQ.tsv FILE...\n", stderr);
        return 2;
    }
    qiao_err e = {0};
    if (text_init(&e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    if (strcmp(argv[1], "passes") == 0) {
        int rc = passes(argc, argv);
        text_shutdown();
        return rc;
    }
    int search = strcmp(argv[1], "search") == 0;
    size_t top = (size_t)atol(argv[2]);
    match_index *ix;
    match_index_new(&ix, &e);
    double t0 = now();
    for (int i = search ? 4 : 3; i < argc; i++)
        load(ix, argv[i]);
    match_index_finish(ix, 0);
    double t1 = now();
    fprintf(stderr, "index: %zu achievements, %zu demands in %.2fs, %.1f MB\n",
            match_index_count(ix, MODEL_ACHIEVEMENT), match_index_count(ix, MODEL_DEMAND),
            t1 - t0, (double)match_index_bytes(ix) / 1e6);
    match_hits h = {0};
    size_t nq = 0;
    if (!search) {
        for (size_t i = 0; i < nrecs; i++) {
            match_query *q;
            double qt = now();
            double st = 0;
            if (match_query_from_record(ix, &recs[i], &q, &e) < 0 || (st = now(), 0) ||
                match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e) < 0) {
                fprintf(stderr, "%s: %s\n", recs[i].key, e.msg);
                continue;
            }
            note(now() - qt, now() - st);
            for (size_t k = 0; k < h.n; k++)
                printf("%s Q0 %s %zu %.6f qiao\n", recs[i].key, h.v[k].key, k + 1, (double)h.v[k].score);
            match_query_free(q);
            nq++;
        }
    } else {
        qfile qf = {0};
        read_queries(argv[3], &qf);
        for (size_t i = 0; i < qf.n; i++) {
            match_query *q;
            double qt = now();
            double st = 0;
            if (match_query_parse(ix, qf.q[i], strlen(qf.q[i]), &q, &e) < 0 ||
                (st = now(), 0) || match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e) < 0) {
                fprintf(stderr, "%s: %s\n", qf.id[i], e.msg);
                continue;
            }
            note(now() - qt, now() - st);
            for (size_t k = 0; k < h.n; k++)
                printf("%s Q0 %s %zu %.6f qiao\n", qf.id[i], h.v[k].key, k + 1,
                       (double)h.v[k].score);
            match_query_free(q);
            nq++;
        }
        qfile_free(&qf);
    }
    fprintf(stderr, "queries: %zu in %.2fs\n", nq, now() - t1);
    if (nlat) {
        double sum = 0;
        for (size_t i = 0; i < nlat; i++)
            sum += lat[i];
        qsort(lat, nlat, sizeof *lat, cmp_d);
        qsort(slat, nlat, sizeof *slat, cmp_d);
        fprintf(stderr, "search_only_ms p50 %.3f p99 %.3f\n", slat[nlat / 2] * 1e3,
                slat[(size_t)((double)nlat * 0.99)] * 1e3);
        fprintf(stderr, "latency_ms p50 %.3f p99 %.3f qps %.1f build_s %.3f bytes %zu\n",
                lat[nlat / 2] * 1e3, lat[(size_t)((double)nlat * 0.99)] * 1e3, (double)nlat / sum,
                t1 - t0, match_index_bytes(ix));
    }
    free(lat);
    free(slat);
    match_hits_free(&h);
    for (size_t i = 0; i < nrecs; i++)
        model_record_clear(&recs[i]);
    free(recs);
    match_index_free(ix);
    text_shutdown();
    return 0;
}
