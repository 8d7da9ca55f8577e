/* cli/cmd_match.c — `qiao match`: the ranked counterparts of one record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "interest/interest.h"
#include "index/index.h"
#include "match/match.h"
#include "store/store.h"
#include "text/text.h"

static int run(int argc, char **argv);

const cli_command cmd_match = {
    "match", "the best achievements for a demand, demands for an achievement, experts",
    "usage: qiao match --db PATH (--demand ID | --achievement ID) [--people | --like]\n"
    "                  [--top N] [--format text|json|trec]\n"
    "       qiao match --db PATH (--all-demands | --all-achievements) [--people | --like]\n"
    "                  [--top N] [--threads N] --format trec\n"
    "       qiao match --db PATH --text FILE [--as demand|achievement] [--people | --like]\n"
    "                  [--top N] [--format text|json|trec]\n\n"
    "Ranks counterparts of one stored record, each with its reasons: the words\n"
    "both share (as the author wrote them, and the field they are in) and the\n"
    "structured factors (shared industry chains, TRL against the demand's\n"
    "trl_min, shared transfer modes, same zone, freshness) with their share of\n"
    "the score; and its match level, 0-100 with 高 (45 and up), 中 (25-44) or 低:\n"
    "the score as a share of the record's own best (docs/matching.md). Draft,\n"
    "withdrawn and closed records never appear, nor records the record's org\n"
    "marked 不合适 (dismissed; see `qiao interest`). A long\n"
    "description ranks by its 300 heaviest terms.\n\n"
    "  --db PATH          the store (a SQLite file)\n"
    "  --demand ID        achievements for this demand\n"
    "  --achievement ID   demands for this achievement\n"
    "  --people           experts, scientists and tech managers by expertise instead\n"
    "  --like             more like this: records of the same kind\n"
    "  --top N            how many (default 10)\n"
    "  --format F         text (default), json (with explanations) or trec\n"
    "                     (`ID Q0 id rank score qiao`)\n"
    "  --text FILE        try a match without publishing: FILE (- for standard\n"
    "                     input, at most 5,000 characters) is read as a record, its\n"
    "                     first line the title and the rest the description, and\n"
    "                     ranked exactly as a stored record is; nothing is stored\n"
    "  --as KIND          what the text is: demand (default: achievements for it)\n"
    "                     or achievement (demands for it)\n"
    "  --all-demands      every live demand at once (--all-achievements: every\n"
    "                     achievement), TREC lines in store order, on --threads\n"
    "                     threads (default 2)\n\n"
    "Exit status: 0, 1 when the record is missing or the store cannot be read, 2 usage.\n",
    run,
};

/* The whole of file `path` ("-": standard input) into *out (owned). */
static int read_text(const char *path, char **out, qiao_err *e)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return qiao_errf(e, QIAO_EIO, "%s: cannot be read", path);
    buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < 1u << 20)
        buf_append(&b, chunk, n);
    if (f != stdin)
        fclose(f);
    *out = qiao_strdup(buf_cstr(&b));
    buf_free(&b);
    return 0;
}

static int run(int argc, char **argv)
{
    const char *db = NULL, *id = NULL, *format = "text";
    model_kind src = MODEL_DEMAND;
    int people = 0, like = 0;
    long top = 10, threads = 2;
    int all = 0;
    const char *text_file = NULL, *as = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--db") == 0 && has)
            db = argv[++i];
        else if ((strcmp(a, "--demand") == 0 || strcmp(a, "--achievement") == 0) && has) {
            if (id)
                return cli_usage_error(&cmd_match, "give one of --demand or --achievement");
            src = a[2] == 'd' ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
            id = argv[++i];
        } else if (strcmp(a, "--all-demands") == 0 || strcmp(a, "--all-achievements") == 0) {
            all = 1;
            src = a[6] == 'd' ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
        } else if (strcmp(a, "--threads") == 0 && has) {
            char *end;
            threads = strtol(argv[++i], &end, 10);
            if (*end || threads < 1 || threads > 64)
                return cli_usage_error(&cmd_match, "--threads takes a number from 1 to 64, got '%s'", argv[i]);
        } else if (strcmp(a, "--text") == 0 && has)
            text_file = argv[++i];
        else if (strcmp(a, "--as") == 0 && has)
            as = argv[++i];
        else if (strcmp(a, "--people") == 0)
            people = 1;
        else if (strcmp(a, "--like") == 0)
            like = 1;
        else if (strcmp(a, "--format") == 0 && has)
            format = argv[++i];
        else if (strcmp(a, "--top") == 0 && has) {
            char *end;
            top = strtol(argv[++i], &end, 10);
            if (*end || top < 1 || top > 1000000)
                return cli_usage_error(&cmd_match, "--top takes a number from 1 to 1000000, got '%s'", argv[i]);
        } else
            return cli_usage_error(&cmd_match, "unknown option or missing value: %s", a);
    }
    if (as && !text_file)
        return cli_usage_error(&cmd_match, "--as goes with --text");
    if (text_file) {
        if (id || all)
            return cli_usage_error(&cmd_match, "--text excludes --demand, --achievement and --all-*");
        if (as && strcmp(as, "demand") && strcmp(as, "achievement"))
            return cli_usage_error(&cmd_match, "--as is demand or achievement, not '%s'", as);
        src = as && as[0] == 'a' ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
        id = "text";
    }
    if (all && id)
        return cli_usage_error(&cmd_match, "--all-demands/--all-achievements exclude --demand and --achievement");
    if (all && strcmp(format, "trec") != 0)
        return cli_usage_error(&cmd_match, "--all-demands/--all-achievements write --format trec only");
    if (!db || (!id && !all))
        return cli_usage_error(&cmd_match, "--db PATH and --demand ID or --achievement ID are required");
    if (people && like)
        return cli_usage_error(&cmd_match, "--people and --like exclude each other");
    int fmt = match_format_parse(format);
    if (fmt < 0)
        return cli_usage_error(&cmd_match, "--format is text, json or trec, not '%s'", format);
    model_kind target = people ? MODEL_PERSON : like ? src
                      : src == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
    qiao_err e = {0};
    store *s = NULL;
    match_index *ix = NULL;
    index_svc *svc = NULL;    /* the index: snapshot + changes (QIAO_NO_SNAPSHOT=1: rebuild) */
    match_query *q = NULL;
    match_hits h = {0};
    model_record r = {0};
    buf out = {0};
    int got = 0, status = 1;
    if (text_init(&e) < 0 || store_open(db, &s, &e) < 0)
        goto out;
    if (all) {
        if (index_open_read(db, (int)threads, &svc, &ix, &e) < 0 ||
            match_batch(ix, s, src, target, (size_t)top, (int)threads, stdout, NULL, &e) < 0)
            goto out;
        status = 0;
        goto out;
    }
    if (text_file) {
        char *txt = NULL;
        if (read_text(text_file, &txt, &e) < 0)
            goto out;
        int rc = match_record_from_text(src, txt, &r, &e);
        free(txt);
        if (rc < 0) {
            char why[sizeof e.msg];
            snprintf(why, sizeof why, "%s", e.msg);
            qiao_errf(&e, rc, "%s: %s", text_file, why);
            goto out;
        }
    } else if (store_get(s, src, id, &r, &e) < 0) {
        if (e.code == QIAO_ENOTFOUND)
            qiao_errf(&e, QIAO_ENOTFOUND, "no %s with id '%s' in %s", model_kind_name(src), id, db);
        goto out;
    }
    got = 1;
    if (index_open_read(db, 0, &svc, &ix, &e) < 0 ||
        match_query_from_record(ix, &r, &q, &e) < 0 ||
        interest_search_for(ix, s, model_str(&r, "org"), q, target, (size_t)top, &h, &e) < 0 ||
        match_report(ix, q, &h, s, (match_format)fmt, id, &out, &e) < 0)
        goto out;
    fwrite(out.p ? out.p : "", 1, out.len, stdout);
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao match: %s\n", e.msg);
    buf_free(&out);
    match_hits_free(&h);
    match_query_free(q);
    index_close_read(svc);
    if (got)
        model_record_clear(&r);
    if (s)
        store_close(s);
    return status;
}
