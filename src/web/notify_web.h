/* web/notify_web.h — notification pages (page_notify.c) and their API
 * (api_notify.c) over src/notify: handlers and parameter specs listed in
 * routes.c. Internal to src/web. */
#ifndef QIAO_WEB_NOTIFY_WEB_H
#define QIAO_WEB_NOTIFY_WEB_H

#include "web/pages.h"

extern const web_pspec web_p_notices[];        /* page, unread */
extern const web_pspec web_p_notice_id[];      /* {id} */
extern const web_pspec web_p_notice_read[];    /* id (form; absent = all) */
extern const web_pspec web_p_unsubscribe[];    /* u, k, t (query) */
extern const web_pspec web_p_api_notices[];    /* page, per_page, unread */

#define WEB_NOTICES_PER_PAGE 20

/* GET /me/notifications: the signed-in account's notifications, newest first. */
int web_page_notices(web_req *rq, web_resp *rs);
/* GET /me/notifications/{id}: marks it read and goes to its link. */
int web_page_notice_go(web_req *rq, web_resp *rs);
/* POST /me/notifications/read: marks one (form id) or all read. */
int web_page_notices_read_post(web_req *rq, web_resp *rs);
/* GET / POST /me/notifications/settings: mail per kind (now, digest, off). */
int web_page_notice_settings(web_req *rq, web_resp *rs);
int web_page_notice_settings_post(web_req *rq, web_resp *rs);
/* GET /unsubscribe?u&k&t: one click, no sign-in: a signed link turns that
 * kind's mail off ("*": all mail) and says so. */
int web_page_unsubscribe(web_req *rq, web_resp *rs);
/* The header's notifications link with the unread count (one indexed count). */
void web_notice_badge(web_req *rq, buf *b);

/* GET /api/v1/me/notifications, POST /api/v1/me/notifications/read */
int web_api_notices(web_req *rq, web_resp *rs);
int web_api_notices_read(web_req *rq, web_resp *rs);
/* The schemas NoticeList and NoticesRead of the OpenAPI document. */
void web_notify_schemas(json_t *schemas);

#endif
