#!/usr/bin/env bash
# qiao event / qiao schedule --db: the 10 March 2023 park event of the demo
# data planned and written, agendas (text and ICS, parsed back with python3's
# standard library), the grid and exports, refusals that write nothing.
set -euo pipefail
Q=${QIAO:-build/qiao}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "event.sh: $*" >&2; exit 1; }
db="$d/q.db"
EV=ev-20230310-park
"$Q" import --db "$db" data/demo/*.jsonl > /dev/null || fail "import"
snap() { "$Q" export --db "$db" --kind event,registration,meeting_request; }

# A new request and its acceptance on the day before (the demo is in 2023).
"$Q" event request --db "$db" --event $EV --from p-wang-haoran --to p-zhou-qihang \
    --priority 2 --message "了解超高速ADC" --at 2023-03-09T10:00+08:00 > "$d/out" || fail "request"
grep -q "ev-20230310-park/p-wang-haoran/p-zhou-qihang sent" "$d/out" || fail "request output: $(cat "$d/out")"
"$Q" event accept --db "$db" --request $EV/p-wang-haoran/p-zhou-qihang \
    --role expert --as p-zhou-qihang --at 2023-03-09T11:00+08:00 > /dev/null || fail "accept"

# Schedule from the store, keeping what is already planned, and write.
"$Q" schedule --db "$db" --event $EV --keep-existing --write > "$d/plan.json" 2> "$d/plan.err" || fail "schedule: $(cat "$d/plan.err")"
grep -q "written" "$d/plan.err" || fail "no write report"
[ "$(jq .scheduled "$d/plan.json")" = 6 ] || fail "scheduled $(jq .scheduled "$d/plan.json"), want 6"
[ "$(jq .ratio "$d/plan.json")" = 1 ] || fail "ratio $(jq .ratio "$d/plan.json")"
# The locked and the existing meetings stayed where they were.
[ "$(jq -r '.meetings[] | select(.id=="mr-p-01") | "\(.slot)/\(.table)"' "$d/plan.json")" = 1/1 ] || fail "mr-p-01 moved"
[ "$(jq -r '.meetings[] | select(.id=="mr-p-04") | .slot' "$d/plan.json")" = 3 ] || fail "mr-p-04 moved"
new=$(jq -r '.meetings[] | select(.id=="ev-20230310-park/p-wang-haoran/p-zhou-qihang") | "\(.slot) \(.table)"' "$d/plan.json")
[ -n "$new" ] || fail "the new meeting is not scheduled"
read -r nslot ntable <<< "$new"
# Stored: the export holds the slot and table.
snap | grep '"from":"p-wang-haoran","to":"p-zhou-qihang"' | grep -q "\"slot\":$nslot,\"table\":$ntable" || fail "slot not stored"

# Agendas: both sides see the meeting, with the other's name and table.
"$Q" event agenda --db "$db" --event $EV --who p-zhou-qihang > "$d/zhou.txt" || fail "agenda"
grep -q "王浩然" "$d/zhou.txt" || fail "zhou's agenda lacks 王浩然: $(cat "$d/zhou.txt")"
grep -q "刘晨" "$d/zhou.txt" || fail "zhou's agenda lacks 刘晨"
grep -Eq "^$nslot +[0-9:-]+ +$ntable +ev-20230310-park/p-wang-haoran/p-zhou-qihang" "$d/zhou.txt" || fail "slot/table line: $(cat "$d/zhou.txt")"
"$Q" event agenda --db "$db" --event $EV --who p-wang-haoran --role enterprise --as p-wang-haoran > "$d/wang.txt" || fail "own agenda"
grep -q "周启航" "$d/wang.txt" || fail "wang's agenda lacks 周启航"
"$Q" event agenda --db "$db" --event $EV --who p-zhou-qihang --format ics \
    --dtstamp 2023-03-01T00:00+08:00 --out "$d/zhou.ics" || fail "ics"
python3 - "$d/zhou.ics" "$nslot" "$ntable" <<'P' || fail "ICS check"
import sys, datetime
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n"), "no CRLF at the end"
lines = raw.split(b"\r\n")[:-1]
assert all(len(l) <= 75 for l in lines), "a line longer than 75 octets"
assert all(b"\n" not in l for l in lines), "bare LF"
text = []
for l in lines:                       # unfold (RFC 5545 3.1)
    if l.startswith(b" "):
        text[-1] += l[1:]
    else:
        text.append(l)
props = [l.decode("utf-8").split(":", 1) for l in text]
names = [p[0] for p in props]
assert names[0] == "BEGIN" and props[0][1] == "VCALENDAR" and props[-1][1] == "VCALENDAR"
assert "TZID" in names
events, cur = [], None
for name, value in props:
    if name == "BEGIN" and value == "VEVENT":
        cur = {}
    elif name == "END" and value == "VEVENT":
        events.append(cur); cur = None
    elif cur is not None:
        key, _, params = name.partition(";")
        cur[key] = (params, value)
assert len(events) == 2, f"{len(events)} events"
for ev in events:
    for k in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION"):
        assert k in ev, k
    assert ev["DTSTAMP"][1] == "20230228T160000Z", ev["DTSTAMP"]
    assert ev["DTSTART"][0] == "TZID=Asia/Shanghai"
start = {ev["SUMMARY"][1]: ev for ev in events}
liu = [e for s, e in start.items() if "刘晨" in s][0]
wang = [e for s, e in start.items() if "王浩然" in s][0]
fmt = "%Y%m%dT%H%M%S"
t = lambda e, k: datetime.datetime.strptime(e[k][1], fmt)
assert t(liu, "DTSTART") == datetime.datetime(2023, 3, 10, 9, 0), liu
assert t(liu, "DTEND") == datetime.datetime(2023, 3, 10, 9, 15)
slot, table = int(sys.argv[2]), int(sys.argv[3])
want = datetime.datetime(2023, 3, 10, 9, 0) + datetime.timedelta(minutes=15 * (slot - 1))
assert t(wang, "DTSTART") == want, (wang, want)
assert t(wang, "DTEND") == want + datetime.timedelta(minutes=15)
assert wang["LOCATION"][1].endswith(f"第{table}桌"), wang["LOCATION"]
P

# The organiser's grid and exports.
"$Q" event grid --db "$db" --event $EV > "$d/grid.txt" || fail "grid"
grep -q "王浩然 ↔ 周启航" "$d/grid.txt" || fail "grid lacks the new meeting"
[ "$(grep -o '↔' "$d/grid.txt" | wc -l)" = 6 ] || fail "grid has $(grep -o '↔' "$d/grid.txt" | wc -l) meetings"
"$Q" event grid --db "$db" --event $EV --format csv --out "$d/grid.csv" || fail "grid csv"
head -c 3 "$d/grid.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV without BOM"
grep -q $'\r$' "$d/grid.csv" || fail "CSV without CRLF"
[ "$(wc -l < "$d/grid.csv")" = 9 ] || fail "grid CSV rows"
"$Q" event meetings --db "$db" --event $EV --format csv --out "$d/meetings.csv" || fail "meetings csv"
[ "$(wc -l < "$d/meetings.csv")" = 7 ] || fail "meetings CSV rows"
"$Q" event export --db "$db" --event $EV --out "$d/grid.xlsx" > /dev/null || fail "xlsx"
python3 - "$d/grid.xlsx" <<'P' || fail "xlsx content"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert "xl/worksheets/sheet1.xml" in names and "xl/worksheets/sheet2.xml" in names, names
shared = z.read("xl/sharedStrings.xml").decode("utf-8")
assert "王浩然" in shared and "周启航" in shared
P

# Refusals write nothing.
snap > "$d/before"
expect_fail() {
    local want=$1; shift
    if "$@" > "$d/o" 2> "$d/e"; then fail "should fail: $*"; fi
    grep -q -- "$want" "$d/e" || fail "message for $*: $(cat "$d/e") (want $want)"
}
expect_fail "request to oneself" "$Q" event request --db "$db" --event $EV --from p-liu-chen --to p-liu-chen --at 2023-03-09T10:00+08:00
expect_fail "duplicate request" "$Q" event request --db "$db" --event $EV --from p-zhou-qihang --to p-liu-chen --at 2023-03-09T10:00+08:00
expect_fail "not registered" "$Q" event request --db "$db" --event $EV --from p-liu-chen --to p-luo-qing --at 2023-03-09T10:00+08:00
expect_fail "requests for event" "$Q" event request --db "$db" --event $EV --from p-liu-chen --to p-song-yutong
expect_fail "registration for event $EV closed" "$Q" event register --db "$db" --event $EV --who p-luo-qing
expect_fail "only staff and admin" "$Q" schedule --db "$db" --event $EV --role enterprise --as p-liu-chen --write
expect_fail "only staff and admin" "$Q" event grid --db "$db" --event $EV --role expert --as p-zhou-qihang
expect_fail "may not act for p-zhou-qihang" "$Q" event agenda --db "$db" --event $EV --who p-zhou-qihang --role enterprise --as p-liu-chen
expect_fail "no slots" "$Q" schedule --db "$db" --event ev-20230420-roadshow
snap > "$d/after"
cmp -s "$d/before" "$d/after" || fail "a refusal changed the store"

# A cancellation, then re-planning that keeps the confirmed meetings: with
# --db that is the default (the organiser must say --allow-moving to move them).
"$Q" event cancel --db "$db" --request mr-p-02 --reason "no-show" > /dev/null || fail "cancel"
"$Q" schedule --db "$db" --event $EV --write > "$d/plan2.json" 2>/dev/null || fail "replan"
[ "$(jq .scheduled "$d/plan2.json")" = 5 ] || fail "after the cancellation: $(jq .scheduled "$d/plan2.json")"
jq -r '.meetings[] | "\(.id) \(.slot) \(.table)"' "$d/plan.json" | grep -v '^mr-p-02 ' | sort > "$d/k1"
jq -r '.meetings[] | "\(.id) \(.slot) \(.table)"' "$d/plan2.json" | sort > "$d/k2"
cmp -s "$d/k1" "$d/k2" || fail "re-planning moved a confirmed meeting: $(diff "$d/k1" "$d/k2")"

# Suggestions name registered parties with reasons.
"$Q" event suggest --db "$db" --event $EV --who p-zheng-jia --format json > "$d/sg.json" || fail "suggest"
[ "$(jq '.suggestions | length' "$d/sg.json")" -ge 1 ] || fail "no suggestions"
jq -e '.suggestions[0].reasons[0].why | length > 0' "$d/sg.json" > /dev/null || fail "no reasons"
jq -e '[.suggestions[].who] | index("p-tang-ruoxi") == null' "$d/sg.json" > /dev/null || fail "suggested a party already met"
echo "event.sh: ok"
