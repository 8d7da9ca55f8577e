#!/usr/bin/env bash
# The index after kill -9 equals a fresh build on the evaluation's dev queries
# (issue #13): a store of csl-dev and techmatch-dev (read from the shared
# evaluation data, never copied into the repository), a server killed (-9)
# while another process imports changed and withdrawn records and the API
# publishes and closes demands; the restarted server (snapshot + replay +
# compaction) answers every csl-dev keyword query (top 10 achievements) and
# every techmatch-dev demand's matches (top 10) byte for byte like a server
# that built its index afresh from the same store.
# Skipped when the shared data is not on this machine (QIAO_SHARED overrides
# ../shared and /work/shared, as in tests/unit/test_match_quality.c).
cd "$(dirname "$0")/../.."
shared=
for d in "${QIAO_SHARED:-../shared}" /work/shared; do
  [ -e "$d/data/csl-dev/records.jsonl" ] && [ -e "$d/data/techmatch-dev/records.jsonl" ] && { shared=$d/data; break; }
done
if [ -z "$shared" ]; then echo "  skip no shared evaluation data (../shared/data): nothing to compare"; exit 0; fi
. tests/http/lib.sh

"$QIAO" import --quiet --db "$DB" "$shared/csl-dev/records.jsonl" "$shared/techmatch-dev/records.jsonl"
echo 'admin-pass-1' | "$QIAO" user add --db "$DB" --login admin --role admin --password-stdin >/dev/null
TOK=$("$QIAO" user token --db "$DB" --login admin)
start_server --snapshot-every 300
for _ in $(seq 1 600); do grep -q "index: built" "$T/serve.log" && break; sleep 0.05; done
grep -q "index: built" "$T/serve.log" && ok "the first start builds the index" || bad "no build: $(tail -2 "$T/serve.log")"

echo "== kill -9 while another process imports and the API writes"
# 30 files of 20 csl-dev achievements each: titles changed (the postings they
# replace must go), every seventh withdrawn (its postings must go too)
python3 - "$shared" "$T" <<'PY'
import json, sys
shared, t = sys.argv[1], sys.argv[2]
ach = [json.loads(l) for l in open(f"{shared}/csl-dev/records.jsonl", encoding="utf-8")]
ach = [r for r in ach if r.get("kind") == "achievement"]
for f in range(30):
    with open(f"{t}/imp{f}.jsonl", "w", encoding="utf-8") as out:
        for i in range(20):
            r = dict(ach[(f * 20 + i) * 7 % len(ach)])
            n = f * 20 + i
            if n % 7 == 3:
                r["status"] = "withdrawn"
            else:
                r["title"] = "修订版：" + r["title"][len(r["title"]) // 3:] + r["title"][: len(r["title"]) // 3]
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
mapfile -t DEMS < <(cut -f1 "$shared/techmatch-dev/queries.tsv")
( for f in $(seq 0 29); do "$QIAO" import --quiet --db "$T/q.db" "$T/imp$f.jsonl" >/dev/null 2>&1 || true; done ) &
IMP=$!
( for i in $(seq 0 19); do
    curl -s -o /dev/null -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -X POST \
      "$BASE/api/v1/demands" -d "{\"title\":\"求高精度传感器与数据平台方案$i\",\"org\":\"bdci-ent\",\"description\":\"工业互联网 数据采集 智能工厂 第$i期\"}" || true
    curl -s -o /dev/null -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' -X POST \
      "$BASE/api/v1/demands/${DEMS[$((i * 5))]}/close" || true
  done ) &
API=$!
sleep 1.5
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
wait "$IMP" || true; wait "$API" 2>/dev/null || true
# one more write while the server is down, so that the restart always has
# changes to replay (the writers may all be done before the kill)
sed 's/修订版：/停机期间修订：/' "$T/imp0.jsonl" >"$T/down.jsonl"
"$QIAO" import --quiet --db "$T/q.db" "$T/down.jsonl" >/dev/null
[ -s "$DB.qix" ] && ok "a snapshot survived kill -9" || bad "no snapshot after kill -9"
start_server
grep -q "index: snapshot + [1-9][0-9]* changes" "$T/serve.log" \
  && ok "restart after kill -9: $(grep -o 'snapshot + [0-9]* changes' "$T/serve.log")" \
  || bad "restart after kill -9: $(grep 'index' "$T/serve.log" | head -2)"
for _ in $(seq 1 600); do grep -q "index: compacted" "$T/serve.log" && break; sleep 0.05; done
grep -q "index: compacted" "$T/serve.log" && ok "the replayed index is compacted" || bad "no compaction after the restart"
A=$BASE; A_PID=$SERVER_PID; SERVER_PID=
start_server --no-snapshot
B=$BASE; B_PID=$SERVER_PID
grep -q "index: built (snapshots off)" "$T/serve.log" && ok "the peer builds afresh" \
  || bad "peer: $(grep 'index' "$T/serve.log" | head -2)"

echo "== every dev query: the same top 10, byte for byte"
python3 - "$A" "$B" "$shared" >"$T/cmp.txt" <<'PY'
import sys, urllib.parse, urllib.request, urllib.error
a, b, shared = sys.argv[1:4]
def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
paths = []
for line in open(f"{shared}/csl-dev/queries-keywords.tsv", encoding="utf-8"):
    q = line.rstrip("\n").split("\t", 1)[1]
    paths.append("/api/v1/achievements?per_page=10&sort=relevance&q=" + urllib.parse.quote(q))
for line in open(f"{shared}/techmatch-dev/queries.tsv", encoding="utf-8"):
    paths.append("/api/v1/demands/" + urllib.parse.quote(line.split("\t", 1)[0]) + "/matches?top=10")
same = differ = ok200 = hits = 0
for p in paths:
    sa, xa = get(a, p)
    sb, xb = get(b, p)
    if (sa, xa) == (sb, xb):
        same += 1
    else:
        differ += 1
        if differ <= 3:
            print("differs:", p, sa, sb, file=sys.stderr)
    ok200 += sa == 200
    hits += xa.count(b'"id":"csl-dev-') + xa.count(b'"id":"')
print(len(paths), same, differ, ok200, hits)
PY
read -r n same differ ok200 hits <"$T/cmp.txt"
[ "$n" -ge 1100 ] && [ "$differ" -eq 0 ] && ok "$same of $n dev queries and demands: the same answer, byte for byte" \
  || bad "$differ of $n answers differ"
[ "$ok200" -ge 1000 ] && [ "$hits" -ge 10000 ] && ok "the answers are real results ($ok200 answered, $hits ids)" \
  || bad "too few results to compare: $ok200 answered, $hits ids"
kill "$A_PID" "$B_PID" 2>/dev/null || true; wait "$A_PID" "$B_PID" 2>/dev/null || true
finish
