/* event/suggest.c — whom to meet: the participant's achievements, demands and
 * expertise matched (match/) against the other confirmed participants'
 * records, aggregated per party, each with its reasons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/internal.h"
#include "interest/interest.h"
#include "match/match.h"
#include "text/text.h"

#define HITS_PER_QUERY 200
#define MAX_REASONS 3

typedef struct cand {
    char who[MODEL_KEY_MAX];
    event_reason *r;
    size_t n, cap;
} cand;

typedef struct sctx {
    store *s;
    match_index *ix;
    const char *event, *who;
    char who_org[MODEL_KEY_MAX];
    ev_list regs, reqs, profile;   /* profile: who's own records */
    cand *c;
    size_t nc;
} sctx;

static const char *title_of(const model_record *r)
{
    return model_str(r, r->kind == MODEL_PERSON ? "name" : "title");
}

static int live(const model_record *r)
{
    return model_is_matchable(r);
}

static int has_item(const model_record *r, const char *field, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, field), i, v)
        if (strcmp(json_string_value(v), id) == 0)
            return 1;
    return 0;
}

/* who's records: their achievements, their org's demands, themself. */
static int add_profile(const model_record *r, void *ud)
{
    sctx *c = ud;
    int mine = 0;
    if (!live(r))
        return 0;
    if (r->kind == MODEL_ACHIEVEMENT)
        mine = has_item(r, "owners", c->who) || strcmp(model_str(r, "org"), c->who) == 0;
    else if (r->kind == MODEL_DEMAND)
        mine = strcmp(model_str(r, "org"), c->who) == 0 ||
               (*c->who_org && strcmp(model_str(r, "org"), c->who_org) == 0);
    if (!mine)
        return 0;
    ev_list *l = &c->profile;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = qiao_realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = *r;
    l->v[l->n].doc = json_deep_copy(r->doc);
    l->n++;
    return 0;
}

static const model_record *registration_of(const sctx *c, const char *id)
{
    for (size_t i = 0; i < c->regs.n; i++)
        if (strcmp(model_str(&c->regs.v[i], "who"), id) == 0)
            return &c->regs.v[i];
    return NULL;
}

/* A party that may be suggested to who. */
static int eligible(const sctx *c, const char *id)
{
    const model_record *reg = registration_of(c, id);
    if (!reg || ev_waitlisted(reg) || strcmp(id, c->who) == 0)
        return 0;
    char org[MODEL_KEY_MAX];
    ev_party_org(c->s, id, org);
    if ((*c->who_org && (strcmp(id, c->who_org) == 0 || strcmp(org, c->who_org) == 0)) ||
        strcmp(org, c->who) == 0)
        return 0;   /* a colleague */
    for (size_t i = 0; i < c->reqs.n; i++) {
        const model_record *m = &c->reqs.v[i];
        const char *f = model_str(m, "from"), *t = model_str(m, "to"), *st = model_str(m, "status");
        if (!((strcmp(f, c->who) == 0 && strcmp(t, id) == 0) ||
              (strcmp(t, c->who) == 0 && strcmp(f, id) == 0)))
            continue;
        if (!*st || strcmp(st, "pending") == 0 || strcmp(st, "accepted") == 0 ||
            strcmp(st, "declined") == 0)
            return 0;
    }
    return 1;
}

static char *label(const model_record *r)
{
    buf b = {0};
    if (r->kind == MODEL_PERSON)
        buf_printf(&b, "expertise of %s", title_of(r));
    else
        buf_printf(&b, "%s 《%s》", model_kind_name(r->kind), title_of(r));
    return buf_steal(&b);
}

/* The shared whole words (match_reason_words: no fragments, stopwords or
 * boilerplate) and the structured factors that helped. */
static char *why(const match_reasons *mine, const model_record *theirs,
                 const match_explanation *x)
{
    buf b = {0};
    match_words w;
    if (mine && match_reason_words(mine, theirs, x, 5, &w, NULL) == 0)
        for (size_t i = 0; i < w.n; i++)
            buf_printf(&b, "%s%s", i ? "、" : "", w.v[i].text);
    match_words_free(&w);
    for (int f = 0; f < MATCH_NFACTORS; f++) {
        const char *name = match_factor_name(f), *d = x->factor_detail[f];
        if (x->factor_share[f] <= 0 || !d[0])
            continue;
        buf_puts(&b, b.len ? "; " : "");
        if (strncmp(d, name, strlen(name)) != 0)
            buf_printf(&b, "%s ", name);
        buf_puts(&b, d);
    }
    return buf_steal(&b);
}

static cand *cand_of(sctx *c, const char *who)
{
    for (size_t i = 0; i < c->nc; i++)
        if (strcmp(c->c[i].who, who) == 0)
            return &c->c[i];
    c->c = qiao_realloc(c->c, (c->nc + 1) * sizeof *c->c);
    cand *k = &c->c[c->nc++];
    memset(k, 0, sizeof *k);
    snprintf(k->who, sizeof k->who, "%s", who);
    return k;
}

static void add_reason(sctx *c, const char *who, const model_record *mine,
                       const match_reasons *words, const model_record *theirs,
                       const match_explanation *x, float score, int level)
{
    cand *k = cand_of(c, who);
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 4;
        k->r = qiao_realloc(k->r, k->cap * sizeof *k->r);
    }
    k->r[k->n++] = (event_reason){label(mine), label(theirs), why(words, theirs, x), score, level};
}

/* The parties behind a hit: an achievement's owners and org, a demand's org
 * and its people, a person themself. */
static void hit_parties(sctx *c, const model_record *hit, const char **out, size_t *n,
                        size_t cap)
{
    *n = 0;
    if (hit->kind == MODEL_PERSON) {
        out[(*n)++] = hit->key;
        return;
    }
    const char *org = model_str(hit, "org");
    if (*org)
        out[(*n)++] = org;
    size_t i;
    json_t *v;
    if (hit->kind == MODEL_ACHIEVEMENT)
        json_array_foreach(json_object_get(hit->doc, "owners"), i, v)
            if (*n < cap)
                out[(*n)++] = json_string_value(v);
    if (hit->kind == MODEL_DEMAND)
        for (i = 0; i < c->regs.n && *n < cap; i++) {
            char o[MODEL_KEY_MAX];
            const char *w = model_str(&c->regs.v[i], "who");
            ev_party_org(c->s, w, o);
            if (*org && strcmp(o, org) == 0)
                out[(*n)++] = w;
        }
}

static int match_one(sctx *c, const model_record *mine, model_kind target, qiao_err *e)
{
    match_query *q = NULL;
    match_hits hits = {0};
    int rc = match_query_from_record(c->ix, mine, &q, e);
    if (rc == 0)
        rc = interest_search_for(c->ix, c->s, *c->who_org ? c->who_org : c->who, q, target,
                                 HITS_PER_QUERY, &hits, e);
    float self = 0;                    /* the base of the pairs' match levels */
    if (rc == 0 && hits.n && match_self_score(c->ix, q, mine, target, &self, NULL) < 0)
        self = 0;
    match_reasons *words = NULL;       /* mine's words, for the reasons */
    if (rc == 0 && hits.n && match_reasons_new(mine, &words, NULL) < 0)
        words = NULL;
    for (size_t i = 0; rc == 0 && i < hits.n; i++) {
        model_record hit;
        if (store_get(c->s, hits.v[i].kind, hits.v[i].key, &hit, e) < 0)
            continue;
        const char *parties[64];
        size_t np;
        hit_parties(c, &hit, parties, &np, 64);
        match_explanation x;
        int explained = 0;
        for (size_t p = 0; p < np; p++) {
            int dup = 0;
            for (size_t k = 0; k < p; k++)
                dup |= strcmp(parties[k], parties[p]) == 0;
            if (dup || !eligible(c, parties[p]))
                continue;
            if (!explained && match_explain(c->ix, q, &hit, &hits.v[i], &x, e) < 0)
                break;
            explained = 1;
            add_reason(c, parties[p], mine, words, &hit, &x, hits.v[i].score,
                       match_level(hits.v[i].score, self));
        }
        if (explained)
            match_explanation_free(&x);
        model_record_clear(&hit);
    }
    match_reasons_free(words);
    match_hits_free(&hits);
    match_query_free(q);
    return rc;
}

static int cmp_reason(const void *x, const void *y)
{
    const event_reason *a = x, *b = y;
    return a->score > b->score ? -1 : a->score < b->score ? 1 : strcmp(a->theirs, b->theirs);
}

static int cmp_sugg(const void *x, const void *y)
{
    const event_suggestion *a = x, *b = y;
    return a->score > b->score ? -1 : a->score < b->score ? 1 : strcmp(a->who, b->who);
}

static void free_reason(event_reason *r)
{
    free(r->mine);
    free(r->theirs);
    free(r->why);
}

int event_suggest(store *s, match_index *ix, const event_actor *a, const char *event,
                  const char *who, size_t top, event_suggestions *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    sctx c = {.s = s, .ix = ix, .event = event, .who = who};
    model_record ev = {0}, self = {0};
    int rc = ev_load(s, event, &ev, e);
    if (rc)
        return rc;
    if (!who || !*who) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "who", "who: give the participant to suggest for");
        goto out;
    }
    if ((rc = event_actor_speaks_for(s, a, who, "who", e)) ||
        (rc = ev_list_of(s, MODEL_REGISTRATION, ev.key, &c.regs, e)) ||
        (rc = ev_list_of(s, MODEL_MEETING_REQUEST, ev.key, &c.reqs, e)))
        goto out;
    const model_record *reg = registration_of(&c, who);
    if (!reg || ev_waitlisted(reg)) {
        rc = qiao_field_errf(e, reg ? QIAO_ECONFLICT : QIAO_ENOTFOUND, "who", "who: %s is %s "
                             "event %s; suggestions are for confirmed participants", who,
                             reg ? "on the waiting list of" : "not registered for", ev.key);
        goto out;
    }
    if (!c.ix) {                          /* the caller's index service has none */
        rc = qiao_errf(e, QIAO_EIO, "suggestions need the search index, which is not "
                       "available (see the log)");
        goto out;
    }
    ev_party_org(s, who, c.who_org);
    if ((rc = store_scan(s, MODEL_ACHIEVEMENT, add_profile, &c, e)) ||
        (rc = store_scan(s, MODEL_DEMAND, add_profile, &c, e)))
        goto out;
    for (size_t i = 0; rc == 0 && i < c.profile.n; i++) {
        const model_record *r = &c.profile.v[i];
        if (r->kind == MODEL_ACHIEVEMENT) {
            rc = match_one(&c, r, MODEL_DEMAND, e);
        } else {
            rc = match_one(&c, r, MODEL_ACHIEVEMENT, e);
            if (rc == 0)
                rc = match_one(&c, r, MODEL_PERSON, e);
        }
    }
    if (rc == 0 && store_get(s, MODEL_PERSON, who, &self, e) == 0 &&
        (*model_str(&self, "expertise") || json_object_get(self.doc, "keywords")))
        rc = match_one(&c, &self, MODEL_DEMAND, e);
    for (size_t i = 0; rc == 0 && i < c.nc; i++) {
        cand *k = &c.c[i];
        if (k->n > 1)
            qsort(k->r, k->n, sizeof *k->r, cmp_reason);
        float score = 0;
        int level = 0;
        for (size_t j = 0; j < k->n; j++) {
            score += j ? k->r[j].score / 10 : k->r[j].score;
            level = k->r[j].level > level ? k->r[j].level : level;
        }
        for (size_t j = MAX_REASONS; j < k->n; j++)
            free_reason(&k->r[j]);
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 8;
            out->v = qiao_realloc(out->v, out->cap * sizeof *out->v);
        }
        event_suggestion *sg = &out->v[out->n++];
        memset(sg, 0, sizeof *sg);
        snprintf(sg->who, sizeof sg->who, "%s", k->who);
        buf name = {0};
        ev_party_name(s, k->who, &name);
        sg->name = buf_steal(&name);
        sg->score = score;
        sg->level = level;
        sg->reasons = k->r;
        sg->nreasons = k->n < MAX_REASONS ? k->n : MAX_REASONS;
        k->r = NULL;
        k->n = 0;
    }
    if (rc == 0) {
        if (out->n > 1)
            qsort(out->v, out->n, sizeof *out->v, cmp_sugg);
        while (top && out->n > top) {
            event_suggestion *sg = &out->v[--out->n];
            for (size_t j = 0; j < sg->nreasons; j++)
                free_reason(&sg->reasons[j]);
            free(sg->reasons);
            free(sg->name);
        }
    }
out:
    if (rc)
        event_suggestions_free(out);
    for (size_t i = 0; i < c.nc; i++) {
        for (size_t j = 0; j < c.c[i].n; j++)
            free_reason(&c.c[i].r[j]);
        free(c.c[i].r);
    }
    free(c.c);
    ev_list_free(&c.regs);
    ev_list_free(&c.reqs);
    ev_list_free(&c.profile);
    model_record_clear(&ev);
    model_record_clear(&self);
    return rc;
}

void event_suggestions_free(event_suggestions *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t j = 0; j < l->v[i].nreasons; j++)
            free_reason(&l->v[i].reasons[j]);
        free(l->v[i].reasons);
        free(l->v[i].name);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

void event_suggestions_render(const event_suggestions *l, const char *event, const char *who,
                              int json, buf *out)
{
    if (!json) {
        if (!l->n)
            buf_printf(out, "no suggestions for %s at event %s\n", who, event);
        for (size_t i = 0; i < l->n; i++) {
            const event_suggestion *sg = &l->v[i];
            buf_printf(out, "%2zu. %s %s  %.3f  level %d (%s)\n", i + 1, sg->who, sg->name,
                       (double)sg->score, sg->level, match_level_label(sg->level));
            for (size_t j = 0; j < sg->nreasons; j++)
                buf_printf(out, "    your %s ↔ their %s: %s\n", sg->reasons[j].mine,
                           sg->reasons[j].theirs, sg->reasons[j].why);
        }
        return;
    }
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "event", json_string(event));
    json_object_set_new(root, "who", json_string(who));
    for (size_t i = 0; i < l->n; i++) {
        const event_suggestion *sg = &l->v[i];
        json_t *j = json_object(), *rs = json_array();
        json_object_set_new(j, "who", json_string(sg->who));
        json_object_set_new(j, "name", json_string(sg->name));
        json_object_set_new(j, "score", json_real((double)sg->score));
        json_object_set_new(j, "level", json_integer(sg->level));
        json_object_set_new(j, "level_label", json_string(match_level_label(sg->level)));
        for (size_t k = 0; k < sg->nreasons; k++) {
            json_t *r = json_object();
            json_object_set_new(r, "mine", json_string(sg->reasons[k].mine));
            json_object_set_new(r, "theirs", json_string(sg->reasons[k].theirs));
            json_object_set_new(r, "why", json_string(sg->reasons[k].why));
            json_object_set_new(r, "score", json_real((double)sg->reasons[k].score));
            json_object_set_new(r, "level", json_integer(sg->reasons[k].level));
            json_array_append_new(rs, r);
        }
        json_object_set_new(j, "reasons", rs);
        json_array_append_new(arr, j);
    }
    json_object_set_new(root, "suggestions", arr);
    char *txt = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(5));
    buf_puts(out, txt);
    buf_putc(out, '\n');
    free(txt);
    json_decref(root);
}
