/* cli/cmd_user.c — `qiao user add` (accounts) and `qiao user token` (API
 * tokens for programmatic import). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "web/web.h"

extern const cli_command cmd_user;

static int add(const char *db, const char *login, const char *role, const char *org,
               bool from_stdin)
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
    qiao_err e = {0};
    store *st = NULL;
    store_user u = {0};
    int status = 1;
    if (store_open(db, &st, &e) < 0)
        goto out;
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
    if (store_user_set_password(&u, password, &e) < 0 || store_user_put(st, &u, &e) < 0)
        goto out;
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

static int token(const char *db, const char *login, const char *label)
{
    if (!login)
        return cli_usage_error(&cmd_user, "user token needs --login");
    qiao_err e = {0};
    store *st = NULL;
    store_user u;
    char tok[STORE_TOKEN_LEN];
    int status = 1;
    if (store_open(db, &st, &e) < 0 || store_user_get(st, login, &u, &e) < 0 ||
        store_token_create(st, login, label, tok, &e) < 0)
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

static int run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_user, "say add or token");
    const char *db = "qiao.db", *login = NULL, *role = NULL, *org = NULL, *label = "";
    bool from_stdin = false;
    for (int i = 2; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--db") && has) db = argv[++i];
        else if (!strcmp(argv[i], "--login") && has) login = argv[++i];
        else if (!strcmp(argv[i], "--role") && has) role = argv[++i];
        else if (!strcmp(argv[i], "--org") && has) org = argv[++i];
        else if (!strcmp(argv[i], "--label") && has) label = argv[++i];
        else if (!strcmp(argv[i], "--password-stdin")) from_stdin = true;
        else return cli_usage_error(&cmd_user, "unknown option '%s'", argv[i]);
    }
    if (!strcmp(argv[1], "add"))
        return add(db, login, role, org, from_stdin);
    if (!strcmp(argv[1], "token"))
        return token(db, login, label);
    return cli_usage_error(&cmd_user, "unknown action '%s' (add or token)", argv[1]);
}

const cli_command cmd_user = {
    "user", "create accounts and API tokens",
    "usage: qiao user add --db PATH --login LOGIN --role ROLE [--org ID] [--password-stdin]\n"
    "       qiao user token --db PATH --login LOGIN [--label TEXT]\n\n"
    "add: creates the account, or replaces the role, org and password of an existing one.\n"
    "  ROLE is admin, staff, university, enterprise, tech_manager, investor or expert.\n"
    "  A university account edits only its org's achievements, an enterprise account only\n"
    "  its org's demands (--org is required for both; the org must be in the store).\n"
    "  --password-stdin reads the password (8+ characters) from the first line of stdin;\n"
    "  without it a random password is generated and printed.\n"
    "  Passwords are stored as argon2id hashes (libsodium).\n"
    "token: prints a new API token for LOGIN, for 'Authorization: Bearer TOKEN' on /api/v1.\n"
    "  It is shown once; only its hash is stored.\n",
    run,
};
