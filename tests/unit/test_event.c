/* test_event.c — matchmaking events over a temporary store: the whole flow
 * (create, register, suggest, request, accept, schedule, agendas, ICS parsed
 * back), every refusal with its message and the store unchanged, the
 * waiting list, expiry, re-planning after a cancellation, ICS folding. */
#include "testutil.h"

#include <time.h>

#include "event/event.h"
#include "index/index.h"
#include "model/model.h"
#include "store/store.h"
#include "text/text.h"

static const char *const world[] = {
    "{\"kind\":\"org\",\"id\":\"u1\",\"name\":\"成都理工示例大学\",\"type\":\"university\"}",
    "{\"kind\":\"org\",\"id\":\"e1\",\"name\":\"蓉城物流科技\",\"type\":\"enterprise\"}",
    "{\"kind\":\"org\",\"id\":\"e2\",\"name\":\"天府电子\",\"type\":\"enterprise\"}",
    "{\"kind\":\"person\",\"id\":\"s1\",\"name\":\"林教授\",\"org\":\"u1\",\"roles\":[\"scientist\"],"
    "\"expertise\":\"无源射频标签、低功耗传感\",\"keywords\":[\"射频标签\",\"RFID\"]}",
    "{\"kind\":\"person\",\"id\":\"s2\",\"name\":\"周研究员\",\"org\":\"u1\",\"roles\":[\"scientist\"]}",
    "{\"kind\":\"person\",\"id\":\"w1\",\"name\":\"王经理\",\"org\":\"e1\"}",
    "{\"kind\":\"person\",\"id\":\"w2\",\"name\":\"赵总\",\"org\":\"e2\"}",
    "{\"kind\":\"person\",\"id\":\"w3\",\"name\":\"钱工\",\"org\":\"e2\"}",
    "{\"kind\":\"person\",\"id\":\"w4\",\"name\":\"孙工\",\"org\":\"e2\"}",
    "{\"kind\":\"achievement\",\"id\":\"a1\",\"title\":\"无源射频温度标签\",\"org\":\"u1\","
    "\"owners\":[\"s1\"],\"keywords\":[\"射频标签\",\"温度传感\",\"冷链\"],\"chains\":[\"集成电路\"],"
    "\"summary\":\"免电池的射频温度标签，用于冷链运输温度监测。\"}",
    "{\"kind\":\"demand\",\"id\":\"d1\",\"title\":\"冷链运输射频温度标签\",\"org\":\"e1\","
    "\"keywords\":[\"射频标签\",\"冷链\"],\"chains\":[\"集成电路\"],"
    "\"description\":\"需要低成本无源射频温度标签，用于冷链运输。\"}",
};

static const event_actor staff = {"organiser", "staff", NULL};
static const event_actor admin = {"root", "admin", NULL};
static const event_actor ent = {"wang", "enterprise", "w1"};
static const event_actor sci = {"lin", "university", "s1"};
static const event_actor zhao = {"zhao", "enterprise", "w2"};

static char world_path[4096];

/* The index of the world's store (the index service, no snapshot): read
 * lock held until suggestions_end. */
static index_svc *suggestions_begin(match_index **ix)
{
    index_opts o = INDEX_OPTS_DEFAULT;
    o.snapshot = false;
    index_svc *svc;
    qiao_err e = {0};
    assert_int_equal(index_open(world_path, &o, &svc, &e), 0);
    assert_non_null(*ix = index_read(svc));
    return svc;
}

static void suggestions_end(index_svc *svc)
{
    index_read_end(svc);
    index_close(svc);
}

static store *open_world(void)
{
    char *path = world_path;
    tu_tmp_db(path, sizeof world_path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (size_t i = 0; i < sizeof world / sizeof world[0]; i++) {
        model_record r;
        model_errors errs = {0};
        json_t *in = model_json_parse(world[i], strlen(world[i]), NULL, 0);
        assert_non_null(in);
        if (model_from_json(in, &r, &errs) != 0)
            fail_msg("invalid test record %zu: %s", i, errs.v[0].reason);
        json_decref(in);
        assert_int_equal(store_put(s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static void create(store *s, const char *json)
{
    qiao_err e = {0};
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    if (event_create(s, &staff, j, &e) != 0)
        fail_msg("event_create: %s", e.msg);
    json_decref(j);
}

#define EV1 "{\"id\":\"ev1\",\"title\":\"冷链技术对接会\",\"type\":\"salon\"," \
    "\"starts\":\"2030-05-10T09:00+08:00\",\"ends\":\"2030-05-10T12:00+08:00\"," \
    "\"venue\":\"天府园A座\",\"slot_minutes\":20,\"slots\":6,\"tables\":3}"

#define BEFORE "2030-05-01T10:00+08:00"

static void reg(store *s, const event_actor *a, const char *who, event_reg_result *res)
{
    qiao_err e = {0};
    event_reg_req rq = {.event = "ev1", .who = who, .at = BEFORE};
    event_reg_result ignore;
    if (event_register(s, a, &rq, res ? res : &ignore, &e) != 0)
        fail_msg("register %s: %s", who, e.msg);
}

static void req(store *s, const event_actor *a, const char *from, const char *to, char *key)
{
    qiao_err e = {0};
    event_request_req rq = {.event = "ev1", .from = from, .to = to, .priority = 2, .at = BEFORE};
    if (event_request(s, a, &rq, key, &e) != 0)
        fail_msg("request %s -> %s: %s", from, to, e.msg);
}

static void accept_(store *s, const event_actor *a, const char *key)
{
    qiao_err e = {0};
    if (event_accept(s, a, key, BEFORE, &e) != 0)
        fail_msg("accept %s: %s", key, e.msg);
}

/* Solves the event and writes the timetable (event_timetable_plan); returns
 * the number scheduled. */
static int plan(store *s, int keep)
{
    qiao_err e = {0};
    sched_instance *in = NULL;
    sched_result res = {0};
    sched_options o = sched_default_options();
    o.keep_existing = keep;
    if (event_timetable_plan(s, &staff, "ev1", &o, 1, &in, &res, NULL, &e) != 0)
        fail_msg("timetable_plan: %s", e.msg);
    int n = res.scheduled;
    sched_result_free(&res);
    sched_instance_free(in);
    return n;
}

static model_record get_req(store *s, const char *key)
{
    model_record r;
    qiao_err e = {0};
    assert_int_equal(store_get(s, MODEL_MEETING_REQUEST, key, &r, &e), 0);
    return r;
}

/* ---- a small, independent iCalendar reader ---- */

typedef struct ical_prop {
    char name[64];
    char params[128];
    char value[1024];   /* unescaped */
} ical_prop;

/* Unfolds the lines of an ICS text (checking CRLF and the 75-octet limit) and
 * splits each into name, parameters and unescaped value. Returns the count. */
static size_t ical_parse(const char *ics, ical_prop *out, size_t cap)
{
    char logical[4096];
    size_t n = 0, ll = 0;
    const char *p = ics;
    int have = 0;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);                       /* every line ends in CRLF */
        size_t len = (size_t)(eol - p);
        assert_true(len <= 75);                     /* folded at 75 octets */
        for (size_t i = 0; i < len; i++)
            assert_true(p[i] != '\n' && p[i] != '\r');
        if (p[0] == ' ') {                          /* continuation */
            assert_true(have);
            memcpy(logical + ll, p + 1, len - 1);
            ll += len - 1;
        } else {
            if (have) {
                logical[ll] = '\0';
                assert_true(n < cap);
                ical_prop *pr = &out[n++];
                memset(pr, 0, sizeof *pr);
                char *colon = strchr(logical, ':');
                assert_non_null(colon);
                *colon = '\0';
                char *semi = strchr(logical, ';');
                if (semi) {
                    *semi = '\0';
                    snprintf(pr->params, sizeof pr->params, "%.127s", semi + 1);
                }
                snprintf(pr->name, sizeof pr->name, "%.63s", logical);
                size_t o = 0;
                for (const char *v = colon + 1; *v && o + 1 < sizeof pr->value; v++) {
                    if (*v == '\\' && v[1]) {
                        v++;
                        pr->value[o++] = (*v == 'n' || *v == 'N') ? '\n' : *v;
                    } else {
                        assert_true(*v != ',' && *v != ';');   /* must be escaped */
                        pr->value[o++] = *v;
                    }
                }
                pr->value[o] = '\0';
            }
            memcpy(logical, p, len);
            ll = len;
            have = 1;
        }
        p = eol + 2;
    }
    /* the last logical line */
    if (have) {
        logical[ll] = '\0';
        assert_true(n < cap);
        ical_prop *pr = &out[n++];
        memset(pr, 0, sizeof *pr);
        char *colon = strchr(logical, ':');
        assert_non_null(colon);
        *colon = '\0';
        snprintf(pr->name, sizeof pr->name, "%.63s", logical);
        snprintf(pr->value, sizeof pr->value, "%.1023s", colon + 1);
    }
    return n;
}

/* The first property `name` at or after `from`; fails the test when absent. */
static const ical_prop *ical_find(const ical_prop *v, size_t n, const char *name, size_t from)
{
    static const ical_prop none = {{0}, {0}, {0}};
    for (size_t i = from; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    fail_msg("ICS has no %s", name);
    return &none;
}

/* The index of the first BEGIN:VEVENT. */
static size_t ical_vevent(const ical_prop *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, "BEGIN") == 0 && strcmp(v[i].value, "VEVENT") == 0)
            return i;
    fail_msg("ICS has no VEVENT");
    return 0;
}

/* "20300510T092000" → minutes since midnight, and the date. */
static int ical_minutes(const char *v, char date[9])
{
    assert_int_equal(strlen(v), 15);
    assert_int_equal(v[8], 'T');
    memcpy(date, v, 8);
    date[8] = '\0';
    return ((v[9] - '0') * 10 + (v[10] - '0')) * 60 + (v[11] - '0') * 10 + (v[12] - '0');
}

static void test_flow(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    create(s, EV1);
    reg(s, &sci, "s1", NULL);
    event_reg_result rr;
    reg(s, &ent, "w1", &rr);
    assert_int_equal(rr.created, 1);
    assert_int_equal(rr.waitlisted, 0);

    /* Suggestions for w1: the scientist who owns the matching achievement. */
    event_suggestions sg;
    match_index *ix;
    index_svc *svc = suggestions_begin(&ix);
    assert_int_equal(event_suggest(s, ix, &ent, "ev1", "w1", 5, &sg, &e), 0);
    assert_true(sg.n >= 1);
    assert_string_equal(sg.v[0].who, "s1");
    assert_true(sg.v[0].nreasons >= 1);
    assert_non_null(strstr(sg.v[0].reasons[0].mine, "冷链运输射频温度标签"));
    assert_non_null(strstr(sg.v[0].reasons[0].theirs, "无源射频温度标签"));
    assert_true(strlen(sg.v[0].reasons[0].why) > 0);
    event_suggestions_free(&sg);

    char key[MODEL_KEY_MAX];
    req(s, &ent, "w1", "s1", key);
    assert_string_equal(key, "ev1/w1/s1");
    /* Once asked, s1 is no longer suggested to w1. */
    assert_int_equal(event_suggest(s, ix, &ent, "ev1", "w1", 5, &sg, &e), 0);
    for (size_t i = 0; i < sg.n; i++)
        assert_string_not_equal(sg.v[i].who, "s1");
    event_suggestions_free(&sg);
    suggestions_end(svc);
    accept_(s, &sci, key);
    assert_int_equal(plan(s, 0), 1);

    model_record m = get_req(s, key);
    long long slot = model_int(&m, "slot", 0), table = model_int(&m, "table", 0);
    assert_string_equal(model_str(&m, "status"), "accepted");
    model_record_clear(&m);
    assert_true(slot >= 1 && slot <= 6);
    assert_true(table >= 1 && table <= 3);

    /* Both agendas show the meeting with the other side's name and table. */
    buf a = {0}, b = {0};
    char tbl[32];
    snprintf(tbl, sizeof tbl, "  %lld  ", table);
    assert_int_equal(event_agenda(s, &ent, "ev1", "w1", EVENT_FMT_TEXT, 0, &a, &e), 0);
    assert_int_equal(event_agenda(s, &sci, "ev1", "s1", EVENT_FMT_TEXT, 0, &b, &e), 0);
    assert_non_null(strstr(a.p, "林教授（成都理工示例大学）"));
    assert_non_null(strstr(b.p, "王经理（蓉城物流科技）"));
    assert_non_null(strstr(a.p, key));
    assert_non_null(strstr(b.p, key));
    buf_free(&a);
    buf_free(&b);
    assert_int_equal(event_agenda(s, &ent, "ev1", "w1", EVENT_FMT_JSON, 0, &a, &e), 0);
    json_t *j = json_loads(a.p, 0, NULL);
    assert_non_null(j);
    json_t *m0 = json_array_get(json_object_get(j, "meetings"), 0);
    assert_int_equal(json_integer_value(json_object_get(m0, "slot")), slot);
    assert_int_equal(json_integer_value(json_object_get(m0, "table")), table);
    assert_string_equal(json_string_value(json_object_get(m0, "with")), "s1");
    json_decref(j);
    buf_free(&a);

    /* ICS parses back with the slot's times. */
    assert_int_equal(event_agenda(s, &ent, "ev1", "w1", EVENT_FMT_ICS, 1900000000, &a, &e), 0);
    ical_prop props[64];
    size_t n = ical_parse(a.p, props, 64);
    assert_string_equal(props[0].name, "BEGIN");
    assert_string_equal(props[0].value, "VCALENDAR");
    assert_string_equal(props[n - 1].value, "VCALENDAR");
    assert_non_null(ical_find(props, n, "VERSION", 0));
    const ical_prop *tz = ical_find(props, n, "TZID", 0);
    assert_non_null(tz);
    assert_string_equal(tz->value, "Asia/Shanghai");
    int nev = 0;
    for (size_t i = 0; i < n; i++)
        nev += strcmp(props[i].name, "BEGIN") == 0 && strcmp(props[i].value, "VEVENT") == 0;
    assert_int_equal(nev, 1);
    size_t ve = ical_vevent(props, n);
    const ical_prop *ds = ical_find(props, n, "DTSTART", ve);
    const ical_prop *de = ical_find(props, n, "DTEND", ve);
    const ical_prop *st = ical_find(props, n, "DTSTAMP", ve);
    assert_non_null(ds);
    assert_non_null(de);
    assert_non_null(st);
    assert_non_null(ical_find(props, n, "UID", 0));
    assert_string_equal(ds->params, "TZID=Asia/Shanghai");
    char d1[9], d2[9];
    int start = ical_minutes(ds->value, d1), end = ical_minutes(de->value, d2);
    assert_string_equal(d1, "20300510");
    assert_string_equal(d2, "20300510");
    assert_int_equal(start, 9 * 60 + (int)(slot - 1) * 20);
    assert_int_equal(end, start + 20);
    /* DTSTAMP 1900000000 = 2030-03-17T17:46:40Z */
    assert_string_equal(st->value, "20300317T174640Z");
    const ical_prop *sum = ical_find(props, n, "SUMMARY", 0);
    assert_non_null(sum);
    assert_non_null(strstr(sum->value, "林教授"));
    const ical_prop *loc = ical_find(props, n, "LOCATION", 0);
    char want[64];
    snprintf(want, sizeof want, "天府园A座 第%lld桌", table);
    assert_string_equal(loc->value, want);
    buf_free(&a);

    /* The grid (text, CSV) and the workbook. */
    assert_int_equal(event_grid(s, &staff, "ev1", EVENT_FMT_TEXT, &a, &e), 0);
    assert_non_null(strstr(a.p, "王经理 ↔ 林教授"));
    buf_free(&a);
    assert_int_equal(event_grid(s, &admin, "ev1", EVENT_FMT_CSV, &a, &e), 0);
    const char *ghead = "\xEF\xBB\xBF" "时段,时间,第1桌,第2桌,第3桌\r\n";
    assert_memory_equal(a.p, ghead, strlen(ghead));
    char row[256];
    snprintf(row, sizeof row, "\r\n%lld,", slot);
    assert_non_null(strstr(a.p, row));
    assert_non_null(strstr(a.p, "王经理（蓉城物流科技） ↔ 林教授（成都理工示例大学）"));
    buf_free(&a);
    assert_int_equal(event_meetings(s, &staff, "ev1", EVENT_FMT_CSV, &a, &e), 0);
    assert_non_null(strstr(a.p, "ev1/w1/s1,w1,"));
    const char *mhead = "\xEF\xBB\xBF" "时段,时间,桌号,邀约编号,邀约方编号,邀约方,受邀方编号,受邀方,"
                        "优先级,锁定,留言\r\n";
    assert_memory_equal(a.p, mhead, strlen(mhead));
    assert_non_null(strstr(a.p, ",重要,否,"));   /* priority 2 in words, not locked */
    buf_free(&a);
    char xlsx[4096];
    tu_tmp_db(xlsx, sizeof xlsx);
    strcat(xlsx, ".xlsx");
    assert_int_equal(event_export_xlsx(s, &staff, "ev1", xlsx, &e), 0);
    size_t len = 0;
    char *bytes = tu_read_file(xlsx, &len);
    assert_non_null(bytes);
    assert_true(len > 1000 && bytes[0] == 'P' && bytes[1] == 'K');
    free(bytes);
    store_close(s);
}

/* Every record of the store as JSON lines: to prove a refusal wrote nothing. */
static int dump_one(const model_record *r, void *ud)
{
    char *line = model_to_jsonl(r);
    buf_puts(ud, line);
    buf_putc(ud, '\n');
    free(line);
    return 0;
}

static char *snapshot(store *s)
{
    buf b = {0};
    qiao_err e = {0};
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        assert_int_equal(store_scan(s, (model_kind)k, dump_one, &b, &e), 0);
    return buf_steal(&b);
}

#define REFUSED(call, code, fld, needle)                                                  \
    do {                                                                                  \
        char *before_ = snapshot(s);                                                      \
        qiao_err e_ = {0};                                                                \
        qiao_err *ep = &e_;                                                               \
        int rc_ = (call);                                                                 \
        if (rc_ != (code) || strcmp(e_.field, fld) || !strstr(e_.msg, needle))            \
            fail_msg("%s: got %d field '%s' msg '%s'; want %d '%s' ~'%s'", #call, rc_,     \
                     e_.field, e_.msg, code, fld, needle);                                \
        char *after_ = snapshot(s);                                                       \
        assert_string_equal(before_, after_);                                             \
        free(before_);                                                                    \
        free(after_);                                                                     \
    } while (0)

static int do_create(store *s, const event_actor *a, const char *json, qiao_err *e)
{
    json_t *j = json_loads(json, 0, NULL);
    int rc = event_create(s, a, j, e);
    json_decref(j);
    return rc;
}

static int do_edit(store *s, const char *json, qiao_err *e)
{
    json_t *j = json_loads(json, 0, NULL);
    int rc = event_edit(s, &staff, "ev1", j, NULL, e);
    json_decref(j);
    return rc;
}

static int do_reg(store *s, const event_actor *a, const char *who, const char *at,
                  const int *av, size_t nav, qiao_err *e)
{
    event_reg_req rq = {.event = "ev1", .who = who, .at = at, .availability = av, .navail = nav};
    event_reg_result res;
    return event_register(s, a, &rq, &res, e);
}

static int do_req(store *s, const event_actor *a, const char *from, const char *to,
                  const char *at, qiao_err *e)
{
    event_request_req rq = {.event = "ev1", .from = from, .to = to, .at = at ? at : BEFORE};
    return event_request(s, a, &rq, NULL, e);
}

static int do_write_stale(store *s, const event_actor *a, int make_stale, qiao_err *e)
{
    sched_instance *in = NULL;
    sched_result res = {0};
    sched_options o = sched_default_options();
    int rc = event_timetable_load(s, &staff, "ev1", &in, e);
    if (rc == 0)
        rc = sched_solve(in, &o, &res, e);
    if (rc == 0 && make_stale) {
        /* the request changes under the organiser's feet: cancelled by hand */
        model_record m;
        qiao_err ignore = {0};
        store_get(s, MODEL_MEETING_REQUEST, "ev1/w1/s1", &m, &ignore);
        json_object_set_new(m.doc, "status", json_string("cancelled"));
        store_begin(s, &ignore);
        store_put(s, &m, &ignore);
        store_commit(s, &ignore);
        model_record_clear(&m);
    }
    if (rc == 0)
        rc = event_timetable_write(s, a, in, &res, NULL, e);
    sched_result_free(&res);
    sched_instance_free(in);
    return rc;
}

static void test_refusals(void **state)
{
    (void)state;
    store *s = open_world();
    create(s, "{\"id\":\"ev1\",\"title\":\"对接会\",\"type\":\"roadshow\","
              "\"starts\":\"2030-05-10T09:00+08:00\",\"ends\":\"2030-05-10T12:00+08:00\","
              "\"slot_minutes\":20,\"slots\":6,\"tables\":2,\"capacity\":3,"
              "\"registration_deadline\":\"2030-05-08\",\"requests_deadline\":"
              "\"2030-05-09T18:00+08:00\",\"max_requests\":1,\"max_meetings\":1}");

    /* events: staff only; duplicates; dates in order */
    REFUSED(do_create(s, &ent, EV1, ep), QIAO_EPERM, "role", "may not create events");
    REFUSED(do_create(s, &staff, "{\"id\":\"ev1\",\"title\":\"x\",\"type\":\"salon\","
                      "\"starts\":\"2030-01-01\"}", ep), QIAO_ECONFLICT, "id", "exists already");
    REFUSED(do_create(s, &staff, "{\"id\":\"ev2\",\"title\":\"x\",\"type\":\"salon\","
                      "\"starts\":\"2030-01-02\",\"ends\":\"2030-01-01\"}", ep), QIAO_EINVAL,
            "ends", "before it starts");
    REFUSED(do_create(s, &staff, "{\"id\":\"ev2\",\"title\":\"x\",\"type\":\"fair\","
                      "\"starts\":\"2030-01-02\"}", ep), QIAO_EINVAL, "type", "");
    REFUSED(do_create(s, &staff, "{\"id\":\"ev2\",\"title\":\"x\",\"type\":\"salon\","
                      "\"starts\":\"2030-01-02T09:00+08:00\",\"ends\":\"2030-01-02T10:00+08:00\","
                      "\"slots\":4,\"slot_minutes\":30}", ep), QIAO_EINVAL, "slots",
            "after its end");
    REFUSED(do_edit(s, "{\"id\":\"other\"}", ep), QIAO_EINVAL, "id", "does not change");

    /* registration */
    REFUSED(do_reg(s, &staff, "nobody", BEFORE, NULL, 0, ep), QIAO_ENOTFOUND, "who",
            "neither a person nor an org");
    REFUSED(do_reg(s, &ent, "s1", BEFORE, NULL, 0, ep), QIAO_EPERM, "who", "may not act for s1");
    REFUSED(do_reg(s, &ent, "w1", "2030-05-09T08:00+08:00", NULL, 0, ep), QIAO_ECONFLICT,
            "registration_deadline", "closed at 2030-05-08T23:59:59+08:00");
    int bad[] = {2, 7};
    REFUSED(do_reg(s, &ent, "w1", BEFORE, bad, 2, ep), QIAO_EINVAL, "availability[1]",
            "slots 1 to 6; got 7");
    qiao_err e = {0};
    /* a person speaks for their org: w1 registers e1 */
    assert_int_equal(do_reg(s, &ent, "e1", BEFORE, NULL, 0, &e), 0);
    reg(s, &ent, "w1", NULL);
    reg(s, &sci, "s1", NULL);
    event_reg_result rr;
    reg(s, &zhao, "w2", &rr);   /* capacity 3: waitlisted */
    assert_int_equal(rr.waitlisted, 1);
    assert_int_equal(rr.position, 1);

    /* requests */
    REFUSED(do_req(s, &ent, "w1", "w1", NULL, ep), QIAO_EINVAL, "to", "request to oneself");
    REFUSED(do_req(s, &ent, "w1", "w3", NULL, ep), QIAO_ENOTFOUND, "to",
            "w3 is not registered for event ev1");
    REFUSED(do_req(s, &ent, "w1", "w2", NULL, ep), QIAO_ECONFLICT, "to", "on the waiting list");
    REFUSED(do_req(s, &zhao, "w2", "s1", NULL, ep), QIAO_ECONFLICT, "from",
            "on the waiting list");
    REFUSED(do_req(s, &ent, "s1", "w1", NULL, ep), QIAO_EPERM, "from", "may not act for s1");
    REFUSED(do_req(s, &ent, "w1", "s1", "2030-05-09T18:01+08:00", ep), QIAO_ECONFLICT,
            "requests_deadline", "requests for event ev1 closed");
    char key[MODEL_KEY_MAX];
    req(s, &ent, "w1", "s1", key);
    REFUSED(do_req(s, &ent, "w1", "s1", NULL, ep), QIAO_ECONFLICT, "to", "duplicate request");
    REFUSED(do_req(s, &sci, "s1", "w1", NULL, ep), QIAO_ECONFLICT, "to", "duplicate request");
    REFUSED(do_req(s, &ent, "w1", "e1", NULL, ep), QIAO_ECONFLICT, "max_requests",
            "its limit (max_requests 1)");

    /* answers */
    REFUSED(event_accept(s, &ent, key, BEFORE, ep), QIAO_EPERM, "to", "may not act for s1");
    REFUSED(event_accept(s, &sci, key, "2030-05-10T08:00+08:00", ep), QIAO_ECONFLICT,
            "requests_deadline", "answers to requests for event ev1 closed");
    REFUSED(event_accept(s, &sci, "nope", BEFORE, ep), QIAO_ENOTFOUND, "request", "nope");
    accept_(s, &sci, key);
    REFUSED(event_decline(s, &sci, key, NULL, BEFORE, ep), QIAO_ECONFLICT, "status",
            "is accepted; only a pending request");
    /* max_meetings 1: s1 has a meeting; e1 asks s1, s1 cannot accept a second one */
    char k2[MODEL_KEY_MAX];
    req(s, &staff, "e1", "s1", k2);
    REFUSED(event_accept(s, &sci, k2, BEFORE, ep), QIAO_ECONFLICT, "max_meetings",
            "s1 already has 1 accepted meetings");
    assert_int_equal(event_decline(s, &sci, k2, "日程已满", BEFORE, &e), 0);
    model_record m = get_req(s, k2);
    assert_string_equal(model_str(&m, "status"), "declined");
    assert_string_equal(model_str(&m, "reason"), "日程已满");
    model_record_clear(&m);
    REFUSED(do_req(s, &staff, "e1", "s1", NULL, ep), QIAO_ECONFLICT, "to", "was declined: 日程已满");

    /* the timetable, the grid, agendas: staff, or the party itself */
    sched_instance *in = NULL;
    REFUSED(event_timetable_load(s, &ent, "ev1", &in, ep), QIAO_EPERM, "role",
            "may not plan the meeting timetable");
    assert_null(in);
    REFUSED(do_write_stale(s, &sci, 0, ep), QIAO_EPERM, "role", "may not write");
    buf out = {0};
    REFUSED(event_grid(s, &ent, "ev1", EVENT_FMT_TEXT, &out, ep), QIAO_EPERM, "role",
            "may not see the organiser's grid");
    REFUSED(event_export_xlsx(s, &sci, "ev1", "/tmp/never.xlsx", ep), QIAO_EPERM, "role",
            "may not export");
    REFUSED(event_agenda(s, &sci, "ev1", "w1", EVENT_FMT_TEXT, 0, &out, ep), QIAO_EPERM, "who",
            "may not act for w1");
    REFUSED(event_agenda(s, &staff, "ev1", "w3", EVENT_FMT_TEXT, 0, &out, ep), QIAO_ENOTFOUND,
            "who", "not registered");
    REFUSED(event_expire(s, &ent, "ev1", NULL, NULL, ep), QIAO_EPERM, "role", "may not expire");
    REFUSED(event_suggest(s, NULL, &zhao, "ev1", "w2", 5, &(event_suggestions){0}, ep),
            QIAO_ECONFLICT, "who", "waiting list");
    assert_int_equal(out.len, 0);
    assert_int_equal(plan(s, 0), 1);
    /* slots cannot shrink below a scheduled meeting */
    m = get_req(s, key);
    long long slot = model_int(&m, "slot", 0);
    model_record_clear(&m);
    if (slot > 1) {
        char edit[64];
        snprintf(edit, sizeof edit, "{\"slots\":%lld}", slot - 1);
        REFUSED(do_edit(s, edit, ep), QIAO_ECONFLICT, "slots", "cannot have");
    }
    REFUSED(do_edit(s, "{\"slot_minutes\":null,\"tables\":null}", ep), QIAO_ECONFLICT, "tables",
            "is at table");
    /* a stale timetable is not written: the whole write is refused */
    char *before = snapshot(s);
    assert_int_equal(do_write_stale(s, &staff, 1, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "no longer accepted"));
    m = get_req(s, key);
    assert_int_equal(model_int(&m, "slot", 0), slot);   /* the write left it as it was */
    model_record_clear(&m);
    free(before);
    /* an event without slot_minutes has no calendar */
    assert_int_equal(do_edit(s, "{\"slot_minutes\":null}", &e), 0);
    REFUSED(event_agenda(s, &staff, "ev1", "w1", EVENT_FMT_ICS, 0, &out, ep), QIAO_EINVAL,
            "slot_minutes", "no slot length");
    buf_free(&out);
    store_close(s);
}

static void test_waiting_list(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    create(s, "{\"id\":\"ev1\",\"title\":\"沙龙\",\"type\":\"salon\",\"starts\":"
              "\"2030-05-10T09:00+08:00\",\"capacity\":2,\"slots\":4,\"tables\":2}");
    event_reg_result r;
    const char *who[] = {"s1", "w1", "w2", "w3", "w4"};
    const char *at[] = {"2030-05-01T09:00+08:00", "2030-05-01T09:01+08:00",
                        "2030-05-01T09:02+08:00", "2030-05-01T09:04+08:00",
                        "2030-05-01T09:03+08:00"};
    int pos[5];
    for (int i = 0; i < 5; i++) {
        event_reg_req rq = {.event = "ev1", .who = who[i], .at = at[i]};
        assert_int_equal(event_register(s, &staff, &rq, &r, &e), 0);
        pos[i] = r.position;
        assert_int_equal(r.waitlisted, i >= 2);
    }
    assert_int_equal(pos[2], 1);
    assert_int_equal(pos[3], 2);   /* w3 registered after w4 but w4 was not yet there */
    assert_int_equal(pos[4], 2);   /* w4 (09:03) comes before w3 (09:04) */
    /* w1 has a meeting with s1; w1 withdraws: the meeting is cancelled, w2 moves up */
    char key[MODEL_KEY_MAX];
    req(s, &staff, "w1", "s1", key);
    accept_(s, &staff, key);
    char promoted[MODEL_KEY_MAX];
    assert_int_equal(event_unregister(s, &ent, "ev1", "w1", promoted, &e), 0);
    assert_string_equal(promoted, "w2");
    model_record m = get_req(s, key);
    assert_string_equal(model_str(&m, "status"), "cancelled");
    assert_string_equal(model_str(&m, "reason"), "withdrew from the event");
    model_record_clear(&m);
    model_record reg;
    assert_int_equal(store_get(s, MODEL_REGISTRATION, "ev1/w2", &reg, &e), 0);
    assert_null(json_object_get(reg.doc, "waitlisted"));
    model_record_clear(&reg);
    /* a larger capacity promotes the rest, in order */
    int promoted_n = 0;
    json_t *j = json_loads("{\"capacity\":3}", 0, NULL);
    assert_int_equal(event_edit(s, &staff, "ev1", j, &promoted_n, &e), 0);
    json_decref(j);
    assert_int_equal(promoted_n, 1);
    assert_int_equal(store_get(s, MODEL_REGISTRATION, "ev1/w4", &reg, &e), 0);
    assert_null(json_object_get(reg.doc, "waitlisted"));
    model_record_clear(&reg);
    assert_int_equal(store_get(s, MODEL_REGISTRATION, "ev1/w3", &reg, &e), 0);
    assert_true(json_is_true(json_object_get(reg.doc, "waitlisted")));
    model_record_clear(&reg);
    /* late registration: refused after the start, allowed for staff with late */
    event_reg_req late = {.event = "ev1", .who = "w1", .at = "2030-05-10T10:00+08:00"};
    assert_int_equal(event_register(s, &staff, &late, &r, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "(its start)"));
    late.late = 1;
    assert_int_equal(event_register(s, &ent, &late, &r, &e), QIAO_ECONFLICT);
    assert_int_equal(event_register(s, &staff, &late, &r, &e), 0);
    assert_int_equal(r.waitlisted, 1);
    store_close(s);
}

static void test_expire_and_replan(void **state)
{
    (void)state;
    store *s = open_world();
    qiao_err e = {0};
    create(s, EV1);
    const char *who[] = {"s1", "s2", "w1", "w2", "w3"};
    for (int i = 0; i < 5; i++)
        reg(s, &staff, who[i], NULL);
    char k1[MODEL_KEY_MAX], k2[MODEL_KEY_MAX], k3[MODEL_KEY_MAX], k4[MODEL_KEY_MAX];
    req(s, &staff, "w1", "s1", k1);
    req(s, &staff, "w2", "s1", k2);
    req(s, &staff, "w3", "s1", k3);
    req(s, &staff, "w3", "s2", k4);   /* stays pending */
    accept_(s, &staff, k1);
    accept_(s, &staff, k2);
    accept_(s, &staff, k3);
    assert_int_equal(plan(s, 0), 3);
    model_record m = get_req(s, k2);
    long long s2 = model_int(&m, "slot", 0), t2 = model_int(&m, "table", 0);
    model_record_clear(&m);
    m = get_req(s, k3);
    long long s3 = model_int(&m, "slot", 0), t3 = model_int(&m, "table", 0);
    model_record_clear(&m);

    /* a no-show: w1's meeting is cancelled; re-planning keeps the others */
    assert_int_equal(event_cancel(s, &ent, k1, "no-show", &e), 0);
    m = get_req(s, k1);
    assert_string_equal(model_str(&m, "status"), "cancelled");
    assert_null(json_object_get(m.doc, "slot"));
    model_record_clear(&m);
    assert_int_equal(event_cancel(s, &ent, k1, NULL, &e), QIAO_ECONFLICT);
    assert_int_equal(event_cancel(s, &zhao, k3, NULL, &e), QIAO_EPERM);
    assert_int_equal(plan(s, 1), 2);
    m = get_req(s, k2);
    assert_int_equal(model_int(&m, "slot", 0), s2);
    assert_int_equal(model_int(&m, "table", 0), t2);
    model_record_clear(&m);
    m = get_req(s, k3);
    assert_int_equal(model_int(&m, "slot", 0), s3);
    assert_int_equal(model_int(&m, "table", 0), t3);
    model_record_clear(&m);

    /* expiry: nothing before the end of the event, the pending one after */
    int n = -1;
    assert_int_equal(event_expire(s, &staff, "ev1", "2030-05-10T11:00+08:00", &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(event_expire(s, &staff, "ev1", "2030-05-10T12:01+08:00", &n, &e), 0);
    assert_int_equal(n, 1);
    m = get_req(s, k4);
    assert_string_equal(model_str(&m, "status"), "expired");
    model_record_clear(&m);
    /* an expired request may be sent again (before the deadline) and is pending */
    req(s, &staff, "w3", "s2", k4);
    m = get_req(s, k4);
    assert_string_equal(model_str(&m, "status"), "pending");
    model_record_clear(&m);
    store_close(s);
}

/* Folding and escaping on long, punctuated Chinese text, checked by the
 * independent reader above. */
static void test_ics_folding(void **state)
{
    (void)state;
    const char *title = "“菁蓉汇·校企双进·科学家进园区”电子科技大学市校成果对接活动暨聚焦集成电路服务产业建圈强链论坛";
    const char *msg = "第一行, 含逗号; 分号\\反斜杠\n第二行：希望了解高速ADC的授权条件和在国内工艺上的流片情况，以及量产计划。";
    event_meeting m = {.key = "mr-1", .from = "a", .to = "b", .priority = 1, .slot = 2,
                       .table = 5};
    m.from_name = "甲";
    m.to_name = "乙方代表（某某集成电路设计有限公司, 成都分公司）";
    m.message = (char *)msg;
    m.start = 1678410000 + 900;   /* 2023-03-10T09:15+08:00 */
    m.end = m.start + 900;
    event_view v = {.id = "ev", .title = (char *)title, .venue = "电子科大科技园(天府园)",
                    .slots = 8, .tables = 6, .slot_minutes = 15, .starts = 1678410000,
                    .m = &m, .n = 1};
    buf out = {0};
    event_ics(&v, "a", 1678410000, &out);
    ical_prop p[64];
    size_t n = ical_parse(out.p, p, 64);
    const ical_prop *d = ical_find(p, n, "DESCRIPTION", 0);
    assert_non_null(d);
    assert_non_null(strstr(d->value, msg));
    assert_non_null(strstr(d->value, title));
    const ical_prop *sum = ical_find(p, n, "SUMMARY", 0);
    assert_string_equal(sum->value, "会谈：乙方代表（某某集成电路设计有限公司, 成都分公司）");
    const ical_prop *ds = ical_find(p, n, "DTSTART", ical_vevent(p, n));
    assert_string_equal(ds->value, "20230310T091500");
    const ical_prop *name = ical_find(p, n, "X-WR-CALNAME", 0);
    assert_string_equal(name->value, title);
    /* folding happened and never split a UTF-8 character: every physical line is valid */
    assert_non_null(strstr(out.p, "\r\n "));
    for (const char *q = out.p; *q;) {
        const char *eol = strstr(q, "\r\n");
        assert_true(((unsigned char)q[q[0] == ' ' ? 1 : 0] & 0xC0) != 0x80);
        q = eol + 2;
    }
    buf_free(&out);
}

int main(void)
{
    qiao_err e = {0};
    if (text_init(&e) < 0) {
        fprintf(stderr, "text_init: %s\n", e.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_waiting_list),
        cmocka_unit_test(test_expire_and_replan),
        cmocka_unit_test(test_ics_folding),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_shutdown();
    return rc;
}
