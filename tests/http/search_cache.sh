#!/usr/bin/env bash
# HTTP tests of the search cache (qiao serve --search-cache): a write between
# two identical searches is seen by the second (the cache never answers with
# stale hits), and a server without the cache answers every search exactly as
# one with it.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

AA=(-H "Authorization: Bearer $TOK_ADMIN")
J=(-H 'Content-Type: application/json')
W=%E7%90%A5%E7%8F%80%E8%9C%82%E8%9C%A1   # 琥珀蜂蜡: in no demo record
ids() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(i["id"] for i in d["items"]), d["total"], d["total_exact"])'; }
search() { curl -s "$BASE/api/v1/achievements?q=$1${2:-}" | ids; }

echo "== a write between two identical searches"
got=$(search "$W"); [ "$got" = " 0 True" ] && ok "nothing matches at first" || bad "first search: [$got]"
got=$(search "$W"); [ "$got" = " 0 True" ] && ok "the same again (from the cache)" || bad "second search: [$got]"
req POST /api/v1/achievements "${AA[@]}" "${J[@]}" \
  -d '{"id":"ach-amber-1","title":"琥珀蜂蜡封装材料","org":"uestc-ic","summary":"示例"}'
expect_status 201 "an achievement with the word is saved"
got=$(search "$W"); [ "$got" = "ach-amber-1 1 True" ] && ok "the next search finds it" || bad "after the create: [$got]"
req GET "/achievements?q=$W"; expect_body 'href="/achievements/ach-amber-1"' "so does the list page"
req PUT /api/v1/achievements/ach-amber-1 "${AA[@]}" "${J[@]}" \
  -d '{"title":"封装材料","org":"uestc-ic","summary":"示例"}'
expect_status 200 "its title is changed (no longer matching)"
got=$(search "$W"); [ "$got" = " 0 True" ] && ok "the next search no longer finds it" || bad "after the update: [$got]"
req PUT /api/v1/achievements/ach-amber-1 "${AA[@]}" "${J[@]}" \
  -d '{"title":"琥珀蜂蜡封装材料","org":"uestc-ic","summary":"示例"}'
got=$(search "$W"); [ "$got" = "ach-amber-1 1 True" ] && ok "changed back: found again" || bad "after the second update: [$got]"
req POST /api/v1/achievements/ach-amber-1/withdraw "${AA[@]}" "${J[@]}"
expect_status 200 "it is withdrawn"
got=$(search "$W"); [ "$got" = " 0 True" ] && ok "a withdrawn record leaves the search at once" || bad "after withdraw: [$got]"
req POST /api/v1/demands "${AA[@]}" "${J[@]}" \
  -d '{"id":"dem-amber-1","title":"求琥珀蜂蜡检测方法","org":"xinsiyuan"}'
expect_status 201 "a demand with the word"
got=$(curl -s "$BASE/api/v1/demands?q=$W" | ids)
[ "$got" = "dem-amber-1 1 True" ] && ok "demands are cached apart and see it" || bad "demand search: [$got]"

echo "== the same answers with the cache off"
queries=(%E8%8A%AF%E7%89%87 adc "%E8%8A%AF%E7%89%87%20-%E9%9B%B7%E8%BE%BE" "%22%E6%A8%A1%E6%95%B0%22"
         %E7%94%B5%E6%B1%A0 "$W" %E4%BC%A0%E6%84%9F%E5%99%A8 "chain%3A%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF")
extras=("" "&per_page=2" "&per_page=2&page=2" "&per_page=3&page=3" "&trl_min=4" "&sort=-trl")
answers() {
  for q in "${queries[@]}"; do
    for x in "${extras[@]}"; do
      for kind in achievements demands; do
        curl -s "$BASE/api/v1/$kind?q=$q$x"; echo
      done
    done
    curl -s "$BASE/achievements?q=$q" | grep -o '<p class="count">[^<]*</p>\|href="/achievements/[^"]*"\|rel="[a-z]*"'
    curl -s "$BASE/people?q=$q" | grep -o '<p class="count">[^<]*</p>\|href="/people/[^"]*"'
  done
}
answers >"$T/cached1"
answers >"$T/cached2"          # the second round is answered from the cache
cmp -s "$T/cached1" "$T/cached2" && ok "a second round (from the cache) answers the same" ||
  bad "cached answers differ: $(diff "$T/cached1" "$T/cached2" | head -5)"
grep -q 'ach-uestc-02' "$T/cached1" && ok "the searches find records" || bad "no search found anything"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server --search-cache 0
answers >"$T/nocache"
cmp -s "$T/cached1" "$T/nocache" && ok "--search-cache 0 answers every search the same ($(wc -l <"$T/nocache") lines)" ||
  bad "answers differ without the cache: $(diff "$T/cached1" "$T/nocache" | head -5)"
got=$(search "$W"); [ "$got" = " 0 True" ] && ok "without the cache the withdrawn record stays out" || bad "[$got]"

echo "== option checks"
for v in -1 x 1000001; do
  if timeout 5 "$QIAO" serve --db "$DB" --search-cache "$v" --listen 127.0.0.1:0 2>/dev/null; then bad "--search-cache $v accepted"
  else ok "--search-cache $v refused"; fi
done
"$QIAO" help serve | grep -c -- '--search-cache N' >/dev/null && ok "qiao help serve lists --search-cache" || bad "help serve lacks --search-cache"
finish
