#!/usr/bin/env bash
# Event news on the web (docs/notify.md): a meeting request sent through the
# event page reaches the invited party's org accounts (/api/v1/me/notifications:
# unread count and the notice, in Chinese with names), not the sender's and not
# a bystander's; a declined answer reaches the sender's with the reason.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
echo 'wang-pass-123' | "$QIAO" user add --db "$DB" --login p-wang-haoran --role enterprise --org biyiwei --password-stdin >/dev/null
TOK_WANG=$("$QIAO" user token --db "$DB" --login p-wang-haoran)
start_server
JA=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_ADMIN")
EV=ev-notify-1
unread() { curl -s -H "Authorization: Bearer $1" "$BASE/api/v1/me/notifications" | jq .unread; }

req POST /api/v1/events "${JA[@]}" -d "{\"id\":\"$EV\",\"title\":\"集成电路校企对接会（通知测试）\",\"type\":\"school_enterprise\",\"starts\":\"2030-05-20T09:00+08:00\",\"ends\":\"2030-05-20T12:00+08:00\",\"slot_minutes\":20,\"slots\":6,\"tables\":2}"
expect_status 201 "staff create an event"
for who in p-wang-haoran p-zhou-qihang; do
  req POST /api/v1/events/$EV/registrations "${JA[@]}" -d "{\"who\":\"$who\"}"
  expect_status 201 "$who registered"
done
u0=$(unread "$TOK_UESTC"); x0=$(unread "$TOK_XSY"); w0=$(unread "$TOK_WANG")

jw=$T/jw
[ "$(sign_in p-wang-haoran wang-pass-123 "$jw")" = 303 ] || bad "sign in wang"
c=$(csrf_of "$jw" /events/$EV)
STATUS=$(curl -s -b "$jw" -c "$jw" -o "$T/body" -w '%{http_code}' --data-urlencode "_csrf=$c" \
  --data 'from=p-wang-haoran&to=p-zhou-qihang&priority=2' --data-urlencode 'message=想了解高速ADC的授权条件' \
  "$BASE/events/$EV/requests")
BODY=$(cat "$T/body")
expect_status 303 "wang asks zhou through the event page"

[ "$(unread "$TOK_UESTC")" = $((u0 + 1)) ] && ok "the invited party's org account has one more unread" \
  || bad "uestc unread: $u0 -> $(unread "$TOK_UESTC")"
req GET "/api/v1/me/notifications?per_page=1" -H "Authorization: Bearer $TOK_UESTC"
expect_body '"kind":"meeting_request"' "the notice is a meeting request"
expect_body '收到洽谈请求' "titled in Chinese"
expect_body '王浩然' "naming the sender"
expect_body '集成电路校企对接会（通知测试）' "and the event"
expect_body '想了解高速ADC的授权条件' "with the message"
expect_body "\"link\":\"/events/$EV\"" "linking to the event page"
expect_no_body 'p-wang-haoran' "no ids in the notice"
[ "$(unread "$TOK_WANG")" = "$w0" ] && ok "the sender is not notified" || bad "wang was notified"
[ "$(unread "$TOK_XSY")" = "$x0" ] && ok "a bystander is not notified" || bad "xsy was notified"

req POST /api/v1/events/$EV/requests/decline "${JA[@]}" -d "{\"request\":\"$EV/p-wang-haoran/p-zhou-qihang\",\"reason\":\"日程已满\"}"
expect_status 200 "the request declined"
req GET "/api/v1/me/notifications?per_page=1" -H "Authorization: Bearer $TOK_WANG"
expect_body '洽谈请求已婉拒' "the sender hears it was declined"
expect_body '原因：日程已满' "with the reason"
finish
