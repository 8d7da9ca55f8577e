/* web/facets.c — the facets of lists (app.h "web_facets"): counts of the
 * values of TRL, industry chain, zone, transfer mode, org type and org over
 * every record a list matches, with Chinese labels, as JSON for the API.
 *
 * Achievements and demands are counted by the match index (match_facets_count,
 * over every hit of a query, or every public record when browsing); people
 * and orgs, of which there are a few thousand at most, by reading the
 * matching records from the store. Orgs' names and types come from a cache
 * of every org (refreshed after ORG_TTL seconds, or at once when an org is
 * saved through the web), so that counting by org type costs no store read. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/text.h"
#include "web/pages.h"

#define ORG_TTL 10
#define MAX_VALUES 60              /* values shown per facet (the most frequent) */

typedef struct org_info { char *key, *name, *type; } org_info;
typedef struct org_snap {
    org_info *v;                   /* sorted by key */
    size_t n;
    _Atomic int refs;
} org_snap;
typedef struct web_org_cache {
    pthread_mutex_t lock;
    org_snap *cur;
    time_t at;
} web_org_cache;

static void snap_release(org_snap *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].key);
        free(s->v[i].name);
        free(s->v[i].type);
    }
    free(s->v);
    free(s);
}

static int cmp_org(const void *a, const void *b)
{
    return strcmp(((const org_info *)a)->key, ((const org_info *)b)->key);
}

typedef struct snap_fill { org_snap *s; size_t cap; } snap_fill;

static int org_one(const model_record *r, void *ud)
{
    snap_fill *f = ud;
    if (f->s->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->s->v = qiao_realloc(f->s->v, f->cap * sizeof *f->s->v);
    }
    f->s->v[f->s->n++] = (org_info){ qiao_strdup(r->key), qiao_strdup(model_str(r, "name")),
                                     qiao_strdup(model_str(r, "type")) };
    return 0;
}

static org_snap *snap_load(web_req *rq)
{
    org_snap *s = qiao_calloc(1, sizeof *s);
    atomic_init(&s->refs, 1);
    snap_fill f = { s, 0 };
    store_filter none = {0};
    for (int64_t off = 0;; off += 10000) {   /* store_list pages by at most 10,000 */
        size_t before = s->n;
        if (store_list(web_w(rq)->st, MODEL_ORG, &none, &(store_sort){ "id", 0 }, off, 10000,
                       org_one, &f, NULL, NULL) < 0 || s->n - before < 10000)
            break;
    }
    if (s->n > 0)                  /* s->v may be NULL when empty */
        qsort(s->v, s->n, sizeof *s->v, cmp_org);
    return s;
}

/* The orgs now (a reference: snap_release). */
static org_snap *orgs_get(web_req *rq)
{
    web_app *app = rq->cfg->app;
    if (!app)
        return snap_load(rq);
    if (!app->ocache)
        return snap_load(rq);
    web_org_cache *c = app->ocache;
    time_t now = time(NULL);
    pthread_mutex_lock(&c->lock);
    org_snap *s = c->cur && now - c->at < ORG_TTL ? c->cur : NULL;
    if (s)
        atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&c->lock);
    if (s)
        return s;
    s = snap_load(rq);                 /* outside the lock; two loads at once are harmless */
    atomic_fetch_add(&s->refs, 1);
    pthread_mutex_lock(&c->lock);
    org_snap *old = c->cur;
    c->cur = s;
    c->at = now;
    pthread_mutex_unlock(&c->lock);
    snap_release(old);
    return s;
}

void web_orgs_changed(web_app *app)
{
    if (!app || !app->ocache)
        return;
    pthread_mutex_lock(&app->ocache->lock);
    app->ocache->at = 0;
    pthread_mutex_unlock(&app->ocache->lock);
    index_invalidate(app->idx);        /* cached searches may hold its old name or type */
}

void web_org_cache_new(web_app *app)
{
    app->ocache = qiao_calloc(1, sizeof *app->ocache);
    pthread_mutex_init(&app->ocache->lock, NULL);
}

void web_org_cache_free(web_app *app)
{
    if (!app->ocache)
        return;
    snap_release(app->ocache->cur);
    pthread_mutex_destroy(&app->ocache->lock);
    free(app->ocache);
    app->ocache = NULL;
}

static const org_info *org_find(const org_snap *s, const char *key)
{
    org_info k = { (char *)key, NULL, NULL };
    return s->n ? bsearch(&k, s->v, s->n, sizeof *s->v, cmp_org) : NULL;
}

char **web_orgs_of_type(web_req *rq, const char *type, size_t *n)
{
    org_snap *s = orgs_get(rq);
    char **v = qiao_calloc(s->n ? s->n : 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].type, type) == 0)
            v[(*n)++] = qiao_strdup(s->v[i].key);
    snap_release(s);
    return v;
}

void web_strings_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

char *web_org_label(web_req *rq, const char *key)
{
    org_snap *s = orgs_get(rq);
    const org_info *o = org_find(s, key);
    char *r = qiao_strdup(o && *o->name ? o->name : key);
    snap_release(s);
    return r;
}

/* ---- building facets ---- */

static web_facet *facet_add(web_facets *fs, const char *name, const char *label)
{
    web_facet *f = &fs->f[fs->nf++];
    *f = (web_facet){ name, label, NULL, 0 };
    return f;
}

static void value_add(web_facet *f, const char *value, const char *label, size_t n)
{
    if ((f->n & (f->n - 1)) == 0)      /* room for 1, 2, 4, 8 ... values */
        f->v = qiao_realloc(f->v, (f->n ? f->n * 2 : 1) * sizeof *f->v);
    f->v[f->n++] = (web_facet_value){ qiao_strdup(value), qiao_strdup(label), n };
}

static int cmp_value(const void *a, const void *b)
{
    const web_facet_value *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->value, y->value);
}

static void facet_sort(web_facet *f)
{
    if (f->n > 0)                  /* f->v may be NULL when empty */
        qsort(f->v, f->n, sizeof *f->v, cmp_value);
    while (f->n > MAX_VALUES) {
        f->n--;
        free(f->v[f->n].value);
        free(f->v[f->n].label);
    }
}

static void trl_facet(web_facets *fs, const size_t trl[10], model_kind k)
{
    web_facet *f = facet_add(fs, "trl", k == MODEL_DEMAND ? "要求的技术成熟度" : "技术成熟度");
    for (int t = 1; t <= 9; t++)
        if (trl[t]) {
            char v[12], l[24];
            snprintf(v, sizeof v, "%d", t);
            snprintf(l, sizeof l, "%d 级", t);
            value_add(f, v, l, trl[t]);
        }
}

static void modes_facet(web_facets *fs, const size_t modes[MATCH_NMODES])
{
    static const char *const names[] = { "self", "assign", "license", "cooperate", "equity",
                                         "other" };
    web_facet *f = facet_add(fs, "mode", "转化方式");
    for (int m = 0; m < MATCH_NMODES; m++)
        if (modes[m])
            value_add(f, names[m], web_value_label(names[m]), modes[m]);
    facet_sort(f);
}

static void names_facet(web_facets *fs, const char *name, const char *label,
                        const match_count *v, size_t n)
{
    web_facet *f = facet_add(fs, name, label);
    for (size_t i = 0; i < n; i++)
        value_add(f, v[i].value, v[i].value, v[i].n);
    facet_sort(f);
}

/* org and org_type facets from counts per org key */
static void org_facets(web_req *rq, web_facets *fs, const match_count *v, size_t n)
{
    org_snap *s = orgs_get(rq);
    web_facet *ft = facet_add(fs, "org_type", "单位类型");
    web_facet *fo = facet_add(fs, "org", "单位");
    for (size_t i = 0; i < n; i++) {
        const org_info *o = org_find(s, v[i].value);
        value_add(fo, v[i].value, o && *o->name ? o->name : v[i].value, v[i].n);
        if (!o || !*o->type)
            continue;
        size_t j = 0;
        while (j < ft->n && strcmp(ft->v[j].value, o->type) != 0)
            j++;
        if (j < ft->n)
            ft->v[j].n += v[i].n;
        else
            value_add(ft, o->type, web_org_type_label(o->type), v[i].n);
    }
    facet_sort(ft);
    facet_sort(fo);
    snap_release(s);
}

/* The facets of mf: every one, or (only) the one of that name (org and
 * org_type come together). */
static web_facets *facets_build(web_req *rq, model_kind k, const match_facets *mf,
                                const char *only)
{
#define WANT(n) (!only || strcmp(only, n) == 0)
    web_facets *fs = qiao_calloc(1, sizeof *fs);
    fs->total = mf->total;
    if (k != MODEL_PERSON && WANT("trl"))
        trl_facet(fs, mf->trl, k);
    if (k != MODEL_PERSON && WANT("chain"))
        names_facet(fs, "chain", "产业链", mf->chains, mf->nchains);
    if (WANT("zone"))
        names_facet(fs, "zone", "知识经济圈", mf->zones, mf->nzones);
    if (k != MODEL_PERSON && WANT("mode"))
        modes_facet(fs, mf->modes);
    if (WANT("org") || WANT("org_type"))
        org_facets(rq, fs, mf->orgs, mf->norgs);
#undef WANT
    return fs;
}

web_facets *web_facets_of_hits(web_req *rq, model_kind k, const match_facets *mf)
{
    return facets_build(rq, k, mf, NULL);
}

/* ---- a list's facets, each chosen one without its own filter ---- */

static bool has(const char *s)
{
    return s && *s;
}

int web_facets_of_list(web_req *rq, match_index *ix, const web_list_query *lq,
                       match_query *parsed, web_facets **out, qiao_err *e)
{
    /* the facets a list filters by, in the order its filters are ANDed in */
    static const char *const names[] = { "chain", "zone", "org", "mode", "trl", "org_type" };
    match_query *q = NULL, *g[6] = {0};
    const char *name[6];
    match_facets all = {0}, without[6];
    size_t ng = 0, norgs = 0;
    char **orgs = NULL;
    *out = NULL;
    int rc = parsed ? (q = parsed, 0)
             : has(lq->q) ? match_query_parse(ix, lq->q, strlen(lq->q), &q, e)
                          : match_query_all(&q, e);
    for (size_t i = 0; rc == 0 && i < sizeof names / sizeof *names; i++) {
        match_filter f = {0};
        const char *one[1];
        switch (i) {
        case 0: if (!has(lq->chain)) continue;
            one[0] = lq->chain; f.chains = one; f.nchains = 1; break;
        case 1: if (!has(lq->zone)) continue;
            f.zone = lq->zone; break;
        case 2: if (!has(lq->org)) continue;
            one[0] = lq->org; f.orgs = one; f.norgs = 1; f.by_orgs = 1; break;
        case 3: {
            if (!has(lq->mode)) continue;
            int m = match_mode_of(lq->mode);
            if (m < 0) {
                rc = qiao_field_errf(e, QIAO_EINVAL, "mode", "unknown transfer mode '%s'; modes "
                                     "are self, assign, license, cooperate, equity, other",
                                     lq->mode);
                continue;
            }
            f.modes = 1u << m;
            break;
        }
        case 4: if (!lq->trl_min && !lq->trl_max) continue;
            f.trl_min = lq->trl_min; f.trl_max = lq->trl_max; break;
        default: if (!has(lq->org_type)) continue;
            orgs = web_orgs_of_type(rq, lq->org_type, &norgs);
            f.orgs = (const char *const *)orgs; f.norgs = norgs; f.by_orgs = 1; break;
        }
        name[ng] = names[i];
        if ((rc = match_query_all(&g[ng], e)) == 0)
            rc = match_query_filter(ix, g[ng], &f, e);
        ng++;
    }
    if (rc == 0)
        rc = match_facets_multi(ix, q, lq->kind, (const match_query *const *)g, ng, &all,
                                without, e);
    if (rc == 0) {
        web_facets *fs = web_facets_of_hits(rq, lq->kind, &all);
        for (size_t i = 0; i < ng; i++) {   /* facet name[i]: counted without its filter */
            web_facets *other = facets_build(rq, lq->kind, &without[i], name[i]);
            for (size_t a = 0; a < fs->nf; a++)
                for (size_t b = 0; b < other->nf; b++)
                    if (strcmp(fs->f[a].name, name[i]) == 0 &&
                        strcmp(other->f[b].name, name[i]) == 0) {
                        web_facet t = fs->f[a];
                        fs->f[a] = other->f[b];
                        other->f[b] = t;
                    }
            web_facets_free(other);
            match_facets_free(&without[i]);
        }
        match_facets_free(&all);
        *out = fs;
    }
    for (size_t i = 0; i < ng; i++)
        match_query_free(g[i]);
    match_query_free(q);
    web_strings_free(orgs, norgs);
    return rc;
}

/* ---- counting records read from the store (people, orgs) ---- */
typedef struct strs { char **v; size_t n, cap; } strs;
static void strs_add(strs *s, const char *v)
{
    if (!v || !*v)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = qiao_realloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = qiao_strdup(v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* counts of each distinct string of s, as match_counts (owned) */
static match_count *strs_counts(strs *s, size_t *n)
{
    if (s->n > 0)                  /* s->v may be NULL when empty */
        qsort(s->v, s->n, sizeof *s->v, cmp_str);
    match_count *c = qiao_calloc(s->n ? s->n : 1, sizeof *c);
    *n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (*n && strcmp(c[*n - 1].value, s->v[i]) == 0) {
            c[*n - 1].n++;
            free(s->v[i]);
        } else {
            c[(*n)++] = (match_count){ s->v[i], 1 };
        }
    }
    free(s->v);
    return c;
}

typedef struct scount {
    model_kind k;
    match_facets mf;
    strs chains, zones, orgs;
} scount;

static int count_one(const model_record *r, void *ud)
{
    scount *c = ud;
    c->mf.total++;
    const json_t *t = json_object_get(r->doc, r->kind == MODEL_DEMAND ? "trl_min" : "trl");
    json_int_t tv = json_is_integer(t) ? json_integer_value(t) : 0;
    c->mf.trl[tv >= 1 && tv <= 9 ? tv : 0]++;
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r->doc, "modes"), i, v) {
        int m = match_mode_of(json_string_value(v));
        if (m >= 0)
            c->mf.modes[m]++;
    }
    const json_t *cs = json_object_get(r->doc, "chains");
    json_array_foreach(cs, i, v) {     /* a chain named twice counts once */
        size_t j = 0;
        while (j < i && !json_equal(json_array_get(cs, j), (json_t *)v))
            j++;
        if (j == i)
            strs_add(&c->chains, json_string_value(v));
    }
    strs_add(&c->zones, model_str(r, "zone"));
    strs_add(&c->orgs, r->kind == MODEL_ORG ? r->key : model_str(r, "org"));
    return 0;
}

int web_facets_of_store(web_req *rq, model_kind k, const store_filter *f, web_facets **out,
                        qiao_err *e)
{
    scount c = { .k = k };
    int rc = 0;
    for (int64_t off = 0; rc == 0; off += 10000) {
        size_t before = c.mf.total;
        rc = store_list(web_w(rq)->st, k, f, &(store_sort){ "id", 0 }, off, 10000, count_one, &c,
                        NULL, e);
        if (c.mf.total - before < 10000)
            break;
    }
    match_facets *mf = &c.mf;
    mf->chains = strs_counts(&c.chains, &mf->nchains);
    mf->zones = strs_counts(&c.zones, &mf->nzones);
    mf->orgs = strs_counts(&c.orgs, &mf->norgs);
    *out = NULL;
    if (rc == 0) {
        web_facets *fs = qiao_calloc(1, sizeof *fs);
        fs->total = mf->total;
        if (k == MODEL_ORG) {
            names_facet(fs, "zone", "知识经济圈", mf->zones, mf->nzones);
            names_facet(fs, "chain", "产业链", mf->chains, mf->nchains);
            org_facets(rq, fs, mf->orgs, mf->norgs);
            web_facet *fo = &fs->f[--fs->nf];  /* an org list needs no facet of orgs */
            for (size_t i = 0; i < fo->n; i++) {
                free(fo->v[i].value);
                free(fo->v[i].label);
            }
            free(fo->v);
        } else {
            web_facets *h = web_facets_of_hits(rq, k, mf);
            fs->total = h->total;
            free(fs);
            fs = h;
        }
        *out = fs;
    }
    match_facets_free(mf);
    return rc;
}

void web_facets_free(web_facets *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->nf; i++) {
        for (size_t j = 0; j < fs->f[i].n; j++) {
            free(fs->f[i].v[j].value);
            free(fs->f[i].v[j].label);
        }
        free(fs->f[i].v);
    }
    free(fs);
}

web_facets *web_facets_copy(const web_facets *fs)
{
    web_facets *c = qiao_calloc(1, sizeof *c);
    *c = *fs;
    for (size_t i = 0; i < fs->nf; i++) {
        c->f[i].v = qiao_calloc(fs->f[i].n ? fs->f[i].n : 1, sizeof *c->f[i].v);
        for (size_t j = 0; j < fs->f[i].n; j++)
            c->f[i].v[j] = (web_facet_value){ qiao_strdup(fs->f[i].v[j].value),
                                              qiao_strdup(fs->f[i].v[j].label), fs->f[i].v[j].n };
    }
    return c;
}

size_t web_facets_bytes(const web_facets *fs)
{
    size_t n = sizeof *fs;
    for (size_t i = 0; i < fs->nf; i++)
        for (size_t j = 0; j < fs->f[i].n; j++)
            n += sizeof(web_facet_value) + strlen(fs->f[i].v[j].value) +
                 strlen(fs->f[i].v[j].label) + 2;
    return n;
}

json_t *web_facets_json(const web_facets *fs)
{
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)fs->total));
    for (size_t i = 0; i < fs->nf; i++) {
        json_t *a = json_array();
        for (size_t j = 0; j < fs->f[i].n; j++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "value", fs->f[i].v[j].value,
                                               "label", fs->f[i].v[j].label, "count",
                                               (json_int_t)fs->f[i].v[j].n));
        json_object_set_new(o, fs->f[i].name, a);
    }
    return o;
}

void web_facets_dump(const web_facets *fs, buf *b)
{
    buf_printf(b, "{\"total\":%lld", (long long)fs->total);
    for (size_t i = 0; i < fs->nf; i++) {
        buf_putc(b, ',');
        model_json_put_string(b, fs->f[i].name, strlen(fs->f[i].name));
        buf_puts(b, ":[");
        for (size_t j = 0; j < fs->f[i].n; j++) {
            const web_facet_value *v = &fs->f[i].v[j];
            buf_puts(b, j ? ",{\"value\":" : "{\"value\":");
            model_json_put_string(b, v->value, strlen(v->value));
            buf_puts(b, ",\"label\":");
            model_json_put_string(b, v->label, strlen(v->label));
            buf_printf(b, ",\"count\":%lld}", (long long)v->n);
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}
