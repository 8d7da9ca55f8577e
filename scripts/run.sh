#!/usr/bin/env bash
# make run: loads the demo data into ./qiao.db the first time, then shows
# what is in the store. (When the web server lands, this starts it.)
set -euo pipefail
bin=${1:-build/qiao}
db=${QIAO_DB:-qiao.db}
if [ ! -e "$db" ]; then
  echo "qiao: creating $db with the demo data (data/demo/)"
  "$bin" import --db "$db" data/demo/*.jsonl
fi
"$bin" info --db "$db"
