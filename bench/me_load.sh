#!/usr/bin/env bash
# /me under load: wrk against the dashboard of a signed-in university account
# whose org has a few records, in a store of N achievements (csl-dev text, as
# bench/gen_achievements.py makes them) plus a few orgs' achievements, demands
# and projects. Optionally beside a second qiao (BASE_QIAO, e.g. a build of an
# earlier commit) over a copy of the same store, in the same run, alternating.
#   bash bench/me_load.sh [DURATION] [N] [ROUNDS]     (default 10s 100000 3)
#   QIAO (default build/qiao), BASE_QIAO (optional: the peer), CONNS (default 8),
#   QIAO_SHARED_DATA overrides ../shared/data.
# The store is made with the peer when there is one (an older qiao cannot open a
# store migrated by a newer one; the newer migrates its copy when it opens it).
# Prints the latency of single requests (one at a time, 15 each), then requests/s
# and p50/p99 under wrk of each round and their medians, `uptime` beside.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10s}
n=${2:-100000}
rounds=${3:-3}
conns=${CONNS:-8}
qiao=${QIAO:-build/qiao}
peer=${BASE_QIAO:-}
shared=${QIAO_SHARED_DATA:-$(cd .. && pwd)/shared/data}
[ -x "$qiao" ] || make -s all
if [ ! -e "$shared/csl-dev/records.jsonl" ]; then
  echo "bench/me_load.sh: no csl-dev data under $shared (set QIAO_SHARED_DATA); skipped"
  exit 0
fi
for c in wrk curl python3 sqlite3; do
  command -v "$c" >/dev/null || { echo "bench/me_load.sh: $c not installed"; exit 1; }
done
tmp=$(mktemp -d /tmp/qiao-bench-me-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- data: N achievements of 20 orgs, then the dashboard's org "bench-me" with
# 5 achievements (one a draft), 3 demands of others, 2 projects; recent dates
maker=${peer:-$qiao}
python3 bench/gen_achievements.py "$shared" "$n" "$tmp"
python3 - "$tmp/me.jsonl" <<'PY'
import json, sys
out = open(sys.argv[1], "w", encoding="utf-8")
def w(r): out.write(json.dumps(r, ensure_ascii=False) + "\n")
w({"kind": "org", "id": "bench-me", "name": "基准工作台大学", "type": "university"})
w({"kind": "org", "id": "bench-ent", "name": "基准工作台企业", "type": "enterprise"})
w({"kind": "person", "id": "p-bench-ent", "name": "张基准", "org": "bench-ent"})
titles = ["高速模数转换芯片设计", "锂电池热失控预警算法", "柔性显示基板材料",
          "工业视觉缺陷检测系统", "轨道交通轴承寿命预测"]
for i, t in enumerate(titles):
    r = {"kind": "achievement", "id": "me-a%d" % i, "org": "bench-me", "title": t,
         "summary": t + "的研究成果，可授权或合作开发。", "keywords": [t[:4]],
         "chains": ["集成电路"], "trl": 5, "published": "2026-11-%02d" % (20 + i)}
    if i == 4:
        r["status"] = "draft"
    w(r)
for i, t in enumerate(["模数转换芯片授权", "电池管理系统开发", "显示材料国产替代"]):
    w({"kind": "demand", "id": "me-d%d" % i, "org": "bench-ent", "title": t,
       "description": "需要" + t + "方面的合作。", "keywords": [t[:4]], "chains": ["集成电路"],
       "published": "2026-11-2%d" % i})
w({"kind": "project", "id": "me-p0", "parties": ["bench-me", "bench-ent"],
   "achievement": "me-a0", "demand": "me-d0", "stage": "contact"})
w({"kind": "project", "id": "me-p1", "parties": ["bench-me", "p-bench-ent"],
   "achievement": "me-a1", "demand": "me-d1", "stage": "talks"})
PY
"$maker" import --quiet --db "$tmp/a.db" "$tmp/ach.jsonl" "$tmp/me.jsonl"
echo 'bench-me-pass-1' | "$maker" user add --db "$tmp/a.db" --login me --role university \
  --org bench-me --password-stdin >/dev/null
rm -f "$tmp/ach.jsonl" "$tmp/ach.csv"
[ -n "$peer" ] && cp "$tmp/a.db" "$tmp/b.db"
echo "store: $("$maker" info --db "$tmp/a.db" | awk '$1=="achievement"{print $2}') achievements"

# start DB BIN: a server on a free port (its pid in pids, its port in $port)
start() {
  local log=$tmp/$(basename "$1").log
  "$2" serve --db "$1" --listen 127.0.0.1:0 --alerts 0 --quiet >/dev/null 2>"$log" &
  pids+=($!)
  port=
  for _ in $(seq 1 6000); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "qiao serve did not start" >&2; cat "$log" >&2; exit 1; }
}
# signin PORT DB: a session cookie of `me`, whose previous sign-in is 30 days ago
signin() {
  local jar=$tmp/jar.$1 base=http://127.0.0.1:$1
  curl -s -c "$jar" -b "$jar" -o "$tmp/login.html" "$base/login"
  local csrf
  csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode login=me --data-urlencode password=bench-me-pass-1 "$base/login"
  sqlite3 "$2" "UPDATE web_visits SET previous = strftime('%s','now') - 30*86400 WHERE login='me'"
  awk '$6=="qiao_session"{print $7}' "$jar"
}

t0=$(date +%s)
start "$tmp/a.db" "$qiao"
pa=$port
ca=$(signin "$pa" "$tmp/a.db")
targets=("new $pa $ca")
if [ -n "$peer" ]; then
  start "$tmp/b.db" "$peer"
  pb=$port
  cb=$(signin "$pb" "$tmp/b.db")
  targets+=("peer $pb $cb")
fi
echo "servers ready in $(( $(date +%s) - t0 )) s"
for t in "${targets[@]}"; do
  set -- $t
  code=$(curl -s -o "$tmp/me.$1.html" -w '%{http_code}' -b "qiao_session=$3" "http://127.0.0.1:$2/me")
  grep -q '基准工作台大学' "$tmp/me.$1.html" && grep -q '锂电池热失控预警算法' "$tmp/me.$1.html" ||
    { echo "$1: /me ($code) is not the dashboard of bench-me"; exit 1; }
  echo "$1: /me $code, $(wc -c <"$tmp/me.$1.html") bytes, $(grep -o '新发布' "$tmp/me.$1.html" | wc -l) new"
done

# one request at a time (no queueing): 15 of each, alternating
for i in $(seq 1 15); do
  for t in "${targets[@]}"; do
    set -- $t
    curl -s -o /dev/null -w "$1 %{time_total}\n" -b "qiao_session=$3" "http://127.0.0.1:$2/me" \
      >>"$tmp/single"
  done
done
python3 - "$tmp/single" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    who, t = line.split()
    rows.setdefault(who, []).append(float(t) * 1000)
for who, v in rows.items():
    print("one at a time, %-5s median %8.1f ms  max %8.1f ms  (%d requests)" % (
        who, statistics.median(v), max(v), len(v)))
PY
echo "one at a time: $(uptime | sed 's/.*load/load/')"

for r in $(seq 1 "$rounds"); do
  for t in "${targets[@]}"; do
    set -- $t
    out=$(wrk -t2 -c"$conns" -d"$dur" --timeout 30s --latency -H "Cookie: qiao_session=$3" \
          "http://127.0.0.1:$2/me")
    rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
    p50=$(awk '$1=="50%"{print $2}' <<<"$out")
    p99=$(awk '$1=="99%"{print $2}' <<<"$out")
    echo "round $r $1: $rps req/s p50 $p50 p99 $p99 | $(uptime | sed 's/.*load/load/')"
    echo "$1 $rps $p99" >>"$tmp/results"
  done
done
echo "medians:"
python3 - "$tmp/results" <<'PY'
import sys, statistics
def ms(v):
    for u, f in (("us", 1e-3), ("ms", 1), ("s", 1e3)):
        if v.endswith(u):
            return float(v[:-len(u)]) * f
rows = {}
for line in open(sys.argv[1]):
    who, rps, p99 = line.split()
    rows.setdefault(who, []).append((float(rps), ms(p99)))
for who, v in rows.items():
    print("  %-5s %8.1f req/s  p99 %8.1f ms  (%d rounds)" % (
        who, statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), len(v)))
if "peer" in rows:
    print("  new/peer requests/s ratio: %.2f" % (statistics.median(x[0] for x in rows["new"]) /
                                                 statistics.median(x[0] for x in rows["peer"])))
PY
