/* test_notify.c — notifications and the mail outbox (src/notify/notify.h,
 * store.h, migrations/008_notify.sql): a notification reaches the account
 * and, when it has an address, the outbox; both roll back with the change
 * that caused them; read marks, the due list and retries. */
#include "teststore.h"

#include "notify/notify.h"
#include "store/store.h"

static void add_user(store *s, const char *login, const char *org, const char *email)
{
    qiao_err e = {0};
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", "enterprise");
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.email, sizeof u.email, "%s", email);
    snprintf(u.name, sizeof u.name, "%s", "王经理");
    snprintf(u.phone, sizeof u.phone, "%s", "028-12345678");
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

static void add_org(store *s, const char *id)
{
    qiao_err e = {0};
    char line[256];
    snprintf(line, sizeof line, "{\"kind\":\"org\",\"id\":\"%s\",\"name\":\"测试企业%s\","
             "\"type\":\"enterprise\"}", id, id);
    model_record r;
    if (model_from_canonical(line, strlen(line), &r, &e) < 0)
        fail_msg("record: %s", e.msg);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_put(s, &r, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

typedef struct seen {
    int n;
    char last_title[200];
    int64_t last_id;
} seen;

static int count_notice(const store_notice *n, void *ud)
{
    seen *c = ud;
    if (c->n++ == 0) {
        snprintf(c->last_title, sizeof c->last_title, "%s", n->title);
        c->last_id = n->id;
    }
    return 0;
}

static int count_mail(const store_mail *m, void *ud)
{
    seen *c = ud;
    if (c->n++ == 0) {
        snprintf(c->last_title, sizeof c->last_title, "%s", m->subject);
        c->last_id = m->id;
    }
    return 0;
}

static void test_contact_kept(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    add_org(s, "acme");
    add_user(s, "wang", "acme", "wang@example.cn");
    store_user u;
    qiao_err e = {0};
    assert_int_equal(store_user_get(s, "wang", &u, &e), 0);
    assert_string_equal(u.email, "wang@example.cn");
    assert_string_equal(u.name, "王经理");
    assert_string_equal(u.phone, "028-12345678");
    store_close(s);
}

static void test_notify_and_mail(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_org(s, "acme");
    add_user(s, "wang", "acme", "wang@example.cn");
    add_user(s, "li", "acme", "");

    /* rolled back with the change: nothing stays */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(notify_user(s, "wang", "interest_received", "新的合作意向", "正文",
                                 "/me/interests", &e), 0);
    store_rollback(s);
    int64_t unread = -1;
    assert_int_equal(store_notice_unread(s, "wang", &unread, &e), 0);
    assert_int_equal(unread, 0);
    seen m = {0};
    assert_int_equal(store_mail_due(s, INT64_MAX, 100, count_mail, &m, &e), 0);
    assert_int_equal(m.n, 0);

    /* committed: both accounts get the notice, only the one with an address a mail */
    assert_int_equal(store_begin(s, &e), 0);
    size_t n = 0;
    assert_int_equal(notify_org(s, "acme", "interest_received", "新的合作意向", "正文",
                                "/me/interests", &n, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_notice_unread(s, "li", &unread, &e), 0);
    assert_int_equal(unread, 1);
    memset(&m, 0, sizeof m);
    assert_int_equal(store_mail_due(s, INT64_MAX, 100, count_mail, &m, &e), 0);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.last_title, "新的合作意向");

    /* a failed attempt postpones the mail; delivered, it is gone from the due list */
    assert_int_equal(store_mail_failed(s, m.last_id, INT64_MAX - 1, "connection refused", &e), 0);
    seen m2 = {0};
    assert_int_equal(store_mail_due(s, INT64_MAX - 2, 100, count_mail, &m2, &e), 0);
    assert_int_equal(m2.n, 0);
    assert_int_equal(store_mail_sent(s, m.last_id, &e), 0);
    assert_int_equal(store_mail_due(s, INT64_MAX, 100, count_mail, &m2, &e), 0);
    assert_int_equal(m2.n, 0);

    /* unknown kind and unknown account are refused */
    assert_int_equal(notify_user(s, "wang", "no_such_kind", "x", "", "", &e), QIAO_EINVAL);
    assert_int_equal(notify_user(s, "nobody", "message", "x", "", "", &e), QIAO_ENOTFOUND);
    store_close(s);
}

static void test_read_marks(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_org(s, "acme");
    add_user(s, "wang", "acme", "");
    add_user(s, "li", "acme", "");
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(notify_user(s, "wang", "message", "第一条", "", "", &e), 0);
    assert_int_equal(notify_user(s, "wang", "message", "第二条", "", "", &e), 0);
    assert_int_equal(store_commit(s, &e), 0);

    seen c = {0};
    int64_t total = 0;
    assert_int_equal(store_notice_list(s, "wang", 0, 0, 10, count_notice, &c, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_string_equal(c.last_title, "第二条");     /* newest first */
    /* another account cannot mark it */
    assert_int_equal(store_notice_mark_read(s, "li", c.last_id, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_notice_mark_read(s, "wang", c.last_id, &e), 0);
    int64_t unread = 0;
    assert_int_equal(store_notice_unread(s, "wang", &unread, &e), 0);
    assert_int_equal(unread, 1);
    assert_int_equal(store_notice_mark_read(s, "wang", 0, &e), 0);
    assert_int_equal(store_notice_unread(s, "wang", &unread, &e), 0);
    assert_int_equal(unread, 0);
    seen u = {0};
    assert_int_equal(store_notice_list(s, "wang", 1, 0, 10, count_notice, &u, &total, &e), 0);
    assert_int_equal(total, 0);
    assert_int_equal(u.n, 0);
    store_close(s);
}

static void test_kinds_have_labels(void **state)
{
    (void)state;
    size_t n;
    const notify_kind *k = notify_kinds(&n);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(notify_kind_find(k[i].code));
        assert_true((unsigned char)k[i].label[0] >= 0x80);     /* Chinese, not a code */
    }
    assert_null(notify_kind_find("nope"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contact_kept), cmocka_unit_test(test_notify_and_mail),
        cmocka_unit_test(test_read_marks), cmocka_unit_test(test_kinds_have_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
