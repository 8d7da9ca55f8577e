/* interest/interest.c — interests (有意向): sending, accepting, declining,
 * the thread of messages, contacts, and the project proposed from an
 * accepted interest (interest.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "advice/advice.h"
#include "interest/interest.h"
#include "core/utf8.h"
#include "notify/notify.h"
#include "project/project.h"

static const char *str(const char *s)
{
    return s ? s : "";
}

static const char *kind_label(const char *kind)
{
    return strcmp(kind, "demand") == 0 ? "需求" : "成果";
}

const char *interest_status_label(const char *status)
{
    static const char *const t[][2] = {
        {"open", "待回复"}, {"accepted", "已接受"}, {"declined", "已婉拒"}, {"closed", "已关闭"},
    };
    for (size_t i = 0; status && i < sizeof t / sizeof *t; i++)
        if (strcmp(t[i][0], status) == 0)
            return t[i][1];
    return "未知";
}

static int record_live(const model_record *r)
{
    const char *st = model_str(r, "status");
    if (r->kind == MODEL_ACHIEVEMENT)
        return !*st || strcmp(st, "published") == 0;
    if (r->kind == MODEL_DEMAND)
        return !*st || strcmp(st, "open") == 0;
    return 0;
}

int interest_may_send(const interest_actor *a, const model_record *r)
{
    if (!a || !a->login || !*a->login || a->staff || !record_live(r))
        return 0;
    return !(a->org && *a->org && strcmp(a->org, model_str(r, "org")) == 0);
}

/* The side of a in interest i: 1 sender's, 2 receiving, 0 neither. */
static int side_of(const interest_actor *a, const store_interest *i)
{
    if (interest_actor_acts_for(a, i->to_org))
        return 2;
    if (strcmp(a->login, i->from_login) == 0 || interest_actor_acts_for(a, i->from_org))
        return 1;
    return 0;
}

/* An org's name (its id when unknown) into out. */
static void org_name(store *s, const char *org, char *out, size_t n)
{
    model_record r = {0};
    snprintf(out, n, "%s", org);
    if (*org && store_get(s, MODEL_ORG, org, &r, NULL) == 0) {
        snprintf(out, n, "%s", model_str(&r, "name"));
        model_record_clear(&r);
    }
}

/* The title of the record an interest is in. */
static void target_title(store *s, const store_interest *i, char *out, size_t n)
{
    model_kind k;
    model_record r = {0};
    snprintf(out, n, "%s", i->target);
    if (model_kind_parse(i->kind, &k) == 0 && store_get(s, k, i->target, &r, NULL) == 0) {
        snprintf(out, n, "%s", model_str(&r, "title"));
        model_record_clear(&r);
    }
}

/* Notifies one side of i: 1 the sender's (its org's accounts, or the sender),
 * 2 the receiving org's accounts. */
static int notify_side(store *s, const store_interest *i, int side, const char *kind,
                       const char *title, const char *body, qiao_err *e)
{
    char link[64];
    snprintf(link, sizeof link, "/interests/%lld", (long long)i->id);
    if (side == 2)
        return notify_org(s, i->to_org, kind, title, body, link, NULL, e);
    if (*i->from_org) {
        size_t n = 0;
        int rc = notify_org(s, i->from_org, kind, title, body, link, &n, e);
        if (rc < 0 || n > 0)
            return rc;
    }
    return notify_user(s, i->from_login, kind, title, body, link, e);
}

typedef struct live_ctx {
    const interest_actor *a;
    store_interest *out;
    int found;
} live_ctx;

static int live_one(const store_interest *i, void *ud)
{
    live_ctx *c = ud;
    if (side_of(c->a, i) != 1)
        return 0;
    *c->out = *i;
    c->found = 1;
    return 1;
}

int interest_live_of(store *s, const interest_actor *a, const char *kind, const char *target,
                     store_interest *out, qiao_err *e)
{
    store_interest_filter f = {.kind = kind, .target = target, .status = "live"};
    live_ctx c = {a, out, 0};
    int rc = store_interest_list(s, &f, 10000, live_one, &c, NULL, e);
    return rc < 0 ? rc : c.found;
}

int interest_send(store *s, const interest_actor *a, const interest_send_req *rq, int64_t *id,
                  qiao_err *e)
{
    model_kind k;
    model_record r = {0}, via = {0};
    store_interest i;
    int rc;
    if (!rq->kind || model_kind_parse(rq->kind, &k) < 0 ||
        (k != MODEL_ACHIEVEMENT && k != MODEL_DEMAND))
        return qiao_field_errf(e, QIAO_EINVAL, "kind", "只能对成果或需求表达合作意向。");
    if (a->staff)
        return qiao_errf(e, QIAO_EPERM, "工作人员账号不代表任何一方，不能表达合作意向。");
    if ((rc = store_get(s, k, str(rq->target), &r, e)) < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "target", "没有找到这条%s，它可能已被删除。", kind_label(rq->kind));
        return rc;
    }
    memset(&i, 0, sizeof i);
    const char *org = model_str(&r, "org");
    /* the sending side: the actor's own org, or one it acts for as a manager */
    const char *from_org = str(a->org);
    if (rq->for_org && *rq->for_org && strcmp(rq->for_org, from_org) != 0) {
        if (!interest_actor_acts_for(a, rq->for_org)) {
            rc = qiao_field_errf(e, QIAO_EPERM, "for_org", "您没有获得该单位的授权，"
                                 "不能代表它表达合作意向。");
            goto out;
        }
        from_org = rq->for_org;
    }
    if (*from_org && strcmp(from_org, org) == 0) {
        rc = qiao_field_errf(e, QIAO_EPERM, "target", "这是本单位发布的%s，不能对自己表达合作意向。",
                             kind_label(rq->kind));
        goto out;
    }
    if (!record_live(&r)) {
        rc = qiao_field_errf(e, QIAO_ECONFLICT, "target", "这条%s%s，不再接受合作意向。",
                             kind_label(rq->kind),
                             k == MODEL_ACHIEVEMENT ? "已撤回或尚未发布" : "已关闭或尚未发布");
        goto out;
    }
    if ((rc = qiao_text_check("message", "留言", rq->message, INTEREST_MESSAGE_MAX, e)))
        goto out;
    if (rq->via && *rq->via) {
        model_kind vk = k == MODEL_ACHIEVEMENT ? MODEL_DEMAND : MODEL_ACHIEVEMENT;
        if (store_get(s, vk, rq->via, &via, NULL) < 0 || !*from_org ||
            strcmp(model_str(&via, "org"), from_org) != 0) {
            rc = qiao_field_errf(e, QIAO_EINVAL, "via", "所选的匹配来源不是本单位的%s。",
                                 vk == MODEL_DEMAND ? "需求" : "成果");
            goto out;
        }
        snprintf(i.via_kind, sizeof i.via_kind, "%s", model_kind_name(vk));
        snprintf(i.via, sizeof i.via, "%s", rq->via);
    }
    snprintf(i.from_login, sizeof i.from_login, "%s", a->login);
    snprintf(i.from_org, sizeof i.from_org, "%s", from_org);
    snprintf(i.kind, sizeof i.kind, "%s", rq->kind);
    snprintf(i.target, sizeof i.target, "%s", r.key);
    snprintf(i.to_org, sizeof i.to_org, "%s", org);
    store_interest old;
    interest_actor sa = {.login = a->login, .org = from_org};
    if ((rc = interest_live_of(s, &sa, i.kind, i.target, &old, e)) != 0) {
        if (rc > 0)
            rc = qiao_field_errf(e, QIAO_ECONFLICT, "target", "您方已对这条%s表达过合作意向（%s），"
                                 "请在“我的合作意向”中继续沟通。", kind_label(i.kind),
                                 interest_status_label(old.status));
        goto out;
    }
    long per_day = rq->per_day > 0 ? rq->per_day : INTEREST_PER_DAY_DEFAULT;
    int64_t now = (int64_t)time(NULL), sent = 0;
    store_interest_filter f = {.from_login = a->login, .since = now - 24 * 3600};
    if ((rc = store_interest_list(s, &f, 0, NULL, NULL, &sent, e)))
        goto out;
    if (sent >= per_day) {
        rc = qiao_field_errf(e, QIAO_EPERM, "rate", "每个账号 24 小时内最多表达 %ld 个合作意向，"
                             "您已达到上限，请明天再试。", per_day);
        goto out;
    }
    i.created = i.updated = now;
    if ((rc = store_begin(s, e)))
        goto out;
    char from[200], title[400], body[1200];
    org_name(s, *i.from_org ? i.from_org : "", from, sizeof from);
    if (!*i.from_org)
        snprintf(from, sizeof from, "%s", a->login);
    snprintf(title, sizeof title, "收到合作意向：%s", model_str(&r, "title"));
    snprintf(body, sizeof body, "%s对您的%s“%s”有合作意向。留言：%.600s", from,
             kind_label(i.kind), model_str(&r, "title"), rq->message);
    store_message m = {.login = a->login, .body = rq->message, .created = now};
    if ((rc = store_interest_add(s, &i, e)) == 0) {
        m.interest = i.id;
        if ((rc = store_message_add(s, &m, e)) == 0 &&
            (rc = notify_side(s, &i, 2, "interest_received", title, body, e)) == 0)
            rc = store_commit(s, e);
    }
    if (rc)
        store_rollback(s);
    else if (id)
        *id = i.id;
out:
    model_record_clear(&r);
    model_record_clear(&via);
    return rc;
}

int interest_load(store *s, const interest_actor *a, int64_t id, store_interest *out,
                  int *side, qiao_err *e)
{
    int rc = store_interest_get(s, id, out, e), sd;
    if (rc < 0)
        return rc;
    sd = side_of(a, out);
    if (side)
        *side = sd;
    if (sd == 0 && !a->staff)
        return qiao_errf(e, QIAO_ENOTFOUND, "没有编号为 %lld 的合作意向，或您不是它的任何一方。",
                         (long long)id);
    return 0;
}

/* Loads id for a write by a; the side must be `need` (0: either). */
static int load_for(store *s, const interest_actor *a, int64_t id, int need, store_interest *i,
                    int *side, qiao_err *e)
{
    int rc = interest_load(s, a, id, i, side, e);
    if (rc < 0)
        return rc;
    if (*side == 0)
        return qiao_errf(e, QIAO_EPERM, "工作人员可以查看合作意向，但不能代替任何一方回复。");
    if (need && *side != need)
        return qiao_errf(e, QIAO_EPERM, need == 2 ? "只有收到意向的一方可以接受或婉拒。"
                                                  : "只有发出意向的一方可以这样做。");
    return 0;
}

static int decide(store *s, const interest_actor *a, int64_t id, const char *status,
                  const char *reason, qiao_err *e)
{
    store_interest i;
    int side, rc = load_for(s, a, id, 2, &i, &side, e);
    if (rc)
        return rc;
    if (strcmp(i.status, "open") != 0)
        return qiao_errf(e, QIAO_ECONFLICT, "这条合作意向%s，不能再%s。",
                         interest_status_label(i.status),
                         strcmp(status, "accepted") == 0 ? "接受" : "婉拒");
    snprintf(i.status, sizeof i.status, "%s", status);
    snprintf(i.reason, sizeof i.reason, "%s", str(reason));
    snprintf(i.decided_by, sizeof i.decided_by, "%s", a->login);
    i.updated = (int64_t)time(NULL);
    char t[MODEL_KEY_MAX + 200], title[600], body[3000];
    target_title(s, &i, t, sizeof t);
    int acc = strcmp(status, "accepted") == 0;
    snprintf(title, sizeof title, "合作意向%s：%s", acc ? "已被接受" : "被婉拒", t);
    if (acc)
        snprintf(body, sizeof body, "对方接受了您对“%s”的合作意向，现在可以查看双方联系人并继续沟通。", t);
    else
        snprintf(body, sizeof body, "对方婉拒了您对“%s”的合作意向。原因：%s", t, i.reason);
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_interest_update(s, &i, e)) == 0 &&
        (rc = notify_side(s, &i, 1, acc ? "interest_accepted" : "interest_declined", title,
                          body, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    return rc;
}

int interest_accept(store *s, const interest_actor *a, int64_t id, qiao_err *e)
{
    return decide(s, a, id, "accepted", NULL, e);
}

int interest_decline(store *s, const interest_actor *a, int64_t id, const char *reason,
                     qiao_err *e)
{
    int rc = qiao_text_check("reason", "婉拒的原因", reason, INTEREST_REASON_MAX, e);
    return rc ? rc : decide(s, a, id, "declined", reason, e);
}

int interest_message(store *s, const interest_actor *a, int64_t id, const char *body,
                     qiao_err *e)
{
    store_interest i;
    int side, rc = qiao_text_check("body", "留言", body, INTEREST_MESSAGE_MAX, e);
    if (rc || (rc = load_for(s, a, id, 0, &i, &side, e)))
        return rc;
    if (strcmp(i.status, "open") && strcmp(i.status, "accepted"))
        return qiao_errf(e, QIAO_ECONFLICT, "这条合作意向%s，不能再留言。",
                         interest_status_label(i.status));
    char t[MODEL_KEY_MAX + 200], title[600], note[1200];
    target_title(s, &i, t, sizeof t);
    snprintf(title, sizeof title, "新留言：%s", t);
    snprintf(note, sizeof note, "%.900s", body);
    store_message m = {.interest = i.id, .login = a->login, .body = body};
    i.updated = (int64_t)time(NULL);
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_message_add(s, &m, e)) == 0 && (rc = store_interest_update(s, &i, e)) == 0 &&
        (rc = notify_side(s, &i, side == 1 ? 2 : 1, "message", title, note, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    return rc;
}

int interest_contacts(store *s, const store_interest *i, store_user *sender,
                      store_user *receiver, qiao_err *e)
{
    if (strcmp(i->status, "accepted") != 0)
        return qiao_errf(e, QIAO_EPERM, "对方接受合作意向后，双方才能看到彼此的联系人。");
    int rc = store_user_get(s, i->from_login, sender, e);
    if (rc == 0)
        rc = store_user_get(s, i->decided_by, receiver, e);
    return rc;
}

int interest_list(store *s, const interest_actor *a, int64_t limit, store_interest_fn fn,
                  void *ud, qiao_err *e)
{
    store_interest_filter f = {.party = a->staff ? NULL : a->org && *a->org ? a->org : a->login};
    int rc = store_interest_list(s, &f, limit, fn, ud, NULL, e);
    /* a technology manager: then those of each org it acts for */
    for (size_t k = 0; rc == 0 && !a->staff && k < a->nacts; k++) {
        f.party = a->acts[k];
        rc = store_interest_list(s, &f, limit, fn, ud, NULL, e);
    }
    return rc;
}

int interest_propose(store *s, const interest_actor *a, int64_t id, qiao_err *e)
{
    store_interest i;
    int side, rc = load_for(s, a, id, 0, &i, &side, e);
    if (rc)
        return rc;
    if (strcmp(i.status, "accepted") != 0)
        return qiao_errf(e, QIAO_ECONFLICT, "合作意向被接受后才能提议合作项目（现在：%s）。",
                         interest_status_label(i.status));
    if (*i.project)
        return qiao_errf(e, QIAO_ECONFLICT, "这条合作意向已经有了合作项目 %s。", i.project);
    if (*i.proposed_by)
        return qiao_errf(e, QIAO_ECONFLICT, "已经有一方提议了合作项目，请等待对方确认。");
    if (!*i.from_org)
        return qiao_errf(e, QIAO_EPERM, "发出意向的账号没有所属单位，不能建立合作项目；"
                         "请联系平台工作人员。");
    snprintf(i.proposed_by, sizeof i.proposed_by, "%s", a->login);
    i.updated = (int64_t)time(NULL);
    char t[MODEL_KEY_MAX + 200], title[600], body[900];
    target_title(s, &i, t, sizeof t);
    snprintf(title, sizeof title, "合作项目提议：%s", t);
    snprintf(body, sizeof body, "对方提议就“%s”建立合作项目，请确认。", t);
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = store_interest_update(s, &i, e)) == 0 &&
        (rc = notify_side(s, &i, side == 1 ? 2 : 1, "project_proposed", title, body, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    return rc;
}

int interest_confirm(store *s, const interest_actor *a, int64_t id, char *project, qiao_err *e)
{
    store_interest i;
    store_user proposer;
    int side, rc = load_for(s, a, id, 0, &i, &side, e);
    if (rc)
        return rc;
    if (strcmp(i.status, "accepted") != 0 || !*i.proposed_by || *i.project)
        return qiao_errf(e, QIAO_ECONFLICT, *i.project ? "合作项目已经建立。"
                                                       : "还没有人提议合作项目，无需确认。");
    if ((rc = store_user_get(s, i.proposed_by, &proposer, e)))
        return rc;
    interest_actor pa = {.login = proposer.login, .org = proposer.org};
    if (side_of(&pa, &i) == side)
        return qiao_errf(e, QIAO_ECONFLICT, "合作项目由您方提议，需要由对方确认。");
    char pid[MODEL_KEY_MAX], note[200];
    snprintf(pid, sizeof pid, "proj-int-%lld", (long long)i.id);
    snprintf(note, sizeof note, "由合作意向发起，%s 提议，%s 确认", i.proposed_by, a->login);
    const char *parties[2] = {i.to_org, i.from_org};
    /* the managers who sent or accepted it for an org not their own */
    const char *brokers[2];
    size_t nb = 0;
    store_user bu;
    if (store_user_get(s, i.from_login, &bu, NULL) == 0 && strcmp(bu.org, i.from_org) != 0)
        brokers[nb++] = i.from_login;
    if (*i.decided_by && strcmp(i.decided_by, i.from_login) != 0 &&
        store_user_get(s, i.decided_by, &bu, NULL) == 0 && strcmp(bu.org, i.to_org) != 0)
        brokers[nb++] = i.decided_by;
    int ach = strcmp(i.kind, "achievement") == 0;
    const char *other = *i.via ? i.via : NULL;
    project_start_req ps = {
        .id = pid, .parties = parties, .nparties = 2,
        .achievement = ach ? i.target : other, .demand = ach ? other : i.target,
        .by = a->login, .note = note, .brokers = brokers, .nbrokers = nb,
    };
    snprintf(i.project, sizeof i.project, "%s", pid);
    i.updated = (int64_t)time(NULL);
    char t[MODEL_KEY_MAX + 200], title[600], body[900];
    target_title(s, &i, t, sizeof t);
    snprintf(title, sizeof title, "合作项目已建立：%s", t);
    snprintf(body, sizeof body, "双方已确认就“%s”建立合作项目，可在“我的合作项目”中跟进。", t);
    /* the project, the interest and the news of it: all or nothing */
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = project_start_in_tx(s, &ps, e)) == 0 &&
        (rc = store_interest_update(s, &i, e)) == 0 &&
        (rc = notify_side(s, &i, side == 1 ? 2 : 1, "project_proposed", title, body, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    else if (project)
        snprintf(project, MODEL_KEY_MAX, "%s", pid);
    return rc;
}

typedef struct ids_ctx {
    int64_t *v;
    size_t n;
} ids_ctx;

static int collect_id(const store_interest *i, void *ud)
{
    ids_ctx *c = ud;
    c->v = qiao_realloc(c->v, (c->n + 1) * sizeof *c->v);
    c->v[c->n++] = i->id;
    return 0;
}

int interest_record_changed(store *s, const model_record *r, size_t *closed, qiao_err *e)
{
    if (closed)
        *closed = 0;
    if ((r->kind != MODEL_ACHIEVEMENT && r->kind != MODEL_DEMAND) || record_live(r))
        return 0;
    store_interest_filter f = {.kind = model_kind_name(r->kind), .target = r->key,
                               .status = "live"};
    ids_ctx c = {0};
    int rc = store_interest_list(s, &f, 10000, collect_id, &c, NULL, e);
    const char *why = r->kind == MODEL_ACHIEVEMENT ? "该成果已撤回" : "该需求已关闭";
    if (!strcmp(model_str(r, "status"), "draft"))
        why = r->kind == MODEL_ACHIEVEMENT ? "该成果已改为草稿" : "该需求已改为草稿";
    for (size_t k = 0; rc == 0 && k < c.n; k++) {
        store_interest i;
        if ((rc = store_interest_get(s, c.v[k], &i, e)))
            break;
        snprintf(i.status, sizeof i.status, "closed");
        snprintf(i.reason, sizeof i.reason, "%s", why);
        i.updated = (int64_t)time(NULL);
        char title[600], body[900];
        snprintf(title, sizeof title, "合作意向已关闭：%s", model_str(r, "title"));
        snprintf(body, sizeof body, "%s，您对“%s”的合作意向已自动关闭。", why,
                 model_str(r, "title"));
        if ((rc = store_interest_update(s, &i, e)) == 0)
            rc = notify_side(s, &i, 1, "interest_closed", title, body, e);
        if (rc == 0 && closed)
            (*closed)++;
    }
    free(c.v);
    if (rc == 0)                 /* a closed demand: its invitations to advise too */
        rc = advice_record_changed(s, r, NULL, e);
    return rc;
}
