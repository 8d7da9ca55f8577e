#!/usr/bin/env bash
# qiao interest over the demo data: send, the rules (own record, second
# interest, length), accept and contacts, a project proposed and confirmed;
# 不合适 takes the record out of qiao match and event suggestions, undismiss
# brings it back; an import that withdraws a record closes its interests.
set -euo pipefail
QIAO=${QIAO:-build/qiao}
dir=$(mktemp -d /tmp/qiao-interest-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/q.db
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok   $*"; }

"$QIAO" import --db "$db" data/demo/*.jsonl >/dev/null
echo 'xsy-pass-123' | "$QIAO" user add --db "$db" --login xsy --role enterprise --org xinsiyuan --password-stdin >/dev/null
echo 'uestc-pass-1' | "$QIAO" user add --db "$db" --login uestc --role university --org uestc-ic --password-stdin >/dev/null
I() { "$QIAO" interest "$@" --db "$db"; }

out=$(I send --login xsy --achievement ach-uestc-02 --via dem-01 --message '想了解授权条件')
[ "$out" = "interest 1 sent" ] || fail "send: $out"
ok "send"
I send --login uestc --achievement ach-uestc-03 --message x 2>"$dir/err" && fail "own record accepted"
grep -q '不能对自己表达合作意向' "$dir/err" || fail "own record: $(cat "$dir/err")"
ok "own record refused"
I send --login xsy --achievement ach-uestc-02 --message again 2>"$dir/err" && fail "second interest accepted"
grep -q '已对这条成果表达过合作意向' "$dir/err" || fail "second: $(cat "$dir/err")"
ok "second live interest refused"
I send --login xsy --achievement ach-uestc-03 --message "$(head -c 2001 /dev/zero | tr '\0' 'x')" 2>"$dir/err" \
  && fail "2,001 characters accepted"
ok "2,001 characters refused"
I list --login uestc | grep -q '^1 .*open .*ach-uestc-02' || fail "uestc does not see the interest"
ok "the receiving side lists it"
I show --login xsy --id 1 | grep -q contact && fail "contacts before accept"
I accept --login xsy --id 1 2>/dev/null && fail "the sender accepted"
I accept --login uestc --id 1
I show --login xsy --id 1 | grep -q 'contact uestc-ic: uestc' || fail "no contacts after accept"
ok "accept, then contacts"
I propose --login uestc --id 1
I confirm --login uestc --id 1 2>/dev/null && fail "the proposer confirmed"
[ "$(I confirm --login xsy --id 1)" = "project proj-int-1 started" ] || fail "confirm"
"$QIAO" project history --db "$db" --id proj-int-1 | grep -q contact || fail "no project history"
ok "a project proposed and confirmed"

"$QIAO" match --db "$db" --demand dem-01 --top 5 >"$dir/before"
grep -q ach-thu-01 "$dir/before" || fail "ach-thu-01 not matched before (the test needs it)"
I dismiss --login xsy --achievement ach-thu-01 --via dem-01 --reason bogus 2>/dev/null && fail "bad reason accepted"
I dismiss --login xsy --achievement ach-thu-01 --via dem-01 --reason benefit --note '与现有方案相比优势不明显'
"$QIAO" match --db "$db" --demand dem-01 --top 5 >"$dir/after"
grep -q ach-thu-01 "$dir/after" && fail "ach-thu-01 still matched after 不合适"
[ "$(grep -c '^ *[0-9]*\. ' "$dir/after")" = 5 ] || fail "not 5 matches after the dismissal"
ok "不合适 takes it out of qiao match (and the next one moves up)"
I undismiss --login xsy --achievement ach-thu-01
"$QIAO" match --db "$db" --demand dem-01 --top 5 | grep -q ach-thu-01 || fail "not back after undismiss"
ok "undismiss brings it back"

# event suggestions: zhihui at the salon is suggested p-lin-zhiyuan through
# the RFID achievement; once zhihui marks it 不合适 that reason is gone
echo 'zh-pass-1234' | "$QIAO" user add --db "$db" --login zh --role enterprise --org zhihui --password-stdin >/dev/null
ev=ev-20230309-salon
"$QIAO" event suggest --db "$db" --event $ev --who zhihui >"$dir/s1"
grep -q 'their achievement 《单片全集成自驱动智能射频标签' "$dir/s1" || fail "the RFID achievement is not a reason before (the test needs it)"
I dismiss --login zh --achievement ach-uestc-01 --reason immature
"$QIAO" event suggest --db "$db" --event $ev --who zhihui >"$dir/s2"
grep -q '单片全集成自驱动智能射频标签' "$dir/s2" && fail "a dismissed achievement still suggests whom to meet"
I undismiss --login zh --achievement ach-uestc-01
ok "不合适 leaves event suggestions"

# an import that withdraws the record closes its interests
I send --login xsy --achievement ach-uestc-04 --message '还有样片吗' >/dev/null
grep '"id":"ach-uestc-04"' data/demo/03_achievements.jsonl | sed 's/"status":"published"/"status":"withdrawn"/' >"$dir/w.jsonl"
grep -q withdrawn "$dir/w.jsonl" || sed -i 's/^{/{"status":"withdrawn",/' "$dir/w.jsonl"
"$QIAO" import --db "$db" "$dir/w.jsonl" >/dev/null
I list --login xsy | grep 'ach-uestc-04' | grep -q closed || fail "the import did not close the interest: $(I list --login xsy)"
ok "an import that withdraws the record closes its interests"
echo "all passed"
