/* tests/unit/test_sched_parse.c — the direct instance reader (parse.c)
 * against the jansson path: for every text, sched_instance_parse (the direct
 * reader, falling back to jansson) and json_loadb + sched_instance_from_json
 * give the same instance, or the same error with the same message — on the
 * usual shape, on every field's edge (escapes, Chinese, nulls, other keys,
 * statuses, defaults), on texts the reader leaves to jansson (\u escapes,
 * nested values, another key order, reals, duplicates, bad UTF-8), and on
 * 3,000 random one-byte corruptions of a valid instance. */
#include "testutil.h"

#include "sched/internal.h"

static void same_instance(const sched_instance *a, const sched_instance *b, const char *text)
{
    if ((a->event == NULL) != (b->event == NULL) || (a->event && strcmp(a->event, b->event)) ||
        a->nslots != b->nslots || a->ntables != b->ntables || a->nparticipants != b->nparticipants ||
        a->nmeetings != b->nmeetings)
        fail_msg("instances differ (event, sizes) for %s", text);
    for (int v = 0; v < a->nparticipants; v++)
        if (strcmp(a->participants[v].id, b->participants[v].id) ||
            memcmp(&a->participants[v].avail, &b->participants[v].avail, sizeof(sched_slots)))
            fail_msg("participant %d differs for %s", v, text);
    for (int m = 0; m < a->nmeetings; m++) {
        const sched_meeting *x = &a->meetings[m], *y = &b->meetings[m];
        if (strcmp(x->id, y->id) || x->a != y->a || x->b != y->b || x->priority != y->priority ||
            x->slot != y->slot || x->table != y->table || x->locked != y->locked)
            fail_msg("meeting %d differs for %s", m, text);
    }
}

/* Both paths on text; returns 1 when it was an instance, 0 an error. */
static int agree(const char *text, size_t len)
{
    sched_instance *a = NULL, *b = NULL;
    qiao_err ea = {0}, eb = {0};
    int ra = sched_instance_parse(text, len, &a, &ea);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    int rb = root ? sched_instance_from_json(root, &b, &eb)
                  : qiao_errf(&eb, QIAO_EINVAL, "instance is not valid JSON: line %d column %d: %s",
                              je.line, je.column, je.text);
    json_decref(root);
    if (ra != rb)
        fail_msg("direct %d, jansson %d (%s / %s) for %.300s", ra, rb, ea.msg, eb.msg, text);
    if (ra < 0) {
        assert_string_equal(ea.msg, eb.msg);
        assert_string_equal(ea.field, eb.field);
    } else {
        same_instance(a, b, text);
    }
    sched_instance_free(a);
    sched_instance_free(b);
    return ra == 0;
}

static int agree_s(const char *text)
{
    return agree(text, strlen(text));
}

/* 1 when the direct reader takes text itself (no fallback). */
static int direct(const char *text)
{
    sched_instance *in = NULL;
    int ok = sched_instance_read(text, strlen(text), &in);
    sched_instance_free(in);
    return ok;
}

#define HEAD "{\"event\": {\"id\": \"2023-成都-对接会\", \"slots\": 4, \"tables\": 2, \"slot_minutes\": 20}, "

static const char *const usual =
    HEAD "\"registrations\": [{\"who\": \"uestc-ic\", \"availability\": [1, 2, 3]},"
    " {\"who\": \"新津\\\"x\\\\y\\/z\\n\\t\", \"availability\": null, \"note\": \"随便\"},"
    " {\"who\": \"p3\", \"vip\": true, \"n\": null, \"k\": -0},\n {\"who\": \"p4\"}],\r\n"
    " \"meeting_requests\": [{\"id\": \"r1\", \"from\": \"新津\\\"x\\\\y\\/z\\n\\t\", \"to\": \"uestc-ic\", \"priority\": 3,"
    " \"status\": \"accepted\"},"
    " {\"from\": \"p3\", \"to\": \"p4\", \"slot\": 2, \"table\": 1, \"locked\": true},"
    " {\"id\": \"r3\", \"from\": \"p3\", \"to\": \"uestc-ic\", \"status\": \"pending\"},"
    " {\"id\": \"r4\", \"from\": \"p4\", \"to\": \"uestc-ic\", \"status\": \"declined\", \"priority\": null},"
    " {\"id\": \"r5\", \"from\": \"uestc-ic\", \"to\": \"p4\", \"slot\": 3, \"locked\": false, \"x\": \"y\"},"
    " {\"id\": null, \"from\": \"p4\", \"to\": \"新津\\\"x\\\\y\\/z\\n\\t\", \"locked\": null, \"priority\": 2}]}";

static void test_usual_shape(void **state)
{
    (void)state;
    assert_true(direct(usual));
    assert_true(agree_s(usual));
    /* no event id: the generated request ids have no event part */
    const char *noid = "{\"event\": {\"slots\": 2, \"tables\": 1}, \"registrations\": [{\"who\": \"a\"},"
                       " {\"who\": \"b\"}], \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\"}]}";
    assert_true(direct(noid));
    assert_true(agree_s(noid));
    /* empty lists */
    const char *empty = "{\"event\": {\"id\": \"e\", \"slots\": 2, \"tables\": 1}, \"registrations\": [],"
                        " \"meeting_requests\": []}";
    assert_true(direct(empty));
    assert_true(agree_s(empty));
}

static void test_left_to_jansson(void **state)
{
    (void)state;
    /* taken by jansson alone, same instance */
    static const char *const fine[] = {
        "{\"event\": {\"id\": \"e\", \"slots\": 2, \"tables\": 1}, \"registrations\": [{\"who\": \"\\u6210\\u90fd\"},"
        " {\"who\": \"b\"}], \"meeting_requests\": [{\"from\": \"\\u6210\\u90fd\", \"to\": \"b\"}]}",
        "{\"registrations\": [{\"who\": \"a\"}, {\"who\": \"b\"}], \"event\": {\"slots\": 2, \"tables\": 1},"
        " \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\"}]}",
        "{\"event\": {\"slots\": 2, \"tables\": 1, \"venue\": {\"room\": 3}}, \"registrations\": [{\"who\": \"a\"},"
        " {\"who\": \"b\"}], \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"tags\": [1, 2]}]}",
        "{\"event\": {\"slots\": 2, \"tables\": 1}, \"registrations\": [{\"who\": \"a\"}, {\"who\": \"b\"}],"
        " \"meetings\": [{\"from\": \"a\", \"to\": \"b\"}]}",
        "{\"event\": {\"slots\": 2, \"tables\": 1}, \"registrations\": [{\"who\": \"a\"}, {\"who\": \"b\"}],"
        " \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"weight\": 1.5}], \"extra\": 1}",
        "{\"event\": {\"slots\": 2, \"tables\": 1}, \"registrations\": [{\"who\": \"a\"}, {\"who\": \"b\"}],"
        " \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"status\": \"cancelled\", \"priority\": \"x\"}]}",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        assert_false(direct(fine[i]));
        assert_true(agree_s(fine[i]));
    }
    /* errors, worded by the jansson path */
#define REGS "\"registrations\": [{\"who\": \"a\"}, {\"who\": \"b\"}]"
#define EV "{\"event\": {\"slots\": 2, \"tables\": 1}, "
    static const char *const bad[] = {
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"priority\": 2.0}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"priority\": 4}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"slot\": 0}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"table\": 2}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"c\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"a\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"b\", \"to\": \"a\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"from\": \"b\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"status\": \"maybe\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"locked\": 1}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"locked\": true}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"id\": \"\"}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\"}] x",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\"}]} x",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"slot\": 01}]}",
        EV REGS ", \"meeting_requests\": [{\"from\": \"a\", \"to\": \"b\", \"slot\": 12345678901234567890}]}",
        EV "\"registrations\": [{\"who\": \"a\"}, {\"who\": \"a\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\", \"availability\": []}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\", \"availability\": [3]}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\", \"availability\": \"all\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"availability\": [1]}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\\u0000b\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\xff\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\xed\xa0\x80\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [{\"who\": \"a\tb\"}], \"meeting_requests\": []}",
        EV "\"registrations\": [\"a\"], \"meeting_requests\": []}",
        EV "\"registrations\": {}, \"meeting_requests\": []}",
        EV "\"registrations\": []}",
        "{\"event\": {\"slots\": 0, \"tables\": 1}, \"registrations\": [], \"meeting_requests\": []}",
        "{\"event\": {\"slots\": 2}, \"registrations\": [], \"meeting_requests\": []}",
        "{\"event\": {\"slots\": 2, \"tables\": 1, \"slots\": 3}, \"registrations\": [], \"meeting_requests\": []}",
        "{\"event\": [], \"registrations\": [], \"meeting_requests\": []}",
        "[]",
        "",
        "\xef\xbb\xbf{}",
        "{\"event\": {\"slots\": 300, \"tables\": 1}, \"registrations\": [], \"meeting_requests\": []}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (agree_s(bad[i]))
            fail_msg("accepted: %s", bad[i]);
}

static void test_corruptions(void **state)
{
    (void)state;
    size_t n = strlen(usual);
    char *t = malloc(n + 1);
    static const char subst[] = "{}[],:\"\\ 0123-9.eEtfnul\x01\xe6\xff/xa";
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    int ok = 0;
    for (int k = 0; k < 3000; k++) {
        memcpy(t, usual, n + 1);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t at = (size_t)(x % n);
        t[at] = subst[(x >> 32) % (sizeof subst - 1)];
        size_t len = (x >> 40) % 16 == 0 ? at : n;   /* sometimes cut short there */
        ok += agree(t, len);
    }
    free(t);
    assert_true(ok > 0 && ok < 3000);   /* some still instances, some errors */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usual_shape),
        cmocka_unit_test(test_left_to_jansson),
        cmocka_unit_test(test_corruptions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
