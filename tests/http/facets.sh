#!/usr/bin/env bash
# HTTP tests of facets, filters in the engine, sorts, the search help and
# vague queries: facet counts agree with the hits (a facet whose records hold
# one value each sums to the total; choosing a value narrows the total to
# its count), the pager and the sort links keep the filters, a query of
# function words or punctuation is answered with a request for better words,
# and people are found by name.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

# check.py URL: every facet value, chosen as a filter, gives a total equal to its count;
# facets of one value per record (org, org type, zone when every record has one) sum to the total
cat >"$T/check.py" <<'PY'
import json, sys, urllib.parse, urllib.request
base, path = sys.argv[1], sys.argv[2]
def get(p):
    with urllib.request.urlopen(base + p) as r:
        return json.load(r)
d = get(path)
fails = 0
def bad(msg):
    global fails
    fails += 1
    print("  FAIL", path, msg)
f = d["facets"]
if f["total"] != d["total"] or not d["total_exact"]:
    bad("facets total %s, list total %s" % (f["total"], d["total"]))
# org and org type: each record has exactly one org (of a known type)
for one in ("org", "org_type"):
    s = sum(v["count"] for v in f.get(one, []))
    if s != d["total"]:
        bad("%s counts sum to %d, total %d" % (one, s, d["total"]))
u = urllib.parse.urlsplit(path)
chosen = dict(urllib.parse.parse_qsl(u.query))
checked = 0
for name, vals in f.items():
    if name == "total":
        continue
    for v in vals:
        # choosing the value instead (a chosen facet's other values replace it)
        q = dict(chosen)
        if name == "trl":
            q["trl_min"] = q["trl_max"] = v["value"]
        else:
            q[name] = v["value"]
        q["facets"] = "true"
        n = get(u.path + "?" + urllib.parse.urlencode(q))["total"]
        checked += 1
        if n != v["count"]:
            bad("%s=%s: count %d but the filtered total is %d" % (name, v["value"], v["count"], n))
        if not v["label"] or (name in ("mode", "org_type") and v["label"] == v["value"]):
            bad("%s=%s has no Chinese label (%r)" % (name, v["value"], v["label"]))
if checked == 0:
    bad("no facet values at all")
print("  ok  " if fails == 0 else "  FAIL", path, "facets agree with the hits (%d values)" % checked)
sys.exit(1 if fails else 0)
PY
fc() { /usr/bin/env python3 "$T/check.py" "$BASE" "$1" || fails=$((fails + 1)); }

echo "== facet counts against filtered totals"
fc '/api/v1/achievements?q=%E8%8A%AF%E7%89%87'                     # 芯片
fc '/api/v1/achievements?q=%E8%8A%AF%E7%89%87&chain=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF'
fc '/api/v1/achievements?q=%E4%BC%A0%E6%84%9F+%E6%9D%90%E6%96%99'   # 传感 材料
fc '/api/v1/demands?q=%E8%8A%AF%E7%89%87'
fc '/api/v1/achievements'                                          # browsing: every public record
fc '/api/v1/demands'
req GET '/api/v1/achievements?q=%E8%8A%AF%E7%89%87&mode=license&org_type=university&trl_min=4'
expect_status 200 "filters together"
python3 - "$T/body" <<'PY' && ok "mode, org type and TRL all hold for every hit" || bad "a hit fails a filter"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] > 0
for r in d["items"]:
    assert "license" in r.get("modes", []) and r.get("trl", 0) >= 4, r["id"]
PY
req GET '/api/v1/achievements?q=%E8%8A%AF%E7%89%87&mode=barter'; expect_status 400 "an unknown mode"
u='/api/v1/achievements?q=%E8%8A%AF%E7%89%87&chain=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF&trl_min=4'
a1=$(curl -s "$BASE$u"); a2=$(curl -s "$BASE$u")   # the second from the search cache
[ "$a1" = "$a2" ] && grep -q '"facets"' <<<"$a2" && ok "a cached search answers the same facets" ||
  bad "cached facets differ"
curl -s -o /dev/null -H "Authorization: Bearer $TOK_ADMIN" -H 'Content-Type: application/json' \
  -X PUT "$BASE/api/v1/orgs/uestc-ic" -d "$(curl -s "$BASE/api/v1/orgs/uestc-ic" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); d["type"]="institute"; print(json.dumps(d))')"
a3=$(curl -s "$BASE$u&org_type=institute")
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["total"] > 0, d' "$a3" \
  && ok "an org's new type counts at once (searches cached before it are not used)" || bad "org type change: ${a3:0:200}"
curl -s -o /dev/null -H "Authorization: Bearer $TOK_ADMIN" -H 'Content-Type: application/json' \
  -X PUT "$BASE/api/v1/orgs/uestc-ic" -d "$(curl -s "$BASE/api/v1/orgs/uestc-ic" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); d["type"]="university"; print(json.dumps(d))')"
req GET '/api/v1/people'; expect_status 200 "people with facets"
python3 - "$T/body" <<'PY' && ok "people: org counts sum to the people with an org" || bad "people facets"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["facets"]
assert f["total"] == d["total"]
assert sum(v["count"] for v in f["org"]) <= d["total"] and f["org_type"]
PY
req GET '/api/v1/orgs?org_type=university'; expect_status 200 "orgs of a type"
python3 - "$T/body" <<'PY' && ok "org_type narrows the orgs to universities" || bad "orgs by type"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] > 0 and all(o["type"] == "university" for o in d["items"])
# the chosen facet is counted without its own filter: each type's count is its total
t = {v["value"]: v["count"] for v in d["facets"]["org_type"]}
assert t["university"] == d["total"] and len(t) > 1, t
PY

echo "== sorts in the engine"
req GET '/api/v1/demands?q=%E8%8A%AF%E7%89%87&sort=newest&per_page=100'; expect_status 200 "newest first"
python3 - "$T/body" <<'PY' && ok "newest: published never increases" || bad "newest order"
import json, sys
d = json.load(open(sys.argv[1]))
p = [r.get("published", "") for r in d["items"]]
assert len(p) > 1 and all(a >= b for a, b in zip(p, p[1:])), p
PY
req GET '/api/v1/demands?q=%E8%8A%AF%E7%89%87&sort=deadline&per_page=100'; expect_status 200 "by deadline"
python3 - "$T/body" <<'PY' && ok "deadline: soonest first, none last" || bad "deadline order"
import json, sys
d = json.load(open(sys.argv[1]))
p = [r.get("deadline", "9999") for r in d["items"]]
assert len(p) > 1 and all(a <= b for a, b in zip(p, p[1:])), p
PY

echo "== the pager and the sort links keep the filters"
J=(-H 'Content-Type: application/json' -X POST "$BASE/api/v1/achievements")
for i in $(seq -w 1 23); do
  curl -s -o /dev/null -H "Authorization: Bearer $TOK_ADMIN" "${J[@]}" \
    -d "{\"id\":\"ach-fct-$i\",\"title\":\"琥珀蜂蜡电池 $i\",\"org\":\"uestc-ic\",\"chains\":[\"集成电路\"],\"modes\":[\"license\"],\"trl\":5,\"summary\":\"琥珀蜂蜡样品 $i\",\"published\":\"2024-01-$i\"}"
done
curl -s -o /dev/null -H "Authorization: Bearer $TOK_ADMIN" "${J[@]}" \
  -d '{"id":"ach-fct-x","title":"琥珀蜂蜡电池 其他","org":"uestc-ic","chains":["新能源汽车"],"trl":7,"summary":"琥珀蜂蜡"}'
AMB=%E7%90%A5%E7%8F%80%E8%9C%82%E8%9C%A1     # 琥珀蜂蜡
CH=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF      # 集成电路
req GET "/achievements?q=$AMB&chain=$CH&mode=license"; expect_status 200 "a filtered search page"
expect_body '共 23 条' "the chain and mode filters leave 23 of 24"
expect_body "rel=\"next\"" "a next page"
grep -o 'href="/achievements?page=2[^"]*"' "$T/body" | grep -q "chain=$CH" &&
  grep -o 'href="/achievements?page=2[^"]*"' "$T/body" | grep -q "mode=license" &&
  ok "the next-page link keeps chain and mode" || bad "pager drops the filters: $(grep -o 'href="/achievements?page=2[^"]*"' "$T/body")"
grep -o 'href="/achievements?sort=newest[^"]*"' "$T/body" | grep -q "chain=$CH" &&
  ok "the sort link keeps the filters" || bad "sort link drops the filters"
expect_body '<details class="facets" open>' "facets in a details block, open when a filter is chosen"
expect_body '<option value="集成电路" selected>集成电路（23）</option>' "the chosen chain with its count"
expect_body '<option value="license" selected>许可（23）</option>' "transfer modes in Chinese"
expect_body '<option value="5">5 级（23）</option>' "TRL as levels"
req GET "/achievements?q=$AMB&chain=$CH&mode=license&sort=newest&page=2"; expect_status 200 "page 2, newest first"
expect_body '共 23 条' "page 2 keeps the filters"
grep -o 'href="/achievements?page=1[^"]*"' "$T/body" | grep -q "sort=newest" &&
  ok "the previous-page link keeps the sort" || bad "pager drops the sort"
n=$(grep -o 'href="/achievements/ach-fct-[0-9]*"' "$T/body" | wc -l)
[ "$n" -eq 3 ] && ok "page 2 holds the last 3" || bad "page 2 holds $n records"
grep -q 'href="/achievements/ach-fct-03"' "$T/body" && ok "newest first: the oldest (01-03) is on page 2" || bad "order"
req GET "/achievements"; expect_status 200 "browsing"
expect_body '<details class="facets">' "facets folded when nothing is chosen"
expect_body 'href="/help/search"' "the help link under the search box"

echo "== search help and vague queries"
req GET /help/search; expect_status 200 "the search help page"
expect_body '"精确短语"' "explains phrases"
expect_body 'trl&gt;=6' "and TRL filters"
expect_body 'chain:集成电路' "and chain filters"
req GET '/achievements?q=%E7%9A%84+%E5%92%8C'; expect_status 200 "a query of function words (的 和)"
expect_body '请输入更具体的词语' "asks for more specific words"
expect_no_body 'class="records"><li>' "and lists nothing"
req GET '/demands?q=%EF%BC%8C%E3%80%82%EF%BC%81'; expect_status 200 "a query of punctuation (，。！)"
expect_body '请输入更具体的词语' "asks for more specific words"
req GET '/api/v1/achievements?q=%E7%9A%84'; expect_status 400 "the API refuses a vague query"
expect_body '"code":"vague_query"' "with its own code"
req GET '/api/v1/achievements?q=%E7%9A%84+chain%3A%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF'
expect_status 200 "a function word with a filter is not vague"
req GET '/achievements?q=%E8%8A%AF%E7%89%87%E7%9A%84'; expect_status 200 "a word with 的"
expect_no_body '请输入更具体的词语' "is searched"
# a dictionary word of function characters (我们) or in 繁體 (我們的) stays vague; one
# subject character among them (我们的芯) does not
for q in %E6%88%91%E4%BB%AC %E6%88%91%E5%80%91%E7%9A%84 'the+and'; do
  req GET "/api/v1/achievements?q=$q"; expect_status 400 "vague: $q"
done
req GET '/api/v1/achievements?q=%E6%88%91%E4%BB%AC%E7%9A%84%E8%8A%AF'; expect_status 200 "not vague: 我们的芯"

echo "== people by name"
req GET '/people?q=%E5%BE%90%E6%9E%AB'; expect_status 200 "search people for 徐枫"
expect_body 'href="/people/p-xu-feng"' "finds 徐枫 by name"
req GET '/api/v1/people?q=%E5%88%98%E6%99%A8'; expect_status 200 "search people for 刘晨 (an entrepreneur)"
expect_body '"id":"p-liu-chen"' "finds people of any role by name"
req GET '/api/v1/demands/dem-01/matches?top=50&kind=person'
expect_no_body '"p-liu-chen"' "but matching offers only experts, scientists and tech managers"

finish
