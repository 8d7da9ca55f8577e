/* cli/cmd_migrate.c — qiao migrate: bring a store's schema forward. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

static int run(int argc, char **argv);

const cli_command cmd_migrate = {
    "migrate", "bring the store's schema to the latest version (or --to N)",
    "usage: qiao migrate --db PATH [--to N]\n"
    "\n"
    "Applies the numbered migrations (built into qiao from migrations/NNN_name.sql)\n"
    "that the store has not had yet, each in its own transaction, and records each\n"
    "in the table schema_migrations. Migrations only go forward. Other commands\n"
    "migrate a store to the latest version by themselves when they open it.\n"
    "\n"
    "options:\n"
    "  --db PATH   the store (a SQLite file; created if absent)\n"
    "  --to N      stop at version N (default: the latest this qiao knows)\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"to", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int to = -1;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || v < 0 || v > 100000)
                return cli_usage_error(&cmd_migrate, "--to: not a version number: %s", optarg);
            to = (int)v;
            break;
        }
        default:
            return cli_usage_error(&cmd_migrate, "unknown option or missing value: %s",
                                   argv[optind - 1]);
        }
    }
    if (!db)
        return cli_usage_error(&cmd_migrate, "--db PATH is required");
    if (optind < argc)
        return cli_usage_error(&cmd_migrate, "unexpected argument: %s", argv[optind]);
    qiao_err e = {0};
    store *s = NULL;
    int before = 0, after = 0, rc = store_open_nomigrate(db, &s, &e);
    if (rc == 0)
        rc = store_schema_version(s, &before, &e);
    if (rc == 0)
        rc = store_migrate(s, to, &e);
    if (rc == 0)
        rc = store_schema_version(s, &after, &e);
    store_close(s);
    if (rc < 0) {
        fprintf(stderr, "qiao migrate: %s\n", e.msg);
        return 1;
    }
    if (before == after)
        printf("qiao migrate: %s is at schema version %d; nothing to do\n", db, after);
    else
        printf("qiao migrate: %s: schema version %d -> %d\n", db, before, after);
    return 0;
}
