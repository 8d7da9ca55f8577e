#!/usr/bin/env bash
# Match quality and speed of qiao beside its peers (SQLite FTS5, Xapian),
# all built from Debian packages (scripts/bench-deps.sh). Prints one table.
# Over the 9,000 csl-dev records; bench/match_scale.sh puts the same peers
# beside qiao on the replicated corpus (100,000 records, slow).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bench-deps.sh
/usr/bin/python3 bench/peers/peers.py "${QIAO_DATA:-../shared/data}"
