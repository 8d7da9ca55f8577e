/* web/page_stats.c — the programme's figures (src/stats, docs/stats.md) on
 * the web: GET /stats (staff: every figure with its definition, the filter
 * form, SVG charts, download links), GET /stats.csv?table=T and /stats.xlsx
 * (downloads of the same tables), GET /api/v1/stats (the JSON `qiao stats
 * --format json` prints, over the same store), and the public summary on
 * the home page. All of them use stats_compute: the CLI and the web cannot
 * disagree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interest/interest.h"
#include "model/input.h"
#include "stats/stats.h"
#include "web/pages.h"
#include "web/svg.h"

/* ---- computing ---- */

static const char *field_of(const char *opt)
{
    return opt && opt[0] == '-' && opt[1] == '-' ? opt + 2 : opt ? opt : "";
}

/* The filter from the query (from, to, zone, chain). QIAO_EINVAL with e's
 * field set to the parameter's name. */
static int read_filter(web_req *rq, stats_filter *f, qiao_err *e)
{
    stats_filter_init(f);
    int rc = stats_filter_set(f, web_param(rq, "from"), web_param(rq, "to"), web_param(rq, "zone"),
                              web_param(rq, "chain"), e);
    if (rc < 0) {
        char field[64];
        snprintf(field, sizeof field, "%s", field_of(e->field));
        snprintf(e->field, sizeof e->field, "%s", field);
    }
    return rc;
}

/* stats_compute with the server's match index (suggestions) when asked. */
static int compute(web_req *rq, const stats_filter *f, bool suggestions, stats *st, qiao_err *e)
{
    web_app *app = rq->cfg->app;
    bool use = suggestions && app && index_ready(app->idx);
    match_index *ix = use ? index_read(app->idx) : NULL;
    int rc = stats_compute(web_w(rq)->st, ix, f, st, e);
    if (use)
        index_read_end(app->idx);
    return rc;
}

/* "from=..&to=..&zone=..&chain=.." of the filter (URL-escaped; empty ones left out). */
static void filter_query(buf *b, const stats_filter *f)
{
    const char *names[] = {"from", "to", "zone", "chain"};
    const char *vals[] = {f->from, f->to, f->zone, f->chain};
    bool first = true;
    for (int i = 0; i < 4; i++) {
        if (!*vals[i])
            continue;
        buf_printf(b, "%s%s=", first ? "" : "&amp;", names[i]);
        web_url_arg(b, vals[i]);
        first = false;
    }
}

/* "数据截至 2026年12月7日 14:00（北京时间）" from the statistics' `generated`
 * (Beijing time, "2026-12-07T14:00:05"); the text as given when it is not one. */
static void as_of(buf *b, const char *generated)
{
    int y, mo, d, h, mi;
    buf_puts(b, "数据截至 ");
    if (sscanf(generated, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
        buf_printf(b, "%d年%d月%d日 %02d:%02d（北京时间）", y, mo, d, h, mi);
    else
        web_html_text(b, generated);
}

/* ---- the figures and their definitions (docs/stats.md) ---- */

typedef struct figure {
    const char *key, *label, *def;
} figure;

static const figure figures[] = {
    {"orgs_total", "参与单位", "登记的单位总数（不受日期筛选）"},
    {"external_universities", "合作的外地高校院所", "期间内参与项目或活动的外地高校、科研院所数"},
    {"achievements_published", "发布的科技成果", "状态为已发布、发布日期在期间内的成果"},
    {"achievements_transferred", "转化的科技成果", "期间内签约、且有转化方式的项目所涉及的不同成果"},
    {"demands_published", "发布的技术需求", "征集中或已关闭（非草稿）、发布日期在期间内的需求"},
    {"demands_met", "得到满足的需求", "期间内签约的项目所涉及的不同需求"},
    {"events_held", "举办的对接活动", "开始时间在期间内且不晚于现在的活动"},
    {"participant_enterprises", "参会企业", "报名已举办活动的不同企业（个人报名计入其所在企业）"},
    {"participant_experts", "参会专家", "报名已举办活动、角色为专家或科研人员的不同人员"},
    {"meetings_held", "一对一洽谈", "已举办活动中已接受并排定时段的洽谈申请"},
    {"projects_started", "发起的合作项目", "发起日期在期间内的项目"},
    {"projects_signed", "签约的合作项目", "签约日期在期间内、已达到签约阶段的项目"},
    {"contract_amount", "合同金额（元）", "上述签约项目的合同金额之和（未填按 0 计）"},
    {"companies_founded_by_researchers", "科研人员创办的企业", "创始人中有科研人员的企业，按成立日期筛选"},
    {"matched_projects", "来自匹配的项目", "期间内发起、同时关联成果和需求的项目"},
    {"matched_projects_signed", "其中已签约", "上述项目中已达到签约阶段的项目"},
    {"match_to_signing_rate", "匹配签约率", "来自匹配的项目中已签约的比例；没有此类项目时为空"},
    {"median_days_to_sign", "签约用时中位数（天）", "期间内签约的项目从发起到签约的天数的中位数"},
};

static double figure_value(const stats *st, const char *key, bool *none)
{
    *none = false;
    struct { const char *k; int64_t v; } ints[] = {
        {"orgs_total", st->orgs_total}, {"external_universities", st->external_universities},
        {"achievements_published", st->achievements_published},
        {"achievements_transferred", st->achievements_transferred},
        {"demands_published", st->demands_published}, {"demands_met", st->demands_met},
        {"events_held", st->events_held}, {"participant_enterprises", st->participant_enterprises},
        {"participant_experts", st->participant_experts}, {"meetings_held", st->meetings_held},
        {"projects_started", st->projects_started}, {"projects_signed", st->projects_signed},
        {"contract_amount", st->contract_amount},
        {"companies_founded_by_researchers", st->companies_founded_by_researchers},
        {"matched_projects", st->matched_projects},
        {"matched_projects_signed", st->matched_projects_signed},
    };
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        if (!strcmp(ints[i].k, key))
            return (double)ints[i].v;
    double v = !strcmp(key, "match_to_signing_rate") ? st->match_to_signing_rate
                                                     : st->median_days_to_sign;
    *none = v != v;
    return v;
}

static void figure_cell(buf *b, const stats *st, const char *key)
{
    bool none;
    double v = figure_value(st, key, &none);
    if (none)
        buf_puts(b, "—");
    else if (!strcmp(key, "match_to_signing_rate"))
        buf_printf(b, "%.1f%%", 100 * v);
    else if (!strcmp(key, "median_days_to_sign"))
        buf_printf(b, "%g", v);
    else
        buf_printf(b, "%.0f", v);
}

static const char *const org_types[STATS_NORG_TYPES] = {"高校", "科研院所", "研究平台", "创新团队", "企业",
                                                        "投资机构", "服务机构", "政府部门", "园区"};
static const char *const event_types[STATS_NEVENT_TYPES] = {"成果发布会", "科学家进园区", "对接沙龙",
                                                            "校企双进", "路演", "其他"};
static const char *const funnel_labels[STATS_NFUNNEL] = {"匹配推荐", "洽谈申请", "已接受的洽谈",
                                                         "发起的项目", "签约的项目"};

static void csv_link(buf *b, const stats_filter *f, const char *table, const char *text)
{
    buf_printf(b, "<a class=\"download\" href=\"/stats.csv?table=%s", table);
    if (*f->from || *f->to || *f->zone || *f->chain)
        buf_puts(b, "&amp;");
    filter_query(b, f);
    buf_printf(b, "\" download>%s</a>", text);
}

/* From a match to a conversation: the interest funnel and 不合适 per reason
 * (docs/stats.md). */
static void interest_section(buf *b, const stats *st, const stats_filter *f)
{
    static const char *const labels[STATS_NIFUNNEL] = {"发出的合作意向", "被接受", "建立合作项目",
                                                       "签约"};
    size_t n;
    const interest_reason *rs = interest_reasons(&n);
    buf_puts(b, "<section class=\"interest-stats\"><h2>合作意向与推荐反馈</h2>"
                "<table class=\"data\"><tbody>");
    for (int i = 0; i < STATS_NIFUNNEL; i++)
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr>", labels[i],
                   (long long)st->interest_funnel[i]);
    buf_puts(b, "</tbody></table>");
    csv_link(b, f, "interest_funnel", "下载 CSV");
    buf_puts(b, "<h3>标记为“不合适”的原因</h3><table class=\"data\"><tbody>");
    for (size_t i = 0; i < n && i < STATS_NDISMISS; i++)
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr>", rs[i].label,
                   (long long)st->dismissals[i]);
    buf_puts(b, "</tbody></table>");
    csv_link(b, f, "dismissals", "下载 CSV");
    buf_puts(b, "<p class=\"meta\">期间内发出的合作意向，及其中被接受、建立合作项目、项目签约的数量；"
                "期间内标记的“不合适”按原因计数（撤销的不计）。不按知识经济圈和产业链筛选。</p></section>");
}

/* Projects per technology manager (技术经理人): the projects started from an
 * interest the manager sent or accepted for an org (docs/stats.md). */
static void brokers_section(web_req *rq, buf *b, const stats *st, const stats_filter *f)
{
    (void)rq;
    buf_puts(b, "<section class=\"broker-stats\"><h2>技术经理人促成的合作项目</h2>");
    if (!st->nbrokers) {
        buf_puts(b, "<p class=\"empty\">期间内没有由技术经理人促成的合作项目。</p></section>");
        return;
    }
    buf_puts(b, "<table class=\"data\"><thead><tr><th scope=\"col\">技术经理人</th>"
                "<th scope=\"col\">建立合作项目</th><th scope=\"col\">签约</th></tr></thead><tbody>");
    for (size_t i = 0; i < st->nbrokers; i++) {
        buf_puts(b, "<tr><th scope=\"row\">");
        web_html_text(b, *st->brokers[i].name ? st->brokers[i].name : st->brokers[i].login);
        buf_printf(b, "</th><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                   (long long)st->brokers[i].projects_started,
                   (long long)st->brokers[i].projects_signed);
    }
    buf_puts(b, "</tbody></table>");
    csv_link(b, f, "brokers", "下载 CSV");
    buf_puts(b, "<p class=\"meta\">由技术经理人代表单位发出或接受的合作意向建立的项目，"
                "按项目建立和签约的日期计入期间。</p></section>");
}

/* The data table under a chart (<details> opens without JavaScript). */
static void breakdown_table(buf *b, const stats_slice *v, size_t n, const stats_filter *f,
                            const char *table, const char *what)
{
    buf_printf(b, "<details><summary>%s数据表</summary><table class=\"data\"><thead><tr>"
               "<th scope=\"col\">%s</th><th scope=\"col\">成果</th><th scope=\"col\">需求</th>"
               "<th scope=\"col\">活动</th><th scope=\"col\">发起项目</th><th scope=\"col\">签约项目</th>"
               "<th scope=\"col\">合同金额（元）</th></tr></thead><tbody>", what, what);
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<tr><th scope=\"row\">");
        web_html_text(b, *v[i].name ? v[i].name : "（无）");
        buf_printf(b, "</th><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
                   "<td>%lld</td></tr>", (long long)v[i].achievements, (long long)v[i].demands,
                   (long long)v[i].events, (long long)v[i].projects_started,
                   (long long)v[i].projects_signed, (long long)v[i].contract_amount);
    }
    buf_puts(b, "</tbody></table>");
    csv_link(b, f, table, "下载 CSV");
    buf_puts(b, "</details>");
}

static void breakdown_chart(buf *b, const char *id, const char *title, const stats_slice *v,
                            size_t n)
{
    const char **labels = qiao_calloc(n ? n : 1, sizeof *labels);
    double *a = qiao_calloc(n ? 3 * n : 1, sizeof *a);
    for (size_t i = 0; i < n; i++) {
        labels[i] = v[i].name;
        a[i] = (double)v[i].achievements;
        a[n + i] = (double)v[i].demands;
        a[2 * n + i] = (double)v[i].projects_signed;
    }
    web_series s[] = {{"科技成果", a}, {"技术需求", a + n}, {"签约项目", a + 2 * n}};
    char desc[200];
    snprintf(desc, sizeof desc, "横向条形图，共 %zu 行，每行为发布的科技成果、技术需求和签约项目数；"
             "数据见下方数据表。", n);
    web_svg_hbars(b, id, title, desc, labels, n, s, 3);
    free(labels);
    free(a);
}

/* A text input that keeps its value in 简体 on a 繁體 page (zh:off). */
static void filter_input(buf *b, const char *name, const char *label, const char *type,
                         const char *value, const char *list, const qiao_err *e)
{
    buf_printf(b, "<label>%s <!--zh:off--><input name=\"%s\" type=\"%s\"%s%s%s maxlength=\"%d\" "
               "value=\"", label, name, type, list ? " list=\"" : "", list ? list : "",
               list ? "\"" : "", *type == 'd' ? 10 : 200);
    web_html_attr(b, value);
    buf_puts(b, "\"><!--zh:on--></label>");
    if (e && !strcmp(e->field, name)) {
        buf_printf(b, "<span class=\"field-error\" id=\"err-%s\">", name);
        web_html_text(b, !strcmp(name, "from") || !strcmp(name, "to")
                             ? "请填写 2023-03-01 这样的日期，起始日期不能晚于截止日期" : e->msg);
        buf_puts(b, "</span>");
    }
}

/* Known zones and chains (from the orgs and records, store_record_tags: a
 * few index seeks each), for the form's lists. */
static int tag_option(const char *v, void *ud)
{
    buf *b = ud;
    buf_puts(b, "<option value=\"");
    web_html_attr(b, v);
    buf_puts(b, "\">");
    return 0;
}

static void datalist(web_req *rq, buf *b, const char *id, const char *what)
{
    qiao_err e = {0};
    buf_printf(b, "<datalist id=\"%s\">", id);
    if (store_record_tags(web_w(rq)->st, what, tag_option, b, &e) < 0)
        fprintf(stderr, "qiao serve: %s\n", e.msg);
    buf_puts(b, "</datalist>");
}

static void filter_form(web_req *rq, web_resp *rs, const qiao_err *e)
{
    buf *b = &rs->body;
    buf_puts(b, "<form class=\"filters\" method=\"get\" action=\"/stats\">");
    filter_input(b, "from", "起始日期", "date", web_param(rq, "from"), NULL, e);
    filter_input(b, "to", "截止日期", "date", web_param(rq, "to"), NULL, e);
    filter_input(b, "zone", "知识经济圈", "text", web_param(rq, "zone"), "zones", e);
    filter_input(b, "chain", "产业链", "text", web_param(rq, "chain"), "chains", e);
    buf_puts(b, "<!--zh:off-->");
    datalist(rq, b, "zones", "zone");
    datalist(rq, b, "chains", "chain");
    buf_puts(b, "<!--zh:on--><button type=\"submit\" id=\"filter\">筛选</button> "
                "<a href=\"/stats\">清除筛选</a></form>");
}

int web_page_stats(web_req *rq, web_resp *rs)
{
    stats_filter f;
    stats st;
    qiao_err e = {0};
    buf *b = &rs->body;
    int rc = read_filter(rq, &f, &e);
    if (rc == 0 && (rc = compute(rq, &f, true, &st, &e)) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    web_page_begin(rq, rs, "统计数据");
    buf_puts(b, "<h1>统计数据</h1>");
    filter_form(rq, rs, rc < 0 ? &e : NULL);
    if (rc < 0) {
        rs->status = 400;
        buf_puts(b, "<p class=\"error\" role=\"alert\">筛选条件有误：");
        web_html_text(b, e.msg);
        buf_puts(b, "</p>");
        web_page_end(rq, rs);
        return 0;
    }
    buf_puts(b, "<p class=\"meta\">");
    if (*f.from || *f.to) {
        char d[64];
        if (*f.from && model_when_format(f.from, d, sizeof d) == 0)
            web_html_text(b, d);
        else
            web_html_text(b, *f.from ? f.from : "最早");
        buf_puts(b, " 至 ");
        if (*f.to && model_when_format(f.to, d, sizeof d) == 0)
            web_html_text(b, d);
        else
            web_html_text(b, *f.to ? f.to : "现在");
    } else {
        buf_puts(b, "全部时间");
    }
    for (int i = 0; i < 2; i++) {
        const char *v = i ? f.chain : f.zone;
        if (*v) {
            buf_puts(b, i ? " · 产业链 " : " · 知识经济圈 ");
            web_html_text(b, v);
        }
    }
    buf_puts(b, " · ");
    as_of(b, st.generated);
    buf_puts(b, "</p><p class=\"downloads\">下载：<a class=\"download\" href=\"/stats.xlsx");
    if (*f.from || *f.to || *f.zone || *f.chain)
        buf_puts(b, "?");
    filter_query(b, &f);
    buf_puts(b, "\" download>电子表格 XLSX（全部表格）</a> · ");
    csv_link(b, &f, "all", "CSV（全部表格）");
    buf_puts(b, "</p>");

    buf_puts(b, "<section><h2>主要指标</h2><table class=\"data figures-table\"><thead><tr>"
                "<th scope=\"col\">指标</th><th scope=\"col\">数值</th><th scope=\"col\">定义</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
        buf_printf(b, "<tr id=\"fig-%s\"><th scope=\"row\">%s</th><td class=\"num\">",
                   figures[i].key, figures[i].label);
        figure_cell(b, &st, figures[i].key);
        buf_printf(b, "</td><td class=\"def\">%s</td></tr>", figures[i].def);
    }
    buf_puts(b, "</tbody></table>");
    csv_link(b, &f, "summary", "下载 CSV");
    buf_puts(b, "</section>");

    /* monthly trend */
    size_t n = st.nmonths;
    const char **months = qiao_calloc(n ? n : 1, sizeof *months);
    double *mv = qiao_calloc(n ? 4 * n : 1, sizeof *mv);
    for (size_t i = 0; i < n; i++) {
        months[i] = st.months[i].month;
        mv[i] = (double)st.months[i].achievements;
        mv[n + i] = (double)st.months[i].demands;
        mv[2 * n + i] = (double)st.months[i].events;
        mv[3 * n + i] = (double)st.months[i].signed_projects;
    }
    web_series ms[] = {{"科技成果", mv}, {"技术需求", mv + n}, {"对接活动", mv + 2 * n},
                       {"签约项目", mv + 3 * n}};
    char desc[240];
    snprintf(desc, sizeof desc, "折线图，共 %zu 个月，每月发布的科技成果、技术需求、举办的活动和签约的项目数；"
             "数据见下方数据表。", n);
    buf_puts(b, "<section><h2>月度趋势</h2>");
    web_svg_trend(b, "chart-monthly", "月度趋势", desc, months, n, ms, 4);
    buf_puts(b, "<details><summary>月度数据表</summary><table class=\"data\"><thead><tr>"
                "<th scope=\"col\">月份</th><th scope=\"col\">成果</th><th scope=\"col\">需求</th>"
                "<th scope=\"col\">活动</th><th scope=\"col\">签约项目</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td>%lld</td><td>%lld</td><td>%lld</td>"
                   "<td>%lld</td></tr>", st.months[i].month, (long long)st.months[i].achievements,
                   (long long)st.months[i].demands, (long long)st.months[i].events,
                   (long long)st.months[i].signed_projects);
    buf_puts(b, "</tbody></table>");
    csv_link(b, &f, "monthly", "下载 CSV");
    buf_puts(b, "</details></section>");
    free(months);
    free(mv);

    buf_puts(b, "<section><h2>按产业链</h2>");
    breakdown_chart(b, "chart-chain", "按产业链", st.by_chain, st.nchains);
    breakdown_table(b, st.by_chain, st.nchains, &f, "by_chain", "产业链");
    buf_puts(b, "</section><section><h2>按知识经济圈</h2>");
    breakdown_chart(b, "chart-zone", "按知识经济圈", st.by_zone, st.nzones);
    breakdown_table(b, st.by_zone, st.nzones, &f, "by_zone", "知识经济圈");
    buf_puts(b, "</section>");

    double fv[STATS_NFUNNEL];
    for (int i = 0; i < STATS_NFUNNEL; i++)
        fv[i] = (double)st.funnel[i];
    buf_puts(b, "<section><h2>转化漏斗</h2>");
    web_svg_funnel(b, "chart-funnel", "从匹配推荐到洽谈到签约",
                   "漏斗图：匹配推荐、洽谈申请、已接受的洽谈、发起的项目、签约的项目五个阶段的数量；"
                   "数据见下方数据表。", funnel_labels, fv, STATS_NFUNNEL);
    buf_puts(b, "<details><summary>漏斗数据表</summary><table class=\"data\"><tbody>");
    for (int i = 0; i < STATS_NFUNNEL; i++) {
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td>", funnel_labels[i]);
        if (st.funnel[i] < 0)
            buf_puts(b, "—");
        else
            buf_printf(b, "%lld", (long long)st.funnel[i]);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table>");
    csv_link(b, &f, "funnel", "下载 CSV");
    buf_puts(b, "</details><p class=\"meta\">匹配推荐：每条征集中需求的前 10 个推荐成果；洽谈申请："
                "期间内开始的活动中的一对一洽谈申请；后两阶段同上表的项目指标。</p></section>");
    interest_section(b, &st, &f);
    brokers_section(rq, b, &st, &f);

    buf_puts(b, "<section><h2>单位与活动</h2><table class=\"data\"><thead><tr><th scope=\"col\">"
                "单位类型</th><th scope=\"col\">数量</th></tr></thead><tbody>");
    for (int i = 0; i < STATS_NORG_TYPES; i++)
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>", org_types[i],
                   (long long)st.orgs_by_type[i]);
    buf_puts(b, "</tbody></table>");
    csv_link(b, &f, "orgs_by_type", "下载 CSV");
    buf_puts(b, "<table class=\"data\"><thead><tr><th scope=\"col\">活动类型</th>"
                "<th scope=\"col\">已举办</th></tr></thead><tbody>");
    for (int i = 0; i < STATS_NEVENT_TYPES; i++)
        buf_printf(b, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>", event_types[i],
                   (long long)st.events_by_type[i]);
    buf_puts(b, "</tbody></table>");
    csv_link(b, &f, "events_by_type", "下载 CSV");
    buf_puts(b, "</section><p class=\"meta\">每项数字的含义见其名称旁的说明；"
                "下载的 CSV 和电子表格与本页数字相同。</p>");
    stats_free(&st);
    web_page_end(rq, rs);
    return 0;
}

/* ---- downloads ---- */

int web_page_stats_csv(web_req *rq, web_resp *rs)
{
    const char *tname = web_param(rq, "table");
    int t = -1;
    if (tname && strcmp(tname, "all") != 0 && stats_table_parse(tname, &t) < 0)
        return web_fail(rq, rs, 400, "bad_parameter", "table", "no table '%s'", tname);
    stats_filter f;
    stats st;
    qiao_err e = {0};
    if (read_filter(rq, &f, &e) < 0)
        return web_fail(rq, rs, 400, "bad_parameter", e.field, "%s", e.msg);
    if (compute(rq, &f, true, &st, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    stats_render_csv_labeled(&st, t, web_export_labels(rq), &rs->body);
    stats_free(&st);
    rs->ctype = "text/csv; charset=utf-8";
    const char *name = t < 0 ? "all" : stats_table_name(t);
    char ascii[80], utf8[120];
    snprintf(ascii, sizeof ascii, "qiao-stats-%s.csv", name);
    snprintf(utf8, sizeof utf8, "桥统计-%s.csv", t < 0 ? "全部" : stats_table_label(t));
    web_attachment(rq, rs, ascii, utf8);
    return 0;
}

int web_page_stats_xlsx(web_req *rq, web_resp *rs)
{
    stats_filter f;
    stats st;
    qiao_err e = {0};
    if (read_filter(rq, &f, &e) < 0)
        return web_fail(rq, rs, 400, "bad_parameter", e.field, "%s", e.msg);
    if (compute(rq, &f, true, &st, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/qiao-stats-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    int rc = fd < 0 ? qiao_errf(&e, QIAO_EIO, "%s: cannot create a temporary file", path)
                    : stats_write_xlsx_labeled(&st, path, web_export_labels(rq), &e);
    stats_free(&st);
    if (fd >= 0)
        close(fd);
    FILE *in = rc == 0 ? fopen(path, "rb") : NULL;
    if (in) {
        char chunk[16384];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
            buf_append(&rs->body, chunk, n);
        fclose(in);
    }
    if (fd >= 0)
        unlink(path);
    if (rc < 0 || !in) {
        buf_clear(&rs->body);
        return web_fail(rq, rs, 500, "internal", NULL, "%s", rc < 0 ? e.msg : "xlsx unreadable");
    }
    rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    web_attachment(rq, rs, "qiao-stats.xlsx", "桥统计.xlsx");
    return 0;
}

int web_api_stats(web_req *rq, web_resp *rs)
{
    stats_filter f;
    stats st;
    qiao_err e = {0};
    if (read_filter(rq, &f, &e) < 0)
        return web_fail(rq, rs, 400, "bad_parameter", e.field, "%s", e.msg);
    const char *sp = web_param(rq, "suggestions");
    bool sugg = !sp || !(strcmp(sp, "0") == 0 || strcmp(sp, "false") == 0);
    if (compute(rq, &f, sugg, &st, &e) < 0)
        return web_fail(rq, rs, 500, "internal", NULL, "%s", e.msg);
    stats_render_json(&st, &rs->body);
    stats_free(&st);
    rs->ctype = "application/json";
    return 0;
}

/* ---- the public summary on the home page ---- */

int web_stats_summary(web_req *rq, web_resp *rs)
{
    stats_filter f;
    stats st;
    qiao_err e = {0};
    stats_filter_init(&f);
    int rc = compute(rq, &f, false, &st, &e);
    if (rc < 0) {
        fprintf(stderr, "qiao serve: the home page's figures: %s\n", e.msg);
        return rc;
    }
    static const char *const keys[] = {"achievements_transferred", "demands_met",
                                       "projects_signed", "contract_amount", "events_held",
                                       "meetings_held"};
    buf *b = &rs->body;
    buf_puts(b, "<section class=\"summary\"><h2>转化成效</h2>");
    if (st.nmonths) {                 /* the period the figures cover */
        const char *a = st.months[0].month, *z = st.months[st.nmonths - 1].month;
        buf_printf(b, "<p class=\"period\">统计期间：%.4s年%d月至%.4s年%d月", a, atoi(a + 5),
                   z, atoi(z + 5));
        if (*st.generated)
            buf_printf(b, "（%.4s年%d月%d日更新）", st.generated, atoi(st.generated + 5),
                       atoi(st.generated + 8));
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<ul class=\"figures\">");
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        for (size_t j = 0; j < sizeof figures / sizeof *figures; j++) {
            if (strcmp(figures[j].key, keys[i]) != 0)
                continue;
            buf_printf(b, "<li id=\"sum-%s\"><strong>", keys[i]);
            bool none;
            double v = figure_value(&st, keys[i], &none);
            if (none)
                buf_puts(b, "—");
            else if (strcmp(keys[i], "contract_amount") == 0)
                web_fmt_yuan(b, (int64_t)v);
            else
                web_fmt_count(b, (int64_t)v);
            buf_printf(b, "</strong><span>%s</span><small>%s</small></li>",
                       strcmp(keys[i], "contract_amount") == 0 ? "合同金额" : figures[j].label,
                       figures[j].def);
        }
    buf_puts(b, "</ul></section>");
    stats_free(&st);
    return 0;
}
