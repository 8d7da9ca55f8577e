#!/usr/bin/env bash
# The 繁 switch and the downloads (issue #15): with the cookie qiao_zh=hant
# (set by /zh?to=hant, as the switch in the page header does) every export —
# the statistics CSV (one table and all of them) and XLSX, an event's grid
# and meeting list (CSV) and workbook (XLSX), a participant's calendar (ICS)
# — has its own words in traditional script: headers, sheet names, table
# names, figure and stage names, priorities, 是/否, the file name. The data
# (chain and zone names, people's and orgs' names, titles) stays as stored.
# Switched back, the same downloads are simplified again.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
EV=ev-20230310-park
ja=$T/ja
[ "$(sign_in admin admin-pass-1 "$ja")" = 303 ] || bad "sign in admin"
get() { # PATH FILE: a download with the jar; sets STATUS, keeps the headers in FILE.h
  STATUS=$(curl -s -b "$ja" -c "$ja" -D "$2.h" -o "$2" -w '%{http_code}' "$BASE$1")
}
line1() { head -1 "$1" | tail -c +4 | tr -d '\r'; }   # the first row, past the BOM
has() { grep -qF -- "$2" "$1"; }
bom() { head -c 3 "$1" | od -An -tx1 | grep -q 'ef bb bf'; }

echo "-- simplified (no switch): the reference"
get "/stats.csv?table=by_chain" "$T/c0.csv"
[ "$(line1 "$T/c0.csv")" = '产业链,成果,需求,活动,发起项目,签约项目,合同金额（元）' ] \
  && ok "by_chain header simplified without the switch" || bad "by_chain header: $(line1 "$T/c0.csv")"

echo "-- switch to 繁體"
STATUS=$(curl -s -b "$ja" -c "$ja" -o /dev/null -w '%{http_code}' "$BASE/zh?to=hant&next=/stats")
[ "$STATUS" = 303 ] && ok "the switch answers 303" || bad "the switch answered $STATUS"
grep -q 'qiao_zh	hant' "$ja" && ok "the cookie qiao_zh=hant is set" || bad "no qiao_zh cookie in the jar"

echo "-- statistics CSV"
get "/stats.csv?table=summary" "$T/s.csv"
[ "$STATUS" = 200 ] && ok "summary CSV -> 200" || bad "summary CSV: $STATUS"
bom "$T/s.csv" && ok "with a BOM" || bad "no BOM"
[ "$(line1 "$T/s.csv")" = '指標,數值' ] && ok "header 指標,數值" || bad "summary header: $(line1 "$T/s.csv")"
has "$T/s.csv" '舉辦的對接活動,' && ok "a figure's name traditional (舉辦的對接活動)" || bad "figure names: $(head -5 "$T/s.csv")"
has "$T/s.csv" '举办' && bad "a simplified figure name is left" || ok "no simplified figure name"
grep -qi "filename\*=UTF-8''%E6%A9%8B%E7%B5%B1%E8%A8%88" "$T/s.csv.h" && ok "file name 橋統計-…" \
  || bad "file name: $(grep -i disposition "$T/s.csv.h")"
get "/stats.csv?table=by_chain" "$T/c.csv"
[ "$(line1 "$T/c.csv")" = '產業鏈,成果,需求,活動,發起項目,簽約項目,合同金額（元）' ] \
  && ok "by_chain header traditional" || bad "by_chain header: $(line1 "$T/c.csv")"
has "$T/c.csv" '集成电路,' && ok "the chain 集成电路 as stored" || bad "chain name changed: $(cat "$T/c.csv")"
has "$T/c.csv" '集成電路' && bad "the chain's name was converted" || ok "the chain's name not converted"
get "/stats.csv?table=by_zone" "$T/z.csv"
[ "$(line1 "$T/z.csv" | cut -d, -f1)" = '知識經濟圈' ] && ok "by_zone header traditional" || bad "by_zone header: $(line1 "$T/z.csv")"
has "$T/z.csv" '环电子科大知识经济圈' && ok "the zone as stored" || bad "zone changed: $(cat "$T/z.csv")"

get "/stats.csv?table=dismissals" "$T/d.csv"
[ "$(line1 "$T/d.csv")" = '原因,數量' ] && ok "dismissals header traditional" || bad "dismissals header: $(line1 "$T/d.csv")"
get "/stats.csv" "$T/all.csv"
for t in 主要指標 單位類型 月度趨勢 按產業鏈 轉化漏斗 技術經理人; do
  tail -c +4 "$T/all.csv" | grep -q "^$t"$'\r'"\$" && ok "all tables: heading $t" || bad "all tables: no heading $t"
done
has "$T/all.csv" '月度趋势' && bad "a simplified table name in the CSV of all tables" || ok "no simplified table name"

echo "-- statistics XLSX"
get "/stats.xlsx" "$T/s.xlsx"
[ "$STATUS" = 200 ] && ok "stats.xlsx -> 200" || bad "stats.xlsx: $STATUS"
out=$(python3 - "$T/s.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
s = z.read("xl/sharedStrings.xml").decode()
p = []
for t in ["主要指標", "月度趨勢", "按產業鏈", "轉化漏斗", "按知識經濟圈"]:
    if 'name="%s"' % t not in wb: p.append("no sheet " + t)
for t in ["主要指标", "月度趋势"]:
    if 'name="%s"' % t in wb: p.append("simplified sheet " + t)
for t in ["指標", "數值", "產業鏈", "舉辦的對接活動"]:
    if "<t>%s</t>" % t not in s: p.append("no cell " + t)
if "<t>集成电路</t>" not in s: p.append("the chain 集成电路 not as stored")
if "集成電路" in s: p.append("the chain converted")
if "<t>环电子科大知识经济圈</t>" not in s: p.append("the zone not as stored")
print("; ".join(p) or "OK")
PY
)
[ "$out" = OK ] && ok "sheets and headers traditional, chains and zones as stored" || bad "stats.xlsx: $out"

echo "-- an event's grid, meeting list, workbook and calendar"
get "/events/$EV/meetings.csv" "$T/m.csv"
[ "$STATUS" = 200 ] && ok "meetings.csv -> 200" || bad "meetings.csv: $STATUS"
bom "$T/m.csv" && ok "with a BOM" || bad "no BOM"
[ "$(line1 "$T/m.csv")" = '時段,時間,桌號,邀約編號,邀約方編號,邀約方,受邀方編號,受邀方,優先級,鎖定,留言' ] \
  && ok "meeting list header traditional" || bad "meetings header: $(line1 "$T/m.csv")"
grep -qE ',(非常重要|重要|一般),(是|否),' "$T/m.csv" && ok "priority and 是/否 (same in both scripts)" || bad "meetings rows: $(sed -n 2p "$T/m.csv")"
name=$(sed -n 2p "$T/m.csv" | cut -d, -f6)
stored=$(curl -s -b "$ja" "$BASE/api/v1/people/$(sed -n 2p "$T/m.csv" | cut -d, -f5)" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("name",""))' 2>/dev/null || true)
case $name in "$stored"*) ok "a party's name as stored ($name)";; *) bad "party name '$name', stored '$stored'";; esac
grep -qi "filename\*=UTF-8''%E6%9C%83%E8%AB%87" "$T/m.csv.h" && ok "file name 會談清單-…" || bad "file name: $(grep -i disposition "$T/m.csv.h")"
get "/events/$EV/grid.csv" "$T/g.csv"
[ "$(line1 "$T/g.csv" | cut -d, -f1-3)" = '時段,時間,第1桌' ] && ok "grid header traditional" || bad "grid header: $(line1 "$T/g.csv")"
has "$T/g.csv" '电子' && ok "names in the grid as stored (电子)" || bad "grid cells: $(sed -n 2,3p "$T/g.csv")"
get "/events/$EV/export.xlsx" "$T/e.xlsx"
[ "$STATUS" = 200 ] && ok "export.xlsx -> 200" || bad "export.xlsx: $STATUS"
out=$(python3 - "$T/e.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
s = z.read("xl/sharedStrings.xml").decode()
p = []
for t in ["會談安排表", "會談清單"]:
    if 'name="%s"' % t not in wb: p.append("no sheet " + t)
for t in ["時段", "時間", "優先級", "邀約方"]:
    if "<t>%s</t>" % t not in s: p.append("no header " + t)
if "<t>优先级</t>" in s: p.append("a simplified header")
if "电子" not in s: p.append("no name as stored (电子)")
if "電子" in s: p.append("a name converted (電子)")
print("; ".join(p) or "OK")
PY
)
[ "$out" = OK ] && ok "workbook sheets and headers traditional, names as stored" || bad "export.xlsx: $out"
who=$(sed -n 2p "$T/m.csv" | cut -d, -f7)
get "/events/$EV/agenda.ics?who=$who" "$T/a.ics"
if [ "$STATUS" = 200 ]; then
  grep -q '^SUMMARY:會談：' "$T/a.ics" && ok "ICS summary traditional (會談：)" || bad "ICS: $(grep SUMMARY "$T/a.ics")"
  grep -q '優先級：' "$T/a.ics" && ok "ICS description's words traditional" || bad "ICS: $(grep -A1 DESCRIPTION "$T/a.ics")"
  # content lines are folded at 75 octets: unfold before looking for the title
  sed -e ':a' -e 'N' -e '$!ba' -e 's/\r\n //g' "$T/a.ics" | grep -q '电子科技大学市校成果对接活动' \
    && ok "the event's title as stored" || bad "ICS title converted: $(grep -A2 DESCRIPTION "$T/a.ics")"
else
  bad "agenda.ics: $STATUS"
fi

echo "-- switched back: simplified again"
curl -s -b "$ja" -c "$ja" -o /dev/null "$BASE/zh?to=hans&next=/stats"
get "/stats.csv?table=summary" "$T/s2.csv"
[ "$(line1 "$T/s2.csv")" = '指标,数值' ] && ok "summary header simplified" || bad "after switching back: $(line1 "$T/s2.csv")"
get "/events/$EV/meetings.csv" "$T/m2.csv"
[ "$(line1 "$T/m2.csv" | cut -d, -f1-3)" = '时段,时间,桌号' ] && ok "meeting list simplified" || bad "after switching back: $(line1 "$T/m2.csv")"
finish
