/* web/try.h — try a match without publishing (page_try.c): GET /try, the
 * form; POST /try, the matches of the pasted text, nothing stored. The box
 * is also on the home page. Internal to src/web. */
#ifndef QIAO_WEB_TRY_H
#define QIAO_WEB_TRY_H

#include "web/pages.h"

extern const web_pspec web_p_try[];   /* text, as */

/* The form: a textarea (text, kept as given) and the side (as: demand or
 * achievement; NULL: demand) with the 找匹配 button. */
void web_try_box(web_req *rq, web_resp *rs, const char *text, const char *as);
int web_page_try(web_req *rq, web_resp *rs);        /* GET /try */
int web_page_try_post(web_req *rq, web_resp *rs);   /* POST /try */

#endif
