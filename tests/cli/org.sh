#!/usr/bin/env bash
# qiao org applications / approve / reject / invite: the staff's commands for
# applications to join and invitations (rules in src/join/join.h). The
# applications are written into the store directly, as /join would store
# them (the password hash is a stand-in: nobody signs in here).
set -uo pipefail
: "${QIAO:=build/qiao}"
T=$(mktemp -d /tmp/qiao-cli-org-XXXXXX); trap 'rm -rf "$T"' EXIT
db=$T/q.db
fails=0
check() { # expected-status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then echo "  ok   $what"; else echo "  FAIL $what: exit $got, want $want"; cat "$T/err"; fails=$((fails+1)); fi
}
has() { # file pattern description
  if grep -qE -- "$2" "$1"; then echo "  ok   $3"; else echo "  FAIL $3: /$2/ not in:"; cat "$1"; fails=$((fails+1)); fi
}
same() { # sql expected description
  local got; got=$(sqlite3 "$db" "$1")
  if [ "$got" = "$2" ]; then echo "  ok   $3"; else echo "  FAIL $3: got '$got', want '$2'"; fails=$((fails+1)); fi
}
"$QIAO" import --db "$db" data/demo/01_orgs.jsonl >/dev/null
app() { # name type code login email
  sqlite3 "$db" "INSERT INTO applications(name, type, credit_code, contact_name, contact_phone,
    contact_email, login, pwhash, token_hash, created) VALUES ('$1', '$2', '$3', '联系人',
    '13800000000', '$5', '$4', '\$argon2id\$v=19\$stand-in', lower(hex(randomblob(32))), 1765000000)"
}
app 成都甲公司 enterprise 91510100MA61R2K3PF jia jia@example.cn
app 乙研究院 institute 125100004507173848 yiyuan yi@example.cn

check 0 "help lists org"            "$QIAO" help
has "$T/out" '^  org ' "qiao help names the command"
check 0 "help org"                  "$QIAO" help org
has "$T/out" 'qiao org invite' "qiao help org shows invite"
check 0 "applications"              "$QIAO" org applications --db "$db"
has "$T/out" $'^2\tpending\t2025-12-06 13:46\tinstitute' "newest first, with the date in Beijing time"
[ "$(wc -l < "$T/out")" = 2 ] && echo "  ok   two lines" || { echo "  FAIL lines"; fails=$((fails+1)); }
check 2 "approve without --id"      "$QIAO" org approve --db "$db"
check 2 "reject without --reason"   "$QIAO" org reject --db "$db" --id 2
check 2 "unknown action"            "$QIAO" org bless --db "$db"
check 1 "approve an unknown one"    "$QIAO" org approve --db "$db" --id 99
check 0 "approve"                   "$QIAO" org approve --db "$db" --id 1 --by staff1
has "$T/out" 'org org-20[0-9]{2}-0001 created' "prints the new org"
same "SELECT role || ' ' || org_admin || ' ' || email FROM users WHERE login = 'jia'" \
  "enterprise 1 jia@example.cn" "the account: role from the type, org admin, e-mail"
same "SELECT reviewed_by FROM applications WHERE id = 1" staff1 "--by is recorded"
check 1 "approve twice"             "$QIAO" org approve --db "$db" --id 1
same "SELECT count(*) FROM org WHERE key LIKE 'org-%'" 1 "still one org"
check 0 "reject"                    "$QIAO" org reject --db "$db" --id 2 --reason "材料不全"
same "SELECT status || ' ' || reason FROM applications WHERE id = 2" "rejected 材料不全" "the reason is kept"
same "SELECT count(*) FROM mail_outbox WHERE kind = 'application_reviewed'" 2 "two mails queued"
check 0 "applications --status rejected" "$QIAO" org applications --db "$db" --status rejected
has "$T/out" 'reason: 材料不全' "lists the reason"
check 2 "bad --status"              "$QIAO" org applications --db "$db" --status maybe

ORG=$(sqlite3 "$db" "SELECT org FROM applications WHERE id = 1")
check 2 "invite without --email"    "$QIAO" org invite --db "$db" --org "$ORG" --role enterprise
check 0 "invite"                    "$QIAO" org invite --db "$db" --org "$ORG" --email w@example.cn --role enterprise --base https://qiao.example.cn
has "$T/out" '^https://qiao.example.cn/invite/[0-9a-f]{64}$' "prints the link"
TOKEN=$(sed 's|.*/||' "$T/out")
same "SELECT count(*) FROM invitations WHERE token_hash = '$TOKEN'" 0 "only the hash is stored"
same "SELECT expires - created FROM invitations" 604800 "valid 7 days by default"
check 1 "a role that does not fit"  "$QIAO" org invite --db "$db" --org "$ORG" --email w@example.cn --role university
has "$T/err" '请选择适合该单位的账号类型' "says why (in Chinese, as the pages do)"
check 1 "an unknown org"            "$QIAO" org invite --db "$db" --org nope --email w@example.cn --role expert
check 1 "too long"                  "$QIAO" org invite --db "$db" --org "$ORG" --email w@example.cn --role expert --days 90
same "SELECT count(*) FROM invitations" 1 "nothing stored by the refused ones"

[ "$fails" = 0 ] && echo "all passed" || { echo "$fails check(s) failed"; exit 1; }
