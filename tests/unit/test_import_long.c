/* test_import_long.c — a JSON Lines file of 1,500 lines with errors far
 * apart gives each message once, in line order, with its line number, and
 * nothing written; --skip-bad writes the good lines, a reference to a record
 * 1,390 lines further down resolved, through the second pass that a record
 * refused for a reference makes. */
#include "testutil.h"

#include "io/io.h"

#define LINES 1500
#define PERSON_LINE 1400     /* a person, referred to from line 10 */

/* The file: line 1 an org, line PERSON_LINE a person, every other line an
 * achievement a<line>; line 600 has trl 10, line 1100 repeats a5's id,
 * line 1300 refers to a person nobody has. */
static char *make_file(size_t *len)
{
    buf b = {0};
    buf_puts(&b, "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"一号单位\",\"type\":\"university\"}\n");
    for (int line = 2; line <= LINES; line++) {
        if (line == PERSON_LINE) {
            buf_puts(&b, "{\"kind\":\"person\",\"id\":\"p-late\",\"name\":\"李四\",\"org\":\"o1\"}\n");
            continue;
        }
        buf_printf(&b, "{\"kind\":\"achievement\",\"id\":\"a%d\",\"title\":\"成果%d\",\"org\":\"o1\"",
                   line == 1100 ? 5 : line, line);
        if (line == 600)
            buf_puts(&b, ",\"trl\":10");
        if (line == 10)
            buf_puts(&b, ",\"owners\":[\"p-late\"]");
        if (line == 1300)
            buf_puts(&b, ",\"owners\":[\"p-missing\"]");
        buf_puts(&b, ",\"chains\":[\"集成电路\"]}\n");
    }
    *len = b.len;
    return buf_steal(&b);
}

static int import(store *s, const char *path, const char *skip_bad, char **errs)
{
    size_t n = 0;
    FILE *f = open_memstream(errs, &n);
    io_import_opts o = io_import_defaults();
    o.err = f;
    o.progress = 0;
    o.skip_bad = skip_bad;
    const char *files[] = {path};
    io_import_stats st;
    qiao_err e = {0};
    int rc = io_import(s, files, 1, &o, &st, &e);
    fclose(f);
    return rc;
}

static int64_t count(store *s, model_kind k)
{
    int64_t n = -1;
    qiao_err e = {0};
    assert_int_equal(store_count(s, k, &n, &e), 0);
    return n;
}

static void test_errors_far_apart(void **state)
{
    (void)state;
    char db[4096], path[4096], rej[4200], want[8400];
    tu_tmp_db(db, sizeof db);
    size_t len;
    char *text = make_file(&len);
    tu_write_tmp(path, sizeof path, "big.jsonl", text, len);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(db, &s, &e), 0);

    /* all or nothing: the three causes, in line order, nothing written */
    char *errs;
    assert_int_equal(import(s, path, NULL, &errs), QIAO_EINVAL);
    const char *expect[] = {
        ":600: trl: achievement a600: must be an integer from 1 to 9; got 10",
        ":1100: id: achievement a5: duplicate id: also at ",
        ":1300: owners[0]: achievement a1300: refers to person \"p-missing\", which is neither in "
        "this import nor in the store",
    };
    const char *at = errs;
    for (size_t i = 0; i < 3; i++) {
        snprintf(want, sizeof want, "%s%s", path, expect[i]);
        const char *hit = strstr(at, want);
        if (!hit)
            fail_msg("expected \"%s\" after the messages before it in:\n%s", want, errs);
        at = hit + 1;
    }
    snprintf(want, sizeof want, "duplicate id: also at %s:5\n", path);
    assert_non_null(strstr(errs, want));
    free(errs);
    assert_int_equal(count(s, MODEL_ACHIEVEMENT), 0);
    assert_int_equal(count(s, MODEL_ORG), 0);

    /* --skip-bad: the good lines, the reference across chunks resolved */
    snprintf(rej, sizeof rej, "%s.rejected", path);
    assert_int_equal(import(s, path, rej, &errs), 0);
    free(errs);
    assert_int_equal(count(s, MODEL_ACHIEVEMENT), LINES - 2 - 3);
    assert_int_equal(count(s, MODEL_PERSON), 1);
    model_record r;
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "a10", &r, &e), 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(r.doc, "owners"), 0)),
                        "p-late");
    model_record_clear(&r);
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "a1300", &r, &e), QIAO_ENOTFOUND);
    assert_int_equal(store_get(s, MODEL_ACHIEVEMENT, "a1499", &r, &e), 0);
    model_record_clear(&r);
    store_close(s);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_far_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
