#!/usr/bin/env bash
# "Try a match without publishing" against matching a stored demand, on
# techmatch-dev: nDCG@10 (--judged-only) of
#   (a) qiao match --demand ID            (every stored demand)
#   (b) qiao match --text FILE            (each demand's title, a line break and
#                                          its description, pasted; nothing stored)
#   (c) qiao search --queries queries.tsv (the old typed-search path)
# Reads the data where it lies (QIAO_DATA, default ../shared/data); never copies it.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${QIAO_DATA:-../shared/data}/techmatch-dev
eval=${RANK_EVAL:-$(dirname "$data")/../tools/rank-eval}
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-try-XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$QIAO" import --db "$dir/t.db" "$data/records.jsonl" >/dev/null
"$QIAO" match --db "$dir/t.db" --all-demands --top 10000 --format trec > "$dir/a.run"
python3 - "$data/records.jsonl" "$dir" <<'P'
import json, sys, os
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    if r.get('kind') == 'demand':
        with open(os.path.join(sys.argv[2], 'd-' + r['id'] + '.txt'), 'w', encoding='utf-8') as f:
            f.write(r['title'] + '\n' + r.get('description', ''))
P
: > "$dir/b.run"
for f in "$dir"/d-*.txt; do
  id=$(basename "$f" .txt); id=${id#d-}
  # texts over the 5,000-character cap are cut there, as a person pasting would have to
  python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read(); sys.stdout.write(t[:5000])' "$f" > "$f.cut"
  "$QIAO" match --db "$dir/t.db" --text "$f.cut" --top 10000 --format trec |
    awk -v id="$id" '{ $1 = id; print }' >> "$dir/b.run"
done
"$QIAO" search --db "$dir/t.db" --queries "$data/queries.tsv" --top 10000 --format trec > "$dir/c.run"
for x in a b c; do
  printf '%s ' "$x"; "$eval" --judged-only "$data/qrels.tsv" "$dir/$x.run" 10
done
