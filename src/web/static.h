/* web/static.h — the handler of the /static/ route (pattern "/static/" + "*"). */
#ifndef QIAO_WEB_STATIC_H
#define QIAO_WEB_STATIC_H

#include <stdbool.h>

#include "web/web.h"

/* true when rel is a relative path the static route may open. */
bool web_static_path_ok(const char *rel);
int web_static(web_req *rq, web_resp *rs);

#endif
