/* cli/cmd_advice.c — `qiao advice`: invitations to advise (咨询邀请) from the
 * command line, acting as an account (--login), with the same rules as the
 * site (src/advice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice/advice.h"
#include "cli/cli.h"
#include "project/project.h"
#include "store/store.h"

static int run(int argc, char **argv);

const cli_command cmd_advice = {
    "advice", "invitations to advise (咨询邀请): a demand's owner invites a suggested expert",
    "usage: qiao advice list    --db PATH --login L\n"
    "       qiao advice invite  --db PATH --login L --demand ID --person ID --message TEXT\n"
    "       qiao advice accept  --db PATH --login L --id N\n"
    "       qiao advice decline --db PATH --login L --id N --reason TEXT\n\n"
    "Acts as account L, with the rules of the site. invite: L is one of the demand's\n"
    "org's accounts, a technology manager the org authorised, or staff; the demand is\n"
    "open; the person is an expert, scientist or technology manager, or has an\n"
    "expertise, and has an account linked to them (qiao user person); one live\n"
    "invitation per demand and person; the message is 1-2,000 characters. The\n"
    "expert's account is notified (in-app and the mail outbox). accept / decline: only\n"
    "the account linked to the person invited; a reason (1-500 characters) to\n"
    "decline; the inviting account is notified. Once accepted both sides see each\n"
    "other's contact (name, phone, e-mail): list prints them. Closing the demand\n"
    "closes its open invitations and tells the experts. list: the invitations L\n"
    "received (as the person it is linked to) and those its side sent (staff: all).\n\n"
    "  --db PATH        the store\n"
    "  --login L        the account acting\n"
    "  --id N           the invitation's number (qiao advice list)\n\n"
    "Exit status: 0, 1 when refused (the reason is printed), 2 usage.\n",
    run,
};

static int list_row(const store_advice *v, int side, void *ud)
{
    store *s = ud;
    char at[32];
    project_time_format(v->created, at);
    printf("%-5lld %-9s %-8s demand %s person %s by %s%s%s %s\n", (long long)v->id, v->status,
           side == 2 ? "received" : side == 1 ? "sent" : "", v->demand, v->person, v->login,
           *v->org ? "/" : "", v->org, at);
    if (*v->reason)
        printf("  reason: %s\n", v->reason);
    store_user a, b;
    if (advice_contacts(s, v, &a, &b, NULL) == 0) {
        printf("  contact inviter: %s %s %s\n", *a.name ? a.name : a.login, a.phone, a.email);
        printf("  contact expert:  %s %s %s\n", *b.name ? b.name : b.login, b.phone, b.email);
    }
    return 0;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_advice, "give a subcommand: list, invite, accept or decline");
    const char *sub = argv[1], *db = NULL, *login = NULL, *demand = NULL, *person = NULL;
    const char *message = NULL, *reason = NULL;
    long long id = 0;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        int has = i + 1 < argc;
        if (!strcmp(o, "--db") && has) db = argv[++i];
        else if (!strcmp(o, "--login") && has) login = argv[++i];
        else if (!strcmp(o, "--demand") && has) demand = argv[++i];
        else if (!strcmp(o, "--person") && has) person = argv[++i];
        else if (!strcmp(o, "--message") && has) message = argv[++i];
        else if (!strcmp(o, "--reason") && has) reason = argv[++i];
        else if (!strcmp(o, "--id") && has) {
            char *end;
            id = strtoll(argv[++i], &end, 10);
            if (*end || id < 1)
                return cli_usage_error(&cmd_advice, "--id takes a positive number, got '%s'",
                                       argv[i]);
        }
        else return cli_usage_error(&cmd_advice, "unknown option or missing value: %s", o);
    }
    if (!db || !login)
        return cli_usage_error(&cmd_advice, "--db PATH and --login L are required");
    int by_id = !strcmp(sub, "accept") || !strcmp(sub, "decline");
    if (!by_id && strcmp(sub, "list") && strcmp(sub, "invite"))
        return cli_usage_error(&cmd_advice, "unknown subcommand '%s'", sub);
    if (by_id && !id)
        return cli_usage_error(&cmd_advice, "%s needs --id N", sub);
    if (!strcmp(sub, "invite") && (!demand || !person))
        return cli_usage_error(&cmd_advice, "invite needs --demand ID and --person ID");
    qiao_err e = {0};
    store *s = NULL;
    store_user u;
    int rc = -1;
    if (store_open(db, &s, &e) < 0 || store_user_get(s, login, &u, &e) < 0)
        goto out;
    advice_actor a = {.login = u.login,
                      .staff = !strcmp(u.role, "admin") || !strcmp(u.role, "staff")};
    int64_t nid = 0;
    if (!strcmp(sub, "list")) {
        rc = advice_list(s, &a, 10000, list_row, s, &e);
    } else if (!strcmp(sub, "invite")) {
        if ((rc = advice_invite(s, &a, demand, person, message, &nid, &e)) == 0)
            printf("invitation %lld sent\n", (long long)nid);
    } else if (!strcmp(sub, "accept")) {
        if ((rc = advice_accept(s, &a, id, &e)) == 0)
            printf("invitation %lld accepted\n", id);
    } else {
        if ((rc = advice_decline(s, &a, id, reason, &e)) == 0)
            printf("invitation %lld declined\n", id);
    }
out:
    if (rc < 0)
        fprintf(stderr, "qiao advice: %s\n", e.msg);
    if (s)
        store_close(s);
    return rc < 0 ? 1 : 0;
}
