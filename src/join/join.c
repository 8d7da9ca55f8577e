/* join/join.c — applications to join: apply, approve, reject (rules in
 * join.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "join/internal.h"
#include "notify/notify.h"

const char *const join_org_types[] = {"university", "institute", "enterprise", "investor",
                                      "service", NULL};

const char *join_role_for_type(const char *t)
{
    if (!t)
        return NULL;
    if (!strcmp(t, "university") || !strcmp(t, "institute"))
        return "university";
    if (!strcmp(t, "enterprise") || !strcmp(t, "investor"))
        return t;
    if (!strcmp(t, "service"))
        return "tech_manager";
    return NULL;
}

bool join_role_fits(const char *t, const char *role)
{
    if (!t || !role)
        return false;
    if (!strcmp(role, "expert"))
        return true;
    if (!strcmp(t, "university") || !strcmp(t, "institute"))
        return !strcmp(role, "university") || !strcmp(role, "tech_manager");
    if (!strcmp(t, "service"))
        return !strcmp(role, "tech_manager");
    const char *r = join_role_for_type(t);
    return r && !strcmp(r, role);
}

const char *join_role_label(const char *role)
{
    static const char *const m[][2] = {
        {"university", "高校院所用户（发布成果）"}, {"enterprise", "企业用户（发布需求）"},
        {"investor", "投资机构用户"}, {"tech_manager", "技术经理人"}, {"expert", "专家"},
        {"staff", "平台工作人员"}, {"admin", "平台管理员"},
    };
    for (size_t i = 0; role && i < sizeof m / sizeof m[0]; i++)
        if (!strcmp(m[i][0], role))
            return m[i][1];
    return role ? role : "";
}

static const char *cc_message(model_cc_status st, size_t pos, char *out, size_t cap)
{
    switch (st) {
    case MODEL_CC_EMPTY: return "请填写统一社会信用代码。";
    case MODEL_CC_LENGTH: return "统一社会信用代码应为 18 位。";
    case MODEL_CC_CHAR:
        snprintf(out, cap, "统一社会信用代码第 %zu 位不正确：只能是数字或大写字母，且不含 I、O、Z、"
                 "S、V。", pos);
        return out;
    case MODEL_CC_DIVISION:
        snprintf(out, cap, "统一社会信用代码第 %zu 位应为数字（第 3–8 位是行政区划代码）。", pos);
        return out;
    case MODEL_CC_CHECK: return "统一社会信用代码的校验位（第 18 位）不符，请核对是否有输错的字符。";
    default: return "";
    }
}

/* The conflict message for a credit code an org already has. */
static void org_taken(store *s, const char *org, model_errors *errs, char *msg, size_t cap)
{
    model_record r = {0};
    qiao_err ig = {0};
    const char *name = store_get(s, MODEL_ORG, org, &r, &ig) == 0 ? model_str(&r, "name") : "";
    snprintf(msg, cap, "该单位%s%s%s已在平台入驻，无需再次申请。%s。", *name ? "（" : "", name,
             *name ? "）" : "", JOIN_HELP);
    if (errs)
        model_errors_add(errs, "credit_code", "%s", msg);
    model_record_clear(&r);
}

/* Credit code and login against the org records, the accounts and the
 * pending applications (skipping application `self`). Adds errors; returns
 * QIAO_ECONFLICT when taken, 0 when free, or a store error. */
static int check_taken(store *s, const char *code, const char *login, int64_t self,
                       model_errors *errs, char *msg, size_t cap, qiao_err *e)
{
    char org[65];
    qiao_err le = {0};
    int rc = store_org_by_credit_code(s, code, org, &le), conflict = 0;
    if (rc == 0) {
        org_taken(s, org, errs, msg, cap);
        conflict = 1;
    } else if (rc != QIAO_ENOTFOUND) {
        *e = le;
        return rc;
    }
    store_user u;
    rc = store_user_get(s, login, &u, &le);
    if (rc == 0) {
        if (!conflict)
            snprintf(msg, cap, "登录账号“%s”已被使用，请换一个。", login);
        if (errs)
            model_errors_add(errs, "login", "该登录账号已被使用，请换一个。");
        conflict = 1;
    } else if (rc != QIAO_ENOTFOUND) {
        *e = le;
        return rc;
    }
    if (self)    /* approving: the application itself is the pending one */
        return conflict ? QIAO_ECONFLICT : 0;
    int code_taken = 0, login_taken = 0;
    rc = store_application_pending(s, code, login, &code_taken, &login_taken, e);
    if (rc < 0)
        return rc;
    if (code_taken && !conflict) {
        snprintf(msg, cap, "该单位的入驻申请已提交，正在审核中，请勿重复申请。");
        model_errors_add(errs, "credit_code", "%s", msg);
        conflict = 1;
    }
    if (login_taken) {
        model_errors_add(errs, "login", "该登录账号已被使用，请换一个。");
        conflict = 1;
    }
    return conflict ? QIAO_ECONFLICT : 0;
}

int join_apply(store *s, const join_form *in, store_application *out,
               char token[STORE_SECRET_HEX], model_errors *errs, qiao_err *e)
{
    memset(out, 0, sizeof *out);
    /* what was typed, without surrounding blanks (passwords as typed) */
    char t[8][JOIN_TRIM_CAP];
    join_form tf = *in, *f = &tf;
    tf.name = join_trim(t[0], sizeof t[0], in->name);
    tf.region = join_trim(t[1], sizeof t[1], in->region);
    tf.zone = join_trim(t[2], sizeof t[2], in->zone);
    tf.contact_name = join_trim(t[3], sizeof t[3], in->contact_name);
    tf.contact_phone = join_trim(t[4], sizeof t[4], in->contact_phone);
    tf.contact_email = join_trim(t[5], sizeof t[5], in->contact_email);
    tf.login = join_trim(t[6], sizeof t[6], in->login);
    tf.type = join_trim(t[7], sizeof t[7], in->type);
    token[0] = '\0';
    join_check_text(errs, "name", "单位名称", f->name, 100, true);
    bool type_ok = false;
    for (size_t i = 0; join_org_types[i]; i++)
        type_ok |= f->type && !strcmp(f->type, join_org_types[i]);
    if (!type_ok)
        model_errors_add(errs, "type", "请选择单位类型。");
    size_t pos;
    char ccmsg[200];
    model_cc_status cst = model_credit_code_normalize(f->credit_code, out->credit_code, &pos);
    if (cst != MODEL_CC_OK)
        model_errors_add(errs, "credit_code", "%s", cc_message(cst, pos, ccmsg, sizeof ccmsg));
    join_check_text(errs, "region", "所在地区", f->region, 100, false);
    join_check_text(errs, "zone", "所属知识经济圈或园区", f->zone, 100, false);
    join_check_text(errs, "contact_name", "联系人姓名", f->contact_name, 20, true);
    join_check_phone(errs, "contact_phone", f->contact_phone);
    join_check_email(errs, "contact_email", f->contact_email);
    bool login_ok = join_check_login(errs, f->login);
    join_check_password(errs, f->password, f->password2);
    if (errs->n)
        return qiao_errf(e, QIAO_EINVAL, "请修改下面标出的内容后重新提交。");

    char msg[600] = "";
    int rc = login_ok ? check_taken(s, out->credit_code, f->login, 0, errs, msg, sizeof msg, e)
                      : 0;
    if (rc == QIAO_ECONFLICT)
        return qiao_errf(e, QIAO_ECONFLICT, "%s", *msg ? msg : "该登录账号已被使用，请换一个。");
    if (rc < 0)
        return rc;

    snprintf(out->name, sizeof out->name, "%s", f->name);
    snprintf(out->type, sizeof out->type, "%s", f->type);
    snprintf(out->region, sizeof out->region, "%s", join_s(f->region));
    snprintf(out->zone, sizeof out->zone, "%s", join_s(f->zone));
    snprintf(out->contact_name, sizeof out->contact_name, "%s", f->contact_name);
    snprintf(out->contact_phone, sizeof out->contact_phone, "%s", f->contact_phone);
    snprintf(out->contact_email, sizeof out->contact_email, "%s", f->contact_email);
    snprintf(out->login, sizeof out->login, "%s", f->login);
    store_user u = {0};
    if ((rc = store_user_set_password(&u, f->password, e)) < 0)
        return rc;
    snprintf(out->pwhash, sizeof out->pwhash, "%s", u.pwhash);
    if ((rc = store_begin(s, e)) < 0)
        return rc;
    rc = store_application_add(s, out, token, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc < 0)
        token[0] = '\0';
    return rc;
}

/* The new org's id: org-YEAR-NNNN with the application's number (Beijing
 * year); a suffix in the unlikely case an imported org has that id. */
static int new_org_id(store *s, int64_t app, char out[65], qiao_err *e)
{
    time_t now = time(NULL) + 8 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    for (int n = 0; n < 100; n++) {
        if (n == 0)
            snprintf(out, 65, "org-%d-%04lld", tm.tm_year + 1900, (long long)app);
        else
            snprintf(out, 65, "org-%d-%04lld-%d", tm.tm_year + 1900, (long long)app, n + 1);
        int rc = store_exists(s, MODEL_ORG, out, e);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return 0;
    }
    return qiao_errf(e, QIAO_ECONFLICT, "no free org id for application %lld", (long long)app);
}

static int create_org(store *s, const store_application *a, const char *id, qiao_err *e)
{
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name", a->name, "type", a->type,
                           "credit_code", a->credit_code);
    if (*a->region)
        json_object_set_new(in, "region", json_string(a->region));
    if (*a->zone)
        json_object_set_new(in, "zone", json_string(a->zone));
    model_record r;
    model_errors errs = {0};
    int rc = model_from_json_kind(MODEL_ORG, in, &r, &errs);
    json_decref(in);
    if (rc < 0) {
        qiao_errf(e, QIAO_EINVAL, "%s", errs.n ? errs.v[0].reason : "invalid org");
        model_errors_clear(&errs);
        return QIAO_EINVAL;
    }
    rc = store_put(s, &r, e);
    model_record_clear(&r);
    return rc;
}

int join_approve(store *s, int64_t id, const char *by, char org[65], qiao_err *e)
{
    org[0] = '\0';
    store_application *a = qiao_malloc(sizeof *a);
    int rc = store_application_get(s, id, a, e);
    if (rc < 0)
        goto out;
    if (strcmp(a->status, "pending") != 0) {
        rc = qiao_errf(e, QIAO_ECONFLICT, "这份申请已审核过（%s），不能再次审核。",
                       !strcmp(a->status, "approved") ? "已通过" : "未通过");
        goto out;
    }
    if ((rc = store_begin(s, e)) < 0)
        goto out;
    char msg[600] = "";
    rc = check_taken(s, a->credit_code, a->login, a->id, NULL, msg, sizeof msg, e);
    if (rc == QIAO_ECONFLICT)
        rc = qiao_errf(e, QIAO_ECONFLICT, "不能通过：%s", msg);
    if (rc == 0)
        rc = new_org_id(s, a->id, org, e);
    if (rc == 0)
        rc = create_org(s, a, org, e);
    store_user u = {0};
    if (rc == 0) {
        snprintf(u.login, sizeof u.login, "%s", a->login);
        snprintf(u.pwhash, sizeof u.pwhash, "%s", a->pwhash);
        snprintf(u.role, sizeof u.role, "%s", join_role_for_type(a->type));
        snprintf(u.org, sizeof u.org, "%s", org);
        snprintf(u.email, sizeof u.email, "%s", a->contact_email);
        snprintf(u.name, sizeof u.name, "%s", a->contact_name);
        snprintf(u.phone, sizeof u.phone, "%s", a->contact_phone);
        rc = store_user_put(s, &u, e);
    }
    if (rc == 0)
        rc = store_org_admin_set(s, u.login, 1, e);
    if (rc == 0)
        rc = store_application_review(s, a->id, "approved", "", org, by, e);
    if (rc == 0) {
        char body[2000];
        snprintf(body, sizeof body,
                 "%s：\n\n您提交的“%s”入驻申请已审核通过，单位已在平台开通。\n"
                 "请用申请时设置的登录账号 %s 和密码登录平台；"
                 "登录后可发布成果或需求，并邀请本单位的同事加入。\n",
                 a->contact_name, a->name, a->login);
        rc = notify_mail(s, a->contact_email, a->login, "application_reviewed",
                         "入驻申请已通过", body, "/login", e);
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc < 0)
        org[0] = '\0';
out:
    free(a);
    return rc;
}

int join_reject(store *s, int64_t id, const char *by, const char *reason, qiao_err *e)
{
    model_errors errs = {0};
    if (!join_check_text(&errs, "reason", "不通过的原因", reason, 1000, true)) {
        int rc = qiao_field_errf(e, QIAO_EINVAL, "reason", "%s", errs.v[0].reason);
        model_errors_clear(&errs);
        return rc;
    }
    store_application *a = qiao_malloc(sizeof *a);
    int rc = store_application_get(s, id, a, e);
    if (rc == 0 && strcmp(a->status, "pending") != 0)
        rc = qiao_errf(e, QIAO_ECONFLICT, "这份申请已审核过，不能再次审核。");
    if (rc == 0 && (rc = store_begin(s, e)) == 0) {
        rc = store_application_review(s, a->id, "rejected", reason, "", by, e);
        if (rc == 0) {
            char body[4000];
            snprintf(body, sizeof body,
                     "%s：\n\n很抱歉，您提交的“%s”入驻申请未通过审核。\n原因：%s\n\n"
                     "您可以按上述原因修改后重新提交申请；如有疑问，请联系平台工作人员。\n",
                     a->contact_name, a->name, reason);
            rc = notify_mail(s, a->contact_email, "", "application_reviewed",
                             "入驻申请未通过", body, "/join", e);
        }
        if (rc == 0)
            rc = store_commit(s, e);
        else
            store_rollback(s);
    }
    free(a);
    return rc;
}
