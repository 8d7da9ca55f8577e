#!/usr/bin/env bash
# Host names and connections per address: only the Host names the server
# answers to get an answer (the listen address and localhost, with and
# without the port, and those --allowed-host adds), others 421 — a page of
# another site whose name is pointed at 127.0.0.1 (DNS rebinding) cannot talk
# to qiao. --max-conn-per-ip N: the (N+1)th connection at once from one address
# is closed at once; once the others close, requests are answered again.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server --max-conn-per-ip 5
PORT=${BASE##*:}

echo "== Host"
for h in "127.0.0.1:$PORT" 127.0.0.1 "localhost:$PORT" localhost; do
  req GET / -H "Host: $h"; expect_status 200 "Host $h"
done
for h in "evil.example:$PORT" evil.example "127.0.0.1:$((PORT + 1))" "127.0.0.1.evil.example"; do
  req GET / -H "Host: $h"; expect_status 421 "Host $h on a page"
  expect_body '本站不接受' "Host $h: the page says why, in Chinese"
  req GET /api/v1/achievements -H "Host: $h"; expect_status 421 "Host $h on the API"
  expect_body '"code":"unknown_host"' "Host $h: the API says why"
done
req POST /login -H "Host: evil.example:$PORT" --data "login=admin&password=admin-pass-1"
expect_status 421 "a form posted under another Host is refused before anything else"
# HTTP/1.0 without a Host header: nothing to check, answered
st=$(printf 'GET /healthz HTTP/1.0\r\n\r\n' | python3 -c "
import socket,sys; s=socket.create_connection(('127.0.0.1',$PORT)); s.sendall(sys.stdin.buffer.read())
print(s.recv(100).split(b' ')[1].decode())")
[ "$st" = 200 ] && ok "HTTP/1.0 without Host -> 200" || bad "HTTP/1.0 without Host -> $st"

echo "== --allowed-host"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
start_server --allowed-host qiao.example --allowed-host "qiao.example:8443"
req GET / -H "Host: qiao.example"; expect_status 200 "Host qiao.example (allowed)"
req GET / -H "Host: QIAO.example:8443"; expect_status 200 "Host QIAO.example:8443 (allowed, any case)"
req GET / -H "Host: qiao.example:9999"; expect_status 421 "Host qiao.example:9999 (that port was not given)"
req GET /; expect_status 200 "127.0.0.1:PORT is still answered"
req GET / -H "Host: other.example"; expect_status 421 "a name not given is not"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
start_server --allowed-host '*'
req GET / -H "Host: anything.example"; expect_status 200 "--allowed-host '*' answers any Host"
if "$QIAO" serve --db "$DB" --listen 127.0.0.1:0 --allowed-host 'bad host' 2>"$T/err"; then
  bad "a bad --allowed-host was accepted"
else
  grep -q "allowed-host" "$T/err" && ok "a bad --allowed-host is a usage error" || bad "no message: $(cat "$T/err")"
fi

echo "== --max-conn-per-ip 5"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
start_server --max-conn-per-ip 5
PORT=${BASE##*:}
python3 - "$PORT" > "$T/conn.out" <<'PY'
import socket, sys, time, urllib.request
port = int(sys.argv[1])
def get():
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=3) as r:
            return r.status
    except Exception as e:
        return type(e).__name__
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
time.sleep(0.3)
extra = socket.create_connection(("127.0.0.1", port))
extra.settimeout(2)
t = time.time()
try:
    extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    got = extra.recv(100)
    print("extra", "closed" if got == b"" else "answered", int((time.time() - t) * 1000))
except (ConnectionResetError, BrokenPipeError):
    print("extra", "closed", int((time.time() - t) * 1000))
except socket.timeout:
    print("extra", "hung", 2000)
for s in idle:
    s.close()
extra.close()
time.sleep(0.3)
print("after", get())
PY
read -r _ what ms < <(grep '^extra' "$T/conn.out")
[ "$what" = closed ] && [ "$ms" -lt 2000 ] && ok "the 6th connection from one address is closed at once (${ms} ms)" \
  || bad "the 6th connection: $what after $ms ms"
grep -q '^after 200' "$T/conn.out" && ok "once the 5 close, a request is answered" || bad "after closing: $(cat "$T/conn.out")"
req GET /healthz; expect_status 200 "and curl too"
finish
