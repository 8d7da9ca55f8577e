#!/usr/bin/env bash
# The organiser's side of an event on the web: the panel (requests by state
# with counts, the waiting list, the accepted meetings left out of the
# timetable and why), the last timetable opened again (GET), a past event
# read-only (no forms; a POST refused in Chinese, nothing stored), the
# downloads with Chinese headers and sheet names (event CSV and XLSX, the
# statistics CSV and XLSX), priorities in words, and no English on the pages.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
JA=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_ADMIN")
EV=ev-staff-1
PAST=ev-20230310-park
ja=$T/ja
[ "$(sign_in admin admin-pass-1 "$ja")" = 303 ] || bad "sign in admin"

form() {   # JAR PAGE ACTION [curl --data args...]: a form post with the CSRF token of PAGE
  local jar=$1 page=$2 action=$3; shift 3
  local c; c=$(csrf_of "$jar" "$page")
  STATUS=$(curl -s -b "$jar" -c "$jar" -o "$T/body" -w '%{http_code}' --data-urlencode "_csrf=$c" "$@" "$BASE$action")
}
store_dump() { "$QIAO" export --db "$DB" --kind event,registration,meeting_request | md5sum; }
# count_of EVENT STATUS: the meeting requests of the event in that state, from the store
count_of() {
  "$QIAO" export --db "$DB" --kind meeting_request | python3 -c '
import json, sys
ev, st = sys.argv[1], sys.argv[2]
print(sum(1 for l in sys.stdin if l.strip() and json.loads(l).get("event") == ev
          and json.loads(l).get("status", "pending") == st))' "$1" "$2"
}
shown_count() { sed -n "s/.*id=\"count-$1\">\([0-9]*\)<.*/\1/p" "$T/body" | head -1; }

echo "-- an event with every kind of request"
req POST /api/v1/events "${JA[@]}" -d "{\"id\":\"$EV\",\"title\":\"组织者面板测试会\",\"type\":\"salon\",\"starts\":\"2030-06-10T09:00+08:00\",\"ends\":\"2030-06-10T12:00+08:00\",\"capacity\":4,\"slot_minutes\":20,\"slots\":3,\"tables\":1}"
expect_status 201 "staff create the event"
reg() { req POST /api/v1/events/$EV/registrations "${JA[@]}" -d "{\"who\":\"$1\",\"availability\":$2}"; }
reg p-wang-haoran '[1,2,3]'; reg p-zhou-qihang '[1]'; reg p-liu-chen '[2]'; reg p-lin-zhiyuan '[1,2,3]'
reg xinsiyuan '[1]'; expect_body '"waitlisted":true' "the fifth registration waits (capacity 4)"
ask() { req POST /api/v1/events/$EV/requests "${JA[@]}" -d "{\"from\":\"$1\",\"to\":\"$2\",\"priority\":$3}"; }
ask p-wang-haoran p-zhou-qihang 3; ask p-liu-chen p-zhou-qihang 2; ask p-lin-zhiyuan p-wang-haoran 1
ask p-lin-zhiyuan p-liu-chen 1
ans() { req POST /api/v1/events/$EV/requests/$1 "${JA[@]}" -d "{\"request\":\"$EV/$2\"}"; }
ans accept p-wang-haoran/p-zhou-qihang; ans accept p-liu-chen/p-zhou-qihang
ans decline p-lin-zhiyuan/p-liu-chen; expect_status 200 "staff answer for the parties"

echo "-- the organiser's panel"
req GET /events/$EV -b "$ja"
expect_status 200 "the event page with the panel"
for st in pending accepted declined expired cancelled; do
  want=$(count_of $EV $st)
  [ "$(shown_count $st)" = "$want" ] && ok "panel counts $st: $want" || bad "panel $st: shows '$(shown_count $st)', store has $want"
done
[ "$(count_of $EV pending)" = 1 ] && [ "$(count_of $EV accepted)" = 2 ] || bad "the set-up is not as meant"
expect_body '待答复（1）' "the pending section with its count"
expect_body '已婉拒（1）' "the declined section with its count"
[ "$(shown_count waitlist)" = 1 ] && ok "the waiting list counts 1" || bad "waiting list count: $(shown_count waitlist)"
expect_body '<ol class="records" id="waitlist"><li>成都芯思源科技有限公司</li>' "the waiting list names the org"
[ "$(shown_count unscheduled)" = 2 ] && ok "two accepted meetings not yet placed" || bad "unscheduled: $(shown_count unscheduled)"
expect_body '双方没有共同的可参加时段' "liu and zhou share no slot: the reason is given"
expect_body '尚未排入日程' "the other waits for the timetable"
expect_body '优先级：非常重要' "priority 3 in words"
expect_body '优先级：一般' "priority 1 in words"
expect_no_body '优先级 3' "no priority as a number"
expect_body 'id="timetable-link"' "a link to the last timetable"
for raw in "$EV/" 'p-wang-haoran<' '>p-liu-chen' 'pending' 'accepted'; do
  sed 's/<[^>]*>//g' "$T/body" | grep -qF -- "$raw" && bad "raw '$raw' in the page's text" || ok "no raw '$raw' in the text"
done

echo "-- the timetable, built and opened again"
form "$ja" /events/$EV /events/$EV/timetable --data ''
expect_status 200 "staff build the timetable"
expect_body '未能安排（1）' "one meeting left out"
expect_body '双方没有共同的可参加时段' "with its reason"
req GET /events/$EV/timetable -b "$ja"
expect_status 200 "GET of the last timetable (was 405)"
expect_body '<h1>会谈日程</h1>' "a Chinese page"
expect_body '王浩然（必易微电子（成都）有限公司）' "placed meetings by name"
expect_body '第1段' "with the slot"
expect_body '非常重要' "and the priority in words"
expect_body '双方没有共同的可参加时段' "and the one left out, with the reason"
expect_no_body 'Method Not Allowed' "not refused"
req GET /events/$EV -b "$ja"
[ "$(shown_count unscheduled)" = 1 ] && ok "the panel now has one left out" || bad "unscheduled after planning: $(shown_count unscheduled)"
req GET /events/$EV/timetable -b "$T/nobody"
expect_status 303 "visitors are sent to sign in"

echo "-- Chinese messages"
form "$ja" /events/$EV /events/$EV/register --data 'who=p-han-lisong'
expect_status 422 "registering with no slot ticked"
expect_body '请至少勾选一个可以参加的时段' "said in Chinese"
expect_no_body 'availability:' "no English reason"
form "$ja" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=p-wang-haoran&priority=1'
expect_body '不能向自己发出会谈邀约' "a request to oneself, in Chinese"
form "$ja" /events/$EV /events/$EV/requests --data 'from=p-wang-haoran&to=xinsiyuan&priority=1'
expect_body '对方还在候补名单上' "a request to the waiting list, in Chinese"
expect_no_body 'waiting list' "no English"
req POST /api/v1/events/$EV/requests "${JA[@]}" -d '{"from":"p-liu-chen","to":"p-liu-chen"}'
expect_status 422 "a request to oneself (API)"
expect_body '"field":"to"' "the API names the field"
expect_body '不能向自己发出会谈邀约' "and says why in Chinese"

echo "-- downloads"
curl -s -b "$ja" -o "$T/m.csv" "$BASE/events/$EV/meetings.csv"
head -c 3 "$T/m.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok "meetings CSV starts with a BOM" || bad "meetings CSV BOM"
[ "$(head -1 "$T/m.csv" | tail -c +4 | cut -d, -f1-3)" = '时段,时间,桌号' ] && ok "meetings CSV headers in Chinese" || bad "meetings CSV header: $(head -1 "$T/m.csv")"
grep -q ',非常重要,' "$T/m.csv" && ok "priorities in words in the CSV" || bad "CSV priority: $(cat "$T/m.csv")"
curl -s -b "$ja" -o "$T/g.csv" "$BASE/events/$EV/grid.csv"
[ "$(head -1 "$T/g.csv" | tail -c +4)" = $'时段,时间,第1桌\r' ] && ok "grid CSV headers in Chinese" || bad "grid CSV header: $(head -1 "$T/g.csv")"
curl -s -b "$ja" -o "$T/e.xlsx" "$BASE/events/$EV/export.xlsx"
python3 - "$T/e.xlsx" <<'PY' && ok "the workbook's sheets are 会谈安排表 and 会谈清单, headers Chinese" || bad "event xlsx sheets"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
assert 'name="会谈安排表"' in wb and 'name="会谈清单"' in wb, wb
s = z.read("xl/sharedStrings.xml").decode()
assert "优先级" in s and "非常重要" in s and "priority" not in s
PY
curl -s -b "$ja" -o "$T/a.ics" "$BASE/events/$EV/agenda.ics?who=p-zhou-qihang"
grep -q '^SUMMARY:会谈：王浩然' "$T/a.ics" && ok "ICS summary in Chinese" || bad "ICS: $(grep SUMMARY "$T/a.ics")"
curl -s -b "$ja" -o "$T/s.csv" "$BASE/stats.csv?table=summary"
head -c 3 "$T/s.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok "statistics CSV starts with a BOM" || bad "stats CSV BOM"
[ "$(head -1 "$T/s.csv" | tail -c +4)" = $'指标,数值\r' ] && ok "statistics CSV headers in Chinese" || bad "stats CSV header: $(head -1 "$T/s.csv")"
grep -q '^举办的对接活动,' "$T/s.csv" && ok "the figures labelled as on /stats" || bad "stats CSV rows"
curl -s -b "$ja" -o "$T/s.xlsx" "$BASE/stats.xlsx"
python3 - "$T/s.xlsx" <<'PY' && ok "statistics workbook sheets in Chinese" || bad "stats xlsx sheets"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
for t in ["主要指标", "月度趋势", "按产业链", "转化漏斗"]:
    assert 'name="%s"' % t in wb, (t, wb)
assert 'name="summary"' not in wb
PY

echo "-- a past event is read-only"
req GET /events/$PAST -b "$ja"
expect_status 200 "the past event's page"
expect_body '活动已结束' "says it has ended"
expect_body '2023年3月10日 09:00' "dates as people write them"
grep -q "action=\"/events/$PAST/" "$T/body" && bad "a form that changes the past event" || ok "no form that changes it"
expect_no_body 'id="edit-event"' "no edit button"
for st in pending accepted declined expired; do
  want=$(count_of $PAST $st)
  [ "$(shown_count $st)" = "$want" ] && ok "past panel counts $st: $want" || bad "past $st: shows '$(shown_count $st)', store has $want"
done
before=$(store_dump)
form "$ja" /events/$EV /events/$PAST/register --data 'who=p-han-lisong&slot=1' --data 'late=1'
expect_status 409 "registering for a past event (even late, as staff)"
expect_body '活动已结束' "refused in Chinese"
form "$ja" /events/$EV /events/$PAST/timetable --data ''
expect_status 409 "re-planning a past event"
expect_body '活动已结束' "refused in Chinese"
form "$ja" /events/$EV /events/$PAST/cancel --data-urlencode "request=mr-p-01" --data 'reason=x'
expect_status 409 "cancelling a meeting of a past event"
form "$ja" /events/$EV /events/$PAST/edit --data 'title=改名&type=salon&starts=2023-03-10'
expect_status 409 "editing a past event"
expect_body '活动已结束' "refused in Chinese"
req POST /api/v1/events/$PAST/registrations "${JA[@]}" -d '{"who":"p-han-lisong","late":true}'
expect_status 409 "registering for a past event (API)"
expect_body '"field":"event"' "naming the event"
req PATCH /api/v1/events/$PAST "${JA[@]}" -d '{"capacity":99}'
expect_status 409 "editing a past event (API)"
req POST /api/v1/events/$PAST/requests/cancel "${JA[@]}" -d '{"request":"mr-p-01"}'
expect_status 409 "cancelling a meeting of a past event (API)"
req DELETE /api/v1/events/$PAST/registrations/p-zhou-qihang -H "Authorization: Bearer $TOK_ADMIN"
expect_status 409 "withdrawing from a past event (API)"
req POST /api/v1/events/$PAST/timetable "${JA[@]}" -d '{"write":true}'
expect_status 409 "writing a past event's timetable (API)"
req POST /api/v1/events/$PAST/timetable "${JA[@]}" -d '{"write":false}'
expect_status 200 "a dry run of it still answers"
[ "$(store_dump)" = "$before" ] && ok "nothing stored" || bad "a refused change to a past event was stored"
req GET /events/$PAST/timetable -b "$ja"
expect_status 200 "its last timetable still opens"
expect_body '活动已结束，日程仅供查阅' "read-only"
finish
