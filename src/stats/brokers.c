/* stats/brokers.c — projects per technology manager: the projects whose
 * `brokers` name the manager (set when a project starts from an interest the
 * manager sent or accepted for an org), started and signed in the period. */
#include <stdlib.h>
#include <string.h>

#include "stats/internal.h"

void st_broker_add(stats *out, const char *login, int started, int sig)
{
    size_t i;
    for (i = 0; i < out->nbrokers; i++)
        if (strcmp(out->brokers[i].login, login) == 0)
            break;
    if (i == out->nbrokers) {
        out->brokers = qiao_realloc(out->brokers, (out->nbrokers + 1) * sizeof *out->brokers);
        out->brokers[i] = (stats_broker){qiao_strdup(login), qiao_strdup(""), 0, 0};
        out->nbrokers++;
    }
    out->brokers[i].projects_started += started != 0;
    out->brokers[i].projects_signed += sig != 0;
}

static int by_projects(const void *a, const void *b)
{
    const stats_broker *x = a, *y = b;
    if (x->projects_started != y->projects_started)
        return x->projects_started > y->projects_started ? -1 : 1;
    return strcmp(x->login, y->login);
}

void st_brokers_finish(store *s, stats *out)
{
    for (size_t i = 0; i < out->nbrokers; i++) {
        store_user u;
        if (store_user_get(s, out->brokers[i].login, &u, NULL) == 0 && *u.name) {
            free(out->brokers[i].name);
            out->brokers[i].name = qiao_strdup(u.name);
        }
    }
    if (out->nbrokers > 1)
        qsort(out->brokers, out->nbrokers, sizeof *out->brokers, by_projects);
}
