/* Escapers of web/html.c against hostile inputs. */
#include "testutil.h"

#include <jansson.h>

#include "web/arena.h"
#include "web/html.h"
#include "web/pages.h"

static const char *const hostile[] = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "a=b`c` &amp; &#x3c;",
    "成果\xE2\x80\xA8line\xE2\x80\xA9sep",
    "bad utf8 \xC0\xAF \xED\xA0\x80 \xFF end",
    "tab\tnl\ncr\r\x01\x7F",
    "😀 emoji",
    "",
};

static buf esc(void (*f)(buf *, const char *), const char *s)
{
    buf b = {0};
    f(&b, s);
    return b;
}

static void no_byte(const buf *b, const char *bytes)
{
    for (const char *c = bytes; *c; c++)
        if (b->len && memchr(b->p, *c, b->len)) {
            print_error("found '%c' in [%s]\n", *c, b->p);
            fail();
        }
}

static void test_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf b = esc(web_html_text, hostile[i]);
        no_byte(&b, "<>\"'\x01\x7F");
        assert_true(qiao_utf8_valid(buf_cstr(&b), b.len, NULL));
        buf_free(&b);
    }
    buf b = esc(web_html_text, "<b>&\"'成</b>");
    assert_string_equal(b.p, "&lt;b&gt;&amp;&quot;&#39;成&lt;/b&gt;");
    buf_free(&b);
    b = esc(web_html_text, "x\xFFy");
    assert_string_equal(b.p, "x\xEF\xBF\xBDy");
    buf_free(&b);
}

static void test_attr(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf b = esc(web_html_attr, hostile[i]);
        no_byte(&b, "<>\"'`=\n\r\t");
        assert_true(qiao_utf8_valid(buf_cstr(&b), b.len, NULL));
        buf_free(&b);
    }
    buf b = esc(web_html_attr, "a\" b=`c`");
    assert_string_equal(b.p, "a&quot; b&#61;&#96;c&#96;");
    buf_free(&b);
}

static void test_url(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf b = esc(web_url_arg, hostile[i]);
        for (size_t k = 0; k < b.len; k++) {
            char c = b.p[k];
            assert_true((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || strchr("-._~%", c));
        }
        buf_free(&b);
    }
    buf b = esc(web_url_arg, "集成 电路&a=b/c");
    assert_string_equal(b.p, "%E9%9B%86%E6%88%90%20%E7%94%B5%E8%B7%AF%26a%3Db%2Fc");
    buf_free(&b);
}

static void test_href(void **state)
{
    (void)state;
    const char *bad[] = {"javascript:alert(1)", " javascript:x", "JaVaScRiPt:x",
                         "data:text/html,<b>", "//evil.example/x", "/\\evil", "vbscript:x", NULL};
    for (int i = 0; bad[i]; i++) {
        buf b = esc(web_html_href, bad[i]);
        assert_string_equal(b.p, "#");
        buf_free(&b);
    }
    buf b = esc(web_html_href, "https://x.example/?a=\"b\"");
    assert_string_equal(b.p, "https://x.example/?a&#61;&quot;b&quot;");
    buf_free(&b);
}

static void test_json(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf b = esc(web_json_str, hostile[i]);
        /* inside the quotes: nothing that closes a script or an attribute */
        assert_true(b.len >= 2);
        assert_null(memchr(b.p + 1, '<', b.len - 2));
        assert_null(memchr(b.p + 1, '>', b.len - 2));
        assert_null(memchr(b.p + 1, '\'', b.len - 2));
        assert_null(strstr(b.p, "\xE2\x80\xA8"));
        /* and it is a JSON string that decodes to the input when valid */
        json_error_t je;
        json_t *j = json_loads(b.p, JSON_DECODE_ANY, &je);
        assert_non_null(j);
        assert_true(json_is_string(j));
        if (qiao_utf8_valid(hostile[i], strlen(hostile[i]), NULL))
            assert_string_equal(json_string_value(j), hostile[i]);
        json_decref(j);
        buf_free(&b);
    }
}

static void test_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf b = esc(web_js_str, hostile[i]);
        no_byte(&b, "<>'/\n\r&=`");
        assert_null(strstr(b.p, "\xE2\x80\xA8"));
        for (size_t k = 0; k < b.len; k++)
            assert_true((unsigned char)b.p[k] < 0x80);
        buf_free(&b);
    }
    buf b = esc(web_js_str, "</script>😀");
    assert_string_equal(b.p, "\"\\x3c\\x2fscript\\x3e\\ud83d\\ude00\"");
    buf_free(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(qiao_utf8_valid("成都 abc", strlen("成都 abc"), NULL));
    assert_false(qiao_utf8_valid("\xC0\xAF", 2, NULL));          /* overlong '/' */
    assert_false(qiao_utf8_valid("\xED\xA0\x80", 3, NULL));      /* surrogate */
    assert_false(qiao_utf8_valid("\xF4\x90\x80\x80", 4, NULL));  /* > U+10FFFF */
    assert_false(qiao_utf8_valid("\xE6\x88", 2, NULL));          /* truncated */
    assert_int_equal(qiao_utf8_chars("成都ab"), 4);
}

static void test_arena(void **state)
{
    (void)state;
    web_arena a = {0};
    char *s = web_arena_strdup(&a, "成果");
    assert_string_equal(s, "成果");
    void *big = web_arena_alloc(&a, 100000);
    memset(big, 1, 100000);
    for (int i = 0; i < 1000; i++) {
        char *p = web_arena_printf(&a, "n=%d", i);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    }
    assert_string_equal(s, "成果");
    web_arena_free(&a);
    assert_null(a.head);
}

static void fmt_is(void (*f)(buf *, int64_t), int64_t v, const char *want)
{
    buf b = {0};
    f(&b, v);
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

/* numbers as people read them (format.c) */
static void test_numbers(void **st)
{
    (void)st;
    fmt_is(web_fmt_count, 0, "0");
    fmt_is(web_fmt_count, 999, "999");
    fmt_is(web_fmt_count, 1234, "1,234");
    fmt_is(web_fmt_count, 1234567, "1,234,567");
    fmt_is(web_fmt_count, -45678, "-45,678");
    fmt_is(web_fmt_yuan, 5000, "5,000 元");
    fmt_is(web_fmt_yuan, 300000, "30 万元");
    fmt_is(web_fmt_yuan, 305000, "30.5 万元");
    fmt_is(web_fmt_yuan, 1234567, "123.45 万元");
    fmt_is(web_fmt_yuan, 125000000, "1.25 亿元");
    fmt_is(web_fmt_yuan, 300000000000, "3,000 亿元");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text), cmocka_unit_test(test_attr),
        cmocka_unit_test(test_url),  cmocka_unit_test(test_href),
        cmocka_unit_test(test_json), cmocka_unit_test(test_js),
        cmocka_unit_test(test_utf8), cmocka_unit_test(test_arena),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
