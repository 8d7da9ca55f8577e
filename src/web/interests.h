/* web/interests.h — interests (有意向 / 联系对方), their threads, and 不合适
 * with a reason, over src/interest: the pages and form posts
 * (page_interest.c, page_interest_me.c), the API (api_interests.c), and
 * the small pieces other pages call (a match's buttons, a record's interest
 * form and feedback, the dashboard's sections). Every rule is src/interest's;
 * the handlers build the actor and show its Chinese message.
 * Internal to src/web. */
#ifndef QIAO_WEB_INTERESTS_H
#define QIAO_WEB_INTERESTS_H

#include "interest/interest.h"
#include "web/pages.h"

extern const web_pspec web_p_interest_new[];     /* kind, target, via, message */
extern const web_pspec web_p_interest_id[];      /* {id} */
extern const web_pspec web_p_interest_decline[]; /* {id}, reason */
extern const web_pspec web_p_interest_message[]; /* {id}, body */
extern const web_pspec web_p_dismiss[];          /* kind, target, via, reason, note, next */
extern const web_pspec web_p_undismiss[];        /* kind, target, next */

/* The signed-in account as an interest actor (strings borrowed from rq). */
interest_actor web_interest_actor(const web_req *rq);
/* Whether the signed-in account acts for org: its own org, or an org that
 * authorised it as a technology manager (interest_may_act). Staff: false. */
bool web_acts_for(web_req *rq, const char *org);
/* The HTTP status of an interest error (the rate limit: 429). */
int web_interest_status(const qiao_err *e);
/* "2026年12月7日 14:00" (Beijing time) of unix seconds t. */
void web_interest_when(buf *b, int64_t t);

/* pages and form posts (page_interest.c) */
int web_page_interests(web_req *rq, web_resp *rs);           /* GET /me/interests */
int web_page_interest(web_req *rq, web_resp *rs);            /* GET /interests/{id} */
int web_page_interest_new_post(web_req *rq, web_resp *rs);   /* POST /interests */
int web_page_interest_act_post(web_req *rq, web_resp *rs);   /* POST /interests/{id}/... */
int web_page_dismiss_post(web_req *rq, web_resp *rs);        /* POST /dismissals */
int web_page_undismiss_post(web_req *rq, web_resp *rs);      /* POST /dismissals/undo */

/* pieces of other pages (page_interest_me.c) */
/* Under a match of record r (the hit: kind, id): 有意向 and, for r's org,
 * 不合适 with a reason. Nothing for visitors and staff. */
void web_interest_match_actions(web_req *rq, web_resp *rs, const model_record *r,
                                model_kind kind, const char *id);
/* On a record's page: the 有意向 / 联系对方 form (or a link to the live
 * interest), and for its owner the reasons gathered from 不合适. */
void web_interest_record(web_req *rq, web_resp *rs, const model_record *r);
/* On /me: my interests (counts, link), the feedback on my org's records, and
 * what my org marked 不合适 (with undo). */
void web_interest_me(web_req *rq, web_resp *rs);

/* API (api_interests.c) */
int web_api_interests(web_req *rq, web_resp *rs);            /* GET /api/v1/interests */
int web_api_interest_new(web_req *rq, web_resp *rs);         /* POST /api/v1/interests */
int web_api_interest_get(web_req *rq, web_resp *rs);         /* GET /api/v1/interests/{id} */
int web_api_interest_act(web_req *rq, web_resp *rs);         /* POST .../{id}/accept|... */
int web_api_dismiss(web_req *rq, web_resp *rs);              /* POST /api/v1/dismissals */
int web_api_undismiss(web_req *rq, web_resp *rs);            /* POST /api/v1/dismissals/undo */

#endif
