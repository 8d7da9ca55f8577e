#!/usr/bin/env bash
# qiao match --all-demands: every live demand's top k as TREC lines, the same
# lines as one `qiao match --demand ID --format trec` each; usage errors.
set -euo pipefail
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-matchb-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
cat > "$dir/in.jsonl" <<'J'
{"kind":"org","id":"o","name":"测试大学","type":"university"}
{"kind":"achievement","id":"a1","title":"无线射频标签读取装置","org":"o","trl":7}
{"kind":"achievement","id":"a2","title":"土壤重金属污染修复技术","org":"o"}
{"kind":"achievement","id":"a3","title":"锂离子电池正极材料制备方法","org":"o"}
{"kind":"demand","id":"d1","title":"射频标签读取","org":"o","description":"需要射频标签读取方案。"}
{"kind":"demand","id":"d2","title":"重金属污染土壤修复","org":"o","description":"农田土壤镉污染治理。"}
{"kind":"demand","id":"d3","title":"电池材料","org":"o","description":"正极材料。","status":"closed"}
J
"$QIAO" import --db "$db" "$dir/in.jsonl" >/dev/null
fail() { echo "FAIL: $*" >&2; exit 1; }
all=$("$QIAO" match --db "$db" --all-demands --top 2 --format trec --threads 2)
one=$(for d in d1 d2; do "$QIAO" match --db "$db" --demand "$d" --top 2 --format trec; done)
[ -n "$all" ] || fail "no output"
[ "$all" = "$one" ] || fail "batch differs: '$all' vs '$one'"
echo "$all" | grep -q '^d3 ' && fail "closed demand matched"
echo "$all" | head -1 | grep -q '^d1 Q0 a1 1 ' || fail "first line: $all"
set +e
"$QIAO" match --db "$db" --all-demands --format text >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "--all-demands --format text: status $rc"
"$QIAO" match --db "$db" --all-demands --demand d1 --format trec >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "--all-demands with --demand: status $rc"
set -e
echo "match_batch.sh: ok"
