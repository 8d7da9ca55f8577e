/* tests/unit/test_match_paste.c — try a match without publishing: a pasted
 * text becomes a transient record (title from the first line, the rest the
 * description) and ranks exactly as the same title and description stored as
 * a record (the record-query path, not the typed-search one). Uses the demo
 * data set (data/demo). */
#include "testutil.h"

#include "match/match.h"
#include "text/text.h"

typedef struct recs { model_record *v; size_t n; } recs;

static recs demo;

static void add_json(recs *out, json_t *j)
{
    model_errors errs = {0};
    out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
    assert_int_equal(model_from_json(j, &out->v[out->n], &errs), 0);
    model_errors_clear(&errs);
    out->n++;
}

static void load(const char *path, recs *out)
{
    char *s = tu_read_file(path, NULL);
    assert_non_null(s);
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        assert_non_null(j);
        add_json(out, j);
        json_decref(j);
    }
    free(s);
}

static int setup(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    load("data/demo/03_achievements.jsonl", &demo);
    load("data/demo/04_demands.jsonl", &demo);
    /* each demo demand again as a bare record: its title and description only */
    size_t n = demo.n;
    for (size_t i = 0; i < n; i++) {
        if (demo.v[i].kind != MODEL_DEMAND)
            continue;
        char id[MODEL_KEY_MAX + 8];
        snprintf(id, sizeof id, "bare-%.60s", demo.v[i].key);
        json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "demand", "id", id,
                              "title", model_str(&demo.v[i], "title"), "org",
                              model_str(&demo.v[i], "org"), "description",
                              model_str(&demo.v[i], "description"));
        add_json(&demo, j);
        json_decref(j);
    }
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    for (size_t i = 0; i < demo.n; i++)
        model_record_clear(&demo.v[i]);
    free(demo.v);
    return 0;
}

static void top_of(match_index *ix, const model_record *r, model_kind target, match_hits *h)
{
    qiao_err e = {0};
    match_query *q = NULL;
    assert_int_equal(match_query_from_record(ix, r, &q, &e), 0);
    assert_int_equal(match_search(ix, q, target, 10, h, &e), 0);
    match_query_free(q);
}

/* Every bare demand: the pasted "title\ndescription" gives the same top 10,
 * in the same order, with the same scores, as the stored record. */
static void paste_ranks_as_stored_record(void **st)
{
    (void)st;
    match_index *ix;
    qiao_err e = {0};
    assert_int_equal(match_index_new(&ix, &e), 0);
    for (size_t i = 0; i < demo.n; i++)
        assert_int_equal(match_index_put(ix, &demo.v[i], &e), 0);
    size_t compared = 0;
    for (size_t i = 0; i < demo.n; i++) {
        const model_record *r = &demo.v[i];
        if (r->kind != MODEL_DEMAND || strncmp(r->key, "bare-", 5) != 0)
            continue;
        char *text = NULL;
        assert_true(asprintf(&text, "%s\n%s", model_str(r, "title"),
                             model_str(r, "description")) > 0);
        model_record p = {0};
        assert_int_equal(match_record_from_text(MODEL_DEMAND, text, &p, &e), 0);
        assert_string_equal(model_str(&p, "title"), model_str(r, "title"));
        assert_string_equal(model_str(&p, "description"), model_str(r, "description"));
        match_hits a = {0}, b = {0};
        top_of(ix, r, MODEL_ACHIEVEMENT, &a);
        top_of(ix, &p, MODEL_ACHIEVEMENT, &b);
        assert_true(a.n >= 5);
        assert_int_equal(a.n, b.n);
        for (size_t k = 0; k < a.n; k++) {
            assert_string_equal(a.v[k].key, b.v[k].key);
            assert_float_equal(a.v[k].score, b.v[k].score, 1e-4);
        }
        match_hits_free(&a);
        match_hits_free(&b);
        model_record_clear(&p);
        free(text);
        compared++;
    }
    assert_int_equal(compared, 16);
    match_index_free(ix);
}

/* The typed-search path ranks the same text differently (why /try exists):
 * for at least one demo demand its top 5 differ from the record's. */
static void typed_query_is_not_the_same_path(void **st)
{
    (void)st;
    match_index *ix;
    qiao_err e = {0};
    assert_int_equal(match_index_new(&ix, &e), 0);
    for (size_t i = 0; i < demo.n; i++)
        assert_int_equal(match_index_put(ix, &demo.v[i], &e), 0);
    size_t differ = 0;
    for (size_t i = 0; i < demo.n; i++) {
        const model_record *r = &demo.v[i];
        if (r->kind != MODEL_DEMAND || strncmp(r->key, "bare-", 5) != 0)
            continue;
        char *text = NULL;
        assert_true(asprintf(&text, "%s %s", model_str(r, "title"),
                             model_str(r, "description")) > 0);
        match_query *q = NULL;
        match_hits a = {0}, b = {0};
        top_of(ix, r, MODEL_ACHIEVEMENT, &a);
        if (match_query_parse(ix, text, strlen(text), &q, &e) == 0 &&
            match_search(ix, q, MODEL_ACHIEVEMENT, 5, &b, &e) == 0) {
            for (size_t k = 0; k < 5 && k < a.n; k++)
                if (k >= b.n || strcmp(a.v[k].key, b.v[k].key) != 0) {
                    differ++;
                    break;
                }
        }
        match_query_free(q);
        match_hits_free(&a);
        match_hits_free(&b);
        free(text);
    }
    assert_true(differ > 0);
    match_index_free(ix);
}

static void title_and_body(void **st)
{
    (void)st;
    qiao_err e = {0};
    model_record r = {0};
    /* first line the title, the rest the description; blanks trimmed */
    assert_int_equal(match_record_from_text(MODEL_DEMAND, "  射频标签读取 \n\n需要方案。\n第二段。  ",
                                            &r, &e), 0);
    assert_string_equal(model_str(&r, "title"), "射频标签读取");
    assert_string_equal(model_str(&r, "description"), "需要方案。\n第二段。");
    assert_string_equal(r.key, "");
    model_record_clear(&r);
    /* an achievement's body is its summary */
    assert_int_equal(match_record_from_text(MODEL_ACHIEVEMENT, "标题\n摘要", &r, &e), 0);
    assert_string_equal(model_str(&r, "summary"), "摘要");
    assert_string_equal(model_str(&r, "description"), "");
    model_record_clear(&r);
    /* one long paragraph: its first sentence is the title */
    char para[2000] = "";
    strcat(para, "高精度射频标签读取装置研发。");
    for (int i = 0; i < 20; i++)
        strcat(para, "需要在金属环境下稳定读取标签并降低误读率。");
    assert_int_equal(match_record_from_text(MODEL_DEMAND, para, &r, &e), 0);
    assert_string_equal(model_str(&r, "title"), "高精度射频标签读取装置研发。");
    assert_non_null(strstr(model_str(&r, "description"), "金属环境"));
    model_record_clear(&r);
    /* blank, over-long, or of another kind: refused */
    assert_int_equal(match_record_from_text(MODEL_DEMAND, " \n\t ", &r, &e), QIAO_EINVAL);
    assert_int_equal(match_record_from_text(MODEL_ORG, "x", &r, &e), QIAO_EINVAL);
    size_t n = MATCH_PASTE_MAX;
    char *big = malloc(n * 3 + 4);
    for (size_t i = 0; i < n; i++)
        memcpy(big + i * 3, "桥", 3);
    big[n * 3] = '\0';
    assert_int_equal(match_record_from_text(MODEL_DEMAND, big, &r, &e), 0);   /* 5,000: fine */
    model_record_clear(&r);
    strcat(big, "a");
    assert_int_equal(match_record_from_text(MODEL_DEMAND, big, &r, &e), QIAO_EINVAL);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paste_ranks_as_stored_record),
        cmocka_unit_test(typed_query_is_not_the_same_path),
        cmocka_unit_test(title_and_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
