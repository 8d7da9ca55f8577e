#!/usr/bin/env bash
# HTTP tests of list filters, sorts and pages (done by the store, store_list):
# every answer is compared with the same filter and sort computed here in
# Python from the demo files; searches with filters are compared with the
# unfiltered ranked search filtered here.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

# expect_list PATH: the ids and total of GET PATH equal ref.py's for the same query
cat >"$T/ref.py" <<'PY'
import json, sys, urllib.parse
path = sys.argv[1]
u = urllib.parse.urlsplit(path)
q = dict(urllib.parse.parse_qsl(u.query))
kind = "achievement" if "achievements" in u.path else "demand"
recs = [json.loads(l) for f in ("data/demo/03_achievements.jsonl", "data/demo/04_demands.jsonl")
        for l in open(f, encoding="utf-8") if l.strip()]
recs = [r for r in recs if r["kind"] == kind]
dflt = "published" if kind == "achievement" else "open"
for r in recs: r.setdefault("status", dflt)
status = q.get("status", dflt)
trlf = "trl" if kind == "achievement" else "trl_min"
def keep(r):
    if r["status"] != status: return False
    if "org" in q and r["org"] != q["org"]: return False
    if "zone" in q and r.get("zone") != q["zone"]: return False
    if "chain" in q and q["chain"] not in r.get("chains", []): return False
    if "trl_min" in q and not (trlf in r and r[trlf] >= int(q["trl_min"])): return False
    if "trl_max" in q and not (trlf in r and r[trlf] <= int(q["trl_max"])): return False
    if "only" in q and r["id"] not in q["only"].split(","): return False
    return True
sel = sorted((r for r in recs if keep(r)), key=lambda r: r["id"])
s = q.get("sort", "id")
desc, f = s.startswith("-"), s.lstrip("-")
if f != "id":
    have = [r for r in sel if f in r]; miss = [r for r in sel if f not in r]
    have.sort(key=lambda r: r[f], reverse=desc)   # stable: ties stay by id
    sel = have + miss
elif desc:
    sel.reverse()
per, page = int(q.get("per_page", 20)), int(q.get("page", 1))
print(" ".join(r["id"] for r in sel[(page - 1) * per: page * per]), len(sel))
PY
ids_of() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(i["id"] for i in d["items"]), d["total"])'; }
expect_list() { # PATH [extra for ref.py]
  local got want
  got=$(curl -s "$BASE$1" | ids_of)
  want=$(python3 "$T/ref.py" "$1${2:-}")
  if [ "$got" = "$want" ]; then ok "$1 -> ${want##* } record(s)"; else bad "$1: got [$got], want [$want]"; fi
}

CHIP=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF   # 集成电路
ZONE=$(python3 -c 'import json,urllib.parse; print(urllib.parse.quote(json.loads(open("data/demo/03_achievements.jsonl", encoding="utf-8").readline())["zone"]))')

echo "== filters, sorts, pages"
expect_list '/api/v1/achievements'
expect_list '/api/v1/achievements?sort=-published&per_page=5'
expect_list '/api/v1/achievements?sort=-published&per_page=5&page=2'
expect_list '/api/v1/achievements?sort=trl&per_page=7&page=2'
expect_list '/api/v1/achievements?sort=-price'
expect_list '/api/v1/achievements?sort=title'
expect_list "/api/v1/achievements?chain=$CHIP&sort=-trl"
expect_list "/api/v1/achievements?zone=$ZONE"
expect_list '/api/v1/achievements?org=uestc-ic&trl_min=5'
expect_list '/api/v1/achievements?trl_min=4&trl_max=6&sort=-trl&per_page=3&page=2'
expect_list '/api/v1/achievements?status=withdrawn'
expect_list '/api/v1/demands?sort=-budget'
expect_list '/api/v1/demands?sort=deadline&per_page=4&page=3'
expect_list "/api/v1/demands?chain=$CHIP&trl_min=3"
expect_list '/api/v1/demands?status=closed'
req GET '/api/v1/achievements?trl_min=0';  expect_status 400 "trl_min out of range"
req GET '/api/v1/achievements?trl_max=10'; expect_status 400 "trl_max out of range"
req GET '/api/v1/achievements?page=999';   expect_status 200 "a page past the end"
expect_body '"items":[]' "is empty"

echo "== drafts: only for who may edit them"
AU=(-H "Authorization: Bearer $TOK_UESTC")
AA=(-H "Authorization: Bearer $TOK_ADMIN")
J=(-H 'Content-Type: application/json')
req POST /api/v1/achievements "${AU[@]}" "${J[@]}" -d '{"id":"ach-draft-1","title":"草稿成果","status":"draft"}'
expect_status 201 "a university drafts an achievement"
req GET '/api/v1/achievements?status=draft';           expect_no_body 'ach-draft-1' "not to the public"
req GET '/api/v1/achievements?status=draft' "${AU[@]}"; expect_body 'ach-draft-1' "to its org"
req GET '/api/v1/achievements?status=draft&org=xinsiyuan' "${AU[@]}"; expect_no_body 'ach-draft-1' "not under another org"
req GET '/api/v1/achievements?status=draft' "${AA[@]}"; expect_body 'ach-draft-1' "to the admin"
req GET '/api/v1/achievements';                         expect_no_body 'ach-draft-1' "not in the default list"

echo "== ranked search with filters"
for extra in "chain=$CHIP" "trl_min=5" "chain=$CHIP&sort=-trl" "zone=$ZONE&per_page=2&page=2"; do
  all=$(curl -s "$BASE/api/v1/achievements?q=%E8%8A%AF%E7%89%87&per_page=100" | ids_of)   # 芯片
  hits=${all% *}; hits=${hits// /,}
  got=$(curl -s "$BASE/api/v1/achievements?q=%E8%8A%AF%E7%89%87&$extra" | ids_of)
  case $extra in
    *sort=*) want=$(python3 "$T/ref.py" "/api/v1/achievements?$extra&only=$hits") ;;
    *)  # rank order kept: the hits in their order, filtered
        keepset=$(python3 "$T/ref.py" "/api/v1/achievements?${extra%%&per_page*}&only=$hits&per_page=100")
        want=$(python3 - "$all" "$keepset" "$extra" <<'PY'
import sys, urllib.parse
hits = sys.argv[1].split()[:-1]; keep = set(sys.argv[2].split()[:-1])
q = dict(urllib.parse.parse_qsl(sys.argv[3]))
sel = [h for h in hits if h in keep]
per, page = int(q.get("per_page", 20)), int(q.get("page", 1))
print(" ".join(sel[(page - 1) * per: page * per]), len(sel))
PY
) ;;
  esac
  if [ -n "$hits" ] && [ "$got" = "$want" ]; then ok "q=芯片&$extra -> ${want##* }"; else bad "q=芯片&$extra: got [$got], want [$want]"; fi
done

echo "== list pages"
req GET "/achievements?chain=$CHIP"; expect_status 200 "achievements page filtered by chain"
n=$(grep -o 'href="/achievements/[^"/]*"' "$T/body" | grep -vc '/new"' || true)
want=$(python3 "$T/ref.py" "/api/v1/achievements?chain=$CHIP&per_page=20"); want=${want##* }
[ "$n" -eq "$want" ] && ok "the page lists $n record(s)" || bad "page lists $n, want $want"
echo "== ranked search: the engine is asked for the page and one more"
# 25 achievements with a word no demo record has (琥珀蜂蜡), published through the API
for i in $(seq -w 1 25); do
  curl -s -o /dev/null -H "Authorization: Bearer $TOK_ADMIN" "${J[@]}" \
    -d "{\"id\":\"ach-pvk-$i\",\"title\":\"琥珀蜂蜡电池 $i\",\"org\":\"uestc-ic\",\"summary\":\"琥珀蜂蜡太阳电池第 $i 号样品\"}" \
    "$BASE/api/v1/achievements"
done
PVK=%E7%90%A5%E7%8F%80%E8%9C%82%E8%9C%A1   # 琥珀蜂蜡
jf() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(i["id"] for i in d["items"]), d["total"], d["total_exact"])'; }
all=$(curl -s "$BASE/api/v1/achievements?q=$PVK&per_page=100" | jf)
[ "${all##* }" = True ] && [ "$(wc -w <<<"$all")" -eq 27 ] && ok "per_page=100: 25 hits, exact total" ||
  bad "per_page=100: got [$all]"
# without facets the engine stops at the page: lower bounds until the last page
p1=$(curl -s "$BASE/api/v1/achievements?q=$PVK&per_page=10&facets=false" | jf)
p2=$(curl -s "$BASE/api/v1/achievements?q=$PVK&per_page=10&page=2&facets=false" | jf)
p3=$(curl -s "$BASE/api/v1/achievements?q=$PVK&per_page=10&page=3&facets=false" | jf)
[ "${p1#* * * * * * * * * * }" = "11 False" ] && ok "page 1 of 10: total 11 (a lower bound), total_exact false" ||
  bad "page 1: [$p1]"
[ "${p2#* * * * * * * * * * }" = "21 False" ] && ok "page 2 of 10: total 21, not exact" || bad "page 2: [$p2]"
[ "${p3#* * * * * }" = "25 True" ] && ok "page 3 (the last): total 25, exact" || bad "page 3: [$p3]"
cat3=$(echo "${p1% * *} ${p2% * *} ${p3% * *}"); want=${all% * *}
[ "$cat3" = "$want" ] && ok "the three pages are the ranked list in order" || bad "pages [$cat3] != [$want]"
req GET "/api/v1/achievements?q=$PVK&per_page=100&page=10"; expect_status 200 "page 10 of 100 (results 901-1000: inside the window)"
expect_body '"total":25,"total_exact":true' "past the end: the exact total"
req GET "/api/v1/achievements?q=$PVK&per_page=100&page=11"; expect_status 400 "page 11 of 100: beyond the window of 1000"
expect_body '"field":"page"' "the error names page"
expect_body 'refine the query' "and says to refine the query"
req GET "/api/v1/achievements?per_page=100&page=11"; expect_status 200 "without q there is no window"
expect_body '"total_exact":true' "a list without q has an exact total"
req GET "/api/v1/achievements?q=$PVK&org=uestc-ic&per_page=5&page=2"; expect_status 200 "search with a filter"
expect_body '"total":25,"total_exact":true' "filters the window: exact below 1000 hits"
req GET "/achievements?q=$PVK"; expect_status 200 "list page 1 of a 25-hit search"
expect_body '共 25 条' "counts every hit (the facets count them all)"
expect_body '<strong aria-current="true">相关度</strong>' "ranked by relevance"
expect_body 'rel="next"' "offers the next page"
expect_no_body 'rel="prev"' "no previous page"
req GET "/achievements?q=$PVK&page=2"; expect_status 200 "list page 2"
expect_body '共 25 条' "the exact count on the last page"
expect_body '第 2 / 2 页' "page 2 of 2"
expect_no_body 'rel="next"' "no next page after the last"
n=$(grep -o 'href="/achievements/ach-pvk-[0-9]*"' "$T/body" | wc -l)
[ "$n" -eq 5 ] && ok "page 2 lists the last 5" || bad "page 2 lists $n"
req GET "/achievements?q=$PVK&page=50"; expect_status 200 "list page 50 (results 981-1000) is inside the window"
req GET "/achievements?q=$PVK&page=51"; expect_status 400 "list page 51 is beyond the window"
expect_body '前 1000 条' "the page says the search lists the best 1000 only"
expect_body '请细化搜索词' "and to refine the query"
finish
