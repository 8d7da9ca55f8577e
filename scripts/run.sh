#!/usr/bin/env bash
# make run: the first time, loads the demo data into ./qiao.db and creates
# demo accounts; then starts the web server (Ctrl-C stops it).
set -euo pipefail
bin=${1:-build/qiao}
db=${QIAO_DB:-qiao.db}
listen=${QIAO_LISTEN:-127.0.0.1:8080}
accounts=(
  # login      role        org        password (demo only: the server listens on loopback)
  "admin       admin       -          qiao-admin-demo"
  "uestc       university  uestc-ic   qiao-uestc-demo"
  "xinsiyuan   enterprise  xinsiyuan  qiao-xinsiyuan-demo"
)
if [ ! -e "$db" ]; then
  echo "qiao: creating $db with the demo data (data/demo/)"
  "$bin" import --db "$db" data/demo/*.jsonl
  for a in "${accounts[@]}"; do
    read -r login role org pw <<<"$a"
    orgarg=(); [ "$org" = - ] || orgarg=(--org "$org")
    echo "$pw" | "$bin" user add --db "$db" --login "$login" --role "$role" "${orgarg[@]}" --password-stdin
  done
fi
"$bin" info --db "$db"
echo
echo "qiao: open http://$listen/ — demo accounts (created with $db):"
for a in "${accounts[@]}"; do
  read -r login role org pw <<<"$a"
  printf '  %-10s %-11s password %s\n' "$login" "$role" "$pw"
done
echo "qiao: mail (notifications) goes to $db.mail/ as .eml files (qiao help serve: --smtp)"
echo
# not exec: when the port is taken, say how to choose another after qiao's message
"$bin" serve --db "$db" --listen "$listen" && exit 0 || rc=$?
[ "$rc" -ne 130 ] && echo "qiao: to serve on another address: QIAO_LISTEN=127.0.0.1:8081 make run" >&2
exit "$rc"
