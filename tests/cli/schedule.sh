#!/usr/bin/env bash
# qiao schedule: JSON and text output, keep-existing, errors and usage.
set -euo pipefail
Q=${QIAO:-build/qiao}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "schedule.sh: $*" >&2; exit 1; }

cat > "$d/star.json" <<'J'
{"event": {"id": "交流会", "slots": 4, "tables": 2},
 "registrations": [{"who": "专家"}, {"who": "企业甲"}, {"who": "企业乙"},
                   {"who": "企业丙", "availability": [1]}, {"who": "企业丁"},
                   {"who": "企业戊", "availability": [3, 4]}],
 "meeting_requests": [
  {"id": "r1", "from": "企业甲", "to": "专家", "priority": 1},
  {"id": "r2", "from": "企业乙", "to": "专家", "priority": 3},
  {"id": "r3", "from": "企业丙", "to": "专家", "priority": 2},
  {"id": "r4", "from": "企业丁", "to": "专家", "priority": 2},
  {"id": "r5", "from": "企业戊", "to": "专家", "priority": 2},
  {"id": "r6", "from": "企业甲", "to": "企业乙", "priority": 1, "slot": 2, "table": 2, "locked": true},
  {"id": "r7", "from": "企业丙", "to": "企业丁", "status": "declined"}]}
J
"$Q" schedule --instance "$d/star.json" --seed 3 > "$d/out.json" || fail "solve failed"
# The expert has 4 slots for 5 requests: the four heaviest fit (3+2+2+2), plus locked r6.
[ "$(jq .scheduled "$d/out.json")" = 5 ] || fail "scheduled $(jq .scheduled "$d/out.json")"
[ "$(jq .weight "$d/out.json")" = 10 ] || fail "weight $(jq .weight "$d/out.json")"
[ "$(jq .bound "$d/out.json")" = 10 ] || fail "bound $(jq .bound "$d/out.json")"
[ "$(jq -r '.meetings[] | select(.id=="r6") | "\(.slot)/\(.table)"' "$d/out.json")" = 2/2 ] || fail "locked r6 moved"
[ "$(jq -r '.meetings[] | select(.id=="r3") | .slot' "$d/out.json")" = 1 ] || fail "r3 must be in slot 1"
[ "$(jq -r '.unscheduled[0].id' "$d/out.json")" = r1 ] || fail "r1 should be the one left out"
[ "$(jq -r '.unscheduled[0].reason' "$d/out.json")" = requested_busy ] || fail "reason"
[ "$(jq '[.meetings[] | select(.id=="r7")] | length' "$d/out.json")" = 0 ] || fail "declined r7 scheduled"
# Nobody twice in a slot, no slot beyond its tables.
jq -e '[.meetings[] | [.slot, .from], [.slot, .to]] | (length == (unique | length))' "$d/out.json" >/dev/null || fail "double booking"
jq -e '[.meetings[] | [.slot, .table]] | (length == (unique | length))' "$d/out.json" >/dev/null || fail "table shared"

# Same seed, same timetable.
"$Q" schedule --instance "$d/star.json" --seed 3 | jq -c .meetings > "$d/a"
jq -c .meetings "$d/out.json" > "$d/b"
cmp -s "$d/a" "$d/b" || fail "not deterministic"

# Text output.
"$Q" schedule --instance "$d/star.json" --format text > "$d/out.txt"
grep -q "bound 10" "$d/out.txt" || fail "text lacks the bound"
grep -q "企业戊" "$d/out.txt" || fail "text lacks a participant"

# Re-planning: confirm the timetable, cancel r2; with --keep-existing nothing moves.
python3 - "$d/star.json" "$d/out.json" "$d/confirmed.json" <<'P'
import json, sys
inst = json.load(open(sys.argv[1])); out = json.load(open(sys.argv[2]))
at = {m["id"]: (m["slot"], m["table"]) for m in out["meetings"]}
reqs = []
for r in inst["meeting_requests"]:
    if r["id"] == "r2":
        continue
    if r["id"] in at:
        r["slot"], r["table"] = at[r["id"]]
    reqs.append(r)
inst["meeting_requests"] = reqs
json.dump(inst, open(sys.argv[3], "w"), ensure_ascii=False)
P
"$Q" schedule --instance "$d/confirmed.json" --keep-existing --seed 9 > "$d/re.json" || fail "re-plan failed"
for id in $(jq -r '.meetings[].id' "$d/out.json"); do
  [ "$id" = r2 ] && continue
  a=$(jq -r --arg i "$id" '.meetings[] | select(.id==$i) | "\(.slot)/\(.table)"' "$d/out.json")
  b=$(jq -r --arg i "$id" '.meetings[] | select(.id==$i) | "\(.slot)/\(.table)"' "$d/re.json")
  [ "$a" = "$b" ] || fail "$id moved from $a to $b"
done
# r2's slot (3 or 4: 乙 is locked in slot 2) is free now: r1 takes it.
jq -e '.meetings[] | select(.id=="r1")' "$d/re.json" >/dev/null || fail "r1 not re-planned into the freed slot"

# Errors: exit 1 with a message naming the problem, nothing on stdout.
echo '{"event":{"slots":3,"tables":0},"registrations":[],"meeting_requests":[]}' > "$d/bad.json"
set +e
"$Q" schedule --instance "$d/bad.json" > "$d/o" 2> "$d/e"; rc=$?
set -e
[ $rc = 1 ] || fail "bad instance exit $rc"
grep -q "no tables" "$d/e" || fail "message: $(cat "$d/e")"
[ ! -s "$d/o" ] || fail "output on error"
jq '.meeting_requests += [{"id":"r9","from":"专家","to":"无名"}]' "$d/star.json" > "$d/bad2.json"
set +e
"$Q" schedule --instance "$d/bad2.json" 2> "$d/e" >/dev/null; rc=$?
set -e
[ $rc = 1 ] && grep -q "unknown participant '无名'" "$d/e" || fail "unknown participant: $(cat "$d/e")"

# Usage errors exit 2; help describes every option.
set +e
"$Q" schedule 2>/dev/null; rc1=$?
"$Q" schedule --instance "$d/star.json" --format xml 2>/dev/null; rc2=$?
"$Q" schedule --instance "$d/star.json" --time-limit soon 2>/dev/null; rc3=$?
set -e
[ "$rc1$rc2$rc3" = 222 ] || fail "usage exits $rc1 $rc2 $rc3"
"$Q" help schedule > "$d/help"
for o in --instance --format --time-limit --iterations --seed --keep-existing; do
  grep -q -- "$o" "$d/help" || fail "help lacks $o"
done
"$Q" help | grep -q schedule || fail "qiao help lacks schedule"
echo "schedule.sh: ok"
