/* test_import_log.c — what follows every write of a record (the change log,
 * the chains of list filters, store_changed_since's times, the records
 * version) follows bulk writes too (`qiao import`, store_bulk_begin/_end,
 * migration 017), a failed import leaves none of it behind, and single puts
 * (the web, the CLI) outside a bulk still get it from the triggers. */
#include "testutil.h"

#include <sqlite3.h>

#include "io/io.h"
#include "model/model.h"
#include "store/sqlite_int.h"
#include "store/store.h"

static const char *seed =
    "{\"kind\":\"org\",\"id\":\"o1\",\"name\":\"一号单位\",\"type\":\"university\","
    "\"chains\":[\"集成电路\"]}\n"
    "{\"kind\":\"achievement\",\"id\":\"a-old\",\"title\":\"旧成果\",\"org\":\"o1\","
    "\"chains\":[\"集成电路\"]}\n"
    "{\"kind\":\"achievement\",\"id\":\"a-same\",\"title\":\"不变的成果\",\"org\":\"o1\"}\n";

/* new records of three indexed kinds, one changed (its chain too), one as it was */
static const char *batch =
    "{\"kind\":\"achievement\",\"id\":\"a-new1\",\"title\":\"新成果一\",\"org\":\"o1\","
    "\"chains\":[\"新能源\",\"生物医药\"]}\n"
    "{\"kind\":\"achievement\",\"id\":\"a-new2\",\"title\":\"新成果二\",\"org\":\"o1\"}\n"
    "{\"kind\":\"demand\",\"id\":\"d-new\",\"title\":\"新需求\",\"org\":\"o1\","
    "\"chains\":[\"新能源\"]}\n"
    "{\"kind\":\"person\",\"id\":\"p-new\",\"name\":\"张三\",\"org\":\"o1\"}\n"
    "{\"kind\":\"achievement\",\"id\":\"a-old\",\"title\":\"旧成果（改）\",\"org\":\"o1\","
    "\"chains\":[\"航空\"]}\n"
    "{\"kind\":\"achievement\",\"id\":\"a-same\",\"title\":\"不变的成果\",\"org\":\"o1\"}\n";

typedef struct fx {
    char db[4096];
    store *s;
} fx;

static int import_text(store *s, const char *text, qiao_err *e)
{
    char path[4096];
    tu_write_tmp(path, sizeof path, "in.jsonl", text, strlen(text));
    const char *files[] = {path};
    io_import_opts o = io_import_defaults();
    o.progress = 0;
    o.err = fopen("/dev/null", "w");
    io_import_stats st;
    int rc = io_import(s, files, 1, &o, &st, e);
    fclose(o.err);
    return rc;
}

static int setup(void **state)
{
    fx *x = calloc(1, sizeof *x);
    tu_tmp_db(x->db, sizeof x->db);
    qiao_err e = {0};
    assert_int_equal(store_open(x->db, &x->s, &e), 0);
    if (import_text(x->s, seed, &e) != 0)
        fail_msg("seed: %s", e.msg);
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

/* The (kind/key) logged after `since`, as " kind/key kind/key ... ". */
typedef struct log {
    char s[2048];
} log;

static int on_change(model_kind k, const char *key, void *ud)
{
    log *l = ud;
    size_t n = strlen(l->s);
    snprintf(l->s + n, sizeof l->s - n, "%s%s/%s ", n ? "" : " ", model_kind_name(k), key);
    return 0;
}

static void changes(store *s, int64_t since, log *l)
{
    qiao_err e = {0};
    l->s[0] = '\0';
    assert_int_equal(store_changes(s, since, on_change, l, &e), 0);
}

static int on_changed(model_kind k, const char *key, int64_t at, void *ud)
{
    (void)at;
    return on_change(k, key, ud);
}

/* store_changed_since(0): what was written, with a time. */
static void changed(store *s, log *l)
{
    qiao_err e = {0};
    l->s[0] = '\0';
    assert_int_equal(store_changed_since(s, 0, 100, on_changed, l, &e), 0);
}

static int on_rec(const model_record *r, void *ud)
{
    return on_change(r->kind, r->key, ud);
}

/* The records of kind k in chain c, as " kind/key ... " by id. */
static void in_chain(store *s, model_kind k, const char *c, log *l)
{
    qiao_err e = {0};
    store_filter f = {.chain = c};
    l->s[0] = '\0';
    assert_int_equal(store_list(s, k, &f, NULL, 0, 100, on_rec, l, NULL, &e), 0);
}

static int64_t rversion(store *s)
{
    int64_t v;
    qiao_err e = {0};
    assert_int_equal(store_records_version(s, &v, &e), 0);
    return v;
}

static int64_t generation(store *s)
{
    int64_t g;
    char uid[STORE_UID_LEN];
    qiao_err e = {0};
    assert_int_equal(store_generation(s, &g, uid, &e), 0);
    return g;
}

/* A count, through a connection of its own. */
static int count(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* bulk_writer is never seen with a row; the triggers are all there. */
static int bulk_rows(const char *path)
{
    return count(path, "SELECT count(*) FROM bulk_writer");
}

static int triggers(const char *path)
{
    return count(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
}

static void put_json(store *s, const char *text, int bulk)
{
    model_record r;
    model_errors errs = {0};
    qiao_err e = {0};
    json_t *in = model_json_parse(text, strlen(text), NULL, 0);
    assert_non_null(in);
    if (model_from_json(in, &r, &errs) != 0)
        fail_msg("invalid test record: %s", errs.v[0].reason);
    json_decref(in);
    assert_int_equal(store_begin(s, &e), 0);
    if (bulk)
        assert_int_equal(store_bulk_begin(s, &e), 0);
    if (store_put(s, &r, &e) != 0)
        fail_msg("store_put: %s", e.msg);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
}

static void test_import_logs_every_record(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    int64_t g0 = generation(x->s), v0 = rversion(x->s);
    int nt = triggers(x->db);
    assert_true(nt > 40);
    log before;
    changed(x->s, &before);
    assert_string_equal(before.s, " achievement/a-old achievement/a-same ");
    if (import_text(x->s, batch, &e) != 0)
        fail_msg("import: %s", e.msg);
    log l;
    changes(x->s, g0, &l);
    /* every imported record of an indexed kind, in the order written */
    assert_string_equal(l.s, " achievement/a-new1 achievement/a-new2 demand/d-new person/p-new "
                             "achievement/a-old achievement/a-same ");
    assert_true(generation(x->s) >= g0 + 6);
    assert_true(rversion(x->s) > v0);
    int64_t n;
    assert_int_equal(store_changes_count(x->s, g0, &n, &e), 0);
    assert_int_equal(n, 6);
    /* written with a time: the new and the changed, not the one as it was */
    changed(x->s, &l);
    assert_non_null(strstr(l.s, " achievement/a-new1 "));
    assert_non_null(strstr(l.s, " achievement/a-new2 "));
    assert_non_null(strstr(l.s, " demand/d-new "));
    assert_non_null(strstr(l.s, " achievement/a-old "));
    assert_int_equal(bulk_rows(x->db), 0);
    assert_int_equal(triggers(x->db), nt);
    /* the chains follow: new records in theirs, the changed one moved */
    in_chain(x->s, MODEL_ACHIEVEMENT, "新能源", &l);
    assert_string_equal(l.s, " achievement/a-new1 ");
    in_chain(x->s, MODEL_ACHIEVEMENT, "生物医药", &l);
    assert_string_equal(l.s, " achievement/a-new1 ");
    in_chain(x->s, MODEL_DEMAND, "新能源", &l);
    assert_string_equal(l.s, " demand/d-new ");
    in_chain(x->s, MODEL_ACHIEVEMENT, "航空", &l);
    assert_string_equal(l.s, " achievement/a-old ");
    in_chain(x->s, MODEL_ACHIEVEMENT, "集成电路", &l);
    assert_string_equal(l.s, "");
    in_chain(x->s, MODEL_ORG, "集成电路", &l);
    assert_string_equal(l.s, " org/o1 ");
}

static void test_failed_import_leaves_no_trace(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    int64_t g0 = generation(x->s), v0 = rversion(x->s);
    int nt = triggers(x->db);
    const char *bad =
        "{\"kind\":\"achievement\",\"id\":\"a-x\",\"title\":\"成果\",\"org\":\"o1\","
        "\"chains\":[\"新能源\"]}\n"
        "{\"kind\":\"achievement\",\"id\":\"a-y\",\"title\":\"成果\",\"org\":\"nobody\"}\n";
    assert_true(import_text(x->s, bad, &e) < 0);
    assert_int_equal(generation(x->s), g0);
    assert_int_equal(rversion(x->s), v0);
    log l;
    changes(x->s, g0, &l);
    assert_string_equal(l.s, "");
    in_chain(x->s, MODEL_ACHIEVEMENT, "新能源", &l);
    assert_string_equal(l.s, "");
    assert_int_equal(bulk_rows(x->db), 0);
    assert_int_equal(triggers(x->db), nt);
    /* and the next single put is logged by the triggers as before */
    put_json(x->s, "{\"kind\":\"achievement\",\"id\":\"a-z\",\"title\":\"成果\",\"org\":\"o1\","
                    "\"chains\":[\"新能源\"]}", 0);
    changes(x->s, g0, &l);
    assert_string_equal(l.s, " achievement/a-z ");
    in_chain(x->s, MODEL_ACHIEVEMENT, "新能源", &l);
    assert_string_equal(l.s, " achievement/a-z ");
}

/* A single put (the web's, the CLI's) after an import: the triggers. */
static void test_single_put_still_logs(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    if (import_text(x->s, batch, &e) != 0)
        fail_msg("import: %s", e.msg);
    int64_t g0 = generation(x->s), v0 = rversion(x->s);
    put_json(x->s, "{\"kind\":\"achievement\",\"id\":\"a-new2\",\"title\":\"新成果二（改）\","
                    "\"org\":\"o1\",\"chains\":[\"航空\"]}", 0);
    put_json(x->s, "{\"kind\":\"person\",\"id\":\"p-2\",\"name\":\"李四\",\"org\":\"o1\"}", 0);
    log l;
    changes(x->s, g0, &l);
    assert_string_equal(l.s, " achievement/a-new2 person/p-2 ");
    assert_true(rversion(x->s) >= v0 + 2);
    in_chain(x->s, MODEL_ACHIEVEMENT, "航空", &l);
    assert_string_equal(l.s, " achievement/a-new2 achievement/a-old ");
    assert_int_equal(store_begin(x->s, &e), 0);
    assert_int_equal(store_del(x->s, MODEL_PERSON, "p-2", &e), 0);
    assert_int_equal(store_commit(x->s, &e), 0);
    changes(x->s, g0, &l);
    assert_string_equal(l.s, " achievement/a-new2 person/p-2 person/p-2 ");
}

/* The bulk interface itself: a key put twice keeps its last chains; put and
 * deleted in one bulk leaves no chains; an unchanged put is still logged. */
static void test_bulk_twice_and_delete(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    int64_t g0 = generation(x->s);
    const char *docs[] = {
        "{\"kind\":\"achievement\",\"id\":\"b1\",\"title\":\"一\",\"org\":\"o1\","
        "\"chains\":[\"新能源\"]}",
        "{\"kind\":\"achievement\",\"id\":\"b1\",\"title\":\"一\",\"org\":\"o1\","
        "\"chains\":[\"航空\"]}",
        "{\"kind\":\"achievement\",\"id\":\"b2\",\"title\":\"二\",\"org\":\"o1\","
        "\"chains\":[\"新能源\"]}",
        "{\"kind\":\"achievement\",\"id\":\"a-same\",\"title\":\"不变的成果\",\"org\":\"o1\"}",
    };
    assert_int_equal(store_begin(x->s, &e), 0);
    assert_int_equal(store_bulk_begin(x->s, &e), 0);
    assert_int_equal(store_bulk_begin(x->s, &e), QIAO_EINVAL);
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        model_record r;
        model_errors errs = {0};
        json_t *in = model_json_parse(docs[i], strlen(docs[i]), NULL, 0);
        assert_int_equal(model_from_json(in, &r, &errs), 0);
        json_decref(in);
        assert_int_equal(store_put(x->s, &r, &e), 0);
        model_record_clear(&r);
    }
    assert_int_equal(store_del(x->s, MODEL_ACHIEVEMENT, "b2", &e), 0);
    assert_int_equal(store_commit(x->s, &e), 0);   /* ends the bulk */
    assert_int_equal(bulk_rows(x->db), 0);
    log l;
    in_chain(x->s, MODEL_ACHIEVEMENT, "航空", &l);
    assert_string_equal(l.s, " achievement/b1 ");
    in_chain(x->s, MODEL_ACHIEVEMENT, "新能源", &l);
    assert_string_equal(l.s, "");
    changes(x->s, g0, &l);
    assert_non_null(strstr(l.s, " achievement/b1 "));
    assert_non_null(strstr(l.s, " achievement/b2 "));
    assert_non_null(strstr(l.s, " achievement/a-same "));
    /* outside a transaction: refused */
    assert_int_equal(store_bulk_begin(x->s, &e), QIAO_EINVAL);
    assert_int_equal(store_bulk_end(x->s, &e), QIAO_EINVAL);
    /* a rolled-back bulk leaves nothing, and the next bulk works */
    int64_t g1 = generation(x->s);
    assert_int_equal(store_begin(x->s, &e), 0);
    assert_int_equal(store_bulk_begin(x->s, &e), 0);
    store_rollback(x->s);
    assert_int_equal(bulk_rows(x->db), 0);
    put_json(x->s, "{\"kind\":\"demand\",\"id\":\"d9\",\"title\":\"九\",\"org\":\"o1\","
                    "\"chains\":[\"航空\"]}", 1);
    changes(x->s, g1, &l);
    assert_string_equal(l.s, " demand/d9 ");
    in_chain(x->s, MODEL_DEMAND, "航空", &l);
    assert_string_equal(l.s, " demand/d9 ");
}

/* A store made by qiao gets 16 KiB pages (fewer pages for a bulk import to
 * write and checkpoint); one that exists keeps its own. */
/* The first column of sql's first row, as text, into out. */
static void text_of(const char *path, const char *sql, char *out, size_t cap)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, cap, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                                       : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Records put out of key order, kinds interleaved: the change log keeps the
 * order written, web_record_changes gets them by kind, then key (its rows in
 * the order store_bulk_end's ORDER BY asks: the bulk's notes sorted, or read
 * as put when already in that order — then without a sort). */
static void test_bulk_orders_by_key(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    int64_t g0 = generation(x->s);
    const char *mixed =
        "{\"kind\":\"demand\",\"id\":\"y-2\",\"title\":\"需求二\",\"org\":\"o1\"}\n"
        "{\"kind\":\"achievement\",\"id\":\"x-3\",\"title\":\"成果三\",\"org\":\"o1\"}\n"
        "{\"kind\":\"achievement\",\"id\":\"x-1\",\"title\":\"成果一\",\"org\":\"o1\"}\n"
        "{\"kind\":\"demand\",\"id\":\"y-1\",\"title\":\"需求一\",\"org\":\"o1\"}\n"
        "{\"kind\":\"achievement\",\"id\":\"x-2\",\"title\":\"成果二\",\"org\":\"o1\"}\n";
    if (import_text(x->s, mixed, &e) != 0)
        fail_msg("import: %s", e.msg);
    log l;
    changes(x->s, g0, &l);
    assert_string_equal(l.s, " demand/y-2 achievement/x-3 achievement/x-1 demand/y-1 "
                             "achievement/x-2 ");
    const char *by_rowid = "SELECT group_concat(kind || '/' || key, ' ') FROM "
                           "(SELECT kind, key FROM web_record_changes ORDER BY rowid)";
    char got[512];
    text_of(x->db, by_rowid, got, sizeof got);
    assert_string_equal(got, "achievement/a-old achievement/a-same achievement/x-1 "
                             "achievement/x-2 achievement/x-3 demand/y-1 demand/y-2");
    /* already in order (one kind, keys ascending): the same */
    const char *sorted =
        "{\"kind\":\"achievement\",\"id\":\"z-1\",\"title\":\"成果\",\"org\":\"o1\"}\n"
        "{\"kind\":\"achievement\",\"id\":\"z-2\",\"title\":\"成果\",\"org\":\"o1\"}\n";
    if (import_text(x->s, sorted, &e) != 0)
        fail_msg("import: %s", e.msg);
    text_of(x->db, by_rowid, got, sizeof got);
    assert_non_null(strstr(got, " demand/y-2 achievement/z-1 achievement/z-2"));
}

static void test_page_size(void **state)
{
    fx *x = *state;
    assert_int_equal(count(x->db, "PRAGMA page_size"), 16384);
    char old[4096];
    tu_tmp_db(old, sizeof old);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA page_size = 4096; CREATE TABLE t(x)", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(db);
    store *s;
    qiao_err e = {0};
    assert_int_equal(store_open(old, &s, &e), 0);
    assert_int_equal(import_text(s, seed, &e), 0);
    store_close(s);
    assert_int_equal(count(old, "PRAGMA page_size"), 4096);
    assert_int_equal(count(old, "SELECT count(*) FROM achievement"), 2);
}

/* The handle's page cache (PRAGMA cache_size, negative: KiB). */
static int64_t cache_of(store *s)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(((sq *)s)->db, "PRAGMA cache_size", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* A bulk widens the page cache; the commit, a rollback, or a failed import
 * gives it back. */
static void test_bulk_cache_given_back(void **state)
{
    fx *x = *state;
    qiao_err e = {0};
    int64_t own = cache_of(x->s);
    assert_int_equal(own, -65536);
    assert_int_equal(store_begin(x->s, &e), 0);
    assert_int_equal(store_bulk_begin(x->s, &e), 0);
    assert_int_equal(cache_of(x->s), -262144);
    assert_int_equal(store_commit(x->s, &e), 0);
    assert_int_equal(cache_of(x->s), own);
    assert_int_equal(store_begin(x->s, &e), 0);
    assert_int_equal(store_bulk_begin(x->s, &e), 0);
    store_rollback(x->s);
    assert_int_equal(cache_of(x->s), own);
    assert_int_equal(import_text(x->s, "{\"kind\":\"achievement\",\"id\":\"z\",\"title\":\"t\","
                                       "\"org\":\"nobody\"}\n", &e), QIAO_EINVAL);
    assert_int_equal(cache_of(x->s), own);
    assert_int_equal(import_text(x->s, batch, &e), 0);
    assert_int_equal(cache_of(x->s), own);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_import_logs_every_record),
        T(test_failed_import_leaves_no_trace),
        T(test_single_put_still_logs),
        T(test_bulk_twice_and_delete),
        T(test_bulk_orders_by_key),
        T(test_page_size),
        T(test_bulk_cache_given_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
