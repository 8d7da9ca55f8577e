/* web/form_input.c — form fields as people fill them: records picked by
 * name (a <datalist> of names; the server resolves the name to the id), and
 * typed values (amounts, dates, lists) turned into the model's values and
 * back (model/input.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/input.h"
#include "web/pages.h"

typedef struct names_ctx {
    buf *b;
    const char *want;       /* resolving: the name (or id) looked for */
    char found[MODEL_KEY_MAX];
    int matches;
} names_ctx;

static const char *name_of(const model_record *r)
{
    const char *n = model_str(r, "name");
    return *n ? n : model_str(r, "title");
}

static int add_option(const model_record *r, void *ud)
{
    names_ctx *c = ud;
    buf_puts(c->b, "<option value=\"");
    web_html_attr(c->b, name_of(r));
    buf_puts(c->b, "\">");
    return 0;
}

void web_pick_datalist(web_req *rq, buf *b, unsigned kinds, const char *list_id)
{
    names_ctx c = {.b = b};
    buf_printf(b, "<datalist id=\"%s\">", list_id);
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        if (kinds & (1u << k))
            store_scan(web_w(rq)->st, (model_kind)k, add_option, &c, NULL);
    buf_puts(b, "</datalist>");
}

static int match_name(const model_record *r, void *ud)
{
    names_ctx *c = ud;
    if (strcmp(name_of(r), c->want) == 0) {
        if (c->matches++ == 0)
            snprintf(c->found, sizeof c->found, "%s", r->key);
    }
    return 0;
}

int web_pick_resolve(web_req *rq, unsigned kinds, const char *text, char out[MODEL_KEY_MAX],
                     const char **code)
{
    json_t *one = model_split_list(text);          /* trims spaces */
    const char *want = json_array_size(one) == 1 ? json_string_value(json_array_get(one, 0))
                                                 : text;
    names_ctx c = {.want = want};
    int rc = 0;
    for (int k = 0; k < MODEL_KIND_COUNT && rc >= 0; k++)
        if (kinds & (1u << k))
            rc = store_scan(web_w(rq)->st, (model_kind)k, match_name, &c, NULL);
    for (int k = 0; k < MODEL_KIND_COUNT && rc >= 0 && c.matches == 0; k++)
        if ((kinds & (1u << k)) && store_exists(web_w(rq)->st, (model_kind)k, want, NULL) > 0) {
            snprintf(c.found, sizeof c.found, "%s", want);   /* an id works too */
            c.matches = 1;
        }
    json_decref(one);
    *code = rc < 0 || c.matches == 0 ? "name_unknown" : c.matches > 1 ? "name_ambiguous" : NULL;
    if (*code)
        return QIAO_EINVAL;
    snprintf(out, MODEL_KEY_MAX, "%s", c.found);
    return 0;
}

char *web_record_name(web_req *rq, model_kind k, const char *id)
{
    model_record r = {0};
    if (!id || !*id)
        return qiao_strdup("");
    if (store_get(web_w(rq)->st, k, id, &r, NULL) < 0)
        return qiao_strdup(id);
    char *s = qiao_strdup(name_of(&r));
    model_record_clear(&r);
    return s;
}

void web_show_amount(buf *b, long long yuan)
{
    char t[64];
    model_amount_format(yuan, t, sizeof t);
    buf_puts(b, t);
}

void web_show_when(buf *b, const char *iso)
{
    char t[96];
    model_when_format(iso, t, sizeof t);
    web_html_text(b, t);
}
