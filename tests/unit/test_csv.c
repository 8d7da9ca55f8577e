/* core/csv.c: the one CSV cell writer — quoting, and neutralising cells a
 * spreadsheet would run as formulas when the CSV is for people. */
#include "testutil.h"

#include "core/csv.h"

static void expect(const char *in, unsigned flags, const char *want)
{
    buf b = {0};
    csv_put_cell(&b, in, strlen(in), flags);
    if (strcmp(buf_cstr(&b), want) != 0)
        fail_msg("cell [%s] flags %u: got [%s], want [%s]", in, flags, buf_cstr(&b), want);
    buf_free(&b);
}

static void test_quoting(void **state)
{
    (void)state;
    expect("", 0, "");
    expect("成都", 0, "成都");
    expect("a,b", 0, "\"a,b\"");
    expect("say \"hi\"", 0, "\"say \"\"hi\"\"\"");
    expect("l1\nl2", 0, "\"l1\nl2\"");
    expect("cr\r", 0, "\"cr\r\"");
    expect(" lead", 0, "\" lead\"");
    expect("trail ", 0, "\"trail \"");
    expect("=1+2", 0, "=1+2");            /* machine format: exact */
    expect("@SUM(1)", 0, "@SUM(1)");
}

static void test_for_people(void **state)
{
    (void)state;
    expect("=1+2", CSV_FOR_PEOPLE, "'=1+2");
    expect("+1+2", CSV_FOR_PEOPLE, "'+1+2");
    expect("-1+2", CSV_FOR_PEOPLE, "'-1+2");
    expect("@SUM(A1)", CSV_FOR_PEOPLE, "'@SUM(A1)");
    expect("\t=1", CSV_FOR_PEOPLE, "'\t=1");
    expect("\r=1", CSV_FOR_PEOPLE, "\"'\r=1\"");
    expect("=HYPERLINK(\"http://x\",\"y\")", CSV_FOR_PEOPLE, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    expect("=a,b", CSV_FOR_PEOPLE, "\"'=a,b\"");
    /* numbers and harmless text stay as they are */
    expect("-3", CSV_FOR_PEOPLE, "-3");
    expect("-0.25", CSV_FOR_PEOPLE, "-0.25");
    expect("+7", CSV_FOR_PEOPLE, "+7");
    expect("1=1", CSV_FOR_PEOPLE, "1=1");
    expect("成果 =1", CSV_FOR_PEOPLE, "成果 =1");
    expect("-", CSV_FOR_PEOPLE, "'-");
    expect("", CSV_FOR_PEOPLE, "");
    assert_true(csv_risky("=1", 2));
    assert_false(csv_risky("-12.5", 5));
    assert_false(csv_risky("x=1", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
