/* web/managers.h — technology managers (技术经理人) on the org page: the
 * org's admin account or staff grants and revokes (with a confirmation) an
 * account's authorisation to act for the org (page_managers.c; the rules in
 * src/interest, interest_manager_set). Internal to src/web. */
#ifndef QIAO_WEB_MANAGERS_H
#define QIAO_WEB_MANAGERS_H

#include "web/pages.h"

extern const web_pspec web_p_org_managers[];        /* {id}, login (form) */
extern const web_pspec web_p_org_manager_confirm[]; /* {id}, login (query) */

/* The org page's section: the managers and the forms (admin and staff only). */
void web_org_managers(web_req *rq, web_resp *rs, const char *org);
int web_page_org_manager_grant_post(web_req *rq, web_resp *rs);   /* POST /orgs/{id}/managers */
int web_page_org_manager_revoke(web_req *rq, web_resp *rs);       /* GET  .../managers/revoke */
int web_page_org_manager_revoke_post(web_req *rq, web_resp *rs);  /* POST .../managers/revoke */

#endif
