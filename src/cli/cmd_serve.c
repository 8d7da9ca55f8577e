/* cli/cmd_serve.c — `qiao serve`: the web pages and the JSON API. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli/mailopts.h"
#include "alert/alert.h"
#include "cli/cli.h"
#include "web/app.h"
#include "web/listen.h"

extern const cli_command cmd_serve;

/* The alerts' background pass (alert.h): every `every` seconds, with its own
 * store handle, following the change log of every process's writes. The
 * index service's follower puts those writes into the index; the pass
 * catches the index up first (so that it ranks what it reads) and ranks
 * under the service's read lock. */
typedef struct alerts_bg {
    web_app *app;
    const char *db;
    long every;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} alerts_bg;

static void *alerts_loop(void *ud)
{
    alerts_bg *b = ud;
    qiao_err e = {0};
    store *st = NULL;
    /* requests first: the pass runs at a lower priority (Linux: per thread) */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) < 0)
        fprintf(stderr, "qiao serve: alerts at normal priority (setpriority failed)\n");
    if (store_open(b->db, &st, &e) < 0) {
        fprintf(stderr, "qiao serve: alerts off: %s\n", e.msg);
        return NULL;
    }
    int64_t slow_at = 0;              /* deadlines and digests: once a minute */
    pthread_mutex_lock(&b->mu);
    while (!b->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += b->every;
        while (!b->stop && pthread_cond_timedwait(&b->cv, &b->mu, &until) == 0)
            ;
        if (b->stop)
            break;
        pthread_mutex_unlock(&b->mu);
        alert_opts o = {.threads = 1, .apply_changes = 0, .lock = index_rwlock(b->app->idx)};
        alert_report r;
        memset(&r, 0, sizeof r);
        e = (qiao_err){0};
        size_t closed = 0, soon = 0, overdue = 0;
        int64_t now = (int64_t)time(NULL);
        bool slow = now - slow_at >= 60;
        if (index_catch_up(b->app->idx, NULL, &e) < 0)
            fprintf(stderr, "qiao serve: alerts (index): %s\n", e.msg);
        e = (qiao_err){0};
        /* the index pointer never changes once open; its contents are read
         * under o.lock by the passes */
        match_index *ix = index_read(b->app->idx);
        index_read_end(b->app->idx);
        if (slow)
            slow_at = now;
        if (slow && alert_deadlines(st, ix, &o, &r, &e) < 0)
            fprintf(stderr, "qiao serve: alerts (deadlines): %s\n", e.msg);
        closed = r.closed, soon = r.deadline_soon, overdue = r.overdue;
        e = (qiao_err){0};
        if (alert_changes(st, ix, &o, &r, &e) < 0)
            fprintf(stderr, "qiao serve: alerts (new matches): %s\n", e.msg);
        r.closed = closed, r.deadline_soon = soon, r.overdue = overdue;
        e = (qiao_err){0};
        if (slow && alert_digests(st, ix, &o, &r, &e) < 0)
            fprintf(stderr, "qiao serve: alerts (digests): %s\n", e.msg);
        if (r.changes || r.closed || r.deadline_soon || r.overdue || r.digests)
            fprintf(stderr, "qiao serve: alerts: %zu changes, %zu achievements, %zu demands "
                    "ranked, %zu new matches (%zu notices) in %.2f s, CPU %.2f s (index %.2f, "
                    "candidates %.2f, confirmation %.2f, notices %.2f); %zu demands closed, "
                    "%zu deadline notices, %zu milestone notices, %zu digests\n", r.changes,
                    r.achievements, r.demands_ranked, r.new_matches, r.notices, r.seconds,
                    r.cpu, r.sec_apply, r.sec_candidates, r.sec_confirm, r.sec_write, r.closed,
                    r.deadline_soon, r.overdue, r.digests);
        pthread_mutex_lock(&b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    store_close(st);
    return NULL;
}

/* src/web/static next to the binary's build directory (build/qiao or
 * build/san/qiao), else ./src/web/static. */
static void default_static(char *out, size_t cap)
{
    char exe[900];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    snprintf(out, cap, "src/web/static");
    if (n <= 0)
        return;
    exe[n] = '\0';
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return;
        *slash = '\0';
        char probe[1024];
        snprintf(probe, sizeof probe, "%s/src/web/static/qiao.css", exe);
        if (access(probe, R_OK) == 0) {
            snprintf(out, cap, "%s/src/web/static", exe);
            return;
        }
    }
}

/* The default pool: one thread per core and one more, so that a request
 * that waits (a store write, a timetable being solved) does not leave a core
 * idle; more threads than that only add preemption, and the tail latency
 * with it (bench/web_load.sh at 10^5 on 2 cores: p99 of filtered searches
 * 35–180 ms with 4 threads, 30–33 ms with 3, 26–28 ms with 2). */
static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n + 1 > 64 ? 64 : (unsigned)(n + 1);     /* at least 2 */
}

static int run(int argc, char **argv)
{
    web_config cfg = {.db = "qiao.db", .listen = "127.0.0.1:8080", .threads = default_threads(),
                      .body_max = 1024 * 1024, .query_max = 2048, .max_conn_per_ip = 64};
    const char **hosts = qiao_calloc((size_t)argc + 1, sizeof *hosts);   /* --allowed-host */
    size_t nhosts = 0;
    char static_dir[1024];
    default_static(static_dir, sizeof static_dir);
    cfg.static_dir = static_dir;
    index_opts io = INDEX_OPTS_DEFAULT;
    io.search_cache = INDEX_SEARCH_CACHE_DEFAULT;
    io.match_cache = true;
    io.item_cache = true;
    io.defer_replay = true;               /* the first search before the replay (index.h) */
    index_opts_env(&io);
    long interests_per_day = 20;
    cli_mailopts mo;
    cli_mailopts_init(&mo);
    long alerts_every = 5;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken = cli_mailopts_take(&mo, &cmd_serve, argc, argv, &i);
        if (taken == 2)
            return 2;
        if (taken == 1)
            continue;
        bool has = i + 1 < argc;
        if (!strcmp(a, "--db") && has) cfg.db = argv[++i];
        else if (!strcmp(a, "--listen") && has) cfg.listen = argv[++i];
        else if (!strcmp(a, "--threads") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || t < 1 || t > 256)
                return free(hosts), cli_usage_error(&cmd_serve, "--threads must be 1-256");
            cfg.threads = (unsigned)t;
        }
        else if (!strcmp(a, "--static") && has) cfg.static_dir = argv[++i];
        else if (!strcmp(a, "--body-max") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || t < 1024)
                return free(hosts), cli_usage_error(&cmd_serve, "--body-max must be at least "
                                                    "1024 bytes");
            cfg.body_max = (size_t)t;
        }
        else if (!strcmp(a, "--search-cache") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 1000000)
                return free(hosts), cli_usage_error(&cmd_serve, "--search-cache must be "
                                                    "0-1000000 entries");
            io.search_cache = (size_t)t;
        }
        else if (!strcmp(a, "--snapshot-every") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 100000000)
                return free(hosts), cli_usage_error(&cmd_serve, "--snapshot-every must be "
                                                    "0-100000000 changes");
            io.snapshot_every = t;
        }
        else if (!strcmp(a, "--snapshot-secs") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 86400 * 7)
                return free(hosts), cli_usage_error(&cmd_serve, "--snapshot-secs must be "
                                                    "0-604800 seconds");
            io.snapshot_secs = t;
        }
        else if (!strcmp(a, "--no-snapshot")) io.snapshot = false;
        else if (!strcmp(a, "--interests-per-day") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 1 || t > 100000)
                return cli_usage_error(&cmd_serve, "--interests-per-day must be 1-100000");
            interests_per_day = t;
        }
        else if (!strcmp(a, "--allowed-host") && has) {
            const char *h = argv[++i];
            if (!*h || strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789.-:[]*_") != strlen(h) || (strchr(h, '*') && h[1])) {
                free(hosts);
                return cli_usage_error(&cmd_serve, "--allowed-host '%s': expected a host name "
                                       "or address, optionally with :PORT (or * for any)", h);
            }
            hosts[nhosts++] = h;
        }
        else if (!strcmp(a, "--max-conn-per-ip") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 100000) {
                free(hosts);
                return cli_usage_error(&cmd_serve, "--max-conn-per-ip must be 0-100000 (0 = "
                                       "no limit)");
            }
            cfg.max_conn_per_ip = (unsigned)t;
        }
        else if (!strcmp(a, "--reuse-port")) cfg.reuse_port = true;
        else if (!strcmp(a, "--alerts") && has) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 86400)
                return cli_usage_error(&cmd_serve, "--alerts must be 0-86400 seconds");
            alerts_every = t;
        }
        else if (!strcmp(a, "--tls")) cfg.secure_cookies = true;
        else if (!strcmp(a, "--trust-proxy")) cfg.trust_proxy = true;
        else if (!strcmp(a, "--quiet")) cfg.quiet = true;
        else if (!strcmp(a, "--print-openapi")) {
            json_t *doc = web_openapi(web_routes, web_nroutes);
            char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
            json_decref(doc);
            fputs(s, stdout);
            free(s);
            free(hosts);
            return 0;
        }
        else return free(hosts), cli_usage_error(&cmd_serve, "unknown option '%s'", a);
    }
    bool base_given = mo.m.base_url != NULL;
    cli_mailopts_finish(&mo, cfg.db);
    cfg.allowed_hosts = hosts;
    cfg.nallowed_hosts = nhosts;
    web_app_config(&cfg);
    /* Open once in the main thread: migrations run here, errors show at once. */
    qiao_err e = {0};
    store *st;
    if (store_open(cfg.db, &st, &e) < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        free(hosts);
        return 1;
    }
    store_close(st);
    /* the port before the index: a busy one is refused at once */
    web_listener l;
    if (web_listen_open(&cfg, &l, &e) < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        free(hosts);
        return 1;
    }
    if (!base_given) {                    /* the port bound, also for --listen HOST:0 */
        snprintf(mo.base, sizeof mo.base, "http://%s", l.addr);
        mo.m.base_url = mo.base;
    }
    /* the outbox's sender: its own thread and store handle */
    notify_sender *sender;
    if (notify_sender_start(cfg.db, &mo.m, &sender, &e) < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        close(l.fd);
        free(hosts);
        return 1;
    }
    if (!cfg.quiet)
        fprintf(stderr, "mail: %s%s, links to %s\n", mo.m.smtp ? "SMTP " : "files in ",
                mo.m.smtp ? mo.m.smtp : mo.m.dir, mo.m.base_url);
    io.quiet = cfg.quiet;
    web_app app;
    web_app_open(&app, cfg.db, &io);
    if (app.idx && index_follow(app.idx, &e) < 0)
        fprintf(stderr, "qiao serve: %s: writes of other processes reach search only with "
                "the alerts' pass\n", e.msg);
    app.interests_per_day = interests_per_day;
    cfg.app = &app;
    alerts_bg bg = {.app = &app, .db = cfg.db, .every = alerts_every};
    pthread_t bg_th;
    bool bg_on = false;
    pthread_mutex_init(&bg.mu, NULL);
    pthread_cond_init(&bg.cv, NULL);
    if (alerts_every > 0 && index_ready(app.idx)) {
        sigset_t set, old;                /* SIGINT and SIGTERM are web_serve's */
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, &old);
        bg_on = pthread_create(&bg_th, NULL, alerts_loop, &bg) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    int rc = web_serve_on(&cfg, &l, &e);
    if (bg_on) {
        pthread_mutex_lock(&bg.mu);
        bg.stop = 1;
        pthread_cond_signal(&bg.cv);
        pthread_mutex_unlock(&bg.mu);
        pthread_join(bg_th, NULL);
    }
    pthread_mutex_destroy(&bg.mu);
    pthread_cond_destroy(&bg.cv);
    web_app_close(&app);
    notify_sender_stop(sender);
    free(hosts);
    if (rc < 0) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        return 1;
    }
    return 0;
}

const cli_command cmd_serve = {
    "serve", "serve the web pages and the JSON API (/api/v1)",
    "usage: qiao serve [--db PATH] [--listen HOST:PORT] [--threads N] [--static DIR]\n"
    "                  [--body-max BYTES] [--search-cache N] [--interests-per-day N]\n"
    "                  [--snapshot-every N] [--snapshot-secs S] [--no-snapshot]\n"
    "                  [--alerts SECONDS] [--allowed-host HOST]... [--max-conn-per-ip N]\n"
    "                  [--reuse-port] [--tls] [--trust-proxy] [--quiet] [--smtp URL]\n"
    "                  [--mail-from ADDR] [--base-url URL] [--mail-dir DIR] [--mail-retry SECS]\n"
    "       qiao serve --print-openapi\n\n"
    "Serves the pages (in Chinese) and the JSON API /api/v1 (OpenAPI document at\n"
    "/api/v1/openapi.json) until SIGINT or SIGTERM; requests in flight finish first.\n"
    "One access-log line per request goes to stderr.\n\n"
    "Search follows the store: a write through this server is searchable when its\n"
    "request is answered; a write by another process (qiao import, another server\n"
    "on the same file, qiao edits) within about a second.\n\n"
    "  --db PATH          the store (default qiao.db); created and migrated if needed\n"
    "  --listen HOST:PORT address to listen on (default 127.0.0.1:8080; [::1]:8080 for\n"
    "                     IPv6; port 0 picks a free one, printed on stderr). A port\n"
    "                     another program listens on is refused, naming it\n"
    "  --allowed-host HOST  also answer requests whose Host header is HOST (a name or\n"
    "                     address, with :PORT when clients send one; repeatable; * =\n"
    "                     any). Always answered: the listen address and localhost,\n"
    "                     each with and without the port. Other hosts get 421: a page\n"
    "                     of another site cannot reach qiao by pointing its name here\n"
    "  --max-conn-per-ip N  connections at once from one client address (default 64;\n"
    "                     0 = no limit); more are closed at once. Behind a proxy every\n"
    "                     connection comes from the proxy: raise it\n"
    "  --reuse-port       share the port with servers already on it (SO_REUSEPORT), for\n"
    "                     restarts without a gap; only when each of them serves the\n"
    "                     same store file (checked through /proc), else refused\n"
    "  --threads N        worker threads, each with its own store handle (default: the\n"
    "                     machine's cores + 1, e.g. 3 on 2 cores)\n"
    "  --static DIR       style sheets etc. served under /static/ (default src/web/static\n"
    "                     beside the build directory)\n"
    "  --body-max BYTES   larger request bodies get 413 (default 1048576)\n"
    "  --interests-per-day N  interests (有意向) one account may send in 24 hours\n"
    "                     (default 20)\n"
    "  --search-cache N   keep the ranked hits of the N most recent searches (default\n"
    "                     4096; 0 = off); any saved record invalidates them all\n"
    "  --snapshot-every N write the search index's snapshot (DB.qix) after N changes\n"
    "                     (default 10000; 0 = not by count) ...\n"
    "  --snapshot-secs S  ... or S seconds after the last one when anything changed\n"
    "                     (default 600; 0 = not by time); also at a clean shutdown.\n"
    "                     A restart loads the snapshot and replays the changes since\n"
    "                     (after kill -9: at most about N), instead of re-indexing\n"
    "  --no-snapshot      neither read nor write the snapshot: build the index at\n"
    "                     start (also QIAO_NO_SNAPSHOT=1)\n"
    "  --tls              cookies carry Secure (set when clients reach qiao over HTTPS)\n"
    "  --trust-proxy      believe X-Forwarded-For / X-Forwarded-Proto (behind nginx)\n"
    "  --alerts SECONDS   run a pass of the alerts (`qiao help alerts`) every SECONDS:\n"
    "                     new matches of open demands, following every process's\n"
    "                     writes; deadlines, overdue milestones and digests at most\n"
    "                     once a minute (default 5; 0 = off)\n"
    "  --quiet            no access log\n"
    "  --print-openapi    print the OpenAPI document (docs/openapi.json) and exit\n\n"
    "Mail: a sender thread delivers the outbox (notifications' mail, daily digests at\n"
    "08:00 Beijing time) every second, retrying failures with a doubling delay; several\n"
    "servers may share one store's outbox: each claims (leases) the mail it sends.\n"
    CLI_MAILOPTS_HELP "\n"
    "Accounts: `qiao user add`. API tokens: `qiao user token`.\n",
    run,
};
