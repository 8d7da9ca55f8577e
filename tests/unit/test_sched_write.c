/* tests/unit/test_sched_write.c — `qiao schedule`'s output and time budget:
 * sched_result_write_json writes the very bytes jansson writes for
 * sched_result_to_json (ids with quotes, backslashes, control characters and
 * Chinese; scheduled, unscheduled and locked meetings; no meetings at all),
 * and sched_budget_ms gives the solver what the command's limit leaves. No
 * timing is asserted: the budget is checked as arithmetic. */
#include "testutil.h"

#include "sched/sched.h"

static char *xstrdup(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    assert_non_null(p);
    strcpy(p, s);
    return p;
}

static const char *const ids[] = {"a\"quote", "back\\slash", "tab\tnew\nline\r", "ctl\x01\x1f\x7f",
                                  "成都理工", "slash/ok", "p6", "p7"};

/* 8 participants with awkward ids, 10 requests among them, 3 slots and
 * 2 tables: some are left out; r0 is locked. */
static sched_instance *awkward(void)
{
    int P = 8;
    sched_instance *in = sched_instance_new(3, 2);
    in->event = xstrdup("2023-成都-\"对接会\"");
    in->participants = calloc((size_t)P, sizeof *in->participants);
    in->nparticipants = P;
    for (int v = 0; v < P; v++) {
        in->participants[v].id = xstrdup(ids[v]);
        for (int t = 0; t < 3; t++)
            sched_slots_set(&in->participants[v].avail, t);
    }
    static const int pairs[][3] = {{0, 1, 3}, {0, 2, 1}, {0, 3, 2}, {0, 4, 1}, {1, 2, 2},
                                   {1, 3, 1}, {2, 3, 3}, {4, 5, 1}, {6, 7, 2}, {0, 5, 1}};
    in->meetings = calloc(10, sizeof *in->meetings);
    for (int m = 0; m < 10; m++) {
        char id[32];
        snprintf(id, sizeof id, m == 3 ? "r\\%d\"" : "r%d", m);
        in->meetings[m] = (sched_meeting){xstrdup(id), pairs[m][0], pairs[m][1], pairs[m][2],
                                          SCHED_NONE, SCHED_NONE, 0};
    }
    in->meetings[0].slot = 1;
    in->meetings[0].locked = 1;
    in->nmeetings = 10;
    return in;
}

static void same_as_jansson(const sched_instance *in, const sched_result *r)
{
    json_t *j = sched_result_to_json(in, r);
    char *want = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(6));
    buf got = {0};
    sched_result_write_json(in, r, &got);
    assert_string_equal(buf_cstr(&got), want);
    buf_free(&got);
    free(want);
    json_decref(j);
}

static void test_write_matches_jansson(void **state)
{
    (void)state;
    sched_instance *in = awkward();
    sched_options o = sched_default_options();
    o.time_limit_ms = 0;
    o.max_iterations = 200;
    sched_result r = {0};
    qiao_err e = {0};
    if (sched_solve(in, &o, &r, &e) < 0)
        fail_msg("sched_solve: %s", e.msg);
    assert_true(r.scheduled > 0 && r.scheduled < r.nmeetings);   /* both lists written */
    same_as_jansson(in, &r);
    /* reals of every shape: integral, long, tiny, huge */
    const double reals[] = {1.0, 0.0, 0.99706123, 2004.87, 123456789.0, 1e-7, 1e-10, 2.5e20, -3.0,
                           12345.678};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        r.ratio = reals[i];
        r.elapsed_ms = reals[sizeof reals / sizeof reals[0] - 1 - i];
        same_as_jansson(in, &r);
    }
    /* no event id, no stop reason */
    free(in->event);
    in->event = NULL;
    r.stopped = NULL;
    same_as_jansson(in, &r);
    sched_result_free(&r);
    /* nothing scheduled at all (empty arrays) */
    in->nmeetings = 0;
    assert_int_equal(sched_solve(in, &o, &r, &e), 0);
    same_as_jansson(in, &r);
    sched_result_free(&r);
    in->nmeetings = 10;
    sched_instance_free(in);
}

static void test_budget(void **state)
{
    (void)state;
    sched_options o = sched_default_options();
    /* no start given: the whole limit, counted from the call */
    assert_true(sched_budget_ms(&o, 5000) == 2000);
    /* the command started 300 ms before the solver and keeps 80 ms for its output */
    o.start_ms = 4700;
    o.reserve_ms = 80;
    assert_true(sched_budget_ms(&o, 5000) == 2000 - 300 - 80);
    /* later calls get less */
    assert_true(sched_budget_ms(&o, 5500) == 2000 - 800 - 80);
    /* a limit already spent still leaves the solver a moment (it never means "no limit") */
    assert_true(sched_budget_ms(&o, 7000) == 1);
    o.time_limit_ms = 100;
    assert_true(sched_budget_ms(&o, 4700) == 20);
    /* no limit stays no limit */
    o.time_limit_ms = 0;
    assert_true(sched_budget_ms(&o, 5000) == 0);
}

/* A solve whose budget is spent before it starts still returns a valid
 * timetable (greedy start and bound), stopped by time. */
static void test_spent_budget_still_solves(void **state)
{
    (void)state;
    sched_instance *in = awkward();
    sched_options o = sched_default_options();
    o.start_ms = sched_now_ms() - 10000;   /* the command began 10 s ago */
    sched_result r = {0};
    qiao_err e = {0};
    if (sched_solve(in, &o, &r, &e) < 0)
        fail_msg("sched_solve: %s", e.msg);
    if (sched_check(in, &r, &e) < 0)
        fail_msg("sched_check: %s", e.msg);
    assert_true(r.scheduled > 0);
    assert_true(r.bound >= r.weight);
    sched_result_free(&r);
    sched_instance_free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_matches_jansson),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_spent_budget_still_solves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
