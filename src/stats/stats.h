/* stats/stats.h — the programme's figures, computed from the store.
 *
 * Every figure has one definition, written in docs/stats.md; this module is
 * the only place that implements them, for the CLI (`qiao stats`) and the web
 * dashboard alike:
 *
 *   stats_filter f;
 *   stats_filter_init(&f);
 *   stats_filter_set(&f, "2023-03-01", "2023-03-31", NULL, "集成电路", &e);
 *   stats st;
 *   if (stats_compute(store, ix_or_NULL, &f, &st, &e) < 0) ...
 *   buf b = {0};
 *   stats_render_json(&st, &b);          // or _text, _csv; stats_write_xlsx(&st, path, &e)
 *   stats_free(&st);
 *
 * Filters: from/to bound each figure's own date (inclusive, Beijing calendar
 * days); zone and chain keep the records tagged with them (a record without
 * its own zone or chains takes its org's; events take their organisers';
 * projects take those of their achievement and demand, else their event,
 * else their parties). A record with no zone (or no chain) at all is left out
 * when that filter is given and counted under "" in the breakdowns.
 *
 * Ownership: stats_compute fills *out; stats_free releases it. Nothing is
 * kept between calls. Threads: reentrant; the store handle (and the match
 * index, read only) are used by the calling thread during the call.
 */
#ifndef QIAO_STATS_STATS_H
#define QIAO_STATS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/label.h"
#include "store/store.h"

struct match_index;

/* org.type in DATA.md order: university, institute, platform, team,
 * enterprise, investor, service, government, park. */
#define STATS_NORG_TYPES 9
/* event.type: release, park_visit, salon, school_enterprise, roadshow, other. */
#define STATS_NEVENT_TYPES 6
const char *stats_org_type_name(int i);
const char *stats_event_type_name(int i);

/* The funnel, in order. */
enum { STATS_F_SUGGESTIONS, STATS_F_MEETING_REQUESTS, STATS_F_ACCEPTED, STATS_F_PROJECTS,
       STATS_F_SIGNED, STATS_NFUNNEL };
const char *stats_funnel_name(int i);

/* From a match to a conversation (src/interest): interests sent in the
 * period, those accepted, those that became a project, and those projects
 * that reached signed. */
enum { STATS_I_INTERESTS, STATS_I_ACCEPTED, STATS_I_PROJECTS, STATS_I_SIGNED, STATS_NIFUNNEL };
const char *stats_interest_stage_name(int i);
/* 不合适 reasons counted (interest_reasons() order). */
#define STATS_NDISMISS 6

/* How many achievements per open demand the funnel counts as suggestions:
 * what `qiao match` shows by default. */
#define STATS_SUGGEST_TOP 10

typedef struct stats_filter {
    char from[11], to[11];   /* "YYYY-MM-DD", "" = open */
    char zone[256];          /* "" = every zone */
    char chain[256];         /* "" = every chain */
    int64_t now;             /* the moment "held" is judged against; 0 = now */
} stats_filter;

void stats_filter_init(stats_filter *f);
/* Checks and sets the filter (NULL or "" leaves a field open). from and to
 * are dates (2023-03-01); from must not be after to. QIAO_EINVAL otherwise,
 * naming the option. */
int stats_filter_set(stats_filter *f, const char *from, const char *to, const char *zone,
                     const char *chain, qiao_err *e);

typedef struct stats_month {
    char month[8];           /* "2023-03" */
    int64_t achievements, demands, events, signed_projects;
} stats_month;

typedef struct stats_slice {
    char *name;              /* owned; the chain or zone, "" for records without one */
    int64_t achievements, demands, events, projects_started, projects_signed, contract_amount;
} stats_slice;

/* A technology manager's brokered projects (the projects' `brokers`). */
typedef struct stats_broker {
    char *login;             /* owned */
    char *name;              /* owned; the account's name, "" when none or unknown */
    int64_t projects_started, projects_signed;
} stats_broker;

typedef struct stats {
    stats_filter filter;
    char generated[32];      /* when computed, Beijing time */
    int64_t orgs_total, orgs_by_type[STATS_NORG_TYPES];
    int64_t external_universities;
    int64_t achievements_published, achievements_transferred;
    int64_t demands_published, demands_met;
    int64_t events_held, events_by_type[STATS_NEVENT_TYPES];
    int64_t participant_enterprises, participant_experts;
    int64_t meetings_held;
    int64_t projects_started, projects_signed, contract_amount;
    int64_t companies_founded_by_researchers;
    int64_t matched_projects, matched_projects_signed;
    double match_to_signing_rate;   /* NAN when matched_projects is 0 */
    double median_days_to_sign;     /* NAN when there is no sample */
    int64_t days_to_sign_samples;
    int64_t funnel[STATS_NFUNNEL];  /* suggestions is -1 when not computed */
    int64_t interest_funnel[STATS_NIFUNNEL]; /* interests created in the period */
    int64_t dismissals[STATS_NDISMISS];      /* dismissals made in the period, per reason */
    stats_month *months;            /* owned, in order, every month of the span */
    size_t nmonths;
    stats_slice *by_chain, *by_zone;/* owned, by name; "" (none) last */
    size_t nchains, nzones;
    stats_broker *brokers;          /* owned, most projects first, then by login */
    size_t nbrokers;
} stats;

/* Computes every figure under filter f. ix: a match index over the same
 * store to count the funnel's suggestions, or NULL (suggestions -1). */
int stats_compute(store *s, struct match_index *ix, const stats_filter *f, stats *out,
                  qiao_err *e);
void stats_free(stats *st);

/* One JSON object (and a newline): {"filter":{..},"generated":..,"figures":{..},
 * "orgs_by_type":{..},"events_by_type":{..},"monthly":[..],"by_chain":[..],
 * "by_zone":[..],"funnel":{..},"interest_funnel":{..},"dismissals":{..},"brokers":[..]}; a
 * figure with no value (a rate without a
 * denominator) is null. */
void stats_render_json(const stats *st, buf *out);
/* The figures as aligned text for a terminal. */
void stats_render_text(const stats *st, buf *out);

/* The tables, as CSV and in the workbook. */
typedef enum stats_table {
    STATS_T_SUMMARY, STATS_T_ORGS, STATS_T_EVENTS, STATS_T_MONTHLY, STATS_T_CHAIN,
    STATS_T_ZONE, STATS_T_FUNNEL, STATS_T_INTERESTS, STATS_T_DISMISSALS, STATS_T_BROKERS,
    STATS_NTABLES
} stats_table;
const char *stats_table_name(int t);                 /* "summary", "orgs_by_type", ... */
/* Its Chinese name, as the /stats page and the XLSX sheet name it ("月度趋势"). */
const char *stats_table_label(int t);
int stats_table_parse(const char *name, int *t);     /* 0, or -1 for an unknown name */
/* CSV (RFC 4180, UTF-8 with a BOM, CRLF): one table, or all of them (t = -1)
 * one after another, each under a row holding its name and followed by an
 * empty row. */
void stats_render_csv(const stats *st, int t, buf *out);
/* The same with the tables' own words — headers, table names, figure and
 * stage names — passed through lb (core/label.h: 繁體 for the web's 繁
 * switch); the data (chains, zones, names) as stored. lb NULL: as above. */
void stats_render_csv_labeled(const stats *st, int t, const qiao_labels *lb, buf *out);
/* An .xlsx workbook with one sheet per table (libxlsxwriter), written to
 * path.tmp and renamed to path when complete. */
int stats_write_xlsx(const stats *st, const char *path, qiao_err *e);
/* The same with sheet names, headers and the tables' own words through lb. */
int stats_write_xlsx_labeled(const stats *st, const char *path, const qiao_labels *lb,
                             qiao_err *e);

#endif
