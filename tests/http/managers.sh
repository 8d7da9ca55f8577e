# tests/http/managers.sh — technology managers (技术经理人): an org's admin
# account (or staff) authorises an account to act for the org on the org
# page; the manager then sends and answers interests for it, its /me lists the
# org; an unauthorised manager is refused with a Chinese message; revoking
# (after a confirmation) stops it at once; a project started from an interest
# the manager sent credits it (brokers) and the statistics count it.
. tests/http/lib.sh
setup_store
# tm: a technology manager of a service org; xsy is xinsiyuan's admin account
echo 'tm-pass-1234' | "$QIAO" user add --db "$DB" --login tm --role tech_manager --org cd-scl --password-stdin >/dev/null
sqlite3 "$DB" "UPDATE users SET org_admin = 1 WHERE login = 'xsy'; UPDATE users SET name = '赵经理' WHERE login = 'tm';"
TOK_TM=$("$QIAO" user token --db "$DB" --login tm)
TOK_XJ=$("$QIAO" user token --db "$DB" --login xj)
start_server
J='Content-Type: application/json'
api() { # TOKEN METHOD PATH [json]
  local tok=$1 m=$2 p=$3
  if [ $# -ge 4 ]; then req "$m" "$p" -H "Authorization: Bearer $tok" -H "$J" --data-binary "$4"
  else req "$m" "$p" -H "Authorization: Bearer $tok"; fi
}
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
xsy=$T/xsy.jar; tmj=$T/tm.jar; xj=$T/xj.jar; adm=$T/admin.jar
sign_in xsy xsy-pass-123 "$xsy" >/dev/null
sign_in tm tm-pass-1234 "$tmj" >/dev/null
sign_in xj xj-pass-1234 "$xj" >/dev/null
sign_in admin admin-pass-1 "$adm" >/dev/null

echo "== before any authorisation"
before=$(count interests)
api "$TOK_TM" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","for":"xinsiyuan","message":"代企业咨询授权条件"}'
expect_status 403 "an unauthorised manager sending for xinsiyuan"
expect_body '您没有获得该单位的授权' "says why, in Chinese"
[ "$(count interests)" = "$before" ] && ok "nothing stored" || bad "an interest was stored"
req GET /orgs/xinsiyuan -b "$tmj"
expect_no_body 'id="grant"' "the manager sees no grant form on the org page"

echo "== granting (the org's admin account, on the org page)"
req GET /orgs/xinsiyuan -b "$xsy"
expect_body '技术经理人' "the admin sees the managers section"
expect_body 'id="grant"' "with the grant form"
c=$(csrf_of "$xj" /orgs/xinjin)
req POST /orgs/xinsiyuan/managers -b "$xj" --data-urlencode "_csrf=$c" --data-urlencode "login=tm"
expect_status 403 "another org's account cannot grant for xinsiyuan"
expect_body '只有本单位的管理员或平台工作人员' "says who may, in Chinese"
c=$(csrf_of "$xsy" /orgs/xinsiyuan)
req POST /orgs/xinsiyuan/managers -b "$xsy" --data-urlencode "_csrf=$c" --data-urlencode "login=nobody"
expect_status 404 "granting an unknown login"
expect_body '没有登录名为' "says the login is unknown"
req POST /orgs/xinsiyuan/managers -b "$xsy" --data-urlencode "_csrf=$c" --data-urlencode "login=tm"
expect_status 303 "xsy authorises tm"
[ "$(sqlite3 "$DB" "SELECT granted_by FROM org_managers WHERE org = 'xinsiyuan' AND login = 'tm'")" = xsy ] \
  && ok "the grant is stored, by xsy" || bad "no grant row"
req GET /orgs/xinsiyuan -b "$xsy"
expect_body '赵经理' "the org page lists the manager by name"

echo "== the manager acts for xinsiyuan"
req GET /me -b "$tmj"
expect_body '我受托代理的单位' "tm's /me lists the orgs it acts for"
expect_body "成都芯思源科技有限公司" "... with xinsiyuan, by name"
expect_body '<section class="managed-demands">' "... its demands"
expect_body 'name="via" value="dem-01"' "... whose matches offer 有意向 through xinsiyuan's demand"
expect_body 'value="xinsiyuan" selected' "... speaking for xinsiyuan"
req GET /achievements/ach-uestc-02 -b "$tmj"
expect_body 'name="for"' "the interest form lets tm choose the side"
api "$TOK_TM" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","for":"xinsiyuan","message":"代新思源咨询授权条件"}'
expect_status 201 "tm sends an interest for xinsiyuan"
ID=$(jq -r .id "$T/body")
[ "$(sqlite3 "$DB" "SELECT from_org || '/' || from_login FROM interests WHERE id = $ID")" = "xinsiyuan/tm" ] \
  && ok "the interest is xinsiyuan's, sent by tm" || bad "from: $(sqlite3 "$DB" "SELECT from_org, from_login FROM interests WHERE id = $ID")"
api "$TOK_XSY" GET "/api/v1/interests/$ID"
expect_status 200 "xinsiyuan's own account reads it"
api "$TOK_UESTC" POST "/api/v1/interests/$ID/accept" '{}'
expect_status 200 "uestc accepts"
api "$TOK_TM" POST "/api/v1/interests/$ID/propose" '{}'
expect_status 200 "tm proposes a project for xinsiyuan"
api "$TOK_UESTC" POST "/api/v1/interests/$ID/confirm" '{}'
expect_status 200 "uestc confirms: the project starts"
P=$(jq -r .project "$T/body")
"$QIAO" export --db "$DB" --kind project | grep "\"id\":\"$P\"" | grep -q '"brokers":\["tm"\]' \
  && ok "the project $P credits tm (brokers)" || bad "no brokers on $P: $("$QIAO" export --db "$DB" --kind project | grep "$P")"

echo "== the manager answers for the org it acts for"
api "$TOK_XJ" POST /api/v1/interests '{"kind":"demand","target":"dem-01","message":"我们有相关方案"}'
expect_status 201 "xj expresses interest in xinsiyuan's demand"
ID2=$(jq -r .id "$T/body")
api "$TOK_TM" POST "/api/v1/interests/$ID2/accept" '{}'
expect_status 200 "tm accepts it for xinsiyuan"
[ "$(sqlite3 "$DB" "SELECT decided_by FROM interests WHERE id = $ID2")" = tm ] \
  && ok "decided by tm" || bad "decided_by"
# tm is not authorised for uestc: it cannot answer uestc's interests
api "$TOK_XJ" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-03","message":"想了解样品"}'
ID3=$(jq -r .id "$T/body")
api "$TOK_TM" POST "/api/v1/interests/$ID3/accept" '{}'
expect_status 404 "tm cannot answer for an org it does not act for"
expect_body '您不是它的任何一方' "says so, in Chinese"

echo "== statistics count the manager's projects"
"$QIAO" stats --db "$DB" --format json --no-suggestions | jq -e '.brokers[] | select(.manager == "tm" and .projects == 1)' >/dev/null \
  && ok "qiao stats (json): tm brokered 1 project" || bad "json brokers: $("$QIAO" stats --db "$DB" --format json --no-suggestions | jq -c .brokers)"
"$QIAO" stats --db "$DB" --format csv --table brokers --no-suggestions | grep -q '^tm,赵经理,1,0' \
  && ok "qiao stats (csv): tm's row" || bad "csv brokers: $("$QIAO" stats --db "$DB" --format csv --table brokers --no-suggestions)"
"$QIAO" stats --db "$DB" --no-suggestions | grep -q '赵经理' && ok "qiao stats (text) names tm" || bad "text report without tm"
req GET /stats -b "$adm"
expect_body '技术经理人促成的合作项目' "/stats has the managers' table"
expect_body '赵经理' "... naming tm"
req GET "/stats.csv?table=brokers" -b "$adm"
expect_body 'tm,赵经理,1,0' "/stats.csv?table=brokers"

echo "== revoking (asks first), and it stops at once"
req GET "/orgs/xinsiyuan/managers/revoke?login=tm" -b "$xsy"
expect_status 200 "the confirmation page"
expect_body '确定要撤销账号 tm' "asks before revoking"
[ "$(count org_managers)" = 1 ] && ok "asking changed nothing" || bad "the grant went before confirming"
c=$(csrf_of "$xsy" "/orgs/xinsiyuan/managers/revoke?login=tm")
req POST /orgs/xinsiyuan/managers/revoke -b "$xsy" --data-urlencode "_csrf=$c" --data-urlencode "login=tm"
expect_status 303 "xsy revokes tm"
[ "$(count org_managers)" = 0 ] && ok "the grant is gone" || bad "grant still there"
api "$TOK_TM" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-04","for":"xinsiyuan","message":"再代企业问一次"}'
expect_status 403 "after revoking, tm cannot send for xinsiyuan"
expect_body '您没有获得该单位的授权' "says why"
api "$TOK_TM" POST "/api/v1/interests/$ID2/messages" '{"body":"补充一点"}'
expect_status 404 "nor write in xinsiyuan's threads"
req GET /me -b "$tmj"
expect_no_body '我受托代理的单位' "tm's /me no longer lists xinsiyuan"
req POST /orgs/xinsiyuan/managers/revoke -b "$xsy" --data-urlencode "_csrf=$c" --data-urlencode "login=tm"
expect_status 404 "revoking twice: nothing to revoke"

echo "== staff grant too"
c=$(csrf_of "$adm" /orgs/uestc-ic)
req POST /orgs/uestc-ic/managers -b "$adm" --data-urlencode "_csrf=$c" --data-urlencode "login=tm"
expect_status 303 "staff authorise tm for uestc-ic"
api "$TOK_TM" POST "/api/v1/interests/$ID3/accept" '{}'
expect_status 200 "now tm answers uestc's interest"

echo "== events: the manager registers and requests meetings for the org it acts for"
form() { # JAR PAGE ACTION curl-args...
  local jar=$1 page=$2 action=$3; shift 3
  local c; c=$(csrf_of "$jar" "$page")
  STATUS=$(curl -s -b "$jar" -c "$jar" -o "$T/body" -w '%{http_code}' --data-urlencode "_csrf=$c" "$@" "$BASE$action")
  BODY=$(cat "$T/body")
}
EV=ev-tm-test
req POST /api/v1/events -H "Authorization: Bearer $TOK_ADMIN" -H "$J" -d "{\"id\":\"$EV\",\"title\":\"技术经理人对接会（测试）\",\"type\":\"school_enterprise\",\"starts\":\"2030-05-20T09:00+08:00\",\"ends\":\"2030-05-20T12:00+08:00\",\"slot_minutes\":20,\"slots\":6,\"tables\":2}"
expect_status 201 "staff create an event"
form "$tmj" /events/$EV /events/$EV/register --data 'who=xinsiyuan&slot=1'
expect_status 403 "tm may not register xinsiyuan (revoked)"
form "$tmj" /events/$EV /events/$EV/register --data 'who=uestc-ic&slot=1&slot=2'
expect_status 303 "tm registers uestc-ic, which authorised it"
form "$xsy" /events/$EV /events/$EV/register --data 'who=xinsiyuan&slot=1&slot=2'
expect_status 303 "xsy registers xinsiyuan"
form "$tmj" /events/$EV /events/$EV/requests --data 'from=uestc-ic&to=xinsiyuan&priority=1'
expect_status 303 "tm requests a meeting for uestc-ic"
form "$tmj" /events/$EV /events/$EV/requests --data 'from=xinsiyuan&to=uestc-ic&priority=1'
expect_status 403 "but not for xinsiyuan any more"

echo "== experts: a demand's page suggests them by expertise, as qiao match --people"
req GET /demands/dem-01
expect_body '可以咨询的专家' "the demand page has the experts section"
web=$(grep -o '可以咨询的专家.*' "$T/body" | grep -o 'href="/people/[^"]*"' | sed 's|href="/people/||; s|"||' | head -5 | tr '\n' ' ')
cli=$("$QIAO" match --db "$DB" --demand dem-01 --people --top 5 --format trec | awk '{print $3}' | tr '\n' ' ')
[ -n "$web" ] && [ "$web" = "$cli" ] && ok "the same five experts: $web" || bad "experts: web '$web', cli '$cli'"
finish
