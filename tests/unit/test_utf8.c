/* test_utf8.c — core/utf8.h, the one place UTF-8 is checked and cut:
 * validity with the offset of the first bad byte, excerpts of N characters
 * that never split one, and byte cuts that back off to a boundary. */
#include "testutil.h"

#include "core/err.h"
#include "core/utf8.h"

static void test_valid(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(qiao_utf8_valid("", 0, &bad));
    assert_true(qiao_utf8_valid("成都 abc 𠀀", strlen("成都 abc 𠀀"), &bad));
    /* a long ASCII run (the 8-byte fast path) then a bad byte */
    const char *s = "abcdefghijklmnopqrstuvwxyz\xC0\xAF";
    assert_false(qiao_utf8_valid(s, strlen(s), &bad));
    assert_int_equal(bad, 26);
    assert_false(qiao_utf8_valid("成\xED\xA0\x80", 6, &bad));      /* surrogate */
    assert_int_equal(bad, 3);
    assert_false(qiao_utf8_valid("\xF4\x90\x80\x80", 4, NULL));    /* > U+10FFFF */
    assert_false(qiao_utf8_valid("成都\xE6\x88", 8, &bad));          /* truncated */
    assert_int_equal(bad, 6);
}

static void test_prefix(void **state)
{
    (void)state;
    const char *s = "成都a科技";
    assert_int_equal(qiao_utf8_prefix(s, 0), 0);
    assert_int_equal(qiao_utf8_prefix(s, 2), 6);
    assert_int_equal(qiao_utf8_prefix(s, 3), 7);
    assert_int_equal(qiao_utf8_prefix(s, 4), 10);
    assert_int_equal(qiao_utf8_prefix(s, 100), strlen(s));
    assert_int_equal(qiao_utf8_prefix(NULL, 5), 0);
    assert_int_equal(qiao_utf8_prefix("𠀀x", 1), 4);                /* four bytes, one character */
}

static void test_floor(void **state)
{
    (void)state;
    const char *s = "成都a";
    assert_int_equal(qiao_utf8_floor(s, 0), 0);
    assert_int_equal(qiao_utf8_floor(s, 1), 0);
    assert_int_equal(qiao_utf8_floor(s, 2), 0);
    assert_int_equal(qiao_utf8_floor(s, 3), 3);
    assert_int_equal(qiao_utf8_floor(s, 5), 3);
    assert_int_equal(qiao_utf8_floor(s, 6), 6);
    assert_int_equal(qiao_utf8_floor(s, 7), 7);
}

static void test_chars_blank_check(void **state)
{
    (void)state;
    assert_int_equal(qiao_utf8_chars("成都ab"), 4);
    assert_int_equal(qiao_utf8_chars(NULL), 0);
    assert_true(qiao_utf8_blank(NULL));
    assert_true(qiao_utf8_blank(" \t\r\n\xe3\x80\x80"));
    assert_false(qiao_utf8_blank("\xe3\x80\x80字"));
    qiao_err e = {0};
    assert_int_equal(qiao_text_check("message", "留言", "  ", 10, &e), QIAO_EINVAL);
    assert_string_equal(e.field, "message");
    assert_string_equal(e.msg, "请填写留言。");
    assert_int_equal(qiao_text_check("message", "留言", "一二三", 2, &e), QIAO_EINVAL);
    assert_string_equal(e.msg, "留言最多 2 字，现在是 3 字，请删减后再提交。");
    assert_int_equal(qiao_text_check("message", "留言", "一二", 2, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_floor),
        cmocka_unit_test(test_chars_blank_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
