/* web/api_openapi.c — the OpenAPI 3 document, generated from the route
 * table so that it cannot drift from what the server answers; the record
 * schemas follow docs DATA.md. docs/openapi.json is a copy kept current by
 * tests/http/api.sh. */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/notify_web.h"
#include "web/events.h"

static json_t *ref(const char *name)
{
    return json_pack("{s:s++}", "$ref", "#/components/schemas/", name, "");
}

static json_t *strs(void)
{
    return json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "string");
}

static json_t *record_schema(const char *const *required, const char *const *fields)
{
    json_t *props = json_object(), *req = json_array();
    for (const char *const *f = fields; *f; f++) {
        const char *name = *f + 1;
        json_t *t;
        switch (**f) {
        case 'i': t = json_pack("{s:s}", "type", "integer"); break;
        case 'l': t = strs(); break;
        case 'b': t = json_pack("{s:s}", "type", "boolean"); break;
        case 'o': t = json_pack("{s:s}", "type", "object"); break;
        default: t = json_pack("{s:s}", "type", "string"); break;
        }
        json_object_set_new(props, name, t);
    }
    for (const char *const *r = required; *r; r++)
        json_array_append_new(req, json_string(*r));
    return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "required", req, "properties",
                     props, "additionalProperties", 0);
}

static json_t *list_schema(const char *item)
{
    return json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}}}",
                     "type", "object", "properties", "items", "type", "array", "items",
                     ref(item), "page", "type", "integer", "per_page", "type", "integer",
                     "total", "type", "integer", "description", "matching records; with q, "
                     "a lower bound when total_exact is false", "total_exact", "type",
                     "boolean", "description", "false when a search stopped before counting "
                     "every match: there are at least total");
}

static json_t *components(void)
{
    /* no "id": the server gives one when a create has none */
    static const char *const rq_ach[] = {"title", "org", NULL};
    static const char *const f_ach[] = {"sid", "stitle", "sorg", "ssummary", "lkeywords",
        "sdiscipline", "lchains", "itrl", "oip", "lmodes", "iprice", "lowners", "szone",
        "spublished", "sstatus", NULL};
    static const char *const f_dem[] = {"sid", "stitle", "sorg", "sdescription", "lkeywords",
        "lchains", "itrl_min", "lmodes", "ibudget", "sdeadline", "szone", "spublished",
        "sstatus", NULL};
    static const char *const rq_org[] = {"name", "type", NULL};
    static const char *const f_org[] = {"sid", "sname", "stype", "sregion", "szone", "lchains",
        "sdescription", "swebsite", "bexternal", "sfounded", "lfounders", "scredit_code", NULL};
    static const char *const rq_person[] = {"name", NULL};
    static const char *const f_person[] = {"sid", "sname", "sorg", "lroles", "stitle",
        "sexpertise", "lkeywords", "semail", "sphone", NULL};
    json_t *s = json_object();
    json_object_set_new(s, "Achievement", record_schema(rq_ach, f_ach));
    json_object_set_new(s, "Demand", record_schema(rq_ach, f_dem));
    json_object_set_new(s, "Org", record_schema(rq_org, f_org));
    json_object_set_new(s, "Person", record_schema(rq_person, f_person));
    json_object_set_new(s, "AchievementList", list_schema("Achievement"));
    json_object_set_new(s, "DemandList", list_schema("Demand"));
    json_object_set_new(s, "OrgList", list_schema("Org"));
    json_object_set_new(s, "PersonList", list_schema("Person"));
    json_object_set_new(s, "Matches", json_pack(
        "{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
        "s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}}}}", "type", "object",
        "properties", "of", "type", "string",
        "kind", "type", "string", "hits", "type", "array", "items", "type", "object",
        "properties", "id", "type", "string", "title", "type", "string", "org", "type",
        "string", "score", "type", "number", "terms", "type", "array", "factors", "type",
        "array", "level", "type", "integer", "level_label", "type", "string", "words",
        "type", "array", "excerpt", "type", "string"));
    json_object_set_new(s, "Health", json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}", "type",
                                               "object", "properties", "status", "type",
                                               "string", "schema", "type", "integer",
                                               "index", "type", "boolean"));
    json_object_set_new(s, "Me", json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}", "type",
                                           "object", "properties", "login", "type", "string",
                                           "role", "type", "string", "org", "type", "string"));
    web_event_schemas(s);
    web_notify_schemas(s);
    json_object_set_new(s, "Error", json_pack(
        "{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:{s:s}}}}}}", "type",
        "object", "properties", "error", "type", "object", "properties", "code", "type",
        "string", "message", "type", "string", "field", "type", "string", "detail", "type",
        "string", "errors", "type", "array", "items", "type", "object"));
    return json_pack("{s:o, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}}", "schemas", s,
                     "securitySchemes", "bearer", "type", "http", "scheme", "bearer", "cookie",
                     "type", "apiKey", "in", "cookie", "name", WEB_SESSION_COOKIE);
}

static json_t *param(const web_pspec *p)
{
    json_t *schema;
    switch (p->type) {
    case WEB_P_INT:
        schema = json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)p->min,
                           "maximum", (json_int_t)p->max);
        break;
    case WEB_P_ID:
        schema = json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Za-z0-9._:-]{1,64}$");
        break;
    case WEB_P_ENUM: {
        json_t *e = json_array();
        for (const char *const *c = p->choices; c && *c; c++)
            json_array_append_new(e, json_string(*c));
        schema = json_pack("{s:s, s:o}", "type", "string", "enum", e);
        break;
    }
    case WEB_P_BOOL:
        schema = json_pack("{s:s}", "type", "boolean");
        break;
    default:
        schema = json_pack("{s:s, s:I}", "type", "string", "maxLength",
                           (json_int_t)(p->max ? p->max : 1000));
    }
    return json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", p->name, "in",
                     p->in == WEB_IN_PATH ? "path" : "query", "required",
                     p->in == WEB_IN_PATH || p->required, "description", p->doc ? p->doc : "",
                     "schema", schema);
}

/* The route's whole access rule (web.h: roles and WEB_F_STAFF / _OWNER /
 * _PARTY), for readers and for tests/http/authz_matrix.sh:
 * {"roles": [names] ([] = public), "rule": "any"|"staff"|"owner"|"party"}. */
static json_t *access(const web_route *r)
{
    json_t *roles = json_array();
    for (int i = 0; i < WEB_ROLE_COUNT; i++)
        if (r->roles & WEB_R(i))
            json_array_append_new(roles, json_string(web_role_name((web_role)i)));
    const char *rule = r->flags & WEB_F_STAFF ? "staff" : r->flags & WEB_F_OWNER ? "owner"
                       : r->flags & WEB_F_PARTY ? "party"
                       : r->flags & WEB_F_ORG_ADMIN ? "org_admin" : "any";
    return json_pack("{s:o, s:s}", "roles", roles, "rule", rule);
}

static json_t *operation(const web_route *r)
{
    bool api = r->flags & WEB_F_API;
    json_t *op = json_pack("{s:s, s:[s]}", "summary", r->summary ? r->summary : "", "tags",
                           api ? "api" : "pages");
    json_t *params = json_array();
    if (r->params)
        for (const web_pspec *p = r->params; p->name; p++)
            if (p->in != WEB_IN_FORM)
                json_array_append_new(params, param(p));
    if (r->flags & WEB_F_RAW)
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", "path",
                                                "in", "path", "required", 1, "schema", "type",
                                                "string"));
    if (json_array_size(params))
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    if (r->body)
        json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{s:o}}}", "required", 1,
                            "content", "application/json", "schema", ref(r->body)));
    else if (r->flags & WEB_F_FORM)
        json_object_set_new(op, "requestBody", json_pack("{s:{s:{s:{s:s}}}}", "content",
                            "application/x-www-form-urlencoded", "schema", "type", "object"));
    json_t *ok = api && r->reply
        ? json_pack("{s:s, s:{s:{s:o}}}", "description", "success", "content",
                    "application/json", "schema", ref(r->reply))
        : json_pack("{s:s}", "description", api ? "success" : "an HTML page or a redirect");
    json_t *resp = json_object();
    json_object_set_new(resp, r->body && r->methods == WEB_POST ? "201" : "200", ok);
    if (api)
        json_object_set_new(resp, "default", json_pack("{s:s, s:{s:{s:o}}}", "description",
                            "an error: 400 401 403 404 409 413 415 422", "content",
                            "application/json", "schema", ref("Error")));
    json_object_set_new(op, "responses", resp);
    if (r->roles)
        json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "bearer", "cookie"));
    json_object_set_new(op, "x-qiao-access", access(r));
    return op;
}

json_t *web_openapi(const web_route *routes, size_t n)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < n; i++) {
        const web_route *r = &routes[i];
        char path[256];
        snprintf(path, sizeof path, "%s", r->pattern);
        char *star = strchr(path, '*');
        if (star)
            snprintf(star, sizeof path - (size_t)(star - path), "{path}");
        json_t *item = json_object_get(paths, path);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, path, item);
        }
        for (unsigned m = 1; m <= WEB_HEAD; m <<= 1) {
            if (!(r->methods & m))
                continue;
            char lower[8];
            const char *name = web_method_name((web_method)m);
            size_t k = 0;
            for (; name[k] && k < sizeof lower - 1; k++)
                lower[k] = (char)(name[k] + 32);
            lower[k] = '\0';
            json_object_set_new(item, lower, operation(r));
        }
    }
    return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:o}", "openapi", "3.0.3", "info", "title",
                     "qiao (桥) API", "version", "1",
                     "description", "Technology-transfer matchmaking: achievements, demands, "
                     "organisations and people. Records are those of docs/data.md. Write "
                     "requests take application/json and a Bearer token (qiao user token) or "
                     "a session cookie.", "paths", paths, "components", components());
}

int web_api_openapi(web_req *rq, web_resp *rs)
{
    return web_json_reply(rs, 200, web_openapi(rq->cfg->routes, rq->cfg->nroutes));
}
