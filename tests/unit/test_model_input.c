/* test_model_input.c — amounts, dates and lists as people write them
 * (model/input.h). */
#include "testutil.h"

#include "core/err.h"
#include "model/input.h"
#include "model/model.h"

static void amount_is(const char *s, long long want)
{
    long long v = -1;
    const char *code = "unset";
    if (model_amount_parse(s, strlen(s), &v, &code) != 0)
        fail_msg("'%s' refused (%s), expected %lld", s, code, want);
    assert_null(code);
    if (v != want)
        fail_msg("'%s' is %lld, expected %lld", s, v, want);
}

static void amount_refused(const char *s, const char *want_code)
{
    long long v = -7;
    const char *code = NULL;
    if (model_amount_parse(s, strlen(s), &v, &code) != QIAO_EINVAL)
        fail_msg("'%s' accepted as %lld, expected refusal %s", s, v, want_code);
    assert_int_equal(v, -7);   /* untouched */
    if (!code || strcmp(code, want_code) != 0)
        fail_msg("'%s' refused with %s, expected %s", s, code ? code : "(null)", want_code);
}

static void test_amount_parse(void **state)
{
    (void)state;
    amount_is("50万", 500000);
    amount_is("1.2亿", 120000000);
    amount_is("1,000", 1000);
    amount_is("300,000", 300000);
    amount_is("30万元", 300000);
    amount_is("30 万元", 300000);
    amount_is("  50 万 ", 500000);
    amount_is("５０万", 500000);           /* full-width digits */
    amount_is("１，２００元", 1200);
    amount_is("¥3,000", 3000);
    amount_is("￥ 3000 元", 3000);
    amount_is("0", 0);
    amount_is("0.5万", 5000);
    amount_is("1.50万", 15000);
    amount_is("12,345.6789 万元", 123456789);
    amount_is("100亿", 10000000000LL);     /* the limit itself */
    amount_is("10000000000", 10000000000LL);
    amount_is("007", 7);

    amount_refused("五十万", "amount_format");
    amount_refused("abc", "amount_format");
    amount_refused("50万万", "amount_format");
    amount_refused("1,,000", "amount_format");
    amount_refused("1,000,", "amount_format");
    amount_refused("1.", "amount_format");
    amount_refused("5 0", "amount_format");
    amount_refused("-5", "amount_negative");
    amount_refused("－5万", "amount_negative");
    amount_refused("0.5元", "amount_fraction");
    amount_refused("1.23456万", "amount_fraction");
    amount_refused("100000000000000000000", "amount_range");   /* 10^20 */
    amount_refused("101亿", "amount_range");
    amount_refused("10000000001", "amount_range");
    amount_refused("100.00000001亿", "amount_range");  /* 10000000001 yuan */
    amount_refused("1.000000001亿", "amount_fraction");
    amount_refused("", "required");
    amount_refused("   ", "required");
    amount_refused("　", "required");
}

static void formats_as(long long yuan, const char *want)
{
    char out[64];
    model_amount_format(yuan, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("%lld formats as '%s', expected '%s'", yuan, out, want);
    long long back = -1;
    const char *code;
    if (model_amount_parse(out, strlen(out), &back, &code) != 0 || back != yuan)
        fail_msg("'%s' does not parse back to %lld (got %lld)", out, yuan, back);
}

static void test_amount_format(void **state)
{
    (void)state;
    formats_as(300000, "30 万元");
    formats_as(120000000, "1.2 亿元");
    formats_as(10000000000LL, "100 亿元");
    formats_as(123456789, "12,345.6789 万元");
    formats_as(12345, "1.2345 万元");
    formats_as(10000, "1 万元");
    formats_as(5000, "5,000 元");
    formats_as(0, "0 元");
    formats_as(1, "1 元");
}

static void when_is(const char *s, const char *want)
{
    char out[64];
    const char *code = "unset";
    if (model_when_parse(s, strlen(s), out, sizeof out, &code) != 0)
        fail_msg("'%s' refused (%s), expected %s", s, code, want);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' is '%s', expected '%s'", s, out, want);
}

static void when_refused(const char *s, const char *want_code)
{
    char out[64];
    const char *code = NULL;
    if (model_when_parse(s, strlen(s), out, sizeof out, &code) == 0)
        fail_msg("'%s' accepted as %s, expected refusal %s", s, out, want_code);
    if (!code || strcmp(code, want_code) != 0)
        fail_msg("'%s' refused with %s, expected %s", s, code ? code : "(null)", want_code);
}

static void test_when_parse(void **state)
{
    (void)state;
    when_is("2027-01-15", "2027-01-15");
    when_is("2027-1-5", "2027-01-05");
    when_is("2027/1/15", "2027-01-15");
    when_is("2027年1月15日", "2027-01-15");
    when_is("２０２７年１月１５日", "2027-01-15");
    when_is("2027-01-15 09:00", "2027-01-15T09:00+08:00");
    when_is("2027-01-15T09:00", "2027-01-15T09:00+08:00");   /* datetime-local */
    when_is("  2027-01-15   9:00 ", "2027-01-15T09:00+08:00");
    when_is("2027-01-15 09:00:30", "2027-01-15T09:00:30+08:00");
    when_is("2027年1月15日 09：00", "2027-01-15T09:00+08:00");
    when_is("2027年1月15日09:00", "2027-01-15T09:00+08:00");
    when_is("2027-01-15T01:00Z", "2027-01-15T01:00Z");
    when_is("2027-01-15T09:00+09:00", "2027-01-15T09:00+09:00");
    when_is("2028-02-29", "2028-02-29");

    when_refused("", "required");
    when_refused("  ", "required");
    when_refused("明年一月", "date");
    when_refused("2027-02-29", "date");
    when_refused("2027-13-01", "date");
    when_refused("2027-01-15 24:00", "date");
    when_refused("2027-01-15 09:60", "date");
    when_refused("2027-01-15x", "date");
    when_refused("2027-01/15", "date");
    when_refused("27-01-15", "date");
    when_refused("1800-01-01", "date_range");
    when_refused("9999-01-01", "date_range");
}

static void shows_as(const char *iso, const char *want)
{
    char out[64], back[64];
    const char *code;
    assert_int_equal(model_when_format(iso, out, sizeof out), 0);
    if (strcmp(out, want) != 0)
        fail_msg("%s shows as '%s', expected '%s'", iso, out, want);
    long long t1, t2;
    if (model_when_parse(out, strlen(out), back, sizeof back, &code) != 0)
        fail_msg("'%s' does not parse back (%s)", out, code);
    assert_int_equal(model_when_epoch(iso, &t1), 0);
    assert_int_equal(model_when_epoch(back, &t2), 0);
    assert_true(t1 == t2);
}

static void test_when_format(void **state)
{
    (void)state;
    shows_as("2027-01-15", "2027年1月15日");
    shows_as("2027-01-15T09:00+08:00", "2027年1月15日 09:00");
    shows_as("2027-01-15T01:00Z", "2027年1月15日 09:00");            /* Beijing time */
    shows_as("2027-01-15T20:00-05:00", "2027年1月16日 09:00");       /* next day */
    shows_as("2027-01-15T09:00:30+08:00", "2027年1月15日 09:00:30");
    char out[64];
    assert_int_equal(model_when_format("not a date", out, sizeof out), -1);
    assert_string_equal(out, "not a date");
    char today[11];
    model_today(0, today);
    assert_string_equal(today, "1970-01-01");
    model_today(16 * 3600, today);           /* 00:00 in Beijing the next day */
    assert_string_equal(today, "1970-01-02");
    long long t;
    assert_int_equal(model_when_epoch("1970-01-02", &t), 0);
    assert_true(t == 16 * 3600);
}

static void list_is(const char *s, const char *want_json)
{
    json_t *a = model_split_list(s);
    char *got = json_dumps(a, JSON_COMPACT);
    if (strcmp(got, want_json) != 0)
        fail_msg("'%s' splits into %s, expected %s", s, got, want_json);
    free(got);
    json_decref(a);
}

static void test_split_list(void **state)
{
    (void)state;
    list_is("a；b;c，d,e、f", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]");
    list_is(" 模数转换 \n ADC\r\n\n　高速采样　", "[\"模数转换\",\"ADC\",\"高速采样\"]");
    list_is(";;，", "[]");
    list_is("", "[]");
    list_is("集成电路", "[\"集成电路\"]");
}

/* Validates text as kind k; returns the error on `field` (copied) or fails. */
static model_error error_on(model_kind k, const char *text, const char *field)
{
    json_error_t je;
    json_t *in = json_loads(text, 0, &je);
    assert_non_null(in);
    model_record r;
    model_errors errs = {0};
    assert_int_equal(model_from_json_kind(k, in, &r, &errs), QIAO_EINVAL);
    json_decref(in);
    model_error found = {0};
    for (size_t i = 0; i < errs.n; i++)
        if (strcmp(errs.v[i].field, field) == 0)
            found = errs.v[i];
    if (!found.field[0])
        fail_msg("no error on %s for %s", field, text);
    model_errors_clear(&errs);
    return found;
}

static void test_messages(void **state)
{
    (void)state;
    model_error e = error_on(MODEL_ACHIEVEMENT, "{\"id\":\"a\",\"org\":\"o\"}", "title");
    assert_string_equal(e.code, "required");
    assert_string_equal(e.msg, "请填写成果名称");
    assert_non_null(strstr(e.reason, "is required"));     /* the CLI's English stays */
    e = error_on(MODEL_DEMAND, "{\"id\":\"d\",\"title\":\"t\",\"org\":\"o\","
                 "\"budget\":20000000000}", "budget");
    assert_string_equal(e.code, "amount_range");
    assert_string_equal(e.msg, "预算应为不超过 100 亿元的金额，例如 50万");
    e = error_on(MODEL_DEMAND, "{\"id\":\"d\",\"title\":\"t\"}", "org");
    assert_string_equal(e.msg, "请选择发布单位");
    e = error_on(MODEL_ACHIEVEMENT, "{\"id\":\"a\",\"title\":\"t\",\"org\":\"o\","
                 "\"modes\":[\"sell\"]}", "modes[0]");
    assert_string_equal(e.code, "enum");
    assert_non_null(strstr(e.msg, "许可"));
    assert_null(strstr(e.msg, "license"));
    e = error_on(MODEL_ACHIEVEMENT, "{\"id\":\"a\",\"title\":\"t\",\"org\":\"o\","
                 "\"trl\":10}", "trl");
    assert_string_equal(e.code, "integer");
    assert_string_equal(e.msg, "技术就绪水平应为 1 到 9 之间的整数");
    e = error_on(MODEL_DEMAND, "{\"id\":\"d\",\"title\":\"t\",\"org\":\"o\","
                 "\"deadline\":\"next week\"}", "deadline");
    assert_string_equal(e.code, "date");
    assert_non_null(strstr(e.msg, "截止日期应为日期"));
    /* every message of the catalogue is Chinese (no ASCII letters but the
     * examples' units), and an unknown code still says something useful */
    char m[256];
    assert_int_equal(model_message(MODEL_DEMAND, "budget", "no_such_rule", NULL, m, sizeof m), -1);
    assert_string_equal(m, "预算填写有误，请检查后重新提交");
    assert_string_equal(model_field_label(MODEL_ACHIEVEMENT, "keywords[3]"), "关键词");
    assert_string_equal(model_field_label(MODEL_PROJECT, "milestones[0].title"), "里程碑");
    assert_string_equal(model_value_label(MODEL_ORG, "type", "university"), "高校");
    assert_string_equal(model_value_label(MODEL_MEETING_REQUEST, "status", "pending"), "待回复");
    assert_string_equal(model_value_label(MODEL_ACHIEVEMENT, "modes", "license"), "许可");
}

static void test_new_demand_deadline(void **state)
{
    (void)state;
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "id", "d", "title", "t", "org", "o",
                           "deadline", "2027-01-15");
    model_record r;
    model_errors errs = {0};
    assert_int_equal(model_from_json_kind(MODEL_DEMAND, in, &r, &errs), 0);
    long long day;
    assert_int_equal(model_when_epoch("2027-01-15", &day), 0);
    assert_int_equal(model_check_new(&r, day + 86399, &errs), 0);     /* still that day */
    assert_int_equal(model_check_new(&r, day + 86400, &errs), QIAO_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.v[0].code, "date_past");
    assert_string_equal(errs.v[0].msg, "截止日期已经过去，请填写今天或以后的日期");
    model_errors_clear(&errs);
    model_record_clear(&r);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount_parse),
        cmocka_unit_test(test_amount_format),
        cmocka_unit_test(test_when_parse),
        cmocka_unit_test(test_when_format),
        cmocka_unit_test(test_split_list),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_new_demand_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
