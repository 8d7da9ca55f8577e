/* test_project.c — the stage workflow: starting from a match, a meeting or by
 * hand; changes out of order refused with a clear message; the history
 * records who, when and what; signing and stopping need their fields;
 * milestones and overdue ones; Beijing-time dates. */
#include "testutil.h"

#include "model/model.h"
#include "project/project.h"
#include "store/store.h"

static const char *const world[] = {
    "{\"kind\":\"org\",\"id\":\"u1\",\"name\":\"大学\",\"type\":\"university\"}",
    "{\"kind\":\"org\",\"id\":\"e1\",\"name\":\"企业\",\"type\":\"enterprise\"}",
    "{\"kind\":\"person\",\"id\":\"s1\",\"name\":\"科学家\",\"org\":\"u1\",\"roles\":[\"scientist\"]}",
    "{\"kind\":\"person\",\"id\":\"w1\",\"name\":\"经理\",\"org\":\"e1\"}",
    "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"成果\",\"org\":\"u1\"}",
    "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"需求\",\"org\":\"e1\"}",
    "{\"kind\":\"event\",\"id\":\"ev1\",\"title\":\"沙龙\",\"type\":\"salon\",\"starts\":\"2023-03-09T14:00+08:00\"}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev1\",\"from\":\"w1\",\"to\":\"s1\",\"id\":\"mr1\",\"status\":\"accepted\",\"slot\":1,\"table\":1}",
    "{\"kind\":\"meeting_request\",\"event\":\"ev1\",\"from\":\"s1\",\"to\":\"w1\",\"id\":\"mr2\"}",
    "{\"kind\":\"project\",\"id\":\"imp\",\"parties\":[\"u1\",\"e1\"],\"stage\":\"talks\",\"milestones\":[{\"title\":\"样机\",\"due\":\"2023-04-30\",\"done\":false},{\"title\":\"验收\",\"due\":\"2023-06-30\"},{\"title\":\"完成的\",\"due\":\"2023-01-01\",\"done\":true}]}",
    "{\"kind\":\"project\",\"id\":\"fin\",\"parties\":[\"u1\"],\"stage\":\"done\",\"milestones\":[{\"title\":\"逾期但已结束\",\"due\":\"2023-01-01\"}]}",
};

static store *open_world(void)
{
    char path[4096];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++) {
        model_record r;
        model_errors errs = {0};
        json_t *in = model_json_parse(world[i], strlen(world[i]), NULL, 0);
        assert_non_null(in);
        if (model_from_json(in, &r, &errs) != 0)
            fail_msg("invalid test record %zu: %s", i, errs.v[0].reason);
        json_decref(in);
        assert_int_equal(store_put(s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

typedef struct rows {
    char v[16][256];
    int n;
} rows;

static int collect(const store_history *h, void *ud)
{
    rows *r = ud;
    if (r->n < 16)
        snprintf(r->v[r->n++], 256, "%s>%s|%s|%s|%s", h->from, h->to, h->at, h->by, h->note);
    return 0;
}

static rows history(store *s, const char *id)
{
    rows r = {0};
    qiao_err e = {0};
    assert_int_equal(store_history_scan(s, id, collect, &r, &e), 0);
    return r;
}

static model_record get(store *s, const char *id)
{
    model_record r;
    qiao_err e = {0};
    assert_int_equal(store_get(s, MODEL_PROJECT, id, &r, &e), 0);
    return r;
}

static void test_time(void **state)
{
    (void)state;
    int64_t t;
    char day[11], out[32];
    assert_int_equal(project_time_parse("2023-03-09T17:30:00Z", &t, day), 0);
    assert_string_equal(day, "2023-03-10");                     /* 01:30 in Beijing */
    project_time_format(t, out);
    assert_string_equal(out, "2023-03-10T01:30:00+08:00");
    assert_int_equal(project_time_parse("2023-03-10", &t, day), 0);
    project_time_format(t, out);
    assert_string_equal(out, "2023-03-10T00:00:00+08:00");
    assert_int_equal(project_time_parse("2024-02-29T23:59:59.5-05:00", &t, day), 0);
    assert_string_equal(day, "2024-03-01");
    assert_int_equal(project_time_parse("2023-02-29", &t, day), QIAO_EINVAL);
    assert_int_equal(project_time_parse("2023-03-10T09:30", &t, day), QIAO_EINVAL);
    assert_int_equal(project_days_between("2023-02-27", "2023-03-02"), 3);
}

static void test_transitions(void **state)
{
    (void)state;
    qiao_err e = {0};
    /* the allowed moves */
    assert_int_equal(project_transition_check("p", PROJECT_CONTACT, PROJECT_TALKS, &e), 0);
    assert_int_equal(project_transition_check("p", PROJECT_TALKS, PROJECT_SIGNED, &e), 0);
    assert_int_equal(project_transition_check("p", PROJECT_SIGNED, PROJECT_IMPLEMENTING, &e), 0);
    assert_int_equal(project_transition_check("p", PROJECT_IMPLEMENTING, PROJECT_DONE, &e), 0);
    for (int s = PROJECT_CONTACT; s <= PROJECT_IMPLEMENTING; s++)
        assert_int_equal(project_transition_check("p", (project_stage)s, PROJECT_STOPPED, &e), 0);
    /* skips, backward moves, final stages, no move */
    assert_int_equal(project_transition_check("p9", PROJECT_CONTACT, PROJECT_SIGNED, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "contact → signed skips talks"));
    assert_non_null(strstr(e.msg, "advance to talks first"));
    assert_non_null(strstr(e.msg, "p9"));
    assert_int_equal(project_transition_check("p", PROJECT_TALKS, PROJECT_DONE, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "skips signed and implementing"));
    assert_int_equal(project_transition_check("p", PROJECT_SIGNED, PROJECT_TALKS, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "cannot go back"));
    assert_int_equal(project_transition_check("p", PROJECT_DONE, PROJECT_STOPPED, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "is done"));
    assert_int_equal(project_transition_check("p", PROJECT_STOPPED, PROJECT_TALKS, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "start a new project"));
    assert_int_equal(project_transition_check("p", PROJECT_TALKS, PROJECT_TALKS, &e),
                     QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "already at talks"));
}

static void test_start(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    /* from a match: parties default to the two orgs */
    project_start_req m = {.id = "pm", .achievement = "a1", .demand = "d1", .by = "w1",
                           .at = "2023-03-20T10:00+08:00", .note = "看好"};
    assert_int_equal(project_start(s, &m, &e), 0);
    model_record r = get(s, "pm");
    assert_string_equal(model_str(&r, "stage"), "contact");
    char *line = model_to_jsonl(&r);
    assert_non_null(strstr(line, "\"parties\":[\"u1\",\"e1\"]"));
    free(line);
    model_record_clear(&r);
    rows h = history(s, "pm");
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0], ">contact|2023-03-20T10:00:00+08:00|w1|started from the match "
                                "of achievement a1 and demand d1: 看好");
    /* the same id again */
    assert_int_equal(project_start(s, &m, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "exists already"));
    /* from a meeting: its two sides and its event */
    project_start_req mt = {.id = "pt", .meeting = "mr1"};
    assert_int_equal(project_start(s, &mt, &e), 0);
    r = get(s, "pt");
    assert_string_equal(model_str(&r, "event"), "ev1");
    line = model_to_jsonl(&r);
    assert_non_null(strstr(line, "\"parties\":[\"w1\",\"s1\"]"));
    free(line);
    model_record_clear(&r);
    h = history(s, "pt");
    assert_int_equal(h.n, 1);
    assert_non_null(strstr(h.v[0], "+08:00||started from meeting mr1 at event ev1"));
    /* a meeting that did not take place */
    project_start_req mp = {.id = "px", .meeting = "mr2"};
    assert_int_equal(project_start(s, &mp, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "mr2 is pending"));
    /* by hand: parties required and checked */
    project_start_req hand = {.id = "ph"};
    assert_int_equal(project_start(s, &hand, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "--parties"));
    const char *bad[] = {"u1", "nobody"};
    project_start_req hb = {.id = "ph", .parties = bad, .nparties = 2};
    assert_int_equal(project_start(s, &hb, &e), QIAO_ENOTFOUND);
    assert_non_null(strstr(e.msg, "\"nobody\" is neither an org nor a person"));
    assert_int_equal(store_exists(s, MODEL_PROJECT, "ph", &e), 0);   /* nothing written */
    const char *ok[] = {"u1", "e1"};
    project_start_req hk = {.id = "ph", .parties = ok, .nparties = 2, .at = "2099-01-01"};
    assert_int_equal(project_start(s, &hk, &e), QIAO_EINVAL);        /* in the future */
    assert_non_null(strstr(e.msg, "future"));
    hk.at = NULL;
    assert_int_equal(project_start(s, &hk, &e), 0);
    store_close(s);
}

static void test_advance(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    project_stage from;
    project_start_req st = {.id = "p", .achievement = "a1", .demand = "d1",
                            .at = "2023-03-10T09:00+08:00", .by = "staff1"};
    assert_int_equal(project_start(s, &st, &e), 0);
    /* out of order: refused, record and history untouched */
    project_advance_req skip = {.id = "p", .to = "signed", .signed_on = "2023-03-12",
                                .mode = "license", .agreement = "许可合同"};
    assert_int_equal(project_advance(s, &skip, &from, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "contact → signed skips talks"));
    model_record r = get(s, "p");
    assert_string_equal(model_str(&r, "stage"), "contact");
    assert_string_equal(model_str(&r, "signed_on"), "");
    model_record_clear(&r);
    assert_int_equal(history(s, "p").n, 1);
    /* signing fields go with signed only */
    project_advance_req wrong = {.id = "p", .to = "talks", .signed_on = "2023-03-12"};
    assert_int_equal(project_advance(s, &wrong, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "go with --to signed"));
    /* talks, dated and attributed */
    project_advance_req talks = {.id = "p", .to = "talks", .by = "p-luo", .note = "首次洽谈",
                                 .at = "2023-03-11T02:00:00Z"};
    assert_int_equal(project_advance(s, &talks, &from, &e), 0);
    assert_int_equal(from, PROJECT_CONTACT);
    /* a change dated before the last one is refused */
    project_advance_req early = {.id = "p", .to = "signed", .signed_on = "2023-03-12",
                                 .mode = "license", .agreement = "许可合同",
                                 .at = "2023-03-11T09:59+08:00"};
    assert_int_equal(project_advance(s, &early, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "before its last change"));
    /* signing needs date, mode and agreement */
    project_advance_req bare = {.id = "p", .to = "signed", .at = "2023-03-12T15:00+08:00"};
    assert_int_equal(project_advance(s, &bare, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "missing: --signed-on DATE, --mode M"));
    assert_non_null(strstr(e.msg, "--agreement TEXT"));
    project_advance_req baddate = {.id = "p", .to = "signed", .signed_on = "2023-3-12",
                                   .mode = "license", .agreement = "许可合同"};
    assert_int_equal(project_advance(s, &baddate, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "signed-on must be a date"));
    project_advance_req badmode = {.id = "p", .to = "signed", .signed_on = "2023-03-12",
                                   .mode = "gift", .agreement = "许可合同"};
    assert_int_equal(project_advance(s, &badmode, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "mode"));
    project_advance_req sign = {.id = "p", .to = "signed", .by = "p-luo", .at =
                                "2023-03-12T15:00+08:00", .signed_on = "2023-03-12",
                                .mode = "license", .agreement = "《技术许可合同》",
                                .amount = 300000, .has_amount = 1};
    assert_int_equal(project_advance(s, &sign, &from, &e), 0);
    assert_int_equal(from, PROJECT_TALKS);
    r = get(s, "p");
    assert_string_equal(model_str(&r, "stage"), "signed");
    assert_string_equal(model_str(&r, "signed_on"), "2023-03-12");
    assert_string_equal(model_str(&r, "agreement"), "《技术许可合同》");
    assert_int_equal(model_int(&r, "amount", -1), 300000);
    assert_true(project_reached_signed(&r));
    model_record_clear(&r);
    /* done only from implementing */
    project_advance_req done = {.id = "p", .to = "done"};
    assert_int_equal(project_advance(s, &done, &from, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "signed → done skips implementing"));
    /* stopping needs a reason, then is final */
    project_advance_req stop = {.id = "p", .to = "stopped", .by = "w1"};
    assert_int_equal(project_advance(s, &stop, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "needs a reason"));
    stop.reason = "企业资金链断裂";
    assert_int_equal(project_advance(s, &stop, &from, &e), 0);
    r = get(s, "p");
    assert_string_equal(model_str(&r, "stop_reason"), "企业资金链断裂");
    assert_true(project_reached_signed(&r));        /* stopped after signing */
    model_record_clear(&r);
    project_advance_req again = {.id = "p", .to = "implementing"};
    assert_int_equal(project_advance(s, &again, &from, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "was stopped"));
    /* the history: every change with who, when and the note */
    rows h = history(s, "p");
    assert_int_equal(h.n, 4);
    assert_non_null(strstr(h.v[0], ">contact|2023-03-10T09:00:00+08:00|staff1|"));
    assert_string_equal(h.v[1], "contact>talks|2023-03-11T10:00:00+08:00|p-luo|首次洽谈");
    assert_string_equal(h.v[2], "talks>signed|2023-03-12T15:00:00+08:00|p-luo|");
    assert_non_null(strstr(h.v[3], "signed>stopped|"));
    assert_non_null(strstr(h.v[3], "+08:00|w1|"));
    /* rendered */
    buf b = {0};
    assert_int_equal(project_history_render(s, "p", 1, &b, &e), 0);
    assert_non_null(strstr(b.p, "{\"from\":\"contact\",\"to\":\"talks\",\"at\":"
                                "\"2023-03-11T10:00:00+08:00\",\"by\":\"p-luo\",\"note\":\"首次洽谈\"}"));
    assert_non_null(strstr(b.p, "\"stage\":\"stopped\""));
    buf_clear(&b);
    assert_int_equal(project_history_render(s, "nope", 0, &b, &e), QIAO_ENOTFOUND);
    buf_free(&b);
    /* an unknown project, an unknown stage */
    project_advance_req nope = {.id = "nope", .to = "talks"};
    assert_int_equal(project_advance(s, &nope, &from, &e), QIAO_ENOTFOUND);
    project_advance_req odd = {.id = "imp", .to = "signing"};
    assert_int_equal(project_advance(s, &odd, &from, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "contact, talks, signed"));
    store_close(s);
}

static void test_milestones(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    project_overdue_list l;
    /* on 1 June: 样机 (due 30 April) only; not the done one, not the done project's */
    assert_int_equal(project_overdue(s, "2023-06-01", &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].project, "imp");
    assert_string_equal(l.v[0].title, "样机");
    assert_int_equal(l.v[0].number, 1);
    assert_int_equal(l.v[0].days, 32);
    project_overdue_free(&l);
    /* due today is not overdue yet */
    assert_int_equal(project_overdue(s, "2023-04-30", &l, &e), 0);
    assert_int_equal(l.n, 0);
    project_overdue_free(&l);
    assert_int_equal(project_overdue(s, "2023-07-01", &l, &e), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[1].title, "验收");
    buf b = {0};
    project_overdue_render(&l, "2023-07-01", 1, &b);
    assert_non_null(strstr(b.p, "\"days_overdue\":1}"));
    project_overdue_free(&l);
    buf_free(&b);
    /* mark one done, add one */
    assert_int_equal(project_milestone_done(s, "imp", 1, &e), 0);
    assert_int_equal(project_milestone_done(s, "imp", 9, &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "from 1 to 3"));
    assert_int_equal(project_milestone_add(s, "imp", "量产", "2023-05-15", &e), 0);
    assert_int_equal(project_milestone_add(s, "imp", "坏日期", "2023-05-32", &e), QIAO_EINVAL);
    assert_int_equal(project_overdue(s, "2023-06-01", &l, &e), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].title, "量产");
    assert_int_equal(l.v[0].number, 4);
    project_overdue_free(&l);
    assert_int_equal(project_overdue(s, "June", &l, &e), QIAO_EINVAL);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_start),
        cmocka_unit_test(test_advance),
        cmocka_unit_test(test_milestones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
