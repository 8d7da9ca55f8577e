/* web/health.c — GET /healthz for load balancers and supervisors: 200 when
 * this node can serve (its store answers), 503 otherwise; says whether the
 * search index is loaded. Public and cheap (no record is read). */
#include "web/app.h"

int web_healthz(web_req *rq, web_resp *rs)
{
    web_app *app = rq->cfg->app;
    int version = 0;
    qiao_err e = {0};
    if (store_schema_version(web_w(rq)->st, &version, &e) < 0)
        return web_json_reply(rs, 503, json_pack("{s:s, s:s}", "status", "unavailable",
                                                 "error", e.msg));
    return web_json_reply(rs, 200, json_pack("{s:s, s:i, s:b}", "status", "ok", "schema",
                                             version, "index", app && index_ready(app->idx)));
}
