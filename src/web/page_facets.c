/* web/page_facets.c — the facets of a list page as HTML: a collapsible
 * <details> block above the results holding a GET form (one select per
 * facet, each value with its count over every match), the sort links, and
 * the state (search text, filters, sort) every link of the page keeps.
 * Plain links and a form: no JavaScript needed; on a narrow phone the block
 * stays folded until opened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

/* The parameters a list page keeps, in the order its links carry them. */
static const char *const kept[] = { "q", "chain", "zone", "org", "org_type", "mode", "trl_min",
                                    "trl_max", "sort" };
#define NKEPT (sizeof kept / sizeof *kept)

void web_list_state(buf *out, web_req *rq, const char *skip)
{
    for (size_t i = 0; i < NKEPT; i++) {
        const char *v = web_param(rq, kept[i]);
        if (!v || !*v || (skip && strcmp(skip, kept[i]) == 0))
            continue;
        buf_printf(out, "&amp;%s=", kept[i]);
        web_url_arg(out, v);
    }
}

void web_search_help_link(buf *b)
{
    buf_puts(b, "<p class=\"search-help\"><a href=\"/help/search\">搜索帮助：\"精确短语\"、"
                "-排除、<code>trl&gt;=6</code>、<code>chain:集成电路</code></a></p>");
}

static const web_facet *facet(const web_facets *fs, const char *name)
{
    for (size_t i = 0; fs && i < fs->nf; i++)
        if (strcmp(fs->f[i].name, name) == 0)
            return &fs->f[i];
    return NULL;
}

static void option(buf *b, const char *value, const char *label, size_t n, bool count,
                   const char *chosen)
{
    buf_puts(b, "<option value=\"");
    web_html_attr(b, value);
    buf_puts(b, "\"");
    if (chosen && strcmp(chosen, value) == 0)
        buf_puts(b, " selected");
    buf_puts(b, ">");
    web_html_text(b, label);
    if (count)
        buf_printf(b, "（%zu）", n);
    buf_puts(b, "</option>");
}

/* A select of one facet: 不限, then each value with its count; a chosen
 * value no match holds stays listed (count 0) so that it can be unset. */
static void select_of(buf *b, web_req *rq, const web_facet *f)
{
    const char *chosen = web_param(rq, f->name);
    if (!f->n && !(chosen && *chosen))
        return;
    buf_printf(b, "<label class=\"facet\"><span>%s</span><select name=\"%s\">", f->label,
               f->name);
    option(b, "", "不限", 0, false, chosen && *chosen ? chosen : "");
    bool seen = false;
    for (size_t i = 0; i < f->n; i++) {
        option(b, f->v[i].value, f->v[i].label, f->v[i].n, true, chosen);
        seen = seen || (chosen && strcmp(chosen, f->v[i].value) == 0);
    }
    if (chosen && *chosen && !seen) {
        const char *label = strcmp(f->name, "mode") == 0       ? web_value_label(chosen)
                            : strcmp(f->name, "org_type") == 0 ? web_org_type_label(chosen)
                                                               : chosen;
        char *org = strcmp(f->name, "org") == 0 ? web_org_label(rq, chosen) : NULL;
        option(b, chosen, org ? org : label, 0, true, chosen);
        free(org);
    }
    buf_puts(b, "</select></label>");
}

/* TRL as a range: two selects of levels, each level with its count. */
static void trl_selects(buf *b, web_req *rq, const web_facet *f)
{
    size_t n[10] = {0};
    bool any = false;
    for (size_t i = 0; f && i < f->n; i++) {
        int t = atoi(f->v[i].value);
        if (t >= 1 && t <= 9) {
            n[t] = f->v[i].n;
            any = true;
        }
    }
    const char *names[2] = { "trl_min", "trl_max" };
    const char *labels[2] = { f && strcmp(f->label, "技术成熟度") != 0 ? "要求的技术成熟度 从"
                                                                      : "技术成熟度 从", "到" };
    bool chosen = false;
    for (int s = 0; s < 2; s++)
        chosen = chosen || (web_param(rq, names[s]) && *web_param(rq, names[s]));
    if (!any && !chosen)
        return;
    buf_puts(b, "<span class=\"facet trl\">");
    for (int s = 0; s < 2; s++) {
        const char *c = web_param(rq, names[s]);
        buf_printf(b, "<label><span>%s</span><select name=\"%s\">", labels[s], names[s]);
        option(b, "", "不限", 0, false, c && *c ? c : "");
        for (int t = 1; t <= 9; t++) {
            char v[12], l[24];
            snprintf(v, sizeof v, "%d", t);
            snprintf(l, sizeof l, "%d 级", t);
            option(b, v, l, n[t], true, c);
        }
        buf_puts(b, "</select></label>");
    }
    buf_puts(b, "</span>");
}

static void sort_links(buf *b, web_req *rq, const char *base, model_kind k)
{
    const char *q = web_param(rq, "q"), *sort = web_param(rq, "sort");
    bool search = q && *q;
    const char *cur = sort && *sort ? sort : search ? "relevance" : "newest";
    static const char *const sorts[][2] = { {"relevance", "相关度"}, {"newest", "最新发布"},
                                            {"deadline", "截止日期"} };
    buf state = {0};
    web_list_state(&state, rq, "sort");
    buf_puts(b, "<p class=\"sorts\">排序：");
    for (size_t i = 0; i < 3; i++) {
        if ((i == 0 && !search) || (i == 2 && k != MODEL_DEMAND))
            continue;
        if (strcmp(cur, sorts[i][0]) == 0)
            buf_printf(b, "<strong aria-current=\"true\">%s</strong> ", sorts[i][1]);
        else
            buf_printf(b, "<a href=\"%s?sort=%s%s\">%s</a> ", base, sorts[i][0],
                       buf_cstr(&state), sorts[i][1]);
    }
    buf_puts(b, "</p>");
    buf_free(&state);
}

void web_facets_block(buf *b, web_req *rq, const char *base, const web_facets *fs,
                      model_kind k)
{
    size_t chosen = 0;
    for (size_t i = 1; i + 1 < NKEPT; i++)      /* the filters: not q, not sort */
        chosen += web_param(rq, kept[i]) && *web_param(rq, kept[i]);
    bool lists = k == MODEL_ACHIEVEMENT || k == MODEL_DEMAND;
    buf_printf(b, "<details class=\"facets\"%s><summary>筛选", chosen ? " open" : "");
    if (chosen)
        buf_printf(b, "（已选 %zu 项）", chosen);
    buf_printf(b, "</summary><form class=\"facets\" method=\"get\" action=\"%s\">", base);
    const char *q = web_param(rq, "q"), *sort = web_param(rq, "sort");
    if (q && *q) {
        buf_puts(b, "<input type=\"hidden\" name=\"q\" value=\"");
        web_html_attr(b, q);
        buf_puts(b, "\">");
    }
    if (sort && *sort) {
        buf_puts(b, "<input type=\"hidden\" name=\"sort\" value=\"");
        web_html_attr(b, sort);
        buf_puts(b, "\">");
    }
    if (lists)
        trl_selects(b, rq, facet(fs, "trl"));
    static const char *const order[] = { "chain", "zone", "mode", "org_type", "org" };
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const web_facet *f = facet(fs, order[i]);
        if (f)
            select_of(b, rq, f);
    }
    buf_puts(b, "<button type=\"submit\">筛选</button>");
    if (chosen) {
        buf_printf(b, " <a class=\"clear\" href=\"%s", base);
        if (q && *q) {
            buf_puts(b, "?q=");
            web_url_arg(b, q);
        }
        buf_puts(b, "\">清除筛选</a>");
    }
    buf_puts(b, "</form></details>");
    if (lists)
        sort_links(b, rq, base, k);
}
