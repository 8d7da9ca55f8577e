/* web/server.c — libmicrohttpd glue: a thread pool, one worker state per
 * pool thread, request bodies with a size limit, the access log, graceful
 * shutdown on SIGINT/SIGTERM. Routing and validation are in router.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

#include "web/listen.h"
#include "web/web.h"

typedef struct conn_ctx {
    web_req rq;
    web_resp rs;
    buf body;
    bool started, too_big, queued;
    bool raw_nul;                /* a NUL byte was sent raw in the request target */
    struct timespec t0;
    char method[12];
} conn_ctx;

typedef struct server {
    const web_config *cfg;
    web_hosts hosts;             /* Host values answered */
    const char *addr;            /* host:port listened on, for messages */
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

#if MHD_VERSION < 0x00097600
/* "HTTP/d.d" then the NUL that ended the line. */
static bool is_version(const char *v)
{
    return v[0] == 'H' && v[1] == 'T' && v[2] == 'T' && v[3] == 'P' && v[4] == '/' &&
           v[6] == '.' && v[8] == '\0';
}

/* libmicrohttpd 0.9.75 hands the request target over as a C string in its
 * read buffer, laid out TARGET '\0' "HTTP/d.d" '\0' (the space before the
 * version already cut, and the version checked to be those 8 bytes): a NUL
 * sent raw in the target ends the string early and the rest is silently
 * dropped ("GET /\0x" was served as "/"). Next it splits the query into a
 * list in the connection's 64 KiB pool, which we never read (router.c
 * parses rq->query_raw) and which a long list exhausts, leaving the
 * connection without an answer until its timeout. So: note a raw NUL
 * (begin() answers 400), and end the query right after its '?' before MHD
 * splits it. Every byte read or written here lies within the line: at
 * least the separator and the version follow the end of the string. A
 * target that hides a fake "\0HTTP/1.1\0" before its '?' still has its
 * query split (and is refused in begin() if it gets that far). */
static void guard_target(conn_ctx *c, char *uri)
{
    size_t n = strlen(uri);
    c->raw_nul = !is_version(uri + n + 1);
    for (char *p = uri;; p++) {
        if (*p == '?') {
            p[1] = '\0';
            break;
        }
        if (*p == '\0' && (p >= uri + n && is_version(p + 1)))
            break;
    }
}
#endif

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
    server *sv = cls;
    conn_ctx *c = qiao_calloc(1, sizeof *c);
    (void)con;
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    c->rq.cfg = sv->cfg;
    c->rq.raw_uri = web_arena_strdup(&c->rq.arena, uri ? uri : "");
#if MHD_VERSION < 0x00097600
    if (uri)
        guard_target(c, (char *)uri);   /* MHD's own buffer, writable (see above) */
#endif
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

/* An answer before routing: msg for the API (paths under /api/), zh (the
 * same in Chinese) for pages. */
static enum MHD_Result fail_now(struct MHD_Connection *con, conn_ctx *c, int status,
                                const char *code, const char *msg, const char *zh)
{
    if (!c->rq.path)
        c->rq.path = strncmp(c->rq.raw_uri, "/api/", 5) == 0 ? "/api/" : "";
    bool api = strncmp(c->rq.path, "/api/", 5) == 0;
    web_fail(&c->rq, &c->rs, status, code, NULL, "%s", api || !zh ? msg : zh);
    return send_resp(con, c);
}

typedef struct head_stats {
    size_t n, longest;
    const char *longest_name;
} head_stats;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    head_stats *h = cls;
    size_t len = strlen(key) + (value ? strlen(value) : 0);
    (void)kind;
    h->n++;
    if (len > h->longest) {
        h->longest = len;
        h->longest_name = key;
    }
    return MHD_YES;
}

/* The request limits of web.h that libmicrohttpd does not apply itself
 * (it refuses only what overflows its 64 KiB per connection). */
static int check_limits(struct MHD_Connection *con, conn_ctx *c)
{
    char msg[300], zh[300];
    size_t ulen = strlen(c->rq.raw_uri);
    if (ulen > WEB_URI_MAX) {
        snprintf(msg, sizeof msg, "the request target is %zu bytes long; at most %d are "
                 "accepted", ulen, WEB_URI_MAX);
        snprintf(zh, sizeof zh, "网页地址过长（%zu 字节），最长 %d 字节。请缩短后重试。", ulen,
                 WEB_URI_MAX);
        return fail_now(con, c, 414, "uri_too_long", msg, zh), 1;
    }
    head_stats h = {0};
    MHD_get_connection_values(con, MHD_HEADER_KIND, count_header, &h);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    size_t head = ci ? ci->header_size : 0;
    if (h.n > WEB_HEADERS_MAX) {
        snprintf(msg, sizeof msg, "the request has %zu header fields; at most %d are accepted",
                 h.n, WEB_HEADERS_MAX);
        snprintf(zh, sizeof zh, "请求头过多（%zu 项），最多 %d 项。", h.n, WEB_HEADERS_MAX);
        return fail_now(con, c, 431, "too_many_headers", msg, zh), 1;
    }
    if (h.longest > WEB_HEADER_MAX) {
        snprintf(msg, sizeof msg, "the header field '%.40s' is %zu bytes long; at most %d are "
                 "accepted", h.longest_name, h.longest, WEB_HEADER_MAX);
        snprintf(zh, sizeof zh, "请求头中有一项过长（%zu 字节），最长 %d 字节。请清除本站的 "
                 "Cookie 后重试。", h.longest, WEB_HEADER_MAX);
        return fail_now(con, c, 431, "header_too_large", msg, zh), 1;
    }
    if (head > WEB_HEAD_MAX) {
        snprintf(msg, sizeof msg, "the request line and headers are %zu bytes long; at most %d "
                 "are accepted", head, WEB_HEAD_MAX);
        snprintf(zh, sizeof zh, "请求头过长（%zu 字节），最长 %d 字节。请清除本站的 Cookie "
                 "后重试。", head, WEB_HEAD_MAX);
        return fail_now(con, c, 431, "header_too_large", msg, zh), 1;
    }
    return 0;
}

/* 421 unless the Host header is one this server answers to (DNS rebinding:
 * a page of another site whose name now points at this address). */
static int check_host(struct MHD_Connection *con, conn_ctx *c, const server *sv)
{
    const char *host = web_header(&c->rq, "Host");
    if (web_host_allowed(&sv->hosts, host))
        return 0;
    char msg[400], zh[400];
    snprintf(msg, sizeof msg, "this server does not answer to the host name '%.100s' (the Host "
             "header); use http://%s/ or start qiao serve with --allowed-host %.100s",
             host, sv->addr, host);
    snprintf(zh, sizeof zh, "本站不接受以“%.100s”这个地址访问。请改用 http://%s/ 访问；如确需使用"
             "该地址，请联系管理员。", host, sv->addr);
    return fail_now(con, c, 421, "unknown_host", msg, zh), 1;
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
static int begin(struct MHD_Connection *con, conn_ctx *c, const server *sv, const char *method)
{
    web_req *rq = &c->rq;
    snprintf(c->method, sizeof c->method, "%s", method);
    rq->conn = con;
    client_ip(con, c);
    rq->method = parse_method(method);
    if (!rq->method)
        return fail_now(con, c, 501, "not_implemented", "this method is not supported",
                        "服务器不支持这种请求方式。"), 1;
    if (check_limits(con, c))
        return 1;
    const char *uri = rq->raw_uri;
    const char *q = strchr(uri, '?');
    size_t plen = q ? (size_t)(q - uri) : strlen(uri);
    rq->query_raw = q ? q + 1 : "";
    if (c->raw_nul || plen == 0 || uri[0] != '/' ||
        !(rq->path = web_pct_decode(&rq->arena, uri, plen, false))) {
        rq->path = NULL;
        return fail_now(con, c, 400, "bad_path", "the path is badly percent-encoded, holds "
                        "a NUL byte or is not valid UTF-8",
                        "网页地址有误：含有错误的百分号编码、空字符或无效的文字编码。"), 1;
    }
    if (check_host(con, c, sv))
        return 1;
    if (strlen(rq->query_raw) > rq->cfg->query_max) {   /* after the path: /api/ answers JSON */
        char msg[160], zh[200];
        snprintf(msg, sizeof msg, "the query string is %zu bytes long; at most %zu are accepted",
                 strlen(rq->query_raw), rq->cfg->query_max);
        snprintf(zh, sizeof zh, "查询条件过长（%zu 字节），最长 %zu 字节。请缩短搜索词或筛选条件"
                 "后重试。", strlen(rq->query_raw), rq->cfg->query_max);
        return fail_now(con, c, 400, "query_too_long", msg, zh), 1;
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
        char msg[160], zh[200];
        snprintf(msg, sizeof msg, "the body is %.20s bytes; at most %zu are accepted", cl,
                 rq->cfg->body_max);
        snprintf(zh, sizeof zh, "提交的内容过大（%.20s 字节），最多 %zu 字节。", cl,
                 rq->cfg->body_max);
        return fail_now(con, c, 413, "payload_too_large", msg, zh), 1;
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
        if (begin(con, c, sv, method))
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
        char msg[120], zh[160];
        snprintf(msg, sizeof msg, "the body is larger than %zu bytes", sv->cfg->body_max);
        snprintf(zh, sizeof zh, "提交的内容过大，最多 %zu 字节。", sv->cfg->body_max);
        return fail_now(con, c, 413, "payload_too_large", msg, zh);
    }
    c->rq.body = c->body.p ? c->body.p : "";
    c->rq.body_len = c->body.len;
    qiao_err e = {0};
    c->rq.worker = thread_worker(sv, &e);
    if (sv->cfg->worker_open && !c->rq.worker) {
        fprintf(stderr, "qiao serve: %s\n", e.msg);
        return fail_now(con, c, 503, "unavailable", "the store cannot be opened; try again later",
                        "服务暂时不可用，请稍后再试。");
    }
    web_dispatch(&c->rq, &c->rs);
    return send_resp(con, c);
}

int web_serve(const web_config *cfg, qiao_err *e)
{
    web_listener l;
    int rc = web_listen_open(cfg, &l, e);
    return rc < 0 ? rc : web_serve_on(cfg, &l, e);
}

int web_serve_on(const web_config *cfg, web_listener *listener, qiao_err *e)
{
    web_listener l = *listener;
    listener->fd = -1;                        /* ours now: closed when we stop */
    server sv = {.cfg = cfg, .addr = l.addr};
    web_hosts_make(cfg, &l, &sv.hosts);
    pthread_mutex_init(&sv.lock, NULL);
    atomic_init(&sv.inflight, 0);
    /* held open while serving: /proc/PID/fd shows which store this server
     * serves, which `--reuse-port` checks (listen.c); closed only after the
     * workers' store handles (closing a descriptor drops the process's
     * POSIX locks on the file) */
    int dbfd = cfg->db ? open(cfg->db, O_RDONLY | O_CLOEXEC) : -1;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);   /* the pool threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    unsigned threads = cfg->threads ? cfg->threads : 2;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &sv,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)l.fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, &sv,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_conn_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_END);
    if (!d) {
        int err = errno;
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        close(l.fd);
        if (dbfd >= 0)
            close(dbfd);
        web_hosts_free(&sv.hosts);
        pthread_mutex_destroy(&sv.lock);
        return qiao_errf(e, QIAO_EIO, "cannot serve on %s: %s", l.addr, strerror(err));
    }
    fprintf(stderr, "qiao serve: listening on http://%s/ (%u threads, db %s)\n", l.addr,
            threads, cfg->db ? cfg->db : "-");
    if (!cfg->nallowed_hosts && (strcmp(l.host, "0.0.0.0") == 0 || strcmp(l.host, "[::]") == 0))
        /* no client sends Host 0.0.0.0: say what to add */
        fprintf(stderr, "qiao serve: only Host localhost:%u is answered; add --allowed-host "
                "NAME:PORT for each name clients use\n", l.port);
    fflush(stderr);

    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "qiao serve: %s received, finishing %d request(s) in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", atomic_load(&sv.inflight));
    MHD_socket lsock = MHD_quiesce_daemon(d);  /* no new connections */
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);                         /* ours (MHD_OPTION_LISTEN_SOCKET) */
    for (int i = 0; i < 1000 && atomic_load(&sv.inflight) > 0; i++)
        usleep(10000);                        /* up to 10 s for requests in flight */
    MHD_stop_daemon(d);
    for (size_t i = 0; i < sv.nworkers; i++)
        if (cfg->worker_close)
            cfg->worker_close(sv.workers[i]);
    free(sv.workers);
    if (dbfd >= 0)
        close(dbfd);
    web_hosts_free(&sv.hosts);
    pthread_mutex_destroy(&sv.lock);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    fprintf(stderr, "qiao serve: stopped\n");
    return 0;
}
