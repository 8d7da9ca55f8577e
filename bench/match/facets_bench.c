/* bench/match/facets_bench.c — what a search with filters and facets costs
 * in the engine: for each query of a file (one a line, the web load's
 * queries), ranks the top 21 with and without a filter and counts the
 * facets of every hit, and prints the median and 99th percentile of each
 * (CPU time of the thread, so that other jobs on the machine count less).
 * Then a list's facets with two filters chosen (chain, TRL range), each
 * counted without its own filter: three counts (match_facets_count of the
 * query with both, with the TRL range alone, with the chain alone), and
 * one pass (match_facets_multi).
 *   build/bench/facets_bench DB QUERIES [SNAPSHOT]
 * SNAPSHOT: an index snapshot to load (made when missing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/match.h"
#include "store/store.h"
#include "text/text.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);   /* CPU time: the machine is shared */
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_d);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    printf("%-28s p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms\n", what, v[n / 2],
           v[(size_t)(n * 0.99)], sum / n);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: facets_bench DB QUERIES [SNAPSHOT]\n");
        return 2;
    }
    qiao_err e = {0};
    store *s;
    match_index *ix;
    if (text_init(&e) < 0 || store_open(argv[1], &s, &e) < 0 || match_index_new(&ix, &e) < 0 ||
        match_index_open(ix, s, argc > 3 ? argv[3] : NULL, 2, &e) < 0) {
        fprintf(stderr, "facets_bench: %s\n", e.msg);
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char line[4096];
    size_t n = 0, cap = 1024;
    double *t[6];
    for (int i = 0; i < 6; i++)
        t[i] = malloc(cap * sizeof(double));
    const char *chains[] = { "集成电路" };
    size_t hits_total = 0;
    while (fgets(line, sizeof line, f) && n < cap) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        match_query *q;
        if (match_query_parse(ix, line, strlen(line), &q, &e) < 0)
            continue;
        match_hits h = {0};
        match_facets fc;
        double a = now_ms();
        match_search(ix, q, MODEL_ACHIEVEMENT, 21, &h, &e);
        double b = now_ms();
        match_facets_count(ix, q, MODEL_ACHIEVEMENT, &fc, &e);
        double c = now_ms();
        hits_total += fc.total;
        match_facets_free(&fc);
        match_filter fl = { .chains = chains, .nchains = 1, .trl_min = 4, .trl_max = 7 };
        match_query_filter(ix, q, &fl, &e);
        double d = now_ms();
        match_search(ix, q, MODEL_ACHIEVEMENT, 21, &h, &e);
        double g = now_ms();
        match_facets_count(ix, q, MODEL_ACHIEVEMENT, &fc, &e);
        double k = now_ms();
        match_facets_free(&fc);
        /* a list's facets, chain and TRL chosen: three counts, or one pass */
        match_filter fc1 = { .chains = chains, .nchains = 1 }, ft = { .trl_min = 4, .trl_max = 7 };
        match_query *q1, *q2, *grp[2];
        match_query_parse(ix, line, strlen(line), &q1, &e);
        match_query_parse(ix, line, strlen(line), &q2, &e);
        match_query_filter(ix, q1, &ft, &e);   /* without the chain */
        match_query_filter(ix, q2, &fc1, &e);  /* without the TRL range */
        match_query_all(&grp[0], &e);
        match_query_filter(ix, grp[0], &fc1, &e);
        match_query_all(&grp[1], &e);
        match_query_filter(ix, grp[1], &ft, &e);
        match_facets f3[3], all, wo[2];
        double m0 = now_ms();
        match_facets_count(ix, q, MODEL_ACHIEVEMENT, &f3[0], &e);
        match_facets_count(ix, q1, MODEL_ACHIEVEMENT, &f3[1], &e);
        match_facets_count(ix, q2, MODEL_ACHIEVEMENT, &f3[2], &e);
        double m1 = now_ms();
        match_query_free(q1);
        match_query_free(q2);
        match_query_parse(ix, line, strlen(line), &q1, &e);
        double m2 = now_ms();
        match_facets_multi(ix, q1, MODEL_ACHIEVEMENT, (const match_query *const *)grp, 2, &all, wo,
                           &e);
        double m3 = now_ms();
        if (all.total != f3[0].total || wo[0].total != f3[1].total ||
            wo[1].total != f3[2].total) {
            fprintf(stderr, "facets_bench: one pass and three counts differ: %s\n", line);
            return 1;
        }
        for (int i = 0; i < 3; i++)
            match_facets_free(&f3[i]);
        match_facets_free(&all);
        match_facets_free(&wo[0]);
        match_facets_free(&wo[1]);
        match_query_free(q1);
        match_query_free(grp[0]);
        match_query_free(grp[1]);
        t[4][n] = m1 - m0;
        t[5][n] = m3 - m2;
        t[0][n] = b - a;
        t[1][n] = c - b;
        t[2][n] = g - d;
        t[3][n] = k - g;
        n++;
        match_hits_free(&h);
        match_query_free(q);
    }
    fclose(f);
    printf("%zu queries over %zu achievements; %.0f hits a query on average\n", n,
           match_index_count(ix, MODEL_ACHIEVEMENT), n ? (double)hits_total / n : 0);
    report("rank top 21", t[0], n);
    report("facets of every hit", t[1], n);
    report("rank top 21, filtered", t[2], n);
    report("facets, filtered", t[3], n);
    report("list facets, 3 counts", t[4], n);
    report("list facets, one pass", t[5], n);
    match_index_free(ix);
    store_close(s);
    return 0;
}
