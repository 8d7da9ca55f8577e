/* store/managers.c — technology managers: the interface's checks (contract
 * in store.h; the rules in interest/interest.h). */
#include <string.h>
#include <time.h>

#include "store/backend.h"

int store_manager_set(store *s, const store_manager *m, int on, int *changed, qiao_err *e)
{
    if (changed)
        *changed = 0;
    if (!m || !*m->org || !*m->login)
        return qiao_errf(e, QIAO_EINVAL, "a technology manager needs an org and a login");
    store_manager c = *m;
    if (!c.granted_at)
        c.granted_at = (int64_t)time(NULL);
    return s->ops->manager_set(s, &c, on ? 1 : 0, changed, e);
}

int store_manager_list(store *s, const char *org, const char *login, store_manager_fn fn,
                       void *ud, qiao_err *e)
{
    return s->ops->manager_list(s, org && *org ? org : NULL, login && *login ? login : NULL, fn,
                                ud, e);
}
