# tests/http/interest.sh — interests (有意向) and 不合适 through the API and the
# pages: each refusal answers a clear Chinese message and stores nothing;
# contacts stay hidden until the interest is accepted; a dismissal takes the
# pair out of the matches (API, record page, `qiao match`) and undo brings it
# back; a withdrawn record closes its interests; a project proposed from an
# interest starts when the other side confirms.
. tests/http/lib.sh
setup_store
TOK_XJ=$("$QIAO" user token --db "$DB" --login xj)
# the contacts the other side sees once an interest is accepted
sqlite3 "$DB" "UPDATE users SET name = '王经理', phone = '13800000001', email = 'wang@example.com' WHERE login = 'xsy';
               UPDATE users SET name = '李老师', phone = '13900000002', email = 'li@example.com' WHERE login = 'uestc';"
start_server --interests-per-day 3
J='Content-Type: application/json'
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
api() { # TOKEN METHOD PATH [json]
  local tok=$1 m=$2 p=$3
  if [ $# -ge 4 ]; then req "$m" "$p" -H "Authorization: Bearer $tok" -H "$J" --data-binary "$4"
  else req "$m" "$p" -H "Authorization: Bearer $tok"; fi
}
same_counts() { # before description
  local now; now="$(count interests)/$(count interest_messages)/$(count notices)"
  [ "$now" = "$1" ] && ok "$2: nothing stored" || bad "$2: stored something ($1 -> $now)"
}
snap() { echo "$(count interests)/$(count interest_messages)/$(count notices)"; }

echo "== refusals"
before=$(snap)
api "$TOK_UESTC" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","message":"自己的"}'
expect_status 403 "interest in one's own org's record"
expect_body '不能对自己表达合作意向' "says why, in Chinese"
same_counts "$before" "own record"
big=$(head -c 100000 /dev/zero | tr '\0' 'a')
api "$TOK_XSY" POST /api/v1/interests "{\"kind\":\"achievement\",\"target\":\"ach-uestc-02\",\"message\":\"$big\"}"
expect_status 422 "a message of 100,000 characters"
expect_body '留言最多 2000 字，现在是 100000 字' "says the limit and the length"
same_counts "$before" "long message"
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","message":"   "}'
expect_status 422 "an empty message"
expect_body '请填写留言' "asks for the message"
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"no-such","message":"x"}'
expect_status 404 "a record that does not exist"
same_counts "$before" "refusals"

echo "== an interest, its thread, contacts"
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","via":"dem-01","message":"想了解 IP 授权的条件"}'
expect_status 201 "xsy expresses interest in uestc's achievement"
ID=$(jq -r .id "$T/body")
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE login = 'uestc' AND kind = 'interest_received'")" = 1 ] \
  && ok "the receiving org's account is notified" || bad "no notification for uestc"
expect_body '"contacts":null' "no contacts before it is accepted"
before=$(snap)
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","message":"再问一次"}'
expect_status 409 "a second open interest in the same record"
expect_body '您方已对这条成果表达过合作意向' "says there is one, in Chinese"
same_counts "$before" "second interest"
api "$TOK_XJ" POST "/api/v1/interests/$ID/accept" '{}'
expect_status 404 "a forged accept by another org"
expect_body '您不是它的任何一方' "says it is not theirs, in Chinese"
api "$TOK_XSY" POST "/api/v1/interests/$ID/accept" '{}'
expect_status 403 "the sender cannot accept its own interest"
expect_body '只有收到意向的一方可以接受或婉拒' "says who may"
[ "$(sqlite3 "$DB" "SELECT status FROM interests WHERE id = $ID")" = open ] && ok "still open" || bad "the interest changed"
same_counts "$before" "forged accepts"
api "$TOK_UESTC" POST "/api/v1/interests/$ID/messages" "{\"body\":\"$big\"}"
expect_status 422 "a reply of 100,000 characters"
api "$TOK_UESTC" POST "/api/v1/interests/$ID/messages" '{"body":"可以，请先看样片数据"}'
expect_status 200 "the receiving side replies"
expect_body '"contacts":null' "still no contacts"
uj=$T/uestc; sign_in uestc uestc-pass-1 "$uj" >/dev/null
xj=$T/xsy; sign_in xsy xsy-pass-123 "$xj" >/dev/null
req GET "/interests/$ID" -b "$xj"
expect_status 200 "the sender's thread page"
expect_body '可以，请先看样片数据' "shows the reply"
expect_no_body '13900000002' "hides the other side's phone before accept"
expect_body '对方接受合作意向后，双方才能看到彼此的联系人' "and says when contacts show"
req GET /me -b "$uj"
expect_body '1 条意向等待您回复' "the receiver's dashboard counts the waiting interest"
csrf=$(csrf_of "$uj" "/interests/$ID")
req POST "/interests/$ID/accept" -b "$uj" --data-urlencode "_csrf=$csrf"
expect_status 303 "the receiving side accepts on the page"
req GET "/interests/$ID" -b "$xj"
expect_body '13900000002' "the sender sees the receiver's phone after accept"
expect_body 'li@example.com' "and e-mail"
req GET "/interests/$ID" -b "$uj"
expect_body '13800000001' "the receiver sees the sender's phone"
api "$TOK_XSY" GET "/api/v1/interests/$ID"
expect_body '"phone":"13900000002"' "the API gives the contacts too"
api "$TOK_XJ" GET "/api/v1/interests/$ID"
expect_status 404 "a third party cannot read the thread"
expect_no_body '1390000' "nor the contacts"
req GET /me/interests -b "$xj"
expect_body "href=\"/interests/$ID\"" "/me/interests lists it"
req GET /demands/dem-01 -b "$xj"
expect_body "<a href=\"/interests/$ID\">查看沟通、提议合作项目</a>" "the match says the project is proposed from the accepted interest"

echo "== a project from the interest"
api "$TOK_XSY" POST "/api/v1/interests/$ID/confirm" '{}'
expect_status 409 "confirming before anyone proposed"
api "$TOK_XSY" POST "/api/v1/interests/$ID/propose" '{}'
expect_status 200 "xsy proposes a project"
api "$TOK_XSY" POST "/api/v1/interests/$ID/confirm" '{}'
expect_status 409 "the proposer cannot confirm its own proposal"
expect_body '需要由对方确认' "says the other side confirms"
api "$TOK_UESTC" POST "/api/v1/interests/$ID/confirm" '{}'
expect_status 200 "uestc confirms"
P=$(jq -r .project "$T/body")
[ "$P" = "proj-int-$ID" ] && ok "the project is $P" || bad "project: $P"
"$QIAO" export --db "$DB" --kind project | grep -q "\"id\":\"$P\".*\"stage\":\"contact\"" \
  && ok "it starts at contact" || bad "no project $P at contact"

echo "== withdrawing a record closes its interests"
req GET /achievements/ach-uestc-01 -b "$xj"
expect_body 'name="target" value="ach-uestc-01"' "a published record offers the interest form"
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-01","message":"RFID 标签的价格？"}'
expect_status 201 "an interest in ach-uestc-01"
ID2=$(jq -r .id "$T/body")
api "$TOK_UESTC" POST /api/v1/achievements/ach-uestc-01/withdraw '{}'
expect_status 200 "uestc withdraws ach-uestc-01"
[ "$(sqlite3 "$DB" "SELECT status FROM interests WHERE id = $ID2")" = closed ] && ok "its open interest is closed" \
  || bad "the interest is $(sqlite3 "$DB" "SELECT status FROM interests WHERE id = $ID2")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'interest_closed'")" = 1 ] \
  && ok "the sender is notified" || bad "no interest_closed notice"
before=$(snap)
api "$TOK_XSY" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-01","message":"还在吗"}'
expect_status 409 "interest in a withdrawn record"
expect_body '已撤回或尚未发布' "says it was withdrawn"
same_counts "$before" "withdrawn record"
req GET /achievements/ach-uestc-01 -b "$xj"
expect_no_body 'name="target" value="ach-uestc-01"' "a withdrawn record offers no interest button"

echo "== the daily limit"
for t in ach-uestc-03 ach-uestc-04 ach-thu-01; do
  api "$TOK_XJ" POST /api/v1/interests "{\"kind\":\"achievement\",\"target\":\"$t\",\"message\":\"您好\"}"
  expect_status 201 "xj: interest in $t"
done
before=$(snap)
api "$TOK_XJ" POST /api/v1/interests '{"kind":"achievement","target":"ach-uestc-02","message":"第四个"}'
expect_status 429 "a fourth interest in 24 hours with --interests-per-day 3"
expect_body '24 小时内最多表达 3 个合作意向' "says the limit, in Chinese"
same_counts "$before" "over the limit"

echo "== 不合适: gone from the matches, undo brings it back"
api "$TOK_XSY" GET '/api/v1/demands/dem-01/matches?top=5'
expect_body '"id":"ach-thu-01"' "ach-thu-01 is among dem-01's matches"
"$QIAO" match --db "$DB" --demand dem-01 --top 5 | grep -q 'ach-thu-01' && ok "and in qiao match" \
  || bad "ach-thu-01 not in qiao match before the dismissal"
api "$TOK_XSY" POST /api/v1/dismissals '{"kind":"achievement","target":"ach-thu-01","via":"dem-01","reason":"other"}'
expect_status 422 "'other' without a note"
expect_body '选择“其他”时请写明原因' "asks for the note"
api "$TOK_XSY" POST /api/v1/dismissals '{"kind":"demand","target":"dem-01","reason":"price"}'
expect_status 403 "dismissing one's own record"
csrf=$(csrf_of "$xj" /demands/dem-01)
req GET /demands/dem-01 -b "$xj"
expect_body 'action="/dismissals"' "the owner sees 不合适 under the matches"
req POST /dismissals -b "$xj" --data-urlencode "_csrf=$csrf" -d kind=achievement -d target=ach-thu-01 \
  -d via=dem-01 -d reason=immature --data-urlencode "note=样片良率还不够" -d next=/demands/dem-01
expect_status 303 "xsy marks ach-thu-01 不合适 (技术尚不成熟)"
api "$TOK_XSY" GET '/api/v1/demands/dem-01/matches?top=5'
expect_no_body '"id":"ach-thu-01"' "ach-thu-01 is gone from dem-01's matches (API)"
n=$(jq '.hits | length' "$T/body")
[ "$n" = 5 ] && ok "still 5 matches (the next one moves up)" || bad "$n matches"
req GET /demands/dem-01
expect_no_body 'href="/achievements/ach-thu-01"' "gone from the record page"
"$QIAO" match --db "$DB" --demand dem-01 --top 5 | grep -q 'ach-thu-01' \
  && bad "ach-thu-01 still in qiao match" || ok "gone from qiao match"
got=$("$QIAO" stats --db "$DB" --format json | jq -c '[.interest_funnel.interests, .interest_funnel.accepted,
  .interest_funnel.projects, .interest_funnel.signed, .dismissals.immature, .dismissals.price, .funnel.signed]')
want="[5,1,1,0,1,0,$("$QIAO" stats --db "$DB" --format json | jq .figures.projects_signed)]"
[ "$got" = "$want" ] && ok "qiao stats: interests → accepted → project → signed, dismissals per reason ($got)" \
  || bad "qiao stats: $got, expected $want"
aj=$T/admin; sign_in admin admin-pass-1 "$aj" >/dev/null
req GET /stats -b "$aj"
expect_body '合作意向与推荐反馈' "/stats has the interest funnel"
expect_body '<th scope="row">技术尚不成熟</th><td class="num">1</td>' "and the dismissals per reason"
req GET '/stats.csv?table=dismissals' -b "$aj"
expect_body '技术尚不成熟,1' "the dismissals table as CSV"
expect_no_body 'immature' "with Chinese labels, no codes"
req GET /me -b "$xj"
expect_body '我方标记为不合适的推荐' "/me lists the dismissal"
expect_body '样片良率还不够' "with its note"
tj=$T/thu
echo 'thu-pass-1234' | "$QIAO" user add --db "$DB" --login thu --role university --org tsinghua --password-stdin >/dev/null
sign_in thu thu-pass-1234 "$tj" >/dev/null
req GET /achievements/ach-thu-01 -b "$tj"
expect_body '推荐反馈' "the achievement's owner sees the feedback"
expect_body '技术尚不成熟：1' "counted per reason"
expect_body '样片良率还不够' "with the newest notes"
expect_no_body '>xsy<' "without saying who"
req GET /achievements/ach-thu-01
expect_no_body '推荐反馈' "a visitor does not see it"
csrf=$(csrf_of "$xj" /me)
req POST /dismissals/undo -b "$xj" --data-urlencode "_csrf=$csrf" -d kind=achievement -d target=ach-thu-01 -d next=/me
expect_status 303 "undo from /me"
api "$TOK_XSY" GET '/api/v1/demands/dem-01/matches?top=5'
expect_body '"id":"ach-thu-01"' "ach-thu-01 is back (API)"
"$QIAO" match --db "$DB" --demand dem-01 --top 5 | grep -q 'ach-thu-01' && ok "and back in qiao match" \
  || bad "ach-thu-01 not back in qiao match"
api "$TOK_XSY" POST /api/v1/dismissals/undo '{"kind":"achievement","target":"ach-thu-01"}'
expect_status 404 "undoing twice"
finish
