#!/usr/bin/env bash
# Import speed: `qiao import` of N achievement records (csl-dev text replicated
# with light mutation) beside sqlite3's `.import` of the same rows as CSV into a
# plain table, in the same run; median of RUNS runs each.
#   bash bench/import.sh [N] [RUNS]        (QIAO_SHARED_DATA overrides ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
runs=${2:-3}
qiao=${QIAO:-build/qiao}
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
[ -x "$qiao" ] || make -s all
if [ ! -e "$shared/csl-dev/records.jsonl" ]; then
  echo "bench/import.sh: no csl-dev data under $shared (set QIAO_SHARED_DATA); skipped"
  exit 0
fi
command -v sqlite3 >/dev/null || { echo "bench/import.sh: sqlite3 not installed"; exit 1; }
tmp=$(mktemp -d /tmp/qiao-bench-import-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_achievements.py "$shared" "$n" "$tmp"
mb=$(du -m "$tmp/ach.jsonl" | cut -f1)
echo "records: $n achievements, JSONL ${mb} MB, CSV $(du -m "$tmp/ach.csv" | cut -f1) MB"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
qt=(); st=()
for r in $(seq "$runs"); do
  rm -f "$tmp/q.db"*
  t0=$(now); "$qiao" import --quiet --db "$tmp/q.db" "$tmp/ach.jsonl"; t1=$(now)
  qt+=("$(echo "$t1 - $t0" | bc -l)")
  rm -f "$tmp/s.db"*
  t0=$(now)
  sqlite3 "$tmp/s.db" <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE achievement(id TEXT, title TEXT, org TEXT, summary TEXT, discipline TEXT);
.mode csv
.import --skip 1 $tmp/ach.csv achievement
SQL
  t1=$(now)
  st+=("$(echo "$t1 - $t0" | bc -l)")
done
got=$("$qiao" info --db "$tmp/q.db" | awk '$1=="achievement"{print $2}')
[ "$got" = "$n" ] || { echo "qiao imported $got records, expected $n"; exit 1; }
qm=$(printf '%s\n' "${qt[@]}" | median)
sm=$(printf '%s\n' "${st[@]}" | median)
printf 'qiao import (validated, one transaction): median %.2f s  %.0f records/s  (runs: %s)\n' \
  "$qm" "$(echo "$n / $qm" | bc -l)" "${qt[*]}"
printf 'sqlite3 .import (plain table, no checks): median %.2f s  %.0f records/s  (runs: %s)\n' \
  "$sm" "$(echo "$n / $sm" | bc -l)" "${st[*]}"
printf 'ratio qiao/sqlite3 speed: %.2f (target >= 0.5)\n' "$(echo "$sm / $qm" | bc -l)"
