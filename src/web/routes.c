/* web/routes.c — the route table: every URL qiao answers, its methods, who
 * may use it, and the parameters validated before its handler runs (as in
 * Kore). The OpenAPI document is generated from this table. Order matters:
 * the first pattern that matches wins ("/achievements/new" before
 * "/achievements/{id}"). */
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>

#include "web/accounts.h"
#include "web/advice_web.h"
#include "web/app.h"
#include "web/events.h"
#include "web/join_web.h"
#include "web/interests.h"
#include "web/managers.h"
#include "web/try.h"
#include "web/notify_web.h"
#include "web/static.h"

#define STAFF (WEB_R(WEB_ROLE_ADMIN) | WEB_R(WEB_ROLE_STAFF))
#define ACH_EDITORS (STAFF | WEB_R(WEB_ROLE_UNIVERSITY))
#define DEM_EDITORS (STAFF | WEB_R(WEB_ROLE_ENTERPRISE))
/* accounts that speak for an org (不合适 is an org's mark; staff have none) */
#define ORG_MEMBERS (WEB_R(WEB_ROLE_UNIVERSITY) | WEB_R(WEB_ROLE_ENTERPRISE) | \
                     WEB_R(WEB_ROLE_TECH_MANAGER) | WEB_R(WEB_ROLE_INVESTOR) | \
                     WEB_R(WEB_ROLE_EXPERT))

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

static const web_pspec p_forgot[] = {
    {.name = "who", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 254, .required = true,
     .doc = "login or e-mail address"},
    {0},
};
#define P_RESET_TOKEN(where) {.name = "token", .in = where, .type = WEB_P_TEXT, .max = 64, \
                              .required = true, .doc = "the link's one-time token"}
#define P_NEW_PASSWORD \
    {.name = "password", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 1000, .required = true}, \
    {.name = "password2", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 1000, .required = true}
static const web_pspec p_reset[] = {P_RESET_TOKEN(WEB_IN_QUERY), {0}};
static const web_pspec p_reset_post[] = {P_RESET_TOKEN(WEB_IN_FORM), P_NEW_PASSWORD, {0}};
static const web_pspec p_me_password[] = {
    {.name = "current", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 1000, .required = true},
    P_NEW_PASSWORD, {0},
};
static const web_pspec p_token_new[] = {
    {.name = "name", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 100, .required = true,
     .doc = "what the token is for"},
    {.name = "days", .in = WEB_IN_FORM, .type = WEB_P_INT, .min = 1, .max = 365,
     .doc = "lifetime in days (default 90)"},
    {0},
};
static const web_pspec p_token_id[] = {
    {.name = "id", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = INT64_MAX / 2,
     .required = true, .doc = "the token's number"},
    {0},
};
#define P_LOGIN {.name = "login", .in = WEB_IN_PATH, .type = WEB_P_TEXT, .max = 64, \
                 .required = true, .doc = "the account's login"}
static const web_pspec p_accounts[] = {P_PAGE, P_Q, {0}};
static const web_pspec p_account[] = {P_LOGIN, {0}};
static const char *const account_roles[] = {"admin", "staff", "university", "enterprise",
                                            "tech_manager", "investor", "expert", NULL};
static const web_pspec p_account_role[] = {
    P_LOGIN,
    {.name = "role", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = account_roles,
     .required = true},
    {0},
};
static const web_pspec p_audit[] = {P_PAGE, {0}};

static const web_pspec p_people_page[] = {P_PAGE, P_Q, P_ZONE, P_ORG, P_ORG_TYPE, {0}};
static const char *const saved_kinds[] = {"achievement", "demand", NULL};
static const char *const saved_freqs[] = {"daily", "weekly", NULL};
static const char *const follow_whats[] = {"chain", "zone", NULL};
static const web_pspec p_search_save[] = {
    {.name = "kind", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = saved_kinds, .required = true},
    {.name = "freq", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = saved_freqs},
    {.name = "q", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 100},
    {.name = "chain", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 100},
    {.name = "zone", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 200},
    {0},
};
static const web_pspec p_sid[] = {
    {.name = "sid", .in = WEB_IN_PATH, .type = WEB_P_INT, .min = 1, .max = INT64_MAX / 2,
     .required = true, .doc = "the saved search's number"},
    {0},
};
static const web_pspec p_follow_form[] = {
    {.name = "what", .in = WEB_IN_FORM, .type = WEB_P_ENUM, .choices = follow_whats, .required = true},
    {.name = "value", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 200, .required = true},
    {0},
};
static const web_pspec p_follow_query[] = {
    {.name = "what", .in = WEB_IN_QUERY, .type = WEB_P_ENUM, .choices = follow_whats, .required = true},
    {.name = "value", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 200, .required = true},
    {0},
};
#define FOLLOWERS (STAFF | WEB_R(WEB_ROLE_INVESTOR))
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
    {.name = "confirm", .in = WEB_IN_FORM, .type = WEB_P_TEXT, .max = 1,
     .doc = "1: stopping was confirmed (without it a page asks first)"},
    {0},
};

#define STATS_FILTER \
    {.name = "from", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 40, \
     .doc = "first day counted (2023-03-01), Beijing time"}, \
    {.name = "to", .in = WEB_IN_QUERY, .type = WEB_P_TEXT, .max = 40, .doc = "last day counted"}, \
    P_ZONE, P_CHAIN
static const char *const stats_tables[] = {"all", "summary", "orgs_by_type", "events_by_type",
                                           "monthly", "by_chain", "by_zone", "funnel", "interest_funnel",
                                           "dismissals", "brokers", NULL};
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
    {WEB_GET, "/try", web_page_try, 0, 0, NULL, "try a match without publishing: paste a demand or an achievement", NULL, NULL},
    {WEB_POST, "/try", web_page_try_post, 0, FORM, web_p_try, "the matches of a pasted text (nothing stored; rate-limited per address)", NULL, NULL},
    {WEB_GET, "/help/search", web_page_help_search, 0, 0, NULL, "how to write a search: phrases, exclusions, filters, with examples", NULL, NULL},
    {WEB_GET, "/login", web_page_login, 0, 0, p_next, "sign-in form", NULL, NULL},
    {WEB_POST, "/login", web_page_login_post, 0, FORM, p_login, "sign in", NULL, NULL},
    {WEB_POST, "/logout", web_page_logout_post, 0, FORM, NULL, "sign out", NULL, NULL},
    {WEB_GET, "/achievements", web_page_list, 0, 0, p_page_list, "achievements, searchable", NULL, NULL},
    {WEB_GET, "/achievements/new", web_page_form, ACH_EDITORS, WEB_F_OWNER, NULL, "new achievement form", NULL, NULL},
    {WEB_POST, "/achievements/new", web_page_form_post, ACH_EDITORS, FORM | WEB_F_OWNER, NULL, "publish an achievement", NULL, NULL},
    {WEB_GET, "/achievements/{id}", web_page_show, 0, 0, p_id, "one achievement", NULL, NULL},
    {WEB_GET, "/achievements/{id}/edit", web_page_form, ACH_EDITORS, WEB_F_OWNER, p_id, "edit form", NULL, NULL},
    {WEB_POST, "/achievements/{id}/edit", web_page_form_post, ACH_EDITORS, FORM | WEB_F_OWNER, p_id, "save an achievement", NULL, NULL},
    {WEB_GET, "/achievements/{id}/withdraw", web_page_status_confirm, ACH_EDITORS, WEB_F_OWNER, p_id, "confirm withdrawing an achievement", NULL, NULL},
    {WEB_POST, "/achievements/{id}/withdraw", web_page_status_post, ACH_EDITORS, FORM | WEB_F_OWNER, p_id, "withdraw an achievement", NULL, NULL},
    {WEB_GET, "/demands", web_page_list, 0, 0, p_page_list, "demands, searchable", NULL, NULL},
    {WEB_GET, "/demands/new", web_page_form, DEM_EDITORS, WEB_F_OWNER, NULL, "new demand form", NULL, NULL},
    {WEB_POST, "/demands/new", web_page_form_post, DEM_EDITORS, FORM | WEB_F_OWNER, NULL, "publish a demand", NULL, NULL},
    {WEB_GET, "/demands/{id}", web_page_show, 0, 0, p_id, "one demand", NULL, NULL},
    {WEB_GET, "/demands/{id}/edit", web_page_form, DEM_EDITORS, WEB_F_OWNER, p_id, "edit form", NULL, NULL},
    {WEB_POST, "/demands/{id}/edit", web_page_form_post, DEM_EDITORS, FORM | WEB_F_OWNER, p_id, "save a demand", NULL, NULL},
    {WEB_GET, "/demands/{id}/close", web_page_status_confirm, DEM_EDITORS, WEB_F_OWNER, p_id, "confirm closing a demand", NULL, NULL},
    {WEB_POST, "/demands/{id}/close", web_page_status_post, DEM_EDITORS, FORM | WEB_F_OWNER, p_id, "close a demand", NULL, NULL},
    {WEB_GET, "/orgs", web_page_orgs, 0, 0, p_orgs_page, "organisations, searchable", NULL, NULL},
    {WEB_GET, "/orgs/{id}", web_page_org, 0, 0, p_id, "one organisation: its achievements, demands and people", NULL, NULL},
    {WEB_GET, "/people", web_page_people, 0, 0, p_people_page, "experts and people, searchable", NULL, NULL},
    {WEB_GET, "/people/{id}", web_page_person, 0, 0, p_id, "one person: expertise, contacts (roles that may contact), matching demands", NULL, NULL},
    {WEB_GET, "/me", web_page_me, WEB_ANY_USER, 0, NULL, "my dashboard: new since my last sign-in, my records and their matches, my projects", NULL, NULL},
    {WEB_GET, "/me/password", web_page_me_password, WEB_ANY_USER, 0, NULL, "change my password", NULL, NULL},
    {WEB_POST, "/me/password", web_page_me_password_post, WEB_ANY_USER, FORM, p_me_password, "change my password (ends my other sessions and my API tokens)", NULL, NULL},
    {WEB_GET, "/me/tokens", web_page_tokens, WEB_ANY_USER, 0, NULL, "my API tokens: name, expiry, last use", NULL, NULL},
    {WEB_POST, "/me/tokens", web_page_tokens_post, WEB_ANY_USER, FORM, p_token_new, "create an API token (shown once)", NULL, NULL},
    {WEB_GET, "/me/tokens/{id}/revoke", web_page_token_revoke, WEB_ANY_USER, 0, p_token_id, "confirm revoking one of my API tokens", NULL, NULL},
    {WEB_POST, "/me/tokens/{id}/revoke", web_page_token_revoke_post, WEB_ANY_USER, FORM, p_token_id, "revoke one of my API tokens", NULL, NULL},
    {WEB_GET, "/password/forgot", web_page_forgot, 0, 0, NULL, "forgot password: ask for a reset link by mail", NULL, NULL},
    {WEB_POST, "/password/forgot", web_page_forgot_post, 0, FORM, p_forgot, "mail a one-time reset link (same answer whether or not the account exists)", NULL, NULL},
    {WEB_GET, "/password/reset", web_page_reset, 0, 0, p_reset, "set a new password from a reset link", NULL, NULL},
    {WEB_POST, "/password/reset", web_page_reset_post, 0, FORM, p_reset_post, "set a new password (the link is used up)", NULL, NULL},
    {WEB_GET, "/admin/accounts", web_page_accounts, STAFF, 0, p_accounts, "accounts, paged, searchable by login, name or org name (staff)", NULL, NULL},
    {WEB_GET, "/admin/accounts/{login}/disable", web_page_account_confirm, STAFF, 0, p_account, "confirm disabling an account", NULL, NULL},
    {WEB_POST, "/admin/accounts/{login}/disable", web_page_account_status_post, STAFF, FORM, p_account, "disable an account (ends its sessions and tokens)", NULL, NULL},
    {WEB_GET, "/admin/accounts/{login}/enable", web_page_account_confirm, STAFF, 0, p_account, "confirm enabling an account", NULL, NULL},
    {WEB_POST, "/admin/accounts/{login}/enable", web_page_account_status_post, STAFF, FORM, p_account, "enable an account", NULL, NULL},
    {WEB_POST, "/admin/accounts/{login}/role", web_page_account_role_post, STAFF, FORM, p_account_role, "change an account's role (admin and staff roles: admin only)", NULL, NULL},
    {WEB_POST, "/admin/accounts/{login}/reset", web_page_account_reset_post, STAFF, FORM, p_account, "issue a password reset link (shown once, mailed)", NULL, NULL},
    {WEB_GET, "/admin/accounts/{login}", web_page_account, STAFF, 0, p_account, "one account: status, role, last sign-in, actions, audit", NULL, NULL},
    {WEB_GET, "/admin/audit", web_page_audit, STAFF, 0, p_audit, "every change made to accounts: who, when, what", NULL, NULL},
    {WEB_GET, "/me/notifications", web_page_notices, WEB_ANY_USER, 0, web_p_notices, "my notifications, newest first, unread marked", NULL, NULL},
    {WEB_POST, "/me/notifications/read", web_page_notices_read_post, WEB_ANY_USER, FORM, web_p_notice_read, "mark one notification (or all) read", NULL, NULL},
    {WEB_GET, "/me/notifications/settings", web_page_notice_settings, WEB_ANY_USER, 0, NULL, "my mail settings: each kind at once, in the daily digest, or off", NULL, NULL},
    {WEB_POST, "/me/notifications/settings", web_page_notice_settings_post, WEB_ANY_USER, FORM, NULL, "save my mail settings", NULL, NULL},
    {WEB_GET, "/me/notifications/{id}", web_page_notice_go, WEB_ANY_USER, 0, web_p_notice_id, "follow a notification's link (marks it read)", NULL, NULL},
    {WEB_GET, "/unsubscribe", web_page_unsubscribe, 0, 0, web_p_unsubscribe, "one-click unsubscribe from a mail's signed link (no sign-in)", NULL, NULL},
    {WEB_GET, "/me/searches", web_page_searches, WEB_ANY_USER, 0, NULL, "my saved searches", NULL, NULL},
    {WEB_POST, "/me/searches", web_page_search_save_post, WEB_ANY_USER, FORM, p_search_save, "save a search (its new results as a daily or weekly digest)", NULL, NULL},
    {WEB_GET, "/me/searches/{sid}/delete", web_page_search_delete, WEB_ANY_USER, 0, p_sid, "confirm deleting a saved search", NULL, NULL},
    {WEB_POST, "/me/searches/{sid}/delete", web_page_search_delete_post, WEB_ANY_USER, FORM, p_sid, "delete a saved search", NULL, NULL},
    {WEB_GET, "/me/follows", web_page_follows, FOLLOWERS, 0, NULL, "the chains and zones I follow (investors)", NULL, NULL},
    {WEB_POST, "/me/follows", web_page_follow_post, FOLLOWERS, FORM, p_follow_form, "follow a chain or zone", NULL, NULL},
    {WEB_GET, "/me/follows/delete", web_page_follow_delete, FOLLOWERS, 0, p_follow_query, "confirm unfollowing", NULL, NULL},
    {WEB_POST, "/me/follows/delete", web_page_follow_delete_post, FOLLOWERS, FORM, p_follow_form, "unfollow a chain or zone", NULL, NULL},
    {WEB_GET, "/projects", web_page_projects, WEB_ANY_USER, 0, NULL, "the projects I take part in (staff: all)", NULL, NULL},
    {WEB_POST, "/projects/new", web_page_project_new_post, WEB_ANY_USER, FORM | WEB_F_STAFF, p_project_new, "register a project both sides agreed on, from a match (staff; the parties propose one from an accepted interest)", NULL, NULL},
    {WEB_GET, "/projects/{id}", web_page_project, WEB_ANY_USER, WEB_F_PARTY, p_id, "one project: stages, history, advance form (parties and staff)", NULL, NULL},
    {WEB_POST, "/projects/{id}/advance", web_page_project_advance_post, WEB_ANY_USER, FORM | WEB_F_PARTY, p_advance, "move a project to its next stage (or stop it)", NULL, NULL},
    {WEB_GET, "/me/interests", web_page_interests, WEB_ANY_USER, 0, NULL, "my interests (有意向), sent and received", NULL, NULL},
    {WEB_POST, "/interests", web_page_interest_new_post, WEB_ANY_USER, FORM, web_p_interest_new, "express interest in a record (with a message)", NULL, NULL},
    {WEB_GET, "/interests/{id}", web_page_interest, WEB_ANY_USER, WEB_F_PARTY, web_p_interest_id, "one interest: its thread, contacts once accepted, answers (either side)", NULL, NULL},
    {WEB_POST, "/interests/{id}/accept", web_page_interest_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_interest_id, "accept an interest (the receiving side)", NULL, NULL},
    {WEB_POST, "/interests/{id}/decline", web_page_interest_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_interest_decline, "decline an interest with a reason (the receiving side)", NULL, NULL},
    {WEB_POST, "/interests/{id}/messages", web_page_interest_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_interest_message, "add a message to an interest's thread", NULL, NULL},
    {WEB_POST, "/interests/{id}/propose", web_page_interest_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_interest_id, "propose a project from an accepted interest", NULL, NULL},
    {WEB_POST, "/interests/{id}/confirm", web_page_interest_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_interest_id, "confirm the other side's project proposal (starts the project)", NULL, NULL},
    {WEB_POST, "/dismissals", web_page_dismiss_post, ORG_MEMBERS, FORM, web_p_dismiss, "mark a suggested record 不合适 with a reason (never suggested to the org again)", NULL, NULL},
    {WEB_POST, "/dismissals/undo", web_page_undismiss_post, ORG_MEMBERS, FORM, web_p_undismiss, "take a dismissal back", NULL, NULL},
    /* invitations to advise (web/advice_web.h: page_advice.c; rules in src/advice) */
    {WEB_GET, "/me/advice", web_page_advice, WEB_ANY_USER, 0, NULL, "invitations to advise (咨询邀请), received and sent", NULL, NULL},
    {WEB_POST, "/demands/{id}/advice", web_page_advice_invite_post, WEB_ANY_USER, FORM | WEB_F_OWNER, web_p_advice_invite, "invite a suggested expert to advise on a demand (its org, its technology managers, staff)", NULL, NULL},
    {WEB_POST, "/advice/{id}/accept", web_page_advice_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_advice_id, "accept an invitation to advise (the expert's own account)", NULL, NULL},
    {WEB_POST, "/advice/{id}/decline", web_page_advice_act_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_advice_decline, "decline an invitation to advise with a reason (the expert's own account)", NULL, NULL},
    {WEB_POST, "/admin/accounts/{login}/person", web_page_account_person_post, STAFF, FORM, web_p_account_person, "link an account to the person it is, picked by name (empty: unlink)", NULL, NULL},
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
    {WEB_GET, "/orgs/{id}/invite", web_page_org_invite, WEB_ANY_USER, WEB_F_ORG_ADMIN, web_p_org_invite, "invitation form (staff, the org's admin account)", NULL, NULL},
    {WEB_POST, "/orgs/{id}/invite", web_page_org_invite_post, WEB_ANY_USER, FORM | WEB_F_ORG_ADMIN, web_p_org_invite, "invite a person by e-mail into the org", NULL, NULL},
    /* technology managers (web/managers.h: page_managers.c; rules in src/interest) */
    {WEB_POST, "/orgs/{id}/managers", web_page_org_manager_grant_post, WEB_ANY_USER, FORM | WEB_F_ORG_ADMIN, web_p_org_managers, "authorise an account as the org's technology manager (staff, the org's admin account)", NULL, NULL},
    {WEB_GET, "/orgs/{id}/managers/revoke", web_page_org_manager_revoke, WEB_ANY_USER, WEB_F_ORG_ADMIN, web_p_org_manager_confirm, "confirm revoking a technology manager", NULL, NULL},
    {WEB_POST, "/orgs/{id}/managers/revoke", web_page_org_manager_revoke_post, WEB_ANY_USER, FORM | WEB_F_ORG_ADMIN, web_p_org_managers, "revoke a technology manager's authorisation", NULL, NULL},
    {WEB_GET, "/invite/{token}", web_page_invite, 0, 0, web_p_invite, "an invitation link: the form to set up the account", NULL, NULL},
    {WEB_POST, "/invite/{token}", web_page_invite_post, 0, FORM, web_p_invite_post, "use an invitation: create the account", NULL, NULL},
    /* events (web/events.h: page_event*.c); staff-only actions are refused by src/event */
    {WEB_GET, "/events", web_page_events, 0, 0, web_p_event_list, "matchmaking events: upcoming, past, by type", NULL, NULL},
    {WEB_GET, "/events/new", web_page_event_form, WEB_ANY_USER, WEB_F_STAFF, NULL, "new event form (staff)", NULL, NULL},
    {WEB_POST, "/events/new", web_page_event_form_post, WEB_ANY_USER, FORM | WEB_F_STAFF, web_p_event_new, "create an event (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}", web_page_event, 0, 0, web_p_event_page, "one event; signed in: registration, suggestions, requests, agenda", NULL, NULL},
    {WEB_GET, "/events/{id}/edit", web_page_event_form, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "edit form (staff)", NULL, NULL},
    {WEB_POST, "/events/{id}/edit", web_page_event_form_post, WEB_ANY_USER, FORM | WEB_F_STAFF, web_p_event_edit, "save an event (staff)", NULL, NULL},
    {WEB_POST, "/events/{id}/register", web_page_event_register_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_reg, "register (or update availability)", NULL, NULL},
    {WEB_POST, "/events/{id}/unregister", web_page_event_unregister_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_unreg, "withdraw a registration", NULL, NULL},
    {WEB_POST, "/events/{id}/requests", web_page_event_request_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_req, "send a meeting request", NULL, NULL},
    {WEB_POST, "/events/{id}/accept", web_page_event_accept_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_answer, "accept a meeting request", NULL, NULL},
    {WEB_GET, "/events/{id}/decline", web_page_event_answer_confirm, WEB_ANY_USER, WEB_F_PARTY, web_p_event_answer_q, "confirm declining a meeting request", NULL, NULL},
    {WEB_GET, "/events/{id}/cancel", web_page_event_answer_confirm, WEB_ANY_USER, WEB_F_PARTY, web_p_event_answer_q, "confirm cancelling a meeting request or meeting", NULL, NULL},
    {WEB_POST, "/events/{id}/decline", web_page_event_decline_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_answer, "decline a meeting request", NULL, NULL},
    {WEB_POST, "/events/{id}/cancel", web_page_event_cancel_post, WEB_ANY_USER, FORM | WEB_F_PARTY, web_p_event_answer, "cancel a meeting request or meeting", NULL, NULL},
    {WEB_POST, "/events/{id}/timetable", web_page_event_plan_post, WEB_ANY_USER, FORM | WEB_F_STAFF, web_p_event_plan, "build the timetable (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/timetable", web_page_event_timetable, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "the last timetable written, with the meetings left out and why (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/grid", web_page_event_grid, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "slots x tables grid (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/grid.csv", web_page_event_grid_csv, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "the grid as CSV (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/meetings.csv", web_page_event_meetings_csv, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "the meeting list as CSV (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/export.xlsx", web_page_event_xlsx, WEB_ANY_USER, WEB_F_STAFF, web_p_event_id, "grid and meeting list as XLSX (staff)", NULL, NULL},
    {WEB_GET, "/events/{id}/agenda", web_page_event_agenda, WEB_ANY_USER, WEB_F_PARTY, web_p_event_agenda, "a participant's printable agenda", NULL, NULL},
    {WEB_GET, "/events/{id}/agenda.ics", web_page_event_ics, WEB_ANY_USER, WEB_F_PARTY, web_p_event_agenda, "a participant's agenda as iCalendar", NULL, NULL},
    {WEB_GET, "/zh", web_page_zh, 0, 0, p_zh, "简/繁 switch: remembers the choice in a cookie", NULL, NULL},
    {WEB_GET, "/static/*", web_static, 0, WEB_F_RAW, NULL, "style sheet and other static files", NULL, NULL},

    /* JSON API */
    {WEB_GET, "/healthz", web_healthz, 0, API, NULL, "health check: 200 when this node can serve, 503 when its store does not answer", NULL, "Health"},
    {WEB_GET, "/api/v1/openapi.json", web_api_openapi, 0, API, NULL, "this document", NULL, NULL},
    {WEB_GET, "/api/v1/stats", web_api_stats, STAFF, API, p_api_stats, "the programme's figures (as qiao stats --format json)", NULL, NULL},
    {WEB_GET, "/api/v1/me", web_api_me, WEB_ANY_USER, API, NULL, "the signed-in account", NULL, "Me"},
    {WEB_GET, "/api/v1/me/notifications", web_api_notices, WEB_ANY_USER, API, web_p_api_notices, "my notifications, newest first", NULL, "NoticeList"},
    {WEB_POST, "/api/v1/me/notifications/read", web_api_notices_read, WEB_ANY_USER, APIJ, NULL, "mark one notification ({\"id\": N}) or all ({}) read", "NoticesRead", "UnreadCount"},
    {WEB_GET, "/api/v1/achievements", web_api_list, 0, API, p_ach_list, "list achievements", NULL, "AchievementList"},
    {WEB_POST, "/api/v1/achievements", web_api_create, ACH_EDITORS, APIJ | WEB_F_OWNER, NULL, "create an achievement", "Achievement", "Achievement"},
    {WEB_GET, "/api/v1/achievements/{id}", web_api_get, 0, API, p_id, "get an achievement", NULL, "Achievement"},
    {WEB_PUT, "/api/v1/achievements/{id}", web_api_update, ACH_EDITORS, APIJ | WEB_F_OWNER, p_id, "replace an achievement", "Achievement", "Achievement"},
    {WEB_POST, "/api/v1/achievements/{id}/withdraw", web_api_status, ACH_EDITORS, APIJ | WEB_F_OWNER, p_id, "withdraw an achievement", NULL, "Achievement"},
    {WEB_GET, "/api/v1/achievements/{id}/matches", web_api_matches, 0, API, p_matches, "the demands that best match an achievement, with reasons", NULL, "Matches"},
    {WEB_GET, "/api/v1/demands", web_api_list, 0, API, p_dem_list, "list demands", NULL, "DemandList"},
    {WEB_POST, "/api/v1/demands", web_api_create, DEM_EDITORS, APIJ | WEB_F_OWNER, NULL, "create a demand", "Demand", "Demand"},
    {WEB_GET, "/api/v1/demands/{id}", web_api_get, 0, API, p_id, "get a demand", NULL, "Demand"},
    {WEB_PUT, "/api/v1/demands/{id}", web_api_update, DEM_EDITORS, APIJ | WEB_F_OWNER, p_id, "replace a demand", "Demand", "Demand"},
    {WEB_POST, "/api/v1/demands/{id}/close", web_api_status, DEM_EDITORS, APIJ | WEB_F_OWNER, p_id, "close a demand", NULL, "Demand"},
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
    {WEB_POST, "/api/v1/events", web_api_event_create, WEB_ANY_USER, APIJ | WEB_F_STAFF, NULL, "create an event (staff)", "Event", "Event"},
    {WEB_GET, "/api/v1/events/{id}", web_api_event_get, 0, API, web_p_event_id, "get an event with its registration counts", NULL, "Event"},
    {WEB_PATCH, "/api/v1/events/{id}", web_api_event_edit, WEB_ANY_USER, APIJ | WEB_F_STAFF, web_p_event_id, "change fields of an event (staff; null removes)", "EventChanges", "Event"},
    {WEB_POST, "/api/v1/events/{id}/registrations", web_api_event_register, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_event_id, "register a person or org (or update availability)", "RegistrationIn", "Registration"},
    {WEB_DELETE, "/api/v1/events/{id}/registrations/{who}", web_api_event_unregister, WEB_ANY_USER, API | WEB_F_PARTY, web_p_api_unreg, "withdraw a registration", NULL, "Withdrawal"},
    {WEB_GET, "/api/v1/events/{id}/requests", web_api_event_requests, WEB_ANY_USER, API | WEB_F_PARTY, web_p_api_event_who, "meeting requests of a party (staff: all)", NULL, "MeetingRequestList"},
    {WEB_POST, "/api/v1/events/{id}/requests", web_api_event_request, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_event_id, "send a meeting request", "MeetingRequestIn", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/accept", web_api_event_answer, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_event_id, "accept a meeting request (the invited party)", "Answer", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/decline", web_api_event_answer, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_event_id, "decline a meeting request (the invited party)", "Answer", "MeetingRequest"},
    {WEB_POST, "/api/v1/events/{id}/requests/cancel", web_api_event_answer, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_event_id, "cancel a meeting request or meeting (either party)", "Answer", "MeetingRequest"},
    {WEB_GET, "/api/v1/events/{id}/suggestions", web_api_event_suggest, WEB_ANY_USER, API | WEB_F_PARTY, web_p_api_suggest, "whom to meet, with reasons", NULL, "Suggestions"},
    {WEB_POST, "/api/v1/events/{id}/timetable", web_api_event_timetable, WEB_ANY_USER, APIJ | WEB_F_STAFF, web_p_event_id, "build (and write) the timetable (staff)", "TimetableIn", "Timetable"},
    {WEB_GET, "/api/v1/events/{id}/grid", web_api_event_grid, WEB_ANY_USER, API | WEB_F_STAFF, web_p_event_id, "the slots x tables grid (staff)", NULL, "Grid"},
    {WEB_GET, "/api/v1/events/{id}/agenda", web_api_event_agenda, WEB_ANY_USER, API | WEB_F_PARTY, web_p_api_agenda, "a participant's agenda (json, ics or text)", NULL, "Agenda"},
    {WEB_GET, "/api/v1/interests", web_api_interests, WEB_ANY_USER, API, NULL, "the interests of my side (sent and received; staff: all)", NULL, NULL},
    {WEB_POST, "/api/v1/interests", web_api_interest_new, WEB_ANY_USER, APIJ, NULL, "express interest: {kind, target, via?, message}", NULL, NULL},
    {WEB_GET, "/api/v1/interests/{id}", web_api_interest_get, WEB_ANY_USER, API | WEB_F_PARTY, web_p_interest_id, "one interest with its messages (and contacts once accepted)", NULL, NULL},
    {WEB_POST, "/api/v1/interests/{id}/accept", web_api_interest_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_interest_id, "accept (the receiving side)", NULL, NULL},
    {WEB_POST, "/api/v1/interests/{id}/decline", web_api_interest_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_interest_id, "decline: {reason} (the receiving side)", NULL, NULL},
    {WEB_POST, "/api/v1/interests/{id}/messages", web_api_interest_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_interest_id, "add a message: {body}", NULL, NULL},
    {WEB_POST, "/api/v1/interests/{id}/propose", web_api_interest_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_interest_id, "propose a project from an accepted interest", NULL, NULL},
    {WEB_POST, "/api/v1/interests/{id}/confirm", web_api_interest_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_interest_id, "confirm the other side's project proposal", NULL, NULL},
    {WEB_POST, "/api/v1/dismissals", web_api_dismiss, ORG_MEMBERS, APIJ, NULL, "mark a suggested record 不合适: {kind, target, via?, reason, note?}", NULL, NULL},
    {WEB_POST, "/api/v1/dismissals/undo", web_api_undismiss, ORG_MEMBERS, APIJ, NULL, "take a dismissal back: {kind, target}", NULL, NULL},
    {WEB_GET, "/api/v1/me/advice", web_api_advice_list, WEB_ANY_USER, API, NULL, "invitations to advise: received (my person's), sent (my side's); staff: all", NULL, NULL},
    {WEB_POST, "/api/v1/demands/{id}/advice", web_api_advice_invite, WEB_ANY_USER, APIJ | WEB_F_OWNER, p_id, "invite an expert to advise: {person, message} (the demand's side, staff)", NULL, NULL},
    {WEB_POST, "/api/v1/advice/{id}/accept", web_api_advice_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_advice_id, "accept an invitation to advise (the expert's own account)", NULL, NULL},
    {WEB_POST, "/api/v1/advice/{id}/decline", web_api_advice_act, WEB_ANY_USER, APIJ | WEB_F_PARTY, web_p_advice_id, "decline: {reason} (the expert's own account)", NULL, NULL},
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
    cfg->finish = web_app_finish;
}
