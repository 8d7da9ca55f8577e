/* The HTTP server and router against bad input, over real sockets:
 * 413, 400 for long queries / bad encoding / invalid UTF-8, 404/405, 415,
 * malformed JSON, CSRF, path traversal in /static/, graceful shutdown. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "web/static.h"
#include "web/web.h"

static int h_hello(web_req *rq, web_resp *rs)
{
    (void)rq;
    buf_puts(&rs->body, "hi");
    return 0;
}

static int h_item(web_req *rq, web_resp *rs)
{
    buf_printf(&rs->body, "item %s n=%ld", web_param(rq, "id"), web_param_long(rq, "n", 1));
    return 0;
}

static int h_echo(web_req *rq, web_resp *rs)
{
    return web_json_reply(rs, 201, json_incref(rq->json));
}

static int h_form(web_req *rq, web_resp *rs)
{
    buf_printf(&rs->body, "got %s", web_param(rq, "title"));
    return 0;
}

static int h_slow(web_req *rq, web_resp *rs)
{
    (void)rq;
    usleep(300000);
    buf_puts(&rs->body, "slow done");
    return 0;
}

static bool csrf_ok(web_req *rq, const char *tok)
{
    (void)rq;
    return tok && strcmp(tok, "good") == 0;
}

static const web_pspec item_params[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true},
    {.name = "n", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, .max = 10},
    {0},
};
static const web_pspec form_params[] = {
    {.name = "title", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .required = true, .max = 5},
    {0},
};

static const web_route routes[] = {
    {WEB_GET, "/hello", h_hello, 0, 0, NULL, "hello", NULL, NULL},
    {WEB_GET, "/slow", h_slow, 0, 0, NULL, "slow", NULL, NULL},
    {WEB_GET, "/items/{id}", h_item, 0, 0, item_params, "item", NULL, NULL},
    {WEB_POST, "/api/echo", h_echo, 0, WEB_F_API | WEB_F_JSON, NULL, "echo", NULL, NULL},
    {WEB_GET, "/api/private", h_hello, WEB_ANY_USER, WEB_F_API, NULL, "private", NULL, NULL},
    {WEB_POST, "/form", h_form, 0, WEB_F_FORM, form_params, "form", NULL, NULL},
    {WEB_GET, "/static/*", web_static, 0, WEB_F_RAW, NULL, "static", NULL, NULL},
};

static web_config cfg;
static unsigned port;
static pthread_t srv;
static char static_dir[256];

static void *serve_thread(void *ud)
{
    (void)ud;
    qiao_err e = {0};
    if (web_serve(&cfg, &e) < 0)
        fprintf(stderr, "serve: %s\n", e.msg);
    return NULL;
}

static unsigned free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    close(s);
    return ntohs(a.sin_port);
}

/* Sends raw bytes, returns the whole answer (caller frees) and its status. */
static char *http(const char *req, size_t len, int *status)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int i = 0; connect(s, (struct sockaddr *)&a, sizeof a) < 0; i++) {
        assert_true(i < 200);
        usleep(10000);
        close(s);
        s = socket(AF_INET, SOCK_STREAM, 0);
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(s, req + off, len - off, MSG_NOSIGNAL);
        if (w <= 0)
            break;           /* the server may close early (413) */
        off += (size_t)w;
    }
    shutdown(s, SHUT_WR);
    buf b = {0};
    char tmp[4096];
    ssize_t r;
    while ((r = recv(s, tmp, sizeof tmp, 0)) > 0)
        buf_append(&b, tmp, (size_t)r);
    close(s);
    *status = 0;
    if (b.len > 12)
        sscanf(b.p, "HTTP/1.%*d %d", status);
    return buf_steal(&b);
}

static char *get(const char *path, int *status)
{
    char req[20000];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    return http(req, (size_t)n, status);
}

static char *post(const char *path, const char *ctype, const char *body, int *status)
{
    buf b = {0};
    buf_printf(&b, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: %s\r\n"
               "Content-Length: %zu\r\n\r\n%s", path, ctype, strlen(body), body);
    char *r = http(b.p, b.len, status);
    buf_free(&b);
    return r;
}

static int setup(void **state)
{
    (void)state;
    char path[512];
    tu_write_tmp(path, sizeof path, "secret.txt", "TOPSECRET", 9);
    snprintf(static_dir, sizeof static_dir, "%.*s/pub", (int)(strrchr(path, '/') - path), path);
    mkdir(static_dir, 0755);
    char css[600];
    snprintf(css, sizeof css, "%s/site.css", static_dir);
    FILE *f = fopen(css, "w");
    fputs("body{color:#123}", f);
    fclose(f);
    char link[600];
    snprintf(link, sizeof link, "%s/link.txt", static_dir);
    assert_int_equal(symlink(path, link), 0);

    port = free_port();
    static char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", port);
    cfg = (web_config){.listen = listen, .threads = 2, .static_dir = static_dir,
                       .body_max = 1000, .query_max = 300, .quiet = true, .routes = routes,
                       .nroutes = sizeof routes / sizeof *routes, .csrf_ok = csrf_ok};
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    assert_int_equal(pthread_create(&srv, NULL, serve_thread, NULL), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pthread_kill(srv, SIGTERM);
    pthread_join(srv, NULL);
    return 0;
}

static void test_routes(void **state)
{
    (void)state;
    int st;
    char *r = get("/hello", &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(r, "\r\n\r\nhi"));
    assert_non_null(strstr(r, "X-Content-Type-Options: nosniff"));
    free(r);
    r = get("/items/abc-1?n=3", &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(r, "item abc-1 n=3"));
    free(r);
    r = get("/nowhere", &st);
    assert_int_equal(st, 404);
    free(r);
    r = post("/hello", "text/plain", "", &st);
    assert_int_equal(st, 405);
    assert_non_null(strstr(r, "Allow: GET"));
    free(r);
}

static void test_bad_params(void **state)
{
    (void)state;
    int st;
    const char *bad[] = {
        "/items/abc-1?n=11",            /* out of range */
        "/items/abc-1?n=x",             /* not a number */
        "/items/a%20b",                 /* not an id */
        "/items/abc?n=%ZZ",             /* bad escape */
        "/items/abc?n=%C0%AF",          /* overlong UTF-8 */
        "/items/abc?q=%FF",             /* invalid UTF-8, even undeclared */
        "/items/abc?q=a%00b",           /* NUL */
        "/hello%FF",                    /* invalid UTF-8 in the path */
        NULL,
    };
    for (int i = 0; bad[i]; i++) {
        char *r = get(bad[i], &st);
        if (st != 400)
            print_error("%s -> %d\n%s\n", bad[i], st, r);
        assert_int_equal(st, 400);
        free(r);
    }
    char q[2000] = "/hello?q=";
    memset(q + 9, 'a', 1000);
    q[1009] = '\0';
    char *r = get(q, &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(r, "查询条件过长"));     /* a page: in Chinese */
    free(r);
    /* the listen address and localhost, with and without the port, are
     * answered; another Host is 421 (DNS rebinding), in JSON under /api/ */
    const char *hosts[] = {"127.0.0.1", "localhost", "LOCALHOST", "127.0.0.1:%u", "localhost:%u",
                           "evil.example", "evil.example:%u", "127.0.0.1:1", "127.0.0.10", NULL};
    for (int i = 0; hosts[i]; i++) {
        char h[64], req[256];
        snprintf(h, sizeof h, hosts[i], port);
        for (int api = 0; api < 2; api++) {
            int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: "
                             "close\r\n\r\n", api ? "/api/echo" : "/hello", h);
            r = http(req, (size_t)n, &st);
            if (i < 5 && st == 421)
                print_error("Host %s -> %d\n", h, st);
            assert_true(i < 5 ? st != 421 : st == 421);
            if (i >= 5)
                assert_non_null(strstr(r, api ? "\"code\":\"unknown_host\"" : "本站不接受"));
            free(r);
        }
    }
}

static void test_bodies(void **state)
{
    (void)state;
    int st;
    char *r = post("/api/echo", "application/json; charset=utf-8", "{\"a\":\"成\"}", &st);
    assert_int_equal(st, 201);
    free(r);
    r = post("/api/echo", "text/plain", "{\"a\":1}", &st);
    assert_int_equal(st, 415);
    assert_non_null(strstr(r, "\"code\":\"unsupported_media_type\""));
    free(r);
    const char *malformed[] = {"{\"a\":", "[1,2]", "{\"a\":1,\"a\":2}", "{\"a\":\"\xFF\"}", NULL};
    for (int i = 0; malformed[i]; i++) {
        r = post("/api/echo", "application/json", malformed[i], &st);
        assert_int_equal(st, 400);
        assert_non_null(strstr(r, "malformed_json"));
        free(r);
    }
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    r = post("/api/echo", "application/json", big, &st);
    assert_int_equal(st, 413);
    free(r);
    /* chunked, so that no Content-Length announces it */
    buf b = {0};
    buf_puts(&b, "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 5; i++) {
        buf_printf(&b, "190\r\n");
        for (int k = 0; k < 400; k++)
            buf_putc(&b, ' ');
        buf_puts(&b, "\r\n");
    }
    buf_puts(&b, "0\r\n\r\n");
    r = http(b.p, b.len, &st);
    assert_int_equal(st, 413);
    free(r);
    buf_free(&b);
}

static void test_forms_and_auth(void **state)
{
    (void)state;
    int st;
    char *r = post("/form", "application/x-www-form-urlencoded", "title=%E6%88%90&_csrf=good", &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(r, "got 成"));
    free(r);
    r = post("/form", "application/x-www-form-urlencoded", "title=x&_csrf=forged", &st);
    assert_int_equal(st, 403);
    free(r);
    r = post("/form", "application/x-www-form-urlencoded", "title=x", &st);
    assert_int_equal(st, 403);
    free(r);
    r = post("/form", "application/x-www-form-urlencoded", "title=toolong&_csrf=good", &st);
    assert_int_equal(st, 400);
    free(r);
    r = post("/form", "multipart/form-data", "title=x&_csrf=good", &st);
    assert_int_equal(st, 415);
    free(r);
    r = get("/api/private", &st);
    assert_int_equal(st, 401);
    assert_non_null(strstr(r, "WWW-Authenticate: Bearer"));
    free(r);
}

static void test_static(void **state)
{
    (void)state;
    int st;
    char *r = get("/static/site.css", &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(r, "body{color:#123}"));
    assert_non_null(strstr(r, "text/css"));
    free(r);
    const char *bad[] = {"/static/../secret.txt", "/static/%2e%2e/secret.txt",
                         "/static/..%2Fsecret.txt", "/static/.hidden", "/static/a\\..\\b",
                         "/static//etc/passwd", "/static/%2Fetc%2Fpasswd", NULL};
    for (int i = 0; bad[i]; i++) {
        r = get(bad[i], &st);
        if (st != 400)
            print_error("%s -> %d\n", bad[i], st);
        assert_int_equal(st, 400);
        assert_null(strstr(r, "TOPSECRET"));
        free(r);
    }
    r = get("/static/link.txt", &st);      /* a symbolic link out of the directory */
    assert_int_equal(st, 404);
    assert_null(strstr(r, "TOPSECRET"));
    free(r);
    r = get("/static/nope.css", &st);
    assert_int_equal(st, 404);
    free(r);
}

static void *slow_client(void *ud)
{
    int *st = ud;
    free(get("/slow", st));
    return NULL;
}

/* SIGTERM while a request is in flight: it still gets its answer. */
static void test_graceful(void **state)
{
    (void)state;
    pthread_t t;
    int st = 0;
    pthread_create(&t, NULL, slow_client, &st);
    usleep(100000);
    pthread_kill(srv, SIGTERM);
    pthread_join(t, NULL);
    pthread_join(srv, NULL);
    assert_int_equal(st, 200);
    /* restart for any later test and for teardown */
    assert_int_equal(pthread_create(&srv, NULL, serve_thread, NULL), 0);
    free(get("/hello", &st));
    assert_int_equal(st, 200);
}

int main(void)
{
    alarm(60);   /* SIGTERM is blocked here: never hang make unit */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes), cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_bodies), cmocka_unit_test(test_forms_and_auth),
        cmocka_unit_test(test_static), cmocka_unit_test(test_graceful),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
