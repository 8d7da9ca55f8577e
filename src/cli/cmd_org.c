/* cli/cmd_org.c — `qiao org`: the applications to join (list, approve,
 * reject) and invitations, for staff at a terminal. The rules are
 * src/join's; the command acts as staff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "join/join.h"

extern const cli_command cmd_org;

static void when(int64_t t, char out[32])
{
    time_t bj = (time_t)t + 8 * 3600;
    struct tm tm;
    gmtime_r(&bj, &tm);
    strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

static int print_app(const store_application *a, void *ud)
{
    (void)ud;
    char at[32];
    when(a->created, at);
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s <%s> %s\t%s", (long long)a->id, a->status, at,
           a->type, a->credit_code, a->name, a->contact_name, a->contact_email,
           a->contact_phone, a->login);
    if (*a->org)
        printf("\torg %s", a->org);
    if (*a->reason)
        printf("\treason: %s", a->reason);
    putchar('\n');
    return 0;
}

static int parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || *end || v < 1)
        return -1;
    *id = v;
    return 0;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_org, "say applications, approve, reject or invite");
    const char *db = "qiao.db", *id_s = NULL, *reason = NULL, *status = "all", *by = "cli",
               *org = NULL, *email = NULL, *role = NULL, *days_s = NULL, *base = "";
    for (int i = 2; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && has) db = argv[++i];
        else if (!strcmp(argv[i], "--id") && has) id_s = argv[++i];
        else if (!strcmp(argv[i], "--reason") && has) reason = argv[++i];
        else if (!strcmp(argv[i], "--status") && has) status = argv[++i];
        else if (!strcmp(argv[i], "--by") && has) by = argv[++i];
        else if (!strcmp(argv[i], "--org") && has) org = argv[++i];
        else if (!strcmp(argv[i], "--email") && has) email = argv[++i];
        else if (!strcmp(argv[i], "--role") && has) role = argv[++i];
        else if (!strcmp(argv[i], "--days") && has) days_s = argv[++i];
        else if (!strcmp(argv[i], "--base") && has) base = argv[++i];
        else return cli_usage_error(&cmd_org, "unknown option '%s'", argv[i]);
    }
    const char *act = argv[1];
    int64_t id = 0;
    if ((!strcmp(act, "approve") || !strcmp(act, "reject")) && parse_id(id_s, &id) < 0)
        return cli_usage_error(&cmd_org, "%s needs --id N (the application's number, see "
                               "`qiao org applications`)", act);
    if (!strcmp(act, "reject") && !reason)
        return cli_usage_error(&cmd_org, "reject needs --reason TEXT (the applicant sees it)");
    if (!strcmp(act, "applications") && strcmp(status, "all") && strcmp(status, "pending") &&
        strcmp(status, "approved") && strcmp(status, "rejected"))
        return cli_usage_error(&cmd_org, "--status must be all, pending, approved or rejected");
    if (!strcmp(act, "invite") && (!org || !email || !role))
        return cli_usage_error(&cmd_org, "invite needs --org ID --email ADDRESS --role ROLE");
    if (strcmp(act, "applications") && strcmp(act, "approve") && strcmp(act, "reject") &&
        strcmp(act, "invite"))
        return cli_usage_error(&cmd_org, "unknown action '%s'", act);

    qiao_err e = {0};
    store *st = NULL;
    int rc = store_open(db, &st, &e);
    model_errors errs = {0};
    if (rc == 0 && !strcmp(act, "applications")) {
        rc = store_application_list(st, strcmp(status, "all") ? status : NULL, 10000, print_app,
                                    NULL, &e);
    } else if (rc == 0 && !strcmp(act, "approve")) {
        char neworg[65];
        rc = join_approve(st, id, by, neworg, &e);
        if (rc == 0)
            printf("application %lld approved: org %s created with its admin account; "
                   "mail queued\n", (long long)id, neworg);
    } else if (rc == 0 && !strcmp(act, "reject")) {
        rc = join_reject(st, id, by, reason, &e);
        if (rc == 0)
            printf("application %lld rejected; mail queued\n", (long long)id);
    } else if (rc == 0) {
        join_inviter who = {.login = by, .staff = true, .org = ""};
        char token[STORE_SECRET_HEX];
        store_invitation iv;
        rc = join_invite(st, &who, org, email, role, days_s ? atoi(days_s) : 0, token, &iv,
                         &errs, &e);
        if (rc == 0)
            printf("%s/invite/%s\n", base, token);
    }
    if (rc < 0) {
        fprintf(stderr, "qiao org: %s\n", e.msg);
        for (size_t i = 0; i < errs.n; i++)
            fprintf(stderr, "qiao org: %s: %s\n", errs.v[i].field, errs.v[i].reason);
    }
    model_errors_clear(&errs);
    if (st)
        store_close(st);
    return rc < 0 ? 1 : 0;
}

const cli_command cmd_org = {
    "org", "applications to join (list, approve, reject) and invitations",
    "usage: qiao org applications --db PATH [--status all|pending|approved|rejected]\n"
    "       qiao org approve --db PATH --id N [--by LOGIN]\n"
    "       qiao org reject --db PATH --id N --reason TEXT [--by LOGIN]\n"
    "       qiao org invite --db PATH --org ID --email ADDRESS --role ROLE [--days N]\n"
    "                       [--by LOGIN] [--base URL]\n\n"
    "applications: one line per application, pending first (then newest first):\n"
    "  number, status, submitted (Beijing time), type, credit code, name, contact, login,\n"
    "  and the org created or the reason given.\n"
    "approve: creates the org (id org-YEAR-NNNN, with the credit code) and its admin\n"
    "  account (the contact's e-mail, name and phone; role from the org type: university\n"
    "  and institute -> university, enterprise -> enterprise, investor -> investor,\n"
    "  service -> tech_manager) in one transaction, and queues the mail to the applicant.\n"
    "  Refused when the credit code or the login is taken meanwhile.\n"
    "reject: records the reason (required), shown on the applicant's status page and mailed.\n"
    "invite: queues an invitation mail and prints the one-time link (/invite/TOKEN, after\n"
    "  --base when given) for an account of ROLE bound to org ID; the role must fit the org\n"
    "  (university, tech_manager or expert for universities and institutes, enterprise for\n"
    "  enterprises, investor for investors, tech_manager for service orgs; expert\n"
    "  anywhere). The link expires after --days (1-30, default 7) and works once.\n"
    "--by: the staff login recorded as reviewer or inviter (default \"cli\").\n"
    "Errors are printed in Chinese, as the web pages show them.\n",
    run,
};
