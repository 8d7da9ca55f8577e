#!/usr/bin/env bash
# CLI test of import, export, migrate, info and their help. Imports the
# evaluation data when it is there (../shared/data from the repository root,
# or $QIAO_SHARED_DATA).
set -euo pipefail
cd "$(dirname "$0")/../.."
Q=${QIAO:-build/qiao}
Q=$(cd "$(dirname "$Q")" && pwd)/$(basename "$Q")
tmp=$(mktemp -d /tmp/qiao-cli-import-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# help describes every option
for c in import export migrate info; do
  "$Q" help "$c" > "$tmp/help" || fail "qiao help $c"
done
"$Q" help import > "$tmp/help"
for o in --db --kind --encoding --skip-bad --max-errors --quiet; do
  grep -q -- "$o" "$tmp/help" || fail "help import lacks $o"
done
"$Q" help export > "$tmp/help"
for o in --db --kind --format --out; do grep -q -- "$o" "$tmp/help" || fail "help export lacks $o"; done
"$Q" help migrate | grep -q -- --to || fail "help migrate lacks --to"

# usage errors exit 2
set +e
"$Q" import --db "$tmp/x.db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "import without FILE should exit 2"
"$Q" import --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$Q" info --db "$tmp/none.db" >/dev/null 2>&1; [ $? -eq 1 ] || fail "info on a missing store should exit 1"
set -e

# migrate: empty store to 1, then to the latest
"$Q" migrate --db "$tmp/m.db" --to 1 | grep -q "schema version 0 -> 1" || fail "migrate --to 1"
"$Q" info --db "$tmp/m.db" | grep -q "^schema version: 1 " || fail "info after --to 1"
"$Q" migrate --db "$tmp/m.db" | grep -q "schema version 1 -> " || fail "migrate to latest"
"$Q" migrate --db "$tmp/m.db" | grep -q "nothing to do" || fail "migrate twice"

# import, bad lines, all or nothing, skip-bad
cat > "$tmp/a.jsonl" <<'J'
{"kind":"org","id":"uestc-ic","name":"电子科技大学集成电路科学与工程学院","type":"university","zone":"环电子科大知识经济圈","chains":["集成电路"]}
{"kind":"achievement","id":"uestc-ic-01","title":"单片全集成自驱动智能射频标签(RFID)微系统","org":"uestc-ic","chains":["集成电路"],"trl":5,"modes":["license","cooperate"]}
{"kind":"demand","id":"d-0001","title":"高速模数转换芯片国产化","org":"xinjin","description":"需要12位以上、1GSPS以上的ADC芯片方案……","trl_min":6,"budget":3000000}
J
set +e
"$Q" import --db "$tmp/a.db" "$tmp/a.jsonl" > "$tmp/out" 2> "$tmp/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a dangling reference should fail the import (rc $rc)"
grep -q "a.jsonl:3: org: demand d-0001: refers to org \"xinjin\", which is neither in this import nor in the store" "$tmp/err" \
  || fail "dangling message: $(cat "$tmp/err")"
"$Q" info --db "$tmp/a.db" | grep -q "^achievement *0$" || fail "all or nothing: something was written"
"$Q" import --db "$tmp/a.db" --skip-bad "$tmp/rej" "$tmp/a.jsonl" > "$tmp/out" 2>/dev/null
grep -q "2 imported: 2 new, 0 updated (org 1, achievement 1); 1 rejected" "$tmp/out" || fail "summary: $(cat "$tmp/out")"
grep -q '^# .*a.jsonl:3: org: demand d-0001' "$tmp/rej" || fail "reject file"
grep -q '^{"kind":"demand","id":"d-0001"' "$tmp/rej" || fail "reject file lacks the line"
"$Q" import --quiet --db "$tmp/a.db" "$tmp/a.jsonl" 2>/dev/null && fail "--quiet import of a bad file succeeded"

# export round trip through the CLI, JSONL and CSV
"$Q" export --db "$tmp/a.db" --out "$tmp/e1.jsonl"
"$Q" import --quiet --db "$tmp/b.db" "$tmp/e1.jsonl"
"$Q" export --db "$tmp/b.db" > "$tmp/e2.jsonl"
cmp "$tmp/e1.jsonl" "$tmp/e2.jsonl" || fail "JSONL round trip differs"
"$Q" export --db "$tmp/a.db" --kind achievement --format csv > "$tmp/a.csv"
head -c 3 "$tmp/a.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV export without BOM"
"$Q" export --db "$tmp/a.db" --kind org > "$tmp/orgs.jsonl"
"$Q" import --quiet --db "$tmp/c.db" "$tmp/orgs.jsonl"
"$Q" import --quiet --db "$tmp/c.db" --kind achievement "$tmp/a.csv"
"$Q" export --db "$tmp/c.db" --kind achievement --format csv | cmp - "$tmp/a.csv" || fail "CSV round trip differs"
set +e
"$Q" export --db "$tmp/a.db" --format csv >/dev/null 2>&1; [ $? -eq 1 ] || fail "CSV export of all kinds should fail"
set -e

# GB18030 CSV, detected
printf 'id,name,type\r\ngb-1,四川大学,university\r\n' | iconv -f UTF-8 -t GB18030 > "$tmp/gb.csv"
"$Q" import --quiet --db "$tmp/a.db" --kind org "$tmp/gb.csv"
"$Q" export --db "$tmp/a.db" --kind org | grep -q '"name":"四川大学"' || fail "GB18030 CSV not converted"

# the evaluation data, when it is there
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
if [ -e "$shared/csl-dev/records.jsonl" ] && [ -e "$shared/techmatch-dev/records.jsonl" ]; then
  "$Q" import --db "$tmp/eval.db" "$shared/csl-dev/records.jsonl" "$shared/csl-dev/distractors.jsonl" \
    "$shared/techmatch-dev/records.jsonl" > "$tmp/out"
  cat "$tmp/out"
  want=$(cat "$shared/csl-dev/records.jsonl" "$shared/csl-dev/distractors.jsonl" "$shared/techmatch-dev/records.jsonl" | grep -c .)
  grep -q "^qiao import: $want imported: $want new, 0 updated" "$tmp/out" || fail "shared data: expected $want records"
  "$Q" info --db "$tmp/eval.db"
else
  echo "tests/cli/import.sh: no evaluation data under $shared (set QIAO_SHARED_DATA); that part skipped"
fi
echo "ok"
