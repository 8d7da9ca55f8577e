#!/usr/bin/env bash
# qiao user add / token and qiao serve's option checks.
set -uo pipefail
: "${QIAO:=build/qiao}"
T=$(mktemp -d /tmp/qiao-cli-user-XXXXXX); trap 'rm -rf "$T"' EXIT
db=$T/q.db
fails=0
check() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then echo "  ok   $what"; else echo "  FAIL $what: exit $got, want $want"; cat "$T/err"; fails=$((fails+1)); fi
}
"$QIAO" import --db "$db" data/demo/01_orgs.jsonl >/dev/null
check 2 "unknown role"             "$QIAO" user add --db "$db" --login a --role king
check 2 "enterprise without --org" "$QIAO" user add --db "$db" --login a --role enterprise
check 1 "unknown org"              "$QIAO" user add --db "$db" --login a --role enterprise --org nope
grep -q "no org with id 'nope'" "$T/err" && echo "  ok   says which org" || { echo "  FAIL message"; fails=$((fails+1)); }
check 1 "bad login"                "$QIAO" user add --db "$db" --login 'a b' --role admin
check 0 "generated password"       "$QIAO" user add --db "$db" --login boss --role admin
grep -qE '^password: [0-9a-f]{16}$' "$T/out" && echo "  ok   the password is printed" || { echo "  FAIL no password"; fails=$((fails+1)); }
echo 'short' > "$T/pw"
check 1 "too short a password"     bash -c "'$QIAO' user add --db '$db' --login x --role admin --password-stdin < '$T/pw'"
check 0 "password from stdin"      bash -c "echo 'long enough pw' | '$QIAO' user add --db '$db' --login xsy --role enterprise --org xinsiyuan --password-stdin"
check 0 "token"                    "$QIAO" user token --db "$db" --login xsy
grep -qE '^qiao_[0-9a-f]{64}$' "$T/out" && echo "  ok   token format" || { echo "  FAIL token format"; fails=$((fails+1)); }
check 1 "token for nobody"         "$QIAO" user token --db "$db" --login nobody
echo "== tokens: name, expiry, list, revoke"
check 0 "token with a name and expiry" "$QIAO" user token --db "$db" --login xsy --name nightly --expires-days 7
tok2=$(cat "$T/out")
check 0 "tokens"                   "$QIAO" user tokens --db "$db" --login xsy
[ "$(grep -c $'^[0-9]*\t' "$T/out")" = 2 ] && echo "  ok   two tokens listed" || { echo "  FAIL tokens list"; cat "$T/out"; fails=$((fails+1)); }
id=$(awk -F'\t' '$2=="nightly"{print $1}' "$T/out")
exp=$(awk -F'\t' '$2=="nightly"{print substr($4,1,10)}' "$T/out")
want=$(TZ=Asia/Shanghai date -d '+7 days' +%Y-%m-%d)
[ "$exp" = "$want" ] && echo "  ok   expires in 7 days ($exp)" || { echo "  FAIL expiry $exp, want $want"; fails=$((fails+1)); }
check 2 "bad --expires-days"       "$QIAO" user token --db "$db" --login xsy --expires-days 0
check 2 "revoke-token without --id" "$QIAO" user revoke-token --db "$db" --login xsy
check 1 "revoke another's token"   "$QIAO" user revoke-token --db "$db" --login boss --id "$id"
check 0 "revoke-token"             "$QIAO" user revoke-token --db "$db" --login xsy --id "$id"
check 0 "tokens after"             "$QIAO" user tokens --db "$db" --login xsy
grep -q nightly "$T/out" && { echo "  FAIL revoked token still listed"; fails=$((fails+1)); } || echo "  ok   revoked token gone"
echo "== password, disable, enable"
"$QIAO" user token --db "$db" --login xsy >/dev/null
check 1 "password too short"       bash -c "echo short | '$QIAO' user password --db '$db' --login xsy"
check 0 "password"                 bash -c "echo 'another long pw' | '$QIAO' user password --db '$db' --login xsy"
[ "$(sqlite3 "$db" "SELECT count(*) FROM web_tokens WHERE login = 'xsy'")" = 0 ] && echo "  ok   a new password ends the tokens" || { echo "  FAIL tokens kept"; fails=$((fails+1)); }
"$QIAO" user token --db "$db" --login xsy >/dev/null
check 0 "disable"                  "$QIAO" user disable --db "$db" --login xsy
[ "$(sqlite3 "$db" "SELECT disabled || '/' || (SELECT count(*) FROM web_tokens WHERE login = 'xsy') FROM users WHERE login = 'xsy'")" = 1/0 ] && echo "  ok   disabled, tokens ended" || { echo "  FAIL disable"; fails=$((fails+1)); }
check 0 "enable"                   "$QIAO" user enable --db "$db" --login xsy
[ "$(sqlite3 "$db" "SELECT disabled FROM users WHERE login = 'xsy'")" = 0 ] && echo "  ok   enabled" || { echo "  FAIL enable"; fails=$((fails+1)); }
echo "== contacts: set with add, kept when add changes the role or password"
sqlite3 "$db" "UPDATE users SET email = 'li@xinsiyuan.example', name = '李工', phone = '13800000001' WHERE login = 'xsy'"
check 0 "add again: a new role and password" bash -c "echo 'third long pw' | '$QIAO' user add --db '$db' --login xsy --role tech_manager --org xinsiyuan --password-stdin"
[ "$(sqlite3 "$db" "SELECT role || '/' || email || '/' || name || '/' || phone FROM users WHERE login = 'xsy'")" = "tech_manager/li@xinsiyuan.example/李工/13800000001" ] \
  && echo "  ok   the account's e-mail, name and phone are kept" || { echo "  FAIL contacts lost: $(sqlite3 "$db" "SELECT email, name, phone FROM users WHERE login = 'xsy'")"; fails=$((fails+1)); }
check 0 "add with contacts" "$QIAO" user add --db "$db" --login wang --role staff --email wang@qiao.example --name 王敏 --phone 028-61830000
[ "$(sqlite3 "$db" "SELECT email || '/' || name || '/' || phone FROM users WHERE login = 'wang'")" = "wang@qiao.example/王敏/028-61830000" ] \
  && echo "  ok   --email, --name and --phone stored" || { echo "  FAIL contacts: $(sqlite3 "$db" "SELECT email, name, phone FROM users WHERE login = 'wang'")"; fails=$((fails+1)); }
check 0 "add changes one contact" "$QIAO" user add --db "$db" --login wang --role staff --phone 13900000002
[ "$(sqlite3 "$db" "SELECT email || '/' || name || '/' || phone FROM users WHERE login = 'wang'")" = "wang@qiao.example/王敏/13900000002" ] \
  && echo "  ok   only the phone given changes" || { echo "  FAIL: $(sqlite3 "$db" "SELECT email, name, phone FROM users WHERE login = 'wang'")"; fails=$((fails+1)); }
check 1 "a malformed e-mail"  "$QIAO" user add --db "$db" --login zhao --role staff --email zhao.example
grep -q "email" "$T/err" && echo "  ok   names the field" || { echo "  FAIL message: $(cat "$T/err")"; fails=$((fails+1)); }
check 1 "a malformed phone"   "$QIAO" user add --db "$db" --login zhao --role staff --phone abc
[ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE login = 'zhao'")" = 0 ] && echo "  ok   nothing stored on refusal" || { echo "  FAIL zhao stored"; fails=$((fails+1)); }
echo "== every change made here is in the account audit"
got=$(sqlite3 "$db" "SELECT group_concat(action, ',') FROM (SELECT action FROM account_audit WHERE target = 'xsy' AND actor = '服务器命令行' ORDER BY id)")
[ "$got" = "add,token_revoke,password,disable,enable,add" ] && echo "  ok   add, revoke, password, disable, enable, add recorded ($got)" \
  || { echo "  FAIL audit of xsy: [$got]"; fails=$((fails+1)); }
[ "$(sqlite3 "$db" "SELECT count(*) FROM account_audit WHERE target = 'zhao'")" = 0 ] && echo "  ok   a refused add records nothing" \
  || { echo "  FAIL a refused add was audited"; fails=$((fails+1)); }
check 1 "disable nobody"           "$QIAO" user disable --db "$db" --login nobody
check 2 "unknown action"           "$QIAO" user frobnicate --db "$db" --login xsy
check 2 "serve: unknown option"    "$QIAO" serve --db "$db" --bogus
check 2 "serve: bad --threads"     "$QIAO" serve --db "$db" --threads 0
check 1 "serve: bad --listen"      "$QIAO" serve --db "$db" --listen nowhere
check 0 "serve --print-openapi"    "$QIAO" serve --print-openapi
grep -q '"openapi":"3.0.3"' "$T/out" && echo "  ok   OpenAPI printed" || { echo "  FAIL no OpenAPI"; fails=$((fails+1)); }
[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
