#!/usr/bin/env bash
# Write → visible in search through the API (bench/visible.py): a write by
# another process (`qiao import` of one record, WRITES times) and own writes
# through the API, on the demo store.
#   bash bench/visible.sh [WRITES]            (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
writes=${1:-1000}
qiao=${QIAO:-$(pwd)/build/qiao}
[ -x "$qiao" ] || make -s all
tmp=$(mktemp -d /tmp/qiao-bench-visible-XXXXXX)
pid=
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$tmp"' EXIT
db=$tmp/q.db
"$qiao" import --quiet --db "$db" data/demo/*.jsonl >/dev/null
echo 'admin-pass-1' | "$qiao" user add --db "$db" --login admin --role admin --password-stdin >/dev/null
tok=$("$qiao" user token --db "$db" --login admin)
"$qiao" serve --db "$db" --listen 127.0.0.1:0 --threads 2 --alerts 0 --quiet 2>"$tmp/serve.log" &
pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$tmp/serve.log"; exit 1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/visible.py "$qiao" "$db" "http://127.0.0.1:$port" "$tok" "$writes"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
