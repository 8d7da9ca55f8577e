#!/usr/bin/env bash
# qiao alerts run: one pass of the alerts from the command line (rules in
# src/alert/alert.h): the first pass closes demands past their deadline and
# ranks the open ones; an achievement imported afterwards by another command
# is a new match of the demand it fits, told once; milestone owners
# (qiao project milestone --owner) are told of an overdue milestone once.
set -uo pipefail
: "${QIAO:=build/qiao}"
T=$(mktemp -d /tmp/qiao-cli-alerts-XXXXXX); trap 'rm -rf "$T"' EXIT
db=$T/q.db
fails=0
check() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then echo "  ok   $what"; else echo "  FAIL $what: exit $got, want $want"; cat "$T/err"; fails=$((fails+1)); fi
}
has() { # file pattern description
  if grep -qE -- "$2" "$1"; then echo "  ok   $3"; else echo "  FAIL $3: /$2/ not in:"; cat "$1"; fails=$((fails+1)); fi
}
same() { # sql expected description
  local got; got=$(sqlite3 "$db" "$1")
  if [ "$got" = "$2" ]; then echo "  ok   $3"; else echo "  FAIL $3: got '$got', want '$2'"; fails=$((fails+1)); fi
}
"$QIAO" import --db "$db" data/demo/*.jsonl >/dev/null
echo 'xsy-pass-123' | "$QIAO" user add --db "$db" --login xsy --role enterprise --org xinsiyuan --password-stdin >/dev/null
echo 'uestc-pass-1' | "$QIAO" user add --db "$db" --login uestc --role university --org uestc-ic --password-stdin >/dev/null
cat > "$T/dem.jsonl" <<'J'
{"kind":"demand","id":"dem-alert","org":"xinsiyuan","title":"冷链运输无源射频温度标签","description":"需要可贴在包装箱上的无源射频温度标签，运输途中记录温度，到仓后批量读取，读取距离不少于3米。","keywords":["RFID","温度标签","冷链"],"deadline":"2026-12-10"}
{"kind":"demand","id":"dem-past","org":"xinsiyuan","title":"征集已截止的示例需求：冷库门禁","description":"冷库出入口门禁改造。","deadline":"2023-05-31"}
J
cat > "$T/ach.jsonl" <<'J'
{"kind":"achievement","id":"ach-alert","org":"uestc-ic","title":"无源射频温度标签芯片（冷链专用）","summary":"一种无源射频温度标签芯片，可贴在包装箱上记录冷链运输途中的温度，读取距离可达5米，适合仓库批量读取。","keywords":["RFID","温度标签"]}
J
"$QIAO" import --db "$db" "$T/dem.jsonl" >/dev/null

check 2 "the action is required" "$QIAO" alerts --db "$db"
check 2 "--db is required" "$QIAO" alerts run
check 0 "the first pass" "$QIAO" alerts run --db "$db" --today 2026-12-07
has "$T/out" "closed demand dem-past \(deadline 2023-" "a demand past its deadline is closed"
has "$T/out" "deadline_soon demand dem-alert \(2026-12-10\)" "a deadline within 7 days is told"
has "$T/out" "0 new matches" "no new matches in the first pass"
same "SELECT json_extract(doc, '\$.status') FROM demand WHERE key = 'dem-past'" closed "dem-past is stored closed"
same "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'deadline_soon'" 1 "xsy has the deadline notice"

"$QIAO" import --db "$db" "$T/ach.jsonl" >/dev/null
check 0 "a pass after an import" "$QIAO" alerts run --db "$db" --today 2026-12-07
has "$T/out" "new_match demand dem-alert achievement ach-alert: 1 notice" "the new achievement is a new match"
has "$T/out" "^changes 1 " "only the import's change is read"
same "SELECT link FROM notices WHERE login = 'xsy' AND kind = 'new_match'" /achievements/ach-alert "the notice links to the achievement"
check 0 "another pass" "$QIAO" alerts run --db "$db" --today 2026-12-08
has "$T/out" "^changes 0 " "nothing new is read"
same "SELECT count(*) FROM notices WHERE login = 'xsy'" 2 "nothing is told twice"

check 0 "a milestone with an owner" "$QIAO" project milestone --db "$db" --id proj-practice-base \
  --add "样品交付" --due 2026-12-01 --owner uestc
check 1 "an unknown owner is refused" "$QIAO" project milestone --db "$db" --id proj-practice-base \
  --number 1 --owner nobody
check 0 "a pass for the milestone" "$QIAO" alerts run --db "$db" --today 2026-12-07
has "$T/out" "milestones: 1 overdue notified" "the overdue milestone's owner is told"
same "SELECT count(*) FROM notices WHERE login = 'uestc' AND kind = 'milestone_overdue'" 1 "uestc has the notice"
check 0 "and once" "$QIAO" alerts run --db "$db" --today 2026-12-08
has "$T/out" "milestones: 0 overdue notified" "not twice"
[ "$fails" = 0 ] && echo "all passed" || { echo "$fails failed"; exit 1; }
