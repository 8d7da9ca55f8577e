/* cli/cmd_schedule.c — `qiao schedule`: the meeting-timetable optimiser over
 * an instance file, or over an event of the store (--db PATH --event ID,
 * built by src/event/; --write stores the slots and tables). The time limit
 * covers the whole command: the solver gets what reading the instance left. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "event/event.h"
#include "sched/sched.h"
#include "store/store.h"

extern const cli_command cmd_schedule;

typedef struct sched_args {
    const char *instance;   /* file path, "-" for stdin */
    const char *db, *event; /* or an event of the store */
    const char *format;     /* "json" or "text" */
    int write;              /* --write: store the timetable (with --db) */
    event_actor actor;      /* --role, --as, --user (with --db) */
    sched_options opt;
} sched_args;

static int read_all(const char *path, buf *b, qiao_err *e)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return qiao_errf(e, QIAO_EIO, "cannot open instance %s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, n);
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad)
        return qiao_errf(e, QIAO_EIO, "cannot read instance %s", path);
    return 0;
}

/* Load, solve and (with --write) store: an event of the store goes through
 * event_timetable_plan, the same sequence as the organiser's page and the
 * API; an instance file is parsed and solved here. */
static int plan(const sched_args *a, store *s, sched_instance **in, sched_result *r,
                int *changed, qiao_err *e)
{
    if (s)
        return event_timetable_plan(s, &a->actor, a->event, &a->opt, a->write, in, r, changed, e);
    buf b = {0};
    int rc = read_all(a->instance, &b, e);
    if (rc == 0)
        rc = sched_instance_parse(buf_cstr(&b), b.len, in, e);
    buf_free(&b);
    if (rc == 0)
        rc = sched_solve(*in, &a->opt, r, e);
    return rc;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Of the time limit, what the command keeps for itself after the solver's
 * clock runs out: the solver's last steps (it looks at the clock every few
 * hundred moves), writing about 1.5 MB at 12,000 requests (5–25 ms),
 * freeing, and the process's exit — with room for a loaded machine: 80 ms,
 * or a tenth of a limit under 800 ms. */
#define SCHEDULE_RESERVE_MS 80.0

/* How long ago the process started (exec, loading the shared libraries,
 * main before run()), from /proc/self/stat's start time (clock ticks since
 * boot) against CLOCK_BOOTTIME; 0 when that cannot be read. */
static double process_age_ms(void)
{
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f)
        return 0;
    char line[1024];
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    /* the second field (the command name) may hold spaces: skip past its ')' */
    char *p = strrchr(line, ')');
    unsigned long long start = 0;
    for (int field = 2; p && *p && field < 22; p++)
        if (*p == ' ' && ++field == 22)
            start = strtoull(p + 1, NULL, 10);
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec ts;
    if (!start || hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
        return 0;
    double age = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 - (double)start * 1e3 / (double)hz;
    return age > 0 && age < 60000 ? age : 0;
}

static int cmp_slot_table(const void *x, const void *y, void *arg)
{
    const sched_result *cmp_res = arg;
    int a = *(const int *)x, b = *(const int *)y;
    if (cmp_res->slot[a] != cmp_res->slot[b])
        return cmp_res->slot[a] < cmp_res->slot[b] ? -1 : 1;
    if (cmp_res->table[a] != cmp_res->table[b])
        return cmp_res->table[a] < cmp_res->table[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* The scheduled meetings' indices by slot, then table (a new array). */
static const int *order_by_slot_table(const sched_result *r, int *n)
{
    int *v = qiao_malloc(sizeof(int) * ((size_t)r->nmeetings + 1));
    *n = 0;
    for (int m = 0; m < r->nmeetings; m++)
        if (r->slot[m] != SCHED_NONE)
            v[(*n)++] = m;
    if (*n > 1)
        qsort_r(v, (size_t)*n, sizeof *v, cmp_slot_table, (void *)r);
    return v;
}

static void print_text(const sched_instance *in, const sched_result *r)
{
    const char *ev = in->event ? in->event : "(unnamed event)";
    printf("event %s: %d slots, %d tables, %d participants, %d accepted requests\n\n", ev,
           in->nslots, in->ntables, in->nparticipants, in->nmeetings);
    printf("%-5s %-5s %-24s %-20s %-20s %s\n", "slot", "table", "request", "from", "to", "priority");
    int n;
    const int *order = order_by_slot_table(r, &n);
    for (int i = 0; i < n; i++) {
        int m = order[i];
        printf("%-5d %-5d %-24s %-20s %-20s %d%s\n", r->slot[m] + 1, r->table[m] + 1,
               in->meetings[m].id, in->participants[in->meetings[m].a].id,
               in->participants[in->meetings[m].b].id, in->meetings[m].priority,
               in->meetings[m].locked ? " locked" : "");
    }
    free((void *)order);
    if (r->scheduled < r->nmeetings) {
        printf("\nunscheduled:\n");
        for (int m = 0; m < in->nmeetings; m++)
            if (r->slot[m] == SCHED_NONE)
                printf("  %-24s %-20s %-20s %d  %s\n", in->meetings[m].id,
                       in->participants[in->meetings[m].a].id,
                       in->participants[in->meetings[m].b].id, in->meetings[m].priority,
                       sched_reason_name(r->reason[m]));
    }
    printf("\nscheduled %d of %d requests, weight %ld of %ld\n", r->scheduled, r->nmeetings,
           r->weight, r->total_weight);
    printf("bound %ld (%s), ratio %.4f\n", r->bound, r->bound_kind, r->ratio);
    printf("idle slots %ld; %ld search iterations in %.0f ms (stopped: %s)\n", r->gaps,
           r->iterations, r->elapsed_ms, r->stopped);
}

static int run(int argc, char **argv)
{
    sched_args a = {.format = "json", .opt = sched_default_options(),
                    .actor = {"cli", "staff", NULL}};
    /* --time-limit is the whole command's: reading the instance counts, and
     * the solver leaves SCHEDULE_RESERVE_MS for the output. */
    a.opt.start_ms = sched_now_ms() - process_age_ms();
    int keep = -1;  /* -1: the default, which depends on --db */
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (strcmp(o, "--keep-existing") == 0) {
            keep = 1;
            continue;
        }
        if (strcmp(o, "--allow-moving") == 0) {
            keep = 0;
            continue;
        }
        if (strcmp(o, "--write") == 0) {
            a.write = 1;
            continue;
        }
        if (strncmp(o, "--", 2) != 0)
            return cli_usage_error(&cmd_schedule, "unexpected argument '%s'", o);
        if (!v)
            return cli_usage_error(&cmd_schedule, "%s needs a value", o);
        i++;
        if (strcmp(o, "--instance") == 0) {
            a.instance = v;
        } else if (strcmp(o, "--db") == 0) {
            a.db = v;
        } else if (strcmp(o, "--event") == 0) {
            a.event = v;
        } else if (strcmp(o, "--role") == 0) {
            a.actor.role = v;
        } else if (strcmp(o, "--as") == 0) {
            a.actor.party = v;
        } else if (strcmp(o, "--user") == 0) {
            a.actor.user = v;
        } else if (strcmp(o, "--format") == 0) {
            if (strcmp(v, "json") && strcmp(v, "text"))
                return cli_usage_error(&cmd_schedule, "--format is json or text, not '%s'", v);
            a.format = v;
        } else if (strcmp(o, "--time-limit") == 0) {
            if (parse_long(v, 1, 86400000L, &n) < 0)
                return cli_usage_error(&cmd_schedule, "--time-limit is milliseconds (1 to 86400000)");
            a.opt.time_limit_ms = n;
        } else if (strcmp(o, "--iterations") == 0) {
            if (parse_long(v, 1, 1000000000L, &n) < 0)
                return cli_usage_error(&cmd_schedule, "--iterations is a positive integer");
            a.opt.max_iterations = n;
        } else if (strcmp(o, "--seed") == 0) {
            if (parse_long(v, 0, 2147483647L, &n) < 0)
                return cli_usage_error(&cmd_schedule, "--seed is an integer from 0 to 2147483647");
            a.opt.seed = (uint64_t)n;
        } else {
            return cli_usage_error(&cmd_schedule, "unknown option '%s'", o);
        }
    }
    if (!a.instance == !a.db)
        return cli_usage_error(&cmd_schedule, "give either --instance FILE or --db PATH "
                               "--event ID");
    if (a.db && !a.event)
        return cli_usage_error(&cmd_schedule, "--db needs --event ID");
    if (!a.db && (a.event || a.write))
        return cli_usage_error(&cmd_schedule, "--event and --write go with --db PATH");
    /* An event in the store has confirmed meetings: they stay unless the
     * organiser allows moving them. A bare instance treats them as hints. */
    a.opt.keep_existing = keep >= 0 ? keep : a.db != NULL;
    a.opt.reserve_ms = a.opt.time_limit_ms / 10.0 < SCHEDULE_RESERVE_MS ? a.opt.time_limit_ms / 10.0
                                                                         : SCHEDULE_RESERVE_MS;
    sched_instance *in = NULL;
    sched_result r = {0};
    qiao_err e = {0};
    store *db = NULL;
    int status = 1, changed = 0;
    if ((a.db && store_open(a.db, &db, &e) < 0) || plan(&a, db, &in, &r, &changed, &e) < 0) {
        fprintf(stderr, "qiao schedule: %s%s\n", e.msg, a.write ? " (nothing was written)" : "");
        goto out;
    }
    if (strcmp(a.format, "text") == 0) {
        print_text(in, &r);
    } else {
        buf out = {0};
        sched_result_write_json(in, &r, &out);
        buf_putc(&out, '\n');
        fwrite(out.p, 1, out.len, stdout);
        buf_free(&out);
    }
    if (a.write)
        fprintf(stderr, "qiao schedule: timetable of %s written: %d meeting requests changed\n",
                a.event, changed);
    status = 0;
out:
    sched_result_free(&r);
    sched_instance_free(in);
    store_close(db);
    return status;
}

const cli_command cmd_schedule = {
    "schedule", "build a meeting timetable for a matchmaking event",
    "usage: qiao schedule --instance FILE [--format json|text] [--time-limit MS]\n"
    "                     [--iterations N] [--seed N] [--keep-existing|--allow-moving]\n"
    "       qiao schedule --db PATH --event ID [--write] [the same options]\n"
    "                     [--role R] [--as P] [--user NAME]\n\n"
    "Assigns each accepted meeting request a slot and a table so that nobody is in\n"
    "two places at once, no slot uses more tables than the event has, everyone is\n"
    "available in their meetings' slots and locked meetings stay where they are.\n"
    "It schedules the most meetings weighted by priority (1-3), then leaves the\n"
    "fewest idle slots between a participant's meetings, and reports an upper bound\n"
    "on what any timetable could schedule and the ratio achieved.\n\n"
    "options:\n"
    "  --instance FILE   the event as JSON (\"-\" reads stdin): {\"event\": {\"id\",\n"
    "                    \"slots\", \"tables\"}, \"registrations\": [{\"who\",\n"
    "                    \"availability\": [slot numbers from 1]}], \"meeting_requests\":\n"
    "                    [{\"id\", \"from\", \"to\", \"priority\", \"status\", \"slot\",\n"
    "                    \"table\", \"locked\"}]}; requests not \"accepted\" are skipped.\n"
    "                    See docs/scheduling.md.\n"
    "  --db PATH --event ID  the event of the store instead: its slots and tables,\n"
    "                    the confirmed registrations' availability, the accepted\n"
    "                    requests with priority, locked and their current slot and\n"
    "                    table (staff and admin only; see docs/events.md)\n"
    "  --write           store each accepted request's slot and table (removed from\n"
    "                    one left unscheduled) in one transaction; on any error\n"
    "                    nothing is written\n"
    "  --role R, --as P, --user NAME  the acting user (default role staff)\n"
    "  --format F        json (default): meetings with slot and table, unscheduled\n"
    "                    requests with the reason, bound, ratio, idle slots;\n"
    "                    text: the same as a table for people\n"
    "  --time-limit MS   the whole command's time in milliseconds (default 2000):\n"
    "                    reading the instance, the search and the output; the\n"
    "                    search gets what is left\n"
    "  --iterations N    search iterations (default 50 per request + 20000); the\n"
    "                    result is the same for a seed unless the time limit stops it\n"
    "  --seed N          random seed (default 1)\n"
    "  --keep-existing   requests that already have a slot stay there (re-planning\n"
    "                    after a cancellation or no-show); the default with --db\n"
    "  --allow-moving    only locked requests stay; the others' current slots are\n"
    "                    hints the optimiser may change; the default with --instance\n\n"
    "Exit status: 0 done, 1 the instance is invalid or the action refused (the\n"
    "message names the problem),\n"
    "2 usage error.\n",
    run,
};
