#!/usr/bin/env bash
# HTTP tests of accounts and credentials: visitors' pages write nothing, a
# visitor's form token is bound to its cookie, sign-ins leave the home
# page's cached figures alone, the sign-in throttle counts before it checks
# (40 parallel wrong passwords: at most 5 checked), a new password or a
# disabled account ends every session and API token, and the password reset
# by a one-time link (queued in the mail outbox).
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
# one worker first: its cached home figures are what every view shows
start_server --threads 1

rows() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }
csrf_in() { sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }

echo "== visitors' pages write nothing"
s0=$(rows web_sessions)
for _ in $(seq 1 20); do curl -s -o /dev/null "$BASE/login"; done
for _ in $(seq 1 5); do curl -s -o /dev/null -c "$T/v.jar" -b "$T/v.jar" "$BASE/login"; done
s1=$(rows web_sessions)
[ "$s1" = "$s0" ] && ok "25 views of /login leave $s1 session rows" || bad "25 views of /login: $s0 -> $s1 session rows"

echo "== a visitor's form token works with its own cookie only"
curl -s -c "$T/a.jar" -b "$T/a.jar" "$BASE/login" -o "$T/a.html"
curl -s -c "$T/b.jar" -b "$T/b.jar" "$BASE/login" -o "$T/b.html"
ca=$(csrf_in "$T/a.html"); cb=$(csrf_in "$T/b.html")
[ -n "$ca" ] && [ "$ca" != "$cb" ] && ok "two visitors get two tokens" || bad "visitor tokens: '$ca' '$cb'"
req POST /login -b "$T/b.jar" --data-urlencode "_csrf=$ca" --data-urlencode login=xsy --data-urlencode password=xsy-pass-123
expect_status 403 "visitor A's token with visitor B's cookie"
req POST /login -b "qiao_session=$(printf 'f%.0s' $(seq 1 64))" --data-urlencode "_csrf=$ca" --data-urlencode login=xsy --data-urlencode password=xsy-pass-123
expect_status 403 "A's token with a made-up cookie"
req POST /login --data-urlencode "_csrf=$ca" --data-urlencode login=xsy --data-urlencode password=xsy-pass-123
expect_status 403 "A's token with no cookie"
req POST /login -b "$T/a.jar" -c "$T/a.jar" --data-urlencode "_csrf=$ca" --data-urlencode login=xsy --data-urlencode password=xsy-pass-123
expect_status 303 "A's token with A's cookie signs in"
req GET /me -b "$T/a.jar"
expect_status 200 "and the session works"
[ "$(rows web_sessions)" = "$((s0 + 1))" ] && ok "a sign-in writes one session" || bad "sessions after one sign-in: $(rows web_sessions)"

echo "== sign-ins leave the home page's cached figures alone"
fig() { grep -o "<strong>[0-9]*</strong><span>$1</span>" "$T/body" | grep -o '[0-9]*' | head -1; }
for _ in $(seq 1 16); do req GET /; done
o0=$(fig 参与单位)
# an org added behind the server's back, the records version put back: a
# worker that still shows o0 reused its cached figures
sqlite3 "$DB" "INSERT INTO org(key, doc, name, type, zone, external) VALUES ('home-cache-probe', '{}', 'p', 'park', '', 0)"
sqlite3 "$DB" "UPDATE records_version SET v = v - 1" 2>/dev/null || true
same=1; for _ in $(seq 1 16); do req GET /; [ "$(fig 参与单位)" = "$o0" ] || same=0; done
[ "$same" = 1 ] && ok "cached figures reused while no record version moved ($o0)" || bad "figures remade without a record write"
sign_in uestc uestc-pass-1 "$T/u.jar" >/dev/null
sign_in admin wrong-password "$T/x.jar" >/dev/null
curl -s -o /dev/null "$BASE/login"
same=1; for _ in $(seq 1 16); do req GET /; [ "$(fig 参与单位)" = "$o0" ] || same=0; done
[ "$same" = 1 ] && ok "sign-ins, a failed sign-in and a visitor leave them cached" || bad "a sign-in made the figures again"
sqlite3 "$DB" "DELETE FROM org WHERE key = 'home-cache-probe'"
for _ in $(seq 1 16); do req GET /; done
[ "$(fig 参与单位)" = "$o0" ] && ok "a record write shows again ($o0)" || bad "after a real write: $(fig 参与单位), want $o0"
sqlite3 "$DB" "INSERT INTO org(key, doc, name, type, zone, external) VALUES ('home-cache-probe2', '{}', 'p', 'park', '', 0)"
for _ in $(seq 1 16); do req GET /; done
[ "$(fig 参与单位)" = "$((o0 + 1))" ] && ok "and one more ($((o0 + 1)))" || bad "after an insert: $(fig 参与单位), want $((o0 + 1))"
sqlite3 "$DB" "DELETE FROM org WHERE key = 'home-cache-probe2'"

echo "== 40 parallel wrong passwords: at most 5 checked"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server --threads 8
curl -s -c "$T/t.jar" -b "$T/t.jar" "$BASE/login" -o "$T/t.html"
ct=$(csrf_in "$T/t.html")
pids=()
for i in $(seq 1 40); do
  curl -s -o /dev/null -w '%{http_code}\n' -b "$T/t.jar" --data-urlencode "_csrf=$ct" \
    --data-urlencode login=xj --data-urlencode "password=wrong-$i" "$BASE/login" >"$T/par.$i" &
  pids+=($!)
done
wait "${pids[@]}"
checked=$(cat "$T"/par.* | grep -c '^401$' || true); blocked=$(cat "$T"/par.* | grep -c '^429$' || true)
[ "$checked" -ge 1 ] && [ "$checked" -le 5 ] && [ $((checked + blocked)) = 40 ] \
  && ok "$checked checked, $blocked refused without a check" || bad "parallel: $checked checked (401), $blocked refused (429) of 40"
req POST /login -b "$T/t.jar" --data-urlencode "_csrf=$ct" --data-urlencode login=xj --data-urlencode password=xj-pass-1234
expect_status 429 "the right password is refused too while blocked"
sqlite3 "$DB" "DELETE FROM web_throttle"     # the window passes (this address too)

echo "== a new password ends the account's sessions and tokens"
sign_in xsy xsy-pass-123 "$T/old.jar" >/dev/null
req GET /me -b "$T/old.jar"; expect_status 200 "signed in"
req GET /api/v1/me -H "Authorization: Bearer $TOK_XSY"; expect_status 200 "the token works"
echo 'xsy-pass-NEW1' | "$QIAO" user add --db "$DB" --login xsy --role enterprise --org xinsiyuan --password-stdin >/dev/null
req GET /me -b "$T/old.jar"; expect_status 303 "the old session cookie is refused"
req GET /api/v1/me -H "Authorization: Bearer $TOK_XSY"; expect_status 401 "the old API token is refused"
sign_in xsy xsy-pass-NEW1 "$T/new.jar" >/dev/null
req GET /me -b "$T/new.jar"; expect_status 200 "the new password signs in"

echo "== forgot password: a one-time link by mail"
sqlite3 "$DB" "UPDATE users SET email = 'xj@example.org' WHERE login = 'xj'"
TOK_XJ=$("$QIAO" user token --db "$DB" --login xj)
sign_in xj xj-pass-1234 "$T/xj.jar" >/dev/null
req GET /me -b "$T/xj.jar"; expect_status 200 "xj signed in"
req GET /login; expect_body 'href="/password/forgot"' "the sign-in page offers 忘记密码"
cf=$(csrf_of "$T/f.jar" /password/forgot)
mails() { sqlite3 "$DB" "SELECT count(*) FROM mail_outbox WHERE kind = 'password_reset'"; }
m0=$(mails)
req POST /password/forgot -b "$T/f.jar" --data-urlencode "_csrf=$cf" --data-urlencode who=nobody-here
expect_status 200 "an unknown login"; cp "$T/body" "$T/unknown.html"
req POST /password/forgot -b "$T/f.jar" --data-urlencode "_csrf=$cf" --data-urlencode who=xj@example.org
expect_status 200 "a known address"
msg_of() { grep -o '<p class="notice"[^>]*>[^<]*</p>' "$1"; }
[ -n "$(msg_of "$T/body")" ] && [ "$(msg_of "$T/body")" = "$(msg_of "$T/unknown.html")" ] \
  && ok "the same answer for a known and an unknown account" || bad "answers differ: $(msg_of "$T/body") / $(msg_of "$T/unknown.html")"
[ "$(mails)" = "$((m0 + 1))" ] && ok "one mail queued (none for the unknown login)" || bad "reset mails: $m0 -> $(mails)"
row=$(sqlite3 -separator '|' "$DB" "SELECT to_addr, login, link, replace(body, char(10), ' ') FROM mail_outbox WHERE kind = 'password_reset' ORDER BY id DESC LIMIT 1")
link=$(sqlite3 "$DB" "SELECT link FROM mail_outbox WHERE kind = 'password_reset' ORDER BY id DESC LIMIT 1")
case "$row" in "xj@example.org|xj|/password/reset?token="*) ok "to xj's address, with a link";; *) bad "outbox row: $row";; esac
echo "$row" | grep -q "1 小时" && ok "the mail says how long the link lasts" || bad "mail body: $row"
tokpart=${link#*token=}
[ "$(sqlite3 "$DB" "SELECT count(*) FROM password_resets WHERE hash = '$tokpart'")" = 0 ] && ok "the link's token is not stored as such" || bad "token stored in clear"
req GET "$link" -b "$T/f.jar"; expect_status 200 "the link opens the form"; expect_body 'name="password2"' "new password twice"
cr=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
req POST /password/reset -b "$T/f.jar" --data-urlencode "_csrf=$cr" --data-urlencode "token=$tokpart" --data-urlencode password=short --data-urlencode password2=short
expect_status 422 "too short"; expect_body "至少需要 8 个字符" "says the minimum"
req POST /password/reset -b "$T/f.jar" --data-urlencode "_csrf=$cr" --data-urlencode "token=$tokpart" --data-urlencode password=xj-new-pass-1 --data-urlencode password2=xj-new-pass-2
expect_status 422 "not repeated the same"; expect_body "不一致" "says they differ"
req POST /password/reset -b "$T/f.jar" --data-urlencode "_csrf=$cr" --data-urlencode "token=$tokpart" --data-urlencode password=xj-new-pass-1 --data-urlencode password2=xj-new-pass-1
expect_status 200 "the new password is set"; expect_body "密码已重设" "says so"
req GET /me -b "$T/xj.jar"; expect_status 303 "the old session cookie is refused"
req GET /api/v1/me -H "Authorization: Bearer $TOK_XJ"; expect_status 401 "the old API token is refused"
req GET "$link"; expect_status 410 "the used link is refused"
req POST /password/reset -b "$T/f.jar" --data-urlencode "_csrf=$cr" --data-urlencode "token=$tokpart" --data-urlencode password=xj-new-pass-3 --data-urlencode password2=xj-new-pass-3
expect_status 410 "and cannot set a password again"
req POST /password/forgot -b "$T/f.jar" --data-urlencode "_csrf=$cf" --data-urlencode who=xj
link2=$(sqlite3 "$DB" "SELECT link FROM mail_outbox WHERE kind = 'password_reset' ORDER BY id DESC LIMIT 1")
[ "$link2" != "$link" ] && ok "a second request, a new link" || bad "no new link"
sqlite3 "$DB" "UPDATE password_resets SET expires = created - 1 WHERE used_at = 0"
req GET "$link2"; expect_status 410 "an expired link is refused"
[ "$(sign_in xj xj-new-pass-1 "$T/xj2.jar")" = 303 ] && ok "the new password signs in" || bad "new password refused"

echo "== /me/password and /me/tokens"
sign_in uestc uestc-pass-1 "$T/u1.jar" >/dev/null
sign_in uestc uestc-pass-1 "$T/u2.jar" >/dev/null
ct=$(csrf_of "$T/u1.jar" /me/tokens)
req POST /me/tokens -b "$T/u1.jar" --data-urlencode "_csrf=$ct" --data-urlencode name=夜间导入 --data-urlencode days=7
expect_status 200 "a token is created"; expect_body "只显示这一次" "shown once"
WT=$(grep -o 'qiao_[0-9a-f]\{64\}' "$T/body" | head -1)
req GET /api/v1/me -H "Authorization: Bearer $WT"; expect_status 200 "the web-made token works"
req GET /me/tokens -b "$T/u1.jar"; expect_body "夜间导入" "listed with its name"; expect_no_body "$WT" "the list never shows the token"
tid=$(grep -o 'id="token-[0-9]*"' "$T/body" | head -1 | grep -o '[0-9]*')
req GET "/me/tokens/$tid/revoke" -b "$T/xj2.jar"; expect_status 404 "another account cannot see it"
req POST "/me/tokens/$tid/revoke" -b "$T/xj2.jar" --data-urlencode "_csrf=$(csrf_of "$T/xj2.jar" /me/tokens)"
expect_status 404 "nor revoke it"
req GET /api/v1/me -H "Authorization: Bearer $WT"; expect_status 200 "still works"
req GET "/me/tokens/$tid/revoke" -b "$T/u1.jar"; expect_status 200 "revoking asks first"; expect_body "确认撤销" "a confirm button"
req POST "/me/tokens/$tid/revoke" -b "$T/u1.jar" --data-urlencode "_csrf=$ct"; expect_status 303 "revoked"
req GET /api/v1/me -H "Authorization: Bearer $WT"; expect_status 401 "the revoked token is refused"
cp=$(csrf_of "$T/u1.jar" /me/password)
req POST /me/password -b "$T/u1.jar" -c "$T/u1.jar" --data-urlencode "_csrf=$cp" --data-urlencode current=wrong-one --data-urlencode password=uestc-pass-2 --data-urlencode password2=uestc-pass-2
expect_status 422 "a wrong current password"; expect_body "当前密码不正确" "says so"
req POST /me/password -b "$T/u1.jar" -c "$T/u1.jar" --data-urlencode "_csrf=$cp" --data-urlencode current=uestc-pass-1 --data-urlencode password=uestc-pass-2 --data-urlencode password2=uestc-pass-2
expect_status 200 "the password is changed"; expect_body "密码已修改" "says so"
req GET /me -b "$T/u1.jar"; expect_status 200 "the session that changed it goes on (rotated)"
req GET /me -b "$T/u2.jar"; expect_status 303 "the other session has ended"
req GET /api/v1/me -H "Authorization: Bearer $TOK_UESTC"; expect_status 401 "the API token has ended"

echo "== account administration"
echo 'ops-pass-1234' | "$QIAO" user add --db "$DB" --login ops --role staff --password-stdin >/dev/null
TOK_XSY=$("$QIAO" user token --db "$DB" --login xsy)
sign_in ops ops-pass-1234 "$T/ops.jar" >/dev/null
sign_in admin admin-pass-1 "$T/adm.jar" >/dev/null
req GET /admin/accounts -b "$T/u1.jar"; expect_status 403 "not for a university account"
req GET "/admin/accounts?q=XS" -b "$T/ops.jar"; expect_status 200 "staff search"
expect_body 'href="/admin/accounts/xsy"' "finds xsy"; expect_no_body 'href="/admin/accounts/uestc"' "not uestc"
req GET /admin/accounts -b "$T/ops.jar"; expect_body "最近登录" "last sign-in column"
co=$(csrf_of "$T/ops.jar" /admin/accounts/xsy)
req POST /admin/accounts/xsy/role -b "$T/ops.jar" --data-urlencode "_csrf=$co" --data-urlencode role=admin
expect_status 403 "staff cannot grant admin"
req POST /admin/accounts/ops/role -b "$T/ops.jar" --data-urlencode "_csrf=$co" --data-urlencode role=admin
expect_status 403 "nor raise themselves"
req POST /admin/accounts/admin/disable -b "$T/ops.jar" --data-urlencode "_csrf=$co"
expect_status 403 "staff cannot disable admin"
ca=$(csrf_of "$T/adm.jar" /admin/accounts/admin)
req POST /admin/accounts/admin/disable -b "$T/adm.jar" --data-urlencode "_csrf=$ca"
expect_status 403 "nobody disables their own account"
[ "$(sqlite3 "$DB" "SELECT role || disabled FROM users WHERE login IN ('xsy', 'ops', 'admin') ORDER BY login")" = "$(printf 'admin0\nstaff0\nenterprise0')" ] && ok "nothing changed" || bad "accounts changed"
req GET /admin/accounts/xsy/disable -b "$T/ops.jar"; expect_status 200 "disabling asks first"; expect_body "确认停用" "a confirm button"
req POST /admin/accounts/xsy/disable -b "$T/ops.jar" --data-urlencode "_csrf=$co"; expect_status 200 "ops disables xsy"
req GET /api/v1/me -H "Authorization: Bearer $TOK_XSY"; expect_status 401 "its token fails"
cl=$(csrf_of "$T/dis.jar" /login)
req POST /login -b "$T/dis.jar" --data-urlencode "_csrf=$cl" --data-urlencode login=xsy --data-urlencode password=xsy-pass-NEW1
expect_status 403 "a disabled account cannot sign in"; expect_body "该账号已停用，请联系平台工作人员" "and is told why"
req POST /admin/accounts/xsy/role -b "$T/ops.jar" --data-urlencode "_csrf=$co" --data-urlencode role=expert
expect_status 200 "staff change a role"
req POST /admin/accounts/xj/reset -b "$T/ops.jar" --data-urlencode "_csrf=$co"
expect_status 200 "staff issue a reset link"; expect_body '/password/reset?token=' "shown once to staff"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM mail_outbox WHERE login = 'xj' AND kind = 'password_reset'")" = 3 ] && ok "and mailed to xj" || bad "no mail for the staff-issued link"
req GET /admin/audit -b "$T/adm.jar"; expect_status 200 "the audit"
expect_body "停用账号" "records the disabling"; expect_body "企业 → 专家" "the role change"; expect_body "发放重设密码链接" "the reset link"
req POST /admin/accounts/xsy/enable -b "$T/ops.jar" --data-urlencode "_csrf=$co"; expect_status 200 "enabled again"
[ "$(sign_in xsy xsy-pass-NEW1 "$T/xsy3.jar")" = 303 ] && ok "and xsy signs in" || bad "xsy cannot sign in after enable"
req POST /admin/accounts/ops/role -b "$T/adm.jar" --data-urlencode "_csrf=$ca" --data-urlencode role=admin
expect_status 200 "admin may grant admin"
finish
