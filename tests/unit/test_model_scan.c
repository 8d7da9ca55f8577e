/* test_model_scan.c — the word-at-a-time scans of the JSON reader, writer and
 * text checks (model/scan.h) find what the byte-at-a-time ones found: a byte
 * that ends a plain run, a control character, a ';' in a list item, and the
 * character count, wherever in the eight-byte words it falls. */
#include "testutil.h"

#include "model/model.h"

/* A record whose title (or keyword) is text; rc of model_from_json. */
static int validate(const char *field_json, model_record *r, model_errors *errs)
{
    buf b = {0};
    buf_printf(&b, "{\"kind\":\"achievement\",\"id\":\"a1\",\"org\":\"o1\",%s}", field_json);
    char err[200];
    json_t *in = model_json_parse(b.p, b.len, err, sizeof err);
    if (!in)
        fail_msg("does not parse: %s: %s", err, b.p);
    int rc = model_from_json(in, r, errs);
    json_decref(in);
    buf_free(&b);
    return rc;
}

/* Every special byte at every position of the first three words: the
 * dump escapes it and reading the dump gives the same string back. */
static void test_escapes_anywhere(void **state)
{
    (void)state;
    const char specials[] = {'"', '\\', '\n', '\t', '\x01', '\x1f'};
    for (size_t k = 0; k < sizeof specials; k++)
        for (size_t pos = 0; pos < 24; pos++) {
            char s[40];
            for (size_t i = 0; i < 30; i++)
                s[i] = (char)('a' + i % 26);
            s[pos] = specials[k];
            json_t *v = json_stringn(s, 30);
            buf b = {0};
            model_json_dump(v, &b);
            assert_int_equal(b.p[0], '"');
            for (size_t i = 1; i + 1 < b.len; i++)   /* nothing raw inside */
                assert_true((unsigned char)b.p[i] >= 0x20 &&
                            (b.p[i] != '"' || b.p[i - 1] == '\\'));
            char err[100];
            json_t *back = model_json_parse(b.p, b.len, err, sizeof err);
            assert_non_null(back);
            assert_int_equal(json_string_length(back), 30);
            assert_memory_equal(json_string_value(back), s, 30);
            json_decref(back);
            json_decref(v);
            buf_free(&b);
        }
}

/* A control character anywhere in a title is refused; a tab is not. */
static void test_control_anywhere(void **state)
{
    (void)state;
    for (size_t pos = 0; pos < 20; pos++) {
        char title[64];
        memset(title, 0, sizeof title);
        for (size_t i = 0; i < 20; i++)
            title[i] = 'x';
        buf j = {0};
        title[pos] = '\t';
        buf_printf(&j, "\"title\":\"%.*s\\t%s\"", (int)pos, title, title + pos + 1);
        model_record r;
        model_errors errs = {0};
        assert_int_equal(validate(j.p, &r, &errs), 0);
        model_record_clear(&r);
        buf_clear(&j);
        buf_printf(&j, "\"title\":\"%.*s\\u0001%s\"", (int)pos, title, title + pos + 1);
        assert_int_equal(validate(j.p, &r, &errs), QIAO_EINVAL);
        assert_string_equal(errs.v[0].field, "title");
        assert_non_null(strstr(errs.v[0].reason, "control character U+0001"));
        model_errors_clear(&errs);
        /* ';' is refused in a keyword, anywhere, and allowed in a title */
        buf_clear(&j);
        buf_printf(&j, "\"title\":\"%.*s;%s\",\"keywords\":[\"%.*s;%s\"]", (int)pos, title,
                   title + pos + 1, (int)pos, title, title + pos + 1);
        assert_int_equal(validate(j.p, &r, &errs), QIAO_EINVAL);
        assert_int_equal(errs.n, 1);
        assert_string_equal(errs.v[0].field, "keywords[0]");
        model_errors_clear(&errs);
        buf_free(&j);
    }
}

/* The limit counts characters: 200 Chinese characters (600 bytes) pass,
 * 201 do not, whatever ASCII comes before them. */
static void test_count_characters(void **state)
{
    (void)state;
    for (size_t lead = 0; lead < 9; lead++) {
        for (int extra = 0; extra < 2; extra++) {
            buf j = {0};
            buf_puts(&j, "\"title\":\"");
            for (size_t i = 0; i < lead; i++)
                buf_putc(&j, 'a');
            for (size_t i = 0; i < 200 - lead + (size_t)extra; i++)
                buf_puts(&j, "桥");
            buf_putc(&j, '"');
            model_record r;
            model_errors errs = {0};
            int rc = validate(j.p, &r, &errs);
            if (!extra) {
                assert_int_equal(rc, 0);
                model_record_clear(&r);
            } else {
                assert_int_equal(rc, QIAO_EINVAL);
                assert_non_null(strstr(errs.v[0].reason, "201 characters, at most 200"));
            }
            model_errors_clear(&errs);
            buf_free(&j);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_anywhere),
        cmocka_unit_test(test_control_anywhere),
        cmocka_unit_test(test_count_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
