/* bench/match/scale_bench.c — the scale figures of the matching index over a
 * store (bench/match/scale.py prepares the store and runs this):
 *
 *   scale_bench DB THREADS KEYWORDS.tsv DEMANDS.tsv DEMAND_RECORDS.jsonl NDEMANDS
 *
 * Cold build with THREADS threads (match_index_build), the snapshot written
 * and loaded back (a warm restart), index bytes and peak RSS; then, pinned
 * to one core, p50/p99 latency and queries/s of keyword and demand-length
 * search queries (and of those of 400 to 800 characters: the issue's
 * "about 600 characters"), write-to-visible latency (store write + commit + index put
 * + a query that finds it), and the throughput of top-10 matching for
 * NDEMANDS demand records (the techmatch demands, cycled) on one core and
 * on THREADS threads (concurrent readers). Prints `name value` lines.
 *
 * SCALE_SNAP=FILE: load the index from FILE when it holds a current
 * snapshot (no cold build), else build and keep the snapshot there: for
 * comparing query evaluation settings (MQ_* of a -DMX_TUNE build) without
 * rebuilding. SCALE_DUMP=FILE: write each query's top 10 (`set qid key`
 * lines) for comparing rankings across settings (bench/match/agree.py). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "match/match.h"
#include "store/store.h"
#include "text/text.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, size_t n)
{
    if (!n)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    qsort(v, n, sizeof *v, cmp_d);
    printf("%s_p50_ms %.3f\n%s_p99_ms %.3f\n%s_qps %.1f\n", name, v[n / 2] * 1e3, name,
           v[(size_t)((double)n * 0.99)] * 1e3, name, (double)n / sum);
}

static FILE *dump;

static void dump_hits(const char *set, const char *qid, const match_hits *h)
{
    if (!dump)
        return;
    for (size_t i = 0; i < h->n; i++)
        fprintf(dump, "%s %s %s\n", set, qid, h->v[i].key);
}

static void queries(match_index *ix, const char *path, const char *name)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    double *lat = NULL, *mid = NULL;   /* mid: texts of 400 to 800 characters */
    size_t n = 0, cap = 0, nmid = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    match_hits h = {0};
    while ((len = getline(&line, &lcap, f)) > 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        qiao_err e = {0};
        match_query *q;
        double t = now();
        if (match_query_parse(ix, tab + 1, strlen(tab + 1), &q, &e) < 0)
            continue;
        match_search(ix, q, MODEL_ACHIEVEMENT, 10, &h, &e);
        t = now() - t;
        *tab = '\0';
        dump_hits(name, line, &h);
        match_query_free(q);
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            lat = realloc(lat, cap * sizeof *lat);
            mid = realloc(mid, cap * sizeof *mid);
        }
        lat[n++] = t;
        size_t chars = 0;              /* UTF-8 code points */
        for (const char *p = tab + 1; *p; p++)
            chars += ((unsigned char)*p & 0xc0) != 0x80;
        if (chars >= 400 && chars <= 800)
            mid[nmid++] = t;
    }
    report(name, lat, n);
    /* the "about 600 characters": the texts of 400 to 800 */
    char mname[64];
    snprintf(mname, sizeof mname, "%s_400to800chars", name);
    if (nmid)
        printf("%s_n %zu\n", mname, nmid);
    report(mname, mid, nmid);
    free(lat);
    free(mid);
    free(line);
    match_hits_free(&h);
    fclose(f);
}

static model_record *dem;
static size_t ndem;

static void load_demands(const char *path)
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
        model_record r;
        model_errors errs = {0};
        if (j && model_from_json(j, &r, &errs) == 0) {
            if (r.kind == MODEL_DEMAND) {
                dem = realloc(dem, (ndem + 1) * sizeof *dem);
                dem[ndem++] = r;
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

typedef struct mjob { match_index *ix; size_t from, to; } mjob;

static void *match_range(void *ud)
{
    mjob *j = ud;
    match_hits h = {0};
    for (size_t i = j->from; i < j->to; i++) {
        qiao_err e = {0};
        match_query *q;
        if (match_query_from_record(j->ix, &dem[i % ndem], &q, &e) == 0) {
            match_search(j->ix, q, MODEL_ACHIEVEMENT, 10, &h, &e);
            if (i < ndem)
                dump_hits("demand_record", dem[i].key, &h);
            match_query_free(q);
        }
    }
    match_hits_free(&h);
    return NULL;
}

static double match_throughput(match_index *ix, size_t n, int threads)
{
    pthread_t th[16];
    mjob job[16];
    double t = now();
    for (int i = 0; i < threads; i++) {
        job[i] = (mjob){ ix, n * (size_t)i / (size_t)threads, n * (size_t)(i + 1) / (size_t)threads };
        pthread_create(&th[i], NULL, match_range, &job[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    return (double)n / (now() - t);
}

static long rss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

int main(int argc, char **argv)
{
    if (argc < 7) {
        fputs("usage: scale_bench DB THREADS KEYWORDS.tsv DEMANDS.tsv DEMAND_RECORDS.jsonl NDEMANDS\n",
              stderr);
        return 2;
    }
    int threads = atoi(argv[2]);
    if (threads < 1 || threads > 16)
        threads = 2;
    size_t nmatch = (size_t)atol(argv[6]);
    qiao_err e = {0};
    store *s;
    if (text_init(&e) < 0 || store_open(argv[1], &s, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    char snap[4200];
    snprintf(snap, sizeof snap, "%s.bench.qix", argv[1]);
    match_index *ix;
    match_index_new(&ix, &e);
    const char *keep = getenv("SCALE_SNAP");
    const char *dpath = getenv("SCALE_DUMP");
    if (dpath && *dpath && !(dump = fopen(dpath, "w"))) {
        perror(dpath);
        return 1;
    }
    double t = now();
    int64_t kgen;
    char kuid[33];
    if (keep && *keep && match_index_load(ix, keep, &kgen, kuid, &e) == 0) {
        printf("records %zu\nsnapshot_loaded_s %.2f\n", match_index_count(ix, MODEL_ACHIEVEMENT),
               now() - t);
        goto queries;
    }
    if (match_index_build(ix, s, threads, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    printf("records %zu\nbuild_cold_s %.2f\nbuild_threads %d\n",
           match_index_count(ix, MODEL_ACHIEVEMENT), now() - t, threads);
    printf("index_bytes %zu\nindex_bytes_per_record %.0f\npeak_rss_after_build_mb %.1f\n",
           match_index_bytes(ix),
           (double)match_index_bytes(ix) / (double)(match_index_count(ix, MODEL_ACHIEVEMENT) + 1),
           (double)rss_kb() / 1024);
    int64_t gen;
    char uid[33];
    store_generation(s, &gen, uid, &e);
    t = now();
    if (match_index_save(ix, snap, gen, uid, &e) < 0)
        fprintf(stderr, "%s\n", e.msg);
    printf("snapshot_write_s %.2f\n", now() - t);
    match_index_free(ix);
    match_index_new(&ix, &e);
    t = now();
    if (match_index_load(ix, snap, &gen, uid, &e) < 0)
        fprintf(stderr, "%s\n", e.msg);
    printf("restart_from_snapshot_s %.2f\n", now() - t);
    if (keep && *keep)
        rename(snap, keep);
    else
        unlink(snap);
queries:;
    /* one core from here on */
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(getenv("SCALE_CPU") ? atoi(getenv("SCALE_CPU")) : 0, &one);   /* default core 0 */
    sched_setaffinity(0, sizeof one, &one);
    queries(ix, argv[3], "keyword");
    queries(ix, argv[4], "demand_length");
    /* write to visible */
    double *wv = calloc(100, sizeof *wv), *ws = calloc(100, sizeof *ws);
    size_t nw = 0;
    match_hits h = {0};
    for (int i = 0; i < 100; i++) {
        char json[512], qs[64];
        /* a word of letters only: digits would make a second, common term
         * ("12"), and the query would time that term's list, not the write */
        snprintf(qs, sizeof qs, "\"qzx%c%cvisible\"", 'a' + i / 26, 'a' + i % 26);
        snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"w%03d\",\"org\":\"o\","
                 "\"title\":\"新写入的成果 qzx%c%cvisible\"}", i, 'a' + i / 26, 'a' + i % 26);
        json_error_t je;
        json_t *j = json_loads(json, 0, &je);
        model_record r;
        model_errors errs = {0};
        if (!j || model_from_json(j, &r, &errs) < 0) {
            fprintf(stderr, "bad write record\n");
            return 1;
        }
        t = now();
        match_query *q = NULL;
        if (store_begin(s, &e) < 0 || store_put(s, &r, &e) < 0 || store_commit(s, &e) < 0) {
            fprintf(stderr, "write: %s\n", e.msg);
            return 1;
        }
        double dstore = now() - t;
        if (match_index_put(ix, &r, &e) < 0 ||
            match_query_parse(ix, qs, strlen(qs), &q, &e) < 0 ||
            match_search(ix, q, MODEL_ACHIEVEMENT, 10, &h, &e) < 0) {
            fprintf(stderr, "write: %s\n", e.msg);
            return 1;
        }
        double dt = now() - t;
        if (h.n == 1 && strcmp(h.v[0].key, r.key) == 0) {
            ws[nw] = dstore;
            wv[nw++] = dt;
        }
        match_query_free(q);
        model_record_clear(&r);
        model_errors_clear(&errs);
        json_decref(j);
        store_begin(s, &e);             /* leave the store as it was */
        char key[8];
        snprintf(key, sizeof key, "w%03d", i);
        store_del(s, MODEL_ACHIEVEMENT, key, &e);
        store_commit(s, &e);
        match_index_remove(ix, MODEL_ACHIEVEMENT, key);
    }
    printf("write_visible_found %zu/100\n", nw);
    report("write_to_visible", wv, nw);
    report("write_store_part", ws, nw);   /* store begin + put + commit alone */
    free(wv);
    free(ws);
    match_hits_free(&h);
    /* top 10 for many demands */
    load_demands(argv[5]);
    if (ndem && nmatch) {
        double one_core = match_throughput(ix, nmatch, 1);
        if (dump) {                    /* the first pass only */
            fclose(dump);
            dump = NULL;
        }
        CPU_ZERO(&one);
        for (int c = 0; c < threads; c++)
            CPU_SET(c, &one);
        sched_setaffinity(0, sizeof one, &one);
        double many = match_throughput(ix, nmatch, threads);
        printf("demands_matched %zu\ndemand_top10_per_s_1core %.1f\ndemand_top10_per_s_%dthreads %.1f\n"
               "time_for_100000_demands_s %.1f\n", nmatch, one_core, threads, many,
               100000.0 / (many > one_core ? many : one_core));
    }
    for (size_t i = 0; i < ndem; i++)
        model_record_clear(&dem[i]);
    free(dem);
    match_index_free(ix);
    store_close(s);
    text_shutdown();
    if (dump)
        fclose(dump);
    return 0;
}
