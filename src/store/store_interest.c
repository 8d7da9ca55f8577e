/* store/store_interest.c — the dispatching half of the interest, dismissal
 * and signing-proposal calls of store.h (migration 010): the argument checks
 * every backend shares. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"

static int check_login(const char *fn, const char *login, qiao_err *e)
{
    if (!login || !*login || strlen(login) > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: login must be 1-64 bytes", fn);
    return 0;
}

/* ---- interests and dismissals (migration 010) ---- */

static int nonempty(const char *v)
{
    return v && *v;
}

int store_interest_add(store *s, store_interest *i, qiao_err *e)
{
    if (check_login("store_interest_add", i->from_login, e) < 0)
        return QIAO_EINVAL;
    if (!*i->kind || !*i->target || !*i->to_org)
        return qiao_errf(e, QIAO_EINVAL, "store_interest_add: kind, target and to_org are "
                         "required");
    int64_t now = (int64_t)time(NULL);
    if (!*i->status)
        snprintf(i->status, sizeof i->status, "open");
    if (!i->created)
        i->created = now;
    if (!i->updated)
        i->updated = i->created;
    return s->ops->interest_add(s, i, e);
}

int store_interest_get(store *s, int64_t id, store_interest *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    return s->ops->interest_get(s, id, out, e);
}

int store_interest_update(store *s, const store_interest *i, qiao_err *e)
{
    if (!*i->status)
        return qiao_errf(e, QIAO_EINVAL, "store_interest_update: status is required");
    return s->ops->interest_update(s, i, e);
}

int store_interest_list(store *s, const store_interest_filter *f, int64_t limit,
                        store_interest_fn fn, void *ud, int64_t *total, qiao_err *e)
{
    static const store_interest_filter any = {0};
    if (total)
        *total = 0;
    if (limit < 0 || limit > 10000)
        return qiao_errf(e, QIAO_EINVAL, "store_interest_list: limit 0-10000");
    return s->ops->interest_list(s, f ? f : &any, limit, fn, ud, total, e);
}

int store_message_add(store *s, store_message *m, qiao_err *e)
{
    if (check_login("store_message_add", m->login, e) < 0)
        return QIAO_EINVAL;
    if (!nonempty(m->body))
        return qiao_errf(e, QIAO_EINVAL, "store_message_add: body is required");
    if (!m->created)
        m->created = (int64_t)time(NULL);
    return s->ops->message_add(s, m, e);
}

int store_message_list(store *s, int64_t interest, store_message_fn fn, void *ud, qiao_err *e)
{
    return s->ops->message_list(s, interest, fn, ud, e);
}

int store_dismissal_put(store *s, store_dismissal *d, qiao_err *e)
{
    if (check_login("store_dismissal_put", d->login, e) < 0)
        return QIAO_EINVAL;
    if (!nonempty(d->org) || !nonempty(d->kind) || !nonempty(d->target) ||
        !nonempty(d->reason))
        return qiao_errf(e, QIAO_EINVAL, "store_dismissal_put: org, kind, target and reason "
                         "are required");
    if (!d->created)
        d->created = (int64_t)time(NULL);
    return s->ops->dismissal_put(s, d, e);
}

int store_dismissal_del(store *s, const char *org, const char *kind, const char *target,
                        int *removed, qiao_err *e)
{
    int dummy;
    if (!nonempty(org) || !nonempty(kind) || !nonempty(target))
        return qiao_errf(e, QIAO_EINVAL, "store_dismissal_del: org, kind and target are "
                         "required");
    return s->ops->dismissal_del(s, org, kind, target, removed ? removed : &dummy, e);
}

int store_dismissal_list(store *s, const char *org, const char *kind, const char *target,
                         store_dismissal_fn fn, void *ud, qiao_err *e)
{
    return s->ops->dismissal_list(s, nonempty(org) ? org : NULL, nonempty(kind) ? kind : NULL,
                                  nonempty(target) ? target : NULL, fn, ud, e);
}

int store_sign_put(store *s, const store_sign *p, qiao_err *e)
{
    if (!*p->project || !*p->stage || !*p->party)
        return qiao_errf(e, QIAO_EINVAL, "store_sign_put: project, stage and party are "
                         "required");
    return s->ops->sign_put(s, p, e);
}

int store_sign_get(store *s, const char *project, store_sign *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    return s->ops->sign_get(s, project, out, e);
}

int store_sign_del(store *s, const char *project, qiao_err *e)
{
    return s->ops->sign_del(s, project, e);
}
