/* sched/check.c — the validator of a timetable, and the idle-slot count. */
#include <stdlib.h>
#include <string.h>

#include "sched/sched.h"

long sched_count_gaps(const sched_instance *in, const int *slot)
{
    int P = in->nparticipants, S = in->nslots;
    unsigned char *busy = qiao_calloc((size_t)P * (size_t)S, 1);
    for (int i = 0; i < in->nmeetings; i++) {
        if (slot[i] == SCHED_NONE || slot[i] < 0 || slot[i] >= S)
            continue;
        busy[(size_t)in->meetings[i].a * (size_t)S + (size_t)slot[i]] = 1;
        busy[(size_t)in->meetings[i].b * (size_t)S + (size_t)slot[i]] = 1;
    }
    long gaps = 0;
    for (int v = 0; v < P; v++) {
        const unsigned char *row = busy + (size_t)v * (size_t)S;
        int first = -1, last = -1;
        for (int t = 0; t < S; t++)
            if (row[t]) {
                if (first < 0)
                    first = t;
                last = t;
            }
        for (int t = first + 1; first >= 0 && t < last; t++)
            if (!row[t] && sched_slots_has(&in->participants[v].avail, t))
                gaps++;
    }
    free(busy);
    return gaps;
}

int sched_check(const sched_instance *in, const sched_result *res, qiao_err *e)
{
    int rc = 0, P = in->nparticipants, S = in->nslots, T = in->ntables;
    if (res->nmeetings != in->nmeetings || (in->nmeetings && (!res->slot || !res->table)))
        return qiao_errf(e, QIAO_EINVAL, "the result covers %d meetings, the instance has %d",
                         res->nmeetings, in->nmeetings);
    int *who = qiao_malloc(sizeof(int) * ((size_t)P * (size_t)S + 1));
    int *at = qiao_malloc(sizeof(int) * ((size_t)S * (size_t)T + 1));
    for (size_t i = 0; i < (size_t)P * (size_t)S; i++)
        who[i] = SCHED_NONE;
    for (size_t i = 0; i < (size_t)S * (size_t)T; i++)
        at[i] = SCHED_NONE;
    long weight = 0, total = 0;
    int scheduled = 0;
    for (int i = 0; i < in->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        int s = res->slot[i], t = res->table[i];
        total += m->priority;
        if (m->locked && (s != m->slot || (m->table != SCHED_NONE && t != m->table))) {
            rc = qiao_errf(e, QIAO_EINVAL, "locked meeting '%s' moved", m->id);
            goto out;
        }
        if (s == SCHED_NONE) {
            if (t != SCHED_NONE) {
                rc = qiao_errf(e, QIAO_EINVAL, "meeting '%s' has a table but no slot", m->id);
                goto out;
            }
            if (res->reason && res->reason[i] == SCHED_SCHEDULED) {
                rc = qiao_errf(e, QIAO_EINVAL, "unscheduled meeting '%s' has no reason", m->id);
                goto out;
            }
            continue;
        }
        if (s < 0 || s >= S || t < 0 || t >= T) {
            rc = qiao_errf(e, QIAO_EINVAL, "meeting '%s' is at slot %d table %d, outside the event",
                           m->id, s + 1, t + 1);
            goto out;
        }
        if (at[(size_t)s * (size_t)T + (size_t)t] != SCHED_NONE) {
            rc = qiao_errf(e, QIAO_EINVAL, "meetings '%s' and '%s' share slot %d table %d",
                           in->meetings[at[(size_t)s * (size_t)T + (size_t)t]].id, m->id, s + 1, t + 1);
            goto out;
        }
        at[(size_t)s * (size_t)T + (size_t)t] = i;
        int ends[2] = {m->a, m->b};
        for (int j = 0; j < 2; j++) {
            int v = ends[j];
            if (!sched_slots_has(&in->participants[v].avail, s)) {
                rc = qiao_errf(e, QIAO_EINVAL, "meeting '%s' puts '%s' in slot %d, where they are "
                               "not available", m->id, in->participants[v].id, s + 1);
                goto out;
            }
            int *w = &who[(size_t)v * (size_t)S + (size_t)s];
            if (*w != SCHED_NONE) {
                rc = qiao_errf(e, QIAO_EINVAL, "'%s' is in two meetings in slot %d ('%s' and '%s')",
                               in->participants[v].id, s + 1, in->meetings[*w].id, m->id);
                goto out;
            }
            *w = i;
        }
        if (res->reason && res->reason[i] != SCHED_SCHEDULED) {
            rc = qiao_errf(e, QIAO_EINVAL, "scheduled meeting '%s' carries a reason", m->id);
            goto out;
        }
        weight += m->priority;
        scheduled++;
    }
    if (scheduled != res->scheduled || weight != res->weight || total != res->total_weight) {
        rc = qiao_errf(e, QIAO_EINVAL, "the result reports %d meetings of weight %ld (of %ld); "
                       "the timetable has %d of weight %ld (of %ld)", res->scheduled, res->weight,
                       res->total_weight, scheduled, weight, total);
        goto out;
    }
    if (res->bound < weight) {
        rc = qiao_errf(e, QIAO_EINVAL, "the bound %ld is below the weight scheduled %ld",
                       res->bound, weight);
        goto out;
    }
    long gaps = sched_count_gaps(in, res->slot);
    if (gaps != res->gaps) {
        rc = qiao_errf(e, QIAO_EINVAL, "the result reports %ld idle slots; the timetable has %ld",
                       res->gaps, gaps);
        goto out;
    }
out:
    free(who);
    free(at);
    return rc;
}

int sched_check_kept(const sched_instance *in, const sched_result *res, qiao_err *e)
{
    for (int i = 0; i < in->nmeetings; i++) {
        const sched_meeting *m = &in->meetings[i];
        if (m->slot == SCHED_NONE)
            continue;
        if (res->slot[i] != m->slot || (m->table != SCHED_NONE && res->table[i] != m->table))
            return qiao_errf(e, QIAO_EINVAL, "meeting '%s' moved from slot %d to %d", m->id,
                             m->slot + 1, res->slot[i] == SCHED_NONE ? 0 : res->slot[i] + 1);
    }
    return 0;
}
