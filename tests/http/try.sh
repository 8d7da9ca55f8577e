# tests/http/try.sh — try a match without publishing (/try): a visitor pastes
# a demand's title and description and gets the same top 5 as `qiao match`
# ranks for the same text, and as the same title and description stored as a
# demand; nothing is stored (row counts of every table but the rate limit's);
# an over-long text is refused in Chinese; the page is rate-limited per address.
. tests/http/lib.sh
setup_store
# dem-01's title and description, pasted; and the same two fields stored alone
python3 - "$T" <<'P'
import json, sys
for l in open('data/demo/04_demands.jsonl', encoding='utf-8'):
    r = json.loads(l)
    if r['id'] == 'dem-01':
        open(sys.argv[1] + '/paste.txt', 'w', encoding='utf-8').write(r['title'] + '\n' + r['description'])
        bare = {'kind': 'demand', 'id': 'bare-dem-01', 'title': r['title'], 'org': r['org'],
                'description': r['description']}
        open(sys.argv[1] + '/bare.jsonl', 'w', encoding='utf-8').write(json.dumps(bare, ensure_ascii=False) + '\n')
P
"$QIAO" import --db "$DB" "$T/bare.jsonl" >/dev/null
start_server
rows() { # every table's row count but the rate limit's (web_throttle)
  for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'web_throttle' ORDER BY name"); do
    printf '%s=%s ' "$t" "$(sqlite3 "$DB" "SELECT count(*) FROM \"$t\"")"
  done
}
top5() { # the first five hits of a /try page, of kind $1 (achievements, demands)
  sed -n '/<section class="matches">/,/<\/section>/p' "$T/body" | grep -o "href=\"/$1/[^\"]*\"" |
    sed "s|href=\"/$1/||; s|\"||" | head -5 | tr '\n' ' '
}
jar=$T/v.jar

echo "== the box"
req GET /try
expect_status 200 "GET /try"
expect_body '<textarea name="text"' "a textarea"
expect_body '找匹配' "and the 找匹配 button"
expect_body '我有需求' "with the side to choose"
req GET /
expect_body 'action="/try"' "the home page has the box"

echo "== a demo demand's text, pasted"
before=$(rows)
c=$(csrf_of "$jar" /try)
req POST /try -b "$jar" --data-urlencode "_csrf=$c" --data-urlencode "as=demand" --data-urlencode "text@$T/paste.txt"
expect_status 200 "POST /try as a visitor"
expect_body '推荐对接的科技成果' "achievements for a demand"
expect_body '匹配程度' "with match levels"
expect_body '共同的关键词' "and reasons"
web=$(top5 achievements)
cli=$("$QIAO" match --db "$DB" --text "$T/paste.txt" --top 5 --format trec | awk '{print $3}' | tr '\n' ' ')
stored=$("$QIAO" match --db "$DB" --demand bare-dem-01 --top 5 --format trec | awk '{print $3}' | tr '\n' ' ')
[ -n "$web" ] && [ "$web" = "$cli" ] && ok "the same top 5 as qiao match --text: $web" || bad "top 5: web '$web', qiao match --text '$cli'"
[ "$web" = "$stored" ] && ok "the same top 5 as qiao match of the stored demand" || bad "top 5: web '$web', stored '$stored'"
[ "$(rows)" = "$before" ] && ok "nothing stored" || bad "rows changed: $before -> $(rows)"

echo "== an achievement's text finds demands"
c=$(csrf_of "$jar" /try)
req POST /try -b "$jar" --data-urlencode "_csrf=$c" --data-urlencode "as=achievement" \
  --data-urlencode $'text=超高速模数转换芯片\n高速高精度ADC芯片，用于通信和雷达。'
expect_status 200 "POST /try as an achievement"
expect_body '可能需要该成果的企业需求' "demands for an achievement"
[ -n "$(top5 demands)" ] && ok "with demands: $(top5 demands)" || bad "no demands"

echo "== refusals"
before=$(rows)
python3 -c 'print("射频" * 2500 + "a", end="")' > "$T/long.txt"
c=$(csrf_of "$jar" /try)
req POST /try -b "$jar" --data-urlencode "_csrf=$c" --data-urlencode "text@$T/long.txt"
expect_status 422 "5,001 characters"
expect_body '内容最多 5000 字，现在是 5001 字' "says the limit and the length, in Chinese"
req POST /try -b "$jar" --data-urlencode "_csrf=$c" --data-urlencode "text=   "
expect_status 422 "an empty text"
expect_body '请粘贴需求或成果的介绍' "asks for the text, in Chinese"
[ "$(rows)" = "$before" ] && ok "nothing stored" || bad "rows changed"
"$QIAO" match --db "$DB" --text "$T/long.txt" >/dev/null 2>"$T/err" && bad "qiao match --text took 5,001 characters" \
  || { grep -q 'at most 5000' "$T/err" && ok "qiao match --text refuses it too" || bad "cli message: $(cat "$T/err")"; }

echo "== rate limit (20 a minute per address)"
got=
for i in $(seq 1 25); do
  req POST /try -b "$jar" --data-urlencode "_csrf=$c" --data-urlencode "text=射频标签"
  if [ "$STATUS" = 429 ]; then got=$i; break; fi
done
# four tries were made above: the 21st in the minute (the 17th here) is the first refused
[ "$got" = 17 ] && ok "the 21st try within a minute -> 429" || bad "limited at request '$got' of the loop, not 17"
expect_body '试用太频繁' "says so, in Chinese"
finish
