#!/usr/bin/env bash
# HTTP tests of the JSON API and the bad-input rules: 400/401/403/404/409/
# 413/415/422, tokens, ownership, CSRF, path traversal, and "nothing stored"
# after every refusal. Also: docs/openapi.json is what the server serves.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server --body-max 4096
J=(-H 'Content-Type: application/json')
AX=(-H "Authorization: Bearer $TOK_XSY")
AU=(-H "Authorization: Bearer $TOK_UESTC")
AA=(-H "Authorization: Bearer $TOK_ADMIN")

echo "== reading"
req GET /api/v1/demands;                        expect_status 200 "list demands"
expect_body '"total":' "list has a total"
req GET '/api/v1/achievements?per_page=2&page=2&sort=-trl'; expect_status 200 "page 2, sorted"
expect_body '"page":2,"per_page":2' "pagination echoed"
req GET '/api/v1/achievements?per_page=500';    expect_status 400 "per_page out of range"
expect_body '"field":"per_page"' "the error names the field"
req GET '/api/v1/achievements?sort=evil';       expect_status 400 "unknown sort"
req GET /api/v1/demands/dem-01;                 expect_status 200 "get a demand"
req GET /api/v1/demands/nope;                   expect_status 404 "unknown id"
expect_body '"code":"not_found"' "error code"
req GET '/api/v1/demands/a%20b';                expect_status 400 "malformed id"
req GET /api/v1/people;                         expect_status 200 "people, public"
expect_no_body '"phone"' "phones hidden from the public"
expect_no_body '"email"' "emails hidden from the public"
req GET "/api/v1/achievements?q=$(printf 'a%.0s' $(seq 1 3000))"; expect_status 400 "huge query string"
expect_body '"code":"query_too_long"' "the API says so in JSON, like its other errors"
req GET '/api/v1/achievements?q=%FF%FE';        expect_status 400 "invalid UTF-8 in a parameter"
req GET '/api/v1/achievements?q=%E6%88';        expect_status 400 "truncated UTF-8 in a parameter"

req GET '/api/v1/achievements?q=adc';           expect_status 200 "search (ranked by the match index)"
expect_body '"id":"ach-uestc-02"' "half-width adc finds the full-width ＡＤＣ achievement"
p1=$(curl -s "$BASE/api/v1/achievements?q=%E8%8A%AF%E7%89%87&per_page=2&page=1&facets=false")
p2=$(curl -s "$BASE/api/v1/achievements?q=%E8%8A%AF%E7%89%87&per_page=2&page=2&facets=false")
t1=$(grep -o '"total":[0-9]*' <<<"$p1"); t2=$(grep -o '"total":[0-9]*' <<<"$p2")
ids1=$(grep -o '"kind":"achievement","id":"[^"]*"' <<<"$p1" | tr '\n' ' '); ids2=$(grep -o '"kind":"achievement","id":"[^"]*"' <<<"$p2" | tr '\n' ' ')
# 8 hits: each page asks for one more than it shows, so the totals are lower bounds 3 and 5
[ "$t1" = '"total":3' ] && [ "$t2" = '"total":5' ] && grep -q '"total_exact":false' <<<"$p1" &&
  [ "$(wc -w <<<"$ids2")" -eq 2 ] && [ "$ids1" != "$ids2" ] \
  && ok "ranked search pages ($t1, $t2: lower bounds)" || bad "ranked pagination: $t1 [$ids1] / $t2 [$ids2]"
# with facets (the default) every hit is counted: the total is exact on every page
p3=$(curl -s "$BASE/api/v1/achievements?q=%E8%8A%AF%E7%89%87&per_page=2&page=2")
grep -q '"total":8' <<<"$p3" && grep -q '"total_exact":true' <<<"$p3" \
  && ok "ranked search with facets: exact total 8" || bad "exact total with facets: ${p3:0:300}"
req GET '/api/v1/achievements?q=%22unbalanced'; expect_status 400 "search syntax error"
expect_body '"field":"q"' "names q"
req GET '/api/v1/demands/dem-01/matches?top=3'; expect_status 200 "matches of a demand"
expect_body '"kind":"achievement"' "achievements for a demand"
expect_body '"terms":[{"text":' "with the words that matched"
req GET '/api/v1/achievements/ach-uestc-01/matches'; expect_status 200 "matches of an achievement"
req GET '/api/v1/demands/nope/matches';         expect_status 404 "matches of a missing demand"
req GET /demands/dem-01;                        expect_status 200 "demand page"
expect_body '推荐对接的科技成果' "the demand page lists matching achievements"

echo "== authentication"
new='{"id":"dem-new-1","title":"测试需求：低功耗蓝牙模组","org":"xinsiyuan","trl_min":6,"budget":500000}'
req POST /api/v1/demands "${J[@]}" -d "$new";  expect_status 401 "create without a token"
req POST /api/v1/demands "${J[@]}" -H 'Authorization: Bearer qiao_0000' -d "$new"; expect_status 401 "a forged token"
req GET /api/v1/me "${AX[@]}";                  expect_status 200 "token works"
expect_body '"role":"enterprise"' "me: role"
echo "== 401 before the body is read"
req POST /api/v1/demands "${J[@]}" -d '{"id":'; expect_status 401 "unauthenticated POST with malformed JSON"
expect_body '"code":"unauthorized"' "says unauthorized, not malformed_json"
[ -n "$(curl -s -D - -o /dev/null -X POST "${J[@]}" -d '{' "$BASE/api/v1/demands" | grep -i '^WWW-Authenticate: Bearer')" ] &&
  ok "with WWW-Authenticate: Bearer" || bad "no WWW-Authenticate on the 401"
req POST /api/v1/demands -H 'Content-Type: text/plain' -d 'x'; expect_status 401 "unauthenticated POST with a wrong content type"
req PUT /api/v1/demands/dem-01 "${J[@]}" -d '[1,'; expect_status 401 "unauthenticated PUT with malformed JSON"
req POST /api/v1/demands/dem-01/close "${J[@]}" -d 'nope'; expect_status 401 "unauthenticated close with a bad body"
req PATCH /api/v1/events/ev-20230310-park "${J[@]}" -d '{"a":1,"a":2}'; expect_status 401 "unauthenticated PATCH with a repeated key"
req DELETE /api/v1/events/ev-20230310-park/registrations/xinsiyuan; expect_status 401 "unauthenticated DELETE"
req POST /api/v1/demands "${J[@]}" -H 'Authorization: Bearer qiao_0000' -d '{'; expect_status 401 "a forged token with malformed JSON"
req POST /api/v1/orgs "${J[@]}" "${AX[@]}" -d '{'; expect_status 403 "a signed-in account of the wrong role: 403 before the body"
req POST /api/v1/demands "${J[@]}" "${AX[@]}" -d '{'; expect_status 400 "signed in: malformed JSON is 400"
expect_body '"code":"malformed_json"' "malformed_json"

echo "== bad bodies (nothing stored)"
req POST /api/v1/demands "${AX[@]}" -H 'Content-Type: text/plain' -d "$new"; expect_status 415 "wrong content type"
req POST /api/v1/demands "${AX[@]}" -d "$new";  expect_status 415 "form content type"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1",'; expect_status 400 "malformed JSON"
expect_body '"code":"malformed_json"' "malformed_json code"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '["x"]'; expect_status 400 "not an object"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1","id":"x","title":"t","org":"xinsiyuan"}'; expect_status 400 "duplicate key"
big=$(printf '{"id":"dem-new-1","title":"t","org":"xinsiyuan","description":"%s"}' "$(printf 'x%.0s' $(seq 1 5000))")
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d "$big"; expect_status 413 "body over --body-max"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1","title":"t","org":"xinsiyuan","colour":"red"}'; expect_status 422 "unknown field"
expect_body '"field":"colour"' "names the unknown field"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1","title":"t","org":"xinsiyuan","trl_min":12}'; expect_status 422 "trl_min out of range"
expect_body '"field":"trl_min"' "names trl_min"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1","org":"xinsiyuan"}'; expect_status 422 "missing title"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-new-1","title":"t","org":"xinjin"}'; expect_status 403 "another org's demand"
req POST /api/v1/demands "${AU[@]}" "${J[@]}" -d "$new"; expect_status 403 "a university account publishing a demand"
req POST /api/v1/achievements "${AX[@]}" "${J[@]}" -d '{"id":"a-x","title":"t","org":"xinsiyuan"}'; expect_status 403 "an enterprise account publishing an achievement"
req GET /api/v1/demands/dem-new-1;              expect_status 404 "nothing was stored"

echo "== create, update, close"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d "$new"; expect_status 201 "create"
expect_body '"id":"dem-new-1"' "the record comes back"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d "$new"; expect_status 409 "create twice"
req GET '/api/v1/demands?q=低功耗蓝牙';          expect_status 200 "search"
expect_body 'dem-new-1' "the new demand is listed"
req PUT /api/v1/demands/dem-new-1 "${AX[@]}" "${J[@]}" -d '{"title":"测试需求（改）","org":"xinsiyuan","budget":600000}'; expect_status 200 "update"
expect_body '"budget":600000' "updated"
req PUT /api/v1/demands/dem-new-1 "${AX[@]}" "${J[@]}" -d '{"id":"other","title":"t","org":"xinsiyuan"}'; expect_status 422 "id differs from the path"
req PUT /api/v1/demands/dem-02 "${AX[@]}" "${J[@]}" -d '{"title":"hijack","org":"xinsiyuan"}'
owner=$(curl -s "$BASE/api/v1/demands/dem-02" | grep -o '"org":"[^"]*"')
if [ "$owner" != '"org":"xinsiyuan"' ]; then expect_status 403 "taking over another org's demand"; else ok "dem-02 belongs to xinsiyuan (skipped)"; fi
req GET /api/v1/demands/dem-02;                 expect_no_body 'hijack' "another org's demand unchanged"
req PUT /api/v1/demands/nope "${AX[@]}" "${J[@]}" -d '{"title":"t","org":"xinsiyuan"}'; expect_status 404 "update a missing record"
req POST /api/v1/demands/dem-new-1/close "${AX[@]}"; expect_status 415 "close without JSON content type"
req POST /api/v1/demands/dem-new-1/close "${AX[@]}" "${J[@]}"; expect_status 200 "close"
expect_body '"status":"closed"' "closed"
req GET '/api/v1/demands?q=低功耗蓝牙';          expect_no_body 'dem-new-1' "closed demands leave the default list"
req POST /api/v1/orgs "${AX[@]}" "${J[@]}" -d '{"id":"o1","name":"n","type":"enterprise"}'; expect_status 403 "only staff create orgs"
req POST /api/v1/orgs "${AA[@]}" "${J[@]}" -d '{"id":"o1","name":"新单位","type":"enterprise"}'; expect_status 201 "admin creates an org"
req DELETE /api/v1/orgs/o1 "${AA[@]}";          expect_status 405 "no DELETE"

echo "== pages: CSRF, sign-in, traversal"
jar=$T/jar
code=$(sign_in xsy wrong-password "$jar"); [ "$code" = 401 ] && ok "wrong password -> 401" || bad "wrong password: $code"
code=$(sign_in xsy xsy-pass-123 "$jar"); [ "$code" = 303 ] && ok "sign in -> 303" || bad "sign in: $code"
grep -q 'qiao_session' "$jar" && ok "session cookie set" || bad "no session cookie"
curl -s -D "$T/h" -o /dev/null -c "$T/j2" "$BASE/login"
grep -qi 'set-cookie: qiao_session=[0-9a-f]*; Path=/; Max-Age=[0-9]*; HttpOnly; SameSite=Lax' "$T/h" && ok "cookie HttpOnly SameSite=Lax" || bad "cookie attributes: $(grep -i set-cookie "$T/h")"
form=(--data-urlencode "id=dem-form-1" --data-urlencode "title=表单需求" --data-urlencode "budget=1000")
req POST /demands/new -b "$jar" "${form[@]}";   expect_status 403 "form without CSRF token"
req POST /demands/new -b "$jar" "${form[@]}" --data-urlencode "_csrf=$(printf '0%.0s' $(seq 1 64))"; expect_status 403 "forged CSRF token"
req POST /demands/new -b "$T/j2" "${form[@]}" --data-urlencode "_csrf=$(csrf_of "$T/j2" /login)"; expect_status 303 "another session's token: sign-in wall"
req GET /api/v1/demands/dem-form-1;             expect_status 404 "nothing stored"
tok=$(csrf_of "$jar" /demands/new)
req POST /demands/new -b "$jar" "${form[@]}" --data-urlencode "_csrf=$tok" --data-urlencode "trl_min=x"; expect_status 422 "bad field in a form"
expect_body 'id="err-trl_min"' "the error sits beside the field"
expect_body '最低技术就绪水平应为 1 到 9 之间的整数' "in Chinese, naming the field by its label"
req POST /demands/new -b "$jar" --data-urlencode "_csrf=$tok" --data-urlencode "budget=五十万" --data-urlencode "deadline=2020-01-01"
expect_status 422 "a form with a missing title, an amount in words and a past deadline"
expect_body '<span class="field-error" id="err-title">请填写需求名称</span>' "required title, beside its field"
expect_body '预算应为金额，例如 50万' "the amount's error says how to write it"
expect_body 'value="五十万"' "what was typed is kept"
expect_body '截止日期已经过去' "a new demand's deadline may not be past"
expect_no_body 'must be' "no English on the form"
req GET /api/v1/demands/dem-form-1;             expect_status 404 "nothing stored"
req POST /demands/new -b "$jar" "${form[@]}" --data-urlencode "_csrf=$tok"; expect_status 303 "form with the session's token"
formid=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" "${form[@]}" --data-urlencode "_csrf=$tok" "$BASE/demands/new")
formid=${formid##*/}
[[ $formid =~ ^dem-[0-9]{4}-[0-9]{6}$ ]] && ok "the server gives the id ($formid), not the form's" || bad "id of a form-made demand: '$formid'"
req GET /api/v1/demands/dem-form-1;             expect_status 404 "an id sent by a form is not used"
req GET "/api/v1/demands/$formid";              expect_status 200 "stored"
tok=$(csrf_of "$jar" "/demands/$formid")
req POST /demands/dem-04/close -b "$jar" --data-urlencode "_csrf=$tok"
owner=$(curl -s "$BASE/api/v1/demands/dem-04" | grep -o '"org":"[^"]*"')
if [ "$owner" != '"org":"xinsiyuan"' ]; then expect_status 403 "closing another org's demand"; fi
req GET /static/qiao.css;                       expect_status 200 "style sheet"
req GET /static/../../../etc/passwd --path-as-is; expect_status 400 "path traversal"
req GET '/static/%2e%2e/%2e%2e/migrations/010_sessions.sql' --path-as-is; expect_status 400 "encoded traversal"
expect_no_body 'CREATE TABLE' "nothing leaked"
req GET /nowhere;                               expect_status 404 "unknown page"
expect_body '<h1>404' "HTML error page"

echo "== throttling"
for i in 1 2 3 4 5; do sign_in xj "wrong-$i" "$T/j3" >/dev/null; done
code=$(sign_in xj xj-pass-1234 "$T/j3"); [ "$code" = 429 ] && ok "6th sign-in after 5 failures -> 429" || bad "throttle: $code"

echo "== 简/繁"
req GET '/achievements/ach-uestc-01';           expect_body '电子科技大学' "simplified by default"
curl -s -D "$T/h" -o /dev/null "$BASE/zh?to=hant&next=/achievements/ach-uestc-01"
grep -qi '^location: /achievements/ach-uestc-01' "$T/h" && ok "the switch goes back" || bad "switch redirect"
grep -qi 'set-cookie: qiao_zh=hant' "$T/h" && ok "the switch remembers" || bad "no qiao_zh cookie"
req GET '/achievements/ach-uestc-01' -H 'Cookie: qiao_zh=hant'; expect_body '電子科技大學' "繁體 on request"
expect_body 'lang="zh-Hant"' "lang attribute"
jar=$T/jar
cp "$jar" "$T/jar-hant"; printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tqiao_zh\thant\n' >> "$T/jar-hant"
req GET "/demands/$formid/edit" -b "$T/jar-hant"; expect_body 'lang="zh-Hant"' "繁體 chosen on a form page"
expect_body '表单需求' "forms are never converted (their values would change the stored text)"
req GET '/zh?to=hant&next=//evil.example';      expect_status 303 "switch with a foreign next"
curl -s -D "$T/h" -o /dev/null "$BASE/zh?to=hant&next=//evil.example"
tr -d '\r' < "$T/h" | grep -qix 'location: /' && ok "never redirects off-site" || bad "open redirect: $(grep -i location "$T/h")"

echo "== OpenAPI"
req GET /api/v1/openapi.json;                   expect_status 200 "openapi.json"
expect_body '"openapi":"3.0.3"' "OpenAPI 3"
if cmp -s "$T/body" docs/openapi.json; then ok "docs/openapi.json is current"
else bad "docs/openapi.json differs from the served document: refresh it: $QIAO serve --print-openapi > docs/openapi.json"; fi

kill -TERM "$SERVER_PID"; wait "$SERVER_PID" && ok "SIGTERM: clean exit" || bad "exit status $?"
SERVER_PID=
grep -q '"GET /api/v1/demands" 200' "$T/serve.log" && ok "access log" || bad "no access log line"
finish
