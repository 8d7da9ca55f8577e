/* web/pages.h — helpers shared by the page_*.c files (internal). Every piece
 * of user data goes through web/html.h's escaper of its context. */
#ifndef QIAO_WEB_PAGES_H
#define QIAO_WEB_PAGES_H

#include "core/label.h"
#include "web/app.h"
#include "web/html.h"

/* Chinese label of a field / enum value, or the name itself. */
const char *web_label(model_kind k, const char *field);
const char *web_value_label(const char *value);
/* The status of record doc of kind k as people read it: web_value_label of
 * its status (the default when absent), but 已截止 for a demand closed after
 * its deadline passed (src/alert closes those). */
const char *web_status_text(model_kind k, const json_t *doc);
/* "成果" / "需求" */
const char *web_kind_label(model_kind k);
/* The kind of a page route ("/achievements..." or "/demands..."). */
model_kind web_page_kind(web_req *rq);
/* Appends a field's value as HTML text (lists joined by 、, ip described). */
void web_html_value(buf *b, const json_t *v);
/* The org's name, or its id when unknown. Caller frees. */
char *web_org_name(web_req *rq, const char *org);
/* Form helpers: the messages of errs about `field` (errors name
 * "keywords[2]", "ip.status") as <span class=field-error id=err-FIELD>, and a
 * field's value for an input's value attribute (lists joined by 、). */
void web_field_errors(buf *b, const model_errors *errs, const char *field);
void web_form_value(buf *b, const json_t *v);
/* form_input.c — records picked by name: a <datalist id=list_id> of the
 * names of every record of the kinds (bits 1u << model_kind: an org's or
 * person's name, an event's title); web_pick_resolve turns the name a form
 * sent into the id (an exact id is taken too): 0, or QIAO_EINVAL with *code
 * "name_unknown" or "name_ambiguous" (catalogue rules). web_record_name: the name of a record
 * (its id when unknown; caller frees). web_show_amount: "30 万元";
 * web_show_when: "2027年1月15日 09:00" (Beijing), as HTML text. */
void web_pick_datalist(web_req *rq, buf *b, unsigned kinds, const char *list_id);
int web_pick_resolve(web_req *rq, unsigned kinds, const char *text, char out[MODEL_KEY_MAX],
                     const char **code);
char *web_record_name(web_req *rq, model_kind k, const char *id);
void web_show_amount(buf *b, long long yuan);
void web_show_when(buf *b, const char *iso);
/* <input type=hidden name=_csrf ...> */
void web_csrf_input(web_req *rq, web_resp *rs);

/* match_html.c: r's best `top` matches of kind target, with their reasons
 * (and a "start a project" button where the visitor may), under a heading
 * of the given level; nothing without an index. Returns how many. */
int web_matches_html(web_req *rq, web_resp *rs, const model_record *r, model_kind target,
                     size_t top, const char *heading, int level);
/* true when the signed-in user is staff or an account of either side of the
 * match of an achievement of ach_org and a demand of dem_org (sees the link
 * to the match's project). */
bool web_is_match_party(const web_req *rq, const char *ach_org, const char *dem_org);
/* Whether the signed-in account may register a project directly from a
 * match (POST /projects/new): staff only, through a session. The parties
 * themselves propose from an accepted interest (interest_propose). */
bool web_may_register_project(const web_req *rq);
/* Chinese label of an org type, a person role, a project stage. */
const char *web_org_type_label(const char *type);
const char *web_role_label(const char *role);
const char *web_stage_label(const char *stage);
/* "<a href="/orgs/ID">name</a>" for an org id, or "/people/ID" for a person
 * id (parties may be either); the id as text when it names neither. */
void web_party_link(web_req *rq, buf *b, const char *id);
/* Appends s cut to max_chars characters (… when cut), as HTML text. */
void web_html_excerpt(buf *b, const char *s, size_t max_chars);
/* A list's count: "共 N 条" when exact, "N 条以上" when a search stopped
 * early (unit "条", "个"; suffix: trusted HTML after it). */
void web_list_count(buf *b, const web_list *l, const char *unit, const char *suffix);
/* The pager of a list page (nothing when there is one page): 上一页, "第 P / N
 * 页" (or "第 P 页" when the total is a lower bound), 下一页 when there is a
 * next page — for a search, only within WEB_SEARCH_WINDOW, else a hint to
 * refine the query. Links keep q (escaped). */
void web_list_pager(buf *b, const char *base, const char *q, long page, long per,
                    const web_list *l);
/* The same, the links keeping `state` (HTML-escaped "&amp;name=value..."). */
void web_list_pager_state(buf *b, const char *base, const char *state, long page, long per,
                          const web_list *l);
/* page_facets.c: the parameters of a list page that its links keep (search
 * text, filters, sort), as "&amp;name=value..." (URL-encoded, HTML-escaped),
 * leaving out `skip` (NULL: none). */
void web_list_state(buf *out, web_req *rq, const char *skip);
/* The facets block of a list page: a <details> element (open when a filter
 * is chosen) holding a GET form, one select per facet with each value's
 * count, then the sort links. Works without JavaScript. */
void web_facets_block(buf *b, web_req *rq, const char *base, const web_facets *fs,
                      model_kind k);
/* format.c: a count with thousands separators (1,234); a sum of money in
 * 元 below 10,000, else 万元 or 亿元 with at most two decimals (30 万元). */
void web_fmt_count(buf *b, int64_t n);
void web_fmt_yuan(buf *b, int64_t yuan);
/* page_home.c: the latest achievements and demands and the upcoming events
 * (the latest past ones when none is upcoming), as home page sections. */
int web_home_lists(web_req *rq, buf *b, qiao_err *e);
/* The line under a search box: the link to /help/search. */
void web_search_help_link(buf *b);
/* The answer to a page past a search's window (web_list_records' QIAO_EINVAL
 * naming "page"): 400 and a paragraph saying to refine the query. */
void web_search_window_error(web_resp *rs);
/* page_searches.c: the 保存此搜索 form of a list page (signed in, with words
 * or filters; nothing otherwise). */
void web_save_search_form(web_req *rq, web_resp *rs, model_kind k, const char *q,
                          const char *chain, const char *zone);
/* page_orgs.c: the list page of orgs or people (search box, count, pager). */
void web_people_list_page(web_req *rq, web_resp *rs, model_kind k);
/* One person as a list item: name, title, and contacts when the document
 * has them (web_public_doc removed them for those who may not see them). */
void web_person_item(web_req *rq, buf *b, const json_t *d);
/* page_project.c: true when the signed-in user's org is a party of the
 * project (directly or through a person of the org). */
bool web_is_party(web_req *rq, const json_t *project);
/* The projects the visitor may see (staff: all; else those they are a party
 * of) as a JSON array of project documents; caller decrefs. */
int web_projects_visible(web_req *rq, json_t **out, qiao_err *e);
/* true (and its id in out) when a project of this achievement and demand exists. */
bool web_project_of_pair(web_req *rq, const char *ach, const char *dem, char out[MODEL_KEY_MAX]);
/* One project as a list item (title, stage, parties). */
void web_project_item(web_req *rq, buf *b, const json_t *p);
/* project_text.c — a project as people read it. web_project_title: its title
 * as HTML text (the project's title, else its achievement's or demand's,
 * its agreement, or its parties' names; never its id); web_project_title_of:
 * the same for a project id. web_show_minute: "2026年12月7日 14:00" from a
 * stored Beijing time ("2026-12-07T14:00:05+08:00"). web_history_note: a
 * history note in Chinese (English notes of earlier code mapped, ids as
 * names), as HTML text. */
void web_project_title(web_req *rq, buf *b, const json_t *doc);
void web_project_title_of(web_req *rq, buf *b, const char *id);
void web_show_minute(buf *b, const char *iso);
void web_history_note(web_req *rq, buf *b, const char *note);
/* page_stats.c: the public summary of the programme's figures (home page).
 * On failure (logged) nothing is written and it returns the error. */
int web_stats_summary(web_req *rq, web_resp *rs);
/* mark.c: text (len bytes) as HTML text with each occurrence of one of the
 * words inside <mark>, compared normalised (script, width, case). */
void web_html_marked(buf *b, const char *s, size_t len, const char *const *words, size_t n);
/* The words of a search-box query to mark in its results: each word
 * (quotes dropped; exclusions and filters left out) and the whole words in
 * it. *out owned by the caller: web_words_free. */
size_t web_query_words(const char *q, char ***out);
void web_words_free(char **v, size_t n);
/* page_zh.c: the labels of a download (CSV, XLSX, ICS headers, sheet names;
 * core/label.h) as the visitor reads the pages: converted to 繁體 (OpenCC
 * s2t) when the 繁 switch is on, NULL (as written) otherwise; lives as long
 * as the request. Records' text in a download is never converted. */
const qiao_labels *web_export_labels(web_req *rq);
/* Content-Disposition: attachment with the ASCII file name and the Chinese
 * one (utf8, converted as the labels are). */
void web_attachment(web_req *rq, web_resp *rs, const char *ascii, const char *utf8);

#endif
