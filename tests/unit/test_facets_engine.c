/* tests/unit/test_facets_engine.c — the engine's filtered ranking and facet
 * counts against a straightforward reference on a randomized store: rank
 * every hit without filters and filter by hand, count every facet by hand
 * (a record counts once per value, even when it names a chain twice), for
 * match_search, match_facets_count and match_facets_multi, over records
 * added, replaced and removed. */
#include "testutil.h"

#include "match/internal.h"
#include "match/match.h"
#include "text/text.h"

#define NR 900
static const char *const words[] = { "射频", "芯片", "电池", "材料", "土壤", "修复", "导航",
                                     "系统", "传感器", "封装", "催化", "膜分离", "算法" };
static const char *const chains[] = { "集成电路", "新能源", "生物医药", "人工智能" };
static const char *const zones[] = { "东区", "西区", "南区" };
static const char *const modes[] = { "self", "assign", "license", "cooperate", "equity",
                                     "other" };
typedef struct rrec { int live, chain[4], zone, org, trl, modes; } rrec;

static unsigned seed = 2026;
static int rnd(int n)
{
    seed = seed * 1103515245u + 12345u;
    return (int)((seed >> 16) % (unsigned)n);
}

static void put_json(match_index *ix, const char *json)
{
    json_error_t je;
    json_t *j = json_loads(json, 0, &je);
    assert_non_null(j);
    model_record r;
    model_errors errs = {0};
    if (model_from_json(j, &r, &errs) < 0)
        fail_msg("%s: %s", json, errs.n ? errs.v[0].reason : "?");
    model_errors_clear(&errs);
    json_decref(j);
    qiao_err e = {0};
    assert_int_equal(match_index_put(ix, &r, &e), 0);
    model_record_clear(&r);
}

/* Record i, made up afresh (a chain may be named twice). */
static void make(match_index *ix, rrec *v, int i)
{
    rrec *r = &v[i];
    char title[128] = "", ch[160] = "", md[96] = "", extra[64] = "", json[1024];
    for (int w = 0, nw = 1 + rnd(4); w < nw; w++)
        snprintf(title + strlen(title), sizeof title - strlen(title), "%s", words[rnd(13)]);
    for (int c = 0; c < 4; c++) {
        r->chain[c] = rnd(3) == 0;
        for (int k = 0; k < (r->chain[c] ? 1 + (rnd(4) == 0) : 0); k++)   /* twice at times */
            snprintf(ch + strlen(ch), sizeof ch - strlen(ch), "%s\"%s\"", *ch ? "," : "",
                     chains[c]);
    }
    r->zone = rnd(4) - 1;
    r->org = rnd(6);
    r->trl = rnd(10);
    r->modes = rnd(64);
    for (int m = 0; m < 6; m++)
        if (r->modes >> m & 1)
            snprintf(md + strlen(md), sizeof md - strlen(md), "%s\"%s\"", *md ? "," : "",
                     modes[m]);
    if (r->zone >= 0)
        snprintf(extra, sizeof extra, ",\"zone\":\"%s\"", zones[r->zone]);
    if (r->trl)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ",\"trl\":%d", r->trl);
    int n = snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"a-%04d\",\"org\":"
                     "\"o%d\",\"title\":\"%s\",\"chains\":[%s],\"modes\":[%s],\"published\":"
                     "\"2026-03-%02d\"%s}", i, r->org, title, ch, md, 1 + rnd(28), extra);
    assert_true(n > 0 && (size_t)n < sizeof json);
    put_json(ix, json);
    r->live = 1;
}

static match_index *store_of(rrec *v)
{
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    for (int i = 0; i < NR; i++)
        make(ix, v, i);
    match_index_finish(ix, 1);
    for (int k = 0; k < NR / 6; k++) {   /* replaced and removed records */
        int i = rnd(NR);
        if (rnd(3) == 0) {
            char key[16];
            snprintf(key, sizeof key, "a-%04d", i);
            match_index_remove(ix, MODEL_ACHIEVEMENT, key);
            v[i].live = 0;
        } else {
            make(ix, v, i);
        }
    }
    return ix;
}

/* A filter: c chain (-1 none), z zone (-1), o org (-1), m mode bit (0 none), trl range. */
typedef struct flt { int c, z, o, m, lo, hi; } flt;

static int passes(const rrec *r, const flt *f)
{
    return (f->c < 0 || r->chain[f->c]) && (f->z < 0 || r->zone == f->z) &&
           (f->o < 0 || r->org == f->o) && (!f->m || (r->modes & f->m)) &&
           (!(f->lo || f->hi) || (r->trl && r->trl >= (f->lo ? f->lo : 1) &&
                                  r->trl <= (f->hi ? f->hi : 9)));
}

static void apply(match_index *ix, match_query *q, const flt *f)
{
    const char *ch[1], *org[1];
    char ob[24];
    match_filter mf = { .trl_min = f->lo, .trl_max = f->hi, .modes = (unsigned)f->m };
    if (f->c >= 0) { ch[0] = chains[f->c]; mf.chains = ch; mf.nchains = 1; }
    if (f->z >= 0)
        mf.zone = zones[f->z];
    if (f->o >= 0) {
        snprintf(ob, sizeof ob, "o%d", f->o);
        org[0] = ob; mf.orgs = org; mf.norgs = 1; mf.by_orgs = 1;
    }
    qiao_err e = {0};
    assert_int_equal(match_query_filter(ix, q, &mf, &e), 0);
}

/* Counts by hand: every facet of the records in `in`. */
typedef struct ref { size_t total, trl[10], modes[6], chain[4], zone[3], org[6], no_zone; } ref;

static void ref_add(ref *x, const rrec *r)
{
    x->total++;
    x->trl[r->trl]++;
    for (int m = 0; m < 6; m++)
        x->modes[m] += r->modes >> m & 1;
    for (int c = 0; c < 4; c++)
        x->chain[c] += r->chain[c] != 0;   /* once a record, however often named */
    if (r->zone >= 0)
        x->zone[r->zone]++;
    else
        x->no_zone++;
    x->org[r->org]++;
}

static int idx_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    fail_msg("unknown value %s", s);
    return -1;
}

/* f equals x on the facets of dims (1 trl, 2 modes, 4 chains, 8 zones, 16 orgs). */
static void same(const match_facets *f, const ref *x, unsigned dims)
{
    assert_int_equal(f->total, x->total);
    for (int t = 0; t < 10 && (dims & 1); t++)
        assert_int_equal(f->trl[t], x->trl[t]);
    for (int m = 0; m < 6 && (dims & 2); m++)
        assert_int_equal(f->modes[m], x->modes[m]);
    if (dims & 4) {
        size_t k = 0;
        for (int c = 0; c < 4; c++)
            k += x->chain[c] > 0;
        assert_int_equal(f->nchains, k);
        for (size_t i = 0; i < f->nchains; i++)
            assert_int_equal(f->chains[i].n, x->chain[idx_of(chains, 4, f->chains[i].value)]);
    }
    if (dims & 8) {
        assert_int_equal(f->no_zone, x->no_zone);
        for (size_t i = 0; i < f->nzones; i++)
            assert_int_equal(f->zones[i].n, x->zone[idx_of(zones, 3, f->zones[i].value)]);
    }
    if (dims & 16) {
        size_t sum = 0;
        for (size_t i = 0; i < f->norgs; i++) {
            assert_int_equal(f->orgs[i].n, x->org[f->orgs[i].value[1] - '0']);
            sum += f->orgs[i].n;
        }
        assert_int_equal(sum, x->total);
    }
}

static const char *const queries[] = { "芯片 材料", "电池", "\"射频\" 系统", "传感器 -封装",
                                       "催化 膜分离 算法", "系统", "土壤 修复 导航 芯片" };

static flt random_filter(void)
{
    flt f = { rnd(5) - 1, rnd(3) == 0 ? rnd(3) : -1, rnd(4) == 0 ? rnd(6) : -1,
              rnd(4) == 0 ? 1 << rnd(6) : 0, 0, 0 };
    if (rnd(3) == 0) {
        f.lo = 1 + rnd(5);
        f.hi = f.lo + rnd(5);
    }
    return f;
}

static void ranking_and_counts_equal_reference(void **st)
{
    (void)st;
    static rrec v[NR];
    match_index *ix = store_of(v);
    qiao_err e = {0};
    for (int round = 0; round < 120; round++) {
        const char *qs = queries[round % (sizeof queries / sizeof *queries)];
        flt f = random_filter();
        match_query *all, *q;
        assert_int_equal(match_query_parse(ix, qs, strlen(qs), &all, &e), 0);
        if (round % 2)                 /* a copy of the parsed text filters as a new parse */
            q = match_query_copy(all);
        else
            assert_int_equal(match_query_parse(ix, qs, strlen(qs), &q, &e), 0);
        apply(ix, q, &f);
        match_hits full = {0}, top = {0};
        size_t k = 1 + (size_t)rnd(30);
        assert_int_equal(match_search(ix, all, MODEL_ACHIEVEMENT, NR, &full, &e), 0);
        assert_int_equal(match_search(ix, q, MODEL_ACHIEVEMENT, k, &top, &e), 0);
        ref x = {0};
        size_t n = 0;
        for (size_t i = 0; i < full.n; i++) {
            const rrec *r = &v[atoi(full.v[i].key + 2)];
            assert_true(r->live);
            if (!passes(r, &f))
                continue;
            if (n < k) {               /* the same hits, order and scores */
                assert_true(n < top.n);
                assert_string_equal(top.v[n].key, full.v[i].key);
                assert_true(top.v[n].score == full.v[i].score);
                assert_true(top.v[n].text == full.v[i].text);
                assert_memory_equal(top.v[n].factor, full.v[i].factor, sizeof top.v[n].factor);
            }
            n++;
            ref_add(&x, r);
        }
        assert_int_equal(top.n, n < k ? n : k);
        match_facets fc;
        assert_int_equal(match_facets_count(ix, q, MODEL_ACHIEVEMENT, &fc, &e), 0);
        same(&fc, &x, 31);
        match_facets_free(&fc);
        /* a list's facets: each group's own facet counted without it */
        flt gs[4] = { { f.c, -1, -1, 0, 0, 0 }, { -1, f.z, -1, 0, 0, 0 },
                      { -1, -1, f.o, 0, 0, 0 }, { -1, -1, -1, 0, f.lo, f.hi } };
        unsigned gd[4] = { 4, 8, 16, 1 };
        match_query *g[4], *base;
        size_t ng = 0;
        int gi[4];
        for (int i = 0; i < 4; i++) {
            if (!(i == 0 ? f.c >= 0 : i == 1 ? f.z >= 0 : i == 2 ? f.o >= 0 : f.lo || f.hi))
                continue;
            assert_int_equal(match_query_all(&g[ng], &e), 0);
            apply(ix, g[ng], &gs[i]);
            gi[ng++] = i;
        }
        assert_int_equal(match_query_parse(ix, qs, strlen(qs), &base, &e), 0);
        flt mf = { -1, -1, -1, f.m, 0, 0 };
        apply(ix, base, &mf);
        match_facets fa, fw[4];
        assert_int_equal(match_facets_multi(ix, base, MODEL_ACHIEVEMENT,
                                            (const match_query *const *)g, ng, &fa, fw, &e), 0);
        same(&fa, &x, 31);
        for (size_t j = 0; j < ng; j++) {
            ref y = {0};
            for (size_t i = 0; i < full.n; i++) {
                const rrec *r = &v[atoi(full.v[i].key + 2)];
                int ok = passes(r, &mf);
                for (size_t o = 0; o < ng && ok; o++)
                    ok = o == j || passes(r, &gs[gi[o]]);
                if (ok)
                    ref_add(&y, r);
            }
            same(&fw[j], &y, gd[gi[j]]);
            match_facets_free(&fw[j]);
            match_query_free(g[j]);
        }
        match_facets_free(&fa);
        match_query_free(base);
        match_hits_free(&full);
        match_hits_free(&top);
        match_query_free(all);
        match_query_free(q);
    }
    match_index_free(ix);
}

/* A record naming a chain twice counts once in that chain's count. */
static void chain_named_twice_counts_once(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    put_json(ix, "{\"kind\":\"achievement\",\"id\":\"a-1\",\"org\":\"o\",\"title\":\"射频芯片\","
                 "\"chains\":[\"集成电路\",\"集成电路\"]}");
    put_json(ix, "{\"kind\":\"achievement\",\"id\":\"a-2\",\"org\":\"o\",\"title\":\"芯片封装\","
                 "\"chains\":[\"集成电路\"]}");
    match_index_finish(ix, 1);
    for (int text = 0; text < 2; text++) {
        match_query *q;
        if (text)
            assert_int_equal(match_query_parse(ix, "芯片", strlen("芯片"), &q, &e), 0);
        else
            assert_int_equal(match_query_all(&q, &e), 0);
        match_facets fc, fa;
        assert_int_equal(match_facets_count(ix, q, MODEL_ACHIEVEMENT, &fc, &e), 0);
        assert_int_equal(fc.total, 2);
        assert_int_equal(fc.nchains, 1);
        assert_int_equal(fc.chains[0].n, 2);
        assert_int_equal(match_facets_multi(ix, q, MODEL_ACHIEVEMENT, NULL, 0, &fa, NULL, &e), 0);
        assert_int_equal(fa.nchains, 1);
        assert_int_equal(fa.chains[0].n, 2);
        match_facets_free(&fc);
        match_facets_free(&fa);
        match_query_free(q);
    }
    match_index_free(ix);
}

/* The bitmap counts facets use (fvals.c: popcount chosen at run time, the
 * vector one 8 words at a time, the words of a sparse set alone) against
 * counting bit by bit: bitmaps of every density, lengths off the vector's
 * 8 words, value lists with and without a bitmap. */
static void bitmap_counts_equal_bit_by_bit(void **st)
{
    (void)st;
    enum { MAXW = 70 };
    uint64_t x[MAXW], b[MAXW];
    uint32_t nz[MAXW], docs[MAXW * 64];
    for (int round = 0; round < 400; round++) {
        size_t nw = 1 + (size_t)rnd(MAXW), nb = 1 + (size_t)rnd((int)nw);
        int dx = rnd(5), db = rnd(5);  /* density: 0 = no bits, 4 = about half */
        size_t want_pop = 0, want_and = 0, want_nz = 0, nd = 0;
        for (size_t w = 0; w < nw; w++) {
            x[w] = b[w] = 0;
            for (int i = 0; i < 64; i++) {
                if (dx && rnd(1 << (5 - dx)) == 0)
                    x[w] |= (uint64_t)1 << i;
                if (w < nb && db && rnd(1 << (5 - db)) == 0)
                    b[w] |= (uint64_t)1 << i;
            }
            want_nz += x[w] != 0;
            for (int i = 0; i < 64; i++) {
                want_pop += (x[w] >> i) & 1;
                want_and += (x[w] >> i) & (b[w] >> i) & 1;
                if ((b[w] >> i) & 1)
                    docs[nd++] = (uint32_t)(w * 64 + (size_t)i);
            }
        }
        assert_int_equal(mx_and_count(x, NULL, nw), want_pop);
        assert_int_equal(mx_and_count(x, b, nw), want_and);
        size_t nnz = mx_nonzero(x, nw, nz);
        assert_int_equal(nnz, want_nz);
        for (size_t i = 0; i < nnz; i++)
            assert_true(x[nz[i]] != 0 && (i == 0 || nz[i] > nz[i - 1]));
        mx_dlist with = { docs, (uint32_t)nd, (uint32_t)nd, (uint32_t)nb, b };
        mx_dlist without = { docs, (uint32_t)nd, (uint32_t)nd, 0, NULL };
        assert_int_equal(mx_dlist_count(&with, x, nw), want_and);
        assert_int_equal(mx_dlist_count(&without, x, nw), want_and);
        assert_int_equal(mx_dlist_count_nz(&with, x, nz, nnz), want_and);
        assert_int_equal(mx_dlist_count_nz(&without, x, nz, nnz), want_and);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chain_named_twice_counts_once),
        cmocka_unit_test(bitmap_counts_equal_bit_by_bit),
        cmocka_unit_test(ranking_and_counts_equal_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
