/* cli/cmd_project.c — qiao project: start, advance, history, overdue, milestone. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "project/project.h"

static int run(int argc, char **argv);

const cli_command cmd_project = {
    "project", "start cooperation projects, move them through their stages, list overdue milestones",
    "usage: qiao project start    --db PATH --id P [--parties A,B] [--achievement A --demand D]\n"
    "                             [--meeting MR] [--event E] [--mode M] [--by WHO] [--note TEXT]\n"
    "                             [--at TIME]\n"
    "       qiao project advance  --db PATH --id P --to STAGE [--by WHO] [--note TEXT] [--at TIME]\n"
    "                             [--signed-on DATE --mode M --agreement TEXT [--amount N]]\n"
    "                             [--reason TEXT]\n"
    "       qiao project history  --db PATH --id P [--format text|json]\n"
    "       qiao project overdue  --db PATH [--today DATE] [--format text|json]\n"
    "       qiao project milestone --db PATH --id P (--add TITLE [--due DATE] [--owner LOGIN]\n"
    "                                                   | --done N | --number N --owner LOGIN)\n"
    "\n"
    "A project starts at contact, from a match (--achievement and --demand: the parties\n"
    "default to their orgs), from an accepted meeting at an event (--meeting MR: the parties\n"
    "default to its two sides, the event to its event) or by hand (--parties). It moves\n"
    "one stage at a time: contact -> talks -> signed -> implementing -> done; it may stop\n"
    "(--to stopped --reason TEXT) from any stage before done. done and stopped are final.\n"
    "Signing needs the date, the transfer mode and the agreement (given here or already on\n"
    "the record). Every change is kept in the history with its time (Beijing, +08:00) and\n"
    "who made it. A change out of order is refused and says what to do instead.\n"
    "\n"
    "options:\n"
    "  --db PATH          the store\n"
    "  --id P             the project\n"
    "  --to STAGE         contact, talks, signed, implementing, done or stopped\n"
    "  --by WHO           the user or person making the change (recorded in the history)\n"
    "  --note TEXT        a note kept with the change\n"
    "  --at TIME          when the change happened (ISO 8601; default now); not in the\n"
    "                     future and not before the project's last change\n"
    "  --signed-on DATE   the signing date (with --to signed)\n"
    "  --mode M           self, assign, license, cooperate, equity or other\n"
    "  --agreement TEXT   the agreement (e.g. 《技术许可合同》)\n"
    "  --amount N         the contract amount in yuan (with --to signed)\n"
    "  --reason TEXT      why the project stops (with --to stopped)\n"
    "  --parties A,B      party ids (orgs or persons), comma-separated\n"
    "  --today DATE       list milestones overdue on DATE (default: today in Beijing)\n"
    "  --add TITLE        add a milestone (--due DATE)\n"
    "  --done N           mark milestone N (counted from 1, as `overdue` shows) done\n"
    "  --owner LOGIN      with --add, or with --number N: the account answering for the\n"
    "                     milestone, told once when it is overdue (`qiao alerts run`)\n"
    "  --format F         text (default) or json\n",
    run,
};

typedef struct opts {
    const char *db, *id, *to, *by, *note, *at, *signed_on, *mode, *agreement, *reason;
    const char *parties, *achievement, *demand, *meeting, *event, *today, *format, *add, *due;
    const char *amount, *done, *owner, *number;
} opts;

static int parse(int argc, char **argv, opts *o)
{
    static const struct { const char *name; size_t off; } table[] = {
#define O(n, f) {n, offsetof(opts, f)}
        O("--db", db), O("--id", id), O("--to", to), O("--by", by), O("--note", note),
        O("--at", at), O("--signed-on", signed_on), O("--mode", mode),
        O("--agreement", agreement), O("--reason", reason), O("--parties", parties),
        O("--achievement", achievement), O("--demand", demand), O("--meeting", meeting),
        O("--event", event), O("--today", today), O("--format", format), O("--add", add),
        O("--due", due), O("--amount", amount), O("--done", done),
        O("--owner", owner), O("--number", number),
#undef O
    };
    for (int i = 2; i < argc; i++) {
        size_t k = 0;
        while (k < sizeof table / sizeof table[0] && strcmp(argv[i], table[k].name) != 0)
            k++;
        if (k == sizeof table / sizeof table[0] || i + 1 >= argc)
            return cli_usage_error(&cmd_project, "unknown option or missing value: %s", argv[i]);
        *(const char **)((char *)o + table[k].off) = argv[++i];
    }
    if (!o->db)
        return cli_usage_error(&cmd_project, "--db PATH is required");
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
        return cli_usage_error(&cmd_project, "--format is text or json, not '%s'", o->format);
    return 0;
}

/* Splits "A,B" into a NULL-free array of pointers into `copy`. */
static size_t split_list(char *copy, const char **v, size_t cap)
{
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && n < cap;
         t = strtok_r(NULL, ",", &save))
        v[n++] = t;
    return n;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_project, "name an action: start, advance, history, "
                               "overdue or milestone");
    const char *act = argv[1];
    opts o = {0};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    int json = o.format && strcmp(o.format, "json") == 0;
    int is_start = !strcmp(act, "start"), is_adv = !strcmp(act, "advance");
    int is_hist = !strcmp(act, "history"), is_od = !strcmp(act, "overdue");
    int is_ms = !strcmp(act, "milestone");
    if (!is_start && !is_adv && !is_hist && !is_od && !is_ms)
        return cli_usage_error(&cmd_project, "no action '%s': start, advance, history, overdue "
                               "or milestone", act);
    if (!is_od && !o.id)
        return cli_usage_error(&cmd_project, "%s needs --id P", act);
    if (is_adv && !o.to)
        return cli_usage_error(&cmd_project, "advance needs --to STAGE");
    int set_owner = is_ms && !o.add && !o.done && o.owner && o.number;
    if (is_ms && !set_owner && !o.add == !o.done)
        return cli_usage_error(&cmd_project, "milestone needs --add TITLE, --done N or "
                               "--number N --owner LOGIN");
    long number = 0;
    if (set_owner) {
        char *end;
        number = strtol(o.number, &end, 10);
        if (*end || number < 1)
            return cli_usage_error(&cmd_project, "--number takes a milestone number from 1, "
                                   "not '%s'", o.number);
    }
    long long amount = 0;
    if (o.amount) {
        char *end;
        errno = 0;
        amount = strtoll(o.amount, &end, 10);
        if (errno || *end || !*o.amount || amount < 0)
            return cli_usage_error(&cmd_project, "--amount is a whole number of yuan, not '%s'",
                                   o.amount);
    }
    long done = 0;
    if (o.done) {
        char *end;
        done = strtol(o.done, &end, 10);
        if (*end || done < 1)
            return cli_usage_error(&cmd_project, "--done takes a milestone number from 1, "
                                   "not '%s'", o.done);
    }
    if (access(o.db, F_OK) != 0) {
        fprintf(stderr, "qiao project: %s: no such store (import data first)\n", o.db);
        return 1;
    }
    qiao_err e = {0};
    store *s = NULL;
    buf out = {0};
    project_overdue_list od = {0};
    char *copy = NULL;
    int status = 1;
    if (store_open(o.db, &s, &e) < 0)
        goto out;
    if (is_start) {
        const char *parties[64];
        size_t np = 0;
        if (o.parties) {
            copy = qiao_strdup(o.parties);
            np = split_list(copy, parties, 64);
        }
        project_start_req rq = {o.id, parties, np, o.achievement, o.demand, o.event, o.meeting,
                                o.mode, o.by, o.note, o.at, NULL, 0};
        if (project_start(s, &rq, &e) < 0)
            goto out;
        printf("qiao project: %s started at contact\n", o.id);
    } else if (is_adv) {
        project_advance_req rq = {o.id, o.to, o.by, o.note, o.at, o.signed_on, o.mode,
                                  o.agreement, o.reason, amount, o.amount != NULL};
        project_stage from;
        if (project_advance(s, &rq, &from, &e) < 0)
            goto out;
        printf("qiao project: %s %s -> %s\n", o.id, project_stage_name(from), o.to);
    } else if (is_hist) {
        if (project_history_render(s, o.id, json, &out, &e) < 0)
            goto out;
    } else if (is_od) {
        if (project_overdue(s, o.today, &od, &e) < 0)
            goto out;
        project_overdue_render(&od, o.today, json, &out);
    } else if (set_owner) {
        if (project_milestone_owner(s, o.id, (size_t)number, o.owner, &e) < 0)
            goto out;
        printf("qiao project: %s milestone %ld owner %s\n", o.id, number, o.owner);
    } else {
        if (o.add && o.owner && *o.owner) {
            store_user u;
            if (store_user_get(s, o.owner, &u, &e) < 0)
                goto out;
        }
        if ((o.add ? project_milestone_add(s, o.id, o.add, o.due, &e)
                   : project_milestone_done(s, o.id, (size_t)done, &e)) < 0)
            goto out;
        if (o.add && o.owner) {
            model_record pr = {0};
            size_t n = 0;
            if (store_get(s, MODEL_PROJECT, o.id, &pr, &e) == 0)
                n = json_array_size(json_object_get(pr.doc, "milestones"));
            model_record_clear(&pr);
            if (!n || project_milestone_owner(s, o.id, n, o.owner, &e) < 0)
                goto out;
        }
        printf("qiao project: %s milestone %s\n", o.id, o.add ? "added" : "done");
    }
    fwrite(out.p ? out.p : "", 1, out.len, stdout);
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao project: %s\n", e.msg);
    free(copy);
    buf_free(&out);
    project_overdue_free(&od);
    store_close(s);
    return status;
}
