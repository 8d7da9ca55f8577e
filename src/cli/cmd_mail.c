/* cli/cmd_mail.c — `qiao mail send|list`: deliver the outbox once, show it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/mailopts.h"
#include "store/store.h"

extern const cli_command cmd_mail;

static int send_all(store *st, const notify_mailer *m, int digest)
{
    qiao_err e = {0};
    size_t digests = 0, sent = 0, failed = 0;
    if (digest && notify_digest(st, (int64_t)time(NULL) + 1, &digests, &e) < 0)
        goto fail;
    /* passes until nothing is due (a failed mail waits for its next try) */
    for (;;) {
        size_t s = 0, f = 0;
        if (notify_send_due(st, m, &s, &f, &e) < 0)
            goto fail;
        sent += s;
        failed += f;
        if (s + f == 0 || f)
            break;
    }
    if (digest)
        printf("%zu digest(s) queued\n", digests);
    printf("%zu sent, %zu failed\n", sent, failed);
    if (failed && e.msg[0])
        fprintf(stderr, "qiao mail: the last failure: %s\n", e.msg);
    return failed ? 1 : 0;
fail:
    fprintf(stderr, "qiao mail: %s\n", e.msg);
    return 1;
}

static int show(const store_mail *m, void *ud)
{
    (void)ud;
    const char *state = m->sent_at ? "sent" : m->digest ? "held" : m->attempts ? "retry" : "queued";
    printf("%lld\t%s\t%s\t%s\t%d\t%s", (long long)m->id, state, m->to, *m->kind ? m->kind : "-",
           m->attempts, m->subject);
    if (!m->sent_at && m->last_error && *m->last_error)
        printf("\t%s", m->last_error);
    putchar('\n');
    return 0;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_mail, "say send or list");
    const char *db = "qiao.db";
    int digest = 0, pending = 0;
    long limit = 100;
    cli_mailopts o;
    cli_mailopts_init(&o);
    for (int i = 2; i < argc; i++) {
        int t = cli_mailopts_take(&o, &cmd_mail, argc, argv, &i);
        if (t == 2)
            return 2;
        if (t == 1)
            continue;
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && has) db = argv[++i];
        else if (!strcmp(argv[i], "--digest")) digest = 1;
        else if (!strcmp(argv[i], "--pending")) pending = 1;
        else if (!strcmp(argv[i], "--limit") && has) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 1 || limit > 1000)
                return cli_usage_error(&cmd_mail, "--limit must be 1-1000");
        }
        else return cli_usage_error(&cmd_mail, "unknown option '%s'", argv[i]);
    }
    cli_mailopts_finish(&o, db);
    int send = !strcmp(argv[1], "send");
    if (!send && strcmp(argv[1], "list") != 0)
        return cli_usage_error(&cmd_mail, "unknown action '%s' (send or list)", argv[1]);
    qiao_err e = {0};
    store *st;
    if (store_open(db, &st, &e) < 0) {
        fprintf(stderr, "qiao mail: %s\n", e.msg);
        return 1;
    }
    int rc;
    if (send) {
        rc = send_all(st, &o.m, digest);
    } else {
        rc = store_mail_list(st, pending, limit, show, NULL, &e) < 0;
        if (rc)
            fprintf(stderr, "qiao mail: %s\n", e.msg);
    }
    store_close(st);
    return rc;
}

const cli_command cmd_mail = {
    "mail", "deliver the mail outbox once, or list it",
    "usage: qiao mail send --db PATH [--smtp URL] [--mail-from ADDR] [--base-url URL]\n"
    "                      [--mail-dir DIR] [--mail-retry SECS] [--digest]\n"
    "       qiao mail list --db PATH [--pending] [--limit N]\n\n"
    "Every mail qiao sends is first written to the outbox in the store, in the same\n"
    "transaction as the change it tells about; `qiao serve` delivers it in the background.\n"
    "send: delivers every mail that is due now (as `qiao serve` would), then exits;\n"
    "  exit status 1 when some could not be delivered (they stay for a later try).\n"
    "  --digest  first gather all mail held for daily digests into one digest per\n"
    "            account (serve does this for mail held before 08:00 Beijing time)\n"
    CLI_MAILOPTS_HELP
    "list: the newest mails, one a line: id, state (queued, retry, held, sent), address,\n"
    "  kind, attempts, subject and the last error.\n"
    "  --pending  only those not yet delivered\n"
    "  --limit N  at most N (1-1000, default 100)\n",
    run,
};
