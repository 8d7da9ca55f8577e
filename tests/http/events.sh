#!/usr/bin/env bash
# Events on the web: the list and the public page, registration with the
# waiting list and availability, meeting requests with caps and refusals,
# answers, the organiser's timetable, grid and downloads, agendas and ICS,
# the /api/v1/events API; staff-only actions refuse others (403, nothing
# changed); XSS payloads in titles, venues, messages and reasons render inert.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
echo 'wang-pass-123' | "$QIAO" user add --db "$DB" --login p-wang-haoran --role enterprise --org biyiwei --password-stdin >/dev/null
echo 'zhou-pass-123' | "$QIAO" user add --db "$DB" --login p-zhou-qihang --role university --org uestc-ic --password-stdin >/dev/null
TOK_WANG=$("$QIAO" user token --db "$DB" --login p-wang-haoran)
start_server
JA=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_ADMIN")
JW=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_WANG")
JX=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_XSY")
EV=ev-web-1
R1="$EV/p-wang-haoran/p-zhou-qihang"

# form JAR PAGE ACTION [curl --data args...]: posts a form with the CSRF token of PAGE
form() {
  local jar=$1 page=$2 action=$3; shift 3
  local c; c=$(csrf_of "$jar" "$page")
  STATUS=$(curl -s -b "$jar" -c "$jar" -o "$T/body" -w '%{http_code}' --data-urlencode "_csrf=$c" "$@" "$BASE$action")
  BODY=$(cat "$T/body")
}
# store_dump: every record of the events, for "nothing changed" checks
store_dump() { "$QIAO" export --db "$DB" --kind event,registration,meeting_request | md5sum; }
api_field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/body" "$1"; }

echo "-- create and show"
req POST /api/v1/events "${JW[@]}" -d '{"id":"ev-no","title":"x","type":"salon","starts":"2030-01-01"}'
expect_status 403 "an enterprise account may not create events (API)"
expect_body '"field":"role"' "the refusal names the role"
req POST /api/v1/events "${JA[@]}" -d '{"id":"ev-bad","title":"","type":"party","starts":"soon","slots":0}'
expect_status 422 "an invalid event"
for f in title type starts slots; do expect_body "\"field\":\"$f\"" "error on $f"; done
req POST /api/v1/events "${JA[@]}" -d '{"id":"ev-bad","title":"x","type":"salon","starts":"2030-05-20T09:00+08:00","ends":"2030-05-19T09:00+08:00"}'
expect_status 422 "ends before starts"
expect_body '"field":"ends"' "the event rule names ends"
req POST /api/v1/events "${JA[@]}" -d "{\"id\":\"$EV\",\"title\":\"集成电路校企对接会（测试）\",\"type\":\"school_enterprise\",\"starts\":\"2030-05-20T09:00+08:00\",\"ends\":\"2030-05-20T12:00+08:00\",\"venue\":\"电子科大科技园\",\"organisers\":[\"uestc-ic\"],\"chains\":[\"集成电路\"],\"capacity\":2,\"slot_minutes\":20,\"slots\":6,\"tables\":2,\"max_requests\":1}"
expect_status 201 "staff create an event (API)"
expect_body '"registered":0' "with its registration count"
req GET /api/v1/events
expect_body "\"id\":\"$EV\"" "listed as upcoming"
expect_no_body '"id":"ev-20230310-park"' "the 2023 demo events are not upcoming"
req GET '/api/v1/events?when=past&type=park_visit'
expect_body '"id":"ev-20230310-park"' "past park visits list the demo event"
expect_no_body '"id":"ev-20230309-salon"' "the type filter leaves out the salon"
req GET /events
expect_status 200 "/events"
expect_body "集成电路校企对接会（测试）" "the list shows the new event"
req GET "/events?when=past"
expect_body "科技成果精准对接活动" "past events on their tab"
req GET /events/$EV
expect_status 200 "the public event page"
for s in '校企对接会' '2030年5月20日 09:00' '2030年5月20日 12:00' '北京时间' '电子科大科技园' '电子科技大学集成电路科学与工程学院' '名额 2' '6 个时段' '每段 20 分钟' '2 张洽谈桌' '登录后报名'; do
  expect_body "$s" "event page shows $s"
done
req GET /events/nope; expect_status 404 "an unknown event"

echo "-- registration"
jw=$T/jw; jz=$T/jz; jx=$T/jx; ja=$T/ja
[ "$(sign_in p-wang-haoran wang-pass-123 "$jw")" = 303 ] || bad "sign in wang"
[ "$(sign_in p-zhou-qihang zhou-pass-123 "$jz")" = 303 ] || bad "sign in zhou"
[ "$(sign_in xsy xsy-pass-123 "$jx")" = 303 ] || bad "sign in xsy"
[ "$(sign_in admin admin-pass-1 "$ja")" = 303 ] || bad "sign in admin"
req GET /events/$EV -b "$jw"
expect_body '本人：王浩然' "wang may register himself"
expect_body '本单位：必易微电子' "… or his org"
expect_body '第1段 09:00–09:20' "a checkbox per slot with its clock time"
before=$(store_dump)
STATUS=$(curl -s -b "$jw" -o "$T/body" -w '%{http_code}' --data 'who=p-wang-haoran&slot=1' "$BASE/events/$EV/register")
expect_status 403 "registering without the CSRF token"
form "$jw" /events/$EV /events/$EV/register --data 'who=p-wang-haoran'
expect_status 422 "registering with no slot ticked"
expect_body 'id="err-register-availability"' "the error is beside the slots"
form "$jx" /events/$EV /events/$EV/register --data 'who=p-wang-haoran&slot=1'
expect_status 403 "xsy may not register someone else"
expect_body '你的账号不能代表这一方操作' "and is told why, in Chinese"
expect_no_body 'may not act' "no English reason on the page"
[ "$(store_dump)" = "$before" ] && ok "refusals stored nothing" || bad "a refused registration changed the store"
form "$jw" /events/$EV /events/$EV/register --data 'who=p-wang-haoran&slot=1&slot=2&slot=3'
expect_status 303 "wang registers (slots 1-3)"
form "$jz" /events/$EV /events/$EV/register --data 'who=p-zhou-qihang&slot=2&slot=3&slot=4'
expect_status 303 "zhou registers (slots 2-4)"
form "$jx" /events/$EV /events/$EV/register --data 'who=xinsiyuan&slot=1&slot=2'
expect_status 303 "xinsiyuan registers past capacity"
req GET "/events/$EV?as=xinsiyuan" -b "$jx"
expect_body '候补名单上（第 1 位）' "xinsiyuan sees its place on the waiting list"
req GET /events/$EV
expect_body '<strong id="registered">2</strong> / 名额 2，候补 1' "the page counts 2 registered, 1 waiting"
req GET /events/$EV -b "$jw"
expect_body 'value="2" checked' "wang's availability is shown ticked"
expect_no_body 'value="4" checked' "… and only his slots"

echo "-- meeting requests and answers"
form "$jw" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=xinsiyuan&priority=1'
expect_status 409 "a request to a waitlisted party"
expect_body 'id="err-request-to"' "the error is beside the 'to' field"
form "$jw" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=p-zhou-qihang&priority=2' --data-urlencode 'message=想了解高速ADC的授权条件'
expect_status 303 "wang asks zhou for a meeting"
form "$jw" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=p-zhou-qihang&priority=2'
expect_status 409 "a duplicate request"
req PATCH /api/v1/events/$EV "${JA[@]}" -d '{"capacity":3}'
expect_status 200 "staff raise the capacity (API)"
expect_body '"registered":3' "xinsiyuan moved onto the list"
form "$jw" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=xinsiyuan&priority=1'
expect_status 409 "past max_requests"
expect_body 'id="err-request-max_requests"' "the cap's error is shown in the request form"
req GET /events/$EV -b "$jz"
expect_body '收到的会谈邀约' "zhou sees his incoming requests"
expect_body '想了解高速ADC的授权条件' "with the message"
expect_body "value=\"$R1\"" "and an answer form for it"
form "$jw" /events/$EV /events/$EV/accept --data-urlencode "request=$R1" --data 'as=p-wang-haoran'
expect_status 403 "the sender may not accept his own request"
form "$jz" /events/$EV /events/$EV/accept --data-urlencode "request=ev-20230310-park/mr-p-01" --data 'as=p-zhou-qihang'
expect_status 404 "a request of another event"
form "$jz" /events/$EV /events/$EV/accept --data-urlencode "request=$R1" --data 'as=p-zhou-qihang'
expect_status 303 "zhou accepts"
req GET "/api/v1/events/$EV/requests" -H "Authorization: Bearer $TOK_WANG"
expect_body '"status":"accepted"' "the API shows the request accepted"
req POST /api/v1/events/$EV/requests "${JX[@]}" -d '{"from":"xinsiyuan","to":"p-zhou-qihang","message":"想谈合作","priority":3}'
expect_status 201 "xinsiyuan asks zhou (API)"
req GET /events/$EV -b "$jz"
expect_body "/events/$EV/decline?request=" "婉拒 is a link to a confirmation page, not a one-click form"
expect_no_body "action=\"/events/$EV/decline\"" "no one-click decline form on the event page"
req GET "/events/$EV/decline?request=$EV%2Fxinsiyuan%2Fp-zhou-qihang&as=p-zhou-qihang" -b "$jz"
expect_status 200 "the decline confirmation page"
expect_body '确认婉拒这个洽谈请求？' "it asks first"
expect_body "action=\"/events/$EV/decline\"" "its button posts the decline"
req GET "/api/v1/events/$EV/requests" -H "Authorization: Bearer $TOK_WANG"
req GET "/events/$EV/cancel?request=$EV%2Fxinsiyuan%2Fp-zhou-qihang&as=p-zhou-qihang" -b "$jz"
expect_body '确认取消这次会谈？' "cancelling asks first too"
form "$jz" /events/$EV /events/$EV/decline --data-urlencode "request=$EV/xinsiyuan/p-zhou-qihang" --data 'as=p-zhou-qihang' --data-urlencode 'reason=时间已排满'
expect_status 303 "zhou declines with a reason"
req POST /api/v1/events/$EV/requests "${JX[@]}" -d '{"from":"xinsiyuan","to":"p-zhou-qihang"}'
expect_status 409 "a declined request is not sent again"
expect_body '时间已排满' "quoting the reason"
req POST /api/v1/events/$EV/requests/accept "${JW[@]}" -d '{"request":"nope"}'
expect_status 404 "accepting an unknown request (API)"
req GET "/api/v1/events/$EV/suggestions?who=p-wang-haoran" -H "Authorization: Bearer $TOK_WANG"
expect_status 200 "suggestions (API)"
expect_body '"suggestions":' "with a suggestions list"
req GET "/api/v1/events/$EV/suggestions?who=p-zhou-qihang" -H "Authorization: Bearer $TOK_WANG"
expect_status 403 "suggestions for another party"

echo "-- staff-only actions refuse others"
before=$(store_dump)
req GET /events/new -b "$jw"; expect_status 403 "new event form"; expect_body '只有平台工作人员可以新建或修改活动' "with a clear message"
req GET /events/new; expect_status 303 "visitors are sent to sign in"
req GET /events/$EV/edit -b "$jz"; expect_status 403 "edit form"
form "$jw" /events/$EV /events/$EV/edit --data 'title=改名&type=salon&starts=2030-05-20'
expect_status 403 "saving an event"
form "$jw" /events/$EV /events/$EV/timetable --data ''
expect_status 403 "building the timetable"
expect_body '只有平台工作人员可以进行这项操作' "with a clear message in Chinese"
for p in grid grid.csv meetings.csv export.xlsx; do req GET /events/$EV/$p -b "$jz"; expect_status 403 "/events/$EV/$p"; done
req POST /api/v1/events/$EV/timetable "${JW[@]}" -d '{}'; expect_status 403 "timetable (API)"; expect_body '"field":"role"' "naming the role"
req GET /api/v1/events/$EV/grid -H "Authorization: Bearer $TOK_WANG"; expect_status 403 "grid (API)"
req PATCH /api/v1/events/$EV "${JW[@]}" -d '{"capacity":100}'; expect_status 403 "edit (API)"
req GET "/events/$EV/agenda?who=p-zhou-qihang" -b "$jw"; expect_status 403 "someone else's agenda"
req GET "/events/$EV/agenda.ics?who=p-zhou-qihang" -b "$jx"; expect_status 403 "someone else's ICS"
[ "$(store_dump)" = "$before" ] && ok "refusals stored nothing" || bad "a refused action changed the store"

echo "-- the organiser"
req GET /events/new -b "$ja"; expect_status 200 "staff see the new event form"
form "$ja" /events/new /events/new --data 'id=ev-web-2&type=salon&starts=tomorrow&capacity=many&slots=0' --data-urlencode 'title=沙龙'
expect_status 422 "a form with mistakes"
for f in starts capacity slots; do expect_body "id=\"err-$f\"" "error beside $f"; done
expect_body 'value="沙龙"' "the title is kept"
expect_body 'value="tomorrow"' "what was typed is kept"
expect_body '开始时间应为日期，例如 2027-01-15 或 2027-01-15 09:00' "the error in Chinese, naming the field"
expect_body '名额应为 0 到 1000000 之间的整数' "the capacity's error too"
expect_no_body 'name="id"' "the form asks for no id"
req GET "/api/v1/events/ev-web-2";  expect_status 404 "an id sent by the form is not used (and nothing stored)"
loc=$(c=$(csrf_of "$ja" /events/new); curl -s -b "$ja" -o /dev/null -w '%{redirect_url}' --data-urlencode "_csrf=$c" \
  --data-urlencode 'title=名称选单位的沙龙' -d type=salon --data-urlencode 'starts=2030-06-01 09:00' \
  --data-urlencode 'organisers=电子科技大学集成电路科学与工程学院' --data-urlencode 'organisers=' "$BASE/events/new")
nev=$(sed -n 's|.*/events/\([^?]*\)?done=created|\1|p' <<<"$loc")
[[ $nev =~ ^ev-[0-9]{4}-[0-9]{6}$ ]] && ok "the server gave the event the id $nev" || bad "new event: '$loc'"
req GET "/api/v1/events/$nev"
expect_body '"organisers":["uestc-ic"]' "the organiser picked by name is stored as its id"
expect_body '"starts":"2030-06-01T09:00+08:00"' "the start typed as 2030-06-01 09:00, Beijing time"
req GET "/events/$nev/edit" -b "$ja"
expect_body 'value="电子科技大学集成电路科学与工程学院"' "editing shows the organiser's name"
expect_body 'value="2030年6月1日 09:00"' "and the start as people write it"
req GET "/events/$nev" -b "$ja"
expect_body 'list="reg-who-list"' "staff pick whom to register from a list of names"
expect_no_body '个人或单位编号' "not by typing an id"
form "$ja" "/events/$nev" "/events/$nev/register" --data-urlencode 'who=没有这个单位'
expect_status 422 "registering an unknown name"
expect_body '找不到名为“没有这个单位”的报名方，请从列表中选择' "said in Chinese"
form "$ja" "/events/$nev" "/events/$nev/register" --data-urlencode 'who=成都市科学技术局'
expect_status 303 "staff register an org by its name"
"$QIAO" export --db "$DB" --kind registration | grep "\"event\":\"$nev\"" | grep -q '"who":"cd-kjj"' \
  && ok "the name was resolved to the org's id" || bad "no registration of cd-kjj for $nev"
form "$ja" /events/$EV/edit /events/$EV/edit --data 'title=集成电路校企对接会（测试）&type=school_enterprise&starts=2030-05-20T09:00%2B08:00&ends=2030-05-20T12:00%2B08:00&slot_minutes=20&slots=6&tables=2&capacity=3&max_requests=1&organisers=uestc-ic&chains=集成电路&venue=电子科大科技园'
expect_status 303 "staff save the event unchanged"
form "$ja" /events/$EV /events/$EV/timetable --data ''
expect_status 200 "staff build the timetable"
expect_body '安排了 <strong id="scheduled">1</strong> / 1 场会谈' "one meeting scheduled"
expect_body '达成率 <strong id="ratio">100.0%</strong>' "with bound and ratio"
slot=$(curl -s -H "Authorization: Bearer $TOK_ADMIN" "$BASE/api/v1/events/$EV/grid" | python3 -c 'import json,sys; c=json.load(sys.stdin)["cells"]; print(c[0]["slot"] if len(c)==1 else "none")')
[ "$slot" = 2 ] || [ "$slot" = 3 ] && ok "the meeting is in a common slot ($slot)" || bad "meeting slot: $slot"
form "$ja" /events/$EV/edit /events/$EV/edit --data 'title=集成电路校企对接会（测试）&type=school_enterprise&starts=2030-05-20T09:00%2B08:00&slot_minutes=20&slots=1&tables=2'
expect_status 409 "shrinking slots below a placed meeting"
expect_body 'id="err-slots"' "the error is beside slots"
req GET /events/$EV/grid -b "$ja"
expect_body '王浩然（必易微电子（成都）有限公司） ↔ 周启航' "the grid shows the meeting"
curl -s -b "$ja" -D "$T/h" -o "$T/grid.csv" "$BASE/events/$EV/grid.csv"
grep -qi '^content-type: text/csv; charset=utf-8' "$T/h" && ok "grid.csv is text/csv" || bad "grid.csv content type"
grep -qi "^content-disposition: attachment; filename=\"$EV-grid.csv\"; filename\*=UTF-8''" "$T/h" && ok "grid.csv is an attachment" || bad "grid.csv disposition"
head -c 3 "$T/grid.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok "CSV starts with a BOM" || bad "no BOM"
grep -q $'\r$' "$T/grid.csv" && grep -q '王浩然' "$T/grid.csv" && ok "CSV has CRLF and the names" || bad "CSV content"
curl -s -b "$ja" -o "$T/m.csv" "$BASE/events/$EV/meetings.csv"
grep -q "$R1" "$T/m.csv" && ok "meetings.csv lists the request" || bad "meetings.csv"
curl -s -b "$ja" -D "$T/h" -o "$T/x.xlsx" "$BASE/events/$EV/export.xlsx"
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert "xl/workbook.xml" in z.namelist()' "$T/x.xlsx" && ok "export.xlsx is a workbook" || bad "xlsx"
req POST /api/v1/events/$EV/timetable "${JA[@]}" -d '{"allow_moving":true,"write":false}'
expect_status 200 "timetable (API, dry run)"
expect_body '"scheduled":1' "the API reports the plan"
expect_body '"written":false' "and that nothing was written"

echo "-- agendas"
req GET /events/$EV/agenda -b "$jw"
expect_status 200 "wang's agenda"
expect_body '周启航（电子科技大学集成电路科学与工程学院）' "shows the meeting with zhou"
expect_body '想了解高速ADC的授权条件' "and the message"
curl -s -b "$ja" "$BASE/static/events.css" | grep -q '@media print' && ok "print CSS" || bad "no print CSS"
req GET /events/$EV/agenda -b "$jz"
expect_body '王浩然' "zhou's agenda shows wang"
curl -s -b "$jz" -D "$T/h" -o "$T/a.ics" "$BASE/events/$EV/agenda.ics"
grep -qi '^content-type: text/calendar; charset=utf-8' "$T/h" && ok "ICS is text/calendar; charset=utf-8" || bad "ICS content type"
grep -qi "^content-disposition: attachment; filename=\"$EV-p-zhou-qihang.ics\"; filename\*=UTF-8''%E4%BC%9A" "$T/h" && ok "ICS Content-Disposition with filename*" || bad "ICS disposition: $(grep -i disposition "$T/h")"
grep -q $'^DTSTART;TZID=Asia/Shanghai:20300520T09[24]0' "$T/a.ics" && grep -q 'BEGIN:VEVENT' "$T/a.ics" && ok "ICS has the meeting at its slot" || bad "ICS content: $(head -c 600 "$T/a.ics")"
req GET "/api/v1/events/$EV/agenda?format=json" -H "Authorization: Bearer $TOK_WANG"
expect_body '"with":"p-zhou-qihang"' "agenda (API)"

echo "-- withdrawing cancels the meetings"
form "$jw" /events/$EV /events/$EV/unregister --data 'who=p-wang-haoran'
expect_status 303 "wang withdraws"
req GET "/api/v1/events/$EV/requests?who=p-zhou-qihang" -H "Authorization: Bearer $TOK_ADMIN"
expect_body '"reason":"withdrew from the event"' "his accepted meeting is cancelled"

echo "-- XSS payloads in titles, venues, messages, reasons"
P1='<script>alert("x1")</script>'
P2='"><img src=x onerror=alert(2)>'
P4='</textarea><svg onload=alert(4)>'
js() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
req POST /api/v1/events "${JA[@]}" -d "{\"id\":\"ev-xss\",\"title\":\"$(js "$P1")\",\"type\":\"salon\",\"starts\":\"2030-06-01T09:00+08:00\",\"venue\":\"$(js "$P2")\",\"chains\":[\"$(js "$P4")\"],\"slot_minutes\":15,\"slots\":2,\"tables\":1}"
expect_status 201 "event with payloads"
req POST /api/v1/events/ev-xss/registrations "${JA[@]}" -d '{"who":"p-wang-haoran"}'; expect_status 201 "wang registered (API)"
req POST /api/v1/events/ev-xss/registrations "${JA[@]}" -d '{"who":"p-zhou-qihang"}'; expect_status 201 "zhou registered (API)"
req POST /api/v1/events/ev-xss/requests "${JW[@]}" -d "{\"to\":\"p-zhou-qihang\",\"message\":\"$(js "$P4") $(js "$P2")\"}"
expect_status 201 "a request with payloads in its message"
req POST /api/v1/events/ev-xss/registrations "${JA[@]}" -d '{"who":"xinsiyuan"}'; expect_status 201 "xinsiyuan registered"
req POST /api/v1/events/ev-xss/requests "${JX[@]}" -d '{"to":"p-zhou-qihang"}'; expect_status 201 "xinsiyuan asks zhou"
req POST /api/v1/events/ev-xss/requests/decline "${JA[@]}" -d "{\"request\":\"ev-xss/xinsiyuan/p-zhou-qihang\",\"reason\":\"$(js "$P1")\"}"
expect_status 200 "declined with a payload as reason"
req POST /api/v1/events/ev-xss/requests/accept "${JA[@]}" -d '{"request":"ev-xss/p-wang-haoran/p-zhou-qihang"}'; expect_status 200 "accepted"
form "$ja" /events/ev-xss /events/ev-xss/timetable --data ''
for raw in '<script' '<img' '<svg' '</textarea><svg' '"><img'; do grep -qiF -- "$raw" "$T/body" && bad "timetable page: raw '$raw'"; done
for page in /events /events/ev-xss "/events/ev-xss?as=p-zhou-qihang" "/events/ev-xss?as=xinsiyuan" /events/ev-xss/edit /events/ev-xss/grid "/events/ev-xss/agenda?who=p-zhou-qihang"; do
  req GET "$page" -b "$ja"
  [ "$STATUS" = 200 ] || bad "$page: status $STATUS"
  for raw in '<script' '<img' '<svg' '</textarea><svg' '"><img' "onerror=alert(2)\""; do
    if grep -qiF -- "$raw" "$T/body"; then bad "$page: raw '$raw' in the page"; fi
  done
  ok "$page: no live markup from the payloads"
done
req GET /events/ev-xss
expect_body '&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;' "the title is shown, escaped"
expect_body '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' "the venue is shown, escaped"
req GET "/events/ev-xss?as=p-zhou-qihang" -b "$ja"
expect_body '&lt;/textarea&gt;&lt;svg onload=alert(4)&gt;' "the message is shown, escaped"
req GET "/events/ev-xss?as=xinsiyuan" -b "$ja"
expect_body '（&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;）' "the decline reason is shown, escaped"

echo "-- OpenAPI"
req GET /api/v1/openapi.json
for p in '"/api/v1/events"' '"/api/v1/events/{id}/requests/accept"' '"/api/v1/events/{id}/timetable"' '"/api/v1/events/{id}/registrations/{who}"'; do
  expect_body "$p" "OpenAPI documents $p"
done
finish
