/* store/advice.c — accounts linked to people and invitations to advise: the
 * interface's argument checks every backend shares (contract in store.h;
 * the rules in src/advice/advice.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"

static int login_ok(const char *fn, const char *login, qiao_err *e)
{
    if (!login || !*login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: login must be 1-64 bytes", fn);
    return 0;
}

int store_user_person_set(store *s, const char *login, const char *person, qiao_err *e)
{
    if (login_ok("store_user_person_set", login, e))
        return QIAO_EINVAL;
    if (person && strlen(person) >= MODEL_KEY_MAX)
        return qiao_errf(e, QIAO_EINVAL, "store_user_person_set: person id too long");
    return s->ops->user_person_set(s, login, person ? person : "", e);
}

int store_user_person_get(store *s, const char *login, char person[MODEL_KEY_MAX], qiao_err *e)
{
    person[0] = '\0';
    if (login_ok("store_user_person_get", login, e))
        return QIAO_EINVAL;
    return s->ops->user_person_get(s, login, person, e);
}

int store_person_account(store *s, const char *person, char login[65], qiao_err *e)
{
    login[0] = '\0';
    if (!person || !*person)
        return qiao_errf(e, QIAO_ENOTFOUND, "no person given");
    return s->ops->person_account(s, person, login, e);
}

int store_advice_add(store *s, store_advice *a, qiao_err *e)
{
    if (login_ok("store_advice_add", a->login, e))
        return QIAO_EINVAL;
    if (!*a->demand || !*a->person || !*a->message)
        return qiao_errf(e, QIAO_EINVAL, "store_advice_add: demand, person and message are "
                         "required");
    if (!*a->status)
        snprintf(a->status, sizeof a->status, "invited");
    if (!a->created)
        a->created = (int64_t)time(NULL);
    if (!a->updated)
        a->updated = a->created;
    return s->ops->advice_add(s, a, e);
}

int store_advice_get(store *s, int64_t id, store_advice *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    return s->ops->advice_get(s, id, out, e);
}

int store_advice_update(store *s, const store_advice *a, qiao_err *e)
{
    if (!*a->status)
        return qiao_errf(e, QIAO_EINVAL, "store_advice_update: status is required");
    store_advice c = *a;
    if (!c.updated)
        c.updated = (int64_t)time(NULL);
    return s->ops->advice_update(s, &c, e);
}

int store_advice_list(store *s, const store_advice_filter *f, int64_t limit,
                      store_advice_fn fn, void *ud, qiao_err *e)
{
    static const store_advice_filter any = {0};
    if (limit < 1 || limit > 10000)
        return qiao_errf(e, QIAO_EINVAL, "store_advice_list: limit must be 1-10000");
    return s->ops->advice_list(s, f ? f : &any, limit, fn, ud, e);
}
