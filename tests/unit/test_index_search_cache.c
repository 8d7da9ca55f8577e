/* tests/unit/test_index_search_cache.c — the index service's search cache
 * (src/index/search_cache.c): hits come back as stored, a newer index
 * generation never sees an older entry, the entry and byte bounds hold
 * (least recently used evicted first), and many threads can use it at once
 * (run under SANITIZE=address,undefined, and helgrind-clean by design). */
#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>

#include "index/index.h"

/* n hits "k<seed>-<i>" with scores n - i. */
static void make_hits(match_hits *h, size_t n, unsigned seed)
{
    h->v = calloc(n ? n : 1, sizeof *h->v);
    h->n = h->cap = n;
    for (size_t i = 0; i < n; i++) {
        snprintf(h->v[i].key, sizeof h->v[i].key, "k%u-%zu", seed, i);
        h->v[i].kind = MODEL_ACHIEVEMENT;
        h->v[i].score = (float)(n - i);
    }
}

static void put(index_search_cache *c, model_kind k, size_t top, const char *q, unsigned long gen,
                size_t n, unsigned seed)
{
    match_hits h = {0};
    make_hits(&h, n, seed);
    index_hits *v = index_hits_new(k, top, q, gen, &h);
    index_search_cache_put(c, v);
    index_hits_release(v);
    match_hits_free(&h);
}

static void test_get_put(void **state)
{
    (void)state;
    index_search_cache *c = index_search_cache_new(8);
    assert_non_null(c);
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "芯片", 0));
    put(c, MODEL_ACHIEVEMENT, 21, "芯片", 0, 21, 1);
    index_hits *v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "芯片", 0);
    assert_non_null(v);
    assert_int_equal(index_hits_count(v), 21);
    assert_string_equal(index_hits_key(v, 0), "k1-0");
    assert_string_equal(index_hits_key(v, 20), "k1-20");
    assert_true(index_hits_score(v, 0) == 21.0f);
    index_hits_release(v);
    /* every part of the key counts */
    assert_null(index_search_cache_get(c, MODEL_DEMAND, 21, "芯片", 0));
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 41, "芯片", 0));
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "芯片 ", 0));
    /* an empty result is a result */
    put(c, MODEL_DEMAND, 21, "无此词", 0, 0, 2);
    v = index_search_cache_get(c, MODEL_DEMAND, 21, "无此词", 0);
    assert_non_null(v);
    assert_int_equal(index_hits_count(v), 0);
    index_hits_release(v);
    /* a value outlives its eviction while a reader holds it */
    v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "芯片", 0);
    put(c, MODEL_ACHIEVEMENT, 21, "芯片", 0, 3, 3);      /* replaces it */
    assert_string_equal(index_hits_key(v, 20), "k1-20");
    index_hits_release(v);
    v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "芯片", 0);
    assert_int_equal(index_hits_count(v), 3);
    index_hits_release(v);
    index_search_cache_free(c);
    assert_null(index_search_cache_new(0));
    assert_null(index_search_cache_get(NULL, MODEL_ACHIEVEMENT, 21, "芯片", 0));
    index_search_cache_put(NULL, NULL);
}

static void test_generation(void **state)
{
    (void)state;
    index_search_cache *c = index_search_cache_new(8);
    put(c, MODEL_ACHIEVEMENT, 21, "电池", 5, 4, 1);
    assert_int_equal(index_search_cache_size(c), 1);
    /* the index changed: the entry is a miss and is dropped */
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "电池", 6));
    assert_int_equal(index_search_cache_size(c), 0);
    /* a reader of an older generation does not see (nor drop) a newer entry */
    put(c, MODEL_ACHIEVEMENT, 21, "电池", 7, 4, 2);
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "电池", 6));
    assert_int_equal(index_search_cache_size(c), 1);
    index_hits *v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "电池", 7);
    assert_non_null(v);
    assert_string_equal(index_hits_key(v, 0), "k2-0");
    index_hits_release(v);
    index_search_cache_free(c);
}

static void test_bounds(void **state)
{
    (void)state;
    /* one shard below 64 entries: exact LRU order */
    index_search_cache *c = index_search_cache_new(4);
    char q[32];
    for (int i = 0; i < 4; i++) {
        snprintf(q, sizeof q, "q%d", i);
        put(c, MODEL_ACHIEVEMENT, 21, q, 0, 5, (unsigned)i);
    }
    assert_int_equal(index_search_cache_size(c), 4);
    index_hits_release(index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "q0", 0)); /* q0 used */
    put(c, MODEL_ACHIEVEMENT, 21, "q4", 0, 5, 4);
    assert_int_equal(index_search_cache_size(c), 4);
    index_hits *v;
    assert_null(v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "q1", 0)); /* the LRU went */
    assert_non_null(v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "q0", 0));
    index_hits_release(v);
    assert_non_null(v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 21, "q4", 0));
    index_hits_release(v);
    /* the byte budget (4 entries × 4 KiB): a value larger than it is not kept,
     * large ones push out others */
    put(c, MODEL_ACHIEVEMENT, 1000, "huge", 0, 1000, 9);
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 1000, "huge", 0));
    put(c, MODEL_ACHIEVEMENT, 500, "big", 0, 500, 8);    /* about 9 KiB */
    put(c, MODEL_ACHIEVEMENT, 501, "big", 0, 500, 8);    /* together over 16 KiB */
    assert_null(index_search_cache_get(c, MODEL_ACHIEVEMENT, 500, "big", 0));
    assert_non_null(v = index_search_cache_get(c, MODEL_ACHIEVEMENT, 501, "big", 0));
    index_hits_release(v);
    assert_true(index_search_cache_size(c) <= 3);
    index_search_cache_free(c);
    /* sharded: never more than asked for */
    c = index_search_cache_new(100);
    for (int i = 0; i < 5000; i++) {
        snprintf(q, sizeof q, "查询%d", i);
        put(c, MODEL_DEMAND, 21, q, 0, 3, (unsigned)i);
    }
    size_t n = index_search_cache_size(c);
    assert_true(n <= 100);
    assert_true(n >= 50);        /* and the shards are used */
    index_search_cache_free(c);
}

typedef struct worker_arg {
    index_search_cache *c;
    _Atomic unsigned long *gen;
    unsigned seed;
    int bad;
} worker_arg;

/* Each thread reads and writes a small set of queries whose hits are a
 * function of (query, generation), and checks every answer against it. */
static void *worker(void *p)
{
    worker_arg *a = p;
    uint32_t r = a->seed;
    char q[16];
    for (int i = 0; i < 20000; i++) {
        r = r * 1103515245u + 12345u;
        unsigned qi = (r >> 8) % 40;
        snprintf(q, sizeof q, "w%u", qi);
        unsigned long gen = atomic_load(a->gen);
        if ((r >> 20) % 500 == 0)
            gen = atomic_fetch_add(a->gen, 1) + 1;
        index_hits *v = index_search_cache_get(a->c, MODEL_ACHIEVEMENT, 21, q, gen);
        if (v) {
            char want[32];
            snprintf(want, sizeof want, "k%lu-%u", gen * 100 + qi, 1u);
            if (index_hits_count(v) != 3 || strcmp(index_hits_key(v, 1), want) != 0)
                a->bad++;
            index_hits_release(v);
        } else {
            put(a->c, MODEL_ACHIEVEMENT, 21, q, gen, 3, (unsigned)(gen * 100 + qi));
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    index_search_cache *c = index_search_cache_new(64);
    _Atomic unsigned long gen = 0;
    pthread_t t[4];
    worker_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (worker_arg){c, &gen, (unsigned)(i * 7919 + 1), 0};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &a[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(a[i].bad, 0);
    }
    assert_true(index_search_cache_size(c) <= 64);
    index_search_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_put),
        cmocka_unit_test(test_generation),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
