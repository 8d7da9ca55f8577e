/* bench/match/build_bench.c — where the time of an index build goes:
 *
 *   build_bench DB [THREADS]
 *
 * 1. scan: store_scan of every achievement, demand and person (SQLite read
 *    and JSON parse), counting the indexed text bytes;
 * 2. scan + analyse (segmentation, terms) on this thread;
 * 3. a serial build (scan + analyse + add to the index);
 * 4. the threaded build (match_index_build with THREADS workers).
 * Analyse = 2 - 1, add = 3 - 2; the threaded build's calling thread does
 * scan + add while the workers analyse. Prints `name value` lines: CPU
 * seconds (the machine is shared: wall time would measure the neighbours),
 * records/s and MB/s of text per CPU second of each; for the threaded
 * build also wall seconds and the calling (merge) thread's CPU seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "match/internal.h"
#include "store/store.h"

static double clk(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
static double now(void) { return clk(CLOCK_PROCESS_CPUTIME_ID); }

typedef struct acc { size_t n, bytes; int analyse; mx_arec a; } acc;

static int each(const model_record *r, void *ud)
{
    acc *x = ud;
    if (!mx_record_live(r))
        return 0;
    mx_fields f;
    mx_fields_of(r, &f);
    for (int i = 0; i < MATCH_NFIELDS; i++)
        x->bytes += f.len[i];
    mx_fields_free(&f);
    x->n++;
    if (x->analyse) {
        qiao_err e = {0};
        if (mx_arec_analyze(&x->a, r, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return -1;
        }
    }
    return 0;
}

static double scan(store *s, acc *x)
{
    static const model_kind kinds[] = { MODEL_ACHIEVEMENT, MODEL_DEMAND, MODEL_PERSON };
    qiao_err e = {0};
    double t = now();
    for (int i = 0; i < 3; i++)
        if (store_scan(s, kinds[i], each, x, &e) != 0) {
            fprintf(stderr, "scan: %s\n", e.msg);
            exit(1);
        }
    return now() - t;
}

static void line(const char *name, double secs, const acc *x)
{
    printf("%s_cpu_s %.2f\n%s_records_per_s %.0f\n%s_mb_per_s %.2f\n", name, secs, name,
           (double)x->n / secs, name, (double)x->bytes / 1e6 / secs);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: build_bench DB [THREADS]\n", stderr);
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    qiao_err e = {0};
    store *s;
    if (text_init(&e) < 0 || store_open(argv[1], &s, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    acc x = {0};
    double ts = scan(s, &x);
    printf("records %zu\ntext_mb %.1f\n", x.n, (double)x.bytes / 1e6);
    line("scan", ts, &x);
    acc y = { .analyse = 1 };
    double ta = scan(s, &y) - ts;
    mx_arec_free(&y.a);
    line("analyse", ta, &x);
    match_index *ix;
    match_index_new(&ix, &e);
    double t = now();
    if (match_index_build(ix, s, 1, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t1 = now() - t;
    line("add", t1 - ts - ta, &x);
    line("build_serial", t1, &x);
    match_index_free(ix);
    match_index_new(&ix, &e);
    t = now();
    double w = clk(CLOCK_MONOTONIC), m = clk(CLOCK_THREAD_CPUTIME_ID);
    if (match_index_build(ix, s, threads, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double tt = now() - t;
    w = clk(CLOCK_MONOTONIC) - w;
    m = clk(CLOCK_THREAD_CPUTIME_ID) - m;
    printf("threads %d\n", threads);
    line("build_threaded", tt, &x);
    printf("build_threaded_wall_s %.2f\nbuild_threaded_merge_thread_cpu_s %.2f\n"
           "wall_if_cpus_free_s %.2f (max of cpu/%d and the merge thread)\n"
           "projected_1e6_s %.0f\n", w, m, tt / threads > m ? tt / threads : m, threads,
           (tt / threads > m ? tt / threads : m) * 1e6 / (double)x.n);
    match_index_free(ix);
    store_close(s);
    text_shutdown();
    return 0;
}
