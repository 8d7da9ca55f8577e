/* tests/unit/test_web_event_panel.c — what the organiser's panel says about
 * an accepted meeting left out of the timetable (web_ev_unplaced_reasons:
 * each of the solver's reasons, and "not yet planned" for one that fits),
 * and priorities in words. */
#include "testutil.h"

#include "web/events.h"

/* Participants 0..np-1, each available in the slots of its mask (bit t =
 * slot t); meetings as pairs. */
static sched_instance *inst(int slots, int tables, int np, const unsigned *mask, int nm,
                            const int (*pairs)[2])
{
    sched_instance *in = sched_instance_new(slots, tables);
    in->nparticipants = np;
    in->participants = calloc((size_t)np, sizeof *in->participants);
    for (int p = 0; p < np; p++) {
        char id[16];
        snprintf(id, sizeof id, "p%d", p);
        in->participants[p].id = strdup(id);
        for (int t = 0; t < slots; t++)
            if (mask[p] >> t & 1u)
                sched_slots_set(&in->participants[p].avail, t);
    }
    in->nmeetings = nm;
    in->meetings = calloc((size_t)nm, sizeof *in->meetings);
    for (int m = 0; m < nm; m++) {
        char id[16];
        snprintf(id, sizeof id, "m%d", m);
        in->meetings[m] = (sched_meeting){.id = strdup(id), .a = pairs[m][0], .b = pairs[m][1],
                                          .priority = 1, .slot = SCHED_NONE, .table = SCHED_NONE};
    }
    return in;
}

static void reasons(void **st)
{
    (void)st;
    /* p0 and p1 only slot 0; p2 only slot 1; p3, p4 both slots */
    const unsigned mask[] = {1u, 1u, 2u, 3u, 3u};
    const int pairs[][2] = {
        {0, 3},   /* placed at slot 0 */
        {1, 2},   /* no common slot */
        {0, 4},   /* common slot 0 only, where p0 (the requester) is busy */
        {4, 0},   /* the same, p0 now the invited side */
        {3, 4},   /* slot 0: p3 busy; slot 1: free, 2 tables, one used: fits */
    };
    sched_instance *in = inst(2, 2, 5, mask, 5, pairs);
    int slot[] = {0, SCHED_NONE, SCHED_NONE, SCHED_NONE, SCHED_NONE};
    int table[] = {0, SCHED_NONE, SCHED_NONE, SCHED_NONE, SCHED_NONE};
    sched_reason r[5];
    web_ev_unplaced_reasons(in, slot, table, r);
    assert_int_equal(r[0], SCHED_SCHEDULED);
    assert_int_equal(r[1], SCHED_NO_COMMON_SLOT);
    assert_int_equal(r[2], SCHED_A_BUSY);
    assert_int_equal(r[3], SCHED_B_BUSY);
    assert_int_equal(r[4], SCHED_SCHEDULED);
    assert_string_equal(web_ev_reason_label(r[1]), "双方没有共同的可参加时段");
    assert_non_null(strstr(web_ev_reason_label(r[4]), "尚未排入日程"));
    sched_instance_free(in);
}

static void tables_full_and_crowded(void **st)
{
    (void)st;
    /* one table. p0,p1 in slot 0; p2,p3 both slots; p4 only slot 1 */
    const unsigned mask[] = {1u, 1u, 3u, 3u, 2u};
    const int pairs[][2] = {
        {0, 1},   /* placed at slot 0 */
        {2, 3},   /* slot 0: the table is taken; slot 1: taken by m2 → tables full */
        {3, 4},   /* placed at slot 1 */
        {2, 4},   /* slot 1 only: p4 busy there → the invited side is busy */
    };
    sched_instance *in = inst(2, 1, 5, mask, 4, pairs);
    int slot[] = {0, SCHED_NONE, 1, SCHED_NONE};
    int table[] = {0, SCHED_NONE, 0, SCHED_NONE};
    sched_reason r[4];
    web_ev_unplaced_reasons(in, slot, table, r);
    assert_int_equal(r[1], SCHED_CROWDED);   /* slot 0: table full; slot 1: p3 busy */
    assert_int_equal(r[3], SCHED_B_BUSY);
    slot[2] = SCHED_NONE;                    /* m2 out: slot 1 is free for m1 */
    web_ev_unplaced_reasons(in, slot, table, r);
    assert_int_equal(r[1], SCHED_SCHEDULED);
    sched_instance_free(in);
    /* two meetings of others fill the only table of the only common slot */
    const unsigned m2[] = {1u, 1u, 1u, 1u};
    const int p2[][2] = {{0, 1}, {2, 3}};
    in = inst(1, 1, 4, m2, 2, p2);
    int s2[] = {0, SCHED_NONE}, t2[] = {0, SCHED_NONE};
    sched_reason r2[2];
    web_ev_unplaced_reasons(in, s2, t2, r2);
    assert_int_equal(r2[1], SCHED_TABLES_FULL);
    sched_instance_free(in);
}

static void priorities_in_words(void **st)
{
    (void)st;
    assert_string_equal(web_ev_priority_label(3), "非常重要");
    assert_string_equal(web_ev_priority_label(2), "重要");
    assert_string_equal(web_ev_priority_label(1), "一般");
    assert_string_equal(web_ev_priority_label(0), "一般");   /* absent means 1 */
    assert_string_equal(event_priority_label(2), "重要");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reasons),
        cmocka_unit_test(tables_full_and_crowded),
        cmocka_unit_test(priorities_in_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
