/* cli/mailopts.h — the mail options shared by `qiao serve`, `qiao mail` and
 * `qiao notify`: --smtp, --mail-from, --base-url, --mail-dir, --mail-retry. */
#ifndef QIAO_CLI_MAILOPTS_H
#define QIAO_CLI_MAILOPTS_H

#include "cli/cli.h"
#include "notify/notify.h"

typedef struct cli_mailopts {
    notify_mailer m;
    char dir[1100];      /* the default mail folder: DB.mail */
    char base[300];      /* the default base URL */
} cli_mailopts;

/* Defaults: files in DB.mail/, from qiao@localhost, base http://127.0.0.1:8080,
 * first retry after 60 s. */
void cli_mailopts_init(cli_mailopts *o);
/* Takes argv[*i] (and its value) when it is a mail option: 1 taken, 0 not
 * one, 2 after printing a usage error. */
int cli_mailopts_take(cli_mailopts *o, const cli_command *cmd, int argc, char **argv, int *i);
/* After the options: fills the defaults that depend on the store path. */
void cli_mailopts_finish(cli_mailopts *o, const char *db);

#define CLI_MAILOPTS_HELP \
    "  --smtp URL         deliver mail to this SMTP server (smtp://host:port, or\n" \
    "                     smtps://host:port for TLS; user:password@ in the URL to sign in);\n" \
    "                     without it mail is written as .eml files to --mail-dir\n" \
    "  --mail-dir DIR     where mail goes without --smtp (default: the store's path + .mail)\n" \
    "  --mail-from ADDR   the sender's address (default qiao@localhost)\n" \
    "  --base-url URL     the site's address as people reach it, for links in mail\n" \
    "                     (default http://127.0.0.1:8080, or http://LISTEN for serve)\n" \
    "  --mail-retry SECS  the first retry of a failed mail after SECS seconds, doubling\n" \
    "                     each time up to 6 hours (default 60); mail is never dropped\n"

#endif
