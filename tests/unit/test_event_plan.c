/* test_event_plan.c — event_timetable_plan, the one load → solve → write
 * sequence of the CLI, the organiser's page and the API: on two stores built
 * alike it writes exactly what the three steps called one by one wrote (the
 * same slot and table on every request, the same count of changes), without
 * `write` it stores nothing, and a refusal leaves no instance, no result and
 * the store as it was. */
#include "testutil.h"

#include "event/event.h"
#include "model/model.h"
#include "store/store.h"

static const char *const world[] = {
    "{\"kind\":\"org\",\"id\":\"u1\",\"name\":\"成都理工示例大学\",\"type\":\"university\"}",
    "{\"kind\":\"org\",\"id\":\"e1\",\"name\":\"蓉城物流科技\",\"type\":\"enterprise\"}",
    "{\"kind\":\"person\",\"id\":\"s1\",\"name\":\"林教授\",\"org\":\"u1\"}",
    "{\"kind\":\"person\",\"id\":\"s2\",\"name\":\"周研究员\",\"org\":\"u1\"}",
    "{\"kind\":\"person\",\"id\":\"w1\",\"name\":\"王经理\",\"org\":\"e1\"}",
    "{\"kind\":\"person\",\"id\":\"w2\",\"name\":\"赵总\",\"org\":\"e1\"}",
    "{\"kind\":\"person\",\"id\":\"w3\",\"name\":\"钱工\",\"org\":\"e1\"}",
    "{\"kind\":\"person\",\"id\":\"w4\",\"name\":\"孙工\",\"org\":\"e1\"}",
};

static const event_actor staff = {"organiser", "staff", NULL};
static const event_actor ent = {"wang", "enterprise", "w1"};

#define BEFORE "2030-05-01T10:00+08:00"
static const char *const parties[] = {"s1", "s2", "w1", "w2", "w3", "w4"};
/* 7 requests for 2 slots × 2 tables: some must be left out */
static const char *const asks[][2] = {{"w1", "s1"}, {"w2", "s1"}, {"w3", "s1"}, {"w4", "s1"},
                                      {"w1", "s2"}, {"w2", "s2"}, {"w3", "s2"}};

/* A store with the event ev1, everyone registered, every request accepted. */
static store *open_event(void)
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
    json_t *ev = json_loads("{\"id\":\"ev1\",\"title\":\"冷链技术对接会\",\"type\":\"salon\","
                            "\"starts\":\"2030-05-10T09:00+08:00\",\"ends\":\"2030-05-10T12:00+08:00\","
                            "\"venue\":\"天府园A座\",\"slot_minutes\":20,\"slots\":2,\"tables\":2}",
                            0, NULL);
    assert_non_null(ev);
    if (event_create(s, &staff, ev, &e) != 0)
        fail_msg("event_create: %s", e.msg);
    json_decref(ev);
    for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++) {
        event_reg_req rq = {.event = "ev1", .who = parties[i], .at = BEFORE};
        event_reg_result res;
        if (event_register(s, &staff, &rq, &res, &e) != 0)
            fail_msg("register %s: %s", parties[i], e.msg);
    }
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        char key[MODEL_KEY_MAX];
        event_request_req rq = {.event = "ev1", .from = asks[i][0], .to = asks[i][1],
                                .priority = 1 + (int)(i % 3), .at = BEFORE};
        if (event_request(s, &staff, &rq, key, &e) != 0 || event_accept(s, &staff, key, BEFORE, &e) != 0)
            fail_msg("request %s -> %s: %s", asks[i][0], asks[i][1], e.msg);
    }
    return s;
}

/* Each request's "slot/table" (0/0 when none), in the order of asks. */
static void stored(store *s, char out[][32])
{
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        char key[MODEL_KEY_MAX];
        snprintf(key, sizeof key, "ev1/%s/%s", asks[i][0], asks[i][1]);
        model_record r;
        qiao_err e = {0};
        assert_int_equal(store_get(s, MODEL_MEETING_REQUEST, key, &r, &e), 0);
        snprintf(out[i], 32, "%lld/%lld", model_int(&r, "slot", 0), model_int(&r, "table", 0));
        model_record_clear(&r);
    }
}

static sched_options fixed(void)
{
    sched_options o = sched_default_options();
    o.time_limit_ms = 0;       /* the same answer every time: iterations only */
    o.max_iterations = 300;
    o.seed = 7;
    o.keep_existing = 1;
    return o;
}

static void test_plan_writes_what_the_sequence_wrote(void **state)
{
    (void)state;
    store *a = open_event(), *b = open_event();
    sched_options o = fixed();
    qiao_err e = {0};
    enum { N = sizeof asks / sizeof asks[0] };
    char before[N][32] = {{0}}, wa[N][32] = {{0}}, wb[N][32] = {{0}};
    stored(b, before);

    /* the three steps by hand */
    sched_instance *in = NULL;
    sched_result ra = {0};
    int ca = -1;
    assert_int_equal(event_timetable_load(a, &staff, "ev1", &in, &e), 0);
    assert_int_equal(sched_solve(in, &o, &ra, &e), 0);
    assert_int_equal(event_timetable_write(a, &staff, in, &ra, &ca, &e), 0);
    sched_instance_free(in);
    stored(a, wa);

    /* without write: the same timetable, nothing stored */
    sched_result rb = {0};
    int cb = -1;
    in = NULL;
    if (event_timetable_plan(b, &staff, "ev1", &o, 0, &in, &rb, &cb, &e) != 0)
        fail_msg("plan: %s", e.msg);
    assert_non_null(in);
    assert_int_equal(cb, 0);
    assert_int_equal(rb.weight, ra.weight);
    assert_memory_equal(rb.slot, ra.slot, sizeof(int) * (size_t)ra.nmeetings);
    stored(b, wb);
    assert_memory_equal(wb, before, sizeof before);
    sched_instance_free(in);
    sched_result_free(&rb);

    /* with write: what the sequence wrote */
    in = NULL;
    if (event_timetable_plan(b, &staff, "ev1", &o, 1, &in, &rb, &cb, &e) != 0)
        fail_msg("plan: %s", e.msg);
    stored(b, wb);
    for (int i = 0; i < N; i++)
        assert_string_equal(wb[i], wa[i]);
    assert_memory_not_equal(wb, before, sizeof before);   /* it did write */
    assert_int_equal(cb, ca);
    assert_true(ca > 0 && rb.scheduled == ra.scheduled && ra.scheduled < N);
    sched_instance_free(in);
    sched_result_free(&rb);
    sched_result_free(&ra);
    store_close(a);
    store_close(b);
}

static void test_plan_refused_leaves_nothing(void **state)
{
    (void)state;
    store *s = open_event();
    sched_options o = fixed();
    enum { N = sizeof asks / sizeof asks[0] };
    char before[N][32] = {{0}}, after[N][32] = {{0}};
    stored(s, before);
    sched_instance *in = (sched_instance *)&o;   /* overwritten with NULL */
    sched_result r;
    memset(&r, 0xff, sizeof r);                  /* emptied */
    int changed = -1;
    qiao_err e = {0};
    assert_int_equal(event_timetable_plan(s, &ent, "ev1", &o, 1, &in, &r, &changed, &e), QIAO_EPERM);
    assert_string_equal(e.field, "role");
    assert_null(in);
    assert_null(r.slot);
    assert_int_equal(r.nmeetings, 0);
    assert_int_equal(changed, 0);
    e = (qiao_err){0};
    assert_int_equal(event_timetable_plan(s, &staff, "no-such-event", &o, 1, &in, &r, NULL, &e),
                     QIAO_ENOTFOUND);
    assert_null(in);
    stored(s, after);
    assert_memory_equal(after, before, sizeof before);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_writes_what_the_sequence_wrote),
        cmocka_unit_test(test_plan_refused_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
