#!/usr/bin/env bash
# tests/http/advice.sh — invitations to advise (咨询邀请): staff link an
# account to the person it is (/admin/accounts, by name); the demand's side
# invites a suggested expert from the demand page and the API; the expert's
# account is notified, accepts on /me/advice, and both sides see each other's
# contacts; the inviter hears of the answer. Refusals answer a Chinese
# message and store nothing: another org inviting, a forged accept by a third
# party (403), a person who is not an expert, a second live invitation, a
# person without an account. A closed demand offers no button, and its open
# invitations close with a notice.
. tests/http/lib.sh
setup_store
echo 'zhou-pass-12' | "$QIAO" user add --db "$DB" --login zhou --role expert --org uestc-ic --password-stdin >/dev/null
echo 'staff-pass-1' | "$QIAO" user add --db "$DB" --login staff1 --role staff --password-stdin >/dev/null
sqlite3 "$DB" "UPDATE users SET name = '王经理', phone = '13800000001', email = 'wang@example.com' WHERE login = 'xsy';
               UPDATE users SET name = '周启航', phone = '13900000002', email = 'zhou@example.com' WHERE login = 'zhou';"
TOK_ZHOU=$("$QIAO" user token --db "$DB" --login zhou)
TOK_XJ=$("$QIAO" user token --db "$DB" --login xj)
start_server
J='Content-Type: application/json'
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
snap() { echo "$(count advice)/$(count notices)/$(sqlite3 "$DB" "SELECT group_concat(status) FROM advice")"; }
same() { local now; now=$(snap); [ "$now" = "$1" ] && ok "$2: nothing stored" || bad "$2: stored something ($1 -> $now)"; }
api() { # TOKEN METHOD PATH [json]
  local tok=$1 m=$2 p=$3
  if [ $# -ge 4 ]; then req "$m" "$p" -H "Authorization: Bearer $tok" -H "$J" --data-binary "$4"
  else req "$m" "$p" -H "Authorization: Bearer $tok"; fi
}

echo "== staff link an account to the person it is, by name"
ADMIN_JAR=$T/admin.jar
[ "$(sign_in admin admin-pass-1 "$ADMIN_JAR")" = 303 ] || bad "admin signs in"
req GET /admin/accounts/zhou -b "$ADMIN_JAR"
expect_status 200 "the account page"
expect_body '还没有关联人员' "says the account is linked to no one"
expect_body '<option value="周启航' "the person list offers names"
csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
req POST /admin/accounts/zhou/person -b "$ADMIN_JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "person=查无此人"
expect_status 422 "an unknown name"
expect_body '没有找到这位人员' "says so, in Chinese"
req POST /admin/accounts/zhou/person -b "$ADMIN_JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "person=周启航"
expect_status 303 "linked by name"
[ "$(sqlite3 "$DB" "SELECT person FROM users WHERE login = 'zhou'")" = p-zhou-qihang ] && ok "users.person set" || bad "users.person not set"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM account_audit WHERE target = 'zhou' AND action = 'person'")" = 1 ] \
  && ok "the change is in the account audit" || bad "no audit entry"
req GET /admin/accounts/zhou -b "$ADMIN_JAR"
expect_body '这个账号是 <a href="/people/p-zhou-qihang">周启航</a> 本人' "the page names the person"
req POST /admin/accounts/xj/person -b "$ADMIN_JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "person=周启航"
expect_status 409 "a second account for the same person"
expect_body '已经与账号 zhou 关联' "says which account has them"
"$QIAO" user person --db "$DB" --login xj --person p-zhou-qihang >/dev/null 2>&1 \
  && bad "qiao user person linked a person twice" || ok "qiao user person refuses it too"
"$QIAO" user person --db "$DB" --login xj --person p-du-heng >/dev/null && \
  "$QIAO" user person --db "$DB" --login xj --person "" >/dev/null && \
  [ "$(sqlite3 "$DB" "SELECT person FROM users WHERE login = 'xj'")" = "" ] && ok "qiao user person links and unlinks" \
  || bad "qiao user person"

echo "== the demand page: 邀请咨询 for the demand's side only"
XSY_JAR=$T/xsy.jar
[ "$(sign_in xsy xsy-pass-123 "$XSY_JAR")" = 303 ] || bad "xsy signs in"
req GET /demands/dem-01 -b "$XSY_JAR"
expect_body '可以咨询的专家' "the suggested experts"
expect_body 'action="/demands/dem-01/advice"' "a 邀请咨询 form for the owner"
expect_body '这位专家还没有平台账号' "an expert without an account says so"
XJ_JAR=$T/xj.jar
[ "$(sign_in xj xj-pass-1234 "$XJ_JAR")" = 303 ] || bad "xj signs in"
req GET /demands/dem-01 -b "$XJ_JAR"
expect_no_body '/advice"' "no button for another org"
req GET /demands/dem-01
expect_no_body '邀请咨询' "no button for a visitor"
req GET /demands/dem-01 -b "$ADMIN_JAR"
expect_body 'action="/demands/dem-01/advice"' "staff may invite"
expect_body 'href="/orgs/ic-platform/invite">邀请其开通账号' "staff get the link to invite an expert without an account"

echo "== refusals store nothing"
before=$(snap)
api "$TOK_XJ" POST /api/v1/demands/dem-01/advice '{"person":"p-zhou-qihang","message":"别人的需求"}'
expect_status 403 "another org invites for xinsiyuan's demand"
expect_body '只有发布这条需求的单位' "says who may, in Chinese"
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-liu-chen","message":"请指导"}'
expect_status 422 "a person who is not an expert"
expect_body '不是专家、科学家或技术经理人' "says why, in Chinese"
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-du-heng","message":"请指导"}'
expect_status 409 "an expert without an account"
expect_body '还没有平台账号' "says so, in Chinese"
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-zhou-qihang","message":"  "}'
expect_status 422 "an empty message"
expect_body '请填写邀请留言' "asks for the message"
same "$before" "refusals"

echo "== invite from the page; the expert is notified"
csrf=$(csrf_of "$XSY_JAR" /demands/dem-01)
req POST /demands/dem-01/advice -b "$XSY_JAR" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "person=p-zhou-qihang" --data-urlencode "message=想请您评估时间交织 ADC 的方案"
expect_status 303 "xsy invites 周启航"
ID=$(sqlite3 "$DB" "SELECT id FROM advice WHERE demand = 'dem-01' AND person = 'p-zhou-qihang'")
[ -n "$ID" ] && ok "the invitation is stored" || bad "no invitation"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE login = 'zhou' AND kind = 'advice_invited'")" = 1 ] \
  && ok "the expert's account is notified" || bad "no advice_invited notice"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM mail_outbox WHERE login = 'zhou' AND kind = 'advice_invited'")" = 1 ] \
  && ok "and mailed" || bad "no advice_invited mail"
req GET /demands/dem-01 -b "$XSY_JAR"
expect_body '已邀请咨询（待回复）' "the page shows the invitation's state"
before=$(snap)
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-zhou-qihang","message":"再请一次"}'
expect_status 409 "a second live invitation"
expect_body '已经就这条需求邀请过 周启航' "says so, in Chinese"
api "$TOK_XJ" POST "/api/v1/advice/$ID/accept" '{}'
expect_status 403 "a forged accept by a third party"
expect_body '只有受邀专家本人的账号' "says who may, in Chinese"
api "$TOK_XSY" POST "/api/v1/advice/$ID/accept" '{}'
expect_status 403 "the inviter cannot accept for the expert"
api "$TOK_ADMIN" POST "/api/v1/advice/$ID/accept" '{}'
expect_status 403 "nor can staff"
same "$before" "forged answers"
api "$TOK_XJ" GET /api/v1/me/advice
expect_no_body "\"id\":$ID" "a third party does not see it"

echo "== the expert accepts on /me/advice; both see contacts"
ZHOU_JAR=$T/zhou.jar
[ "$(sign_in zhou zhou-pass-12 "$ZHOU_JAR")" = 303 ] || bad "zhou signs in"
req GET /me -b "$ZHOU_JAR"
expect_body '1 条待您回复' "/me counts what waits"
req GET /me/advice -b "$ZHOU_JAR"
expect_body '想请您评估时间交织 ADC 的方案' "the expert reads the message"
expect_no_body '13800000001' "no contacts before accepting"
csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
req POST "/advice/$ID/accept" -b "$ZHOU_JAR" --data-urlencode "_csrf=$csrf"
expect_status 303 "the expert accepts"
req GET /me/advice -b "$ZHOU_JAR"
expect_body '13800000001' "the expert sees the inviter's phone"
expect_body 'wang@example.com' "and e-mail"
req GET /me/advice -b "$XSY_JAR"
expect_body '13900000002' "the inviter sees the expert's phone"
expect_body 'zhou@example.com' "and e-mail"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'advice_answered'")" = 1 ] \
  && ok "the inviter is notified of the answer" || bad "no advice_answered notice"
api "$TOK_ZHOU" GET /api/v1/me/advice
expect_body '"status":"accepted"' "the API lists it as accepted"
expect_body '"phone":"13800000001"' "with the contacts"

echo "== decline through the API, with a reason"
"$QIAO" user person --db "$DB" --login xj --person p-wen-yining >/dev/null
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-wen-yining","message":"请指导电源部分"}'
expect_status 201 "xsy invites 温以宁 through the API"
ID2=$(jq -r .id "$T/body")
expect_body '"contacts":null' "no contacts before an answer"
api "$TOK_XJ" POST "/api/v1/advice/$ID2/decline" '{"reason":""}'
expect_status 422 "a decline without a reason"
api "$TOK_XJ" POST "/api/v1/advice/$ID2/decline" '{"reason":"近期没有时间"}'
expect_status 200 "the expert's account declines"
expect_body '"reason":"近期没有时间"' "the reason is kept"

echo "== a closed demand: no button, open invitations closed with a notice"
"$QIAO" user person --db "$DB" --login xj --person "" >/dev/null
"$QIAO" user person --db "$DB" --login xj --person p-lin-zhiyuan >/dev/null
"$QIAO" advice invite --db "$DB" --login xsy --demand dem-01 --person p-lin-zhiyuan --message "请指导射频部分" >/dev/null \
  && ok "qiao advice invite" || bad "qiao advice invite"
"$QIAO" advice list --db "$DB" --login xj | grep -q 'invited.*p-lin-zhiyuan' && ok "qiao advice list shows it" || bad "qiao advice list"
api "$TOK_XSY" POST /api/v1/demands/dem-01/close '{}'
expect_status 200 "xsy closes the demand"
[ "$(sqlite3 "$DB" "SELECT status FROM advice WHERE person = 'p-lin-zhiyuan'")" = closed ] && ok "the open invitation is closed" || bad "not closed"
[ "$(sqlite3 "$DB" "SELECT status FROM advice WHERE id = $ID")" = accepted ] && ok "an accepted one stays" || bad "the accepted one changed"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE login = 'xj' AND kind = 'advice_closed'")" = 1 ] \
  && ok "the expert is told" || bad "no advice_closed notice"
req GET /demands/dem-01 -b "$XSY_JAR"
expect_no_body 'action="/demands/dem-01/advice"' "a closed demand offers no button"
api "$TOK_XSY" POST /api/v1/demands/dem-01/advice '{"person":"p-wen-yining","message":"再请"}'
expect_status 409 "inviting on a closed demand"
finish
