/* test_model.c — validation rules of DATA.md, canonical form, CSV cells. */
#include "testutil.h"

#include "model/model.h"

/* Validates a JSON text; returns the rc and leaves errors in *errs. */
static int check(const char *text, model_record *r, model_errors *errs)
{
    char err[200];
    json_t *in = model_json_parse(text, strlen(text), err, sizeof err);
    if (!in)
        fail_msg("test JSON does not parse: %s: %s", err, text);
    int rc = model_from_json(in, r, errs);
    json_decref(in);
    return rc;
}

/* Asserts that text is rejected with an error on `field` whose reason
 * contains `needle`. */
static void rejects(const char *text, const char *field, const char *needle)
{
    model_record r;
    model_errors errs = {0};
    assert_int_equal(check(text, &r, &errs), QIAO_EINVAL);
    assert_null(r.doc);
    int found = 0;
    for (size_t i = 0; i < errs.n; i++)
        if (strcmp(errs.v[i].field, field) == 0 && strstr(errs.v[i].reason, needle))
            found = 1;
    if (!found) {
        for (size_t i = 0; i < errs.n; i++)
            print_message("  got %s: %s\n", errs.v[i].field, errs.v[i].reason);
        fail_msg("expected %s: ...%s... for %s", field, needle, text);
    }
    model_errors_clear(&errs);
}

static void accepts(const char *text)
{
    model_record r;
    model_errors errs = {0};
    int rc = check(text, &r, &errs);
    if (rc != 0)
        fail_msg("rejected: %s: %s (%s)", text, errs.n ? errs.v[0].reason : "",
                 errs.n ? errs.v[0].field : "");
    model_record_clear(&r);
    model_errors_clear(&errs);
}

static char *repeat(const char *unit, int n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * (size_t)n + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + u * (size_t)i, unit, u);
    s[u * (size_t)n] = '\0';
    return s;
}

/* The one visibility rule: drafts are never public; withdrawn achievements
 * and closed demands are public but not matchable; other kinds have no
 * status and are both. */
static void test_visibility_rule(void **state)
{
    (void)state;
    static const struct { const char *json; bool pub, match; } cases[] = {
        {"{\"kind\":\"achievement\",\"id\":\"a\",\"title\":\"t\",\"org\":\"o\"}", true, true},
        {"{\"kind\":\"achievement\",\"id\":\"a\",\"title\":\"t\",\"org\":\"o\",\"status\":\"published\"}", true, true},
        {"{\"kind\":\"achievement\",\"id\":\"a\",\"title\":\"t\",\"org\":\"o\",\"status\":\"draft\"}", false, false},
        {"{\"kind\":\"achievement\",\"id\":\"a\",\"title\":\"t\",\"org\":\"o\",\"status\":\"withdrawn\"}", true, false},
        {"{\"kind\":\"demand\",\"id\":\"d\",\"title\":\"t\",\"org\":\"o\"}", true, true},
        {"{\"kind\":\"demand\",\"id\":\"d\",\"title\":\"t\",\"org\":\"o\",\"status\":\"open\"}", true, true},
        {"{\"kind\":\"demand\",\"id\":\"d\",\"title\":\"t\",\"org\":\"o\",\"status\":\"draft\"}", false, false},
        {"{\"kind\":\"demand\",\"id\":\"d\",\"title\":\"t\",\"org\":\"o\",\"status\":\"closed\"}", true, false},
        {"{\"kind\":\"org\",\"id\":\"o\",\"name\":\"n\",\"type\":\"university\"}", true, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        model_record r;
        model_errors errs = {0};
        if (check(cases[i].json, &r, &errs) != 0)
            fail_msg("rejected: %s: %s", cases[i].json, errs.n ? errs.v[0].reason : "");
        if (model_is_public(&r) != cases[i].pub || model_is_matchable(&r) != cases[i].match)
            fail_msg("%s: public %d matchable %d, want %d %d", cases[i].json, model_is_public(&r),
                     model_is_matchable(&r), cases[i].pub, cases[i].match);
        model_record_clear(&r);
        model_errors_clear(&errs);
    }
    assert_false(model_status_public(MODEL_ACHIEVEMENT, "draft"));
    assert_true(model_status_public(MODEL_DEMAND, NULL));
    assert_false(model_status_matchable(MODEL_DEMAND, "closed"));
    assert_true(model_status_matchable(MODEL_ACHIEVEMENT, ""));
}

static void test_canonical_order_and_key(void **state)
{
    (void)state;
    model_record r;
    model_errors errs = {0};
    assert_int_equal(check("{\"trl\":5,\"org\":\"o\",\"title\":\"射频标签\",\"kind\":\"achievement\","
                           "\"ip\":{\"patents\":[\"ZL1\"],\"status\":\"granted\"},\"id\":\"a-1\"}",
                           &r, &errs), 0);
    assert_int_equal(r.kind, MODEL_ACHIEVEMENT);
    assert_string_equal(r.key, "a-1");
    char *line = model_to_jsonl(&r);
    assert_string_equal(line, "{\"kind\":\"achievement\",\"id\":\"a-1\",\"title\":\"射频标签\","
                              "\"org\":\"o\",\"trl\":5,\"ip\":{\"status\":\"granted\","
                              "\"patents\":[\"ZL1\"]}}");
    assert_string_equal(model_str(&r, "title"), "射频标签");
    assert_string_equal(model_str(&r, "summary"), "");
    assert_int_equal(model_int(&r, "trl", 0), 5);
    /* the canonical line reads back to the same record */
    model_record back;
    assert_int_equal(model_from_canonical(line, strlen(line), &back, NULL), 0);
    assert_string_equal(back.key, "a-1");
    assert_true(json_equal(back.doc, r.doc));
    model_record_clear(&back);
    free(line);
    model_record_clear(&r);

    assert_int_equal(check("{\"kind\":\"registration\",\"who\":\"p1\",\"event\":\"e1\"}", &r,
                           &errs), 0);
    assert_string_equal(r.key, "e1/p1");
    model_record_clear(&r);
    assert_int_equal(check("{\"kind\":\"meeting_request\",\"event\":\"e1\",\"from\":\"a\",\"to\":\"b\"}",
                           &r, &errs), 0);
    assert_string_equal(r.key, "e1/a/b");
    model_record_clear(&r);
    assert_int_equal(check("{\"kind\":\"meeting_request\",\"id\":\"m7\",\"event\":\"e1\",\"from\":\"a\","
                           "\"to\":\"b\"}", &r, &errs), 0);
    assert_string_equal(r.key, "m7");
    model_record_clear(&r);
    model_errors_clear(&errs);
}

static void test_text_limits_count_characters(void **state)
{
    (void)state;
    char *t200 = repeat("桥", 200), *t201 = repeat("桥", 201), text[4096];
    snprintf(text, sizeof text, "{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"%s\"}", t200);
    accepts(text);   /* 600 bytes, 200 characters */
    snprintf(text, sizeof text, "{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"%s\"}", t201);
    rejects(text, "title", "achievement a: too long: 201 characters, at most 200");
    free(t200);
    free(t201);

    char *s20k = repeat("芯", 20000), *s20k1 = repeat("芯", 20001);
    char *big = malloc(100000);
    snprintf(big, 100000, "{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"t\","
             "\"description\":\"%s\"}", s20k);
    accepts(big);
    snprintf(big, 100000, "{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"t\","
             "\"description\":\"%s\"}", s20k1);
    rejects(big, "description", "too long: 20001 characters, at most 20000");
    free(s20k);
    free(s20k1);
    free(big);

    char *k40 = repeat("键", 40), *k41 = repeat("键", 41);
    snprintf(text, sizeof text, "{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"t\","
             "\"keywords\":[\"x\",\"%s\"]}", k40);
    accepts(text);
    snprintf(text, sizeof text, "{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"t\","
             "\"keywords\":[\"x\",\"%s\"]}", k41);
    rejects(text, "keywords[1]", "too long: 41 characters, at most 40");
    free(k40);
    free(k41);
    rejects("{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"t\",\"keywords\":"
            "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\","
            "\"14\",\"15\",\"16\",\"17\",\"18\",\"19\",\"20\",\"21\"]}",
            "keywords", "too many items: 21, at most 20");
    rejects("{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"t\",\"keywords\":[\"a;b\"]}",
            "keywords[0]", "may not contain ';'");
    rejects("{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"\"}", "title",
            "must not be empty");
    rejects("{\"kind\":\"achievement\",\"id\":\"a\",\"org\":\"o\",\"title\":\"a\\u0001b\"}", "title",
            "control character U+0001");
}

static void test_numbers_enums_dates_ids(void **state)
{
    (void)state;
    const char *pre = "{\"kind\":\"achievement\",\"id\":\"a1\",\"org\":\"o\",\"title\":\"t\",";
    char text[512];
#define ACH(tail) (snprintf(text, sizeof text, "%s%s", pre, tail), text)
    accepts(ACH("\"trl\":1}"));
    accepts(ACH("\"trl\":9}"));
    rejects(ACH("\"trl\":0}"), "trl", "achievement a1: must be an integer from 1 to 9; got 0");
    rejects(ACH("\"trl\":10}"), "trl", "must be an integer from 1 to 9; got 10");
    rejects(ACH("\"trl\":5.5}"), "trl", "got a decimal number");
    rejects(ACH("\"trl\":\"5\"}"), "trl", "got a string");
    rejects(ACH("\"price\":-1}"), "price", "must be an integer from 0");
    accepts(ACH("\"price\":3000000}"));
    rejects(ACH("\"status\":\"open\"}"), "status", "must be one of draft, published, withdrawn");
    rejects(ACH("\"modes\":[\"license\",\"sell\"]}"), "modes[1]", "must be one of self, assign");
    rejects(ACH("\"modes\":[\"license\",\"license\"]}"), "modes[1]", "repeats modes[0]");
    rejects(ACH("\"ip\":{\"status\":\"maybe\"}}"), "ip.status", "must be one of none, pending, granted");
    rejects(ACH("\"ip\":{\"owner\":\"x\"}}"), "ip.owner", "unknown field");
    accepts(ACH("\"published\":\"2024-02-29\"}"));
    accepts(ACH("\"published\":\"2023-03-10T09:30+08:00\"}"));
    accepts(ACH("\"published\":\"2023-03-10T09:30:15.5Z\"}"));
    rejects(ACH("\"published\":\"2023-02-29\"}"), "published", "is not an ISO 8601 date");
    rejects(ACH("\"published\":\"2023-03-10T09:30\"}"), "published", "is not an ISO 8601 date");
    rejects(ACH("\"published\":\"10/03/2023\"}"), "published", "is not an ISO 8601 date");
    rejects(ACH("\"owners\":[\"p 1\"]}"), "owners[0]", "is not an id");
    rejects(ACH("\"colour\":\"red\"}"), "colour", "unknown field (achievement has: id, title");
#undef ACH
    char *id64 = repeat("a", 64), *id65 = repeat("a", 65);
    snprintf(text, sizeof text, "{\"kind\":\"org\",\"id\":\"%s\",\"name\":\"n\",\"type\":\"park\"}", id64);
    accepts(text);
    snprintf(text, sizeof text, "{\"kind\":\"org\",\"id\":\"%s\",\"name\":\"n\",\"type\":\"park\"}", id65);
    rejects(text, "id", "is not an id (1-64 of A-Za-z0-9._:-)");
    free(id64);
    free(id65);
    rejects("{\"kind\":\"org\",\"id\":\"x/y\",\"name\":\"n\",\"type\":\"park\"}", "id", "is not an id");
    rejects("{\"kind\":\"org\",\"id\":\"o\",\"name\":\"n\",\"type\":\"bank\"}", "type",
            "org o: must be one of university, institute");
    rejects("{\"kind\":\"org\",\"id\":\"o\",\"type\":\"park\"}", "name", "org o: is required");
    rejects("{\"kind\":\"org\",\"id\":\"o\",\"name\":\"n\",\"type\":\"park\",\"external\":\"yes\"}",
            "external", "must be true or false");
    rejects("{\"id\":\"o\"}", "kind", "kind is required");
    rejects("{\"kind\":\"company\",\"id\":\"o\"}", "kind", "kind must be one of org, person");
    /* registration has no id; meeting_request's id is optional */
    rejects("{\"kind\":\"registration\",\"id\":\"r\",\"event\":\"e\",\"who\":\"p\"}", "id",
            "unknown field");
    accepts("{\"kind\":\"registration\",\"event\":\"e\",\"who\":\"p\",\"availability\":[1,3]}");
    rejects("{\"kind\":\"registration\",\"event\":\"e\",\"who\":\"p\",\"availability\":[0]}",
            "availability[0]", "must be an integer from 1");
    rejects("{\"kind\":\"meeting_request\",\"event\":\"e\",\"from\":\"a\",\"to\":\"b\",\"priority\":4}",
            "priority", "from 1 to 3");
    rejects("{\"kind\":\"event\",\"id\":\"e\",\"title\":\"t\",\"type\":\"party\",\"starts\":\"2024-01-01\"}",
            "type", "must be one of release, park_visit");
    rejects("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[]}", "parties", "at least one");
}

static void test_milestones(void **state)
{
    (void)state;
    accepts("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":"
            "[{\"title\":\"样机\",\"due\":\"2024-06-30\",\"done\":false},{\"title\":\"验收\"}]}");
    rejects("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":[{\"due\":\"2024-06-30\"}]}",
            "milestones[0].title", "is required");
    rejects("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":[{\"title\":\"t\",\"who\":1}]}",
            "milestones[0].who", "unknown field");
    /* owner: the login answering for it (migration 013, src/alert) */
    accepts("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":"
            "[{\"title\":\"样机\",\"owner\":\"uestc\"}]}");
    rejects("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":[{\"title\":\"t\",\"owner\":1}]}",
            "milestones[0].owner", "must be a string");
    rejects("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o\"],\"milestones\":[{\"title\":\"t\",\"done\":1}]}",
            "milestones[0].done", "must be true or false");
}

static int count_ref(const model_ref *ref, void *ud)
{
    char *out = ud;
    strcat(out, ref->field);
    strcat(out, "=");
    strcat(out, ref->id);
    strcat(out, ref->kinds == ((1u << MODEL_PERSON) | (1u << MODEL_ORG)) ? "(p|o) " : " ");
    return 0;
}

static void test_refs(void **state)
{
    (void)state;
    model_record r;
    model_errors errs = {0};
    assert_int_equal(check("{\"kind\":\"project\",\"id\":\"p\",\"parties\":[\"o1\",\"p2\"],"
                           "\"achievement\":\"a\",\"event\":\"e\"}", &r, &errs), 0);
    char out[256] = "";
    assert_int_equal(model_each_ref(&r, count_ref, out), 0);
    assert_string_equal(out, "parties[0]=o1(p|o) parties[1]=p2(p|o) achievement=a event=e ");
    model_record_clear(&r);
}

static void test_csv_columns_and_cells(void **state)
{
    (void)state;
    /* every CSV column is a field (or ip.*), in canonical order */
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {
        const char *const *c = model_csv_columns((model_kind)k);
        assert_non_null(c);
        for (size_t i = 0; c[i]; i++)
            assert_int_equal(model_csv_column_check((model_kind)k, c[i], NULL), 0);
    }
    qiao_err e = {0};
    assert_int_equal(model_csv_column_check(MODEL_ORG, "colour", &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "unknown column \"colour\""));

    const char *cols[] = {"id", "title", "org", "keywords", "trl", "ip.status", "ip.patents", "summary"};
    const char *cells[] = {"a9", "标题", "o", "芯片;ADC", "7", "granted", "ZL1;ZL2", ""};
    size_t lens[8];
    for (int i = 0; i < 8; i++)
        lens[i] = strlen(cells[i]);
    model_record r;
    model_errors errs = {0};
    assert_int_equal(model_from_csv(MODEL_ACHIEVEMENT, cols, cells, lens, 8, &r, &errs), 0);
    char *line = model_to_jsonl(&r);
    assert_string_equal(line, "{\"kind\":\"achievement\",\"id\":\"a9\",\"title\":\"标题\",\"org\":\"o\","
                              "\"keywords\":[\"芯片\",\"ADC\"],\"trl\":7,\"ip\":{\"status\":\"granted\","
                              "\"patents\":[\"ZL1\",\"ZL2\"]}}");
    free(line);
    buf b = {0};
    model_csv_cell(&r, "keywords", &b);
    assert_string_equal(buf_cstr(&b), "芯片;ADC");
    buf_clear(&b);
    model_csv_cell(&r, "ip.patents", &b);
    assert_string_equal(buf_cstr(&b), "ZL1;ZL2");
    buf_clear(&b);
    model_csv_cell(&r, "summary", &b);
    assert_int_equal(b.len, 0);
    buf_free(&b);
    model_record_clear(&r);

    cells[4] = "seven";
    lens[4] = 5;
    assert_int_equal(model_from_csv(MODEL_ACHIEVEMENT, cols, cells, lens, 8, &r, &errs), QIAO_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.v[0].field, "trl");
    assert_string_equal(errs.v[0].reason, "achievement a9: must be an integer; got \"seven\"");
    model_errors_clear(&errs);
}

static void test_json_reader(void **state)
{
    (void)state;
    char err[160];
    const char *bad[] = {"{\"a\":1,\"a\":2}", "{\"a\":1", "[1,]", "\"\\u0000\"", "\"\\ud800\"",
                         "01", "1e", "{\"a\" 1}", "nul", "[1] x", "\"a\tb\"",
                         "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *v = model_json_parse(bad[i], strlen(bad[i]), err, sizeof err);
        if (v)
            fail_msg("accepted %s", bad[i]);
        assert_true(strstr(err, "at byte") != NULL);
    }
    const char *good = " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00/\",\"n\":-12,\"r\":1.5e3,"
                       "\"l\":[true,false,null,{}],\"e\":[]} ";
    json_t *v = model_json_parse(good, strlen(good), err, sizeof err);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_object_get(v, "s")), "a\"b\\c\né😀/");
    assert_int_equal(json_integer_value(json_object_get(v, "n")), -12);
    buf b = {0};
    model_json_dump(v, &b);
    assert_string_equal(buf_cstr(&b), "{\"s\":\"a\\\"b\\\\c\\né😀/\",\"n\":-12,\"r\":1500,"
                                      "\"l\":[true,false,null,{}],\"e\":[]}");
    buf_free(&b);
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_order_and_key),
        cmocka_unit_test(test_text_limits_count_characters),
        cmocka_unit_test(test_numbers_enums_dates_ids),
        cmocka_unit_test(test_milestones),
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_csv_columns_and_cells),
        cmocka_unit_test(test_json_reader),
        cmocka_unit_test(test_visibility_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
