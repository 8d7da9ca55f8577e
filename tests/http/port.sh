#!/usr/bin/env bash
# A busy port: a second `qiao serve` on a port another program listens on
# exits non-zero at once, naming the holder (pid) and suggesting another
# port; the first keeps serving. --reuse-port shares a port only between
# servers of the same store.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
PORT=${BASE##*:}

# second SERVE-ARGS...: runs a second server, at most 15 s (the machine may be
# busy); sets RC (124: it was still running, i.e. it served) and ERR
second() {
  RC=0
  timeout 15 "$QIAO" serve "$@" 2>"$T/second.log" || RC=$?
  ERR=$(cat "$T/second.log")
  [ "$RC" = 124 ] && RC=running
  return 0
}
# second_bg SERVE-ARGS...: the same in the background, until it listens; SECOND_PID
second_bg() {
  "$QIAO" serve "$@" 2>"$T/second.log" &
  SECOND_PID=$!
  RC=exited
  for _ in $(seq 1 300); do
    grep -q "listening on" "$T/second.log" && { RC=running; break; }
    sleep 0.05
  done
  ERR=$(cat "$T/second.log")
}
stop_second() { kill "$SECOND_PID" 2>/dev/null; wait "$SECOND_PID" 2>/dev/null || true; }

echo "== a busy port is refused"
second --db "$DB" --listen "127.0.0.1:$PORT" --threads 1
if [ "$RC" = running ]; then bad "a second server started on a busy port: $ERR"
elif [ "$RC" -ne 0 ]; then ok "the second server exits $RC"
else bad "the second server exited 0"; fi
echo "$ERR" | grep -q "another program is already listening on 127.0.0.1:$PORT" && ok "it says the port is taken" || bad "message: $ERR"
echo "$ERR" | grep -q "pid $SERVER_PID" && ok "it names the holder's pid ($SERVER_PID)" || bad "no pid $SERVER_PID in: $ERR"
echo "$ERR" | grep -q -- "--listen 127.0.0.1:$((PORT + 1))" && ok "it suggests another port" || bad "no suggestion in: $ERR"
req GET /healthz; expect_status 200 "the first server still answers"
# another store, and a program that is not qiao at all
second --db "$T/other.db" --listen "127.0.0.1:$PORT" --threads 1
[ "$RC" != running ] && [ "$RC" -ne 0 ] && ok "another store on the busy port: refused ($RC)" || bad "another store: $RC $ERR"
python3 -c "
import socket, time, sys
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)
open(sys.argv[1], 'w').write(str(s.getsockname()[1])); time.sleep(30)" "$T/pyport" &
pypid=$!
for _ in $(seq 1 50); do [ -s "$T/pyport" ] && break; sleep 0.05; done
second --db "$DB" --listen "127.0.0.1:$(cat "$T/pyport")" --threads 1
[ "$RC" != running ] && [ "$RC" -ne 0 ] && ok "a port held by another program: refused" || bad "python's port: $RC $ERR"
echo "$ERR" | grep -q "pid $pypid: .*python3" && ok "it names that program (pid $pypid: python3 ...)" || bad "message: $ERR"
second --db "$DB" --listen "127.0.0.1:$(cat "$T/pyport")" --threads 1 --reuse-port
[ "$RC" != running ] && [ "$RC" -ne 0 ] && ok "--reuse-port beside a program without the store: refused" || bad "reuse beside python: $RC $ERR"
echo "$ERR" | grep -q "does not serve the store" && ok "it says why" || bad "message: $ERR"
kill "$pypid"; wait "$pypid" 2>/dev/null || true

echo "== --reuse-port: only beside a server of the same store"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
start_server --reuse-port
PORT=${BASE##*:}
cp "$DB" "$T/copy.db"
second --db "$T/copy.db" --listen "127.0.0.1:$PORT" --threads 1 --reuse-port
[ "$RC" != running ] && [ "$RC" -ne 0 ] && ok "another store (a copy) with --reuse-port: refused ($RC)" || bad "another store was let in: $RC $ERR"
echo "$ERR" | grep -q "does not serve the store" && ok "it says the store differs" || bad "message: $ERR"
second --db "$DB" --listen "127.0.0.1:$PORT" --threads 1
[ "$RC" != running ] && [ "$RC" -ne 0 ] && ok "the same store without --reuse-port: refused" || bad "joined without --reuse-port: $ERR"
echo "$ERR" | grep -q "serving this same store (to run beside it, start both with --reuse-port)" && ok "it suggests --reuse-port" || bad "message: $ERR"
second_bg --db "$DB" --listen "127.0.0.1:$PORT" --threads 1 --reuse-port
if [ "$RC" = running ]; then
  ok "the same store with --reuse-port shares the port"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  req GET /healthz; expect_status 200 "after the first stops, the second answers on the port"
  stop_second
else bad "the same store with --reuse-port was refused: $ERR"; stop_second; fi
finish
