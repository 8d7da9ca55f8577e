/* tests/unit/test_match.c — the matching index: ranking rules, explanations,
 * updates and the query language. */
#include "testutil.h"

#include "match/match.h"
#include "text/text.h"

static void rec(const char *json, model_record *r)
{
    json_error_t je;
    json_t *j = json_loads(json, 0, &je);
    assert_non_null(j);
    model_errors errs = {0};
    int rc = model_from_json(j, r, &errs);
    if (rc < 0)
        fail_msg("%s: %s", json, errs.n ? errs.v[0].reason : "?");
    model_errors_clear(&errs);
    json_decref(j);
}

static void put(match_index *ix, const char *json)
{
    model_record r;
    qiao_err e = {0};
    rec(json, &r);
    assert_int_equal(match_index_put(ix, &r, &e), 0);
    model_record_clear(&r);
}

static match_index *fresh(void)
{
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-rfid\",\"org\":\"o\",\"title\":\"单片全集成射频标签芯片\"}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-soil\",\"org\":\"o\",\"title\":\"土壤重金属污染修复技术\"}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-batt\",\"org\":\"o\",\"title\":\"锂离子电池正极材料制备方法\"}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-agv\",\"org\":\"o\",\"title\":\"重载AGV智能运输车导航系统\"}");
    return ix;
}

/* runs a typed query; returns the number of hits */
static size_t search(match_index *ix, const char *qs, model_kind k, match_hits *h)
{
    match_query *q;
    qiao_err e = {0};
    if (match_query_parse(ix, qs, strlen(qs), &q, &e) < 0)
        fail_msg("query %s: %s", qs, e.msg);
    assert_int_equal(match_search(ix, q, k, 10, h, &e), 0);
    match_query_free(q);
    return h->n;
}

static size_t match_rec(match_index *ix, const char *json, match_hits *h, match_query **qout)
{
    model_record r;
    qiao_err e = {0};
    rec(json, &r);
    match_query *q;
    assert_int_equal(match_query_from_record(ix, &r, &q, &e), 0);
    assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 10, h, &e), 0);
    model_record_clear(&r);
    if (qout)
        *qout = q;
    else
        match_query_free(q);
    return h->n;
}

static void traditional_demand_finds_simplified(void **st)
{
    (void)st;
    match_index *ix = fresh();
    match_hits h = {0};
    assert_true(match_rec(ix, "{\"kind\":\"demand\",\"id\":\"d1\",\"org\":\"o\",\"title\":\"射頻標籤晶片\"}",
                          &h, NULL) > 0);
    assert_string_equal(h.v[0].key, "a-rfid");
    assert_true(search(ix, "鋰離子電池", MODEL_ACHIEVEMENT, &h) > 0);
    assert_string_equal(h.v[0].key, "a-batt");
    match_hits_free(&h);
    match_index_free(ix);
}

static int has(const match_hits *h, const char *key)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i].key, key) == 0)
            return 1;
    return 0;
}

static void withdrawn_never_matches(void **st)
{
    (void)st;
    match_index *ix = fresh();
    match_hits h = {0};
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-w\",\"org\":\"o\",\"title\":\"射频标签读写器\",\"status\":\"withdrawn\"}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-d\",\"org\":\"o\",\"title\":\"射频标签天线\",\"status\":\"draft\"}");
    search(ix, "射频标签", MODEL_ACHIEVEMENT, &h);
    assert_true(has(&h, "a-rfid"));
    assert_false(has(&h, "a-w"));
    assert_false(has(&h, "a-d"));
    /* withdrawing an indexed record takes it out */
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-rfid\",\"org\":\"o\",\"title\":\"单片全集成射频标签芯片\",\"status\":\"withdrawn\"}");
    search(ix, "射频标签", MODEL_ACHIEVEMENT, &h);
    assert_int_equal(h.n, 0);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 3);
    /* a closed demand is not found either */
    put(ix, "{\"kind\":\"demand\",\"id\":\"d-c\",\"org\":\"o\",\"title\":\"射频标签\",\"status\":\"closed\"}");
    put(ix, "{\"kind\":\"demand\",\"id\":\"d-o\",\"org\":\"o\",\"title\":\"射频标签\"}");
    search(ix, "射频", MODEL_DEMAND, &h);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].key, "d-o");
    match_hits_free(&h);
    match_index_free(ix);
}

static void trl_below_min_ranks_lower(void **st)
{
    (void)st;
    match_index *ix = fresh();
    match_hits h = {0};
    /* a-low's key sorts first, so only the TRL factor can put a-high above it */
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-low\",\"org\":\"o\",\"title\":\"高速模数转换芯片\",\"trl\":4}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"b-high\",\"org\":\"o\",\"title\":\"高速模数转换芯片\",\"trl\":7}");
    match_query *q;
    assert_true(match_rec(ix, "{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"高速模数转换芯片国产化\","
                              "\"trl_min\":6}", &h, &q) >= 2);
    assert_string_equal(h.v[0].key, "b-high");
    assert_string_equal(h.v[1].key, "a-low");
    assert_true(h.v[0].score > h.v[1].score);
    assert_true(h.v[1].factor[MATCH_X_TRL] < 0);
    assert_true(h.v[0].factor[MATCH_X_TRL] > 0);
    match_query_free(q);
    /* without trl_min they tie and the key decides */
    match_rec(ix, "{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"高速模数转换芯片国产化\"}", &h, NULL);
    assert_string_equal(h.v[0].key, "a-low");
    assert_true(h.v[0].score == h.v[1].score);
    match_hits_free(&h);
    match_index_free(ix);
}

static void explanation_in_authors_script(void **st)
{
    (void)st;
    match_index *ix = fresh();
    const char *aj = "{\"kind\":\"achievement\",\"id\":\"a-tw\",\"org\":\"o\",\"title\":\"無線射頻標籤讀取裝置\","
                     "\"chains\":[\"集成电路\"],\"trl\":7,\"modes\":[\"license\"]}";
    put(ix, aj);
    match_hits h = {0};
    match_query *q;
    match_rec(ix, "{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"射频标签读取\","
                  "\"chains\":[\"集成电路\"],\"trl_min\":6,\"modes\":[\"license\",\"assign\"]}", &h, &q);
    assert_string_equal(h.v[0].key, "a-tw");
    model_record r;
    rec(aj, &r);
    match_explanation x;
    qiao_err e = {0};
    assert_int_equal(match_explain(ix, q, &r, &h.v[0], &x, &e), 0);
    assert_true(x.nterms >= 1);
    /* the run of matched characters, as written: traditional */
    assert_string_equal(x.terms[0].text, "射頻標籤讀取");
    assert_int_equal(x.terms[0].field, MATCH_F_TITLE);
    assert_true(x.factor_share[MATCH_X_CHAINS] > 0);
    assert_true(x.factor_share[MATCH_X_TRL] > 0);
    assert_true(x.factor_share[MATCH_X_MODES] > 0);
    float sum = x.text_share;
    for (int i = 0; i < MATCH_NFACTORS; i++)
        sum += x.factor_share[i];
    assert_float_equal(sum, 1.0, 1e-4);
    buf b = {0};
    match_explanation_json(&x, &b);
    assert_non_null(strstr(b.p, "\"text\":\"射頻標籤讀取\""));
    assert_non_null(strstr(b.p, "\"name\":\"chains\""));
    assert_non_null(strstr(b.p, "集成电路"));
    assert_non_null(strstr(b.p, "trl 7 >= trl_min 6"));
    json_error_t je;
    json_t *j = json_loads(b.p, 0, &je);
    assert_non_null(j);
    json_decref(j);
    buf_free(&b);
    match_explanation_free(&x);
    model_record_clear(&r);
    match_query_free(q);
    match_hits_free(&h);
    match_index_free(ix);
}

static void update_visible_next_query(void **st)
{
    (void)st;
    match_index *ix = fresh();
    match_hits h = {0};
    assert_int_equal(search(ix, "石墨烯", MODEL_ACHIEVEMENT, &h), 0);
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-new\",\"org\":\"o\",\"title\":\"石墨烯导热膜\"}");
    assert_int_equal(search(ix, "石墨烯", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "a-new");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-new\",\"org\":\"o\",\"title\":\"氮化镓功率器件\"}");
    assert_int_equal(search(ix, "石墨烯", MODEL_ACHIEVEMENT, &h), 0);
    assert_int_equal(search(ix, "氮化镓", MODEL_ACHIEVEMENT, &h), 1);
    assert_int_equal(match_index_remove(ix, MODEL_ACHIEVEMENT, "a-new"), 0);
    assert_int_equal(search(ix, "氮化镓", MODEL_ACHIEVEMENT, &h), 0);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 4);
    /* many updates of one record trigger compaction and stay correct */
    for (int i = 0; i < 3000; i++)
        put(ix, i % 2 ? "{\"kind\":\"achievement\",\"id\":\"a-x\",\"org\":\"o\",\"title\":\"氮化镓\"}"
                      : "{\"kind\":\"achievement\",\"id\":\"a-x\",\"org\":\"o\",\"title\":\"石墨烯\"}");
    /* the last write (i = 2999) said 氮化镓 */
    assert_int_equal(search(ix, "石墨烯", MODEL_ACHIEVEMENT, &h), 0);
    assert_int_equal(search(ix, "氮化镓", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "a-x");
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 5);
    match_hits_free(&h);
    match_index_free(ix);
}

static void query_language(void **st)
{
    (void)st;
    match_index *ix = fresh();
    put(ix, "{\"kind\":\"achievement\",\"id\":\"c1\",\"org\":\"o\",\"title\":\"射频识别读写器\","
            "\"chains\":[\"集成电路\"],\"trl\":7,\"modes\":[\"license\"],\"zone\":\"天府\"}");
    put(ix, "{\"kind\":\"achievement\",\"id\":\"c2\",\"org\":\"o2\",\"title\":\"射频功率放大器\","
            "\"chains\":[\"电子信息\"],\"trl\":3,\"modes\":[\"assign\"]}");
    match_hits h = {0};
    assert_int_equal(search(ix, "射频", MODEL_ACHIEVEMENT, &h), 3);
    assert_int_equal(search(ix, "射频 chain:集成電路", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "c1");
    assert_int_equal(search(ix, "射频 trl>=6", MODEL_ACHIEVEMENT, &h), 1);
    assert_int_equal(search(ix, "射频 trl<4", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "c2");
    assert_int_equal(search(ix, "射频 mode:assign", MODEL_ACHIEVEMENT, &h), 1);
    assert_int_equal(search(ix, "射频 zone:天府", MODEL_ACHIEVEMENT, &h), 1);
    assert_int_equal(search(ix, "射频 org:o2", MODEL_ACHIEVEMENT, &h), 1);
    assert_int_equal(search(ix, "射频 chain:不存在的链", MODEL_ACHIEVEMENT, &h), 0);
    assert_int_equal(search(ix, "\"射频标签\"", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "a-rfid");
    assert_int_equal(search(ix, "射频 -放大器", MODEL_ACHIEVEMENT, &h), 2);
    assert_false(has(&h, "c2"));
    assert_int_equal(search(ix, "射频 -\"识别读写\"", MODEL_ACHIEVEMENT, &h), 2);
    assert_false(has(&h, "c1"));
    assert_int_equal(search(ix, "trl>=6", MODEL_ACHIEVEMENT, &h), 1);
    match_hits_free(&h);
    match_index_free(ix);
}

static void expect_error(match_index *ix, const char *qs, size_t len, const char *needle)
{
    match_query *q = (match_query *)1;
    qiao_err e = {0};
    assert_int_equal(match_query_parse(ix, qs, len, &q, &e), QIAO_EINVAL);
    assert_null(q);
    if (!strstr(e.msg, needle))
        fail_msg("query '%.40s': message '%s' lacks '%s'", qs, e.msg, needle);
}

static void bad_queries(void **st)
{
    (void)st;
    match_index *ix = fresh();
    expect_error(ix, "", 0, "empty");
    expect_error(ix, "  \t ", 4, "nothing to search");
    expect_error(ix, "，。！？…", strlen("，。！？…"), "nothing to search");
    expect_error(ix, "射频 \"标签", strlen("射频 \"标签"), "position 4");
    expect_error(ix, "射频 foo:bar", strlen("射频 foo:bar"), "unknown filter 'foo'");
    expect_error(ix, "trl>=12", 7, "trl must be");
    expect_error(ix, "trl>=0", 6, "trl must be");
    expect_error(ix, "mode:gift", 9, "unknown transfer mode");
    expect_error(ix, "chain>x", 7, "takes ':'");
    expect_error(ix, "chain:", 6, "no value");
    size_t big = 1 << 20;
    char *s = malloc(big);
    memset(s, 'a', big);
    expect_error(ix, s, big, "too long");
    free(s);
    /* stopword-like single characters still make a query */
    match_hits h = {0};
    search(ix, "的 了", MODEL_ACHIEVEMENT, &h);
    match_hits_free(&h);
    match_index_free(ix);
}

static void people_by_expertise(void **st)
{
    (void)st;
    match_index *ix = fresh();
    put(ix, "{\"kind\":\"person\",\"id\":\"p1\",\"name\":\"张三\",\"roles\":[\"expert\"],"
            "\"expertise\":\"射频集成电路设计，射频标签\"}");
    put(ix, "{\"kind\":\"person\",\"id\":\"p2\",\"name\":\"李四\",\"roles\":[\"staff\"],"
            "\"expertise\":\"射频标签\"}");
    model_record r;
    rec("{\"kind\":\"demand\",\"id\":\"d\",\"org\":\"o\",\"title\":\"射频标签芯片\"}", &r);
    match_query *q;
    qiao_err e = {0};
    assert_int_equal(match_query_from_record(ix, &r, &q, &e), 0);
    match_hits h = {0};
    assert_int_equal(match_search(ix, q, MODEL_PERSON, 10, &h, &e), 0);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].key, "p1");
    match_query_free(q);
    model_record_clear(&r);
    /* more like this: an achievement finds its neighbours, never itself */
    rec("{\"kind\":\"achievement\",\"id\":\"a-rfid\",\"org\":\"o\",\"title\":\"单片全集成射频标签芯片\"}", &r);
    assert_int_equal(match_query_from_record(ix, &r, &q, &e), 0);
    assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 10, &h, &e), 0);
    assert_false(has(&h, "a-rfid"));
    match_query_free(q);
    model_record_clear(&r);
    match_hits_free(&h);
    match_index_free(ix);
}

/* What a person is shown: longer terms first, no repeats, no traces, and
 * lone characters only when nothing longer matched. */
static void explanation_pick(void **state)
{
    (void)state;
    match_term t[] = {
        {"的", 0, 10.0f}, {"模数转换", 0, 8.0f}, {"模数转换", 1, 5.0f},
        {"芯片", 2, 1.0f}, {"示例", 2, 0.1f},
    };
    match_explanation x = {.terms = t, .nterms = 5};
    size_t idx[8];
    size_t n = match_explanation_pick(&x, 8, idx);
    assert_int_equal(n, 2);
    assert_string_equal(t[idx[0]].text, "模数转换");
    assert_int_equal(t[idx[0]].field, 0);
    assert_string_equal(t[idx[1]].text, "芯片");
    assert_int_equal(match_explanation_pick(&x, 1, idx), 1);

    match_term singles[] = {{"速", 0, 3.0f}, {"位", 1, 2.0f}};
    match_explanation y = {.terms = singles, .nterms = 2};
    assert_int_equal(match_explanation_pick(&y, 8, idx), 2);
    assert_string_equal(singles[idx[0]].text, "速");
}

/* A keyword query's single characters count only where no bigram of the
 * query covers them: 电池 does not find a record that holds 电 and 池 apart,
 * while the lone character 池 still does. */
static void keyword_query_covered_characters(void **st)
{
    (void)st;
    match_index *ix = fresh();
    put(ix, "{\"kind\":\"achievement\",\"id\":\"a-pond\",\"org\":\"o\","
            "\"title\":\"养殖池塘水质电子监测系统\"}");
    match_hits h = {0};
    assert_int_equal(search(ix, "电池", MODEL_ACHIEVEMENT, &h), 1);
    assert_string_equal(h.v[0].key, "a-batt");
    assert_int_equal(search(ix, "池", MODEL_ACHIEVEMENT, &h), 2);
    match_hits_free(&h);
    match_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(traditional_demand_finds_simplified),
        cmocka_unit_test(withdrawn_never_matches),
        cmocka_unit_test(trl_below_min_ranks_lower),
        cmocka_unit_test(explanation_in_authors_script),
        cmocka_unit_test(update_visible_next_query),
        cmocka_unit_test(query_language),
        cmocka_unit_test(bad_queries),
        cmocka_unit_test(people_by_expertise),
        cmocka_unit_test(explanation_pick),
        cmocka_unit_test(keyword_query_covered_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
