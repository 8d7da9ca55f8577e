/* cli/cmd_stats.c — qiao stats: the programme's figures (docs/stats.md). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "index/index.h"
#include "match/match.h"
#include "stats/stats.h"
#include "text/text.h"

static int run(int argc, char **argv);

const cli_command cmd_stats = {
    "stats", "the programme's figures by period, zone and chain (text, JSON, CSV, XLSX)",
    "usage: qiao stats --db PATH [--from DATE] [--to DATE] [--zone Z] [--chain C]\n"
    "                  [--format text|json|csv] [--table T] [--xlsx FILE] [--no-suggestions]\n"
    "\n"
    "Computes the figures defined in docs/stats.md: organisations by type, external\n"
    "universities that cooperate, achievements and demands published, achievements\n"
    "transferred, demands met, events held by type, event participants, meetings held,\n"
    "projects started and signed, contract amount, companies founded by researchers,\n"
    "match-to-signing rate, median days to sign; monthly trends; breakdowns by chain\n"
    "and by zone; the funnel suggestions -> meeting requests -> accepted meetings ->\n"
    "projects -> signed.\n"
    "\n"
    "options:\n"
    "  --db PATH          the store (must exist)\n"
    "  --from DATE        count only what happened on or after DATE (2023-03-01); each\n"
    "                     figure uses its own date (published, event start, signed_on...)\n"
    "  --to DATE          ... and on or before DATE (Beijing calendar days)\n"
    "  --zone Z           only records in zone Z (a record without a zone takes its org's)\n"
    "  --chain C          only records in industry chain C\n"
    "  --format F         text (default), json, or csv (UTF-8 with a BOM, CRLF: opens in\n"
    "                     Excel and WPS); csv prints every table one after another, or\n"
    "                     only --table T; a text cell that begins with = + - @ gets a\n"
    "                     leading ' so that a spreadsheet does not run it as a formula\n"
    "  --table T          with csv: summary, orgs_by_type, events_by_type, monthly,\n"
    "                     by_chain, by_zone, funnel, interest_funnel (interest →\n"
    "                     accepted → project → signed), dismissals (不合适 per reason)\n"
    "                     or brokers (projects per technology manager)\n"
    "  --xlsx FILE        also write a workbook with one sheet per table\n"
    "  --no-suggestions   do not build the matching index: the funnel's suggestions\n"
    "                     stage is then left empty (null); faster on large stores\n",
    run,
};

static int run(int argc, char **argv)
{
    const char *db = NULL, *from = NULL, *to = NULL, *zone = NULL, *chain = NULL;
    const char *format = "text", *table = NULL, *xlsx = NULL;
    int suggest = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--no-suggestions") == 0)
            suggest = 0;
        else if (!has)
            return cli_usage_error(&cmd_stats, "unknown option or missing value: %s", a);
        else if (strcmp(a, "--db") == 0)
            db = argv[++i];
        else if (strcmp(a, "--from") == 0)
            from = argv[++i];
        else if (strcmp(a, "--to") == 0)
            to = argv[++i];
        else if (strcmp(a, "--zone") == 0)
            zone = argv[++i];
        else if (strcmp(a, "--chain") == 0)
            chain = argv[++i];
        else if (strcmp(a, "--format") == 0)
            format = argv[++i];
        else if (strcmp(a, "--table") == 0)
            table = argv[++i];
        else if (strcmp(a, "--xlsx") == 0)
            xlsx = argv[++i];
        else
            return cli_usage_error(&cmd_stats, "unknown option or missing value: %s", a);
    }
    if (!db)
        return cli_usage_error(&cmd_stats, "--db PATH is required");
    int fmt = !strcmp(format, "text") ? 0 : !strcmp(format, "json") ? 1
            : !strcmp(format, "csv") ? 2 : -1;
    if (fmt < 0)
        return cli_usage_error(&cmd_stats, "--format is text, json or csv, not '%s'", format);
    int tbl = -1;
    if (table && stats_table_parse(table, &tbl) < 0)
        return cli_usage_error(&cmd_stats, "--table: no table '%s' (summary, orgs_by_type, "
                               "events_by_type, monthly, by_chain, by_zone, funnel, interest_funnel, "
                               "dismissals, brokers)", table);
    if (table && fmt != 2)
        return cli_usage_error(&cmd_stats, "--table goes with --format csv");
    qiao_err e = {0};
    stats_filter f;
    stats_filter_init(&f);
    if (stats_filter_set(&f, from, to, zone, chain, &e) < 0)
        return cli_usage_error(&cmd_stats, "%s", e.msg);
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "qiao stats: %s: no such store (import data first)\n", db);
        return 1;
    }
    store *s = NULL;
    match_index *ix = NULL;
    index_svc *svc = NULL;
    stats st = {0};
    buf out = {0};
    int status = 1, have = 0;
    if (store_open(db, &s, &e) < 0)
        goto out;
    if (suggest && index_open_read(db, 0, &svc, &ix, &e) < 0)
        goto out;
    if (stats_compute(s, ix, &f, &st, &e) < 0)
        goto out;
    have = 1;
    if (fmt == 0)
        stats_render_text(&st, &out);
    else if (fmt == 1)
        stats_render_json(&st, &out);
    else
        stats_render_csv(&st, tbl, &out);
    if (xlsx && stats_write_xlsx(&st, xlsx, &e) < 0)
        goto out;
    fwrite(out.p ? out.p : "", 1, out.len, stdout);
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao stats: %s\n", e.msg);
    if (have)
        stats_free(&st);
    buf_free(&out);
    index_close_read(svc);
    store_close(s);
    return status;
}
