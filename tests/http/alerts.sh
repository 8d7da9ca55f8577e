#!/usr/bin/env bash
# Alerts follow every process's writes: while `qiao serve` runs its pass every
# second, an achievement imported by another `qiao import` reaches the
# server's index (search finds it) and its matching open demand's org gets one
# new_match notification within a few seconds; a demand past its deadline is
# closed. (src/alert/alert.h, qiao serve --alerts)
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed"; exit 1; }
setup_store
cat > "$T/dem.jsonl" <<'J'
{"kind":"demand","id":"dem-alert","org":"xinsiyuan","title":"冷链运输无源射频温度标签","description":"需要可贴在包装箱上的无源射频温度标签，运输途中记录温度，到仓后批量读取，读取距离不少于3米。","keywords":["RFID","温度标签","冷链"],"deadline":"2099-12-31"}
{"kind":"demand","id":"dem-past","org":"xinsiyuan","title":"征集已截止的示例需求：冷库门禁","description":"冷库出入口门禁改造。","deadline":"2023-05-31"}
J
cat > "$T/ach.jsonl" <<'J'
{"kind":"achievement","id":"ach-alert","org":"uestc-ic","title":"无源射频温度标签芯片（冷链专用）","summary":"一种无源射频温度标签芯片，可贴在包装箱上记录冷链运输途中的温度，读取距离可达5米，适合仓库批量读取。","keywords":["RFID","温度标签"]}
J
"$QIAO" import --db "$DB" "$T/dem.jsonl" >/dev/null
start_server --alerts 1
q() { sqlite3 "$DB" "$1"; }
wait_for() { # SQL expected-value seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    [ "$(q "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
if wait_for "SELECT count(*) FROM alert_bars WHERE demand = 'dem-alert'" 1 10; then
  ok "the first pass ranked the open demand"
else bad "the demand was not ranked: $(tail -3 "$T/serve.log")"; fi
if wait_for "SELECT json_extract(doc, '\$.status') FROM demand WHERE key = 'dem-past'" closed 5; then
  ok "a demand past its deadline was closed"
else bad "dem-past (deadline 2023) is still open"; fi
[ "$(q "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'new_match'")" = 0 ] &&
  ok "no new_match before the achievement" || bad "a new_match came before the achievement"
"$QIAO" import --db "$DB" "$T/ach.jsonl" >/dev/null     # another process
if wait_for "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'new_match' AND link = '/achievements/ach-alert'" 1 8; then
  ok "new_match notice within seconds of another process's import"
else bad "no new_match notice for xsy: $(q "SELECT kind, link FROM notices WHERE login = 'xsy'")"; fi
[ "$(q "SELECT count(*) FROM notices WHERE login = 'uestc' AND kind = 'new_match'")" = 0 ] &&
  ok "the achievement's own side is not told" || bad "uestc got a new_match"
req GET "/demands/dem-past"
expect_status 200 "a closed demand's page"
expect_body "已截止" "a demand closed by its deadline reads 已截止"
req GET "/demands/dem-alert"
expect_no_body "已截止" "an open demand does not"
req GET "/achievements?q=%E5%86%B7%E9%93%BE%E4%B8%93%E7%94%A8"   # 冷链专用
expect_status 200 "search after the import"
expect_body "ach-alert" "the server's index holds the imported achievement"
sleep 2.5
[ "$(q "SELECT count(*) FROM notices WHERE login = 'xsy' AND kind = 'new_match'")" = 1 ] &&
  ok "later passes do not repeat the notice" || bad "the notice was repeated"
finish
