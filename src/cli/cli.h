/* cli/cli.h — the subcommand table.
 *
 * Each subcommand lives in its own file (src/cli/cmd_<name>.c) and exports one
 * `const cli_command cmd_<name>`; src/main.c lists them. `qiao help NAME`
 * prints `usage`, so it must describe every option.
 */
#ifndef QIAO_CLI_CLI_H
#define QIAO_CLI_CLI_H

typedef struct cli_command {
    const char *name;     /* "import" */
    const char *summary;  /* one line for `qiao help` */
    const char *usage;    /* the whole help text for `qiao help NAME`, ending in "\n" */
    /* argv[0] is the command name; returns the process exit status
     * (0 ok, 1 failure, 2 usage error). */
    int (*run)(int argc, char **argv);
} cli_command;

/* Prints "qiao NAME: usage error: MSG" and the command's usage to stderr; returns 2. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

extern const cli_command cmd_help;

#endif
