/* store/lookup.c — the pages' lookups by index: the interface's checks
 * (contract in store.h; the SQLite side in sqlite_lookup.c). */
#include <string.h>

#include "store/backend.h"

static int is_day(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return 0;
    return 1;
}

int store_published_since(store *s, model_kind k, const char *day, const char *org,
                          int64_t limit, store_scan_fn fn, void *ud, qiao_err *e)
{
    if (k != MODEL_ACHIEVEMENT && k != MODEL_DEMAND)
        return qiao_errf(e, QIAO_EINVAL, "store_published_since: only achievements and "
                         "demands have a publication date, not %s records", model_kind_name(k));
    if (!is_day(day))
        return qiao_errf(e, QIAO_EINVAL, "store_published_since: the day must be YYYY-MM-DD, "
                         "not '%s'", day ? day : "");
    if (limit < 1 || limit > 10000 || !fn)
        return qiao_errf(e, QIAO_EINVAL, "store_published_since: limit must be 1-10000 "
                         "(got %lld) with a callback", (long long)limit);
    return s->ops->published_since(s, k, day, org, limit, fn, ud, e);
}

int store_project_of_pair(store *s, const char *achievement, const char *demand,
                          char key[MODEL_KEY_MAX], qiao_err *e)
{
    key[0] = '\0';
    if (!achievement || !*achievement || !demand || !*demand)
        return 0;
    return s->ops->project_of_pair(s, achievement, demand, key, e);
}

int store_projects_of_org(store *s, const char *org, store_scan_fn fn, void *ud, qiao_err *e)
{
    if (!fn)
        return qiao_errf(e, QIAO_EINVAL, "store_projects_of_org: no callback");
    if (!org || !*org)
        return 0;
    return s->ops->projects_of_org(s, org, fn, ud, e);
}

int store_record_tags(store *s, const char *what, store_value_fn fn, void *ud, qiao_err *e)
{
    if (!what || (strcmp(what, "zone") != 0 && strcmp(what, "chain") != 0) || !fn)
        return qiao_errf(e, QIAO_EINVAL, "store_record_tags: what must be zone or chain "
                         "(got '%s') with a callback", what ? what : "");
    return s->ops->record_tags(s, what, fn, ud, e);
}

int store_event_records(store *s, model_kind k, const char *event, store_scan_fn fn, void *ud,
                        qiao_err *e)
{
    if (k != MODEL_REGISTRATION && k != MODEL_MEETING_REQUEST && k != MODEL_PROJECT)
        return qiao_errf(e, QIAO_EINVAL, "store_event_records: %s records do not belong to "
                         "an event", model_kind_name(k));
    if (!fn)
        return qiao_errf(e, QIAO_EINVAL, "store_event_records: no callback");
    if (!event || !*event)
        return 0;
    return s->ops->event_records(s, k, event, fn, ud, e);
}
