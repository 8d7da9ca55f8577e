/* main.c — qiao's subcommand table. Each command lives in src/cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* Add a command: declare it here and list it in `commands`. */
extern const cli_command cmd_import, cmd_export, cmd_migrate, cmd_info, cmd_text;
extern const cli_command cmd_search, cmd_match, cmd_serve, cmd_user, cmd_org;
extern const cli_command cmd_project, cmd_stats, cmd_schedule, cmd_event;
extern const cli_command cmd_interest;
extern const cli_command cmd_mail, cmd_notify;
extern const cli_command cmd_alerts;
extern const cli_command cmd_advice;

static const cli_command *const commands[] = {
    &cmd_help,
    &cmd_serve,
    &cmd_import,
    &cmd_export,
    &cmd_search,
    &cmd_match,
    &cmd_event,
    &cmd_schedule,
    &cmd_project,
    &cmd_interest,
    &cmd_advice,
    &cmd_alerts,
    &cmd_stats,
    &cmd_user,
    &cmd_org,
    &cmd_mail,
    &cmd_notify,
    &cmd_info,
    &cmd_migrate,
    &cmd_text,
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int help_run(int argc, char **argv)
{
    if (argc >= 2) {
        const cli_command *c = find(argv[1]);
        if (!c) {
            fprintf(stderr, "qiao help: no command named '%s'; `qiao help` lists them\n", argv[1]);
            return 2;
        }
        fputs(c->usage, stdout);
        return 0;
    }
    puts("qiao (桥) — technology-transfer matchmaking platform\n\n"
         "usage: qiao COMMAND [OPTIONS]\n\ncommands:");
    for (size_t i = 0; i < ncommands; i++)
        printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
    puts("\n`qiao help COMMAND` describes a command and all its options.");
    return 0;
}

const cli_command cmd_help = {
    "help", "describe qiao's commands",
    "usage: qiao help [COMMAND]\n\n"
    "Without COMMAND, lists every command; with it, prints that command's options.\n",
    help_run,
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        help_run(1, argv);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return help_run(1, argv);
    const cli_command *c = find(name);
    if (!c) {
        fprintf(stderr, "qiao: no command named '%s'; `qiao help` lists them\n", name);
        return 2;
    }
    if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs(c->usage, stdout);
        return 0;
    }
    return c->run(argc - 1, argv + 1);
}
