/* model/csv.c — records as CSV rows: the columns of each kind and the
 * conversion of cells to and from field values (model.h, "CSV"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

static const char *const c_org[] = {"id", "name", "type", "region", "zone", "chains",
    "description", "website", "external", "founded", "founders", NULL};
static const char *const c_person[] = {"id", "name", "org", "roles", "title", "expertise",
    "keywords", "email", "phone", NULL};
static const char *const c_achievement[] = {"id", "title", "org", "summary", "keywords",
    "discipline", "chains", "trl", "ip.status", "ip.patents", "modes", "price", "owners",
    "zone", "published", "status", NULL};
static const char *const c_demand[] = {"id", "title", "org", "description", "keywords",
    "chains", "trl_min", "modes", "budget", "deadline", "zone", "published", "status", NULL};
static const char *const c_event[] = {"id", "title", "type", "starts", "ends", "venue",
    "organisers", "chains", "capacity", "slot_minutes", "slots", "tables", NULL};
static const char *const c_registration[] = {"event", "who", "availability", NULL};
static const char *const c_meeting_request[] = {"event", "from", "to", "id", "message",
    "priority", "status", "slot", "table", "locked", NULL};
static const char *const c_project[] = {"id", "parties", "achievement", "demand", "event",
    "stage", "mode", "amount", "signed_on", "agreement", "stop_reason", "milestones", NULL};

static const char *const *const columns[MODEL_KIND_COUNT] = {
    c_org, c_person, c_achievement, c_demand, c_event, c_registration, c_meeting_request,
    c_project,
};

const char *const *model_csv_columns(model_kind k)
{
    return (unsigned)k < MODEL_KIND_COUNT ? columns[k] : NULL;
}

int model_csv_column_check(model_kind k, const char *name, qiao_err *e)
{
    const char *const *c = model_csv_columns(k);
    if (strcmp(name, "kind") == 0)
        return 0;
    for (size_t i = 0; c[i]; i++)
        if (strcmp(c[i], name) == 0)
            return 0;
    char all[600];
    size_t n = 0;
    all[0] = '\0';
    for (size_t i = 0; c[i] && n < sizeof all; i++)
        n += (size_t)snprintf(all + n, sizeof all - n, "%s%s", i ? ", " : "", c[i]);
    return qiao_field_errf(e, QIAO_EINVAL, name, "unknown column \"%.60s\" for %s (columns: %s)",
                           name, model_kind_name(k), all);
}

/* Strict decimal integer; 0 when the text is not one or overflows. */
static int parse_int(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    int neg = 0;
    if (len && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len)
        return 0;
    unsigned long long x = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (x > (9223372036854775807ULL - d) / 10)
            return 0;
        x = x * 10 + d;
    }
    *out = neg ? -(long long)x : (long long)x;
    return 1;
}

typedef struct cctx {
    char label[160];
    model_errors *errs;
    int nerr;
} cctx;

static json_t *cell_scalar(cctx *c, model_ftype t, const char *col, const char *s, size_t len)
{
    if (t == FT_INT) {
        long long x;
        if (!parse_int(s, len, &x)) {
            model_errors_add(c->errs, col, "%s: must be an integer; got \"%.*s\"", c->label,
                             len > 40 ? 40 : (int)len, s);
            c->nerr++;
            return NULL;
        }
        return json_integer(x);
    }
    if (t == FT_BOOL) {
        if (len == 4 && strncasecmp(s, "true", 4) == 0)
            return json_true();
        if (len == 5 && strncasecmp(s, "false", 5) == 0)
            return json_false();
        model_errors_add(c->errs, col, "%s: must be true or false; got \"%.*s\"", c->label,
                         len > 40 ? 40 : (int)len, s);
        c->nerr++;
        return NULL;
    }
    json_t *v = json_stringn(s, len);
    if (!v) {
        model_errors_add(c->errs, col, "%s: not valid UTF-8", c->label);
        c->nerr++;
    }
    return v;
}

static json_t *cell_value(cctx *c, const model_fdef *f, const char *col, const char *s,
                          size_t len)
{
    switch (f->t) {
    case FT_TEXTLIST: case FT_REFLIST: case FT_ENUMLIST: case FT_INTLIST: {
        json_t *a = json_array();
        model_ftype it = f->t == FT_INTLIST ? FT_INT : FT_TEXT;
        size_t start = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i < len && s[i] != ';')
                continue;
            json_t *v = cell_scalar(c, it, col, s + start, i - start);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
            start = i + 1;
        }
        return a;
    }
    case FT_MILESTONES: {
        char err[160];
        json_t *v = model_json_parse(s, len, err, sizeof err);
        if (!v) {
            model_errors_add(c->errs, col, "%s: must be a JSON list of {title, due, done}: %s",
                             c->label, err);
            c->nerr++;
        }
        return v;
    }
    default:
        return cell_scalar(c, f->t, col, s, len);
    }
}

int model_from_csv(model_kind k, const char *const *cols, const char *const *cells,
                   const size_t *lens, size_t ncols, model_record *out, model_errors *errs)
{
    memset(out, 0, sizeof *out);
    cctx c = {.errs = errs};
    snprintf(c.label, sizeof c.label, "%s", model_kind_name(k));
    for (size_t i = 0; i < ncols; i++)
        if (strcmp(cols[i], "id") == 0 && lens[i] > 0 && lens[i] <= 64) {
            char id[65];
            memcpy(id, cells[i], lens[i]);
            id[lens[i]] = '\0';
            if (model_valid_id(id))
                snprintf(c.label, sizeof c.label, "%s %s", model_kind_name(k), id);
        }
    json_t *obj = json_object(), *ip = NULL;
    for (size_t i = 0; i < ncols; i++) {
        if (lens[i] == 0)
            continue;   /* an empty cell is an absent field */
        if (memchr(cells[i], '\0', lens[i])) {
            model_errors_add(errs, cols[i], "%s: a NUL byte is not allowed", c.label);
            c.nerr++;
            continue;
        }
        json_t *v;
        if (strncmp(cols[i], "ip.", 3) == 0) {
            static const model_fdef patents = {"patents", FT_TEXTLIST, 0, 0, 0, NULL, 0, 0, 0};
            static const model_fdef status = {"status", FT_TEXT, 0, 0, 0, NULL, 0, 0, 0};
            const char *sub = cols[i] + 3;
            v = cell_value(&c, strcmp(sub, "patents") == 0 ? &patents : &status, cols[i],
                           cells[i], lens[i]);
            if (v) {
                if (!ip)
                    json_object_set_new(obj, "ip", ip = json_object());
                json_object_set_new(ip, sub, v);
            }
            continue;
        }
        const model_fdef *f = model_schema_field(k, cols[i]);
        static const model_fdef any = {"", FT_TEXT, 0, 0, 0, NULL, 0, 0, 0};
        v = cell_value(&c, f ? f : &any, cols[i], cells[i], lens[i]);
        if (v)
            json_object_set_new(obj, cols[i], v);
    }
    int rc = model_from_json_kind(k, obj, out, errs);
    json_decref(obj);
    if (rc == 0 && c.nerr) {
        model_record_clear(out);
        rc = QIAO_EINVAL;
    }
    return rc;
}

static void put_scalar(const json_t *v, buf *out)
{
    if (json_is_string(v))
        buf_append(out, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v))
        buf_printf(out, "%lld", (long long)json_integer_value(v));
    else if (json_is_true(v))
        buf_puts(out, "true");
    else if (json_is_false(v))
        buf_puts(out, "false");
}

void model_csv_cell(const model_record *r, const char *col, buf *out)
{
    const json_t *v;
    if (strncmp(col, "ip.", 3) == 0)
        v = json_object_get(json_object_get(r->doc, "ip"), col + 3);
    else
        v = json_object_get(r->doc, col);
    if (!v)
        return;
    if (strcmp(col, "milestones") == 0) {
        model_json_dump(v, out);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                buf_putc(out, ';');
            put_scalar(json_array_get(v, i), out);
        }
    } else {
        put_scalar(v, out);
    }
}
