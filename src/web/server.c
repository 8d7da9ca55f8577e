/* web/server.c — libmicrohttpd glue: a thread pool, one worker state per
 * pool thread, request bodies with a size limit, the access log, graceful
 * shutdown on SIGINT/SIGTERM. Routing and validation are in router.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>

#include "web/web.h"

typedef struct conn_ctx {
    web_req rq;
    web_resp rs;
    buf body;
    bool started, too_big, queued;
    struct timespec t0;
    char method[12];
} conn_ctx;

typedef struct server {
    const web_config *cfg;
    atomic_int inflight;
    pthread_mutex_t lock;        /* guards workers */
    void **workers;
    size_t nworkers, capworkers;
} server;

static _Thread_local void *tl_worker;

static void *thread_worker(server *sv, qiao_err *e)
{
    if (tl_worker || !sv->cfg->worker_open)
        return tl_worker;
    void *w = sv->cfg->worker_open(sv->cfg, e);
    if (!w)
        return NULL;
    pthread_mutex_lock(&sv->lock);
    if (sv->nworkers == sv->capworkers) {
        sv->capworkers = sv->capworkers ? 2 * sv->capworkers : 8;
        sv->workers = qiao_realloc(sv->workers, sv->capworkers * sizeof *sv->workers);
    }
    sv->workers[sv->nworkers++] = w;
    pthread_mutex_unlock(&sv->lock);
    return tl_worker = w;
}

const char *web_header(web_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(web_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
    server *sv = cls;
    conn_ctx *c = qiao_calloc(1, sizeof *c);
    (void)con;
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    c->rq.cfg = sv->cfg;
    c->rq.raw_uri = web_arena_strdup(&c->rq.arena, uri ? uri : "");
    atomic_fetch_add(&sv->inflight, 1);
    return c;
}

/* Appends s to line[*n..cap), escaping control characters, quotes and
 * backslashes; at most max bytes of s. */
static void log_escaped(char *line, size_t *n, size_t cap, const char *s, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; s[i] && i < max && *n + 5 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7F || ch == '"' || ch == '\\') {
            line[(*n)++] = '\\';
            line[(*n)++] = 'x';
            line[(*n)++] = hex[ch >> 4];
            line[(*n)++] = hex[ch & 15];
        } else {
            line[(*n)++] = (char)ch;
        }
    }
}

/* One access-log line per request, formatted on the stack and written with a
 * single write(2): stderr is unbuffered, and fprintf piece by piece under a
 * lock would make every request wait for the others' log lines. */
static void access_log(conn_ctx *c, enum MHD_RequestTerminationCode toe)
{
    char line[2048];
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - c->t0.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - c->t0.tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    char ts[32];
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int k = snprintf(line, sizeof line, "%s %s \"%s ", ts, c->rq.client_ip ? c->rq.client_ip : "-",
                     c->method[0] ? c->method : "-");
    size_t n = k > 0 ? (size_t)k : 0;
    log_escaped(line, &n, sizeof line - 200, c->rq.raw_uri ? c->rq.raw_uri : "", 300);
    k = snprintf(line + n, sizeof line - n, "\" %d %zu %.1fms%s%s%s\n",
                 c->queued ? c->rs.status : 0, c->rs.body.len, ms,
                 c->rq.signed_in ? " user=" : "", c->rq.signed_in ? c->rq.user.login : "",
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    n += k > 0 && (size_t)k < sizeof line - n ? (size_t)k : 0;
    const char *p = line;
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;                    /* the log is gone: keep serving */
        p += w;
        n -= (size_t)w;
    }
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    server *sv = cls;
    conn_ctx *c = *con_cls;
    (void)con;
    if (!c)
        return;
    if (!sv->cfg->quiet)
        access_log(c, toe);
    json_decref(c->rq.json);
    buf_free(&c->body);
    buf_free(&c->rs.body);
    web_arena_free(&c->rq.arena);
    free(c);
    *con_cls = NULL;
    atomic_fetch_sub(&sv->inflight, 1);
}

static web_method parse_method(const char *m)
{
    static const struct { const char *s; web_method m; } t[] = {
        {"GET", WEB_GET}, {"POST", WEB_POST}, {"PUT", WEB_PUT}, {"PATCH", WEB_PATCH},
        {"DELETE", WEB_DELETE}, {"HEAD", WEB_HEAD},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (strcmp(m, t[i].s) == 0)
            return t[i].m;
    return 0;
}

static const char *const security_headers[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
     "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
};

static enum MHD_Result send_resp(struct MHD_Connection *con, conn_ctx *c)
{
    web_resp *rs = &c->rs;
    if (!rs->status)
        rs->status = 200;
    size_t len = rs->body.len;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, rs->body.p ? rs->body.p : "",
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rs->ctype ? rs->ctype : "text/html; charset=utf-8");
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
    bool cache = false;
    for (size_t i = 0; i < rs->nheaders; i++) {
        MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
        cache |= strcasecmp(rs->headers[i].name, "Cache-Control") == 0;
    }
    if (!cache)
        MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(con, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    c->queued = true;
    return ret;
}

static enum MHD_Result fail_now(struct MHD_Connection *con, conn_ctx *c, int status,
                                const char *code, const char *msg)
{
    if (!c->rq.path)
        c->rq.path = "";
    web_fail(&c->rq, &c->rs, status, code, NULL, "%s", msg);
    return send_resp(con, c);
}

static void client_ip(struct MHD_Connection *con, conn_ctx *c)
{
    char ip[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con,
                                                                 MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
    }
    c->rq.client_ip = web_arena_strdup(&c->rq.arena, ip);
    if (c->rq.cfg->trust_proxy) {
        const char *xff = web_header(&c->rq, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            if (strlen(last) < INET6_ADDRSTRLEN)
                c->rq.client_ip = web_arena_strdup(&c->rq.arena, last);
        }
        const char *proto = web_header(&c->rq, "X-Forwarded-Proto");
        c->rq.https = proto && strcasecmp(proto, "https") == 0;
    }
}

/* First call of a request: method, URI, headers; may answer at once. */
static int begin(struct MHD_Connection *con, conn_ctx *c, const char *method)
{
    web_req *rq = &c->rq;
    snprintf(c->method, sizeof c->method, "%s", method);
    rq->conn = con;
    client_ip(con, c);
    rq->method = parse_method(method);
    if (!rq->method)
        return fail_now(con, c, 501, "not_implemented", "this method is not supported"), 1;
    const char *uri = rq->raw_uri;
    const char *q = strchr(uri, '?');
    size_t plen = q ? (size_t)(q - uri) : strlen(uri);
    rq->query_raw = q ? q + 1 : "";
    if (plen == 0 || uri[0] != '/' ||
        !(rq->path = web_pct_decode(&rq->arena, uri, plen, false))) {
        rq->path = "";
        return fail_now(con, c, 400, "bad_path", "the path is badly percent-encoded, holds "
                        "a NUL byte or is not valid UTF-8"), 1;
    }
    if (strlen(rq->query_raw) > rq->cfg->query_max) {   /* after the path: /api/ answers JSON */
        char msg[160];
        snprintf(msg, sizeof msg, "the query string is %zu bytes long; at most %zu are accepted",
                 strlen(rq->query_raw), rq->cfg->query_max);
        return fail_now(con, c, 400, "query_too_long", msg), 1;
    }
    const char *ct = web_header(rq, "Content-Type");
    if (ct) {
        size_t n = strcspn(ct, ";");
        while (n && ct[n - 1] == ' ')
            n--;
        char *lc = web_arena_strndup(&rq->arena, ct, n);
        for (char *p = lc; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        rq->content_type = lc;
    } else {
        rq->content_type = "";
    }
    const char *cl = web_header(rq, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > rq->cfg->body_max) {
        char msg[160];
        snprintf(msg, sizeof msg, "the body is %.20s bytes; at most %zu are accepted", cl,
                 rq->cfg->body_max);
        return fail_now(con, c, 413, "payload_too_large", msg), 1;
    }
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    server *sv = cls;
    conn_ctx *c = *con_cls;
    (void)url;
    (void)version;
    if (!c)
        return MHD_NO;
    if (c->queued) {                  /* answered early: drop the rest of the body */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!c->started) {
        c->started = true;
        if (begin(con, c, method))
            return c->queued ? MHD_YES : MHD_NO;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (c->body.len + *upload_data_size > sv->cfg->body_max)
            c->too_big = true;
        else
            buf_append(&c->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_big) {
        char msg[120];
        snprintf(msg, sizeof msg, "the body is larger than %zu bytes", sv->cfg->body_max);
        return fail_now(con, c, 413, "payload_too_large", msg);
    }
    c->rq.body = c->body.p ? c->body.p : "";
    c->rq.body_len = c->body.len;
    qiao_err e = {0};
    c->rq.worker = thread_worker(sv, &e);
    if (sv->cfg->worker_open && !c->rq.worker) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        return fail_now(con, c, 503, "unavailable", "the store cannot be opened; try again later");
    }
    web_dispatch(&c->rq, &c->rs);
    return send_resp(con, c);
}

static int parse_listen(const char *s, struct sockaddr_storage *ss, qiao_err *e)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(s, ':');
    if (!colon)
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': expected HOST:PORT", s);
    char host[128];
    size_t hl = (size_t)(colon - s);
    if (hl >= sizeof host)
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': host too long", s);
    memcpy(host, s, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || colon[1] == '\0')
        return qiao_errf(e, QIAO_EINVAL, "--listen '%s': the port must be 0-65535", s);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (hl == 0 || strcmp(host, "*") == 0) {
        in4->sin_family = AF_INET;
        in4->sin_addr.s_addr = htonl(INADDR_ANY);
        in4->sin_port = htons((uint16_t)port);
    } else if (host[0] == '[' && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
            return qiao_errf(e, QIAO_EINVAL, "--listen '%s': bad IPv6 address", s);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
    } else {
        if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
            return qiao_errf(e, QIAO_EINVAL, "--listen '%s': '%s' is not an IPv4 address "
                             "(use [::1]:PORT for IPv6)", s, host);
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
    }
    return 0;
}

int web_serve(const web_config *cfg, qiao_err *e)
{
    struct sockaddr_storage ss;
    if (parse_listen(cfg->listen, &ss, e) < 0)
        return QIAO_EINVAL;
    server sv = {.cfg = cfg};
    pthread_mutex_init(&sv.lock, NULL);
    atomic_init(&sv.inflight, 0);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);   /* the pool threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    unsigned threads = cfg->threads ? cfg->threads : 2;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &sv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, &sv,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return qiao_errf(e, QIAO_EIO, "cannot listen on %s: %s (is the port in use?)",
                         cfg->listen, strerror(errno));
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg->listen, ':') - cfg->listen),
             cfg->listen);
    fprintf(stderr, "qiao serve: listening on http://%s:%u/ (%u threads, db %s)\n",
            *host ? host : "0.0.0.0", di ? di->port : 0, threads, cfg->db ? cfg->db : "-");
    fflush(stderr);

    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "qiao serve: %s received, finishing %d request(s) in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", atomic_load(&sv.inflight));
    MHD_socket lsock = MHD_quiesce_daemon(d);  /* no new connections */
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    for (int i = 0; i < 1000 && atomic_load(&sv.inflight) > 0; i++)
        usleep(10000);                        /* up to 10 s for requests in flight */
    MHD_stop_daemon(d);
    for (size_t i = 0; i < sv.nworkers; i++)
        if (cfg->worker_close)
            cfg->worker_close(sv.workers[i]);
    free(sv.workers);
    pthread_mutex_destroy(&sv.lock);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    fprintf(stderr, "qiao serve: stopped\n");
    return 0;
}
