#!/usr/bin/env bash
# Operation: `qiao serve` prints its address, /healthz answers, SIGTERM lets
# the requests in flight finish (a slow upload still gets its answer), refuses
# new connections and exits 0.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

echo "== address and health"
grep -q "listening on http://127.0.0.1:[0-9]*/" "$T/serve.log" && ok "the address is printed" || bad "no address in the log"
req GET /healthz; expect_status 200 "healthz"
expect_body '"status":"ok"' "healthz says ok"
expect_body '"index":true' "healthz: the index is loaded"
v=$(sqlite3 "$DB" 'SELECT max(version) FROM schema_migrations' 2>/dev/null || python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT max(version) FROM schema_migrations').fetchone()[0])" "$DB")
expect_body "\"schema\":$v" "healthz: the schema version ($v)"
req POST /healthz; expect_status 405 "healthz is GET only"

echo "== SIGTERM drains"
{ printf '{"title":"'; head -c 30000 /dev/zero | tr '\0' 'x'; printf '"}'; } > "$T/slow.json"
# ~3 s upload: in flight when SIGTERM arrives
curl -s -o "$T/slow.out" -w '%{http_code}' --limit-rate 10k -H 'Content-Type: application/json' \
  --data-binary @"$T/slow.json" "$BASE/api/v1/achievements" >"$T/slow.status" &
cpid=$!
sleep 1
kill -TERM "$SERVER_PID"
sleep 0.3
if curl -s -m 2 -o /dev/null "$BASE/healthz"; then bad "a new connection was accepted after SIGTERM"; else ok "new connections refused while draining"; fi
wait "$cpid" || true
st=$(cat "$T/slow.status")
[ "$st" = 401 ] && ok "the request in flight got its answer ($st)" || bad "the request in flight got '$st'"
wait "$SERVER_PID"; rc=$?
SERVER_PID=
[ "$rc" = 0 ] && ok "the server exited 0" || bad "the server exited $rc"
grep -q "SIGTERM received, finishing 1 request(s) in flight" "$T/serve.log" && ok "the log says what it waits for" || bad "no drain message: $(tail -3 "$T/serve.log")"
grep -q "qiao serve: stopped" "$T/serve.log" && ok "stopped" || bad "no stop message"
finish
