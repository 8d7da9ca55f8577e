/* tests/unit/test_match_words.c — what a person reads of a match: the match
 * level (stable when unrelated records are added) and the shared words
 * (whole words or keyword entries of the two records, never fragments,
 * stopwords or boilerplate). Uses the demo data set (data/demo). */
#include "testutil.h"

#include "match/match.h"
#include "text/text.h"

typedef struct recs { model_record *v; size_t n; } recs;

static void load(const char *path, recs *out)
{
    char *s = tu_read_file(path, NULL);
    assert_non_null(s);
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        assert_non_null(j);
        model_errors errs = {0};
        out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
        assert_int_equal(model_from_json(j, &out->v[out->n], &errs), 0);
        model_errors_clear(&errs);
        json_decref(j);
        out->n++;
    }
    free(s);
}

static void recs_free(recs *r)
{
    for (size_t i = 0; i < r->n; i++)
        model_record_clear(&r->v[i]);
    free(r->v);
}

static const model_record *find(const recs *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].key, key) == 0)
            return &r->v[i];
    fail_msg("no record %s", key);
    return NULL;
}

static recs demo;                      /* achievements and demands of data/demo */

static int setup(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    load("data/demo/03_achievements.jsonl", &demo);
    load("data/demo/04_demands.jsonl", &demo);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    recs_free(&demo);
    return 0;
}

static match_index *demo_index(void)
{
    match_index *ix;
    qiao_err e = {0};
    assert_int_equal(match_index_new(&ix, &e), 0);
    for (size_t i = 0; i < demo.n; i++)
        assert_int_equal(match_index_put(ix, &demo.v[i], &e), 0);
    return ix;
}

/* The level of the hit `key` among r's top 10 of kind target; -1 when absent. */
static int level_of(match_index *ix, const model_record *r, model_kind target, const char *key)
{
    qiao_err e = {0};
    match_query *q;
    assert_int_equal(match_query_from_record(ix, r, &q, &e), 0);
    match_hits h = {0};
    assert_int_equal(match_search(ix, q, target, 10, &h, &e), 0);
    float self = 0;
    assert_int_equal(match_self_score(ix, q, r, target, &self, &e), 0);
    assert_true(self > 0);
    int level = -1, prev = 101;
    for (size_t i = 0; i < h.n; i++) {
        int l = match_level(h.v[i].score, self);
        assert_true(l <= prev);        /* the level follows the ranking */
        prev = l;
        if (strcmp(h.v[i].key, key) == 0)
            level = l;
    }
    match_hits_free(&h);
    match_query_free(q);
    return level;
}

/* Achievements on other subjects (farming, medicine, food): n records made
 * from a few phrases, none about chips, sensors or power devices. */
static void put_unrelated(match_index *ix, size_t n)
{
    static const char *const what[] = { "水稻", "中药材", "茶叶", "生猪", "果蔬", "奶牛", "菌菇", "柑橘" };
    static const char *const how[] = { "绿色种植", "病虫害防治", "保鲜贮藏", "精深加工", "良种繁育",
                                       "营养配方" };
    qiao_err e = {0};
    for (size_t i = 0; i < n; i++) {
        char js[1024];
        const char *w = what[i % 8], *h = how[(i / 8) % 6];
        snprintf(js, sizeof js, "{\"kind\":\"achievement\",\"id\":\"u-%zu\",\"org\":\"farm\","
                 "\"title\":\"%s%s新工艺\",\"keywords\":[\"%s\",\"%s\"],"
                 "\"summary\":\"针对%s产区的%s难题，形成一套可推广的%s规程，"
                 "在示范基地连续三年应用，亩均增收明显。\",\"chains\":[\"现代农业\"],"
                 "\"trl\":6,\"modes\":[\"assign\"]}", i, w, h, w, h, w, h, h);
        json_error_t je;
        json_t *j = json_loads(js, 0, &je);
        assert_non_null(j);
        model_record r;
        model_errors errs = {0};
        assert_int_equal(model_from_json(j, &r, &errs), 0);
        assert_int_equal(match_index_put(ix, &r, &e), 0);
        model_record_clear(&r);
        model_errors_clear(&errs);
        json_decref(j);
    }
}

/* docs/matching.md "Match level": adding records on other subjects moves a
 * pair's level only through idf and average lengths: by at most 3 points
 * when the achievements grow from 18 to 66, and 6 when they grow to 210. */
static const int tolerance[2] = { 3, 6 };

static void level_stable_with_unrelated_records(void **st)
{
    (void)st;
    static const char *const pairs[][2] = {
        {"dem-01", "ach-uestc-02"}, {"dem-02", "ach-uestc-01"}, {"dem-04", "ach-uestc-05"},
        {"dem-05", "ach-uestc-03"}, {"dem-03", "ach-uestc-01"},
    };
    size_t np = sizeof pairs / sizeof *pairs;
    int before[8], after[8];
    match_index *ix = demo_index();
    for (size_t i = 0; i < np; i++) {
        before[i] = level_of(ix, find(&demo, pairs[i][0]), MODEL_ACHIEVEMENT, pairs[i][1]);
        assert_true(before[i] >= MATCH_LEVEL_HIGH);   /* each is the demand's real match */
    }
    /* a hit of the same demand that shares little with it: 低 */
    int weak = level_of(ix, find(&demo, "dem-01"), MODEL_ACHIEVEMENT, "ach-uestc-04");
    assert_true(weak >= 0 && weak < MATCH_LEVEL_MID);
    /* 48 unrelated records (the collection grows by three quarters), then 144 more */
    for (size_t round = 0; round < 2; round++) {
        put_unrelated(ix, round ? 192 : 48);
        for (size_t i = 0; i < np; i++) {
            after[i] = level_of(ix, find(&demo, pairs[i][0]), MODEL_ACHIEVEMENT, pairs[i][1]);
            print_message("%s -> %s: level %d, with %d unrelated records %d\n", pairs[i][0],
                          pairs[i][1], before[i], round ? 192 : 48, after[i]);
        }
        for (size_t i = 0; i < np; i++)
            assert_true(abs(after[i] - before[i]) <= tolerance[round]);
    }
    match_index_free(ix);
}

static void level_of_own_text_is_full(void **st)
{
    (void)st;
    /* an achievement holding exactly the demand's text, every factor in its
     * favour but freshness (no date): 100 * 1.80 / 1.85 */
    match_index *ix = demo_index();
    const model_record *d = find(&demo, "dem-02");
    json_t *j = json_object();
    json_object_set_new(j, "kind", json_string("achievement"));
    json_object_set_new(j, "id", json_string("a-copy"));
    json_object_set_new(j, "org", json_string("o"));
    json_object_set(j, "title", json_object_get(d->doc, "title"));
    json_object_set(j, "keywords", json_object_get(d->doc, "keywords"));
    json_object_set(j, "summary", json_object_get(d->doc, "description"));
    json_object_set(j, "chains", json_object_get(d->doc, "chains"));
    json_object_set(j, "modes", json_object_get(d->doc, "modes"));
    json_object_set(j, "zone", json_object_get(d->doc, "zone"));
    json_object_set_new(j, "trl", json_integer(9));
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    assert_int_equal(model_from_json(j, &r, &errs), 0);
    assert_int_equal(match_index_put(ix, &r, &e), 0);
    int l = level_of(ix, d, MODEL_ACHIEVEMENT, "a-copy");
    assert_int_equal(l, 97);
    assert_string_equal(match_level_label(l), "高");
    assert_string_equal(match_level_label(MATCH_LEVEL_MID), "中");
    assert_string_equal(match_level_label(MATCH_LEVEL_MID - 1), "低");
    assert_int_equal(match_level(0, 10), 0);
    assert_int_equal(match_level(5, 0), 0);
    model_record_clear(&r);
    model_errors_clear(&errs);
    json_decref(j);
    match_index_free(ix);
}

/* Whether norm is a friso word or latin word of one of r's fields, or one
 * of its keyword entries (normalised). */
static int word_of(const model_record *r, const char *norm)
{
    static const char *const fields[] = { "title", "summary", "description", "expertise" };
    text_tokens tt = {0};
    qiao_err e = {0};
    int found = 0;
    for (size_t f = 0; f < 4 && !found; f++) {
        const char *s = model_str(r, fields[f]);
        text_tokens_clear(&tt);
        assert_int_equal(text_tokenize(s, strlen(s), &tt, &e), 0);
        for (size_t i = 0; i < tt.n && !found; i++)
            found = (tt.v[i].kind == TEXT_TOK_WORD || tt.v[i].kind == TEXT_TOK_LATIN) &&
                    strcmp(text_token_term(&tt, i), norm) == 0;
    }
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, "keywords"), i, v) {
        char *n = text_normalize(json_string_value(v), json_string_length(v), NULL);
        found = found || strcmp(n, norm) == 0;
        text_tokens_clear(&tt);
        assert_int_equal(text_tokenize(json_string_value(v), json_string_length(v), &tt, &e), 0);
        for (size_t k = 0; k < tt.n && !found; k++)
            found = (tt.v[k].kind == TEXT_TOK_WORD || tt.v[k].kind == TEXT_TOK_LATIN) &&
                    strcmp(text_token_term(&tt, k), norm) == 0;
        free(n);
    }
    text_tokens_free(&tt);
    return found;
}

static void reason_words_are_whole_words(void **st)
{
    (void)st;
    match_index *ix = demo_index();
    qiao_err e = {0};
    size_t checked = 0, expect_hits = 0;
    for (size_t di = 0; di < demo.n; di++) {
        const model_record *d = &demo.v[di];
        if (d->kind != MODEL_DEMAND)
            continue;
        match_query *q;
        if (match_query_from_record(ix, d, &q, &e) < 0)
            fail_msg("%s: %s", d->key, e.msg);
        match_hits h = {0};
        assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 5, &h, &e), 0);
        match_reasons *qr;
        assert_int_equal(match_reasons_new(d, &qr, &e), 0);
        for (size_t i = 0; i < h.n; i++) {
            const model_record *a = find(&demo, h.v[i].key);
            match_explanation x;
            assert_int_equal(match_explain(ix, q, a, &h.v[i], &x, &e), 0);
            match_words w;
            assert_int_equal(match_reason_words(qr, a, &x, 8, &w, &e), 0);
            for (size_t k = 0; k < w.n; k++) {
                const char *n = w.v[k].norm;
                if (!word_of(d, n) && !word_of(a, n))
                    fail_msg("%s -> %s: '%s' is no word of either record", d->key, a->key, n);
                if (match_is_stopword(n) || strstr(n, "示例"))
                    fail_msg("%s -> %s: stopword '%s'", d->key, a->key, n);
                /* the fragments the runs of an explanation hold */
                assert_true(strcmp(n, "在高") != 0 && strcmp(n, "需要") != 0 &&
                            strstr(n, "、") == NULL);
                assert_true(w.v[k].score > 0);
                if (k)
                    assert_true(w.v[k].score <= w.v[k - 1].score);
                checked++;
            }
            if (strcmp(d->key, "dem-01") == 0 && strcmp(a->key, "ach-uestc-02") == 0) {
                int mz = 0, adc = 0;
                for (size_t k = 0; k < w.n; k++) {
                    mz |= strcmp(w.v[k].norm, "模数转换") == 0;
                    adc |= strcmp(w.v[k].text, "ADC") == 0;   /* the hit's own spelling */
                }
                assert_true(mz && adc);
                expect_hits++;
            }
            match_words_free(&w);
            match_explanation_free(&x);
        }
        match_reasons_free(qr);
        match_hits_free(&h);
        match_query_free(q);
    }
    assert_true(checked > 20);
    assert_int_equal(expect_hits, 1);
    match_index_free(ix);
}

/* The reason words of every demo record's best hits (demands -> achievements,
 * achievements -> demands), appended to out as "query hit text/norm/score"
 * lines: with c NULL segmented afresh, else through the cache c. */
static void all_reasons(match_index *ix, match_wcache *c, buf *out)
{
    qiao_err e = {0};
    for (size_t di = 0; di < demo.n; di++) {
        const model_record *r = &demo.v[di];
        model_kind target = r->kind == MODEL_DEMAND ? MODEL_ACHIEVEMENT : MODEL_DEMAND;
        match_query *q;
        if (match_query_from_record(ix, r, &q, &e) < 0)
            fail_msg("%s: %s", r->key, e.msg);
        match_hits h = {0};
        assert_int_equal(match_search(ix, q, target, 10, &h, &e), 0);
        match_reasons *qr;
        assert_int_equal(match_reasons_cached(r, c, &qr, &e), 0);
        for (size_t i = 0; i < h.n; i++) {
            const model_record *a = find(&demo, h.v[i].key);
            match_explanation x;
            assert_int_equal(match_explain(ix, q, a, &h.v[i], &x, &e), 0);
            match_words w;
            assert_int_equal(match_reason_words(qr, a, &x, 8, &w, &e), 0);
            for (size_t k = 0; k < w.n; k++)
                buf_printf(out, "%s %s %s/%s/%.6g\n", r->key, a->key, w.v[k].text, w.v[k].norm,
                           (double)w.v[k].score);
            match_words_free(&w);
            match_explanation_free(&x);
        }
        match_reasons_free(qr);
        match_hits_free(&h);
        match_query_free(q);
    }
}

/* The words of the clauses a server keeps (match_wcache) are the words
 * segmenting them afresh gives: on every demo record's hits, the reason
 * words through a cold cache, a warm one, and a tiny one whose entries keep
 * replacing each other are those without a cache, byte for byte. */
static void cached_words_are_fresh_words(void **st)
{
    (void)st;
    match_index *ix = demo_index();
    buf fresh = {0}, cold = {0}, warm = {0}, tiny = {0};
    all_reasons(ix, NULL, &fresh);
    match_wcache *c = match_wcache_new(0);
    all_reasons(ix, c, &cold);
    size_t h0, m0, b0, h1, m1, b1;
    match_wcache_stats(c, &h0, &m0, &b0);
    all_reasons(ix, c, &warm);
    match_wcache_stats(c, &h1, &m1, &b1);
    match_wcache *t = match_wcache_new(7);
    all_reasons(ix, t, &tiny);
    all_reasons(ix, t, &tiny);
    assert_true(fresh.len > 1000);
    assert_string_equal(buf_cstr(&cold), buf_cstr(&fresh));
    assert_string_equal(buf_cstr(&warm), buf_cstr(&fresh));
    buf twice = {0};
    buf_puts(&twice, buf_cstr(&fresh));
    buf_puts(&twice, buf_cstr(&fresh));
    assert_string_equal(buf_cstr(&tiny), buf_cstr(&twice));
    /* the warm pass took its clauses from the cache (but for the few whose
     * slot a clause with the same hash modulo the slots took) */
    assert_true(m0 > 100);
    assert_true((m1 - m0) * 10 < m0);
    assert_true(h1 - h0 > 9 * m0 / 10);
    assert_true(b1 > 0 && b0 > 0);
    match_wcache_free(t);
    match_wcache_free(c);
    buf_free(&fresh);
    buf_free(&cold);
    buf_free(&warm);
    buf_free(&tiny);
    buf_free(&twice);
    match_index_free(ix);
}

static void find_normalized_spans(void **st)
{
    (void)st;
    const char *s = "无源射頻標籤與ＡＤＣ、adc";
    const char *w[] = { "射频标签", "adc", "电池" };
    text_found *f = NULL;
    size_t n = text_find_normalized(s, strlen(s), w, 3, &f);
    assert_int_equal(n, 3);
    assert_int_equal(f[0].word, 0);
    assert_memory_equal(s + f[0].off, "射頻標籤", f[0].len);
    assert_int_equal(f[0].len, strlen("射頻標籤"));
    assert_int_equal(f[1].word, 1);
    assert_int_equal(f[1].len, strlen("ＡＤＣ"));
    assert_memory_equal(s + f[1].off, "ＡＤＣ", f[1].len);
    assert_string_equal(s + f[2].off, "adc");
    free(f);
    assert_int_equal(text_find_normalized(s, strlen(s), w + 2, 1, &f), 0);
    assert_null(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(level_stable_with_unrelated_records),
        cmocka_unit_test(level_of_own_text_is_full),
        cmocka_unit_test(reason_words_are_whole_words),
        cmocka_unit_test(find_normalized_spans),
        cmocka_unit_test(cached_words_are_fresh_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
