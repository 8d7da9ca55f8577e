/* test_advice.c — invitations to advise (src/advice/advice.h) and their
 * store ops (migration 015): a person has at most one account; one live
 * invitation per (demand, person); only the demand's side (its org's
 * accounts, its authorised technology managers, staff) invites, only a
 * person who is expert-like and has an account; only the linked account
 * answers (a forged answer stores nothing); contacts only once accepted;
 * each step notifies in its transaction; a closed demand closes them. */
#include "testutil.h"

#include "advice/advice.h"
#include "interest/interest.h"
#include "store/store.h"

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
    snprintf(u.name, sizeof u.name, "名-%s", login);
    snprintf(u.phone, sizeof u.phone, "028-%s", login);
    snprintf(u.email, sizeof u.email, "%s@example.cn", login);
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

static int notice_one(const store_notice *x, void *ud)
{
    (void)x;
    (*(int64_t *)ud)++;
    return 0;
}

static int64_t notices(store *s, const char *login)
{
    int64_t n = 0;
    qiao_err e = {0};
    if (store_notice_list(s, login, 0, 0, 100, notice_one, &n, NULL, &e) < 0)
        fail_msg("notices: %s", e.msg);
    return n;
}

static int count_one(const store_advice *v, void *ud)
{
    (void)v;
    (*(int64_t *)ud)++;
    return 0;
}

static int64_t count_live(store *s, const char *demand)
{
    int64_t n = 0;
    store_advice_filter f = {.demand = demand, .status = "live"};
    qiao_err e = {0};
    assert_int_equal(store_advice_list(s, &f, 100, count_one, &n, &e), 0);
    return n;
}

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
    put_line(s, "{\"kind\":\"person\",\"id\":\"p-exp\",\"name\":\"刘专家\",\"org\":\"uni\","
                "\"roles\":[\"expert\"]}");
    put_line(s, "{\"kind\":\"person\",\"id\":\"p-skill\",\"name\":\"王工\",\"org\":\"uni\","
                "\"expertise\":\"射频芯片测试\"}");
    put_line(s, "{\"kind\":\"person\",\"id\":\"p-inv\",\"name\":\"赵投资\",\"roles\":[\"investor\"]}");
    put_line(s, "{\"kind\":\"person\",\"id\":\"p-noacct\",\"name\":\"孙教授\",\"roles\":[\"scientist\"]}");
    put_line(s, "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"射频芯片测试\",\"org\":\"ent\","
                "\"description\":\"需要射频芯片测试平台\"}");
    add_user(s, "u-ent", "enterprise", "ent");
    add_user(s, "u-ent2", "enterprise", "ent2");
    add_user(s, "u-tm", "tech_manager", "");
    add_user(s, "u-exp", "expert", "uni");
    add_user(s, "u-skill", "expert", "uni");
    add_user(s, "u-inv", "investor", "");
    add_user(s, "u-staff", "staff", "");
    assert_int_equal(advice_link(s, "u-exp", "p-exp", "u-staff", &e), 0);
    assert_int_equal(advice_link(s, "u-skill", "p-skill", "u-staff", &e), 0);
    assert_int_equal(advice_link(s, "u-inv", "p-inv", "u-staff", &e), 0);
    return s;
}

/* The store ops: a person links to at most one account; one live invitation
 * per (demand, person); the filters. */
static void test_store_ops(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    char person[MODEL_KEY_MAX], login[65];
    assert_int_equal(store_user_person_get(s, "u-exp", person, &e), 0);
    assert_string_equal(person, "p-exp");
    assert_int_equal(store_person_account(s, "p-exp", login, &e), 0);
    assert_string_equal(login, "u-exp");
    assert_int_equal(store_person_account(s, "p-noacct", login, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_user_person_set(s, "nobody", "p-noacct", &e), QIAO_ENOTFOUND);
    /* a second account for the same person: refused by the store itself */
    assert_int_equal(store_user_person_set(s, "u-ent2", "p-exp", &e), QIAO_ECONFLICT);
    assert_int_equal(store_user_person_get(s, "u-ent2", person, &e), 0);
    assert_string_equal(person, "");
    /* and by the rule, with a message naming the account */
    assert_int_equal(advice_link(s, "u-ent2", "p-exp", "u-staff", &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "u-exp"));
    assert_int_equal(advice_link(s, "u-ent2", "p-none", "u-staff", &e), QIAO_ENOTFOUND);
    /* unlinking frees the person; relinking the same account is fine */
    assert_int_equal(advice_link(s, "u-inv", "", "u-staff", &e), 0);
    assert_int_equal(store_person_account(s, "p-inv", login, &e), QIAO_ENOTFOUND);
    assert_int_equal(advice_link(s, "u-exp", "p-exp", "u-staff", &e), 0);
    /* each change is in the account audit */
    int64_t audits = 0;
    assert_int_equal(store_audit_list(s, "u-inv", 0, 0, NULL, NULL, &audits, &e), 0);
    assert_int_equal(audits, 2);                /* linked by the fixture, then unlinked */

    store_advice a = {0};
    snprintf(a.demand, sizeof a.demand, "d1");
    snprintf(a.person, sizeof a.person, "p-exp");
    snprintf(a.org, sizeof a.org, "ent");
    snprintf(a.login, sizeof a.login, "u-ent");
    snprintf(a.message, sizeof a.message, "请指导");
    assert_int_equal(store_advice_add(s, &a, &e), 0);
    assert_true(a.id > 0);
    assert_string_equal(a.status, "invited");
    store_advice b = a;
    b.id = 0;
    assert_int_equal(store_advice_add(s, &b, &e), QIAO_ECONFLICT);
    assert_int_equal(count_live(s, "d1"), 1);
    snprintf(a.status, sizeof a.status, "declined");
    snprintf(a.reason, sizeof a.reason, "没空");
    assert_int_equal(store_advice_update(s, &a, &e), 0);
    assert_int_equal(count_live(s, "d1"), 0);
    assert_int_equal(store_advice_add(s, &b, &e), 0);     /* again, once the first ended */
    store_advice got;
    assert_int_equal(store_advice_get(s, a.id, &got, &e), 0);
    assert_string_equal(got.status, "declined");
    assert_string_equal(got.reason, "没空");
    assert_int_equal(store_advice_get(s, 999, &got, &e), QIAO_ENOTFOUND);
    store_advice_filter f = {.person = "p-exp"};
    int64_t n = 0;
    assert_int_equal(store_advice_list(s, &f, 100, count_one, &n, &e), 0);
    assert_int_equal(n, 2);
    store_advice_filter g = {.org = "ent2"};
    n = 0;
    assert_int_equal(store_advice_list(s, &g, 100, count_one, &n, &e), 0);
    assert_int_equal(n, 0);
    store_close(s);
}

/* Who may invite, whom, and the notification in the same transaction. */
static void test_invite_rules(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    advice_actor ent = {.login = "u-ent"}, ent2 = {.login = "u-ent2"}, tm = {.login = "u-tm"},
                 staff = {.login = "u-staff", .staff = 1};
    int64_t id = 0;
    /* another org's account: refused, nothing stored, nobody notified */
    assert_int_equal(advice_invite(s, &ent2, "d1", "p-exp", "请指导", &id, &e), QIAO_EPERM);
    assert_int_equal(count_live(s, "d1"), 0);
    assert_int_equal(notices(s, "u-exp"), 0);
    /* a technology manager before and after the org authorises it */
    assert_int_equal(advice_invite(s, &tm, "d1", "p-exp", "请指导", &id, &e), QIAO_EPERM);
    assert_int_equal(interest_manager_set(s, "ent", "u-tm", "u-staff", 1, 1, &e), 0);
    /* not expert-like: an investor without expertise */
    assert_int_equal(advice_link(s, "u-inv", "p-inv", "u-staff", &e), 0);
    assert_int_equal(advice_invite(s, &ent, "d1", "p-inv", "请指导", &id, &e), QIAO_EINVAL);
    assert_string_equal(e.field, "person");
    /* expert-like but without an account */
    assert_int_equal(advice_invite(s, &ent, "d1", "p-noacct", "请指导", &id, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "账号"));
    /* an empty message */
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", " \n", &id, &e), QIAO_EINVAL);
    assert_int_equal(count_live(s, "d1"), 0);
    /* the demand's org: stored and the expert notified */
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", "请评估测试方案", &id, &e), 0);
    assert_int_equal(count_live(s, "d1"), 1);
    assert_int_equal(notices(s, "u-exp"), 1);
    /* one live invitation per (demand, person), whoever asks */
    assert_int_equal(advice_invite(s, &staff, "d1", "p-exp", "再次邀请", &id, &e),
                     QIAO_ECONFLICT);
    assert_int_equal(notices(s, "u-exp"), 1);
    /* by expertise alone; by the authorised manager; by staff */
    assert_int_equal(advice_invite(s, &tm, "d1", "p-skill", "请指导", &id, &e), 0);
    assert_int_equal(count_live(s, "d1"), 2);
    model_record d;
    assert_int_equal(store_get(s, MODEL_DEMAND, "d1", &d, &e), 0);
    assert_int_equal(advice_may_invite(s, &ent, &d), 1);
    assert_int_equal(advice_may_invite(s, &staff, &d), 1);
    assert_int_equal(advice_may_invite(s, &ent2, &d), 0);
    model_record_clear(&d);
    store_close(s);
}

/* Only the linked account answers; contacts once accepted; the inviter hears. */
static void test_answer(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    advice_actor ent = {.login = "u-ent"}, ent2 = {.login = "u-ent2"},
                 exp = {.login = "u-exp"}, skill = {.login = "u-skill"},
                 staff = {.login = "u-staff", .staff = 1};
    int64_t id = 0, id2 = 0;
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", "请评估测试方案", &id, &e), 0);
    assert_int_equal(advice_invite(s, &ent, "d1", "p-skill", "请指导", &id2, &e), 0);
    store_advice v;
    int side = -1;
    /* a third party learns nothing and cannot answer */
    assert_int_equal(advice_load(s, &ent2, id, &v, &side, &e), QIAO_ENOTFOUND);
    assert_int_equal(advice_accept(s, &ent2, id, &e), QIAO_EPERM);
    assert_int_equal(advice_accept(s, &skill, id, &e), QIAO_EPERM);   /* another expert */
    assert_int_equal(advice_accept(s, &ent, id, &e), QIAO_EPERM);     /* the inviter */
    assert_int_equal(advice_accept(s, &staff, id, &e), QIAO_EPERM);
    assert_non_null(strstr(e.msg, "本人"));
    assert_int_equal(store_advice_get(s, id, &v, &e), 0);
    assert_string_equal(v.status, "invited");
    assert_int_equal(notices(s, "u-ent"), 0);
    store_user a, b;
    assert_int_equal(advice_contacts(s, &v, &a, &b, &e), QIAO_EPERM);
    /* the sides */
    assert_int_equal(advice_load(s, &exp, id, &v, &side, &e), 0);
    assert_int_equal(side, 2);
    assert_int_equal(advice_load(s, &ent, id, &v, &side, &e), 0);
    assert_int_equal(side, 1);
    assert_int_equal(advice_load(s, &staff, id, &v, &side, &e), 0);
    assert_int_equal(side, 0);
    /* the expert accepts: contacts of both, the inviter notified */
    assert_int_equal(advice_accept(s, &exp, id, &e), 0);
    assert_int_equal(store_advice_get(s, id, &v, &e), 0);
    assert_string_equal(v.status, "accepted");
    assert_string_equal(v.expert, "u-exp");
    assert_int_equal(notices(s, "u-ent"), 1);
    assert_int_equal(advice_contacts(s, &v, &a, &b, &e), 0);
    assert_string_equal(a.phone, "028-u-ent");
    assert_string_equal(b.email, "u-exp@example.cn");
    assert_int_equal(advice_accept(s, &exp, id, &e), QIAO_ECONFLICT);   /* once */
    /* declining needs a reason */
    assert_int_equal(advice_decline(s, &skill, id2, "", &e), QIAO_EINVAL);
    assert_int_equal(advice_decline(s, &skill, id2, "近期出差", &e), 0);
    assert_int_equal(store_advice_get(s, id2, &v, &e), 0);
    assert_string_equal(v.status, "declined");
    assert_string_equal(v.reason, "近期出差");
    assert_int_equal(notices(s, "u-ent"), 2);
    store_close(s);
}

static int count_side(const store_advice *v, int side, void *ud)
{
    (void)v;
    int64_t *n = ud;
    n[side]++;
    return 0;
}

static void test_lists(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    advice_actor ent = {.login = "u-ent"}, ent2 = {.login = "u-ent2"},
                 exp = {.login = "u-exp"}, staff = {.login = "u-staff", .staff = 1};
    int64_t id = 0;
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", "请评估测试方案", &id, &e), 0);
    assert_int_equal(advice_invite(s, &staff, "d1", "p-skill", "请指导", &id, &e), 0);
    int64_t n[3] = {0};
    assert_int_equal(advice_list(s, &exp, 100, count_side, n, &e), 0);
    assert_int_equal(n[2], 1);
    assert_int_equal(n[1], 0);
    memset(n, 0, sizeof n);
    assert_int_equal(advice_list(s, &ent, 100, count_side, n, &e), 0);
    assert_int_equal(n[1], 2);           /* the org's, including the one staff sent */
    memset(n, 0, sizeof n);
    assert_int_equal(advice_list(s, &ent2, 100, count_side, n, &e), 0);
    assert_int_equal(n[0] + n[1] + n[2], 0);
    memset(n, 0, sizeof n);
    assert_int_equal(advice_list(s, &staff, 100, count_side, n, &e), 0);
    assert_int_equal(n[0], 2);
    store_close(s);
}

/* A closed demand closes its live invitations, notifies the experts, and
 * invites no more. */
static void test_closed_demand(void **state)
{
    (void)state;
    char path[512];
    qiao_err e = {0};
    store *s = fixture(path, sizeof path);
    advice_actor ent = {.login = "u-ent"}, exp = {.login = "u-exp"};
    int64_t id = 0, id2 = 0;
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", "请评估测试方案", &id, &e), 0);
    assert_int_equal(advice_invite(s, &ent, "d1", "p-skill", "请指导", &id2, &e), 0);
    assert_int_equal(advice_decline(s, &(advice_actor){.login = "u-skill"}, id2, "没空", &e), 0);
    int64_t before = notices(s, "u-exp");
    put_line(s, "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"射频芯片测试\",\"org\":\"ent\","
                "\"description\":\"需要射频芯片测试平台\",\"status\":\"closed\"}");
    store_advice v;
    assert_int_equal(store_advice_get(s, id, &v, &e), 0);
    assert_string_equal(v.status, "closed");
    assert_non_null(strstr(v.reason, "关闭"));
    assert_int_equal(notices(s, "u-exp"), before + 1);
    assert_int_equal(store_advice_get(s, id2, &v, &e), 0);
    assert_string_equal(v.status, "declined");         /* an answered one stays */
    assert_int_equal(advice_accept(s, &exp, id, &e), QIAO_ECONFLICT);
    assert_int_equal(advice_invite(s, &ent, "d1", "p-exp", "再请", &id, &e), QIAO_ECONFLICT);
    model_record d;
    assert_int_equal(store_get(s, MODEL_DEMAND, "d1", &d, &e), 0);
    assert_int_equal(advice_may_invite(s, &ent, &d), 0);
    model_record_clear(&d);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_ops),
        cmocka_unit_test(test_invite_rules),
        cmocka_unit_test(test_answer),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_closed_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
