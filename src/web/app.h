/* web/app.h — qiao's application on top of the HTTP layer: the per-thread
 * worker (a store handle: records, accounts and sessions), accounts,
 * sessions, ownership, and the handlers of routes.c. Internal to src/web. */
#ifndef QIAO_WEB_APP_H
#define QIAO_WEB_APP_H

#include <pthread.h>
#include <stdatomic.h>

#include "index/index.h"
#include "match/match.h"
#include "model/model.h"
#include "store/store.h"
#include "web/web.h"

/* State shared by every pool thread. The matching index, its lock, its
 * generation and the caches of ranked answers are the index service's
 * (index/index.h): pages and handlers read through index_read /
 * index_read_end (NULL when there is no index: search then falls back to a
 * store scan), and the router catches the index up after every successful
 * write request (web_app_finish), so a user sees their own write at once. */
/* How long a write's answer waits for a catch-up or a snapshot already in
 * progress before leaving its change to the index's follower, which applies
 * it within about a second (index_catch_up_wait). */
#define WEB_CATCH_UP_WAIT_MS 2000

typedef struct web_app {
    index_svc *idx;
    long interests_per_day;    /* qiao serve --interests-per-day (0: the default) */
    struct web_org_cache *ocache; /* facets.c: every org's name and type, for facets */
    match_wcache *wcache;      /* matches.c: the words of clauses segmented before */
} web_app;

/* Opens the index service on the store at db (index_open with o; its
 * follower is started by the caller); on failure to build, logs and keeps a
 * service without an index. web_app_close releases it all (writing the
 * snapshot when it is behind). */
void web_app_open(web_app *app, const char *db, const index_opts *o);
void web_app_close(web_app *app);
/* cfg->finish: catches the index up after a successful request that may
 * have written (any method but GET and HEAD), then web_zh_finish. */
void web_app_finish(web_req *rq, web_resp *rs);

typedef struct web_worker {
    store *st;            /* records, users, sessions, tokens, throttling */
    void *s2t;            /* opencc_t for 繁體 pages, opened on first use */
    /* page_home.c: the home page's figures as HTML (owned), computed when
     * store_records_version of st was home_ver, at unix time home_at */
    char *home_html;
    uint64_t home_ver;
    int64_t home_at;
    /* auth.c: the key of visitors' form tokens (store_server_key), read once */
    unsigned char csrf_key[32];
    bool csrf_key_ready;
} web_worker;

#define WEB_ZH_COOKIE "qiao_zh"
/* true when the visitor chose 繁體 (cookie qiao_zh=hant). */
bool web_wants_hant(web_req *rq);
/* The API's answers in 繁體: the cookie, or an Accept-Language whose first
 * Chinese tag is zh-Hant, zh-TW, zh-HK or zh-MO. */
bool web_api_wants_hant(web_req *rq);
/* s converted by OpenCC s2t (malloc'ed; caller frees), or NULL when the
 * converter cannot be opened. */
char *web_zh_hant(web_req *rq, const char *s);
/* GET /zh?to=hans|hant&next=PATH: remembers the choice, goes back. */
int web_page_zh(web_req *rq, web_resp *rs);
/* cfg->finish: converts 繁體 pages with OpenCC s2t (never forms, whose values
 * would be sent back converted and change the stored text). */
void web_zh_finish(web_req *rq, web_resp *rs);

#define WEB_SESSION_COOKIE "qiao_session"
#define WEB_SESSION_TTL (8L * 3600)
#define WEB_THROTTLE_LOGIN 5      /* failures per login per window */
#define WEB_THROTTLE_IP 20        /* failures per address per window */
#define WEB_THROTTLE_WINDOW 900L  /* seconds */

/* The route table (routes.c). */
extern const web_route web_routes[];
extern const size_t web_nroutes;
/* Fills cfg's application hooks (worker, authentication, CSRF, error page). */
void web_app_config(web_config *cfg);

static inline web_worker *web_w(web_req *rq) { return rq->worker; }

/* auth.c */
int web_authenticate(web_req *rq, qiao_err *e);
bool web_csrf_ok(web_req *rq, const char *token);
/* The CSRF token for a form on this page, creating a visitor session (and
 * its cookie) when there is none. */
const char *web_csrf_token(web_req *rq, web_resp *rs);
/* Counts the attempt (throttling), then checks the password; on success
 * rotates the session and sets its cookie. QIAO_EPERM (bad login or
 * password, or throttled, with *retry_after) on failure; QIAO_ECONFLICT when
 * the password is right but the account is disabled. */
int web_login(web_req *rq, web_resp *rs, const char *login, const char *password,
              long *retry_after, qiao_err *e);
void web_logout(web_req *rq, web_resp *rs);
/* A new session for login (the old one, if any, ended), with its cookie:
 * sign-in, and after a password change (which ended every other session). */
int web_session_start(web_req *rq, web_resp *rs, const char *login, qiao_err *e);
/* true for a signed-in admin or staff account. Use this, never the role
 * alone: a visitor's user struct is zeroed, and role 0 is WEB_ROLE_ADMIN. */
bool web_is_staff(const web_req *rq);
/* true when the signed-in user may change a record of kind k owned by org. */
bool web_may_edit(const web_req *rq, model_kind k, const char *org);
/* true when the signed-in user may create records of kind k at all. */
bool web_may_create(const web_req *rq, model_kind k);
/* May this requester see record r? Public records (model_is_public) to
 * everyone; drafts to those who may edit them (their org's editors) and
 * staff. Every route that takes a record id asks this, and answers 404 —
 * as for a record that does not exist — when it is false. */
bool web_may_see(const web_req *rq, const model_record *r);

/* api_records.c / api_openapi.c */
int web_api_list(web_req *rq, web_resp *rs);
int web_api_get(web_req *rq, web_resp *rs);
int web_api_create(web_req *rq, web_resp *rs);
int web_api_update(web_req *rq, web_resp *rs);
int web_api_status(web_req *rq, web_resp *rs);
int web_api_me(web_req *rq, web_resp *rs);
int web_api_openapi(web_req *rq, web_resp *rs);
/* health.c: GET /healthz */
int web_healthz(web_req *rq, web_resp *rs);
/* The OpenAPI 3 document of a route table (caller decrefs). */
json_t *web_openapi(const web_route *routes, size_t n);

/* A record kind from a route path ("/api/v1/achievements..." -> achievement). */
int web_kind_of_path(const char *path, model_kind *k);
const char *web_kind_plural(model_kind k);

/* matches.c: the ranked records of kind `target` for record r (a demand's
 * achievements, an achievement's demands), each with its reasons:
 * [{"id","title","org","score","terms":[..],"factors":[{"name","share","detail"}]}].
 * *out is NULL (and 0 returned) when there is no index. */
int web_matches(web_req *rq, const model_record *r, model_kind target, size_t top,
                json_t **out, qiao_err *e);
int web_api_matches(web_req *rq, web_resp *rs);

/* records.c: listing shared by the API and the pages. */
typedef struct web_list_query {
    model_kind kind;
    const char *q;          /* substring of title/summary/description/keywords, or NULL */
    const char *org, *status, *chain, *zone;
    int trl_min, trl_max;   /* 1-9, 0 = any: achievement trl / demand trl_min */
    const char *sort;       /* "id", "-published", "title", ... */
    long page, per_page;
    bool include_hidden;    /* drafts, withdrawn, closed */
    const char *mode;       /* a transfer mode the record offers (self ... other) */
    const char *org_type;   /* the type of the record's org (an org: its own type) */
    bool facets;            /* count the facet values of every match (web_list.facets) */
    bool texts;             /* a ranked search's page as JSON text (web_list.texts) */
} web_list_query;

typedef struct web_list {
    json_t **items;         /* owned references */
    size_t n;               /* items on this page */
    size_t total;           /* matching records: exact, or a lower bound (below) */
    bool total_exact;       /* false: a ranked search stopped early, and there are at
                             * least `total` (more than this page reaches) */
    bool search;            /* ranked by the match index (the result window applies) */
    struct web_facets *facets; /* owned (web_list_free); NULL unless asked (facets.c) */
    char **texts;           /* with web_list_query.texts, a ranked search through the
                             * index: the page's records as the JSON text of their
                             * public documents (web_item_text) instead of items
                             * (texts[0..n), owned; items stays empty) */
    size_t *lens;           /* their lengths */
} web_list;

/* A ranked search reads at most this many hits: pages deeper than that
 * (first + per_page > WEB_SEARCH_WINDOW) are refused (QIAO_EINVAL naming the
 * field "page"); with other filters or a sort, these many hits are filtered. */
#define WEB_SEARCH_WINDOW 1000

/* facets.c: the facet values of a list and their counts over every record
 * that matches (not just the page), with Chinese labels. Facets: "trl"
 * (levels 1-9), "chain", "zone", "mode" (transfer modes), "org_type", "org";
 * each value's n is the number of matching records holding it. */
typedef struct web_facet_value {
    char *value;            /* as the filter parameter takes it */
    char *label;            /* for people: 许可, 高校, "TRL 6 级", an org's name */
    size_t n;
} web_facet_value;
typedef struct web_facet {
    const char *name;       /* the parameter: trl, chain, zone, mode, org_type, org */
    const char *label;      /* 技术成熟度, 产业链, ... */
    web_facet_value *v;     /* most records first */
    size_t n;
} web_facet;
#define WEB_NFACETS 6
typedef struct web_facets {
    web_facet f[WEB_NFACETS];
    size_t nf;
    size_t total;           /* matching records */
} web_facets;
void web_facets_free(web_facets *f);                  /* NULL: nothing */
web_facets *web_facets_copy(const web_facets *f);    /* a deep copy */
/* Bytes a list of facets holds (for the search cache's bound). */
size_t web_facets_bytes(const web_facets *f);
/* The facets as JSON {"total":N,"trl":[{"value","label","count"}],...}. */
json_t *web_facets_json(const web_facets *f);
/* The same JSON as model_json_dump of web_facets_json(f), onto b (no tree built). */
void web_facets_dump(const web_facets *f, buf *b);
/* Counts over the index's hits of q (already filtered), orgs and org types
 * named from the store. */
web_facets *web_facets_of_hits(web_req *rq, model_kind k, const match_facets *mf);
/* Counts over every record of a kind the index does not cover (people,
 * orgs: a few thousand at most), with the list's filters. */
int web_facets_of_store(web_req *rq, model_kind k, const store_filter *f, web_facets **out,
                        qiao_err *e);
/* The facets of a list the index covers (its query text, or every record,
 * and its filters), each chosen facet (chain, zone, mode, org, org_type,
 * trl) counted without its own filter, all in one pass over the hits
 * (match_facets_multi), under the index's read lock (held by the caller).
 * 1 (nothing done) when the query text and the list both filter by
 * transfer mode: the caller then counts each facet apart. parsed: lq->q
 * already parsed in ix, without filters (taken: freed here), or NULL. */
int web_facets_of_list(web_req *rq, match_index *ix, const web_list_query *lq,
                       match_query *parsed, web_facets **out, qiao_err *e);
/* The orgs of an org type (owned array of owned strings, *n of them). */
char **web_orgs_of_type(web_req *rq, const char *type, size_t *n);
void web_strings_free(char **v, size_t n);
/* An org's name (owned; the key when unknown), from the org cache. */
char *web_org_label(web_req *rq, const char *key);
/* Forgets the cached orgs (after an org is saved), and the cached searches
 * and matches (index_invalidate), which may hold the org's old name or type. */
void web_orgs_changed(web_app *app);
void web_org_cache_new(web_app *app);
/* The public document of record k/key as the JSON text web_json_reply
 * writes (its length in *len; caller frees), from the index's list items
 * (index_item_get) at its generation or read from the store; NULL when the store has no such record. */
char *web_item_text(web_req *rq, model_kind k, const char *key, size_t *len);
void web_org_cache_free(web_app *app);

/* search_help.c: true when a search text holds nothing to search by —
 * only punctuation, or only function words (的, 和, the) — and no filter:
 * web_list_records then refuses it (field "q", WEB_VAGUE_QUERY). */
bool web_query_vague(const char *q);
#define WEB_VAGUE_QUERY "请输入更具体的词语：搜索词只有标点或“的”“和”这样的虚词，无法找出相关的记录。"

/* QIAO_EINVAL: a bad search text (field "q") or a page beyond the search
 * window (field "page"). */
int web_list_records(web_req *rq, const web_list_query *lq, web_list *out, qiao_err *e);
void web_list_free(web_list *l);
/* true when the visitor may see people's email and phone. */
bool web_may_contact(const web_req *rq);
/* The record's JSON as the caller may see it (contact fields of people
 * removed for the public): a new reference, read-only — it may be the
 * record's own document, which it outlives; caller decrefs. */
json_t *web_public_doc(const web_req *rq, const model_record *r);
/* Validates and stores a record (create: must not exist; update: must
 * exist), checking ownership and references. Errors in errs (422) or e. */
int web_save_record(web_req *rq, model_kind k, const json_t *in, bool create,
                    const char *path_id, model_errors *errs, qiao_err *e);
/* The same, and on success the key it was saved under in saved_key
 * (MODEL_KEY_MAX bytes; NULL: not wanted). A create without an id (absent,
 * null or "") gets one from the server (web_new_id). A record published
 * through it (created, or a draft made public) without a "published" date
 * gets today's (Beijing). A create is
 * also checked for plausibility (model_check_new: no past deadline). */
int web_save_record_as(web_req *rq, model_kind k, const json_t *in, bool create,
                       const char *path_id, char *saved_key, model_errors *errs, qiao_err *e);
/* The API's answer to failed validation: {"error": {code, message, field,
 * detail, errors: [{field, code, message, detail}]}} — code the first
 * rule's (model.h), message its Chinese text, detail the English reason. */
int web_api_invalid(web_req *rq, web_resp *rs, int status, const model_errors *errs);
/* A new readable id for a record of kind k: "ach-2026-000123" (prefix of the
 * kind, the year in Beijing, the next free number from the count of records
 * of the kind). Returns 0, or the store's error. */
int web_new_id(store *st, model_kind k, char out[MODEL_KEY_MAX], qiao_err *e);

/* pages */
void web_page_begin(web_req *rq, web_resp *rs, const char *title);
void web_page_end(web_req *rq, web_resp *rs);
void web_error_page(web_req *rq, web_resp *rs, const char *msg);
int web_page_home(web_req *rq, web_resp *rs);
int web_page_list(web_req *rq, web_resp *rs);
int web_page_help_search(web_req *rq, web_resp *rs);
int web_page_show(web_req *rq, web_resp *rs);
int web_page_form(web_req *rq, web_resp *rs);
int web_page_form_post(web_req *rq, web_resp *rs);
int web_page_status_confirm(web_req *rq, web_resp *rs);
int web_page_status_post(web_req *rq, web_resp *rs);
int web_page_login(web_req *rq, web_resp *rs);
int web_page_login_post(web_req *rq, web_resp *rs);
int web_page_logout_post(web_req *rq, web_resp *rs);
int web_page_orgs(web_req *rq, web_resp *rs);
int web_page_org(web_req *rq, web_resp *rs);
int web_page_people(web_req *rq, web_resp *rs);
int web_page_person(web_req *rq, web_resp *rs);
int web_page_projects(web_req *rq, web_resp *rs);
int web_page_project(web_req *rq, web_resp *rs);
int web_page_project_new_post(web_req *rq, web_resp *rs);
int web_page_project_advance_post(web_req *rq, web_resp *rs);
int web_page_me(web_req *rq, web_resp *rs);
int web_page_stats(web_req *rq, web_resp *rs);
int web_page_stats_csv(web_req *rq, web_resp *rs);
int web_page_stats_xlsx(web_req *rq, web_resp *rs);
int web_api_stats(web_req *rq, web_resp *rs);
/* page_searches.c: saved searches and follows (the alerts' digests) */
int web_page_search_save_post(web_req *rq, web_resp *rs);
int web_page_searches(web_req *rq, web_resp *rs);
int web_page_search_delete(web_req *rq, web_resp *rs);
int web_page_search_delete_post(web_req *rq, web_resp *rs);
int web_page_follows(web_req *rq, web_resp *rs);
int web_page_follow_post(web_req *rq, web_resp *rs);
int web_page_follow_delete(web_req *rq, web_resp *rs);
int web_page_follow_delete_post(web_req *rq, web_resp *rs);

#endif
