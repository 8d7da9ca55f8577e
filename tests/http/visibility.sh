#!/usr/bin/env bash
# HTTP test of record visibility (docs/web.md, "Who sees what"): every route
# of the route table whose path carries a record id (read from
# /api/v1/openapi.json, which is generated from src/web/routes.c) is walked
# for a draft achievement, a draft demand, a withdrawn achievement and a
# closed demand, as an anonymous visitor and as accounts of other orgs.
#   - a draft is never shown to them: no 2xx answer may carry its title or id;
#   - a withdrawn achievement / closed demand is public but not matchable: its
#     own page and API record are shown, its matches are empty, and no other
#     route shows it;
#   - writes (POST/PUT/PATCH/DELETE) by them never change the record;
#   - no record's match list (API or page) names a draft, withdrawn or closed
#     record.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

TOK_XJ=$("$QIAO" user token --db "$DB" --login xj)
sign_in uestc uestc-pass-1 "$T/uestc.jar" >/dev/null
sign_in xsy xsy-pass-123 "$T/xsy.jar" >/dev/null
curl -s -c "$T/anon.jar" -b "$T/anon.jar" -o /dev/null "$BASE/login"

curl -s "$BASE/api/v1/openapi.json" >"$T/openapi.json"
# "METHOD PATTERN" for every route with {id} in its path
python3 - "$T/openapi.json" >"$T/routes" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for path, item in d["paths"].items():
    if "{id}" in path:
        for m in item:
            print(m.upper(), path)
PY
nroutes=$(wc -l <"$T/routes")
[ "$nroutes" -ge 30 ] || bad "the route table lists only $nroutes routes with {id}"

title_of() { # KIND ID
  python3 -c 'import json,sys
for f in ("data/demo/03_achievements.jsonl", "data/demo/04_demands.jsonl"):
    for l in open(f, encoding="utf-8"):
        r = json.loads(l)
        if r["id"] == sys.argv[1]: print(r["title"])' "$1"
}

# as ACTOR METHOD PATH: a request as anon / uestc / xsy (pages: session
# cookie and CSRF token; API: Bearer token). Sets STATUS and BODY.
as() {
  local who=$1 m=$2 p=$3 jar csrf
  jar=$T/$who.jar
  case "$p" in
  /api/*)
    local auth=()
    case $who in uestc) auth=(-H "Authorization: Bearer $TOK_UESTC");; xsy) auth=(-H "Authorization: Bearer $TOK_XSY");; esac
    if [ "$m" = GET ]; then
      req GET "$p" "${auth[@]}"
    else
      req "$m" "$p" "${auth[@]}" -H 'Content-Type: application/json' --data-binary @"$T/put.json"
    fi;;
  *)
    if [ "$m" = GET ]; then
      req GET "$p" -b "$jar"
    else
      csrf=$(csrf_of "$jar" /login)
      req "$m" "$p" -b "$jar" -c "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "title=HACKED" \
        --data-urlencode "to=talks" --data-urlencode "who=x" --data-urlencode "request=x"
    fi;;
  esac
}

snapshot() { # KIND ID -> the record as the store holds it
  "$QIAO" export --db "$DB" --kind "$1" | grep -F "\"id\":\"$2\""
}

check_record() { # KIND ID STATE(draft|ended)
  local kind=$1 id=$2 state=$3 title before after route m pat path who public
  title=$(title_of "$id")
  before=$(snapshot "$kind" "$id")
  jq -c '.title = "HACKED"' <<<"$before" >"$T/put.json"
  local n=0 leaks=0
  while read -r m pat; do
    path=${pat//\{id\}/$id}
    path=${path//\{who\}/x}
    public=no
    case "$pat" in
    /achievements/\{id\} | /demands/\{id\} | /api/v1/achievements/\{id\} | /api/v1/demands/\{id\})
      [ "$state" = ended ] && public=yes;;
    esac
    for who in anon uestc xsy; do
      as "$who" "$m" "$path"
      n=$((n + 1))
      case $STATUS in
      2??)
        if [ "$m" != GET ]; then
          bad "$who $m $path ($state): a write answered $STATUS"; leaks=$((leaks + 1))
        elif [ "$public" = no ] && { grep -qF -- "$title" "$T/body" || grep -qF -- "\"$id\"" "$T/body"; }; then
          case "$pat" in
          */matches)
            if [ "$state" = ended ] && jq -e '.hits == []' "$T/body" >/dev/null 2>&1; then continue; fi;;
          esac
          bad "$who GET $path ($state): $STATUS shows the record: ${BODY:0:200}"; leaks=$((leaks + 1))
        fi;;
      esac
    done
  done <"$T/routes"
  after=$(snapshot "$kind" "$id")
  if [ "$before" = "$after" ]; then ok "$kind $id ($state): $n requests, no leak, record unchanged"
  else bad "$kind $id ($state): changed by another org's or anonymous request: $after"; fi
  [ "$leaks" -eq 0 ] || bad "$kind $id ($state): $leaks leak(s)"
}

echo "== drafts: never shown to others, by any route with an id"
check_record achievement ach-buaa-02 draft
check_record demand dem-11 draft
echo "== withdrawn / closed: public, not matchable"
check_record achievement ach-thu-02 ended
check_record demand dem-10 ended

echo "== the owner still sees the draft and its matches"
req GET /api/v1/demands/dem-11 -H "Authorization: Bearer $TOK_XJ"
expect_status 200 "owner GET draft demand"
req GET /api/v1/demands/dem-11/matches -H "Authorization: Bearer $TOK_XJ"
expect_status 200 "owner GET draft demand's matches"
req GET /api/v1/achievements/ach-buaa-02/matches
expect_status 404 "anonymous GET draft achievement's matches"
req GET /api/v1/demands/dem-11/matches -H "Authorization: Bearer $TOK_XSY"
expect_status 404 "other enterprise GET draft demand's matches"
req GET /api/v1/achievements/ach-thu-02/matches
expect_status 200 "withdrawn achievement's matches (public, empty)"
if jq -e '.hits == []' "$T/body" >/dev/null; then ok "withdrawn achievement has no matches"
else bad "withdrawn achievement has matches: ${BODY:0:200}"; fi

echo "== a project cannot be started from someone else's draft"
dem_xsy=$(jq -r 'select(.org == "xinsiyuan") | .id' data/demo/04_demands.jsonl | head -1)
csrf=$(csrf_of "$T/xsy.jar" /me)
req POST /projects/new -b "$T/xsy.jar" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "achievement=ach-buaa-02" --data-urlencode "demand=$dem_xsy"
expect_status 422 "xsy starts a project with buaa's draft achievement"
expect_no_body "$(title_of ach-buaa-02)" "the refusal does not name the draft"

echo "== no match list names a draft, withdrawn or closed record"
hidden='ach-buaa-02|ach-thu-02|dem-10|dem-11|dem-16'
nlists=0
for f in 03_achievements:achievements 04_demands:demands; do
  file=data/demo/${f%%:*}.jsonl plural=${f##*:}
  for id in $(jq -r 'select((.status // "x") | test("^(draft|withdrawn|closed)$") | not) | .id' "$file"); do
    for tok in "" "$TOK_ADMIN" "$TOK_XJ"; do
      if [ -n "$tok" ]; then req GET "/api/v1/$plural/$id/matches?top=100" -H "Authorization: Bearer $tok"
      else req GET "/api/v1/$plural/$id/matches?top=100"; fi
      nlists=$((nlists + 1))
      if [ "$STATUS" != 200 ]; then bad "matches of $id: $STATUS"; continue; fi
      if jq -r '.hits[].id' "$T/body" | grep -qE "^($hidden)$"; then
        bad "matches of $id name a hidden record: $(jq -r '.hits[].id' "$T/body" | grep -E "^($hidden)$" | tr '\n' ' ')"
      fi
    done
    req GET "/$plural/$id"
    nlists=$((nlists + 1))
    if grep -qE "/(achievements|demands)/($hidden)\"" "$T/body"; then bad "page of $id links a hidden record"; fi
  done
done
ok "$nlists match lists checked"

finish
