/* test_interest.c — interests and dismissals (src/interest/interest.h): the
 * one place where dismissals leave the ranking (interest_search: the
 * dismissed record is dropped and the list still holds `top`, for that org
 * only); the rules of sending (own record, the daily limit, one live interest
 * per side and record) and of answering (only the receiving side; a third
 * party learns nothing); a withdrawn record closes its interests. */
#include "testutil.h"

#include "interest/interest.h"
#include "match/match.h"
#include "project/project.h"
#include "store/store.h"
#include "text/text.h"

static void put_line(store *s, const char *line)
{
    qiao_err e = {0};
    model_record r;
    if (model_from_canonical(line, strlen(line), &r, &e) < 0)
        fail_msg("record %s: %s", line, e.msg);
    assert_int_equal(store_begin(s, &e), 0);
    if (store_put(s, &r, &e) < 0 || interest_record_changed(s, &r, NULL, &e) < 0)
        fail_msg("put: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

static void add_user(store *s, const char *login, const char *role, const char *org)
{
    qiao_err e = {0};
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.phone, sizeof u.phone, "028-%s", login);
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

#define ACH(id, title) "{\"kind\":\"achievement\",\"id\":\"" id "\",\"title\":\"" title \
                       "\",\"org\":\"uni\",\"summary\":\"射频芯片测试与封装\"}"

static store *fixture(char *path, size_t cap)
{
    tu_tmp_db(path, cap);
    store *s;
    qiao_err e = {0};
    if (store_open(path, &s, &e) != 0)
        fail_msg("store_open: %s", e.msg);
    put_line(s, "{\"kind\":\"org\",\"id\":\"uni\",\"name\":\"某大学\",\"type\":\"university\"}");
    put_line(s, "{\"kind\":\"org\",\"id\":\"ent\",\"name\":\"某企业\",\"type\":\"enterprise\"}");
    put_line(s, "{\"kind\":\"org\",\"id\":\"ent2\",\"name\":\"另一企业\",\"type\":\"enterprise\"}");
    put_line(s, ACH("a1", "射频芯片测试平台"));
    put_line(s, ACH("a2", "射频芯片封装工艺"));
    put_line(s, ACH("a3", "射频芯片设计方法"));
    put_line(s, ACH("a4", "射频前端芯片"));
    put_line(s, "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"射频芯片测试\",\"org\":\"ent\","
                "\"description\":\"需要射频芯片测试平台\"}");
    add_user(s, "u-uni", "university", "uni");
    add_user(s, "u-ent", "enterprise", "ent");
    add_user(s, "u-ent2", "enterprise", "ent2");
    return s;
}

static int has(const match_hits *h, const char *key)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i].key, key) == 0)
            return 1;
    return 0;
}

static void test_search_drops_dismissed(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    store *s = fixture(path, sizeof path);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    assert_int_equal(match_index_build(ix, s, 1, &e), 0);
    model_record d;
    assert_int_equal(store_get(s, MODEL_DEMAND, "d1", &d, &e), 0);
    match_query *q;
    assert_int_equal(match_query_from_record(ix, &d, &q, &e), 0);
    match_hits h = {0};
    assert_int_equal(interest_search_for(ix, s, "ent", q, MODEL_ACHIEVEMENT, 2, &h, &e), 0);
    assert_int_equal(h.n, 2);
    char first[MODEL_KEY_MAX];
    snprintf(first, sizeof first, "%s", h.v[0].key);
    match_hits_free(&h);

    interest_actor ent = {.login = "u-ent", .org = "ent"};
    assert_int_equal(interest_dismiss(s, &ent, "achievement", first, "d1", "other", NULL, &e),
                     QIAO_EINVAL);                      /* "other" needs a note */
    assert_int_equal(interest_dismiss(s, &ent, "demand", "d1", NULL, "price", NULL, &e),
                     QIAO_EPERM);                       /* its own record */
    assert_int_equal(interest_dismiss(s, &ent, "achievement", first, "d1", "immature", "太早",
                                      &e), 0);
    assert_int_equal(interest_search_for(ix, s, "ent", q, MODEL_ACHIEVEMENT, 2, &h, &e), 0);
    assert_int_equal(h.n, 2);                           /* still two: the next moved up */
    assert_false(has(&h, first));
    match_hits_free(&h);
    assert_int_equal(interest_search_for(ix, s, "ent2", q, MODEL_ACHIEVEMENT, 2, &h, &e), 0);
    assert_true(has(&h, first));                        /* another org still gets it */
    match_hits_free(&h);

    interest_feedback f;
    assert_int_equal(interest_feedback_of(s, "achievement", first, 5, &f, &e), 0);
    assert_int_equal(f.total, 1);
    assert_int_equal(f.count[0], 1);                    /* immature */
    assert_int_equal(f.nnotes, 1);
    assert_string_equal(f.notes[0], "太早");
    interest_feedback_free(&f);

    assert_int_equal(interest_undismiss(s, &ent, "achievement", first, &e), 0);
    assert_int_equal(interest_undismiss(s, &ent, "achievement", first, &e), QIAO_ENOTFOUND);
    assert_int_equal(interest_search_for(ix, s, "ent", q, MODEL_ACHIEVEMENT, 2, &h, &e), 0);
    assert_true(has(&h, first));
    match_hits_free(&h);
    match_query_free(q);
    model_record_clear(&d);
    match_index_free(ix);
    store_close(s);
}

static int64_t count(store *s, const char *status)
{
    int64_t n = 0;
    store_interest_filter f = {.status = status};
    assert_int_equal(store_interest_list(s, &f, 0, NULL, NULL, &n, NULL), 0);
    return n;
}

static void test_send_and_answer(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    interest_actor ent = {.login = "u-ent", .org = "ent"}, uni = {.login = "u-uni", .org = "uni"},
                   ent2 = {.login = "u-ent2", .org = "ent2"};
    interest_send_req rq = {.kind = "achievement", .target = "a1", .via = "d1",
                            .message = "想了解", .per_day = 2};
    int64_t id = 0, id2 = 0;
    interest_send_req own = {.kind = "achievement", .target = "a1", .message = "x"};
    assert_int_equal(interest_send(s, &uni, &own, &id, &e), QIAO_EPERM);
    char big[2100];
    memset(big, 'x', 2001);
    big[2001] = '\0';
    interest_send_req lng = rq;
    lng.message = big;
    assert_int_equal(interest_send(s, &ent, &lng, &id, &e), QIAO_EINVAL);
    assert_string_equal(e.field, "message");
    assert_int_equal(count(s, NULL), 0);                /* refusals store nothing */

    assert_int_equal(interest_send(s, &ent, &rq, &id, &e), 0);
    assert_int_equal(interest_send(s, &ent, &rq, &id2, &e), QIAO_ECONFLICT);  /* same pair */
    interest_send_req r2 = rq;
    r2.target = "a2";
    assert_int_equal(interest_send(s, &ent, &r2, &id2, &e), 0);
    r2.target = "a3";
    assert_int_equal(interest_send(s, &ent, &r2, &id2, &e), QIAO_EPERM);     /* 2 a day */
    assert_string_equal(e.field, "rate");
    assert_int_equal(count(s, NULL), 2);

    store_interest i;
    int side;
    assert_int_equal(interest_accept(s, &ent2, id, &e), QIAO_ENOTFOUND);     /* a third party */
    assert_int_equal(interest_load(s, &ent2, id, &i, &side, &e), QIAO_ENOTFOUND);
    assert_int_equal(interest_accept(s, &ent, id, &e), QIAO_EPERM);          /* the sender */
    assert_int_equal(count(s, "open"), 2);
    store_user su, ru;
    assert_int_equal(interest_load(s, &uni, id, &i, &side, &e), 0);
    assert_int_equal(side, 2);
    assert_int_equal(interest_contacts(s, &i, &su, &ru, &e), QIAO_EPERM);    /* not yet */
    assert_int_equal(interest_accept(s, &uni, id, &e), 0);
    assert_int_equal(interest_accept(s, &uni, id, &e), QIAO_ECONFLICT);
    assert_int_equal(interest_load(s, &ent, id, &i, &side, &e), 0);
    assert_int_equal(interest_contacts(s, &i, &su, &ru, &e), 0);
    assert_string_equal(ru.phone, "028-u-uni");
    int64_t unread = 0;
    assert_int_equal(store_notice_unread(s, "u-ent", &unread, &e), 0);
    assert_int_equal(unread, 1);                        /* interest_accepted */

    /* a withdrawn record closes its live interests and tells the sender */
    put_line(s, "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"射频芯片封装工艺\","
                "\"org\":\"uni\",\"status\":\"withdrawn\"}");
    assert_int_equal(count(s, "closed"), 1);
    assert_int_equal(store_notice_unread(s, "u-ent", &unread, &e), 0);
    assert_int_equal(unread, 2);
    r2.target = "a2";
    r2.per_day = 10;
    assert_int_equal(interest_send(s, &ent, &r2, &id2, &e), QIAO_ECONFLICT);  /* withdrawn */
    store_close(s);
}

/* Signing takes both parties: the first party's "signed" is a proposal (the
 * project stays at talks, the history says so), the same party again changes
 * nothing, another party confirms with the proposed terms; a non-party is
 * refused. */
static void test_sign_by_both(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    const char *parties[] = {"uni", "ent"};
    project_start_req ps = {.id = "p1", .parties = parties, .nparties = 2, .by = "u-uni"};
    assert_int_equal(project_start(s, &ps, &e), 0);
    project_advance_req talks = {.id = "p1", .to = "talks", .by = "u-uni"};
    assert_int_equal(project_advance(s, &talks, NULL, &e), 0);
    int64_t n = 0;
    assert_int_equal(store_notice_unread(s, "u-ent", &n, &e), 0);
    assert_int_equal(n, 1);                             /* project_advanced: the other side */
    project_advance_req sign = {.id = "p1", .to = "signed", .by = "u-uni", .signed_on = "2026-12-01",
                                .mode = "license", .agreement = "《许可合同》", .amount = 500000,
                                .has_amount = 1};
    int pending = 0;
    assert_int_equal(project_sign(s, &sign, "ent2", &pending, &e), QIAO_EPERM);
    assert_int_equal(project_sign(s, &sign, "uni", &pending, &e), 0);
    assert_int_equal(pending, 1);
    model_record r;
    assert_int_equal(store_get(s, MODEL_PROJECT, "p1", &r, &e), 0);
    assert_int_equal(project_stage_of(&r), PROJECT_TALKS);
    store_sign sp;
    assert_int_equal(project_sign_pending(s, &r, &sp, &e), 1);
    assert_string_equal(sp.party, "uni");
    model_record_clear(&r);
    assert_int_equal(store_notice_unread(s, "u-ent", &n, &e), 0);
    assert_int_equal(n, 2);                             /* the other party is asked */
    assert_int_equal(store_notice_unread(s, "u-uni", &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(project_sign(s, &sign, "uni", &pending, &e), 0);   /* again: still one */
    assert_int_equal(pending, 1);
    project_advance_req confirm = {.id = "p1", .to = "signed", .by = "u-ent"};
    assert_int_equal(project_sign(s, &confirm, "ent", &pending, &e), 0);
    assert_int_equal(pending, 0);
    assert_int_equal(store_get(s, MODEL_PROJECT, "p1", &r, &e), 0);
    assert_int_equal(project_stage_of(&r), PROJECT_SIGNED);
    assert_string_equal(model_str(&r, "agreement"), "《许可合同》");   /* the proposed terms */
    assert_int_equal(json_integer_value(json_object_get(r.doc, "amount")), 500000);
    assert_int_equal(project_sign_pending(s, &r, &sp, &e), 0);  /* nothing pending now */
    model_record_clear(&r);
    assert_int_equal(store_notice_unread(s, "u-uni", &n, &e), 0);
    assert_int_equal(n, 1);                             /* the proposer hears it is signed */
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_drops_dismissed),
        cmocka_unit_test(test_send_and_answer),
        cmocka_unit_test(test_sign_by_both),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
