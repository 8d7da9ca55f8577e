/* cli/cmd_search.c — `qiao search`: ranked search over the index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "index/index.h"
#include "match/match.h"
#include "store/store.h"
#include "text/text.h"

static int run(int argc, char **argv);

const cli_command cmd_search = {
    "search", "ranked search of achievements, demands or people",
    "usage: qiao search --db PATH [--kind achievement|demand|person] [--top N]\n"
    "                   [--format text|json|trec] (--queries FILE | QUERY)\n\n"
    "Ranks the records of a kind (default achievement; draft, withdrawn and\n"
    "closed records never appear) for a query typed as in the search box:\n"
    "  words             ranked, any may match (射频 标签)\n"
    "  \"a phrase\"        must be present (also “中文引号”)\n"
    "  -word, -\"phrase\"  excludes records holding it\n"
    "  chain:X zone:X org:ID mode:M     filters (mode: self, assign, license,\n"
    "                    cooperate, equity, other)\n"
    "  trl>=N (>, <=, <, =, :)          TRL filter, N from 1 to 9\n"
    "A long text (a pasted demand) ranks by its 150 heaviest terms.\n\n"
    "  --db PATH       the store (a SQLite file)\n"
    "  --queries FILE  one query a line, `qid<TAB>query text`; a bad query is\n"
    "                  reported on stderr with its line and the others still run\n"
    "  --top N         hits per query (default 10)\n"
    "  --format F      text (default; each hit explained), json (one object a\n"
    "                  query, with explanations) or trec (`qid Q0 id rank score qiao`,\n"
    "                  the default with --queries)\n"
    "  --kind K        achievement (default), demand or person\n\n"
    "Exit status: 0, 1 when the store cannot be read or a query was bad, 2 usage.\n",
    run,
};

static int one(match_index *ix, store *s, const char *qid, const char *text, model_kind k,
               size_t top, match_format fmt, const char *where)
{
    qiao_err e = {0};
    match_query *q = NULL;
    match_hits h = {0};
    buf out = {0};
    int rc = match_query_parse(ix, text, strlen(text), &q, &e);
    if (rc == 0)
        rc = match_search(ix, q, k, top, &h, &e);
    if (rc == 0)
        rc = match_report(ix, q, &h, s, fmt, qid, &out, &e);
    if (rc < 0)
        fprintf(stderr, "qiao search: %s%s\n", where, e.msg);
    else
        fwrite(out.p ? out.p : "", 1, out.len, stdout);
    buf_free(&out);
    match_hits_free(&h);
    match_query_free(q);
    return rc < 0 ? 1 : 0;
}

static int run(int argc, char **argv)
{
    const char *db = NULL, *queries = NULL, *query = NULL, *format = NULL, *kind = "achievement";
    long top = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--db") == 0 && has)
            db = argv[++i];
        else if (strcmp(a, "--queries") == 0 && has)
            queries = argv[++i];
        else if (strcmp(a, "--format") == 0 && has)
            format = argv[++i];
        else if (strcmp(a, "--kind") == 0 && has)
            kind = argv[++i];
        else if (strcmp(a, "--top") == 0 && has) {
            char *end;
            top = strtol(argv[++i], &end, 10);
            if (*end || top < 1 || top > 1000000)
                return cli_usage_error(&cmd_search, "--top takes a number from 1 to 1000000, got '%s'", argv[i]);
        } else if (a[0] == '-' && a[1] == '-')
            return cli_usage_error(&cmd_search, "unknown option or missing value: %s", a);
        else if (!query)
            query = a;
        else
            return cli_usage_error(&cmd_search, "one QUERY only (quote it): unexpected '%s'", a);
    }
    if (!db)
        return cli_usage_error(&cmd_search, "--db PATH is required");
    if (!queries == !query)
        return cli_usage_error(&cmd_search, "give either --queries FILE or one QUERY");
    model_kind k;
    if (model_kind_parse(kind, &k) < 0 ||
        (k != MODEL_ACHIEVEMENT && k != MODEL_DEMAND && k != MODEL_PERSON))
        return cli_usage_error(&cmd_search, "--kind is achievement, demand or person, not '%s'", kind);
    int fmt = match_format_parse(format ? format : queries ? "trec" : "text");
    if (fmt < 0)
        return cli_usage_error(&cmd_search, "--format is text, json or trec, not '%s'", format);
    FILE *qf = NULL;
    if (queries && !(qf = fopen(queries, "r"))) {
        fprintf(stderr, "qiao search: cannot open %s: %m\n", queries);
        return 1;
    }
    qiao_err e = {0};
    store *s = NULL;
    match_index *ix = NULL;
    index_svc *svc = NULL;
    int status = 0;
    /* the index service: the snapshot beside the store and the changes since
     * (QIAO_NO_SNAPSHOT=1: always rebuild) */
    if (store_open(db, &s, &e) < 0 || index_open_read(db, 0, &svc, &ix, &e) < 0) {
        fprintf(stderr, "qiao search: %s\n", e.msg);
        status = 1;
        goto out;
    }
    if (query) {
        status = one(ix, s, "1", query, k, (size_t)top, (match_format)fmt, "");
        goto out;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    while ((n = getline(&line, &cap, qf)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        char where[600];
        snprintf(where, sizeof where, "%s:%ld: ", queries, lineno);
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "qiao search: %sexpected `qid<TAB>query text`\n", where);
            status = 1;
            continue;
        }
        *tab = '\0';
        status |= one(ix, s, line, tab + 1, k, (size_t)top, (match_format)fmt, where);
    }
    free(line);
out:
    if (qf)
        fclose(qf);
    index_close_read(svc);
    if (s)
        store_close(s);
    return status;
}
