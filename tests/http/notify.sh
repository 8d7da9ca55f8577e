#!/usr/bin/env bash
# HTTP test of notifications and mail (docs/notify.md) with a real SMTP
# server: Debian's python3-aiosmtpd on a loopback port, writing each message
# it receives to a folder (tests/http/smtp_sink.py). The SMTP server is
# stopped while notifications are made, then started: every mail arrives,
# exactly once. Also: the MIME form of a mail, the one-click unsubscribe link
# (no sign-in; a forged one changes nothing), the unread count in the page
# header, following and marking read, the settings page and the digest.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
# accounts get their addresses (qiao user add has no --email option)
sqlite3 "$DB" "UPDATE users SET email = 'wang@uestc.example' WHERE login = 'uestc';
               UPDATE users SET email = 'li@xsy.example' WHERE login = 'xsy';"

PY=python3
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && PY=/usr/bin/python3
$PY -c 'import aiosmtpd' || { echo "python3-aiosmtpd is missing (scripts/deps.sh installs it)"; exit 1; }
SMTP_PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
INBOX=$T/inbox
SMTP_PID=
smtp_start() {
  PYTHONPATH=tests/http $PY -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c smtp_sink.Sink "$INBOX" \
    2>>"$T/smtp.log" &
  SMTP_PID=$!
  for _ in $(seq 1 100); do
    (echo >"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "the SMTP server did not start:"; cat "$T/smtp.log"; exit 1
}
smtp_stop() { kill "$SMTP_PID" 2>/dev/null || true; wait "$SMTP_PID" 2>/dev/null || true; SMTP_PID=; }
trap 'smtp_stop; cleanup' EXIT
inbox_count() { ls "$INBOX"/*.eml 2>/dev/null | wc -l; }
wait_inbox() { # N: waits up to 15 s for N messages
  for _ in $(seq 1 150); do [ "$(inbox_count)" -ge "$1" ] && return 0; sleep 0.1; done
  return 1
}
notify() { "$QIAO" notify test --db "$DB" --login "$1"; }

smtp_start
start_server --smtp "smtp://127.0.0.1:$SMTP_PORT" --mail-from noreply@qiao.example \
  --base-url https://qiao.example --mail-retry 1

echo "== one mail, its MIME form"
notify uestc >/dev/null
if wait_inbox 1; then ok "the mail arrived"; else bad "no mail after 15 s"; fi
cat >"$T/check_mime.py" <<'PY'
import email, email.policy, glob, sys
path = sorted(glob.glob(sys.argv[1] + "/*.eml"))[0]
raw = open(path, "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
problems = []
head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")        # headers are ASCII
if msg["Subject"] != "测试通知": problems.append("subject %r" % msg["Subject"])
if "=?UTF-8?B?" not in head: problems.append("no encoded-word subject")
for h in ("Date", "Message-ID", "List-Unsubscribe", "From", "To"):
    if not msg[h]: problems.append("no " + h)
if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
    problems.append("content type %s %s" % (msg.get_content_type(), msg.get_content_charset()))
if not msg["Date"].endswith("+0800"): problems.append("date not in +0800: " + msg["Date"])
for line in raw.split(b"\r\n"):
    if len(line) > 998: problems.append("a line of %d bytes" % len(line))
for line in head.split("\r\n"):
    if line.startswith(("Subject", " =?")) and len(line) > 76: problems.append("long subject line")
body = msg.get_content()
for want in ("这是一条测试通知", "https://qiao.example/me/notifications", "一键退订"):
    if want not in body: problems.append("body lacks " + want)
unsub = msg["List-Unsubscribe"].strip("<> ")
if not unsub.startswith("https://qiao.example/unsubscribe?"): problems.append("unsubscribe " + unsub)
print("\n".join(problems) if problems else "OK " + unsub[len("https://qiao.example"):])
PY
mime=$($PY "$T/check_mime.py" "$INBOX")
case $mime in OK*) ok "subject, headers, charset, line lengths, body"; UNSUB=${mime#OK };; *) bad "MIME: $mime";; esac

echo "== the SMTP server is down: mail waits, then arrives exactly once"
smtp_stop
for l in uestc uestc xsy uestc xsy; do notify $l >/dev/null; done
sleep 3      # the sender tries (and fails) meanwhile
pending=$("$QIAO" mail list --db "$DB" --pending | awk -F'\t' '$2 == "retry"' | wc -l)
if [ "$pending" -eq 5 ]; then ok "5 mails waiting for a retry"; else bad "$pending mails in retry, want 5: $("$QIAO" mail list --db "$DB")"; fi
smtp_start
if wait_inbox 6; then ok "all 6 mails arrived after the restart"; else bad "$(inbox_count) of 6 mails arrived"; fi
sleep 3      # nothing more may come
n=$(inbox_count)
ids=$(grep -h '^Message-ID:' "$INBOX"/*.eml | sort -u | wc -l)
if [ "$n" -eq 6 ] && [ "$ids" -eq 6 ]; then ok "exactly once: 6 messages, 6 Message-IDs"; else bad "$n messages, $ids Message-IDs, want 6 and 6"; fi
left=$("$QIAO" mail list --db "$DB" --pending | wc -l)
if [ "$left" -eq 0 ]; then ok "the outbox is empty"; else bad "$left mails still pending"; fi

echo "== unsubscribe: one click, no sign-in; forged links change nothing"
forged=$(echo "$UNSUB" | sed 's/t=\(.\)/t=0\1/; s/t=0\(.\{63\}\).*/t=0\1/')
req GET "${UNSUB/u=uestc/u=xsy}";        expect_status 403 "another account's name with uestc's signature"
expect_body "退订链接无效" "says the link is not valid"
req GET "$forged";                       expect_status 403 "an altered signature"
req GET "${UNSUB/k=account/k=message}";  expect_status 403 "another kind with this signature"
out=$(notify uestc)
case $out in *"mail to wang@uestc.example queued"*) ok "forged links left the mail on";; *) bad "after forged links: $out";; esac
if wait_inbox 7; then ok "and it arrived"; else bad "the mail after the forged links did not arrive"; fi
req GET "$UNSUB";                        expect_status 200 "the mail's own link, not signed in"
expect_body "已退订" "says it is done"
expect_body "账号变更" "names the kind"
out=$(notify uestc)
case $out in *"turned off mail"*) ok "no more mail of that kind";; *) bad "after unsubscribing: $out";; esac

echo "== in-app: the unread count in the header, following, marking read"
JAR=$T/uestc.jar
sign_in uestc uestc-pass-1 "$JAR" >/dev/null
unread=$(curl -s -H "Authorization: Bearer $TOK_UESTC" "$BASE/api/v1/me/notifications" | jq .unread)
if [ "$unread" -eq 6 ]; then ok "the API counts 6 unread"; else bad "API unread $unread, want 6"; fi
req GET /me -b "$JAR";                   expect_status 200 "/me"
expect_body "id=\"unread-count\" aria-label=\"6 条未读\">6<" "the header shows 6 unread"
req GET /me/notifications -b "$JAR";     expect_status 200 "/me/notifications"
expect_body "测试通知" "lists the notifications"
expect_body "年" "dates in Chinese"
if grep -qE '[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日 [0-9]{2}:[0-9]{2}' "$T/body"; then ok "time as 2026年12月7日 14:00"; else bad "no Chinese date-time"; fi
first=$(curl -s -H "Authorization: Bearer $TOK_UESTC" "$BASE/api/v1/me/notifications?per_page=1" | jq .items[0].id)
xsy_id=$(curl -s -H "Authorization: Bearer $TOK_XSY" "$BASE/api/v1/me/notifications?per_page=1" | jq .items[0].id)
req GET "/me/notifications/$xsy_id" -b "$JAR"; expect_status 404 "another account's notification"
req GET "/me/notifications/$first" -b "$JAR";  expect_status 303 "following a notification"
req GET /me -b "$JAR"
expect_body "aria-label=\"5 条未读\">5<" "following marked it read (5 left)"
req POST /me/notifications/read -b "$JAR" --data "_csrf=wrong"; expect_status 403 "mark all read without the form's token"
csrf=$(csrf_of "$JAR" /me/notifications)
req POST /me/notifications/read -b "$JAR" --data "_csrf=$csrf"; expect_status 303 "mark all read"
req GET /me -b "$JAR"
expect_no_body 'id="unread-count"' "no unread count left"
req POST /api/v1/me/notifications/read -H "Authorization: Bearer $TOK_XSY" -H 'Content-Type: application/json' -d "{\"id\": $first}"
expect_status 404 "API: another account's notification"
req POST /api/v1/me/notifications/read -H "Authorization: Bearer $TOK_XSY" -H 'Content-Type: application/json' -d "{\"id\": $xsy_id}"
expect_status 200 "API: mark one read"
expect_body '"unread":1' "API: one unread left for xsy"

echo "== settings: the daily digest"
req GET /me/notifications/settings -b "$JAR"; expect_status 200 "settings page"
expect_body "收到合作意向" "kinds in Chinese"
csrf=$(csrf_of "$JAR" /me/notifications/settings)
req POST /me/notifications/settings -b "$JAR" --data "_csrf=$csrf&account=digest"; expect_status 303 "save settings"
out=$(notify uestc)
case $out in *"held for the daily digest"*) ok "held for the digest";; *) bad "with digest on: $out";; esac
notify uestc >/dev/null
before=$(inbox_count)
"$QIAO" mail send --db "$DB" --digest --smtp "smtp://127.0.0.1:$SMTP_PORT" --mail-from noreply@qiao.example >/dev/null
if [ "$(inbox_count)" -eq $((before + 1)) ]; then ok "two held mails went out as one digest"; else bad "$(( $(inbox_count) - before )) mails for the digest, want 1"; fi
subj=$($PY -c 'import email,email.policy,glob,os,sys; f=max(glob.glob(sys.argv[1]+"/*.eml"), key=os.path.getmtime); print(email.message_from_binary_file(open(f,"rb"), policy=email.policy.default)["Subject"])' "$INBOX")
case $subj in *每日摘要*2*) ok "digest subject: $subj";; *) bad "digest subject: $subj";; esac

echo "== three senders on one outbox (the server and two qiao mail send): each mail once"
before=$(inbox_count)
for i in $(seq 1 30); do notify xsy >/dev/null; done
send() { "$QIAO" mail send --db "$DB" --smtp "smtp://127.0.0.1:$SMTP_PORT" --mail-from noreply@qiao.example >/dev/null || true; }
send & s1=$!; send & s2=$!; wait $s1 $s2
if wait_inbox $((before + 30)); then ok "30 mails arrived"; else bad "$(( $(inbox_count) - before )) of 30 arrived"; fi
sleep 2
n=$(inbox_count); ids=$(grep -h '^Message-ID:' "$INBOX"/*.eml | sort -u | wc -l)
if [ "$n" -eq $((before + 30)) ] && [ "$ids" -eq "$n" ]; then ok "no mail twice ($n messages, $ids Message-IDs)"; else bad "$n messages ($((before + 30)) expected), $ids Message-IDs"; fi
finish
