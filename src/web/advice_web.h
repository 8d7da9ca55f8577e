/* web/advice_web.h — invitations to advise (咨询邀请) over src/advice: the
 * pieces other pages call (the button under each expert suggested for a
 * demand, the /me link, the account page's person link), the pages and form
 * posts (page_advice.c), and the API (api_advice.c). Every rule is
 * src/advice's; the handlers build the actor and show its Chinese message.
 * Internal to src/web. */
#ifndef QIAO_WEB_ADVICE_WEB_H
#define QIAO_WEB_ADVICE_WEB_H

#include "advice/advice.h"
#include "web/pages.h"

extern const web_pspec web_p_advice_invite[];   /* {id} (the demand), person, message */
extern const web_pspec web_p_advice_id[];       /* {id} (the invitation) */
extern const web_pspec web_p_advice_decline[];  /* {id}, reason */
extern const web_pspec web_p_account_person[];  /* {login}, person (a name) */

/* The signed-in account as an advice actor (strings borrowed from rq). */
advice_actor web_advice_actor(const web_req *rq);

/* pieces of other pages (page_advice.c) */
/* Under expert `person` suggested for demand d: 邀请咨询 with a message for
 * the demand's side and staff, the invitation's state once sent, or that the
 * expert has no account yet (staff: a link to invite them to one). */
void web_advice_match_action(web_req *rq, web_resp *rs, const model_record *d,
                             const char *person);
/* On /me: a link to /me/advice with the number waiting for an answer. */
void web_advice_me(web_req *rq, web_resp *rs);
/* On an account's page (staff): the person it is, and the form to change it. */
void web_advice_account_section(web_req *rq, web_resp *rs, const store_user *u);

/* pages and form posts (page_advice.c) */
int web_page_advice(web_req *rq, web_resp *rs);              /* GET /me/advice */
int web_page_advice_invite_post(web_req *rq, web_resp *rs);  /* POST /demands/{id}/advice */
int web_page_advice_act_post(web_req *rq, web_resp *rs);     /* POST /advice/{id}/accept|decline */
int web_page_account_person_post(web_req *rq, web_resp *rs); /* POST /admin/accounts/{login}/person */

/* API (api_advice.c) */
int web_api_advice_list(web_req *rq, web_resp *rs);          /* GET /api/v1/me/advice */
int web_api_advice_invite(web_req *rq, web_resp *rs);        /* POST /api/v1/demands/{id}/advice */
int web_api_advice_act(web_req *rq, web_resp *rs);           /* POST /api/v1/advice/{id}/... */

#endif
