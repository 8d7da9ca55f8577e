#!/usr/bin/env bash
# qiao stats and qiao project over the demo data: the seed's March 2023
# events and agreement in the figures; CSV with a BOM; a workbook; stage
# changes in order and out of order; history; overdue milestones.
set -euo pipefail
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-stats-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/q.db
fail() { echo "FAIL: $*" >&2; exit 1; }

"$QIAO" import --db "$db" data/demo/*.jsonl >/dev/null

# March 2023: the salon (9th) and the park event (10th), the practice-base agreement
js=$("$QIAO" stats --db "$db" --from 2023-03-01 --to 2023-03-31 --format json)
echo "$js" | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = d["figures"]
want = {"events_held": 2, "projects_signed": 1, "projects_started": 5, "meetings_held": 9,
        "achievements_published": 11, "demands_published": 13, "participant_enterprises": 8,
        "participant_experts": 9, "median_days_to_sign": 0, "external_universities": 0}
for k, v in want.items():
    assert f[k] == v, (k, f[k], v)
assert d["events_by_type"]["salon"] == 1 and d["events_by_type"]["park_visit"] == 1, d["events_by_type"]
assert [m["month"] for m in d["monthly"]] == ["2023-03"], d["monthly"]
assert d["funnel"]["signed"] == 1 and d["funnel"]["accepted_meetings"] == 9, d["funnel"]
assert d["funnel"]["suggestions"] > 0, d["funnel"]
ic = [c for c in d["by_chain"] if c["chain"] == "集成电路"][0]
assert ic["projects_signed"] == 1 and ic["events_held"] == 2, ic
' || fail "March figures: $js"

# April only: the roadshow, no signing
"$QIAO" stats --db "$db" --from 2023-04-01 --to 2023-04-30 --format json --no-suggestions |
  python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["figures"]; assert f["events_held"]==1 and f["projects_signed"]==0, f; assert d["funnel"]["suggestions"] is None' \
  || fail "April figures"

# a zone filter
"$QIAO" stats --db "$db" --zone 环川大科技成果转化区 --format json --no-suggestions |
  python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["figures"]; assert f["achievements_published"]==1 and f["demands_published"]==4 and f["projects_started"]==0, f; assert [z["zone"] for z in d["by_zone"]]==["环川大科技成果转化区"]' \
  || fail "zone filter"

# text
txt=$("$QIAO" stats --db "$db" --from 2023-03-01 --to 2023-03-31 --no-suggestions)
echo "$txt" | grep -q '^events_held  *举办的对接活动  *2$' || fail "text: $txt"

# CSV: UTF-8 BOM, CRLF, one table
"$QIAO" stats --db "$db" --format csv --table funnel --no-suggestions > "$dir/f.csv"
[ "$(head -c 3 "$dir/f.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
grep -q $'^签约的项目,2\r$' "$dir/f.csv" || fail "funnel csv: $(cat "$dir/f.csv")"
[ "$(head -1 "$dir/f.csv" | tail -c +4)" = $'阶段,数量\r' ] || fail "funnel csv headers: $(cat "$dir/f.csv")"
"$QIAO" stats --db "$db" --format csv --no-suggestions | grep -q $'^按知识经济圈\r$' || fail "all tables"

# XLSX: a zip with one sheet per table
"$QIAO" stats --db "$db" --no-suggestions --xlsx "$dir/s.xlsx" >/dev/null
python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
for t in ["主要指标", "单位类型", "活动类型", "月度趋势", "按产业链", "按知识经济圈", "转化漏斗", "合作意向", "不合适原因"]:
    assert "name=\"%s\"" % t in wb, t
assert "工程实践" not in wb
s = z.read("xl/sharedStrings.xml").decode()
assert "集成电路" in s and "合同金额（元）" in s
' "$dir/s.xlsx" || fail "xlsx"

# bad options
if "$QIAO" stats --db "$db" --from 2023-02-30 2>"$dir/err"; then fail "bad date accepted"; fi
grep -q -- '--from' "$dir/err" || fail "bad date message: $(cat "$dir/err")"
if "$QIAO" stats --db "$db" --format xml 2>/dev/null; then fail "bad format accepted"; fi

# projects: out of order is refused with a clear message, nothing changes
if "$QIAO" project advance --db "$db" --id proj-rfid-jiezhong --to signed \
     --signed-on 2023-04-01 --agreement 合作协议 2>"$dir/err"; then fail "skip accepted"; fi
grep -q 'contact → signed skips talks: advance to talks first' "$dir/err" || fail "skip message: $(cat "$dir/err")"
"$QIAO" project advance --db "$db" --id proj-rfid-jiezhong --to talks --by p-luo-qing \
  --note 首次洽谈 --at 2023-03-20T10:00+08:00 >/dev/null
if "$QIAO" project advance --db "$db" --id proj-rfid-jiezhong --to signed --by p-luo-qing \
     --at 2023-04-01T15:00+08:00 2>"$dir/err"; then fail "signing without fields"; fi
grep -q 'missing: --signed-on DATE' "$dir/err" || fail "signing message: $(cat "$dir/err")"
"$QIAO" project advance --db "$db" --id proj-rfid-jiezhong --to signed --by p-luo-qing \
  --at 2023-04-01T15:00+08:00 --signed-on 2023-04-01 --agreement 《技术合作协议》 \
  --amount 500000 | grep -q 'talks -> signed' || fail "sign"
h=$("$QIAO" project history --db "$db" --id proj-rfid-jiezhong)
echo "$h" | grep -q '^2023-03-20T10:00:00+08:00  contact  *→ talks  *by p-luo-qing  首次洽谈$' || fail "history: $h"
echo "$h" | grep -q '^2023-04-01T15:00:00+08:00  talks  *→ signed  *by p-luo-qing$' || fail "history: $h"
if "$QIAO" project advance --db "$db" --id proj-gan-biyiwei --to talks 2>"$dir/err"; then fail "stopped moved"; fi
grep -q 'was stopped' "$dir/err" || fail "stopped message"

# the signing shows in April's figures; days to sign from the salon (9 March)
"$QIAO" stats --db "$db" --from 2023-04-01 --to 2023-04-30 --format json --no-suggestions |
  python3 -c 'import json,sys; f=json.load(sys.stdin)["figures"]; assert f["projects_signed"]==1 and f["contract_amount"]==500000 and f["median_days_to_sign"]==23 and f["achievements_transferred"]==1 and f["demands_met"]==1, f' \
  || fail "April after signing"

# a project from a meeting, and overdue milestones
"$QIAO" project start --db "$db" --id proj-xray --meeting mr-p-04 --by p-he-mingxuan >/dev/null
"$QIAO" project history --db "$db" --id proj-xray | grep -q 'started from meeting mr-p-04 at event ev-20230310-park' || fail "start from meeting"
"$QIAO" project milestone --db "$db" --id proj-xray --add 联合开发立项 --due 2023-05-31 >/dev/null
od=$("$QIAO" project overdue --db "$db" --today 2023-06-01)
echo "$od" | grep -q '^overdue milestones on 2023-06-01 (Beijing time): 2$' || fail "overdue: $od"
echo "$od" | grep -q 'proj-practice-base (signed) #2  共同确定企业导师名单' || fail "overdue: $od"
echo "$od" | grep -q '2023-05-31  *1 days  proj-xray (contact) #1  联合开发立项' || fail "overdue: $od"
"$QIAO" project milestone --db "$db" --id proj-xray --done 1 >/dev/null
"$QIAO" project overdue --db "$db" --today 2023-06-01 --format json |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["overdue"])==1 and d["today"]=="2023-06-01", d' || fail "overdue json"
echo "stats.sh: ok"
