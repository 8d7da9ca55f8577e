#!/usr/bin/env bash
# HTTP tests of the home page's figures, which each worker keeps until the
# store changes: writes through the server and writes by another process
# (qiao import, qiao project) both show on the next view, and every worker
# answers the same.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

# fig LABEL: the count shown beside a label; sum KEY: a summary figure
fig() { grep -o "<strong>[0-9]*</strong><span>$1</span>" "$T/body" | grep -o '[0-9]*' | head -1; }
sum() { grep -o "<li id=\"sum-$1\"><strong>[^<]*</strong>" "$T/body" | sed 's/.*<strong>\(.*\)<\/strong>/\1/'; }
home() { req GET /; }
count_of() { "$QIAO" info --db "$DB" | awk -v k="$1" '$1==k{print $2}'; }

echo "== the figures are the store's"
home; expect_status 200 "home page"
for k in achievement:科技成果 demand:技术需求 org:参与单位 person:专家与人才 project:合作项目; do
  want=$(count_of "${k%%:*}"); got=$(fig "${k#*:}")
  [ -n "$want" ] && [ "$got" = "$want" ] && ok "${k#*:} $got" || bad "${k#*:}: shown $got, store has $want"
done
signed0=$(sum projects_signed)
[ -n "$signed0" ] && ok "projects_signed shown ($signed0)" || bad "no projects_signed on the home page"
a0=$(fig 科技成果)
for _ in 1 2 3 4 5 6; do home; done     # every worker has made and kept its figures
[ "$(fig 科技成果)" = "$a0" ] && ok "unchanged while nothing is written" || bad "figures moved without a write"

echo "== a write through the server"
req POST /api/v1/achievements -H "Authorization: Bearer $TOK_ADMIN" -H 'Content-Type: application/json' \
  -d '{"id":"ach-home-1","title":"首页计数测试","org":"uestc-ic"}'
expect_status 201 "an achievement is created"
for i in 1 2 3 4 5 6; do
  home; got=$(fig 科技成果)
  [ "$got" = "$((a0 + 1))" ] || { bad "view $i after the write: $got, want $((a0 + 1))"; break; }
done
[ "$got" = "$((a0 + 1))" ] && ok "every view after it shows $got"

echo "== writes by another process"
o0=$(fig 参与单位)
printf '%s\n' '{"kind":"org","id":"home-test-org","name":"首页测试单位","type":"enterprise"}' >"$T/org.jsonl"
"$QIAO" import --quiet --db "$DB" "$T/org.jsonl"
for i in 1 2 3 4 5 6; do
  home; got=$(fig 参与单位)
  [ "$got" = "$((o0 + 1))" ] || { bad "view $i after qiao import: $got, want $((o0 + 1))"; break; }
done
[ "$got" = "$((o0 + 1))" ] && ok "an org imported by qiao import shows at once ($got)"
"$QIAO" project advance --db "$DB" --id proj-adc-xinsiyuan --to signed --signed-on 2023-06-01 \
  --mode license --agreement '《测试协议》' --by test >/dev/null
for i in 1 2 3 4 5 6; do
  home; got=$(sum projects_signed)
  [ "$got" != "$signed0" ] || { bad "view $i after qiao project advance: projects_signed still $got"; break; }
done
[ "$got" != "$signed0" ] && ok "a project signed by qiao project shows at once ($signed0 -> $got)"

echo "== latest records, events, the period and formatted numbers"
req GET /; expect_status 200 "the home page"
expect_body '<section class="latest" id="latest-achievements"><h2>最新科技成果</h2>' "the latest achievements"
expect_body '<a href="/demands/dem-01">' "the latest demands (open ones)"
expect_body '<a href="/achievements/ach-home-1">' "an achievement published through the API today is among the latest five"
expect_body '近期举行的对接活动' "no event is upcoming in the demo: the latest past ones"
expect_body '2023年4月20日 14:00' "event times as people write them"
expect_body "统计期间：2022年9月至$(TZ=Asia/Shanghai date +%Y年%-m月)" "the period the figures cover (to this month: a record published today)"
expect_body '<strong>30 万元</strong><span>合同金额</span>' "the contract amount in 万元"
expect_no_body 'T14:00' "no ISO timestamps"
finish
