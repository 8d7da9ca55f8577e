/* web/svg.c — inline SVG charts (web/svg.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/svg.h"

static const char *const palette[] = {"#0b5c8e", "#c2571a", "#2e7d32", "#7b3fa0", "#b3261e",
                                      "#5b6775"};

const char *web_svg_color(size_t i)
{
    return palette[i % (sizeof palette / sizeof *palette)];
}

static void open_svg(buf *b, const char *id, const char *title, const char *desc, int w, int h)
{
    buf_printf(b, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
               "role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
               "preserveAspectRatio=\"xMinYMin meet\" font-size=\"12\" "
               "font-family=\"system-ui, sans-serif\"><title id=\"%s-t\">", id, id, w, h, id);
    web_html_text(b, title);
    buf_printf(b, "</title><desc id=\"%s-d\">", id);
    web_html_text(b, desc);
    buf_puts(b, "</desc>");
}

static void close_svg(buf *b, const char *title)
{
    buf_puts(b, "</svg><figcaption>");
    web_html_text(b, title);
    buf_puts(b, "</figcaption></figure>");
}

/* A "nice" upper bound for an axis: 1, 2, 5 times a power of ten. */
static double nice_max(double m)
{
    if (m <= 0)
        return 1;
    double p = pow(10, floor(log10(m)));
    double f = m / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void num(buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        buf_printf(b, "%.0f", v);
    else
        buf_printf(b, "%.2f", v);
}

/* Text cut to max characters (… when cut), escaped. */
static void short_text(buf *b, const char *s, size_t max)
{
    size_t i = qiao_utf8_prefix(s, max);
    web_html_textn(b, s, i);
    if (s[i])
        buf_puts(b, "…");
}

static void legend(buf *b, const web_series *s, size_t ns, int x, int y)
{
    for (size_t i = 0; i < ns; i++) {
        int lx = x + (int)i * 120;
        buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\" fill=\"#1d2733\">", lx, y - 10, web_svg_color(i),
                   lx + 16, y);
        short_text(b, s[i].name, 8);
        buf_puts(b, "</text>");
    }
}

void web_svg_trend(buf *b, const char *id, const char *title, const char *desc,
                   const char *const *labels, size_t n, const web_series *s, size_t ns)
{
    const int W = 640, H = 280, L = 48, R = 16, T = 36, B = 40;
    double max = 0;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < n; i++)
            if (s[k].v[i] > max)
                max = s[k].v[i];
    max = nice_max(max);
    open_svg(b, id, title, desc, W, H);
    legend(b, s, ns, L, 20);
    int pw = W - L - R, ph = H - T - B;
    for (int t = 0; t <= 4; t++) {
        double v = max * t / 4;
        int y = T + ph - (int)lround(ph * t / 4.0);
        buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d8dee6\"/>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#5b6775\">", L, y, W - R,
                   y, L - 6, y + 4);
        num(b, v);
        buf_puts(b, "</text>");
    }
    double step = n > 1 ? (double)pw / (double)(n - 1) : 0;
    size_t every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i++) {
        double x = L + (n > 1 ? step * (double)i : pw / 2.0);
        if (i % every == 0 || i == n - 1) {
            const char *anchor = n > 1 && i == 0 ? "start" : n > 1 && i == n - 1 ? "end" : "middle";
            buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#5b6775\">", x,
                       H - B + 18, anchor);
            short_text(b, labels[i], 8);
            buf_puts(b, "</text>");
        }
    }
    for (size_t k = 0; k < ns; k++) {
        const char *c = web_svg_color(k);
        buf_printf(b, "<g class=\"series\"><polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                   "points=\"", c);
        for (size_t i = 0; i < n; i++) {
            if (s[k].v[i] < 0)
                continue;
            double x = L + (n > 1 ? step * (double)i : pw / 2.0);
            double y = T + ph - ph * s[k].v[i] / max;
            buf_printf(b, "%.1f,%.1f ", x, y);
        }
        buf_puts(b, "\"/>");
        for (size_t i = 0; i < n; i++) {
            if (s[k].v[i] < 0)
                continue;
            double x = L + (n > 1 ? step * (double)i : pw / 2.0);
            double y = T + ph - ph * s[k].v[i] / max;
            buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>", x, y, c);
            web_html_text(b, labels[i]);
            buf_puts(b, " ");
            web_html_text(b, s[k].name);
            buf_puts(b, "：");
            num(b, s[k].v[i]);
            buf_puts(b, "</title></circle>");
        }
        buf_puts(b, "</g>");
    }
    close_svg(b, title);
}

void web_svg_hbars(buf *b, const char *id, const char *title, const char *desc,
                   const char *const *labels, size_t n, const web_series *s, size_t ns)
{
    const int W = 640, L = 150, R = 70, T = 36, BH = 12, GAP = 10;
    int row = (int)ns * BH + GAP;
    int H = T + (int)n * row + 8;
    double max = 0;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < n; i++)
            if (s[k].v[i] > max)
                max = s[k].v[i];
    max = nice_max(max);
    open_svg(b, id, title, desc, W, H);
    legend(b, s, ns, 8, 20);
    int pw = W - L - R;
    for (size_t i = 0; i < n; i++) {
        int y = T + (int)i * row;
        buf_printf(b, "<g class=\"row\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                   "fill=\"#1d2733\">", L - 8, y + (int)ns * BH / 2 + 4);
        short_text(b, *labels[i] ? labels[i] : "（无）", 11);
        buf_puts(b, "<title>");
        web_html_text(b, *labels[i] ? labels[i] : "（无）");
        buf_puts(b, "</title></text>");
        for (size_t k = 0; k < ns; k++) {
            double v = s[k].v[i] < 0 ? 0 : s[k].v[i];
            double w = pw * v / max;
            int by = y + (int)k * BH;
            buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>",
                       L, by, w, BH - 2, web_svg_color(k));
            web_html_text(b, *labels[i] ? labels[i] : "（无）");
            buf_puts(b, " ");
            web_html_text(b, s[k].name);
            buf_puts(b, "：");
            num(b, v);
            buf_printf(b, "</title></rect><text x=\"%.1f\" y=\"%d\" fill=\"#5b6775\" "
                       "font-size=\"10\">", L + w + 4, by + BH - 3);
            num(b, v);
            buf_puts(b, "</text>");
        }
        buf_puts(b, "</g>");
    }
    close_svg(b, title);
}

void web_svg_funnel(buf *b, const char *id, const char *title, const char *desc,
                    const char *const *labels, const double *v, size_t n)
{
    const int W = 640, T = 8, BH = 34, GAP = 8, MID = 420;
    int H = T + (int)n * (BH + GAP);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > max)
            max = v[i];
    if (max <= 0)
        max = 1;
    open_svg(b, id, title, desc, W, H);
    const int pw = 2 * (W - MID) - 16;
    for (size_t i = 0; i < n; i++) {
        int y = T + (int)i * (BH + GAP);
        double w = v[i] < 0 ? 0 : pw * sqrt(v[i] / max);   /* area-like: small stages stay visible */
        if (v[i] > 0 && w < 3)
            w = 3;
        buf_printf(b, "<g class=\"stage\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                   "fill=\"%s\"><title>", MID - w / 2, y, w, BH, web_svg_color(0));
        web_html_text(b, labels[i]);
        buf_puts(b, "：");
        if (v[i] < 0)
            buf_puts(b, "未计算");
        else
            num(b, v[i]);
        buf_printf(b, "</title></rect><text x=\"8\" y=\"%d\" fill=\"#1d2733\">", y + BH / 2 + 4);
        short_text(b, labels[i], 8);
        buf_puts(b, " ");
        if (v[i] < 0)
            buf_puts(b, "—");
        else
            num(b, v[i]);
        if (i > 0 && v[i] >= 0 && v[i - 1] > 0)
            buf_printf(b, "（上一阶段的 %.0f%%）", 100.0 * v[i] / v[i - 1]);
        buf_puts(b, "</text></g>");
    }
    close_svg(b, title);
}
