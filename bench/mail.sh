#!/usr/bin/env bash
# bench/mail.sh — mail delivery throughput to a local SMTP server (Debian's
# python3-aiosmtpd with tests/http/smtp_sink.py, writing each message to a
# folder). Each run: a fresh store with N mails queued in the outbox (as
# notify_user queues them: Chinese subject and body, an account, a kind),
# then `qiao mail send --smtp` delivers them all; the time of that command
# is measured and every message is checked to have arrived. Prints each
# run (with the CPU time qiao itself used: the Python SMTP server is usually
# the slower side) and the median of RUNS runs. Target: >= 200 mails/s.
#   bash bench/mail.sh [N=2000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
QIAO=${QIAO:-build/qiao}
N=${1:-2000}
RUNS=${2:-3}
PY=python3
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && PY=/usr/bin/python3
T=$(mktemp -d /tmp/qiao-bench-mail-XXXXXX)
SMTP_PID=
trap '[ -n "$SMTP_PID" ] && kill $SMTP_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PYTHONPATH=tests/http $PY -m aiosmtpd -n -l "127.0.0.1:$PORT" -c smtp_sink.Sink "$T/inbox" 2>"$T/smtp.log" &
SMTP_PID=$!
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.05; done

rates=()
for run in $(seq 1 "$RUNS"); do
  db=$T/run$run.db
  rm -rf "$T/inbox"; mkdir -p "$T/inbox"
  "$QIAO" migrate --db "$db" >/dev/null
  sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
    INSERT INTO mail_outbox(to_addr, subject, body, link, kind, login, created, next_at)
    SELECT 'user' || i || '@bench.example', '成都新思源科技有限公司对您的成果有合作意向（' || i || '）',
           '成都新思源科技有限公司对您的成果“高精度模数转换器芯片设计技术”有合作意向，请登录平台查看并回复。',
           '/me/interests/' || i, 'interest_received', 'bench', strftime('%s', 'now'), 0 FROM n;"
  start=$(date +%s.%N)
  TIMEFORMAT='%U %S'
  { time "$QIAO" mail send --db "$db" --smtp "smtp://127.0.0.1:$PORT" --mail-from noreply@bench.example \
    --base-url https://qiao.example >/dev/null; } 2>"$T/cpu"
  end=$(date +%s.%N)
  cpu=$(awk '{print $1 + $2}' "$T/cpu")
  got=$(ls "$T/inbox" | grep -c '\.eml$' || true)
  [ "$got" -eq "$N" ] || { echo "run $run: $got of $N mails arrived"; exit 1; }
  secs=$($PY -c "print($end - $start)")
  rate=$($PY -c "print($N / ($end - $start))")
  printf 'run %d: %d mails in %.2f s = %.0f mails/s (qiao used %.2f s of CPU)\n' "$run" "$N" "$secs" "$rate" "$cpu"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'median of %d runs: %.0f mails/s (target >= 200)\n' "$RUNS" "$median"
