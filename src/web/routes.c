/* web/routes.c — the route table: every URL qiao answers, its methods, who
 * may use it, and the parameters validated before its handler runs (as in
 * Kore). The OpenAPI document is generated from this table. Order matters:
 * the first pattern that matches wins ("/achievements/new" before
 * "/achievements/{id}"). */
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>

#include "web/app.h"
#include "web/events.h"
#include "web/join_web.h"
#include "web/static.h"

#define STAFF (WEB_R(WEB_ROLE_ADMIN) | WEB_R(WEB_ROLE_STAFF))
#define ACH_EDITORS (STAFF | WEB_R(WEB_ROLE_UNIVERSITY))
#define DEM_EDITORS (STAFF | WEB_R(WEB_ROLE_ENTERPRISE))

static const char *const ach_status[] = {"draft", "published", "withdrawn", NULL};
static const char *const dem_status[] = {"draft", "open", "closed", NULL};
static const char *const ach_sort[] = {"id", "title", "published", "-published", "trl", "-trl",
                                       "price", "-price", "relevance", "newest", NULL};
static const char *const dem_sort[] = {"id", "title", "published", "-published", "budget",
                                       "-budget", "deadline", "-deadline", "relevance", "newest",
                                       NULL};
static const char *const page_sort[] = {"relevance", "newest", "deadline", NULL};
static const char *const mode_names[] = {"self", "assign", "license", "cooperate", "equity",
                                         "other", NULL};
static const char *const org_type_names[] = {"university", "institute", "platform", "team",
                                             "enterprise", "investor", "service", "government",
                                             "park", NULL};
static const char *const name_sort[] = {"id", "name", NULL};

#define P_ID {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_ID, .required = true, \
              .doc = "the record's id"}
#define P_PAGE {.name = "page", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, \
                .max = 1000000, .doc = "page number, from 1"}
#define P_PER {.name = "per_page", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, \
               .max = 100, .doc = "records per page (default 20)"}
#define P_Q {.name = "q", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 100, \
             .doc = "words the title, text or keywords contain"}
#define P_ORG {.name = "org", .in = WEB_IN_QUERY, .type = WEB_P_ID, .doc = "only this org's"}
#define P_CHAIN {.name = "chain", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 100, \
                 .doc = "industry chain"}
#define P_ZONE {.name = "zone", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 200, \
                .doc = "zone (知识经济圈)"}

#define P_MODE {.name = "mode", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = mode_names, \
                .doc = "a transfer mode the record offers"}
#define P_ORG_TYPE {.name = "org_type", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, \
                    .choices = org_type_names, .doc = "the type of the record's org (an org: its own)"}
#define P_FACETS {.name = "facets", .in = WEB_IN_QUERY, .type = WEB_P_BOOL, \
                  .doc = "count every match by facet value: 'facets' in the answer (default true)"}
#define P_TRL_MIN {.name = "trl_min", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, \
                   .max = 9, .doc = "TRL at least (achievements: trl; demands: trl_min)"}
#define P_TRL_MAX {.name = "trl_max", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, \
                   .max = 9, .doc = "TRL at most (achievements: trl; demands: trl_min)"}

static const web_pspec p_id[] = {P_ID, {0}};
static const web_pspec p_ach_list[] = {
    P_PAGE, P_PER, P_Q, P_ORG, P_CHAIN, P_ZONE, P_TRL_MIN, P_TRL_MAX, P_MODE, P_ORG_TYPE, P_FACETS,
    {.name = "status", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = ach_status,
     .doc = "status (default: published only)"},
    {.name = "sort", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = ach_sort,
     .doc = "sort field, '-' for descending; relevance (with q, the default), newest"},
    {0},
};
static const web_pspec p_dem_list[] = {
    P_PAGE, P_PER, P_Q, P_ORG, P_CHAIN, P_ZONE, P_TRL_MIN, P_TRL_MAX, P_MODE, P_ORG_TYPE, P_FACETS,
    {.name = "status", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = dem_status,
     .doc = "status (default: open only)"},
    {.name = "sort", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = dem_sort,
     .doc = "sort field, '-' for descending; relevance (with q, the default), newest"},
    {0},
};
static const web_pspec p_name_list[] = {
    P_PAGE, P_PER, P_Q, P_ORG, P_ZONE, P_ORG_TYPE, P_FACETS,
    {.name = "sort", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = name_sort,
     .doc = "sort field"},
    {0},
};
static const web_pspec p_page_list[] = {
    P_PAGE, P_Q, P_CHAIN, P_ZONE, P_ORG, P_MODE, P_ORG_TYPE, P_TRL_MIN, P_TRL_MAX,
    {.name = "sort", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = page_sort,
     .doc = "relevance (with q), newest (default without q), deadline (demands)"},
    {0},
};
static const web_pspec p_login[] = {
    {.name = "login", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 64, .required = true},
    {.name = "password", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 1000, .required = true},
    {.name = "next", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 300},
    {0},
};
static const web_pspec p_matches[] = {
    P_ID,
    {.name = "top", .in = WEB_IN_QUERY, .type = WEB_P_INT, .min = 1, .max = 100,
     .doc = "how many (default 10)"},
    {0},
};
static const char *const zh_to[] = {"hans", "hant", NULL};
static const web_pspec p_zh[] = {
    {.name = "to", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = zh_to, .required = true,
     .doc = "hans (简体) or hant (繁體)"},
    {.name = "next", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 300, .doc = "where to go back"},
    {0},
};
static const web_pspec p_next[] = {
    {.name = "next", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 300},
    {0},
};

static const web_pspec p_people_page[] = {P_PAGE, P_Q, P_ZONE, P_ORG, P_ORG_TYPE, {0}};
static const web_pspec p_orgs_page[] = {P_PAGE, P_Q, P_ZONE, P_CHAIN, P_ORG_TYPE, {0}};
static const web_pspec p_project_new[] = {
    {.name = "achievement", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {.name = "demand", .in = WEB_IN_FORM, .type = WEB_P_ID, .required = true},
    {0},
};
static const char *const stage_names[] = {"contact", "talks", "signed", "implementing", "done",
                                          "stopped", NULL};
static const web_pspec p_advance[] = {
    P_ID,
    {.name = "to", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = stage_names, .required = true},
    {.name = "signed_on", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 40},
    {.name = "mode", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 20},
    {.name = "agreement", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 200},
    {.name = "amount", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 40},
    {.name = "reason", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 2000},
    {.name = "note", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 500},
    {0},
};

#define STATS_FILTER \
    {.name = "from", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 40, \
     .doc = "first day counted (2023-03-01), Beijing time"}, \
    {.name = "to", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 40, .doc = "last day counted"}, \
    P_ZONE, P_CHAIN
static const char *const stats_tables[] = {"all", "summary", "orgs_by_type", "events_by_type",
                                           "monthly", "by_chain", "by_zone", "funnel", NULL};
static const web_pspec p_stats[] = {STATS_FILTER, {0}};
static const web_pspec p_stats_csv[] = {
    STATS_FILTER,
    {.name = "table", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = stats_tables,
     .doc = "which table (default all)"},
    {0},
};
static const web_pspec p_api_stats[] = {
    STATS_FILTER,
    {.name = "suggestions", .in = WEB_IN_QUERY, .type = WEB_P_BOOL,
     .doc = "count the funnel's suggestions (default true; false = null, as --no-suggestions)"},
    {0},
};

#define API (WEB_F_API)
#define APIJ (WEB_F_API | WEB_F_JSON)
#define FORM WEB_F_FORM

const web_route web_routes[] = {
    /* pages */
    {WEB_GET, "/", web_page_home, 0, 0, NULL, "home page with the programme's key figures", NULL, NULL},
    {WEB_GET, "/help/search", web_page_help_search, 0, 0, NULL, "how to write a search: phrases, exclusions, filters, with examples", NULL, NULL},
    {WEB_GET, "/login", web_page_login, 0, 0, p_next, "sign-in form", NULL, NULL},
    {WEB_POST, "/login", web_page_login_post, 0, FORM, p_login, "sign in", NULL, NULL},
    {WEB_POST, "/logout", web_page_logout_post, 0, FORM, NULL, "sign out", NULL, NULL},
    {WEB_GET, "/achievements", web_page_list, 0, 0, p_page_list, "achievements, searchable", NULL, NULL},
    {WEB_GET, "/achievements/new", web_page_form, ACH_EDITORS, 0, NULL, "new achievement form", NULL, NULL},
    {WEB_POST, "/achievements/new", web_page_form_post, ACH_EDITORS, FORM, NULL, "publish an achievement", NULL, NULL},
    {WEB_GET, "/achievements/{id}", web_page_show, 0, 0, p_id, "one achievement", NULL, NULL},
    {WEB_GET, "/achievements/{id}/edit", web_page_form, ACH_EDITORS, 0, p_id, "edit form", NULL, NULL},
    {WEB_POST, "/achievements/{id}/edit", web_page_form_post, ACH_EDITORS, FORM, p_id, "save an achievement", NULL, NULL},
    {WEB_POST, "/achievements/{id}/withdraw", web_page_status_post, ACH_EDITORS, FORM, p_id, "withdraw an achievement", NULL, NULL},
    {WEB_GET, "/demands", web_page_list, 0, 0, p_page_list, "demands, searchable", NULL, NULL},
    {WEB_GET, "/demands/new", web_page_form, DEM_EDITORS, 0, NULL, "new demand form", NULL, NULL},
    {WEB_POST, "/demands/new", web_page_form_post, DEM_EDITORS, FORM, NULL, "publish a demand", NULL, NULL},
    {WEB_GET, "/demands/{id}", web_page_show, 0, 0, p_id, "one demand", NULL, NULL},
    {WEB_GET, "/demands/{id}/edit", web_page_form, DEM_EDITORS, 0, p_id, "edit form", NULL, NULL},
    {WEB_POST, "/demands/{id}/edit", web_page_form_post, DEM_EDITORS, FORM, p_id, "save a demand", NULL, NULL},
    {WEB_POST, "/demands/{id}/close", web_page_status_post, DEM_EDITORS, FORM, p_id, "close a demand", NULL, NULL},
    {WEB_GET, "/orgs", web_page_orgs, 0, 0, p_orgs_page, "organisations, searchable", NULL, NULL},
    {WEB_GET, "/orgs/{id}", web_page_org, 0, 0, p_id, "one organisation: its achievements, demands and people", NULL, NULL},
    {WEB_GET, "/people", web_page_people, 0, 0, p_people_page, "experts and people, searchable", NULL, NULL},
    {WEB_GET, "/people/{id}", web_page_person, 0, 0, p_id, "one person: expertise, contacts (roles that may contact), matching demands", NULL, NULL},
    {WEB_GET, "/me", web_page_me, WEB_ANY_USER, 0, NULL, "my dashboard: new since my last sign-in, my records and their matches, my projects", NULL, NULL},
    {WEB_GET, "/projects", web_page_projects, WEB_ANY_USER, 0, NULL, "the projects I take part in (staff: all)", NULL, NULL},
    {WEB_POST, "/projects/new", web_page_project_new_post, WEB_ANY_USER, FORM, p_project_new, "start a project from a match", NULL, NULL},
    {WEB_GET, "/projects/{id}", web_page_project, WEB_ANY_USER, 0, p_id, "one project: stages, history, advance form (parties and staff)", NULL, NULL},
    {WEB_POST, "/projects/{id}/advance", web_page_project_advance_post, WEB_ANY_USER, FORM, p_advance, "move a project to its next stage (or stop it)", NULL, NULL},
    {WEB_GET, "/stats", web_page_stats, STAFF, 0, p_stats, "statistics dashboard: figures with definitions, charts, downloads", NULL, NULL},
    {WEB_GET, "/stats.csv", web_page_stats_csv, STAFF, 0, p_stats_csv, "one table of the statistics (or all) as CSV", NULL, NULL},
    {WEB_GET, "/stats.xlsx", web_page_stats_xlsx, STAFF, 0, p_stats, "the statistics as an Excel workbook", NULL, NULL},
    /* joining (web/join_web.h: page_join.c, page_applications.c, page_invite.c; rules in src/join) */
    {WEB_GET, "/join", web_page_join, 0, 0, NULL, "application form for an organisation to join", NULL, NULL},
    {WEB_POST, "/join", web_page_join_post, 0, FORM, web_p_join, "apply to join", NULL, NULL},
    {WEB_GET, "/join/status/{token}", web_page_join_status, 0, 0, web_p_join_status, "an application's status (the secret link given at submission)", NULL, NULL},
    {WEB_GET, "/admin/applications", web_page_applications, STAFF, 0, web_p_app_list, "review queue of applications to join (pending first)", NULL, NULL},
    {WEB_POST, "/admin/applications/{id}/approve", web_page_application_approve_post, STAFF, FORM, web_p_app_id, "approve: create the org and its admin account", NULL, NULL},
    {WEB_POST, "/admin/applications/{id}/reject", web_page_application_reject_post, STAFF, FORM, web_p_app_reject, "reject with a reason the applicant sees", NULL, NULL},
    {WEB_GET, "/orgs/{id}/invite", web_page_org_invite, WEB_ANY_USER, 0, web_p_org_invite, "invitation form (staff, the org's admin account)", NULL, NULL},
    {WEB_POST, "/orgs/{id}/invite", web_page_org_invite_post, WEB_ANY_USER, FORM, web_p_org_invite, "invite a person by e-mail into the org", NULL, NULL},
    {WEB_GET, "/invite/{token}", web_page_invite, 0, 0, web_p_invite, "an invitation link: the form to set up the account", NULL, NULL},
    {WEB_POST, "/invite/{token}", web_page_invite_post, 0, FORM, web_p_invite_post, "use an invitation: create the account", NULL, NULL},
    /* events (web/events.h: page_event*.c); staff-only actions are refused by src/event */
    {WEB_GET, "/events", web_page_events, 0, 0, web_p_event_list, "matchmaking events: upcoming, past, by type", NULL, NULL},
    {WEB_GET, "/events/new", web_page_event_form, WEB_ANY_USER, 0, NULL, "new event form (staff)", NULL, NULL},
    {WEB_POST, "/events/new", web_page_event_form_post, WEB_ANY_USER, FORM, web_p_event_new, "create an event (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}", web_page_event, 0, 0, web_p_event_page, "one event; signed in: registration, suggestions, requests, agenda", NULL, NULL},
    {WEB_GET, "/events/{id}/edit", web_page_event_form, WEB_ANY_USER, 0, web_p_event_id, "edit form (staff)", NULL, NULL},
    {WEB_POST, "/events/{id}/edit", web_page_event_form_post, WEB_ANY_USER, FORM, web_p_event_edit, "save an event (staff)", NULL, NULL},
    {WEB_POST, "/events/{id}/register", web_page_event_register_post, WEB_ANY_USER, FORM, web_p_event_reg, "register (or update availability)", NULL, NULL},
    {WEB_POST, "/events/{id}/unregister", web_page_event_unregister_post, WEB_ANY_USER, FORM, web_p_event_unreg, "withdraw a registration", NULL, NULL},
    {WEB_POST, "/events/{id}/requests", web_page_event_request_post, WEB_ANY_USER, FORM, web_p_event_req, "send a meeting request", NULL, NULL},
    {WEB_POST, "/events/{id}/accept", web_page_event_accept_post, WEB_ANY_USER, FORM, web_p_event_answer, "accept a meeting request", NULL, NULL},
    {WEB_POST, "/events/{id}/decline", web_page_event_decline_post, WEB_ANY_USER, FORM, web_p_event_answer, "decline a meeting request", NULL, NULL},
    {WEB_POST, "/events/{id}/cancel", web_page_event_cancel_post, WEB_ANY_USER, FORM, web_p_event_answer, "cancel a meeting request or meeting", NULL, NULL},
    {WEB_POST, "/events/{id}/timetable", web_page_event_plan_post, WEB_ANY_USER, FORM, web_p_event_plan, "build the timetable (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/grid", web_page_event_grid, WEB_ANY_USER, 0, web_p_event_id, "slots x tables grid (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/grid.csv", web_page_event_grid_csv, WEB_ANY_USER, 0, web_p_event_id, "the grid as CSV (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/meetings.csv", web_page_event_meetings_csv, WEB_ANY_USER, 0, web_p_event_id, "the meeting list as CSV (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/export.xlsx", web_page_event_xlsx, WEB_ANY_USER, 0, web_p_event_id, "grid and meeting list as XLSX (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/agenda", web_page_event_agenda, WEB_ANY_USER, 0, web_p_event_agenda, "a participant's printable agenda", NULL, NULL},
    {WEB_GET, "/events/{id}/agenda.ics", web_page_event_ics, WEB_ANY_USER, 0, web_p_event_agenda, "a participant's agenda as iCalendar", NULL, NULL},
    {WEB_GET, "/zh", web_page_zh, 0, 0, p_zh, "简/繁 switch: remembers the choice in a cookie", NULL, NULL},
    {WEB_GET, "/static/*", web_static, 0, WEB_F_RAW, NULL, "style sheet and other static files", NULL, NULL},

    /* JSON API */
    {WEB_GET, "/healthz", web_healthz, 0, API, NULL, "health check: 200 when this node can serve, 503 when its store does not answer", NULL, "Health"},
    {WEB_GET, "/api/v1/openapi.json", web_api_openapi, 0, API, NULL, "this document", NULL, NULL},
    {WEB_GET, "/api/v1/stats", web_api_stats, STAFF, API, p_api_stats, "the programme's figures (as qiao stats --format json)", NULL, NULL},
    {WEB_GET, "/api/v1/me", web_api_me, WEB_ANY_USER, API, NULL, "the signed-in account", NULL, "Me"},
    {WEB_GET, "/api/v1/achievements", web_api_list, 0, API, p_ach_list, "list achievements", NULL, "AchievementList"},
    {WEB_POST, "/api/v1/achievements", web_api_create, ACH_EDITORS, APIJ, NULL, "create an achievement", "Achievement", "Achievement"},
    {WEB_GET, "/api/v1/achievements/{id}", web_api_get, 0, API, p_id, "get an achievement", NULL, "Achievement"},
    {WEB_PUT, "/api/v1/achievements/{id}", web_api_update, ACH_EDITORS, APIJ, p_id, "replace an achievement", "Achievement", "Achievement"},
    {WEB_POST, "/api/v1/achievements/{id}/withdraw", web_api_status, ACH_EDITORS, APIJ, p_id, "withdraw an achievement", NULL, "Achievement"},
    {WEB_GET, "/api/v1/achievements/{id}/matches", web_api_matches, 0, API, p_matches, "the demands that best match an achievement, with reasons", NULL, "Matches"},
    {WEB_GET, "/api/v1/demands", web_api_list, 0, API, p_dem_list, "list demands", NULL, "DemandList"},
    {WEB_POST, "/api/v1/demands", web_api_create, DEM_EDITORS, APIJ, NULL, "create a demand", "Demand", "Demand"},
    {WEB_GET, "/api/v1/demands/{id}", web_api_get, 0, API, p_id, "get a demand", NULL, "Demand"},
    {WEB_PUT, "/api/v1/demands/{id}", web_api_update, DEM_EDITORS, APIJ, p_id, "replace a demand", "Demand", "Demand"},
    {WEB_POST, "/api/v1/demands/{id}/close", web_api_status, DEM_EDITORS, APIJ, p_id, "close a demand", NULL, "Demand"},
    {WEB_GET, "/api/v1/demands/{id}/matches", web_api_matches, 0, API, p_matches, "the achievements that best match a demand, with reasons", NULL, "Matches"},
    {WEB_GET, "/api/v1/orgs", web_api_list, 0, API, p_name_list, "list organisations", NULL, "OrgList"},
    {WEB_POST, "/api/v1/orgs", web_api_create, STAFF, APIJ, NULL, "create an organisation", "Org", "Org"},
    {WEB_GET, "/api/v1/orgs/{id}", web_api_get, 0, API, p_id, "get an organisation", NULL, "Org"},
    {WEB_PUT, "/api/v1/orgs/{id}", web_api_update, STAFF, APIJ, p_id, "replace an organisation", "Org", "Org"},
    {WEB_GET, "/api/v1/people", web_api_list, 0, API, p_name_list, "list people (contact fields for staff only)", NULL, "PersonList"},
    {WEB_POST, "/api/v1/people", web_api_create, STAFF, APIJ, NULL, "create a person", "Person", "Person"},
    {WEB_GET, "/api/v1/people/{id}", web_api_get, 0, API, p_id, "get a person", NULL, "Person"},
    {WEB_PUT, "/api/v1/people/{id}", web_api_update, STAFF, APIJ, p_id, "replace a person", "Person", "Person"},
    {WEB_GET, "/api/v1/events", web_api_events, 0, API, web_p_event_list, "list events (default: upcoming)", NULL, "EventList"},
    {WEB_POST, "/api/v1/events", web_api_event_create, WEB_ANY_USER, APIJ, NULL, "create an event (staff)", "Event", "Event"},
    {WEB_GET, "/api/v1/events/{id}", web_api_event_get, 0, API, web_p_event_id, "get an event with its registration counts", NULL, "Event"},
    {WEB_PATCH, "/api/v1/events/{id}", web_api_event_edit, WEB_ANY_USER, APIJ, web_p_event_id, "change fields of an event (staff; null removes)", "EventChanges", "Event"},
    {WEB_POST, "/api/v1/events/{id}/registrations", web_api_event_register, WEB_ANY_USER, APIJ, web_p_event_id, "register a person or org (or update availability)", "RegistrationIn", "Registration"},
    {WEB_DELETE, "/api/v1/events/{id}/registrations/{who}", web_api_event_unregister, WEB_ANY_USER, API, web_p_api_unreg, "withdraw a registration", NULL, "Withdrawal"},
    {WEB_GET, "/api/v1/events/{id}/requests", web_api_event_requests, WEB_ANY_USER, API, web_p_api_event_who, "meeting requests of a party (staff: all)", NULL, "MeetingRequestList"},
    {WEB_POST, "/api/v1/events/{id}/requests", web_api_event_request, WEB_ANY_USER, APIJ, web_p_event_id, "send a meeting request", "MeetingRequestIn", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/accept", web_api_event_answer, WEB_ANY_USER, APIJ, web_p_event_id, "accept a meeting request (the invited party)", "Answer", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/decline", web_api_event_answer, WEB_ANY_USER, APIJ, web_p_event_id, "decline a meeting request (the invited party)", "Answer", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/cancel", web_api_event_answer, WEB_ANY_USER, APIJ, web_p_event_id, "cancel a meeting request or meeting (either party)", "Answer", "MeetingRequest"},
    {WEB_GET, "/api/v1/events/{id}/suggestions", web_api_event_suggest, WEB_ANY_USER, API, web_p_api_suggest, "whom to meet, with reasons", NULL, "Suggestions"},
    {WEB_POST, "/api/v1/events/{id}/timetable", web_api_event_timetable, WEB_ANY_USER, APIJ, web_p_event_id, "build (and write) the timetable (staff)", "TimetableIn", "Timetable"},
    {WEB_GET, "/api/v1/events/{id}/grid", web_api_event_grid, WEB_ANY_USER, API, web_p_event_id, "the slots x tables grid (staff)", NULL, "Grid"},
    {WEB_GET, "/api/v1/events/{id}/agenda", web_api_event_agenda, WEB_ANY_USER, API, web_p_api_agenda, "a participant's agenda (json, ics or text)", NULL, "Agenda"},
};
const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];

static void *worker_open(const web_config *cfg, qiao_err *e)
{
    web_worker *w = qiao_calloc(1, sizeof *w);
    if (store_open(cfg->db, &w->st, e) < 0) {
        free(w);
        return NULL;
    }
    return w;
}

static void worker_close(void *p)
{
    web_worker *w = p;
    store_close(w->st);
    if (w->s2t)
        opencc_close(w->s2t);
    free(w->home_html);
    free(w);
}

void web_app_config(web_config *cfg)
{
    cfg->routes = web_routes;
    cfg->nroutes = web_nroutes;
    cfg->worker_open = worker_open;
    cfg->worker_close = worker_close;
    cfg->authenticate = web_authenticate;
    cfg->csrf_ok = web_csrf_ok;
    cfg->error_page = web_error_page;
    cfg->finish = web_zh_finish;
}
