/* store/alerts.c — the interface's checks for the alerts' state (contract
 * in store.h, migration 013). */
#include <string.h>
#include <time.h>

#include "store/backend.h"

static int nonempty(const char *what, const char *v, qiao_err *e)
{
    if (!v || !*v)
        return qiao_errf(e, QIAO_EINVAL, "%s: an empty name", what);
    if (strlen(v) > 600)
        return qiao_errf(e, QIAO_EINVAL, "%s: a name over 600 bytes", what);
    return 0;
}

int store_alert_pos_get(store *s, const char *name, int64_t *pos, qiao_err *e)
{
    *pos = 0;
    if (nonempty("store_alert_pos_get", name, e) < 0)
        return QIAO_EINVAL;
    return s->ops->alert_pos_get(s, name, pos, e);
}

int store_alert_pos_set(store *s, const char *name, int64_t pos, qiao_err *e)
{
    if (nonempty("store_alert_pos_set", name, e) < 0)
        return QIAO_EINVAL;
    if (pos < 0)
        return qiao_errf(e, QIAO_EINVAL, "store_alert_pos_set: a negative position");
    return s->ops->alert_pos_set(s, name, pos, e);
}

int store_alert_mark(store *s, const char *kind, const char *subject, const char *object,
                     int64_t at, int *fresh, qiao_err *e)
{
    *fresh = 0;
    if (nonempty("store_alert_mark", kind, e) < 0 || nonempty("store_alert_mark", subject, e) < 0)
        return QIAO_EINVAL;
    return s->ops->alert_mark(s, kind, subject, object ? object : "", at, fresh, e);
}

int store_alert_marked(store *s, const char *kind, const char *subject, const char *object,
                       int *yes, qiao_err *e)
{
    *yes = 0;
    if (nonempty("store_alert_marked", kind, e) < 0 ||
        nonempty("store_alert_marked", subject, e) < 0)
        return QIAO_EINVAL;
    return s->ops->alert_marked(s, kind, subject, object ? object : "", yes, e);
}

int store_alert_bar_get(store *s, const char *demand, float *scores, size_t cap, size_t *n,
                        qiao_err *e)
{
    *n = 0;
    if (nonempty("store_alert_bar_get", demand, e) < 0)
        return QIAO_EINVAL;
    return s->ops->alert_bar_get(s, demand, scores, cap, n, e);
}

int store_alert_bar_put(store *s, const char *demand, const float *scores, size_t n,
                        int64_t at, qiao_err *e)
{
    if (nonempty("store_alert_bar_put", demand, e) < 0)
        return QIAO_EINVAL;
    if (n > 100)
        return qiao_errf(e, QIAO_EINVAL, "store_alert_bar_put: %zu scores, at most 100", n);
    return s->ops->alert_bar_put(s, demand, scores, n, at, e);
}

/* ---- saved searches and follows ---- */

static int check_login(const char *what, const char *login, qiao_err *e)
{
    size_t n = login ? strlen(login) : 0;
    if (n < 1 || n > 64)
        return qiao_errf(e, QIAO_EINVAL, "%s: a login of 1-64 bytes is required", what);
    return 0;
}

int store_saved_add(store *s, store_saved *ss, qiao_err *e)
{
    if (check_login("store_saved_add", ss->login, e) < 0)
        return QIAO_EINVAL;
    if (strcmp(ss->kind, "achievement") && strcmp(ss->kind, "demand"))
        return qiao_errf(e, QIAO_EINVAL, "store_saved_add: kind must be achievement or demand");
    if (strcmp(ss->freq, "daily") && strcmp(ss->freq, "weekly"))
        return qiao_errf(e, QIAO_EINVAL, "store_saved_add: freq must be daily or weekly");
    if (!ss->created)
        ss->created = (int64_t)time(NULL);
    if (!ss->last_run)
        ss->last_run = ss->created;
    return s->ops->saved_add(s, ss, e);
}

int store_saved_list(store *s, const char *login, int64_t now, store_saved_fn fn, void *ud,
                     qiao_err *e)
{
    if (login && check_login("store_saved_list", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->saved_list(s, login, now - 86400, now - 7 * 86400, fn, ud, e);
}

int store_saved_delete(store *s, const char *login, int64_t id, qiao_err *e)
{
    if (check_login("store_saved_delete", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->saved_del(s, login, id, e);
}

int store_saved_ran(store *s, int64_t id, int64_t at, qiao_err *e)
{
    return s->ops->saved_ran(s, id, at, e);
}

int store_follow_add(store *s, store_follow *f, qiao_err *e)
{
    if (check_login("store_follow_add", f->login, e) < 0)
        return QIAO_EINVAL;
    if (strcmp(f->what, "chain") && strcmp(f->what, "zone"))
        return qiao_errf(e, QIAO_EINVAL, "store_follow_add: what must be chain or zone");
    if (!f->value[0])
        return qiao_errf(e, QIAO_EINVAL, "store_follow_add: an empty value");
    if (!f->created)
        f->created = (int64_t)time(NULL);
    if (!f->last_run)
        f->last_run = f->created;
    return s->ops->follow_add(s, f, e);
}

int store_follow_delete(store *s, const char *login, const char *what, const char *value,
                        qiao_err *e)
{
    if (check_login("store_follow_delete", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->follow_del(s, login, what ? what : "", value ? value : "", e);
}

int store_follow_list(store *s, const char *login, int64_t now, store_follow_fn fn, void *ud,
                      qiao_err *e)
{
    if (login && check_login("store_follow_list", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->follow_list(s, login, now - 86400, fn, ud, e);
}

int store_follow_ran(store *s, const char *login, int64_t at, qiao_err *e)
{
    if (check_login("store_follow_ran", login, e) < 0)
        return QIAO_EINVAL;
    return s->ops->follow_ran(s, login, at, e);
}
