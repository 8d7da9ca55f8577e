/* cli/mailopts.c — mail options shared by serve, mail and notify (mailopts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mailopts.h"

void cli_mailopts_init(cli_mailopts *o)
{
    memset(o, 0, sizeof *o);
    o->m.from = "qiao@localhost";
    o->m.retry = 60;
    o->m.lease = 300;
}

int cli_mailopts_take(cli_mailopts *o, const cli_command *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (*i + 1 >= argc)
        return 0;
    const char *v = argv[*i + 1];
    if (!strcmp(a, "--smtp")) {
        if (strncmp(v, "smtp://", 7) != 0 && strncmp(v, "smtps://", 8) != 0)
            return cli_usage_error(cmd, "--smtp must be smtp://HOST:PORT or smtps://HOST:PORT");
        o->m.smtp = v;
    } else if (!strcmp(a, "--mail-dir")) {
        o->m.dir = v;
    } else if (!strcmp(a, "--mail-from")) {
        if (!notify_addr_ok(v))
            return cli_usage_error(cmd, "--mail-from must be an address (name@example.org)");
        o->m.from = v;
    } else if (!strcmp(a, "--base-url")) {
        if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
            return cli_usage_error(cmd, "--base-url must start with http:// or https://");
        o->m.base_url = v;
    } else if (!strcmp(a, "--mail-retry")) {
        char *end;
        long t = strtol(v, &end, 10);
        if (*end || end == v || t < 1 || t > 86400)
            return cli_usage_error(cmd, "--mail-retry must be 1-86400 seconds");
        o->m.retry = (int)t;
    } else {
        return 0;
    }
    (*i)++;
    return 1;
}

void cli_mailopts_finish(cli_mailopts *o, const char *db)
{
    if (!o->m.dir) {
        const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
        snprintf(o->dir, sizeof o->dir, "%s.mail", path);
        o->m.dir = o->dir;
    }
    if (!o->m.base_url) {
        snprintf(o->base, sizeof o->base, "http://127.0.0.1:8080");
        o->m.base_url = o->base;
    }
}
