# tests/http/lib.sh — sourced by the HTTP tests: a fresh store with the demo
# data and accounts, a server on a free port, curl helpers, assertions.
# Needs $QIAO (the binary) and curl.
set -euo pipefail
: "${QIAO:=build/qiao}"
T=$(mktemp -d /tmp/qiao-http-XXXXXX)
DB=$T/q.db
SERVER_PID=
fails=0

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

# setup_store: demo data + accounts + API tokens (TOK_ADMIN, TOK_XSY, TOK_UESTC)
setup_store() {
  "$QIAO" import --db "$DB" data/demo/*.jsonl >/dev/null
  echo 'admin-pass-1' | "$QIAO" user add --db "$DB" --login admin --role admin --password-stdin >/dev/null
  echo 'xsy-pass-123' | "$QIAO" user add --db "$DB" --login xsy --role enterprise --org xinsiyuan --password-stdin >/dev/null
  echo 'xj-pass-1234' | "$QIAO" user add --db "$DB" --login xj --role enterprise --org xinjin --password-stdin >/dev/null
  echo 'uestc-pass-1' | "$QIAO" user add --db "$DB" --login uestc --role university --org uestc-ic --password-stdin >/dev/null
  TOK_ADMIN=$("$QIAO" user token --db "$DB" --login admin)
  TOK_XSY=$("$QIAO" user token --db "$DB" --login xsy)
  TOK_UESTC=$("$QIAO" user token --db "$DB" --login uestc)
}

# start_server [extra serve options]: sets BASE
start_server() {
  : >"$T/serve.log"     # else a restart may read the previous server's port before its log is cut
  "$QIAO" serve --db "$DB" --listen 127.0.0.1:0 --threads 2 --alerts 0 "$@" 2>"$T/serve.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.log" 2>/dev/null)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "server did not start:"; cat "$T/serve.log"; exit 1; }
  BASE="http://127.0.0.1:$port"
}

# req METHOD PATH [curl args...]: sets STATUS and BODY (file $T/body)
req() {
  local m=$1 p=$2; shift 2
  STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
  BODY=$(cat "$T/body")
}

ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fails=$((fails + 1)); }
expect_status() { # expected description
  if [ "$STATUS" = "$1" ]; then ok "$2 -> $1"; else bad "$2: expected $1, got $STATUS: ${BODY:0:300}"; fi
}
expect_body() { # substring description
  if grep -qF -- "$1" "$T/body"; then ok "$2"; else bad "$2: '$1' not in: ${BODY:0:300}"; fi
}
expect_no_body() { # substring description
  if grep -qF -- "$1" "$T/body"; then bad "$2: '$1' found in the answer"; else ok "$2"; fi
}
finish() {
  if [ "$fails" -ne 0 ]; then echo "$fails check(s) failed"; echo "--- server log"; tail -20 "$T/serve.log"; exit 1; fi
  echo "all passed"
}

# sign_in LOGIN PASSWORD JAR: a browser-like sign-in (GET form, POST with its CSRF token)
sign_in() {
  local login=$1 pw=$2 jar=$3
  curl -s -c "$jar" -b "$jar" "$BASE/login" -o "$T/login.html"
  local csrf
  csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/login.html" | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$csrf" \
    --data-urlencode "login=$login" --data-urlencode "password=$pw" "$BASE/login"
}
# csrf_of JAR PATH: the CSRF token in the form of that page
csrf_of() {
  curl -s -c "$1" -b "$1" "$BASE$2" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}
