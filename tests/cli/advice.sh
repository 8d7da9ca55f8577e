#!/usr/bin/env bash
# qiao advice and qiao user person over the demo data: a person has at most one
# account; the demand's side invites a suggested expert; refusals exit 1 with
# the Chinese reason and store nothing; only the expert's own account answers;
# contacts once accepted; usage errors exit 2.
set -euo pipefail
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-advice-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/q.db
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok   $*"; }

"$QIAO" import --db "$db" data/demo/*.jsonl >/dev/null
echo 'xsy-pass-123' | "$QIAO" user add --db "$db" --login xsy --role enterprise --org xinsiyuan --password-stdin >/dev/null
echo 'xj-pass-1234' | "$QIAO" user add --db "$db" --login xj --role enterprise --org xinjin --password-stdin >/dev/null
echo 'zhou-pass-12' | "$QIAO" user add --db "$db" --login zhou --role expert --org uestc-ic --password-stdin >/dev/null
sqlite3 "$db" "UPDATE users SET phone = '13800000001' WHERE login = 'xsy'; UPDATE users SET phone = '13900000002' WHERE login = 'zhou';"
A() { "$QIAO" advice "$@" --db "$db"; }
rows() { sqlite3 "$db" "SELECT count(*) FROM advice"; }

[ "$("$QIAO" user person --db "$db" --login zhou --person p-zhou-qihang)" = "zhou is linked to person p-zhou-qihang" ] \
  || fail "user person"
"$QIAO" user person --db "$db" --login xj --person p-zhou-qihang 2>"$dir/err" && fail "a person linked twice"
grep -q '已经与账号 zhou 关联' "$dir/err" || fail "linked twice: $(cat "$dir/err")"
"$QIAO" user person --db "$db" --login xj --person no-such 2>/dev/null && fail "an unknown person linked"
ok "a person has at most one account"

A invite --login xj --demand dem-01 --person p-zhou-qihang --message 'x' 2>"$dir/err" && fail "another org invited"
grep -q '只有发布这条需求的单位' "$dir/err" || fail "another org: $(cat "$dir/err")"
A invite --login xsy --demand dem-01 --person p-liu-chen --message 'x' 2>"$dir/err" && fail "a non-expert invited"
grep -q '不是专家' "$dir/err" || fail "non-expert: $(cat "$dir/err")"
A invite --login xsy --demand dem-01 --person p-du-heng --message 'x' 2>"$dir/err" && fail "an expert without an account invited"
grep -q '还没有平台账号' "$dir/err" || fail "no account: $(cat "$dir/err")"
[ "$(rows)" = 0 ] || fail "a refusal stored an invitation"
ok "refusals exit 1 with the reason, nothing stored"

[ "$(A invite --login xsy --demand dem-01 --person p-zhou-qihang --message '请评估 ADC 方案')" = "invitation 1 sent" ] \
  || fail "invite"
A invite --login xsy --demand dem-01 --person p-zhou-qihang --message 'again' 2>/dev/null && fail "a second live invitation"
A list --login zhou | grep -q '^1 .*invited .*received .*dem-01' || fail "the expert does not list it"
A list --login xsy | grep -q '^1 .*invited .*sent' || fail "the inviter does not list it"
[ -z "$(A list --login xj)" ] || fail "a third party lists it"
A list --login zhou | grep -q contact && fail "contacts before accept"
ok "invite, lists"

A accept --login xj --id 1 2>"$dir/err" && fail "a forged accept"
grep -q '只有受邀专家本人的账号' "$dir/err" || fail "forged: $(cat "$dir/err")"
A accept --login xsy --id 1 2>/dev/null && fail "the inviter accepted"
[ "$(sqlite3 "$db" "SELECT status FROM advice WHERE id = 1")" = invited ] || fail "a forged accept changed it"
[ "$(A accept --login zhou --id 1)" = "invitation 1 accepted" ] || fail "accept"
A list --login xsy | grep -q 'contact expert: .*13900000002' || fail "the inviter sees no contact"
A list --login zhou | grep -q 'contact inviter: .*13800000001' || fail "the expert sees no contact"
A decline --login zhou --id 1 --reason x 2>/dev/null && fail "declined after accepting"
ok "only the expert answers; contacts once accepted"

set +e
A invite --login xsy --demand dem-01 >/dev/null 2>&1; [ $? = 2 ] || fail "invite without --person: not a usage error"
A accept --login zhou >/dev/null 2>&1; [ $? = 2 ] || fail "accept without --id: not a usage error"
A frob --login zhou >/dev/null 2>&1; [ $? = 2 ] || fail "an unknown subcommand: not a usage error"
set -e
"$QIAO" help advice | grep -q 'qiao advice invite' || fail "qiao help advice"
ok "usage errors exit 2; qiao help advice"
echo "all passed"
