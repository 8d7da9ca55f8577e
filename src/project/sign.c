/* project/sign.c — signing needs both parties: the first party's "signed" is
 * a proposal (kept in the store, noted in the history), the project reaches
 * signed when another party confirms (project.h, project_sign). */
#include <stdio.h>
#include <string.h>

#include "model/input.h"
#include "notify/notify.h"
#include "project/project.h"

static int is_party(const model_record *r, const char *party)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, "parties"), i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), party) == 0)
            return 1;
    return 0;
}

/* What people call project r: its achievement's title, else its demand's. */
static void label_of(store *s, const model_record *r, char *out, size_t n)
{
    static const struct { const char *field; model_kind k; } refs[] = {
        {"achievement", MODEL_ACHIEVEMENT}, {"demand", MODEL_DEMAND}};
    snprintf(out, n, "合作项目");
    for (size_t i = 0; i < 2; i++) {
        model_record x = {0};
        const char *id = model_str(r, refs[i].field);
        if (*id && store_get(s, refs[i].k, id, &x, NULL) == 0) {
            snprintf(out, n, "%s", model_str(&x, "title"));
            model_record_clear(&x);
            return;
        }
    }
}

/* Notifies the accounts of every org party of r but `except` (inside the
 * caller's transaction). */
static int notify_parties(store *s, const model_record *r, const char *except,
                          const char *title, const char *body, qiao_err *e)
{
    char link[MODEL_KEY_MAX + 16];
    snprintf(link, sizeof link, "/projects/%s", r->key);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, "parties"), i, v) {
        const char *p = json_string_value(v);
        if (!p || !strcmp(p, except) || store_exists(s, MODEL_ORG, p, NULL) != 1)
            continue;
        int rc = notify_org(s, p, "project_signed", title, body, link, NULL, e);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The org whose accounts hear for party p (an org, or a person's org), or "". */
static void org_of(store *s, const char *p, char out[MODEL_KEY_MAX])
{
    model_record x = {0};
    out[0] = '\0';
    if (store_exists(s, MODEL_ORG, p, NULL) == 1) {
        snprintf(out, MODEL_KEY_MAX, "%s", p);
    } else if (store_get(s, MODEL_PERSON, p, &x, NULL) == 0) {
        snprintf(out, MODEL_KEY_MAX, "%s", model_str(&x, "org"));
        model_record_clear(&x);
    }
}

int project_notify_advanced(store *s, const model_record *r, const char *by, const char *to,
                            qiao_err *e)
{
    /* the acting side: an account's org, or a person's org, or the party itself */
    char mine[MODEL_KEY_MAX] = "", done[8][MODEL_KEY_MAX];
    size_t ndone = 0;
    store_user u;
    if (by && *by) {
        if (store_user_get(s, by, &u, NULL) == 0)
            snprintf(mine, sizeof mine, "%s", u.org);
        else
            org_of(s, by, mine);
    }
    char what[400], link[MODEL_KEY_MAX + 16], body[1200];
    label_of(s, r, what, sizeof what);
    snprintf(link, sizeof link, "/projects/%s", r->key);
    snprintf(body, sizeof body, "合作项目“%s”进入新阶段：%s。", what,
             model_value_label(MODEL_PROJECT, "stage", to));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->doc, "parties"), i, v) {
        const char *p = json_string_value(v);
        char org[MODEL_KEY_MAX];
        if (!p || (by && !strcmp(p, by)))
            continue;
        org_of(s, p, org);
        int seen = !*org || !strcmp(org, mine);
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = !strcmp(done[k], org);
        if (seen)
            continue;
        if (ndone < 8)
            snprintf(done[ndone++], MODEL_KEY_MAX, "%s", org);
        int rc = notify_org(s, org, "project_advanced", "合作项目进展", body, link, NULL, e);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static const char *pick(const char *given, const char *proposed)
{
    return given && *given ? given : proposed;
}

static int check_terms(const char *id, const store_sign *p, qiao_err *e)
{
    static const char *const modes[] = {"self", "assign", "license", "cooperate", "equity",
                                        "other", NULL};
    int64_t t;
    if (!*p->signed_on || !*p->mode || !*p->agreement)
        return qiao_field_errf(e, QIAO_EINVAL, !*p->signed_on ? "signed_on" : !*p->mode
                               ? "mode" : "agreement", "project %s: signing needs the date, the "
                               "transfer mode and the agreement", id);
    if (strlen(p->signed_on) != 10 || project_time_parse(p->signed_on, &t, NULL) < 0)
        return qiao_field_errf(e, QIAO_EINVAL, "signed_on", "project %s: the signing date must "
                               "be a date such as 2023-03-10; got \"%.40s\"", id, p->signed_on);
    for (int i = 0; modes[i]; i++)
        if (strcmp(modes[i], p->mode) == 0)
            return 0;
    return qiao_field_errf(e, QIAO_EINVAL, "mode", "project %s: the transfer mode is one of "
                           "self, assign, license, cooperate, equity, other; got \"%.20s\"", id,
                           p->mode);
}

int project_sign(store *s, const project_advance_req *rq, const char *party, int *pending,
                 qiao_err *e)
{
    model_record r = {0};
    store_sign prop;
    int rc;
    *pending = 0;
    if (!party || !*party)
        return project_advance(s, rq, NULL, e);
    if ((rc = store_get(s, MODEL_PROJECT, rq->id, &r, e)) < 0) {
        if (rc == QIAO_ENOTFOUND)
            qiao_field_errf(e, rc, "id", "id: no project with id \"%s\" in the store", rq->id);
        return rc;
    }
    project_stage cur = project_stage_of(&r);
    if ((rc = project_transition_check(rq->id, cur, PROJECT_SIGNED, e)))
        goto out;
    if (!is_party(&r, party)) {
        rc = qiao_errf(e, QIAO_EPERM, "project %s: %s is not one of its parties", rq->id, party);
        goto out;
    }
    rc = store_sign_get(s, rq->id, &prop, e);
    if (rc < 0 && rc != QIAO_ENOTFOUND)
        goto out;
    int valid = rc == 0 && strcmp(prop.stage, project_stage_name(cur)) == 0 &&
                is_party(&r, prop.party);
    rc = 0;
    if (valid && strcmp(prop.party, party) != 0) {
        /* another party proposed: this confirms; given terms override */
        project_advance_req ar = *rq;
        ar.signed_on = pick(rq->signed_on, prop.signed_on);
        ar.mode = pick(rq->mode, prop.mode);
        ar.agreement = pick(rq->agreement, prop.agreement);
        if (!rq->has_amount && prop.has_amount) {
            ar.amount = prop.amount;
            ar.has_amount = 1;
        }
        char note[800];
        snprintf(note, sizeof note, "双方确认签约：%s（%s）提议，%s 确认%s%.500s",
                 prop.party, prop.login, party, rq->note && *rq->note ? "；" : "",
                 rq->note ? rq->note : "");
        ar.note = note;
        char what[400], title[600], body[900];
        label_of(s, &r, what, sizeof what);
        snprintf(title, sizeof title, "合作项目已签约：%s", what);
        char day[64] = "";               /* as people read it: 2023年5月20日 */
        if (ar.signed_on)
            model_when_format(ar.signed_on, day, sizeof day);
        snprintf(body, sizeof body, "双方已确认签约（%s，%s）。", day,
                 ar.agreement ? ar.agreement : "");
        /* the stage, the proposal's end and the news: all or nothing */
        if ((rc = store_begin(s, e)))
            goto out;
        if ((rc = project_advance_in_tx(s, &ar, NULL, e)) == 0 &&
            (rc = store_sign_del(s, rq->id, e)) == 0 &&
            (rc = notify_parties(s, &r, party, title, body, e)) == 0)
            rc = store_commit(s, e);
        if (rc)
            store_rollback(s);
        goto out;
    }
    /* the first party (or the same party again, with new terms): a proposal */
    memset(&prop, 0, sizeof prop);
    snprintf(prop.project, sizeof prop.project, "%s", rq->id);
    snprintf(prop.stage, sizeof prop.stage, "%s", project_stage_name(cur));
    snprintf(prop.party, sizeof prop.party, "%s", party);
    snprintf(prop.login, sizeof prop.login, "%s", rq->by ? rq->by : "");
    prop.at = project_time_now();
    snprintf(prop.signed_on, sizeof prop.signed_on, "%s", pick(rq->signed_on, model_str(&r, "signed_on")));
    snprintf(prop.mode, sizeof prop.mode, "%s", pick(rq->mode, model_str(&r, "mode")));
    snprintf(prop.agreement, sizeof prop.agreement, "%s", pick(rq->agreement, model_str(&r, "agreement")));
    prop.amount = rq->amount;
    prop.has_amount = rq->has_amount;
    if ((rc = check_terms(rq->id, &prop, e)))
        goto out;
    char at[32], note[1200];
    project_time_format(prop.at, at);
    snprintf(note, sizeof note, "%s 提议签约，待另一方确认：签约日期 %s，转化方式 %s，"
             "协议 %.600s%s%.300s", party, prop.signed_on, prop.mode, prop.agreement,
             rq->note && *rq->note ? "；" : "", rq->note ? rq->note : "");
    store_history h = {0, rq->id, project_stage_name(cur), project_stage_name(cur), at,
                       rq->by ? rq->by : "", note};
    char what[400], title[600], body[900];
    label_of(s, &r, what, sizeof what);
    snprintf(title, sizeof title, "请确认签约：%s", what);
    snprintf(body, sizeof body, "合作方已提出签约（签约日期 %s，协议 %.300s），请在项目页面核对并确认。",
             prop.signed_on, prop.agreement);
    if ((rc = store_begin(s, e)))
        goto out;
    if ((rc = store_sign_put(s, &prop, e)) == 0 && (rc = store_history_add(s, &h, e)) == 0 &&
        (rc = notify_parties(s, &r, party, title, body, e)) == 0)
        rc = store_commit(s, e);
    if (rc)
        store_rollback(s);
    else
        *pending = 1;
out:
    model_record_clear(&r);
    return rc;
}

int project_sign_pending(store *s, const model_record *r, store_sign *out, qiao_err *e)
{
    int rc = store_sign_get(s, r->key, out, e);
    if (rc == QIAO_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    return strcmp(out->stage, project_stage_name(project_stage_of(r))) == 0 &&
           is_party(r, out->party);
}
