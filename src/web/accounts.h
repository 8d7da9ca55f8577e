/* web/accounts.h — the account pages (internal to src/web): passwords
 * (page_password.c), API tokens (page_tokens.c) and the staff's account
 * administration and audit (page_accounts.c). The rules of who may change
 * which account are in web_may_manage. */
#ifndef QIAO_WEB_ACCOUNTS_H
#define QIAO_WEB_ACCOUNTS_H

#include "web/app.h"
#include "web/html.h"

#define WEB_PASSWORD_MIN 8      /* characters */

/* page_password.c */
int web_page_forgot(web_req *rq, web_resp *rs);
int web_page_forgot_post(web_req *rq, web_resp *rs);
int web_page_reset(web_req *rq, web_resp *rs);
int web_page_reset_post(web_req *rq, web_resp *rs);
int web_page_me_password(web_req *rq, web_resp *rs);
int web_page_me_password_post(web_req *rq, web_resp *rs);
/* A unix time as "2026年12月7日 14:00" (Beijing time). */
void web_unix_when(buf *b, int64_t t);
/* The Chinese message for a new password that is too short or not repeated
 * the same, or NULL when it will do. */
const char *web_password_problem(const char *pw, const char *again);
/* The two inputs "password" and "password2" of a new password. */
void web_password_fields(buf *b);
/* A one-time reset link for u (by: the staff login issuing it, "" for the
 * holder) in token, mailed (queued, in the caller's transaction) when u has
 * an address. */
int web_reset_mail(web_req *rq, const store_user *u, const char *by,
                   char token[STORE_SECRET_HEX], qiao_err *e);

/* page_tokens.c: /me/tokens */
int web_page_tokens(web_req *rq, web_resp *rs);
int web_page_tokens_post(web_req *rq, web_resp *rs);
int web_page_token_revoke(web_req *rq, web_resp *rs);
int web_page_token_revoke_post(web_req *rq, web_resp *rs);

/* page_accounts.c: /admin/accounts, /admin/audit (staff) */
int web_page_accounts(web_req *rq, web_resp *rs);
int web_page_account(web_req *rq, web_resp *rs);
int web_page_account_confirm(web_req *rq, web_resp *rs);
int web_page_account_status_post(web_req *rq, web_resp *rs);
int web_page_account_role_post(web_req *rq, web_resp *rs);
int web_page_account_reset_post(web_req *rq, web_resp *rs);
int web_page_audit(web_req *rq, web_resp *rs);
/* true when the signed-in user may change account u: staff manage the
 * accounts that are neither admin nor staff, admin every account; nobody
 * their own (from these pages). */
bool web_may_manage(const web_req *rq, const store_user *u);

#endif
