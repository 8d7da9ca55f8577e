/* cli/cmd_info.c — qiao info: schema version and the number of each kind. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static int run(int argc, char **argv);

const cli_command cmd_info = {
    "info", "show the store's schema version and how many records of each kind it holds",
    "usage: qiao info --db PATH\n"
    "\n"
    "Prints the schema version (and the latest this qiao knows) and the count of each\n"
    "record kind. Does not change the store (it does not migrate it).\n"
    "\n"
    "options:\n"
    "  --db PATH   the store (must exist)\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else
            return cli_usage_error(&cmd_info, "unknown option or missing value: %s",
                                   argv[optind - 1]);
    }
    if (!db)
        return cli_usage_error(&cmd_info, "--db PATH is required");
    if (optind < argc)
        return cli_usage_error(&cmd_info, "unexpected argument: %s", argv[optind]);
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "qiao info: %s: no such store\n", db);
        return 1;
    }
    qiao_err e = {0};
    store *s = NULL;
    int v = 0, rc = store_open_nomigrate(db, &s, &e);
    if (rc == 0)
        rc = store_schema_version(s, &v, &e);
    if (rc == 0) {
        printf("store: %s\nschema version: %d (latest %d)\n", db, v, store_latest_version());
        if (v < store_latest_version())
            printf("  (older than this qiao: `qiao migrate --db %s` brings it forward)\n", db);
        for (int k = 0; k < MODEL_KIND_COUNT && rc == 0 && v >= 1; k++) {
            int64_t n = 0;
            rc = store_count(s, (model_kind)k, &n, &e);
            if (rc == 0)
                printf("%-16s %lld\n", model_kind_name((model_kind)k), (long long)n);
        }
    }
    store_close(s);
    if (rc < 0) {
        fprintf(stderr, "qiao info: %s\n", e.msg);
        return 1;
    }
    return 0;
}
