#!/usr/bin/env bash
# CLI test for `qiao text` (normalize, strip, tokens) and `qiao help text`.
set -euo pipefail
Q=${QIAO:-build/qiao}
fail() { echo "text.sh: FAIL: $*" >&2; exit 1; }

help=$("$Q" help text)
for w in normalize strip tokens TERM KIND POSITION ORIGINAL; do
  grep -q "$w" <<<"$help" || fail "qiao help text does not mention $w"
done

out=$(printf '成(chéng)都(dōu)電子科大ＡＤＣ' | "$Q" text normalize)
[ "$out" = "成都电子科大adc" ] || fail "normalize gave '$out'"

out=$(printf '成(chéng)都(dōu)電子科大(RFID)' | "$Q" text strip)
[ "$out" = "成都電子科大(RFID)" ] || fail "strip gave '$out'"

out=$(printf '' | "$Q" text normalize)
[ -z "$out" ] || fail "empty input gave '$out'"

toks=$(printf '電子科大 射频标签(RFID)\n一' | "$Q" text tokens)
# every line has four tab-separated fields
awk -F'\t' 'NF != 4 { exit 1 }' <<<"$toks" || fail "a token line lacks four fields: $toks"
grep -qP '^电子\tbigram\t0\t電子$' <<<"$toks" || fail "no bigram 电子 from 電子: $toks"
grep -qP '^电子\tword\t0\t電子$' <<<"$toks" || fail "no word 电子 from 電子: $toks"
grep -qP '^rfid\tlatin\t10\tRFID$' <<<"$toks" || fail "no latin rfid at 10: $toks"
grep -qP '^一\tunigram\t16\t一$' <<<"$toks" || fail "no unigram 一 at 16: $toks"
grep -qP '^[(),]' <<<"$toks" && fail "punctuation became a token: $toks"

# the seed: every annotation goes, the real parentheses stay
seed=""
for d in "${QIAO_SHARED:-../shared}" /work/shared; do
  [ -r "$d/seeds/000_b4b467e356f0483e.txt" ] && { seed="$d/seeds/000_b4b467e356f0483e.txt"; break; }
done
if [ -n "$seed" ]; then
  norm=$("$Q" text normalize <"$seed")
  grep -q '(chéng)\|(xué)\|(zhe)' <<<"$norm" && fail "annotations left in the normalised seed"
  [ "$(grep -o '科技园(天府园)' <<<"$norm" | wc -l)" -eq 2 ] || fail "科技园(天府园) lost"
  stoks=$("$Q" text tokens <"$seed")
  grep -qP '^成果\tword\t19\t成\(chéng\)果$' <<<"$stoks" || fail "no word 成果 at 19 in the seed"
else
  echo "text.sh: seed not found under \$QIAO_SHARED, ../shared or /work/shared" >&2
  exit 1
fi

# usage errors exit 2
set +e
"$Q" text >/dev/null 2>&1; [ $? -eq 2 ] || fail "no action should exit 2"
"$Q" text frobnicate </dev/null >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown action should exit 2"
set -e
echo "text.sh: ok"
