/* cli/cmd_export.c — qiao export: the store's records as JSONL or CSV. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/io.h"

static int run(int argc, char **argv);

const cli_command cmd_export = {
    "export", "write the store's records as JSON Lines or CSV",
    "usage: qiao export --db PATH [--kind K[,K...]] [--format jsonl|csv] [--out FILE]\n"
    "\n"
    "Writes every record (or those of the kinds given) in canonical form: kinds in the\n"
    "order org, person, achievement, demand, event, registration, meeting_request,\n"
    "project; records in id order; fields in the order of docs/data.md. Exporting,\n"
    "importing into an empty store and exporting again gives the same bytes.\n"
    "\n"
    "options:\n"
    "  --db PATH         the store (must exist)\n"
    "  --kind K[,K...]   only these kinds (default: all); CSV needs exactly one\n"
    "  --format F        jsonl (default) or csv. CSV is UTF-8 with a BOM and CRLF line\n"
    "                    ends; lists are\n"
    "                    ';'-separated, ip is two columns ip.status and ip.patents.\n"
    "                    Warning: the CSV is a data exchange format, exact for import,\n"
    "                    not a report: values are written as given, so a cell that\n"
    "                    begins with = + - @ may run as a formula if the file is\n"
    "                    opened unchecked in a spreadsheet (Excel, WPS). For people,\n"
    "                    use qiao stats --format csv or the pages' CSV downloads,\n"
    "                    which neutralise such cells with a leading '\n"
    "  --out FILE        write to FILE (replaced only when the export succeeds);\n"
    "                    default: standard output\n",
    run,
};

static int run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"kind", required_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *outpath = NULL;
    unsigned kinds = 0;
    io_format fmt = IO_JSONL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'k': {
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%s", optarg);
            for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                model_kind k;
                if (model_kind_parse(t, &k) < 0)
                    return cli_usage_error(&cmd_export, "--kind: no record kind \"%s\"", t);
                kinds |= 1u << k;
            }
            break;
        }
        case 'f':
            if (strcmp(optarg, "jsonl") == 0)
                fmt = IO_JSONL;
            else if (strcmp(optarg, "csv") == 0)
                fmt = IO_CSV;
            else
                return cli_usage_error(&cmd_export, "--format: jsonl or csv, not \"%s\"", optarg);
            break;
        case 'o': outpath = optarg; break;
        default:
            return cli_usage_error(&cmd_export, "unknown option or missing value: %s",
                                   argv[optind - 1]);
        }
    }
    if (!db)
        return cli_usage_error(&cmd_export, "--db PATH is required");
    if (optind < argc)
        return cli_usage_error(&cmd_export, "unexpected argument: %s", argv[optind]);
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "qiao export: %s: no such store\n", db);
        return 1;
    }
    qiao_err e = {0};
    store *s = NULL;
    if (store_open(db, &s, &e) < 0) {
        fprintf(stderr, "qiao export: %s\n", e.msg);
        return 1;
    }
    char tmp[4096];
    FILE *out = stdout;
    if (outpath) {
        snprintf(tmp, sizeof tmp, "%s.tmp", outpath);
        out = fopen(tmp, "wb");
        if (!out) {
            fprintf(stderr, "qiao export: %s: %m\n", tmp);
            store_close(s);
            return 1;
        }
    }
    int rc = io_export(s, kinds, fmt, out, &e);
    store_close(s);
    if (outpath) {
        if (fclose(out) != 0 && rc == 0)
            rc = qiao_errf(&e, QIAO_EIO, "%s: %m", tmp);
        if (rc == 0 && rename(tmp, outpath) != 0)
            rc = qiao_errf(&e, QIAO_EIO, "%s: %m", outpath);
        if (rc)
            unlink(tmp);
    }
    if (rc < 0) {
        fprintf(stderr, "qiao export: %s\n", e.msg);
        return 1;
    }
    return 0;
}
