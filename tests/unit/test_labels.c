/* test_labels.c — the labels of exports (core/label.h): as written without a
 * conversion, converted with one; the statistics CSV passes its own words
 * (headers, table names, figure and stage names, "（无）") through it and
 * never the data (chain and zone names, months). The conversion here brackets
 * each label, so that any text it touched shows. */
#include "testutil.h"

#include <math.h>

#include "core/label.h"
#include "stats/stats.h"


static char *bracket(void *ctx, const char *s)
{
    (void)ctx;
    size_t n = strlen(s) + 3;
    char *t = malloc(n);
    snprintf(t, n, "[%s]", s);
    return t;
}

static char *failing(void *ctx, const char *s)
{
    (void)ctx;
    (void)s;
    return NULL;
}

static void test_label(void **state)
{
    (void)state;
    char *s = qiao_label(NULL, "机构");
    assert_string_equal(s, "机构");
    free(s);
    qiao_labels lb = {.convert = bracket};
    s = qiao_label(&lb, "机构");
    assert_string_equal(s, "[机构]");
    free(s);
    qiao_labels bad = {.convert = failing};          /* a failed conversion: as written */
    s = qiao_label(&bad, "机构");
    assert_string_equal(s, "机构");
    free(s);
    buf b = {0};
    qiao_label_put(&lb, "是", &b);
    qiao_label_put(NULL, "否", &b);
    assert_string_equal(b.p, "[是]否");
    buf_free(&b);
}

/* A small stats struct by hand: two chains (one record without a chain), a month. */
static void small(stats *st, stats_slice *chains, stats_month *month)
{
    memset(st, 0, sizeof *st);
    st->events_held = 2;
    st->match_to_signing_rate = NAN;
    st->median_days_to_sign = NAN;
    st->funnel[0] = -1;
    memset(chains, 0, 2 * sizeof *chains);
    chains[0].name = "集成电路";
    chains[0].achievements = 3;
    chains[1].name = "";
    chains[1].demands = 1;
    st->by_chain = chains;
    st->nchains = 2;
    memset(month, 0, sizeof *month);
    snprintf(month->month, sizeof month->month, "2023-03");
    st->months = month;
    st->nmonths = 1;
}

static void test_stats_csv_labels(void **state)
{
    (void)state;
    stats st;
    stats_slice chains[2];
    stats_month month;
    small(&st, chains, &month);
    qiao_labels lb = {.convert = bracket};
    buf plain = {0}, conv = {0};
    stats_render_csv(&st, STATS_T_CHAIN, &plain);
    stats_render_csv_labeled(&st, STATS_T_CHAIN, &lb, &conv);
    assert_string_equal(plain.p, "\xEF\xBB\xBF" "产业链,成果,需求,活动,发起项目,签约项目,合同金额（元）\r\n"
                                 "集成电路,3,0,0,0,0,0\r\n（无）,0,1,0,0,0,0\r\n");
    assert_string_equal(conv.p, "\xEF\xBB\xBF" "[产业链],[成果],[需求],[活动],[发起项目],[签约项目],"
                                "[合同金额（元）]\r\n集成电路,3,0,0,0,0,0\r\n[（无）],0,1,0,0,0,0\r\n");
    buf_clear(&conv);
    stats_render_csv_labeled(&st, -1, &lb, &conv);
    assert_non_null(strstr(conv.p, "\xEF\xBB\xBF" "[主要指标]\r\n[指标],[数值]\r\n"));
    assert_non_null(strstr(conv.p, "\r\n[举办的对接活动],2\r\n"));
    assert_non_null(strstr(conv.p, "\r\n[月度趋势]\r\n[月份],[成果],[需求],[活动],[签约项目]\r\n2023-03,"));
    assert_non_null(strstr(conv.p, "\r\n[匹配推荐],\r\n"));
    assert_non_null(strstr(conv.p, "\r\n集成电路,3,"));
    assert_null(strstr(conv.p, "[集成电路]"));
    assert_null(strstr(conv.p, "[2023-03]"));
    /* numbers are never labels */
    assert_null(strstr(conv.p, "[2]"));
    assert_null(strstr(conv.p, "[0]"));
    /* without a conversion the labelled rendering is the plain one */
    buf_clear(&conv);
    buf_clear(&plain);
    stats_render_csv(&st, -1, &plain);
    stats_render_csv_labeled(&st, -1, NULL, &conv);
    assert_string_equal(plain.p, conv.p);
    buf_free(&plain);
    buf_free(&conv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label),
        cmocka_unit_test(test_stats_csv_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
