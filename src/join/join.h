/* join/join.h — how an organisation joins the platform, and how people are
 * invited into it. The rules live here; the web pages (src/web/page_join.c,
 * page_invite.c) and `qiao org` (src/cli/cmd_org.c) only call them.
 *
 *   applying:   join_apply checks the form (each field's error in Chinese,
 *               named by its field) and stores an application — nothing
 *               else. It gives the applicant the secret of a status link
 *               (/join/status/TOKEN; only its hash is kept).
 *   reviewing:  staff approve (join_approve: the org record, with a
 *               server-assigned id org-YYYY-NNNN and the credit code, and its
 *               admin account, with the contact's e-mail, name and phone, in
 *               ONE transaction, and a mail queued) or reject with a reason
 *               (join_reject: the reason is mailed and shown on the status
 *               page).
 *   inviting:   staff (any org) or an org's admin account (its own org) invite
 *               a person by e-mail into an org with a role that fits the org
 *               (join_invite); the one-time link /invite/TOKEN expires
 *               (default 7 days) and makes an account (join_invite_accept).
 *
 * The org type decides the account's role: university and institute →
 * university, enterprise → enterprise, investor → investor, service (服务机构,
 * e.g. a technology-transfer agency) → tech_manager.
 *
 * A credit code already held by an org, or by a pending application, is
 * refused, at application time and again at approval; so is a login that an
 * account or a pending application has. Every function that writes runs its
 * own transaction: on any error nothing is stored.
 */
#ifndef QIAO_JOIN_JOIN_H
#define QIAO_JOIN_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "store/store.h"

#define JOIN_INVITE_DAYS 7
/* Whom an applicant asks when the org is already on the platform. */
#define JOIN_HELP "请联系本单位的平台账号管理员为您开通账号，或联系平台工作人员"

/* The org types an application may name, NULL-terminated. */
extern const char *const join_org_types[];

/* The account role for an org type ("university" for "institute"), or NULL
 * for a type that cannot apply. */
const char *join_role_for_type(const char *org_type);
/* true when an account of `role` fits an org of `org_type` (university,
 * expert, tech_manager into universities and institutes; enterprise into
 * enterprises; investor into investors; tech_manager and expert into
 * service orgs; for other org types the role of join_role_for_type, if any,
 * and expert). */
bool join_role_fits(const char *org_type, const char *role);
/* Chinese name of a role for the forms ("企业用户"). */
const char *join_role_label(const char *role);
/* The contact of an account set outside the forms (`qiao user add`): each of
 * email, name, phone that is not NULL is checked by the forms' rules; on the
 * first refusal fills e (QIAO_EINVAL, e->field "email", "name" or "phone",
 * a Chinese message) and returns it. */
int join_check_contact(const char *email, const char *name, const char *phone, qiao_err *e);

/* What the applicant typed (NULL = empty). */
typedef struct join_form {
    const char *name, *type, *credit_code, *region, *zone;
    const char *contact_name, *contact_phone, *contact_email;
    const char *login, *password, *password2;
} join_form;

/* Checks f and stores the application. 0: out filled (id, canonical credit
 * code, status pending) and token holds the status link's secret.
 * QIAO_EINVAL: errs holds each field's problem (Chinese); QIAO_ECONFLICT:
 * the org or the login is taken (errs names credit_code or login, with whom
 * to ask). Nothing is stored on error. */
int join_apply(store *s, const join_form *f, store_application *out,
               char token[STORE_SECRET_HEX], model_errors *errs, qiao_err *e);

/* Approves application id as staff account `by`: creates the org and the
 * account (the org's admin) and queues the mail, in one transaction. org
 * receives the new org's id. QIAO_ENOTFOUND, QIAO_ECONFLICT (not pending;
 * org or login taken meanwhile: e->msg says so in Chinese). */
int join_approve(store *s, int64_t id, const char *by, char org[65], qiao_err *e);
/* Rejects it with `reason` (required, up to 1000 characters; field
 * "reason"), mailing the applicant. */
int join_reject(store *s, int64_t id, const char *by, const char *reason, qiao_err *e);

/* Who invites. */
typedef struct join_inviter {
    const char *login;
    bool staff;           /* staff or admin */
    const char *org;      /* the inviter's org ("" for none) */
} join_inviter;

/* Invites `email` into org `org` as `role`, valid `days` (0 = default).
 * QIAO_EPERM when the inviter may not (not staff and not the admin of that
 * org); QIAO_EINVAL with errs (fields email, role, days). On success token is
 * the link's secret, iv the stored invitation; the mail is queued. */
int join_invite(store *s, const join_inviter *by, const char *org, const char *email,
                const char *role, int days, char token[STORE_SECRET_HEX], store_invitation *iv,
                model_errors *errs, qiao_err *e);

typedef enum join_link {
    JOIN_LINK_OK,
    JOIN_LINK_UNKNOWN,    /* no such link (or mistyped) */
    JOIN_LINK_USED,
    JOIN_LINK_EXPIRED,
} join_link;

/* What the invitation link `token` is now; iv filled when it exists. */
join_link join_invite_state(store *s, const char *token, store_invitation *iv, qiao_err *e);
/* The Chinese sentence for a link that cannot be used. */
const char *join_link_message(join_link st);

/* Uses the invitation: creates account `login` with the password, name and
 * phone given, bound to the invitation's org and role, with its e-mail.
 * QIAO_EINVAL with errs (login, name, phone, password, password2);
 * QIAO_ECONFLICT for a login taken (errs "login"); QIAO_EPERM when the link
 * is unknown, used or expired (*state tells which). Nothing stored on error. */
int join_invite_accept(store *s, const char *token, const char *login, const char *name,
                       const char *phone, const char *password, const char *password2,
                       join_link *state, model_errors *errs, qiao_err *e);

#endif
