#!/usr/bin/env bash
# Web load: wrk against `qiao serve` on N achievements (csl-dev text, as
# bench/gen_achievements.py makes them), beside nginx serving the same
# achievement page saved as a static file (the ceiling), in the same run.
#   bash bench/web_load.sh [DURATION] [N] [CONNECTIONS]   (default 60s 100000 64)
#   QIAO_SHARED_DATA overrides ../shared/data; QIAO_THREADS the server's pool (default:
#   qiao serve's own); BENCH_DB reuses an already loaded store (skips the import).
#   RUNS="search filters_nocache" runs only those loads (nginx is then optional).
# Prints, for each target, requests/s, the latency percentiles wrk reports and the
# server's CPU time per request (user + system, from /proc: survives a loaded machine).
# Loads, one after the other:
#   search  GET /api/v1/achievements?q=...  a mix of 300 keyword queries (csl-dev
#           queries: first keyword, first two, the whole query), 20 hits a page, on the
#           server as it runs by default (its search cache on: after the first round
#           the ranked hits of each query come from the cache; the page's records are
#           still read from the store)
#   search_nocache  the same, on a second server over the same store started with
#           --search-cache 0 (every request ranks afresh in the match index)
#   filters_nocache the same queries with filters (each request one or two of chain=,
#           trl_min=/trl_max=, zone=, org=), --search-cache 0: ranked with the filters
#           in the engine, and facets (counts over every hit) in the answer
#   filters_nofacets the same with facets=false (for servers that know that parameter)
#   page    GET /achievements/ID            one achievement page (the same each time; its
#           matches section comes from the server's cache after the first view)
#   pages   GET /achievements/ID            20000 IDs spread over the whole store (mostly
#           not cached: each computes its matches)
#   nginx   the saved page of `page`, from nginx on another loopback port
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-60s}
n=${2:-100000}
conns=${3:-64}
qiao=${QIAO:-build/qiao}
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
topt=()
[ -n "${QIAO_THREADS:-}" ] && topt=(--threads "$QIAO_THREADS")
[ -x "$qiao" ] || make -s all
if [ ! -e "$shared/csl-dev/records.jsonl" ]; then
  echo "bench/web_load.sh: no csl-dev data under $shared (set QIAO_SHARED_DATA); skipped"
  exit 0
fi
runs=${RUNS:-search search_nocache filters_nocache page pages nginx}
for c in wrk curl python3 $([[ " $runs " == *" nginx "* ]] && echo nginx); do
  command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] ||
    { echo "bench/web_load.sh: $c not installed (bash scripts/bench-deps.sh)"; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
tmp=$(mktemp -d /tmp/qiao-bench-web-XXXXXX)
qpid= q2pid= npid=
cleanup() {
  [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
  [ -n "$q2pid" ] && kill "$q2pid" 2>/dev/null && wait "$q2pid" 2>/dev/null
  [ -n "$npid" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- data
db=${BENCH_DB:-$tmp/q.db}
if [ -z "${BENCH_DB:-}" ] || [ ! -e "$db" ]; then
  python3 bench/gen_achievements.py "$shared" "$n" "$tmp"
  "$qiao" import --quiet --db "$db" "$tmp/ach.jsonl"
  rm -f "$tmp/ach.jsonl" "$tmp/ach.csv"
fi
count=$("$qiao" info --db "$db" | awk '$1=="achievement"{print $2}')
echo "store: $count achievements ($db)"

# --- qiao (access log on, to a file: as in production): the server as it runs by
# default, and a second one over the same store without the search cache
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_qiao LOG [serve options]: starts a server in the background; its pid in $!
start_qiao() {
  local log=$1; shift
  # wrk's connections all come from 127.0.0.1: above 64 the per-address limit would close some
  "$qiao" serve --db "$db" --listen 127.0.0.1:0 --max-conn-per-ip $((conns > 64 ? conns : 64)) \
    "${topt[@]}" "$@" 2>"$log" &
}
# port_of LOG PID: waits until that server listens; prints its port
port_of() {
  local p=
  for _ in $(seq 1 6000); do        # building the index of 10^5 records takes a while
    p=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1")
    [ -n "$p" ] && break
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$p" ] || { echo "qiao serve did not start" >&2; cat "$1" >&2; return 1; }
  echo "$p"
}
t0=$(date +%s.%N)
port=
if [[ " $runs " == *" search "* || " $runs " == *" page"* ]]; then   # the server as it runs by default
start_qiao "$tmp/serve.log"
qpid=$!
port=$(port_of "$tmp/serve.log" "$qpid") || exit 1
printf 'qiao serve: ready in %.1f s (index built); %s\n' "$(echo "$(date +%s.%N) - $t0" | bc -l)" \
  "$(sed -n 's/.*listening on [^ ]* (\(.*\))/\1/p' "$tmp/serve.log")"
fi
start_qiao "$tmp/serve-nocache.log" --search-cache 0
q2pid=$!
port2=$(port_of "$tmp/serve-nocache.log" "$q2pid") || exit 1
echo "qiao serve --search-cache 0: ready (port $port2)"
base2=http://127.0.0.1:$port2
base=$base2
[ -n "$port" ] && base=http://127.0.0.1:$port
id=b-0000042

# --- request lists for wrk (Lua: each request takes the next path)
python3 - "$shared/csl-dev/queries-keywords.tsv" "$count" "$tmp" <<'PY'
import sys, urllib.parse, random
tsv, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
qs = []
for i, line in enumerate(open(tsv, encoding="utf-8")):
    words = line.rstrip("\n").split("\t", 1)[1].split()
    if not words:
        continue
    qs.append(" ".join(words[: (1, 2, len(words))[i % 3]]))
    if len(qs) == 300:
        break
with open(out + "/search.txt", "w") as f:
    for q in qs:
        f.write("/api/v1/achievements?q=" + urllib.parse.quote(q) + "\n")
# the same queries with filters the generated records hold (bench/gen_achievements.py)
chains = ["集成电路", "新型显示", "智能终端", "新能源汽车", "生物医药", "人工智能"]
zones = ["环电子科大知识经济圈", "环川大科技成果转化区"]
frng = random.Random(11)
with open(out + "/filters.txt", "w") as f, open(out + "/filters-nofacets.txt", "w") as g:
    for i, q in enumerate(qs):
        fl = [("chain", frng.choice(chains))]
        if i % 3 == 0:
            lo = frng.randint(3, 6)
            fl += [("trl_min", lo), ("trl_max", lo + 3)]
        elif i % 3 == 1:
            fl.append(("zone", frng.choice(zones)))
        else:
            fl.append(("org", "bench-%02d" % frng.randint(1, 19)))
        p = "/api/v1/achievements?q=" + urllib.parse.quote(q) + "&" + urllib.parse.urlencode(fl)
        f.write(p + "\n")
        g.write(p + "&facets=false\n")
rng = random.Random(7)
with open(out + "/pages.txt", "w") as f:
    for _ in range(20000):
        f.write("/achievements/b-%07d\n" % rng.randrange(count))
PY
cat >"$tmp/paths.lua" <<'LUA'
-- wrk: cycles through the paths of the file named by PATHS, each thread from its own place
local paths, i = {}, 0
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
function init(args) i = math.random(#paths) end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

# --- nginx: the same page, static, on another port
nport=
if [[ " $runs " == *" nginx "* ]]; then
curl -sf "$base/achievements/$id" -o "$tmp/page.html"
mkdir -p "$tmp/www/achievements" "$tmp/nginx"
chmod 755 "$tmp" "$tmp/www" "$tmp/www/achievements"   # nginx workers run as another user
cp "$tmp/page.html" "$tmp/www/achievements/$id"
nport=$(free_port)
cat >"$tmp/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $tmp/nginx/access.log;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi; uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  default_type "text/html; charset=utf-8";
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
EOF
"$NGINX" -c "$tmp/nginx.conf" -p "$tmp/nginx" 2>"$tmp/nginx/stderr" &
npid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$nport/achievements/$id" -o /dev/null && break; sleep 0.05; done
cmp -s "$tmp/page.html" <(curl -s "http://127.0.0.1:$nport/achievements/$id") ||
  { echo "nginx does not serve the page"; tail -3 "$tmp/nginx/stderr" "$tmp/nginx/error.log"; exit 1; }
fi

# --- load
# idle URL: waits until the server has finished what an earlier load left queued
idle() {
  for _ in $(seq 1 120); do
    t=$(curl -s -o /dev/null -m 5 -w '%{time_total}' "$1/healthz" || echo 9)
    [ "$(echo "$t < 0.02" | bc -l)" = 1 ] && return 0
    sleep 0.5
  done
}
# run NAME URL [PATHS file]: wrk, then one summary line
run() {
  local name=$1 url=$2 paths=${3:-} out=$tmp/wrk-$1.txt
  local lua=()
  [ -n "$paths" ] && lua=(-s "$tmp/paths.lua")
  idle "$base"; idle "$base2"
  # the serving process's CPU time (user + system ticks) around the load
  local pid=
  case $url in
    "$base2"|"$base2"/*) pid=$q2pid ;;
    "$base"|"$base"/*) pid=$qpid ;;
  esac
  local t1=0 t2=0
  [ -n "$pid" ] && t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  PATHS=$paths wrk -t2 -c"$conns" -d"$dur" --timeout 5s --latency "${lua[@]}" "$url" >"$out"
  [ -n "$pid" ] && t2=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$(( t2 - t1 )) $(getconf CLK_TCK)" >"$out.cpu"
  python3 - "$name" "$out" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
ticks, hz = (int(x) for x in open(sys.argv[2] + ".cpu").read().split())
nreq = int(re.search(r"(\d+) requests in", text).group(1))
def ms(s):
    v, u = float(re.match(r"[\d.]+", s).group()), re.search(r"[a-z]+$", s).group()
    return v * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
pct = {m.group(1): ms(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M)}
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: (.*)", text)
open(sys.argv[2] + ".rps", "w").write(f"{rps}\n")
print(f"{name:14s} {rps:9.0f} req/s   p50 {pct['50']:6.2f} ms  p90 {pct['90']:6.2f} ms  "
      f"p99 {pct['99']:7.2f} ms" + (f"   non-2xx {errs.group(1)}" if errs else "") +
      (f"   socket errors: {sock.group(1)}" if sock else "") +
      (f"   server cpu {ticks * 1000.0 / hz / nreq:.3f} ms/req" if ticks and nreq else ""))
PY
}
echo "wrk: 2 threads, $conns connections, $dur each; the same 2 cores serve and load"
for t in $runs; do
  case $t in
    search) run search "$base" "$tmp/search.txt" ;;
    search_nocache) run search_nocache "$base2" "$tmp/search.txt" ;;
    filters_nocache) run filters_nocache "$base2" "$tmp/filters.txt" ;;
    filters_nofacets) run filters_nofacets "$base2" "$tmp/filters-nofacets.txt" ;;
    page) run page "$base/achievements/$id" ;;
    pages) run pages "$base" "$tmp/pages.txt" ;;
    nginx) run nginx "http://127.0.0.1:$nport/achievements/$id" ;;
  esac
done
[ -n "$nport" ] && [[ " $runs " == *" page "* ]] && [[ " $runs " == *" search_nocache "* ]] || exit 0
r() { cat "$tmp/wrk-$1.txt.rps"; }
printf 'ratios to nginx (same page, same run): page %.3f, pages %.3f, search %.4f, search_nocache %.4f\n' \
  "$(echo "$(r page) / $(r nginx)" | bc -l)" "$(echo "$(r pages) / $(r nginx)" | bc -l)" \
  "$(echo "$(r search) / $(r nginx)" | bc -l)" "$(echo "$(r search_nocache) / $(r nginx)" | bc -l)"
printf 'search cache: %.2f x the requests/s without it\n' "$(echo "$(r search) / $(r search_nocache)" | bc -l)"
echo "targets: search >= 3000 req/s, page >= 5000 req/s, p99 <= 50 ms"
echo "access log lines written by qiao: $(grep -c '" 200 ' "$tmp/serve.log" || true) (cache on)," \
  "$(grep -c '" 200 ' "$tmp/serve-nocache.log" || true) (--search-cache 0)"
