/* The charts of web/svg.c: accessible structure, hostile labels inert,
 * marks proportional to the values, empty and degenerate input. */
#include "testutil.h"

#include "web/svg.h"

static const char *const hostile[] = {"<script>alert(1)</script>", "\"><img src=x onerror=1>",
                                      "</title><iframe>", "集成电路"};

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void no_live_markup(const buf *b)
{
    const char *s = buf_cstr(b);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "<iframe"));
    assert_null(strstr(s, "style="));
    assert_non_null(strstr(s, "&lt;script&gt;"));
    /* every <title> that is opened is closed once: no label closed one early */
    assert_int_equal(count(s, "<title"), count(s, "</title>"));
}

static void test_trend(void **state)
{
    (void)state;
    double a[] = {0, 5, 10, 2}, c[] = {1, -1, 3, 4};
    web_series s[] = {{hostile[0], a}, {hostile[1], c}};
    const char *labels[] = {hostile[2], "2023-02", "2023-03", hostile[3]};
    buf b = {0};
    web_svg_trend(&b, "t1", hostile[0], hostile[1], labels, 4, s, 2);
    no_live_markup(&b);
    const char *x = buf_cstr(&b);
    assert_non_null(strstr(x, "role=\"img\" aria-labelledby=\"t1-t t1-d\""));
    assert_non_null(strstr(x, "<title id=\"t1-t\">&lt;script&gt;"));
    assert_non_null(strstr(x, "<desc id=\"t1-d\">"));
    assert_int_equal(count(x, "<circle"), 7);        /* 4 + 3 (one value missing) */
    assert_int_equal(count(x, "<polyline"), 2);
    buf_free(&b);
    /* no data at all */
    web_svg_trend(&b, "t2", "空", "空", NULL, 0, NULL, 0);
    assert_non_null(strstr(buf_cstr(&b), "</svg>"));
    assert_null(strstr(buf_cstr(&b), "nan"));
    buf_free(&b);
}

/* The width of the nth <rect> (from 0). */
static double width_of(const char *s, size_t nth)
{
    const char *p = s;
    for (size_t i = 0; i <= nth; i++) {
        p = strstr(p, "<rect x=");
        assert_non_null(p);
        p += 8;
    }
    const char *w = strstr(p, "width=\"");
    assert_non_null(w);
    return strtod(w + 7, NULL);
}

static void test_hbars(void **state)
{
    (void)state;
    double v[] = {10, 5, 0};
    web_series s[] = {{"科技成果", v}};
    const char *labels[] = {hostile[1], "", hostile[3]};
    buf b = {0};
    web_svg_hbars(&b, "h", hostile[0], "desc", labels, 3, s, 1);
    no_live_markup(&b);
    const char *x = buf_cstr(&b);
    assert_non_null(strstr(x, "（无）"));           /* the row without a tag */
    /* rect 0 is the legend swatch; then the bars, proportional to the values */
    double w0 = width_of(x, 1), w1 = width_of(x, 2), w2 = width_of(x, 3);
    assert_true(w0 > 0);
    assert_true(w1 > 0.49 * w0 && w1 < 0.51 * w0);
    assert_true(w2 == 0);
    buf_free(&b);
}

static void test_funnel(void **state)
{
    (void)state;
    double v[] = {-1, 100, 25, 0};
    const char *labels[] = {hostile[0], "洽谈申请", "已接受", hostile[2]};
    buf b = {0};
    web_svg_funnel(&b, "f", "漏斗", "desc", labels, v, 4);
    no_live_markup(&b);
    const char *x = buf_cstr(&b);
    assert_non_null(strstr(x, "未计算"));           /* the stage with no value */
    assert_non_null(strstr(x, "上一阶段的 25%"));
    assert_null(strstr(x, "inf"));
    assert_null(strstr(x, "nan"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_hbars),
        cmocka_unit_test(test_funnel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
