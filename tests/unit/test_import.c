/* test_import.c — every rule of DATA.md "Rules for bad input": each bad
 * file gives FILE:LINE: field: reason and leaves the store exactly as it was
 * (an export before and after is compared); plus GBK, CSV, --skip-bad and
 * the export round trip. */
#include "testutil.h"

#include <iconv.h>

#include "io/io.h"

/* A store with a little data in it, so that "unchanged" means something. */
static const char *seed =
    "{\"kind\":\"org\",\"id\":\"uestc-ic\",\"name\":\"电子科技大学集成电路科学与工程学院\","
    "\"type\":\"university\",\"zone\":\"环电子科大知识经济圈\",\"chains\":[\"集成电路\"]}\n"
    "{\"kind\":\"achievement\",\"id\":\"uestc-ic-01\",\"title\":\"单片全集成自驱动智能射频标签(RFID)微系统\","
    "\"org\":\"uestc-ic\",\"chains\":[\"集成电路\"],\"trl\":5,\"modes\":[\"license\",\"cooperate\"]}\n";

typedef struct fx {
    char db[4096];
    store *s;
} fx;

static char *export_all(store *s, io_format fmt, unsigned kinds)
{
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    qiao_err e = {0};
    if (io_export(s, kinds, fmt, f, &e) != 0)
        fail_msg("export: %s", e.msg);
    fclose(f);
    return p;
}

/* Imports files; returns rc; *errs gets what was printed. */
static int import(store *s, const char *const *files, size_t n, io_import_opts o, char **errs,
                  io_import_stats *st)
{
    size_t len = 0;
    FILE *f = open_memstream(errs, &len);
    o.err = f;
    o.progress = 0;
    qiao_err e = {0};
    int rc = io_import(s, files, n, &o, st, &e);
    if (rc < 0)
        fprintf(f, "RESULT: %s\n", e.msg);
    fclose(f);
    return rc;
}

static int setup(void **state)
{
    fx *x = calloc(1, sizeof *x);
    tu_tmp_db(x->db, sizeof x->db);
    qiao_err e = {0};
    assert_int_equal(store_open(x->db, &x->s, &e), 0);
    char path[4096];
    tu_write_tmp(path, sizeof path, "seed.jsonl", seed, strlen(seed));
    const char *files[] = {path};
    char *errs;
    io_import_stats st;
    assert_int_equal(import(x->s, files, 1, io_import_defaults(), &errs, &st), 0);
    free(errs);
    assert_int_equal(st.created[MODEL_ACHIEVEMENT], 1);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fx *x = *state;
    store_close(x->s);
    free(x);
    return 0;
}

/* Imports `content` as file `name` (opts as given) and asserts that it fails
 * with `expect` (after the file path) among the messages, and that the
 * store is unchanged. */
static void bad_file(fx *x, const char *name, const char *content, size_t len,
                     io_import_opts o, const char *expect)
{
    char *before = export_all(x->s, IO_JSONL, 0);
    char path[4096], want[8192];
    tu_write_tmp(path, sizeof path, name, content, len);
    const char *files[] = {path};
    char *errs;
    io_import_stats st;
    int rc = import(x->s, files, 1, o, &errs, &st);
    snprintf(want, sizeof want, "%s%s", path, expect);
    if (rc != QIAO_EINVAL || !strstr(errs, want))
        fail_msg("rc %d; expected \"%s\" in:\n%s", rc, want, errs);
    assert_non_null(strstr(errs, "nothing imported"));
    char *after = export_all(x->s, IO_JSONL, 0);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(errs);
}

#define GOOD_ORG "{\"kind\":\"org\",\"id\":\"o-new\",\"name\":\"新机构\",\"type\":\"enterprise\"}\n"

static void test_invalid_utf8(void **state)
{
    fx *x = *state;
    const char text[] = GOOD_ORG "{\"kind\":\"org\",\"id\":\"o2\",\"name\":\"\xff\xfe\",\"type\":\"team\"}\n"
                        "{\"kind\":\"org\",\"id\":\"o5\",\"name\":\"成都\",\"type\":\"team\"}\n";   /* mostly UTF-8: stays UTF-8, the line is reported */
    const char *t2 = "{\"kind\":\"org\",\"id\":\"o3\",\"name\":\"成都\",\"type\":\"team\"}\n"
                     "{\"kind\":\"org\",\"id\":\"o4\",\"name\":\"\xe6\x88\",\"type\":\"team\"}\n";
    io_import_opts o = io_import_defaults();
    bad_file(x, "a.jsonl", text, sizeof text - 1, o,
             ":2: encoding: not valid UTF-8 (byte 33 of the line); if the file is GB18030/GBK");
    o.encoding = "utf-8";
    bad_file(x, "b.jsonl", t2, strlen(t2), o, ":2: encoding: not valid UTF-8 (byte 33 of the line)");
}

static void test_bad_json(void **state)
{
    fx *x = *state;
    const char *t = GOOD_ORG "\n{\"kind\":\"org\",\"id\":\"o2\",\"name\":\"n\" \"type\":\"team\"}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":3: json: not valid JSON: expected ',' or '}' at byte 36");
    const char *t2 = "{\"kind\":\"org\",\"id\":\"o2\",\"name\":\"n\",\"type\":\"team\",\"id\":\"o3\"}\n";
    bad_file(x, "b.jsonl", t2, strlen(t2), io_import_defaults(),
             ":1: json: not valid JSON: duplicate key \"id\"");
}

static void test_missing_required_and_unknown(void **state)
{
    fx *x = *state;
    const char *t = GOOD_ORG "{\"kind\":\"achievement\",\"id\":\"a2\",\"org\":\"uestc-ic\"}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":2: title: achievement a2: is required");
    const char *t2 = "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"t\",\"org\":\"uestc-ic\",\"Title\":\"x\"}\n";
    bad_file(x, "b.jsonl", t2, strlen(t2), io_import_defaults(),
             ":1: Title: achievement a2: unknown field (achievement has: id, title, org");
}

static void test_wrong_enum(void **state)
{
    fx *x = *state;
    const char *t = "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"t\",\"org\":\"uestc-ic\","
                    "\"modes\":[\"license\",\"sale\"]}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":1: modes[1]: achievement a2: must be one of self, assign, license, cooperate, "
             "equity, other; got \"sale\"");
}

static void test_trl_0_and_10(void **state)
{
    fx *x = *state;
    const char *t = "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"t\",\"org\":\"uestc-ic\",\"trl\":0}\n"
                    "{\"kind\":\"achievement\",\"id\":\"a3\",\"title\":\"t\",\"org\":\"uestc-ic\",\"trl\":10}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":1: trl: achievement a2: must be an integer from 1 to 9; got 0");
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":2: trl: achievement a3: must be an integer from 1 to 9; got 10");
}

static void test_dangling_reference(void **state)
{
    fx *x = *state;
    const char *t = "{\"kind\":\"achievement\",\"id\":\"a2\",\"title\":\"t\",\"org\":\"uestc-ic\","
                    "\"owners\":[\"p1\",\"p-missing\"]}\n"
                    "{\"kind\":\"person\",\"id\":\"p1\",\"name\":\"张三\",\"org\":\"uestc-ic\"}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":1: owners[1]: achievement a2: refers to person \"p-missing\", which is neither "
             "in this import nor in the store");
    const char *t2 = "{\"kind\":\"registration\",\"event\":\"e1\",\"who\":\"uestc-ic-01\"}\n"
                     "{\"kind\":\"event\",\"id\":\"e1\",\"title\":\"路演\",\"type\":\"roadshow\","
                     "\"starts\":\"2024-03-01\"}\n";
    /* uestc-ic-01 is an achievement, not a person or an org */
    bad_file(x, "b.jsonl", t2, strlen(t2), io_import_defaults(),
             ":1: who: registration e1/uestc-ic-01: refers to person or org \"uestc-ic-01\"");
}

static void test_duplicate_id(void **state)
{
    fx *x = *state;
    const char *t = GOOD_ORG "{\"kind\":\"org\",\"id\":\"o-new\",\"name\":\"again\",\"type\":\"team\"}\n";
    bad_file(x, "a.jsonl", t, strlen(t), io_import_defaults(),
             ":2: id: org o-new: duplicate id: also at ");
}

static void test_2mb_line(void **state)
{
    fx *x = *state;
    size_t n = 2 << 20;
    char *t = malloc(n + 200), *p = t;
    p += sprintf(p, "{\"kind\":\"achievement\",\"id\":\"big\",\"org\":\"uestc-ic\",\"title\":\"");
    size_t chars = 0;
    for (; (size_t)(p - t) < n; chars++)
        p += sprintf(p, "芯");
    p += sprintf(p, "\"}\n");
    char want[200];
    snprintf(want, sizeof want, ":1: title: achievement big: too long: %zu characters, at most 200",
             chars);
    bad_file(x, "big.jsonl", t, (size_t)(p - t), io_import_defaults(), want);

    /* a valid record on a 2 MB line (padded with spaces) is imported whole */
    p = t;
    p += sprintf(p, "{\"kind\":\"achievement\",\"id\":\"big\",\"org\":\"uestc-ic\",\"title\":\"大\",");
    memset(p, ' ', n);
    p += n;
    p += sprintf(p, "\"summary\":\"长文本\"}\n");
    char path[4096];
    tu_write_tmp(path, sizeof path, "big2.jsonl", t, (size_t)(p - t));
    const char *files[] = {path};
    char *errs;
    io_import_stats st;
    assert_int_equal(import(x->s, files, 1, io_import_defaults(), &errs, &st), 0);
    free(errs);
    model_record r;
    assert_int_equal(store_get(x->s, MODEL_ACHIEVEMENT, "big", &r, NULL), 0);
    assert_string_equal(model_str(&r, "summary"), "长文本");
    model_record_clear(&r);
    free(t);
}

static void test_csv_quoted_newlines_and_lists(void **state)
{
    fx *x = *state;
    const char *csv = "\xEF\xBB\xBFid,title,org,keywords,summary,trl\r\n"
                      "c1,\"多行\n标题, 含逗号和\"\"引号\"\"\",uestc-ic,芯片;ADC;射频,,3\r\n"
                      "c2,第二,uestc-ic,,\"摘要\r\n第二行\",\r\n";
    char path[4096];
    tu_write_tmp(path, sizeof path, "a.csv", csv, strlen(csv));
    const char *files[] = {path};
    io_import_opts o = io_import_defaults();
    o.has_kind = 1;
    o.kind = MODEL_ACHIEVEMENT;
    char *errs;
    io_import_stats st;
    int rc = import(x->s, files, 1, o, &errs, &st);
    if (rc)
        fail_msg("%s", errs);
    free(errs);
    assert_int_equal(st.created[MODEL_ACHIEVEMENT], 2);
    model_record r;
    assert_int_equal(store_get(x->s, MODEL_ACHIEVEMENT, "c1", &r, NULL), 0);
    assert_string_equal(model_str(&r, "title"), "多行\n标题, 含逗号和\"引号\"");
    json_t *kw = json_object_get(r.doc, "keywords");
    assert_int_equal(json_array_size(kw), 3);
    assert_string_equal(json_string_value(json_array_get(kw, 2)), "射频");
    assert_null(json_object_get(r.doc, "summary"));   /* empty cell = absent */
    assert_int_equal(model_int(&r, "trl", 0), 3);
    model_record_clear(&r);
    assert_int_equal(store_get(x->s, MODEL_ACHIEVEMENT, "c2", &r, NULL), 0);
    assert_string_equal(model_str(&r, "summary"), "摘要\r\n第二行");
    model_record_clear(&r);

    /* line numbers count the quoted line breaks: the bad row starts on line 4 */
    const char *bad = "id,title,org,trl\n"
                      "d1,\"两\n行\",uestc-ic,2\n"
                      "d2,t,uestc-ic,ten\n";
    bad_file(x, "b.csv", bad, strlen(bad), o, ":4: trl: achievement d2: must be an integer; got \"ten\"");
    const char *badq = "id,title,org\nd1,\"open,uestc-ic\n";
    bad_file(x, "c.csv", badq, strlen(badq), o, ":2: csv: cell 2: a quoted cell opened on this line is never closed");
    const char *badn = "id,title,org\nd1,t\n";
    bad_file(x, "d.csv", badn, strlen(badn), o, ":2: csv: the row has 2 cells, the header 3");
}

/* Converts UTF-8 to GBK with iconv. */
static char *to_gbk(const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 2 + 16, oleft = cap;
    char *out = malloc(cap), *o = out, *in = (char *)utf8;
    assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
    iconv_close(cd);
    *outlen = cap - oleft;
    return out;
}

static void test_gbk_file(void **state)
{
    fx *x = *state;
    const char *utf8 = "id,name,type,region\r\n"
                       "gbk-1,四川大学华西医院,institute,成都市武侯区\r\n"
                       "gbk-2,\"成都高新区，天府软件园\",park,\r\n";
    size_t n;
    char *gbk = to_gbk(utf8, &n);
    assert_true(n < strlen(utf8));   /* really converted: 2 bytes a character */
    char path[4096];
    tu_write_tmp(path, sizeof path, "orgs.csv", gbk, n);
    const char *files[] = {path};
    io_import_opts o = io_import_defaults();
    o.has_kind = 1;
    o.kind = MODEL_ORG;
    char *errs;
    io_import_stats st;
    int rc = import(x->s, files, 1, o, &errs, &st);   /* detected */
    if (rc)
        fail_msg("%s", errs);
    free(errs);
    model_record r;
    assert_int_equal(store_get(x->s, MODEL_ORG, "gbk-1", &r, NULL), 0);
    assert_string_equal(model_str(&r, "name"), "四川大学华西医院");
    assert_string_equal(model_str(&r, "region"), "成都市武侯区");
    model_record_clear(&r);
    assert_int_equal(store_get(x->s, MODEL_ORG, "gbk-2", &r, NULL), 0);
    assert_string_equal(model_str(&r, "name"), "成都高新区，天府软件园");
    model_record_clear(&r);

    /* forced, with an undecodable byte pair on line 3 */
    o.encoding = "gbk";
    size_t m;
    char *g2 = to_gbk("id,name,type\r\ngbk-3,电子,team\r\ngbk-4,XX科技,team\r\n", &m);
    char *p = memchr(g2, 'X', m);
    p[0] = (char)0x81;
    p[1] = (char)0x20;   /* a GBK lead byte followed by a space: not GBK */
    bad_file(x, "g2.csv", g2, m, o, ":3: encoding: line 3 is not valid GBK: undecodable bytes at byte 7");
    free(g2);
    free(gbk);
}

static void test_skip_bad(void **state)
{
    fx *x = *state;
    const char *t = "{\"kind\":\"person\",\"id\":\"p1\",\"name\":\"张三\",\"org\":\"o-gone\"}\n"
                    "{\"kind\":\"achievement\",\"id\":\"s1\",\"title\":\"好\",\"org\":\"uestc-ic\",\"owners\":[\"p1\"]}\n"
                    "{\"kind\":\"achievement\",\"id\":\"s2\",\"title\":\"好\",\"org\":\"uestc-ic\"}\n"
                    "{\"kind\":\"achievement\",\"id\":\"s3\",\"title\":\"坏\",\"org\":\"uestc-ic\",\"trl\":11}\n";
    char path[4096], rej[4200];
    tu_write_tmp(path, sizeof path, "a.jsonl", t, strlen(t));
    snprintf(rej, sizeof rej, "%s.rejected", path);
    const char *files[] = {path};
    io_import_opts o = io_import_defaults();
    o.skip_bad = rej;
    char *errs;
    io_import_stats st;
    assert_int_equal(import(x->s, files, 1, o, &errs, &st), 0);
    free(errs);
    /* p1 names a missing org, s1 names p1: both out; s2 in; s3 out */
    assert_int_equal(st.imported, 1);
    assert_int_equal(st.rejected, 3);
    assert_int_equal(store_exists(x->s, MODEL_ACHIEVEMENT, "s2", NULL), 1);
    assert_int_equal(store_exists(x->s, MODEL_ACHIEVEMENT, "s1", NULL), 0);
    assert_int_equal(store_exists(x->s, MODEL_PERSON, "p1", NULL), 0);
    char *r = tu_read_file(rej, NULL);
    assert_non_null(r);
    char want[12000];
    snprintf(want, sizeof want, "# %s:1: org: person p1: refers to org \"o-gone\", which is neither "
             "in this import nor in the store\n{\"kind\":\"person\"", path);
    assert_non_null(strstr(r, want));
    snprintf(want, sizeof want, "# %s:2: owners[0]: achievement s1: refers to person \"p1\", which "
             "is rejected (%s:1)\n", path, path);
    assert_non_null(strstr(r, want));
    snprintf(want, sizeof want, "# %s:4: trl: achievement s3: must be an integer from 1 to 9; got 11\n"
             "{\"kind\":\"achievement\",\"id\":\"s3\"", path);
    assert_non_null(strstr(r, want));
    free(r);
}

static void test_error_cap_and_upsert(void **state)
{
    fx *x = *state;
    buf b = {0};
    for (int i = 0; i < 25; i++)
        buf_printf(&b, "{\"kind\":\"org\",\"id\":\"o%d\",\"name\":\"n\",\"type\":\"bad\"}\n", i);
    char path[4096];
    tu_write_tmp(path, sizeof path, "many.jsonl", b.p, b.len);
    const char *files[] = {path};
    char *errs;
    io_import_stats st;
    assert_int_equal(import(x->s, files, 1, io_import_defaults(), &errs, &st), QIAO_EINVAL);
    size_t lines = 0;
    for (char *p = errs; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(lines, 22);   /* 20 errors, the count of the rest, the result */
    assert_non_null(strstr(errs, "... and 5 more errors\n"));
    assert_int_equal(st.errors, 25);
    free(errs);
    buf_free(&b);

    /* importing a changed record updates it; references may point forward
     * across files */
    const char *t1 = "{\"kind\":\"achievement\",\"id\":\"uestc-ic-01\",\"title\":\"新标题\",\"org\":\"o-later\"}\n";
    const char *t2 = "{\"kind\":\"org\",\"id\":\"o-later\",\"name\":\"后来\",\"type\":\"team\"}\n";
    char p1[4096], p2[4096];
    tu_write_tmp(p1, sizeof p1, "1.jsonl", t1, strlen(t1));
    tu_write_tmp(p2, sizeof p2, "2.jsonl", t2, strlen(t2));
    const char *two[] = {p1, p2};
    assert_int_equal(import(x->s, two, 2, io_import_defaults(), &errs, &st), 0);
    free(errs);
    assert_int_equal(st.updated[MODEL_ACHIEVEMENT], 1);
    assert_int_equal(st.created[MODEL_ORG], 1);
    char sum[200];
    io_import_summary(&st, sum, sizeof sum);
    assert_string_equal(sum, "2 imported: 1 new, 1 updated (org 1, achievement 1)");
}

/* export -> import into an empty store -> export gives the same bytes */
static void round_trip(fx *x, io_format fmt, unsigned kinds, const char *name)
{
    char *first = export_all(x->s, fmt, kinds);
    char path[4096], db2[4096];
    tu_write_tmp(path, sizeof path, name, first, strlen(first));
    tu_tmp_db(db2, sizeof db2);
    store *s2;
    assert_int_equal(store_open(db2, &s2, NULL), 0);
    if (fmt == IO_CSV) {   /* orgs and persons first, so that references resolve */
        char *orgs = export_all(x->s, IO_JSONL, 1u << MODEL_ORG | 1u << MODEL_PERSON);
        char opath[4096], *errs;
        tu_write_tmp(opath, sizeof opath, "orgs.jsonl", orgs, strlen(orgs));
        const char *f[] = {opath};
        io_import_stats st;
        assert_int_equal(import(s2, f, 1, io_import_defaults(), &errs, &st), 0);
        free(errs);
        free(orgs);
    }
    const char *files[] = {path};
    io_import_opts o = io_import_defaults();
    if (fmt == IO_CSV) {
        o.has_kind = 1;
        o.kind = MODEL_ACHIEVEMENT;
    }
    char *errs;
    io_import_stats st;
    int rc = import(s2, files, 1, o, &errs, &st);
    if (rc)
        fail_msg("%s", errs);
    free(errs);
    char *second = export_all(s2, fmt, kinds);
    assert_string_equal(first, second);
    free(first);
    free(second);
    store_close(s2);
}

static void test_export_round_trip(void **state)
{
    fx *x = *state;
    const char *t =
        "{\"kind\":\"person\",\"id\":\"p1\",\"name\":\"李四\",\"org\":\"uestc-ic\",\"roles\":[\"scientist\"],\"phone\":\"028-1\"}\n"
        "{\"kind\":\"achievement\",\"summary\":\"含\\\"引号\\\"、逗号,和\\n换行\",\"id\":\"r1\",\"title\":\"T\","
        "\"org\":\"uestc-ic\",\"ip\":{\"status\":\"pending\",\"patents\":[\"CN1\"]},\"price\":0,\"owners\":[\"p1\"],"
        "\"published\":\"2023-03-10\",\"status\":\"draft\",\"keywords\":[\"a\",\"b\"]}\n"
        "{\"kind\":\"event\",\"id\":\"e1\",\"title\":\"校企对接会\",\"type\":\"school_enterprise\",\"starts\":\"2024-03-01T09:30+08:00\",\"slots\":8,\"tables\":4}\n"
        "{\"kind\":\"registration\",\"event\":\"e1\",\"who\":\"p1\",\"availability\":[1,2]}\n"
        "{\"kind\":\"meeting_request\",\"event\":\"e1\",\"from\":\"p1\",\"to\":\"uestc-ic\",\"priority\":2,\"locked\":true}\n"
        "{\"kind\":\"project\",\"id\":\"pr1\",\"parties\":[\"uestc-ic\",\"p1\"],\"achievement\":\"r1\",\"event\":\"e1\","
        "\"stage\":\"signed\",\"amount\":500000,\"milestones\":[{\"title\":\"样机\",\"due\":\"2024-06-30\",\"done\":false}]}\n";
    char path[4096];
    tu_write_tmp(path, sizeof path, "all.jsonl", t, strlen(t));
    const char *files[] = {path};
    char *errs;
    io_import_stats st;
    int rc = import(x->s, files, 1, io_import_defaults(), &errs, &st);
    if (rc)
        fail_msg("%s", errs);
    free(errs);
    round_trip(x, IO_JSONL, 0, "e.jsonl");
    round_trip(x, IO_CSV, 1u << MODEL_ACHIEVEMENT, "e.csv");
    char *csv = export_all(x->s, IO_CSV, 1u << MODEL_ACHIEVEMENT);
    assert_memory_equal(csv, "\xEF\xBB\xBFid,title,org,summary,", 23);
    assert_non_null(strstr(csv, "\r\nr1,T,uestc-ic,\"含\"\"引号\"\"、逗号,和\n换行\",a;b,,,,pending,CN1,,0,p1,,2023-03-10,draft\r\n"));
    free(csv);
    qiao_err e = {0};
    assert_int_equal(io_export(x->s, 0, IO_CSV, stdout, &e), QIAO_EINVAL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_invalid_utf8), T(test_bad_json), T(test_missing_required_and_unknown),
        T(test_wrong_enum), T(test_trl_0_and_10), T(test_dangling_reference),
        T(test_duplicate_id), T(test_2mb_line), T(test_csv_quoted_newlines_and_lists),
        T(test_gbk_file), T(test_skip_bad), T(test_error_cap_and_upsert),
        T(test_export_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
