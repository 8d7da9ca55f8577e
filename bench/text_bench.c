/* bench/text_bench.c — throughput of the text pipeline beside friso alone.
 *
 *   text_bench [DATA_DIR] [RUNS]
 *
 * Reads the titles and summaries of DATA_DIR/csl-dev/records.jsonl and
 * distractors.jsonl (DATA_DIR defaults to $QIAO_DATA, else ../shared/data,
 * else /work/shared/data) and times, in one process, single-threaded, RUNS
 * times each (default 5, median reported):
 *   friso      libfriso complex mode over the same texts (its own friso_t
 *              loaded from the same friso.ini, synonyms off as in qiao);
 *              also over the normalised texts, for reference
 *   normalize  text_normalize (pinyin strip, NFKC + casefold, t2s)
 *   tokenize   text_tokenize (normalise + friso words + bigrams + latin/num)
 * and the same three on the traditional-script seed article repeated to
 * about 1 MB (the OpenCC path). Prints MB/s and the ratio tokenize/friso.
 *
 * Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time:
 * the machine is shared, and wall time swings by 2x with other people's load.
 * The three are interleaved run by run so that they see the same conditions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <friso.h>
#include <jansson.h>

#include "text/text.h"

typedef struct corpus {
    char **s;
    size_t *len;
    size_t n, cap, bytes;
} corpus;

static void add(corpus *c, const char *s, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->s = realloc(c->s, c->cap * sizeof *c->s);
        c->len = realloc(c->len, c->cap * sizeof *c->len);
        if (!c->s || !c->len)
            abort();
    }
    c->s[c->n] = strndup(s, len);
    c->len[c->n++] = len;
    c->bytes += len;
}

static int load_jsonl(corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "text_bench: cannot open %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (!o)
            continue;
        const char *keys[] = {"title", "summary"};
        for (int k = 0; k < 2; k++) {
            json_t *v = json_object_get(o, keys[k]);
            if (json_is_string(v))
                add(c, json_string_value(v), json_string_length(v));
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { MAXRUNS = 51 };

static friso_t fr;
static friso_config_t frc;
static volatile size_t sink;

static double run_friso(const corpus *c)
{
    friso_task_t task = friso_new_task();
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        friso_set_text(task, c->s[i]);
        while (frc->next_token(fr, frc, task))
            sink += task->token->length;
    }
    double t = now() - t0;
    friso_free_task(task);
    return t;
}

static double run_normalize(const corpus *c)
{
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        size_t n;
        char *s = text_normalize(c->s[i], c->len[i], &n);
        sink += n;
        free(s);
    }
    return now() - t0;
}

static double run_tokenize(const corpus *c)
{
    text_tokens t = {0};
    qiao_err e = {0};
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        text_tokens_clear(&t);
        if (text_tokenize(c->s[i], c->len[i], &t, &e) < 0) {
            fprintf(stderr, "text_bench: %s\n", e.msg);
            exit(1);
        }
        sink += t.n;
    }
    double t1 = now() - t0;
    text_tokens_free(&t);
    return t1;
}

static void medians(const corpus *c, const corpus *norm, int runs, double *tf, double *tfn,
                    double *tn, double *tt)
{
    double f[MAXRUNS], fn[MAXRUNS], n[MAXRUNS], t[MAXRUNS];
    for (int r = 0; r < runs; r++) {
        f[r] = run_friso(c);
        fn[r] = run_friso(norm);
        n[r] = run_normalize(c);
        t[r] = run_tokenize(c);
    }
    qsort(f, (size_t)runs, sizeof f[0], cmp);
    qsort(fn, (size_t)runs, sizeof fn[0], cmp);
    qsort(n, (size_t)runs, sizeof n[0], cmp);
    qsort(t, (size_t)runs, sizeof t[0], cmp);
    *tf = f[runs / 2];
    *tfn = fn[runs / 2];
    *tn = n[runs / 2];
    *tt = t[runs / 2];
}

static void report(const char *name, const corpus *c, int runs)
{
    double mb = (double)c->bytes / 1e6;
    /* friso over the normalised text as well: on traditional input friso
     * alone finds few words (its dictionary is simplified), so it is faster
     * than on the same text once simplified */
    corpus norm = {0};
    for (size_t i = 0; i < c->n; i++) {
        size_t n;
        char *s = text_normalize(c->s[i], c->len[i], &n);
        add(&norm, s, n);
        free(s);
    }
    double tf, tfn, tn, tt;
    medians(c, &norm, runs, &tf, &tfn, &tn, &tt);
    printf("%-12s %5.2f MB %5zu texts | friso %5.2f MB/s (on normalised %5.2f) | "
           "normalize %6.2f MB/s | tokenize %5.2f MB/s | tokenize/friso %.2f\n",
           name, mb, c->n, mb / tf, mb / tfn, mb / tn, mb / tt, tf / tt);
    for (size_t i = 0; i < norm.n; i++)
        free(norm.s[i]);
    free(norm.s);
    free(norm.len);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("QIAO_DATA");
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > MAXRUNS)
        runs = 5;
    char path[4096];
    const char *cands[] = {dir, "../shared/data", "/work/shared/data"};
    corpus csl = {0};
    for (size_t i = 0; i < 3 && csl.n == 0; i++) {
        if (!cands[i])
            continue;
        snprintf(path, sizeof path, "%s/csl-dev/records.jsonl", cands[i]);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        fclose(f);
        dir = cands[i];
        load_jsonl(&csl, path);
        snprintf(path, sizeof path, "%s/csl-dev/distractors.jsonl", dir);
        load_jsonl(&csl, path);
    }
    if (csl.n == 0) {
        fprintf(stderr, "text_bench: no csl-dev data; pass DATA_DIR or set QIAO_DATA\n");
        return 1;
    }

    qiao_err e = {0};
    double t0 = now();
    if (text_init(&e) < 0) {
        fprintf(stderr, "text_bench: %s\n", e.msg);
        return 1;
    }
    double tinit = now() - t0;
    const char *ini = getenv("QIAO_FRISO_INI") ? getenv("QIAO_FRISO_INI") : "/etc/friso/friso.ini";
    fr = friso_new();
    frc = friso_new_config();
    if (friso_init_from_ifile(fr, frc, (fstring)ini) != 1) {
        fprintf(stderr, "text_bench: friso cannot load %s\n", ini);
        return 1;
    }
    friso_set_mode(frc, __FRISO_COMPLEX_MODE__);
    frc->add_syn = 0;

    /* the traditional seed (with its pinyin annotations), repeated to ~1 MB */
    corpus trad = {0};
    snprintf(path, sizeof path, "%s/../seeds/000_b4b467e356f0483e.txt", dir);
    FILE *f = fopen(path, "r");
    if (f) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        corpus lines = {0};
        while ((n = getline(&line, &cap, f)) > 0)
            add(&lines, line, (size_t)n);
        free(line);
        fclose(f);
        while (lines.n && trad.bytes < 1000000)
            for (size_t i = 0; i < lines.n; i++)
                add(&trad, lines.s[i], lines.len[i]);
    }

    printf("text_bench: data %s, median of %d runs, one thread, CPU time; text_init %.0f ms\n",
           dir, runs, tinit * 1e3);
    report("csl-dev", &csl, runs);
    if (trad.n)
        report("seed (trad)", &trad, runs);
    text_shutdown();
    return 0;
}
