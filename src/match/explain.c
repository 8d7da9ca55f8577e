/* match/explain.c — why a record matched: the author's own words that
 * contributed, the field each was in, and each structured factor's share. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "match/internal.h"

static const char *const field_names[] = { "title", "keywords", "body" };
static const char *const factor_names[] = { "chains", "trl", "modes", "zone", "fresh" };

const char *match_field_name(int f)
{
    return f >= 0 && f < MATCH_NFIELDS ? field_names[f] : "?";
}

const char *match_factor_name(int x)
{
    return x >= 0 && x < MATCH_NFACTORS ? factor_names[x] : "?";
}

typedef struct occ {
    uint32_t qi;                 /* index in q->t */
    int field;
    uint32_t off, len;
} occ;

typedef struct ectx {
    match_index *ix;
    const match_query *q;
    occ *v;
    size_t n, cap;
    int field;
    /* the query's terms that count (weight above 0) by their text: a
     * record's tokens are looked up here, in a table of a few hundred
     * entries, instead of in the index's dictionary of every term (whose
     * misses were a third of an explanation at 10^5 records); a token is a
     * term of q exactly when the dictionary would give it q's term's id */
    uint32_t *slot;              /* index in q->t + 1, 0 empty */
    size_t mask;
} ectx;

static void qmap_build(ectx *c)
{
    size_t n = 16;
    while (n < 2 * c->q->nt)
        n *= 2;
    c->slot = qiao_calloc(n, sizeof *c->slot);
    c->mask = n - 1;
    for (size_t i = 0; i < c->q->nt; i++) {
        if (c->q->t[i].w <= 0)
            continue;
        const char *t = mx_dict_str(&c->ix->terms, c->q->t[i].term);
        size_t j = mx_hash(t, strlen(t)) & c->mask;
        while (c->slot[j])
            j = (j + 1) & c->mask;
        c->slot[j] = (uint32_t)i + 1;
    }
}

/* The index in q->t of the term whose text is s (len bytes), or -1. */
static int qmap_find(const ectx *c, const char *s, size_t len)
{
    for (size_t j = mx_hash(s, len) & c->mask; c->slot[j]; j = (j + 1) & c->mask) {
        const char *t = mx_dict_str(&c->ix->terms, c->q->t[c->slot[j] - 1].term);
        if (strncmp(t, s, len) == 0 && t[len] == '\0')   /* as the dictionary compares */
            return (int)c->slot[j] - 1;
    }
    return -1;
}

static uint32_t utf8_first_len(char c)
{
    unsigned char u = (unsigned char)c;
    return u < 0x80 ? 1 : u < 0xe0 ? 2 : u < 0xf0 ? 3 : 4;
}

static int e_tok(const mx_tok *t, void *ud)
{
    ectx *c = ud;
    int qi = qmap_find(c, t->term, t->len);
    if (qi < 0)
        return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = qiao_realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = (occ){ (uint32_t)qi, c->field, t->src_off, t->src_len };
    return 0;
}

static int cmp_occ(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    if (x->field != y->field)
        return x->field - y->field;
    return x->off < y->off ? -1 : x->off > y->off;
}

static int cmp_term(const void *a, const void *b)
{
    float x = ((const match_term *)a)->score, y = ((const match_term *)b)->score;
    return x > y ? -1 : x < y;
}

static void details(match_index *ix, const match_query *q, const model_record *doc,
                    const mx_doc *d, match_explanation *x)
{
    if (!q->has_meta)
        return;
    buf b = {0};
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(doc->doc, "chains"), i, v) {
        if (!json_is_string(v))
            continue;
        uint32_t id = mx_name_id(ix, json_string_value(v), json_string_length(v), 0);
        for (int j = 0; j < q->meta.nchains; j++)
            if (id != MX_NONE && q->meta.chain[j] == id) {
                if (b.len)
                    buf_puts(&b, ", ");
                buf_puts(&b, json_string_value(v));
            }
    }
    snprintf(x->factor_detail[MATCH_X_CHAINS], sizeof x->factor_detail[0], "%s", buf_cstr(&b));
    buf_free(&b);
    if (q->meta.trl && d->trl) {
        int qa = q->self_kind == MODEL_ACHIEVEMENT;
        int trl = qa ? q->meta.trl : d->trl, need = qa ? d->trl : q->meta.trl;
        x->trl = trl;
        x->trl_min = need;
        snprintf(x->factor_detail[MATCH_X_TRL], sizeof x->factor_detail[0],
                 "trl %d %s trl_min %d", trl, trl >= need ? ">=" : "<", need);
    }
    static const char *const modes[] = { "self", "assign", "license", "cooperate", "equity", "other" };
    unsigned shared = q->meta.modes & d->modes;
    x->modes_shared = q->meta.modes && d->modes ? shared : 0;
    if (q->meta.modes && d->modes) {
        char *p = x->factor_detail[MATCH_X_MODES];
        size_t cap = sizeof x->factor_detail[0], n = 0;
        p[0] = '\0';
        if (!shared)
            snprintf(p, cap, "no transfer mode in common");
        for (int m = 0; m < 6; m++)
            if (shared & (1u << m))
                n += (size_t)snprintf(p + n, n < cap ? cap - n : 0, "%s%s", n ? ", " : "", modes[m]);
    }
    if (q->meta.zone != MX_NONE && d->zone == q->meta.zone)
        snprintf(x->factor_detail[MATCH_X_ZONE], sizeof x->factor_detail[0], "%s",
                 json_string_value(json_object_get(doc->doc, "zone")));
}

int match_explain(match_index *ix, const match_query *q, const model_record *doc,
                  const match_hit *hit, match_explanation *x, qiao_err *e)
{
    memset(x, 0, sizeof *x);
    int ci = mx_coll_of(doc->kind);
    if (ci < 0)
        return qiao_errf(e, QIAO_EINVAL, "match: no explanation for a %s", model_kind_name(doc->kind));
    const mx_coll *c = &ix->coll[ci];
    uint32_t k = mx_dict_find(&c->keys, doc->key, strlen(doc->key));
    if (k == MX_NONE || c->keydoc[k] == MX_NONE)
        return qiao_errf(e, QIAO_ENOTFOUND, "match: %s %s is not in the index",
                         model_kind_name(doc->kind), doc->key);
    const mx_doc *d = &c->docs[c->keydoc[k]];
    match_query capped;                /* the terms the ranking used (search.c) */
    int own = mx_query_capped(ix, q, ci, &capped);
    if (own)
        q = &capped;
    mx_fields f;
    mx_fields_of(doc, &f);
    ectx ec = { .ix = ix, .q = q };
    qmap_build(&ec);
    text_tokens tt = {0};
    buf sc = {0};
    int rc = 0;
    for (int fi = 0; fi < MATCH_NFIELDS && rc == 0; fi++) {
        ec.field = fi;
        rc = mx_analyze(f.text[fi], f.len[fi], mx_field_words(fi), &tt, &sc, e_tok, &ec, e);
    }
    text_tokens_free(&tt);
    buf_free(&sc);
    if (rc < 0)
        goto out;
    /* per query term: tf per field, then its contribution split by field */
    float (*tf)[MATCH_NFIELDS] = qiao_calloc(q->nt ? q->nt : 1, sizeof *tf);
    for (size_t i = 0; i < ec.n; i++)
        tf[ec.v[i].qi][ec.v[i].field] += 1;
    float *per = qiao_calloc(ec.n ? ec.n : 1, sizeof *per);
    mx_lnorm ln;
    mx_lnorm_of(c, &ln);
    for (size_t i = 0; i < ec.n; i++) {
        uint32_t qi = ec.v[i].qi;
        int fi = ec.v[i].field;
        float t8[MATCH_NFIELDS];
        for (int g = 0; g < MATCH_NFIELDS; g++)    /* the index caps counts at 255 */
            t8[g] = tf[qi][g] > 255 ? 255 : tf[qi][g];
        float tfn = mx_tfn(c, d, t8);
        if (tfn <= 0)
            continue;
        float one[MATCH_NFIELDS] = {0};
        one[fi] = t8[fi];
        float share = mx_tfn(c, d, one) / tfn;
        float total = mx_score(q->t[qi].w * mx_idf(c, q->t[qi].term), &ln, c, c->keydoc[k], t8);
        per[i] = total * share / tf[qi][fi];
    }
    /* merge overlapping or touching spans of a field into runs */
    size_t *order = qiao_malloc((ec.n ? ec.n : 1) * sizeof *order);
    occ *sorted = qiao_malloc((ec.n ? ec.n : 1) * sizeof *sorted);
    for (size_t i = 0; i < ec.n; i++) {
        sorted[i] = ec.v[i];
        sorted[i].qi = (uint32_t)i;            /* now: index into per[] */
    }
    qsort(sorted, ec.n, sizeof *sorted, cmp_occ);
    x->terms = qiao_calloc(ec.n ? ec.n : 1, sizeof *x->terms);
    for (size_t i = 0; i < ec.n;) {
        int fi = sorted[i].field;
        uint32_t a = sorted[i].off, b = a + sorted[i].len;
        float s = 0;
        size_t start = i;
        int multi = 0;   /* the run's last piece spans two or more characters */
        /* overlapping pieces join; touching ones only when both are longer
         * than one character, so that lone matched characters stay apart */
        for (; i < ec.n && sorted[i].field == fi; i++) {
            const occ *o = &sorted[i];
            int m = o->len > utf8_first_len(f.text[fi][o->off]);
            if (!(o->off < b || (o->off == b && m && multi)) && i > start)
                break;
            if (o->off + o->len >= b)
                multi = o->off + o->len > b || m ? m : multi;
            if (o->off + o->len > b)
                b = o->off + o->len;
            s += per[o->qi];
        }
        match_term *t = &x->terms[x->nterms++];
        t->text = qiao_strndup(f.text[fi] + a, b - a);
        t->field = fi;
        t->score = s;
    }
    qsort(x->terms, x->nterms, sizeof *x->terms, cmp_term);
    free(order);
    free(sorted);
    free(per);
    free(tf);
    if (hit->score > 0) {
        x->text_share = hit->text / hit->score;
        for (int i = 0; i < MATCH_NFACTORS; i++)
            x->factor_share[i] = hit->text * hit->factor[i] / hit->score;
    }
    details(ix, q, doc, d, x);
    if (d->day != MX_NODAY)
        snprintf(x->factor_detail[MATCH_X_FRESH], sizeof x->factor_detail[0], "published %s",
                 json_string_value(json_object_get(doc->doc, "published")));
out:
    free(ec.v);
    free(ec.slot);
    mx_fields_free(&f);
    if (own)
        free(capped.t);
    return rc;
}

void match_explanation_free(match_explanation *x)
{
    for (size_t i = 0; i < x->nterms; i++)
        free(x->terms[i].text);
    free(x->terms);
    memset(x, 0, sizeof *x);
}

static void json_str(buf *b, const char *s)
{
    json_t *j = json_string(s);
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII * 0) : NULL;
    buf_puts(b, t ? t : "\"\"");
    free(t);
    json_decref(j);
}

void match_explanation_json(const match_explanation *x, buf *b)
{
    buf_puts(b, "{\"terms\":[");
    for (size_t i = 0; i < x->nterms; i++) {
        buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        json_str(b, x->terms[i].text);
        buf_printf(b, ",\"field\":\"%s\",\"score\":%.4g}", match_field_name(x->terms[i].field),
                   (double)x->terms[i].score);
    }
    buf_printf(b, "],\"text_share\":%.4g,\"factors\":[", (double)x->text_share);
    int first = 1;
    for (int i = 0; i < MATCH_NFACTORS; i++) {
        if (x->factor_share[i] == 0 && !x->factor_detail[i][0])
            continue;
        buf_printf(b, "%s{\"name\":\"%s\",\"share\":%.4g,\"detail\":", first ? "" : ",",
                   match_factor_name(i), (double)x->factor_share[i]);
        json_str(b, x->factor_detail[i]);
        buf_putc(b, '}');
        first = 0;
    }
    buf_puts(b, "]}");
}

size_t match_explanation_pick(const match_explanation *x, size_t max, size_t *idx)
{
    size_t n = 0;
    for (int single = 0; single < 2 && n == 0; single++)
        for (size_t i = 0; i < x->nterms && n < max; i++) {   /* terms: best first */
            if ((qiao_utf8_chars(x->terms[i].text) < 2) != single)
                continue;
            if (n && x->terms[i].score < 0.05f * x->terms[idx[0]].score)
                break;                                       /* a trace, not a reason */
            int dup = 0;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(x->terms[idx[j]].text, x->terms[i].text) == 0;
            if (!dup)
                idx[n++] = i;
        }
    return n;
}
