/* sched/instance.c — building, validating and freeing sched_instance. */
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"

sched_instance *sched_instance_new(int nslots, int ntables)
{
    sched_instance *in = qiao_calloc(1, sizeof *in);
    in->nslots = nslots;
    in->ntables = ntables;
    return in;
}

void sched_instance_free(sched_instance *in)
{
    if (!in)
        return;
    for (int i = 0; i < in->nparticipants; i++)
        free(in->participants[i].id);
    for (int i = 0; i < in->nmeetings; i++)
        free(in->meetings[i].id);
    free(in->participants);
    free(in->meetings);
    free(in->event);
    free(in);
}

const char *sched_reason_name(sched_reason r)
{
    switch (r) {
    case SCHED_SCHEDULED: return "scheduled";
    case SCHED_NO_COMMON_SLOT: return "no_common_slot";
    case SCHED_A_BUSY: return "requester_busy";
    case SCHED_B_BUSY: return "requested_busy";
    case SCHED_TABLES_FULL: return "tables_full";
    case SCHED_CROWDED: return "crowded";
    }
    return "unknown";
}

sched_options sched_default_options(void)
{
    sched_options o = {.time_limit_ms = 2000, .max_iterations = 0, .seed = 1, .keep_existing = 0};
    return o;
}

double sched_budget_ms(const sched_options *o, double now_ms)
{
    if (o->time_limit_ms <= 0)
        return 0;
    double start = o->start_ms > 0 ? o->start_ms : now_ms;
    double left = (double)o->time_limit_ms - (now_ms - start) - (o->reserve_ms > 0 ? o->reserve_ms : 0);
    return left < 1 ? 1 : left;
}

static const char *pid(const sched_instance *in, int v)
{
    return in->participants[v].id ? in->participants[v].id : "?";
}

static const char *mid(const sched_instance *in, int m)
{
    return in->meetings[m].id ? in->meetings[m].id : "?";
}

/* Sorting helpers for duplicate detection. */
typedef struct keyed {
    long k1, k2;
    int idx;
    const char *s;
} keyed;

static int cmp_str(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->s, b->s);
    return c ? c : a->idx - b->idx;
}

static int cmp_pair(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->k1 != b->k1)
        return a->k1 < b->k1 ? -1 : 1;
    if (a->k2 != b->k2)
        return a->k2 < b->k2 ? -1 : 1;
    return a->idx - b->idx;
}

static int check_ids(const sched_instance *in, qiao_err *e)
{
    int rc = 0;
    int n = in->nparticipants > in->nmeetings ? in->nparticipants : in->nmeetings;
    keyed *k = qiao_calloc((size_t)n + 1, sizeof *k);
    for (int i = 0; i < in->nparticipants; i++)
        k[i] = (keyed){.idx = i, .s = pid(in, i)};
    qsort(k, (size_t)in->nparticipants, sizeof *k, cmp_str);
    for (int i = 1; i < in->nparticipants; i++)
        if (strcmp(k[i - 1].s, k[i].s) == 0) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "registrations",
                                 "participant '%s' is registered twice; keep one registration", k[i].s);
            goto out;
        }
    for (int i = 0; i < in->nmeetings; i++)
        k[i] = (keyed){.idx = i, .s = mid(in, i)};
    qsort(k, (size_t)in->nmeetings, sizeof *k, cmp_str);
    for (int i = 1; i < in->nmeetings; i++)
        if (strcmp(k[i - 1].s, k[i].s) == 0) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "meeting_requests",
                                 "duplicate requests: two requests have the id '%s'", k[i].s);
            goto out;
        }
    for (int i = 0; i < in->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        int lo = m->a < m->b ? m->a : m->b, hi = m->a < m->b ? m->b : m->a;
        k[i] = (keyed){.k1 = lo, .k2 = hi, .idx = i};
    }
    qsort(k, (size_t)in->nmeetings, sizeof *k, cmp_pair);
    for (int i = 1; i < in->nmeetings; i++)
        if (k[i - 1].k1 == k[i].k1 && k[i - 1].k2 == k[i].k2) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "meeting_requests",
                                 "duplicate requests: '%s' and '%s' both ask for a meeting between "
                                 "'%s' and '%s'; keep one of them",
                                 mid(in, k[i - 1].idx), mid(in, k[i].idx),
                                 pid(in, (int)k[i].k1), pid(in, (int)k[i].k2));
            goto out;
        }
out:
    free(k);
    return rc;
}

/* Pinned meetings (locked, or with keep_existing any with a slot) must not
 * collide: one per participant and slot, at most ntables per slot, one per
 * (slot, table), and only where both parties are available. */
static int check_pinned(const sched_instance *in, int keep_existing, qiao_err *e)
{
    int rc = 0, S = in->nslots;
    int *who = qiao_malloc(sizeof(int) * (size_t)in->nparticipants * (size_t)S);
    int *count = qiao_calloc((size_t)S, sizeof(int));
    int *first = qiao_calloc((size_t)S, sizeof(int));
    keyed *tab = qiao_calloc((size_t)in->nmeetings + 1, sizeof *tab);
    int ntab = 0;
    for (size_t i = 0; i < (size_t)in->nparticipants * (size_t)S; i++)
        who[i] = SCHED_NONE;
    for (int i = 0; i < in->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        if (m->slot == SCHED_NONE || !(m->locked || keep_existing))
            continue;
        const char *what = m->locked ? "locked" : "existing (keep_existing)";
        int ends[2] = {m->a, m->b};
        for (int j = 0; j < 2; j++) {
            int v = ends[j];
            if (!sched_slots_has(&in->participants[v].avail, m->slot)) {
                rc = qiao_field_errf(e, QIAO_EINVAL, "slot",
                                     "%s meeting '%s' is in slot %d but '%s' is not available then; "
                                     "unlock it or change the availability", what, mid(in, i),
                                     m->slot + 1, pid(in, v));
                goto out;
            }
            int *w = &who[(size_t)v * (size_t)S + (size_t)m->slot];
            if (*w != SCHED_NONE) {
                rc = qiao_field_errf(e, QIAO_EINVAL, "slot",
                                     "%s meetings collide: '%s' and '%s' both put '%s' in slot %d; "
                                     "move or unlock one", what, mid(in, *w), mid(in, i), pid(in, v),
                                     m->slot + 1);
                goto out;
            }
            *w = i;
        }
        if (count[m->slot]++ == 0)
            first[m->slot] = i;
        if (count[m->slot] > in->ntables) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "slot",
                                 "%s meetings collide: slot %d holds %d of them but the event has "
                                 "only %d tables (e.g. '%s' and '%s')", what, m->slot + 1,
                                 count[m->slot], in->ntables, mid(in, first[m->slot]), mid(in, i));
            goto out;
        }
        if (m->table != SCHED_NONE)
            tab[ntab++] = (keyed){.k1 = m->slot, .k2 = m->table, .idx = i};
    }
    qsort(tab, (size_t)ntab, sizeof *tab, cmp_pair);
    for (int i = 1; i < ntab; i++)
        if (tab[i - 1].k1 == tab[i].k1 && tab[i - 1].k2 == tab[i].k2) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "table",
                                 "locked meetings collide: '%s' and '%s' are both at slot %ld "
                                 "table %ld; move or unlock one", mid(in, tab[i - 1].idx),
                                 mid(in, tab[i].idx), tab[i].k1 + 1, tab[i].k2 + 1);
            goto out;
        }
out:
    free(who);
    free(count);
    free(first);
    free(tab);
    return rc;
}

int sched_instance_validate(const sched_instance *in, int keep_existing, qiao_err *e)
{
    if (!in)
        return qiao_errf(e, QIAO_EINVAL, "no instance given");
    if (in->nslots < 1 || in->nslots > SCHED_MAX_SLOTS)
        return qiao_field_errf(e, QIAO_EINVAL, "event.slots",
                               "the event has %d slots; set event.slots to the number of meeting "
                               "slots (1 to %d)", in->nslots, SCHED_MAX_SLOTS);
    if (in->ntables < 1 || in->ntables > SCHED_MAX_TABLES)
        return qiao_field_errf(e, QIAO_EINVAL, "event.tables",
                               "the event has %d tables; set event.tables to the number of meeting "
                               "tables (1 to %d)", in->ntables, SCHED_MAX_TABLES);
    if (in->nparticipants < 0 || in->nmeetings < 0 ||
        (in->nparticipants > 0 && !in->participants) || (in->nmeetings > 0 && !in->meetings))
        return qiao_errf(e, QIAO_EINVAL, "the instance's participant or meeting arrays are missing");
    for (int v = 0; v < in->nparticipants; v++) {
        const sched_slots *s = &in->participants[v].avail;
        int any = 0;
        for (int t = 0; t < SCHED_MAX_SLOTS; t++) {
            if (!sched_slots_has(s, t))
                continue;
            if (t >= in->nslots)
                return qiao_field_errf(e, QIAO_EINVAL, "availability",
                                       "participant '%s' is available in slot %d but the event "
                                       "has only %d slots", pid(in, v), t + 1, in->nslots);
            any = 1;
        }
        if (!any)
            return qiao_field_errf(e, QIAO_EINVAL, "availability",
                                   "participant '%s' is available in no slot; give at least one "
                                   "slot (or omit availability for all)", pid(in, v));
    }
    for (int i = 0; i < in->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        if (m->a < 0 || m->a >= in->nparticipants || m->b < 0 || m->b >= in->nparticipants)
            return qiao_field_errf(e, QIAO_EINVAL, "from",
                                   "request '%s' names an unknown participant (index %d or %d of "
                                   "%d)", mid(in, i), m->a, m->b, in->nparticipants);
        if (m->a == m->b)
            return qiao_field_errf(e, QIAO_EINVAL, "to",
                                   "request '%s' asks '%s' to meet themselves; remove it",
                                   mid(in, i), pid(in, m->a));
        if (m->priority < 1 || m->priority > 3)
            return qiao_field_errf(e, QIAO_EINVAL, "priority",
                                   "request '%s' has priority %d; priority is 1, 2 or 3",
                                   mid(in, i), m->priority);
        if (m->slot != SCHED_NONE && (m->slot < 0 || m->slot >= in->nslots))
            return qiao_field_errf(e, QIAO_EINVAL, "slot",
                                   "request '%s' is in slot %d but the event has slots 1 to %d",
                                   mid(in, i), m->slot + 1, in->nslots);
        if (m->table != SCHED_NONE && (m->table < 0 || m->table >= in->ntables))
            return qiao_field_errf(e, QIAO_EINVAL, "table",
                                   "request '%s' is at table %d but the event has tables 1 to %d",
                                   mid(in, i), m->table + 1, in->ntables);
        if (m->table != SCHED_NONE && m->slot == SCHED_NONE)
            return qiao_field_errf(e, QIAO_EINVAL, "table",
                                   "request '%s' has a table but no slot; give both or neither",
                                   mid(in, i));
        if (m->locked && m->slot == SCHED_NONE)
            return qiao_field_errf(e, QIAO_EINVAL, "locked",
                                   "request '%s' is locked but has no slot; give the slot it is "
                                   "locked to", mid(in, i));
    }
    int rc = check_ids(in, e);
    if (rc < 0)
        return rc;
    return check_pinned(in, keep_existing, e);
}
