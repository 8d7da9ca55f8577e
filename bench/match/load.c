/* bench/match/load.c — imports JSONL files into a store with io_import;
 * the benchmarks use it when the build has no `qiao import` yet.
 *   load DB FILE... */
#include <stdio.h>

#include "io/io.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: load DB FILE...\n", stderr);
        return 2;
    }
    qiao_err e = {0};
    store *s;
    if (store_open(argv[1], &s, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    io_import_opts o = io_import_defaults();
    o.err = stderr;
    io_import_stats st;
    int rc = io_import(s, (const char *const *)argv + 2, (size_t)(argc - 2), &o, &st, &e);
    if (rc < 0)
        fprintf(stderr, "%s\n", e.msg);
    store_close(s);
    return rc < 0;
}
