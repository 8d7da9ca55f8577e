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

/* RFC 3629 decoded one code point at a time: the reference the fast paths
 * (eight ASCII bytes, four three-byte characters at a time) must agree with. */
static int ref_valid(const unsigned char *s, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        int ok = n > 0 && i + n <= len;
        for (size_t k = 1; ok && k < n; k++) {
            ok = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!ok || cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

/* Every three-byte lead E0..EF with every second byte and a few third bytes,
 * at each position of a run of Chinese characters and ASCII (so at every
 * place of the four-character blocks), and truncated at the end: the same
 * verdict and the same first bad offset as the reference. */
static void test_valid_fast_paths(void **state)
{
    (void)state;
    static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    unsigned char buf[64];
    size_t checked = 0, invalid = 0;
    for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
        for (unsigned b1 = 0; b1 < 256; b1++)
            for (size_t t = 0; t < sizeof thirds; t++)
                for (size_t at = 0; at < 30; at++) {
                    size_t n = 0;
                    while (n < at) {   /* 成 (E6 88 90), or an ASCII byte every fifth */
                        if (n % 5 == 4 || n + 3 > at) {
                            buf[n++] = 'a';
                        } else {
                            memcpy(buf + n, "\xE6\x88\x90", 3);
                            n += 3;
                        }
                    }
                    buf[n++] = (unsigned char)lead;
                    buf[n++] = (unsigned char)b1;
                    buf[n++] = thirds[t];
                    for (int k = 0; k < 5; k++, n += 3)
                        memcpy(buf + n, "\xEF\xBC\x8C", 3);   /* ， */
                    for (size_t cut = n - 13; cut <= n; cut += 13) {
                        size_t bad = 0, rbad = 0;
                        int v = qiao_utf8_valid((const char *)buf, cut, &bad);
                        int r = ref_valid(buf, cut, &rbad);
                        assert_int_equal(v, r);
                        if (!r) {
                            assert_int_equal(bad, rbad);
                            invalid++;
                        }
                        checked++;
                    }
                }
    assert_true(invalid > 0 && invalid < checked);
    /* four easy characters then a surrogate, an overlong form and U+E000 */
    assert_true(qiao_utf8_valid("成都科技\xEE\x80\x80", 15, NULL));
    size_t bad = 0;
    assert_false(qiao_utf8_valid("成都科技\xED\xA0\x80成都科技", 27, &bad));
    assert_int_equal(bad, 12);
    assert_false(qiao_utf8_valid("成都科技成都科技\xE0\x80\x80", 27, &bad));
    assert_int_equal(bad, 24);
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
        cmocka_unit_test(test_valid_fast_paths),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_floor),
        cmocka_unit_test(test_chars_blank_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
