#!/usr/bin/env bash
# Soak: `qiao serve` on a fresh demo store under a steady mixed load (pages,
# searches, API reads, sign-ins, record updates and a few requests that must
# be refused: bench/soak.lua) for SOAK_SECONDS (default 300), loopback only.
# Reports requests, unintended errors (anything but 2xx/3xx and the intended
# 4xx, socket errors included), the server's RSS, WAL size and open file
# descriptors, and checks the targets:
#   0 unintended errors; RSS growth <= 10 % (from the end of a warm-up, which
#   fills the caches, to the end); WAL <= 64 MB at the end.
# Not part of `make test`; `make bench` runs it. Needs wrk (scripts/bench-deps.sh).
#   SOAK_SECONDS=60 bash bench/soak.sh
#   SOAK_CONNECTIONS (default 8), SOAK_THREADS (wrk threads, default 2),
#   SOAK_WARMUP (seconds, default SOAK_SECONDS/10, at least 5), QIAO (the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SOAK_SECONDS:-300}
conns=${SOAK_CONNECTIONS:-8}
wthreads=${SOAK_THREADS:-2}
warm=${SOAK_WARMUP:-$(( secs / 10 > 5 ? secs / 10 : 5 ))}
qiao=${QIAO:-build/qiao}
[ -x "$qiao" ] || make -s all
for c in wrk curl jq python3; do
  command -v "$c" >/dev/null || { echo "bench/soak.sh: $c not installed (bash scripts/bench-deps.sh)"; exit 1; }
done
tmp=$(mktemp -d /tmp/qiao-soak-XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- a fresh demo store, an admin account and its API token
db=$tmp/q.db
"$qiao" import --quiet --db "$db" data/demo/*.jsonl
pw=soak-admin-pass
echo "$pw" | "$qiao" user add --db "$db" --login admin --role admin --password-stdin >/dev/null
token=$("$qiao" user token --db "$db" --login admin)

"$qiao" serve --db "$db" --listen 127.0.0.1:0 --threads 4 2>"$tmp/serve.log" &
pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "qiao serve did not start"; cat "$tmp/serve.log"; exit 1; }
base=http://127.0.0.1:$port

# the records the load rewrites: their JSON with a placeholder in the summary
for id in ach-uestc-03 ach-uestc-04 ach-sjtu-01; do
  curl -sf "$base/api/v1/achievements/$id" | jq -c '.summary = .summary + " 压力测试SOAKN"'
done > "$tmp/bodies.jsonl"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }          # KiB
fds() { ls "/proc/$pid/fd" | wc -l; }
wal() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }
run_wrk() { # seconds output-file
  SOAK_TOKEN=$token SOAK_PASSWORD=$pw SOAK_BODIES=$tmp/bodies.jsonl \
    wrk -t "$wthreads" -c "$conns" -d "${1}s" --timeout 10s -s bench/soak.lua "$base" >"$2" 2>"$2.err" || true
}

rss0=$(rss); fds0=$(fds)
echo "soak: server pid $pid on $base, $conns connections, warm-up ${warm}s, then ${secs}s"
run_wrk "$warm" "$tmp/warm.out"
sleep 1                                   # no sign-in (64 MiB of argon2id) in flight
rss1=$(rss); fds1=$(fds); wal1=$(wal)
run_wrk "$secs" "$tmp/soak.out"
sleep 1                                   # let the last requests finish
rss2=$(rss); fds2=$(fds); wal2=$(wal)
kill -0 "$pid" 2>/dev/null && alive=yes || alive=no

line=$(grep '^SOAK ' "$tmp/soak.out" || true)
wline=$(grep '^SOAK ' "$tmp/warm.out" || true)
[ -n "$line" ] || { echo "wrk gave no summary:"; cat "$tmp/soak.out" "$tmp/soak.out.err"; exit 1; }
val() { echo "$1" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"; }
req=$(val "$line" requests); okc=$(val "$line" ok); intd=$(val "$line" intended)
unint=$(val "$line" unintended); sock=$(val "$line" socket_errors)
wunint=$(( $(val "$wline" unintended) + $(val "$wline" socket_errors) ))
rps=$(grep 'Requests/sec' "$tmp/soak.out" | awk '{print $2}')
growth=$(python3 -c "print(f'{($rss2 - $rss1) * 100 / $rss1:+.1f}')")
errs=$(( unint + sock ))
aborted=$(grep -c '(aborted)' "$tmp/serve.log" || true)
s500=$(grep -c '" 5[0-9][0-9] ' "$tmp/serve.log" || true)
logins=$(grep -c '"POST /login" 303' "$tmp/serve.log" || true)
writes=$(grep -c '"PUT /api/v1/achievements/[^"]*" 200' "$tmp/serve.log" || true)

pf() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
p_err=$(pf $(( errs == 0 && wunint == 0 )))
p_rss=$(pf "$(python3 -c "print(int($rss2 <= $rss1 * 1.10))")")
p_wal=$(pf $(( wal2 <= 64 * 1024 * 1024 )))
p_up=$(pf "$([ "$alive" = yes ] && echo 1 || echo 0)")

echo
echo "| figure | value |"
echo "|---|---|"
echo "| duration, connections | ${secs} s (after ${warm} s warm-up), $conns |"
echo "| requests | $req ($rps/s) |"
echo "| answered 2xx/3xx | $okc (of all runs: $logins sign-ins, $writes record updates) |"
echo "| intended 4xx | $intd |"
echo "| unintended errors | $unint HTTP + $sock socket (warm-up: $wunint) |"
echo "| latency p50 / p99 / max | $(val "$line" p50_ms) / $(val "$line" p99_ms) / $(val "$line" max_ms) ms |"
echo "| server: 5xx logged, aborted requests | $s500, $aborted |"
echo "| RSS start / after warm-up / end | $((rss0 / 1024)) / $((rss1 / 1024)) / $((rss2 / 1024)) MiB ($growth % since warm-up) |"
echo "| WAL after warm-up / end | $(python3 -c "print(f'{$wal1/1048576:.1f} / {$wal2/1048576:.1f}')") MiB |"
echo "| open descriptors start / after warm-up / end | $fds0 / $fds1 / $fds2 |"
echo
echo "| target | result |"
echo "|---|---|"
echo "| 0 unintended errors | $p_err |"
echo "| RSS growth <= 10 % | $p_rss ($growth %) |"
echo "| WAL <= 64 MB | $p_wal |"
echo "| server still running | $p_up |"
[ "$errs" -eq 0 ] || { echo; echo "codes: $(echo "$line" | sed -n 's/.*codes=//p')"; head -5 "$tmp/soak.out.err"; }
[ "$p_err$p_rss$p_wal$p_up" = PASSPASSPASSPASS ]
