/* tests/unit/test_web_reasons.c — how the pages put a match's reasons to
 * people: factors of an event suggestion as Chinese sentences, no codes;
 * matched words marked and everything else escaped. */
#include "testutil.h"

#include "text/text.h"
#include "web/events.h"
#include "web/pages.h"

static void why_as_sentences(void **st)
{
    (void)st;
    buf b = {0};
    web_ev_why_html(&b, "射频标签、无源; chains 集成电路, 智能终端; trl 5 >= trl_min 4; "
                        "modes license, cooperate; zone 环电子科大知识经济圈; "
                        "fresh published 2023-03-08");
    assert_string_equal(buf_cstr(&b), "射频标签、无源；同属集成电路、智能终端产业链；"
                        "技术成熟度 5 级，达到需求要求的 4 级；转化方式相同：许可、合作实施；"
                        "同在环电子科大知识经济圈；2023年3月8日发布");
    buf_free(&b);
    web_ev_why_html(&b, "trl 3 < trl_min 6");
    assert_string_equal(buf_cstr(&b), "技术成熟度 3 级，低于需求要求的 6 级");
    buf_free(&b);
    web_ev_why_html(&b, "<b>x</b>; zone <i>");
    assert_string_equal(buf_cstr(&b), "&lt;b&gt;x&lt;/b&gt;；同在&lt;i&gt;");
    buf_free(&b);
}

static void marked_and_escaped(void **st)
{
    (void)st;
    qiao_err e = {0};
    assert_int_equal(text_init(&e), 0);
    const char *w[] = { "射频标签", "ADC", "<b>" };
    const char *s = "<b>射頻標籤</b>與ａｄｃ & \"adc\"";
    buf b = {0};
    web_html_marked(&b, s, strlen(s), w, 3);
    assert_string_equal(buf_cstr(&b), "<mark>&lt;b&gt;射頻標籤</mark>&lt;/b&gt;與"
                        "<mark>ａｄｃ</mark> &amp; &quot;<mark>adc</mark>&quot;");
    buf_free(&b);
    web_html_marked(&b, s, strlen(s), NULL, 0);
    assert_null(strstr(buf_cstr(&b), "<mark>"));
    assert_non_null(strstr(buf_cstr(&b), "&lt;b&gt;射頻標籤"));
    buf_free(&b);
    char **qw;
    size_t n = web_query_words("射频标签 -光学 \"模数 转换\" chain:集成电路 trl>=6 ADC", &qw);
    assert_int_equal(n, 6);
    assert_string_equal(qw[0], "射频标签");
    assert_string_equal(qw[1], "射频");              /* the whole words inside */
    assert_string_equal(qw[2], "标签");
    assert_string_equal(qw[3], "模数");
    assert_string_equal(qw[4], "转换");
    assert_string_equal(qw[5], "ADC");
    web_words_free(qw, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(why_as_sentences),
        cmocka_unit_test(marked_and_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
