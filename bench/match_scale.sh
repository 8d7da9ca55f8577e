#!/usr/bin/env bash
# qiao beside its peers (SQLite FTS5 trigram and friso, Xapian n-grams) on the
# replicated csl-dev corpus (bench/match/scale.py) of SCALE_N achievements
# (default 100000), one core each, RUNS (default 3) timing passes, medians:
# build seconds, index size, p50/p99 and queries/s of keyword and
# demand-length queries, qiao's q/s over the fastest peer's. Slow: about half
# an hour at 100000 (the peers' builds and their demand-length queries).
# See bench/peers/scale_peers.py.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bench-deps.sh
/usr/bin/python3 bench/peers/scale_peers.py "${SCALE_N:-100000}" "${QIAO_DATA:-../shared/data}"
