/* web/web.h — qiao's HTTP layer: requests, responses, the route table.
 *
 * The server (server.c, on libmicrohttpd with a thread pool) turns each HTTP
 * request into a web_req, finds its route in a static table (routes.c),
 * authenticates the caller (a route that needs a signed-in user answers 401,
 * or 403 for the wrong role, before the body is parsed), parses the body and
 * validates the route's declared parameters, checks the CSRF token of forms,
 * and only then calls the handler:
 *
 *   static int h_show(web_req *rq, web_resp *rs) {
 *       const char *id = web_param(rq, "id");     // already validated
 *       ...
 *       web_html_text(&rs->body, title);           // escaper per context
 *       return 0;
 *   }
 *
 * Ownership: every string in a web_req lives in rq->arena and dies with the
 * request; rs->body is a core/buf the server releases. Handlers run on a
 * pool thread; rq->worker is that thread's own state (store handle and
 * session database), never shared between threads.
 */
#ifndef QIAO_WEB_WEB_H
#define QIAO_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "web/arena.h"

typedef enum web_method {
    WEB_GET = 1, WEB_POST = 2, WEB_PUT = 4, WEB_PATCH = 8, WEB_DELETE = 16, WEB_HEAD = 32,
} web_method;

const char *web_method_name(web_method m);

/* Where a declared parameter comes from. */
typedef enum web_pin { WEB_IN_PATH, WEB_IN_QUERY, WEB_IN_FORM } web_pin;

/* What a parameter must look like; the route's handler only ever sees values
 * that passed. Every value is valid UTF-8 without NUL bytes. */
typedef enum web_ptype {
    WEB_P_TEXT,   /* at most `max` code points (0 = 1000) */
    WEB_P_INT,    /* a decimal integer in [min, max] */
    WEB_P_ID,     /* 1–64 of A-Za-z0-9._:- (DATA.md ids) */
    WEB_P_ENUM,   /* one of `choices` */
    WEB_P_BOOL,   /* "1"/"0"/"true"/"false"/"on" */
} web_ptype;

typedef struct web_pspec {
    const char *name;               /* NULL ends a list */
    web_pin in;
    web_ptype type;
    bool required;
    long min, max;
    const char *const *choices;     /* WEB_P_ENUM: NULL-terminated */
    const char *doc;                /* one line, for the OpenAPI document */
} web_pspec;

/* Route flags. */
enum {
    WEB_F_API  = 1,    /* errors as {"error":{...}}; authentication by Bearer token too */
    WEB_F_JSON = 2,    /* body must be application/json (415 otherwise), parsed into rq->json */
    WEB_F_FORM = 4,    /* body must be a urlencoded form; its _csrf must match the session */
    WEB_F_RAW  = 8,    /* path pattern ends in "*": the rest of the path is param "path" */
    /* Who may, beyond `roles`: rules the handler enforces (it knows the record),
     * declared here so that the route table says all of a route's access rule —
     * the OpenAPI document carries it (x-qiao-access) and
     * tests/http/authz_matrix.sh derives every expected answer from it. */
    WEB_F_STAFF = 16,  /* staff only (admin, staff); other roles get 403 */
    WEB_F_OWNER = 32,  /* the record written (in the path, or the body's org) must be the
                        * user's org's (web_may_edit); staff: any; others 403/404 */
    WEB_F_PARTY = 64,  /* only for a party (the user's person or org: an event's
                        * participant, a project's party) and staff; others 403/404 */
    WEB_F_ORG_ADMIN = 128, /* the org in the path's admin account (users.org_admin) and
                            * staff; others 403 */
};

/* Roles (a user has one); a route's `roles` is a bit set of them, 0 = public,
 * WEB_ANY_USER = any signed-in user. */
typedef enum web_role {
    WEB_ROLE_ADMIN, WEB_ROLE_STAFF, WEB_ROLE_UNIVERSITY, WEB_ROLE_ENTERPRISE,
    WEB_ROLE_TECH_MANAGER, WEB_ROLE_INVESTOR, WEB_ROLE_EXPERT, WEB_ROLE_COUNT
} web_role;
#define WEB_R(r) (1u << (r))
#define WEB_ANY_USER ((1u << WEB_ROLE_COUNT) - 1)

const char *web_role_name(web_role r);
int web_role_parse(const char *s, web_role *out);   /* 0 or -1 */

typedef struct web_req web_req;
typedef struct web_resp web_resp;
typedef int (*web_handler)(web_req *rq, web_resp *rs);

typedef struct web_route {
    unsigned methods;          /* web_method bits */
    const char *pattern;       /* "/api/v1/achievements/{id}" */
    web_handler handler;
    unsigned roles;            /* 0 public; else WEB_R(...) bits */
    unsigned flags;            /* WEB_F_* */
    const web_pspec *params;   /* NULL or {..., {0}} */
    const char *summary;       /* one line, for docs and the OpenAPI document */
    const char *body;          /* OpenAPI schema name of the request body, or NULL */
    const char *reply;         /* OpenAPI schema name of the 2xx reply, or NULL */
} web_route;

typedef struct web_kv {
    const char *name, *value;
} web_kv;

typedef struct web_user {
    char login[65];
    web_role role;
    char org[65];
} web_user;

/* Per-thread state supplied by the application (routes.c): opened the first
 * time a pool thread serves a request, closed at shutdown. */
typedef struct web_config web_config;

struct web_config {
    const char *db;                 /* store path */
    const char *listen;             /* "127.0.0.1:8080" */
    unsigned threads;
    const char *static_dir;         /* directory served under /static/ */
    size_t body_max;                /* bytes; larger bodies get 413 */
    size_t query_max;               /* bytes of raw query string; longer get 400 */
    bool secure_cookies;            /* --tls: cookies carry Secure */
    bool trust_proxy;               /* X-Forwarded-Proto/For are believed */
    bool quiet;                     /* no access log */
    /* Host header values answered besides the listen address and "localhost",
     * each with and without the port (exact, case-insensitive; "*" = any).
     * Others get 421 (DNS rebinding). A request without Host (HTTP/1.0) passes. */
    const char *const *allowed_hosts;
    size_t nallowed_hosts;
    unsigned max_conn_per_ip;       /* connections at once from one address; 0 = no limit */
    bool reuse_port;                /* SO_REUSEPORT, only beside a server of the same store */
    const web_route *routes;
    size_t nroutes;
    void *app;                      /* the application's shared state (routes.c) */
    void *(*worker_open)(const web_config *cfg, qiao_err *e);
    void (*worker_close)(void *worker);
    /* Fills rq->user / rq->signed_in / rq->session from the request; may be NULL. */
    int (*authenticate)(web_req *rq, qiao_err *e);
    /* Returns true when the form's CSRF token matches rq's session. */
    bool (*csrf_ok)(web_req *rq, const char *token);
    /* Called after the handler with the finished response; may be NULL. */
    void (*finish)(web_req *rq, web_resp *rs);
    /* Renders an HTML error page (non-API routes); may be NULL. */
    void (*error_page)(web_req *rq, web_resp *rs, const char *msg);
};

struct web_req {
    web_arena arena;
    const web_config *cfg;
    const web_route *route;
    web_method method;
    const char *raw_uri;       /* as received */
    const char *path;          /* decoded */
    const char *query_raw;     /* after '?', or "" */
    web_kv *path_params; size_t npath;
    web_kv *query; size_t nquery;
    web_kv *form; size_t nform;
    const char *body; size_t body_len;
    json_t *json;              /* WEB_F_JSON: the parsed body (owned by the server) */
    const char *content_type;  /* media type without parameters, lower case, or "" */
    const char *client_ip;
    bool https;                /* TLS, or X-Forwarded-Proto https with trust_proxy */
    void *worker;              /* this thread's state (application-defined) */
    void *conn;                /* struct MHD_Connection * */
    /* set by cfg->authenticate */
    bool signed_in;
    bool via_token;
    web_user user;
    const char *session;       /* session id from the cookie, or NULL */
    const char *csrf;          /* the session's CSRF token, or NULL */
};

#define WEB_MAX_HEADERS 8

struct web_resp {
    int status;                /* 200 unless set */
    const char *ctype;         /* default "text/html; charset=utf-8" */
    buf body;
    web_kv headers[WEB_MAX_HEADERS];   /* values live in the request arena */
    size_t nheaders;
};

/* A header of the request (case-insensitive), or NULL. */
const char *web_header(web_req *rq, const char *name);
/* A cookie of the request, or NULL. */
const char *web_cookie(web_req *rq, const char *name);
/* The value of a declared parameter (path, query or form), or NULL. */
const char *web_param(web_req *rq, const char *name);
/* The first query/form value of any name (undeclared ones too), or NULL. */
const char *web_query(web_req *rq, const char *name);
const char *web_form(web_req *rq, const char *name);
/* An integer parameter declared WEB_P_INT, or dflt when absent. */
long web_param_long(web_req *rq, const char *name, long dflt);

/* Adds a response header; the strings must outlive the request (arena). */
void web_add_header(web_req *rq, web_resp *rs, const char *name, const char *value);
/* 303 See Other to `location`, a local path: anything web_safe_next
 * (web/html.h) refuses becomes "/". */
int web_redirect(web_req *rq, web_resp *rs, const char *location);
/* An error: JSON {"error":{"code","message","field"}} for API routes, an
 * HTML page otherwise. Returns 0 so that handlers can `return web_fail(...)`. */
int web_fail(web_req *rq, web_resp *rs, int status, const char *code, const char *field,
             const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The status matching a qiao error code (EINVAL 422, ENOTFOUND 404, ...). */
int web_status_of(int qiao_code);
const char *web_code_of(int qiao_code);
/* Sends a JSON value (steals the reference) with `status`. */
int web_json_reply(web_resp *rs, int status, json_t *v);

/* Runs the server until SIGINT or SIGTERM; in-flight requests finish.
 * Returns 0, or an error (bad address, port in use). */
int web_serve(const web_config *cfg, qiao_err *e);

/* --- internals shared by server.c and router.c (and the unit tests) --- */

/* Request limits. Each is answered at once with its 4xx (JSON under /api/,
 * a Chinese page elsewhere): a longer request target 414; more query
 * parameters 400 (the query's length: web_config.query_max); more header
 * fields, a longer field (name + value) or a longer head (request line and
 * headers, every byte) 431. libmicrohttpd's own 64 KiB per connection lies
 * beyond them: a request too large even for that gets its plain 414/431. */
#define WEB_URI_MAX 8192
#define WEB_QUERY_PARAMS_MAX 100
#define WEB_FORM_PARAMS_MAX 1000
#define WEB_HEADERS_MAX 100
#define WEB_HEADER_MAX 8192
#define WEB_HEAD_MAX 16384

/* Percent-decodes s[0..n) into the arena; plus_space turns '+' into ' '.
 * Fails (NULL) on a bad %-escape, a NUL byte or invalid UTF-8. */
char *web_pct_decode(web_arena *a, const char *s, size_t n, bool plus_space);
/* Parses "a=1&b=2" (query or urlencoded body), at most max parameters.
 * Returns 0 or QIAO_EINVAL naming the offending parameter; with more than
 * max, QIAO_EINVAL and *nout = their number (> max). */
int web_parse_params(web_arena *a, const char *s, size_t n, size_t max, web_kv **out,
                     size_t *nout, qiao_err *e);
/* Matches a decoded path against a pattern; on success fills path params. */
bool web_match(web_arena *a, const char *pattern, const char *path, web_kv **params,
               size_t *nparams);
/* Checks one value against its spec; QIAO_EINVAL with a message naming it.
 * Integers are plain decimals: an optional '-', digits, no leading zero (but
 * "0"), no spaces or '+', within [min, max]. */
int web_check_param(const web_pspec *p, const char *value, qiao_err *e);
/* Everything after the body has arrived: route, validate, authenticate,
 * dispatch. Fills rs. */
void web_dispatch(web_req *rq, web_resp *rs);

#endif
