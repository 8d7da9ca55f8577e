#!/usr/bin/env bash
# qiao search / qiao match over a tiny imported set: ranking, reasons in the
# author's script, withdrawn records, formats and bad input.
set -euo pipefail
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-match-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
cat > "$dir/in.jsonl" <<'J'
{"kind":"org","id":"o","name":"测试大学","type":"university"}
{"kind":"achievement","id":"a-rfid","title":"無線射頻標籤讀取裝置","org":"o","chains":["集成电路"],"trl":7,"modes":["license"]}
{"kind":"achievement","id":"a-rfid-low","title":"无线射频标签读取装置","org":"o","trl":3}
{"kind":"achievement","id":"a-soil","title":"土壤重金属污染修复技术","org":"o"}
{"kind":"achievement","id":"a-gone","title":"射频标签读取天线","org":"o","status":"withdrawn"}
{"kind":"demand","id":"d1","title":"射频标签读取","org":"o","description":"需要射频标签读取方案。需要射频标签读取方案。","chains":["集成电路"],"trl_min":6,"modes":["license"]}
{"kind":"person","id":"p1","name":"张三","roles":["expert"],"expertise":"射频识别与标签天线"}
J
if "$QIAO" help import >/dev/null 2>&1; then
  "$QIAO" import --db "$db" "$dir/in.jsonl" >/dev/null
else
  make -s build/bench/load >/dev/null
  build/bench/load "$db" "$dir/in.jsonl"
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

# trec: the traditional-script achievement that meets trl_min ranks first,
# the one below trl_min after it; the withdrawn one never appears
out=$("$QIAO" match --db "$db" --demand d1 --format trec --top 10)
echo "$out" | head -1 | grep -q '^d1 Q0 a-rfid 1 ' || fail "first hit: $out"
echo "$out" | sed -n 2p | grep -q '^d1 Q0 a-rfid-low 2 ' || fail "second hit: $out"
echo "$out" | grep -q a-gone && fail "withdrawn achievement matched"

# text: the reasons, in the author's own script
txt=$("$QIAO" match --db "$db" --demand d1 --top 1)
echo "$txt" | grep -q '射頻標籤讀取' || fail "no traditional-script term in: $txt"
echo "$txt" | grep -q 'trl 7 >= trl_min 6' || fail "no trl reason in: $txt"
echo "$txt" | grep -q 'chains' || fail "no chains reason in: $txt"

# json carries the explanation and parses
js=$("$QIAO" match --db "$db" --demand d1 --top 2 --format json)
echo "$js" | python3 -c 'import json,sys; d=json.load(sys.stdin); h=d["hits"][0]; assert h["id"]=="a-rfid"; assert h["explanation"]["terms"][0]["text"]=="射頻標籤讀取", h; assert any(f["name"]=="trl" for f in h["explanation"]["factors"])' \
  || fail "json: $js"

# the other direction, people and more-like-this
"$QIAO" match --db "$db" --achievement a-rfid --format trec | grep -q '^a-rfid Q0 d1 1 ' || fail "achievement -> demand"
"$QIAO" match --db "$db" --demand d1 --people --format trec | grep -q ' p1 1 ' || fail "demand -> people"
"$QIAO" match --db "$db" --achievement a-rfid --like --format trec | grep -q ' a-rfid-low 1 ' || fail "more like this"

# search: single query and a query file
"$QIAO" search --db "$db" '射频 trl>=6' --format trec | grep -q '^1 Q0 a-rfid 1 ' || fail "search filter"
printf 'q1\t土壤修复\nq2\t"射频标签" -讀取\n' > "$dir/q.tsv"
s=$("$QIAO" search --db "$db" --queries "$dir/q.tsv" --top 5 --format trec)
echo "$s" | grep -q '^q1 Q0 a-soil 1 ' || fail "query file: $s"
echo "$s" | grep -q '^q2 ' && fail "exclusion ignored: $s"

# bad input: a clear message and status, never a crash
for q in '' '，。！' '"射频' 'foo:bar' 'trl>=12' 'mode:gift'; do
  set +e
  err=$("$QIAO" search --db "$db" "$q" 2>&1 >/dev/null); rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "query '$q': status $rc"
  echo "$err" | grep -q 'query' || fail "query '$q': message '$err'"
done
set +e
"$QIAO" match --db "$db" --demand nope >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "missing demand: status $rc"
"$QIAO" help match | grep -q -- '--demand' || fail "help match"
"$QIAO" help search | grep -q -- '--queries' || fail "help search"
echo "match.sh: ok"
