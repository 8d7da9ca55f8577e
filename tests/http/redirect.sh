#!/usr/bin/env bash
# HTTP test of redirect targets taken from the request (docs/web.md, "Redirects"):
# /zh?next=, POST /login next=, and the sign-in form's hidden next field only
# ever send the browser to a local path; anything a browser could read as
# another host (//host, /\host, /<TAB>/host, encoded forms) goes to "/".
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

location() { sed -n 's/^[Ll]ocation: //p' "$T/headers" | tr -d '\r'; }

# "query value as sent (already %-encoded)" -> the Location expected
bad_targets=(
  '/%09/evil.example' '/%0d/evil.example' '/%0a/evil.example' '/%20/evil.example'
  '//evil.example' '/%5Cevil.example' '%2F%2Fevil.example' '/%2F/evil.example'
  '/%252F/evil.example' '/%255Cevil.example' '/%2509/evil.example' '/a%09b'
  '/%7f/evil.example' 'https://evil.example/' 'evil.example' '%2F%5Cevil.example'
  '/%5C/evil.example' '/%0d%0aSet-Cookie:%20x=1' ''
)
echo "== /zh?next="
for n in "${bad_targets[@]}"; do
  curl -s -D "$T/headers" -o /dev/null "$BASE/zh?to=hant&next=$n"
  got=$(location)
  if [ "$got" = "/" ]; then ok "next=$n -> /"; else bad "next=$n -> Location: $(printf '%q' "$got")"; fi
done
curl -s -D "$T/headers" -o /dev/null "$BASE/zh?to=hans&next=/achievements%3Fq%3D%E8%8A%AF%E7%89%87%26page%3D2"
got=$(location)
[ "$got" = "/achievements?q=芯片&page=2" ] && ok "a good path passes" || bad "good path -> $(printf '%q' "$got")"

echo "== POST /login next="
jar=$T/jar
for n in '/%09/evil.example' '/%5C/evil.example' '//evil.example' '/%2509/evil.example' '/%0d%0a/x'; do
  curl -s -c "$jar" -b "$jar" "$BASE/login" -o "$T/login.html"
  csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/login.html" | head -1)
  curl -s -D "$T/headers" -o /dev/null -c "$jar" -b "$jar" --data "_csrf=$csrf&login=xsy&password=xsy-pass-123&next=$n" "$BASE/login"
  got=$(location)
  if [ "$got" = "/" ]; then ok "login next=$n -> /"; else bad "login next=$n -> Location: $(printf '%q' "$got")"; fi
done
curl -s -c "$jar" -b "$jar" "$BASE/login" -o "$T/login.html"
csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/login.html" | head -1)
curl -s -D "$T/headers" -o /dev/null -c "$jar" -b "$jar" --data "_csrf=$csrf&login=xsy&password=xsy-pass-123&next=/events/ev-1" "$BASE/login"
got=$(location)
[ "$got" = "/events/ev-1" ] && ok "login with a good next goes there" || bad "login good next -> $(printf '%q' "$got")"

echo "== the sign-in form keeps only a safe next"
req GET '/login?next=/%09/evil.example'
expect_body 'name="next" value="/"' "GET /login?next=/<TAB>/evil.example: the form's next is /"
req GET '/login?next=/me'
expect_body 'name="next" value="/me"' "GET /login?next=/me keeps it"

finish
