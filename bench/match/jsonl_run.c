/* bench/match/jsonl_run.c — builds the match index straight from JSONL
 * files (no store) and runs either every demand as a match query or a TREC
 * query file as searches; writes a TREC run to stdout and timings to stderr.
 *
 *   jsonl_run match  TOP FILE.jsonl...             every demand -> achievements
 *   jsonl_run search TOP QUERIES.tsv FILE.jsonl... each line qid<TAB>query
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

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: jsonl_run match TOP FILE... | jsonl_run search TOP QUERIES FILE...\n", stderr);
        return 2;
    }
    qiao_err e = {0};
    if (text_init(&e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
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
        FILE *f = fopen(argv[3], "r");
        if (!f) {
            perror(argv[3]);
            return 1;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
            char *tab = strchr(line, '\t');
            if (!tab)
                continue;
            *tab = '\0';
            match_query *q;
            double qt = now();
            double st = 0;
            if (match_query_parse(ix, tab + 1, strlen(tab + 1), &q, &e) < 0 || (st = now(), 0) ||
                match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e) < 0) {
                fprintf(stderr, "%s: %s\n", line, e.msg);
                continue;
            }
            note(now() - qt, now() - st);
            for (size_t k = 0; k < h.n; k++)
                printf("%s Q0 %s %zu %.6f qiao\n", line, h.v[k].key, k + 1, (double)h.v[k].score);
            match_query_free(q);
            nq++;
        }
        free(line);
        fclose(f);
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
