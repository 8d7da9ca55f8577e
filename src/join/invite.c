/* join/invite.c — invitations: a one-time, expiring link to set up an
 * account bound to an org and a role (rules in join.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "join/internal.h"
#include "notify/notify.h"

/* May `by` invite into org `org`? Staff: any org; otherwise the org's admin
 * account, into its own org only. */
static int may_invite(store *s, const join_inviter *by, const char *org, qiao_err *e)
{
    if (by->staff)
        return 0;
    if (!by->org || !*by->org || strcmp(by->org, org) != 0)
        return qiao_errf(e, QIAO_EPERM, "只能邀请同事加入本单位。");
    int admin = 0;
    qiao_err ae = {0};
    int rc = store_org_admin_get(s, by->login, &admin, &ae);
    if (rc < 0 && rc != QIAO_ENOTFOUND) {
        *e = ae;
        return rc;
    }
    if (!admin)
        return qiao_errf(e, QIAO_EPERM, "只有本单位的平台账号管理员或平台工作人员可以邀请成员。");
    return 0;
}

int join_invite(store *s, const join_inviter *by, const char *org, const char *email,
                const char *role, int days, char token[STORE_SECRET_HEX], store_invitation *iv,
                model_errors *errs, qiao_err *e)
{
    char tbuf[JOIN_TRIM_CAP];
    email = join_trim(tbuf, sizeof tbuf, email);
    memset(iv, 0, sizeof *iv);
    token[0] = '\0';
    model_record r = {0};
    int rc = store_get(s, MODEL_ORG, org ? org : "", &r, e);
    if (rc < 0)
        return rc == QIAO_ENOTFOUND ? qiao_errf(e, QIAO_ENOTFOUND, "没有这个单位。") : rc;
    char type[32];
    snprintf(type, sizeof type, "%s", model_str(&r, "type"));
    model_record_clear(&r);
    if ((rc = may_invite(s, by, org, e)) < 0)
        return rc;
    join_check_email(errs, "email", email);
    if (!join_role_fits(type, role))
        model_errors_add(errs, "role", "请选择适合该单位的账号类型。");
    if (days == 0)
        days = JOIN_INVITE_DAYS;
    if (days < 1 || days > 30)
        model_errors_add(errs, "days", "有效期应为 1–30 天。");
    if (errs->n)
        return qiao_errf(e, QIAO_EINVAL, "请修改下面标出的内容后重新提交。");

    snprintf(iv->org, sizeof iv->org, "%s", org);
    snprintf(iv->role, sizeof iv->role, "%s", role);
    snprintf(iv->email, sizeof iv->email, "%s", email);
    snprintf(iv->invited_by, sizeof iv->invited_by, "%s", by->login);
    iv->created = (int64_t)time(NULL);
    iv->expires = iv->created + (int64_t)days * 86400;
    if ((rc = store_begin(s, e)) < 0)
        return rc;
    rc = store_invitation_add(s, iv, token, e);
    if (rc == 0) {
        char link[100], body[1500], *name = NULL;
        model_record o = {0};
        qiao_err ig = {0};
        if (store_get(s, MODEL_ORG, org, &o, &ig) == 0)
            name = qiao_strdup(model_str(&o, "name"));
        model_record_clear(&o);
        snprintf(link, sizeof link, "/invite/%s", token);
        snprintf(body, sizeof body,
                 "您好：\n\n%s邀请您以“%s”的身份加入桥平台（科技成果转化对接平台）。\n"
                 "请在 %d 天内打开下面的链接，设置登录账号和密码。链接只能使用一次。\n"
                 "如果您不认识邀请方，请忽略这封邮件。\n", name ? name : "平台", 
                 join_role_label(role), days);
        free(name);
        rc = notify_mail(s, email, "", "invitation", "邀请您加入桥平台", body, link, e);
    }
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    if (rc < 0)
        token[0] = '\0';
    return rc;
}

join_link join_invite_state(store *s, const char *token, store_invitation *iv, qiao_err *e)
{
    int rc = store_invitation_get(s, token, iv, e);
    if (rc < 0)
        return JOIN_LINK_UNKNOWN;
    if (iv->used_at)
        return JOIN_LINK_USED;
    if ((int64_t)time(NULL) >= iv->expires)
        return JOIN_LINK_EXPIRED;
    return JOIN_LINK_OK;
}

const char *join_link_message(join_link st)
{
    switch (st) {
    case JOIN_LINK_USED:
        return "这个邀请链接已经使用过了。每个邀请链接只能使用一次；如已设置账号，请直接登录。";
    case JOIN_LINK_EXPIRED:
        return "这个邀请链接已过期。请联系邀请您的人重新发送邀请。";
    case JOIN_LINK_UNKNOWN:
        return "这个邀请链接无效。请检查链接是否完整，或联系邀请您的人重新发送邀请。";
    default:
        return "";
    }
}

int join_invite_accept(store *s, const char *token, const char *login, const char *name,
                       const char *phone, const char *password, const char *password2,
                       join_link *state, model_errors *errs, qiao_err *e)
{
    store_invitation iv;
    char t[4][JOIN_TRIM_CAP];
    login = join_trim(t[0], sizeof t[0], login);
    name = join_trim(t[1], sizeof t[1], name);
    phone = join_trim(t[2], sizeof t[2], phone);
    *state = join_invite_state(s, token, &iv, e);
    if (*state != JOIN_LINK_OK)
        return qiao_errf(e, QIAO_EPERM, "%s", join_link_message(*state));
    bool login_ok = join_check_login(errs, login);
    join_check_text(errs, "name", "姓名", name, 20, true);
    join_check_phone(errs, "phone", phone);
    join_check_password(errs, password, password2);
    if (errs->n || !login_ok)
        return qiao_errf(e, QIAO_EINVAL, "请修改下面标出的内容后重新提交。");
    store_user u = {0};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.role, sizeof u.role, "%s", iv.role);
    snprintf(u.org, sizeof u.org, "%s", iv.org);
    snprintf(u.email, sizeof u.email, "%s", iv.email);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.phone, sizeof u.phone, "%s", phone);
    int rc = store_user_set_password(&u, password, e);
    if (rc < 0)
        return rc;
    if ((rc = store_begin(s, e)) < 0)
        return rc;
    rc = join_login_taken(s, login, e);
    if (rc == 1) {
        model_errors_add(errs, "login", "该登录账号已被使用，请换一个。");
        rc = qiao_errf(e, QIAO_ECONFLICT, "该登录账号已被使用，请换一个。");
    }
    if (rc == 0 && (rc = store_invitation_use(s, iv.id, login, e)) == QIAO_ECONFLICT) {
        *state = JOIN_LINK_USED;     /* used by another request meanwhile */
        rc = qiao_errf(e, QIAO_EPERM, "%s", join_link_message(JOIN_LINK_USED));
    }
    if (rc == 0)
        rc = store_user_put(s, &u, e);
    if (rc == 0)
        rc = store_commit(s, e);
    else
        store_rollback(s);
    return rc;
}
