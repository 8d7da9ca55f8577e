/* model/record.c — what can be asked of a valid record: its references, its
 * label, its canonical line, its fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

int model_each_ref(const model_record *r,
                   int (*fn)(const model_ref *ref, void *ud), void *ud)
{
    size_t nf;
    const model_fdef *fs = model_schema(r->kind, &nf);
    for (size_t i = 0; i < nf; i++) {
        const model_fdef *f = &fs[i];
        if (f->t != FT_REF && f->t != FT_REFLIST)
            continue;
        const json_t *v = json_object_get(r->doc, f->name);
        if (!v)
            continue;
        if (f->t == FT_REF) {
            model_ref ref = {f->name, json_string_value(v), f->refk};
            int rc = fn(&ref, ud);
            if (rc)
                return rc;
            continue;
        }
        for (size_t j = 0; j < json_array_size(v); j++) {
            char path[80];
            snprintf(path, sizeof path, "%s[%zu]", f->name, j);
            model_ref ref = {path, json_string_value(json_array_get(v, j)), f->refk};
            int rc = fn(&ref, ud);
            if (rc)
                return rc;
        }
    }
    return 0;
}

void model_record_label(const model_record *r, char *out, size_t cap)
{
    const char *name = model_kind_name(r->kind);
    snprintf(out, cap, "%s %s", name ? name : "?", r->key);
}

char *model_to_jsonl(const model_record *r)
{
    buf b = {0};
    model_json_dump(r->doc, &b);
    return buf_steal(&b);
}

int model_from_canonical(const char *line, size_t len, model_record *out, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    char err[160];
    json_t *doc = model_json_parse(line, len, err, sizeof err);
    if (!doc)
        return qiao_errf(e, QIAO_EINVAL, "stored record is not JSON: %s", err);
    model_kind k;
    const char *kn = json_string_value(json_object_get(doc, "kind"));
    if (!json_is_object(doc) || !kn || model_kind_parse(kn, &k) < 0) {
        json_decref(doc);
        return qiao_errf(e, QIAO_EINVAL, "stored record has no valid kind");
    }
    out->kind = k;
    out->doc = doc;
    model_doc_key(k, doc, out->key, sizeof out->key);
    return 0;
}

const char *model_str(const model_record *r, const char *field)
{
    const char *s = r->doc ? json_string_value(json_object_get(r->doc, field)) : NULL;
    return s ? s : "";
}

long long model_int(const model_record *r, const char *field, long long dflt)
{
    const json_t *v = r->doc ? json_object_get(r->doc, field) : NULL;
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

bool model_status_public(model_kind k, const char *status)
{
    if (k != MODEL_ACHIEVEMENT && k != MODEL_DEMAND)
        return true;
    return !status || strcmp(status, "draft") != 0;
}

bool model_status_matchable(model_kind k, const char *status)
{
    if (!status || !*status)
        return true;
    if (k == MODEL_ACHIEVEMENT)
        return strcmp(status, "published") == 0;
    if (k == MODEL_DEMAND)
        return strcmp(status, "open") == 0;
    return true;
}

static const char *status_of(const model_record *r)
{
    return json_string_value(json_object_get(r->doc, "status"));
}

bool model_is_public(const model_record *r)
{
    return model_status_public(r->kind, status_of(r));
}

bool model_is_matchable(const model_record *r)
{
    return model_status_matchable(r->kind, status_of(r));
}
