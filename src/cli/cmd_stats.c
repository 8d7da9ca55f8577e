/* placeholder */
#include "cli/cli.h"
static int run(int argc, char **argv) { (void)argc; (void)argv; return 1; }
const cli_command cmd_stats = {"stats", "x", "x\n", run};
