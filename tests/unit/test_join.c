/* test_join.c — joining (src/join, src/model/credit_code.c, store ops of
 * migration 009): the credit code's check character, the org record's
 * credit_code field, applying (each bad field, a duplicate org, a duplicate
 * login — nothing stored), approving (org + admin account + mail in one
 * transaction), rejecting, inviting and using an invitation once, before it
 * expires. */
#include <sqlite3.h>

#include "teststore.h"

#include "join/join.h"
#include "store/store.h"

/* Codes made with the GB 32100-2015 rule by a separate script (Python),
 * not by the code under test. */
static const char *const valid[] = {"91510100MA61R2K3PF", "125100004507173848",
                                    "52510100MJ01234569", "91510107MA6CA1B2C5",
                                    "91510100000000000E"};

static void test_credit_code_valid(void **st)
{
    (void)st;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        size_t pos = 99;
        assert_int_equal(model_credit_code_check(valid[i], &pos), MODEL_CC_OK);
        assert_int_equal(pos, 0);
        assert_int_equal(model_credit_code_check_char(valid[i]), valid[i][17]);
    }
}

static void test_credit_code_wrong_check(void **st)
{
    (void)st;
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        /* every other check character is refused */
        int ok = 0;
        for (const char *c = alphabet; *c; c++) {
            char code[19];
            memcpy(code, valid[i], 19);
            code[17] = *c;
            size_t pos;
            model_cc_status s = model_credit_code_check(code, &pos);
            if (s == MODEL_CC_OK)
                ok++;
            else {
                assert_int_equal(s, MODEL_CC_CHECK);
                assert_int_equal(pos, 18);
            }
        }
        assert_int_equal(ok, 1);
        /* a single mistyped character among the first 17 is caught */
        char code[19];
        memcpy(code, valid[i], 19);
        code[9] = code[9] == '1' ? '2' : '1';
        assert_int_equal(model_credit_code_check(code, NULL), MODEL_CC_CHECK);
    }
}

static void test_credit_code_length_and_letters(void **st)
{
    (void)st;
    assert_int_equal(model_credit_code_check("", NULL), MODEL_CC_EMPTY);
    assert_int_equal(model_credit_code_check("91510100MA61R2K3P", NULL), MODEL_CC_LENGTH);
    assert_int_equal(model_credit_code_check("91510100MA61R2K3PFF", NULL), MODEL_CC_LENGTH);
    const char *forbidden = "IOZSV";
    for (const char *f = forbidden; *f; f++) {
        char code[19];
        memcpy(code, valid[0], 19);
        code[10] = *f;
        size_t pos;
        assert_int_equal(model_credit_code_check(code, &pos), MODEL_CC_CHAR);
        assert_int_equal(pos, 11);
    }
    /* characters 3-8 are the administrative division: digits */
    char code[19];
    memcpy(code, valid[0], 19);
    code[4] = 'A';
    size_t pos;
    assert_int_equal(model_credit_code_check(code, &pos), MODEL_CC_DIVISION);
    assert_int_equal(pos, 5);
}

static void test_credit_code_lower_case(void **st)
{
    (void)st;
    char out[19];
    /* strict form refuses lower case; what people type is normalised */
    assert_int_equal(model_credit_code_check("91510100ma61r2k3pf", NULL), MODEL_CC_CHAR);
    assert_int_equal(model_credit_code_normalize(" 91510100ma61r2k3pf\t", out, NULL), MODEL_CC_OK);
    assert_string_equal(out, "91510100MA61R2K3PF");
    assert_int_equal(model_credit_code_normalize("91510100ma61r2k3pe", out, NULL), MODEL_CC_CHECK);
    assert_string_equal(out, "");
    assert_int_equal(model_credit_code_normalize("9151 0100MA61R2K3PF", out, NULL),
                     MODEL_CC_LENGTH);
}

static void test_org_credit_code_field(void **st)
{
    (void)st;
    model_record r;
    model_errors errs = {0};
    json_t *in = json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", "org", "id", "o1", "name", "甲",
                           "type", "enterprise", "credit_code", valid[0]);
    assert_int_equal(model_from_json(in, &r, &errs), 0);
    assert_string_equal(model_str(&r, "credit_code"), valid[0]);
    model_record_clear(&r);
    json_object_set_new(in, "credit_code", json_string("91510100MA61R2K3PE"));
    assert_int_equal(model_from_json(in, &r, &errs), QIAO_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.v[0].field, "credit_code");
    model_errors_clear(&errs);
    json_decref(in);
}

/* ---- the flows ---- */

static int64_t count(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static join_form form(const char *name, const char *code, const char *login)
{
    return (join_form){.name = name, .type = "enterprise", .credit_code = code,
                       .region = "成都市", .contact_name = "张三",
                       .contact_phone = "13800000000", .contact_email = "zs@example.cn",
                       .login = login, .password = "pass-word-1", .password2 = "pass-word-1"};
}

static bool has_field(const model_errors *errs, const char *f)
{
    for (size_t i = 0; i < errs->n; i++)
        if (!strcmp(errs->v[i].field, f))
            return true;
    return false;
}

static void test_apply_bad_fields(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    join_form f = form("", "91510100MA61R2K3PE", "a b");
    f.type = "government";
    f.contact_email = "no-at";
    f.contact_phone = "12";
    f.password2 = "other-pass";
    store_application a;
    char tok[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), QIAO_EINVAL);
    const char *fields[] = {"name", "type", "credit_code", "contact_email", "contact_phone",
                            "login", "password2"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!has_field(&errs, fields[i]))
            fail_msg("no error for %s", fields[i]);
    assert_string_equal(tok, "");
    model_errors_clear(&errs);
    assert_int_equal(count(path, "SELECT count(*) FROM applications"), 0);
    store_close(s);
}

static void test_apply_approve_duplicates(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    join_form f = form("成都甲科技有限公司", "91510100ma61r2k3pf", "jia");
    store_application a;
    char tok[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), 0);
    assert_string_equal(a.credit_code, "91510100MA61R2K3PF");
    assert_int_equal(strlen(tok), 64);
    /* only the hash of the link is stored */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM applications WHERE token_hash = '%s'", tok);
    assert_int_equal(count(path, sql), 0);
    store_application b;
    assert_int_equal(store_application_by_token(s, tok, &b, &e), 0);
    assert_int_equal(b.id, a.id);
    assert_string_equal(b.status, "pending");
    assert_int_equal(count(path, "SELECT count(*) FROM org"), 0);
    assert_int_equal(count(path, "SELECT count(*) FROM users"), 0);

    /* the same org again while pending, and the same login: refused */
    join_form g = form("成都甲科技有限公司", "91510100MA61R2K3PF", "jia2");
    assert_int_equal(join_apply(s, &g, &b, tok, &errs, &e), QIAO_ECONFLICT);
    assert_true(has_field(&errs, "credit_code"));
    model_errors_clear(&errs);
    join_form h = form("成都乙科技有限公司", valid[1], "jia");
    assert_int_equal(join_apply(s, &h, &b, tok, &errs, &e), QIAO_ECONFLICT);
    assert_true(has_field(&errs, "login"));
    assert_false(has_field(&errs, "credit_code"));
    model_errors_clear(&errs);
    assert_int_equal(count(path, "SELECT count(*) FROM applications"), 1);

    /* approve: org, account (org admin, contact details), mail, in one go */
    char org[65];
    assert_int_equal(join_approve(s, a.id, "admin", org, &e), 0);
    assert_true(strncmp(org, "org-", 4) == 0);
    model_record r;
    assert_int_equal(store_get(s, MODEL_ORG, org, &r, &e), 0);
    assert_string_equal(model_str(&r, "credit_code"), "91510100MA61R2K3PF");
    assert_string_equal(model_str(&r, "type"), "enterprise");
    model_record_clear(&r);
    store_user u;
    assert_int_equal(store_user_get(s, "jia", &u, &e), 0);
    assert_string_equal(u.role, "enterprise");
    assert_string_equal(u.org, org);
    assert_string_equal(u.email, "zs@example.cn");
    assert_string_equal(u.phone, "13800000000");
    assert_true(store_user_check_password(&u, "pass-word-1"));
    int admin = 0;
    assert_int_equal(store_org_admin_get(s, "jia", &admin, &e), 0);
    assert_int_equal(admin, 1);
    assert_int_equal(count(path, "SELECT count(*) FROM mail_outbox WHERE to_addr = "
                                 "'zs@example.cn' AND kind = 'application_reviewed'"), 1);
    /* twice: refused, nothing more */
    assert_int_equal(join_approve(s, a.id, "admin", org, &e), QIAO_ECONFLICT);

    /* the org is on the platform now: a new application is refused and
     * says whom to ask */
    join_form k = form("成都甲科技有限公司（重复）", "91510100MA61R2K3PF", "jia3");
    assert_int_equal(join_apply(s, &k, &b, tok, &errs, &e), QIAO_ECONFLICT);
    assert_true(has_field(&errs, "credit_code"));
    assert_non_null(strstr(e.msg, "已在平台入驻"));
    assert_non_null(strstr(e.msg, "管理员"));
    model_errors_clear(&errs);
    assert_int_equal(count(path, "SELECT count(*) FROM applications"), 1);
    store_close(s);
}

static void test_approve_refused_when_taken_meanwhile(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    store_application a;
    char tok[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    join_form f = form("乙公司", valid[2], "yiyi");
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), 0);
    /* an org with that code was imported meanwhile */
    json_t *in = json_pack("{s:s,s:s,s:s,s:s}", "id", "yi-old", "name", "乙公司", "type",
                           "enterprise", "credit_code", valid[2]);
    model_record r;
    assert_int_equal(model_from_json_kind(MODEL_ORG, in, &r, &errs), 0);
    json_decref(in);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_put(s, &r, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    model_record_clear(&r);
    /* the store itself keeps one org per credit code */
    in = json_pack("{s:s,s:s,s:s,s:s}", "id", "yi-copy", "name", "乙公司", "type", "enterprise",
                   "credit_code", valid[2]);
    assert_int_equal(model_from_json_kind(MODEL_ORG, in, &r, &errs), 0);
    json_decref(in);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_put(s, &r, &e), QIAO_ECONFLICT);
    assert_string_equal(e.field, "credit_code");
    store_rollback(s);
    model_record_clear(&r);
    char org[65];
    assert_int_equal(join_approve(s, a.id, "admin", org, &e), QIAO_ECONFLICT);
    assert_non_null(strstr(e.msg, "已在平台入驻"));
    assert_int_equal(count(path, "SELECT count(*) FROM org"), 1);
    assert_int_equal(count(path, "SELECT count(*) FROM users"), 0);
    assert_int_equal(count(path, "SELECT count(*) FROM mail_outbox"), 0);
    store_application b;
    assert_int_equal(store_application_get(s, a.id, &b, &e), 0);
    assert_string_equal(b.status, "pending");
    store_close(s);
}

static void test_reject(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    store_application a, b;
    char tok[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    join_form f = form("丙公司", valid[3], "bing");
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), 0);
    assert_int_equal(join_reject(s, a.id, "admin", "  ", &e), QIAO_EINVAL);
    assert_string_equal(e.field, "reason");
    assert_int_equal(join_reject(s, a.id, "admin", "营业执照照片不清晰", &e), 0);
    assert_int_equal(store_application_by_token(s, tok, &b, &e), 0);
    assert_string_equal(b.status, "rejected");
    assert_string_equal(b.reason, "营业执照照片不清晰");
    assert_int_equal(count(path, "SELECT count(*) FROM mail_outbox WHERE body LIKE "
                                 "'%营业执照照片不清晰%'"), 1);
    /* once rejected, the code and login are free for a new application */
    assert_int_equal(join_apply(s, &f, &b, tok, &errs, &e), 0);
    store_close(s);
}

static void test_invitations(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    store_application a;
    char tok[STORE_SECRET_HEX], org[65];
    model_errors errs = {0};
    qiao_err e = {0};
    join_form f = form("丁公司", valid[4], "ding");
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), 0);
    assert_int_equal(join_approve(s, a.id, "admin", org, &e), 0);

    /* the org's admin invites into its own org, a role that fits */
    join_inviter admin = {.login = "ding", .staff = false, .org = org};
    store_invitation iv;
    assert_int_equal(join_invite(s, &admin, org, "new@example.cn", "university", 0, tok, &iv,
                                 &errs, &e), QIAO_EINVAL);
    assert_true(has_field(&errs, "role"));
    model_errors_clear(&errs);
    assert_int_equal(join_invite(s, &admin, org, "new@example.cn", "enterprise", 0, tok, &iv,
                                 &errs, &e), 0);
    assert_int_equal(iv.expires - iv.created, 7 * 86400);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM invitations WHERE token_hash = '%s'", tok);
    assert_int_equal(count(path, sql), 0);
    assert_int_equal(count(path, "SELECT count(*) FROM mail_outbox WHERE kind = 'invitation'"),
                     1);
    /* someone of another org, or an account that is not the admin: refused */
    join_inviter other = {.login = "x", .staff = false, .org = "else"};
    char t2[STORE_SECRET_HEX];
    assert_int_equal(join_invite(s, &other, org, "n2@example.cn", "enterprise", 0, t2, &iv,
                                 &errs, &e), QIAO_EPERM);

    /* bad fields: nothing stored, the link still works */
    join_link stt;
    assert_int_equal(join_invite_accept(s, tok, "ding", "王五", "13900000000", "pass-word-2",
                                        "pass-word-2", &stt, &errs, &e), QIAO_ECONFLICT);
    assert_true(has_field(&errs, "login"));
    model_errors_clear(&errs);
    assert_int_equal(join_invite_state(s, tok, &iv, &e), JOIN_LINK_OK);
    /* used once */
    assert_int_equal(join_invite_accept(s, tok, "wangwu", "王五", "13900000000", "pass-word-2",
                                        "pass-word-2", &stt, &errs, &e), 0);
    store_user u;
    assert_int_equal(store_user_get(s, "wangwu", &u, &e), 0);
    assert_string_equal(u.org, org);
    assert_string_equal(u.role, "enterprise");
    assert_string_equal(u.email, "new@example.cn");
    int is_admin = 1;
    assert_int_equal(store_org_admin_get(s, "wangwu", &is_admin, &e), 0);
    assert_int_equal(is_admin, 0);
    /* reused: refused, nothing stored */
    assert_int_equal(join_invite_accept(s, tok, "zhaoliu", "赵六", "13900000001", "pass-word-3",
                                        "pass-word-3", &stt, &errs, &e), QIAO_EPERM);
    assert_int_equal(stt, JOIN_LINK_USED);
    assert_int_equal(store_user_get(s, "zhaoliu", &u, &e), QIAO_ENOTFOUND);

    /* staff invite; the link expires */
    join_inviter staff = {.login = "admin", .staff = true, .org = ""};
    assert_int_equal(join_invite(s, &staff, org, "late@example.cn", "expert", 1, t2, &iv, &errs,
                                 &e), 0);
    exec(path, "UPDATE invitations SET expires = created - 1 WHERE email = 'late@example.cn'");
    assert_int_equal(join_invite_state(s, t2, &iv, &e), JOIN_LINK_EXPIRED);
    assert_int_equal(join_invite_accept(s, t2, "late", "迟到", "13900000002", "pass-word-4",
                                        "pass-word-4", &stt, &errs, &e), QIAO_EPERM);
    assert_int_equal(stt, JOIN_LINK_EXPIRED);
    assert_int_equal(store_user_get(s, "late", &u, &e), QIAO_ENOTFOUND);
    assert_int_equal(join_invite_state(s, "0123", &iv, &e), JOIN_LINK_UNKNOWN);
    store_close(s);
}

static void test_blanks_trimmed(void **state)
{
    (void)state;
    char path[256];
    store *s = tu_store_fresh(path, sizeof path);
    join_form f = form("\u3000 成都戊公司 ", " 91510100MA61R2K3PF\n", " wuwu ");
    f.contact_email = " wu@example.cn ";
    f.password = f.password2 = " pass-word-1 ";     /* passwords stay as typed */
    store_application a, b;
    char tok[STORE_SECRET_HEX];
    model_errors errs = {0};
    qiao_err e = {0};
    assert_int_equal(join_apply(s, &f, &a, tok, &errs, &e), 0);
    assert_int_equal(store_application_get(s, a.id, &b, &e), 0);
    assert_string_equal(b.name, "成都戊公司");
    assert_string_equal(b.login, "wuwu");
    assert_string_equal(b.contact_email, "wu@example.cn");
    store_user u = {0};
    snprintf(u.pwhash, sizeof u.pwhash, "%s", b.pwhash);
    assert_true(store_user_check_password(&u, " pass-word-1 "));
    store_close(s);
}

static void test_roles(void **state)
{
    (void)state;
    assert_string_equal(join_role_for_type("university"), "university");
    assert_string_equal(join_role_for_type("institute"), "university");
    assert_string_equal(join_role_for_type("enterprise"), "enterprise");
    assert_string_equal(join_role_for_type("investor"), "investor");
    assert_string_equal(join_role_for_type("service"), "tech_manager");
    assert_null(join_role_for_type("government"));
    assert_true(join_role_fits("institute", "university"));
    assert_false(join_role_fits("enterprise", "university"));
    assert_false(join_role_fits("university", "staff"));
    assert_false(join_role_fits("enterprise", "admin"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credit_code_valid), cmocka_unit_test(test_credit_code_wrong_check),
        cmocka_unit_test(test_credit_code_length_and_letters),
        cmocka_unit_test(test_credit_code_lower_case), cmocka_unit_test(test_org_credit_code_field),
        cmocka_unit_test(test_apply_bad_fields), cmocka_unit_test(test_apply_approve_duplicates),
        cmocka_unit_test(test_approve_refused_when_taken_meanwhile), cmocka_unit_test(test_reject),
        cmocka_unit_test(test_invitations), cmocka_unit_test(test_roles),
        cmocka_unit_test(test_blanks_trimmed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
