/* cli/cmd_interest.c — `qiao interest`: interests (有意向) and 不合适 from the
 * command line, acting as an account (--login), with the same rules as the
 * site (src/interest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "interest/interest.h"
#include "project/project.h"
#include "store/store.h"

static int run(int argc, char **argv);

const cli_command cmd_interest = {
    "interest", "interests (有意向) between records' owners, and 不合适 with a reason",
    "usage: qiao interest list    --db PATH --login L\n"
    "       qiao interest show    --db PATH --login L --id N\n"
    "       qiao interest send    --db PATH --login L (--achievement ID | --demand ID)\n"
    "                             [--via ID] --message TEXT [--per-day N]\n"
    "       qiao interest accept  --db PATH --login L --id N\n"
    "       qiao interest decline --db PATH --login L --id N --reason TEXT\n"
    "       qiao interest message --db PATH --login L --id N --message TEXT\n"
    "       qiao interest propose|confirm --db PATH --login L --id N\n"
    "       qiao interest dismiss --db PATH --login L (--achievement ID | --demand ID)\n"
    "                             [--via ID] --reason CODE [--note TEXT]\n"
    "       qiao interest undismiss --db PATH --login L (--achievement ID | --demand ID)\n\n"
    "Acts as account L (its org is the side it speaks for), with the rules of the\n"
    "site: not on one's own org's record nor on a withdrawn or closed one; one\n"
    "live interest per side and record; at most --per-day interests per account\n"
    "in 24 hours (default 20); messages up to 2,000 characters. The other side's\n"
    "accounts are notified (in-app and the mail outbox). Contacts show once the\n"
    "interest is accepted. propose: one side proposes a cooperation project from\n"
    "an accepted interest; confirm: the other side starts it (qiao project).\n"
    "dismiss marks a suggested record 不合适 for L's org: it is never suggested\n"
    "to the org again (qiao match, the site, event suggestions) until undismiss.\n"
    "Reasons: immature (技术尚不成熟), benefit (相对现有技术优势不明确),\n"
    "commercial (商业化路径不清晰), unclear (描述不清楚), price (价格不合适),\n"
    "other (其他; needs --note).\n\n"
    "  --db PATH        the store\n"
    "  --login L        the account acting\n"
    "  --id N           the interest's number (qiao interest list)\n\n"
    "Exit status: 0, 1 when refused (the reason is printed), 2 usage.\n",
    run,
};

static void print_row(const store_interest *i)
{
    printf("%-5lld %-9s %-12s %-28s from %s%s%s to %s%s%s\n", (long long)i->id, i->status,
           i->kind, i->target, i->from_login, *i->from_org ? "/" : "", i->from_org, i->to_org,
           *i->project ? "  project " : "", i->project);
}

static int list_row(const store_interest *i, void *ud)
{
    (void)ud;
    print_row(i);
    return 0;
}

static int msg_row(const store_message *m, void *ud)
{
    char at[32];
    (void)ud;
    project_time_format(m->created, at);
    printf("  %s %s: %s\n", at, m->login, m->body);
    return 0;
}

static int show(store *s, const interest_actor *a, int64_t id, qiao_err *e)
{
    store_interest i;
    store_user su, ru;
    if (interest_load(s, a, id, &i, NULL, e) < 0)
        return -1;
    print_row(&i);
    if (*i.reason)
        printf("  reason: %s\n", i.reason);
    if (interest_contacts(s, &i, &su, &ru, NULL) == 0) {
        printf("  contact %s: %s %s %s\n", i.from_org, *su.name ? su.name : su.login, su.phone,
               su.email);
        printf("  contact %s: %s %s %s\n", i.to_org, *ru.name ? ru.name : ru.login, ru.phone,
               ru.email);
    }
    return store_message_list(s, i.id, msg_row, NULL, e);
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_interest, "give a subcommand: list, show, send, accept, "
                               "decline, message, propose, confirm, dismiss or undismiss");
    const char *sub = argv[1], *db = NULL, *login = NULL, *kind = NULL, *target = NULL;
    const char *via = NULL, *message = NULL, *reason = NULL, *note = NULL;
    long long id = 0;
    long per_day = 0;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (!strcmp(o, "--db") && has) db = argv[++i];
        else if (!strcmp(o, "--login") && has) login = argv[++i];
        else if ((!strcmp(o, "--achievement") || !strcmp(o, "--demand")) && has) {
            kind = o + 2;
            target = argv[++i];
        }
        else if (!strcmp(o, "--via") && has) via = argv[++i];
        else if (!strcmp(o, "--message") && has) message = argv[++i];
        else if (!strcmp(o, "--reason") && has) reason = argv[++i];
        else if (!strcmp(o, "--note") && has) note = argv[++i];
        else if ((!strcmp(o, "--id") || !strcmp(o, "--per-day")) && has) {
            char *end;
            long long v = strtoll(argv[++i], &end, 10);
            if (*end || v < 1)
                return cli_usage_error(&cmd_interest, "%s takes a positive number, got '%s'", o,
                                       argv[i]);
            if (o[2] == 'i')
                id = v;
            else
                per_day = (long)v;
        }
        else return cli_usage_error(&cmd_interest, "unknown option or missing value: %s", o);
    }
    if (!db || !login)
        return cli_usage_error(&cmd_interest, "--db PATH and --login L are required");
    int by_id = !strcmp(sub, "show") || !strcmp(sub, "accept") || !strcmp(sub, "decline") ||
                !strcmp(sub, "message") || !strcmp(sub, "propose") || !strcmp(sub, "confirm");
    int by_record = !strcmp(sub, "send") || !strcmp(sub, "dismiss") || !strcmp(sub, "undismiss");
    if (!by_id && !by_record && strcmp(sub, "list"))
        return cli_usage_error(&cmd_interest, "unknown subcommand '%s'", sub);
    if (by_id && !id)
        return cli_usage_error(&cmd_interest, "%s needs --id N", sub);
    if (by_record && !target)
        return cli_usage_error(&cmd_interest, "%s needs --achievement ID or --demand ID", sub);
    qiao_err e = {0};
    store *s = NULL;
    store_user u;
    int rc = -1;
    if (store_open(db, &s, &e) < 0 || store_user_get(s, login, &u, &e) < 0)
        goto out;
    interest_actor a = {.login = u.login, .org = u.org,
                        .staff = !strcmp(u.role, "admin") || !strcmp(u.role, "staff")};
    char project[MODEL_KEY_MAX] = "";
    int64_t nid = 0;
    if (!strcmp(sub, "list")) {
        rc = interest_list(s, &a, 10000, list_row, NULL, &e);
    } else if (!strcmp(sub, "show")) {
        rc = show(s, &a, id, &e);
    } else if (!strcmp(sub, "send")) {
        interest_send_req rq = {.kind = kind, .target = target, .via = via, .message = message,
                                .per_day = per_day};
        if ((rc = interest_send(s, &a, &rq, &nid, &e)) == 0)
            printf("interest %lld sent\n", (long long)nid);
    } else if (!strcmp(sub, "accept")) {
        rc = interest_accept(s, &a, id, &e);
    } else if (!strcmp(sub, "decline")) {
        rc = interest_decline(s, &a, id, reason, &e);
    } else if (!strcmp(sub, "message")) {
        rc = interest_message(s, &a, id, message, &e);
    } else if (!strcmp(sub, "propose")) {
        rc = interest_propose(s, &a, id, &e);
    } else if (!strcmp(sub, "confirm")) {
        if ((rc = interest_confirm(s, &a, id, project, &e)) == 0)
            printf("project %s started\n", project);
    } else if (!strcmp(sub, "dismiss")) {
        rc = interest_dismiss(s, &a, kind, target, via, reason, note, &e);
    } else {
        rc = interest_undismiss(s, &a, kind, target, &e);
    }
out:
    if (rc < 0)
        fprintf(stderr, "qiao interest: %s\n", e.msg);
    if (s)
        store_close(s);
    return rc < 0 ? 1 : 0;
}
