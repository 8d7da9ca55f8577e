/* advice/advice.c — invitations to advise (咨询邀请): linking accounts to
 * people, inviting, answering, contacts, closing with the demand
 * (advice.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "advice/advice.h"
#include "interest/interest.h"
#include "core/utf8.h"
#include "notify/notify.h"

static const char *str(const char *s)
{
    return s ? s : "";
}

const char *advice_status_label(const char *status)
{
    static const char *const t[][2] = {
        {"invited", "待回复"}, {"accepted", "已接受"}, {"declined", "已婉拒"}, {"closed", "已关闭"},
    };
    for (size_t i = 0; status && i < sizeof t / sizeof *t; i++)
        if (strcmp(t[i][0], status) == 0)
            return t[i][1];
    return "未知";
}

int advice_is_expert(const model_record *p)
{
    if (!p || p->kind != MODEL_PERSON)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(p->doc, "roles"), i, v) {
        const char *r = json_string_value(v);
        if (r && (!strcmp(r, "expert") || !strcmp(r, "scientist") || !strcmp(r, "tech_manager")))
            return 1;
    }
    return !qiao_utf8_blank(model_str(p, "expertise"));
}

static int demand_open(const model_record *d)
{
    const char *st = model_str(d, "status");
    return d->kind == MODEL_DEMAND && (!*st || strcmp(st, "open") == 0);
}

int advice_link(store *s, const char *login, const char *person, const char *by, qiao_err *e)
{
    store_user u;
    model_record p = {0};
    int rc = store_user_get(s, str(login), &u, e);
    if (rc < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "login", "没有找到账号 %s。", str(login));
        return rc;
    }
    if (person && *person) {
        if ((rc = store_get(s, MODEL_PERSON, person, &p, e)) < 0) {
            if (rc == QIAO_ENOTFOUND)
                qiao_field_errf(e, rc, "person", "没有找到这位人员，请从名单中选择。");
            return rc;
        }
        char other[65];
        rc = advice_account_of(s, person, other, e);
        if (rc > 0 && strcmp(other, u.login) != 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "person", "%s 已经与账号 %s 关联；一位人员只能关联"
                                 "一个账号，请先解除原有关联。", model_str(&p, "name"), other);
        model_record_clear(&p);
        if (rc < 0)
            return rc;
    }
    char old[MODEL_KEY_MAX] = "", detail[2 * MODEL_KEY_MAX + 8];
    if ((rc = store_user_person_get(s, u.login, old, e)) < 0)
        return rc;
    snprintf(detail, sizeof detail, "%s->%s", *old ? old : "-", person && *person ? person : "-");
    store_audit au = {.actor = str(by), .target = u.login, .action = "person", .detail = detail};
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_user_person_set(s, u.login, str(person), e)) == 0 &&
        (!by || (rc = store_audit_add(s, &au, e)) == 0))
        rc = store_commit(s, e);
    if (rc) {
        store_rollback(s);
        if (rc == QIAO_ECONFLICT)
            qiao_field_errf(e, rc, "person", "这位人员已经与另一个账号关联。");
    }
    return rc;
}

int advice_account_of(store *s, const char *person, char login[65], qiao_err *e)
{
    int rc = store_person_account(s, person, login, e);
    if (rc == QIAO_ENOTFOUND)
        return 0;
    return rc < 0 ? rc : 1;
}

int advice_may_invite(store *s, const advice_actor *a, const model_record *d)
{
    if (!a || !a->login || !*a->login || !d || !demand_open(d))
        return 0;
    if (a->staff)
        return 1;
    return interest_may_act(s, a->login, model_str(d, "org"), NULL) > 0;
}

/* The side of a in v: 1 inviting, 2 the expert, 0 neither. */
static int side_of(store *s, const advice_actor *a, const store_advice *v)
{
    char person[MODEL_KEY_MAX];
    if (store_user_person_get(s, a->login, person, NULL) == 0 && *person &&
        strcmp(person, v->person) == 0)
        return 2;
    if (strcmp(a->login, v->login) == 0 || interest_may_act(s, a->login, v->org, NULL) > 0)
        return 1;
    return 0;
}

static int take_one(const store_advice *v, void *ud)
{
    *(store_advice *)ud = *v;
    return 1;
}

int advice_live_of(store *s, const char *demand, const char *person, store_advice *out,
                   qiao_err *e)
{
    store_advice_filter f = {.demand = demand, .person = person, .status = "live"};
    out->id = 0;
    int rc = store_advice_list(s, &f, 1, take_one, out, e);
    return rc < 0 ? rc : out->id != 0;
}

/* The title of demand `key` (its id when it is gone). */
static void demand_title(store *s, const char *key, char *out, size_t n)
{
    model_record r = {0};
    snprintf(out, n, "%s", key);
    if (store_get(s, MODEL_DEMAND, key, &r, NULL) == 0) {
        snprintf(out, n, "%s", model_str(&r, "title"));
        model_record_clear(&r);
    }
}

/* Who invited, as the expert reads it: the org's name, else the account. */
static void inviter_name(store *s, const store_advice *v, char *out, size_t n)
{
    model_record o = {0};
    snprintf(out, n, "%s", v->login);
    if (*v->org && store_get(s, MODEL_ORG, v->org, &o, NULL) == 0) {
        snprintf(out, n, "%s", model_str(&o, "name"));
        model_record_clear(&o);
    }
}

#define ADVICE_LINK "/me/advice"

int advice_invite(store *s, const advice_actor *a, const char *demand, const char *person,
                  const char *message, int64_t *id, qiao_err *e)
{
    model_record d = {0}, p = {0};
    int rc = store_get(s, MODEL_DEMAND, str(demand), &d, e);
    if (rc < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "demand", "没有找到这条需求，它可能已被删除。");
        return rc;
    }
    if (!a->staff && interest_may_act(s, a->login, model_str(&d, "org"), NULL) <= 0) {
        rc = qiao_errf(e, QIAO_EPERM, "只有发布这条需求的单位（及其授权的技术经理人）和平台工作人员"
                       "可以邀请专家咨询。");
        goto out;
    }
    if (!demand_open(&d)) {
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "demand", "这条需求已关闭或尚未发布，不能再邀请专家咨询。");
        goto out;
    }
    if ((rc = store_get(s, MODEL_PERSON, str(person), &p, e)) < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "person", "没有找到这位专家。");
        goto out;
    }
    if (!advice_is_expert(&p)) {
        rc = qiao_field_errf(e, QIAO_EINVAL, "person", "%s 不是专家、科学家或技术经理人，也没有填写"
                             "专业特长，不能邀请其咨询。", model_str(&p, "name"));
        goto out;
    }
    if ((rc = qiao_text_check("message", "邀请留言", message, ADVICE_MESSAGE_MAX, e)))
        goto out;
    char expert[65];
    if ((rc = advice_account_of(s, p.key, expert, e)) <= 0) {
        if (rc == 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "person", "%s 还没有平台账号，暂时无法在线邀请；"
                                 "请联系平台工作人员为其开通账号。", model_str(&p, "name"));
        goto out;
    }
    store_advice old;
    if ((rc = advice_live_of(s, d.key, p.key, &old, e)) != 0) {
        if (rc > 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "person", "已经就这条需求邀请过 %s（%s），"
                                 "请在“咨询邀请”中查看。", model_str(&p, "name"),
                                 advice_status_label(old.status));
        goto out;
    }
    store_advice v;
    memset(&v, 0, sizeof v);
    snprintf(v.demand, sizeof v.demand, "%s", d.key);
    snprintf(v.person, sizeof v.person, "%s", p.key);
    snprintf(v.org, sizeof v.org, "%s", model_str(&d, "org"));
    snprintf(v.login, sizeof v.login, "%s", a->login);
    snprintf(v.message, sizeof v.message, "%s", message);
    char from[640], title[800], body[2400];
    inviter_name(s, &v, from, sizeof from);
    snprintf(title, sizeof title, "咨询邀请：%s", model_str(&d, "title"));
    snprintf(body, sizeof body, "%s邀请您就需求“%s”提供咨询意见。留言：%.600s\n"
             "接受后，双方可以看到彼此的联系人、电话和邮箱。", from, model_str(&d, "title"), message);
    if ((rc = store_begin(s, e)))
        goto out;
    if ((rc = store_advice_add(s, &v, e)) == 0 &&
        (rc = notify_user(s, expert, "advice_invited", title, body, ADVICE_LINK, e)) == 0)
        rc = store_commit(s, e);
    if (rc) {
        store_rollback(s);
        if (rc == QIAO_ECONFLICT)
            qiao_field_errf(e, rc, "person", "已经就这条需求邀请过这位专家。");
    } else if (id) {
        *id = v.id;
    }
out:
    model_record_clear(&d);
    model_record_clear(&p);
    return rc;
}

int advice_load(store *s, const advice_actor *a, int64_t id, store_advice *out, int *side,
                qiao_err *e)
{
    int rc = store_advice_get(s, id, out, e);
    if (rc < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_errf(e, rc, "没有找到这条咨询邀请，或您不是它的任何一方。");
        return rc;
    }
    int sd = side_of(s, a, out);
    if (side)
        *side = sd;
    if (sd == 0 && !a->staff)
        return qiao_errf(e, QIAO_ENOTFOUND, "没有找到这条咨询邀请，或您不是它的任何一方。");
    return 0;
}

static int answer(store *s, const advice_actor *a, int64_t id, const char *status,
                  const char *reason, qiao_err *e)
{
    store_advice v;
    int acc = strcmp(status, "accepted") == 0;
    int rc = store_advice_get(s, id, &v, e);
    if (rc < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_errf(e, rc, "没有找到这条咨询邀请。");
        return rc;
    }
    /* only the account linked to the person invited answers: a forged
     * answer by anyone else (staff included) is refused and nothing stored */
    if (side_of(s, a, &v) != 2)
        return qiao_errf(e, QIAO_EPERM, "只有受邀专家本人的账号可以%s这条咨询邀请。",
                         acc ? "接受" : "婉拒");
    if (strcmp(v.status, "invited") != 0)
        return qiao_errf(e, QIAO_ECONFLICT, "这条咨询邀请%s，不能再%s。",
                         advice_status_label(v.status), acc ? "接受" : "婉拒");
    if (!acc && (rc = qiao_text_check("reason", "婉拒的原因", reason, ADVICE_REASON_MAX, e)))
        return rc;
    snprintf(v.status, sizeof v.status, "%s", status);
    snprintf(v.reason, sizeof v.reason, "%s", str(reason));
    snprintf(v.expert, sizeof v.expert, "%s", a->login);
    v.updated = (int64_t)time(NULL);
    char t[MODEL_KEY_MAX + 640], who[200], title[1200], body[3200];
    model_record p = {0};
    snprintf(who, sizeof who, "受邀专家");
    if (store_get(s, MODEL_PERSON, v.person, &p, NULL) == 0) {
        snprintf(who, sizeof who, "%s", model_str(&p, "name"));
        model_record_clear(&p);
    }
    demand_title(s, v.demand, t, sizeof t);
    snprintf(title, sizeof title, "%s%s了咨询邀请：%s", who, acc ? "接受" : "婉拒", t);
    if (acc)
        snprintf(body, sizeof body, "%s接受了您就需求“%s”发出的咨询邀请，现在可以在“咨询邀请”中"
                 "查看双方的联系人、电话和邮箱。", who, t);
    else
        snprintf(body, sizeof body, "%s婉拒了您就需求“%s”发出的咨询邀请。原因：%s", who, t,
                 v.reason);
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_advice_update(s, &v, e)) == 0 &&
        (rc = notify_user(s, v.login, "advice_answered", title, body, ADVICE_LINK, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    return rc;
}

int advice_accept(store *s, const advice_actor *a, int64_t id, qiao_err *e)
{
    return answer(s, a, id, "accepted", NULL, e);
}

int advice_decline(store *s, const advice_actor *a, int64_t id, const char *reason,
                   qiao_err *e)
{
    return answer(s, a, id, "declined", reason, e);
}

int advice_contacts(store *s, const store_advice *v, store_user *inviter, store_user *expert,
                    qiao_err *e)
{
    if (strcmp(v->status, "accepted") != 0)
        return qiao_errf(e, QIAO_EPERM, "专家接受邀请后，双方才能看到彼此的联系人。");
    int rc = store_user_get(s, v->login, inviter, e);
    if (rc == 0)
        rc = store_user_get(s, v->expert, expert, e);
    return rc;
}

typedef struct list_ctx {
    advice_fn fn;
    void *ud;
    int side;
    const char *skip_person;   /* sent ones: skip those already listed as received */
    int stop;
} list_ctx;

static int list_one(const store_advice *v, void *ud)
{
    list_ctx *c = ud;
    if (c->skip_person && *c->skip_person && strcmp(v->person, c->skip_person) == 0)
        return 0;
    if (c->fn && c->fn(v, c->side, c->ud))
        return c->stop = 1;
    return 0;
}

int advice_list(store *s, const advice_actor *a, int64_t limit, advice_fn fn, void *ud,
                qiao_err *e)
{
    if (a->staff) {
        list_ctx c = {fn, ud, 0, NULL, 0};
        return store_advice_list(s, NULL, limit, list_one, &c, e);
    }
    char person[MODEL_KEY_MAX] = "";
    int rc = store_user_person_get(s, a->login, person, e);
    if (rc < 0)
        return rc;
    list_ctx c = {fn, ud, 2, NULL, 0};
    if (*person) {
        store_advice_filter f = {.person = person};
        if ((rc = store_advice_list(s, &f, limit, list_one, &c, e)) < 0 || c.stop)
            return rc;
    }
    /* sent: for the account's org and each org it acts for */
    interest_actor ia = {.login = a->login};
    store_user u;
    if ((rc = store_user_get(s, a->login, &u, e)) < 0 ||
        (rc = interest_actor_load_acts(s, &ia, e)) < 0)
        return rc;
    c.side = 1;
    c.skip_person = person;
    for (size_t k = 0; k <= ia.nacts && !c.stop; k++) {
        const char *org = k == 0 ? u.org : ia.acts[k - 1];
        if (!*org || (k > 0 && strcmp(org, u.org) == 0))
            continue;
        store_advice_filter f = {.org = org};
        if ((rc = store_advice_list(s, &f, limit, list_one, &c, e)) < 0)
            return rc;
    }
    if (!*u.org && !c.stop) {       /* an account without an org: what it sent */
        store_advice_filter f = {.login = a->login};
        rc = store_advice_list(s, &f, limit, list_one, &c, e);
    }
    return rc < 0 ? rc : 0;
}

typedef struct ids_ctx {
    int64_t *v;
    size_t n;
} ids_ctx;

static int collect_id(const store_advice *v, void *ud)
{
    ids_ctx *c = ud;
    c->v = qiao_realloc(c->v, (c->n + 1) * sizeof *c->v);
    c->v[c->n++] = v->id;
    return 0;
}

int advice_record_changed(store *s, const model_record *r, size_t *closed, qiao_err *e)
{
    if (closed)
        *closed = 0;
    if (r->kind != MODEL_DEMAND || demand_open(r))
        return 0;
    /* the open ones: an accepted invitation keeps its contacts */
    store_advice_filter f = {.demand = r->key, .status = "invited"};
    ids_ctx c = {0};
    int rc = store_advice_list(s, &f, 10000, collect_id, &c, e);
    const char *why = strcmp(model_str(r, "status"), "draft") == 0 ? "该需求已改为草稿"
                                                                   : "该需求已关闭";
    for (size_t k = 0; rc == 0 && k < c.n; k++) {
        store_advice v;
        char login[65];
        if ((rc = store_advice_get(s, c.v[k], &v, e)))
            break;
        snprintf(v.status, sizeof v.status, "closed");
        snprintf(v.reason, sizeof v.reason, "%s", why);
        v.updated = (int64_t)time(NULL);
        char title[800], body[1200];
        snprintf(title, sizeof title, "咨询邀请已关闭：%s", model_str(r, "title"));
        snprintf(body, sizeof body, "%s，就“%s”向您发出的咨询邀请已自动关闭。", why,
                 model_str(r, "title"));
        if ((rc = store_advice_update(s, &v, e)) == 0 &&
            (rc = advice_account_of(s, v.person, login, e)) > 0)
            rc = notify_user(s, login, "advice_closed", title, body, ADVICE_LINK, e);
        if (rc > 0)
            rc = 0;
        if (rc == 0 && closed)
            (*closed)++;
    }
    free(c.v);
    return rc;
}
