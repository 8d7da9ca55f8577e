/* interest/manager.c — technology managers (技术经理人) acting for an org:
 * who may act for whom, granting and revoking (interest.h). */
#include <stdio.h>
#include <string.h>

#include "interest/interest.h"

typedef struct acts_ctx {
    interest_actor *a;
    int any;
} acts_ctx;

static int one_act(const store_manager *m, void *ud)
{
    acts_ctx *c = ud;
    c->any = 1;
    if (!c->a)
        return 1;
    if (c->a->nacts < INTEREST_ACTS_MAX)
        snprintf(c->a->acts[c->a->nacts++], sizeof c->a->acts[0], "%s", m->org);
    return 0;
}

int interest_may_act(store *s, const char *login, const char *org, qiao_err *e)
{
    if (!login || !*login || !org || !*org)
        return 0;
    store_user u;
    int rc = store_user_get(s, login, &u, e);
    if (rc == QIAO_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    if (u.disabled)
        return 0;
    if (strcmp(u.org, org) == 0)
        return 1;
    acts_ctx c = {NULL, 0};
    if ((rc = store_manager_list(s, org, login, one_act, &c, e)) < 0)
        return rc;
    return c.any;
}

int interest_actor_load_acts(store *s, interest_actor *a, qiao_err *e)
{
    a->nacts = 0;
    if (!a->login || !*a->login || a->staff)
        return 0;
    acts_ctx c = {a, 0};
    return store_manager_list(s, NULL, a->login, one_act, &c, e);
}

int interest_actor_acts_for(const interest_actor *a, const char *org)
{
    if (!org || !*org)
        return 0;
    if (a->org && strcmp(a->org, org) == 0)
        return 1;
    for (size_t i = 0; i < a->nacts; i++)
        if (strcmp(a->acts[i], org) == 0)
            return 1;
    return 0;
}

int interest_manager_set(store *s, const char *org, const char *login, const char *by,
                         int by_staff, int on, qiao_err *e)
{
    model_record o = {0};
    store_user u, b;
    int rc;
    if (!org || !*org || store_get(s, MODEL_ORG, org, &o, NULL) < 0)
        return qiao_field_errf(e, QIAO_ENOTFOUND, "org", "没有找到这个单位。");
    model_record_clear(&o);
    if (!by_staff) {
        int admin = 0;
        if (!by || store_user_get(s, by, &b, NULL) < 0 || strcmp(b.org, org) != 0 ||
            store_org_admin_get(s, by, &admin, NULL) < 0 || !admin)
            return qiao_errf(e, QIAO_EPERM, "只有本单位的管理员或平台工作人员可以授权或撤销技术经理人。");
    }
    if (!login || !*login)
        return qiao_field_errf(e, QIAO_EINVAL, "login", "请填写技术经理人的登录名。");
    if ((rc = store_user_get(s, login, &u, NULL)) < 0)
        return qiao_field_errf(e, QIAO_ENOTFOUND, "login", "没有登录名为“%s”的账号，请核对后再试。",
                               login);
    store_manager m;
    memset(&m, 0, sizeof m);
    snprintf(m.org, sizeof m.org, "%s", org);
    snprintf(m.login, sizeof m.login, "%s", login);
    snprintf(m.granted_by, sizeof m.granted_by, "%s", by ? by : "");
    int changed = 0;
    if (!on) {
        if ((rc = store_manager_set(s, &m, 0, &changed, e)) < 0)
            return rc;
        return changed ? 0 : qiao_field_errf(e, QIAO_ENOTFOUND, "login",
                                             "账号“%s”没有获得本单位的授权。", login);
    }
    if (!strcmp(u.role, "admin") || !strcmp(u.role, "staff"))
        return qiao_field_errf(e, QIAO_EINVAL, "login", "平台工作人员不代表任何一方，不能被授权为技术经理人。");
    if (strcmp(u.org, org) == 0)
        return qiao_field_errf(e, QIAO_EINVAL, "login", "账号“%s”本来就属于本单位，无需授权。", login);
    if (u.disabled)
        return qiao_field_errf(e, QIAO_EINVAL, "login", "账号“%s”已停用，不能授权。", login);
    return store_manager_set(s, &m, 1, NULL, e);
}
