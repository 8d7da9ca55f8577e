/* test_store_list.c — store_list (filters, sort, paging in the backend):
 * random achievements, and for many random filter/sort/page combinations
 * the answer must equal a plain C filter and sort of the same records. */
#include "testutil.h"

#include <stdbool.h>
#include <strings.h>

#include "model/model.h"
#include "store/store.h"

#define N 300

typedef struct ref {
    char key[16], org[8], status[12], zone[8], title[64], summary[40], published[24], kw[12];
    int trl, price;          /* 0 = absent */
    unsigned chains;         /* bit i: chain i */
} ref;

static const char *const orgs[] = {"o1", "o2", "o3"};
static const char *const statuses[] = {"", "draft", "published", "withdrawn"};
static const char *const zones[] = {"", "z东", "z西", "z南"};
static const char *const chains[] = {"集成电路", "新能源", "生物医药", "航空"};
static const char *const words[] = {"Laser", "雷达", "5%", "a_b", "电池", "Chip", "芯片"};

static ref refs[N];

static void put_json(store *s, json_t *in)
{
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    if (model_from_json(in, &r, &errs) != 0)
        fail_msg("invalid test record: %s", errs.v[0].reason);
    if (store_put(s, &r, &e) != 0)
        fail_msg("store_put: %s", e.msg);
    model_record_clear(&r);
}

static void fill(store *s, unsigned seed)
{
    srand(seed);
    qiao_err e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    for (int i = 0; i < 3; i++)
    {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "kind", "org", "id", orgs[i], "name",
                              i == 0 ? "机构甲" : i == 1 ? "机构乙" : "机构丙", "type", "park");
        put_json(s, o);
        json_decref(o);
    }
    for (int i = 0; i < N; i++) {
        ref *r = &refs[i];
        memset(r, 0, sizeof *r);
        /* keys not in insertion order */
        snprintf(r->key, sizeof r->key, "a%03d", (i * 7919) % 1000);
        snprintf(r->org, sizeof r->org, "%s", orgs[rand() % 3]);
        snprintf(r->status, sizeof r->status, "%s", statuses[rand() % 4]);
        snprintf(r->zone, sizeof r->zone, "%s", zones[rand() % 4]);
        snprintf(r->title, sizeof r->title, "%s%s", words[rand() % 7], words[rand() % 7]);
        snprintf(r->summary, sizeof r->summary, "%s", rand() % 2 ? words[rand() % 7] : "");
        snprintf(r->kw, sizeof r->kw, "%s", rand() % 3 == 0 ? words[rand() % 7] : "");
        if (rand() % 4)
            snprintf(r->published, sizeof r->published, "2024-0%d-1%d", 1 + rand() % 9,
                     rand() % 10);
        r->trl = rand() % 4 ? 1 + rand() % 9 : 0;
        r->price = rand() % 3 ? 1000 * (rand() % 20) : 0;
        r->chains = (unsigned)rand() % 16;
        json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "kind", "achievement", "id", r->key,
                              "org", r->org, "title", r->title);
        if (*r->status)
            json_object_set_new(d, "status", json_string(r->status));
        if (*r->zone)
            json_object_set_new(d, "zone", json_string(r->zone));
        if (*r->summary)
            json_object_set_new(d, "summary", json_string(r->summary));
        if (*r->kw)
            json_object_set_new(d, "keywords", json_pack("[s]", r->kw));
        if (*r->published)
            json_object_set_new(d, "published", json_string(r->published));
        if (r->trl)
            json_object_set_new(d, "trl", json_integer(r->trl));
        if (r->price)
            json_object_set_new(d, "price", json_integer(r->price));
        if (r->chains) {
            json_t *a = json_array();
            for (int c = 0; c < 4; c++)
                if (r->chains & (1u << c))
                    json_array_append_new(a, json_string(chains[c]));
            json_object_set_new(d, "chains", a);
        }
        put_json(s, d);
        json_decref(d);
        if (!*r->status)
            snprintf(r->status, sizeof r->status, "published");   /* the default */
    }
    assert_int_equal(store_commit(s, &e), 0);
}

static bool passes(const ref *r, const store_filter *f)
{
    if (f->org && strcmp(r->org, f->org))
        return false;
    if (f->status && strcmp(r->status, f->status))
        return false;
    if (f->zone && strcmp(r->zone, f->zone))
        return false;
    if (f->chain) {
        int c = 0;
        while (strcmp(chains[c], f->chain))
            c++;
        if (!(r->chains & (1u << c)))
            return false;
    }
    if (f->trl_min && (!r->trl || r->trl < f->trl_min))
        return false;
    if (f->trl_max && (!r->trl || r->trl > f->trl_max))
        return false;
    if (f->text && !strcasestr(r->title, f->text) && !strcasestr(r->summary, f->text) &&
        !strcasestr(r->key, f->text) && !strcasestr(r->kw, f->text))
        return false;
    return true;
}

static const char *sort_field;
static int sort_desc;

/* absent values last either way; ties by key */
static int cmp_ref(const void *a, const void *b)
{
    const ref *x = *(const ref *const *)a, *y = *(const ref *const *)b;
    int c = 0, ax = 0, ay = 0;
    if (!strcmp(sort_field, "id")) {
        c = strcmp(x->key, y->key);
    } else if (!strcmp(sort_field, "title")) {
        c = strcmp(x->title, y->title);
    } else if (!strcmp(sort_field, "published")) {
        ax = !*x->published, ay = !*y->published;
        c = strcmp(x->published, y->published);
    } else if (!strcmp(sort_field, "trl")) {
        ax = !x->trl, ay = !y->trl;
        c = (x->trl > y->trl) - (x->trl < y->trl);
    } else if (!strcmp(sort_field, "price")) {
        ax = !x->price, ay = !y->price;
        c = (x->price > y->price) - (x->price < y->price);
    }
    if (ax || ay)
        c = ax - ay;
    else if (sort_desc)
        c = -c;
    return c ? c : strcmp(x->key, y->key);
}

static int collect(const model_record *r, void *ud)
{
    buf *b = ud;
    buf_printf(b, "%s ", r->key);
    return 0;
}

static void test_random_lists(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    fill(s, 42);
    static const char *const sorts[] = {"id", "title", "published", "trl", "price"};
    const ref *sel[N];
    buf got = {0}, want = {0};
    int nonempty = 0;
    for (int iter = 0; iter < 400; iter++) {
        store_filter f = {0};
        if (rand() % 3 == 0) f.org = orgs[rand() % 3];
        if (rand() % 2 == 0) f.status = statuses[1 + rand() % 3];
        if (rand() % 4 == 0) f.zone = zones[1 + rand() % 3];
        if (rand() % 3 == 0) f.chain = chains[rand() % 4];
        if (rand() % 4 == 0) f.trl_min = 1 + rand() % 9;
        if (rand() % 4 == 0) f.trl_max = 1 + rand() % 9;
        if (rand() % 3 == 0) {
            static const char *const texts[] = {"laser", "CHIP", "5%", "%", "_", "a_b", "雷达",
                                                "a0", "z"};
            f.text = texts[rand() % 9];
        }
        store_sort so = {sorts[rand() % 5], rand() % 2};
        int64_t per = 1 + rand() % 30, off = rand() % 3 == 0 ? per * (rand() % 5) : 0;
        size_t n = 0;
        for (int i = 0; i < N; i++)
            if (passes(&refs[i], &f))
                sel[n++] = &refs[i];
        sort_field = so.field;
        sort_desc = so.desc;
        qsort(sel, n, sizeof *sel, cmp_ref);
        buf_clear(&want);
        for (size_t i = (size_t)off; i < n && i < (size_t)(off + per); i++)
            buf_printf(&want, "%s ", sel[i]->key);
        buf_clear(&got);
        int64_t total = -1;
        if (store_list(s, MODEL_ACHIEVEMENT, &f, &so, off, per, collect, &got, &total, &e) != 0)
            fail_msg("store_list: %s", e.msg);
        if (strcmp(buf_cstr(&got), buf_cstr(&want)) != 0 || total != (int64_t)n)
            fail_msg("iteration %d (org %s status %s zone %s chain %s trl %d-%d text %s, "
                     "sort %s%s, offset %lld limit %lld):\n got  %s (total %lld)\n want %s "
                     "(total %zu)", iter, f.org, f.status, f.zone, f.chain, f.trl_min, f.trl_max,
                     f.text, so.desc ? "-" : "", so.field, (long long)off, (long long)per,
                     buf_cstr(&got), (long long)total, buf_cstr(&want), n);
        nonempty += want.len > 0;
    }
    assert_true(nonempty > 100);     /* the filters were not all empty */
    buf_free(&got);
    buf_free(&want);
    store_close(s);
}

typedef struct nested_ctx {
    store *s;
    buf out;
} nested_ctx;

static int nested(const model_record *r, void *ud)
{
    nested_ctx *c = ud;
    store_sort byname = {"name", 1};
    buf_printf(&c->out, "%s:", r->key);
    qiao_err e = {0};
    return store_list(c->s, MODEL_ORG, NULL, &byname, 0, 10, collect, &c->out, NULL, &e);
}

static void test_keys_rank_and_errors(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_db(path, sizeof path);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(path, &s, &e), 0);
    fill(s, 7);
    /* a ranked subset, kept in its order, filtered, paged */
    const char *keys[41];
    size_t nk = 0;
    for (int i = N - 1; i >= 0 && nk < 40; i -= 7)
        keys[nk++] = refs[i].key;
    keys[nk++] = "no-such-key";
    store_filter f = {.keys = keys, .nkeys = nk, .status = "published"};
    store_sort rank = {"rank", 0};
    buf got = {0}, want = {0};
    size_t n = 0;
    for (size_t i = 0; i < nk; i++)
        for (int j = 0; j < N; j++)
            if (!strcmp(refs[j].key, keys[i]) && !strcmp(refs[j].status, "published")) {
                if (n >= 2 && n < 7)
                    buf_printf(&want, "%s ", keys[i]);
                n++;
            }
    int64_t total = -1;
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &f, &rank, 2, 5, collect, &got, &total,
                                &e), 0);
    assert_string_equal(buf_cstr(&got), buf_cstr(&want));
    assert_int_equal(total, (int64_t)n);
    /* limit 0: the total only */
    buf_clear(&got);
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &f, NULL, 0, 0, collect, &got, &total,
                                &e), 0);
    assert_int_equal(got.len, 0);
    assert_int_equal(total, (int64_t)n);
    /* chains follow updates and deletes (record_chains triggers) */
    store_filter fc = {.chain = "航空"};
    int64_t before = 0, after = 0;
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &fc, NULL, 0, 0, NULL, NULL, &before, &e),
                     0);
    const ref *with = NULL, *without = NULL;
    for (int i = 0; i < N; i++) {
        if (refs[i].chains & 8u)
            with = with ? with : &refs[i];
        else
            without = without ? without : &refs[i];
    }
    assert_non_null(with);
    assert_non_null(without);
    assert_int_equal(store_begin(s, &e), 0);
    json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "kind", "achievement", "id",
                          without->key, "org", "o1", "title", "新", "chains", "航空");
    put_json(s, d);
    json_decref(d);
    assert_int_equal(store_del(s, MODEL_ACHIEVEMENT, with->key, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &fc, NULL, 0, 0, NULL, NULL, &after, &e),
                     0);
    assert_int_equal(after, before);          /* one in, one out */
    buf_clear(&got);
    store_filter fk = {.chain = "航空", .keys = (const char *[]){without->key, with->key},
                       .nkeys = 2};
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, &fk, NULL, 0, 10, collect, &got, NULL,
                                &e), 0);
    buf_clear(&want);
    buf_printf(&want, "%s ", without->key);
    assert_string_equal(buf_cstr(&got), buf_cstr(&want));
    /* bad sorts and bounds */
    store_sort bad = {"budget", 0};
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, NULL, &bad, 0, 10, collect, &got, NULL,
                                &e), QIAO_EINVAL);
    assert_non_null(strstr(e.msg, "budget"));
    store_sort inj = {"title; DROP TABLE achievement", 0};
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, NULL, &inj, 0, 10, collect, &got, NULL,
                                &e), QIAO_EINVAL);
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, NULL, &rank, 0, 10, collect, &got, NULL,
                                &e), QIAO_EINVAL);
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, NULL, NULL, -1, 10, collect, &got, NULL,
                                &e), QIAO_EINVAL);
    assert_int_equal(store_list(s, MODEL_ACHIEVEMENT, NULL, NULL, 0, 10001, collect, &got, NULL,
                                &e), QIAO_EINVAL);
    store_filter ft = {.trl_min = 3};
    assert_int_equal(store_list(s, MODEL_ORG, &ft, NULL, 0, 10, collect, &got, NULL, &e),
                     QIAO_EINVAL);
    /* orgs by name; people have no chains */
    store_sort byname = {"name", 1};
    int64_t norg = 0;
    buf_clear(&got);
    assert_int_equal(store_list(s, MODEL_ORG, NULL, &byname, 0, 10, collect, &got, &norg, &e), 0);
    assert_int_equal(norg, 3);
    assert_int_equal(store_list(s, MODEL_ORG, NULL, &byname, 0, 10, NULL, NULL, &norg, &e),
                     QIAO_EINVAL);
    store_filter pc = {.chain = "航空"};
    int64_t np = -1;
    assert_int_equal(store_list(s, MODEL_PERSON, &pc, NULL, 0, 10, collect, &got, &np, &e), 0);
    assert_int_equal(np, 0);
    /* a callback may list again, the same list, while a list runs */
    nested_ctx nc = {s, {0}};
    assert_int_equal(store_list(s, MODEL_ORG, NULL, &byname, 0, 10, nested, &nc, NULL, &e), 0);
    assert_string_equal(buf_cstr(&nc.out), "o1:o1 o2 o3 o2:o1 o2 o3 o3:o1 o2 o3 ");
    buf_free(&nc.out);
    buf_free(&got);
    buf_free(&want);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_lists),
        cmocka_unit_test(test_keys_rank_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
