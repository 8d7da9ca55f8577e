/* cli/cmd_event.c — qiao event: matchmaking events from the command line
 * (create, edit, register, requests and answers, suggestions, agendas, the
 * grid and exports). The rules live in src/event/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "event/event.h"
#include "index/index.h"
#include "project/project.h"

extern const cli_command cmd_event;
static int run(int argc, char **argv);

const cli_command cmd_event = {
    "event", "matchmaking events: registration, meeting requests, suggestions, agendas, grid",
    "usage: qiao event create     --db PATH --json OBJECT\n"
    "       qiao event edit       --db PATH --event ID --json CHANGES\n"
    "       qiao event show       --db PATH --event ID\n"
    "       qiao event register   --db PATH --event ID --who P [--availability 1,2,5]\n"
    "                             [--at TIME] [--late]\n"
    "       qiao event unregister --db PATH --event ID --who P\n"
    "       qiao event request    --db PATH --event ID --from P --to Q [--id ID]\n"
    "                             [--message TEXT] [--priority 1-3] [--at TIME]\n"
    "       qiao event accept     --db PATH --request KEY [--at TIME]\n"
    "       qiao event decline    --db PATH --request KEY [--reason TEXT] [--at TIME]\n"
    "       qiao event cancel     --db PATH --request KEY [--reason TEXT]\n"
    "       qiao event expire     --db PATH --event ID [--at TIME]\n"
    "       qiao event suggest    --db PATH --event ID --who P [--top N] [--format text|json]\n"
    "       qiao event agenda     --db PATH --event ID --who P [--format text|json|ics]\n"
    "                             [--out FILE] [--dtstamp TIME]\n"
    "       qiao event grid       --db PATH --event ID [--format text|json|csv] [--out FILE]\n"
    "       qiao event meetings   --db PATH --event ID [--format text|csv] [--out FILE]\n"
    "       qiao event export     --db PATH --event ID --out FILE.xlsx\n"
    "\n"
    "Every subcommand also takes the acting user: --role R (default staff; admin, staff,\n"
    "university, enterprise, tech_manager, investor, expert), --as P (the person or org\n"
    "the user acts for) and --user NAME (shown in messages). Staff and admin may do\n"
    "everything; others only for their party (a person also for their org).\n"
    "\n"
    "create/edit take the fields of an event (docs/DATA.md) as a JSON object; edit\n"
    "replaces the fields given and removes those given as null. Registration closes at\n"
    "registration_deadline (a date alone: the end of that day), else at the start; past\n"
    "capacity registrations go on a waiting list and move up when a place frees.\n"
    "Requests go between confirmed participants; the invited party accepts or declines;\n"
    "either party cancels (also a no-show). requests_deadline (else the end of the event)\n"
    "closes requests and answers; `expire` then marks pending requests expired.\n"
    "max_requests and max_meetings on the event cap each participant. The timetable is\n"
    "`qiao schedule --db PATH --event ID [--write]`. See docs/events.md.\n"
    "\n"
    "options:\n"
    "  --db PATH          the store\n"
    "  --event ID         the event\n"
    "  --json OBJECT      event fields as JSON (\"@FILE\" reads a file)\n"
    "  --who P            a person or org id\n"
    "  --availability L   slots the party can attend, counted from 1 (default: all)\n"
    "  --at TIME          when the action happens (ISO 8601; default now)\n"
    "  --late             staff: register after the deadline (walk-ins)\n"
    "  --from/--to P      the two sides of a request\n"
    "  --request KEY      a meeting request (its id, or EVENT/FROM/TO)\n"
    "  --reason TEXT      why a request is declined or cancelled\n"
    "  --top N            how many suggestions (default 10)\n"
    "  --format F         output format (see each subcommand)\n"
    "  --out FILE         write to FILE instead of stdout\n"
    "  --dtstamp TIME     the ICS DTSTAMP (default now; for reproducible files)\n"
    "\n"
    "Exit status: 0 done, 1 refused or failed (the message says why; nothing was\n"
    "written), 2 usage error.\n",
    run,
};

typedef struct opts {
    const char *db, *event, *json, *who, *availability, *at, *from, *to, *id, *message;
    const char *priority, *request, *reason, *top, *format, *out, *dtstamp;
    const char *role, *as, *user;
    int late;
} opts;

static const struct {
    const char *name;
    size_t off;
} optv[] = {
#define O(n, f) {"--" n, offsetof(opts, f)}
    O("db", db), O("event", event), O("json", json), O("who", who),
    O("availability", availability), O("at", at), O("from", from), O("to", to), O("id", id),
    O("message", message), O("priority", priority), O("request", request),
    O("reason", reason), O("top", top), O("format", format), O("out", out),
    O("dtstamp", dtstamp), O("role", role), O("as", as), O("user", user),
#undef O
};

static int parse(int argc, char **argv, opts *o)
{
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--late") == 0) {
            o->late = 1;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof optv / sizeof optv[0]; k++)
            if (strcmp(argv[i], optv[k].name) == 0)
                break;
        if (k == sizeof optv / sizeof optv[0])
            return cli_usage_error(&cmd_event, "unknown option '%s'", argv[i]);
        if (i + 1 >= argc)
            return cli_usage_error(&cmd_event, "%s needs a value", argv[i]);
        *(const char **)((char *)o + optv[k].off) = argv[++i];
    }
    return 0;
}

static int need(const char *v, const char *name)
{
    if (v && *v)
        return 0;
    return cli_usage_error(&cmd_event, "%s is required here", name);
}

static int write_out(const char *path, const buf *b, qiao_err *e)
{
    if (!path || strcmp(path, "-") == 0) {
        fwrite(buf_cstr(b), 1, b->len, stdout);
        return 0;
    }
    size_t n = strlen(path);
    char *tmp = qiao_malloc(n + 5);
    snprintf(tmp, n + 5, "%s.tmp", path);
    int rc = 0;
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(buf_cstr(b), 1, b->len, f) != b->len || fclose(f) != 0) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot write: %s", tmp, strerror(errno));
        remove(tmp);
    } else if (rename(tmp, path) != 0) {
        rc = qiao_errf(e, QIAO_EIO, "%s: cannot rename %s into place", path, tmp);
        remove(tmp);
    }
    free(tmp);
    return rc;
}

static json_t *read_json(const char *arg, qiao_err *e)
{
    json_error_t je;
    json_t *j = arg[0] == '@' ? json_load_file(arg + 1, 0, &je) : json_loads(arg, 0, &je);
    if (!j)
        qiao_field_errf(e, QIAO_EINVAL, "json", "--json: not valid JSON: %s (line %d, column "
                        "%d)", je.text, je.line, je.column);
    else if (!json_is_object(j)) {
        qiao_field_errf(e, QIAO_EINVAL, "json", "--json: give a JSON object of event fields");
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* "1,2,5" → ints; -1 on a bad list. */
static int parse_slots(const char *s, int **out, size_t *n)
{
    *n = 0;
    *out = qiao_calloc(strlen(s) + 1, sizeof **out);
    const char *p = s;
    while (*p) {
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (errno || end == p || v < 1 || v > 1000 || (*end && *end != ','))
            return -1;
        (*out)[(*n)++] = (int)v;
        p = *end ? end + 1 : end;
    }
    return *n ? 0 : -1;
}

static int show(store *s, const char *event, buf *out, qiao_err *e);

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_event, "give a subcommand (create, register, request, "
                               "agenda, ...)");
    const char *sub = argv[1];
    opts o = {0};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    if ((rc = need(o.db, "--db")))
        return rc;
    event_actor me = {o.user ? o.user : "cli", o.role ? o.role : "staff", o.as};
    int fmt = o.format ? event_format_parse(o.format) : EVENT_FMT_TEXT;
    if (fmt < 0)
        return cli_usage_error(&cmd_event, "--format is text, json, ics or csv; got '%s'",
                               o.format);
    qiao_err e = {0};
    store *s = NULL;
    buf out = {0};
    json_t *j = NULL;
    int *slots = NULL;
    int status = 1;
    int known;
    static const char *const subs[] = {"create", "edit", "show", "register", "unregister",
        "request", "accept", "decline", "cancel", "expire", "suggest", "agenda", "grid",
        "meetings", "export", NULL};
    for (known = 0; subs[known] && strcmp(subs[known], sub); known++)
        ;
    if (!subs[known])
        return cli_usage_error(&cmd_event, "no subcommand '%s'", sub);
    int needs_event = strcmp(sub, "create") && strcmp(sub, "accept") &&
                      strcmp(sub, "decline") && strcmp(sub, "cancel");
    if (needs_event && (rc = need(o.event, "--event")))
        return rc;
    if (store_open(o.db, &s, &e) < 0)
        goto fail;
    if (strcmp(sub, "create") == 0 || strcmp(sub, "edit") == 0) {
        if ((rc = need(o.json, "--json")))
            goto usage;
        if (!(j = read_json(o.json, &e)))
            goto fail;
        int promoted = 0;
        if (sub[0] == 'c' ? event_create(s, &me, j, &e) < 0
                          : event_edit(s, &me, o.event, j, &promoted, &e) < 0)
            goto fail;
        printf("qiao event %s: event %s %s\n", sub, sub[0] == 'c' ?
               json_string_value(json_object_get(j, "id")) : o.event,
               sub[0] == 'c' ? "created" : "updated");
        if (promoted)
            printf("%d waitlisted registrations moved onto the list\n", promoted);
    } else if (strcmp(sub, "show") == 0) {
        if (show(s, o.event, &out, &e) < 0)
            goto fail;
    } else if (strcmp(sub, "register") == 0) {
        if ((rc = need(o.who, "--who")))
            goto usage;
        size_t n = 0;
        if (o.availability && parse_slots(o.availability, &slots, &n) < 0) {
            rc = cli_usage_error(&cmd_event, "--availability is slot numbers 1-1000 separated "
                                 "by commas, e.g. 1,2,5");
            goto usage;
        }
        event_reg_req rq = {o.event, o.who, slots, n, o.at, o.late};
        event_reg_result res;
        if (event_register(s, &me, &rq, &res, &e) < 0)
            goto fail;
        if (res.waitlisted)
            printf("qiao event register: %s is on the waiting list of %s (place %d)\n", o.who,
                   o.event, res.position);
        else
            printf("qiao event register: %s %s for %s\n", o.who,
                   res.created ? "registered" : "updated", o.event);
    } else if (strcmp(sub, "unregister") == 0) {
        char promoted[MODEL_KEY_MAX];
        if ((rc = need(o.who, "--who")))
            goto usage;
        if (event_unregister(s, &me, o.event, o.who, promoted, &e) < 0)
            goto fail;
        printf("qiao event unregister: %s withdrew from %s%s%s\n", o.who, o.event,
               *promoted ? "; moved up from the waiting list: " : "", promoted);
    } else if (strcmp(sub, "request") == 0) {
        long pr = 0;
        if ((rc = need(o.from, "--from")) || (rc = need(o.to, "--to")))
            goto usage;
        if (o.priority && (sscanf(o.priority, "%ld", &pr) != 1 || pr < 1 || pr > 3)) {
            rc = cli_usage_error(&cmd_event, "--priority is 1, 2 or 3");
            goto usage;
        }
        event_request_req rq = {o.event, o.from, o.to, o.id, o.message, (int)pr, o.at};
        char key[MODEL_KEY_MAX];
        if (event_request(s, &me, &rq, key, &e) < 0)
            goto fail;
        printf("qiao event request: %s sent (pending)\n", key);
    } else if (strcmp(sub, "accept") == 0 || strcmp(sub, "decline") == 0 ||
               strcmp(sub, "cancel") == 0) {
        if ((rc = need(o.request, "--request")))
            goto usage;
        int r = sub[0] == 'a' ? event_accept(s, &me, o.request, o.at, &e)
              : sub[0] == 'd' ? event_decline(s, &me, o.request, o.reason, o.at, &e)
                              : event_cancel(s, &me, o.request, o.reason, &e);
        if (r < 0)
            goto fail;
        printf("qiao event %s: %s %s\n", sub, o.request, sub[0] == 'a' ? "accepted" :
               sub[0] == 'd' ? "declined" : "cancelled");
    } else if (strcmp(sub, "expire") == 0) {
        int n;
        if (event_expire(s, &me, o.event, o.at, &n, &e) < 0)
            goto fail;
        printf("qiao event expire: %d pending requests of %s expired\n", n, o.event);
    } else if (strcmp(sub, "suggest") == 0) {
        long top = 10;
        if ((rc = need(o.who, "--who")))
            goto usage;
        if (o.top && (sscanf(o.top, "%ld", &top) != 1 || top < 1 || top > 1000)) {
            rc = cli_usage_error(&cmd_event, "--top is 1 to 1000");
            goto usage;
        }
        event_suggestions l;
        index_svc *svc = NULL;         /* the index: snapshot + changes, or built */
        match_index *ix = NULL;
        int src = index_open_read(o.db, 0, &svc, &ix, &e);
        if (src == 0)
            src = event_suggest(s, ix, &me, o.event, o.who, (size_t)top, &l, &e);
        index_close_read(svc);
        if (src < 0)
            goto fail;
        event_suggestions_render(&l, o.event, o.who, fmt == EVENT_FMT_JSON, &out);
        event_suggestions_free(&l);
    } else if (strcmp(sub, "agenda") == 0) {
        int64_t stamp = 0;
        if ((rc = need(o.who, "--who")))
            goto usage;
        if (o.dtstamp && project_time_parse(o.dtstamp, &stamp, NULL) < 0) {
            rc = cli_usage_error(&cmd_event, "--dtstamp is an ISO 8601 date-time with offset");
            goto usage;
        }
        if (event_agenda(s, &me, o.event, o.who, (event_format)fmt, stamp, &out, &e) < 0)
            goto fail;
    } else if (strcmp(sub, "grid") == 0) {
        if (event_grid(s, &me, o.event, (event_format)fmt, &out, &e) < 0)
            goto fail;
    } else if (strcmp(sub, "meetings") == 0) {
        if (event_meetings(s, &me, o.event, (event_format)fmt, &out, &e) < 0)
            goto fail;
    } else if (strcmp(sub, "export") == 0) {
        if ((rc = need(o.out, "--out")))
            goto usage;
        if (event_export_xlsx(s, &me, o.event, o.out, &e) < 0)
            goto fail;
        printf("qiao event export: %s written (sheets timetable, meetings)\n", o.out);
    }
    if (out.len && write_out(strcmp(sub, "export") ? o.out : NULL, &out, &e) < 0)
        goto fail;
    status = 0;
    goto done;
usage:
    status = rc;
    goto done;
fail:
    fprintf(stderr, "qiao event %s: %s\n", sub, e.msg);
done:
    free(slots);
    json_decref(j);
    buf_free(&out);
    store_close(s);
    return status;
}

typedef struct show_ctx {
    const char *event;
    buf *out;
    int n;
} show_ctx;

static int show_reg(const model_record *r, void *ud)
{
    show_ctx *c = ud;
    if (strcmp(model_str(r, "event"), c->event))
        return 0;
    buf av = {0};
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, "availability"), i, v)
        buf_printf(&av, "%s%lld", i ? "," : "", (long long)json_integer_value(v));
    buf_printf(c->out, "  %-24s %-10s %-26s %s\n", model_str(r, "who"),
               json_is_true(json_object_get(r->doc, "waitlisted")) ? "waitlisted" : "confirmed",
               model_str(r, "registered"), av.len ? buf_cstr(&av) : "all slots");
    buf_free(&av);
    c->n++;
    return 0;
}

static int show_req(const model_record *r, void *ud)
{
    show_ctx *c = ud;
    if (strcmp(model_str(r, "event"), c->event))
        return 0;
    const char *st = model_str(r, "status");
    buf_printf(c->out, "  %-36s %-18s -> %-18s %-9s p%lld", r->key, model_str(r, "from"),
               model_str(r, "to"), *st ? st : "pending", model_int(r, "priority", 1));
    if (json_object_get(r->doc, "slot"))
        buf_printf(c->out, "  slot %lld table %lld%s", model_int(r, "slot", 0),
                   model_int(r, "table", 0),
                   json_is_true(json_object_get(r->doc, "locked")) ? " locked" : "");
    if (*model_str(r, "reason"))
        buf_printf(c->out, "  (%s)", model_str(r, "reason"));
    buf_putc(c->out, '\n');
    c->n++;
    return 0;
}

static int show(store *s, const char *event, buf *out, qiao_err *e)
{
    model_record ev;
    int rc = store_get(s, MODEL_EVENT, event, &ev, e);
    if (rc)
        return rc;
    char *line = model_to_jsonl(&ev);
    buf_printf(out, "%s\n\nregistrations:\n", line);
    free(line);
    model_record_clear(&ev);
    show_ctx c = {event, out, 0};
    if ((rc = store_scan(s, MODEL_REGISTRATION, show_reg, &c, e)))
        return rc;
    buf_puts(out, "\nmeeting requests:\n");
    return store_scan(s, MODEL_MEETING_REQUEST, show_req, &c, e);
}
