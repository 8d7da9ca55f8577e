/* web/svg.h — charts as inline SVG, drawn by our own code (no script, no
 * external library): a monthly trend, horizontal bars, a funnel.
 *
 * Every chart is <svg role="img" aria-labelledby="ID-t ID-d"> with a <title>
 * and a <desc> (for screen readers), scales with the page (viewBox, width
 * 100%), uses presentation attributes only (no style attributes: the CSP
 * forbids inline styles), and gives each mark its own <title> (the value on
 * hover). Labels and titles are user data: each goes through the HTML text
 * escaper. `id` must be a plain token ([a-z0-9-]), chosen by the caller.
 * Reentrant; appends to b.
 */
#ifndef QIAO_WEB_SVG_H
#define QIAO_WEB_SVG_H

#include <stddef.h>

#include "core/buf.h"

typedef struct web_series {
    const char *name;         /* legend text */
    const double *v;          /* one value per label; negative = no value */
} web_series;

/* Lines (with a dot per value) of ns series over n labels (months). */
void web_svg_trend(buf *b, const char *id, const char *title, const char *desc,
                   const char *const *labels, size_t n, const web_series *s, size_t ns);
/* One row per label, one bar per series in each row. */
void web_svg_hbars(buf *b, const char *id, const char *title, const char *desc,
                   const char *const *labels, size_t n, const web_series *s, size_t ns);
/* Stages as centred bars of width proportional to their value, each with
 * its share of the previous stage. v[i] < 0: no value (drawn empty). */
void web_svg_funnel(buf *b, const char *id, const char *title, const char *desc,
                    const char *const *labels, const double *v, size_t n);

/* The colour of series i (a fixed palette, readable on white). */
const char *web_svg_color(size_t i);

#endif
