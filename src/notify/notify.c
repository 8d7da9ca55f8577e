/* notify/notify.c — notifications and mail through the store (notify.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "notify/notify.h"

static const notify_kind kinds[] = {
    {"interest_received", "收到合作意向"},
    {"interest_accepted", "合作意向被接受"},
    {"interest_declined", "合作意向被婉拒"},
    {"interest_closed", "合作意向已关闭"},
    {"message", "新留言"},
    {"project_proposed", "合作项目提议"},
    {"project_advanced", "合作项目进展"},
    {"project_signed", "合作项目签约"},
    {"milestone_overdue", "里程碑逾期"},
    {"application_reviewed", "入驻申请审核结果"},
    {"timetable_published", "活动洽谈日程发布"},
    {"meeting_request", "收到洽谈请求"},
    {"meeting_answered", "洽谈请求有回复"},
    {"deadline_soon", "需求即将截止"},
    {"new_match", "新的匹配"},
    {"saved_search", "订阅的搜索有新结果"},
    {"invitation", "账号邀请"},
    {"password_reset", "重设密码"},
    {"account", "账号变更"},
    {"advice_invited", "收到咨询邀请"},
    {"advice_answered", "咨询邀请有回复"},
    {"advice_closed", "咨询邀请已关闭"},
};

const notify_kind *notify_kinds(size_t *n)
{
    *n = sizeof kinds / sizeof kinds[0];
    return kinds;
}

const notify_kind *notify_kind_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].code, code) == 0)
            return &kinds[i];
    return NULL;
}

int notify_kind_requested(const char *code)
{
    return code && (strcmp(code, "password_reset") == 0 || strcmp(code, "invitation") == 0);
}

static int check_kind(const char *kind, qiao_err *e)
{
    if (!notify_kind_find(kind))
        return qiao_errf(e, QIAO_EINVAL, "notify: unknown kind \"%.40s\"", kind ? kind : "");
    return 0;
}

static int to_user(store *s, const store_user *u, const char *kind, const char *title,
                   const char *body, const char *link, qiao_err *e)
{
    store_notice n = {.login = u->login, .kind = kind, .title = title,
                      .body = body ? body : "", .link = link ? link : ""};
    int rc = store_notice_add(s, &n, e);
    if (rc < 0 || !u->email[0])
        return rc;
    int mail = 1, digest = 0;
    if (!notify_kind_requested(kind) &&
        ((rc = store_pref_get(s, u->login, kind, &mail, &digest, e)) < 0 || !mail))
        return rc;
    store_mail m = {.to = u->email, .subject = title, .body = body ? body : "",
                    .link = link ? link : "", .kind = kind, .login = u->login,
                    .digest = digest};
    return store_mail_add(s, &m, e);
}

int notify_user(store *s, const char *login, const char *kind, const char *title,
                const char *body, const char *link, qiao_err *e)
{
    if (check_kind(kind, e) < 0)
        return QIAO_EINVAL;
    store_user u;
    int rc = store_user_get(s, login, &u, e);
    return rc < 0 ? rc : to_user(s, &u, kind, title, body, link, e);
}

typedef struct org_ctx {
    store *s;
    const char *kind, *title, *body, *link;
    size_t count;
    qiao_err *e;
} org_ctx;

static int org_one(const store_user *u, void *ud)
{
    org_ctx *c = ud;
    int rc = to_user(c->s, u, c->kind, c->title, c->body, c->link, c->e);
    if (rc == 0)
        c->count++;
    return rc;
}

int notify_org(store *s, const char *org, const char *kind, const char *title,
               const char *body, const char *link, size_t *count, qiao_err *e)
{
    if (count)
        *count = 0;
    if (check_kind(kind, e) < 0)
        return QIAO_EINVAL;
    if (!org || !*org)
        return qiao_errf(e, QIAO_EINVAL, "notify_org: no org given");
    org_ctx c = {s, kind, title, body, link, 0, e};
    int rc = store_users_scan(s, org, org_one, &c, e);
    if (count)
        *count = c.count;
    return rc;
}

int notify_mail(store *s, const char *to, const char *login, const char *kind,
                const char *subject, const char *body, const char *link, qiao_err *e)
{
    if (check_kind(kind, e) < 0)
        return QIAO_EINVAL;
    store_mail m = {.to = to, .subject = subject, .body = body ? body : "",
                    .link = link ? link : "", .kind = kind, .login = login ? login : ""};
    return store_mail_add(s, &m, e);
}

void notify_time_text(int64_t t, char out[48])
{
    time_t bj = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&bj, &tm);
    snprintf(out, 48, "%d年%d月%d日 %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}
