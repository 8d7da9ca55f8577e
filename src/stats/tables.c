/* stats/tables.c — the figures as tables (one model for CSV, XLSX and the
 * text report) and the JSON rendering. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interest/interest.h"
#include "core/csv.h"
#include "stats/tables.h"

static const char *const table_names[STATS_NTABLES] = {"summary", "orgs_by_type",
    "events_by_type", "monthly", "by_chain", "by_zone", "funnel", "interest_funnel", "dismissals", "brokers"};
static const char *const table_titles[STATS_NTABLES] = {"指标 figures", "机构类型 orgs by type",
    "活动类型 events by type", "月度趋势 monthly", "产业链 by chain", "知识经济圈 by zone",
    "转化漏斗 funnel", "合作意向漏斗 interest funnel", "不合适原因 dismissals",
    "技术经理人 brokers"};

/* As the /stats page names them (src/web/page_stats.c). */
static const char *const table_sheets[STATS_NTABLES] = {"主要指标", "单位类型", "活动类型",
    "月度趋势", "按产业链", "按知识经济圈", "转化漏斗", "合作意向", "不合适原因", "技术经理人"};

const char *st_table_sheet(int t)
{
    return t >= 0 && t < STATS_NTABLES ? table_sheets[t] : "?";
}

const char *stats_table_label(int t)
{
    return st_table_sheet(t);
}

int st_col_shown(const st_table *t, int i)
{
    return t->label[i] != NULL;
}

const char *st_people_text(const char *s)
{
    return s && strcmp(s, "(none)") == 0 ? "（无）" : s;
}

const char *stats_table_name(int t)
{
    return t >= 0 && t < STATS_NTABLES ? table_names[t] : "?";
}

const char *st_table_title(int t)
{
    return t >= 0 && t < STATS_NTABLES ? table_titles[t] : "?";
}

int stats_table_parse(const char *name, int *t)
{
    for (int i = 0; name && i < STATS_NTABLES; i++)
        if (strcmp(name, table_names[i]) == 0) {
            *t = i;
            return 0;
        }
    return -1;
}

/* The labels are the /stats page's (src/web/page_stats.c): a download says
 * what the page says. */
static const char *const org_labels[STATS_NORG_TYPES] = {"高校", "科研院所", "研究平台",
    "创新团队", "企业", "投资机构", "服务机构", "政府部门", "园区"};
static const char *const event_labels[STATS_NEVENT_TYPES] = {"成果发布会", "科学家进园区",
    "对接沙龙", "校企双进", "路演", "其他"};
static const char *const funnel_labels[STATS_NFUNNEL] = {"匹配推荐", "洽谈申请", "已接受的洽谈",
    "发起的项目", "签约的项目"};

/* The summary figures: key, label, and where the value is. */
typedef struct fig {
    const char *key, *label;
    size_t off;
    int real;
} fig;
#define I(k, l) {#k, l, offsetof(stats, k), 0}
#define R(k, l) {#k, l, offsetof(stats, k), 1}
static const fig figs[] = {
    I(orgs_total, "参与单位"),
    I(external_universities, "合作的外地高校院所"),
    I(achievements_published, "发布的科技成果"),
    I(achievements_transferred, "转化的科技成果"),
    I(demands_published, "发布的技术需求"),
    I(demands_met, "得到满足的需求"),
    I(events_held, "举办的对接活动"),
    I(participant_enterprises, "参会企业"),
    I(participant_experts, "参会专家"),
    I(meetings_held, "一对一洽谈"),
    I(projects_started, "发起的合作项目"),
    I(projects_signed, "签约的合作项目"),
    I(contract_amount, "合同金额（元）"),
    I(companies_founded_by_researchers, "科研人员创办的企业"),
    I(matched_projects, "来自匹配的项目"),
    I(matched_projects_signed, "其中已签约"),
    R(match_to_signing_rate, "匹配签约率"),
    R(median_days_to_sign, "签约用时中位数（天）"),
    I(days_to_sign_samples, "签约用时样本数"),
};
#undef I
#undef R

static void add_row(st_table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->rows = qiao_realloc(t->rows, t->cap * sizeof *t->rows);
    }
    memset(&t->rows[t->nrows++], 0, sizeof *t->rows);
}

static void cs(st_table *t, int col, const char *s)
{
    st_cell *c = &t->rows[t->nrows - 1].c[col];
    c->type = ST_STR;
    c->s = s;
}

/* A cell of the table's own words (a label, not data). */
static void cl(st_table *t, int col, const char *s)
{
    cs(t, col, s);
    t->rows[t->nrows - 1].c[col].label = 1;
}

static void ci(st_table *t, int col, int64_t n)
{
    st_cell *c = &t->rows[t->nrows - 1].c[col];
    c->type = ST_INT;
    c->i = n;
}

static void cr(st_table *t, int col, double d)
{
    st_cell *c = &t->rows[t->nrows - 1].c[col];
    c->type = isnan(d) ? ST_NULL : ST_REAL;
    c->d = d;
}

static void slices(st_table *t, const char *what, const stats_slice *v, size_t n)
{
    static const char *const h[] = {NULL, "achievements_published", "demands_published",
        "events_held", "projects_started", "projects_signed", "contract_amount"};
    static const char *const l[] = {NULL, "成果", "需求", "活动", "发起项目", "签约项目",
        "合同金额（元）"};
    t->ncols = 7;
    for (int i = 0; i < 7; i++) {
        t->head[i] = i ? h[i] : what;
        t->label[i] = i ? l[i] : !strcmp(what, "chain") ? "产业链" : "知识经济圈";
    }
    for (size_t i = 0; i < n; i++) {
        add_row(t);
        cs(t, 0, *v[i].name ? v[i].name : "(none)");
        ci(t, 1, v[i].achievements);
        ci(t, 2, v[i].demands);
        ci(t, 3, v[i].events);
        ci(t, 4, v[i].projects_started);
        ci(t, 5, v[i].projects_signed);
        ci(t, 6, v[i].contract_amount);
    }
}

void st_table_build(const stats *st, int which, st_table *t)
{
    memset(t, 0, sizeof *t);
    t->name = stats_table_name(which);
    switch (which) {
    case STATS_T_SUMMARY:
        t->ncols = 3;
        t->head[0] = "figure", t->head[1] = "指标", t->head[2] = "value";
        t->label[1] = "指标", t->label[2] = "数值";
        for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
            add_row(t);
            cs(t, 0, figs[i].key);
            cl(t, 1, figs[i].label);
            const char *p = (const char *)st + figs[i].off;
            if (figs[i].real)
                cr(t, 2, *(const double *)(const void *)p);
            else
                ci(t, 2, *(const int64_t *)(const void *)p);
        }
        break;
    case STATS_T_ORGS:
    case STATS_T_EVENTS: {
        int orgs = which == STATS_T_ORGS, n = orgs ? STATS_NORG_TYPES : STATS_NEVENT_TYPES;
        t->ncols = 3;
        t->head[0] = "type", t->head[1] = "类型", t->head[2] = "count";
        t->label[1] = orgs ? "单位类型" : "活动类型", t->label[2] = orgs ? "数量" : "已举办";
        for (int i = 0; i < n; i++) {
            add_row(t);
            cs(t, 0, orgs ? stats_org_type_name(i) : stats_event_type_name(i));
            cl(t, 1, orgs ? org_labels[i] : event_labels[i]);
            ci(t, 2, orgs ? st->orgs_by_type[i] : st->events_by_type[i]);
        }
        break;
    }
    case STATS_T_MONTHLY:
        t->ncols = 5;
        t->head[0] = "month", t->head[1] = "achievements_published";
        t->head[2] = "demands_published", t->head[3] = "events_held";
        t->head[4] = "projects_signed";
        t->label[0] = "月份", t->label[1] = "成果", t->label[2] = "需求", t->label[3] = "活动";
        t->label[4] = "签约项目";
        for (size_t i = 0; i < st->nmonths; i++) {
            add_row(t);
            cs(t, 0, st->months[i].month);
            ci(t, 1, st->months[i].achievements);
            ci(t, 2, st->months[i].demands);
            ci(t, 3, st->months[i].events);
            ci(t, 4, st->months[i].signed_projects);
        }
        break;
    case STATS_T_CHAIN:
        slices(t, "chain", st->by_chain, st->nchains);
        break;
    case STATS_T_ZONE:
        slices(t, "zone", st->by_zone, st->nzones);
        break;
    case STATS_T_INTERESTS: {
        static const char *const labels[STATS_NIFUNNEL] = {"发出的合作意向", "被接受",
                                                           "建立合作项目", "签约"};
        t->ncols = 3;
        t->head[0] = "stage", t->head[1] = "阶段", t->head[2] = "count";
        t->label[1] = "阶段", t->label[2] = "数量";
        for (int i = 0; i < STATS_NIFUNNEL; i++) {
            add_row(t);
            cs(t, 0, stats_interest_stage_name(i));
            cl(t, 1, labels[i]);
            ci(t, 2, st->interest_funnel[i]);
        }
        break;
    }
    case STATS_T_DISMISSALS: {
        size_t n;
        const interest_reason *rs = interest_reasons(&n);
        t->ncols = 3;
        t->head[0] = "reason", t->head[1] = "原因", t->head[2] = "count";
        t->label[1] = "原因", t->label[2] = "数量";
        for (size_t i = 0; i < n && i < STATS_NDISMISS; i++) {
            add_row(t);
            cs(t, 0, rs[i].code);
            cl(t, 1, rs[i].label);
            ci(t, 2, st->dismissals[i]);
        }
        break;
    }
    case STATS_T_BROKERS:
        t->ncols = 4;
        t->head[0] = "manager", t->head[1] = "姓名", t->head[2] = "projects",
        t->head[3] = "signed";
        t->label[0] = "账号", t->label[1] = "姓名", t->label[2] = "促成项目",
        t->label[3] = "其中已签约";
        for (size_t i = 0; i < st->nbrokers; i++) {
            add_row(t);
            cs(t, 0, st->brokers[i].login);
            cs(t, 1, st->brokers[i].name);
            ci(t, 2, st->brokers[i].projects_started);
            ci(t, 3, st->brokers[i].projects_signed);
        }
        break;
    case STATS_T_FUNNEL:
        t->ncols = 3;
        t->head[0] = "stage", t->head[1] = "阶段", t->head[2] = "count";
        t->label[1] = "阶段", t->label[2] = "数量";
        for (int i = 0; i < STATS_NFUNNEL; i++) {
            add_row(t);
            cs(t, 0, stats_funnel_name(i));
            cl(t, 1, funnel_labels[i]);
            if (st->funnel[i] < 0)
                t->rows[t->nrows - 1].c[2].type = ST_NULL;
            else
                ci(t, 2, st->funnel[i]);
        }
        break;
    }
}

void st_table_free(st_table *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* A real as short decimal text: at most 4 decimals, no trailing zeros. */
void st_real(double d, buf *out)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.4f", d);
    char *p = tmp + strlen(tmp);
    while (p > tmp && p[-1] == '0')
        *--p = '\0';
    if (p > tmp && p[-1] == '.')
        *--p = '\0';
    buf_puts(out, tmp);
}

void st_cell_text(const st_cell *c, buf *out)
{
    switch (c->type) {
    case ST_STR: buf_puts(out, c->s); break;
    case ST_INT: buf_printf(out, "%lld", (long long)c->i); break;
    case ST_REAL: st_real(c->d, out); break;
    default: break;
    }
}

static void csv_cell(const char *s, buf *out)
{
    csv_put_cell(out, s, strlen(s), CSV_FOR_PEOPLE);
}

void st_cell_people(const st_cell *c, const qiao_labels *lb, buf *out)
{
    buf cell = {0};
    st_cell_text(c, &cell);
    const char *s = st_people_text(buf_cstr(&cell));
    if (c->label || s != buf_cstr(&cell))
        qiao_label_put(lb, s, out);
    else
        buf_puts(out, s);
    buf_free(&cell);
}

static void csv_table(const st_table *t, const qiao_labels *lb, buf *out)
{
    buf cell = {0};
    int first = 1;
    for (int i = 0; i < t->ncols; i++) {
        if (!st_col_shown(t, i))
            continue;
        if (!first)
            buf_putc(out, ',');
        first = 0;
        buf_clear(&cell);
        qiao_label_put(lb, t->label[i], &cell);
        csv_cell(buf_cstr(&cell), out);
    }
    buf_puts(out, "\r\n");
    for (size_t r = 0; r < t->nrows; r++) {
        first = 1;
        for (int i = 0; i < t->ncols; i++) {
            if (!st_col_shown(t, i))
                continue;
            if (!first)
                buf_putc(out, ',');
            first = 0;
            buf_clear(&cell);
            st_cell_people(&t->rows[r].c[i], lb, &cell);
            csv_cell(buf_cstr(&cell), out);
        }
        buf_puts(out, "\r\n");
    }
    buf_free(&cell);
}

void stats_render_csv(const stats *st, int which, buf *out)
{
    stats_render_csv_labeled(st, which, NULL, out);
}

void stats_render_csv_labeled(const stats *st, int which, const qiao_labels *lb, buf *out)
{
    buf_puts(out, "\xEF\xBB\xBF");
    for (int t = 0; t < STATS_NTABLES; t++) {
        if (which >= 0 && t != which)
            continue;
        st_table tb;
        st_table_build(st, t, &tb);
        if (which < 0) {
            qiao_label_put(lb, st_table_sheet(t), out);
            buf_puts(out, "\r\n");
        }
        csv_table(&tb, lb, out);
        if (which < 0 && t + 1 < STATS_NTABLES)
            buf_puts(out, "\r\n");
        st_table_free(&tb);
    }
}

/* ---- JSON ---- */

static void jstr(buf *out, const char *s)
{
    json_t *v = json_string(s);
    model_json_dump(v, out);
    json_decref(v);
}

static void jval(buf *out, const st_cell *c)
{
    if (c->type == ST_STR)
        jstr(out, c->s);
    else if (c->type == ST_NULL)
        buf_puts(out, "null");
    else
        st_cell_text(c, out);
}

/* A table as an object {first column: last column} (keyed tables) or as an
 * array of objects (row tables). */
static void json_table(const stats *st, int which, int keyed, buf *out)
{
    st_table t;
    st_table_build(st, which, &t);
    buf_putc(out, keyed ? '{' : '[');
    for (size_t r = 0; r < t.nrows; r++) {
        if (r)
            buf_putc(out, ',');
        if (keyed) {
            jstr(out, t.rows[r].c[0].s);
            buf_putc(out, ':');
            jval(out, &t.rows[r].c[t.ncols - 1]);
            continue;
        }
        buf_putc(out, '{');
        for (int i = 0; i < t.ncols; i++) {
            if (i)
                buf_putc(out, ',');
            jstr(out, t.head[i]);
            buf_putc(out, ':');
            const st_cell *c = &t.rows[r].c[i];
            if (i == 0 && c->type == ST_STR && strcmp(c->s, "(none)") == 0)
                buf_puts(out, "\"\"");
            else
                jval(out, c);
        }
        buf_putc(out, '}');
    }
    buf_putc(out, keyed ? '}' : ']');
    st_table_free(&t);
}

void stats_render_json(const stats *st, buf *out)
{
    const stats_filter *f = &st->filter;
    buf_puts(out, "{\"filter\":{\"from\":");
    *f->from ? jstr(out, f->from) : buf_puts(out, "null");
    buf_puts(out, ",\"to\":");
    *f->to ? jstr(out, f->to) : buf_puts(out, "null");
    buf_puts(out, ",\"zone\":");
    *f->zone ? jstr(out, f->zone) : buf_puts(out, "null");
    buf_puts(out, ",\"chain\":");
    *f->chain ? jstr(out, f->chain) : buf_puts(out, "null");
    buf_puts(out, "},\"generated\":");
    jstr(out, st->generated);
    buf_puts(out, ",\"figures\":");
    json_table(st, STATS_T_SUMMARY, 1, out);
    buf_puts(out, ",\"orgs_by_type\":");
    json_table(st, STATS_T_ORGS, 1, out);
    buf_puts(out, ",\"events_by_type\":");
    json_table(st, STATS_T_EVENTS, 1, out);
    buf_puts(out, ",\"monthly\":");
    json_table(st, STATS_T_MONTHLY, 0, out);
    buf_puts(out, ",\"by_chain\":");
    json_table(st, STATS_T_CHAIN, 0, out);
    buf_puts(out, ",\"by_zone\":");
    json_table(st, STATS_T_ZONE, 0, out);
    buf_puts(out, ",\"funnel\":");
    json_table(st, STATS_T_FUNNEL, 1, out);
    buf_puts(out, ",\"interest_funnel\":");
    json_table(st, STATS_T_INTERESTS, 1, out);
    buf_puts(out, ",\"dismissals\":");
    json_table(st, STATS_T_DISMISSALS, 1, out);
    buf_puts(out, ",\"brokers\":");
    json_table(st, STATS_T_BROKERS, 0, out);
    buf_puts(out, "}\n");
}
