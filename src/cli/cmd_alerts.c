/* cli/cmd_alerts.c — `qiao alerts run`: one pass of the alerts (new matches
 * of open demands since the last pass, deadlines, overdue milestones), for
 * stores written by other processes or without a server running. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert/alert.h"
#include "cli/cli.h"
#include "index/index.h"
#include "text/text.h"

extern const cli_command cmd_alerts;

static int run(int argc, char **argv)
{
    const char *db = NULL, *today = NULL;
    long threads = 2, top = 0, cand = 0;
    double min = 0, share = 0;
    int quiet = 0, no_deadlines = 0;
    if (argc < 2 || strcmp(argv[1], "run") != 0)
        return cli_usage_error(&cmd_alerts, "the action is run");
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        char *end = NULL;
        if (!strcmp(a, "--db") && has) db = argv[++i];
        else if (!strcmp(a, "--today") && has) today = argv[++i];
        else if (!strcmp(a, "--quiet")) quiet = 1;
        else if (!strcmp(a, "--no-deadlines")) no_deadlines = 1;
        else if (!strcmp(a, "--threads") && has) {
            threads = strtol(argv[++i], &end, 10);
            if (*end || threads < 1 || threads > 64)
                return cli_usage_error(&cmd_alerts, "--threads must be 1-64");
        } else if (!strcmp(a, "--top") && has) {
            top = strtol(argv[++i], &end, 10);
            if (*end || top < 1 || top > 100)
                return cli_usage_error(&cmd_alerts, "--top must be 1-100");
        } else if (!strcmp(a, "--candidates") && has) {
            cand = strtol(argv[++i], &end, 10);
            if (*end || cand < 1 || cand > 1000)
                return cli_usage_error(&cmd_alerts, "--candidates must be 1-1000");
        } else if (!strcmp(a, "--min-score") && has) {
            min = strtod(argv[++i], &end);
            if (*end || min < 0)
                return cli_usage_error(&cmd_alerts, "--min-score must be a number >= 0");
            if (min == 0)
                min = -1;           /* no floor */
        } else if (!strcmp(a, "--min-share") && has) {
            share = strtod(argv[++i], &end);
            if (*end || share < 0 || share > 1)
                return cli_usage_error(&cmd_alerts, "--min-share must be a number from 0 to 1");
            if (share == 0)
                share = -1;         /* none */
        } else {
            return cli_usage_error(&cmd_alerts, "unknown option '%s'", a);
        }
    }
    if (!db)
        return cli_usage_error(&cmd_alerts, "--db PATH is required");
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "qiao alerts: %s: no such store\n", db);
        return 1;
    }
    qiao_err e = {0};
    store *s = NULL;
    match_index *ix = NULL;
    index_svc *svc = NULL;
    int status = 1, text = 0;
    alert_opts o = {.top = (size_t)top, .candidates = (size_t)cand, .min_score = (float)min,
                    .min_share = (float)share,
                    .threads = (int)threads, .today = today, .log = quiet ? NULL : stdout};
    alert_report r;
    if (text_init(&e) < 0)
        goto out;
    text = 1;
    /* the index: snapshot + changes (QIAO_NO_SNAPSHOT=1: rebuild) */
    if (store_open(db, &s, &e) < 0 || index_open_read(db, (int)threads, &svc, &ix, &e) < 0)
        goto out;
    memset(&r, 0, sizeof r);
    if (!no_deadlines && alert_deadlines(s, ix, &o, &r, &e) < 0)
        goto out;
    alert_report d = r;
    if (no_deadlines)
        memset(&d, 0, sizeof d);
    if (alert_changes(s, ix, &o, &r, &e) < 0)
        goto out;
    r.closed = d.closed;
    r.deadline_soon = d.deadline_soon;
    r.overdue = d.overdue;
    if (!no_deadlines && alert_digests(s, ix, &o, &r, &e) < 0)
        goto out;
    alert_report_print(&r, stdout);
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao alerts: %s\n", e.msg);
    index_close_read(svc);
    if (s)
        store_close(s);
    if (text)
        text_shutdown();
    return status;
}

const cli_command cmd_alerts = {
    "alerts", "one pass of the alerts: new matches of open demands, deadlines, milestones",
    "usage: qiao alerts run --db PATH [--today DATE] [--threads N] [--top N]\n"
    "                       [--candidates N] [--min-score S] [--min-share F]\n"
    "                       [--no-deadlines] [--quiet]\n\n"
    "Every open demand is a standing subscription. One pass reads the store's change\n"
    "log from where the last pass stopped (kept in the store, shared with the pass\n"
    "`qiao serve` runs every few seconds), so it sees imports and edits of every process:\n"
    "  - each new or changed achievement is matched against the demands (its best\n"
    "    --candidates demands, default 20); a demand's org is told (notification 新匹配,\n"
    "    once per demand and achievement) when the achievement enters the demand's top\n"
    "    --top (default 10) with a score of at least --min-score (default 50; 0: none)\n"
    "    and at least --min-share (default 0.3; 0: none) of the demand's best score;\n"
    "  - open demands whose deadline is before today are closed; those due within 7\n"
    "    days tell their org once (需求即将截止);\n"
    "  - an overdue milestone with an owner (`qiao project milestone --owner`) tells the\n"
    "    owner once (里程碑逾期);\n"
    "  - saved searches (保存此搜索, /me/searches) whose daily or weekly digest is due,\n"
    "    and followed chains and zones (/me/follows, daily), get one notice with the\n"
    "    results written since the last one (订阅的搜索有新结果).\n"
    "Prints one line per notice sent and a summary (--quiet: the summary only).\n"
    "Rules and figures: docs/matching.md, \"Alerts\".\n\n"
    "  --db PATH          the store\n"
    "  --today DATE       the Beijing date to judge deadlines by (default: today)\n"
    "  --threads N        searches on N threads (default 2)\n"
    "  --no-deadlines     new matches only (no deadlines, milestones or digests)\n",
    run,
};
