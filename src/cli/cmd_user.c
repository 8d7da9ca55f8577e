/* cli/cmd_user.c — `qiao user add|password|disable|enable` (accounts) and
 * `qiao user token|tokens|revoke-token` (API tokens for programmatic
 * import). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "advice/advice.h"
#include "cli/cli.h"
#include "join/join.h"
#include "store/store.h"
#include "web/web.h"

extern const cli_command cmd_user;

/* Who the account audit names for a change made with `qiao user` on the
 * server (the audit page shows it as it is). */
#define CLI_ACTOR "服务器命令行"

/* Records action on login in the account audit (inside the caller's
 * transaction). */
static int audit(store *st, const char *login, const char *action, const char *detail,
                 qiao_err *e)
{
    store_audit a = {.actor = CLI_ACTOR, .target = login, .action = action, .detail = detail};
    return store_audit_add(st, &a, e);
}

/* The account holder's contact given to `add` (NULL: keep what the account has). */
typedef struct contact { const char *email, *name, *phone; } contact;

static int add(const char *db, const char *login, const char *role, const char *org,
               bool from_stdin, const contact *c)
{
    web_role r;
    if (!login || !role)
        return cli_usage_error(&cmd_user, "user add needs --login and --role");
    if (web_role_parse(role, &r) < 0)
        return cli_usage_error(&cmd_user, "--role must be one of admin, staff, university, "
                               "enterprise, tech_manager, investor, expert");
    if ((r == WEB_ROLE_UNIVERSITY || r == WEB_ROLE_ENTERPRISE) && !org)
        return cli_usage_error(&cmd_user, "a %s account needs --org (the org it publishes for)",
                               role);
    qiao_err e = {0};
    if (join_check_contact(c->email, c->name, c->phone, &e) < 0)
        return fprintf(stderr, "qiao user: %s\n", e.msg), 1;
    char password[1024], generated = 0;
    if (from_stdin) {
        if (!fgets(password, sizeof password, stdin))
            return fprintf(stderr, "qiao user: no password on stdin\n"), 1;
        password[strcspn(password, "\r\n")] = '\0';
        if (strlen(password) < 8)
            return fprintf(stderr, "qiao user: the password must be at least 8 characters\n"), 1;
    } else {
        char hex[STORE_SECRET_HEX];
        if (sodium_init() < 0)
            return fprintf(stderr, "qiao user: libsodium cannot be initialised\n"), 1;
        store_random_hex(hex);
        snprintf(password, sizeof password, "%.16s", hex);
        generated = 1;
    }
    store *st = NULL;
    store_user u = {0};
    int status = 1;
    if (store_open(db, &st, &e) < 0)
        goto out;
    /* an existing account keeps its contact unless a new one is given */
    if (store_user_get(st, login, &u, &e) < 0 && e.code != QIAO_ENOTFOUND)
        goto out;
    e = (qiao_err){0};
    if (c->email)
        snprintf(u.email, sizeof u.email, "%s", c->email);
    if (c->name)
        snprintf(u.name, sizeof u.name, "%s", c->name);
    if (c->phone)
        snprintf(u.phone, sizeof u.phone, "%s", c->phone);
    if (org) {
        int x = store_exists(st, MODEL_ORG, org, &e);
        if (x < 0)
            goto out;
        if (x == 0) {
            qiao_errf(&e, QIAO_ENOTFOUND, "no org with id '%s' in %s: import it first", org, db);
            goto out;
        }
    }
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org ? org : "");
    char detail[160];
    snprintf(detail, sizeof detail, "%s%s%s", role, org ? " " : "", org ? org : "");
    if (store_user_set_password(&u, password, &e) < 0 || store_begin(st, &e) < 0)
        goto out;
    if (store_user_put(st, &u, &e) < 0 || audit(st, login, "add", detail, &e) < 0 ||
        store_commit(st, &e) < 0) {
        store_rollback(st);
        goto out;
    }
    printf("user %s (%s%s%s) saved\n", login, role, org ? ", org " : "", org ? org : "");
    if (generated)
        printf("password: %s\n", password);
    status = 0;
out:
    sodium_memzero(password, sizeof password);
    if (status)
        fprintf(stderr, "qiao user: %s\n", e.msg);
    if (st)
        store_close(st);
    return status;
}

typedef struct opts {
    const char *db, *login, *role, *org, *label, *person;
    const char *email, *name, *phone;   /* add: the contact given (NULL: not given) */
    int days;
    long long id;
    bool from_stdin;
} opts;

static int token(const opts *o)
{
    if (!o->login)
        return cli_usage_error(&cmd_user, "user token needs --login");
    qiao_err e = {0};
    store *st = NULL;
    store_user u;
    char tok[STORE_TOKEN_LEN];
    int status = 1;
    if (store_open(o->db, &st, &e) < 0 || store_user_get(st, o->login, &u, &e) < 0 ||
        store_token_create_ttl(st, o->login, o->label, o->days, tok, &e) < 0)
        goto out;
    printf("%s\n", tok);
    status = 0;
out:
    if (status)
        fprintf(stderr, "qiao user: %s\n", e.msg);
    if (st)
        store_close(st);
    return status;
}

static void minute(int64_t t, char out[20])
{
    time_t tt = (time_t)t + 8 * 3600;     /* Beijing time */
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

static int print_token(const store_token_info *t, void *ud)
{
    (void)ud;
    char c[20], x[20], u[20] = "never";
    minute(t->created, c);
    minute(t->expires, x);
    if (t->last_used)
        minute(t->last_used, u);
    printf("%lld\t%s\t%s\t%s%s\t%s\n", (long long)t->id, *t->label ? t->label : "-", c, x,
           t->expires < (int64_t)time(NULL) ? " (expired)" : "", u);
    return 0;
}

/* One action on an existing account: list its tokens, revoke one, a new
 * password (stdin), disable or enable. */
static int account(const char *action, const opts *o)
{
    if (!o->login)
        return cli_usage_error(&cmd_user, "user %s needs --login", action);
    if (!strcmp(action, "revoke-token") && o->id <= 0)
        return cli_usage_error(&cmd_user, "user revoke-token needs --id (see qiao user tokens)");
    char password[1024] = "";
    if (!strcmp(action, "password")) {
        if (!fgets(password, sizeof password, stdin))
            return fprintf(stderr, "qiao user: no password on stdin\n"), 1;
        password[strcspn(password, "\r\n")] = '\0';
        if (strlen(password) < 8)
            return fprintf(stderr, "qiao user: the password must be at least 8 characters\n"), 1;
    }
    qiao_err e = {0};
    store *st = NULL;
    store_user u;
    int status = 1, rc = 0;
    if (store_open(o->db, &st, &e) < 0 || store_user_get(st, o->login, &u, &e) < 0)
        goto out;
    if (!strcmp(action, "tokens")) {
        printf("id\tname\tcreated\texpires\tlast used (Beijing time)\n");
        rc = store_token_list(st, o->login, print_token, NULL, &e);
        goto done;
    }
    /* a change: made and recorded in the account audit together */
    if (store_begin(st, &e) < 0)
        goto out;
    char said[200];
    const char *what;                       /* the audit's action */
    if (!strcmp(action, "revoke-token")) {
        rc = store_token_revoke(st, o->login, o->id, &e);
        what = "token_revoke";
        snprintf(said, sizeof said, "token %lld of %s revoked", o->id, o->login);
    } else if (!strcmp(action, "password")) {
        rc = store_user_password(st, o->login, password, &e);
        what = "password";
        snprintf(said, sizeof said, "password of %s changed; its sessions and API tokens have "
                 "ended", o->login);
    } else {
        int off = !strcmp(action, "disable");
        rc = store_user_disable(st, o->login, off, &e);
        what = action;
        snprintf(said, sizeof said, off ? "%s disabled; its sessions and API tokens have ended"
                                        : "%s enabled", o->login);
    }
    if (rc == 0)
        rc = audit(st, o->login, what, "", &e);
    if (rc == 0 && (rc = store_commit(st, &e)) == 0)
        puts(said);
    else if (rc < 0)
        store_rollback(st);
done:
    if (rc == 0)
        status = 0;
out:
    sodium_memzero(password, sizeof password);
    if (status)
        fprintf(stderr, "qiao user: %s\n", e.msg);
    if (st)
        store_close(st);
    return status;
}

/* Links LOGIN to the person it is (--person ""; unlinks). */
static int person(const opts *o)
{
    if (!o->login || !o->person)
        return cli_usage_error(&cmd_user, "user person needs --login and --person (\"\" unlinks)");
    qiao_err e = {0};
    store *st = NULL;
    int rc = store_open(o->db, &st, &e);
    if (rc == 0 && (rc = advice_link(st, o->login, o->person, CLI_ACTOR, &e)) == 0)
        printf(*o->person ? "%s is linked to person %s\n" : "%s is linked to no person%s\n",
               o->login, o->person);
    if (rc < 0)
        fprintf(stderr, "qiao user: %s\n", e.msg);
    if (st)
        store_close(st);
    return rc < 0 ? 1 : 0;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_user, "say add, password, disable, enable, token, tokens or "
                               "revoke-token");
    opts o = {.db = "qiao.db", .label = "", .days = STORE_TOKEN_DAYS};
    for (int i = 2; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && has) o.db = argv[++i];
        else if (!strcmp(argv[i], "--login") && has) o.login = argv[++i];
        else if (!strcmp(argv[i], "--role") && has) o.role = argv[++i];
        else if (!strcmp(argv[i], "--org") && has) o.org = argv[++i];
        else if (!strcmp(argv[i], "--person") && has) o.person = argv[++i];
        else if (!strcmp(argv[i], "--label") && has) o.label = argv[++i];
        else if (!strcmp(argv[i], "--name") && has) o.label = o.name = argv[++i];
        else if (!strcmp(argv[i], "--email") && has) o.email = argv[++i];
        else if (!strcmp(argv[i], "--phone") && has) o.phone = argv[++i];
        else if (!strcmp(argv[i], "--expires-days") && has) {
            char *end;
            long d = strtol(argv[++i], &end, 10);
            if (*end || d < 1 || d > 3650)
                return cli_usage_error(&cmd_user, "--expires-days must be 1-3650");
            o.days = (int)d;
        } else if (!strcmp(argv[i], "--id") && has) {
            char *end;
            o.id = strtoll(argv[++i], &end, 10);
            if (*end || o.id <= 0)
                return cli_usage_error(&cmd_user, "--id must be a token number (qiao user tokens)");
        } else if (!strcmp(argv[i], "--password-stdin")) o.from_stdin = true;
        else return cli_usage_error(&cmd_user, "unknown option '%s'", argv[i]);
    }
    if (!strcmp(argv[1], "add")) {
        contact c = {o.email, o.name, o.phone};
        return add(o.db, o.login, o.role, o.org, o.from_stdin, &c);
    }
    if (!strcmp(argv[1], "token"))
        return token(&o);
    if (!strcmp(argv[1], "person"))
        return person(&o);
    static const char *const acts[] = {"tokens", "revoke-token", "password", "disable", "enable",
                                       NULL};
    for (size_t i = 0; acts[i]; i++)
        if (!strcmp(argv[1], acts[i]))
            return account(acts[i], &o);
    return cli_usage_error(&cmd_user, "unknown action '%s' (add, password, disable, enable, "
                           "token, tokens, revoke-token or person)", argv[1]);
}

const cli_command cmd_user = {
    "user", "accounts, passwords and API tokens",
    "usage: qiao user add --db PATH --login LOGIN --role ROLE [--org ID] [--password-stdin]\n"
    "                     [--email ADDRESS] [--name NAME] [--phone NUMBER]\n"
    "       qiao user password --db PATH --login LOGIN          (new password on stdin)\n"
    "       qiao user disable|enable --db PATH --login LOGIN\n"
    "       qiao user token --db PATH --login LOGIN [--name TEXT] [--expires-days N]\n"
    "       qiao user tokens --db PATH --login LOGIN\n"
    "       qiao user revoke-token --db PATH --login LOGIN --id N\n"
    "       qiao user person --db PATH --login LOGIN --person ID     (\"\" unlinks)\n\n"
    "add: creates the account, or replaces the role, org and password of an existing one.\n"
    "  ROLE is admin, staff, university, enterprise, tech_manager, investor or expert.\n"
    "  A university account edits only its org's achievements, an enterprise account only\n"
    "  its org's demands (--org is required for both; the org must be in the store).\n"
    "  --password-stdin reads the password (8+ characters) from the first line of stdin;\n"
    "  without it a random password is generated and printed.\n"
    "  Passwords are stored as argon2id hashes (libsodium).\n"
    "  --email, --name, --phone: the account holder's contact (where mail goes; what the\n"
    "  other side of an accepted interest sees), checked like the sign-up forms; an\n"
    "  existing account keeps the ones not given.\n"
    "Every change made with qiao user (add, password, disable, enable, revoke-token,\n"
    "person) is recorded in the account audit (/admin/audit) as made by 服务器命令行.\n"
    "password: sets the password read from the first line of stdin (8+ characters).\n"
    "disable: the account can no longer sign in; enable undoes it.\n"
    "  A new password (add or password) or disabling ends every session, API token and\n"
    "  unused password reset link of the account.\n"
    "token: prints a new API token for LOGIN, for 'Authorization: Bearer TOKEN' on /api/v1.\n"
    "  It is shown once; only its hash is stored. --name labels it (--label is the same);\n"
    "  it expires after --expires-days days (1-3650, default 90).\n"
    "tokens: LOGIN's tokens: number, name, created, expires, last used (Beijing time).\n"
    "revoke-token: ends token number N of LOGIN (numbers from qiao user tokens).\n"
    "person: LOGIN is the person record ID (a person has at most one account): invitations\n"
    "  to advise that person (qiao advice) are answered by this account.\n",
    run,
};
