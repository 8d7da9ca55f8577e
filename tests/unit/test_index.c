/* tests/unit/test_index.c — the index service (src/index): a catch-up
 * applies another handle's writes (a new record, a withdrawal, a deletion),
 * bumps the generation so that cached answers miss, never skips a write
 * that races it (the position is read before the changes are applied), the
 * follower thread catches up without being asked, and a reopen loads the
 * snapshot and replays only the changes since it. */
#include "testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <time.h>

#include "index/index.h"
#include "match/match.h"
#include "model/model.h"
#include "store/store.h"

static char path[4096];

static store *open_store(void)
{
    store *s;
    qiao_err e = {0};
    if (store_open(path, &s, &e) != 0)
        fail_msg("store_open: %s", e.msg);
    return s;
}

static void put(store *s, const char *line)
{
    qiao_err e = {0};
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    if (!j)
        fail_msg("json: %s", je.text);
    model_record r = {0};
    model_errors errs = {0};
    if (model_from_json(j, &r, &errs) < 0)
        fail_msg("record: %s: %s", errs.v[0].field, errs.v[0].reason);
    json_decref(j);
    assert_int_equal(store_begin(s, &e), 0);
    if (store_put(s, &r, &e) < 0)
        fail_msg("put: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

static void achievement(store *s, const char *id, const char *title, const char *status)
{
    char line[1024];
    snprintf(line, sizeof line, "{\"kind\":\"achievement\",\"id\":\"%s\",\"org\":\"uni\","
             "\"title\":\"%s\",\"summary\":\"%s\",\"status\":\"%s\"}", id, title, title, status);
    put(s, line);
}

static void del(store *s, const char *id)
{
    qiao_err e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_del(s, MODEL_ACHIEVEMENT, id, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
}

/* The keys of achievements matching q, space-separated ("" for none). */
static void found(index_svc *svc, const char *q, char *out, size_t cap)
{
    qiao_err e = {0};
    match_query *mq = NULL;
    match_hits h = {0};
    out[0] = '\0';
    match_index *ix = index_read(svc);
    assert_non_null(ix);
    assert_int_equal(match_query_parse(ix, q, strlen(q), &mq, &e), 0);
    assert_int_equal(match_search(ix, mq, MODEL_ACHIEVEMENT, 10, &h, &e), 0);
    index_read_end(svc);
    size_t n = 0;
    for (size_t i = 0; i < h.n; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? " " : "", h.v[i].key);
    match_hits_free(&h);
    match_query_free(mq);
}

static int64_t generation(store *s)
{
    int64_t g = 0;
    char uid[STORE_UID_LEN];
    qiao_err e = {0};
    assert_int_equal(store_generation(s, &g, uid, &e), 0);
    return g;
}

static store *world(void)
{
    tu_tmp_db(path, sizeof path);
    store *s = open_store();
    put(s, "{\"kind\":\"org\",\"id\":\"uni\",\"name\":\"某大学\",\"type\":\"university\"}");
    achievement(s, "a1", "水稻抗倒伏育种技术", "published");
    achievement(s, "a2", "城市污水生物脱氮工艺", "published");
    return s;
}

static index_svc *open_svc(bool snapshot)
{
    index_opts o = INDEX_OPTS_DEFAULT;
    o.snapshot = snapshot;
    o.search_cache = 16;
    o.match_cache = true;
    index_svc *svc;
    qiao_err e = {0};
    if (index_open(path, &o, &svc, &e) != 0)
        fail_msg("index_open: %s", e.msg);
    assert_true(index_ready(svc));
    return svc;
}

static void test_catch_up(void **state)
{
    (void)state;
    char got[512];
    store *s = world();
    index_svc *svc = open_svc(false);
    qiao_err e = {0};
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "");
    assert_int_equal(index_position(svc), generation(s));

    /* a cached answer and a cached match at the current generation */
    unsigned long g0 = index_generation(svc);
    match_hits none = {0};
    index_hits *v = index_hits_new(MODEL_ACHIEVEMENT, 10, "琥珀蜂蜡", g0, &none);
    index_search_cache_put(index_searches(svc), v);
    index_hits_release(v);
    index_mcache_put(svc, "k", g0, "[]");
    index_hits *c = index_search_cache_get(index_searches(svc), MODEL_ACHIEVEMENT, 10, "琥珀蜂蜡",
                                           index_generation(svc));
    assert_non_null(c);
    index_hits_release(c);

    /* another handle writes: nothing changes until the catch-up */
    achievement(s, "a3", "琥珀蜂蜡封装材料", "published");
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "");
    size_t n = 0;
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    assert_int_equal(n, 1);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "a3");
    assert_true(index_generation(svc) > g0);
    assert_int_equal(index_position(svc), generation(s));
    /* the cached answers of the older generation miss */
    assert_null(index_search_cache_get(index_searches(svc), MODEL_ACHIEVEMENT, 10, "琥珀蜂蜡",
                                       index_generation(svc)));
    assert_null(index_mcache_get(svc, "k", index_generation(svc)));

    /* nothing new: no change, same generation */
    unsigned long g1 = index_generation(svc);
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(index_generation(svc), g1);

    /* withdrawn = out of the index */
    achievement(s, "a3", "琥珀蜂蜡封装材料", "withdrawn");
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "");
    assert_true(index_generation(svc) > g1);

    /* published again, then deleted */
    achievement(s, "a3", "琥珀蜂蜡封装材料", "published");
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "a3");
    del(s, "a3");
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "");
    found(svc, "水稻", got, sizeof got);
    assert_string_equal(got, "a1");

    /* a bulk write: more than one chunk, every record in */
    assert_int_equal(store_begin(s, &e), 0);
    for (int i = 0; i < 300; i++) {
        char line[512];
        snprintf(line, sizeof line, "{\"kind\":\"achievement\",\"id\":\"b%03d\",\"org\":\"uni\","
                 "\"title\":\"%s 批量记录\"}", i, i == 299 ? "蜂蜡" : "水稻");
        json_t *j = json_loads(line, 0, NULL);
        model_record r = {0};
        model_errors errs = {0};
        assert_int_equal(model_from_json(j, &r, &errs), 0);
        json_decref(j);
        assert_int_equal(store_put(s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    assert_int_equal(n, 300);
    found(svc, "蜂蜡", got, sizeof got);
    assert_string_equal(got, "b299");
    assert_int_equal(index_position(svc), generation(s));
    index_close(svc);
    store_close(s);
}

/* A write committed while a catch-up runs (after it read the log, before
 * it moved its position) is not lost: the next catch-up applies it. */
typedef struct racer { store *s; int done; } racer;

static void race(void *ud)
{
    racer *r = ud;
    if (r->done++)
        return;
    achievement(r->s, "late", "琥珀蜂蜡晚到的记录", "published");
}

static void test_racing_write(void **state)
{
    (void)state;
    char got[512];
    store *s = world();
    index_svc *svc = open_svc(false);
    qiao_err e = {0};
    racer r = {open_store(), 0};
    index_set_test_hook(svc, race, &r);
    achievement(s, "first", "水稻高产栽培", "published");
    size_t n = 0;
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    assert_int_equal(r.done, 1);
    /* the position is the generation read before the racing write */
    assert_true(index_position(svc) < generation(s));
    assert_int_equal(index_catch_up(svc, &n, &e), 0);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "late");
    assert_int_equal(index_position(svc), generation(s));
    index_set_test_hook(svc, NULL, NULL);
    index_close(svc);
    store_close(r.s);
    store_close(s);
}

/* A writer's answer does not hang behind a catch-up (or a snapshot being
 * written) that holds the catch-up mutex: index_catch_up_wait gives up after
 * its wait with 1, and catches up once the mutex is free. */
typedef struct holder {
    index_svc *svc;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int entered, release;
} holder;

static void hold(void *ud)
{
    holder *h = ud;
    pthread_mutex_lock(&h->mu);
    h->entered = 1;
    pthread_cond_broadcast(&h->cv);
    while (!h->release)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

static void *hold_catch_up(void *ud)
{
    holder *h = ud;
    qiao_err e = {0};
    index_catch_up(h->svc, NULL, &e);
    return NULL;
}

static void test_wait_gives_up(void **state)
{
    (void)state;
    char got[512];
    store *s = world();
    index_svc *svc = open_svc(false);
    qiao_err e = {0};
    holder h = {.svc = svc};
    pthread_mutex_init(&h.mu, NULL);
    pthread_cond_init(&h.cv, NULL);
    index_set_test_hook(svc, hold, &h);
    achievement(s, "w1", "琥珀蜂蜡等待", "published");
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, hold_catch_up, &h), 0);
    pthread_mutex_lock(&h.mu);
    while (!h.entered)
        pthread_cond_wait(&h.cv, &h.mu);
    pthread_mutex_unlock(&h.mu);
    /* the catch-up in progress holds the mutex: give up after 50 ms */
    assert_int_equal(index_catch_up_wait(svc, 50, NULL, &e), 1);
    pthread_mutex_lock(&h.mu);
    h.release = 1;
    pthread_cond_broadcast(&h.cv);
    pthread_mutex_unlock(&h.mu);
    pthread_join(th, NULL);
    index_set_test_hook(svc, NULL, NULL);
    achievement(s, "w2", "琥珀蜂蜡第二条", "published");
    size_t n = 0;
    assert_int_equal(index_catch_up_wait(svc, 50, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(index_position(svc), generation(s));
    found(svc, "第二条", got, sizeof got);
    assert_string_equal(got, "w2");
    pthread_cond_destroy(&h.cv);
    pthread_mutex_destroy(&h.mu);
    index_close(svc);
    store_close(s);
}

static void test_follower(void **state)
{
    (void)state;
    char got[512];
    store *s = world();
    index_svc *svc = open_svc(false);
    qiao_err e = {0};
    assert_int_equal(index_follow(svc, &e), 0);
    achievement(s, "a9", "琥珀蜂蜡封装材料", "published");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double waited = 0;
    while (index_position(svc) < generation(s) && waited < 3.0) {
        usleep(10000);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    }
    assert_true(waited < 3.0);
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "a9");
    index_close(svc);
    store_close(s);
}

static void test_snapshot_reopen(void **state)
{
    (void)state;
    char got[512];
    store *s = world();
    index_svc *svc = open_svc(true);
    assert_non_null(strstr(index_how(svc), "built"));
    index_close(svc);                      /* writes the snapshot */
    svc = open_svc(true);
    assert_string_equal(index_how(svc), "snapshot + 0 changes");
    index_close(svc);
    achievement(s, "a4", "琥珀蜂蜡封装材料", "published");
    del(s, "a2");
    svc = open_svc(true);
    assert_string_equal(index_how(svc), "snapshot + 2 changes");
    found(svc, "琥珀蜂蜡", got, sizeof got);
    assert_string_equal(got, "a4");
    found(svc, "污水", got, sizeof got);
    assert_string_equal(got, "");
    assert_int_equal(index_position(svc), generation(s));
    qiao_err e = {0};
    index_stats st;
    assert_int_equal(index_snapshot(svc, &e), 0);   /* behind by the replay: written */
    index_get_stats(svc, &st);
    assert_int_equal(st.snapshots, 1);
    index_close(svc);
    svc = open_svc(true);
    assert_string_equal(index_how(svc), "snapshot + 0 changes");
    index_close(svc);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catch_up),
        cmocka_unit_test(test_racing_write),
        cmocka_unit_test(test_wait_gives_up),
        cmocka_unit_test(test_follower),
        cmocka_unit_test(test_snapshot_reopen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
