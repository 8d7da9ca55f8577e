#!/usr/bin/env bash
# Request limits: each limit just under is answered normally, just over gets
# its 4xx at once (well within 2 s), in JSON under /api/ and as a Chinese page
# elsewhere: the request target (8 KiB: 414), the query string (2 KiB: 400),
# query parameters (100: 400), header fields (100: 431), one header field
# (8 KiB: 431), the whole request head (16 KiB: 431). Far beyond the limits
# libmicrohttpd answers by itself (still at once). Also: a NUL byte in the
# request line is 400, integer parameters take only plain decimals.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
PORT=${BASE##*:}

# timed STATUS-VAR URL [curl args]: like req, but fails when it takes 2 s or more
timed() {
  local p=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  STATUS=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 5 "$@" "$BASE$p" || true)
  t1=$(date +%s%N)
  BODY=$(cat "$T/body" 2>/dev/null || true)
  MS=$(( (t1 - t0) / 1000000 ))
  if [ "$MS" -lt 2000 ]; then ok "answered in ${MS} ms"; else bad "took ${MS} ms"; fi
}
pad() { python3 -c "import sys; sys.stdout.write('${2:-a}' * int(sys.argv[1]))" "$1"; }

echo "== the reported request: 1,000 parameters (4 KB) on a page and on the API"
q=$(python3 -c "print('a=1&' * 1000, end='')")
timed "/achievements?$q"; expect_status 400 "1,000 parameters on a page"
expect_body '请求' "the page is in Chinese"
timed "/api/v1/achievements?$q"; expect_status 400 "1,000 parameters on the API"
expect_body '"code":"query_too_long"' "the API says why in JSON"
grep -q "Not enough memory in pool" "$T/serve.log" && bad "libmicrohttpd ran out of memory: $(grep -c 'Not enough memory' "$T/serve.log")" || ok "no pool exhaustion in the log"

echo "== parameter count: 100 answered, 101 refused"
q100=$(python3 -c "print('&'.join('p%d=1' % i for i in range(100)), end='')")
timed "/achievements?$q100"; expect_status 200 "100 parameters"
timed "/achievements?$q100&p100=1"; expect_status 400 "101 parameters"
expect_body '参数' "the page names the problem in Chinese"
timed "/api/v1/achievements?$q100&p100=1"; expect_status 400 "101 parameters on the API"
expect_body '"code":"too_many_parameters"' "API code too_many_parameters"
# a form body has its own, larger limit (1,000): 1,001 fields are refused too
jar=$T/jar; csrf=$(csrf_of "$jar" /login)
body="_csrf=$csrf&$(python3 -c "print('&'.join('f%d=1' % i for i in range(1000)), end='')")"
timed /login -b "$jar" -c "$jar" --data "$body"; expect_status 400 "a form of 1,001 fields"

echo "== query string: 2,048 bytes answered, 2,049 refused"
timed "/achievements?x=$(pad 2046)"; expect_status 200 "a 2,048-byte query string"
timed "/achievements?x=$(pad 2047)"; expect_status 400 "a 2,049-byte query string"
expect_body '查询条件过长' "the page says so in Chinese"

echo "== request target: 8,192 bytes answered (404: no such page), 8,193 refused (414)"
timed "/$(pad 8191)"; expect_status 404 "an 8,192-byte target"
timed "/$(pad 8192)"; expect_status 414 "an 8,193-byte target"
expect_body '地址' "the page says the address is too long, in Chinese"
timed "/api/v1/$(pad 8185)"; expect_status 414 "an 8,193-byte target under /api/"
expect_body '"code":"uri_too_long"' "API code uri_too_long"

echo "== headers (raw socket: exact bytes)"
cat > "$T/raw.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def send(data):
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(5)
    t = time.time(); out = b""
    try:
        s.sendall(data)
        while True:
            b = s.recv(65536)
            if not b: break
            out += b
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    s.close()
    status = out[9:12].decode() if out.startswith(b"HTTP/1.") else "none"
    body = out.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in out else b""
    return status, int((time.time() - t) * 1000), body.decode("utf-8", "replace")
def head(path, headers):
    h = b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n" % port
    for name, value in headers:
        h += name + b": " + value + b"\r\n"
    return h + b"\r\n"
def pads(n):   # n headers of 3 bytes each
    return [(b"X%03d" % i, b"1") for i in range(n)]
cases = {
    # Host and Connection are two fields: 98 + 2 = 100, 99 + 2 = 101
    "fields100": head(b"/", pads(98)),
    "fields101": head(b"/", pads(99)),
    "fields101api": head(b"/api/v1/achievements", pads(99)),
    # one field: name (5) + value = 8192 / 8193 bytes
    "field8192": head(b"/", [(b"X-Pad", b"a" * 8187)]),
    "field8193": head(b"/", [(b"X-Pad", b"a" * 8188)]),
    "fieldhuge": head(b"/", [(b"X-Pad", b"a" * 300000)]),
    "fields5000": head(b"/", pads(5000)),
    "target200k": head(b"/" + b"a" * 200000, []),
}
# the whole head: 16384 bytes, then 16385 (two fields of up to 8 KiB)
base = len(head(b"/", [(b"X-Pa", b""), (b"X-Pb", b"")]))
left = 16384 - base
cases["head16384"] = head(b"/", [(b"X-Pa", b"a" * (left // 2)), (b"X-Pb", b"b" * (left - left // 2))])
cases["head16385"] = head(b"/", [(b"X-Pa", b"a" * (left // 2)), (b"X-Pb", b"b" * (left - left // 2 + 1))])
assert len(cases["head16384"]) == 16384
# a NUL byte sent raw in the request line
cases["nul"] = b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port
cases["nulapi"] = b"GET /api/v1/achievements\x00x HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port
cases["nulquery"] = b"GET /achievements?q=a\x00b HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port
cases["nulargs"] = b"GET /\x00?" + b"a=1&" * 3000 + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port
for name in sys.argv[2:]:
    st, ms, body = send(cases[name])
    print(name, st, ms, body[:300].replace("\n", " "))
PY
python3 "$T/raw.py" "$PORT" fields100 fields101 fields101api field8192 field8193 fieldhuge fields5000 \
  head16384 head16385 target200k nul nulapi nulquery nulargs > "$T/raw.out"
raw() { # name status description [body substring]
  local line st ms
  line=$(grep "^$1 " "$T/raw.out")
  st=$(echo "$line" | cut -d' ' -f2); ms=$(echo "$line" | cut -d' ' -f3)
  if [ "$st" = "$2" ] && [ "$ms" -lt 2000 ]; then ok "$3 -> $st in ${ms} ms"; else bad "$3: expected $2 within 2 s, got $st in ${ms} ms"; fi
  if [ -n "${4:-}" ]; then
    echo "$line" | grep -qF -- "$4" && ok "$3: says '$4'" || bad "$3: '$4' not in: ${line:0:300}"
  fi
}
raw fields100 200 "100 header fields"
raw fields101 431 "101 header fields" "请求头"
raw fields101api 431 "101 header fields under /api/" '"code":"too_many_headers"'
raw field8192 200 "an 8,192-byte header field"
raw field8193 431 "an 8,193-byte header field" "请求头"
raw fieldhuge 431 "a 300 KB header field (libmicrohttpd's own answer)"
raw fields5000 431 "5,000 header fields (libmicrohttpd's own answer)"
raw target200k 414 "a 200 KB target (libmicrohttpd's own answer)"
raw head16384 200 "a 16,384-byte request head"
raw head16385 431 "a 16,385-byte request head" "请求头"
raw nul 400 "a raw NUL byte in the path" "请求"
raw nulapi 400 "a raw NUL byte in an API path" '"code":"bad_path"'
raw nulquery 400 "a raw NUL byte in the query"
raw nulargs 400 "a raw NUL byte, then 3,000 parameters"
timed "/%00"; expect_status 400 "/%00"

echo "== integer parameters: plain decimals only, errors name the parameter"
for v in 5 1 9; do
  timed "/api/v1/achievements?trl_min=$v"; expect_status 200 "trl_min=$v"
done
for v in %205 5%20 +5 %2B5 05 00 -0 5.0 0x5 '' 99999999999999999999999 -99999999999999999999999 %095; do
  [ -z "$v" ] && continue
  timed "/api/v1/achievements?trl_min=$v"; expect_status 400 "trl_min=$v"
  expect_body '"field":"trl_min"' "trl_min=$v: the error names trl_min"
done
timed "/achievements?page=%202"; expect_status 400 "page=%202 on a page"
expect_body 'page' "the page names the parameter"

echo "== the server still answers"
req GET /healthz; expect_status 200 "healthz after all that"
finish
