/* test_mail.c — mail preferences, the outbox's claims, the daily digest,
 * retries and unsubscribe links (src/notify, store.h, migration 009):
 * notify_user honours each account's choice per kind (off: no mail; digest:
 * held, then one digest mail); a claimed mail is not claimed again until its
 * lease ends; a failed delivery waits, the delay doubling; unsubscribe
 * signatures name one account and one kind and cannot be forged. */
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include "teststore.h"

#include "notify/notify.h"
#include "store/store.h"

static void add_user(store *s, const char *login, const char *email)
{
    qiao_err e = {0};
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", "expert");
    snprintf(u.email, sizeof u.email, "%s", email);
    if (store_user_set_password(&u, "pass-word-1", &e) < 0 || store_user_put(s, &u, &e) < 0)
        fail_msg("user: %s", e.msg);
}

static void notify(store *s, const char *login, const char *kind, const char *title)
{
    qiao_err e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    if (notify_user(s, login, kind, title, "正文", "/me", &e) < 0)
        fail_msg("notify_user: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
}

typedef struct tally {
    int n, held;
    int64_t ids[16];
    char subject[200];
} tally;

static int count(const store_mail *m, void *ud)
{
    tally *t = ud;
    if (t->n < 16)
        t->ids[t->n] = m->id;
    t->n++;
    t->held += m->digest;
    snprintf(t->subject, sizeof t->subject, "%s", m->subject);
    return 0;
}

static tally pending(store *s)
{
    tally t = {0};
    qiao_err e = {0};
    assert_int_equal(store_mail_list(s, 1, 1000, count, &t, &e), 0);
    return t;
}

static void test_preferences(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "wang", "wang@example.cn");
    int mail = -1, digest = -1;
    assert_int_equal(store_pref_get(s, "wang", "message", &mail, &digest, &e), 0);
    assert_int_equal(mail, 1);            /* default: on, at once */
    assert_int_equal(digest, 0);

    /* off: the notification stays, no mail */
    assert_int_equal(store_pref_set(s, "wang", "message", 0, 0, &e), 0);
    notify(s, "wang", "message", "新留言");
    int64_t unread = 0;
    assert_int_equal(store_notice_unread(s, "wang", &unread, &e), 0);
    assert_int_equal(unread, 1);
    assert_int_equal(pending(s).n, 0);
    /* another kind still mails */
    notify(s, "wang", "new_match", "新的匹配");
    tally t = pending(s);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.held, 0);

    /* digest: held, not due, not claimable */
    assert_int_equal(store_pref_set(s, "wang", "message", 1, 1, &e), 0);
    assert_int_equal(store_pref_get(s, "wang", "message", &mail, &digest, &e), 0);
    assert_int_equal(mail + digest, 2);
    notify(s, "wang", "message", "第一条留言");
    notify(s, "wang", "message", "第二条留言");
    t = pending(s);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.held, 2);
    tally due = {0};
    assert_int_equal(store_mail_due(s, INT64_MAX, 100, count, &due, &e), 0);
    assert_int_equal(due.n, 1);

    /* the digest gathers the two into one mail and closes them */
    size_t digests = 0;
    assert_int_equal(notify_digest(s, INT64_MAX, &digests, &e), 0);
    assert_int_equal(digests, 1);
    t = pending(s);
    assert_int_equal(t.n, 2);             /* new_match and the digest */
    assert_int_equal(t.held, 0);
    assert_string_equal(t.subject, "新的匹配");   /* listed newest first: the oldest last */
    tally all = {0};
    assert_int_equal(store_mail_list(s, 0, 1000, count, &all, &e), 0);
    assert_int_equal(all.n, 4);          /* new_match, the two held ones, the digest */
    memset(&due, 0, sizeof due);
    assert_int_equal(store_mail_due(s, INT64_MAX, 100, count, &due, &e), 0);
    assert_int_equal(due.n, 2);
    /* nothing held is left: a second digest queues nothing */
    assert_int_equal(notify_digest(s, INT64_MAX, &digests, &e), 0);
    assert_int_equal(digests, 0);

    /* mail held after the cut-off waits for the next digest */
    notify(s, "wang", "message", "第三条留言");
    assert_int_equal(notify_digest(s, 1, &digests, &e), 0);
    assert_int_equal(digests, 0);
    assert_int_equal(pending(s).held, 1);
    store_close(s);
}

/* Nobody can switch off their own reset link: requested kinds always mail at once. */
static void test_requested_kinds_always_mail(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "wang", "wang@example.cn");
    assert_true(notify_kind_requested("password_reset"));
    assert_false(notify_kind_requested("message"));
    assert_int_equal(store_pref_set(s, "wang", "password_reset", 0, 0, &e), 0);
    assert_int_equal(store_pref_set(s, "wang", "invitation", 1, 1, &e), 0);
    notify(s, "wang", "password_reset", "重设密码");
    notify(s, "wang", "invitation", "账号邀请");
    tally t = pending(s);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.held, 0);
    /* and an unsubscribe link cannot name them; "*" leaves them alone */
    assert_int_equal(notify_unsubscribe(s, "wang", "password_reset", &e), QIAO_EINVAL);
    assert_int_equal(notify_unsubscribe(s, "wang", "*", &e), 0);
    notify(s, "wang", "password_reset", "重设密码");
    assert_int_equal(pending(s).n, 3);
    store_close(s);
}

static void test_digest_cutoff(void **state)
{
    (void)state;
    /* 2026-12-07 00:00 UTC is 08:00 Beijing */
    assert_int_equal(notify_digest_cutoff(1796601600), 1796601600);
    assert_int_equal(notify_digest_cutoff(1796601600 + 3600), 1796601600);
    assert_int_equal(notify_digest_cutoff(1796601600 - 1), 1796601600 - 86400);
}

static void test_claims(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    store *other;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &other, &e), 0);
    add_user(s, "wang", "wang@example.cn");
    for (int i = 0; i < 5; i++)
        notify(s, "wang", "message", "留言");
    int64_t now = (int64_t)time(NULL) + 10;

    /* the first sender takes 3; the second (another handle) gets only the other 2 */
    tally a = {0}, b = {0}, c = {0};
    assert_int_equal(store_mail_claim(s, now, now + 300, 3, count, &a, &e), 0);
    assert_int_equal(store_mail_claim(other, now, now + 300, 100, count, &b, &e), 0);
    assert_int_equal(a.n, 3);
    assert_int_equal(b.n, 2);
    for (int i = 0; i < a.n; i++)
        for (int j = 0; j < b.n; j++)
            assert_true(a.ids[i] != b.ids[j]);
    assert_int_equal(store_mail_claim(other, now, now + 300, 100, count, &c, &e), 0);
    assert_int_equal(c.n, 0);

    /* sent ones are done; failed ones come back at their next try; a claim
     * that was never settled comes back when its lease ends */
    assert_int_equal(store_mail_sent(s, a.ids[0], &e), 0);
    assert_int_equal(store_mail_failed(s, a.ids[1], now + 60, "connection refused", &e), 0);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_mail_claim(other, now + 59, now + 400, 100, count, &c, &e), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(store_mail_claim(other, now + 60, now + 400, 100, count, &c, &e), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.ids[0], a.ids[1]);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_mail_claim(other, now + 300, now + 600, 100, count, &c, &e), 0);
    assert_int_equal(c.n, 3);          /* a.ids[2] and b's two, their leases over */
    assert_int_equal(store_mail_claim(s, now, now, 10, count, &c, &e), QIAO_EINVAL);
    store_close(other);
    store_close(s);
}

static void test_backoff(void **state)
{
    (void)state;
    notify_mailer m = {.retry = 30};
    assert_int_equal(notify_backoff(&m, 1), 30);
    assert_int_equal(notify_backoff(&m, 2), 60);
    assert_int_equal(notify_backoff(&m, 3), 120);
    assert_int_equal(notify_backoff(&m, 40), 6 * 3600);
}

static void test_unsubscribe(void **state)
{
    (void)state;
    char path[512];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "wang", "wang@example.cn");
    char sig[65], again[65];
    assert_int_equal(notify_unsub_sign(s, "wang", "message", sig, &e), 0);
    assert_int_equal(strlen(sig), 64);
    /* the key is kept in the store: another handle signs the same */
    store *other;
    assert_int_equal(store_open(path, &other, &e), 0);
    assert_int_equal(notify_unsub_sign(other, "wang", "message", again, &e), 0);
    assert_string_equal(sig, again);
    store_close(other);
    assert_int_equal(notify_unsub_verify(s, "wang", "message", sig, &e), 0);
    assert_int_equal(notify_unsub_verify(s, "li", "message", sig, &e), QIAO_EPERM);
    assert_int_equal(notify_unsub_verify(s, "wang", "new_match", sig, &e), QIAO_EPERM);
    again[0] = again[0] == '0' ? '1' : '0';
    assert_int_equal(notify_unsub_verify(s, "wang", "message", again, &e), QIAO_EPERM);
    assert_int_equal(notify_unsub_verify(s, "wang", "message", "", &e), QIAO_EPERM);
    /* another store has another key */
    char path2[512];
    store *s2 = tu_store_fresh(path2, sizeof path2);
    assert_int_equal(notify_unsub_verify(s2, "wang", "message", sig, &e), QIAO_EPERM);
    store_close(s2);

    buf url = {0};
    assert_int_equal(notify_unsub_url(s, "https://qiao.example/", "wang", "message", &url, &e), 0);
    char want[200];
    snprintf(want, sizeof want, "https://qiao.example/unsubscribe?u=wang&k=message&t=%s", sig);
    assert_string_equal(url.p, want);
    buf_free(&url);

    /* one kind off, then everything */
    assert_int_equal(notify_unsubscribe(s, "wang", "message", &e), 0);
    int mail, digest;
    assert_int_equal(store_pref_get(s, "wang", "message", &mail, &digest, &e), 0);
    assert_int_equal(mail, 0);
    assert_int_equal(store_pref_get(s, "wang", "new_match", &mail, &digest, &e), 0);
    assert_int_equal(mail, 1);
    assert_int_equal(notify_unsubscribe(s, "wang", "*", &e), 0);
    size_t n;
    const notify_kind *k = notify_kinds(&n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(store_pref_get(s, "wang", k[i].code, &mail, &digest, &e), 0);
        assert_int_equal(mail, notify_kind_requested(k[i].code));   /* all off but those */
    }
    assert_int_equal(notify_unsubscribe(s, "wang", "nope", &e), QIAO_EINVAL);
    store_close(s);
}

/* Without --smtp, mail goes to DIR/ID.eml: each mail once, the outbox empty after. */
static void test_send_to_files(void **state)
{
    (void)state;
    char path[512], dir[600];
    store *s = tu_store_fresh(path, sizeof path);
    qiao_err e = {0};
    add_user(s, "wang", "wang@example.cn");
    add_user(s, "li", "not an address");
    notify(s, "wang", "message", "留言一");
    notify(s, "wang", "message", "留言二");
    notify(s, "li", "message", "留言三");
    snprintf(dir, sizeof dir, "%s.mail", path);
    notify_mailer m = {.dir = dir, .from = "noreply@qiao.example",
                       .base_url = "https://qiao.example", .retry = 60};
    size_t sent = 0, failed = 0;
    assert_int_equal(notify_send_due(s, &m, &sent, &failed, &e), 0);
    assert_int_equal(sent, 2);
    assert_int_equal(failed, 1);         /* li's address is refused, kept for later */
    assert_int_equal(notify_send_due(s, &m, &sent, &failed, &e), 0);
    assert_int_equal(sent + failed, 0);  /* nothing due: li's retry is a minute away */
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        files += strstr(de->d_name, ".eml") != NULL;
    closedir(d);
    assert_int_equal(files, 2);
    tally t = pending(s);
    assert_int_equal(t.n, 1);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preferences), cmocka_unit_test(test_requested_kinds_always_mail),
        cmocka_unit_test(test_digest_cutoff),
        cmocka_unit_test(test_claims), cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_unsubscribe), cmocka_unit_test(test_send_to_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
