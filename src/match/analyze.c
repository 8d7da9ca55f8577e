/* match/analyze.c — from a record to index terms and metadata.
 *
 * Terms are the text pipeline's tokens (text/text.h) with a one-byte prefix
 * naming their kind, so that the word 电子 and the bigram 电子 stay apart:
 * 'w' friso word (min_word_chars or more), 'b' bigram, 'u' single Han
 * character (every one: each bigram's characters are also unigrams), 'l'
 * latin word, 'n' number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/internal.h"

static size_t utf8_len1(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i += utf8_len1((unsigned char)s[i]))
        n++;
    return n;
}

static int emit(buf *sc, char prefix, const char *t, size_t len, int kind,
                uint32_t so, uint32_t sl, uint32_t pos, mx_tok_fn fn, void *ud)
{
    buf_clear(sc);
    buf_putc(sc, prefix);
    buf_append(sc, t, len);
    mx_tok k = { sc->p, sc->len, kind, so, sl, pos };
    return fn(&k, ud);
}

int mx_analyze(const char *s, size_t len, int words, text_tokens *tt, buf *sc,
               mx_tok_fn fn, void *ud, qiao_err *e)
{
    text_tokens_clear(tt);
    if (len == 0)
        return 0;
    int rc = words ? text_tokenize(s, len, tt, e) : text_tokenize_nowords(s, len, tt, e);
    if (rc < 0)
        return rc;
    /* which positions start a bigram, to know where a Han run ends */
    uint32_t maxpos = 0;
    for (size_t i = 0; i < tt->n; i++)
        if (tt->v[i].pos + 2 > maxpos)
            maxpos = tt->v[i].pos + 2;
    uint8_t *starts = qiao_calloc(maxpos + 1, 1);
    for (size_t i = 0; i < tt->n; i++)
        if (tt->v[i].kind == TEXT_TOK_BIGRAM)
            starts[tt->v[i].pos] = 1;
    for (size_t i = 0; i < tt->n && rc == 0; i++) {
        const text_token *k = &tt->v[i];
        const char *t = text_token_term(tt, i);
        switch (k->kind) {
        case TEXT_TOK_WORD:
            if (utf8_count(t, k->len) >= (size_t)match_w.min_word_chars)
                rc = emit(sc, 'w', t, k->len, TEXT_TOK_WORD, k->src_off, k->src_len, k->pos,
                          fn, ud);
            break;
        case TEXT_TOK_BIGRAM: {
            rc = emit(sc, 'b', t, k->len, TEXT_TOK_BIGRAM, k->src_off, k->src_len, k->pos,
                      fn, ud);
            size_t c1 = utf8_len1((unsigned char)t[0]);
            if (c1 > k->len)
                break;
            /* the author's characters: split the source span when it holds two */
            const char *src = s + k->src_off;
            size_t s1 = k->src_len ? utf8_len1((unsigned char)src[0]) : 0;
            int two = k->src_len && s1 < k->src_len &&
                      s1 + utf8_len1((unsigned char)src[s1]) == k->src_len;
            uint32_t o1 = k->src_off, l1 = two ? (uint32_t)s1 : k->src_len;
            uint32_t o2 = two ? k->src_off + (uint32_t)s1 : k->src_off;
            uint32_t l2 = two ? k->src_len - (uint32_t)s1 : k->src_len;
            if (rc == 0)
                rc = emit(sc, 'u', t, c1, TEXT_TOK_UNIGRAM, o1, l1, k->pos, fn, ud);
            if (rc == 0 && !starts[k->pos + 1])
                rc = emit(sc, 'u', t + c1, k->len - c1, TEXT_TOK_UNIGRAM, o2, l2, k->pos + 1,
                          fn, ud);
            break;
        }
        case TEXT_TOK_UNIGRAM:
            rc = emit(sc, 'u', t, k->len, TEXT_TOK_UNIGRAM, k->src_off, k->src_len, k->pos, fn, ud);
            break;
        case TEXT_TOK_LATIN:
            rc = emit(sc, 'l', t, k->len, TEXT_TOK_LATIN, k->src_off, k->src_len, k->pos, fn, ud);
            break;
        case TEXT_TOK_NUM:
            rc = emit(sc, 'n', t, k->len, TEXT_TOK_NUM, k->src_off, k->src_len, k->pos, fn, ud);
            break;
        default:
            break;
        }
    }
    free(starts);
    return rc;
}

static const char *jstr(const json_t *doc, const char *field, size_t *len)
{
    const json_t *v = json_object_get(doc, field);
    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    *len = 0;
    return "";
}

void mx_fields_of(const model_record *r, mx_fields *f)
{
    memset(f, 0, sizeof *f);
    const json_t *kw = json_object_get(r->doc, "keywords");
    size_t i;
    const json_t *v;
    json_array_foreach(kw, i, v) {
        if (!json_is_string(v))
            continue;
        if (f->kw.len)
            buf_puts(&f->kw, "；");
        buf_append(&f->kw, json_string_value(v), json_string_length(v));
    }
    f->text[MATCH_F_KEYWORDS] = buf_cstr(&f->kw);
    f->len[MATCH_F_KEYWORDS] = f->kw.len;
    const char *body = r->kind == MODEL_ACHIEVEMENT ? "summary"
                     : r->kind == MODEL_DEMAND ? "description" : "expertise";
    f->text[MATCH_F_BODY] = jstr(r->doc, body, &f->len[MATCH_F_BODY]);
    if (r->kind == MODEL_PERSON) {   /* the name: people are searched for by name */
        f->text[MATCH_F_TITLE] = jstr(r->doc, "name", &f->len[MATCH_F_TITLE]);
    } else {
        f->text[MATCH_F_TITLE] = jstr(r->doc, "title", &f->len[MATCH_F_TITLE]);
    }
}

void mx_fields_free(mx_fields *f)
{
    buf_free(&f->kw);
}

static int has_str(const json_t *arr, const char *s)
{
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return 1;
    return 0;
}

int mx_record_live(const model_record *r)
{
    switch (r->kind) {
    case MODEL_ACHIEVEMENT:
    case MODEL_DEMAND:
        return model_is_matchable(r);
    case MODEL_PERSON:
        return 1;
    default:
        return 0;
    }
}

int mx_record_matchable(const model_record *r)
{
    size_t n;
    switch (r->kind) {
    case MODEL_ACHIEVEMENT:
    case MODEL_DEMAND:
        return mx_record_live(r);
    case MODEL_PERSON: {
        const json_t *roles = json_object_get(r->doc, "roles");
        if (json_array_size(roles) == 0) {
            jstr(r->doc, "expertise", &n);
            return n > 0 || json_array_size(json_object_get(r->doc, "keywords")) > 0;
        }
        return has_str(roles, "expert") || has_str(roles, "scientist") ||
               has_str(roles, "tech_manager");
    }
    default:
        return 0;
    }
}

static const char *const modes[] = { "self", "assign", "license", "cooperate", "equity", "other" };

int mx_mode_bit(const char *s, size_t len)
{
    for (int i = 0; i < 6; i++)
        if (strlen(modes[i]) == len && memcmp(modes[i], s, len) == 0)
            return i;
    return -1;
}

uint32_t mx_name_id(match_index *ix, const char *s, size_t len, int add)
{
    size_t nl;
    char *n = text_normalize(s, len, &nl);
    uint32_t id = add ? mx_dict_id(&ix->names, n, nl, 1) : mx_dict_find(&ix->names, n, nl);
    free(n);
    return id;
}

int32_t mx_parse_day(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return MX_NODAY;
    /* days from civil (Howard Hinnant) */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t mx_today(void)
{
    return (int32_t)(time(NULL) / 86400);
}

void mx_meta_of(match_index *ix, const model_record *r, mx_meta *m, int add)
{
    memset(m, 0, sizeof *m);
    size_t n;
    const char *s = jstr(r->doc, "zone", &n);
    m->zone = n ? mx_name_id(ix, s, n, add) : MX_NONE;
    s = jstr(r->doc, "org", &n);
    m->org = n ? mx_name_id(ix, s, n, add) : MX_NONE;
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r->doc, "chains"), i, v) {
        if (!json_is_string(v) || m->nchains == 16)
            continue;
        uint32_t id = mx_name_id(ix, json_string_value(v), json_string_length(v), add);
        if (id != MX_NONE)
            m->chain[m->nchains++] = id;
    }
    json_array_foreach(json_object_get(r->doc, "modes"), i, v) {
        int b = json_is_string(v) ? mx_mode_bit(json_string_value(v), json_string_length(v)) : -1;
        if (b >= 0)
            m->modes |= (uint8_t)(1u << b);
    }
    const json_t *t = json_object_get(r->doc, r->kind == MODEL_DEMAND ? "trl_min" : "trl");
    if (json_is_integer(t) && json_integer_value(t) >= 1 && json_integer_value(t) <= 9)
        m->trl = (uint8_t)json_integer_value(t);
    m->day = mx_parse_day(json_string_value(json_object_get(r->doc, "published")));
    m->deadline = mx_parse_day(json_string_value(json_object_get(r->doc, "deadline")));
}
