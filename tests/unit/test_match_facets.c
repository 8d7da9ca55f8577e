/* tests/unit/test_match_facets.c — filters as bitmaps of the docs by facet
 * value (match/fvals.c) and a list's facets in one pass
 * (match_facets_multi): on a randomized index, through updates, removals,
 * a compaction and a snapshot reload, the filtered hits and every facet
 * count equal a straightforward count over the test's own records. */
#include <unistd.h>

#include "testutil.h"

#include "match/match.h"
#include "text/text.h"

#define N 500
static const char *const words[] = { "射频", "芯片", "电池", "材料", "土壤", "修复",
                                     "导航", "系统" };
static const char *const chains[] = { "集成电路", "新能源", "生物医药", "人工智能" };
static const char *const zones[] = { "东区", "西区", "南区" };
static const char *const modes[] = { "self", "assign", "license", "cooperate", "equity",
                                     "other" };
#define NORG 7

typedef struct frec { int live, w[3], chain[4], zone, org, trl, modes; } frec;
static frec v[N];
static unsigned seed = 4242;
static int rnd(int n)
{
    seed = seed * 1103515245u + 12345u;
    return (int)((seed >> 16) % (unsigned)n);
}

static void put_rec(match_index *ix, int i)
{
    frec *r = &v[i];
    char cs[128] = "", ms[96] = "", extra[96] = "", json[1024];
    for (int k = 0; k < 3; k++)
        r->w[k] = rnd(8);
    for (int c = 0; c < 4; c++)
        if ((r->chain[c] = rnd(3) == 0))
            snprintf(cs + strlen(cs), sizeof cs - strlen(cs), "%s\"%s\"", *cs ? "," : "",
                     chains[c]);
    r->zone = rnd(4) - 1;
    r->org = rnd(NORG);                /* required */
    r->trl = rnd(10);
    r->modes = rnd(64);
    for (int m = 0; m < 6; m++)
        if (r->modes >> m & 1)
            snprintf(ms + strlen(ms), sizeof ms - strlen(ms), "%s\"%s\"", *ms ? "," : "",
                     modes[m]);
    if (r->zone >= 0)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ",\"zone\":\"%s\"",
                 zones[r->zone]);
    if (r->org >= 0)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ",\"org\":\"o%d\"",
                 r->org);
    if (r->trl)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ",\"trl\":%d", r->trl);
    int n = snprintf(json, sizeof json, "{\"kind\":\"achievement\",\"id\":\"a-%03d\",\"title\":"
                     "\"%s%s%s\",\"chains\":[%s],\"modes\":[%s]%s}", i, words[r->w[0]],
                     words[r->w[1]], words[r->w[2]], cs, ms, extra);
    assert_true(n > 0 && (size_t)n < sizeof json);
    json_error_t je;
    json_t *j = json_loads(json, 0, &je);
    assert_non_null(j);
    model_record rec;
    model_errors errs = {0};
    if (model_from_json(j, &rec, &errs) < 0)
        fail_msg("%s: %s %s", json, errs.n ? errs.v[0].field : "?", errs.n ? errs.v[0].reason : "?");
    qiao_err e = {0};
    assert_int_equal(match_index_put(ix, &rec, &e), 0);
    model_record_clear(&rec);
    model_errors_clear(&errs);
    json_decref(j);
    r->live = 1;
}

/* A filter group: one dimension each, values drawn at random. */
typedef struct grp {
    int kind;                          /* 0 chains, 1 zone, 2 orgs, 3 modes, 4 trl */
    int ch[2], nch, zone, orgs[3], norgs, modes, lo, hi;
} grp;

static void grp_draw(grp *g, int kind)
{
    memset(g, 0, sizeof *g);
    g->kind = kind;
    switch (kind) {
    case 0:
        g->nch = 1 + rnd(2);
        g->ch[0] = rnd(4);
        g->ch[1] = (g->ch[0] + 1 + rnd(3)) % 4;
        break;
    case 1: g->zone = rnd(3); break;
    case 2:
        g->norgs = 1 + rnd(3);
        for (int i = 0; i < g->norgs; i++)
            g->orgs[i] = rnd(NORG + 1);   /* NORG: an org no record has */
        break;
    case 3: g->modes = 1 + rnd(63); break;
    default:
        g->lo = rnd(10);
        g->hi = g->lo + rnd(10 - g->lo);
        if (g->hi == 0)
            g->hi = 9;
    }
}

static int grp_pass(const grp *g, const frec *r)
{
    switch (g->kind) {
    case 0:
        for (int i = 0; i < g->nch; i++)
            if (!r->chain[g->ch[i]])
                return 0;
        return 1;
    case 1: return r->zone == g->zone;
    case 2:
        for (int i = 0; i < g->norgs; i++)
            if (r->org == g->orgs[i])
                return 1;
        return 0;
    case 3: return (r->modes & g->modes) != 0;
    default:
        return (g->lo <= 1 && g->hi >= 9) || (r->trl && r->trl >= g->lo && r->trl <= g->hi);
    }
}

static void grp_query(match_index *ix, const grp *g, match_query **out)
{
    qiao_err e = {0};
    char on[3][16];
    const char *cv[2], *ov[3];
    match_filter f = {0};
    switch (g->kind) {
    case 0:
        for (int i = 0; i < g->nch; i++)
            cv[i] = chains[g->ch[i]];
        f.chains = cv;
        f.nchains = (size_t)g->nch;
        break;
    case 1: f.zone = zones[g->zone]; break;
    case 2:
        for (int i = 0; i < g->norgs; i++) {
            snprintf(on[i], sizeof on[i], "o%d", g->orgs[i]);
            ov[i] = on[i];
        }
        f.orgs = ov;
        f.norgs = (size_t)g->norgs;
        f.by_orgs = 1;
        break;
    case 3: f.modes = (unsigned)g->modes; break;
    default: f.trl_min = g->lo; f.trl_max = g->hi;
    }
    assert_int_equal(match_query_all(out, &e), 0);
    assert_int_equal(match_query_filter(ix, *out, &f, &e), 0);
}

static void check_rest(const match_facets *fc, size_t total, const size_t trl[10],
                       const size_t md[6], const size_t ch[4], const size_t zn[3],
                       const size_t og[NORG], size_t nozone, size_t noorg);

/* The facets of the records whose `pass` is set, counted by hand: the
 * total, and the facets of kind `only` (grp.kind), or all (-1). */
static void check_facets(const match_facets *fc, const int *pass, int only)
{
    size_t total = 0, trl[10] = {0}, md[6] = {0}, ch[4] = {0}, zn[3] = {0}, og[NORG] = {0},
           nozone = 0, noorg = 0;
    for (int i = 0; i < N; i++) {
        if (!pass[i])
            continue;
        const frec *r = &v[i];
        total++;
        trl[r->trl]++;
        for (int m = 0; m < 6; m++)
            md[m] += r->modes >> m & 1;
        for (int c = 0; c < 4; c++)
            ch[c] += r->chain[c] != 0;
        if (r->zone >= 0)
            zn[r->zone]++;
        else
            nozone++;
        if (r->org >= 0)
            og[r->org]++;
        else
            noorg++;
    }
    assert_int_equal(fc->total, total);
    if (only >= 0) {                   /* that facet alone; the others empty */
        match_facets f = *fc;
        if (only != 0) {
            assert_int_equal(fc->nchains, 0);
            memset(ch, 0, sizeof ch);
        }
        if (only != 1) {
            assert_int_equal(fc->nzones + fc->no_zone, 0);
            memset(zn, 0, sizeof zn);
            nozone = f.no_zone = total;
        }
        if (only != 2) {
            assert_int_equal(fc->norgs + fc->no_org, 0);
            memset(og, 0, sizeof og);
            noorg = f.no_org = total;
        }
        if (only != 3)
            for (int m = 0; m < 6; m++) {
                assert_int_equal(fc->modes[m], 0);
                md[m] = 0;
            }
        if (only != 4)
            for (int t = 0; t < 10; t++) {
                assert_int_equal(fc->trl[t], 0);
                trl[t] = 0;
            }
        fc = &f;
        check_rest(fc, total, trl, md, ch, zn, og, nozone, noorg);
        return;
    }
    check_rest(fc, total, trl, md, ch, zn, og, nozone, noorg);
}

static void check_rest(const match_facets *fc, size_t total, const size_t trl[10],
                       const size_t md[6], const size_t ch[4], const size_t zn[3],
                       const size_t og[NORG], size_t nozone, size_t noorg)
{
    assert_int_equal(fc->no_zone, nozone);
    assert_int_equal(fc->no_org, noorg);
    for (int t = 0; t < 10; t++)
        assert_int_equal(fc->trl[t], trl[t]);
    for (int m = 0; m < 6; m++)
        assert_int_equal(fc->modes[m], md[m]);
    size_t seen = 0;
    for (size_t i = 0; i < fc->nchains; i++)
        for (int c = 0; c < 4; c++)
            if (strcmp(fc->chains[i].value, chains[c]) == 0) {
                assert_int_equal(fc->chains[i].n, ch[c]);
                seen++;
            }
    assert_int_equal(seen, fc->nchains);
    for (int c = 0; c < 4; c++)
        seen -= ch[c] > 0;
    assert_int_equal(seen, 0);
    for (size_t i = 0; i < fc->nzones; i++)
        for (int z = 0; z < 3; z++)
            if (strcmp(fc->zones[i].value, zones[z]) == 0)
                assert_int_equal(fc->zones[i].n, zn[z]);
    size_t sum = nozone;
    for (size_t i = 0; i < fc->nzones; i++)
        sum += fc->zones[i].n;
    assert_int_equal(sum, total);
    sum = noorg;
    for (size_t i = 0; i < fc->norgs; i++) {
        assert_int_equal(fc->orgs[i].n, og[atoi(fc->orgs[i].value + 1)]);
        assert_true(i == 0 || fc->orgs[i].n <= fc->orgs[i - 1].n);
        sum += fc->orgs[i].n;
    }
    assert_int_equal(sum, total);
}

/* Whether record i holds a word of query text qi (words[qi], words[qi+1]). */
static int holds(int i, int qi, int browse)
{
    if (browse)
        return 1;
    for (int k = 0; k < 3; k++)
        if (v[i].w[k] == qi || v[i].w[k] == qi + 1)
            return 1;
    return 0;
}

static void check_round(match_index *ix, int rounds)
{
    qiao_err e = {0};
    for (int round = 0; round < rounds; round++) {
        int qi = rnd(7), browse = rnd(4) == 0;
        char text[64];
        snprintf(text, sizeof text, "%s %s", words[qi], words[qi + 1]);
        grp gs[5];
        match_query *gq[5];
        int ng = 0, used = 0;
        for (int k = rnd(5) + 1; k > 0; k--) {
            int kind = rnd(5);
            if (used >> kind & 1)
                continue;
            used |= 1 << kind;
            grp_draw(&gs[ng], kind);
            grp_query(ix, &gs[ng], &gq[ng]);
            ng++;
        }
        match_query *q;
        if (browse)
            assert_int_equal(match_query_all(&q, &e), 0);
        else
            assert_int_equal(match_query_parse(ix, text, strlen(text), &q, &e), 0);
        match_facets all, without[5];
        assert_int_equal(match_facets_multi(ix, q, MODEL_ACHIEVEMENT,
                                            (const match_query *const *)gq, (size_t)ng, &all,
                                            without, &e), 0);
        int pass[N];
        for (int i = 0; i < N; i++) {
            pass[i] = v[i].live && holds(i, qi, browse);
            for (int g = 0; g < ng; g++)
                pass[i] = pass[i] && grp_pass(&gs[g], &v[i]);
        }
        check_facets(&all, pass, -1);
        /* the same through the merged query: match_facets_count and ranking */
        match_query *mq;
        if (browse)
            assert_int_equal(match_query_all(&mq, &e), 0);
        else
            assert_int_equal(match_query_parse(ix, text, strlen(text), &mq, &e), 0);
        for (int g = 0; g < ng; g++) {
            char on[3][16];
            const char *cv[2], *ov[3];
            match_filter f = {0};
            const grp *gg = &gs[g];
            if (gg->kind == 0) {
                for (int i = 0; i < gg->nch; i++)
                    cv[i] = chains[gg->ch[i]];
                f.chains = cv;
                f.nchains = (size_t)gg->nch;
            } else if (gg->kind == 1) {
                f.zone = zones[gg->zone];
            } else if (gg->kind == 2) {
                for (int i = 0; i < gg->norgs; i++) {
                    snprintf(on[i], sizeof on[i], "o%d", gg->orgs[i]);
                    ov[i] = on[i];
                }
                f.orgs = ov;
                f.norgs = (size_t)gg->norgs;
                f.by_orgs = 1;
            } else if (gg->kind == 3) {
                f.modes = (unsigned)gg->modes;
            } else {
                f.trl_min = gg->lo;
                f.trl_max = gg->hi;
            }
            assert_int_equal(match_query_filter(ix, mq, &f, &e), 0);
        }
        match_facets fc;
        assert_int_equal(match_facets_count(ix, mq, MODEL_ACHIEVEMENT, &fc, &e), 0);
        check_facets(&fc, pass, -1);
        match_facets_free(&fc);
        match_hits h = {0};
        assert_int_equal(match_search(ix, mq, MODEL_ACHIEVEMENT, N, &h, &e), 0);
        size_t npass = 0;
        for (int i = 0; i < N; i++)
            npass += pass[i] != 0;
        assert_int_equal(h.n, npass);
        for (size_t i = 0; i < h.n; i++)
            assert_true(pass[atoi(h.v[i].key + 2)]);
        match_hits_free(&h);
        match_query_free(mq);
        /* each group dropped alone */
        for (int g = 0; g < ng; g++) {
            int p2[N];
            for (int i = 0; i < N; i++) {
                p2[i] = v[i].live && holds(i, qi, browse);
                for (int o = 0; o < ng; o++)
                    if (o != g)
                        p2[i] = p2[i] && grp_pass(&gs[o], &v[i]);
            }
            /* its own facet; every facet when its filter does nothing */
            int own = gs[g].kind == 4 && gs[g].lo <= 1 && gs[g].hi >= 9 ? -1 : gs[g].kind;
            if (gs[g].kind == 2) {         /* only orgs no record holds: nothing passes */
                int known = 0;
                for (int i = 0; i < gs[g].norgs; i++)
                    known += gs[g].orgs[i] < NORG;
                own = known ? own : -1;
            }
            check_facets(&without[g], p2, own);
            match_facets_free(&without[g]);
        }
        match_facets_free(&all);
        match_query_free(q);
        for (int g = 0; g < ng; g++)
            match_query_free(gq[g]);
    }
}

static void facets_by_value_lists(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    match_index *ix;
    assert_int_equal(match_index_new(&ix, &e), 0);
    for (int i = 0; i < N; i++)
        put_rec(ix, i);
    match_index_finish(ix, 1);
    check_round(ix, 60);
    /* updates (new values, old doc dead) and removals, then enough
     * updates that the collection compacts (dead docs outnumber live) */
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 0; i < N; i++) {
            int op = rnd(6);
            if (op == 0) {
                char key[16];
                snprintf(key, sizeof key, "a-%03d", i);
                assert_int_equal(match_index_remove(ix, MODEL_ACHIEVEMENT, key), 0);
                v[i].live = 0;
            } else if (op < 4 || !v[i].live) {
                put_rec(ix, i);
            }
        }
        check_round(ix, 15);
    }
    /* a snapshot reloaded: the value lists rebuilt from the docs */
    char path[] = "/tmp/qiao-test-facets-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(match_index_save(ix, path, 7, "0123456789abcdef0123456789abcdef", &e), 0);
    match_index *ix2;
    assert_int_equal(match_index_new(&ix2, &e), 0);
    int64_t gen = 0;
    char uid[33];
    assert_int_equal(match_index_load(ix2, path, &gen, uid, &e), 0);
    unlink(path);
    check_round(ix2, 30);
    /* a mode in the query text and in a group: not merged here */
    match_query *q, *g;
    assert_int_equal(match_query_parse(ix2, "芯片 mode:license", strlen("芯片 mode:license"), &q,
                                       &e), 0);
    assert_int_equal(match_query_all(&g, &e), 0);
    assert_int_equal(match_query_filter(ix2, g, &(match_filter){ .modes = 1 }, &e), 0);
    match_facets all, w1[1];
    assert_int_equal(match_facets_multi(ix2, q, MODEL_ACHIEVEMENT, (const match_query *const *)&g,
                                        1, &all, w1, &e), 1);
    match_query_free(q);
    match_query_free(g);
    match_index_free(ix2);
    match_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(facets_by_value_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
