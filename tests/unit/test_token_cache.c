/* tests/unit/test_token_cache.c — what a restart keeps beside the store (the
 * index snapshot and the store's change log), the threaded build, and the
 * exactness of pruned (MaxScore) evaluation. */
#include <math.h>

#include "testutil.h"

#include "match/match.h"
#include "store/store.h"
#include "text/text.h"

static const char *const words[] = {
    "射频", "标签", "芯片", "天线", "锂离子", "电池", "正极", "材料", "土壤", "重金属", "修复",
    "导航", "系统", "图像", "识别", "深度学习", "传感器", "无线", "通信", "算法", "制备", "方法",
    "集成电路", "低功耗", "高精度", "检测", "装置", "光纤", "激光", "医疗", "机器人", "控制",
};
#define NW (sizeof words / sizeof words[0])

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

static void text_of(char *out, size_t n, int nwords)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < nwords && o + 32 < n; i++)
        o += (size_t)snprintf(out + o, n - o, "%s%s", words[rnd() % NW], i % 5 == 4 ? "。" : "");
}

/* Puts the record of json into the store when not NULL, and into ix when
 * not NULL. */
static void put_json_to(store *s, match_index *ix, const char *json)
{
    json_error_t je;
    json_t *j = json_loads(json, 0, &je);
    assert_non_null(j);
    model_record r;
    model_errors errs = {0};
    if (model_from_json(j, &r, &errs) < 0)
        fail_msg("%s: %s", json, errs.n ? errs.v[0].reason : "?");
    qiao_err e = {0};
    if (s)
        assert_int_equal(store_put(s, &r, &e), 0);
    if (ix)
        assert_int_equal(match_index_put(ix, &r, &e), 0);
    model_record_clear(&r);
    model_errors_clear(&errs);
    json_decref(j);
}

static void put_json(store *s, const char *json)
{
    put_json_to(s, NULL, json);
}

/* A store of n achievements of random text; returns it open. */
static store *make_store(char *path, size_t cap, int n)
{
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    tu_tmp_db(path, cap);
    store *s;
    assert_int_equal(store_open(path, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    put_json(s, "{\"kind\":\"org\",\"id\":\"o\",\"name\":\"测试\",\"type\":\"institute\"}");
    char json[4096], title[256], summ[2048];
    for (int i = 0; i < n; i++) {
        text_of(title, sizeof title, 2 + (int)(rnd() % 3));
        text_of(summ, sizeof summ, 10 + (int)(rnd() % 40));
        snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"a%04d\",\"org\":\"o\","
                 "\"title\":\"%s\",\"summary\":\"%s\",\"trl\":%d}", i, title, summ, 1 + i % 9);
        put_json(s, json);
    }
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

/* The index of s, built on two threads. */
static match_index *built_index(store *s)
{
    qiao_err e = {0};
    match_index *ix;
    match_index_new(&ix, &e);
    assert_int_equal(match_index_build(ix, s, 2, &e), 0);
    return ix;
}

/* The top `top` keys and scores of query qs, as one string. */
static void ranking(match_index *ix, const char *qs, size_t top, char *out, size_t n)
{
    match_query *q;
    qiao_err e = {0};
    match_hits h = {0};
    assert_int_equal(match_query_parse(ix, qs, strlen(qs), &q, &e), 0);
    assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e), 0);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < h.n && o + 64 < n; i++)
        o += (size_t)snprintf(out + o, n - o, "%s %.9g\n", h.v[i].key, (double)h.v[i].score);
    match_hits_free(&h);
    match_query_free(q);
}

static const char *const queries[] = {
    "射频 标签", "锂离子电池正极材料制备方法", "深度学习 图像 识别 算法", "检测",
    "低功耗无线传感器通信系统的集成电路芯片设计与高精度检测装置", "\"激光\" 医疗 -机器人",
    "控制 trl>=5",
};
#define NQ (sizeof queries / sizeof queries[0])

static void snapshot_gives_identical_rankings(void **st)
{
    (void)st;
    char path[512], snap[600], a[8192], b[8192];
    store *s = make_store(path, sizeof path, 400);
    assert_int_equal(match_snapshot_path(path, snap, sizeof snap), 0);
    qiao_err e = {0};
    match_index *built, *loaded;
    match_index_new(&built, &e);
    match_index_new(&loaded, &e);
    assert_int_equal(match_index_open(built, s, snap, 2, &e), 0);   /* builds, writes */
    assert_int_equal(access(snap, R_OK), 0);
    assert_int_equal(match_index_open(loaded, s, snap, 2, &e), 0);  /* loads */
    assert_int_equal(match_index_count(loaded, MODEL_ACHIEVEMENT), 400);
    for (size_t i = 0; i < NQ; i++) {
        ranking(built, queries[i], 10, a, sizeof a);
        ranking(loaded, queries[i], 10, b, sizeof b);
        assert_string_equal(a, b);
        assert_true(strlen(a) > 0);
    }
    match_index_free(built);
    match_index_free(loaded);
    store_close(s);
}

static void changed_record_is_reindexed(void **st)
{
    (void)st;
    char path[512], snap[600], out[8192];
    store *s = make_store(path, sizeof path, 100);
    match_snapshot_path(path, snap, sizeof snap);
    qiao_err e = {0};
    match_index *ix;
    match_index_new(&ix, &e);
    assert_int_equal(match_index_open(ix, s, snap, 2, &e), 0);
    match_index_free(ix);
    int64_t g0, g1;
    char uid[STORE_UID_LEN];
    assert_int_equal(store_generation(s, &g0, uid, &e), 0);
    /* another process changes a record and deletes one */
    assert_int_equal(store_begin(s, &e), 0);
    put_json(s, "{\"kind\":\"achievement\",\"id\":\"a0007\",\"org\":\"o\",\"title\":\"量子密钥分发\"}");
    assert_int_equal(store_del(s, MODEL_ACHIEVEMENT, "a0008", &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(store_generation(s, &g1, uid, &e), 0);
    assert_true(g1 >= g0 + 2);
    int64_t n;
    assert_int_equal(store_changes_count(s, g0, &n, &e), 0);
    assert_int_equal(n, 2);
    match_index_new(&ix, &e);
    assert_int_equal(match_index_open(ix, s, snap, 2, &e), 0);
    ranking(ix, "量子密钥", 10, out, sizeof out);
    assert_true(strncmp(out, "a0007 ", 6) == 0);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 99);
    ranking(ix, "射频 标签 芯片 天线 锂离子 电池 检测 控制", 1000, out, sizeof out);
    assert_null(strstr(out, "a0008 "));
    match_index_free(ix);
    store_close(s);
}

static void stale_snapshot_is_not_used(void **st)
{
    (void)st;
    char p1[512], p2[512], snap1[600], snap2[600], a[8192], b[8192];
    store *s1 = make_store(p1, sizeof p1, 50);
    store *s2 = make_store(p2, sizeof p2, 80);
    match_snapshot_path(p1, snap1, sizeof snap1);
    match_snapshot_path(p2, snap2, sizeof snap2);
    qiao_err e = {0};
    match_index *ix;
    match_index_new(&ix, &e);
    assert_int_equal(match_index_open(ix, s1, snap1, 1, &e), 0);
    ranking(ix, "检测 装置", 10, a, sizeof a);
    match_index_free(ix);
    /* the snapshot of store 1 put beside store 2: another store, rebuilt */
    char *bytes;
    size_t len = 0;
    assert_non_null(bytes = tu_read_file(snap1, &len));
    FILE *f = fopen(snap2, "wb");
    assert_non_null(f);
    fwrite(bytes, 1, len, f);
    fclose(f);
    match_index_new(&ix, &e);
    assert_int_equal(match_index_open(ix, s2, snap2, 1, &e), 0);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 80);
    match_index_free(ix);
    /* a damaged (truncated) snapshot: rebuilt, same rankings as before */
    f = fopen(snap1, "wb");
    fwrite(bytes, 1, len / 2, f);
    fclose(f);
    free(bytes);
    match_index_new(&ix, &e);
    assert_int_equal(match_index_open(ix, s1, snap1, 1, &e), 0);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 50);
    ranking(ix, "检测 装置", 10, b, sizeof b);
    assert_string_equal(a, b);
    match_index_free(ix);
    /* a snapshot of another analyser (fingerprint) is refused by load */
    assert_non_null(bytes = tu_read_file(snap1, &len));
    bytes[8] ^= 1;
    f = fopen(snap1, "wb");
    fwrite(bytes, 1, len, f);
    fclose(f);
    free(bytes);
    int64_t gen;
    char uid[STORE_UID_LEN];
    match_index_new(&ix, &e);
    assert_int_equal(match_index_load(ix, snap1, &gen, uid, &e), QIAO_ENOTFOUND);
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 0);
    match_index_free(ix);
    store_close(s1);
    store_close(s2);
}

/* Threads change nothing; pruning changes nothing: the top 10 equal the
 * first 10 of a ranking of every record (no threshold, no pruning). */
static void threads_and_pruning_are_exact(void **st)
{
    (void)st;
    char path[512], a[8192], b[8192], all[200000];
    store *s = make_store(path, sizeof path, 600);
    qiao_err e = {0};
    match_index *one, *two;
    match_index_new(&one, &e);
    match_index_new(&two, &e);
    assert_int_equal(match_index_build(one, s, 1, &e), 0);
    assert_int_equal(match_index_build(two, s, 3, &e), 0);
    for (size_t i = 0; i < NQ; i++) {
        ranking(one, queries[i], 10, a, sizeof a);
        ranking(two, queries[i], 10, b, sizeof b);
        assert_string_equal(a, b);
        ranking(two, queries[i], 100000, all, sizeof all);
        assert_true(strncmp(all, a, strlen(a)) == 0);
    }
    match_index_free(one);
    match_index_free(two);
    store_close(s);
}

/* Every "key score" line of part is a line of whole: each hit of a pruned or
 * two-phase ranking has bit for bit its score in the ranking of every
 * record; and part's scores do not increase. Returns how many of part's
 * keys are among the first lines of whole (as many as part has). */
static size_t same_scores(const char *whole, const char *part)
{
    size_t n = 0, in = 0;
    double last = 1e30;
    for (const char *p = part; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        char line[128];
        assert_true(len < sizeof line - 1);
        line[0] = '\n';
        memcpy(line + 1, p, len);
        line[len + 1] = '\0';
        assert_true(strncmp(whole, line + 1, len) == 0 || strstr(whole, line) != NULL);
        double sc = atof(strchr(line + 1, ' ') + 1);
        assert_true(sc <= last);
        last = sc;
        n++;
        p += len;
    }
    const char *w = whole;
    for (size_t i = 0; i < n && *w; i++) {      /* whole's first n keys found in part */
        const char *sp = strchr(w, ' ');
        char key[32];
        snprintf(key, sizeof key, "%.*s ", (int)(sp - w), w);
        char nkey[34];
        snprintf(nkey, sizeof nkey, "\n%s", key);
        if (strncmp(part, key, strlen(key)) == 0 || strstr(part, nkey))
            in++;
        w = strchr(w, '\n') + 1;
    }
    return in;
}

/* Two-phase evaluation (more records than first-phase candidates, every
 * single character in most records): each hit's score is bit for bit its
 * score in a ranking of every record, nearly all of the exhaustive top 10
 * are found (all of them on these queries with unigrams alone dense), and a
 * snapshot-loaded index (random access rebuilt at load) ranks the same. */
static void two_phases_are_exact(void **st)
{
    (void)st;
    char path[512], snap[600], a[8192], b[8192], c[8192];
    static char all[2000000];
    store *s = make_store(path, sizeof path, 5000);
    size_t total = 0;
    char longq[3][1024];               /* long queries: many cross-word bigrams, the
                                          selective terms of the first phase */
    for (int i = 0; i < 3; i++)
        text_of(longq[i], sizeof longq[i], 40);
    match_snapshot_path(path, snap, sizeof snap);
    qiao_err e = {0};
    match_index *ix, *loaded;
    match_index_new(&ix, &e);
    match_index_new(&loaded, &e);
    assert_int_equal(match_index_open(ix, s, snap, 2, &e), 0);
    assert_int_equal(match_index_open(loaded, s, snap, 2, &e), 0);
    for (size_t i = 0; i < NQ + 3; i++) {
        const char *qs = i < NQ ? queries[i] : longq[i - NQ];
        ranking(ix, qs, 10, a, sizeof a);
        ranking(loaded, qs, 10, c, sizeof c);
        assert_string_equal(a, c);
        ranking(ix, qs, 100000, all, sizeof all);
        size_t found = same_scores(all, a);
        assert_true(found >= 7);
        total += found;
        ranking(ix, qs, 15, b, sizeof b);   /* a larger top: the same scores */
        same_scores(all, b);
    }
    assert_true(total >= (NQ + 3) * 10 - 3);
    match_index_free(ix);
    match_index_free(loaded);
    store_close(s);
}

/* After a compaction (dead records dropped, random access rebuilt) two
 * phases still give the exhaustive top 10. */
static void two_phases_after_compaction(void **st)
{
    (void)st;
    char path[512], a[8192];
    static char all[2000000];
    store *s = make_store(path, sizeof path, 5000);
    match_index *ix = built_index(s);
    for (int i = 0; i < 2600; i++) {   /* compacts at the 2501st */
        char key[16];
        snprintf(key, sizeof key, "a%04d", i);
        match_index_remove(ix, MODEL_ACHIEVEMENT, key);
    }
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), 2400);
    char longq[1024];
    for (size_t i = 0; i < NQ + 3; i++) {
        if (i >= NQ)
            text_of(longq, sizeof longq, 40);
        const char *qs = i < NQ ? queries[i] : longq;
        ranking(ix, qs, 10, a, sizeof a);
        ranking(ix, qs, 100000, all, sizeof all);
        assert_true(same_scores(all, a) >= 7);
    }
    match_index_free(ix);
    store_close(s);
}

/* Evaluation over small windows of doc ids (many window boundaries, dead
 * records inside windows, lists read whole after being probed): the same
 * top 10 as the default window, and, for one-phase queries, the first 10
 * of a ranking of every record; every hit's score bit for bit its score
 * there. */
static void windows_are_exact(void **st)
{
    (void)st;
    char path[512], a[8192], b[8192];
    static char all[2000000];
    store *s = make_store(path, sizeof path, 3000);
    match_index *ix = built_index(s);
    for (int i = 0; i < 3000; i += 7) {
        char key[16];
        snprintf(key, sizeof key, "a%04d", i);
        match_index_remove(ix, MODEL_ACHIEVEMENT, key);
    }
    char longq[1024];
    for (size_t i = 0; i < NQ + 2; i++) {
        if (i >= NQ)
            text_of(longq, sizeof longq, 40);
        const char *qs = i < NQ ? queries[i] : longq;
        match_set_window(6);
        ranking(ix, qs, 10, a, sizeof a);
        match_set_window(16);
        ranking(ix, qs, 10, b, sizeof b);
        assert_string_equal(a, b);
        ranking(ix, qs, 100000, all, sizeof all);
        assert_true(a[0] != '\0');
        if (i < NQ)
            assert_true(strncmp(all, a, strlen(a)) == 0);
        else
            assert_true(same_scores(all, a) >= 7);
    }
    match_index_free(ix);
    store_close(s);
}

/* Records added after a build extend the random-access arrays of the
 * common terms (past their room, and with counts beside): the index then
 * ranks exactly as one built from the final store. (Only additions: a
 * changed record's old postings count in document frequencies until a
 * compaction, so scores would differ by design.) */
static void writes_extend_random_access(void **st)
{
    (void)st;
    char path[512], a[8192], b[8192];
    static char all1[2000000], all2[2000000];
    store *s = make_store(path, sizeof path, 1500);
    qiao_err e = {0};
    match_index *ix, *fresh;
    match_index_new(&ix, &e);
    assert_int_equal(match_index_build(ix, s, 2, &e), 0);
    char json[8192], title[256], summ[2048];
    assert_int_equal(store_begin(s, &e), 0);
    for (int i = 1500; i < 2100; i++) {
        text_of(title, sizeof title, 2 + (int)(rnd() % 3));
        text_of(summ, sizeof summ, 10 + (int)(rnd() % 60));
        snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"a%04d\",\"org\":\"o\","
                 "\"title\":\"%s\",\"summary\":\"%s%s\"}", i, title, summ, summ);
        put_json_to(s, ix, json);
    }
    assert_int_equal(store_commit(s, &e), 0);
    match_index_new(&fresh, &e);
    assert_int_equal(match_index_build(fresh, s, 2, &e), 0);
    char longq[1024];
    for (size_t i = 0; i < NQ + 2; i++) {
        if (i >= NQ)
            text_of(longq, sizeof longq, 40);
        const char *qs = i < NQ ? queries[i] : longq;
        ranking(ix, qs, 10, a, sizeof a);
        ranking(fresh, qs, 10, b, sizeof b);
        assert_true(a[0] != '\0');
        assert_string_equal(a, b);
        ranking(ix, qs, 100000, all1, sizeof all1);
        ranking(fresh, qs, 100000, all2, sizeof all2);
        assert_string_equal(all1, all2);
    }
    match_index_free(ix);
    match_index_free(fresh);
    store_close(s);
}

/* A phrase held by few records: scoring those records alone gives what
 * reading the lists gives (the top 10 and the complete ranking). */
static void few_phrase_records_are_exact(void **st)
{
    (void)st;
    char path[512], a[8192], b[8192];
    static char all1[2000000], all2[2000000];
    store *s = make_store(path, sizeof path, 3000);
    match_index *ix = built_index(s);
    size_t dflt = match_set_few_probes(0);
    static const char *const pq[] = { "\"激光医疗\" 检测 方法", "\"锂离子电池\" 正极 -土壤",
                                      "\"射频标签\"" };
    for (size_t i = 0; i < sizeof pq / sizeof pq[0]; i++) {
        match_set_few_probes(SIZE_MAX);
        ranking(ix, pq[i], 10, a, sizeof a);
        ranking(ix, pq[i], 100000, all1, sizeof all1);
        match_set_few_probes(0);
        ranking(ix, pq[i], 10, b, sizeof b);
        ranking(ix, pq[i], 100000, all2, sizeof all2);
        assert_true(a[0] != '\0');
        assert_string_equal(a, b);
        assert_string_equal(all1, all2);
    }
    match_set_few_probes(dflt);
    match_index_free(ix);
    store_close(s);
}

/* A hit's text score equals the sum of its explanation's term scores,
 * which explain.c computes from the record's text (mx_score of counts it
 * finds itself) — not from the postings and the per-query tables that query
 * evaluation scores with (counts of 1 in a field, and 2..4 in the body: the
 * random bodies repeat their words). Fails when a table entry differs from
 * the formula, e.g. a count scored from another count's table. */
static void scores_equal_explanations(void **st)
{
    (void)st;
    char path[512], longq[1024];
    store *s = make_store(path, sizeof path, 1500);
    qiao_err e = {0};
    match_index *ix = built_index(s);
    text_of(longq, sizeof longq, 40);
    const char *const qs[] = { longq, queries[1], queries[4], "电池 电池 正极材料 检测方法" };
    int checked = 0;
    size_t dflt = match_set_max_query_terms(0);
    for (size_t pass = 0; pass < 2; pass++)    /* then ranked by the 6 heaviest terms */
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        match_set_max_query_terms(pass ? 6 : dflt);
        match_query *q;
        match_hits h = {0};
        assert_int_equal(match_query_parse(ix, qs[i], strlen(qs[i]), &q, &e), 0);
        assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 10, &h, &e), 0);
        assert_true(h.n > 0);
        for (size_t j = 0; j < h.n; j++) {
            model_record r;
            assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, h.v[j].key, &r, &e), 0);
            match_explanation x;
            assert_int_equal(match_explain(ix, q, &r, &h.v[j], &x, &e), 0);
            double sum = 0;
            for (size_t t = 0; t < x.nterms; t++)
                sum += x.terms[t].score;
            if (fabs(sum - h.v[j].text) > 1e-4 * h.v[j].text)
                fail_msg("%s for \"%s\": search %.7g, explanation %.7g", h.v[j].key, qs[i],
                         (double)h.v[j].text, sum);
            checked++;
            match_explanation_free(&x);
            model_record_clear(&r);
        }
        match_hits_free(&h);
        match_query_free(q);
    }
    match_set_max_query_terms(dflt);
    assert_true(checked >= 60);
    match_index_free(ix);
    store_close(s);
}

/* The text scores of query qs's hits (at most n, key order of ranking). */
static size_t hit_texts(match_index *ix, const char *qs, size_t top, char (*key)[MODEL_KEY_MAX],
                        double *text, size_t n)
{
    match_query *q;
    qiao_err e = {0};
    match_hits h = {0};
    assert_int_equal(match_query_parse(ix, qs, strlen(qs), &q, &e), 0);
    assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, top, &h, &e), 0);
    size_t m = h.n < n ? h.n : n;
    for (size_t i = 0; i < m; i++) {
        memcpy(key[i], h.v[i].key, MODEL_KEY_MAX);
        text[i] = h.v[i].text;
    }
    match_hits_free(&h);
    match_query_free(q);
    return m;
}

/* A query with more terms than max_query_terms ranks by its heaviest ones:
 * a record's text score can only drop (fewer terms add to it), some do, and
 * with room for every term nothing changes. */
static void long_queries_rank_by_heaviest_terms(void **st)
{
    (void)st;
    char path[512], longq[1024], a[8192], b[8192];
    store *s = make_store(path, sizeof path, 800);
    match_index *ix = built_index(s);
    text_of(longq, sizeof longq, 40);
    enum { N = 800 };
    static char kfull[N][MODEL_KEY_MAX], kcap[N][MODEL_KEY_MAX];
    static double tfull[N], tcap[N];
    size_t nfull = hit_texts(ix, longq, N, kfull, tfull, N);
    size_t dflt = match_set_max_query_terms(6);
    size_t ncap = hit_texts(ix, longq, N, kcap, tcap, N);
    ranking(ix, longq, 10, a, sizeof a);
    match_set_max_query_terms(100000);
    ranking(ix, longq, 10, b, sizeof b);
    match_set_max_query_terms(dflt);
    assert_int_equal(dflt, 0);
    assert_true(nfull > 100 && ncap > 10);
    size_t lower = 0;
    for (size_t i = 0; i < ncap; i++) {
        size_t j = 0;
        while (j < nfull && strcmp(kfull[j], kcap[i]) != 0)
            j++;
        assert_true(j < nfull);        /* a record the six terms find, all the terms find */
        if (tcap[i] > tfull[j] * (1 + 1e-6))
            fail_msg("%s: %.7g with 6 terms, %.7g with all", kcap[i], tcap[i], tfull[j]);
        lower += tcap[i] < tfull[j] * (1 - 1e-6);
    }
    assert_true(lower > ncap / 2);
    assert_string_not_equal(a, b);
    char c[8192];
    ranking(ix, longq, 10, c, sizeof c);   /* the default again: 40 words are under 150 terms */
    assert_string_equal(b, c);
    match_index_free(ix);
    store_close(s);
}

/* Puts an achievement with key id into ix alone. */
static void index_put(match_index *ix, const char *id)
{
    char json[512];
    snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"%s\",\"org\":\"o\","
             "\"title\":\"射频标签 %s\",\"summary\":\"一种芯片\"}", id, id);
    put_json_to(NULL, ix, json);
}

/* Keys stay found while the key table doubles and moves its entries over a
 * few at a time (dict.c): putting a record again replaces it, so the count
 * stays — at every size, old keys and keys added since the growth alike. */
static void keys_found_while_the_table_grows(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    match_index *ix;
    match_index_new(&ix, &e);
    char id[32];
    const size_t n = 6000;             /* tables of 1,024 to 16,384 slots */
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "a%05zu", i);
        index_put(ix, id);
        size_t again = rnd() % (i + 1);   /* any key so far, once more */
        snprintf(id, sizeof id, "a%05zu", again);
        index_put(ix, id);
        if (match_index_count(ix, MODEL_ACHIEVEMENT) != i + 1)
            fail_msg("after %zu keys, putting %s again made %zu records", i + 1, id,
                     match_index_count(ix, MODEL_ACHIEVEMENT));
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "a%05zu", i);
        index_put(ix, id);
    }
    assert_int_equal(match_index_count(ix, MODEL_ACHIEVEMENT), n);
    match_index_free(ix);
}

/* match_batch writes what one search per record writes, with any threads. */
static void batch_equals_one_by_one(void **st)
{
    (void)st;
    char path[512];
    store *s = make_store(path, sizeof path, 300);
    qiao_err e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    char json[4096], title[256], desc[2048];
    for (int i = 0; i < 40; i++) {
        text_of(title, sizeof title, 2);
        text_of(desc, sizeof desc, 20);
        snprintf(json, sizeof json, "{\"kind\":\"demand\",\"id\":\"d%03d\",\"org\":\"o\","
                 "\"title\":\"%s\",\"description\":\"%s\"}", i, title, desc);
        put_json(s, json);
    }
    assert_int_equal(store_commit(s, &e), 0);
    match_index *ix = built_index(s);
    buf want = {0};
    match_hits h = {0};
    for (int i = 0; i < 40; i++) {
        char key[16];
        snprintf(key, sizeof key, "d%03d", i);
        model_record r;
        match_query *q;
        assert_int_equal(store_get(s, MODEL_DEMAND, key, &r, &e), 0);
        assert_int_equal(match_query_from_record(ix, &r, &q, &e), 0);
        assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, 7, &h, &e), 0);
        assert_int_equal(match_report(ix, q, &h, NULL, MATCH_FMT_TREC, key, &want, &e), 0);
        match_query_free(q);
        model_record_clear(&r);
    }
    for (int threads = 1; threads <= 3; threads++) {
        char *got = NULL;
        size_t glen = 0, n = 0;
        FILE *f = open_memstream(&got, &glen);
        assert_int_equal(match_batch(ix, s, MODEL_DEMAND, MODEL_ACHIEVEMENT, 7, threads, f, &n, &e), 0);
        fclose(f);
        assert_int_equal(n, 40);
        assert_true(want.len > 0);
        assert_int_equal(glen, want.len);
        assert_memory_equal(got, want.p, want.len);
        free(got);
    }
    buf_free(&want);
    match_hits_free(&h);
    match_index_free(ix);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_gives_identical_rankings),
        cmocka_unit_test(changed_record_is_reindexed),
        cmocka_unit_test(stale_snapshot_is_not_used),
        cmocka_unit_test(threads_and_pruning_are_exact),
        cmocka_unit_test(two_phases_are_exact),
        cmocka_unit_test(two_phases_after_compaction),
        cmocka_unit_test(windows_are_exact),
        cmocka_unit_test(few_phrase_records_are_exact),
        cmocka_unit_test(writes_extend_random_access),
        cmocka_unit_test(batch_equals_one_by_one),
        cmocka_unit_test(scores_equal_explanations),
        cmocka_unit_test(long_queries_rank_by_heaviest_terms),
        cmocka_unit_test(keys_found_while_the_table_grows),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_shutdown();
    return rc;
}
