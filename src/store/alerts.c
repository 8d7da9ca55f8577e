/* store/alerts.c — the interface's checks for the alerts' state (contract
 * in store.h, migration 010). */
#include <string.h>

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
