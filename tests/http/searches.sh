#!/usr/bin/env bash
# Saved searches and follows (the alerts' digests, src/alert/alert.h): the
# list page's 保存此搜索 for a signed-in visitor, /me/searches lists and deletes
# (after a confirmation page) only the account's own; /me/follows is for
# investors (and staff), adds and removes (after a confirmation page).
. "$(dirname "$0")/lib.sh"
setup_store
echo 'inv-pass-123' | "$QIAO" user add --db "$DB" --login inv --role investor --password-stdin >/dev/null
start_server
xsy=$T/xsy.jar; xj=$T/xj.jar; inv=$T/inv.jar
[ "$(sign_in xsy xsy-pass-123 "$xsy")" = 303 ] || bad "xsy sign-in"
[ "$(sign_in xj xj-pass-1234 "$xj")" = 303 ] || bad "xj sign-in"
[ "$(sign_in inv inv-pass-123 "$inv")" = 303 ] || bad "inv sign-in"

req GET "/achievements?q=%E5%B0%84%E9%A2%91"          # 射频, not signed in
expect_no_body "保存此搜索" "visitors get no save button"
req GET "/achievements?q=%E5%B0%84%E9%A2%91" -b "$xsy"
expect_body "保存此搜索" "a signed-in visitor can save the search"
req GET "/achievements" -b "$xsy"
expect_no_body "保存此搜索" "nothing to save without words or filters"
csrf=$(csrf_of "$xsy" "/achievements?q=%E5%B0%84%E9%A2%91")
req POST /me/searches -b "$xsy" --data-urlencode "_csrf=$csrf" -d kind=achievement \
  --data-urlencode "q=射频" -d freq=weekly
expect_status 303 "save the search"
req POST /me/searches -b "$xsy" -d kind=achievement --data-urlencode "q=射频" -d freq=weekly
expect_status 403 "saving without the form token is refused"
req GET /me/searches -b "$xsy"
expect_body "“射频”" "the saved search is listed"
expect_body "每周提醒" "with its frequency"
expect_body "href=\"/achievements?q&#61;%E5%B0%84%E9%A2%91\"" "and a link to its results"
sid=$(grep -o '/me/searches/[0-9]*/delete' "$T/body" | head -1 | grep -o '[0-9][0-9]*')
req GET /me/searches -b "$xj"
expect_no_body "射频" "another account does not see it"
req GET "/me/searches/$sid/delete" -b "$xj"
expect_status 404 "nor reach its delete page"
csrf_j=$(csrf_of "$xj" /me/searches)
req POST "/me/searches/$sid/delete" -b "$xj" --data-urlencode "_csrf=$csrf_j"
expect_status 404 "nor delete it"
req GET "/me/searches/$sid/delete" -b "$xsy"
expect_status 200 "the delete confirmation page"
expect_body "确定删除" "asks first"
csrf=$(csrf_of "$xsy" "/me/searches/$sid/delete")
req POST "/me/searches/$sid/delete" -b "$xsy" --data-urlencode "_csrf=$csrf"
expect_status 303 "delete after confirming"
req GET /me/searches -b "$xsy"
expect_body "还没有保存的搜索" "the list is empty again"

req GET /me/follows -b "$xsy"
expect_status 403 "an enterprise account has no follows page"
req GET /me/follows -b "$inv"
expect_status 200 "an investor's follows page"
csrf=$(csrf_of "$inv" /me/follows)
req POST /me/follows -b "$inv" --data-urlencode "_csrf=$csrf" -d what=chain --data-urlencode "value=集成电路"
expect_status 303 "follow a chain"
req GET /me/follows -b "$inv"
expect_body "产业链：集成电路" "the follow is listed"
req GET "/me/follows/delete?what=chain&value=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF" -b "$inv"
expect_body "确定取消" "unfollowing asks first"
csrf=$(csrf_of "$inv" "/me/follows/delete?what=chain&value=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF")
req POST /me/follows/delete -b "$inv" --data-urlencode "_csrf=$csrf" -d what=chain --data-urlencode "value=集成电路"
expect_status 303 "unfollow after confirming"
req GET /me/follows -b "$inv"
expect_body "还没有关注" "no follows left"
req GET "/me/searches?x=<script>" -b "$xsy"
expect_no_body "<script>" "nothing reflected unescaped"
finish
