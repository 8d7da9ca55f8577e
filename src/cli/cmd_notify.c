/* cli/cmd_notify.c — `qiao notify test`: a test notification to an account
 * (in-app, and a mail when the account has an address), for admins checking
 * their mail setup and for the tests. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "notify/notify.h"
#include "store/store.h"

extern const cli_command cmd_notify;

#define TEST_KIND "account"

static int test(const char *db, const char *login)
{
    qiao_err e = {0};
    store *st = NULL;
    store_user u;
    int mail = 0, digest = 0, status = 1;
    if (store_open(db, &st, &e) < 0 || store_user_get(st, login, &u, &e) < 0 ||
        store_pref_get(st, login, TEST_KIND, &mail, &digest, &e) < 0 || store_begin(st, &e) < 0)
        goto out;
    if (notify_user(st, login, TEST_KIND, "测试通知",
                    "这是一条测试通知。收到它，说明站内通知和邮件发送设置正常，无需任何操作。",
                    "/me/notifications", &e) < 0 || store_commit(st, &e) < 0) {
        store_rollback(st);
        goto out;
    }
    printf("notified %s", login);
    if (!u.email[0])
        printf("; no mail: the account has no e-mail address\n");
    else if (!mail)
        printf("; no mail: the account turned off mail of kind %s\n", TEST_KIND);
    else
        printf("; mail to %s %s\n", u.email, digest ? "held for the daily digest" : "queued");
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao notify: %s\n", e.msg);
    if (st)
        store_close(st);
    return status;
}

static int run(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "test") != 0)
        return cli_usage_error(&cmd_notify, "say test");
    const char *db = "qiao.db", *login = NULL;
    for (int i = 2; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && has) db = argv[++i];
        else if (!strcmp(argv[i], "--login") && has) login = argv[++i];
        else return cli_usage_error(&cmd_notify, "unknown option '%s'", argv[i]);
    }
    if (!login)
        return cli_usage_error(&cmd_notify, "notify test needs --login");
    return test(db, login);
}

const cli_command cmd_notify = {
    "notify", "send a test notification to an account",
    "usage: qiao notify test --db PATH --login LOGIN\n\n"
    "Stores a test notification (测试通知) for LOGIN, shown on /me/notifications, and\n"
    "queues a mail to the account's address unless it has none or turned mail of kind\n"
    "'account' off (held for the digest when it chose one). The mail leaves with the\n"
    "next pass of `qiao serve`'s sender or of `qiao mail send`.\n",
    run,
};
