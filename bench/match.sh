#!/usr/bin/env bash
# Match quality and speed of qiao beside its peers (SQLite FTS5, Xapian),
# all built from Debian packages (scripts/bench-deps.sh). Prints one table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bench-deps.sh
/usr/bin/python3 bench/peers/peers.py "${QIAO_DATA:-../shared/data}"
