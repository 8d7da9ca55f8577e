#!/usr/bin/env bash
# Text pipeline throughput beside friso alone (same process, same text).
#   bash bench/text.sh [DATA_DIR] [RUNS]     (DATA_DIR: $QIAO_DATA, ../shared/data or /work/shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/bench/text_bench
build/bench/text_bench "$@"
