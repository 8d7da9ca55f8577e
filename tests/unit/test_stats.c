/* test_stats.c — every figure of docs/stats.md, and every filter, over a
 * small world put through the model and the store, with counts worked out by
 * hand in the comments. */
#include "testutil.h"

#include <math.h>

#include "match/match.h"
#include "model/model.h"
#include "project/project.h"
#include "stats/stats.h"
#include "store/store.h"
#include "text/text.h"

#define Z1 "环电子科大知识经济圈"
#define Z2 "环川大科技成果转化区"
#define C1 "集成电路"
#define C2 "新能源汽车"
#define C3 "光电,显示"

static const char *const world[] = {
    /* orgs: 3 universities (2 external), 1 external institute, 3 enterprises, 1 service */
    "{\"kind\":\"org\",\"id\":\"u1\",\"name\":\"大学一\",\"type\":\"university\",\"zone\":\"" Z1 "\",\"chains\":[\"" C1 "\"]}",
    "{\"kind\":\"org\",\"id\":\"u2\",\"name\":\"域外大学二\",\"type\":\"university\",\"external\":true}",
    "{\"kind\":\"org\",\"id\":\"i1\",\"name\":\"域外研究所\",\"type\":\"institute\",\"external\":true}",
    "{\"kind\":\"org\",\"id\":\"u3\",\"name\":\"域外大学三\",\"type\":\"university\",\"external\":true}",
    "{\"kind\":\"org\",\"id\":\"sv\",\"name\":\"服务机构\",\"type\":\"service\"}",
    "{\"kind\":\"person\",\"id\":\"s1\",\"name\":\"科学家一\",\"org\":\"u1\",\"roles\":[\"scientist\"]}",
    "{\"kind\":\"person\",\"id\":\"s2\",\"name\":\"科学家二\",\"org\":\"u1\",\"roles\":[\"scientist\",\"expert\"]}",
    "{\"kind\":\"person\",\"id\":\"ex1\",\"name\":\"专家\",\"org\":\"i1\",\"roles\":[\"expert\"]}",
    "{\"kind\":\"org\",\"id\":\"e1\",\"name\":\"企业一\",\"type\":\"enterprise\",\"zone\":\"" Z1 "\",\"chains\":[\"" C1 "\"],\"founded\":\"2023-02-01\",\"founders\":[\"s1\"]}",
    "{\"kind\":\"org\",\"id\":\"e3\",\"name\":\"企业三\",\"type\":\"enterprise\",\"founded\":\"2022-05-01\",\"founders\":[\"s2\"]}",
    "{\"kind\":\"person\",\"id\":\"w1\",\"name\":\"员工\",\"org\":\"e1\",\"roles\":[\"staff\"]}",
    "{\"kind\":\"person\",\"id\":\"x1\",\"name\":\"创业者\",\"roles\":[\"entrepreneur\"]}",
    "{\"kind\":\"org\",\"id\":\"e2\",\"name\":\"企业二\",\"type\":\"enterprise\",\"zone\":\"" Z2 "\",\"chains\":[\"" C2 "\"],\"founders\":[\"x1\"]}",
    /* achievements: a1 inherits u1's zone and chain; a3 draft, a4 withdrawn */
    "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"射频标签芯片\",\"org\":\"u1\",\"published\":\"2023-03-05\"}",
    "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"电池预警\",\"org\":\"u1\",\"chains\":[\"" C2 "\"],\"zone\":\"" Z2 "\",\"published\":\"2023-04-10\"}",
    "{\"kind\":\"achievement\",\"id\":\"a3\",\"title\":\"草稿\",\"org\":\"u2\",\"published\":\"2023-03-20\",\"status\":\"draft\"}",
    "{\"kind\":\"achievement\",\"id\":\"a4\",\"title\":\"撤回\",\"org\":\"u2\",\"published\":\"2023-03-01\",\"status\":\"withdrawn\"}",
    "{\"kind\":\"achievement\",\"id\":\"a5\",\"title\":\"显示材料\",\"org\":\"i1\",\"chains\":[\"" C3 "\"]}",
    /* demands: d2 closed still counts as published; d3 draft does not */
    "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"射频标签需求\",\"org\":\"e1\",\"published\":\"2023-03-02\"}",
    "{\"kind\":\"demand\",\"id\":\"d2\",\"title\":\"电池需求\",\"org\":\"e2\",\"published\":\"2023-03-15\",\"status\":\"closed\"}",
    "{\"kind\":\"demand\",\"id\":\"d3\",\"title\":\"草稿需求\",\"org\":\"e2\",\"status\":\"draft\"}",
    "{\"kind\":\"demand\",\"id\":\"d4\",\"title\":\"显示需求\",\"org\":\"e3\",\"published\":\"2023-05-01\"}",
    /* events, judged at now = 2023-06-01: ev3 is in the future; ev4 starts on
     * 28 Feb in UTC, which is 1 March in Beijing */
    "{\"kind\":\"event\",\"id\":\"ev1\",\"title\":\"沙龙\",\"type\":\"salon\",\"starts\":\"2023-03-10T14:00+08:00\",\"organisers\":[\"u1\"],\"chains\":[\"" C1 "\"]}",
    "{\"kind\":\"event\",\"id\":\"ev2\",\"title\":\"路演\",\"type\":\"roadshow\",\"starts\":\"2023-04-20T09:00+08:00\",\"organisers\":[\"sv\"],\"chains\":[\"" C2 "\"]}",
    "{\"kind\":\"event\",\"id\":\"ev3\",\"title\":\"未来沙龙\",\"type\":\"salon\",\"starts\":\"2023-07-01T09:00+08:00\",\"organisers\":[\"u1\"]}",
    "{\"kind\":\"event\",\"id\":\"ev4\",\"title\":\"发布会\",\"type\":\"release\",\"starts\":\"2023-02-28T20:00:00Z\",\"organisers\":[\"e2\"]}",
    "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"s1\"}",
    "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"w1\"}",
    "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"e2\"}",
    "{\"kind\":\"registration\",\"event\":\"ev1\",\"who\":\"ex1\"}",
    "{\"kind\":\"registration\",\"event\":\"ev2\",\"who\":\"u2\"}",
    "{\"kind\":\"registration\",\"event\":\"ev2\",\"who\":\"x1\"}",
    "{\"kind\":\"registration\",\"event\":\"ev3\",\"who\":\"e3\"}",
    "{\"kind\":\"registration\",\"event\":\"ev3\",\"who\":\"s2\"}",
    "{\"kind\":\"registration\",\"event\":\"ev4\",\"who\":\"e3\"}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev1\",\"from\":\"s1\",\"to\":\"w1\",\"status\":\"accepted\",\"slot\":1,\"table\":1}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev1\",\"from\":\"e2\",\"to\":\"s1\",\"status\":\"accepted\"}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev1\",\"from\":\"ex1\",\"to\":\"w1\"}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev2\",\"from\":\"x1\",\"to\":\"u2\",\"status\":\"accepted\",\"slot\":2,\"table\":1}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev3\",\"from\":\"s2\",\"to\":\"e3\",\"status\":\"accepted\",\"slot\":1,\"table\":1}",
    /* projects */
    "{\"kind\":\"project\",\"id\":\"p1\",\"parties\":[\"u1\",\"e1\"],\"achievement\":\"a1\",\"demand\":\"d1\",\"event\":\"ev1\",\"stage\":\"signed\",\"mode\":\"license\",\"amount\":100000,\"signed_on\":\"2023-03-25\",\"agreement\":\"许可合同\"}",
    "{\"kind\":\"project\",\"id\":\"p2\",\"parties\":[\"u2\",\"e2\"],\"achievement\":\"a2\",\"demand\":\"d2\",\"stage\":\"implementing\",\"mode\":\"assign\",\"amount\":200000,\"signed_on\":\"2023-04-15\",\"agreement\":\"转让合同\"}",
    "{\"kind\":\"project\",\"id\":\"p3\",\"parties\":[\"i1\",\"e3\"],\"achievement\":\"a5\",\"demand\":\"d4\",\"event\":\"ev2\",\"stage\":\"stopped\",\"stop_reason\":\"价格未谈拢\"}",
    "{\"kind\":\"project\",\"id\":\"p4\",\"parties\":[\"u1\",\"e1\"],\"event\":\"ev1\",\"stage\":\"done\",\"mode\":\"cooperate\",\"amount\":50000,\"signed_on\":\"2023-03-11\",\"agreement\":\"合作协议\"}",
    "{\"kind\":\"project\",\"id\":\"p5\",\"parties\":[\"e3\"],\"stage\":\"contact\"}",
    "{\"kind\":\"project\",\"id\":\"p6\",\"parties\":[\"u1\",\"e2\"],\"achievement\":\"a1\",\"demand\":\"d2\",\"stage\":\"stopped\",\"mode\":\"license\",\"amount\":0,\"signed_on\":\"2023-05-05\",\"agreement\":\"许可合同\",\"stop_reason\":\"企业转产\"}",
};

/* history start entries: p1 starts on 12 March (not its event's 10 March) */
static const char *const starts[][2] = {
    {"p1", "2023-03-12T10:00+08:00"}, {"p2", "2023-04-01T09:00+08:00"},
    {"p6", "2023-05-01T23:30:00Z"},   /* 2 May in Beijing */
};

static char dbpath[4096];

static int setup(void **state)
{
    (void)state;
    tu_tmp_db(dbpath, sizeof dbpath);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(dbpath, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++) {
        model_record r;
        model_errors errs = {0};
        json_t *in = model_json_parse(world[i], strlen(world[i]), NULL, 0);
        assert_non_null(in);
        if (model_from_json(in, &r, &errs) != 0)
            fail_msg("invalid test record %zu: %s", i, errs.v[0].reason);
        json_decref(in);
        if (store_put(s, &r, &e) != 0)
            fail_msg("store_put: %s", e.msg);
        model_record_clear(&r);
    }
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        store_history h = {0, starts[i][0], "", "contact", starts[i][1], "t", "start"};
        assert_int_equal(store_history_add(s, &h, &e), 0);
    }
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    return 0;
}

static void compute(const char *from, const char *to, const char *zone, const char *chain,
                    stats *st)
{
    store *s;
    qiao_err e = {0};
    stats_filter f;
    stats_filter_init(&f);
    assert_int_equal(stats_filter_set(&f, from, to, zone, chain, &e), 0);
    assert_int_equal(project_time_parse("2023-06-01T00:00+08:00", &f.now, NULL), 0);
    assert_int_equal(store_open(dbpath, &s, &e), 0);
    if (stats_compute(s, NULL, &f, st, &e) != 0)
        fail_msg("stats_compute: %s", e.msg);
    store_close(s);
}

static const stats_slice *slice(const stats_slice *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    fail_msg("no slice %s", name);
    return NULL;
}

static void test_everything(void **state)
{
    (void)state;
    stats st;
    compute(NULL, NULL, NULL, NULL, &st);
    assert_int_equal(st.orgs_total, 8);
    assert_int_equal(st.orgs_by_type[0], 3);      /* university */
    assert_int_equal(st.orgs_by_type[1], 1);      /* institute */
    assert_int_equal(st.orgs_by_type[4], 3);      /* enterprise */
    assert_int_equal(st.orgs_by_type[6], 1);      /* service */
    assert_int_equal(st.companies_founded_by_researchers, 2);   /* e1 (s1), e3 (s2) */
    assert_int_equal(st.achievements_published, 3);             /* a1 a2 a5 */
    assert_int_equal(st.demands_published, 3);                  /* d1 d2 d4 */
    assert_int_equal(st.events_held, 3);                        /* not ev3 */
    assert_int_equal(st.events_by_type[2], 1);                  /* salon ev1 */
    assert_int_equal(st.events_by_type[4], 1);                  /* roadshow */
    assert_int_equal(st.events_by_type[0], 1);                  /* release */
    assert_int_equal(st.participant_enterprises, 3);            /* e1 via w1, e2, e3 at ev4 */
    assert_int_equal(st.participant_experts, 2);                /* s1, ex1; s2 only at ev3 */
    assert_int_equal(st.external_universities, 2);              /* i1 (ex1, p3), u2; not u3 */
    assert_int_equal(st.meetings_held, 2);
    assert_int_equal(st.funnel[STATS_F_SUGGESTIONS], -1);
    assert_int_equal(st.funnel[STATS_F_MEETING_REQUESTS], 5);
    assert_int_equal(st.funnel[STATS_F_ACCEPTED], 4);
    assert_int_equal(st.projects_started, 6);
    assert_int_equal(st.funnel[STATS_F_PROJECTS], 6);
    assert_int_equal(st.projects_signed, 4);                    /* p1 p2 p4 p6 */
    assert_int_equal(st.funnel[STATS_F_SIGNED], 4);
    assert_int_equal(st.contract_amount, 350000);
    assert_int_equal(st.achievements_transferred, 2);           /* a1 (twice), a2 */
    assert_int_equal(st.demands_met, 2);                        /* d1, d2 */
    assert_int_equal(st.matched_projects, 4);
    assert_int_equal(st.matched_projects_signed, 3);
    assert_true(fabs(st.match_to_signing_rate - 0.75) < 1e-9);
    /* days: p1 12→25 Mar 13, p2 1→15 Apr 14, p4 10→11 Mar 1, p6 2→5 May 3 */
    assert_int_equal(st.days_to_sign_samples, 4);
    assert_true(fabs(st.median_days_to_sign - 8.0) < 1e-9);
    /* months: ev4 is 1 March in Beijing, so the span is March to May */
    assert_int_equal(st.nmonths, 3);
    assert_string_equal(st.months[0].month, "2023-03");
    assert_int_equal(st.months[0].achievements, 1);
    assert_int_equal(st.months[0].demands, 2);
    assert_int_equal(st.months[0].events, 2);
    assert_int_equal(st.months[0].signed_projects, 2);
    assert_string_equal(st.months[2].month, "2023-05");
    assert_int_equal(st.months[2].demands, 1);
    assert_int_equal(st.months[2].signed_projects, 1);
    /* chains */
    const stats_slice *c1 = slice(st.by_chain, st.nchains, C1);
    assert_int_equal(c1->achievements, 1);
    assert_int_equal(c1->demands, 1);
    assert_int_equal(c1->events, 1);
    assert_int_equal(c1->projects_started, 3);                 /* p1, p4 (event), p6 */
    assert_int_equal(c1->projects_signed, 3);
    assert_int_equal(c1->contract_amount, 150000);
    const stats_slice *c2 = slice(st.by_chain, st.nchains, C2);
    assert_int_equal(c2->achievements, 1);
    assert_int_equal(c2->events, 2);                           /* ev2; ev4 via organiser e2 */
    assert_int_equal(c2->projects_started, 2);
    assert_int_equal(c2->contract_amount, 200000);
    const stats_slice *c3 = slice(st.by_chain, st.nchains, C3);
    assert_int_equal(c3->achievements, 1);
    assert_int_equal(c3->projects_started, 1);                 /* p3 via a5 */
    const stats_slice *none = slice(st.by_chain, st.nchains, "");
    assert_ptr_equal(none, &st.by_chain[st.nchains - 1]);     /* "none" comes last */
    assert_int_equal(none->demands, 1);                        /* d4 */
    assert_int_equal(none->projects_started, 1);               /* p5 */
    /* zones */
    const stats_slice *z1 = slice(st.by_zone, st.nzones, Z1);
    assert_int_equal(z1->achievements, 1);
    assert_int_equal(z1->projects_signed, 3);                  /* p1, p4, p6 */
    const stats_slice *z2 = slice(st.by_zone, st.nzones, Z2);
    assert_int_equal(z2->demands, 1);
    assert_int_equal(z2->events, 1);                           /* ev4 via organiser e2 */
    assert_int_equal(z2->projects_signed, 2);                  /* p2, p6 */
    stats_free(&st);
}

static void test_dates(void **state)
{
    (void)state;
    stats st;
    compute("2023-03-01", "2023-03-31", NULL, NULL, &st);
    assert_int_equal(st.orgs_total, 8);                         /* dates do not apply */
    assert_int_equal(st.achievements_published, 1);             /* a1 */
    assert_int_equal(st.demands_published, 2);                  /* d1 d2 */
    assert_int_equal(st.events_held, 2);                        /* ev1, ev4 (1 Mar Beijing) */
    assert_int_equal(st.participant_enterprises, 3);
    assert_int_equal(st.participant_experts, 2);
    assert_int_equal(st.external_universities, 1);              /* i1 via ex1 at ev1 */
    assert_int_equal(st.meetings_held, 1);
    assert_int_equal(st.funnel[STATS_F_MEETING_REQUESTS], 3);
    assert_int_equal(st.funnel[STATS_F_ACCEPTED], 2);
    assert_int_equal(st.projects_started, 2);                   /* p1 12 Mar, p4 10 Mar */
    assert_int_equal(st.projects_signed, 2);
    assert_int_equal(st.contract_amount, 150000);
    assert_int_equal(st.achievements_transferred, 1);
    assert_int_equal(st.demands_met, 1);
    assert_int_equal(st.matched_projects, 1);
    assert_true(fabs(st.match_to_signing_rate - 1.0) < 1e-9);
    assert_true(fabs(st.median_days_to_sign - 7.0) < 1e-9);     /* 13 and 1 */
    assert_int_equal(st.companies_founded_by_researchers, 0);   /* e1 founded in February */
    assert_int_equal(st.nmonths, 1);
    stats_free(&st);

    /* an open end */
    compute("2023-04-01", NULL, NULL, NULL, &st);
    assert_int_equal(st.achievements_published, 1);             /* a2 */
    assert_int_equal(st.events_held, 1);                        /* ev2; ev3 not yet held */
    assert_int_equal(st.funnel[STATS_F_MEETING_REQUESTS], 2);   /* ev2 and ev3 */
    assert_int_equal(st.projects_started, 3);                   /* p2, p3 (ev2), p6 (2 May) */
    assert_int_equal(st.projects_signed, 2);                    /* p2, p6 */
    assert_true(isnan(st.match_to_signing_rate) == 0);
    stats_free(&st);

    compute("2023-01-01", "2023-12-31", NULL, NULL, &st);
    assert_int_equal(st.companies_founded_by_researchers, 1);   /* e1 */
    assert_int_equal(st.projects_started, 5);                   /* not p5: no start known */
    assert_int_equal(st.nmonths, 12);
    stats_free(&st);

    compute("2030-01-01", NULL, NULL, NULL, &st);
    assert_int_equal(st.projects_started, 0);
    assert_true(isnan(st.match_to_signing_rate));
    assert_true(isnan(st.median_days_to_sign));
    stats_free(&st);
}

static void test_zone_chain(void **state)
{
    (void)state;
    stats st;
    compute(NULL, NULL, Z1, NULL, &st);
    assert_int_equal(st.orgs_total, 2);                         /* u1, e1 */
    assert_int_equal(st.achievements_published, 1);             /* a1 (u1's zone) */
    assert_int_equal(st.demands_published, 1);
    assert_int_equal(st.events_held, 1);                        /* ev1 */
    assert_int_equal(st.participant_enterprises, 2);            /* e1, e2 at ev1 */
    assert_int_equal(st.projects_started, 3);                   /* p1, p4, p6 */
    assert_int_equal(st.projects_signed, 3);
    assert_int_equal(st.contract_amount, 150000);
    assert_int_equal(st.achievements_transferred, 1);
    assert_int_equal(st.demands_met, 1);                        /* d1; d2 is in Z2 */
    assert_int_equal(st.companies_founded_by_researchers, 1);
    assert_int_equal(st.nzones, 1);
    assert_string_equal(st.by_zone[0].name, Z1);
    stats_free(&st);

    compute(NULL, NULL, NULL, C2, &st);
    assert_int_equal(st.orgs_total, 1);                         /* e2 */
    assert_int_equal(st.achievements_published, 1);
    assert_int_equal(st.demands_published, 1);                  /* d2 via e2 */
    assert_int_equal(st.events_held, 2);
    assert_int_equal(st.projects_signed, 2);                    /* p2, p6 */
    assert_int_equal(st.nchains, 1);
    stats_free(&st);

    compute("2023-03-01", "2023-03-31", Z1, C1, &st);
    assert_int_equal(st.projects_signed, 2);                    /* p1, p4 */
    assert_int_equal(st.events_held, 1);
    stats_free(&st);

    compute(NULL, NULL, "没有这个圈", NULL, &st);
    assert_int_equal(st.orgs_total, 0);
    assert_int_equal(st.achievements_published, 0);
    assert_int_equal(st.projects_started, 0);
    assert_int_equal(st.nzones, 0);
    stats_free(&st);
}

static void test_filter_errors(void **state)
{
    (void)state;
    stats_filter f;
    qiao_err e = {0};
    stats_filter_init(&f);
    assert_int_equal(stats_filter_set(&f, "2023-02-30", NULL, NULL, NULL, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "--from"));
    assert_int_equal(stats_filter_set(&f, "2023-04-01", "2023-03-01", NULL, NULL, &e),
                     QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "after"));
    assert_int_equal(stats_filter_set(&f, NULL, "2023-3-1", NULL, NULL, &e), QIAO_EINVAL);
}

static void test_renderings(void **state)
{
    (void)state;
    stats st;
    compute(NULL, NULL, NULL, NULL, &st);
    buf b = {0};
    stats_render_csv(&st, -1, &b);
    const char *top = "\xEF\xBB\xBF" "主要指标\r\n指标,数值\r\n";   /* Chinese, no codes */
    assert_memory_equal(b.p, top, strlen(top));
    assert_non_null(strstr(b.p, "\r\n合同金额（元）,350000\r\n"));
    assert_non_null(strstr(b.p, "\r\n匹配签约率,0.75\r\n"));
    assert_non_null(strstr(b.p, "\r\n\"光电,显示\",1,0,0,1,0,0\r\n"));  /* quoted */
    assert_non_null(strstr(b.p, "\r\n匹配推荐,\r\n"));                /* not computed */
    assert_non_null(strstr(b.p, "\r\n月度趋势\r\n月份,成果,需求,活动,签约项目\r\n"));
    assert_null(strstr(b.p, "contract_amount"));
    assert_null(strstr(b.p, "(none)"));
    for (size_t i = 0; i < b.len; i++)                                   /* CRLF only */
        if (b.p[i] == '\n')
            assert_true(i > 0 && b.p[i - 1] == '\r');
    buf_clear(&b);
    stats_render_csv(&st, STATS_T_FUNNEL, &b);
    assert_string_equal(b.p, "\xEF\xBB\xBF" "阶段,数量\r\n匹配推荐,\r\n"
                             "洽谈申请,5\r\n已接受的洽谈,4\r\n"
                             "发起的项目,6\r\n签约的项目,4\r\n");
    buf_clear(&b);
    stats_render_json(&st, &b);
    json_t *j = model_json_parse(b.p, b.len - 1, NULL, 0);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "figures"),
                                                        "projects_signed")), 4);
    assert_true(json_is_null(json_object_get(json_object_get(j, "funnel"), "suggestions")));
    assert_int_equal(json_array_size(json_object_get(j, "monthly")), 3);
    json_decref(j);
    buf_clear(&b);
    stats_render_text(&st, &b);
    assert_non_null(strstr(b.p, "contract_amount"));
    buf_free(&b);

    char xlsx[4200];
    snprintf(xlsx, sizeof xlsx, "%s.xlsx", dbpath);
    qiao_err e = {0};
    assert_int_equal(stats_write_xlsx(&st, xlsx, &e), 0);
    size_t n = 0;
    char *p = tu_read_file(xlsx, &n);
    assert_non_null(p);
    assert_true(n > 1000 && p[0] == 'P' && p[1] == 'K');      /* a zip */
    free(p);
    stats_free(&st);
}

static void test_suggestions(void **state)
{
    (void)state;
    store *s;
    qiao_err e = {0};
    match_index *ix;
    assert_int_equal(text_init(&e), 0);
    assert_int_equal(store_open(dbpath, &s, &e), 0);
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    stats_filter f;
    stats_filter_init(&f);
    stats st;
    assert_int_equal(stats_compute(s, ix, &f, &st, &e), 0);
    /* open demands d1 and d4 (d2 is closed); 3 matchable achievements */
    assert_true(st.funnel[STATS_F_SUGGESTIONS] >= 1);
    assert_true(st.funnel[STATS_F_SUGGESTIONS] <= 6);
    int64_t all = st.funnel[STATS_F_SUGGESTIONS];
    stats_free(&st);
    assert_int_equal(stats_filter_set(&f, NULL, NULL, NULL, C1, &e), 0);
    assert_int_equal(stats_compute(s, ix, &f, &st, &e), 0);
    assert_true(st.funnel[STATS_F_SUGGESTIONS] < all);          /* d1 only */
    stats_free(&st);
    match_index_free(ix);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_zone_chain),
        cmocka_unit_test(test_filter_errors),
        cmocka_unit_test(test_renderings),
        cmocka_unit_test(test_suggestions),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
