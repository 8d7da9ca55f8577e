#!/usr/bin/env bash
# Import speed: `qiao import` of N achievement records (csl-dev text replicated
# with light mutation) beside sqlite3's `.import` of the same rows as CSV into a
# plain table, in the same run; median of RUNS runs each. Then the index
# catching up after a bulk import: `qiao search` on the imported store (no
# snapshot yet: a full build), once more (snapshot loaded, nothing to replay),
# and after a second import changing N/5 records (snapshot loaded, the change
# log replayed: fewer changes than a quarter of the index).
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

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed CMD...: appends "wall cpu" (cpu = user + sys) to $tmp/times
timed() { /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@"; awk '{print $1, $2 + $3}' "$tmp/t"; }
qw=(); qc=(); sw=(); sc=()
for r in $(seq "$runs"); do
  rm -f "$tmp/q.db"*
  read -r w c < <(timed "$qiao" import --quiet --db "$tmp/q.db" "$tmp/ach.jsonl")
  qw+=("$w"); qc+=("$c")
  rm -f "$tmp/s.db"*
  printf '%s\n' "PRAGMA journal_mode=WAL;" \
    "CREATE TABLE achievement(id TEXT, title TEXT, org TEXT, summary TEXT, discipline TEXT);" \
    ".mode csv" ".import --skip 1 $tmp/ach.csv achievement" > "$tmp/s.sql"
  read -r w c < <(timed sh -c 'sqlite3 "$1" < "$2" > /dev/null' sh "$tmp/s.db" "$tmp/s.sql")
  sw+=("$w"); sc+=("$c")
done
got=$("$qiao" info --db "$tmp/q.db" | awk '$1=="achievement"{print $2}')
[ "$got" = "$n" ] || { echo "qiao imported $got records, expected $n"; exit 1; }
m() { printf '%s\n' "$@" | median; }
echo "load before: $(uptime | sed 's/.*load average: //')"
qwm=$(m "${qw[@]}"); qcm=$(m "${qc[@]}"); swm=$(m "${sw[@]}"); scm=$(m "${sc[@]}")
printf 'qiao import (validated, one transaction): wall %.2f s (%.0f records/s), cpu %.2f s; runs wall: %s\n' \
  "$qwm" "$(echo "$n / $qwm" | bc -l)" "$qcm" "${qw[*]}"
printf 'sqlite3 .import (plain table, no checks): wall %.2f s (%.0f records/s), cpu %.2f s; runs wall: %s\n' \
  "$swm" "$(echo "$n / $swm" | bc -l)" "$scm" "${sw[*]}"
printf 'ratio qiao/sqlite3 speed (medians): wall %.2f, cpu %.2f (target >= 0.5)\n' \
  "$(echo "$swm / $qwm" | bc -l)" "$(echo "$scm / $qcm" | bc -l)"

# the index after the import (the last run's store)
export QIAO_NO_SNAPSHOT=0
search() { timed sh -c '"$0" search --db "$1" --top 3 材料 > /dev/null' "$qiao" "$tmp/q.db"; }
read -r bw bc < <(search)
read -r lw lc < <(search)
k=$((n / 5))
head -n $((k + 20)) "$tmp/ach.jsonl" | sed 's/"title": "/"title": "修订：/' > "$tmp/upd.jsonl"
"$qiao" import --quiet --db "$tmp/q.db" "$tmp/upd.jsonl"
read -r rw rc < <(search)
printf 'index after import, full build (no snapshot): wall %.2f s (%.0f records/s), cpu %.2f s (%.0f records/s)\n' \
  "$bw" "$(echo "$n / $bw" | bc -l)" "$bc" "$(echo "$n / $bc" | bc -l)"
printf 'index catch-up, snapshot + change log replay of %d changed records: wall %.2f s, cpu %.2f s; ' \
  "$k" "$rw" "$rc"
printf 'less the same search with nothing to replay (wall %.2f s, cpu %.2f s): replay wall %.2f s (%.0f records/s), cpu %.2f s (%.0f records/s)\n' \
  "$lw" "$lc" "$(echo "$rw - $lw" | bc -l)" "$(echo "$k / ($rw - $lw)" | bc -l)" \
  "$(echo "$rc - $lc" | bc -l)" "$(echo "$k / ($rc - $lc)" | bc -l)"
echo "load after: $(uptime | sed 's/.*load average: //')"
