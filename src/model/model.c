/* model/model.c — validation of records against the field tables of
 * schema.c, and the canonical form (fields in canonical order, values as
 * given). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/input.h"
#include "model/scan.h"
#include "model/schema.h"

static const char *const kind_names[MODEL_KIND_COUNT] = {
    "org", "person", "achievement", "demand", "event", "registration",
    "meeting_request", "project",
};

const char *model_kind_name(model_kind k)
{
    return (unsigned)k < MODEL_KIND_COUNT ? kind_names[k] : NULL;
}

int model_kind_parse(const char *name, model_kind *k)
{
    for (int i = 0; i < MODEL_KIND_COUNT; i++)
        if (strcmp(kind_names[i], name) == 0) {
            *k = (model_kind)i;
            return 0;
        }
    return -1;
}

void model_record_clear(model_record *r)
{
    if (r->doc)
        json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

void model_errors_clear(model_errors *e)
{
    free(e->v);
    memset(e, 0, sizeof *e);
}

void model_errors_add(model_errors *errs, const char *field, const char *fmt, ...)
{
    if (!errs)
        return;
    if (errs->n == errs->cap) {
        errs->cap = errs->cap ? errs->cap * 2 : 8;
        errs->v = qiao_realloc(errs->v, errs->cap * sizeof *errs->v);
    }
    model_error *me = &errs->v[errs->n++];
    memset(me, 0, sizeof *me);
    snprintf(me->field, sizeof me->field, "%s", field);
    snprintf(me->code, sizeof me->code, "invalid");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(me->reason, sizeof me->reason, fmt, ap);
    va_end(ap);
}

/* The state of one validation: the label the messages start with (made
 * from `in` at the first message: a valid record never needs it). */
typedef struct vctx {
    model_kind kind;
    char label[160];
    const json_t *in;
    model_errors *errs;
    size_t nerr;
} vctx;

static void make_label(model_kind k, const json_t *in, char *out, size_t cap);

/* One failure of rule `code` (arg: the rule's argument in its Chinese
 * message) with its English reason. */
static void bad(vctx *c, const char *field, const char *code, const char *arg,
                const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void bad(vctx *c, const char *field, const char *code, const char *arg,
                const char *fmt, ...)
{
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (!c->label[0])
        make_label(c->kind, c->in, c->label, sizeof c->label);
    model_errors_addc(c->errs, c->kind, field, code, arg, "%s: %s", c->label, reason);
    c->nerr++;
}

/* The Chinese labels of an enum's values, joined by 、. */
static void enum_labels(model_kind k, const char *path, const char *const *en, char *out,
                        size_t cap)
{
    char f[64];
    snprintf(f, sizeof f, "%.*s", (int)strcspn(path, "["), path);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; en[i] && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "、" : "",
                              model_value_label(k, f, en[i]));
}

static const char *jtype(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a decimal number";
    case JSON_TRUE: case JSON_FALSE: return "true/false";
    case JSON_NULL: return "null";
    }
    return "?";
}

static void enum_list(const char *const *en, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; en[i] && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : "", en[i]);
}

/* Checks a string against a text limit: characters (not bytes), no control
 * characters other than tab and line breaks. Returns 1 when valid. */
/* Byte classes for check_text: 1 a UTF-8 continuation byte, 2 a control
 * character other than tab and line breaks, 4 ';'. */
static const unsigned char byte_class[256] = {
    [0x00 ... 0x08] = 2, [0x0B ... 0x0C] = 2, [0x0E ... 0x1F] = 2,
    [';'] = 4, [0x80 ... 0xBF] = 1,
};

/* Checks a string against a text limit: characters (not bytes), no control
 * characters other than tab and line breaks. Returns 1 when valid. */
static int check_text(vctx *c, const char *path, const char *s, size_t len, int max,
                      int nonempty, int list_item)
{
    size_t cont = 0, i = 0;
    unsigned stop = list_item ? 6 : 2, any = 0;
    for (; i + 8 <= len; i += 8) {   /* eight bytes a step while none may stop */
        uint64_t x = scan_load(s + i);
        if (scan_less(x, 0x20) | (list_item ? scan_has(x, ';') : 0))
            break;
        cont += scan_cont(x);
    }
    for (; i < len; i++) {
        unsigned cl = byte_class[(unsigned char)s[i]];
        cont += cl & 1;
        any |= cl;
    }
    if (any & stop) {
        size_t chars = 0;
        for (i = 0; i < len; i++) {
            unsigned char b = (unsigned char)s[i];
            unsigned cl = byte_class[b];
            chars += !(cl & 1);
            if (cl & 2) {
                bad(c, path, "control_char", NULL, "control character U+%04X at character %zu is not allowed", b,
                    chars);
                return 0;
            }
            if ((cl & 4) && list_item) {
                bad(c, path, "list_separator", NULL, "a list item may not contain ';' (the CSV list separator)");
                return 0;
            }
        }
    }
    size_t chars = len - cont;
    if (len == 0 && nonempty) {
        bad(c, path, "required", NULL, "must not be empty");
        return 0;
    }
    if (max > 0 && chars > (size_t)max) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", max);
        bad(c, path, "too_long", lim, "too long: %zu characters, at most %d", chars, max);
        return 0;
    }
    return 1;
}

static json_t *check_enum(vctx *c, const char *path, const json_t *v, const char *const *en)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    for (size_t i = 0; s && en[i]; i++)
        if (strcmp(en[i], s) == 0)
            return json_incref((json_t *)v);
    /* the messages only for a value refused (imports check millions) */
    char zh[400], all[300];
    enum_labels(c->kind, path, en, zh, sizeof zh);
    enum_list(en, all, sizeof all);
    if (!s)
        bad(c, path, "enum", zh, "must be one of %s; got %s", all, jtype(v));
    else
        bad(c, path, "enum", zh, "must be one of %s; got \"%.60s\"", all, s);
    return NULL;
}

static json_t *check_int(vctx *c, const char *path, const json_t *v, long long lo, long long hi)
{
    if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi)
        return json_incref((json_t *)v);
    bool amount = hi == MODEL_AMOUNT_MAX;
    char range[48];
    snprintf(range, sizeof range, "%lld 到 %lld", lo, hi);
    if (!json_is_integer(v)) {
        bad(c, path, amount ? "amount_format" : "integer", range, "must be an integer from %lld%s; got %s", lo,
            hi < (1LL << 62) ? "" : " up", jtype(v));
        return NULL;
    }
    long long x = json_integer_value(v);
    if (x < lo || x > hi) {
        bad(c, path, !amount ? "integer" : x < 0 ? "amount_negative" : "amount_range", range,
            "must be an integer from %lld to %lld; got %lld", lo, hi, x);
        return NULL;
    }
    return json_incref((json_t *)v);
}

static json_t *check_scalar(vctx *c, const model_fdef *f, model_ftype t, const char *path,
                            const json_t *v, int list_item)
{
    switch (t) {
    case FT_ID:
    case FT_REF:
        if (!json_is_string(v) || !model_valid_id(json_string_value(v))) {
            const char *code = t == FT_ID ? "id" : "ref";
            if (json_is_string(v))
                bad(c, path, code, NULL, "\"%.80s\" is not an id (1-64 of A-Za-z0-9._:-)",
                    json_string_value(v));
            else
                bad(c, path, code, NULL, "must be an id (a string of 1-64 of A-Za-z0-9._:-); got %s",
                    jtype(v));
            return NULL;
        }
        return json_incref((json_t *)v);
    case FT_TEXT:
        if (!json_is_string(v)) {
            bad(c, path, "type", NULL, "must be a string; got %s", jtype(v));
            return NULL;
        }
        if (!check_text(c, path, json_string_value(v), json_string_length(v),
                        list_item ? f->item : f->max, list_item || (f->flags & F_REQ),
                        list_item))
            return NULL;
        return json_incref((json_t *)v);
    case FT_ENUM:
        return check_enum(c, path, v, f->en);
    case FT_INT:
        return check_int(c, path, v, f->lo, f->hi);
    case FT_BOOL:
        if (!json_is_boolean(v)) {
            bad(c, path, "boolean", NULL, "must be true or false; got %s", jtype(v));
            return NULL;
        }
        return json_incref((json_t *)v);
    case FT_DATE:
        if (!json_is_string(v) || !model_valid_date(json_string_value(v))) {
            if (json_is_string(v))
                bad(c, path, "date", NULL, "\"%.40s\" is not an ISO 8601 date (2023-03-10) or date-time "
                    "with offset (2023-03-10T09:30+08:00)", json_string_value(v));
            else
                bad(c, path, "date", NULL, "must be an ISO 8601 date as a string; got %s", jtype(v));
            return NULL;
        }
        return json_incref((json_t *)v);
    default:
        abort();
    }
}

static json_t *check_list(vctx *c, const model_fdef *f, const char *path, const json_t *v)
{
    if (!json_is_array(v)) {
        bad(c, path, "type", NULL, "must be a list; got %s", jtype(v));
        return NULL;
    }
    size_t n = json_array_size(v);
    if (f->max > 0 && n > (size_t)f->max) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", f->max);
        bad(c, path, "too_many", lim, "too many items: %zu, at most %d", n, f->max);
        return NULL;
    }
    if (n == 0 && (f->flags & F_NONEMPTY)) {
        bad(c, path, "nonempty", NULL, "must name at least one");
        return NULL;
    }
    model_ftype it = f->t == FT_TEXTLIST ? FT_TEXT : f->t == FT_REFLIST ? FT_REF
                   : f->t == FT_ENUMLIST ? FT_ENUM : FT_INT;
    size_t before = c->nerr;
    for (size_t i = 0; i < n; i++) {
        char ip[96];
        const json_t *x = json_array_get(v, i);
        /* checked under the list's path first: an item refused is checked
         * again under its own for the message (imports check millions) */
        size_t nerr = c->nerr, nmsg = c->errs ? c->errs->n : 0;
        json_t *ok = check_scalar(c, f, it, path, x, 1);
        if (!ok) {
            c->nerr = nerr;
            if (c->errs)
                c->errs->n = nmsg;
            snprintf(ip, sizeof ip, "%s[%zu]", path, i);
            check_scalar(c, f, it, ip, x, 1);
            continue;
        }
        json_decref(ok);
        if (it == FT_REF || it == FT_ENUM) {
            for (size_t j = 0; j < i; j++)
                if (json_equal(json_array_get(v, j), x)) {
                    snprintf(ip, sizeof ip, "%s[%zu]", path, i);
                    bad(c, ip, "repeat", it == FT_ENUM ? model_value_label(c->kind, path,
                        json_string_value(x)) : json_string_value(x), "repeats %s[%zu] (\"%s\")", path, j, json_string_value(x));
                    break;
                }
        }
    }
    if (c->nerr != before)
        return NULL;
    return json_incref((json_t *)v);
}

static json_t *check_ip(vctx *c, const char *path, const json_t *v)
{
    static const char *const st[] = {"none", "pending", "granted", NULL};
    static const model_fdef patents = {"patents", FT_TEXTLIST, 0, 100, 100, NULL, 0, 0, 0};
    if (!json_is_object(v)) {
        bad(c, path, "object", NULL, "must be an object {status, patents}; got %s", jtype(v));
        return NULL;
    }
    size_t before = c->nerr;
    const char *key;
    json_t *x;
    json_object_foreach((json_t *)v, key, x) {
        if (strcmp(key, "status") && strcmp(key, "patents")) {
            char fp[160];
            snprintf(fp, sizeof fp, "%s.%.40s", path, key);
            bad(c, fp, "unknown_field", key, "unknown field (ip has status, patents)");
        }
    }
    json_t *out = json_object();
    x = json_object_get(v, "status");
    if (x && !json_is_null(x)) {
        json_t *ok = check_enum(c, "ip.status", x, st);
        if (ok)
            json_object_set_new(out, "status", ok);
    }
    x = json_object_get(v, "patents");
    if (x && !json_is_null(x)) {
        json_t *ok = check_list(c, &patents, "ip.patents", x);
        if (ok)
            json_object_set_new(out, "patents", ok);
    }
    if (c->nerr != before) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static json_t *check_milestones(vctx *c, const model_fdef *f, const char *path, const json_t *v)
{
    static const model_fdef title = {"title", FT_TEXT, F_REQ, 200, 0, NULL, 0, 0, 0};
    static const model_fdef owner = {"owner", FT_TEXT, 0, 64, 0, NULL, 0, 0, 0};
    if (!json_is_array(v)) {
        bad(c, path, "type", NULL, "must be a list of {title, due, done}; got %s", jtype(v));
        return NULL;
    }
    size_t n = json_array_size(v);
    if (n > (size_t)f->max) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", f->max);
        bad(c, path, "too_many", lim, "too many items: %zu, at most %d", n, f->max);
        return NULL;
    }
    size_t before = c->nerr;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        char ip[96], fp[160];
        snprintf(ip, sizeof ip, "%s[%zu]", path, i);
        const json_t *m = json_array_get(v, i);
        if (!json_is_object(m)) {
            bad(c, ip, "object", NULL, "must be an object {title, due, done}; got %s", jtype(m));
            continue;
        }
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)m, key, x) {
            if (strcmp(key, "title") && strcmp(key, "due") && strcmp(key, "done") &&
                strcmp(key, "owner")) {
                snprintf(fp, sizeof fp, "%s.%.40s", ip, key);
                bad(c, fp, "unknown_field", key, "unknown field (a milestone has title, due, done, owner)");
            }
        }
        json_t *o = json_object(), *ok;
        snprintf(fp, sizeof fp, "%s.title", ip);
        x = json_object_get(m, "title");
        if (!x || json_is_null(x))
            bad(c, fp, "required", NULL, "is required");
        else if ((ok = check_scalar(c, &title, FT_TEXT, fp, x, 0)))
            json_object_set_new(o, "title", ok);
        snprintf(fp, sizeof fp, "%s.due", ip);
        x = json_object_get(m, "due");
        if (x && !json_is_null(x) && (ok = check_scalar(c, &title, FT_DATE, fp, x, 0)))
            json_object_set_new(o, "due", ok);
        snprintf(fp, sizeof fp, "%s.done", ip);
        x = json_object_get(m, "done");
        if (x && !json_is_null(x) && (ok = check_scalar(c, &title, FT_BOOL, fp, x, 0)))
            json_object_set_new(o, "done", ok);
        snprintf(fp, sizeof fp, "%s.owner", ip);
        x = json_object_get(m, "owner");
        if (x && !json_is_null(x) && (ok = check_scalar(c, &owner, FT_TEXT, fp, x, 0)))
            json_object_set_new(o, "owner", ok);
        json_array_append_new(out, o);
    }
    if (c->nerr != before) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static json_t *check_field(vctx *c, const model_fdef *f, const json_t *v)
{
    switch (f->t) {
    case FT_TEXTLIST: case FT_REFLIST: case FT_ENUMLIST: case FT_INTLIST:
        return check_list(c, f, f->name, v);
    case FT_IP:
        return check_ip(c, f->name, v);
    case FT_MILESTONES:
        return check_milestones(c, f, f->name, v);
    default:
        return check_scalar(c, f, f->t, f->name, v, 0);
    }
}

static const char *idstr(const json_t *in, const char *name)
{
    const json_t *v = json_object_get(in, name);
    return json_is_string(v) && model_valid_id(json_string_value(v)) ? json_string_value(v)
                                                                      : NULL;
}

static const char *sv(const json_t *doc, const char *name)
{
    const char *s = json_string_value(json_object_get(doc, name));
    return s ? s : "";
}

/* The label names the record as well as the input allows. */
static void make_label(model_kind k, const json_t *in, char *out, size_t cap)
{
    const char *id = idstr(in, "id");
    if (id)
        snprintf(out, cap, "%s %s", kind_names[k], id);
    else if (k == MODEL_REGISTRATION && idstr(in, "event") && idstr(in, "who"))
        snprintf(out, cap, "registration %s/%s", idstr(in, "event"), idstr(in, "who"));
    else if (k == MODEL_MEETING_REQUEST && idstr(in, "event") && idstr(in, "from") &&
             idstr(in, "to"))
        snprintf(out, cap, "meeting_request %s/%s/%s", idstr(in, "event"),
                 idstr(in, "from"), idstr(in, "to"));
    else
        snprintf(out, cap, "%s (without a valid id)", kind_names[k]);
}

void model_doc_key(model_kind k, const json_t *doc, char *out, size_t cap)
{
    const char *id = json_string_value(json_object_get(doc, "id"));
    if (id)
        snprintf(out, cap, "%s", id);
    else if (k == MODEL_REGISTRATION)
        snprintf(out, cap, "%s/%s", sv(doc, "event"), sv(doc, "who"));
    else
        snprintf(out, cap, "%s/%s/%s", sv(doc, "event"), sv(doc, "from"), sv(doc, "to"));
}

int model_build(model_kind k, const json_t *in, model_record *out, model_errors *errs)
{
    memset(out, 0, sizeof *out);
    vctx c = {.errs = errs, .kind = k};
    if (!json_is_object(in)) {
        snprintf(c.label, sizeof c.label, "%s", model_kind_name(k) ? model_kind_name(k) : "?");
        bad(&c, "-", "not_object", NULL, "a record must be a JSON object; got %s", jtype(in));
        return QIAO_EINVAL;
    }
    c.in = in;
    size_t nf;
    const model_fdef *fs = model_schema(k, &nf);

    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        if (strcmp(key, "kind") == 0 || model_schema_field(k, key))
            continue;
        char names[600];
        size_t n = 0;
        for (size_t i = 0; i < nf && n < sizeof names; i++)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "",
                                  fs[i].name);
        char fk[64];
        snprintf(fk, sizeof fk, "%.60s", key);
        bad(&c, fk, "unknown_field", fk, "unknown field (%s has: %s)", kind_names[k], names);
    }

    json_t *doc = json_object();
    json_object_set_new(doc, "kind", json_string(kind_names[k]));
    for (size_t i = 0; i < nf; i++) {
        const model_fdef *f = &fs[i];
        v = json_object_get(in, f->name);
        if (!v || json_is_null(v)) {
            if (f->flags & F_REQ)
                bad(&c, f->name, "required", NULL, "is required");
            continue;
        }
        json_t *ok = check_field(&c, f, v);
        if (ok)
            json_object_set_new(doc, f->name, ok);
    }
    const char *cc = k == MODEL_ORG ? json_string_value(json_object_get(doc, "credit_code")) : NULL;
    model_cc_status cst = cc ? model_credit_code_check(cc, NULL) : MODEL_CC_OK;
    if (cst != MODEL_CC_OK)
        bad(&c, "credit_code", "%s (got \"%s\")", model_credit_code_reason(cst), cc);
    if (c.nerr) {
        json_decref(doc);
        return QIAO_EINVAL;
    }
    out->kind = k;
    model_doc_key(k, doc, out->key, sizeof out->key);
    out->doc = doc;
    return 0;
}

int model_from_json_kind(model_kind kind, const json_t *in, model_record *out,
                         model_errors *errs)
{
    const json_t *kv = json_is_object(in) ? json_object_get(in, "kind") : NULL;
    if (kv && !(json_is_string(kv) && strcmp(json_string_value(kv), kind_names[kind]) == 0)) {
        memset(out, 0, sizeof *out);
        char label[160];
        make_label(kind, in, label, sizeof label);
        model_errors_addc(errs, kind, "kind", "kind", model_kind_label(kind),
                          "%s: kind must be \"%s\" here; got %s%.40s%s", label,
                         kind_names[kind], json_is_string(kv) ? "\"" : "",
                         json_is_string(kv) ? json_string_value(kv) : jtype(kv),
                         json_is_string(kv) ? "\"" : "");
        return QIAO_EINVAL;
    }
    return model_build(kind, in, out, errs);
}

int model_from_json(const json_t *in, model_record *out, model_errors *errs)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(in)) {
        model_errors_addc(errs, MODEL_KIND_COUNT, "-", "not_object", NULL,
                          "a record must be a JSON object; got %s", jtype(in));
        return QIAO_EINVAL;
    }
    const json_t *kv = json_object_get(in, "kind");
    model_kind k;
    if (!kv || !json_is_string(kv) || model_kind_parse(json_string_value(kv), &k) < 0) {
        char all[300];
        size_t n = 0;
        all[0] = '\0';
        for (int i = 0; i < MODEL_KIND_COUNT; i++)
            n += (size_t)snprintf(all + n, sizeof all - n, "%s%s", i ? ", " : "", kind_names[i]);
        const char *id = idstr(in, "id");
        if (!kv)
            model_errors_addc(errs, MODEL_KIND_COUNT, "kind", "required", NULL,
                              "record%s%s: kind is required (one of %s)",
                             id ? " " : "", id ? id : "", all);
        else
            model_errors_addc(errs, MODEL_KIND_COUNT, "kind", "type", NULL,
                              "record%s%s: kind must be one of %s; got %s%.40s%s",
                             id ? " " : "", id ? id : "", all, json_is_string(kv) ? "\"" : "",
                             json_is_string(kv) ? json_string_value(kv) : jtype(kv),
                             json_is_string(kv) ? "\"" : "");
        return QIAO_EINVAL;
    }
    return model_build(k, in, out, errs);
}
