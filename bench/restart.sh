#!/usr/bin/env bash
# Restart time of `qiao serve` (server start → first search answered through
# the API) at N achievements (csl-dev text replicated, bench/gen_achievements.py):
# with a snapshot of the current store; with the snapshot CHANGES changes
# behind (as after kill -9: records re-imported with a changed title after
# the snapshot was written); and, as the peer in the same run, a fresh build
# (--no-snapshot). Medians of RUNS runs each (bench/restart.py).
#   bash bench/restart.sh [N] [RUNS] [CHANGES]     (defaults 100000 3 10000)
#   QIAO_SHARED_DATA overrides ../shared/data; KEEP=DIR keeps the store there.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-3}
changes=${3:-10000}
qiao=${QIAO:-$(pwd)/build/qiao}
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
[ -x "$qiao" ] || make -s all
if [ ! -e "$shared/csl-dev/records.jsonl" ]; then
  echo "bench/restart.sh: no csl-dev data under $shared (set QIAO_SHARED_DATA); skipped"
  exit 0
fi
tmp=${KEEP:-$(mktemp -d /tmp/qiao-bench-restart-XXXXXX)}
mkdir -p "$tmp"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
db=$tmp/q.db
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -e "$db" ]; then
  python3 bench/gen_achievements.py "$shared" "$n" "$tmp"
  /usr/bin/time -f "  import of $n achievements: %e s" "$qiao" import --quiet --db "$db" "$tmp/ach.jsonl"
fi
python3 bench/restart.py "$qiao" "$db" build "$runs"
# a snapshot of the current store: a server's first start writes it (built,
# then written by the follower at once and at the clean shutdown)
rm -f "$db.qix"
"$qiao" serve --db "$db" --listen 127.0.0.1:0 --alerts 0 --quiet 2>"$tmp/first.log" &
pid=$!
for _ in $(seq 1 3000); do [ -s "$db.qix" ] && grep -q "listening" "$tmp/first.log" && break; sleep 0.1; done
kill -TERM "$pid"; wait "$pid" || true
echo "  snapshot: $(du -m "$db.qix" | cut -f1) MB"
python3 bench/restart.py "$qiao" "$db" snapshot "$runs"
cp "$db.qix" "$tmp/snap.copy"
# CHANGES records changed by another process after the snapshot
python3 - "$tmp/ach.jsonl" "$changes" "$tmp/changes.jsonl" <<'PY'
import json, sys
src, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = 0
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for line in f:
        r = json.loads(line)
        if r.get("kind") == "org":
            continue
        r["title"] = r["title"][:180] + "（修订）"
        o.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
        if n == k:
            break
PY
"$qiao" import --quiet --db "$db" "$tmp/changes.jsonl"
python3 bench/restart.py "$qiao" "$db" replay "$runs" "$tmp/snap.copy"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
