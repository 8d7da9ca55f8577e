/* stats/load.c — reads the store into the compact tables stats_compute
 * works on: one pass over each kind, references resolved to indexes, zones
 * and chains interned and inherited as stats.h describes. */
#include <stdlib.h>
#include <string.h>

#include "project/project.h"
#include "stats/internal.h"

/* ---- arena and string map ---- */

typedef struct st_blk {
    struct st_blk *next;
    size_t used, cap;
    max_align_t data[];
} st_blk;

void *st_alloc(st_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->used + n > a->head->cap) {
        size_t cap = n > 65536 ? n : 65536;
        st_blk *b = qiao_malloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

char *st_dup(st_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(st_alloc(a, n), s, n);
}

void st_arena_free(st_arena *a)
{
    for (st_blk *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

int st_map_get(const st_map *m, const char *k)
{
    if (!m->cap || !k)
        return -1;
    for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->k[i])
            return -1;
        if (strcmp(m->k[i], k) == 0)
            return m->v[i];
    }
}

/* Adds k -> v unless k is there; returns the value k has. */
int st_map_put(st_map *m, st_arena *a, const char *k, int v)
{
    if (2 * (m->n + 1) > m->cap) {
        st_map old = *m;
        m->cap = m->cap ? 2 * m->cap : 64;
        m->k = qiao_calloc(m->cap, sizeof *m->k);
        m->v = qiao_calloc(m->cap, sizeof *m->v);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.k[i])
                st_map_put(m, NULL, old.k[i], old.v[i]);
        free(old.k);
        free(old.v);
    }
    size_t i = hash(k) & (m->cap - 1);
    for (; m->k[i]; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->k[i], k) == 0)
            return m->v[i];
    m->k[i] = a ? st_dup(a, k) : k;
    m->v[i] = v;
    m->n++;
    return v;
}

void st_map_free(st_map *m)
{
    free(m->k);
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* ---- tags ---- */

static int intern(st_ctx *c, st_tagset *t, const char *name)
{
    int id = st_map_put(&t->map, &c->arena, name, (int)t->n);
    if (id == (int)t->n) {
        if (t->n == t->cap) {
            t->cap = t->cap ? 2 * t->cap : 16;
            t->names = qiao_realloc(t->names, t->cap * sizeof *t->names);
        }
        t->names[t->n++] = st_map_key(&t->map, name);
    }
    return id;
}

const char *st_map_key(const st_map *m, const char *k)
{
    for (size_t i = hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->k[i], k) == 0)
            return m->k[i];
}

static st_ids ids_of_list(st_ctx *c, st_tagset *t, const json_t *arr)
{
    st_ids r = {NULL, 0};
    size_t n = json_array_size(arr), i;
    if (!n)
        return r;
    r.v = st_alloc(&c->arena, n * sizeof *r.v);
    json_t *x;
    json_array_foreach(arr, i, x)
        r.v[r.n++] = intern(c, t, json_string_value(x));
    return r;
}

static st_ids ids_one(st_ctx *c, st_tagset *t, const char *name)
{
    st_ids r = {NULL, 0};
    if (name && *name) {
        r.v = st_alloc(&c->arena, sizeof *r.v);
        r.v[r.n++] = intern(c, t, name);
    }
    return r;
}

int st_has(st_ids s, int id)
{
    for (int i = 0; i < s.n; i++)
        if (s.v[i] == id)
            return 1;
    return 0;
}

/* a ∪ b (a's order first). */
static st_ids ids_union(st_ctx *c, st_ids a, st_ids b)
{
    if (!b.n)
        return a;
    if (!a.n)
        return b;
    st_ids r = {st_alloc(&c->arena, (size_t)(a.n + b.n) * sizeof *r.v), 0};
    for (int i = 0; i < a.n; i++)
        if (!st_has(r, a.v[i]))
            r.v[r.n++] = a.v[i];
    for (int i = 0; i < b.n; i++)
        if (!st_has(r, b.v[i]))
            r.v[r.n++] = b.v[i];
    return r;
}

/* ---- loading ---- */

#define GROW(arr, n, cap)                                                      \
    do {                                                                        \
        if ((n) == (cap)) {                                                     \
            (cap) = (cap) ? 2 * (cap) : 64;                                     \
            (arr) = qiao_realloc((arr), (cap) * sizeof *(arr));                 \
        }                                                                       \
    } while (0)

static void day_of_field(const model_record *r, const char *field, char day[11])
{
    int64_t t;
    day[0] = '\0';
    const char *s = model_str(r, field);
    if (*s && project_time_parse(s, &t, day) < 0)
        day[0] = '\0';
}

static int index_of(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static const char *const org_types[] = {"university", "institute", "platform", "team",
    "enterprise", "investor", "service", "government", "park", NULL};
static const char *const event_types[] = {"release", "park_visit", "salon",
    "school_enterprise", "roadshow", "other", NULL};
static const char *const roles[] = {"scientist", "expert", "tech_manager", "entrepreneur",
    "investor", "staff", NULL};

const char *stats_org_type_name(int i)
{
    return i >= 0 && i < STATS_NORG_TYPES ? org_types[i] : "?";
}

const char *stats_event_type_name(int i)
{
    return i >= 0 && i < STATS_NEVENT_TYPES ? event_types[i] : "?";
}

static const char **str_list(st_ctx *c, const json_t *arr, int *n)
{
    size_t i, len = json_array_size(arr);
    const char **v = len ? st_alloc(&c->arena, len * sizeof *v) : NULL;
    json_t *x;
    json_array_foreach(arr, i, x)
        v[i] = st_dup(&c->arena, json_string_value(x));
    *n = (int)len;
    return v;
}

static int scan_org(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->orgs, c->norgs, c->corgs);
    st_org *o = &c->orgs[c->norgs];
    memset(o, 0, sizeof *o);
    o->type = index_of(org_types, model_str(r, "type"));
    o->zones = ids_one(c, &c->zones, model_str(r, "zone"));
    o->chains = ids_of_list(c, &c->chains, json_object_get(r->doc, "chains"));
    o->external = json_is_true(json_object_get(r->doc, "external"));
    day_of_field(r, "founded", o->founded);
    o->founders = str_list(c, json_object_get(r->doc, "founders"), &o->nfounders);
    st_map_put(&c->org_m, &c->arena, r->key, (int)c->norgs++);
    return 0;
}

static int scan_person(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->persons, c->npersons, c->cpersons);
    st_person *p = &c->persons[c->npersons];
    p->org = st_map_get(&c->org_m, model_str(r, "org"));
    p->roles = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->doc, "roles"), i, x) {
        int k = index_of(roles, json_string_value(x));
        if (k >= 0)
            p->roles |= 1u << k;
    }
    st_map_put(&c->person_m, &c->arena, r->key, (int)c->npersons++);
    return 0;
}

static void item_load(st_ctx *c, const model_record *r, st_item *it)
{
    it->org = st_map_get(&c->org_m, model_str(r, "org"));
    const st_org *o = it->org >= 0 ? &c->orgs[it->org] : NULL;
    it->zones = ids_one(c, &c->zones, model_str(r, "zone"));
    if (!it->zones.n && o)
        it->zones = o->zones;
    it->chains = ids_of_list(c, &c->chains, json_object_get(r->doc, "chains"));
    if (!it->chains.n && o)
        it->chains = o->chains;
    day_of_field(r, "published", it->day);
    it->key = st_dup(&c->arena, r->key);
}

static int scan_achievement(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->achs, c->nachs, c->cachs);
    st_item *it = &c->achs[c->nachs];
    item_load(c, r, it);
    it->published = model_is_matchable(r);   /* status published (withdrawn: no longer) */
    it->open = it->published;
    st_map_put(&c->ach_m, &c->arena, r->key, (int)c->nachs++);
    return 0;
}

static int scan_demand(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->dems, c->ndems, c->cdems);
    st_item *it = &c->dems[c->ndems];
    item_load(c, r, it);
    it->open = model_is_matchable(r);
    it->published = model_is_public(r);       /* open or closed, not a draft */
    st_map_put(&c->dem_m, &c->arena, r->key, (int)c->ndems++);
    return 0;
}

/* The zones of a party: an org's, or a person's org's. */
static const st_org *party_org(const st_ctx *c, const char *id)
{
    int o = st_map_get(&c->org_m, id);
    if (o < 0) {
        int p = st_map_get(&c->person_m, id);
        o = p >= 0 ? c->persons[p].org : -1;
    }
    return o >= 0 ? &c->orgs[o] : NULL;
}

static int scan_event(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->events, c->nevents, c->cevents);
    st_event *ev = &c->events[c->nevents];
    memset(ev, 0, sizeof *ev);
    ev->type = index_of(event_types, model_str(r, "type"));
    if (project_time_parse(model_str(r, "starts"), &ev->starts, ev->day) < 0)
        ev->starts = INT64_MAX;
    st_ids oz = {NULL, 0}, oc = {NULL, 0};
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r->doc, "organisers"), i, x) {
        const st_org *o = party_org(c, json_string_value(x));
        if (o) {
            oz = ids_union(c, oz, o->zones);
            oc = ids_union(c, oc, o->chains);
        }
    }
    ev->zones = oz;
    ev->chains = ids_of_list(c, &c->chains, json_object_get(r->doc, "chains"));
    if (!ev->chains.n)
        ev->chains = oc;
    st_map_put(&c->event_m, &c->arena, r->key, (int)c->nevents++);
    return 0;
}

static int scan_registration(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->regs, c->nregs, c->cregs);
    st_reg *g = &c->regs[c->nregs++];
    g->event = st_map_get(&c->event_m, model_str(r, "event"));
    const char *who = model_str(r, "who");
    g->org = st_map_get(&c->org_m, who);
    g->person = g->org >= 0 ? -1 : st_map_get(&c->person_m, who);
    return 0;
}

static int scan_meeting(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->mrs, c->nmrs, c->cmrs);
    st_mr *m = &c->mrs[c->nmrs++];
    m->event = st_map_get(&c->event_m, model_str(r, "event"));
    m->accepted = strcmp(model_str(r, "status"), "accepted") == 0;
    m->slotted = json_is_integer(json_object_get(r->doc, "slot"));
    return 0;
}

static int scan_project(const model_record *r, void *ud)
{
    st_ctx *c = ud;
    GROW(c->projs, c->nprojs, c->cprojs);
    st_proj *p = &c->projs[c->nprojs];
    memset(p, 0, sizeof *p);
    p->ach = st_map_get(&c->ach_m, model_str(r, "achievement"));
    p->dem = st_map_get(&c->dem_m, model_str(r, "demand"));
    p->event = st_map_get(&c->event_m, model_str(r, "event"));
    p->reached_signed = project_reached_signed(r);
    p->has_mode = *model_str(r, "mode") != '\0';
    p->amount = model_int(r, "amount", 0);
    day_of_field(r, "signed_on", p->signed_on);
    p->parties = str_list(c, json_object_get(r->doc, "parties"), &p->nparties);
    p->brokers = str_list(c, json_object_get(r->doc, "brokers"), &p->nbrokers);
    /* zones and chains: achievement and demand, else event, else parties */
    st_ids z = {NULL, 0}, ch = {NULL, 0};
    if (p->ach >= 0) {
        z = c->achs[p->ach].zones;
        ch = c->achs[p->ach].chains;
    }
    if (p->dem >= 0) {
        z = ids_union(c, z, c->dems[p->dem].zones);
        ch = ids_union(c, ch, c->dems[p->dem].chains);
    }
    if (p->event >= 0) {
        if (!z.n)
            z = c->events[p->event].zones;
        if (!ch.n)
            ch = c->events[p->event].chains;
    }
    if (!z.n || !ch.n) {
        st_ids pz = {NULL, 0}, pc = {NULL, 0};
        for (int i = 0; i < p->nparties; i++) {
            const st_org *o = party_org(c, p->parties[i]);
            if (o) {
                pz = ids_union(c, pz, o->zones);
                pc = ids_union(c, pc, o->chains);
            }
        }
        if (!z.n)
            z = pz;
        if (!ch.n)
            ch = pc;
    }
    p->zones = z;
    p->chains = ch;
    st_map_put(&c->proj_m, &c->arena, r->key, (int)c->nprojs++);
    return 0;
}

static int scan_history(const store_history *h, void *ud)
{
    st_ctx *c = ud;
    int i = st_map_get(&c->proj_m, h->project);
    int64_t t;
    if (i >= 0 && !*h->from && !c->projs[i].start[0])
        project_time_parse(h->at, &t, c->projs[i].start);
    return 0;
}

int st_load(st_ctx *c, store *s, qiao_err *e)
{
    static const store_scan_fn fns[MODEL_KIND_COUNT] = {scan_org, scan_person,
        scan_achievement, scan_demand, scan_event, scan_registration, scan_meeting,
        scan_project};
    for (int k = 0; k < MODEL_KIND_COUNT; k++) {
        int rc = store_scan(s, (model_kind)k, fns[k], c, e);
        if (rc)
            return rc;
    }
    int rc = store_history_scan(s, NULL, scan_history, c, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->nprojs; i++) {
        st_proj *p = &c->projs[i];
        p->has_start_entry = p->start[0] != '\0';
        if (!p->start[0] && p->event >= 0)
            memcpy(p->start, c->events[p->event].day, sizeof p->start);
    }
    return 0;
}

void st_ctx_free(st_ctx *c)
{
    free(c->orgs);
    free(c->persons);
    free(c->achs);
    free(c->dems);
    free(c->events);
    free(c->regs);
    free(c->mrs);
    free(c->projs);
    free(c->zones.names);
    free(c->chains.names);
    st_map *maps[] = {&c->org_m, &c->person_m, &c->ach_m, &c->dem_m, &c->event_m,
                      &c->proj_m, &c->zones.map, &c->chains.map};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        st_map_free(maps[i]);
    st_arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}
