/* web/join_web.h — the pages of joining (page_join.c, page_applications.c,
 * page_invite.c): applying, the review queue, invitations. Internal to
 * src/web; the rules are src/join's. */
#ifndef QIAO_WEB_JOIN_WEB_H
#define QIAO_WEB_JOIN_WEB_H

#include "web/pages.h"

/* Route handlers (routes.c). */
int web_page_join(web_req *rq, web_resp *rs);
int web_page_join_post(web_req *rq, web_resp *rs);
int web_page_join_status(web_req *rq, web_resp *rs);
int web_page_applications(web_req *rq, web_resp *rs);
int web_page_application_approve_post(web_req *rq, web_resp *rs);
int web_page_application_reject_post(web_req *rq, web_resp *rs);
int web_page_org_invite(web_req *rq, web_resp *rs);
int web_page_org_invite_post(web_req *rq, web_resp *rs);
int web_page_invite(web_req *rq, web_resp *rs);
int web_page_invite_post(web_req *rq, web_resp *rs);

/* Parameter lists of these routes (page_join.c). */
extern const web_pspec web_p_join[], web_p_join_status[], web_p_app_list[], web_p_app_id[],
    web_p_app_reject[],
    web_p_org_invite[], web_p_invite[], web_p_invite_post[];

/* A unix time as 2026年12月7日 14:00 (Beijing time). */
void web_join_date(buf *b, int64_t t);
/* A labelled input keeping the value sent (never a password's), its errors
 * beside it. attrs: trusted HTML attributes; hint: trusted text or NULL. */
void web_join_input(web_req *rq, buf *b, const model_errors *errs, const char *name,
                    const char *label, const char *type, const char *attrs, const char *hint);
/* An application's details as a <dl>. */
void web_join_details(buf *b, const store_application *a);
/* 高校, 科研院所, 企业, 投资机构, 服务机构 */
const char *web_join_type_label(const char *type);
/* true when the signed-in account may invite into `org` (staff, or the
 * org's admin account). */
bool web_may_invite(web_req *rq, const char *org);

#endif
