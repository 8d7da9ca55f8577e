/* web/pages.h — helpers shared by the page_*.c files (internal). Every piece
 * of user data goes through web/html.h's escaper of its context. */
#ifndef QIAO_WEB_PAGES_H
#define QIAO_WEB_PAGES_H

#include "web/app.h"
#include "web/html.h"

/* Chinese label of a field / enum value, or the name itself. */
const char *web_label(model_kind k, const char *field);
const char *web_value_label(const char *value);
/* "成果" / "需求" */
const char *web_kind_label(model_kind k);
/* The kind of a page route ("/achievements..." or "/demands..."). */
model_kind web_page_kind(web_req *rq);
/* Appends a field's value as HTML text (lists joined by 、, ip described). */
void web_html_value(buf *b, const json_t *v);
/* The org's name, or its id when unknown. Caller frees. */
char *web_org_name(web_req *rq, const char *org);
/* <input type=hidden name=_csrf ...> */
void web_csrf_input(web_req *rq, web_resp *rs);

#endif
