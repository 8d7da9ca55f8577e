#!/usr/bin/env bash
# XSS: classic payloads stored in every text field of an achievement, a
# demand and an org must come out of every page inert (escaped), yet shown.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server
J=(-H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_ADMIN")

P1='<script>alert("x1")</script>'
P2='"><img src=x onerror=alert(2)>'
P3="' onmouseover='alert(3)"
P4='</textarea><svg onload=alert(4)>'
P5='javascript:alert(5)'
P6='</title><iframe src=//evil.example>'
# JSON string literals of the payloads
js() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
all="$(js "$P1") $(js "$P2") $(js "$P3") $(js "$P4") $(js "$P5") $(js "$P6")"

req POST /api/v1/orgs "${J[@]}" -d "{\"id\":\"xss-org\",\"name\":\"$(js "$P2")\",\"type\":\"university\",\"zone\":\"$(js "$P3")\",\"description\":\"$all\",\"website\":\"$(js "$P5")\"}"
expect_status 201 "org with payloads stored"
req POST /api/v1/achievements "${J[@]}" -d "{\"id\":\"xss-a\",\"title\":\"$(js "$P1")\",\"org\":\"xss-org\",\"summary\":\"$all\",\"keywords\":[\"$(js "$P2")\",\"$(js "$P4")\"],\"discipline\":\"$(js "$P3")\",\"chains\":[\"$(js "$P6")\"],\"trl\":3,\"zone\":\"$(js "$P5")\"}"
expect_status 201 "achievement with payloads stored"
req POST /api/v1/demands "${J[@]}" -d "{\"id\":\"xss-d\",\"title\":\"$(js "$P4")\",\"org\":\"xss-org\",\"description\":\"$all\",\"keywords\":[\"$(js "$P1")\"],\"chains\":[\"$(js "$P2")\"],\"zone\":\"$(js "$P6")\"}"
expect_status 201 "demand with payloads stored"
req GET /api/v1/achievements/xss-a
expect_body 'alert(\"x1\")' "stored as given (the API returns the text unaltered)"
req POST /api/v1/people "${J[@]}" -d "{\"id\":\"xss-p\",\"name\":\"$(js "$P1")\",\"org\":\"xss-org\",\"roles\":[\"expert\"],\"title\":\"$(js "$P2")\",\"expertise\":\"$all\",\"keywords\":[\"$(js "$P4")\",\"$(js "$P6")\"],\"email\":\"$(js "$P3")\",\"phone\":\"$(js "$P2")\"}"
expect_status 201 "person with payloads stored"
# a project with payloads in every text field, then a stage change with a payload note
printf '%s\n' "{\"kind\":\"project\",\"id\":\"xss-proj\",\"parties\":[\"xss-org\",\"xss-p\"],\"achievement\":\"xss-a\",\"demand\":\"xss-d\",\"stage\":\"talks\",\"mode\":\"license\",\"milestones\":[{\"title\":\"$(js "$P2")\",\"due\":\"2023-05-01\",\"done\":false}]}" > "$T/p.jsonl"
"$QIAO" import --db "$DB" "$T/p.jsonl" >/dev/null && ok "project with payloads stored" || bad "project import"

jar=$T/jar
code=$(sign_in admin admin-pass-1 "$jar"); [ "$code" = 303 ] && ok "admin signed in" || bad "sign in: $code"
q=$(printf '%s' "$P2" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
q6=$(printf '%s' "$P6" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
csrf=$(csrf_of "$jar" /projects/xss-proj)
req POST /projects/xss-proj/advance -b "$jar" --data-urlencode "_csrf=$csrf" -d to=signed -d signed_on=2023-05-20 \
  -d mode=license --data-urlencode "agreement=$P4" -d amount=100 --data-urlencode "note=$P1"
expect_status 303 "the project signed with payloads in the agreement and the note"
req POST /projects/xss-proj/advance -b "$jar" --data-urlencode "_csrf=$csrf" -d to=stopped --data-urlencode "reason=$P2$P6"
expect_status 200 "stopping asks first"
expect_body 'name="reason" value="&quot;&gt;&lt;img src&#61;x' "the confirmation carries the payload reason escaped"
expect_no_body '</title><iframe' "no live markup on the confirmation"
req POST /projects/xss-proj/advance -b "$jar" --data-urlencode "_csrf=$csrf" -d to=stopped -d confirm=1 --data-urlencode "reason=$P6"
expect_status 303 "then stopped with a payload reason"
for page in / /achievements /achievements/xss-a /achievements/xss-a/edit /demands /demands/xss-d \
            /demands/xss-d/edit "/achievements?q=$q" "/login?next=$q" \
            /orgs /orgs/xss-org "/orgs?q=$q" /people /people/xss-p "/people?q=$q" /projects \
            /projects/xss-proj /me /stats "/stats?zone=$q&chain=$q6" "/stats?chain=$q6" \
            "/stats?from=$q"; do
  req GET "$page" -b "$jar"
  # a search with an unbalanced quote is a 400 that echoes the query (escaped)
  [ "$STATUS" = 200 ] || { [ "$STATUS" = 400 ] && [[ $page == *q=* || $page == *from=* ]]; } || bad "$page: status $STATUS"
  for raw in '<script' '<img' '<svg onload' '<iframe' '</textarea><svg' "' onmouseover" '" onmouseover' '"><img' 'href="javascript:' '</title><iframe'; do
    if grep -qiF -- "$raw" "$T/body"; then bad "$page: raw '$raw' in the page"; fi
  done
  ok "$page: no live markup from the payloads"
done
req GET /achievements/xss-a
expect_body '&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;' "the title is shown, escaped"
expect_body '&lt;img src=x onerror=alert(2)&gt;' "a keyword is shown, escaped"
req GET /achievements/xss-a/edit -b "$jar"
expect_body '<textarea id="f-keywords" name="keywords" rows="4">&quot;&gt;&lt;img src=x onerror=alert(2)&gt;
&lt;/textarea&gt;' "list field (one item per line) escaped in its textarea"
expect_body '&lt;/textarea&gt;&lt;svg onload=alert(4)&gt;' "textarea content escaped"
req GET "/achievements?q=$q"
expect_body 'value="&quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;"' "the search box echoes the query escaped"
req GET /people/xss-p -b "$jar"
expect_body '&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;' "a person's name is shown, escaped"
expect_body 'href="mailto:&#39; onmouseover&#61;&#39;alert(3)"' "the email in its mailto: attribute, escaped"
req GET /projects/xss-proj -b "$jar"
expect_body '&lt;/textarea&gt;&lt;svg onload=alert(4)&gt;' "the agreement is shown, escaped"
expect_body '&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;' "the history note is shown, escaped"
expect_body '&lt;/title&gt;&lt;iframe src=//evil.example&gt;' "the stop reason is shown, escaped"
req GET /stats -b "$jar"
expect_body '&lt;/title&gt;&lt;iframe' "a chain label in the SVG chart is shown, escaped"
req GET "/stats?zone=$q" -b "$jar"
expect_body 'value="&quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;"' "the zone filter echoes its value escaped"
req GET /api/v1/achievements/xss-a
grep -qi '^content-type: application/json' <(curl -sI "$BASE/api/v1/achievements/xss-a" -X GET -D - -o /dev/null) && ok "API answers are application/json" || bad "API content type"
curl -s -D "$T/h" -o /dev/null "$BASE/achievements/xss-a"
grep -qi "content-security-policy: default-src 'self'; script-src 'self'" "$T/h" && ok "CSP header" || bad "no CSP"
grep -qi 'x-content-type-options: nosniff' "$T/h" && ok "nosniff" || bad "no nosniff"
finish
