/* cli/cmd_import.c — qiao import: records from JSONL/CSV files into the store. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/io.h"

static int run(int argc, char **argv);

const cli_command cmd_import = {
    "import", "load records from JSON Lines or CSV files into the store",
    "usage: qiao import --db PATH [--kind K] [--encoding E] [--skip-bad FILE] [--quiet] FILE...\n"
    "\n"
    "Reads records (docs/data.md) and upserts them by id in one transaction.\n"
    "A file is JSON Lines (one record per line, each with \"kind\") unless it is named\n"
    "*.csv or does not start with '{': then it is CSV, with a header row naming the\n"
    "columns, lists ';'-separated, RFC 4180 quoting (quoted line breaks allowed).\n"
    "References (org, owners, event, who, ...) may name a record anywhere in the\n"
    "import, in any order, or one already in the store.\n"
    "\n"
    "options:\n"
    "  --db PATH         the store (a SQLite file; created and migrated if needed)\n"
    "  --kind K          every record is of kind K (org, person, achievement, demand,\n"
    "                    event, registration, meeting_request, project); required for CSV\n"
    "  --encoding E      utf-8, gb18030 or gbk; default: detected per file (UTF-8, with or\n"
    "                    without BOM, else GB18030 when the bytes decode as GB18030)\n"
    "  --skip-bad FILE   import the good lines; write each rejected line to FILE, after\n"
    "                    its reasons as '# FILE:LINE: field: reason' lines. Without it, any\n"
    "                    bad line leaves the store exactly as it was.\n"
    "  --max-errors N    print at most N errors (default 20), then count the rest\n"
    "  --quiet           no progress bar and no summary\n"
    "\n"
    "Errors read FILE:LINE: field: reason. A progress bar is drawn on stderr when it is a\n"
    "terminal. At the end one line sums up: N imported: x new, y updated (per kind).\n"
    "Exit status: 0 imported (with --skip-bad, possibly with rejected lines), 1 nothing\n"
    "imported, 2 usage error.\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"kind", required_argument, NULL, 'k'},
        {"encoding", required_argument, NULL, 'e'},
        {"skip-bad", required_argument, NULL, 's'},
        {"max-errors", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int quiet = 0;
    io_import_opts o = io_import_defaults();
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'k':
            if (model_kind_parse(optarg, &o.kind) < 0)
                return cli_usage_error(&cmd_import, "--kind: no record kind \"%s\"", optarg);
            o.has_kind = 1;
            break;
        case 'e': o.encoding = optarg; break;
        case 's': o.skip_bad = optarg; break;
        case 'm':
            if (sscanf(optarg, "%d", &o.max_errors) != 1 || o.max_errors < 0)
                return cli_usage_error(&cmd_import, "--max-errors: not a number: %s", optarg);
            break;
        case 'q': quiet = 1; break;
        default:
            return cli_usage_error(&cmd_import, "unknown option or missing value: %s",
                                   argv[optind - 1]);
        }
    }
    if (!db)
        return cli_usage_error(&cmd_import, "--db PATH is required");
    if (optind >= argc)
        return cli_usage_error(&cmd_import, "no FILE to import");
    o.progress = !quiet;

    qiao_err e = {0};
    store *s = NULL;
    if (store_open(db, &s, &e) < 0) {
        fprintf(stderr, "qiao import: %s\n", e.msg);
        return 1;
    }
    io_import_stats st;
    int rc = io_import(s, (const char *const *)argv + optind, (size_t)(argc - optind), &o, &st,
                       &e);
    store_close(s);
    if (rc < 0) {
        fprintf(stderr, "qiao import: %s\n", e.msg);
        return 1;
    }
    if (!quiet) {
        char sum[512];
        io_import_summary(&st, sum, sizeof sum);
        printf("qiao import: %s%s%s\n", sum, st.rejected ? ", written to " : "",
               st.rejected ? o.skip_bad : "");
    }
    return 0;
}
