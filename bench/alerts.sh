#!/usr/bin/env bash
# Alert evaluation at scale (src/alert, docs/notify.md): a store of N
# achievements (default 100000) and D open demands (default 20000) built from
# the evaluation data (bench/alerts_gen.py; nothing is copied into the
# repository), their best scores computed once (`qiao alerts run`, timed: what
# the server does when demands are published); then `qiao serve --alerts 1`
# runs, another process imports M new achievements (default 10000), and the
# server's pass computes every demand's new matches. Printed: the pass's time
# (from the server's log), and the latency of requests (a search page and a
# record page, curl, one after the other) made while the pass ran.
#   bash bench/alerts.sh [N] [D] [M] [RUNS]     (QIAO_SHARED_DATA overrides ../shared/data)
# KEEP=DIR keeps the generated store and its best scores in DIR (outside the
# repository) and reuses them when DIR already holds them.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; d=${2:-20000}; m=${3:-10000}; runs=${4:-1}
qiao=${QIAO:-build/qiao}
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
[ -x "$qiao" ] || make -s all
[ -e "$shared/csl-dev/records.jsonl" ] || { echo "bench/alerts.sh: no data under $shared; skipped"; exit 0; }
tmp=$(mktemp -d /tmp/qiao-bench-alerts-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
keep=${KEEP:-}
if [ -n "$keep" ] && [ -e "$keep/base.db" ]; then
  echo "reusing $keep/base.db"
  cp "$keep/base.db" "$keep/base.db.qix" "$keep/new.jsonl" "$tmp/"
else
  python3 bench/alerts_gen.py "$shared" "$tmp" "$n" "$d" "$m"
  "$qiao" import --quiet --db "$tmp/base.db" "$tmp/base.jsonl"
  echo 'bench-pass-1' | "$qiao" user add --db "$tmp/base.db" --login be --role enterprise --org be --password-stdin >/dev/null
  s0=$(date +%s.%N)
  "$qiao" alerts run --db "$tmp/base.db" --quiet --no-deadlines
  echo "setup: every demand's best scores: $(echo "$(date +%s.%N) - $s0" | bc) s (index build included)"
  if [ -n "$keep" ]; then mkdir -p "$keep"; cp "$tmp/base.db" "$tmp/base.db.qix" "$tmp/new.jsonl" "$keep/"; fi
fi
for r in $(seq "$runs"); do
  cp "$tmp/base.db" "$tmp/q.db"; rm -f "$tmp/q.db-wal" "$tmp/q.db-shm"
  cp "$tmp/base.db.qix" "$tmp/q.db.qix" 2>/dev/null || true
  "$qiao" serve --db "$tmp/q.db" --listen 127.0.0.1:0 --threads 2 --quiet --alerts 1 2>"$tmp/serve.log" &
  pid=$!
  port=
  for _ in $(seq 1 3000); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
    [ -n "$port" ] && break; sleep 0.1
  done
  base="http://127.0.0.1:$port"
  sleep 2
  : > "$tmp/idle"                 # the same requests with no pass running, for comparison
  for _ in $(seq 1 100); do
    curl -s -o /dev/null -w '%{time_total}\n' "$base/achievements?q=%E6%99%BA%E8%83%BD%E5%88%B6%E9%80%A0" >> "$tmp/idle"
    curl -s -o /dev/null -w '%{time_total}\n' "$base/demands/d000123" >> "$tmp/idle"
  done
  : > "$tmp/lat"
  ( while [ ! -e "$tmp/stop" ]; do
      curl -s -o /dev/null -w '%{time_total}\n' "$base/achievements?q=%E6%99%BA%E8%83%BD%E5%88%B6%E9%80%A0" >> "$tmp/lat"
      curl -s -o /dev/null -w '%{time_total}\n' "$base/demands/d000123" >> "$tmp/lat"
    done ) &
  probe=$!
  "$qiao" import --quiet --db "$tmp/q.db" "$tmp/new.jsonl"
  for _ in $(seq 1 6000); do grep -q "alerts: .* achievements" "$tmp/serve.log" && break; sleep 0.1; done
  touch "$tmp/stop"; wait "$probe"; rm -f "$tmp/stop"
  line=$(grep "alerts: .* achievements" "$tmp/serve.log" | head -1)
  echo "run $r: ${line#*alerts: }"
  pct() { sort -g "$1" | awk -v what="$2" '{a[NR]=$1} END {printf "  %s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, NR, a[int(NR*0.5)+1]*1000, a[int(NR*0.99)+1]*1000, a[NR]*1000}'; }
  pct "$tmp/idle" "before the import (no pass)"
  pct "$tmp/lat" "from the import to the end of the pass"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
